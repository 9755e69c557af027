//! Evaluator tests on hand-built programs (see [`super::testkit`]).

mod nodes;
mod overrides;
mod partial;
mod perf;
mod rules;
mod tables;
