//! A library of regelingen: parses every source, groups the files into
//! regelingen and versions, and plans one program per stretch of dates on
//! which the same versions (of the regeling, its bases and what it uses) are
//! in force. Picking the program for a peildatum is then a lookup.
//!
//! Programs are compiled on first use, so a browser that shows one regeling
//! compiles only that one (with its bases and imports). Checking needs them
//! all: [`Library::diagnostics`] compiles whatever has not been compiled yet.
//!
//! Planning needs only each file's [`Head`]. Given the heads (a bundle's
//! manifest), [`Library::with_heads`] parses a file only when a program
//! built from it is compiled, and then refuses it if its head differs.

#[cfg(feature = "compile")]
use crate::check::{self, Assembly, Unit};
use crate::diag::{normalize, Code, Diagnostic};
use crate::ir::{FileId, Program, ProgramInfo, VersionRef, VersionRole};
use crate::source::SourceSet;
use chrono::{Days, NaiveDate};
use grammar::ast;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, OnceLock};

mod head;
pub use head::Head;

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
    /// The versions in force have errors (see `regelwerk controleer`).
    Invalid,
    /// An engine without the checker (the browser's main module) has no
    /// usable compiled program for this stretch in its bundle (Dutch
    /// message saying why).
    NotCompiled(String),
    /// A file's head differs from the one in the bundle's manifest (Dutch
    /// message naming the file and what differs).
    Manifest(String),
}

/// A compiled program as a bundle carries it, for the stretch of regeling
/// `regeling` that starts on `from`.
#[derive(Debug, Clone)]
pub struct Precompiled {
    pub regeling: String,
    pub from: NaiveDate,
    /// [`Program::to_json`], exactly as written.
    pub text: Arc<str>,
    /// `sha256:` content hash of `text`, verified when it is read (damage
    /// in transit must not silently change an amount).
    pub hash: String,
}

/// A stretch of dates with one program, compiled on first use.
#[derive(Debug, Clone)]
pub struct Segment {
    pub from: NaiveDate,
    pub through: Option<NaiveDate>,
    /// What the program is built from, or why there is none.
    plan: Result<Recipe, Unavailable>,
    /// The program as a bundle carries it ([`Program::to_json`]): what an
    /// engine without the checker evaluates. One with the checker compiles
    /// from the sources (with diagnostics) unless told to use it
    /// ([`Library::use_precompiled`]).
    precompiled: Option<Precompiled>,
    use_precompiled: bool,
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
            Ok(recipe) => match &self.precompiled {
                Some(p) if self.use_precompiled || !cfg!(feature = "compile") => recipe.load(p),
                _ => recipe.compile(self.through),
            },
        })
    }

    /// The diagnostics of compiling, when that has happened.
    fn diagnostics_if_compiled(&self) -> &[Diagnostic] {
        self.compiled.get().map_or(&[], |c| &c.diagnostics)
    }
}

/// What a segment's program is compiled from: the files in force with their
/// syntax trees (shared, so a segment compiles without the library at hand;
/// not kept by an engine without the checker) and the program's metadata.
#[derive(Debug, Clone)]
struct Recipe {
    #[cfg(feature = "compile")]
    parts: OwnedAssembly,
    info: ProgramInfo,
}

impl Recipe {
    /// Compiles the program from its files.
    #[cfg(feature = "compile")]
    fn compile(&self, through: Option<NaiveDate>) -> Compiled {
        let parts = match self.parts.assembly() {
            Ok(parts) => parts,
            // A syntax error is reported by its file (see `gather`).
            Err(reason) => {
                return Compiled {
                    program: Err(reason),
                    diagnostics: Vec::new(),
                }
            }
        };
        let (program, diagnostics) = check::compile(&parts, self.info.clone());
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

    /// Reads the program the bundle carries for this stretch. It must be
    /// built from exactly the files the library plans it from (same paths,
    /// versions, dates and content hashes): a bundle whose programs do not
    /// belong to its sources is refused, not used.
    fn load(&self, precompiled: &Precompiled) -> Compiled {
        let not_compiled = |why: String| Compiled {
            program: Err(Unavailable::NotCompiled(why)),
            diagnostics: Vec::new(),
        };
        let what = format!(
            "het vertaalde programma voor `{}` vanaf {} in de regelbundel",
            self.info.id, self.info.valid_from
        );
        let text = &precompiled.text;
        let (hash, actual) = (&precompiled.hash, crate::source::content_hash(text));
        if actual != *hash {
            return not_compiled(format!(
                "{what} komt niet overeen met zijn hash (verwacht {hash}, berekend {actual}); maak de bundel opnieuw met `regelwerk bundel`"
            ));
        }
        match Program::from_json(text) {
            Ok(program) if program.info.id == self.info.id && program.info.parts == self.info.parts => Compiled {
                program: Ok(Arc::new(program)),
                diagnostics: Vec::new(),
            },
            Ok(_) => not_compiled(format!(
                "{what} hoort niet bij de regelbestanden ervan; maak de bundel opnieuw met `regelwerk bundel`"
            )),
            Err(e) => not_compiled(format!(
                "{what} is beschadigd ({e}); maak de bundel opnieuw met `regelwerk bundel`"
            )),
        }
    }

    /// Without the checker there is nothing to compile with.
    #[cfg(not(feature = "compile"))]
    fn compile(&self, _through: Option<NaiveDate>) -> Compiled {
        Compiled {
            program: Err(Unavailable::NotCompiled(format!(
                "de regelbundel bevat geen vertaald programma voor `{}` vanaf {}; maak de bundel opnieuw met `regelwerk bundel`",
                self.info.id, self.info.valid_from
            ))),
            diagnostics: Vec::new(),
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
    #[cfg(feature = "compile")]
    regeling: Arc<str>,
    source: Arc<ParsedFile>,
}

impl OwnedAssembly {
    /// The assembly with every file parsed (parsing those not parsed yet),
    /// or why a file cannot be used.
    #[cfg(feature = "compile")]
    fn assembly(&self) -> Result<Assembly<'_>, Unavailable> {
        let chain = self
            .chain
            .iter()
            .map(|u| {
                Ok(Unit {
                    regeling: u.regeling.clone(),
                    file: u.source.file,
                    ast: u.source.ast().map_err(AstUnavailable::unavailable)?,
                })
            })
            .collect::<Result<_, Unavailable>>()?;
        let imports = self
            .imports
            .iter()
            .map(|(id, parts)| Ok((id.clone(), parts.assembly()?)))
            .collect::<Result<_, Unavailable>>()?;
        Ok(Assembly { chain, imports })
    }
}

/// One source file's syntax tree, parsed when building the library or, when
/// its head came from a manifest, on first need.
#[derive(Debug)]
struct ParsedFile {
    file: FileId,
    /// Own copy of the text: a segment compiles without the library at hand.
    #[cfg(feature = "compile")]
    text: Arc<str>,
    /// The manifest's head, which the parsed file must have.
    expected: Option<Head>,
    ast: OnceLock<Result<Arc<ast::File>, AstUnavailable>>,
}

/// Why a file has no syntax tree (not a parse error only: also a head that
/// is not the manifest's, or an engine without a parser).
#[derive(Debug, Clone)]
enum AstUnavailable {
    /// R0001, reported among the diagnostics.
    #[cfg(feature = "compile")]
    Syntax(Box<Diagnostic>),
    /// The file's head is not the manifest's (Dutch message).
    #[cfg(feature = "compile")]
    Manifest(String),
    /// An engine without the checker parses nothing.
    #[cfg(not(feature = "compile"))]
    NoParser,
}

#[cfg(feature = "compile")]
impl AstUnavailable {
    fn unavailable(&self) -> Unavailable {
        match self {
            AstUnavailable::Syntax(_) => Unavailable::Invalid,
            AstUnavailable::Manifest(m) => Unavailable::Manifest(m.clone()),
        }
    }
}

impl ParsedFile {
    /// A file to parse on first need; `expected` is the manifest's head.
    fn new(file: FileId, text: &str, expected: Option<Head>) -> ParsedFile {
        // Without the checker nothing is parsed later: no copy of the text.
        #[cfg(not(feature = "compile"))]
        let _ = text;
        ParsedFile {
            file,
            #[cfg(feature = "compile")]
            text: Arc::from(text),
            expected,
            ast: OnceLock::new(),
        }
    }

    /// The syntax tree, parsing it first when it was left for later.
    #[cfg(not(feature = "compile"))]
    fn ast(&self) -> Result<&Arc<ast::File>, &AstUnavailable> {
        self.ast
            .get_or_init(|| Err(AstUnavailable::NoParser))
            .as_ref()
    }

    /// The syntax tree, parsing it first when it was left for later.
    #[cfg(feature = "compile")]
    fn ast(&self) -> Result<&Arc<ast::File>, &AstUnavailable> {
        self.ast
            .get_or_init(|| {
                let ast = parse(self.file, &self.text).map_err(AstUnavailable::Syntax)?;
                let Some(expected) = &self.expected else {
                    return Ok(Arc::new(ast));
                };
                let wrong = expected.differences(&Head::of(&ast));
                if !wrong.is_empty() {
                    return Err(AstUnavailable::Manifest(format!(
                        "de kop van `{}` in de regelbundel (manifest) klopt niet met de tekst van het bestand: {} verschil{}; maak de bundel opnieuw met `regelwerk bundel`",
                        expected.id.dotted(),
                        wrong.join(", "),
                        if wrong.len() == 1 { "t" } else { "len" }
                    )));
                }
                Ok(Arc::new(ast))
            })
            .as_ref()
    }

    /// R0001 once the file has been parsed and has a syntax error.
    fn syntax_error(&self) -> Option<&Diagnostic> {
        match self.ast.get() {
            #[cfg(feature = "compile")]
            Some(Err(AstUnavailable::Syntax(d))) => Some(d.as_ref()),
            _ => None,
        }
    }
}

/// Parses one source; a syntax error becomes R0001.
#[cfg(feature = "compile")]
fn parse(file: FileId, text: &str) -> Result<ast::File, Box<Diagnostic>> {
    grammar::parse(text).map_err(|e| {
        let mut d =
            Diagnostic::new(Code::SyntaxError, file, e.span, e.message.clone()).label("syntaxfout");
        if let Some(h) = &e.help {
            d = d.help(h.clone());
        }
        if let Some(word) = &e.suggestion {
            d = d.replace_with(e.span, word.clone());
        }
        Box::new(d)
    })
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
    /// Each source's syntax tree, by file id (see [`Library::asts`]).
    files: Vec<Arc<ParsedFile>>,
    pub regelingen: Vec<Regeling>,
    /// Found before any compiling: syntax, version dates and overlaps,
    /// unknown regelingen.
    loading: Vec<Diagnostic>,
    /// Every diagnostic, once everything has been compiled.
    all: OnceLock<Vec<Diagnostic>>,
}

// `regelwerk simuleer` evaluates from two worker threads, which may compile
// the same segment at once.
const _: fn() = || {
    fn shared_between_threads<T: Send + Sync>() {}
    shared_between_threads::<Library>();
};

impl Library {
    /// Parses every source and plans the programs; compiles none of them.
    #[cfg(feature = "compile")]
    pub fn build(sources: SourceSet) -> Library {
        Library::with_heads(sources, Vec::new())
    }

    /// Plans the programs from the given heads (by file id; a bundle's
    /// manifest) without parsing those files: each is parsed when a program
    /// built from it is compiled, and refused if its head differs. Files
    /// without a head are parsed now.
    pub fn with_heads(sources: SourceSet, mut heads: Vec<Option<Head>>) -> Library {
        heads.resize(sources.len(), None);
        let files: Vec<Arc<ParsedFile>> = sources
            .files()
            .zip(heads)
            .map(|((id, f), head)| Arc::new(ParsedFile::new(id, &f.text, head)))
            .collect();
        // None: a syntax error (R0001, reported by the file).
        let heads: Vec<Option<Head>> = files
            .iter()
            .map(|f| match &f.expected {
                Some(head) => Some(head.clone()),
                None => f.ast().ok().map(|ast| Head::of(ast)),
            })
            .collect();
        let mut diags = Vec::new();
        let all = collect_versions(&sources, &heads, &mut diags);
        report_unknown_regelingen(&heads, &all, &mut diags);
        let builder = Builder {
            all: &all,
            heads: &heads,
            files: &files,
            sources: &sources,
        };
        let mut regelingen = Vec::new();
        for (id, versions) in &all {
            let Some(first) = versions.first() else {
                continue;
            };
            let name = heads[first.file as usize]
                .as_ref()
                .map(|h| h.name.value.clone())
                .unwrap_or_default();
            let folder = common_folder(
                versions
                    .iter()
                    .filter_map(|v| sources.get(v.file))
                    .map(|f| f.path.as_str()),
            );
            let segments = builder.plan_segments(id, versions);
            report_layer_before_base(versions, &segments, &heads, &mut diags);
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
            files,
            regelingen,
            loading: diags,
            all: OnceLock::new(),
        }
    }

    /// Gives the segments the compiled programs a bundle carries, by
    /// regeling id and first date (see [`Segment`]); programs for stretches
    /// the library does not plan are left unused.
    pub fn attach_programs(&mut self, programs: impl IntoIterator<Item = Precompiled>) {
        for p in programs {
            let segment = self
                .regelingen
                .iter_mut()
                .filter(|r| r.id == p.regeling)
                .flat_map(|r| r.segments.iter_mut())
                .find(|s| s.from == p.from);
            if let Some(segment) = segment {
                segment.precompiled = Some(p);
            }
        }
    }

    /// Evaluates the bundle's compiled programs instead of compiling the
    /// sources, as an engine without the checker does (which needs no call):
    /// how the browser's path is tested natively. Stretches the bundle has
    /// no program for are still compiled.
    pub fn use_precompiled(&mut self) {
        for s in self
            .regelingen
            .iter_mut()
            .flat_map(|r| r.segments.iter_mut())
        {
            s.use_precompiled = true;
        }
    }

    /// Every compiled program with its regeling id, for a bundle (compiles
    /// every program not compiled yet; stretches without one are left out).
    pub fn programs(&self) -> impl Iterator<Item = (&str, &Arc<Program>)> {
        self.regelingen.iter().flat_map(|r| {
            r.segments
                .iter()
                .filter_map(move |s| Some((r.id.as_str(), s.program().ok()?)))
        })
    }

    /// Every diagnostic of every file, sorted, without duplicates. Compiles
    /// every program not compiled yet: the path of `check` and `test`.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        self.all.get_or_init(|| {
            // Also the files no program uses, so their syntax errors show.
            for f in &self.files {
                let _ = f.ast();
            }
            #[allow(unused_mut)] // only the checker adds the household check
            let mut diags = self.gather(|s| &s.compiled().diagnostics);
            #[cfg(feature = "compile")]
            {
                diags.extend(crate::household::conflicts::conflicts(self));
                normalize(&mut diags);
            }
            diags
        })
    }

    /// Each file's syntax tree by file id (`None`: a syntax error or a
    /// refused head); parses the files not parsed yet.
    #[cfg(feature = "compile")]
    pub fn asts(&self) -> impl Iterator<Item = Option<&Arc<ast::File>>> {
        self.files.iter().map(|f| f.ast().ok())
    }

    /// Each file's head by file id, for a bundle's manifest (`None`: the
    /// file does not parse); parses the files not parsed yet.
    #[cfg(feature = "compile")]
    pub fn heads(&self) -> Vec<Option<Head>> {
        self.asts().map(|a| a.map(|a| Head::of(a))).collect()
    }

    /// How many files have been parsed so far.
    pub fn parsed_count(&self) -> usize {
        self.files.iter().filter(|f| f.ast.get().is_some()).count()
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
        diags.extend(self.files.iter().filter_map(|f| f.syntax_error()).cloned());
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
                || path_ends_with(folder, &r.folder)
                || path_ends_with(&r.folder, folder)
        })
    }

    /// Whether any file has an error (compiles everything).
    pub fn has_errors(&self) -> bool {
        self.diagnostics().iter().any(|d| d.is_error())
    }
}

/// Whether `path` ends with `/` + `tail` (checked without building that
/// string: the browser looks a regeling up by folder on every evaluation).
fn path_ends_with(path: &str, tail: &str) -> bool {
    path.strip_suffix(tail)
        .is_some_and(|head| head.ends_with('/'))
}

/// R0107: a `gebruik` or `laag op` that names no regeling of the library.
fn report_unknown_regelingen(
    heads: &[Option<Head>],
    versions: &BTreeMap<String, Vec<Version>>,
    diags: &mut Vec<Diagnostic>,
) {
    for (i, head) in heads.iter().enumerate() {
        let Some(head) = head else { continue };
        for path in head.uses.iter().chain(head.layer_on.iter()) {
            let id = path.dotted();
            if !versions.contains_key(&id) {
                let mut d = Diagnostic::new(
                    Code::UnknownRegeling,
                    i as FileId,
                    path.span,
                    format!("onbekende regeling `{id}`"),
                )
                .label("niet gevonden in de bibliotheek");
                d = match grammar::suggest::closest(&id, versions.keys().map(String::as_str)) {
                    Some(k) => d.did_you_mean(path.span, k),
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

/// Versions per regeling id, sorted by start; R0901 for overlapping versions,
/// R0902 for gaps between them.
fn collect_versions(
    sources: &SourceSet,
    heads: &[Option<Head>],
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Vec<Version>> {
    let mut out: BTreeMap<String, Vec<Version>> = BTreeMap::new();
    for (i, h) in heads.iter().enumerate() {
        let Some(h) = h else { continue };
        let file = i as FileId;
        let (from, through) = (h.valid.from.date, h.valid.through.map(|t| t.date));
        let uses = h.uses.iter().map(ast::Path::dotted).collect();
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
            let span_of = |v: &Version| {
                heads[v.file as usize]
                    .as_ref()
                    .map(|h| h.valid.span)
                    .unwrap_or_default()
            };
            let (span_a, span_b) = (span_of(a), span_of(b));
            match a.valid_through {
                None => diags.push(
                    Diagnostic::new(
                        Code::VersionOverlap,
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
                    Diagnostic::new(
                        Code::VersionOverlap,
                        b.file,
                        span_b,
                        format!("versie {} en versie {} overlappen", a.version, b.version),
                    )
                    .label("overlapt")
                    .related(a.file, span_a, format!("loopt tot en met {t}")),
                ),
                Some(t) if t.checked_add_days(Days::new(1)) != Some(b.valid_from) => diags.push(
                    Diagnostic::new(
                        Code::VersionGap,
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

/// R0904: a layer version that starts before its base has a version. The
/// planned segments already know the stretch (`tijdlijn` shows it as
/// `afhankelijkheid ontbreekt`); a layer that outlives its base is left to
/// `tijdlijn`, as an open end usually waits for the next national version.
fn report_layer_before_base(
    versions: &[Version],
    segments: &[Segment],
    heads: &[Option<Head>],
    diags: &mut Vec<Diagnostic>,
) {
    for v in versions {
        let Some(base) = &v.layer_on else { continue };
        // The consecutive stretches from the layer's first day without its base.
        let mut through = None;
        let mut next = Some(v.valid_from);
        for s in segments {
            let missing_base = matches!(&s.plan, Err(Unavailable::Dependency(m)) if m == base);
            if Some(s.from) != next || !missing_base || !v.contains(s.from) {
                continue;
            }
            through = Some(s.through);
            next = s.through.and_then(|t| t.succ_opt());
        }
        let Some(through) = through else { continue };
        let span = heads[v.file as usize]
            .as_ref()
            .map(|h| h.valid.span)
            .unwrap_or_default();
        let until = through
            .map(|t| format!("tot en met {t}"))
            .unwrap_or_else(|| "op geen enkele dag".into());
        diags.push(
            Diagnostic::new(
                Code::LayerBeforeBase,
                v.file,
                span,
                format!(
                    "de laag begint op {}, vóór haar basis: {until} geldt geen versie van `{base}`",
                    v.valid_from
                ),
            )
            .label("geen berekening mogelijk op die dagen")
            .help(format!(
                "laat de laag beginnen op een datum waarop `{base}` geldt, of voeg die versie van `{base}` toe"
            )),
        );
    }
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
    heads: &'a [Option<Head>],
    files: &'a [Arc<ParsedFile>],
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
        let source = self
            .files
            .get(v.file as usize)
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
            #[cfg(feature = "compile")]
            regeling: Arc::from(id),
            source: source.clone(),
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
                            .and_then(|u| self.heads[u.source.file as usize].as_ref())
                            .map(|h| h.name.value.clone())
                            .unwrap_or_default(),
                        version: top.map(|t| t.version).unwrap_or_default(),
                        valid_from: from,
                        valid_through: through,
                        parts: parts.clone(),
                    };
                    (
                        key,
                        Ok(Recipe {
                            #[cfg(feature = "compile")]
                            parts: asm,
                            info,
                        }),
                    )
                }
            };
            segments.push((
                key,
                Segment {
                    from,
                    through,
                    plan,
                    precompiled: None,
                    use_precompiled: false,
                    compiled: OnceLock::new(),
                },
            ));
        }
        segments.into_iter().map(|(_, s)| s).collect()
    }
}

// The tests build libraries from rule sources: parsing needs the checker.
#[cfg(all(test, feature = "compile"))]
mod tests;
