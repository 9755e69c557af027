//! The case JSON boundary and the Dutch rendering of values.
//!
//! - [`decode`] reads a case (one JSON object) into input slots, checking
//!   every value against its type and collecting every mistake with its
//!   JSON path.
//! - [`encode`] writes a value in the same encoding (result JSON, traces).
//! - [`format_value`] renders a value in Dutch prose for explanations.
//!
//! Encodings (case JSON and result JSON alike):
//!
//! | type          | JSON                                   |
//! |---------------|----------------------------------------|
//! | bedrag        | string, at most two decimals in a case (`"1345.45"`), exactly two in a result (`"600.00"`) |
//! | getal         | string (`"0.5"`), normalised in a result |
//! | geheel getal  | integer number (`3`)                   |
//! | percentage    | string with `%` (`"12.5%"`); a plain fraction is refused, so `"0.125"` cannot be mistaken for 0,125% |
//! | ja/nee        | `true` / `false`                       |
//! | tekst         | string                                 |
//! | datum         | `"YYYY-MM-DD"`                         |
//! | bedrag per eenheid | string as a bedrag; the unit in the result's `eenheden`, never in a case |
//! | duur          | object `{"jaren", "maanden", "weken", "dagen"}` (integers, each optional) in a case; `{"maanden": m, "dagen": d}` in a result |
//! | keuze         | the value's name (`"alleenstaande_ouder"`) |
//! | gegeven       | object with exactly the declared fields |
//! | lijst van T   | array                                  |
//! | T?            | `null` or absent: leeg                 |

mod decode;
mod encode;
mod format;
mod json;

pub use decode::{decode, decode_case, decode_value, parse_iso_date};
pub(crate) use encode::not_serialised;
pub use encode::{
    check_money_precision, encode, encode_decimal, encode_money, iso_date, Encoded, IsoDate,
};
#[cfg(feature = "compile")]
pub(crate) use format::group_thousands;
pub use format::{
    format_amount, format_count, format_decimal, format_money, format_range, format_value,
    out_of_range,
};
pub use json::{dutch_json_error, CaseJson, JsonNumber, Object};

pub(crate) use encode::integer;

use serde::Serialize;

/// One mistake in a case, with the JSON path of the offending value
/// (`$.kinderen[1].geboortedatum`) and a Dutch message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseError {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for CaseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for CaseError {}
