//! Evaluator tests on hand-built programs (see [`crate::test_support`]).

mod nodes;
mod overrides;
mod partial;
mod perf;
mod rules;
mod tables;
mod units;
