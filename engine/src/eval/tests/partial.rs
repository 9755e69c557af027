//! Partial evaluation: unknown inputs, what is still needed, in what order.

use crate::eval::{EvalErrorKind, OutputValue};
use crate::ir::{Definition, LadderDef, Node, Program};
use crate::test_support::*;
use crate::types::Type;
use crate::value::Value;

/// Inputs a, b, c (ja/nee) and x, y (getal), then one rule per body.
fn program(bodies: Vec<Node>) -> Program {
    let mut bld = Builder::new();
    for name in ["a", "b", "c"] {
        bld.input(name, Type::Bool);
    }
    bld.input("x", Type::Number);
    bld.input("y", Type::Number);
    for (k, body) in bodies.into_iter().enumerate() {
        let r = bld.rule(&format!("r{k}"), Type::Number, body);
        bld.output(r);
    }
    bld.build()
}

const A: u32 = 1;
const B: u32 = 2;
const C: u32 = 3;
const X: u32 = 4;
const Y: u32 = 5;

fn eval(p: &Program, known: &[(u32, Value)]) -> crate::eval::Evaluation {
    let inputs = case(p, date(2025, 1, 1), known);
    let plain = run(p, &inputs).expect("evaluates");
    let (traced, _) = run_traced(p, &inputs).expect("evaluates");
    assert_eq!(plain.outputs, traced.outputs);
    assert_eq!(plain.missing, traced.missing);
    plain
}

fn bool_rule(cond: Node) -> Node {
    if_(cond, ci(1), ci(0))
}

#[test]
fn and_false_on_either_side_decides() {
    let p = program(vec![bool_rule(and(input(A), input(B)))]);
    assert_eq!(
        eval(&p, &[(B, b(false))]).outputs,
        [OutputValue::Decided(i(0))]
    );
    assert_eq!(
        eval(&p, &[(A, b(false))]).outputs,
        [OutputValue::Decided(i(0))]
    );
    let ev = eval(&p, &[(B, b(true))]);
    assert_eq!(ev.outputs, [OutputValue::Undecided(vec![A])]);
    let ev = eval(&p, &[(A, b(true))]);
    assert_eq!(ev.missing, [B]);
    let ev = eval(&p, &[]);
    assert_eq!(ev.missing, [A, B]);
}

#[test]
fn or_true_on_either_side_decides() {
    let p = program(vec![bool_rule(or(input(A), input(B)))]);
    assert_eq!(
        eval(&p, &[(B, b(true))]).outputs,
        [OutputValue::Decided(i(1))]
    );
    assert_eq!(
        eval(&p, &[(A, b(true))]).outputs,
        [OutputValue::Decided(i(1))]
    );
    assert_eq!(eval(&p, &[(B, b(false))]).missing, [A]);
    assert_eq!(eval(&p, &[]).missing, [A, B]);
}

#[test]
fn an_error_beside_a_missing_operand_waits_for_it() {
    // a en (x / 0 > 1): once a is known to be false the error never happens.
    let p = program(vec![bool_rule(and(
        input(A),
        cmp(grammar::ast::CompareOp::Gt, div(input(X), ci(0)), ci(1)),
    ))]);
    let ev = eval(&p, &[(X, i(1))]);
    assert_eq!(ev.missing, [A]);
    let e = run(&p, &case(&p, date(2025, 1, 1), &[(A, b(true)), (X, i(1))])).expect_err("fails");
    assert_eq!(e.kind, EvalErrorKind::DivisionByZero);
}

#[test]
fn untaken_branch_needs_nothing() {
    let p = program(vec![if_(input(A), input(X), input(Y))]);
    assert_eq!(
        eval(&p, &[(A, b(true)), (X, i(3))]).outputs,
        [OutputValue::Decided(i(3))]
    );
    assert_eq!(eval(&p, &[(A, b(true))]).missing, [X]);
    // Unknown condition: only the condition is needed now.
    assert_eq!(eval(&p, &[]).missing, [A]);
}

#[test]
fn arithmetic_collects_both_sides_without_duplicates() {
    let p = program(vec![add(mul(input(X), input(Y)), input(X))]);
    assert_eq!(eval(&p, &[]).missing, [X, Y]);
    assert_eq!(eval(&p, &[(X, i(2))]).missing, [Y]);
    assert_eq!(
        eval(&p, &[(X, i(2)), (Y, i(3))]).outputs,
        [OutputValue::Decided(i(8))]
    );
}

#[test]
fn missing_is_the_union_in_output_order() {
    let p = program(vec![
        add(input(Y), input(X)),
        if_(input(C), input(X), ci(0)),
        ci(7),
    ]);
    let ev = eval(&p, &[]);
    assert_eq!(
        ev.outputs,
        [
            OutputValue::Undecided(vec![Y, X]),
            OutputValue::Undecided(vec![C]),
            OutputValue::Decided(i(7)),
        ]
    );
    assert_eq!(ev.missing, [Y, X, C]);
    assert!(!ev.is_complete());
}

#[test]
fn undecided_rules_replay_their_needs_from_the_memo() {
    // r0 = x + y; r1 = r0 + x (reads r0 from the memo: needs y, x again).
    let mut bld = Builder::new();
    let x = bld.input("x", Type::Number);
    let y = bld.input("y", Type::Number);
    let r0 = bld.rule("r0", Type::Number, add(input(y), input(x)));
    let r1 = bld.rule("r1", Type::Number, add(input(x), rule(r0)));
    bld.output(r0);
    bld.output(r1);
    let p = bld.build();
    let ev = run(&p, &case(&p, date(2025, 1, 1), &[])).expect("evaluates");
    assert_eq!(
        ev.outputs,
        [
            OutputValue::Undecided(vec![y, x]),
            OutputValue::Undecided(vec![x, y])
        ]
    );
    assert_eq!(ev.missing, [y, x]);
}

#[test]
fn exceptions_with_unknown_conditions_leave_the_rule_undecided() {
    let mut bld = Builder::new();
    let a = bld.input("a", Type::Bool);
    let bb = bld.input("b", Type::Bool);
    let mut r = Builder::new_rule("r", Type::Number, Definition::Expr(ci(1)));
    r.exceptions = vec![
        exception("a", input(a), ci(2), vec![]),
        exception("b", input(bb), ci(3), vec![]),
    ];
    let id = bld.rule_def(r);
    bld.output(id);
    let p = bld.build();
    let ev = run(&p, &case(&p, date(2025, 1, 1), &[])).expect("evaluates");
    assert_eq!(ev.missing, [a, bb]);
    let ev = run(&p, &case(&p, date(2025, 1, 1), &[(a, b(false))])).expect("evaluates");
    assert_eq!(ev.missing, [bb]);
    let ev = run(
        &p,
        &case(&p, date(2025, 1, 1), &[(a, b(false)), (bb, b(false))]),
    )
    .expect("evaluates");
    assert_eq!(ev.outputs, [OutputValue::Decided(i(1))]);
}

#[test]
fn ladder_asks_steps_in_order() {
    let mut bld = Builder::new();
    let route = bld.enumeration("Route", &["een", "twee", "drie"]);
    let a = bld.input("a", Type::Bool);
    let bb = bld.input("b", Type::Bool);
    let ladder = LadderDef {
        steps: vec![
            step(0, "een", Some(input(a)), None),
            step(1, "twee", Some(input(bb)), None),
        ],
        otherwise: step(2, "drie", None, None),
    };
    let r = bld.rule_def(Builder::new_rule(
        "route",
        Type::Enum(route),
        Definition::Ladder(ladder),
    ));
    bld.output(r);
    let p = bld.build();
    let ev = run(&p, &case(&p, date(2025, 1, 1), &[(bb, b(true))])).expect("evaluates");
    assert_eq!(ev.missing, [a]);
    let ev = run(&p, &case(&p, date(2025, 1, 1), &[(a, b(true))])).expect("evaluates");
    assert_eq!(ev.outputs, [OutputValue::Decided(Value::Enum(0))]);
    let ev = run(&p, &case(&p, date(2025, 1, 1), &[(a, b(false))])).expect("evaluates");
    assert_eq!(ev.missing, [bb]);
}

#[test]
fn er_is_een_decides_on_one_true_element() {
    // er is een v in [1, 2] waarvoor v = 2 of a
    let mut bld = Builder::new();
    let a = bld.input("a", Type::Bool);
    let cond = or(input(a), eq(local(0), ci(2)));
    let any = Node::Any {
        local: 0,
        list: Box::new(c(list(vec![i(1), i(2)]))),
        condition: Box::new(cond),
    };
    let r = bld.rule_with_locals("r", Type::Bool, any, 1);
    bld.output(r);
    let all = Node::All {
        local: 0,
        list: Box::new(c(list(vec![i(1), i(2)]))),
        condition: Box::new(and(input(a), eq(local(0), ci(2)))),
    };
    let r2 = bld.rule_with_locals("r2", Type::Bool, all, 1);
    bld.output(r2);
    let p = bld.build();
    let ev = run(&p, &case(&p, date(2025, 1, 1), &[])).expect("evaluates");
    assert_eq!(
        ev.outputs,
        [
            OutputValue::Decided(b(true)),
            OutputValue::Decided(b(false))
        ]
    );
    assert!(ev.missing.is_empty());
}

#[test]
fn table_and_function_arguments_collect_missing_inputs() {
    let mut bld = Builder::new();
    let x = bld.input("x", Type::Number);
    let y = bld.input("y", Type::Number);
    let f = bld.function(
        "f",
        vec![("p", Type::Number), ("q", Type::Number)],
        Type::Number,
        add(local(0), local(1)),
        2,
    );
    let r = bld.rule("r", Type::Number, Node::CallFn(f, vec![input(y), input(x)]));
    bld.output(r);
    let p = bld.build();
    let ev = run(&p, &case(&p, date(2025, 1, 1), &[])).expect("evaluates");
    assert_eq!(ev.missing, [y, x]);
}

#[test]
fn a_known_case_needs_nothing() {
    let p = program(vec![add(input(X), input(Y))]);
    let ev = eval(&p, &[(X, i(1)), (Y, i(2))]);
    assert!(ev.is_complete());
    assert!(ev.missing.is_empty());
}
