//! Decision tables: matching rows by their cell tests and combining the
//! matches by hit policy (`uniek`, `eerste`, `som`, `alle`).

use super::error::EvalErrorKind;
use super::run::{ordered, show, Ctx, Res, Run, Stop};
use super::tracer::Tracer;
use crate::ir::{CellTest, Node, RowDef, TableDef, TableId};
use crate::value::{self, Value};
use grammar::ast::{CompareOp, HitPolicy};
use rust_decimal::Decimal;
use std::sync::Arc;

impl<'a, T: Tracer> Run<'a, '_, T> {
    /// `table(args)`: the arguments sit on the stack at `base..` while the
    /// rows are matched.
    pub fn table(&mut self, t: TableId, args: &'a [Node]) -> Res<Value> {
        let program = self.program;
        let Some(def) = program.tables.get(t as usize) else {
            return Err(self.internal("onbekende tabel"));
        };
        if args.len() != def.inputs.len() {
            return Err(self.internal("verkeerd aantal argumenten voor een tabel"));
        }
        let base = self.push_args(args)?;
        let saved = self.ctx;
        self.ctx = Ctx {
            what: "tabel",
            name: &def.name,
            origin: Some(&def.origin),
        };
        let result = self.lookup(t, def, base);
        self.ctx = saved;
        self.state.stack.truncate(base);
        result
    }

    fn lookup(&mut self, t: TableId, def: &'a TableDef, base: usize) -> Res<Value> {
        // Row numbers are collected only for the trace.
        let mut rows: Vec<u32> = Vec::new();
        let result = match def.hit_policy {
            HitPolicy::Unique => {
                let mut first: Option<&'a RowDef> = None;
                let mut several: Vec<u32> = Vec::new();
                for row in &def.rows {
                    if !self.matches(row, base)? {
                        continue;
                    }
                    match first {
                        None => first = Some(row),
                        Some(f) => {
                            if several.is_empty() {
                                several.push(f.number);
                            }
                            several.push(row.number);
                        }
                    }
                }
                if !several.is_empty() {
                    return Err(self.several_rows(def, base, &several));
                }
                let Some(row) = first else {
                    return Err(self.no_row(def, base));
                };
                if T::ENABLED {
                    rows.push(row.number);
                }
                self.output(def, row)?
            }
            HitPolicy::First => {
                let mut hit = None;
                for row in &def.rows {
                    if self.matches(row, base)? {
                        hit = Some(row);
                        break;
                    }
                }
                let Some(row) = hit else {
                    return Err(self.no_row(def, base));
                };
                if T::ENABLED {
                    rows.push(row.number);
                }
                self.output(def, row)?
            }
            HitPolicy::Sum => {
                let mut total = Decimal::ZERO;
                for row in &def.rows {
                    if !self.matches(row, base)? {
                        continue;
                    }
                    if T::ENABLED {
                        rows.push(row.number);
                    }
                    match self.output(def, row)? {
                        Value::Num(d) => match total.checked_add(d) {
                            Some(s) => total = s,
                            None => return Err(self.overflow()),
                        },
                        Value::Empty => {}
                        _ => return Err(self.internal("`beslis som` over iets dat geen getal is")),
                    }
                }
                Value::Num(total)
            }
            HitPolicy::All => {
                let mut out = Vec::new();
                for row in &def.rows {
                    if self.matches(row, base)? {
                        if T::ENABLED {
                            rows.push(row.number);
                        }
                        out.push(self.output(def, row)?);
                    }
                }
                Value::List(Arc::from(out))
            }
        };
        if T::ENABLED {
            let end = (base + def.inputs.len()).min(self.state.stack.len());
            self.tracer
                .table(t, &self.state.stack[base..end], &rows, &result);
        }
        Ok(result)
    }

    /// Whether every cell test of the row holds for the arguments.
    fn matches(&mut self, row: &'a RowDef, base: usize) -> Res<bool> {
        for (i, test) in row.tests.iter().enumerate() {
            let Some(arg) = self.state.stack.get(base + i).cloned() else {
                return Err(self.internal("tabelargument buiten het frame"));
            };
            if !self.test(test, &arg)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn test(&mut self, test: &'a CellTest, arg: &Value) -> Res<bool> {
        match test {
            CellTest::Any => Ok(true),
            CellTest::Compare(op, node) => {
                let v = self.eval(node)?;
                Ok(cell_compare(*op, arg, &v))
            }
            CellTest::Range {
                low,
                low_inclusive,
                high,
                high_inclusive,
            } => {
                let lo = self.eval(low)?;
                let hi = self.eval(high)?;
                let lop = if *low_inclusive {
                    CompareOp::Ge
                } else {
                    CompareOp::Gt
                };
                let hop = if *high_inclusive {
                    CompareOp::Le
                } else {
                    CompareOp::Lt
                };
                Ok(cell_compare(lop, arg, &lo) && cell_compare(hop, arg, &hi))
            }
            CellTest::AnyOf(alternatives) => {
                for alt in alternatives {
                    if self.test(alt, arg)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
        }
    }

    /// The row's result: its single output, or a record of all outputs.
    fn output(&mut self, def: &'a TableDef, row: &'a RowDef) -> Res<Value> {
        if let [cell] = row.outputs.as_slice() {
            return match cell {
                Some(node) => self.eval(node),
                None => Ok(Value::Empty),
            };
        }
        let mut fields = Vec::with_capacity(row.outputs.len());
        for cell in &row.outputs {
            fields.push(match cell {
                Some(node) => self.eval(node)?,
                None => Value::Empty,
            });
        }
        if fields.len() != def.outputs.len() {
            return Err(self.internal("rij met een verkeerd aantal uitkomsten"));
        }
        Ok(Value::Record(Arc::from(fields)))
    }

    /// "hulpvraag = rolstoel, leeftijd = 67"
    fn describe_args(&self, def: &TableDef, base: usize) -> String {
        def.inputs
            .iter()
            .enumerate()
            .map(|(i, (name, ty))| match self.state.stack.get(base + i) {
                Some(v) => format!("{name} = {}", show(self.program, ty, v)),
                None => format!("{name} = ?"),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    #[cold]
    fn no_row(&self, def: &TableDef, base: usize) -> Stop {
        let policy = match def.hit_policy {
            HitPolicy::Unique => "uniek",
            HitPolicy::First => "eerste",
            HitPolicy::Sum => "som",
            HitPolicy::All => "alle",
        };
        let message = format!(
            "geen rij van tabel `{}` (beslis {policy}) past bij {}",
            def.name,
            self.describe_args(def, base)
        );
        self.error(EvalErrorKind::NoRow, message)
    }

    #[cold]
    fn several_rows(&self, def: &TableDef, base: usize, rows: &[u32]) -> Stop {
        let numbers: Vec<String> = rows.iter().map(|r| r.to_string()).collect();
        let (init, last) = numbers.split_at(numbers.len().saturating_sub(1));
        let list = if init.is_empty() {
            last.join("")
        } else {
            format!("{} en {}", init.join(", "), last.join(""))
        };
        let message = format!(
            "de rijen {list} van tabel `{}` passen alle bij {}, maar bij `beslis uniek` mag precies één rij passen",
            def.name,
            self.describe_args(def, base)
        );
        self.error(EvalErrorKind::SeveralRows, message)
    }
}

/// A cell comparison: `=`/`<>` structurally, orderings only between
/// comparable values (an empty argument matches no ordering).
fn cell_compare(op: CompareOp, arg: &Value, cell: &Value) -> bool {
    match op {
        CompareOp::Eq => arg == cell,
        CompareOp::Ne => arg != cell,
        _ => value::compare(arg, cell).is_some_and(|ord| ordered(op, ord)),
    }
}
