//! (in progress)
use crate::eval::Evaluation;
use crate::ir::Program;
pub fn explain(_program: &Program, _evaluation: &Evaluation) -> String {
    String::new()
}
