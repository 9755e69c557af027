//! Literals: Dutch numbers and amounts, dates, and text (escapes, long-text indentation).

use super::{span_of, PResult, ParseError, Rule};
use crate::ast::{DateLit, Span, Text};
use crate::calendar::{days_in_month, MONTH_NAMES};
use chrono::NaiveDate;
use pest::iterators::Pair;
use rust_decimal::Decimal;

/// A number token in Dutch notation (`1.401,50`): its value and whether it has a decimal comma.
pub(crate) fn number(pair: &Pair<'_, Rule>) -> PResult<(Decimal, bool)> {
    dutch_number(pair.as_str(), span_of(pair))
}

pub(crate) fn dutch_number(s: &str, span: Span) -> PResult<(Decimal, bool)> {
    let (int_part, frac) = match s.split_once(',') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    };
    let groups: Vec<&str> = int_part.split('.').collect();
    if groups.len() > 1 {
        let first_ok = (1..=3).contains(&groups[0].len());
        let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
        if !first_ok || !rest_ok {
            let mut err = ParseError::new(
                format!("`{s}` is geen geldig getal: een punt scheidt duizendtallen en staat steeds voor precies drie cijfers"),
                span,
            );
            err = if groups.len() == 2 && frac.is_none() {
                err.help(format!(
                    "decimalen schrijft u met een komma: `{}`; duizendtallen met een punt: `1.000`",
                    s.replace('.', ",")
                ))
            } else {
                err.help(
                    "duizendtallen schrijft u als `1.000.000`, decimalen met een komma: `12,5`",
                )
            };
            return Err(err);
        }
    }
    let digits: String = groups.concat();
    let is_integer = frac.is_none();
    let plain = match frac {
        Some(f) => format!("{digits}.{f}"),
        None => digits,
    };
    let value = Decimal::from_str_exact(&plain).map_err(|_| {
        ParseError::new(
            format!("het getal `{s}` is te groot of heeft te veel decimalen"),
            span,
        )
    })?;
    Ok((value, is_integer))
}

/// The number of digits after the decimal comma in a number token.
pub(crate) fn decimals_written(s: &str) -> usize {
    s.split_once(',').map(|(_, f)| f.len()).unwrap_or(0)
}

/// A date token `JJJJ-MM-DD`, checked against the calendar: a day that does
/// not exist (`2025-02-31`) is a syntax error here, so the AST holds a real
/// date.
pub(crate) fn date(pair: &Pair<'_, Rule>) -> PResult<DateLit> {
    let s = pair.as_str();
    let span = span_of(pair);
    let parts: Vec<&str> = s.split('-').collect();
    let bad_form = || {
        ParseError::new(format!("`{s}` is geen geldige datum"), span)
            .help("schrijf een datum als JJJJ-MM-DD, met twee cijfers voor maand en dag, bijvoorbeeld `2025-01-01`")
    };
    let [y, m, d] = parts.as_slice() else {
        return Err(bad_form());
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return Err(bad_form());
    }
    let (Ok(year), Ok(month), Ok(day)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>())
    else {
        return Err(bad_form());
    };
    if !(1..=12).contains(&month) {
        return Err(ParseError::new(
            format!("`{s}` is geen geldige datum: er is geen maand {month}"),
            span,
        )
        .help("schrijf een datum als JJJJ-MM-DD; de maand loopt van 01 tot en met 12"));
    }
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => Ok(DateLit { date, span }),
        None => {
            let max = days_in_month(year, month).unwrap_or(0);
            let name = MONTH_NAMES.get(month as usize - 1).copied().unwrap_or("");
            Err(ParseError::new(
                format!("`{s}` is geen geldige datum: {name} {year} heeft {max} dagen"),
                span,
            ))
        }
    }
}

/// A string literal (`"..."` or `"""..."""`).
pub(crate) fn text(pair: &Pair<'_, Rule>) -> PResult<Text> {
    let span = span_of(pair);
    let inner = pair
        .clone()
        .into_inner()
        .next()
        .ok_or_else(|| ParseError::internal("tekst", span))?;
    match pair.as_rule() {
        Rule::long_string => Ok(Text {
            value: dedent(inner.as_str()),
            span,
            long: true,
        }),
        Rule::short_string => Ok(Text {
            value: unescape(inner.as_str(), inner.as_span().start())?,
            span,
            long: false,
        }),
        _ => Err(ParseError::internal("tekst verwacht", span)),
    }
}

fn unescape(raw: &str, offset: usize) -> PResult<String> {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some((_, '"')) => out.push('"'),
            Some((_, '\\')) => out.push('\\'),
            Some((j, other)) => {
                return Err(ParseError::new(
                    format!("onbekende escape `\\{other}` in een tekst"),
                    Span::new(offset + i, offset + j + other.len_utf8()),
                )
                .help("in een tekst tussen \"...\" zijn alleen `\\\"` (aanhalingsteken) en `\\\\` (backslash) toegestaan; lange tekst kan tussen \"\"\"...\"\"\""));
            }
            None => {
                return Err(ParseError::new(
                    "een tekst eindigt op een losse `\\`",
                    Span::new(offset + i, offset + i + 1),
                )
                .help("schrijf `\\\\` voor een backslash"))
            }
        }
    }
    Ok(out)
}

/// The value of a long text: a blank first and last line are dropped, whitespace-only lines
/// become empty, and the common indentation of the continuation lines is removed.
pub(crate) fn dedent(raw: &str) -> String {
    let mut lines: Vec<&str> = raw
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let mut first_is_continuation = false;
    if lines.len() > 1 && is_blank(lines[0]) {
        lines.remove(0);
        first_is_continuation = true;
    }
    if lines.len() > 1 && lines.last().is_some_and(|l| is_blank(l)) {
        lines.pop();
    }
    let skip = usize::from(!first_is_continuation);
    let indent = lines
        .iter()
        .skip(skip)
        .filter(|l| !is_blank(l))
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    let mut out = String::with_capacity(raw.len());
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if lines.len() > 1 && is_blank(line) {
            continue;
        }
        if i >= skip {
            out.push_str(line.get(indent..).unwrap_or(""));
        } else {
            out.push_str(line);
        }
    }
    out
}

fn is_blank(line: &str) -> bool {
    line.chars().all(|c| c == ' ' || c == '\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_numbers() {
        let n = |s: &str| dutch_number(s, Span::default()).map(|(v, i)| (v.to_string(), i));
        assert_eq!(n("12,5").unwrap(), ("12.5".into(), false));
        assert_eq!(n("1.000").unwrap(), ("1000".into(), true));
        assert_eq!(n("1.401,50").unwrap(), ("1401.50".into(), false));
        assert_eq!(n("1.234.567").unwrap(), ("1234567".into(), true));
        assert!(n("1.00").is_err());
        assert!(n("1234.567").is_err());
        assert!(n("99999999999999999999999999999999999").is_err());
    }

    #[test]
    fn long_text_indentation() {
        assert_eq!(dedent("Een\n     twee\n       drie"), "Een\ntwee\n  drie");
        assert_eq!(dedent("\n    Een\n    twee\n    "), "Een\ntwee");
        assert_eq!(dedent("\n    Een\n\n    twee\n  "), "Een\n\ntwee");
        assert_eq!(dedent("  alleen  "), "  alleen  ");
        assert_eq!(dedent(""), "");
    }
}
