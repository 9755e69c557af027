//! Measuring harness for the cost of the trace (cachegrind counts
//! instructions, which the load of a shared machine does not change): N
//! rounds over the conformance cases with expected outputs, each case
//! decoded from its JSON value and evaluated with the trace off (`uit`) or
//! on (`aan`); `geen` only decodes. The criterion bench
//! `trace/<cases>/{uit,aan}` times the same loop.
//!
//! Usage: `cargo run --release -p engine --example trace_loop -- <uit|aan|geen>
//! <rounds> [part of the regeling folder, e.g. wmo-toegang]`

use engine::eval::{self, EvalOptions};
use engine::{trace, Engine};
use serde_json::Value as Json;
use std::hint::black_box;
use std::process::ExitCode;
use std::sync::Arc;

#[path = "../tests/common/workspace.rs"]
mod workspace;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mode, rounds, only) = match args.as_slice() {
        [mode, rounds] => (mode, rounds, None),
        [mode, rounds, only] => (mode, rounds, Some(only.as_str())),
        _ => {
            eprintln!("gebruik: trace_loop <uit|aan|geen> <rondes> [regeling]");
            return ExitCode::from(2);
        }
    };
    match run(mode, rounds, only) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run(mode: &str, rounds: &str, only: Option<&str>) -> Result<(), String> {
    let rounds: u32 = rounds
        .parse()
        .map_err(|e| format!("rondes `{rounds}`: {e}"))?;
    let engine = Engine::new(workspace::rules_sources());
    let mut paths = Vec::new();
    let dir = workspace::workspace().join("tests/conformance/cases");
    workspace::files(&dir, "json", &mut paths);
    paths.sort();
    let mut cases: Vec<(Arc<engine::ir::Program>, Json)> = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{path:?}: {e}"))?;
        let file: Json = serde_json::from_str(&text).map_err(|e| format!("{path:?}: {e}"))?;
        let (Some(regeling), Some(case)) = (file["regeling"].as_str(), file.get("case")) else {
            continue;
        };
        if file.get("expected").is_none() || only.is_some_and(|o| !regeling.contains(o)) {
            continue;
        }
        let date = engine::api::peildatum_of(case).map_err(|e| e.to_string())?;
        let program = engine.program(regeling, date).map_err(|e| e.to_string())?;
        cases.push((program.clone(), case.clone()));
    }
    let off = EvalOptions::default();
    let start = std::time::Instant::now();
    for _ in 0..rounds {
        for (program, case) in &cases {
            let Ok(inputs) = engine::case::decode(program, black_box(case), false) else {
                continue;
            };
            match mode {
                "uit" => drop(black_box(eval::evaluate(program, &inputs, &off))),
                "aan" => drop(black_box(trace::evaluate(program, &inputs, &off))),
                _ => drop(black_box(inputs)),
            }
        }
    }
    let evaluations = (rounds as usize * cases.len()).max(1) as u32;
    eprintln!(
        "{mode}: {:?} per casus ({} casussen)",
        start.elapsed() / evaluations,
        cases.len()
    );
    Ok(())
}
