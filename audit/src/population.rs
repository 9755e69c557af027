//! Synthetic populations: reproducible case JSON for a regeling, for
//! simulations and impact reports.
//!
//! What a population looks like is data, not code: a [`Profile`] (a JSON
//! file beside the population) gives the distributions, in the units of the
//! regeling's inputs, with amounts as shares of the regeling's own
//! parameters where they depend on the law. Without a profile each input is
//! drawn from its type alone ([`value_of`]). Everything drawn is invented.
//!
//! The same seed, profile and peildatum always give the same cases: the
//! generator uses its own small PRNG (SplitMix64 seeding xoshiro256**), not
//! the operating system, and draws integers only (weights, per mille,
//! ten-thousandths, whole cents, whole days).

use crate::profile::{Group, Profile, Spec};
use chrono::{Datelike, Days, NaiveDate};
use engine::ir::Program;
use engine::types::{Type, TypeTable};
use rust_decimal::{Decimal, RoundingStrategy};
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
}

/// Money from whole cents, as the case JSON wants it: `"1345.45"`.
fn money(cents: i64) -> Json {
    Json::String(Decimal::new(cents, 2).to_string())
}

/// `cents` × `per_10_000` / 10,000 as money, rounded half away from zero
/// to whole cents: the one place where a drawn amount is rounded. Exact:
/// a profile keeps shares at most 100 times the whole, so the product fits.
fn share(cents: i64, per_10_000: i64) -> Json {
    let exact = Decimal::from(cents) * Decimal::from(per_10_000) / Decimal::from(10_000);
    let whole_cents = exact.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    let mut amount = whole_cents / Decimal::ONE_HUNDRED;
    amount.rescale(2);
    Json::String(amount.to_string())
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

/// The default peildatum of a population for a version starting on
/// `valid_from`: 1 March of that year (or the start itself when later), a
/// date well inside the version and, for half-yearly norms, in the first half.
pub fn default_peildatum(valid_from: NaiveDate) -> NaiveDate {
    let march = NaiveDate::from_ymd_opt(valid_from.year(), 3, 1).unwrap_or(valid_from);
    march.max(valid_from)
}

/// A reproducible stream of synthetic cases.
#[derive(Debug, Clone)]
pub struct Generator {
    rng: Rng,
    peildatum: NaiveDate,
    profile: Option<Profile>,
    types: TypeTable,
    /// The inputs in contract order, without `peildatum`.
    inputs: Vec<(String, Type)>,
}

impl Generator {
    /// A generator for the inputs of `program`, all cases on `peildatum`,
    /// drawn from `profile` (read for this program and peildatum), or from
    /// the input types alone without one.
    pub fn new(
        program: &Program,
        peildatum: NaiveDate,
        seed: u64,
        profile: Option<Profile>,
    ) -> Generator {
        let inputs = program
            .inputs
            .iter()
            .enumerate()
            .filter(|(i, _)| *i as u32 != program.peildatum)
            .map(|(_, d)| (d.name.clone(), d.ty.clone()))
            .collect();
        Generator {
            rng: Rng::new(seed),
            peildatum,
            profile,
            types: (*program.types).clone(),
            inputs,
        }
    }

    /// What the cases are drawn from, in Dutch.
    pub fn description(&self) -> &str {
        match &self.profile {
            Some(p) => &p.description,
            None => "algemeen, afgeleid uit de invoertypes",
        }
    }

    /// The next case: `peildatum` first, then the inputs in contract order.
    pub fn next_case(&mut self) -> Json {
        let mut chosen: Vec<(&str, &Spec)> = Vec::new();
        if let Some(p) = &self.profile {
            pick(&mut self.rng, &p.root, &mut chosen);
        }
        let mut case = Map::new();
        case.insert("peildatum".into(), date(self.peildatum));
        for (name, ty) in &self.inputs {
            let value = match chosen.iter().find(|(n, _)| n == name) {
                Some((_, spec)) => draw(&mut self.rng, self.peildatum, spec, &case),
                None => value_of(&mut self.rng, self.peildatum, &self.types, name, ty, 0),
            };
            case.insert(name.clone(), value);
        }
        Json::Object(case)
    }
}

impl Iterator for Generator {
    type Item = Json;
    fn next(&mut self) -> Option<Json> {
        Some(self.next_case())
    }
}

// ------------------------------------------------------------ drawing from a profile

/// The values of `group` and of one subgroup drawn by weight, recursively;
/// a subgroup's value replaces its parent's for the same input.
fn pick<'p>(rng: &mut Rng, group: &'p Group, chosen: &mut Vec<(&'p str, &'p Spec)>) {
    for (name, spec) in &group.inputs {
        match chosen.iter_mut().find(|(n, _)| *n == name.as_str()) {
            Some(slot) => slot.1 = spec,
            None => chosen.push((name.as_str(), spec)),
        }
    }
    if group.groups.is_empty() {
        return;
    }
    let weights: Vec<u32> = group.groups.iter().map(|g| g.weight).collect();
    let i = rng.weighted(&weights);
    pick(rng, &group.groups[i], chosen);
}

/// One value of `spec`; `siblings` are the fields drawn before it in the
/// same object (for a share of a field).
fn draw(rng: &mut Rng, on: NaiveDate, spec: &Spec, siblings: &Map<String, Json>) -> Json {
    match spec {
        Spec::Literal(j) => j.clone(),
        Spec::Chance(pm) => Json::Bool(rng.chance(*pm)),
        Spec::Choice(options) => {
            let weights: Vec<u32> = options.iter().map(|(_, w)| *w).collect();
            Json::String(options[rng.weighted(&weights)].0.clone())
        }
        Spec::Integer(a, b) => json!(rng.range(*a, *b)),
        Spec::Amount(a, b) => money(rng.range(*a, *b)),
        Spec::ShareOf(cents, a, b) => share(*cents, rng.range(*a, *b)),
        Spec::ShareOfField(field, a, b) => {
            let cents = siblings
                .get(field)
                .and_then(Json::as_str)
                .and_then(|s| s.parse::<Decimal>().ok())
                .and_then(|d| d.checked_mul(Decimal::ONE_HUNDRED))
                .and_then(|c| i64::try_from(c).ok());
            match cents {
                Some(c) => share(c, rng.range(*a, *b)),
                // The profile reads the field before it is drawn: say so in
                // the case, where simulate reports it as an error.
                None => Json::String(format!("geen veld `{field}` om een deel van te nemen")),
            }
        }
        Spec::Age(a, b) => {
            let age = rng.range(*a, *b);
            date(born(rng, on, age))
        }
        Spec::DaysAgo(a, b) => date(
            on.checked_sub_days(Days::new(rng.range(*a, *b).unsigned_abs()))
                .unwrap_or(on),
        ),
        Spec::Mix(options) => {
            let weights: Vec<u32> = options.iter().map(|(w, _)| *w).collect();
            let i = rng.weighted(&weights);
            draw(rng, on, &options[i].1, siblings)
        }
        Spec::List(count, element) => {
            let n = draw(rng, on, count, siblings).as_i64().unwrap_or(0).max(0);
            Json::Array(
                (0..n)
                    .map(|_| draw(rng, on, element, &Map::new()))
                    .collect(),
            )
        }
        Spec::Record(fields) => {
            let mut map = Map::new();
            for (name, spec) in fields {
                let v = draw(rng, on, spec, &map);
                map.insert(name.clone(), v);
            }
            Json::Object(map)
        }
        Spec::Items(items) => Json::Array(
            items
                .iter()
                .map(|s| draw(rng, on, s, &Map::new()))
                .collect(),
        ),
    }
}

// ------------------------------------------------------------ from the type alone

/// A value of an input the profile does not name (or of every input
/// without a profile), from its type alone: every keuze value equally
/// often, ja/nee half and half, whole numbers, amounts and percentages in
/// small fixed ranges, dates of birth for fields named after one. These
/// ranges say nothing about any regeling; a population meant to resemble
/// real cases needs a profile.
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
        // (No invoer is a `bedrag per eenheid`: the checker refuses it.)
        Type::Money(_) | Type::MoneyPerUnit => money(rng.range(0, 250_000)),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_is_rounded_half_away_from_zero_to_whole_cents() {
        assert_eq!(share(134_545, 9_300), "1251.27"); // 1.251,2685
        assert_eq!(share(5, 5_000), "0.03"); // 2,5 cent
        assert_eq!(share(-5, 5_000), "-0.03");
        assert_eq!(share(100_000, 10_000), "1000.00");
        assert_eq!(share(i64::MAX, 1_000_000), "9223372036854775807.00");
    }

    #[test]
    fn draws_stay_inside_their_ranges_and_weights_of_zero_are_never_drawn() {
        let mut rng = Rng::new(7);
        for _ in 0..2000 {
            let x = rng.range(-3, 4);
            assert!((-3..=4).contains(&x));
            assert_eq!(rng.weighted(&[0, 5, 0]), 1);
        }
        assert_eq!(rng.range(9, 9), 9);
        assert!(!rng.chance(0));
        assert!(rng.chance(1000));
    }

    #[test]
    fn a_subgroup_replaces_the_values_of_its_parent() {
        let group = |inputs: Vec<(&str, Spec)>, groups| Group {
            weight: 1,
            inputs: inputs
                .into_iter()
                .map(|(n, s)| (n.to_string(), s))
                .collect(),
            groups,
        };
        let root = group(
            vec![("a", Spec::Chance(0)), ("b", Spec::Integer(1, 1))],
            vec![group(vec![("a", Spec::Chance(1000))], vec![])],
        );
        let mut chosen = Vec::new();
        pick(&mut Rng::new(1), &root, &mut chosen);
        assert_eq!(
            chosen,
            vec![("a", &Spec::Chance(1000)), ("b", &Spec::Integer(1, 1))]
        );
    }

    #[test]
    fn a_share_of_a_field_takes_the_field_drawn_before_it() {
        let on = NaiveDate::from_ymd_opt(2025, 3, 1).expect("a date");
        let record = Spec::Record(vec![
            ("kostprijs".into(), Spec::Amount(12_345, 12_345)),
            (
                "betaald".into(),
                Spec::ShareOfField("kostprijs".into(), 5_000, 5_000),
            ),
            ("fout".into(), Spec::ShareOfField("later".into(), 1, 1)),
        ]);
        let v = draw(&mut Rng::new(3), on, &record, &Map::new());
        assert_eq!(v["kostprijs"], "123.45");
        assert_eq!(v["betaald"], "61.73");
        assert_eq!(v["fout"], "geen veld `later` om een deel van te nemen");
    }
}
