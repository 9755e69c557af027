//! Cases generated from a program's input schema ([`engine::schema`]): each
//! value well-formed for its type, so evaluation, not the case reader, is
//! what gets exercised. The fuzzer's bytes choose every value
//! ([`Unstructured`]), so coverage guidance steers them.

use arbitrary::{Result, Unstructured};
use chrono::{Days, NaiveDate};
use engine::case::iso_date;
use serde_json::{json, Map, Value as Json};

/// Lists are at most this long, gegevens nested at most this deep.
const MAX_LIST: usize = 4;
const MAX_DEPTH: u32 = 4;

/// A case for the schema `schema` on `peildatum`: every input of `invoer`
/// (an optional one or, when `partial`, any one may be left out).
pub fn case(
    u: &mut Unstructured,
    schema: &Json,
    peildatum: NaiveDate,
    partial: bool,
) -> Result<Json> {
    let mut case = Map::new();
    case.insert("peildatum".into(), json!(iso_date(peildatum)));
    for input in list(schema, "invoer") {
        let name = input["naam"].as_str().unwrap_or_default();
        if name == "peildatum" {
            continue;
        }
        let may_leave_out = partial || input["optioneel"] == json!(true);
        if may_leave_out && u.ratio(1, 5)? {
            continue;
        }
        let value = value(u, &input["type"], peildatum, 0)?;
        case.insert(name.into(), value);
    }
    Ok(Json::Object(case))
}

/// Overrides (afwijken) of some of the schema's `afwijkbaar` rules, as
/// `(rule name, value)`.
pub fn overrides(
    u: &mut Unstructured,
    schema: &Json,
    peildatum: NaiveDate,
) -> Result<Vec<(String, Json)>> {
    let mut out = Vec::new();
    for rule in list(schema, "afwijkbaar") {
        if u.ratio(1, 6)? {
            let name = rule["regel"].as_str().unwrap_or_default().to_string();
            out.push((name, value(u, &rule["type"], peildatum, 0)?));
        }
    }
    Ok(out)
}

fn list<'s>(schema: &'s Json, key: &str) -> &'s [Json] {
    schema[key].as_array().map_or(&[], Vec::as_slice)
}

/// A value of the schema type `ty` in case encoding (engine::case).
pub fn value(u: &mut Unstructured, ty: &Json, peildatum: NaiveDate, depth: u32) -> Result<Json> {
    Ok(match ty["soort"].as_str().unwrap_or_default() {
        "bedrag" => json!(decimal(u.int_in_range(-100_000_000..=1_000_000_000)?, 2)),
        "getal" => {
            let scale = u.int_in_range(0..=4)?;
            json!(decimal(u.int_in_range(-10_000_000..=10_000_000)?, scale))
        }
        "geheel_getal" => json!(u.int_in_range(-10i64..=1_000)?),
        "percentage" => {
            let scale = u.int_in_range(0..=3)?;
            json!(format!(
                "{}%",
                decimal(u.int_in_range(-1_000..=200_000)?, scale)
            ))
        }
        "ja_nee" => json!(u.arbitrary::<bool>()?),
        "tekst" => {
            let len = u.int_in_range(0..=12)?;
            let text: String = (0..len)
                .map(|_| u.arbitrary::<char>())
                .collect::<Result<_>>()?;
            json!(text)
        }
        // Around the peildatum: a century back (birth dates) to ten years on.
        "datum" => json!(iso_date(date_near(u, peildatum)?)),
        "duur" => {
            let mut d = Map::new();
            for (unit, max) in [
                ("jaren", 100),
                ("maanden", 24),
                ("weken", 60),
                ("dagen", 400),
            ] {
                if u.arbitrary::<bool>()? {
                    d.insert(unit.into(), json!(u.int_in_range(0..=max)?));
                }
            }
            Json::Object(d)
        }
        "keuze" => {
            let values = list(ty, "waarden");
            if values.is_empty() {
                Json::Null
            } else {
                u.choose(values)?.clone()
            }
        }
        "gegeven" if depth < MAX_DEPTH => {
            let mut record = Map::new();
            for field in list(ty, "velden") {
                let name = field["naam"].as_str().unwrap_or_default();
                if field["optioneel"] == json!(true) && u.ratio(1, 4)? {
                    continue;
                }
                record.insert(name.into(), value(u, &field["type"], peildatum, depth + 1)?);
            }
            Json::Object(record)
        }
        "lijst" if depth < MAX_DEPTH => {
            let len = u.int_in_range(0..=MAX_LIST)?;
            let items = (0..len)
                .map(|_| value(u, &ty["element"], peildatum, depth + 1))
                .collect::<Result<_>>()?;
            Json::Array(items)
        }
        "lijst" => json!([]),
        _ => Json::Null,
    })
}

/// A date from a century before `peildatum` to ten years after it.
fn date_near(u: &mut Unstructured, peildatum: NaiveDate) -> Result<NaiveDate> {
    let offset: i64 = u.int_in_range(-36_600..=3_660)?;
    let date = if offset < 0 {
        peildatum.checked_sub_days(Days::new(offset.unsigned_abs()))
    } else {
        peildatum.checked_add_days(Days::new(offset as u64))
    };
    Ok(date.unwrap_or(peildatum))
}

/// `units` scaled down by `scale` decimals, as text (`-12345`, 2 → `-123.45`).
fn decimal(units: i64, scale: u32) -> String {
    let sign = if units < 0 { "-" } else { "" };
    let digits = units.unsigned_abs().to_string();
    if scale == 0 {
        return format!("{sign}{digits}");
    }
    let scale = scale as usize;
    let padded = format!("{digits:0>width$}", width = scale + 1);
    let (whole, fraction) = padded.split_at(padded.len() - scale);
    format!("{sign}{whole}.{fraction}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_written_with_their_scale() {
        assert_eq!(decimal(-12345, 2), "-123.45");
        assert_eq!(decimal(5, 2), "0.05");
        assert_eq!(decimal(7, 0), "7");
        assert_eq!(decimal(0, 3), "0.000");
    }
}
