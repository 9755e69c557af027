//! Host tests of the JSON boundary: every failure is a `fout` object, every
//! success has `ok: true`, and the answers match the engine's own.

use super::*;

fn parse(text: &str) -> Json {
    serde_json::from_str(text).expect("the API always answers JSON")
}

fn fout_soort(text: &str) -> String {
    let v = parse(text);
    assert_eq!(v["ok"], json!(false), "{text}");
    v["fout"]["soort"].as_str().unwrap_or_default().to_string()
}

#[test]
fn broken_bundle_answers_every_call_with_its_error() {
    let rw = Regelwerk::new("{ not json");
    assert_eq!(fout_soort(&rw.status()), "bundel");
    assert_eq!(fout_soort(&rw.regelingen()), "bundel");
    assert_eq!(fout_soort(&rw.schema("x", "2025-01-01")), "bundel");
    assert_eq!(fout_soort(&rw.evaluate("x", "{}", "")), "bundel");
    assert_eq!(fout_soort(&rw.explain("x", "{}", "")), "bundel");
    assert_eq!(fout_soort(&rw.missing("x", "{}", None)), "bundel");
    let melding = parse(&rw.status())["fout"]["melding"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(melding.contains("regelbundel"), "{melding}");
}

#[test]
fn empty_bundle_loads_and_reports_unknown_regeling() {
    let rw = Regelwerk::new(r#"{"bestanden":[]}"#);
    let status = parse(&rw.status());
    assert_eq!(status["ok"], json!(true));
    assert_eq!(status["bestanden"], json!(0));
    assert_eq!(parse(&rw.regelingen())["regelingen"], json!([]));
    assert_eq!(fout_soort(&rw.schema("nergens", "2025-01-01")), "regeling");
    assert_eq!(fout_soort(&rw.schema("nergens", "1 januari")), "datum");
    assert_eq!(
        fout_soort(&rw.evaluate("nergens", r#"{"peildatum":"2025-01-01"}"#, "")),
        "regeling"
    );
}

#[test]
fn malformed_case_and_options_are_fouten() {
    let rw = Regelwerk::new(r#"{"bestanden":[]}"#);
    let bad = parse(&rw.evaluate("x", "{\"peildatum\": ", ""));
    assert_eq!(bad["fout"]["soort"], json!("json"));
    assert_eq!(bad["fout"]["regel"], json!(1));
    assert_eq!(
        fout_soort(&rw.evaluate("x", "{}", "{\"trace\": 1}")),
        "opties"
    );
    assert_eq!(
        fout_soort(&rw.evaluate("x", "{}", "{\"onbekend\": true}")),
        "opties"
    );
    // The peildatum is read before the regeling is looked up.
    let c = parse(&rw.evaluate("x", "{}", ""));
    assert_eq!(c["fout"]["soort"], json!("casus"));
    assert_eq!(c["fout"]["fouten"][0]["pad"], json!("$.peildatum"));
    assert_eq!(fout_soort(&rw.missing("x", "[]", None)), "casus");
}

#[test]
fn check_reports_syntax_errors_with_utf16_columns() {
    let rw = Regelwerk::new(r#"{"bestanden":[]}"#);
    let answer = parse(&rw.check("rules/x/2025.regels", "// één €\nregeling"));
    assert_eq!(answer["ok"], json!(true));
    assert!(answer["fouten"].as_u64().unwrap_or(0) >= 1, "{answer}");
    let d = &answer["diagnostieken"][0];
    assert_eq!(d["path"], json!("rules/x/2025.regels"));
    assert!(d["line"].as_u64().unwrap_or(0) >= 1);
    assert!(d["column"].as_u64().unwrap_or(0) >= 1);
}

#[test]
fn versie_is_the_crate_version() {
    assert_eq!(Regelwerk::versie(), env!("CARGO_PKG_VERSION"));
}
