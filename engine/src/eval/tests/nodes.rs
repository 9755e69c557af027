//! Every node kind on known values.

use crate::eval::EvalErrorKind;
use crate::ir::{Builtin, Node};
use crate::test_support::*;
use crate::types::Type;
use crate::value::Value;
use grammar::ast::{CompareOp, RoundMode};
use rust_decimal::Decimal;

fn num(body: Node) -> Value {
    value_of(Type::Number, body).expect("evaluates")
}

fn err(body: Node) -> crate::eval::EvalError {
    value_of(Type::Number, body).expect_err("fails")
}

#[test]
fn arithmetic_is_exact() {
    assert_eq!(num(add(cn("0.1"), cn("0.2"))), n("0.3"));
    assert_eq!(num(sub(cn("1345.45"), cn("1401.50"))), n("-56.05"));
    assert_eq!(num(mul(cn("1345.45"), cn("1.10"))), n("1479.995"));
    assert_eq!(num(div(cn("1"), cn("4"))), n("0.25"));
    assert_eq!(num(Node::Neg(Box::new(cn("2.5")))), n("-2.5"));
}

#[test]
fn division_by_zero_and_overflow_are_errors() {
    let e = err(div(cn("1"), cn("0")));
    assert_eq!(e.kind, EvalErrorKind::DivisionByZero);
    assert_eq!(e.message, "deling door nul bij regel `r`");
    let e = err(mul(c(Value::Num(Decimal::MAX)), cn("2")));
    assert_eq!(e.kind, EvalErrorKind::Overflow);
    assert!(e.message.contains("te groot"), "{}", e.message);
    let e = err(add(c(Value::Num(Decimal::MAX)), cn("1")));
    assert_eq!(e.kind, EvalErrorKind::Overflow);
}

#[test]
fn rounding_modes() {
    let r = |x: &str, mode, dp| num(round(cn(x), mode, dp));
    use RoundMode::*;
    assert_eq!(r("1479.995", HalfAwayFromZero, 2), n("1480.00"));
    assert_eq!(r("2.5", HalfAwayFromZero, 0), n("3"));
    assert_eq!(r("-2.5", HalfAwayFromZero, 0), n("-3"));
    assert_eq!(r("2.4", HalfAwayFromZero, 0), n("2"));
    // naar boven: toward +infinity; naar beneden: toward −infinity.
    assert_eq!(r("2.01", Up, 0), n("3"));
    assert_eq!(r("-2.99", Up, 0), n("-2"));
    assert_eq!(r("2.99", Down, 0), n("2"));
    assert_eq!(r("-2.01", Down, 0), n("-3"));
    assert_eq!(r("12.345", Down, 2), n("12.34"));
    // Rounding leeg stays leeg.
    assert_eq!(
        value_of(Type::Number.optional(), round(c(Value::Empty), Up, 0)),
        Ok(Value::Empty)
    );
}

#[test]
fn scale_converts_periods() {
    // € 100 per 4 weken → per jaar (× 13 / 1), per maand → per 4 weken (× 12 / 13).
    assert_eq!(
        num(Node::Scale(
            Box::new(cn("100")),
            Decimal::from(13),
            Decimal::ONE
        )),
        n("1300")
    );
    let per4 = num(round(
        Node::Scale(Box::new(cn("100")), Decimal::from(12), Decimal::from(13)),
        RoundMode::HalfAwayFromZero,
        2,
    ));
    assert_eq!(per4, n("92.31"));
}

#[test]
fn comparisons() {
    let t = |node| value_of(Type::Bool, node).expect("evaluates");
    assert_eq!(t(lt(cn("1.5"), cn("2"))), b(true));
    assert_eq!(t(eq(cn("1.50"), cn("1.5"))), b(true));
    assert_eq!(t(ge(cd(2025, 1, 1), cd(2025, 1, 1))), b(true));
    assert_eq!(t(lt(c(text("a")), c(text("b")))), b(true));
    assert_eq!(
        t(cmp(CompareOp::Gt, c(Value::Enum(2)), c(Value::Enum(1)))),
        b(true)
    );
    assert_eq!(t(cmp(CompareOp::Ne, cb(true), cb(false))), b(true));
    assert_eq!(t(eq(c(Value::Empty), c(Value::Empty))), b(true));
    assert_eq!(t(eq(c(Value::Empty), cn("1"))), b(false));
    assert_eq!(
        t(eq(
            c(record(vec![i(1), text("x")])),
            c(record(vec![n("1.0"), text("x")]))
        )),
        b(true)
    );
    // Ordering a missing optional is refused, not silently false.
    let e = value_of(Type::Bool, lt(c(Value::Empty), cn("1"))).expect_err("fails");
    assert!(e.message.contains("leeg"), "{}", e.message);
}

#[test]
fn logic_and_conditionals() {
    let t = |node| value_of(Type::Bool, node).expect("evaluates");
    assert_eq!(t(and(cb(true), cb(false))), b(false));
    assert_eq!(t(or(cb(false), cb(true))), b(true));
    assert_eq!(t(not(cb(false))), b(true));
    // Short circuit: the right side is never evaluated.
    assert_eq!(t(and(cb(false), fail("nooit"))), b(false));
    assert_eq!(t(or(cb(true), fail("nooit"))), b(true));
    assert_eq!(num(if_(cb(true), cn("1"), fail("nooit"))), n("1"));
    assert_eq!(num(if_(cb(false), fail("nooit"), cn("2"))), n("2"));
    assert_eq!(t(Node::In(Box::new(ci(3)), vec![ci(1), ci(3)])), b(true));
    assert_eq!(t(Node::In(Box::new(ci(2)), vec![ci(1), ci(3)])), b(false));
    assert_eq!(t(Node::Exists(Box::new(c(Value::Empty)), false)), b(false));
    assert_eq!(t(Node::Exists(Box::new(c(Value::Empty)), true)), b(true));
    assert_eq!(t(Node::Exists(Box::new(ci(1)), false)), b(true));
}

#[test]
fn records_fields_and_lists() {
    let rec = Node::Record(vec![ci(1), c(text("x"))]);
    assert_eq!(num(field(rec, 0)), i(1));
    // Optional chaining: a field of leeg is leeg.
    assert_eq!(
        value_of(Type::Number.optional(), field(c(Value::Empty), 0)),
        Ok(Value::Empty)
    );
    let l = value_of(
        Type::List(Box::new(Type::Integer)),
        Node::List(vec![ci(1), ci(2)]),
    );
    assert_eq!(l, Ok(list(vec![i(1), i(2)])));
}

#[test]
fn list_expressions() {
    let kids = c(list(vec![
        record(vec![dv(2010, 5, 1), n("10")]),
        record(vec![dv(2000, 1, 1), n("20")]),
        record(vec![dv(2015, 2, 28), n("30")]),
    ]));
    // Born in 2005 or later.
    let young = not(lt(field(local(0), 0), cd(2005, 1, 1)));
    let sum = Node::Sum {
        local: 0,
        list: Box::new(kids.clone()),
        filter: Some(Box::new(young.clone())),
        value: Box::new(field(local(0), 1)),
    };
    assert_eq!(num(sum), n("40"));
    let count = Node::Count {
        local: 0,
        list: Box::new(kids.clone()),
        filter: Some(Box::new(young.clone())),
    };
    assert_eq!(num(count), i(2));
    let any = Node::Any {
        local: 0,
        list: Box::new(kids.clone()),
        condition: Box::new(eq(field(local(0), 1), cn("20"))),
    };
    assert_eq!(value_of(Type::Bool, any), Ok(b(true)));
    let all = Node::All {
        local: 0,
        list: Box::new(kids.clone()),
        condition: Box::new(young.clone()),
    };
    assert_eq!(value_of(Type::Bool, all), Ok(b(false)));
    let first = Node::FirstIn {
        local: 0,
        list: Box::new(kids.clone()),
        condition: Box::new(young),
    };
    assert_eq!(num(field(first, 1)), n("10"));
    let none = Node::FirstIn {
        local: 0,
        list: Box::new(kids),
        condition: Box::new(cb(false)),
    };
    assert_eq!(value_of(Type::Number.optional(), none), Ok(Value::Empty));
    // Empty list: sum 0, any false, all true.
    let empty = c(list(vec![]));
    let sum = Node::Sum {
        local: 0,
        list: Box::new(empty.clone()),
        filter: None,
        value: Box::new(local(0)),
    };
    assert_eq!(num(sum), i(0));
    let all = Node::All {
        local: 0,
        list: Box::new(empty),
        condition: Box::new(cb(false)),
    };
    assert_eq!(value_of(Type::Bool, all), Ok(b(true)));
}

#[test]
fn first_in_range() {
    // eerste j van 2020 tot en met 2030 waarvoor j * 2 > 4050 → 2026
    let node = |through: i64| Node::FirstInRange {
        local: 1,
        from: Box::new(ci(2020)),
        through: Box::new(ci(through)),
        condition: Box::new(cmp(CompareOp::Gt, mul(local(1), ci(2)), ci(4050))),
    };
    assert_eq!(value_of(Type::Integer.optional(), node(2030)), Ok(i(2026)));
    assert_eq!(
        value_of(Type::Integer.optional(), node(2025)),
        Ok(Value::Empty)
    );
    let e = value_of(Type::Integer.optional(), node(1_000_000_000)).expect_err("too long");
    assert_eq!(e.kind, EvalErrorKind::Limit);
}

#[test]
fn date_builtins() {
    let age = builtin(Builtin::Age, vec![cd(2008, 2, 29), cd(2025, 2, 28)]);
    assert_eq!(num(age), i(17));
    assert_eq!(num(builtin(Builtin::Year, vec![cd(2025, 3, 9)])), i(2025));
    assert_eq!(num(builtin(Builtin::Month, vec![cd(2025, 3, 9)])), i(3));
    assert_eq!(num(builtin(Builtin::Day, vec![cd(2025, 3, 9)])), i(9));
    let d = |node| value_of(Type::Date, node).expect("evaluates");
    assert_eq!(
        d(builtin(Builtin::MakeDate, vec![ci(2024), ci(2), ci(29)])),
        dv(2024, 2, 29)
    );
    assert_eq!(
        d(builtin(Builtin::FirstDayOfMonth, vec![cd(2025, 2, 14)])),
        dv(2025, 2, 1)
    );
    assert_eq!(
        d(builtin(Builtin::LastDayOfMonth, vec![cd(2025, 2, 14)])),
        dv(2025, 2, 28)
    );
    let e = value_of(
        Type::Date,
        builtin(Builtin::MakeDate, vec![ci(2025), ci(2), ci(29)]),
    )
    .expect_err("no such day");
    assert_eq!(e.kind, EvalErrorKind::InvalidDate);
    assert_eq!(e.message, "datum(2025; 2; 29) bestaat niet (bij regel `r`)");
}

#[test]
fn date_shift_and_durations() {
    let dur = |months, days| c(Value::Duration { months, days });
    let shift = |date: Node, d: Node, subtract| Node::DateShift {
        date: Box::new(date),
        duration: Box::new(d),
        subtract,
    };
    let d = |node| value_of(Type::Date, node).expect("evaluates");
    // 67 jaar + 3 maanden added at once: 31 Aug 1958 → 30 Nov 2025.
    let aow = Node::DurationAdd {
        left: Box::new(dur(67 * 12, 0)),
        right: Box::new(dur(3, 0)),
        subtract: false,
    };
    assert_eq!(d(shift(cd(1958, 8, 31), aow, false)), dv(2025, 11, 30));
    assert_eq!(d(shift(cd(2025, 3, 31), dur(1, 0), true)), dv(2025, 2, 28));
    assert_eq!(d(shift(cd(2025, 3, 1), dur(0, 7), true)), dv(2025, 2, 22));
    let total = Node::DurationAdd {
        left: Box::new(dur(12, 3)),
        right: Box::new(dur(1, 10)),
        subtract: true,
    };
    assert_eq!(
        value_of(Type::Duration, total),
        Ok(Value::Duration {
            months: 11,
            days: -7
        })
    );
}

#[test]
fn minimum_maximum_waarde_tekst() {
    assert_eq!(
        num(builtin(Builtin::Min, vec![cn("3"), cn("2.5")])),
        n("2.5")
    );
    assert_eq!(num(builtin(Builtin::Max, vec![cn("3"), cn("2.5")])), n("3"));
    let d = value_of(
        Type::Date,
        builtin(Builtin::Min, vec![cd(2025, 1, 2), cd(2024, 1, 2)]),
    );
    assert_eq!(d, Ok(dv(2024, 1, 2)));
    assert_eq!(
        num(builtin(Builtin::ValueOr, vec![c(Value::Empty), cn("7")])),
        n("7")
    );
    // The default is evaluated only when needed.
    assert_eq!(
        num(builtin(Builtin::ValueOr, vec![cn("1"), fail("nooit")])),
        n("1")
    );
    let t = |node| value_of(Type::Text, node).expect("evaluates");
    assert_eq!(t(builtin(Builtin::ToText, vec![cn("12.50")])), text("12,5"));
    assert_eq!(
        t(builtin(Builtin::ToText, vec![cd(2025, 3, 1)])),
        text("1 maart 2025")
    );
    assert_eq!(t(builtin(Builtin::ToText, vec![c(text("x"))])), text("x"));
    assert_eq!(
        t(Node::Text(Box::new(cn("1401.5")), Type::Money(None))),
        text("€ 1.401,50")
    );
    assert_eq!(t(Node::Text(Box::new(cb(true)), Type::Bool)), text("ja"));
}

#[test]
fn tekst_of_a_keuze_uses_its_name() {
    let mut bld = Builder::new();
    let e = bld.enumeration("Leefvorm", &["alleenstaand", "alleenstaande_ouder"]);
    let r = bld.rule(
        "r",
        Type::Text,
        Node::Text(Box::new(c(Value::Enum(1))), Type::Enum(e)),
    );
    bld.output(r);
    let p = bld.build();
    let ev = run(&p, &case(&p, date(2025, 1, 1), &[])).expect("evaluates");
    assert_eq!(ev.output_value(0), Some(&text("alleenstaande_ouder")));
}

#[test]
fn fout_is_an_error_with_its_message_and_place() {
    let e = err(fail("AOW-leeftijd nog niet vastgesteld"));
    assert_eq!(e.kind, EvalErrorKind::Fail);
    assert_eq!(e.message, "AOW-leeftijd nog niet vastgesteld");
    assert_eq!(e.origin, Some((0, grammar::ast::Span::new(3, 7))));
}

#[test]
fn functions_get_their_own_frame() {
    let mut bld = Builder::new();
    // functie dubbel(x: getal; y: getal): getal = x * 2 + y, with a loop var.
    let f = bld.function(
        "dubbel",
        vec![("x", Type::Number), ("y", Type::Number)],
        Type::Number,
        add(
            mul(local(0), ci(2)),
            Node::Sum {
                local: 2,
                list: Box::new(c(list(vec![i(1), i(2)]))),
                filter: None,
                value: Box::new(mul(local(2), local(1))),
            },
        ),
        3,
    );
    // The rule has a loop variable of its own in slot 0 while it calls.
    let body = Node::Sum {
        local: 0,
        list: Box::new(c(list(vec![i(10), i(20)]))),
        filter: None,
        value: Box::new(Node::CallFn(f, vec![local(0), ci(1)])),
    };
    let r = bld.rule_with_locals("r", Type::Number, body, 1);
    bld.output(r);
    let p = bld.build();
    let ev = run(&p, &case(&p, date(2025, 1, 1), &[])).expect("evaluates");
    // (10*2 + 3) + (20*2 + 3)
    assert_eq!(ev.output_value(0), Some(&i(66)));
}

#[test]
fn parameters_by_peildatum() {
    let mut bld = Builder::new();
    let p = bld.param(
        "norm",
        Type::Money(None),
        vec![
            (date(2024, 1, 1), None, n("100")),
            (date(2025, 1, 1), Some(date(2025, 12, 31)), n("110")),
        ],
    );
    let r = bld.rule("r", Type::Money(None), param(p));
    bld.output(r);
    let prog = bld.build();
    let at = |d| run(&prog, &case(&prog, d, &[])).map(|e| e.output_value(0).cloned());
    assert_eq!(at(date(2024, 6, 1)), Ok(Some(n("100"))));
    assert_eq!(at(date(2025, 6, 1)), Ok(Some(n("110"))));
    let e = at(date(2023, 11, 5)).expect_err("no value");
    assert_eq!(e.kind, EvalErrorKind::Parameter);
    assert_eq!(
        e.message,
        "geen waarde voor parameter `norm` bekend op 2023-11-05"
    );
    assert!(at(date(2026, 1, 1)).is_err());
}

#[test]
fn unread_parameter_without_value_is_no_error() {
    let mut bld = Builder::new();
    let p = bld.param(
        "oud",
        Type::Number,
        vec![(date(2020, 1, 1), Some(date(2020, 12, 31)), n("1"))],
    );
    let r = bld.rule("r", Type::Number, if_(cb(true), cn("2"), param(p)));
    bld.output(r);
    let prog = bld.build();
    let ev = run(&prog, &case(&prog, date(2025, 1, 1), &[])).expect("evaluates");
    assert_eq!(ev.output_value(0), Some(&n("2")));
}

#[test]
fn inputs_are_read_by_slot() {
    let mut bld = Builder::new();
    let x = bld.input("x", Type::Number);
    let r = bld.rule("r", Type::Number, mul(input(x), cn("2")));
    bld.output(r);
    let p = bld.build();
    let ev = run(&p, &case(&p, date(2025, 1, 1), &[(x, n("21"))])).expect("evaluates");
    assert_eq!(ev.output_value(0), Some(&n("42")));
    assert!(ev.is_complete());
}

#[test]
fn money_output_with_sub_cent_precision_is_an_error() {
    let e = value_of(Type::Money(None), mul(cn("1345.45"), cn("1.10"))).expect_err("not rounded");
    assert_eq!(e.kind, EvalErrorKind::Precision);
    assert_eq!(
        e.message,
        "uitkomst `r` heeft meer dan twee decimalen (€ 1.479,995); de regel moet afronden"
    );
    let ok = value_of(Type::Money(None), mul(cn("100.00"), cn("1.10")));
    assert_eq!(ok, Ok(n("110")));
}

#[test]
fn number_comparison_fast_path_agrees_with_decimal_order() {
    use crate::value::{equal, num_cmp, order};
    let values = [
        "0", "-0", "0.00", "1", "1.0", "1.5", "-1.5", "2012", "2013", "2012.00", "-7", "0.10",
        "0.1",
    ];
    for a in values {
        for bb in values {
            let (x, y) = (dec(a), dec(bb));
            assert_eq!(num_cmp(&x, &y), x.cmp(&y), "{a} vs {bb}");
            assert_eq!(order(&n(a), &n(bb)), Some(x.cmp(&y)));
            assert_eq!(equal(&n(a), &n(bb)), x == y);
        }
    }
}

/// Two nested ranges, each within `MAX_RANGE`, multiply to 10¹⁰ steps:
/// the budget stops the evaluation (at about ten outer numbers) with an
/// error that names the rule, instead of running for minutes.
#[test]
fn nested_ranges_run_out_of_steps() {
    let range = |local_slot: u32, condition: Node| Node::FirstInRange {
        local: local_slot,
        from: Box::new(ci(1)),
        through: Box::new(ci(crate::limits::MAX_RANGE)),
        condition: Box::new(condition),
    };
    // eerste i van 1 tot en met 100000 waarvoor
    //   (eerste j van 1 tot en met 100000 waarvoor j < 0) bestaat
    let inner = range(1, cmp(CompareOp::Lt, local(1), ci(0)));
    let outer = range(0, Node::Exists(Box::new(inner), false));
    let e = value_of(Type::Integer.optional(), outer).expect_err("out of steps");
    assert_eq!(e.kind, EvalErrorKind::Limit);
    assert_eq!(
        e.message,
        "de berekening is gestopt bij regel `r`: die kost meer dan 1.000.000 rekenstappen (herhalingen, functieaanroepen en tabelrijen samen), de grens voor één casus; controleer geneste bereiken en lijsten in deze regel"
    );
    assert!(e.origin.is_some(), "the error points at the rule");
}

/// Every loop iteration counts one step, and the evaluation says how many
/// it took.
#[test]
fn steps_are_counted() {
    let mut bld = Builder::new();
    // eerste j van 1 tot en met 10 waarvoor j > 7 → 8, after eight steps
    let body = Node::FirstInRange {
        local: 0,
        from: Box::new(ci(1)),
        through: Box::new(ci(10)),
        condition: Box::new(cmp(CompareOp::Gt, local(0), ci(7))),
    };
    let r = bld.rule_with_locals("r", Type::Integer.optional(), body, 1);
    bld.output(r);
    let p = bld.build();
    let evaluation = run(&p, &case(&p, date(2025, 6, 1), &[])).expect("evaluates");
    assert_eq!(evaluation.output_value(0), Some(&i(8)));
    assert_eq!(evaluation.steps, 8);
}
