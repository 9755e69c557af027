//! `aanvulling alias.parameter`: a regeling supplies values of a parameter
//! of a regeling it uses, for dates on which that regeling has none. The
//! values join the used parameter's timeline marked with their origin, so
//! the evaluation, the explanation, the receipt and `tijdlijn` name the
//! file that supplied them. Where the used regeling has a value itself
//! (a later national version covers the dates), its value applies and the
//! top-up is reported (R0504): a municipality never overrides the law here.

use super::merge::MergedItem;
use super::params::timeline_spans;
use super::Compiler;
use crate::diag::{Code, Diagnostic};
use crate::ir::DatedValue;
use chrono::NaiveDate;
use grammar::ast;

impl<'a> Compiler<'a> {
    pub fn lower_top_up(&mut self, idx: usize, mi: &MergedItem<'a>, d: &'a ast::TopUpDecl) {
        let Some(id) = self.top_up_target(idx, &d.target) else {
            return;
        };
        let dotted = d.target.dotted();
        let ty = self.params[id as usize].ty.clone();
        let origin = Box::new(self.origin(mi, d.span, &d.sources));
        let mut entries = Vec::new();
        for v in &d.values {
            if let Some(value) = self.param_value(idx, &v.value, &ty, &dotted) {
                let dated = DatedValue {
                    from: v.from.date,
                    through: v.through.map(|t| t.date),
                    value,
                    supplied_by: Some(origin.clone()),
                    end_reason: None,
                };
                entries.push((v.span, dated));
            }
        }
        if !self.check_timeline(&dotted, timeline_spans(&entries)) {
            return;
        }
        // A top-up starts where the used regeling stops, so only its end is
        // judged against the validity of the regeling that writes it.
        self.check_end_against_validity(mi, &dotted, &d.end_reason, &entries);
        if let Some((_, last)) = entries.last_mut() {
            last.end_reason = d.end_reason.as_ref().map(|t| t.value.clone());
        }
        let regeling = self.params[id as usize].origin.regeling.clone();
        for (span, entry) in entries {
            let own: Vec<&DatedValue> = self.params[id as usize]
                .timeline
                .iter()
                .filter(|o| o.supplied_by.is_none() && overlap(o, &entry))
                .collect();
            let Some(first) = own.first() else {
                // Two regelingen in one program topping up the same days.
                let other = self.params[id as usize]
                    .timeline
                    .iter()
                    .find(|o| overlap(o, &entry))
                    .and_then(|o| o.supplied_by.as_ref().map(|by| by.regeling.clone()));
                if let Some(other) = other {
                    self.err(
                        Code::ParameterOverlap,
                        span,
                        &format!("`{other}` vult `{dotted}` al aan op deze dagen"),
                        "overlapt met een andere aanvulling",
                    );
                    continue;
                }
                self.params[id as usize].timeline.push(entry);
                continue;
            };
            let same = own.iter().all(|o| o.value == entry.value);
            let from = first.from.max(entry.from);
            let what = if same {
                "dezelfde waarde als"
            } else {
                "een andere waarde dan"
            };
            self.push(
                Diagnostic::new(
                    Code::TopUpOverlap,
                    self.file,
                    span,
                    format!(
                        "`{regeling}` geeft `{dotted}` zelf een waarde vanaf {from}, {what} deze aanvulling; de waarde van `{regeling}` geldt"
                    ),
                )
                .label("aanvulling niet gebruikt")
                .help("haal deze waarde uit de aanvulling: een aanvulling geldt alleen op dagen waarop de gebruikte regeling geen waarde heeft"),
            );
        }
        self.params[id as usize].timeline.sort_by_key(|e| e.from);
    }

    /// The used parameter `alias.naam` names, or `None` after reporting.
    fn top_up_target(&mut self, idx: usize, target: &ast::Path) -> Option<u32> {
        let [alias, name] = target.parts.as_slice() else {
            self.push(
                Diagnostic::new(
                    Code::UnknownName,
                    self.file,
                    target.span,
                    format!("`{}` is geen parameter van een gebruikte regeling", target.dotted()),
                )
                .label("verwacht regeling.parameter")
                .help("schrijf `aanvulling <naam van de gebruikte regeling>.<parameter>`, bijvoorbeeld `aanvulling bijstandsnormen.bijstandsnorm_gehuwden_21_tot_aow`"),
            );
            return None;
        };
        let Some(&module) = self.modules[idx].imports.get(&alias.name) else {
            let known: Vec<String> = self.modules[idx].imports.keys().cloned().collect();
            self.unknown(alias, &known, "gebruikte regeling");
            return None;
        };
        match self.modules[module].params.get(&name.name) {
            Some(&id) => Some(id),
            None => {
                let known: Vec<String> = self.modules[module].params.keys().cloned().collect();
                self.unknown(name, &known, "parameter");
                None
            }
        }
    }
}

fn overlap(a: &DatedValue, b: &DatedValue) -> bool {
    let ends_after = |x: &DatedValue, day: NaiveDate| x.through.is_none_or(|t| t >= day);
    ends_after(a, b.from) && ends_after(b, a.from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Value;

    /// An entry from the first of a month, through the first of a month.
    fn months(from: (i32, u32), through: Option<(i32, u32)>) -> DatedValue {
        let first = |(y, m): (i32, u32)| NaiveDate::from_ymd_opt(y, m, 1).expect("valid test date");
        DatedValue {
            from: first(from),
            through: through.map(first),
            value: Value::Empty,
            supplied_by: None,
            end_reason: None,
        }
    }

    #[test]
    fn overlap_counts_shared_days_only() {
        let h2 = months((2025, 7), Some((2025, 12)));
        assert!(overlap(&h2, &months((2025, 11), None)));
        assert!(!overlap(&h2, &months((2026, 1), None)));
        assert!(overlap(
            &months((2025, 1), None),
            &months((2026, 1), Some((2026, 6)))
        ));
        assert!(!overlap(
            &months((2026, 7), None),
            &months((2026, 1), Some((2026, 6)))
        ));
    }
}
