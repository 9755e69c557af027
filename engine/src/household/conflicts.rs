//! The check that regelingen decided together agree on the type of each
//! household fact they share (diagnostic R0210).
//!
//! Decided together are the regelingen of one gemeente: those whose id
//! starts with the same first part (`heemskerk.`), exactly the regelingen a
//! household case with `"gemeente": "heemskerk"` selects. The landelijke
//! regelingen a gemeente builds on take part through the gemeente's layers
//! (a layer's program holds its base's inputs). They are compared on every
//! date a version of one of them starts, with the versions in force then.

use super::facts::{self, incompatibility};
use crate::diag::{Code, Diagnostic};
use crate::ir::Program;
use crate::library::{Library, Regeling};
use std::collections::{BTreeMap, HashSet};

/// Every fact two regelingen of one gemeente take with incompatible types.
pub fn conflicts(library: &Library) -> Vec<Diagnostic> {
    let mut groups: BTreeMap<&str, Vec<&Regeling>> = BTreeMap::new();
    for r in &library.regelingen {
        let gemeente = r.id.split_once('.').map_or(r.id.as_str(), |(g, _)| g);
        groups.entry(gemeente).or_default().push(r);
    }
    let mut found = Vec::new();
    let mut reported = HashSet::new();
    for regelingen in groups.values().filter(|g| g.len() > 1) {
        let mut dates: Vec<_> = regelingen
            .iter()
            .flat_map(|r| r.segments.iter().map(|s| s.from))
            .collect();
        dates.sort();
        dates.dedup();
        for date in dates {
            let programs: Vec<&Program> = regelingen
                .iter()
                .filter_map(|r| r.program_at(date).ok())
                .map(|p| &**p)
                .collect();
            for fact in facts::facts(&programs) {
                for (k, a) in fact.takers.iter().enumerate() {
                    for b in &fact.takers[k + 1..] {
                        let (ra, rb) = (&a.program.info.id, &b.program.info.id);
                        if ra == rb
                            || !reported.insert((fact.name.to_string(), ra.clone(), rb.clone()))
                        {
                            continue;
                        }
                        let Some(why) =
                            incompatibility((a.types(), &a.def().ty), (b.types(), &b.def().ty))
                        else {
                            continue;
                        };
                        found.push(diagnostic(fact.name, a, b, &why));
                    }
                }
            }
        }
    }
    found
}

fn diagnostic(fact: &str, a: &facts::Taker<'_>, b: &facts::Taker<'_>, why: &str) -> Diagnostic {
    let (da, db) = (a.def(), b.def());
    let (ra, rb) = (&a.program.info.id, &b.program.info.id);
    Diagnostic::new(
        Code::FactTypeConflict,
        db.origin.file,
        db.origin.span,
        format!(
            "de regelingen `{ra}` en `{rb}` nemen allebei het feit `{fact}` uit het huishouden, maar {why}"
        ),
    )
    .label(format!("`{}`: {}", db.name, b.types().display(&db.ty)))
    .related(
        da.origin.file,
        da.origin.span,
        format!("`{}` in `{ra}`: {}", da.name, a.types().display(&da.ty)),
    )
    .help(format!(
        "is het hetzelfde feit, geef het dan hetzelfde type; is het een ander feit, geef een van beide invoeren een eigen feit, bijvoorbeeld `feit {fact}_{}`",
        rb.rsplit('.').next().unwrap_or(rb)
    ))
}
