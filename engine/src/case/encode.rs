//! Writing values as JSON in the case encoding (result outputs, traces,
//! overrides). Encoding never rounds: a bedrag with sub-cent precision is
//! refused earlier by the evaluator ([`check_money_precision`]); should one
//! reach this module anyway, all its decimals are written.

use crate::types::{Type, TypeTable};
use crate::value::Value;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value as Json;

/// The JSON encoding of `value`, read as type `ty`, as a `Json` value
/// (traces, overrides, tools); [`Encoded`] writes the same straight to text.
pub fn encode(types: &TypeTable, ty: &Type, value: &Value) -> Json {
    // Serialising into a `Json` cannot fail (every map key is a string,
    // every number an integer); were it to, the failure shows instead of
    // a silent `null`.
    serde_json::to_value(Encoded { types, ty, value }).unwrap_or_else(not_serialised)
}

/// What a `Json` holds where serialising failed (no path to it is known):
/// the failure in words, never a silent `null`.
pub(crate) fn not_serialised(e: serde_json::Error) -> Json {
    Json::String(format!(
        "interne fout: deze waarde kon niet als JSON worden geschreven ({e})"
    ))
}

/// `value` read as type `ty`, serialisable in the case encoding. Serialised
/// into a JSON writer it goes straight to text, without a `Json` tree in
/// between (the result JSON's hot path, noticeably cheaper in wasm).
#[derive(Clone, Copy)]
pub struct Encoded<'a> {
    pub types: &'a TypeTable,
    pub ty: &'a Type,
    pub value: &'a Value,
}

impl Serialize for Encoded<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Encoded { types, ty, value } = *self;
        match (ty, value) {
            (_, Value::Empty) => s.serialize_unit(),
            (Type::Optional(inner), v) => Encoded {
                types,
                ty: inner,
                value: v,
            }
            .serialize(s),
            (Type::Money(_), Value::Num(d)) => s.serialize_str(&encode_money(*d)),
            // The unit goes beside the outputs (`eenheden` in the result
            // JSON), so that `outputs` keeps the plain amount.
            (_, Value::Amount(a)) => s.serialize_str(&encode_money(a.amount)),
            (Type::Number, Value::Num(d)) => s.serialize_str(&encode_decimal(*d)),
            (Type::Integer, Value::Num(d)) => match integer(*d) {
                Some(i) => s.serialize_i64(i),
                None => s.serialize_str(&encode_decimal(*d)),
            },
            (Type::Percentage, Value::Num(d)) => s.serialize_str(&encode_percentage(*d)),
            (Type::Enum(id), Value::Enum(i)) => match types
                .enums
                .get(*id as usize)
                .and_then(|e| e.values.get(*i as usize))
            {
                Some(name) => s.serialize_str(name),
                None => s.serialize_u32(*i),
            },
            (Type::Record(id), Value::Record(fields)) => match types.records.get(*id as usize) {
                Some(r) => {
                    let mut map = s.serialize_map(Some(r.fields.len()))?;
                    for ((name, ty), value) in r.fields.iter().zip(fields.iter()) {
                        map.serialize_entry(name, &Encoded { types, ty, value })?;
                    }
                    map.end()
                }
                None => Untyped(value).serialize(s),
            },
            (Type::List(elem), Value::List(items)) => {
                s.collect_seq(items.iter().map(|value| Encoded {
                    types,
                    ty: elem,
                    value,
                }))
            }
            _ => Untyped(value).serialize(s),
        }
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
        (_, Value::Amount(a)) => a.amount.scale() <= 2 || a.amount.normalize().scale() <= 2,
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
    // Written without decimals (a count, a year: the usual case): the
    // mantissa is the number, no `fract` needed.
    if d.scale() == 0 {
        return i64::try_from(d.mantissa()).ok();
    }
    if d.fract().is_zero() {
        d.to_i64()
    } else {
        None
    }
}

/// `YYYY-MM-DD` (without chrono's format-string machinery: traces encode
/// many dates).
pub fn iso_date(d: NaiveDate) -> String {
    match four_digit_year_date(&d) {
        Some(text) => text.as_str().to_string(),
        None => format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
    }
}

/// A date serialised as chrono serialises it (`YYYY-MM-DD`; a year outside
/// 0..=9999 signed and five digits wide), without going through
/// `fmt::Formatter` for the usual four-digit years.
#[derive(Clone, Copy)]
pub struct IsoDate(pub NaiveDate);

impl Serialize for IsoDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match four_digit_year_date(&self.0) {
            Some(text) => s.serialize_str(text.as_str()),
            None => self.0.serialize(s),
        }
    }
}

/// The ten ASCII characters of `YYYY-MM-DD`, for years 0..=9999.
struct DateText([u8; 10]);

impl DateText {
    fn as_str(&self) -> &str {
        // Only ASCII digits and '-' are ever written.
        std::str::from_utf8(&self.0).unwrap_or("")
    }
}

fn four_digit_year_date(d: &NaiveDate) -> Option<DateText> {
    let year = u32::try_from(d.year()).ok().filter(|y| *y <= 9999)?;
    let digit = |n: u32| b'0' + (n % 10) as u8;
    let (m, day) = (d.month(), d.day());
    Some(DateText([
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(m / 10),
        digit(m),
        b'-',
        digit(day / 10),
        digit(day),
    ]))
}

/// Fallback when value and type disagree (should not happen for checked
/// programs): a faithful rendering without type information.
struct Untyped<'a>(&'a Value);

impl Serialize for Untyped<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Empty => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Num(d) => s.serialize_str(&encode_decimal(*d)),
            Value::Amount(a) => s.serialize_str(&encode_money(a.amount)),
            Value::Text(t) => s.serialize_str(t),
            Value::Date(d) => match four_digit_year_date(d) {
                Some(text) => s.serialize_str(text.as_str()),
                None => s.serialize_str(&iso_date(*d)),
            },
            Value::Duration { months, days } => {
                let mut map = s.serialize_map(Some(2))?;
                map.serialize_entry("maanden", months)?;
                map.serialize_entry("dagen", days)?;
                map.end()
            }
            Value::Enum(i) => s.serialize_u32(*i),
            Value::Record(fields) | Value::List(fields) => {
                s.collect_seq(fields.iter().map(Untyped))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{EnumType, RecordType};
    use grammar::ast::Period;
    use serde_json::json;
    use std::str::FromStr;
    use std::sync::Arc;

    #[test]
    fn integer_takes_whole_numbers_only_in_any_notation() {
        assert_eq!(integer(dec("2031")), Some(2031));
        assert_eq!(integer(dec("-3")), Some(-3));
        assert_eq!(integer(dec("2.00")), Some(2));
        assert_eq!(integer(dec("2.5")), None);
        assert_eq!(integer(Decimal::MAX), None);
        assert_eq!(integer(dec("9223372036854775807")), Some(i64::MAX));
        assert_eq!(integer(dec("9223372036854775808")), None);
    }

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).expect("test decimal")
    }

    fn table() -> TypeTable {
        TypeTable {
            enums: vec![EnumType {
                name: "Leefvorm".into(),
                values: vec!["alleenstaand".into(), "alleenstaande_ouder".into()],
                labels: Vec::new(),
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
                field_labels: Vec::new(),
                field_ranges: Vec::new(),
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
