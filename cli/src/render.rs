//! Rendering diagnostics for people: miette's graphical report with the
//! source line and label, without colour when the output is not a
//! terminal or `NO_COLOR` is set.

use engine::diag::{Diagnostic, Report};
use engine::SourceSet;
use miette::{GraphicalReportHandler, GraphicalTheme};
use std::io::IsTerminal;

/// Width used when the terminal width is unknown (and in tests).
const DEFAULT_WIDTH: usize = 100;

/// Whether to use colour on stderr.
pub fn colour_on_stderr() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

/// The report handler for stderr.
pub fn handler(colour: bool) -> GraphicalReportHandler {
    handler_with(colour, terminal_width())
}

/// A report handler with a fixed width (tests use 100, without colour).
pub fn handler_with(colour: bool, width: usize) -> GraphicalReportHandler {
    let theme = if colour {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    // Never split words at hyphens: dates (2027-12-31) and names
    // (Wmo-toegang) stay whole.
    GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        // Related locations in other files (a layer's base) without miette's
        // English "Advice:" heading.
        .with_show_related_as_nested(true)
        // The code's section in docs/diagnostiek.md as text after the code:
        // the path is relative to the repository, which a terminal link
        // could not open.
        .with_links(false)
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|w| *w >= 40)
        .unwrap_or(DEFAULT_WIDTH)
}

/// One diagnostic rendered as text (ends with a newline).
pub fn render(handler: &GraphicalReportHandler, diag: &Diagnostic, sources: &SourceSet) -> String {
    let report = Report::new(diag, sources);
    let mut out = String::new();
    if handler.render_report(&mut out, &report).is_err() {
        // Fall back to a plain line; rendering into a String cannot
        // really fail, but a diagnostic must never be lost.
        let loc = engine::diag::locate(diag, sources);
        out = format!(
            "{} [{}] {}:{}:{}: {}\n",
            severity_word(diag),
            diag.code,
            loc.at.path,
            loc.at.line,
            loc.at.column,
            diag.message
        );
    }
    dutch_help_label(&out)
}

/// miette labels the help text with the English `help:`; show `hulp:`.
fn dutch_help_label(rendered: &str) -> String {
    let mut out = String::with_capacity(rendered.len());
    for line in rendered.split_inclusive('\n') {
        match line.find("help:") {
            Some(i) if only_blank_or_escapes(&line[..i]) => {
                out.push_str(&line[..i]);
                out.push_str("hulp:");
                out.push_str(&line[i + "help:".len()..]);
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// True when the text holds only whitespace and ANSI escape sequences.
fn only_blank_or_escapes(text: &str) -> bool {
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // Skip to the end of the escape sequence (a letter).
            for e in chars.by_ref() {
                if e.is_ascii_alphabetic() {
                    break;
                }
            }
        } else if !c.is_whitespace() {
            return false;
        }
    }
    true
}

fn severity_word(diag: &Diagnostic) -> &'static str {
    if diag.is_error() {
        "fout"
    } else {
        "waarschuwing"
    }
}

/// `1 fout` / `3 fouten`, `1 bestand` / `1.200 bestanden`: the reports'
/// notation of a count with its noun ([`audit::report::quantity`]).
pub fn quantity(n: usize, one: &str, many: &str) -> String {
    audit::report::quantity(n as u64, one, many)
}
