//! The hooks through which the evaluator reports what it does. The
//! evaluator is generic over [`Tracer`]: with [`NoTrace`] every hook is an
//! empty inlined function and `ENABLED` is `false`, so the monomorphised
//! evaluator carries no tracing cost at all. The derivation recorder
//! (`crate::trace::Recorder`) implements these hooks; the evaluator does
//! not know it.

use crate::ir::{DatedValue, ExceptionDef, FnId, InputId, Over, ParamId, RuleId, StepDef, TableId};
use crate::value::Value;
use rust_decimal::Decimal;

/// How a rule got its value.
#[derive(Debug, Clone)]
pub enum How<'a> {
    /// The base definition.
    Base,
    /// The deciding (innermost applicable) exception.
    Exception(&'a ExceptionDef),
    /// A ladder step; `motivation` is its filled-in text.
    Step {
        index: usize,
        step: &'a StepDef,
        motivation: Option<String>,
    },
    /// The ladder's `anders`.
    Otherwise {
        step: &'a StepDef,
        motivation: Option<String>,
    },
    /// Replaced by override number `index` of the options; `original` is the
    /// computed value when it could be computed.
    Override {
        index: usize,
        original: Option<Value>,
    },
    /// Not decided (inputs missing, or an error).
    Undecided,
}

pub trait Tracer {
    /// Whether the evaluator should compute what only a trace needs
    /// (motivation texts, matching row lists).
    const ENABLED: bool;
    fn rule_start(&mut self, rule: RuleId);
    fn rule_end(&mut self, rule: RuleId, value: Option<&Value>, how: How<'_>);
    /// A rule's value was read (after it was evaluated or from the memo).
    fn rule_read(&mut self, rule: RuleId);
    fn input(&mut self, input: InputId, value: &Value);
    fn param(&mut self, param: ParamId, value: &Value, entry: &DatedValue);
    /// A table lookup: arguments, the numbers of the matching rows, result.
    fn table(&mut self, table: TableId, args: &[Value], rows: &[u32], result: &Value);
    fn call_start(&mut self, function: FnId);
    fn call_end(&mut self, function: FnId, args: &[Value], result: Option<&Value>);
    /// `amount over count <unit>` (or `verdeeld over`) gave `result`.
    fn over(&mut self, how: &Over, amount: Decimal, count: Decimal, result: Decimal);
}

/// Tracing off: nothing is recorded and nothing is computed for it.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoTrace;

impl Tracer for NoTrace {
    const ENABLED: bool = false;
    #[inline(always)]
    fn rule_start(&mut self, _: RuleId) {}
    #[inline(always)]
    fn rule_end(&mut self, _: RuleId, _: Option<&Value>, _: How<'_>) {}
    #[inline(always)]
    fn rule_read(&mut self, _: RuleId) {}
    #[inline(always)]
    fn input(&mut self, _: InputId, _: &Value) {}
    #[inline(always)]
    fn param(&mut self, _: ParamId, _: &Value, _: &DatedValue) {}
    #[inline(always)]
    fn table(&mut self, _: TableId, _: &[Value], _: &[u32], _: &Value) {}
    #[inline(always)]
    fn call_start(&mut self, _: FnId) {}
    #[inline(always)]
    fn call_end(&mut self, _: FnId, _: &[Value], _: Option<&Value>) {}
    #[inline(always)]
    fn over(&mut self, _: &Over, _: Decimal, _: Decimal, _: Decimal) {}
}
