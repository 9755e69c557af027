//! Overrides (afwijken): allowed only on `afwijkbaar` rules, with a reason;
//! downstream rules see the new value; the original is recorded.

use crate::eval::{self, AppliedOverride, EvalErrorKind, EvalOptions, Override};
use crate::ir::{Definition, Program};
use crate::test_support::*;
use crate::trace::{self, Decision, Trace};
use crate::types::Type;
use crate::value::Value;

/// norm (afwijkbaar) = x * 2; toeslag = norm + 1; vast = 5 (not afwijkbaar).
fn program() -> Program {
    let mut bld = Builder::new();
    let x = bld.input("x", Type::Number);
    let mut norm = Builder::new_rule(
        "norm",
        Type::Money(None),
        Definition::Expr(mul(input(x), ci(2))),
    );
    norm.overridable = true;
    let norm = bld.rule_def(norm);
    let toeslag = bld.rule("toeslag", Type::Money(None), add(rule(norm), ci(1)));
    let vast = bld.rule("vast", Type::Money(None), ci(5));
    bld.output(toeslag);
    bld.output(vast);
    bld.build()
}

/// The evaluation (with its trace when `trace`) of the program with `x`.
fn with(
    overrides: Vec<Override>,
    trace: bool,
    x: Option<Value>,
) -> Result<(eval::Evaluation, Option<Trace>), eval::EvalError> {
    let p = program();
    let known: Vec<(u32, Value)> = x.into_iter().map(|v| (1, v)).collect();
    let inputs = case(&p, date(2025, 1, 1), &known);
    let options = EvalOptions { overrides };
    if trace {
        trace::evaluate(&p, &inputs, &options).map(|(ev, t)| (ev, Some(t)))
    } else {
        eval::evaluate(&p, &inputs, &options).map(|ev| (ev, None))
    }
}

fn ov(rule: u32, value: Value, reason: &str) -> Override {
    Override {
        rule,
        value,
        reason: reason.into(),
        by: Some("J. de Vries".into()),
    }
}

#[test]
fn override_replaces_the_value_downstream_and_keeps_the_original() {
    for trace in [false, true] {
        let (ev, _) = with(
            vec![ov(0, n("100"), "hardheidsclausule")],
            trace,
            Some(i(10)),
        )
        .expect("evaluates");
        assert_eq!(ev.output_value(0), Some(&n("101")));
        assert_eq!(
            ev.overrides,
            [AppliedOverride {
                rule: 0,
                value: n("100"),
                original: Some(i(20)),
                reason: "hardheidsclausule".into(),
                by: Some("J. de Vries".into()),
            }]
        );
    }
}

#[test]
fn override_is_traced_with_reason_and_original() {
    let (_, t) = with(
        vec![ov(0, n("100"), "hardheidsclausule")],
        true,
        Some(i(10)),
    )
    .expect("evaluates");
    let t = t.expect("traced");
    match &t.rule(0).expect("traced").decision {
        Decision::Override {
            reason,
            by,
            original,
        } => {
            assert_eq!(reason, "hardheidsclausule");
            assert_eq!(by.as_deref(), Some("J. de Vries"));
            assert_eq!(original, &Some(i(20)));
            let p = program();
            let json = serde_json::to_value(t.json(&p)).expect("json");
            let norm = json["regels"]
                .as_array()
                .and_then(|r| r.iter().find(|r| r["regel"] == 0));
            assert_eq!(
                norm.map(|r| &r["beslist"]),
                Some(
                    &serde_json::json!({ "soort": "afwijking", "reden": "hardheidsclausule",
                    "door": "J. de Vries", "oorspronkelijk": "20.00" })
                )
            );
        }
        other => panic!("expected an override, got {other:?}"),
    }
}

#[test]
fn overridden_rule_needs_no_inputs() {
    let (ev, _) = with(vec![ov(0, n("100"), "reden")], false, None).expect("evaluates");
    assert_eq!(ev.output_value(0), Some(&n("101")));
    assert!(ev.missing.is_empty());
    assert_eq!(ev.overrides[0].original, None);
}

#[test]
fn override_of_a_rule_no_output_reads_is_still_recorded() {
    let p = program();
    let inputs = case(&p, date(2025, 1, 1), &[(1, i(3))]);
    let mut focused = p.clone();
    focused.outputs = vec![2];
    let options = EvalOptions {
        overrides: vec![ov(0, n("1"), "reden")],
    };
    let ev = eval::evaluate(&focused, &inputs, &options).expect("evaluates");
    assert_eq!(ev.overrides[0].original, Some(i(6)));
}

#[test]
fn override_of_a_rule_that_is_not_afwijkbaar_is_refused() {
    let e = with(vec![ov(2, n("1"), "reden")], false, Some(i(1))).expect_err("refused");
    assert_eq!(e.kind, EvalErrorKind::Override);
    assert_eq!(e.message, "regel `vast` mag niet worden afgeweken");
}

#[test]
fn override_without_reason_is_refused() {
    let e = with(vec![ov(0, n("1"), "  ")], false, Some(i(1))).expect_err("refused");
    assert_eq!(e.kind, EvalErrorKind::Override);
    assert_eq!(
        e.message,
        "afwijken van regel `norm` vraagt een reden; die ontbreekt"
    );
}

#[test]
fn override_twice_or_of_an_unknown_rule_is_refused() {
    let e = with(
        vec![ov(0, n("1"), "a"), ov(0, n("2"), "b")],
        false,
        Some(i(1)),
    )
    .expect_err("refused");
    assert_eq!(e.message, "regel `norm` wordt meer dan eens afgeweken");
    let e = with(vec![ov(99, n("1"), "a")], false, Some(i(1))).expect_err("refused");
    assert_eq!(e.kind, EvalErrorKind::Override);
}

#[test]
fn override_outside_the_range_of_afwijkbaar_is_refused_and_inside_allowed() {
    let mut p = program();
    p.rules[0].override_range = Some(crate::ir::Range {
        min: Some(5.into()),
        max: Some(100.into()),
    });
    let inputs = case(&p, date(2025, 1, 1), &[(1, i(10))]);
    let run = |value: &str| {
        let options = EvalOptions {
            overrides: vec![ov(0, n(value), "reden")],
        };
        eval::evaluate(&p, &inputs, &options)
    };
    let e = run("120").expect_err("refused");
    assert_eq!(e.kind, EvalErrorKind::Override);
    assert_eq!(
        e.message,
        "afwijken van regel `norm` is niet toegestaan: € 120,00 valt buiten het toegestane bereik (van € 5,00 tot en met € 100,00)"
    );
    let e = run("4.99").expect_err("refused");
    assert!(e.message.contains("€ 4,99 valt buiten"), "{}", e.message);
    // Both ends are allowed.
    for (value, toeslag) in [("5", "6"), ("100", "101")] {
        let ev = run(value).expect("within the range");
        assert_eq!(ev.output_value(0), Some(&n(toeslag)));
    }
}
