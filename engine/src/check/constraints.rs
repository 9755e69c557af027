//! `eis` constraints (R0801): verified against the built program — table
//! constraints on every row, parameter constraints on every date on which a
//! parameter value changes within the program's validity.

use super::fold::fold;
use crate::diag::{Code, Diagnostic};
use crate::eval::{EvalErrorKind, Evaluator, ResolvedParams};
use crate::ir::{CellTest, ConstraintDef, Program};
use crate::value::Value;
use grammar::ast::CompareOp;

pub fn verify(program: &Program) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut evaluator = Evaluator::new(program);
    for c in &program.constraints {
        match c.table.and_then(|t| program.tables.get(t as usize)) {
            Some(table) => {
                let params = ResolvedParams::new(program, program.info.valid_from);
                for row in &table.rows {
                    let mut locals: Vec<Value> = row.tests.iter().map(cell_value).collect();
                    locals.extend(
                        row.outputs
                            .iter()
                            .map(|o| o.as_ref().and_then(fold).unwrap_or(Value::Empty)),
                    );
                    if let Some(d) = check(
                        &mut evaluator,
                        &params,
                        c,
                        &locals,
                        &format!("rij {} van tabel `{}`", row.number, table.name),
                    ) {
                        diags.push(
                            d.label(format!("geldt niet voor rij {}", row.number))
                                .related(c.origin.file, row.span, "deze rij voldoet niet"),
                        );
                    }
                }
            }
            None => {
                for date in change_dates(program) {
                    let params = ResolvedParams::new(program, date);
                    if let Some(d) = check(
                        &mut evaluator,
                        &params,
                        c,
                        &[],
                        &format!("de waarden op {date}"),
                    ) {
                        diags.push(d.label("eis geschonden"));
                    }
                }
            }
        }
    }
    diags
}

/// The value an input cell stands for, when it names exactly one.
fn cell_value(test: &CellTest) -> Value {
    match test {
        CellTest::Compare(CompareOp::Eq, n) => fold(n).unwrap_or(Value::Empty),
        _ => Value::Empty,
    }
}

fn check(
    evaluator: &mut Evaluator,
    params: &ResolvedParams,
    c: &ConstraintDef,
    locals: &[Value],
    what: &str,
) -> Option<Diagnostic> {
    match evaluator.evaluate_node(params, &c.condition, locals) {
        Ok(Value::Bool(true)) => None,
        Ok(_) => Some(
            Diagnostic::new(
                Code::ConstraintViolated,
                c.origin.file,
                c.origin.span,
                format!("eis \"{}\" geldt niet voor {what}", c.label),
            )
            .help(c.origin.citation()),
        ),
        // Amounts of different units (a tariff per week, a kostprijs per
        // maand): the eis cannot say what it means, so it does not pass.
        Err(e) if e.kind == EvalErrorKind::UnitMismatch => Some(
            Diagnostic::new(
                Code::ConstraintViolated,
                c.origin.file,
                c.origin.span,
                format!(
                    "eis \"{}\" kan niet worden nagegaan voor {what}: {}",
                    c.label, e.message
                ),
            )
            .help(c.origin.citation()),
        ),
        // A parameter without value on that date: R0501/R0503 say so already.
        Err(_) => None,
    }
}

/// Every date from the program's start on which a parameter value starts.
/// Not cut off at the program's end: the library merges adjacent stretches
/// with the same files into one program after compiling the first, and a
/// value written in the file is checked even if no date reaches it (the
/// diagnostics of the stretches are deduplicated).
fn change_dates(program: &Program) -> Vec<chrono::NaiveDate> {
    let from = program.info.valid_from;
    let mut dates: Vec<chrono::NaiveDate> = program
        .params
        .iter()
        .flat_map(|p| p.timeline.iter().map(|v| v.from))
        .filter(|d| *d > from)
        .collect();
    dates.push(from);
    dates.sort();
    dates.dedup();
    dates
}
