//! Constant folding: the value of an expression made of literals only
//! (parameter values, table cells, test inputs). `None` when the node
//! depends on anything evaluated per case.

use crate::ir::{ArithOp, Node};
use crate::value::Value;
use std::sync::Arc;

pub fn fold(node: &Node) -> Option<Value> {
    match node {
        Node::Const(v) => Some(v.clone()),
        Node::Neg(inner) => match fold(inner)? {
            Value::Num(d) => Some(Value::Num(-d)),
            _ => None,
        },
        Node::Arith(op, a, b) => {
            let (a, b) = (fold(a)?.as_num()?, fold(b)?.as_num()?);
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
        } => match (fold(left)?, fold(right)?) {
            (
                Value::Duration { months: m1, days: d1 },
                Value::Duration { months: m2, days: d2 },
            ) => {
                let s = if *subtract { -1 } else { 1 };
                Some(Value::Duration {
                    months: m1.checked_add(s * m2)?,
                    days: d1.checked_add(s * d2)?,
                })
            }
            _ => None,
        },
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
