//! Which outcomes are a besluit: the `besluit` / `geen besluit` marks on
//! rules, afwegingen and steps, and the texts they print in the short
//! motivering, `rechtsmiddelen` and `zonder besluit` (one of each per file;
//! a layer's text replaces its base's). R0905: a mark whose text the
//! regeling does not have.

use super::merge::{Merged, MergedItem};
use super::Compiler;
use crate::diag::{Code, Diagnostic};
use crate::ir::{Definition, FollowUpDef, Origin};
use grammar::ast::{DecisionMark, Item};

impl<'a> Compiler<'a> {
    pub(super) fn declare_follow_ups(&mut self, merged: &Merged<'a>) {
        let mut seen: Vec<&MergedItem> = Vec::new();
        for mi in &merged.follow_ups {
            let Item::FollowUp(d) = mi.item else {
                continue;
            };
            let earlier = seen.iter().find(|e| {
                e.file == mi.file && matches!(e.item, Item::FollowUp(x) if x.kind == d.kind)
            });
            if let Some(first) = earlier {
                let d = Diagnostic::new(
                    Code::DuplicateName,
                    mi.file,
                    d.span,
                    format!("`{}` staat al in dit bestand", heading(d.kind)),
                )
                .label("tweede tekst")
                .related(first.file, first.item.span(), "eerste tekst")
                .help("schrijf één tekst per regeling");
                self.push(d);
                continue;
            }
            seen.push(mi);
            let def = FollowUpDef {
                kind: d.kind,
                text: d.text.value.clone(),
                sources: d.sources.iter().map(|s| s.text.value.clone()).collect(),
            };
            match self.follow_ups.iter_mut().find(|f| f.kind == d.kind) {
                Some(f) => *f = def,
                None => self.follow_ups.push(def),
            }
        }
    }

    /// R0905 for every mark without its text.
    pub(super) fn check_decision_marks(&mut self) {
        let mut missing: Vec<(String, DecisionMark, Origin)> = Vec::new();
        for rule in &self.rules {
            let mut marks: Vec<(DecisionMark, &Origin)> =
                rule.decision.iter().map(|m| (*m, &rule.origin)).collect();
            if let Definition::Ladder(l) = &rule.def {
                for s in l.steps.iter().chain(std::iter::once(&l.otherwise)) {
                    marks.extend(s.decision.map(|m| (m, &s.origin)));
                }
            }
            for (mark, origin) in marks {
                if !self.follow_ups.iter().any(|f| f.kind == mark) {
                    missing.push((rule.name.clone(), mark, origin.clone()));
                }
            }
        }
        for (name, mark, origin) in missing {
            let d = Diagnostic::new(
                Code::DecisionWithoutText,
                origin.file,
                origin.span,
                format!(
                    "`{name}` is gemarkeerd met `{}`, maar de regeling heeft geen `{}`",
                    mark.words(),
                    heading(mark)
                ),
            )
            .label("tekst ontbreekt")
            .help(match mark {
                DecisionMark::Besluit => "voeg de rechtsmiddelenclausule van de gemeente toe: `rechtsmiddelen \"\"\"Bent u het niet eens met dit besluit? …\"\"\"` met `bron \"Algemene wet bestuursrecht, art. 6:7\"`",
                DecisionMark::NoBesluit => "voeg toe wat de cliënt krijgt als er geen besluit volgt: `zonder besluit \"\"\"…\"\"\"` met zijn `bron`",
            });
            self.push(d);
        }
    }
}

/// The declaration a mark prints: `rechtsmiddelen` / `zonder besluit`.
fn heading(mark: DecisionMark) -> &'static str {
    match mark {
        DecisionMark::Besluit => "rechtsmiddelen",
        DecisionMark::NoBesluit => "zonder besluit",
    }
}
