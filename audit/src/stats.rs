//! Exact statistics over many cases, in memory that does not grow with
//! their number: capped counters of distinct values ([`Counter`]), exact
//! decimal sums that say when they no longer fit ([`Sum`], [`Total`]), and
//! the distribution of a numeric output with its median and histogram
//! ([`NumStats`]). Used by the simulation and the behavioural diff;
//! mergeable, so each worker thread keeps its own.

use grammar::ast::Period;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// Distinct values kept exactly per numeric output. Amounts repeat a lot
/// (norms, tariffs, zero), so memory is bounded by the distinct values, not
/// by the cases; beyond this cap the distribution falls back to classes of
/// whole cents (1, 10, 100, ... cents wide) and the median is approximate.
const EXACT_VALUES: usize = 4096;
/// Counts of distinct strings, capped: beyond `cap` distinct keys, new keys
/// are counted under `overige`. Keeps the first line number of each key.
#[derive(Debug, Clone)]
pub struct Counter {
    counts: HashMap<String, (u64, u64)>,
    other: u64,
    cap: usize,
}

impl Counter {
    pub fn new(cap: usize) -> Counter {
        Counter {
            counts: HashMap::new(),
            other: 0,
            cap,
        }
    }
    pub fn add(&mut self, key: &str, line: u64, n: u64) {
        if let Some((c, first)) = self.counts.get_mut(key) {
            *c += n;
            *first = (*first).min(line);
        } else if self.counts.len() < self.cap {
            self.counts.insert(key.to_string(), (n, line));
        } else {
            self.other += n;
        }
    }
    /// Adds `other`'s counts. Its keys go in by first line (then key), not
    /// in hash order: when the cap is reached, which keys are kept must not
    /// depend on the process's hash seed.
    pub fn merge(&mut self, other: Counter) {
        let mut entries: Vec<(String, (u64, u64))> = other.counts.into_iter().collect();
        entries.sort_by(|(a, (_, la)), (b, (_, lb))| la.cmp(lb).then_with(|| a.cmp(b)));
        for (k, (n, line)) in entries {
            self.add(&k, line, n);
        }
        self.other += other.other;
    }
    pub fn total(&self) -> u64 {
        self.counts.values().map(|(n, _)| n).sum::<u64>() + self.other
    }
    /// Sorted by count (descending), then key; `overige` last.
    pub fn sorted(&self) -> Vec<Count> {
        let mut v: Vec<Count> = self
            .counts
            .iter()
            .map(|(k, (n, line))| Count {
                value: k.clone(),
                count: *n,
                first_line: Some(*line),
            })
            .collect();
        v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        if self.other > 0 {
            v.push(Count {
                value: "overige".into(),
                count: self.other,
                first_line: None,
            });
        }
        v
    }
}

/// A value and how often it occurred.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    #[serde(rename = "waarde")]
    pub value: String,
    #[serde(rename = "aantal")]
    pub count: u64,
    /// Line (1-based) of the first case with this value, where kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "eerste_regel")]
    pub first_line: Option<u64>,
}

// ------------------------------------------------------------ totals

/// What a report says instead of a sum that a Decimal cannot hold exactly.
pub const TOO_LARGE: &str = "te groot om exact op te tellen (boven 79.228.162.514.264.337.593.543.950.335 of meer dan 28 cijfers)";
/// What a report says instead of a figure computed from such a sum.
pub const UNKNOWN: &str = "onbekend: een som is te groot om exact op te tellen";

/// `a + b` when the sum fits a Decimal exactly. rust_decimal panics on
/// overflow with `+` and silently drops decimals when the digits do not fit
/// (`checked_add` too); a dropped digit shows as a smaller scale, checked
/// by subtracting back.
pub fn exact_add(a: Decimal, b: Decimal) -> Option<Decimal> {
    let sum = a.checked_add(b)?;
    let exact = sum.scale() >= a.scale().max(b.scale()) || sum.checked_sub(a) == Some(b);
    exact.then_some(sum)
}

/// `d × n` when the product fits a Decimal exactly (see [`exact_add`]).
pub fn exact_mul(d: Decimal, n: u64) -> Option<Decimal> {
    if n == 1 {
        return Some(d);
    }
    let n = Decimal::from(n);
    let product = d.checked_mul(n)?;
    let exact = product.scale() >= d.scale() || product.checked_div(n) == Some(d);
    exact.then_some(product)
}

/// A total over a population, or a figure computed from totals (a mean,
/// a difference, a yearly amount). A population can hold amounts whose sum
/// no Decimal holds; the report then says so rather than showing a
/// clamped or rounded number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Total {
    Exact(Decimal),
    /// The sum does not fit a Decimal exactly.
    TooLarge,
    /// Computed from a sum that is [`Total::TooLarge`].
    Unknown,
}

impl Total {
    pub fn exact(self) -> Option<Decimal> {
        match self {
            Total::Exact(d) => Some(d),
            _ => None,
        }
    }

    /// `self + other`; a sum of a total that is not exact is not either.
    pub fn plus(self, other: Total) -> Total {
        match (self, other) {
            (Total::Exact(a), Total::Exact(b)) => {
                exact_add(a, b).map_or(Total::TooLarge, Total::Exact)
            }
            (Total::Unknown, _) | (_, Total::Unknown) => Total::Unknown,
            _ => Total::TooLarge,
        }
    }

    /// `self − other`: the difference of two exact totals, or unknown.
    pub fn minus(self, other: Total) -> Total {
        match (self, other) {
            (Total::Exact(a), Total::Exact(b)) => {
                exact_add(a, -b).map_or(Total::TooLarge, Total::Exact)
            }
            _ => Total::Unknown,
        }
    }

    /// The mean over `count` cases, rounded to `places` decimals (2: cents;
    /// 4 for a percentage: hundredths of a percent); unknown when the
    /// total is not exact or there are no cases.
    pub fn mean(self, count: u64, places: u32) -> Option<Total> {
        (count > 0).then(|| match self {
            Total::Exact(d) => Total::Exact((d / Decimal::from(count)).round_dp(places)),
            _ => Total::Unknown,
        })
    }

    /// An amount per period converted to a year: per maand ×12, per 4
    /// weken ×13, per week ×52, per kwartaal ×4. `None` for a one-off
    /// amount or a rate per uur (they have no yearly equivalent). Too
    /// large stays too large: the yearly amount is larger still.
    pub fn per_year(self, period: Option<Period>) -> Option<Total> {
        let n = period?.per_year()?;
        Some(match self {
            Total::Exact(d) => exact_mul(d, u64::from(n)).map_or(Total::TooLarge, Total::Exact),
            other => other,
        })
    }

    /// The exact value changed by `f` (rounding for display).
    pub fn map(self, f: impl FnOnce(Decimal) -> Decimal) -> Total {
        match self {
            Total::Exact(d) => Total::Exact(f(d)),
            other => other,
        }
    }
}

/// The exact value as a plain decimal (with the formatter's precision,
/// `{:.2}`), else the Dutch reason.
impl fmt::Display for Total {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Total::Exact(d) => fmt::Display::fmt(d, f),
            Total::TooLarge => f.write_str(TOO_LARGE),
            Total::Unknown => f.write_str(UNKNOWN),
        }
    }
}

/// JSON: the decimal as a string like every amount, else the Dutch
/// reason, so that a program reading the number fails instead of using
/// a wrong one.
impl Serialize for Total {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Total::Exact(d) => rust_decimal::serde::str::serialize(d, s),
            other => s.serialize_str(&other.to_string()),
        }
    }
}

/// A running sum of amounts. Positive and negative amounts are added
/// apart: each of those sums only grows, so whether it still fits does
/// not depend on the order of the cases or their split over threads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sum {
    positive: Decimal,
    negative: Decimal,
    /// One of the two no longer fits; they are no longer added to.
    too_large: bool,
}

impl Sum {
    /// Adds `d` taken `n` times.
    pub fn add(&mut self, d: Decimal, n: u64) {
        if self.too_large {
            return;
        }
        let part = if d.is_sign_negative() {
            &mut self.negative
        } else {
            &mut self.positive
        };
        match exact_mul(d, n).and_then(|x| exact_add(*part, x)) {
            Some(s) => *part = s,
            None => self.too_large = true,
        }
    }

    pub fn merge(&mut self, other: Sum) {
        if !other.too_large {
            self.add(other.positive, 1);
            self.add(other.negative, 1);
        } else {
            self.too_large = true;
        }
    }

    pub fn total(&self) -> Total {
        if self.too_large {
            return Total::TooLarge;
        }
        exact_add(self.positive, self.negative).map_or(Total::TooLarge, Total::Exact)
    }
}

/// Running statistics of a numeric output.
#[derive(Debug, Clone, Default)]
pub struct NumStats {
    pub count: u64,
    pub sum: Sum,
    pub min: Option<Decimal>,
    pub max: Option<Decimal>,
    pub zeros: u64,
    /// The largest scale (decimals) of the values: the distribution keeps
    /// values normalised (12.50 and 12.5 are one), the report shows them
    /// with the decimals they came with (an amount with its cents).
    scale: u32,
    distribution: Distribution,
}

/// How the values of a numeric output are counted: exactly per value while
/// there are at most `EXACT_VALUES` of them, else per class of whole cents.
#[derive(Debug, Clone)]
enum Distribution {
    /// Every distinct value (normalised) with its count, in order.
    Exact(BTreeMap<Decimal, u64>),
    /// Counts per class: key `k` holds the values from `k × width` cents up
    /// to (not including) `(k + 1) × width` cents; `width` is a power of 10.
    Classes {
        width: i128,
        counts: BTreeMap<i128, u64>,
    },
}

impl Default for Distribution {
    fn default() -> Self {
        Distribution::Exact(BTreeMap::new())
    }
}

/// The whole number of cents at or below `d`. Exact for every Decimal: the
/// integer part of a Decimal (< 2^96) times 100 fits an i128 with room.
fn floor_cents(d: Decimal) -> i128 {
    let whole = d.trunc();
    let fraction = ((d - whole) * Decimal::ONE_HUNDRED).floor();
    // Both conversions are of integral Decimals, which always fit an i128.
    whole.to_i128().unwrap_or_default() * 100 + fraction.to_i128().unwrap_or_default()
}

/// The amount of `cents` whole cents: the lower bound of a class. Near the
/// largest Decimal two decimals do not fit; such values have no cents, so
/// their classes are whole euros wide and fewer decimals are exact (else the
/// bound is rounded down, still a lower bound). Only a class below the
/// smallest Decimal (the lowest class of a population holding it) has no
/// Decimal bound; the smallest Decimal stands in, as the minimum does.
fn from_cents(cents: i128) -> Decimal {
    let (mut mantissa, mut scale) = (cents, 2);
    loop {
        if let Ok(d) = Decimal::try_from_i128_with_scale(mantissa, scale) {
            return d;
        }
        if scale == 0 {
            return if cents < 0 {
                Decimal::MIN
            } else {
                Decimal::MAX
            };
        }
        mantissa = mantissa.div_euclid(10);
        scale -= 1;
    }
}

impl Distribution {
    fn add(&mut self, d: Decimal, n: u64) {
        match self {
            Distribution::Exact(values) => {
                *values.entry(d.normalize()).or_insert(0) += n;
                if values.len() > EXACT_VALUES {
                    self.regroup(1);
                }
            }
            Distribution::Classes { width, counts } => {
                *counts.entry(floor_cents(d).div_euclid(*width)).or_insert(0) += n;
                if counts.len() > EXACT_VALUES {
                    let wider = width.saturating_mul(10);
                    self.regroup(wider);
                }
            }
        }
    }

    /// The same counts in classes at least `width` cents wide, ten times
    /// wider again while there are more than `EXACT_VALUES` classes.
    fn regroup(&mut self, width: i128) {
        let mut width = width.max(self.width());
        loop {
            let mut counts = BTreeMap::new();
            match &*self {
                Distribution::Exact(values) => {
                    for (v, c) in values {
                        *counts.entry(floor_cents(*v).div_euclid(width)).or_insert(0) += c;
                    }
                }
                Distribution::Classes {
                    width: old,
                    counts: old_counts,
                } => {
                    // Widths are powers of 10, so an old class lies inside one new class.
                    let factor = width / old;
                    for (k, c) in old_counts {
                        *counts.entry(k.div_euclid(factor)).or_insert(0) += c;
                    }
                }
            }
            let full = counts.len() > EXACT_VALUES;
            *self = Distribution::Classes { width, counts };
            match width.checked_mul(10) {
                Some(wider) if full => width = wider,
                _ => return,
            }
        }
    }

    /// The class width in cents (1 while exact).
    fn width(&self) -> i128 {
        match self {
            Distribution::Exact(_) => 1,
            Distribution::Classes { width, .. } => *width,
        }
    }

    fn merge(&mut self, other: Distribution) {
        match other {
            Distribution::Exact(values) => {
                for (v, c) in values {
                    self.add(v, c);
                }
            }
            Distribution::Classes { width, counts } => {
                let mut other = Distribution::Classes { width, counts };
                let width = width.max(self.width());
                other.regroup(width);
                self.regroup(width);
                // Same width now; add the other's counts class by class.
                if let (
                    Distribution::Classes { counts: mine, .. },
                    Distribution::Classes { counts: theirs, .. },
                ) = (&mut *self, other)
                {
                    for (k, c) in theirs {
                        *mine.entry(k).or_insert(0) += c;
                    }
                }
                let width = self.width();
                self.regroup(width);
            }
        }
    }

    /// Every value (exact) or class lower bound with its count, in order.
    fn values(&self) -> Vec<(Decimal, u64)> {
        match self {
            Distribution::Exact(values) => values.iter().map(|(v, c)| (*v, *c)).collect(),
            Distribution::Classes { width, counts } => counts
                .iter()
                .map(|(k, c)| (from_cents(k * width), *c))
                .collect(),
        }
    }
}

impl NumStats {
    pub fn add(&mut self, d: Decimal, n: u64) {
        self.count += n;
        self.sum.add(d, n);
        self.min = Some(self.min.map_or(d, |m| m.min(d)));
        self.max = Some(self.max.map_or(d, |m| m.max(d)));
        if d.is_zero() {
            self.zeros += n;
        }
        self.scale = self.scale.max(d.scale());
        self.distribution.add(d, n);
    }

    /// `d` (a normalised value from the distribution) with the values'
    /// scale: only zeros are added, so where that does not fit, `d` stays.
    fn with_scale(&self, d: Decimal) -> Decimal {
        let mut scaled = d;
        scaled.rescale(self.scale);
        if scaled == d {
            scaled
        } else {
            d
        }
    }

    pub fn merge(&mut self, other: NumStats) {
        self.count += other.count;
        self.sum.merge(other.sum);
        self.zeros += other.zeros;
        self.scale = self.scale.max(other.scale);
        if let Some(m) = other.min {
            self.min = Some(self.min.map_or(m, |x| x.min(m)));
        }
        if let Some(m) = other.max {
            self.max = Some(self.max.map_or(m, |x| x.max(m)));
        }
        self.distribution.merge(other.distribution);
    }

    /// The (lower) median: a value from the data while the values are kept
    /// exactly. Otherwise the lower bound of the class holding it (at least
    /// the minimum) and the class width, as an amount.
    pub fn median(&self) -> Option<(Decimal, Option<Decimal>)> {
        let half = self.count.div_ceil(2);
        let mut seen = 0;
        for (v, c) in self.distribution.values() {
            seen += c;
            if seen >= half && half > 0 {
                return Some(match &self.distribution {
                    Distribution::Exact(_) => (self.with_scale(v), None),
                    Distribution::Classes { width, .. } => {
                        (self.min.map_or(v, |m| m.max(v)), Some(from_cents(*width)))
                    }
                });
            }
        }
        None
    }

    /// Every distinct value with its count, smallest first, when there are
    /// at most `max` of them (kept exactly).
    pub fn distinct(&self, max: usize) -> Vec<ValueCount> {
        match &self.distribution {
            Distribution::Exact(values) if values.len() <= max => values
                .iter()
                .map(|(d, n)| ValueCount {
                    value: self.with_scale(*d),
                    count: *n,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// `n` equal-width buckets between min and max, their inner bounds
    /// rounded to cents; each value is counted in the bucket whose shown
    /// bounds hold it (with classes: where the class's lower bound falls).
    pub fn histogram(&self, n: usize) -> Vec<Bucket> {
        let (Some(min), Some(max)) = (self.min, self.max) else {
            return Vec::new();
        };
        let range = max.checked_sub(min).filter(|r| !r.is_zero());
        let (Some(range), true) = (range, n > 0) else {
            return vec![Bucket {
                from: min,
                to: max,
                count: self.count,
            }];
        };
        // Bounds 0..=n: min, the rounded inner bounds, max.
        let mut bounds = Vec::with_capacity(n + 1);
        bounds.push(min);
        for i in 1..n {
            let Some(bound) = inner_bound(min, range, i as u64, n as u64) else {
                return vec![Bucket {
                    from: min,
                    to: max,
                    count: self.count,
                }];
            };
            bounds.push(bound);
        }
        bounds.push(max);
        let inner = &bounds[1..n];
        let mut counts = vec![0u64; n];
        for (v, c) in self.distribution.values() {
            counts[inner.partition_point(|b| *b <= v)] += c;
        }
        counts
            .into_iter()
            .enumerate()
            .map(|(i, count)| Bucket {
                from: bounds[i],
                to: bounds[i + 1],
                count,
            })
            .collect()
    }
}

/// `min + range × i / n`, rounded to cents. With amounts near the largest
/// Decimal, `range × i` may not fit; dividing first may then round the
/// bound in its last digit, which is harmless: values are counted against
/// the bounds as shown. `None` if even that does not fit.
fn inner_bound(min: Decimal, range: Decimal, i: u64, n: u64) -> Option<Decimal> {
    let (i, n) = (Decimal::from(i), Decimal::from(n));
    let step = match range.checked_mul(i) {
        Some(x) => x.checked_div(n)?,
        None => range.checked_div(n)?.checked_mul(i)?,
    };
    Some(min.checked_add(step)?.round_dp(2))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValueCount {
    #[serde(with = "rust_decimal::serde::str")]
    #[serde(rename = "waarde")]
    pub value: Decimal,
    #[serde(rename = "aantal")]
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bucket {
    #[serde(with = "rust_decimal::serde::str")]
    #[serde(rename = "van")]
    pub from: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[serde(rename = "tot")]
    pub to: Decimal,
    #[serde(rename = "aantal")]
    pub count: u64,
}

#[cfg(test)]
mod tests {
    //! The distribution of numeric outputs: exact medians from the data,
    //! the fallback to cent classes, histogram bounds, and merging.

    use super::*;

    fn amount(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    fn stats_of(values: &[Decimal]) -> NumStats {
        let mut s = NumStats::default();
        for v in values {
            s.add(*v, 1);
        }
        s
    }

    /// The lower median computed independently: sort and take element ⌈n/2⌉.
    fn lower_median(values: &[Decimal]) -> Decimal {
        let mut sorted = values.to_vec();
        sorted.sort();
        sorted[sorted.len().div_ceil(2) - 1]
    }

    #[test]
    fn median_is_a_value_from_the_data_while_values_are_few() {
        let values: Vec<Decimal> = ["12.50", "0", "12.5", "99.99", "-3.10", "12.50", "40"]
            .iter()
            .map(|s| amount(s))
            .collect();
        let s = stats_of(&values);
        assert_eq!(s.median(), Some((amount("12.5"), None)));
        assert_eq!(lower_median(&values), amount("12.5"));
        // 12.50 and 12.5 are one value.
        let distinct = s.distinct(12);
        assert_eq!(distinct.len(), 5);
        assert_eq!(distinct[2].value, amount("12.5"));
        assert_eq!(distinct[2].count, 3);
        assert_eq!(distinct[0].value, amount("-3.10"));
        // An even count takes the lower of the two middle values.
        let two = stats_of(&[amount("1"), amount("2")]);
        assert_eq!(two.median(), Some((amount("1"), None)));
        assert_eq!(NumStats::default().median(), None);
    }

    #[test]
    fn many_distinct_values_fall_back_to_cent_classes() {
        // 6,000 distinct amounts with fractions of a cent, some negative.
        let values: Vec<Decimal> = (0..6_000i64)
            .map(|i| Decimal::new(i * 1_337 - 2_000_000, 4))
            .collect();
        let s = stats_of(&values);
        let (median, width) = s.median().expect("a median");
        let width = width.expect("approximate: more than 4,096 distinct values");
        let exact = lower_median(&values);
        // Classes of whole cents, ten times wider while there are too many.
        assert_eq!(width, amount("1.00"));
        assert!(
            median <= exact && exact < median + width,
            "{median} {width} {exact}"
        );
        assert!(s.distinct(12).is_empty());
        // Every value lands in exactly one histogram bucket.
        let histogram = s.histogram(10);
        assert_eq!(histogram.len(), 10);
        assert_eq!(histogram.iter().map(|b| b.count).sum::<u64>(), 6_000);
        assert_eq!(histogram[0].from, s.min.expect("min"));
        assert_eq!(histogram[9].to, s.max.expect("max"));
        // The report says so.
        let mut sorted = values.clone();
        sorted.sort();
        assert_eq!(s.min, sorted.first().copied());
        assert_eq!(s.max, sorted.last().copied());
    }

    #[test]
    fn histogram_counts_each_value_within_its_shown_bounds() {
        let values: Vec<Decimal> = (0..40i64).map(|i| Decimal::new(i * i * 7, 2)).collect();
        let s = stats_of(&values);
        let histogram = s.histogram(10);
        assert_eq!(histogram.len(), 10);
        for (i, b) in histogram.iter().enumerate() {
            let last = i + 1 == histogram.len();
            let inside = values
                .iter()
                .filter(|v| **v >= b.from && (**v < b.to || (last && **v <= b.to)))
                .count() as u64;
            assert_eq!(b.count, inside, "bucket {i}: {} – {}", b.from, b.to);
        }
        // One value: one bucket holding everything.
        let single = stats_of(&[amount("5"), amount("5")]);
        let one = single.histogram(10);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].count, 2);
    }

    #[test]
    fn merged_distributions_equal_one_run_exact_or_in_classes() {
        let values: Vec<Decimal> = (0..9_000i64)
            .map(|i| Decimal::new((i * 7_919) % 12_345 + i, 2))
            .collect();
        // Split so that one part stays exact and the other needs classes.
        for split in [100, 3_000, 4_500, 8_990] {
            let whole = stats_of(&values);
            let mut first = stats_of(&values[..split]);
            first.merge(stats_of(&values[split..]));
            assert_eq!(first.median(), whole.median(), "split at {split}");
            assert_eq!(first.histogram(10), whole.histogram(10), "split at {split}");
            assert_eq!(first.count, whole.count);
            assert_eq!(first.sum, whole.sum);
        }
        // Few values: merging keeps them exact.
        let few: Vec<Decimal> = (0..50i64).map(|i| Decimal::new(i % 7, 0)).collect();
        let mut a = stats_of(&few[..20]);
        a.merge(stats_of(&few[20..]));
        assert_eq!(a.distinct(12), stats_of(&few).distinct(12));
        assert_eq!(a.median(), Some((lower_median(&few), None)));
    }

    #[test]
    fn median_and_distinct_values_keep_the_scale_of_the_amounts() {
        let s = stats_of(&[amount("10.00"), amount("20.00"), amount("20.00")]);
        let (median, _) = s.median().expect("a median");
        assert_eq!(median.to_string(), "20.00");
        let shown: Vec<String> = s.distinct(12).iter().map(|v| v.value.to_string()).collect();
        assert_eq!(shown, ["10.00", "20.00"]);
        // Mixed scales: the largest wins, whole numbers stay whole.
        let mixed = stats_of(&[amount("3"), amount("1.5"), amount("2")]);
        assert_eq!(
            mixed.median().map(|(m, _)| m.to_string()).as_deref(),
            Some("2.0")
        );
        let whole = stats_of(&[amount("3"), amount("1"), amount("2")]);
        assert_eq!(
            whole.median().map(|(m, _)| m.to_string()).as_deref(),
            Some("2")
        );
        // Merged from workers, the scale is that of all values.
        let mut a = stats_of(&[amount("7")]);
        a.merge(stats_of(&[amount("7.25"), amount("9.10")]));
        assert_eq!(
            a.median().map(|(m, _)| m.to_string()).as_deref(),
            Some("7.25")
        );
        // A huge value with a small scale alongside: nothing is cut off.
        let huge = stats_of(&[Decimal::MAX, Decimal::MAX, amount("0.001")]);
        assert_eq!(huge.median().map(|(m, _)| m), Some(Decimal::MAX));
    }

    #[test]
    fn a_full_counter_merges_the_same_whatever_the_hash_order() {
        // Two workers; the first holds two keys of three allowed: which of
        // the second's keys gets the last place is the one seen first.
        let merged = || {
            let mut a = Counter::new(3);
            a.add("x", 1, 1);
            a.add("y", 2, 1);
            let mut b = Counter::new(10);
            for (i, k) in ["p", "q", "r", "s", "t"].iter().enumerate() {
                b.add(k, 10 - i as u64, 1);
            }
            a.merge(b);
            a.sorted()
        };
        let first = merged();
        let kept: Vec<&str> = first.iter().map(|c| c.value.as_str()).collect();
        assert_eq!(kept, ["t", "x", "y", "overige"]);
        for _ in 0..20 {
            assert_eq!(merged(), first);
        }
    }

    // -------------------------------------------------------- totals

    #[test]
    fn exact_sums_refuse_overflow_and_dropped_digits() {
        let max = Decimal::MAX;
        assert_eq!(
            exact_add(amount("1.25"), amount("2.5")),
            Some(amount("3.75"))
        );
        assert_eq!(exact_add(max, Decimal::ONE), None);
        assert_eq!(exact_add(max, -max), Some(Decimal::ZERO));
        // The largest mantissa with cents: rust_decimal's own checked_add
        // rounds a tenth of a cent more away, exact_add refuses; one cent
        // more does not fit either, one cent less does.
        let big = amount("792281625142643375935439503.35");
        let tenth = amount("0.001");
        assert!(big.checked_add(tenth).is_some());
        assert_eq!(exact_add(big, tenth), None);
        assert_eq!(exact_add(big, amount("0.01")), None);
        assert_eq!(
            exact_add(big, amount("-0.01")),
            Some(amount("792281625142643375935439503.34"))
        );
        assert_eq!(exact_mul(amount("2.50"), 3), Some(amount("7.50")));
        assert_eq!(exact_mul(max, 2), None);
        // ×10 only moves the decimal point; ×3 needs a digit more than fits.
        assert_eq!(
            exact_mul(big, 10),
            Some(amount("7922816251426433759354395033.5"))
        );
        assert_eq!(exact_mul(big, 3), None);
        assert_eq!(exact_mul(max, 1), Some(max));
    }

    #[test]
    fn a_sum_that_does_not_fit_is_too_large_in_any_order() {
        let max = Decimal::MAX;
        let values = [max, amount("12.50"), -max, max, -max, amount("-0.50")];
        // Added one by one: positive amounts alone exceed the largest Decimal.
        let mut one = Sum::default();
        for v in values {
            one.add(v, 1);
        }
        assert_eq!(one.total(), Total::TooLarge);
        // The same in another order, and split over two workers.
        let mut reversed = Sum::default();
        for v in values.iter().rev() {
            reversed.add(*v, 1);
        }
        assert_eq!(reversed.total(), Total::TooLarge);
        let (mut a, mut b) = (Sum::default(), Sum::default());
        for (i, v) in values.iter().enumerate() {
            if i % 2 == 0 {
                a.add(*v, 1)
            } else {
                b.add(*v, 1)
            }
        }
        a.merge(b);
        assert_eq!(a.total(), Total::TooLarge);
        // Up to the largest Decimal on either side, the total is exact.
        let mut fits = Sum::default();
        for v in [max - amount("12"), amount("12"), -max] {
            fits.add(v, 1);
        }
        assert_eq!(fits.total(), Total::Exact(Decimal::ZERO));
        // Counted `n` times at once, as one by one.
        let mut many = Sum::default();
        many.add(amount("0.10"), 3);
        assert_eq!(many.total(), Total::Exact(amount("0.30")));
        many.add(max, 2);
        assert_eq!(many.total(), Total::TooLarge);
    }

    #[test]
    fn figures_from_a_total_that_is_too_large_are_unknown() {
        let max = Total::Exact(Decimal::MAX);
        let big = Total::TooLarge;
        assert_eq!(
            Total::Exact(amount("10")).mean(4, 2),
            Some(Total::Exact(amount("2.5")))
        );
        assert_eq!(big.mean(4, 2), Some(Total::Unknown));
        assert_eq!(big.mean(0, 2), None);
        assert_eq!(max.per_year(Some(Period::Month)), Some(Total::TooLarge));
        assert_eq!(big.per_year(Some(Period::Week)), Some(Total::TooLarge));
        assert_eq!(big.per_year(None), None);
        assert_eq!(
            Total::Exact(amount("10")).per_year(Some(Period::Month)),
            Some(Total::Exact(amount("120")))
        );
        assert_eq!(big.minus(Total::Exact(amount("1"))), Total::Unknown);
        assert_eq!(Total::Exact(Decimal::MIN).minus(max), Total::TooLarge);
        assert_eq!(max.plus(max), Total::TooLarge);
        assert_eq!(max.plus(Total::Unknown), Total::Unknown);
        // Shown as a plain decimal (with a precision if asked), or the reason.
        assert_eq!(format!("{:.2}", Total::Exact(amount("3.5"))), "3.50");
        assert_eq!(big.to_string(), TOO_LARGE);
        assert_eq!(Total::Unknown.to_string(), UNKNOWN);
        assert_eq!(
            serde_json::to_value([Total::Exact(amount("1.50")), big]).ok(),
            Some(serde_json::json!(["1.50", TOO_LARGE]))
        );
    }

    #[test]
    fn statistics_of_the_largest_amounts_do_not_overflow() {
        let max = Decimal::MAX;
        // Many distinct huge values: cent classes, the median and a
        // histogram near the limit.
        let values: Vec<Decimal> = (0..5_000i64)
            .map(|i| max - Decimal::from(i) * amount("1000000000000000000000"))
            .chain([Decimal::ZERO, -max])
            .collect();
        let s = stats_of(&values);
        assert_eq!(s.sum.total(), Total::TooLarge);
        assert_eq!(s.min, Some(-max));
        assert_eq!(s.max, Some(max));
        let (median, width) = s.median().expect("a median");
        let width = width.expect("classes");
        let exact = lower_median(&values);
        assert!(
            median <= exact && exact - median < width,
            "{median} {width} {exact}"
        );
        // From -max to max the range does not fit: one bucket with everything.
        let histogram = s.histogram(10);
        assert_eq!(histogram.iter().map(|b| b.count).sum::<u64>(), 5_002);
        // Only positive huge values: ten buckets, every value counted once.
        let positive = stats_of(&values[..5_000]);
        let histogram = positive.histogram(10);
        assert_eq!(histogram.len(), 10);
        assert_eq!(histogram.iter().map(|b| b.count).sum::<u64>(), 5_000);
        let zero_to_max = stats_of(&[Decimal::ZERO, amount("1"), max]);
        let histogram = zero_to_max.histogram(10);
        assert_eq!(histogram.len(), 10);
        assert_eq!(histogram[9].to, max);
        assert!(histogram
            .windows(2)
            .all(|w| w[0].to == w[1].from && w[0].from <= w[0].to));
    }
}
