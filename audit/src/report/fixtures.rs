//! Two small versions of one regeling for the report builders' tests.

use engine::{Engine, SourceSet};

pub const ID: &str = "proef.uitbetaling";

/// A version of the regeling whose payment is `body`.
pub fn rule(validity: &str, body: &str) -> String {
    format!(
        "regeling \"Uitbetalingsproef\"\n  id {ID}\n  geldig vanaf {validity}\n\n\
         invoer inkomen: bedrag per maand\n\nuitvoer uitbetaling\n\n\
         regel uitbetaling: bedrag per maand = {body}\n"
    )
}

/// 2025: the income is paid out.
pub fn old() -> String {
    rule("2025-01-01 tot en met 2025-12-31", "inkomen")
}

/// 2026: nothing above € 1.000.
pub fn new() -> String {
    rule("2026-01-01", "als inkomen > € 1.000 dan € 0 anders inkomen")
}

/// An engine with the given versions.
pub fn engine(versions: &[(&str, String)]) -> Engine {
    let mut set = SourceSet::new();
    for (path, text) in versions {
        set.add(*path, text.clone());
    }
    Engine::new(set)
}

/// A case line with this income on `peildatum`.
pub fn case(peildatum: &str, income: &str) -> String {
    serde_json::json!({ "peildatum": peildatum, "inkomen": income }).to_string()
}

/// A version with labels: the payment, and a keuze output whose value
/// `afgewezen` has a label and `op_aanvraag` none.
pub fn labelled(validity: &str, body: &str) -> String {
    format!(
        "regeling \"Uitbetalingsproef\"\n  id {ID}\n  geldig vanaf {validity}\n\n\
         keuze Besluit: op_aanvraag | afgewezen label \"afgewezen wegens inkomen\"\n\n\
         invoer inkomen: bedrag per maand\n  label \"netto inkomen\"\n\n\
         uitvoer uitbetaling, besluit\n\n\
         regel uitbetaling: bedrag per maand\n  label \"uitbetaling per maand\"\n  = {body}\n\n\
         regel besluit: Besluit\n  label \"besluit over de uitbetaling\"\n  \
         = als uitbetaling > € 0 dan op_aanvraag anders afgewezen\n"
    )
}
