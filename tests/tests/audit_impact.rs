//! The numbers of the impact reports (examples/impact), checked on a small
//! synthetic population: for each version pair, 50 cases are generated,
//! run through the behavioural diff exactly as `regelwerk diff --cases`
//! does, and every count and money total is compared with an expectation
//! computed here, independently, from the case data and the regulation
//! text (shared/regelgeving: heemskerk.md, landelijk.md). Nothing here is
//! copied from the tool's output: the expectations re-implement the rules
//! with integer cents and plain dates.

mod common;

use audit::behaviour::{sides, BehaviourReport, BehaviourRun, Source};
use audit::report;
use serde_json::Value as Json;
use std::collections::BTreeMap;

const CASES: u64 = 50;

// ------------------------------------------------------------ plain dates

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Date {
    y: i32,
    m: u32,
    d: u32,
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

impl Date {
    fn parse(s: &str) -> Date {
        let p: Vec<&str> = s.split('-').collect();
        Date {
            y: p[0].parse().expect("year"),
            m: p[1].parse().expect("month"),
            d: p[2].parse().expect("day"),
        }
    }
    /// Adds months, clamping to the last day of the month (landelijk.md).
    fn add_months(self, months: i32) -> Date {
        let total = self.y * 12 + (self.m as i32 - 1) + months;
        let (y, m) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
        Date {
            y,
            m,
            d: self.d.min(days_in_month(y, m)),
        }
    }
}

/// Whole years: the largest n with birth + n years <= on.
fn age(birth: Date, on: Date) -> i32 {
    let mut n = on.y - birth.y;
    while n > 0 && birth.add_months(n * 12) > on {
        n -= 1;
    }
    n
}

/// The AOW age (in months) for the calendar year it is reached in
/// (Algemene Ouderdomswet art. 7a, table in landelijk.md).
fn aow_months(year: i32) -> Option<i32> {
    Some(match year {
        ..=2012 => 65 * 12,
        2013 => 65 * 12 + 1,
        2014 => 65 * 12 + 2,
        2015 => 65 * 12 + 3,
        2016 => 65 * 12 + 6,
        2017 => 65 * 12 + 9,
        2018 => 66 * 12,
        2019..=2021 => 66 * 12 + 4,
        2022 => 66 * 12 + 7,
        2023 => 66 * 12 + 10,
        2024..=2027 => 67 * 12,
        2028..=2031 => 67 * 12 + 3,
        _ => return None,
    })
}

/// Has someone born on `birth` reached the AOW age on `on`?
fn aow_reached(birth: Date, on: Date) -> bool {
    for year in birth.y + 65..=birth.y + 70 {
        let Some(months) = aow_months(year) else {
            break;
        };
        let date = birth.add_months(months);
        if date.y == year {
            return on >= date;
        }
    }
    // Not fixed yet: "nee" while younger than 67 years and 3 months.
    assert!(
        on < birth.add_months(67 * 12 + 3),
        "population reaches an unfixed AOW age"
    );
    false
}

// ------------------------------------------------------------ money in cents

fn cents(s: &str) -> i64 {
    let neg = s.starts_with('-');
    let s = s.trim_start_matches('-');
    let (int, frac) = s.split_once('.').unwrap_or((s, "0"));
    let frac = format!("{frac:0<2}");
    let v = int.parse::<i64>().expect("euros") * 100 + frac[..2].parse::<i64>().expect("cents");
    if neg {
        -v
    } else {
        v
    }
}

/// `a × pct / 100` rounded half away from zero, in cents (a >= 0).
fn percent_of(a: i64, pct: i64) -> i64 {
    (a * pct * 2 + 100) / 200
}

fn euro(c: i64) -> String {
    format!("{}.{:02}", c / 100, c % 100)
}

// ------------------------------------------------------------ running the diff

fn library() -> Vec<Source> {
    common::sources_in(&common::root().join("rules"))
        .files()
        .map(|(_, f)| (f.path.clone(), f.text.clone()))
        .collect()
}

fn read(path: &str) -> String {
    std::fs::read_to_string(common::root().join(path))
        .unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// Runs the behavioural diff of two version files of one regeling as the
/// CLI does: the old file takes the validity of the new one.
fn behaviour(
    folder: &str,
    old_file: &str,
    new_file: &str,
    regeling: &str,
    cases: &[Json],
) -> BehaviourReport {
    let old_path = format!("{folder}/{old_file}");
    let new_path = format!("{folder}/{new_file}");
    let (old, new) = sides(
        &library(),
        &[(old_path.clone(), read(&old_path))],
        &[(new_path.clone(), read(&new_path))],
    )
    .expect("both sides load");
    assert_eq!(
        (old.regeling.as_str(), new.regeling.as_str()),
        (regeling, regeling)
    );
    let mut run = BehaviourRun::between(&old, &new);
    for (i, case) in cases.iter().enumerate() {
        run.add_case(i as u64 + 1, case);
    }
    run.report(2)
}

fn population(regeling: &str, peildatum: &str, profile: &str, seed: u64) -> Vec<Json> {
    common::population(
        &common::rules_engine(),
        regeling,
        peildatum,
        profile,
        seed,
        CASES as usize,
    )
}

/// Transitions of one output as a map "oud → nieuw" → count.
fn transitions(r: &BehaviourReport, output: &str) -> BTreeMap<String, u64> {
    r.outputs
        .iter()
        .find(|o| o.name == output)
        .map(|o| {
            o.transitions
                .iter()
                .map(|t| (format!("{} → {}", t.old, t.new), t.cases))
                .collect()
        })
        .unwrap_or_default()
}

fn money_totals(r: &BehaviourReport, output: &str) -> (String, String) {
    let m = r
        .outputs
        .iter()
        .find(|o| o.name == output)
        .and_then(|o| o.amounts.clone())
        .expect("money output");
    (format!("{:.2}", m.total_old), format!("{:.2}", m.total_new))
}

fn add(map: &mut BTreeMap<String, u64>, key: String) {
    *map.entry(key).or_insert(0) += 1;
}

/// Dutch money as the report shows a transition: `€ 1.345,45`.
fn dutch(c: i64) -> String {
    let int = (c / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    format!("€ {grouped},{:02}", c % 100)
}

// ------------------------------------------------------------ minimaregelingen

#[test]
fn minimaregelingen_2024_2025() {
    let peildatum = Date::parse("2025-03-01");
    let cases = population(
        "heemskerk.minimaregelingen",
        "2025-03-01",
        "heemskerk-minimaregelingen-2025",
        2025,
    );
    let report = behaviour(
        "rules/heemskerk/minimaregelingen",
        "2024.regels",
        "2025.regels",
        "heemskerk.minimaregelingen",
        &cases,
    );

    let mut meedoen = BTreeMap::new();
    let mut iit = BTreeMap::new();
    let mut iit_amount = BTreeMap::new();
    let mut czm = BTreeMap::new();
    let mut czm_premie = BTreeMap::new();
    let (mut iit_old, mut iit_new, mut czm_old, mut changed) = (0i64, 0i64, 0i64, 0u64);
    for c in &cases {
        let birth = Date::parse(c["aanvrager"]["geboortedatum"].as_str().expect("aanvrager"));
        let partner = c["partner"]["geboortedatum"].as_str().map(Date::parse);
        let kids: Vec<Date> = c["kinderen"]
            .as_array()
            .expect("kinderen")
            .iter()
            .map(|k| Date::parse(k["geboortedatum"].as_str().expect("kind")))
            .collect();
        let income = cents(c["inkomen_per_maand"].as_str().expect("inkomen"));
        let vermogen = cents(c["vermogen"].as_str().expect("vermogen"));
        let bijstand = c["bijstand_maanden_aaneengesloten"]
            .as_i64()
            .expect("bijstand");
        let low_months = c["maanden_laag_inkomen"].as_i64().expect("maanden");

        // Begrippen (heemskerk.md §1): leefvorm, AOW column, norms.
        let leefvorm = if partner.is_some() {
            "gehuwd"
        } else if kids.iter().any(|k| age(*k, peildatum) < 18) {
            "alleenstaande_ouder"
        } else {
            "alleenstaand"
        };
        let aanvrager_aow = aow_reached(birth, peildatum);
        let aow = aanvrager_aow || partner.is_some_and(|p| aow_reached(p, peildatum));
        // Landelijke norm from 2025-01-01 incl. vakantietoeslag (landelijk.md §2).
        let norm = match (leefvorm == "gehuwd", aow) {
            (false, false) => 134_545,
            (true, false) => 192_207,
            (false, true) => 150_107,
            (true, true) => 205_348,
        };
        let inkomensnorm = percent_of(norm, 110);
        let czm_norm = percent_of(norm, 130);
        let grens = if leefvorm == "alleenstaand" {
            750_000
        } else {
            1_500_000
        };
        let general = c["woont_in_gemeente"] == Json::Bool(true) && age(birth, peildatum) >= 21;
        let within = vermogen <= grens;

        let mut any = false;
        // Art. 2 Meedoen: same amounts both years; 2025 ambtshalve with bijstand >= 1 month.
        if general && income <= inkomensnorm && within && bijstand >= 1 {
            add(&mut meedoen, "op_aanvraag → ambtshalve".into());
            any = true;
        }
        // Art. 3 IIT: amounts per leefvorm 2024 → 2025; ambtshalve from 36 months of bijstand.
        let iit_ok = general
            && !aanvrager_aow
            && income <= inkomensnorm
            && within
            && low_months >= 36
            && c["uitzicht_op_inkomensverbetering"] == Json::Bool(false)
            && c["iit_ontvangen_afgelopen_12_maanden"] == Json::Bool(false);
        if iit_ok {
            let (old, new) = match leefvorm {
                "alleenstaand" => (36_000, 37_500),
                "alleenstaande_ouder" => (41_500, 43_000),
                _ => (51_000, 53_000),
            };
            add(&mut iit_amount, format!("{} → {}", dutch(old), dutch(new)));
            iit_old += old;
            iit_new += new;
            if bijstand >= 36 {
                add(&mut iit, "op_aanvraag → ambtshalve".into());
            }
            any = true;
        }
        // Art. 4 CZM: 2024 op aanvraag at <= 130%; lapsed in 2025.
        if general && income <= czm_norm && within {
            add(&mut czm, "op_aanvraag → afgewezen".into());
            let premie = if partner.is_some() { 5_500 } else { 2_750 };
            add(&mut czm_premie, format!("{} → {}", dutch(premie), dutch(0)));
            czm_old += premie;
            any = true;
        }
        if any {
            changed += 1;
        }
    }

    // The population reaches every kind of change (else pick another seed).
    for (what, m) in [
        ("meedoen", &meedoen),
        ("iit", &iit),
        ("iit_bedrag", &iit_amount),
        ("czm", &czm),
    ] {
        assert!(
            !m.is_empty(),
            "the 50 cases show no {what} change; choose another seed"
        );
    }
    assert_eq!(report.cases, CASES);
    assert_eq!(
        report.errors_old() + report.errors_new(),
        0,
        "{:?} {:?}",
        report.errors_old,
        report.errors_new
    );
    assert_eq!(transitions(&report, "meedoen_toekenning"), meedoen);
    assert_eq!(transitions(&report, "iit_toekenning"), iit);
    assert_eq!(transitions(&report, "iit_bedrag"), iit_amount);
    assert_eq!(transitions(&report, "czm_toekenning"), czm);
    assert_eq!(transitions(&report, "czm_premiebijdrage"), czm_premie);
    assert!(transitions(&report, "leefvorm").is_empty());
    assert!(transitions(&report, "inkomensnorm").is_empty());
    assert!(transitions(&report, "meedoen_bedrag").is_empty());
    assert_eq!(report.changed, changed);

    // Money: the IIT total and its delta, the CZM premium (per maand; ×12 per jaar).
    let (old, new) = money_totals(&report, "iit_bedrag");
    // Exact decimal strings in whole cents.
    assert_eq!(euro(cents(&old)), old);
    let iit_money = report
        .outputs
        .iter()
        .find(|o| o.name == "iit_bedrag")
        .and_then(|o| o.amounts.clone())
        .expect("iit money");
    assert_eq!((old, new), (euro(iit_old), euro(iit_new)));
    assert_eq!(
        iit_money.difference.map(|d| format!("{d:.2}")),
        Some(euro(iit_new - iit_old))
    );
    let czm_money = report
        .outputs
        .iter()
        .find(|o| o.name == "czm_premiebijdrage")
        .and_then(|o| o.amounts.clone())
        .expect("czm money");
    assert_eq!(format!("{:.2}", czm_money.total_old), euro(czm_old));
    assert_eq!(
        czm_money.per_year_old.map(|d| format!("{d:.2}")),
        Some(euro(czm_old * 12))
    );
    assert_eq!(
        czm_money.difference_per_year.map(|d| format!("{d:.2}")),
        Some(format!("-{}", euro(czm_old * 12)))
    );
    assert_eq!(czm_money.lower, czm.values().sum::<u64>());

    // The Markdown report shows the same counts.
    let md = report::behaviour_markdown(&report, 2);
    let czm_n: u64 = czm.values().sum();
    assert!(
        md.contains(&format!(
            "| `czm_toekenning` (toekenning collectieve zorgverzekering minima) | op aanvraag | afgewezen | {czm_n} |"
        )),
        "{md}"
    );
}

// ------------------------------------------------------------ Wmo-toegang

/// A tariff: cents and its unit (none for € 0), as heemskerk.md §2 gives it.
type Tariff = (i64, Option<&'static str>);

/// Route, voorziening, tarief and document under version `year`
/// (heemskerk.md §2).
fn toegang(c: &Json, year: i32, peildatum: Date) -> (String, String, Tariff, &'static str) {
    let b = |k: &str| c[k] == Json::Bool(true);
    let hulpvraag = c["hulpvraag"].as_str().expect("hulpvraag");
    let birth = Date::parse(c["client"]["geboortedatum"].as_str().expect("client"));
    let av: Option<(&str, Tariff)> = match (hulpvraag, year) {
        ("huishouden", 2025) => Some(("schoonmaakondersteuning", (1_650, Some("uur")))),
        ("huishouden", _) => Some(("schoonmaakondersteuning", (1_725, Some("uur")))),
        ("wassen", 2026) => Some(("wasservice", (950, Some("week")))),
        ("mobiliteit", 2026) => Some(("scootmobielpool", (0, None))),
        // The opstaptarief is per rit.
        ("vervoer", 2025) => Some(("regiorijder", (110, Some("rit")))),
        ("vervoer", _) => Some(("regiorijder", (125, Some("rit")))),
        ("dagbesteding", _) => Some(("ontmoetingscentrum", (0, None))),
        _ => None,
    };
    let step = if b("eigen_kracht_toereikend") {
        "eigen_kracht"
    } else if matches!(hulpvraag, "huishouden" | "wassen") && b("huisgenoot_kan_gebruikelijke_hulp")
    {
        "gebruikelijke_hulp"
    } else if b("netwerk_kan_helpen") {
        "netwerk"
    } else if b("voorliggende_voorziening") {
        "voorliggende_voorziening"
    } else if year == 2026
        && hulpvraag == "huishouden"
        && age(birth, peildatum) >= 65
        && !b("powerful_ageing_gevolgd")
        && !b("complexe_problematiek")
    {
        "powerful_ageing"
    } else if av.is_some() && !b("complexe_problematiek") {
        "algemene_voorziening"
    } else {
        "maatwerkvoorziening"
    };
    match step {
        "algemene_voorziening" => {
            let (name, tarief) = av.unwrap_or(("?", (0, None)));
            (step.into(), name.into(), tarief, "machtiging")
        }
        "maatwerkvoorziening" => (
            step.into(),
            format!("maatwerk_{hulpvraag}"),
            (0, None),
            "beschikking",
        ),
        _ => (step.into(), "geen".into(), (0, None), "geen"),
    }
}

#[test]
fn wmo_toegang_2025_2026() {
    let peildatum = Date::parse("2026-03-01");
    let cases = population(
        "heemskerk.wmo_toegang",
        "2026-03-01",
        "heemskerk-wmo-toegang-2026",
        2026,
    );
    let report = behaviour(
        "rules/heemskerk/wmo-toegang",
        "2025.regels",
        "2026.regels",
        "heemskerk.wmo_toegang",
        &cases,
    );

    let mut expect: BTreeMap<&str, BTreeMap<String, u64>> = BTreeMap::new();
    // Totals per unit: amounts per uur, per week and per rit are never added.
    let mut totals: BTreeMap<Option<&str>, (i64, i64)> = BTreeMap::new();
    let mut changed = 0u64;
    let shown = |(cents, unit): Tariff| match unit {
        Some(u) => format!("{} per {u}", dutch(cents)),
        None => dutch(cents),
    };
    for c in &cases {
        let (r0, v0, t0, d0) = toegang(c, 2025, peildatum);
        let (r1, v1, t1, d1) = toegang(c, 2026, peildatum);
        totals.entry(t0.1).or_default().0 += t0.0;
        totals.entry(t1.1).or_default().1 += t1.0;
        let mut any = false;
        for (name, a, b) in [
            ("route", r0, r1),
            ("voorziening", v0, v1),
            ("tarief", shown(t0), shown(t1)),
            ("document", d0.to_string(), d1.to_string()),
        ] {
            if a != b {
                add(expect.entry(name).or_default(), format!("{a} → {b}"));
                any = true;
            }
        }
        if any {
            changed += 1;
        }
    }
    for name in ["route", "voorziening", "tarief", "document"] {
        assert_eq!(
            transitions(&report, name),
            expect.get(name).cloned().unwrap_or_default(),
            "{name}"
        );
    }
    let route = expect.get("route").cloned().unwrap_or_default();
    assert!(
        route.contains_key("algemene_voorziening → powerful_ageing"),
        "no Powerful Ageing case among the 50: {route:?}"
    );
    assert_eq!(report.changed, changed);
    assert_eq!(report.errors_old() + report.errors_new(), 0);
    let tarief = report
        .outputs
        .iter()
        .find(|o| o.name == "tarief")
        .expect("tarief");
    assert_eq!(tarief.amounts, None, "no total over all units");
    let by_unit: BTreeMap<Option<&str>, (String, String)> = tarief
        .amounts_by_unit
        .iter()
        .map(|m| {
            (
                m.period_new.as_deref(),
                (format!("{:.2}", m.total_old), format!("{:.2}", m.total_new)),
            )
        })
        .collect();
    let expected: BTreeMap<Option<&str>, (String, String)> = totals
        .into_iter()
        .map(|(unit, (old, new))| (unit, (euro(old), euro(new))))
        .collect();
    assert_eq!(by_unit, expected);
    assert!(by_unit.contains_key(&Some("uur")) && by_unit.contains_key(&Some("rit")));
}

// ------------------------------------------------------------ eigen bijdrage 2018 → 2019

/// (bijdrage in cents per 4 weken, reden) under version 2018 or 2019 (landelijk.md §3).
fn eigen_bijdrage(c: &Json, year: i32, peildatum: Date) -> (i64, &'static str) {
    let client = Date::parse(c["client"]["geboortedatum"].as_str().expect("client"));
    let partner = c["partner"]["geboortedatum"].as_str().map(Date::parse);
    let minor = age(client, peildatum) < 18;
    let mut maximum = 0i64;
    let mut counted = 0;
    for v in c["voorzieningen"].as_array().expect("voorzieningen") {
        let soort = v["soort"].as_str().expect("soort");
        if soort == "rolstoel" || (minor && soort != "woningaanpassing") {
            continue;
        }
        if let Some(k) = v["kostprijs_per_periode"].as_str() {
            maximum += cents(k);
            counted += 1;
        } else {
            let (k, p) = (
                cents(v["kostprijs"].as_str().expect("kostprijs")),
                cents(v["reeds_betaald"].as_str().expect("betaald")),
            );
            if p < k {
                maximum += k - p;
                counted += 1;
            }
        }
    }
    let client_aow = aow_reached(client, peildatum);
    let partner_aow = partner.map(|p| aow_reached(p, peildatum));
    if c["wlz_of_beschermd_wonen_bijdrage"] == Json::Bool(true) {
        return (0, "vrijgesteld_wlz_bw");
    }
    if c["nachten_opvang_aaneengesloten"].as_i64().unwrap_or(0) >= 2 {
        return (0, "vrijgesteld_opvang");
    }
    if c["vrijstelling_college"] == Json::Bool(true) {
        return (0, "vrijgesteld_college");
    }
    if year >= 2019 && partner_aow.is_some_and(|p| !p || !client_aow) {
        return (0, "vrijgesteld_gehuwd_onder_aow");
    }
    if counted == 0 {
        return (0, "geen_voorziening");
    }
    let (tariff, reason) = if year >= 2019 {
        (1_750, "abonnementstarief")
    } else {
        let (vast, grens) = match partner_aow {
            None if !client_aow => (1_760, 2_287_300),
            None => (1_760, 1_747_400),
            Some(p) if !(p && client_aow) => (0, 3_517_500),
            Some(_) => (1_760, 2_412_800),
        };
        // In 1/100 cent: inkomen + 8% vermogen − grens, then 12,5% / 13, rounded once.
        let inkomen = cents(c["inkomen_peiljaar"].as_str().expect("inkomen")) as i128 * 100;
        let vermogen8 = cents(c["vermogen"].as_str().expect("vermogen")) as i128 * 8;
        let excess = (inkomen + vermogen8 - grens as i128 * 100).max(0);
        let num = excess * 125;
        let den: i128 = 1_300_000;
        let plus = ((2 * num + den) / (2 * den)) as i64;
        (vast + plus, "inkomensafhankelijk")
    };
    if maximum < tariff {
        (maximum, "kostprijs")
    } else {
        (tariff, reason)
    }
}

#[test]
fn eigen_bijdrage_2018_2019() {
    let peildatum = Date::parse("2019-03-01");
    let cases = population(
        "landelijk.wmo_eigen_bijdrage",
        "2019-03-01",
        "landelijk-wmo-eigen-bijdrage-2019",
        2019,
    );
    let report = behaviour(
        "rules/landelijk/wmo-eigen-bijdrage",
        "2018.regels",
        "2019.regels",
        "landelijk.wmo_eigen_bijdrage",
        &cases,
    );

    let mut reasons = BTreeMap::new();
    let mut amounts = BTreeMap::new();
    let (mut old_total, mut new_total, mut changed, mut lower, mut higher) =
        (0i64, 0i64, 0u64, 0u64, 0u64);
    for c in &cases {
        let (a, ra) = eigen_bijdrage(c, 2018, peildatum);
        let (b, rb) = eigen_bijdrage(c, 2019, peildatum);
        old_total += a;
        new_total += b;
        if ra != rb {
            add(&mut reasons, format!("{ra} → {rb}"));
        }
        if a != b {
            add(&mut amounts, format!("{} → {}", dutch(a), dutch(b)));
        }
        if a < b {
            higher += 1;
        }
        if a > b {
            lower += 1;
        }
        if ra != rb || a != b {
            changed += 1;
        }
    }
    assert!(
        reasons.contains_key("inkomensafhankelijk → abonnementstarief"),
        "{reasons:?}"
    );
    assert!(
        reasons.contains_key("inkomensafhankelijk → vrijgesteld_gehuwd_onder_aow"),
        "{reasons:?}"
    );
    assert_eq!(transitions(&report, "bijdrage_reden"), reasons);
    assert_eq!(transitions(&report, "eigen_bijdrage"), amounts);
    assert_eq!(report.changed, changed);
    let m = report
        .outputs
        .iter()
        .find(|o| o.name == "eigen_bijdrage")
        .and_then(|o| o.amounts.clone())
        .expect("money");
    assert_eq!(format!("{:.2}", m.total_old), euro(old_total));
    assert_eq!(format!("{:.2}", m.total_new), euro(new_total));
    // Per 4 weken: 13 periods a year.
    assert_eq!(
        m.per_year_old.map(|d| format!("{d:.2}")),
        Some(euro(old_total * 13))
    );
    assert_eq!(
        m.difference_per_year.map(|d| format!("{d:.2}")),
        Some(format!("-{}", euro((old_total - new_total) * 13)))
    );
    assert_eq!((m.lower, m.higher), (lower, higher));
    assert_eq!(m.period_old.as_deref(), Some("4 weken"));
}
