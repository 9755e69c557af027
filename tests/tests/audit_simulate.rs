//! Simulation, synthetic populations, the timeline and execution receipts
//! (engine::audit): populations fit their case contracts and are
//! reproducible, aggregates merged across workers equal one run, the
//! timeline finds gaps, overlaps and early-ending parameters, and a receipt
//! tells an unchanged result from a changed one.

mod common;

use audit::coverage::{self, Status};
use audit::receipt::{self, SourceState, Verdict};
use audit::report::{self, Plain};
use audit::simulate::Simulator;
use audit::LineSink;
use engine::{Engine, SourceSet};
use serde_json::Value as Json;

/// (regeling, peildatum, profile) of the populations in examples/populaties.
const POPULATIONS: [(&str, &str, &str); 4] = [
    (
        "heemskerk.minimaregelingen",
        "2025-03-01",
        "heemskerk-minimaregelingen-2025",
    ),
    (
        "heemskerk.wmo_toegang",
        "2026-03-01",
        "heemskerk-wmo-toegang-2026",
    ),
    (
        "heemskerk.wmo_eigen_bijdrage",
        "2025-03-01",
        "heemskerk-wmo-eigen-bijdrage-2025",
    ),
    (
        "landelijk.wmo_eigen_bijdrage",
        "2019-03-01",
        "landelijk-wmo-eigen-bijdrage-2019",
    ),
];

/// `n` case lines drawn with the profile of the regeling's population.
fn lines(engine: &Engine, regeling: &str, peildatum: &str, seed: u64, n: usize) -> Vec<String> {
    let (_, _, profile) = POPULATIONS
        .iter()
        .find(|(r, p, _)| *r == regeling && *p == peildatum)
        .expect("a population of examples/populaties");
    common::population(engine, regeling, peildatum, profile, seed, n)
        .iter()
        .map(|c| c.to_string())
        .collect()
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
    for (regeling, peildatum, _) in POPULATIONS {
        let population = lines(engine, regeling, peildatum, 7, 300);
        let sim = simulate(engine, regeling, &population, 1);
        let r = sim.report();
        assert_eq!(r.cases, 300, "{regeling}");
        assert_eq!(r.errors, 0, "{regeling}: {:?}", r.error_messages);
        // Every output is counted once per case (an amount per eenheid
        // in the summary of its unit).
        let mut counted: std::collections::BTreeMap<&str, u64> = Default::default();
        for o in &r.outputs {
            *counted.entry(&o.name).or_default() += match &o.numbers {
                Some(n) => n.count,
                None => o.values.iter().map(|c| c.count).sum(),
            } + o.empty;
        }
        for (name, n) in counted {
            assert_eq!(n, 300, "{regeling}.{name}");
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
    assert_eq!(r.cases, 5);
    assert_eq!(r.errors, 2);
    let lines: Vec<Option<u64>> = r.error_messages.iter().map(|c| c.first_line).collect();
    assert!(
        lines.contains(&Some(4)) && lines.contains(&Some(5)),
        "{:?}",
        r.error_messages
    );
    let text = report::simulation_text(&r, &Plain);
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
        .periods
        .iter()
        .map(|p| (p.from.to_string(), p.status))
        .collect();
    assert_eq!(
        statuses,
        vec![
            ("2024-01-01".to_string(), Status::Valid),
            ("2025-01-01".to_string(), Status::NoVersion),
            ("2026-01-01".to_string(), Status::Valid),
        ]
    );
    let gap = &t.periods[1];
    assert_eq!(
        gap.through.map(|d| d.to_string()).as_deref(),
        Some("2025-12-31")
    );
    let early = &t.periods[0].parameters;
    assert_eq!(early.len(), 1);
    assert_eq!(early[0].parameter, "tarief");
    assert_eq!(
        early[0].ends.map(|d| d.to_string()).as_deref(),
        Some("2024-06-30")
    );
    // The checker's own findings about time are repeated (R0902 gap, R0503 parameter).
    let codes: Vec<&str> = t.findings.iter().map(|m| m.code.as_str()).collect();
    assert!(codes.contains(&"R0902"), "{codes:?}");
    assert!(codes.contains(&"R0503"), "{codes:?}");
    insta::assert_snapshot!(report::timeline_text(&t, &Plain));
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
        let last = t.periods.last().expect("stretches");
        assert_eq!(last.status, Status::DependencyMissing);
        assert_eq!(
            last.missing.as_deref(),
            Some("landelijk.wmo_eigen_bijdrage")
        );
        assert_eq!(last.from, end.succ_opt().expect("next day"));
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
    assert_eq!(same.verdict, Verdict::Holds);
    assert!(same
        .sources
        .iter()
        .all(|b| b.state == SourceState::Unchanged));

    // Same outcome, other text (a comment): sources changed, result holds.
    let mut reworded = SourceSet::new();
    reworded.add(
        "proef/tijdlijn/2026.regels",
        format!("{TIMELINE_2026}// opmerking\n"),
    );
    let v = receipt::verify(&Engine::new(reworded), &bewijs).expect("valid receipt");
    assert_eq!(v.verdict, Verdict::SameOutcomeSourcesChanged);
    assert_eq!(v.sources[0].state, SourceState::Changed);

    // Another amount: the outcome differs, and the changed source is named.
    let v = receipt::verify(&receipt_engine("€ 13"), &bewijs).expect("valid receipt");
    assert_eq!(v.verdict, Verdict::DifferentOutcome);
    assert_eq!(v.differences.len(), 1);
    assert_eq!(v.differences[0].name, "toeslag");
    assert_eq!(v.differences[0].now, "13.00");
    assert_eq!(v.sources[0].path, "proef/tijdlijn/2026.regels");
    assert_eq!(v.sources[0].state, SourceState::Changed);
    insta::assert_snapshot!(report::verification_text(&v, &Plain)
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
    assert_eq!(v.verdict, Verdict::Holds);
    let recorded = v.sources[0].valid_recorded.clone().expect("recorded");
    assert_eq!(recorded.valid_from, "2026-01-01");
    assert_eq!(recorded.through, None);
    assert_eq!(v.sources[0].valid_now, Some(recorded));

    // A receipt from before sources carried `geldig` verifies the same.
    let mut old = bewijs.clone();
    if let Some(Json::Array(sources)) = old["result"].get_mut("bronnen") {
        for s in sources {
            s.as_object_mut().map(|o| o.remove("geldig"));
        }
    }
    assert!(old["result"]["bronnen"][0].get("geldig").is_none());
    let v = receipt::verify(&engine, &old).expect("valid receipt");
    assert_eq!(v.verdict, Verdict::Holds);
    assert_eq!(v.sources[0].valid_recorded, None);
    assert!(v.sources[0].valid_now.is_some());

    // The version moved to start earlier: same outcome, the source changed,
    // and both validities are named.
    let mut earlier = SourceSet::new();
    earlier.add(
        "proef/tijdlijn/2026.regels",
        TIMELINE_2026.replace("geldig vanaf 2026-01-01", "geldig vanaf 2025-07-01"),
    );
    let v = receipt::verify(&Engine::new(earlier), &bewijs).expect("valid receipt");
    assert_eq!(v.verdict, Verdict::SameOutcomeSourcesChanged);
    let check = serde_json::to_value(&v.sources[0]).expect("json");
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

// ------------------------------------------------------------ huge amounts

/// An income passed on unchanged in 2025; from 2026 incomes above € 1.000
/// give € 0, so the new version's total fits where the old one does not.
const PASS_ON_2025: &str = r#"regeling "Doorgeefproef"
  id proef.doorgeven
  geldig vanaf 2025-01-01 tot en met 2025-12-31

invoer inkomen: bedrag per maand

uitvoer uitbetaling

regel uitbetaling: bedrag per maand = inkomen
"#;

const PASS_ON_2026: &str = r#"regeling "Doorgeefproef"
  id proef.doorgeven
  geldig vanaf 2026-01-01

invoer inkomen: bedrag per maand

uitvoer uitbetaling

regel uitbetaling: bedrag per maand = als inkomen > € 1.000 dan € 0 anders inkomen
"#;

/// The largest amount a Decimal holds.
const LARGEST: &str = "79228162514264337593543950335";

fn pass_on_engine() -> &'static Engine {
    let mut sources = SourceSet::new();
    sources.add("proef/doorgeven/2025.regels", PASS_ON_2025);
    sources.add("proef/doorgeven/2026.regels", PASS_ON_2026);
    Box::leak(Box::new(Engine::new(sources)))
}

fn amount_line(peildatum: &str, inkomen: &str) -> String {
    serde_json::json!({ "peildatum": peildatum, "inkomen": inkomen }).to_string()
}

#[test]
fn simulate_reports_a_sum_too_large_instead_of_panicking() {
    use audit::simulate::{Total, TOO_LARGE, UNKNOWN};
    let engine = pass_on_engine();
    let population: Vec<String> = [LARGEST, "12.50", LARGEST]
        .iter()
        .map(|b| amount_line("2025-06-01", b))
        .collect();
    let whole = simulate(engine, "proef.doorgeven", &population, 1);
    let r = whole.report();
    // Every case counted and evaluated; only the totals are too large.
    assert_eq!((r.cases, r.assessed, r.errors), (3, 3, 0));
    let n = r.outputs[0].numbers.as_ref().expect("an amount");
    assert_eq!(n.count, 3);
    assert_eq!(n.sum, Total::TooLarge);
    assert_eq!(n.sum_per_year, Some(Total::TooLarge));
    assert_eq!(n.mean, Some(Total::Unknown));
    // The figures that need no sum are exact.
    assert_eq!(n.maximum.map(|d| d.to_string()).as_deref(), Some(LARGEST));
    assert_eq!(n.median.map(|d| d.to_string()).as_deref(), Some(LARGEST));
    assert_eq!(n.minimum.map(|d| d.to_string()).as_deref(), Some("12.50"));

    // Split over two workers: the same report.
    let mut first = simulate(engine, "proef.doorgeven", &population[..1], 1);
    first.merge(simulate(engine, "proef.doorgeven", &population[1..], 2));
    let json = serde_json::to_value(first.report()).expect("json");
    assert_eq!(serde_json::to_value(&r).ok(), Some(json.clone()));
    let numbers = &json["uitvoer"][0]["getallen"];
    assert_eq!(numbers["som"], TOO_LARGE);
    assert_eq!(numbers["som_per_jaar"], TOO_LARGE);
    assert_eq!(numbers["gemiddelde"], UNKNOWN);
    assert_eq!(numbers["maximum"], LARGEST);

    let text = report::simulation_text(&r, &Plain);
    assert!(
        text.contains(&format!("  som per maand: {TOO_LARGE}\n")),
        "{text}"
    );
    assert!(
        text.contains(&format!("  som per jaar: {TOO_LARGE}\n")),
        "{text}"
    );
    assert!(text.contains(&format!("gemiddelde {UNKNOWN}")), "{text}");
    assert!(
        text.contains("maximum € 79.228.162.514.264.337.593.543.950.335,00"),
        "{text}"
    );
    let csv = report::simulation_csv(&r);
    assert!(
        csv.contains(&format!(
            "proef.doorgeven,uitbetaling,bedrag per maand,,3,{TOO_LARGE},{TOO_LARGE},12.50,{LARGEST},{UNKNOWN},{LARGEST},\n"
        )),
        "{csv}"
    );

    // Below the limit the same population sums exactly.
    let small: Vec<String> = ["1000000", "12.50", "0.01"]
        .iter()
        .map(|b| amount_line("2025-06-01", b))
        .collect();
    let r = simulate(engine, "proef.doorgeven", &small, 1).report();
    let n = r.outputs[0].numbers.as_ref().expect("an amount");
    assert_eq!(n.sum.to_string(), "1000012.51");
    assert_eq!(
        n.sum_per_year.map(|t| t.to_string()).as_deref(),
        Some("12000150.12")
    );
}

#[test]
fn behaviour_reports_totals_too_large_and_differences_unknown() {
    use audit::behaviour::BehaviourRun;
    use audit::simulate::{Total, TOO_LARGE, UNKNOWN};
    // The old and new version as the CLI compares two files: the old rules
    // on the new version's dates.
    let aligned = audit::behaviour::align_validity(PASS_ON_2025, PASS_ON_2026).expect("both parse");
    let side = |text: &str| {
        let mut sources = SourceSet::new();
        sources.add("proef/doorgeven/2026.regels", text);
        Engine::new(sources)
    };
    let (old, new) = (side(&aligned), side(PASS_ON_2026));
    let mut run = BehaviourRun::new(&old, "proef.doorgeven", &new, "proef.doorgeven");
    for (i, b) in [LARGEST, "12.50", LARGEST].iter().enumerate() {
        run.add_line(i as u64 + 1, &amount_line("2026-03-01", b));
    }
    let r = run.report(1);
    assert_eq!((r.cases, r.changed, r.unchanged), (3, 2, 1));
    let m = r.outputs[0].amounts.as_ref().expect("amounts");
    assert_eq!(m.total_old, Total::TooLarge);
    assert_eq!(m.total_new.to_string(), "12.50");
    assert_eq!(m.difference, Some(Total::Unknown));
    assert_eq!(m.per_year_old, Some(Total::TooLarge));
    assert_eq!(
        m.per_year_new.map(|t| t.to_string()).as_deref(),
        Some("150.00")
    );
    assert_eq!(m.difference_per_year, Some(Total::Unknown));
    assert_eq!((m.higher, m.lower, m.equal), (0, 2, 1));

    let json = serde_json::to_value(&r).expect("json");
    let money = &json["uitvoer"][0]["bedragen"];
    assert_eq!(money["totaal_oud"], TOO_LARGE);
    assert_eq!(money["totaal_nieuw"], "12.50");
    assert_eq!(money["verschil"], UNKNOWN);
    assert_eq!(money["verschil_per_jaar"], UNKNOWN);

    let text = report::behaviour_text(&r, &Plain);
    assert!(
        text.contains(&format!(
            "  uitbetaling: {TOO_LARGE} → € 12,50 per maand (verschil {UNKNOWN}); \
             per jaar {TOO_LARGE} → € 150,00 (verschil {UNKNOWN}); 0 hoger, 2 lager"
        )),
        "{text}"
    );
    let md = report::behaviour_markdown(&r, 1);
    assert!(
        md.contains(&format!(
            "| `uitbetaling` | per maand | {TOO_LARGE} | € 12,50 | {UNKNOWN} | {TOO_LARGE} | € 150,00 | {UNKNOWN} | 0 | 2 |"
        )),
        "{md}"
    );
}

#[test]
fn approximate_median_names_its_class_width() {
    let engine = pass_on_engine();
    // 5,000 distinct amounts of whole cents: more than are kept exactly, so
    // they are counted in classes of 10 cents.
    let population: Vec<String> = (0..5_000)
        .map(|i| amount_line("2025-06-01", &format!("{}.{:02}", i / 100, i % 100)))
        .collect();
    let r = simulate(engine, "proef.doorgeven", &population, 1).report();
    let n = r.outputs[0].numbers.as_ref().expect("an amount");
    assert!(n.median_approximate);
    assert_eq!(
        n.median_class_width.map(|d| d.to_string()).as_deref(),
        Some("0.10")
    );
    // The lower median is 24.99, in the class from 24.90.
    assert_eq!(n.median.map(|d| d.to_string()).as_deref(), Some("24.90"));
    let text = report::simulation_text(&r, &Plain);
    assert!(
        text.contains("mediaan € 24,90 (bij benadering, klassen van € 0,10)"),
        "{text}"
    );
    let csv = report::simulation_csv(&r);
    assert!(csv
        .lines()
        .next()
        .is_some_and(|h| h.ends_with(",mediaan_klassebreedte")));
    assert!(csv.contains(",24.90,") && csv.ends_with(",0.10\n"), "{csv}");
}
