//! Host tests of the JSON boundary: every failure is a `fout` object, every
//! success has `ok: true`, and the answers match the engine's own.

use super::*;

fn parse(text: &str) -> Json {
    serde_json::from_str(text).expect("the API always answers JSON")
}

fn error_kind(text: &str) -> String {
    let v = parse(text);
    assert_eq!(v["ok"], json!(false), "{text}");
    v["fout"]["soort"].as_str().unwrap_or_default().to_string()
}

#[test]
fn broken_bundle_answers_every_call_with_its_error() {
    let rw = Regelwerk::new("{ not json");
    assert_eq!(error_kind(&rw.status()), "bundel");
    assert_eq!(error_kind(&rw.regelingen()), "bundel");
    assert_eq!(error_kind(&rw.schema("x", "2025-01-01")), "bundel");
    assert_eq!(error_kind(&rw.evaluate("x", "{}", "")), "bundel");
    assert_eq!(error_kind(&rw.explain("x", "{}", "")), "bundel");
    assert_eq!(error_kind(&rw.missing("x", "{}", None)), "bundel");
    let message = parse(&rw.status())["fout"]["melding"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(message.contains("regelbundel"), "{message}");
}

#[test]
fn empty_bundle_loads_and_reports_unknown_regeling() {
    let rw = Regelwerk::new(r#"{"bestanden":[]}"#);
    let status = parse(&rw.status());
    assert_eq!(status["ok"], json!(true));
    assert_eq!(status["bestanden"], json!(0));
    assert_eq!(parse(&rw.regelingen())["regelingen"], json!([]));
    assert_eq!(error_kind(&rw.schema("nergens", "2025-01-01")), "regeling");
    assert_eq!(error_kind(&rw.schema("nergens", "1 januari")), "datum");
    assert_eq!(
        error_kind(&rw.evaluate("nergens", r#"{"peildatum":"2025-01-01"}"#, "")),
        "regeling"
    );
}

#[test]
fn malformed_case_and_options_are_errors() {
    let rw = Regelwerk::new(r#"{"bestanden":[]}"#);
    let bad = parse(&rw.evaluate("x", "{\"peildatum\": ", ""));
    assert_eq!(bad["fout"]["soort"], json!("json"));
    assert_eq!(bad["fout"]["regel"], json!(1));
    assert_eq!(
        error_kind(&rw.evaluate("x", "{}", "{\"trace\": 1}")),
        "opties"
    );
    assert_eq!(
        error_kind(&rw.evaluate("x", "{}", "{\"onbekend\": true}")),
        "opties"
    );
    // The peildatum is read before the regeling is looked up.
    let c = parse(&rw.evaluate("x", "{}", ""));
    assert_eq!(c["fout"]["soort"], json!("casus"));
    assert_eq!(c["fout"]["fouten"][0]["pad"], json!("$.peildatum"));
    assert_eq!(error_kind(&rw.missing("x", "[]", None)), "casus");
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
    assert_eq!(Regelwerk::version(), env!("CARGO_PKG_VERSION"));
}

// ----- against the project's own rules (rules/ at the workspace root) -----

/// The bundle of every `.regels` file under rules/, as scripts/build-wasm.sh makes it.
fn project_bundle() -> String {
    fn walk(dir: &std::path::Path, root: &std::path::Path, set: &mut Vec<(String, String)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("rules/ is readable")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, root, set);
            } else if p.extension().is_some_and(|e| e == "regels") {
                let rel = p
                    .strip_prefix(root)
                    .expect("under the root")
                    .to_string_lossy()
                    .replace('\\', "/");
                set.push((rel, std::fs::read_to_string(&p).expect("utf-8 rule file")));
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    walk(&root.join("rules"), &root, &mut files);
    let mut set = SourceSet::new();
    for (path, text) in files {
        set.add(path, text);
    }
    bundle::to_json(&engine::library::Library::build(set)).expect("written")
}

fn wmo_case(extra: Json) -> Json {
    let mut case = json!({
        "peildatum": "2026-02-01",
        "client": { "geboortedatum": "1948-03-01" },
        "hulpvraag": "huishouden",
        "eigen_kracht_toereikend": false,
        "huisgenoot_kan_gebruikelijke_hulp": false,
        "netwerk_kan_helpen": false,
        "voorliggende_voorziening": false,
        "complexe_problematiek": false,
        "powerful_ageing_gevolgd": false
    });
    if let (Some(c), Some(e)) = (case.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            c.insert(k.clone(), v.clone());
        }
    }
    case
}

#[test]
fn project_rules_load_and_list_their_versions() {
    let rw = Regelwerk::new(&project_bundle());
    let status = parse(&rw.status());
    assert_eq!(status["ok"], json!(true), "{status}");
    assert_eq!(status["fouten"], json!(0), "{status}");
    let list = parse(&rw.regelingen());
    let minima = list["regelingen"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["id"] == "heemskerk.minimaregelingen"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(minima["map"], json!("rules/heemskerk/minimaregelingen"));
    let versions: Vec<&str> = minima["versies"]
        .as_array()
        .map(|v| v.iter().filter_map(|v| v["versie"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(versions, ["2024", "2025"]);
}

#[test]
fn evaluate_answers_exactly_what_the_engine_answers() {
    let source = project_bundle();
    let rw = Regelwerk::new(&source);
    let engine = Engine::new(bundle::from_json(&source).expect("bundle"));
    let case = wmo_case(json!({}));
    let native = engine
        .evaluate("rules/heemskerk/wmo-toegang", &case, &Request::default())
        .expect("evaluates")
        .to_json();
    let answer = parse(&rw.evaluate("rules/heemskerk/wmo-toegang", &case.to_string(), ""));
    assert_eq!(answer["ok"], json!(true));
    assert_eq!(answer["resultaat"], native);
    assert_eq!(
        answer["resultaat"]["outputs"]["route"],
        json!("powerful_ageing")
    );
}

#[test]
fn schema_follows_the_peildatum() {
    let rw = Regelwerk::new(&project_bundle());
    let s2025 = parse(&rw.schema("heemskerk.wmo_toegang", "2025-06-01"));
    let s2026 = parse(&rw.schema("heemskerk.wmo_toegang", "2026-06-01"));
    assert_eq!(s2025["schema"]["versie"], json!("2025"));
    assert_eq!(s2026["schema"]["versie"], json!("2026"));
    let names: Vec<&str> = s2026["schema"]["invoer"]
        .as_array()
        .map(|v| v.iter().filter_map(|i| i["naam"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        names.contains(&"hulpvraag") && names.contains(&"client"),
        "{names:?}"
    );
    let help_request = s2026["schema"]["invoer"]
        .as_array()
        .and_then(|v| v.iter().find(|i| i["naam"] == "hulpvraag"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(help_request["type"]["soort"], json!("keuze"));
    assert_eq!(
        error_kind(&rw.schema("heemskerk.wmo_toegang", "2019-01-01")),
        "niet_geldig"
    );
}

#[test]
fn missing_asks_only_what_is_needed_in_order() {
    let rw = Regelwerk::new(&project_bundle());
    let empty = parse(&rw.missing(
        "heemskerk.wmo_toegang",
        r#"{"peildatum":"2026-02-01"}"#,
        None,
    ));
    assert_eq!(empty["compleet"], json!(false));
    assert_eq!(empty["nodig"][0]["naam"], json!("eigen_kracht_toereikend"));
    assert_eq!(empty["nodig"][0]["type"]["soort"], json!("ja_nee"));
    // `nodig` is the result's `ontbrekend`, with the types.
    let names: Vec<&Json> = empty["nodig"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| &n["naam"])
        .collect();
    let missing: Vec<&Json> = empty["resultaat"]["ontbrekend"]
        .as_array()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(names, missing);
    assert_eq!(empty["resultaat"]["outputs"], json!({}));
    let done = parse(&rw.missing(
        "heemskerk.wmo_toegang",
        r#"{"peildatum":"2026-02-01","eigen_kracht_toereikend":true}"#,
        None,
    ));
    assert_eq!(done["compleet"], json!(true));
    assert_eq!(done["nodig"], json!([]));
    assert_eq!(done["resultaat"]["outputs"]["route"], json!("eigen_kracht"));
    assert_eq!(done["resultaat"]["outputs"]["document"], json!("geen"));
    assert_eq!(done["resultaat"]["onbeslist"], json!([]));
}

#[test]
fn explain_gives_dutch_text_and_the_trace() {
    let rw = Regelwerk::new(&project_bundle());
    let answer = parse(&rw.explain(
        "heemskerk.wmo_toegang",
        &wmo_case(json!({})).to_string(),
        "",
    ));
    assert_eq!(answer["ok"], json!(true), "{answer}");
    let text = answer["tekst"].as_str().unwrap_or_default();
    assert!(text.contains("Powerful Ageing"), "{text}");
    let trace = &answer["resultaat"]["trace"];
    assert!(
        trace["regels"].as_array().is_some_and(|r| r
            .iter()
            .any(|r| r["naam"] == "route" && r["beslist"]["soort"] == "stap")),
        "{trace}"
    );
}

#[test]
fn explain_short_gives_the_motivering_without_internal_names() {
    let rw = Regelwerk::new(&project_bundle());
    let answer = parse(&rw.explain_short(
        "heemskerk.wmo_toegang",
        &wmo_case(json!({})).to_string(),
        "",
    ));
    assert_eq!(answer["ok"], json!(true), "{answer}");
    let text = answer["tekst"].as_str().unwrap_or_default();
    assert!(text.contains("Route: Powerful Ageing."), "{text}");
    // The step rests on lid 3 of art. 4; no besluit follows, the verslag does.
    assert!(
        text.contains("Dit berust op art. 4 lid 3 (Powerful Ageing eerst)"),
        "{text}"
    );
    assert!(
        text.contains("U krijgt een verslag van het onderzoek"),
        "{text}"
    );
    assert!(!text.contains('_'), "{text}");
    // A mistake in the case is refused like in `explain`.
    assert_eq!(
        error_kind(&rw.explain_short("heemskerk.wmo_toegang", "{}", "")),
        "casus"
    );
}

#[test]
fn overriding_a_rule_that_is_not_afwijkbaar_is_refused() {
    let rw = Regelwerk::new(&project_bundle());
    let options =
        r#"{"afwijkingen":[{"regel":"tarief","waarde":"1.00","reden":"test","door":"x"}]}"#;
    assert_eq!(
        error_kind(&rw.evaluate(
            "heemskerk.wmo_toegang",
            &wmo_case(json!({})).to_string(),
            options
        )),
        "afwijken"
    );
    // The English name of earlier versions is still read.
    let unknown = r#"{"overrides":[{"regel":"bestaat_niet","waarde":"1.00","reden":"test"}]}"#;
    assert_eq!(
        error_kind(&rw.evaluate(
            "heemskerk.wmo_toegang",
            &wmo_case(json!({})).to_string(),
            unknown
        )),
        "afwijken"
    );
}

#[test]
fn case_mistakes_come_back_with_their_paths() {
    let rw = Regelwerk::new(&project_bundle());
    let bad =
        wmo_case(json!({ "hulpvraag": "tuinieren", "client": { "geboortedatum": "1 maart" } }));
    let answer = parse(&rw.evaluate("heemskerk.wmo_toegang", &bad.to_string(), ""));
    assert_eq!(answer["fout"]["soort"], json!("casus"));
    let paths: Vec<&str> = answer["fout"]["fouten"]
        .as_array()
        .map(|f| f.iter().filter_map(|e| e["pad"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        paths.contains(&"$.hulpvraag") && paths.contains(&"$.client.geboortedatum"),
        "{paths:?}"
    );
}

#[test]
fn check_sees_an_edit_in_the_context_of_the_bundle() {
    let source = project_bundle();
    let rw = Regelwerk::new(&source);
    let path = "rules/heemskerk/wmo-toegang/2026.regels";
    let set = bundle::from_json(&source).expect("bundle");
    let original = set
        .files()
        .find(|(_, f)| f.path == path)
        .map(|(_, f)| f.text.clone())
        .unwrap_or_default();
    let clean = parse(&rw.check(path, &original));
    assert_eq!(clean["fouten"], json!(0), "{clean}");
    assert_eq!(clean["andere_bestanden"], json!([]));
    // An unknown name after non-ASCII text on the same line: the column
    // counts UTF-16 code units, not bytes.
    let edited = original.replacen(
        "regel document: Document = document_per_route(route)",
        "regel document: Document = als \"€ één\" = \"x\" dan geen anders document_per_route(roete)",
        1,
    );
    assert_ne!(edited, original, "the rule file changed; update this test");
    let answer = parse(&rw.check(path, &edited));
    assert!(answer["fouten"].as_u64().unwrap_or(0) >= 1, "{answer}");
    let d = answer["diagnostieken"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["severity"] == "error"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(d["path"], json!(path));
    let line = edited
        .lines()
        .position(|l| l.contains("(roete)"))
        .map(|i| i + 1)
        .unwrap_or(0);
    assert_eq!(d["line"], json!(line), "{d}");
    let text = edited.lines().nth(line - 1).unwrap_or_default();
    let col = text
        .find("roete")
        .map(|c| text[..c].encode_utf16().count() + 1)
        .unwrap_or(0);
    assert_ne!(
        Some(col - 1),
        text.find("roete"),
        "the line has multi-byte characters before the error"
    );
    assert_eq!(d["column"], json!(col), "{d}");
}

// ----- diff between loaded versions -----

/// The changes of one version pair, by kind and name.
fn change<'a>(diff: &'a Json, kind: &str, name: &str) -> &'a Json {
    diff["versies"][0]["wijzigingen"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["soort"] == kind && c["naam"] == name))
        .unwrap_or(&Json::Null)
}

#[test]
fn diff_shows_what_changed_between_two_loaded_versions() {
    let rw = Regelwerk::new(&project_bundle());
    // By id and version, and by folder and bundle path: the same answer.
    let answer = parse(&rw.diff("heemskerk.wmo_toegang", "2025", "2026"));
    assert_eq!(answer["ok"], json!(true), "{answer}");
    let by_path = parse(&rw.diff(
        "rules/heemskerk/wmo-toegang",
        "rules/heemskerk/wmo-toegang/2025.regels",
        "rules/heemskerk/wmo-toegang/2026.regels",
    ));
    assert_eq!(by_path, answer);
    let diff = &answer["diff"];
    assert_eq!(
        diff["oud"],
        json!("rules/heemskerk/wmo-toegang/2025.regels")
    );
    assert_eq!(diff["versies"][0]["oud"]["versie"], json!("2025"));
    assert_eq!(diff["versies"][0]["nieuw"]["versie"], json!("2026"));
    // A new parameter under article 4 (Powerful Ageing, measure 8.2).
    let param = change(diff, "parameter", "powerful_ageing_minimumleeftijd");
    assert_eq!(param["actie"], json!("toegevoegd"), "{diff}");
    assert_eq!(param["artikel"], json!("4"));
    // The tariff table of article 5: a changed tariff and a new row.
    let table = change(diff, "tabel", "algemene_voorzieningen");
    assert_eq!(table["artikel"], json!("5"));
    let details = table["details"].as_array().cloned().unwrap_or_default();
    assert!(
        details
            .iter()
            .any(|d| d["aspect"] == "rij huishouden, tarief"
                && d["oud"] == "€ 16,50 per uur"
                && d["nieuw"] == "€ 17,25 per uur"),
        "{table}"
    );
    assert!(
        details
            .iter()
            .any(|d| d["aspect"] == "rij wassen" && d["actie"] == "toegevoegd"),
        "{table}"
    );
    // A new ladder step in the afweging of article 4.
    let ladder = change(diff, "afweging", "route");
    assert_eq!(ladder["details"][0]["aspect"], json!("stap"), "{ladder}");
    assert!(ladder["details"][0]["nieuw"]
        .as_str()
        .is_some_and(|s| s.starts_with("stap powerful_ageing")));
    // Headings and counts, from the engine's own vocabulary.
    assert_eq!(answer["koppen"]["tabel"], json!("Tabellen"));
    assert_eq!(answer["koppen"]["afweging"], json!("Afwegingen"));
    // Nine changed: the eight of the rules and the `uitvoer`, whose 2026
    // overview has a next step after the new route Powerful Ageing.
    assert_eq!(
        answer["samenvatting"][0],
        json!({ "toegevoegd": 1, "verwijderd": 0, "gewijzigd": 9 })
    );
    let outputs = change(diff, "uitvoer", "uitvoer");
    assert_eq!(
        outputs["details"][0]["aspect"],
        json!("uitkomst"),
        "{outputs}"
    );
    // The report's sentences, as `regelwerk diff` writes them.
    let texts = &answer["teksten"][0];
    let strong = |t: &str| json!({ "soort": "styled", "inhoud": ["strong", [{ "soort": "text", "inhoud": t }]] });
    let plain = |t: &str| json!({ "soort": "text", "inhoud": t });
    assert_eq!(
        texts["kop"],
        json!([
            plain("Van "),
            strong("versie 2025 (geldig van 2025-01-01 tot en met 2025-12-31)"),
            plain(" naar "),
            strong("versie 2026 (geldig vanaf 2026-01-01)"),
            plain("."),
        ])
    );
    assert_eq!(texts["enkel"], Json::Null);
    assert_eq!(texts["leeg"], Json::Null);
    assert_eq!(
        texts["telling"],
        json!("1 toegevoegd, 0 verwijderd, 9 gewijzigd")
    );
    assert_eq!(
        texts["samenvatting"],
        json!("Samenvatting: 1 toegevoegd, 0 verwijderd, 9 gewijzigd.")
    );
    assert_eq!(
        texts["tests"],
        json!("19 tests toegevoegd, 24 verwijderd, 0 gewijzigd (testgevallen in het regelbestand; zij veranderen geen uitkomst).")
    );
    assert_eq!(
        texts["opmaak"],
        json!("Alleen opmaak (geen betekenis): commentaar gewijzigd.")
    );
    // One title per change, in the diff's order.
    let changes = diff["versies"][0]["wijzigingen"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let titles = texts["wijzigingen"].as_array().cloned().unwrap_or_default();
    assert_eq!(titles.len(), changes.len());
    let at = changes
        .iter()
        .position(|c| c["naam"] == "powerful_ageing_minimumleeftijd")
        .expect("the new parameter");
    assert_eq!(
        titles[at],
        json!({ "titel": "parameter powerful_ageing_minimumleeftijd", "artikel": "art. 4" })
    );
    assert_eq!(answer["leeg"], Json::Null);
}

#[test]
fn diff_equals_the_engine_diff_of_the_two_files() {
    let source = project_bundle();
    let rw = Regelwerk::new(&source);
    let set = bundle::from_json(&source).expect("bundle");
    let file = |p: &str| {
        set.files()
            .find(|(_, f)| f.path == p)
            .map(|(_, f)| audit::diff::SideFile {
                path: f.path.clone(),
                text: f.text.clone(),
            })
            .expect("the file is in the bundle")
    };
    for (folder, from, to) in [
        ("rules/landelijk/wmo-eigen-bijdrage", "2018", "2019"),
        ("rules/landelijk/wmo-eigen-bijdrage", "2019", "2020"),
        ("rules/heemskerk/minimaregelingen", "2024", "2025"),
    ] {
        let old = file(&format!("{folder}/{from}.regels"));
        let new = file(&format!("{folder}/{to}.regels"));
        let native = audit::diff::diff_sides(
            &old.path,
            std::slice::from_ref(&old),
            &new.path,
            std::slice::from_ref(&new),
        )
        .expect("the rule files parse");
        let answer = parse(&rw.diff(folder, from, to));
        assert_eq!(answer["ok"], json!(true), "{answer}");
        assert_eq!(answer["diff"], json!(native), "{folder} {from} → {to}");
        assert!(native.has_changes(), "{folder} {from} → {to}");
    }
}

#[test]
fn diff_mistakes_are_errors() {
    let rw = Regelwerk::new(&project_bundle());
    assert_eq!(error_kind(&rw.diff("nergens", "2025", "2026")), "regeling");
    let answer = parse(&rw.diff("heemskerk.wmo_toegang", "2025", "2030"));
    assert_eq!(answer["fout"]["soort"], json!("versie"));
    let message = answer["fout"]["melding"].as_str().unwrap_or_default();
    assert!(
        message.contains("2030") && message.contains("2025, 2026"),
        "{message}"
    );
    // The same version twice: no changes, not an error.
    let same = parse(&rw.diff("heemskerk.wmo_toegang", "2026", "2026"));
    assert_eq!(
        same["diff"]["versies"][0]["wijzigingen"],
        json!([]),
        "{same}"
    );
    assert_eq!(
        error_kind(&Regelwerk::new("{").diff("x", "1", "2")),
        "bundel"
    );
}

#[test]
fn status_reports_what_is_checked_so_far_and_check_all_checks_everything() {
    let rw = Regelwerk::new(&project_bundle());
    let status = parse(&rw.status());
    assert_eq!(status["ok"], json!(true), "{status}");
    // Loading parses every file but compiles no regeling yet.
    assert_eq!(status["volledig"], json!(false), "{status}");
    assert_eq!(status["fouten"], json!(0), "{status}");
    let schema = parse(&rw.schema("heemskerk.wmo_toegang", "2026-02-01"));
    assert_eq!(schema["ok"], json!(true), "{schema}");
    assert_eq!(parse(&rw.status())["volledig"], json!(false));

    let all = parse(&rw.check_all());
    assert_eq!(all["ok"], json!(true), "{all}");
    assert_eq!(all["volledig"], json!(true), "{all}");
    let engine = Engine::new(bundle::from_json(&project_bundle()).expect("bundle"));
    let native: Vec<LocatedDiagnostic> = engine
        .diagnostics()
        .iter()
        .map(|d| locate(d, engine.sources()))
        .collect();
    assert_eq!(all["diagnostieken"], json!(native));
    assert_eq!(
        parse(&rw.status()),
        all,
        "after checkAll status is complete"
    );
}

#[test]
fn a_regeling_with_errors_is_found_when_used_or_by_check_all() {
    let mut set = SourceSet::new();
    set.add(
        "rules/goed/2025.regels",
        "regeling \"Goed\"\n  id proef.goed\n  geldig vanaf 2025-01-01\n\n\
         invoer x: geheel getal\nuitvoer n\nregel n: geheel getal = x\n",
    );
    set.add(
        "rules/kapot/2025.regels",
        "regeling \"Kapot\"\n  id proef.kapot\n  geldig vanaf 2025-01-01\n\n\
         invoer a: bedrag per maand\ninvoer b: bedrag per jaar\nuitvoer t\n\
         regel t: bedrag per maand = a + b\n",
    );
    let rw =
        Regelwerk::new(&bundle::to_json(&engine::library::Library::build(set)).expect("written"));
    assert_eq!(parse(&rw.status())["fouten"], json!(0));
    let goed = parse(&rw.evaluate("proef.goed", r#"{"peildatum":"2025-02-01","x":3}"#, ""));
    assert_eq!(goed["resultaat"]["outputs"], json!({ "n": 3 }), "{goed}");
    // Using the faulty regeling compiles it: it cannot be evaluated, and
    // from then on status() lists its error.
    assert_eq!(
        error_kind(&rw.schema("proef.kapot", "2025-02-01")),
        "niet_geldig"
    );
    let status = parse(&rw.status());
    assert_eq!(status["fouten"], json!(1), "{status}");
    assert_eq!(
        status["diagnostieken"][0]["code"],
        json!("R0202"),
        "{status}"
    );
    assert_eq!(parse(&rw.check_all())["fouten"], json!(1));
}

#[test]
fn a_bundle_whose_text_does_not_match_its_hash_is_refused() {
    let mut doc = parse(&project_bundle());
    let first = &mut doc["bestanden"][0];
    let pad = first["pad"].clone();
    first["tekst"] = json!(format!("{}\n", first["tekst"].as_str().unwrap_or_default()));
    let rw = Regelwerk::new(&doc.to_string());
    let status = parse(&rw.status());
    assert_eq!(error_kind(&rw.status()), "bundel");
    assert_eq!(status["fout"]["pad"], pad);
    let message = status["fout"]["melding"].as_str().unwrap_or_default();
    assert!(
        message.contains("komt niet overeen met de hash"),
        "{message}"
    );
}

/// The example household of examples/heemskerk/huishouden.
fn example_household() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/heemskerk/huishouden/gezin-met-partner-en-kinderen-2025.json");
    std::fs::read_to_string(path).expect("the example household")
}

#[test]
fn decide_household_answers_what_each_regeling_answers_on_its_own_case() {
    let source = project_bundle();
    let rw = Regelwerk::new(&source);
    let engine = Engine::new(bundle::from_json(&source).expect("bundle"));
    let household = example_household();
    let answer = parse(&rw.decide_household(&household, ""));
    assert_eq!(answer["ok"], json!(true), "{answer}");
    let regelingen = answer["regelingen"].as_array().expect("regelingen");
    assert_eq!(regelingen.len(), 3);
    // The same outputs as the regeling's own case: aanvrager feeds Wmo's client.
    let h: Json = serde_json::from_str(&household).expect("json");
    let facts = &h["huishouden"];
    let own_case = json!({
        "peildatum": "2025-06-01",
        "client": facts["aanvrager"],
        "hulpvraag": "begeleiding",
        "eigen_kracht_toereikend": false,
        "huisgenoot_kan_gebruikelijke_hulp": false,
        "netwerk_kan_helpen": false,
        "voorliggende_voorziening": false,
        "complexe_problematiek": false,
        "powerful_ageing_gevolgd": false
    });
    let native = engine
        .evaluate("heemskerk.wmo_toegang", &own_case, &Request::default())
        .expect("evaluates")
        .to_json();
    let wmo = regelingen
        .iter()
        .find(|r| r["regeling"] == "heemskerk.wmo_toegang")
        .expect("wmo-toegang decided");
    assert_eq!(wmo["resultaat"], native);
    assert_eq!(wmo["status"], json!("besloten"));
    assert_eq!(wmo["uitkomsten"][0]["waarde"], json!("maatwerkvoorziening"));
    assert!(wmo["uitkomsten"][0]["vervolg"]
        .as_str()
        .unwrap_or("")
        .contains("beschikking"));
    assert!(wmo["motivering_kort"]
        .as_str()
        .unwrap_or("")
        .contains("maatwerkvoorziening"));
    assert!(answer["totalen"]["ontvangt"]["per_jaar"].is_string());
}

#[test]
fn household_questions_ask_each_shared_fact_once() {
    let rw = Regelwerk::new(&project_bundle());
    let answer = parse(&rw.household_questions("heemskerk", "2025-06-01"));
    assert_eq!(answer["ok"], json!(true), "{answer}");
    let facts: Vec<&str> = answer["vragen"]
        .as_array()
        .expect("vragen")
        .iter()
        .filter_map(|q| q["feit"].as_str())
        .collect();
    assert_eq!(
        facts.iter().filter(|f| **f == "aanvrager").count(),
        1,
        "{facts:?}"
    );
    assert!(
        !facts.contains(&"client"),
        "Wmo's client is the household's aanvrager: {facts:?}"
    );
    let aanvrager = &answer["vragen"][0];
    assert_eq!(aanvrager["feit"], json!("aanvrager"));
    assert_eq!(
        aanvrager["regelingen"].as_array().map(Vec::len),
        Some(3),
        "{aanvrager}"
    );
    let list = parse(&rw.household_questions(r#"["heemskerk.wmo_toegang"]"#, "2025-06-01"));
    assert_eq!(list["vragen"][0]["feit"], json!("aanvrager"));
    assert_eq!(
        error_kind(&rw.household_questions("heemskrek", "2025-06-01")),
        "casus"
    );
    assert_eq!(
        error_kind(&rw.household_questions("heemskerk", "juni")),
        "datum"
    );
}

#[test]
fn household_case_mistakes_come_back_at_their_household_path() {
    let rw = Regelwerk::new(&project_bundle());
    let case = json!({
        "peildatum": "2025-06-01",
        "gemeente": "heemskerk",
        "huishouden": { "aanvrager": { "geboortedatum": "14-02-1985" }, "inkomen_per_mand": "1.00" }
    });
    let answer = parse(&rw.decide_household(&case.to_string(), ""));
    assert_eq!(answer["fout"]["soort"], json!("casus"), "{answer}");
    let fouten = answer["fout"]["fouten"].as_array().expect("fouten");
    assert_eq!(fouten[0]["pad"], json!("$.huishouden.inkomen_per_mand"));
    assert!(fouten[0]["melding"]
        .as_str()
        .unwrap_or("")
        .contains("bedoelde u `inkomen_per_maand`?"));
    let partial = parse(&rw.decide_household(
        &json!({ "peildatum": "2025-06-01", "gemeente": "heemskerk", "huishouden": { "aanvrager": { "geboortedatum": "14-02-1985" } } }).to_string(),
        r#"{"gedeeltelijk": true}"#,
    ));
    let paths: Vec<&str> = partial["fout"]["fouten"]
        .as_array()
        .expect("fouten")
        .iter()
        .filter_map(|f| f["pad"].as_str())
        .collect();
    assert_eq!(paths, ["$.huishouden.aanvrager.geboortedatum"], "{partial}");
    assert_eq!(error_kind(&rw.decide_household("{", "")), "json");
    assert_eq!(
        error_kind(&rw.decide_household("{}", "{\"x\": 1}")),
        "opties"
    );
}
