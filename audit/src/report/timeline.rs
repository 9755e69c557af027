//! The timeline of a regeling: its versions, the periods they cover, and
//! what the checker found about them.

use super::doc::{styled, text, Document, Style};
use super::notation::quantity;
use crate::coverage::{Status, Timeline};

/// The timeline as a document.
pub fn document(t: &Timeline) -> Document {
    let mut d = Document::new();
    d.heading(
        1,
        vec![text(format!("Tijdlijn: {} ({})", t.name, t.regeling))],
    );
    d.blank();
    d.text("Versies:");
    for v in &t.versions {
        let until = v
            .through
            .map(|d| format!(" tot en met {d}"))
            .unwrap_or_else(|| " (geen einddatum)".into());
        let layer = v
            .layer_on
            .as_ref()
            .map(|l| format!(", laag op {l}"))
            .unwrap_or_default();
        d.line(vec![
            text(format!(
                "  {:<8} geldig vanaf {}{until}{layer}  ",
                v.version, v.valid_from
            )),
            styled(Style::Muted, &v.path),
        ]);
    }
    d.blank();
    d.text("Perioden:");
    for p in &t.periods {
        let until = p
            .through
            .map(|d| format!("t/m {d}"))
            .unwrap_or_else(|| "en verder".into());
        let verdict = if p.status == Status::Valid {
            Style::Good
        } else {
            Style::Bad
        };
        let rest = match p.status {
            Status::Valid => format!(" ({})", p.parts.join(", ")),
            Status::DependencyMissing => format!(
                ": geen versie van `{}`",
                p.missing.as_deref().unwrap_or("?")
            ),
            _ => String::new(),
        };
        d.line(vec![
            styled(
                verdict,
                format!("  {} {until}: {}", p.from, p.status.dutch()),
            ),
            text(rest),
        ]);
        for a in &p.top_ups {
            let until = a
                .through
                .map(|t| format!(" tot en met {t}"))
                .unwrap_or_default();
            d.line(vec![styled(
                Style::Attention,
                format!(
                    "      parameter {} ({}) aangevuld door {} vanaf {}{until}",
                    a.parameter, a.regeling, a.supplied_by, a.from
                ),
            )]);
        }
        for g in &p.parameters {
            let mut what = Vec::new();
            if let Some(b) = g.begins {
                what.push(format!("begint pas op {b}"));
            }
            if let Some(e) = g.ends {
                match &g.end_reason {
                    Some(r) => what.push(format!("eindigt op {e} (bedoeld: {r})")),
                    None => what.push(format!("eindigt op {e}")),
                }
            }
            let style = if g.answered() {
                Style::Muted
            } else {
                Style::Attention
            };
            d.line(vec![styled(
                style,
                format!(
                    "      parameter {} ({}) {}",
                    g.parameter,
                    g.regeling,
                    what.join(" en ")
                ),
            )]);
        }
    }
    if !t.findings.is_empty() {
        d.blank();
        d.text("Meldingen van de controle:");
        for m in &t.findings {
            d.text(format!("  {} {}: {}", m.code, m.path, m.message));
        }
    }
    d.blank();
    let problems = t.problems();
    if problems == 0 {
        d.text("Geen gaten, overlappingen of parameters die te vroeg eindigen.");
    } else {
        d.text(quantity(problems as u64, "bevinding", "bevindingen"));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::super::fixtures;
    use super::super::text::{render, Paint};
    use super::*;

    struct Marks;
    impl Paint for Marks {
        fn paint(&self, style: Style, text: &str) -> String {
            format!("<{style:?}>{text}</>")
        }
    }

    #[test]
    fn a_gap_between_versions_is_a_finding_in_the_bad_style() {
        // 2025 ends with the year; 2027 starts a year later.
        let engine = fixtures::engine(&[
            ("proef/2025.regels", fixtures::old()),
            ("proef/2027.regels", fixtures::rule("2027-01-01", "inkomen")),
        ]);
        let library = engine.library();
        let regeling = engine.find(fixtures::ID).expect("regeling");
        let text = render(
            &document(&crate::coverage::timeline(library, regeling)),
            &Marks,
        );
        assert!(
            text.starts_with(
                "<Strong>Tijdlijn: Uitbetalingsproef (proef.uitbetaling)</>\n\nVersies:\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("\n<Bad>  2026-01-01 t/m 2026-12-31: "),
            "{text}"
        );
        assert!(
            text.contains("\n<Good>  2025-01-01 t/m 2025-12-31: "),
            "{text}"
        );
        assert!(
            text.contains("\nMeldingen van de controle:\n  R0902 proef/2027.regels: "),
            "{text}"
        );
        // The gap and the checker's R0902 about it.
        assert!(text.ends_with("\n\n2 bevindingen\n"), "{text}");
    }
}
