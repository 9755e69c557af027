//! Snapshot tests of `regelwerk diff` (the semantic diff): one test per
//! kind of change, each on a small rule file and a copy with that one
//! change. The snapshots hold the text report (no colour) an auditor reads;
//! one test each for the JSON and Markdown forms and for folders.

use audit::diff::{diff_sides, Action, Diff, Kind, SideFile};
use audit::report::{self, Plain};

const BASE: &str = r#"regeling "Voorbeeldtoeslag"
  id proef.voorbeeld
  geldig vanaf 2025-01-01
  bron "Voorbeeldregeling 2025"

keuze Leefvorm: alleenstaand | gehuwd

keuze Route: klein | middel | groot

gegeven Persoon
  geboortedatum: datum

invoer aanvrager: Persoon
invoer leefvorm: Leefvorm
invoer inkomen: bedrag per maand

uitvoer toeslag, route

parameter basisbedrag: bedrag per maand
  bron "art. 2 lid 2"
  vanaf 2025-01-01: € 100
  vanaf 2025-07-01: € 110

parameter inkomensgrens: bedrag per maand = € 2.000

artikel "2" "Toeslag"
  """De toeslag is het basisbedrag maal de factor voor de leefvorm."""

regel toeslag: bedrag per maand
  = basisbedrag * factor(leefvorm) afgerond op centen

uitzondering "hoog inkomen" op toeslag
  bron "art. 2 lid 3"
  als inkomen > inkomensgrens
  dan € 0

tabel factor(leefvorm: Leefvorm) -> factor: getal
  beslis uniek
  | leefvorm     | factor |
  | alleenstaand | 1      |
  | gehuwd       | 1,5    |

artikel "3" "Route"

afweging route: Route
  stap klein als inkomen < € 1.000
    motivering "Uw inkomen is laag."
  stap middel als inkomen < inkomensgrens
  anders groot
"#;

fn side(path: &str, text: &str) -> Vec<SideFile> {
    vec![SideFile {
        path: path.to_string(),
        text: text.to_string(),
    }]
}

/// The diff of BASE with a copy in which each `(from, to)` is replaced once.
fn diff_with(edits: &[(&str, &str)]) -> Diff {
    let mut new = BASE.to_string();
    for (from, to) in edits {
        assert!(new.contains(from), "the base file has no `{from}`");
        new = new.replacen(from, to, 1);
    }
    diff_sides(
        "oud/voorbeeld.regels",
        &side("oud/voorbeeld.regels", BASE),
        "nieuw/voorbeeld.regels",
        &side("nieuw/voorbeeld.regels", &new),
    )
    .expect("both versions parse")
}

fn text(edits: &[(&str, &str)]) -> String {
    report::diff_text(&diff_with(edits), &Plain)
}

fn kinds(d: &Diff) -> Vec<(Kind, Action, String)> {
    d.versions[0]
        .changes
        .iter()
        .map(|c| (c.kind, c.action, c.name.clone()))
        .collect()
}

#[test]
fn identical_files_have_no_changes() {
    let d = diff_with(&[]);
    assert!(!d.has_changes());
    insta::assert_snapshot!(report::diff_text(&d, &Plain));
}

#[test]
fn layout_and_comments_only() {
    let d = diff_with(&[
        (
            "regel toeslag: bedrag per maand\n  = basisbedrag",
            "// De toeslag per maand.\nregel   toeslag :  bedrag per maand =\n      basisbedrag",
        ),
        ("  | gehuwd       | 1,5    |", "  | gehuwd | 1,50 |"),
        (
            "\"\"\"De toeslag is het basisbedrag maal",
            "\"\"\"De toeslag is het basisbedrag\n     maal",
        ),
    ]);
    assert!(kinds(&d).is_empty(), "{:?}", kinds(&d));
    assert!(d.versions[0].layout.comment_changed);
    insta::assert_snapshot!(report::diff_text(&d, &Plain));
}

#[test]
fn parameter_dated_values() {
    insta::assert_snapshot!(text(&[(
        "  vanaf 2025-01-01: € 100\n  vanaf 2025-07-01: € 110",
        "  vanaf 2025-01-01: € 100\n  vanaf 2025-07-01: € 115\n  vanaf 2026-01-01: € 120"
    )]));
}

#[test]
fn parameter_value_removed_and_constant_changed() {
    insta::assert_snapshot!(text(&[
        (
            "  vanaf 2025-01-01: € 100\n  vanaf 2025-07-01: € 110",
            "  vanaf 2025-01-01: € 100"
        ),
        (
            "parameter inkomensgrens: bedrag per maand = € 2.000",
            "parameter inkomensgrens: bedrag per maand = € 2.100"
        ),
    ]));
}

#[test]
fn parameter_added_removed_type_and_source() {
    insta::assert_snapshot!(text(&[
        (
            "parameter inkomensgrens: bedrag per maand = € 2.000",
            "parameter ondergrens: bedrag per maand = € 1.000"
        ),
        (
            "parameter basisbedrag: bedrag per maand\n  bron \"art. 2 lid 2\"",
            "parameter basisbedrag: bedrag per jaar\n  bron \"art. 2 lid 2 (gewijzigd)\""
        ),
    ]));
}

#[test]
fn rule_body_changed() {
    insta::assert_snapshot!(text(&[(
        "  = basisbedrag * factor(leefvorm) afgerond op centen",
        "  = (basisbedrag + € 5) * factor(leefvorm) afgerond op centen"
    )]));
}

#[test]
fn rule_added_and_overridable() {
    insta::assert_snapshot!(text(&[(
        "regel toeslag: bedrag per maand\n  =",
        "regel drempel: ja/nee = inkomen > € 500\n\nregel toeslag: bedrag per maand\n  afwijkbaar\n  ="
    )]));
}

#[test]
fn exception_changed_added_removed() {
    let changed = text(&[(
        "  als inkomen > inkomensgrens\n  dan € 0",
        "  als inkomen >= inkomensgrens\n  dan € 10",
    )]);
    let added = text(&[(
        "tabel factor",
        "uitzondering \"geen woonplaats\" op toeslag\n  als leefvorm = gehuwd en inkomen > € 3.000\n  dan € 0\n\ntabel factor",
    )]);
    let removed = text(&[("uitzondering \"hoog inkomen\" op toeslag\n  bron \"art. 2 lid 3\"\n  als inkomen > inkomensgrens\n  dan € 0\n", "")]);
    insta::assert_snapshot!(format!(
        "--- gewijzigd\n{changed}\n--- toegevoegd\n{added}\n--- verwijderd\n{removed}"
    ));
}

#[test]
fn table_rows() {
    let d = diff_with(&[
        (
            "keuze Leefvorm: alleenstaand | gehuwd",
            "keuze Leefvorm: alleenstaand | gehuwd | samenwonend",
        ),
        (
            "  | gehuwd       | 1,5    |",
            "  | gehuwd       | 1,4    |\n  | samenwonend  | 1,4    |",
        ),
    ]);
    insta::assert_snapshot!(report::diff_text(&d, &Plain));
    let removed = text(&[("  | gehuwd       | 1,5    |\n", "")]);
    insta::assert_snapshot!("table_row_removed", removed);
}

#[test]
fn table_hit_policy_and_columns() {
    insta::assert_snapshot!(text(&[
        ("tabel factor(leefvorm: Leefvorm) -> factor: getal\n  beslis uniek", "tabel factor(leefvorm: Leefvorm) -> factor: getal, code: tekst\n  beslis eerste"),
        ("  | leefvorm     | factor |\n  | alleenstaand | 1      |\n  | gehuwd       | 1,5    |", "  | leefvorm     | factor | code |\n  | alleenstaand | 1      | \"A\"  |\n  | gehuwd       | 1,5    | \"G\"  |"),
    ]));
}

#[test]
fn ladder_steps() {
    let added = text(&[(
        "  stap middel als",
        "  stap nihil als inkomen = € 0\n  stap middel als",
    )]);
    let changed = text(&[("  stap middel als inkomen < inkomensgrens", "  stap middel als inkomen < inkomensgrens en leefvorm = alleenstaand\n    motivering \"Midden.\"")]);
    let removed = text(&[("  stap middel als inkomen < inkomensgrens\n", "")]);
    let reordered = text(&[(
        "  stap klein als inkomen < € 1.000\n    motivering \"Uw inkomen is laag.\"\n  stap middel als inkomen < inkomensgrens",
        "  stap middel als inkomen < inkomensgrens\n  stap klein als inkomen < € 1.000\n    motivering \"Uw inkomen is laag.\"",
    )]);
    let otherwise = text(&[("  anders groot", "  anders middel")]);
    insta::assert_snapshot!(format!(
        "--- stap toegevoegd\n{added}\n--- stap gewijzigd\n{changed}\n--- stap verwijderd\n{removed}\n--- volgorde\n{reordered}\n--- anders\n{otherwise}"
    ));
}

#[test]
fn keuze_values() {
    insta::assert_snapshot!(text(&[(
        "keuze Route: klein | middel | groot",
        "keuze Route: klein | groot | zeer_groot"
    )]));
}

#[test]
fn inputs_outputs_and_records() {
    insta::assert_snapshot!(text(&[
        (
            "invoer inkomen: bedrag per maand",
            "invoer inkomen: bedrag per jaar\ninvoer vermogen: bedrag"
        ),
        ("invoer leefvorm: Leefvorm\n", ""),
        ("uitvoer toeslag, route", "uitvoer toeslag"),
        (
            "  geboortedatum: datum",
            "  geboortedatum: datum\n  bsn: tekst"
        ),
    ]));
}

#[test]
fn article_text_and_reference() {
    let d = diff_with(&[
        ("De toeslag is het basisbedrag maal", "De toeslag is het verhoogde basisbedrag maal"),
        ("uitzondering \"hoog inkomen\" op toeslag", "artikel \"2a\" \"Uitzondering bij een hoog inkomen\"\n\nuitzondering \"hoog inkomen\" op toeslag"),
        ("tabel factor(", "artikel \"2\" \"Toeslag\"\n\ntabel factor("),
    ]);
    // The exception now stands under article 2a: a changed reference.
    assert!(kinds(&d)
        .iter()
        .any(|(k, a, n)| *k == Kind::Exception && *a == Action::Changed && n == "hoog inkomen"));
    insta::assert_snapshot!(report::diff_text(&d, &Plain));
}

#[test]
fn header_validity_and_source() {
    insta::assert_snapshot!(text(&[(
        "  geldig vanaf 2025-01-01\n  bron \"Voorbeeldregeling 2025\"",
        "  geldig vanaf 2025-01-01 tot en met 2025-12-31\n  bron \"Voorbeeldregeling 2025, gewijzigd\""
    )]));
}

#[test]
fn json_form() {
    let d = diff_with(&[("  vanaf 2025-07-01: € 110", "  vanaf 2025-07-01: € 112")]);
    let mut json = serde_json::to_value(&d).expect("serializable");
    // Hashes depend on the exact text; keep them out of the snapshot.
    for v in json["versies"].as_array_mut().into_iter().flatten() {
        for side in ["oud", "nieuw"] {
            v[side]["hash"] = serde_json::Value::String("[hash]".into());
        }
    }
    insta::assert_snapshot!(serde_json::to_string_pretty(&json).expect("json"));
}

#[test]
fn markdown_form() {
    let d = diff_with(&[
        ("  vanaf 2025-07-01: € 110", "  vanaf 2025-07-01: € 112"),
        (
            "  stap middel als",
            "  stap nihil als inkomen = € 0\n  stap middel als",
        ),
        ("  | gehuwd       | 1,5    |", "  | gehuwd       | 1,4    |"),
    ]);
    let md = report::diff_markdown(&d, 1);
    // Hashes depend on the exact text.
    let md: String = md
        .lines()
        .map(|l| {
            if l.starts_with("| inhoud |") {
                "| inhoud | [hash] | [hash] |"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!(md);
}

#[test]
fn folders_pair_versions_by_version() {
    let v2025 = BASE.to_string();
    let v2026 = BASE
        .replace("geldig vanaf 2025-01-01", "geldig vanaf 2026-01-01")
        .replace(
            "vanaf 2025-07-01: € 110",
            "vanaf 2025-07-01: € 110\n  vanaf 2026-01-01: € 120",
        );
    let v2025_changed = v2025.replace(
        "geldig vanaf 2025-01-01",
        "geldig vanaf 2025-01-01 tot en met 2025-12-31",
    );
    let old = vec![SideFile {
        path: "r/2025.regels".into(),
        text: v2025,
    }];
    let new = vec![
        SideFile {
            path: "r/2025.regels".into(),
            text: v2025_changed,
        },
        SideFile {
            path: "r/2026.regels".into(),
            text: v2026,
        },
    ];
    let d = diff_sides("r@HEAD~1", &old, "r", &new).expect("parses");
    assert_eq!(d.versions.len(), 2);
    assert!(d
        .versions
        .iter()
        .any(|v| v.old.is_none() && v.new.as_ref().is_some_and(|n| n.version == "2026")));
    insta::assert_snapshot!(report::diff_text(&d, &Plain));
}

#[test]
fn syntax_errors_are_reported_not_diffed() {
    let bad = side("nieuw.regels", "regeling \"x\"\n  id\n");
    let problems =
        diff_sides("oud", &side("oud.regels", BASE), "nieuw", &bad).expect_err("does not parse");
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].path, "nieuw.regels");
}

#[test]
fn behaviour_of_a_changed_parameter_and_step() {
    use audit::behaviour::{sides, BehaviourRun};
    let new = BASE
        .replace("  vanaf 2025-07-01: € 110", "  vanaf 2025-07-01: € 120")
        .replace(
            "keuze Route: klein | middel | groot",
            "keuze Route: nihil | klein | middel | groot",
        )
        .replace(
            "  stap middel als",
            "  stap nihil als inkomen = € 0\n  stap middel als",
        )
        .replace(
            "  stap klein als inkomen < € 1.000",
            "  stap klein als inkomen < € 1.200",
        );
    let (old, new) = sides(
        &[],
        &[("oud/voorbeeld.regels".to_string(), BASE.to_string())],
        &[("nieuw/voorbeeld.regels".to_string(), new)],
    )
    .expect("both sides load");
    let mut run = BehaviourRun::between(&old, &new);
    let cases = [
        r#"{"peildatum": "2025-08-01", "aanvrager": {"geboortedatum": "1980-01-01"}, "leefvorm": "alleenstaand", "inkomen": "900.00"}"#,
        r#"{"peildatum": "2025-08-01", "aanvrager": {"geboortedatum": "1980-01-01"}, "leefvorm": "gehuwd", "inkomen": "1100.00"}"#,
        r#"{"peildatum": "2025-08-01", "aanvrager": {"geboortedatum": "1980-01-01"}, "leefvorm": "gehuwd", "inkomen": "2500.00"}"#,
        r#"{"peildatum": "2025-03-01", "aanvrager": {"geboortedatum": "1980-01-01"}, "leefvorm": "alleenstaand", "inkomen": "1500.00"}"#,
        r#"{"peildatum": "2024-03-01", "aanvrager": {"geboortedatum": "1980-01-01"}, "leefvorm": "alleenstaand", "inkomen": "1500.00"}"#,
    ];
    for (i, c) in cases.iter().enumerate() {
        audit::LineSink::add_line(&mut run, i as u64 + 1, c);
    }
    let r = run.report(0);
    // Case 1: toeslag 110 → 120; case 2: 165 → 180 and route middel → klein
    // (the klein step now reaches € 1.200); case 3: no toeslag (exception)
    // and route groot either way; case 4: before July and route middel,
    // same; case 5: no version in 2024 on either side.
    assert_eq!(
        (r.cases, r.changed, r.unchanged, r.failed_both),
        (5, 2, 2, 1)
    );
    insta::assert_snapshot!(format!(
        "{}\n--- markdown\n{}",
        report::behaviour_text(&r, &Plain),
        report::behaviour_markdown(&r, 1)
    ));
}

#[test]
fn a_long_text_with_most_words_kept_carries_its_changed_words() {
    let read = |v: &str| {
        let path = format!("rules/heemskerk/wmo-toegang/{v}.regels");
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("..")
                .join(&path),
        )
        .expect("rule file");
        side(&path, &text)
    };
    let d = diff_sides("2025", &read("2025"), "2026", &read("2026")).expect("both parse");
    let json = serde_json::to_value(&d).expect("serializable");
    let article = json["versies"][0]["wijzigingen"]
        .as_array()
        .expect("changes")
        .iter()
        .find(|c| c["soort"] == "artikel" && c["naam"] == "4")
        .expect("article 4 changed");
    let detail = |aspect: &str| {
        article["details"]
            .as_array()
            .expect("details")
            .iter()
            .find(|d| d["aspect"] == aspect)
            .unwrap_or_else(|| panic!("its {aspect} changed"))
    };
    let text = detail("tekst");
    let runs = text["woorden"].as_array().expect("word runs");
    let of = |kind: &str| -> Vec<&str> {
        runs.iter()
            .filter(|r| r["soort"] == kind)
            .map(|r| r["tekst"].as_str().expect("tekst"))
            .collect()
    };
    // Lid 3 is a part of its own in 2026 (`lid "3"`): the text around it
    // loses no word, and the part is a change of its own.
    assert!(of("weg").is_empty(), "{:?}", of("weg"));
    let parts = detail("delen");
    assert_eq!(parts["oud"], "geen");
    assert!(
        parts["nieuw"]
            .as_str()
            .is_some_and(|t| t.starts_with("lid 3: \"\"\"een cliënt van 65 jaar")),
        "{parts}"
    );
    assert!(
        of("bij").contains(&"door deelname aan Powerful Ageing (lid 3);"),
        "{:?}",
        of("bij")
    );
    // Kept and removed words give the old text, kept and added the new one
    // (as words: the runs join them with single spaces).
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let side_of = |keep: &str| {
        runs.iter()
            .filter(|r| r["soort"] == "gelijk" || r["soort"] == keep)
            .map(|r| r["tekst"].as_str().expect("tekst"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(side_of("weg"), words(text["oud"].as_str().expect("oud")));
    assert_eq!(
        side_of("bij"),
        words(text["nieuw"].as_str().expect("nieuw"))
    );
    // The text and Markdown reports mark the same words.
    let plain = report::diff_text(&d, &Plain);
    assert!(
        plain.contains("{+door deelname aan Powerful Ageing (lid 3);+}"),
        "{plain}"
    );
    let md = report::diff_markdown(&d, 1);
    assert!(
        md.contains("**door deelname aan Powerful Ageing (lid 3);**"),
        "{md}"
    );
    // A short change gets none: old and new are shown as they are.
    let short = diff_with(&[("  vanaf 2025-07-01: € 110", "  vanaf 2025-07-01: € 112")]);
    let short = serde_json::to_value(&short).expect("serializable");
    assert!(!short.to_string().contains("woorden"));
}

/// A layer on BASE: it states one extra keuze value and one exception.
const LAYER: &str = r#"regeling "Voorbeeldtoeslag Proefstad"
  id proef.proefstad
  geldig vanaf 2025-01-01
  laag op proef.voorbeeld

keuze Route uitgebreid met extra

uitzondering "laag inkomen" op toeslag
  als inkomen < € 10
  dan € 5
"#;

/// A base and its layer: the diff compares what each file says, says so,
/// and reports what only the base states (a `gebruik`, the keuze values
/// the layer extends) as inherited, not as removed or added.
#[test]
fn a_base_and_its_layer_compare_file_texts_and_inherit_the_rest() {
    let base = BASE.replacen(
        "keuze Leefvorm",
        "gebruik landelijk.aow_leeftijd als aow\n\nkeuze Leefvorm",
        1,
    );
    let forward = diff_sides(
        "basis.regels",
        &side("basis.regels", &base),
        "laag.regels",
        &side("laag.regels", LAYER),
    )
    .expect("both parse");
    let changes = kinds(&forward);
    assert!(
        changes.iter().all(|(_, a, _)| *a != Action::Removed),
        "{changes:?}"
    );
    assert!(changes.contains(&(Kind::Exception, Action::Added, "laag inkomen".into())));
    let layer = forward.versions[0]
        .layer
        .as_ref()
        .expect("a layer relation");
    assert!(layer.new_is_layer);
    assert_eq!(layer.base, "proef.voorbeeld");
    assert!(layer
        .inherited
        .contains(&"gebruik landelijk.aow_leeftijd".to_string()));
    let text = report::diff_text(&forward, &Plain);
    assert!(
        text.contains("Het nieuwe bestand is een laag op proef.voorbeeld. Deze vergelijking vergelijkt wat elk bestand zelf zegt"),
        "{text}"
    );
    // The extended keuze: only the value the layer adds.
    assert!(text.contains("+ waarde: extra"), "{text}");
    assert!(!text.contains("- waarde:"), "{text}");

    let back = diff_sides(
        "laag.regels",
        &side("laag.regels", LAYER),
        "basis.regels",
        &side("basis.regels", &base),
    )
    .expect("both parse");
    let changes = kinds(&back);
    assert!(
        changes.iter().all(|(_, a, _)| *a != Action::Added),
        "{changes:?}"
    );
    let text = report::diff_text(&back, &Plain);
    assert!(
        text.contains("Het oude bestand is een laag op proef.voorbeeld."),
        "{text}"
    );
    assert!(
        text.contains("staat hieronder niet als toegevoegd"),
        "{text}"
    );
}

/// Bounds on an input or a gegeven's field and a parameter's label are named
/// in the diff (a bound changes which cases are accepted).
#[test]
fn bounds_and_a_parameter_label() {
    let out = text(&[
        (
            "invoer inkomen: bedrag per maand",
            "invoer inkomen: bedrag per maand minimaal € 0",
        ),
        (
            "  geboortedatum: datum\n",
            "  geboortedatum: datum\n  kinderen: geheel getal minimaal 0\n",
        ),
        (
            "parameter basisbedrag: bedrag per maand\n",
            "parameter basisbedrag: bedrag per maand\n  label \"basisbedrag per maand\"\n",
        ),
    ]);
    for expected in [
        "minimaal € 0",
        "kinderen: geheel getal minimaal 0",
        "\"basisbedrag per maand\"",
    ] {
        assert!(out.contains(expected), "{expected} not in:\n{out}");
    }
}

/// A new label, question or help text changes what people read: the diff names it, as
/// a change of the declaration, without a change in what is computed.
#[test]
fn labels_questions_and_help_texts() {
    let out = text(&[
        (
            "invoer inkomen: bedrag per maand",
            "invoer inkomen: bedrag per maand\n  vraag \"Hoeveel verdient u per maand?\"\n  hulp \"Netto.\"",
        ),
        ("keuze Route: klein | middel", "keuze Route: klein label \"kleine route\" | middel"),
        ("regel toeslag: bedrag per maand\n", "regel toeslag: bedrag per maand\n  label \"toeslag per maand\"\n"),
    ]);
    for expected in [
        "\"Hoeveel verdient u per maand?\"",
        "\"Netto.\"",
        "klein \"kleine route\"",
        "\"toeslag per maand\"",
    ] {
        assert!(out.contains(expected), "{expected} not in:\n{out}");
    }
    assert!(!out.contains("berekening"), "{out}");
}
