//! The evaluation of one case: a tree walk over the IR with a per-case rule
//! memo, a stack of local frames and a buffer of missing inputs.
//!
//! A node evaluates to `Ok(value)`, `Err(Stop::Missing)` or
//! `Err(Stop::Error)`. Missing inputs are not carried in the result: they are
//! appended (without duplicates, in first-needed order) to `State::missing`
//! within the current *segment* (one per rule being evaluated). The
//! invariant: a node that returns `Ok` leaves the buffer as it found it; one
//! that returns `Missing` has appended what it needs. A node that decides
//! despite a missing operand (`en`, `of`, …) truncates what that operand
//! appended. Nothing here allocates on the way of a complete case except
//! where the program builds compound values.

use super::error::{EvalError, EvalErrorKind};
use super::memo::CallMemo;
use super::params::ResolvedParams;
use super::tracer::{How, Tracer};
use super::Override;
use crate::case::format_value;
use crate::ir::{ArithOp, InputId, Node, Origin, Over, ParamId, Program, RuleDef};
use crate::types::Type;
use crate::value::{equal, order, ordered, Value};
use grammar::ast::{CompareOp, RoundMode};
use rust_decimal::{Decimal, RoundingStrategy};
use std::sync::Arc;

/// Why a node gives no value.
#[derive(Debug)]
pub(crate) enum Stop {
    /// Inputs are missing (listed in `State::missing`).
    Missing,
    Error(Box<EvalError>),
}

pub(crate) type Res<T> = Result<T, Stop>;

/// The per-case state of a rule (its value, when done, is in
/// `State::values`, so that this stays small and `Copy`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Memo {
    #[default]
    Unset,
    /// Being evaluated: reading it again is a cycle.
    Active,
    Done,
    /// Undecided; the inputs it needs are `State::arena[start..start + len]`.
    Missing {
        start: u32,
        len: u32,
    },
    /// Failed with `State::errors[i]`.
    Failed(u32),
}

/// Buffers reused from case to case.
#[derive(Debug, Default)]
pub(crate) struct State {
    pub memo: Vec<Memo>,
    /// Per rule: its value once `Memo::Done`.
    pub values: Vec<Value>,
    pub errors: Vec<EvalError>,
    pub stack: Vec<Value>,
    pub missing: Vec<InputId>,
    pub arena: Vec<InputId>,
    pub calls: CallMemo,
}

impl State {
    pub fn reset(&mut self, rules: usize) {
        self.memo.clear();
        self.memo.resize(rules, Memo::Unset);
        // A value is read only after its memo says `Done`, so the previous
        // case's values may stay until they are overwritten (dropping and
        // refilling them every case is a measurable part of a small case).
        if self.values.len() != rules {
            self.values.clear();
            self.values.resize(rules, Value::Empty);
        }
        self.errors.clear();
        self.stack.clear();
        self.missing.clear();
        self.arena.clear();
        self.calls.clear();
    }
}

/// The definition being evaluated, for error messages.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ctx<'a> {
    pub what: &'static str,
    pub name: &'a str,
    pub origin: Option<&'a Origin>,
}

impl<'a> Ctx<'a> {
    pub fn rule(rule: &'a RuleDef) -> Ctx<'a> {
        Ctx {
            what: "regel",
            name: &rule.name,
            origin: Some(&rule.origin),
        }
    }
    /// "regel `x`"
    pub fn describe(&self) -> String {
        if self.name.is_empty() {
            self.what.to_string()
        } else {
            format!("{} `{}`", self.what, self.name)
        }
    }
}

pub(crate) struct Run<'a, 's, T: Tracer> {
    pub program: &'a Program,
    pub params: &'a ResolvedParams,
    pub inputs: &'a [Option<Value>],
    pub overrides: &'a [Override],
    /// Per override: `Some(original)` once the overridden rule was evaluated.
    pub originals: Vec<Option<Option<Value>>>,
    pub state: &'s mut State,
    pub tracer: &'s mut T,
    /// Start of the current frame in `state.stack`.
    pub base: usize,
    /// Start of the current segment in `state.missing`.
    pub seg: usize,
    pub ctx: Ctx<'a>,
    pub depth: u32,
    /// Steps left of the evaluation's budget ([`crate::limits::MAX_STEPS`]).
    pub steps: u32,
    /// How the rule that just finished was decided (only kept when tracing).
    pub how: How<'a>,
}

impl<'a, T: Tracer> Run<'a, '_, T> {
    // ----- errors -----

    #[cold]
    pub fn error(&self, kind: EvalErrorKind, message: String) -> Stop {
        let mut e = EvalError::new(kind, message);
        if let Some(o) = self.ctx.origin {
            e = e.at(o);
        }
        Stop::Error(Box::new(e))
    }

    /// Takes one step of the budget (a loop iteration, a function call, a
    /// table row tested): a decrement and a compare, so that no rule file
    /// can make an evaluation run for minutes.
    #[inline(always)]
    pub fn step(&mut self) -> Res<()> {
        match self.steps.checked_sub(1) {
            Some(left) => {
                self.steps = left;
                Ok(())
            }
            None => Err(self.out_of_steps()),
        }
    }

    #[cold]
    #[inline(never)]
    fn out_of_steps(&self) -> Stop {
        let message = format!(
            "de berekening is gestopt bij {}: die kost meer dan {} rekenstappen (herhalingen, functieaanroepen en tabelrijen samen), de grens voor één casus; controleer geneste bereiken en lijsten in deze regel",
            self.ctx.describe(),
            crate::case::format_count(crate::limits::MAX_STEPS as usize)
        );
        self.error(EvalErrorKind::Limit, message)
    }

    /// A value of the wrong shape: the checker should have prevented it.
    #[cold]
    pub fn internal(&self, what: &str) -> Stop {
        let message = format!(
            "interne fout bij {}: {what}; het programma klopt niet met zijn types",
            self.ctx.describe()
        );
        self.error(EvalErrorKind::Internal, message)
    }

    #[cold]
    fn empty_used(&self) -> Stop {
        let message = format!(
            "een lege waarde (leeg) wordt gebruikt in een berekening bij {}; controleer eerst met `bestaat`",
            self.ctx.describe()
        );
        self.error(EvalErrorKind::Internal, message)
    }

    // ----- missing inputs -----

    /// Records that input `id` is needed (once per segment).
    #[inline]
    pub fn need(&mut self, id: InputId) {
        if !self.state.missing[self.seg..].contains(&id) {
            self.state.missing.push(id);
        }
    }

    /// Re-records the inputs of an undecided rule from the memo arena.
    pub fn replay_missing(&mut self, start: u32, len: u32) {
        for i in start..start.saturating_add(len) {
            if let Some(&id) = self.state.arena.get(i as usize) {
                self.need(id);
            }
        }
    }

    #[inline]
    pub fn mark(&self) -> usize {
        self.state.missing.len()
    }

    #[inline]
    pub fn forget_missing(&mut self, mark: usize) {
        self.state.missing.truncate(mark);
    }

    // ----- nodes -----

    pub fn eval(&mut self, node: &'a Node) -> Res<Value> {
        match node {
            Node::Const(v) => Ok(v.clone()),
            Node::Input(i) => self.input(*i),
            Node::Rule(r) => self.rule(*r),
            Node::Param(p) => self.param(*p),
            Node::Local(i) => self.local(*i),
            Node::Field(record, i) => match &**record {
                // `tabel(…).kolom`: only that cell is evaluated.
                Node::CallTable(t, args) => self.table(*t, args, Some(*i)),
                _ => {
                    let v = self.eval(record)?;
                    self.field_of(v, *i)
                }
            },
            Node::CallFn(f, args) => self.call(*f, args),
            Node::CallTable(t, args) => self.table(*t, args, None),
            Node::Builtin(b, args) => self.builtin(*b, args),
            Node::Neg(x) => match self.eval(x)? {
                Value::Amount(a) => Ok(self.unit_neg(&a)),
                v => Ok(Value::Num(-self.as_num(&v)?)),
            },
            Node::Not(_) | Node::And(..) | Node::Or(..) | Node::Compare(..) | Node::Exists(..) => {
                self.condition(node).map(Value::Bool)
            }
            Node::Arith(op, a, b) => self.with_both(a, b, |run, x, y| match (x, y) {
                (Value::Num(x), Value::Num(y)) => run.arith(*op, *x, *y),
                // `tekst + tekst` (the checker allows no other text arithmetic).
                (Value::Text(x), Value::Text(y)) if *op == ArithOp::Add => {
                    Ok(Value::Text(Arc::from(format!("{x}{y}"))))
                }
                (Value::Amount(_), _) | (_, Value::Amount(_)) => run.unit_arith(*op, x, y),
                (x, y) => {
                    let (x, y) = (run.as_num(x)?, run.as_num(y)?);
                    run.arith(*op, x, y)
                }
            }),
            Node::DateShift {
                date,
                duration,
                subtract,
            } => self.date_shift(date, duration, *subtract),
            Node::DurationAdd {
                left,
                right,
                subtract,
            } => self.duration_add(left, right, *subtract),
            Node::If(c, then, otherwise) => {
                if self.bool(c)? {
                    self.eval(then)
                } else {
                    self.eval(otherwise)
                }
            }
            Node::In(x, options) => {
                let v = self.eval(x)?;
                for o in options {
                    if equal(&self.eval(o)?, &v) {
                        return Ok(Value::Bool(true));
                    }
                }
                Ok(Value::Bool(false))
            }
            Node::Round(x, mode, decimals) => match self.eval(x)? {
                Value::Num(d) => Ok(Value::Num(round(d, *mode, *decimals))),
                Value::Amount(a) => Ok(self.unit_round(&a, *mode, *decimals)),
                Value::Empty => Ok(Value::Empty),
                _ => Err(self.internal("afronden van iets dat geen getal is")),
            },
            Node::Scale(x, num, den) => match self.eval(x)? {
                Value::Num(d) => self.scale(d, *num, *den),
                Value::Empty => Ok(Value::Empty),
                _ => Err(self.internal("omrekenen van iets dat geen bedrag is")),
            },
            Node::WithUnit(x, unit) => match self.eval(x)? {
                Value::Num(d) => Ok(Value::amount(d, *unit)),
                v => Ok(v),
            },
            Node::Over { amount, count, how } => self.over(amount, count, how),
            Node::Record(items) => Ok(Value::Record(self.all(items)?)),
            Node::List(items) => Ok(Value::List(self.all(items)?)),
            Node::Sum {
                local,
                list,
                filter,
                value,
            } => self.sum(*local, list, filter.as_deref(), value),
            Node::Count {
                local,
                list,
                filter,
            } => self.count(*local, list, filter.as_deref()),
            Node::Any {
                local,
                list,
                condition,
            } => self.any(*local, list, condition, true),
            Node::All {
                local,
                list,
                condition,
            } => self.any(*local, list, condition, false),
            Node::FirstIn {
                local,
                list,
                condition,
            } => self.first_in(*local, list, condition),
            Node::FirstInRange {
                local,
                from,
                through,
                condition,
            } => self.first_in_range(*local, from, through, condition),
            Node::Fail(message, span) => Err(self.fail(message, *span)),
            Node::Text(x, ty) => self.text(x, ty),
        }
    }

    #[cold]
    #[inline(never)]
    fn fail(&self, message: &str, span: grammar::ast::Span) -> Stop {
        let mut e = EvalError::new(EvalErrorKind::Fail, message);
        if let Some(o) = self.ctx.origin {
            e = e.at_span(o.file, span);
        }
        Stop::Error(Box::new(e))
    }

    #[inline(never)]
    fn text(&mut self, x: &'a Node, ty: &Type) -> Res<Value> {
        let v = self.eval(x)?;
        Ok(Value::Text(match &v {
            Value::Text(t) => t.clone(),
            _ => Arc::from(format_value(&self.program.types, ty, &v)),
        }))
    }

    #[inline]
    fn input(&mut self, id: InputId) -> Res<Value> {
        match self.inputs.get(id as usize) {
            Some(Some(v)) => {
                self.tracer.input(id, v);
                Ok(v.clone())
            }
            Some(None) => {
                self.need(id);
                Err(Stop::Missing)
            }
            None => Err(self.internal("onbekende invoer")),
        }
    }

    #[inline]
    fn param(&mut self, id: ParamId) -> Res<Value> {
        match self.params.get(self.program, id) {
            Ok((v, entry)) => {
                self.tracer.param(id, v, entry);
                Ok(v.clone())
            }
            Err(e) => Err(Stop::Error(Box::new(e))),
        }
    }

    #[inline]
    fn local(&self, i: u32) -> Res<Value> {
        match self.state.stack.get(self.base + i as usize) {
            Some(v) => Ok(v.clone()),
            None => Err(self.internal("lokale naam buiten het frame")),
        }
    }

    #[inline]
    pub fn set_local(&mut self, i: u32, v: Value) -> Res<()> {
        match self.state.stack.get_mut(self.base + i as usize) {
            Some(slot) => {
                *slot = v;
                Ok(())
            }
            None => Err(self.internal("lokale naam buiten het frame")),
        }
    }

    // ----- typed helpers -----

    /// A condition's truth value. The boolean operators are evaluated
    /// here, without wrapping each intermediate result in a `Value`.
    #[inline]
    pub fn bool(&mut self, node: &'a Node) -> Res<bool> {
        match node {
            Node::Not(_) | Node::And(..) | Node::Or(..) | Node::Compare(..) | Node::Exists(..) => {
                self.condition(node)
            }
            _ => match self.eval(node)? {
                Value::Bool(b) => Ok(b),
                Value::Empty => Err(self.empty_used()),
                _ => Err(self.internal("voorwaarde is geen ja/nee")),
            },
        }
    }

    /// The boolean operators: `niet`, `en`, `of`, comparisons, `bestaat`.
    #[inline(never)]
    fn condition(&mut self, node: &'a Node) -> Res<bool> {
        match node {
            Node::Not(x) => Ok(!self.bool(x)?),
            Node::And(a, b) => self.junction(a, b, false),
            Node::Or(a, b) => self.junction(a, b, true),
            Node::Compare(op, a, b) => self.with_both(a, b, |run, x, y| run.compare(*op, x, y)),
            Node::Exists(x, negated) => {
                let v = self.eval(x)?;
                Ok(v.is_empty() == *negated)
            }
            _ => Err(self.internal("geen voorwaarde")),
        }
    }

    #[inline]
    pub fn num(&mut self, node: &'a Node) -> Res<Decimal> {
        let v = self.eval(node)?;
        self.as_num(&v)
    }

    #[inline]
    pub fn as_num(&self, v: &Value) -> Res<Decimal> {
        match v {
            Value::Num(d) => Ok(*d),
            Value::Empty => Err(self.empty_used()),
            _ => Err(self.internal("verwachtte een getal")),
        }
    }

    /// Both operands, strictly (the left's error wins; otherwise the
    /// missing inputs of both sides are collected), lent to `f` where the
    /// calls left them: moving a value that was just written through
    /// memory again costs a store-forwarding stall (the hottest spots in
    /// perf).
    #[inline(always)]
    pub fn with_both<R>(
        &mut self,
        a: &'a Node,
        b: &'a Node,
        f: impl FnOnce(&mut Self, &Value, &Value) -> Res<R>,
    ) -> Res<R> {
        let x = self.eval(a);
        if let Err(e @ Stop::Error(_)) = x {
            return Err(e);
        }
        let y = self.eval(b);
        if let (Ok(x), Ok(y)) = (&x, &y) {
            return f(self, x, y);
        }
        match y {
            Err(e @ Stop::Error(_)) => Err(e),
            _ => Err(Stop::Missing),
        }
    }

    /// All items (strict), for record and list literals.
    #[inline(never)]
    fn all(&mut self, items: &'a [Node]) -> Res<Arc<[Value]>> {
        let mut out = Vec::with_capacity(items.len());
        let mut missing = false;
        for item in items {
            match self.eval(item) {
                Ok(v) => out.push(v),
                Err(Stop::Missing) => missing = true,
                Err(e) => return Err(e),
            }
        }
        if missing {
            Err(Stop::Missing)
        } else {
            Ok(Arc::from(out))
        }
    }

    /// `en` (`decisive` false) and `of` (`decisive` true): the decisive
    /// value on either side decides, even when the other side is missing.
    fn junction(&mut self, a: &'a Node, b: &'a Node, decisive: bool) -> Res<bool> {
        let mark = self.mark();
        match self.bool(a) {
            Ok(x) if x == decisive => Ok(decisive),
            Ok(_) => self.bool(b),
            Err(Stop::Error(e)) => Err(Stop::Error(e)),
            Err(Stop::Missing) => {
                let after_left = self.mark();
                match self.bool(b) {
                    Ok(y) if y == decisive => {
                        self.forget_missing(mark);
                        Ok(decisive)
                    }
                    // Undecided: the left side is needed (and the right one,
                    // when it is missing too).
                    Ok(_) | Err(Stop::Missing) => Err(Stop::Missing),
                    // Evaluated only because the left is unknown: the error
                    // may never happen once it is known.
                    Err(Stop::Error(_)) => {
                        self.forget_missing(after_left);
                        Err(Stop::Missing)
                    }
                }
            }
        }
    }

    // ----- arithmetic and comparison -----

    pub fn arith(&self, op: ArithOp, x: Decimal, y: Decimal) -> Res<Value> {
        let r = match op {
            ArithOp::Add => x.checked_add(y),
            ArithOp::Sub => x.checked_sub(y),
            ArithOp::Mul => x.checked_mul(y),
            ArithOp::Div => {
                if y.is_zero() {
                    let message = format!("deling door nul bij {}", self.ctx.describe());
                    return Err(self.error(EvalErrorKind::DivisionByZero, message));
                }
                x.checked_div(y)
            }
        };
        match r {
            Some(v) => Ok(Value::Num(v)),
            None => Err(self.overflow()),
        }
    }

    #[cold]
    pub fn overflow(&self) -> Stop {
        let message = format!(
            "de uitkomst van een berekening bij {} is te groot",
            self.ctx.describe()
        );
        self.error(EvalErrorKind::Overflow, message)
    }

    /// `amount over count <unit>`: amount × count × periods per unit,
    /// multiplied before divided so that `€ 1.000 per jaar over 6 maanden`
    /// is exactly € 500; `verdeeld over`: amount / count (one period per
    /// unit).
    fn over(&mut self, amount: &'a Node, count: &'a Node, how: &Over) -> Res<Value> {
        let a = self.num(amount)?;
        let n = self.num(count)?;
        let value = if how.spread {
            self.arith(ArithOp::Div, a, n)?
        } else {
            let times = a
                .checked_mul(n)
                .and_then(|x| x.checked_mul(Decimal::from(how.numerator)))
                .ok_or_else(|| self.overflow())?;
            self.scale(times, Decimal::ONE, Decimal::from(how.denominator))?
        };
        if T::ENABLED {
            if let Value::Num(v) = value {
                self.tracer.over(how, a, n, v);
            }
        }
        Ok(value)
    }

    /// `x * num / den`, exact where the decimal allows.
    fn scale(&self, x: Decimal, num: Decimal, den: Decimal) -> Res<Value> {
        if den.is_zero() {
            return Err(self.internal("omrekenfactor met noemer nul"));
        }
        match x.checked_mul(num).and_then(|p| p.checked_div(den)) {
            Some(v) => Ok(Value::Num(v)),
            None => Err(self.overflow()),
        }
    }

    pub fn compare(&self, op: CompareOp, x: &Value, y: &Value) -> Res<bool> {
        match op {
            CompareOp::Eq => Ok(equal(x, y)),
            CompareOp::Ne => Ok(!equal(x, y)),
            _ => match order(x, y) {
                Some(ord) => Ok(ordered(op, ord)),
                None if x.is_empty() || y.is_empty() => Err(self.empty_used()),
                None if self.units_differ(x, y) => Err(self.unit_mismatch("vergeleken", x, y)),
                None => {
                    let message = format!(
                        "deze waarden kunnen niet worden vergeleken met `{}` bij {} (bijvoorbeeld een duur in maanden met een duur in dagen)",
                        op.symbol(),
                        self.ctx.describe()
                    );
                    Err(self.error(EvalErrorKind::Internal, message))
                }
            },
        }
    }

    #[inline(never)]
    fn date_shift(&mut self, date: &'a Node, duration: &'a Node, subtract: bool) -> Res<Value> {
        self.with_both(date, duration, |run, date, duration| {
            let (Value::Date(d), Value::Duration { months, days }) = (date, duration) else {
                return match (date, duration) {
                    (Value::Empty, _) | (_, Value::Empty) => Err(run.empty_used()),
                    _ => Err(run.internal("datum ± duur op iets anders")),
                };
            };
            let sign = if subtract { -1 } else { 1 };
            match crate::dates::shift(*d, sign * i64::from(*months), sign * i64::from(*days)) {
                Some(r) => Ok(Value::Date(r)),
                None => Err(run.overflow()),
            }
        })
    }

    #[inline(never)]
    fn duration_add(&mut self, left: &'a Node, right: &'a Node, subtract: bool) -> Res<Value> {
        self.with_both(left, right, |run, a, b| {
            let (Some(a), Some(b)) = (a.as_duration(), b.as_duration()) else {
                return Err(run.internal("duur ± duur op iets anders"));
            };
            match crate::dates::add_durations(a, b, subtract) {
                Some((months, days)) => Ok(Value::Duration { months, days }),
                None => Err(run.overflow()),
            }
        })
    }
}

/// Rounding: rekenkundig is half away from zero; `naar boven` is toward
/// +∞ and `naar beneden` toward −∞.
pub(crate) fn round(d: Decimal, mode: RoundMode, decimals: u32) -> Decimal {
    let strategy = match mode {
        RoundMode::HalfAwayFromZero => RoundingStrategy::MidpointAwayFromZero,
        RoundMode::Up => RoundingStrategy::ToPositiveInfinity,
        RoundMode::Down => RoundingStrategy::ToNegativeInfinity,
    };
    d.round_dp_with_strategy(decimals, strategy)
}

/// The Dutch rendering of an argument for error messages.
pub(crate) fn show(program: &Program, ty: &Type, v: &Value) -> String {
    format_value(&program.types, ty, v)
}
