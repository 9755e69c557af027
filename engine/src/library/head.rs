//! The head of a rule file: what the library needs to plan versions and
//! segments (id, name, version, validity, `laag op` base, `gebruik`
//! imports), with the spans its diagnostics point at. A bundle carries the
//! head of every file (its manifest), so the browser plans the library
//! without parsing and parses a file only when a program needs it.

use grammar::ast;
use serde::{Deserialize, Serialize};

/// The head of one rule file, as written in a bundle's manifest (`kop`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Head {
    pub naam: ast::Text,
    pub id: ast::Path,
    /// `versie "2025"`; `None` means: the file stem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub versie: Option<ast::Text>,
    pub geldig: ast::Validity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub laag_op: Option<ast::Path>,
    /// The `gebruik` imports, in source order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gebruik: Vec<ast::Path>,
}

impl Head {
    pub fn of(file: &ast::File) -> Head {
        let h = &file.header;
        Head {
            naam: h.name.clone(),
            id: h.id.clone(),
            versie: h.version.clone(),
            geldig: h.valid.clone(),
            laag_op: h.layer_on.clone(),
            gebruik: file
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
            (self.naam == actual.naam, "naam"),
            (self.versie == actual.versie, "versie"),
            (self.geldig == actual.geldig, "geldigheid"),
            (self.laag_op == actual.laag_op, "laag op"),
            (self.gebruik == actual.gebruik, "gebruik"),
        ]
        .into_iter()
        .filter_map(|(same, what)| (!same).then_some(what))
        .collect()
    }
}
