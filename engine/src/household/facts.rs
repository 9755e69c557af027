//! The household facts of a set of programs: which inputs take which fact
//! (by name, or by the input's `feit`), whether two takers agree on its
//! type, and which members of a household value no taker knows.

use crate::case::CaseError;
use crate::ir::{InputDef, InputId, Program};
use crate::types::{Type, TypeTable};
use serde_json::Value as Json;

/// One household fact and the inputs that take it, in the order the
/// programs ask them (the first taker's question is the household's).
#[derive(Debug, Clone)]
pub struct Fact<'p> {
    pub name: &'p str,
    pub takers: Vec<Taker<'p>>,
}

/// One input of one program that takes a fact.
#[derive(Debug, Clone, Copy)]
pub struct Taker<'p> {
    pub program: &'p Program,
    pub input: InputId,
}

impl<'p> Taker<'p> {
    pub fn def(&self) -> &'p InputDef {
        &self.program.inputs[self.input as usize]
    }
    pub fn types(&self) -> &'p TypeTable {
        &self.program.types
    }
}

/// Every fact the programs take (not `peildatum`, which the household
/// gives once for all), first occurrence first.
pub fn facts<'p>(programs: &[&'p Program]) -> Vec<Fact<'p>> {
    let mut facts: Vec<Fact<'p>> = Vec::new();
    for &program in programs {
        for (slot, input) in program.inputs.iter().enumerate() {
            if slot == program.peildatum as usize {
                continue;
            }
            let taker = Taker {
                program,
                input: slot as InputId,
            };
            let name = input.fact_name();
            match facts.iter_mut().find(|f| f.name == name) {
                Some(f) => f.takers.push(taker),
                None => facts.push(Fact {
                    name,
                    takers: vec![taker],
                }),
            }
        }
    }
    facts
}

/// How deep types are compared and values walked: a gegeven holding a list
/// of itself has no end, real facts are a few levels deep.
const MAX_DEPTH: usize = 16;

/// Why two takers cannot share a fact (`None`: they can). Optionality
/// does not matter (the one that needs a value refuses an empty one);
/// a gegeven may have fields the other lacks (the household value holds
/// the union), but a shared field must agree; keuzes must have the same
/// values.
pub fn incompatibility(a: (&TypeTable, &Type), b: (&TypeTable, &Type)) -> Option<String> {
    differ(a, b, 0)
}

fn differ(a: (&TypeTable, &Type), b: (&TypeTable, &Type), depth: usize) -> Option<String> {
    let ((ta, a_ty), (tb, b_ty)) = (a, b);
    if depth > MAX_DEPTH {
        return None;
    }
    let shown = || format!("`{}` en `{}`", ta.display(a_ty), tb.display(b_ty));
    match (a_ty.strip_optional(), b_ty.strip_optional()) {
        (Type::List(x), Type::List(y)) => differ((ta, x), (tb, y), depth + 1),
        (Type::Enum(x), Type::Enum(y)) => {
            let (ex, ey) = (&ta.enums[*x as usize], &tb.enums[*y as usize]);
            let mut vx: Vec<&String> = ex.values.iter().collect();
            let mut vy: Vec<&String> = ey.values.iter().collect();
            vx.sort();
            vy.sort();
            (vx != vy).then(|| {
                format!(
                    "de keuzes `{}` en `{}` hebben andere waarden ({} tegenover {})",
                    ex.name,
                    ey.name,
                    ex.values.join(", "),
                    ey.values.join(", ")
                )
            })
        }
        (Type::Record(x), Type::Record(y)) => {
            let (rx, ry) = (&ta.records[*x as usize], &tb.records[*y as usize]);
            rx.fields.iter().find_map(|(name, fx)| {
                let (_, fy) = ry.fields.iter().find(|(n, _)| n == name)?;
                differ((ta, fx), (tb, fy), depth + 1)
                    .map(|why| format!("het veld `{name}` verschilt: {why}"))
            })
        }
        (x, y) if x == y => None,
        _ => Some(format!("andere typen: {}", shown())),
    }
}

/// Reports every member of `json` (a fact's household value) that none of
/// the takers' types has: a record field no taker's gegeven declares.
pub fn unknown_members(
    json: &Json,
    takers: &[(&TypeTable, &Type)],
    path: &str,
    errors: &mut Vec<CaseError>,
) {
    walk(json, takers, path, errors, 0);
}

fn walk(
    json: &Json,
    types: &[(&TypeTable, &Type)],
    path: &str,
    errors: &mut Vec<CaseError>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    match json {
        Json::Array(items) => {
            let elems: Vec<(&TypeTable, &Type)> = types
                .iter()
                .filter_map(|&(t, ty)| match ty.strip_optional() {
                    Type::List(e) => Some((t, &**e)),
                    _ => None,
                })
                .collect();
            for (k, item) in items.iter().enumerate() {
                walk(item, &elems, &format!("{path}[{k}]"), errors, depth + 1);
            }
        }
        Json::Object(members) => {
            let records: Vec<(&TypeTable, &crate::types::RecordType)> = types
                .iter()
                .filter_map(|&(t, ty)| match ty.strip_optional() {
                    Type::Record(r) => t.records.get(*r as usize).map(|r| (t, r)),
                    _ => None,
                })
                .collect();
            if records.is_empty() {
                return;
            }
            for (key, value) in members {
                let fields: Vec<(&TypeTable, &Type)> = records
                    .iter()
                    .filter_map(|&(t, r)| {
                        r.fields
                            .iter()
                            .find(|(n, _)| n == key)
                            .map(|(_, ty)| (t, ty))
                    })
                    .collect();
                let member_path = format!("{path}.{key}");
                if fields.is_empty() {
                    let known = records
                        .iter()
                        .flat_map(|(_, r)| r.fields.iter().map(|(n, _)| n.as_str()));
                    errors.push(unknown(&member_path, "het veld", key, known));
                } else {
                    walk(value, &fields, &member_path, errors, depth + 1);
                }
            }
        }
        _ => {}
    }
}

/// `onbekend veld `x`; bedoelde u `y`?`: the error for a name nobody takes.
pub fn unknown<'c>(
    path: &str,
    what: &str,
    name: &str,
    known: impl IntoIterator<Item = &'c str>,
) -> CaseError {
    let mut message = format!("{what} `{name}` wordt door geen van de gekozen regelingen gevraagd");
    if let Some(meant) = grammar::suggest::closest(name, known) {
        message.push_str(&format!("; bedoelde u `{meant}`?"));
    }
    CaseError {
        path: path.to_string(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::Builder;
    use grammar::ast::Period;

    fn table_with(fields: Vec<(&str, Type)>, values: &[&str]) -> (TypeTable, Type, Type) {
        let mut b = Builder::new();
        let e = b.enumeration("Soort", values);
        let r = b.record_type("Persoon", fields);
        b.input("x", Type::Record(r));
        let program = b.build();
        ((*program.types).clone(), Type::Record(r), Type::Enum(e))
    }

    #[test]
    fn records_share_fields_of_one_type_and_may_differ_in_others() {
        let (a, ra, _) = table_with(vec![("geboortedatum", Type::Date)], &["x"]);
        let (b, rb, _) = table_with(
            vec![("geboortedatum", Type::Date), ("naam", Type::Text)],
            &["x"],
        );
        assert_eq!(incompatibility((&a, &ra), (&b, &rb)), None);
        let (c, rc, _) = table_with(vec![("geboortedatum", Type::Text)], &["x"]);
        let why = incompatibility((&a, &ra), (&c, &rc)).expect("a shared field differs");
        assert!(why.contains("`geboortedatum`"), "{why}");
    }

    #[test]
    fn periods_keuze_values_and_kinds_must_agree_but_optionality_need_not() {
        let t = TypeTable::default();
        let month = Type::Money(Some(Period::Month));
        let year = Type::Money(Some(Period::Year));
        assert!(incompatibility((&t, &month), (&t, &year)).is_some());
        assert!(incompatibility((&t, &month), (&t, &Type::Bool)).is_some());
        assert_eq!(
            incompatibility((&t, &month.clone().optional()), (&t, &month)),
            None
        );
        let (a, _, ea) = table_with(vec![], &["huishouden", "wassen"]);
        let (b, _, eb) = table_with(vec![], &["wassen", "huishouden"]);
        let (c, _, ec) = table_with(vec![], &["huishouden"]);
        assert_eq!(
            incompatibility((&a, &ea), (&b, &eb)),
            None,
            "order does not matter"
        );
        assert!(incompatibility((&a, &ea), (&c, &ec)).is_some());
    }

    #[test]
    fn a_record_field_no_taker_knows_is_reported_with_its_path_and_a_suggestion() {
        let (a, ra, _) = table_with(vec![("geboortedatum", Type::Date)], &["x"]);
        let list = Type::List(Box::new(ra.clone()));
        let json = serde_json::json!([{ "geboortedatum": "2010-01-01" }, { "geboortedatm": "2012-01-01" }]);
        let mut errors = Vec::new();
        unknown_members(&json, &[(&a, &list)], "$.huishouden.kinderen", &mut errors);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].path, "$.huishouden.kinderen[1].geboortedatm");
        assert!(
            errors[0].message.contains("bedoelde u `geboortedatum`?"),
            "{}",
            errors[0].message
        );
    }
}
