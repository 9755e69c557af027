//! Values in Dutch prose, for explanations, motivations and messages:
//! `€ 1.401,50 per maand`, `12,5%`, `1 maart 2025`, `ja`, `67 jaar en 3
//! maanden`. Keuze values keep their name as written in the rule file.

use crate::dates;
use crate::ir::Range;
use crate::types::{Type, TypeTable};
use crate::value::{Amount, Value};
use rust_decimal::Decimal;

/// `value` (of type `ty`) in Dutch.
pub fn format_value(types: &TypeTable, ty: &Type, value: &Value) -> String {
    match (ty, value) {
        (_, Value::Empty) => "geen".into(),
        (Type::Optional(inner), v) => format_value(types, inner, v),
        (Type::Money(period), Value::Num(d)) => match period {
            Some(p) => format!("{} per {}", format_money(*d), p.dutch()),
            None => format_money(*d),
        },
        (_, Value::Amount(a)) => format_amount(a),
        (Type::Percentage, Value::Num(d)) => match d.checked_mul(Decimal::ONE_HUNDRED) {
            Some(p) => format!("{}%", format_decimal(p)),
            None => format_decimal(*d),
        },
        (Type::Enum(id), Value::Enum(i)) => types
            .enums
            .get(*id as usize)
            .and_then(|e| e.values.get(*i as usize))
            .cloned()
            .unwrap_or_else(|| format!("keuze {i}")),
        (Type::Record(id), Value::Record(fields)) => match types.records.get(*id as usize) {
            Some(r) => {
                let parts: Vec<String> = r
                    .fields
                    .iter()
                    .zip(fields.iter())
                    .map(|((name, fty), v)| format!("{name}: {}", format_value(types, fty, v)))
                    .collect();
                format!("{{{}}}", parts.join("; "))
            }
            None => untyped(value),
        },
        (Type::List(elem), Value::List(items)) => {
            if items.is_empty() {
                return "geen".into();
            }
            let parts: Vec<String> = items.iter().map(|v| format_value(types, elem, v)).collect();
            format!("[{}]", parts.join("; "))
        }
        _ => untyped(value),
    }
}

/// The allowed range of a value of type `ty` in Dutch: `ten minste 0`,
/// `ten hoogste 100%`, `van 5% tot en met 100%`.
pub fn format_range(types: &TypeTable, ty: &Type, range: &Range) -> String {
    let show = |d: Decimal| format_value(types, ty, &Value::Num(d));
    match (range.min, range.max) {
        (Some(lo), Some(hi)) => format!("van {} tot en met {}", show(lo), show(hi)),
        (Some(lo), None) => format!("ten minste {}", show(lo)),
        (None, Some(hi)) => format!("ten hoogste {}", show(hi)),
        (None, None) => "elke waarde".into(),
    }
}

/// Why `value` is refused, if it lies outside `range`: "-1 valt buiten het
/// toegestane bereik (ten minste 0)".
pub fn out_of_range(types: &TypeTable, ty: &Type, range: &Range, value: &Value) -> Option<String> {
    let Value::Num(v) = value else { return None };
    if range.contains(*v) {
        return None;
    }
    Some(format!(
        "{} valt buiten het toegestane bereik ({})",
        format_value(types, ty, value),
        format_range(types, ty, range)
    ))
}

/// Without type information: numbers as plain Dutch decimals.
fn untyped(value: &Value) -> String {
    match value {
        Value::Empty => "geen".into(),
        Value::Bool(true) => "ja".into(),
        Value::Bool(false) => "nee".into(),
        Value::Num(d) => format_decimal(*d),
        Value::Amount(a) => format_amount(a),
        Value::Text(t) => t.to_string(),
        Value::Date(d) => dates::dutch(*d),
        Value::Duration { months, days } => duration(*months, *days),
        Value::Enum(i) => format!("keuze {i}"),
        Value::Record(items) | Value::List(items) => {
            let parts: Vec<String> = items.iter().map(untyped).collect();
            format!("[{}]", parts.join("; "))
        }
    }
}

/// An amount with the unit it carries: `€ 9,50 per week`, `€ 1,25 per rit`,
/// `€ 0,00` (none).
pub fn format_amount(a: &Amount) -> String {
    match a.unit {
        Some(p) => format!("{} per {}", format_money(a.amount), p.dutch()),
        None => format_money(a.amount),
    }
}

/// `€ 1.401,50`, `-€ 23,00`: thousands grouped with `.`, two decimals
/// (more only when the amount has them; never rounded).
pub fn format_money(d: Decimal) -> String {
    let mut n = d.normalize();
    if n.scale() < 2 {
        n.rescale(2);
    }
    let text = n.abs().to_string();
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let sign = if n.is_sign_negative() && !n.is_zero() {
        "-"
    } else {
        ""
    };
    // Near the largest Decimal the rescale cannot add decimals; pad them.
    format!("{sign}€ {},{frac:0<2}", group_thousands(int))
}

/// A number the Dutch way, without grouping: `0,5`, `12,5`, `2025`.
pub fn format_decimal(d: Decimal) -> String {
    d.normalize().to_string().replace('.', ",")
}

/// A count the Dutch way, grouped: `250.047`.
pub fn format_count(n: usize) -> String {
    group_thousands(&n.to_string())
}

pub(crate) fn group_thousands(digits: &str) -> String {
    let lead = match digits.len() % 3 {
        0 => 3.min(digits.len()),
        r => r,
    };
    let (head, rest) = digits.split_at(lead);
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    out.push_str(head);
    // Digits are ASCII, so three bytes are three characters.
    for group in rest.as_bytes().chunks(3) {
        out.push('.');
        out.extend(group.iter().map(|&b| char::from(b)));
    }
    out
}

/// `67 jaar en 3 maanden`, `1 maand`, `10 dagen`, `0 dagen`.
fn duration(months: i32, days: i32) -> String {
    let mut parts = Vec::new();
    let (years, rest) = (months / 12, months % 12);
    if years != 0 {
        parts.push(format!("{years} jaar"));
    }
    if rest != 0 {
        parts.push(format!(
            "{rest} {}",
            if rest.abs() == 1 { "maand" } else { "maanden" }
        ));
    }
    if days != 0 || parts.is_empty() {
        parts.push(format!(
            "{days} {}",
            if days.abs() == 1 { "dag" } else { "dagen" }
        ));
    }
    parts.join(" en ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{EnumType, RecordType};
    use chrono::NaiveDate;
    use grammar::ast::Period;
    use std::str::FromStr;
    use std::sync::Arc;

    fn num(s: &str) -> Value {
        Value::Num(Decimal::from_str(s).expect("test decimal"))
    }

    #[test]
    fn money() {
        assert_eq!(
            format_money(Decimal::from_str("1401.5").expect("d")),
            "€ 1.401,50"
        );
        assert_eq!(format_money(Decimal::from_str("0").expect("d")), "€ 0,00");
        assert_eq!(
            format_money(Decimal::from_str("-23").expect("d")),
            "-€ 23,00"
        );
        assert_eq!(
            format_money(Decimal::from_str("1234567.891").expect("d")),
            "€ 1.234.567,891"
        );
        assert_eq!(
            format_money(Decimal::from_str("999").expect("d")),
            "€ 999,00"
        );
        // No room for decimals in the largest amounts: still two shown.
        assert_eq!(
            format_money(Decimal::MAX),
            "€ 79.228.162.514.264.337.593.543.950.335,00"
        );
        assert_eq!(
            format_money(Decimal::from_str("-7922816251426433759354395033.5").expect("d")),
            "-€ 7.922.816.251.426.433.759.354.395.033,50"
        );
        let t = TypeTable::default();
        assert_eq!(
            format_value(&t, &Type::Money(Some(Period::Month)), &num("1345.45")),
            "€ 1.345,45 per maand"
        );
        assert_eq!(
            format_value(&t, &Type::Money(Some(Period::FourWeeks)), &num("20")),
            "€ 20,00 per 4 weken"
        );
    }

    #[test]
    fn numbers_dates_and_the_rest() {
        let t = TypeTable {
            enums: vec![EnumType {
                name: "Leefvorm".into(),
                values: vec!["alleenstaand".into(), "alleenstaande_ouder".into()],
                labels: Vec::new(),
            }],
            records: vec![RecordType {
                name: "Persoon".into(),
                fields: vec![
                    ("geboortedatum".into(), Type::Date),
                    ("uren".into(), Type::Integer),
                ],
                field_labels: Vec::new(),
                field_ranges: Vec::new(),
            }],
        };
        assert_eq!(format_value(&t, &Type::Percentage, &num("0.125")), "12,5%");
        assert_eq!(format_value(&t, &Type::Percentage, &num("1.10")), "110%");
        assert_eq!(format_value(&t, &Type::Number, &num("0.50")), "0,5");
        assert_eq!(format_value(&t, &Type::Integer, &num("2025")), "2025");
        assert_eq!(format_value(&t, &Type::Bool, &Value::Bool(true)), "ja");
        assert_eq!(format_value(&t, &Type::Bool, &Value::Bool(false)), "nee");
        let date = NaiveDate::from_ymd_opt(2025, 3, 1).expect("date");
        assert_eq!(
            format_value(&t, &Type::Date, &Value::Date(date)),
            "1 maart 2025"
        );
        assert_eq!(
            format_value(&t, &Type::Enum(0), &Value::Enum(1)),
            "alleenstaande_ouder"
        );
        assert_eq!(
            format_value(&t, &Type::Date.optional(), &Value::Empty),
            "geen"
        );
        assert_eq!(
            format_value(
                &t,
                &Type::Duration,
                &Value::Duration {
                    months: 807,
                    days: 0
                }
            ),
            "67 jaar en 3 maanden"
        );
        assert_eq!(
            format_value(&t, &Type::Duration, &Value::Duration { months: 1, days: 0 }),
            "1 maand"
        );
        assert_eq!(
            format_value(
                &t,
                &Type::Duration,
                &Value::Duration {
                    months: 0,
                    days: 10
                }
            ),
            "10 dagen"
        );
        assert_eq!(
            format_value(&t, &Type::Duration, &Value::Duration { months: 0, days: 0 }),
            "0 dagen"
        );
        let p = Value::Record(Arc::from(vec![Value::Date(date), num("4")]));
        assert_eq!(
            format_value(&t, &Type::Record(0), &p),
            "{geboortedatum: 1 maart 2025; uren: 4}"
        );
        let list = Type::List(Box::new(Type::Integer));
        assert_eq!(
            format_value(&t, &list, &Value::List(Arc::from(vec![]))),
            "geen"
        );
        assert_eq!(
            format_value(&t, &list, &Value::List(Arc::from(vec![num("1"), num("2")]))),
            "[1; 2]"
        );
        assert_eq!(
            format_value(&t, &Type::Text, &Value::Text(Arc::from("hallo"))),
            "hallo"
        );
    }
}
