//! Target `check`: a rule file, mutated from one in `rules/`, checked and
//! compiled together with the rest of the library. The input's first line
//! may name the file it replaces (`// vervangt: rules/x/y/2025.regels`, a
//! comment, so the input is a rule file as it stands); otherwise it is
//! added beside the library. Oracles: no panic, and every diagnostic (and
//! every related place) points into its own file on character boundaries.
//!
//! Only what the input can affect is compiled: its regeling and those that
//! use it or layer on it. The other files are planned from the library's
//! heads (as a bundle's manifest plans them), so they are parsed only when
//! one of those programs needs them: parsing and compiling the whole
//! library for every input would make the search ten times slower.

use crate::oracle::assert_diagnostics_located;
use crate::{library_engine, rule_files, sources_with};
use engine::ir::FileId;
use engine::library::Library;

/// The first line that names the file an input replaces.
pub const REPLACES: &str = "// vervangt: ";

/// Where an input that names no file (or a file not in `rules/`) goes.
const ADDED: &str = "rules/fuzz/invoer/2025.regels";

pub fn run(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        check_text(text);
    }
}

pub fn check_text(text: &str) {
    let replaced = text
        .lines()
        .next()
        .and_then(|line| line.strip_prefix(REPLACES))
        .map(str::trim)
        .and_then(|p| rule_files().iter().position(|(path, _)| *path == p));
    let (path, file) = match replaced {
        Some(i) => (rule_files()[i].0, i),
        None => (ADDED, rule_files().len()),
    };
    let mut heads = library_engine().library().heads();
    if let Some(head) = heads.get_mut(file) {
        *head = None;
    }
    let library = Library::with_heads(sources_with(Some((path, text))), heads);
    let file = file as FileId;
    let own: Vec<&str> = library
        .regelingen
        .iter()
        .filter(|r| r.versions.iter().any(|v| v.file == file))
        .map(|r| r.id.as_str())
        .collect();
    for regeling in &library.regelingen {
        let affected = own.contains(&regeling.id.as_str())
            || regeling.versions.iter().any(|v| {
                v.layer_on.as_deref().is_some_and(|b| own.contains(&b))
                    || v.uses.iter().any(|u| own.contains(&u.as_str()))
            });
        if affected {
            for segment in &regeling.segments {
                let _ = segment.program();
            }
        }
    }
    assert_diagnostics_located(&library.diagnostics_so_far(), &library.sources);
}
