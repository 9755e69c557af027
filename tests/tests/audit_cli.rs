//! The auditors' commands end to end: `genereer`, `simulate`, `diff` (files,
//! git revisions, with cases, every output form), `tijdlijn`, `bewijs` and
//! `verify`, run as a user would from the workspace root, without colour.

mod common;

use common::binary::{assert_exit, regelwerk, scratch, stdout};
use serde_json::Value;

/// The profile beside the example population of `regeling` (a path under
/// `rules/`) in the year of `peildatum`.
fn profile_of(regeling: &str, peildatum: &str) -> String {
    let name = regeling.trim_start_matches("rules/").replace('/', "-");
    format!(
        "examples/populaties/{name}-{}.profiel.json",
        &peildatum[..4]
    )
}

/// Runs `genereer` with the example profile (and `extra` arguments).
fn genereer(
    regeling: &str,
    n: &str,
    seed: &str,
    peildatum: &str,
    extra: &[&str],
) -> std::process::Output {
    let profile = profile_of(regeling, peildatum);
    let mut args = vec![
        "genereer",
        regeling,
        "--aantal",
        n,
        "--zaad",
        seed,
        "--peildatum",
        peildatum,
        "--profiel",
        &profile,
    ];
    args.extend_from_slice(extra);
    regelwerk(&args)
}

/// Generates a population into `dir` with the example profile.
fn generate(dir: &std::path::Path, regeling: &str, n: &str, seed: &str, peildatum: &str) -> String {
    let file = dir.join(format!("{}-{seed}.jsonl", regeling.replace('/', "-")));
    let file = file.to_string_lossy().into_owned();
    let o = genereer(regeling, n, seed, peildatum, &["-o", &file]);
    assert_exit(&o, 0, "genereer");
    file
}

#[test]
fn genereer_is_reproducible_and_simulate_counts_every_line() {
    let dir = scratch("sim");
    let a = generate(
        &dir,
        "rules/heemskerk/minimaregelingen",
        "120",
        "9",
        "2025-03-01",
    );
    let text = std::fs::read_to_string(&a).expect("population");
    assert_eq!(text.lines().count(), 120);
    let again = genereer(
        "rules/heemskerk/minimaregelingen",
        "120",
        "9",
        "2025-03-01",
        &[],
    );
    assert_exit(&again, 0, "genereer to stdout");
    assert_eq!(stdout(&again), text, "same seed, same population");

    let o = regelwerk(&[
        "simulate",
        "rules/heemskerk/minimaregelingen",
        &a,
        "--format",
        "json",
        "--draden",
        "2",
    ]);
    assert_exit(&o, 0, "simulate json");
    let v: Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["gevallen"], 120);
    assert_eq!(v["fouten"], 0);

    let csv = regelwerk(&[
        "simulate",
        "rules/heemskerk/minimaregelingen",
        &a,
        "--format",
        "csv",
    ]);
    assert_exit(&csv, 0, "simulate csv");
    assert!(stdout(&csv).starts_with("regeling,uitvoer,type,waarde,aantal,som,"));

    let text = regelwerk(&["simulate", "heemskerk.minimaregelingen", &a]);
    assert_exit(&text, 0, "simulate by id");
    assert!(
        stdout(&text).contains("Simulatie: Minimaregelingen Heemskerk"),
        "{}",
        stdout(&text)
    );
    assert!(
        !stdout(&text).contains('\x1b'),
        "no colour without a terminal"
    );
}

#[test]
fn diff_of_two_versions_with_cases_in_every_form() {
    let dir = scratch("diff");
    let pop = generate(&dir, "rules/heemskerk/wmo-toegang", "80", "3", "2026-03-01");
    let (old, new) = (
        "rules/heemskerk/wmo-toegang/2025.regels",
        "rules/heemskerk/wmo-toegang/2026.regels",
    );

    let text = regelwerk(&["diff", old, new]);
    assert_exit(&text, 0, "diff text");
    assert!(
        stdout(&text).contains("stap powerful_ageing"),
        "{}",
        stdout(&text)
    );
    assert!(stdout(&text).contains("Samenvatting:"));
    // A heading shows the stable name and beside it the label people read.
    assert!(
        stdout(&text).contains("invoer client (cliënt)"),
        "{}",
        stdout(&text)
    );

    let md = regelwerk(&[
        "diff", old, new, "--cases", &pop, "--format", "markdown", "--titel", "Proef",
    ]);
    assert_exit(&md, 0, "diff markdown");
    let md = stdout(&md);
    assert!(md.starts_with("# Proef\n"), "{md}");
    assert!(md.contains("## Wat betekent dat voor de gevallen"));
    // Keuze values as people read them: by label, else in words.
    assert!(
        md.contains("| `route` | algemene voorziening | Powerful Ageing |"),
        "{md}"
    );
    assert!(
        md.contains("- **Gewijzigd:** invoer `client` (cliënt)\n"),
        "{md}"
    );

    let json = regelwerk(&[
        "diff",
        old,
        new,
        "--cases",
        &pop,
        "--format",
        "json",
        "--voorbeelden",
        "1",
    ]);
    assert_exit(&json, 0, "diff json");
    let v: Value = serde_json::from_str(&stdout(&json)).expect("json");
    assert_eq!(v["gedrag"]["gevallen"], 80);
    assert_eq!(v["gedrag"]["voorbeelden"].as_array().map(Vec::len), Some(1));
    assert!(v["regels"]["versies"][0]["wijzigingen"]
        .as_array()
        .is_some_and(|w| !w.is_empty()));
    // The data keeps the name and gives the label beside it.
    assert!(v["regels"]["versies"][0]["wijzigingen"]
        .as_array()
        .is_some_and(|w| w
            .iter()
            .any(|c| c["naam"] == "client" && c["label"] == "cliënt")));

    let csv = regelwerk(&["diff", old, new, "--format", "csv"]);
    assert_exit(&csv, 2, "csv is not a diff form");
}

#[test]
fn diff_reads_git_revisions() {
    // A folder at HEAD against the same folder in the working tree.
    let o = regelwerk(&[
        "diff",
        "rules/landelijk/aow-leeftijd@HEAD",
        "rules/landelijk/aow-leeftijd",
    ]);
    assert_exit(&o, 0, "diff with a git revision");
    assert!(stdout(&o).starts_with("Vergelijking van regels: rules/landelijk/aow-leeftijd@HEAD → rules/landelijk/aow-leeftijd"), "{}", stdout(&o));
    let bad = regelwerk(&[
        "diff",
        "rules/landelijk/aow-leeftijd@geen-revisie-xyz",
        "rules/landelijk/aow-leeftijd",
    ]);
    assert_exit(&bad, 2, "unknown revision");
}

#[test]
fn tijdlijn_bewijs_and_verify() {
    let o = regelwerk(&[
        "tijdlijn",
        "rules/landelijk/wmo-eigen-bijdrage",
        "--format",
        "json",
    ]);
    // No gaps, overlaps or parameters ending early: exit 0, no findings.
    assert_exit(&o, 0, "tijdlijn without findings");
    let v: Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["regeling"], "landelijk.wmo_eigen_bijdrage");
    assert!(v["versies"].as_array().is_some_and(|a| a.len() >= 3));
    assert_eq!(v["meldingen"], serde_json::json!([]));
    // The bijstandsnormen end on 2025-12-31 in a regeling without an end
    // date, answered with `einde "reden"`: shown with the reason, no R0503,
    // not a finding (exit 0).
    let o = regelwerk(&["tijdlijn", "rules/landelijk/bijstandsnormen"]);
    assert_exit(&o, 0, "tijdlijn with answered ends");
    let out = stdout(&o);
    assert!(
        out.contains("parameter bijstandsnorm_gehuwden_21_tot_aow (landelijk.bijstandsnormen) eindigt op 2025-12-31 (bedoeld: normen na 2025 nog niet opgenomen"),
        "{out}"
    );
    assert!(!out.contains("R0503"), "{out}");

    let dir = scratch("bewijs");
    let pop = generate(
        &dir,
        "rules/heemskerk/minimaregelingen",
        "1",
        "4",
        "2025-03-01",
    );
    let case = dir.join("casus.json");
    std::fs::write(&case, std::fs::read_to_string(&pop).expect("case")).expect("write case");
    let bewijs = dir.join("bewijs.json");
    let o = regelwerk(&[
        "bewijs",
        "rules/heemskerk/minimaregelingen",
        &case.to_string_lossy(),
        "-o",
        &bewijs.to_string_lossy(),
    ]);
    assert_exit(&o, 0, "bewijs");
    let o = regelwerk(&["verify", &bewijs.to_string_lossy()]);
    assert_exit(&o, 0, "verify");
    assert!(stdout(&o).contains("Oordeel: klopt"), "{}", stdout(&o));

    // A tampered outcome is found (exit 1).
    let mut b: Value =
        serde_json::from_str(&std::fs::read_to_string(&bewijs).expect("bewijs")).expect("json");
    b["result"]["outputs"]["leefvorm"] = Value::String("onbekend".into());
    std::fs::write(&bewijs, b.to_string()).expect("write");
    let o = regelwerk(&["verify", &bewijs.to_string_lossy(), "--format", "json"]);
    assert_exit(&o, 1, "verify tampered");
    let v: Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["oordeel"], "uitkomst_anders");
}

/// A population whose amounts add up beyond the largest Decimal: no panic,
/// exit 0, every case counted, and every form says the total is too large
/// (simulate: text, JSON, CSV; diff --cases: text, JSON, Markdown).
#[test]
fn huge_amounts_are_reported_too_large_in_every_form() {
    use audit::simulate::{TOO_LARGE, UNKNOWN};
    let dir = scratch("overloop");
    let folder = dir.join("proef/overloop");
    std::fs::create_dir_all(&folder).expect("folder");
    // 2025 passes the income on; 2026 pays nothing above € 1.000.
    let rule = |validity: &str, body: &str| {
        format!(
            "regeling \"Overloopproef\"\n  id proef.overloop\n  geldig vanaf {validity}\n\n\
             invoer inkomen: bedrag per maand\n\nuitvoer uitbetaling\n\n\
             regel uitbetaling: bedrag per maand = {body}\n"
        )
    };
    let (old, new) = (folder.join("2025.regels"), folder.join("2026.regels"));
    std::fs::write(&old, rule("2025-01-01 tot en met 2025-12-31", "inkomen")).expect("write");
    std::fs::write(
        &new,
        rule("2026-01-01", "als inkomen > € 1.000 dan € 0 anders inkomen"),
    )
    .expect("write");
    let largest = "79228162514264337593543950335";
    let population = |peildatum: &str| {
        let file = dir.join(format!("populatie-{peildatum}.jsonl"));
        let lines: Vec<String> = [largest, "12.50", largest]
            .iter()
            .map(|i| serde_json::json!({ "peildatum": peildatum, "inkomen": i }).to_string())
            .collect();
        std::fs::write(&file, lines.join("\n") + "\n").expect("population");
        file.to_string_lossy().into_owned()
    };
    let (pop_2025, pop_2026) = (population("2025-06-01"), population("2026-03-01"));
    let folder = folder.to_string_lossy().into_owned();

    let json = regelwerk(&[
        "simulate", &folder, &pop_2025, "--format", "json", "--draden", "2",
    ]);
    assert_exit(&json, 0, "simulate json");
    let v: Value = serde_json::from_str(&stdout(&json)).expect("json");
    assert_eq!(
        (v["gevallen"].as_u64(), v["fouten"].as_u64()),
        (Some(3), Some(0))
    );
    let numbers = &v["uitvoer"][0]["getallen"];
    assert_eq!(numbers["aantal"], 3);
    assert_eq!(numbers["som"], TOO_LARGE);
    assert_eq!(numbers["som_per_jaar"], TOO_LARGE);
    assert_eq!(numbers["gemiddelde"], UNKNOWN);
    assert_eq!(numbers["maximum"], largest);
    let text = regelwerk(&["simulate", &folder, &pop_2025]);
    assert_exit(&text, 0, "simulate text");
    assert!(
        stdout(&text).contains(&format!("som per maand: {TOO_LARGE}")),
        "{}",
        stdout(&text)
    );
    let csv = regelwerk(&["simulate", &folder, &pop_2025, "--format", "csv"]);
    assert_exit(&csv, 0, "simulate csv");
    assert!(
        stdout(&csv).contains(&format!(",3,{TOO_LARGE},{TOO_LARGE},12.50,")),
        "{}",
        stdout(&csv)
    );

    let (old, new) = (old.to_string_lossy(), new.to_string_lossy());
    let diff = |format: &str| {
        let o = regelwerk(&["diff", &old, &new, "--cases", &pop_2026, "--format", format]);
        assert_exit(&o, 0, &format!("diff --cases {format}"));
        stdout(&o)
    };
    let v: Value = serde_json::from_str(&diff("json")).expect("json");
    assert_eq!(v["gedrag"]["gevallen"], 3);
    let money = &v["gedrag"]["uitvoer"][0]["bedragen"];
    assert_eq!(money["totaal_oud"], TOO_LARGE);
    assert_eq!(money["totaal_nieuw"], "12.50");
    assert_eq!(money["verschil"], UNKNOWN);
    assert_eq!(money["per_jaar_oud"], TOO_LARGE);
    assert_eq!(money["per_jaar_nieuw"], "150.00");
    let text = diff("text");
    assert!(
        text.contains(&format!(
            "  uitbetaling: {TOO_LARGE} → € 12,50 per maand (verschil {UNKNOWN})"
        )),
        "{text}"
    );
    let md = diff("markdown");
    assert!(
        md.contains(&format!(
            "| `uitbetaling` | per maand | {TOO_LARGE} | € 12,50 | {UNKNOWN} |"
        )),
        "{md}"
    );
}

// ------------------------------------------------------------ diff --cases: each side its own rules

const BASIS: &str = r#"regeling "Proef basis"
  id proef.basis
  geldig vanaf 2025-01-01

invoer inkomen: bedrag per maand

uitvoer bijdrage

parameter korting: percentage = 0%

regel bijdrage: bedrag per maand
  = inkomen - inkomen * korting afgerond op centen
"#;

/// A municipal layer on `proef.basis` that sets the reduction.
fn gemeente(korting: &str) -> String {
    format!(
        "regeling \"Proef gemeente\"\n  id proef.gemeente\n  geldig vanaf 2025-01-01\n  laag op proef.basis\n\nvervang parameter korting: percentage = {korting}\n"
    )
}

/// A scratch folder with a library (`rules/proef/basis`, and the layer at
/// 5 % in `rules/proef/gemeente`), loose copies of the layer at 5 %
/// (`oud/`) and 10 % (`nieuw/`), and three cases of € 100, € 200, € 300.
fn layer_scratch(name: &str) -> std::path::PathBuf {
    let dir = scratch(name);
    let write = |path: &str, text: &str| {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().expect("a parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    };
    write("rules/proef/basis/2025.regels", BASIS);
    write("rules/proef/gemeente/2025.regels", &gemeente("5%"));
    write("oud/gemeente.regels", &gemeente("5%"));
    write("nieuw/gemeente.regels", &gemeente("10%"));
    let cases: String = ["100.00", "200.00", "300.00"]
        .iter()
        .map(|i| format!("{{\"peildatum\": \"2025-03-01\", \"inkomen\": \"{i}\"}}\n"))
        .collect();
    write("gevallen.jsonl", &cases);
    dir
}

/// Runs `regelwerk` in `dir`.
fn regelwerk_in(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(common::binary::binary())
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("regelwerk can be started")
}

/// The behavioural part of `diff … --cases gevallen.jsonl --format json`
/// run in `dir`: (cases, changed cases, the `bijdrage` transitions sorted,
/// total old, total new).
fn behaviour_in(
    dir: &std::path::Path,
    old: &str,
    new: &str,
    extra: &[&str],
) -> (u64, u64, Vec<String>, String, String) {
    let mut args = vec![
        "diff",
        old,
        new,
        "--cases",
        "gevallen.jsonl",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let o = regelwerk_in(dir, &args);
    assert_exit(&o, 0, &format!("diff {old} {new}"));
    let v: Value = serde_json::from_str(&stdout(&o)).expect("json");
    let b = &v["gedrag"];
    let out = &b["uitvoer"][0];
    assert_eq!(out["naam"], "bijdrage", "{b}");
    let mut transitions: Vec<String> = out["overgangen"]
        .as_array()
        .expect("transitions")
        .iter()
        .map(|t| {
            format!(
                "{} → {} ({})",
                t["oud"].as_str().unwrap_or(""),
                t["nieuw"].as_str().unwrap_or(""),
                t["gevallen"]
            )
        })
        .collect();
    transitions.sort();
    let total = |k: &str| out["bedragen"][k].as_str().unwrap_or("").to_string();
    (
        b["gevallen"].as_u64().unwrap_or(0),
        b["gewijzigd"].as_u64().unwrap_or(0),
        transitions,
        total("totaal_oud"),
        total("totaal_nieuw"),
    )
}

/// 5 % → 10 %: every case pays 5 % of its income less.
fn five_to_ten() -> (u64, u64, Vec<String>, String, String) {
    (
        3,
        3,
        vec![
            "€ 190,00 → € 180,00 (1)".to_string(),
            "€ 285,00 → € 270,00 (1)".to_string(),
            "€ 95,00 → € 90,00 (1)".to_string(),
        ],
        "570.00".to_string(),
        "540.00".to_string(),
    )
}

#[test]
fn diff_of_loose_folders_and_files_evaluates_each_side_with_its_own_rules() {
    let dir = layer_scratch("eigen-regels");
    // The base comes from `rules/` in the current folder.
    assert_eq!(
        behaviour_in(&dir, "oud", "nieuw", &[]),
        five_to_ten(),
        "folders"
    );
    assert_eq!(
        behaviour_in(&dir, "oud/gemeente.regels", "nieuw/gemeente.regels", &[]),
        five_to_ten(),
        "loose files"
    );
    // A library folder against a loose folder: the library's own version
    // of the layer must not answer for the new side.
    assert_eq!(
        behaviour_in(
            &dir,
            "rules/proef/gemeente",
            "nieuw",
            &["--bibliotheek", "rules"]
        ),
        five_to_ten(),
        "library folder against a loose folder"
    );
    assert_eq!(
        behaviour_in(
            &dir,
            "rules/proef/gemeente/2025.regels",
            "nieuw/gemeente.regels",
            &[]
        ),
        five_to_ten(),
        "library file against a loose file"
    );
}

#[test]
fn diff_of_a_base_against_its_layer_evaluates_the_layer_on_the_base() {
    let dir = layer_scratch("basis-laag");
    // Without the layer there is no reduction; with it 5 %.
    assert_eq!(
        behaviour_in(&dir, "rules/proef/basis", "rules/proef/gemeente", &[]),
        (
            3,
            3,
            vec![
                "€ 100,00 → € 95,00 (1)".to_string(),
                "€ 200,00 → € 190,00 (1)".to_string(),
                "€ 300,00 → € 285,00 (1)".to_string(),
            ],
            "600.00".to_string(),
            "570.00".to_string(),
        )
    );
}

#[test]
fn diff_of_a_git_revision_evaluates_the_revision_with_its_own_rules() {
    let dir = layer_scratch("git-revisie");
    let git = |args: &[&str]| {
        let o = std::process::Command::new("git")
            .args([
                "-c",
                "user.name=proef",
                "-c",
                "user.email=proef@example.org",
            ])
            .args(args)
            .current_dir(&dir)
            .output()
            .expect("git can be started");
        assert!(
            o.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    git(&["init", "--quiet"]);
    git(&["add", "."]);
    git(&["commit", "--quiet", "-m", "5 %"]);
    std::fs::write(
        dir.join("rules/proef/gemeente/2025.regels"),
        gemeente("10%"),
    )
    .expect("write");
    assert_eq!(
        behaviour_in(
            &dir,
            "rules/proef/gemeente@HEAD",
            "rules/proef/gemeente",
            &[]
        ),
        five_to_ten(),
        "folder at a revision"
    );
    assert_eq!(
        behaviour_in(
            &dir,
            "rules/proef/gemeente/2025.regels@HEAD",
            "rules/proef/gemeente/2025.regels",
            &[]
        ),
        five_to_ten(),
        "file at a revision"
    );
}

// ------------------------------------------------------------ genereer --profiel

#[test]
fn genereer_with_a_profile_reproduces_the_example_populations() {
    for (regeling, seed, peildatum) in [
        ("rules/heemskerk/minimaregelingen", "2025", "2025-03-01"),
        ("rules/heemskerk/wmo-toegang", "2026", "2026-03-01"),
        ("rules/heemskerk/wmo-eigen-bijdrage", "2025", "2025-03-01"),
        ("rules/landelijk/wmo-eigen-bijdrage", "2019", "2019-03-01"),
    ] {
        let o = genereer(regeling, "25", seed, peildatum, &[]);
        let name = profile_of(regeling, peildatum).replace(".profiel.json", "");
        assert_exit(&o, 0, "genereer --profiel");
        let committed = std::fs::read_to_string(common::root().join(format!("{name}.jsonl")))
            .expect("the example population");
        let first: String = committed
            .lines()
            .take(25)
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(
            stdout(&o),
            first,
            "{name}.jsonl: run examples/populaties/genereer.sh"
        );
    }
}

#[test]
fn genereer_refuses_a_profile_that_does_not_fit_the_regeling() {
    let dir = scratch("profiel");
    let bad = dir.join("fout.profiel.json");
    std::fs::write(
        &bad,
        r#"{"invoer": {"hulpvraag": {"keuze": {"huishouden": 1, "tuin": 1}}}}"#,
    )
    .expect("write");
    let bad = bad.to_string_lossy().into_owned();
    let o = regelwerk(&["genereer", "rules/heemskerk/wmo-toegang", "--profiel", &bad]);
    assert_exit(&o, 2, "a profile with an unknown keuze value");
    let err = common::binary::stderr(&o);
    assert!(
        err.contains("invoer.hulpvraag.keuze.tuin: \"tuin\" past niet bij het type Hulpvraag"),
        "{err}"
    );
}
