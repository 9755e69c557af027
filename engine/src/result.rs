//! The result JSON of an evaluation (`regelwerk eval --format json`, the
//! browser, case files): the outputs in the case encoding plus an execution
//! receipt: which regeling and versions (with content hashes) decided,
//! for which peildatum, which overrides were applied, and what is still
//! needed when the case was partial.
//!
//! ```json
//! { "regeling": "heemskerk.minimaregelingen", "versie": "2025",
//!   "geldig": { "vanaf": "2025-01-01", "tot_en_met": null },
//!   "bronnen": [ { "regeling": …, "versie": …, "pad": …, "hash": "sha256:…", "rol": "hoofdregeling",
//!                  "geldig": { "vanaf": "2025-01-01", "tot_en_met": null } } ],
//!   "peildatum": "2025-03-01",
//!   "outputs": { "inkomensnorm": "1479.99", … },      // decided outputs only
//!   "onbeslist": [ "meedoen_bedrag" ],                 // undecided outputs
//!   "ontbrekend": [ "inkomen_partner" ],               // inputs still needed
//!   "afwijkingen": [ { "regel", "waarde", "oorspronkelijk", "reden", "door" } ],
//!   "trace": { … } }                                   // only when traced
//! ```

use crate::case::encode;
use crate::eval::{Evaluation, OutputValue};
use crate::ir::{Program, VersionRole};
use serde_json::{json, Map, Value as Json};

pub fn to_json(program: &Program, evaluation: &Evaluation) -> Json {
    let info = &program.info;
    let types = &program.types;
    let mut outputs = Map::new();
    let mut undecided = Vec::new();
    for (&id, out) in program.outputs.iter().zip(&evaluation.outputs) {
        let Some(rule) = program.rules.get(id as usize) else {
            continue;
        };
        match out {
            OutputValue::Decided(v) => {
                outputs.insert(rule.name.clone(), encode(types, &rule.ty, v));
            }
            OutputValue::Undecided(_) => undecided.push(Json::String(rule.name.clone())),
        }
    }
    let missing: Vec<Json> = evaluation
        .missing
        .iter()
        .filter_map(|&i| program.inputs.get(i as usize))
        .map(|i| Json::String(i.name.clone()))
        .collect();
    let sources: Vec<Json> = info
        .parts
        .iter()
        .map(|p| {
            json!({
                "regeling": p.regeling,
                "versie": p.version,
                "pad": p.path,
                "hash": p.hash,
                "rol": role(p.role),
                // The source's own validity; `geldig` above is the
                // intersection over all sources.
                "geldig": { "vanaf": p.valid_from, "tot_en_met": p.valid_through },
            })
        })
        .collect();
    let overrides: Vec<Json> = evaluation
        .overrides
        .iter()
        .filter_map(|o| {
            let rule = program.rules.get(o.rule as usize)?;
            Some(json!({
                "regel": rule.name,
                "waarde": encode(types, &rule.ty, &o.value),
                "oorspronkelijk": o.original.as_ref().map_or(Json::Null, |v| encode(types, &rule.ty, v)),
                "reden": o.reason,
                "door": o.by,
            }))
        })
        .collect();
    let mut out = json!({
        "regeling": info.id,
        "versie": info.version,
        "geldig": { "vanaf": info.valid_from, "tot_en_met": info.valid_through },
        "bronnen": sources,
        "peildatum": evaluation.peildatum,
        "outputs": outputs,
        "onbeslist": undecided,
        "ontbrekend": missing,
        "afwijkingen": overrides,
    });
    if let (Some(trace), Some(map)) = (&evaluation.trace, out.as_object_mut()) {
        map.insert(
            "trace".into(),
            serde_json::to_value(trace).unwrap_or(Json::Null),
        );
    }
    out
}

fn role(role: VersionRole) -> &'static str {
    match role {
        VersionRole::Main => "hoofdregeling",
        VersionRole::Base => "basis",
        VersionRole::Import => "gebruikt",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::testkit::*;
    use crate::eval::{self, EvalOptions, Override};
    use crate::ir::Definition;
    use crate::types::Type;

    #[test]
    fn result_json_has_receipt_outputs_and_overrides() {
        let mut bld = Builder::new();
        let x = bld.input("x", Type::Number);
        let y = bld.input("y", Type::Bool);
        let mut norm = Builder::new_rule(
            "norm",
            Type::Money(None),
            Definition::Expr(mul(input(x), cn("2"))),
        );
        norm.overridable = true;
        let norm = bld.rule_def(norm);
        let a = bld.rule("bedrag", Type::Money(None), add(rule(norm), cn("0.5")));
        let bb = bld.rule("recht", Type::Bool, input(y));
        bld.output(a);
        bld.output(bb);
        let p = bld.build();
        let inputs = case(&p, date(2025, 3, 1), &[(x, n("10"))]);
        let options = EvalOptions {
            trace: false,
            overrides: vec![Override {
                rule: norm,
                value: n("600"),
                reason: "hardheidsclausule".into(),
                by: None,
            }],
        };
        let ev = eval::evaluate(&p, &inputs, &options).expect("evaluates");
        assert_eq!(
            to_json(&p, &ev),
            json!({
                "regeling": "test.regeling",
                "versie": "2025",
                "geldig": { "vanaf": "2025-01-01", "tot_en_met": "2025-12-31" },
                "bronnen": [ { "regeling": "test.regeling", "versie": "2025",
                    "pad": "rules/test/regeling/2025.regels", "hash": "sha256:00", "rol": "hoofdregeling",
                    "geldig": { "vanaf": "2025-01-01", "tot_en_met": "2025-12-31" } } ],
                "peildatum": "2025-03-01",
                "outputs": { "bedrag": "600.50" },
                "onbeslist": ["recht"],
                "ontbrekend": ["y"],
                "afwijkingen": [ { "regel": "norm", "waarde": "600.00", "oorspronkelijk": "20.00",
                    "reden": "hardheidsclausule", "door": null } ],
            })
        );
    }

    #[test]
    fn trace_is_included_only_when_recorded() {
        let mut bld = Builder::new();
        let x = bld.input("x", Type::Integer);
        let r = bld.rule("dubbel", Type::Integer, mul(input(x), ci(2)));
        bld.output(r);
        let p = bld.build();
        let inputs = case(&p, date(2025, 3, 1), &[(x, i(4))]);
        let plain = run(&p, &inputs).expect("evaluates");
        assert!(to_json(&p, &plain).get("trace").is_none());
        let traced = run_traced(&p, &inputs).expect("evaluates");
        let json = to_json(&p, &traced);
        assert_eq!(
            json["trace"],
            json!({
                "uitkomsten": [0],
                "regels": [ {
                    "regel": 0, "naam": "dubbel", "waarde": 8, "beslist": { "soort": "basis" },
                    "bron": "", "laag": "test.regeling",
                    "gebruikt": [ { "soort": "invoer", "invoer": 1, "naam": "x", "waarde": 4 } ]
                } ]
            })
        );
    }
}
