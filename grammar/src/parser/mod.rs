//! Parser: runs the pest grammar and turns its pairs into the AST (file, header and items here;
//! expressions in `expr`, tables in `table`, literals in `literal`, error messages in `error`).

mod error;
mod expr;
mod keywords;
mod lex;
mod literal;
mod table;

pub use error::keywords_after;

use crate::ast::*;
use pest::iterators::{Pair, Pairs};
use pest::Parser as _;
use std::fmt;

#[derive(pest_derive::Parser)]
#[grammar = "regels.pest"]
pub(crate) struct RegelsParser;

/// A syntax error with a Dutch message, the location it points at and an optional hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    pub span: Span,
    pub help: Option<String>,
    /// The word that probably belongs at `span` (an unknown word's closest
    /// keyword, the Dutch word for `max`), for an editor's quick fix.
    pub suggestion: Option<String>,
}

impl ParseError {
    pub(crate) fn new(message: impl Into<String>, span: Span) -> Self {
        ParseError {
            message: message.into(),
            span,
            help: None,
            suggestion: None,
        }
    }

    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub(crate) fn suggest(mut self, word: impl Into<String>) -> Self {
        self.suggestion = Some(word.into());
        self
    }

    /// The pest tree did not have the shape the grammar promises (a bug in this crate).
    pub(crate) fn internal(what: &str, span: Span) -> Self {
        ParseError::new(format!("interne fout in de parser: {what}"), span)
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)?;
        if let Some(h) = &self.help {
            write!(f, " ({h})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ParseError {}

pub(crate) type PResult<T> = Result<T, ParseError>;

/// Parses one `.regels` file.
pub fn parse(source: &str) -> Result<File, ParseError> {
    parse_with(source, true)
}

/// [`parse`], but a syntax error is described from pest's first report only, without the
/// second, detailed pass (about three times cheaper on error; the message may be vaguer).
/// For tools that only need to know *whether* a file parses, and for exhaustive tests.
#[doc(hidden)]
pub fn parse_without_error_details(source: &str) -> Result<File, ParseError> {
    parse_with(source, false)
}

fn parse_with(source: &str, details: bool) -> Result<File, ParseError> {
    let scanned = lex::scan(source)?;
    let mut pairs = RegelsParser::parse(Rule::file, source)
        .map_err(|e| error::from_pest(source, e, details))?;
    let Some(file) = pairs.next() else {
        return Err(ParseError::internal(
            "leeg resultaat",
            Span::new(0, source.len()),
        ));
    };
    let ends: Vec<(usize, usize)> = scanned
        .comments
        .iter()
        .map(|c| (c.span.end, c.span.start))
        .collect();
    COMMENT_ENDS.with(|c| *c.borrow_mut() = ends);
    let result = build_file(file, scanned.comments);
    COMMENT_ENDS.with(|c| c.borrow_mut().clear());
    result
}

thread_local! {
    /// `(end, start)` of every comment of the file being converted, sorted by end; lets
    /// [`span_of`] drop the whitespace and comments pest includes after a rule's last token.
    static COMMENT_ENDS: std::cell::RefCell<Vec<(usize, usize)>> = const { std::cell::RefCell::new(Vec::new()) };
}

// ------------------------------------------------------------------ helpers

pub(crate) fn span_of(pair: &Pair<'_, Rule>) -> Span {
    let s = pair.as_span();
    let (start, mut end) = (s.start(), s.end());
    let bytes = pair.get_input().as_bytes();
    COMMENT_ENDS.with(|ends| {
        let ends = ends.borrow();
        loop {
            while end > start && matches!(bytes.get(end - 1), Some(b' ' | b'\t' | b'\r' | b'\n')) {
                end -= 1;
            }
            match ends.binary_search_by_key(&end, |(e, _)| *e) {
                Ok(i) if end > start && ends[i].1 >= start => end = ends[i].1,
                _ => break,
            }
        }
    });
    Span::new(start, end)
}

/// The children of a pair, without keyword tokens, with one-pair lookahead.
pub(crate) struct Inner<'i> {
    it: Pairs<'i, Rule>,
    peeked: Option<Pair<'i, Rule>>,
    /// The parent, for the span of an internal error (computed only then: it is not free).
    parent: Pair<'i, Rule>,
}

impl<'i> Inner<'i> {
    pub(crate) fn of(pair: &Pair<'i, Rule>) -> Self {
        Inner {
            it: pair.clone().into_inner(),
            peeked: None,
            parent: pair.clone(),
        }
    }

    #[allow(clippy::should_implement_trait)]
    pub(crate) fn next(&mut self) -> Option<Pair<'i, Rule>> {
        if let Some(p) = self.peeked.take() {
            return Some(p);
        }
        self.it
            .by_ref()
            .find(|p| keywords::keyword_text(p.as_rule()).is_none())
    }

    pub(crate) fn peek_rule(&mut self) -> Option<Rule> {
        if self.peeked.is_none() {
            self.peeked = self.next();
        }
        self.peeked.as_ref().map(|p| p.as_rule())
    }

    /// The next pair if it has this rule.
    pub(crate) fn take(&mut self, rule: Rule) -> Option<Pair<'i, Rule>> {
        if self.peek_rule() == Some(rule) {
            self.next()
        } else {
            None
        }
    }

    /// The next pair, which the grammar guarantees to have this rule.
    pub(crate) fn expect(&mut self, rule: Rule) -> PResult<Pair<'i, Rule>> {
        match self.next() {
            Some(p) if p.as_rule() == rule => Ok(p),
            Some(p) => Err(ParseError::internal(
                &format!("verwachtte {rule:?}, vond {:?}", p.as_rule()),
                span_of(&p),
            )),
            None => Err(ParseError::internal(
                &format!("verwachtte {rule:?}"),
                span_of(&self.parent),
            )),
        }
    }

    /// The next pair, whatever its rule.
    pub(crate) fn any(&mut self) -> PResult<Pair<'i, Rule>> {
        match self.next() {
            Some(p) => Ok(p),
            None => Err(ParseError::internal(
                "onderdeel ontbreekt",
                span_of(&self.parent),
            )),
        }
    }
}

pub(crate) fn is_string(rule: Rule) -> bool {
    matches!(rule, Rule::long_string | Rule::short_string)
}

/// The next pair must be a string literal.
pub(crate) fn expect_text(inner: &mut Inner<'_>) -> PResult<Text> {
    let p = inner.any()?;
    if !is_string(p.as_rule()) {
        return Err(ParseError::internal("tekst verwacht", span_of(&p)));
    }
    literal::text(&p)
}

pub(crate) fn ident(pair: &Pair<'_, Rule>) -> PResult<Ident> {
    let name = pair.as_str();
    let span = span_of(pair);
    if name.chars().any(|c| c.is_ascii_uppercase()) {
        return Err(ParseError::new(
            format!("de naam `{name}` bevat een hoofdletter"),
            span,
        )
        .help(format!(
            "namen van regels, invoer, parameters, velden en keuzewaarden bestaan uit kleine letters, cijfers en `_` (bijvoorbeeld `{}`); alleen typenamen beginnen met een hoofdletter",
            to_snake(name)
        )));
    }
    Ok(Ident {
        name: name.to_string(),
        span,
    })
}

fn to_snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

pub(crate) fn expect_ident(inner: &mut Inner<'_>) -> PResult<Ident> {
    let p = inner.expect(Rule::ident)?;
    ident(&p)
}

fn type_name(pair: &Pair<'_, Rule>) -> Ident {
    Ident {
        name: pair.as_str().to_string(),
        span: span_of(pair),
    }
}

pub(crate) fn path(pair: &Pair<'_, Rule>) -> PResult<Path> {
    let mut parts = Vec::new();
    for p in pair.clone().into_inner() {
        if p.as_rule() == Rule::ident {
            parts.push(ident(&p)?);
        }
    }
    if parts.is_empty() {
        return Err(ParseError::internal("lege naam", span_of(pair)));
    }
    Ok(Path {
        parts,
        span: span_of(pair),
    })
}

/// The text of a `label`, `vraag` or `hulp`: never empty, since an empty one would show
/// people nothing where the name used to be.
fn display_text(pair: &Pair<'_, Rule>) -> PResult<Text> {
    let text = expect_text(&mut Inner::of(pair))?;
    if text.value.trim().is_empty() {
        return Err(ParseError::new("deze tekst mag niet leeg zijn", text.span)
            .help("schrijf de tekst die mensen moeten lezen, of laat de regel weg"));
    }
    Ok(text)
}

/// Reads an attribute that may be written once per declaration.
/// `uitkomst naam` with its `vervolg waarde "tekst"` lines.
fn outcome(pair: &Pair<'_, Rule>) -> PResult<OutcomeDecl> {
    let mut inner = Inner::of(pair);
    let name = expect_ident(&mut inner)?;
    let mut next_steps = Vec::new();
    while let Some(step) = inner.take(Rule::next_step) {
        let mut parts = Inner::of(&step);
        next_steps.push(NextStepDecl {
            value: expect_ident(&mut parts)?,
            text: expect_text(&mut parts)?,
            span: span_of(&step),
        });
    }
    Ok(OutcomeDecl {
        name,
        next_steps,
        span: span_of(pair),
    })
}

/// The names of a list after a contextual word (`ontvangt a, b`).
fn idents(pair: &Pair<'_, Rule>) -> PResult<Vec<Ident>> {
    let mut inner = Inner::of(pair);
    let mut names = Vec::new();
    while let Some(p) = inner.take(Rule::ident) {
        names.push(ident(&p)?);
    }
    Ok(names)
}

fn set_once(slot: &mut Option<Text>, pair: &Pair<'_, Rule>, word: &str) -> PResult<()> {
    if slot.is_some() {
        return Err(duplicate(pair, word));
    }
    *slot = Some(display_text(pair)?);
    Ok(())
}

/// `besluit` or `geen besluit`, once per declaration or step.
fn set_decision(slot: &mut Option<DecisionMark>, pair: &Pair<'_, Rule>) -> PResult<()> {
    if slot.is_some() {
        return Err(duplicate(pair, "besluit"));
    }
    *slot = Some(if pair.as_str().starts_with("geen") {
        DecisionMark::NoBesluit
    } else {
        DecisionMark::Besluit
    });
    Ok(())
}

/// `lid "1" """…"""` or `onder "a" """…"""` under an `artikel`.
fn article_part(pair: &Pair<'_, Rule>) -> PResult<ArticlePart> {
    let kind = if pair.as_str().starts_with("lid") {
        PartKind::Lid
    } else {
        PartKind::Onder
    };
    let mut inner = Inner::of(pair);
    let id = expect_text(&mut inner)?;
    let text = expect_text(&mut inner)?;
    Ok(ArticlePart {
        kind,
        id,
        text,
        span: span_of(pair),
    })
}

fn duplicate(pair: &Pair<'_, Rule>, word: &str) -> ParseError {
    ParseError::new(format!("`{word}` staat hier al eens"), span_of(pair))
        .help(format!("schrijf één `{word}` per declaratie"))
}

fn sources_and(inner: &mut Inner<'_>, into: &mut Vec<SourceRef>) -> PResult<()> {
    while let Some(p) = inner.take(Rule::source) {
        into.push(source(&p)?);
    }
    Ok(())
}

/// `minimaal a maximaal b`: each bound an expression (the checker wants a constant).
fn bounds(pair: &Pair<'_, Rule>) -> PResult<Bounds> {
    let mut min = None;
    let mut max = None;
    for p in pair.clone().into_inner() {
        let value = expr::expr(&Inner::of(&p).expect(Rule::unary_expr)?, 0)?;
        match p.as_rule() {
            Rule::lower_bound => min = Some(value),
            _ => max = Some(value),
        }
    }
    Ok(Bounds {
        min,
        max,
        span: span_of(pair),
    })
}

fn source(pair: &Pair<'_, Rule>) -> PResult<SourceRef> {
    let mut inner = Inner::of(pair);
    let text = expect_text(&mut inner)?;
    let url = match inner.next() {
        Some(p) if is_string(p.as_rule()) => Some(literal::text(&p)?),
        _ => None,
    };
    Ok(SourceRef {
        text,
        url,
        span: span_of(pair),
    })
}

// --------------------------------------------------------------------- types

pub(crate) fn type_expr(pair: &Pair<'_, Rule>) -> PResult<TypeExpr> {
    let span = span_of(pair);
    let mut inner = Inner::of(pair);
    let base = inner.any()?;
    let base_span = span_of(&base);
    let kind = match base.as_rule() {
        Rule::money_type => {
            let mut i = Inner::of(&base);
            if i.take(Rule::per_unit).is_some() {
                TypeKind::MoneyPerUnit
            } else {
                match i.take(Rule::period) {
                    Some(p) => TypeKind::Money(Some(period(&p)?)),
                    None => TypeKind::Money(None),
                }
            }
        }
        Rule::int_type => TypeKind::Integer,
        Rule::number_type => TypeKind::Number,
        Rule::pct_type => TypeKind::Percentage,
        Rule::bool_type => TypeKind::Bool,
        Rule::text_type => TypeKind::Text,
        Rule::date_type => TypeKind::Date,
        Rule::duration_type => TypeKind::Duration,
        Rule::list_type => {
            let mut i = Inner::of(&base);
            let elem = i.expect(Rule::type_expr)?;
            TypeKind::List(Box::new(type_expr(&elem)?))
        }
        Rule::named_type => {
            let mut parts = Vec::new();
            for p in base.clone().into_inner() {
                match p.as_rule() {
                    Rule::ident => parts.push(ident(&p)?),
                    Rule::type_name => parts.push(type_name(&p)),
                    _ => {}
                }
            }
            TypeKind::Named(Path {
                parts,
                span: base_span,
            })
        }
        Rule::paren_type => {
            let mut i = Inner::of(&base);
            let t = i.expect(Rule::type_expr)?;
            type_expr(&t)?.kind
        }
        other => {
            return Err(ParseError::internal(
                &format!("onbekend type {other:?}"),
                base_span,
            ))
        }
    };
    if inner.take(Rule::optional).is_some() {
        Ok(TypeExpr {
            kind: TypeKind::Optional(Box::new(TypeExpr {
                kind,
                span: base_span,
            })),
            span,
        })
    } else {
        Ok(TypeExpr { kind, span })
    }
}

pub(crate) fn period(pair: &Pair<'_, Rule>) -> PResult<Period> {
    for p in pair.clone().into_inner() {
        let period = match p.as_rule() {
            Rule::four_weeks => Period::FourWeeks,
            Rule::kw_week => Period::Week,
            Rule::kw_maand => Period::Month,
            Rule::kw_kwartaal => Period::Quarter,
            Rule::kw_jaar => Period::Year,
            Rule::kw_uur => Period::Hour,
            Rule::kw_dag => Period::Day,
            Rule::word_rit => Period::Ride,
            _ => continue,
        };
        return Ok(period);
    }
    Err(ParseError::internal("periode", span_of(pair)))
}

fn field(pair: &Pair<'_, Rule>) -> PResult<Field> {
    let mut inner = Inner::of(pair);
    let name = expect_ident(&mut inner)?;
    let ty = type_expr(&inner.expect(Rule::type_expr)?)?;
    // Only a gegeven's field (`record_member`) can have bounds.
    let bounds = match inner.take(Rule::bounds) {
        Some(b) => Some(bounds(&b)?),
        None => None,
    };
    let label = match inner.take(Rule::label) {
        Some(p) => Some(display_text(&p)?),
        None => None,
    };
    Ok(Field {
        name,
        ty,
        bounds,
        label,
        span: span_of(pair),
    })
}

pub(crate) fn fields(pair: &Pair<'_, Rule>) -> PResult<Vec<Field>> {
    let mut out = Vec::new();
    for p in pair.clone().into_inner() {
        if matches!(p.as_rule(), Rule::field | Rule::record_member) {
            out.push(field(&p)?);
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------- file, header

fn build_file(pair: Pair<'_, Rule>, comments: Vec<Comment>) -> PResult<File> {
    let span = span_of(&pair);
    let mut inner = Inner::of(&pair);
    let header = header(&inner.expect(Rule::header)?)?;
    let mut items = Vec::new();
    while let Some(p) = inner.next() {
        if p.as_rule() == Rule::EOI {
            break;
        }
        items.push(item(&p)?);
    }
    Ok(File {
        header,
        items,
        comments,
        span,
    })
}

fn header(pair: &Pair<'_, Rule>) -> PResult<Header> {
    let span = span_of(pair);
    let mut inner = Inner::of(pair);
    let name = expect_text(&mut inner)?;
    let mut id: Option<Path> = None;
    let mut version: Option<Text> = None;
    let mut valid: Option<Validity> = None;
    let mut sources = Vec::new();
    let mut layer_on: Option<Path> = None;
    let mut note: Option<Text> = None;
    let duplicate = |what: &str, p: &Pair<'_, Rule>| {
        ParseError::new(
            format!("de kop van de regeling bevat `{what}` twee keer"),
            span_of(p),
        )
        .help(format!("laat één regel `{what} ...` staan"))
    };
    while let Some(p) = inner.next() {
        let mut i = Inner::of(&p);
        match p.as_rule() {
            Rule::h_id => {
                if id.is_some() {
                    return Err(duplicate("id", &p));
                }
                id = Some(path(&i.expect(Rule::path)?)?);
            }
            Rule::h_versie => {
                if version.is_some() {
                    return Err(duplicate("versie", &p));
                }
                version = Some(expect_text(&mut i)?);
            }
            Rule::h_geldig => {
                if valid.is_some() {
                    return Err(duplicate("geldig vanaf", &p));
                }
                let from = literal::date(&i.expect(Rule::date)?)?;
                let through = match i.take(Rule::through) {
                    Some(t) => Some(through(&t)?),
                    None => None,
                };
                valid = Some(Validity {
                    from,
                    through,
                    span: span_of(&p),
                });
            }
            Rule::source => sources.push(source(&p)?),
            Rule::h_laag => {
                if layer_on.is_some() {
                    return Err(duplicate("laag op", &p));
                }
                layer_on = Some(path(&i.expect(Rule::path)?)?);
            }
            Rule::h_toelichting => {
                if note.is_some() {
                    return Err(duplicate("toelichting", &p));
                }
                note = Some(expect_text(&mut i)?);
            }
            other => {
                return Err(ParseError::internal(
                    &format!("kop: {other:?}"),
                    span_of(&p),
                ))
            }
        }
    }
    let head = Span::new(span.start, span.start.saturating_add(8).min(span.end));
    let Some(id) = id else {
        return Err(
            ParseError::new("de kop van de regeling mist het `id`", head)
                .help("zet onder `regeling \"...\"` een regel als `id heemskerk.minimaregelingen`"),
        );
    };
    let Some(valid) = valid else {
        return Err(
            ParseError::new("de kop van de regeling mist `geldig vanaf`", head)
                .help("zet onder `regeling \"...\"` een regel als `geldig vanaf 2025-01-01`"),
        );
    };
    if let Some(t) = valid.through {
        if t.date < valid.from.date {
            return Err(ParseError::new(
                "de einddatum van de geldigheid ligt vóór de begindatum",
                valid.span,
            ));
        }
    }
    Ok(Header {
        name,
        id,
        version,
        valid,
        sources,
        layer_on,
        note,
        span,
    })
}

fn through(pair: &Pair<'_, Rule>) -> PResult<DateLit> {
    let mut i = Inner::of(pair);
    literal::date(&i.expect(Rule::date)?)
}

// ---------------------------------------------------------------------- items

fn item(pair: &Pair<'_, Rule>) -> PResult<Item> {
    let span = span_of(pair);
    let mut inner = Inner::of(pair);
    Ok(match pair.as_rule() {
        Rule::use_decl => {
            let regeling = path(&inner.expect(Rule::path)?)?;
            let alias = match inner.take(Rule::ident) {
                Some(p) => Some(ident(&p)?),
                None => None,
            };
            Item::Use(UseDecl {
                regeling,
                alias,
                span,
            })
        }
        Rule::enum_decl => {
            let name = type_name(&inner.expect(Rule::type_name)?);
            let extends = inner.take(Rule::enum_extends).is_some();
            let mut values = Vec::new();
            let mut labels = Vec::new();
            while let Some(v) = inner.take(Rule::enum_value) {
                let mut vi = Inner::of(&v);
                values.push(expect_ident(&mut vi)?);
                labels.push(match vi.take(Rule::label) {
                    Some(p) => Some(display_text(&p)?),
                    None => None,
                });
            }
            Item::Enum(EnumDecl {
                name,
                extends,
                values,
                labels,
                span,
            })
        }
        Rule::record_decl => {
            let name = type_name(&inner.expect(Rule::type_name)?);
            Item::Record(RecordDecl {
                name,
                fields: fields(pair)?,
                span,
            })
        }
        Rule::input_decl => {
            let name = expect_ident(&mut inner)?;
            let ty = type_expr(&inner.expect(Rule::type_expr)?)?;
            let bounds = match inner.take(Rule::bounds) {
                Some(b) => Some(bounds(&b)?),
                None => None,
            };
            let (mut label, mut question, mut help, mut unused_reason) = (None, None, None, None);
            let mut fact = None;
            while let Some(p) = inner.next() {
                match p.as_rule() {
                    Rule::fact if fact.is_some() => return Err(duplicate(&p, "feit")),
                    Rule::fact => fact = Some(expect_ident(&mut Inner::of(&p))?),
                    Rule::label => set_once(&mut label, &p, "label")?,
                    Rule::question => set_once(&mut question, &p, "vraag")?,
                    Rule::help => set_once(&mut help, &p, "hulp")?,
                    Rule::unused if unused_reason.is_some() => {
                        return Err(duplicate(&p, "ongebruikt"))
                    }
                    Rule::unused => unused_reason = Some(expect_text(&mut Inner::of(&p))?),
                    _ => {}
                }
            }
            Item::Input(InputDecl {
                name,
                ty,
                bounds,
                label,
                question,
                help,
                unused_reason,
                fact,
                span,
            })
        }
        Rule::outputs_decl => {
            let mut names = Vec::new();
            while let Some(p) = inner.take(Rule::ident) {
                names.push(ident(&p)?);
            }
            let (mut outcomes, mut receives, mut pays) = (Vec::new(), Vec::new(), Vec::new());
            while let Some(p) = inner.next() {
                match p.as_rule() {
                    Rule::outcome => outcomes.push(outcome(&p)?),
                    Rule::receives => receives.extend(idents(&p)?),
                    Rule::pays => pays.extend(idents(&p)?),
                    _ => {}
                }
            }
            Item::Outputs(OutputsDecl {
                names,
                outcomes,
                receives,
                pays,
                span,
            })
        }
        Rule::parameter_decl => {
            let replaces = inner.take(Rule::replaces).is_some();
            let name = expect_ident(&mut inner)?;
            let ty = type_expr(&inner.expect(Rule::type_expr)?)?;
            let mut sources = Vec::new();
            let mut label = None;
            loop {
                sources_and(&mut inner, &mut sources)?;
                match inner.take(Rule::label) {
                    Some(p) => set_once(&mut label, &p, "label")?,
                    None => break,
                }
            }
            let mut end_reason = None;
            let values = if let Some(c) = inner.take(Rule::param_const) {
                let e = Inner::of(&c).expect(Rule::expr)?;
                ParameterValues::Constant(expr::expr(&e, 0)?)
            } else {
                let (dated, end) = dated_values_and_end(&mut inner)?;
                end_reason = end;
                ParameterValues::Dated(dated)
            };
            sources_and(&mut inner, &mut sources)?;
            Item::Parameter(ParameterDecl {
                replaces,
                name,
                ty,
                sources,
                label,
                values,
                end_reason,
                span,
            })
        }
        Rule::top_up_decl => {
            let target = path(&inner.expect(Rule::path)?)?;
            let mut sources = Vec::new();
            sources_and(&mut inner, &mut sources)?;
            let (values, end_reason) = dated_values_and_end(&mut inner)?;
            sources_and(&mut inner, &mut sources)?;
            Item::TopUp(TopUpDecl {
                target,
                sources,
                values,
                end_reason,
                span,
            })
        }
        Rule::article_decl => {
            let number = expect_text(&mut inner)?;
            let mut title = None;
            let mut text = None;
            let mut parts = Vec::new();
            while let Some(p) = inner.next() {
                if p.as_rule() == Rule::article_part {
                    parts.push(article_part(&p)?);
                    continue;
                }
                let t = literal::text(&p)?;
                if title.is_none() && text.is_none() && !t.long {
                    title = Some(t);
                } else {
                    text = Some(t);
                }
            }
            Item::Article(ArticleDecl {
                number,
                title,
                text,
                parts,
                span,
            })
        }
        Rule::follow_up_decl => {
            let kind = if pair.as_str().starts_with("rechtsmiddelen") {
                DecisionMark::Besluit
            } else {
                DecisionMark::NoBesluit
            };
            let text = expect_text(&mut inner)?;
            let mut sources = Vec::new();
            sources_and(&mut inner, &mut sources)?;
            Item::FollowUp(FollowUpDecl {
                kind,
                text,
                sources,
                span,
            })
        }
        Rule::rule_decl => {
            let replaces = inner.take(Rule::replaces).is_some();
            let name = expect_ident(&mut inner)?;
            let ty = type_expr(&inner.expect(Rule::type_expr)?)?;
            let mut sources = Vec::new();
            let mut overridable = false;
            let mut override_bounds = None;
            let mut label = None;
            let mut decision = None;
            let mut body = None;
            while let Some(p) = inner.next() {
                match p.as_rule() {
                    Rule::source => sources.push(source(&p)?),
                    Rule::decision_mark => set_decision(&mut decision, &p)?,
                    Rule::overridable => {
                        overridable = true;
                        if let Some(b) = Inner::of(&p).take(Rule::bounds) {
                            override_bounds = Some(bounds(&b)?);
                        }
                    }
                    Rule::label => set_once(&mut label, &p, "label")?,
                    Rule::expr => body = Some(expr::expr(&p, 0)?),
                    _ => {}
                }
            }
            let body = body.ok_or_else(|| ParseError::internal("regel zonder waarde", span))?;
            Item::Rule(RuleDecl {
                replaces,
                name,
                ty,
                sources,
                overridable,
                override_bounds,
                label,
                decision,
                body,
                span,
            })
        }
        Rule::exception_decl => {
            let label = expect_text(&mut inner)?;
            let t = inner.any()?;
            let target = if is_string(t.as_rule()) {
                ExceptionTarget::Exception(literal::text(&t)?)
            } else {
                ExceptionTarget::Rule(path(&t)?)
            };
            let mut sources = Vec::new();
            let mut exprs = Vec::new();
            while let Some(p) = inner.next() {
                match p.as_rule() {
                    Rule::source => sources.push(source(&p)?),
                    Rule::expr => exprs.push(expr::expr(&p, 0)?),
                    _ => {}
                }
            }
            let mut exprs = exprs.into_iter();
            let (Some(condition), Some(value)) = (exprs.next(), exprs.next()) else {
                return Err(ParseError::internal("uitzondering", span));
            };
            Item::Exception(ExceptionDecl {
                label,
                target,
                sources,
                condition,
                value,
                span,
            })
        }
        Rule::function_decl => {
            let replaces = inner.take(Rule::replaces).is_some();
            let name = expect_ident(&mut inner)?;
            let mut params = Vec::new();
            while let Some(p) = inner.take(Rule::field) {
                params.push(field(&p)?);
            }
            let ret = type_expr(&inner.expect(Rule::type_expr)?)?;
            let mut sources = Vec::new();
            let mut label = None;
            let mut decision = None;
            let mut body = None;
            while let Some(p) = inner.next() {
                match p.as_rule() {
                    Rule::source => sources.push(source(&p)?),
                    Rule::decision_mark => set_decision(&mut decision, &p)?,
                    Rule::label => set_once(&mut label, &p, "label")?,
                    Rule::expr => body = Some(expr::expr(&p, 0)?),
                    _ => {}
                }
            }
            let body = body.ok_or_else(|| ParseError::internal("functie zonder waarde", span))?;
            Item::Function(FunctionDecl {
                replaces,
                name,
                params,
                ret,
                sources,
                label,
                body,
                span,
            })
        }
        Rule::table_decl => Item::Table(table::table(pair)?),
        Rule::ladder_decl => {
            let replaces = inner.take(Rule::replaces).is_some();
            let name = expect_ident(&mut inner)?;
            let ty = type_expr(&inner.expect(Rule::type_expr)?)?;
            let mut sources = Vec::new();
            let mut label = None;
            let mut decision = None;
            loop {
                match inner.peek_rule() {
                    Some(Rule::source) => sources_and(&mut inner, &mut sources)?,
                    Some(Rule::label) => {
                        if let Some(p) = inner.next() {
                            set_once(&mut label, &p, "label")?;
                        }
                    }
                    Some(Rule::decision_mark) => {
                        if let Some(p) = inner.next() {
                            set_decision(&mut decision, &p)?;
                        }
                    }
                    _ => break,
                }
            }
            let mut steps = Vec::new();
            while let Some(p) = inner.take(Rule::step) {
                steps.push(step(&p)?);
            }
            let o = inner.expect(Rule::otherwise)?;
            let mut oi = Inner::of(&o);
            let oname = expect_ident(&mut oi)?;
            let (osources, omotivation, odecision) = step_attrs(&mut oi)?;
            Item::Ladder(LadderDecl {
                replaces,
                name,
                ty,
                sources,
                label,
                decision,
                steps,
                otherwise: Otherwise {
                    name: oname,
                    sources: osources,
                    motivation: omotivation,
                    decision: odecision,
                    span: span_of(&o),
                },
                span,
            })
        }
        Rule::step_insert => {
            let name = expect_ident(&mut inner)?;
            let ladder = expect_ident(&mut inner)?;
            let pos = inner.expect(Rule::step_position)?;
            let position = if pos.as_str() == "na" {
                StepPosition::After
            } else {
                StepPosition::Before
            };
            let anchor = expect_ident(&mut inner)?;
            let condition = expr::expr(&inner.expect(Rule::expr)?, 0)?;
            let (sources, motivation, decision) = step_attrs(&mut inner)?;
            Item::StepInsert(StepInsertDecl {
                step: Step {
                    name,
                    condition,
                    sources,
                    motivation,
                    decision,
                    span,
                },
                ladder,
                position,
                anchor,
                span,
            })
        }
        Rule::constraint_decl => {
            let label = expect_text(&mut inner)?;
            let mut sources = Vec::new();
            let mut for_each_row_of = None;
            let mut condition: Option<Expr> = None;
            while let Some(p) = inner.next() {
                match p.as_rule() {
                    Rule::source => sources.push(source(&p)?),
                    Rule::for_each_row => {
                        for_each_row_of = Some(expect_ident(&mut Inner::of(&p))?);
                    }
                    Rule::expr => condition = Some(expr::expr(&p, 0)?),
                    Rule::guard => {
                        let g = expr::expr(&Inner::of(&p).expect(Rule::expr)?, 0)?;
                        let Some(c) = condition.take() else {
                            return Err(ParseError::internal("eis zonder voorwaarde", span));
                        };
                        condition = Some(expr::guarded(c, g));
                    }
                    _ => {}
                }
            }
            let condition =
                condition.ok_or_else(|| ParseError::internal("eis zonder voorwaarde", span))?;
            Item::Constraint(ConstraintDecl {
                label,
                sources,
                for_each_row_of,
                condition,
                span,
            })
        }
        Rule::test_decl => Item::Test(test(pair)?),
        other => {
            return Err(ParseError::internal(
                &format!("onbekend onderdeel {other:?}"),
                span,
            ))
        }
    })
}

/// `vanaf …: …` lines and an optional `einde "reden"` after them (a
/// parameter's own values and an `aanvulling`'s read alike).
fn dated_values_and_end(inner: &mut Inner<'_>) -> PResult<(Vec<DatedValue>, Option<Text>)> {
    let mut dated = Vec::new();
    while let Some(d) = inner.take(Rule::dated_value) {
        dated.push(dated_value(&d)?);
    }
    let Some(e) = inner.take(Rule::known_end) else {
        return Ok((dated, None));
    };
    // Only an end that is written down can be intended.
    if dated.last().is_some_and(|d| d.through.is_none()) {
        return Err(ParseError::new(
            "`einde` hoort bij een laatste waarde met `tot en met`",
            span_of(&e),
        )
        .help("schrijf de einddatum bij de laatste waarde (`vanaf … tot en met …: …`), of haal `einde` weg"));
    }
    let reason = expect_text(&mut Inner::of(&e))?;
    Ok((dated, Some(reason)))
}

fn dated_value(pair: &Pair<'_, Rule>) -> PResult<DatedValue> {
    let mut inner = Inner::of(pair);
    let from = literal::date(&inner.expect(Rule::date)?)?;
    let through = match inner.take(Rule::through) {
        Some(t) => Some(through(&t)?),
        None => None,
    };
    if let Some(t) = through {
        if t.date < from.date {
            return Err(ParseError::new(
                "de einddatum (`tot en met`) ligt vóór de begindatum (`vanaf`)",
                Span::new(from.span.start, t.span.end),
            ));
        }
    }
    let value = expr::expr(&inner.expect(Rule::expr)?, 0)?;
    Ok(DatedValue {
        from,
        through,
        value,
        span: span_of(pair),
    })
}

fn step(pair: &Pair<'_, Rule>) -> PResult<Step> {
    let mut inner = Inner::of(pair);
    let name = expect_ident(&mut inner)?;
    let condition = expr::expr(&inner.expect(Rule::expr)?, 0)?;
    let (sources, motivation, decision) = step_attrs(&mut inner)?;
    Ok(Step {
        name,
        condition,
        sources,
        motivation,
        decision,
        span: span_of(pair),
    })
}

type StepAttrs = (Vec<SourceRef>, Option<Text>, Option<DecisionMark>);

fn step_attrs(inner: &mut Inner<'_>) -> PResult<StepAttrs> {
    let mut sources = Vec::new();
    let mut motivation = None;
    let mut decision = None;
    while let Some(p) = inner.next() {
        match p.as_rule() {
            Rule::source => sources.push(source(&p)?),
            Rule::decision_mark => set_decision(&mut decision, &p)?,
            Rule::motivation => {
                if motivation.is_some() {
                    return Err(ParseError::new(
                        "deze stap heeft al een `motivering`",
                        span_of(&p),
                    )
                    .help("voeg de teksten samen tot één motivering"));
                }
                motivation = Some(expect_text(&mut Inner::of(&p))?);
            }
            _ => {}
        }
    }
    Ok((sources, motivation, decision))
}

fn test(pair: &Pair<'_, Rule>) -> PResult<TestDecl> {
    let span = span_of(pair);
    let mut inner = Inner::of(pair);
    let name = expect_text(&mut inner)?;
    let mut like = None;
    let mut peildatum: Option<DateLit> = None;
    let mut assignments = Vec::new();
    let mut overrides = Vec::new();
    let mut expectations = Vec::new();
    while let Some(p) = inner.next() {
        match p.as_rule() {
            Rule::long_string | Rule::short_string => like = Some(literal::text(&p)?),
            Rule::test_peildatum => {
                if peildatum.is_some() {
                    return Err(ParseError::new(
                        "deze test noemt de peildatum twee keer",
                        span_of(&p),
                    ));
                }
                peildatum = Some(literal::date(&Inner::of(&p).expect(Rule::date)?)?);
            }
            Rule::assignment => {
                let mut i = Inner::of(&p);
                let name = expect_ident(&mut i)?;
                let value = expr::expr(&i.expect(Rule::expr)?, 0)?;
                assignments.push(TestAssignment {
                    name,
                    value,
                    span: span_of(&p),
                });
            }
            Rule::test_override => {
                let mut i = Inner::of(&p);
                let rule = expect_ident(&mut i)?;
                let value = expr::expr(&i.expect(Rule::expr)?, 0)?;
                let reason = expect_text(&mut i)?;
                overrides.push(TestOverride {
                    rule,
                    value,
                    reason,
                    span: span_of(&p),
                });
            }
            Rule::expectation => {
                let mut i = Inner::of(&p);
                let e = i.any()?;
                let mut ei = Inner::of(&e);
                if e.as_rule() == Rule::expect_error {
                    expectations.push(Expectation::Error {
                        contains: expect_text(&mut ei)?,
                        span: span_of(&p),
                    });
                } else {
                    let name = expect_ident(&mut ei)?;
                    let value = expr::expr(&ei.expect(Rule::expr)?, 0)?;
                    expectations.push(Expectation::Value {
                        name,
                        value,
                        span: span_of(&p),
                    });
                }
            }
            _ => {}
        }
    }
    Ok(TestDecl {
        name,
        like,
        peildatum,
        assignments,
        overrides,
        expectations,
        span,
    })
}

#[cfg(test)]
mod tests;
