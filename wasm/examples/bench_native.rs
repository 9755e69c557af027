//! The native side of the wasm timing comparison: evaluates every passing
//! case file through the same JSON API the browser uses (`Regelwerk`),
//! natively, and prints the mean time per case.
//!
//!   cargo run -p wasm --release --example bench_native -- <bundle.json> <rounds> <cases-dir>...
//!
//! Compare with `node wasm/conformance.mjs <cases-dir> --bench <rounds>`.

use regelwerk_wasm::Regelwerk;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn case_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        if dir.extension().is_some_and(|e| e == "json") {
            out.push(dir.to_path_buf());
        }
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            case_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        eprintln!("gebruik: bench_native <regels.json> <rondes> <casusmap>...");
        std::process::exit(2);
    }
    let bundle = match std::fs::read_to_string(&args[0]) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{}: {e}", args[0]);
            std::process::exit(2);
        }
    };
    let rounds: u32 = args[1].parse().unwrap_or(100).max(1);
    let t0 = Instant::now();
    let rw = Regelwerk::new(&bundle);
    let load = t0.elapsed();
    let mut files = Vec::new();
    for d in &args[2..] {
        case_files(Path::new(d), &mut files);
    }
    // The cases that evaluate without error (as the Node bench times them).
    let mut cases: Vec<(String, String)> = Vec::new();
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        let Ok(doc) = serde_json::from_str::<Json>(&text) else {
            continue;
        };
        let (Some(regeling), Some(case)) =
            (doc.get("regeling").and_then(Json::as_str), doc.get("case"))
        else {
            continue;
        };
        let case = case.to_string();
        let answer: Json =
            serde_json::from_str(&rw.evaluate(regeling, &case, "")).unwrap_or(Json::Null);
        if answer["ok"] == Json::Bool(true) && doc.get("expected").is_some() {
            cases.push((regeling.to_string(), case));
        }
    }
    if cases.is_empty() {
        eprintln!("geen casussen om te meten");
        std::process::exit(1);
    }
    // Warm up, then time each round; the fastest round is the least
    // disturbed by other load, the median is given too.
    let mut bytes = 0usize;
    for _ in 0..20 {
        for (regeling, case) in &cases {
            bytes += rw.evaluate(regeling, case, "").len();
        }
    }
    let mut rounds_us: Vec<f64> = Vec::with_capacity(rounds as usize);
    for _ in 0..rounds {
        let start = Instant::now();
        for (regeling, case) in &cases {
            bytes += rw.evaluate(regeling, case, "").len();
        }
        rounds_us.push(start.elapsed().as_secs_f64() * 1e6 / cases.len() as f64);
    }
    rounds_us.sort_by(f64::total_cmp);
    let fastest = rounds_us.first().copied().unwrap_or_default();
    let median = rounds_us
        .get(rounds_us.len() / 2)
        .copied()
        .unwrap_or_default();
    println!(
        "bench: {} casussen x {rounds} rondes: snelste ronde {fastest:.1} µs per casus, mediaan {median:.1} µs (native); regelbundel laden {:.1} ms ({bytes} bytes uitvoer)",
        cases.len(),
        load.as_secs_f64() * 1e3
    );
}
