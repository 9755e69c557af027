//! Amounts that carry their unit (`bedrag per eenheid`): what combines,
//! and the Dutch error for what does not.

use crate::eval::EvalErrorKind;
use crate::ir::Node;
use crate::test_support::*;
use crate::types::Type;
use crate::value::Value;
use grammar::ast::{CompareOp, Period, RoundMode};

fn amount(x: &str, unit: Option<Period>) -> Value {
    Value::amount(dec(x), unit)
}

fn ca(x: &str, unit: Option<Period>) -> Node {
    c(amount(x, unit))
}

fn eval(ty: Type, body: Node) -> Value {
    value_of(ty, body).expect("evaluates")
}

const HOUR: Option<Period> = Some(Period::Hour);
const RIDE: Option<Period> = Some(Period::Ride);

#[test]
fn amounts_of_one_unit_add_and_keep_it() {
    let per_unit = || Type::MoneyPerUnit;
    assert_eq!(
        eval(per_unit(), add(ca("17.25", HOUR), ca("0.75", HOUR))),
        amount("18.00", HOUR)
    );
    assert_eq!(
        eval(per_unit(), sub(ca("1.25", RIDE), ca("0.25", RIDE))),
        amount("1.00", RIDE)
    );
    // Times or divided by a number: the unit stays.
    assert_eq!(
        eval(per_unit(), mul(ca("1.25", RIDE), cn("4"))),
        amount("5.00", RIDE)
    );
    assert_eq!(
        eval(per_unit(), mul(cn("2"), ca("9.50", HOUR))),
        amount("19.00", HOUR)
    );
    assert_eq!(
        eval(per_unit(), div(ca("9.50", HOUR), cn("2"))),
        amount("4.75", HOUR)
    );
    assert_eq!(
        eval(per_unit(), Node::Neg(Box::new(ca("1.25", RIDE)))),
        amount("-1.25", RIDE)
    );
    assert_eq!(
        eval(
            per_unit(),
            round(ca("1.255", RIDE), RoundMode::HalfAwayFromZero, 2)
        ),
        amount("1.26", RIDE)
    );
    // The quotient of two amounts of one unit is a number.
    assert_eq!(
        eval(Type::Number, div(ca("9", HOUR), ca("3", HOUR))),
        n("3")
    );
    // A number added to an amount is an amount without unit.
    assert_eq!(
        eval(per_unit(), add(ca("1", None), cn("2"))),
        amount("3", None)
    );
}

#[test]
fn mixing_units_is_an_error_that_names_both_values() {
    let e =
        value_of(Type::MoneyPerUnit, add(ca("17.25", HOUR), ca("1.25", RIDE))).expect_err("fails");
    assert_eq!(e.kind, EvalErrorKind::UnitMismatch);
    assert_eq!(
        e.message,
        "€ 17,25 per uur en € 1,25 per rit hebben een andere eenheid en kunnen niet worden opgeteld bij regel `r`"
    );
    // An amount without unit is no amount per uur either.
    let e = value_of(Type::MoneyPerUnit, sub(ca("17.25", HOUR), ca("1", None))).expect_err("fails");
    assert_eq!(
        e.message,
        "€ 17,25 per uur en € 1,00 hebben een andere eenheid en kunnen niet worden afgetrokken bij regel `r`"
    );
    let e = value_of(
        Type::Number,
        div(ca("9.50", Some(Period::Week)), ca("1", HOUR)),
    )
    .expect_err("fails");
    assert!(
        e.message.contains("kunnen niet worden gedeeld"),
        "{}",
        e.message
    );
}

#[test]
fn comparisons_are_like_with_like() {
    let le = |a, b| eval(Type::Bool, cmp(CompareOp::Le, a, b));
    assert_eq!(
        le(ca("9.50", Some(Period::Week)), ca("14", Some(Period::Week))),
        b(true)
    );
    let e = value_of(
        Type::Bool,
        cmp(
            CompareOp::Le,
            ca("9.50", Some(Period::Week)),
            ca("14", Some(Period::Month)),
        ),
    )
    .expect_err("fails");
    assert_eq!(e.kind, EvalErrorKind::UnitMismatch);
    assert_eq!(
        e.message,
        "€ 9,50 per week en € 14,00 per maand hebben een andere eenheid en kunnen niet worden vergeleken bij regel `r`"
    );
    // `=` says whether they are the same amount: of another unit they are not.
    assert_eq!(
        eval(Type::Bool, cmp(CompareOp::Eq, ca("1", HOUR), ca("1", RIDE))),
        b(false)
    );
    assert_eq!(
        eval(
            Type::Bool,
            cmp(CompareOp::Eq, ca("1", HOUR), ca("1.00", HOUR))
        ),
        b(true)
    );
}

#[test]
fn a_known_unit_goes_along_with_the_value() {
    let with = |x: Node, unit| Node::WithUnit(Box::new(x), unit);
    assert_eq!(
        eval(Type::MoneyPerUnit, with(cn("17.25"), HOUR)),
        amount("17.25", HOUR)
    );
    // An amount that has its unit keeps it (an empty `som van`).
    assert_eq!(
        eval(Type::MoneyPerUnit, with(ca("1.25", RIDE), None)),
        amount("1.25", RIDE)
    );
    assert_eq!(
        value_of(Type::MoneyPerUnit.optional(), with(c(Value::Empty), HOUR)),
        Ok(Value::Empty)
    );
}
