//! `aanvulling` end to end through the binary: a local regeling supplies a
//! used regeling's parameter for dates it has none (test values in
//! tests/aanvulling, no real norms), and every output names the supplier.

mod common;

use common::binary::{assert_exit, regelwerk, scratch, stderr, stdout};
use serde_json::Value;
use std::path::Path;

const GEMEENTE: &str = "tests/aanvulling/rules/proef/gemeente";

fn case(dir: &Path, peildatum: &str) -> String {
    let path = dir.join(format!("casus-{peildatum}.json"));
    let json = format!(r#"{{"peildatum": "{peildatum}", "aanvrager": true}}"#);
    std::fs::write(&path, json).expect("write case");
    path.to_string_lossy().into_owned()
}

fn toeslag(library: &str, case: &str) -> Value {
    let o = regelwerk(&["bereken", library, case, "--format", "json"]);
    assert_exit(&o, 0, "bereken");
    let v: Value = serde_json::from_str(&stdout(&o)).expect("json");
    v["outputs"]["toeslag"].clone()
}

#[test]
fn a_top_up_supplies_the_missing_year_and_is_named_everywhere() {
    let dir = scratch("aanvulling");
    // 2025: the used regeling's own value (10 % of € 1.000); 2026: the top-up's (10 % of € 1.100).
    let in_2025 = toeslag(GEMEENTE, &case(&dir, "2025-06-01"));
    let in_2026 = toeslag(GEMEENTE, &case(&dir, "2026-06-01"));
    assert_ne!(in_2025, in_2026);
    assert!(in_2025.to_string().contains("100"), "{in_2025}");
    assert!(in_2026.to_string().contains("110"), "{in_2026}");
    // After the top-up ends there is still no value: a clear error.
    let o = regelwerk(&["bereken", GEMEENTE, &case(&dir, "2027-01-01")]);
    assert_exit(&o, 1, "bereken after the top-up");

    // The explanation names the supplier and its source.
    let o = regelwerk(&["uitleg", GEMEENTE, &case(&dir, "2026-06-01")]);
    assert_exit(&o, 0, "uitleg");
    assert!(
        stdout(&o).contains("aangevuld door proef.gemeente: TESTWAARDE voor 2026"),
        "{}",
        stdout(&o)
    );

    // The receipt names both files.
    let bewijs = dir.join("bewijs.json");
    let o = regelwerk(&[
        "bewijs",
        GEMEENTE,
        &case(&dir, "2026-06-01"),
        "-o",
        &bewijs.to_string_lossy(),
    ]);
    assert_exit(&o, 0, "bewijs");
    let receipt: Value =
        serde_json::from_str(&std::fs::read_to_string(&bewijs).expect("receipt")).expect("json");
    let top_up = &receipt["aanvullingen"][0];
    assert_eq!(top_up["parameter"], "normen.norm");
    assert_eq!(
        top_up["pad"],
        "tests/aanvulling/rules/proef/normen/2025.regels"
    );
    assert_eq!(top_up["aangevuld_door"], "proef.gemeente");
    assert_eq!(
        top_up["pad_aanvulling"],
        "tests/aanvulling/rules/proef/gemeente/2025.regels"
    );
    assert_eq!(top_up["vanaf"], "2026-01-01");

    // The timeline shows the top-up, and its end with the top-up's own reason.
    let o = regelwerk(&["tijdlijn", GEMEENTE]);
    let out = stdout(&o);
    assert!(
        out.contains("parameter normen.norm (proef.normen) aangevuld door proef.gemeente vanaf 2026-01-01 tot en met 2026-12-31"),
        "{out}"
    );
    assert!(
        out.contains(
            "eindigt op 2026-12-31 (bedoeld: testbibliotheek: alleen 2026 is aangevuld)\n"
        ),
        "{out}"
    );
}

#[test]
fn when_the_used_regeling_covers_the_dates_itself_its_value_applies_and_check_warns() {
    let dir = scratch("aanvulling-ingehaald");
    let rules = dir.join("rules/proef");
    for sub in ["normen", "gemeente"] {
        std::fs::create_dir_all(rules.join(sub)).expect("dir");
        let from = format!("tests/aanvulling/rules/proef/{sub}/2025.regels");
        let text = std::fs::read_to_string(common::root().join(&from)).expect("fixture");
        // The national file later covers 2026 with another value.
        let text = text.replace(
            "  vanaf 2025-01-01 tot en met 2025-12-31: € 1.000\n  einde \"testnormen na 2025 niet opgenomen\"\n",
            "  vanaf 2025-01-01: € 1.000,00\n  vanaf 2026-01-01: € 1.200,00\n",
        );
        assert_eq!(
            sub == "normen",
            text.contains("€ 1.200,00"),
            "{sub}: {text}"
        );
        std::fs::write(rules.join(sub).join("2025.regels"), text).expect("write");
    }
    let library = dir.join("rules");
    let o = regelwerk(&["controleer", &library.to_string_lossy()]);
    assert_exit(&o, 0, "controleer with a warning");
    // (Diagnostics go to stderr; the message is wrapped at the terminal width.)
    let out = format!("{}{}", stdout(&o), stderr(&o));
    for part in [
        "R0504",
        "`proef.normen` geeft `normen.norm` zelf een waarde vanaf 2026-01-01, een andere waarde dan",
        "deze aanvulling; de waarde van `proef.normen` geldt",
    ] {
        assert!(out.contains(part), "{part} in:\n{out}");
    }
    let gemeente = library.join("proef/gemeente");
    let in_2026 = toeslag(&gemeente.to_string_lossy(), &case(&dir, "2026-06-01"));
    assert!(in_2026.to_string().contains("120"), "{in_2026}");
}
