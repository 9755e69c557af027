//! Engine benchmarks (criterion):
//!
//! - `laden/rules`: parse + check + compile the whole `rules/` tree;
//! - `laden/gegenereerd_10000_regels`: the same for a generated file of
//!   10,000 lines (rules, dated parameters, decision tables);
//! - `evalueren/<regeling>/{zonder,met}_trace`: one case of each regeling,
//!   decoded once outside the timed loop, timing `eval::evaluate` only;
//! - `json/<regeling>`: the full path of `regelwerk eval --format json`
//!   (decode + evaluate + result JSON).
//!
//! Report results as ratios (trace on/off, JSON path/evaluation), not as
//! absolute times: the machines differ.

use criterion::{criterion_group, criterion_main, Criterion};
use engine::eval::{self, EvalOptions};
use engine::{Engine, Request, SourceSet};
use serde_json::Value as Json;
use std::hint::black_box;
use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn files(dir: &Path, extension: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, extension, out);
        } else if path.extension().is_some_and(|e| e == extension) {
            out.push(path);
        }
    }
    out.sort();
}

/// The `rules/` tree with paths as the CLI names them (`rules/...`).
fn rules_sources() -> SourceSet {
    let root = workspace();
    let mut paths = Vec::new();
    files(&root.join("rules"), "regels", &mut paths);
    let mut sources = SourceSet::new();
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let rel = path.strip_prefix(&root).unwrap_or(&path);
        let rel: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        sources.add(rel.join("/"), text);
    }
    sources
}

/// A valid rule file of at least `lines` lines: per block a dated
/// parameter, an article with a rule, a unique decision table and a rule
/// that uses both.
fn generated_file(lines: usize) -> String {
    let mut blocks = Vec::new();
    let mut outputs = Vec::new();
    let mut count = 0;
    let mut i = 0;
    while count < lines {
        let block = format!(
            "parameter tarief_{i}: bedrag per maand\n\
             \x20 bron \"Benchmarkbesluit, art. {i}\"\n\
             \x20 vanaf 2024-01-01: € {a},50\n\
             \x20 vanaf 2025-01-01: € {b},25\n\
             \n\
             artikel \"{i}\" \"Onderdeel {i}\"\n\
             \x20 \"\"\"Het bedrag voor onderdeel {i} is het tarief plus het inkomen, maal de factor.\"\"\"\n\
             \n\
             \x20 regel bedrag_{i}: bedrag per maand = tarief_{i} + inkomen\n\
             \n\
             \x20 tabel factor_{i}(soort: Soort; jaren: geheel getal) -> factor: geheel getal\n\
             \x20   beslis uniek\n\
             \x20   | soort | jaren    | factor |\n\
             \x20   | a     | < 18     | 1      |\n\
             \x20   | a     | >= 18    | 2      |\n\
             \x20   | b, c  | -        | 3      |\n\
             \x20   | d     | [0..65)  | 4      |\n\
             \x20   | d     | >= 65    | 5      |\n\
             \x20   | d     | < 0      | 6      |\n\
             \n\
             \x20 regel totaal_{i}: bedrag per maand = bedrag_{i} * factor_{i}(soort; jaren)\n\
             \n",
            a = 10 + i % 90,
            b = 11 + i % 90,
        );
        count += block.lines().count();
        blocks.push(block);
        outputs.push(format!("totaal_{i}"));
        i += 1;
    }
    format!(
        "regeling \"Gegenereerde benchmark\"\n\
         \x20 id bench.gegenereerd\n\
         \x20 geldig vanaf 2024-01-01\n\
         \x20 bron \"Benchmarkbesluit\"\n\
         \n\
         keuze Soort: a | b | c | d\n\
         \n\
         invoer inkomen: bedrag per maand\n\
         invoer soort: Soort\n\
         invoer jaren: geheel getal\n\
         \n\
         uitvoer {}\n\
         \n\
         {}",
        outputs.join(", "),
        blocks.concat()
    )
}

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

/// One case with expected outputs per regeling folder, from the
/// conformance set: (regeling folder, case JSON).
fn one_case_per_regeling() -> Vec<(String, Json)> {
    let mut paths = Vec::new();
    files(
        &workspace().join("tests/conformance/cases"),
        "json",
        &mut paths,
    );
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
        if file.get("expected").is_none() || out.iter().any(|(r, _)| r == regeling) {
            continue;
        }
        out.push((regeling.to_string(), case.clone()));
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
        let on = EvalOptions {
            trace: true,
            ..EvalOptions::default()
        };
        group.bench_function(format!("{name}/zonder_trace"), |b| {
            b.iter(|| black_box(eval::evaluate(program, black_box(&inputs), &off)))
        });
        group.bench_function(format!("{name}/met_trace"), |b| {
            b.iter(|| black_box(eval::evaluate(program, black_box(&inputs), &on)))
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

criterion_group!(benches, loading, evaluating);
criterion_main!(benches);
