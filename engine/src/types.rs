//! Checked types: what the checker infers and the evaluator and JSON codec rely on.

use grammar::ast::Period;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// Index of a keuze (enum) in [`TypeTable::enums`].
pub type EnumId = u32;
/// Index of a gegeven (record) in [`TypeTable::records`].
pub type RecordId = u32;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Type {
    Money(Option<Period>),
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
            Type::Money(_) | Type::Number | Type::Integer | Type::Percentage
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
}

impl RecordType {
    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|(n, _)| n == name)
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

/// A shared, immutable type table (one per compiled program).
pub type Types = Arc<TypeTable>;

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", TypeTable::default().display(self))
    }
}
