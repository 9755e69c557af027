//! The input schema of a program as JSON: what the browser's interview
//! builds its form from (names, types, keuze values, record fields), plus
//! the outputs and the rules that allow an override. Every name comes with
//! its `label` (see [`crate::display`]); an input also with the question the
//! app asks (`vraag`) and its help text (`hulp`, or null).

use crate::ir::Program;
use crate::types::{Type, TypeTable};
use serde_json::{json, Value as Json};

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
                "type": type_json(types, &i.ty),
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
        .map(|r| json!({ "regel": r.name, "label": r.display_name(), "type": type_json(types, &r.ty), "bron": r.origin.citation() }))
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

/// A type as JSON: `{ "soort": "bedrag", "periode": "maand" }` and so on.
pub fn type_json(types: &TypeTable, ty: &Type) -> Json {
    match ty {
        Type::Money(p) => json!({ "soort": "bedrag", "periode": p.map(|p| p.dutch()) }),
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
        Type::Record(id) => {
            let r = &types.records[*id as usize];
            let fields: Vec<Json> = r
                .fields
                .iter()
                .enumerate()
                .map(|(k, (n, t))| json!({ "naam": n, "label": r.field_display(k), "type": type_json(types, t), "optioneel": t.is_optional() }))
                .collect();
            json!({ "soort": "gegeven", "naam": r.name, "velden": fields })
        }
        Type::List(t) => json!({ "soort": "lijst", "element": type_json(types, t) }),
        Type::Optional(t) => type_json(types, t),
        Type::Empty | Type::Never => json!({ "soort": "leeg" }),
    }
}
