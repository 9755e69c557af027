//! The order of questions from partial evaluation, on real rules: the
//! Wmo-toegang of Heemskerk (rules/heemskerk/wmo-toegang/2026.regels)
//! answered one question at a time, always the first input the engine
//! still needs (as the app asks). The expected sequences follow the
//! afwegingskader of article 4: its steps in order, the conditions of a
//! step left to right, and a step skipped without its other questions once
//! one condition fails.

mod common;

use engine::{Engine, Request};
use serde_json::{json, Map, Value as Json};

/// The inputs asked, in order, answering each from `answers`; fails when an
/// input is asked twice or one is asked that `answers` does not hold. Also
/// returns the outputs once nothing more is needed.
fn interview(engine: &Engine, peildatum: &str, answers: &Json) -> (Vec<String>, Json) {
    let mut case = Map::new();
    case.insert("peildatum".into(), json!(peildatum));
    let mut asked: Vec<String> = Vec::new();
    let request = Request {
        partial: true,
        ..Request::default()
    };
    loop {
        let result = engine
            .evaluate(
                "heemskerk.wmo_toegang",
                &Json::Object(case.clone()),
                &request,
            )
            .unwrap_or_else(|e| panic!("after {asked:?}: {e}"))
            .to_json();
        let missing = result["ontbrekend"].as_array().expect("ontbrekend").clone();
        let Some(next) = missing.first().and_then(Json::as_str) else {
            assert_eq!(result["onbeslist"], json!([]), "after {asked:?}");
            return (asked, result["outputs"].clone());
        };
        assert!(
            !asked.iter().any(|a| a == next),
            "{next} asked twice: {asked:?}"
        );
        let answer = answers.get(next).unwrap_or_else(|| {
            panic!("asks {next}, which the scenario does not answer (after {asked:?})")
        });
        case.insert(next.to_string(), answer.clone());
        asked.push(next.to_string());
    }
}

#[test]
fn every_step_of_the_ladder_is_asked_in_order_until_maatwerk() {
    let engine = common::rules_engine();
    // 75 years old, a household question, nothing before maatwerk helps;
    // complex problems rule out Powerful Ageing and the algemene voorziening.
    let answers = json!({
        "client": { "geboortedatum": "1950-06-01" },
        "hulpvraag": "huishouden",
        "eigen_kracht_toereikend": false,
        "huisgenoot_kan_gebruikelijke_hulp": false,
        "netwerk_kan_helpen": false,
        "voorliggende_voorziening": false,
        "powerful_ageing_gevolgd": false,
        "complexe_problematiek": true,
    });
    let (asked, outputs) = interview(&engine, "2026-02-01", &answers);
    assert_eq!(
        asked,
        [
            "eigen_kracht_toereikend",           // stap 1
            "hulpvraag",                         // stap 2: huishouden of wassen …
            "huisgenoot_kan_gebruikelijke_hulp", // … en een huisgenoot
            "netwerk_kan_helpen",                // stap 3
            "voorliggende_voorziening",          // stap 4
            "client",                            // stap 5 (lid 3): 65 of ouder …
            "powerful_ageing_gevolgd",           // … nog niet gevolgd …
            "complexe_problematiek",             // … zonder complexe problematiek
        ]
    );
    assert_eq!(outputs["route"], "maatwerkvoorziening");
    assert_eq!(outputs["voorziening"], "maatwerk_huishouden");
}

#[test]
fn a_failed_condition_skips_the_rest_of_its_step() {
    let engine = common::rules_engine();
    // Mobility: no gebruikelijke hulp (only huishouden and wassen) and no
    // Powerful Ageing (only huishouden), so neither the housemate nor the
    // client's age is asked; the scootmobielpool is the algemene voorziening.
    let answers = json!({
        "hulpvraag": "mobiliteit",
        "eigen_kracht_toereikend": false,
        "netwerk_kan_helpen": false,
        "voorliggende_voorziening": false,
        "complexe_problematiek": false,
    });
    let (asked, outputs) = interview(&engine, "2026-02-01", &answers);
    assert_eq!(
        asked,
        [
            "eigen_kracht_toereikend",
            "hulpvraag",
            "netwerk_kan_helpen",
            "voorliggende_voorziening",
            "complexe_problematiek",
        ]
    );
    assert_eq!(outputs["route"], "algemene_voorziening");
    assert_eq!(outputs["voorziening"], "scootmobielpool");
}

#[test]
fn the_first_step_that_decides_ends_the_interview() {
    let engine = common::rules_engine();
    let answers = json!({
        "hulpvraag": "wassen",
        "eigen_kracht_toereikend": false,
        "huisgenoot_kan_gebruikelijke_hulp": true,
    });
    let (asked, outputs) = interview(&engine, "2026-02-01", &answers);
    assert_eq!(
        asked,
        [
            "eigen_kracht_toereikend",
            "hulpvraag",
            "huisgenoot_kan_gebruikelijke_hulp"
        ]
    );
    assert_eq!(outputs["route"], "gebruikelijke_hulp");
    assert_eq!(outputs["document"], "geen");
}
