//! Evaluation errors: what went wrong, in a Dutch sentence that names the
//! rule, parameter or table, and where in the rule files it happened.

use crate::ir::{FileId, Origin};
use grammar::ast::Span;
use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EvalErrorKind {
    /// A parameter has no value on the peildatum.
    Parameter,
    /// Two applicable exceptions of equal rank give different values.
    Conflict,
    /// A table (`uniek`, `eerste`) has no matching row.
    NoRow,
    /// A `uniek` table has several matching rows.
    SeveralRows,
    DivisionByZero,
    /// A number or date outside the representable range.
    Overflow,
    /// `datum(j; m; d)` of a day that does not exist.
    InvalidDate,
    /// `fout "..."` was reached.
    Fail,
    /// An override that is not allowed or not well-formed.
    Override,
    /// A money output with sub-cent precision.
    Precision,
    /// Two amounts of different units (`€ 9,50 per week` and `€ 1,25 per
    /// rit`) added, subtracted, divided or compared.
    UnitMismatch,
    /// The inputs do not fit the program (wrong count, no peildatum).
    Input,
    /// A rule depends on itself (the checker refuses this; never loops).
    Cycle,
    /// A safety limit (loop length, call depth) was exceeded.
    Limit,
    /// The program is inconsistent (a checker bug): types or slots do not fit.
    Internal,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalError {
    pub kind: EvalErrorKind,
    /// Dutch; names the rule, field, parameter or table concerned.
    pub message: String,
    pub origin: Option<(FileId, Span)>,
}

impl EvalError {
    pub fn new(kind: EvalErrorKind, message: impl Into<String>) -> EvalError {
        EvalError {
            kind,
            message: message.into(),
            origin: None,
        }
    }

    pub fn at(mut self, origin: &Origin) -> EvalError {
        self.origin = Some((origin.file, origin.span));
        self
    }

    pub fn at_span(mut self, file: FileId, span: Span) -> EvalError {
        self.origin = Some((file, span));
        self
    }
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EvalError {}
