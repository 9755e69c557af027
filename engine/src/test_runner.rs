//! Running tests: the `test` blocks in rule files, and case files in the
//! shared interchange format (`regeling`, `case`, `expected` or
//! `expect_error`, optionally `afwijkingen`). Both go through the same evaluation as `eval`.

use crate::api::{Engine, Request};
use crate::check;
use crate::eval::{self, EvalOptions};
use crate::ir::FileId;
use crate::source::line_col_utf16;
use grammar::ast::{self, Expectation, Item, TestDecl};
use serde_json::Value as Json;
use std::collections::HashMap;

/// The result of one test block or case file.
#[derive(Debug, Clone)]
pub struct TestResult {
    pub name: String,
    /// `path:line` of the test (or the case file's name).
    pub location: String,
    pub failures: Vec<String>,
}

impl TestResult {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Runs every `test` block in the given files (all files when `None`).
pub fn run_test_blocks(engine: &Engine, only: Option<&[FileId]>) -> Vec<TestResult> {
    let lib = engine.library();
    // Tests by regeling and name, for `zoals`.
    let mut by_name: HashMap<(String, String), &TestDecl> = HashMap::new();
    for ast in lib.asts().flatten() {
        for item in &ast.items {
            if let Item::Test(t) = item {
                by_name.insert((ast.header.id.dotted(), t.name.value.clone()), t);
            }
        }
    }
    let mut results = Vec::new();
    for (i, ast) in lib.asts().enumerate() {
        let file = i as FileId;
        let Some(ast) = ast else { continue };
        if only.is_some_and(|o| !o.contains(&file)) {
            continue;
        }
        let regeling = ast.header.id.dotted();
        for item in &ast.items {
            let Item::Test(t) = item else { continue };
            let location = match lib.sources.get(file) {
                Some(f) => format!("{}:{}", f.path, line_col_utf16(&f.text, t.span.start).0),
                None => String::new(),
            };
            let failures = run_one(engine, &regeling, file, t, &by_name);
            results.push(TestResult {
                name: t.name.value.clone(),
                location,
                failures,
            });
        }
    }
    results
}

/// What a test sets, with its `zoals` ancestors (later ones win).
struct Resolved<'a> {
    peildatum: Option<ast::DateLit>,
    assignments: Vec<&'a ast::TestAssignment>,
    overrides: Vec<&'a ast::TestOverride>,
}

/// The test with its `zoals` ancestors: inputs, overrides and peildatum.
fn resolve<'a>(
    regeling: &str,
    t: &'a TestDecl,
    by_name: &HashMap<(String, String), &'a TestDecl>,
) -> Result<Resolved<'a>, String> {
    let mut chain = vec![t];
    let mut cur = t;
    while let Some(like) = &cur.like {
        let Some(base) = by_name.get(&(regeling.to_string(), like.value.clone())) else {
            return Err(format!(
                "`zoals \"{}\"`: er is geen test met die naam",
                like.value
            ));
        };
        if chain.iter().any(|c| std::ptr::eq(*c, *base)) {
            return Err("`zoals` verwijst in een kring".into());
        }
        chain.push(base);
        cur = base;
    }
    let mut r = Resolved {
        peildatum: None,
        assignments: Vec::new(),
        overrides: Vec::new(),
    };
    for test in chain.iter().rev() {
        if test.peildatum.is_some() {
            r.peildatum = test.peildatum;
        }
        for a in &test.assignments {
            r.assignments.retain(|x| x.name.name != a.name.name);
            r.assignments.push(a);
        }
        for o in &test.overrides {
            r.overrides.retain(|x| x.rule.name != o.rule.name);
            r.overrides.push(o);
        }
    }
    Ok(r)
}

fn run_one(
    engine: &Engine,
    regeling: &str,
    file: FileId,
    t: &TestDecl,
    by_name: &HashMap<(String, String), &TestDecl>,
) -> Vec<String> {
    let expect_error = t.expectations.iter().find_map(|e| match e {
        Expectation::Error { contains, .. } => Some(contains.value.clone()),
        _ => None,
    });
    // An error is a pass when the test expects one containing this text.
    let on_error = |message: String| -> Vec<String> {
        match &expect_error {
            Some(text) if message.contains(text.as_str()) => Vec::new(),
            Some(text) => vec![format!(
                "verwachtte een fout met \"{text}\", maar kreeg: {message}"
            )],
            None => vec![message],
        }
    };
    let Resolved {
        peildatum,
        assignments,
        overrides,
    } = match resolve(regeling, t, by_name) {
        Ok(x) => x,
        Err(e) => return vec![e],
    };
    let Some(p) = peildatum else {
        return vec!["de test noemt geen `peildatum`".into()];
    };
    let date = p.date;
    let program = match engine.program(regeling, date) {
        Ok(p) => p.clone(),
        Err(e) => return on_error(e.to_string()),
    };
    let mut failures = Vec::new();
    let mut inputs: Vec<Option<crate::value::Value>> = vec![None; program.inputs.len()];
    inputs[program.peildatum as usize] = Some(crate::value::Value::Date(date));
    for a in assignments {
        match program.inputs.iter().position(|i| i.name == a.name.name) {
            Some(slot) => {
                match check::constant(&program.types, &a.value, &program.inputs[slot].ty, file) {
                    Ok(v) => inputs[slot] = Some(v),
                    Err(d) => failures.extend(
                        d.into_iter()
                            .map(|d| format!("invoer `{}`: {}", a.name.name, d.message)),
                    ),
                }
            }
            None => failures.push(format!(
                "onbekende invoer `{}` (versie {})",
                a.name.name, program.info.version
            )),
        }
    }
    let missing: Vec<&str> = program
        .inputs
        .iter()
        .zip(&inputs)
        .filter(|(_, v)| v.is_none())
        .map(|(i, _)| i.name.as_str())
        .collect();
    if !missing.is_empty() {
        failures.push(format!(
            "de test geeft geen waarde voor: {}",
            missing.join(", ")
        ));
    }
    let mut options = EvalOptions::default();
    for o in overrides {
        let Some(id) = program.rules.iter().position(|r| r.name == o.rule.name) else {
            failures.push(format!("onbekende regel `{}` in `afwijking`", o.rule.name));
            continue;
        };
        match check::constant(&program.types, &o.value, &program.rules[id].ty, file) {
            Ok(value) => options.overrides.push(eval::Override {
                rule: id as u32,
                value,
                reason: o.reason.value.clone(),
                by: None,
            }),
            Err(d) => failures.extend(
                d.into_iter()
                    .map(|d| format!("afwijking `{}`: {}", o.rule.name, d.message)),
            ),
        }
    }
    if !failures.is_empty() {
        return failures;
    }
    let mut expected = Vec::new();
    for e in &t.expectations {
        let Expectation::Value { name, value, .. } = e else {
            continue;
        };
        match program.rules.iter().position(|r| r.name == name.name) {
            Some(id) => match check::constant(&program.types, value, &program.rules[id].ty, file) {
                Ok(v) => expected.push((id as u32, name.name.clone(), v)),
                Err(d) => failures.extend(
                    d.into_iter()
                        .map(|d| format!("verwacht `{}`: {}", name.name, d.message)),
                ),
            },
            None => failures.push(format!("onbekende regel `{}` in `verwacht`", name.name)),
        }
    }
    if !failures.is_empty() {
        return failures;
    }
    // Evaluate exactly the rules the test names; a test that only expects
    // an error evaluates the regeling's outputs.
    let mut focused = (*program).clone();
    if !expected.is_empty() {
        focused.outputs = expected.iter().map(|(id, _, _)| *id).collect();
    }
    match eval::evaluate(&focused, &inputs, &options) {
        Err(e) => on_error(e.to_string()),
        Ok(evaluation) => {
            if let Some(text) = &expect_error {
                return vec![format!(
                    "verwachtte een fout met \"{text}\", maar de evaluatie slaagde"
                )];
            }
            for (i, (id, name, want)) in expected.iter().enumerate() {
                let ty = &program.rules[*id as usize].ty;
                match evaluation.output_value(i) {
                    Some(got) if got == want => {}
                    Some(got) => failures.push(format!(
                        "`{name}`: verwacht {}, maar kreeg {}",
                        crate::case::format_value(&program.types, ty, want),
                        crate::case::format_value(&program.types, ty, got)
                    )),
                    None => failures.push(format!("`{name}` is niet beslist")),
                }
            }
            failures
        }
    }
}

/// Runs one case file (`regeling`, `case`, `expected` | `expect_error`):
/// the outputs must equal `expected` exactly, in `eval --format json`
/// encoding. A case that expects an error names it in
/// `expect_error_contains` (a text, or a list of texts, that the Dutch
/// message must all contain), so it cannot pass on an error it did not mean.
pub fn run_case_file(engine: &Engine, case_file: &Json) -> Vec<String> {
    let Some(regeling) = case_file.get("regeling").and_then(Json::as_str) else {
        return vec!["het casusbestand noemt geen `regeling`".into()];
    };
    let Some(case) = case_file.get("case") else {
        return vec!["het casusbestand heeft geen `case`".into()];
    };
    let expect_error = case_file
        .get("expect_error")
        .and_then(Json::as_bool)
        .unwrap_or(false);
    let error_texts = match (expect_error, case_file.get("expect_error_contains")) {
        (false, None) => Vec::new(),
        (false, Some(_)) => {
            return vec!["`expect_error_contains` zonder `\"expect_error\": true`".into()];
        }
        (true, None) => {
            return vec![
                "het casusbestand verwacht een fout maar zegt niet welke: geef \
                 `expect_error_contains` met de tekst(en) die in de foutmelding moeten staan"
                    .into(),
            ];
        }
        (true, Some(texts)) => {
            let texts: Option<Vec<&str>> = match texts {
                Json::String(t) => Some(vec![t.as_str()]),
                Json::Array(list) => list.iter().map(Json::as_str).collect(),
                _ => None,
            };
            match texts {
                Some(t) if !t.is_empty() && t.iter().all(|t| !t.trim().is_empty()) => t,
                _ => {
                    return vec![
                        "`expect_error_contains` moet een niet-lege tekst of lijst van \
                         niet-lege teksten zijn"
                            .into(),
                    ];
                }
            }
        }
    };
    let request = match case_file_request(case_file) {
        Ok(r) => r,
        Err(e) => return vec![e],
    };
    let outcome = engine.evaluate(regeling, case, &request);
    match (outcome, expect_error) {
        (Err(e), true) => {
            let message = e.to_string();
            error_texts
                .iter()
                .filter(|t| !message.contains(*t))
                .map(|t| format!("verwachtte een fout met \"{t}\", maar kreeg: {message}"))
                .collect()
        }
        (Err(e), false) => vec![format!("onverwachte fout: {e}")],
        (Ok(o), true) => vec![format!(
            "verwachtte een fout, maar kreeg: {}",
            o.to_json()["outputs"]
        )],
        (Ok(o), false) => {
            let got = o.to_json()["outputs"].clone();
            let Some(want) = case_file.get("expected") else {
                return vec!["het casusbestand heeft geen `expected` of `expect_error`".into()];
            };
            compare_outputs(want, &got)
        }
    }
}

/// The request of a case file: its overrides under `afwijkingen`, a list of
/// `{"regel", "waarde", "reden", "door"}` as the CLI's `--afwijkingen` takes.
fn case_file_request(case_file: &Json) -> Result<Request, String> {
    let overrides = match case_file.get("afwijkingen") {
        None => Vec::new(),
        Some(list) => serde_json::from_value(list.clone()).map_err(|e| {
            format!(
                "`afwijkingen` moet een lijst van {{\"regel\", \"waarde\", \"reden\", \"door\"}} zijn: {e}"
            )
        })?,
    };
    Ok(Request {
        overrides,
        ..Request::default()
    })
}

/// Differences between expected and actual outputs, one line per output.
pub fn compare_outputs(want: &Json, got: &Json) -> Vec<String> {
    let (Some(w), Some(g)) = (want.as_object(), got.as_object()) else {
        return vec![format!("verwacht {want}, kreeg {got}")];
    };
    let mut out = Vec::new();
    for (k, v) in w {
        match g.get(k) {
            Some(x) if x == v => {}
            Some(x) => out.push(format!("`{k}`: verwacht {v}, kreeg {x}")),
            None => out.push(format!("`{k}`: verwacht {v}, maar deze uitkomst ontbreekt")),
        }
    }
    for k in g.keys() {
        if !w.contains_key(k) {
            out.push(format!("`{k}`: onverwachte uitkomst {}", g[k]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceSet;

    /// A regeling whose `verlaging` may be overridden only from 5 % to 100 %, with
    /// three tests: an override inside, one outside (expected to be refused) and
    /// one outside that expects an outcome (so it must fail).
    const SOURCE: &str = r#"regeling "Afstemming"
  id proef.afstemming
  geldig vanaf 2024-01-01
  bron "Testverordening"

invoer norm: bedrag per maand minimaal € 0
uitvoer uitkering

regel verlaging: percentage
  afwijkbaar minimaal 5 % maximaal 100 %
  = 20 %

regel uitkering: bedrag per maand = norm - norm * verlaging afgerond op centen

test "binnen"
  peildatum 2024-06-01
  norm = € 1.000
  afwijking verlaging = 100 % reden "art. 9 lid 2"
  verwacht uitkering = € 0

test "buiten" zoals "binnen"
  afwijking verlaging = 120 % reden "art. 9 lid 2"
  verwacht fout "afwijken van regel `verlaging` is niet toegestaan: 120% valt buiten het toegestane bereik (van 5% tot en met 100%)"

test "buiten met uitkomst" zoals "binnen"
  afwijking verlaging = 120 % reden "art. 9 lid 2"
  verwacht uitkering = € -200
"#;

    #[test]
    fn a_test_block_carries_overrides_and_one_outside_the_range_is_refused() {
        let mut sources = SourceSet::new();
        sources.add("rules/proef/afstemming/2024.regels", SOURCE.to_string());
        let engine = Engine::new(sources);
        assert!(
            engine.diagnostics().is_empty(),
            "{:?}",
            engine.diagnostics()
        );
        let results: Vec<(String, Vec<String>)> = run_test_blocks(&engine, None)
            .into_iter()
            .map(|r| (r.name, r.failures))
            .collect();
        assert_eq!(
            results,
            [
                ("binnen".to_string(), vec![]),
                ("buiten".to_string(), vec![]),
                (
                    "buiten met uitkomst".to_string(),
                    vec!["afwijken van regel `verlaging` is niet toegestaan: 120% valt buiten het toegestane bereik (van 5% tot en met 100%)".to_string()]
                ),
            ]
        );
    }
}
