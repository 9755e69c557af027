//! Decision tables: matching rows by their cell tests and combining the
//! matches by hit policy (`uniek`, `eerste`, `som`, `alle`).

use super::error::EvalErrorKind;
use super::memo::{Answer, Key};
use super::run::{show, Ctx, Res, Run, Stop};
use super::tracer::Tracer;
use crate::ir::row_index::{literal_test, range_ops};
use crate::ir::{CellTest, Node, RowDef, RowSet, TableDef, TableId};
use crate::value::{cell_compare, Value};
use grammar::ast::HitPolicy;
use rust_decimal::Decimal;
use std::sync::Arc;

impl<'a, T: Tracer> Run<'a, '_, T> {
    /// `table(args)`, or `table(args).column` when `column` is given (then
    /// no record is built for a row: only that cell is evaluated). The
    /// arguments sit on the stack at `base..` while the rows are matched.
    #[inline(never)]
    pub fn table(&mut self, t: TableId, args: &'a [Node], column: Option<u32>) -> Res<Value> {
        let program = self.program;
        let Some(def) = program.tables.get(t as usize) else {
            return Err(self.internal("onbekende tabel"));
        };
        if args.len() != def.inputs.len() {
            return Err(self.internal("verkeerd aantal argumenten voor een tabel"));
        }
        let (cell, field) = projection(def, column);
        let saved = self.ctx;
        let ctx = Ctx {
            what: "tabel",
            name: &def.name,
            origin: Some(&def.origin),
        };
        let base = match self.single_indexed_row(def, args)? {
            // A constant cell cannot fail, so it needs no error context:
            // its value is returned straight from `output`, not moved again.
            FastPath::Row(row) if field.is_none() && constant_output(row, cell) => {
                return self.output(def, row, cell);
            }
            FastPath::Row(row) => {
                self.ctx = ctx;
                let result = self.output(def, row, cell);
                self.ctx = saved;
                return self.field_of_result(result, field);
            }
            FastPath::Pushed(base) => base,
            FastPath::NotTaken => self.push_args(args)?,
        };
        self.ctx = ctx;
        let result = self.lookup(t, def, base, cell);
        let result = self.field_of_result(result, field);
        self.ctx = saved;
        self.state.stack.truncate(base);
        result
    }

    /// The fast path of the most common lookup (one argument, a row index,
    /// `uniek`/`eerste`, trace off): the row straight from the index,
    /// without an argument frame.
    #[inline]
    fn single_indexed_row(&mut self, def: &'a TableDef, args: &'a [Node]) -> Res<FastPath<'a>> {
        let (false, [arg], Some(index), HitPolicy::Unique | HitPolicy::First) =
            (T::ENABLED, args, &def.index, def.hit_policy)
        else {
            return Ok(FastPath::NotTaken);
        };
        let v = self.eval(arg)?;
        if let Some(row) = index
            .matching(std::slice::from_ref(&v))
            .and_then(|rows| single_hit(def, rows))
        {
            return Ok(FastPath::Row(row));
        }
        let base = self.state.stack.len();
        self.state.stack.push(v);
        Ok(FastPath::Pushed(base))
    }

    /// `result`, or its field `field` when one is asked for. Without a
    /// field the result is passed on as is, not unwrapped and rewrapped (a
    /// fresh value moved again costs a store-forwarding stall).
    #[inline]
    fn field_of_result(&self, result: Res<Value>, field: Option<u32>) -> Res<Value> {
        match field {
            None => result,
            Some(i) => result.and_then(|v| self.field_of(v, i)),
        }
    }

    /// Field `i` of a record value; leeg stays leeg.
    pub fn field_of(&self, v: Value, i: u32) -> Res<Value> {
        match v {
            Value::Record(fields) => match fields.get(i as usize) {
                Some(v) => Ok(v.clone()),
                None => Err(self.internal("onbekend veld")),
            },
            Value::Empty => Ok(Value::Empty),
            _ => Err(self.internal("veld van iets dat geen gegeven is")),
        }
    }

    fn lookup(
        &mut self,
        t: TableId,
        def: &'a TableDef,
        base: usize,
        column: Option<usize>,
    ) -> Res<Value> {
        // One step for the lookup (an index finds its rows at once), one
        // more per row tested in order.
        self.step()?;
        // Row numbers are collected only for the trace.
        let mut rows: Vec<u32> = Vec::new();
        let result = match def.hit_policy {
            HitPolicy::Unique | HitPolicy::First => {
                let unique = def.hit_policy == HitPolicy::Unique;
                let row = match self.indexed_rows(def, base) {
                    Some(rows) => self.indexed_hit(def, base, rows, unique)?,
                    None => {
                        // Without an index a repeated lookup is cheaper from the memo.
                        let args = base..base + def.inputs.len();
                        if !T::ENABLED {
                            let given = self.state.stack.get(args.clone()).unwrap_or_default();
                            if let Some(&Answer::Row(i)) =
                                self.state.calls.find(Key::Table(t), given)
                            {
                                if let Some(row) = def.rows.get(i as usize) {
                                    return self.output(def, row, column);
                                }
                            }
                        }
                        let (index, row) = self.scanned_hit(def, base, unique)?;
                        if !T::ENABLED {
                            if let (Some(given), Ok(index)) =
                                (self.state.stack.get(args), u32::try_from(index))
                            {
                                self.state
                                    .calls
                                    .insert(Key::Table(t), given, Answer::Row(index));
                            }
                        }
                        row
                    }
                };
                let value = self.output(def, row, column)?;
                if T::ENABLED {
                    // The trace shows the whole row's result, when the other
                    // cells can be computed (tracing must not change results).
                    let full = match column {
                        Some(_) => self
                            .output(def, row, None)
                            .unwrap_or_else(|_| value.clone()),
                        None => value.clone(),
                    };
                    self.trace_table(t, def, base, &[row.number], &full);
                }
                return Ok(value);
            }
            HitPolicy::Sum => {
                let mut total = Decimal::ZERO;
                let indexed = self.indexed_rows(def, base);
                for (index, row) in def.rows.iter().enumerate() {
                    self.step()?;
                    if !self.row_matches(indexed, index, row, base)? {
                        continue;
                    }
                    if T::ENABLED {
                        rows.push(row.number);
                    }
                    match self.output(def, row, None)? {
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
                let indexed = self.indexed_rows(def, base);
                for (index, row) in def.rows.iter().enumerate() {
                    self.step()?;
                    if self.row_matches(indexed, index, row, base)? {
                        if T::ENABLED {
                            rows.push(row.number);
                        }
                        out.push(self.output(def, row, None)?);
                    }
                }
                Value::List(Arc::from(out))
            }
        };
        if T::ENABLED {
            self.trace_table(t, def, base, &rows, &result);
        }
        Ok(result)
    }

    /// The row a `uniek`/`eerste` lookup hits, from the index's row set,
    /// or the error when there is no single one.
    fn indexed_hit(
        &self,
        def: &'a TableDef,
        base: usize,
        rows: RowSet,
        unique: bool,
    ) -> Res<&'a RowDef> {
        if let Some(row) = single_hit(def, rows) {
            return Ok(row);
        }
        if unique && rows.count_ones() > 1 {
            let numbers: Vec<u32> = def
                .rows
                .iter()
                .enumerate()
                .filter(|(i, _)| rows >> i & 1 == 1)
                .map(|(_, r)| r.number)
                .collect();
            return Err(self.several_rows(def, base, &numbers));
        }
        Err(self.no_row(def, base))
    }

    /// The row a `uniek`/`eerste` lookup hits, testing the rows in order.
    fn scanned_hit(
        &mut self,
        def: &'a TableDef,
        base: usize,
        unique: bool,
    ) -> Res<(usize, &'a RowDef)> {
        let mut first: Option<(usize, &'a RowDef)> = None;
        let mut several: Vec<u32> = Vec::new();
        for (index, row) in def.rows.iter().enumerate() {
            self.step()?;
            if !self.matches(row, base)? {
                continue;
            }
            match first {
                None if !unique => return Ok((index, row)),
                None => first = Some((index, row)),
                Some((_, f)) => {
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
        first.ok_or_else(|| self.no_row(def, base))
    }

    fn trace_table(
        &mut self,
        t: TableId,
        def: &TableDef,
        base: usize,
        rows: &[u32],
        result: &Value,
    ) {
        let end = (base + def.inputs.len()).min(self.state.stack.len());
        self.tracer
            .table(t, &self.state.stack[base..end], rows, result);
    }

    /// Whether every cell test of the row holds for the arguments. Cells
    /// with literal operands (nearly all) are tested in place; the others
    /// are evaluated.
    /// The matching rows from the table's index, when it has one and the
    /// arguments (at `base..`) are of the kinds it was built for.
    fn indexed_rows(&self, def: &TableDef, base: usize) -> Option<RowSet> {
        let index = def.index.as_ref()?;
        let args = self.state.stack.get(base..base + def.inputs.len())?;
        index.matching(args)
    }

    /// Whether row `index` matches: a bit of the index's answer, or else
    /// the row's cells tested one by one.
    fn row_matches(
        &mut self,
        indexed: Option<RowSet>,
        index: usize,
        row: &'a RowDef,
        base: usize,
    ) -> Res<bool> {
        match indexed {
            Some(rows) => Ok(index < RowSet::BITS as usize && rows >> index & 1 == 1),
            None => self.matches(row, base),
        }
    }

    fn matches(&mut self, row: &'a RowDef, base: usize) -> Res<bool> {
        for (i, test) in row.tests.iter().enumerate() {
            let Some(arg) = self.state.stack.get(base + i) else {
                return Err(self.internal("tabelargument buiten het frame"));
            };
            let holds = match literal_test(test, arg) {
                Some(b) => b,
                None => {
                    let arg = arg.clone();
                    self.test(test, &arg)?
                }
            };
            if !holds {
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
                let (lop, hop) = range_ops(*low_inclusive, *high_inclusive);
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

    /// The row's result: its single output, a record of all outputs, or
    /// (`column`) one output only.
    fn output(&mut self, def: &'a TableDef, row: &'a RowDef, column: Option<usize>) -> Res<Value> {
        let single = match (column, row.outputs.as_slice()) {
            (Some(c), cells) => match cells.get(c) {
                Some(cell) => Some(cell),
                None => return Err(self.internal("onbekende uitvoerkolom")),
            },
            (None, [cell]) => Some(cell),
            (None, _) => None,
        };
        if let Some(cell) = single {
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

/// How the one-argument fast path of a lookup ended.
enum FastPath<'a> {
    /// The row, straight from the index.
    Row(&'a RowDef),
    /// The argument is evaluated and pushed at this stack position; the
    /// general path goes on from there (the index cannot place it, or not
    /// exactly one row matches: the general path reports that).
    Pushed(usize),
    /// Not a one-argument indexed `uniek`/`eerste` lookup with trace off.
    NotTaken,
}

/// The row a `uniek`/`eerste` lookup hits in the index's row set: the
/// lowest one, when `uniek` has exactly one and `eerste` at least one.
fn single_hit(def: &TableDef, rows: RowSet) -> Option<&RowDef> {
    let single = match def.hit_policy {
        HitPolicy::Unique => rows.count_ones() == 1,
        _ => rows != 0,
    };
    single
        .then(|| def.rows.get(rows.trailing_zeros() as usize))
        .flatten()
}

/// Whether the row's result (cell `cell`, or all of them) is constants only.
fn constant_output(row: &RowDef, cell: Option<usize>) -> bool {
    let constant = |c: &Option<Node>| matches!(c, None | Some(Node::Const(_)));
    match cell {
        Some(c) => row.outputs.get(c).is_some_and(constant),
        None => row.outputs.iter().all(constant),
    }
}

/// For `table(…).column`: the output cell to compute (only that one, when
/// a `uniek`/`eerste` row has several) and the field to take from the
/// result afterwards (for `som`/`alle`, or a single output).
fn projection(def: &TableDef, column: Option<u32>) -> (Option<usize>, Option<u32>) {
    let projectable =
        matches!(def.hit_policy, HitPolicy::Unique | HitPolicy::First) && def.outputs.len() > 1;
    match column {
        Some(c) if projectable => (Some(c as usize), None),
        Some(c) => (None, Some(c)),
        None => (None, None),
    }
}
