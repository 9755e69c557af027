//! Simulation over a population: evaluates cases one JSON line at a time
//! and aggregates the outputs (counts per keuze value, ja/nee, money sums
//! and distributions, errors) in memory that does not grow with the number
//! of cases. Pure: the caller feeds lines (and runs several simulators on
//! threads, merging them at the end); nothing here reads files or spawns.
//!
//! Every case goes through the engine's entry point
//! ([`Engine::evaluate_case`]), like a single `regelwerk eval`; the
//! statistics it keeps are those of [`crate::stats`].

use super::LineSink;
pub use crate::stats::{
    exact_add, exact_mul, Bucket, Count, Counter, NumStats, Sum, Total, ValueCount, TOO_LARGE,
    UNKNOWN,
};
use engine::api::{Engine, EngineError, Request};
use engine::case::{self, CaseJson};
use engine::eval::OutputValue;
use engine::ir::{Program, RuleDef};
use engine::library::Regeling;
use engine::types::Type;
use engine::value::Value;
use grammar::ast::Period;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value as Json;
use std::collections::HashMap;
use std::sync::Arc;

/// Numeric outputs with at most this many distinct values list them all.
const DISTINCT_SHOWN: usize = 12;
/// Distinct error messages kept; the rest are counted as "overige".
const ERROR_MESSAGES: usize = 50;
/// Distinct texts kept per text output.
const TEXT_VALUES: usize = 200;

/// The accumulator of one output of one program.
#[derive(Debug, Clone)]
enum Acc {
    Enum(Vec<u64>),
    Bool([u64; 2]),
    Num(NumStats),
    /// Amounts that carry their unit (`bedrag per eenheid`): statistics
    /// per unit, so that amounts per uur and per rit are never added.
    ByUnit(Vec<(Option<Period>, NumStats)>),
    Other(Counter),
}

/// The statistics of the amounts of `unit` among `groups`.
fn unit_stats(groups: &mut Vec<(Option<Period>, NumStats)>, unit: Option<Period>) -> &mut NumStats {
    let i = match groups.iter().position(|(u, _)| *u == unit) {
        Some(i) => i,
        None => {
            groups.push((unit, NumStats::default()));
            groups.len() - 1
        }
    };
    &mut groups[i].1
}

#[derive(Debug, Clone)]
struct OutputAcc {
    acc: Acc,
    empty: u64,
    undecided: u64,
}

/// Aggregates of the cases that one program (version) evaluated.
#[derive(Debug, Clone)]
struct ProgramAgg {
    program: Arc<Program>,
    cases: u64,
    outputs: Vec<OutputAcc>,
}

impl ProgramAgg {
    fn new(program: &Arc<Program>) -> ProgramAgg {
        let outputs = program
            .outputs
            .iter()
            .map(|&r| {
                let ty = program
                    .rules
                    .get(r as usize)
                    .map(|r| r.ty.strip_optional().clone())
                    .unwrap_or(Type::Never);
                let acc = match ty {
                    Type::Enum(e) => Acc::Enum(vec![
                        0;
                        program
                            .types
                            .enums
                            .get(e as usize)
                            .map_or(0, |e| e.values.len())
                    ]),
                    Type::Bool => Acc::Bool([0, 0]),
                    Type::Money(_) | Type::Number | Type::Integer | Type::Percentage => {
                        Acc::Num(NumStats::default())
                    }
                    Type::MoneyPerUnit => Acc::ByUnit(Vec::new()),
                    _ => Acc::Other(Counter::new(TEXT_VALUES)),
                };
                OutputAcc {
                    acc,
                    empty: 0,
                    undecided: 0,
                }
            })
            .collect();
        ProgramAgg {
            program: program.clone(),
            cases: 0,
            outputs,
        }
    }

    fn add(&mut self, outputs: &[OutputValue], line: u64) {
        self.cases += 1;
        for (i, (o, acc)) in outputs.iter().zip(self.outputs.iter_mut()).enumerate() {
            let v = match o {
                OutputValue::Decided(v) => v,
                OutputValue::Undecided(_) => {
                    acc.undecided += 1;
                    continue;
                }
            };
            match (&mut acc.acc, v) {
                (_, Value::Empty) => acc.empty += 1,
                (Acc::Enum(c), Value::Enum(e)) => {
                    if let Some(x) = c.get_mut(*e as usize) {
                        *x += 1;
                    }
                }
                (Acc::Bool(c), Value::Bool(b)) => c[*b as usize] += 1,
                (Acc::Num(s), Value::Num(d)) => s.add(*d, 1),
                (Acc::ByUnit(groups), Value::Amount(a)) => {
                    unit_stats(groups, a.unit).add(a.amount, 1)
                }
                (Acc::Other(c), v) => {
                    let program = &self.program;
                    let text = match program
                        .outputs
                        .get(i)
                        .and_then(|r| program.rules.get(*r as usize))
                    {
                        Some(rule) => case::format_value(&program.types, &rule.ty, v),
                        None => format!("{v:?}"),
                    };
                    c.add(&text, line, 1);
                }
                _ => {}
            }
        }
    }

    fn merge(&mut self, other: ProgramAgg) {
        self.cases += other.cases;
        for (mine, theirs) in self.outputs.iter_mut().zip(other.outputs) {
            mine.empty += theirs.empty;
            mine.undecided += theirs.undecided;
            match (&mut mine.acc, theirs.acc) {
                (Acc::Enum(a), Acc::Enum(b)) => a.iter_mut().zip(b).for_each(|(x, y)| *x += y),
                (Acc::Bool(a), Acc::Bool(b)) => {
                    a[0] += b[0];
                    a[1] += b[1];
                }
                (Acc::Num(a), Acc::Num(b)) => a.merge(b),
                (Acc::ByUnit(a), Acc::ByUnit(b)) => {
                    for (unit, s) in b {
                        unit_stats(a, unit).merge(s);
                    }
                }
                (Acc::Other(a), Acc::Other(b)) => a.merge(b),
                _ => {}
            }
        }
    }
}

/// The aggregate of a simulation so far; mergeable across threads.
#[derive(Debug, Clone)]
pub struct Aggregate {
    pub cases: u64,
    pub errors: Counter,
    programs: Vec<ProgramAgg>,
}

impl Default for Aggregate {
    fn default() -> Self {
        Aggregate {
            cases: 0,
            errors: Counter::new(ERROR_MESSAGES),
            programs: Vec::new(),
        }
    }
}

impl Aggregate {
    pub fn merge(&mut self, other: Aggregate) {
        self.cases += other.cases;
        self.errors.merge(other.errors);
        for p in other.programs {
            match self
                .programs
                .iter_mut()
                .find(|m| Arc::ptr_eq(&m.program, &p.program))
            {
                Some(m) => m.merge(p),
                None => self.programs.push(p),
            }
        }
    }

    fn program_agg(&mut self, program: &Arc<Program>) -> &mut ProgramAgg {
        let i = match self
            .programs
            .iter()
            .position(|m| Arc::ptr_eq(&m.program, program))
        {
            Some(i) => i,
            None => {
                self.programs.push(ProgramAgg::new(program));
                self.programs.len() - 1
            }
        };
        &mut self.programs[i]
    }
}

/// Evaluates lines of case JSON against one regeling through the
/// engine's entry point ([`Engine::evaluate_case`]), each line parsed into
/// the engine's borrowed [`CaseJson`].
pub struct Simulator<'e> {
    engine: &'e Engine,
    regeling: &'e Regeling,
    pub aggregate: Aggregate,
}

impl<'e> Simulator<'e> {
    /// A simulator for a regeling (id or folder) of the engine.
    pub fn new(engine: &'e Engine, regeling: &str) -> Result<Simulator<'e>, EngineError> {
        let regeling = engine
            .find(regeling)
            .ok_or_else(|| EngineError::UnknownRegeling(regeling.to_string()))?;
        Ok(Simulator::for_regeling(engine, regeling))
    }

    /// A simulator for a regeling of `engine` already found.
    pub fn for_regeling(engine: &'e Engine, regeling: &'e Regeling) -> Simulator<'e> {
        Simulator {
            engine,
            regeling,
            aggregate: Aggregate::default(),
        }
    }

    /// Evaluates one case (already parsed).
    pub fn add_case(&mut self, line: u64, case_json: &Json) {
        self.add(line, &CaseJson::from(case_json));
    }

    fn add(&mut self, line: u64, case: &CaseJson) {
        self.aggregate.cases += 1;
        match self
            .engine
            .evaluate_case(&self.regeling.id, case, &Request::default())
        {
            Ok(outcome) => self
                .aggregate
                .program_agg(&outcome.program)
                .add(&outcome.evaluation.outputs, line),
            Err(e) => self.aggregate.errors.add(&error_kind(&e), line, 1),
        }
    }

    /// The report so far.
    pub fn report(&self) -> Simulation {
        summarize(self.regeling, &self.aggregate)
    }
}

impl LineSink for Simulator<'_> {
    fn add_line(&mut self, line: u64, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        match CaseJson::parse(text) {
            Ok(case) => self.add(line, &case),
            Err(e) => {
                self.aggregate.cases += 1;
                self.aggregate.errors.add(
                    &format!("geen geldige JSON: {}", engine::case::dutch_json_error(&e)),
                    line,
                    1,
                );
            }
        }
    }
    fn merge(&mut self, other: Self) {
        self.aggregate.merge(other.aggregate);
    }
}

/// An error message without case-specific details where that helps
/// grouping (one line per kind of mistake): dates become `(datum)`, so
/// "geen versie … geldig op 2024-04-25" and "… op 2024-06-04" count together.
pub fn error_kind(e: &EngineError) -> String {
    let text = match e {
        EngineError::Case(errors) => {
            let parts: Vec<String> = errors
                .iter()
                .map(|e| format!("{}: {}", e.path, e.message))
                .collect();
            format!("fout in de casus: {}", parts.join("; "))
        }
        other => other.to_string(),
    };
    mask_dates(&text)
}

/// Replaces every `JJJJ-MM-DD` in `s` by `(datum)`.
pub fn mask_dates(s: &str) -> String {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    let is_date = |i: usize| {
        digits(i..i + 4)
            && b.get(i + 4) == Some(&b'-')
            && digits(i + 5..i + 7)
            && b.get(i + 7) == Some(&b'-')
            && digits(i + 8..i + 10)
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && b.get(i + 10).is_none_or(|c| !c.is_ascii_digit())
    };
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        if is_date(i) {
            out.push_str("(datum)");
            i += 10;
        } else {
            // Copy one whole character.
            let len = s[i..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&s[i..i + len]);
            i += len;
        }
    }
    out
}

// ------------------------------------------------------------ the report

/// The outcome of a simulation, ready to print (text, JSON, CSV).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Simulation {
    pub regeling: String,
    #[serde(rename = "naam")]
    pub name: String,
    /// Lines with a case.
    #[serde(rename = "gevallen")]
    pub cases: u64,
    /// Cases evaluated without error.
    #[serde(rename = "beoordeeld")]
    pub assessed: u64,
    #[serde(rename = "fouten")]
    pub errors: u64,
    #[serde(rename = "foutmeldingen")]
    pub error_messages: Vec<Count>,
    #[serde(rename = "versies")]
    pub versions: Vec<VersionCount>,
    #[serde(rename = "uitvoer")]
    pub outputs: Vec<OutputSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionCount {
    #[serde(rename = "versie")]
    pub version: String,
    #[serde(rename = "geldig_vanaf")]
    pub valid_from: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "tot_en_met")]
    pub through: Option<String>,
    #[serde(rename = "gevallen")]
    pub cases: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutputSummary {
    #[serde(rename = "naam")]
    pub name: String,
    /// The output rule's `label`, shown beside the name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The type as written in rule files (`bedrag per jaar`, `Route`).
    #[serde(rename = "type")]
    pub ty: String,
    /// Counts per value (keuze, ja/nee, tekst, datum).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[serde(rename = "waarden")]
    pub values: Vec<Count>,
    /// Keuze values (as in `values`) as people read them, where that differs:
    /// for the reports people read; the data keeps the values themselves.
    #[serde(skip)]
    pub value_texts: HashMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "getallen")]
    pub numbers: Option<NumSummary>,
    /// Cases where the output was `leeg`.
    #[serde(rename = "leeg")]
    pub empty: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NumSummary {
    #[serde(rename = "aantal")]
    pub count: u64,
    /// The exact sum, or why there is none ([`Total`]).
    #[serde(rename = "som")]
    pub sum: Total,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub minimum: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    #[serde(rename = "mediaan")]
    pub median: Option<Decimal>,
    /// True when the median comes from classes (many distinct values).
    #[serde(rename = "mediaan_bij_benadering")]
    pub median_approximate: bool,
    /// The width of those classes: the median lies between `mediaan` and
    /// `mediaan` plus this width.
    #[serde(
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[serde(rename = "mediaan_klassebreedte")]
    pub median_class_width: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub maximum: Option<Decimal>,
    #[serde(rename = "gemiddelde")]
    pub mean: Option<Total>,
    /// Cases with value 0.
    #[serde(rename = "nul")]
    pub zeros: u64,
    /// The period of the amounts (`maand`), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "periode")]
    pub period: Option<String>,
    /// The sum converted to a year (×12 per maand, ×13 per 4 weken, ×52 per week).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "som_per_jaar")]
    pub sum_per_year: Option<Total>,
    /// Each value with its count, when there are at most 12 distinct values.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[serde(rename = "verdeling")]
    pub distribution: Vec<ValueCount>,
    /// Ten equal-width buckets between minimum and maximum (when there are
    /// more distinct values).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub histogram: Vec<Bucket>,
}

struct Merged {
    name: String,
    label: Option<String>,
    value_texts: HashMap<String, String>,
    ty: String,
    money: bool,
    percentage: bool,
    period: Option<Option<Period>>,
    /// For the amounts of one unit of a `bedrag per eenheid`: that unit.
    unit: Option<Option<Period>>,
    per_year: Option<Total>,
    counts: Counter,
    num: Option<NumStats>,
    empty: u64,
}

/// The merged summary of output `rule` (of the amounts of `unit` when
/// given), made on first use; `ty` is the type it is shown with.
fn merged_output<'m>(
    merged: &'m mut Vec<Merged>,
    program: &Program,
    rule: &RuleDef,
    ty: &Type,
    unit: Option<Option<Period>>,
) -> &'m mut Merged {
    let pos = match merged
        .iter()
        .position(|m| m.name == rule.name && m.unit == unit)
    {
        Some(pos) => pos,
        None => {
            merged.push(Merged {
                name: rule.name.clone(),
                label: rule.label.clone(),
                value_texts: HashMap::new(),
                ty: match unit {
                    Some(_) => program.types.display(ty),
                    None => program.types.display(&rule.ty),
                },
                money: matches!(ty, Type::Money(_) | Type::MoneyPerUnit),
                percentage: matches!(ty, Type::Percentage),
                period: None,
                unit,
                per_year: None,
                counts: Counter::new(TEXT_VALUES),
                num: None,
                empty: 0,
            });
            merged.len() - 1
        }
    };
    &mut merged[pos]
}

impl Merged {
    /// Adds one version's statistics of amounts per `period` (or numbers).
    fn add_numbers(&mut self, s: &NumStats, period: Option<Period>) {
        self.period = match self.period {
            None => Some(period),
            Some(q) if q == period => Some(q),
            Some(_) => Some(None),
        };
        if let Some(y) = s.sum.total().per_year(period) {
            self.per_year = Some(self.per_year.map_or(y, |sum| sum.plus(y)));
        }
        match &mut self.num {
            Some(n) => n.merge(s.clone()),
            None => self.num = Some(s.clone()),
        }
    }
}

/// Turns the aggregate into the report (values by name, versions merged).
pub fn summarize(regeling: &Regeling, agg: &Aggregate) -> Simulation {
    let mut merged: Vec<Merged> = Vec::new();
    let mut versions = Vec::new();
    let mut programs: Vec<&ProgramAgg> = agg.programs.iter().collect();
    programs.sort_by_key(|p| p.program.info.valid_from);
    for p in &programs {
        let info = &p.program.info;
        let v = VersionCount {
            version: info.version.clone(),
            valid_from: info.valid_from.to_string(),
            through: info.valid_through.map(|d| d.to_string()),
            cases: p.cases,
        };
        match versions
            .iter_mut()
            .find(|x: &&mut VersionCount| x.version == v.version && x.valid_from == v.valid_from)
        {
            Some(x) => x.cases += v.cases,
            None => versions.push(v),
        }
        let program = &p.program;
        for (i, acc) in p.outputs.iter().enumerate() {
            let Some(rule) = program
                .outputs
                .get(i)
                .and_then(|r| program.rules.get(*r as usize))
            else {
                continue;
            };
            let ty = rule.ty.strip_optional();
            if let Acc::ByUnit(groups) = &acc.acc {
                // One summary per unit, each with the type of its amounts.
                // In a fixed order, whichever thread met a unit first.
                let mut groups: Vec<_> = groups.iter().collect();
                groups.sort_by_key(|(unit, _)| unit.map(|u| u.dutch()));
                for (unit, s) in groups {
                    let shown = Type::Money(*unit);
                    let m = merged_output(&mut merged, program, rule, &shown, Some(*unit));
                    m.add_numbers(s, *unit);
                }
                if acc.empty > 0 {
                    merged_output(&mut merged, program, rule, ty, None).empty += acc.empty;
                }
                continue;
            }
            let m = merged_output(&mut merged, program, rule, ty, None);
            if m.label.is_none() {
                m.label.clone_from(&rule.label);
            }
            m.empty += acc.empty;
            match &acc.acc {
                Acc::Enum(c) => {
                    let keuze = match ty {
                        Type::Enum(e) => program.types.enums.get(*e as usize),
                        _ => None,
                    };
                    for (v, n) in c.iter().enumerate() {
                        let name = keuze
                            .and_then(|e| e.values.get(v))
                            .cloned()
                            .unwrap_or_else(|| v.to_string());
                        if let Some(e) = keuze {
                            let shown = e.value_display(v);
                            if shown != name {
                                m.value_texts.entry(name.clone()).or_insert(shown);
                            }
                        }
                        if *n > 0 {
                            m.counts.add(&name, 0, *n);
                        }
                    }
                }
                Acc::Bool(c) => {
                    if c[1] > 0 {
                        m.counts.add("ja", 0, c[1]);
                    }
                    if c[0] > 0 {
                        m.counts.add("nee", 0, c[0]);
                    }
                }
                Acc::Num(s) => {
                    let period = match ty {
                        Type::Money(p) => *p,
                        _ => None,
                    };
                    m.add_numbers(s, period);
                }
                Acc::ByUnit(_) => {}
                Acc::Other(c) => m.counts.merge(c.clone()),
            }
        }
    }
    let outputs = merged
        .into_iter()
        .map(|m| {
            let numbers = m.num.map(|s| {
                let median = s.median();
                let round = |d: Decimal| {
                    if m.money {
                        d.round_dp(2)
                    } else {
                        d.normalize()
                    }
                };
                NumSummary {
                    count: s.count,
                    sum: s.sum.total().map(round),
                    minimum: s.min,
                    median: median.map(|(d, _)| d),
                    median_approximate: median.is_some_and(|(_, class)| class.is_some()),
                    median_class_width: median.and_then(|(_, class)| class),
                    maximum: s.max,
                    mean: s
                        .sum
                        .total()
                        .mean(s.count, if m.percentage { 4 } else { 2 }),
                    zeros: s.zeros,
                    period: m.period.flatten().map(|p| p.dutch().to_string()),
                    sum_per_year: m.per_year.map(|y| y.map(|d| d.round_dp(2))),
                    distribution: s.distinct(DISTINCT_SHOWN),
                    histogram: if s.distinct(DISTINCT_SHOWN).is_empty() {
                        s.histogram(10)
                    } else {
                        Vec::new()
                    },
                }
            });
            OutputSummary {
                name: m.name,
                label: m.label,
                value_texts: m.value_texts,
                ty: m.ty,
                values: m
                    .counts
                    .sorted()
                    .into_iter()
                    .map(|c| Count {
                        first_line: None,
                        ..c
                    })
                    .collect(),
                numbers,
                empty: m.empty,
            }
        })
        .collect();
    let errors = agg.errors.total();
    Simulation {
        regeling: regeling.id.clone(),
        name: regeling.name.clone(),
        cases: agg.cases,
        assessed: agg.cases - errors.min(agg.cases),
        errors,
        error_messages: agg.errors.sorted(),
        versions,
        outputs,
    }
}
