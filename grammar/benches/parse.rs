//! Parser benchmark (criterion): `grammar::parse` alone on the generated
//! 10,000-line file that `engine/benches/engine.rs` times as
//! `laden/gegenereerd_10000_regels` (parse + check + compile), so the share
//! of the parser in that number can be read off directly.

#[path = "common/generated.rs"]
mod generated;

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

fn parsing(c: &mut Criterion) {
    let text = generated::generated_file(10_000);
    if let Err(e) = grammar::parse(&text) {
        eprintln!("let op: het gegenereerde bestand bevat een syntaxfout: {e}");
    }
    let mut group = c.benchmark_group("parsen");
    group.sample_size(20);
    group.bench_function("gegenereerd_10000_regels", |b| {
        b.iter(|| black_box(grammar::parse(black_box(&text))))
    });
    group.finish();
}

criterion_group!(benches, parsing);
criterion_main!(benches);
