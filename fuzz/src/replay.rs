//! Replays the committed seeds (`corpus/<target>/`) and the inputs that
//! once failed (`regressions/<target>/`) through every target, so the
//! harness is tested on a stable compiler and a fixed finding stays fixed.

use std::path::PathBuf;

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in [
        root.join("corpus").join(target),
        root.join("regressions").join(target),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_file() {
                let data = std::fs::read(&path).expect("a readable input");
                out.push((path, data));
            }
        }
    }
    out.sort();
    out
}

/// A target's entry point.
type Run = fn(&[u8]);

/// Every target, by the name of its corpus folder.
const TARGETS: &[(&str, Run)] = &[
    ("parse", crate::parse::run),
    ("check", crate::check::run),
    ("case", crate::case::run),
    ("program", crate::program::run),
    ("eval", crate::eval::run),
];

#[test]
fn every_seed_and_regression_input_passes_its_target() {
    for &(target, run) in TARGETS {
        let inputs = inputs(target);
        assert!(!inputs.is_empty(), "no seeds for the target `{target}`");
        for (path, data) in inputs {
            eprintln!("{}", path.display());
            run(&data);
        }
    }
}

/// The `program` seeds must be read, or the target would only ever see
/// refusals: the program seed passes `Program::from_json`, the bundle seed
/// loads. Written again with `regelwerk bundle rules/landelijk/aow-leeftijd`
/// when the program format changes.
#[test]
fn the_program_seeds_are_read() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus/program");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).expect("a seed");
    engine::ir::Program::from_json(&read("program_aow-leeftijd.json"))
        .expect("the program seed is read");
    engine::bundle::load(&read("bundle_aow-leeftijd.json")).expect("the bundle seed loads");
}
