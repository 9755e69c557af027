//! Simulation benchmark (criterion): a synthetic population of the
//! minimaregelingen contract (20,000 JSONL lines, generated in memory with
//! a fixed seed) run through `audit::simulate::Simulator` — JSON parsing,
//! case decoding, evaluation and aggregation, on one thread.
//!
//! - `simuleren/minimaregelingen_20000`: the whole population;
//! - `simuleren/alleen_json_20000`: parsing the lines only (the share of
//!   the time that is JSON);
//! - `simuleren/samenvoegen`: merging two aggregates (what the CLI does
//!   once per worker thread).
//!
//! The target is 1,000,000 cases in at most 5 s on two cores: the time of
//! `minimaregelingen_20000` × 50 / 2 must stay below 5 s (see docs/audit.md
//! for measured figures).

use audit::population::Generator;
use audit::profile::Profile;
use audit::simulate::Simulator;
use audit::LineSink;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use engine::Engine;
use std::hint::black_box;

const LINES: usize = 20_000;

#[path = "../../engine/tests/common/workspace.rs"]
mod workspace;

fn engine() -> Engine {
    Engine::new(workspace::rules_sources())
}

fn population(engine: &Engine) -> Vec<String> {
    let Some(date) = audit::parse_date("2025-03-01") else {
        return Vec::new();
    };
    let Ok(program) = engine.program("heemskerk.minimaregelingen", date) else {
        return Vec::new();
    };
    // The profile of examples/populaties, as `genereer` reads it.
    let path = workspace::workspace()
        .join("examples/populaties/heemskerk-minimaregelingen-2025.profiel.json");
    let Some(json) = std::fs::read_to_string(path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
    else {
        return Vec::new();
    };
    let Ok(profile) = Profile::read(&json, program, date) else {
        return Vec::new();
    };
    let mut g = Generator::new(program, date, 20_251, Some(profile));
    (0..LINES).map(|_| g.next_case().to_string()).collect()
}

fn bench(c: &mut Criterion) {
    let engine = engine();
    let lines = population(&engine);
    if lines.is_empty() {
        eprintln!("minimaregelingen niet beschikbaar: benchmark overgeslagen");
        return;
    }
    let mut group = c.benchmark_group("simuleren");
    group.sample_size(10);
    group.throughput(Throughput::Elements(lines.len() as u64));
    group.bench_function("minimaregelingen_20000", |b| {
        b.iter(|| {
            let Ok(mut sim) = Simulator::new(&engine, "heemskerk.minimaregelingen") else {
                return 0;
            };
            for (i, line) in lines.iter().enumerate() {
                sim.add_line(i as u64 + 1, line);
            }
            black_box(sim.aggregate.cases)
        })
    });
    group.bench_function("alleen_json_20000", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for line in &lines {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                    n += v.as_object().map_or(0, |o| o.len());
                }
            }
            black_box(n)
        })
    });
    group.bench_function("samenvoegen", |b| {
        let run = |part: &[String]| {
            let mut sim = Simulator::new(&engine, "heemskerk.minimaregelingen").ok()?;
            for (i, line) in part.iter().enumerate() {
                sim.add_line(i as u64 + 1, line);
            }
            Some(sim.aggregate)
        };
        let (Some(a), Some(b2)) = (run(&lines[..2000]), run(&lines[2000..4000])) else {
            return;
        };
        b.iter(|| {
            let mut x = a.clone();
            x.merge(b2.clone());
            black_box(x.cases)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
