//! `regelwerk huishouden` end to end: one household case decided for
//! minimaregelingen, wmo-toegang and the Wmo eigen bijdrage at once
//! (examples/heemskerk/huishouden). Each regeling's part must be exactly
//! what `regelwerk bereken` gives on that regeling's own case (built here
//! by hand from the household facts and the correspondence the rule files
//! declare), the totals must be the sums of the parts, each shared question
//! is asked once, and mistakes come back at their place in the household.

mod common;

use common::binary::{assert_exit, regelwerk, scratch, stderr, stdout};
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::path::Path;
use std::str::FromStr;

const EXAMPLE: &str = "examples/heemskerk/huishouden/gezin-met-partner-en-kinderen-2025.json";

fn example() -> Value {
    let text = std::fs::read_to_string(common::root().join(EXAMPLE)).expect("the example");
    serde_json::from_str(&text).expect("valid JSON")
}

fn decide_json(args: &[&str]) -> Value {
    let o = regelwerk(args);
    assert_exit(&o, 0, "huishouden --format json");
    serde_json::from_str(&stdout(&o)).expect("JSON on stdout")
}

/// `household` written to `dir/name`; its path.
fn written(dir: &Path, name: &str, household: &Value) -> String {
    let file = dir.join(name);
    std::fs::write(&file, household.to_string()).expect("write the household");
    file.to_str().expect("utf-8").to_string()
}

fn part<'a>(decision: &'a Value, regeling: &str) -> &'a Value {
    decision["regelingen"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["regeling"] == regeling))
        .unwrap_or_else(|| panic!("{regeling} in {decision}"))
}

/// The regeling's own case from the household facts: the members `names`
/// take the fact of their own name, `renamed` (input, fact) another one.
fn own_case(facts: &Value, names: &[&str], renamed: &[(&str, &str)]) -> Value {
    let mut case = json!({ "peildatum": "2025-06-01" });
    for n in names {
        case[*n] = facts[*n].clone();
    }
    for (input, fact) in renamed {
        case[*input] = facts[*fact].clone();
    }
    case
}

fn bereken(regeling: &str, case: &Value, dir: &Path) -> Value {
    let file = written(dir, &format!("{}.json", regeling.replace('/', "_")), case);
    let o = regelwerk(&["bereken", regeling, &file, "--format", "json"]);
    assert_exit(&o, 0, "bereken");
    serde_json::from_str(&stdout(&o)).expect("JSON")
}

#[test]
fn each_regeling_decides_as_on_its_own_case_with_its_receipt() {
    let decision = decide_json(&["huishouden", "rules/heemskerk", EXAMPLE, "--format", "json"]);
    let facts = &example()["huishouden"];
    let dir = scratch("huishouden-eigen-casus");
    let minima = own_case(
        facts,
        &[
            "aanvrager",
            "partner",
            "kinderen",
            "inkomen_per_maand",
            "vermogen",
            "woont_in_gemeente",
            "maanden_laag_inkomen",
            "uitzicht_op_inkomensverbetering",
            "iit_ontvangen_afgelopen_12_maanden",
            "bijstand_maanden_aaneengesloten",
        ],
        &[],
    );
    let toegang = own_case(
        facts,
        &[
            "hulpvraag",
            "eigen_kracht_toereikend",
            "huisgenoot_kan_gebruikelijke_hulp",
            "netwerk_kan_helpen",
            "voorliggende_voorziening",
            "complexe_problematiek",
            "powerful_ageing_gevolgd",
        ],
        &[("client", "aanvrager")],
    );
    let bijdrage = own_case(
        facts,
        &[
            "partner",
            "voorzieningen",
            "inkomen_peiljaar",
            "wlz_of_beschermd_wonen_bijdrage",
            "nachten_opvang_aaneengesloten",
            "vrijstelling_college",
        ],
        &[
            ("client", "aanvrager"),
            ("vermogen", "vermogen_boven_heffingsvrij"),
        ],
    );
    for (id, folder, case) in [
        (
            "heemskerk.minimaregelingen",
            "rules/heemskerk/minimaregelingen",
            minima,
        ),
        (
            "heemskerk.wmo_toegang",
            "rules/heemskerk/wmo-toegang",
            toegang,
        ),
        (
            "heemskerk.wmo_eigen_bijdrage",
            "rules/heemskerk/wmo-eigen-bijdrage",
            bijdrage,
        ),
    ] {
        let own = bereken(folder, &case, &dir);
        let p = part(&decision, id);
        assert_eq!(p["status"], json!("besloten"), "{p}");
        assert_eq!(
            p["resultaat"], own,
            "{id}: the household's part is the regeling's own answer"
        );
        assert!(p["resultaat"]["bronnen"][0]["hash"]
            .as_str()
            .is_some_and(|h| h.starts_with("sha256:")));
        assert!(
            p["motivering_kort"].as_str().is_some_and(|m| !m.is_empty()),
            "{p}"
        );
    }
    // The household's own order of regelingen is kept.
    let order: Vec<&str> = decision["regelingen"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|r| r["regeling"].as_str())
        .collect();
    assert_eq!(
        order,
        [
            "heemskerk.minimaregelingen",
            "heemskerk.wmo_toegang",
            "heemskerk.wmo_eigen_bijdrage"
        ]
    );
}

#[test]
fn routes_and_next_steps_come_from_the_outcome_values() {
    let decision = decide_json(&["huishouden", "rules/heemskerk", EXAMPLE, "--format", "json"]);
    let minima = part(&decision, "heemskerk.minimaregelingen");
    let meedoen = &minima["uitkomsten"][0];
    assert_eq!(meedoen["uitvoer"], json!("meedoen_toekenning"));
    assert_eq!(meedoen["waarde"], json!("op_aanvraag"));
    assert_eq!(
        meedoen["route"],
        json!("op aanvraag"),
        "the keuze value's label"
    );
    assert!(meedoen["vervolg"]
        .as_str()
        .is_some_and(|s| s.starts_with("Vraag de Meedoenregeling aan")));
    let czm = &minima["uitkomsten"][2];
    assert_eq!(czm["waarde"], json!("afgewezen"));
    assert_eq!(czm["vervolg"], Value::Null, "no step after a refusal");
    let toegang = part(&decision, "heemskerk.wmo_toegang");
    assert_eq!(
        toegang["uitkomsten"][0]["route"],
        json!("maatwerkvoorziening")
    );
    let steps: Vec<&str> = decision["vervolgstappen"]
        .as_array()
        .expect("steps")
        .iter()
        .filter_map(|s| s["regeling"].as_str())
        .collect();
    assert_eq!(
        steps,
        [
            "heemskerk.minimaregelingen",
            "heemskerk.minimaregelingen",
            "heemskerk.wmo_toegang"
        ]
    );
}

fn money(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().unwrap_or_else(|| panic!("an amount: {v}"))).expect("decimal")
}

/// The totals, added up here from the parts: per maand both totals, per
/// jaar only the yearly one, anything else in neither.
#[test]
fn totals_are_the_sums_of_the_parts_where_the_periods_allow_it() {
    let decision = decide_json(&["huishouden", "rules/heemskerk", EXAMPLE, "--format", "json"]);
    for direction in ["ontvangt", "betaalt"] {
        let (mut month, mut year, mut left_out) = (Decimal::ZERO, Decimal::ZERO, 0);
        for r in decision["regelingen"].as_array().expect("list") {
            for a in r[direction].as_array().expect("amounts") {
                match a["periode"].as_str() {
                    Some("maand") => {
                        month += money(&a["bedrag"]);
                        year += money(&a["bedrag"]) * Decimal::from(12);
                    }
                    Some("jaar") => year += money(&a["bedrag"]),
                    _ => left_out += 1,
                }
            }
        }
        let totals = &decision["totalen"][direction];
        assert_eq!(money(&totals["per_maand"]), month, "{direction}: {totals}");
        assert_eq!(money(&totals["per_jaar"]), year, "{direction}: {totals}");
        assert_eq!(
            totals["niet_opgeteld"].as_array().map(Vec::len),
            Some(left_out)
        );
    }
    // Meedoen for two adults and one child of 4–17 (€ 150 + € 150 + € 300,
    // art. 2) and the IIT of gehuwden (€ 530, art. 3), both per jaar.
    assert_eq!(
        decision["totalen"]["ontvangt"]["per_jaar"],
        json!("1130.00")
    );
    assert_eq!(
        decision["totalen"]["ontvangt"]["alleen_in_jaartotaal"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    // Wmo's tarief has no period: listed, never added.
    let listed = &decision["totalen"]["betaalt"]["niet_opgeteld"][0];
    assert_eq!(listed["regeling"], json!("heemskerk.wmo_toegang"));
    assert_eq!(listed["uitvoer"], json!("tarief"));
}

#[test]
fn partially_each_shared_question_is_asked_once() {
    let dir = scratch("huishouden-gedeeltelijk");
    let mut household = example();
    let facts = household["huishouden"].as_object_mut().expect("object");
    facts.remove("aanvrager");
    facts.remove("partner");
    let path = &written(&dir, "zonder-personen.json", &household);
    let args = [
        "huishouden",
        "rules/heemskerk",
        path,
        "--gedeeltelijk",
        "--format",
        "json",
    ];
    let decision = decide_json(&args);
    // Minima needs the aanvrager; minima and the eigen bijdrage both need
    // the partner (whether there is one decides the eigen bijdrage's
    // category before the client's age counts): asked once each, in the
    // regelingen' own order, with the regelingen that need them now.
    assert_eq!(
        decision["vragen"]
            .as_array()
            .expect("vragen")
            .iter()
            .map(|q| (q["feit"].clone(), q["regelingen"].clone()))
            .collect::<Vec<_>>(),
        [
            (json!("aanvrager"), json!(["heemskerk.minimaregelingen"])),
            (
                json!("partner"),
                json!(["heemskerk.minimaregelingen", "heemskerk.wmo_eigen_bijdrage"])
            ),
        ]
    );
    assert_eq!(
        decision["vragen"][0]["vraag"],
        json!("Gegevens van de aanvrager")
    );
    // Wmo-toegang 2025 does not use the client's age: decided already.
    assert_eq!(
        part(&decision, "heemskerk.wmo_toegang")["status"],
        json!("besloten")
    );
    assert_eq!(
        part(&decision, "heemskerk.minimaregelingen")["status"],
        json!("gedeeltelijk")
    );
    let text = stdout(&regelwerk(&args[..4]));
    assert_eq!(text.matches("`aanvrager`").count(), 1, "{text}");
}

/// Every fact of the Heemskerk regelingen once; facts that only look alike
/// (a net income per month and the income of the peiljaar; savings and the
/// vermogen above the heffingsvrij vermogen) stay apart.
#[test]
fn the_household_questions_keep_facts_that_only_look_alike_apart() {
    use engine::household::{questions, Selection};
    let engine = common::rules_engine();
    let date = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).expect("date");
    let asked =
        questions(&engine, &Selection::Gemeente("heemskerk".into()), date).expect("questions");
    let facts: Vec<&str> = asked.questions.iter().map(|q| q.fact.as_str()).collect();
    let mut unique = facts.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), facts.len(), "each fact once: {facts:?}");
    let takers = |fact: &str| {
        asked
            .questions
            .iter()
            .find(|q| q.fact == fact)
            .map(|q| q.regelingen.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        takers("aanvrager"),
        [
            "heemskerk.minimaregelingen",
            "heemskerk.wmo_eigen_bijdrage",
            "heemskerk.wmo_toegang"
        ]
    );
    assert!(!facts.contains(&"client"));
    assert_eq!(takers("inkomen_per_maand"), ["heemskerk.minimaregelingen"]);
    assert_eq!(takers("inkomen_peiljaar"), ["heemskerk.wmo_eigen_bijdrage"]);
    assert_eq!(takers("vermogen"), ["heemskerk.minimaregelingen"]);
    assert_eq!(
        takers("vermogen_boven_heffingsvrij"),
        ["heemskerk.wmo_eigen_bijdrage"]
    );
}

#[test]
fn a_case_mistake_is_reported_at_its_household_path() {
    let dir = scratch("huishouden-fouten");
    let mut household = example();
    household["huishouden"]["aanvrager"] = json!({ "geboortedatum": "14-02-1985" });
    household["huishouden"]["inkomen_per_mand"] = json!("1.00");
    let o = regelwerk(&[
        "huishouden",
        "rules/heemskerk",
        &written(&dir, "fout.json", &household),
    ]);
    assert_exit(&o, 1, "a household with mistakes");
    let err = stderr(&o);
    assert!(err.contains("$.huishouden.inkomen_per_mand"), "{err}");
    assert!(err.contains("bedoelde u `inkomen_per_maand`?"), "{err}");
    household["huishouden"]
        .as_object_mut()
        .expect("object")
        .remove("inkomen_per_mand");
    let o = regelwerk(&[
        "huishouden",
        "rules/heemskerk",
        &written(&dir, "fout.json", &household),
    ]);
    assert_exit(&o, 1, "a wrong date of birth");
    let err = stderr(&o);
    // Wmo's client and the eigen bijdrage's client are the aanvrager: one
    // mistake, reported once, at the household's place.
    assert_eq!(
        err.matches("$.huishouden.aanvrager.geboortedatum").count(),
        1,
        "{err}"
    );
    assert!(!err.contains("$.client"), "{err}");
}

#[test]
fn a_regeling_not_in_force_is_listed_not_an_error() {
    let dir = scratch("huishouden-2024");
    let mut household = example();
    household["peildatum"] = json!("2024-10-01");
    let path = &written(&dir, "2024.json", &household);
    let decision = decide_json(&["huishouden", "rules/heemskerk", path, "--format", "json"]);
    let toegang = part(&decision, "heemskerk.wmo_toegang");
    assert_eq!(toegang["status"], json!("niet_van_kracht"), "{toegang}");
    assert!(toegang["melding"]
        .as_str()
        .is_some_and(|m| m.contains("geen versie")));
    assert_eq!(
        part(&decision, "heemskerk.minimaregelingen")["status"],
        json!("besloten")
    );
}

#[test]
fn two_regelingen_taking_one_fact_with_other_types_are_refused_by_check() {
    let o = regelwerk(&["controleer", "tests/invalid/R0210-feit-met-ander-type"]);
    assert_exit(&o, 1, "controleer");
    let err = stderr(&o);
    assert!(err.contains("R0210"), "{err}");
    assert!(err.contains("het feit `inkomen`"), "{err}");
}

#[test]
fn the_text_overview_per_regeling_then_totals_and_steps() {
    let o = regelwerk(&["huishouden", "rules/heemskerk", EXAMPLE]);
    assert_exit(&o, 0, "huishouden");
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn usage_mistakes_exit_2_in_dutch() {
    let o = regelwerk(&["huishouden", "rules/heemskerk"]);
    assert_exit(&o, 2, "no household file");
    assert!(
        stderr(&o).contains("regelwerk huishouden"),
        "{}",
        stderr(&o)
    );
    let o = regelwerk(&["huishouden", "rules/nergens", EXAMPLE]);
    assert_exit(&o, 2, "no such folder");
    assert!(
        stderr(&o).contains("`rules/nergens` is geen map met regelingen"),
        "{}",
        stderr(&o)
    );
    // A household that chooses other regelingen than the folders is refused, not merged.
    let o = regelwerk(&["huishouden", "rules/heemskerk/wmo-toegang", EXAMPLE]);
    assert_exit(&o, 1, "two different choices");
    assert!(
        stderr(&o).contains("kiest andere regelingen"),
        "{}",
        stderr(&o)
    );
}
