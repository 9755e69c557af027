//! The case as a JSON Schema (draft 2020-12), for case systems and form
//! builders outside regelwerk: what `regelwerk schema` prints. It is built
//! from the same program as the app's form description
//! ([`super::input_schema`]) and says in JSON Schema's words what the case
//! decoder ([`crate::case`]) accepts, which stays the authority: every case
//! the decoder takes is valid against it (tests/tests/case_schema.rs checks
//! every case file in the repository).

use crate::case::format_range;
use crate::ir::{Program, Range};
use crate::types::{RecordId, Type, TypeTable};
use serde_json::{json, Map, Value as Json};
use std::collections::HashMap;
use std::str::FromStr;

/// The dialect every schema declares.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// A bedrag: a decimal as text with at most two decimals that count
/// (`"12.50"`, also `"12.500"`, as the decoder reads it).
const MONEY: &str = r"^-?[0-9]+(\.[0-9]{1,2}0*)?$";
/// A getal: a decimal as text, `.` as the decimal sign, no grouping.
const DECIMAL: &str = r"^-?[0-9]+(\.[0-9]+)?$";
/// A percentage: a decimal as text with the `%` sign (`"12.5%"`).
const PERCENTAGE: &str = r"^-?[0-9]+(\.[0-9]+)?\s*%$";
/// A datum: `JJJJ-MM-DD` (`format: date` checks the calendar where a
/// validator asserts formats).
const DATE: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
/// The members a duur may have, each a whole number.
const DURATION_UNITS: [&str; 4] = ["jaren", "maanden", "weken", "dagen"];

/// The JSON Schema of a case for the version `program` was compiled from:
/// one property per `invoer` (with `peildatum`), the optional ones not
/// required, no other keys (the decoder refuses unknown keys). Gegevens
/// are in `$defs`, since they may refer to each other.
pub fn case_schema(program: &Program) -> Json {
    let info = &program.info;
    let mut builder = Builder::new(&program.types);
    let through = info
        .valid_through
        .map_or(String::new(), |d| format!(" tot en met {d}"));
    let mut schema = members(json!({
        "$schema": DIALECT,
        "title": format!("Casus voor {} ({})", info.name, info.id),
        "description": format!("Versie {}, geldig vanaf {}{through}.", info.version, info.valid_from),
    }));
    let inputs = program
        .inputs
        .iter()
        .map(|i| (i.name.as_str(), &i.ty, i.range));
    schema.extend(builder.object(inputs));
    let defs = builder.finish();
    if !defs.is_empty() {
        schema.insert("$defs".into(), Json::Object(defs));
    }
    Json::Object(schema)
}

/// Builds the schemas of values; collects the gegevens they refer to.
struct Builder<'t> {
    types: &'t TypeTable,
    /// The `$defs` key of each gegeven referred to so far.
    keys: HashMap<RecordId, String>,
    /// Gegevens referred to whose definition is not built yet.
    pending: Vec<RecordId>,
}

impl<'t> Builder<'t> {
    fn new(types: &'t TypeTable) -> Self {
        Builder {
            types,
            keys: HashMap::new(),
            pending: Vec::new(),
        }
    }

    /// The definitions of every gegeven referred to, by key.
    fn finish(&mut self) -> Map<String, Json> {
        let mut defs = Map::new();
        while let Some(id) = self.pending.pop() {
            let Some(record) = self.types.records.get(id as usize) else {
                continue;
            };
            let fields = record
                .fields
                .iter()
                .enumerate()
                .map(|(i, (n, t))| (n.as_str(), t, record.field_range(i)));
            let schema = self.object(fields);
            defs.insert(self.keys[&id].clone(), Json::Object(schema));
        }
        defs.sort_keys();
        defs
    }

    /// An object with exactly these members (each with its range, if it
    /// has one); the optional ones may be absent or `null`.
    fn object<'a>(
        &mut self,
        fields: impl Iterator<Item = (&'a str, &'a Type, Option<Range>)>,
    ) -> Map<String, Json> {
        let mut properties = Map::new();
        let mut required = Vec::new();
        for (name, ty, range) in fields {
            if !ty.is_optional() {
                required.push(name);
            }
            let mut schema = self.value(ty);
            if let Some(range) = range {
                self.bound(&mut schema, ty, &range);
            }
            schema.insert("title".into(), json!(label(name)));
            properties.insert(name.to_string(), Json::Object(schema));
        }
        members(json!({
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": false,
        }))
    }

    /// The schema of one value of type `ty`, described by its type as a
    /// rule file writes it ("bedrag per maand").
    fn value(&mut self, ty: &Type) -> Map<String, Json> {
        let text = |pattern: &str| json!({ "type": "string", "pattern": pattern });
        let schema = match ty {
            Type::Optional(inner) => {
                // `null` (or leaving it out) is "is er niet".
                let inner = self.value(inner);
                json!({ "anyOf": [inner, { "type": "null" }] })
            }
            Type::Money(_) | Type::MoneyPerUnit => text(MONEY),
            Type::Number => text(DECIMAL),
            Type::Percentage => text(PERCENTAGE),
            Type::Integer => json!({ "type": "integer" }),
            Type::Bool => json!({ "type": "boolean" }),
            Type::Text => json!({ "type": "string" }),
            Type::Date => json!({ "type": "string", "format": "date", "pattern": DATE }),
            Type::Duration => {
                let units = DURATION_UNITS.map(|u| (u.to_string(), json!({ "type": "integer" })));
                json!({ "type": "object", "properties": Map::from_iter(units), "additionalProperties": false })
            }
            Type::Enum(id) => {
                let values = self
                    .types
                    .enums
                    .get(*id as usize)
                    .map_or(&[][..], |e| &e.values);
                let choices: Vec<Json> = values
                    .iter()
                    .map(|v| json!({ "const": v, "title": label(v) }))
                    .collect();
                json!({ "type": "string", "oneOf": choices })
            }
            Type::Record(id) => json!({ "$ref": format!("#/$defs/{}", self.record_key(*id)) }),
            Type::List(elem) => json!({ "type": "array", "items": self.value(elem) }),
            Type::Empty | Type::Never => json!({ "type": "null" }),
        };
        let mut schema = members(schema);
        if !ty.is_optional() {
            schema.insert("description".into(), json!(self.types.display(ty)));
        }
        schema
    }

    /// Puts `range` (`minimaal`/`maximaal`) into the schema of a value of
    /// type `ty`: as `minimum`/`maximum` for a whole number, which JSON
    /// has; in the description for amounts, numbers and percentages, which
    /// are text here (a JSON Schema bound applies to JSON numbers only).
    fn bound(&self, schema: &mut Map<String, Json>, ty: &Type, range: &Range) {
        // An optional value's range is on the value, not on `null`.
        let target = match schema.get_mut("anyOf").and_then(|a| a.get_mut(0)) {
            Some(Json::Object(inner)) => inner,
            _ => schema,
        };
        match ty.strip_optional() {
            Type::Integer => {
                for (key, end) in [("minimum", range.min), ("maximum", range.max)] {
                    let number = end.and_then(|d| {
                        serde_json::Number::from_str(&d.normalize().to_string()).ok()
                    });
                    if let Some(n) = number {
                        target.insert(key.into(), Json::Number(n));
                    }
                }
            }
            inner => {
                let shown = format_range(self.types, inner, range);
                let described = match target.get("description").and_then(Json::as_str) {
                    Some(d) => format!("{d}, {shown}"),
                    None => shown,
                };
                target.insert("description".into(), json!(described));
            }
        }
    }

    /// The `$defs` key of a gegeven: its name, with its number added when
    /// another gegeven of that name came first (a base's and a layer's).
    fn record_key(&mut self, id: RecordId) -> String {
        if let Some(key) = self.keys.get(&id) {
            return key.clone();
        }
        let name = self
            .types
            .records
            .get(id as usize)
            .map_or("gegeven", |r| r.name.as_str());
        let mut key = name.to_string();
        while self.keys.values().any(|k| *k == key) {
            key = format!("{key}_{id}");
        }
        self.keys.insert(id, key.clone());
        self.pending.push(id);
        key
    }
}

/// The label people read for a name: the name itself, words apart
/// (`eigen_kracht_toereikend` → "eigen kracht toereikend").
fn label(name: &str) -> String {
    name.replace('_', " ")
}

/// The members of a JSON object built with `json!({ … })`.
fn members(object: Json) -> Map<String, Json> {
    match object {
        Json::Object(map) => map,
        _ => Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::case_schema;
    use crate::test_support::Builder;
    use crate::types::Type;
    use serde_json::json;

    #[test]
    fn optional_inputs_are_not_required_and_no_other_key_is_allowed() {
        let mut b = Builder::new();
        b.input("inkomen", Type::Money(Some(grammar::ast::Period::Month)));
        b.input("kostendelers", Type::Integer.optional());
        let schema = case_schema(&b.build());
        assert_eq!(schema["$schema"], super::DIALECT);
        assert_eq!(schema["required"], json!(["peildatum", "inkomen"]));
        assert_eq!(schema["additionalProperties"], json!(false));
        let inkomen = &schema["properties"]["inkomen"];
        assert_eq!(inkomen["type"], "string");
        assert_eq!(inkomen["description"], "bedrag per maand");
        assert_eq!(
            schema["properties"]["kostendelers"]["anyOf"],
            json!([{ "type": "integer", "description": "geheel getal" }, { "type": "null" }])
        );
    }

    /// `minimaal`/`maximaal`: a whole number's as JSON Schema bounds, an
    /// amount's (text in the case) in its description; a gegeven field's too.
    #[test]
    fn ranges_are_in_the_schema() {
        use crate::ir::Range;
        use rust_decimal::Decimal;
        let mut b = Builder::new();
        let kind = b.record_type("Kind", vec![("stuks", Type::Integer)]);
        b.input("kamers", Type::Integer);
        b.input("uren", Type::Integer.optional());
        b.input("vermogen", Type::Money(None));
        b.input("kinderen", Type::List(Box::new(Type::Record(kind))));
        let mut program = b.build();
        let from = |min: i64, max: Option<i64>| Range {
            min: Some(Decimal::from(min)),
            max: max.map(Decimal::from),
        };
        program.inputs[1].range = Some(from(0, None));
        program.inputs[2].range = Some(from(0, Some(2000)));
        program.inputs[3].range = Some(from(0, None));
        std::sync::Arc::make_mut(&mut program.types).records[kind as usize].field_ranges =
            vec![Some(from(1, Some(10)))];
        let schema = case_schema(&program);
        let p = &schema["properties"];
        assert_eq!(p["kamers"]["minimum"], json!(0));
        assert_eq!(p["kamers"].get("maximum"), None);
        assert_eq!(p["uren"]["anyOf"][0]["maximum"], json!(2000));
        assert_eq!(p["uren"]["anyOf"][1], json!({ "type": "null" }));
        assert_eq!(p["vermogen"]["description"], "bedrag, ten minste € 0,00");
        assert_eq!(p["vermogen"].get("minimum"), None, "a bedrag is text");
        let stuks = &schema["$defs"]["Kind"]["properties"]["stuks"];
        assert_eq!(
            (&stuks["minimum"], &stuks["maximum"]),
            (&json!(1), &json!(10))
        );
    }

    #[test]
    fn keuze_values_carry_labels() {
        let mut b = Builder::new();
        let soort = b.enumeration("Soort", &["alleenstaande_ouder", "gehuwd"]);
        b.input("leefvorm", Type::Enum(soort));
        let schema = case_schema(&b.build());
        assert_eq!(
            schema["properties"]["leefvorm"]["oneOf"],
            json!([
                { "const": "alleenstaande_ouder", "title": "alleenstaande ouder" },
                { "const": "gehuwd", "title": "gehuwd" },
            ])
        );
    }

    /// Gegevens may refer to themselves; two of one name (a base's and a
    /// layer's) are two definitions.
    #[test]
    fn gegevens_are_definitions_referred_to() {
        let mut b = Builder::new();
        let persoon = b.record_type(
            "Persoon",
            vec![
                ("naam", Type::Text),
                ("partner", Type::Record(0).optional()),
            ],
        );
        let other = b.record_type("Persoon", vec![("geboortedatum", Type::Date)]);
        b.input("aanvrager", Type::Record(persoon));
        b.input("kinderen", Type::List(Box::new(Type::Record(other))));
        let schema = case_schema(&b.build());
        assert_eq!(schema["properties"]["aanvrager"]["$ref"], "#/$defs/Persoon");
        assert_eq!(
            schema["properties"]["kinderen"]["items"]["$ref"],
            "#/$defs/Persoon_1"
        );
        let defs = &schema["$defs"];
        assert_eq!(
            defs["Persoon"]["properties"]["partner"]["anyOf"][0]["$ref"],
            "#/$defs/Persoon"
        );
        assert_eq!(defs["Persoon"]["required"], json!(["naam"]));
        assert_eq!(defs["Persoon_1"]["required"], json!(["geboortedatum"]));
    }
}
