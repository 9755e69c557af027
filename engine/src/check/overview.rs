//! The household overview's reading of the outputs (`uitkomst`, `vervolg`,
//! `ontvangt`, `betaalt` under `uitvoer`) into [`Overview`]: an outcome is an
//! output of a keuze whose values are the routes; received and paid amounts
//! are outputs of type bedrag.

use super::Compiler;
use crate::diag::Code;
use crate::ir::{OutcomeDef, Overview};
use crate::types::Type;
use grammar::ast::{Ident, OutputsDecl};

impl Compiler<'_> {
    pub(super) fn declare_overview(&mut self, d: &OutputsDecl) {
        let mut overview = Overview::default();
        for outcome in &d.outcomes {
            let Some(rule) = self.overview_output(&outcome.name) else {
                continue;
            };
            let Type::Enum(id) = self.rule_types[rule as usize].strip_optional().clone() else {
                let shown = self.types.display(&self.rule_types[rule as usize]);
                self.err(
                    Code::TypeMismatch,
                    outcome.name.span,
                    &format!(
                        "uitkomst `{}` is een {shown}, geen keuze",
                        outcome.name.name
                    ),
                    "een uitkomst is een keuze (de route)",
                );
                continue;
            };
            let values = self.types.enums[id as usize].values.clone();
            let mut next_steps = Vec::new();
            for step in &outcome.next_steps {
                match values.iter().position(|v| *v == step.value.name) {
                    Some(i) => next_steps.push((i as u32, step.text.value.clone())),
                    None => {
                        let message = format!(
                            "`{}` is geen waarde van de keuze van uitkomst `{}`",
                            step.value.name, outcome.name.name
                        );
                        self.unknown_with(&step.value, &values, message, "geen keuzewaarde");
                    }
                }
            }
            overview.outcomes.push(OutcomeDef { rule, next_steps });
        }
        for (names, into_pays) in [(&d.receives, false), (&d.pays, true)] {
            for name in names {
                let Some(rule) = self.overview_output(name) else {
                    continue;
                };
                if !matches!(
                    self.rule_types[rule as usize].strip_optional(),
                    Type::Money(_) | Type::MoneyPerUnit
                ) {
                    let shown = self.types.display(&self.rule_types[rule as usize]);
                    self.err(
                        Code::TypeMismatch,
                        name.span,
                        &format!("`{}` is een {shown}, geen bedrag", name.name),
                        "ontvangt en betaalt noemen bedragen",
                    );
                    continue;
                }
                let list = if into_pays {
                    &mut overview.pays
                } else {
                    &mut overview.receives
                };
                list.push(rule);
            }
        }
        self.overview = overview;
    }

    /// The rule of an output named in the overview; reports a name that is
    /// no output of the contract.
    fn overview_output(&mut self, name: &Ident) -> Option<u32> {
        let rule = self.modules[0].rules.get(&name.name).copied();
        match rule {
            Some(id) if self.outputs.contains(&id) => Some(id),
            _ => {
                let known: Vec<String> = self
                    .outputs
                    .iter()
                    .filter_map(|&o| self.rules.get(o as usize).map(|r| r.name.clone()))
                    .collect();
                let message = format!("`{}` staat niet in de `uitvoer`", name.name);
                self.unknown_with(name, &known, message, "geen uitvoer");
                None
            }
        }
    }
}
