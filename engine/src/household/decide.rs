//! Deciding every selected regeling for one household at once: read the
//! household case, choose the regelingen, project the case onto each one's
//! own contract, evaluate, and gather the overview, the totals, the next
//! steps and (when deciding partially) the questions still open, each once.

use super::facts::{self, Fact};
use super::overview::{self, Amount, OutcomeView};
use super::projection;
use super::totals::{self, Totals};
use crate::api::{Engine, EngineError, OverrideRequest, Request};
use crate::case::CaseError;
use crate::ir::Program;
use crate::library::Unavailable;
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Map, Value as Json};
use std::collections::HashMap;
use std::sync::Arc;

/// Which regelingen decide: by id or folder, or every regeling of a
/// gemeente (each id that starts with `gemeente.`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    Regelingen(Vec<String>),
    Gemeente(String),
}

/// What a caller asks of a household decision.
#[derive(Debug, Clone, Default)]
pub struct HouseholdRequest {
    /// Allow missing facts: decide what can be decided, ask the rest.
    pub partial: bool,
    /// Overrides (afwijkingen) per regeling id.
    pub overrides: HashMap<String, Vec<OverrideRequest>>,
    /// Leave out the short motivering (and so the trace it is read from).
    pub without_motivering: bool,
}

/// The household decision (`regelwerk huishouden --format json`, the
/// browser's `decideHousehold`).
#[derive(Debug, Clone, Serialize)]
pub struct HouseholdDecision {
    pub peildatum: String,
    pub regelingen: Vec<RegelingDecision>,
    #[serde(rename = "totalen")]
    pub totals: HouseholdTotals,
    /// The steps the household must still take, in regeling order.
    #[serde(rename = "vervolgstappen")]
    pub next_steps: Vec<NextStep>,
    /// The facts still needed (deciding partially), each once.
    #[serde(rename = "vragen")]
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HouseholdTotals {
    #[serde(rename = "ontvangt")]
    pub receives: Totals,
    #[serde(rename = "betaalt")]
    pub pays: Totals,
}

/// How far a regeling got.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Every output decided.
    Besloten,
    /// Some outputs wait for facts still missing.
    Gedeeltelijk,
    /// No version in force on the peildatum: listed, not an error.
    NietVanKracht,
    /// The evaluation failed (`melding` says why).
    Fout,
}

/// One regeling's part: outcome, route, amounts, motivering and its full
/// result JSON with the receipt (as `bereken --format json` gives it).
#[derive(Debug, Clone, Serialize)]
pub struct RegelingDecision {
    pub regeling: String,
    #[serde(rename = "naam")]
    pub name: String,
    pub status: Status,
    #[serde(rename = "melding", skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(rename = "uitkomsten")]
    pub outcomes: Vec<OutcomeView>,
    #[serde(rename = "ontvangt")]
    pub receives: Vec<Amount>,
    #[serde(rename = "betaalt")]
    pub pays: Vec<Amount>,
    #[serde(rename = "motivering_kort", skip_serializing_if = "Option::is_none")]
    pub motivering: Option<String>,
    /// Household facts this regeling still needs.
    #[serde(rename = "ontbrekend")]
    pub missing: Vec<String>,
    #[serde(rename = "resultaat", skip_serializing_if = "Option::is_none")]
    pub result: Option<Receipt>,
}

/// A regeling's full result JSON with its receipt ([`crate::result`]),
/// written straight to text when the decision is serialised: no JSON tree
/// is built for it in between.
#[derive(Debug, Clone)]
pub struct Receipt {
    pub program: Arc<Program>,
    pub evaluation: crate::eval::Evaluation,
}

impl Receipt {
    /// The result JSON as a value (for tools and tests that look inside).
    pub fn to_json(&self) -> Json {
        crate::result::to_json(&self.program, &self.evaluation, None)
    }
}

impl Serialize for Receipt {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::result::ResultJson {
            program: &self.program,
            evaluation: &self.evaluation,
            trace: None,
        }
        .serialize(s)
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NextStep {
    pub regeling: String,
    #[serde(rename = "uitvoer")]
    pub output: String,
    #[serde(rename = "tekst")]
    pub text: String,
}

/// One household fact to ask: the first taker's question and help, the
/// JSON type of the fact ([`crate::schema::type_json`]) and the regelingen
/// that take it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Question {
    #[serde(rename = "feit")]
    pub fact: String,
    pub label: String,
    pub vraag: String,
    pub hulp: Option<String>,
    #[serde(rename = "optioneel")]
    pub optional: bool,
    #[serde(rename = "type")]
    pub schema: Json,
    pub regelingen: Vec<String>,
}

/// The facts the selected regelingen take on a date, with their questions
/// (the browser's `householdQuestions`).
#[derive(Debug, Clone, Serialize)]
pub struct HouseholdQuestions {
    pub peildatum: String,
    pub regelingen: Vec<RegelingDecision>,
    #[serde(rename = "vragen")]
    pub questions: Vec<Question>,
}

/// The regeling ids a selection names, or what is wrong with it (paths
/// under `$.regelingen` / `$.gemeente`).
pub fn select(engine: &Engine, selection: &Selection) -> Result<Vec<String>, Vec<CaseError>> {
    let all = &engine.library().regelingen;
    match selection {
        Selection::Regelingen(keys) => {
            let mut ids = Vec::new();
            let mut errors = Vec::new();
            for (k, key) in keys.iter().enumerate() {
                match engine.find(key) {
                    Some(r) if !ids.contains(&r.id) => ids.push(r.id.clone()),
                    Some(_) => {}
                    None => errors.push(facts::unknown(
                        &format!("$.regelingen[{k}]"),
                        "de regeling",
                        key,
                        all.iter().map(|r| r.id.as_str()),
                    )),
                }
            }
            if keys.is_empty() {
                errors.push(CaseError {
                    path: "$.regelingen".into(),
                    message: "kies ten minste één regeling".into(),
                });
            }
            if errors.is_empty() {
                Ok(ids)
            } else {
                Err(errors)
            }
        }
        Selection::Gemeente(gemeente) => {
            let prefix = format!("{gemeente}.");
            let ids: Vec<String> = all
                .iter()
                .filter(|r| r.id.starts_with(&prefix))
                .map(|r| r.id.clone())
                .collect();
            if !ids.is_empty() {
                return Ok(ids);
            }
            let mut gemeenten: Vec<&str> = all
                .iter()
                .filter_map(|r| r.id.split_once('.').map(|(g, _)| g))
                .collect();
            gemeenten.dedup();
            let mut message = format!("geen regeling van de gemeente `{gemeente}`");
            if let Some(meant) = grammar::suggest::closest(gemeente, gemeenten) {
                message.push_str(&format!("; bedoelde u `{meant}`?"));
            }
            Err(vec![CaseError {
                path: "$.gemeente".into(),
                message,
            }])
        }
    }
}

/// The selection of a household case: `regelingen` (ids or folders) or
/// `gemeente`.
pub fn selection_of(household: &Json) -> Result<Selection, Vec<CaseError>> {
    let err = |path: &str, message: &str| {
        Err(vec![CaseError {
            path: path.into(),
            message: message.into(),
        }])
    };
    match (household.get("regelingen"), household.get("gemeente")) {
        (Some(_), Some(_)) => err("$", "geef `regelingen` of `gemeente`, niet allebei"),
        (Some(Json::Array(items)), None) => {
            let mut keys = Vec::new();
            for (k, item) in items.iter().enumerate() {
                match item.as_str() {
                    Some(s) => keys.push(s.to_string()),
                    None => {
                        return err(
                            &format!("$.regelingen[{k}]"),
                            "een regeling is een tekst (id of map)",
                        )
                    }
                }
            }
            Ok(Selection::Regelingen(keys))
        }
        (Some(_), None) => err(
            "$.regelingen",
            "`regelingen` is een lijst van regelingen (id of map)",
        ),
        (None, Some(Json::String(g))) => Ok(Selection::Gemeente(g.clone())),
        (None, Some(_)) => err(
            "$.gemeente",
            "`gemeente` is een tekst, bijvoorbeeld \"heemskerk\"",
        ),
        (None, None) => err(
            "$",
            "kies de regelingen: `regelingen` (een lijst) of `gemeente`",
        ),
    }
}

/// The programs in force on `date` for each selected regeling, and an entry
/// for each one not in force (boxed: an entry is large, a program an `Arc`).
fn programs_at(
    engine: &Engine,
    ids: &[String],
    date: NaiveDate,
) -> Vec<Result<Arc<Program>, Box<RegelingDecision>>> {
    ids.iter()
        .map(|id| {
            engine.program(id, date).cloned().map_err(|e| {
                let status = match &e {
                    EngineError::NotInForce {
                        reason: Unavailable::NoVersion | Unavailable::Dependency(_),
                        ..
                    } => Status::NietVanKracht,
                    _ => Status::Fout,
                };
                let name = engine.find(id).map(|r| r.name.clone()).unwrap_or_default();
                Box::new(bare(id, name, status, Some(e.to_string())))
            })
        })
        .collect()
}

fn bare(id: &str, name: String, status: Status, message: Option<String>) -> RegelingDecision {
    RegelingDecision {
        regeling: id.to_string(),
        name,
        status,
        message,
        outcomes: Vec::new(),
        receives: Vec::new(),
        pays: Vec::new(),
        motivering: None,
        missing: Vec::new(),
        result: None,
    }
}

/// The programs of [`programs_at`]'s answer.
fn in_force(found: &[Result<Arc<Program>, Box<RegelingDecision>>]) -> Vec<&Program> {
    found.iter().filter_map(|p| p.as_deref().ok()).collect()
}

/// Whether a version of one of the regelingen `ids`, in force on some
/// date, takes the fact `name`.
fn taken_on_other_dates(engine: &Engine, ids: &[String], name: &str) -> bool {
    ids.iter()
        .filter_map(|id| engine.find(id))
        .flat_map(|r| &r.segments)
        .filter_map(|s| s.program().ok())
        .any(|p| p.inputs.iter().any(|i| i.fact_name() == name))
}

/// The question of each fact, in the programs' own order.
fn question(fact: &Fact<'_>) -> Question {
    let first = fact.takers[0];
    let def = first.def();
    let mut regelingen: Vec<String> = Vec::new();
    for t in &fact.takers {
        if !regelingen.contains(&t.program.info.id) {
            regelingen.push(t.program.info.id.clone());
        }
    }
    Question {
        fact: fact.name.to_string(),
        label: def.display_name(),
        vraag: def.question_text(),
        hulp: def.help.clone(),
        optional: fact.takers.iter().all(|t| t.def().ty.is_optional()),
        schema: crate::schema::type_json(first.types(), &def.ty),
        regelingen,
    }
}

/// Every fact the selected regelingen take on `date`, each once.
pub fn questions(
    engine: &Engine,
    selection: &Selection,
    date: NaiveDate,
) -> Result<HouseholdQuestions, Vec<CaseError>> {
    let ids = select(engine, selection)?;
    let found = programs_at(engine, &ids, date);
    let programs = in_force(&found);
    let questions = facts::facts(&programs).iter().map(question).collect();
    let regelingen = found
        .iter()
        .map(|p| match p {
            Ok(p) => bare(&p.info.id, p.info.name.clone(), Status::Gedeeltelijk, None),
            Err(d) => (**d).clone(),
        })
        .collect();
    Ok(HouseholdQuestions {
        peildatum: date.to_string(),
        regelingen,
        questions,
    })
}

/// Decides every selected regeling for the household case `household`
/// (`{ peildatum, regelingen | gemeente, huishouden }`). Mistakes in the
/// case (also those a regeling's decoder finds) come back all together,
/// with their paths in the household case.
pub fn decide(
    engine: &Engine,
    household: &Json,
    request: &HouseholdRequest,
) -> Result<HouseholdDecision, Vec<CaseError>> {
    let Some(object) = household.as_object() else {
        return Err(vec![CaseError {
            path: "$".into(),
            message: "het huishouden moet een JSON-object zijn".into(),
        }]);
    };
    let mut errors = Vec::new();
    for key in object.keys() {
        if !["peildatum", "regelingen", "gemeente", "huishouden"].contains(&key.as_str()) {
            let known = ["peildatum", "regelingen", "gemeente", "huishouden"];
            errors.push(facts::unknown(
                &format!("$.{key}"),
                "het onderdeel",
                key,
                known,
            ));
        }
    }
    let date = match crate::api::peildatum_of(household) {
        Ok(d) => Some(d),
        Err(EngineError::Case(e)) => {
            errors.extend(e);
            None
        }
        Err(e) => {
            errors.push(CaseError {
                path: "$.peildatum".into(),
                message: e.to_string(),
            });
            None
        }
    };
    let ids = match selection_of(household).and_then(|s| select(engine, &s)) {
        Ok(ids) => ids,
        Err(e) => {
            errors.extend(e);
            Vec::new()
        }
    };
    let empty = Map::new();
    let facts_json = match household.get("huishouden") {
        Some(Json::Object(m)) => m,
        None => &empty,
        Some(_) => {
            errors.push(CaseError {
                path: "$.huishouden".into(),
                message: "`huishouden` is een object met de feiten van het huishouden".into(),
            });
            &empty
        }
    };
    let Some(date) = date else { return Err(errors) };
    if !errors.is_empty() {
        return Err(errors);
    }
    let found = programs_at(engine, &ids, date);
    let programs = in_force(&found);
    let all_facts = facts::facts(&programs);
    for (name, value) in facts_json {
        let path = format!("$.huishouden.{name}");
        match all_facts.iter().find(|f| f.name == name) {
            Some(f) => {
                let types: Vec<_> = f.takers.iter().map(|t| (t.types(), &t.def().ty)).collect();
                facts::unknown_members(value, &types, &path, &mut errors);
            }
            // A fact of a selected regeling's other versions (one not in
            // force on this peildatum) is no mistake: the household case
            // may serve several dates.
            None if taken_on_other_dates(engine, &ids, name) => {}
            None => errors.push(facts::unknown(
                &path,
                "het feit",
                name,
                all_facts.iter().map(|f| f.name),
            )),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let peildatum = &household["peildatum"];
    let mut regelingen = Vec::with_capacity(found.len());
    for entry in &found {
        let program = match entry {
            Ok(p) => p,
            Err(listed) => {
                regelingen.push((**listed).clone());
                continue;
            }
        };
        let id = &program.info.id;
        let case = projection::case_of(program, peildatum, facts_json);
        let req = Request {
            trace: !request.without_motivering,
            partial: request.partial,
            overrides: request.overrides.get(id).cloned().unwrap_or_default(),
        };
        match engine.evaluate(id, &case, &req) {
            Ok(outcome) => {
                let view = overview::view(program, &outcome.evaluation);
                let ev = &outcome.evaluation;
                let missing: Vec<String> = ev
                    .missing
                    .iter()
                    .filter_map(|&i| program.inputs.get(i as usize))
                    .map(|i| i.fact_name().to_string())
                    .collect();
                regelingen.push(RegelingDecision {
                    regeling: id.clone(),
                    name: program.info.name.clone(),
                    status: if ev.is_complete() {
                        Status::Besloten
                    } else {
                        Status::Gedeeltelijk
                    },
                    message: None,
                    outcomes: view.outcomes,
                    receives: view.receives,
                    pays: view.pays,
                    motivering: (!request.without_motivering).then(|| outcome.explain_short()),
                    missing,
                    result: Some(Receipt {
                        program: program.clone(),
                        evaluation: outcome.evaluation,
                    }),
                });
            }
            Err(EngineError::Case(case_errors)) => {
                errors.extend(case_errors.into_iter().map(|e| CaseError {
                    path: projection::household_path(program, &e.path),
                    message: e.message,
                }))
            }
            Err(EngineError::Override(m)) => errors.push(CaseError {
                path: format!("$.afwijkingen.{id}"),
                message: m,
            }),
            Err(e) => regelingen.push(bare(
                id,
                program.info.name.clone(),
                Status::Fout,
                Some(e.to_string()),
            )),
        }
    }
    if !errors.is_empty() {
        errors.sort_by(|a, b| a.path.cmp(&b.path));
        errors.dedup_by(|a, b| a.path == b.path && a.message == b.message);
        return Err(errors);
    }

    let questions = all_facts
        .iter()
        .filter(|f| {
            regelingen
                .iter()
                .any(|r| r.missing.iter().any(|m| m == f.name))
        })
        .map(|f| {
            let mut q = question(f);
            q.regelingen.retain(|id| {
                regelingen
                    .iter()
                    .any(|r| &r.regeling == id && r.missing.iter().any(|m| m == f.name))
            });
            q
        })
        .collect();
    let next_steps = regelingen
        .iter()
        .flat_map(|r| {
            r.outcomes.iter().filter_map(|o| {
                o.next_step.as_ref().map(|text| NextStep {
                    regeling: r.regeling.clone(),
                    output: o.output.clone(),
                    text: text.clone(),
                })
            })
        })
        .collect();
    let totals = HouseholdTotals {
        receives: totals::total(
            regelingen
                .iter()
                .flat_map(|r| r.receives.iter().map(|a| (r.regeling.as_str(), a))),
        ),
        pays: totals::total(
            regelingen
                .iter()
                .flat_map(|r| r.pays.iter().map(|a| (r.regeling.as_str(), a))),
        ),
    };
    Ok(HouseholdDecision {
        peildatum: date.to_string(),
        regelingen,
        totals,
        next_steps,
        questions,
    })
}

#[cfg(all(test, feature = "compile"))]
mod tests {
    use super::*;
    use crate::source::SourceSet;
    use serde_json::json;

    /// Two regelingen of the gemeente `gem`: `a` takes the fact `y` under
    /// its own input `x`, `b` takes it by name; `a` pays per maand, `b`
    /// receives per jaar.
    fn engine() -> Engine {
        let mut s = SourceSet::new();
        s.add(
            "rules/gem/a/2025.regels",
            "regeling \"A\"\n  id gem.a\n  geldig vanaf 2025-01-01\n\nkeuze R: toe | af\ninvoer x: ja/nee\n  vraag \"Vraag van A\"\n  feit y\n\
             uitvoer r, p\n  uitkomst r\n    vervolg toe \"Vraag A aan.\"\n  betaalt p\n\
             regel r: R = als x dan toe anders af\nregel p: bedrag per maand = als x dan € 10 anders € 0\n",
        );
        s.add(
            "rules/gem/b/2025.regels",
            "regeling \"B\"\n  id gem.b\n  geldig vanaf 2025-06-01\n\ninvoer y: ja/nee\n  vraag \"Vraag van B\"\ninvoer z: ja/nee\n\
             uitvoer k\n  ontvangt k\nregel k: bedrag per jaar = als y en z dan € 120 anders € 0\n",
        );
        Engine::new(s)
    }

    #[test]
    fn a_fact_two_regelingen_take_is_asked_once_with_the_first_question() {
        let e = engine();
        assert!(e.diagnostics().is_empty(), "{:?}", e.diagnostics());
        let date = NaiveDate::from_ymd_opt(2025, 6, 1).expect("date");
        let q = questions(&e, &Selection::Gemeente("gem".into()), date).expect("questions");
        let asked: Vec<(&str, &str, usize)> = q
            .questions
            .iter()
            .map(|q| (q.fact.as_str(), q.vraag.as_str(), q.regelingen.len()))
            .collect();
        assert_eq!(asked, [("y", "Vraag van A", 2), ("z", "Z", 1)]);
    }

    #[test]
    fn deciding_reads_routes_steps_and_amounts_from_the_declarations() {
        let e = engine();
        let household = json!({ "peildatum": "2025-06-01", "gemeente": "gem", "huishouden": { "y": true, "z": true } });
        let d = decide(&e, &household, &HouseholdRequest::default()).expect("decides");
        let a = &d.regelingen[0];
        assert_eq!(a.outcomes[0].value.as_deref(), Some("toe"));
        assert_eq!(d.next_steps[0].text, "Vraag A aan.");
        assert_eq!(
            (
                d.totals.pays.per_month.as_str(),
                d.totals.pays.per_year.as_str()
            ),
            ("10.00", "120.00")
        );
        assert_eq!(
            (
                d.totals.receives.per_month.as_str(),
                d.totals.receives.per_year.as_str()
            ),
            ("0.00", "120.00")
        );
        // Before B's first day: B is listed, and its fact `z` is no mistake.
        let earlier = json!({ "peildatum": "2025-03-01", "gemeente": "gem", "huishouden": { "y": true, "z": true } });
        let d = decide(&e, &earlier, &HouseholdRequest::default()).expect("decides");
        assert_eq!(d.regelingen[1].status, Status::NietVanKracht);
    }

    #[test]
    fn a_wrong_selection_is_refused_with_its_path() {
        let e = engine();
        let paths = |household: Json| -> Vec<String> {
            match decide(&e, &household, &HouseholdRequest::default()) {
                Err(errors) => errors
                    .into_iter()
                    .map(|e| format!("{}: {}", e.path, e.message))
                    .collect(),
                Ok(_) => vec!["decided".into()],
            }
        };
        let both = paths(
            json!({ "peildatum": "2025-06-01", "gemeente": "gem", "regelingen": ["gem.a"], "huishouden": {} }),
        );
        assert!(
            both[0].starts_with("$: geef `regelingen` of `gemeente`"),
            "{both:?}"
        );
        let typo = paths(json!({ "peildatum": "2025-06-01", "gemeente": "gen", "huishouden": {} }));
        assert!(typo[0].contains("bedoelde u `gem`?"), "{typo:?}");
        let unknown =
            paths(json!({ "peildatum": "2025-06-01", "regelingen": ["gem.c"], "huishouden": {} }));
        assert!(unknown[0].starts_with("$.regelingen[0]:"), "{unknown:?}");
        let none = paths(json!({ "peildatum": "2025-06-01", "huishouden": {} }));
        assert!(none[0].starts_with("$: kies de regelingen"), "{none:?}");
    }
}
