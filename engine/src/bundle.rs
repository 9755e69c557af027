//! The rules bundle: every rule source of a project as one JSON document, so
//! the browser can load the whole library with one request and no file
//! system. Format:
//!
//! ```json
//! { "bestanden": [ { "pad": "rules/heemskerk/minimaregelingen/2025.regels",
//!                    "tekst": "regeling ...", "hash": "sha256:...",
//!                    "kop": { "naam": …, "id": …, "versie": …, "geldig": …,
//!                             "laag_op": …, "gebruik": [ … ] } } ],
//!   "programmas": [ { "regeling": "heemskerk.minimaregelingen",
//!                     "vanaf": "2025-01-01", "programma": { … } } ] }
//! ```
//!
//! `kop` (the manifest) is the file's [`Head`] with its syntax-tree spans:
//! what the library needs to plan versions and segments. With it, loading
//! parses no file; each is parsed when a program built from it is first
//! compiled, and refused (Dutch error) if its head is not the manifest's.
//! Bundles without `kop` (older ones, hand-made ones) load by parsing every
//! file. A `kop` that is not well-formed is refused with the JSON error and
//! its place, like any other damage: `regelwerk bundel` always writes a
//! correct one, so a broken one means the bundle was changed.
//!
//! `programmas` holds every compiled program of the library: `{ "regeling",
//! "vanaf", "hash", "programma" }` with the first date of the stretch it is
//! in force on, the content hash of the program text and
//! [`crate::ir::Program::to_json`] (the hash is verified when the program is
//! read, so damage cannot silently change an amount). An engine without the
//! feature `compile` (the browser's main module) has no parser or checker
//! and evaluates these; it refuses a bundle without `kop`, and a regeling
//! whose program is missing, does not belong to the bundle's files (other
//! paths, versions, dates or hashes) or is damaged cannot be used (Dutch
//! message). An engine with the checker compiles from the sources and
//! leaves them unused ([`Library::use_precompiled`] makes it use them).
//!
//! `hash` is the engine's content hash of `tekst` (the same one every result
//! records); it is verified on load by an engine with the checker (one
//! without never reads the texts and takes the hashes as given; its
//! programs name the hashes they were compiled from, and a program whose
//! files' hashes differ is refused), so a bundle that was edited by hand or
//! damaged in transit is refused instead of silently giving other answers.
//! Every file and every program must carry its hash: a bundle where one is
//! missing is refused on load (Dutch message naming it), because deleting
//! the hash of a changed program was enough to change an amount. A hash
//! in the document protects against damage and hand edits, not against
//! someone who recomputes it; the receipt (`regelwerk verifieer` against
//! the municipality's own rules) catches that. The CLI writes bundles with
//! [`to_json`] and the browser reads them with [`from_json`]: one format,
//! one implementation.

use crate::library::{Head, Library, Precompiled};
use crate::source::SourceSet;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// The bundle document.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    #[serde(rename = "bestanden")]
    pub files: Vec<BundleFile>,
    /// Every compiled program of the library (optional on input).
    #[serde(rename = "programmas", default, skip_serializing_if = "Vec::is_empty")]
    pub programs: Vec<BundleProgram>,
}

/// One compiled program: what an engine without the checker (the browser's
/// main module) evaluates. Kept as text until first used.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleProgram {
    pub regeling: String,
    /// The first date of the stretch it is in force on (`JJJJ-MM-DD`).
    #[serde(rename = "vanaf")]
    pub from: String,
    /// `sha256:` content hash of `programma` as written. Required: an
    /// `Option` only so that a missing one is refused in Dutch, naming the
    /// program, instead of with serde's message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    /// [`crate::ir::Program::to_json`].
    #[serde(rename = "programma")]
    pub program: Box<serde_json::value::RawValue>,
}

/// One rule source in a bundle.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleFile {
    /// Path with `/` separators, as the user knows it (`rules/...`).
    #[serde(rename = "pad")]
    pub path: String,
    #[serde(rename = "tekst")]
    pub text: String,
    /// `sha256:<hex>` of `tekst`. Required, like a program's hash (`Option`
    /// for the Dutch refusal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    /// The file's head (manifest entry); optional on input.
    #[serde(rename = "kop", default, skip_serializing_if = "Option::is_none")]
    pub head: Option<Head>,
}

/// Why a bundle cannot be loaded (Dutch message for the user).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleError {
    pub message: String,
    /// The file the problem is in, when there is one.
    pub path: Option<String>,
}

impl fmt::Display for BundleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for BundleError {}

/// The bundle of a library's sources with their heads, files in the
/// library's order, and its compiled programs (parses every file not parsed
/// yet and compiles every program).
#[cfg(feature = "compile")]
pub fn from_library(library: &Library) -> Result<Bundle, BundleError> {
    let programs = library
        .programs()
        .map(|(id, program)| {
            let from = crate::case::iso_date(program.info.valid_from);
            // Cannot fail (string keys, whole numbers); said, not dropped, if it did.
            let json = program
                .to_json()
                .and_then(serde_json::value::RawValue::from_string)
                .map_err(|e| BundleError {
                    message: format!(
                        "interne fout: het programma voor `{id}` vanaf {from} kon niet als JSON worden geschreven ({e})"
                    ),
                    path: None,
                })?;
            Ok(BundleProgram {
                regeling: id.to_string(),
                from,
                hash: Some(crate::source::content_hash(json.get())),
                program: json,
            })
        })
        .collect::<Result<_, BundleError>>()?;
    Ok(Bundle {
        programs,
        files: library
            .sources
            .files()
            .zip(library.heads())
            .map(|((_, f), head)| BundleFile {
                path: f.path.clone(),
                text: f.text.clone(),
                hash: Some(f.hash.clone()),
                head,
            })
            .collect(),
    })
}

/// The bundle JSON text of a library (what `regelwerk bundel` writes).
#[cfg(feature = "compile")]
pub fn to_json(library: &Library) -> Result<String, BundleError> {
    serde_json::to_string(&from_library(library)?).map_err(|e| BundleError {
        message: format!("interne fout: de regelbundel kon niet als JSON worden geschreven ({e})"),
        path: None,
    })
}

/// Reads a bundle into its sources, verifying the hashes and refusing
/// duplicate paths (the manifest is left out: see [`read`]).
pub fn from_json(text: &str) -> Result<SourceSet, BundleError> {
    read(text).map(|(sources, _, _)| sources)
}

/// Reads a bundle into the library it describes: planned from the
/// manifest, each file parsed on first need (files without `kop` at once).
pub fn load(text: &str) -> Result<Library, BundleError> {
    read(text).map(|(sources, heads, programs)| {
        let mut library = Library::with_heads(sources, heads);
        library.attach_programs(programs);
        library
    })
}

/// The sources, by file id the manifest's heads, and the compiled programs.
#[allow(clippy::type_complexity)]
fn read(text: &str) -> Result<(SourceSet, Vec<Option<Head>>, Vec<Precompiled>), BundleError> {
    let bundle: Bundle = serde_json::from_str(text).map_err(|e| BundleError {
        message: format!(
            "de regelbundel is geen geldig JSON-document (regel {}, kolom {}): {e}",
            e.line(),
            e.column()
        ),
        path: None,
    })?;
    let mut sources = SourceSet::new();
    let mut heads = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for file in bundle.files {
        if !seen.insert(file.path.clone()) {
            return Err(BundleError {
                message: format!(
                    "het bestand `{}` staat twee keer in de regelbundel",
                    file.path
                ),
                path: Some(file.path),
            });
        }
        let Some(hash) = file.hash else {
            return Err(BundleError {
                message: format!(
                    "`{}` heeft geen hash in de regelbundel; elk bestand moet zijn hash hebben, zodat een veranderde tekst niet ongemerkt wordt gebruikt: maak de bundel opnieuw met `regelwerk bundel`",
                    file.path
                ),
                path: Some(file.path),
            });
        };
        if file.head.is_none() && !cfg!(feature = "compile") {
            // Without a parser a file's head can only come from the manifest.
            return Err(BundleError {
                message: format!(
                    "`{}` heeft geen kop in de regelbundel; deze rekenkern leest geen regelbestanden: maak de bundel met `regelwerk bundel`",
                    file.path
                ),
                path: Some(file.path),
            });
        }
        // An engine without the checker never reads the texts: it evaluates
        // the programs, whose own hashes are verified when they are read and
        // which must name these hashes. It takes each text's hash from the
        // bundle (hashing every text was half of loading in the browser's
        // cold wasm).
        if !cfg!(feature = "compile") {
            sources.add_hashed(file.path, file.text, hash);
            heads.push(file.head);
            continue;
        }
        // `add` computes the content hash; verify against that one, so each
        // text is hashed once.
        let id = sources.add(file.path, file.text);
        if let Some(added) = sources.get(id) {
            if hash != added.hash {
                return Err(BundleError {
                    message: format!(
                        "de inhoud van `{}` komt niet overeen met de hash in de regelbundel (verwacht {hash}, berekend {})",
                        added.path, added.hash
                    ),
                    path: Some(added.path.clone()),
                });
            }
        }
        heads.push(file.head);
    }
    let mut programs = Vec::with_capacity(bundle.programs.len());
    for p in bundle.programs {
        let Some(from) = crate::case::parse_iso_date(&p.from) else {
            return Err(BundleError {
                message: format!(
                    "het programma voor `{}` in de regelbundel heeft geen geldige datum `vanaf` ({})",
                    p.regeling, p.from
                ),
                path: None,
            });
        };
        let Some(hash) = p.hash else {
            return Err(BundleError {
                message: format!(
                    "het programma voor `{}` vanaf {} in de regelbundel heeft geen hash; elk programma moet zijn hash hebben, zodat een veranderd bedrag niet ongemerkt wordt gebruikt: maak de bundel opnieuw met `regelwerk bundel`",
                    p.regeling, p.from
                ),
                path: None,
            });
        };
        programs.push(Precompiled {
            regeling: p.regeling,
            from,
            text: Arc::from(p.program.get()),
            hash,
        });
    }
    Ok((sources, heads, programs))
}

// The tests write bundles, which needs the checker.
#[cfg(all(test, feature = "compile"))]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_paths_texts_and_hashes() {
        let mut set = SourceSet::new();
        set.add("rules/a/2025.regels", "regeling \"A\"\n");
        set.add("rules/b/2026.regels", "// één\n");
        let json = to_json(&Library::build(set.clone())).expect("written");
        let back = from_json(&json).expect("bundle reads back");
        let a: Vec<_> = set
            .files()
            .map(|(_, f)| (f.path.clone(), f.text.clone(), f.hash.clone()))
            .collect();
        let b: Vec<_> = back
            .files()
            .map(|(_, f)| (f.path.clone(), f.text.clone(), f.hash.clone()))
            .collect();
        assert_eq!(a, b);
        assert!(json.contains("\"hash\":\"sha256:"));
    }

    #[test]
    fn hash_mismatch_and_duplicates_are_refused() {
        let bad = r#"{"bestanden":[{"pad":"rules/a.regels","tekst":"x","hash":"sha256:00"}]}"#;
        let e = from_json(bad).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("rules/a.regels"));
        assert!(e.message.contains("hash"), "{e}");

        let x = crate::source::content_hash("x");
        let dup = format!(
            r#"{{"bestanden":[{{"pad":"a","tekst":"x","hash":"{x}"}},{{"pad":"a","tekst":"x","hash":"{x}"}}]}}"#
        );
        assert!(from_json(&dup).unwrap_err().message.contains("twee keer"));

        assert!(from_json("{")
            .unwrap_err()
            .message
            .contains("geen geldig JSON"));
        assert!(from_json(r#"{"files":[]}"#).is_err());
    }

    #[test]
    fn a_malformed_manifest_is_refused_with_its_place() {
        let bad = r#"{"bestanden":[{"pad":"a.regels","tekst":"x","kop":{"naam":3}}]}"#;
        let e = load(bad).unwrap_err();
        assert!(e.message.contains("geen geldig JSON"), "{e}");
        assert!(e.message.contains("kolom"), "{e}");
    }

    /// The manifest's dates are read as the parser reads them: a day the
    /// calendar does not have is refused, not moved to another day.
    #[test]
    fn a_manifest_with_an_impossible_date_is_refused() {
        let mut set = SourceSet::new();
        set.add(
            "rules/a/2025.regels",
            "regeling \"A\"\n  id a\n  geldig vanaf 2025-02-28\n",
        );
        let json = to_json(&Library::build(set)).expect("written");
        let written = r#""year":2025,"month":2,"day":28"#;
        assert!(json.contains(written), "{json}");
        assert!(load(&json).is_ok());
        let bad = json.replace(written, r#""year":2025,"month":2,"day":29"#);
        let e = load(&bad).unwrap_err();
        assert!(
            e.message.contains("`2025-02-29` is geen bestaande datum"),
            "{e}"
        );
    }

    /// Deleting a hash must not turn its check off: a bundle whose file
    /// or program has none is refused, naming it.
    #[test]
    fn a_missing_hash_is_refused() {
        let e = from_json(r#"{"bestanden":[{"pad":"a.regels","tekst":"x"}]}"#).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("a.regels"));
        assert!(e.message.contains("`a.regels` heeft geen hash"), "{e}");

        let mut set = SourceSet::new();
        set.add(
            "rules/a/2025.regels",
            "regeling \"A\"\n  id a\n  geldig vanaf 2025-01-01\n\nparameter p: geheel getal = 1\n",
        );
        let mut doc: serde_json::Value =
            serde_json::from_str(&to_json(&Library::build(set)).expect("written")).expect("JSON");
        assert!(load(&doc.to_string()).is_ok());
        let program = doc["programmas"][0].as_object_mut().expect("a program");
        assert!(program.remove("hash").is_some());
        let e = load(&doc.to_string()).unwrap_err();
        assert!(
            e.message.contains(
                "het programma voor `a` vanaf 2025-01-01 in de regelbundel heeft geen hash"
            ),
            "{e}"
        );
        assert!(e.message.contains("regelwerk bundel"), "{e}");
    }
}
