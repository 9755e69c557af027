//! Printing expressions and literals in canonical form, with the fewest parentheses that keep
//! the tree (precedence levels as in syntax.md).

use crate::ast::*;
use rust_decimal::Decimal;

// Precedence levels, loosest first.
const IF: u8 = 1;
const OR: u8 = 2;
const AND: u8 = 3;
const NOT: u8 = 4;
const CMP: u8 = 5;
const POSTFIX: u8 = 6;
const ADD: u8 = 7;
const MUL: u8 = 8;
const NEG: u8 = 9;
const FIELD: u8 = 10;
const ATOM: u8 = 11;

/// An expression on one line.
pub(crate) fn expr(e: &Expr) -> String {
    p(e, 0, true)
}

/// An expression where the grammar allows only a unary one (a bound: `minimaal -1`).
pub(crate) fn unary(e: &Expr) -> String {
    p(e, NEG, false)
}

/// An expression as an operand: `min` is the loosest level allowed without parentheses;
/// `tail` says that nothing follows it before a closing delimiter or keyword.
pub(crate) fn p(e: &Expr, min: u8, tail: bool) -> String {
    let lvl = level(e);
    // Forms that end in an open expression swallow any operator that follows them.
    let open_ended = matches!(
        e.kind,
        ExprKind::Sum { .. }
            | ExprKind::Count { .. }
            | ExprKind::Any { .. }
            | ExprKind::All { .. }
            | ExprKind::FirstIn { .. }
            | ExprKind::FirstInRange { .. }
    );
    if lvl < min || (open_ended && !tail) {
        format!("({})", raw(e, true))
    } else {
        raw(e, tail)
    }
}

pub(crate) fn level(e: &Expr) -> u8 {
    match &e.kind {
        ExprKind::If { .. } => IF,
        ExprKind::Binary(BinaryOp::Or, ..) => OR,
        ExprKind::Binary(BinaryOp::And, ..) => AND,
        ExprKind::Unary(UnaryOp::Not, _) => NOT,
        ExprKind::Binary(BinaryOp::Compare(_), ..) | ExprKind::In(..) | ExprKind::Exists { .. } => {
            CMP
        }
        ExprKind::Round { .. }
        | ExprKind::Convert(..)
        | ExprKind::WithPeriod(..)
        | ExprKind::Over { .. } => POSTFIX,
        ExprKind::Binary(BinaryOp::Add | BinaryOp::Sub, ..) => ADD,
        ExprKind::Binary(BinaryOp::Mul | BinaryOp::Div, ..) => MUL,
        ExprKind::Unary(UnaryOp::Neg, _) => NEG,
        ExprKind::Number { value, .. } | ExprKind::Money(value) | ExprKind::Percentage(value)
            if value.is_sign_negative() =>
        {
            NEG
        }
        ExprKind::Field(..) => FIELD,
        _ => ATOM,
    }
}

fn raw(e: &Expr, tail: bool) -> String {
    match &e.kind {
        ExprKind::Money(v) => money(*v),
        ExprKind::Number { value, is_integer } => number(*value, *is_integer),
        ExprKind::Percentage(v) => percentage(*v),
        ExprKind::Bool(true) => "ja".into(),
        ExprKind::Bool(false) => "nee".into(),
        ExprKind::Text(t) => string(t, false, 0),
        ExprKind::Date(d) => d.to_string(),
        ExprKind::Duration { amount, unit } => {
            let word = unit.dutch(*amount == Decimal::ONE);
            format!(
                "{} {word}",
                number(*amount, amount.fract().is_zero() && amount.scale() == 0)
            )
        }
        ExprKind::Empty => "leeg".into(),
        ExprKind::Name(path) => path.dotted(),
        ExprKind::Field(base, field) => format!("{}.{}", p(base, FIELD, false), field.name),
        ExprKind::Call { function, args } => format!(
            "{}({})",
            function.dotted(),
            args.iter()
                .map(|a| p(a, 0, true))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        ExprKind::Unary(UnaryOp::Neg, x) => {
            let plain_literal = matches!(
                x.kind,
                ExprKind::Number { .. } | ExprKind::Money(_) | ExprKind::Percentage(_)
            ) && level(x) == ATOM;
            let inner = if plain_literal {
                // `-5` would read back as the literal -5, not as negation of 5.
                format!("({})", raw(x, true))
            } else {
                p(x, NEG, tail)
            };
            if inner.starts_with('-') {
                format!("- {inner}")
            } else {
                format!("-{inner}")
            }
        }
        ExprKind::Unary(UnaryOp::Not, x) => format!("niet {}", p(x, NOT, tail)),
        ExprKind::Binary(op, a, b) => {
            let (sym, l, r) = match op {
                BinaryOp::Or => ("of", OR, AND),
                BinaryOp::And => ("en", AND, NOT),
                BinaryOp::Compare(c) => (c.symbol(), POSTFIX, POSTFIX),
                BinaryOp::Add => ("+", ADD, MUL),
                BinaryOp::Sub => ("-", ADD, MUL),
                BinaryOp::Mul => ("*", MUL, NEG),
                BinaryOp::Div => ("/", MUL, NEG),
            };
            format!("{} {sym} {}", p(a, l, false), p(b, r, tail))
        }
        ExprKind::If {
            condition,
            then,
            otherwise,
        } => format!(
            "als {} dan {} anders {}",
            p(condition, OR, true),
            p(then, OR, true),
            p(otherwise, IF, tail)
        ),
        ExprKind::In(x, set) => format!(
            "{} in {{{}}}",
            p(x, POSTFIX, false),
            set.iter()
                .map(|v| p(v, 0, true))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        ExprKind::Exists { expr, negated } => format!(
            "{} bestaat{}",
            p(expr, POSTFIX, false),
            if *negated { " niet" } else { "" }
        ),
        ExprKind::Round { expr, mode, target } => {
            let mode = match mode {
                RoundMode::HalfAwayFromZero => "",
                RoundMode::Up => "naar boven ",
                RoundMode::Down => "naar beneden ",
            };
            let target = match target {
                RoundTarget::Cents => "centen".to_string(),
                RoundTarget::WholeEuros => "hele euro".to_string(),
                RoundTarget::WholeNumbers => "hele getallen".to_string(),
                RoundTarget::Decimals(n) => format!("{n} decimalen"),
            };
            format!("{} {mode}afgerond op {target}", p(expr, POSTFIX, false))
        }
        ExprKind::Convert(x, per) => {
            format!(
                "{} omgerekend naar per {}",
                p(x, POSTFIX, false),
                per.dutch()
            )
        }
        ExprKind::WithPeriod(x, per) => format!("{} per {}", p(x, POSTFIX, false), per.dutch()),
        ExprKind::Over {
            amount,
            count,
            unit,
            spread,
        } => {
            let one = matches!(count.kind, ExprKind::Number { value, .. } if value == Decimal::ONE);
            format!(
                "{} {}over {} {}",
                p(amount, POSTFIX, false),
                if *spread { "verdeeld " } else { "" },
                p(count, FIELD, false),
                unit.dutch(one)
            )
        }
        ExprKind::Record(fields) => {
            if fields.is_empty() {
                "{}".into()
            } else {
                format!(
                    "{{ {} }}",
                    fields
                        .iter()
                        .map(|(n, v)| format!("{}: {}", n.name, p(v, 0, true)))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        }
        ExprKind::List(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|v| p(v, 0, true))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        ExprKind::Sum {
            value,
            var,
            list,
            filter,
        } => {
            let mut s = format!(
                "som van {} voor elke {} in {}",
                p(value, OR, true),
                var.name,
                p(list, OR, filter.is_none())
            );
            if let Some(f) = filter {
                s.push_str(&format!(" waarvoor {}", p(f, OR, true)));
            }
            s
        }
        ExprKind::Count { var, list, filter } => {
            let mut s = format!("aantal {} in {}", var.name, p(list, OR, filter.is_none()));
            if let Some(f) = filter {
                s.push_str(&format!(" waarvoor {}", p(f, OR, true)));
            }
            s
        }
        ExprKind::Any {
            var,
            list,
            condition,
        } => format!(
            "er is een {} in {} waarvoor {}",
            var.name,
            p(list, OR, true),
            p(condition, OR, true)
        ),
        ExprKind::All {
            var,
            list,
            condition,
        } => format!(
            "voor alle {} in {} geldt {}",
            var.name,
            p(list, OR, true),
            p(condition, OR, true)
        ),
        ExprKind::FirstIn {
            var,
            list,
            condition,
        } => format!(
            "eerste {} in {} waarvoor {}",
            var.name,
            p(list, OR, true),
            p(condition, OR, true)
        ),
        ExprKind::FirstInRange {
            var,
            from,
            through,
            condition,
        } => format!(
            "eerste {} van {} tot en met {} waarvoor {}",
            var.name,
            p(from, OR, true),
            p(through, OR, true),
            p(condition, OR, true)
        ),
        ExprKind::Fail(t) => format!("fout {}", string(t, false, 0)),
    }
}

// ------------------------------------------------------------------ literals

/// Digits of the integer part, grouped by `.` in threes.
fn grouped(int_digits: &str) -> String {
    let digits: Vec<char> = int_digits.chars().collect();
    let groups: Vec<String> = digits
        .rchunks(3)
        .rev()
        .map(|g| g.iter().collect())
        .collect();
    groups.join(".")
}

/// Dutch notation of a decimal: `1.401,50`; `group` adds thousands separators.
fn dutch(v: Decimal, group: bool, min_decimals: u32) -> String {
    let mut v = v;
    if v.scale() < min_decimals {
        v.rescale(min_decimals);
    }
    let s = v.abs().to_string();
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let int = if group { grouped(&int) } else { int };
    let sign = if v.is_sign_negative() && !v.is_zero() {
        "-"
    } else {
        ""
    };
    match frac {
        Some(f) => format!("{sign}{int},{f}"),
        None => format!("{sign}{int}"),
    }
}

pub(crate) fn number(v: Decimal, is_integer: bool) -> String {
    let group = v.abs().trunc() >= Decimal::from(10_000);
    if is_integer && v.fract().is_zero() {
        dutch(v.trunc(), group, 0)
    } else {
        dutch(v, group, 1)
    }
}

/// `€ 7.500`, `€ 17,60`, `-€ 23`.
pub(crate) fn money(v: Decimal) -> String {
    let s = if v.fract().is_zero() {
        dutch(v.abs().trunc(), true, 0)
    } else {
        dutch(v.abs().normalize(), true, 2)
    };
    if v.is_sign_negative() && !v.is_zero() {
        format!("-€ {s}")
    } else {
        format!("€ {s}")
    }
}

/// `110%`, `12,5%`, `-5%` (the value is a fraction).
pub(crate) fn percentage(v: Decimal) -> String {
    let n = v.checked_mul(Decimal::ONE_HUNDRED).unwrap_or(v).normalize();
    format!("{}%", dutch(n, false, 0))
}

/// A text literal. A long text (or one with a line break) is printed between `"""`; `col` is
/// the column of the opening quotes, under which continuation lines are aligned.
pub(crate) fn string(value: &str, long: bool, col: usize) -> String {
    long_text(value, long, col, col, false)
}

/// A text literal; a multi-line long text goes in block form (content lines at `block`
/// columns between `"""` lines) unless `inline` is asked for and keeps the value intact
/// (then the text starts right after `"""` and continuation lines align under it).
pub(crate) fn long_text(value: &str, long: bool, col: usize, block: usize, inline: bool) -> String {
    if !long && !value.contains('\n') {
        let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
        return format!("\"{escaped}\"");
    }
    let lines: Vec<&str> = value.split('\n').collect();
    if lines.len() == 1 {
        return format!("\"\"\"{value}\"\"\"");
    }
    let blank = |l: &str| l.chars().all(|c| c == ' ' || c == '\t');
    let indent_of = |l: &str| l.len() - l.trim_start_matches([' ', '\t']).len();
    let rest_min = lines[1..]
        .iter()
        .filter(|l| !blank(l))
        .map(|l| indent_of(l))
        .min()
        .unwrap_or(0);
    let inline =
        inline && !blank(lines[0]) && lines.last().is_some_and(|l| !blank(l)) && rest_min == 0;
    let mut out = String::from("\"\"\"");
    if inline {
        let pad = " ".repeat(col + 3);
        out.push_str(lines[0]);
        for l in &lines[1..] {
            out.push('\n');
            if !l.is_empty() {
                out.push_str(&pad);
                out.push_str(l);
            }
        }
    } else {
        let pad = " ".repeat(block);
        for l in &lines {
            out.push('\n');
            if !l.is_empty() {
                out.push_str(&pad);
                out.push_str(l);
            }
        }
        out.push('\n');
        out.push_str(&pad);
    }
    out.push_str("\"\"\"");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn canonical_numbers() {
        assert_eq!(money(d("1401.5")), "€ 1.401,50");
        assert_eq!(money(d("7500")), "€ 7.500");
        assert_eq!(money(d("7500.00")), "€ 7.500");
        assert_eq!(money(d("17.6")), "€ 17,60");
        assert_eq!(money(d("0")), "€ 0");
        assert_eq!(money(d("-23")), "-€ 23");
        assert_eq!(money(d("1234567.891")), "€ 1.234.567,891");
        assert_eq!(number(d("108"), true), "108");
        assert_eq!(number(d("2031"), true), "2031");
        assert_eq!(number(d("12345678.25"), false), "12.345.678,25");
        assert_eq!(number(d("0.50"), false), "0,50");
        assert_eq!(number(d("-23"), true), "-23");
        assert_eq!(number(d("12"), false), "12,0");
        assert_eq!(percentage(d("1.10")), "110%");
        assert_eq!(percentage(d("0.125")), "12,5%");
        assert_eq!(percentage(d("1")), "100%");
    }

    #[test]
    fn texts() {
        assert_eq!(string("a \"b\" \\", false, 0), "\"a \\\"b\\\" \\\\\"");
        assert_eq!(string("een", true, 2), "\"\"\"een\"\"\"");
        assert_eq!(
            long_text("een\ntwee", true, 2, 4, true),
            "\"\"\"een\n     twee\"\"\""
        );
        assert_eq!(
            long_text("een\ntwee", true, 2, 4, false),
            "\"\"\"\n    een\n    twee\n    \"\"\""
        );
        assert_eq!(
            long_text("\neen\n", true, 2, 2, true),
            "\"\"\"\n\n  een\n\n  \"\"\""
        );
    }
}
