//! `regelwerk besluit` end to end: one result line per client in input
//! order, references passed through, broken and refused clients as error
//! lines with their JSON paths, JSONL and CSV, the filters, the summary on
//! stderr and the exit code. And the chunked pipeline it shares with
//! `diff --cases` and `simulate`: the same report with one thread or many.

mod common;

use common::binary::{assert_exit, regelwerk, scratch, stderr, stdout};
use serde_json::Value;
use std::path::Path;

const MINIMA: &str = "rules/heemskerk/minimaregelingen";
const POPULATION: &str = "examples/populaties/heemskerk-minimaregelingen-2025.jsonl";

/// `n` generated minimaregelingen cases (example profile), each given the
/// reference `K<line>`, written to `dir`.
fn clients(dir: &Path, n: usize) -> String {
    let out = regelwerk(&[
        "genereer",
        MINIMA,
        "--aantal",
        &n.to_string(),
        "--zaad",
        "7",
        "--peildatum",
        "2025-03-01",
        "--profiel",
        "examples/populaties/heemskerk-minimaregelingen-2025.profiel.json",
    ]);
    assert_exit(&out, 0, "genereer");
    let lines: Vec<String> = stdout(&out)
        .lines()
        .enumerate()
        .map(|(i, l)| with_kenmerk(l, &format!("\"K{}\"", i + 1)))
        .collect();
    assert_eq!(lines.len(), n);
    let file = dir.join("clienten.jsonl");
    std::fs::write(&file, lines.join("\n") + "\n").expect("write clients");
    file.to_string_lossy().into_owned()
}

/// A case line with `"kenmerk": <json>` put first.
fn with_kenmerk(case: &str, kenmerk: &str) -> String {
    let rest = case.strip_prefix('{').expect("a case object");
    format!("{{\"kenmerk\":{kenmerk},{rest}")
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn of_kind<'a>(lines: &'a [Value], soort: &str) -> Vec<&'a Value> {
    lines.iter().filter(|l| l["soort"] == soort).collect()
}

#[test]
fn every_line_gets_a_result_line_with_its_reference_in_input_order() {
    let dir = scratch("besluit-mixed");
    let population =
        std::fs::read_to_string(common::root().join(POPULATION)).expect("example population");
    let cases: Vec<&str> = population.lines().take(3).collect();
    let refused = cases[1]
        .replace("\"vermogen\":", "\"vermogen_oud\":")
        .replace("\"inkomen_per_maand\":\"", "\"inkomen_per_maand\":\"x");
    let input = [
        with_kenmerk(cases[0], "\"A-1\""),
        "{ dit is geen json".to_string(),
        with_kenmerk(&refused, "\"A-2\""),
        String::new(),
        with_kenmerk(cases[2], "1234567"),
        cases[0].to_string(),
        with_kenmerk(cases[0], "true"),
        "[1, 2]".to_string(),
        with_kenmerk(cases[2], "\"A-\\\"3\\\"\""),
    ]
    .join("\n");
    let file = dir.join("gemengd.jsonl");
    std::fs::write(&file, input).expect("write");
    let out = regelwerk(&["besluit", MINIMA, &file.to_string_lossy()]);
    assert_exit(&out, 1, "besluit with refused and broken clients");
    assert_eq!(
        stderr(&out).trim(),
        "8 cliënten: 3 besloten, 1 geweigerd, 4 fouten"
    );
    let lines = json_lines(&stdout(&out));
    // The receipt of the one version used comes first, once.
    assert_eq!(lines[0]["soort"], "bewijs");
    assert_eq!(lines[0]["regeling"], "heemskerk.minimaregelingen");
    assert_eq!(lines[0]["versie"], "2025");
    assert!(lines[0]["bronnen"][0]["hash"]
        .as_str()
        .is_some_and(|h| h.starts_with("sha256:")));
    assert_eq!(of_kind(&lines, "bewijs").len(), 1);
    let clients = &lines[1..];
    // One line per non-blank input line, in order; blank line 4 skipped.
    let numbers: Vec<u64> = clients.iter().filter_map(|l| l["regel"].as_u64()).collect();
    assert_eq!(numbers, [1, 2, 3, 5, 6, 7, 8, 9]);
    let kinds: Vec<&str> = clients.iter().filter_map(|l| l["soort"].as_str()).collect();
    assert_eq!(
        kinds,
        [
            "besluit",
            "fout",
            "geweigerd",
            "besluit",
            "fout",
            "fout",
            "fout",
            "besluit"
        ]
    );
    // References untouched: text, a whole number, quotes inside.
    assert_eq!(clients[0]["kenmerk"], "A-1");
    assert_eq!(clients[3]["kenmerk"], 1234567);
    assert_eq!(clients[7]["kenmerk"], "A-\"3\"");
    assert_eq!(clients[0]["bewijs"], lines[0]["bewijs"]);
    assert_eq!(clients[0]["peildatum"], "2025-03-01");
    assert!(clients[0]["uitkomsten"]["meedoen_toekenning"].is_string());
    assert!(clients[0]["uitkomsten"].get("kenmerk").is_none());
    // The refused case: its reference and every mistake with its path.
    let paths: Vec<&str> = clients[2]["fouten"]
        .as_array()
        .expect("fouten")
        .iter()
        .filter_map(|f| f["pad"].as_str())
        .collect();
    assert_eq!(clients[2]["kenmerk"], "A-2");
    assert!(paths.contains(&"$.inkomen_per_maand"), "{paths:?}");
    assert!(paths.contains(&"$.vermogen"), "{paths:?}");
    assert!(paths.contains(&"$.vermogen_oud"), "{paths:?}");
    // Broken lines: no reference to give, the reason with its place.
    assert_eq!(clients[1]["kenmerk"], Value::Null);
    assert!(clients[1]["fouten"][0]["melding"]
        .as_str()
        .is_some_and(|m| m.starts_with("geen geldige JSON")));
    assert!(clients[4]["fouten"][0]["melding"]
        .as_str()
        .is_some_and(|m| m.contains("kenmerk")));
    assert_eq!(clients[5]["fouten"][0]["pad"], "$.kenmerk");
    assert_eq!(clients[6]["fouten"][0]["pad"], "$");
}

#[test]
fn ten_thousand_clients_on_two_threads_come_out_in_input_order() {
    let dir = scratch("besluit-order");
    let file = clients(&dir, 10_000);
    let out = regelwerk(&["besluit", MINIMA, &file, "--draden", "2"]);
    assert_exit(&out, 0, "besluit");
    assert_eq!(
        stderr(&out).trim(),
        "10.000 cliënten: 10.000 besloten, 0 geweigerd, 0 fouten"
    );
    let lines = json_lines(&stdout(&out));
    assert_eq!(of_kind(&lines, "bewijs").len(), 1);
    let decisions = of_kind(&lines, "besluit");
    assert_eq!(decisions.len(), 10_000);
    for (i, d) in decisions.iter().enumerate() {
        assert_eq!(d["regel"], i as u64 + 1);
        assert_eq!(d["kenmerk"], format!("K{}", i + 1));
    }
    // One thread gives the same bytes.
    let one = regelwerk(&["besluit", MINIMA, &file, "--draden", "1"]);
    assert_eq!(one.stdout, out.stdout);
}

#[test]
fn csv_has_a_row_per_client_with_exact_amounts_in_both_forms() {
    let dir = scratch("besluit-csv");
    let population =
        std::fs::read_to_string(common::root().join(POPULATION)).expect("example population");
    let first = population.lines().next().expect("a case");
    let refused = with_kenmerk(
        &first.replace("\"inkomen_per_maand\":\"", "\"inkomen_per_maand\":\"x"),
        "\"B;2\"",
    );
    let file = dir.join("twee.jsonl");
    std::fs::write(
        &file,
        format!("{}\n{refused}\n", with_kenmerk(first, "\"B-1\"")),
    )
    .expect("write");
    let file = file.to_string_lossy().into_owned();
    let jsonl = json_lines(&stdout(&regelwerk(&["besluit", MINIMA, &file])));
    let decided = &jsonl[1]["uitkomsten"];
    let value = |name: &str| decided[name].as_str().expect(name).to_string();
    let header_outputs = "leefvorm,inkomensnorm (per maand),meedoen_toekenning,iit_toekenning,czm_toekenning,meedoen_bedrag (per jaar),iit_bedrag (per jaar),czm_premiebijdrage (per maand)";
    let outputs = [
        "leefvorm",
        "inkomensnorm",
        "meedoen_toekenning",
        "iit_toekenning",
        "czm_toekenning",
        "meedoen_bedrag",
        "iit_bedrag",
        "czm_premiebijdrage",
    ];
    let amounts: Vec<String> = outputs.iter().map(|o| value(o)).collect();
    // The amounts in the JSONL keep their cents: exact, not rounded.
    assert_eq!(value("meedoen_bedrag"), "900.00");
    let message = "$.inkomen_per_maand: `xIN` is geen geldig getal; schrijf een bedrag als \"\"1345.45\"\" (punt als decimaalteken, geen duizendtallen)";
    let income = first
        .split("\"inkomen_per_maand\":\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("income");
    let message = message.replace("IN", income);

    let csv = regelwerk(&["besluit", MINIMA, &file, "--formaat", "csv"]);
    assert_exit(&csv, 1, "csv with a refused client");
    let expected = format!(
        "regel,kenmerk,status,bewijs,peildatum,{header_outputs},fouten\r\n\
         1,B-1,besloten,2025@2025-01-01,2025-03-01,{},\r\n\
         2,B;2,geweigerd,,,,,,,,,,,\"{message}\"\r\n",
        amounts.join(",")
    );
    assert_eq!(stdout(&csv), expected);

    let nl = regelwerk(&["besluit", MINIMA, &file, "--formaat", "csv-nl"]);
    let dutch: Vec<String> = amounts.iter().map(|a| a.replace('.', ",")).collect();
    let expected = format!(
        "\u{feff}regel;kenmerk;status;bewijs;peildatum;{};fouten\r\n\
         1;B-1;besloten;2025@2025-01-01;2025-03-01;{};\r\n\
         2;\"B;2\";geweigerd;;;;;;;;;;;\"{message}\"\r\n",
        header_outputs.replace(',', ";"),
        dutch.join(";")
    );
    assert_eq!(stdout(&nl), expected);
    assert!(dutch.contains(&"900,00".to_string()));
}

#[test]
fn only_lists_the_clients_with_the_outcome_asked() {
    let dir = scratch("besluit-alleen");
    let file = clients(&dir, 500);
    let all = json_lines(&stdout(&regelwerk(&["besluit", MINIMA, &file])));
    let ambtshalve: Vec<&Value> = of_kind(&all, "besluit")
        .into_iter()
        .filter(|l| l["uitkomsten"]["meedoen_toekenning"] == "ambtshalve")
        .collect();
    assert!(!ambtshalve.is_empty() && ambtshalve.len() < 500);
    let out = regelwerk(&[
        "besluit",
        MINIMA,
        &file,
        "--alleen",
        "meedoen_toekenning=ambtshalve",
    ]);
    assert_exit(&out, 0, "besluit --alleen");
    let listed = json_lines(&stdout(&out));
    let listed: Vec<&Value> = of_kind(&listed, "besluit");
    assert_eq!(listed, ambtshalve);
    assert_eq!(
        stderr(&out).trim(),
        format!(
            "500 cliënten: 500 besloten ({} op de lijst), 0 geweigerd, 0 fouten",
            ambtshalve.len()
        )
    );
    // Two filters: both must hold.
    let both = regelwerk(&[
        "besluit",
        MINIMA,
        &file,
        "--alleen",
        "meedoen_toekenning=ambtshalve",
        "--alleen",
        "leefvorm=alleenstaand",
    ]);
    let both = json_lines(&stdout(&both));
    let expected = ambtshalve
        .iter()
        .filter(|l| l["uitkomsten"]["leefvorm"] == "alleenstaand")
        .count();
    assert_eq!(of_kind(&both, "besluit").len(), expected);
    // An output the regeling does not have is a usage error.
    let wrong = regelwerk(&["besluit", MINIMA, &file, "--alleen", "meedoen=ja"]);
    assert_exit(&wrong, 2, "unknown output");
    assert!(
        stderr(&wrong).contains("`meedoen` is geen uitkomst"),
        "{}",
        stderr(&wrong)
    );
}

#[test]
fn verschil_met_lists_only_the_clients_whose_outcome_changes() {
    let dir = scratch("besluit-verschil");
    let file = clients(&dir, 400);
    let rules =
        std::fs::read_to_string(common::root().join(MINIMA).join("2025.regels")).expect("rules");
    let kind = "parameter meedoen_bedrag_per_kind: bedrag per jaar = € 300";
    assert!(rules.contains(kind));
    let same = dir.join("zelfde.regels");
    std::fs::write(&same, &rules).expect("write");
    let changed = dir.join("anders.regels");
    std::fs::write(&changed, rules.replace(kind, &kind.replace("300", "250"))).expect("write");

    let out = regelwerk(&[
        "besluit",
        MINIMA,
        &file,
        "--verschil-met",
        &same.to_string_lossy(),
    ]);
    assert_exit(&out, 0, "besluit --verschil-met same rules");
    assert!(of_kind(&json_lines(&stdout(&out)), "besluit").is_empty());

    let out = regelwerk(&[
        "besluit",
        MINIMA,
        &file,
        "--verschil-met",
        &changed.to_string_lossy(),
    ]);
    assert_exit(&out, 0, "besluit --verschil-met");
    let lines = json_lines(&stdout(&out));
    let listed = of_kind(&lines, "besluit");
    assert!(!listed.is_empty());
    for l in &listed {
        let (now, before) = (&l["uitkomsten"], &l["vorige"]["uitkomsten"]);
        assert_ne!(now, before, "{l}");
        // Only the amount per child changed: the old rules give less.
        let amount = |v: &Value| {
            v["meedoen_bedrag"]
                .as_str()
                .expect("bedrag")
                .parse::<f64>()
                .expect("number")
        };
        assert!(amount(before) < amount(now), "{l}");
        assert_eq!(now["meedoen_toekenning"], before["meedoen_toekenning"]);
    }
    // Both receipts are there, told apart.
    let receipts: Vec<&str> = of_kind(&lines, "bewijs")
        .iter()
        .filter_map(|r| r["bewijs"].as_str())
        .collect();
    // (A single rule file outside the library takes its name as version.)
    assert_eq!(receipts, ["2025@2025-01-01", "vorige anders@2025-01-01"]);
    assert_eq!(listed[0]["vorige"]["bewijs"], receipts[1]);
    assert!(stderr(&out).contains(&format!("({} op de lijst)", listed.len())));
}

#[test]
fn diff_with_cases_and_simulate_report_the_same_with_one_or_several_threads() {
    let dir = scratch("threads");
    // Enough cases for several chunks and more distinct amount changes
    // than the report keeps (the rest count as `overige`).
    let out = regelwerk(&[
        "genereer",
        "rules/landelijk/wmo-eigen-bijdrage",
        "--aantal",
        "9000",
        "--zaad",
        "3",
        "--peildatum",
        "2019-03-01",
        "--profiel",
        "examples/populaties/landelijk-wmo-eigen-bijdrage-2019.profiel.json",
    ]);
    assert_exit(&out, 0, "genereer");
    let cases = dir.join("gevallen.jsonl");
    std::fs::write(&cases, &out.stdout).expect("write");
    let cases = cases.to_string_lossy().into_owned();
    let diff = |threads: &str, format: &str| {
        let o = regelwerk(&[
            "diff",
            "rules/landelijk/wmo-eigen-bijdrage/2018.regels",
            "rules/landelijk/wmo-eigen-bijdrage/2019.regels",
            "--cases",
            &cases,
            "--format",
            format,
            "--draden",
            threads,
        ]);
        assert_exit(&o, 0, "diff --cases");
        stdout(&o)
    };
    let json: Value = serde_json::from_str(&diff("1", "json")).expect("json");
    let kept_some = json["gedrag"]["uitvoer"]
        .as_array()
        .expect("outputs")
        .iter()
        .flat_map(|o| o["overgangen"].as_array().cloned().unwrap_or_default())
        .any(|t| t["oud"] == "overige");
    assert!(kept_some, "the test needs more transitions than kept");
    let one = diff("1", "markdown");
    for threads in ["2", "3", "4", "4"] {
        assert!(
            diff(threads, "markdown") == one,
            "diff with {threads} threads differs from one"
        );
    }
    let simulate = |threads: &str| {
        let o = regelwerk(&[
            "simulate",
            "rules/landelijk/wmo-eigen-bijdrage",
            &cases,
            "--format",
            "json",
            "--draden",
            threads,
        ]);
        assert_exit(&o, 0, "simulate");
        stdout(&o)
    };
    let one = simulate("1");
    assert_eq!(simulate("3"), one);
}

#[test]
fn clients_can_come_from_stdin_and_a_case_outside_every_version_is_refused() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(common::binary::binary())
        .args(["besluit", MINIMA, "-"])
        .current_dir(common::root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("regelwerk starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"{\"kenmerk\":\"oud\",\"peildatum\":\"1990-01-01\"}\n")
        .expect("write stdin");
    let out = child.wait_with_output().expect("regelwerk ends");
    assert_exit(&out, 1, "besluit from stdin");
    assert_eq!(
        stderr(&out).trim(),
        "1 cliënt: 0 besloten, 1 geweigerd, 0 fouten"
    );
    let lines = json_lines(&stdout(&out));
    assert_eq!(lines.len(), 1, "no receipt without a decision");
    assert_eq!(lines[0]["soort"], "geweigerd");
    assert_eq!(lines[0]["kenmerk"], "oud");
    assert_eq!(lines[0]["fouten"][0]["pad"], "$.peildatum");
}

#[test]
fn motivering_kort_gives_each_decided_line_its_short_motivering() {
    let clients = "examples/besluit/heemskerk-clienten-2025.jsonl";
    let out = regelwerk(&["besluit", MINIMA, clients, "--motivering", "kort"]);
    assert_exit(&out, 0, "besluit --motivering kort");
    let lines = json_lines(&stdout(&out));
    let decided = of_kind(&lines, "besluit");
    assert!(!decided.is_empty());
    for line in &decided {
        let text = line["motivering"].as_str().unwrap_or_default();
        assert!(
            text.starts_with("Minimaregelingen Heemskerk, peildatum"),
            "{line}"
        );
        assert!(
            text.contains("Dit berust op art. 2 (Meedoenregeling)"),
            "{line}"
        );
    }
    // Without the option there is none, and the outcomes are the same.
    let plain = json_lines(&stdout(&regelwerk(&["besluit", MINIMA, clients])));
    let plain = of_kind(&plain, "besluit");
    assert_eq!(plain.len(), decided.len());
    for (p, d) in plain.iter().zip(&decided) {
        assert!(p.get("motivering").is_none());
        assert_eq!(p["uitkomsten"], d["uitkomsten"]);
    }
    // In CSV a column before `fouten`.
    let csv = regelwerk(&[
        "besluit",
        MINIMA,
        clients,
        "--motivering",
        "kort",
        "--format",
        "csv",
    ]);
    assert_exit(&csv, 0, "besluit --motivering kort --format csv");
    assert!(
        stdout(&csv)
            .lines()
            .next()
            .unwrap_or_default()
            .ends_with(",motivering,fouten"),
        "{}",
        stdout(&csv)
    );
}
