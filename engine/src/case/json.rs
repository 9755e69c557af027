//! A case as parsed JSON: the tree [`super::decode`] reads.
//!
//! Parsing a case straight into this tree is much cheaper than into a
//! `serde_json::Value`: strings are borrowed from the text where they have
//! no escapes, and an object is a plain list of members instead of a hashed,
//! ordered map (a case has a dozen keys; hashing every key with SipHash and
//! allocating it cost more than the evaluation itself, in wasm above all).
//! It means the same as the `Value` the text parses to, except for numbers:
//! a key given twice keeps its first position and its last value, as in a
//! `serde_json::Map`, and a JSON number is kept only when it is a whole
//! number ([`JsonNumber`]). Fractions in a case are JSON strings, parsed
//! exactly as decimals; a JSON number with decimals is refused. No number
//! is ever read as a binary float (see [`NUMBER_TOKEN`]).

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value as Json;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

/// One JSON value of a case.
#[derive(Debug, Clone, PartialEq)]
pub enum CaseJson<'a> {
    Null,
    Bool(bool),
    Number(JsonNumber),
    String(Cow<'a, str>),
    Array(Vec<CaseJson<'a>>),
    Object(Object<'a>),
}

/// A JSON number as a case may use it: whole numbers exactly, anything
/// else only as "not a whole number" (to be refused with its path).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonNumber {
    Whole(i64),
    /// A whole number above `i64::MAX`.
    TooLarge(u64),
    /// Decimals, an exponent, or a whole number below `i64::MIN`.
    NotWhole,
}

impl JsonNumber {
    fn of(n: &serde_json::Number) -> JsonNumber {
        match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => JsonNumber::Whole(i),
            (None, Some(u)) => JsonNumber::TooLarge(u),
            (None, None) => JsonNumber::NotWhole,
        }
    }
}

/// A JSON object: its members in order, every key once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Object<'a> {
    members: Vec<(Cow<'a, str>, CaseJson<'a>)>,
}

impl<'a> Object<'a> {
    /// Members in the order given; a repeated key replaces the value of its
    /// first occurrence (as `serde_json::Map::insert` does).
    fn from_members(members: Vec<(Cow<'a, str>, CaseJson<'a>)>) -> Object<'a> {
        // Every real case has a dozen distinct keys: checked pairwise,
        // without a hash map. A larger or repetitive object goes through one
        // (so a hostile case cannot make this quadratic).
        let small_and_distinct = members.len() <= 16
            && members
                .iter()
                .enumerate()
                .all(|(i, (k, _))| members[..i].iter().all(|(e, _)| e != k));
        if small_and_distinct {
            return Object { members };
        }
        // Each member's place: that of the first member with its key.
        let mut first: HashMap<&str, usize> = HashMap::with_capacity(members.len());
        let places: Vec<usize> = members
            .iter()
            .map(|(k, _)| {
                let next = first.len();
                *first.entry(k.as_ref()).or_insert(next)
            })
            .collect();
        let distinct = first.len();
        let mut kept: Vec<(Cow<'a, str>, CaseJson<'a>)> = Vec::with_capacity(distinct);
        for (member, place) in members.into_iter().zip(places) {
            match kept.get_mut(place) {
                Some(earlier) => earlier.1 = member.1,
                None => kept.push(member),
            }
        }
        Object { members: kept }
    }

    pub fn get(&self, key: &str) -> Option<&CaseJson<'a>> {
        self.members.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.members.iter().map(|(k, _)| k.as_ref())
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &CaseJson<'a>)> {
        self.members.iter().map(|(k, v)| (k.as_ref(), v))
    }
}

impl<'a> CaseJson<'a> {
    /// Parses a case's JSON text (the same errors as `serde_json::from_str`).
    pub fn parse(text: &'a str) -> serde_json::Result<CaseJson<'a>> {
        serde_json::from_str(text)
    }

    pub fn as_object(&self) -> Option<&Object<'a>> {
        match self {
            CaseJson::Object(o) => Some(o),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&CaseJson<'a>> {
        self.as_object()?.get(key)
    }

    pub fn is_object(&self) -> bool {
        matches!(self, CaseJson::Object(_))
    }

    /// Takes `key` out of an object: a member that is no input, such as
    /// the client reference (`kenmerk`) of `regelwerk besluit`.
    pub fn remove(&mut self, key: &str) -> Option<CaseJson<'a>> {
        let CaseJson::Object(o) = self else {
            return None;
        };
        let i = o.members.iter().position(|(k, _)| k == key)?;
        Some(o.members.remove(i).1)
    }

    pub fn is_number(&self) -> bool {
        matches!(self, CaseJson::Number(_))
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            CaseJson::Number(JsonNumber::Whole(i)) => Some(*i),
            _ => None,
        }
    }
}

/// A `Value` seen as a case (borrowing its strings), for callers that
/// already hold one.
impl<'a> From<&'a Json> for CaseJson<'a> {
    fn from(json: &'a Json) -> CaseJson<'a> {
        match json {
            Json::Null => CaseJson::Null,
            Json::Bool(b) => CaseJson::Bool(*b),
            Json::Number(n) => CaseJson::Number(JsonNumber::of(n)),
            Json::String(s) => CaseJson::String(Cow::Borrowed(s)),
            Json::Array(items) => CaseJson::Array(items.iter().map(CaseJson::from).collect()),
            // A `Map` has every key once already.
            Json::Object(map) => CaseJson::Object(Object {
                members: map
                    .iter()
                    .map(|(k, v)| (Cow::Borrowed(k.as_str()), CaseJson::from(v)))
                    .collect(),
            }),
        }
    }
}

impl<'de> Deserialize<'de> for CaseJson<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

/// How serde_json (with the workspace's feature `arbitrary_precision`)
/// hands over a number it does not give as an `i64` or `u64` — decimals, an
/// exponent, or a whole number out of range: as a one-member map from this
/// key to the number's exact text, the form `serde_json::Number` itself
/// reads. So a number never passes through a binary float on its way in.
/// (An object whose first key is this text reads as such a number, as it
/// does in a `serde_json::Value`.)
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = CaseJson<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Self::Value, E> {
        Ok(CaseJson::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Self::Value, E> {
        Ok(CaseJson::Number(JsonNumber::Whole(n)))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Self::Value, E> {
        Ok(CaseJson::Number(
            i64::try_from(n).map_or(JsonNumber::TooLarge(n), JsonNumber::Whole),
        ))
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(CaseJson::String(Cow::Borrowed(s)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
        Ok(CaseJson::String(Cow::Owned(s.to_string())))
    }

    fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
        Ok(CaseJson::String(Cow::Owned(s)))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(CaseJson::Null)
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(CaseJson::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        Deserialize::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(CaseJson::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
        while let Some(key) = map.next_key::<Key<'de>>()? {
            if members.is_empty() && key.0 == NUMBER_TOKEN {
                // A number that is not an i64 or u64, as its exact text.
                let _text: Cow<'de, str> = map.next_value()?;
                return Ok(CaseJson::Number(JsonNumber::NotWhole));
            }
            members.push((key.0, map.next_value()?));
        }
        Ok(CaseJson::Object(Object::from_members(members)))
    }
}

/// An object key, borrowed from the text when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string key")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(s)))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s.to_string())))
            }
            fn visit_string<E>(self, s: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s)))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// A JSON error in Dutch (serde's own text is English), with its place:
/// `syntaxfout in kolom 7` for a one-line text (a case line of a
/// population, whose line number the caller knows), `… op regel 3, kolom
/// 7` otherwise, nothing when there is no text (`from_value`). A data error
/// (a missing or unknown field when reading a structure) keeps serde's
/// description, the only one that names the field. The one wording of JSON
/// errors for the CLI and the audit tools.
pub fn dutch_json_error(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Eof => "de tekst houdt onverwacht op",
        Category::Syntax => "syntaxfout",
        Category::Io => "leesfout",
        // serde's description already says where.
        Category::Data => return format!("onverwachte inhoud ({e})"),
    };
    if e.line() == 0 {
        what.to_string()
    } else if e.line() > 1 {
        format!("{what} op regel {}, kolom {}", e.line(), e.column())
    } else {
        format!("{what} in kolom {}", e.column())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_like_serde_json_value() {
        let text = r#"{"a": [1, -2, 1.5, 18446744073709551615, "x\"y", null, true], "b": {"c": {}}, "é": "ü"}"#;
        let value: Json = serde_json::from_str(text).expect("valid");
        let case = CaseJson::parse(text).expect("valid");
        assert_eq!(case, CaseJson::from(&value));
        // Strings without escapes are borrowed from the text.
        let Some(CaseJson::String(s)) = case.get("é") else {
            panic!("a string member");
        };
        assert!(matches!(s, Cow::Borrowed("ü")));
    }

    #[test]
    fn a_repeated_key_keeps_its_first_place_and_last_value() {
        for n in [3, 40] {
            let mut members: Vec<String> = (0..n).map(|i| format!("\"k{i}\": {i}")).collect();
            members.push("\"k1\": \"laatst\"".into());
            let text = format!("{{{}}}", members.join(", "));
            let value: Json = serde_json::from_str(&text).expect("valid");
            let case = CaseJson::parse(&text).expect("valid");
            assert_eq!(case, CaseJson::from(&value), "{n} keys");
            let object = case.as_object().expect("object");
            assert_eq!(object.keys().nth(1), Some("k1"));
            assert_eq!(object.keys().count(), n);
            assert_eq!(case.get("k1"), Some(&CaseJson::String("laatst".into())));
        }
    }

    #[test]
    fn numbers_are_whole_or_refused_never_floats() {
        fn numbers(text: &str) -> Vec<CaseJson<'_>> {
            match CaseJson::parse(text).expect("valid") {
                CaseJson::Array(items) => items,
                other => panic!("an array, not {other:?}"),
            }
        }
        use JsonNumber::*;
        let want = [
            Whole(0),
            Whole(-3),
            Whole(i64::MAX),
            TooLarge(u64::MAX),
            NotWhole,
            NotWhole,
            NotWhole,
            NotWhole,
            NotWhole,
        ];
        let got = numbers(
            "[0, -3, 9223372036854775807, 18446744073709551615, 1.5, 2.0, 1e2, -9223372036854775809, 123456789012345678901234567890]",
        );
        assert_eq!(got, want.map(CaseJson::Number));
        // Inside an object, a number that is not whole is a member's value
        // like any other; the object keeps its members around it.
        let case = CaseJson::parse(r#"{"a": 1.25, "b": 2, "c": {"d": 1e400}}"#).expect("valid");
        assert_eq!(case.get("a"), Some(&CaseJson::Number(NotWhole)));
        assert_eq!(case.get("b"), Some(&CaseJson::Number(Whole(2))));
        assert_eq!(
            case.get("c").and_then(|c| c.get("d")),
            Some(&CaseJson::Number(NotWhole))
        );
    }

    #[test]
    fn syntax_errors_are_serde_json_errors() {
        let e = CaseJson::parse("{\"a\": 1,\n }").expect_err("trailing comma");
        let v = serde_json::from_str::<Json>("{\"a\": 1,\n }").expect_err("trailing comma");
        assert_eq!(e.to_string(), v.to_string());
        assert_eq!((e.line(), e.column()), (2, 2));
    }

    #[test]
    fn json_errors_are_worded_in_dutch_with_their_place() {
        let error = |text: &str| {
            serde_json::from_str::<serde_json::Value>(text)
                .map_err(|e| dutch_json_error(&e))
                .err()
        };
        assert_eq!(error("{\"a\": }").as_deref(), Some("syntaxfout in kolom 7"));
        assert_eq!(
            error("{\n  \"a\": 1,\n  x").as_deref(),
            Some("syntaxfout op regel 3, kolom 3")
        );
        assert_eq!(
            error("{\"a\": [1, 2").as_deref(),
            Some("de tekst houdt onverwacht op in kolom 11")
        );
    }
}
