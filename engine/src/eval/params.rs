//! Parameters resolved for one peildatum: each parameter's dated entry in
//! force, found once per peildatum and shared by every case of a batch.
//! A parameter without a value on that date is an error only when an
//! evaluation actually reads it.

use super::error::{EvalError, EvalErrorKind};
use crate::ir::{DatedValue, ParamId, Program};
use crate::value::Value;
use chrono::NaiveDate;

#[derive(Debug, Clone)]
pub struct ResolvedParams {
    peildatum: NaiveDate,
    /// Per parameter: the index of the entry in force, if any.
    entries: Vec<Option<u32>>,
}

impl ResolvedParams {
    pub fn new(program: &Program, peildatum: NaiveDate) -> ResolvedParams {
        let entries = program
            .params
            .iter()
            .map(|p| entry_at(&p.timeline, peildatum))
            .collect();
        ResolvedParams { peildatum, entries }
    }

    pub fn peildatum(&self) -> NaiveDate {
        self.peildatum
    }

    /// The value of parameter `id` with the dated entry it comes from.
    #[inline]
    pub fn get<'p>(
        &self,
        program: &'p Program,
        id: ParamId,
    ) -> Result<(&'p Value, &'p DatedValue), EvalError> {
        let param = program.params.get(id as usize);
        let entry = self
            .entries
            .get(id as usize)
            .copied()
            .flatten()
            .and_then(|i| param?.timeline.get(i as usize));
        match entry {
            Some(e) => Ok((&e.value, e)),
            None => Err(self.missing(program, id)),
        }
    }

    #[cold]
    fn missing(&self, program: &Program, id: ParamId) -> EvalError {
        match program.params.get(id as usize) {
            Some(p) => EvalError::new(
                EvalErrorKind::Parameter,
                format!(
                    "geen waarde voor parameter `{}` bekend op {}",
                    p.name,
                    crate::case::iso_date(self.peildatum)
                ),
            )
            .at(&p.origin),
            None => EvalError::new(EvalErrorKind::Internal, format!("onbekende parameter {id}")),
        }
    }
}

/// The entry in force on `date`: the one with the latest `from` not after
/// `date`, provided its `through` (if any) is not before `date`.
fn entry_at(timeline: &[DatedValue], date: NaiveDate) -> Option<u32> {
    // A plain loop (the last of equal `from`s wins, as with `max_by_key`):
    // one-shot evaluations resolve every parameter of the program.
    let mut found: Option<(usize, &DatedValue)> = None;
    for (i, e) in timeline.iter().enumerate() {
        if e.from <= date && found.is_none_or(|(_, f)| e.from >= f.from) {
            found = Some((i, e));
        }
    }
    let (i, e) = found?;
    match e.through {
        Some(t) if t < date => None,
        _ => u32::try_from(i).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn entry(from: NaiveDate, through: Option<NaiveDate>) -> DatedValue {
        DatedValue {
            from,
            through,
            value: Value::Empty,
            supplied_by: None,
            end_reason: None,
        }
    }

    #[test]
    fn picks_the_entry_in_force() {
        let t = vec![
            entry(d(2024, 1, 1), None),
            entry(d(2025, 1, 1), None),
            entry(d(2026, 1, 1), Some(d(2026, 12, 31))),
        ];
        assert_eq!(entry_at(&t, d(2023, 12, 31)), None);
        assert_eq!(entry_at(&t, d(2024, 1, 1)), Some(0));
        assert_eq!(entry_at(&t, d(2024, 12, 31)), Some(0));
        assert_eq!(entry_at(&t, d(2025, 6, 1)), Some(1));
        assert_eq!(entry_at(&t, d(2026, 12, 31)), Some(2));
        assert_eq!(entry_at(&t, d(2027, 1, 1)), None);
        let constant = vec![entry(NaiveDate::MIN, None)];
        assert_eq!(entry_at(&constant, d(1900, 1, 1)), Some(0));
    }
}
