//! Target `program`: any text as a compiled program (`Program::from_json`,
//! what the browser reads from a bundle) and as a whole rules bundle
//! (`bundle::load`). Oracle: no panic, also when what was read is then
//! used: a program that passes the reader's verification is evaluated
//! (trace off and on, with only the peildatum known) and rendered, and a
//! bundle that loads has each of its programs taken, compiled or read.

use chrono::NaiveDate;
use engine::eval::{self, EvalOptions};
use engine::ir::Program;
use engine::value::Value;
use engine::Engine;

pub fn run(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        check_text(text);
    }
}

pub fn check_text(text: &str) {
    if let Ok(program) = Program::from_json(text) {
        exercise(&program, program.info.valid_from);
    }
    if let Ok(mut library) = engine::bundle::load(text) {
        // The browser's path: the bundle's programs, read on first use.
        library.use_precompiled();
        for regeling in &library.regelingen {
            for segment in &regeling.segments {
                if let Ok(program) = segment.program() {
                    exercise(program, segment.from);
                }
            }
        }
    }
    // The CLI's path: the bundle's sources, parsed against its manifest and
    // compiled.
    if let Ok(library) = engine::bundle::load(text) {
        Engine::from_library(library).diagnostics();
    }
}

/// Uses a program as the evaluator and the renderers do.
fn exercise(program: &Program, peildatum: NaiveDate) {
    engine::schema::input_schema(program);
    let mut inputs: Vec<Option<Value>> = vec![None; program.inputs.len()];
    if let Some(slot) = inputs.get_mut(program.peildatum as usize) {
        *slot = Some(Value::Date(peildatum));
    }
    let options = EvalOptions::default();
    if let Ok(evaluation) = eval::evaluate(program, &inputs, &options) {
        engine::result::to_json(program, &evaluation, None);
        engine::explain::explain(program, &evaluation, None);
    }
    let mut recorder = engine::trace::Recorder::new(program, &options.overrides);
    if let Ok(evaluation) = eval::evaluate_traced(program, &inputs, &options, &mut recorder) {
        let trace = recorder.finish();
        engine::result::to_json(program, &evaluation, Some(&trace));
        engine::explain::explain(program, &evaluation, Some(&trace));
    }
}
