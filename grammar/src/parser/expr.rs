//! Expressions: pest pairs of the precedence levels and atoms → `ast::Expr`.

use super::{ident, literal, path, period, span_of, Inner, PResult, ParseError, Rule};
use crate::ast::*;
use pest::iterators::Pair;
use rust_decimal::Decimal;

/// Deepest expression nesting accepted (protects the stack of everything downstream).
pub(crate) const MAX_DEPTH: usize = 200;

fn too_deep(span: Span) -> ParseError {
    ParseError::new("deze uitdrukking is te diep genest", span)
        .help("splits de uitdrukking op in hulpregels")
}

fn check(depth: usize, span: Span) -> PResult<()> {
    if depth > MAX_DEPTH {
        Err(too_deep(span))
    } else {
        Ok(())
    }
}

fn bx(e: Expr) -> Box<Expr> {
    Box::new(e)
}

/// `A als C` in an `eis`: holds when C does not hold, else A.
pub(crate) fn guarded(value: Expr, condition: Expr) -> Expr {
    let span = value.span.to(condition.span);
    let end = Span::new(span.end, span.end);
    Expr {
        kind: ExprKind::If {
            condition: bx(condition),
            then: bx(value),
            otherwise: bx(Expr {
                kind: ExprKind::Bool(true),
                span: end,
            }),
        },
        span,
    }
}

/// Converts any expression-level pair.
pub(crate) fn expr(pair: &Pair<'_, Rule>, depth: usize) -> PResult<Expr> {
    let (pair, depth) = &past_single_operands(pair, depth)?;
    let depth = *depth;
    let span = span_of(pair);
    check(depth, span)?;
    let d = depth + 1;
    let mut inner = Inner::of(pair);
    match pair.as_rule() {
        Rule::expr => expr(&inner.any()?, d),
        // A table cell's bare name, number or amount (see `simple_test` in the grammar).
        Rule::simple_test => atom(&inner.any()?, d),
        Rule::if_expr => {
            let condition = expr(&inner.any()?, d)?;
            let then = expr(&inner.any()?, d)?;
            let otherwise = expr(&inner.any()?, d)?;
            Ok(Expr {
                kind: ExprKind::If {
                    condition: bx(condition),
                    then: bx(then),
                    otherwise: bx(otherwise),
                },
                span,
            })
        }
        Rule::or_expr | Rule::and_expr => {
            let op = if pair.as_rule() == Rule::or_expr {
                BinaryOp::Or
            } else {
                BinaryOp::And
            };
            let mut acc = expr(&inner.any()?, d)?;
            let mut level = d;
            while let Some(p) = inner.next() {
                level += 1;
                check(level, span)?;
                let rhs = expr(&p, d)?;
                acc = binary(op, acc, rhs);
            }
            Ok(acc)
        }
        Rule::not_expr => {
            let mut nots = Vec::new();
            let mut operand = None;
            for p in pair.clone().into_inner() {
                if p.as_rule() == Rule::kw_niet {
                    nots.push(span_of(&p));
                } else {
                    operand = Some(p);
                }
            }
            check(d + nots.len(), span)?;
            let operand = operand.ok_or_else(|| ParseError::internal("niet", span))?;
            let mut e = expr(&operand, d + nots.len())?;
            for s in nots.into_iter().rev() {
                e = Expr {
                    span: Span::new(s.start, e.span.end),
                    kind: ExprKind::Unary(UnaryOp::Not, bx(e)),
                };
            }
            Ok(e)
        }
        Rule::cmp_expr => {
            let lhs = expr(&inner.any()?, d)?;
            let Some(tail) = inner.next() else {
                return Ok(lhs);
            };
            let span = lhs.span.to(span_of(&tail));
            let mut ti = Inner::of(&tail);
            match tail.as_rule() {
                Rule::exists_tail => {
                    let negated = tail
                        .clone()
                        .into_inner()
                        .any(|p| p.as_rule() == Rule::kw_niet);
                    Ok(Expr {
                        kind: ExprKind::Exists {
                            expr: bx(lhs),
                            negated,
                        },
                        span,
                    })
                }
                Rule::in_tail => {
                    let mut set = Vec::new();
                    while let Some(p) = ti.next() {
                        set.push(expr(&p, d)?);
                    }
                    Ok(Expr {
                        kind: ExprKind::In(bx(lhs), set),
                        span,
                    })
                }
                Rule::cmp_tail => {
                    let op = compare_op(&ti.expect(Rule::cmp_op)?)?;
                    let rhs = expr(&ti.any()?, d)?;
                    Ok(binary(BinaryOp::Compare(op), lhs, rhs))
                }
                other => Err(ParseError::internal(
                    &format!("vergelijking {other:?}"),
                    span,
                )),
            }
        }
        Rule::round_expr => {
            let mut e = expr(&inner.any()?, d)?;
            let mut level = d;
            while let Some(p) = inner.next() {
                level += 1;
                check(level, span)?;
                let span = e.span.to(span_of(&p));
                let kind = match p.as_rule() {
                    Rule::round_op => {
                        let mut ri = Inner::of(&p);
                        let mode = match ri.take(Rule::round_mode) {
                            Some(m) if m.as_str().contains("boven") => RoundMode::Up,
                            Some(_) => RoundMode::Down,
                            None => RoundMode::HalfAwayFromZero,
                        };
                        let target = round_target(&ri.expect(Rule::round_target)?)?;
                        ExprKind::Round {
                            expr: bx(e),
                            mode,
                            target,
                        }
                    }
                    Rule::convert_op => {
                        let per = period(&Inner::of(&p).expect(Rule::period)?)?;
                        ExprKind::Convert(bx(e), per)
                    }
                    Rule::period => ExprKind::WithPeriod(bx(e), period(&p)?),
                    Rule::over_op => over(e, &p, level)?,
                    other => {
                        return Err(ParseError::internal(&format!("afronding {other:?}"), span))
                    }
                };
                e = Expr { kind, span };
            }
            Ok(e)
        }
        Rule::add_expr | Rule::mul_expr => {
            let mut acc = expr(&inner.any()?, d)?;
            let mut level = d;
            while let Some(op) = inner.next() {
                level += 1;
                check(level, span)?;
                let op = match op.as_str() {
                    "+" => BinaryOp::Add,
                    "-" => BinaryOp::Sub,
                    "*" => BinaryOp::Mul,
                    _ => BinaryOp::Div,
                };
                let rhs = expr(&inner.any()?, d)?;
                acc = binary(op, acc, rhs);
            }
            Ok(acc)
        }
        Rule::unary_expr => {
            let mut negs = Vec::new();
            let mut operand = None;
            for p in pair.clone().into_inner() {
                if p.as_rule() == Rule::neg {
                    negs.push(span_of(&p));
                } else {
                    operand = Some(p);
                }
            }
            check(d + negs.len(), span)?;
            let operand = operand.ok_or_else(|| ParseError::internal("min", span))?;
            let mut e = expr(&operand, d + negs.len())?;
            if let Some(last) = negs.pop() {
                // `-` directly before a number, amount or percentage is part of the literal.
                if is_plain_literal(&operand) {
                    if let Some(neg) = negate_literal(&e.kind) {
                        e = Expr {
                            kind: neg,
                            span: Span::new(last.start, e.span.end),
                        };
                    } else {
                        e = negate(last, e);
                    }
                } else {
                    e = negate(last, e);
                }
            }
            for s in negs.into_iter().rev() {
                e = negate(s, e);
            }
            Ok(e)
        }
        Rule::postfix_expr => {
            let mut e = atom(&inner.any()?, d)?;
            let mut level = d;
            while let Some(p) = inner.next() {
                level += 1;
                check(level, span)?;
                let field = ident(&Inner::of(&p).expect(Rule::ident)?)?;
                let span = e.span.to(field.span);
                e = match e.kind {
                    ExprKind::Name(mut path) => {
                        path.parts.push(field);
                        path.span = span;
                        Expr {
                            kind: ExprKind::Name(path),
                            span,
                        }
                    }
                    kind => Expr {
                        kind: ExprKind::Field(bx(Expr { kind, span: e.span }), field),
                        span,
                    },
                };
            }
            Ok(e)
        }
        _ => atom(pair, d),
    }
}

/// Steps down through the precedence levels that hold one operand and nothing else (`a` alone
/// is an `expr` holding an `or_expr` holding an `and_expr` ... holding a `postfix_expr`), as
/// the level-by-level conversion would, counting the depth the same way, but without its
/// bookkeeping per level: most levels of most expressions are like that.
fn past_single_operands<'i>(
    pair: &Pair<'i, Rule>,
    mut depth: usize,
) -> PResult<(Pair<'i, Rule>, usize)> {
    let mut pair = pair.clone();
    while matches!(
        pair.as_rule(),
        Rule::expr
            | Rule::or_expr
            | Rule::and_expr
            | Rule::not_expr
            | Rule::cmp_expr
            | Rule::round_expr
            | Rule::add_expr
            | Rule::mul_expr
            | Rule::unary_expr
    ) {
        let mut children = pair.clone().into_inner();
        let (Some(only), None) = (children.next(), children.next()) else {
            break;
        };
        if depth > MAX_DEPTH {
            return Err(too_deep(span_of(&pair)));
        }
        pair = only;
        depth += 1;
    }
    Ok((pair, depth))
}

fn negate(neg: Span, e: Expr) -> Expr {
    Expr {
        span: Span::new(neg.start, e.span.end),
        kind: ExprKind::Unary(UnaryOp::Neg, bx(e)),
    }
}

/// A `postfix_expr` that is just a number, amount or percentage token (no field access).
fn is_plain_literal(pair: &Pair<'_, Rule>) -> bool {
    let mut it = pair.clone().into_inner();
    match (it.next(), it.next()) {
        (Some(a), None) => matches!(a.as_rule(), Rule::number | Rule::money | Rule::percentage),
        _ => false,
    }
}

fn negate_literal(kind: &ExprKind) -> Option<ExprKind> {
    match kind {
        ExprKind::Number { value, is_integer } => Some(ExprKind::Number {
            value: -*value,
            is_integer: *is_integer,
        }),
        ExprKind::Money(v) => Some(ExprKind::Money(-*v)),
        ExprKind::Percentage(v) => Some(ExprKind::Percentage(-*v)),
        _ => None,
    }
}

fn binary(op: BinaryOp, lhs: Expr, rhs: Expr) -> Expr {
    Expr {
        span: lhs.span.to(rhs.span),
        kind: ExprKind::Binary(op, bx(lhs), bx(rhs)),
    }
}

pub(crate) fn compare_op(pair: &Pair<'_, Rule>) -> PResult<CompareOp> {
    Ok(match pair.as_str() {
        "=" => CompareOp::Eq,
        "<>" => CompareOp::Ne,
        "<" => CompareOp::Lt,
        "<=" => CompareOp::Le,
        ">" => CompareOp::Gt,
        ">=" => CompareOp::Ge,
        other => {
            return Err(ParseError::internal(
                &format!("vergelijking {other}"),
                span_of(pair),
            ))
        }
    })
}

fn round_target(pair: &Pair<'_, Rule>) -> PResult<RoundTarget> {
    let span = span_of(pair);
    for p in pair.clone().into_inner() {
        return Ok(match p.as_rule() {
            Rule::kw_centen => RoundTarget::Cents,
            Rule::whole_euros => RoundTarget::WholeEuros,
            Rule::whole_numbers => RoundTarget::WholeNumbers,
            Rule::decimals => {
                let n = Inner::of(&p).expect(Rule::number)?;
                let digits = n.as_str();
                let value: u32 = digits
                    .parse()
                    .ok()
                    .filter(|v| *v <= 28)
                    .ok_or_else(|| {
                        ParseError::new(
                            format!("`{digits} decimalen`: het aantal decimalen moet een geheel getal van 0 tot en met 28 zijn"),
                            span_of(&n),
                        )
                    })?;
                RoundTarget::Decimals(value)
            }
            _ => continue,
        });
    }
    Err(ParseError::internal("afronding", span))
}

/// Literals and the other atoms.
fn atom(pair: &Pair<'_, Rule>, d: usize) -> PResult<Expr> {
    let span = span_of(pair);
    check(d, span)?;
    let mut inner = Inner::of(pair);
    let kind = match pair.as_rule() {
        Rule::date => ExprKind::Date(literal::date(pair)?),
        Rule::money => {
            let negative = inner.take(Rule::money_neg).is_some();
            let n = inner.expect(Rule::number)?;
            if literal::decimals_written(n.as_str()) > 2 {
                return Err(ParseError::new(
                    format!("het bedrag `{}` heeft meer dan twee decimalen", pair.as_str()),
                    span,
                )
                .help("een bedrag heeft ten hoogste twee decimalen (centen); duizendtallen schrijft u met een punt: `€ 1.500`"));
            }
            let (v, _) = literal::number(&n)?;
            ExprKind::Money(if negative { -v } else { v })
        }
        Rule::duration => {
            let (amount, _) = literal::number(&inner.expect(Rule::number)?)?;
            let unit = duration_unit(&inner.expect(Rule::duration_unit)?);
            ExprKind::Duration { amount, unit }
        }
        Rule::percentage => {
            let (v, _) = literal::number(&inner.expect(Rule::number)?)?;
            let fraction = v
                .checked_div(Decimal::ONE_HUNDRED)
                .ok_or_else(|| ParseError::new("dit percentage is te groot", span))?;
            ExprKind::Percentage(fraction)
        }
        Rule::number => {
            let (value, is_integer) = literal::number(pair)?;
            ExprKind::Number { value, is_integer }
        }
        Rule::text => ExprKind::Text(literal::text(&inner.any()?)?.value),
        Rule::bool_lit => ExprKind::Bool(pair.as_str().starts_with("ja")),
        Rule::empty_lit => ExprKind::Empty,
        Rule::sum_expr => {
            let value = expr(&inner.expect(Rule::expr)?, d)?;
            let var = ident(&inner.expect(Rule::ident)?)?;
            let list = expr(&inner.expect(Rule::expr)?, d)?;
            let filter = filter(&mut inner, d)?;
            ExprKind::Sum {
                value: bx(value),
                var,
                list: bx(list),
                filter,
            }
        }
        Rule::count_expr => {
            let var = ident(&inner.expect(Rule::ident)?)?;
            let list = expr(&inner.expect(Rule::expr)?, d)?;
            let filter = filter(&mut inner, d)?;
            ExprKind::Count {
                var,
                list: bx(list),
                filter,
            }
        }
        Rule::any_expr | Rule::all_expr | Rule::first_in_expr => {
            let var = ident(&inner.expect(Rule::ident)?)?;
            let list = bx(expr(&inner.expect(Rule::expr)?, d)?);
            let condition = bx(expr(&inner.expect(Rule::expr)?, d)?);
            match pair.as_rule() {
                Rule::any_expr => ExprKind::Any {
                    var,
                    list,
                    condition,
                },
                Rule::all_expr => ExprKind::All {
                    var,
                    list,
                    condition,
                },
                _ => ExprKind::FirstIn {
                    var,
                    list,
                    condition,
                },
            }
        }
        Rule::first_range_expr => {
            let var = ident(&inner.expect(Rule::ident)?)?;
            let from = bx(expr(&inner.expect(Rule::expr)?, d)?);
            let through = bx(expr(&inner.expect(Rule::expr)?, d)?);
            let condition = bx(expr(&inner.expect(Rule::expr)?, d)?);
            ExprKind::FirstInRange {
                var,
                from,
                through,
                condition,
            }
        }
        Rule::fail_expr => ExprKind::Fail(literal::text(&inner.any()?)?.value),
        Rule::call => {
            let callee = inner.any()?;
            let function = match callee.as_rule() {
                Rule::builtin_name => Path {
                    parts: vec![Ident {
                        name: callee.as_str().to_string(),
                        span: span_of(&callee),
                    }],
                    span: span_of(&callee),
                },
                _ => path(&callee)?,
            };
            let mut args = Vec::new();
            while let Some(a) = inner.next() {
                args.push(expr(&a, d)?);
            }
            ExprKind::Call { function, args }
        }
        Rule::name => ExprKind::Name(path(&inner.expect(Rule::path)?)?),
        Rule::path => ExprKind::Name(path(pair)?),
        Rule::paren_expr => {
            // The parentheses belong to the span of what they enclose.
            let e = expr(&inner.expect(Rule::expr)?, d)?;
            return Ok(Expr { kind: e.kind, span });
        }
        Rule::record => {
            let mut fields = Vec::new();
            while let Some(f) = inner.next() {
                let mut fi = Inner::of(&f);
                let name = ident(&fi.expect(Rule::ident)?)?;
                let value = expr(&fi.expect(Rule::expr)?, d)?;
                fields.push((name, value));
            }
            ExprKind::Record(fields)
        }
        Rule::list => {
            let mut items = Vec::new();
            while let Some(p) = inner.next() {
                items.push(expr(&p, d)?);
            }
            ExprKind::List(items)
        }
        other => {
            return Err(ParseError::internal(
                &format!("onbekende uitdrukking {other:?}"),
                span,
            ))
        }
    };
    Ok(Expr { kind, span })
}

fn filter(inner: &mut Inner<'_>, d: usize) -> PResult<Option<Box<Expr>>> {
    match inner.take(Rule::filter) {
        Some(f) => Ok(Some(bx(expr(&Inner::of(&f).expect(Rule::expr)?, d)?))),
        None => Ok(None),
    }
}

fn duration_unit(pair: &Pair<'_, Rule>) -> DurationUnit {
    match pair.as_str() {
        "jaar" => DurationUnit::Years,
        "maand" | "maanden" => DurationUnit::Months,
        "week" | "weken" => DurationUnit::Weeks,
        _ => DurationUnit::Days,
    }
}

/// `amount [verdeeld] over N <unit>`: the count and its unit, from a
/// written duration (`12 maanden`) or an expression with a unit after it
/// (`n maanden`).
fn over(amount: Expr, pair: &Pair<'_, Rule>, depth: usize) -> PResult<ExprKind> {
    let mut inner = Inner::of(pair);
    let spread = inner.take(Rule::spread).is_some();
    let count = expr(&inner.any()?, depth + 1)?;
    let (count, unit) = match (inner.take(Rule::duration_unit), count.kind) {
        (Some(u), kind) => (
            Expr {
                kind,
                span: count.span,
            },
            duration_unit(&u),
        ),
        (None, ExprKind::Duration { amount, unit }) => (
            Expr {
                kind: ExprKind::Number {
                    value: amount,
                    is_integer: amount.scale() == 0,
                },
                span: count.span,
            },
            unit,
        ),
        (None, _) => {
            return Err(
                ParseError::new("na `over` volgt een aantal met een eenheid", count.span)
                    .help("bijvoorbeeld `over 12 maanden` of `over aantal_maanden maanden`"),
            )
        }
    };
    Ok(ExprKind::Over {
        amount: bx(amount),
        count: bx(count),
        unit,
        spread,
    })
}
