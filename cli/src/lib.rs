//! `regelwerk`: the command line of the rules engine. Thin by design: it
//! parses arguments, reads files, calls the engine and prints. All rule
//! logic lives in the `engine` crate.
//!
//! Exit codes: 0 all well; 1 an error in the rules or the case (diagnostic
//! errors, failed tests, evaluation errors); 2 a usage error.

pub mod args;
pub mod audit;
mod batch;
mod chunks;
mod clap_nl;
mod cmd_bundle;
mod cmd_check;
mod cmd_eval;
mod cmd_fmt;
mod cmd_household;
mod cmd_regelingen;
mod cmd_schema;
mod cmd_test;
pub mod files;
pub mod render;

use args::{Cli, Command};
use clap::Parser;
use std::process::ExitCode;

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything in order.
    Ok,
    /// Errors in rules or case, failed tests.
    Failure,
    /// The command was used wrongly (bad path, unreadable argument).
    Usage,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        match e {
            Exit::Ok => ExitCode::SUCCESS,
            Exit::Failure => ExitCode::from(1),
            Exit::Usage => ExitCode::from(2),
        }
    }
}

/// Runs the command line (parses `std::env::args`).
pub fn run() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        // A closed pipe (`regelwerk test | head`) is not a fault: stop quietly.
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if message.contains("Broken pipe") {
            std::process::exit(1);
        }
        eprintln!(
            "interne fout in regelwerk: {info}\n\
             Dit is een fout in het programma, niet in uw regels of casus; meld het aan de ontwikkelaars."
        );
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_nl::report(e),
    };
    let exit = match cli.command {
        Command::Check(a) => cmd_check::run(a),
        Command::Fmt(a) => cmd_fmt::run(a),
        Command::Test(a) => cmd_test::run(a),
        Command::Eval(a) => cmd_eval::run_eval(a),
        Command::Explain(a) => cmd_eval::run_explain(a),
        Command::Regelingen(a) => cmd_regelingen::run(a),
        Command::Bundle(a) => cmd_bundle::run(a),
        Command::Diff(a) => audit::run_diff(a),
        Command::Simulate(a) => audit::run_simulate(a),
        Command::Decide(a) => batch::run(a),
        Command::Generate(a) => audit::run_generate(a),
        Command::Timeline(a) => audit::run_timeline(a),
        Command::Receipt(a) => audit::run_receipt(a),
        Command::Verify(a) => audit::run_verify(a),
        Command::Schema(a) => cmd_schema::run_schema(a),
        Command::Template(a) => cmd_schema::run_template(a),
        Command::Household(a) => cmd_household::run(a),
        Command::Lsp => match lsp::run_stdio(&rule_files_under) {
            Ok(()) => Exit::Ok,
            Err(e) => failure(e),
        },
    };
    exit.into()
}

/// The rule files under a folder with their texts: what the language
/// server loads, found as `check` finds them.
fn rule_files_under(root: &std::path::Path) -> Result<Vec<(std::path::PathBuf, String)>, String> {
    let mut paths = std::collections::BTreeSet::new();
    files::collect(root, "regels", &mut paths).map_err(|e| e.to_string())?;
    paths
        .into_iter()
        .map(|p| {
            let text = files::read_text(&p).map_err(|e| e.to_string())?;
            Ok((p, text))
        })
        .collect()
}

/// Prints a usage problem and returns the usage exit code.
pub fn usage_problem(message: impl std::fmt::Display) -> Exit {
    eprintln!("fout: {message}");
    Exit::Usage
}

/// Prints an error in rules or case and returns exit code 1.
pub fn failure(message: impl std::fmt::Display) -> Exit {
    eprintln!("fout: {message}");
    Exit::Failure
}
