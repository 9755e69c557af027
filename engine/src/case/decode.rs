//! Reading a case JSON object into the program's input slots. Every value
//! is checked against its declared type; nothing is rounded, defaulted or
//! dropped silently, and all mistakes are reported at once with their paths.

use super::format::out_of_range;
use super::json::{CaseJson, JsonNumber, Object};
use super::{format_count, CaseError};
use crate::ir::{Program, Range};
use crate::limits::{MAX_CASE_DEPTH, MAX_LIST_LEN, MAX_TEXT_LEN};
use crate::types::{Type, TypeTable};
use crate::value::Value;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::Value as Json;
use std::str::FromStr;
use std::sync::Arc;

/// Decodes a case. `partial`: a missing input is unknown (`None`) instead of
/// an error. An optional input that is absent is unknown in partial mode
/// too (the interview has not asked yet); an explicit `null` is leeg. In
/// complete mode absent and `null` both mean leeg for an optional input.
/// The peildatum is required in both modes.
pub fn decode(
    program: &Program,
    case: &Json,
    partial: bool,
) -> Result<Vec<Option<Value>>, Vec<CaseError>> {
    decode_case(program, &CaseJson::from(case), partial)
}

/// [`decode`] for a case parsed into a [`CaseJson`] (the JSON text path).
pub fn decode_case(
    program: &Program,
    case: &CaseJson,
    partial: bool,
) -> Result<Vec<Option<Value>>, Vec<CaseError>> {
    let mut errors = Vec::new();
    let Some(object) = case.as_object() else {
        return Err(vec![CaseError {
            path: "$".into(),
            message: "de casus moet een JSON-object zijn".into(),
        }]);
    };
    let types = &program.types;
    let root = Path::Root;
    let (members, unknown_keys) = members_by_slot(program, object);
    let mut inputs = Vec::with_capacity(program.inputs.len());
    for ((slot, input), member) in program.inputs.iter().enumerate().zip(members) {
        let is_peildatum = slot == program.peildatum as usize;
        let path = Path::Key(&root, &input.name);
        let value = match member {
            Some(CaseJson::Null) if input.ty.is_optional() => Some(Value::Empty),
            None if input.ty.is_optional() && !partial => Some(Value::Empty),
            Some(CaseJson::Null) | None if partial && !is_peildatum => None,
            None => {
                errors.push(error(
                    &path,
                    format!("de invoer {} ontbreekt", input.reference()),
                ));
                None
            }
            Some(CaseJson::Null) => {
                errors.push(error(
                    &path,
                    format!("de invoer {} mag niet leeg zijn", input.reference()),
                ));
                None
            }
            Some(json) => {
                let mut d = Decoder {
                    types,
                    errors: &mut errors,
                    depth: 0,
                };
                let value = d.value(&input.ty, json, &path);
                d.within(input.range, &input.ty, value, &path)
            }
        };
        inputs.push(value);
    }
    for key in unknown_keys {
        let names = program.inputs.iter().map(|i| i.name.as_str());
        errors.push(error(
            &Path::Key(&root, key),
            unknown("onbekende invoer", key, names, &program.info.name),
        ));
    }
    if errors.is_empty() {
        Ok(inputs)
    } else {
        Err(errors)
    }
}

/// The case's member for each input (by slot), and the keys that name no
/// input (in the case's order). One pass over the members: a case usually
/// lists them in the schema's order, so the input after the last one found
/// is tried first, and the usual case costs one name comparison per member
/// instead of a search per input and another per key (which showed in the
/// wasm profile, where `memcmp` is a byte loop).
fn members_by_slot<'c, 'a>(
    program: &Program,
    object: &'c Object<'a>,
) -> (Vec<Option<&'c CaseJson<'a>>>, Vec<&'c str>) {
    let inputs = &program.inputs;
    let mut members = vec![None; inputs.len()];
    let mut unknown_keys = Vec::new();
    let mut next = 0;
    for (key, value) in object.iter() {
        let slot = match inputs.get(next) {
            Some(input) if input.name == key => Some(next),
            _ => inputs.iter().position(|i| i.name == key),
        };
        match slot {
            // Keys are distinct (`Object`), so no slot is filled twice.
            Some(slot) => {
                members[slot] = Some(value);
                next = slot + 1;
            }
            None => unknown_keys.push(key),
        }
    }
    (members, unknown_keys)
}

/// Decodes one value of type `ty` found at `path` (a JSON path such as
/// `$.afwijkingen.regel`; used as the prefix of error paths).
pub fn decode_value(
    types: &TypeTable,
    ty: &Type,
    json: &Json,
    path: &str,
) -> Result<Value, Vec<CaseError>> {
    let json = &CaseJson::from(json);
    let mut errors = Vec::new();
    let mut d = Decoder {
        types,
        errors: &mut errors,
        depth: 0,
    };
    let value = d.value(ty, json, &Path::Prefix(path));
    match value {
        Some(v) if errors.is_empty() => Ok(v),
        _ => Err(errors),
    }
}

/// A JSON path, built on the stack and rendered only for an error.
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    Prefix(&'a str),
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    fn render(&self) -> String {
        match self {
            Path::Root => "$".into(),
            Path::Prefix(p) => (*p).to_string(),
            Path::Key(parent, key) => {
                let simple =
                    !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if simple {
                    format!("{}.{key}", parent.render())
                } else {
                    format!("{}[{}]", parent.render(), Json::String((*key).into()))
                }
            }
            Path::Index(parent, i) => format!("{}[{i}]", parent.render()),
        }
    }
}

fn error(path: &Path, message: String) -> CaseError {
    CaseError {
        path: path.render(),
        message,
    }
}

/// "onbekende invoer `x` voor …; bedoelt u `y`?" (`what` carries the
/// adjective, since Dutch inflects it: "onbekend veld", "onbekende invoer").
fn unknown<'n>(what: &str, key: &str, names: impl Iterator<Item = &'n str>, owner: &str) -> String {
    match grammar::suggest::closest(key, names) {
        Some(name) => format!("{what} `{key}` voor {owner}; bedoelt u `{name}`?"),
        None => format!("{what} `{key}` voor {owner}"),
    }
}

struct Decoder<'t, 'e> {
    types: &'t TypeTable,
    errors: &'e mut Vec<CaseError>,
    /// Lists and gegevens around the value being read.
    depth: usize,
}

impl Decoder<'_, '_> {
    fn fail<T>(&mut self, path: &Path, message: String) -> Option<T> {
        self.errors.push(error(path, message));
        None
    }

    /// The value, or `None` after recording the mistakes.
    fn value(&mut self, ty: &Type, json: &CaseJson, path: &Path) -> Option<Value> {
        match ty {
            Type::Optional(inner) => match json {
                CaseJson::Null => Some(Value::Empty),
                _ => self.value(inner, json, path),
            },
            Type::Empty | Type::Never => match json {
                CaseJson::Null => Some(Value::Empty),
                _ => self.fail(path, "hier past alleen `null` (leeg)".into()),
            },
            // A unit per value is the outcome of a rule or table, never
            // something a case states (the checker refuses such an invoer).
            Type::MoneyPerUnit => self.fail(
                path,
                "een bedrag per eenheid kan niet in een casus worden gegeven".into(),
            ),
            Type::Money(_) => {
                let d = self.decimal(json, path, "een bedrag", "\"1345.45\"")?;
                if d.normalize().scale() > 2 {
                    return self.fail(
                        path,
                        format!("een bedrag heeft ten hoogste twee decimalen; `{d}` heeft er meer"),
                    );
                }
                Some(Value::Num(d))
            }
            Type::Number => self
                .decimal(json, path, "een getal", "\"0.5\"")
                .map(Value::Num),
            Type::Percentage => self.percentage(json, path),
            Type::Integer => self.integer(json, path),
            Type::Bool => match json {
                CaseJson::Bool(b) => Some(Value::Bool(*b)),
                _ => self.fail(
                    path,
                    format!(
                        "verwacht ja/nee als `true` of `false`, maar kreeg {}",
                        kind(json)
                    ),
                ),
            },
            Type::Text => match json {
                // Bytes first: counting characters only for a long text.
                CaseJson::String(s)
                    if s.len() > MAX_TEXT_LEN && s.chars().count() > MAX_TEXT_LEN =>
                {
                    self.fail(
                        path,
                        format!(
                            "de tekst heeft {} tekens; een casus mag ten hoogste {} tekens per tekst hebben",
                            format_count(s.chars().count()),
                            format_count(MAX_TEXT_LEN)
                        ),
                    )
                }
                CaseJson::String(s) => Some(Value::Text(Arc::from(s.as_ref()))),
                _ => self.fail(path, format!("verwacht tekst, maar kreeg {}", kind(json))),
            },
            Type::Date => self.date(json, path),
            Type::Duration => self.duration(json, path),
            Type::Enum(id) => self.enumeration(*id, json, path),
            Type::Record(id) => self.nested(path, |d| d.record(*id, json, path)),
            Type::List(elem) => {
                let CaseJson::Array(items) = json else {
                    return self.fail(
                        path,
                        format!("verwacht een lijst (JSON-array), maar kreeg {}", kind(json)),
                    );
                };
                if items.len() > MAX_LIST_LEN {
                    return self.fail(
                        path,
                        format!(
                            "de lijst heeft {} elementen; een casus mag ten hoogste {} elementen per lijst hebben",
                            format_count(items.len()),
                            format_count(MAX_LIST_LEN)
                        ),
                    );
                }
                self.nested(path, |d| {
                    let mut out = Vec::with_capacity(items.len());
                    let mut ok = true;
                    for (i, item) in items.iter().enumerate() {
                        match d.value(elem, item, &Path::Index(path, i)) {
                            Some(v) => out.push(v),
                            None => ok = false,
                        }
                    }
                    ok.then(|| Value::List(Arc::from(out)))
                })
            }
        }
    }

    /// `value` if it lies within `range` (an input's or a gegeven field's
    /// `minimaal`/`maximaal`), else `None` after recording why, with the range.
    fn within(
        &mut self,
        range: Option<Range>,
        ty: &Type,
        value: Option<Value>,
        path: &Path,
    ) -> Option<Value> {
        let (Some(range), Some(v)) = (range, &value) else {
            return value;
        };
        match out_of_range(self.types, ty, &range, v) {
            Some(message) => self.fail(path, message),
            None => value,
        }
    }

    /// Reads a list or gegeven one level deeper, refusing a case nested
    /// deeper than [`MAX_CASE_DEPTH`].
    fn nested(
        &mut self,
        path: &Path,
        read: impl FnOnce(&mut Self) -> Option<Value>,
    ) -> Option<Value> {
        if self.depth >= MAX_CASE_DEPTH {
            return self.fail(
                path,
                format!(
                    "de casus is hier te diep genest; een casus mag ten hoogste {MAX_CASE_DEPTH} niveaus van lijsten en gegevens hebben"
                ),
            );
        }
        self.depth += 1;
        let value = read(self);
        self.depth -= 1;
        value
    }

    /// A decimal written as a JSON string: `-12.50`, `3`, `0.125`.
    fn decimal(
        &mut self,
        json: &CaseJson,
        path: &Path,
        what: &str,
        example: &str,
    ) -> Option<Decimal> {
        let CaseJson::String(s) = json else {
            let hint = if json.is_number() {
                format!(
                    "{what} wordt als tekst geschreven, bijvoorbeeld {example} (geen JSON-getal: dat kan afrondingsfouten geven)"
                )
            } else {
                format!(
                    "verwacht {what} als tekst, bijvoorbeeld {example}, maar kreeg {}",
                    kind(json)
                )
            };
            return self.fail(path, hint);
        };
        match parse_decimal(s) {
            Some(d) => Some(d),
            None => self.fail(
                path,
                format!("`{s}` is geen geldig getal; schrijf {what} als {example} (punt als decimaalteken, geen duizendtallen)"),
            ),
        }
    }

    fn percentage(&mut self, json: &CaseJson, path: &Path) -> Option<Value> {
        let example = "\"12.5%\"";
        let CaseJson::String(s) = json else {
            return self.fail(
                path,
                format!("verwacht een percentage als tekst met %-teken, bijvoorbeeld {example}, maar kreeg {}", kind(json)),
            );
        };
        let Some(number) = s.strip_suffix('%') else {
            return self.fail(
                path,
                format!("een percentage wordt geschreven met %-teken, bijvoorbeeld {example}; `{s}` heeft er geen"),
            );
        };
        match parse_decimal(number.trim_end()).and_then(|d| d.checked_div(Decimal::ONE_HUNDRED)) {
            Some(d) => Some(Value::Num(d)),
            None => self.fail(
                path,
                format!("`{s}` is geen geldig percentage; schrijf bijvoorbeeld {example}"),
            ),
        }
    }

    fn integer(&mut self, json: &CaseJson, path: &Path) -> Option<Value> {
        match json {
            CaseJson::Number(JsonNumber::Whole(i)) => Some(Value::Num(Decimal::from(*i))),
            CaseJson::Number(JsonNumber::TooLarge(n)) => {
                self.fail(path, format!("het getal {n} is te groot"))
            }
            CaseJson::String(s) => self.fail(
                path,
                format!("een geheel getal wordt als JSON-getal geschreven (3), niet als tekst (\"{s}\")"),
            ),
            _ => self.fail(path, format!("verwacht een geheel getal, maar kreeg {}", kind(json))),
        }
    }

    fn date(&mut self, json: &CaseJson, path: &Path) -> Option<Value> {
        let CaseJson::String(s) = json else {
            return self.fail(
                path,
                format!(
                    "verwacht een datum als tekst (JJJJ-MM-DD), maar kreeg {}",
                    kind(json)
                ),
            );
        };
        match parse_iso_date(s) {
            Some(d) => Some(Value::Date(d)),
            None => self.fail(
                path,
                format!("`{s}` is geen geldige datum (verwacht JJJJ-MM-DD)"),
            ),
        }
    }

    fn duration(&mut self, json: &CaseJson, path: &Path) -> Option<Value> {
        let CaseJson::Object(map) = json else {
            return self.fail(
                path,
                format!(
                    "verwacht een duur als object, bijvoorbeeld {{\"jaren\": 67, \"maanden\": 3}}, maar kreeg {}",
                    kind(json)
                ),
            );
        };
        const UNITS: [(&str, i64, bool); 4] = [
            ("jaren", 12, true),
            ("maanden", 1, true),
            ("weken", 7, false),
            ("dagen", 1, false),
        ];
        let (mut months, mut days) = (0i64, 0i64);
        let mut ok = true;
        for (key, v) in map.iter() {
            let field = Path::Key(path, key);
            let Some(&(_, factor, is_months)) = UNITS.iter().find(|(u, _, _)| *u == key) else {
                let names = UNITS.iter().map(|(u, _, _)| *u);
                self.fail::<()>(&field, unknown("onbekende eenheid", key, names, "een duur"));
                ok = false;
                continue;
            };
            let Some(n) = v.as_i64() else {
                self.fail::<()>(
                    &field,
                    format!("verwacht een geheel getal, maar kreeg {}", kind(v)),
                );
                ok = false;
                continue;
            };
            let total = if is_months { &mut months } else { &mut days };
            match n.checked_mul(factor).and_then(|x| total.checked_add(x)) {
                Some(t) => *total = t,
                None => {
                    self.fail::<()>(&field, "de duur is te groot".into());
                    ok = false;
                }
            }
        }
        match (ok, i32::try_from(months), i32::try_from(days)) {
            (true, Ok(months), Ok(days)) => Some(Value::Duration { months, days }),
            (true, _, _) => self.fail(path, "de duur is te groot".into()),
            _ => None,
        }
    }

    fn enumeration(&mut self, id: u32, json: &CaseJson, path: &Path) -> Option<Value> {
        let Some(e) = self.types.enums.get(id as usize) else {
            return self.fail(path, "onbekende keuze in het programma".into());
        };
        let allowed = || {
            e.values
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match json {
            CaseJson::String(s) => match e.values.iter().position(|v| v == s) {
                Some(i) => Some(Value::Enum(i as u32)),
                None => {
                    let message = format!(
                        "`{s}` is geen waarde van {}; toegestaan: {}",
                        e.name,
                        allowed()
                    );
                    self.fail(path, message)
                }
            },
            _ => {
                let message = format!(
                    "verwacht een waarde van {} als tekst ({}), maar kreeg {}",
                    e.name,
                    allowed(),
                    kind(json)
                );
                self.fail(path, message)
            }
        }
    }

    fn record(&mut self, id: u32, json: &CaseJson, path: &Path) -> Option<Value> {
        let types = self.types;
        let Some(r) = types.records.get(id as usize) else {
            return self.fail(path, "onbekend gegeven in het programma".into());
        };
        let CaseJson::Object(map) = json else {
            return self.fail(
                path,
                format!(
                    "verwacht een {} als JSON-object, maar kreeg {}",
                    r.name,
                    kind(json)
                ),
            );
        };
        let mut fields = Vec::with_capacity(r.fields.len());
        let mut ok = true;
        for (i, (name, ty)) in r.fields.iter().enumerate() {
            let field = Path::Key(path, name);
            let v = match map.get(name) {
                None | Some(CaseJson::Null) if ty.is_optional() => Some(Value::Empty),
                None => self.fail(
                    &field,
                    format!("het veld {} van {} ontbreekt", r.field_reference(i), r.name),
                ),
                Some(CaseJson::Null) => self.fail(
                    &field,
                    format!(
                        "het veld {} van {} mag niet leeg zijn",
                        r.field_reference(i),
                        r.name
                    ),
                ),
                Some(j) => {
                    let value = self.value(ty, j, &field);
                    self.within(r.field_range(i), ty, value, &field)
                }
            };
            match v {
                Some(v) => fields.push(v),
                None => ok = false,
            }
        }
        for key in map.keys() {
            if r.field_index(key).is_none() {
                let names = r.fields.iter().map(|(n, _)| n.as_str());
                let owner = r.name.clone();
                self.fail::<()>(
                    &Path::Key(path, key),
                    unknown("onbekend veld", key, names, &owner),
                );
                ok = false;
            }
        }
        ok.then(|| Value::Record(Arc::from(fields)))
    }
}

/// `-?digits(.digits)?`, nothing else (no exponent, no grouping, no `+`).
fn parse_decimal(s: &str) -> Option<Decimal> {
    let body = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || frac.is_some_and(|f| !digits(f)) {
        return None;
    }
    Decimal::from_str(s).ok()
}

/// Strict ISO date `YYYY-MM-DD` that exists in the calendar. Read by hand:
/// chrono's format-string parser is sizeable code in the browser module.
pub fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return None;
    }
    let number = |range: std::ops::Range<usize>| {
        b[range]
            .iter()
            .fold(0u32, |n, c| n * 10 + u32::from(c - b'0'))
    };
    let year = i32::try_from(number(0..4)).ok()?;
    NaiveDate::from_ymd_opt(year, number(5..7), number(8..10))
}

/// What kind of JSON value this is, in Dutch, for messages.
fn kind(json: &CaseJson) -> String {
    match json {
        CaseJson::Null => "null".into(),
        CaseJson::Bool(b) => format!("`{b}`"),
        CaseJson::Number(JsonNumber::Whole(n)) => format!("het getal {n}"),
        CaseJson::Number(JsonNumber::TooLarge(n)) => format!("het getal {n}"),
        CaseJson::Number(JsonNumber::NotWhole) => {
            "een JSON-getal dat geen geheel getal is (met decimalen, een exponent of te veel cijfers)".into()
        }
        CaseJson::String(s) => format!("de tekst \"{s}\""),
        CaseJson::Array(_) => "een lijst".into(),
        CaseJson::Object(_) => "een object".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use grammar::ast::Period;
    use serde_json::json;

    /// Inputs: inkomen (bedrag per maand), aantal (geheel getal), korting
    /// (percentage), factor (getal), gehuwd (ja/nee), naam (tekst?),
    /// leefvorm (keuze), aanvrager (Persoon), kinderen (lijst van Persoon),
    /// partner (Persoon?), wachttijd (duur).
    fn program() -> Program {
        let mut bld = Builder::new();
        let lv = bld.enumeration(
            "Leefvorm",
            &["alleenstaand", "alleenstaande_ouder", "gehuwd"],
        );
        let persoon = bld.record_type(
            "Persoon",
            vec![
                ("geboortedatum", Type::Date),
                ("inkomen", Type::Money(Some(Period::Month)).optional()),
            ],
        );
        bld.input("inkomen", Type::Money(Some(Period::Month)));
        bld.input("aantal", Type::Integer);
        bld.input("korting", Type::Percentage);
        bld.input("factor", Type::Number);
        bld.input("gehuwd", Type::Bool);
        bld.input("naam", Type::Text.optional());
        bld.input("leefvorm", Type::Enum(lv));
        bld.input("aanvrager", Type::Record(persoon));
        bld.input("kinderen", Type::List(Box::new(Type::Record(persoon))));
        bld.input("partner", Type::Record(persoon).optional());
        bld.input("wachttijd", Type::Duration);
        bld.build()
    }

    fn full() -> Json {
        json!({
            "peildatum": "2025-03-01",
            "inkomen": "1345.45",
            "aantal": 2,
            "korting": "12.5%",
            "factor": "0.5",
            "gehuwd": false,
            "naam": "Jan",
            "leefvorm": "alleenstaande_ouder",
            "aanvrager": { "geboortedatum": "1980-02-29", "inkomen": "100" },
            "kinderen": [ { "geboortedatum": "2015-01-01" } ],
            "partner": null,
            "wachttijd": { "jaren": 1, "maanden": 2, "weken": 1, "dagen": 3 }
        })
    }

    fn errors(case: Json) -> Vec<(String, String)> {
        decode(&program(), &case, false)
            .expect_err("has errors")
            .into_iter()
            .map(|e| (e.path, e.message))
            .collect()
    }

    #[test]
    fn decodes_every_type() {
        let inputs = decode(&program(), &full(), false).expect("valid");
        let expected = vec![
            Some(dv(2025, 3, 1)),
            Some(n("1345.45")),
            Some(i(2)),
            Some(n("0.125")),
            Some(n("0.5")),
            Some(b(false)),
            Some(text("Jan")),
            Some(Value::Enum(1)),
            Some(record(vec![dv(1980, 2, 29), n("100")])),
            Some(list(vec![record(vec![dv(2015, 1, 1), Value::Empty])])),
            Some(Value::Empty),
            Some(Value::Duration {
                months: 14,
                days: 10,
            }),
        ];
        assert_eq!(inputs, expected);
    }

    #[test]
    fn optional_absent_is_leeg_in_complete_mode_and_unknown_in_partial_mode() {
        let mut case = full();
        let obj = case.as_object_mut().expect("object");
        obj.remove("naam");
        obj.remove("partner");
        let inputs = decode(&program(), &case, false).expect("valid");
        assert_eq!(inputs[6], Some(Value::Empty));
        assert_eq!(inputs[10], Some(Value::Empty));
        let inputs = decode(&program(), &case, true).expect("valid");
        assert_eq!(inputs[6], None);
        assert_eq!(inputs[10], None);
        // An explicit null is leeg in both modes.
        let inputs = decode(
            &program(),
            &json!({"peildatum": "2025-03-01", "partner": null}),
            true,
        )
        .expect("valid");
        assert_eq!(inputs[10], Some(Value::Empty));
        assert_eq!(inputs[1], None);
    }

    #[test]
    fn missing_required_input_is_an_error_unless_partial() {
        let mut case = full();
        case.as_object_mut().expect("object").remove("inkomen");
        assert_eq!(
            errors(case.clone()),
            [(
                "$.inkomen".to_string(),
                "de invoer `inkomen` ontbreekt".to_string()
            )]
        );
        let inputs = decode(&program(), &case, true).expect("partial");
        assert_eq!(inputs[1], None);
        // The peildatum is always required.
        let e = decode(&program(), &json!({}), true).expect_err("no peildatum");
        assert_eq!(e[0].path, "$.peildatum");
    }

    #[test]
    fn a_missing_input_or_field_is_named_with_its_question_or_label() {
        let mut p = program();
        let inkomen = &mut p.inputs[1];
        inkomen.label = Some("netto inkomen".into());
        inkomen.question = Some("Hoeveel inkomen heeft het huishouden per maand?".into());
        p.inputs[6].label = Some("naam van de aanvrager".into());
        let mut types = (*p.types).clone();
        types.records[0].field_labels = vec![Some("geboortedatum van de persoon".into()), None];
        p.types = Arc::new(types);
        let case = json!({"peildatum": "2025-03-01", "naam": "Jan", "aanvrager": {}});
        let messages: Vec<(String, String)> = decode(&p, &case, false)
            .expect_err("has errors")
            .into_iter()
            .map(|e| (e.path, e.message))
            .collect();
        // The path stays the name; the message adds what the person was asked.
        assert!(messages.contains(&(
            "$.inkomen".to_string(),
            "de invoer `inkomen` (Hoeveel inkomen heeft het huishouden per maand?) ontbreekt"
                .to_string()
        )));
        assert!(messages.contains(&(
            "$.aanvrager.geboortedatum".to_string(),
            "het veld `geboortedatum` (geboortedatum van de persoon) van Persoon ontbreekt"
                .to_string()
        )));
        // Without a label or question, the name alone, as before.
        assert!(messages.contains(&(
            "$.aantal".to_string(),
            "de invoer `aantal` ontbreekt".to_string()
        )));
        let case = json!({"peildatum": "2025-03-01", "inkomen": null});
        let messages: Vec<String> = decode(&p, &case, false)
            .expect_err("has errors")
            .into_iter()
            .map(|e| e.message)
            .collect();
        assert!(messages.contains(
            &"de invoer `inkomen` (Hoeveel inkomen heeft het huishouden per maand?) mag niet leeg zijn"
                .to_string()
        ));
    }

    #[test]
    fn a_value_outside_its_range_is_refused_with_path_and_range() {
        let mut program = program();
        let range = |min: Option<&str>, max: Option<&str>| {
            Some(crate::ir::Range {
                min: min.map(|m| Decimal::from_str(m).expect("decimal")),
                max: max.map(|m| Decimal::from_str(m).expect("decimal")),
            })
        };
        program.inputs[1].range = range(Some("0"), None);
        program.inputs[2].range = range(Some("0"), None);
        program.inputs[3].range = range(Some("0"), Some("1"));
        // The bounds themselves are allowed.
        let mut case = full();
        let obj = case.as_object_mut().expect("object");
        obj.insert("inkomen".into(), json!("0"));
        obj.insert("aantal".into(), json!(0));
        obj.insert("korting".into(), json!("100%"));
        assert!(decode(&program, &case, false).is_ok());
        // Every value outside is reported, not only the first.
        let obj = case.as_object_mut().expect("object");
        obj.insert("inkomen".into(), json!("-0.01"));
        obj.insert("aantal".into(), json!(-1));
        obj.insert("korting".into(), json!("100.5%"));
        let found: Vec<(String, String)> = decode(&program, &case, false)
            .expect_err("out of range")
            .into_iter()
            .map(|e| (e.path, e.message))
            .collect();
        let expected = [
            (
                "$.inkomen",
                "-€ 0,01 per maand valt buiten het toegestane bereik (ten minste € 0,00 per maand)",
            ),
            (
                "$.aantal",
                "-1 valt buiten het toegestane bereik (ten minste 0)",
            ),
            (
                "$.korting",
                "100,5% valt buiten het toegestane bereik (van 0% tot en met 100%)",
            ),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(p, m)| (p.to_string(), m.to_string()))
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn a_gegeven_field_outside_its_range_is_refused_with_its_path_like_an_input() {
        let mut program = program();
        std::sync::Arc::make_mut(&mut program.types).records[0].field_ranges = vec![
            None,
            Some(crate::ir::Range {
                min: Some(Decimal::ZERO),
                max: None,
            }),
        ];
        let mut case = full();
        let obj = case.as_object_mut().expect("object");
        obj.insert(
            "kinderen".into(),
            json!([
                { "geboortedatum": "2015-01-01", "inkomen": "0" },
                { "geboortedatum": "2016-01-01", "inkomen": "-0.01" },
                { "geboortedatum": "2017-01-01", "inkomen": null }
            ]),
        );
        let found: Vec<(String, String)> = decode(&program, &case, false)
            .expect_err("out of range")
            .into_iter()
            .map(|e| (e.path, e.message))
            .collect();
        assert_eq!(
            found,
            [(
                "$.kinderen[1].inkomen".to_string(),
                "-€ 0,01 per maand valt buiten het toegestane bereik (ten minste € 0,00 per maand)"
                    .to_string()
            )]
        );
        // The bound itself and an empty optional field are allowed.
        let obj = case.as_object_mut().expect("object");
        obj.insert(
            "kinderen".into(),
            json!([{ "geboortedatum": "2015-01-01", "inkomen": "0" }]),
        );
        assert!(decode(&program, &case, false).is_ok());
    }

    #[test]
    fn every_mistake_is_reported_with_its_path() {
        let case = json!({
            "peildatum": "2025-02-30",
            "inkomen": 1345.45,
            "aantal": "2",
            "korting": "0.125",
            "factor": "1,5",
            "gehuwd": "nee",
            "naam": 3,
            "leefvorm": "samenwonend",
            "aanvrager": { "geboortedatum": "1980-2-1", "inkomen": "100.005", "bsn": "1" },
            "kinderen": [ { "geboortedatum": "2015-01-01" }, { "inkomen": null } ],
            "partner": [],
            "wachttijd": { "jaren": 1.5, "eeuwen": 1 },
            "inkomen_partner": "10.00"
        });
        let got = errors(case);
        let want: Vec<(&str, &str)> = vec![
            ("$.peildatum", "`2025-02-30` is geen geldige datum (verwacht JJJJ-MM-DD)"),
            ("$.inkomen", "een bedrag wordt als tekst geschreven, bijvoorbeeld \"1345.45\" (geen JSON-getal: dat kan afrondingsfouten geven)"),
            ("$.aantal", "een geheel getal wordt als JSON-getal geschreven (3), niet als tekst (\"2\")"),
            ("$.korting", "een percentage wordt geschreven met %-teken, bijvoorbeeld \"12.5%\"; `0.125` heeft er geen"),
            ("$.factor", "`1,5` is geen geldig getal; schrijf een getal als \"0.5\" (punt als decimaalteken, geen duizendtallen)"),
            ("$.gehuwd", "verwacht ja/nee als `true` of `false`, maar kreeg de tekst \"nee\""),
            ("$.naam", "verwacht tekst, maar kreeg het getal 3"),
            ("$.leefvorm", "`samenwonend` is geen waarde van Leefvorm; toegestaan: `alleenstaand`, `alleenstaande_ouder`, `gehuwd`"),
            ("$.aanvrager.geboortedatum", "`1980-2-1` is geen geldige datum (verwacht JJJJ-MM-DD)"),
            ("$.aanvrager.inkomen", "een bedrag heeft ten hoogste twee decimalen; `100.005` heeft er meer"),
            ("$.aanvrager.bsn", "onbekend veld `bsn` voor Persoon"),
            ("$.kinderen[1].geboortedatum", "het veld `geboortedatum` van Persoon ontbreekt"),
            ("$.partner", "verwacht een Persoon als JSON-object, maar kreeg een lijst"),
            ("$.wachttijd.jaren", "verwacht een geheel getal, maar kreeg een JSON-getal dat geen geheel getal is (met decimalen, een exponent of te veel cijfers)"),
            ("$.wachttijd.eeuwen", "onbekende eenheid `eeuwen` voor een duur"),
            ("$.inkomen_partner", "onbekende invoer `inkomen_partner` voor Testregeling"),
        ];
        let got: Vec<(&str, &str)> = got.iter().map(|(p, m)| (p.as_str(), m.as_str())).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn members_in_any_order_decode_alike_and_unknown_keys_keep_the_case_order() {
        let in_order = decode(&program(), &full(), false).expect("valid");
        let members: Vec<(String, Json)> = full()
            .as_object()
            .expect("object")
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        // Reversed, and rotated so the search for the next input wraps around.
        let mut reversed = members.clone();
        reversed.reverse();
        let mut rotated = members.clone();
        rotated.rotate_left(5);
        for shuffled in [reversed, rotated] {
            let case = Json::Object(shuffled.into_iter().collect());
            assert_eq!(decode(&program(), &case, false).expect("valid"), in_order);
        }
        // Unknown keys between known ones: reported after the inputs' own
        // errors, in the order the case has them.
        let mut with_unknown = members;
        with_unknown.insert(3, ("zzz".into(), json!(1)));
        with_unknown.insert(1, ("aaa".into(), json!(2)));
        with_unknown.retain(|(k, _)| k != "aantal");
        let got = errors(Json::Object(with_unknown.into_iter().collect()));
        let paths: Vec<&str> = got.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["$.aantal", "$.aaa", "$.zzz"]);
    }

    #[test]
    fn unknown_names_get_a_suggestion() {
        let mut case = full();
        let obj = case.as_object_mut().expect("object");
        let v = obj.remove("leefvorm").expect("present");
        obj.insert("leefvrom".into(), v);
        let got = errors(case);
        assert!(got.contains(&(
            "$.leefvrom".to_string(),
            "onbekende invoer `leefvrom` voor Testregeling; bedoelt u `leefvorm`?".to_string()
        )));
        assert!(got.contains(&(
            "$.leefvorm".to_string(),
            "de invoer `leefvorm` ontbreekt".to_string()
        )));
    }

    #[test]
    fn null_for_a_required_input_or_field() {
        let mut case = full();
        case["gehuwd"] = Json::Null;
        case["aanvrager"]["geboortedatum"] = Json::Null;
        assert_eq!(
            errors(case),
            [
                (
                    "$.gehuwd".to_string(),
                    "de invoer `gehuwd` mag niet leeg zijn".to_string()
                ),
                (
                    "$.aanvrager.geboortedatum".to_string(),
                    "het veld `geboortedatum` van Persoon mag niet leeg zijn".to_string()
                ),
            ]
        );
    }

    #[test]
    fn a_case_must_be_an_object() {
        let e = decode(&program(), &json!([1]), false).expect_err("not an object");
        assert_eq!(
            e,
            [CaseError {
                path: "$".into(),
                message: "de casus moet een JSON-object zijn".into()
            }]
        );
    }

    #[test]
    fn numbers_are_strict() {
        for ok in ["0", "-1", "1345.45", "0.5", "007"] {
            assert!(parse_decimal(ok).is_some(), "{ok}");
        }
        for bad in [
            "",
            "-",
            "1.",
            ".5",
            "1e3",
            "+1",
            " 1",
            "1,5",
            "1.000.000",
            "0x10",
            "NaN",
        ] {
            assert!(parse_decimal(bad).is_none(), "{bad}");
        }
        assert_eq!(
            parse_iso_date("2024-02-29"),
            chrono::NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        assert_eq!(
            parse_iso_date("0001-12-31"),
            chrono::NaiveDate::from_ymd_opt(1, 12, 31)
        );
        for bad in [
            "2025-02-29",
            "2025-1-01",
            "20250101",
            "2025-01-01T00:00",
            "+2025-01-01",
            "2025-13-01",
            "2025-00-10",
            "2025-04-31",
        ] {
            assert!(parse_iso_date(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn decode_value_prefixes_paths() {
        let t = program().types.clone();
        let e = decode_value(
            &t,
            &Type::Money(None),
            &json!("1.234"),
            "$.afwijkingen.norm",
        )
        .expect_err("too precise");
        assert_eq!(e[0].path, "$.afwijkingen.norm");
        assert_eq!(
            decode_value(&t, &Type::Money(None), &json!("21.80"), "$"),
            Ok(n("21.80"))
        );
    }

    /// The case size limits (`crate::limits`) refuse a list, a text or a
    /// nesting one past the limit with the value's path, and accept one at
    /// the limit.
    #[test]
    fn case_size_limits() {
        let child = json!({ "geboortedatum": "2015-01-01" });
        let mut case = full();
        case["kinderen"] = Json::Array(vec![child.clone(); MAX_LIST_LEN]);
        case["naam"] = Json::String("é".repeat(MAX_TEXT_LEN));
        assert!(decode(&program(), &case, false).is_ok());

        case["kinderen"] = Json::Array(vec![child; MAX_LIST_LEN + 1]);
        case["naam"] = Json::String("é".repeat(MAX_TEXT_LEN + 1));
        assert_eq!(
            errors(case),
            vec![
                (
                    "$.naam".to_string(),
                    "de tekst heeft 10.001 tekens; een casus mag ten hoogste 10.000 tekens per tekst hebben".to_string()
                ),
                (
                    "$.kinderen".to_string(),
                    "de lijst heeft 1.001 elementen; een casus mag ten hoogste 1.000 elementen per lijst hebben".to_string()
                ),
            ]
        );

        // Lists of lists, one level deeper than allowed.
        let mut ty = Type::Integer;
        let mut value = json!(1);
        for _ in 0..=MAX_CASE_DEPTH {
            ty = Type::List(Box::new(ty));
            value = json!([value]);
        }
        let types = program().types;
        let e = decode_value(&types, &ty, &value, "$.lijst").expect_err("too deep");
        assert_eq!(e.len(), 1);
        assert_eq!(
            e[0].path,
            format!("$.lijst{}", "[0]".repeat(MAX_CASE_DEPTH))
        );
        assert!(e[0].message.contains("te diep genest"), "{}", e[0].message);
        let (Type::List(shallower), Json::Array(items)) = (&ty, &value) else {
            unreachable!("built as lists")
        };
        assert!(decode_value(&types, shallower, &items[0], "$.lijst").is_ok());
    }
}
