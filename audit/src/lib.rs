//! The auditors' tools: what changed between two versions of a regeling
//! and what that does to a population of cases.
//!
//! - [`diff`]: the semantic diff of rule versions (meaning, not text);
//! - [`behaviour`]: the behavioural diff: every case under both versions,
//!   with counts per changed outcome, money totals and example cases;
//! - [`simulate`]: aggregates over a population, streamed line by line;
//! - [`batch`]: the decision per client of a client file, in input order;
//! - [`population`]: reproducible synthetic populations, drawn from a
//!   [`profile`] of distributions (a JSON file, checked against the regeling);
//! - [`coverage`]: the timeline of a regeling's versions (gaps, overlaps,
//!   parameters and dependencies that end early);
//! - [`receipt`]: the execution receipt (`bewijs`) and its verification;
//! - [`report`]: rendering of all of the above as text, Markdown, CSV.
//!
//! A crate of its own beside the engine, which knows nothing of it. Like the
//! engine it does no I/O and starts no threads: the CLI reads files and git
//! revisions, feeds lines and runs several [`LineSink`]s in parallel,
//! merging them at the end.

pub mod batch;
pub mod behaviour;
pub mod coverage;
pub mod diff;
pub mod population;
pub mod profile;
pub mod receipt;
pub mod report;
pub mod show;
pub mod simulate;
pub mod stats;
pub mod words;

/// Something that consumes case lines (JSONL) and can be merged with
/// another of its kind: one per worker thread, merged when all are done.
pub trait LineSink: Send {
    /// `line` is the 1-based line number, `text` the line without newline.
    fn add_line(&mut self, line: u64, text: &str);
    fn merge(&mut self, other: Self)
    where
        Self: Sized;
}

/// Pretty JSON of a report, with a final newline.
pub fn pretty_json<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_string_pretty(value) {
        Ok(s) => s + "\n",
        Err(e) => format!("{{\"fout\": \"{e}\"}}\n"),
    }
}

/// Parses an ISO date (`2025-03-01`).
pub fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    engine::case::parse_iso_date(s.trim())
}

/// Reads a case from a JSON value: a case object, or a case file of the
/// shared interchange format (`{"regeling", "case", "expected"}`), whose
/// `case` is taken.
pub fn case_of(json: &serde_json::Value) -> &serde_json::Value {
    match json.get("case") {
        Some(c) if c.is_object() && json.get("peildatum").is_none() => c,
        _ => json,
    }
}
