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
use crate::ir::{
    DatedValue, ExceptionDef, FnId, InputId, Origin, ParamId, Program, RuleId, TableId,
};
use crate::value::Value;
use chrono::NaiveDate;
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
    pub uitkomsten: Vec<RuleId>,
    /// Every evaluated rule, dependencies before dependents.
    pub regels: Vec<RuleTrace>,
    /// Per rule id: index in `regels`.
    #[serde(skip)]
    index: Vec<Option<usize>>,
}

impl Trace {
    /// The derivation of rule `id`, when it was evaluated.
    pub fn rule(&self, id: RuleId) -> Option<&RuleTrace> {
        let i = (*self.index.get(id as usize)?)?;
        self.regels.get(i)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RuleTrace {
    pub regel: RuleId,
    pub naam: String,
    /// `None` when undecided.
    #[serde(skip)]
    pub value: Option<Value>,
    pub waarde: Json,
    pub beslist: Decision,
    /// Citation of the rule's definition.
    pub bron: String,
    /// The regeling (layer) that defines the rule.
    pub laag: String,
    pub gebruikt: Vec<Dep>,
}

/// How a rule was decided.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "soort")]
pub enum Decision {
    #[serde(rename = "basis")]
    Base,
    /// The chain from the top-level exception to the one that decided.
    #[serde(rename = "uitzondering")]
    Exception { keten: Vec<ExceptionRef> },
    #[serde(rename = "stap")]
    LadderStep {
        /// 0-based position of the step in the ladder.
        stap: usize,
        naam: String,
        motivering: Option<String>,
        bron: String,
        laag: String,
        #[serde(skip)]
        origin: Origin,
    },
    #[serde(rename = "anders")]
    Otherwise {
        naam: String,
        motivering: Option<String>,
        bron: String,
        laag: String,
        #[serde(skip)]
        origin: Origin,
    },
    #[serde(rename = "afwijking")]
    Override {
        reden: String,
        door: Option<String>,
        /// The computed value (null when it could not be computed).
        oorspronkelijk: Json,
        #[serde(skip)]
        original: Option<Value>,
    },
    #[serde(rename = "onbeslist")]
    Undecided,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExceptionRef {
    pub label: String,
    pub bron: String,
    pub laag: String,
    #[serde(skip)]
    pub origin: Origin,
}

/// Something a rule (or function) used.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "soort")]
pub enum Dep {
    #[serde(rename = "invoer")]
    Input {
        invoer: InputId,
        naam: String,
        waarde: Json,
        #[serde(skip)]
        value: Value,
    },
    #[serde(rename = "parameter")]
    Param {
        parameter: ParamId,
        naam: String,
        waarde: Json,
        /// `None` for a constant (valid always).
        vanaf: Option<NaiveDate>,
        tot_en_met: Option<NaiveDate>,
        bron: String,
        #[serde(skip)]
        value: Value,
    },
    #[serde(rename = "regel")]
    Rule { regel: RuleId, naam: String },
    #[serde(rename = "tabel")]
    Table {
        tabel: TableId,
        naam: String,
        argumenten: Vec<Json>,
        /// Numbers (1-based, as in the rule file) of the matching rows.
        rijen: Vec<u32>,
        waarde: Json,
        #[serde(skip)]
        args: Vec<Value>,
        #[serde(skip)]
        value: Value,
    },
    #[serde(rename = "functie")]
    Call {
        functie: FnId,
        naam: String,
        argumenten: Vec<Json>,
        waarde: Json,
        gebruikt: Vec<Dep>,
        #[serde(skip)]
        args: Vec<Value>,
        #[serde(skip)]
        value: Option<Value>,
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
            uitkomsten: self.program.outputs.clone(),
            regels: self.rules,
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
                    keten: chain
                        .into_iter()
                        .map(|e| ExceptionRef {
                            label: e.label.clone(),
                            bron: e.origin.citation(),
                            laag: e.origin.regeling.to_string(),
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
                stap: index,
                naam: step.name.clone(),
                motivering: motivation,
                bron: step.origin.citation(),
                laag: step.origin.regeling.to_string(),
                origin: step.origin.clone(),
            },
            How::Otherwise { step, motivation } => Decision::Otherwise {
                naam: step.name.clone(),
                motivering: motivation,
                bron: step.origin.citation(),
                laag: step.origin.regeling.to_string(),
                origin: step.origin.clone(),
            },
            How::Override { index, original } => {
                let o = self.overrides.get(index);
                let ty = self.program.rules.get(rule as usize).map(|r| &r.ty);
                Decision::Override {
                    reden: o.map(|o| o.reason.clone()).unwrap_or_default(),
                    door: o.and_then(|o| o.by.clone()),
                    oorspronkelijk: match (ty, &original) {
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
        (Dep::Input { invoer: x, .. }, Dep::Input { invoer: y, .. }) => x == y,
        (Dep::Param { parameter: x, .. }, Dep::Param { parameter: y, .. }) => x == y,
        (Dep::Rule { regel: x, .. }, Dep::Rule { regel: y, .. }) => x == y,
        (
            Dep::Table {
                tabel: t1,
                args: a1,
                ..
            },
            Dep::Table {
                tabel: t2,
                args: a2,
                ..
            },
        ) => t1 == t2 && a1 == a2,
        (
            Dep::Call {
                functie: f1,
                args: a1,
                ..
            },
            Dep::Call {
                functie: f2,
                args: a2,
                ..
            },
        ) => f1 == f2 && a1 == a2,
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
        let beslist = self.decision(rule, how);
        let trace = RuleTrace {
            regel: rule,
            naam: def.name.clone(),
            value: value.cloned(),
            waarde: value.map_or(Json::Null, |v| encode(&self.program.types, &def.ty, v)),
            beslist,
            bron: def.origin.citation(),
            laag: def.origin.regeling.to_string(),
            gebruikt: deps,
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
        let naam = self
            .program
            .rules
            .get(rule as usize)
            .map(|r| r.name.clone())
            .unwrap_or_default();
        self.push(Dep::Rule { regel: rule, naam });
    }

    fn input(&mut self, input: InputId, value: &Value) {
        if self.recorded_here(|d| matches!(d, Dep::Input { invoer, .. } if *invoer == input)) {
            return;
        }
        let Some(def) = self.program.inputs.get(input as usize) else {
            return;
        };
        self.push(Dep::Input {
            invoer: input,
            naam: def.name.clone(),
            waarde: encode(&self.program.types, &def.ty, value),
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
            naam: def.name.clone(),
            waarde: encode(&self.program.types, &def.ty, value),
            vanaf: (entry.from != NaiveDate::MIN).then_some(entry.from),
            tot_en_met: entry.through,
            bron: def.origin.citation(),
            value: value.clone(),
        });
    }

    fn table(&mut self, table: TableId, args: &[Value], rows: &[u32], result: &Value) {
        let Some(def) = self.program.tables.get(table as usize) else {
            return;
        };
        let types = &self.program.types;
        self.push(Dep::Table {
            tabel: table,
            naam: def.name.clone(),
            argumenten: def
                .inputs
                .iter()
                .zip(args)
                .map(|((_, ty), v)| encode(types, ty, v))
                .collect(),
            rijen: rows.to_vec(),
            waarde: encode(types, &def.result_type, result),
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
            functie: function,
            naam: def.name.clone(),
            argumenten: def
                .params
                .iter()
                .zip(args)
                .map(|((_, ty), v)| encode(types, ty, v))
                .collect(),
            waarde: result.map_or(Json::Null, |v| encode(types, &def.ret, v)),
            gebruikt: deps,
            args: args.to_vec(),
            value: result.cloned(),
        });
    }
}
