//! The rule files the server knows: those found under the workspace folder
//! and the documents the editor has open (whose text wins over the disk).
//! Every change rebuilds the engine's library from all of them, the same
//! `Library` the CLI's `check` builds, so the diagnostics are the CLI's.

use crate::position::range;
use engine::diag::Diagnostic;
use engine::ir::{FileId, Program};
use engine::library::Library;
use engine::outline::Declaration;
use engine::SourceSet;
use grammar::ast;
use lsp_types::{DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Url};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The texts and what the engine made of them.
pub struct Workspace {
    /// Rule files by URI: the disk's text, replaced by the editor's while open.
    disk: BTreeMap<Url, String>,
    open: BTreeMap<Url, String>,
    pub built: Built,
    /// The files diagnostics were last published for (to clear them).
    published: BTreeSet<Url>,
    /// Texts changed since the last build.
    dirty: bool,
}

/// One build of the library with, per file id, its URI and declarations.
pub struct Built {
    pub library: Library,
    pub uris: Vec<Url>,
    pub decls: Vec<Vec<Declaration>>,
    /// Each file's syntax tree (`None`: a syntax error).
    pub asts: Vec<Option<Arc<ast::File>>>,
    /// Per file, the newest program of its own regeling that compiled:
    /// from this build, or from an earlier one while the file has errors
    /// (so hover still describes names while a mistake is being fixed).
    pub programs: BTreeMap<Url, Arc<Program>>,
}

impl Built {
    fn new(files: Vec<(Url, String)>, earlier: BTreeMap<Url, Arc<Program>>) -> Built {
        let mut sources = SourceSet::new();
        let mut uris = Vec::with_capacity(files.len());
        for (uri, text) in files {
            sources.add(path_of(&uri), text);
            uris.push(uri);
        }
        let library = Library::build(sources);
        let (asts, decls) = engine::names::parsed(&library);
        let mut programs = earlier;
        programs.retain(|u, _| uris.contains(u));
        for (file, uri) in uris.iter().enumerate() {
            if let Some(p) = engine::names::program_of(&library, file as FileId) {
                programs.insert(uri.clone(), p.clone());
            }
        }
        Built {
            library,
            uris,
            decls,
            asts,
            programs,
        }
    }

    /// The program that describes the names declared in `file`.
    pub fn program(&self, file: FileId) -> Option<&Arc<Program>> {
        self.programs.get(self.uri(file)?)
    }

    pub fn file(&self, uri: &Url) -> Option<FileId> {
        let uri = key(uri);
        self.uris
            .iter()
            .position(|u| *u == uri)
            .map(|i| i as FileId)
    }

    pub fn text(&self, file: FileId) -> &str {
        self.library
            .sources
            .get(file)
            .map_or("", |f| f.text.as_str())
    }

    pub fn uri(&self, file: FileId) -> Option<&Url> {
        self.uris.get(file as usize)
    }

    pub fn decls(&self, file: FileId) -> &[Declaration] {
        self.decls.get(file as usize).map_or(&[], |d| d.as_slice())
    }

    pub fn location(&self, file: FileId, span: grammar::ast::Span) -> Option<Location> {
        Some(Location::new(
            self.uri(file)?.clone(),
            range(self.text(file), span),
        ))
    }
}

/// The one URI of a file: a `file:` URI with its path made canonical (so a
/// document the editor opens replaces the same file found on disk, however
/// either path is written); other URIs (unsaved documents) as they are.
pub fn key(uri: &Url) -> Url {
    uri.to_file_path()
        .ok()
        .and_then(|p| p.canonicalize().ok())
        .and_then(|p| Url::from_file_path(p).ok())
        .unwrap_or_else(|| uri.clone())
}

/// The path the engine shows for a URI: the file's path for `file:` URIs,
/// otherwise the URI itself.
fn path_of(uri: &Url) -> String {
    match uri.to_file_path() {
        Ok(p) => p.to_string_lossy().replace('\\', "/"),
        Err(()) => uri.to_string(),
    }
}

impl Workspace {
    /// A workspace of the rule files found on disk (path, text).
    pub fn new(found: Vec<(std::path::PathBuf, String)>) -> Workspace {
        let disk = found
            .into_iter()
            .filter_map(|(path, text)| Some((key(&Url::from_file_path(path).ok()?), text)))
            .collect();
        let mut ws = Workspace {
            disk,
            open: BTreeMap::new(),
            built: Built::new(Vec::new(), BTreeMap::new()),
            published: BTreeSet::new(),
            dirty: true,
        };
        ws.refresh();
        ws
    }

    /// The editor's text of a document (opened or changed); the library
    /// is rebuilt on the next [`Workspace::refresh`].
    pub fn open(&mut self, uri: Url, text: String) {
        self.open.insert(key(&uri), text);
        self.dirty = true;
    }

    /// The editor closed a document: the disk's text counts again (a
    /// document that is not on disk is forgotten).
    pub fn close(&mut self, uri: &Url) {
        let uri = &key(uri);
        self.open.remove(uri);
        if let Ok(path) = uri.to_file_path() {
            if let Ok(text) = std::fs::read_to_string(path) {
                self.disk.insert(uri.clone(), text);
            }
        }
        self.dirty = true;
    }

    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// Rebuilds the library when texts changed since the last build. The
    /// server calls this before answering a request and when no more
    /// changes are waiting, so a burst of keystrokes costs one build.
    pub fn refresh(&mut self) {
        if !self.dirty {
            return;
        }
        // Cleared first: a build that fails is not retried for every message.
        self.dirty = false;
        let mut files: BTreeMap<&Url, &String> = self.disk.iter().collect();
        files.extend(self.open.iter());
        let files = files
            .into_iter()
            .map(|(u, t)| (u.clone(), t.clone()))
            .collect();
        // The old build is dropped here (only the programs of files that
        // still exist are kept): nothing accumulates over edits.
        let earlier = std::mem::take(&mut self.built.programs);
        self.built = Built::new(files, earlier);
    }

    /// The diagnostics to publish: every file that has some, and an empty
    /// list for each file that had some last time and has none now.
    pub fn diagnostics(&mut self) -> Vec<(Url, Vec<lsp_types::Diagnostic>)> {
        self.refresh();
        let built = &self.built;
        let mut by_file: BTreeMap<Url, Vec<lsp_types::Diagnostic>> = BTreeMap::new();
        for d in built.library.diagnostics() {
            if let Some(uri) = built.uri(d.file) {
                by_file
                    .entry(uri.clone())
                    .or_default()
                    .push(to_protocol(built, d));
            }
        }
        for uri in &self.published {
            by_file.entry(uri.clone()).or_default();
        }
        self.published = by_file
            .iter()
            .filter(|(_, ds)| !ds.is_empty())
            .map(|(u, _)| u.clone())
            .collect();
        by_file.into_iter().collect()
    }
}

/// The data a diagnostic carries for a quick fix: the engine's suggested
/// replacement and the range it replaces (which may be narrower than the
/// diagnostic's own range).
#[derive(serde::Serialize, serde::Deserialize)]
pub struct FixData {
    pub replacement: String,
    pub range: lsp_types::Range,
}

/// A diagnostic as the protocol has it: the engine's message, with its
/// label and help on the lines below, and its related places.
fn to_protocol(built: &Built, d: &Diagnostic) -> lsp_types::Diagnostic {
    let mut message = d.message.clone();
    for extra in [Some(&d.label).filter(|l| !l.is_empty()), d.help.as_ref()]
        .into_iter()
        .flatten()
    {
        message.push('\n');
        message.push_str(extra);
    }
    let related = d
        .related
        .iter()
        .filter_map(|r| {
            Some(DiagnosticRelatedInformation {
                location: built.location(r.file, r.span)?,
                message: r.label.clone(),
            })
        })
        .collect::<Vec<_>>();
    lsp_types::Diagnostic {
        range: range(built.text(d.file), d.span),
        severity: Some(match d.severity {
            engine::Severity::Error => DiagnosticSeverity::ERROR,
            engine::Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.to_string())),
        source: Some("regelwerk".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        data: d.suggestion.as_ref().and_then(|s| {
            serde_json::to_value(FixData {
                replacement: s.replacement.clone(),
                range: range(built.text(d.file), s.span),
            })
            .ok()
        }),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str =
        "regeling \"X\"\n  id a.x\n  geldig vanaf 2025-01-01\n\nuitvoer r\n\nregel r: getal = 1\n";

    #[test]
    fn a_fixed_file_is_cleared_and_nothing_piles_up_over_edits() {
        let uri = Url::parse("untitled:x.regels").unwrap();
        let mut ws = Workspace::new(Vec::new());
        for round in 0..20 {
            let broken = GOOD.replace("= 1", &format!("= onbekend_{round}"));
            ws.open(uri.clone(), broken);
            let published = ws.diagnostics();
            assert_eq!(published.len(), 1);
            assert_eq!(
                published[0].1[0].code,
                Some(NumberOrString::String("R0101".into()))
            );
            ws.open(uri.clone(), GOOD.into());
            // The file had diagnostics: it is sent an empty list once.
            assert_eq!(ws.diagnostics(), vec![(uri.clone(), Vec::new())]);
            assert_eq!(ws.diagnostics(), vec![]);
        }
        assert_eq!(
            ws.built.programs.len(),
            1,
            "one program per file, not per edit"
        );
        ws.close(&uri);
        ws.refresh();
        assert!(
            ws.built.uris.is_empty(),
            "an unsaved document is forgotten on close"
        );
        assert!(ws.built.programs.is_empty());
    }
}
