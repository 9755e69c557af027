//! Plain text for a terminal or a file. Styles are left to a [`Paint`]:
//! the CLI paints them in colour on a terminal, [`Plain`] leaves them out.

use super::doc::{Align, Block, Document, Inline, Style};

/// How styled text is shown: the terminal's colours live in the CLI.
pub trait Paint {
    fn paint(&self, style: Style, text: &str) -> String;
}

/// No styling at all (files, pipes, tests).
pub struct Plain;

impl Paint for Plain {
    fn paint(&self, _: Style, text: &str) -> String {
        text.to_string()
    }
}

/// The document as text, every block on its own line(s). A heading is a
/// strong line whatever its level (the levels are Markdown's); a list item
/// is `- ` after two spaces per depth.
pub fn render(doc: &Document, paint: &dyn Paint) -> String {
    let mut out = String::new();
    for block in &doc.blocks {
        match block {
            Block::Heading { content, .. } => {
                out.push_str(&paint.paint(Style::Strong, &inlines(content, paint)));
                out.push('\n');
            }
            Block::Line { content } => {
                out.push_str(&inlines(content, paint));
                out.push('\n');
            }
            Block::Item { depth, content } => {
                out.push_str(&"  ".repeat(*depth));
                out.push_str("- ");
                out.push_str(&inlines(content, paint));
                out.push('\n');
            }
            Block::Blank => out.push('\n'),
            Block::Table { columns, rows } => {
                for row in rows {
                    for (cell, col) in row.iter().zip(columns) {
                        out.push_str(&col.before);
                        let shown = inlines(cell, paint);
                        let room = col
                            .width
                            .saturating_sub(inlines(cell, &Plain).chars().count());
                        match col.alignment {
                            Align::Left => {
                                out.push_str(&shown);
                                out.push_str(&" ".repeat(room));
                            }
                            Align::Right => {
                                out.push_str(&" ".repeat(room));
                                out.push_str(&shown);
                            }
                        }
                    }
                    out.push('\n');
                }
            }
            Block::Code {
                indent: spaces,
                text,
                ..
            } => {
                out.push_str(&indent(text, &" ".repeat(*spaces)));
                out.push('\n');
            }
        }
    }
    out
}

/// The document as text without any styling.
pub fn plain(doc: &Document) -> String {
    render(doc, &Plain)
}

fn inlines(content: &[Inline], paint: &dyn Paint) -> String {
    content
        .iter()
        .map(|i| match i {
            Inline::Text(t) | Inline::Code(t) => t.clone(),
            Inline::Styled(style, inner) => paint.paint(*style, &inlines(inner, paint)),
        })
        .collect()
}

/// Every non-empty line of `text` after `by`.
pub(crate) fn indent(text: &str, by: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{by}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::super::doc::{code, styled, text, Column};
    use super::*;

    /// Marks styles visibly, as a terminal would colour them.
    struct Brackets;
    impl Paint for Brackets {
        fn paint(&self, style: Style, text: &str) -> String {
            format!("<{style:?}>{text}</>")
        }
    }

    fn sample() -> Document {
        let mut d = Document::new();
        d.heading(1, vec![text("Kop")]);
        d.line(vec![
            text("  a "),
            Inline::Styled(
                Style::Changed,
                vec![text("b "), styled(Style::Muted, "[c]")],
            ),
        ]);
        d.item(1, vec![text("punt "), code("x")]);
        d.blank();
        d.push(Block::Table {
            columns: vec![
                Column::left("waarde").text_layout(6, "  "),
                Column::right("aantal").text_layout(4, " "),
            ],
            rows: vec![
                vec![vec![text("ja")], vec![styled(Style::Strong, "12")]],
                vec![vec![text("nee")]],
            ],
        });
        d.code(4, "diff", "- oud\n\n+ nieuw");
        d
    }

    #[test]
    fn plain_text_has_no_styles_and_pads_table_cells() {
        assert_eq!(
            plain(&sample()),
            "Kop\n  a b [c]\n  - punt x\n\n  ja       12\n  nee   \n    - oud\n\n    + nieuw\n"
        );
    }

    #[test]
    fn styles_nest_and_padding_ignores_them() {
        let got = render(&sample(), &Brackets);
        assert!(
            got.starts_with("<Strong>Kop</>\n  a <Changed>b <Muted>[c]</></>\n"),
            "{got}"
        );
        assert!(got.contains("  ja       <Strong>12</>\n"), "{got}");
    }
}
