//! Deciding for a household: one case from which every selected regeling
//! takes its inputs, each fact given once (docs/taal.md, "Het huishouden").
//!
//! Each regeling's own case contract stays as it is: the household case is
//! projected onto a normal case of that regeling ([`projection`]) and read
//! by the regeling's own decoder. An input takes the household fact of its
//! own name, or the one its `feit` names ([`facts`]). [`decide`] decides
//! the selected regelingen in force on the peildatum from an
//! [`Engine`](crate::Engine) (so the browser does it from bundles);
//! [`overview`] reads outcomes, routes and amounts through the rule files'
//! `uitkomst`/`ontvangt`/`betaalt` declarations, and [`totals`] adds the
//! amounts where the periods allow it. [`conflicts`] (with `compile`) is the
//! check that regelingen decided together agree on each fact's type.

#[cfg(feature = "compile")]
pub mod conflicts;
pub mod decide;
pub mod facts;
pub mod overview;
pub mod projection;
pub mod totals;

pub use decide::{
    decide, questions, select, selection_of, HouseholdDecision, HouseholdQuestions,
    HouseholdRequest, Question, Receipt, RegelingDecision, Selection, Status,
};
