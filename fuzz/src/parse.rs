//! Target `parse`: any bytes that are UTF-8 go to the parser. Oracles: no
//! panic; a syntax error has a message and a span within the text; a file
//! that parses formats to text that parses again and formats the same
//! (the formatter is idempotent: `fmt` twice changes nothing).

use crate::oracle::{assert_dutch, assert_span_in};

pub fn run(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        check_text(text);
    }
}

pub fn check_text(text: &str) {
    match grammar::parse(text) {
        Err(e) => {
            assert_dutch(&e.message, text, "syntax error");
            assert_span_in(text, e.span, &format!("syntax error `{}`", e.message));
        }
        Ok(file) => {
            // Without the source, and (as `fmt` does) keeping the line
            // breaks written in it.
            let once = grammar::format_file(&file);
            let reparsed = reparse(&once);
            let twice = grammar::format_file(&reparsed);
            assert!(
                once == twice,
                "formatting is not idempotent\n--- once:\n{once}\n--- twice:\n{twice}"
            );
            let once = grammar::format_source(&file, text);
            let twice = grammar::format_source(&reparse(&once), &once);
            assert!(
                once == twice,
                "formatting with the written line breaks is not idempotent\n--- once:\n{once}\n--- twice:\n{twice}"
            );
        }
    }
}

fn reparse(formatted: &str) -> grammar::ast::File {
    grammar::parse(formatted).unwrap_or_else(|e| {
        panic!(
            "the formatted text does not parse: {} at {}..{}\n--- formatted:\n{formatted}",
            e.message, e.span.start, e.span.end
        )
    })
}
