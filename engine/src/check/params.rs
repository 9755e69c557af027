//! Parameters: dated values, folded to constants, with their timeline
//! checked for gaps (R0501), overlaps and order (R0502) and for ending
//! before, or starting after, the regeling they belong to (R0503).

use super::expr::with_unit;
use super::fold::fold;
use super::merge::MergedItem;
use super::scope::{BodyKind, Env};
use super::Compiler;
use crate::diag::{Code, Diagnostic};
use crate::ir::DatedValue;
use chrono::{Days, NaiveDate};
use grammar::ast::{self, Expr, ParameterValues};

impl<'a> Compiler<'a> {
    pub fn lower_param(&mut self, idx: usize, mi: &MergedItem<'a>, d: &'a ast::ParameterDecl) {
        let Some(&id) = self.modules[idx].params.get(&d.name.name) else {
            return;
        };
        let ty = self.params[id as usize].ty.clone();
        match &d.values {
            ParameterValues::Constant(e) => {
                if let Some(value) = self.param_value(idx, e, &ty, &d.name.name) {
                    self.params[id as usize].timeline = vec![DatedValue {
                        from: NaiveDate::MIN,
                        through: None,
                        value,
                        supplied_by: None,
                        end_reason: None,
                    }];
                }
            }
            ParameterValues::Dated(values) => {
                let mut timeline = Vec::new();
                for v in values {
                    let (from, through) = (v.from.date, v.through.map(|t| t.date));
                    if let Some(t) = through {
                        if t < from {
                            self.err(
                                Code::ParameterOverlap,
                                v.span,
                                "de einddatum ligt vóór de begindatum",
                                "einde vóór begin",
                            );
                            continue;
                        }
                    }
                    if let Some(value) = self.param_value(idx, &v.value, &ty, &d.name.name) {
                        timeline.push((
                            v.span,
                            DatedValue {
                                from,
                                through,
                                value,
                                supplied_by: None,
                                end_reason: None,
                            },
                        ));
                    }
                }
                let checked = self.check_timeline(&d.name.name, timeline_spans(&timeline));
                if checked {
                    self.check_against_validity(mi, d, &timeline);
                }
                let timeline_values: Vec<DatedValue> =
                    timeline.into_iter().map(|(_, v)| v).collect();
                self.params[id as usize].timeline = timeline_values;
            }
        }
    }

    pub(super) fn param_value(
        &mut self,
        idx: usize,
        e: &Expr,
        ty: &crate::types::Type,
        name: &str,
    ) -> Option<crate::value::Value> {
        let mut env = Env::new(idx, BodyKind::Pure);
        let l = self.expr(e, Some(ty), &mut env);
        self.coerce(&l, ty, e.span);
        self.require_precise(&l, ty, e.span, &format!("parameter `{name}`"));
        let l = with_unit(l, ty);
        match fold(&l.node) {
            Some(v) => Some(v),
            None if l.ty == crate::types::Type::Never => None,
            None => {
                self.push(
                    Diagnostic::new(Code::TypeMismatch, self.file, e.span, "de waarde van een parameter moet vast staan")
                        .label("geen vaste waarde")
                        .help("schrijf een bedrag, getal, datum of duur; berekeningen horen in een `regel`"),
                );
                None
            }
        }
    }

    /// R0501/R0502: entries in date order, no overlap, no gap. Returns
    /// whether the timeline is well-formed.
    pub(super) fn check_timeline(
        &mut self,
        name: &str,
        entries: Vec<(grammar::ast::Span, NaiveDate, Option<NaiveDate>)>,
    ) -> bool {
        let mut ok = true;
        for pair in entries.windows(2) {
            let (_, from_a, through_a) = pair[0];
            let (span_b, from_b, _) = pair[1];
            if from_b <= from_a {
                ok = false;
                self.push(
                    Diagnostic::new(
                        Code::ParameterOverlap,
                        self.file,
                        span_b,
                        format!("de waarden van parameter `{name}` staan niet op datumvolgorde"),
                    )
                    .label("eerder of gelijk aan de vorige `vanaf`")
                    .help("zet de `vanaf`-regels van oud naar nieuw"),
                );
                continue;
            }
            if let Some(t) = through_a {
                if t >= from_b {
                    ok = false;
                    self.push(
                        Diagnostic::new(
                            Code::ParameterOverlap,
                            self.file,
                            span_b,
                            format!("de waarden van parameter `{name}` overlappen"),
                        )
                        .label(format!("de vorige waarde loopt tot en met {t}")),
                    );
                } else if t.checked_add_days(Days::new(1)) != Some(from_b) {
                    ok = false;
                    self.push(
                        Diagnostic::new(
                            Code::ParameterGap,
                            self.file,
                            span_b,
                            format!("parameter `{name}` heeft geen waarde van {} tot {from_b}", t.checked_add_days(Days::new(1)).unwrap_or(t)),
                        )
                        .label("gat in de tijd")
                        .help("laat de vorige waarde doorlopen (haal `tot en met` weg) of vul het gat met een eigen `vanaf`"),
                    );
                }
            }
        }
        ok
    }

    /// R0503: a parameter should cover the whole validity of its regeling.
    fn check_against_validity(
        &mut self,
        mi: &MergedItem<'a>,
        d: &ast::ParameterDecl,
        timeline: &[(grammar::ast::Span, DatedValue)],
    ) {
        let Some((valid_from, _)) = self.file_validity.get(&mi.file).copied() else {
            return;
        };
        let Some((first_span, first)) = timeline.first() else {
            return;
        };
        if first.from > valid_from {
            self.push(
                Diagnostic::new(
                    Code::ParameterShorterThanRegeling,
                    self.file,
                    *first_span,
                    format!(
                        "parameter `{}` begint op {}, na het begin van de regeling ({valid_from})",
                        d.name.name, first.from
                    ),
                )
                .label("geen waarde aan het begin van de regeling"),
            );
        }
        self.check_end_against_validity(mi, &d.name.name, &d.end_reason, timeline);
    }

    /// R0503 at the end: values (a parameter's own, or an `aanvulling`'s)
    /// whose last `tot en met` lies before the end of the regeling that
    /// writes them, unless `einde "reden"` says the end is intended.
    pub(super) fn check_end_against_validity(
        &mut self,
        mi: &MergedItem<'a>,
        name: &str,
        end_reason: &Option<ast::Text>,
        timeline: &[(grammar::ast::Span, DatedValue)],
    ) {
        let Some((_, valid_through)) = self.file_validity.get(&mi.file).copied() else {
            return;
        };
        let Some((last_span, last)) = timeline.last() else {
            return;
        };
        // An open-ended regeling outlives any parameter with a last date:
        // that date is often a deliberate "known through" (evaluation after it
        // fails clearly), but the policy writer and the auditor must see it.
        let Some(end) = last.through else { return };
        // `einde "reden"`: the writer has answered this warning.
        if end_reason.is_some() {
            return;
        }
        let (until, help) = match valid_through {
            Some(regeling_end) if end < regeling_end => (
                format!("tot en met {regeling_end}"),
                "voeg de nieuwe waarde toe, of laat de regeling eerder eindigen",
            ),
            Some(_) => return,
            None => (
                "zonder einddatum".to_string(),
                "voeg de nieuwe waarde toe zodra die bekend is, of geef de regeling een einddatum; tot dan stopt een casus met een latere peildatum met een foutmelding",
            ),
        };
        self.push(
            Diagnostic::new(
                Code::ParameterShorterThanRegeling,
                self.file,
                *last_span,
                format!("parameter `{name}` eindigt op {end}, maar de regeling geldt {until}"),
            )
            .label("parameter eindigt eerder")
            .help(format!("{help}; is dat einde bedoeld, schrijf dan onder de laatste waarde `einde \"reden\"`")),
        );
    }
}

pub(super) fn timeline_spans(
    t: &[(grammar::ast::Span, DatedValue)],
) -> Vec<(grammar::ast::Span, NaiveDate, Option<NaiveDate>)> {
    t.iter().map(|(s, v)| (*s, v.from, v.through)).collect()
}
