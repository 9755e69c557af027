//! CSV for spreadsheets: the tables of a document, each with its header
//! line. Other blocks have no place in CSV and are left out; only
//! table-shaped reports (the simulation) are offered as CSV.

use super::doc::{Block, Document, Inline};

/// The tables of the document as CSV (RFC 4180 quoting).
pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    for block in &doc.blocks {
        let Block::Table { columns, rows } = block else {
            continue;
        };
        let heads: Vec<String> = columns.iter().map(|c| field(&c.heading)).collect();
        out.push_str(&heads.join(","));
        out.push('\n');
        for r in rows {
            let cells: Vec<String> = (0..columns.len())
                .map(|i| r.get(i).map(|c| field(&plain(c))).unwrap_or_default())
                .collect();
            out.push_str(&cells.join(","));
            out.push('\n');
        }
    }
    out
}

fn plain(content: &[Inline]) -> String {
    content
        .iter()
        .map(|i| match i {
            Inline::Text(t) | Inline::Code(t) => t.clone(),
            Inline::Styled(_, inner) => plain(inner),
        })
        .collect()
}

fn field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::super::doc::{styled, text, Column, Style};
    use super::*;

    #[test]
    fn tables_only_quoted_where_needed_short_rows_filled() {
        let mut d = Document::new();
        d.text("geen tabel");
        d.push(Block::Table {
            columns: vec![
                Column::left("naam"),
                Column::right("aantal"),
                Column::left("x"),
            ],
            rows: vec![
                vec![vec![text("a, \"b\"")], vec![styled(Style::Strong, "3")]],
                vec![vec![text("regel\nnieuw")], vec![], vec![text("z")]],
            ],
        });
        assert_eq!(
            render(&d),
            "naam,aantal,x\n\"a, \"\"b\"\"\",3,\n\"regel\nnieuw\",,z\n"
        );
    }
}
