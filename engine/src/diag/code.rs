//! The diagnostic codes as data: per code its stable string (`R0101`), its
//! severity, its Dutch title and its section in docs/diagnostiek.md. The
//! table below is the only list of codes; a test holds it against that
//! document (tests/tests/invalid.rs holds it against the fixtures).

use super::Severity;
use serde::{Serialize, Serializer};

/// The user documentation of the codes, relative to the repository root.
pub const DOCS_PAGE: &str = "docs/diagnostiek.md";

macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident = $code:literal, $severity:ident, $title:literal;)*) => {
        /// A diagnostic code. Its string never changes meaning (it is in
        /// `check --format json` and in the documentation).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($(#[$doc])* $variant,)*
        }

        impl Code {
            /// Every code, in the order of the documentation.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable string, `R0101`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                }
            }

            /// Every diagnostic with this code has this severity.
            pub fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }

            /// The Dutch title, as in the heading of its section in
            /// docs/diagnostiek.md (`Onbekende naam`).
            pub fn title(self) -> &'static str {
                match self {
                    $(Code::$variant => $title,)*
                }
            }
        }
    };
}

codes! {
    /// The text does not follow the grammar (the parser's error).
    SyntaxError = "R0001", Error, "Syntaxfout";
    /// A name, function, field or exception that does not exist.
    UnknownName = "R0101", Error, "Onbekende naam";
    DuplicateName = "R0102", Error, "Dubbele naam";
    UnknownType = "R0103", Error, "Onbekend type";
    /// A bare keuze value that belongs to more than one keuze.
    AmbiguousChoiceValue = "R0104", Error, "Dubbelzinnige keuzewaarde";
    /// A record field that does not exist, or is missing from a literal.
    UnknownOrMissingField = "R0105", Error, "Veld bestaat niet of ontbreekt";
    /// `gebruik` or `laag op` names a regeling the library does not have.
    UnknownRegeling = "R0107", Error, "Onbekende regeling";
    ReplacementWithoutBase = "R0108", Error, "`vervang` zonder iets te vervangen";
    /// A `bron` names a `lid`/`onder` the article, written with its parts, lacks.
    UnknownArticlePart = "R0109", Error, "Onbekend deel van een artikel";
    TypeMismatch = "R0201", Error, "Typefout";
    PeriodMismatch = "R0202", Error, "Periodes passen niet";
    /// A money value that may get more than two decimals.
    MissingRounding = "R0203", Error, "Afronding ontbreekt";
    /// An optional value used without checking that it exists.
    MaybeEmpty = "R0204", Error, "Waarde kan leeg zijn";
    /// Wrong number of arguments, or a function or table without them.
    ArgumentCount = "R0205", Error, "Verkeerd aantal argumenten";
    /// An input or rule inside a function, table or parameter.
    InputOrRuleInPureDefinition = "R0206", Error, "Invoer of regel in een functie, tabel of parameter";
    /// A `vervang` with another kind or type than the base.
    ReplacementShape = "R0207", Error, "`vervang` met een ander type";
    /// A `minimaal`/`maximaal` that is no constant of the value's type, or
    /// on a type without an order (ja/nee, lijst, tekst …).
    BoundTypeMismatch = "R0208", Error, "Grens past niet bij het type";
    /// `minimaal` above `maximaal`: no value is allowed.
    EmptyRange = "R0209", Error, "Ondergrens boven bovengrens";
    /// Two regelingen decided together take one household fact with
    /// incompatible types.
    FactTypeConflict = "R0210", Error, "Feit met verschillende typen";
    ExceptionNeverApplies = "R0301", Warning, "Uitzondering nooit van toepassing";
    ExceptionConflict = "R0302", Warning, "Uitzonderingen in conflict";
    StepNeverReached = "R0303", Warning, "Stap wordt nooit bereikt";
    /// A step that is no value of the keuze, or a ladder that is none.
    StepNotInChoice = "R0304", Error, "Stap past niet bij de keuze";
    TableGap = "R0401", Error, "Gat in een unieke tabel";
    TableOverlap = "R0402", Error, "Overlap in een unieke tabel";
    RowNeverChosen = "R0403", Warning, "Rij wordt nooit gekozen";
    /// The header or the number of cells does not match the signature.
    TableColumns = "R0404", Error, "Kolommen kloppen niet";
    TableTooLargeToCheck = "R0405", Warning, "Tabel te groot om te controleren";
    ParameterGap = "R0501", Error, "Gat in de tijd";
    /// Values of a parameter overlap or are out of order.
    ParameterOverlap = "R0502", Error, "Waarden overlappen of staan niet op volgorde";
    /// A parameter starts later or ends earlier than its regeling.
    ParameterShorterThanRegeling = "R0503", Warning, "Parameter dekt de regeling niet";
    /// An `aanvulling` value on dates the used regeling has a value itself.
    TopUpOverlap = "R0504", Warning, "Aanvulling overlapt";
    Cycle = "R0601", Error, "Kringverwijzing";
    /// A rule whose worst case can exceed the step budget of one evaluation.
    TooManySteps = "R0602", Warning, "Te veel rekenstappen mogelijk";
    /// A gegeven that requires a value of itself: no finite case fills it.
    RecordContainsItself = "R0603", Error, "Gegeven bevat zichzelf";
    UnusedInput = "R0701", Warning, "Ongebruikte invoer";
    /// An `eis` that the figures of the regeling violate.
    ConstraintViolated = "R0801", Error, "Eis niet voldaan";
    VersionOverlap = "R0901", Error, "Versies overlappen";
    VersionGap = "R0902", Warning, "Gat tussen versies";
    NoOutputs = "R0903", Warning, "Geen uitvoer";
    /// A layer version starts on a day its base has no version.
    LayerBeforeBase = "R0904", Warning, "Laag begint vóór haar basis";
    /// A `besluit` / `geen besluit` mark without the regeling's
    /// `rechtsmiddelen` / `zonder besluit` text to print after it.
    DecisionWithoutText = "R0905", Error, "Tekst bij besluit ontbreekt";
}

impl Code {
    /// The anchor of the code's section in docs/diagnostiek.md, formed from
    /// its heading `R0101 — Onbekende naam` as GitHub forms anchors:
    /// lower case, spaces become `-`, other punctuation (the dash, the
    /// backticks, commas) is dropped: `r0101--onbekende-naam`.
    pub fn anchor(self) -> String {
        format!("{} — {}", self.as_str(), self.title())
            .to_lowercase()
            .chars()
            .filter_map(|c| match c {
                ' ' => Some('-'),
                c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
                _ => None,
            })
            .collect()
    }

    /// Where the code is documented: `docs/diagnostiek.md#r0101--onbekende-naam`.
    pub fn docs(self) -> String {
        format!("{DOCS_PAGE}#{}", self.anchor())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// As its string: JSON output keeps `"code": "R0101"`.
impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::{Code, Severity, DOCS_PAGE};
    use std::collections::BTreeMap;

    fn docs() -> String {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/diagnostiek.md");
        std::fs::read_to_string(path).expect("docs/diagnostiek.md is readable")
    }

    /// `### R0101 — Onbekende naam` → (`R0101`, `Onbekende naam`).
    fn sections(docs: &str) -> BTreeMap<String, String> {
        docs.lines()
            .filter_map(|l| l.strip_prefix("### "))
            .filter_map(|h| h.split_once(" — "))
            .map(|(code, title)| (code.to_string(), title.to_string()))
            .collect()
    }

    /// `| [R0101](#r0101--onbekende-naam) | fout | … |` → (`R0101`, (anchor, ernst)).
    fn overview_rows(docs: &str) -> BTreeMap<String, (String, String)> {
        docs.lines()
            .filter_map(|l| l.strip_prefix("| [R"))
            .filter_map(|row| {
                let (code, rest) = row.split_once("](#")?;
                let (anchor, rest) = rest.split_once(") | ")?;
                let (severity, _) = rest.split_once(" | ")?;
                Some((
                    format!("R{code}"),
                    (anchor.to_string(), severity.to_string()),
                ))
            })
            .collect()
    }

    #[test]
    fn every_code_is_documented_with_its_title() {
        let sections = sections(&docs());
        for code in Code::ALL {
            assert_eq!(
                sections.get(code.as_str()).map(String::as_str),
                Some(code.title()),
                "{DOCS_PAGE}: the heading of {code}"
            );
        }
        let known: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        let unknown: Vec<&String> = sections
            .keys()
            .filter(|c| !known.contains(&c.as_str()))
            .collect();
        assert!(
            unknown.is_empty(),
            "{DOCS_PAGE} documents codes that do not exist: {unknown:?}"
        );
        assert_eq!(sections.len(), Code::ALL.len());
    }

    #[test]
    fn every_code_has_a_row_in_the_overview_with_its_anchor_and_severity() {
        let rows = overview_rows(&docs());
        for code in Code::ALL {
            let severity = match code.severity() {
                Severity::Error => "fout",
                Severity::Warning => "waarschuwing",
            };
            assert_eq!(
                rows.get(code.as_str()),
                Some(&(code.anchor(), severity.to_string())),
                "{DOCS_PAGE}: the overview row of {code}"
            );
        }
        assert_eq!(
            rows.len(),
            Code::ALL.len(),
            "{DOCS_PAGE}: overview rows {:?}",
            rows.keys()
        );
    }

    #[test]
    fn anchors_are_formed_as_github_forms_them() {
        assert_eq!(Code::UnknownName.anchor(), "r0101--onbekende-naam");
        assert_eq!(
            Code::ReplacementWithoutBase.anchor(),
            "r0108--vervang-zonder-iets-te-vervangen"
        );
        assert_eq!(
            Code::InputOrRuleInPureDefinition.docs(),
            "docs/diagnostiek.md#r0206--invoer-of-regel-in-een-functie-tabel-of-parameter"
        );
    }

    #[test]
    fn codes_are_unique_and_serialize_as_their_string() {
        let mut strings: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        strings.sort_unstable();
        strings.dedup();
        assert_eq!(strings.len(), Code::ALL.len());
        assert_eq!(
            serde_json::to_value(Code::PeriodMismatch).ok(),
            Some(serde_json::json!("R0202"))
        );
    }
}
