//! Decision tables: cell tests and hit policies.

use crate::eval::EvalErrorKind;
use crate::ir::{CellTest, Node, Program};
use crate::test_support::*;
use crate::trace::Dep;
use crate::types::Type;
use crate::value::Value;
use grammar::ast::{CompareOp, HitPolicy};

/// tabel t(leefvorm: Leefvorm, leeftijd: geheel getal) -> bedrag
fn table_program(
    policy: HitPolicy,
    outputs: Vec<(&str, Type)>,
    rows: Vec<crate::ir::RowDef>,
) -> (Program, u32, u32) {
    let mut bld = Builder::new();
    let lv = bld.enumeration("Leefvorm", &["alleenstaand", "gehuwd", "ouder"]);
    let leefvorm = bld.input("leefvorm", Type::Enum(lv));
    let leeftijd = bld.input("leeftijd", Type::Integer);
    let result_ty = match (policy, outputs.as_slice()) {
        (HitPolicy::All, [(_, t)]) => Type::List(Box::new(t.clone())),
        (_, [(_, t)]) => t.clone(),
        _ => Type::Never,
    };
    let t = bld.table(
        "normen",
        vec![("leefvorm", Type::Enum(lv)), ("leeftijd", Type::Integer)],
        outputs,
        policy,
        rows,
    );
    let r = bld.rule(
        "r",
        result_ty,
        Node::CallTable(t, vec![input(leefvorm), input(leeftijd)]),
    );
    bld.output(r);
    (bld.build(), leefvorm, leeftijd)
}

fn lookup(p: &Program, lv: u32, age: i64) -> Result<Value, crate::eval::EvalError> {
    let inputs = case(p, date(2025, 6, 1), &[(1, Value::Enum(lv)), (2, i(age))]);
    first_output_both_ways(p, &inputs)
}

/// The first output, evaluated with trace on and off, which must agree
/// (trace off takes the memo and the one-argument fast path).
fn first_output_both_ways(
    p: &Program,
    inputs: &[Option<Value>],
) -> Result<Value, crate::eval::EvalError> {
    let first = |e: crate::eval::Evaluation| e.output_value(0).cloned().unwrap_or(Value::Empty);
    let traced = run_traced(p, inputs).map(|(e, _)| first(e));
    let plain = run(p, inputs).map(first);
    assert_eq!(traced, plain, "trace on and off disagree");
    traced
}

/// tabel jaren(jaar: geheel getal) -> bedrag, looked up with `jaar`.
fn one_column_lookup(
    policy: HitPolicy,
    rows: Vec<crate::ir::RowDef>,
    year: i64,
) -> Result<Value, crate::eval::EvalError> {
    let mut bld = Builder::new();
    let jaar = bld.input("jaar", Type::Integer);
    let t = bld.table(
        "jaren",
        vec![("jaar", Type::Integer)],
        money(),
        policy,
        rows,
    );
    let r = bld.rule(
        "r",
        Type::Money(None),
        Node::CallTable(t, vec![input(jaar)]),
    );
    bld.output(r);
    let p = bld.build();
    assert!(
        p.tables[t as usize].index.is_some(),
        "literal cells: indexed"
    );
    let inputs = case(&p, date(2025, 6, 1), &[(1, i(year))]);
    first_output_both_ways(&p, &inputs)
}

#[test]
fn one_column_index_hits_misses_and_overlaps_as_a_scan_does() {
    let rows = || {
        vec![
            row(
                1,
                vec![CellTest::Compare(CompareOp::Le, ci(2012))],
                vec![Some(cn("1"))],
            ),
            row(2, vec![range(2013, true, 2020, true)], vec![Some(cn("2"))]),
            row(3, vec![range(2019, true, 2021, true)], vec![Some(cn("3"))]),
            row(
                4,
                vec![CellTest::Compare(CompareOp::Ge, ci(2030))],
                vec![Some(cn("4"))],
            ),
        ]
    };
    assert_eq!(
        one_column_lookup(HitPolicy::Unique, rows(), 2000),
        Ok(n("1"))
    );
    assert_eq!(
        one_column_lookup(HitPolicy::Unique, rows(), 2014),
        Ok(n("2"))
    );
    assert_eq!(
        one_column_lookup(HitPolicy::Unique, rows(), 2031),
        Ok(n("4"))
    );
    let e = one_column_lookup(HitPolicy::Unique, rows(), 2025).expect_err("gap");
    assert_eq!(e.kind, EvalErrorKind::NoRow);
    assert_eq!(
        e.message,
        "geen rij van tabel `jaren` (beslis uniek) past bij jaar = 2025"
    );
    let e = one_column_lookup(HitPolicy::Unique, rows(), 2019).expect_err("overlap");
    assert_eq!(e.kind, EvalErrorKind::SeveralRows);
    assert_eq!(
        e.message,
        "de rijen 2 en 3 van tabel `jaren` passen alle bij jaar = 2019, maar bij `beslis uniek` mag precies één rij passen"
    );
    // `eerste` takes the first of the overlapping rows.
    assert_eq!(
        one_column_lookup(HitPolicy::First, rows(), 2019),
        Ok(n("2"))
    );
    let e = one_column_lookup(HitPolicy::First, rows(), 2025).expect_err("gap");
    assert_eq!(e.kind, EvalErrorKind::NoRow);
}

fn range(lo: i64, lo_inc: bool, hi: i64, hi_inc: bool) -> CellTest {
    CellTest::Range {
        low: ci(lo),
        low_inclusive: lo_inc,
        high: ci(hi),
        high_inclusive: hi_inc,
    }
}

fn money() -> Vec<(&'static str, Type)> {
    vec![("bedrag", Type::Money(None))]
}

#[test]
fn unique_exactly_one_row() {
    let rows = vec![
        row(
            1,
            vec![is(c(Value::Enum(0))), range(18, true, 21, false)],
            vec![Some(cn("100"))],
        ),
        row(
            2,
            vec![
                is(c(Value::Enum(0))),
                CellTest::Compare(CompareOp::Ge, ci(21)),
            ],
            vec![Some(cn("200"))],
        ),
        row(
            3,
            vec![
                CellTest::AnyOf(vec![is(c(Value::Enum(1))), is(c(Value::Enum(2)))]),
                CellTest::Any,
            ],
            vec![Some(cn("300"))],
        ),
    ];
    let (p, _, _) = table_program(HitPolicy::Unique, money(), rows);
    assert_eq!(lookup(&p, 0, 18), Ok(n("100")));
    assert_eq!(lookup(&p, 0, 20), Ok(n("100")));
    assert_eq!(lookup(&p, 0, 21), Ok(n("200")));
    assert_eq!(lookup(&p, 1, 50), Ok(n("300")));
    assert_eq!(lookup(&p, 2, 5), Ok(n("300")));
    let e = lookup(&p, 0, 17).expect_err("no row");
    assert_eq!(e.kind, EvalErrorKind::NoRow);
    assert_eq!(
        e.message,
        "geen rij van tabel `normen` (beslis uniek) past bij leefvorm = alleenstaand, leeftijd = 17"
    );
}

#[test]
fn unique_several_rows_is_an_error_naming_them() {
    let rows = vec![
        row(
            1,
            vec![CellTest::Any, range(0, true, 30, true)],
            vec![Some(cn("1"))],
        ),
        row(
            2,
            vec![is(c(Value::Enum(1))), CellTest::Any],
            vec![Some(cn("2"))],
        ),
        row(
            3,
            vec![CellTest::Any, CellTest::Compare(CompareOp::Lt, ci(65))],
            vec![Some(cn("3"))],
        ),
    ];
    let (p, _, _) = table_program(HitPolicy::Unique, money(), rows);
    let e = lookup(&p, 1, 20).expect_err("several");
    assert_eq!(e.kind, EvalErrorKind::SeveralRows);
    assert_eq!(
        e.message,
        "de rijen 1, 2 en 3 van tabel `normen` passen alle bij leefvorm = gehuwd, leeftijd = 20, \
         maar bij `beslis uniek` mag precies één rij passen"
    );
}

#[test]
fn first_takes_the_first_match() {
    let rows = vec![
        row(
            1,
            vec![CellTest::Any, range(0, false, 18, false)],
            vec![Some(cn("1"))],
        ),
        row(
            2,
            vec![CellTest::Any, CellTest::Compare(CompareOp::Ne, ci(40))],
            vec![Some(cn("2"))],
        ),
        row(3, vec![CellTest::Any, CellTest::Any], vec![Some(cn("3"))]),
    ];
    let (p, _, _) = table_program(HitPolicy::First, money(), rows.clone());
    assert_eq!(lookup(&p, 0, 5), Ok(n("1")));
    assert_eq!(lookup(&p, 0, 0), Ok(n("2"))); // (0..18) excludes 0
    assert_eq!(lookup(&p, 0, 18), Ok(n("2")));
    assert_eq!(lookup(&p, 0, 40), Ok(n("3")));
    let (p, _, _) = table_program(HitPolicy::First, money(), rows[..1].to_vec());
    let e = lookup(&p, 0, 40).expect_err("no row");
    assert_eq!(e.kind, EvalErrorKind::NoRow);
    assert!(e.message.contains("(beslis eerste)"), "{}", e.message);
}

#[test]
fn sum_adds_matching_rows_and_is_zero_without_match() {
    let rows = vec![
        row(
            1,
            vec![CellTest::Any, CellTest::Compare(CompareOp::Ge, ci(18))],
            vec![Some(cn("10.50"))],
        ),
        row(
            2,
            vec![is(c(Value::Enum(2))), CellTest::Any],
            vec![Some(cn("5"))],
        ),
        row(
            3,
            vec![CellTest::Any, CellTest::Compare(CompareOp::Ge, ci(65))],
            vec![Some(cn("2.25"))],
        ),
    ];
    let (p, _, _) = table_program(HitPolicy::Sum, money(), rows);
    assert_eq!(lookup(&p, 2, 70), Ok(n("17.75")));
    assert_eq!(lookup(&p, 0, 30), Ok(n("10.50")));
    assert_eq!(lookup(&p, 0, 10), Ok(n("0")));
}

#[test]
fn all_lists_the_outputs_of_matching_rows() {
    let rows = vec![
        row(
            1,
            vec![CellTest::Any, CellTest::Compare(CompareOp::Ge, ci(18))],
            vec![Some(c(text("a")))],
        ),
        row(2, vec![is(c(Value::Enum(2))), CellTest::Any], vec![None]),
        row(
            3,
            vec![CellTest::Any, CellTest::Compare(CompareOp::Ge, ci(65))],
            vec![Some(c(text("c")))],
        ),
    ];
    let (p, _, _) = table_program(HitPolicy::All, vec![("naam", Type::Text.optional())], rows);
    assert_eq!(
        lookup(&p, 2, 70),
        Ok(list(vec![text("a"), Value::Empty, text("c")]))
    );
    assert_eq!(lookup(&p, 0, 10), Ok(list(vec![])));
}

#[test]
fn several_outputs_give_a_record_with_empty_cells() {
    let rows = vec![
        row(
            1,
            vec![is(c(Value::Enum(0))), CellTest::Any],
            vec![Some(c(text("a"))), None],
        ),
        row(
            2,
            vec![CellTest::Any, CellTest::Any],
            vec![Some(c(text("b"))), Some(cn("14"))],
        ),
    ];
    let outputs = vec![
        ("naam", Type::Text),
        ("kostprijs", Type::Money(None).optional()),
    ];
    let (p, _, _) = table_program(HitPolicy::First, outputs, rows);
    assert_eq!(lookup(&p, 0, 1), Ok(record(vec![text("a"), Value::Empty])));
    assert_eq!(lookup(&p, 1, 1), Ok(record(vec![text("b"), n("14")])));
}

#[test]
fn table_lookup_is_traced_with_row_numbers() {
    let rows = vec![
        row(
            1,
            vec![CellTest::Any, CellTest::Compare(CompareOp::Ge, ci(18))],
            vec![Some(cn("1"))],
        ),
        row(2, vec![CellTest::Any, CellTest::Any], vec![Some(cn("2"))]),
    ];
    let (p, lv, age) = table_program(HitPolicy::Sum, money(), rows);
    let inputs = case(&p, date(2025, 6, 1), &[(lv, Value::Enum(1)), (age, i(30))]);
    let (_, t) = run_traced(&p, &inputs).expect("evaluates");
    let deps: Vec<&Dep> = t.used(t.rule(0).expect("traced")).collect();
    let tables: Vec<&[u32]> = deps
        .iter()
        .filter_map(|d| match d {
            Dep::Table { rows, .. } => Some(t.rows(*rows)),
            _ => None,
        })
        .collect();
    assert_eq!(tables, [&[1, 2][..]]);
    let json = serde_json::to_value(t.json(&p).dep(deps[2])).expect("serialises");
    assert_eq!(
        json,
        serde_json::json!({"soort": "tabel", "tabel": 0, "naam": "normen",
            "argumenten": ["gehuwd", 30], "rijen": [1, 2], "waarde": "3.00"})
    );
}

#[test]
fn a_field_of_a_table_call_evaluates_only_that_cell() {
    let mut bld = Builder::new();
    let lv = bld.enumeration("Leefvorm", &["alleenstaand", "gehuwd"]);
    let leefvorm = bld.input("leefvorm", Type::Enum(lv));
    let outputs = vec![("naam", Type::Text), ("kostprijs", Type::Money(None))];
    let rec = bld.record_type("Voorziening", outputs.clone());
    // Row 1's second cell fails: projecting `naam` never evaluates it.
    let rows = vec![
        row(
            1,
            vec![is(c(Value::Enum(0)))],
            vec![Some(c(text("a"))), Some(fail("niet nodig"))],
        ),
        row(
            2,
            vec![CellTest::Any],
            vec![Some(c(text("b"))), Some(cn("14"))],
        ),
    ];
    let t = bld.table(
        "voorziening",
        vec![("leefvorm", Type::Enum(lv))],
        outputs,
        HitPolicy::First,
        rows,
    );
    bld.program.tables[t as usize].result_type = Type::Record(rec);
    bld.program.tables[t as usize].result_record = Some(rec);
    let r = bld.rule(
        "naam",
        Type::Text,
        field(Node::CallTable(t, vec![input(leefvorm)]), 0),
    );
    bld.output(r);
    let p = bld.build();
    for known in [0, 1] {
        let inputs = case(&p, date(2025, 6, 1), &[(leefvorm, Value::Enum(known))]);
        let plain = run(&p, &inputs).expect("evaluates");
        let (traced, _) = run_traced(&p, &inputs).expect("tracing changes nothing");
        assert_eq!(plain.outputs, traced.outputs);
    }
    // The trace shows the whole row when it can be computed.
    let inputs = case(&p, date(2025, 6, 1), &[(leefvorm, Value::Enum(1))]);
    let (_, t) = run_traced(&p, &inputs).expect("evaluates");
    let used = t
        .used(t.rule(r).expect("traced"))
        .nth(1)
        .expect("the lookup");
    let json = serde_json::to_value(t.json(&p).dep(used)).expect("json");
    assert_eq!(
        json["waarde"],
        serde_json::json!({"naam": "b", "kostprijs": "14.00"})
    );
}
