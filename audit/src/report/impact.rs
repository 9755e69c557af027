//! The impact report for a raadsvoorstel: the change in meaning, then
//! (with a population) its effect on the cases.

use super::doc::{code, text, Document};
use super::notation::thousands;
use super::{behaviour, changes};
use crate::behaviour::BehaviourReport;
use crate::diff::Diff;

/// The impact report as a Markdown document; `cases` names the population.
pub fn document(
    title: &str,
    diff: &Diff,
    behaviour: Option<&BehaviourReport>,
    cases: Option<&str>,
) -> Document {
    let mut d = Document::new();
    d.heading(1, vec![text(title)]);
    d.blank();
    d.line(vec![
        text("Vergelijking van "),
        code(&diff.old),
        text(" (oud) met "),
        code(&diff.new),
        text(
            " (nieuw). Alleen wijzigingen in betekenis staan hieronder; \
             opmaak en commentaar worden apart genoemd.",
        ),
    ]);
    d.blank();
    d.heading(2, vec![text("Wat verandert er in de regels")]);
    d.blank();
    d.append(changes::markdown_document(diff, 2));
    if let Some(b) = behaviour {
        d.heading(2, vec![text("Wat betekent dat voor de gevallen")]);
        d.blank();
        if let Some(c) = cases {
            d.line(vec![
                text(format!(
                    "Doorgerekend: {} gevallen uit ",
                    thousands(b.cases)
                )),
                code(c),
                text(", elk onder de oude en onder de nieuwe regels."),
            ]);
            d.blank();
        }
        d.append(behaviour::markdown_document(b, 2));
    }
    d
}
