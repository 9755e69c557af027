//! Breaking an expression that does not fit on one line: `als`-chains, operator chains,
//! rounding/conversion suffixes and lists, each part on its own line.

use super::expr::{level, p};
use super::width;
use crate::ast::*;

/// Where the author broke lines: the byte offsets of the source's line
/// breaks. Empty when formatting a tree without its source text.
#[derive(Debug, Default)]
pub(crate) struct Breaks(Vec<usize>);

impl Breaks {
    pub(crate) fn of(source: &str) -> Breaks {
        Breaks(source.match_indices('\n').map(|(i, _)| i).collect())
    }

    /// Whether the source breaks a line between byte offsets `from` and `to`.
    fn between(&self, from: usize, to: usize) -> bool {
        let i = self.0.partition_point(|&b| b < from);
        self.0.get(i).is_some_and(|&b| b < to)
    }

    /// Whether the author wrote `e` over more than one line: then it stays
    /// broken (a long sum or `in {…}` list keeps the breaks written in it).
    pub(crate) fn within(&self, e: &Expr) -> bool {
        self.between(e.span.start, e.span.end)
    }
}

/// One output line of a broken expression: `col` columns right of the block's start.
pub(crate) struct Piece {
    pub col: usize,
    pub text: String,
    pub anchor: Option<usize>,
}

fn piece(col: usize, text: String, anchor: Option<usize>) -> Piece {
    Piece { col, text, anchor }
}

fn open_ended(e: &Expr) -> bool {
    matches!(
        e.kind,
        ExprKind::Sum { .. }
            | ExprKind::Count { .. }
            | ExprKind::Any { .. }
            | ExprKind::All { .. }
            | ExprKind::FirstIn { .. }
            | ExprKind::FirstInRange { .. }
    )
}

fn is_chain(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::If { otherwise, .. } if matches!(otherwise.kind, ExprKind::If { .. }))
}

/// Lays out `e` (as an operand with loosest level `min`) within `avail` columns.
/// A chain `als .. anders als ..` is always broken, and so is what the author
/// wrote over more than one line (`br`).
pub(crate) fn lay(e: &Expr, min: u8, tail: bool, avail: usize, br: &Breaks) -> Vec<Piece> {
    let single = p(e, min, tail);
    if width(&single) <= avail && !is_chain(e) && !br.within(e) {
        return vec![piece(0, single, Some(e.span.start))];
    }
    let parens = level(e) < min || (open_ended(e) && !tail);
    let tail = tail || parens;
    let inner = avail.saturating_sub(usize::from(parens));
    let mut out = match &e.kind {
        ExprKind::If { .. } => {
            // Each `als … dan …` on a line of its own; a part too long for it is broken, its
            // continuation lines deeper than the `anders` of this chain.
            let mut out = Vec::new();
            let mut rest = e;
            let mut first = true;
            while let ExprKind::If {
                condition,
                then,
                otherwise,
            } = &rest.kind
            {
                let lead = if first { "als" } else { "anders als" };
                let one = format!("{lead} {} dan {}", p(condition, 2, true), p(then, 2, true));
                if width(&one) <= inner && !br.within(condition) && !br.within(then) {
                    out.push(piece(0, one, Some(rest.span.start)));
                } else {
                    let prefix = format!("{lead} ");
                    let cond = lay(condition, 2, true, inner.saturating_sub(width(&prefix)), br);
                    out.extend(led(&prefix, cond, 2));
                    let then = lay(then, 2, true, inner.saturating_sub(6), br);
                    out.extend(shifted(led("dan ", then, 2), 2));
                }
                first = false;
                rest = otherwise;
            }
            let last = lay(rest, 1, tail, inner.saturating_sub(7), br);
            out.extend(led("anders ", last, 0));
            out
        }
        ExprKind::Call { function, args } if !args.is_empty() => {
            let open = format!("{}(", function.dotted());
            let w = width(&open);
            // One column for the `;` or `)` after each argument.
            let items = args
                .iter()
                .map(|a| lay(a, 0, true, inner.saturating_sub(w + 1), br));
            bracketed(&open, items, ";", ")")
        }
        ExprKind::In(x, set) if !set.is_empty() => {
            let open = format!("{} in {{", p(x, 6, false));
            let values: Vec<(String, bool)> = set
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let written = i > 0 && br.between(set[i - 1].span.end, v.span.start);
                    (p(v, 0, true), written)
                })
                .collect();
            filled(&open, &values, "}", inner, e.span.start)
        }
        ExprKind::Binary(op, ..) => {
            let (lvl, ops): (u8, &[BinaryOp]) = match op {
                BinaryOp::Or => (2, &[BinaryOp::Or]),
                BinaryOp::And => (3, &[BinaryOp::And]),
                BinaryOp::Add | BinaryOp::Sub => (7, &[BinaryOp::Add, BinaryOp::Sub]),
                BinaryOp::Mul | BinaryOp::Div => (8, &[BinaryOp::Mul, BinaryOp::Div]),
                BinaryOp::Compare(_) => (5, &[]),
            };
            if ops.is_empty() {
                vec![piece(0, p(e, 0, tail), Some(e.span.start))]
            } else {
                let mut operands = Vec::new();
                flatten(e, ops, None, &mut operands);
                let last = operands.len().saturating_sub(1);
                let min = |i: usize| if i == 0 { lvl } else { lvl + 1 };
                // Operands the author wrote on one line stay together when
                // they fit; without written breaks each gets a line.
                let starts: Vec<usize> = (0..operands.len())
                    .filter(|&i| {
                        i == 0 || br.between(operands[i - 1].1.span.end, operands[i].1.span.start)
                    })
                    .collect();
                let grouped = starts.len() > 1;
                let mut out = Vec::new();
                let mut i = 0;
                while i < operands.len() {
                    let end = match starts.iter().find(|&&s| s > i) {
                        Some(&s) if grouped => s,
                        _ if grouped => operands.len(),
                        _ => i + 1,
                    };
                    let group = &operands[i..end];
                    let text = group
                        .iter()
                        .enumerate()
                        .map(|(k, (sym, x))| {
                            let t = p(x, min(i + k), i + k == last && tail);
                            if i + k == 0 {
                                t
                            } else {
                                format!("{} {t}", symbol(*sym))
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(" ");
                    let col = if i == 0 { 0 } else { 2 };
                    let one_line = group.len() > 1
                        && width(&text) + col <= inner
                        && group.iter().all(|(_, x)| !br.within(x));
                    if one_line {
                        out.push(piece(col, text, Some(group[0].1.span.start)));
                        i = end;
                        continue;
                    }
                    for (k, (sym, x)) in group.iter().enumerate() {
                        let n = i + k;
                        let sub = lay(x, min(n), n == last && tail, inner.saturating_sub(2), br);
                        for (j, mut pc) in sub.into_iter().enumerate() {
                            if n > 0 {
                                pc.col += 2;
                                if j == 0 {
                                    pc.text = format!("{} {}", symbol(*sym), pc.text);
                                }
                            }
                            out.push(pc);
                        }
                    }
                    i = end;
                }
                out
            }
        }
        ExprKind::Round { expr: x, .. }
        | ExprKind::Convert(x, _)
        | ExprKind::WithPeriod(x, _)
        | ExprKind::Over { amount: x, .. } => {
            // The suffix is what the single-line form adds after the operand.
            let operand = p(x, 6, false);
            let suffix = p(e, 0, true)
                .strip_prefix(&operand)
                .map(|s| s.trim_start().to_string())
                .unwrap_or_default();
            let mut out = lay(x, 6, false, inner, br);
            out.push(piece(2, suffix, None));
            out
        }
        ExprKind::List(items) if !items.is_empty() => {
            let items = items
                .iter()
                .map(|x| lay(x, 0, true, inner.saturating_sub(2), br));
            bracketed("[", items, ",", "]")
        }
        ExprKind::Sum {
            filter: Some(c), ..
        }
        | ExprKind::Count {
            filter: Some(c), ..
        }
        | ExprKind::Any { condition: c, .. }
        | ExprKind::FirstIn { condition: c, .. }
        | ExprKind::FirstInRange { condition: c, .. }
        | ExprKind::All { condition: c, .. } => {
            // Break before the final `waarvoor` / `geldt`.
            let whole = p(e, 0, true);
            let cond = p(c, 2, true);
            let word = if matches!(e.kind, ExprKind::All { .. }) {
                " geldt "
            } else {
                " waarvoor "
            };
            let head_len = whole.len().saturating_sub(cond.len() + word.len());
            match (whole.get(..head_len), whole.get(head_len..)) {
                (Some(head), Some(rest)) if rest.starts_with(word) => {
                    let mut out = vec![piece(0, head.to_string(), Some(e.span.start))];
                    for (j, mut pc) in lay(c, 2, true, inner.saturating_sub(2 + word.len()), br)
                        .into_iter()
                        .enumerate()
                    {
                        pc.col += 2;
                        if j == 0 {
                            pc.text = format!("{}{}", word.trim_start(), pc.text);
                        }
                        out.push(pc);
                    }
                    out
                }
                _ => vec![piece(0, whole, Some(e.span.start))],
            }
        }
        _ => vec![piece(0, p(e, 0, tail), Some(e.span.start))],
    };
    if parens {
        for (i, pc) in out.iter_mut().enumerate() {
            if i == 0 {
                pc.text = format!("({}", pc.text);
            } else {
                pc.col += 1;
            }
        }
        if let Some(pc) = out.last_mut() {
            pc.text.push(')');
        }
    }
    out
}

/// `pieces` with `text` before the first; the others `cont` columns further right.
fn led(text: &str, pieces: Vec<Piece>, cont: usize) -> Vec<Piece> {
    let mut pieces = pieces;
    for (i, pc) in pieces.iter_mut().enumerate() {
        if i == 0 {
            pc.text = format!("{text}{}", pc.text);
        } else {
            pc.col += cont;
        }
    }
    pieces
}

fn shifted(mut pieces: Vec<Piece>, by: usize) -> Vec<Piece> {
    for pc in &mut pieces {
        pc.col += by;
    }
    pieces
}

/// Items between `open` and `close`, each starting on a line of its own under the first,
/// separated by `sep`: `maximum(a;` / `        b)`.
fn bracketed(
    open: &str,
    items: impl ExactSizeIterator<Item = Vec<Piece>>,
    sep: &str,
    close: &str,
) -> Vec<Piece> {
    let last = items.len().saturating_sub(1);
    let w = width(open);
    let mut out = Vec::new();
    for (i, item) in items.enumerate() {
        let mut item = if i == 0 {
            led(open, item, w)
        } else {
            shifted(item, w)
        };
        if let Some(pc) = item.last_mut() {
            pc.text.push_str(if i == last { close } else { sep });
        }
        out.extend(item);
    }
    out
}

/// Short values after `open`, as many on a line as fit in `avail`, the next lines under the
/// first value: `x in {a, b,` / `       c}`. A value the author began a line with
/// (`written`) begins one here too.
fn filled(
    open: &str,
    values: &[(String, bool)],
    close: &str,
    avail: usize,
    anchor: usize,
) -> Vec<Piece> {
    let w = width(open);
    let last = values.len().saturating_sub(1);
    let mut out = vec![piece(0, open.to_string(), Some(anchor))];
    for (i, (v, written)) in values.iter().enumerate() {
        let v = format!("{v}{}", if i == last { close } else { "," });
        let Some(line) = out.last_mut() else { break };
        let start = if line.col == 0 && line.text == open {
            ""
        } else {
            " "
        };
        let fits = line.col + width(&line.text) + 1 + width(&v) <= avail;
        if start.is_empty() || (fits && !written) {
            line.text = format!("{}{start}{v}", line.text);
        } else {
            out.push(piece(w, v, None));
        }
    }
    out
}

fn symbol(op: Option<BinaryOp>) -> &'static str {
    match op {
        Some(BinaryOp::Or) => "of",
        Some(BinaryOp::And) => "en",
        Some(BinaryOp::Add) => "+",
        Some(BinaryOp::Sub) => "-",
        Some(BinaryOp::Mul) => "*",
        Some(BinaryOp::Div) => "/",
        _ => "",
    }
}

/// The operands of a left-associative chain of `ops`, each with the operator before it.
fn flatten<'a>(
    e: &'a Expr,
    ops: &[BinaryOp],
    before: Option<BinaryOp>,
    out: &mut Vec<(Option<BinaryOp>, &'a Expr)>,
) {
    match &e.kind {
        ExprKind::Binary(o, a, b) if ops.contains(o) => {
            flatten(a, ops, before, out);
            out.push((Some(*o), b));
        }
        _ => out.push((before, e)),
    }
}
