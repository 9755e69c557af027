//! Rules: memo, exceptions (Catala semantics), ladders, cycles.

use crate::eval::EvalErrorKind;
use crate::ir::{Definition, LadderDef, Template, TemplatePart};
use crate::test_support::*;
use crate::trace::Decision;
use crate::types::Type;
use crate::value::Value;

/// eigen_bijdrage = 21, with exceptions on inputs `gehuwd` and `aow`.
fn bijdrage(exceptions: Vec<crate::ir::ExceptionDef>) -> (crate::ir::Program, u32, u32) {
    let mut bld = Builder::new();
    let gehuwd = bld.input("gehuwd", Type::Bool);
    let aow = bld.input("aow", Type::Bool);
    let mut r = Builder::new_rule(
        "eigen_bijdrage",
        Type::Money(None),
        Definition::Expr(cn("21")),
    );
    r.exceptions = exceptions;
    let id = bld.rule_def(r);
    bld.output(id);
    (bld.build(), gehuwd, aow)
}

fn value(
    p: &crate::ir::Program,
    gehuwd: (u32, bool),
    aow: (u32, bool),
) -> Result<Value, crate::eval::EvalError> {
    let inputs = case(
        p,
        date(2025, 6, 1),
        &[(gehuwd.0, b(gehuwd.1)), (aow.0, b(aow.1))],
    );
    run(p, &inputs).map(|e| e.output_value(0).cloned().unwrap_or(Value::Empty))
}

#[test]
fn base_definition_when_no_exception_applies() {
    let (p, g, a) = bijdrage(vec![exception("gehuwd", input(1), cn("0"), vec![])]);
    assert_eq!(value(&p, (g, false), (a, false)), Ok(n("21")));
    assert_eq!(value(&p, (g, true), (a, false)), Ok(n("0")));
}

#[test]
fn exception_to_an_exception_outranks_it() {
    let nested = exception(
        "gehuwd",
        input(1),
        cn("0"),
        vec![exception("gehuwd, beiden AOW", input(2), cn("21"), vec![])],
    );
    let (p, g, a) = bijdrage(vec![nested]);
    assert_eq!(value(&p, (g, true), (a, false)), Ok(n("0")));
    assert_eq!(value(&p, (g, true), (a, true)), Ok(n("21")));
    // The child is tried only when its parent applies.
    assert_eq!(value(&p, (g, false), (a, true)), Ok(n("21")));
}

#[test]
fn nested_exception_is_recorded_as_a_chain() {
    let nested = exception(
        "gehuwd",
        input(1),
        cn("0"),
        vec![exception("beiden AOW", input(2), cn("5"), vec![])],
    );
    let (p, g, a) = bijdrage(vec![nested]);
    let inputs = case(&p, date(2025, 6, 1), &[(g, b(true)), (a, b(true))]);
    let (_, t) = run_traced(&p, &inputs).expect("evaluates");
    let rt = t.rule(0).expect("rule traced");
    match &rt.decision {
        Decision::Exception { path } => {
            let chain = t.exception_chain(&p.rules[0], *path);
            let labels: Vec<&str> = chain.iter().map(|e| e.label.as_str()).collect();
            assert_eq!(labels, ["gehuwd", "beiden AOW"]);
            assert_eq!(
                chain[1].origin.citation(),
                "art. beiden AOW Testverordening"
            );
            let json = serde_json::to_value(t.json(&p)).expect("json");
            assert_eq!(
                json["regels"][0]["beslist"]["keten"][1],
                serde_json::json!({ "label": "beiden AOW", "bron": "art. beiden AOW Testverordening",
                    "laag": "test.regeling" })
            );
        }
        other => panic!("expected an exception, got {other:?}"),
    }
}

#[test]
fn two_applicable_exceptions_with_different_values_conflict() {
    let (p, g, a) = bijdrage(vec![
        exception("gehuwd", input(1), cn("0"), vec![]),
        exception("AOW", input(2), cn("10"), vec![]),
    ]);
    let e = value(&p, (g, true), (a, true)).expect_err("conflict");
    assert_eq!(e.kind, EvalErrorKind::Conflict);
    assert_eq!(
        e.message,
        "tegenstrijdige uitzonderingen op `eigen_bijdrage`: \"gehuwd\" (art. gehuwd Testverordening) geeft € 0,00 \
         en \"AOW\" (art. AOW Testverordening) geeft € 10,00; beide zijn van toepassing"
    );
    // Only one applies: no conflict.
    assert_eq!(value(&p, (g, false), (a, true)), Ok(n("10")));
}

#[test]
fn applicable_exceptions_with_equal_values_do_not_conflict() {
    let (p, g, a) = bijdrage(vec![
        exception("gehuwd", input(1), cn("0"), vec![]),
        exception("AOW", input(2), cn("0.00"), vec![]),
    ]);
    assert_eq!(value(&p, (g, true), (a, true)), Ok(n("0")));
}

#[test]
fn conflict_between_nested_exceptions_of_equal_rank() {
    let nested = exception(
        "gehuwd",
        input(1),
        cn("0"),
        vec![
            exception("a", input(2), cn("1"), vec![]),
            exception("b", input(2), cn("2"), vec![]),
        ],
    );
    let (p, g, a) = bijdrage(vec![nested]);
    let e = value(&p, (g, true), (a, true)).expect_err("conflict");
    assert_eq!(e.kind, EvalErrorKind::Conflict);
    assert!(
        e.message.contains("\"a\"") && e.message.contains("\"b\""),
        "{}",
        e.message
    );
}

fn route_program() -> (crate::ir::Program, u32, u32) {
    let mut bld = Builder::new();
    let route = bld.enumeration("Route", &["eigen_kracht", "netwerk", "maatwerk"]);
    let kracht = bld.input("eigen_kracht", Type::Bool);
    let netwerk = bld.input("netwerk", Type::Bool);
    let motivation = Template {
        parts: vec![
            TemplatePart::Text("Uw netwerk (".into()),
            TemplatePart::Value(input(netwerk), Type::Bool),
            TemplatePart::Text(") kan helpen.".into()),
        ],
    };
    let ladder = LadderDef {
        steps: vec![
            step(0, "eigen_kracht", Some(input(kracht)), None),
            step(1, "netwerk", Some(input(netwerk)), Some(motivation)),
        ],
        otherwise: step(2, "maatwerk", None, None),
    };
    let r = bld.rule_def(Builder::new_rule(
        "route",
        Type::Enum(route),
        Definition::Ladder(ladder),
    ));
    bld.output(r);
    (bld.build(), kracht, netwerk)
}

#[test]
fn ladder_first_true_step_decides() {
    let (p, k, nw) = route_program();
    let at = |a, bb| {
        let inputs = case(&p, date(2025, 6, 1), &[(k, b(a)), (nw, b(bb))]);
        run(&p, &inputs)
            .expect("evaluates")
            .output_value(0)
            .cloned()
    };
    assert_eq!(at(true, true), Some(Value::Enum(0)));
    assert_eq!(at(false, true), Some(Value::Enum(1)));
    assert_eq!(at(false, false), Some(Value::Enum(2)));
}

#[test]
fn ladder_step_and_motivation_are_traced() {
    let (p, k, nw) = route_program();
    let inputs = case(&p, date(2025, 6, 1), &[(k, b(false)), (nw, b(true))]);
    let (_, t) = run_traced(&p, &inputs).expect("evaluates");
    let decision = &t.rule(0).expect("traced").decision;
    match decision {
        Decision::LadderStep { step, motivation } => {
            assert_eq!(*step, 1);
            assert_eq!(
                decision.step(&p.rules[0]).map(|s| s.name.as_str()),
                Some("netwerk")
            );
            assert_eq!(motivation.as_deref(), Some("Uw netwerk (ja) kan helpen."));
        }
        other => panic!("expected a step, got {other:?}"),
    }
    let inputs = case(&p, date(2025, 6, 1), &[(k, b(false)), (nw, b(false))]);
    let (_, t) = run_traced(&p, &inputs).expect("evaluates");
    let decision = &t.rule(0).expect("traced").decision;
    assert!(matches!(decision, Decision::Otherwise { .. }));
    assert_eq!(
        decision.step(&p.rules[0]).map(|s| s.name.as_str()),
        Some("maatwerk")
    );
}

#[test]
fn rules_are_evaluated_once_per_case() {
    // r1 = fout unless read through the memo: r2 = r1 + r1 reads r1 twice;
    // the trace lists it once.
    let mut bld = Builder::new();
    let x = bld.input("x", Type::Number);
    let r1 = bld.rule("r1", Type::Number, mul(input(x), ci(2)));
    let r2 = bld.rule("r2", Type::Number, add(rule(r1), rule(r1)));
    bld.output(r2);
    bld.output(r1);
    let p = bld.build();
    let (ev, t) = run_traced(&p, &case(&p, date(2025, 1, 1), &[(x, i(5))])).expect("evaluates");
    assert_eq!(ev.output_value(0), Some(&i(20)));
    assert_eq!(ev.output_value(1), Some(&i(10)));
    assert_eq!(t.rules.len(), 2);
    assert_eq!(t.used(t.rule(r2).expect("r2")).count(), 1);
}

#[test]
fn a_cycle_is_an_error_not_a_hang() {
    let mut bld = Builder::new();
    let a = bld.rule("a", Type::Number, add(rule(1), ci(1)));
    let _b = bld.rule("b", Type::Number, rule(a));
    bld.output(a);
    let p = bld.build();
    let e = run(&p, &case(&p, date(2025, 1, 1), &[])).expect_err("cycle");
    assert_eq!(e.kind, EvalErrorKind::Cycle);
    assert_eq!(
        e.message,
        "de regel `a` hangt (via andere regels) van zichzelf af"
    );
}

#[test]
fn an_error_in_a_rule_is_remembered() {
    let mut bld = Builder::new();
    let bad = bld.rule("kapot", Type::Number, fail("stuk"));
    let r = bld.rule("r", Type::Number, add(rule(bad), rule(bad)));
    bld.output(r);
    let p = bld.build();
    let e = run(&p, &case(&p, date(2025, 1, 1), &[])).expect_err("fails");
    assert_eq!(e.message, "stuk");
}
