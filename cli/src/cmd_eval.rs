//! `regelwerk bereken` and `regelwerk uitleg`: apply a regeling to one case.

use crate::args::{CaseArgs, EvalArgs, ExplainArgs, Format, LibraryArg};
use crate::files;
use crate::{failure, usage_problem, Exit};
use engine::case::format_value;
use engine::{Engine, EngineError, Outcome, OverrideRequest, Request};
use serde_json::Value as Json;
use std::path::Path;

pub fn run_eval(a: EvalArgs) -> Exit {
    let request = Request {
        trace: a.trace,
        partial: a.partial,
        overrides: Vec::new(),
    };
    let outcome = match evaluate(&a.case, a.overrides.as_deref(), &a.library, request) {
        Ok(o) => o,
        Err(exit) => return exit,
    };
    match a.format.unwrap_or_default() {
        Format::Json => match serde_json::to_string_pretty(&outcome.to_json()) {
            Ok(s) => println!("{s}"),
            Err(e) => return failure(format!("kan het resultaat niet als JSON schrijven: {e}")),
        },
        Format::Text => {
            print!("{}", text_listing(&outcome, a.partial));
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
    match evaluate(&a.case, a.overrides.as_deref(), &a.library, request) {
        Ok(outcome) => {
            let text = if a.short {
                outcome.explain_short()
            } else {
                outcome.explain()
            };
            print!("{}", ensure_newline(text));
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
    case: &CaseArgs,
    overrides: Option<&Path>,
    library: &LibraryArg,
    mut request: Request,
) -> Result<Outcome, Exit> {
    let (roots, key) = case.regeling.roots(library).map_err(usage_problem)?;
    let case = read_json(&case.case_file)?;
    // A shared-format case file holds the case under `case`.
    let case = match case {
        Json::Object(mut o)
            if !o.contains_key("peildatum") && o.get("case").is_some_and(Json::is_object) =>
        {
            o.remove("case").unwrap_or(Json::Null)
        }
        other => other,
    };
    if let Some(path) = overrides {
        request.overrides = read_overrides(path)?;
    }
    let engine = load_regeling(&roots, &key)?;
    engine.evaluate(&key, &case, &request).map_err(report_error)
}

/// Loads the library under `roots` and makes sure it holds the regeling
/// `key`; says why not otherwise (with the exit code in the error).
pub(crate) fn load_regeling(roots: &[std::path::PathBuf], key: &str) -> Result<Engine, Exit> {
    let loaded = files::load(roots).map_err(usage_problem)?;
    let engine = Engine::new(loaded.sources);
    if engine.find(key).is_none() {
        let errors = engine.diagnostics().iter().filter(|d| d.is_error()).count();
        let hint = if errors > 0 {
            format!(
                "; de bibliotheek bevat {}, zie `regelwerk controleer`",
                crate::render::quantity(errors, "fout", "fouten")
            )
        } else {
            "; bekijk de regelingen met `regelwerk regelingen`".to_string()
        };
        return Err(failure(format!("geen regeling gevonden in `{key}`{hint}")));
    }
    Ok(engine)
}

/// Prints an evaluation error in Dutch and gives exit code 1.
fn report_error(e: EngineError) -> Exit {
    match e {
        EngineError::Case(errors) => {
            let mut m = format!(
                "de casus bevat {}:",
                crate::render::quantity(errors.len(), "fout", "fouten")
            );
            for err in &errors {
                m.push_str(&format!("\n  {}: {}", err.path, err.message));
            }
            failure(m)
        }
        other => failure(other),
    }
}

pub(crate) fn read_json(path: &Path) -> Result<Json, Exit> {
    let text = files::read_text(path).map_err(usage_problem)?;
    files::parse_json(&text).map_err(|m| {
        failure(format!(
            "`{}` is geen geldige JSON: {m}",
            files::display_path(path)
        ))
    })
}

/// Overrides: a JSON list of `{regel, waarde, reden, door}` (or an object
/// with that list under `afwijkingen`).
fn read_overrides(path: &Path) -> Result<Vec<OverrideRequest>, Exit> {
    let json = read_json(path)?;
    let list = match json {
        Json::Object(mut o) if o.contains_key("afwijkingen") => {
            o.remove("afwijkingen").unwrap_or(Json::Null)
        }
        other => other,
    };
    serde_json::from_value::<Vec<OverrideRequest>>(list).map_err(|e| {
        failure(format!(
            "`{}` bevat geen geldige afwijkingen (verwacht een lijst van {{\"regel\", \"waarde\", \"reden\", \"door\"}}): {}",
            files::display_path(path),
            engine::case::dutch_json_error(&e)
        ))
    })
}

/// A short Dutch listing: which regeling and version, then every output,
/// and with a partial evaluation the inputs still needed.
fn text_listing(outcome: &Outcome, partial: bool) -> String {
    let program = &outcome.program;
    let evaluation = &outcome.evaluation;
    let info = &program.info;
    let mut out = format!(
        "{} ({}), versie {}, geldig vanaf {}",
        info.name, info.id, info.version, info.valid_from
    );
    if let Some(t) = info.valid_through {
        out.push_str(&format!(" tot en met {t}"));
    }
    out.push_str(&format!("; peildatum {}\n", evaluation.peildatum));
    let names: Vec<&str> = program
        .outputs
        .iter()
        .map(|&r| {
            program
                .rules
                .get(r as usize)
                .map(|r| r.name.as_str())
                .unwrap_or("?")
        })
        .collect();
    let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    for (i, (&rule, name)) in program.outputs.iter().zip(&names).enumerate() {
        let shown = match (evaluation.output_value(i), program.rules.get(rule as usize)) {
            (Some(value), Some(def)) => format_value(&program.types, &def.ty, value),
            _ => "nog niet beslist".to_string(),
        };
        out.push_str(&format!("  {name:<width$}  {shown}\n"));
    }
    for o in &evaluation.overrides {
        let name = program
            .rules
            .get(o.rule as usize)
            .map(|r| r.name.as_str())
            .unwrap_or("?");
        out.push_str(&format!("  afgeweken: `{name}` (reden: {}", o.reason));
        if let Some(by) = &o.by {
            out.push_str(&format!(", besloten door {by}"));
        }
        out.push_str(")\n");
    }
    if partial {
        if evaluation.missing.is_empty() {
            out.push_str("Alle benodigde invoer is bekend.\n");
        } else {
            out.push_str("Nog nodig (in deze volgorde):\n");
            for &input in &evaluation.missing {
                let name = program
                    .inputs
                    .get(input as usize)
                    .map(|i| i.name.as_str())
                    .unwrap_or("?");
                out.push_str(&format!("  {name}\n"));
            }
        }
    }
    out
}
