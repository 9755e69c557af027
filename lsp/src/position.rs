//! Byte offsets in a source text and the protocol's positions: 0-based
//! lines and columns in UTF-16 code units. One direction is the engine's
//! own (`line_col_utf16`, which `check --format json` and the browser use).

use engine::source::{line_col_utf16, offset_utf16};
use grammar::ast::Span;
use lsp_types::{Position, Range};

/// The position of a byte offset.
pub fn position(text: &str, offset: usize) -> Position {
    let (line, column) = line_col_utf16(text, offset);
    Position::new(
        line.saturating_sub(1) as u32,
        column.saturating_sub(1) as u32,
    )
}

/// The range of a span.
pub fn range(text: &str, span: Span) -> Range {
    Range::new(position(text, span.start), position(text, span.end))
}

/// The byte offset of a position; a position past the end of its line is
/// the line's end, one past the last line the text's end (editors send
/// such positions while typing).
pub fn offset(text: &str, at: Position) -> usize {
    offset_utf16(text, at.line as usize + 1, at.character as usize + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units_both_ways() {
        // `€` is 3 bytes and 1 UTF-16 unit; `𝄞` 4 bytes and 2 units.
        let text = "ab\n€ 𝄞x\n";
        let x = text.find('x').unwrap();
        assert_eq!(position(text, x), Position::new(1, 4));
        assert_eq!(offset(text, Position::new(1, 4)), x);
        assert_eq!(offset(text, Position::new(0, 1)), 1);
    }

    #[test]
    fn positions_past_the_end_are_clamped() {
        let text = "ab\ncd";
        assert_eq!(offset(text, Position::new(0, 99)), 2);
        assert_eq!(offset(text, Position::new(7, 0)), text.len());
        assert_eq!(offset("", Position::new(0, 3)), 0);
    }
}
