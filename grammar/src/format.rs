//! Canonical formatter (stub).
use crate::ast::File;
pub fn format_file(_file: &File) -> String {
    String::new()
}
