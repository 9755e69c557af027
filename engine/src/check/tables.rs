//! Decision tables: signature, cells, and the static analysis of hit
//! policies — gaps (R0401) and overlaps (R0402) for `uniek`, rows that can
//! never be first (R0403) for `eerste` — by enumerating every combination
//! of column values that the cells distinguish. Also `eis` constraints.

use super::expr::with_unit;
use super::fold::fold;
use super::merge::{Merged, MergedItem};
use super::scope::{BodyKind, Env};
use super::Compiler;
use crate::diag::{Code, Diagnostic};
use crate::ir::{CellTest, Node, RowDef, TableDef};
use crate::types::{RecordType, Type};
use crate::value::{compare, Value};
use chrono::Days;
use grammar::ast::{self, CellKind, CompareOp, HitPolicy, Item, UnaryTest};
use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::sync::Arc;

/// Above this many combinations the analysis is skipped (said in a warning).
const MAX_COMBINATIONS: usize = 200_000;

impl<'a> Compiler<'a> {
    pub fn declare_table(
        &mut self,
        idx: usize,
        mi: &MergedItem<'a>,
        d: &'a ast::TableDecl,
    ) -> TableDef {
        let inputs: Vec<(String, Type)> = d
            .inputs
            .iter()
            .map(|f| (f.name.name.clone(), self.resolve_type(&f.ty)))
            .collect();
        let outputs: Vec<(String, Type)> = d
            .outputs
            .iter()
            .map(|f| (f.name.name.clone(), self.resolve_type(&f.ty)))
            .collect();
        let mut result_record = None;
        let single = match outputs.as_slice() {
            [(_, t)] => t.clone(),
            _ => {
                let id = self.types.records.len() as u32;
                self.types.records.push(RecordType {
                    name: format!("{}{}", self.modules[idx].prefix, d.name.name),
                    fields: outputs.clone(),
                    field_labels: d
                        .outputs
                        .iter()
                        .map(|f| super::label_text(&f.label))
                        .collect(),
                    field_ranges: Vec::new(),
                });
                result_record = Some(id);
                Type::Record(id)
            }
        };
        if d.hit_policy == HitPolicy::Sum && !(outputs.len() == 1 && single.is_numeric()) {
            self.err(
                Code::TypeMismatch,
                d.hit_policy_span,
                "`beslis som` vraagt één uitkomstkolom met een getal of bedrag",
                "som",
            );
        }
        let result_type = match d.hit_policy {
            HitPolicy::All => Type::List(Box::new(single)),
            _ => single,
        };
        TableDef {
            name: format!("{}{}", self.modules[idx].prefix, d.name.name),
            inputs,
            outputs,
            column_labels: d
                .inputs
                .iter()
                .chain(&d.outputs)
                .map(|f| super::label_text(&f.label))
                .collect(),
            hit_policy: d.hit_policy,
            rows: Vec::new(),
            result_record,
            result_type,
            origin: self.origin(mi, d.span, &d.sources),
            index: None,
        }
    }

    pub fn lower_table(&mut self, idx: usize, mi: &MergedItem<'a>, d: &'a ast::TableDecl) {
        let Some(&id) = self.modules[idx].tables.get(&d.name.name) else {
            return;
        };
        let (inputs, outputs) = {
            let t = &self.tables[id as usize];
            (t.inputs.clone(), t.outputs.clone())
        };
        // The header row must name the signature's columns, in order.
        let expected: Vec<&str> = inputs
            .iter()
            .chain(outputs.iter())
            .map(|(n, _)| n.as_str())
            .collect();
        let written: Vec<&str> = d.header.iter().map(|h| h.name.as_str()).collect();
        if expected != written {
            let span = d
                .header
                .first()
                .map(|h| h.span.to(d.header.last().map(|l| l.span).unwrap_or(h.span)))
                .unwrap_or(d.span);
            self.push(
                Diagnostic::new(Code::TableColumns, mi.file, span, format!("de kolommen van tabel `{}` kloppen niet met de kop", d.name.name))
                    .label(format!("verwacht: {}", expected.join(" | ")))
                    .help("de kopregel noemt eerst de invoerkolommen, dan de uitkomstkolommen, in de volgorde van de declaratie"),
            );
        }
        let mut env = Env::new(idx, BodyKind::Pure);
        let mut rows = Vec::new();
        let mut complete = expected == written;
        for (n, row) in d.rows.iter().enumerate() {
            if row.cells.len() != inputs.len() + outputs.len() {
                complete = false;
                self.push(
                    Diagnostic::new(
                        Code::TableColumns,
                        mi.file,
                        row.span,
                        format!(
                            "deze rij heeft {}, de tabel heeft {} kolommen",
                            count_cells(row.cells.len()),
                            inputs.len() + outputs.len()
                        ),
                    )
                    .label("aantal cellen"),
                );
                continue;
            }
            let tests = inputs
                .iter()
                .zip(&row.cells)
                .map(|((_, ty), cell)| self.input_cell(cell, ty, &mut env))
                .collect();
            let outs = outputs
                .iter()
                .zip(&row.cells[inputs.len()..])
                .map(|((name, ty), cell)| self.output_cell(cell, ty, name, &mut env))
                .collect();
            rows.push(RowDef {
                tests,
                outputs: outs,
                span: row.span,
                number: n as u32 + 1,
            });
        }
        self.graph.add(
            super::graph::DepNode::Table(id),
            &env,
            mi.file,
            d.name.span,
            &d.name.name,
        );
        self.tables[id as usize].index = crate::ir::RowIndex::build(&rows);
        self.tables[id as usize].rows = rows;
        // With columns or rows that do not fit, gaps and overlaps would only
        // echo the R0404 above.
        if complete {
            self.analyse_table(id, mi, d);
        }
    }

    fn input_cell(&mut self, cell: &ast::Cell, ty: &Type, env: &mut Env) -> CellTest {
        match &cell.kind {
            CellKind::Any => CellTest::Any,
            CellKind::Value(e) => CellTest::Compare(CompareOp::Eq, self.cell_expr(e, ty, env)),
            CellKind::Tests(tests) => {
                let mut out: Vec<CellTest> = tests
                    .iter()
                    .map(|t| match t {
                        UnaryTest::Equals(e) => {
                            CellTest::Compare(CompareOp::Eq, self.cell_expr(e, ty, env))
                        }
                        UnaryTest::Compare(op, e) => {
                            CellTest::Compare(*op, self.cell_expr(e, ty, env))
                        }
                        UnaryTest::Range {
                            low,
                            low_inclusive,
                            high,
                            high_inclusive,
                        } => CellTest::Range {
                            low: self.cell_expr(low, ty, env),
                            low_inclusive: *low_inclusive,
                            high: self.cell_expr(high, ty, env),
                            high_inclusive: *high_inclusive,
                        },
                    })
                    .collect();
                if out.len() == 1 {
                    out.pop().unwrap_or(CellTest::Any)
                } else {
                    CellTest::AnyOf(out)
                }
            }
        }
    }

    fn cell_expr(&mut self, e: &ast::Expr, ty: &Type, env: &mut Env) -> Node {
        let inner = ty.strip_optional();
        let l = self.expr(e, Some(inner), env);
        self.coerce(&l, ty, e.span);
        with_unit(l, ty).node
    }

    fn output_cell(
        &mut self,
        cell: &ast::Cell,
        ty: &Type,
        column: &str,
        env: &mut Env,
    ) -> Option<Node> {
        let expr = match &cell.kind {
            CellKind::Any => {
                if !ty.is_optional() {
                    let t = self.types.display(ty);
                    self.push(
                        Diagnostic::new(Code::TypeMismatch, self.file, cell.span, format!("kolom `{column}` ({t}) mag niet leeg zijn"))
                            .label("`-` is hier niet toegestaan")
                            .help(format!("maak het type optioneel (`{t}?`) als de regeling hier geen waarde geeft")),
                    );
                }
                return None;
            }
            CellKind::Value(e) => e,
            CellKind::Tests(t) => match t.as_slice() {
                [UnaryTest::Equals(e)] => e,
                _ => {
                    self.err(
                        Code::TypeMismatch,
                        cell.span,
                        "een uitkomstcel bevat een waarde, geen test",
                        "test in uitkomstkolom",
                    );
                    return None;
                }
            },
        };
        let l = self.expr(expr, Some(ty), env);
        self.coerce(&l, ty, expr.span);
        self.require_precise(&l, ty, expr.span, &format!("kolom `{column}`"));
        Some(with_unit(l, ty).node)
    }

    /// Gap, overlap and reachability analysis for one table.
    fn analyse_table(&mut self, id: u32, mi: &MergedItem<'a>, d: &ast::TableDecl) {
        let table = &self.tables[id as usize];
        if !matches!(table.hit_policy, HitPolicy::Unique | HitPolicy::First)
            || table.rows.is_empty()
        {
            return;
        }
        let Some(columns) = self.column_atoms(table) else {
            return;
        };
        let total: usize = columns
            .iter()
            .map(|c| c.len().max(1))
            .try_fold(1usize, |acc, n| acc.checked_mul(n))
            .unwrap_or(usize::MAX);
        if total > MAX_COMBINATIONS {
            self.push(
                Diagnostic::new(
                    Code::TableTooLargeToCheck,
                    mi.file,
                    d.name.span,
                    format!(
                        "tabel `{}` is te groot om op gaten en overlap te controleren",
                        d.name.name
                    ),
                )
                .label(format!("{} combinaties", crate::case::format_count(total))),
            );
            return;
        }
        let rows: Vec<Vec<CellTest>> = table.rows.iter().map(|r| r.tests.clone()).collect();
        let policy = table.hit_policy;
        // The first output column that cannot hold `-`, as it would read optional.
        let required = table
            .outputs
            .iter()
            .find(|(_, t)| !t.is_optional())
            .map(|(n, t)| format!("{n}: {}?", self.types.display(t)));
        let names: Vec<String> = table.inputs.iter().map(|(n, _)| n.clone()).collect();
        let mut gaps: Vec<String> = Vec::new();
        let mut overlaps: Vec<(usize, usize, String)> = Vec::new();
        let mut ever_first = vec![false; rows.len()];
        let mut combo = vec![0usize; columns.len()];
        'outer: loop {
            let values: Vec<&Atom> = combo.iter().zip(&columns).map(|(&i, c)| &c[i]).collect();
            let matching: Vec<usize> = rows
                .iter()
                .enumerate()
                .filter(|(_, row)| {
                    row.iter()
                        .zip(&values)
                        .all(|(t, a)| test_matches(t, &a.value).unwrap_or(false))
                })
                .map(|(i, _)| i)
                .collect();
            let describe = || {
                names
                    .iter()
                    .zip(&values)
                    .map(|(n, a)| format!("{n} {}", a.describe))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            match matching.as_slice() {
                [] if gaps.len() < 3 => gaps.push(describe()),
                [first, rest @ ..] => {
                    ever_first[*first] = true;
                    if policy == HitPolicy::Unique {
                        for r in rest {
                            if overlaps.len() < 5
                                && !overlaps.iter().any(|(a, b, _)| *a == *first && *b == *r)
                            {
                                overlaps.push((*first, *r, describe()));
                            }
                        }
                    }
                }
                _ => {}
            }
            // Next combination (odometer).
            for (i, c) in combo.iter_mut().enumerate().rev() {
                *c += 1;
                if *c < columns[i].len() {
                    continue 'outer;
                }
                *c = 0;
            }
            break;
        }
        let file = mi.file;
        if policy == HitPolicy::Unique && !gaps.is_empty() {
            self.push(
                Diagnostic::new(
                    Code::TableGap,
                    file,
                    d.name.span,
                    format!(
                        "tabel `{}` (uniek) heeft geen rij voor: {}",
                        d.name.name,
                        gaps.join("; ")
                    ),
                )
                .label("gat in de tabel")
                .help(gap_help(required.as_deref())),
            );
        }
        for (a, b, when) in overlaps {
            let (ra, rb) = (&d.rows[a], &d.rows[b]);
            self.push(
                Diagnostic::new(Code::TableOverlap, file, rb.span, format!("rijen {} en {} van tabel `{}` (uniek) gelden allebei voor: {when}", a + 1, b + 1, d.name.name))
                    .label("overlapt met een eerdere rij")
                    .related(file, ra.span, "deze rij geldt ook")
                    .help("maak de voorwaarden uitsluitend, of gebruik `beslis eerste` als de volgorde beslist"),
            );
        }
        if policy == HitPolicy::First {
            for (i, first) in ever_first.iter().enumerate() {
                if !first {
                    self.push(
                        Diagnostic::new(
                            Code::RowNeverChosen,
                            file,
                            d.rows[i].span,
                            format!(
                                "rij {} van tabel `{}` wordt nooit gekozen",
                                i + 1,
                                d.name.name
                            ),
                        )
                        .label("een eerdere rij geldt altijd eerst"),
                    );
                }
            }
        }
    }

    /// The distinguishable values of each input column, or `None` when a
    /// cell is not constant or a column type cannot be enumerated.
    fn column_atoms(&self, table: &TableDef) -> Option<Vec<Vec<Atom>>> {
        let mut out = Vec::new();
        for (col, (_, ty)) in table.inputs.iter().enumerate() {
            let mut points: Vec<Value> = Vec::new();
            for row in &table.rows {
                collect_points(&row.tests[col], &mut points)?;
            }
            let mut atoms = match ty.strip_optional() {
                Type::Bool => vec![
                    Atom::point(Value::Bool(true), "= ja"),
                    Atom::point(Value::Bool(false), "= nee"),
                ],
                Type::Enum(id) => self.types.enums[*id as usize]
                    .values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| Atom::point(Value::Enum(i as u32), &format!("= {v}")))
                    .collect(),
                Type::Integer | Type::Number | Type::Money(_) | Type::Percentage | Type::Date => {
                    interval_atoms(&mut points, ty.strip_optional())
                }
                Type::Text => {
                    let mut a: Vec<Atom> = points
                        .iter()
                        .map(|p| Atom::point(p.clone(), &format!("= {}", show(p))))
                        .collect();
                    a.push(Atom::point(
                        Value::Text(Arc::from("\u{0}")),
                        "= (andere tekst)",
                    ));
                    a
                }
                _ => return None,
            };
            if ty.is_optional() {
                atoms.push(Atom::point(Value::Empty, "leeg"));
            }
            out.push(atoms);
        }
        Some(out)
    }

    /// `eis`: lowered and type-checked here; verified against the values by
    /// [`crate::constraints`] once the program is built.
    pub fn check_constraints(&mut self, merged: &Merged<'a>) {
        for mi in &merged.constraints {
            let Item::Constraint(d) = mi.item else {
                continue;
            };
            self.file = mi.file;
            let mut env = Env::new(0, BodyKind::Pure);
            let table = match &d.for_each_row_of {
                Some(name) => match self.modules[0].tables.get(&name.name) {
                    Some(&id) => {
                        let t = &self.tables[id as usize];
                        for (n, ty) in t.inputs.iter().chain(t.outputs.iter()) {
                            env.push_local(n, ty.clone());
                        }
                        Some(id)
                    }
                    None => {
                        let known: Vec<String> = self.modules[0].tables.keys().cloned().collect();
                        self.unknown(name, &known, "tabel");
                        continue;
                    }
                },
                None => None,
            };
            let l = self.condition(&d.condition, &mut env);
            self.constraints.push(crate::ir::ConstraintDef {
                label: d.label.value.clone(),
                table,
                condition: l.node,
                locals: env.max_locals,
                origin: self.origin(mi, d.span, &d.sources),
            });
        }
    }
}

/// One distinguishable value of a column, with how to say it.
#[derive(Debug, Clone)]
struct Atom {
    value: Value,
    describe: String,
}

impl Atom {
    fn point(value: Value, describe: &str) -> Self {
        Atom {
            value,
            describe: describe.to_string(),
        }
    }
}

fn collect_points(t: &CellTest, out: &mut Vec<Value>) -> Option<()> {
    match t {
        CellTest::Any => Some(()),
        CellTest::Compare(_, n) => {
            out.push(fold(n)?);
            Some(())
        }
        CellTest::Range { low, high, .. } => {
            out.push(fold(low)?);
            out.push(fold(high)?);
            Some(())
        }
        CellTest::AnyOf(ts) => ts.iter().try_for_each(|t| collect_points(t, out)),
    }
}

/// Points and the open intervals around them, each with a representative.
fn interval_atoms(points: &mut Vec<Value>, ty: &Type) -> Vec<Atom> {
    points.retain(|p| !p.is_empty());
    points.sort_by(|a, b| compare(a, b).unwrap_or(Ordering::Equal));
    points.dedup();
    let step = |v: &Value, up: bool| -> Option<Value> {
        match v {
            Value::Num(d) => {
                let delta = if *ty == Type::Integer {
                    Decimal::ONE
                } else {
                    Decimal::new(1, 2)
                };
                Some(Value::Num(if up {
                    d.checked_add(delta)?
                } else {
                    d.checked_sub(delta)?
                }))
            }
            Value::Date(d) => Some(Value::Date(if up {
                d.checked_add_days(Days::new(1))?
            } else {
                d.checked_sub_days(Days::new(1))?
            })),
            _ => None,
        }
    };
    let mut atoms = Vec::new();
    let Some(first) = points.first() else {
        let any = match ty {
            Type::Date => Value::Date(chrono::NaiveDate::MIN),
            _ => Value::Num(Decimal::ZERO),
        };
        return vec![Atom::point(any, "(elke waarde)")];
    };
    if let Some(below) = step(first, false) {
        atoms.push(Atom::point(below, &format!("< {}", show(first))));
    }
    for (i, p) in points.iter().enumerate() {
        atoms.push(Atom::point(p.clone(), &format!("= {}", show(p))));
        let next = points.get(i + 1);
        let between = match (p, next) {
            (Value::Num(a), Some(Value::Num(b))) => {
                if *ty == Type::Integer {
                    (*b - *a > Decimal::ONE).then(|| Value::Num(*a + Decimal::ONE))
                } else {
                    Some(Value::Num((*a + *b) / Decimal::TWO))
                }
            }
            (Value::Date(a), Some(Value::Date(b))) => {
                let n = a.checked_add_days(Days::new(1));
                n.filter(|n| n < b).map(Value::Date)
            }
            (_, None) => step(p, true),
            _ => None,
        };
        if let Some(v) = between {
            let describe = match next {
                Some(n) => format!("tussen {} en {}", show(p), show(n)),
                None => format!("> {}", show(p)),
            };
            atoms.push(Atom::point(v, &describe));
        }
    }
    atoms
}

/// Whether a constant cell test matches a value (`None` when not constant).
fn test_matches(t: &CellTest, v: &Value) -> Option<bool> {
    match t {
        CellTest::Any => Some(true),
        CellTest::Compare(op, n) => {
            let c = fold(n)?;
            Some(match op {
                CompareOp::Eq => *v == c,
                CompareOp::Ne => *v != c,
                _ => match compare(v, &c) {
                    Some(o) => match op {
                        CompareOp::Lt => o == Ordering::Less,
                        CompareOp::Le => o != Ordering::Greater,
                        CompareOp::Gt => o == Ordering::Greater,
                        CompareOp::Ge => o != Ordering::Less,
                        _ => false,
                    },
                    None => false,
                },
            })
        }
        CellTest::Range {
            low,
            low_inclusive,
            high,
            high_inclusive,
        } => {
            let (lo, hi) = (fold(low)?, fold(high)?);
            let (Some(a), Some(b)) = (compare(v, &lo), compare(v, &hi)) else {
                return Some(false);
            };
            let above = a == Ordering::Greater || (*low_inclusive && a == Ordering::Equal);
            let below = b == Ordering::Less || (*high_inclusive && b == Ordering::Equal);
            Some(above && below)
        }
        CellTest::AnyOf(ts) => {
            for t in ts {
                if test_matches(t, v)? {
                    return Some(true);
                }
            }
            Some(false)
        }
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::Num(d) => d.normalize().to_string().replace('.', ","),
        Value::Date(d) => d.to_string(),
        Value::Text(t) => format!("\"{t}\""),
        Value::Bool(b) => if *b { "ja" } else { "nee" }.into(),
        other => format!("{other:?}"),
    }
}

/// "1 cel", "3 cellen".
fn count_cells(n: usize) -> String {
    if n == 1 {
        "1 cel".to_string()
    } else {
        format!("{n} cellen")
    }
}

/// What a row for a gap can give when the regeling has no value there: `-`
/// only fits optional columns (elsewhere it is R0201), `fout "…"` always.
/// `required` is the first column that is not optional, written optional.
fn gap_help(required: Option<&str>) -> String {
    let add = "voeg een rij toe voor deze gevallen; kent de regeling daar geen waarde, geef dan";
    match required {
        None => format!("{add} `-` als uitkomst"),
        Some(column) => format!(
            "{add} `fout \"…\"` als uitkomst (de berekening stopt met die melding), of maak de kolom optioneel (`{column}`) en geef `-`"
        ),
    }
}
