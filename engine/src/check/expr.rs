//! Expressions: name resolution, type and period checking, and lowering to
//! IR nodes in one pass. Errors are reported and lowering goes on with the
//! type `Never`, so one mistake gives one diagnostic, not a cascade.

use super::scope::{BodyKind, Env};
use super::Compiler;
use crate::diag::{Code, Diagnostic};
use crate::ir::{ArithOp, Builtin, Node};
use crate::types::Type;
use crate::value::Value;
use grammar::ast::{
    BinaryOp, CompareOp, DurationUnit, Expr, ExprKind, Ident, Path, Period, RoundTarget, Span,
    UnaryOp,
};
use grammar::foreign::{foreign, Foreign};
use grammar::format::format_expr;
use grammar::suggest::closest;
use rust_decimal::Decimal;
use std::sync::Arc;

/// A lowered expression with what the checker knows about it.
#[derive(Debug, Clone)]
pub struct Lowered {
    pub node: Node,
    pub ty: Type,
    /// For money: the value certainly has at most two decimals.
    pub precise: bool,
    /// A money literal (or literal arithmetic) without period: it takes the
    /// period of what it is combined with.
    pub free_period: bool,
}

impl Lowered {
    fn new(node: Node, ty: Type) -> Self {
        Lowered {
            node,
            ty,
            precise: true,
            free_period: false,
        }
    }
    /// The result after an error: type `Never` suppresses follow-up errors.
    pub fn error() -> Self {
        Lowered::new(Node::Const(Value::Empty), Type::Never)
    }
}

fn boxed(l: Lowered) -> Box<Node> {
    Box::new(l.node)
}

/// `l` where a `bedrag per eenheid` is expected: an amount of a known
/// period or unit (or none) takes it along in its value, a constant at
/// once. Anything else is returned as it is.
pub fn with_unit(l: Lowered, expected: &Type) -> Lowered {
    let (Type::MoneyPerUnit, Type::Money(unit)) =
        (expected.strip_optional(), l.ty.strip_optional())
    else {
        return l;
    };
    let unit = *unit;
    let ty = if l.ty.is_optional() {
        Type::MoneyPerUnit.optional()
    } else {
        Type::MoneyPerUnit
    };
    let node = match l.node {
        Node::Const(Value::Num(d)) => Node::Const(Value::amount(d, unit)),
        node => Node::WithUnit(Box::new(node), unit),
    };
    Lowered {
        node,
        ty,
        precise: l.precise,
        free_period: false,
    }
}

/// Both operands as `bedrag per eenheid` when either is one, so that the
/// evaluator compares and combines like with like.
fn with_units(a: Lowered, b: Lowered) -> (Lowered, Lowered) {
    let dynamic = |l: &Lowered| *l.ty.strip_optional() == Type::MoneyPerUnit;
    if dynamic(&a) || dynamic(&b) {
        (
            with_unit(a, &Type::MoneyPerUnit),
            with_unit(b, &Type::MoneyPerUnit),
        )
    } else {
        (a, b)
    }
}

const BUILTINS: &[&str] = &[
    "leeftijd",
    "jaar",
    "maand",
    "dag",
    "datum",
    "eerste_dag_van_maand",
    "laatste_dag_van_maand",
    "minimum",
    "maximum",
    "tekst",
    "waarde",
];

impl Compiler<'_> {
    /// Lowers `e`, using `expected` to resolve enum values, `leeg`, `[]`,
    /// record literals and the period of money literals.
    pub fn expr(&mut self, e: &Expr, expected: Option<&Type>, env: &mut Env) -> Lowered {
        match &e.kind {
            ExprKind::Money(d) => {
                let mut l = Lowered::new(Node::Const(Value::Num(*d)), Type::Money(None));
                l.free_period = true;
                if let Some(Type::Money(p)) = expected.map(|t| t.strip_optional()) {
                    l.ty = Type::Money(*p);
                    l.free_period = p.is_none();
                }
                l.precise = d.scale() <= 2 || d.normalize().scale() <= 2;
                l
            }
            ExprKind::Number { value, is_integer } => {
                let ty = if *is_integer && value.fract().is_zero() {
                    match expected.map(|t| t.strip_optional()) {
                        Some(Type::Number) => Type::Number,
                        _ => Type::Integer,
                    }
                } else {
                    Type::Number
                };
                Lowered::new(Node::Const(Value::Num(*value)), ty)
            }
            ExprKind::Percentage(d) => Lowered::new(Node::Const(Value::Num(*d)), Type::Percentage),
            ExprKind::Bool(b) => Lowered::new(Node::Const(Value::Bool(*b)), Type::Bool),
            ExprKind::Text(s) => {
                Lowered::new(Node::Const(Value::Text(Arc::from(s.as_str()))), Type::Text)
            }
            ExprKind::Date(d) => Lowered::new(Node::Const(Value::Date(d.date)), Type::Date),
            ExprKind::Duration { amount, unit } => self.duration_literal(*amount, *unit, e.span),
            ExprKind::Empty => Lowered::new(Node::Const(Value::Empty), Type::Empty),
            ExprKind::Name(path) => self.name(path, expected, env),
            ExprKind::Field(inner, field) => {
                let base = self.expr(inner, None, env);
                self.field_access(base, field)
            }
            ExprKind::Call { function, args } => self.call(function, args, e.span, env),
            ExprKind::Unary(UnaryOp::Not, inner) => {
                let l = self.expr(inner, Some(&Type::Bool), env);
                self.expect_type(&l, &Type::Bool, inner.span);
                Lowered::new(Node::Not(boxed(l)), Type::Bool)
            }
            ExprKind::Unary(UnaryOp::Neg, inner) => {
                let l = self.expr(inner, expected, env);
                if !l.ty.is_numeric() && l.ty != Type::Never {
                    self.type_error(inner.span, "een getal of bedrag", &l.ty);
                }
                Lowered {
                    node: Node::Neg(Box::new(l.node)),
                    ..l
                }
            }
            ExprKind::Binary(op, left, right) => {
                self.binary(*op, left, right, e.span, expected, env)
            }
            ExprKind::If {
                condition,
                then,
                otherwise,
            } => {
                let c = self.condition(condition, env);
                let narrowed = narrowing(condition);
                let pushed = self.push_narrowing(env, &narrowed.present);
                let a = self.expr(then, expected, env);
                self.pop_narrowing(env, pushed);
                let pushed = self.push_narrowing(env, &narrowed.absent);
                let b = self.expr(otherwise, expected, env);
                self.pop_narrowing(env, pushed);
                // Where a `bedrag per eenheid` is expected, branches of
                // different units are what the type is for.
                let (a, b) = match expected {
                    Some(t) => (with_unit(a, t), with_unit(b, t)),
                    None => (a, b),
                };
                let ty = self.unify(&a, &b, e.span);
                let (a, b) = (with_unit(a, &ty), with_unit(b, &ty));
                Lowered {
                    precise: a.precise && b.precise,
                    free_period: a.free_period && b.free_period,
                    node: Node::If(boxed(c), Box::new(a.node), Box::new(b.node)),
                    ty,
                }
            }
            ExprKind::In(x, options) => {
                let l = self.expr(x, None, env);
                let elem_ty = l.ty.strip_optional().clone();
                let mut nodes = Vec::new();
                for o in options {
                    let lo = self.expr(o, Some(&elem_ty), env);
                    self.expect_comparable(&l.ty, &lo, o.span, CompareOp::Eq);
                    nodes.push(with_unit(lo, &elem_ty).node);
                }
                Lowered::new(Node::In(boxed(l), nodes), Type::Bool)
            }
            ExprKind::Exists { expr, negated } => {
                let l = self.expr(expr, None, env);
                Lowered::new(Node::Exists(boxed(l), *negated), Type::Bool)
            }
            ExprKind::Round { expr, mode, target } => {
                let l = self.expr(expr, expected, env);
                let (decimals, ty) = match (target, l.ty.strip_optional()) {
                    (_, Type::Never) => (0, Type::Never),
                    (RoundTarget::Cents, Type::Money(p)) => (2, Type::Money(*p)),
                    (RoundTarget::WholeEuros, Type::Money(p)) => (0, Type::Money(*p)),
                    (RoundTarget::WholeNumbers, Type::Money(p)) => (0, Type::Money(*p)),
                    (RoundTarget::Cents, Type::MoneyPerUnit) => (2, Type::MoneyPerUnit),
                    (RoundTarget::WholeEuros | RoundTarget::WholeNumbers, Type::MoneyPerUnit) => {
                        (0, Type::MoneyPerUnit)
                    }
                    (RoundTarget::WholeNumbers, Type::Number | Type::Integer) => (0, Type::Integer),
                    (RoundTarget::Decimals(n), t) if t.is_numeric() => (*n, t.clone()),
                    (RoundTarget::Cents | RoundTarget::WholeEuros, t) => {
                        self.type_error(expr.span, "een bedrag (afronden op centen of euro's)", t);
                        (0, Type::Never)
                    }
                    (_, t) => {
                        self.type_error(expr.span, "een getal of bedrag", t);
                        (0, Type::Never)
                    }
                };
                Lowered {
                    node: Node::Round(boxed(l.clone()), *mode, decimals),
                    ty,
                    precise: decimals <= 2,
                    free_period: l.free_period,
                }
            }
            ExprKind::Convert(inner, to) => {
                let l = self.expr(inner, None, env);
                match l.ty.strip_optional() {
                    Type::Money(Some(from)) => match (from.per_year(), to.per_year()) {
                        (Some(f), Some(t)) => Lowered {
                            precise: l.precise && f % t == 0,
                            free_period: false,
                            node: Node::Scale(boxed(l), Decimal::from(f), Decimal::from(t)),
                            ty: Type::Money(Some(*to)),
                        },
                        _ => {
                            self.err(
                                Code::PeriodMismatch,
                                e.span,
                                "een bedrag per uur kan niet worden omgerekend naar een periode",
                                "per uur is een tarief, geen periode",
                            );
                            Lowered::error()
                        }
                    },
                    Type::Never => Lowered::error(),
                    t => {
                        let t = self.types.display(t);
                        self.push(
                            Diagnostic::new(
                                Code::PeriodMismatch,
                                self.file,
                                inner.span,
                                format!("alleen een bedrag met een periode kan worden omgerekend, dit is {t}"),
                            )
                            .label("geen periode")
                            .help("geef het bedrag eerst een periode: `(…) per maand`"),
                        );
                        Lowered::error()
                    }
                }
            }
            ExprKind::WithPeriod(inner, period) => {
                let l = self.expr(inner, Some(&Type::Money(None)), env);
                match l.ty.strip_optional() {
                    Type::Money(None) => Lowered {
                        node: l.node,
                        ty: Type::Money(Some(*period)),
                        precise: l.precise,
                        free_period: false,
                    },
                    Type::Never => Lowered::error(),
                    t => {
                        let t = self.types.display(t);
                        self.err(
                            Code::PeriodMismatch,
                            inner.span,
                            &format!("`per {}` geeft alleen een bedrag zonder periode een periode; dit is {t}", period.dutch()),
                            "heeft al een periode of is geen bedrag",
                        );
                        Lowered::error()
                    }
                }
            }
            ExprKind::Over {
                amount,
                count,
                unit,
                spread,
            } => self.over((amount, count), *unit, *spread, e.span, env),
            ExprKind::Record(fields) => self.record_literal(fields, expected, e.span, env),
            ExprKind::List(items) => {
                let elem = match expected.map(|t| t.strip_optional()) {
                    Some(Type::List(t)) => Some((**t).clone()),
                    _ => None,
                };
                let mut nodes = Vec::new();
                let mut elem_ty = elem.clone();
                for item in items {
                    let mut l = self.expr(item, elem_ty.as_ref(), env);
                    if let Some(t) = &elem_ty {
                        self.coerce(&l, t, item.span);
                        l = with_unit(l, t);
                    } else {
                        elem_ty = Some(l.ty.clone());
                    }
                    nodes.push(l.node);
                }
                let ty = Type::List(Box::new(elem_ty.unwrap_or(Type::Empty)));
                Lowered::new(Node::List(nodes), ty)
            }
            ExprKind::Sum {
                value,
                var,
                list,
                filter,
            } => {
                let (list, slot) = self.bind_list_var(list, var, env);
                let filter = filter.as_ref().map(|f| {
                    let n = narrowing(f);
                    let c = self.condition(f, env);
                    (c, n)
                });
                let pushed = match &filter {
                    Some((_, n)) => self.push_narrowing(env, &n.present),
                    None => 0,
                };
                let v = self.expr(value, expected, env);
                self.pop_narrowing(env, pushed);
                env.pop_local();
                if !v.ty.strip_optional().is_numeric() && v.ty != Type::Never {
                    self.type_error(value.span, "een getal of bedrag", &v.ty);
                }
                if v.ty.is_optional() {
                    self.optional_error(value.span, &v.ty);
                }
                let ty = v.ty.strip_optional().clone();
                let sum = Node::Sum {
                    local: slot,
                    list: Box::new(list),
                    filter: filter.map(|(c, _)| boxed(c)),
                    value: Box::new(v.node),
                };
                Lowered {
                    precise: v.precise,
                    free_period: v.free_period,
                    // The sum of no amounts per eenheid is € 0 without unit.
                    node: match ty {
                        Type::MoneyPerUnit => Node::WithUnit(Box::new(sum), None),
                        _ => sum,
                    },
                    ty,
                }
            }
            ExprKind::Count { var, list, filter } => {
                let (list, slot) = self.bind_list_var(list, var, env);
                let filter = filter.as_ref().map(|f| boxed(self.condition(f, env)));
                env.pop_local();
                Lowered::new(
                    Node::Count {
                        local: slot,
                        list: Box::new(list),
                        filter,
                    },
                    Type::Integer,
                )
            }
            ExprKind::Any {
                var,
                list,
                condition,
            }
            | ExprKind::All {
                var,
                list,
                condition,
            }
            | ExprKind::FirstIn {
                var,
                list,
                condition,
            } => {
                let (list_node, slot) = self.bind_list_var(list, var, env);
                let elem_ty = env.local(&var.name).map(|(t, _)| t).unwrap_or(Type::Never);
                let c = boxed(self.condition(condition, env));
                env.pop_local();
                let list = Box::new(list_node);
                match &e.kind {
                    ExprKind::Any { .. } => Lowered::new(
                        Node::Any {
                            local: slot,
                            list,
                            condition: c,
                        },
                        Type::Bool,
                    ),
                    ExprKind::All { .. } => Lowered::new(
                        Node::All {
                            local: slot,
                            list,
                            condition: c,
                        },
                        Type::Bool,
                    ),
                    _ => Lowered::new(
                        Node::FirstIn {
                            local: slot,
                            list,
                            condition: c,
                        },
                        elem_ty.optional(),
                    ),
                }
            }
            ExprKind::FirstInRange {
                var,
                from,
                through,
                condition,
            } => {
                let f = self.expr(from, Some(&Type::Integer), env);
                self.expect_type(&f, &Type::Integer, from.span);
                let t = self.expr(through, Some(&Type::Integer), env);
                self.expect_type(&t, &Type::Integer, through.span);
                let slot = env.push_local(&var.name, Type::Integer);
                let c = self.condition(condition, env);
                env.pop_local();
                Lowered::new(
                    Node::FirstInRange {
                        local: slot,
                        from: boxed(f),
                        through: boxed(t),
                        condition: boxed(c),
                    },
                    Type::Integer.optional(),
                )
            }
            ExprKind::Fail(msg) => {
                Lowered::new(Node::Fail(Arc::from(msg.as_str()), e.span), Type::Never)
            }
        }
    }

    /// Lowers a condition: must be `ja/nee`, not optional.
    pub fn condition(&mut self, e: &Expr, env: &mut Env) -> Lowered {
        let l = self.expr(e, Some(&Type::Bool), env);
        self.expect_type(&l, &Type::Bool, e.span);
        l
    }

    fn duration_literal(&mut self, amount: Decimal, unit: DurationUnit, span: Span) -> Lowered {
        if !amount.fract().is_zero() {
            self.err(
                Code::TypeMismatch,
                span,
                "een duur moet een heel aantal zijn",
                "geen heel getal",
            );
            return Lowered::error();
        }
        let n: i64 = amount.try_into().unwrap_or(i64::MAX);
        let n = match i32::try_from(n) {
            Ok(n) if n.abs() <= 100_000 => n,
            _ => {
                self.err(
                    Code::TypeMismatch,
                    span,
                    "deze duur is te groot",
                    "te groot",
                );
                return Lowered::error();
            }
        };
        let (months, days) = match unit {
            DurationUnit::Years => (n * 12, 0),
            DurationUnit::Months => (n, 0),
            DurationUnit::Weeks => (0, n * 7),
            DurationUnit::Days => (0, n),
        };
        Lowered::new(
            Node::Const(Value::Duration { months, days }),
            Type::Duration,
        )
    }

    fn bind_list_var(&mut self, list: &Expr, var: &Ident, env: &mut Env) -> (Node, u32) {
        let l = self.expr(list, None, env);
        let elem = match l.ty.strip_optional() {
            Type::List(t) => (**t).clone(),
            Type::Never => Type::Never,
            t => {
                self.type_error(list.span, "een lijst", t);
                Type::Never
            }
        };
        if l.ty.is_optional() {
            self.optional_error(list.span, &l.ty);
        }
        let slot = env.push_local(&var.name, elem);
        (l.node, slot)
    }

    // ------------------------------------------------------------ names

    fn name(&mut self, path: &Path, expected: Option<&Type>, env: &mut Env) -> Lowered {
        let Some(first) = path.parts.first() else {
            return Lowered::error();
        };
        let rest = &path.parts[1..];
        // Locals (loop variables, function parameters) shadow everything.
        if let Some((ty, slot)) = env.local(&first.name) {
            return self.fields(Lowered::new(Node::Local(slot), ty), &first.name, rest, env);
        }
        let m = env.module;
        // Where a keuze is expected, its value wins over a rule or input of
        // the same name (`regel gehuwd` must not hide `Leefvorm.gehuwd`).
        if rest.is_empty() {
            if let Some(Type::Enum(id)) = expected.map(|t| t.strip_optional()) {
                if let Some(i) = self.types.enums[*id as usize]
                    .values
                    .iter()
                    .position(|v| *v == first.name)
                {
                    return Lowered::new(Node::Const(Value::Enum(i as u32)), Type::Enum(*id));
                }
            }
        }
        if first.name == "peildatum" && env.module == 0 {
            if env.kind == BodyKind::Pure {
                self.pure_error(first);
                return Lowered::error();
            }
            let slot = self.peildatum_slot;
            self.mark_input_used(slot);
            return self.fields(
                Lowered::new(Node::Input(slot), Type::Date),
                "peildatum",
                rest,
                env,
            );
        }
        if let Some(id) = self.modules[m].inputs.get(&first.name).copied() {
            if env.kind == BodyKind::Pure {
                self.pure_error(first);
                return Lowered::error();
            }
            self.mark_input_used(id);
            let ty = self.inputs[id as usize].ty.clone();
            return self.fields(Lowered::new(Node::Input(id), ty), &first.name, rest, env);
        }
        if let Some(id) = self.modules[m].rules.get(&first.name).copied() {
            if env.kind == BodyKind::Pure {
                self.pure_error(first);
                return Lowered::error();
            }
            env.rule_deps.insert(id);
            let ty = self.rule_types[id as usize].clone();
            return self.fields(Lowered::new(Node::Rule(id), ty), &first.name, rest, env);
        }
        if let Some(id) = self.modules[m].params.get(&first.name).copied() {
            let ty = self.params[id as usize].ty.clone();
            return self.fields(Lowered::new(Node::Param(id), ty), &first.name, rest, env);
        }
        if let Some(im) = self.modules[m].imports.get(&first.name).copied() {
            if let Some(second) = rest.first() {
                if let Some(&id) = self.modules[im].params.get(&second.name) {
                    let ty = self.params[id as usize].ty.clone();
                    let dotted = format!("{}.{}", first.name, second.name);
                    return self.fields(
                        Lowered::new(Node::Param(id), ty),
                        &dotted,
                        &rest[1..],
                        env,
                    );
                }
                let known = self.modules[im].params.keys().cloned().collect::<Vec<_>>();
                self.unknown(second, &known, "parameter");
                return Lowered::error();
            }
        }
        if rest.is_empty() {
            if let Some(l) = self.enum_value(first, expected) {
                return l;
            }
        }
        if self.modules[m].functions.contains_key(&first.name)
            || self.modules[m].tables.contains_key(&first.name)
        {
            self.push(
                Diagnostic::new(
                    Code::ArgumentCount,
                    self.file,
                    first.span,
                    format!(
                        "`{}` is een functie of tabel en heeft argumenten nodig",
                        first.name
                    ),
                )
                .label("argumenten ontbreken")
                .help(format!("schrijf `{}(…)`", first.name)),
            );
            return Lowered::error();
        }
        let mut known: Vec<String> = self.modules[m].all_value_names().cloned().collect();
        known.extend(env.locals.iter().map(|(n, _, _)| n.clone()));
        for e in &self.types.enums {
            known.extend(e.values.iter().cloned());
        }
        known.push("peildatum".into());
        // A misspelt input counts as used: the help names it, and a warning
        // that it is unused would send the writer the wrong way.
        let meant = self.unknown(first, &known, "naam");
        if let Some(&id) = meant.and_then(|n| self.modules[m].inputs.get(&n)) {
            self.mark_input_used(id);
        }
        Lowered::error()
    }

    /// A bare name that may be a keuze value: resolved against the expected
    /// keuze, or against all keuzes when it is unique.
    fn enum_value(&mut self, name: &Ident, expected: Option<&Type>) -> Option<Lowered> {
        if let Some(Type::Enum(id)) = expected.map(|t| t.strip_optional()) {
            if let Some(i) = self.types.enums[*id as usize]
                .values
                .iter()
                .position(|v| *v == name.name)
            {
                return Some(Lowered::new(
                    Node::Const(Value::Enum(i as u32)),
                    Type::Enum(*id),
                ));
            }
        }
        let matches: Vec<(u32, u32)> = self
            .types
            .enums
            .iter()
            .enumerate()
            .filter(|(eid, _)| self.enum_visible(*eid as u32))
            .filter_map(|(eid, e)| {
                e.values
                    .iter()
                    .position(|v| *v == name.name)
                    .map(|i| (eid as u32, i as u32))
            })
            .collect();
        match matches.as_slice() {
            [] => None,
            [(eid, i)] => Some(Lowered::new(Node::Const(Value::Enum(*i)), Type::Enum(*eid))),
            many => {
                let names = many
                    .iter()
                    .map(|(eid, _)| self.types.enums[*eid as usize].name.clone())
                    .collect::<Vec<_>>()
                    .join(", ");
                self.push(
                    Diagnostic::new(
                        Code::AmbiguousChoiceValue,
                        self.file,
                        name.span,
                        format!("`{}` is een waarde van meerdere keuzes ({names})", name.name),
                    )
                    .label("dubbelzinnig")
                    .help("vergelijk de waarde met iets van het bedoelde keuze-type, zodat het type vastligt"),
                );
                Some(Lowered::error())
            }
        }
    }

    /// `.veld` steps after a resolved name; optional records chain.
    fn fields(
        &mut self,
        mut base: Lowered,
        dotted: &str,
        rest: &[Ident],
        env: &mut Env,
    ) -> Lowered {
        let mut path = dotted.to_string();
        if env.is_narrowed(&path) {
            base.ty = base.ty.strip_optional().clone();
        }
        for f in rest {
            base = self.field_access(base, f);
            path.push('.');
            path.push_str(&f.name);
            if env.is_narrowed(&path) {
                base.ty = base.ty.strip_optional().clone();
            }
        }
        base
    }

    fn field_access(&mut self, base: Lowered, field: &Ident) -> Lowered {
        let optional = base.ty.is_optional();
        match base.ty.strip_optional() {
            Type::Record(rid) => {
                let rec = &self.types.records[*rid as usize];
                match rec.field_index(&field.name) {
                    Some(i) => {
                        let mut ty = rec.fields[i].1.clone();
                        if optional {
                            ty = ty.optional();
                        }
                        Lowered::new(Node::Field(boxed(base), i as u32), ty)
                    }
                    None => {
                        let known: Vec<String> =
                            rec.fields.iter().map(|(n, _)| n.clone()).collect();
                        let rec_name = rec.name.clone();
                        let mut d = Diagnostic::new(
                            Code::UnknownOrMissingField,
                            self.file,
                            field.span,
                            format!("`{rec_name}` heeft geen veld `{}`", field.name),
                        )
                        .label("onbekend veld");
                        if let Some(s) = closest(&field.name, known.iter().map(String::as_str)) {
                            d = d.did_you_mean(field.span, s);
                        } else {
                            d = d.help(format!("velden van {rec_name}: {}", known.join(", ")));
                        }
                        self.push(d);
                        Lowered::error()
                    }
                }
            }
            Type::Never => Lowered::error(),
            t => {
                let t = self.types.display(t);
                self.err(
                    Code::UnknownOrMissingField,
                    field.span,
                    &format!("een {t} heeft geen velden"),
                    "geen gegeven",
                );
                Lowered::error()
            }
        }
    }

    fn record_literal(
        &mut self,
        fields: &[(Ident, Expr)],
        expected: Option<&Type>,
        span: Span,
        env: &mut Env,
    ) -> Lowered {
        let Some(Type::Record(rid)) = expected.map(|t| t.strip_optional()) else {
            self.err(
                Code::TypeMismatch,
                span,
                "het type van dit gegeven is hier niet bekend",
                "onbekend gegeven",
            );
            return Lowered::error();
        };
        let rid = *rid;
        let rec_fields = self.types.records[rid as usize].fields.clone();
        let rec_name = self.types.records[rid as usize].name.clone();
        let mut nodes: Vec<Option<Node>> = vec![None; rec_fields.len()];
        for (name, value) in fields {
            match rec_fields.iter().position(|(n, _)| *n == name.name) {
                Some(i) => {
                    let l = self.expr(value, Some(&rec_fields[i].1), env);
                    self.coerce(&l, &rec_fields[i].1, value.span);
                    let l = with_unit(l, &rec_fields[i].1);
                    if nodes[i].is_some() {
                        self.err(
                            Code::DuplicateName,
                            name.span,
                            &format!("veld `{}` staat er twee keer", name.name),
                            "dubbel",
                        );
                    }
                    nodes[i] = Some(l.node);
                }
                None => {
                    let known: Vec<String> = rec_fields.iter().map(|(n, _)| n.clone()).collect();
                    self.unknown(name, &known, &format!("veld van {rec_name}"));
                }
            }
        }
        let mut out = Vec::new();
        for (i, n) in nodes.into_iter().enumerate() {
            match n {
                Some(n) => out.push(n),
                None if rec_fields[i].1.is_optional() => out.push(Node::Const(Value::Empty)),
                None => {
                    self.err(
                        Code::UnknownOrMissingField,
                        span,
                        &format!("veld `{}` van {rec_name} ontbreekt", rec_fields[i].0),
                        "onvolledig",
                    );
                    out.push(Node::Const(Value::Empty));
                }
            }
        }
        Lowered::new(Node::Record(out), Type::Record(rid))
    }

    // ------------------------------------------------------------ calls

    fn call(&mut self, function: &Path, args: &[Expr], span: Span, env: &mut Env) -> Lowered {
        let parts = &function.parts;
        let (module, name) = match parts.as_slice() {
            [name] => (env.module, name),
            [alias, name] => match self.modules[env.module].imports.get(&alias.name) {
                Some(&m) => (m, name),
                None => {
                    let known: Vec<String> =
                        self.modules[env.module].imports.keys().cloned().collect();
                    self.unknown(alias, &known, "geïmporteerde regeling");
                    return Lowered::error();
                }
            },
            _ => {
                self.err(
                    Code::UnknownName,
                    function.span,
                    "onbekende functie",
                    "onbekend",
                );
                return Lowered::error();
            }
        };
        if parts.len() == 1 && BUILTINS.contains(&name.name.as_str()) {
            return self.builtin(name, args, span, env);
        }
        if let Some(&id) = self.modules[module].functions.get(&name.name) {
            env.fn_deps.insert(id);
            let sig: Vec<Type> = self.fn_sigs[id as usize].0.clone();
            let ret = self.fn_sigs[id as usize].1.clone();
            let nodes = self.args(&sig, args, span, &name.name, env);
            let precise = self.fn_sigs[id as usize].2;
            return Lowered {
                node: Node::CallFn(id, nodes),
                ty: ret,
                precise,
                free_period: false,
            };
        }
        if let Some(&id) = self.modules[module].tables.get(&name.name) {
            env.table_deps.insert(id);
            let sig: Vec<Type> = self.table_sigs[id as usize].0.clone();
            let ret = self.table_sigs[id as usize].1.clone();
            let nodes = self.args(&sig, args, span, &name.name, env);
            return Lowered::new(Node::CallTable(id, nodes), ret);
        }
        let mut known: Vec<String> = self.modules[module]
            .functions
            .keys()
            .chain(self.modules[module].tables.keys())
            .cloned()
            .collect();
        if parts.len() == 1 {
            known.extend(BUILTINS.iter().map(|s| s.to_string()));
        }
        let message = format!("onbekende functie of tabel `{}`", name.name);
        let d = Diagnostic::new(Code::UnknownName, self.file, name.span, message).label("onbekend");
        // `max(a; b)`: the hint shows the call as it should read.
        let d = match foreign(&name.name) {
            Some(f) => {
                let args: Vec<String> = args.iter().map(format_expr).collect();
                d.help(foreign_help(
                    &name.name,
                    f,
                    &format!("{}({})", f.dutch, args.join("; ")),
                ))
                .replace_with(name.span, f.dutch)
            }
            None => suggest(d, name, &known).0,
        };
        self.push(d);
        // The arguments still count as used: no knock-on "ongebruikte invoer".
        for a in args {
            self.expr(a, None, env);
        }
        Lowered::error()
    }

    fn args(
        &mut self,
        sig: &[Type],
        args: &[Expr],
        span: Span,
        name: &str,
        env: &mut Env,
    ) -> Vec<Node> {
        if sig.len() != args.len() {
            self.push(
                Diagnostic::new(
                    Code::ArgumentCount,
                    self.file,
                    span,
                    format!(
                        "`{name}` verwacht {} argument(en), maar krijgt er {}",
                        sig.len(),
                        args.len()
                    ),
                )
                .label("aantal argumenten")
                .help("scheid argumenten met `;` (de komma is het decimaalteken)"),
            );
        }
        args.iter()
            .enumerate()
            .map(|(i, a)| {
                let expected = sig.get(i);
                let l = self.expr(a, expected, env);
                match expected {
                    Some(t) => {
                        self.coerce(&l, t, a.span);
                        with_unit(l, t).node
                    }
                    None => l.node,
                }
            })
            .collect()
    }

    fn builtin(&mut self, name: &Ident, args: &[Expr], span: Span, env: &mut Env) -> Lowered {
        let date = Type::Date;
        let int = Type::Integer;
        let simple = |b: Builtin, sig: Vec<Type>, ret: Type| (b, sig, ret);
        let spec = match name.name.as_str() {
            "leeftijd" => simple(Builtin::Age, vec![date.clone(), date], int),
            "jaar" => simple(Builtin::Year, vec![date], int),
            "maand" => simple(Builtin::Month, vec![date], int),
            "dag" => simple(Builtin::Day, vec![date], int),
            "datum" => simple(Builtin::MakeDate, vec![int.clone(), int.clone(), int], date),
            "eerste_dag_van_maand" => simple(Builtin::FirstDayOfMonth, vec![date.clone()], date),
            "laatste_dag_van_maand" => simple(Builtin::LastDayOfMonth, vec![date.clone()], date),
            "tekst" => {
                if args.len() != 1 {
                    self.args(&[Type::Never], args, span, "tekst", env);
                    return Lowered::error();
                }
                let l = self.expr(&args[0], None, env);
                return Lowered::new(Node::Text(Box::new(l.node), l.ty), Type::Text);
            }
            "minimum" | "maximum" | "waarde" => {
                if args.len() != 2 {
                    self.args(&[Type::Never, Type::Never], args, span, &name.name, env);
                    return Lowered::error();
                }
                let a = self.expr(&args[0], None, env);
                let b = self.expr(&args[1], Some(a.ty.strip_optional()), env);
                let a = if a.free_period && !b.free_period {
                    self.expr(&args[0], Some(&b.ty), env)
                } else {
                    a
                };
                let builtin = match name.name.as_str() {
                    "minimum" => Builtin::Min,
                    "maximum" => Builtin::Max,
                    _ => Builtin::ValueOr,
                };
                let ty = if builtin == Builtin::ValueOr {
                    let inner = a.ty.strip_optional().clone();
                    self.coerce(&b, &inner, args[1].span);
                    if b.ty.is_optional() {
                        inner.optional()
                    } else {
                        inner
                    }
                } else {
                    for (l, arg) in [(&a, &args[0]), (&b, &args[1])] {
                        if l.ty.is_optional() {
                            self.optional_error(arg.span, &l.ty);
                        }
                    }
                    let ty = self.unify(&a, &b, span);
                    if !(ty.is_numeric() || ty == Type::Date || ty == Type::Never) {
                        self.type_error(span, "getallen, bedragen of datums", &ty);
                    }
                    ty
                };
                let (a, b) = (with_unit(a, &ty), with_unit(b, &ty));
                return Lowered {
                    precise: a.precise && b.precise,
                    free_period: a.free_period && b.free_period,
                    node: Node::Builtin(builtin, vec![a.node, b.node]),
                    ty,
                };
            }
            _ => {
                self.err(
                    Code::UnknownName,
                    name.span,
                    "onbekende functie",
                    "onbekend",
                );
                return Lowered::error();
            }
        };
        let (b, sig, ret) = spec;
        let nodes = self.args(&sig, args, span, &name.name, env);
        Lowered::new(Node::Builtin(b, nodes), ret)
    }

    // ------------------------------------------------------------ operators

    fn binary(
        &mut self,
        op: BinaryOp,
        left: &Expr,
        right: &Expr,
        span: Span,
        expected: Option<&Type>,
        env: &mut Env,
    ) -> Lowered {
        match op {
            BinaryOp::And | BinaryOp::Or => {
                let a = self.condition(left, env);
                let pushed = if op == BinaryOp::And {
                    let n = narrowing(left);
                    self.push_narrowing(env, &n.present)
                } else {
                    0
                };
                let b = self.condition(right, env);
                self.pop_narrowing(env, pushed);
                let node = if op == BinaryOp::And {
                    Node::And(boxed(a), boxed(b))
                } else {
                    Node::Or(boxed(a), boxed(b))
                };
                Lowered::new(node, Type::Bool)
            }
            BinaryOp::Compare(cmp) => {
                let (a, b) = self.operands(left, right, None, env);
                if a.ty != Type::Never {
                    self.expect_comparable(&a.ty, &b, right.span, cmp);
                }
                let (a, b) = with_units(a, b);
                Lowered::new(Node::Compare(cmp, boxed(a), boxed(b)), Type::Bool)
            }
            BinaryOp::Add | BinaryOp::Sub => {
                let (a, b) = self.operands(left, right, expected, env);
                self.additive(op == BinaryOp::Sub, a, b, left.span, right.span, span)
            }
            BinaryOp::Mul | BinaryOp::Div => {
                let (a, b) = self.operands(left, right, expected, env);
                self.multiplicative(op == BinaryOp::Div, a, b, span)
            }
        }
    }

    /// Lowers both operands, letting a period-free money literal on either
    /// side take the period of the other side.
    fn operands(
        &mut self,
        left: &Expr,
        right: &Expr,
        expected: Option<&Type>,
        env: &mut Env,
    ) -> (Lowered, Lowered) {
        let a = self.expr(left, expected, env);
        let hint = a.ty.strip_optional().clone();
        let b = self.expr(right, Some(&hint), env);
        if a.free_period && !b.free_period {
            if let Type::Money(Some(_)) = b.ty.strip_optional() {
                let hint = b.ty.strip_optional().clone();
                let a = self.expr(left, Some(&hint), env);
                return (a, b);
            }
        }
        (a, b)
    }

    fn additive(
        &mut self,
        sub: bool,
        a: Lowered,
        b: Lowered,
        ls: Span,
        rs: Span,
        span: Span,
    ) -> Lowered {
        for (l, s) in [(&a, ls), (&b, rs)] {
            if l.ty.is_optional() {
                self.optional_error(s, &l.ty);
            }
        }
        let (ta, tb) = (a.ty.strip_optional().clone(), b.ty.strip_optional().clone());
        let op = if sub { ArithOp::Sub } else { ArithOp::Add };
        let arith = |a: Lowered, b: Lowered, ty: Type| Lowered {
            precise: a.precise && b.precise,
            free_period: a.free_period && b.free_period,
            node: Node::Arith(op, boxed(a.clone()), boxed(b.clone())),
            ty,
        };
        match (&ta, &tb) {
            (Type::Never, _) | (_, Type::Never) => Lowered::error(),
            (Type::Money(p), Type::Money(q)) => {
                if p != q {
                    self.period_error(span, &ta, &tb);
                    return Lowered::error();
                }
                arith(a, b, ta)
            }
            // The units are known only when evaluating: checked there.
            (Type::MoneyPerUnit, Type::Money(_) | Type::MoneyPerUnit)
            | (Type::Money(_), Type::MoneyPerUnit) => {
                let (a, b) = with_units(a, b);
                arith(a, b, Type::MoneyPerUnit)
            }
            (Type::Integer, Type::Integer) => arith(a, b, Type::Integer),
            (Type::Percentage, Type::Percentage) => arith(a, b, Type::Percentage),
            (Type::Integer | Type::Number, Type::Integer | Type::Number) => {
                arith(a, b, Type::Number)
            }
            (Type::Date, Type::Duration) => Lowered::new(
                Node::DateShift {
                    date: boxed(a),
                    duration: boxed(b),
                    subtract: sub,
                },
                Type::Date,
            ),
            (Type::Duration, Type::Duration) => Lowered::new(
                Node::DurationAdd {
                    left: boxed(a),
                    right: boxed(b),
                    subtract: sub,
                },
                Type::Duration,
            ),
            // `tekst + tekst` joins the texts (the evaluator's `+` on texts).
            (Type::Text, Type::Text) if !sub => arith(a, b, Type::Text),
            (Type::Date, Type::Date) => {
                self.push(
                    Diagnostic::new(
                        Code::TypeMismatch,
                        self.file,
                        span,
                        "twee datums kunnen niet van elkaar worden afgetrokken",
                    )
                    .label("datum − datum")
                    .help("gebruik `leeftijd(a; b)` voor hele jaren, of vergelijk de datums"),
                );
                Lowered::error()
            }
            _ => {
                let (x, y) = (self.types.display(&ta), self.types.display(&tb));
                let word = if sub {
                    "afgetrokken van"
                } else {
                    "opgeteld bij"
                };
                self.operands_mismatch(
                    span,
                    format!("een {y} kan niet worden {word} een {x}"),
                    format!("{x} en {y}"),
                    text_hint(sub, &ta, &tb).map(String::from),
                );
                Lowered::error()
            }
        }
    }

    fn multiplicative(&mut self, div: bool, a: Lowered, b: Lowered, span: Span) -> Lowered {
        for l in [&a, &b] {
            if l.ty.is_optional() {
                self.optional_error(span, &l.ty);
            }
        }
        let (ta, tb) = (a.ty.strip_optional().clone(), b.ty.strip_optional().clone());
        let op = if div { ArithOp::Div } else { ArithOp::Mul };
        let scalar = |t: &Type| matches!(t, Type::Integer | Type::Number | Type::Percentage);
        let (ty, precise) = match (&ta, &tb) {
            (Type::Never, _) | (_, Type::Never) => return Lowered::error(),
            (Type::Money(p), t) if scalar(t) => {
                let exact = !div && *t == Type::Integer && b.precise;
                (Type::Money(*p), a.precise && exact)
            }
            (t, Type::Money(p)) if scalar(t) && !div => {
                (Type::Money(*p), b.precise && *t == Type::Integer)
            }
            (Type::MoneyPerUnit, t) if scalar(t) => (
                Type::MoneyPerUnit,
                a.precise && !div && *t == Type::Integer && b.precise,
            ),
            (t, Type::MoneyPerUnit) if scalar(t) && !div => {
                (Type::MoneyPerUnit, b.precise && *t == Type::Integer)
            }
            // A quotient of two amounts: their units must agree when evaluating.
            (Type::MoneyPerUnit, Type::Money(_) | Type::MoneyPerUnit)
            | (Type::Money(_), Type::MoneyPerUnit)
                if div =>
            {
                let (a, b) = with_units(a, b);
                return Lowered::new(Node::Arith(op, boxed(a), boxed(b)), Type::Number);
            }
            (Type::Money(p), Type::Money(q)) if div => {
                if p != q {
                    self.period_error(span, &ta, &tb);
                }
                (Type::Number, true)
            }
            (Type::Integer, Type::Integer) if !div => (Type::Integer, true),
            (Type::Percentage, Type::Integer | Type::Number)
            | (Type::Integer | Type::Number, Type::Percentage)
                if !div =>
            {
                (Type::Number, true)
            }
            (x, y) if scalar(x) && scalar(y) => (Type::Number, true),
            _ => {
                let (x, y) = (self.types.display(&ta), self.types.display(&tb));
                let word = if div {
                    "gedeeld door"
                } else {
                    "vermenigvuldigd met"
                };
                self.operands_mismatch(
                    span,
                    format!("een {x} kan niet worden {word} een {y}"),
                    format!("{x} en {y}"),
                    duration_hint(div, &ta, &tb),
                );
                return Lowered::error();
            }
        };
        Lowered {
            free_period: a.free_period && b.free_period,
            node: Node::Arith(op, boxed(a), boxed(b)),
            ty,
            precise,
        }
    }

    // ------------------------------------------------------------ type relations

    /// The common type of two branches (`als`, `minimum`).
    pub fn unify(&mut self, a: &Lowered, b: &Lowered, span: Span) -> Type {
        let (ta, tb) = (&a.ty, &b.ty);
        if ta == tb {
            return ta.clone();
        }
        match (ta, tb) {
            (Type::Never, t) | (t, Type::Never) => return t.clone(),
            (Type::Empty, t) | (t, Type::Empty) => return t.clone().optional(),
            _ => {}
        }
        let optional = ta.is_optional() || tb.is_optional();
        let (sa, sb) = (ta.strip_optional(), tb.strip_optional());
        let base = match (sa, sb) {
            _ if sa == sb => Some(sa.clone()),
            (Type::Integer, Type::Number) | (Type::Number, Type::Integer) => Some(Type::Number),
            (Type::Money(p), Type::Money(None)) if b.free_period => Some(Type::Money(*p)),
            (Type::Money(None), Type::Money(p)) if a.free_period => Some(Type::Money(*p)),
            (Type::Money(_), Type::Money(_)) => {
                self.period_error(span, sa, sb);
                None
            }
            (Type::MoneyPerUnit, Type::Money(_)) | (Type::Money(_), Type::MoneyPerUnit) => {
                Some(Type::MoneyPerUnit)
            }
            (Type::List(x), Type::List(y)) if **y == Type::Empty => Some(Type::List(x.clone())),
            (Type::List(x), Type::List(y)) if **x == Type::Empty => Some(Type::List(y.clone())),
            _ => {
                let (x, y) = (self.types.display(sa), self.types.display(sb));
                self.push(
                    Diagnostic::new(
                        Code::TypeMismatch,
                        self.file,
                        span,
                        format!("de twee takken hebben verschillende typen: {x} en {y}"),
                    )
                    .label("verschillende typen"),
                );
                None
            }
        };
        match base {
            Some(t) if optional => t.optional(),
            Some(t) => t,
            None => Type::Never,
        }
    }

    /// Checks that `l` fits where `expected` is required; reports R0201 (type),
    /// R0202 (period) or R0204 (optional).
    pub fn coerce(&mut self, l: &Lowered, expected: &Type, span: Span) {
        if !self.fits(l, expected, span) {
            let (x, y) = self.type_names(expected, &l.ty);
            self.push(
                Diagnostic::new(
                    Code::TypeMismatch,
                    self.file,
                    span,
                    format!("verwacht {x}, maar dit is {y}"),
                )
                .label(y),
            );
        }
    }

    /// Whether `l` fits `expected`; reports period and optional mistakes itself.
    fn fits(&mut self, l: &Lowered, expected: &Type, span: Span) -> bool {
        let actual = &l.ty;
        match (actual, expected) {
            (a, e) if a == e => true,
            (Type::Never, _) | (_, Type::Never) => true,
            (Type::Empty, Type::Optional(_)) => true,
            (Type::Integer, Type::Number) => true,
            (Type::Money(_), Type::Money(_)) if l.free_period => true,
            (Type::Money(_), Type::Money(_)) => {
                self.period_error(span, expected, actual);
                true
            }
            // Any amount takes its period or unit along (`with_unit`).
            (Type::Money(_), Type::MoneyPerUnit) => true,
            (Type::MoneyPerUnit, Type::Money(_)) => {
                self.period_error(span, expected, actual);
                true
            }
            (a, Type::Optional(e)) => {
                let inner = Lowered {
                    ty: a.strip_optional().clone(),
                    ..l.clone()
                };
                self.fits(&inner, e, span)
            }
            (Type::Optional(a), e) => {
                let inner = Lowered {
                    ty: (**a).clone(),
                    ..l.clone()
                };
                if self.fits(&inner, e, span) {
                    self.optional_error(span, actual);
                }
                true
            }
            (Type::List(a), Type::List(e)) => {
                **a == Type::Empty || {
                    let inner = Lowered {
                        ty: (**a).clone(),
                        ..l.clone()
                    };
                    self.fits(&inner, e, span)
                }
            }
            _ => false,
        }
    }

    fn expect_type(&mut self, l: &Lowered, expected: &Type, span: Span) {
        self.coerce(l, expected, span);
    }

    fn expect_comparable(&mut self, left: &Type, right: &Lowered, span: Span, op: CompareOp) {
        let equality = matches!(op, CompareOp::Eq | CompareOp::Ne);
        if !equality {
            if left.is_optional() {
                self.optional_error(span, left);
            } else if right.ty.is_optional() {
                self.optional_error(span, &right.ty);
            }
        }
        let (a, b) = (left.strip_optional(), right.ty.strip_optional());
        let ok = match (a, b) {
            (Type::Never, _) | (_, Type::Never) | (_, Type::Empty) | (Type::Empty, _) => true,
            (Type::Money(p), Type::Money(q)) => {
                if p != q && !right.free_period {
                    self.period_error(span, a, b);
                }
                true
            }
            // Like with like, checked when evaluating (`with_units`).
            (Type::MoneyPerUnit, Type::Money(_) | Type::MoneyPerUnit)
            | (Type::Money(_), Type::MoneyPerUnit) => true,
            (Type::Integer | Type::Number, Type::Integer | Type::Number) => true,
            (Type::Bool, Type::Bool) | (Type::Text, Type::Text) => true,
            (Type::Date, Type::Date) | (Type::Percentage, Type::Percentage) => true,
            (Type::Duration, Type::Duration) => true,
            (Type::Enum(x), Type::Enum(y)) => x == y,
            (Type::Record(x), Type::Record(y)) => x == y && equality,
            _ => false,
        };
        if !ok {
            let (x, y) = (self.types.display(a), self.types.display(b));
            self.push(
                Diagnostic::new(
                    Code::TypeMismatch,
                    self.file,
                    span,
                    format!("een {x} kan niet worden vergeleken met een {y}"),
                )
                .label(y),
            );
        }
    }

    // ------------------------------------------------------------ narrowing

    fn push_narrowing(&mut self, env: &mut Env, paths: &[String]) -> usize {
        env.narrowed.extend(paths.iter().cloned());
        paths.len()
    }

    fn pop_narrowing(&mut self, env: &mut Env, n: usize) {
        for _ in 0..n {
            env.narrowed.pop();
        }
    }

    // ------------------------------------------------------------ diagnostics

    pub fn err(&mut self, code: Code, span: Span, message: &str, label: &str) {
        let d = Diagnostic::new(code, self.file, span, message).label(label);
        self.push(d);
    }

    /// Two types as a message names them; two types of one name (a keuze of
    /// a regeling and the one a layer extends) with the regeling of each.
    fn type_names(&self, a: &Type, b: &Type) -> (String, String) {
        let (x, y) = (self.types.display(a), self.types.display(b));
        if x != y || a == b {
            return (x, y);
        }
        let with_origin = |t: &Type, shown: String| match self.type_regeling(t) {
            Some(r) => format!("{shown} (uit {r})"),
            None => shown,
        };
        (with_origin(a, x), with_origin(b, y))
    }

    /// The regeling of the keuze or gegeven a type is made of.
    fn type_regeling(&self, t: &Type) -> Option<&str> {
        match t {
            Type::Optional(inner) | Type::List(inner) => self.type_regeling(inner),
            Type::Enum(id) => self.enum_regeling.get(*id as usize).map(|r| &**r),
            Type::Record(id) => self.record_regeling.get(*id as usize).map(|r| &**r),
            _ => None,
        }
    }

    pub fn type_error(&mut self, span: Span, expected: &str, actual: &Type) {
        if *actual == Type::Never {
            return;
        }
        let t = self.types.display(actual);
        self.push(
            Diagnostic::new(
                Code::TypeMismatch,
                self.file,
                span,
                format!("verwacht {expected}, maar dit is {t}"),
            )
            .label(t),
        );
    }

    /// R0201 for two operands that do not combine, with a hint when there
    /// is a form that does.
    fn operands_mismatch(
        &mut self,
        span: Span,
        message: String,
        label: String,
        help: Option<String>,
    ) {
        let mut d = Diagnostic::new(Code::TypeMismatch, self.file, span, message).label(label);
        if let Some(help) = help {
            d = d.help(help);
        }
        self.push(d);
    }

    /// R0202 for `wanted` and `got`; the help says how to make `got` fit.
    fn period_error(&mut self, span: Span, wanted: &Type, got: &Type) {
        let (x, y) = (self.types.display(wanted), self.types.display(got));
        self.push(
            Diagnostic::new(
                Code::PeriodMismatch,
                self.file,
                span,
                format!("periodes passen niet: {x} en {y}"),
            )
            .label("verschillende periodes")
            .help(period_help(wanted, got)),
        );
    }

    pub fn optional_error(&mut self, span: Span, ty: &Type) {
        let t = self.types.display(ty);
        self.push(
            Diagnostic::new(Code::MaybeEmpty, self.file, span, format!("deze waarde kan leeg zijn ({t})"))
                .label("kan leeg zijn")
                .help("controleer eerst of hij bestaat: `als x bestaat dan … anders …`, of gebruik `waarde(x; standaard)`"),
        );
    }

    fn pure_error(&mut self, name: &Ident) {
        self.push(
            Diagnostic::new(
                Code::InputOrRuleInPureDefinition,
                self.file,
                name.span,
                format!(
                    "`{}` is invoer of een regel en kan hier niet worden gebruikt",
                    name.name
                ),
            )
            .label("niet toegestaan in functie, tabel of parameter")
            .help("geef de waarde als argument mee aan de functie of tabel"),
        );
    }

    /// R0101; returns the name suggested as help, if any.
    pub fn unknown(&mut self, name: &Ident, known: &[String], what: &str) -> Option<String> {
        let message = format!("onbekende {what} `{}`", name.name);
        self.unknown_with(name, known, message, "onbekend")
    }

    /// R0101 with its own message and label (e.g. for `uitvoer`), and the
    /// closest known name as help; returns that name.
    pub fn unknown_with(
        &mut self,
        name: &Ident,
        known: &[String],
        message: String,
        label: &str,
    ) -> Option<String> {
        let d = Diagnostic::new(Code::UnknownName, self.file, name.span, message).label(label);
        let (d, meant) = match foreign(&name.name) {
            Some(f) => (
                d.help(foreign_help(&name.name, f, f.dutch))
                    .replace_with(name.span, f.dutch),
                None,
            ),
            None => suggest(d, name, known),
        };
        self.push(d);
        meant
    }
}

/// "Bedoelde u …?" with the closest known name, and that name.
fn suggest(d: Diagnostic, name: &Ident, known: &[String]) -> (Diagnostic, Option<String>) {
    match closest(&name.name, known.iter().map(String::as_str)) {
        Some(s) => (d.did_you_mean(name.span, s), Some(s.to_owned())),
        None => (d, None),
    }
}

/// The hint for a word from English or a spreadsheet: the Dutch word and
/// the corrected code.
fn foreign_help(written: &str, f: &Foreign, corrected: &str) -> String {
    format!(
        "`{written}` is geen woord van deze taal; {} heet hier `{}`: schrijf `{corrected}`",
        f.what, f.dutch
    )
}

/// Help for `+`/`-` with a text: only texts are joined, and only with `+`.
fn text_hint(sub: bool, a: &Type, b: &Type) -> Option<&'static str> {
    match (a, b) {
        (Type::Text, Type::Text) => Some("teksten kunt u alleen aan elkaar plakken, met `+`"),
        (Type::Text, _) | (_, Type::Text) if !sub => Some(
            "`+` plakt alleen teksten aan elkaar: maak van de andere waarde eerst tekst, met `tekst(…)`",
        ),
        (Type::Text, _) | (_, Type::Text) => Some("met een tekst kunt u niet rekenen"),
        _ => None,
    }
}

/// Paths known present (or absent) when a condition holds.
pub struct Narrowing {
    pub present: Vec<String>,
    pub absent: Vec<String>,
}

/// `x bestaat` (and conjunctions of it) narrows `x` in the guarded part;
/// `x bestaat niet` narrows it in the `anders` part.
pub fn narrowing(cond: &Expr) -> Narrowing {
    let mut n = Narrowing {
        present: Vec::new(),
        absent: Vec::new(),
    };
    collect_present(cond, &mut n.present);
    if let ExprKind::Exists {
        expr,
        negated: true,
    } = &cond.kind
    {
        if let ExprKind::Name(p) = &expr.kind {
            n.absent.push(p.dotted());
        }
    }
    n
}

fn collect_present(cond: &Expr, out: &mut Vec<String>) {
    match &cond.kind {
        ExprKind::Exists {
            expr,
            negated: false,
        } => {
            if let ExprKind::Name(p) = &expr.kind {
                out.push(p.dotted());
            }
        }
        ExprKind::Binary(BinaryOp::And, a, b) => {
            collect_present(a, out);
            collect_present(b, out);
        }
        _ => {}
    }
}

/// The help of R0202: how an amount of type `got` becomes one of type
/// `wanted` (`over` for a total, `verdeeld over` or `per` for a period,
/// `omgerekend naar` between periods).
fn period_help(wanted: &Type, got: &Type) -> String {
    use super::over::over_example;
    match (wanted.strip_optional(), got.strip_optional()) {
        (Type::Money(None), Type::Money(Some(p))) => match over_example(*p) {
            Some(span) => format!(
                "een bedrag per {} over een tijd is een bedrag zonder periode: `… over {span}`",
                p.dutch()
            ),
            None => format!(
                "een bedrag per {} heeft een periode; reken om of geef de uitkomst dezelfde periode",
                p.dutch()
            ),
        },
        (Type::Money(Some(p)), Type::Money(None)) => {
            // `verdeeld over` gives an amount per week, maand or jaar.
            let spread = over_example(*p)
                .filter(|_| matches!(p, Period::Week | Period::Month | Period::Year));
            match spread {
                Some(span) => format!(
                    "geef het bedrag een periode met `… per {0}`, of verdeel een totaal: `… verdeeld over {span}` (een bedrag per {0})",
                    p.dutch()
                ),
                None => format!("geef het bedrag een periode met `… per {}`", p.dutch()),
            }
        }
        (Type::Money(_), Type::MoneyPerUnit) => {
            "de eenheid van dit bedrag verschilt per waarde (per uur, per rit, …); geef ook de uitkomst het type `bedrag per eenheid`".into()
        }
        _ => "reken expliciet om, bijvoorbeeld `bedrag omgerekend naar per jaar` (12 maanden, 13 vierweekse perioden, 52 weken)".into(),
    }
}

/// The help for multiplying or dividing an amount by a duration: the
/// `over` forms say that.
fn duration_hint(div: bool, a: &Type, b: &Type) -> Option<String> {
    match (a, b, div) {
        (Type::Money(Some(p)), Type::Duration, false) | (Type::Duration, Type::Money(Some(p)), false) => {
            Some(format!(
                "een bedrag per {} over een tijd: `… over {}`",
                p.dutch(),
                super::over::over_example(*p).unwrap_or("12 maanden")
            ))
        }
        (Type::Money(None), Type::Duration, true) => {
            Some("een bedrag verdelen over een tijd: `… verdeeld over 12 maanden` (een bedrag per maand)".into())
        }
        _ => None,
    }
}
