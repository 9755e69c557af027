//! Conformance: every shared case file under `tests/conformance/cases/`
//! runs against the whole rule library, through the same path as
//! `regelwerk eval` (engine::test_runner::run_case_file).

mod common;

use engine::test_runner::run_case_file;

/// The shared set holds 96 cases; fewer means files went missing.
const MINIMUM_CASES: usize = 96;

#[test]
fn every_conformance_case_passes() {
    let engine = common::rules_engine();
    let cases =
        common::files_with_extension(&common::root().join("tests/conformance/cases"), "json");
    let mut ran = 0;
    let mut failures = Vec::new();
    for path in &cases {
        let name = common::relative(path);
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {name}: {e}"));
        let case: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name} is not valid JSON: {e}"));
        ran += 1;
        let problems = run_case_file(&engine, &case);
        if !problems.is_empty() {
            failures.push(format!("{name}:\n    {}", problems.join("\n    ")));
        }
    }
    assert!(
        ran >= MINIMUM_CASES,
        "only {ran} conformance cases ran (expected at least {MINIMUM_CASES})"
    );
    assert!(
        failures.is_empty(),
        "{} of {ran} conformance cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A case file that expects an error, on a date with no version of the
/// regeling (the error is "geen versie … geldig op 2023-11-05").
fn expecting_error(contains: Option<serde_json::Value>) -> serde_json::Value {
    let mut case = serde_json::json!({
        "regeling": "rules/landelijk/bijstandsnormen",
        "case": { "peildatum": "2023-11-05", "leefvorm": "alleenstaande", "aow": false, "kostendelers": 1 },
        "expect_error": true,
    });
    if let Some(c) = contains {
        case["expect_error_contains"] = c;
    }
    case
}

#[test]
fn an_expected_error_passes_only_with_the_named_message() {
    let engine = common::rules_engine();
    let right = expecting_error(Some(serde_json::json!(["geen versie", "2023-11-05"])));
    assert_eq!(run_case_file(&engine, &right), Vec::<String>::new());
    let one_text = expecting_error(Some(serde_json::json!("geldig op 2023-11-05")));
    assert_eq!(run_case_file(&engine, &one_text), Vec::<String>::new());

    // Another error than the one named fails, naming the text it missed.
    let wrong = expecting_error(Some(serde_json::json!([
        "geen versie",
        "ontbrekende invoer"
    ])));
    let failures = run_case_file(&engine, &wrong);
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(
        failures[0]
            .starts_with("verwachtte een fout met \"ontbrekende invoer\", maar kreeg: geen versie"),
        "{failures:?}"
    );
}

#[test]
fn an_expected_error_must_say_which() {
    let engine = common::rules_engine();
    for contains in [
        None,
        Some(serde_json::json!([])),
        Some(serde_json::json!([""])),
        Some(serde_json::json!(3)),
    ] {
        let failures = run_case_file(&engine, &expecting_error(contains.clone()));
        assert_eq!(failures.len(), 1, "{contains:?}: {failures:?}");
        assert!(
            failures[0].contains("expect_error_contains"),
            "{contains:?}: {failures:?}"
        );
    }
    // Naming an error on a case that expects outputs is a mistake too.
    let mut stray = expecting_error(Some(serde_json::json!("geen versie")));
    stray["expect_error"] = serde_json::json!(false);
    let failures = run_case_file(&engine, &stray);
    assert_eq!(
        failures,
        vec!["`expect_error_contains` zonder `\"expect_error\": true`"]
    );
}

/// A bijstandsnorm case (conformance case 1-001) expecting only the outputs
/// given.
fn expecting(outputs: serde_json::Value) -> serde_json::Value {
    serde_json::json!({
        "regeling": "rules/landelijk/bijstandsnormen",
        "case": { "peildatum": "2025-02-24", "leefvorm": "alleenstaande_ouder", "aow": false, "kostendelers": 2 },
        "expected": outputs,
    })
}

#[test]
fn expected_may_name_some_outputs_and_checks_those() {
    let engine = common::rules_engine();
    let some = expecting(serde_json::json!({ "kostendelersnorm": "961.04" }));
    assert_eq!(run_case_file(&engine, &some), Vec::<String>::new());

    let wrong = expecting(serde_json::json!({ "kostendelersnorm": "961.05" }));
    assert_eq!(
        run_case_file(&engine, &wrong),
        ["`kostendelersnorm`: verwacht \"961.05\", kreeg \"961.04\""]
    );
    // A name that is no output is a mistake, not an output left unchecked.
    let misspelt = expecting(serde_json::json!({ "kostendelersnrom": "961.04" }));
    assert_eq!(
        run_case_file(&engine, &misspelt),
        ["`kostendelersnrom` is geen uitkomst van de regeling; bedoelde u `kostendelersnorm`?"]
    );
}

#[test]
fn an_unknown_key_fails_the_case_file_before_it_runs() {
    let engine = common::rules_engine();
    let mut case = expecting(serde_json::json!({ "kostendelersnorm": "961.04" }));
    case["expect_eror"] = serde_json::json!(true);
    assert_eq!(
        run_case_file(&engine, &case),
        ["onbekende sleutel `expect_eror` in het casusbestand; bedoelde u `expect_error`?"]
    );
}

#[test]
fn expect_error_may_name_the_text_itself() {
    let engine = common::rules_engine();
    let mut case = expecting_error(None);
    case["expect_error"] = serde_json::json!("geldig op 2023-11-05");
    assert_eq!(run_case_file(&engine, &case), Vec::<String>::new());

    case["expect_error"] = serde_json::json!(["geen versie", "ontbrekende invoer"]);
    let failures = run_case_file(&engine, &case);
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(
        failures[0]
            .starts_with("verwachtte een fout met \"ontbrekende invoer\", maar kreeg: geen versie"),
        "{failures:?}"
    );
}

/// The step budget (`engine::limits::MAX_STEPS`) is far above what the real
/// regelingen use: every conformance case and every example case, in every
/// mode, takes at most a thousandth of it (docs/architectuur.md, "Limits",
/// records the maximum).
#[test]
fn the_real_regelingen_use_a_small_part_of_the_step_budget() {
    let engine = common::rules_engine();
    let mut cases =
        common::files_with_extension(&common::root().join("tests/conformance/cases"), "json");
    cases.extend(
        common::files_with_extension(&common::root().join("examples"), "json")
            .into_iter()
            .filter(|p| !p.to_string_lossy().contains("populaties")),
    );
    let (mut most, mut at, mut evaluated) = (0, String::new(), 0);
    for path in &cases {
        let file: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("readable")).expect("JSON");
        let Some(regeling) = file["regeling"].as_str() else {
            continue;
        };
        for request in common::every_mode() {
            if let Ok(outcome) = engine.evaluate(regeling, &file["case"], &request) {
                evaluated += 1;
                if outcome.evaluation.steps > most {
                    (most, at) = (outcome.evaluation.steps, common::relative(path));
                }
            }
        }
    }
    eprintln!("at most {most} steps ({at}) over {evaluated} evaluations");
    assert!(evaluated > 250, "{evaluated} evaluations");
    assert!(most > 0, "loops and table rows count");
    assert!(
        most * 1000 <= engine::limits::MAX_STEPS,
        "{at} takes {most} steps, more than a thousandth of the budget"
    );
}
