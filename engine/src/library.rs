//! A library of regelingen: parses every source, groups the files into
//! regelingen and versions, and plans one program per stretch of dates on
//! which the same versions (of the regeling, its bases and what it uses) are
//! in force. Picking the program for a peildatum is then a lookup.
//!
//! Programs are compiled on first use, so a browser that shows one regeling
//! compiles only that one (with its bases and imports). Checking needs them
//! all: [`Library::diagnostics`] compiles whatever has not been compiled yet.

use crate::check::{self, Assembly, Unit};
use crate::diag::{normalize, Diagnostic};
use crate::ir::{FileId, Program, ProgramInfo, VersionRef, VersionRole};
use crate::source::SourceSet;
use chrono::{Days, NaiveDate};
use grammar::ast;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, OnceLock};

#[derive(Debug, Clone)]
pub struct Version {
    pub file: FileId,
    pub version: String,
    pub valid_from: NaiveDate,
    pub valid_through: Option<NaiveDate>,
    pub layer_on: Option<String>,
    pub uses: Vec<String>,
}

impl Version {
    fn contains(&self, d: NaiveDate) -> bool {
        d >= self.valid_from && self.valid_through.is_none_or(|t| d <= t)
    }
}

/// Why no program is in force on a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unavailable {
    /// No version of the regeling itself.
    NoVersion,
    /// A base or used regeling has no version on that date.
    Dependency(String),
    /// The versions in force have errors (see `regelwerk check`).
    Invalid,
}

/// A stretch of dates with one program, compiled on first use.
#[derive(Debug, Clone)]
pub struct Segment {
    pub from: NaiveDate,
    pub through: Option<NaiveDate>,
    /// What the program is built from, or why there is none.
    plan: Result<Recipe, Unavailable>,
    compiled: OnceLock<Compiled>,
}

#[derive(Debug, Clone)]
struct Compiled {
    program: Result<Arc<Program>, Unavailable>,
    diagnostics: Vec<Diagnostic>,
}

impl Segment {
    /// The program in force on this stretch, or why there is none. The
    /// first call compiles it (once, also when two threads ask at once).
    pub fn program(&self) -> Result<&Arc<Program>, Unavailable> {
        self.compiled().program.as_ref().map_err(Clone::clone)
    }

    fn compiled(&self) -> &Compiled {
        self.compiled.get_or_init(|| match &self.plan {
            Err(reason) => Compiled {
                program: Err(reason.clone()),
                diagnostics: Vec::new(),
            },
            Ok(recipe) => recipe.compile(self.through),
        })
    }

    /// The diagnostics of compiling, when that has happened.
    fn diagnostics_if_compiled(&self) -> &[Diagnostic] {
        self.compiled.get().map_or(&[], |c| &c.diagnostics)
    }
}

/// What a segment's program is compiled from: the files in force with their
/// syntax trees (shared, so a segment compiles without the library at hand)
/// and the program's metadata.
#[derive(Debug, Clone)]
struct Recipe {
    parts: OwnedAssembly,
    info: ProgramInfo,
}

impl Recipe {
    fn compile(&self, through: Option<NaiveDate>) -> Compiled {
        let (program, diagnostics) = check::compile(&self.parts.assembly(), self.info.clone());
        let program = program
            .map(|mut p| {
                // `info` ends where the first of the merged stretches ends, so
                // the checks see the dates they saw when every program was
                // compiled up front; the program is in force on all of them.
                p.info.valid_through = through;
                Arc::new(p)
            })
            .ok_or(Unavailable::Invalid);
        Compiled {
            program,
            diagnostics,
        }
    }
}

/// [`check::Assembly`] with owned syntax trees.
#[derive(Debug, Clone)]
struct OwnedAssembly {
    chain: Vec<OwnedUnit>,
    imports: Vec<(String, OwnedAssembly)>,
}

#[derive(Debug, Clone)]
struct OwnedUnit {
    regeling: Arc<str>,
    file: FileId,
    ast: Arc<ast::File>,
}

impl OwnedAssembly {
    fn assembly(&self) -> Assembly<'_> {
        Assembly {
            chain: self
                .chain
                .iter()
                .map(|u| Unit {
                    regeling: u.regeling.clone(),
                    file: u.file,
                    ast: &u.ast,
                })
                .collect(),
            imports: self
                .imports
                .iter()
                .map(|(id, parts)| (id.clone(), parts.assembly()))
                .collect(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Regeling {
    pub id: String,
    pub name: String,
    /// The folder holding its files (`rules/heemskerk/minimaregelingen`).
    pub folder: String,
    pub versions: Vec<Version>,
    pub segments: Vec<Segment>,
}

impl Regeling {
    /// The program in force on `date`, or why there is none.
    pub fn program_at(&self, date: NaiveDate) -> Result<&Arc<Program>, Unavailable> {
        self.segments
            .iter()
            .find(|s| date >= s.from && s.through.is_none_or(|t| date <= t))
            .ok_or(Unavailable::NoVersion)
            .and_then(Segment::program)
    }
}

#[derive(Debug)]
pub struct Library {
    pub sources: SourceSet,
    pub asts: Vec<Option<Arc<ast::File>>>,
    pub regelingen: Vec<Regeling>,
    /// Found before any compiling: syntax, version dates and overlaps,
    /// unknown regelingen.
    loading: Vec<Diagnostic>,
    /// Every diagnostic, once everything has been compiled.
    all: OnceLock<Vec<Diagnostic>>,
}

// `regelwerk simulate` evaluates from two worker threads, which may compile
// the same segment at once.
const _: fn() = || {
    fn shared_between_threads<T: Send + Sync>() {}
    shared_between_threads::<Library>();
};

impl Library {
    /// Parses every source and plans the programs; compiles none of them.
    pub fn build(sources: SourceSet) -> Library {
        let mut diags = Vec::new();
        let asts: Vec<Option<Arc<ast::File>>> = sources
            .files()
            .map(|(id, f)| match grammar::parse(&f.text) {
                Ok(file) => Some(Arc::new(file)),
                Err(e) => {
                    let mut d = Diagnostic::error("R0001", id, e.span, e.message.clone())
                        .label("syntaxfout");
                    if let Some(h) = &e.help {
                        d = d.help(h.clone());
                    }
                    diags.push(d);
                    None
                }
            })
            .collect();
        let all = collect_versions(&sources, &asts, &mut diags);
        report_unknown_regelingen(&asts, &all, &mut diags);
        let builder = Builder {
            all: &all,
            asts: &asts,
            sources: &sources,
        };
        let mut regelingen = Vec::new();
        for (id, versions) in &all {
            let Some(first) = versions.first() else {
                continue;
            };
            let name = asts[first.file as usize]
                .as_ref()
                .map(|a| a.header.name.value.clone())
                .unwrap_or_default();
            let folder = common_folder(
                versions
                    .iter()
                    .filter_map(|v| sources.get(v.file))
                    .map(|f| f.path.as_str()),
            );
            let segments = builder.plan_segments(id, versions);
            regelingen.push(Regeling {
                id: id.clone(),
                name,
                folder,
                versions: versions.clone(),
                segments,
            });
        }
        Library {
            sources,
            asts,
            regelingen,
            loading: diags,
            all: OnceLock::new(),
        }
    }

    /// Every diagnostic of every file, sorted, without duplicates. Compiles
    /// every program not compiled yet: the path of `check` and `test`.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        self.all
            .get_or_init(|| self.gather(|s| &s.compiled().diagnostics))
    }

    /// The diagnostics found so far: those of loading and of the programs
    /// compiled until now. Compiles nothing.
    pub fn diagnostics_so_far(&self) -> Vec<Diagnostic> {
        match self.all.get() {
            Some(all) => all.clone(),
            None => self.gather(Segment::diagnostics_if_compiled),
        }
    }

    /// Whether every program has been compiled (and so
    /// [`Library::diagnostics_so_far`] is complete).
    pub fn is_fully_compiled(&self) -> bool {
        self.segments().all(|s| s.compiled.get().is_some())
    }

    fn segments(&self) -> impl Iterator<Item = &Segment> {
        self.regelingen.iter().flat_map(|r| &r.segments)
    }

    /// Loading's diagnostics and each segment's, in the order eager
    /// compilation produced them, then sorted and deduplicated.
    fn gather<'s>(&'s self, of: impl Fn(&'s Segment) -> &'s [Diagnostic]) -> Vec<Diagnostic> {
        let mut diags = self.loading.clone();
        for s in self.segments() {
            diags.extend_from_slice(of(s));
        }
        normalize(&mut diags);
        diags
    }

    pub fn regeling(&self, id: &str) -> Option<&Regeling> {
        self.regelingen.iter().find(|r| r.id == id)
    }

    /// The regeling whose files live in `folder` (trailing `/` ignored;
    /// matched as a path suffix, so `rules/x/y` and `/abs/rules/x/y` both work).
    pub fn regeling_in_folder(&self, folder: &str) -> Option<&Regeling> {
        let folder = folder.trim_end_matches('/');
        self.regelingen.iter().find(|r| {
            r.folder == folder
                || folder.ends_with(&format!("/{}", r.folder))
                || r.folder.ends_with(&format!("/{folder}"))
        })
    }

    /// Whether any file has an error (compiles everything).
    pub fn has_errors(&self) -> bool {
        self.diagnostics().iter().any(|d| d.is_error())
    }
}

/// R0107: a `gebruik` or `laag op` that names no regeling of the library.
fn report_unknown_regelingen(
    asts: &[Option<Arc<ast::File>>],
    versions: &BTreeMap<String, Vec<Version>>,
    diags: &mut Vec<Diagnostic>,
) {
    for (i, ast) in asts.iter().enumerate() {
        let Some(ast) = ast else { continue };
        let uses = ast.items.iter().filter_map(|it| match it {
            ast::Item::Use(u) => Some(&u.regeling),
            _ => None,
        });
        for path in uses.chain(ast.header.layer_on.iter()) {
            let id = path.dotted();
            if !versions.contains_key(&id) {
                let known: Vec<String> = versions.keys().cloned().collect();
                let mut d = Diagnostic::error(
                    "R0107",
                    i as FileId,
                    path.span,
                    format!("onbekende regeling `{id}`"),
                )
                .label("niet gevonden in de bibliotheek");
                d = match crate::check::expr::closest(&id, &known) {
                    Some(k) => d.help(format!("bedoelde u `{k}`?")),
                    None => d.help("de regeling moet in dezelfde bibliotheek (map rules/) staan, met deze `id`"),
                };
                diags.push(d);
            }
        }
    }
}

fn common_folder<'p>(paths: impl Iterator<Item = &'p str>) -> String {
    let mut common: Option<Vec<&str>> = None;
    for p in paths {
        let mut parts: Vec<&str> = p.split('/').collect();
        parts.pop();
        common = Some(match common {
            None => parts,
            Some(c) => c
                .iter()
                .zip(parts.iter())
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| *a)
                .collect(),
        });
    }
    common.unwrap_or_default().join("/")
}

fn date(d: &ast::DateLit) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(d.year, d.month, d.day)
}

/// Versions per regeling id, sorted by start; R0901 for overlapping versions,
/// R0902 for gaps between them.
fn collect_versions(
    sources: &SourceSet,
    asts: &[Option<Arc<ast::File>>],
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Vec<Version>> {
    let mut out: BTreeMap<String, Vec<Version>> = BTreeMap::new();
    for (i, ast) in asts.iter().enumerate() {
        let Some(ast) = ast else { continue };
        let file = i as FileId;
        let h = &ast.header;
        let (Some(from), through) = (date(&h.valid.from), h.valid.through.as_ref().map(date))
        else {
            diags.push(
                Diagnostic::error(
                    "R0201",
                    file,
                    h.valid.span,
                    "ongeldige datum in `geldig vanaf`",
                )
                .label("bestaat niet"),
            );
            continue;
        };
        let through = match through {
            Some(None) => {
                diags.push(
                    Diagnostic::error(
                        "R0201",
                        file,
                        h.valid.span,
                        "ongeldige datum in `tot en met`",
                    )
                    .label("bestaat niet"),
                );
                continue;
            }
            Some(Some(t)) => Some(t),
            None => None,
        };
        let uses = ast
            .items
            .iter()
            .filter_map(|it| match it {
                ast::Item::Use(u) => Some(u.regeling.dotted()),
                _ => None,
            })
            .collect();
        out.entry(h.id.dotted()).or_default().push(Version {
            file,
            version: h
                .version
                .as_ref()
                .map(|v| v.value.clone())
                .unwrap_or_else(|| sources.stem(file)),
            valid_from: from,
            valid_through: through,
            layer_on: h.layer_on.as_ref().map(|p| p.dotted()),
            uses,
        });
    }
    for versions in out.values_mut() {
        versions.sort_by_key(|v| v.valid_from);
        for pair in versions.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let span_b = asts[b.file as usize]
                .as_ref()
                .map(|f| f.header.valid.span)
                .unwrap_or_default();
            let span_a = asts[a.file as usize]
                .as_ref()
                .map(|f| f.header.valid.span)
                .unwrap_or_default();
            match a.valid_through {
                None => diags.push(
                    Diagnostic::error(
                        "R0901",
                        b.file,
                        span_b,
                        format!(
                            "versie {} en versie {} gelden allebei vanaf {}",
                            a.version, b.version, b.valid_from
                        ),
                    )
                    .label("overlapt")
                    .related(a.file, span_a, "deze versie heeft geen einddatum")
                    .help(format!(
                        "geef versie {} een einde: `tot en met {}`",
                        a.version,
                        b.valid_from.pred_opt().unwrap_or(b.valid_from)
                    )),
                ),
                Some(t) if t >= b.valid_from => diags.push(
                    Diagnostic::error(
                        "R0901",
                        b.file,
                        span_b,
                        format!("versie {} en versie {} overlappen", a.version, b.version),
                    )
                    .label("overlapt")
                    .related(a.file, span_a, format!("loopt tot en met {t}")),
                ),
                Some(t) if t.checked_add_days(Days::new(1)) != Some(b.valid_from) => diags.push(
                    Diagnostic::warning(
                        "R0902",
                        b.file,
                        span_b,
                        format!(
                            "tussen versie {} en versie {} geldt geen versie (van {} tot {})",
                            a.version,
                            b.version,
                            t.succ_opt().unwrap_or(t),
                            b.valid_from
                        ),
                    )
                    .label("gat tussen versies"),
                ),
                _ => {}
            }
        }
    }
    out
}

/// All regelingen `id` depends on (itself, bases, used ones), transitively.
fn closure(id: &str, all: &BTreeMap<String, Vec<Version>>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![id.to_string()];
    while let Some(x) = todo.pop() {
        if !seen.insert(x.clone()) {
            continue;
        }
        for v in all.get(&x).into_iter().flatten() {
            todo.extend(v.layer_on.iter().cloned());
            todo.extend(v.uses.iter().cloned());
        }
    }
    seen
}

struct Builder<'a> {
    all: &'a BTreeMap<String, Vec<Version>>,
    asts: &'a [Option<Arc<ast::File>>],
    sources: &'a SourceSet,
}

impl<'a> Builder<'a> {
    fn version_at(&self, id: &str, d: NaiveDate) -> Option<&'a Version> {
        self.all.get(id)?.iter().find(|v| v.contains(d))
    }

    /// The files in force on `d` for `id`, or the regeling that has none.
    fn assembly_at(
        &self,
        id: &str,
        d: NaiveDate,
        depth: usize,
        parts: &mut Vec<VersionRef>,
        role: VersionRole,
    ) -> Result<OwnedAssembly, String> {
        if depth > 16 {
            return Err(id.to_string());
        }
        let v = self.version_at(id, d).ok_or_else(|| id.to_string())?;
        let ast = self.asts[v.file as usize]
            .as_ref()
            .ok_or_else(|| id.to_string())?;
        if let Some(f) = self.sources.get(v.file) {
            let r = VersionRef {
                regeling: id.to_string(),
                version: v.version.clone(),
                file: v.file,
                path: f.path.clone(),
                hash: f.hash.clone(),
                valid_from: v.valid_from,
                valid_through: v.valid_through,
                role,
            };
            if !parts.contains(&r) {
                parts.push(r);
            }
        }
        let mut asm = match &v.layer_on {
            Some(base) => self.assembly_at(base, d, depth + 1, parts, VersionRole::Base)?,
            None => OwnedAssembly {
                chain: Vec::new(),
                imports: Vec::new(),
            },
        };
        asm.chain.push(OwnedUnit {
            regeling: Arc::from(id),
            file: v.file,
            ast: ast.clone(),
        });
        for u in &v.uses {
            if !asm.imports.iter().any(|(i, _)| i == u) {
                let sub = self.assembly_at(u, d, depth + 1, parts, VersionRole::Import)?;
                asm.imports.push((u.clone(), sub));
            }
        }
        Ok(asm)
    }

    /// The segments of regeling `id`: one per stretch on which the same
    /// files are in force, each with what its program is compiled from.
    fn plan_segments(&self, id: &str, versions: &[Version]) -> Vec<Segment> {
        let mut breaks: BTreeSet<NaiveDate> = BTreeSet::new();
        for dep in closure(id, self.all) {
            for v in self.all.get(&dep).into_iter().flatten() {
                breaks.insert(v.valid_from);
                if let Some(next) = v.valid_through.and_then(|t| t.succ_opt()) {
                    breaks.insert(next);
                }
            }
        }
        let breaks: Vec<NaiveDate> = breaks.into_iter().collect();
        let mut segments: Vec<(Vec<FileId>, Segment)> = Vec::new();
        for (i, &from) in breaks.iter().enumerate() {
            let through = breaks.get(i + 1).and_then(|n| n.pred_opt());
            if !versions.iter().any(|v| v.contains(from)) {
                continue;
            }
            let mut parts = Vec::new();
            let (key, plan) = match self.assembly_at(id, from, 0, &mut parts, VersionRole::Main) {
                Err(missing) => (vec![], Err(Unavailable::Dependency(missing))),
                Ok(asm) => {
                    let key: Vec<FileId> = parts.iter().map(|p| p.file).collect();
                    if let Some((k, prev)) = segments.last_mut() {
                        if *k == key && prev.through.and_then(|t| t.succ_opt()) == Some(from) {
                            // Same files: one program for both stretches.
                            prev.through = through;
                            continue;
                        }
                    }
                    let top = parts.first().cloned();
                    let info = ProgramInfo {
                        id: id.to_string(),
                        name: asm
                            .chain
                            .last()
                            .map(|u| u.ast.header.name.value.clone())
                            .unwrap_or_default(),
                        version: top.map(|t| t.version).unwrap_or_default(),
                        valid_from: from,
                        valid_through: through,
                        parts: parts.clone(),
                    };
                    (key, Ok(Recipe { parts: asm, info }))
                }
            };
            segments.push((
                key,
                Segment {
                    from,
                    through,
                    plan,
                    compiled: OnceLock::new(),
                },
            ));
        }
        segments.into_iter().map(|(_, s)| s).collect()
    }
}

#[cfg(test)]
mod tests;
