//! Robustness against damaged compiled programs in a bundle. The browser's
//! main module evaluates the programs a bundle carries without checking them
//! (it has no checker), so a program that was edited or damaged must be
//! refused or give an error, never a panic (in wasm a trap). Each program of
//! the rule library's bundle is mutated at spread-out places — a number set
//! out of range, an element removed from a list, a value replaced by one of
//! another kind — and every conformance case of its regeling is evaluated
//! (plain, traced with explanation, partial) and its schema asked, through
//! the path the browser takes ([`engine::library::Library::use_precompiled`]).
//! Each damaged program gets a hash that fits it: a program without one, or
//! with one that does not fit, is refused before it is read (see
//! tests/tests/bundle.rs), so only this way does the damage reach the reader.

mod common;

use engine::source::content_hash;
use engine::{bundle, Engine};
use serde_json::Value;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Mutations per kind and program.
const PLACES: usize = 24;

/// JSON pointers of every number, non-empty array and object in `v`.
fn places(
    v: &Value,
    at: String,
    numbers: &mut Vec<String>,
    arrays: &mut Vec<String>,
    objects: &mut Vec<String>,
) {
    match v {
        Value::Number(_) => numbers.push(at),
        Value::Array(items) => {
            if !items.is_empty() {
                arrays.push(at.clone());
            }
            for (i, item) in items.iter().enumerate() {
                places(item, format!("{at}/{i}"), numbers, arrays, objects);
            }
        }
        Value::Object(members) => {
            objects.push(at.clone());
            for (k, item) in members {
                places(item, format!("{at}/{k}"), numbers, arrays, objects);
            }
        }
        _ => {}
    }
}

/// Spread-out picks of `PLACES` items.
fn spread(items: &[String]) -> Vec<&String> {
    let n = items.len();
    (0..PLACES.min(n))
        .map(|k| &items[(k * n + n / 3) / PLACES.min(n)])
        .collect()
}

/// The mutated copies of one program.
fn mutations(program: &Value) -> Vec<Value> {
    let (mut numbers, mut arrays, mut objects) = (Vec::new(), Vec::new(), Vec::new());
    places(
        program,
        String::new(),
        &mut numbers,
        &mut arrays,
        &mut objects,
    );
    let mut out = Vec::new();
    for at in spread(&numbers) {
        for n in [
            Value::from(4_000_000_000u32),
            Value::from(7),
            Value::from(0),
        ] {
            let mut m = program.clone();
            if let Some(slot) = m.pointer_mut(at) {
                *slot = n;
            }
            out.push(m);
        }
    }
    for at in spread(&arrays) {
        let mut m = program.clone();
        if let Some(Value::Array(items)) = m.pointer_mut(at) {
            items.pop();
        }
        out.push(m);
        let mut m = program.clone();
        if let Some(Value::Array(items)) = m.pointer_mut(at) {
            let first = items[0].clone();
            items.push(first);
        }
        out.push(m);
    }
    for at in spread(&objects) {
        let mut m = program.clone();
        if let Some(slot) = m.pointer_mut(at) {
            *slot = Value::String("x".into());
        }
        out.push(m);
    }
    out
}

#[test]
fn damaged_programs_are_refused_or_give_errors_never_a_panic() {
    let sources = common::sources_in(&common::root().join("rules"));
    let doc: Value = serde_json::from_str(
        &bundle::to_json(&engine::library::Library::build(sources)).expect("written"),
    )
    .expect("the bundle is JSON");
    let cases: Vec<Value> =
        common::files_with_extension(&common::root().join("tests/conformance/cases"), "json")
            .iter()
            .map(|f| {
                serde_json::from_str(&std::fs::read_to_string(f).expect("readable")).expect("JSON")
            })
            .collect();
    let (mut tried, mut answered, mut refused) = (0, 0, 0);
    let mut panics = Vec::new();
    let programs = doc["programmas"].as_array().expect("programmas").clone();
    let reference = Engine::from_bundle(&doc.to_string()).expect("the bundle loads");
    for (p, entry) in programs.iter().enumerate() {
        let id = entry["regeling"].as_str().expect("regeling");
        // Case files name a regeling by folder or id.
        let mine: Vec<&Value> = cases
            .iter()
            .filter(|c| {
                c["regeling"]
                    .as_str()
                    .and_then(|key| reference.find(key))
                    .is_some_and(|r| r.id == id)
            })
            .take(3)
            .collect();
        assert!(!mine.is_empty(), "{id}: no conformance cases");
        for (m, mutated) in mutations(&entry["programma"]).into_iter().enumerate() {
            let mut damaged = doc.clone();
            damaged["programmas"][p]["programma"] = mutated;
            // With a hash made to fit, so the damage reaches the reader and
            // the verifier (a hash that does not fit, or none, is refused
            // before them: tests/tests/bundle.rs).
            let text = damaged["programmas"][p]["programma"].to_string();
            damaged["programmas"][p]["hash"] = Value::String(content_hash(&text));
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                let mut library =
                    bundle::load(&damaged.to_string()).expect("loads: only a program changed");
                library.use_precompiled();
                let engine = Engine::from_library(library);
                let (mut ok, mut err) = (0, 0);
                for case in &mine {
                    for request in common::every_mode() {
                        match engine.evaluate(id, &case["case"], &request) {
                            Ok(outcome) => {
                                let _ = outcome.explain();
                                let _ = outcome.to_json();
                                ok += 1;
                            }
                            Err(e) => {
                                assert!(!e.to_string().is_empty());
                                err += 1;
                            }
                        }
                    }
                    if let Ok(date) = engine::api::peildatum_of(&case["case"]) {
                        let _ = engine.schema(id, date);
                    }
                }
                (ok, err)
            }));
            tried += 1;
            match outcome {
                Ok((ok, err)) => {
                    answered += ok;
                    refused += err;
                }
                Err(panic) => {
                    let message = panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default();
                    panics.push(format!("{id} mutation {m}: {message}"));
                }
            }
        }
    }
    eprintln!(
        "{tried} damaged programs: {answered} answers, {refused} refusals, {} panics",
        panics.len()
    );
    assert!(
        panics.is_empty(),
        "{} of {tried} damaged programs panicked:\n{}",
        panics.len(),
        panics.join("\n")
    );
    assert!(tried > 800, "{tried} damaged programs");
    // Both outcomes occur: many changes leave an answer, many are refused.
    assert!(
        answered > 0 && refused > 0,
        "{answered} answers, {refused} refusals"
    );
}

#[test]
fn the_verifier_names_what_is_wrong() {
    let sources = common::sources_in(&common::root().join("rules"));
    let library = engine::library::Library::build(sources);
    let (_, program) = library
        .programs()
        .find(|(_, p)| !p.types.records.is_empty() && !p.rules.is_empty())
        .expect("a program with a gegeven");
    let json: Value = serde_json::from_str(&program.to_json().expect("written")).expect("JSON");
    let refused = |change: &dyn Fn(&mut Value)| {
        let mut damaged = json.clone();
        change(&mut damaged);
        engine::ir::Program::from_json(&damaged.to_string())
            .expect_err("refused")
            .to_string()
    };
    let e = refused(&|p| p["programma"]["rules"][0]["locals"] = Value::from(4_000_000_000u32));
    assert!(e.contains("lokale namen"), "{e}");
    let e = refused(&|p| {
        p["programma"]["types"]["records"][0]["fields"][0][1] = serde_json::json!({ "Record": 0 })
    });
    assert!(e.contains("bevat zichzelf"), "{e}");
    // Through an optional a gegeven may contain itself (`partner: Persoon?`).
    let mut optional = json.clone();
    optional["programma"]["types"]["records"][0]["fields"][0][1] =
        serde_json::json!({ "Optional": { "Record": 0 } });
    let loaded = engine::ir::Program::from_json(&optional.to_string());
    assert!(loaded.is_ok(), "{:?}", loaded.err());
    let e = refused(&|p| p["programma"]["inputs"][0]["ty"] = serde_json::json!({ "Enum": 999 }));
    assert!(e.contains("keuze nummer 999 bestaat niet"), "{e}");
    let e = refused(&|p| p["programma"]["peildatum"] = Value::from(10_000));
    assert!(e.contains("peildatum"), "{e}");
    let e = refused(&|p| p["artikelen"] = Value::Array(Vec::new()));
    assert!(
        e.contains("staat niet in de lijst van het programma"),
        "{e}"
    );
    // Each article is written once, however many definitions cite it.
    let articles = json["artikelen"].as_array().expect("artikelen");
    assert!(!articles.is_empty());
    for (i, a) in articles.iter().enumerate() {
        assert!(!articles[..i].contains(a), "article {i} twice");
    }
    // The undamaged program reads back.
    assert!(engine::ir::Program::from_json(&json.to_string()).is_ok());
}
