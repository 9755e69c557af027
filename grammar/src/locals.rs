//! Local names and where they are visible: a function's parameters, the
//! variable of `som van … voor elke x in …`, `aantal x in …`, `er is een x
//! in …`, `voor alle x in …`, `eerste x in …`/`eerste j van … tot en met …`,
//! and the columns of a table inside `eis … voor elke rij van <tabel>`.
//! They are not declarations of a regeling, so an editor finds them here,
//! from the file's syntax alone (hover, definition, references).

use crate::ast::{CellKind, Expr, ExprKind, File, Ident, Item, Span, UnaryTest};

/// One local binding.
#[derive(Debug, Clone, PartialEq)]
pub struct Local {
    /// The name where it is bound (the parameter, the `x` after `elke`).
    pub name: Ident,
    /// The parts of the file where the name means this binding.
    pub scope: Vec<Span>,
    pub kind: LocalKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LocalKind {
    /// A parameter of `functie <function>`.
    Parameter { function: Ident, index: usize },
    /// The variable of a list expression; `list` is the list it runs over.
    Element { list: Span },
    /// `eerste j van <from> tot en met <through>`: a whole number.
    Counter { from: Span, through: Span },
    /// A column of `table` in `eis … voor elke rij van <table>`.
    Column { table: Ident },
}

/// Every local binding in `file`, in the order written.
pub fn locals(file: &File) -> Vec<Local> {
    let mut out = Vec::new();
    for item in &file.items {
        match item {
            Item::Function(f) => {
                for (index, p) in f.params.iter().enumerate() {
                    out.push(Local {
                        name: p.name.clone(),
                        scope: vec![f.body.span],
                        kind: LocalKind::Parameter {
                            function: f.name.clone(),
                            index,
                        },
                    });
                }
                walk(&f.body, &mut out);
            }
            Item::Constraint(c) => {
                if let Some(table) = &c.for_each_row_of {
                    out.extend(columns(file, table).map(|name| Local {
                        name,
                        scope: vec![c.condition.span],
                        kind: LocalKind::Column {
                            table: table.clone(),
                        },
                    }));
                }
                walk(&c.condition, &mut out);
            }
            Item::Rule(r) => walk(&r.body, &mut out),
            Item::Exception(x) => {
                walk(&x.condition, &mut out);
                walk(&x.value, &mut out);
            }
            Item::Ladder(l) => l.steps.iter().for_each(|s| walk(&s.condition, &mut out)),
            Item::StepInsert(s) => walk(&s.step.condition, &mut out),
            Item::Table(t) => {
                for cell in t.rows.iter().flat_map(|r| &r.cells) {
                    match &cell.kind {
                        CellKind::Value(e) => walk(e, &mut out),
                        CellKind::Tests(tests) => {
                            for test in tests {
                                match test {
                                    UnaryTest::Equals(e) | UnaryTest::Compare(_, e) => {
                                        walk(e, &mut out)
                                    }
                                    UnaryTest::Range { low, high, .. } => {
                                        walk(low, &mut out);
                                        walk(high, &mut out);
                                    }
                                }
                            }
                        }
                        CellKind::Any => {}
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The columns of the table `name` declared in `file` (a table of a base
/// regeling is not in this file: then none).
fn columns<'f>(file: &'f File, name: &Ident) -> impl Iterator<Item = Ident> + 'f {
    let table = file.items.iter().find_map(|i| match i {
        Item::Table(t) if t.name.name == name.name => Some(t),
        _ => None,
    });
    table
        .into_iter()
        .flat_map(|t| t.inputs.iter().chain(&t.outputs))
        .map(|f| f.name.clone())
}

/// The binding `name` at `offset` stands for: the innermost one whose scope
/// holds `offset`, or the one bound right there.
pub fn local_at<'l>(locals: &'l [Local], name: &str, offset: usize) -> Option<&'l Local> {
    let inside = |s: &Span| s.start <= offset && offset <= s.end;
    if let Some(here) = locals.iter().find(|l| inside(&l.name.span)) {
        return (here.name.name == name).then_some(here);
    }
    locals
        .iter()
        .filter(|l| l.name.name == name)
        .filter_map(|l| {
            let s = l.scope.iter().find(|s| inside(s))?;
            Some((s.end - s.start, l))
        })
        .min_by_key(|(width, _)| *width)
        .map(|(_, l)| l)
}

fn walk(e: &Expr, out: &mut Vec<Local>) {
    let bind = |var: &Ident, scope: Vec<Span>, kind: LocalKind, out: &mut Vec<Local>| {
        out.push(Local {
            name: var.clone(),
            scope,
            kind,
        });
    };
    let spans = |es: &[Option<&Expr>]| es.iter().flatten().map(|e| e.span).collect::<Vec<_>>();
    match &e.kind {
        ExprKind::Sum {
            value,
            var,
            list,
            filter,
        } => {
            let scope = spans(&[Some(value), filter.as_deref()]);
            bind(var, scope, LocalKind::Element { list: list.span }, out);
        }
        ExprKind::Count { var, list, filter } => {
            let scope = spans(&[filter.as_deref()]);
            bind(var, scope, LocalKind::Element { list: list.span }, out);
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
            let kind = LocalKind::Element { list: list.span };
            bind(var, vec![condition.span], kind, out);
        }
        ExprKind::FirstInRange {
            var,
            from,
            through,
            condition,
        } => {
            let kind = LocalKind::Counter {
                from: from.span,
                through: through.span,
            };
            bind(var, vec![condition.span], kind, out);
        }
        _ => {}
    }
    for child in children(e) {
        walk(child, out);
    }
}

/// The expressions directly inside `e`.
fn children(e: &Expr) -> Vec<&Expr> {
    match &e.kind {
        ExprKind::Money(_)
        | ExprKind::Number { .. }
        | ExprKind::Percentage(_)
        | ExprKind::Bool(_)
        | ExprKind::Text(_)
        | ExprKind::Date(_)
        | ExprKind::Duration { .. }
        | ExprKind::Empty
        | ExprKind::Name(_)
        | ExprKind::Fail(_) => Vec::new(),
        ExprKind::Field(x, _)
        | ExprKind::Unary(_, x)
        | ExprKind::Exists { expr: x, .. }
        | ExprKind::Round { expr: x, .. }
        | ExprKind::Convert(x, _)
        | ExprKind::WithPeriod(x, _) => vec![x],
        ExprKind::Call { args, .. } | ExprKind::List(args) => args.iter().collect(),
        ExprKind::Binary(_, a, b) => vec![a, b],
        ExprKind::If {
            condition,
            then,
            otherwise,
        } => vec![condition, then, otherwise],
        ExprKind::In(x, options) => std::iter::once(&**x).chain(options).collect(),
        ExprKind::Over { amount, count, .. } => vec![amount, count],
        ExprKind::Record(fields) => fields.iter().map(|(_, e)| e).collect(),
        ExprKind::Sum {
            value,
            list,
            filter,
            ..
        } => [Some(&**value), Some(&**list), filter.as_deref()]
            .into_iter()
            .flatten()
            .collect(),
        ExprKind::Count { list, filter, .. } => [Some(&**list), filter.as_deref()]
            .into_iter()
            .flatten()
            .collect(),
        ExprKind::Any {
            list, condition, ..
        }
        | ExprKind::All {
            list, condition, ..
        }
        | ExprKind::FirstIn {
            list, condition, ..
        } => vec![list, condition],
        ExprKind::FirstInRange {
            from,
            through,
            condition,
            ..
        } => vec![from, through, condition],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "regeling \"T\"\n  id t.t\n  geldig vanaf 2025-01-01\n\n\
        functie dubbel(x: getal; n: geheel getal): getal = x * n\n\
        regel s: getal = som van x * 2 voor elke x in lijstje waarvoor x > aantal y in lijstje waarvoor y > x\n\
        regel x: getal = 1\n\
        tabel t(a: getal) -> b: getal\n  beslis uniek\n  | a | b |\n  | - | 1 |\n\
        eis \"b positief\" voor elke rij van t: b > 0\n";

    fn at(needle: &str, plus: usize) -> usize {
        SRC.find(needle).unwrap() + plus
    }

    #[test]
    fn each_use_finds_its_binding_and_an_inner_one_wins() {
        let file = crate::parse(SRC).unwrap();
        let all = locals(&file);
        let names: Vec<&str> = all.iter().map(|l| l.name.name.as_str()).collect();
        assert_eq!(names, ["x", "n", "x", "y", "a", "b"]);
        // `x * n` in the function: its parameters.
        let found = local_at(&all, "x", at("x * n", 0)).unwrap();
        assert!(matches!(found.kind, LocalKind::Parameter { index: 0, .. }));
        assert_eq!(found.name.span.start, at("x: getal", 0));
        // In the sum: the variable after `elke`, before and after it is bound,
        // also inside the nested `aantal`.
        let sum_x = at("elke x", 5);
        for use_at in [at("x * 2", 0), at("waarvoor x", 9), at("y > x", 4)] {
            let found = local_at(&all, "x", use_at).unwrap();
            assert_eq!(found.name.span.start, sum_x, "at {use_at}");
        }
        let y = local_at(&all, "y", at("y > x", 0)).unwrap();
        assert!(matches!(y.kind, LocalKind::Element { .. }));
        // The list is outside the variable's scope; so is the next rule.
        assert_eq!(local_at(&all, "lijstje", at("in lijstje", 3)), None);
        assert_eq!(local_at(&all, "x", at("regel x", 6)), None);
        // On the binding itself.
        assert_eq!(local_at(&all, "x", sum_x).unwrap().name.span.start, sum_x);
        // The row's columns inside the eis.
        let b = local_at(&all, "b", at("b > 0", 0)).unwrap();
        assert_eq!(
            b.kind,
            LocalKind::Column {
                table: file
                    .items
                    .iter()
                    .find_map(|i| match i {
                        Item::Constraint(c) => c.for_each_row_of.clone(),
                        _ => None,
                    })
                    .unwrap()
            }
        );
    }
}
