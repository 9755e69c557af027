//! Target `case`: any text as the case JSON of every regeling in `rules/`,
//! through the engine's public path (parse the text, take the peildatum,
//! decode against the program in force, evaluate), with and without
//! partial evaluation. Oracles: no panic; a refusal is a Dutch message
//! (the JSON error too); an answer renders as result JSON.

use crate::oracle::assert_dutch;
use crate::{library_engine, regeling_ids};
use engine::case::{dutch_json_error, CaseJson};
use engine::Request;

pub fn run(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        check_text(text);
    }
}

pub fn check_text(text: &str) {
    let case = match CaseJson::parse(text) {
        Ok(case) => case,
        Err(e) => return assert_dutch(&dutch_json_error(&e), text, "the case's JSON error"),
    };
    let engine = library_engine();
    for regeling in regeling_ids() {
        for partial in [false, true] {
            let request = Request {
                partial,
                ..Request::default()
            };
            match engine.evaluate_case(regeling, &case, &request) {
                Ok(outcome) => {
                    outcome.to_json();
                }
                Err(e) => assert_dutch(&e.to_string(), text, &format!("{regeling}: refusal")),
            }
        }
    }
}
