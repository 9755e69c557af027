//! The household case projected onto one regeling's own case: exactly the
//! JSON a case file of that regeling holds (its inputs by their own names,
//! each gegeven with only its own fields), so the regeling's decoder reads
//! it unchanged; and the way back, from a path in that case to the path in
//! the household case.

use crate::ir::Program;
use crate::types::{Type, TypeTable};
use serde_json::{Map, Value as Json};

/// The case of `program` from the household's peildatum and facts. A fact
/// the household does not give stays absent (the decoder reports it, or
/// lists it as still needed when deciding partially).
pub fn case_of(program: &Program, peildatum: &Json, facts: &Map<String, Json>) -> Json {
    let mut case = Map::with_capacity(program.inputs.len());
    for (slot, input) in program.inputs.iter().enumerate() {
        if slot == program.peildatum as usize {
            case.insert(input.name.clone(), peildatum.clone());
        } else if let Some(value) = facts.get(input.fact_name()) {
            case.insert(
                input.name.clone(),
                project(&program.types, &input.ty, value),
            );
        }
    }
    Json::Object(case)
}

/// `value` with only what type `ty` reads: a gegeven's own fields (the
/// household value may hold the fields of other regelingen' gegevens too).
/// Anything that does not have the type's shape is kept as it is, for the
/// decoder to refuse with its path.
pub fn project(types: &TypeTable, ty: &Type, value: &Json) -> Json {
    match (ty.strip_optional(), value) {
        (Type::Record(id), Json::Object(members)) => match types.records.get(*id as usize) {
            Some(record) => Json::Object(
                record
                    .fields
                    .iter()
                    .filter_map(|(name, fty)| {
                        members
                            .get(name)
                            .map(|v| (name.clone(), project(types, fty, v)))
                    })
                    .collect(),
            ),
            None => value.clone(),
        },
        (Type::List(elem), Json::Array(items)) => {
            Json::Array(items.iter().map(|v| project(types, elem, v)).collect())
        }
        _ => value.clone(),
    }
}

/// A path in the projected case (`$.client.geboortedatum`) as a path in the
/// household case (`$.huishouden.aanvrager.geboortedatum`).
pub fn household_path(program: &Program, path: &str) -> String {
    let Some(rest) = path.strip_prefix("$.") else {
        return path.to_string();
    };
    let end = rest.find(['.', '[']).unwrap_or(rest.len());
    let (name, tail) = rest.split_at(end);
    match program
        .inputs
        .iter()
        .enumerate()
        .find(|(_, i)| i.name == name)
    {
        Some((slot, _)) if slot == program.peildatum as usize => path.to_string(),
        Some((_, input)) => format!("$.huishouden.{}{tail}", input.fact_name()),
        None => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::Builder;
    use serde_json::json;

    fn program() -> Program {
        let mut b = Builder::new();
        let persoon = b.record_type("Persoon", vec![("geboortedatum", Type::Date)]);
        let client = b.input("client", Type::Record(persoon));
        b.input("kinderen", Type::List(Box::new(Type::Record(persoon))));
        let mut program = b.build();
        program.inputs[client as usize].fact = Some("aanvrager".into());
        program
    }

    #[test]
    fn a_fact_feeds_the_input_that_takes_it_with_only_the_fields_of_its_gegeven() {
        let facts = json!({
            "aanvrager": { "geboortedatum": "1950-01-01", "naam": "A" },
            "kinderen": [{ "geboortedatum": "2015-01-01", "school": true }],
            "inkomen": "1000.00"
        });
        let case = case_of(&program(), &json!("2025-03-01"), facts.as_object().unwrap());
        assert_eq!(
            case,
            json!({
                "peildatum": "2025-03-01",
                "client": { "geboortedatum": "1950-01-01" },
                "kinderen": [{ "geboortedatum": "2015-01-01" }]
            })
        );
    }

    #[test]
    fn a_path_in_the_case_is_the_path_of_the_household_fact() {
        let p = program();
        assert_eq!(
            household_path(&p, "$.client.geboortedatum"),
            "$.huishouden.aanvrager.geboortedatum"
        );
        assert_eq!(
            household_path(&p, "$.kinderen[0]"),
            "$.huishouden.kinderen[0]"
        );
        assert_eq!(household_path(&p, "$.client"), "$.huishouden.aanvrager");
        assert_eq!(household_path(&p, "$.peildatum"), "$.peildatum");
        assert_eq!(household_path(&p, "$"), "$");
    }
}
