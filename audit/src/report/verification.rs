//! The verification of a receipt (`regelwerk verify`): the verdict, the
//! outcomes that differ now, and the state of each source.

use super::doc::{styled, text, Document, Style};
use super::notation::short_hash;
use crate::receipt::{SourceState, Verdict, Verification};

/// The verification as a document.
pub fn document(v: &Verification) -> Document {
    let mut d = Document::new();
    let verdict = match v.verdict {
        Verdict::Holds => Style::Good,
        Verdict::SameOutcomeSourcesChanged | Verdict::SameOutcomeSourcesUnknown => Style::Attention,
        _ => Style::Bad,
    };
    d.text(format!("Regeling: {}", v.regeling));
    d.line(vec![styled(
        verdict,
        format!("Oordeel: {}", v.verdict.dutch()),
    )]);
    if let Some(f) = &v.error {
        d.text(format!("  fout: {f}"));
    }
    if !v.differences.is_empty() {
        d.blank();
        d.text("Uitkomsten die nu anders zijn:");
        for x in &v.differences {
            d.text(format!(
                "  {}: vastgelegd {} → nu {}",
                x.name, x.recorded, x.now
            ));
        }
    }
    if !v.sources.is_empty() {
        d.blank();
        d.text("Bronnen:");
        for b in &v.sources {
            let line = format!(
                "  {} {} ({}): {}",
                b.regeling,
                b.version,
                b.path,
                b.state.dutch()
            );
            d.line(vec![match b.state {
                SourceState::Unchanged => text(line),
                _ => styled(Style::Attention, line),
            }]);
            if b.state == SourceState::Changed {
                let hash = |h: &Option<String>| h.as_deref().map(short_hash).unwrap_or_default();
                d.text(format!(
                    "      vastgelegd {}, nu {}",
                    hash(&b.hash_recorded),
                    hash(&b.hash_now)
                ));
            }
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::super::fixtures;
    use super::super::text::plain;
    use super::*;
    use crate::receipt;

    #[test]
    fn a_changed_outcome_is_named_with_both_values() {
        let engine = fixtures::engine(&[("proef/2025.regels", fixtures::old())]);
        let case: serde_json::Value =
            serde_json::from_str(&fixtures::case("2025-06-01", "10.00")).expect("json");
        let mut made = receipt::make(&engine, fixtures::ID, &case).expect("receipt");
        let v = receipt::verify(&engine, &made).expect("verifies");
        assert_eq!(v.verdict, Verdict::Holds);
        let text = plain(&document(&v));
        assert!(
            text.starts_with("Regeling: proef.uitbetaling\nOordeel: "),
            "{text}"
        );
        assert!(!text.contains("Uitkomsten die nu anders zijn"), "{text}");

        made["result"]["outputs"]["uitbetaling"] = serde_json::json!("99.00");
        let v = receipt::verify(&engine, &made).expect("verifies");
        let text = plain(&document(&v));
        assert!(
            text.contains(
                "\nUitkomsten die nu anders zijn:\n  uitbetaling: vastgelegd \"99.00\" → nu "
            ),
            "{text}"
        );
        assert!(
            text.contains("\nBronnen:\n  proef.uitbetaling 2025 (proef/2025.regels): "),
            "{text}"
        );
    }
}
