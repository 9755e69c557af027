//! Target `eval`: cases generated from the input schema of a program in
//! `rules/` (a regeling, and a date in one of its stretches, chosen by the
//! fuzzer), with overrides of `afwijkbaar` rules now and then, evaluated
//! four ways that must agree:
//!
//! - plain: the engine's public path (`Engine::evaluate`);
//! - reused: one `Evaluator` per program, kept from input to input, so
//!   state left by an earlier case would show;
//! - traced: the public path with the trace on (also rendered: result JSON
//!   and the explanation, which must not report an internal error);
//! - read back: the program written as a bundle carries it and read again
//!   (`Program::to_json` / `from_json`, the browser's path).
//!
//! Agree means the same outputs, missing inputs and overrides, or the same
//! error.

use crate::generate;
use crate::library_engine;
use crate::oracle::assert_dutch;
use arbitrary::Unstructured;
use chrono::Days;
use engine::case;
use engine::eval::{self, EvalOptions, Evaluation, Evaluator, Override, ResolvedParams};
use engine::ir::Program;
use engine::value::Value;
use engine::{EngineError, OverrideRequest, Request};
use serde_json::Value as Json;
use std::cell::RefCell;
use std::collections::HashMap;

pub fn run(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let _ = run_generated(&mut u);
}

/// How far one input got.
#[derive(Debug, PartialEq)]
enum Reached {
    /// No program in force on the chosen date.
    NoProgram,
    /// The engine refused the generated case or overrides.
    Refused,
    /// Evaluated four ways, and they agreed.
    Compared,
}

/// What one evaluation gave, in a form the four ways can be compared in.
#[derive(Debug, PartialEq)]
enum Answer {
    Evaluated {
        outputs: Vec<eval::OutputValue>,
        missing: Vec<u32>,
        overrides: Vec<eval::AppliedOverride>,
    },
    Refused(String),
}

impl Answer {
    fn of(result: Result<&Evaluation, String>) -> Answer {
        match result {
            Ok(e) => Answer::Evaluated {
                outputs: e.outputs.clone(),
                missing: e.missing.clone(),
                overrides: e.overrides.clone(),
            },
            Err(message) => Answer::Refused(message),
        }
    }
}

fn run_generated(u: &mut Unstructured) -> arbitrary::Result<Reached> {
    let engine = library_engine();
    let regeling = engine
        .find(u.choose(crate::regeling_ids())?)
        .expect("a regeling of the library");
    let segment = u.choose(&regeling.segments)?;
    // A stretch without an end: two years of it.
    let through = segment
        .through
        .unwrap_or_else(|| segment.from + Days::new(730));
    let span = (through - segment.from).num_days().max(0) as u64;
    let peildatum = segment.from + Days::new(u.int_in_range(0..=span)?);
    let Ok(program) = engine.program(&regeling.id, peildatum) else {
        return Ok(Reached::NoProgram);
    };
    let program: &'static Program = program;
    let schema = engine::schema::input_schema(program);
    let partial = u.arbitrary::<bool>()?;
    let case_json = generate::case(u, &schema, peildatum, partial)?;
    let overrides = generate::overrides(u, &schema, peildatum)?;
    let request = Request {
        partial,
        trace: false,
        overrides: overrides
            .iter()
            .map(|(regel, waarde)| OverrideRequest {
                rule: regel.clone(),
                value: waarde.clone(),
                reason: "fuzz".into(),
                by: None,
            })
            .collect(),
    };

    let plain = match engine.evaluate(&regeling.id, &case_json, &request) {
        // The generator wrote a value the case reader refuses (an amount
        // out of range, say): a matter for the `case` target.
        Err(e @ (EngineError::Case(_) | EngineError::Override(_))) => {
            assert_dutch(&e.to_string(), &case_json.to_string(), "generated case");
            return Ok(Reached::Refused);
        }
        other => other,
    };
    let inputs = case::decode(program, &case_json, partial).unwrap_or_else(|e| {
        panic!("the case was evaluated but does not decode: {e:?}\n{case_json}")
    });
    let options = EvalOptions {
        overrides: decode_overrides(program, &overrides),
    };
    let reused = with_reused_evaluator(program, |evaluator| {
        let params = ResolvedParams::new(program, peildatum);
        evaluator.evaluate(&params, &inputs, &options)
    });
    let traced = engine.evaluate(
        &regeling.id,
        &case_json,
        &Request {
            trace: true,
            ..request.clone()
        },
    );
    let read_back = eval::evaluate(read_back(program), &inputs, &options);

    let plain_answer = Answer::of(
        plain
            .as_ref()
            .map(|o| &o.evaluation)
            .map_err(|e| e.to_string()),
    );
    let context = format!(
        "{} on {peildatum}, case {case_json}, overrides {overrides:?}",
        regeling.id
    );
    for (way, answer) in [
        (
            "a reused evaluator",
            Answer::of(reused.as_ref().map_err(|e| e.to_string())),
        ),
        (
            "the traced evaluation",
            Answer::of(
                traced
                    .as_ref()
                    .map(|o| &o.evaluation)
                    .map_err(|e| e.to_string()),
            ),
        ),
        (
            "the program read back",
            Answer::of(read_back.as_ref().map_err(|e| e.to_string())),
        ),
    ] {
        assert_eq!(plain_answer, answer, "plain and {way} disagree: {context}");
    }
    if let Ok(outcome) = &traced {
        outcome.to_json();
        let text = outcome.explain();
        assert!(!text.contains("interne fout"), "{context}: {text}");
    }
    Ok(Reached::Compared)
}

/// The overrides as the engine resolves them (by rule name, value decoded
/// for the rule's type); the engine accepted them, so each resolves.
fn decode_overrides(program: &Program, overrides: &[(String, Json)]) -> Vec<Override> {
    overrides
        .iter()
        .map(|(name, json)| {
            let (id, rule) = program
                .rules
                .iter()
                .enumerate()
                .find(|(_, r)| &r.name == name)
                .expect("an override the engine accepted names a rule");
            let value: Value = case::decode_value(&program.types, &rule.ty, json, "$")
                .expect("an override the engine accepted decodes");
            Override {
                rule: id as u32,
                value,
                reason: "fuzz".into(),
                by: None,
            }
        })
        .collect()
}

thread_local! {
    /// One evaluator per program, kept for the whole fuzzing run.
    static EVALUATORS: RefCell<HashMap<*const Program, Evaluator<'static>>> =
        RefCell::new(HashMap::new());
    /// Each program written and read back, once.
    static READ_BACK: RefCell<HashMap<*const Program, &'static Program>> =
        RefCell::new(HashMap::new());
}

fn with_reused_evaluator<R>(
    program: &'static Program,
    f: impl FnOnce(&mut Evaluator<'static>) -> R,
) -> R {
    EVALUATORS.with(|evaluators| {
        let mut evaluators = evaluators.borrow_mut();
        let evaluator = evaluators
            .entry(program as *const Program)
            .or_insert_with(|| Evaluator::new(program));
        f(evaluator)
    })
}

/// `program` as the browser gets it: written as a bundle carries it and read.
fn read_back(program: &'static Program) -> &'static Program {
    READ_BACK.with(|cache| {
        *cache
            .borrow_mut()
            .entry(program as *const Program)
            .or_insert_with(|| {
                let text = program.to_json().expect("a compiled program is written");
                let read = Program::from_json(&text).expect("a written program is read back");
                Box::leak(Box::new(read))
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The generator writes cases the engine takes: most inputs must get
    /// as far as the comparison, or the target would test the case reader.
    #[test]
    fn most_generated_cases_are_evaluated() {
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut reached = HashMap::new();
        for _ in 0..300 {
            let data: Vec<u8> = (0..512)
                .map(|_| {
                    // xorshift: fixed pseudo-random bytes, the same every run.
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state as u8
                })
                .collect();
            let outcome = run_generated(&mut Unstructured::new(&data));
            *reached.entry(format!("{outcome:?}")).or_insert(0) += 1;
        }
        let compared = reached.get("Ok(Compared)").copied().unwrap_or(0);
        assert!(compared > 200, "{reached:?}");
    }
}
