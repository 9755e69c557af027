//! An empty case to fill in (`regelwerk sjabloon`): every input of the
//! version in force present, and not one value made up. The case decoder
//! refuses the template until each placeholder is replaced, naming each
//! one with its path, so a forgotten input can never pass as an answer:
//! - a required input or field is `null` ("mag niet leeg zijn"), and a
//!   gegeven shows its fields, each by the same rule;
//! - an optional input or field, where `null` is itself an answer ("is er
//!   niet"), holds a text saying what to fill in, which no type but
//!   `tekst` accepts; an optional `tekst` holds that text in a list.

use crate::ir::Program;
use crate::types::{RecordId, Type, TypeTable};
use chrono::NaiveDate;
use serde_json::{json, Map, Value as Json};

/// The case to fill in for the version `program` was compiled from, with
/// its `peildatum` filled in.
pub fn case_template(program: &Program, peildatum: NaiveDate) -> Json {
    let types = &program.types;
    let case = program.inputs.iter().enumerate().map(|(slot, input)| {
        let value = if slot == program.peildatum as usize {
            json!(peildatum.to_string())
        } else {
            placeholder(types, &input.ty, &mut Vec::new())
        };
        (input.name.clone(), value)
    });
    Json::Object(case.collect())
}

/// The placeholder for a value of type `ty`. `open`: the gegevens being
/// laid out around it, so that a gegeven that holds itself ends in `null`.
fn placeholder(types: &TypeTable, ty: &Type, open: &mut Vec<RecordId>) -> Json {
    match ty {
        Type::Optional(inner) => {
            let hint = format!("invullen: {}, of null als er geen is", types.display(inner));
            match **inner {
                Type::Text => json!([hint]),
                _ => json!(hint),
            }
        }
        Type::Record(id) if !open.contains(id) => {
            let Some(record) = types.records.get(*id as usize) else {
                return Json::Null;
            };
            open.push(*id);
            let fields: Map<String, Json> = record
                .fields
                .iter()
                .map(|(name, t)| (name.clone(), placeholder(types, t, open)))
                .collect();
            open.pop();
            Json::Object(fields)
        }
        _ => Json::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::case_template;
    use crate::test_support::{date, Builder};
    use crate::types::Type;
    use serde_json::json;

    /// A gegeven that holds itself, an optional tekst, a keuze and a list:
    /// the placeholders the decoder refuses.
    #[test]
    fn every_input_gets_a_placeholder_the_decoder_refuses() {
        let mut b = Builder::new();
        let leefvorm = b.enumeration("Leefvorm", &["alleenstaand", "gehuwd"]);
        let persoon = b.record_type(
            "Persoon",
            vec![
                ("geboortedatum", Type::Date),
                ("ouder", Type::Record(0)),
                ("partner", Type::Record(0).optional()),
            ],
        );
        b.input("aanvrager", Type::Record(persoon));
        b.input("leefvorm", Type::Enum(leefvorm));
        b.input("kinderen", Type::List(Box::new(Type::Record(persoon))));
        b.input("opmerking", Type::Text.optional());
        b.input("kostendelers", Type::Integer.optional());
        let program = b.build();

        let template = case_template(&program, date(2025, 3, 1));
        assert_eq!(
            template,
            json!({
                "peildatum": "2025-03-01",
                "aanvrager": {
                    "geboortedatum": null,
                    // Persoon inside Persoon is not laid out again.
                    "ouder": null,
                    "partner": "invullen: Persoon, of null als er geen is",
                },
                "leefvorm": null,
                "kinderen": null,
                "opmerking": ["invullen: tekst, of null als er geen is"],
                "kostendelers": "invullen: geheel getal, of null als er geen is",
            })
        );

        let errors = crate::case::decode(&program, &template, false).expect_err("refused");
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "$.aanvrager.geboortedatum",
                "$.aanvrager.ouder",
                "$.aanvrager.partner",
                "$.leefvorm",
                "$.kinderen",
                "$.opmerking",
                "$.kostendelers",
            ]
        );
    }
}
