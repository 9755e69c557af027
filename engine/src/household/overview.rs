//! One regeling's part of the household overview, read from its evaluation
//! through the program's [`Overview`](crate::ir::Overview) declaration: the
//! outcomes with their route (the keuze value and its label) and the next
//! step that value asks of the household, and the amounts received and
//! paid with their period.

use super::totals::{addable, Addable};
use crate::case::{encode_money, format_value};
use crate::eval::Evaluation;
use crate::ir::{Program, RuleId};
use crate::value::Value;
use rust_decimal::Decimal;
use serde::Serialize;

/// An outcome: `{ uitvoer, label, waarde, route, vervolg }` (`waarde` and
/// `route` null while undecided).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OutcomeView {
    #[serde(rename = "uitvoer")]
    pub output: String,
    pub label: String,
    /// The keuze value's name.
    #[serde(rename = "waarde")]
    pub value: Option<String>,
    /// The keuze value as people read it (its label).
    pub route: Option<String>,
    /// The step the household must still take after this value.
    #[serde(rename = "vervolg")]
    pub next_step: Option<String>,
}

/// An amount received or paid: `{ uitvoer, label, bedrag, periode, tekst }`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Amount {
    #[serde(rename = "uitvoer")]
    pub output: String,
    pub label: String,
    /// In the case encoding (`"300.00"`).
    #[serde(rename = "bedrag")]
    pub amount: String,
    /// `maand`, `jaar`, … or null.
    #[serde(rename = "periode")]
    pub period: Option<String>,
    /// In Dutch with its period (`€ 300,00 per jaar`).
    #[serde(rename = "tekst")]
    pub text: String,
    #[serde(skip)]
    pub value: Decimal,
    #[serde(skip)]
    pub addable: Addable,
}

/// The outcomes and amounts of one evaluation.
#[derive(Debug, Clone, Default)]
pub struct RegelingView {
    pub outcomes: Vec<OutcomeView>,
    pub receives: Vec<Amount>,
    pub pays: Vec<Amount>,
}

pub fn view(program: &Program, evaluation: &Evaluation) -> RegelingView {
    let overview = &program.overview;
    let outcomes = overview
        .outcomes
        .iter()
        .filter_map(|o| {
            let rule = program.rules.get(o.rule as usize)?;
            let value = decided(program, evaluation, o.rule);
            let (value, route, next_step) = match (value, rule.ty.strip_optional()) {
                (Some(Value::Enum(i)), crate::types::Type::Enum(e)) => {
                    let keuze = program.types.enums.get(*e as usize)?;
                    let step = o
                        .next_steps
                        .iter()
                        .find(|(v, _)| v == i)
                        .map(|(_, t)| t.clone());
                    (
                        keuze.values.get(*i as usize).cloned(),
                        Some(keuze.value_display(*i as usize)),
                        step,
                    )
                }
                _ => (None, None, None),
            };
            Some(OutcomeView {
                output: rule.name.clone(),
                label: rule.display_name(),
                value,
                route,
                next_step,
            })
        })
        .collect();
    let amounts = |rules: &[RuleId]| -> Vec<Amount> {
        rules
            .iter()
            .filter_map(|&id| {
                let rule = program.rules.get(id as usize)?;
                let value = decided(program, evaluation, id)?;
                // A `bedrag per eenheid` carries its unit in the value.
                let (d, unit) = match (value, rule.ty.strip_optional()) {
                    (Value::Num(d), crate::types::Type::Money(p)) => (*d, *p),
                    (Value::Amount(a), _) => (a.amount, a.unit),
                    _ => return None,
                };
                Some(Amount {
                    output: rule.name.clone(),
                    label: rule.display_name(),
                    amount: encode_money(d),
                    period: unit.map(|p| p.dutch().to_string()),
                    text: format_value(&program.types, &rule.ty, value),
                    value: d,
                    addable: addable(&rule.ty, value),
                })
            })
            .collect()
    };
    RegelingView {
        outcomes,
        receives: amounts(&overview.receives),
        pays: amounts(&overview.pays),
    }
}

/// The decided value of output rule `rule`.
fn decided<'e>(program: &Program, evaluation: &'e Evaluation, rule: RuleId) -> Option<&'e Value> {
    let k = program.outputs.iter().position(|&o| o == rule)?;
    evaluation.output_value(k)
}
