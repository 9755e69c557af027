//! List expressions: `som van`, `aantal`, `er is een`, `voor alle`,
//! `eerste … in`, `eerste j van a tot en met b`. The loop variable is a
//! local slot of the current frame.

use super::error::EvalErrorKind;
use super::run::{Res, Run, Stop};
use super::tracer::Tracer;
use crate::ir::Node;
use crate::limits::MAX_RANGE;
use crate::value::Value;
use rust_decimal::Decimal;
use std::sync::Arc;

impl<'a, T: Tracer> Run<'a, '_, T> {
    fn items(&mut self, list: &'a Node) -> Res<Arc<[Value]>> {
        match self.eval(list)? {
            Value::List(items) => Ok(items),
            Value::Empty => Ok(Arc::from(Vec::new())),
            _ => Err(self.internal("verwachtte een lijst")),
        }
    }

    /// The filter for the current element: `Ok(None)` when it is missing.
    fn filter(&mut self, filter: Option<&'a Node>) -> Res<Option<bool>> {
        match filter {
            None => Ok(Some(true)),
            Some(f) => match self.bool(f) {
                Ok(b) => Ok(Some(b)),
                Err(Stop::Missing) => Ok(None),
                Err(e) => Err(e),
            },
        }
    }

    /// `som van value voor elke x in list waarvoor filter`: strict, the
    /// missing inputs of every element are collected; `leeg` adds nothing.
    #[inline(never)]
    pub fn sum(
        &mut self,
        local: u32,
        list: &'a Node,
        filter: Option<&'a Node>,
        value: &'a Node,
    ) -> Res<Value> {
        let items = self.items(list)?;
        let mut total = Decimal::ZERO;
        // A sum of amounts per eenheid: all of one unit (see `units`).
        let mut unit_total = None;
        let mut missing = false;
        for item in items.iter() {
            self.step()?;
            self.set_local(local, item.clone())?;
            match self.filter(filter)? {
                Some(true) => {}
                Some(false) => continue,
                None => {
                    missing = true;
                    continue;
                }
            }
            match self.eval(value) {
                Ok(Value::Num(d)) => match total.checked_add(d) {
                    Some(s) => total = s,
                    None => return Err(self.overflow()),
                },
                Ok(Value::Empty) => {}
                Ok(Value::Amount(a)) => unit_total = Some(self.unit_add(unit_total, &a)?),
                Ok(_) => return Err(self.internal("som van iets dat geen getal is")),
                Err(Stop::Missing) => missing = true,
                Err(e) => return Err(e),
            }
        }
        if missing {
            Err(Stop::Missing)
        } else if let Some(t) = unit_total {
            Ok(Value::amount(t.amount, t.unit))
        } else {
            Ok(Value::Num(total))
        }
    }

    /// `aantal x in list waarvoor filter`.
    #[inline(never)]
    pub fn count(&mut self, local: u32, list: &'a Node, filter: Option<&'a Node>) -> Res<Value> {
        let items = self.items(list)?;
        let mut n: i64 = 0;
        let mut missing = false;
        for item in items.iter() {
            self.step()?;
            self.set_local(local, item.clone())?;
            match self.filter(filter)? {
                Some(true) => n += 1,
                Some(false) => {}
                None => missing = true,
            }
        }
        if missing {
            Err(Stop::Missing)
        } else {
            Ok(Value::Num(Decimal::from(n)))
        }
    }

    /// `er is een` (`exists`) and `voor alle` (`!exists`): a chain of `of`
    /// resp. `en` over the elements, with the same partial semantics: an
    /// element that decides wins over earlier missing ones.
    #[inline(never)]
    pub fn any(
        &mut self,
        local: u32,
        list: &'a Node,
        condition: &'a Node,
        exists: bool,
    ) -> Res<Value> {
        let items = self.items(list)?;
        let mark = self.mark();
        let mut missing = false;
        for item in items.iter() {
            self.step()?;
            self.set_local(local, item.clone())?;
            let before = self.mark();
            match self.bool(condition) {
                Ok(b) if b == exists => {
                    self.forget_missing(mark);
                    return Ok(Value::Bool(exists));
                }
                Ok(_) => {}
                Err(Stop::Missing) => missing = true,
                // After a missing element the error may never happen.
                Err(Stop::Error(_)) if missing => {
                    self.forget_missing(before);
                    return Err(Stop::Missing);
                }
                Err(e) => return Err(e),
            }
        }
        if missing {
            Err(Stop::Missing)
        } else {
            Ok(Value::Bool(!exists))
        }
    }

    /// `eerste x in list waarvoor condition`: the first element that
    /// satisfies it, or leeg.
    #[inline(never)]
    pub fn first_in(&mut self, local: u32, list: &'a Node, condition: &'a Node) -> Res<Value> {
        let items = self.items(list)?;
        for item in items.iter() {
            self.step()?;
            self.set_local(local, item.clone())?;
            if self.bool(condition)? {
                return Ok(item.clone());
            }
        }
        Ok(Value::Empty)
    }

    /// `eerste j van from tot en met through waarvoor condition`: the first
    /// whole number in the range that satisfies it, or leeg.
    #[inline(never)]
    pub fn first_in_range(
        &mut self,
        local: u32,
        from: &'a Node,
        through: &'a Node,
        condition: &'a Node,
    ) -> Res<Value> {
        let (f, t) = self.with_both(from, through, |run, f, t| {
            Ok((run.as_num(f)?, run.as_num(t)?))
        })?;
        let (Some(f), Some(t)) = (crate::case::integer(f), crate::case::integer(t)) else {
            return Err(self.internal("bereik van iets dat geen geheel getal is"));
        };
        if t.saturating_sub(f) >= MAX_RANGE {
            let message = format!(
                "het bereik {f} tot en met {t} bij {} is te groot (meer dan {MAX_RANGE} getallen)",
                self.ctx.describe()
            );
            return Err(self.error(EvalErrorKind::Limit, message));
        }
        let mut j = f;
        while j <= t {
            self.step()?;
            self.set_local(local, Value::Num(Decimal::from(j)))?;
            if self.bool(condition)? {
                return Ok(Value::Num(Decimal::from(j)));
            }
            j += 1;
        }
        Ok(Value::Empty)
    }
}
