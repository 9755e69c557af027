//! A precomputed index of a decision table's rows: for each input column,
//! the rows whose cell accepts a given argument, found by one binary
//! search instead of testing every cell of every row.
//!
//! Built once per table when the program is compiled, for tables of at
//! most 128 rows whose input cells are all literal (`-`, a constant, a
//! comparison or range with constants, or alternatives of those). The
//! column's constants split its values into regions: below the first
//! constant, each constant itself, between two constants, above the last.
//! Every cell test holds on a whole region or on none of it, so one row
//! mask per region answers the test for any argument in that region.
//! Matching a row is then an AND of one mask per column; the hit policy
//! works on the resulting row set exactly as on a scan (same rows, same
//! order, same errors).

use crate::ir::{CellTest, Node, RowDef};
use crate::value::{cell_compare, equal, num_cmp, order, ordered, Value};
use chrono::NaiveDate;
use grammar::ast::CompareOp;
use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::sync::Arc;

/// Rows as bits: bit `i` is row `i` (0-based).
pub type RowSet = u128;

const MAX_ROWS: usize = RowSet::BITS as usize;

#[derive(Debug, Clone)]
pub struct RowIndex {
    /// Per input column; `None` when every cell of the column is `-`.
    columns: Vec<Option<ColumnIndex>>,
    all: RowSet,
}

#[derive(Debug, Clone)]
struct ColumnIndex {
    /// The distinct constants of the column's cells, ascending, unwrapped
    /// so that the search compares plain values.
    points: Points,
    /// `2 * points.len() + 1` masks: region `2i + 1` is `points[i]`,
    /// region `2i` lies strictly between `points[i - 1]` and `points[i]`.
    regions: Vec<RowSet>,
}

impl RowIndex {
    /// The index of `rows`, or `None` when the table does not qualify (too
    /// many rows, a cell that depends on the case or on a parameter, or
    /// constants that cannot all be ordered against each other).
    pub fn build(rows: &[RowDef]) -> Option<RowIndex> {
        if rows.is_empty() || rows.len() > MAX_ROWS {
            return None;
        }
        let width = rows[0].tests.len();
        if rows.iter().any(|r| r.tests.len() != width) {
            return None;
        }
        let mut columns = Vec::with_capacity(width);
        for c in 0..width {
            let tests: Vec<&CellTest> = rows.iter().map(|r| &r.tests[c]).collect();
            columns.push(ColumnIndex::build(&tests)?);
        }
        let all = if rows.len() == MAX_ROWS {
            RowSet::MAX
        } else {
            (1 << rows.len()) - 1
        };
        Some(RowIndex { columns, all })
    }

    /// The rows whose cells all accept `args` (one per input column), or
    /// `None` when an argument is of another kind than the column's
    /// constants (`leeg`, say): the caller then tests the cells one by one.
    pub fn matching(&self, args: &[Value]) -> Option<RowSet> {
        if args.len() != self.columns.len() {
            return None;
        }
        let mut rows = self.all;
        for (column, arg) in self.columns.iter().zip(args) {
            if let Some(column) = column {
                rows &= column.rows_for(arg)?;
            }
        }
        Some(rows)
    }
}

/// The constants of one column, all of one kind.
#[derive(Debug, Clone)]
enum Points {
    Num(Vec<Decimal>),
    /// Numbers that are all whole and fit an `i64` (years, counts): a
    /// whole argument is searched among plain integers.
    Whole(Vec<i64>, Vec<Decimal>),
    Date(Vec<NaiveDate>),
    Text(Vec<Arc<str>>),
    Enum(Vec<u32>),
    Bool(Vec<bool>),
}

impl Points {
    /// `None` when the values are not all of one orderable kind.
    fn of(values: &[Value]) -> Option<Points> {
        fn all<T>(values: &[Value], get: impl Fn(&Value) -> Option<T>) -> Option<Vec<T>> {
            values.iter().map(get).collect()
        }
        Some(match values.first()? {
            Value::Num(_) => {
                let numbers = all(values, Value::as_num)?;
                match all(values, |v| v.as_num().as_ref().and_then(whole)) {
                    Some(whole) => Points::Whole(whole, numbers),
                    None => Points::Num(numbers),
                }
            }
            Value::Date(_) => Points::Date(all(values, Value::as_date)?),
            Value::Text(_) => Points::Text(all(values, |v| match v {
                Value::Text(t) => Some(t.clone()),
                _ => None,
            })?),
            Value::Enum(_) => Points::Enum(all(values, |v| match v {
                Value::Enum(e) => Some(*e),
                _ => None,
            })?),
            Value::Bool(_) => Points::Bool(all(values, Value::as_bool)?),
            _ => return None,
        })
    }

    /// Where `arg` falls: `Ok(i)` at point `i`, `Err(i)` just below point
    /// `i`; `None` for an argument of another kind.
    #[inline]
    fn search(&self, arg: &Value) -> Option<Result<usize, usize>> {
        Some(match (self, arg) {
            (Points::Whole(p, numbers), Value::Num(x)) => match whole(x) {
                Some(x) => p.binary_search(&x),
                None => numbers.binary_search_by(|c| num_cmp(c, x)),
            },
            (Points::Num(p), Value::Num(x)) => p.binary_search_by(|c| num_cmp(c, x)),
            (Points::Date(p), Value::Date(x)) => p.binary_search(x),
            (Points::Text(p), Value::Text(x)) => p.binary_search_by(|c| (**c).cmp(&**x)),
            (Points::Enum(p), Value::Enum(x)) => p.binary_search(x),
            (Points::Bool(p), Value::Bool(x)) => p.binary_search(x),
            _ => return None,
        })
    }
}

/// `d` as an `i64` when it is written without decimals (`2031`, not
/// `2031.0`: a cheap test, and a number with decimals takes the exact path).
#[inline]
fn whole(d: &Decimal) -> Option<i64> {
    if d.scale() == 0 {
        i64::try_from(d.mantissa()).ok()
    } else {
        None
    }
}

impl ColumnIndex {
    /// `Some(None)`: the column has no constants (all `-`), nothing to index.
    fn build(tests: &[&CellTest]) -> Option<Option<ColumnIndex>> {
        let mut points = Vec::new();
        for t in tests {
            constants(t, &mut points)?;
        }
        if points.is_empty() {
            return Some(None);
        }
        // Also refuses a column that mixes kinds or holds other values.
        Points::of(&points)?;
        let mut failed = false;
        points.sort_by(|a, b| {
            order(a, b).unwrap_or_else(|| {
                failed = true;
                Ordering::Equal
            })
        });
        if failed {
            return None;
        }
        points.dedup_by(|a, b| equal(a, b));
        let mut regions = vec![0; 2 * points.len() + 1];
        for (r, mask) in regions.iter_mut().enumerate() {
            for (i, t) in tests.iter().enumerate() {
                if holds(t, r, &points)? {
                    *mask |= 1 << i;
                }
            }
        }
        let points = Points::of(&points)?;
        Some(Some(ColumnIndex { points, regions }))
    }

    #[inline]
    fn rows_for(&self, arg: &Value) -> Option<RowSet> {
        let region = match self.points.search(arg)? {
            Ok(i) => 2 * i + 1,
            Err(i) => 2 * i,
        };
        self.regions.get(region).copied()
    }
}

/// Collects the constants of a literal cell test; `None` when the test
/// evaluates anything (then the table gets no index).
fn constants(test: &CellTest, out: &mut Vec<Value>) -> Option<()> {
    match test {
        CellTest::Any => {}
        CellTest::Compare(_, Node::Const(v)) => out.push(v.clone()),
        CellTest::Range {
            low: Node::Const(lo),
            high: Node::Const(hi),
            ..
        } => {
            out.push(lo.clone());
            out.push(hi.clone());
        }
        CellTest::AnyOf(alternatives) => {
            for a in alternatives {
                constants(a, out)?;
            }
        }
        _ => return None,
    }
    Some(())
}

/// Whether `test` holds for every argument in `region` (it then holds for
/// all of them or for none: the region contains no constant of the test
/// in its interior).
fn holds(test: &CellTest, region: usize, points: &[Value]) -> Option<bool> {
    literal_cell(test, &|op, constant| {
        Some(compares(op, region, position(points, constant)?))
    })
}

/// `x op points[j]` for every `x` in `region`. Points are distinct and
/// ascending, so comparing positions is comparing values.
fn compares(op: CompareOp, region: usize, j: usize) -> bool {
    let ord = if region % 2 == 1 {
        (region / 2).cmp(&j)
    } else if j < region / 2 {
        // Between points[region/2 - 1] and points[region/2]: above p_j.
        Ordering::Greater
    } else {
        Ordering::Less
    };
    ordered(op, ord)
}

fn position(points: &[Value], c: &Value) -> Option<usize> {
    points.iter().position(|p| equal(p, c))
}

/// A cell test whose operands are literals, decided without evaluation;
/// `None` when an operand must be evaluated (a parameter, arithmetic).
pub(crate) fn literal_test(test: &CellTest, arg: &Value) -> Option<bool> {
    literal_cell(test, &|op, constant| Some(cell_compare(op, arg, constant)))
}

/// Decides a cell test whose operands are all constants, given
/// `compare(op, constant)`: whether the argument stands in relation `op`
/// to the constant. `None` when an operand is not a constant (or `compare`
/// cannot tell). The one reading of the cell shapes, shared by the scan
/// ([`literal_test`]) and the row index (per region of values).
pub(crate) fn literal_cell(
    test: &CellTest,
    compare: &impl Fn(CompareOp, &Value) -> Option<bool>,
) -> Option<bool> {
    match test {
        CellTest::Any => Some(true),
        CellTest::Compare(op, Node::Const(v)) => compare(*op, v),
        CellTest::Range {
            low: Node::Const(lo),
            low_inclusive,
            high: Node::Const(hi),
            high_inclusive,
        } => {
            let (lop, hop) = range_ops(*low_inclusive, *high_inclusive);
            Some(compare(lop, lo)? && compare(hop, hi)?)
        }
        CellTest::AnyOf(alternatives) => {
            for alt in alternatives {
                if literal_cell(alt, compare)? {
                    return Some(true);
                }
            }
            Some(false)
        }
        _ => None,
    }
}

/// The operators of a range's two bounds.
pub(crate) fn range_ops(low_inclusive: bool, high_inclusive: bool) -> (CompareOp, CompareOp) {
    (
        if low_inclusive {
            CompareOp::Ge
        } else {
            CompareOp::Gt
        },
        if high_inclusive {
            CompareOp::Le
        } else {
            CompareOp::Lt
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use grammar::ast::Span;
    use rust_decimal::Decimal;

    fn num(n: i64) -> Value {
        Value::Num(Decimal::from(n))
    }

    fn cmp(op: CompareOp, n: i64) -> CellTest {
        CellTest::Compare(op, Node::Const(num(n)))
    }

    fn range(lo: i64, lo_incl: bool, hi: i64, hi_incl: bool) -> CellTest {
        CellTest::Range {
            low: Node::Const(num(lo)),
            low_inclusive: lo_incl,
            high: Node::Const(num(hi)),
            high_inclusive: hi_incl,
        }
    }

    fn row(tests: Vec<CellTest>) -> RowDef {
        RowDef {
            tests,
            outputs: Vec::new(),
            span: Span::default(),
            number: 0,
        }
    }

    /// The rows a scan with the cell tests themselves would match.
    fn scanned(rows: &[RowDef], args: &[Value]) -> RowSet {
        let mut set = 0;
        for (i, r) in rows.iter().enumerate() {
            let all = r
                .tests
                .iter()
                .zip(args)
                .all(|(t, a)| literal_test(t, a).expect("literal"));
            if all {
                set |= 1 << i;
            }
        }
        set
    }

    #[test]
    fn the_index_matches_the_same_rows_as_a_scan() {
        use CompareOp::*;
        // The AOW table's shape (years, overlapping and open-ended tests
        // added on purpose), next to a keuze column.
        let rows = vec![
            row(vec![cmp(Le, 2012), CellTest::Any]),
            row(vec![cmp(Eq, 2013), cmp(Eq, 0)]),
            row(vec![range(2019, true, 2021, true), CellTest::Any]),
            row(vec![range(2019, false, 2024, false), cmp(Ne, 1)]),
            row(vec![cmp(Ge, 2032), CellTest::Any]),
            row(vec![
                CellTest::AnyOf(vec![cmp(Eq, 2013), cmp(Gt, 2030)]),
                cmp(Lt, 2),
            ]),
            row(vec![CellTest::Any, CellTest::Any]),
        ];
        let index = RowIndex::build(&rows).expect("index");
        for year in 2005..2040 {
            for k in -1..4 {
                for frac in [Decimal::ZERO, Decimal::new(5, 1)] {
                    let args = [Value::Num(Decimal::from(year) + frac), num(k)];
                    assert_eq!(
                        index.matching(&args),
                        Some(scanned(&rows, &args)),
                        "{args:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn other_kinds_of_argument_fall_back_to_the_scan() {
        let rows = vec![row(vec![cmp(CompareOp::Eq, 1)])];
        let index = RowIndex::build(&rows).expect("index");
        assert_eq!(index.matching(&[Value::Empty]), None);
        assert_eq!(index.matching(&[num(1)]), Some(1));
        assert_eq!(index.matching(&[num(2)]), Some(0));
    }

    #[test]
    fn cells_that_evaluate_something_get_no_index() {
        let rows = vec![row(vec![CellTest::Compare(CompareOp::Eq, Node::Input(0))])];
        assert!(RowIndex::build(&rows).is_none());
    }

    #[test]
    fn texts_and_keuzes_are_indexed_by_their_order() {
        let text = |s: &str| Value::Text(s.into());
        let rows = vec![
            row(vec![CellTest::Compare(
                CompareOp::Eq,
                Node::Const(text("b")),
            )]),
            row(vec![CellTest::Compare(
                CompareOp::Ne,
                Node::Const(text("b")),
            )]),
            row(vec![CellTest::Compare(
                CompareOp::Eq,
                Node::Const(Value::Enum(1)),
            )]),
        ];
        // Texts and keuzes in one column cannot be ordered: no index.
        assert!(RowIndex::build(&rows).is_none());
        let rows = &rows[..2];
        let index = RowIndex::build(rows).expect("index");
        for s in ["a", "b", "c", "ba"] {
            assert_eq!(index.matching(&[text(s)]), Some(scanned(rows, &[text(s)])));
        }
    }
}
