//! Syntax errors: pest's failure report → a Dutch message, a span and a hint. Rule names are
//! never shown: expected tokens are grouped into what a policy writer recognises.

use super::keywords::{keyword_text, ALL_KEYWORDS};
use super::{ParseError, RegelsParser, Rule};
use crate::ast::Span;
use pest::error::{ErrorVariant, InputLocation};
use pest::Parser as _;

/// Tokens that only continue an expression that is already complete.
const OPERATORS: &[&str] = &[
    "*",
    "+",
    "-",
    ".",
    "/",
    "<",
    "<=",
    "<>",
    ">",
    ">=",
    "%",
    "?",
    "afgerond",
    "bestaat",
    "en",
    "in",
    "naar",
    "of",
    "omgerekend",
    "over",
    "per",
    "verdeeld",
    "jaar",
    "maand",
    "maanden",
    "week",
    "weken",
    "dag",
    "dagen",
];

/// Tokens that can start an expression (besides names and numbers).
const EXPRESSION_START: &[&str] = &[
    "\"", "\"\"\"", "(", "-", "[", "{", "€", "aantal", "als", "dag", "datum", "eerste", "er",
    "fout", "ja", "jaar", "leeg", "maand", "nee", "niet", "som", "tekst", "voor",
];

/// Words that start an item.
const ITEMS: &[&str] = &[
    "regel",
    "parameter",
    "aanvulling",
    "rechtsmiddelen",
    "zonder",
    "tabel",
    "uitzondering",
    "functie",
    "afweging",
    "invoer",
    "uitvoer",
    "keuze",
    "gegeven",
    "gebruik",
    "artikel",
    "eis",
    "test",
    "vervang",
];

/// Words that start a line of the `regeling` header.
const HEADER: &[&str] = &["id", "versie", "geldig", "laag", "toelichting"];

fn ignored(t: &str) -> bool {
    matches!(t, "//" | "_" | "0..9" | "a..z" | "A..Z") || is_blank_range(t)
}

/// A character range of white space, as pest names it (`" .. "`, `"\t..\n"`): the grammar
/// writes its blanks as ranges because pest tests those faster than strings.
fn is_blank_range(t: &str) -> bool {
    let blank = |c: char| c.is_whitespace() || c == '\u{feff}';
    let mut chars = t.chars();
    match (
        chars.next(),
        chars.next(),
        chars.next(),
        chars.next(),
        chars.next(),
    ) {
        (Some(a), Some('.'), Some('.'), Some(b), None) => blank(a) && blank(b),
        _ => false,
    }
}

pub(crate) fn from_pest(src: &str, e: pest::error::Error<Rule>, details: bool) -> ParseError {
    let pos = match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let (tokens, furthest) = if details {
        expected_tokens(src)
    } else {
        (Vec::new(), None)
    };
    // Literal tokens are tracked further than rules: prefer their position.
    let inside_word = |p: usize| {
        let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
        let before = src.get(..p).and_then(|s| s.chars().next_back());
        let after = src.get(p..).and_then(|s| s.chars().next());
        before.is_some_and(ident) && after.is_some_and(ident)
    };
    let (pos, stale, tokens) = match furthest {
        // A keyword matched only partly (`maand` in `maandag`): the details are misleading.
        Some(f) if f > pos && inside_word(f) => (pos, false, Vec::new()),
        Some(f) if f > pos => (f, true, tokens),
        _ => (pos, false, tokens),
    };
    let pos = skip_blank(src, pos.min(src.len()));
    let positives = match &e.variant {
        ErrorVariant::CustomError { .. } => {
            return ParseError::new(
                "dit bestand is te diep genest om te lezen",
                Span::new(pos, pos),
            )
            .help("splits diep geneste uitdrukkingen op in hulpregels");
        }
        ErrorVariant::ParsingError { .. } if stale => Vec::new(),
        ErrorVariant::ParsingError { positives, .. } => positives.clone(),
    };
    build(src, pos, &positives, &tokens)
}

/// The literal tokens pest tried at the furthest position it reached, and that position
/// (from a second, detailed parse).
fn expected_tokens(src: &str) -> (Vec<String>, Option<usize>) {
    pest::set_error_detail(true);
    let result = RegelsParser::parse(Rule::file, src);
    pest::set_error_detail(false);
    let Err(e) = result else {
        return (Vec::new(), None);
    };
    match e.parse_attempts() {
        Some(a) => (
            a.expected_tokens()
                .iter()
                .map(|t| t.to_string())
                .filter(|t| !ignored(t))
                .collect(),
            Some(a.max_position),
        ),
        None => (Vec::new(), None),
    }
}

fn build(src: &str, pos: usize, positives: &[Rule], tokens: &[String]) -> ParseError {
    let (found, mut span) = found(src, pos);
    if span.start >= src.len() {
        // At the end of the file, point just after the last text instead of at nothing.
        let end = src.trim_end().len();
        span = Span::new(end, end);
    }
    let word = src.get(span.start..span.end).unwrap_or("");
    let has = |t: &str| tokens.iter().any(|x| x == t);
    let is_word = word.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');

    let expression = has("€") || positives.contains(&Rule::expr);
    let comparison_possible = has("<>");
    let mut structural: Vec<&str> = Vec::new();
    let mut items = false;
    let mut header = false;
    let mut operators = false;
    for t in tokens {
        let t = t.as_str();
        if ITEMS.contains(&t) || (t == "stap" && !has("anders")) {
            items = true;
        } else if HEADER.contains(&t) {
            header = true;
        } else if (t == "=" && comparison_possible)
            || (t == "(" && has("+") && !expression)
            || OPERATORS.contains(&t)
        {
            operators = true;
        } else if expression && EXPRESSION_START.contains(&t) {
        } else if !structural.contains(&t) {
            structural.push(t);
        }
    }
    // In a table row, `,` (alternatives) is rarely what is missing.
    if structural.contains(&"|") {
        structural.retain(|t| *t != ",");
    }

    let mut expected: Vec<String> = Vec::new();
    for t in &structural {
        let d = match *t {
            "\"" | "\"\"\"" => "een tekst".to_string(),
            _ => format!("`{t}`"),
        };
        if !expected.contains(&d) {
            expected.push(d);
        }
    }
    for r in positives {
        let d = match r {
            Rule::ident
            | Rule::path
            | Rule::name
            | Rule::field
            | Rule::record_member
            | Rule::record_field => "een naam",
            Rule::type_name => "een typenaam (met een hoofdletter)",
            Rule::type_expr => "een type",
            Rule::date => "een datum (JJJJ-MM-DD)",
            Rule::number => "een getal",
            Rule::table_row | Rule::table_header => "een tabelrij `| ... |`",
            _ => continue,
        };
        if !expected.iter().any(|e| e == d) && !expression {
            expected.push(d.to_string());
        }
    }
    if expression {
        expected.push("een uitdrukking".into());
    }
    if header {
        expected.push(
            "een regel van de kop (`id`, `versie`, `geldig`, `bron`, `laag` of `toelichting`)"
                .into(),
        );
    }
    if expected.is_empty() && operators {
        expected.push("een bewerking (zoals `+`, `=`, `en` of `afgerond op`)".into());
    }
    if items {
        expected.push("een nieuw onderdeel (zoals `regel`, `parameter`, `tabel` of `test`)".into());
    }

    if let Some(err) = foreign_word(src, span) {
        return err;
    }
    // An unknown word where a keyword belongs: suggest the closest one.
    let candidates: Vec<&'static str> = tokens
        .iter()
        .filter_map(|t| ALL_KEYWORDS.iter().find(|k| **k == t.as_str()).copied())
        .chain(positives.iter().filter_map(|r| keyword_text(*r)))
        .collect();
    if is_word && !is_reserved(word) {
        if let Some(k) = crate::suggest::closest(word, candidates) {
            return ParseError::new(format!("onbekend woord `{word}`; bedoelde u `{k}`?"), span)
                .suggest(k);
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
    if let Some(err) = operator_after_period(src, span, word) {
        return err;
    }
    let mut err = ParseError::new(message, span);
    if let Some(h) = hint(src, span.start, word, &structural, expression) {
        err = err.help(h);
    }
    err
}

/// A word from English or a spreadsheet at the error, or just before it (`if a > b` reads
/// `if` as a name and fails at `a`): the Dutch word, and the line as it should read.
fn foreign_word(src: &str, at: Span) -> Option<ParseError> {
    let before = src.get(..at.start)?.trim_end_matches([' ', '\t']);
    let previous_start = before
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1);
    let previous = Span::new(previous_start, before.len());
    // Before the error only a word that stands for a keyword counts: `max` or `procent`
    // read as a name is a name the writer may have defined.
    let (span, f) = [(at, false), (previous, true)]
        .into_iter()
        .find_map(|(s, read_as_name)| {
            let word = src.get(s.start..s.end).filter(|w| !w.is_empty())?;
            let f = crate::foreign::foreign(word)?;
            (!read_as_name || ALL_KEYWORDS.contains(&f.dutch)).then_some((s, f))
        })?;
    let word = src.get(span.start..span.end).unwrap_or("");
    let line_start = src[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = src[span.end..]
        .find('\n')
        .map_or(src.len(), |i| span.end + i);
    let line = clip_around(&src[line_start..line_end], span.start - line_start);
    Some(
        ParseError::new(
            format!(
                "`{word}` is geen woord van deze taal; {} heet hier `{}`",
                f.what, f.dutch
            ),
            span,
        )
        .help(format!("schrijf `{}`", crate::foreign::corrected(&line)))
        .suggest(f.dutch),
    )
}

/// `line` without its indentation and, when long, only the part around byte `at`: from
/// after the definition's ` = ` when that is near, else from a word start, so that a hint
/// stays readable.
fn clip_around(line: &str, at: usize) -> String {
    const LONG: usize = 70;
    const BEFORE: usize = 40;
    let indent = line.len() - line.trim_start().len();
    let mut start = indent;
    if line.len() - indent > LONG {
        start = match line[..at].find(" = ") {
            Some(eq) if at - (eq + 3) <= BEFORE => eq + 3,
            _ => {
                let mut from = at.saturating_sub(BEFORE).max(indent);
                while !line.is_char_boundary(from) {
                    from += 1;
                }
                line[from..at].find(' ').map_or(at, |i| from + i + 1)
            }
        };
    }
    let clipped = line.get(start..).unwrap_or(line).trim_end();
    if start > indent && !line[..start].ends_with(" = ") {
        format!("… {clipped}")
    } else {
        clipped.to_string()
    }
}

/// `b per jaar - x`: a period phrase ends its operand, so an operator cannot follow it.
/// The hint puts the phrase in parentheses, around the name before it when there is one.
fn operator_after_period(src: &str, at: Span, found: &str) -> Option<ParseError> {
    if !matches!(found, "+" | "-" | "*" | "/") {
        return None;
    }
    let before = src.get(..at.start)?.trim_end();
    let (operand, unit) = ["jaar", "maand", "week", "kwartaal", "uur", "4 weken"]
        .into_iter()
        .find_map(|unit| {
            let operand = before.strip_suffix(unit)?.strip_suffix(' ')?;
            Some((operand.trim_end().strip_suffix(" per")?, unit))
        })?;
    let in_name = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.';
    let name = &operand[operand.rfind(|c| !in_name(c)).map_or(0, |i| i + 1)..];
    let alone = operand[..operand.len() - name.len()].ends_with([' ', '(', '=']);
    let name = if !name.is_empty() && alone {
        name
    } else {
        "…"
    };
    let after = src.get(at.end..)?;
    let after = after[..after.find('\n').unwrap_or(after.len())].trim();
    let after = if after.is_empty() || after.chars().count() > 30 {
        "…"
    } else {
        after
    };
    Some(
        ParseError::new(format!("na `per {unit}` kan geen `{found}` volgen"), at).help(format!(
            "`per {unit}` hoort bij de hele waarde ervoor; zet haakjes om wat de periode krijgt: `({name} per {unit}) {found} {after}`"
        )),
    )
}

/// The call around the `,` at `at`, as it should read: `;` between the arguments (a comma
/// between digits stays: it is a decimal comma) and foreign words in Dutch
/// (`max(a, b)` → `maximum(a; b)`). `None` when the call does not stand on one line.
fn call_with_semicolons(src: &str, at: usize) -> Option<String> {
    let line_start = src[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = src[at..].find('\n').map_or(src.len(), |i| at + i);
    let line = &src[line_start..line_end];
    let at = at - line_start;
    let mut depth = 0usize;
    let open = line[..at].char_indices().rev().find_map(|(i, c)| match c {
        ')' => {
            depth += 1;
            None
        }
        '(' if depth == 0 => Some(i),
        '(' => {
            depth -= 1;
            None
        }
        _ => None,
    })?;
    let mut depth = 0usize;
    let close = line[open..].char_indices().find_map(|(i, c)| match c {
        '(' => {
            depth += 1;
            None
        }
        ')' if depth == 1 => Some(open + i),
        ')' => {
            depth -= 1;
            None
        }
        _ => None,
    })?;
    let in_name = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.';
    let start = line[..open].rfind(|c| !in_name(c)).map_or(0, |i| i + 1);
    let call = &line[start..=close];
    let mut out = String::with_capacity(call.len());
    let mut chars = call.chars().peekable();
    let mut previous = ' ';
    while let Some(c) = chars.next() {
        let decimal = previous.is_ascii_digit() && chars.peek().is_some_and(char::is_ascii_digit);
        out.push(if c == ',' && !decimal { ';' } else { c });
        previous = c;
    }
    Some(crate::foreign::corrected(&out))
}

/// A hint for the mistakes policy writers make most.
fn hint(
    src: &str,
    at: usize,
    found: &str,
    structural: &[&str],
    expression: bool,
) -> Option<String> {
    let expects = |t: &str| structural.contains(&t);
    if found == "," && expects(";") {
        let example = call_with_semicolons(src, at)
            .unwrap_or_else(|| "leeftijd(geboortedatum; peildatum)".into());
        return Some(format!("argumenten en parameters scheidt u met `;`, omdat de komma het decimaalteken is: `{example}`"));
    }
    if found == "," && expects("|") {
        return Some(
            "de waarden van een `keuze` scheidt u met `|`: `keuze Leefvorm: alleenstaand | gehuwd`"
                .into(),
        );
    }
    if expects("|") && !expects(";") {
        return Some(
            "elke rij van een tabel staat op één regel en begint en eindigt met `|`".into(),
        );
    }
    if found == "=" && expression {
        return Some("vergelijken doet u met één `=`; ongelijk is `<>`".into());
    }
    if found == "=" && expects(":") {
        return Some(
            "na de naam volgt eerst het type, bijvoorbeeld `regel toeslag: bedrag per maand = ...`"
                .into(),
        );
    }
    if expects("vanaf") && expects("=") {
        return Some(
            "een parameter krijgt een waarde: `= waarde`, of regels `vanaf 2025-01-01: waarde`"
                .into(),
        );
    }
    if expects("\"") && !found.is_empty() && !expression {
        return Some("tekst staat tussen aanhalingstekens: \"...\"".into());
    }
    if expects("dan") {
        return Some("een voorwaarde heeft de vorm `als <voorwaarde> dan <waarde>`".into());
    }
    if expects("anders") && structural.len() == 1 {
        return Some("`als ... dan ...` heeft altijd een `anders`-deel: `als <voorwaarde> dan <waarde> anders <waarde>`".into());
    }
    if expects("anders") && expects("stap") {
        return Some("een afweging eindigt met `anders <uitkomst>`: de uitkomst als geen enkele stap van toepassing is".into());
    }
    if expects(")") && found.is_empty() && src.matches('(').count() > src.matches(')').count() {
        return Some("er ontbreekt een `)`".into());
    }
    None
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
    for op in ["<=", ">=", "<>", "->", ".."] {
        if rest.starts_with(op) {
            return (format!("`{op}`"), Span::new(pos, pos + 2));
        }
    }
    let len = c.len_utf8();
    (format!("`{c}`"), Span::new(pos, pos + len))
}

pub(crate) fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [a] => a.clone(),
        [init @ .., last] => format!("{} of {last}", init.join(", ")),
    }
}

fn is_reserved(word: &str) -> bool {
    ALL_KEYWORDS.contains(&word)
        && !matches!(
            word,
            "na" | "rij"
                | "peildatum"
                | "toelichting"
                | "geen"
                | "lid"
                | "onder"
                | "zonder"
                | "besluit"
                | "rechtsmiddelen"
        )
}

/// The keywords the grammar accepts right after `prefix` (an editor's
/// completion at the cursor): the literal tokens pest tries where the
/// text ends, found by making it fail there.
pub fn keywords_after(prefix: &str) -> Vec<&'static str> {
    // NUL is never valid source, so every parse fails at it (or before it,
    // when the prefix itself has a mistake: then the grammar says nothing).
    let probe = format!("{prefix}\u{0}");
    let (tokens, furthest) = expected_tokens(&probe);
    if furthest != Some(prefix.len()) {
        return Vec::new();
    }
    ALL_KEYWORDS
        .iter()
        .copied()
        .filter(|k| tokens.iter().any(|t| t == k))
        .collect()
}

#[cfg(test)]
mod keyword_tests {
    use super::keywords_after;

    const HEAD: &str = "regeling \"X\"\n  id a.b\n  geldig vanaf 2025-01-01\n\n";

    #[test]
    fn item_keywords_at_the_start_of_a_line_operators_after_an_expression() {
        let items = keywords_after(HEAD);
        for k in ["regel", "invoer", "gebruik", "artikel", "test"] {
            assert!(items.contains(&k), "{k} in {items:?}");
        }
        assert!(!items.contains(&"dan"), "{items:?}");
        let after = keywords_after(&format!("{HEAD}regel x: ja/nee = als a "));
        assert!(after.contains(&"dan") && after.contains(&"en"), "{after:?}");
        assert!(!after.contains(&"invoer"), "{after:?}");
    }

    #[test]
    fn nothing_after_a_mistake() {
        assert_eq!(keywords_after("regeling ((("), Vec::<&str>::new());
    }
}

#[cfg(test)]
mod tests {
    use super::super::{parse, ParseError};

    fn err(body: &str) -> (ParseError, String) {
        let src = format!("regeling \"T\"\n  id t\n  geldig vanaf 2024-01-01\n\n{body}");
        let e = parse(&src).expect_err("expected a parse error");
        let at = src[e.span.start..e.span.end].to_string();
        (e, at)
    }

    #[test]
    fn an_english_word_gets_the_dutch_one_not_a_look_alike() {
        let (e, at) = err("regel x: ja/nee = als a > 1 and b dan ja anders nee\n");
        assert_eq!(at, "and");
        assert_eq!(
            e.message,
            "`and` is geen woord van deze taal; het woord heet hier `en`"
        );
        assert_eq!(
            e.help.as_deref(),
            Some("schrijf `regel x: ja/nee = als a > 1 en b dan ja anders nee`")
        );
    }

    #[test]
    fn a_foreign_word_read_as_a_name_is_found_before_the_error() {
        // `if` parses as a name; the error is at `a`.
        let (e, at) = err("regel x: getal = if a > 1 then 2 else 3\n");
        assert_eq!(at, "if");
        assert_eq!(
            e.help.as_deref(),
            Some("schrijf `regel x: getal = als a > 1 dan 2 anders 3`")
        );
    }

    #[test]
    fn a_name_before_the_error_counts_only_for_a_keyword() {
        // `max` may be a name of the writer's own; `if` cannot mean anything else.
        let (e, at) = err("regel x: getal = max 5\n");
        assert_eq!(at, "5");
        assert!(!e.message.contains("maximum"), "{}", e.message);
    }

    #[test]
    fn a_comma_between_arguments_shows_the_call_with_semicolons() {
        let (e, at) = err("regel x: getal = max(a, 1,5) + 2\n");
        assert_eq!(at, ",");
        assert!(
            e.help
                .as_deref()
                .is_some_and(|h| h.ends_with("`maximum(a; 1,5)`")),
            "{:?}",
            e.help
        );
        let (e, _) = err("regel x: getal = leeftijd(f(a), b)\n");
        assert!(
            e.help
                .as_deref()
                .is_some_and(|h| h.ends_with("`leeftijd(f(a); b)`")),
            "{:?}",
            e.help
        );
    }

    #[test]
    fn a_long_line_is_shown_from_the_expression() {
        let (e, _) = err(
            "regel een_lange_naam_voor_een_regel: bedrag per maand = als inkomen < norm or norm > 0 dan 1 anders 2\n",
        );
        assert_eq!(
            e.help.as_deref(),
            Some("schrijf `als inkomen < norm of norm > 0 dan 1 anders 2`")
        );
    }

    #[test]
    fn an_operator_after_a_period_hints_at_parentheses() {
        let (e, at) = err("regel x: bedrag per maand = b per jaar - c\n");
        assert_eq!(at, "-");
        assert_eq!(e.message, "na `per jaar` kan geen `-` volgen");
        assert!(
            e.help
                .as_deref()
                .is_some_and(|h| h.ends_with("`(b per jaar) - c`")),
            "{:?}",
            e.help
        );
        let (e, _) = err("regel x: bedrag per maand = b.c per 4 weken * 2\n");
        assert!(
            e.help
                .as_deref()
                .is_some_and(|h| h.ends_with("`(b.c per 4 weken) * 2`")),
            "{:?}",
            e.help
        );
    }
}
