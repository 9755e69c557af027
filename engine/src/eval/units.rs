//! Arithmetic on amounts that carry their unit (`bedrag per eenheid`,
//! [`Value::Amount`]). The checker types everything it can statically;
//! what it cannot (a tariff per uur in one row and per rit in the next)
//! is checked here: an operation that mixes units is an evaluation error
//! that names both values, never a silent sum. Kept apart from the number
//! fast path in `run.rs`, which never sees an `Amount`.

use super::error::EvalErrorKind;
use super::run::{Res, Run, Stop};
use super::tracer::Tracer;
use crate::case::format_amount;
use crate::ir::ArithOp;
use crate::value::{Amount, Value};
use grammar::ast::{Period, RoundMode};

impl<T: Tracer> Run<'_, '_, T> {
    /// `x op y` where at least one side is an [`Amount`]. `+`, `-` and the
    /// quotient of two amounts need one unit; an amount times or divided by
    /// a number keeps its unit.
    #[cold]
    pub(super) fn unit_arith(&self, op: ArithOp, x: &Value, y: &Value) -> Res<Value> {
        let (Some(a), Some(b)) = (unit_of(x), unit_of(y)) else {
            // `leeg`, or a value the checker would never let through.
            self.as_num(x)?;
            self.as_num(y)?;
            return Err(self.internal("een bedrag per eenheid met iets dat er niet bij past"));
        };
        match (op, x, y) {
            // Two amounts; a number added to an amount can only be an
            // amount without unit (the checker allows no `getal + bedrag`).
            (ArithOp::Add | ArithOp::Sub, _, _)
            | (ArithOp::Div, Value::Amount(_), Value::Amount(_)) => {
                if a.unit != b.unit {
                    return Err(self.unit_mismatch(op_words(op), x, y));
                }
                let r = self.arith(op, a.amount, b.amount)?;
                match op {
                    ArithOp::Div => Ok(r),
                    _ => Ok(keep_unit(r, a.unit)),
                }
            }
            (ArithOp::Mul | ArithOp::Div, Value::Amount(a), Value::Num(k)) => {
                Ok(keep_unit(self.arith(op, a.amount, *k)?, a.unit))
            }
            (ArithOp::Mul, Value::Num(k), Value::Amount(a)) => {
                Ok(keep_unit(self.arith(op, *k, a.amount)?, a.unit))
            }
            _ => Err(self.internal("een bedrag per eenheid met iets dat er niet bij past")),
        }
    }

    /// `-x` of an amount with its unit.
    pub(super) fn unit_neg(&self, a: &Amount) -> Value {
        Value::amount(-a.amount, a.unit)
    }

    /// An amount rounded, its unit kept.
    pub(super) fn unit_round(&self, a: &Amount, mode: RoundMode, decimals: u32) -> Value {
        Value::amount(super::run::round(a.amount, mode, decimals), a.unit)
    }

    /// A running total of amounts (`som van`): the first amount sets the
    /// unit, every later one must have it.
    pub(super) fn unit_add(&self, total: Option<Amount>, a: &Amount) -> Res<Amount> {
        let Some(t) = total else {
            return Ok(a.clone());
        };
        if t.unit != a.unit {
            let (x, y) = (Value::Amount(t.into()), Value::Amount(a.clone().into()));
            return Err(self.unit_mismatch("opgeteld", &x, &y));
        }
        match t.amount.checked_add(a.amount) {
            Some(amount) => Ok(Amount {
                amount,
                unit: t.unit,
            }),
            None => Err(self.overflow()),
        }
    }

    /// Whether `x` and `y` are amounts (at least one with its unit) of
    /// different units: why they could not be ordered.
    pub(super) fn units_differ(&self, x: &Value, y: &Value) -> bool {
        let with_unit = matches!(x, Value::Amount(_)) || matches!(y, Value::Amount(_));
        match (unit_of(x), unit_of(y)) {
            (Some(a), Some(b)) => with_unit && a.unit != b.unit,
            _ => false,
        }
    }

    /// Why two amounts cannot be combined, with both values and where.
    #[cold]
    pub(super) fn unit_mismatch(&self, what: &str, x: &Value, y: &Value) -> Stop {
        let show = |v: &Value| unit_of(v).map_or_else(String::new, |a| format_amount(&a));
        let message = format!(
            "{} en {} hebben een andere eenheid en kunnen niet worden {what} bij {}",
            show(x),
            show(y),
            self.ctx.describe()
        );
        self.error(EvalErrorKind::UnitMismatch, message)
    }
}

/// A computed number as an amount of `unit`.
fn keep_unit(v: Value, unit: Option<Period>) -> Value {
    match v {
        Value::Num(d) => Value::amount(d, unit),
        other => other,
    }
}

/// An amount with its unit; a plain number as an amount without one;
/// `None` for anything else.
fn unit_of(v: &Value) -> Option<Amount> {
    match v {
        Value::Amount(a) => Some((**a).clone()),
        Value::Num(d) => Some(Amount {
            amount: *d,
            unit: None,
        }),
        _ => None,
    }
}

/// The participle for an operation in [`Run::unit_mismatch`].
fn op_words(op: ArithOp) -> &'static str {
    match op {
        ArithOp::Add => "opgeteld",
        ArithOp::Sub => "afgetrokken",
        ArithOp::Mul => "vermenigvuldigd",
        ArithOp::Div => "gedeeld",
    }
}
