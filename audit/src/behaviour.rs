//! The behavioural diff: every case evaluated under the old and the new
//! version, and what changes — per output, how many cases go from which
//! value to which (`czm_toekenning: op_aanvraag → afgewezen: 412`), money
//! totals and deltas per period and per year, errors on either side, and a
//! few example cases whose explanations the report shows side by side.
//!
//! Each side is evaluated with its own rules: an engine of its own
//! ([`sides`]) built from the library around the comparison in which every
//! regeling the side defines is replaced by the side's files — the old
//! files with whatever they layer on or use from the library, and the new
//! files likewise. Folders, single files, git revisions and a base against
//! its layer are all built this way. When two single version files of one
//! regeling are compared (2024 → 2025), the old file is given the validity
//! of the new one ([`align_validity`]): the old rules are applied on the
//! same peildata as the new ones — the scenario "ongewijzigd beleid" — so
//! the difference is the change of policy alone.

use super::diff::header_of;
use super::simulate::error_kind;
use super::stats::{Count, Counter, Sum, Total};
use super::{case_of, LineSink};
use engine::api::{Engine, Outcome, Request};
use engine::case;
use engine::display;
use engine::eval::OutputValue;
use engine::library::Head;
use engine::source::SourceSet;
use engine::types::Type;
use engine::value::Value;
use grammar::ast::Period;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value as Json;
use std::collections::HashMap;

/// Distinct (old → new) pairs kept per output; the rest count as `overige`.
const TRANSITIONS: usize = 500;
/// Distinct error messages kept per side.
const ERROR_MESSAGES: usize = 50;
/// Example lines kept per transition.
const EXAMPLES_PER_TRANSITION: usize = 1;

/// A source file as (path, text).
pub type Source = (String, String);

/// One side of a behavioural diff: an engine built from that side's own
/// rules, and the regeling in it whose cases are compared.
pub struct Side {
    pub engine: Engine,
    pub regeling: String,
}

/// The two sides of a behavioural diff of `old` against `new`, each with
/// the rest of `library` around it (bases, used regelingen). A side
/// replaces every regeling it defines: the library's files of those
/// regelingen are left out, whatever folder they lie in, so no version of
/// the other side can answer for it. Two single files of one regeling in
/// different versions are compared as "ongewijzigd beleid"
/// ([`align_validity`]). A Dutch error when a side has no readable rule file
/// or its regeling does not load.
pub fn sides(library: &[Source], old: &[Source], new: &[Source]) -> Result<(Side, Side), String> {
    let mut old_files = old.to_vec();
    if let ([o], [n]) = (old, new) {
        let (ho, hn) = (header_of(&o.1), header_of(&n.1));
        if let (Some((id_old, v_old)), Some((id_new, v_new))) = (ho, hn) {
            if id_old == id_new && v_old != v_new {
                if let Some(aligned) = align_validity(&o.1, &n.1) {
                    old_files[0].1 = aligned;
                }
            }
        }
    }
    Ok((
        side(library, &old_files, "oude")?,
        side(library, new, "nieuwe")?,
    ))
}

/// `library` with the regelingen of `files` replaced by `files`, and the
/// regeling to evaluate: the one the side's other files do not build on
/// (a layer rather than its base), the first such in file order.
fn side(library: &[Source], files: &[Source], which: &str) -> Result<Side, String> {
    let heads: Vec<Head> = files
        .iter()
        .filter_map(|(_, text)| grammar::parse(text).ok())
        .map(|ast| Head::of(&ast))
        .collect();
    let ids: Vec<String> = heads.iter().map(|h| h.id.dotted()).collect();
    let built_on = |id: &str| {
        heads.iter().any(|h| {
            h.layer_on.iter().chain(&h.uses).any(|p| p.dotted() == id) && h.id.dotted() != id
        })
    };
    let regeling = ids
        .iter()
        .find(|id| !built_on(id))
        .or(ids.first())
        .cloned()
        .ok_or_else(|| format!("de {which} kant heeft geen regelbestand dat zich laat lezen"))?;
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    let mut set = SourceSet::new();
    for (path, text) in library {
        let replaced = paths.contains(&path.as_str())
            || header_of(text).is_some_and(|(id, _)| ids.contains(&id));
        if !replaced {
            set.add(path.clone(), text.clone());
        }
    }
    for (path, text) in files {
        set.add(path.clone(), text.clone());
    }
    let engine = Engine::new(set);
    if engine.find(&regeling).is_none() {
        return Err(format!(
            "de {which} versie van `{regeling}` laat zich niet laden; zie `regelwerk check`"
        ));
    }
    Ok(Side { engine, regeling })
}

/// `old_text` with its `geldig vanaf … [tot en met …]` replaced by the
/// validity of `new_text`. `None` when either does not parse.
pub fn align_validity(old_text: &str, new_text: &str) -> Option<String> {
    let old = grammar::parse(old_text).ok()?;
    let new = grammar::parse(new_text).ok()?;
    let span = old.header.valid.span;
    let replacement = super::show::validity(&new.header.valid);
    let mut out = String::with_capacity(old_text.len() + 16);
    out.push_str(old_text.get(..span.start)?);
    out.push_str(&replacement);
    out.push_str(old_text.get(span.end..)?);
    Some(out)
}

/// An output value as the report shows it: the case-JSON encoding as text
/// (`op_aanvraag`, `600.00`, `ja`, `leeg`).
fn show_json(j: &Json) -> String {
    match j {
        Json::String(s) => s.clone(),
        Json::Bool(true) => "ja".into(),
        Json::Bool(false) => "nee".into(),
        Json::Null => "leeg".into(),
        other => other.to_string(),
    }
}

/// One output of one case on one side.
struct SideValue {
    name: String,
    /// The rule's `label`, shown beside the name.
    label: Option<String>,
    /// The value as the case JSON has it (`op_aanvraag`, `600.00`): what is
    /// compared and counted, so that a label changed between versions is
    /// no change.
    shown: String,
    /// The value as people read it: a keuze value by its label
    /// (`op aanvraag`); other values as [`SideValue::shown`].
    text: String,
    /// The amount, for money outputs.
    amount: Option<Decimal>,
    /// `Some(period)` for money outputs (`Some(None)`: a one-off amount).
    period: Option<Option<Period>>,
    /// The amount carries its unit (`bedrag per eenheid`): `period` is
    /// this case's unit, and amounts are totalled per unit.
    per_unit: bool,
    /// The type as written in rule files.
    ty: String,
}

/// One side's outputs of one case.
struct SideOutputs {
    values: Vec<SideValue>,
}

fn outputs_of(outcome: &Outcome) -> SideOutputs {
    let program = &outcome.program;
    let mut values = Vec::with_capacity(program.outputs.len());
    for (i, &r) in program.outputs.iter().enumerate() {
        let Some(rule) = program.rules.get(r as usize) else {
            continue;
        };
        let decided = match outcome.evaluation.outputs.get(i) {
            Some(OutputValue::Decided(v)) => Some(v),
            _ => None,
        };
        let (shown, amount) = match outcome.evaluation.outputs.get(i) {
            Some(OutputValue::Decided(Value::Amount(a))) => {
                (case::format_amount(a), Some(a.amount))
            }
            Some(OutputValue::Decided(v)) => match (rule.ty.strip_optional(), v.as_num()) {
                (Type::Money(_), Some(d)) => (case::format_money(d), Some(d)),
                _ => (
                    show_json(&case::encode(&program.types, &rule.ty, v)),
                    v.as_num(),
                ),
            },
            _ => ("onbeslist".to_string(), None),
        };
        let (period, per_unit) = match (rule.ty.strip_optional(), decided) {
            (Type::Money(p), _) => (Some(*p), false),
            (_, Some(Value::Amount(a))) => (Some(a.unit), true),
            _ => (None, false),
        };
        let amount = if period.is_some() { amount } else { None };
        let text = match (rule.ty.strip_optional(), outcome.evaluation.outputs.get(i)) {
            (Type::Enum(_), Some(OutputValue::Decided(v))) => {
                display::value_text(&program.types, &rule.ty, v)
            }
            _ => shown.clone(),
        };
        values.push(SideValue {
            name: rule.name.clone(),
            label: rule.label.clone(),
            text,
            shown,
            amount,
            period,
            per_unit,
            ty: program.types.display(&rule.ty),
        });
    }
    SideOutputs { values }
}

#[derive(Debug, Clone, Default)]
struct MoneyAgg {
    period_old: Option<Option<Period>>,
    period_new: Option<Option<Period>>,
    sum_old: Sum,
    sum_new: Sum,
    cases_old: u64,
    cases_new: u64,
    higher: u64,
    lower: u64,
    equal: u64,
}

#[derive(Debug, Clone)]
struct OutputAgg {
    name: String,
    /// The label of the first version that has one (new before old).
    label: Option<String>,
    ty: String,
    changed: u64,
    transitions: Counter,
    /// Example lines per transition key.
    examples: HashMap<String, Vec<(u64, Json)>>,
    /// Values as people read them, where that differs from the value.
    value_texts: HashMap<String, String>,
    money: Option<MoneyAgg>,
    /// For amounts that carry their unit: one total per unit, so that
    /// amounts per uur and per rit are never added (`period_old` =
    /// `period_new` = the unit).
    by_unit: Vec<MoneyAgg>,
}

impl MoneyAgg {
    fn merge(&mut self, b: MoneyAgg) {
        self.period_old = self.period_old.or(b.period_old);
        self.period_new = self.period_new.or(b.period_new);
        self.sum_old.merge(b.sum_old);
        self.sum_new.merge(b.sum_new);
        self.cases_old += b.cases_old;
        self.cases_new += b.cases_new;
        self.higher += b.higher;
        self.lower += b.lower;
        self.equal += b.equal;
    }

    /// Counts a case decided on both sides as higher, lower or equal.
    fn compare(&mut self, old: Decimal, new: Decimal) {
        match new.cmp(&old) {
            std::cmp::Ordering::Greater => self.higher += 1,
            std::cmp::Ordering::Less => self.lower += 1,
            std::cmp::Ordering::Equal => self.equal += 1,
        }
    }
}

impl OutputAgg {
    /// The totals of the amounts of `unit`.
    fn unit_group(&mut self, unit: Option<Period>) -> &mut MoneyAgg {
        let i = match self.by_unit.iter().position(|m| m.period_old == Some(unit)) {
            Some(i) => i,
            None => {
                self.by_unit.push(MoneyAgg {
                    period_old: Some(unit),
                    period_new: Some(unit),
                    ..MoneyAgg::default()
                });
                self.by_unit.len() - 1
            }
        };
        &mut self.by_unit[i]
    }

    /// One case of an output whose amounts carry their unit: each side
    /// counts under its own unit; higher or lower only when both agree.
    fn add_per_unit(&mut self, old: (Option<Decimal>, UnitOf), new: (Option<Decimal>, UnitOf)) {
        if let (Some(a), Some(u)) = old {
            let g = self.unit_group(u);
            g.sum_old.add(a, 1);
            g.cases_old += 1;
        }
        if let (Some(b), Some(u)) = new {
            let g = self.unit_group(u);
            g.sum_new.add(b, 1);
            g.cases_new += 1;
        }
        if let ((Some(a), Some(u)), (Some(b), Some(w))) = (old, new) {
            if u == w {
                self.unit_group(u).compare(a, b);
            }
        }
    }
}

/// The period or unit of one side's amount, if it has an amount.
type UnitOf = Option<Option<Period>>;

/// Between the old and the new value of a transition.
pub const ARROW: &str = " → ";

/// The running behavioural diff; mergeable across threads.
#[derive(Debug, Clone)]
pub struct BehaviourAgg {
    pub cases: u64,
    pub changed: u64,
    /// Cases that fail under both versions.
    pub failed_both: u64,
    pub errors_old: Counter,
    pub errors_new: Counter,
    outputs: Vec<OutputAgg>,
}

impl Default for BehaviourAgg {
    fn default() -> Self {
        BehaviourAgg {
            cases: 0,
            changed: 0,
            failed_both: 0,
            errors_old: Counter::new(ERROR_MESSAGES),
            errors_new: Counter::new(ERROR_MESSAGES),
            outputs: Vec::new(),
        }
    }
}

impl BehaviourAgg {
    fn output(&mut self, name: &str, label: &Option<String>, ty: &str) -> &mut OutputAgg {
        let i = match self.outputs.iter().position(|o| o.name == name) {
            Some(i) => {
                let o = &mut self.outputs[i];
                if o.label.is_none() {
                    o.label.clone_from(label);
                }
                i
            }
            None => {
                self.outputs.push(OutputAgg {
                    name: name.to_string(),
                    label: label.clone(),
                    ty: ty.to_string(),
                    changed: 0,
                    transitions: Counter::new(TRANSITIONS),
                    examples: HashMap::new(),
                    value_texts: HashMap::new(),
                    money: None,
                    by_unit: Vec::new(),
                });
                self.outputs.len() - 1
            }
        };
        &mut self.outputs[i]
    }

    fn add(
        &mut self,
        line: u64,
        case: &Json,
        old: Result<SideOutputs, String>,
        new: Result<SideOutputs, String>,
    ) {
        self.cases += 1;
        if let Err(e) = &old {
            self.errors_old.add(e, line, 1);
        }
        if let Err(e) = &new {
            self.errors_new.add(e, line, 1);
            if old.is_err() {
                self.failed_both += 1;
            }
        }
        // Output names in the order of the new version, then old-only ones.
        let mut names: Vec<&SideValue> = Vec::new();
        for side in [&new, &old].into_iter().flatten() {
            for v in &side.values {
                match names.iter_mut().find(|m| m.name == v.name) {
                    None => names.push(v),
                    Some(m) if m.label.is_none() && v.label.is_some() => *m = v,
                    Some(_) => {}
                }
            }
        }
        let find = |side: &Result<SideOutputs, String>, name: &str| match side {
            Ok(s) => s
                .values
                .iter()
                .find(|v| v.name == name)
                .map(|v| (v.shown.clone(), v.amount, v.period, v.per_unit))
                .unwrap_or_else(|| ("(geen uitvoer)".to_string(), None, None, false)),
            Err(_) => ("fout".to_string(), None, None, false),
        };
        let mut any_change = false;
        for v in names {
            let name = &v.name;
            let (old_shown, old_amount, old_period, old_per_unit) = find(&old, name);
            let (new_shown, new_amount, new_period, new_per_unit) = find(&new, name);
            let per_unit = old_per_unit || new_per_unit;
            let out = self.output(name, &v.label, &v.ty);
            for w in [&old, &new].into_iter().flatten().flat_map(|s| &s.values) {
                if w.name == *name && w.text != w.shown {
                    out.value_texts
                        .entry(w.shown.clone())
                        .or_insert_with(|| w.text.clone());
                }
            }
            if per_unit {
                out.add_per_unit((old_amount, old_period), (new_amount, new_period));
            } else if old_period.is_some() || new_period.is_some() {
                let m = out.money.get_or_insert_with(MoneyAgg::default);
                if let Some(p) = old_period {
                    m.period_old.get_or_insert(p);
                }
                if let Some(p) = new_period {
                    m.period_new.get_or_insert(p);
                }
                if let Some(a) = old_amount {
                    m.sum_old.add(a, 1);
                    m.cases_old += 1;
                }
                if let Some(a) = new_amount {
                    m.sum_new.add(a, 1);
                    m.cases_new += 1;
                }
                if let (Some(a), Some(b)) = (old_amount, new_amount) {
                    m.compare(a, b);
                }
            }
            let same = match (old_amount, new_amount) {
                // € 1 per uur and € 1 per rit are not the same.
                (Some(a), Some(b)) => a == b && (!per_unit || old_period == new_period),
                _ => old_shown == new_shown,
            };
            if !same {
                any_change = true;
                out.changed += 1;
                let key = format!("{old_shown}{ARROW}{new_shown}");
                out.transitions.add(&key, line, 1);
                let ex = out.examples.entry(key).or_default();
                if ex.len() < EXAMPLES_PER_TRANSITION {
                    ex.push((line, case.clone()));
                }
            }
        }
        if any_change {
            self.changed += 1;
        }
    }

    pub fn merge(&mut self, other: BehaviourAgg) {
        self.cases += other.cases;
        self.changed += other.changed;
        self.failed_both += other.failed_both;
        self.errors_old.merge(other.errors_old);
        self.errors_new.merge(other.errors_new);
        for o in other.outputs {
            let mine = self.output(&o.name, &o.label, &o.ty);
            mine.changed += o.changed;
            for (k, v) in o.value_texts {
                mine.value_texts.entry(k).or_insert(v);
            }
            mine.transitions.merge(o.transitions);
            for (k, mut v) in o.examples {
                let e = mine.examples.entry(k).or_default();
                e.append(&mut v);
                e.sort_by_key(|(line, _)| *line);
                e.truncate(EXAMPLES_PER_TRANSITION);
            }
            match (&mut mine.money, o.money) {
                (Some(a), Some(b)) => a.merge(b),
                (m @ None, Some(b)) => *m = Some(b),
                _ => {}
            }
            for b in o.by_unit {
                let unit = b.period_old.flatten();
                mine.unit_group(unit).merge(b);
            }
        }
    }
}

/// Evaluates case lines under both versions.
pub struct BehaviourRun<'e> {
    old: &'e Engine,
    new: &'e Engine,
    regeling_old: String,
    regeling_new: String,
    pub aggregate: BehaviourAgg,
}

impl<'e> BehaviourRun<'e> {
    /// `regeling_*`: the regeling's id or folder in each engine.
    pub fn new(
        old: &'e Engine,
        regeling_old: &str,
        new: &'e Engine,
        regeling_new: &str,
    ) -> BehaviourRun<'e> {
        BehaviourRun {
            old,
            new,
            regeling_old: regeling_old.to_string(),
            regeling_new: regeling_new.to_string(),
            aggregate: BehaviourAgg::default(),
        }
    }

    /// The run over two [`sides`].
    pub fn between(old: &'e Side, new: &'e Side) -> BehaviourRun<'e> {
        BehaviourRun::new(&old.engine, &old.regeling, &new.engine, &new.regeling)
    }

    pub fn add_case(&mut self, line: u64, case_json: &Json) {
        let case = case_of(case_json);
        let request = Request::default();
        let old = self
            .old
            .evaluate(&self.regeling_old, case, &request)
            .map(|o| outputs_of(&o))
            .map_err(|e| error_kind(&e));
        let new = self
            .new
            .evaluate(&self.regeling_new, case, &request)
            .map(|o| outputs_of(&o))
            .map_err(|e| error_kind(&e));
        self.aggregate.add(line, case, old, new);
    }

    /// The report, with up to `examples` example cases explained under both
    /// versions (the most frequent transitions first).
    pub fn report(&self, examples: usize) -> BehaviourReport {
        report(
            self.old,
            &self.regeling_old,
            self.new,
            &self.regeling_new,
            &self.aggregate,
            examples,
        )
    }
}

impl LineSink for BehaviourRun<'_> {
    fn add_line(&mut self, line: u64, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        match serde_json::from_str::<Json>(text) {
            Ok(case) => self.add_case(line, &case),
            Err(e) => {
                let m = format!("geen geldige JSON: {}", engine::case::dutch_json_error(&e));
                self.aggregate
                    .add(line, &Json::Null, Err(m.clone()), Err(m));
            }
        }
    }
    fn merge(&mut self, other: Self) {
        self.aggregate.merge(other.aggregate);
    }
}

// ------------------------------------------------------------ the report

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BehaviourReport {
    #[serde(rename = "gevallen")]
    pub cases: u64,
    /// Cases with at least one changed output.
    #[serde(rename = "gewijzigd")]
    pub changed: u64,
    /// Cases evaluated under both versions with the same outcome.
    #[serde(rename = "ongewijzigd")]
    pub unchanged: u64,
    /// Cases that fail under both versions (not counted as unchanged).
    #[serde(rename = "fout_in_beide")]
    pub failed_both: u64,
    #[serde(rename = "fouten_oud")]
    pub errors_old: Vec<Count>,
    #[serde(rename = "fouten_nieuw")]
    pub errors_new: Vec<Count>,
    #[serde(rename = "uitvoer")]
    pub outputs: Vec<OutputDiff>,
    #[serde(rename = "voorbeelden")]
    pub examples: Vec<Example>,
}

impl BehaviourReport {
    pub fn errors_old(&self) -> u64 {
        self.errors_old.iter().map(|c| c.count).sum()
    }
    pub fn errors_new(&self) -> u64 {
        self.errors_new.iter().map(|c| c.count).sum()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutputDiff {
    #[serde(rename = "naam")]
    pub name: String,
    /// The output rule's `label`, shown beside the name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(rename = "type")]
    pub ty: String,
    /// Cases in which this output changed.
    #[serde(rename = "gewijzigd")]
    pub changed: u64,
    /// `oud → nieuw` with the number of cases, most frequent first.
    #[serde(rename = "overgangen")]
    pub transitions: Vec<Transition>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "bedragen")]
    pub amounts: Option<MoneyDiff>,
    /// For amounts that carry their unit (`bedrag per eenheid`): the
    /// totals per unit, never added together.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[serde(rename = "bedragen_per_eenheid")]
    pub amounts_by_unit: Vec<MoneyDiff>,
    /// Keuze values (as in `transitions`) as people read them, where that
    /// differs: for the reports people read; the data keeps the values.
    #[serde(skip)]
    pub value_texts: HashMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transition {
    #[serde(rename = "oud")]
    pub old: String,
    #[serde(rename = "nieuw")]
    pub new: String,
    #[serde(rename = "gevallen")]
    pub cases: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MoneyDiff {
    /// `maand`, `4 weken`, `jaar`; absent for a one-off amount.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "periode_oud")]
    pub period_old: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "periode_nieuw")]
    pub period_new: Option<String>,
    /// The exact totals, or why there are none ([`Total`]).
    #[serde(rename = "totaal_oud")]
    pub total_old: Total,
    #[serde(rename = "totaal_nieuw")]
    pub total_new: Total,
    /// Only when both sides have the same period.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "verschil")]
    pub difference: Option<Total>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "per_jaar_oud")]
    pub per_year_old: Option<Total>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "per_jaar_nieuw")]
    pub per_year_new: Option<Total>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "verschil_per_jaar")]
    pub difference_per_year: Option<Total>,
    /// Cases (decided on both sides) with a higher / lower / equal amount.
    #[serde(rename = "hoger")]
    pub higher: u64,
    #[serde(rename = "lager")]
    pub lower: u64,
    #[serde(rename = "gelijk")]
    pub equal: u64,
    /// The totals of one unit of a `bedrag per eenheid` (then no period
    /// means "zonder eenheid").
    #[serde(skip)]
    pub per_unit: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    /// Line of the case in the population (1-based).
    #[serde(rename = "regel")]
    pub line: u64,
    /// The changes this case shows (`czm_toekenning: op_aanvraag → afgewezen`).
    #[serde(rename = "overgangen")]
    pub transitions: Vec<String>,
    #[serde(rename = "casus")]
    pub case: Json,
    #[serde(rename = "uitleg_oud")]
    pub explanation_old: String,
    #[serde(rename = "uitleg_nieuw")]
    pub explanation_new: String,
}

/// The explanation cut down to its head (version, sources, outputs) and the
/// blocks of the given outputs, by their display names: the parts an
/// auditor compares. Blocks start at an unindented line `display name:
/// waarde` after `Toelichting:`. When no block matches (another layout),
/// the whole text is kept.
pub fn focus(explanation: &str, outputs: &[String]) -> String {
    let Some((head, body)) = explanation.split_once("\nToelichting:\n") else {
        return explanation.to_string();
    };
    let wanted: Vec<String> = outputs.iter().map(|o| format!("{o}:")).collect();
    let mut kept = String::new();
    let mut keep = false;
    let mut any = false;
    for line in body.lines() {
        if !line.is_empty() && !line.starts_with(' ') {
            keep = wanted.iter().any(|w| line.starts_with(w.as_str()));
            any |= keep;
            if keep && !kept.is_empty() {
                kept.push('\n');
            }
        }
        if keep && !line.is_empty() {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    if !any {
        return explanation.to_string();
    }
    format!("{head}\nToelichting (alleen de uitkomsten die veranderen):\n{kept}")
}

/// The explanation of `case`, [`focus`]ed on the `outputs` (by name) that
/// change: each side names them by its own labels.
fn explain(engine: &Engine, regeling: &str, case: &Json, outputs: &[String]) -> String {
    let request = Request {
        trace: true,
        ..Request::default()
    };
    match engine.evaluate(regeling, case, &request) {
        Ok(o) => {
            let shown: Vec<String> = outputs
                .iter()
                .map(|name| {
                    o.program
                        .rules
                        .iter()
                        .find(|r| r.name == *name)
                        .map_or_else(|| display::display_name(name, None), |r| r.display_name())
                })
                .collect();
            focus(&o.explain(), &shown)
        }
        Err(e) => format!("fout: {}", error_kind(&e)),
    }
}

/// The totals of one aggregate, with the difference only where both sides
/// are of one period.
fn money_diff(m: &MoneyAgg, per_unit: bool) -> MoneyDiff {
    let po = m.period_old.flatten();
    let pn = m.period_new.flatten();
    let (old, new) = (m.sum_old.total(), m.sum_new.total());
    let yo = old.per_year(po);
    let yn = new.per_year(pn);
    MoneyDiff {
        period_old: po.map(|p| p.dutch().to_string()),
        period_new: pn.map(|p| p.dutch().to_string()),
        total_old: old,
        total_new: new,
        difference: (m.period_old == m.period_new || m.cases_old == 0 || m.cases_new == 0)
            .then(|| new.minus(old)),
        per_year_old: yo,
        per_year_new: yn,
        difference_per_year: match (yo, yn) {
            (Some(a), Some(b)) => Some(b.minus(a)),
            _ => None,
        },
        higher: m.higher,
        lower: m.lower,
        equal: m.equal,
        per_unit,
    }
}

fn report(
    old: &Engine,
    regeling_old: &str,
    new: &Engine,
    regeling_new: &str,
    agg: &BehaviourAgg,
    examples: usize,
) -> BehaviourReport {
    let mut outputs = Vec::new();
    // Candidate examples: (count of the transition, line, label, case).
    let mut candidates: Vec<(u64, u64, String, Json)> = Vec::new();
    for o in &agg.outputs {
        let transitions: Vec<Transition> = o
            .transitions
            .sorted()
            .into_iter()
            .map(|c| {
                let (a, b) = c.value.split_once(ARROW).unwrap_or((c.value.as_str(), ""));
                Transition {
                    old: a.to_string(),
                    new: b.to_string(),
                    cases: c.count,
                }
            })
            .collect();
        for t in &transitions {
            let key = format!("{}{ARROW}{}", t.old, t.new);
            if let Some(ex) = o.examples.get(&key).and_then(|v| v.first()) {
                candidates.push((t.cases, ex.0, format!("{}: {key}", o.name), ex.1.clone()));
            }
        }
        let amounts = o.money.as_ref().map(|m| money_diff(m, false));
        let mut amounts_by_unit: Vec<MoneyDiff> =
            o.by_unit.iter().map(|m| money_diff(m, true)).collect();
        // In a fixed order (by unit), whatever order the cases came in.
        amounts_by_unit.sort_by(|a, b| a.period_new.cmp(&b.period_new));
        outputs.push(OutputDiff {
            name: o.name.clone(),
            label: o.label.clone(),
            ty: o.ty.clone(),
            changed: o.changed,
            transitions,
            amounts,
            amounts_by_unit,
            value_texts: o.value_texts.clone(),
        });
    }
    // Examples: the most frequent transitions first, one case each, no case twice.
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut chosen: Vec<(u64, Vec<String>, Json)> = Vec::new();
    for (_, line, label, case) in candidates {
        if let Some(c) = chosen.iter_mut().find(|c| c.0 == line) {
            c.1.push(label);
        } else if chosen.len() < examples {
            chosen.push((line, vec![label], case));
        }
    }
    let examples = chosen
        .into_iter()
        .map(|(line, transitions, case)| {
            let names: Vec<String> = transitions
                .iter()
                .filter_map(|t| t.split_once(": ").map(|(n, _)| n.to_string()))
                .collect();
            Example {
                line,
                explanation_old: explain(old, regeling_old, &case, &names),
                explanation_new: explain(new, regeling_new, &case, &names),
                transitions,
                case,
            }
        })
        .collect();
    BehaviourReport {
        cases: agg.cases,
        changed: agg.changed,
        unchanged: agg.cases.saturating_sub(agg.changed + agg.failed_both),
        failed_both: agg.failed_both,
        errors_old: agg.errors_old.sorted(),
        errors_new: agg.errors_new.sorted(),
        outputs,
        examples,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASIS: &str = "regeling \"Basis\"\n  id proef.basis\n  geldig vanaf 2025-01-01\n\ninvoer inkomen: bedrag per maand\n\nuitvoer bijdrage\n\nparameter korting: percentage = 0%\n\nregel bijdrage: bedrag per maand\n  = inkomen - inkomen * korting afgerond op centen\n";

    fn municipality_layer(discount: &str) -> String {
        format!("regeling \"Gemeente\"\n  id proef.gemeente\n  geldig vanaf 2025-01-01\n  laag op proef.basis\n\nvervang parameter korting: percentage = {discount}\n")
    }

    fn source(path: &str, text: &str) -> Source {
        (path.to_string(), text.to_string())
    }

    fn contribution(side: &Side) -> String {
        let case = serde_json::json!({ "peildatum": "2025-03-01", "inkomen": "100.00" });
        match side
            .engine
            .evaluate(&side.regeling, &case, &Request::default())
        {
            Ok(o) => outputs_of(&o).values[0].shown.clone(),
            Err(e) => format!("fout: {e}"),
        }
    }

    #[test]
    fn a_side_replaces_its_regeling_wherever_the_library_keeps_it() {
        let library = [
            source("rules/basis/2025.regels", BASIS),
            source("rules/gemeente/2025.regels", &municipality_layer("5%")),
        ];
        // The new side lies in another folder than the library's version of
        // the same regeling: that version must not answer for it.
        let (old, new) = sides(
            &library,
            &[source(
                "rules/gemeente/2025.regels",
                &municipality_layer("5%"),
            )],
            &[source("elders/gemeente.regels", &municipality_layer("10%"))],
        )
        .expect("both sides load");
        assert_eq!(
            (contribution(&old), contribution(&new)),
            ("€ 95,00".into(), "€ 90,00".into())
        );
    }

    #[test]
    fn a_side_with_a_base_and_its_layer_evaluates_the_layer() {
        let (old, new) = sides(
            &[],
            &[source("a/basis.regels", BASIS)],
            &[
                source("b/basis.regels", BASIS),
                source("b/gemeente.regels", &municipality_layer("5%")),
            ],
        )
        .expect("both sides load");
        assert_eq!(
            (old.regeling.as_str(), new.regeling.as_str()),
            ("proef.basis", "proef.gemeente")
        );
        assert_eq!(
            (contribution(&old), contribution(&new)),
            ("€ 100,00".into(), "€ 95,00".into())
        );
    }

    #[test]
    fn a_side_without_a_readable_file_or_without_its_base_is_refused() {
        let unreadable = sides(
            &[],
            &[source("a.regels", "geen regels")],
            &[source("b.regels", BASIS)],
        );
        assert_eq!(
            unreadable.err().as_deref(),
            Some("de oude kant heeft geen regelbestand dat zich laat lezen")
        );
        let (_, layer) = sides(
            &[],
            &[source("a.regels", BASIS)],
            &[source("b.regels", &municipality_layer("5%"))],
        )
        .expect("a layer without its base still loads");
        assert!(
            contribution(&layer).starts_with("fout: "),
            "{}",
            contribution(&layer)
        );
    }
}
