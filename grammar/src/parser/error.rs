//! Syntax errors: pest's failure report → a Dutch message, a span and a hint.

use super::keywords::{keyword_text, ALL_KEYWORDS};
use super::{ParseError, Rule};
use crate::ast::Span;
use pest::error::{ErrorVariant, InputLocation};

pub(crate) fn from_pest(src: &str, e: pest::error::Error<Rule>) -> ParseError {
    let pos = match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let pos = skip_blank(src, pos.min(src.len()));
    match &e.variant {
        ErrorVariant::CustomError { .. } => ParseError::new(
            "dit bestand is te diep genest om te lezen",
            Span::new(pos, pos),
        )
        .help("splits diep geneste uitdrukkingen op in hulpregels"),
        ErrorVariant::ParsingError { positives, .. } => {
            let (found, span) = found(src, pos);
            let word = src.get(span.start..span.end).unwrap_or("");
            let expected = describe(positives);
            let expected_words: Vec<&'static str> = positives
                .iter()
                .filter_map(|r| keyword_text(*r).or_else(|| leading_keyword(*r)))
                .collect();
            let is_word = word.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
            if is_word && !is_reserved(word) {
                if let Some(k) = closest(word, &expected_words) {
                    return ParseError::new(
                        format!("onbekend woord `{word}`; bedoelde u `{k}`?"),
                        span,
                    );
                }
            }
            if is_word && is_reserved(word) && expected.iter().any(|e| e == "een naam") {
                return ParseError::new(
                    format!("verwacht een naam, maar `{word}` is een gereserveerd woord"),
                    span,
                )
                .help(format!(
                    "woorden van de taal (zoals `{word}`) kunnen geen naam zijn; kies een andere naam, bijvoorbeeld `{word}_waarde`"
                ));
            }
            let message = if expected.is_empty() {
                format!("onverwacht {found}")
            } else {
                format!("verwacht {}, maar vond {found}", join_or(&expected))
            };
            ParseError {
                message,
                span,
                help: None,
            }
        }
    }
}

fn skip_blank(src: &str, mut pos: usize) -> usize {
    loop {
        let rest = src.get(pos..).unwrap_or("");
        let trimmed = rest.trim_start_matches([' ', '\t', '\r', '\n', '\u{FEFF}', '\u{A0}']);
        pos += rest.len() - trimmed.len();
        if trimmed.starts_with("//") {
            pos += trimmed.find('\n').unwrap_or(trimmed.len());
        } else {
            return pos;
        }
    }
}

/// What is at `pos`, described for a message, and its span.
pub(crate) fn found(src: &str, pos: usize) -> (String, Span) {
    let rest = src.get(pos..).unwrap_or("");
    let Some(c) = rest.chars().next() else {
        return ("het einde van het bestand".to_string(), Span::new(pos, pos));
    };
    if c.is_ascii_alphanumeric() || c == '_' {
        let len = rest
            .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
            .unwrap_or(rest.len());
        let word = &rest[..len];
        return (format!("`{word}`"), Span::new(pos, pos + len));
    }
    if c == '"' {
        return ("een tekst".to_string(), Span::new(pos, pos + 1));
    }
    let len = c.len_utf8();
    (format!("`{c}`"), Span::new(pos, pos + len))
}

fn describe(positives: &[Rule]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in positives {
        let d = match keyword_text(*r).or_else(|| leading_keyword(*r)) {
            Some(w) => format!("`{w}`"),
            None => match rule_text(*r) {
                Some(t) => t.to_string(),
                None => continue,
            },
        };
        if !out.contains(&d) {
            out.push(d);
        }
    }
    out
}

/// The keyword a rule starts with (besides an optional `vervang`).
fn leading_keyword(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::parameter_decl => "parameter",
        Rule::rule_decl => "regel",
        Rule::function_decl => "functie",
        Rule::table_decl => "tabel",
        Rule::ladder_decl => "afweging",
        Rule::use_decl => "gebruik",
        Rule::enum_decl => "keuze",
        Rule::record_decl => "gegeven",
        Rule::input_decl => "invoer",
        Rule::outputs_decl => "uitvoer",
        Rule::article_decl => "artikel",
        Rule::exception_decl => "uitzondering",
        Rule::step_insert | Rule::step => "stap",
        Rule::constraint_decl => "eis",
        Rule::test_decl => "test",
        Rule::source => "bron",
        Rule::otherwise => "anders",
        Rule::motivation => "motivering",
        Rule::hit_policy => "beslis",
        _ => return None,
    })
}

fn rule_text(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::ident | Rule::path | Rule::name => "een naam",
        Rule::type_name => "een typenaam",
        Rule::type_expr => "een type",
        Rule::expr => "een uitdrukking",
        Rule::date => "een datum",
        Rule::number => "een getal",
        Rule::long_string | Rule::short_string | Rule::text => "een tekst",
        Rule::EOI => "het einde van het bestand",
        _ => return None,
    })
}

pub(crate) fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [a] => a.clone(),
        [init @ .., last] => format!("{} of {last}", init.join(", ")),
    }
}

fn is_reserved(word: &str) -> bool {
    ALL_KEYWORDS.contains(&word) && !matches!(word, "na" | "rij" | "peildatum" | "toelichting")
}

/// The candidate closest to `word` (edit distance at most 2), for "bedoelde u ...?".
pub(crate) fn closest(word: &str, candidates: &[&'static str]) -> Option<&'static str> {
    candidates
        .iter()
        .map(|k| (levenshtein(word, k), *k))
        .filter(|(d, k)| *d <= 2 && *d < k.len() && *d > 0)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}
