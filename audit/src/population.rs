//! Synthetic populations: reproducible case JSON for a regeling's case
//! contract, for simulations and impact reports.
//!
//! Everything here is invented. The distributions are plausible for a
//! municipality of about 40,000 inhabitants (ages, household types, incomes
//! around the social minimum, hulpvragen), chosen so that every branch of
//! the rules is reached; they are not statistics of any real municipality.
//! The same seed, contract and peildatum always give the same cases: the
//! generator uses its own small PRNG (SplitMix64 seeding xoshiro256**),
//! not the operating system.
//!
//! Known contracts (minimaregelingen, Wmo-toegang, eigen bijdrage Wmo) have
//! hand-made distributions; any other regeling gets a generic case built
//! from the types of its inputs.

use chrono::{Datelike, Days, NaiveDate};
use engine::ir::Program;
use engine::types::{Type, TypeTable};
use rust_decimal::Decimal;
use serde_json::{json, Map, Value as Json};

/// xoshiro256** seeded through SplitMix64: small, fast, and identical on
/// every platform (the populations in `examples/` depend on that).
#[derive(Debug, Clone)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng {
            s: [next(), next(), next(), next()],
        }
    }

    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// A uniform integer in `[low, high]` (inclusive).
    pub fn range(&mut self, low: i64, high: i64) -> i64 {
        if high <= low {
            return low;
        }
        let span = high.abs_diff(low).saturating_add(1);
        low.wrapping_add((self.next_u64() % span) as i64)
    }

    /// `true` with probability `per_mille` / 1000.
    pub fn chance(&mut self, per_mille: u32) -> bool {
        self.range(0, 999) < i64::from(per_mille)
    }

    /// An index drawn with the given integer weights (any scale; the
    /// distributions below use per-mille). All zero gives the last index.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: i64 = weights.iter().map(|w| i64::from(*w)).sum();
        let mut x = self.range(0, total - 1);
        for (i, w) in weights.iter().enumerate() {
            let w = i64::from(*w);
            if x < w {
                return i;
            }
            x -= w;
        }
        weights.len().saturating_sub(1)
    }

    /// Approximately normal, in thousandths of a standard deviation: the
    /// sum of twelve uniform draws from `0..=999`, centred (mean 0, sd about
    /// 1000, always within ±6000).
    pub fn normal_per_mille(&mut self) -> i64 {
        (0..12).map(|_| self.range(0, 999)).sum::<i64>() - 5994
    }

    /// A draw from `0..=scale` skewed towards 0: the square of a uniform
    /// draw, rescaled (few large values, many small ones).
    pub fn skewed(&mut self, scale: i64) -> i64 {
        let u = self.range(0, 9_999);
        scale * u * u / (9_999 * 9_999)
    }
}

/// Money from whole cents, as the case JSON wants it: `"1345.45"`.
fn money(cents: i64) -> Json {
    Json::String(Decimal::new(cents, 2).to_string())
}

/// `cents` × `numerator` / `denominator`, rounded half away from zero to
/// whole cents: the synthetic amounts are made in cents, and this is the one
/// place where a generated amount is rounded.
fn fraction_of(cents: i64, numerator: i64, denominator: i64) -> i64 {
    let product = i128::from(cents) * i128::from(numerator);
    let denominator = i128::from(denominator.max(1));
    let rounded = (product + product.signum() * (denominator / 2)) / denominator;
    i64::try_from(rounded).unwrap_or(if rounded < 0 { i64::MIN } else { i64::MAX })
}

/// `cents` × `per_10_000` / 10,000, rounded to whole cents.
fn scale(cents: i64, per_10_000: i64) -> i64 {
    fraction_of(cents, per_10_000, 10_000)
}

/// A birth date for someone who is `age` whole years old on `on`.
fn born(rng: &mut Rng, on: NaiveDate, age: i64) -> NaiveDate {
    let year = on.year() - age as i32;
    // A day in the year before the last birthday, so the age is exact.
    let last_birthday_from = NaiveDate::from_ymd_opt(year - 1, on.month(), 1)
        .or_else(|| NaiveDate::from_ymd_opt(year - 1, 1, 1))
        .unwrap_or(on);
    let offset = rng.range(0, 364) as u64;
    let d = last_birthday_from
        .checked_add_days(Days::new(offset + 31))
        .unwrap_or(last_birthday_from);
    // Keep it strictly such that the age on `on` is `age`.
    let birthday_this_year =
        NaiveDate::from_ymd_opt(on.year(), d.month(), d.day().min(28)).unwrap_or(on);
    if birthday_this_year <= on {
        NaiveDate::from_ymd_opt(year, d.month(), d.day().min(28)).unwrap_or(d)
    } else {
        NaiveDate::from_ymd_opt(year - 1, d.month(), d.day().min(28)).unwrap_or(d)
    }
}

fn date(d: NaiveDate) -> Json {
    Json::String(engine::case::iso_date(d))
}

fn person(rng: &mut Rng, on: NaiveDate, age: i64) -> Json {
    json!({ "geboortedatum": date(born(rng, on, age)) })
}

/// The default peildatum of a population for a version starting on
/// `valid_from`: 1 March of that year (or the start itself when later), a
/// date well inside the version and, for half-yearly norms, in the first half.
pub fn default_peildatum(valid_from: NaiveDate) -> NaiveDate {
    let march = NaiveDate::from_ymd_opt(valid_from.year(), 3, 1).unwrap_or(valid_from);
    march.max(valid_from)
}

/// Which hand-made distribution a regeling gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contract {
    Minimaregelingen,
    WmoToegang,
    EigenBijdrage,
    /// Built from the input types of the program.
    Generic,
}

impl Contract {
    /// Recognises a contract by the regeling's input names.
    pub fn of(program: &Program) -> Contract {
        let has = |n: &str| program.inputs.iter().any(|i| i.name == n);
        if has("aanvrager") && has("inkomen_per_maand") && has("kinderen") {
            Contract::Minimaregelingen
        } else if has("hulpvraag") && has("eigen_kracht_toereikend") {
            Contract::WmoToegang
        } else if has("voorzieningen") && has("inkomen_peiljaar") {
            Contract::EigenBijdrage
        } else {
            Contract::Generic
        }
    }

    pub fn dutch(self) -> &'static str {
        match self {
            Contract::Minimaregelingen => "minimaregelingen (huishoudens rond het sociaal minimum)",
            Contract::WmoToegang => "Wmo-meldingen (cliënten met een hulpvraag)",
            Contract::EigenBijdrage => "Wmo-cliënten met maatwerkvoorzieningen (eigen bijdrage)",
            Contract::Generic => "algemeen, afgeleid uit de invoertypes",
        }
    }
}

/// A reproducible stream of synthetic cases.
#[derive(Debug, Clone)]
pub struct Generator {
    rng: Rng,
    peildatum: NaiveDate,
    contract: Contract,
    types: Option<(TypeTable, Vec<(String, Type)>)>,
}

impl Generator {
    /// A generator for the contract of `program`, all cases on `peildatum`.
    pub fn new(program: &Program, peildatum: NaiveDate, seed: u64) -> Generator {
        let contract = Contract::of(program);
        let types = (contract == Contract::Generic).then(|| {
            let inputs = program
                .inputs
                .iter()
                .enumerate()
                .filter(|(i, _)| *i as u32 != program.peildatum)
                .map(|(_, d)| (d.name.clone(), d.ty.clone()))
                .collect();
            ((*program.types).clone(), inputs)
        });
        Generator {
            rng: Rng::new(seed),
            peildatum,
            contract,
            types,
        }
    }

    pub fn contract(&self) -> Contract {
        self.contract
    }

    /// The next case.
    pub fn next_case(&mut self) -> Json {
        let mut case = match self.contract {
            Contract::Minimaregelingen => minima(&mut self.rng, self.peildatum),
            Contract::WmoToegang => toegang(&mut self.rng, self.peildatum),
            Contract::EigenBijdrage => eigen_bijdrage(&mut self.rng, self.peildatum),
            Contract::Generic => match &self.types {
                Some((table, inputs)) => generic(&mut self.rng, self.peildatum, table, inputs),
                None => Json::Object(Map::new()),
            },
        };
        if let Json::Object(map) = &mut case {
            map.insert("peildatum".into(), date(self.peildatum));
            // `peildatum` first, as in the contracts.
            let mut ordered = Map::new();
            if let Some(p) = map.remove("peildatum") {
                ordered.insert("peildatum".into(), p);
            }
            ordered.append(map);
            return Json::Object(ordered);
        }
        case
    }
}

impl Iterator for Generator {
    type Item = Json;
    fn next(&mut self) -> Option<Json> {
        Some(self.next_case())
    }
}

// ------------------------------------------------------------ minimaregelingen

/// The landelijke bijstandsnorm (incl. vakantietoeslag) per maand around the
/// peildatum, only to centre the income distribution (the engine decides
/// eligibility with the real norms), in cents: (alleenstaand, gehuwd,
/// alleenstaand AOW, gehuwd AOW).
fn approx_norm(on: NaiveDate) -> (i64, i64, i64, i64) {
    if on < NaiveDate::from_ymd_opt(2024, 7, 1).unwrap_or(on) {
        (128_383, 183_404, 142_576, 193_398)
    } else if on < NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or(on) {
        (130_845, 186_921, 145_685, 197_664)
    } else if on < NaiveDate::from_ymd_opt(2025, 7, 1).unwrap_or(on) {
        (134_545, 192_207, 150_107, 205_348)
    } else {
        (136_906, 195_580, 153_021, 209_498)
    }
}

fn minima(rng: &mut Rng, on: NaiveDate) -> Json {
    // Household type: alleenstaand, alleenstaande ouder, paar zonder kinderen, paar met kinderen.
    let household = rng.weighted(&[460, 170, 160, 210]);
    let couple = household >= 2;
    let with_children = household == 1 || household == 3;
    // Age of the aanvrager: a few under 21 (they are refused), many pensioners among singles.
    let age = if rng.chance(20) {
        rng.range(18, 20)
    } else if with_children {
        rng.range(21, 56)
    } else {
        match rng.weighted(&[300, 400, 300]) {
            0 => rng.range(21, 34),
            1 => rng.range(35, 66),
            _ => rng.range(67, 92),
        }
    };
    let partner_age = (age + rng.range(-6, 6)).max(18);
    let children: Vec<Json> = if with_children {
        let n = 1 + rng.weighted(&[450, 350, 150, 50]);
        // Children are at most 21 and at least 18 years younger than the aanvrager.
        let max = (age - 18).clamp(0, 21);
        (0..n)
            .map(|_| {
                let child_age = rng.range(0, max);
                person(rng, on, child_age)
            })
            .collect()
    } else {
        Vec::new()
    };
    let pensioner = age >= 67 || (couple && partner_age >= 67);
    let (single, married, single_aow, married_aow) = approx_norm(on);
    let norm = match (couple, pensioner) {
        (false, false) => single,
        (true, false) => married,
        (false, true) => single_aow,
        (true, true) => married_aow,
    };
    // Income source: bijstand, low income around the norm, above the norms.
    let source = if pensioner {
        rng.weighted(&[100, 650, 250])
    } else {
        rng.weighted(&[380, 420, 200])
    };
    // The income as a fraction of the norm, per 10,000.
    let ratio = match source {
        0 => rng.range(9_300, 9_999),
        1 => rng.range(9_500, 13_499),
        _ => rng.range(12_500, 19_999),
    };
    let income = scale(norm, ratio);
    let bijstand_months = if source == 0 { 1 + rng.skewed(179) } else { 0 };
    let low_months = if source == 0 {
        bijstand_months + rng.range(0, 24)
    } else if source == 1 {
        rng.range(0, 120)
    } else {
        rng.range(0, 30)
    };
    let vermogen = match rng.weighted(&[680, 220, 100]) {
        0 => rng.range(0, 200_000),
        1 => rng.range(200_000, 750_000),
        _ => rng.range(750_000, 3_000_000),
    };
    let partner = if couple {
        person(rng, on, partner_age)
    } else {
        Json::Null
    };
    let aanvrager = person(rng, on, age);
    json!({
        "aanvrager": aanvrager,
        "partner": partner,
        "kinderen": children,
        "inkomen_per_maand": money(income),
        "vermogen": money(vermogen),
        "woont_in_gemeente": rng.chance(970),
        "maanden_laag_inkomen": low_months,
        "uitzicht_op_inkomensverbetering": rng.chance(if pensioner { 30 } else { 140 }),
        "iit_ontvangen_afgelopen_12_maanden": rng.chance(220),
        "bijstand_maanden_aaneengesloten": bijstand_months,
    })
}

// ------------------------------------------------------------ Wmo-toegang

const HULPVRAGEN: [&str; 7] = [
    "huishouden",
    "wassen",
    "mobiliteit",
    "rolstoel",
    "vervoer",
    "begeleiding",
    "dagbesteding",
];

fn toegang(rng: &mut Rng, on: NaiveDate) -> Json {
    let age = match rng.weighted(&[220, 250, 310, 220]) {
        0 => rng.range(18, 64),
        1 => rng.range(65, 74),
        2 => rng.range(75, 84),
        _ => rng.range(85, 99),
    };
    // Younger clients ask more often for begeleiding and dagbesteding.
    let weights: [u32; 7] = if age < 65 {
        [180, 30, 80, 60, 100, 380, 170]
    } else {
        [420, 60, 130, 50, 190, 70, 80]
    };
    let hulpvraag = HULPVRAGEN[rng.weighted(&weights)];
    let complex = rng.chance(if hulpvraag == "begeleiding" { 400 } else { 120 });
    let client = person(rng, on, age);
    json!({
        "client": client,
        "hulpvraag": hulpvraag,
        "eigen_kracht_toereikend": rng.chance(100),
        "huisgenoot_kan_gebruikelijke_hulp": rng.chance(140),
        "netwerk_kan_helpen": rng.chance(90),
        "voorliggende_voorziening": rng.chance(70),
        "complexe_problematiek": complex,
        "powerful_ageing_gevolgd": rng.chance(60),
    })
}

// ------------------------------------------------------------ eigen bijdrage

const ONGOING: [&str; 6] = [
    "huishoudelijke_hulp",
    "begeleiding",
    "dagbesteding",
    "vervoersvoorziening",
    "kortdurend_verblijf",
    "pgb",
];
const OWNED: [&str; 3] = ["hulpmiddel", "woningaanpassing", "rolstoel"];

fn eigen_bijdrage(rng: &mut Rng, on: NaiveDate) -> Json {
    // Before 2020 the bijdrageperiode is four weeks, from 2020 a month
    // (13/12 of four weeks).
    let per_month = on.year() >= 2020;
    let age = match rng.weighted(&[20, 330, 650]) {
        0 => rng.range(4, 17),
        1 => rng.range(18, 66),
        _ => rng.range(67, 97),
    };
    let couple = age >= 18 && rng.chance(if age >= 67 { 420 } else { 350 });
    let partner_age = (age + rng.range(-7, 5)).max(18);
    let n = 1 + rng.weighted(&[620, 280, 100]);
    let mut voorzieningen = Vec::new();
    for _ in 0..n {
        if rng.chance(720) {
            let i = rng.weighted(&[450, 170, 120, 140, 30, 90]);
            let soort = ONGOING[i];
            // Cost per four weeks in euros, by kind.
            let (low, high) = match soort {
                "huishoudelijke_hulp" => (90, 420),
                "begeleiding" => (180, 950),
                "dagbesteding" => (250, 1300),
                "vervoersvoorziening" => (6, 45),
                "kortdurend_verblijf" => (150, 650),
                _ => (90, 1500),
            };
            let four_weeks = rng.range(low * 100, high * 100);
            let cost = if per_month {
                fraction_of(four_weeks, 13, 12)
            } else {
                four_weeks
            };
            voorzieningen.push(json!({ "soort": soort, "kostprijs_per_periode": money(cost) }));
        } else {
            let i = rng.weighted(&[450, 300, 250]);
            let soort = OWNED[i];
            let (low, high) = match soort {
                "hulpmiddel" => (150, 3_500),
                "woningaanpassing" => (600, 24_000),
                _ => (700, 5_200),
            };
            let cost = rng.range(low * 100, high * 100);
            let paid = match rng.weighted(&[500, 300, 200]) {
                0 => 0,
                1 => rng.range(0, cost),
                _ => cost,
            };
            voorzieningen.push(
                json!({ "soort": soort, "kostprijs": money(cost), "reeds_betaald": money(paid) }),
            );
        }
    }
    // Taxable income of the household in the peiljaar (cents): around a
    // base by household, relative spread 0.38 (sd), clamped.
    let base: i64 = match (couple, age >= 67) {
        (false, true) => 2_100_000,
        (false, false) => 2_400_000,
        (true, true) => 3_300_000,
        (true, false) => 4_200_000,
    };
    let factor = 10_000 + 38 * rng.normal_per_mille() / 10;
    let income = scale(base, factor).clamp(900_000, 14_000_000);
    let vermogen = if rng.chance(720) {
        0
    } else {
        100_000 + rng.skewed(16_000_000)
    };
    let client = person(rng, on, age);
    let partner = if couple {
        person(rng, on, partner_age)
    } else {
        Json::Null
    };
    json!({
        "client": client,
        "partner": partner,
        "voorzieningen": voorzieningen,
        "inkomen_peiljaar": money(income),
        "vermogen": money(vermogen),
        "wlz_of_beschermd_wonen_bijdrage": rng.chance(20),
        "nachten_opvang_aaneengesloten": if rng.chance(20) { rng.range(1, 10) } else { 0 },
        "vrijstelling_college": rng.chance(20),
    })
}

// ------------------------------------------------------------ generic

fn generic(rng: &mut Rng, on: NaiveDate, types: &TypeTable, inputs: &[(String, Type)]) -> Json {
    let mut map = Map::new();
    for (name, ty) in inputs {
        map.insert(name.clone(), value_of(rng, on, types, name, ty, 0));
    }
    Json::Object(map)
}

fn value_of(
    rng: &mut Rng,
    on: NaiveDate,
    types: &TypeTable,
    name: &str,
    ty: &Type,
    depth: u32,
) -> Json {
    match ty {
        Type::Optional(inner) => {
            if rng.chance(300) {
                Json::Null
            } else {
                value_of(rng, on, types, name, inner, depth)
            }
        }
        Type::Bool => Json::Bool(rng.chance(500)),
        Type::Integer => json!(rng.range(0, 40)),
        Type::Money(_) => money(rng.range(0, 250_000)),
        Type::Number => Json::String(format!("{}", rng.range(0, 100))),
        Type::Percentage => Json::String(format!("{}%", rng.range(0, 100))),
        Type::Text => Json::String(format!("tekst {}", rng.range(1, 9))),
        Type::Date => {
            if name.contains("geboorte") {
                {
                    let age = rng.range(0, 95);
                    date(born(rng, on, age))
                }
            } else {
                date(
                    on.checked_sub_days(Days::new(rng.range(0, 730) as u64))
                        .unwrap_or(on),
                )
            }
        }
        Type::Duration => json!({ "maanden": rng.range(0, 24) }),
        Type::Enum(id) => match types.enums.get(*id as usize) {
            Some(e) if !e.values.is_empty() => {
                let i = rng.range(0, e.values.len() as i64 - 1) as usize;
                Json::String(e.values[i].clone())
            }
            _ => Json::Null,
        },
        Type::Record(id) => match types.records.get(*id as usize) {
            Some(r) if depth < 4 => {
                let mut map = Map::new();
                for (field, fty) in &r.fields {
                    map.insert(
                        field.clone(),
                        value_of(rng, on, types, field, fty, depth + 1),
                    );
                }
                Json::Object(map)
            }
            _ => Json::Null,
        },
        Type::List(inner) => {
            let n = if depth < 4 { rng.range(0, 2) } else { 0 };
            Json::Array(
                (0..n)
                    .map(|_| value_of(rng, on, types, name, inner, depth + 1))
                    .collect(),
            )
        }
        Type::Empty | Type::Never => Json::Null,
    }
}
