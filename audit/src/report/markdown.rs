//! Markdown (CommonMark with GitHub's tables and strike-through), to
//! attach to a raadsvoorstel.

use super::doc::{Align, Block, Document, Inline, Style};
use super::text::indent;

/// The document as Markdown. Blank lines are the document's own.
pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    for block in &doc.blocks {
        match block {
            Block::Heading { level, content } => {
                out.push_str(&format!("{} {}\n", "#".repeat(*level), inlines(content)));
            }
            Block::Line { content } => {
                out.push_str(&inlines(content));
                out.push('\n');
            }
            Block::Item { depth, content } => {
                out.push_str(&format!("{}- {}\n", "  ".repeat(*depth), inlines(content)));
            }
            Block::Blank => out.push('\n'),
            Block::Table { columns, rows } => {
                let heads: Vec<String> = columns.iter().map(|c| escape(&c.heading)).collect();
                out.push_str(&row(&heads));
                let rule: Vec<String> = columns
                    .iter()
                    .map(|c| match c.alignment {
                        Align::Left => "---".to_string(),
                        Align::Right => "---:".to_string(),
                    })
                    .collect();
                out.push_str(&format!("|{}|\n", rule.join("|")));
                for r in rows {
                    let cells: Vec<String> = r.iter().map(|c| inlines(c)).collect();
                    out.push_str(&row(&cells));
                }
            }
            Block::Code {
                indent: spaces,
                language,
                text,
            } => {
                let by = " ".repeat(*spaces);
                out.push_str(&format!(
                    "{by}```{language}\n{}\n{by}```\n",
                    indent(text, &by)
                ));
            }
        }
    }
    out
}

/// `| a | b |`; an empty cell is a single space.
fn row(cells: &[String]) -> String {
    let cells: Vec<String> = cells
        .iter()
        .map(|c| {
            if c.is_empty() {
                " ".into()
            } else {
                format!(" {c} ")
            }
        })
        .collect();
    format!("|{}|\n", cells.join("|"))
}

fn inlines(content: &[Inline]) -> String {
    content
        .iter()
        .map(|i| match i {
            Inline::Text(t) => escape(t),
            Inline::Code(c) => code(c),
            Inline::Styled(style, inner) => {
                let inner = inlines(inner);
                match style {
                    Style::Strong | Style::Added => format!("**{inner}**"),
                    Style::Removed => format!("~~{inner}~~"),
                    Style::Emphasis => format!("_{inner}_"),
                    _ => inner,
                }
            }
        })
        .collect()
}

/// A code span; one holding a backtick gets double backticks.
fn code(s: &str) -> String {
    if s.contains('`') {
        format!("`` {s} ``")
    } else {
        format!("`{s}`")
    }
}

/// A pipe would end a table cell.
fn escape(s: &str) -> String {
    s.replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::super::doc::{code as c, styled, text, Column};
    use super::*;

    #[test]
    fn blocks_and_inlines_in_markdown() {
        let mut d = Document::new();
        d.heading(2, vec![text("Kop")]);
        d.line(vec![
            styled(Style::Strong, "Samenvatting:"),
            text(" a|b "),
            c("x`y"),
            text(" "),
            styled(Style::Removed, "weg"),
            text(" "),
            styled(Style::Added, "bij"),
            text(" "),
            styled(Style::Emphasis, "zacht"),
        ]);
        d.item(1, vec![text("punt "), c("naam")]);
        d.blank();
        d.code(2, "json", "{\n\n}");
        assert_eq!(
            render(&d),
            "## Kop\n**Samenvatting:** a\\|b `` x`y `` ~~weg~~ **bij** _zacht_\n  - punt `naam`\n\n  ```json\n  {\n\n  }\n  ```\n"
        );
    }

    #[test]
    fn tables_align_right_and_keep_empty_heads_narrow() {
        let mut d = Document::new();
        d.push(Block::Table {
            columns: vec![Column::left(""), Column::right("aantal")],
            rows: vec![vec![vec![text("a|b")], vec![text("1.000")]]],
        });
        assert_eq!(render(&d), "| | aantal |\n|---|---:|\n| a\\|b | 1.000 |\n");
    }
}
