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
    let from_bundle = engine::Engine::new(bundle::from_json(&text).expect("the bundle loads"));
    let from_files = common::rules_engine();
    assert!(from_bundle.diagnostics().iter().all(|d| !d.is_error()));
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
}

#[test]
fn a_changed_text_is_refused_on_load() {
    let dir = scratch("bundle-tampered");
    let (out, o) = bundle_of_rules(&dir);
    assert_exit(&o, 0, "bundle rules -o");
    let mut doc: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("written")).expect("JSON");
    let first = &mut doc["bestanden"][0];
    let pad = first["pad"].as_str().expect("pad").to_string();
    let changed = format!("{}\n// erbij\n", first["tekst"].as_str().expect("tekst"));
    first["tekst"] = Value::String(changed);
    let e = bundle::from_json(&doc.to_string()).expect_err("a changed text is refused");
    assert_eq!(e.pad.as_deref(), Some(pad.as_str()));
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
