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
//!   "eenheden": { "tarief": "uur" },                   // only with `bedrag per eenheid` outputs
//!   "onbeslist": [ "meedoen_bedrag" ],                 // undecided outputs
//!   "ontbrekend": [ "inkomen_partner" ],               // inputs still needed
//!   "afwijkingen": [ { "regel", "waarde", "oorspronkelijk", "reden", "door" } ],
//!   "trace": { … } }                                   // only when traced
//! ```
//!
//! `outputs` and `trace` keep the English names they were published with:
//! every case file, receipt and consumer reads them (the exception in the
//! naming rule, `docs/architectuur.md` § Naming).

use crate::case::{Encoded, IsoDate};
use crate::eval::{AppliedOverride, Evaluation, OutputValue};
use crate::ir::{Program, RuleDef, VersionRef, VersionRole};
use crate::trace::Trace;
use crate::types::Type;
use crate::value::Value;
use chrono::NaiveDate;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value as Json;

/// The result JSON as a `Json` value (tools and tests that look inside).
pub fn to_json(program: &Program, evaluation: &Evaluation, trace: Option<&Trace>) -> Json {
    // Cannot fail (see `case::encode`); were it to, the failure shows.
    serde_json::to_value(ResultJson {
        program,
        evaluation,
        trace,
    })
    .unwrap_or_else(crate::case::not_serialised)
}

/// The result JSON of one evaluation, serialisable. Serialised into a JSON
/// writer (`serde_json::to_string`, the browser's `evaluate`) it is written
/// straight to text in the documented field order, with no `Json` tree in
/// between: building and dropping that tree (a hashed, ordered map per
/// object) was most of the time of a JSON evaluation, in wasm above all.
#[derive(Clone, Copy)]
pub struct ResultJson<'a> {
    pub program: &'a Program,
    pub evaluation: &'a Evaluation,
    /// The derivation, when recorded.
    pub trace: Option<&'a Trace>,
}

impl Serialize for ResultJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (program, evaluation) = (self.program, self.evaluation);
        let info = &program.info;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("regeling", &info.id)?;
        m.serialize_entry("versie", &info.version)?;
        m.serialize_entry("geldig", &Validity(info.valid_from, info.valid_through))?;
        m.serialize_entry("bronnen", &Sources(&info.parts))?;
        m.serialize_entry("peildatum", &IsoDate(evaluation.peildatum))?;
        m.serialize_entry("outputs", &Outputs(self))?;
        if self.has_units() {
            m.serialize_entry("eenheden", &Units(self))?;
        }
        m.serialize_entry("onbeslist", &Undecided(self))?;
        m.serialize_entry("ontbrekend", &Missing(self))?;
        m.serialize_entry("afwijkingen", &Overrides(self))?;
        if let Some(trace) = self.trace {
            m.serialize_entry("trace", &trace.json(program))?;
        }
        m.end()
    }
}

impl<'a> ResultJson<'a> {
    /// Whether an output is a `bedrag per eenheid` (then `eenheden` is written).
    fn has_units(&self) -> bool {
        let rules = &self.program.rules;
        (self.program.outputs.iter())
            .filter_map(|&id| rules.get(id as usize))
            .any(|r| has_unit_per_value(&r.ty))
    }

    /// The output rules with their values, in `program.outputs` order.
    fn outputs(&self) -> impl Iterator<Item = (&'a RuleDef, &'a OutputValue)> + 'a {
        let program = self.program;
        program
            .outputs
            .iter()
            .zip(&self.evaluation.outputs)
            .filter_map(move |(&id, out)| Some((program.rules.get(id as usize)?, out)))
    }
}

/// `{ "vanaf": …, "tot_en_met": … }`.
struct Validity(NaiveDate, Option<NaiveDate>);

impl Serialize for Validity {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("vanaf", &IsoDate(self.0))?;
        m.serialize_entry("tot_en_met", &self.1.map(IsoDate))?;
        m.end()
    }
}

/// Every source version the program is built from.
struct Sources<'a>(&'a [VersionRef]);

impl Serialize for Sources<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(Source))
    }
}

struct Source<'a>(&'a VersionRef);

impl Serialize for Source<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        let mut m = s.serialize_map(Some(6))?;
        m.serialize_entry("regeling", &p.regeling)?;
        m.serialize_entry("versie", &p.version)?;
        m.serialize_entry("pad", &p.path)?;
        m.serialize_entry("hash", &p.hash)?;
        m.serialize_entry("rol", role(p.role))?;
        // The source's own validity; `geldig` above is the intersection
        // over all sources.
        m.serialize_entry("geldig", &Validity(p.valid_from, p.valid_through))?;
        m.end()
    }
}

/// The decided outputs: name → value.
struct Outputs<'a>(&'a ResultJson<'a>);

impl Serialize for Outputs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let types = &self.0.program.types;
        s.collect_map(self.0.outputs().filter_map(|(rule, out)| match out {
            OutputValue::Decided(value) => Some((
                &rule.name,
                Encoded {
                    types,
                    ty: &rule.ty,
                    value,
                },
            )),
            OutputValue::Undecided(_) => None,
        }))
    }
}

/// The unit of each decided amount of type `bedrag per eenheid` (`"uur"`,
/// `"rit"`, or `null` for an amount without one; a `leeg` output has no entry), beside `outputs` so that
/// the amounts there keep their published form.
struct Units<'a>(&'a ResultJson<'a>);

impl Serialize for Units<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.outputs().filter_map(|(rule, out)| match out {
            OutputValue::Decided(Value::Amount(a)) => Some((&rule.name, a.unit.map(|u| u.dutch()))),
            _ => None,
        }))
    }
}

fn has_unit_per_value(ty: &Type) -> bool {
    *ty.strip_optional() == Type::MoneyPerUnit
}

/// The names of the undecided outputs.
struct Undecided<'a>(&'a ResultJson<'a>);

impl Serialize for Undecided<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.outputs().filter_map(|(rule, out)| match out {
            OutputValue::Undecided(_) => Some(&rule.name),
            OutputValue::Decided(_) => None,
        }))
    }
}

/// The names of the inputs still needed.
struct Missing<'a>(&'a ResultJson<'a>);

impl Serialize for Missing<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let inputs = &self.0.program.inputs;
        s.collect_seq(
            self.0
                .evaluation
                .missing
                .iter()
                .filter_map(|&i| inputs.get(i as usize))
                .map(|i| &i.name),
        )
    }
}

/// The overrides applied: `{ regel, waarde, oorspronkelijk, reden, door }`.
struct Overrides<'a>(&'a ResultJson<'a>);

impl Serialize for Overrides<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let program = self.0.program;
        s.collect_seq(self.0.evaluation.overrides.iter().filter_map(|o| {
            let rule = program.rules.get(o.rule as usize)?;
            Some(AppliedOverrideJson {
                program,
                rule,
                applied: o,
            })
        }))
    }
}

struct AppliedOverrideJson<'a> {
    program: &'a Program,
    rule: &'a RuleDef,
    applied: &'a AppliedOverride,
}

impl Serialize for AppliedOverrideJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (types, ty, o) = (&self.program.types, &self.rule.ty, self.applied);
        let encoded = |value| Encoded { types, ty, value };
        let mut m = s.serialize_map(Some(5))?;
        m.serialize_entry("regel", &self.rule.name)?;
        m.serialize_entry("waarde", &encoded(&o.value))?;
        m.serialize_entry("oorspronkelijk", &o.original.as_ref().map(encoded))?;
        m.serialize_entry("reden", &o.reason)?;
        m.serialize_entry("door", &o.by)?;
        m.end()
    }
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
    use crate::eval::{self, EvalOptions, Override};
    use crate::ir::Definition;
    use crate::test_support::*;
    use crate::types::Type;
    use serde_json::json;

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
            overrides: vec![Override {
                rule: norm,
                value: n("600"),
                reason: "hardheidsclausule".into(),
                by: None,
            }],
        };
        let ev = eval::evaluate(&p, &inputs, &options).expect("evaluates");
        assert_eq!(
            to_json(&p, &ev, None),
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
        assert!(to_json(&p, &plain, None).get("trace").is_none());
        let (traced, trace) = run_traced(&p, &inputs).expect("evaluates");
        let json = to_json(&p, &traced, Some(&trace));
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
