//! Properties every target checks of what the engine gives back.

use engine::SourceSet;
use grammar::ast::Span;

/// A span of `text` must lie within it and start and end on character
/// boundaries (the CLI slices the source with it and the JSON gives
/// line/column from it).
pub fn assert_span_in(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {}..{} outside the text of {} bytes",
        span.start,
        span.end,
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {}..{} not on character boundaries",
        span.start,
        span.end
    );
}

/// Every diagnostic of `diagnostics` points into its own file, on character
/// boundaries, and has a message.
pub fn assert_diagnostics_located(diagnostics: &[engine::Diagnostic], sources: &SourceSet) {
    let text_of = |file| {
        sources
            .get(file)
            .map(|f| f.text.as_str())
            .unwrap_or_else(|| panic!("a diagnostic names file {file}, which does not exist"))
    };
    for d in diagnostics {
        let what = format!("{} `{}`", d.code.as_str(), d.message);
        assert!(!d.message.trim().is_empty(), "{what}: empty message");
        assert_span_in(text_of(d.file), d.span, &what);
        for r in &d.related {
            assert_span_in(
                text_of(r.file),
                r.span,
                &format!("{what}, related `{}`", r.label),
            );
        }
    }
}

/// Words of the English messages of serde, chrono and Rust's own errors: a
/// refusal that contains one passed a library's message on untranslated.
const ENGLISH: &[&str] = &[
    "expected",
    "invalid type",
    "invalid value",
    "missing field",
    "unknown field",
    "unknown variant",
    "duplicate field",
    "EOF",
    "at line",
    "trailing",
    "overflow",
    "out of range",
    "recursion limit",
];

/// A refusal for the user: not empty, and Dutch (no untranslated English
/// message of a library in it). `input` is what the user gave: a message
/// may quote it, so a word found there proves nothing.
pub fn assert_dutch(message: &str, input: &str, what: &str) {
    assert!(!message.trim().is_empty(), "{what}: empty message");
    for word in ENGLISH {
        assert!(
            !message.contains(word) || input.contains(word),
            "{what}: English in a message for the user: {message}"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_untranslated_library_message_is_caught() {
        let result = std::panic::catch_unwind(|| {
            assert_dutch("invalid type: string, expected u32", "{}", "case")
        });
        assert!(result.is_err());
    }

    #[test]
    fn english_in_the_users_own_input_is_allowed() {
        assert_dutch(
            "`2024-13-01 expected` is geen geldige datum",
            r#"{"peildatum": "2024-13-01 expected"}"#,
            "case",
        );
    }

    #[test]
    fn a_span_past_the_end_or_inside_a_character_is_caught() {
        assert!(std::panic::catch_unwind(|| assert_span_in("ab", Span::new(1, 3), "x")).is_err());
        assert!(std::panic::catch_unwind(|| assert_span_in("é", Span::new(0, 1), "x")).is_err());
        assert_span_in("é", Span::new(0, 2), "x");
    }
}
