//! Formatter tests: round trip (same AST modulo spans), idempotence, comments, layout details.

use crate::ast::*;
use crate::{format_file, format_source, parse};

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

/// Formats, reparses and formats again; checks AST equality and idempotence,
/// of the layout without the source and of the one that keeps the author's
/// line breaks. Returns the first.
pub(crate) fn round_trip(name: &str, src: &str) -> String {
    with_written_breaks(name, src);
    checked_round_trip(name, src, &|f, _| format_file(f))
}

/// The layout that keeps the line breaks written in `src`, round-tripped.
fn with_written_breaks(name: &str, src: &str) -> String {
    checked_round_trip(name, src, &|f, text| format_source(f, text))
}

fn checked_round_trip(name: &str, src: &str, format: &dyn Fn(&File, &str) -> String) -> String {
    let f1 = parse(src).unwrap_or_else(|e| panic!("{name}: {e}"));
    let out1 = format(&f1, src);
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
    let out2 = format(&f2, &out1);
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
fn over_is_written_with_its_unit_in_the_number() {
    let src = format!(
        "{HEAD}regel a: bedrag = m over 1   maand\nregel b: bedrag = (m)over n   maanden\nregel c: bedrag per maand = t verdeeld over (n+1) jaar afgerond op centen\n"
    );
    let out = round_trip("over", &src);
    assert!(out.contains("regel a: bedrag = m over 1 maand\n"), "{out}");
    assert!(
        out.contains("regel b: bedrag = m over n maanden\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "regel c: bedrag per maand = t verdeeld over (n + 1) jaar afgerond op centen\n"
        ),
        "{out}"
    );
}

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
        assert_within_width(&path, &with_written_breaks(&path, &src));
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

/// `bedrag_nummer_1_per_maand + … + bedrag_nummer_n_per_maand`.
fn long_terms(n: usize) -> String {
    (1..=n)
        .map(|i| format!("bedrag_nummer_{i}_per_maand"))
        .collect::<Vec<_>>()
        .join(" + ")
}

#[test]
fn a_long_sum_breaks_before_its_operators() {
    let body = long_terms(8);
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
    let terms = long_terms(6);
    let src = format!(
        "{HEAD}regel totaal: bedrag per maand = als a dan € 1 anders als b dan € 2 anders {}\n",
        terms
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

/// A sum and an `in` list the author broke stay broken where the author broke
/// them (operands written on one line stay together); written on one line
/// they are joined again.
#[test]
fn written_line_breaks_in_a_sum_and_an_in_list_are_kept() {
    let src = format!(
        "{HEAD}regel totaal: bedrag = a + b\n  + c + d\n  - e\n\n\
         regel thuis: ja/nee = h in {{huishouden, wassen,\n  rolstoel}}\n\n\
         regel kort: bedrag = a + b + c\n"
    );
    let out = with_written_breaks("geschreven regeleinden", &src);
    assert!(
        out.contains("regel totaal: bedrag =\n  a + b\n    + c + d\n    - e\n"),
        "{out}"
    );
    assert!(
        out.contains("regel thuis: ja/nee =\n  h in {huishouden, wassen,\n        rolstoel}\n"),
        "{out}"
    );
    assert!(out.contains("regel kort: bedrag = a + b + c\n"), "{out}");
    // Without the source there is nothing to keep: the short forms are joined.
    let plain = round_trip("geschreven regeleinden", &src);
    assert!(
        plain.contains("regel totaal: bedrag = a + b + c + d - e\n"),
        "{plain}"
    );
    assert!(
        plain.contains("regel thuis: ja/nee = h in {huishouden, wassen, rolstoel}\n"),
        "{plain}"
    );
}

/// A written group too long for one line is broken further, within the width.
#[test]
fn a_written_group_that_does_not_fit_is_broken_further() {
    let terms = long_terms(6);
    let src = format!("{HEAD}regel totaal: bedrag = {}\n  + slot\n", terms);
    let out = with_written_breaks("te lange groep", &src);
    assert_within_width("te lange groep", &out);
    assert!(
        out.contains("\n    + bedrag_nummer_6_per_maand\n    + slot\n"),
        "{out}"
    );
}

/// The `anders` of an `als` after a keyword stands under that `als`, never
/// where it would read as a clause of the exception or the start of an item.
#[test]
fn an_anders_stays_under_its_own_als() {
    let long = "€ 100.000.000.000.000.000.000";
    let src = format!(
        "{HEAD}uitzondering \"x\" op r\n  als a\n  dan als b dan {long} anders als c dan {long} anders € 4\n\n\
         eis \"y\": als a > {long} dan b > {long} anders b > {long}\n"
    );
    let out = round_trip("anders onder als", &src);
    assert!(
        out.contains(&format!(
            "  dan als b dan {long}\n      anders als c dan {long}\n      anders € 4\n"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "eis \"y\": als a > {long} dan b > {long}\n         anders b >"
        )),
        "{out}"
    );
}

#[test]
fn a_gegeven_fields_bounds_and_a_parameters_label_are_printed() {
    let src = format!(
        "{HEAD}gegeven V\n  stuks: geheel getal   minimaal 0  label \"aantal keer\"\n  \
         bijdrage: bedrag maximaal € 100\n\
         parameter p: bedrag per maand bron \"b\" label \"premie\" vanaf 2025-01-01: € 1\n\
         parameter q: getal label \"factor\" = 2\n"
    );
    let out = round_trip("gegeven-grenzen en parameterlabel", &src);
    for part in [
        "gegeven V\n  stuks: geheel getal minimaal 0 label \"aantal keer\"\n  bijdrage: bedrag maximaal € 100\n",
        "parameter p: bedrag per maand\n  label \"premie\"\n  bron \"b\"\n  vanaf 2025-01-01: € 1\n",
        "parameter q: getal\n  label \"factor\"\n  = 2\n",
    ] {
        assert!(out.contains(part), "{part:?} missing in:\n{out}");
    }
}

#[test]
fn bounds_are_printed_after_the_type_and_after_afwijkbaar() {
    let src = format!(
        "{HEAD}invoer kamers: geheel getal   minimaal 0\n\
         invoer pct: percentage minimaal 0% maximaal 100 %\n\
         invoer saldo: bedrag minimaal - € 5 ongebruikt \"later\"\n\
         invoer grens: getal minimaal (1 + 2)\n\
         regel verlaging: percentage afwijkbaar minimaal 5 % maximaal 100 % = 20 %\n"
    );
    let out = round_trip("bounds", &src);
    for line in [
        "invoer kamers: geheel getal minimaal 0\n",
        "invoer pct: percentage minimaal 0% maximaal 100%\n",
        "invoer saldo: bedrag minimaal -€ 5\n  ongebruikt \"later\"\n",
        "invoer grens: getal minimaal (1 + 2)\n",
        "  afwijkbaar minimaal 5% maximaal 100%\n",
    ] {
        assert!(out.contains(line), "{line:?} missing in:\n{out}");
    }
}

#[test]
fn a_test_override_is_printed_on_its_own_line() {
    let src = format!(
        "{HEAD}test \"t\"\n  peildatum 2024-05-01\n  afwijking   uren = 0   reden \"maatwerk\"\n  x = 1\n  verwacht y = 2\n"
    );
    let out = round_trip("afwijking", &src);
    assert!(
        out.contains("  x = 1\n  afwijking uren = 0 reden \"maatwerk\"\n  verwacht y = 2\n"),
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

#[test]
fn an_intended_end_is_printed_under_the_last_value() {
    let src = format!(
        "{HEAD}parameter p: bedrag vanaf 2024-01-01 tot en met 2025-12-31: € 1 einde \"later\" bron \"b\"\n"
    );
    let out = round_trip("einde", &src);
    let expected =
        "parameter p: bedrag\n  bron \"b\"\n  vanaf 2024-01-01 tot en met 2025-12-31: € 1\n  einde \"later\"\n";
    assert!(out.contains(expected), "missing in:\n{out}");
}

#[test]
fn a_top_up_is_printed_with_its_sources_before_its_values() {
    let src = format!(
        "{HEAD}gebruik landelijk.normen als normen\naanvulling normen.norm vanaf 2026-01-01 tot en met 2026-06-30: € 1 bron \"test\"\n"
    );
    let out = round_trip("aanvulling", &src);
    let expected =
        "aanvulling normen.norm\n  bron \"test\"\n  vanaf 2026-01-01 tot en met 2026-06-30: € 1\n";
    assert!(out.contains(expected), "missing in:\n{out}");
}

#[test]
fn a_top_up_keeps_its_end_reason_after_its_values() {
    let src = format!(
        "{HEAD}gebruik landelijk.normen als normen\naanvulling normen.norm vanaf 2026-01-01 tot en met 2026-06-30: € 1 einde \"volgt\" bron \"test\"\n"
    );
    let out = round_trip("aanvulling einde", &src);
    let expected = "aanvulling normen.norm\n  bron \"test\"\n  vanaf 2026-01-01 tot en met 2026-06-30: € 1\n  einde \"volgt\"\n";
    assert!(out.contains(expected), "missing in:\n{out}");
}

/// A break written inside a comparison is not one the layout keeps, so it
/// does not put the rule's body on a line of its own either: otherwise the
/// second `fmt` would join what the first left on two lines (found by the
/// `parse` fuzz target, fuzz/regressions/parse/).
#[test]
fn a_written_break_the_layout_does_not_keep_does_not_decide_the_form() {
    let src = format!("{HEAD}regel oudere: ja/nee = leeftijd(d)\n = 65\n");
    let out = with_written_breaks("breuk in vergelijking", &src);
    assert!(
        out.contains("regel oudere: ja/nee = leeftijd(d) = 65\n"),
        "{out}"
    );
}

/// `feit` under an invoer and the overview lines under `uitvoer` keep their
/// place and words; `feit` stays a possible name elsewhere.
#[test]
fn feit_and_the_overview_of_uitvoer_round_trip() {
    let src = format!(
        "{HEAD}keuze Toekenning: ja_dus | op_aanvraag\ninvoer client: bedrag\n  vraag \"Uw inkomen\"   feit   aanvrager\ninvoer feit: ja/nee\n\
         uitvoer toekenning, bedrag_x\n  uitkomst toekenning   vervolg op_aanvraag \"Vraag het aan.\"\n  ontvangt bedrag_x  betaalt bedrag_x\n\
         regel toekenning: Toekenning = als feit dan ja_dus anders op_aanvraag\nregel bedrag_x: bedrag = client\n"
    );
    let out = round_trip("feit", &src);
    assert!(
        out.contains("invoer client: bedrag\n  vraag \"Uw inkomen\"\n  feit aanvrager\n"),
        "{out}"
    );
    assert!(out.contains("invoer feit: ja/nee\n"), "{out}");
    assert!(
        out.contains(
            "uitvoer toekenning, bedrag_x\n  uitkomst toekenning\n    vervolg op_aanvraag \"Vraag het aan.\"\n  ontvangt bedrag_x\n  betaalt bedrag_x\n"
        ),
        "{out}"
    );
    let file = parse(&out).expect("parses");
    let Some(Item::Outputs(o)) = file.items.iter().find(|i| matches!(i, Item::Outputs(_))) else {
        panic!("uitvoer")
    };
    assert_eq!(o.outcomes[0].next_steps[0].value.name, "op_aanvraag");
    assert_eq!(o.receives[0].name, "bedrag_x");
    assert_eq!(o.pays[0].name, "bedrag_x");
}

#[test]
fn a_second_feit_is_a_syntax_error() {
    let src = format!("{HEAD}invoer a: bedrag\n  feit b\n  feit c\nuitvoer a\n");
    let err = parse(&src).expect_err("twice");
    assert!(err.message.contains("feit"), "{}", err.message);
}

#[test]
fn decision_marks_follow_ups_and_article_parts_round_trip() {
    let src = format!(
        "{HEAD}keuze Route: eigen_kracht | maatwerk\ninvoer kan_zelf: ja/nee\n\
         rechtsmiddelen \"\"\"Bent u het niet eens met dit besluit? Dan kunt u binnen zes weken bezwaar maken.\"\"\"\n  bron \"Algemene wet bestuursrecht, art. 6:7\"\n\
         zonder besluit \"\"\"U krijgt een verslag.\"\"\" bron \"Wmo 2015 art. 2.3.2 lid 8\"\n\
         artikel \"4\" \"Afwegingskader\" \"\"\"De norm bedraagt:\"\"\"\n  onder \"a\" \"\"\"eigen kracht;\"\"\"\n  lid \"3\" \"\"\"maatwerk.\"\"\"\n\
         afweging route: Route besluit\n  stap eigen_kracht als kan_zelf bron \"onder a\" geen besluit\n  anders maatwerk besluit\n\
         regel r: ja/nee besluit = kan_zelf\n"
    );
    let out = round_trip("besluit", &src);
    for expected in [
        "rechtsmiddelen\n  \"\"\"Bent u",
        "zonder besluit\n  \"\"\"U krijgt een verslag.\"\"\"\n  bron",
        "  onder \"a\"\n    \"\"\"eigen kracht;\"\"\"\n  lid \"3\"\n    \"\"\"maatwerk.\"\"\"",
        "afweging route: Route\n  besluit\n",
        "    bron \"onder a\"\n    geen besluit\n  anders maatwerk\n    besluit\n",
        "regel r: ja/nee\n  besluit\n  = kan_zelf\n",
    ] {
        assert!(out.contains(expected), "{expected:?} not in:\n{out}");
    }
    let f = parse(&src).expect("parses");
    let marks: Vec<Option<DecisionMark>> = f
        .items
        .iter()
        .flat_map(|i| match i {
            Item::Ladder(l) => vec![l.decision, l.steps[0].decision, l.otherwise.decision],
            Item::Rule(r) => vec![r.decision],
            _ => vec![],
        })
        .collect();
    use DecisionMark::{Besluit, NoBesluit};
    assert_eq!(
        marks,
        [Some(Besluit), Some(NoBesluit), Some(Besluit), Some(Besluit)]
    );
}
