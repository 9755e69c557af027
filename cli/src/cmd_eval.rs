//! `regelwerk eval` and `regelwerk explain`: apply a regeling to one case.

use crate::args::{EvalArgs, ExplainArgs, Format};
use crate::files;
use crate::{failure, usage_problem, Exit};
use engine::api::rule_type;
use engine::types::{Type, TypeTable};
use engine::{Engine, EngineError, Outcome, OverrideRequest, Request};
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

pub fn run_eval(a: EvalArgs) -> Exit {
    let request = Request {
        trace: a.trace,
        partial: a.gedeeltelijk,
        overrides: Vec::new(),
    };
    let outcome = match evaluate(&a.regeling, &a.casus, a.afwijkingen.as_deref(), a.library.bibliotheek.as_deref(), request) {
        Ok(o) => o,
        Err(exit) => return exit,
    };
    match a.format {
        Format::Json => match serde_json::to_string_pretty(&outcome.to_json()) {
            Ok(s) => println!("{s}"),
            Err(e) => return failure(format!("kan het resultaat niet als JSON schrijven: {e}")),
        },
        Format::Text => {
            print!("{}", text_listing(&outcome, a.gedeeltelijk));
            if a.trace {
                println!();
                print!("{}", ensure_newline(outcome.explain()));
            }
        }
    }
    Exit::Ok
}

pub fn run_explain(a: ExplainArgs) -> Exit {
    let request = Request {
        trace: true,
        partial: false,
        overrides: Vec::new(),
    };
    match evaluate(&a.regeling, &a.casus, a.afwijkingen.as_deref(), a.library.bibliotheek.as_deref(), request) {
        Ok(outcome) => {
            print!("{}", ensure_newline(outcome.explain()));
            Exit::Ok
        }
        Err(exit) => exit,
    }
}

fn ensure_newline(mut s: String) -> String {
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// Loads the library, reads the case (and overrides) and evaluates. Every
/// problem is printed here; the error carries the exit code.
fn evaluate(
    regeling: &Path,
    casus: &Path,
    afwijkingen: Option<&Path>,
    library: Option<&Path>,
    mut request: Request,
) -> Result<Outcome, Exit> {
    // The regeling: a folder (its library is the `rules` folder above it),
    // or else an id looked up in `--bibliotheek` or `./rules`.
    let (roots, key) = if regeling.is_dir() {
        let roots = files::roots_for(&[regeling.to_path_buf()], library).map_err(usage_problem)?;
        (roots, files::display_path(regeling))
    } else {
        let lib = library.map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("rules"));
        if !lib.is_dir() {
            return Err(usage_problem(format!(
                "`{}` is geen map met een regeling, en er is geen bibliotheek `{}` om de regeling als id in te zoeken",
                files::slash(regeling),
                files::slash(&lib)
            )));
        }
        let roots = vec![files::canonical(&lib).map_err(usage_problem)?];
        (roots, files::slash(regeling))
    };
    let case = read_json(casus)?;
    // A shared-format case file holds the case under `case`.
    let case = match case {
        Json::Object(mut o) if !o.contains_key("peildatum") && o.get("case").is_some_and(Json::is_object) => {
            o.remove("case").unwrap_or(Json::Null)
        }
        other => other,
    };
    if let Some(path) = afwijkingen {
        request.overrides = read_overrides(path)?;
    }
    let loaded = files::load(&roots).map_err(usage_problem)?;
    let engine = Engine::new(loaded.sources);
    if engine.find(&key).is_none() {
        return Err(failure(format!(
            "geen regeling gevonden in `{key}`; bekijk de regelingen met `regelwerk regelingen`"
        )));
    }
    engine.evaluate(&key, &case, &request).map_err(report_error)
}

/// Prints an evaluation error in Dutch and gives exit code 1.
fn report_error(e: EngineError) -> Exit {
    match e {
        EngineError::Case(errors) => {
            let mut m = format!(
                "de casus bevat {}:",
                crate::render::count(errors.len(), "fout", "fouten")
            );
            for err in &errors {
                m.push_str(&format!("\n  {}: {}", err.path, err.message));
            }
            failure(m)
        }
        other => failure(other),
    }
}

fn read_json(path: &Path) -> Result<Json, Exit> {
    let text = files::read_text(path).map_err(usage_problem)?;
    files::parse_json(&text).map_err(|m| failure(format!("`{}` is geen geldige JSON: {m}", files::display_path(path))))
}

/// Overrides: a JSON list of `{regel, waarde, reden, door}` (or an object
/// with that list under `afwijkingen`).
fn read_overrides(path: &Path) -> Result<Vec<OverrideRequest>, Exit> {
    let json = read_json(path)?;
    let list = match json {
        Json::Object(mut o) if o.contains_key("afwijkingen") => o.remove("afwijkingen").unwrap_or(Json::Null),
        other => other,
    };
    serde_json::from_value::<Vec<OverrideRequest>>(list).map_err(|e| {
        failure(format!(
            "`{}` bevat geen geldige afwijkingen (verwacht een lijst van {{\"regel\", \"waarde\", \"reden\", \"door\"}}): {}",
            files::display_path(path),
            files::dutch_serde(&e)
        ))
    })
}

/// A short Dutch listing: which regeling and version, then every output.
fn text_listing(outcome: &Outcome, partial: bool) -> String {
    let json = outcome.to_json();
    let info = &outcome.program.info;
    let mut out = format!("{} ({}), versie {}", info.name, info.id, info.version);
    out.push_str(&format!(", geldig vanaf {}", info.valid_from));
    if let Some(t) = info.valid_through {
        out.push_str(&format!(" tot en met {t}"));
    }
    out.push('\n');
    let outputs = json.get("outputs").and_then(Json::as_object);
    let width = outputs
        .map(|o| o.keys().map(|k| k.chars().count()).max().unwrap_or(0))
        .unwrap_or(0);
    for (name, value) in outputs.into_iter().flatten() {
        let ty = rule_type(&outcome.program, name);
        let shown = match ty {
            Some(ty) => dutch_value(&outcome.program.types, ty, value),
            None => plain(value),
        };
        out.push_str(&format!("  {name:<width$}  {shown}\n"));
    }
    if partial {
        let needed = needed_inputs(&json);
        if needed.is_empty() {
            out.push_str("Alle benodigde invoer is bekend.\n");
        } else {
            out.push_str("Nog nodig:\n");
            for n in needed {
                out.push_str(&format!("  {n}\n"));
            }
        }
    }
    out
}

/// The inputs a partial evaluation still needs, from the result JSON.
fn needed_inputs(json: &Json) -> Vec<String> {
    ["nodig", "needed", "ontbrekend", "missing"]
        .iter()
        .find_map(|k| json.get(*k).and_then(Json::as_array))
        .map(|list| {
            list.iter()
                .map(|v| match v {
                    Json::String(s) => s.clone(),
                    Json::Object(o) => o
                        .get("pad")
                        .or_else(|| o.get("path"))
                        .or_else(|| o.get("naam"))
                        .or_else(|| o.get("name"))
                        .map(plain)
                        .unwrap_or_else(|| v.to_string()),
                    other => plain(other),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A value in its JSON encoding, shown the Dutch way for its type.
fn dutch_value(types: &TypeTable, ty: &Type, value: &Json) -> String {
    match (ty, value) {
        (_, Json::Null) => "leeg".into(),
        (Type::Optional(inner), v) => dutch_value(types, inner, v),
        (Type::Money(period), Json::String(s)) => {
            let amount = format!("€ {}", dutch_number(s, true));
            match period {
                Some(p) => format!("{amount} per {}", p.dutch()),
                None => amount,
            }
        }
        (Type::Number, Json::String(s)) => dutch_number(s, false),
        (Type::Percentage, Json::String(s)) => {
            let n = s.trim_end_matches('%');
            format!("{}%", dutch_number(n, false))
        }
        (Type::Bool, Json::Bool(b)) => if *b { "ja" } else { "nee" }.into(),
        (Type::List(inner), Json::Array(items)) => {
            let items: Vec<String> = items.iter().map(|i| dutch_value(types, inner, i)).collect();
            format!("[{}]", items.join(", "))
        }
        (Type::Record(id), Json::Object(fields)) => {
            let record = types.records.get(*id as usize);
            let shown: Vec<String> = fields
                .iter()
                .map(|(k, v)| {
                    let fty = record.and_then(|r| r.fields.iter().find(|(n, _)| n == k)).map(|(_, t)| t);
                    let v = match fty {
                        Some(t) => dutch_value(types, t, v),
                        None => plain(v),
                    };
                    format!("{k}: {v}")
                })
                .collect();
            format!("{{ {} }}", shown.join(", "))
        }
        (_, v) => plain(v),
    }
}

/// A JSON value without quotes around strings.
fn plain(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Null => "leeg".into(),
        other => other.to_string(),
    }
}

/// `1234.5` → `1.234,5` (with thousands groups for money).
fn dutch_number(s: &str, group: bool) -> String {
    let (sign, digits) = match s.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", s),
    };
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let int = if group && int.chars().all(|c| c.is_ascii_digit()) {
        let mut grouped = String::new();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                grouped.push('.');
            }
            grouped.push(c);
        }
        grouped
    } else {
        int.to_string()
    };
    match frac {
        Some(f) => format!("{sign}{int},{f}"),
        None => format!("{sign}{int}"),
    }
}

#[cfg(test)]
mod tests {
    use super::dutch_number;

    #[test]
    fn numbers_are_written_the_dutch_way() {
        assert_eq!(dutch_number("1345.45", true), "1.345,45");
        assert_eq!(dutch_number("-1234567.00", true), "-1.234.567,00");
        assert_eq!(dutch_number("999.99", true), "999,99");
        assert_eq!(dutch_number("12.5", false), "12,5");
        assert_eq!(dutch_number("0", true), "0");
    }
}
