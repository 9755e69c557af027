//! Helpers shared by the integration tests: the workspace root, finding
//! files, and loading the rule library the way the CLI does (paths relative
//! to the workspace root, with `/`).

#![allow(dead_code)]

pub mod binary;

use engine::{Engine, Request, SourceSet};
use std::path::{Path, PathBuf};

/// The workspace root (this crate lives in `<root>/tests`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate lies inside the workspace")
        .to_path_buf()
}

/// Every file with the extension below `dir`, sorted.
pub fn files_with_extension(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    walk(dir, extension, &mut out);
    out.sort();
    out
}

fn walk(dir: &Path, extension: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, extension, out);
        } else if path.extension().is_some_and(|e| e == extension) {
            out.push(path);
        }
    }
}

/// A path relative to the workspace root, with `/` separators.
pub fn relative(path: &Path) -> String {
    let rel = path.strip_prefix(root()).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The sources of every `*.regels` file below `dir` (relative to the root).
pub fn sources_in(dir: &Path) -> SourceSet {
    let mut sources = SourceSet::new();
    for path in files_with_extension(dir, "regels") {
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        sources.add(relative(&path), text);
    }
    sources
}

/// The whole rule library under `rules/`.
pub fn rules_engine() -> Engine {
    let sources = sources_in(&root().join("rules"));
    assert!(!sources.is_empty(), "no rule files found under rules/");
    Engine::new(sources)
}

/// Diagnostics rendered as the CLI shows them: miette, no colour, width 100.
pub fn render_all(engine: &Engine, only_errors: bool) -> String {
    let handler = cli::render::handler_with(false, 100);
    engine
        .diagnostics()
        .iter()
        .filter(|d| !only_errors || d.is_error())
        .map(|d| cli::render::render(&handler, d, engine.sources()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The three ways a case is evaluated: plain, partial (absent inputs
/// unknown) and traced (with the derivation for an explanation).
pub fn every_mode() -> [Request; 3] {
    [
        Request::default(),
        Request {
            partial: true,
            ..Request::default()
        },
        Request {
            trace: true,
            ..Request::default()
        },
    ]
}

/// A synthetic population of `n` cases of `regeling` on `peildatum`, drawn
/// with `seed` from the profile `examples/populaties/<profile>.profiel.json`
/// (as `examples/populaties/genereer.sh` draws them).
pub fn population(
    engine: &Engine,
    regeling: &str,
    peildatum: &str,
    profile: &str,
    seed: u64,
    n: usize,
) -> Vec<serde_json::Value> {
    let date = engine::case::parse_iso_date(peildatum).expect("a date");
    let program = engine.program(regeling, date).expect("a version in force");
    let path = root().join(format!("examples/populaties/{profile}.profiel.json"));
    let text = std::fs::read_to_string(&path).expect("the profile");
    let json = serde_json::from_str(&text).expect("the profile is JSON");
    let profile = audit::profile::Profile::read(&json, program, date).expect("the profile fits");
    let mut g = audit::population::Generator::new(program, date, seed, Some(profile));
    (0..n).map(|_| g.next_case()).collect()
}
