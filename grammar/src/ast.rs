//! The abstract syntax tree of a `.regels` file.
//!
//! Every node carries a byte [`Span`] into the source text. The AST knows
//! nothing about pest: the parser converts pest pairs into these types, and
//! everything downstream (formatter, checker, compiler) works on them only.
//! See `docs/design/syntax.md` for the syntax each node comes from.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A byte range `[start, end)` in the source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A name with its location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A dotted name: `landelijk.aow_leeftijd`, `client.geboortedatum`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Path {
    pub parts: Vec<Ident>,
    pub span: Span,
}

impl Path {
    pub fn dotted(&self) -> String {
        self.parts
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join(".")
    }
}

/// A string literal with its location (the value has escapes resolved).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub value: String,
    pub span: Span,
    /// Written as `"""..."""` in the source (the formatter keeps the form).
    pub long: bool,
}

/// A parsed file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct File {
    pub header: Header,
    pub items: Vec<Item>,
    /// Every `//` comment in the file, in source order (kept by the formatter).
    pub comments: Vec<Comment>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    /// The text after `//`, without the line break.
    pub text: String,
    pub span: Span,
    /// The comment follows code on the same line (the formatter moves it above that line).
    #[serde(default)]
    pub trailing: bool,
}

/// `regeling "Naam"` and its attribute lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub name: Text,
    pub id: Path,
    /// `versie "2025"`; `None` means: the file stem.
    pub version: Option<Text>,
    pub valid: Validity,
    pub sources: Vec<SourceRef>,
    /// `laag op <id>`: this file is a layer on that regeling.
    pub layer_on: Option<Path>,
    pub note: Option<Text>,
    pub span: Span,
}

/// `geldig vanaf A [tot en met B]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validity {
    pub from: DateLit,
    pub through: Option<DateLit>,
    pub span: Span,
}

/// `bron "..." [url "..."]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    pub text: Text,
    pub url: Option<Text>,
    pub span: Span,
}

/// A date literal `JJJJ-MM-DD`. The parser refuses a day the calendar does
/// not have (`2025-02-31`), so the AST holds a real date and nothing
/// downstream converts or checks it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "DateParts", try_from = "DateParts")]
pub struct DateLit {
    pub date: NaiveDate,
    pub span: Span,
}

/// The serialised form of a [`DateLit`]: year, month and day as numbers.
/// Kept because a bundle's manifest (`kop`) carries the heads' dates in this
/// form and bundles already written must stay readable.
#[derive(Serialize, Deserialize)]
struct DateParts {
    year: i32,
    month: u32,
    day: u32,
    span: Span,
}

impl From<DateLit> for DateParts {
    fn from(d: DateLit) -> DateParts {
        DateParts {
            year: d.date.year(),
            month: d.date.month(),
            day: d.date.day(),
            span: d.span,
        }
    }
}

impl TryFrom<DateParts> for DateLit {
    type Error = String;
    fn try_from(p: DateParts) -> Result<DateLit, String> {
        let date = NaiveDate::from_ymd_opt(p.year, p.month, p.day).ok_or_else(|| {
            format!(
                "`{:04}-{:02}-{:02}` is geen bestaande datum",
                p.year, p.month, p.day
            )
        })?;
        Ok(DateLit { date, span: p.span })
    }
}

impl std::fmt::Display for DateLit {
    /// `JJJJ-MM-DD`, as written in the source.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let d = self.date;
        write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Item {
    Use(UseDecl),
    Enum(EnumDecl),
    Record(RecordDecl),
    Input(InputDecl),
    Outputs(OutputsDecl),
    Parameter(ParameterDecl),
    /// `aanvulling gebruikte.parameter`: values of a used regeling's parameter.
    TopUp(TopUpDecl),
    Article(ArticleDecl),
    /// `rechtsmiddelen """…"""` or `zonder besluit """…"""`.
    FollowUp(FollowUpDecl),
    Rule(RuleDecl),
    Exception(ExceptionDecl),
    Function(FunctionDecl),
    Table(TableDecl),
    Ladder(LadderDecl),
    /// `stap x in <afweging> voor|na <stap> als ...` (layers).
    StepInsert(StepInsertDecl),
    Constraint(ConstraintDecl),
    Test(TestDecl),
}

impl Item {
    pub fn span(&self) -> Span {
        match self {
            Item::Use(d) => d.span,
            Item::Enum(d) => d.span,
            Item::Record(d) => d.span,
            Item::Input(d) => d.span,
            Item::Outputs(d) => d.span,
            Item::Parameter(d) => d.span,
            Item::TopUp(d) => d.span,
            Item::Article(d) => d.span,
            Item::FollowUp(d) => d.span,
            Item::Rule(d) => d.span,
            Item::Exception(d) => d.span,
            Item::Function(d) => d.span,
            Item::Table(d) => d.span,
            Item::Ladder(d) => d.span,
            Item::StepInsert(d) => d.span,
            Item::Constraint(d) => d.span,
            Item::Test(d) => d.span,
        }
    }
}

/// `gebruik landelijk.aow_leeftijd [als aow]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UseDecl {
    pub regeling: Path,
    pub alias: Option<Ident>,
    pub span: Span,
}

/// `keuze Leefvorm: a | b | c` or, in a layer, `keuze Leefvorm uitgebreid met d | e`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnumDecl {
    pub name: Ident,
    pub extends: bool,
    pub values: Vec<Ident>,
    /// The `label` of each value, beside `values` (same length).
    pub labels: Vec<Option<Text>>,
    pub span: Span,
}

/// `gegeven Persoon` followed by `veld: type` lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordDecl {
    pub name: Ident,
    pub fields: Vec<Field>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    pub name: Ident,
    pub ty: TypeExpr,
    /// `minimaal …`/`maximaal …` after a gegeven's field (never on a function
    /// parameter or table column: the grammar has no place for it there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bounds: Option<Bounds>,
    /// `veld: type label "tekst"`: how people read the field's name.
    pub label: Option<Text>,
    pub span: Span,
}

/// `invoer naam: type [minimaal a] [maximaal b] [label ".."] [vraag ".."] [hulp ".."] [ongebruikt "reden"]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputDecl {
    pub name: Ident,
    pub ty: TypeExpr,
    pub bounds: Option<Bounds>,
    pub label: Option<Text>,
    /// How the app asks for it.
    pub question: Option<Text>,
    /// A hint shown with the question.
    pub help: Option<Text>,
    pub unused_reason: Option<Text>,
    /// `feit aanvrager`: the household fact this input takes, when it is not
    /// the fact of the input's own name.
    pub fact: Option<Ident>,
    pub span: Span,
}

/// `minimaal a maximaal b` (at least one of the two): the range a value may
/// take. The checker requires constants of the value's type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bounds {
    pub min: Option<Expr>,
    pub max: Option<Expr>,
    pub span: Span,
}

/// `uitvoer a, b, c`, with how the household overview reads them
/// (`uitkomst`, `ontvangt`, `betaalt`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutputsDecl {
    pub names: Vec<Ident>,
    pub outcomes: Vec<OutcomeDecl>,
    /// `ontvangt a, b`: amounts the household receives.
    pub receives: Vec<Ident>,
    /// `betaalt a, b`: amounts the household pays.
    pub pays: Vec<Ident>,
    pub span: Span,
}

/// `uitkomst route` with its `vervolg waarde "tekst"` lines: an output
/// whose keuze value is the route of the decision, and the step the
/// household must still take after a given value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeDecl {
    pub name: Ident,
    pub next_steps: Vec<NextStepDecl>,
    pub span: Span,
}

/// `vervolg op_aanvraag "Vraag ... aan"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NextStepDecl {
    pub value: Ident,
    pub text: Text,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypeExpr {
    pub kind: TypeKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum TypeKind {
    /// `bedrag` or `bedrag per <period>`.
    Money(Option<Period>),
    /// `bedrag per eenheid`: each value carries its own unit or none.
    MoneyPerUnit,
    /// `getal`
    Number,
    /// `geheel getal`
    Integer,
    /// `percentage`
    Percentage,
    /// `ja/nee`
    Bool,
    /// `tekst`
    Text,
    /// `datum`
    Date,
    /// `duur`
    Duration,
    /// A declared keuze or gegeven: `Leefvorm`, or qualified `aow.Persoon`.
    Named(Path),
    /// `lijst van T`
    List(Box<TypeExpr>),
    /// `T?`
    Optional(Box<TypeExpr>),
}

/// The period or unit of an amount: `per maand`, `per uur`, `per rit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Period {
    Week,
    FourWeeks,
    Month,
    Quarter,
    Year,
    /// `per uur`: a rate per hour, not convertible to other periods.
    Hour,
    /// `per dag`: a rate per day; not convertible (years have 365 or 366 days).
    Day,
    /// `per rit`: a unit that is no time at all (a fare per ride).
    Ride,
}

impl Period {
    /// Periods per year, or `None` for `per uur`.
    pub fn per_year(self) -> Option<u32> {
        match self {
            Period::Week => Some(52),
            Period::FourWeeks => Some(13),
            Period::Month => Some(12),
            Period::Quarter => Some(4),
            Period::Year => Some(1),
            Period::Hour | Period::Day | Period::Ride => None,
        }
    }
    /// The Dutch words after `per`.
    pub fn dutch(self) -> &'static str {
        match self {
            Period::Week => "week",
            Period::FourWeeks => "4 weken",
            Period::Month => "maand",
            Period::Quarter => "kwartaal",
            Period::Year => "jaar",
            Period::Hour => "uur",
            Period::Day => "dag",
            Period::Ride => "rit",
        }
    }
}

/// `parameter naam: type` with `= waarde` or dated `vanaf` lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParameterDecl {
    /// `vervang parameter ...` in a layer.
    pub replaces: bool,
    pub name: Ident,
    pub ty: TypeExpr,
    pub sources: Vec<SourceRef>,
    /// `label "tekst"`: how people read the parameter's name.
    pub label: Option<Text>,
    pub values: ParameterValues,
    /// `einde "reden"` after dated values: why the last value ends (R0503).
    pub end_reason: Option<Text>,
    pub span: Span,
}

/// `aanvulling alias.parameter` + `bron` + dated values: values of a
/// parameter of a used regeling for dates on which it has none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopUpDecl {
    pub target: Path,
    pub sources: Vec<SourceRef>,
    pub values: Vec<DatedValue>,
    /// `einde "reden"`: the last value's `tot en met` is intended (answers R0503).
    pub end_reason: Option<Text>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ParameterValues {
    /// `= waarde`
    Constant(Expr),
    /// `vanaf D [tot en met E]: waarde` lines, in source order.
    Dated(Vec<DatedValue>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatedValue {
    pub from: DateLit,
    pub through: Option<DateLit>,
    pub value: Expr,
    pub span: Span,
}

/// `artikel "3.8 lid 1" ["titel"] ["""tekst"""]`: sets the source of what follows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleDecl {
    pub number: Text,
    pub title: Option<Text>,
    pub text: Option<Text>,
    /// `lid "1" """…"""` / `onder "a" """…"""` lines: the parts a `bron` can cite.
    #[serde(default)]
    pub parts: Vec<ArticlePart>,
    pub span: Span,
}

/// One part of an article: `lid "2" """tekst"""` or `onder "a" """tekst"""`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticlePart {
    pub kind: PartKind,
    pub id: Text,
    pub text: Text,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PartKind {
    /// `lid`: a numbered paragraph.
    Lid,
    /// `onder`: a lettered item of an enumeration.
    Onder,
}

impl PartKind {
    /// The word as written: `lid`, `onder`.
    pub fn word(self) -> &'static str {
        match self {
            PartKind::Lid => "lid",
            PartKind::Onder => "onder",
        }
    }
}

/// Whether an outcome is a besluit: `besluit` or `geen besluit` on a rule,
/// an afweging or a step. Says which follow-up text the motivering prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DecisionMark {
    /// `besluit`: the `rechtsmiddelen` text follows.
    Besluit,
    /// `geen besluit`: the `zonder besluit` text follows.
    NoBesluit,
}

impl DecisionMark {
    /// The words as written.
    pub fn words(self) -> &'static str {
        match self {
            DecisionMark::Besluit => "besluit",
            DecisionMark::NoBesluit => "geen besluit",
        }
    }
}

/// `rechtsmiddelen """…""" [bron ..]` (`kind` Besluit) or `zonder besluit
/// """…""" [bron ..]` (`kind` NoBesluit): the regeling's text for outcomes
/// with that mark.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowUpDecl {
    pub kind: DecisionMark,
    pub text: Text,
    pub sources: Vec<SourceRef>,
    pub span: Span,
}

/// `regel naam: type [bron ..] [afwijkbaar [minimaal a] [maximaal b]] = expr`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleDecl {
    pub replaces: bool,
    pub name: Ident,
    pub ty: TypeExpr,
    pub sources: Vec<SourceRef>,
    pub overridable: bool,
    /// The range an override must stay within (`afwijkbaar minimaal 5 %`).
    pub override_bounds: Option<Bounds>,
    pub label: Option<Text>,
    #[serde(default)]
    pub decision: Option<DecisionMark>,
    pub body: Expr,
    pub span: Span,
}

/// `uitzondering "naam" op <regel | "uitzondering"> [bron ..] als C dan E`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExceptionDecl {
    pub label: Text,
    pub target: ExceptionTarget,
    pub sources: Vec<SourceRef>,
    pub condition: Expr,
    pub value: Expr,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ExceptionTarget {
    Rule(Path),
    Exception(Text),
}

/// `functie naam(a: T; b: U): R = expr`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FunctionDecl {
    pub replaces: bool,
    pub name: Ident,
    pub params: Vec<Field>,
    pub ret: TypeExpr,
    pub sources: Vec<SourceRef>,
    pub label: Option<Text>,
    pub body: Expr,
    pub span: Span,
}

/// A decision table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableDecl {
    pub replaces: bool,
    pub name: Ident,
    pub inputs: Vec<Field>,
    pub outputs: Vec<Field>,
    pub sources: Vec<SourceRef>,
    pub hit_policy: HitPolicy,
    pub hit_policy_span: Span,
    /// The column names of the header row, in order.
    pub header: Vec<Ident>,
    pub rows: Vec<TableRow>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HitPolicy {
    Unique,
    First,
    Sum,
    All,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableRow {
    /// One cell per input column, then one per output column.
    pub cells: Vec<Cell>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub kind: CellKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum CellKind {
    /// `-`: any value (input) or `leeg` (output).
    Any,
    /// Input cell: alternatives separated by `,`; matches if any matches.
    Tests(Vec<UnaryTest>),
    /// Output cell.
    Value(Expr),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum UnaryTest {
    /// A plain value: equality.
    Equals(Expr),
    /// `< x`, `<= x`, `> x`, `>= x`, `<> x`.
    Compare(CompareOp, Expr),
    /// `[a..b]`, `[a..b)`, `(a..b]`, `(a..b)`.
    Range {
        low: Expr,
        low_inclusive: bool,
        high: Expr,
        high_inclusive: bool,
    },
}

/// `afweging naam: Keuze` with `stap` lines and `anders`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LadderDecl {
    pub replaces: bool,
    pub name: Ident,
    pub ty: TypeExpr,
    pub sources: Vec<SourceRef>,
    pub label: Option<Text>,
    #[serde(default)]
    pub decision: Option<DecisionMark>,
    pub steps: Vec<Step>,
    pub otherwise: Otherwise,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub name: Ident,
    pub condition: Expr,
    pub sources: Vec<SourceRef>,
    pub motivation: Option<Text>,
    #[serde(default)]
    pub decision: Option<DecisionMark>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Otherwise {
    pub name: Ident,
    pub sources: Vec<SourceRef>,
    pub motivation: Option<Text>,
    #[serde(default)]
    pub decision: Option<DecisionMark>,
    pub span: Span,
}

/// `stap naam in <afweging> voor|na <stap> als C` (a layer adds a step).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepInsertDecl {
    pub step: Step,
    pub ladder: Ident,
    pub position: StepPosition,
    pub anchor: Ident,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepPosition {
    Before,
    After,
}

/// `eis "naam" [bron ..] : expr` or `eis "naam" voor elke rij van T: expr`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConstraintDecl {
    pub label: Text,
    pub sources: Vec<SourceRef>,
    /// `voor elke rij van <tabel>`: the expression sees the row's columns.
    pub for_each_row_of: Option<Ident>,
    pub condition: Expr,
    pub span: Span,
}

/// `test "naam" [zoals "andere"]` with `peildatum`, assignments and expectations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestDecl {
    pub name: Text,
    pub like: Option<Text>,
    pub peildatum: Option<DateLit>,
    pub assignments: Vec<TestAssignment>,
    /// `afwijking regel = waarde reden "…"`.
    pub overrides: Vec<TestOverride>,
    pub expectations: Vec<Expectation>,
    pub span: Span,
}

/// An override in a test: `afwijking uren_per_jaar = 0 reden "maatwerk"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestOverride {
    pub rule: Ident,
    pub value: Expr,
    pub reason: Text,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestAssignment {
    pub name: Ident,
    pub value: Expr,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Expectation {
    /// `verwacht naam = waarde`
    Value {
        name: Ident,
        value: Expr,
        span: Span,
    },
    /// `verwacht fout "tekst"`
    Error { contains: Text, span: Span },
}

// ---------------------------------------------------------------- expressions

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ExprKind {
    /// `€ 1.401,50` (the value in euros).
    Money(Decimal),
    /// `12,5`, `108` (`is_integer` when written without decimal comma).
    Number {
        value: Decimal,
        is_integer: bool,
    },
    /// `110%`: the value is the fraction (1.10).
    Percentage(Decimal),
    Bool(bool),
    Text(String),
    Date(DateLit),
    /// `67 jaar`, `3 maanden`, `52 weken`, `10 dagen`.
    Duration {
        amount: Decimal,
        unit: DurationUnit,
    },
    /// `leeg`
    Empty,
    /// A (possibly dotted) name: rule, input, parameter, enum value, field access on a name.
    Name(Path),
    /// `expr.veld` on a non-name expression (e.g. a call result).
    Field(Box<Expr>, Ident),
    /// `f(a; b)`: built-in function, user function, table, or imported one (`aow.aow_datum(...)`).
    Call {
        function: Path,
        args: Vec<Expr>,
    },
    Unary(UnaryOp, Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// `als C dan A anders B`.
    If {
        condition: Box<Expr>,
        then: Box<Expr>,
        otherwise: Box<Expr>,
    },
    /// `X in {a, b}`.
    In(Box<Expr>, Vec<Expr>),
    /// `X bestaat` (`negated`: `X bestaat niet`).
    Exists {
        expr: Box<Expr>,
        negated: bool,
    },
    /// `X [naar boven|naar beneden] afgerond op <target>`.
    Round {
        expr: Box<Expr>,
        mode: RoundMode,
        target: RoundTarget,
    },
    /// `X omgerekend naar per <period>`.
    Convert(Box<Expr>, Period),
    /// `X per <period>`: gives a period to a period-less amount.
    WithPeriod(Box<Expr>, Period),
    /// `X over N <unit>`: an amount per period taken over a span of time
    /// (`€ 50 per maand over 12 maanden` is € 600); with `spread`,
    /// `X verdeeld over N <unit>`: an amount spread into one per `unit`
    /// (`€ 600 verdeeld over 12 maanden` is € 50 per maand). A written
    /// duration `12 maanden` is stored as count 12 and unit months.
    Over {
        amount: Box<Expr>,
        count: Box<Expr>,
        unit: DurationUnit,
        spread: bool,
    },
    /// `{ veld: X, ... }`
    Record(Vec<(Ident, Expr)>),
    /// `[X, Y]`
    List(Vec<Expr>),
    /// `som van E voor elke x in L [waarvoor C]`.
    Sum {
        value: Box<Expr>,
        var: Ident,
        list: Box<Expr>,
        filter: Option<Box<Expr>>,
    },
    /// `aantal x in L [waarvoor C]`.
    Count {
        var: Ident,
        list: Box<Expr>,
        filter: Option<Box<Expr>>,
    },
    /// `er is een x in L waarvoor C`.
    Any {
        var: Ident,
        list: Box<Expr>,
        condition: Box<Expr>,
    },
    /// `voor alle x in L geldt C`.
    All {
        var: Ident,
        list: Box<Expr>,
        condition: Box<Expr>,
    },
    /// `eerste x in L waarvoor C` (list search) → element type, optional.
    FirstIn {
        var: Ident,
        list: Box<Expr>,
        condition: Box<Expr>,
    },
    /// `eerste j van A tot en met B waarvoor C` (integer search) → geheel getal?.
    FirstInRange {
        var: Ident,
        from: Box<Expr>,
        through: Box<Expr>,
        condition: Box<Expr>,
    },
    /// `fout "tekst"`: evaluation error.
    Fail(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DurationUnit {
    Years,
    Months,
    Weeks,
    Days,
}

impl DurationUnit {
    /// The Dutch word for `one` or more of this unit (`maand`, `maanden`).
    pub fn dutch(self, one: bool) -> &'static str {
        match (self, one) {
            (DurationUnit::Years, _) => "jaar",
            (DurationUnit::Months, true) => "maand",
            (DurationUnit::Months, false) => "maanden",
            (DurationUnit::Weeks, true) => "week",
            (DurationUnit::Weeks, false) => "weken",
            (DurationUnit::Days, true) => "dag",
            (DurationUnit::Days, false) => "dagen",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum UnaryOp {
    /// `-x`
    Neg,
    /// `niet x`
    Not,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    And,
    Or,
    Compare(CompareOp),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CompareOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CompareOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CompareOp::Eq => "=",
            CompareOp::Ne => "<>",
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
        }
    }
}

/// Rounding direction. `HalfAwayFromZero` is "rekenkundig", the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RoundMode {
    HalfAwayFromZero,
    Up,
    Down,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RoundTarget {
    /// `centen`: 2 decimals.
    Cents,
    /// `hele euro` / `hele euro's`: 0 decimals, stays money.
    WholeEuros,
    /// `hele getallen`: 0 decimals, becomes geheel getal.
    WholeNumbers,
    /// `N decimalen`.
    Decimals(u32),
}
