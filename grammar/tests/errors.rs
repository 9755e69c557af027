//! Snapshot tests of the Dutch syntax errors for typical mistakes: each snapshot shows the
//! offending line, a caret under the span, the message and the hint.

use grammar::parse;

const HEADER: &str = "regeling \"Voorbeeld\"\n  id voorbeeld\n  geldig vanaf 2025-01-01\n\n";

/// Parses `HEADER + body` and renders the error as a user would see it.
fn render(body: &str) -> String {
    let src = format!("{HEADER}{body}\n");
    let e = match parse(&src) {
        Ok(_) => return "geen fout".into(),
        Err(e) => e,
    };
    let start = e.span.start.min(src.len());
    let line_start = src[..start].rfind('\n').map(|n| n + 1).unwrap_or(0);
    let line_end = src[start..]
        .find('\n')
        .map(|n| start + n)
        .unwrap_or(src.len());
    let line_no = src[..start].matches('\n').count() + 1;
    let col = src[line_start..start].chars().count();
    let end = e.span.end.clamp(start, line_end);
    let width = src[start..end].chars().count().max(1);
    let mut out = format!(
        "regel {line_no}, kolom {}: {}\n  | {}\n  | {}{}\n",
        col + 1,
        e.message,
        &src[line_start..line_end],
        " ".repeat(col),
        "^".repeat(width)
    );
    if let Some(h) = &e.help {
        out.push_str(&format!("hulp: {h}\n"));
    }
    out
}

macro_rules! error_snapshot {
    ($name:ident, $body:expr) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(stringify!($name), render($body));
        }
    };
}

error_snapshot!(misspelled_keyword, "regle toeslag: bedrag = € 10");
error_snapshot!(
    expression_expected_found_keyword,
    "regel toeslag: bedrag = als dan € 1 anders € 2"
);
error_snapshot!(
    missing_dan_in_exception,
    "uitzondering \"gehuwd\" op toeslag\n  als gehuwd\n  € 0"
);
error_snapshot!(
    comma_between_arguments,
    "regel oud: ja/nee = leeftijd(geboortedatum, peildatum) >= 65"
);
error_snapshot!(
    unterminated_text,
    "regel toeslag: bedrag = € 10\n  bron \"Beleidsregels art. 1\nregel x: bedrag = € 1"
);
error_snapshot!(table_row_without_closing_bar, "tabel norm(leefvorm: Leefvorm) -> bedrag_pm: bedrag\n  beslis uniek\n  | leefvorm     | bedrag_pm |\n  | alleenstaand | € 1.345");
error_snapshot!(keyword_used_as_name, "invoer bedrag: bedrag");
error_snapshot!(missing_type, "regel toeslag = € 10");
error_snapshot!(double_equals, "regel gelijk: ja/nee = leefvorm == gehuwd");
error_snapshot!(
    invalid_date,
    "parameter grens: bedrag\n  vanaf 2025-02-30: € 10"
);
error_snapshot!(
    money_with_three_decimals,
    "parameter tarief: bedrag = € 17,255"
);
error_snapshot!(
    decimal_point_instead_of_comma,
    "parameter factor: getal = 1.5"
);
error_snapshot!(
    enum_values_with_commas,
    "keuze Leefvorm: alleenstaand, gehuwd"
);
error_snapshot!(
    if_without_anders,
    "regel toeslag: bedrag = als gehuwd dan € 10"
);
error_snapshot!(
    ladder_without_anders,
    "afweging route: Route\n  stap eigen_kracht als eigen_kracht_toereikend"
);
error_snapshot!(name_with_capital, "regel inkomensNorm: bedrag = € 10");
error_snapshot!(
    parameter_without_value,
    "parameter tarief: bedrag per maand\nregel x: bedrag = tarief"
);

/// A row with too many cells parses: the checker reports it as R0404, with the columns the
/// table expects.
#[test]
fn table_row_with_too_many_cells_is_no_syntax_error() {
    assert_eq!(
        render("keuze Leefvorm: alleenstaand\ntabel norm(leefvorm: Leefvorm) -> bedrag_pm: bedrag\n  beslis uniek\n  | leefvorm     | bedrag_pm |\n  | alleenstaand | € 1.345 | € 10 |"),
        "geen fout"
    );
}
