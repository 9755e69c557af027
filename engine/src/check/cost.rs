//! R0602: a rule whose worst case can exceed the evaluation's step budget
//! ([`crate::limits::MAX_STEPS`]). The worst case counts what the evaluator
//! counts — a step per loop iteration, function call, table lookup and
//! table row — over the compiled rule:
//!
//! - a loop over a list literal runs once per element; over any other list
//!   (an input, a rule, a table's `alle`) at most [`MAX_LIST_LEN`] times,
//!   the case size limit;
//! - `eerste j van a tot en met b` runs `b - a + 1` times when both are
//!   constants or the same expression plus different constants (`jaar(d) +
//!   65 tot en met jaar(d) + 70`), else at most [`MAX_RANGE`] times;
//! - a loop's body costs once per iteration, nested loops multiply;
//! - a read rule costs nothing here (it is evaluated once per case and
//!   counted with its own definition); a function call costs its body.

use crate::diag::{Code, Diagnostic};
use crate::ir::{ArithOp, CellTest, Definition, ExceptionDef, FnId, Node, Program, TemplatePart};
use crate::limits::{MAX_LIST_LEN, MAX_RANGE, MAX_STEPS};
use crate::value::Value;

/// The R0602 warnings of a compiled program, one per rule that can exceed
/// the budget.
pub fn warnings(program: &Program) -> Vec<Diagnostic> {
    let mut cost = Cost {
        program,
        functions: vec![None; program.functions.len()],
    };
    let mut out = Vec::new();
    for rule in &program.rules {
        let steps = cost.rule(&rule.def, &rule.exceptions);
        if steps <= u64::from(MAX_STEPS) {
            continue;
        }
        let message = format!(
            "de regel `{}` kan in het slechtste geval {} rekenstappen kosten, meer dan de {} die één casus mag kosten; zo'n casus stopt met een foutmelding",
            rule.name,
            amount(steps),
            crate::case::format_count(MAX_STEPS as usize)
        );
        out.push(
            Diagnostic::new(Code::TooManySteps, rule.origin.file, rule.origin.span, message)
                .label("kan te veel rekenstappen kosten")
                .help(format!(
                    "maak geneste herhalingen kleiner: een bereik `eerste j van a tot en met b` telt tot {} getallen, een lijst in een casus tot {} elementen, en herhalingen in elkaar vermenigvuldigen",
                    crate::case::format_count(MAX_RANGE as usize),
                    crate::case::format_count(MAX_LIST_LEN)
                )),
        );
    }
    out
}

/// A step count the Dutch way (`10.000.200.000`); one that no longer fits
/// a number is "onbeperkt veel".
fn amount(steps: u64) -> String {
    if steps == u64::MAX {
        "onbeperkt veel".to_string()
    } else {
        crate::case::group_thousands(&steps.to_string())
    }
}

struct Cost<'p> {
    program: &'p Program,
    /// Per function: its worst case once known (a call costs it each time).
    functions: Vec<Option<u64>>,
}

impl Cost<'_> {
    fn rule(&mut self, def: &Definition, exceptions: &[ExceptionDef]) -> u64 {
        let body = match def {
            Definition::Expr(node) => self.node(node),
            Definition::Ladder(ladder) => ladder
                .steps
                .iter()
                .chain(std::iter::once(&ladder.otherwise))
                .map(|step| {
                    let condition = step.condition.as_ref().map_or(0, |c| self.node(c));
                    let motivation =
                        step.motivation
                            .iter()
                            .flat_map(|t| &t.parts)
                            .fold(0u64, |sum, part| match part {
                                TemplatePart::Value(node, _) => sum.saturating_add(self.node(node)),
                                TemplatePart::Text(_) => sum,
                            });
                    condition.saturating_add(motivation)
                })
                .fold(0, u64::saturating_add),
        };
        body.saturating_add(self.exceptions(exceptions))
    }

    fn exceptions(&mut self, exceptions: &[ExceptionDef]) -> u64 {
        exceptions.iter().fold(0, |sum, e| {
            let own = self.node(&e.condition).saturating_add(self.node(&e.value));
            sum.saturating_add(own)
                .saturating_add(self.exceptions(&e.children))
        })
    }

    fn all(&mut self, nodes: &[Node]) -> u64 {
        nodes
            .iter()
            .fold(0, |sum, n| sum.saturating_add(self.node(n)))
    }

    fn node(&mut self, node: &Node) -> u64 {
        match node {
            Node::CallFn(f, args) => self
                .all(args)
                .saturating_add(1)
                .saturating_add(self.function(*f)),
            Node::CallTable(t, args) => {
                let table = self
                    .program
                    .tables
                    .get(*t as usize)
                    .map_or(0, |t| self.table(t));
                self.all(args).saturating_add(1).saturating_add(table)
            }
            Node::Sum {
                list,
                filter,
                value,
                ..
            } => {
                let body = filter
                    .as_deref()
                    .map_or(0, |f| self.node(f))
                    .saturating_add(self.node(value));
                self.node(list).saturating_add(loop_cost(items(list), body))
            }
            Node::Count { list, filter, .. } => {
                let body = filter.as_deref().map_or(0, |f| self.node(f));
                self.node(list).saturating_add(loop_cost(items(list), body))
            }
            Node::Any {
                list, condition, ..
            }
            | Node::All {
                list, condition, ..
            }
            | Node::FirstIn {
                list, condition, ..
            } => {
                let body = self.node(condition);
                self.node(list).saturating_add(loop_cost(items(list), body))
            }
            Node::FirstInRange {
                from,
                through,
                condition,
                ..
            } => {
                let body = self.node(condition);
                self.node(from)
                    .saturating_add(self.node(through))
                    .saturating_add(loop_cost(range_len(from, through), body))
            }
            // Everything else costs what the nodes inside it cost.
            _ => {
                let mut sum: u64 = 0;
                node.for_each_child(|child| sum = sum.saturating_add(self.node(child)));
                sum
            }
        }
    }

    /// A function body's worst case, computed once. A function that calls
    /// itself is refused by the checker (R0601); were it not, the call in
    /// progress counts nothing rather than recursing here.
    fn function(&mut self, f: FnId) -> u64 {
        if let Some(Some(known)) = self.functions.get(f as usize) {
            return *known;
        }
        let Some(def) = self.program.functions.get(f as usize) else {
            return 0;
        };
        if let Some(slot) = self.functions.get_mut(f as usize) {
            *slot = Some(0);
        }
        let cost = self.node(&def.body);
        if let Some(slot) = self.functions.get_mut(f as usize) {
            *slot = Some(cost);
        }
        cost
    }

    /// Every row tested, with its cells' expressions.
    fn table(&mut self, table: &crate::ir::TableDef) -> u64 {
        table.rows.iter().fold(0, |sum, row| {
            let tests = row
                .tests
                .iter()
                .fold(0u64, |s, t| s.saturating_add(self.cell(t)));
            let outputs = row
                .outputs
                .iter()
                .flatten()
                .fold(0u64, |s, n| s.saturating_add(self.node(n)));
            sum.saturating_add(1)
                .saturating_add(tests)
                .saturating_add(outputs)
        })
    }

    fn cell(&mut self, test: &CellTest) -> u64 {
        match test {
            CellTest::Any => 0,
            CellTest::Compare(_, n) => self.node(n),
            CellTest::Range { low, high, .. } => self.node(low).saturating_add(self.node(high)),
            CellTest::AnyOf(alternatives) => alternatives
                .iter()
                .fold(0u64, |s, t| s.saturating_add(self.cell(t))),
        }
    }
}

/// `n` iterations of a step plus the body.
fn loop_cost(n: u64, body: u64) -> u64 {
    n.saturating_mul(body.saturating_add(1))
}

/// How many elements a loop's list can have.
fn items(list: &Node) -> u64 {
    match list {
        Node::List(items) => items.len() as u64,
        _ => MAX_LIST_LEN as u64,
    }
}

/// How many numbers `eerste j van from tot en met through` can walk.
fn range_len(from: &Node, through: &Node) -> u64 {
    let span = match (constant(from), constant(through)) {
        (Some(f), Some(t)) => Some(t.saturating_sub(f)),
        // `x + a tot en met x + b`: the same expression shifted.
        _ => match (shifted(from), shifted(through)) {
            (Some((x, a)), Some((y, b))) if same(x, y) => Some(b.saturating_sub(a)),
            _ => None,
        },
    };
    match span {
        Some(s) if s < 0 => 0,
        // Longer ranges stop at once with an error (the evaluator's limit).
        Some(s) => u64::try_from(s.saturating_add(1).min(MAX_RANGE)).unwrap_or(0),
        None => MAX_RANGE as u64,
    }
}

/// A whole-number constant.
fn constant(node: &Node) -> Option<i64> {
    match super::fold::fold(node)? {
        Value::Num(d) => crate::case::integer(d),
        _ => None,
    }
}

/// `x + c` or `x - c` with a whole-number constant `c`: `(x, ±c)`; any
/// other expression is itself shifted by 0.
fn shifted(node: &Node) -> Option<(&Node, i64)> {
    match node {
        Node::Arith(ArithOp::Add, x, c) => Some((x, constant(c)?)),
        Node::Arith(ArithOp::Sub, x, c) => Some((x, constant(c)?.checked_neg()?)),
        x => Some((x, 0)),
    }
}

/// Whether two expressions are the same (the IR has no `PartialEq`: its
/// JSON form is compared, for range bounds only).
fn same(a: &Node, b: &Node) -> bool {
    match (serde_json::to_string(a), serde_json::to_string(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::api::Engine;
    use crate::diag::Code;
    use crate::source::SourceSet;

    /// The R0602 messages of a regeling with `body`.
    fn warnings(body: &str) -> Vec<String> {
        let mut set = SourceSet::new();
        set.add(
            "rules/test/kosten/2024.regels",
            format!("regeling \"Test\"\n  id proef.kosten\n  geldig vanaf 2024-01-01\n\n{body}"),
        );
        let engine = Engine::new(set);
        let diagnostics = engine.diagnostics();
        assert!(!diagnostics.iter().any(|d| d.is_error()), "{diagnostics:?}");
        diagnostics
            .iter()
            .filter(|d| d.code == Code::TooManySteps)
            .map(|d| d.message.clone())
            .collect()
    }

    #[test]
    fn one_range_or_one_loop_fits_the_budget() {
        let w = warnings(
            "invoer grens: geheel getal\ninvoer a: lijst van geheel getal\nuitvoer r\nuitvoer s\n\
             regel r: geheel getal? = eerste j van 1 tot en met 100000 waarvoor j > grens\n\
             regel s: geheel getal = aantal x in a waarvoor x > grens\n",
        );
        assert_eq!(w, Vec::<String>::new());
    }

    /// Two loops over case lists multiply: 1,000 × (1 + 1,000 × 1) steps.
    #[test]
    fn nested_loops_over_case_lists_can_exceed_it() {
        let w = warnings(
            "invoer a: lijst van geheel getal\ninvoer b: lijst van geheel getal\nuitvoer r\n\
             regel r: geheel getal = aantal x in a waarvoor (aantal y in b waarvoor y > x) > 0\n",
        );
        assert_eq!(
            w,
            vec!["de regel `r` kan in het slechtste geval 1.001.000 rekenstappen kosten, meer dan de 1.000.000 die één casus mag kosten; zo'n casus stopt met een foutmelding".to_string()]
        );
    }

    /// A range whose bounds are the same expression plus constants counts
    /// its own length, not the longest range: six years here.
    #[test]
    fn a_shifted_range_counts_its_length() {
        let w = warnings(
            "invoer d: datum\ninvoer a: lijst van geheel getal\nuitvoer r\n\
             regel r: geheel getal? = eerste j van jaar(d) + 65 tot en met jaar(d) + 70\n  \
             waarvoor (aantal x in a waarvoor (aantal y in a waarvoor y > j) > x) > 0\n",
        );
        // 6 × (1 + 1,000 × (1 + 1,000)) = 6,006,006 — with the longest
        // range it would be 100,000 times a million.
        assert_eq!(
            w,
            vec!["de regel `r` kan in het slechtste geval 6.006.006 rekenstappen kosten, meer dan de 1.000.000 die één casus mag kosten; zo'n casus stopt met een foutmelding".to_string()]
        );
    }
}
