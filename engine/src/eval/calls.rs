//! Calls: user functions (a new frame on the local stack) and the built-in
//! functions (dates, minimum/maximum, tekst, waarde).

use super::error::EvalErrorKind;
use super::memo::{Answer, Key};
use super::run::{Ctx, Res, Run, Stop};
use super::tracer::Tracer;
use crate::case::format_value;
use crate::dates;
use crate::ir::{Builtin, FnId, Node};
use crate::types::Type;
use crate::value::{order, Value};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::sync::Arc;

const MAX_DEPTH: u32 = 256;

impl<'a, T: Tracer> Run<'a, '_, T> {
    /// Evaluates `args` (strictly) onto the stack from its current top,
    /// which is returned. On `Err` the stack is back where it was.
    pub fn push_args(&mut self, args: &'a [Node]) -> Res<usize> {
        let top = self.state.stack.len();
        let mut missing = false;
        for a in args {
            match self.eval(a) {
                Ok(v) => self.state.stack.push(v),
                Err(Stop::Missing) => {
                    missing = true;
                    self.state.stack.push(Value::Empty);
                }
                Err(e) => {
                    self.state.stack.truncate(top);
                    return Err(e);
                }
            }
        }
        if missing {
            self.state.stack.truncate(top);
            return Err(Stop::Missing);
        }
        Ok(top)
    }

    #[inline(never)]
    pub fn call(&mut self, f: FnId, args: &'a [Node]) -> Res<Value> {
        let program = self.program;
        let Some(def) = program.functions.get(f as usize) else {
            return Err(self.internal("onbekende functie"));
        };
        if self.depth >= MAX_DEPTH {
            let message = format!(
                "functies roepen elkaar te diep aan (meer dan {MAX_DEPTH} keer) bij `{}`",
                def.name
            );
            return Err(self.error(EvalErrorKind::Limit, message));
        }
        self.step()?;
        let base = self.push_args(args)?;
        let memoized = !T::ENABLED && def.memoized;
        if memoized {
            let known = self.state.stack.get(base..).unwrap_or_default();
            if let Some(Answer::Value(v)) = self.state.calls.find(Key::Function(f), known) {
                let v = v.clone();
                self.state.stack.truncate(base);
                return Ok(v);
            }
        }
        let frame = (def.locals as usize).max(args.len());
        self.state.stack.resize(base + frame, Value::Empty);
        let (saved_base, saved_ctx) = (self.base, self.ctx);
        self.base = base;
        self.ctx = Ctx {
            what: "functie",
            name: &def.name,
            origin: Some(&def.origin),
        };
        self.depth += 1;
        self.tracer.call_start(f);
        let result = self.eval(&def.body);
        if T::ENABLED {
            let end = (base + args.len()).min(self.state.stack.len());
            self.tracer
                .call_end(f, &self.state.stack[base..end], result.as_ref().ok());
        }
        if memoized {
            if let (Ok(v), Some(given)) = (&result, self.state.stack.get(base..base + args.len())) {
                let answer = Answer::Value(v.clone());
                self.state.calls.insert(Key::Function(f), given, answer);
            }
        }
        self.depth -= 1;
        self.state.stack.truncate(base);
        (self.base, self.ctx) = (saved_base, saved_ctx);
        result
    }

    /// `N` arguments, strictly.
    fn args<const N: usize>(&mut self, args: &'a [Node]) -> Res<[Value; N]> {
        if args.len() != N {
            return Err(self.internal("verkeerd aantal argumenten"));
        }
        let mut out: [Value; N] = std::array::from_fn(|_| Value::Empty);
        let mut missing = false;
        for (slot, a) in out.iter_mut().zip(args) {
            match self.eval(a) {
                Ok(v) => *slot = v,
                Err(Stop::Missing) => missing = true,
                Err(e) => return Err(e),
            }
        }
        if missing {
            Err(Stop::Missing)
        } else {
            Ok(out)
        }
    }

    fn date_arg(&self, v: &Value) -> Res<NaiveDate> {
        match v {
            Value::Date(d) => Ok(*d),
            Value::Empty => Err(self.internal("lege datum")),
            _ => Err(self.internal("verwachtte een datum")),
        }
    }

    fn int_arg(&self, v: &Value) -> Res<i64> {
        let d = self.as_num(v)?;
        match crate::case::integer(d) {
            Some(i) => Ok(i),
            None => Err(self.internal("verwachtte een geheel getal")),
        }
    }

    #[inline(never)]
    pub fn builtin(&mut self, b: Builtin, args: &'a [Node]) -> Res<Value> {
        let num = |n: i64| Ok(Value::Num(Decimal::from(n)));
        match b {
            Builtin::Age => {
                let [birth, on] = self.args(args)?;
                let (birth, on) = (self.date_arg(&birth)?, self.date_arg(&on)?);
                num(dates::age_on(birth, on))
            }
            Builtin::Year | Builtin::Month | Builtin::Day => {
                let [d] = self.args(args)?;
                let d = self.date_arg(&d)?;
                num(match b {
                    Builtin::Year => i64::from(d.year()),
                    Builtin::Month => i64::from(d.month()),
                    _ => i64::from(d.day()),
                })
            }
            Builtin::MakeDate => {
                let [y, m, d] = self.args(args)?;
                let (y, m, d) = (self.int_arg(&y)?, self.int_arg(&m)?, self.int_arg(&d)?);
                let date = i32::try_from(y)
                    .ok()
                    .zip(u32::try_from(m).ok())
                    .zip(u32::try_from(d).ok());
                match date.and_then(|((y, m), d)| NaiveDate::from_ymd_opt(y, m, d)) {
                    Some(date) => Ok(Value::Date(date)),
                    None => {
                        let message = format!(
                            "datum({y}; {m}; {d}) bestaat niet (bij {})",
                            self.ctx.describe()
                        );
                        Err(self.error(EvalErrorKind::InvalidDate, message))
                    }
                }
            }
            Builtin::FirstDayOfMonth => {
                let [d] = self.args(args)?;
                Ok(Value::Date(dates::first_of_month(self.date_arg(&d)?)))
            }
            Builtin::LastDayOfMonth => {
                let [d] = self.args(args)?;
                Ok(Value::Date(dates::last_of_month(self.date_arg(&d)?)))
            }
            Builtin::Min | Builtin::Max => {
                let [x, y] = self.args(args)?;
                match order(&x, &y) {
                    Some(ord) if ord.is_le() == (b == Builtin::Min) => Ok(x),
                    Some(_) => Ok(y),
                    None if self.units_differ(&x, &y) => {
                        Err(self.unit_mismatch("vergeleken", &x, &y))
                    }
                    None => Err(self.internal("minimum/maximum van onvergelijkbare waarden")),
                }
            }
            Builtin::ToText => {
                let [x] = self.args(args)?;
                Ok(match x {
                    Value::Text(t) => Value::Text(t),
                    Value::Empty => Value::Text(Arc::from("")),
                    Value::Enum(_) => {
                        return Err(self.internal(
                            "tekst() van een keuzewaarde zonder type (de checker moet Node::Text gebruiken)",
                        ))
                    }
                    other => Value::Text(Arc::from(format_value(
                        &self.program.types,
                        &Type::Never,
                        &other,
                    ))),
                })
            }
            Builtin::ValueOr => {
                let (Some(x), Some(default)) = (args.first(), args.get(1)) else {
                    return Err(self.internal("verkeerd aantal argumenten"));
                };
                match self.eval(x)? {
                    Value::Empty => self.eval(default),
                    v => Ok(v),
                }
            }
        }
    }
}
