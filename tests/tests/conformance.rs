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
