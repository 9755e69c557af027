//! The document model every report is built as: blocks of inline content
//! with semantic styles. A report builder decides *what* is said; the
//! renderers ([`super::text`], [`super::markdown`], [`super::csv`], and
//! JSON through serde) decide how it is written. Nothing here knows of
//! terminals: the CLI maps a [`Style`] to colours.

use serde::Serialize;

/// What a piece of text means, for a renderer to show: the terminal maps
/// it to a colour, Markdown to emphasis (see each renderer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Style {
    /// A heading or a figure that matters.
    Strong,
    /// Words set apart (Markdown `_…_`).
    Emphasis,
    /// Something new: an added definition, the new value.
    Added,
    /// Something gone: a removed definition, the old value.
    Removed,
    /// Something changed, or a finding to look at.
    Changed,
    /// Secondary detail: paths, kinds in brackets.
    Muted,
    /// A check that holds (a valid period, a verdict that agrees).
    Good,
    /// A problem (a gap, an outcome that differs now).
    Bad,
    /// Something to look at that is not wrong (a parameter that ends early).
    Attention,
}

/// Inline content of a line, a heading or a table cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "soort", content = "inhoud")]
pub enum Inline {
    Text(String),
    /// A name or value in the rules' own syntax (Markdown backticks).
    Code(String),
    Styled(Style, Vec<Inline>),
}

/// Inline content: a sequence of [`Inline`]s.
pub type Content = Vec<Inline>;

/// Text as inline content.
pub fn text(s: impl Into<String>) -> Inline {
    Inline::Text(s.into())
}

/// Code as inline content.
pub fn code(s: impl Into<String>) -> Inline {
    Inline::Code(s.into())
}

/// Text in a style.
pub fn styled(style: Style, s: impl Into<String>) -> Inline {
    Inline::Styled(style, vec![text(s)])
}

/// How a table column lines up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    Left,
    Right,
}

/// A table column: its header (CSV and Markdown), alignment, and for plain
/// text its minimum width and what precedes it on the line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    #[serde(rename = "kop")]
    pub heading: String,
    #[serde(rename = "uitlijning")]
    pub alignment: Align,
    /// Minimum width in characters in text (0: as wide as the cell).
    #[serde(rename = "breedte")]
    pub width: usize,
    /// Written before the cell in text (indentation or a separator).
    #[serde(rename = "voor")]
    pub before: String,
}

impl Column {
    pub fn left(heading: &str) -> Column {
        Column {
            heading: heading.into(),
            alignment: Align::Left,
            width: 0,
            before: String::new(),
        }
    }
    pub fn right(heading: &str) -> Column {
        Column {
            alignment: Align::Right,
            ..Column::left(heading)
        }
    }
    /// The column in text: `width` wide, after `before`.
    pub fn text_layout(self, width: usize, before: &str) -> Column {
        Column {
            width,
            before: before.into(),
            ..self
        }
    }
}

/// One block of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "soort")]
pub enum Block {
    /// A heading of `level` (1 is the title).
    Heading {
        #[serde(rename = "niveau")]
        level: usize,
        #[serde(rename = "inhoud")]
        content: Content,
    },
    /// One line (it may hold line breaks of a quoted text).
    Line {
        #[serde(rename = "inhoud")]
        content: Content,
    },
    /// An item of a bulleted list, `depth` 0 at the outside.
    Item {
        #[serde(rename = "diepte")]
        depth: usize,
        #[serde(rename = "inhoud")]
        content: Content,
    },
    /// An empty line.
    Blank,
    /// A table; a row may have fewer cells than there are columns.
    Table {
        #[serde(rename = "kolommen")]
        columns: Vec<Column>,
        #[serde(rename = "rijen")]
        rows: Vec<Vec<Content>>,
    },
    /// Preformatted text, indented by `indent` spaces, with a language
    /// for Markdown's fence (`json`, `diff`, or empty).
    Code {
        #[serde(rename = "inspringing")]
        indent: usize,
        #[serde(rename = "taal")]
        language: String,
        #[serde(rename = "tekst")]
        text: String,
    },
}

/// A report: blocks in reading order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Document {
    #[serde(rename = "blokken")]
    pub blocks: Vec<Block>,
}

impl Document {
    pub fn new() -> Document {
        Document::default()
    }
    pub fn push(&mut self, b: Block) {
        self.blocks.push(b);
    }
    pub fn heading(&mut self, level: usize, content: Content) {
        self.push(Block::Heading { level, content });
    }
    pub fn line(&mut self, content: Content) {
        self.push(Block::Line { content });
    }
    /// A line of plain text.
    pub fn text(&mut self, s: impl Into<String>) {
        self.line(vec![text(s)]);
    }
    pub fn item(&mut self, depth: usize, content: Content) {
        self.push(Block::Item { depth, content });
    }
    pub fn blank(&mut self) {
        self.push(Block::Blank);
    }
    pub fn code(&mut self, indent: usize, lang: &str, text: impl Into<String>) {
        self.push(Block::Code {
            indent,
            language: lang.into(),
            text: text.into(),
        });
    }
    pub fn append(&mut self, other: Document) {
        self.blocks.extend(other.blocks);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The browser reads this JSON (`Regelwerk.diff`'s `teksten.kop`), so
    /// its shape is part of the contract.
    #[test]
    fn json_names_each_kind_of_block_and_inline() {
        let mut d = Document::new();
        d.heading(
            2,
            vec![text("Van "), styled(Style::Strong, "versie 1"), code("x")],
        );
        d.blank();
        let json = serde_json::to_value(&d).expect("json");
        assert_eq!(
            json,
            serde_json::json!({ "blokken": [
                { "soort": "heading", "niveau": 2, "inhoud": [
                    { "soort": "text", "inhoud": "Van " },
                    { "soort": "styled", "inhoud": ["strong", [{ "soort": "text", "inhoud": "versie 1" }]] },
                    { "soort": "code", "inhoud": "x" },
                ] },
                { "soort": "blank" },
            ] })
        );
    }
}
