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

/// The top-level keys a case file may have: one line per key, so that a new
/// key is a one-line addition (then read it in [`read_case_file`]). `why`
/// is a free comment for the reader, never checked.
const CASE_FILE_KEYS: &[&str] = &[
    "regeling",
    "case",
    "expected",
    "expect_error",
    "expect_error_contains",
    "why",
    "afwijkingen",
];

/// A case file, read and checked before anything is evaluated.
struct CaseFile<'a> {
    regeling: &'a str,
    case: &'a Json,
    expect: Expect<'a>,
}

/// What a case file expects.
enum Expect<'a> {
    /// These outputs with these values (the outputs it does not name are
    /// not checked).
    Outputs(&'a serde_json::Map<String, Json>),
    /// An error whose message contains every one of these texts.
    Error(Vec<&'a str>),
}

/// Runs one case file (`regeling`, `case`, and `expected` or
/// `expect_error`): every output `expected` names must have that value, in
/// `eval --format json` encoding; outputs it does not name are not checked.
/// A case that expects an error names the text(s) the Dutch message must
/// contain, in `expect_error` itself or in `expect_error_contains` beside
/// `"expect_error": true`, so it cannot pass on an error it did not mean.
pub fn run_case_file(engine: &Engine, case_file: &Json) -> Vec<String> {
    let file = match read_case_file(case_file) {
        Ok(f) => f,
        Err(problems) => return problems,
    };
    let request = match case_file_request(case_file) {
        Ok(r) => r,
        Err(e) => return vec![e],
    };
    let outcome = engine.evaluate(file.regeling, file.case, &request);
    match (outcome, file.expect) {
        (Err(e), Expect::Error(texts)) => {
            let message = e.to_string();
            texts
                .iter()
                .filter(|t| !message.contains(*t))
                .map(|t| format!("verwachtte een fout met \"{t}\", maar kreeg: {message}"))
                .collect()
        }
        (Err(e), Expect::Outputs(_)) => vec![format!("onverwachte fout: {e}")],
        (Ok(o), Expect::Error(_)) => vec![format!(
            "verwachtte een fout, maar kreeg: {}",
            o.to_json()["outputs"]
        )],
        (Ok(o), Expect::Outputs(want)) => compare_outputs(want, &o.to_json()["outputs"]),
    }
}

/// Reads the parts of a case file; every mistake in its form at once.
fn read_case_file(file: &Json) -> Result<CaseFile<'_>, Vec<String>> {
    let Some(members) = file.as_object() else {
        return Err(vec!["een casusbestand moet een JSON-object zijn".into()]);
    };
    let mut problems: Vec<String> = members
        .keys()
        .filter(|k| !CASE_FILE_KEYS.contains(&k.as_str()))
        .map(|k| {
            unknown(
                format!("onbekende sleutel `{k}` in het casusbestand"),
                k,
                CASE_FILE_KEYS,
            )
        })
        .collect();
    let regeling = members.get("regeling").and_then(Json::as_str);
    if regeling.is_none() {
        problems
            .push("het casusbestand noemt geen `regeling` (een id of een map, als tekst)".into());
    }
    let case = members.get("case");
    if case.is_none() {
        problems.push("het casusbestand heeft geen `case`".into());
    }
    let expect = read_expectation(members)
        .map_err(|problem| problems.push(problem))
        .ok();
    match (regeling, case, expect) {
        (Some(regeling), Some(case), Some(expect)) if problems.is_empty() => Ok(CaseFile {
            regeling,
            case,
            expect,
        }),
        _ => Err(problems),
    }
}

/// `expected`, or `expect_error` with the texts the message must contain.
/// `"expect_error": "tekst"` (or a list of texts) is short for
/// `"expect_error": true, "expect_error_contains": "tekst"`, as `verwacht
/// fout "tekst"` is in a test block.
fn read_expectation(members: &serde_json::Map<String, Json>) -> Result<Expect<'_>, String> {
    let contains = members.get("expect_error_contains");
    let texts = match (members.get("expect_error"), contains) {
        (None | Some(Json::Bool(false)), None) => None,
        (None | Some(Json::Bool(false)), Some(_)) => {
            return Err("`expect_error_contains` zonder `\"expect_error\": true`".into());
        }
        (Some(Json::Bool(true)), None) => {
            return Err(
                "het casusbestand verwacht een fout maar zegt niet welke: geef \
                 `expect_error_contains` met de tekst(en) die in de foutmelding moeten staan"
                    .into(),
            );
        }
        (Some(Json::Bool(true)), Some(texts)) => Some(error_texts(texts, "expect_error_contains")?),
        (Some(texts), None) => Some(error_texts(texts, "expect_error")?),
        (Some(_), Some(_)) => {
            return Err(
                "geef de tekst van de verwachte fout in `expect_error` óf in \
                 `expect_error_contains` (naast `\"expect_error\": true`), niet in beide"
                    .into(),
            );
        }
    };
    match (texts, members.get("expected")) {
        (Some(_), Some(_)) => Err(
            "het casusbestand heeft zowel `expected` als `expect_error`: een casus verwacht \
             uitkomsten óf een fout"
                .into(),
        ),
        (Some(texts), None) => Ok(Expect::Error(texts)),
        (None, Some(Json::Object(outputs))) if !outputs.is_empty() => Ok(Expect::Outputs(outputs)),
        (None, Some(_)) => Err(
            "`expected` moet een JSON-object zijn met ten minste één uitkomst en haar waarde"
                .into(),
        ),
        (None, None) => Err("het casusbestand heeft geen `expected` of `expect_error`".into()),
    }
}

/// The texts of an expected error: one non-empty text or a non-empty list
/// of them.
fn error_texts<'a>(json: &'a Json, key: &str) -> Result<Vec<&'a str>, String> {
    let texts: Option<Vec<&str>> = match json {
        Json::String(t) => Some(vec![t.as_str()]),
        Json::Array(list) => list.iter().map(Json::as_str).collect(),
        _ => None,
    };
    match texts {
        Some(t) if !t.is_empty() && t.iter().all(|t| !t.trim().is_empty()) => Ok(t),
        _ => Err(format!(
            "`{key}` moet een niet-lege tekst of lijst van niet-lege teksten zijn"
        )),
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

/// Differences between the expected outputs and the actual ones, one line
/// per output `want` names; an output `want` does not name is not checked.
pub fn compare_outputs(want: &serde_json::Map<String, Json>, got: &Json) -> Vec<String> {
    let Some(got) = got.as_object() else {
        return vec![format!("verwachtte uitkomsten, maar kreeg {got}")];
    };
    let mut out = Vec::new();
    for (k, v) in want {
        match got.get(k) {
            Some(x) if x == v => {}
            Some(x) => out.push(format!("`{k}`: verwacht {v}, kreeg {x}")),
            None => {
                let outputs: Vec<&str> = got.keys().map(String::as_str).collect();
                let message = format!("`{k}` is geen uitkomst van de regeling");
                out.push(unknown(message, k, &outputs));
            }
        }
    }
    out
}

/// `message` with the name the writer probably meant ("bedoelde u …?",
/// by the one suggestion rule), or else the names there are.
fn unknown(message: String, name: &str, known: &[&str]) -> String {
    match grammar::suggest::closest(name, known.iter().copied()) {
        Some(meant) => format!("{message}; bedoelde u `{meant}`?"),
        None => format!("{message} (bekend zijn: {})", known.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceSet;
    use serde_json::{json, Value as Json};

    fn problems(file: Json) -> Vec<String> {
        read_case_file(&file).err().unwrap_or_default()
    }

    fn expected_error(file: Json) -> Vec<String> {
        match read_case_file(&file).map(|f| f.expect) {
            Ok(Expect::Error(texts)) => texts.into_iter().map(String::from).collect(),
            Ok(Expect::Outputs(o)) => panic!("expects outputs {o:?}"),
            Err(p) => panic!("refused: {p:?}"),
        }
    }

    fn case() -> Json {
        json!({ "peildatum": "2025-03-01" })
    }

    #[test]
    fn an_unknown_key_is_an_error_with_the_key_meant() {
        let file = json!({ "regeling": "r", "case": case(), "expectd": { "a": 1 } });
        assert_eq!(
            problems(file),
            [
                "onbekende sleutel `expectd` in het casusbestand; bedoelde u `expected`?",
                "het casusbestand heeft geen `expected` of `expect_error`",
            ]
        );
        let file =
            json!({ "regeling": "r", "case": case(), "expected": { "a": 1 }, "opmerking": "x" });
        assert_eq!(
            problems(file),
            [
                "onbekende sleutel `opmerking` in het casusbestand (bekend zijn: regeling, case, \
              expected, expect_error, expect_error_contains, why, afwijkingen)"
            ]
        );
    }

    #[test]
    fn every_mistake_in_the_form_is_named_at_once() {
        assert_eq!(
            problems(json!({ "expected": [] })),
            [
                "het casusbestand noemt geen `regeling` (een id of een map, als tekst)",
                "het casusbestand heeft geen `case`",
                "`expected` moet een JSON-object zijn met ten minste één uitkomst en haar waarde",
            ]
        );
        assert_eq!(
            problems(json!([])),
            ["een casusbestand moet een JSON-object zijn"]
        );
    }

    #[test]
    fn an_empty_expected_checks_nothing_and_is_refused() {
        let file = json!({ "regeling": "r", "case": case(), "expected": {} });
        assert_eq!(
            problems(file),
            ["`expected` moet een JSON-object zijn met ten minste één uitkomst en haar waarde"]
        );
    }

    #[test]
    fn expect_error_may_hold_the_text_itself() {
        let file = |e: Json| json!({ "regeling": "r", "case": case(), "expect_error": e });
        assert_eq!(expected_error(file(json!("geen versie"))), ["geen versie"]);
        assert_eq!(
            expected_error(file(json!(["geen versie", "2023"]))),
            ["geen versie", "2023"]
        );
        let mut long = file(json!(true));
        long["expect_error_contains"] = json!("geen versie");
        assert_eq!(expected_error(long), ["geen versie"]);

        for wrong in [json!(""), json!([]), json!(3), json!({ "tekst": "x" })] {
            assert_eq!(
                problems(file(wrong.clone())),
                ["`expect_error` moet een niet-lege tekst of lijst van niet-lege teksten zijn"],
                "{wrong}"
            );
        }
    }

    #[test]
    fn an_expected_error_is_said_once_and_not_beside_outputs() {
        let both = json!({
            "regeling": "r", "case": case(),
            "expect_error": "geen versie", "expect_error_contains": "geen versie",
        });
        assert_eq!(
            problems(both),
            [
                "geef de tekst van de verwachte fout in `expect_error` óf in \
              `expect_error_contains` (naast `\"expect_error\": true`), niet in beide"
            ]
        );
        let beside_outputs = json!({
            "regeling": "r", "case": case(),
            "expect_error": "geen versie", "expected": { "a": 1 },
        });
        assert_eq!(
            problems(beside_outputs),
            [
                "het casusbestand heeft zowel `expected` als `expect_error`: een casus verwacht \
              uitkomsten óf een fout"
            ]
        );
    }

    #[test]
    fn only_the_outputs_named_are_compared() {
        let got = json!({ "norm": "1000.00", "reden": "alleenstaand", "extra": true });
        let want = |w: Json| w.as_object().cloned().unwrap_or_default();
        assert!(compare_outputs(&want(json!({ "norm": "1000.00" })), &got).is_empty());
        assert_eq!(
            compare_outputs(
                &want(json!({ "norm": "999.00", "reden": "alleenstaand" })),
                &got
            ),
            ["`norm`: verwacht \"999.00\", kreeg \"1000.00\""]
        );
        assert_eq!(
            compare_outputs(&want(json!({ "nrom": "1000.00" })), &got),
            ["`nrom` is geen uitkomst van de regeling; bedoelde u `norm`?"]
        );
        assert_eq!(
            compare_outputs(&want(json!({ "hoogte": "1" })), &got),
            ["`hoogte` is geen uitkomst van de regeling (bekend zijn: norm, reden, extra)"]
        );
    }

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
