//! Decisions per client, in batch (`regelwerk besluit`): a client file
//! (JSONL, one case per line with the client's own reference `kenmerk`)
//! decided line by line, one result line per client, in input order. The
//! list a municipality sends letters from when it awards a regeling
//! ambtshalve.
//!
//! Pure like [`crate::simulate`]: the caller hands in chunks of lines (on
//! several threads) and writes the text that comes back in input order;
//! nothing here reads files or spawns.
//!
//! JSONL output: a receipt line per version used (`"soort": "bewijs"`,
//! the receipt fields of the result JSON: regeling, versie, geldig,
//! bronnen with their sha256), written before the first client it decided,
//! and per client a line referring to it by `bewijs`:
//!
//! ```json
//! {"soort":"bewijs","bewijs":"2025@2025-01-01","regeling":…,"versie":"2025","geldig":{…},"bronnen":[…]}
//! {"soort":"besluit","regel":1,"kenmerk":"C-1","bewijs":"2025@2025-01-01","peildatum":"2025-03-01","uitkomsten":{…}}
//! {"soort":"geweigerd","regel":2,"kenmerk":"C-2","fouten":[{"pad":"$.inkomen","melding":"…"}]}
//! {"soort":"fout","regel":3,"kenmerk":null,"fouten":[{"pad":"$","melding":"geen geldige JSON: …"}]}
//! ```
//!
//! An output of type `bedrag per eenheid` has its unit beside the
//! outputs, as in the result JSON (`"eenheden":{"tarief":"uur"}`), and in
//! CSV a column `tarief (eenheid)` after its amount.
//!
//! A line without outputs decided has `onbeslist`; with `--verschil-met`
//! a line has `vorige` (the outcome under the other rules); with
//! `--motivering kort` a line has `motivering`, the short motivering of
//! [`engine::explain_short`] (in CSV a column before `fouten`).

use crate::behaviour::Side;
use engine::api::{EngineError, Outcome, Request};
use engine::case::{CaseJson, Encoded, IsoDate, JsonNumber};
use engine::eval::OutputValue;
use engine::ir::Program;
use engine::types::Type;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The reserved key of a client line: the client's own reference, passed
/// through untouched and never an input.
pub const KENMERK: &str = "kenmerk";

/// The form of the result lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// One JSON object per line, receipts in between.
    Jsonl,
    /// CSV with commas and decimal points (RFC 4180).
    Csv,
    /// CSV for Excel with Dutch settings: semicolons, decimal commas.
    CsvNl,
}

impl Form {
    fn separator(self) -> char {
        match self {
            Form::CsvNl => ';',
            _ => ',',
        }
    }
}

/// `--alleen naam=waarde`: only clients whose output has this value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Only {
    pub output: String,
    pub value: String,
}

impl Only {
    pub fn parse(text: &str) -> Result<Only, String> {
        match text.split_once('=') {
            Some((o, v)) if !o.trim().is_empty() => Ok(Only {
                output: o.trim().to_string(),
                value: v.trim().to_string(),
            }),
            _ => Err(format!(
                "`{text}` is geen filter; schrijf UITKOMST=WAARDE, bijvoorbeeld meedoen_toekenning=ambtshalve"
            )),
        }
    }

    /// Whether the output, encoded as in the case JSON, has the value:
    /// text as is, ja/nee (or true/false) for booleans, `leeg` for empty.
    fn matches(&self, encoded: &Json) -> bool {
        let wanted = self.value.as_str();
        match encoded {
            Json::String(s) => s == wanted,
            Json::Bool(b) => wanted == if *b { "ja" } else { "nee" } || wanted == b.to_string(),
            Json::Null => wanted == "leeg",
            other => serde_json::from_str::<Json>(wanted).is_ok_and(|w| w == *other),
        }
    }
}

/// How many clients ended how.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Decided (whether or not on the list).
    #[serde(rename = "besloten")]
    pub decided: u64,
    /// Decided and written (passed the filters).
    #[serde(rename = "op_de_lijst")]
    pub listed: u64,
    /// The case was refused (case mistakes, no version in force, …).
    #[serde(rename = "geweigerd")]
    pub refused: u64,
    /// The line could not be read (no JSON, no object, no kenmerk).
    #[serde(rename = "fouten")]
    pub unreadable: u64,
}

impl Counts {
    pub fn add(&mut self, other: Counts) {
        self.decided += other.decided;
        self.listed += other.listed;
        self.refused += other.refused;
        self.unreadable += other.unreadable;
    }
    pub fn clients(&self) -> u64 {
        self.decided + self.refused + self.unreadable
    }
}

/// A receipt line, once per version used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub reference: String,
    /// The JSON line, with its newline.
    pub line: String,
}

/// The result of some lines: text to write, counts, and the receipts of
/// the versions they used (for the caller to write before the text, each
/// once).
#[derive(Debug, Default)]
pub struct Decided {
    pub text: String,
    pub counts: Counts,
    pub receipts: Vec<Receipt>,
}

/// One column of the CSV: an output with its header.
#[derive(Debug, Clone)]
struct Column {
    name: String,
    header: String,
    numeric: bool,
    /// The unit of the output beside its amount (a `bedrag per eenheid`):
    /// `uur`, `rit`, empty for an amount without one.
    unit: bool,
}

/// Decides client lines against a regeling.
pub struct Batch<'e> {
    current: &'e Side,
    previous: Option<&'e Side>,
    form: Form,
    only: Vec<Only>,
    columns: Vec<Column>,
    /// Whether each decided line carries its short motivering.
    motivation: bool,
}

/// What went wrong with one client: JSON paths (where known) and messages.
type Mistakes = Vec<(Option<String>, String)>;

/// The client reference as given: a text or a whole number.
enum ClientRef<'a> {
    Absent,
    Text(std::borrow::Cow<'a, str>),
    Number(i64),
}

impl Serialize for ClientRef<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ClientRef::Absent => s.serialize_unit(),
            ClientRef::Text(t) => s.serialize_str(t),
            ClientRef::Number(n) => s.serialize_i64(*n),
        }
    }
}

impl ClientRef<'_> {
    fn text(&self) -> String {
        match self {
            ClientRef::Absent => String::new(),
            ClientRef::Text(t) => t.to_string(),
            ClientRef::Number(n) => n.to_string(),
        }
    }
}

impl<'e> Batch<'e> {
    /// Checks the filters against the regeling's outputs (in any version)
    /// and fixes the CSV columns: the outputs of every version, newest
    /// version first.
    pub fn new(
        current: &'e Side,
        previous: Option<&'e Side>,
        form: Form,
        only: Vec<Only>,
    ) -> Result<Batch<'e>, String> {
        let regeling = current
            .engine
            .find(&current.regeling)
            .ok_or_else(|| format!("onbekende regeling `{}`", current.regeling))?;
        let mut columns: Vec<Column> = Vec::new();
        for segment in regeling.segments.iter().rev() {
            let Ok(program) = regeling.program_at(segment.from) else {
                continue;
            };
            for (name, ty) in output_rules(program) {
                if columns.iter().any(|c| c.name == name) {
                    continue;
                }
                let ty = ty.strip_optional();
                let header = match ty {
                    Type::Money(Some(p)) => format!("{name} (per {})", p.dutch()),
                    _ => name.to_string(),
                };
                let numeric = matches!(
                    ty,
                    Type::Money(_) | Type::Number | Type::Integer | Type::Percentage
                );
                columns.push(Column {
                    name: name.to_string(),
                    header,
                    numeric,
                    unit: false,
                });
                if *ty == Type::MoneyPerUnit {
                    columns.push(Column {
                        name: name.to_string(),
                        header: format!("{name} (eenheid)"),
                        numeric: false,
                        unit: true,
                    });
                }
            }
        }
        if columns.is_empty() {
            return Err(format!(
                "de regeling `{}` heeft geen versie zonder fouten",
                regeling.id
            ));
        }
        for o in &only {
            if !columns.iter().any(|c| c.name == o.output) {
                let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
                return Err(format!(
                    "`{}` is geen uitkomst van `{}`; uitkomsten: {}",
                    o.output,
                    regeling.id,
                    names.join(", ")
                ));
            }
        }
        Ok(Batch {
            current,
            previous,
            form,
            only,
            columns,
            motivation: false,
        })
    }

    /// Each decided line with its short motivering (the evaluation then
    /// records its derivation).
    pub fn with_short_motivation(mut self) -> Batch<'e> {
        self.motivation = true;
        self
    }

    /// The CSV header line (with a byte order mark for Excel in
    /// [`Form::CsvNl`]); empty for JSONL.
    pub fn header(&self) -> String {
        let sep = self.form.separator();
        let mut fields: Vec<String> = ["regel", "kenmerk", "status", "bewijs", "peildatum"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        fields.extend(self.columns.iter().map(|c| c.header.clone()));
        if self.motivation {
            fields.push("motivering".to_string());
        }
        fields.push("fouten".to_string());
        match self.form {
            Form::Jsonl => String::new(),
            Form::Csv => csv_row(&fields, sep),
            Form::CsvNl => format!("\u{feff}{}", csv_row(&fields, sep)),
        }
    }

    /// Decides the lines (1-based numbers with their text); blank lines are
    /// skipped.
    pub fn decide<'t>(&self, lines: impl Iterator<Item = (u64, &'t str)>) -> Decided {
        let mut out = Decided::default();
        for (line, text) in lines {
            if !text.trim().is_empty() {
                self.decide_line(line, text, &mut out);
            }
        }
        out
    }

    fn decide_line(&self, line: u64, text: &str, out: &mut Decided) {
        let unreadable = |out: &mut Decided, path: String, m: String| {
            self.mistake(out, line, &ClientRef::Absent, "fout", vec![(Some(path), m)])
        };
        let mut case = match CaseJson::parse(text) {
            Ok(c) if c.is_object() => c,
            Ok(_) => {
                let m = "de regel is geen JSON-object met een casus".to_string();
                return unreadable(out, "$".into(), m);
            }
            Err(e) => {
                let m = format!("geen geldige JSON: {}", engine::case::dutch_json_error(&e));
                return unreadable(out, "$".into(), m);
            }
        };
        let client_ref = match case.remove(KENMERK) {
            Some(CaseJson::String(s)) => ClientRef::Text(s),
            Some(CaseJson::Number(JsonNumber::Whole(n))) => ClientRef::Number(n),
            None => {
                let m = "de cliënt heeft geen `kenmerk`".to_string();
                return unreadable(out, format!("$.{KENMERK}"), m);
            }
            Some(_) => {
                let m = "het kenmerk moet een tekst of een geheel getal zijn".to_string();
                return unreadable(out, format!("$.{KENMERK}"), m);
            }
        };
        let request = Request {
            trace: self.motivation,
            ..Request::default()
        };
        let evaluate = |side: &Side| side.engine.evaluate_case(&side.regeling, &case, &request);
        let now = match evaluate(self.current) {
            Ok(o) => o,
            Err(e) => return self.mistake(out, line, &client_ref, "geweigerd", mistakes(&e)),
        };
        let before = self.previous.map(evaluate);
        if let Some(before) = &before {
            if before.as_ref().is_ok_and(|b| same_outputs(b, &now)) {
                out.counts.decided += 1;
                return;
            }
        }
        if !self.on_the_list(&now) {
            out.counts.decided += 1;
            return;
        }
        out.counts.decided += 1;
        out.counts.listed += 1;
        let reference = self.receipt(&now, "", out);
        let previous = before.map(|b| match b {
            Ok(o) => Previous::Decided {
                receipt_id: self.receipt(&o, "vorige ", out),
                outcome: o,
            },
            Err(e) => Previous::Refused(mistakes(&e)),
        });
        match self.form {
            Form::Jsonl => {
                let result = DecisionLine {
                    line_no: line,
                    client_ref: &client_ref,
                    receipt_id: &reference,
                    outcome: &now,
                    previous: previous.as_ref(),
                    motivation: self.motivation.then(|| now.explain_short()),
                };
                push_json(&mut out.text, &result);
            }
            Form::Csv | Form::CsvNl => {
                let mut fields = vec![
                    line.to_string(),
                    client_ref.text(),
                    "besloten".to_string(),
                    reference,
                    now.evaluation.peildatum.to_string(),
                ];
                fields.extend(self.columns.iter().map(|c| self.csv_value(&now, c)));
                if self.motivation {
                    fields.push(now.explain_short());
                }
                fields.push(String::new());
                out.text.push_str(&csv_row(&fields, self.form.separator()));
            }
        }
    }

    fn on_the_list(&self, outcome: &Outcome) -> bool {
        self.only.iter().all(|o| {
            output_values(outcome).any(|(name, value)| {
                name == o.output && value.is_some_and(|v| o.matches(&encode(outcome, name, v)))
            })
        })
    }

    /// The reference of the outcome's version; its receipt is added to
    /// `out` the first time these lines use it.
    fn receipt(&self, outcome: &Outcome, prefix: &str, out: &mut Decided) -> String {
        let info = &outcome.program.info;
        let reference = format!("{prefix}{}@{}", info.version, info.valid_from);
        if !out.receipts.iter().any(|r| r.reference == reference) {
            let full = outcome.to_json();
            let mut line = serde_json::Map::new();
            line.insert("soort".into(), "bewijs".into());
            line.insert("bewijs".into(), reference.clone().into());
            for key in ["regeling", "versie", "geldig", "bronnen"] {
                if let Some(v) = full.get(key) {
                    line.insert(key.into(), v.clone());
                }
            }
            let mut text = Json::Object(line).to_string();
            text.push('\n');
            out.receipts.push(Receipt {
                reference: reference.clone(),
                line: text,
            });
        }
        reference
    }

    fn mistake(
        &self,
        out: &mut Decided,
        line: u64,
        client_ref: &ClientRef,
        kind: &'static str,
        mistakes: Mistakes,
    ) {
        if kind == "fout" {
            out.counts.unreadable += 1;
        } else {
            out.counts.refused += 1;
        }
        match self.form {
            Form::Jsonl => push_json(
                &mut out.text,
                &MistakeLine {
                    kind,
                    line_no: line,
                    client_ref,
                    mistakes: &mistakes,
                },
            ),
            Form::Csv | Form::CsvNl => {
                let mut fields = vec![line.to_string(), client_ref.text(), kind.to_string()];
                let empty = self.columns.len() + 2 + usize::from(self.motivation);
                fields.extend((0..empty).map(|_| String::new()));
                let text: Vec<String> = mistakes
                    .iter()
                    .map(|(path, m)| match path {
                        Some(p) => format!("{p}: {m}"),
                        None => m.clone(),
                    })
                    .collect();
                fields.push(text.join("; "));
                out.text.push_str(&csv_row(&fields, self.form.separator()));
            }
        }
    }

    /// An output as a CSV field: the case encoding as plain text (amounts
    /// exact), ja/nee, empty for `leeg` or an output this version lacks,
    /// `onbeslist` when undecided; decimal commas in [`Form::CsvNl`].
    fn csv_value(&self, outcome: &Outcome, column: &Column) -> String {
        let Some((name, value)) = output_values(outcome).find(|(n, _)| *n == column.name) else {
            return String::new();
        };
        let Some(value) = value else {
            return "onbeslist".to_string();
        };
        if column.unit {
            return unit_of(value).flatten().unwrap_or_default().to_string();
        }
        let text = match encode(outcome, name, value) {
            Json::String(s) => s,
            Json::Bool(b) => if b { "ja" } else { "nee" }.to_string(),
            Json::Null => String::new(),
            other => other.to_string(),
        };
        if column.numeric && self.form == Form::CsvNl {
            text.replace('.', ",")
        } else {
            text
        }
    }
}

/// The output rules of a program with their types, in order.
fn output_rules(program: &Program) -> impl Iterator<Item = (&str, &Type)> {
    program
        .outputs
        .iter()
        .filter_map(|&r| program.rules.get(r as usize))
        .map(|r| (r.name.as_str(), &r.ty))
}

/// The outputs of an outcome: name and value (`None`: undecided).
fn output_values(outcome: &Outcome) -> impl Iterator<Item = (&str, Option<&engine::value::Value>)> {
    output_rules(&outcome.program)
        .zip(&outcome.evaluation.outputs)
        .map(|((name, _), v)| match v {
            OutputValue::Decided(v) => (name, Some(v)),
            OutputValue::Undecided(_) => (name, None),
        })
}

/// A decided output in the case encoding.
fn encode(outcome: &Outcome, name: &str, value: &engine::value::Value) -> Json {
    let program = &outcome.program;
    match output_rules(program).find(|(n, _)| *n == name) {
        Some((_, ty)) => engine::case::encode(&program.types, ty, value),
        None => Json::Null,
    }
}

/// The unit of an amount that carries one (`Some(None)`: an amount of
/// type `bedrag per eenheid` without unit); `None` for other values.
fn unit_of(value: &engine::value::Value) -> Option<Option<&'static str>> {
    match value {
        engine::value::Value::Amount(a) => Some(a.unit.map(|u| u.dutch())),
        _ => None,
    }
}

/// Whether two outcomes have the same outputs (by name, in the case
/// encoding and with their units, undecided ones included).
fn same_outputs(a: &Outcome, b: &Outcome) -> bool {
    type Shown = (Json, Option<Option<&'static str>>);
    let encoded = |o: &Outcome| {
        let mut v: Vec<(String, Option<Shown>)> = output_values(o)
            .map(|(n, v)| (n.to_string(), v.map(|v| (encode(o, n, v), unit_of(v)))))
            .collect();
        v.sort_by(|x, y| x.0.cmp(&y.0));
        v
    };
    encoded(a) == encoded(b)
}

/// Every mistake of a refused case, with its JSON path where there is one.
fn mistakes(e: &EngineError) -> Mistakes {
    match e {
        EngineError::Case(errors) => errors
            .iter()
            .map(|e| (Some(e.path.clone()), e.message.clone()))
            .collect(),
        EngineError::NotInForce { .. } => vec![(Some("$.peildatum".into()), e.to_string())],
        other => vec![(None, other.to_string())],
    }
}

fn push_json<T: Serialize>(text: &mut String, value: &T) {
    match serde_json::to_string(value) {
        Ok(s) => text.push_str(&s),
        // Cannot happen for these types; were it to, it shows.
        Err(e) => {
            let _ = write!(
                text,
                "{{\"soort\":\"fout\",\"fouten\":[{{\"melding\":\"{e}\"}}]}}"
            );
        }
    }
    text.push('\n');
}

/// A CSV row (RFC 4180): a field with the separator, a quote or a line
/// break is quoted, quotes doubled; rows end in CRLF.
fn csv_row(fields: &[String], sep: char) -> String {
    let mut row = String::new();
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            row.push(sep);
        }
        if f.contains([sep, '"', '\n', '\r']) {
            row.push('"');
            row.push_str(&f.replace('"', "\"\""));
            row.push('"');
        } else {
            row.push_str(f);
        }
    }
    row.push_str("\r\n");
    row
}

// ------------------------------------------------------------ JSON lines

struct DecisionLine<'a> {
    line_no: u64,
    client_ref: &'a ClientRef<'a>,
    receipt_id: &'a str,
    outcome: &'a Outcome,
    previous: Option<&'a Previous>,
    motivation: Option<String>,
}

enum Previous {
    Decided {
        receipt_id: String,
        outcome: Outcome,
    },
    Refused(Mistakes),
}

/// The decided outputs of an outcome: name → value in the case encoding.
struct Outputs<'a>(&'a Outcome);

impl Serialize for Outputs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let program = &self.0.program;
        s.collect_map(
            output_rules(program)
                .zip(&self.0.evaluation.outputs)
                .filter_map(|((name, ty), v)| match v {
                    OutputValue::Decided(value) => Some((
                        name,
                        Encoded {
                            types: &program.types,
                            ty,
                            value,
                        },
                    )),
                    OutputValue::Undecided(_) => None,
                }),
        )
    }
}

/// The units of the decided amounts that carry one (`"tarief": "uur"`,
/// `null` without unit), as the result JSON's `eenheden`.
fn units(outcome: &Outcome) -> Vec<(&str, Option<&'static str>)> {
    output_values(outcome)
        .filter_map(|(n, v)| Some((n, unit_of(v?)?)))
        .collect()
}

/// Writes `eenheden` beside `uitkomsten` when an output carries its unit.
fn serialize_units<M: SerializeMap>(m: &mut M, outcome: &Outcome) -> Result<(), M::Error> {
    let units = units(outcome);
    if units.is_empty() {
        return Ok(());
    }
    m.serialize_entry("eenheden", &units.into_iter().collect::<BTreeMap<_, _>>())
}

/// The names of the undecided outputs.
fn undecided(outcome: &Outcome) -> Vec<&str> {
    output_values(outcome)
        .filter(|(_, v)| v.is_none())
        .map(|(n, _)| n)
        .collect()
}

impl Serialize for DecisionLine<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("soort", "besluit")?;
        m.serialize_entry("regel", &self.line_no)?;
        m.serialize_entry("kenmerk", self.client_ref)?;
        m.serialize_entry("bewijs", self.receipt_id)?;
        m.serialize_entry("peildatum", &IsoDate(self.outcome.evaluation.peildatum))?;
        m.serialize_entry("uitkomsten", &Outputs(self.outcome))?;
        serialize_units(&mut m, self.outcome)?;
        let open = undecided(self.outcome);
        if !open.is_empty() {
            m.serialize_entry("onbeslist", &open)?;
        }
        if let Some(p) = self.previous {
            m.serialize_entry("vorige", p)?;
        }
        if let Some(text) = &self.motivation {
            m.serialize_entry("motivering", text)?;
        }
        m.end()
    }
}

impl Serialize for Previous {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        match self {
            Previous::Decided {
                receipt_id,
                outcome,
            } => {
                m.serialize_entry("bewijs", receipt_id)?;
                m.serialize_entry("uitkomsten", &Outputs(outcome))?;
                serialize_units(&mut m, outcome)?;
                let open = undecided(outcome);
                if !open.is_empty() {
                    m.serialize_entry("onbeslist", &open)?;
                }
            }
            Previous::Refused(mistakes) => {
                m.serialize_entry("soort", "geweigerd")?;
                m.serialize_entry("fouten", &MistakeList(mistakes))?;
            }
        }
        m.end()
    }
}

struct MistakeLine<'a> {
    kind: &'static str,
    line_no: u64,
    client_ref: &'a ClientRef<'a>,
    mistakes: &'a Mistakes,
}

impl Serialize for MistakeLine<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("soort", self.kind)?;
        m.serialize_entry("regel", &self.line_no)?;
        m.serialize_entry("kenmerk", self.client_ref)?;
        m.serialize_entry("fouten", &MistakeList(self.mistakes))?;
        m.end()
    }
}

struct MistakeList<'a>(&'a Mistakes);

impl Serialize for MistakeList<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|(path, melding)| {
            let mut v = serde_json::Map::new();
            if let Some(p) = path {
                v.insert("pad".into(), p.clone().into());
            }
            v.insert("melding".into(), melding.clone().into());
            v
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_as_rfc_4180_says() {
        let fields: Vec<String> = ["a", "b;c", "zeg \"ja\"", "twee\nregels", "1,5"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            csv_row(&fields, ';'),
            "a;\"b;c\";\"zeg \"\"ja\"\"\";\"twee\nregels\";1,5\r\n"
        );
        assert_eq!(
            csv_row(&fields, ','),
            "a,b;c,\"zeg \"\"ja\"\"\",\"twee\nregels\",\"1,5\"\r\n"
        );
    }

    /// A side with one version whose tariff is per uur or per rit.
    fn tariff_side(body: &str) -> Side {
        let text = format!(
            "regeling \"Tariefproef\"\n  id proef.tarief\n  geldig vanaf 2025-01-01\n\n\
             invoer ritten: ja/nee\n\nuitvoer tarief\n\n\
             regel tarief: bedrag per eenheid = {body}\n"
        );
        let mut set = engine::SourceSet::new();
        set.add("proef/2025.regels", text);
        Side {
            engine: engine::Engine::new(set),
            regeling: "proef.tarief".into(),
        }
    }

    #[test]
    fn amounts_per_eenheid_carry_their_unit_in_every_form() {
        let now = tariff_side("als ritten dan € 1,25 per rit anders € 17,25 per uur");
        let lines = [
            r#"{"kenmerk": "A", "peildatum": "2025-03-01", "ritten": true}"#,
            r#"{"kenmerk": "B", "peildatum": "2025-03-01", "ritten": false}"#,
        ];
        let decide = |form| {
            let batch = Batch::new(&now, None, form, Vec::new()).expect("batch");
            let text = batch
                .decide(lines.iter().enumerate().map(|(i, l)| (i as u64 + 1, *l)))
                .text;
            format!("{}{text}", batch.header())
        };
        let jsonl = decide(Form::Jsonl);
        assert!(
            jsonl.contains(r#""uitkomsten":{"tarief":"1.25"},"eenheden":{"tarief":"rit"}"#),
            "{jsonl}"
        );
        assert!(jsonl.contains(r#""eenheden":{"tarief":"uur"}"#), "{jsonl}");
        let csv = decide(Form::Csv);
        let rows: Vec<&str> = csv.lines().collect();
        assert!(
            rows[0].ends_with(",tarief,tarief (eenheid),fouten"),
            "{csv}"
        );
        assert!(rows[1].ends_with(",1.25,rit,"), "{csv}");
        assert!(rows[2].ends_with(",17.25,uur,"), "{csv}");
        // Same amount, another unit: a changed outcome under `--verschil-met`.
        let before = tariff_side("als ritten dan € 1,25 per uur anders € 17,25 per uur");
        let batch = Batch::new(&now, Some(&before), Form::Jsonl, Vec::new()).expect("batch");
        let changed = batch.decide(lines.iter().enumerate().map(|(i, l)| (i as u64 + 1, *l)));
        assert_eq!(changed.counts.listed, 1, "{}", changed.text);
        assert!(
            changed.text.contains(r#""kenmerk":"A""#),
            "{}",
            changed.text
        );
    }

    #[test]
    fn a_filter_reads_name_is_value_and_matches_the_case_encoding() {
        let only = Only::parse("meedoen_toekenning = ambtshalve").expect("a filter");
        assert_eq!(only.output, "meedoen_toekenning");
        assert!(only.matches(&Json::String("ambtshalve".into())));
        assert!(!only.matches(&Json::String("op_aanvraag".into())));
        let yes = Only::parse("recht=ja").expect("a filter");
        assert!(yes.matches(&Json::Bool(true)) && !yes.matches(&Json::Bool(false)));
        assert!(Only::parse("leeg=").is_ok());
        assert!(Only::parse("=ambtshalve").is_err());
        assert!(Only::parse("meedoen").is_err());
    }
}
