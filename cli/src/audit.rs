//! The auditors' commands: `diff`, `simulate`, `genereer`, `tijdlijn`,
//! `bewijs` and `verify`. This file is glue only: it reads files and git
//! revisions, runs the engine's audit code (the `audit` crate) on worker
//! threads, shows progress and prints. Every calculation lives in the
//! engine.

use crate::args::{CaseArgs, LibraryArg, OutputFileArg, RegelingArg};
use crate::chunks;
use crate::files::{self, IoProblem};
use crate::{failure, usage_problem, Exit};
use audit::behaviour::{sides, BehaviourReport, BehaviourRun, Source};
use audit::diff::{diff_sides, Diff, SideFile};
use audit::population::Generator;
use audit::profile::Profile;
use audit::report::{self, Paint, Plain, Style};
use audit::simulate::Simulator;
use audit::{coverage, receipt, LineSink};
use clap::{Args, ValueEnum};
use engine::Engine;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::time::{Duration, Instant};

// ------------------------------------------------------------ arguments

/// Output forms of the audit commands; `--format` is optional (text when
/// absent) so clap prints no English default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    /// Leesbare tekst (kleur alleen op een terminal, niet met NO_COLOR)
    #[default]
    #[value(alias = "tekst")]
    Text,
    /// JSON
    Json,
    /// Markdown, om bij een raadsvoorstel te voegen
    Markdown,
    /// CSV (alleen bij simulate)
    Csv,
}

/// The options of the commands that evaluate many cases: where the report
/// goes, how many threads, which library.
#[derive(Debug, Args)]
pub struct BatchArgs {
    #[command(flatten)]
    pub output: OutputFileArg,

    /// Aantal rekendraden (standaard: het aantal processorkernen)
    #[arg(long = "draden", value_name = "AANTAL")]
    pub threads: Option<usize>,

    #[command(flatten)]
    pub library: LibraryArg,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// De oude versie: een regelbestand, een map met versies, of PAD@REVISIE (uit git)
    #[arg(value_name = "OUD", help_heading = "Argumenten", display_order = 1)]
    pub old: String,

    /// De nieuwe versie: een regelbestand, een map met versies, of PAD@REVISIE (uit git)
    #[arg(value_name = "NIEUW", help_heading = "Argumenten", display_order = 2)]
    pub new: String,

    /// Gevallen om onder beide versies door te rekenen: een JSONL-bestand (een casus per regel), een casusbestand of een map met casusbestanden
    #[arg(
        long = "casussen",
        visible_alias = "cases",
        value_name = "MAP_OF_BESTAND"
    )]
    pub cases: Option<PathBuf>,

    /// Uitvoervorm: `text` (standaard; kleur alleen op een terminal zonder NO_COLOR), `json` of `markdown` (rapport bij een raadsvoorstel)
    #[arg(long, value_enum, value_name = "VORM", hide_possible_values = true)]
    pub format: Option<AuditFormat>,

    /// Aantal voorbeeldgevallen met beide motiveringen naast elkaar (standaard 3)
    #[arg(
        long = "voorbeelden",
        default_value_t = 3,
        value_name = "AANTAL",
        hide_default_value = true
    )]
    pub examples: usize,

    /// Titel boven het Markdown-rapport
    #[arg(long = "titel", value_name = "TEKST")]
    pub title: Option<String>,

    #[command(flatten)]
    pub batch: BatchArgs,
}

#[derive(Debug, Args)]
pub struct SimulateArgs {
    #[command(flatten)]
    pub regeling: RegelingArg,

    /// Populatie: een JSONL-bestand met een casus per regel (`-` leest van standaardinvoer)
    #[arg(
        value_name = "POPULATIE",
        help_heading = "Argumenten",
        display_order = 2
    )]
    pub population: PathBuf,

    /// Uitvoervorm: `text` (standaard), `json` of `csv`
    #[arg(long, value_enum, value_name = "VORM", hide_possible_values = true)]
    pub format: Option<AuditFormat>,

    #[command(flatten)]
    pub batch: BatchArgs,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    #[command(flatten)]
    pub regeling: RegelingArg,

    /// Aantal gevallen (standaard 1000)
    #[arg(
        long = "aantal",
        default_value_t = 1000,
        value_name = "N",
        hide_default_value = true
    )]
    pub count: u64,

    /// Zaad van de toevalsgenerator: hetzelfde zaad geeft dezelfde populatie (standaard 1)
    #[arg(
        long = "zaad",
        default_value_t = 1,
        value_name = "GETAL",
        hide_default_value = true
    )]
    pub seed: u64,

    /// Peildatum van alle gevallen (standaard: 1 maart van het jaar van de nieuwste versie)
    #[arg(long, value_name = "DATUM")]
    pub peildatum: Option<String>,

    /// Profiel met de verdelingen (JSON, zie docs/audit.md); zonder profiel volgt elke invoer alleen uit zijn type
    #[arg(long = "profiel", value_name = "BESTAND")]
    pub profile: Option<PathBuf>,

    #[command(flatten)]
    pub output: OutputFileArg,

    #[command(flatten)]
    pub library: LibraryArg,
}

#[derive(Debug, Args)]
pub struct TimelineArgs {
    #[command(flatten)]
    pub regeling: RegelingArg,

    /// Uitvoervorm: `text` (standaard) of `json`
    #[arg(long, value_enum, value_name = "VORM", hide_possible_values = true)]
    pub format: Option<AuditFormat>,

    #[command(flatten)]
    pub library: LibraryArg,
}

#[derive(Debug, Args)]
pub struct ReceiptArgs {
    #[command(flatten)]
    pub case: CaseArgs,

    #[command(flatten)]
    pub output: OutputFileArg,

    #[command(flatten)]
    pub library: LibraryArg,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Een bewijs van `regelwerk bewijs` (of een resultaat-JSON met zijn casus)
    #[arg(value_name = "BEWIJS", help_heading = "Argumenten")]
    pub receipt: PathBuf,

    /// Uitvoervorm: `text` (standaard) of `json`
    #[arg(long, value_enum, value_name = "VORM", hide_possible_values = true)]
    pub format: Option<AuditFormat>,

    #[command(flatten)]
    pub library: LibraryArg,
}

// ------------------------------------------------------------ helpers

/// The terminal's colours for the reports' styles (ANSI SGR codes).
struct Colours;

impl Paint for Colours {
    fn paint(&self, style: Style, text: &str) -> String {
        let code = match style {
            Style::Strong => "1",
            Style::Muted => "2",
            Style::Emphasis => "3",
            Style::Added | Style::Good => "32",
            Style::Removed | Style::Bad => "31",
            Style::Changed | Style::Attention => "33",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    }
}

/// Colour on stdout only for a terminal without NO_COLOR, never into a file.
pub(crate) fn paint_for_stdout(to_file: bool) -> &'static dyn Paint {
    if !to_file && std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        &Colours
    } else {
        &Plain
    }
}

/// Writes `text` to the file or stdout.
pub(crate) fn emit(text: &str, to: Option<&Path>) -> Exit {
    match to {
        Some(p) => match std::fs::write(p, text) {
            Ok(()) => Exit::Ok,
            Err(e) => usage_problem(format!(
                "kan `{}` niet schrijven: {}",
                files::slash(p),
                files::dutch_io(&e)
            )),
        },
        None => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth reporting.
            let _ = out.write_all(text.as_bytes());
            let _ = out.flush();
            Exit::Ok
        }
    }
}

/// A buffered writer to the file (created) or stdout.
pub(crate) fn output_stream(
    to: Option<&Path>,
) -> Result<std::io::BufWriter<Box<dyn Write>>, IoProblem> {
    let sink: Box<dyn Write> = match to {
        Some(p) => Box::new(std::fs::File::create(p).map_err(|e| {
            IoProblem(format!(
                "kan `{}` niet schrijven: {}",
                files::slash(p),
                files::dutch_io(&e)
            ))
        })?),
        None => Box::new(std::io::stdout()),
    };
    Ok(std::io::BufWriter::with_capacity(1 << 20, sink))
}

/// Lines to read: the file with its size (for progress), or stdin for `-`.
pub(crate) fn input_lines(path: &Path) -> Result<(Box<dyn Read + Send>, Option<u64>), IoProblem> {
    if path == Path::new("-") {
        return Ok((Box::new(std::io::stdin()), None));
    }
    let f = std::fs::File::open(path).map_err(|e| {
        IoProblem(format!(
            "kan `{}` niet openen: {}",
            files::slash(path),
            files::dutch_io(&e)
        ))
    })?;
    let size = f.metadata().ok().map(|m| m.len());
    Ok((Box::new(f), size))
}

fn threads(requested: Option<usize>) -> usize {
    requested
        .filter(|n| *n > 0)
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        })
        .min(64)
}

/// Loads the library that holds the regeling (see [`RegelingArg::roots`]);
/// returns the engine and the key to find the regeling by.
fn load_engine(
    regeling: &RegelingArg,
    library: &LibraryArg,
) -> Result<(Engine, String), IoProblem> {
    let (roots, key) = regeling.roots(library)?;
    let loaded = files::load(&roots)?;
    Ok((Engine::new(loaded.sources), key))
}

// ------------------------------------------------------------ parallel lines

/// A progress line on stderr (only when stderr is a terminal).
struct Progress {
    enabled: bool,
    total: Option<u64>,
    started: Instant,
    last: Instant,
}

impl Progress {
    fn new(total: Option<u64>) -> Progress {
        let now = Instant::now();
        Progress {
            enabled: std::io::stderr().is_terminal(),
            total,
            started: now,
            last: now,
        }
    }
    fn update(&mut self, bytes: u64, lines: u64) {
        if !self.enabled || self.last.elapsed() < Duration::from_millis(200) {
            return;
        }
        self.last = Instant::now();
        // Integer arithmetic throughout: milliseconds, and parts of the
        // file read per hundred (percentage) and per thirty (bar).
        let millis = self.started.elapsed().as_millis().max(1);
        let rate = u64::try_from(u128::from(lines) * 1000 / millis).unwrap_or(u64::MAX);
        let line = match self.total {
            Some(t) if t > 0 => {
                let part_of = |scale: u64| {
                    (u128::from(bytes.min(t)) * u128::from(scale) / u128::from(t)) as u64
                };
                let filled = part_of(30) as usize;
                format!(
                    "\r[{}{}] {:>3}%  {} gevallen  {} per seconde ",
                    "█".repeat(filled),
                    "░".repeat(30 - filled),
                    part_of(100),
                    report::thousands(lines),
                    report::thousands(rate)
                )
            }
            _ => format!(
                "\r{} gevallen  {} per seconde ",
                report::thousands(lines),
                report::thousands(rate)
            ),
        };
        eprint!("{line}");
    }
    fn finish(&self) {
        if self.enabled {
            eprint!("\r{}\r", " ".repeat(78));
        }
    }
}

/// Reads JSONL from `reader` and feeds each chunk of lines to a sink of
/// its own on `workers` threads; the sinks are merged in input order, so
/// the result does not depend on the threads ([`chunks::ordered`]).
fn run_lines<S, R, F>(
    reader: R,
    total_bytes: Option<u64>,
    workers: usize,
    make: F,
) -> Result<S, String>
where
    S: LineSink,
    R: Read,
    F: Fn() -> S + Sync,
{
    let mut progress = Progress::new(total_bytes);
    let mut merged: Option<S> = None;
    let result = chunks::ordered(
        reader,
        workers,
        chunks::CHUNK_LINES,
        |bytes, lines| progress.update(bytes, lines),
        |chunk| {
            let mut sink = make();
            for (line, text) in chunk.lines() {
                sink.add_line(line, text);
            }
            sink
        },
        |sink| {
            match &mut merged {
                Some(m) => m.merge(sink),
                None => merged = Some(sink),
            }
            Ok(())
        },
    );
    progress.finish();
    result.map_err(|e| format!("in de populatie: {e}"))?;
    Ok(merged.unwrap_or_else(make))
}

// ------------------------------------------------------------ diff

/// One side of a diff as the user named it.
pub(crate) struct Side {
    label: String,
    pub(crate) files: Vec<SideFile>,
    /// Where the side lies in the working tree (for a git revision: where
    /// it lies now), to find the library around it.
    anchor: PathBuf,
}

fn git(args: &[&str]) -> Result<Vec<u8>, IoProblem> {
    let out = Process::new("git")
        .args(args)
        .output()
        .map_err(|e| IoProblem(format!("kan git niet starten: {}", files::dutch_io(&e))))?;
    if !out.status.success() {
        let msg = String::from_utf8_lossy(&out.stderr).trim().to_string();
        return Err(IoProblem(format!("git {} mislukte: {msg}", args.join(" "))));
    }
    Ok(out.stdout)
}

/// Splits `pad@revisie` when the whole string is not an existing path.
fn split_revision(spec: &str) -> Option<(&str, &str)> {
    if Path::new(spec).exists() {
        return None;
    }
    let (path, rev) = spec.rsplit_once('@')?;
    (!path.is_empty() && !rev.is_empty()).then_some((path, rev))
}

pub(crate) fn read_side(spec: &str) -> Result<Side, IoProblem> {
    if let Some((path, rev)) = split_revision(spec) {
        return read_git_side(spec, path, rev);
    }
    let p = Path::new(spec);
    let mut found = std::collections::BTreeSet::new();
    files::collect(p, "regels", &mut found)?;
    let mut out = Vec::new();
    for f in &found {
        out.push(SideFile {
            path: files::display_path(f),
            text: files::read_text(f)?,
        });
    }
    if out.is_empty() {
        return Err(IoProblem(format!(
            "`{}` bevat geen regelbestanden (*.regels)",
            files::slash(p)
        )));
    }
    Ok(Side {
        label: files::slash(p),
        files: out,
        anchor: p.to_path_buf(),
    })
}

fn read_git_side(spec: &str, path: &str, rev: &str) -> Result<Side, IoProblem> {
    let prefix = String::from_utf8_lossy(&git(&["rev-parse", "--show-prefix"])?)
        .trim()
        .to_string();
    let listing = git(&[
        "ls-tree",
        "-r",
        "--full-name",
        "--name-only",
        rev,
        "--",
        path,
    ])?;
    let names: Vec<String> = String::from_utf8_lossy(&listing)
        .lines()
        .filter(|l| l.ends_with(".regels"))
        .map(str::to_string)
        .collect();
    if names.is_empty() {
        return Err(IoProblem(format!(
            "`{path}` bevat in revisie {rev} geen regelbestanden"
        )));
    }
    let mut out = Vec::new();
    for full in &names {
        let bytes = git(&["show", &format!("{rev}:{full}")])?;
        let text = String::from_utf8(bytes)
            .map_err(|_| IoProblem(format!("`{full}` in revisie {rev} is geen UTF-8-tekst")))?;
        let shown = full.strip_prefix(&prefix).unwrap_or(full).to_string();
        out.push(SideFile { path: shown, text });
    }
    Ok(Side {
        label: spec.to_string(),
        files: out,
        anchor: PathBuf::from(path),
    })
}

/// Case lines to evaluate: a JSONL file as is, or a JSON file / folder of
/// JSON files turned into one line per case.
fn case_source(path: &Path) -> Result<(Box<dyn Read + Send>, Option<u64>), IoProblem> {
    if path.is_file() && path.extension().is_some_and(|e| e == "jsonl") {
        return input_lines(path);
    }
    let mut found = std::collections::BTreeSet::new();
    files::collect(path, "json", &mut found)?;
    let mut lines = String::new();
    for f in &found {
        let text = files::read_text(f)?;
        let json = files::parse_json(&text)
            .map_err(|m| IoProblem(format!("{}: {m}", files::display_path(f))))?;
        lines.push_str(&json.to_string());
        lines.push('\n');
    }
    let size = lines.len() as u64;
    Ok((
        Box::new(std::io::Cursor::new(lines.into_bytes())),
        Some(size),
    ))
}

pub fn run_diff(a: DiffArgs) -> Exit {
    let old = match read_side(&a.old) {
        Ok(s) => s,
        Err(e) => return usage_problem(e),
    };
    let new = match read_side(&a.new) {
        Ok(s) => s,
        Err(e) => return usage_problem(e),
    };
    let diff = match diff_sides(&old.label, &old.files, &new.label, &new.files) {
        Ok(d) => d,
        Err(problems) => {
            let list: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            return failure(format!(
                "kan niet vergelijken; syntaxfouten:\n  {}",
                list.join("\n  ")
            ));
        }
    };
    let format = a.format.unwrap_or_default();
    if format == AuditFormat::Csv {
        return usage_problem("`--format csv` bestaat alleen bij `regelwerk simuleer`");
    }
    let behaviour = match &a.cases {
        None => None,
        Some(cases) => match behaviour(&a, &old, &new, cases) {
            Ok(b) => Some(b),
            Err(exit) => return exit,
        },
    };
    let to_file = a.batch.output.file.is_some();
    let text = match format {
        AuditFormat::Json => {
            let v = serde_json::json!({ "regels": &diff, "gedrag": &behaviour });
            audit::pretty_json(&v)
        }
        AuditFormat::Markdown => impact_markdown(&a, &diff, behaviour.as_ref()),
        _ => {
            let paint = paint_for_stdout(to_file);
            let mut t = report::diff_text(&diff, paint);
            if let Some(b) = &behaviour {
                t.push('\n');
                t.push_str(&report::behaviour_text(b, paint));
            }
            t
        }
    };
    emit(&text, a.batch.output.file.as_deref())
}

fn impact_markdown(a: &DiffArgs, diff: &Diff, behaviour: Option<&BehaviourReport>) -> String {
    let title = a
        .title
        .clone()
        .unwrap_or_else(|| format!("Vergelijking {} → {}", diff.old, diff.new));
    let cases = a.cases.as_ref().map(|c| files::slash(c));
    report::impact_markdown(&title, diff, behaviour, cases.as_deref())
}

/// The library around a comparison: `--bibliotheek`; else the `rules`
/// folder the new or the old side lies in; else `rules` in the current
/// folder; else none (each side is then its own files alone). Each side
/// replaces in it the regelingen it defines ([`sides`]).
fn context_library(old: &Side, new: &Side, given: Option<&Path>) -> Result<Vec<Source>, IoProblem> {
    let root = match given {
        Some(lib) => Some(files::canonical(lib)?),
        None => [&new.anchor, &old.anchor]
            .into_iter()
            .find_map(|anchor| files::rules_ancestor(anchor))
            .or_else(|| files::rules_ancestor(Path::new("rules"))),
    };
    let Some(root) = root else {
        return Ok(Vec::new());
    };
    let loaded = files::load(&[root])?;
    Ok(loaded
        .sources
        .files()
        .map(|(_, f)| (f.path.clone(), f.text.clone()))
        .collect())
}

fn behaviour(a: &DiffArgs, old: &Side, new: &Side, cases: &Path) -> Result<BehaviourReport, Exit> {
    let library =
        context_library(old, new, a.batch.library.folder.as_deref()).map_err(usage_problem)?;
    let own = |side: &Side| -> Vec<Source> {
        side.files
            .iter()
            .map(|f| (f.path.clone(), f.text.clone()))
            .collect()
    };
    let (old_side, new_side) = sides(&library, &own(old), &own(new)).map_err(failure)?;
    let (reader, size) = case_source(cases).map_err(usage_problem)?;
    let run = run_lines(reader, size, threads(a.batch.threads), || {
        BehaviourRun::between(&old_side, &new_side)
    })
    .map_err(failure)?;
    Ok(run.report(a.examples))
}

// ------------------------------------------------------------ simulate

pub fn run_simulate(a: SimulateArgs) -> Exit {
    let (engine, key) = match load_engine(&a.regeling, &a.batch.library) {
        Ok(x) => x,
        Err(e) => return usage_problem(e),
    };
    let (reader, size) = match input_lines(&a.population) {
        Ok(x) => x,
        Err(e) => return usage_problem(e),
    };
    let started = Instant::now();
    let Some(regeling) = engine.find(&key) else {
        return usage_problem(format!("onbekende regeling `{key}`"));
    };
    let sim = match run_lines(reader, size, threads(a.batch.threads), || {
        Simulator::for_regeling(&engine, regeling)
    }) {
        Ok(s) => s,
        Err(e) => return failure(e),
    };
    let report = sim.report();
    if std::io::stderr().is_terminal() {
        let millis = started.elapsed().as_millis();
        eprintln!(
            "{} gevallen in {},{:02} s",
            report::thousands(report.cases),
            millis / 1000,
            millis % 1000 / 10
        );
    }
    let text = match a.format.unwrap_or_default() {
        AuditFormat::Json => audit::pretty_json(&report),
        AuditFormat::Csv => report::simulation_csv(&report),
        AuditFormat::Markdown => {
            return usage_problem(
                "`--format markdown` bestaat niet bij simulate; kies text, json of csv",
            )
        }
        AuditFormat::Text => {
            report::simulation_text(&report, paint_for_stdout(a.batch.output.file.is_some()))
        }
    };
    emit(&text, a.batch.output.file.as_deref())
}

// ------------------------------------------------------------ genereer

pub fn run_generate(a: GenerateArgs) -> Exit {
    let (engine, key) = match load_engine(&a.regeling, &a.library) {
        Ok(x) => x,
        Err(e) => return usage_problem(e),
    };
    let Some(regeling) = engine.find(&key) else {
        return usage_problem(format!("onbekende regeling `{key}`"));
    };
    let peildatum = match &a.peildatum {
        Some(s) => match audit::parse_date(s) {
            Some(d) => d,
            None => {
                return usage_problem(format!("`{s}` is geen geldige datum (verwacht JJJJ-MM-DD)"))
            }
        },
        None => {
            let latest = regeling.versions.iter().map(|v| v.valid_from).max();
            match latest {
                Some(d) => audit::population::default_peildatum(d),
                None => return failure(format!("de regeling `{key}` heeft geen versies")),
            }
        }
    };
    let program = match engine.program(&key, peildatum) {
        Ok(p) => p.clone(),
        Err(e) => return failure(e),
    };
    let profile = match &a.profile {
        None => None,
        Some(path) => {
            match read_profile(path).map(|json| Profile::read(&json, &program, peildatum)) {
                Ok(Ok(p)) => Some(p),
                Ok(Err(m)) => return usage_problem(format!("{}: {m}", files::slash(path))),
                Err(e) => return usage_problem(e),
            }
        }
    };
    let mut generator = Generator::new(&program, peildatum, a.seed, profile);
    let mut out = match output_stream(a.output.file.as_deref()) {
        Ok(out) => out,
        Err(e) => return usage_problem(e),
    };
    for _ in 0..a.count {
        let case = generator.next_case();
        if writeln!(out, "{case}").is_err() {
            // stdout closed (`| head`): stop quietly.
            return Exit::Ok;
        }
    }
    if let Err(e) = out.flush() {
        return failure(format!(
            "kan de populatie niet schrijven: {}",
            files::dutch_io(&e)
        ));
    }
    if a.output.file.is_some() && std::io::stderr().is_terminal() {
        eprintln!(
            "{} synthetische gevallen ({}) voor {} op peildatum {peildatum}, zaad {}",
            report::thousands(a.count),
            generator.description(),
            program.info.id,
            a.seed
        );
    }
    Exit::Ok
}

/// Reads a population profile as JSON; a Dutch error naming the file.
fn read_profile(path: &Path) -> Result<serde_json::Value, IoProblem> {
    let text = files::read_text(path)?;
    files::parse_json(&text).map_err(|m| IoProblem(format!("{}: {m}", files::slash(path))))
}

// ------------------------------------------------------------ tijdlijn

pub fn run_timeline(a: TimelineArgs) -> Exit {
    let (engine, key) = match load_engine(&a.regeling, &a.library) {
        Ok(x) => x,
        Err(e) => return usage_problem(e),
    };
    let Some(regeling) = engine.find(&key) else {
        return usage_problem(format!("onbekende regeling `{key}`"));
    };
    let timeline = coverage::timeline(engine.library(), regeling);
    let text = match a.format.unwrap_or_default() {
        AuditFormat::Json => audit::pretty_json(&timeline),
        AuditFormat::Text => report::timeline_text(&timeline, paint_for_stdout(false)),
        _ => return usage_problem("kies `--format text` of `--format json`"),
    };
    let exit = emit(&text, None);
    if exit == Exit::Ok && timeline.problems() > 0 {
        Exit::Failure
    } else {
        exit
    }
}

// ------------------------------------------------------------ bewijs, verify

pub fn run_receipt(a: ReceiptArgs) -> Exit {
    let (engine, key) = match load_engine(&a.case.regeling, &a.library) {
        Ok(x) => x,
        Err(e) => return usage_problem(e),
    };
    let text = match files::read_text(&a.case.case_file) {
        Ok(t) => t,
        Err(e) => return usage_problem(e),
    };
    let json = match files::parse_json(&text) {
        Ok(j) => j,
        Err(m) => return usage_problem(format!("{}: {m}", files::slash(&a.case.case_file))),
    };
    let case = audit::case_of(&json);
    match receipt::make(&engine, &key, case) {
        Ok(r) => emit(&audit::pretty_json(&r), a.output.file.as_deref()),
        Err(m) => failure(m),
    }
}

pub fn run_verify(a: VerifyArgs) -> Exit {
    let text = match files::read_text(&a.receipt) {
        Ok(t) => t,
        Err(e) => return usage_problem(e),
    };
    let json = match files::parse_json(&text) {
        Ok(j) => j,
        Err(m) => return usage_problem(format!("{}: {m}", files::slash(&a.receipt))),
    };
    let lib = a
        .library
        .folder
        .clone()
        .unwrap_or_else(|| PathBuf::from("rules"));
    if !lib.is_dir() {
        return usage_problem(format!(
            "geen bibliotheek `{}`; geef de map met `--bibliotheek`",
            files::slash(&lib)
        ));
    }
    let loaded = match files::canonical(&lib).and_then(|l| files::load(&[l])) {
        Ok(l) => l,
        Err(e) => return usage_problem(e),
    };
    let engine = Engine::new(loaded.sources);
    let verification = match receipt::verify(&engine, &json) {
        Ok(v) => v,
        Err(e) => return usage_problem(e),
    };
    let text = match a.format.unwrap_or_default() {
        AuditFormat::Json => audit::pretty_json(&verification),
        AuditFormat::Text => report::verification_text(&verification, paint_for_stdout(false)),
        _ => return usage_problem("kies `--format text` of `--format json`"),
    };
    let exit = emit(&text, None);
    match verification.verdict {
        receipt::Verdict::Holds | receipt::Verdict::SameOutcomeSourcesUnknown => exit,
        _ => Exit::Failure,
    }
}
