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
    "per",
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
            Rule::ident | Rule::path | Rule::name | Rule::field | Rule::record_field => "een naam",
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

    // An unknown word where a keyword belongs: suggest the closest one.
    let candidates: Vec<&'static str> = tokens
        .iter()
        .filter_map(|t| ALL_KEYWORDS.iter().find(|k| **k == t.as_str()).copied())
        .chain(positives.iter().filter_map(|r| keyword_text(*r)))
        .collect();
    if is_word && !is_reserved(word) {
        if let Some(k) = crate::suggest::closest(word, candidates) {
            return ParseError::new(format!("onbekend woord `{word}`; bedoelde u `{k}`?"), span);
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
    let mut err = ParseError::new(message, span);
    if let Some(h) = hint(src, word, &structural, expression) {
        err = err.help(h);
    }
    err
}

/// A hint for the mistakes policy writers make most.
fn hint(src: &str, found: &str, structural: &[&str], expression: bool) -> Option<String> {
    let expects = |t: &str| structural.contains(&t);
    if found == "," && expects(";") {
        return Some("argumenten en parameters scheidt u met `;`, omdat de komma het decimaalteken is: `leeftijd(geboortedatum; peildatum)`".into());
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
    ALL_KEYWORDS.contains(&word) && !matches!(word, "na" | "rij" | "peildatum" | "toelichting")
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
