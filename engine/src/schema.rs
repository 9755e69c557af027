//! The input schema of a program as JSON: what the browser's interview
//! builds its form from (names, types, keuze values, record fields), plus
//! the outputs and the rules that allow an override. Every name comes with
//! its `label` (see [`crate::display`]); an input also with the question the
//! app asks (`vraag`) and its help text (`hulp`, or null). A bounded input or
//! override carries `minimum`/`maximum` in its type (as JSON Schema names
//! them), as the form writes the number: euros, percent points. Beside it,
//! from the same program: the case as a JSON Schema ([`case_schema`]) and an
//! empty case to fill in ([`template`]).

pub mod case_schema;
pub mod template;

use crate::ir::{Program, Range};
use crate::types::{RecordId, Type, TypeTable};
use rust_decimal::Decimal;
use serde_json::{json, Value as Json};
use std::str::FromStr;

/// `{ regeling, versie, invoer: [...], uitvoer: [...], afwijkbaar: [...] }`.
pub fn input_schema(program: &Program) -> Json {
    let types = &program.types;
    let inputs: Vec<Json> = program
        .inputs
        .iter()
        .map(|i| {
            json!({
                "naam": i.name,
                "label": i.display_name(),
                "vraag": i.question_text(),
                "hulp": i.help,
                "type": bounded_type_json(types, &i.ty, i.range),
                "optioneel": i.ty.is_optional(),
            })
        })
        .collect();
    let outputs: Vec<Json> = program
        .outputs
        .iter()
        .filter_map(|&o| program.rules.get(o as usize))
        .map(|r| json!({ "naam": r.name, "label": r.display_name(), "type": type_json(types, &r.ty), "bron": r.origin.citation() }))
        .collect();
    let overridable: Vec<Json> = program
        .rules
        .iter()
        .filter(|r| r.overridable)
        .map(|r| json!({ "regel": r.name, "label": r.display_name(), "type": bounded_type_json(types, &r.ty, r.override_range), "bron": r.origin.citation() }))
        .collect();
    json!({
        "regeling": program.info.id,
        "naam": program.info.name,
        "versie": program.info.version,
        "invoer": inputs,
        "uitvoer": outputs,
        "afwijkbaar": overridable,
    })
}

/// [`type_json`] with the range's ends as `minimum` and `maximum`.
fn bounded_type_json(types: &TypeTable, ty: &Type, range: Option<Range>) -> Json {
    with_range(type_json(types, ty), ty, range)
}

/// A type's JSON with the range's ends as `minimum` and `maximum` (an
/// input's, an override's, a gegeven field's), as the form writes the number.
fn with_range(mut json: Json, ty: &Type, range: Option<Range>) -> Json {
    let (Some(range), Some(object)) = (range, json.as_object_mut()) else {
        return json;
    };
    // A percentage is asked and written in percent points (`12,5` for 12,5%).
    let scale = match ty.strip_optional() {
        Type::Percentage => Decimal::ONE_HUNDRED,
        _ => Decimal::ONE,
    };
    for (key, end) in [("minimum", range.min), ("maximum", range.max)] {
        let number = end
            .and_then(|d| d.checked_mul(scale))
            .and_then(|d| serde_json::Number::from_str(&d.normalize().to_string()).ok());
        if let Some(n) = number {
            object.insert(key.into(), Json::Number(n));
        }
    }
    json
}

/// A type as JSON: `{ "soort": "bedrag", "periode": "maand" }` and so on.
/// A gegeven inside itself (through an optional or a list) is a reference
/// `{ "soort": "gegeven", "naam": …, "herhaling": true }` without fields:
/// its fields are those of the enclosing gegeven of that name.
pub fn type_json(types: &TypeTable, ty: &Type) -> Json {
    describe(types, ty, &mut Vec::new())
}

/// [`type_json`], with the gegevens being described around `ty` in `open`.
fn describe(types: &TypeTable, ty: &Type, open: &mut Vec<RecordId>) -> Json {
    match ty {
        Type::Money(p) => json!({ "soort": "bedrag", "periode": p.map(|p| p.dutch()) }),
        // The unit of each value is in the result's `eenheden`.
        Type::MoneyPerUnit => json!({ "soort": "bedrag", "periode": null, "per_eenheid": true }),
        Type::Number => json!({ "soort": "getal" }),
        Type::Integer => json!({ "soort": "geheel_getal" }),
        Type::Percentage => json!({ "soort": "percentage" }),
        Type::Bool => json!({ "soort": "ja_nee" }),
        Type::Text => json!({ "soort": "tekst" }),
        Type::Date => json!({ "soort": "datum" }),
        Type::Duration => json!({ "soort": "duur" }),
        Type::Enum(id) => {
            let e = &types.enums[*id as usize];
            let labels: Vec<String> = (0..e.values.len()).map(|k| e.value_display(k)).collect();
            json!({ "soort": "keuze", "naam": e.name, "waarden": e.values, "labels": labels })
        }
        Type::Record(id) if open.contains(id) => {
            json!({ "soort": "gegeven", "naam": types.records[*id as usize].name, "herhaling": true })
        }
        Type::Record(id) => {
            let r = &types.records[*id as usize];
            open.push(*id);
            let fields: Vec<Json> = r
                .fields
                .iter()
                .enumerate()
                .map(|(k, (n, t))| {
                    let ty = with_range(describe(types, t, open), t, r.field_range(k));
                    json!({ "naam": n, "label": r.field_display(k), "type": ty, "optioneel": t.is_optional() })
                })
                .collect();
            open.pop();
            json!({ "soort": "gegeven", "naam": r.name, "velden": fields })
        }
        Type::List(t) => json!({ "soort": "lijst", "element": describe(types, t, open) }),
        Type::Optional(t) => describe(types, t, open),
        Type::Empty | Type::Never => json!({ "soort": "leeg" }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use grammar::ast::Period;

    #[test]
    fn bounds_are_minimum_and_maximum_of_the_type_in_the_form_notation() {
        let mut bld = Builder::new();
        bld.input("kamers", Type::Integer);
        bld.input("inkomen", Type::Money(Some(Period::Month)).optional());
        bld.input("naam", Type::Text);
        let pct = bld.input("pct", Type::Percentage);
        let mut verlaging = Builder::new_rule(
            "verlaging",
            Type::Percentage,
            crate::ir::Definition::Expr(input(pct)),
        );
        verlaging.overridable = true;
        verlaging.override_range = Some(Range {
            min: Some(Decimal::new(5, 2)),
            max: Some(Decimal::ONE),
        });
        bld.rule_def(verlaging);
        let mut program = bld.build();
        let range = |min: Option<i64>, max: Option<Decimal>| {
            Some(Range {
                min: min.map(Decimal::from),
                max,
            })
        };
        program.inputs[1].range = range(Some(0), None);
        program.inputs[2].range = range(Some(0), Some(Decimal::new(15005, 1)));
        program.inputs[4].range = range(Some(0), Some(Decimal::ONE));
        let schema = input_schema(&program);
        let types: Vec<&Json> = schema["invoer"]
            .as_array()
            .expect("inputs")
            .iter()
            .map(|i| &i["type"])
            .collect();
        assert_eq!(types[1], &json!({ "soort": "geheel_getal", "minimum": 0 }));
        assert_eq!(
            types[2],
            &json!({ "soort": "bedrag", "periode": "maand", "minimum": 0, "maximum": 1500.5 })
        );
        assert_eq!(types[3], &json!({ "soort": "tekst" }));
        assert_eq!(
            types[4],
            &json!({ "soort": "percentage", "minimum": 0, "maximum": 100 })
        );
        assert_eq!(
            schema["afwijkbaar"][0]["type"],
            json!({ "soort": "percentage", "minimum": 5, "maximum": 100 })
        );
    }

    #[test]
    fn a_gegeven_fields_bounds_are_in_its_type_like_an_inputs() {
        let mut bld = Builder::new();
        let v = bld.record_type(
            "Voorziening",
            vec![("soort", Type::Text), ("stuks", Type::Integer)],
        );
        bld.input("voorzieningen", Type::List(Box::new(Type::Record(v))));
        let mut program = bld.build();
        std::sync::Arc::make_mut(&mut program.types).records[v as usize].field_ranges = vec![
            None,
            Some(Range {
                min: Some(Decimal::ZERO),
                max: Some(Decimal::from(10)),
            }),
        ];
        let schema = input_schema(&program);
        let fields = &schema["invoer"][1]["type"]["element"]["velden"];
        assert_eq!(fields[0]["type"], json!({ "soort": "tekst" }));
        assert_eq!(
            fields[1]["type"],
            json!({ "soort": "geheel_getal", "minimum": 0, "maximum": 10 })
        );
    }

    /// A gegeven inside itself (optional, or in a list of another gegeven
    /// that refers back) is described once, then referred to by name.
    #[test]
    fn a_gegeven_inside_itself_is_a_reference() {
        let mut b = Builder::new();
        let persoon = b.record_type(
            "Persoon",
            vec![
                ("naam", Type::Text),
                ("partner", Type::Record(0).optional()),
                ("kinderen", Type::List(Box::new(Type::Record(1)))),
            ],
        );
        b.record_type("Kind", vec![("ouder", Type::Record(0).optional())]);
        b.input("aanvrager", Type::Record(persoon));
        let schema = input_schema(&b.build());
        let aanvrager = &schema["invoer"][1]["type"];
        assert_eq!(schema["invoer"][1]["naam"], "aanvrager");
        assert_eq!(aanvrager["naam"], "Persoon");
        let reference = json!({ "soort": "gegeven", "naam": "Persoon", "herhaling": true });
        assert_eq!(
            aanvrager["velden"][1],
            json!({ "naam": "partner", "label": "partner", "type": reference, "optioneel": true })
        );
        let kind = &aanvrager["velden"][2]["type"]["element"];
        assert_eq!(kind["naam"], "Kind");
        assert_eq!(kind["velden"][0]["type"], reference);
    }

    /// Only a gegeven inside itself is a reference: the same gegeven twice
    /// side by side is described in full both times.
    #[test]
    fn a_gegeven_beside_itself_is_described_in_full() {
        let mut b = Builder::new();
        let adres = b.record_type("Adres", vec![("straat", Type::Text)]);
        b.record_type(
            "Verhuizing",
            vec![("van", Type::Record(adres)), ("naar", Type::Record(adres))],
        );
        b.input("verhuizing", Type::Record(1));
        let schema = input_schema(&b.build());
        let velden = &schema["invoer"][1]["type"]["velden"];
        assert_eq!(velden[0]["type"], velden[1]["type"]);
        assert_eq!(velden[1]["type"]["velden"][0]["naam"], "straat");
    }
}
