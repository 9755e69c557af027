//! A string-aware pre-scan of the source: collects `//` comments and rejects absurd nesting.

use super::{PResult, ParseError};
use crate::ast::{Comment, Span};

/// Deepest bracket nesting accepted before pest runs (keeps its recursion bounded).
const MAX_BRACKETS: usize = 64;

#[derive(Debug)]
pub(crate) struct Scanned {
    pub comments: Vec<Comment>,
}

pub(crate) fn scan(src: &str) -> PResult<Scanned> {
    let bytes = src.as_bytes();
    let mut comments = Vec::new();
    let mut depth = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        match bytes[i] {
            b'"' if src[i..].starts_with("\"\"\"") => {
                // Long text: runs to the next `"""` (or the end: the grammar reports that).
                let body = i + 3;
                i = match src[body..].find("\"\"\"") {
                    Some(end) => body + end + 3,
                    None => {
                        return Err(ParseError::new(
                            "deze lange tekst wordt niet afgesloten",
                            Span::new(i, i + 3),
                        )
                        .help("sluit een tekst die met `\"\"\"` begint af met `\"\"\"`"))
                    }
                };
            }
            b'"' => {
                // Short text: ends at `"` on the same line; `\` escapes one character.
                let start = i;
                i += 1;
                loop {
                    match bytes.get(i) {
                        Some(b'\\') if bytes.get(i + 1) != Some(&b'\n') => i += 2,
                        Some(b'"') => {
                            i += 1;
                            break;
                        }
                        None | Some(b'\n') => {
                            return Err(ParseError::new(
                                "deze tekst wordt niet afgesloten met een `\"`",
                                Span::new(start, start + 1),
                            )
                            .help("een tekst tussen \"...\" staat op één regel; zet tekst over meerdere regels tussen \"\"\"...\"\"\""));
                        }
                        _ => i += 1,
                    }
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = src[i..].find('\n').map(|n| i + n).unwrap_or(bytes.len());
                let text = src[i + 2..end]
                    .strip_suffix('\r')
                    .unwrap_or(&src[i + 2..end]);
                let span_end = i + 2 + text.len();
                let line_start = src[..i].rfind('\n').map(|n| n + 1).unwrap_or(0);
                let trailing = !src[line_start..i].trim().is_empty();
                comments.push(Comment {
                    text: text.to_string(),
                    span: Span::new(i, span_end),
                    trailing,
                });
                i = end;
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_BRACKETS {
                    return Err(ParseError::new(
                        "haakjes zijn hier te diep genest",
                        Span::new(i, i + 1),
                    )
                    .help("splits de uitdrukking op in hulpregels"));
                }
                i += 1;
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => i += 1,
        }
    }
    Ok(Scanned { comments })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_outside_strings_only() {
        let src =
            "a // een\nb \"http://x\" // twee\n\"\"\"lang // geen\n\"\"\" c //drie\n  // vier";
        let s = scan(src).unwrap();
        let texts: Vec<&str> = s.comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, vec![" een", " twee", "drie", " vier"]);
        assert_eq!(
            &src[s.comments[0].span.start..s.comments[0].span.end],
            "// een"
        );
    }

    #[test]
    fn unterminated_texts_are_errors() {
        assert!(scan("bron \"abc\nx")
            .unwrap_err()
            .message
            .contains("niet afgesloten"));
        assert!(scan("bron \"abc").is_err());
        assert!(scan("\"\"\"abc\n")
            .unwrap_err()
            .message
            .contains("lange tekst"));
        assert!(scan("\"a\\\"b\" // c").is_ok());
    }

    #[test]
    fn deep_nesting_is_an_error() {
        assert!(scan(&"(".repeat(100)).is_err());
        assert!(scan(&"(".repeat(10)).is_ok());
    }
}
