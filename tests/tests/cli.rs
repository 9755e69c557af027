//! The `regelwerk` binary end to end: exit codes, what goes to stdout and
//! stderr, and the JSON it prints. Runs from the workspace root, without
//! colour, with a terminal width of 100.

mod common;

use common::binary::{assert_exit, regelwerk, scratch, stderr, stdout};
use serde_json::{json, Value};
use std::path::PathBuf;

/// A case file from the examples (or else a conformance case) for a regeling.
fn example_case(regeling: &str) -> PathBuf {
    let folder = regeling
        .replace('/', "__")
        .trim_start_matches("rules__")
        .to_string();
    let examples = common::files_with_extension(&common::root().join("examples"), "json");
    let wanted = format!("\"{regeling}\"");
    for path in examples {
        if std::fs::read_to_string(&path)
            .is_ok_and(|t| t.contains(&wanted) && t.contains("\"expected\""))
        {
            return path;
        }
    }
    common::files_with_extension(
        &common::root().join("tests/conformance/cases").join(folder),
        "json",
    )
    .into_iter()
    .find(|p| std::fs::read_to_string(p).is_ok_and(|t| t.contains("\"expected\"")))
    .unwrap_or_else(|| panic!("no case with expected outputs for {regeling}"))
}

fn read_json(path: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("readable")).expect("valid JSON")
}

#[test]
fn check_on_the_library_exits_0() {
    let o = regelwerk(&["check", "rules/"]);
    assert_exit(&o, 0, "check rules/");
    assert!(stderr(&o).contains("0 fouten"), "{}", stderr(&o));
}

#[test]
fn check_on_an_invalid_file_exits_1_and_names_the_code() {
    let o = regelwerk(&["check", "tests/invalid/R0202-perioden-mengen.regels"]);
    assert_exit(&o, 1, "check on an invalid file");
    let err = stderr(&o);
    assert!(err.contains("R0202"), "{err}");
    assert!(
        err.contains("tests/invalid/R0202-perioden-mengen.regels"),
        "{err}"
    );
    assert!(err.contains("1 fout"), "{err}");
}

#[test]
fn check_json_lists_located_diagnostics() {
    let o = regelwerk(&[
        "check",
        "--format",
        "json",
        "tests/invalid/R0202-perioden-mengen.regels",
    ]);
    assert_exit(&o, 1, "check --format json");
    let list: Value = serde_json::from_str(&stdout(&o)).expect("check --format json prints JSON");
    let first = &list.as_array().expect("a JSON array")[0];
    assert_eq!(first["code"], "R0202");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["path"], "tests/invalid/R0202-perioden-mengen.regels");
    assert!(first["line"].as_u64().is_some_and(|l| l > 1), "{first}");
}

/// A "bedoelde u …?" comes with its replacement as data (for editors and the
/// werkbank), located like the diagnostic; without one the key is absent.
#[test]
fn check_json_carries_the_suggested_replacement() {
    let suggestion = |file: &str| {
        let o = regelwerk(&["check", "--format", "json", file]);
        assert_exit(&o, 1, "check --format json");
        let list: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
        list[0].get("suggestion").cloned()
    };
    let typo = suggestion("tests/invalid/R0101-onbekende-naam.regels").expect("suggestion");
    assert_eq!(typo["replacement"], "inkomen");
    assert_eq!(
        (&typo["line"], &typo["column"], &typo["end_column"]),
        (&json!(11), &json!(35), &json!(41)),
        "{typo}"
    );
    let english = suggestion("tests/invalid/R0001-engels-woord.regels").expect("suggestion");
    assert_eq!(english["replacement"], "en");
    assert_eq!(
        suggestion("tests/invalid/R0202-perioden-mengen.regels"),
        None
    );
}

#[test]
fn check_tijdlijn_prints_the_timeline_after_the_diagnostics() {
    let gap = "tests/invalid/R0902-gat-tussen-versies";
    let o = regelwerk(&["check", gap, "--tijdlijn"]);
    // A gap is a warning: exit 0, as without `--tijdlijn`.
    assert_exit(&o, 0, "check --tijdlijn");
    let err = stderr(&o);
    assert!(
        err.contains("R0902") && err.contains("1 waarschuwing"),
        "{err}"
    );
    let out = stdout(&o);
    assert!(
        out.contains("Tijdlijn: Ongeldig: gat tussen versies (ongeldig.r0902)"),
        "{out}"
    );
    assert!(
        out.contains("2025-01-01 t/m 2025-12-31: geen versie"),
        "{out}"
    );
    // Without the flag, no timeline.
    let plain = regelwerk(&["check", gap]);
    assert_exit(&plain, 0, "check");
    assert!(stdout(&plain).is_empty(), "{}", stdout(&plain));

    let o = regelwerk(&["check", gap, "--tijdlijn", "--format", "json"]);
    assert_exit(&o, 0, "check --tijdlijn --format json");
    let v: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(v["meldingen"][0]["code"], "R0902", "{v}");
    let timelines = v["tijdlijnen"].as_array().expect("tijdlijnen");
    assert_eq!(timelines.len(), 1, "{v}");
    assert_eq!(timelines[0]["regeling"], "ongeldig.r0902");
    let statuses: Vec<&str> = timelines[0]["periodes"]
        .as_array()
        .expect("periodes")
        .iter()
        .filter_map(|p| p["status"].as_str())
        .collect();
    assert_eq!(statuses, ["geldig", "geen_versie", "geldig"], "{v}");

    // Overlapping versions are an error, and the timeline is still shown.
    let o = regelwerk(&[
        "check",
        "tests/invalid/R0901-overlappende-versies",
        "--tijdlijn",
    ]);
    assert_exit(&o, 1, "check --tijdlijn with overlapping versions");
    assert!(stderr(&o).contains("R0901"), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("R0901 tests/invalid/R0901-overlappende-versies/2026.regels"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn check_of_a_missing_path_is_a_usage_error() {
    let o = regelwerk(&["check", "bestaat/niet.regels"]);
    assert_exit(&o, 2, "check on a missing path");
    assert!(stderr(&o).contains("bestaat niet"), "{}", stderr(&o));
}

#[test]
fn fmt_check_on_the_library_exits_0() {
    let o = regelwerk(&["fmt", "--check", "rules/"]);
    assert_exit(&o, 0, "fmt --check rules/");
}

#[test]
fn fmt_rewrites_a_file_and_check_lists_it() {
    let dir = scratch("fmt");
    let file = dir.join("toeslag.regels");
    let messy = "regeling \"Toeslag\"\n id proef.toeslag\n      geldig vanaf 2026-01-01\ninvoer inkomen:   bedrag per maand\nuitvoer toeslag\nregel toeslag: bedrag per maand =   inkomen\n";
    std::fs::write(&file, messy).expect("write");
    let path = file.to_string_lossy().into_owned();

    let o = regelwerk(&["fmt", "--check", &path]);
    assert_exit(&o, 1, "fmt --check on an unformatted file");
    assert!(stdout(&o).contains("toeslag.regels"), "{}", stdout(&o));
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        messy,
        "--check must not write"
    );

    let o = regelwerk(&["fmt", &path]);
    assert_exit(&o, 0, "fmt");
    let formatted = std::fs::read_to_string(&file).expect("read");
    assert_ne!(formatted, messy);

    let o = regelwerk(&["fmt", "--check", &path]);
    assert_exit(&o, 0, "fmt --check after fmt");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fmt_on_a_file_with_a_syntax_error_exits_1() {
    let o = regelwerk(&["fmt", "--check", "tests/invalid/R0001-syntaxfout.regels"]);
    assert_exit(&o, 1, "fmt on a broken file");
    assert!(stderr(&o).contains("R0001"), "{}", stderr(&o));
}

/// The closing line `N passed, N failed`, as numbers.
fn closing_line(out: &str) -> (usize, usize) {
    let last = out.lines().last().unwrap_or_default();
    let parse = || -> Option<(usize, usize)> {
        let (p, f) = last.split_once(" passed, ")?;
        let f = f.strip_suffix(" failed")?;
        Some((p.parse().ok()?, f.parse().ok()?))
    };
    parse().unwrap_or_else(|| panic!("last line is not `N passed, N failed`: {last:?}\n{out}"))
}

#[test]
fn test_runs_the_test_blocks_of_the_library() {
    let o = regelwerk(&["test", "rules/"]);
    assert_exit(&o, 0, "test rules/");
    let (passed, failed) = closing_line(&stdout(&o));
    assert!(passed > 0, "no test blocks ran");
    assert_eq!(failed, 0);
}

#[test]
fn test_runs_case_files() {
    let o = regelwerk(&["test", "rules/", "--cases", "tests/conformance/cases"]);
    assert_exit(&o, 0, "test rules/ --cases tests/conformance/cases");
    let (passed, failed) = closing_line(&stdout(&o));
    assert!(passed >= 96, "only {passed} passed");
    assert_eq!(failed, 0);
}

#[test]
fn test_reports_a_failing_case_with_its_location() {
    let dir = scratch("test-fail");
    let source = example_case("rules/landelijk/aow-leeftijd");
    let mut case = read_json(&source);
    let key = case["expected"]
        .as_object()
        .and_then(|o| o.keys().next().cloned())
        .expect("an expected output");
    case["expected"][&key] = json!("onmogelijk");
    let file = dir.join("fout.json");
    std::fs::write(&file, case.to_string()).expect("write");
    let o = regelwerk(&[
        "test",
        "rules/landelijk/aow-leeftijd",
        "--cases",
        &file.to_string_lossy(),
    ]);
    assert_exit(&o, 1, "test with a failing case");
    let out = stdout(&o);
    assert!(out.contains("fout.json"), "{out}");
    assert!(out.contains(&key), "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("FOUT") && l.contains("fout.json")),
        "{out}"
    );
    let (_, failed) = closing_line(&out);
    assert!(failed >= 1, "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn eval_json_prints_outputs_and_receipt() {
    let case_path = example_case("rules/heemskerk/minimaregelingen");
    let case = read_json(&case_path);
    let o = regelwerk(&[
        "eval",
        "rules/heemskerk/minimaregelingen",
        &case_path.to_string_lossy(),
        "--format",
        "json",
    ]);
    assert_exit(&o, 0, "eval --format json");
    let result: Value = serde_json::from_str(&stdout(&o)).expect("eval --format json prints JSON");
    assert_eq!(
        result["outputs"], case["expected"],
        "outputs differ from the case's expectation"
    );
    // Money as strings with exactly two decimals.
    for name in [
        "inkomensnorm",
        "meedoen_bedrag",
        "iit_bedrag",
        "czm_premiebijdrage",
    ] {
        let v = result["outputs"][name]
            .as_str()
            .unwrap_or_else(|| panic!("`{name}` is not a string"));
        let (int, frac) = v
            .split_once('.')
            .unwrap_or_else(|| panic!("`{name}` = {v} has no decimals"));
        assert!(
            frac.len() == 2
                && int
                    .trim_start_matches('-')
                    .chars()
                    .all(|c| c.is_ascii_digit()),
            "`{name}` = {v}"
        );
    }
    assert_eq!(result["regeling"], "heemskerk.minimaregelingen", "{result}");
    assert!(
        result["versie"].as_str().is_some_and(|v| !v.is_empty()),
        "{result}"
    );
    let main = &result["bronnen"][0];
    assert!(
        main["pad"]
            .as_str()
            .is_some_and(|p| p.starts_with("rules/heemskerk/minimaregelingen/")),
        "{result}"
    );
    let hex = main["hash"]
        .as_str()
        .and_then(|h| h.strip_prefix("sha256:"))
        .unwrap_or_default();
    assert!(
        hex.len() == 64 && hex.chars().all(|c| c.is_ascii_hexdigit()),
        "no sha256 content hash of the main file in {result}"
    );
    // Each source has its own validity, as its file states it; the result's
    // `geldig` lies within every source's.
    let main_text =
        std::fs::read_to_string(common::root().join(main["pad"].as_str().unwrap_or("")))
            .expect("main source readable");
    assert!(
        main_text.contains(&format!(
            "geldig vanaf {}",
            main["geldig"]["vanaf"].as_str().unwrap_or("?")
        )),
        "{result}"
    );
    let sources = result["bronnen"].as_array().expect("bronnen");
    assert!(
        sources.len() > 1,
        "the minimaregelingen use national norms: {result}"
    );
    let (from, through) = (&result["geldig"]["vanaf"], &result["geldig"]["tot_en_met"]);
    for source in sources {
        let valid = &source["geldig"];
        let source_from = valid["vanaf"].as_str().expect("geldig.vanaf");
        assert!(source_from <= from.as_str().unwrap_or(""), "{source}");
        if let Some(end) = valid["tot_en_met"].as_str() {
            assert!(through.as_str().is_some_and(|t| t <= end), "{source}");
        } else {
            assert!(valid["tot_en_met"].is_null(), "{source}");
        }
    }
}

#[test]
fn eval_accepts_a_bare_case_object() {
    let case_path = example_case("rules/landelijk/aow-leeftijd");
    let case = read_json(&case_path);
    let dir = scratch("bare");
    let bare = dir.join("casus.json");
    std::fs::write(&bare, case["case"].to_string()).expect("write");
    let o = regelwerk(&[
        "eval",
        "rules/landelijk/aow-leeftijd",
        &bare.to_string_lossy(),
        "--format",
        "json",
    ]);
    assert_exit(&o, 0, "eval of a bare case");
    let result: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(result["outputs"], case["expected"]);

    let o = regelwerk(&[
        "eval",
        "rules/landelijk/aow-leeftijd",
        &bare.to_string_lossy(),
    ]);
    assert_exit(&o, 0, "eval --format text");
    for name in case["expected"].as_object().expect("object").keys() {
        assert!(
            stdout(&o).contains(name.as_str()),
            "{name} missing from\n{}",
            stdout(&o)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn eval_reports_every_case_error_at_once() {
    let dir = scratch("bad-case");
    let bad = json!({
        "peildatum": "2026-03-01",
        "client": { "geboortedatum": "1950-02-30" },
        "partner": null,
        "voorzieningen": [
            { "soort": "huishoudelijk", "kostprijs_per_periode": "180.005" }
        ],
        "inkomen_peiljaar": "24000.00",
        "vermogen": "0.00",
        "wlz_of_beschermd_wonen_bijdrage": "nee",
        "nachten_opvang_aaneengesloten": 0
    });
    let file = dir.join("fout.json");
    std::fs::write(&file, bad.to_string()).expect("write");
    let o = regelwerk(&[
        "eval",
        "rules/landelijk/wmo-eigen-bijdrage",
        &file.to_string_lossy(),
    ]);
    assert_exit(&o, 1, "eval of a bad case");
    let err = stderr(&o);
    for path in [
        "$.client.geboortedatum",
        "$.voorzieningen[0].soort",
        "$.voorzieningen[0].kostprijs_per_periode",
        "$.wlz_of_beschermd_wonen_bijdrage",
        "$.vrijstelling_college",
    ] {
        assert!(err.contains(path), "{path} not named in:\n{err}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn eval_without_a_version_in_force_exits_1() {
    let dir = scratch("not-in-force");
    let file = dir.join("casus.json");
    std::fs::write(
        &file,
        json!({"peildatum": "1990-01-01", "persoon": {"geboortedatum": "1930-01-01"}}).to_string(),
    )
    .expect("write");
    let o = regelwerk(&[
        "eval",
        "rules/landelijk/wmo-eigen-bijdrage",
        &file.to_string_lossy(),
    ]);
    assert_exit(&o, 1, "eval before the first version");
    let err = stderr(&o);
    assert!(
        err.contains("geen versie") && err.contains("1990-01-01"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn eval_of_invalid_json_exits_1() {
    let dir = scratch("bad-json");
    let file = dir.join("kapot.json");
    std::fs::write(&file, "{ \"peildatum\": ").expect("write");
    let o = regelwerk(&[
        "eval",
        "rules/landelijk/aow-leeftijd",
        &file.to_string_lossy(),
    ]);
    assert_exit(&o, 1, "eval of broken JSON");
    assert!(stderr(&o).contains("geen geldige JSON"), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn explain_names_the_articles() {
    let case_path = example_case("rules/heemskerk/minimaregelingen");
    let o = regelwerk(&[
        "explain",
        "rules/heemskerk/minimaregelingen",
        &case_path.to_string_lossy(),
    ]);
    assert_exit(&o, 0, "explain");
    let out = stdout(&o);
    // The inkomensnorm's own article, with its place in the regeling.
    assert!(
        out.contains("\ninkomensnorm: € ")
            && out.contains(
                "  Dit volgt uit art. 1 onder c Beleidsregels minimaregelingen Heemskerk 20"
            ),
        "no article reference for the inkomensnorm in:\n{out}"
    );
}

#[test]
fn regelingen_lists_ids_and_versions() {
    let o = regelwerk(&["regelingen"]);
    assert_exit(&o, 0, "regelingen");
    let out = stdout(&o);
    for id in ["landelijk.aow_leeftijd", "heemskerk.minimaregelingen"] {
        assert!(out.contains(id), "{id} missing from\n{out}");
    }
    assert!(out.contains("geldig vanaf"), "{out}");

    let o = regelwerk(&["regelingen", "rules", "--format", "json"]);
    assert_exit(&o, 0, "regelingen --format json");
    let list: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert!(list.as_array().is_some_and(|l| l.len() >= 5), "{list}");
}

#[test]
fn usage_errors_exit_2_in_dutch() {
    for args in [
        vec!["eval"],
        vec!["onzin"],
        vec!["check", "--format", "xml", "rules"],
        vec!["check"],
    ] {
        let o = regelwerk(&args);
        assert_exit(&o, 2, &format!("regelwerk {}", args.join(" ")));
        assert!(stderr(&o).contains("fout:"), "{}", stderr(&o));
        assert!(stderr(&o).contains("regelwerk"), "{}", stderr(&o));
    }
}

#[test]
fn help_is_dutch() {
    let o = regelwerk(&["--help"]);
    assert_exit(&o, 0, "--help");
    let out = stdout(&o);
    for heading in ["Gebruik:", "Opdrachten:", "Opties:", "controleer", "uitleg"] {
        assert!(out.contains(heading), "{heading} missing from\n{out}");
    }
    let o = regelwerk(&["eval", "--help"]);
    assert_exit(&o, 0, "eval --help");
    let out = stdout(&o);
    for heading in [
        "Gebruik:",
        "Argumenten:",
        "Opties:",
        "--gedeeltelijk",
        "--afwijkingen",
    ] {
        assert!(out.contains(heading), "{heading} missing from\n{out}");
    }
}

/// The commands are Dutch; the names of earlier versions still work, so
/// scripts keep running. Each old name is the same command as its new one
/// (same help), and the README's first command runs under its old name.
#[test]
fn old_command_and_option_names_still_work() {
    for (new, old) in [
        ("controleer", "check"),
        ("opmaak", "fmt"),
        ("bereken", "eval"),
        ("uitleg", "explain"),
        ("bundel", "bundle"),
        ("vergelijk", "diff"),
        ("simuleer", "simulate"),
        ("verifieer", "verify"),
    ] {
        let by_new = regelwerk(&[new, "--help"]);
        assert_exit(&by_new, 0, &format!("{new} --help"));
        let by_old = regelwerk(&[old, "--help"]);
        assert_exit(&by_old, 0, &format!("{old} --help"));
        assert_eq!(stdout(&by_old), stdout(&by_new), "{old} is not {new}");
        assert!(
            stdout(&by_new).contains(&format!("Gebruik: regelwerk {new} ")),
            "{}",
            stdout(&by_new)
        );
        let overview = stdout(&regelwerk(&["--help"]));
        assert!(
            overview.contains(&format!("[alias: {old}]")),
            "{old} not listed beside {new}:\n{overview}"
        );
    }

    let case = "examples/heemskerk/minimaregelingen/alleenstaande-ouder-in-de-bijstand-2025.json";
    let by_old = regelwerk(&["explain", "rules/heemskerk/minimaregelingen", case]);
    assert_exit(&by_old, 0, "explain (README)");
    let by_new = regelwerk(&["uitleg", "rules/heemskerk/minimaregelingen", case]);
    assert_eq!(stdout(&by_old), stdout(&by_new));
    assert!(
        stdout(&by_new).contains("meedoen bedrag"),
        "{}",
        stdout(&by_new)
    );

    // Renamed options: the old spelling gives the same answer as the new.
    let regeling = "rules/heemskerk/minimaregelingen";
    let traced_new = regelwerk(&["bereken", regeling, case, "--afleiding"]);
    let traced_old = regelwerk(&["eval", regeling, case, "--trace"]);
    assert_exit(&traced_new, 0, "bereken --afleiding");
    assert_eq!(stdout(&traced_old), stdout(&traced_new));
    assert!(
        stdout(&traced_new).contains("Dit volgt uit"),
        "{}",
        stdout(&traced_new)
    );
    for flag in ["--controleer", "--check"] {
        let o = regelwerk(&["opmaak", flag, "rules/heemskerk/minimaregelingen"]);
        assert_exit(&o, 0, &format!("opmaak {flag}"));
    }
    let cases = "tests/conformance/cases/landelijk__bijstandsnormen";
    let with_new = regelwerk(&[
        "test",
        "rules/landelijk/bijstandsnormen",
        "--casussen",
        cases,
    ]);
    let with_old = regelwerk(&["test", "rules/landelijk/bijstandsnormen", "--cases", cases]);
    assert_exit(&with_new, 0, "test --casussen");
    assert_eq!(stdout(&with_old), stdout(&with_new));
    let (passed, _) = closing_line(&stdout(&with_new));
    assert!(passed > 1, "{}", stdout(&with_new));
}

/// A small library of its own: `<dir>/rules/toeslag/2026.regels` with an
/// overridable rule.
fn toeslag_library(name: &str) -> PathBuf {
    let dir = scratch(name);
    let folder = dir.join("rules/toeslag");
    std::fs::create_dir_all(&folder).expect("create rules folder");
    std::fs::write(
        folder.join("2026.regels"),
        "regeling \"Toeslag\"\n  id proef.toeslag\n  geldig vanaf 2026-01-01\n  bron \"Testverordening\"\n\n\
         invoer inkomen: bedrag per maand\ninvoer gehuwd: ja/nee\nuitvoer toeslag, verhoogd\n\n\
         artikel \"1\"\n  regel toeslag: bedrag per maand\n    afwijkbaar\n    = inkomen\n\n\
         artikel \"2\"\n  regel verhoogd: ja/nee = gehuwd\n",
    )
    .expect("write rule file");
    dir
}

#[test]
fn eval_applies_overrides_and_records_them() {
    let dir = toeslag_library("afwijkingen");
    let folder = dir.join("rules/toeslag");
    let case = dir.join("casus.json");
    std::fs::write(
        &case,
        json!({"peildatum": "2026-02-01", "inkomen": "100.00", "gehuwd": false}).to_string(),
    )
    .expect("write");
    let overrides = dir.join("afwijkingen.json");
    std::fs::write(
        &overrides,
        json!([{"regel": "toeslag", "waarde": "50.00", "reden": "hardheidsclausule", "door": "consulent"}]).to_string(),
    )
    .expect("write");
    let args = [
        "eval",
        &*folder.to_string_lossy(),
        &*case.to_string_lossy(),
        "--afwijkingen",
        &*overrides.to_string_lossy(),
    ];
    let o = regelwerk(&[&args[..], &["--format", "json"]].concat());
    assert_exit(&o, 0, "eval --afwijkingen");
    let result: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(result["outputs"]["toeslag"], "50.00", "{result}");
    assert!(result.to_string().contains("hardheidsclausule"), "{result}");

    let o = regelwerk(&args);
    assert_exit(&o, 0, "eval --afwijkingen (text)");
    assert!(stdout(&o).contains("hardheidsclausule"), "{}", stdout(&o));

    std::fs::write(
        &overrides,
        json!([{"regel": "bestaat_niet", "waarde": "1.00", "reden": "x"}]).to_string(),
    )
    .expect("write");
    let o = regelwerk(&args);
    assert_exit(&o, 1, "eval with an override of an unknown rule");
    assert!(stderr(&o).contains("bestaat_niet"), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn eval_partial_lists_the_inputs_still_needed() {
    let dir = toeslag_library("gedeeltelijk");
    let folder = dir.join("rules/toeslag");
    let case = dir.join("casus.json");
    std::fs::write(
        &case,
        json!({"peildatum": "2026-02-01", "gehuwd": true}).to_string(),
    )
    .expect("write");
    let o = regelwerk(&[
        "eval",
        &folder.to_string_lossy(),
        &case.to_string_lossy(),
        "--gedeeltelijk",
    ]);
    assert_exit(&o, 0, "eval --gedeeltelijk");
    let out = stdout(&o);
    assert!(out.contains("Nog nodig"), "{out}");
    assert!(out.lines().any(|l| l.trim() == "inkomen"), "{out}");
    assert!(out.contains("verhoogd") && out.contains("ja"), "{out}");

    // Without --gedeeltelijk the missing input is a case error.
    let o = regelwerk(&["eval", &folder.to_string_lossy(), &case.to_string_lossy()]);
    assert_exit(&o, 1, "eval of an incomplete case");
    assert!(stderr(&o).contains("$.inkomen"), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A HBEL case with the room counts of the contract (`kamers` set by the caller).
fn hbel_case(kamers_extra_in_gebruik: i64) -> Value {
    json!({
        "peildatum": "2024-05-01",
        "client": { "geboortedatum": "1950-02-01" },
        "eigen_mogelijkheden": false,
        "beperkingen": "geen",
        "samenstelling_huishouden_extra": false,
        "kamers_extra_in_gebruik": kamers_extra_in_gebruik,
        "kamers_extra_niet_in_gebruik": -2,
        "bestaande_indicatie_uren_per_jaar": null
    })
}

#[test]
fn eval_refuses_a_value_outside_the_range_of_its_input_with_path_and_range() {
    let dir = scratch("bounds");
    let file = dir.join("casus.json");
    std::fs::write(&file, hbel_case(-1).to_string()).expect("write");
    let o = regelwerk(&[
        "eval",
        "rules/hbel/huishoudelijke-ondersteuning",
        &file.to_string_lossy(),
    ]);
    assert_exit(&o, 1, "eval with a negative room count");
    let err = stderr(&o);
    // Both counts are named, each with its JSON path and the allowed range.
    for line in [
        "$.kamers_extra_in_gebruik: -1 valt buiten het toegestane bereik (ten minste 0)",
        "$.kamers_extra_niet_in_gebruik: -2 valt buiten het toegestane bereik (ten minste 0)",
    ] {
        assert!(err.contains(line), "{line} not in:\n{err}");
    }
    assert!(stdout(&o).is_empty(), "no result for a refused case");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_case_file_carries_overrides_and_one_outside_the_range_is_refused() {
    let dir = scratch("override-bounds");
    let mut case = hbel_case(0);
    case["kamers_extra_niet_in_gebruik"] = json!(0);
    let override_to =
        |uren: i64| json!([{ "regel": "uren_per_jaar", "waarde": uren, "reden": "maatwerk" }]);
    let within = json!({
        "regeling": "rules/hbel/huishoudelijke-ondersteuning",
        "case": case,
        "afwijkingen": override_to(0),
        "expected": {
            "uren_per_jaar": 0,
            "minuten_per_week": 0,
            "frequentie": "tweewekelijks",
            "grondslag": "normenkader"
        }
    });
    let outside = json!({
        "regeling": "rules/hbel/huishoudelijke-ondersteuning",
        "case": case,
        "afwijkingen": override_to(-5),
        "expect_error": true,
        "expect_error_contains": "afwijken van regel `uren_per_jaar` is niet toegestaan: -5 valt buiten het toegestane bereik (ten minste 0)"
    });
    std::fs::write(dir.join("binnen.json"), within.to_string()).expect("write");
    std::fs::write(dir.join("buiten.json"), outside.to_string()).expect("write");
    let o = regelwerk(&[
        "test",
        "rules/hbel/huishoudelijke-ondersteuning",
        "--cases",
        &dir.to_string_lossy(),
    ]);
    assert_exit(&o, 0, "test with override case files");
    let (passed, failed) = closing_line(&stdout(&o));
    assert!(passed >= 2 && failed == 0, "{}", stdout(&o));
    // The same override outside the range fails a case that expects outputs.
    let mut wrong = within.clone();
    wrong["afwijkingen"] = override_to(-5);
    std::fs::write(dir.join("binnen.json"), wrong.to_string()).expect("write");
    let o = regelwerk(&[
        "test",
        "rules/hbel/huishoudelijke-ondersteuning",
        "--cases",
        &dir.join("binnen.json").to_string_lossy(),
    ]);
    assert_exit(&o, 1, "an override outside the range");
    assert!(
        stdout(&o).contains("-5 valt buiten het toegestane bereik"),
        "{}",
        stdout(&o)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A library holding only the rule file with two nested ranges of 100,000
/// numbers each (tests/invalid/R0602-…), written to a scratch folder.
fn looping_library(name: &str) -> PathBuf {
    let dir = scratch(name);
    std::fs::create_dir_all(dir.join("lus")).expect("create folder");
    std::fs::copy(
        common::root().join("tests/invalid/R0602-te-veel-rekenstappen.regels"),
        dir.join("lus/2026.regels"),
    )
    .expect("copy the fixture");
    dir
}

/// The step budget stops a rule that would loop for minutes (10¹⁰ steps),
/// with the message that names the rule; a case that finds its answer
/// early is evaluated as usual.
#[test]
fn a_rule_that_would_loop_is_stopped_with_its_name() {
    let dir = looping_library("budget-eval");
    let library = dir.to_string_lossy().into_owned();
    let case = |grens: i64| {
        let file = dir.join(format!("casus-{grens}.json"));
        std::fs::write(
            &file,
            format!(r#"{{"peildatum":"2026-03-01","grens":{grens}}}"#),
        )
        .expect("write case");
        file.to_string_lossy().into_owned()
    };
    let started = std::time::Instant::now();
    let o = regelwerk(&[
        "bereken",
        "--bibliotheek",
        &library,
        "ongeldig.r0602",
        &case(0),
    ]);
    assert_exit(&o, 1, "bereken of a rule that runs out of steps");
    assert!(
        stderr(&o).contains(
            "de berekening is gestopt bij regel `eerste_paar`: die kost meer dan 1.000.000 rekenstappen"
        ),
        "{}",
        stderr(&o)
    );
    // Without the budget this case takes minutes even in a release build.
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
    let o = regelwerk(&[
        "bereken",
        "--bibliotheek",
        &library,
        "ongeldig.r0602",
        &case(5),
    ]);
    assert_exit(&o, 0, "bereken of a case that stops early");
    assert!(stdout(&o).contains("eerste_paar  1"), "{}", stdout(&o));
}

/// In a batch the client whose case runs out of steps gets its line with
/// the message, and the next client is decided.
#[test]
fn a_batch_client_that_runs_out_of_steps_gets_its_line() {
    let dir = looping_library("budget-batch");
    let clients = dir.join("clienten.jsonl");
    std::fs::write(
        &clients,
        "{\"kenmerk\":\"lus\",\"peildatum\":\"2026-03-01\",\"grens\":0}\n{\"kenmerk\":\"snel\",\"peildatum\":\"2026-03-01\",\"grens\":5}\n",
    )
    .expect("write clients");
    let o = regelwerk(&[
        "besluit",
        "--bibliotheek",
        &dir.to_string_lossy(),
        "ongeldig.r0602",
        &clients.to_string_lossy(),
    ]);
    assert_exit(&o, 1, "besluit with a client out of steps");
    assert_eq!(
        stderr(&o).trim(),
        "2 cliënten: 1 besloten, 1 geweigerd, 0 fouten"
    );
    let lines: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let stopped = lines
        .iter()
        .find(|l| l["kenmerk"] == "lus")
        .expect("its line");
    assert_eq!(stopped["soort"], "geweigerd");
    assert!(stopped["fouten"][0]["melding"]
        .as_str()
        .is_some_and(|m| m.starts_with("de berekening is gestopt bij regel `eerste_paar`")));
    let decided = lines
        .iter()
        .find(|l| l["kenmerk"] == "snel")
        .expect("its line");
    assert_eq!(decided["uitkomsten"]["eerste_paar"], 1);
}

#[test]
fn uitleg_kort_gives_the_short_motivering_of_the_engine() {
    let case = "examples/heemskerk/minimaregelingen/inkomen-boven-de-norm-2025.json";
    let out = regelwerk(&["uitleg", "rules/heemskerk/minimaregelingen", case, "--kort"]);
    assert_exit(&out, 0, "uitleg --kort");
    let text = stdout(&out);
    assert!(
        text.contains(
            "Inkomen van € 1.600,00 per maand is hoger dan inkomensnorm van € 1.505,97 per maand \
             (110% van toepasselijke bijstandsnorm van € 1.369,06 per maand)."
        ),
        "{text}"
    );
    // Not the full derivation; the besluiten end with the bezwaar clause.
    assert!(!text.contains("Toelichting:"), "{text}");
    assert!(
        text.contains("\nBezwaar\n") && text.contains("binnen zes weken bezwaar maken"),
        "{text}"
    );
}
