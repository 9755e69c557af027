//! A timing check for the evaluator on a ~30-rule program (ignored by
//! default; run with
//! `cargo test -p engine --release --lib eval::tests::perf -- --ignored --nocapture`).

use crate::eval::{EvalOptions, Evaluator, ResolvedParams};
use crate::ir::{Builtin, CellTest, Definition, LadderDef, Node, Program};
use crate::test_support::*;
use crate::trace::Recorder;
use crate::types::Type;
use crate::value::Value;
use grammar::ast::{CompareOp, HitPolicy, Period, RoundMode};
use std::time::Instant;

/// 34 rules: ages and counts over a list, a table lookup, ten blocks of
/// three arithmetic rules with rounding and a conditional, exceptions and
/// a four-step ladder.
pub(crate) fn program() -> Program {
    let mut bld = Builder::new();
    let maand = Type::Money(Some(Period::Month));
    let lv = bld.enumeration("Leefvorm", &["alleenstaand", "ouder", "gehuwd"]);
    let route = bld.enumeration("Route", &["a", "b", "c", "d", "e"]);
    let persoon = bld.record_type("Persoon", vec![("geboortedatum", Type::Date)]);
    let leefvorm = bld.input("leefvorm", Type::Enum(lv));
    let inkomen = bld.input("inkomen", maand.clone());
    let gb = bld.input("geboortedatum", Type::Date);
    let kinderen = bld.input("kinderen", Type::List(Box::new(Type::Record(persoon))));
    let partner = bld.input("partner", Type::Record(persoon).optional());
    let norm = bld.param(
        "norm",
        maand.clone(),
        vec![
            (date(2024, 1, 1), None, n("1300")),
            (date(2025, 1, 1), None, n("1345.45")),
        ],
    );
    let pct = bld.constant("percentage", Type::Percentage, n("1.10"));
    let age = bld.rule(
        "leeftijd",
        Type::Integer,
        builtin(Builtin::Age, vec![input(gb), input(0)]),
    );
    let aow = bld.rule("aow", Type::Bool, ge(rule(age), ci(67)));
    let minderjarig = lt(
        builtin(Builtin::Age, vec![field(local(0), 0), input(0)]),
        ci(18),
    );
    let kids = bld.rule_with_locals(
        "kinderen_onder_18",
        Type::Integer,
        Node::Count {
            local: 0,
            list: Box::new(input(kinderen)),
            filter: Some(Box::new(minderjarig)),
        },
        1,
    );
    let heeft_partner = bld.rule(
        "heeft_partner",
        Type::Bool,
        Node::Exists(Box::new(input(partner)), false),
    );
    let table = bld.table(
        "factor",
        vec![("leefvorm", Type::Enum(lv)), ("leeftijd", Type::Integer)],
        vec![("factor", Type::Percentage)],
        HitPolicy::Unique,
        vec![
            row(
                1,
                vec![
                    is(c(Value::Enum(0))),
                    CellTest::Compare(CompareOp::Lt, ci(21)),
                ],
                vec![Some(cn("0.5"))],
            ),
            row(
                2,
                vec![
                    is(c(Value::Enum(0))),
                    CellTest::Compare(CompareOp::Ge, ci(21)),
                ],
                vec![Some(cn("0.7"))],
            ),
            row(
                3,
                vec![is(c(Value::Enum(1))), CellTest::Any],
                vec![Some(cn("0.9"))],
            ),
            row(
                4,
                vec![
                    is(c(Value::Enum(2))),
                    CellTest::Compare(CompareOp::Lt, ci(67)),
                ],
                vec![Some(cn("1"))],
            ),
            row(
                5,
                vec![
                    is(c(Value::Enum(2))),
                    CellTest::Compare(CompareOp::Ge, ci(67)),
                ],
                vec![Some(cn("1.05"))],
            ),
        ],
    );
    let factor = bld.rule(
        "factor",
        Type::Percentage,
        Node::CallTable(table, vec![input(leefvorm), rule(age)]),
    );
    let mut prev = bld.rule(
        "basis",
        maand.clone(),
        round(
            mul(param(norm), rule(factor)),
            RoundMode::HalfAwayFromZero,
            2,
        ),
    );
    for k in 0..9 {
        let a = bld.rule(
            &format!("a{k}"),
            maand.clone(),
            round(mul(rule(prev), param(pct)), RoundMode::HalfAwayFromZero, 2),
        );
        let b = bld.rule(
            &format!("b{k}"),
            maand.clone(),
            if_(
                cmp(CompareOp::Gt, rule(a), input(inkomen)),
                sub(rule(a), input(inkomen)),
                cn("0"),
            ),
        );
        let mut cdef = Builder::new_rule(
            &format!("c{k}"),
            maand.clone(),
            Definition::Expr(round(div(add(rule(a), rule(b)), ci(2)), RoundMode::Down, 2)),
        );
        cdef.exceptions = vec![exception(
            "kinderen",
            cmp(CompareOp::Gt, rule(kids), ci(3)),
            rule(a),
            vec![],
        )];
        prev = bld.rule_def(cdef);
    }
    let ladder = LadderDef {
        steps: vec![
            step(0, "a", Some(rule(aow)), None),
            step(
                1,
                "b",
                Some(and(
                    rule(heeft_partner),
                    cmp(CompareOp::Gt, rule(kids), ci(0)),
                )),
                None,
            ),
            step(
                2,
                "c",
                Some(cmp(CompareOp::Gt, input(inkomen), rule(prev))),
                None,
            ),
            step(3, "d", Some(eq(input(leefvorm), c(Value::Enum(1)))), None),
        ],
        otherwise: step(4, "e", None, None),
    };
    let r = bld.rule_def(Builder::new_rule(
        "route",
        Type::Enum(route),
        Definition::Ladder(ladder),
    ));
    bld.output(prev);
    bld.output(r);
    bld.output(kids);
    bld.build()
}

pub(crate) fn inputs(p: &Program) -> Vec<Option<Value>> {
    let kind = |y| record(vec![dv(y, 3, 1)]);
    case(
        p,
        date(2025, 6, 1),
        &[
            (1, Value::Enum(1)),
            (2, n("1200")),
            (3, dv(1980, 2, 29)),
            (4, list(vec![kind(2010), kind(2015), kind(2001)])),
            (5, record(vec![dv(1982, 7, 1)])),
        ],
    )
}

#[test]
fn perf_program_evaluates() {
    let p = program();
    assert_eq!(p.rules.len(), 34);
    let ev = run(&p, &inputs(&p)).expect("evaluates");
    assert!(ev.is_complete());
    let (traced, _) = run_traced(&p, &inputs(&p)).expect("evaluates");
    assert_eq!(ev.outputs, traced.outputs);
}

#[test]
#[ignore = "timing; run in release mode"]
fn perf_thirty_rules() {
    let p = program();
    let inputs = inputs(&p);
    let params = ResolvedParams::new(&p, date(2025, 6, 1));
    let mut ev = Evaluator::new(&p);
    let off = EvalOptions::default();
    let n = 200_000u32;
    let start = Instant::now();
    for _ in 0..n {
        std::hint::black_box(ev.evaluate(&params, &inputs, &off)).ok();
    }
    println!(
        "Evaluator::evaluate zonder trace: {:?} per case",
        start.elapsed() / n
    );
    // PERF_ONLY_OFF=1: time only the run without trace (for profiling).
    if std::env::var_os("PERF_ONLY_OFF").is_some() {
        return;
    }
    let start = Instant::now();
    for _ in 0..n {
        let mut recorder = Recorder::new(&p, &off.overrides);
        std::hint::black_box(ev.evaluate_traced(&params, &inputs, &off, &mut recorder)).ok();
        std::hint::black_box(recorder.finish());
    }
    println!(
        "Evaluator::evaluate met trace: {:?} per case",
        start.elapsed() / n
    );
    let start = Instant::now();
    for _ in 0..n {
        std::hint::black_box(crate::eval::evaluate(&p, &inputs, &off)).ok();
    }
    println!(
        "eval::evaluate (fresh buffers): {:?} per case",
        start.elapsed() / n
    );
}
