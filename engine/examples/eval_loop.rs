//! Measuring harness for profiling (cachegrind, perf): evaluates one case N
//! times and prints the time per evaluation. With REUSE set it reuses one
//! Evaluator and the resolved parameters (the batch path), else it calls
//! eval::evaluate (the one-shot path the criterion bench times).
//!
//! Usage: `cargo run --release -p engine --example eval_loop --
//! rules/heemskerk/minimaregelingen <case-file.json> <N>`

use engine::eval::{self, EvalOptions};
use engine::Engine;
use std::hint::black_box;
use std::process::ExitCode;

#[path = "../tests/common/workspace.rs"]
mod workspace;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [regeling, case_file, n] = args.as_slice() else {
        eprintln!("gebruik: eval_loop <regelingmap> <casusbestand.json> <aantal>");
        return ExitCode::from(2);
    };
    match run(regeling, case_file, n) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run(regeling: &str, case_file: &str, n: &str) -> Result<(), String> {
    let n: u32 = n.parse().map_err(|e| format!("aantal `{n}`: {e}"))?;
    let engine = Engine::new(workspace::rules_sources());
    let text = std::fs::read_to_string(case_file).map_err(|e| format!("{case_file}: {e}"))?;
    let file: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{case_file}: {e}"))?;
    let case = &file["case"];
    let date = engine::api::peildatum_of(case).map_err(|e| e.to_string())?;
    let program = engine.program(regeling, date).map_err(|e| e.to_string())?;
    let inputs = engine::case::decode(program, case, false).map_err(|e| format!("{e:?}"))?;
    let off = EvalOptions::default();
    let reuse = std::env::var("REUSE").is_ok();
    let params = eval::ResolvedParams::new(program, date);
    let mut evaluator = eval::Evaluator::new(program);
    let start = std::time::Instant::now();
    for _ in 0..n {
        if reuse {
            black_box(evaluator.evaluate(&params, black_box(&inputs), &off)).ok();
        } else {
            black_box(eval::evaluate(program, black_box(&inputs), &off)).ok();
        }
    }
    eprintln!("{:?} per eval", start.elapsed() / n.max(1));
    Ok(())
}
