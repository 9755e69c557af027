//! Formatter tests: round trip (same AST modulo spans), idempotence, comments, layout details.

use crate::ast::*;
use crate::{format_file, parse};

const FIXTURE: &str = include_str!("../../tests/fixtures/voorbeeld.regels");
const HEAD: &str = "regeling \"T\"\n  id t\n  geldig vanaf 2024-01-01\n\n";

/// The file with every span zeroed and comments dropped, for comparison.
fn strip(f: &File) -> File {
    fn zero(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m.iter_mut() {
                    if k == "span" || k == "hit_policy_span" {
                        *x = serde_json::json!({"start": 0, "end": 0});
                    } else {
                        zero(x);
                    }
                }
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(zero),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(f).unwrap();
    zero(&mut v);
    let mut out: File = serde_json::from_value(v).unwrap();
    out.comments.clear();
    out
}

/// Formats, reparses and formats again; checks AST equality and idempotence.
pub(crate) fn round_trip(name: &str, src: &str) -> String {
    let f1 = parse(src).unwrap_or_else(|e| panic!("{name}: {e}"));
    let out1 = format_file(&f1);
    let f2 = parse(&out1).unwrap_or_else(|e| {
        panic!(
            "{name}: formatted output does not parse: {e}\n{}",
            &out1[e.span.start.saturating_sub(200)..(e.span.end + 100).min(out1.len())]
        )
    });
    assert!(
        strip(&f1) == strip(&f2),
        "{name}: AST changed by formatting"
    );
    let texts = |f: &File| {
        let mut t: Vec<String> = f
            .comments
            .iter()
            .map(|c| c.text.trim_end().to_string())
            .collect();
        t.sort();
        t
    };
    assert_eq!(texts(&f1), texts(&f2), "{name}: comments changed");
    let out2 = format_file(&f2);
    if out1 != out2 {
        let line = out1
            .lines()
            .zip(out2.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "{name}: not idempotent at line {}:\n{:?}\n{:?}",
            line + 1,
            out1.lines().nth(line),
            out2.lines().nth(line)
        );
    }
    out1
}

#[test]
fn fixture_round_trips_and_is_idempotent() {
    round_trip("voorbeeld", FIXTURE);
}

/// Header and rows of another width than the signature parse (the checker's R0404); the
/// formatter keeps every cell and column name, aligned over the widest row.
#[test]
fn tables_of_mismatched_width_keep_every_cell() {
    let src = "regeling \"T\"\n  id t\n  geldig vanaf 2024-01-01\n\ntabel t(a: getal) -> b: getal\n  beslis uniek\n  | a | b | extra |\n  | 1 | 2 |\n  | 10 | 20 | 30 | 40 |\n";
    let out = round_trip("ongelijke tabel", src);
    assert!(
        out.contains("| a  | b  | extra |\n")
            && out.contains("| 1  | 2  |\n")
            && out.contains("| 10 | 20 | 30    | 40 |\n"),
        "{out}"
    );
}

/// taal.md §14 allows a comment after a table row: it stays on that row. A comment after
/// other code still moves above its line.
#[test]
fn a_comment_after_a_table_row_stays_on_the_row() {
    let src = format!("{HEAD}tabel t(a: getal) -> b: getal // de tabel\n  beslis uniek\n  | a | b |\n  | 1 | 2 | // Stb. 2012, 324\n  | 10 | 20 |\n  | 30 | 40 |   // laatste rij  \n");
    let out = round_trip("commentaar achter een rij", &src);
    assert!(
        out.contains("// de tabel\ntabel t(a: getal) -> b: getal\n")
            && out.contains("  | 1  | 2  | // Stb. 2012, 324\n  | 10 | 20 |\n")
            && out.contains("  | 30 | 40 | // laatste rij\n"),
        "{out}"
    );
}

/// A line of formatted output longer than the width is allowed only where no break can
/// help: a table row (a row is one line by the language) or a line whose one text literal
/// is what makes it long.
fn unbreakable(line: &str) -> bool {
    if line.trim_start().starts_with('|') {
        return true;
    }
    let quotes: Vec<usize> = line.match_indices('"').map(|(i, _)| i).collect();
    match quotes.as_slice() {
        [open, close] => {
            let without = line.chars().count() - line[*open..=*close].chars().count() + 2;
            without <= 100
        }
        _ => false,
    }
}

fn assert_within_width(name: &str, out: &str) {
    for (i, line) in out.lines().enumerate() {
        assert!(
            line.chars().count() <= 100 || unbreakable(line),
            "{name}:{}: {} characters: {line}",
            i + 1,
            line.chars().count()
        );
    }
}

/// Every file of rules/ round-trips, is idempotent and fits in 100 characters a line
/// (the shared helper demands a minimum number of files, so this cannot pass empty).
#[test]
fn the_rule_library_round_trips_within_100_characters() {
    for (path, src) in crate::test_support::rule_library() {
        let out = round_trip(&path, &src);
        assert_within_width(&path, &out);
    }
}

#[test]
fn the_width_check_allows_only_what_cannot_be_broken() {
    let long_text = format!("  motivering \"{}\"", "x".repeat(120));
    assert!(unbreakable(&long_text));
    assert!(unbreakable(&format!("  | {} |", "a".repeat(120))));
    let two_texts = format!("test \"{}\" zoals \"{}\"", "a".repeat(60), "b".repeat(60));
    assert!(!unbreakable(&two_texts));
    let text_and_more = format!("  anders \"{}\" + {}", "a".repeat(30), "b".repeat(95));
    assert!(!unbreakable(&text_and_more));
}

#[test]
fn a_long_sum_breaks_before_its_operators() {
    let terms: Vec<String> = (1..=8)
        .map(|i| format!("bedrag_nummer_{i}_per_maand"))
        .collect();
    let body = terms.join(" + ");
    assert!(body.len() >= 150, "{}", body.len());
    let src = format!("{HEAD}regel totaal: bedrag per maand = {body}\n");
    let out = round_trip("lange som", &src);
    assert_within_width("lange som", &out);
    assert!(
        out.contains(
            "regel totaal: bedrag per maand =\n  bedrag_nummer_1_per_maand\n    + bedrag_nummer_2_per_maand\n"
        ) && out.contains("\n    + bedrag_nummer_8_per_maand\n"),
        "{out}"
    );
}

#[test]
fn a_long_sum_after_anders_breaks_deeper_than_the_anders() {
    let terms: Vec<String> = (1..=6)
        .map(|i| format!("bedrag_nummer_{i}_per_maand"))
        .collect();
    let src = format!(
        "{HEAD}regel totaal: bedrag per maand = als a dan € 1 anders als b dan € 2 anders {}\n",
        terms.join(" + ")
    );
    let out = round_trip("som na anders", &src);
    assert_within_width("som na anders", &out);
    assert!(
        out.contains("  anders als b dan € 2\n  anders bedrag_nummer_1_per_maand")
            && out.contains("\n    + bedrag_nummer_6_per_maand\n"),
        "{out}"
    );
}

#[test]
fn a_long_in_list_breaks_under_its_first_value() {
    let values: Vec<String> = (1..=12).map(|i| format!("waarde_{i}")).collect();
    let src = format!(
        "{HEAD}regel r: ja/nee = een_lange_naam_voor_de_keuze in {{{}}}\n",
        values.join(", ")
    );
    let out = round_trip("lange in-lijst", &src);
    assert_within_width("lange in-lijst", &out);
    assert!(
        out.contains("  een_lange_naam_voor_de_keuze in {waarde_1, waarde_2,")
            && out.contains(&format!("\n{}waarde_7,", " ".repeat(35)))
            && out.contains("waarde_12}\n"),
        "{out}"
    );
}

#[test]
fn a_long_condition_puts_dan_on_its_own_line() {
    let src = format!(
        "{HEAD}regel r: getal = als een_heel_lange_voorwaarde_nummer_een en een_heel_lange_voorwaarde_nummer_twee_van_de_regeling dan 1 anders als b dan 2 anders 3\n"
    );
    let out = round_trip("lange voorwaarde", &src);
    assert!(
        out.contains(
            "  als een_heel_lange_voorwaarde_nummer_een en een_heel_lange_voorwaarde_nummer_twee_van_de_regeling\n    dan 1\n  anders als b dan 2\n  anders 3\n"
        ),
        "{out}"
    );
}

#[test]
fn labels_one_per_line_and_inline_on_fields_and_values() {
    let src = format!(
        "{HEAD}keuze K: a label \"één\" | b\n\ngegeven P\n  d: datum label \"geboortedatum\"\n\n\
         invoer x: geheel getal vraag \"Hoeveel?\" label \"aantal\" hulp \"Tel ze.\"\n\n\
         regel r: ja/nee bron \"art. 1\" label \"financiële middelen\" = ja\n"
    );
    let out = round_trip("labels", &src);
    assert!(out.contains("keuze K: a label \"één\" | b\n"), "{out}");
    assert!(
        out.contains("  d: datum label \"geboortedatum\"\n"),
        "{out}"
    );
    assert!(
        out.contains("invoer x: geheel getal\n  label \"aantal\"\n  vraag \"Hoeveel?\"\n  hulp \"Tel ze.\"\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "regel r: ja/nee\n  label \"financiële middelen\"\n  bron \"art. 1\"\n  = ja\n"
        ),
        "{out}"
    );
}
