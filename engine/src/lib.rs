//! regelwerk engine: loads `.regels` sources, checks them, compiles each
//! regeling version to an IR and evaluates cases against it.
//!
//! Data flows one way: source text → AST (grammar crate) → checked program
//! ([`ir::Program`], built by [`check`] per stretch of dates in
//! [`library`]) → [`eval`] (case, peildatum) → [`eval::Evaluation`], with
//! [`trace::Trace`] when asked → rendered by [`explain`] and [`result`].
//! [`api::Engine`] is the one entry point for the CLI, the browser and the
//! auditors' tools.
//! The engine does no I/O and never reads the clock: sources and cases come
//! in as values, so the same code runs natively and in wasm.
//!
//! Without the feature `compile` (the browser's main module) the engine
//! evaluates the compiled programs a bundle carries and never parses or
//! checks: the checker ([`check`]), the rule-test runner, parsing in
//! [`library`] and bundle writing are not compiled at all.
//!
//! Dependencies between the modules point one way: [`ir`] is plain data
//! (with its table row indexes) and imports nothing from the evaluator;
//! [`eval`] reads the IR and defines the hooks it reports to
//! ([`eval::Tracer`]); [`trace`] records through those hooks; [`explain`]
//! and [`result`] render evaluations and traces. `ir` ← `eval` ← `trace`
//! ← `explain`/`result`, with no edge back.

pub mod api;
pub mod bundle;
pub mod case;
#[cfg(feature = "compile")]
pub mod check;
pub mod citation;
pub mod dates;
pub mod diag;
pub mod display;
pub mod eval;
pub mod explain;
pub mod explain_short;
pub mod household;
pub mod ir;
pub mod library;
pub mod limits;
pub mod lookup;
#[cfg(feature = "compile")]
pub mod names;
pub mod outline;
pub mod result;
pub mod schema;
pub mod source;
#[cfg(feature = "compile")]
pub mod test_runner;
#[cfg(test)]
mod test_support;
pub mod trace;
pub mod types;
pub mod value;

pub use api::{Engine, EngineError, Outcome, OverrideRequest, Request};
pub use diag::{Diagnostic, Severity};
pub use source::SourceSet;
