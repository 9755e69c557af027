//! The evaluator: runs a compiled [`Program`] on one case.
//!
//! - Parameters are resolved once per peildatum ([`ResolvedParams`]).
//! - Rules are evaluated lazily, each at most once per case (memo), so
//!   untaken branches and short-circuited operands cost nothing and need
//!   no inputs.
//! - Inputs may be unknown (`None`): the outputs that can be decided are,
//!   the others are [`OutputValue::Undecided`] with the inputs they still
//!   need, in the order they are needed ([`Evaluation::missing`]).
//! - Overrides (afwijken) replace an overridable rule's value.
//! - Tracing is a type parameter: off, the evaluator is monomorphised with
//!   empty hooks ([`NoTrace`]); on, the caller passes its [`Tracer`] to
//!   [`evaluate_traced`] or [`Evaluator::evaluate_traced`].
//!
//! Dependencies point one way: the evaluator reads the IR ([`crate::ir`],
//! plain data with its table row indexes) and knows nothing of what is
//! built from its results. It defines the hooks it calls ([`tracer`]);
//! the derivation recorder ([`crate::trace`]) implements them, and the
//! renderers ([`crate::explain`], [`crate::result`]) read evaluations and
//! traces. So: `ir` ← `eval` ← `trace` ← `explain`/`result`, and nothing
//! here imports from the modules to the right (the tests in `tests` do:
//! they check what the hooks report through the recorder).
//!
//! Submodules: [`run`] (the node walk and partial semantics), `rules`
//! (memo, exceptions, ladders, overrides), `tables`, `calls` (functions
//! and built-ins), `lists`, `memo` (pure calls), [`params`], [`tracer`],
//! [`error`].

mod calls;
pub mod error;
mod lists;
mod memo;
pub mod params;
mod rules;
pub(crate) mod run;
pub(crate) mod tables;
pub mod tracer;
mod units;

#[cfg(test)]
mod tests;

pub use error::{EvalError, EvalErrorKind};
pub use params::ResolvedParams;
pub use tracer::{How, NoTrace, Tracer};

use crate::case::check_money_precision;
use crate::ir::{InputId, Node, Program, RuleId};
use crate::value::Value;
use chrono::NaiveDate;
use run::{Ctx, Memo, Run, State, Stop};

/// What to do besides computing the outputs.
#[derive(Debug, Clone, Default)]
pub struct EvalOptions {
    pub overrides: Vec<Override>,
}

/// An override (afwijken): `rule` gets `value` instead of its computed one.
/// Allowed only for rules marked `afwijkbaar`, and only with a reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    pub rule: RuleId,
    pub value: Value,
    pub reason: String,
    /// Who decided.
    pub by: Option<String>,
}

/// An override as applied, with the value the rule would have had.
#[derive(Debug, Clone, PartialEq)]
pub struct AppliedOverride {
    pub rule: RuleId,
    pub value: Value,
    /// The computed value; `None` when it could not be computed (inputs
    /// missing, or an error such as `fout`).
    pub original: Option<Value>,
    pub reason: String,
    pub by: Option<String>,
}

/// One output of the case contract.
#[derive(Debug, Clone, PartialEq)]
pub enum OutputValue {
    Decided(Value),
    /// Not decided yet: these inputs are needed, in first-needed order.
    Undecided(Vec<InputId>),
}

/// The result of evaluating one case.
#[derive(Debug, Clone)]
pub struct Evaluation {
    pub peildatum: NaiveDate,
    /// One per `program.outputs`, in order.
    pub outputs: Vec<OutputValue>,
    /// The inputs still needed for the undecided outputs: in output order,
    /// then first-needed order, without duplicates.
    pub missing: Vec<InputId>,
    pub overrides: Vec<AppliedOverride>,
    /// The steps of the budget it took ([`crate::limits::MAX_STEPS`]).
    pub steps: u32,
}

impl Evaluation {
    /// The value of output `i` (index into `program.outputs`) when decided.
    pub fn output_value(&self, i: usize) -> Option<&Value> {
        match self.outputs.get(i) {
            Some(OutputValue::Decided(v)) => Some(v),
            _ => None,
        }
    }

    /// Whether every output is decided.
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty()
            && self
                .outputs
                .iter()
                .all(|o| matches!(o, OutputValue::Decided(_)))
    }
}

/// Evaluates one case: `inputs[i]` is the value of input slot `i` (`None`:
/// not known yet). The peildatum input must be known.
pub fn evaluate(
    program: &Program,
    inputs: &[Option<Value>],
    options: &EvalOptions,
) -> Result<Evaluation, EvalError> {
    evaluate_traced(program, inputs, options, &mut NoTrace)
}

/// As [`evaluate`], reporting to `tracer` what the evaluation does.
pub fn evaluate_traced<T: Tracer>(
    program: &Program,
    inputs: &[Option<Value>],
    options: &EvalOptions,
    tracer: &mut T,
) -> Result<Evaluation, EvalError> {
    let peildatum = peildatum(program, inputs)?;
    let params = ResolvedParams::new(program, peildatum);
    ONE_SHOT_BUFFERS.with(|buffers| match buffers.try_borrow_mut() {
        Ok(mut state) => {
            let mut evaluator = Evaluator {
                program,
                state: std::mem::take(&mut *state),
            };
            let result = evaluator.evaluate_traced(&params, inputs, options, tracer);
            *state = evaluator.state;
            result
        }
        // Not expected (evaluation does not call itself), but never a panic.
        Err(_) => Evaluator::new(program).evaluate_traced(&params, inputs, options, tracer),
    })
}

thread_local! {
    /// The buffers of [`evaluate`] (rule memo, local stack, missing-input
    /// lists), kept per thread: a case evaluated on its own then allocates
    /// none of them, as a reused [`Evaluator`] does not.
    static ONE_SHOT_BUFFERS: std::cell::RefCell<State> = std::cell::RefCell::new(State::default());
}

/// A reusable evaluator for one program: keeps its buffers (rule memo,
/// local stack, missing-input lists) from case to case.
#[derive(Debug)]
pub struct Evaluator<'p> {
    program: &'p Program,
    state: State,
}

impl<'p> Evaluator<'p> {
    pub fn new(program: &'p Program) -> Evaluator<'p> {
        Evaluator {
            program,
            state: State::default(),
        }
    }

    pub fn program(&self) -> &'p Program {
        self.program
    }

    /// Forgets the previous case (done by every evaluation anyway).
    pub fn reset(&mut self) {
        self.state.reset(self.program.rules.len());
    }

    pub fn evaluate(
        &mut self,
        params: &ResolvedParams,
        inputs: &[Option<Value>],
        options: &EvalOptions,
    ) -> Result<Evaluation, EvalError> {
        self.evaluate_traced(params, inputs, options, &mut NoTrace)
    }

    /// As [`Evaluator::evaluate`], reporting to `tracer` what the
    /// evaluation does.
    pub fn evaluate_traced<T: Tracer>(
        &mut self,
        params: &ResolvedParams,
        inputs: &[Option<Value>],
        options: &EvalOptions,
        tracer: &mut T,
    ) -> Result<Evaluation, EvalError> {
        let program = self.program;
        let date = peildatum(program, inputs)?;
        if params.peildatum() != date {
            return Err(EvalError::new(
                EvalErrorKind::Input,
                format!(
                    "de parameters zijn opgezocht voor {}, maar de peildatum van de casus is {}",
                    params.peildatum(),
                    date
                ),
            ));
        }
        check_overrides(program, &options.overrides)?;
        self.reset();
        self.run(tracer, params, inputs, options, date)
    }

    fn run<T: Tracer>(
        &mut self,
        tracer: &mut T,
        params: &ResolvedParams,
        inputs: &[Option<Value>],
        options: &EvalOptions,
        peildatum: NaiveDate,
    ) -> Result<Evaluation, EvalError> {
        let program = self.program;
        let mut run = Run {
            program,
            params,
            inputs,
            overrides: &options.overrides,
            originals: vec![None; options.overrides.len()],
            state: &mut self.state,
            tracer,
            base: 0,
            seg: 0,
            ctx: Ctx {
                what: "uitkomst",
                name: "",
                origin: None,
            },
            depth: 0,
            steps: crate::limits::MAX_STEPS,
            how: How::Undecided,
        };
        let mut outputs = Vec::with_capacity(program.outputs.len());
        for &id in &program.outputs {
            match run.rule(id) {
                Ok(v) => {
                    check_output(program, id, &v)?;
                    outputs.push(OutputValue::Decided(v));
                }
                Err(Stop::Missing) => {
                    let needed = match run.state.memo.get(id as usize) {
                        Some(&Memo::Missing { start, len }) => run
                            .state
                            .arena
                            .get(start as usize..(start + len) as usize)
                            .map(<[InputId]>::to_vec)
                            .unwrap_or_default(),
                        _ => Vec::new(),
                    };
                    outputs.push(OutputValue::Undecided(needed));
                }
                Err(Stop::Error(e)) => return Err(*e),
            }
        }
        // Overrides of rules no output read: evaluate them now, so that the
        // result shows every override with its original value.
        for (k, o) in options.overrides.iter().enumerate() {
            if run.originals.get(k).is_some_and(Option::is_none) {
                let mark = run.mark();
                if run.rule(o.rule).is_err() {
                    run.forget_missing(mark);
                }
            }
        }
        let missing = run.state.missing.clone();
        let steps = crate::limits::MAX_STEPS - run.steps;
        let overrides = options
            .overrides
            .iter()
            .zip(run.originals)
            .map(|(o, original)| AppliedOverride {
                rule: o.rule,
                value: o.value.clone(),
                original: original.flatten(),
                reason: o.reason.clone(),
                by: o.by.clone(),
            })
            .collect();
        Ok(Evaluation {
            peildatum,
            outputs,
            missing,
            overrides,
            steps,
        })
    }

    /// Evaluates a closed expression (no inputs, no rules), with `locals`
    /// as its frame: for `eis` constraints over parameters and table rows.
    pub fn evaluate_node(
        &mut self,
        params: &ResolvedParams,
        node: &Node,
        locals: &[Value],
    ) -> Result<Value, EvalError> {
        self.reset();
        self.state.stack.extend_from_slice(locals);
        let mut run = Run {
            program: self.program,
            params,
            inputs: &[],
            overrides: &[],
            originals: Vec::new(),
            state: &mut self.state,
            tracer: &mut NoTrace,
            base: 0,
            seg: 0,
            ctx: Ctx {
                what: "eis",
                name: "",
                origin: None,
            },
            depth: 0,
            steps: crate::limits::MAX_STEPS,
            how: How::Undecided,
        };
        match run.eval(node) {
            Ok(v) => Ok(v),
            Err(Stop::Error(e)) => Err(*e),
            Err(Stop::Missing) => Err(EvalError::new(
                EvalErrorKind::Internal,
                "deze uitdrukking hangt af van invoer en kan niet vooraf worden berekend",
            )),
        }
    }
}

/// The case's peildatum (always known).
fn peildatum(program: &Program, inputs: &[Option<Value>]) -> Result<NaiveDate, EvalError> {
    if inputs.len() != program.inputs.len() {
        return Err(EvalError::new(
            EvalErrorKind::Input,
            format!(
                "de casus heeft {} invoerwaarden, maar de regeling kent {} invoer",
                inputs.len(),
                program.inputs.len()
            ),
        ));
    }
    match inputs.get(program.peildatum as usize) {
        Some(Some(Value::Date(d))) => Ok(*d),
        _ => Err(EvalError::new(
            EvalErrorKind::Input,
            "de peildatum ontbreekt of is geen datum",
        )),
    }
}

/// Overrides only for `afwijkbaar` rules, within their range, each once, each with a reason.
fn check_overrides(program: &Program, overrides: &[Override]) -> Result<(), EvalError> {
    for (i, o) in overrides.iter().enumerate() {
        let Some(rule) = program.rules.get(o.rule as usize) else {
            return Err(EvalError::new(
                EvalErrorKind::Override,
                format!("afwijken: onbekende regel {}", o.rule),
            ));
        };
        let fail = |message: String| {
            Err(EvalError::new(EvalErrorKind::Override, message).at(&rule.origin))
        };
        if !rule.overridable {
            return fail(format!("regel `{}` mag niet worden afgeweken", rule.name));
        }
        let out_of_range = rule
            .override_range
            .and_then(|r| crate::case::out_of_range(&program.types, &rule.ty, &r, &o.value));
        if let Some(why) = out_of_range {
            return fail(format!(
                "afwijken van regel `{}` is niet toegestaan: {why}",
                rule.name
            ));
        }
        if o.reason.trim().is_empty() {
            return fail(format!(
                "afwijken van regel `{}` vraagt een reden; die ontbreekt",
                rule.name
            ));
        }
        if overrides[..i].iter().any(|p| p.rule == o.rule) {
            return fail(format!(
                "regel `{}` wordt meer dan eens afgeweken",
                rule.name
            ));
        }
    }
    Ok(())
}

/// A money output must not have sub-cent precision: the rule must round.
fn check_output(program: &Program, id: RuleId, v: &Value) -> Result<(), EvalError> {
    let Some(rule) = program.rules.get(id as usize) else {
        return Ok(());
    };
    if check_money_precision(&program.types, &rule.ty, v) {
        return Ok(());
    }
    Err(EvalError::new(
        EvalErrorKind::Precision,
        format!(
            "uitkomst `{}` heeft meer dan twee decimalen ({}); de regel moet afronden",
            rule.name,
            crate::case::format_value(&program.types, &rule.ty, v)
        ),
    )
    .at(&rule.origin))
}
