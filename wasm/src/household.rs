//! The household API: decide every selected regeling for one household
//! case at once (`decideHousehold`), and list the facts a household
//! interview asks, each once (`householdQuestions`). The answers are the
//! engine's [`engine::household`] types as JSON, the same as
//! `regelwerk huishouden --format json`.

use super::{engine_failure, Regelwerk};
use crate::respond::{fail, ok_serialized, Failure};
use engine::api::{EngineError, OverrideRequest};
use engine::household::{self, HouseholdRequest, Selection};
use serde::Deserialize;
use serde_json::Value as Json;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_HOUSEHOLD: &'static str = r#"
/** A household case: `regelingen` (ids or folders) or `gemeente` (every regeling whose id starts with it). */
export interface RegelwerkHuishouden {
  peildatum: string;
  regelingen?: string[];
  gemeente?: string;
  /** The household's facts by name; each regeling takes its inputs from here (by name or by its `feit`). */
  huishouden: { [feit: string]: unknown };
}

/** Options of `decideHousehold` (JSON text; `""` means all defaults). */
export interface RegelwerkHuishoudenOpties {
  /** Allow missing facts: decide what can be decided, ask the rest (`vragen`). */
  gedeeltelijk?: boolean;
  /** Afwijkingen per regeling id. */
  afwijkingen?: { [regeling: string]: { regel: string; waarde: unknown; reden: string; door?: string }[] };
}

/** A household fact to ask, once, with the first regeling's question. */
export interface RegelwerkHuishoudenVraag {
  feit: string;
  label: string;
  vraag: string;
  hulp: string | null;
  optioneel: boolean;
  /** The type as in `schema()` (`{ soort, ... }`). */
  type: unknown;
  /** The regelingen that take (or, in a decision, still need) the fact. */
  regelingen: string[];
}

/** An amount received or paid. */
export interface RegelwerkBedrag {
  uitvoer: string;
  label: string;
  /** Exact, in the case encoding (`"300.00"`). */
  bedrag: string;
  /** `maand`, `jaar`, `week`, `uur`, … or null (no period). */
  periode: string | null;
  /** In Dutch with its period: `€ 300,00 per jaar`. */
  tekst: string;
}

/** One regeling's part of the household decision. */
export interface RegelwerkHuishoudenRegeling {
  regeling: string;
  naam: string;
  status: "besloten" | "gedeeltelijk" | "niet_van_kracht" | "fout";
  /** Why it is `niet_van_kracht` or `fout`. */
  melding?: string;
  uitkomsten: { uitvoer: string; label: string; waarde: string | null; route: string | null; vervolg: string | null }[];
  ontvangt: RegelwerkBedrag[];
  betaalt: RegelwerkBedrag[];
  motivering_kort?: string;
  /** Household facts this regeling still needs. */
  ontbrekend: string[];
  /** The full result JSON with its receipt (as `evaluate` gives it, without trace). */
  resultaat?: unknown;
}

/** Totals of one direction: only what the periods allow to add. */
export interface RegelwerkTotaal {
  per_maand: string;
  per_jaar: string;
  /** In `per_jaar`, left out of `per_maand` (per month it would need rounding). */
  alleen_in_jaartotaal: { regeling: string; uitvoer: string; label: string; tekst: string; reden: string }[];
  /** In neither total (per week, per uur, per rit, no period). */
  niet_opgeteld: { regeling: string; uitvoer: string; label: string; tekst: string; reden: string }[];
}

/** The answer of `decideHousehold`. */
export interface RegelwerkHuishoudenBesluit {
  ok: true;
  peildatum: string;
  regelingen: RegelwerkHuishoudenRegeling[];
  totalen: { ontvangt: RegelwerkTotaal; betaalt: RegelwerkTotaal };
  vervolgstappen: { regeling: string; uitvoer: string; tekst: string }[];
  vragen: RegelwerkHuishoudenVraag[];
}

/** The answer of `householdQuestions`. */
export interface RegelwerkHuishoudenVragen {
  ok: true;
  peildatum: string;
  /** The chosen regelingen: `gedeeltelijk` (in force, nothing decided yet), `niet_van_kracht` or `fout`. */
  regelingen: RegelwerkHuishoudenRegeling[];
  vragen: RegelwerkHuishoudenVraag[];
}
"#;

/// Options of `decideHousehold`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct HouseholdOptions {
    #[serde(default, rename = "gedeeltelijk")]
    partial: bool,
    #[serde(default, rename = "afwijkingen")]
    overrides: HashMap<String, Vec<OverrideRequest>>,
}

#[wasm_bindgen]
impl Regelwerk {
    /// Decides every selected regeling in force on the peildatum for one
    /// household case (`RegelwerkHuishouden` as JSON text) with options
    /// (`RegelwerkHuishoudenOpties` or `""`): `RegelwerkHuishoudenBesluit`.
    /// Mistakes in the case come back as one `fout` of kind `casus` with
    /// every mistake at its path in the household case.
    #[wasm_bindgen(js_name = decideHousehold)]
    pub fn decide_household(
        &self,
        #[wasm_bindgen(js_name = householdJson)] household_json: &str,
        #[wasm_bindgen(js_name = optionsJson)] options_json: &str,
    ) -> String {
        self.decide_household_inner(household_json, options_json)
            .unwrap_or_else(fail)
    }

    /// The facts the selected regelingen take on `peildatum`, each once, in
    /// the regelingen' own order, with question, help, type and the
    /// regelingen that take it: `RegelwerkHuishoudenVragen`. `selection` is
    /// a JSON list of regelingen (ids or folders), or a gemeente (`heemskerk`,
    /// as plain text or a JSON string).
    #[wasm_bindgen(js_name = householdQuestions)]
    pub fn household_questions(&self, selection: &str, peildatum: &str) -> String {
        self.household_questions_inner(selection, peildatum)
            .unwrap_or_else(fail)
    }
}

impl Regelwerk {
    fn decide_household_inner(
        &self,
        household_json: &str,
        options_json: &str,
    ) -> Result<String, Failure> {
        let engine = self.engine()?;
        let household: Json = serde_json::from_str(household_json).map_err(|e| {
            Failure::new(
                "json",
                format!(
                    "het huishouden is geen geldige JSON (regel {}, kolom {}): {e}",
                    e.line(),
                    e.column()
                ),
            )
        })?;
        let options = parse_household_options(options_json)?;
        let request = HouseholdRequest {
            partial: options.partial,
            overrides: options.overrides,
            without_motivering: false,
        };
        let decision = household::decide(engine, &household, &request)
            .map_err(|e| engine_failure(EngineError::Case(e)))?;
        Ok(ok_serialized(&decision))
    }

    fn household_questions_inner(
        &self,
        selection: &str,
        peildatum: &str,
    ) -> Result<String, Failure> {
        let engine = self.engine()?;
        let date = engine::case::parse_iso_date(peildatum).ok_or_else(|| {
            Failure::new(
                "datum",
                format!("`{peildatum}` is geen geldige peildatum (verwacht JJJJ-MM-DD)"),
            )
        })?;
        let selection = match serde_json::from_str::<Json>(selection) {
            Ok(Json::String(g)) => Selection::Gemeente(g),
            Ok(json @ (Json::Array(_) | Json::Object(_))) => {
                let wrapped = match json {
                    Json::Array(_) => serde_json::json!({ "regelingen": json }),
                    other => other,
                };
                household::selection_of(&wrapped)
                    .map_err(|e| engine_failure(EngineError::Case(e)))?
            }
            _ => Selection::Gemeente(selection.trim().to_string()),
        };
        let questions = household::questions(engine, &selection, date)
            .map_err(|e| engine_failure(EngineError::Case(e)))?;
        Ok(ok_serialized(&questions))
    }
}

fn parse_household_options(text: &str) -> Result<HouseholdOptions, Failure> {
    let text = text.trim();
    if text.is_empty() || text == "null" {
        return Ok(HouseholdOptions::default());
    }
    serde_json::from_str(text).map_err(|e| Failure::new("opties", format!("ongeldige opties: {e}")))
}
