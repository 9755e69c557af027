//! Reading rule files from disk: finding the library root of a path,
//! collecting `*.regels` files and naming them relative to the current
//! directory with `/` separators (as the engine and the case files expect).

use engine::ir::FileId;
use engine::SourceSet;
use std::collections::BTreeSet;
use std::fmt;
use std::path::{Component, Path, PathBuf};

/// A problem with the paths or files the user named (exit code 2 unless
/// the command decides otherwise).
#[derive(Debug)]
pub struct IoProblem(pub String);

impl fmt::Display for IoProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The loaded sources with, per file, where it lives on disk.
pub struct Loaded {
    pub sources: SourceSet,
    /// Canonical path per file id (same order as the source set).
    pub disk: Vec<PathBuf>,
}

impl Loaded {
    /// The ids of the files that lie under one of `paths` (canonical).
    pub fn files_under(&self, paths: &[PathBuf]) -> Vec<FileId> {
        self.disk
            .iter()
            .enumerate()
            .filter(|(_, p)| paths.iter().any(|root| p.starts_with(root)))
            .map(|(i, _)| i as FileId)
            .collect()
    }
}

/// The canonical form of a path the user gave, or a Dutch complaint.
pub fn canonical(path: &Path) -> Result<PathBuf, IoProblem> {
    path.canonicalize().map_err(|e| {
        IoProblem(format!(
            "kan `{}` niet openen: {}",
            path.display(),
            dutch_io(&e)
        ))
    })
}

/// The library root for a path: the nearest ancestor (or the path itself)
/// named `rules`; otherwise the directory itself, or for a file the file
/// alone.
pub fn library_root(path: &Path) -> Result<PathBuf, IoProblem> {
    let path = canonical(path)?;
    Ok(rules_ancestor(&path).unwrap_or(path))
}

/// The nearest ancestor of `path` (or the path itself) that is a folder
/// named `rules`, canonical; `None` when there is none or `path` does not
/// exist.
pub fn rules_ancestor(path: &Path) -> Option<PathBuf> {
    let path = path.canonicalize().ok()?;
    path.ancestors()
        .find(|a| a.file_name().is_some_and(|n| n == "rules") && a.is_dir())
        .map(Path::to_path_buf)
}

/// The roots to load for the given paths (or the `--bibliotheek` override),
/// without roots that lie inside another root.
pub fn roots_for(paths: &[PathBuf], library: Option<&Path>) -> Result<Vec<PathBuf>, IoProblem> {
    let mut roots: Vec<PathBuf> = match library {
        Some(lib) => vec![canonical(lib)?],
        None => paths
            .iter()
            .map(|p| library_root(p))
            .collect::<Result<_, _>>()?,
    };
    roots.sort();
    roots.dedup();
    let outer: Vec<PathBuf> = roots
        .iter()
        .filter(|r| !roots.iter().any(|o| o != *r && r.starts_with(o)))
        .cloned()
        .collect();
    Ok(outer)
}

/// Every `*.regels` file under the roots, sorted, read into a source set.
pub fn load(roots: &[PathBuf]) -> Result<Loaded, IoProblem> {
    let mut files = BTreeSet::new();
    for root in roots {
        collect(root, "regels", &mut files)?;
    }
    let mut sources = SourceSet::new();
    let mut disk = Vec::new();
    for file in files {
        let text = read_text(&file)?;
        sources.add(display_path(&file), text);
        disk.push(file);
    }
    Ok(Loaded { sources, disk })
}

/// Collects files with the extension below `path` (or `path` itself when it
/// is such a file). Hidden directories and `target` are skipped.
pub fn collect(path: &Path, extension: &str, out: &mut BTreeSet<PathBuf>) -> Result<(), IoProblem> {
    let meta = std::fs::metadata(path).map_err(|e| {
        IoProblem(format!(
            "kan `{}` niet openen: {}",
            display_path(path),
            dutch_io(&e)
        ))
    })?;
    if meta.is_file() {
        out.insert(canonical(path)?);
        return Ok(());
    }
    let entries = std::fs::read_dir(path).map_err(|e| {
        IoProblem(format!(
            "kan de map `{}` niet lezen: {}",
            display_path(path),
            dutch_io(&e)
        ))
    })?;
    for entry in entries {
        let entry = entry.map_err(|e| {
            IoProblem(format!(
                "kan de map `{}` niet lezen: {}",
                display_path(path),
                dutch_io(&e)
            ))
        })?;
        let p = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if p.is_dir() {
            if name.starts_with('.') || name == "target" || name == "node_modules" {
                continue;
            }
            collect(&p, extension, out)?;
        } else if p.extension().is_some_and(|e| e == extension) {
            out.insert(canonical(&p)?);
        }
    }
    Ok(())
}

/// Reads a UTF-8 text file.
pub fn read_text(path: &Path) -> Result<String, IoProblem> {
    std::fs::read_to_string(path).map_err(|e| {
        IoProblem(format!(
            "kan `{}` niet lezen: {}",
            display_path(path),
            dutch_io(&e)
        ))
    })
}

/// A path relative to the current directory when it lies below it,
/// otherwise as given; always with `/` separators.
pub fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir()
        .ok()
        .and_then(|c| c.canonicalize().ok());
    let abs = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let shown = match cwd.as_deref().and_then(|c| abs.strip_prefix(c).ok()) {
        Some(rel) if !rel.as_os_str().is_empty() => rel.to_path_buf(),
        Some(_) => PathBuf::from("."),
        None => path.to_path_buf(),
    };
    slash(&shown)
}

/// Joins the components of a path with `/`, dropping `.` components.
pub fn slash(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut absolute = false;
    for c in path.components() {
        match c {
            Component::RootDir => absolute = true,
            Component::CurDir => {}
            Component::Prefix(p) => parts.push(p.as_os_str().to_string_lossy().into_owned()),
            Component::ParentDir => parts.push("..".into()),
            Component::Normal(n) => parts.push(n.to_string_lossy().into_owned()),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else if joined.is_empty() {
        ".".into()
    } else {
        joined
    }
}

/// A short Dutch description of an I/O error.
pub fn dutch_io(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "bestaat niet".into(),
        PermissionDenied => "geen toestemming".into(),
        InvalidData => "geen geldige UTF-8-tekst".into(),
        IsADirectory => "is een map".into(),
        _ => e.to_string(),
    }
}

/// Loads the library around `paths` (or `library`) with the ids of the
/// files under `paths` (what `check` and `test` report on); an error in
/// Dutch when a path cannot be read or holds no rule file.
pub fn load_rule_files(
    paths: &[PathBuf],
    library: Option<&Path>,
) -> Result<(Loaded, Vec<FileId>), String> {
    let (loaded, targets) = load_library(paths, library).map_err(|e| e.to_string())?;
    let ids = loaded.files_under(&targets);
    if ids.is_empty() {
        return Err(no_rule_files(paths));
    }
    Ok((loaded, ids))
}

/// The Dutch message for paths that hold no rule file.
pub fn no_rule_files(paths: &[PathBuf]) -> String {
    let shown: Vec<String> = paths.iter().map(|p| format!("`{}`", slash(p))).collect();
    format!("geen .regels-bestanden gevonden in {}", shown.join(", "))
}

/// Loads the library around `paths` (or `library`) and returns it with the
/// canonical forms of `paths`, whose files the command reports on.
pub fn load_library(
    paths: &[PathBuf],
    library: Option<&Path>,
) -> Result<(Loaded, Vec<PathBuf>), IoProblem> {
    let targets: Vec<PathBuf> = paths
        .iter()
        .map(|p| canonical(p))
        .collect::<Result<_, _>>()?;
    let mut roots = roots_for(paths, library)?;
    // A path outside the given library still gets its own files loaded.
    for (given, target) in paths.iter().zip(&targets) {
        if !roots.iter().any(|r| target.starts_with(r)) {
            roots.push(library_root(given)?);
        }
    }
    let loaded = load(&roots)?;
    Ok((loaded, targets))
}

/// Parses JSON; the error is a Dutch description with line and column.
pub fn parse_json(text: &str) -> Result<serde_json::Value, String> {
    serde_json::from_str(text).map_err(|e| engine::case::dutch_json_error(&e))
}
