//! The execution receipt (`bewijs`): a case, the result it got, and the
//! content hash of every rule source used — enough to evaluate the case
//! again later and tell whether the answer still holds and, if not, which
//! sources changed.
//!
//! Format (JSON object):
//!
//! ```json
//! {
//!   "bewijs": 1,
//!   "regeling": "heemskerk.minimaregelingen",
//!   "case": { "peildatum": "2025-03-01", ... },
//!   "result": { "regeling": ..., "versie": ..., "bronnen": [ { "regeling",
//!               "versie", "pad", "hash": "sha256:...", "rol",
//!               "geldig": { "vanaf", "tot_en_met" } } ],
//!               "outputs": { ... }, ... }
//! }
//! ```
//!
//! `result` is the result JSON of `regelwerk eval --format json` (see
//! `engine::result`), whose `bronnen` list the content hash of every source
//! used, and its own validity. [`verify`] also accepts a result JSON that
//! carries its case itself (`case` or `casus` beside `outputs`), and older
//! results whose sources have no `geldig` (it is informative: the hash
//! already covers the file, validity included).

use engine::api::{Engine, Request};
use engine::ir::{Program, VersionRef};
use serde::Serialize;
use serde_json::{json, Value as Json};

/// The version of the receipt format.
pub const FORMAT: u64 = 1;

/// Evaluates `case` and returns the receipt, or the Dutch error.
pub fn make(engine: &Engine, regeling: &str, case: &Json) -> Result<Json, String> {
    let outcome = engine
        .evaluate(regeling, case, &Request::default())
        .map_err(|e| e.to_string())?;
    let mut receipt = json!({
        "bewijs": FORMAT,
        "regeling": outcome.program.info.id,
        "case": case,
        "result": outcome.to_json(),
    });
    let top_ups = top_ups(&outcome.program);
    if !top_ups.is_empty() {
        receipt["aanvullingen"] = Json::Array(top_ups);
    }
    Ok(receipt)
}

/// Values one regeling supplied for a parameter of a regeling it uses
/// (`aanvulling`): both files named, as the receipt must never hide that a
/// national figure came from a local file.
fn top_ups(program: &Program) -> Vec<Json> {
    let path = |file| {
        program
            .info
            .parts
            .iter()
            .find(|p| p.file == file)
            .map(|p| p.path.clone())
            .unwrap_or_default()
    };
    program
        .params
        .iter()
        .flat_map(|p| p.timeline.iter().map(move |e| (p, e)))
        .filter_map(|(p, e)| {
            let by = e.supplied_by.as_deref()?;
            Some(json!({
                "parameter": p.name,
                "regeling": &*p.origin.regeling,
                "pad": path(p.origin.file),
                "aangevuld_door": &*by.regeling,
                "pad_aanvulling": path(by.file),
                "bron_aanvulling": by.citation(),
                "vanaf": e.from,
                "tot_en_met": e.through,
            }))
        })
        .collect()
}

/// How a recorded source compares with the library now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceState {
    /// Same path, same hash.
    #[serde(rename = "ongewijzigd")]
    Unchanged,
    /// Same path (or same regeling and version), other content.
    #[serde(rename = "gewijzigd")]
    Changed,
    /// Recorded, but not used now.
    #[serde(rename = "niet_meer_gebruikt")]
    NoLongerUsed,
    /// Used now, not recorded.
    #[serde(rename = "nieuw")]
    New,
}

impl SourceState {
    pub fn dutch(self) -> &'static str {
        match self {
            SourceState::Unchanged => "ongewijzigd",
            SourceState::Changed => "gewijzigd",
            SourceState::NoLongerUsed => "niet meer gebruikt",
            SourceState::New => "nieuw gebruikt",
        }
    }
}

/// The validity of one source version, as in the result JSON's `geldig`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Validity {
    #[serde(rename = "vanaf")]
    pub valid_from: String,
    #[serde(rename = "tot_en_met")]
    pub through: Option<String>,
}

impl Validity {
    fn of(part: &VersionRef) -> Validity {
        Validity {
            valid_from: part.valid_from.to_string(),
            through: part.valid_through.map(|d| d.to_string()),
        }
    }

    /// `{"vanaf": "JJJJ-MM-DD", "tot_en_met": "JJJJ-MM-DD" | null}`; absent
    /// (older results) or in another shape: none.
    fn recorded(j: &Json) -> Option<Validity> {
        let valid_from = j.get("vanaf")?.as_str()?.to_string();
        let through = match j.get("tot_en_met") {
            None | Some(Json::Null) => None,
            Some(d) => Some(d.as_str()?.to_string()),
        };
        Some(Validity {
            valid_from,
            through,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceCheck {
    pub regeling: String,
    #[serde(rename = "versie")]
    pub version: String,
    #[serde(rename = "pad")]
    pub path: String,
    #[serde(rename = "toestand")]
    pub state: SourceState,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "hash_vastgelegd")]
    pub hash_recorded: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "hash_nu")]
    pub hash_now: Option<String>,
    /// The source's validity as recorded (absent in older results).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "geldig_vastgelegd")]
    pub valid_recorded: Option<Validity>,
    /// The source's validity in the library now.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "geldig_nu")]
    pub valid_now: Option<Validity>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutputCheck {
    #[serde(rename = "naam")]
    pub name: String,
    #[serde(rename = "vastgelegd")]
    pub recorded: Json,
    #[serde(rename = "nu")]
    pub now: Json,
}

/// The overall verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Same outputs, same sources.
    #[serde(rename = "klopt")]
    Holds,
    /// Same outputs, but sources changed since.
    #[serde(rename = "uitkomst_gelijk_bronnen_gewijzigd")]
    SameOutcomeSourcesChanged,
    /// Same outputs; the file records no sources to compare.
    #[serde(rename = "uitkomst_gelijk_bronnen_onbekend")]
    SameOutcomeSourcesUnknown,
    /// Other outputs now.
    #[serde(rename = "uitkomst_anders")]
    DifferentOutcome,
    /// The case cannot be evaluated now.
    #[serde(rename = "niet_te_beoordelen")]
    CannotAssess,
}

impl Verdict {
    pub fn dutch(self) -> &'static str {
        match self {
            Verdict::Holds => "klopt: zelfde uitkomst, zelfde bronnen",
            Verdict::SameOutcomeSourcesChanged => "zelfde uitkomst, maar de bronnen zijn sindsdien gewijzigd",
            Verdict::SameOutcomeSourcesUnknown => "zelfde uitkomst; het bestand noemt geen bronnen, dus of de regels sindsdien zijn gewijzigd is niet na te gaan",
            Verdict::DifferentOutcome => "de uitkomst is nu anders",
            Verdict::CannotAssess => "de casus kan nu niet worden beoordeeld",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    pub regeling: String,
    #[serde(rename = "oordeel")]
    pub verdict: Verdict,
    /// Outputs that differ (all outputs when `uitkomst_anders`).
    #[serde(rename = "verschillen")]
    pub differences: Vec<OutputCheck>,
    #[serde(rename = "bronnen")]
    pub sources: Vec<SourceCheck>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "fout")]
    pub error: Option<String>,
}

/// A problem with the receipt itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptError(pub String);

impl std::fmt::Display for ReceiptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn field<'j>(j: &'j Json, names: &[&str]) -> Option<&'j Json> {
    names.iter().find_map(|n| j.get(*n))
}

struct Recorded {
    path: String,
    hash: String,
    regeling: String,
    version: String,
    validity: Option<Validity>,
}

fn recorded_sources(receipt: &Json) -> Vec<Recorded> {
    let result = field(receipt, &["result", "resultaat"]);
    let list = field(receipt, &["bronnen"])
        .or_else(|| result.and_then(|r| field(r, &["bronnen"])))
        .or_else(|| {
            result
                .and_then(|r| r.get("bewijs"))
                .and_then(|b| field(b, &["bronnen"]))
        });
    let Some(Json::Array(items)) = list else {
        return Vec::new();
    };
    let text = |j: &Json, names: &[&str]| {
        field(j, names)
            .and_then(Json::as_str)
            .unwrap_or("")
            .to_string()
    };
    items
        .iter()
        .map(|i| Recorded {
            path: text(i, &["pad", "path"]),
            hash: text(i, &["hash"]),
            regeling: text(i, &["regeling", "id"]),
            version: text(i, &["versie", "version"]),
            validity: i.get("geldig").and_then(Validity::recorded),
        })
        .collect()
}

/// Re-evaluates the case of a receipt with the engine as it is now.
pub fn verify(engine: &Engine, receipt: &Json) -> Result<Verification, ReceiptError> {
    let case = field(receipt, &["case", "casus"]).ok_or_else(|| {
        ReceiptError(
            "het bestand bevat geen casus (`case`); maak een bewijs met `regelwerk bewijs`".into(),
        )
    })?;
    let result = field(receipt, &["result", "resultaat"]).unwrap_or(receipt);
    let regeling = field(receipt, &["regeling"])
        .or_else(|| {
            result
                .get("regeling")
                .and_then(|r| if r.is_object() { r.get("id") } else { Some(r) })
        })
        .and_then(Json::as_str)
        .ok_or_else(|| ReceiptError("het bestand noemt geen regeling (`regeling`)".into()))?
        .to_string();
    let recorded_outputs = result
        .get("outputs")
        .and_then(Json::as_object)
        .ok_or_else(|| {
            ReceiptError("het bestand bevat geen uitkomsten (`result.outputs`)".into())
        })?;
    let recorded = recorded_sources(receipt);

    let outcome = engine.evaluate(&regeling, case, &Request::default());
    let (program, now_outputs, error) = match &outcome {
        Ok(o) => (
            Some(o.program.clone()),
            o.to_json().get("outputs").cloned(),
            None,
        ),
        Err(e) => (None, None, Some(e.to_string())),
    };

    // Sources: compare by path, then by regeling + version.
    let mut sources = Vec::new();
    let now_parts = program
        .as_ref()
        .map(|p| p.info.parts.clone())
        .unwrap_or_default();
    let mut matched = vec![false; now_parts.len()];
    for r in &recorded {
        let found = now_parts.iter().position(|p| p.path == r.path).or_else(|| {
            now_parts
                .iter()
                .position(|p| p.regeling == r.regeling && p.version == r.version)
        });
        match found {
            Some(i) => {
                matched[i] = true;
                let p = &now_parts[i];
                sources.push(SourceCheck {
                    regeling: p.regeling.clone(),
                    version: p.version.clone(),
                    path: p.path.clone(),
                    state: if p.hash == r.hash {
                        SourceState::Unchanged
                    } else {
                        SourceState::Changed
                    },
                    hash_recorded: Some(r.hash.clone()),
                    hash_now: Some(p.hash.clone()),
                    valid_recorded: r.validity.clone(),
                    valid_now: Some(Validity::of(p)),
                });
            }
            None => sources.push(SourceCheck {
                regeling: r.regeling.clone(),
                version: r.version.clone(),
                path: r.path.clone(),
                state: SourceState::NoLongerUsed,
                hash_recorded: Some(r.hash.clone()),
                hash_now: None,
                valid_recorded: r.validity.clone(),
                valid_now: None,
            }),
        }
    }
    for (i, p) in now_parts.iter().enumerate() {
        if !matched[i] {
            sources.push(SourceCheck {
                regeling: p.regeling.clone(),
                version: p.version.clone(),
                path: p.path.clone(),
                state: SourceState::New,
                hash_recorded: None,
                hash_now: Some(p.hash.clone()),
                valid_recorded: None,
                valid_now: Some(Validity::of(p)),
            });
        }
    }

    let mut differences = Vec::new();
    if let Some(Json::Object(now)) = &now_outputs {
        for (name, old) in recorded_outputs {
            let new = now.get(name).cloned().unwrap_or(Json::Null);
            if &new != old {
                differences.push(OutputCheck {
                    name: name.clone(),
                    recorded: old.clone(),
                    now: new,
                });
            }
        }
        for (name, new) in now {
            if !recorded_outputs.contains_key(name) {
                differences.push(OutputCheck {
                    name: name.clone(),
                    recorded: Json::Null,
                    now: new.clone(),
                });
            }
        }
    }
    let sources_same =
        !recorded.is_empty() && sources.iter().all(|b| b.state == SourceState::Unchanged);
    let verdict = if error.is_some() {
        Verdict::CannotAssess
    } else if !differences.is_empty() {
        Verdict::DifferentOutcome
    } else if sources_same {
        Verdict::Holds
    } else if recorded.is_empty() {
        Verdict::SameOutcomeSourcesUnknown
    } else {
        Verdict::SameOutcomeSourcesChanged
    };
    Ok(Verification {
        regeling,
        verdict,
        differences,
        sources,
        error,
    })
}
