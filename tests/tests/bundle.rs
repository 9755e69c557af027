//! `regelwerk bundle` end to end: the bundle of `rules/` holds every rule
//! file with its sha256 content hash, loads back (as the browser loads it)
//! into an engine that answers as one loaded from the files, and rules with
//! check errors are refused.

mod common;

use common::binary::{assert_exit, regelwerk, scratch, stderr, stdout};
use engine::bundle;
use engine::source::content_hash;
use engine::Request;
use serde_json::Value;

fn bundle_of_rules(dir: &std::path::Path) -> (std::path::PathBuf, std::process::Output) {
    let out = dir.join("regels.json");
    let o = regelwerk(&[
        "bundle",
        "rules",
        "-o",
        out.to_str().expect("utf-8 temp path"),
    ]);
    (out, o)
}

/// The bundle of `rules/` as a JSON document (written into scratch folder `name`).
fn rules_bundle_document(name: &str) -> Value {
    let (out, o) = bundle_of_rules(&scratch(name));
    assert_exit(&o, 0, "bundle rules -o");
    serde_json::from_str(&std::fs::read_to_string(&out).expect("written")).expect("JSON")
}

#[test]
fn bundle_of_the_rules_holds_every_file_with_its_hash() {
    let dir = scratch("bundle-rules");
    let (out, o) = bundle_of_rules(&dir);
    assert_exit(&o, 0, "bundle rules -o");
    let text = std::fs::read_to_string(&out).expect("the bundle was written");
    let doc: Value = serde_json::from_str(&text).expect("the bundle is JSON");
    let files = doc["bestanden"].as_array().expect("bestanden");

    let on_disk = common::files_with_extension(&common::root().join("rules"), "regels");
    assert_eq!(files.len(), on_disk.len(), "one entry per rule file");
    for path in &on_disk {
        let pad = common::relative(path);
        let entry = files
            .iter()
            .find(|f| f["pad"] == pad.as_str())
            .unwrap_or_else(|| panic!("{pad} is missing from the bundle"));
        let tekst = std::fs::read_to_string(path).expect("readable rule file");
        assert_eq!(entry["tekst"], tekst.as_str(), "{pad}: text");
        let hash = entry["hash"].as_str().expect("every file has a hash");
        let hex = hash.strip_prefix("sha256:").expect("sha256: prefix");
        assert!(
            hex.len() == 64 && hex.chars().all(|c| c.is_ascii_hexdigit()),
            "{hash}"
        );
        assert_eq!(hash, content_hash(&tekst), "{pad}: hash");
    }
    let summary = stderr(&o);
    assert!(
        summary.contains(&format!("{} regelbestanden", on_disk.len())),
        "{summary}"
    );
    assert!(stdout(&o).is_empty(), "with -o nothing goes to stdout");
}

#[test]
fn the_bundle_loads_into_an_engine_that_answers_as_the_files_do() {
    let dir = scratch("bundle-load");
    let (out, o) = bundle_of_rules(&dir);
    assert_exit(&o, 0, "bundle rules -o");
    let text = std::fs::read_to_string(&out).expect("the bundle was written");
    let from_bundle = engine::Engine::from_bundle(&text).expect("the bundle loads");
    // Planned from the manifest: nothing parsed before it is used.
    assert_eq!(from_bundle.library().parsed_count(), 0);
    let from_files = common::rules_engine();
    let case_file = common::root()
        .join("tests/conformance/cases/heemskerk__wmo-toegang/heemskerk__wmo-toegang-1-001.json");
    let doc: Value = serde_json::from_str(
        &std::fs::read_to_string(&case_file).expect("conformance case readable"),
    )
    .expect("case JSON");
    let answer = |engine: &engine::Engine| {
        engine
            .evaluate("heemskerk.wmo_toegang", &doc["case"], &Request::default())
            .expect("evaluates")
            .to_json()
    };
    assert_eq!(answer(&from_bundle), answer(&from_files));
    // Only wmo-toegang's files (and what it builds on or uses) were parsed.
    let parsed = from_bundle.library().parsed_count();
    assert!(
        parsed > 0 && parsed < from_bundle.sources().len(),
        "{parsed} of {} files parsed",
        from_bundle.sources().len()
    );
    // Checking everything parses the rest and finds what the files give.
    assert_eq!(from_bundle.diagnostics(), from_files.diagnostics());
    assert_eq!(
        from_bundle.regelingen().len(),
        from_files.regelingen().len()
    );
}

#[test]
fn the_manifest_holds_each_files_head() {
    let doc = rules_bundle_document("bundle-manifest");
    let files = doc["bestanden"].as_array().expect("bestanden");
    let from_files = common::rules_engine();
    let lib = from_files.library();
    assert_eq!(files.len(), lib.sources.len());
    let mut layers = 0;
    let mut imports = 0;
    for ((_, source), ast) in lib.sources.files().zip(lib.asts()) {
        let ast = ast.expect("rules/ parses");
        let entry = files
            .iter()
            .find(|f| f["pad"] == source.path.as_str())
            .expect("every file is in the bundle");
        let kop: engine::library::Head =
            serde_json::from_value(entry["kop"].clone()).expect("every file has a kop");
        let h = &ast.header;
        assert_eq!(kop.id.dotted(), h.id.dotted(), "{}", source.path);
        assert_eq!(kop.name.value, h.name.value, "{}", source.path);
        assert_eq!(kop.valid, h.valid, "{}", source.path);
        assert_eq!(kop.version, h.version, "{}", source.path);
        assert_eq!(kop.layer_on, h.layer_on, "{}", source.path);
        let uses: Vec<String> = ast
            .items
            .iter()
            .filter_map(|it| match it {
                grammar::ast::Item::Use(u) => Some(u.regeling.dotted()),
                _ => None,
            })
            .collect();
        let kop_uses: Vec<String> = kop.uses.iter().map(|p| p.dotted()).collect();
        assert_eq!(kop_uses, uses, "{}", source.path);
        layers += usize::from(kop.layer_on.is_some());
        imports += kop.uses.len();
        // The spans point at the text they were parsed from.
        assert!(source.text[kop.valid.span.start..kop.valid.span.end].contains("geldig vanaf"));
    }
    assert!(layers > 0 && imports > 0, "rules/ has layers and imports");
}

#[test]
fn a_manifest_that_does_not_fit_its_text_is_refused_when_used() {
    let mut doc = rules_bundle_document("bundle-manifest-wrong");
    let entry = &mut doc["bestanden"][0];
    let pad = entry["pad"].as_str().expect("pad").to_string();
    entry["kop"]["naam"]["value"] = Value::String("Een andere naam".into());
    let engine = engine::Engine::from_bundle(&doc.to_string()).expect("loads: hashes are right");
    let (r, version) = engine
        .library()
        .regelingen
        .iter()
        .find_map(|r| {
            let v = r
                .versions
                .iter()
                .find(|v| engine.sources().get(v.file).is_some_and(|f| f.path == pad))?;
            Some((r, v))
        })
        .expect("the file's regeling is planned");
    let e = engine
        .program(&r.id, version.valid_from)
        .expect_err("the file's head differs from the manifest");
    let message = e.to_string();
    assert!(message.contains("klopt niet met de tekst"), "{message}");
    assert!(message.contains("naam"), "{message}");
}

#[test]
fn a_changed_text_is_refused_on_load() {
    let mut doc = rules_bundle_document("bundle-tampered");
    let first = &mut doc["bestanden"][0];
    let pad = first["pad"].as_str().expect("pad").to_string();
    let changed = format!("{}\n// erbij\n", first["tekst"].as_str().expect("tekst"));
    first["tekst"] = Value::String(changed);
    let e = bundle::from_json(&doc.to_string()).expect_err("a changed text is refused");
    assert_eq!(e.path.as_deref(), Some(pad.as_str()));
    assert!(
        e.message.contains("komt niet overeen met de hash"),
        "{}",
        e.message
    );
}

#[test]
fn rules_with_errors_are_not_bundled() {
    let dir = scratch("bundle-errors");
    let out = dir.join("regels.json");
    let o = regelwerk(&[
        "bundle",
        "tests/invalid/R0202-perioden-mengen.regels",
        "-o",
        out.to_str().expect("utf-8 temp path"),
    ]);
    assert_exit(&o, 1, "bundle of a file with an error");
    let err = stderr(&o);
    assert!(err.contains("R0202"), "the diagnostic is shown: {err}");
    assert!(err.contains("geen regelbundel geschreven"), "{err}");
    assert!(!out.exists(), "no bundle is written");
}

#[test]
fn usage_errors_exit_2() {
    let o = regelwerk(&["bundle", "bestaat/niet", "-o", "x.json"]);
    assert_exit(&o, 2, "bundle of a missing path");
    assert!(stderr(&o).contains("bestaat niet"), "{}", stderr(&o));
    let o = regelwerk(&["bundle"]);
    assert_exit(&o, 2, "bundle without a path");
}

#[test]
fn without_an_output_file_the_bundle_goes_to_stdout() {
    let o = regelwerk(&["bundle", "rules/heemskerk/wmo-toegang"]);
    assert_exit(&o, 0, "bundle to stdout");
    let set = bundle::from_json(&stdout(&o)).expect("stdout is a bundle");
    assert!(set.len() >= 2, "the versions of wmo-toegang");
    assert!(set
        .files()
        .all(|(_, f)| f.path.starts_with("rules/heemskerk/wmo-toegang/")));
}

/// The engine that evaluates the compiled programs of a bundle, as the
/// browser's main module does (it has no parser or checker).
fn precompiled_engine(doc: &Value) -> engine::Engine {
    let mut library = bundle::load(&doc.to_string()).expect("the bundle loads");
    library.use_precompiled();
    engine::Engine::from_library(library)
}

#[test]
fn the_bundle_carries_every_program_and_they_answer_as_compiled_from_the_files() {
    let doc = rules_bundle_document("bundle-programs");
    let from_files = common::rules_engine();
    let programs = doc["programmas"].as_array().expect("programmas");
    let compiled: Vec<(&str, &std::sync::Arc<engine::ir::Program>)> =
        from_files.library().programs().collect();
    assert_eq!(
        programs.len(),
        compiled.len(),
        "one per program in force on some stretch"
    );
    for ((id, program), entry) in compiled.iter().zip(programs) {
        assert_eq!(entry["regeling"], *id);
        assert_eq!(
            entry["vanaf"],
            engine::case::iso_date(program.info.valid_from)
        );
        // The JSON form reads back into the same program.
        let text = program.to_json().expect("written");
        assert_eq!(
            entry["programma"],
            serde_json::from_str::<Value>(&text).expect("JSON")
        );
        let back = engine::ir::Program::from_json(&text).expect("reads back");
        assert_eq!(back.to_json().expect("written"), text, "{id}");
    }

    let precompiled = precompiled_engine(&doc);
    let cases =
        common::files_with_extension(&common::root().join("tests/conformance/cases"), "json");
    let mut compared = 0;
    for case_file in &cases {
        let file: Value =
            serde_json::from_str(&std::fs::read_to_string(case_file).expect("readable"))
                .expect("case JSON");
        let regeling = file["regeling"].as_str().expect("regeling");
        for request in common::every_mode() {
            let a = from_files.evaluate(regeling, &file["case"], &request);
            let b = precompiled.evaluate(regeling, &file["case"], &request);
            match (a, b) {
                (Ok(a), Ok(b)) => {
                    assert_eq!(a.to_json(), b.to_json(), "{}", case_file.display());
                    assert_eq!(a.explain(), b.explain(), "{}", case_file.display());
                }
                (Err(a), Err(b)) => {
                    assert_eq!(a.to_string(), b.to_string(), "{}", case_file.display())
                }
                (a, b) => panic!(
                    "{}: {:?} against {:?}",
                    case_file.display(),
                    a.is_ok(),
                    b.is_ok()
                ),
            }
            compared += 1;
        }
        let date = engine::api::peildatum_of(&file["case"]);
        if let Ok(date) = date {
            if let (Ok(a), Ok(b)) = (
                from_files.schema(regeling, date),
                precompiled.schema(regeling, date),
            ) {
                assert_eq!(a, b, "{}", case_file.display());
            }
        }
    }
    assert!(compared >= 3 * 90, "{compared} evaluations compared");
    // Nothing was parsed: every answer came from the bundle's programs.
    assert_eq!(precompiled.library().parsed_count(), 0);
}

#[test]
fn a_program_that_does_not_belong_to_its_files_or_is_damaged_is_refused() {
    let doc = rules_bundle_document("bundle-programs-tampered");
    let first = &doc["programmas"][0];
    let id = first["regeling"].as_str().expect("regeling").to_string();
    let date = engine::case::parse_iso_date(first["vanaf"].as_str().expect("vanaf")).expect("date");
    // Why the first program of a changed bundle cannot be used.
    let refusal = |changed: &Value| {
        precompiled_engine(changed)
            .program(&id, date)
            .expect_err("the program is refused")
            .to_string()
    };

    // A program's own hash refuses any change to it.
    let mut changed = doc.clone();
    changed["programmas"][0]["programma"]["programma"]["info"]["name"] =
        Value::String("Een andere naam".into());
    let e = refusal(&changed);
    assert!(e.contains("komt niet overeen met zijn hash"), "{e}");

    // A program of other files, with a hash that fits it.
    let mut other_hash = doc.clone();
    other_hash["programmas"][0]["programma"]["programma"]["info"]["parts"][0]["hash"] =
        Value::String(format!("sha256:{}", "0".repeat(64)));
    let text = other_hash["programmas"][0]["programma"].to_string();
    other_hash["programmas"][0]["hash"] = Value::String(content_hash(&text));
    let e = refusal(&other_hash);
    assert!(e.contains("hoort niet bij de regelbestanden"), "{e}");

    // A damaged program whose hash was made to fit it reaches the reader.
    let mut damaged = doc.clone();
    damaged["programmas"][0]["programma"]["programma"]["rules"] = Value::String("kapot".into());
    let text = damaged["programmas"][0]["programma"].to_string();
    damaged["programmas"][0]["hash"] = Value::String(content_hash(&text));
    let e = refusal(&damaged);
    assert!(e.contains("is beschadigd"), "{e}");
    assert!(e.contains(&id), "{e}");

    let mut bad_date = doc.clone();
    bad_date["programmas"][0]["vanaf"] = Value::String("2025-13-01".into());
    let e = bundle::load(&bad_date.to_string()).expect_err("a bad date is refused on load");
    assert!(e.message.contains("geen geldige datum"), "{}", e.message);
}

/// The attack from issue 14: raise `meedoen_bedrag_aanvrager` from € 150 to
/// € 1.500 in the bundle's program of the Meedoenregeling and delete that
/// program's hash (before, that made the browser answer € 1.800 instead of
/// € 450). The bundle is refused; with the old hash kept the program is
/// refused when used. That the change does reach the amount when its hash
/// is made to fit shows the refusal is what stops it.
#[test]
fn a_raised_amount_with_its_hash_deleted_is_refused() {
    let doc = rules_bundle_document("bundle-amount-raised");
    let case_file = common::root()
        .join("examples/heemskerk/minimaregelingen/alleenstaande-ouder-in-de-bijstand-2025.json");
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(case_file).expect("readable")).expect("JSON");
    let meedoen_bedrag = |engine: &engine::Engine| {
        engine
            .evaluate(
                "heemskerk.minimaregelingen",
                &file["case"],
                &Request::default(),
            )
            .map(|o| o.to_json()["outputs"]["meedoen_bedrag"].clone())
            .map_err(|e| e.to_string())
    };
    assert_eq!(
        meedoen_bedrag(&precompiled_engine(&doc)),
        Ok(Value::String("450.00".into()))
    );

    let p = doc["programmas"]
        .as_array()
        .expect("programmas")
        .iter()
        .position(|p| p["regeling"] == "heemskerk.minimaregelingen" && p["vanaf"] == "2025-01-01")
        .expect("the program of minimaregelingen 2025");
    let mut raised = doc.clone();
    let params = raised["programmas"][p]["programma"]["programma"]["params"]
        .as_array_mut()
        .expect("params");
    let param = params
        .iter_mut()
        .find(|q| q["name"] == "meedoen_bedrag_aanvrager")
        .expect("the parameter");
    assert_eq!(param["timeline"][0]["value"]["Num"], "150");
    param["timeline"][0]["value"]["Num"] = Value::String("1500".into());

    // The hash deleted: the whole bundle is refused on load.
    let mut deleted = raised.clone();
    deleted["programmas"][p]
        .as_object_mut()
        .expect("entry")
        .remove("hash");
    let e = bundle::load(&deleted.to_string()).expect_err("a program without a hash is refused");
    assert!(
        e.message.contains(
            "het programma voor `heemskerk.minimaregelingen` vanaf 2025-01-01 in de regelbundel heeft geen hash"
        ),
        "{}",
        e.message
    );
    // The engine the CLI builds from a bundle refuses it too.
    assert!(engine::Engine::from_bundle(&deleted.to_string()).is_err());

    // The old hash kept: the program is refused when it is used.
    let e = meedoen_bedrag(&precompiled_engine(&raised)).expect_err("the program is refused");
    assert!(e.contains("komt niet overeen met zijn hash"), "{e}");

    // The hash made to fit: the change reaches the amount (the receipt's
    // re-evaluation against the real rules is what catches that).
    let text = raised["programmas"][p]["programma"].to_string();
    raised["programmas"][p]["hash"] = Value::String(content_hash(&text));
    assert_eq!(
        meedoen_bedrag(&precompiled_engine(&raised)),
        Ok(Value::String("1800.00".into()))
    );
}
