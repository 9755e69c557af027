//! The short motivering (`regelwerk uitleg --kort`) of every regeling in
//! rules/ on its examples, and for the minimaregelingen a refusal on each
//! condition (the example with one fact changed). Snapshots: read them.

mod common;

use engine::Request;
use serde_json::{json, Value};

/// The short motivering of the case file at `path` (relative to the
/// repository), with `changes` set in its case first.
fn short(engine: &engine::Engine, path: &str, changes: &[(&str, Value)]) -> String {
    outcome(engine, path, changes).explain_short()
}

/// The evaluated case file at `path`, with `changes` set in its case first.
fn outcome(engine: &engine::Engine, path: &str, changes: &[(&str, Value)]) -> engine::Outcome {
    let text = std::fs::read_to_string(common::root().join(path))
        .unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let mut file: Value = serde_json::from_str(&text).expect("case file is JSON");
    for (key, value) in changes {
        file["case"][*key] = value.clone();
    }
    let regeling = file["regeling"].as_str().expect("regeling").to_string();
    let request = Request {
        trace: true,
        partial: false,
        overrides: Vec::new(),
    };
    match engine.evaluate(&regeling, &file["case"], &request) {
        Ok(outcome) => outcome,
        Err(e) => panic!("{path}: {e:?}"),
    }
}

#[test]
fn every_example_has_a_short_motivering() {
    let engine = common::rules_engine();
    let examples = common::files_with_extension(&common::root().join("examples"), "json");
    let mut ran = 0;
    for path in examples {
        let name = common::relative(&path);
        // Only case files (populations and impact sets are other formats).
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(file) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        if !file["regeling"].is_string() || !file["case"].is_object() {
            continue;
        }
        let text = short(&engine, &name, &[]);
        // No internal names: a rule name with an underscore never shows.
        assert!(
            !text.contains('_'),
            "{name}: an internal name in the short motivering:\n{text}"
        );
        insta::assert_snapshot!(name.replace(['/', '.'], "__"), text);
        ran += 1;
    }
    assert!(ran >= 15, "only {ran} examples ran");
}

const MINIMA: &str =
    "examples/heemskerk/minimaregelingen/alleenstaande-ouder-in-de-bijstand-2025.json";

#[test]
fn a_minima_refusal_names_the_condition_that_failed() {
    let engine = common::rules_engine();
    let refusals: [(&str, &[(&str, Value)]); 6] = [
        ("inkomen", &[("inkomen_per_maand", json!("2500.00"))]),
        ("vermogen", &[("vermogen", json!("50000.00"))]),
        ("woonplaats", &[("woont_in_gemeente", json!(false))]),
        (
            "leeftijd",
            &[("aanvrager", json!({ "geboortedatum": "2006-01-01" }))],
        ),
        (
            "maanden_laag_inkomen",
            &[("maanden_laag_inkomen", json!(12))],
        ),
        (
            "uitzicht",
            &[("uitzicht_op_inkomensverbetering", json!(true))],
        ),
    ];
    for (name, changes) in refusals {
        let text = short(&engine, MINIMA, changes);
        assert!(text.contains("afgewezen"), "{name}: no refusal:\n{text}");
        insta::assert_snapshot!(format!("minima_afgewezen_{name}"), text);
    }
}

const WMO_TOEGANG: &str = "examples/heemskerk/wmo-toegang/wassen-naar-de-wasservice-2026.json";

/// Which routes are a besluit is marked in the rule file: every route but
/// maatwerk gets the verslag (Wmo 2015 art. 2.3.2 lid 8 en 9), maatwerk
/// the bezwaar clause (Awb art. 6:7).
#[test]
fn a_wmo_route_without_maatwerk_gets_the_verslag_and_maatwerk_the_bezwaar_clause() {
    let engine = common::rules_engine();
    let routes: [(&str, &[(&str, Value)]); 5] = [
        ("eigen_kracht", &[("eigen_kracht_toereikend", json!(true))]),
        ("netwerk", &[("netwerk_kan_helpen", json!(true))]),
        (
            "voorliggende_voorziening",
            &[("voorliggende_voorziening", json!(true))],
        ),
        ("algemene_voorziening", &[]),
        ("maatwerk", &[("complexe_problematiek", json!(true))]),
    ];
    for (name, changes) in routes {
        let text = short(&engine, WMO_TOEGANG, changes);
        let verslag = text.contains("U krijgt een verslag van het onderzoek");
        let bezwaar = text.contains("\nBezwaar\n") && text.contains("binnen zes weken bezwaar");
        assert_eq!(
            (verslag, bezwaar),
            (name != "maatwerk", name == "maatwerk"),
            "{name}:\n{text}"
        );
        if verslag {
            assert!(
                text.contains("Wmo 2015 art. 2.3.2 lid 8 en lid 9"),
                "{text}"
            );
        }
        if name != "algemene_voorziening" {
            insta::assert_snapshot!(format!("wmo_toegang_route_{name}"), text);
        }
    }
}

/// A rule whose `bron` names a part of its article (`onder f`) cites and
/// quotes that part in the full derivation, not the whole article.
#[test]
fn the_full_derivation_quotes_the_part_of_the_article_a_rule_rests_on() {
    let engine = common::rules_engine();
    let path = "examples/landelijk/wmo-eigen-bijdrage/partner-jonger-dan-aow-vrijgesteld-2025.json";
    let text = outcome(&engine, path, &[]).explain();
    assert!(
        text.contains("\u{201c}Geen bijdrage is verschuldigd door een cliënt: f. die gehuwd is,"),
        "{text}"
    );
    assert!(
        text.contains("(art. 3.8 lid 3 Uitvoeringsbesluit onder f Wmo 2015)"),
        "{text}"
    );
    // The other parts of art. 3.8 lid 3 are not quoted.
    assert!(
        !text.contains("twee of meer aaneengesloten nachten"),
        "{text}"
    );
    let short = outcome(&engine, path, &[]).explain_short();
    assert!(
        short.contains("art. 3.8 lid 3 Uitvoeringsbesluit onder f"),
        "{short}"
    );
}

/// Facts set in a case before it is evaluated.
type Changes<'a> = &'a [(&'a str, Value)];

const EIGEN_BIJDRAGE: &str =
    "examples/landelijk/wmo-eigen-bijdrage/partner-jonger-dan-aow-vrijgesteld-2025.json";

/// Every reason of the eigen bijdrage (art. 3.8 lid 3 onder a, b, c/g/h and
/// f, no voorziening, the kostprijs, the tarief): each cites the part of the
/// article it rests on, and the vaststelling is a besluit.
#[test]
fn every_eigen_bijdrage_reason_cites_its_part_and_ends_with_the_bezwaar_clause() {
    let engine = common::rules_engine();
    let alone = ("partner", Value::Null);
    let reasons: [(&str, Changes, Option<&str>); 7] = [
        (
            "wlz",
            &[("wlz_of_beschermd_wonen_bijdrage", json!(true))],
            Some("onder a"),
        ),
        (
            "opvang",
            &[("nachten_opvang_aaneengesloten", json!(2))],
            Some("onder b"),
        ),
        ("college", &[("vrijstelling_college", json!(true))], None),
        ("gehuwd_onder_aow", &[], Some("onder f")),
        (
            "geen_voorziening",
            &[alone.clone(), ("voorzieningen", json!([]))],
            None,
        ),
        (
            "kostprijs",
            &[
                alone.clone(),
                (
                    "voorzieningen",
                    json!([{ "soort": "begeleiding", "kostprijs_per_periode": "10.00" }]),
                ),
            ],
            None,
        ),
        ("abonnementstarief", &[alone], None),
    ];
    for (name, changes, part) in reasons {
        let text = short(&engine, EIGEN_BIJDRAGE, changes);
        assert!(
            text.ends_with("Dit berust op Algemene wet bestuursrecht, art. 6:7.\n"),
            "{name}:\n{text}"
        );
        if let Some(part) = part {
            let cited = format!("art. 3.8 lid 3 Uitvoeringsbesluit {part}");
            assert!(text.contains(&cited), "{name}: no {cited}:\n{text}");
        }
        insta::assert_snapshot!(format!("eigen_bijdrage_{name}"), text);
    }
}
