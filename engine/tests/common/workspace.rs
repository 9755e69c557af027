//! Reading the workspace's rule library and case files, shared by the
//! engine's integration tests and benchmarks (included with `#[path]`).

use engine::SourceSet;
use std::path::{Path, PathBuf};

/// The workspace root (the engine crate's parent).
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every file under `dir` with `extension`, sorted, recursively.
pub fn files(dir: &Path, extension: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, extension, out);
        } else if path.extension().is_some_and(|e| e == extension) {
            out.push(path);
        }
    }
    out.sort();
}

/// The `rules/` tree with paths as the CLI names them (`rules/...`).
pub fn rules_sources() -> SourceSet {
    let root = workspace();
    let mut paths = Vec::new();
    files(&root.join("rules"), "regels", &mut paths);
    let mut sources = SourceSet::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("readable rule file");
        let rel = path.strip_prefix(&root).unwrap_or(&path);
        let rel: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        sources.add(rel.join("/"), text);
    }
    sources
}
