//! The derivation of an evaluation: for every rule that was evaluated, its
//! value, how it was decided (base definition, exception, ladder step,
//! override) and what it used, in order of use: inputs, parameters (with
//! the dated entry), other rules (by id: each rule's derivation appears
//! once), table lookups (with the matching rows) and function calls.
//!
//! Recording is on the hot path of every explanation, so the trace holds
//! only what the evaluation decided: ids into the program, the engine's own
//! values and spans into flat arenas (no names, citations or JSON copied
//! per node, no allocation per node). Names, sources and the case encoding
//! of values are looked up in the program when the trace is rendered
//! ([`crate::explain`], [`Trace::json`]).
//!
//! Serialised as JSON for the browser's collapsible tree ([`TraceJson`]),
//! with values in the case encoding ([`crate::case::encode`]) and Dutch
//! keys:
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

use crate::case::Encoded;
use crate::eval::{self, EvalError, EvalOptions, Evaluation, How, Override, Tracer};
use crate::explain::over_sentence;
use crate::ir::{
    Definition, ExceptionDef, FnId, InputId, Origin, Over, ParamId, Program, RuleDef, RuleId,
    StepDef, TableId,
};
use crate::types::Type;
use crate::value::Value;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::cell::RefCell;
use std::ops::Range;

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

/// What one rule or call used: a list threaded through the trace's
/// dependency arena. Uses of nested rules and calls are recorded between
/// those of the rule or call that asked for them, so a list is linked
/// rather than a stretch: recording never moves a dependency.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Uses {
    first: u32,
    last: u32,
    len: u32,
}

impl Uses {
    pub fn is_empty(self) -> bool {
        self.len == 0
    }
}

/// A dependency in the arena, with the next one of its list.
#[derive(Debug, Clone)]
struct Link {
    dep: Dep,
    next: u32,
    /// For an input, parameter or rule: its `Recorder::seen` entry before
    /// this frame recorded it (put back when the frame closes).
    saved: u32,
}

/// The dependencies of one [`Uses`] list, in order.
#[derive(Clone)]
pub struct DepIter<'a> {
    links: &'a [Link],
    next: u32,
    left: u32,
}

impl<'a> Iterator for DepIter<'a> {
    type Item = &'a Dep;

    fn next(&mut self) -> Option<&'a Dep> {
        if self.left == 0 {
            return None;
        }
        let link = self.links.get(self.next as usize)?;
        self.left -= 1;
        self.next = link.next;
        Some(&link.dep)
    }
}

/// A stretch of one of the trace's arenas.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Span {
    start: u32,
    len: u32,
}

impl Span {
    /// The elements pushed onto `arena` since it was `start` long.
    fn since<T>(arena: &[T], start: usize) -> Span {
        Span {
            start: start as u32,
            len: (arena.len() - start) as u32,
        }
    }

    fn range(self) -> Range<usize> {
        self.start as usize..self.start as usize + self.len as usize
    }

    pub fn is_empty(self) -> bool {
        self.len == 0
    }
}

/// The recorded derivation. Read it through [`Trace::rule`],
/// [`Trace::used`], [`Trace::deps`], [`Trace::values`] and [`Trace::rows`].
#[derive(Debug, Clone, Default)]
pub struct Trace {
    /// Every evaluated rule, dependencies before dependents.
    pub rules: Vec<RuleTrace>,
    /// What rules and calls used, in the order it was recorded; each rule
    /// and call holds a [`Uses`] list threaded through it.
    deps: Vec<Link>,
    /// Arguments of table lookups and calls.
    values: Vec<Value>,
    /// First, per rule id, the rule's index in `rules` (`NONE` when not
    /// evaluated); after those, matching table rows and exception paths
    /// (one allocation for both).
    numbers: Vec<u32>,
    /// How many rule ids the start of `numbers` indexes.
    rule_ids: usize,
}

const NONE: u32 = u32::MAX;

impl Trace {
    /// The derivation of rule `id`, when it was evaluated.
    pub fn rule(&self, id: RuleId) -> Option<&RuleTrace> {
        let i = *self.numbers.get(..self.rule_ids)?.get(id as usize)?;
        self.rules.get(i as usize)
    }

    /// What rule `rt` used, in order of use.
    pub fn used(&self, rt: &RuleTrace) -> DepIter<'_> {
        self.deps(rt.used)
    }

    /// The dependencies of `list` (a rule's or call's `used`), in order of
    /// use.
    pub fn deps(&self, list: Uses) -> DepIter<'_> {
        DepIter {
            links: &self.deps,
            next: list.first,
            left: list.len,
        }
    }

    /// The values in `span` (arguments of a lookup or call).
    pub fn values(&self, span: Span) -> &[Value] {
        self.values.get(span.range()).unwrap_or_default()
    }

    /// The row numbers in `span` (1-based, as in the rule file).
    pub fn rows(&self, span: Span) -> &[u32] {
        self.numbers.get(span.range()).unwrap_or_default()
    }

    /// The exceptions of `rule` from the top-level one down to the one that
    /// decided (`path` of [`Decision::Exception`]).
    pub fn exception_chain<'p>(&self, rule: &'p RuleDef, path: Span) -> Vec<&'p ExceptionDef> {
        let mut chain = Vec::with_capacity(path.len as usize);
        let mut list = rule.exceptions.as_slice();
        for &k in self.rows(path) {
            let Some(e) = list.get(k as usize) else {
                break;
            };
            chain.push(e);
            list = &e.children;
        }
        chain
    }

    /// The trace as JSON, names and sources looked up in `program` (the
    /// program that was evaluated).
    pub fn json<'a>(&'a self, program: &'a Program) -> TraceJson<'a> {
        TraceJson {
            program,
            trace: self,
        }
    }
}

#[derive(Debug, Clone)]
pub struct RuleTrace {
    pub rule: RuleId,
    /// `None` when undecided.
    pub value: Option<Value>,
    pub decision: Decision,
    /// What the rule used ([`Trace::used`]).
    pub used: Uses,
}

impl RuleTrace {
    /// The rule's name.
    pub fn name<'p>(&self, program: &'p Program) -> &'p str {
        rule_name(program, self.rule)
    }
}

/// How a rule was decided.
#[derive(Debug, Clone)]
pub enum Decision {
    Base,
    /// The exception that decided, as the path of indices from the rule's
    /// top-level exceptions down ([`Trace::exception_chain`]).
    Exception {
        path: Span,
    },
    LadderStep {
        /// 0-based position of the step in the ladder ([`Decision::step`]).
        step: usize,
        motivation: Option<String>,
    },
    /// The ladder's `anders` ([`Decision::step`]).
    Otherwise {
        motivation: Option<String>,
    },
    Override {
        reason: String,
        by: Option<String>,
        /// The computed value (`None` when it could not be computed).
        original: Option<Value>,
    },
    Undecided,
}

impl Decision {
    /// The ladder step of `rule` that decided, for a step or `anders`.
    pub fn step<'p>(&self, rule: &'p RuleDef) -> Option<&'p StepDef> {
        let Definition::Ladder(ladder) = &rule.def else {
            return None;
        };
        match self {
            Decision::LadderStep { step, .. } => ladder.steps.get(*step),
            Decision::Otherwise { .. } => Some(&ladder.otherwise),
            _ => None,
        }
    }
}

/// Something a rule (or function) used.
#[derive(Debug, Clone)]
pub enum Dep {
    Input {
        input: InputId,
        value: Value,
    },
    Param {
        parameter: ParamId,
        value: Value,
        /// `None` for a constant (valid always).
        valid_from: Option<NaiveDate>,
        through: Option<NaiveDate>,
    },
    Rule {
        rule: RuleId,
    },
    Table {
        table: TableId,
        /// [`Trace::values`].
        args: Span,
        /// Numbers of the matching rows ([`Trace::rows`]).
        rows: Span,
        value: Value,
    },
    Call {
        function: FnId,
        /// [`Trace::values`].
        args: Span,
        value: Option<Value>,
        /// [`Trace::deps`].
        used: Uses,
    },
    /// `x over 12 maanden` or `x verdeeld over 12 maanden`, in words (as
    /// the explanation says it; rare, so the sentence is made when recorded).
    Over {
        text: String,
    },
}

thread_local! {
    /// Kept per thread from trace to trace: a trace recorded and dropped
    /// on one thread (an explanation, a batch line) reuses the arenas and
    /// stacks of the one before and allocates nothing.
    static SPARE: RefCell<Spare> = RefCell::new(Spare::default());
}

#[derive(Default)]
struct Spare {
    frames: Vec<Frame>,
    seen: Vec<u32>,
    /// The emptied arenas of the last trace dropped on this thread.
    arenas: Option<Arenas>,
}

/// Beyond this many elements an arena is not kept for the next trace (an
/// exceptional case does not hold its memory for good).
const MAX_KEPT: usize = 1 << 12;

#[derive(Default)]
struct Arenas {
    rules: Vec<RuleTrace>,
    deps: Vec<Link>,
    values: Vec<Value>,
    numbers: Vec<u32>,
}

impl Drop for Trace {
    /// Gives the arenas back for the next trace on this thread.
    fn drop(&mut self) {
        let mut arenas = Arenas {
            rules: std::mem::take(&mut self.rules),
            deps: std::mem::take(&mut self.deps),
            values: std::mem::take(&mut self.values),
            numbers: std::mem::take(&mut self.numbers),
        };
        let kept = [
            arenas.rules.capacity(),
            arenas.deps.capacity(),
            arenas.values.capacity(),
            arenas.numbers.capacity(),
        ];
        if kept.iter().all(|&c| c == 0) || kept.iter().any(|&c| c > MAX_KEPT) {
            return;
        }
        arenas.rules.clear();
        arenas.deps.clear();
        arenas.values.clear();
        arenas.numbers.clear();
        // During thread teardown the spare may be gone: then the arenas
        // are simply freed.
        let _ = SPARE.try_with(|s| {
            if let Ok(mut s) = s.try_borrow_mut() {
                s.arenas.get_or_insert(arenas);
            }
        });
    }
}

/// An open frame: a rule or call being evaluated.
#[derive(Clone, Copy)]
struct Frame {
    /// What it used so far.
    uses: Uses,
    /// Its number in this evaluation (see `Recorder::seen`).
    serial: u32,
}

/// The recording [`Tracer`].
pub struct Recorder<'p> {
    program: &'p Program,
    overrides: &'p [Override],
    trace: Trace,
    /// The open frames, innermost last. None open: the root, whose uses
    /// are not recorded.
    frames: Vec<Frame>,
    /// Frames opened so far.
    serial: u32,
    /// Per input, parameter and rule (in that order): the serial of the
    /// innermost open frame that recorded it. An input, parameter or rule
    /// is recorded once per frame; this answers "already here?" without a
    /// search.
    seen: Vec<u32>,
}

impl<'p> Recorder<'p> {
    pub fn new(program: &'p Program, overrides: &'p [Override]) -> Recorder<'p> {
        let spare = SPARE
            .try_with(|s| s.try_borrow_mut().map(|mut s| std::mem::take(&mut *s)))
            .ok()
            .and_then(Result::ok)
            .unwrap_or_default();
        let Arenas {
            rules,
            deps,
            values,
            mut numbers,
        } = spare.arenas.unwrap_or_default();
        let rule_ids = program.rules.len();
        numbers.resize(rule_ids, NONE);
        let mut seen = spare.seen;
        seen.clear();
        seen.resize(program.inputs.len() + program.params.len() + rule_ids, 0);
        Recorder {
            program,
            overrides,
            trace: Trace {
                rules,
                deps,
                values,
                numbers,
                rule_ids,
            },
            frames: spare.frames,
            serial: 0,
            seen,
        }
    }

    pub fn finish(mut self) -> Trace {
        self.frames.clear();
        let frames = std::mem::take(&mut self.frames);
        let seen = std::mem::take(&mut self.seen);
        let _ = SPARE.try_with(|s| {
            if let Ok(mut s) = s.try_borrow_mut() {
                s.frames = frames;
                s.seen = seen;
            }
        });
        self.trace
    }

    /// The uses of the innermost open frame (none at the root).
    fn here(&self) -> DepIter<'_> {
        let list = self.frames.last().map(|f| f.uses).unwrap_or_default();
        self.trace.deps(list)
    }

    fn open_frame(&mut self) {
        self.serial = self.serial.wrapping_add(1);
        self.frames.push(Frame {
            uses: Uses::default(),
            serial: self.serial,
        });
    }

    /// Closes the innermost frame, giving what it used. What it recorded
    /// is marked as before, so that the frame around it still knows what
    /// it recorded itself.
    fn close_frame(&mut self) -> Uses {
        let Some(frame) = self.frames.pop() else {
            return Uses::default();
        };
        let mut next = frame.uses.first;
        for _ in 0..frame.uses.len {
            let Some(link) = self.trace.deps.get(next as usize) else {
                break;
            };
            if let Some(seen) = self.seen_slot(&link.dep).and_then(|s| self.seen.get_mut(s)) {
                *seen = link.saved;
            }
            next = link.next;
        }
        frame.uses
    }

    /// The place of an input, parameter or rule in `seen`.
    fn seen_slot(&self, dep: &Dep) -> Option<usize> {
        let p = self.program;
        match *dep {
            Dep::Input { input, .. } => Some(input as usize),
            Dep::Param { parameter, .. } => Some(p.inputs.len() + parameter as usize),
            Dep::Rule { rule } => Some(p.inputs.len() + p.params.len() + rule as usize),
            Dep::Table { .. } | Dep::Call { .. } | Dep::Over { .. } => None,
        }
    }

    /// Appends `dep` to the innermost open frame.
    fn link(&mut self, dep: Dep, saved: u32) {
        let deps = &mut self.trace.deps;
        let Some(frame) = self.frames.last_mut() else {
            return;
        };
        let uses = &mut frame.uses;
        let i = deps.len() as u32;
        deps.push(Link {
            dep,
            next: NONE,
            saved,
        });
        if uses.len == 0 {
            uses.first = i;
        } else if let Some(last) = deps.get_mut(uses.last as usize) {
            last.next = i;
        }
        uses.last = i;
        uses.len += 1;
    }

    /// Records `dep` (an input, parameter or rule; `slot` its place in
    /// `seen`) in the innermost open frame, once per frame.
    fn push_once(&mut self, slot: usize, dep: impl FnOnce() -> Dep) {
        let Some(frame) = self.frames.last() else {
            return;
        };
        let Some(seen) = self.seen.get_mut(slot) else {
            return;
        };
        if *seen != frame.serial {
            let saved = std::mem::replace(seen, frame.serial);
            self.link(dep(), saved);
        }
    }

    /// Whether `a` is the lookup or call `b` with arguments `b_args`.
    fn same(&self, a: &Dep, b: &Dep, b_args: &[Value]) -> bool {
        match (a, b) {
            (Dep::Table { table: x, args, .. }, Dep::Table { table: y, .. })
            | (
                Dep::Call {
                    function: x, args, ..
                },
                Dep::Call { function: y, .. },
            ) => x == y && self.trace.values(*args) == b_args,
            _ => false,
        }
    }

    /// A lookup or call with arguments `args`, unless the innermost frame
    /// has it already; `make` builds it from the span of its arguments.
    fn push_with_args(&mut self, probe: Dep, args: &[Value], make: impl FnOnce(Span) -> Dep) {
        if self.frames.is_empty() || self.here().any(|d| self.same(d, &probe, args)) {
            return;
        }
        let first = self.trace.values.len();
        self.trace.values.extend_from_slice(args);
        let span = Span::since(&self.trace.values, first);
        self.link(make(span), 0);
    }

    fn decision(&mut self, rule: &RuleDef, how: How<'_>) -> Decision {
        match how {
            How::Base => Decision::Base,
            How::Exception(exc) => {
                let first = self.trace.numbers.len();
                path_to(&rule.exceptions, exc, &mut self.trace.numbers);
                Decision::Exception {
                    path: Span::since(&self.trace.numbers, first),
                }
            }
            How::Step {
                index, motivation, ..
            } => Decision::LadderStep {
                step: index,
                motivation,
            },
            How::Otherwise { motivation, .. } => Decision::Otherwise { motivation },
            How::Override { index, original } => {
                let o = self.overrides.get(index);
                Decision::Override {
                    reason: o.map(|o| o.reason.clone()).unwrap_or_default(),
                    by: o.and_then(|o| o.by.clone()),
                    original,
                }
            }
            How::Undecided => Decision::Undecided,
        }
    }
}

/// Appends to `out` the indices leading from `list` down to `target`;
/// whether it was found.
fn path_to(list: &[ExceptionDef], target: &ExceptionDef, out: &mut Vec<u32>) -> bool {
    for (k, e) in list.iter().enumerate() {
        out.push(k as u32);
        if std::ptr::eq(e, target) || path_to(&e.children, target, out) {
            return true;
        }
        out.pop();
    }
    false
}

impl Tracer for Recorder<'_> {
    const ENABLED: bool = true;

    fn rule_start(&mut self, _rule: RuleId) {
        self.open_frame();
    }

    fn rule_end(&mut self, rule: RuleId, value: Option<&Value>, how: How<'_>) {
        let used = self.close_frame();
        let program = self.program;
        let Some(def) = program.rules.get(rule as usize) else {
            return;
        };
        let decision = self.decision(def, how);
        if let Some(slot) = self
            .trace
            .numbers
            .get_mut(..self.trace.rule_ids)
            .and_then(|i| i.get_mut(rule as usize))
        {
            *slot = self.trace.rules.len() as u32;
        }
        self.trace.rules.push(RuleTrace {
            rule,
            value: value.cloned(),
            decision,
            used,
        });
    }

    fn rule_read(&mut self, rule: RuleId) {
        let p = self.program;
        if (rule as usize) < p.rules.len() {
            let slot = p.inputs.len() + p.params.len() + rule as usize;
            self.push_once(slot, || Dep::Rule { rule });
        }
    }

    fn input(&mut self, input: InputId, value: &Value) {
        if (input as usize) < self.program.inputs.len() {
            self.push_once(input as usize, || Dep::Input {
                input,
                value: value.clone(),
            });
        }
    }

    fn param(&mut self, param: ParamId, value: &Value, entry: &crate::ir::DatedValue) {
        let p = self.program;
        if (param as usize) < p.params.len() {
            self.push_once(p.inputs.len() + param as usize, || Dep::Param {
                parameter: param,
                value: value.clone(),
                valid_from: (entry.from != NaiveDate::MIN).then_some(entry.from),
                through: entry.through,
            });
        }
    }

    fn table(&mut self, table: TableId, args: &[Value], rows: &[u32], result: &Value) {
        if self.program.tables.get(table as usize).is_none() {
            return;
        }
        let probe = Dep::Table {
            table,
            args: Span::default(),
            rows: Span::default(),
            value: Value::Empty,
        };
        let numbers = &mut self.trace.numbers;
        let first = numbers.len();
        numbers.extend_from_slice(rows);
        let rows = Span::since(numbers, first);
        self.push_with_args(probe, args, |args| Dep::Table {
            table,
            args,
            rows,
            value: result.clone(),
        });
    }

    fn call_start(&mut self, _function: FnId) {
        self.open_frame();
    }

    fn call_end(&mut self, function: FnId, args: &[Value], result: Option<&Value>) {
        let used = self.close_frame();
        if self.program.functions.get(function as usize).is_none() {
            return;
        }
        let probe = Dep::Call {
            function,
            args: Span::default(),
            value: None,
            used: Uses::default(),
        };
        self.push_with_args(probe, args, |args| Dep::Call {
            function,
            args,
            value: result.cloned(),
            used,
        });
    }

    fn over(&mut self, how: &Over, amount: Decimal, count: Decimal, result: Decimal) {
        let text = over_sentence(how, amount, count, result);
        let known = self
            .here()
            .any(|d| matches!(d, Dep::Over { text: t } if *t == text));
        if !known {
            self.link(Dep::Over { text }, 0);
        }
    }
}

// ---- JSON: names, sources and encoded values looked up in the program ----

/// The trace as JSON, serialisable (see the module documentation).
#[derive(Clone, Copy)]
pub struct TraceJson<'a> {
    program: &'a Program,
    trace: &'a Trace,
}

impl<'a> TraceJson<'a> {
    /// One dependency as JSON (`{ "soort": …, … }`).
    pub fn dep(self, dep: &'a Dep) -> impl Serialize + 'a {
        DepJson { cx: self, dep }
    }

    fn encoded(self, ty: &'a Type, value: &'a Value) -> Encoded<'a> {
        Encoded {
            types: &self.program.types,
            ty,
            value,
        }
    }

    /// `[ … ]` of the dependencies in `span`.
    fn deps(self, list: Uses) -> DepsJson<'a> {
        DepsJson { cx: self, list }
    }
}

impl Serialize for TraceJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let cx = *self;
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("uitkomsten", &cx.program.outputs)?;
        m.serialize_entry("regels", &RulesJson(cx))?;
        m.end()
    }
}

/// `[ … ]` of the rules' derivations.
struct RulesJson<'a>(TraceJson<'a>);

impl Serialize for RulesJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let cx = self.0;
        s.collect_seq(cx.trace.rules.iter().filter_map(|rt| {
            let def = cx.program.rules.get(rt.rule as usize)?;
            Some(RuleJson { cx, rt, def })
        }))
    }
}

/// `[ … ]` of the dependencies in a span.
struct DepsJson<'a> {
    cx: TraceJson<'a>,
    list: Uses,
}

impl Serialize for DepsJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let cx = self.cx;
        s.collect_seq(cx.trace.deps(self.list).map(|dep| DepJson { cx, dep }))
    }
}

struct RuleJson<'a> {
    cx: TraceJson<'a>,
    rt: &'a RuleTrace,
    def: &'a RuleDef,
}

impl Serialize for RuleJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (cx, rt, def) = (self.cx, self.rt, self.def);
        let mut m = s.serialize_map(Some(7))?;
        m.serialize_entry("regel", &rt.rule)?;
        m.serialize_entry("naam", &def.name)?;
        m.serialize_entry("waarde", &rt.value.as_ref().map(|v| cx.encoded(&def.ty, v)))?;
        m.serialize_entry("beslist", &DecisionJson { cx, rt, def })?;
        m.serialize_entry("bron", &def.origin.citation())?;
        m.serialize_entry("laag", &*def.origin.regeling)?;
        m.serialize_entry("gebruikt", &cx.deps(rt.used))?;
        m.end()
    }
}

struct DecisionJson<'a> {
    cx: TraceJson<'a>,
    rt: &'a RuleTrace,
    def: &'a RuleDef,
}

impl Serialize for DecisionJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (cx, def) = (self.cx, self.def);
        let decision = &self.rt.decision;
        let mut m = s.serialize_map(None)?;
        match decision {
            Decision::Base => m.serialize_entry("soort", "basis")?,
            Decision::Exception { path } => {
                m.serialize_entry("soort", "uitzondering")?;
                let chain = cx.trace.exception_chain(def, *path);
                let refs: Vec<ExceptionJson> = chain.into_iter().map(ExceptionJson).collect();
                m.serialize_entry("keten", &refs)?;
            }
            Decision::LadderStep { step, motivation } => {
                m.serialize_entry("soort", "stap")?;
                m.serialize_entry("stap", step)?;
                step_entries(&mut m, decision.step(def), motivation)?;
            }
            Decision::Otherwise { motivation } => {
                m.serialize_entry("soort", "anders")?;
                step_entries(&mut m, decision.step(def), motivation)?;
            }
            Decision::Override {
                reason,
                by,
                original,
            } => {
                m.serialize_entry("soort", "afwijking")?;
                m.serialize_entry("reden", reason)?;
                m.serialize_entry("door", by)?;
                let original = original.as_ref().map(|v| cx.encoded(&def.ty, v));
                m.serialize_entry("oorspronkelijk", &original)?;
            }
            Decision::Undecided => m.serialize_entry("soort", "onbeslist")?,
        }
        m.end()
    }
}

/// `naam`, `motivering`, `bron`, `laag` of a ladder step.
fn step_entries<M: SerializeMap>(
    m: &mut M,
    step: Option<&StepDef>,
    motivation: &Option<String>,
) -> Result<(), M::Error> {
    let (name, origin) = match step {
        Some(s) => (s.name.as_str(), Some(&s.origin)),
        None => ("", None),
    };
    m.serialize_entry("naam", name)?;
    m.serialize_entry("motivering", motivation)?;
    m.serialize_entry("bron", &origin.map(Origin::citation).unwrap_or_default())?;
    m.serialize_entry("laag", origin.map_or("", |o| &o.regeling))
}

/// `{ "label", "bron", "laag" }` of one exception in a chain.
struct ExceptionJson<'a>(&'a ExceptionDef);

impl Serialize for ExceptionJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = self.0;
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("label", &e.label)?;
        m.serialize_entry("bron", &e.origin.citation())?;
        m.serialize_entry("laag", &*e.origin.regeling)?;
        m.end()
    }
}

struct DepJson<'a> {
    cx: TraceJson<'a>,
    dep: &'a Dep,
}

impl Serialize for DepJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let cx = self.cx;
        let program = cx.program;
        let mut m = s.serialize_map(None)?;
        match self.dep {
            Dep::Input { input, value } => {
                let def = program.inputs.get(*input as usize);
                m.serialize_entry("soort", "invoer")?;
                m.serialize_entry("invoer", input)?;
                m.serialize_entry("naam", def.map_or("", |d| &d.name))?;
                m.serialize_entry("waarde", &def.map(|d| cx.encoded(&d.ty, value)))?;
            }
            Dep::Param {
                parameter,
                value,
                valid_from,
                through,
            } => {
                let def = program.params.get(*parameter as usize);
                m.serialize_entry("soort", "parameter")?;
                m.serialize_entry("parameter", parameter)?;
                m.serialize_entry("naam", def.map_or("", |d| &d.name))?;
                m.serialize_entry("waarde", &def.map(|d| cx.encoded(&d.ty, value)))?;
                m.serialize_entry("vanaf", valid_from)?;
                m.serialize_entry("tot_en_met", through)?;
                let source = def.map(|d| d.origin.citation()).unwrap_or_default();
                m.serialize_entry("bron", &source)?;
                if let Some(by) = def.and_then(|d| d.supplied_by(*valid_from)) {
                    m.serialize_entry("aangevuld_door", &*by.regeling)?;
                    m.serialize_entry("bron_aanvulling", &by.citation())?;
                }
            }
            Dep::Rule { rule } => {
                m.serialize_entry("soort", "regel")?;
                m.serialize_entry("regel", rule)?;
                m.serialize_entry("naam", rule_name(program, *rule))?;
            }
            Dep::Table {
                table,
                args,
                rows,
                value,
            } => {
                let def = program.tables.get(*table as usize);
                m.serialize_entry("soort", "tabel")?;
                m.serialize_entry("tabel", table)?;
                m.serialize_entry("naam", def.map_or("", |d| &d.name))?;
                let types = def.map_or(&[][..], |d| &d.inputs);
                m.serialize_entry("argumenten", &cx.args(types, *args))?;
                m.serialize_entry("rijen", cx.trace.rows(*rows))?;
                m.serialize_entry("waarde", &def.map(|d| cx.encoded(&d.result_type, value)))?;
            }
            Dep::Call {
                function,
                args,
                value,
                used,
            } => {
                let def = program.functions.get(*function as usize);
                m.serialize_entry("soort", "functie")?;
                m.serialize_entry("functie", function)?;
                m.serialize_entry("naam", def.map_or("", |d| &d.name))?;
                let types = def.map_or(&[][..], |d| &d.params);
                m.serialize_entry("argumenten", &cx.args(types, *args))?;
                let value = def.zip(value.as_ref()).map(|(d, v)| cx.encoded(&d.ret, v));
                m.serialize_entry("waarde", &value)?;
                m.serialize_entry("gebruikt", &cx.deps(*used))?;
            }
            Dep::Over { text } => {
                m.serialize_entry("soort", "over")?;
                m.serialize_entry("tekst", text)?;
            }
        }
        m.end()
    }
}

impl<'a> TraceJson<'a> {
    /// `[ … ]` of the arguments in `span`, each encoded by its declared type.
    fn args(self, declared: &'a [(String, Type)], span: Span) -> Vec<Encoded<'a>> {
        declared
            .iter()
            .zip(self.trace.values(span))
            .map(|((_, ty), v)| self.encoded(ty, v))
            .collect()
    }
}

fn rule_name(program: &Program, id: RuleId) -> &str {
    program.rules.get(id as usize).map_or("", |r| &r.name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    /// The uses of rule `id`, in words.
    fn uses(t: &Trace, id: RuleId) -> Vec<String> {
        let rt = t.rule(id).expect("traced");
        t.used(rt)
            .map(|d| match d {
                Dep::Input { input, .. } => format!("invoer {input}"),
                Dep::Rule { rule } => format!("regel {rule}"),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn each_rule_lists_a_use_once_also_around_a_rule_that_uses_it_too() {
        let mut bld = Builder::new();
        let x = bld.input("x", Type::Integer);
        let r1 = bld.rule("r1", Type::Integer, mul(input(x), ci(2)));
        // x, then r1 (which reads x itself), then x and r1 again.
        let twice = add(add(input(x), rule(r1)), add(input(x), rule(r1)));
        let r2 = bld.rule("r2", Type::Integer, twice);
        let r3 = bld.rule("r3", Type::Integer, add(rule(r1), input(x)));
        bld.output(r2);
        bld.output(r3);
        let p = bld.build();
        let inputs = case(&p, date(2025, 1, 1), &[(x, i(5))]);
        let (_, t) = run_traced(&p, &inputs).expect("evaluates");
        assert_eq!(uses(&t, r1), ["invoer 1"]);
        assert_eq!(uses(&t, r2), ["invoer 1", "regel 0"]);
        assert_eq!(uses(&t, r3), ["regel 0", "invoer 1"]);
    }

    #[test]
    fn a_trace_after_a_dropped_one_holds_only_its_own_derivation() {
        let mut bld = Builder::new();
        let x = bld.input("x", Type::Integer);
        let r = bld.rule("dubbel", Type::Integer, mul(input(x), ci(2)));
        bld.output(r);
        let p = bld.build();
        let json = |t: &Trace| serde_json::to_value(t.json(&p)).expect("json");
        let (_, alone) =
            run_traced(&p, &case(&p, date(2025, 1, 1), &[(x, i(4))])).expect("evaluates");
        let expected = json(&alone);
        // A bigger trace first, dropped: the next one reuses its arenas.
        let (_, other) =
            run_traced(&p, &case(&p, date(2025, 1, 1), &[(x, i(9))])).expect("evaluates");
        drop(other);
        let (_, again) =
            run_traced(&p, &case(&p, date(2025, 1, 1), &[(x, i(4))])).expect("evaluates");
        assert_eq!(json(&again), expected);
        assert_eq!(again.rules.len(), 1);
    }
}
