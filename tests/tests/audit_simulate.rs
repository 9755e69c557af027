//! Simulation, synthetic populations, the timeline and execution receipts
//! (engine::audit): populations fit their case contracts and are
//! reproducible, aggregates merged across workers equal one run, the
//! timeline finds gaps, overlaps and early-ending parameters, and a receipt
//! tells an unchanged result from a changed one.

mod common;

use engine::audit::coverage::{self, Status};
use engine::audit::population::Generator;
use engine::audit::receipt::{self, SourceState, Verdict};
use engine::audit::report::{self, Style};
use engine::audit::simulate::Simulator;
use engine::audit::LineSink;
use engine::{Engine, SourceSet};
use serde_json::Value as Json;

const POPULATIONS: [(&str, &str); 4] = [
    ("heemskerk.minimaregelingen", "2025-03-01"),
    ("heemskerk.wmo_toegang", "2026-03-01"),
    ("heemskerk.wmo_eigen_bijdrage", "2025-03-01"),
    ("landelijk.wmo_eigen_bijdrage", "2019-03-01"),
];

fn lines(engine: &Engine, regeling: &str, peildatum: &str, seed: u64, n: usize) -> Vec<String> {
    let date = engine::audit::parse_date(peildatum).expect("date");
    let program = engine.program(regeling, date).expect("version in force");
    let mut g = Generator::new(program, date, seed);
    (0..n).map(|_| g.next_case().to_string()).collect()
}

/// One engine for the whole test, shared by every simulator (as the CLI's
/// worker threads share one).
fn shared_engine() -> &'static Engine {
    Box::leak(Box::new(common::rules_engine()))
}

fn simulate(
    engine: &'static Engine,
    regeling: &str,
    lines: &[String],
    first_line: u64,
) -> Simulator<'static> {
    let mut sim = Simulator::new(engine, regeling).expect("regeling exists");
    for (i, l) in lines.iter().enumerate() {
        sim.add_line(first_line + i as u64, l);
    }
    sim
}

#[test]
fn populations_fit_their_contracts_and_evaluate_without_errors() {
    let engine = shared_engine();
    for (regeling, peildatum) in POPULATIONS {
        let population = lines(engine, regeling, peildatum, 7, 300);
        let sim = simulate(engine, regeling, &population, 1);
        let r = sim.report();
        assert_eq!(r.gevallen, 300, "{regeling}");
        assert_eq!(r.fouten, 0, "{regeling}: {:?}", r.foutmeldingen);
        // Every output is counted once per case.
        for o in &r.uitvoer {
            let counted: u64 = match &o.getallen {
                Some(n) => n.aantal,
                None => o.waarden.iter().map(|c| c.aantal).sum(),
            } + o.leeg;
            assert_eq!(counted, 300, "{regeling}.{}", o.naam);
        }
    }
}

#[test]
fn populations_are_reproducible() {
    let engine = common::rules_engine();
    let a = lines(&engine, "heemskerk.minimaregelingen", "2025-03-01", 42, 100);
    let b = lines(&engine, "heemskerk.minimaregelingen", "2025-03-01", 42, 100);
    let c = lines(&engine, "heemskerk.minimaregelingen", "2025-03-01", 43, 100);
    assert_eq!(a, b);
    assert_ne!(a, c);
    // A longer run starts with the shorter one.
    let longer = lines(&engine, "heemskerk.minimaregelingen", "2025-03-01", 42, 150);
    assert_eq!(&longer[..100], &a[..]);
}

#[test]
fn merged_workers_equal_one_run() {
    let engine = shared_engine();
    let population = lines(engine, "heemskerk.wmo_toegang", "2026-03-01", 11, 400);
    let whole = simulate(engine, "heemskerk.wmo_toegang", &population, 1).report();
    let mut first = simulate(engine, "heemskerk.wmo_toegang", &population[..150], 1);
    let second = simulate(engine, "heemskerk.wmo_toegang", &population[150..], 151);
    first.merge(second);
    let merged = first.report();
    assert_eq!(
        serde_json::to_value(&whole).ok(),
        serde_json::to_value(&merged).ok()
    );
}

#[test]
fn bad_lines_are_counted_as_errors_with_their_line() {
    let engine = shared_engine();
    let mut population = lines(engine, "heemskerk.minimaregelingen", "2025-03-01", 5, 3);
    population.push("{niet json".into());
    population.push(r#"{"peildatum": "2019-01-01"}"#.into());
    population.push(String::new());
    let r = simulate(engine, "heemskerk.minimaregelingen", &population, 1).report();
    assert_eq!(r.gevallen, 5);
    assert_eq!(r.fouten, 2);
    let lines: Vec<Option<u64>> = r.foutmeldingen.iter().map(|c| c.eerste_regel).collect();
    assert!(
        lines.contains(&Some(4)) && lines.contains(&Some(5)),
        "{:?}",
        r.foutmeldingen
    );
    let text = report::simulation_text(&r, Style::PLAIN);
    assert!(text.contains("geen geldige JSON"), "{text}");
    assert!(text.contains("geen versie van de regeling"), "{text}");
    let csv = report::simulation_csv(&r);
    assert!(csv.starts_with("regeling,uitvoer,type,waarde,aantal,"));
    assert!(csv.contains("(fouten),,,2"));
}

// ------------------------------------------------------------ timeline

const TIMELINE_2024: &str = r#"regeling "Tijdlijnproef"
  id proef.tijdlijn
  geldig vanaf 2024-01-01 tot en met 2024-12-31

uitvoer toeslag

parameter tarief: bedrag per maand
  vanaf 2024-01-01 tot en met 2024-06-30: € 10

regel toeslag: bedrag per maand = tarief
"#;

const TIMELINE_2026: &str = r#"regeling "Tijdlijnproef"
  id proef.tijdlijn
  geldig vanaf 2026-01-01

uitvoer toeslag

regel toeslag: bedrag per maand = € 12
"#;

#[test]
fn timeline_reports_gaps_and_parameters_that_end_early() {
    let mut sources = SourceSet::new();
    sources.add("proef/tijdlijn/2024.regels", TIMELINE_2024);
    sources.add("proef/tijdlijn/2026.regels", TIMELINE_2026);
    let engine = Engine::new(sources);
    let regeling = engine.find("proef.tijdlijn").expect("regeling");
    let t = coverage::timeline(engine.library(), regeling);
    let statuses: Vec<(String, Status)> = t
        .periodes
        .iter()
        .map(|p| (p.van.to_string(), p.status))
        .collect();
    assert_eq!(
        statuses,
        vec![
            ("2024-01-01".to_string(), Status::Geldig),
            ("2025-01-01".to_string(), Status::GeenVersie),
            ("2026-01-01".to_string(), Status::Geldig),
        ]
    );
    let gap = &t.periodes[1];
    assert_eq!(
        gap.tot_en_met.map(|d| d.to_string()).as_deref(),
        Some("2025-12-31")
    );
    let early = &t.periodes[0].parameters;
    assert_eq!(early.len(), 1);
    assert_eq!(early[0].parameter, "tarief");
    assert_eq!(
        early[0].eindigt.map(|d| d.to_string()).as_deref(),
        Some("2024-06-30")
    );
    // The checker's own findings about time are repeated (R0902 gap, R0503 parameter).
    let codes: Vec<&str> = t.meldingen.iter().map(|m| m.code.as_str()).collect();
    assert!(codes.contains(&"R0902"), "{codes:?}");
    assert!(codes.contains(&"R0503"), "{codes:?}");
    insta::assert_snapshot!(report::timeline_text(&t, Style::PLAIN));
}

#[test]
fn timeline_of_the_library_names_missing_dependencies() {
    let engine = common::rules_engine();
    let regeling = engine
        .find("heemskerk.wmo_eigen_bijdrage")
        .expect("regeling");
    let t = coverage::timeline(engine.library(), regeling);
    // The layer has no end; the landelijke regeling it builds on has one.
    let base_end = engine
        .find("landelijk.wmo_eigen_bijdrage")
        .and_then(|r| r.versions.iter().map(|v| v.valid_through).max().flatten());
    if let Some(end) = base_end {
        let last = t.periodes.last().expect("stretches");
        assert_eq!(last.status, Status::AfhankelijkheidOntbreekt);
        assert_eq!(
            last.ontbreekt.as_deref(),
            Some("landelijk.wmo_eigen_bijdrage")
        );
        assert_eq!(last.van, end.succ_opt().expect("next day"));
    }
}

// ------------------------------------------------------------ receipts

fn receipt_engine(tarief: &str) -> Engine {
    let mut sources = SourceSet::new();
    sources.add(
        "proef/tijdlijn/2026.regels",
        TIMELINE_2026.replace("€ 12", tarief),
    );
    Engine::new(sources)
}

#[test]
fn receipt_verifies_and_names_changed_sources() {
    let case: Json = serde_json::json!({ "peildatum": "2026-03-01" });
    let engine = receipt_engine("€ 12");
    let bewijs = receipt::make(&engine, "proef.tijdlijn", &case).expect("evaluates");
    assert_eq!(bewijs["case"], case);
    assert_eq!(bewijs["result"]["outputs"]["toeslag"], "12.00");

    let same = receipt::verify(&engine, &bewijs).expect("valid receipt");
    assert_eq!(same.oordeel, Verdict::Klopt);
    assert!(same
        .bronnen
        .iter()
        .all(|b| b.toestand == SourceState::Ongewijzigd));

    // Same outcome, other text (a comment): sources changed, result holds.
    let mut reworded = SourceSet::new();
    reworded.add(
        "proef/tijdlijn/2026.regels",
        format!("{TIMELINE_2026}// opmerking\n"),
    );
    let v = receipt::verify(&Engine::new(reworded), &bewijs).expect("valid receipt");
    assert_eq!(v.oordeel, Verdict::UitkomstGelijkBronnenGewijzigd);
    assert_eq!(v.bronnen[0].toestand, SourceState::Gewijzigd);

    // Another amount: the outcome differs, and the changed source is named.
    let v = receipt::verify(&receipt_engine("€ 13"), &bewijs).expect("valid receipt");
    assert_eq!(v.oordeel, Verdict::UitkomstAnders);
    assert_eq!(v.verschillen.len(), 1);
    assert_eq!(v.verschillen[0].naam, "toeslag");
    assert_eq!(v.verschillen[0].nu, "13.00");
    assert_eq!(v.bronnen[0].pad, "proef/tijdlijn/2026.regels");
    assert_eq!(v.bronnen[0].toestand, SourceState::Gewijzigd);
    insta::assert_snapshot!(report::verification_text(&v, Style::PLAIN)
        .lines()
        .map(|l| if l.contains("vastgelegd sha256") {
            "      vastgelegd [hash], nu [hash]"
        } else {
            l
        })
        .collect::<Vec<_>>()
        .join("\n"));
}

#[test]
fn receipt_records_each_source_validity_and_older_receipts_still_verify() {
    let case: Json = serde_json::json!({ "peildatum": "2026-03-01" });
    let engine = receipt_engine("€ 12");
    let bewijs = receipt::make(&engine, "proef.tijdlijn", &case).expect("evaluates");
    let valid_2026 = serde_json::json!({ "vanaf": "2026-01-01", "tot_en_met": null });
    assert_eq!(bewijs["result"]["bronnen"][0]["geldig"], valid_2026);
    let v = receipt::verify(&engine, &bewijs).expect("valid receipt");
    assert_eq!(v.oordeel, Verdict::Klopt);
    let recorded = v.bronnen[0].geldig_vastgelegd.clone().expect("recorded");
    assert_eq!(recorded.vanaf, "2026-01-01");
    assert_eq!(recorded.tot_en_met, None);
    assert_eq!(v.bronnen[0].geldig_nu, Some(recorded));

    // A receipt from before sources carried `geldig` verifies the same.
    let mut old = bewijs.clone();
    if let Some(Json::Array(sources)) = old["result"].get_mut("bronnen") {
        for s in sources {
            s.as_object_mut().map(|o| o.remove("geldig"));
        }
    }
    assert!(old["result"]["bronnen"][0].get("geldig").is_none());
    let v = receipt::verify(&engine, &old).expect("valid receipt");
    assert_eq!(v.oordeel, Verdict::Klopt);
    assert_eq!(v.bronnen[0].geldig_vastgelegd, None);
    assert!(v.bronnen[0].geldig_nu.is_some());

    // The version moved to start earlier: same outcome, the source changed,
    // and both validities are named.
    let mut earlier = SourceSet::new();
    earlier.add(
        "proef/tijdlijn/2026.regels",
        TIMELINE_2026.replace("geldig vanaf 2026-01-01", "geldig vanaf 2025-07-01"),
    );
    let v = receipt::verify(&Engine::new(earlier), &bewijs).expect("valid receipt");
    assert_eq!(v.oordeel, Verdict::UitkomstGelijkBronnenGewijzigd);
    let check = serde_json::to_value(&v.bronnen[0]).expect("json");
    assert_eq!(check["geldig_vastgelegd"], valid_2026);
    assert_eq!(
        check["geldig_nu"],
        serde_json::json!({ "vanaf": "2025-07-01", "tot_en_met": null })
    );
}

#[test]
fn receipt_without_case_is_refused() {
    let engine = receipt_engine("€ 12");
    let err = receipt::verify(&engine, &serde_json::json!({ "result": { "outputs": {} } }))
        .expect_err("no case");
    assert!(err.0.contains("geen casus"), "{err}");
}
