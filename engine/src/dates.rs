//! Calendar arithmetic with the conventions of Dutch social law: adding
//! months clamps to the last day of the month (31 August + 3 months is
//! 30 November; 29 February + 1 year is 28 February), a duration of years
//! and months is added at once as months, and an age is the number of whole
//! years that fit between the birth date and the day it is asked for.

use chrono::{Datelike, NaiveDate};

/// `date` plus `months` (may be negative), clamped to the end of the target
/// month. `None` when the result falls outside chrono's date range.
pub fn add_months(date: NaiveDate, months: i64) -> Option<NaiveDate> {
    let index = i64::from(date.year())
        .checked_mul(12)?
        .checked_add(i64::from(date.month0()))?
        .checked_add(months)?;
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = u32::try_from(index.rem_euclid(12)).ok()? + 1;
    let last = days_in_month(year, month)?;
    NaiveDate::from_ymd_opt(year, month, date.day().min(last))
}

/// `date` shifted by a duration: first the months (years × 12 + months at
/// once, clamped to the month's end), then the days.
pub fn shift(date: NaiveDate, months: i64, days: i64) -> Option<NaiveDate> {
    let moved = add_months(date, months)?;
    moved.checked_add_signed(chrono::Duration::try_days(days)?)
}

/// Months and days of duration `a` plus (or, with `subtract`, minus)
/// duration `b`, each as (months, days); `None` on overflow. Shared by the
/// evaluator and the checker's constant folding.
pub fn add_durations(a: (i32, i32), b: (i32, i32), subtract: bool) -> Option<(i32, i32)> {
    if subtract {
        a.0.checked_sub(b.0).zip(a.1.checked_sub(b.1))
    } else {
        a.0.checked_add(b.0).zip(a.1.checked_add(b.1))
    }
}

/// Age in whole years on `on`: the largest `n` with
/// `add_months(birth, 12 n) <= on`. Negative when `on` is before `birth`.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i64 {
    let n = i64::from(on.year()) - i64::from(birth.year());
    // add_months(birth, 12 n) is birth's month and day (clamped to that
    // month's length) in the year of `on`: when that is after `on`, one
    // year fewer fits.
    let day = match days_in_month(on.year(), birth.month()) {
        Some(last) => birth.day().min(last),
        None => birth.day(),
    };
    if (birth.month(), day) > (on.month(), on.day()) {
        n - 1
    } else {
        n
    }
}

/// The first day of the date's month.
pub fn first_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

/// The last day of the date's month.
pub fn last_of_month(date: NaiveDate) -> NaiveDate {
    days_in_month(date.year(), date.month())
        .and_then(|d| date.with_day(d))
        .unwrap_or(date)
}

pub use grammar::calendar::{days_in_month, is_leap_year};

/// A date in Dutch prose: `1 maart 2025`.
pub fn dutch(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        grammar::calendar::MONTH_NAMES[date.month0() as usize],
        date.year()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn durations_add_and_subtract_without_overflow() {
        assert_eq!(add_durations((12, 3), (1, 4), false), Some((13, 7)));
        assert_eq!(add_durations((12, 3), (1, 4), true), Some((11, -1)));
        assert_eq!(add_durations((i32::MAX, 0), (1, 0), false), None);
        // The minimum subtracted: once an overflow in the checker's folding
        // (`-1 * i32::MIN`), now refused like any overflow.
        assert_eq!(add_durations((0, 0), (i32::MIN, 0), true), None);
        assert_eq!(
            add_durations((-1, 0), (i32::MIN, 0), true),
            Some((i32::MAX, 0))
        );
    }

    #[test]
    fn add_months_clamps_to_month_end() {
        assert_eq!(add_months(d(2025, 8, 31), 3), Some(d(2025, 11, 30)));
        assert_eq!(add_months(d(2025, 1, 31), 1), Some(d(2025, 2, 28)));
        assert_eq!(add_months(d(2024, 1, 31), 1), Some(d(2024, 2, 29)));
        assert_eq!(add_months(d(2024, 2, 29), 12), Some(d(2025, 2, 28)));
        assert_eq!(add_months(d(2024, 2, 29), 48), Some(d(2028, 2, 29)));
        assert_eq!(add_months(d(2025, 3, 31), -1), Some(d(2025, 2, 28)));
        assert_eq!(add_months(d(2025, 1, 15), -13), Some(d(2023, 12, 15)));
        assert_eq!(add_months(d(2025, 12, 15), 1), Some(d(2026, 1, 15)));
        assert_eq!(add_months(d(2025, 1, 1), i64::MAX), None);
        assert_eq!(add_months(NaiveDate::MAX, 1), None);
    }

    #[test]
    fn shift_adds_months_at_once_then_days() {
        // 67 jaar + 3 maanden from 31 August: months at once → 30 November.
        assert_eq!(shift(d(1958, 8, 31), 67 * 12 + 3, 0), Some(d(2025, 11, 30)));
        // Two months at once: 31 March (one at a time would pass through
        // 28 February and give 28 March).
        assert_eq!(shift(d(2025, 1, 31), 2, 0), Some(d(2025, 3, 31)));
        assert_eq!(shift(d(2025, 1, 31), 1, 1), Some(d(2025, 3, 1)));
        assert_eq!(shift(d(2025, 3, 1), 0, -1), Some(d(2025, 2, 28)));
        assert_eq!(shift(d(2025, 3, 1), -1, -7), Some(d(2025, 1, 25)));
        assert_eq!(shift(NaiveDate::MAX, 0, 1), None);
        assert_eq!(shift(d(2025, 3, 1), 0, i64::MAX), None);
    }

    #[test]
    fn age_counts_whole_years() {
        assert_eq!(age_on(d(1960, 5, 10), d(2025, 5, 9)), 64);
        // Birthday on the peildatum: already a year older.
        assert_eq!(age_on(d(1960, 5, 10), d(2025, 5, 10)), 65);
        assert_eq!(age_on(d(1960, 5, 10), d(2025, 12, 31)), 65);
        assert_eq!(age_on(d(2025, 5, 10), d(2025, 5, 10)), 0);
        assert_eq!(age_on(d(2025, 5, 10), d(2025, 5, 9)), -1);
        assert_eq!(age_on(d(2025, 5, 10), d(2023, 5, 10)), -2);
    }

    #[test]
    fn age_agrees_with_its_definition() {
        // The largest n with add_months(birth, 12 n) <= on, by search.
        let by_definition = |birth: NaiveDate, on: NaiveDate| {
            (-200i64..200)
                .filter(|n| add_months(birth, 12 * n).is_some_and(|d| d <= on))
                .max()
                .unwrap_or(i64::MIN)
        };
        let births = [
            d(2000, 2, 29),
            d(1999, 12, 31),
            d(1960, 1, 1),
            d(2004, 3, 1),
            d(1958, 8, 31),
        ];
        let mut on = d(2023, 1, 1);
        while on <= d(2025, 1, 10) {
            for b in births {
                assert_eq!(age_on(b, on), by_definition(b, on), "{b} on {on}");
            }
            on = on.succ_opt().expect("next day");
        }
    }

    #[test]
    fn age_of_leap_day_child_turns_on_28_february() {
        assert_eq!(age_on(d(2008, 2, 29), d(2025, 2, 27)), 16);
        assert_eq!(age_on(d(2008, 2, 29), d(2025, 2, 28)), 17);
        assert_eq!(age_on(d(2008, 2, 29), d(2024, 2, 28)), 15);
        assert_eq!(age_on(d(2008, 2, 29), d(2024, 2, 29)), 16);
    }

    #[test]
    fn month_bounds() {
        assert_eq!(first_of_month(d(2025, 2, 14)), d(2025, 2, 1));
        assert_eq!(last_of_month(d(2025, 2, 14)), d(2025, 2, 28));
        assert_eq!(last_of_month(d(2024, 2, 1)), d(2024, 2, 29));
        assert_eq!(last_of_month(d(2025, 12, 1)), d(2025, 12, 31));
        assert_eq!(days_in_month(2025, 4), Some(30));
        assert_eq!(days_in_month(2025, 13), None);
        assert_eq!(days_in_month(2000, 2), Some(29));
        assert_eq!(days_in_month(1900, 2), Some(28));
        assert_eq!(days_in_month(2024, 2), Some(29));
    }

    #[test]
    fn dutch_dates() {
        assert_eq!(dutch(d(2025, 3, 1)), "1 maart 2025");
        assert_eq!(dutch(d(2026, 12, 31)), "31 december 2026");
    }
}
