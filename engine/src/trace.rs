//! The derivation of an evaluation: for every rule that was evaluated, its
//! value, how it was decided (base definition, exception, ladder step,
//! override) and what it used, in order of use: inputs, parameters (with
//! the dated entry), other rules (by id: each rule's derivation appears
//! once), table lookups (with the matching rows) and function calls.
//!
//! Serialised as JSON for the browser's collapsible tree, with values in
//! the case encoding ([`crate::case::encode`]) and Dutch keys:
//!
//! ```json
//! { "uitkomsten": [3],
//!   "regels": [ { "regel": 3, "naam": "…", "waarde": "21.00", "bron": "art. 3.8 …",
//!                 "laag": "landelijk.wmo", "beslist": { "soort": "uitzondering", "keten": [ … ] },
//!                 "gebruikt": [ { "soort": "invoer", "invoer": 1, "naam": "…", "waarde": … },
//!                               { "soort": "regel", "regel": 2, "naam": "…" } ] } ] }
//! ```
//!
//! `regels` lists rules in the order their evaluation finished, so every
//! rule comes after the rules it uses.
//!
//! The [`Recorder`] implements the evaluator's hooks ([`Tracer`]); the
//! evaluator does not know this module ([`evaluate`] brings the two
//! together).

use crate::case::encode;
use crate::eval::{self, EvalError, EvalOptions, Evaluation, How, Override, Tracer};
use crate::explain::over_sentence;
use crate::ir::{
    DatedValue, ExceptionDef, FnId, InputId, Origin, Over, ParamId, Program, RuleId, TableId,
};
use crate::value::Value;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value as Json;

/// Evaluates one case as [`eval::evaluate`] does and records its
/// derivation.
pub fn evaluate(
    program: &Program,
    inputs: &[Option<Value>],
    options: &EvalOptions,
) -> Result<(Evaluation, Trace), EvalError> {
    let mut recorder = Recorder::new(program, &options.overrides);
    let evaluation = eval::evaluate_traced(program, inputs, options, &mut recorder)?;
    Ok((evaluation, recorder.finish()))
}

#[derive(Debug, Clone, Serialize)]
pub struct Trace {
    /// The output rules, in contract order.
    #[serde(rename = "uitkomsten")]
    pub outcomes: Vec<RuleId>,
    /// Every evaluated rule, dependencies before dependents.
    #[serde(rename = "regels")]
    pub rules: Vec<RuleTrace>,
    /// Per rule id: index in `regels`.
    #[serde(skip)]
    index: Vec<Option<usize>>,
}

impl Trace {
    /// The derivation of rule `id`, when it was evaluated.
    pub fn rule(&self, id: RuleId) -> Option<&RuleTrace> {
        let i = (*self.index.get(id as usize)?)?;
        self.rules.get(i)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RuleTrace {
    #[serde(rename = "regel")]
    pub rule: RuleId,
    #[serde(rename = "naam")]
    pub name: String,
    /// `None` when undecided.
    #[serde(skip)]
    pub value: Option<Value>,
    #[serde(rename = "waarde")]
    pub value_json: Json,
    #[serde(rename = "beslist")]
    pub decision: Decision,
    /// Citation of the rule's definition.
    #[serde(rename = "bron")]
    pub source: String,
    /// The regeling (layer) that defines the rule.
    #[serde(rename = "laag")]
    pub layer: String,
    #[serde(rename = "gebruikt")]
    pub used: Vec<Dep>,
}

/// How a rule was decided.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "soort")]
pub enum Decision {
    #[serde(rename = "basis")]
    Base,
    /// The chain from the top-level exception to the one that decided.
    #[serde(rename = "uitzondering")]
    Exception {
        #[serde(rename = "keten")]
        chain: Vec<ExceptionRef>,
    },
    #[serde(rename = "stap")]
    LadderStep {
        /// 0-based position of the step in the ladder.
        #[serde(rename = "stap")]
        step: usize,
        #[serde(rename = "naam")]
        name: String,
        #[serde(rename = "motivering")]
        motivation: Option<String>,
        #[serde(rename = "bron")]
        source: String,
        #[serde(rename = "laag")]
        layer: String,
        #[serde(skip)]
        origin: Origin,
    },
    #[serde(rename = "anders")]
    Otherwise {
        #[serde(rename = "naam")]
        name: String,
        #[serde(rename = "motivering")]
        motivation: Option<String>,
        #[serde(rename = "bron")]
        source: String,
        #[serde(rename = "laag")]
        layer: String,
        #[serde(skip)]
        origin: Origin,
    },
    #[serde(rename = "afwijking")]
    Override {
        #[serde(rename = "reden")]
        reason: String,
        #[serde(rename = "door")]
        by: Option<String>,
        /// The computed value (null when it could not be computed).
        #[serde(rename = "oorspronkelijk")]
        original_json: Json,
        #[serde(skip)]
        original: Option<Value>,
    },
    #[serde(rename = "onbeslist")]
    Undecided,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExceptionRef {
    pub label: String,
    #[serde(rename = "bron")]
    pub source: String,
    #[serde(rename = "laag")]
    pub layer: String,
    #[serde(skip)]
    pub origin: Origin,
}

/// Something a rule (or function) used.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "soort")]
pub enum Dep {
    #[serde(rename = "invoer")]
    Input {
        #[serde(rename = "invoer")]
        input: InputId,
        #[serde(rename = "naam")]
        name: String,
        #[serde(rename = "waarde")]
        value_json: Json,
        #[serde(skip)]
        value: Value,
    },
    #[serde(rename = "parameter")]
    Param {
        parameter: ParamId,
        #[serde(rename = "naam")]
        name: String,
        #[serde(rename = "waarde")]
        value_json: Json,
        /// `None` for a constant (valid always).
        #[serde(rename = "vanaf")]
        valid_from: Option<NaiveDate>,
        #[serde(rename = "tot_en_met")]
        through: Option<NaiveDate>,
        #[serde(rename = "bron")]
        source: String,
        #[serde(skip)]
        value: Value,
    },
    #[serde(rename = "regel")]
    Rule {
        #[serde(rename = "regel")]
        rule: RuleId,
        #[serde(rename = "naam")]
        name: String,
    },
    #[serde(rename = "tabel")]
    Table {
        #[serde(rename = "tabel")]
        table: TableId,
        #[serde(rename = "naam")]
        name: String,
        #[serde(rename = "argumenten")]
        args_json: Vec<Json>,
        /// Numbers (1-based, as in the rule file) of the matching rows.
        #[serde(rename = "rijen")]
        rows: Vec<u32>,
        #[serde(rename = "waarde")]
        value_json: Json,
        #[serde(skip)]
        args: Vec<Value>,
        #[serde(skip)]
        value: Value,
    },
    #[serde(rename = "functie")]
    Call {
        #[serde(rename = "functie")]
        function: FnId,
        #[serde(rename = "naam")]
        name: String,
        #[serde(rename = "argumenten")]
        args_json: Vec<Json>,
        #[serde(rename = "waarde")]
        value_json: Json,
        #[serde(rename = "gebruikt")]
        used: Vec<Dep>,
        #[serde(skip)]
        args: Vec<Value>,
        #[serde(skip)]
        value: Option<Value>,
    },
    /// `x over 12 maanden` or `x verdeeld over 12 maanden`, with its
    /// values in words (as the explanation says it).
    #[serde(rename = "over")]
    Over {
        #[serde(rename = "tekst")]
        text: String,
    },
}

/// The recording [`Tracer`].
pub struct Recorder<'p> {
    program: &'p Program,
    overrides: &'p [Override],
    /// Open frames (rules and calls being evaluated); the first is the root.
    frames: Vec<Vec<Dep>>,
    rules: Vec<RuleTrace>,
    index: Vec<Option<usize>>,
}

impl<'p> Recorder<'p> {
    pub fn new(program: &'p Program, overrides: &'p [Override]) -> Recorder<'p> {
        Recorder {
            program,
            overrides,
            frames: vec![Vec::new()],
            rules: Vec::new(),
            index: vec![None; program.rules.len()],
        }
    }

    pub fn finish(self) -> Trace {
        Trace {
            outcomes: self.program.outputs.clone(),
            rules: self.rules,
            index: self.index,
        }
    }

    /// Whether the current frame already lists a dependency like this one
    /// (an input or parameter is shown once per derivation step).
    fn recorded_here(&self, same: impl Fn(&Dep) -> bool) -> bool {
        self.frames.last().is_some_and(|f| f.iter().any(same))
    }

    fn push(&mut self, dep: Dep) {
        if let Some(frame) = self.frames.last_mut() {
            if !frame.iter().any(|d| same(d, &dep)) {
                frame.push(dep);
            }
        }
    }

    fn decision(&self, rule: RuleId, how: How<'_>) -> Decision {
        match how {
            How::Base => Decision::Base,
            How::Exception(exc) => {
                let chain = self
                    .program
                    .rules
                    .get(rule as usize)
                    .and_then(|r| chain(&r.exceptions, exc))
                    .unwrap_or_else(|| vec![exc]);
                Decision::Exception {
                    chain: chain
                        .into_iter()
                        .map(|e| ExceptionRef {
                            label: e.label.clone(),
                            source: e.origin.citation(),
                            layer: e.origin.regeling.to_string(),
                            origin: e.origin.clone(),
                        })
                        .collect(),
                }
            }
            How::Step {
                index,
                step,
                motivation,
            } => Decision::LadderStep {
                step: index,
                name: step.name.clone(),
                motivation,
                source: step.origin.citation(),
                layer: step.origin.regeling.to_string(),
                origin: step.origin.clone(),
            },
            How::Otherwise { step, motivation } => Decision::Otherwise {
                name: step.name.clone(),
                motivation,
                source: step.origin.citation(),
                layer: step.origin.regeling.to_string(),
                origin: step.origin.clone(),
            },
            How::Override { index, original } => {
                let o = self.overrides.get(index);
                let ty = self.program.rules.get(rule as usize).map(|r| &r.ty);
                Decision::Override {
                    reason: o.map(|o| o.reason.clone()).unwrap_or_default(),
                    by: o.and_then(|o| o.by.clone()),
                    original_json: match (ty, &original) {
                        (Some(ty), Some(v)) => encode(&self.program.types, ty, v),
                        _ => Json::Null,
                    },
                    original,
                }
            }
            How::Undecided => Decision::Undecided,
        }
    }
}

/// The path from a top-level exception down to `target`.
fn chain<'a>(list: &'a [ExceptionDef], target: &ExceptionDef) -> Option<Vec<&'a ExceptionDef>> {
    for e in list {
        if std::ptr::eq(e, target) {
            return Some(vec![e]);
        }
        if let Some(mut rest) = chain(&e.children, target) {
            rest.insert(0, e);
            return Some(rest);
        }
    }
    None
}

/// Whether two dependencies record the same use (kept once per frame).
fn same(a: &Dep, b: &Dep) -> bool {
    match (a, b) {
        (Dep::Input { input: x, .. }, Dep::Input { input: y, .. }) => x == y,
        (Dep::Param { parameter: x, .. }, Dep::Param { parameter: y, .. }) => x == y,
        (Dep::Rule { rule: x, .. }, Dep::Rule { rule: y, .. }) => x == y,
        (
            Dep::Table {
                table: t1,
                args: a1,
                ..
            },
            Dep::Table {
                table: t2,
                args: a2,
                ..
            },
        ) => t1 == t2 && a1 == a2,
        (
            Dep::Call {
                function: f1,
                args: a1,
                ..
            },
            Dep::Call {
                function: f2,
                args: a2,
                ..
            },
        ) => f1 == f2 && a1 == a2,
        (Dep::Over { text: x }, Dep::Over { text: y }) => x == y,
        _ => false,
    }
}

impl Tracer for Recorder<'_> {
    const ENABLED: bool = true;

    fn rule_start(&mut self, _rule: RuleId) {
        self.frames.push(Vec::new());
    }

    fn rule_end(&mut self, rule: RuleId, value: Option<&Value>, how: How<'_>) {
        let deps = if self.frames.len() > 1 {
            self.frames.pop().unwrap_or_default()
        } else {
            Vec::new()
        };
        let Some(def) = self.program.rules.get(rule as usize) else {
            return;
        };
        let decision = self.decision(rule, how);
        let trace = RuleTrace {
            rule,
            name: def.name.clone(),
            value: value.cloned(),
            value_json: value.map_or(Json::Null, |v| encode(&self.program.types, &def.ty, v)),
            decision,
            source: def.origin.citation(),
            layer: def.origin.regeling.to_string(),
            used: deps,
        };
        if let Some(slot) = self.index.get_mut(rule as usize) {
            *slot = Some(self.rules.len());
        }
        self.rules.push(trace);
    }

    fn rule_read(&mut self, rule: RuleId) {
        if self.frames.len() <= 1 {
            return;
        }
        let name = self
            .program
            .rules
            .get(rule as usize)
            .map(|r| r.name.clone())
            .unwrap_or_default();
        self.push(Dep::Rule { rule, name });
    }

    fn input(&mut self, input: InputId, value: &Value) {
        if self.recorded_here(|d| matches!(d, Dep::Input { input: seen, .. } if *seen == input)) {
            return;
        }
        let Some(def) = self.program.inputs.get(input as usize) else {
            return;
        };
        self.push(Dep::Input {
            input,
            name: def.name.clone(),
            value_json: encode(&self.program.types, &def.ty, value),
            value: value.clone(),
        });
    }

    fn param(&mut self, param: ParamId, value: &Value, entry: &DatedValue) {
        if self.recorded_here(|d| matches!(d, Dep::Param { parameter, .. } if *parameter == param))
        {
            return;
        }
        let Some(def) = self.program.params.get(param as usize) else {
            return;
        };
        self.push(Dep::Param {
            parameter: param,
            name: def.name.clone(),
            value_json: encode(&self.program.types, &def.ty, value),
            valid_from: (entry.from != NaiveDate::MIN).then_some(entry.from),
            through: entry.through,
            source: def.origin.citation(),
            value: value.clone(),
        });
    }

    fn table(&mut self, table: TableId, args: &[Value], rows: &[u32], result: &Value) {
        let Some(def) = self.program.tables.get(table as usize) else {
            return;
        };
        let types = &self.program.types;
        self.push(Dep::Table {
            table,
            name: def.name.clone(),
            args_json: def
                .inputs
                .iter()
                .zip(args)
                .map(|((_, ty), v)| encode(types, ty, v))
                .collect(),
            rows: rows.to_vec(),
            value_json: encode(types, &def.result_type, result),
            args: args.to_vec(),
            value: result.clone(),
        });
    }

    fn call_start(&mut self, _function: FnId) {
        self.frames.push(Vec::new());
    }

    fn call_end(&mut self, function: FnId, args: &[Value], result: Option<&Value>) {
        let deps = if self.frames.len() > 1 {
            self.frames.pop().unwrap_or_default()
        } else {
            Vec::new()
        };
        let Some(def) = self.program.functions.get(function as usize) else {
            return;
        };
        let types = &self.program.types;
        self.push(Dep::Call {
            function,
            name: def.name.clone(),
            args_json: def
                .params
                .iter()
                .zip(args)
                .map(|((_, ty), v)| encode(types, ty, v))
                .collect(),
            value_json: result.map_or(Json::Null, |v| encode(types, &def.ret, v)),
            used: deps,
            args: args.to_vec(),
            value: result.cloned(),
        });
    }

    fn over(&mut self, how: &Over, amount: Decimal, count: Decimal, result: Decimal) {
        self.push(Dep::Over {
            text: over_sentence(how, amount, count, result),
        });
    }
}
