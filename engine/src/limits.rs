//! The engine's safety limits, in one place: what one evaluation may cost
//! and how large a case may be. They exist so that no rule file and no
//! case can hang the CLI, a batch worker or a browser tab; each is far
//! above what the real regelingen need (the numbers and how they were
//! measured are in docs/architectuur.md, "Limits").

/// The step budget of one evaluation: every loop iteration (`som van`,
/// `aantal`, `er is een`, `voor alle`, `eerste … in`, `eerste j van … tot
/// en met …`), every function call and every table row tested counts one.
/// The most any case of tests/conformance and examples/ takes is 48 steps
/// (`the_real_regelingen_use_a_small_part_of_the_step_budget` in
/// tests/tests/conformance.rs demands at most a thousandth of the budget),
/// and the 261 `test` blocks of rules/ at most 60 (measured with the
/// evaluation's `steps`); the budget is over 15,000 times that, so that a regeling may grow a lot before it matters, yet it
/// runs out within a fraction of a second (one range of [`MAX_RANGE`] fits
/// ten times), so a rule that would loop is stopped before a browser tab
/// seems to hang.
pub const MAX_STEPS: u32 = 1_000_000;

/// The longest integer range `eerste j van a tot en met b` walks.
pub const MAX_RANGE: i64 = 100_000;

/// The most elements one list in a case may have. A household, its
/// children, its incomes or its indications are far fewer; with it a loop
/// over an input list has a known worst case (the check on rules uses it).
pub const MAX_LIST_LEN: usize = 1_000;

/// The most levels of lists and gegevens a case value may be nested in
/// (a regeling's types are far shallower; the JSON reader itself refuses
/// more than 128 levels before this is reached).
pub const MAX_CASE_DEPTH: usize = 32;

/// The most characters one text in a case may have (a name, a reason).
pub const MAX_TEXT_LEN: usize = 10_000;
