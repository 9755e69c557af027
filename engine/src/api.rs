//! The engine's public face: load sources once, then evaluate, explain and
//! list regelingen. The CLI, the wasm module and the auditors' tools all go
//! through this, so every edge gives the same answers.

use crate::case::{self, CaseError, CaseJson};
use crate::diag::Diagnostic;
use crate::eval::{self, EvalError, EvalOptions, Evaluation, Override};
use crate::ir::Program;
use crate::library::{Library, Regeling, Unavailable};
use crate::source::SourceSet;
use crate::trace::{self, Trace};
use crate::types::Type;
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value as Json;
use std::fmt;
use std::sync::Arc;

/// A loaded, checked library of regelingen.
#[derive(Debug)]
pub struct Engine {
    library: Library,
}

/// What a caller asks of one evaluation.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Record the derivation (for explanations).
    pub trace: bool,
    /// Allow missing inputs: answer what is decided and list what is needed.
    pub partial: bool,
    pub overrides: Vec<OverrideRequest>,
}

/// An override (afwijken) as the caller gives it: the rule by name, the
/// value in case-JSON encoding, the reason and who decided.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct OverrideRequest {
    #[serde(rename = "regel")]
    pub rule: String,
    #[serde(rename = "waarde")]
    pub value: Json,
    #[serde(rename = "reden")]
    pub reason: String,
    #[serde(rename = "door", default)]
    pub by: Option<String>,
}

/// An evaluation with the program that produced it.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub program: Arc<Program>,
    pub evaluation: Evaluation,
    /// The derivation, when the request asked for it.
    pub trace: Option<Trace>,
}

impl Outcome {
    /// The result JSON (outputs, receipt, overrides, trace when asked).
    pub fn to_json(&self) -> Json {
        crate::result::to_json(&self.program, &self.evaluation, self.trace.as_ref())
    }
    /// The same result JSON, to serialise straight to text.
    pub fn result_json(&self) -> crate::result::ResultJson<'_> {
        crate::result::ResultJson {
            program: &self.program,
            evaluation: &self.evaluation,
            trace: self.trace.as_ref(),
        }
    }
    /// The Dutch explanation.
    pub fn explain(&self) -> String {
        crate::explain::explain(&self.program, &self.evaluation, self.trace.as_ref())
    }
    /// The short motivering for the citizen ([`crate::explain_short`]).
    pub fn explain_short(&self) -> String {
        crate::explain_short::explain_short(&self.program, &self.evaluation, self.trace.as_ref())
    }
}

#[derive(Debug, Clone)]
pub enum EngineError {
    /// No regeling with this id or folder.
    UnknownRegeling(String),
    /// The case JSON has mistakes (all of them, with JSON paths).
    Case(Vec<CaseError>),
    /// No version (or no version of a dependency) in force on the peildatum.
    NotInForce {
        regeling: String,
        date: NaiveDate,
        reason: Unavailable,
    },
    /// An override names an unknown rule or has a malformed value.
    Override(String),
    /// Evaluation failed (missing parameter value, conflict, `fout`, …).
    Eval(EvalError),
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EngineError::UnknownRegeling(r) => write!(f, "onbekende regeling `{r}`"),
            EngineError::Case(errors) => {
                write!(f, "de casus bevat {} fout(en):", errors.len())?;
                for e in errors {
                    write!(f, "\n  {}: {}", e.path, e.message)?;
                }
                Ok(())
            }
            EngineError::NotInForce { regeling, date, reason } => match reason {
                Unavailable::NoVersion => write!(f, "geen versie van de regeling `{regeling}` geldig op {date}"),
                Unavailable::Dependency(dep) => write!(
                    f,
                    "geen versie van de regeling `{dep}` (nodig voor `{regeling}`) geldig op {date}"
                ),
                Unavailable::Invalid => write!(
                    f,
                    "de regeling `{regeling}` die op {date} geldt bevat fouten; zie `regelwerk controleer`"
                ),
                Unavailable::Manifest(m) | Unavailable::NotCompiled(m) => write!(f, "{m}"),
            },
            EngineError::Override(m) => write!(f, "{m}"),
            EngineError::Eval(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for EngineError {}

impl From<EvalError> for EngineError {
    fn from(e: EvalError) -> Self {
        EngineError::Eval(e)
    }
}

/// A regeling and its versions, for listings and the browser's chooser
/// (JSON field names in Dutch: `regelwerk regelingen --format json`, the
/// browser's `regelingen()`).
#[derive(Debug, Clone, Serialize)]
pub struct RegelingSummary {
    pub id: String,
    #[serde(rename = "naam")]
    pub name: String,
    #[serde(rename = "map")]
    pub folder: String,
    #[serde(rename = "versies")]
    pub versions: Vec<VersionSummary>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VersionSummary {
    #[serde(rename = "versie")]
    pub version: String,
    #[serde(rename = "geldig_vanaf")]
    pub valid_from: NaiveDate,
    #[serde(rename = "tot_en_met")]
    pub valid_through: Option<NaiveDate>,
    #[serde(rename = "pad")]
    pub path: String,
    pub hash: String,
    #[serde(rename = "laag_op")]
    pub layer_on: Option<String>,
}

impl Engine {
    /// Parses every source and plans its programs; each program is checked
    /// and compiled on first use. Regelingen with errors cannot be
    /// evaluated on the dates where the erroneous versions are in force.
    #[cfg(feature = "compile")]
    pub fn new(sources: SourceSet) -> Engine {
        Engine {
            library: Library::build(sources),
        }
    }

    /// The engine of a rules bundle (JSON, see [`crate::bundle`]): with a
    /// manifest no file is parsed until a program built from it is needed.
    pub fn from_bundle(json: &str) -> Result<Engine, crate::bundle::BundleError> {
        crate::bundle::load(json).map(|library| Engine { library })
    }

    /// The engine of an already loaded library (for example one told to
    /// evaluate its bundle's compiled programs: [`Library::use_precompiled`]).
    pub fn from_library(library: Library) -> Engine {
        Engine { library }
    }

    pub fn library(&self) -> &Library {
        &self.library
    }
    pub fn sources(&self) -> &SourceSet {
        &self.library.sources
    }
    /// Every diagnostic of every regeling (compiles all programs first).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        self.library.diagnostics()
    }

    pub fn regelingen(&self) -> Vec<RegelingSummary> {
        self.library
            .regelingen
            .iter()
            .map(|r| RegelingSummary {
                id: r.id.clone(),
                name: r.name.clone(),
                folder: r.folder.clone(),
                versions: r
                    .versions
                    .iter()
                    .map(|v| {
                        let f = self.library.sources.get(v.file);
                        VersionSummary {
                            version: v.version.clone(),
                            valid_from: v.valid_from,
                            valid_through: v.valid_through,
                            path: f.map(|f| f.path.clone()).unwrap_or_default(),
                            hash: f.map(|f| f.hash.clone()).unwrap_or_default(),
                            layer_on: v.layer_on.clone(),
                        }
                    })
                    .collect(),
            })
            .collect()
    }

    /// A regeling by id (`heemskerk.minimaregelingen`) or folder
    /// (`rules/heemskerk/minimaregelingen`).
    pub fn find(&self, key: &str) -> Option<&Regeling> {
        self.library
            .regeling(key)
            .or_else(|| self.library.regeling_in_folder(key))
    }

    /// The program in force for a regeling on a date.
    pub fn program(&self, regeling: &str, date: NaiveDate) -> Result<&Arc<Program>, EngineError> {
        let r = self
            .find(regeling)
            .ok_or_else(|| EngineError::UnknownRegeling(regeling.to_string()))?;
        r.program_at(date)
            .map_err(|reason| EngineError::NotInForce {
                regeling: r.id.clone(),
                date,
                reason,
            })
    }

    /// Evaluates a case (JSON object with `peildatum`) under the version in
    /// force on its peildatum.
    pub fn evaluate(
        &self,
        regeling: &str,
        case_json: &Json,
        request: &Request,
    ) -> Result<Outcome, EngineError> {
        self.evaluate_case(regeling, &CaseJson::from(case_json), request)
    }

    /// [`Engine::evaluate`] for a case parsed from its text with
    /// [`CaseJson::parse`], which is much cheaper than a `serde_json::Value`
    /// (the browser's path).
    pub fn evaluate_case(
        &self,
        regeling: &str,
        case: &CaseJson,
        request: &Request,
    ) -> Result<Outcome, EngineError> {
        let date = case_peildatum(case)?;
        let program = self.program(regeling, date)?.clone();
        let inputs =
            case::decode_case(&program, case, request.partial).map_err(EngineError::Case)?;
        let overrides = request
            .overrides
            .iter()
            .map(|o| resolve_override(&program, o))
            .collect::<Result<Vec<_>, _>>()?;
        let options = EvalOptions { overrides };
        let (evaluation, trace) = if request.trace {
            let (evaluation, trace) = trace::evaluate(&program, &inputs, &options)?;
            (evaluation, Some(trace))
        } else {
            (eval::evaluate(&program, &inputs, &options)?, None)
        };
        Ok(Outcome {
            program,
            evaluation,
            trace,
        })
    }

    /// The input schema of the version in force on `date`: what a form asks.
    pub fn schema(&self, regeling: &str, date: NaiveDate) -> Result<Json, EngineError> {
        let program = self.program(regeling, date)?;
        Ok(crate::schema::input_schema(program))
    }
}

/// Reads the case's `peildatum`, the one field needed before the version
/// (and so the rest of the contract) is known.
pub fn peildatum_of(case_json: &Json) -> Result<NaiveDate, EngineError> {
    let peildatum = case_json.get("peildatum").map(CaseJson::from);
    peildatum_in(peildatum.as_ref(), case_json.is_object())
}

/// [`peildatum_of`] for a [`CaseJson`].
pub fn case_peildatum(case: &CaseJson) -> Result<NaiveDate, EngineError> {
    peildatum_in(case.get("peildatum"), case.is_object())
}

/// The peildatum from the case's `peildatum` member (`is_object`: whether
/// the case is an object at all).
fn peildatum_in(peildatum: Option<&CaseJson>, is_object: bool) -> Result<NaiveDate, EngineError> {
    let err = |m: &str| {
        EngineError::Case(vec![CaseError {
            path: "$.peildatum".into(),
            message: m.into(),
        }])
    };
    match peildatum {
        Some(CaseJson::String(s)) => crate::case::parse_iso_date(s).ok_or_else(|| {
            err(&format!(
                "`{s}` is geen geldige datum (verwacht JJJJ-MM-DD)"
            ))
        }),
        Some(_) => Err(err(
            "de peildatum moet een datum als tekst zijn (JJJJ-MM-DD)",
        )),
        None if !is_object => Err(EngineError::Case(vec![CaseError {
            path: "$".into(),
            message: "de casus moet een JSON-object zijn".into(),
        }])),
        None => Err(err("de peildatum ontbreekt")),
    }
}

fn resolve_override(program: &Program, o: &OverrideRequest) -> Result<Override, EngineError> {
    let (id, rule) = program
        .rules
        .iter()
        .enumerate()
        .find(|(_, r)| r.name == o.rule)
        .ok_or_else(|| EngineError::Override(format!("afwijken: onbekende regel `{}`", o.rule)))?;
    let value = case::decode_value(
        &program.types,
        &rule.ty,
        &o.value,
        &format!("$.afwijkingen.{}", o.rule),
    )
    .map_err(|errors| {
        EngineError::Override(
            errors
                .into_iter()
                .map(|e| format!("{}: {}", e.path, e.message))
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    Ok(Override {
        rule: id as u32,
        value,
        reason: o.reason.clone(),
        by: o.by.clone(),
    })
}

/// The type of a rule by name (for callers that encode values).
pub fn rule_type<'p>(program: &'p Program, name: &str) -> Option<&'p Type> {
    program.rules.iter().find(|r| r.name == name).map(|r| &r.ty)
}
