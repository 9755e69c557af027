//! The werkbank: a policy writer's editor in the browser (`werkbank.html`).
//! One rule file is edited against the loaded bundle; every edit rebuilds
//! the engine's library from the bundle's files with the edited text in
//! place, the same `Library` the CLI's `controleer` and the language server
//! build, and the editor's questions are answered from that build:
//! diagnostics, hover and completion ([`engine::names`], as the language
//! server answers them), formatting (the grammar's formatter), the file's
//! own tests ([`engine::test_runner`]), a preview evaluation, and the diff
//! with the loaded version ([`crate::diff`]).
//!
//! Only in the module with the cargo feature `vergelijken` (the app's
//! on-demand module): the consulent's module has no checker and stays small.

use crate::diff::between_files;
use crate::respond::{fail, ok, Failure};
use crate::{answer, obj, Regelwerk};
use audit::diff::SideFile;
use engine::api::Engine;
use engine::diag::{locate, LocatedDiagnostic};
use engine::ir::{FileId, Program};
use engine::library::Library;
use engine::names::{self, CompletionKind, Index};
use engine::outline::Declaration;
use engine::source::{offset_utf16, SourceSet};
use grammar::ast;
use serde_json::{json, Value as Json};
use std::sync::Arc;
use wasm_bindgen::prelude::*;

/// The editor's session: the bundle's files, the file being edited with
/// its text as loaded, and the build of the latest edit.
#[wasm_bindgen]
pub struct Werkbank {
    /// The bundle's files (path, text), or why the bundle is unusable.
    bundle: Result<Vec<(String, String)>, Failure>,
    /// The file being edited as it was opened (for the diff).
    loaded: Option<SideFile>,
    /// The build of the latest edit.
    current: Option<Build>,
}

/// One build of the bundle with the edited text in place.
struct Build {
    /// The engine over the build (evaluates the edited version).
    regelwerk: Regelwerk,
    /// The edited file.
    file: FileId,
    asts: Vec<Option<Arc<ast::File>>>,
    decls: Vec<Vec<Declaration>>,
    /// The newest program of the edited file that compiled: from this
    /// build, or an earlier one while the file has errors (hover keeps
    /// describing names while a mistake is being fixed).
    program: Option<Arc<Program>>,
}

impl Build {
    fn new(sources: SourceSet, file: FileId, earlier: Option<Arc<Program>>) -> Build {
        let library = Library::build(sources);
        let (asts, decls) = names::parsed(&library);
        let program = names::program_of(&library, file).cloned().or(earlier);
        Build {
            regelwerk: Regelwerk {
                engine: Ok(Engine::from_library(library)),
            },
            file,
            asts,
            decls,
            program,
        }
    }

    fn engine(&self) -> Option<&Engine> {
        self.regelwerk.engine.as_ref().ok()
    }

    /// The byte offset of a 1-based line and UTF-16 column in the edited file.
    fn offset(&self, line: u32, column: u32) -> usize {
        offset_utf16(self.text(self.file), line as usize, column as usize)
    }

    /// The id of the edited regeling (from its header), when it parses.
    fn regeling(&self) -> Result<String, Failure> {
        self.ast(self.file)
            .map(|a| a.header.id.dotted())
            .ok_or_else(|| {
                Failure::new(
                    "syntax",
                    "het bestand heeft een syntaxfout; herstel die eerst",
                )
            })
    }
}

impl Index for Build {
    fn library(&self) -> &Library {
        // Always `Ok`: a build is made from a library.
        match self.engine() {
            Some(e) => e.library(),
            None => empty_library(),
        }
    }

    fn ast(&self, file: FileId) -> Option<&ast::File> {
        self.asts.get(file as usize)?.as_deref()
    }

    fn decls(&self, file: FileId) -> &[Declaration] {
        self.decls.get(file as usize).map_or(&[], |d| d.as_slice())
    }

    fn program(&self, file: FileId) -> Option<&Program> {
        if file == self.file {
            self.program.as_deref()
        } else {
            names::program_of(self.library(), file).map(|p| p.as_ref())
        }
    }
}

/// An empty library, for the case that cannot happen (a build without
/// its engine); keeps `Index::library` free of a panic.
fn empty_library() -> &'static Library {
    static EMPTY: std::sync::OnceLock<Library> = std::sync::OnceLock::new();
    EMPTY.get_or_init(|| Library::build(SourceSet::new()))
}

#[wasm_bindgen]
impl Werkbank {
    /// A werkbank over a rules bundle (as `regelwerk bundel` writes it).
    /// Never throws: an unusable bundle makes every call answer its `fout`.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(js_name = bundleJson)] bundle_json: &str) -> Werkbank {
        let bundle = engine::bundle::from_json(bundle_json)
            .map(|set| {
                set.files()
                    .map(|(_, f)| (f.path.clone(), f.text.clone()))
                    .collect()
            })
            .map_err(|e| Failure::new("bundel", e.message).with("pad", json!(e.path)));
        Werkbank {
            bundle,
            loaded: None,
            current: None,
        }
    }

    /// The bundle's rule files: `{ ok, bestanden: [{ pad, regeling, naam,
    /// versie, geldig_vanaf }] }`, by regeling and version.
    pub fn files(&self) -> String {
        answer(self.bundle.clone().map(|files| {
            let mut set = SourceSet::new();
            for (p, t) in files {
                set.add(p, t);
            }
            let engine = Engine::new(set);
            let list: Vec<Json> = engine
                .regelingen()
                .iter()
                .flat_map(|r| {
                    r.versions.iter().map(move |v| {
                        json!({ "pad": v.path, "regeling": r.id, "naam": r.name,
                                "versie": v.version, "geldig_vanaf": v.valid_from })
                    })
                })
                .collect();
            obj(json!({ "bestanden": list }))
        }))
    }

    /// Opens a file for editing: a bundle path (`tekst` absent: its text
    /// from the bundle) or a local file (`pad` and `tekst`; a path not in
    /// the bundle adds a file). The text as opened is what `wijzigingen`
    /// compares with. Answers as `edit`.
    pub fn open(&mut self, path: &str, text: Option<String>) -> String {
        // A local copy of a bundle file (same regeling, same start date)
        // takes that file's place instead of standing beside it as a
        // second version of the same date.
        let copy_of = match (&self.bundle, &text) {
            (Ok(files), Some(t)) if !files.iter().any(|(p, _)| p == path) => same_version(files, t),
            _ => None,
        };
        let path = copy_of.as_deref().unwrap_or(path);
        let bundled = self.bundle.as_ref().ok().and_then(|files| {
            files
                .iter()
                .find(|(p, _)| p == path)
                .map(|(_, t)| t.clone())
        });
        let Some(text) = text.or(bundled) else {
            return fail(
                Failure::new(
                    "bestand",
                    format!("`{path}` staat niet in de geladen regelbundel"),
                )
                .with("pad", json!(path)),
            );
        };
        self.loaded = Some(SideFile {
            path: path.to_string(),
            text: text.clone(),
        });
        self.current = None;
        self.edit(&text)
    }

    /// The open file's text changed: rebuilds and answers its diagnostics,
    /// `{ ok, fouten, waarschuwingen, diagnostieken }` with
    /// `WerkbankDiagnostiek`s.
    pub fn edit(&mut self, text: &str) -> String {
        let (files, path) = match (&self.bundle, &self.loaded) {
            (Err(f), _) => return fail(f.clone()),
            (_, None) => return fail(nothing_open()),
            (Ok(files), Some(loaded)) => (files, loaded.path.as_str()),
        };
        let mut set = SourceSet::new();
        let mut file = None;
        for (p, t) in files {
            if p == path {
                file = Some(set.add(p.clone(), text));
            } else {
                set.add(p.clone(), t.clone());
            }
        }
        let file = file.unwrap_or_else(|| set.add(path, text));
        let earlier = self.current.take().and_then(|b| b.program);
        let build = Build::new(set, file, earlier);
        let library = build.library();
        // Each with the replacement a quick fix puts in, where there is one
        // (`suggestion`, as `check` gives it).
        let mine: Vec<LocatedDiagnostic> = library
            .diagnostics()
            .iter()
            .filter(|d| d.file == file)
            .map(|d| locate(d, &library.sources))
            .collect();
        let errors = mine
            .iter()
            .filter(|d| d.severity == engine::Severity::Error)
            .count();
        let body = obj(json!({
            "fouten": errors,
            "waarschuwingen": mine.len() - errors,
            "diagnostieken": mine,
        }));
        self.current = Some(build);
        ok(body)
    }

    /// What the name at a place (line and UTF-16 column, from 1) is, as
    /// the language server's hover says it: `{ ok, tekst }` (Markdown, or
    /// null when there is no name there).
    pub fn hover(&self, line: u32, column: u32) -> String {
        answer(self.build().map(|b| {
            let text = names::hover(b, b.file, b.offset(line, column));
            obj(json!({ "tekst": text }))
        }))
    }

    /// The completions at a place (line and UTF-16 column, from 1):
    /// `{ ok, items: [{ label, soort, detail }] }`, `soort` the declaration's
    /// keyword (`regel`, `invoer`, ...), `regeling` or `trefwoord`.
    pub fn complete(&self, line: u32, column: u32) -> String {
        answer(self.build().map(|b| {
            let items: Vec<Json> = names::completions(b, b.file, b.offset(line, column))
                .into_iter()
                .map(|c| {
                    let kind = match c.kind {
                        CompletionKind::Declared(d) => d.keyword(),
                        CompletionKind::Regeling => "regeling",
                        CompletionKind::Keyword => "trefwoord",
                    };
                    json!({ "label": c.label, "soort": kind, "detail": c.detail })
                })
                .collect();
            obj(json!({ "items": items }))
        }))
    }

    /// The open file in the canonical layout (`regelwerk fmt`): `{ ok,
    /// tekst }`, or a `fout` of kind `syntax` when it does not parse.
    pub fn format(&self) -> String {
        answer(self.build().and_then(|b| {
            let text = b.text(b.file);
            let file = grammar::parse(text)
                .map_err(|e| Failure::new("syntax", format!("kan niet opmaken: {}", e.message)))?;
            Ok(obj(json!({ "tekst": grammar::format_source(&file, text) })))
        }))
    }

    /// Runs the open file's `test` blocks (`regelwerk test`): `{ ok,
    /// geslaagd, mislukt, tests: [{ naam, plaats, geslaagd, verschillen }] }`.
    #[wasm_bindgen(js_name = runTests)]
    pub fn run_tests(&self) -> String {
        answer(self.build().and_then(|b| {
            let engine = b.engine().ok_or_else(nothing_open)?;
            let results = engine::test_runner::run_test_blocks(engine, Some(&[b.file]));
            let passed = results.iter().filter(|r| r.passed()).count();
            let tests: Vec<Json> = results
                .iter()
                .map(|r| {
                    json!({ "naam": r.name, "plaats": r.location,
                            "geslaagd": r.passed(), "verschillen": r.failures })
                })
                .collect();
            Ok(obj(json!({
                "geslaagd": passed,
                "mislukt": results.len() - passed,
                "tests": tests,
            })))
        }))
    }

    /// The input schema of the edited regeling on `peildatum`, as
    /// `Regelwerk.schema` answers it for the bundle.
    pub fn schema(&self, peildatum: &str) -> String {
        self.on_edited(|rw, regeling| rw.schema(regeling, peildatum))
    }

    /// Evaluates a case against the edited regeling with its explanation,
    /// as `Regelwerk.explain` does for the bundle (`optionsJson` may ask
    /// for `gedeeltelijk`: what is decided so far).
    pub fn explain(
        &self,
        #[wasm_bindgen(js_name = caseJson)] case_json: &str,
        #[wasm_bindgen(js_name = optionsJson)] options_json: &str,
    ) -> String {
        self.on_edited(|rw, regeling| rw.explain(regeling, case_json, options_json))
    }

    /// What a (partial) case still needs from the edited regeling, as
    /// `Regelwerk.missing` answers it for the bundle.
    pub fn missing(&self, #[wasm_bindgen(js_name = caseJson)] case_json: &str) -> String {
        self.on_edited(|rw, regeling| rw.missing(regeling, case_json, None))
    }

    /// The structural diff of the edited text against the text as opened,
    /// in the shape of `Regelwerk.diff`.
    #[wasm_bindgen(js_name = wijzigingen)]
    pub fn changes(&self) -> String {
        answer(self.build().and_then(|b| {
            let loaded = self.loaded.clone().ok_or_else(nothing_open)?;
            let edited = SideFile {
                path: loaded.path.clone(),
                text: b.text(b.file).to_string(),
            };
            between_files(loaded, edited)
        }))
    }

    /// The open file's current text (what "Opslaan" writes): `{ ok, pad, tekst }`.
    pub fn text(&self) -> String {
        answer(self.build().map(|b| {
            let path = self.loaded.as_ref().map(|l| l.path.clone());
            obj(json!({ "pad": path, "tekst": b.text(b.file) }))
        }))
    }
}

impl Werkbank {
    /// `call` on the engine over the edited bundle with the edited
    /// regeling's id; a `fout` when nothing is open or it does not parse.
    fn on_edited(&self, call: impl FnOnce(&Regelwerk, &str) -> String) -> String {
        match self.build().and_then(|b| Ok((b, b.regeling()?))) {
            Ok((b, regeling)) => call(&b.regelwerk, &regeling),
            Err(f) => fail(f),
        }
    }

    fn build(&self) -> Result<&Build, Failure> {
        if let Err(f) = &self.bundle {
            return Err(f.clone());
        }
        self.current.as_ref().ok_or_else(nothing_open)
    }
}

/// The path of the bundle file that is the same version (regeling id and
/// start date) as `text`, when `text` parses and there is one.
fn same_version(files: &[(String, String)], text: &str) -> Option<String> {
    let key = |t: &str| {
        let header = grammar::parse(t).ok()?.header;
        Some((header.id.dotted(), header.valid.from.date))
    };
    let wanted = key(text)?;
    files
        .iter()
        .find(|(_, t)| key(t).as_ref() == Some(&wanted))
        .map(|(p, _)| p.clone())
}

fn nothing_open() -> Failure {
    Failure::new("bestand", "er is geen regelbestand geopend")
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "regeling \"Basis\"\n  id land.basis\n  geldig vanaf 2025-01-01\n\n\
        keuze Leefvorm: alleen | samen\n\nuitvoer norm\n\nartikel \"1\" \"Norm\"\n  \"\"\"De norm is vast.\"\"\"\n\n\
        parameter norm_waarde: bedrag per maand = € 1.345,45\n\n\
        regel norm: bedrag per maand = norm_waarde\n\n\
        test \"vast\"\n  peildatum 2025-03-01\n  verwacht norm = € 1.345,45\n";

    fn bundle() -> String {
        let mut set = SourceSet::new();
        set.add("rules/land/basis/2025.regels", BASE);
        let library = Library::build(set);
        assert!(
            library.diagnostics().is_empty(),
            "{:?}",
            library.diagnostics()
        );
        engine::bundle::to_json(&library).expect("bundle")
    }

    fn parse(text: &str) -> Json {
        serde_json::from_str(text).expect("JSON")
    }

    fn opened() -> Werkbank {
        let mut w = Werkbank::new(&bundle());
        let answer = parse(&w.open("rules/land/basis/2025.regels", None));
        assert_eq!(answer["fouten"], json!(0), "{answer}");
        w
    }

    #[test]
    fn a_mistake_gives_a_dutch_diagnostic_with_its_place_and_fix() {
        let mut w = opened();
        let broken = BASE.replace("= norm_waarde", "= norm_wearde");
        let answer = parse(&w.edit(&broken));
        assert_eq!(answer["fouten"], json!(1), "{answer}");
        let d = &answer["diagnostieken"][0];
        assert_eq!(d["code"], json!("R0101"));
        assert_eq!(d["line"], json!(14));
        assert_eq!(d["column"], json!(32));
        assert_eq!(d["suggestion"]["replacement"], json!("norm_waarde"));
        assert_eq!(d["suggestion"]["line"], json!(14));
        assert_eq!(d["suggestion"]["column"], json!(32));
        assert!(
            d["message"].as_str().unwrap().contains("norm_wearde"),
            "{d}"
        );
        // Hover still describes the names from the last good build.
        let hover = parse(&w.hover(14, 8));
        assert!(
            hover["tekst"]
                .as_str()
                .unwrap()
                .starts_with("regel `norm`: bedrag per maand"),
            "{hover}"
        );
    }

    #[test]
    fn hover_and_completion_answer_as_the_language_server() {
        let w = opened();
        let hover = parse(&w.hover(14, 35));
        assert_eq!(
            hover["tekst"],
            json!("parameter `norm_waarde`: bedrag per maand\n\nart. 1 — Norm\n\n> De norm is vast.\n\n- € 1.345,45 per maand")
        );
        assert_eq!(parse(&w.hover(3, 1))["tekst"], json!(null));
        let items = parse(&w.complete(14, 33));
        let labels: Vec<&str> = items["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|i| i["label"].as_str())
            .collect();
        assert!(labels.contains(&"norm_waarde"), "{labels:?}");
        let param = items["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["label"] == json!("norm_waarde"))
            .unwrap();
        assert_eq!(param["soort"], json!("parameter"));
        assert_eq!(param["detail"], json!("parameter: bedrag per maand"));
    }

    #[test]
    fn tests_preview_format_and_diff_use_the_edited_text() {
        let mut w = opened();
        let tests = parse(&w.run_tests());
        assert_eq!(
            (tests["geslaagd"].clone(), tests["mislukt"].clone()),
            (json!(1), json!(0))
        );
        let changed = BASE.replace("€ 1.345,45\n\nregel", "€ 1.400,50\n\nregel");
        assert_eq!(parse(&w.edit(&changed))["fouten"], json!(0));
        let tests = parse(&w.run_tests());
        assert_eq!(tests["mislukt"], json!(1), "{tests}");
        assert!(!tests["tests"][0]["verschillen"][0]
            .as_str()
            .unwrap()
            .is_empty());
        let preview = parse(&w.explain(r#"{"peildatum":"2025-03-01"}"#, ""));
        assert_eq!(
            preview["resultaat"]["outputs"]["norm"],
            json!("1400.50"),
            "{preview}"
        );
        let diff = parse(&w.changes());
        assert_eq!(diff["samenvatting"][0]["gewijzigd"], json!(1), "{diff}");
        let unformatted = changed.replace(
            "regel norm: bedrag per maand =",
            "regel norm:   bedrag per maand =",
        );
        w.edit(&unformatted);
        assert_eq!(parse(&w.format())["tekst"], json!(changed));
        assert_eq!(parse(&w.text())["tekst"], json!(unformatted));
    }

    #[test]
    fn every_failure_is_a_fout() {
        let mut w = Werkbank::new("{");
        assert_eq!(parse(&w.files())["fout"]["soort"], json!("bundel"));
        assert_eq!(parse(&w.edit("x"))["fout"]["soort"], json!("bundel"));
        let mut w = Werkbank::new(&bundle());
        assert_eq!(parse(&w.hover(1, 1))["fout"]["soort"], json!("bestand"));
        assert_eq!(
            parse(&w.open("rules/elders.regels", None))["fout"]["soort"],
            json!("bestand")
        );
        // A local file that does not parse: diagnostics, and a Dutch refusal
        // to format or evaluate.
        let answer = parse(&w.open("lokaal.regels", Some("regeling (".into())));
        assert_eq!(answer["diagnostieken"][0]["code"], json!("R0001"));
        assert_eq!(parse(&w.format())["fout"]["soort"], json!("syntax"));
        assert_eq!(
            parse(&w.explain("{}", ""))["fout"]["soort"],
            json!("syntax")
        );
        assert_eq!(parse(&w.complete(99, 99))["ok"], json!(true));
    }

    #[test]
    fn a_local_copy_of_a_bundle_file_takes_its_place() {
        let mut w = Werkbank::new(&bundle());
        let answer = parse(&w.open("2025.regels", Some(BASE.into())));
        assert_eq!(answer["fouten"], json!(0), "{answer}");
        assert_eq!(
            parse(&w.text())["pad"],
            json!("rules/land/basis/2025.regels")
        );
    }
}
