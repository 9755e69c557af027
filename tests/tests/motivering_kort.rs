//! The short motivering (`regelwerk uitleg --kort`) of every regeling in
//! rules/ on its examples, and for the minimaregelingen a refusal on each
//! condition (the example with one fact changed). Snapshots: read them.

mod common;

use engine::Request;
use serde_json::{json, Value};

/// The short motivering of the case file at `path` (relative to the
/// repository), with `changes` set in its case first.
fn short(engine: &engine::Engine, path: &str, changes: &[(&str, Value)]) -> String {
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
        Ok(outcome) => outcome.explain_short(),
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
