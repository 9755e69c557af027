// Measuring harness for profiling (cachegrind, perf): evaluates one case N
// times and prints the time per evaluation. With REUSE set it reuses one
// Evaluator and the resolved parameters (the batch path), else it calls
// eval::evaluate (the one-shot path the criterion bench times).
// Usage: eval_loop <regeling-folder> <case-file.json> <N>
use engine::eval::{self, EvalOptions};
use engine::{Engine, SourceSet};
use std::hint::black_box;
fn main() {
    let mut args = std::env::args().skip(1);
    let regeling = args.next().unwrap();
    let case_file = args.next().unwrap();
    let n: usize = args.next().unwrap().parse().unwrap();
    let mut sources = SourceSet::new();
    for e in walk("rules") {
        sources.add(e.clone(), std::fs::read_to_string(&e).unwrap());
    }
    let engine = Engine::new(sources);
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(case_file).unwrap()).unwrap();
    let case = &file["case"];
    let date = engine::api::peildatum_of(case).unwrap();
    let program = engine.program(&regeling, date).unwrap();
    let inputs = engine::case::decode(program, case, false).unwrap();
    let off = EvalOptions::default();
    let reuse = std::env::var("REUSE").is_ok();
    let params = eval::ResolvedParams::new(program, date);
    let mut ev = eval::Evaluator::new(program);
    let t = std::time::Instant::now();
    for _ in 0..n {
        if reuse {
            black_box(ev.evaluate(&params, black_box(&inputs), &off)).ok();
        } else {
            black_box(eval::evaluate(program, black_box(&inputs), &off)).ok();
        }
    }
    eprintln!("{:?} per eval", t.elapsed() / n as u32);
}
fn walk(d: &str) -> Vec<String> {
    let mut out = vec![];
    for e in std::fs::read_dir(d).unwrap() {
        let p = e.unwrap().path();
        let s = p.to_string_lossy().to_string();
        if p.is_dir() {
            out.extend(walk(&s));
        } else if s.ends_with(".regels") {
            out.push(s);
        }
    }
    out.sort();
    out
}
