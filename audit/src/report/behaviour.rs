//! The behavioural diff ([`crate::behaviour`]): what a change of rules does
//! to a population of cases: outcomes that change, money totals, and
//! example cases with both explanations side by side.

use super::doc::{code, styled, text, Block, Column, Content, Document, Style};
use super::notation::{
    aside, money, named, percent, quantity, show_total, signed_money, thousands,
};
use crate::behaviour::{BehaviourReport, Example, MoneyDiff, OutputDiff, ARROW};
use crate::simulate::{Count, Total};

// ------------------------------------------------------------ phrases

fn money_cell(t: Option<Total>) -> String {
    t.map(|t| show_total(t, money))
        .unwrap_or_else(|| "—".into())
}

fn signed_cell(t: Option<Total>) -> String {
    t.map(|t| show_total(t, signed_money))
        .unwrap_or_else(|| "—".into())
}

fn period_label(p: &Option<String>, per_unit: bool) -> String {
    match p {
        Some(p) => format!("per {p}"),
        None if per_unit => "zonder eenheid".into(),
        None => "zonder periode".into(),
    }
}

/// How many transitions of an output are listed: amounts vary case by case,
/// so for money the list stays short (the totals say the rest).
fn shown(o: &OutputDiff) -> usize {
    if o.amounts.is_some() || !o.amounts_by_unit.is_empty() {
        5
    } else {
        12
    }
}

/// The transitions past [`shown`]: how many, and how many cases they hold.
fn rest(o: &OutputDiff) -> Option<(usize, u64)> {
    (o.transitions.len() > shown(o)).then(|| {
        let cases = o.transitions.iter().skip(shown(o)).map(|t| t.cases).sum();
        (o.transitions.len() - shown(o), cases)
    })
}

/// `, 4 geven onder beide versies een fout` (or nothing).
fn both_failed(b: &BehaviourReport) -> String {
    if b.failed_both == 0 {
        String::new()
    } else {
        format!(
            ", {} onder beide versies een fout",
            quantity(b.failed_both, "geeft", "geven")
        )
    }
}

fn changed_outputs(b: &BehaviourReport) -> Vec<&OutputDiff> {
    b.outputs.iter().filter(|o| o.changed > 0).collect()
}

fn money_outputs(b: &BehaviourReport) -> impl Iterator<Item = (&OutputDiff, &MoneyDiff)> {
    b.outputs.iter().flat_map(|o| {
        o.amounts
            .iter()
            .chain(&o.amounts_by_unit)
            .map(move |m| (o, m))
    })
}

/// Per side (`oud`, and as an adjective `oude`) how many cases failed and
/// the most frequent messages.
fn error_sides(b: &BehaviourReport) -> [(&'static str, &'static str, u64, &[Count]); 2] {
    [
        ("oud", "oude", b.errors_old(), &b.errors_old),
        ("nieuw", "nieuwe", b.errors_new(), &b.errors_new),
    ]
}

/// An output by its name and label.
fn output_name(o: &OutputDiff) -> Content {
    named(&o.name, o.label.as_deref())
}

/// A value of an output as people read it: a keuze value by its label.
fn value_text<'a>(o: &'a OutputDiff, value: &'a str) -> &'a str {
    o.value_texts.get(value).map_or(value, String::as_str)
}

/// A change of an example, `naam: oud → nieuw`, with the output's label
/// beside its name and the values as people read them (the output is
/// looked up in the report by its name).
fn example_change(b: &BehaviourReport, change: &str) -> Content {
    let parts = change
        .split_once(": ")
        .and_then(|(name, rest)| Some((name, rest.split_once(ARROW)?)));
    let Some((name, (old, new))) = parts else {
        return vec![text(change)];
    };
    let Some(o) = b.outputs.iter().find(|o| o.name == name) else {
        return vec![text(change)];
    };
    let mut c = output_name(o);
    c.push(text(format!(
        ": {}{ARROW}{}",
        value_text(o, old),
        value_text(o, new)
    )));
    c
}

/// Wraps text to `width` columns (explanations side by side).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for line in text.lines() {
        let indent_len = line.len() - line.trim_start().len();
        let prefix: String = line.chars().take(indent_len.min(width / 2)).collect();
        let mut current = String::new();
        for word in line.split_whitespace() {
            let candidate_len = current.chars().count() + word.chars().count() + 1;
            if !current.is_empty() && candidate_len > width {
                lines.push(current);
                current = format!("{prefix}  ");
            } else if current.is_empty() {
                current.push_str(&prefix);
            } else {
                current.push(' ');
            }
            // Words longer than the column are cut.
            let mut w = word.to_string();
            while current.chars().count() + w.chars().count() > width && !w.is_empty() {
                let room = width.saturating_sub(current.chars().count()).max(1);
                let head: String = w.chars().take(room).collect();
                let tail: String = w.chars().skip(room).collect();
                current.push_str(&head);
                lines.push(current);
                current = format!("{prefix}  ");
                w = tail;
            }
            current.push_str(&w);
        }
        lines.push(current);
    }
    lines
}

/// Two texts next to each other, each `width` wide, separated by ` │ `
/// (no final newline).
fn side_by_side(
    left_title: &str,
    left: &str,
    right_title: &str,
    right: &str,
    width: usize,
) -> String {
    let l = wrap(left, width);
    let r = wrap(right, width);
    let pad = |s: &str| {
        let n = s.chars().count();
        format!("{s}{}", " ".repeat(width.saturating_sub(n)))
    };
    let mut lines = vec![
        format!("{} │ {}", pad(left_title), right_title),
        format!("{}─┼─{}", "─".repeat(width), "─".repeat(width)),
    ];
    for i in 0..l.len().max(r.len()) {
        let a = l.get(i).map(String::as_str).unwrap_or("");
        let b = r.get(i).map(String::as_str).unwrap_or("");
        lines.push(format!("{} │ {}", pad(a), b));
    }
    // No trailing spaces on lines whose right side is empty.
    lines
        .iter()
        .map(|l| l.trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Both explanations of an example, `width` wide each.
fn explanations(e: &Example, width: usize) -> String {
    side_by_side(
        "oud",
        &e.explanation_old,
        "nieuw",
        &e.explanation_new,
        width,
    )
}

// ------------------------------------------------------------ text

/// The behavioural diff as a document for a terminal.
pub fn text_document(b: &BehaviourReport) -> Document {
    let mut d = Document::new();
    d.heading(
        1,
        vec![text(format!(
            "Effect op {}",
            quantity(b.cases, "geval", "gevallen")
        ))],
    );
    d.text(format!(
        "  {} met een andere uitkomst ({}), {} ongewijzigd{}.",
        quantity(b.changed, "geval", "gevallen"),
        percent(b.changed, b.cases),
        thousands(b.unchanged),
        both_failed(b)
    ));
    for (side, _, total, list) in error_sides(b) {
        if total == 0 {
            continue;
        }
        d.text(format!(
            "  Fouten onder {side}: {}",
            quantity(total, "geval", "gevallen")
        ));
        for c in list.iter().take(5) {
            d.text(format!("    {}× {}", thousands(c.count), c.value));
        }
    }
    let changed = changed_outputs(b);
    if !changed.is_empty() {
        d.blank();
        d.heading(2, vec![text("Uitkomsten die veranderen")]);
        for o in &changed {
            d.line(vec![
                text("  "),
                code(&o.name),
                text(format!(
                    " ({}): {}",
                    aside(o.label.as_deref(), Some(&o.ty)).unwrap_or_default(),
                    quantity(o.changed, "geval", "gevallen")
                )),
            ]);
            for t in o.transitions.iter().take(shown(o)) {
                d.text(format!(
                    "    {} → {}: {}",
                    value_text(o, &t.old),
                    value_text(o, &t.new),
                    quantity(t.cases, "geval", "gevallen")
                ));
            }
            if let Some((n, cases)) = rest(o) {
                d.text(format!(
                    "    … {n} andere overgangen: {}",
                    quantity(cases, "geval", "gevallen")
                ));
            }
        }
    }
    let mut amounts = money_outputs(b).peekable();
    if amounts.peek().is_some() {
        d.blank();
        d.heading(2, vec![text("Bedragen (totaal over alle gevallen)")]);
    }
    for (o, m) in amounts {
        let per_year = if m.period_new.as_deref() == Some("jaar") && m.period_old == m.period_new {
            String::new()
        } else {
            format!(
                "; per jaar {} → {} (verschil {})",
                money_cell(m.per_year_old),
                money_cell(m.per_year_new),
                signed_cell(m.difference_per_year)
            )
        };
        let mut line = vec![text("  ")];
        line.extend(output_name(o));
        line.push(text(format!(
            ": {} → {} {} (verschil {}){per_year}; {} hoger, {} lager",
            show_total(m.total_old, money),
            show_total(m.total_new, money),
            period_label(&m.period_new.clone().or(m.period_old.clone()), m.per_unit),
            signed_cell(m.difference),
            thousands(m.higher),
            thousands(m.lower)
        )));
        d.line(line);
    }
    for e in &b.examples {
        d.blank();
        d.heading(
            2,
            vec![text(format!("Voorbeeld: geval op regel {}", e.line))],
        );
        for t in &e.transitions {
            let mut line = vec![text("  ")];
            line.extend(example_change(b, t));
            d.line(line);
        }
        d.text(format!("  casus: {}", e.case));
        d.blank();
        d.code(0, "", explanations(e, 60));
    }
    d
}

// ------------------------------------------------------------ Markdown

fn cell(s: impl Into<String>) -> Content {
    vec![text(s)]
}

/// The behavioural diff as a Markdown document; its headings start at
/// `level + 1`.
pub fn markdown_document(b: &BehaviourReport, level: usize) -> Document {
    let mut d = Document::new();
    d.line(vec![
        text(format!(
            "Van de {} gevallen krijgen er ",
            thousands(b.cases)
        )),
        styled(Style::Strong, thousands(b.changed)),
        text(format!(
            " ({}) een andere uitkomst; {} blijven gelijk{}.",
            percent(b.changed, b.cases),
            thousands(b.unchanged),
            both_failed(b)
        )),
    ]);
    d.blank();
    for (_, side, total, list) in error_sides(b) {
        if total == 0 {
            continue;
        }
        d.text(format!(
            "Onder de {side} regels {} {} een fout:",
            if total == 1 { "geeft" } else { "geven" },
            quantity(total, "geval", "gevallen")
        ));
        d.blank();
        for c in list.iter().take(5) {
            d.item(
                0,
                vec![text(format!("{}× {}", thousands(c.count), c.value))],
            );
        }
        d.blank();
    }
    d.heading(level + 1, vec![text("Uitkomsten die veranderen")]);
    d.blank();
    let changed = changed_outputs(b);
    if changed.is_empty() {
        d.text("Geen enkele uitkomst verandert.");
    } else {
        let mut rows = Vec::new();
        for o in &changed {
            for t in o.transitions.iter().take(shown(o)) {
                rows.push(vec![
                    output_name(o),
                    cell(value_text(o, &t.old)),
                    cell(value_text(o, &t.new)),
                    cell(thousands(t.cases)),
                ]);
            }
            if let Some((n, cases)) = rest(o) {
                rows.push(vec![
                    output_name(o),
                    cell("…"),
                    cell(format!("… ({n} andere overgangen)")),
                    cell(thousands(cases)),
                ]);
            }
        }
        d.push(Block::Table {
            columns: vec![
                Column::left("uitvoer"),
                Column::left("oud"),
                Column::left("nieuw"),
                Column::right("gevallen"),
            ],
            rows,
        });
    }
    d.blank();
    let rows: Vec<Vec<Content>> = money_outputs(b).map(|(o, m)| money_row(o, m)).collect();
    if !rows.is_empty() {
        d.heading(level + 1, vec![text("Bedragen")]);
        d.blank();
        d.text("Totaal over alle gevallen; \"per jaar\" rekent om met 12 maanden, 13 perioden van 4 weken of 52 weken.");
        d.blank();
        let mut columns = vec![Column::left("uitvoer"), Column::left("periode")];
        columns.extend(
            [
                "totaal oud",
                "totaal nieuw",
                "verschil",
                "per jaar oud",
                "per jaar nieuw",
                "verschil per jaar",
                "hoger",
                "lager",
            ]
            .map(Column::right),
        );
        d.push(Block::Table { columns, rows });
        d.blank();
    }
    if !b.examples.is_empty() {
        d.heading(level + 1, vec![text("Voorbeelden")]);
        d.blank();
        for e in &b.examples {
            d.heading(level + 2, vec![text(format!("Geval op regel {}", e.line))]);
            d.blank();
            for t in &e.transitions {
                d.item(0, example_change(b, t));
            }
            d.blank();
            d.text("Casus:");
            d.blank();
            d.code(
                0,
                "json",
                serde_json::to_string_pretty(&e.case).unwrap_or_default(),
            );
            d.blank();
            d.text("Motivering onder de oude en de nieuwe regels:");
            d.blank();
            d.code(0, "", explanations(e, 58));
            d.blank();
        }
    }
    d
}

fn money_row(o: &OutputDiff, m: &MoneyDiff) -> Vec<Content> {
    let period = if m.period_old == m.period_new {
        period_label(&m.period_new, m.per_unit)
    } else {
        format!(
            "{} → {}",
            period_label(&m.period_old, m.per_unit),
            period_label(&m.period_new, m.per_unit)
        )
    };
    vec![
        output_name(o),
        cell(period),
        cell(show_total(m.total_old, money)),
        cell(show_total(m.total_new, money)),
        cell(signed_cell(m.difference)),
        cell(money_cell(m.per_year_old)),
        cell(money_cell(m.per_year_new)),
        cell(signed_cell(m.difference_per_year)),
        cell(thousands(m.higher)),
        cell(thousands(m.lower)),
    ]
}

#[cfg(test)]
mod tests {
    use super::super::fixtures;
    use super::super::{markdown, text as render_text};
    use super::*;
    use crate::behaviour::BehaviourRun;
    use crate::LineSink;

    /// Three cases under two versions of the regeling.
    fn report_between(old: String, new: String) -> BehaviourReport {
        let old = fixtures::engine(&[("proef/2026.regels", old)]);
        let new = fixtures::engine(&[("proef/2026.regels", new)]);
        let mut run = BehaviourRun::new(&old, fixtures::ID, &new, fixtures::ID);
        for (i, income) in ["500.00", "1500.00", "2000.00"].iter().enumerate() {
            run.add_line(i as u64 + 1, &fixtures::case("2026-03-01", income));
        }
        run.report(1)
    }

    fn report() -> BehaviourReport {
        // The old rules on the new dates, as `diff --cases` aligns them.
        report_between(fixtures::rule("2026-01-01", "inkomen"), fixtures::new())
    }

    #[test]
    fn text_counts_changed_cases_and_totals_the_money() {
        let text = render_text::plain(&text_document(&report()));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "Effect op 3 gevallen");
        assert_eq!(
            lines[1],
            "  2 gevallen met een andere uitkomst (66,6%), 1 ongewijzigd."
        );
        assert!(
            lines.contains(&"Bedragen (totaal over alle gevallen)"),
            "{text}"
        );
        assert!(
            lines.contains(&"  uitbetaling: € 4.000,00 → € 500,00 per maand (verschil -€ 3.500,00); per jaar € 48.000,00 → € 6.000,00 (verschil -€ 42.000,00); 0 hoger, 2 lager"),
            "{text}"
        );
        // One example per transition, the first case that makes it.
        assert!(lines.contains(&"Voorbeeld: geval op regel 2"), "{text}");
    }

    /// A tariff per uur or per rit (or none), as `bedrag per eenheid`.
    fn tariffs(body: &str) -> String {
        format!(
            "regeling \"Uitbetalingsproef\"\n  id {}\n  geldig vanaf 2026-01-01\n\n\
             invoer inkomen: bedrag per maand\n\nuitvoer tarief\n\n\
             regel tarief: bedrag per eenheid = {body}\n",
            fixtures::ID
        )
    }

    #[test]
    fn amounts_of_different_units_are_totalled_apart() {
        // Cases 500, 1500, 2000: per uur 10 → 12; per rit 1 → 2; per rit 1 → € 0.
        let b = report_between(
            tariffs("als inkomen > € 1.000 dan € 1 per rit anders € 10 per uur"),
            tariffs("als inkomen > € 1.800 dan € 0 anders als inkomen > € 1.000 dan € 2 per rit anders € 12 per uur"),
        );
        let tarief = b.outputs.iter().find(|o| o.name == "tarief").unwrap();
        assert_eq!(tarief.amounts, None, "no total over all units");
        let rows: Vec<(Option<&str>, String, String, u64, u64)> = tarief
            .amounts_by_unit
            .iter()
            .map(|m| {
                (
                    m.period_new.as_deref(),
                    show_total(m.total_old, money),
                    show_total(m.total_new, money),
                    m.higher,
                    m.lower,
                )
            })
            .collect();
        let row = |unit, old: &str, new: &str, higher, lower| {
            (unit, old.to_string(), new.to_string(), higher, lower)
        };
        assert_eq!(
            rows,
            vec![
                // The € 0 of the new rules has no unit; its case changed unit,
                // so it is neither higher nor lower.
                row(None, "€ 0,00", "€ 0,00", 0, 0),
                row(Some("rit"), "€ 2,00", "€ 2,00", 1, 0),
                row(Some("uur"), "€ 10,00", "€ 12,00", 1, 0),
            ]
        );
        let md = markdown::render(&markdown_document(&b, 1));
        assert!(
            md.contains("| `tarief` | zonder eenheid | € 0,00 | € 0,00 |"),
            "{md}"
        );
        assert!(
            md.contains("| `tarief` | per rit | € 2,00 | € 2,00 | € 0,00 |"),
            "{md}"
        );
        assert!(
            md.contains("| `tarief` | per uur | € 10,00 | € 12,00 | +€ 2,00 |"),
            "{md}"
        );
        // Transitions name the unit of each side.
        assert!(
            md.contains("| `tarief` | € 1,00 per rit | € 0,00 | 1 |"),
            "{md}"
        );
        assert!(
            md.contains("| `tarief` | € 10,00 per uur | € 12,00 per uur | 1 |"),
            "{md}"
        );
    }

    #[test]
    fn outputs_show_their_label_and_keuze_values_read_as_people_read_them() {
        let b = report_between(
            fixtures::labelled("2026-01-01", "inkomen"),
            fixtures::labelled("2026-01-01", "als inkomen > € 1.000 dan € 0 anders inkomen"),
        );
        // The data keeps the names and values of the case JSON.
        let besluit = b.outputs.iter().find(|o| o.name == "besluit").unwrap();
        assert_eq!(
            besluit.label.as_deref(),
            Some("besluit over de uitbetaling")
        );
        assert_eq!(
            (
                besluit.transitions[0].old.as_str(),
                besluit.transitions[0].new.as_str()
            ),
            ("op_aanvraag", "afgewezen")
        );
        let md = markdown::render(&markdown_document(&b, 1));
        assert!(
            md.contains("| `besluit` (besluit over de uitbetaling) | op aanvraag | afgewezen wegens inkomen | 2 |"),
            "{md}"
        );
        assert!(
            md.contains("| `uitbetaling` (uitbetaling per maand) | per maand | € 4.000,00 |"),
            "{md}"
        );
        assert!(
            md.contains("- `besluit` (besluit over de uitbetaling): op aanvraag → afgewezen wegens inkomen\n"),
            "{md}"
        );
        // The explanations are cut to the changed outputs, found by label.
        assert!(
            md.contains("Toelichting (alleen de uitkomsten die veranderen)"),
            "{md}"
        );
        let text = render_text::plain(&text_document(&b));
        assert!(
            text.contains("  besluit (besluit over de uitbetaling; Besluit): 2 gevallen\n    op aanvraag → afgewezen wegens inkomen: 2 gevallen\n"),
            "{text}"
        );
    }

    #[test]
    fn markdown_tables_the_money_with_right_aligned_figures() {
        let md = markdown::render(&markdown_document(&report(), 1));
        assert!(md.starts_with("Van de 3 gevallen krijgen er **2** (66,6%) een andere uitkomst; 1 blijven gelijk.\n\n## Uitkomsten die veranderen\n\n"), "{md}");
        assert!(md.contains("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n| `uitbetaling` | per maand | € 4.000,00 | € 500,00 | -€ 3.500,00 |"), "{md}");
        assert!(
            md.contains("\n## Voorbeelden\n\n### Geval op regel "),
            "{md}"
        );
    }
}
