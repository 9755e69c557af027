//! `regelwerk besluit`: a client file decided line by line, one result line
//! per client in input order (see `audit::batch`). Glue only: reads the
//! client file, runs the chunks on two threads ([`chunks::ordered`]),
//! writes receipts and result lines, shows progress on a terminal and the
//! summary on stderr.
//!
//! Exit codes: 0 when every client was decided (on the list or not); 1 when
//! any client was refused or its line was unreadable (the batch still
//! decides every other client); 2 a usage error.

use crate::args::{LibraryArg, OutputFileArg, RegelingArg};
use crate::audit::{input_lines, output_stream, read_side};
use crate::chunks;
use crate::files::{self, IoProblem};
use crate::{failure, usage_problem, Exit};
use audit::batch::{Batch, Counts, Form, Only};
use audit::behaviour::{sides, Side, Source};
use audit::report;
use clap::{Args, ValueEnum};
use engine::Engine;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// Worker threads: the brief of the command is two (this machine's cores);
/// `--draden` changes it.
const WORKERS: usize = 2;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum DecisionFormat {
    /// Een JSON-object per regel, met een bewijsregel per gebruikte versie
    #[default]
    Jsonl,
    /// CSV met komma's en decimale punten
    Csv,
    /// CSV voor Excel met Nederlandse instellingen: puntkomma's en decimale komma's
    #[value(name = "csv-nl")]
    CsvNl,
}

#[derive(Debug, Args)]
pub struct DecideArgs {
    #[command(flatten)]
    pub regeling: RegelingArg,

    /// Cliëntenbestand: JSONL, per regel een casus met het eigen `kenmerk` van de cliënt (`-` leest van standaardinvoer)
    #[arg(
        value_name = "CLIENTEN",
        help_heading = "Argumenten",
        display_order = 2
    )]
    pub clients: PathBuf,

    /// Uitvoervorm: `jsonl` (standaard), `csv` of `csv-nl` (Excel met Nederlandse instellingen)
    #[arg(
        long = "format",
        alias = "formaat",
        value_enum,
        value_name = "VORM",
        hide_possible_values = true
    )]
    pub format: Option<DecisionFormat>,

    /// Alleen cliënten met deze uitkomst, als UITKOMST=WAARDE (bijvoorbeeld meedoen_toekenning=ambtshalve); mag vaker worden gegeven
    #[arg(long = "alleen", value_name = "UITKOMST=WAARDE")]
    pub only: Vec<String>,

    /// Alleen cliënten van wie de uitkomst anders is onder deze regels: een regelbestand, een map, of PAD@REVISIE (uit git)
    #[arg(long = "verschil-met", value_name = "OUDE_REGELS")]
    pub differs_from: Option<String>,

    /// Per besloten cliënt ook de motivering: `kort` (de korte motivering per uitkomst, als bij `uitleg --kort`)
    #[arg(long = "motivering", value_enum, value_name = "VORM")]
    pub motivation: Option<MotivationForm>,

    /// Aantal rekendraden (standaard 2)
    #[arg(long = "draden", value_name = "AANTAL")]
    pub threads: Option<usize>,

    #[command(flatten)]
    pub output: OutputFileArg,

    #[command(flatten)]
    pub library: LibraryArg,
}

/// The motivering a batch line can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MotivationForm {
    /// The short motivering per outcome.
    Kort,
}

pub fn run(a: DecideArgs) -> Exit {
    let only = match a
        .only
        .iter()
        .map(|s| Only::parse(s))
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(o) => o,
        Err(m) => return usage_problem(m),
    };
    let (current, previous) = match load_sides(&a) {
        Ok(s) => s,
        Err(e) => return usage_problem(e),
    };
    let form = match a.format.unwrap_or_default() {
        DecisionFormat::Jsonl => Form::Jsonl,
        DecisionFormat::Csv => Form::Csv,
        DecisionFormat::CsvNl => Form::CsvNl,
    };
    let batch = match Batch::new(&current, previous.as_ref(), form, only) {
        Ok(b) if a.motivation.is_some() => b.with_short_motivation(),
        Ok(b) => b,
        Err(m) => return usage_problem(m),
    };
    let (reader, size) = match input_lines(&a.clients) {
        Ok(r) => r,
        Err(e) => return usage_problem(e),
    };
    let mut out = match output_stream(a.output.file.as_deref()) {
        Ok(out) => out,
        Err(e) => return usage_problem(e),
    };
    let write_failed = |e: std::io::Error| format!("kan niet schrijven: {}", files::dutch_io(&e));
    if let Err(e) = out.write_all(batch.header().as_bytes()) {
        return failure(write_failed(e));
    }
    let progress = progress_bar(size);
    let mut counts = Counts::default();
    let mut written: HashSet<String> = HashSet::new();
    let chunk_lines = match a.motivation {
        Some(_) => chunks::CHUNK_LINES_LARGE_RESULTS,
        None => chunks::CHUNK_LINES,
    };
    let result = chunks::ordered(
        reader,
        a.threads.filter(|n| *n > 0).unwrap_or(WORKERS).min(64),
        chunk_lines,
        |bytes, lines| match size {
            Some(_) => progress.set_position(bytes),
            None => progress.set_position(lines),
        },
        |chunk| batch.decide(chunk.lines()),
        |decided| {
            counts.add(decided.counts);
            if form == Form::Jsonl {
                for r in decided.receipts {
                    if written.insert(r.reference) {
                        out.write_all(r.line.as_bytes()).map_err(write_failed)?;
                    }
                }
            }
            out.write_all(decided.text.as_bytes()).map_err(write_failed)
        },
    );
    progress.finish_and_clear();
    let flushed = out.flush().map_err(write_failed);
    eprintln!(
        "{}",
        summary(&counts, !a.only.is_empty() || a.differs_from.is_some())
    );
    if let Err(e) = result.and(flushed) {
        return failure(e);
    }
    if counts.refused + counts.unreadable > 0 {
        Exit::Failure
    } else {
        Exit::Ok
    }
}

/// `10.000 cliënten: 9.998 besloten (1.234 op de lijst), 1 geweigerd, 1 fout`.
fn summary(c: &Counts, filtered: bool) -> String {
    let t = report::thousands;
    let listed = if filtered {
        format!(" ({} op de lijst)", t(c.listed))
    } else {
        String::new()
    };
    format!(
        "{} {}: {} besloten{listed}, {} geweigerd, {} {}",
        t(c.clients()),
        if c.clients() == 1 {
            "cliënt"
        } else {
            "cliënten"
        },
        t(c.decided),
        t(c.refused),
        t(c.unreadable),
        if c.unreadable == 1 { "fout" } else { "fouten" }
    )
}

/// A progress bar on stderr, drawn only when stderr is a terminal.
fn progress_bar(size: Option<u64>) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::with_draw_target(size, ProgressDrawTarget::hidden());
    }
    let (bar, template) = match size {
        Some(n) => (
            ProgressBar::new(n),
            "[{bar:30}] {percent:>3}%  {binary_bytes}/{binary_total_bytes}  nog {eta}",
        ),
        None => (ProgressBar::new_spinner(), "{spinner} {pos} regels gelezen"),
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("█░ "));
    }
    bar
}

/// The rules to decide with, and with `--verschil-met` the rules to compare
/// against: both built as the behavioural diff builds its sides (each
/// replacing its regeling in the library around it).
fn load_sides(a: &DecideArgs) -> Result<(Side, Option<Side>), IoProblem> {
    let (roots, key) = a.regeling.roots(&a.library)?;
    let loaded = files::load(&roots)?;
    let engine = Engine::new(loaded.sources);
    let Some(regeling) = engine.find(&key) else {
        return Err(IoProblem(format!("onbekende regeling `{key}`")));
    };
    let id = regeling.id.clone();
    let Some(old) = &a.differs_from else {
        return Ok((
            Side {
                engine,
                regeling: id,
            },
            None,
        ));
    };
    let library: Vec<Source> = engine
        .sources()
        .files()
        .map(|(_, f)| (f.path.clone(), f.text.clone()))
        .collect();
    let own: Vec<Source> = library
        .iter()
        .filter(|(_, text)| audit::diff::header_of(text).is_some_and(|(i, _)| i == id))
        .cloned()
        .collect();
    let old_files: Vec<Source> = read_side(old)?
        .files
        .into_iter()
        .map(|f| (f.path, f.text))
        .collect();
    let (old_side, new_side) = sides(&library, &old_files, &own).map_err(IoProblem)?;
    Ok((new_side, Some(old_side)))
}
