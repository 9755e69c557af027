//! The two answer shapes of the JS API: `{ "ok": true, ... }` and
//! `{ "ok": false, "fout": { "soort", "melding", ... } }`, as JSON text.

use serde_json::{Map, Value as Json};

/// A failure: a kind (`soort`), a Dutch message and optional details.
#[derive(Debug, Clone, PartialEq)]
pub struct Fout {
    fields: Map<String, Json>,
}

impl Fout {
    pub fn new(soort: &str, melding: impl Into<String>) -> Fout {
        let mut fields = Map::new();
        fields.insert("soort".into(), Json::String(soort.into()));
        fields.insert("melding".into(), Json::String(melding.into()));
        Fout { fields }
    }

    /// Adds a detail (`fouten`, `pad`, `regel`, ...).
    pub fn with(mut self, key: &str, value: Json) -> Fout {
        self.fields.insert(key.into(), value);
        self
    }
}

/// `{ "ok": true, ...body }`.
pub fn ok(body: Map<String, Json>) -> String {
    let mut m = Map::with_capacity(body.len() + 1);
    m.insert("ok".into(), Json::Bool(true));
    m.extend(body);
    to_text(m)
}

/// `{ "ok": false, "fout": {...} }`.
pub fn fail(fout: Fout) -> String {
    let mut m = Map::with_capacity(2);
    m.insert("ok".into(), Json::Bool(false));
    m.insert("fout".into(), Json::Object(fout.fields));
    to_text(m)
}

fn to_text(m: Map<String, Json>) -> String {
    // A `Value` with string keys always serialises; the fallback is only
    // there so that no path can panic.
    serde_json::to_string(&Json::Object(m))
        .unwrap_or_else(|_| r#"{"ok":false,"fout":{"soort":"intern","melding":"interne fout bij het maken van het antwoord"}}"#.into())
}
