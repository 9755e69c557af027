//! How people read a name: the `label` the rule file gives it, or else the
//! name itself with spaces for underscores (`financiele_middelen` →
//! `financiele middelen`). Every text for people (explanation, motivering,
//! the app's questions, reports, hover) names things through here, so that
//! a label shows up everywhere at once.

use crate::case::format_value;
use crate::ir::{FunctionDef, InputDef, ParamDef, RuleDef, TableDef};
use crate::types::{EnumType, RecordType, Type, TypeTable};
use crate::value::Value;

/// `label` when given, else `name` in words.
pub fn display_name(name: &str, label: Option<&str>) -> String {
    match label {
        Some(l) => l.to_string(),
        None => name.replace('_', " "),
    }
}

/// A value in prose: as [`format_value`], with a keuze value by its label
/// or in words (`alleenstaande_ouder` → `alleenstaande ouder`), like the
/// names. The explanation and the motivering templates write values so.
pub fn value_text(types: &TypeTable, ty: &Type, value: &Value) -> String {
    match (ty.strip_optional(), value) {
        (Type::Enum(e), Value::Enum(i)) => match types.enums.get(*e as usize) {
            Some(e) => e.value_display(*i as usize),
            None => format_value(types, ty, value),
        },
        _ => format_value(types, ty, value),
    }
}

/// Whether a list of labels beside names holds none (then it is not written).
pub(crate) fn no_labels(labels: &[Option<String>]) -> bool {
    labels.iter().all(Option::is_none)
}

fn label_at(labels: &[Option<String>], i: usize) -> Option<&str> {
    labels.get(i).and_then(|l| l.as_deref())
}

/// `` `name` `` in a message, with `aside` in brackets when there is one:
/// the name is what a case file or rule file holds, the aside what the
/// person who filled in the form or reads the decision recognises.
fn with_aside(name: &str, aside: Option<&str>) -> String {
    match aside {
        Some(a) => format!("`{name}` ({a})"),
        None => format!("`{name}`"),
    }
}

impl InputDef {
    pub fn display_name(&self) -> String {
        display_name(&self.name, self.label.as_deref())
    }

    /// The input in a message about a case: `` `inkomen_per_maand` (Hoeveel
    /// inkomen heeft het huishouden per maand?) ``, the question (else the
    /// label) beside the name when the rule file gives one.
    pub fn reference(&self) -> String {
        with_aside(
            &self.name,
            self.question.as_deref().or(self.label.as_deref()),
        )
    }

    /// The question the app asks: the `vraag`, else the display name.
    pub fn question_text(&self) -> String {
        match &self.question {
            Some(q) => q.clone(),
            None => capitalized(&self.display_name()),
        }
    }
}

impl RuleDef {
    pub fn display_name(&self) -> String {
        display_name(&self.name, self.label.as_deref())
    }
}

impl ParamDef {
    pub fn display_name(&self) -> String {
        display_name(&self.name, self.label.as_deref())
    }
}

impl TableDef {
    pub fn display_name(&self) -> String {
        display_name(&self.name, None)
    }

    /// Column `i` (inputs first, then outputs) as people read it.
    pub fn column_display_name(&self, i: usize) -> String {
        let name = self
            .inputs
            .iter()
            .chain(&self.outputs)
            .nth(i)
            .map_or("", |(n, _)| n.as_str());
        display_name(name, label_at(&self.column_labels, i))
    }
}

impl FunctionDef {
    pub fn display_name(&self) -> String {
        display_name(&self.name, self.label.as_deref())
    }

    pub fn param_display_name(&self, i: usize) -> String {
        let name = self.params.get(i).map_or("", |(n, _)| n.as_str());
        display_name(name, label_at(&self.param_labels, i))
    }
}

impl EnumType {
    /// Value `i` as people read it.
    pub fn value_display(&self, i: usize) -> String {
        let name = self.values.get(i).map_or("", String::as_str);
        display_name(name, label_at(&self.labels, i))
    }
}

impl RecordType {
    pub fn field_display(&self, i: usize) -> String {
        let name = self.fields.get(i).map_or("", |(n, _)| n.as_str());
        display_name(name, label_at(&self.field_labels, i))
    }

    /// Field `i` in a message about a case: `` `naam` (label) ``.
    pub fn field_reference(&self, i: usize) -> String {
        let name = self.fields.get(i).map_or("", |(n, _)| n.as_str());
        with_aside(name, label_at(&self.field_labels, i))
    }
}

/// The first letter as a capital: a question starts a sentence.
pub(crate) fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_label_wins_and_the_name_is_the_default() {
        assert_eq!(
            display_name("financiele_middelen", None),
            "financiele middelen"
        );
        assert_eq!(
            display_name("financiele_middelen", Some("financiële middelen")),
            "financiële middelen"
        );
    }

    #[test]
    fn keuze_values_without_labels_read_as_words() {
        let e = EnumType {
            name: "Leefvorm".into(),
            values: vec!["alleenstaande_ouder".into(), "gehuwd".into()],
            labels: vec![None, Some("gehuwd of samenwonend".into())],
        };
        assert_eq!(e.value_display(0), "alleenstaande ouder");
        assert_eq!(e.value_display(1), "gehuwd of samenwonend");
        // A program compiled without labels has none at all.
        let old = EnumType {
            labels: Vec::new(),
            ..e
        };
        assert_eq!(old.value_display(1), "gehuwd");
    }

    #[test]
    fn programs_without_labels_still_read_and_labels_are_written_only_when_given() {
        // A program compiled before labels existed (an older bundle) has no such keys.
        let old: EnumType = serde_json::from_str(r#"{"name":"L","values":["a_b"]}"#).unwrap();
        assert_eq!(old.value_display(0), "a b");
        let none = EnumType {
            labels: vec![None],
            ..old.clone()
        };
        assert_eq!(
            serde_json::to_string(&none).unwrap(),
            r#"{"name":"L","values":["a_b"]}"#
        );
        let some = EnumType {
            labels: vec![Some("a of b".into())],
            ..old
        };
        assert!(serde_json::to_string(&some)
            .unwrap()
            .contains(r#""labels":["a of b"]"#));
    }

    #[test]
    fn a_message_names_the_input_with_its_question_else_its_label() {
        let input = |label: Option<&str>, question: Option<&str>| InputDef {
            name: "inkomen_per_maand".into(),
            ty: Type::Number,
            range: None,
            origin: crate::test_support::origin(),
            label: label.map(String::from),
            question: question.map(String::from),
            help: None,
            fact: None,
        };
        assert_eq!(input(None, None).reference(), "`inkomen_per_maand`");
        assert_eq!(
            input(Some("inkomen"), None).reference(),
            "`inkomen_per_maand` (inkomen)"
        );
        assert_eq!(
            input(Some("inkomen"), Some("Hoeveel inkomen per maand?")).reference(),
            "`inkomen_per_maand` (Hoeveel inkomen per maand?)"
        );
        let r = RecordType {
            name: "Persoon".into(),
            fields: vec![
                ("geboortedatum".into(), Type::Date),
                ("bsn".into(), Type::Text),
            ],
            field_labels: vec![Some("geboortedatum van de persoon".into()), None],
            field_ranges: Vec::new(),
        };
        assert_eq!(
            r.field_reference(0),
            "`geboortedatum` (geboortedatum van de persoon)"
        );
        assert_eq!(r.field_reference(1), "`bsn`");
    }

    #[test]
    fn a_question_without_vraag_is_the_capitalized_name() {
        assert_eq!(
            capitalized("eigen kracht toereikend"),
            "Eigen kracht toereikend"
        );
        assert_eq!(capitalized("ëen"), "Ëen");
    }
}
