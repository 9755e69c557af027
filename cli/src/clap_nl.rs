//! Usage errors in Dutch. clap's messages are English; this renders the
//! common kinds from clap's structured context and keeps clap's exit code
//! (2 for usage errors, 0 for `--help` and `--version`).

use clap::error::{ContextKind, ContextValue, Error, ErrorKind};
use std::process::ExitCode;

/// Prints a clap error (or help/version output) and returns its exit code.
pub fn report(e: Error) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return ExitCode::from(2);
        }
        _ => {}
    }
    let mut out = format!("fout: {}\n", message(&e));
    if let Some(ContextValue::StyledStr(usage)) = e.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let usage = usage.trim();
        let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
        out.push_str(&format!("\nGebruik: {usage}\n"));
    }
    out.push_str("\nMeer uitleg: `regelwerk --help`.\n");
    eprint!("{out}");
    ExitCode::from(2)
}

fn text(e: &Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        ContextValue::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn quoted_list(e: &Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::Strings(v) => Some(
            v.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::String(s) => Some(format!("`{s}`")),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::StyledStr(s) => Some(format!("`{s}`")),
        _ => None,
    }
}

/// The names of all commands, as the help lists them.
fn commands() -> String {
    use clap::CommandFactory;
    crate::args::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn message(e: &Error) -> String {
    let arg = text(e, ContextKind::InvalidArg).unwrap_or_default();
    let mut m = match e.kind() {
        ErrorKind::InvalidValue => {
            let value = text(e, ContextKind::InvalidValue).unwrap_or_default();
            let mut m = if value.is_empty() {
                format!("`{arg}` heeft een waarde nodig")
            } else {
                format!("ongeldige waarde `{value}` voor `{arg}`")
            };
            if let Some(valid) = quoted_list(e, ContextKind::ValidValue) {
                m.push_str(&format!("; mogelijk zijn: {valid}"));
            }
            m
        }
        ErrorKind::UnknownArgument => format!("onbekend argument `{arg}`"),
        ErrorKind::InvalidSubcommand => {
            let sub = text(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("onbekende opdracht `{sub}`; mogelijk zijn: {}", commands())
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = quoted_list(e, ContextKind::InvalidArg).unwrap_or_default();
            format!("verplicht argument ontbreekt: {missing}")
        }
        ErrorKind::MissingSubcommand => format!("er ontbreekt een opdracht ({})", commands()),
        ErrorKind::ArgumentConflict => {
            let prior = text(e, ContextKind::PriorArg).unwrap_or_default();
            format!("`{arg}` kan niet samen met `{prior}` worden gebruikt")
        }
        ErrorKind::TooManyValues => {
            let value = text(e, ContextKind::InvalidValue).unwrap_or_default();
            format!("onverwachte waarde `{value}` voor `{arg}`")
        }
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("verkeerd aantal waarden voor `{arg}`")
        }
        ErrorKind::NoEquals => format!("`{arg}` vraagt een waarde met `=`"),
        ErrorKind::ValueValidation => {
            let value = text(e, ContextKind::InvalidValue).unwrap_or_default();
            format!("ongeldige waarde `{value}` voor `{arg}`")
        }
        ErrorKind::InvalidUtf8 => "een argument is geen geldige UTF-8-tekst".to_string(),
        _ => format!("ongeldig gebruik: {}", e.render().to_string().trim()),
    };
    if let Some(s) =
        text(e, ContextKind::SuggestedArg).or_else(|| text(e, ContextKind::SuggestedSubcommand))
    {
        m.push_str(&format!("\n\n  tip: bedoelde u `{s}`?"));
    }
    if text(e, ContextKind::TrailingArg).is_some_and(|b| b == "true") {
        m.push_str(&format!(
            "\n\n  tip: gebruik `-- {arg}` om een waarde te geven die met `-` begint"
        ));
    }
    m
}
