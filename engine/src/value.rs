//! Runtime values. Every number (bedrag, getal, geheel getal, percentage) is an
//! exact `Decimal`; the static type says how to print it. Values are cheap to
//! clone: compound values share their contents through `Arc`.

use chrono::NaiveDate;
use grammar::ast::{CompareOp, Period};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::sync::Arc;

// `repr(C, u32)`: the tag is a whole word and every payload starts at
// byte 8, so copying a value is two plain moves. With Rust's default
// layout a `ja/nee` sits at byte 1 and a number at byte 4, and LLVM
// copies bytes 1..8 with two overlapping 4-byte moves that defeat the
// CPU's store forwarding: that stall was the single hottest spot of
// evaluation (perf annotate of `Run::eval`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[repr(C, u32)]
pub enum Value {
    /// `leeg`: an optional without value.
    Empty,
    Bool(bool),
    /// bedrag, getal, geheel getal, percentage (as a fraction: 110% = 1.10).
    Num(Decimal),
    Text(Arc<str>),
    Date(#[serde(with = "crate::ir::day_number")] NaiveDate),
    /// A duration: whole months (years × 12 + months) and days (weeks × 7 + days).
    Duration {
        months: i32,
        days: i32,
    },
    /// Index of the value in its keuze.
    Enum(u32),
    /// A value of type `bedrag per eenheid`: an amount with the unit it
    /// carries. Behind an `Arc` so that a value stays three words; such
    /// values are rare (tariff tables) and their constants are shared.
    Amount(Arc<Amount>),
    /// Field values in declaration order.
    Record(Arc<[Value]>),
    List(Arc<[Value]>),
}

/// An amount that carries its own unit (`€ 1,25 per rit`), or none
/// (`€ 0`): every value of type `bedrag per eenheid` is one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Amount {
    pub amount: Decimal,
    pub unit: Option<Period>,
}

impl Value {
    pub fn amount(amount: Decimal, unit: Option<Period>) -> Value {
        Value::Amount(Arc::new(Amount { amount, unit }))
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
    pub fn as_num(&self) -> Option<Decimal> {
        match self {
            Value::Num(d) => Some(*d),
            _ => None,
        }
    }
    /// A duration as (months, days).
    pub fn as_duration(&self) -> Option<(i32, i32)> {
        match self {
            Value::Duration { months, days } => Some((*months, *days)),
            _ => None,
        }
    }
    pub fn as_date(&self) -> Option<NaiveDate> {
        match self {
            Value::Date(d) => Some(*d),
            _ => None,
        }
    }
    pub fn is_empty(&self) -> bool {
        matches!(self, Value::Empty)
    }
}

/// Orders two values of the same type: numbers, dates, texts, keuze values
/// (by declaration order), booleans, durations (only when comparable
/// exactly). `None` when they cannot be ordered. Shared by the evaluator and
/// the checker's table analysis so both agree on what a cell matches.
pub fn compare(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Value::Num(x), Value::Num(y)) => Some(x.cmp(y)),
        (Value::Date(x), Value::Date(y)) => Some(x.cmp(y)),
        (Value::Text(x), Value::Text(y)) => Some(x.cmp(y)),
        (Value::Enum(x), Value::Enum(y)) => Some(x.cmp(y)),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        (
            Value::Duration {
                months: m1,
                days: d1,
            },
            Value::Duration {
                months: m2,
                days: d2,
            },
        ) if (m1 == m2) || (d1 == d2) => Some((m1, d1).cmp(&(m2, d2))),
        (Value::Empty, Value::Empty) => Some(std::cmp::Ordering::Equal),
        // Like with like only: € 9,50 per week is not less than € 14 per maand.
        (Value::Amount(x), Value::Amount(y)) if x.unit == y.unit => Some(x.amount.cmp(&y.amount)),
        _ => None,
    }
}

/// Orders two numbers: by mantissa when the scales agree (integers with
/// integers, cents with cents: the usual case, and much cheaper than the
/// general comparison), else exactly by value. By reference, so that the
/// fields are read one by one where they were just written (a whole
/// 16-byte copy of a fresh number stalls on store forwarding).
#[inline]
pub(crate) fn num_cmp(a: &Decimal, b: &Decimal) -> Ordering {
    if a.scale() == b.scale() {
        a.mantissa().cmp(&b.mantissa())
    } else {
        a.cmp(b)
    }
}

/// [`compare`] with the fast path for numbers.
#[inline]
pub(crate) fn order(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Num(x), Value::Num(y)) => Some(num_cmp(x, y)),
        _ => compare(a, b),
    }
}

/// Structural equality (`=`) with the fast path for numbers.
#[inline]
pub(crate) fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Num(x), Value::Num(y)) => num_cmp(x, y).is_eq(),
        _ => a == b,
    }
}

/// Whether `ord` satisfies the ordering operator `op`.
#[inline]
pub(crate) fn ordered(op: CompareOp, ord: Ordering) -> bool {
    match op {
        CompareOp::Eq => ord.is_eq(),
        CompareOp::Ne => ord.is_ne(),
        CompareOp::Lt => ord.is_lt(),
        CompareOp::Le => ord.is_le(),
        CompareOp::Gt => ord.is_gt(),
        CompareOp::Ge => ord.is_ge(),
    }
}

/// A cell comparison: `=`/`<>` structurally, orderings only between
/// comparable values (an empty argument matches no ordering).
#[inline]
pub(crate) fn cell_compare(op: CompareOp, arg: &Value, cell: &Value) -> bool {
    match op {
        CompareOp::Eq => equal(arg, cell),
        CompareOp::Ne => !equal(arg, cell),
        _ => order(arg, cell).is_some_and(|ord| ordered(op, ord)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The layout the evaluator relies on for cheap moves (see `repr`),
    /// and no growth of the results that carry a value.
    #[test]
    fn values_stay_three_words() {
        assert_eq!(std::mem::size_of::<Value>(), 24);
        assert_eq!(std::mem::size_of::<Option<Value>>(), 24);
    }
}
