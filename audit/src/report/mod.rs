//! The auditors' reports. Each report is built once as a [`Document`]
//! (`doc`): what it says, in Dutch, with semantic styles. The renderers
//! write a document as text ([`text`], styles painted by the caller's
//! [`Paint`]: the CLI's colours), Markdown ([`markdown`]) or CSV ([`csv`]);
//! a document is also JSON through serde. The reports' `--format json` is
//! the serde form of the result types themselves, not of a document.
//!
//! Amounts use Dutch notation in text and Markdown and plain decimals in
//! CSV and JSON.

pub mod csv;
pub mod doc;
pub mod markdown;
pub mod text;

pub mod behaviour;
pub mod changes;
pub mod impact;
pub mod simulation;
pub mod timeline;
pub mod verification;

mod notation;

#[cfg(test)]
mod fixtures;

pub use doc::{Document, Style};
pub use notation::{quantity, thousands};
pub use text::{Paint, Plain};

use crate::behaviour::BehaviourReport;
use crate::coverage::Timeline;
use crate::diff::Diff;
use crate::receipt::Verification;
use crate::simulate::Simulation;

/// The structural diff for a terminal.
pub fn diff_text(d: &Diff, paint: &dyn Paint) -> String {
    text::render(&changes::text_document(d), paint)
}

/// The structural diff as Markdown, its headings from `level + 1` on.
pub fn diff_markdown(d: &Diff, level: usize) -> String {
    markdown::render(&changes::markdown_document(d, level))
}

/// The behavioural diff for a terminal.
pub fn behaviour_text(b: &BehaviourReport, paint: &dyn Paint) -> String {
    text::render(&behaviour::text_document(b), paint)
}

/// The behavioural diff as Markdown, its headings from `level + 1` on.
pub fn behaviour_markdown(b: &BehaviourReport, level: usize) -> String {
    markdown::render(&behaviour::markdown_document(b, level))
}

/// The impact report in Markdown (see [`impact::document`]).
pub fn impact_markdown(
    title: &str,
    diff: &Diff,
    behaviour: Option<&BehaviourReport>,
    cases: Option<&str>,
) -> String {
    let md = markdown::render(&impact::document(title, diff, behaviour, cases));
    md.trim_end().to_string() + "\n"
}

/// A simulation for a terminal.
pub fn simulation_text(s: &Simulation, paint: &dyn Paint) -> String {
    text::render(&simulation::document(s), paint)
}

/// A simulation as CSV (see [`simulation::table`]).
pub fn simulation_csv(s: &Simulation) -> String {
    csv::render(&simulation::table(s))
}

/// The timeline of a regeling for a terminal.
pub fn timeline_text(t: &Timeline, paint: &dyn Paint) -> String {
    text::render(&timeline::document(t), paint)
}

/// The verification of a receipt for a terminal.
pub fn verification_text(v: &Verification, paint: &dyn Paint) -> String {
    text::render(&verification::document(v), paint)
}
