//! The evaluator against the real rule library and the conformance cases:
//! properties that must hold for every case, beyond the expected outputs
//! (which `regelwerk test` checks):
//!
//! - tracing changes nothing: outputs and errors are the same with the
//!   trace on and off, and the explanation and trace JSON are produced;
//! - partial evaluation is sound: with any one input left out, every output
//!   that is still decided has its complete-case value, and every undecided
//!   output names the missing input;
//! - a reused [`Evaluator`] gives the same answers as a fresh one.
//!
//! Also an ignored timing test per regeling (`--ignored --nocapture`).

use chrono::NaiveDate;
use engine::case;
use engine::eval::{self, EvalOptions, Evaluator, OutputValue, ResolvedParams};
use engine::ir::Program;
use engine::trace::Recorder;
use engine::value::Value;
use engine::{Engine, Request};
use serde_json::Value as Json;

#[path = "common/workspace.rs"]
mod workspace;
use workspace::{files, rules_sources, workspace};

fn engine() -> Engine {
    Engine::new(rules_sources())
}

/// The conformance cases with expected outputs: 94 of the 96 (two expect an
/// error). Fewer means cases went missing and the properties below would
/// hold of less than they claim.
const MINIMUM_CASES: usize = 94;

/// (file name, regeling folder, case) of every conformance case with
/// expected outputs.
fn cases() -> Vec<(String, String, Json)> {
    let mut paths = Vec::new();
    files(
        &workspace().join("tests/conformance/cases"),
        "json",
        &mut paths,
    );
    let mut out = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("readable case file");
        let file: Json = serde_json::from_str(&text).expect("valid JSON");
        let (Some(regeling), Some(case)) = (
            file.get("regeling").and_then(Json::as_str),
            file.get("case"),
        ) else {
            panic!("{}: no `regeling` or `case`", path.display());
        };
        if file.get("expected").is_none() {
            continue;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push((name, regeling.to_string(), case.clone()));
    }
    assert!(
        out.len() >= MINIMUM_CASES,
        "only {} conformance cases with expected outputs (expected at least {MINIMUM_CASES})",
        out.len()
    );
    out
}

/// The peildatum, program and decoded inputs of a case with expected
/// outputs: each of them must exist, so a failure is never skipped.
fn prepare<'e>(
    engine: &'e Engine,
    name: &str,
    regeling: &str,
    case_json: &Json,
) -> (NaiveDate, &'e Program, Vec<Option<Value>>) {
    let date = engine::api::peildatum_of(case_json)
        .unwrap_or_else(|e| panic!("{name}: no peildatum: {e}"));
    let program = engine
        .program(regeling, date)
        .unwrap_or_else(|e| panic!("{name}: no program: {e}"));
    let inputs = case::decode(program, case_json, false)
        .unwrap_or_else(|e| panic!("{name}: case not decoded: {e:?}"));
    (date, program, inputs)
}

#[test]
fn tracing_changes_nothing() {
    let engine = engine();
    let cases = cases();
    for (name, regeling, case) in &cases {
        let plain = engine.evaluate(regeling, case, &Request::default());
        let traced = engine.evaluate(
            regeling,
            case,
            &Request {
                trace: true,
                ..Request::default()
            },
        );
        match (plain, traced) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a.evaluation.outputs, b.evaluation.outputs, "{name}");
                let json = b.to_json();
                assert!(
                    json.get("trace").is_some(),
                    "{name}: no trace in the result"
                );
                let text = b.explain();
                assert!(text.contains("Toelichting:"), "{name}: {text}");
                assert!(!text.contains("interne fout"), "{name}: {text}");
            }
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{name}"),
            (a, b) => panic!("{name}: trace off {:?}, on {:?}", a.is_ok(), b.is_ok()),
        }
    }
}

#[test]
fn partial_evaluation_is_sound() {
    let engine = engine();
    for (name, regeling, case_json) in &cases() {
        let (_, program, inputs) = prepare(&engine, name, regeling, case_json);
        let full = eval::evaluate(program, &inputs, &EvalOptions::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(full.is_complete(), "{name}");
        for slot in 0..inputs.len() {
            if slot == program.peildatum as usize {
                continue;
            }
            let mut partial = inputs.clone();
            partial[slot] = None;
            let ev = eval::evaluate(program, &partial, &EvalOptions::default())
                .unwrap_or_else(|e| panic!("{name} without input {slot}: {e}"));
            for (k, out) in ev.outputs.iter().enumerate() {
                match out {
                    OutputValue::Decided(v) => {
                        assert_eq!(Some(v), full.output_value(k), "{name}, input {slot}")
                    }
                    OutputValue::Undecided(needed) => {
                        assert_eq!(needed, &[slot as u32], "{name}, input {slot}")
                    }
                }
            }
            let undecided = ev
                .outputs
                .iter()
                .any(|o| matches!(o, OutputValue::Undecided(_)));
            assert_eq!(ev.missing.is_empty(), !undecided, "{name}, input {slot}");
        }
    }
}

#[test]
fn a_reused_evaluator_gives_the_same_answers() {
    let engine = engine();
    let mut by_program = cases();
    by_program.sort_by(|a, b| a.1.cmp(&b.1));
    let mut current: Option<(String, Evaluator)> = None;
    let mut reuses = 0;
    for (name, regeling, case_json) in &by_program {
        let (date, program, inputs) = prepare(&engine, name, regeling, case_json);
        let fresh = eval::evaluate(program, &inputs, &EvalOptions::default());
        let key = format!("{regeling}@{}", program.info.version);
        let evaluator = match &mut current {
            Some((k, evaluator)) if *k == key => {
                reuses += 1;
                evaluator
            }
            _ => &mut current.insert((key, Evaluator::new(program))).1,
        };
        let params = ResolvedParams::new(program, date);
        let reused = evaluator.evaluate(&params, &inputs, &EvalOptions::default());
        match (fresh, reused) {
            (Ok(a), Ok(b)) => assert_eq!(a.outputs, b.outputs, "{regeling}"),
            (Err(a), Err(b)) => assert_eq!(a, b, "{regeling}"),
            _ => panic!("{name}: fresh and reused evaluator disagree"),
        }
    }
    // Most cases share a program with the case before them.
    assert!(
        reuses * 2 > by_program.len(),
        "the evaluator was reused for only {reuses} of {} cases",
        by_program.len()
    );
}

#[test]
#[ignore = "timing; run in release mode with --nocapture"]
fn timing_per_regeling() {
    let engine = engine();
    // REGELING=landelijk/aow: time only the regelingen whose folder contains it.
    let only = std::env::var("REGELING").unwrap_or_default();
    let mut seen = Vec::new();
    for (_, regeling, case_json) in &cases() {
        if seen.contains(regeling) || !regeling.contains(&only) {
            continue;
        }
        seen.push(regeling.clone());
        let (date, program, inputs) = prepare(&engine, regeling, regeling, case_json);
        let params = ResolvedParams::new(program, date);
        let mut evaluator = Evaluator::new(program);
        let n: u32 = std::env::var("N")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(20_000);
        let mut line = format!("{regeling} ({} regels):", program.rules.len());
        // TRACE=0 or TRACE=1: time only that mode (for profiling).
        let modes = match std::env::var("TRACE").as_deref() {
            Ok("0") => vec![false],
            Ok("1") => vec![true],
            _ => vec![false, true],
        };
        let options = EvalOptions::default();
        for trace in modes {
            let start = std::time::Instant::now();
            for _ in 0..n {
                if trace {
                    let mut recorder = Recorder::new(program, &options.overrides);
                    let evaluation =
                        evaluator.evaluate_traced(&params, &inputs, &options, &mut recorder);
                    std::hint::black_box((evaluation.ok(), recorder.finish()));
                } else {
                    std::hint::black_box(evaluator.evaluate(&params, &inputs, &options)).ok();
                }
            }
            let label = if trace { "met trace" } else { "zonder trace" };
            line.push_str(&format!(" {label} {:?}", start.elapsed() / n));
        }
        println!("{line}");
    }
}
