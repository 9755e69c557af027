//! Temporal coverage of a regeling: sweeps the stretches of dates the
//! library compiled (one program per stretch in which the same versions of
//! the regeling, its bases and its imports are in force) and reports
//! gaps, stretches where a dependency has no version, parameters that end
//! (or start) inside a stretch, and the checker's own findings about
//! validity (R0501, R0503, R0901, R0902). Nothing is recomputed that the
//! library already knows: versions, segments and diagnostics come from it.

use chrono::NaiveDate;
use engine::diag::Code;
use engine::ir::Program;
use engine::library::{Library, Regeling, Unavailable};
use serde::Serialize;

/// Checker codes about time that the timeline repeats.
pub const TIME_CODES: [Code; 5] = [
    Code::ParameterGap,
    Code::ParameterOverlap,
    Code::ParameterShorterThanRegeling,
    Code::VersionOverlap,
    Code::VersionGap,
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timeline {
    pub regeling: String,
    #[serde(rename = "naam")]
    pub name: String,
    #[serde(rename = "map")]
    pub folder: String,
    #[serde(rename = "versies")]
    pub versions: Vec<VersionSpan>,
    /// Consecutive stretches from the first version's start.
    #[serde(rename = "periodes")]
    pub periods: Vec<Stretch>,
    /// Checker findings about time for the files of this regeling.
    #[serde(rename = "meldingen")]
    pub findings: Vec<Finding>,
}

impl Timeline {
    /// Stretches in which no evaluation is possible.
    pub fn problems(&self) -> usize {
        self.periods
            .iter()
            .filter(|p| p.status != Status::Valid)
            .count()
            + self
                .periods
                .iter()
                .flat_map(|p| &p.parameters)
                .filter(|g| !g.answered())
                .count()
            + self.findings.len()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionSpan {
    #[serde(rename = "versie")]
    pub version: String,
    #[serde(rename = "pad")]
    pub path: String,
    #[serde(rename = "geldig_vanaf")]
    pub valid_from: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "tot_en_met")]
    pub through: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "laag_op")]
    pub layer_on: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// A program is in force: cases on these dates can be evaluated.
    #[serde(rename = "geldig")]
    Valid,
    /// No version of the regeling itself (a gap between versions).
    #[serde(rename = "geen_versie")]
    NoVersion,
    /// A base or used regeling has no version on these dates.
    #[serde(rename = "afhankelijkheid_ontbreekt")]
    DependencyMissing,
    /// The versions in force have errors.
    #[serde(rename = "fouten")]
    Errors,
}

impl Status {
    pub fn dutch(self) -> &'static str {
        match self {
            Status::Valid => "geldig",
            Status::NoVersion => "geen versie",
            Status::DependencyMissing => "afhankelijkheid ontbreekt",
            Status::Errors => "fouten in de regels",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stretch {
    #[serde(rename = "van")]
    pub from: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "tot_en_met")]
    pub through: Option<NaiveDate>,
    pub status: Status,
    /// The regeling that has no version (for `afhankelijkheid_ontbreekt`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "ontbreekt")]
    pub missing: Option<String>,
    /// The versions used: `heemskerk.minimaregelingen 2025`, `landelijk.bijstandsnormen 2024`.
    #[serde(rename = "onderdelen")]
    pub parts: Vec<String>,
    /// Parameters without a value on part of this stretch.
    pub parameters: Vec<ParamGap>,
    /// Values another regeling supplies (`aanvulling`) on this stretch.
    #[serde(rename = "aanvullingen", skip_serializing_if = "Vec::is_empty")]
    pub top_ups: Vec<TopUp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopUp {
    pub parameter: String,
    /// The regeling the parameter belongs to.
    pub regeling: String,
    /// The regeling whose `aanvulling` supplies the value.
    #[serde(rename = "aangevuld_door")]
    pub supplied_by: String,
    #[serde(rename = "vanaf")]
    pub from: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "tot_en_met")]
    pub through: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParamGap {
    pub parameter: String,
    /// The regeling (layer or import) that defines it.
    pub regeling: String,
    /// First day with a value, when after the stretch's start.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "begint")]
    pub begins: Option<NaiveDate>,
    /// Last day with a value, when before the stretch's end.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "eindigt")]
    pub ends: Option<NaiveDate>,
    /// `einde "reden"`: why it ends, as the writer acknowledged it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "reden_einde")]
    pub end_reason: Option<String>,
}

impl ParamGap {
    /// Only an end acknowledged with `einde "reden"`: shown, not a problem.
    pub fn answered(&self) -> bool {
        self.begins.is_none() && self.end_reason.is_some()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: String,
    #[serde(rename = "pad")]
    pub path: String,
    #[serde(rename = "melding")]
    pub message: String,
}

/// The timeline of `regeling` (found by id or folder).
pub fn timeline(library: &Library, regeling: &Regeling) -> Timeline {
    let versions = regeling
        .versions
        .iter()
        .map(|v| VersionSpan {
            version: v.version.clone(),
            path: library
                .sources
                .get(v.file)
                .map(|f| f.path.clone())
                .unwrap_or_default(),
            valid_from: v.valid_from,
            through: v.valid_through,
            layer_on: v.layer_on.clone(),
        })
        .collect();

    let mut periods: Vec<Stretch> = Vec::new();
    let mut previous_end: Option<Option<NaiveDate>> = None;
    for s in &regeling.segments {
        // A hole between two segments: no version of the regeling itself.
        if let Some(Some(end)) = previous_end {
            if let Some(next) = end.succ_opt() {
                if next < s.from {
                    periods.push(Stretch {
                        from: next,
                        through: s.from.pred_opt(),
                        status: Status::NoVersion,
                        missing: None,
                        parts: Vec::new(),
                        parameters: Vec::new(),
                        top_ups: Vec::new(),
                    });
                }
            }
        }
        previous_end = Some(s.through);
        let (status, missing, parts, parameters, top_ups) = match s.program() {
            Ok(p) => (
                Status::Valid,
                None,
                parts(p),
                param_gaps(p, s.from, s.through),
                top_ups(p, s.from, s.through),
            ),
            Err(Unavailable::Dependency(d)) => (
                Status::DependencyMissing,
                Some(d.clone()),
                Vec::new(),
                Vec::new(),
                Vec::new(),
            ),
            Err(Unavailable::NoVersion) => {
                (Status::NoVersion, None, Vec::new(), Vec::new(), Vec::new())
            }
            Err(Unavailable::Invalid | Unavailable::Manifest(_) | Unavailable::NotCompiled(_)) => {
                (Status::Errors, None, Vec::new(), Vec::new(), Vec::new())
            }
        };
        // Merge with the previous stretch when nothing distinguishes them.
        if let Some(last) = periods.last_mut() {
            let contiguous = last.through.and_then(|t| t.succ_opt()) == Some(s.from);
            if contiguous
                && last.status == status
                && status != Status::Valid
                && last.missing == missing
            {
                last.through = s.through;
                continue;
            }
        }
        periods.push(Stretch {
            from: s.from,
            through: s.through,
            status,
            missing,
            parts,
            parameters,
            top_ups,
        });
    }

    let files: Vec<u32> = regeling.versions.iter().map(|v| v.file).collect();
    let findings = library
        .diagnostics()
        .iter()
        .filter(|d| files.contains(&d.file) && TIME_CODES.contains(&d.code))
        .map(|d| Finding {
            code: d.code.to_string(),
            path: library
                .sources
                .get(d.file)
                .map(|f| f.path.clone())
                .unwrap_or_default(),
            message: d.message.clone(),
        })
        .collect();

    Timeline {
        regeling: regeling.id.clone(),
        name: regeling.name.clone(),
        folder: regeling.folder.clone(),
        versions,
        periods,
        findings,
    }
}

fn parts(p: &Program) -> Vec<String> {
    p.info
        .parts
        .iter()
        .map(|v| format!("{} {}", v.regeling, v.version))
        .collect()
}

/// Values supplied by an `aanvulling` on some day of `[from, through]`.
fn top_ups(p: &Program, from: NaiveDate, through: Option<NaiveDate>) -> Vec<TopUp> {
    p.params
        .iter()
        .flat_map(|param| param.timeline.iter().map(move |e| (param, e)))
        .filter(|(_, e)| e.through.is_none_or(|t| t >= from) && through.is_none_or(|t| e.from <= t))
        .filter_map(|(param, e)| {
            let by = e.supplied_by.as_deref()?;
            Some(TopUp {
                parameter: param.name.clone(),
                regeling: param.origin.regeling.to_string(),
                supplied_by: by.regeling.to_string(),
                from: e.from,
                through: e.through,
            })
        })
        .collect()
}

/// Parameters whose dated values do not cover `[from, through]`.
fn param_gaps(p: &Program, from: NaiveDate, through: Option<NaiveDate>) -> Vec<ParamGap> {
    let mut out = Vec::new();
    for param in &p.params {
        let (Some(first), Some(last)) = (param.timeline.first(), param.timeline.last()) else {
            continue;
        };
        let begins = (first.from > from).then_some(first.from);
        let ends = match (last.through, through) {
            (Some(end), Some(t)) if end < t => Some(end),
            (Some(end), None) => Some(end),
            _ => None,
        };
        if begins.is_some() || ends.is_some() {
            out.push(ParamGap {
                parameter: param.name.clone(),
                regeling: param.origin.regeling.to_string(),
                begins,
                ends,
                // A top-up's end has the top-up's own reason.
                end_reason: ends.and_then(|_| match &last.supplied_by {
                    None => param.end_reason.clone(),
                    Some(_) => last.end_reason.clone(),
                }),
            });
        }
    }
    out
}
