//! The Dutch explanation of an evaluation: text a consulent can read aloud
//! and paste into a beschikking (Awb 3:46, deugdelijke motivering).
//!
//! A header (regeling, version, validity, peildatum, versions used), the
//! outputs, then per output why: the rule, exception, ladder step or
//! override that decided it, with its article citation and legal text, the
//! inputs given, the parameters (value and since when), table rows and
//! function results used, and recursively the rules it rests on. Each rule
//! is explained once and each article's text quoted once; later mentions
//! say "zie hierboven". Built from the trace; without one only the outputs
//! are listed.

use crate::case::{format_decimal, format_money};
use crate::citation;
use crate::dates;
use crate::display::{display_name, value_text as show};
use crate::eval::{Evaluation, OutputValue};
use crate::ir::{ArticlePartRef, ArticleRef, Definition, Origin, Over, Program, RuleId, StepDef};
use crate::trace::{Decision, Dep, RuleTrace, Trace, Uses};
use crate::types::Type;
use grammar::ast::Period;
use rust_decimal::Decimal;
use std::fmt::Write;

/// The explanation of `evaluation`; `trace` is its derivation, when
/// recorded.
pub fn explain(program: &Program, evaluation: &Evaluation, trace: Option<&Trace>) -> String {
    let mut w = Writer {
        program,
        trace,
        out: String::new(),
        explained: vec![false; program.rules.len()],
        quoted: Vec::new(),
        quoted_parts: Vec::new(),
    };
    w.header(evaluation);
    w.summary(evaluation);
    match w.trace {
        Some(trace) => {
            w.blank();
            w.line(0, "Toelichting:");
            for (k, &id) in program.outputs.iter().enumerate() {
                w.blank();
                match evaluation.outputs.get(k) {
                    Some(OutputValue::Undecided(needed)) => w.undecided(id, needed),
                    _ => w.output(trace, id),
                }
            }
        }
        None => {
            w.blank();
            w.line(
                0,
                "(Zonder afleiding: de toelichting per uitkomst volgt alleen als de afleiding is vastgelegd.)",
            );
        }
    }
    w.out
}

struct Writer<'a> {
    program: &'a Program,
    trace: Option<&'a Trace>,
    out: String,
    /// Rules whose derivation was written already.
    explained: Vec<bool>,
    /// Articles whose legal text was quoted already: many rules rest on
    /// one article, and its text once is enough for a beschikking.
    quoted: Vec<&'a ArticleRef>,
    /// Parts of articles (`lid 1`, `onder a`) quoted already.
    quoted_parts: Vec<(&'a ArticleRef, &'a ArticlePartRef)>,
}

impl<'a> Writer<'a> {
    fn line(&mut self, depth: usize, text: &str) {
        for _ in 0..depth {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn blank(&mut self) {
        self.out.push('\n');
    }

    fn header(&mut self, evaluation: &Evaluation) {
        let info = &self.program.info;
        self.line(0, &format!("{} (versie {})", info.name, info.version));
        self.line(
            0,
            &format!("Geldig {}", validity(info.valid_from, info.valid_through)),
        );
        self.line(
            0,
            &format!("Peildatum: {}", dates::dutch(evaluation.peildatum)),
        );
        if !info.parts.is_empty() {
            self.line(0, "Gebruikte regelingen (geldig op de peildatum):");
            for p in &info.parts {
                let role = match p.role {
                    crate::ir::VersionRole::Main => "",
                    crate::ir::VersionRole::Base => ", basis waarop deze regeling voortbouwt",
                    crate::ir::VersionRole::Import => ", gebruikt door deze regeling",
                };
                let text = format!(
                    "- {} versie {} ({}), geldig {}{role}",
                    p.regeling,
                    p.version,
                    p.path,
                    validity(p.valid_from, p.valid_through)
                );
                self.line(1, &text);
            }
        }
        for o in &evaluation.overrides {
            let Some(rule) = self.program.rules.get(o.rule as usize) else {
                continue;
            };
            let by =
                o.by.as_deref()
                    .map(|b| format!(" door {b}"))
                    .unwrap_or_default();
            let text = format!(
                "Let op: voor {} is afgeweken{by} ({}).",
                rule.display_name(),
                o.reason
            );
            self.line(0, &text);
        }
    }

    fn summary(&mut self, evaluation: &Evaluation) {
        self.blank();
        self.line(0, "Uitkomsten:");
        let program = self.program;
        for (k, &id) in program.outputs.iter().enumerate() {
            let Some(rule) = program.rules.get(id as usize) else {
                continue;
            };
            let value = match evaluation.outputs.get(k) {
                Some(OutputValue::Decided(v)) => show(&program.types, &rule.ty, v),
                _ => "nog niet te bepalen".into(),
            };
            self.line(1, &format!("- {}: {value}", rule.display_name()));
        }
        if !evaluation.missing.is_empty() {
            let names = self.input_names(&evaluation.missing);
            self.line(0, &format!("Nog nodig: {names}."));
        }
    }

    fn input_names(&self, ids: &[u32]) -> String {
        let names: Vec<String> = ids
            .iter()
            .filter_map(|&i| self.program.inputs.get(i as usize))
            .map(|i| i.display_name())
            .collect();
        join_and(&names)
    }

    fn undecided(&mut self, id: RuleId, needed: &[u32]) {
        let Some(rule) = self.program.rules.get(id as usize) else {
            return;
        };
        let names = self.input_names(needed);
        self.line(0, &format!("{}: nog niet te bepalen", rule.display_name()));
        self.line(1, &format!("Daarvoor is nog nodig: {names}."));
    }

    fn output(&mut self, trace: &'a Trace, id: RuleId) {
        let Some(rt) = trace.rule(id) else {
            return;
        };
        let value = self.rule_value(rt);
        self.line(0, &format!("{}: {value}", self.rule_name(rt)));
        if self.explained.get(id as usize).copied().unwrap_or(false) {
            self.line(1, "Zie de toelichting hierboven.");
            return;
        }
        self.rule_body(trace, rt, 1);
    }

    fn rule_value(&self, rt: &RuleTrace) -> String {
        let ty = self.rule_type(rt.rule);
        match &rt.value {
            Some(v) => show(&self.program.types, ty, v),
            None => "nog niet te bepalen".into(),
        }
    }

    /// The rule of a trace entry as people read it.
    fn rule_name(&self, rt: &RuleTrace) -> String {
        match self.program.rules.get(rt.rule as usize) {
            Some(rule) => rule.display_name(),
            None => String::new(),
        }
    }

    fn rule_type(&self, id: RuleId) -> &'a Type {
        self.program
            .rules
            .get(id as usize)
            .map_or(&Type::Never, |r| &r.ty)
    }

    /// Why the rule has its value, then what it used.
    fn rule_body(&mut self, trace: &'a Trace, rt: &'a RuleTrace, depth: usize) {
        if let Some(slot) = self.explained.get_mut(rt.rule as usize) {
            *slot = true;
        }
        let program = self.program;
        let Some(rule) = program.rules.get(rt.rule as usize) else {
            return;
        };
        let layer = self.layer(&rule.origin);
        match &rt.decision {
            Decision::Base => {
                // Without a source the rule's name (just written) says it all.
                if let Some(c) = cite(&rule.origin) {
                    self.line(depth, &format!("Dit volgt uit {c}{layer}."));
                    self.article_text(&rule.origin, depth + 1);
                }
            }
            Decision::Exception { path } => {
                let chain = trace.exception_chain(rule, *path);
                // Innermost first: "de uitzondering A op de uitzondering B".
                let parts: Vec<String> = chain
                    .iter()
                    .rev()
                    .map(|e| match cite(&e.origin) {
                        Some(c) => format!("de uitzondering \"{}\" ({c})", e.label),
                        None => format!("de uitzondering \"{}\"", e.label),
                    })
                    .collect();
                let base = match cite(&rule.origin) {
                    Some(c) => format!(" op de hoofdregel ({c})"),
                    None => String::new(),
                };
                let text = format!("Hier geldt {}{base}{layer}.", parts.join(" op "));
                self.line(depth, &text);
                if let Some(inner) = chain.last() {
                    self.article_text(&inner.origin, depth + 1);
                }
            }
            Decision::LadderStep { step, motivation } => {
                let Some(StepDef { name, origin, .. }) = rt.decision.step(rule) else {
                    return;
                };
                let skipped = match &rule.def {
                    Definition::Ladder(l) => l.steps[..(*step).min(l.steps.len())]
                        .iter()
                        .map(|s| display_name(&s.name, None))
                        .collect::<Vec<_>>(),
                    Definition::Expr(_) => Vec::new(),
                };
                let source = cite(origin).map(|c| format!(" ({c})")).unwrap_or_default();
                let text = format!(
                    "Volgens de afweging{} geldt stap {}: {}{source}.",
                    cite(&rule.origin)
                        .map(|c| format!(" van {c}"))
                        .unwrap_or_default(),
                    step + 1,
                    display_name(name, None)
                );
                self.line(depth, &text);
                match skipped.as_slice() {
                    [] => {}
                    [one] => self.line(
                        depth,
                        &format!("De eerdere stap ({one}) is niet van toepassing."),
                    ),
                    more => {
                        let text = format!(
                            "De eerdere stappen ({}) zijn niet van toepassing.",
                            join_and(more)
                        );
                        self.line(depth, &text);
                    }
                }
                if let Some(m) = motivation {
                    self.line(depth, &format!("Motivering: {m}"));
                }
                self.article_text(origin, depth + 1);
            }
            Decision::Otherwise { motivation } => {
                let Some(StepDef { name, origin, .. }) = rt.decision.step(rule) else {
                    return;
                };
                // The final step's own basis, as for any other step.
                let source = cite(origin).map(|c| format!(" ({c})")).unwrap_or_default();
                let text = format!(
                    "Volgens de afweging{} is geen van de stappen van toepassing; daarom geldt: {}{source}.",
                    cite(&rule.origin).map(|c| format!(" van {c}")).unwrap_or_default(),
                    display_name(name, None)
                );
                self.line(depth, &text);
                if let Some(m) = motivation {
                    self.line(depth, &format!("Motivering: {m}"));
                }
                self.article_text(origin, depth + 1);
            }
            Decision::Override {
                reason,
                by,
                original,
            } => {
                let by = by
                    .as_deref()
                    .map(|d| format!(" door {d}"))
                    .unwrap_or_default();
                self.line(depth, &format!("Van de regels is afgeweken{by}."));
                self.line(depth, &format!("Reden: {reason}"));
                let computed = match original {
                    Some(v) => format!(
                        "Volgens de regels{} zou de waarde {} zijn.",
                        cite(&rule.origin)
                            .map(|c| format!(" ({c})"))
                            .unwrap_or_default(),
                        show(&program.types, &rule.ty, v),
                    ),
                    None => "De waarde volgens de regels kon niet worden bepaald.".into(),
                };
                self.line(depth, &computed);
                // What the computation used, only when it succeeded.
                if original.is_some() && !rt.used.is_empty() {
                    self.line(depth, "Die berekening gebruikt:");
                    self.deps(trace, rt.used, depth + 1);
                }
                return;
            }
            Decision::Undecided => {
                self.line(depth, "Dit kan nog niet worden bepaald.");
            }
        }
        self.deps(trace, rt.used, depth);
    }

    /// The legal text of the article, quoted, when the rule file has it:
    /// the first time in full, later as a pointer to that quote. A rule
    /// whose `bron` names a part of the article (`lid 1`) quotes that part.
    fn article_text(&mut self, origin: &'a Origin, depth: usize) {
        let Some(article) = origin.article.as_deref() else {
            return;
        };
        let parts = citation::cited_parts(origin);
        if !parts.is_empty() {
            for part in parts {
                let seen = self.quoted.iter().any(|q| same_article(q, article))
                    || self
                        .quoted_parts
                        .iter()
                        .any(|(q, p)| same_article(q, article) && *p == part);
                if seen {
                    let name = format!(
                        "{} {} {}",
                        self.article_name(article),
                        part.kind.word(),
                        part.id
                    );
                    self.line(
                        depth,
                        &format!("(Voor de tekst van {name}: zie hierboven.)"),
                    );
                } else {
                    self.quoted_parts.push((article, part));
                    self.quote(&article.part_quote(part), depth);
                }
            }
            return;
        }
        let Some(text) = article.whole_quote() else {
            return;
        };
        if self.quoted.iter().any(|q| same_article(q, article)) {
            let name = self.article_name(article);
            self.line(
                depth,
                &format!("(Voor de tekst van {name}: zie hierboven.)"),
            );
            return;
        }
        self.quoted.push(article);
        self.quote(&text, depth);
    }

    /// "art. 22a", with its document when another document's article
    /// with the same number was quoted too.
    fn article_name(&self, article: &ArticleRef) -> String {
        let ambiguous = self
            .quoted
            .iter()
            .chain(self.quoted_parts.iter().map(|(q, _)| q))
            .any(|q| q.number == article.number && q.document != article.document);
        match (&article.document, ambiguous) {
            (Some(doc), true) => format!("art. {} {doc}", article.number),
            _ => format!("art. {}", article.number),
        }
    }

    fn quote(&mut self, text: &str, depth: usize) {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        self.line(depth, &format!("\u{201c}{text}\u{201d}"));
    }

    /// " (uit regeling x)" when a definition comes from another layer.
    fn layer(&self, origin: &Origin) -> String {
        if origin.regeling.is_empty() || *origin.regeling == *self.program.info.id {
            String::new()
        } else {
            format!(" (uit de regeling {})", origin.regeling)
        }
    }

    fn deps(&mut self, trace: &'a Trace, used: Uses, depth: usize) {
        let program = self.program;
        let types = &program.types;
        let given: Vec<String> = trace
            .deps(used)
            .filter_map(|d| match d {
                Dep::Input { input, value, .. } => {
                    let def = program.inputs.get(*input as usize)?;
                    // The peildatum is in the header; it is not the client's answer.
                    if *input == program.peildatum {
                        return None;
                    }
                    Some(format!(
                        "{}: {}",
                        def.display_name(),
                        show(types, &def.ty, value)
                    ))
                }
                _ => None,
            })
            .collect();
        if !given.is_empty() {
            self.line(depth, &format!("U hebt opgegeven: {}.", given.join("; ")));
        }
        for dep in trace.deps(used) {
            match dep {
                Dep::Input { .. } => {}
                Dep::Param {
                    parameter,
                    value,
                    valid_from,
                    through,
                    ..
                } => {
                    let Some(def) = program.params.get(*parameter as usize) else {
                        continue;
                    };
                    let mut notes = Vec::new();
                    match (valid_from, through) {
                        (Some(f), Some(t)) => notes.push(format!(
                            "geldig van {} tot en met {}",
                            dates::dutch(*f),
                            dates::dutch(*t)
                        )),
                        (Some(f), None) => notes.push(format!("geldig vanaf {}", dates::dutch(*f))),
                        (None, Some(t)) => {
                            notes.push(format!("geldig tot en met {}", dates::dutch(*t)))
                        }
                        (None, None) => {}
                    }
                    if let Some(c) = cite(&def.origin) {
                        notes.push(c);
                    }
                    // A value another regeling supplied: say so, with its source.
                    if let Some(by) = def.supplied_by(*valid_from) {
                        let mut note = format!("aangevuld door {}", by.regeling);
                        if let Some(c) = cite(by) {
                            note.push_str(&format!(": {c}"));
                        }
                        notes.push(note);
                    }
                    let notes = if notes.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", notes.join("; "))
                    };
                    let text = format!(
                        "- {}: {}{notes}",
                        def.display_name(),
                        show(types, &def.ty, value)
                    );
                    self.line(depth, &text);
                }
                Dep::Rule { rule, .. } => {
                    let Some(rt) = trace.rule(*rule) else {
                        continue;
                    };
                    let value = self.rule_value(rt);
                    let done = self.explained.get(*rule as usize).copied().unwrap_or(false);
                    if done {
                        self.line(
                            depth,
                            &format!("- {}: {value} (zie hierboven)", self.rule_name(rt)),
                        );
                    } else {
                        self.line(depth, &format!("- {}: {value}", self.rule_name(rt)));
                        self.rule_body(trace, rt, depth + 2);
                    }
                }
                Dep::Table {
                    table,
                    rows,
                    args,
                    value,
                    ..
                } => {
                    let Some(def) = program.tables.get(*table as usize) else {
                        continue;
                    };
                    let args: Vec<String> = def
                        .inputs
                        .iter()
                        .zip(trace.values(*args))
                        .enumerate()
                        .map(|(k, ((_, ty), v))| {
                            format!("{} {}", def.column_display_name(k), show(types, ty, v))
                        })
                        .collect();
                    let rows = match trace.rows(*rows) {
                        [] => "past geen rij".to_string(),
                        [r] => format!("past rij {r}"),
                        rows => {
                            let numbers: Vec<String> = rows.iter().map(u32::to_string).collect();
                            format!("passen de rijen {}", join_and(&numbers))
                        }
                    };
                    let source = cite(&def.origin)
                        .map(|c| format!(" ({c})"))
                        .unwrap_or_default();
                    let text = format!(
                        "- tabel {}{source}: bij {} {rows}, met als uitkomst {}",
                        def.display_name(),
                        join_and(&args),
                        show(types, &def.result_type, value)
                    );
                    self.line(depth, &text);
                }
                Dep::Call {
                    function,
                    args,
                    value,
                    used,
                    ..
                } => {
                    let Some(def) = program.functions.get(*function as usize) else {
                        continue;
                    };
                    // "bij geboortedatum 1 januari 1980 en peildatum 1 maart 2025":
                    // each argument with the parameter it is, as with tables.
                    let args: Vec<String> = def
                        .params
                        .iter()
                        .zip(trace.values(*args))
                        .enumerate()
                        .map(|(k, ((_, ty), v))| {
                            format!("{} {}", def.param_display_name(k), show(types, ty, v))
                        })
                        .collect();
                    let result = value
                        .as_ref()
                        .map_or("onbekend".into(), |v| show(types, &def.ret, v));
                    let source = cite(&def.origin)
                        .map(|c| format!(" ({c})"))
                        .unwrap_or_default();
                    let text = format!(
                        "- {} bij {}: {result}{source}",
                        def.display_name(),
                        join_and(&args)
                    );
                    self.line(depth, &text);
                    self.deps(trace, *used, depth + 2);
                }
                Dep::Over { text, .. } => self.line(depth, &format!("- {text}")),
            }
        }
    }
}

/// An `over` as a person says it: "€ 50,00 per maand over 12 maanden:
/// € 600,00", "€ 600,00 verdeeld over 12 maanden: € 50,00 per maand".
pub(crate) fn over_sentence(how: &Over, amount: Decimal, count: Decimal, value: Decimal) -> String {
    let per = |d: Decimal| format!("{} per {}", format_money(d), how.period.dutch());
    let (from, to, verb) = if how.spread {
        (format_money(amount), per(value), "verdeeld over")
    } else {
        (per(amount), format_money(value), "over")
    };
    let unit = how.unit.dutch(count == Decimal::ONE);
    // A conversion inside the calendar is said, not hidden:
    // "€ 1.200,00 per jaar over 6 maanden (6 maanden = 6/12 jaar)".
    let conversion = if how.denominator == 1 {
        String::new()
    } else {
        let period = match how.period {
            Period::FourWeeks => "vierweekse periode",
            p => p.dutch(),
        };
        format!(
            " ({} {unit} = {}/{} {period})",
            format_decimal(count),
            format_decimal(count * Decimal::from(how.numerator)),
            how.denominator
        )
    };
    format!(
        "{from} {verb} {} {unit}{conversion}: {to}",
        format_decimal(count)
    )
}

/// One article of one document (the same article reached through
/// different layers or rules).
fn same_article(a: &ArticleRef, b: &ArticleRef) -> bool {
    a.number == b.number && a.document == b.document
}

/// The citation, or `None` when the definition has no source.
pub(crate) fn cite(origin: &Origin) -> Option<String> {
    let c = origin.citation();
    (!c.is_empty()).then_some(c)
}

/// "a, b en c"
pub(crate) fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} en {last}", init.join(", ")),
    }
}

/// "vanaf 1 januari 2025 tot en met …", as explanations and hover texts say it.
pub(crate) fn validity(from: chrono::NaiveDate, through: Option<chrono::NaiveDate>) -> String {
    let mut s = String::new();
    let _ = write!(s, "vanaf {}", dates::dutch(from));
    if let Some(t) = through {
        let _ = write!(s, " tot en met {}", dates::dutch(t));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::{EvalOptions, Override};
    use crate::ir::{CellTest, Definition, LadderDef, Node, Template, TemplatePart};
    use crate::test_support::*;
    use crate::trace;
    use crate::value::Value;
    use grammar::ast::{HitPolicy, Period};
    use std::sync::Arc;

    /// A small Wmo-like regeling: eigen bijdrage with an exception, a
    /// routing ladder with motivations, a table and a function.
    fn program() -> Program {
        let mut bld = Builder::new();
        let maand = Type::Money(Some(Period::Month));
        let hulp = bld.enumeration("Hulpvraag", &["huishouden", "wassen", "rolstoel"]);
        let route = bld.enumeration(
            "Route",
            &[
                "eigen_kracht",
                "algemene_voorziening",
                "maatwerkvoorziening",
            ],
        );
        let gehuwd = bld.input("gehuwd", Type::Bool);
        let partner = bld.input("geboortedatum_partner", Type::Date);
        let hulpvraag = bld.input("hulpvraag", Type::Enum(hulp));
        let kracht = bld.input("eigen_kracht_toereikend", Type::Bool);
        let instelling = bld.input("echtgenoot_in_instelling", Type::Bool);
        let tarief = bld.param(
            "abonnementstarief",
            maand.clone(),
            vec![
                (date(2024, 1, 1), None, n("20.60")),
                (date(2025, 1, 1), Some(date(2025, 12, 31)), n("21.00")),
            ],
        );
        bld.program.params[tarief as usize].origin =
            origin_at("3.8 lid 2", None, Some("CAK, tarieven 2025"));
        let aow = bld.constant(
            "aow_leeftijd",
            Type::Duration,
            Value::Duration {
                months: 67 * 12 + 3,
                days: 0,
            },
        );
        let aow_datum = bld.function(
            "aow_datum",
            vec![("geboortedatum", Type::Date)],
            Type::Date,
            Node::DateShift {
                date: Box::new(local(0)),
                duration: Box::new(param(aow)),
                subtract: false,
            },
            1,
        );
        bld.program.functions[aow_datum as usize].origin = origin_at("7a", None, None);
        let partner_aow = bld.rule(
            "partner_heeft_aow_leeftijd",
            Type::Bool,
            Node::Compare(
                grammar::ast::CompareOp::Le,
                Box::new(Node::CallFn(aow_datum, vec![input(partner)])),
                Box::new(input(0)),
            ),
        );
        let mut bijdrage =
            Builder::new_rule("eigen_bijdrage", maand, Definition::Expr(param(tarief)));
        bijdrage.origin = origin_at(
            "3.8 lid 1",
            Some("De bijdrage voor een maatwerkvoorziening bedraagt\n   ten hoogste het abonnementstarief."),
            None,
        );
        bijdrage.overridable = true;
        let mut exc = exception(
            "gehuwd, partner onder de AOW-leeftijd",
            and(input(gehuwd), not(rule(partner_aow))),
            cn("0"),
            vec![],
        );
        exc.origin = origin_at(
            "3.8 lid 3 onder f",
            Some("Geen bijdrage is verschuldigd door een gehuwde van wie de echtgenoot de AOW-leeftijd nog niet heeft bereikt."),
            None,
        );
        let mut child = exception(
            "echtgenoot in een instelling",
            input(instelling),
            cn("21"),
            vec![],
        );
        child.origin = origin_at(
            "3.8 lid 4",
            Some("Het derde lid, onder f, is niet van toepassing als de echtgenoot in een instelling verblijft."),
            None,
        );
        exc.children = vec![child];
        bijdrage.exceptions = vec![exc];
        let bijdrage = bld.rule_def(bijdrage);
        let table = bld.table(
            "algemene_voorziening",
            vec![("hulpvraag", Type::Enum(hulp))],
            vec![("naam", Type::Text.optional())],
            HitPolicy::First,
            vec![
                row(
                    1,
                    vec![is(c(Value::Enum(0)))],
                    vec![Some(c(text("schoonmaakondersteuning")))],
                ),
                row(
                    2,
                    vec![is(c(Value::Enum(1)))],
                    vec![Some(c(text("wasservice")))],
                ),
                row(3, vec![CellTest::Any], vec![None]),
            ],
        );
        bld.program.tables[table as usize].origin = origin_at("5 lid 2", None, None);
        let voorziening = bld.rule(
            "algemene_voorziening_naam",
            Type::Text.optional(),
            Node::CallTable(table, vec![input(hulpvraag)]),
        );
        let motivation = Template {
            parts: vec![
                TemplatePart::Text("Voor uw hulpvraag (".into()),
                TemplatePart::Value(input(hulpvraag), Type::Enum(hulp)),
                TemplatePart::Text(") is er een algemene voorziening: ".into()),
                TemplatePart::Value(rule(voorziening), Type::Text.optional()),
                TemplatePart::Text(".".into()),
            ],
        };
        let mut s1 = step(0, "eigen_kracht", Some(input(kracht)), None);
        s1.origin = origin_at("4 lid 1", None, None);
        let mut s2 = step(
            1,
            "algemene_voorziening",
            Some(Node::Exists(Box::new(rule(voorziening)), false)),
            Some(motivation),
        );
        s2.origin = origin_at(
            "4 lid 2",
            Some("Het college wijst eerst op een passende algemene voorziening."),
            None,
        );
        let ladder = LadderDef {
            steps: vec![s1, s2],
            otherwise: step(2, "maatwerkvoorziening", None, None),
        };
        let mut route_rule =
            Builder::new_rule("route", Type::Enum(route), Definition::Ladder(ladder));
        route_rule.origin = origin_at("4", None, None);
        let route_rule = bld.rule_def(route_rule);
        let mut maximum = Builder::new_rule(
            "maximale_bijdrage",
            Type::Money(Some(Period::Month)),
            Definition::Expr(param(tarief)),
        );
        maximum.origin = origin_at("3.8 lid 2", None, None);
        let maximum = bld.rule_def(maximum);
        bld.output(bijdrage);
        bld.output(maximum);
        bld.output(route_rule);
        bld.output(voorziening);
        bld.program.info.name = "Eigen bijdrage en toegang Wmo".into();
        bld.build()
    }

    fn inputs(p: &Program, known: bool) -> Vec<Option<Value>> {
        inputs_with(p, known, false)
    }

    fn inputs_with(p: &Program, known: bool, instelling: bool) -> Vec<Option<Value>> {
        let mut values = vec![
            (1, b(true)),
            (3, Value::Enum(1)),
            (4, b(false)),
            (5, b(instelling)),
        ];
        if known {
            values.push((2, dv(1960, 5, 10)));
        }
        case(p, date(2025, 3, 1), &values)
    }

    #[test]
    fn explanation_of_a_complete_case() {
        let p = program();
        let (ev, trace) = run_traced(&p, &inputs(&p, true)).expect("evaluates");
        insta::assert_snapshot!(explain(&p, &ev, Some(&trace)));
    }

    #[test]
    fn labels_replace_the_names_people_read() {
        let mut p = program();
        let rule = p
            .rules
            .iter()
            .position(|r| r.name == "maximale_bijdrage")
            .unwrap();
        p.rules[rule].label = Some("maximale bijdrage per maand".into());
        let input = p.inputs.iter().position(|i| i.name == "gehuwd").unwrap();
        p.inputs[input].label = Some("getrouwd".into());
        let mut types = (*p.types).clone();
        let route = types.enums.iter().position(|e| e.name == "Route").unwrap();
        types.enums[route].labels = vec![None, Some("een algemene voorziening".into())];
        p.types = std::sync::Arc::new(types);
        let (ev, trace) = run_traced(&p, &inputs(&p, true)).expect("evaluates");
        let text = explain(&p, &ev, Some(&trace));
        assert!(
            text.contains("- maximale bijdrage per maand: € 21,00 per maand"),
            "{text}"
        );
        assert!(text.contains("U hebt opgegeven: getrouwd: ja;"), "{text}");
        assert!(text.contains("- route: een algemene voorziening"), "{text}");
        assert!(!text.contains("- maximale bijdrage:"), "{text}");
    }

    #[test]
    fn explanation_with_an_override_and_an_undecided_output() {
        let p = program();
        let mut p2 = p.clone();
        // An output that needs the unknown partner: partner_heeft_aow_leeftijd.
        p2.outputs.push(0);
        let options = EvalOptions {
            overrides: vec![Override {
                rule: 1,
                value: n("10"),
                reason: "hardheidsclausule: hoge zorgkosten elders".into(),
                by: Some("consulent J. de Vries".into()),
            }],
        };
        let (ev, trace) = trace::evaluate(&p2, &inputs(&p2, false), &options).expect("evaluates");
        assert_eq!(ev.missing, [2]);
        insta::assert_snapshot!(explain(&p2, &ev, Some(&trace)));
    }

    #[test]
    fn explanation_of_an_exception_to_an_exception() {
        let p = program();
        let mut focused = p.clone();
        focused.outputs = vec![1];
        let (ev, trace) =
            run_traced(&focused, &inputs_with(&focused, true, true)).expect("evaluates");
        insta::assert_snapshot!(explain(&focused, &ev, Some(&trace)));
    }

    /// The algemene voorziening rests on the article of the ladder step
    /// that uses it; the maximum on an article with the same number in
    /// another document.
    #[test]
    fn an_article_is_quoted_once() {
        let mut p = program();
        let rule_named = |p: &Program, name: &str| {
            p.rules
                .iter()
                .position(|r| r.name == name)
                .expect("rule in the test program")
        };
        let step_text = "Het college wijst eerst op een passende algemene voorziening.";
        let voorziening = rule_named(&p, "algemene_voorziening_naam");
        p.rules[voorziening].origin = origin_at("4 lid 2", Some(step_text), None);
        let other_text = "Een andere regeling met een artikel met hetzelfde nummer.";
        let mut other = origin_at("4 lid 2", Some(other_text), None);
        if let Some(a) = other.article.as_mut() {
            Arc::make_mut(a).document = Some("Andere regeling".into());
        }
        let maximum = rule_named(&p, "maximale_bijdrage");
        p.rules[maximum].origin = other;
        let (ev, trace) = run_traced(&p, &inputs(&p, true)).expect("evaluates");
        let text = explain(&p, &ev, Some(&trace));
        assert_eq!(text.matches(step_text).count(), 1, "{text}");
        assert_eq!(text.matches(other_text).count(), 1, "{text}");
        // Two articles "4 lid 2" were quoted: the pointer names the document.
        assert!(
            text.contains("(Voor de tekst van art. 4 lid 2 Testverordening: zie hierboven.)"),
            "{text}"
        );
        insta::assert_snapshot!(text);
    }

    #[test]
    fn override_shows_the_value_by_the_rules() {
        let p = program();
        let options = EvalOptions {
            overrides: vec![Override {
                rule: 1,
                value: n("10"),
                reason: "hardheidsclausule".into(),
                by: None,
            }],
        };
        let (ev, trace) = trace::evaluate(&p, &inputs(&p, true), &options).expect("evaluates");
        let text = explain(&p, &ev, Some(&trace));
        let expected = "eigen bijdrage: € 10,00 per maand\n  \
            Van de regels is afgeweken.\n  \
            Reden: hardheidsclausule\n  \
            Volgens de regels (art. 3.8 lid 1 Testverordening) zou de waarde € 0,00 per maand zijn.\n  \
            Die berekening gebruikt:\n    \
            U hebt opgegeven: gehuwd: ja; echtgenoot in instelling: nee.\n    \
            - partner heeft aow leeftijd: nee\n";
        assert!(text.contains(expected), "{text}");
    }

    /// The final `anders` step names its own basis, as every other step does.
    #[test]
    fn the_otherwise_step_cites_its_source() {
        let mut p = program();
        let route = p
            .rules
            .iter()
            .position(|r| r.name == "route")
            .expect("rule in the test program");
        let Definition::Ladder(ladder) = &mut p.rules[route].def else {
            panic!("route is an afweging");
        };
        ladder.otherwise.origin = origin_at("4 lid 3", None, Some("Wmo 2015 art. 2.3.5 lid 3"));
        p.outputs = vec![route as RuleId];
        // No eigen kracht, and no algemene voorziening for a rolstoel.
        let mut values = inputs(&p, true);
        values[3] = Some(Value::Enum(2));
        let (ev, trace) = run_traced(&p, &values).expect("evaluates");
        let text = explain(&p, &ev, Some(&trace));
        assert!(
            text.contains(
                "is geen van de stappen van toepassing; daarom geldt: maatwerkvoorziening \
                 (art. 4 lid 3 Testverordening; Wmo 2015 art. 2.3.5 lid 3)."
            ),
            "{text}"
        );
    }

    #[test]
    fn without_trace_only_the_outputs() {
        let p = program();
        let ev = run(&p, &inputs(&p, true)).expect("evaluates");
        let text = explain(&p, &ev, None);
        assert!(text.contains("Uitkomsten:"), "{text}");
        assert!(
            text.contains("(Zonder afleiding: de toelichting per uitkomst volgt alleen als de afleiding is vastgelegd.)"),
            "{text}"
        );
        assert!(!text.contains("Toelichting:"), "{text}");
    }

    /// `over` reads as a person says it, with a conversion inside the
    /// calendar said out loud; the trace JSON carries the same sentence.
    /// (Compiles a rule file, so only with the checker.)
    #[cfg(feature = "compile")]
    #[test]
    fn explanation_of_an_amount_over_time() {
        use crate::api::{Engine, Request};
        use crate::source::SourceSet;
        let mut s = SourceSet::new();
        s.add(
            "rules/proef/over/2025.regels",
            "regeling \"Over\"\n  id proef.over\n  geldig vanaf 2025-01-01\n\n\
             invoer maandbedrag: bedrag per maand\ninvoer jaarbedrag: bedrag per jaar\n\
             invoer vakantiegeld: bedrag\ninvoer gewerkte_maanden: geheel getal\n\
             uitvoer jaartotaal, opgebouwd, half_jaar, per_maand\n\
             regel jaartotaal: bedrag = maandbedrag over 12 maanden\n\
             regel opgebouwd: bedrag = maandbedrag over gewerkte_maanden maanden\n\
             regel half_jaar: bedrag = jaarbedrag over 6 maanden afgerond op centen\n\
             regel per_maand: bedrag per maand = vakantiegeld verdeeld over 1 jaar omgerekend naar per maand afgerond op centen\n"
                .to_string(),
        );
        let engine = Engine::new(s);
        assert!(
            engine.diagnostics().is_empty(),
            "{:#?}",
            engine.diagnostics()
        );
        let outcome = engine
            .evaluate(
                "proef.over",
                &serde_json::json!({"peildatum": "2025-03-01", "maandbedrag": "50.00",
                    "jaarbedrag": "1200.00", "vakantiegeld": "600.00", "gewerkte_maanden": 1}),
                &Request {
                    trace: true,
                    ..Request::default()
                },
            )
            .expect("evaluates");
        let text = outcome.explain();
        assert!(
            text.contains("  - € 50,00 per maand over 12 maanden: € 600,00\n"),
            "{text}"
        );
        let json = outcome.to_json().to_string();
        assert!(
            json.contains(
                r#"{"soort":"over","tekst":"€ 50,00 per maand over 12 maanden: € 600,00"}"#
            ),
            "{json}"
        );
        insta::assert_snapshot!(text);
    }
}
