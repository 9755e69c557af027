//! A simulation over a population: per output the counts per value, or
//! for numbers the totals, statistics, distribution and histogram.

use super::doc::{styled, text, Block, Column, Content, Document, Style};
use super::notation::{aside, money, percent, quantity, show_total, thousands};
use crate::simulate::{NumSummary, OutputSummary, Simulation, Total};
use engine::case::format_value;
use engine::types::{Type, TypeTable};
use engine::value::Value;
use rust_decimal::Decimal;

/// The simulation as a document (text).
pub fn document(s: &Simulation) -> Document {
    let mut d = Document::new();
    d.heading(
        1,
        vec![text(format!("Simulatie: {} ({})", s.name, s.regeling))],
    );
    d.text(format!(
        "  {}: {} beoordeeld, {} met een fout.",
        quantity(s.cases, "geval", "gevallen"),
        thousands(s.assessed),
        thousands(s.errors)
    ));
    for v in &s.versions {
        let until = v
            .through
            .as_ref()
            .map(|t| format!(" t/m {t}"))
            .unwrap_or_default();
        d.text(format!(
            "  versie {} (vanaf {}{until}): {}",
            v.version,
            v.valid_from,
            quantity(v.cases, "geval", "gevallen")
        ));
    }
    for c in s.error_messages.iter().take(10) {
        let line = c
            .first_line
            .map(|l| format!(" (eerste op regel {l})"))
            .unwrap_or_default();
        d.text(format!("  {}× {}{line}", thousands(c.count), c.value));
    }
    for o in &s.outputs {
        output(&mut d, o);
    }
    d
}

/// One cell of plain text.
fn cell(s: impl Into<String>) -> Content {
    vec![text(s)]
}

fn output(d: &mut Document, o: &OutputSummary) {
    d.blank();
    d.line(vec![
        styled(Style::Strong, &o.name),
        text(" "),
        styled(
            Style::Muted,
            format!(
                "({})",
                aside(o.label.as_deref(), Some(&o.ty)).unwrap_or_default()
            ),
        ),
    ]);
    let total: u64 = o.values.iter().map(|c| c.count).sum::<u64>() + o.empty;
    let mut values = Vec::new();
    if o.numbers.is_none() {
        for c in &o.values {
            values.push(vec![
                cell(o.value_texts.get(&c.value).unwrap_or(&c.value)),
                cell(thousands(c.count)),
                cell(percent(c.count, total)),
            ]);
        }
    }
    if o.empty > 0 {
        values.push(vec![cell("leeg"), cell(thousands(o.empty))]);
    }
    if !values.is_empty() {
        d.push(counts_table(Column::left("waarde"), values));
    }
    if let Some(n) = &o.numbers {
        numbers(d, n, &o.ty);
    }
}

/// Values with their count and share, as the text lines them up.
fn counts_table(value: Column, rows: Vec<Vec<Content>>) -> Block {
    Block::Table {
        columns: vec![
            value.text_layout(28, "  "),
            Column::right("aantal").text_layout(10, " "),
            Column::right("aandeel").text_layout(6, "  "),
        ],
        rows,
    }
}

/// A number of the output's type (`ty` as the summary names it) in the
/// notation of `eval` and the explanations: `€ 12,50`, `5%`, `0,5`.
fn number_notation(ty: &str) -> impl Fn(Decimal) -> String {
    let scalar = match ty.trim_end_matches('?') {
        t if t.starts_with("bedrag") => None,
        "percentage" => Some(Type::Percentage),
        _ => Some(Type::Number),
    };
    move |x: Decimal| match &scalar {
        // Rounded to cents: a mean can have more decimals.
        None => money(x),
        Some(t) => format_value(&TypeTable::default(), t, &Value::Num(x)),
    }
}

fn numbers(d: &mut Document, n: &NumSummary, ty: &str) {
    let show = &number_notation(ty);
    let opt = |x: Option<Decimal>| x.map(show).unwrap_or_else(|| "—".into());
    d.text(format!(
        "  aantal {}, waarvan nul {}",
        thousands(n.count),
        thousands(n.zeros)
    ));
    let per = n
        .period
        .as_ref()
        .map(|p| format!(" per {p}"))
        .unwrap_or_default();
    d.text(total_line("som", &per, n.sum, show));
    if let Some(y) = n.sum_per_year {
        if n.period.as_deref() != Some("jaar") {
            d.text(total_line("som per jaar", "", y, money));
        }
    }
    d.text(format!(
        "  minimum {}, mediaan {}{}, gemiddelde {}, maximum {}",
        opt(n.minimum),
        opt(n.median),
        approximation(n, show),
        n.mean
            .map(|t| show_total(t, show))
            .unwrap_or_else(|| "—".into()),
        opt(n.maximum)
    ));
    if !n.distribution.is_empty() {
        let rows = n
            .distribution
            .iter()
            .map(|v| {
                vec![
                    cell(show(v.value)),
                    cell(thousands(v.count)),
                    cell(percent(v.count, n.count)),
                ]
            })
            .collect();
        d.push(counts_table(Column::right("waarde"), rows));
    }
    if n.histogram.len() > 1 {
        let max = n
            .histogram
            .iter()
            .map(|b| b.count)
            .max()
            .unwrap_or(1)
            .max(1);
        let rows = n
            .histogram
            .iter()
            .map(|b| {
                let bar = "█".repeat((u128::from(b.count) * 30).div_ceil(u128::from(max)) as usize);
                vec![
                    cell(show(b.from)),
                    cell(show(b.to)),
                    cell(thousands(b.count)),
                    cell(bar),
                ]
            })
            .collect();
        d.push(Block::Table {
            columns: vec![
                Column::right("van").text_layout(14, "  "),
                Column::left("tot").text_layout(14, " – "),
                Column::right("aantal").text_layout(9, " "),
                Column::left("staaf").text_layout(0, " "),
            ],
            rows,
        });
    }
}

/// `  som € 1.234,00 per maand`, or `  som per maand: te groot …` when the
/// total is not exact.
fn total_line(label: &str, per: &str, t: Total, show: impl Fn(Decimal) -> String) -> String {
    match t.exact() {
        Some(d) => format!("  {label} {}{per}", show(d)),
        None => format!("  {label}{per}: {t}"),
    }
}

/// ` (bij benadering, klassen van € 1,00)` after a median taken from
/// classes of values (many distinct values), else nothing.
fn approximation(n: &NumSummary, show: impl Fn(Decimal) -> String) -> String {
    match (n.median_approximate, n.median_class_width) {
        (true, Some(width)) => format!(" (bij benadering, klassen van {})", show(width)),
        (true, None) => " (bij benadering)".into(),
        _ => String::new(),
    }
}

/// The simulation as one table, for CSV: a row per value of a categorical
/// output, a row with the statistics per numeric output. A total that is
/// not exact holds the Dutch reason instead of a number;
/// `mediaan_klassebreedte` is filled when the median is approximate (see
/// [`NumSummary`]).
pub fn table(s: &Simulation) -> Document {
    let columns = [
        "regeling",
        "uitvoer",
        "type",
        "waarde",
        "aantal",
        "som",
        "som_per_jaar",
        "minimum",
        "mediaan",
        "gemiddelde",
        "maximum",
        "mediaan_klassebreedte",
    ];
    fn opt<T: std::fmt::Display>(value: Option<T>) -> Content {
        cell(value.map(|v| v.to_string()).unwrap_or_default())
    }
    let mut rows: Vec<Vec<Content>> = Vec::new();
    for o in &s.outputs {
        let head = || vec![cell(&s.regeling), cell(&o.name), cell(&o.ty)];
        for c in &o.values {
            rows.push([head(), vec![cell(&c.value), cell(c.count.to_string())]].concat());
        }
        if o.empty > 0 {
            rows.push([head(), vec![cell("leeg"), cell(o.empty.to_string())]].concat());
        }
        if let Some(n) = &o.numbers {
            rows.push(
                [
                    head(),
                    vec![
                        cell(""),
                        cell(n.count.to_string()),
                        opt(Some(n.sum)),
                        opt(n.sum_per_year),
                        opt(n.minimum),
                        opt(n.median),
                        opt(n.mean),
                        opt(n.maximum),
                        opt(n.median_class_width),
                    ],
                ]
                .concat(),
            );
        }
    }
    if s.errors > 0 {
        rows.push(vec![
            cell(&s.regeling),
            cell("(fouten)"),
            cell(""),
            cell(""),
            cell(s.errors.to_string()),
        ]);
    }
    let mut d = Document::new();
    d.push(Block::Table {
        columns: columns.iter().map(|c| Column::left(c)).collect(),
        rows,
    });
    d
}

#[cfg(test)]
mod tests {
    use super::super::fixtures;
    use super::super::{csv, text as render_text};
    use super::*;
    use crate::simulate::Simulator;
    use crate::LineSink;

    fn simulation() -> Simulation {
        let engine = fixtures::engine(&[("proef/2025.regels", fixtures::old())]);
        let mut sim = Simulator::new(&engine, fixtures::ID).expect("regeling");
        for (i, income) in ["10.00", "20.00", "20.00"].iter().enumerate() {
            sim.add_line(i as u64 + 1, &fixtures::case("2025-06-01", income));
        }
        sim.add_line(4, "{kapot");
        sim.report()
    }

    #[test]
    fn text_lines_up_the_distribution_of_amounts() {
        let text = render_text::plain(&document(&simulation()));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "Simulatie: Uitbetalingsproef (proef.uitbetaling)");
        assert_eq!(lines[1], "  4 gevallen: 3 beoordeeld, 1 met een fout.");
        assert!(lines.contains(&"uitbetaling (bedrag per maand)"), "{text}");
        assert!(lines.contains(&"  som € 50,00 per maand"), "{text}");
        assert!(lines.contains(&"  som per jaar € 600,00"), "{text}");
        let row = format!("  {:>28} {:>10}  {:>6}", "€ 20,00", "2", "66,6%");
        assert!(lines.contains(&row.as_str()), "{text}");
    }

    /// A percentage reads as `eval` and the explanation show it: `5%`, not `0,05`.
    #[test]
    fn a_percentage_is_shown_as_eval_shows_it() {
        let text = format!(
            "regeling \"Kortingsproef\"\n  id {}\n  geldig vanaf 2025-01-01\n\n\
             invoer inkomen: bedrag per maand\n\nuitvoer korting\n\n\
             regel korting: percentage = als inkomen > € 15 dan 5% anders 12,5%\n",
            fixtures::ID
        );
        let engine = fixtures::engine(&[("proef/2025.regels", text)]);
        let mut sim = Simulator::new(&engine, fixtures::ID).expect("regeling");
        for (i, income) in ["10.00", "20.00", "20.00"].iter().enumerate() {
            sim.add_line(i as u64 + 1, &fixtures::case("2025-06-01", income));
        }
        let text = render_text::plain(&document(&sim.report()));
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines.contains(&"  minimum 5%, mediaan 5%, gemiddelde 7,5%, maximum 12,5%"),
            "{text}"
        );
        let row = format!("  {:>28} {:>10}  {:>6}", "12,5%", "1", "33,3%");
        assert!(lines.contains(&row.as_str()), "{text}");
    }

    /// Tariffs per uur and per rit are summed per unit, never together.
    #[test]
    fn amounts_that_carry_their_unit_are_summed_per_unit() {
        let text = format!(
            "regeling \"Tariefproef\"\n  id {}\n  geldig vanaf 2025-01-01\n\n\
             invoer inkomen: bedrag per maand\n\nuitvoer tarief\n\n\
             regel tarief: bedrag per eenheid = als inkomen > € 15 dan € 1,25 per rit anders € 17,25 per uur\n",
            fixtures::ID
        );
        let engine = fixtures::engine(&[("proef/2025.regels", text)]);
        let mut sim = Simulator::new(&engine, fixtures::ID).expect("regeling");
        for (i, income) in ["10.00", "20.00", "20.00"].iter().enumerate() {
            sim.add_line(i as u64 + 1, &fixtures::case("2025-06-01", income));
        }
        let report = sim.report();
        let text = render_text::plain(&document(&report));
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.contains(&"tarief (bedrag per rit)"), "{text}");
        assert!(lines.contains(&"  som € 2,50 per rit"), "{text}");
        assert!(lines.contains(&"tarief (bedrag per uur)"), "{text}");
        assert!(lines.contains(&"  som € 17,25 per uur"), "{text}");
        assert!(
            !text.contains("19,75"),
            "never one sum over both units: {text}"
        );
        let csv = csv::render(&table(&report));
        assert!(
            csv.contains("proef.uitbetaling,tarief,bedrag per rit,,2,2.50,"),
            "{csv}"
        );
        assert!(
            csv.contains("proef.uitbetaling,tarief,bedrag per uur,,1,17.25,"),
            "{csv}"
        );
    }

    #[test]
    fn text_shows_labels_and_the_data_keeps_the_values() {
        let engine = fixtures::engine(&[(
            "proef/2025.regels",
            fixtures::labelled("2025-01-01", "inkomen"),
        )]);
        let mut sim = Simulator::new(&engine, fixtures::ID).expect("regeling");
        for (i, income) in ["0.00", "20.00", "30.00"].iter().enumerate() {
            sim.add_line(i as u64 + 1, &fixtures::case("2025-06-01", income));
        }
        let s = sim.report();
        let text = render_text::plain(&document(&s));
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines.contains(&"besluit (besluit over de uitbetaling; Besluit)"),
            "{text}"
        );
        let row = |v: &str, n: &str, p: &str| format!("  {v:<28} {n:>10}  {p:>6}");
        assert!(
            lines.contains(&row("op aanvraag", "2", "66,6%").as_str()),
            "{text}"
        );
        assert!(
            lines.contains(&row("afgewezen wegens inkomen", "1", "33,3%").as_str()),
            "{text}"
        );
        // CSV holds the values as a case has them.
        let csv = csv::render(&table(&s));
        assert!(
            csv.contains("proef.uitbetaling,besluit,Besluit,op_aanvraag,2,"),
            "{csv}"
        );
        assert!(
            csv.contains("proef.uitbetaling,besluit,Besluit,afgewezen,1,"),
            "{csv}"
        );
    }

    #[test]
    fn csv_has_one_statistics_row_per_number_and_the_errors() {
        let csv = csv::render(&table(&simulation()));
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "regeling,uitvoer,type,waarde,aantal,som,som_per_jaar,minimum,mediaan,gemiddelde,maximum,mediaan_klassebreedte");
        assert!(
            lines[1].starts_with(
                "proef.uitbetaling,uitbetaling,bedrag per maand,,3,50.00,600.00,10.00,"
            ),
            "{csv}"
        );
        assert!(
            lines[1].ends_with(",16.67,20.00,"),
            "mean, maximum, no class width: {csv}"
        );
        assert_eq!(lines[2], "proef.uitbetaling,(fouten),,,1,,,,,,,");
        assert_eq!(lines.len(), 3);
    }
}
