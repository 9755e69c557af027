//! The compiled program: what the checker produces and the evaluator runs.
//!
//! Everything is addressed by index (slot): inputs, rules, parameters,
//! functions, tables, record fields, enum values, locals. Evaluation never
//! looks up a name and never touches the AST. Names, types and origins are
//! kept beside the code for traces, explanations and JSON encoding only.

pub mod row_index;

pub use row_index::{RowIndex, RowSet};

use crate::citation;
use crate::types::{Type, Types};
use crate::value::Value;
use chrono::NaiveDate;
use grammar::ast::{
    CompareOp, DecisionMark, DurationUnit, HitPolicy, PartKind, Period, RoundMode, Span,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

pub type InputId = u32;
pub type RuleId = u32;
pub type ParamId = u32;
pub type FnId = u32;
pub type TableId = u32;
/// Index of a source file in the loaded [`crate::source::SourceSet`].
pub type FileId = u32;

/// Where a definition comes from: file and span, legal source, layer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Origin {
    pub file: FileId,
    pub span: Span,
    /// The `artikel` the definition stands under, if any. In the JSON
    /// form the number of the article in the program's list (see
    /// [`articles_by_number`]): an article's text is written once, not for
    /// every definition under it.
    #[serde(with = "articles_by_number")]
    pub article: Option<Arc<ArticleRef>>,
    /// `bron` lines of the definition itself.
    pub sources: Vec<String>,
    /// Id of the regeling (layer) whose file holds the definition.
    pub regeling: Arc<str>,
}

impl Origin {
    /// Human citation: "art. 3.8 lid 1 (Uitvoeringsbesluit Wmo 2015); bron …".
    /// A `bron` that names a part of the article (`onder a`) is cited
    /// with the article: "art. 21 onder a Participatiewet".
    pub fn citation(&self) -> String {
        let mut parts = Vec::new();
        let mut named = Vec::new();
        let mut rest = Vec::new();
        for segment in self.sources.iter().flat_map(|s| citation::segments(s)) {
            match citation::part_ref(segment) {
                Some(r) if self.article.is_some() => named.push(r.name()),
                _ => rest.push(segment.to_string()),
            }
        }
        if let Some(a) = &self.article {
            let mut s = format!("art. {}", a.number);
            if !named.is_empty() {
                s.push_str(&format!(" {}", named.join(", ")));
            }
            if let Some(doc) = &a.document {
                s.push_str(&format!(" {doc}"));
            }
            parts.push(s);
        }
        parts.extend(rest);
        parts.join("; ")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleRef {
    pub number: String,
    pub title: Option<String>,
    pub text: Option<String>,
    /// The regeling's own `bron` (the document the article belongs to).
    pub document: Option<String>,
    /// `lid`/`onder` parts written under the article (see [`crate::citation`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<ArticlePartRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticlePartRef {
    pub kind: PartKind,
    pub id: String,
    pub text: String,
}

/// `rechtsmiddelen` (for `besluit`) or `zonder besluit` (for `geen besluit`):
/// the text the short motivering prints after an outcome with that mark.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FollowUpDef {
    pub kind: DecisionMark,
    pub text: String,
    pub sources: Vec<String>,
}

/// One compiled regeling: a version (plus the base versions it layers on and
/// the versions of the regelingen it uses) for one stretch of dates.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Program {
    pub info: ProgramInfo,
    pub types: Types,
    pub inputs: Vec<InputDef>,
    pub rules: Vec<RuleDef>,
    pub params: Vec<ParamDef>,
    pub functions: Vec<FunctionDef>,
    pub tables: Vec<TableDef>,
    /// The case contract's outputs, in order.
    pub outputs: Vec<RuleId>,
    /// Slot of the implicit `peildatum` input.
    pub peildatum: InputId,
    /// `eis` constraints, verified when the program is built.
    pub constraints: Vec<ConstraintDef>,
    /// How the household overview reads the outputs (`uitkomst`,
    /// `ontvangt`, `betaalt` under `uitvoer`); empty when not declared.
    #[serde(default, skip_serializing_if = "Overview::is_empty")]
    pub overview: Overview,
    /// The texts after a `besluit` / `geen besluit` outcome, at most one of each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub follow_ups: Vec<FollowUpDef>,
}

/// The household overview's reading of a program's outputs: data from the
/// rule file, so that no regeling is named in code.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    /// Outputs whose keuze value is the route of a decision.
    pub outcomes: Vec<OutcomeDef>,
    /// Amounts the household receives.
    pub receives: Vec<RuleId>,
    /// Amounts the household pays.
    pub pays: Vec<RuleId>,
}

impl Overview {
    pub fn is_empty(&self) -> bool {
        self.outcomes.is_empty() && self.receives.is_empty() && self.pays.is_empty()
    }
}

/// `uitkomst regel` with its `vervolg waarde "tekst"` lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeDef {
    pub rule: RuleId,
    /// Per keuze value (its index) the step the household must still take.
    pub next_steps: Vec<(u32, String)>,
}

/// `eis "label"`: a condition over parameters, or over every row of a table
/// (the row's cells are locals `0..columns`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ConstraintDef {
    pub label: String,
    pub table: Option<TableId>,
    pub condition: Node,
    pub locals: u32,
    pub origin: Origin,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProgramInfo {
    /// The regeling id, e.g. `heemskerk.minimaregelingen`.
    pub id: String,
    pub name: String,
    /// Version of the top regeling (layer) file.
    pub version: String,
    /// Dates on which this program is the one in force (intersection of the
    /// validity of every version it is built from).
    #[serde(with = "day_number")]
    pub valid_from: NaiveDate,
    #[serde(with = "day_number_opt")]
    pub valid_through: Option<NaiveDate>,
    /// Every version used, top layer first, then bases, then imports.
    pub parts: Vec<VersionRef>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct VersionRef {
    pub regeling: String,
    pub version: String,
    pub file: FileId,
    pub path: String,
    /// `sha256:` + hex of the file's bytes.
    pub hash: String,
    #[serde(with = "day_number")]
    pub valid_from: NaiveDate,
    #[serde(with = "day_number_opt")]
    pub valid_through: Option<NaiveDate>,
    pub role: VersionRole,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum VersionRole {
    /// The regeling asked for.
    Main,
    /// A regeling the main one is a layer on.
    Base,
    /// A regeling used with `gebruik`.
    Import,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InputDef {
    pub name: String,
    pub ty: Type,
    /// `minimaal`/`maximaal`: a case value outside is refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<Range>,
    pub origin: Origin,
    /// The display texts of the declaration (absent in older programs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// How the app asks for it (`vraag`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// A hint beside the question (`hulp`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// `feit`: the household fact this input takes when it is not the
    /// fact of its own name ([`InputDef::fact_name`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fact: Option<String>,
}

impl InputDef {
    /// The household fact this input takes: its `feit`, else its own name.
    pub fn fact_name(&self) -> &str {
        self.fact.as_deref().unwrap_or(&self.name)
    }
}

/// The range a number, amount or percentage must stay within, both ends
/// inclusive (`minimaal 0 maximaal 100 %`; a percentage as its fraction).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    pub min: Option<Decimal>,
    pub max: Option<Decimal>,
}

impl Range {
    pub fn contains(&self, v: Decimal) -> bool {
        self.min.is_none_or(|min| v >= min) && self.max.is_none_or(|max| v <= max)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RuleDef {
    pub name: String,
    pub ty: Type,
    pub def: Definition,
    /// Top-level exceptions (each may hold exceptions to itself).
    pub exceptions: Vec<ExceptionDef>,
    pub overridable: bool,
    /// `afwijkbaar minimaal … maximaal …`: an override outside is refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_range: Option<Range>,
    pub origin: Origin,
    /// Number of local slots the body and its exceptions need.
    pub locals: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// `besluit` / `geen besluit` on the rule or on its afweging as a whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<DecisionMark>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Definition {
    Expr(Node),
    Ladder(LadderDef),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExceptionDef {
    pub label: String,
    pub condition: Node,
    pub value: Node,
    pub origin: Origin,
    pub children: Vec<ExceptionDef>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LadderDef {
    pub steps: Vec<StepDef>,
    pub otherwise: StepDef,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StepDef {
    /// The keuze value this step decides.
    pub value: u32,
    pub name: String,
    /// `None` for `anders`.
    pub condition: Option<Node>,
    pub motivation: Option<Template>,
    pub origin: Origin,
    /// `besluit` / `geen besluit` on this step (else the afweging's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<DecisionMark>,
}

/// A motivation text with `{naam}` placeholders compiled to expressions.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Template {
    pub parts: Vec<TemplatePart>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum TemplatePart {
    Text(String),
    Value(Node, Type),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ParamDef {
    pub name: String,
    pub ty: Type,
    /// Dated values in order; a constant is one entry from `NaiveDate::MIN`.
    pub timeline: Vec<DatedValue>,
    pub origin: Origin,
    /// `einde "reden"`: why the last value ends (shown by `tijdlijn`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_reason: Option<String>,
    /// `label "tekst"`: how people read the name (see [`crate::display`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

impl ParamDef {
    /// The `aanvulling` that supplied the entry starting on `from` (as a
    /// trace records it), if another regeling supplied it.
    pub fn supplied_by(&self, from: Option<NaiveDate>) -> Option<&Origin> {
        let from = from?;
        self.timeline
            .iter()
            .find(|e| e.from == from)?
            .supplied_by
            .as_deref()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DatedValue {
    #[serde(with = "day_number")]
    pub from: NaiveDate,
    #[serde(with = "day_number_opt")]
    pub through: Option<NaiveDate>,
    pub value: Value,
    /// The `aanvulling` of another regeling that supplied this value (on
    /// dates the parameter's own regeling has none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplied_by: Option<Box<Origin>>,
    /// On the last value of an `aanvulling`: its `einde "reden"` (a
    /// parameter's own reason is [`ParamDef::end_reason`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FunctionDef {
    pub name: String,
    pub params: Vec<(String, Type)>,
    pub ret: Type,
    pub body: Node,
    pub origin: Origin,
    /// Parameters occupy locals `0..params.len()`; loop variables follow.
    pub locals: u32,
    /// Whether the evaluator remembers this function's results within a
    /// case: only for bodies with a loop, where a repeated call is worth a
    /// lookup (a call without a loop is about as cheap as the lookup).
    pub memoized: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The `label` of each parameter, beside `params` (may be empty).
    #[serde(default, skip_serializing_if = "crate::display::no_labels")]
    pub param_labels: Vec<Option<String>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TableDef {
    pub name: String,
    pub inputs: Vec<(String, Type)>,
    pub outputs: Vec<(String, Type)>,
    /// The `label` of each column (`inkomen: bedrag label "inkomen per
    /// maand"`), inputs then outputs (may be empty: none has one).
    #[serde(default, skip_serializing_if = "crate::display::no_labels")]
    pub column_labels: Vec<Option<String>>,
    pub hit_policy: HitPolicy,
    pub rows: Vec<RowDef>,
    /// With several output columns a call returns a record of this type.
    pub result_record: Option<u32>,
    /// The call's result type (single output, record, or list for `alle`).
    pub result_type: Type,
    pub origin: Origin,
    /// Rows by argument, when every input cell is literal (built with the
    /// rows; see [`RowIndex`]). Not part of the JSON form: a
    /// program read back builds it again ([`Program::from_json`]).
    #[serde(skip)]
    pub index: Option<RowIndex>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RowDef {
    /// One test per input column.
    pub tests: Vec<CellTest>,
    /// One value per output column; `None` is `-` (leeg).
    pub outputs: Vec<Option<Node>>,
    pub span: Span,
    /// 1-based row number as the policy writer counts it.
    pub number: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum CellTest {
    Any,
    Compare(CompareOp, Node),
    Range {
        low: Node,
        low_inclusive: bool,
        high: Node,
        high_inclusive: bool,
    },
    /// Alternatives: matches when one of them matches.
    AnyOf(Vec<CellTest>),
}

/// Built-in functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Builtin {
    /// leeftijd(geboortedatum; datum) → geheel getal
    Age,
    Year,
    Month,
    Day,
    /// datum(j; m; d)
    MakeDate,
    FirstDayOfMonth,
    LastDayOfMonth,
    Min,
    Max,
    /// tekst(x): the value as text (keuze value name, number in Dutch notation).
    ToText,
    /// waarde(x; standaard)
    ValueOr,
}

/// What an `over` computes, fixed by the checker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Over {
    /// The period of the amount per period (the operand of `over`, the
    /// result of `verdeeld over`).
    pub period: Period,
    /// The unit the count is written in.
    pub unit: DurationUnit,
    /// How many periods one unit holds, as `numerator / denominator`
    /// (`per maand over n jaar`: 12/1; `per jaar over n maanden`: 1/12).
    pub numerator: u32,
    pub denominator: u32,
    /// `verdeeld over`: from a total to an amount per period.
    pub spread: bool,
}

/// Arithmetic on numbers (all numeric types are `Decimal`); `Add` also
/// joins two texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
}

/// An expression of the compiled program.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Node {
    Const(Value),
    Input(InputId),
    Rule(RuleId),
    Param(ParamId),
    /// A function parameter or loop variable of the current frame.
    Local(u32),
    /// Field of a record; `leeg` stays `leeg` (optional chaining).
    Field(Box<Node>, u32),
    CallFn(FnId, Vec<Node>),
    CallTable(TableId, Vec<Node>),
    Builtin(Builtin, Vec<Node>),
    Neg(Box<Node>),
    Not(Box<Node>),
    Arith(ArithOp, Box<Node>, Box<Node>),
    /// datum ± duur (`subtract` for −).
    DateShift {
        date: Box<Node>,
        duration: Box<Node>,
        subtract: bool,
    },
    /// duur ± duur.
    DurationAdd {
        left: Box<Node>,
        right: Box<Node>,
        subtract: bool,
    },
    /// Comparison of two values of the same type (numbers, dates, texts,
    /// keuze values, booleans; `=`/`<>` on anything).
    Compare(CompareOp, Box<Node>, Box<Node>),
    /// Short-circuit `en`.
    And(Box<Node>, Box<Node>),
    /// Short-circuit `of`.
    Or(Box<Node>, Box<Node>),
    If(Box<Node>, Box<Node>, Box<Node>),
    /// `x in {a, b}`.
    In(Box<Node>, Vec<Node>),
    /// `x bestaat` (`negated`: `bestaat niet`).
    Exists(Box<Node>, bool),
    /// Round to `decimals` places.
    Round(Box<Node>, RoundMode, u32),
    /// Multiply by `numerator / denominator` (period conversion); exact
    /// where possible, the checker demands rounding afterwards.
    Scale(Box<Node>, Decimal, Decimal),
    /// An amount of a known period or unit (or none) where a `bedrag per
    /// eenheid` is expected: the value takes its unit along.
    WithUnit(Box<Node>, Option<Period>),
    /// `amount over count <unit>` (a total) or `amount verdeeld over count
    /// <unit>` (an amount per period); `count` is a whole number.
    Over {
        amount: Box<Node>,
        count: Box<Node>,
        how: Over,
    },
    /// Record literal: values in field order.
    Record(Vec<Node>),
    List(Vec<Node>),
    /// `som van value voor elke local in list waarvoor filter`.
    Sum {
        local: u32,
        list: Box<Node>,
        filter: Option<Box<Node>>,
        value: Box<Node>,
    },
    Count {
        local: u32,
        list: Box<Node>,
        filter: Option<Box<Node>>,
    },
    Any {
        local: u32,
        list: Box<Node>,
        condition: Box<Node>,
    },
    All {
        local: u32,
        list: Box<Node>,
        condition: Box<Node>,
    },
    FirstIn {
        local: u32,
        list: Box<Node>,
        condition: Box<Node>,
    },
    FirstInRange {
        local: u32,
        from: Box<Node>,
        through: Box<Node>,
        condition: Box<Node>,
    },
    /// `fout "..."`: an evaluation error with this message.
    Fail(Arc<str>, Span),
    /// `tekst(x)` with the static type of `x`, so that keuze values and
    /// amounts print as in an explanation (`alleenstaande_ouder`,
    /// `€ 1.401,50`); the evaluator cannot tell a keuze from its value.
    Text(Box<Node>, Type),
}

impl Node {
    /// Whether the node or any node inside it is a loop (`som`, `aantal`,
    /// `er is`, `elke`, `eerste`).
    pub fn has_loop(&self) -> bool {
        match self {
            Node::Sum { .. }
            | Node::Count { .. }
            | Node::Any { .. }
            | Node::All { .. }
            | Node::FirstIn { .. }
            | Node::FirstInRange { .. } => true,
            _ => {
                let mut found = false;
                self.for_each_child(|child| found = found || child.has_loop());
                found
            }
        }
    }

    /// Calls `f` with each node directly inside this one, in order.
    pub fn for_each_child<'n>(&'n self, mut f: impl FnMut(&'n Node)) {
        match self {
            Node::Const(_)
            | Node::Input(_)
            | Node::Rule(_)
            | Node::Param(_)
            | Node::Local(_)
            | Node::Fail(..) => {}
            Node::Field(x, _)
            | Node::Neg(x)
            | Node::Not(x)
            | Node::Exists(x, _)
            | Node::Round(x, ..)
            | Node::Scale(x, ..)
            | Node::WithUnit(x, _)
            | Node::Text(x, _) => f(x),
            Node::CallFn(_, args)
            | Node::CallTable(_, args)
            | Node::Builtin(_, args)
            | Node::Record(args)
            | Node::List(args) => args.iter().for_each(f),
            Node::Arith(_, a, b)
            | Node::Over {
                amount: a,
                count: b,
                ..
            }
            | Node::Compare(_, a, b)
            | Node::And(a, b)
            | Node::Or(a, b)
            | Node::DateShift {
                date: a,
                duration: b,
                ..
            }
            | Node::DurationAdd {
                left: a, right: b, ..
            } => {
                f(a);
                f(b);
            }
            Node::If(c, a, b) => {
                f(c);
                f(a);
                f(b);
            }
            Node::In(x, options) => {
                f(x);
                options.iter().for_each(f);
            }
            Node::Sum {
                list,
                filter,
                value,
                ..
            } => {
                f(list);
                filter.iter().for_each(|x| f(x));
                f(value);
            }
            Node::Count { list, filter, .. } => {
                f(list);
                filter.iter().for_each(|x| f(x));
            }
            Node::Any {
                list, condition, ..
            }
            | Node::All {
                list, condition, ..
            }
            | Node::FirstIn {
                list, condition, ..
            } => {
                f(list);
                f(condition);
            }
            Node::FirstInRange {
                from,
                through,
                condition,
                ..
            } => {
                f(from);
                f(through);
                f(condition);
            }
        }
    }
}

impl Program {
    /// The program as JSON (the form `regelwerk bundle` ships, so that a
    /// browser evaluates without parsing and checking the rule files).
    pub fn to_json(&self) -> serde_json::Result<String> {
        // `{"artikelen":[…],"programma":{…}}`: the program first (which
        // collects the articles its origins cite), then the articles.
        let (program, articles) = articles_by_number::writing(|| serde_json::to_string(self));
        let articles: Vec<&ArticleRef> = articles.iter().map(|a| a.as_ref()).collect();
        Ok(format!(
            "{{\"artikelen\":{},\"programma\":{}}}",
            serde_json::to_string(&articles)?,
            program?
        ))
    }

    /// A program written by [`Program::to_json`], with its table indexes
    /// built again. It comes from a bundle, not from the checker, so what
    /// the evaluator and the schema rely on beyond what they check
    /// themselves is verified here (see [`Program::verify`]).
    pub fn from_json(text: &str) -> serde_json::Result<Program> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Form<'t> {
            #[serde(rename = "artikelen")]
            articles: Vec<ArticleRef>,
            #[serde(borrow, rename = "programma")]
            program: &'t serde_json::value::RawValue,
        }
        let form: Form = serde_json::from_str(text)?;
        let articles = form.articles.into_iter().map(Arc::new).collect();
        let mut program: Program =
            articles_by_number::reading(articles, || serde_json::from_str(form.program.get()))?;
        program.verify().map_err(serde::de::Error::custom)?;
        for table in &mut program.tables {
            table.index = RowIndex::build(&table.rows);
        }
        Ok(program)
    }

    /// What the checker guarantees and the evaluator does not check again
    /// (it looks every slot up with `get` and reports a damaged program as
    /// an internal error): local frames of a sane size (a frame is
    /// allocated before it is used), type numbers that name a keuze or
    /// gegeven, gegevens that do not require themselves (no finite value
    /// could fill them), the `peildatum` slot, and table rows with a test
    /// per input and a value per output column.
    pub fn verify(&self) -> Result<(), String> {
        const MAX_LOCALS: u32 = 1 << 16;
        let frames = self
            .rules
            .iter()
            .map(|r| (r.name.as_str(), r.locals))
            .chain(self.functions.iter().map(|f| (f.name.as_str(), f.locals)))
            .chain(
                self.constraints
                    .iter()
                    .map(|c| (c.label.as_str(), c.locals)),
            );
        for (name, locals) in frames {
            if locals > MAX_LOCALS {
                return Err(format!("`{name}` vraagt {locals} lokale namen"));
            }
        }
        if self.peildatum as usize >= self.inputs.len() {
            return Err("de invoer `peildatum` ontbreekt".into());
        }
        let types = &self.types;
        let known = |ty: &Type| -> Result<(), String> { type_is_known(types, ty) };
        for r in &types.records {
            r.fields.iter().try_for_each(|(_, t)| known(t))?;
        }
        for (id, r) in types.records.iter().enumerate() {
            if types.required_cycle(id as u32).is_some() {
                return Err(format!("het gegeven `{}` bevat zichzelf", r.name));
            }
        }
        self.inputs.iter().try_for_each(|i| known(&i.ty))?;
        self.rules.iter().try_for_each(|r| known(&r.ty))?;
        self.params.iter().try_for_each(|p| known(&p.ty))?;
        for f in &self.functions {
            f.params.iter().try_for_each(|(_, t)| known(t))?;
            known(&f.ret)?;
        }
        for t in &self.tables {
            t.inputs
                .iter()
                .chain(&t.outputs)
                .try_for_each(|(_, ty)| known(ty))?;
            known(&t.result_type)?;
            if t.result_record
                .is_some_and(|r| r as usize >= types.records.len())
            {
                return Err(format!("de tabel `{}` geeft een onbekend gegeven", t.name));
            }
            if t.rows
                .iter()
                .any(|r| r.tests.len() != t.inputs.len() || r.outputs.len() != t.outputs.len())
            {
                return Err(format!(
                    "een rij van de tabel `{}` past niet bij haar kolommen",
                    t.name
                ));
            }
        }
        if self.outputs.iter().any(|&o| o as usize >= self.rules.len()) {
            return Err("een uitkomst verwijst naar een onbekende regel".into());
        }
        Ok(())
    }
}

/// Whether every keuze and gegeven `ty` names is in the table.
fn type_is_known(types: &crate::types::TypeTable, ty: &Type) -> Result<(), String> {
    match ty {
        Type::Enum(id) if *id as usize >= types.enums.len() => {
            Err(format!("keuze nummer {id} bestaat niet"))
        }
        Type::Record(id) if *id as usize >= types.records.len() => {
            Err(format!("gegeven nummer {id} bestaat niet"))
        }
        Type::List(t) | Type::Optional(t) => type_is_known(types, t),
        _ => Ok(()),
    }
}

/// A date as its day number (days since 1 January of year 1): compact, exact
/// for every date chrono has (`NaiveDate::MIN` starts a constant's
/// timeline), and read without date-format machinery.
pub(crate) mod day_number {
    use chrono::{Datelike, NaiveDate};
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i32(date.num_days_from_ce())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let days = i32::deserialize(d)?;
        NaiveDate::from_num_days_from_ce_opt(days)
            .ok_or_else(|| D::Error::custom(format!("dagnummer {days} is geen datum")))
    }
}

/// [`day_number`] for an optional date (`null` for none).
pub(crate) mod day_number_opt {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(d) => super::day_number::serialize(d, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        #[derive(Deserialize)]
        struct Day(#[serde(with = "super::day_number")] NaiveDate);
        Ok(Option::<Day>::deserialize(d)?.map(|Day(date)| date))
    }
}

/// [`Origin::article`] in the JSON form of a program: the number of the
/// article in a list written beside the program. While [`Program::to_json`]
/// writes, the list is collected here (each article once, however many
/// definitions stand under it); while [`Program::from_json`] reads, the list
/// read first is looked up here, so the origins share one copy again. The
/// list lives in a thread-local for the duration of that one call, because
/// serde passes no context into a field's (de)serialiser.
pub(crate) mod articles_by_number {
    use super::ArticleRef;
    use serde::{de::Error as _, ser::Error as _, Deserialize, Deserializer, Serializer};
    use std::cell::RefCell;
    use std::sync::Arc;

    thread_local! {
        static ARTICLES: RefCell<Option<Vec<Arc<ArticleRef>>>> = const { RefCell::new(None) };
    }

    /// Runs `write` with an empty list to collect into; returns its result
    /// and the list.
    pub fn writing<T>(write: impl FnOnce() -> T) -> (T, Vec<Arc<ArticleRef>>) {
        let outer = ARTICLES.with(|a| a.replace(Some(Vec::new())));
        let result = write();
        let articles = ARTICLES.with(|a| a.replace(outer)).unwrap_or_default();
        (result, articles)
    }

    /// Runs `read` with `articles` to look numbers up in.
    pub fn reading<T>(articles: Vec<Arc<ArticleRef>>, read: impl FnOnce() -> T) -> T {
        let outer = ARTICLES.with(|a| a.replace(Some(articles)));
        let result = read();
        ARTICLES.with(|a| a.replace(outer));
        result
    }

    pub fn serialize<S: Serializer>(
        article: &Option<Arc<ArticleRef>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let Some(article) = article else {
            return s.serialize_none();
        };
        let number = ARTICLES.with(|a| {
            let mut list = a.borrow_mut();
            let list = list.as_mut()?;
            let found = list
                .iter()
                .position(|known| Arc::ptr_eq(known, article) || **known == **article);
            Some(found.unwrap_or_else(|| {
                list.push(article.clone());
                list.len() - 1
            }))
        });
        match number {
            Some(n) => s.serialize_some(&n),
            None => Err(S::Error::custom(
                "een artikel wordt alleen via Program::to_json geschreven",
            )),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Arc<ArticleRef>>, D::Error> {
        let Some(number) = Option::<usize>::deserialize(d)? else {
            return Ok(None);
        };
        ARTICLES
            .with(|a| {
                a.borrow()
                    .as_ref()
                    .and_then(|list| list.get(number).cloned())
            })
            .map(Some)
            .ok_or_else(|| {
                D::Error::custom(format!(
                    "artikel nummer {number} staat niet in de lijst van het programma"
                ))
            })
    }
}
