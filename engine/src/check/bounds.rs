//! `minimaal`/`maximaal` after the type of an `invoer` or after `afwijkbaar`:
//! the bounds must be constants of the value's type (R0208) and leave some
//! value allowed (R0209).

use super::Compiler;
use crate::diag::{Code, Diagnostic};
use crate::ir::Range;
use crate::types::Type;
use grammar::ast::{self, ExprKind, Span};
use rust_decimal::Decimal;

impl Compiler<'_> {
    /// The checked range of `bounds` for a value of type `ty`, or `None`
    /// (no bounds, or an error already reported).
    pub fn bounds(&mut self, bounds: &Option<ast::Bounds>, ty: &Type) -> Option<Range> {
        let b = bounds.as_ref()?;
        let base = ty.strip_optional();
        match base {
            Type::Money(_) | Type::Number | Type::Integer | Type::Percentage => {}
            Type::Never => return None,
            _ => {
                let message = format!(
                    "een {} heeft geen grenzen: `minimaal` en `maximaal` horen bij een bedrag, getal, geheel getal of percentage",
                    self.types.display(ty)
                );
                self.bound_error(b.span, message, "geen grens mogelijk", "verwijder de grens");
                return None;
            }
        }
        // Both bounds are checked before either error ends the check.
        let min = b.min.as_ref().map(|e| self.bound(e, base)).transpose();
        let max = b.max.as_ref().map(|e| self.bound(e, base)).transpose();
        let (Ok(min), Ok(max)) = (min, max) else {
            return None;
        };
        let range = Range { min, max };
        if let (Some(lo), Some(hi)) = (range.min, range.max) {
            if lo > hi {
                self.push(
                    Diagnostic::new(
                        Code::EmptyRange,
                        self.file,
                        b.span,
                        "de ondergrens (`minimaal`) ligt boven de bovengrens (`maximaal`): geen enkele waarde is toegestaan",
                    )
                    .label("lege reeks")
                    .help("verwissel de twee grenzen"),
                );
                return None;
            }
        }
        Some(range)
    }

    /// One bound: its value, or `Err` after reporting R0208.
    fn bound(&mut self, e: &ast::Expr, ty: &Type) -> Result<Decimal, ()> {
        let value = match (&e.kind, ty) {
            (ExprKind::Money(v), Type::Money(_)) => Some(*v),
            (ExprKind::Number { value, .. }, Type::Number) => Some(*value),
            (
                ExprKind::Number {
                    value,
                    is_integer: true,
                },
                Type::Integer,
            ) => Some(*value),
            (ExprKind::Percentage(v), Type::Percentage) => Some(*v),
            _ => None,
        };
        if let Some(v) = value {
            return Ok(v);
        }
        let (what, example) = match ty {
            Type::Money(_) => ("een bedrag", "`€ 0`"),
            Type::Integer => ("een geheel getal", "`0`"),
            Type::Percentage => ("een percentage", "`100 %`"),
            _ => ("een getal", "`0` of `1,5`"),
        };
        let message = format!(
            "een grens van een {} moet {what} zijn, zoals {example}",
            self.types.display(ty)
        );
        let help = "een grens is een vaste waarde van hetzelfde soort als de invoer of regel";
        self.bound_error(e.span, message, "past niet bij het type", help);
        Err(())
    }

    fn bound_error(&mut self, span: Span, message: String, label: &str, help: &str) {
        let d = Diagnostic::new(Code::BoundTypeMismatch, self.file, span, message);
        self.push(d.label(label).help(help));
    }
}
