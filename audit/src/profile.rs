//! A population profile: the distributions a synthetic population is drawn
//! from, written as a JSON file beside the population (never in code), and
//! checked against the regeling's inputs before a single case is drawn.
//!
//! ```json
//! { "regeling": "heemskerk.minimaregelingen",
//!   "beschrijving": "huishoudens rond het sociaal minimum",
//!   "invoer": { "woont_in_gemeente": { "kans": 970 } },
//!   "groepen": [
//!     { "naam": "alleenstaand", "gewicht": 460,
//!       "invoer": { "partner": null,
//!                   "inkomen_per_maand": { "deel_van": { "parameter": "bijstand.bijstandsnorm_alleenstaande_21_tot_aow",
//!                                                        "tienduizendsten": [9300, 9999] } } } } ] }
//! ```
//!
//! A profile is a group: `invoer` gives a value per input, `groepen` (each
//! with an integer `gewicht`) refine it; one subgroup is drawn per case and
//! its `invoer` replaces the parent's for the inputs it names. That is how
//! inputs depend on each other (a pensioner's income around the AOW norm).
//! Inputs the profile does not name are drawn from their type alone.
//!
//! A value is a literal (`null`, `true`, `"huishouden"`, `3`, `"12.50"`), a
//! record (an object of field values), a fixed list (an array), or one of:
//! `{"kans": ‰}` (ja/nee), `{"keuze": {"waarde": gewicht, …}}`,
//! `{"geheel": [van, tot]}`, `{"bedrag": ["van", "tot"]}` (whole cents),
//! `{"deel_van": {"parameter" | "veld": naam, "tienduizendsten": [van, tot]}}`
//! (a share of a parameter of the regeling on the peildatum, or of a field
//! drawn before it in the same object, rounded to cents), `{"leeftijd":
//! [van, tot]}` (a date of birth, whole years on the peildatum),
//! `{"dagen_geleden": [van, tot]}`, `{"mengsel": [[gewicht, waarde], …]}`,
//! `{"lijst": {"aantal": waarde, "element": waarde}}`. Probabilities and
//! weights are integers; ranges are inclusive.

use chrono::NaiveDate;
use engine::eval::params::ResolvedParams;
use engine::ir::Program;
use engine::types::{Type, TypeTable};
use rust_decimal::Decimal;
use serde_json::{Map, Value as Json};

/// The oldest age a profile may ask for, in years.
const MAX_AGE: i64 = 130;
/// The furthest back a date may lie, in days (about 150 years).
const MAX_DAYS: i64 = 55_000;
/// The longest list a profile may ask for.
const MAX_LIST: i64 = 1_000;
/// The largest share, in ten-thousandths (a hundred times the whole).
const MAX_SHARE: i64 = 1_000_000;

/// The distribution of one value.
#[derive(Debug, Clone, PartialEq)]
pub enum Spec {
    /// Exactly this JSON.
    Literal(Json),
    /// `true` with this many per mille.
    Chance(u32),
    /// One of the values, by weight.
    Choice(Vec<(String, u32)>),
    /// A whole number in the range.
    Integer(i64, i64),
    /// Money in whole cents in the range.
    Amount(i64, i64),
    /// A share (in ten-thousandths, range) of a fixed amount in cents: a
    /// parameter's value on the peildatum.
    ShareOf(i64, i64, i64),
    /// A share (in ten-thousandths, range) of a field drawn earlier in the
    /// same object.
    ShareOfField(String, i64, i64),
    /// A date of birth: this many whole years old on the peildatum.
    Age(i64, i64),
    /// A date this many days before the peildatum.
    DaysAgo(i64, i64),
    /// One of the values, by weight.
    Mix(Vec<(u32, Spec)>),
    /// A list with a drawn length.
    List(Box<Spec>, Box<Spec>),
    /// An object, field by field.
    Record(Vec<(String, Spec)>),
    /// A list of exactly these values.
    Items(Vec<Spec>),
}

/// A group of a profile: values for some inputs and weighted subgroups.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub weight: u32,
    pub inputs: Vec<(String, Spec)>,
    pub groups: Vec<Group>,
}

/// A profile read and checked against one program on one peildatum.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub description: String,
    pub root: Group,
}

/// What checking a value needs: the program's types and parameters.
struct Context<'p> {
    program: &'p Program,
    types: &'p TypeTable,
    params: ResolvedParams,
}

impl Profile {
    /// Reads a profile for `program` with all cases on `peildatum`; a Dutch
    /// error with the place in the profile (`groepen[1].invoer.vermogen`)
    /// when it names an unknown input, field, keuze value or parameter, or
    /// gives a value that does not fit the input's type.
    pub fn read(json: &Json, program: &Program, peildatum: NaiveDate) -> Result<Profile, String> {
        let obj = json
            .as_object()
            .ok_or("een profiel is een JSON-object met `invoer` en/of `groepen`")?;
        if let Some(id) = obj.get("regeling") {
            if id.as_str() != Some(program.info.id.as_str()) {
                return Err(format!(
                    "het profiel is voor regeling {id}, niet voor `{}`",
                    program.info.id
                ));
            }
        }
        let description = match obj.get("beschrijving") {
            None => "volgens profiel".to_string(),
            Some(Json::String(s)) => s.clone(),
            Some(_) => return Err("`beschrijving` is een tekst".into()),
        };
        let ctx = Context {
            program,
            types: &program.types,
            params: ResolvedParams::new(program, peildatum),
        };
        let root = group(&ctx, obj, "", &["regeling", "beschrijving"])?;
        Ok(Profile { description, root })
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn group(
    ctx: &Context,
    obj: &Map<String, Json>,
    path: &str,
    extra: &[&str],
) -> Result<Group, String> {
    for key in obj.keys() {
        if !["invoer", "groepen", "gewicht", "naam"].contains(&key.as_str())
            && !extra.contains(&key.as_str())
        {
            return Err(format!("{}: onbekend veld in het profiel", join(path, key)));
        }
    }
    let weight = match obj.get("gewicht") {
        None => 1,
        Some(w) => weight_of(w, &join(path, "gewicht"))?,
    };
    let mut inputs = Vec::new();
    if let Some(inv) = obj.get("invoer") {
        let p = join(path, "invoer");
        let inv = inv
            .as_object()
            .ok_or_else(|| format!("{p}: verwacht een object met een waarde per invoer"))?;
        for (name, value) in inv {
            let here = join(&p, name);
            let input = ctx
                .program
                .inputs
                .iter()
                .enumerate()
                .find(|(i, d)| d.name == *name && *i as u32 != ctx.program.peildatum)
                .map(|(_, d)| d)
                .ok_or_else(|| {
                    format!(
                        "{here}: regeling `{}` heeft geen invoer `{name}`",
                        ctx.program.info.id
                    )
                })?;
            let s = spec(ctx, value, &input.ty, &here)?;
            if let Some(field) = fields_used(&s).first() {
                return Err(format!(
                    "{here}: een deel van veld `{field}` kan alleen binnen een object met dat veld ervoor"
                ));
            }
            inputs.push((name.clone(), s));
        }
    }
    let mut groups = Vec::new();
    if let Some(gs) = obj.get("groepen") {
        let p = join(path, "groepen");
        let gs = gs
            .as_array()
            .filter(|a| !a.is_empty())
            .ok_or_else(|| format!("{p}: verwacht een niet-lege lijst van groepen"))?;
        for (i, g) in gs.iter().enumerate() {
            let here = format!("{p}[{i}]");
            let g = g
                .as_object()
                .ok_or_else(|| format!("{here}: een groep is een object"))?;
            groups.push(group(ctx, g, &here, &[])?);
        }
        some_weight(groups.iter().map(|g| g.weight), &p)?;
    }
    Ok(Group {
        weight,
        inputs,
        groups,
    })
}

fn weight_of(j: &Json, path: &str) -> Result<u32, String> {
    j.as_u64()
        .and_then(|w| u32::try_from(w).ok())
        .ok_or_else(|| format!("{path}: een gewicht is een geheel getal van 0 tot 4.294.967.295"))
}

/// A draw by weight needs at least one weight above 0.
fn some_weight(mut weights: impl Iterator<Item = u32>, path: &str) -> Result<(), String> {
    if weights.any(|w| w > 0) {
        Ok(())
    } else {
        Err(format!("{path}: alle gewichten zijn 0"))
    }
}

/// `[van, tot]` as whole numbers with `van <= tot`.
fn int_range(j: &Json, path: &str) -> Result<(i64, i64), String> {
    match j.as_array().map(Vec::as_slice) {
        Some([a, b]) => match (a.as_i64(), b.as_i64()) {
            (Some(a), Some(b)) if a <= b => Ok((a, b)),
            _ => Err(format!(
                "{path}: verwacht [van, tot] met gehele getallen, van <= tot"
            )),
        },
        _ => Err(format!("{path}: verwacht [van, tot]")),
    }
}

/// An amount as written in the profile (`"12.50"`, `"2000"`, or a whole
/// number of euros) in whole cents.
fn cents_of(j: &Json, path: &str) -> Result<i64, String> {
    let d = match j {
        Json::String(s) => s.parse::<Decimal>().ok(),
        Json::Number(n) => n.as_i64().map(Decimal::from),
        _ => None,
    };
    d.filter(|d| d.scale() <= 2 || d.normalize().scale() <= 2)
        .and_then(|d| d.checked_mul(Decimal::ONE_HUNDRED))
        .and_then(|c| i64::try_from(c).ok())
        .ok_or_else(|| format!("{path}: {j} is geen bedrag in hele centen (zoals \"12.50\")"))
}

fn type_error(ctx: &Context, ty: &Type, path: &str, what: &str) -> String {
    format!(
        "{path}: {what} past niet bij het type {}",
        ctx.types.display(ty)
    )
}

/// Reads one value for type `ty`.
fn spec(ctx: &Context, j: &Json, ty: &Type, path: &str) -> Result<Spec, String> {
    if let Type::Optional(inner) = ty {
        return match j {
            Json::Null => Ok(Spec::Literal(Json::Null)),
            _ => spec(ctx, j, inner, path),
        };
    }
    if let Json::Object(obj) = j {
        if obj.len() == 1 {
            if let Some((key, arg)) = obj.iter().next() {
                if let Some(s) = keyword(ctx, key, arg, ty, &join(path, key))? {
                    return Ok(s);
                }
            }
        }
    }
    let fits = match (j, ty) {
        (Json::Bool(_), Type::Bool) | (Json::String(_), Type::Text) => true,
        (Json::Number(n), Type::Integer) => n.as_i64().is_some(),
        (Json::String(s), Type::Enum(id)) => ctx
            .types
            .enums
            .get(*id as usize)
            .is_some_and(|e| e.values.contains(s)),
        (Json::String(_), Type::Money(_)) => {
            cents_of(j, path)?;
            true
        }
        (Json::String(s), Type::Date) => engine::case::parse_iso_date(s).is_some(),
        (Json::String(s), Type::Number | Type::Percentage) => {
            s.trim_end_matches('%').parse::<Decimal>().is_ok()
        }
        (Json::Array(items), Type::List(inner)) => {
            let specs = items
                .iter()
                .enumerate()
                .map(|(i, item)| spec(ctx, item, inner, &format!("{path}[{i}]")))
                .collect::<Result<_, _>>()?;
            return Ok(Spec::Items(specs));
        }
        (Json::Object(obj), Type::Record(id)) => {
            let Some(record) = ctx.types.records.get(*id as usize) else {
                return Err(type_error(ctx, ty, path, "een object"));
            };
            let mut fields = Vec::new();
            for (name, value) in obj {
                let here = join(path, name);
                let (_, fty) = record
                    .fields
                    .iter()
                    .find(|(f, _)| f == name)
                    .ok_or_else(|| {
                        format!("{here}: {} heeft geen veld `{name}`", ctx.types.display(ty))
                    })?;
                let s = spec(ctx, value, fty, &here)?;
                for used in fields_used(&s) {
                    if !fields.iter().any(|(f, _)| f == used) {
                        return Err(format!(
                            "{here}: een deel van veld `{used}` kan alleen als `{used}` eerder in dit object staat"
                        ));
                    }
                }
                fields.push((name.clone(), s));
            }
            return Ok(Spec::Record(fields));
        }
        _ => false,
    };
    if fits {
        Ok(Spec::Literal(j.clone()))
    } else {
        Err(type_error(ctx, ty, path, &format!("{j}")))
    }
}

/// A one-key object whose key is a keyword; `None` when the key is not
/// one (then the object is a record).
fn keyword(
    ctx: &Context,
    key: &str,
    arg: &Json,
    ty: &Type,
    path: &str,
) -> Result<Option<Spec>, String> {
    let want = |ok: bool, what: &str| {
        if ok {
            Ok(())
        } else {
            Err(type_error(ctx, ty, path, what))
        }
    };
    let s = match key {
        "kans" => {
            want(*ty == Type::Bool, "`kans` (ja/nee)")?;
            let pm = arg.as_u64().filter(|p| *p <= 1000).ok_or_else(|| {
                format!("{path}: een kans is een geheel aantal promille, 0 tot 1000")
            })?;
            Spec::Chance(pm as u32)
        }
        "keuze" => {
            let options = arg
                .as_object()
                .filter(|o| !o.is_empty())
                .ok_or_else(|| format!("{path}: verwacht {{\"waarde\": gewicht, …}}"))?;
            let mut out = Vec::new();
            for (value, w) in options {
                spec(ctx, &Json::String(value.clone()), ty, &join(path, value))?;
                out.push((value.clone(), weight_of(w, &join(path, value))?));
            }
            some_weight(out.iter().map(|(_, w)| *w), path)?;
            Spec::Choice(out)
        }
        "geheel" => {
            want(*ty == Type::Integer, "`geheel`")?;
            let (a, b) = int_range(arg, path)?;
            Spec::Integer(a, b)
        }
        "bedrag" => {
            want(matches!(ty, Type::Money(_)), "`bedrag`")?;
            match arg.as_array().map(Vec::as_slice) {
                Some([a, b]) => {
                    let (a, b) = (cents_of(a, path)?, cents_of(b, path)?);
                    if a > b {
                        return Err(format!("{path}: van is groter dan tot"));
                    }
                    Spec::Amount(a, b)
                }
                _ => return Err(format!("{path}: verwacht [\"van\", \"tot\"]")),
            }
        }
        "deel_van" => {
            want(matches!(ty, Type::Money(_)), "`deel_van`")?;
            share(ctx, arg, path)?
        }
        "leeftijd" | "dagen_geleden" => {
            want(*ty == Type::Date, &format!("`{key}`"))?;
            let (a, b) = int_range(arg, path)?;
            // Dates stay within chrono's range and near the peildatum.
            let most = if key == "leeftijd" { MAX_AGE } else { MAX_DAYS };
            if a < 0 || b > most {
                return Err(format!("{path}: buiten 0 tot {most}"));
            }
            if key == "leeftijd" {
                Spec::Age(a, b)
            } else {
                Spec::DaysAgo(a, b)
            }
        }
        "mengsel" => {
            let items = arg
                .as_array()
                .filter(|a| !a.is_empty())
                .ok_or_else(|| format!("{path}: verwacht [[gewicht, waarde], …]"))?;
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let here = format!("{path}[{i}]");
                match item.as_array().map(Vec::as_slice) {
                    Some([w, v]) => out.push((weight_of(w, &here)?, spec(ctx, v, ty, &here)?)),
                    _ => return Err(format!("{here}: verwacht [gewicht, waarde]")),
                }
            }
            some_weight(out.iter().map(|(w, _)| *w), path)?;
            Spec::Mix(out)
        }
        "lijst" => {
            let Type::List(inner) = ty else {
                return Err(type_error(ctx, ty, path, "`lijst`"));
            };
            let o = arg
                .as_object()
                .ok_or_else(|| format!("{path}: verwacht {{\"aantal\": …, \"element\": …}}"))?;
            let (Some(n), Some(e), 2) = (o.get("aantal"), o.get("element"), o.len()) else {
                return Err(format!("{path}: verwacht precies `aantal` en `element`"));
            };
            let count = spec(ctx, n, &Type::Integer, &join(path, "aantal"))?;
            if !counts_within(&count, MAX_LIST) {
                return Err(format!(
                    "{}: een lijst heeft 0 tot {MAX_LIST} elementen",
                    join(path, "aantal")
                ));
            }
            Spec::List(
                Box::new(count),
                Box::new(spec(ctx, e, inner, &join(path, "element"))?),
            )
        }
        _ => return Ok(None),
    };
    Ok(Some(s))
}

/// The fields a value takes a share of (in this object, not in nested ones).
fn fields_used(s: &Spec) -> Vec<&str> {
    match s {
        Spec::ShareOfField(f, _, _) => vec![f.as_str()],
        Spec::Mix(options) => options.iter().flat_map(|(_, s)| fields_used(s)).collect(),
        _ => Vec::new(),
    }
}

/// Whether every count `s` can give lies in `0..=most`.
fn counts_within(s: &Spec, most: i64) -> bool {
    match s {
        Spec::Literal(j) => j.as_i64().is_some_and(|n| (0..=most).contains(&n)),
        Spec::Integer(a, b) => *a >= 0 && *b <= most,
        Spec::Mix(options) => options.iter().all(|(_, s)| counts_within(s, most)),
        _ => false,
    }
}

/// `{"parameter" | "veld": naam, "tienduizendsten": [van, tot]}`.
fn share(ctx: &Context, arg: &Json, path: &str) -> Result<Spec, String> {
    let o = arg.as_object().ok_or_else(|| {
        format!("{path}: verwacht {{\"parameter\": naam, \"tienduizendsten\": [van, tot]}}")
    })?;
    let (low, high) = int_range(
        o.get("tienduizendsten").unwrap_or(&Json::Null),
        &join(path, "tienduizendsten"),
    )?;
    if low < 0 || high > MAX_SHARE {
        return Err(format!(
            "{}: buiten 0 tot {MAX_SHARE}",
            join(path, "tienduizendsten")
        ));
    }
    if o.len() != 2 {
        return Err(format!(
            "{path}: verwacht `parameter` of `veld`, en `tienduizendsten`"
        ));
    }
    if let Some(field) = o.get("veld").and_then(Json::as_str) {
        return Ok(Spec::ShareOfField(field.to_string(), low, high));
    }
    let Some(name) = o.get("parameter").and_then(Json::as_str) else {
        return Err(format!(
            "{path}: verwacht `parameter` of `veld` met een naam"
        ));
    };
    let program = ctx.program;
    let id = program
        .params
        .iter()
        .position(|p| p.name == name)
        .ok_or_else(|| {
            format!(
                "{path}: regeling `{}` heeft geen parameter `{name}`",
                program.info.id
            )
        })?;
    let value = ctx
        .params
        .get(program, id as u32)
        .map_err(|e| format!("{path}: {}", e.message))?
        .0;
    let cents = value
        .as_num()
        .filter(|_| matches!(program.params[id].ty, Type::Money(_)))
        .and_then(|d| d.checked_mul(Decimal::ONE_HUNDRED))
        .and_then(|c| i64::try_from(c.round()).ok())
        .ok_or_else(|| format!("{path}: parameter `{name}` is geen bedrag"))?;
    Ok(Spec::ShareOf(cents, low, high))
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::{Engine, SourceSet};

    const RULES: &str = "regeling \"Proef\"\n  id proef.profiel\n  geldig vanaf 2025-01-01\n\nkeuze Soort: klein | groot\n\ngegeven Persoon\n  geboortedatum: datum\n\ninvoer aanvrager: Persoon\ninvoer partner: Persoon?\ninvoer soort: Soort\ninvoer inkomen: bedrag per maand\ninvoer kinderen: geheel getal\ninvoer thuis: ja/nee\ninvoer gezin: lijst van Persoon\n\nuitvoer toeslag\n\nparameter norm: bedrag per maand\n  vanaf 2025-01-01: € 1.000\n  vanaf 2025-07-01: € 1.100\n\nregel toeslag: bedrag per maand = norm\n";

    fn read(profile: &str, on: &str) -> Result<Profile, String> {
        let mut set = SourceSet::new();
        set.add("proef/2025.regels", RULES);
        let engine = Engine::new(set);
        let date = engine::case::parse_iso_date(on).expect("a date");
        let program = engine.program("proef.profiel", date).expect("in force");
        let json: Json = serde_json::from_str(profile).expect("JSON");
        Profile::read(&json, program, date)
    }

    #[test]
    fn a_share_of_a_parameter_takes_its_value_on_the_peildatum() {
        let p = r#"{"invoer": {"inkomen": {"deel_van": {"parameter": "norm", "tienduizendsten": [9000, 11000]}}}}"#;
        let spec = |on| read(p, on).map(|p| p.root.inputs[0].1.clone());
        assert_eq!(spec("2025-03-01"), Ok(Spec::ShareOf(100_000, 9000, 11000)));
        assert_eq!(spec("2025-08-01"), Ok(Spec::ShareOf(110_000, 9000, 11000)));
    }

    #[test]
    fn groups_records_and_every_keyword_are_read() {
        let p = r#"{"beschrijving": "proef", "invoer": {"thuis": {"kans": 900}, "partner": null},
            "groepen": [
              {"gewicht": 3, "invoer": {"aanvrager": {"geboortedatum": {"leeftijd": [20, 30]}},
                                        "soort": {"keuze": {"klein": 1, "groot": 2}},
                                        "kinderen": {"mengsel": [[1, 0], [1, {"geheel": [1, 3]}]]}}},
              {"gewicht": 1, "invoer": {"inkomen": {"bedrag": ["0", "12.50"]}, "soort": "groot"}}]}"#;
        let p = read(p, "2025-03-01").expect("a valid profile");
        assert_eq!(p.description, "proef");
        assert_eq!(p.root.groups.len(), 2);
        assert_eq!(p.root.groups[1].inputs[0].1, Spec::Amount(0, 1250));
        assert_eq!(
            p.root.groups[0].inputs[0].1,
            Spec::Record(vec![("geboortedatum".into(), Spec::Age(20, 30))])
        );
    }

    #[test]
    fn mistakes_are_named_with_their_place() {
        let cases = [
            (
                r#"{"invoer": {"leeftijd": 3}}"#,
                "invoer.leeftijd: regeling `proef.profiel` heeft geen invoer `leeftijd`",
            ),
            (
                r#"{"invoer": {"soort": "middel"}}"#,
                "invoer.soort: \"middel\" past niet bij het type Soort",
            ),
            (
                r#"{"invoer": {"thuis": {"kans": 1001}}}"#,
                "invoer.thuis.kans: een kans is een geheel aantal promille, 0 tot 1000",
            ),
            (
                r#"{"invoer": {"kinderen": {"bedrag": ["1", "2"]}}}"#,
                "invoer.kinderen.bedrag: `bedrag` past niet bij het type geheel getal",
            ),
            (
                r#"{"invoer": {"inkomen": {"bedrag": ["1.005", "2"]}}}"#,
                "invoer.inkomen.bedrag: \"1.005\" is geen bedrag in hele centen (zoals \"12.50\")",
            ),
            (
                r#"{"invoer": {"inkomen": {"deel_van": {"parameter": "geen", "tienduizendsten": [1, 2]}}}}"#,
                "invoer.inkomen.deel_van: regeling `proef.profiel` heeft geen parameter `geen`",
            ),
            (
                r#"{"invoer": {"aanvrager": {"lengte": 3}}}"#,
                "invoer.aanvrager.lengte: Persoon heeft geen veld `lengte`",
            ),
            (
                r#"{"groepen": [{"gewicht": 0}]}"#,
                "groepen: alle gewichten zijn 0",
            ),
            (
                r#"{"regeling": "ander.id"}"#,
                "het profiel is voor regeling \"ander.id\", niet voor `proef.profiel`",
            ),
            (
                r#"{"invoer": {"kinderen": {"geheel": [3, 1]}}}"#,
                "invoer.kinderen.geheel: verwacht [van, tot] met gehele getallen, van <= tot",
            ),
            (
                r#"{"verdeling": 1}"#,
                "verdeling: onbekend veld in het profiel",
            ),
            (
                r#"{"invoer": {"aanvrager": {"geboortedatum": {"leeftijd": [0, 1000]}}}}"#,
                "invoer.aanvrager.geboortedatum.leeftijd: buiten 0 tot 130",
            ),
            (
                r#"{"invoer": {"inkomen": {"deel_van": {"parameter": "norm", "tienduizendsten": [0, 10000000]}}}}"#,
                "invoer.inkomen.deel_van.tienduizendsten: buiten 0 tot 1000000",
            ),
            (
                r#"{"invoer": {"gezin": {"lijst": {"aantal": {"mengsel": [[1, 2], [1, {"geheel": [0, 5000]}]]}, "element": {}}}}}"#,
                "invoer.gezin.lijst.aantal: een lijst heeft 0 tot 1000 elementen",
            ),
        ];
        for (profile, expected) in cases {
            assert_eq!(
                read(profile, "2025-03-01").err().as_deref(),
                Some(expected),
                "{profile}"
            );
        }
    }
}
