//! What the household receives and pays, added only where the periods allow
//! it. A per-maand amount adds to the monthly total and, times 12, to the
//! yearly one; a per-kwartaal or per-jaar amount adds to the yearly total
//! only (shown per month it would need rounding, which is never done
//! silently: it is named as left out of the monthly total). Amounts per
//! week, per vier weken, per uur, per rit or without a period are listed,
//! never added: no whole number of them makes a month or a year.

use super::overview::Amount;
use crate::case::encode_money;
use crate::types::Type;
use crate::value::Value;
use grammar::ast::Period;
use rust_decimal::Decimal;
use serde::Serialize;

/// How an amount may be added. [`addable`] is the one place that decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Addable {
    /// Per maand: to both totals.
    Monthly,
    /// This many times a year (kwartaal 4, jaar 1): to the yearly total only.
    Yearly(u32),
    /// Listed only, with the reason.
    Listed(&'static str),
}

/// How `value` (an amount of type `ty`) may be added: by the value's own
/// unit when it carries one (`bedrag per eenheid`), else by its type's period.
pub fn addable(ty: &Type, value: &Value) -> Addable {
    let unit = match (value, ty.strip_optional()) {
        (Value::Amount(a), _) => a.unit,
        (_, Type::Money(period)) => *period,
        _ => None,
    };
    match unit {
        Some(Period::Month) => Addable::Monthly,
        Some(Period::Quarter) => Addable::Yearly(4),
        Some(Period::Year) => Addable::Yearly(1),
        Some(Period::Week | Period::FourWeeks) => {
            Addable::Listed("een bedrag per week of per vier weken is geen vast deel van een maand")
        }
        Some(Period::Hour) => Addable::Listed("een bedrag per uur hangt af van het gebruik"),
        Some(Period::Day) => {
            Addable::Listed("een bedrag per dag is geen vast deel van een maand of een jaar")
        }
        Some(Period::Ride) => Addable::Listed("een bedrag per rit hangt af van het gebruik"),
        None => Addable::Listed("een bedrag zonder periode is niet per maand of per jaar"),
    }
}

/// One direction (received or paid) added up.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Totals {
    /// The per-maand amounts.
    #[serde(rename = "per_maand")]
    pub per_month: String,
    /// The per-maand amounts times 12 plus the per-kwartaal and per-jaar ones.
    #[serde(rename = "per_jaar")]
    pub per_year: String,
    /// In the yearly total, left out of the monthly one.
    #[serde(rename = "alleen_in_jaartotaal")]
    pub yearly_only: Vec<Listed>,
    /// Not in either total.
    #[serde(rename = "niet_opgeteld")]
    pub not_added: Vec<Listed>,
    /// `per_month` and `per_year` as numbers, for the text renderings.
    #[serde(skip)]
    pub month_value: Decimal,
    #[serde(skip)]
    pub year_value: Decimal,
}

/// An amount a total names without (fully) adding it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Listed {
    pub regeling: String,
    #[serde(rename = "uitvoer")]
    pub output: String,
    pub label: String,
    #[serde(rename = "tekst")]
    pub text: String,
    #[serde(rename = "reden")]
    pub reason: String,
}

/// Adds the amounts of every regeling (regeling id, amount).
pub fn total<'a>(amounts: impl IntoIterator<Item = (&'a str, &'a Amount)>) -> Totals {
    let (mut month, mut year) = (Decimal::ZERO, Decimal::ZERO);
    let (mut yearly_only, mut not_added) = (Vec::new(), Vec::new());
    let listed = |regeling: &str, a: &Amount, reason: &str| Listed {
        regeling: regeling.to_string(),
        output: a.output.clone(),
        label: a.label.clone(),
        text: a.text.clone(),
        reason: reason.to_string(),
    };
    const TOO_LARGE: &str = "te groot om op te tellen";
    for (regeling, a) in amounts {
        match a.addable {
            Addable::Monthly => {
                let added = month.checked_add(a.value).zip(
                    a.value
                        .checked_mul(Decimal::from(12))
                        .and_then(|y| year.checked_add(y)),
                );
                match added {
                    Some((m, y)) => (month, year) = (m, y),
                    None => not_added.push(listed(regeling, a, TOO_LARGE)),
                }
            }
            Addable::Yearly(times) => {
                match a
                    .value
                    .checked_mul(Decimal::from(times))
                    .and_then(|y| year.checked_add(y))
                {
                    Some(y) => {
                        year = y;
                        let reason = "per maand zou dit afgerond moeten worden; het telt alleen in het jaartotaal";
                        yearly_only.push(listed(regeling, a, reason));
                    }
                    None => not_added.push(listed(regeling, a, TOO_LARGE)),
                }
            }
            Addable::Listed(reason) => not_added.push(listed(regeling, a, reason)),
        }
    }
    Totals {
        per_month: encode_money(month),
        per_year: encode_money(year),
        yearly_only,
        not_added,
        month_value: month,
        year_value: year,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn amount(value: &str, period: Option<Period>) -> Amount {
        let ty = Type::Money(period);
        let value = Decimal::from_str(value).unwrap();
        Amount {
            output: format!("b{value}"),
            label: String::new(),
            amount: encode_money(value),
            period: period.map(|p| p.dutch().to_string()),
            text: String::new(),
            value,
            addable: addable(&ty, &Value::Num(value)),
        }
    }

    #[test]
    fn monthly_amounts_add_to_both_totals_yearly_ones_only_to_the_year_and_others_never() {
        let amounts = [
            amount("27.50", Some(Period::Month)),
            amount("300.00", Some(Period::Year)),
            amount("10.00", Some(Period::Quarter)),
            amount("17.25", None),
            amount("9.50", Some(Period::Week)),
            amount("3.00", Some(Period::Hour)),
        ];
        let t = total(amounts.iter().map(|a| ("r", a)));
        assert_eq!(t.per_month, "27.50");
        assert_eq!(t.per_year, "670.00", "27,50 × 12 + 300 + 10 × 4");
        assert_eq!(t.yearly_only.len(), 2);
        assert_eq!(t.not_added.len(), 3);
    }

    #[test]
    fn an_amount_per_eenheid_is_added_by_its_own_unit() {
        let per_unit = |value: &str, unit: Option<Period>| {
            addable(
                &Type::MoneyPerUnit,
                &Value::amount(Decimal::from_str(value).unwrap(), unit),
            )
        };
        assert_eq!(per_unit("27.50", Some(Period::Month)), Addable::Monthly);
        assert_eq!(per_unit("300", Some(Period::Year)), Addable::Yearly(1));
        for unit in [
            Some(Period::Ride),
            Some(Period::Hour),
            Some(Period::Day),
            Some(Period::Week),
            None,
        ] {
            assert!(
                matches!(per_unit("1.25", unit), Addable::Listed(_)),
                "{unit:?}"
            );
        }
        assert_eq!(
            per_unit("1.25", Some(Period::Ride)),
            Addable::Listed("een bedrag per rit hangt af van het gebruik")
        );
    }

    #[test]
    fn an_overflowing_amount_is_listed_not_added() {
        let big = amount("79228162514264337593543950335", Some(Period::Month));
        let t = total([("r", &big)]);
        assert_eq!(t.per_month, "0.00");
        assert_eq!(t.not_added[0].reason, "te groot om op te tellen");
    }
}
