//! The head of a rule file: what the library needs to plan versions and
//! segments (id, name, version, validity, `laag op` base, `gebruik`
//! imports), with the spans its diagnostics point at. A bundle carries the
//! head of every file (its manifest), so the browser plans the library
//! without parsing and parses a file only when a program needs it.

use grammar::ast;
use serde::{Deserialize, Serialize};

/// The head of one rule file, as written in a bundle's manifest (`kop`).
/// The JSON field names are Dutch and fixed: bundles already written must
/// stay readable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Head {
    #[serde(rename = "naam")]
    pub name: ast::Text,
    pub id: ast::Path,
    /// `versie "2025"`; `None` means: the file stem.
    #[serde(rename = "versie", default, skip_serializing_if = "Option::is_none")]
    pub version: Option<ast::Text>,
    #[serde(rename = "geldig")]
    pub valid: ast::Validity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(rename = "laag_op")]
    pub layer_on: Option<ast::Path>,
    /// The `gebruik` imports, in source order.
    #[serde(rename = "gebruik", default, skip_serializing_if = "Vec::is_empty")]
    pub uses: Vec<ast::Path>,
}

impl Head {
    pub fn of(file: &ast::File) -> Head {
        let h = &file.header;
        Head {
            name: h.name.clone(),
            id: h.id.clone(),
            version: h.version.clone(),
            valid: h.valid.clone(),
            layer_on: h.layer_on.clone(),
            uses: file
                .items
                .iter()
                .filter_map(|it| match it {
                    ast::Item::Use(u) => Some(u.regeling.clone()),
                    _ => None,
                })
                .collect(),
        }
    }

    /// What differs between the manifest's head and the file's, in Dutch
    /// (for the error that refuses a bundle whose manifest does not fit).
    pub fn differences(&self, actual: &Head) -> Vec<&'static str> {
        [
            (self.id == actual.id, "id"),
            (self.name == actual.name, "naam"),
            (self.version == actual.version, "versie"),
            (self.valid == actual.valid, "geldigheid"),
            (self.layer_on == actual.layer_on, "laag op"),
            (self.uses == actual.uses, "gebruik"),
        ]
        .into_iter()
        .filter_map(|(same, what)| (!same).then_some(what))
        .collect()
    }
}
