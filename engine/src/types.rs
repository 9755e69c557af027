//! Checked types: what the checker infers and the evaluator and JSON codec rely on.

use grammar::ast::Period;
use serde::{Deserialize, Serialize};
use std::collections::hash_map::Entry;
use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::Arc;

/// Index of a keuze (enum) in [`TypeTable::enums`].
pub type EnumId = u32;
/// Index of a gegeven (record) in [`TypeTable::records`].
pub type RecordId = u32;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Type {
    Money(Option<Period>),
    /// `bedrag per eenheid`: the unit is part of each value
    /// ([`crate::value::Value::Amount`]), e.g. a table column of tariffs
    /// per uur, per week and per rit.
    MoneyPerUnit,
    Number,
    Integer,
    Percentage,
    Bool,
    Text,
    Date,
    Duration,
    Enum(EnumId),
    Record(RecordId),
    List(Box<Type>),
    Optional(Box<Type>),
    /// The type of the literal `leeg`: fits any optional.
    Empty,
    /// The type of `fout "..."`: fits anything.
    Never,
}

impl Type {
    pub fn optional(self) -> Type {
        match self {
            Type::Optional(_) | Type::Empty => self,
            t => Type::Optional(Box::new(t)),
        }
    }
    /// The type without its outer `?`.
    pub fn strip_optional(&self) -> &Type {
        match self {
            Type::Optional(t) => t,
            t => t,
        }
    }
    pub fn is_optional(&self) -> bool {
        matches!(self, Type::Optional(_) | Type::Empty)
    }
    /// Whether an unknown (already reported) type is part of this one.
    pub fn contains_never(&self) -> bool {
        match self {
            Type::Never => true,
            Type::List(t) | Type::Optional(t) => t.contains_never(),
            _ => false,
        }
    }
    pub fn is_numeric(&self) -> bool {
        matches!(
            self,
            Type::Money(_) | Type::MoneyPerUnit | Type::Number | Type::Integer | Type::Percentage
        )
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EnumType {
    pub name: String,
    pub values: Vec<String>,
    /// The `label` of each value, beside `values`; empty in programs
    /// compiled before labels existed (see [`crate::display`]).
    #[serde(default, skip_serializing_if = "crate::display::no_labels")]
    pub labels: Vec<Option<String>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RecordType {
    pub name: String,
    pub fields: Vec<(String, Type)>,
    /// The `label` of each field, beside `fields` (may be empty, as for keuzes).
    #[serde(default, skip_serializing_if = "crate::display::no_labels")]
    pub field_labels: Vec<Option<String>>,
    /// The range of each field (`stuks: geheel getal minimaal 0`), beside
    /// `fields` (may be empty: no field has one). The case decoder refuses a
    /// value outside it, as for an input's range.
    #[serde(default, skip_serializing_if = "no_ranges")]
    pub field_ranges: Vec<Option<crate::ir::Range>>,
}

fn no_ranges(ranges: &[Option<crate::ir::Range>]) -> bool {
    ranges.iter().all(Option::is_none)
}

impl RecordType {
    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|(n, _)| n == name)
    }

    /// The range field `i` must stay within, if it has one.
    pub fn field_range(&self, i: usize) -> Option<crate::ir::Range> {
        self.field_ranges.get(i).copied().flatten()
    }
}

/// All keuzes and gegevens of one compiled program.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TypeTable {
    pub enums: Vec<EnumType>,
    pub records: Vec<RecordType>,
}

impl TypeTable {
    /// Dutch rendering of a type, as written in rule files.
    pub fn display(&self, ty: &Type) -> String {
        match ty {
            Type::Money(None) => "bedrag".into(),
            Type::Money(Some(p)) => format!("bedrag per {}", p.dutch()),
            Type::MoneyPerUnit => "bedrag per eenheid".into(),
            Type::Number => "getal".into(),
            Type::Integer => "geheel getal".into(),
            Type::Percentage => "percentage".into(),
            Type::Bool => "ja/nee".into(),
            Type::Text => "tekst".into(),
            Type::Date => "datum".into(),
            Type::Duration => "duur".into(),
            Type::Enum(id) => self
                .enums
                .get(*id as usize)
                .map(|e| e.name.clone())
                .unwrap_or_else(|| "keuze".into()),
            Type::Record(id) => self
                .records
                .get(*id as usize)
                .map(|r| r.name.clone())
                .unwrap_or_else(|| "gegeven".into()),
            Type::List(t) => format!("lijst van {}", self.display(t)),
            Type::Optional(t) => format!("{}?", self.display(t)),
            Type::Empty => "leeg".into(),
            Type::Never => "fout".into(),
        }
    }
}

impl TypeTable {
    /// The shortest chain of required fields that leads from gegeven `start`
    /// back to itself, as the gegevens passed (starting with `start`). Such
    /// a gegeven has no finite value; through an optional or a list a
    /// gegeven may contain itself. Breadth-first with a visited set, so it
    /// ends on any table.
    pub fn required_cycle(&self, start: RecordId) -> Option<Vec<RecordId>> {
        let required = |id: RecordId| {
            self.records
                .get(id as usize)
                .into_iter()
                .flat_map(|r| &r.fields)
                .filter_map(|(_, t)| match t {
                    Type::Record(to) => Some(*to),
                    _ => None,
                })
        };
        let mut came_from: HashMap<RecordId, RecordId> = HashMap::new();
        let mut queue = VecDeque::from([start]);
        while let Some(id) = queue.pop_front() {
            for to in required(id) {
                if to == start {
                    let (mut chain, mut at) = (vec![id], id);
                    while let Some(&before) = came_from.get(&at) {
                        chain.push(before);
                        at = before;
                    }
                    chain.reverse();
                    return Some(chain);
                }
                if let Entry::Vacant(e) = came_from.entry(to) {
                    e.insert(id);
                    queue.push_back(to);
                }
            }
        }
        None
    }
}

/// A shared, immutable type table (one per compiled program).
pub type Types = Arc<TypeTable>;

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", TypeTable::default().display(self))
    }
}

#[cfg(test)]
mod tests {
    use super::{RecordType, Type, TypeTable};

    fn table(records: &[(&str, Vec<Type>)]) -> TypeTable {
        let records = records
            .iter()
            .map(|(name, fields)| RecordType {
                name: name.to_string(),
                fields: fields
                    .iter()
                    .map(|t| ("veld".to_string(), t.clone()))
                    .collect(),
                field_labels: Vec::new(),
                field_ranges: Vec::new(),
            })
            .collect();
        TypeTable {
            enums: Vec::new(),
            records,
        }
    }

    #[test]
    fn required_cycles_are_found_and_optional_ones_are_not() {
        let t = table(&[
            ("A", vec![Type::Text, Type::Record(1)]),
            ("B", vec![Type::Record(2)]),
            ("C", vec![Type::Record(0)]),
            (
                "D",
                vec![
                    Type::Record(3).optional(),
                    Type::List(Box::new(Type::Record(3))),
                ],
            ),
            ("E", vec![Type::Record(0)]),
            ("F", vec![Type::Record(9)]),
        ]);
        assert_eq!(t.required_cycle(0), Some(vec![0, 1, 2]));
        assert_eq!(t.required_cycle(2), Some(vec![2, 0, 1]));
        assert_eq!(t.required_cycle(3), None);
        // E leads into a cycle it is no part of; F names no gegeven.
        assert_eq!(t.required_cycle(4), None);
        assert_eq!(t.required_cycle(5), None);
    }
}
