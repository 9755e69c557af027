//! `regelwerk schema` and `regelwerk sjabloon`: what a case for a regeling
//! looks like, as a JSON Schema and as an empty case to fill in, for the
//! version in force on a peildatum.

use crate::args::{LibraryArg, RegelingArg};
use crate::cmd_eval::load_regeling;
use crate::{failure, usage_problem, Exit};
use chrono::NaiveDate;
use clap::Args;
use engine::ir::Program;
use engine::schema::{case_schema::case_schema, template::case_template};
use serde_json::{json, Value as Json};
use std::sync::Arc;

/// A regeling and the peildatum that picks its version.
#[derive(Debug, Args)]
pub struct VersionArgs {
    #[command(flatten)]
    pub regeling: RegelingArg,

    /// De versie die op deze datum geldt (JJJJ-MM-DD; standaard: vandaag)
    #[arg(long, value_name = "DATUM")]
    pub peildatum: Option<String>,

    #[command(flatten)]
    pub library: LibraryArg,
}

pub fn run_schema(a: VersionArgs) -> Exit {
    match program(&a) {
        Ok((program, _)) => print_json(&case_schema(&program)),
        Err(exit) => exit,
    }
}

/// The template in the form of a case file, so that `bereken` and `test`
/// read it as it is: `{ "regeling": id, "case": { … } }`.
pub fn run_template(a: VersionArgs) -> Exit {
    match program(&a) {
        Ok((program, peildatum)) => print_json(&json!({
            "regeling": program.info.id,
            "case": case_template(&program, peildatum),
        })),
        Err(exit) => exit,
    }
}

/// The program in force on the peildatum asked for (today when none is).
fn program(a: &VersionArgs) -> Result<(Arc<Program>, NaiveDate), Exit> {
    let peildatum = match &a.peildatum {
        Some(s) => engine::case::parse_iso_date(s.trim()).ok_or_else(|| {
            usage_problem(format!("`{s}` is geen geldige datum (verwacht JJJJ-MM-DD)"))
        })?,
        None => today().ok_or_else(|| {
            usage_problem("de datum van vandaag is niet te bepalen; geef --peildatum")
        })?,
    };
    let (roots, key) = a.regeling.roots(&a.library).map_err(usage_problem)?;
    let engine = load_regeling(&roots, &key)?;
    let program = engine.program(&key, peildatum).map_err(failure)?;
    Ok((program.clone(), peildatum))
}

/// Today's date (UTC), from the system clock.
fn today() -> Option<NaiveDate> {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    let seconds = i64::try_from(since_epoch.as_secs()).ok()?;
    chrono::DateTime::from_timestamp(seconds, 0).map(|t| t.date_naive())
}

fn print_json(json: &Json) -> Exit {
    match serde_json::to_string_pretty(json) {
        Ok(s) => {
            println!("{s}");
            Exit::Ok
        }
        Err(e) => failure(format!("kan het resultaat niet als JSON schrijven: {e}")),
    }
}
