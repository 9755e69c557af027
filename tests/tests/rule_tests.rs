//! The rule library itself: no error diagnostics (what `regelwerk check
//! rules/` reports), and every `test` block in the rule files passes.

mod common;

use engine::test_runner::run_test_blocks;

#[test]
fn library_has_no_errors() {
    let engine = common::rules_engine();
    let errors = engine.diagnostics().iter().filter(|d| d.is_error()).count();
    assert_eq!(
        errors,
        0,
        "rules/ has {errors} error(s):\n{}",
        common::render_all(&engine, true)
    );
}

#[test]
fn every_test_block_passes() {
    let engine = common::rules_engine();
    let results = run_test_blocks(&engine, None);
    assert!(
        !results.is_empty(),
        "the rule files contain no `test` blocks"
    );
    let failed: Vec<String> = results
        .iter()
        .filter(|r| !r.passed())
        .map(|r| {
            format!(
                "{} \"{}\":\n    {}",
                r.location,
                r.name,
                r.failures.join("\n    ")
            )
        })
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {} test blocks failed:\n{}",
        failed.len(),
        results.len(),
        failed.join("\n")
    );
}

#[test]
fn every_regeling_has_tests() {
    let engine = common::rules_engine();
    let results = run_test_blocks(&engine, None);
    let untested: Vec<String> = engine
        .regelingen()
        .iter()
        .filter(|r| {
            !r.versions.iter().any(|v| {
                results
                    .iter()
                    .any(|t| t.location.starts_with(&format!("{}:", v.path)))
            })
        })
        .map(|r| r.id.clone())
        .collect();
    assert!(
        untested.is_empty(),
        "regelingen without any `test` block: {untested:?}"
    );
}
