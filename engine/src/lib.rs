//! regelwerk engine: loads `.regels` sources, checks them, compiles each
//! regeling version to an IR and evaluates cases against it.
//!
//! Data flows one way: source text → AST (grammar crate) → checked program
//! ([`ir::Program`], built by [`check`] per stretch of dates in
//! [`library`]) → [`eval`] (case, peildatum) → [`eval::Evaluation`] with an
//! optional trace → rendered by [`explain`] and [`result`]. [`api::Engine`]
//! is the one entry point for the CLI, the browser and the auditors' tools.
//! The engine does no I/O and never reads the clock: sources and cases come
//! in as values, so the same code runs natively and in wasm.
//!
//! Without the feature `compile` (the browser's main module) the engine
//! evaluates the compiled programs a bundle carries and never parses or
//! checks: that code is still compiled but nothing reaches it, so the
//! linker leaves it out.
#![cfg_attr(not(feature = "compile"), allow(dead_code, unused_imports))]

pub mod api;
pub mod bundle;
pub mod case;
pub mod check;
pub mod dates;
pub mod diag;
pub mod eval;
pub mod explain;
pub mod ir;
pub mod library;
pub mod lookup;
pub mod outline;
pub mod result;
pub mod schema;
pub mod source;
pub mod testing;
pub mod trace;
pub mod types;
pub mod value;

pub use api::{Engine, EngineError, Outcome, OverrideRequest, Request};
pub use diag::{Diagnostic, Severity};
pub use source::SourceSet;
