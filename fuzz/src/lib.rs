//! The fuzz targets of regelwerk (docs/fuzzing.md). Each target is a module
//! with `run(data)`, called by its libFuzzer binary in `fuzz_targets/` and
//! by this crate's tests, which replay the committed seeds and the
//! regression inputs on a stable compiler (`cargo test` in `fuzz/`).
//!
//! A target panics when its oracle fails: a panic inside the engine or the
//! grammar, or an answer that breaks one of the properties it checks.

pub mod case;
pub mod check;
pub mod eval;
pub mod generate;
pub mod oracle;
pub mod parse;
pub mod program;

use engine::{Engine, SourceSet};
use std::sync::OnceLock;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/rules.rs"));
}

/// The rule library `rules/` as it was when the targets were built:
/// (path as the CLI names it, text), sorted by path.
pub fn rule_files() -> &'static [(&'static str, &'static str)] {
    embedded::RULES
}

/// The rule library as sources, with `replace` (a path) swapped for `text`
/// (added when no file has that path).
pub fn sources_with(replace: Option<(&str, &str)>) -> SourceSet {
    let mut sources = SourceSet::new();
    let mut replaced = false;
    for &(path, text) in rule_files() {
        match replace {
            Some((p, t)) if p == path => {
                sources.add(path, t);
                replaced = true;
            }
            _ => {
                sources.add(path, text);
            }
        }
    }
    if let (Some((path, text)), false) = (replace, replaced) {
        sources.add(path, text);
    }
    sources
}

/// The engine of the rule library, loaded once per process with every
/// program compiled.
pub fn library_engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let engine = Engine::new(sources_with(None));
        let errors: Vec<_> = engine
            .diagnostics()
            .iter()
            .filter(|d| d.is_error())
            .collect();
        assert!(errors.is_empty(), "rules/ has errors: {errors:?}");
        engine
    })
}

/// The ids of the regelingen in `rules/`.
pub fn regeling_ids() -> &'static [String] {
    static IDS: OnceLock<Vec<String>> = OnceLock::new();
    IDS.get_or_init(|| {
        library_engine()
            .regelingen()
            .into_iter()
            .map(|r| r.id)
            .collect()
    })
}

#[cfg(test)]
mod replay;
