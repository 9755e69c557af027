//! `vervang` in a layer, evaluated: a layer that replaces a parameter and a
//! rule of its base computes with its own definitions, also where a rule of
//! the base uses them, and the trace and the explanation name the layer
//! that decided. (The checker's tests cover only `vervang`'s type rules.)

use engine::test_runner::run_test_blocks;
use engine::{Engine, Request, SourceSet};
use serde_json::{json, Value as Json};

/// 16 hours per room and no supplement in the base; the layer replaces
/// both (18 hours, 5 hours' supplement). Each file carries its own test.
const BASE: &str = r#"regeling "Basis"
  id basis
  geldig vanaf 2024-01-01
  bron "Basisverordening"

artikel "3" "Uren per kamer"
  """Per extra kamer 16 uur per jaar."""

invoer kamers: geheel getal
parameter uren_per_kamer: geheel getal = 16
regel uren: geheel getal = kamers * uren_per_kamer

artikel "4" "Toeslag"
  """Geen toeslag."""

regel toeslag: geheel getal = 0
regel totaal: geheel getal = uren + toeslag

uitvoer uren, toeslag, totaal

test "basis: 16 uur per kamer"
  peildatum 2024-03-01
  kamers = 2
  verwacht uren = 32
  verwacht totaal = 32
"#;

const LAYER: &str = r#"regeling "Laag"
  id lokaal
  geldig vanaf 2024-01-01
  bron "Lokale verordening"
  laag op basis

artikel "7" "Afwijkende uren"
  """Per extra kamer 18 uur per jaar, en 5 uur toeslag."""

vervang parameter uren_per_kamer: geheel getal = 18
vervang regel toeslag: geheel getal = 5

test "laag: 18 uur per kamer en 5 uur toeslag"
  peildatum 2024-03-01
  kamers = 2
  verwacht uren = 36
  verwacht toeslag = 5
  verwacht totaal = 41
"#;

fn engine() -> Engine {
    let mut sources = SourceSet::new();
    sources.add("rules/basis/2024.regels", BASE);
    sources.add("rules/lokaal/2024.regels", LAYER);
    let engine = Engine::new(sources);
    assert!(
        engine.diagnostics().is_empty(),
        "{:#?}",
        engine.diagnostics()
    );
    engine
}

fn evaluate(engine: &Engine, regeling: &str) -> Json {
    let case = json!({ "peildatum": "2024-03-01", "kamers": 2 });
    let request = Request {
        trace: true,
        ..Request::default()
    };
    engine
        .evaluate(regeling, &case, &request)
        .unwrap_or_else(|e| panic!("{regeling}: {e}"))
        .to_json()
}

#[test]
fn the_test_blocks_of_base_and_layer_pass() {
    let results = run_test_blocks(&engine(), None);
    let names: Vec<&str> = results.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "basis: 16 uur per kamer",
            "laag: 18 uur per kamer en 5 uur toeslag"
        ]
    );
    for r in &results {
        assert!(r.passed(), "{}: {:?}", r.name, r.failures);
    }
}

#[test]
fn the_layer_computes_with_its_replacements_and_the_base_with_its_own() {
    let engine = engine();
    assert_eq!(
        evaluate(&engine, "lokaal")["outputs"],
        json!({ "uren": 36, "toeslag": 5, "totaal": 41 })
    );
    assert_eq!(
        evaluate(&engine, "basis")["outputs"],
        json!({ "uren": 32, "toeslag": 0, "totaal": 32 })
    );
}

#[test]
fn the_trace_names_the_layer_that_decided() {
    let result = evaluate(&engine(), "lokaal");
    let rule = |name: &str| -> Json {
        result["trace"]["regels"]
            .as_array()
            .and_then(|rs| rs.iter().find(|r| r["naam"] == name))
            .cloned()
            .unwrap_or_else(|| panic!("no rule {name} in the trace"))
    };
    // The replaced rule is the layer's, with the layer's article.
    let toeslag = rule("toeslag");
    assert_eq!(toeslag["laag"], "lokaal");
    assert_eq!(toeslag["bron"], "art. 7 Lokale verordening");
    // The base's rule uses the layer's parameter value, and says so.
    let uren = rule("uren");
    assert_eq!(uren["laag"], "basis");
    let parameter = uren["gebruikt"]
        .as_array()
        .and_then(|g| g.iter().find(|u| u["naam"] == "uren_per_kamer"))
        .cloned()
        .expect("uren uses uren_per_kamer");
    assert_eq!(parameter["waarde"], 18);
    assert_eq!(parameter["bron"], "art. 7 Lokale verordening");
}

#[test]
fn the_explanation_names_the_layer_that_decided() {
    let engine = engine();
    let case = json!({ "peildatum": "2024-03-01", "kamers": 2 });
    let text = engine
        .evaluate(
            "lokaal",
            &case,
            &Request {
                trace: true,
                ..Request::default()
            },
        )
        .expect("evaluates")
        .explain();
    for expected in [
        "uren: 36\n  Dit volgt uit art. 3 Basisverordening (uit de regeling basis).\n",
        "  - uren per kamer: 18 (art. 7 Lokale verordening)\n",
        "toeslag: 5\n  Dit volgt uit art. 7 Lokale verordening.\n",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}
