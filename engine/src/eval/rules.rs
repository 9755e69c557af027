//! Rules: lazy evaluation with the per-case memo, exceptions (Catala
//! semantics), afwegingsladders and overrides (afwijken).

use super::error::EvalErrorKind;
use super::run::{Ctx, Memo, Res, Run, Stop};
use super::tracer::{How, Tracer};
use crate::case::format_value;
use crate::display::value_text;
use crate::ir::{
    Definition, ExceptionDef, LadderDef, RuleDef, RuleId, StepDef, Template, TemplatePart,
};
use crate::value::Value;

impl<'a, T: Tracer> Run<'a, '_, T> {
    /// The value of rule `id`, from the memo or evaluated now.
    #[inline]
    pub fn rule(&mut self, id: RuleId) -> Res<Value> {
        match self.state.memo.get(id as usize) {
            Some(Memo::Done) => match self.state.values.get(id as usize) {
                Some(v) => {
                    let v = v.clone();
                    self.tracer.rule_read(id);
                    Ok(v)
                }
                None => Err(self.internal("regelwaarde ontbreekt")),
            },
            Some(Memo::Unset) => self.evaluate_rule(id),
            Some(&Memo::Missing { start, len }) => {
                self.replay_missing(start, len);
                Err(Stop::Missing)
            }
            Some(&Memo::Failed(i)) => match self.state.errors.get(i as usize) {
                Some(e) => Err(Stop::Error(Box::new(e.clone()))),
                None => Err(self.internal("regelfout ontbreekt")),
            },
            Some(Memo::Active) => Err(self.cycle(id)),
            None => Err(self.internal("onbekende regel")),
        }
    }

    #[cold]
    fn cycle(&self, id: RuleId) -> Stop {
        let name = self
            .program
            .rules
            .get(id as usize)
            .map_or("?", |r| r.name.as_str());
        let message = format!("de regel `{name}` hangt (via andere regels) van zichzelf af");
        self.error(EvalErrorKind::Cycle, message)
    }

    #[inline(never)]
    fn evaluate_rule(&mut self, id: RuleId) -> Res<Value> {
        let program = self.program;
        let Some(rule) = program.rules.get(id as usize) else {
            return Err(self.internal("onbekende regel"));
        };
        let slot = id as usize;
        self.state.memo[slot] = Memo::Active;
        let (saved_base, saved_seg, saved_ctx) = (self.base, self.seg, self.ctx);
        let base = self.state.stack.len();
        if rule.locals > 0 {
            self.state
                .stack
                .resize(base + rule.locals as usize, Value::Empty);
        }
        self.base = base;
        self.seg = self.state.missing.len();
        self.ctx = Ctx::rule(rule);
        self.tracer.rule_start(id);

        let result = match self.override_for(id) {
            Some(k) => Ok(self.overridden(rule, k)),
            None => self.definition(rule),
        };

        self.state.stack.truncate(base);
        let seg = self.seg;
        (self.base, self.seg, self.ctx) = (saved_base, saved_seg, saved_ctx);
        // The result is inspected in place and returned as is (moving a
        // value just written costs a store-forwarding stall).
        match &result {
            Ok(v) => {
                self.state.missing.truncate(seg);
                if T::ENABLED {
                    let how = std::mem::replace(&mut self.how, How::Undecided);
                    self.tracer.rule_end(id, Some(v), how);
                }
                self.state.memo[slot] = Memo::Done;
                self.state.values[slot] = v.clone();
                self.tracer.rule_read(id);
            }
            Err(Stop::Missing) => {
                let start = self.state.arena.len();
                let needed = &self.state.missing[seg..];
                self.state.arena.extend_from_slice(needed);
                let len = needed.len();
                self.state.missing.truncate(seg);
                let (start, len) = (start as u32, len as u32);
                self.state.memo[slot] = Memo::Missing { start, len };
                if T::ENABLED {
                    self.tracer.rule_end(id, None, How::Undecided);
                }
                self.replay_missing(start, len);
            }
            Err(Stop::Error(e)) => {
                self.state.missing.truncate(seg);
                self.state.memo[slot] = Memo::Failed(self.state.errors.len() as u32);
                self.state.errors.push((**e).clone());
                if T::ENABLED {
                    self.tracer.rule_end(id, None, How::Undecided);
                }
            }
        }
        result
    }

    /// The rule's own value: an applicable exception, else the base
    /// definition (expression or ladder). When tracing, `self.how` says
    /// which (set last, after any rule this one reads).
    fn definition(&mut self, rule: &'a RuleDef) -> Res<Value> {
        if !rule.exceptions.is_empty() {
            if let Some(found) = self.exceptions(rule, &rule.exceptions)? {
                if T::ENABLED {
                    self.how = How::Exception(found.decided_by);
                }
                return Ok(found.value);
            }
        }
        match &rule.def {
            Definition::Expr(node) => {
                // Returned as is, not unwrapped and rewrapped: a fresh value
                // moved through memory again costs a store-forwarding stall.
                let result = self.eval(node);
                if T::ENABLED && result.is_ok() {
                    self.how = How::Base;
                }
                result
            }
            Definition::Ladder(ladder) => self.ladder(ladder),
        }
    }

    /// The applicable exception among `list` (one rank), its own children
    /// first. `None` when none applies; a conflict when two apply with
    /// different values. Every condition of the rank is evaluated (that is
    /// what finds conflicts); a missing one leaves the rule undecided.
    fn exceptions(
        &mut self,
        rule: &'a RuleDef,
        list: &'a [ExceptionDef],
    ) -> Res<Option<Found<'a>>> {
        let saved = self.ctx;
        let mut found: Option<Found<'a>> = None;
        let mut missing = false;
        for exc in list {
            self.ctx.origin = Some(&exc.origin);
            let applies = match self.bool(&exc.condition) {
                Ok(b) => b,
                Err(Stop::Missing) => {
                    missing = true;
                    continue;
                }
                Err(e) => {
                    self.ctx = saved;
                    return Err(e);
                }
            };
            if !applies {
                continue;
            }
            let child = if exc.children.is_empty() {
                Ok(None)
            } else {
                self.exceptions(rule, &exc.children)
            };
            self.ctx.origin = Some(&exc.origin);
            let this = match child {
                Ok(Some(inner)) => Ok(Found { rank: exc, ..inner }),
                Ok(None) => self.eval(&exc.value).map(|value| Found {
                    value,
                    decided_by: exc,
                    rank: exc,
                }),
                Err(e) => Err(e),
            };
            let this = match this {
                Ok(f) => f,
                Err(Stop::Missing) => {
                    missing = true;
                    continue;
                }
                Err(e) => {
                    self.ctx = saved;
                    return Err(e);
                }
            };
            match &found {
                Some(first) if first.value != this.value => {
                    self.ctx = saved;
                    return Err(self.conflict(rule, first, &this));
                }
                Some(_) => {}
                None => found = Some(this),
            }
        }
        self.ctx = saved;
        if missing {
            Err(Stop::Missing)
        } else {
            Ok(found)
        }
    }

    #[cold]
    fn conflict(&self, rule: &RuleDef, a: &Found, b: &Found) -> Stop {
        let describe = |f: &Found| {
            let citation = f.rank.origin.citation();
            let value = format_value(&self.program.types, &rule.ty, &f.value);
            if citation.is_empty() {
                format!("\"{}\" geeft {value}", f.rank.label)
            } else {
                format!("\"{}\" ({citation}) geeft {value}", f.rank.label)
            }
        };
        let message = format!(
            "tegenstrijdige uitzonderingen op `{}`: {} en {}; beide zijn van toepassing",
            rule.name,
            describe(a),
            describe(b)
        );
        self.error(EvalErrorKind::Conflict, message)
    }

    /// An afwegingsladder: the first step whose condition holds decides;
    /// `anders` when none does. A missing condition leaves it undecided.
    fn ladder(&mut self, ladder: &'a LadderDef) -> Res<Value> {
        let saved = self.ctx;
        for (index, step) in ladder.steps.iter().enumerate() {
            self.ctx.origin = Some(&step.origin);
            let holds = match &step.condition {
                Some(c) => self.bool(c),
                None => Ok(true),
            };
            match holds {
                Ok(true) => {
                    if T::ENABLED {
                        let motivation = self.motivation(step);
                        self.how = How::Step {
                            index,
                            step,
                            motivation,
                        };
                    }
                    self.ctx = saved;
                    return Ok(Value::Enum(step.value));
                }
                Ok(false) => {}
                Err(e) => {
                    self.ctx = saved;
                    return Err(e);
                }
            }
        }
        let step = &ladder.otherwise;
        if T::ENABLED {
            self.ctx.origin = Some(&step.origin);
            let motivation = self.motivation(step);
            self.how = How::Otherwise { step, motivation };
        }
        self.ctx = saved;
        Ok(Value::Enum(step.value))
    }

    /// The step's motivation with its placeholders filled (only when
    /// tracing: nothing else reads it).
    fn motivation(&mut self, step: &'a StepDef) -> Option<String> {
        if !T::ENABLED {
            return None;
        }
        step.motivation.as_ref().map(|t| self.fill(t))
    }

    fn fill(&mut self, template: &'a Template) -> String {
        let mut out = String::new();
        for part in &template.parts {
            match part {
                TemplatePart::Text(t) => out.push_str(t),
                TemplatePart::Value(node, ty) => {
                    let mark = self.mark();
                    match self.eval(node) {
                        Ok(v) => out.push_str(&value_text(&self.program.types, ty, &v)),
                        Err(_) => {
                            self.forget_missing(mark);
                            out.push_str("(onbekend)");
                        }
                    }
                }
            }
        }
        out
    }

    #[inline]
    fn override_for(&self, id: RuleId) -> Option<usize> {
        if self.overrides.is_empty() {
            return None;
        }
        self.overrides.iter().position(|o| o.rule == id)
    }

    /// An overridden rule: its own definition is still computed (when it
    /// can be) so that the result can show the original value; the
    /// override's value is what everything downstream sees.
    fn overridden(&mut self, rule: &'a RuleDef, k: usize) -> Value {
        let mark = self.mark();
        let original = match self.definition(rule) {
            Ok(v) => Some(v),
            Err(_) => {
                self.forget_missing(mark);
                None
            }
        };
        if let Some(slot) = self.originals.get_mut(k) {
            *slot = Some(original.clone());
        }
        if T::ENABLED {
            self.how = How::Override { index: k, original };
        }
        self.overrides
            .get(k)
            .map_or(Value::Empty, |o| o.value.clone())
    }
}

/// An applicable exception: its value, the exception that gave it (the
/// innermost) and the exception of the rank being compared.
struct Found<'a> {
    value: Value,
    decided_by: &'a ExceptionDef,
    rank: &'a ExceptionDef,
}
