//! Robustness of the case path. Every conformance case is mutated, field by
//! field (removed, `null`, other kinds, extreme and malformed numbers,
//! dates and amounts, deep nesting) and as broken text, and goes through
//! the text path that `regelwerk eval` and the browser take
//! (`CaseJson::parse`, then `Engine::evaluate_case`), plain, partial and
//! traced with the explanation. Never a panic: each mutation either decides
//! or is refused with a Dutch message, and a refused case names every
//! mistake with its JSON path.

mod common;

use engine::api::EngineError;
use engine::case::CaseJson;
use engine::Engine;
use serde_json::{json, Value as Json};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Values that a field may wrongly hold (the case's own kind included).
fn replacements() -> Vec<Json> {
    let number = |text: &str| serde_json::from_str::<Json>(text).expect("a JSON number");
    let mut deep = json!(1);
    for _ in 0..200 {
        deep = json!([deep]);
    }
    vec![
        Json::Null,
        json!(true),
        json!(false),
        json!(0),
        json!(-1),
        json!(2_147_483_648_i64),
        number("1.5"),
        number("1e300"),
        number("-1e-300"),
        number("123456789012345678901234567890"),
        json!(""),
        json!("x"),
        json!("2025-02-30"),
        json!("2025-13-01"),
        json!("0001-01-01"),
        json!("9999-12-31"),
        json!("12,50"),
        json!(" 12.50"),
        json!("-0.001"),
        json!("79228162514264337593543950336"),
        json!("1e3"),
        json!([]),
        json!({}),
        json!({ "onbekend": 1 }),
        deep,
    ]
}

/// Every single-field mutation of `case`: at the top level, inside its
/// objects and inside the first item of its lists; plus an unknown key.
fn mutations(case: &Json) -> Vec<Json> {
    let mut out = Vec::new();
    let Some(object) = case.as_object() else {
        return out;
    };
    let mut extra = object.clone();
    extra.insert("geen_invoer".into(), json!(1));
    out.push(Json::Object(extra));
    for (key, value) in object {
        let mut removed = object.clone();
        removed.remove(key);
        out.push(Json::Object(removed));
        for r in replacements() {
            let mut changed = object.clone();
            changed.insert(key.clone(), r);
            out.push(Json::Object(changed));
        }
        let nested = match value {
            Json::Array(items) => items.first(),
            other => Some(other),
        };
        if let Some(inner) = nested.filter(|v| v.is_object()) {
            for m in mutations(inner) {
                let mut changed = object.clone();
                let new_value = match value {
                    Json::Array(items) => {
                        let mut items = items.clone();
                        items[0] = m;
                        Json::Array(items)
                    }
                    _ => m,
                };
                changed.insert(key.clone(), new_value);
                out.push(Json::Object(changed));
            }
        }
    }
    out
}

/// Broken texts: the case cut short at several points, and not an object.
fn broken_texts(text: &str) -> Vec<String> {
    let mut out: Vec<String> = (1..8)
        .map(|k| text.chars().take(text.chars().count() * k / 8).collect())
        .collect();
    out.extend(["", "null", "[]", "\"case\"", "{", "{\"peildatum\":}"].map(String::from));
    out
}

/// How the mutations ended, so that the test shows it reached each path.
#[derive(Debug, Default)]
struct Tally {
    invalid_json: usize,
    decided: usize,
    case_refused: usize,
    otherwise_refused: usize,
}

/// Evaluates `text` as a case of `regeling` in every mode; the problem
/// found, if any.
fn check(engine: &Engine, regeling: &str, text: &str, tally: &mut Tally) -> Option<String> {
    let run = catch_unwind(AssertUnwindSafe(|| -> Result<(), String> {
        let case = match CaseJson::parse(text) {
            Ok(case) => case,
            // Invalid JSON is the caller's to report (with line and column).
            Err(e) => {
                tally.invalid_json += 1;
                return if e.to_string().is_empty() {
                    Err("lege JSON-fout".into())
                } else {
                    Ok(())
                };
            }
        };
        for request in &common::every_mode() {
            match engine.evaluate_case(regeling, &case, request) {
                Ok(outcome) => {
                    tally.decided += 1;
                    serde_json::to_string(&outcome.result_json())
                        .map_err(|e| format!("resultaat niet te schrijven: {e}"))?;
                    if request.trace && outcome.explain().trim().is_empty() {
                        return Err("lege uitleg".into());
                    }
                }
                Err(EngineError::Case(errors)) => {
                    tally.case_refused += 1;
                    if errors.is_empty() {
                        return Err("casusfout zonder fouten".into());
                    }
                    for e in &errors {
                        let shown = e.to_string();
                        if e.path.is_empty() && !shown.contains("peildatum") {
                            return Err(format!("casusfout zonder JSON-pad: {shown}"));
                        }
                    }
                }
                Err(other) => {
                    tally.otherwise_refused += 1;
                    if other.to_string().trim().is_empty() {
                        return Err("fout zonder melding".into());
                    }
                }
            }
        }
        Ok(())
    }));
    match run {
        Ok(Ok(())) => None,
        Ok(Err(problem)) => Some(problem),
        Err(_) => Some("paniek".into()),
    }
}

#[test]
fn mutated_cases_never_panic_and_every_refusal_says_why() {
    let engine = common::rules_engine();
    let files =
        common::files_with_extension(&common::root().join("tests/conformance/cases"), "json");
    let mut checked = 0;
    let mut tally = Tally::default();
    let mut problems = Vec::new();
    for path in &files {
        let name = common::relative(path);
        let text = std::fs::read_to_string(path).expect("readable case file");
        let file: Json = serde_json::from_str(&text).expect("valid case file");
        let (Some(regeling), Some(case)) = (file["regeling"].as_str(), file.get("case")) else {
            continue;
        };
        let mut texts: Vec<String> = mutations(case).iter().map(Json::to_string).collect();
        texts.extend(broken_texts(&case.to_string()));
        for mutated in texts {
            checked += 1;
            if let Some(problem) = check(&engine, regeling, &mutated, &mut tally) {
                problems.push(format!("{name}: {problem}\n    {mutated:.300}"));
            }
        }
    }
    assert!(checked > 10_000, "only {checked} mutations checked");
    // Every way out was taken (the mutations reach past the parser).
    assert!(
        tally.invalid_json > 0
            && tally.decided > 0
            && tally.case_refused > 0
            && tally.otherwise_refused > 0,
        "{tally:?}"
    );
    assert!(
        problems.is_empty(),
        "{} of {checked} mutated cases went wrong:\n{}",
        problems.len(),
        problems[..problems.len().min(20)].join("\n")
    );
}
