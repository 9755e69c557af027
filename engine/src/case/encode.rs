//! Writing values as JSON in the case encoding (result outputs, traces,
//! overrides). Encoding never rounds: a bedrag with sub-cent precision is
//! refused earlier by the evaluator ([`check_money_precision`]); should one
//! reach this module anyway, all its decimals are written.

use crate::types::{Type, TypeTable};
use crate::value::Value;
use rust_decimal::Decimal;
use serde_json::{json, Value as Json};

/// The JSON encoding of `value`, read as type `ty`.
pub fn encode(types: &TypeTable, ty: &Type, value: &Value) -> Json {
    match (ty, value) {
        (_, Value::Empty) => Json::Null,
        (Type::Optional(inner), v) => encode(types, inner, v),
        (Type::Money(_), Value::Num(d)) => Json::String(encode_money(*d)),
        (Type::Number, Value::Num(d)) => Json::String(encode_decimal(*d)),
        (Type::Integer, Value::Num(d)) => match integer(*d) {
            Some(i) => Json::from(i),
            None => Json::String(encode_decimal(*d)),
        },
        (Type::Percentage, Value::Num(d)) => Json::String(encode_percentage(*d)),
        (Type::Enum(id), Value::Enum(i)) => match types
            .enums
            .get(*id as usize)
            .and_then(|e| e.values.get(*i as usize))
        {
            Some(name) => Json::String(name.clone()),
            None => Json::from(*i),
        },
        (Type::Record(id), Value::Record(fields)) => match types.records.get(*id as usize) {
            Some(r) => {
                let mut map = serde_json::Map::with_capacity(r.fields.len());
                for ((name, fty), v) in r.fields.iter().zip(fields.iter()) {
                    map.insert(name.clone(), encode(types, fty, v));
                }
                Json::Object(map)
            }
            None => untyped(value),
        },
        (Type::List(elem), Value::List(items)) => {
            Json::Array(items.iter().map(|v| encode(types, elem, v)).collect())
        }
        _ => untyped(value),
    }
}

/// A bedrag: exactly two decimals (`"600.00"`, `"-23.50"`), more only when
/// the value has them (never rounded).
pub fn encode_money(d: Decimal) -> String {
    let mut n = d.normalize();
    if n.scale() < 2 {
        n.rescale(2);
    }
    n.to_string()
}

/// A getal: the normalised decimal (`"0.5"`, `"3"`).
pub fn encode_decimal(d: Decimal) -> String {
    d.normalize().to_string()
}

/// A percentage: the fraction times 100 with `%` (`"12.5%"`).
fn encode_percentage(d: Decimal) -> String {
    match d.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => format!("{}%", p.normalize()),
        None => encode_decimal(d),
    }
}

/// Whether every bedrag inside `value` (also in records and lists) has at
/// most two significant decimals.
pub fn check_money_precision(types: &TypeTable, ty: &Type, value: &Value) -> bool {
    match (ty, value) {
        (Type::Optional(inner), v) => check_money_precision(types, inner, v),
        (Type::Money(_), Value::Num(d)) => d.scale() <= 2 || d.normalize().scale() <= 2,
        (Type::Record(id), Value::Record(fields)) => match types.records.get(*id as usize) {
            Some(r) => r
                .fields
                .iter()
                .zip(fields.iter())
                .all(|((_, t), v)| check_money_precision(types, t, v)),
            None => true,
        },
        (Type::List(elem), Value::List(items)) => {
            items.iter().all(|v| check_money_precision(types, elem, v))
        }
        _ => true,
    }
}

/// The value as an `i64` when it is a whole number.
pub(crate) fn integer(d: Decimal) -> Option<i64> {
    use rust_decimal::prelude::ToPrimitive;
    if d.fract().is_zero() {
        d.to_i64()
    } else {
        None
    }
}

/// `YYYY-MM-DD` (without chrono's format-string machinery: traces encode
/// many dates).
pub fn iso_date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// Fallback when value and type disagree (should not happen for checked
/// programs): a faithful rendering without type information.
fn untyped(value: &Value) -> Json {
    match value {
        Value::Empty => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Num(d) => Json::String(encode_decimal(*d)),
        Value::Text(t) => Json::String(t.to_string()),
        Value::Date(d) => Json::String(iso_date(*d)),
        Value::Duration { months, days } => json!({ "maanden": months, "dagen": days }),
        Value::Enum(i) => Json::from(*i),
        Value::Record(fields) | Value::List(fields) => {
            Json::Array(fields.iter().map(untyped).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{EnumType, RecordType};
    use chrono::NaiveDate;
    use grammar::ast::Period;
    use std::str::FromStr;
    use std::sync::Arc;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).expect("test decimal")
    }

    fn table() -> TypeTable {
        TypeTable {
            enums: vec![EnumType {
                name: "Leefvorm".into(),
                values: vec!["alleenstaand".into(), "alleenstaande_ouder".into()],
            }],
            records: vec![RecordType {
                name: "Persoon".into(),
                fields: vec![
                    ("geboortedatum".into(), Type::Date),
                    (
                        "inkomen".into(),
                        Type::Money(Some(Period::Month)).optional(),
                    ),
                ],
            }],
        }
    }

    #[test]
    fn money_has_exactly_two_decimals() {
        let t = table();
        let m = Type::Money(None);
        assert_eq!(encode(&t, &m, &Value::Num(dec("600"))), json!("600.00"));
        assert_eq!(encode(&t, &m, &Value::Num(dec("600.5"))), json!("600.50"));
        assert_eq!(
            encode(&t, &m, &Value::Num(dec("1401.500"))),
            json!("1401.50")
        );
        assert_eq!(encode(&t, &m, &Value::Num(dec("-23.1"))), json!("-23.10"));
        assert_eq!(encode(&t, &m, &Value::Num(dec("-0.00"))), json!("0.00"));
        // Never rounded: sub-cent precision is written as is.
        assert_eq!(encode(&t, &m, &Value::Num(dec("1.005"))), json!("1.005"));
    }

    #[test]
    fn numbers_and_percentages() {
        let t = table();
        assert_eq!(
            encode(&t, &Type::Number, &Value::Num(dec("0.500"))),
            json!("0.5")
        );
        assert_eq!(
            encode(&t, &Type::Integer, &Value::Num(dec("67"))),
            json!(67)
        );
        assert_eq!(
            encode(&t, &Type::Integer, &Value::Num(dec("67.0"))),
            json!(67)
        );
        assert_eq!(
            encode(&t, &Type::Percentage, &Value::Num(dec("0.125"))),
            json!("12.5%")
        );
        assert_eq!(
            encode(&t, &Type::Percentage, &Value::Num(dec("1.10"))),
            json!("110%")
        );
    }

    #[test]
    fn other_types() {
        let t = table();
        let date = NaiveDate::from_ymd_opt(2025, 3, 1).expect("date");
        assert_eq!(
            encode(&t, &Type::Date, &Value::Date(date)),
            json!("2025-03-01")
        );
        assert_eq!(encode(&t, &Type::Bool, &Value::Bool(true)), json!(true));
        assert_eq!(
            encode(&t, &Type::Text, &Value::Text(Arc::from("x"))),
            json!("x")
        );
        assert_eq!(
            encode(
                &t,
                &Type::Duration,
                &Value::Duration {
                    months: 807,
                    days: 0
                }
            ),
            json!({"maanden": 807, "dagen": 0})
        );
        assert_eq!(
            encode(&t, &Type::Enum(0), &Value::Enum(1)),
            json!("alleenstaande_ouder")
        );
        assert_eq!(
            encode(&t, &Type::Date.optional(), &Value::Empty),
            Json::Null
        );
        let person = Value::Record(Arc::from(vec![Value::Date(date), Value::Empty]));
        assert_eq!(
            encode(
                &t,
                &Type::List(Box::new(Type::Record(0))),
                &Value::List(Arc::from(vec![person]))
            ),
            json!([{"geboortedatum": "2025-03-01", "inkomen": null}])
        );
    }

    #[test]
    fn money_precision() {
        let t = table();
        let m = Type::Money(None);
        assert!(check_money_precision(&t, &m, &Value::Num(dec("1.50"))));
        assert!(check_money_precision(&t, &m, &Value::Num(dec("1.5000"))));
        assert!(!check_money_precision(&t, &m, &Value::Num(dec("1.505"))));
        assert!(check_money_precision(
            &t,
            &Type::Number,
            &Value::Num(dec("1.505"))
        ));
        let person = Value::Record(Arc::from(vec![Value::Empty, Value::Num(dec("0.001"))]));
        assert!(!check_money_precision(&t, &Type::Record(0), &person));
    }
}
