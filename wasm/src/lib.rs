//! regelwerk in the browser: a small wasm-bindgen API over [`engine::Engine`].
//!
//! Every call takes and returns JSON *text*: decimals stay exact strings
//! (`"1234.56"`), no JS number ever holds an amount, and the boundary is
//! the same encoding as the CLI's `--format json` and the case files.
//! Every answer is an object with `ok`:
//!
//! - success: `{ "ok": true, ... }`
//! - failure: `{ "ok": false, "fout": { "soort": "...", "melding": "...", ... } }`
//!
//! Nothing in here panics on user input: malformed JSON, unknown
//! regelingen, dates or rules all come back as `fout` objects. The JS side
//! never sees a trap for a mistake in what it passed in.

// The version diff links the engine's audit diff and the grammar's
// formatter (~60 KB gzip): only the on-demand module built with the feature
// `vergelijken` has it. Host tests always compile it.
#[cfg(any(feature = "vergelijken", test))]
mod diff;
mod household;
mod respond;
// The policy writer's editor (werkbank.html): the checker, so only in the
// on-demand module, like the diff.
#[cfg(any(feature = "vergelijken", test))]
mod werkbank;

/// The rules bundle format (one implementation, in the engine).
pub use engine::bundle;

use engine::api::{Engine, EngineError, OverrideRequest, Request};
use engine::case;
use engine::diag::{locate, LocatedDiagnostic};
use engine::eval::EvalErrorKind;
#[cfg(any(feature = "vergelijken", test))]
use engine::library::Library;
use engine::result::ResultJson;
use engine::schema::type_json;
#[cfg(any(feature = "vergelijken", test))]
use engine::source::SourceSet;
use respond::{fail, ok, ok_serialized, Failure};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value as Json};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A failure: every method returns this (as JSON text) instead of throwing. */
export interface RegelwerkFout {
  ok: false;
  fout: {
    /** Machine-readable kind: bundel, json, opties, regeling, datum, casus, niet_geldig, afwijken, evaluatie, versie, syntax. */
    soort: string;
    /** Dutch message for the user. */
    melding: string;
    /** For `casus`: every mistake in the case with its JSON path. */
    fouten?: { pad: string; melding: string }[];
    [extra: string]: unknown;
  };
}

/** Options of `evaluate` / `explain` (JSON text; `""` means all defaults). */
export interface RegelwerkOpties {
  /** Record the derivation (always on for `explain`). */
  trace?: boolean;
  /** Allow missing inputs: answer what is decided so far (old name, still read: `partial`). */
  gedeeltelijk?: boolean;
  /** Afwijken: only rules the schema lists under `afwijkbaar` (old name, still read: `overrides`). */
  afwijkingen?: { regel: string; waarde: unknown; reden: string; door?: string }[];
}

/** A place in a rule file; lines and columns from 1, columns in UTF-16 code units. */
export interface RegelwerkPlaats {
  path: string;
  line: number;
  column: number;
  end_line: number;
  end_column: number;
}

/** A diagnostic of `check`, at its place. */
export interface RegelwerkDiagnostiek extends RegelwerkPlaats {
  code: string;
  severity: "error" | "warning";
  message: string;
  label: string;
  help: string | null;
  /** The other places the diagnostic is about (e.g. the first definition). */
  related: (RegelwerkPlaats & { label: string })[];
  /** What probably belongs at a place ("bedoelde u …?"), for a quick fix; absent without one. */
  suggestion?: RegelwerkPlaats & { replacement: string };
}
"#;

/// A loaded library of regelingen (from a rules bundle). All methods take
/// and return JSON text; parse the answer and look at `ok`.
#[wasm_bindgen]
pub struct Regelwerk {
    /// The engine, or why the bundle could not be loaded.
    engine: Result<Engine, Failure>,
}

/// Options of `evaluate` and `explain`. Dutch names like the CLI's
/// `--gedeeltelijk` and `--afwijkingen`; the English names of earlier
/// versions are still read, so existing callers keep working.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    #[serde(default)]
    trace: bool,
    #[serde(default, rename = "gedeeltelijk", alias = "partial")]
    partial: bool,
    #[serde(default, rename = "afwijkingen", alias = "overrides")]
    overrides: Vec<OverrideRequest>,
}

#[wasm_bindgen]
impl Regelwerk {
    /// Loads a rules bundle (`{ "bestanden": [{ "pad", "tekst", "hash",
    /// "kop" }], "programmas": [{ "regeling", "vanaf", "hash", "programma" }] }`,
    /// as `regelwerk bundel` writes it) and plans its regelingen from the
    /// manifest (`kop`) without parsing. The main module has no parser or
    /// checker: it evaluates the bundle's compiled programs, each read (and
    /// its hash verified) when first used (a bundle without `kop`, or with a
    /// file or program without its hash, is refused; a regeling without its
    /// program answers with a `fout` saying so). The module with the feature
    /// `vergelijken` parses, checks and compiles a regeling's files when it
    /// is first used instead. Never throws: when the bundle is unusable every
    /// later call answers with its `fout`; `status()` tells at once.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(js_name = bundleJson)] bundle_json: &str) -> Regelwerk {
        let engine = Engine::from_bundle(bundle_json)
            .map_err(|e| Failure::new("bundel", e.message).with("pad", json!(e.path)));
        Regelwerk { engine }
    }

    /// `{ ok, bestanden, regelingen, fouten, waarschuwingen, diagnostieken,
    /// volledig }`: whether the bundle loaded, and the checker's findings so
    /// far — those of loading (syntax, versions, unknown regelingen) and of
    /// the regelingen used until now. `volledig` is true when every regeling
    /// has been checked; `checkAll()` checks them all. (A regeling with
    /// errors cannot be evaluated on the dates where the erroneous version
    /// is in force.)
    pub fn status(&self) -> String {
        match &self.engine {
            Ok(e) => status_of(e, e.library().diagnostics_so_far()),
            Err(f) => fail(f.clone()),
        }
    }

    /// Checks and compiles every regeling of the bundle, then answers as
    /// `status()` (with `volledig: true`). Costs what loading everything
    /// up front would; the app does not need it to evaluate. Only in the
    /// module with the feature `vergelijken` (the checker).
    #[cfg(any(feature = "vergelijken", test))]
    #[wasm_bindgen(js_name = checkAll)]
    pub fn check_all(&self) -> String {
        match &self.engine {
            Ok(e) => status_of(e, e.diagnostics().to_vec()),
            Err(f) => fail(f.clone()),
        }
    }

    /// `{ ok, regelingen: [{ id, naam, map, versies: [{ versie, geldig_vanaf,
    /// tot_en_met, pad, hash, laag_op }] }] }`.
    pub fn regelingen(&self) -> String {
        match &self.engine {
            Ok(e) => ok(obj(json!({ "regelingen": e.regelingen() }))),
            Err(f) => fail(f.clone()),
        }
    }

    /// The input schema of the version in force on `peildatum` (`JJJJ-MM-DD`):
    /// `{ ok, schema: { regeling, naam, versie, invoer, uitvoer, afwijkbaar } }`.
    /// `regeling` is an id (`heemskerk.minimaregelingen`) or a folder
    /// (`rules/heemskerk/minimaregelingen`).
    pub fn schema(&self, regeling: &str, peildatum: &str) -> String {
        answer(self.schema_inner(regeling, peildatum))
    }

    /// Evaluates a case (JSON object with `peildatum` and the inputs) with
    /// options (`RegelwerkOpties` as JSON text, or `""`):
    /// `{ ok, resultaat }` where `resultaat` is the engine's result JSON
    /// (outputs, receipt with versions and hashes, overrides, trace when asked).
    pub fn evaluate(
        &self,
        regeling: &str,
        #[wasm_bindgen(js_name = caseJson)] case_json: &str,
        #[wasm_bindgen(js_name = optionsJson)] options_json: &str,
    ) -> String {
        #[derive(Serialize)]
        struct Evaluated<'a> {
            #[serde(rename = "resultaat")]
            result: ResultJson<'a>,
        }
        match self.run(regeling, case_json, options_json, false) {
            Ok(o) => ok_serialized(&Evaluated {
                result: o.result_json(),
            }),
            Err(f) => fail(f),
        }
    }

    /// Like `evaluate` with the trace on, plus the Dutch explanation:
    /// `{ ok, tekst, resultaat }` (`resultaat.trace` is the derivation tree).
    pub fn explain(
        &self,
        regeling: &str,
        #[wasm_bindgen(js_name = caseJson)] case_json: &str,
        #[wasm_bindgen(js_name = optionsJson)] options_json: &str,
    ) -> String {
        #[derive(Serialize)]
        struct Explained<'a> {
            #[serde(rename = "tekst")]
            text: String,
            #[serde(rename = "resultaat")]
            result: ResultJson<'a>,
        }
        match self.run(regeling, case_json, options_json, true) {
            Ok(o) => ok_serialized(&Explained {
                text: o.explain(),
                result: o.result_json(),
            }),
            Err(f) => fail(f),
        }
    }

    /// The short motivering for the citizen beside `explain`: per outcome
    /// what was decided and why in the case's own figures, and the
    /// articles it rests on: `{ ok, tekst }`.
    #[wasm_bindgen(js_name = explainShort)]
    pub fn explain_short(
        &self,
        regeling: &str,
        #[wasm_bindgen(js_name = caseJson)] case_json: &str,
        #[wasm_bindgen(js_name = optionsJson)] options_json: &str,
    ) -> String {
        #[derive(Serialize)]
        struct Short {
            #[serde(rename = "tekst")]
            text: String,
        }
        match self.run(regeling, case_json, options_json, true) {
            Ok(o) => ok_serialized(&Short {
                text: o.explain_short(),
            }),
            Err(f) => fail(f),
        }
    }

    /// Partial evaluation of an incomplete case (absent inputs are unknown):
    /// `{ ok, compleet, nodig, resultaat }` — whether every output is
    /// decided, the inputs still needed in the order they are asked (`[{
    /// naam, type, optioneel }]`: `resultaat.ontbrekend` with the types),
    /// and the full result JSON, which holds the outputs decided so far
    /// (`outputs`) and the names of the undecided ones (`onbeslist`).
    /// `optionsJson` (optional) may carry `afwijkingen`: a deviation can make
    /// questions unnecessary.
    pub fn missing(
        &self,
        regeling: &str,
        #[wasm_bindgen(js_name = caseJson)] case_json: &str,
        #[wasm_bindgen(js_name = optionsJson)] options_json: Option<String>,
    ) -> String {
        self.missing_inner(regeling, case_json, options_json.as_deref().unwrap_or(""))
            .unwrap_or_else(fail)
    }

    /// Checks one edited source (`path` as in the bundle; a new path adds a
    /// file) together with the rest of the loaded bundle:
    /// `{ ok, fouten, waarschuwingen, diagnostieken, andere_bestanden }` with
    /// `RegelwerkDiagnostiek`s — `diagnostieken` for this file,
    /// `andere_bestanden` for new findings the edit causes elsewhere. Only
    /// in the module with the feature `vergelijken` (the checker).
    #[cfg(any(feature = "vergelijken", test))]
    pub fn check(&self, path: &str, source: &str) -> String {
        let base = self.engine.as_ref().ok();
        let mut set = SourceSet::new();
        let mut replaced = false;
        if let Some(engine) = base {
            for (_, f) in engine.sources().files() {
                if f.path == path {
                    set.add(path, source);
                    replaced = true;
                } else {
                    set.add(f.path.clone(), f.text.clone());
                }
            }
        }
        if !replaced {
            set.add(path, source);
        }
        let before: Vec<LocatedDiagnostic> = base
            .map(|e| {
                e.diagnostics()
                    .iter()
                    .map(|d| locate(d, e.sources()))
                    .collect()
            })
            .unwrap_or_default();
        let library = Library::build(set);
        let (mine, others): (Vec<LocatedDiagnostic>, Vec<LocatedDiagnostic>) = library
            .diagnostics()
            .iter()
            .map(|d| locate(d, &library.sources))
            .partition(|d| d.at.path == path);
        let others: Vec<LocatedDiagnostic> = others
            .into_iter()
            .filter(|d| !before.iter().any(|b| same_diag(b, d)))
            .collect();
        let errors = mine
            .iter()
            .filter(|d| d.severity == engine::Severity::Error)
            .count();
        ok(obj(json!({
            "fouten": errors,
            "waarschuwingen": mine.len() - errors,
            "diagnostieken": mine,
            "andere_bestanden": others,
        })))
    }

    /// The crate version (for receipts and the about box).
    #[wasm_bindgen(js_name = versie)]
    pub fn version() -> String {
        env!("CARGO_PKG_VERSION").to_string()
    }
}

impl Regelwerk {
    fn engine(&self) -> Result<&Engine, Failure> {
        self.engine.as_ref().map_err(Clone::clone)
    }

    fn schema_inner(&self, regeling: &str, peildatum: &str) -> Result<Map<String, Json>, Failure> {
        let engine = self.engine()?;
        let date = case::parse_iso_date(peildatum).ok_or_else(|| {
            Failure::new(
                "datum",
                format!("`{peildatum}` is geen geldige peildatum (verwacht JJJJ-MM-DD)"),
            )
        })?;
        let schema = engine.schema(regeling, date).map_err(engine_failure)?;
        Ok(obj(json!({ "schema": schema })))
    }

    fn run(
        &self,
        regeling: &str,
        case_json: &str,
        options_json: &str,
        trace: bool,
    ) -> Result<engine::Outcome, Failure> {
        let engine = self.engine()?;
        let case = parse_case(case_json)?;
        let options = parse_options(options_json)?;
        let request = Request {
            trace: trace || options.trace,
            partial: options.partial,
            overrides: options.overrides,
        };
        engine
            .evaluate_case(regeling, &case, &request)
            .map_err(engine_failure)
    }

    fn missing_inner(
        &self,
        regeling: &str,
        case_json: &str,
        options_json: &str,
    ) -> Result<String, Failure> {
        let engine = self.engine()?;
        let case = parse_case(case_json)?;
        let options = parse_options(options_json)?;
        let request = Request {
            trace: false,
            partial: true,
            overrides: options.overrides,
        };
        let outcome = engine
            .evaluate_case(regeling, &case, &request)
            .map_err(engine_failure)?;
        let program = &outcome.program;
        let evaluation = &outcome.evaluation;
        let needed: Vec<Json> = evaluation
            .missing
            .iter()
            .filter_map(|&i| program.inputs.get(i as usize))
            .map(|i| json!({ "naam": i.name, "type": type_json(&program.types, &i.ty), "optioneel": i.ty.is_optional() }))
            .collect();
        #[derive(Serialize)]
        struct Missing<'a> {
            #[serde(flatten)]
            progress: Map<String, Json>,
            #[serde(rename = "resultaat")]
            result: ResultJson<'a>,
        }
        let progress = obj(json!({
            "compleet": evaluation.is_complete(),
            "nodig": needed,
        }));
        Ok(ok_serialized(&Missing {
            progress,
            result: outcome.result_json(),
        }))
    }
}

/// The answer of `status` and `checkAll`.
fn status_of(engine: &Engine, diagnostics: Vec<engine::Diagnostic>) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let located: Vec<LocatedDiagnostic> = diagnostics
        .iter()
        .map(|d| locate(d, engine.sources()))
        .collect();
    ok(obj(json!({
        "bestanden": engine.sources().len(),
        "regelingen": engine.library().regelingen.len(),
        "fouten": errors,
        "waarschuwingen": located.len() - errors,
        "diagnostieken": located,
        "volledig": engine.library().is_fully_compiled(),
    })))
}

fn answer(r: Result<Map<String, Json>, Failure>) -> String {
    match r {
        Ok(body) => ok(body),
        Err(f) => fail(f),
    }
}

/// The members of a `json!({...})` object.
fn obj(v: Json) -> Map<String, Json> {
    match v {
        Json::Object(m) => m,
        _ => Map::new(),
    }
}

/// The case JSON text, parsed into the engine's case tree.
fn parse_case(text: &str) -> Result<case::CaseJson<'_>, Failure> {
    case::CaseJson::parse(text).map_err(|e| {
        Failure::new(
            "json",
            format!(
                "de casus is geen geldige JSON (regel {}, kolom {}): {e}",
                e.line(),
                e.column()
            ),
        )
        .with("regel", json!(e.line()))
        .with("kolom", json!(e.column()))
    })
}

fn parse_options(text: &str) -> Result<Options, Failure> {
    let text = text.trim();
    if text.is_empty() || text == "null" {
        return Ok(Options::default());
    }
    serde_json::from_str(text).map_err(|e| Failure::new("opties", format!("ongeldige opties: {e}")))
}

/// An engine error as a `fout` object, with structure where the engine has it.
fn engine_failure(e: EngineError) -> Failure {
    let message = e.to_string();
    match e {
        EngineError::UnknownRegeling(r) => {
            Failure::new("regeling", message).with("regeling", json!(r))
        }
        EngineError::Case(errors) => {
            let list: Vec<Json> = errors
                .iter()
                .map(|c| json!({ "pad": c.path, "melding": c.message }))
                .collect();
            Failure::new("casus", message).with("fouten", Json::Array(list))
        }
        EngineError::NotInForce { regeling, date, .. } => Failure::new("niet_geldig", message)
            .with("regeling", json!(regeling))
            .with("peildatum", json!(date.to_string())),
        EngineError::Override(_) => Failure::new("afwijken", message),
        EngineError::Eval(e) if e.kind == EvalErrorKind::Override => {
            Failure::new("afwijken", message).with("code", json!(e.kind))
        }
        EngineError::Eval(e) => Failure::new("evaluatie", message).with("code", json!(e.kind)),
    }
}

#[cfg(any(feature = "vergelijken", test))]
fn same_diag(a: &LocatedDiagnostic, b: &LocatedDiagnostic) -> bool {
    a.code == b.code
        && a.at.path == b.at.path
        && a.at.line == b.at.line
        && a.at.column == b.at.column
        && a.message == b.message
}

#[cfg(test)]
mod tests;
