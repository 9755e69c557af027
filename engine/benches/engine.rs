//! Engine benchmarks (criterion):
//!
//! - `laden/rules`: parse + check + compile the whole `rules/` tree;
//! - `laden/gegenereerd_10000_regels`: the same for a generated file of
//!   10,000 lines (rules, dated parameters, decision tables);
//! - `evalueren/<regeling>/{zonder,met}_trace`: one case of each regeling,
//!   decoded once outside the timed loop, timing `eval::evaluate` (`trace::evaluate` with trace) only;
//! - `evalueren/<regeling>/hergebruikt`: the same case through one reused
//!   `Evaluator` with the peildatum's parameters resolved once (the batch
//!   path of `simulate`), trace off;
//! - `json/<regeling>`: the full path of `regelwerk eval --format json`
//!   (decode + evaluate + result JSON);
//! - `trace/<cases>/{uit,aan}`: trace off against on, per case from a JSON
//!   value (decode + `eval::evaluate` or `trace::evaluate`), over every
//!   conformance case of wmo-toegang and over all conformance cases; one
//!   iteration is all cases of the set (criterion prints cases per second).
//!
//! - `huishouden/heemskerk/{met,zonder}_motivering`: one household
//!   (examples/heemskerk/huishouden) decided for every Heemskerk regeling
//!   through `household::decide`: projection, three evaluations, overview,
//!   totals, and the answer written as JSON text (as the browser gets it),
//!   with the short motivering (and the trace it reads) and without.
//!
//! Report results as ratios (trace on/off, JSON path/evaluation), not as
//! absolute times: the machines differ.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use engine::eval::{self, EvalOptions};
use engine::ir::Program;
use engine::trace;
use engine::{Engine, Request, SourceSet};
use serde_json::Value as Json;
use std::hint::black_box;

// The generated file is shared with the parser bench, so both time the same text.
#[path = "../../grammar/benches/common/generated.rs"]
mod generated;
use generated::generated_file;

#[path = "../tests/common/workspace.rs"]
mod workspace;
use workspace::{files, rules_sources, workspace};

fn loading(c: &mut Criterion) {
    let rules = rules_sources();
    let generated = generated_file(10_000);
    let mut generated_set = SourceSet::new();
    generated_set.add("rules/bench/gegenereerd/2024.regels", generated);
    // Say so when the generated file does not check clean: the timing
    // would then measure error reporting, not a normal load.
    let errors: Vec<String> = Engine::new(generated_set.clone())
        .diagnostics()
        .iter()
        .filter(|d| d.is_error())
        .take(3)
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    if !errors.is_empty() {
        eprintln!("let op: het gegenereerde bestand bevat fouten: {errors:?}");
    }

    let mut group = c.benchmark_group("laden");
    group.sample_size(10);
    group.bench_function("rules", |b| {
        b.iter(|| black_box(Engine::new(rules.clone())))
    });
    group.bench_function("gegenereerd_10000_regels", |b| {
        b.iter(|| black_box(Engine::new(generated_set.clone())))
    });
    group.finish();
}

/// The conformance cases with expected outputs: (regeling folder, case
/// JSON), in file order.
fn conformance_cases() -> Vec<(String, Json)> {
    let mut paths = Vec::new();
    files(
        &workspace().join("tests/conformance/cases"),
        "json",
        &mut paths,
    );
    paths.sort();
    let mut out: Vec<(String, Json)> = Vec::new();
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(file) = serde_json::from_str::<Json>(&text) else {
            continue;
        };
        let (Some(regeling), Some(case)) = (
            file.get("regeling").and_then(Json::as_str),
            file.get("case"),
        ) else {
            continue;
        };
        if file.get("expected").is_some() {
            out.push((regeling.to_string(), case.clone()));
        }
    }
    out
}

/// One case with expected outputs per regeling folder, from the
/// conformance set: (regeling folder, case JSON).
fn one_case_per_regeling() -> Vec<(String, Json)> {
    let mut out: Vec<(String, Json)> = Vec::new();
    for (regeling, case) in conformance_cases() {
        if !out.iter().any(|(r, _)| *r == regeling) {
            out.push((regeling, case));
        }
    }
    out
}

fn evaluating(c: &mut Criterion) {
    let engine = Engine::new(rules_sources());
    let cases = one_case_per_regeling();
    let mut group = c.benchmark_group("evalueren");
    for (regeling, case) in &cases {
        let name = regeling.trim_start_matches("rules/").replace('/', ".");
        let Ok(date) = engine::api::peildatum_of(case) else {
            continue;
        };
        let Ok(program) = engine.program(regeling, date) else {
            eprintln!("let op: {regeling} heeft geen programma op {date}");
            continue;
        };
        let Ok(inputs) = engine::case::decode(program, case, false) else {
            eprintln!("let op: de casus voor {regeling} past niet bij het contract");
            continue;
        };
        let off = EvalOptions::default();
        group.bench_function(format!("{name}/zonder_trace"), |b| {
            b.iter(|| black_box(eval::evaluate(program, black_box(&inputs), &off)))
        });
        group.bench_function(format!("{name}/met_trace"), |b| {
            b.iter(|| black_box(trace::evaluate(program, black_box(&inputs), &off)))
        });
        // The batch path (`simulate`): one Evaluator and the parameters of
        // the peildatum, reused from case to case.
        let params = eval::ResolvedParams::new(program, date);
        let mut evaluator = eval::Evaluator::new(program);
        group.bench_function(format!("{name}/hergebruikt"), |b| {
            b.iter(|| black_box(evaluator.evaluate(&params, black_box(&inputs), &off)))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("json");
    let request = Request::default();
    for (regeling, case) in &cases {
        let name = regeling.trim_start_matches("rules/").replace('/', ".");
        group.bench_function(name, |b| {
            b.iter(|| {
                let outcome = engine.evaluate(regeling, black_box(case), &request);
                black_box(outcome.map(|o| o.to_json()))
            })
        });
    }
    group.finish();
}

/// Trace off against trace on, per case from a JSON value: what an
/// explanation, the browser's derivation tree and the batch motivering
/// pay for the trace.
fn tracing(c: &mut Criterion) {
    let engine = Engine::new(rules_sources());
    let cases = conformance_cases();
    let off = EvalOptions::default();
    for (label, only) in [
        ("wmo-toegang", Some("rules/heemskerk/wmo-toegang")),
        ("alle", None),
    ] {
        let selected: Vec<(&Program, &Json)> = cases
            .iter()
            .filter(|(regeling, _)| only.is_none_or(|o| regeling == o))
            .filter_map(|(regeling, case)| {
                let date = engine::api::peildatum_of(case).ok()?;
                Some((&**engine.program(regeling, date).ok()?, case))
            })
            .collect();
        let mut group = c.benchmark_group(format!("trace/{label}"));
        group.throughput(Throughput::Elements(selected.len() as u64));
        group.bench_function("uit", |b| {
            b.iter(|| {
                for &(program, case) in &selected {
                    if let Ok(inputs) = engine::case::decode(program, black_box(case), false) {
                        black_box(eval::evaluate(program, &inputs, &off)).ok();
                    }
                }
            })
        });
        group.bench_function("aan", |b| {
            b.iter(|| {
                for &(program, case) in &selected {
                    if let Ok(inputs) = engine::case::decode(program, black_box(case), false) {
                        black_box(trace::evaluate(program, &inputs, &off)).ok();
                    }
                }
            })
        });
        group.finish();
    }
}

fn household(c: &mut Criterion) {
    use engine::household::{decide, HouseholdRequest};
    let engine = Engine::new(rules_sources());
    let path =
        workspace().join("examples/heemskerk/huishouden/gezin-met-partner-en-kinderen-2025.json");
    let text = std::fs::read_to_string(path).expect("the example household");
    let mut household: Json = serde_json::from_str(&text).expect("JSON");
    // Every Heemskerk regeling, as `"gemeente": "heemskerk"` selects them.
    if let Some(o) = household.as_object_mut() {
        o.remove("regelingen");
        o.insert("gemeente".into(), Json::from("heemskerk"));
    }
    let mut group = c.benchmark_group("huishouden");
    for (name, without_motivering) in [("met_motivering", false), ("zonder_motivering", true)] {
        let request = HouseholdRequest {
            without_motivering,
            ..HouseholdRequest::default()
        };
        assert!(
            decide(&engine, &household, &request).is_ok(),
            "the example decides"
        );
        group.bench_function(format!("heemskerk/{name}"), |b| {
            b.iter(|| {
                let decision = decide(&engine, black_box(&household), &request);
                black_box(decision.map(|d| serde_json::to_string(&d)))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, loading, evaluating, tracing, household);
criterion_main!(benches);
