//! The structural diff between two versions of a regeling in the loaded
//! bundle, for the app's "versies vergelijken" view.
//!
//! The comparison itself is the engine's ([`audit::diff`]), on the
//! two files exactly as `regelwerk diff old.regels new.regels` reads them,
//! so `diff` in the answer is the same JSON as the `regels` member of
//! `regelwerk diff --format json`. The answer adds what the browser would
//! otherwise have to write itself: the Dutch group headings, the counts,
//! and the report's sentences (`teksten`, from [`audit::report::changes`],
//! the same words `regelwerk diff` prints).
//!
//! Only in the build with the cargo feature `vergelijken` (the app's
//! on-demand module `pkg/vergelijken/`): the consulent's module stays small.

use crate::respond::Failure;
use crate::{answer, Regelwerk};
use audit::diff::{diff_sides, Kind, SideFile, VersionDiff};
use audit::report::changes;
use engine::api::Engine;
use engine::library::Regeling;
use serde_json::{json, Map, Value as Json};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Regelwerk {
    /// The structural diff between two versions of a regeling (each a
    /// `versie` such as `"2025"`, or its bundle path): `{ ok, diff, koppen,
    /// samenvatting, teksten, leeg? }` where `diff` is the JSON of
    /// `regelwerk diff --format json` (its `regels` member), `koppen` the
    /// Dutch heading per `soort`, `samenvatting` the counts per version
    /// pair, `teksten` per version pair the report's sentences (`kop`
    /// inline content of the report document, `enkel`, `telling`,
    /// `samenvatting`, `leeg`, `tests`, `opmaak`: text or null;
    /// `wijzigingen`: per change `{ titel, artikel }`), and `leeg` the
    /// sentence for a comparison without rule files.
    pub fn diff(
        &self,
        regeling: &str,
        #[wasm_bindgen(js_name = vanVersie)] from: &str,
        #[wasm_bindgen(js_name = naarVersie)] to: &str,
    ) -> String {
        answer(
            self.engine()
                .and_then(|e| between_versions(e, regeling, from, to)),
        )
    }
}

/// `{ diff, koppen, samenvatting }` for versions `from` and `to` (each a
/// `versie` or a bundle path) of `regeling` (an id or a folder).
pub fn between_versions(
    engine: &Engine,
    regeling: &str,
    from: &str,
    to: &str,
) -> Result<Map<String, Json>, Failure> {
    let r = engine.find(regeling).ok_or_else(|| {
        Failure::new(
            "regeling",
            format!("onbekende regeling `{regeling}` in de geladen regelbundel"),
        )
        .with("regeling", json!(regeling))
    })?;
    between_files(side(engine, r, from)?, side(engine, r, to)?)
}

/// `{ diff, koppen, samenvatting, teksten, leeg }` for two texts of a rule
/// file (two versions, or the werkbank's edited text and the text as opened).
pub fn between_files(old: SideFile, new: SideFile) -> Result<Map<String, Json>, Failure> {
    let diff = diff_sides(
        &old.path,
        std::slice::from_ref(&old),
        &new.path,
        std::slice::from_ref(&new),
    )
    .map_err(|problems| {
        let list: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        Failure::new(
            "syntax",
            format!(
                "kan de versies niet vergelijken; syntaxfouten: {}",
                list.join("; ")
            ),
        )
    })?;
    // Dutch headings of the kinds that occur, so the app does not keep its
    // own copy of the engine's vocabulary.
    let mut headings = Map::new();
    for c in diff.versions.iter().flat_map(|v| &v.changes) {
        headings.insert(kind_key(c.kind), json!(c.kind.heading()));
    }
    let summaries: Vec<Json> = diff
        .versions
        .iter()
        .map(|v| {
            let (added, removed, changed) = v.counts();
            json!({ "toegevoegd": added, "verwijderd": removed, "gewijzigd": changed })
        })
        .collect();
    let texts: Vec<Json> = diff.versions.iter().map(sentences).collect();
    let empty = diff.versions.is_empty().then_some(changes::NO_FILES);
    let diff = serde_json::to_value(&diff).map_err(|e| {
        Failure::new(
            "intern",
            format!("de vergelijking is niet als JSON te geven: {e}"),
        )
    })?;
    Ok(crate::obj(json!({
        "diff": diff,
        "koppen": headings,
        "samenvatting": summaries,
        "teksten": texts,
        "leeg": empty,
    })))
}

/// The report's sentences about one version pair, for the browser to show
/// as they are.
fn sentences(v: &VersionDiff) -> Json {
    let heading = match (&v.old, &v.new) {
        (Some(o), Some(n)) => Some(changes::pair_heading(o, n)),
        _ => None,
    };
    let change_items: Vec<Json> = v
        .changes
        .iter()
        .map(|c| json!({ "titel": changes::change_name(c), "artikel": changes::article(c) }))
        .collect();
    json!({
        "kop": heading,
        "enkel": changes::lone_version(v).map(|(_, phrase)| sentence(&phrase)),
        "telling": changes::counts_phrase(v),
        "samenvatting": (!v.changes.is_empty()).then(|| changes::summary_sentence(v)),
        "leeg": changes::no_changes_phrase(v),
        "tests": changes::tests_phrase(v).map(|t| format!("{t}.")),
        "opmaak": changes::layout_sentence(v),
        "wijzigingen": change_items,
    })
}

/// A phrase as a sentence on its own: a capital and a full stop.
fn sentence(phrase: &str) -> String {
    let mut chars = phrase.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

/// The file of one version, found by its `versie` or its bundle path.
fn side(engine: &Engine, r: &Regeling, wanted: &str) -> Result<SideFile, Failure> {
    let sources = engine.sources();
    r.versions
        .iter()
        .filter_map(|v| sources.get(v.file).map(|f| (v, f)))
        .find(|(v, f)| v.version == wanted || f.path == wanted)
        .map(|(_, f)| SideFile {
            path: f.path.clone(),
            text: f.text.clone(),
        })
        .ok_or_else(|| {
            let known: Vec<&str> = r.versions.iter().map(|v| v.version.as_str()).collect();
            Failure::new(
                "versie",
                format!(
                    "regeling `{}` heeft geen versie `{wanted}` (wel: {})",
                    r.id,
                    known.join(", ")
                ),
            )
            .with("regeling", json!(r.id))
            .with("versie", json!(wanted))
        })
}

/// The JSON name of a kind (`"uitzondering"`), as in the diff's `soort`.
fn kind_key(k: Kind) -> String {
    match serde_json::to_value(k) {
        Ok(Json::String(s)) => s,
        _ => k.dutch().to_string(),
    }
}
