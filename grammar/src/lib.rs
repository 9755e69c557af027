//! The `regels` language front end: the pest grammar (`regels.pest`), the
//! parser that turns it into an [`ast::File`] with byte spans, and the
//! canonical formatter. Nothing outside this crate sees pest.

pub mod ast;
pub mod calendar;
pub mod foreign;
pub mod format;
pub mod locals;
mod parser;
pub mod suggest;
#[cfg(test)]
mod test_support;

pub use format::{format_file, format_source};
pub use parser::{keywords_after, parse, parse_without_error_details, ParseError};
