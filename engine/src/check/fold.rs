//! Constant folding: the value of an expression made of literals only
//! (parameter values, table cells, test inputs, and conditions the checker
//! can decide statically for R0301/R0303). `None` when the node
//! depends on anything evaluated per case.

use crate::ir::{ArithOp, Node};
use crate::value::{compare, Value};
use grammar::ast::CompareOp;
use std::cmp::Ordering;
use std::sync::Arc;

pub fn fold(node: &Node) -> Option<Value> {
    match node {
        Node::Const(v) => Some(v.clone()),
        Node::Neg(inner) => match fold(inner)? {
            Value::Num(d) => Some(Value::Num(-d)),
            _ => None,
        },
        Node::Arith(op, a, b) => {
            let (a, b) = match (fold(a)?, fold(b)?) {
                // `tekst + tekst`, as the evaluator joins them.
                (Value::Text(x), Value::Text(y)) if *op == ArithOp::Add => {
                    return Some(Value::Text(Arc::from(format!("{x}{y}"))));
                }
                (a, b) => (a.as_num()?, b.as_num()?),
            };
            let v = match op {
                ArithOp::Add => a.checked_add(b)?,
                ArithOp::Sub => a.checked_sub(b)?,
                ArithOp::Mul => a.checked_mul(b)?,
                ArithOp::Div => a.checked_div(b)?,
            };
            Some(Value::Num(v))
        }
        Node::DurationAdd {
            left,
            right,
            subtract,
        } => {
            let (a, b) = (fold(left)?.as_duration()?, fold(right)?.as_duration()?);
            let (months, days) = crate::dates::add_durations(a, b, *subtract)?;
            Some(Value::Duration { months, days })
        }
        Node::WithUnit(inner, unit) => match fold(inner)? {
            Value::Num(d) => Some(Value::amount(d, *unit)),
            _ => None,
        },
        Node::Not(inner) => Some(Value::Bool(!fold(inner)?.as_bool()?)),
        Node::And(a, b) => Some(Value::Bool(fold(a)?.as_bool()? && fold(b)?.as_bool()?)),
        Node::Or(a, b) => Some(Value::Bool(fold(a)?.as_bool()? || fold(b)?.as_bool()?)),
        Node::Compare(op, a, b) => {
            let (a, b) = (fold(a)?, fold(b)?);
            let result = match op {
                CompareOp::Eq => a == b,
                CompareOp::Ne => a != b,
                _ => {
                    let o = compare(&a, &b)?;
                    match op {
                        CompareOp::Lt => o == Ordering::Less,
                        CompareOp::Le => o != Ordering::Greater,
                        CompareOp::Gt => o == Ordering::Greater,
                        _ => o != Ordering::Less,
                    }
                }
            };
            Some(Value::Bool(result))
        }
        Node::Record(fields) => {
            let values: Option<Vec<Value>> = fields.iter().map(fold).collect();
            Some(Value::Record(Arc::from(values?)))
        }
        Node::List(items) => {
            let values: Option<Vec<Value>> = items.iter().map(fold).collect();
            Some(Value::List(Arc::from(values?)))
        }
        _ => None,
    }
}
