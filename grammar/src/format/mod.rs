//! Canonical formatter: prints a parsed file in the one layout of syntax.md (items and their
//! lines here; expressions and literals in `expr`; comment placement in `comments`).

mod comments;
mod expr;
mod layout;

use crate::ast::*;
use comments::Line;
use layout::Breaks;

/// Lines longer than this are broken where the layout allows it.
const WIDTH: usize = 100;

/// Prints `file` in canonical layout. Parsing the result gives the same AST (modulo spans),
/// and formatting is idempotent.
pub fn format_file(file: &File) -> String {
    format_with(file, Breaks::default())
}

/// Prints `file`, parsed from `source`, in canonical layout, keeping the
/// line breaks the author wrote inside an expression (a long sum or `in {…}`
/// list broken by hand stays broken). Idempotent, like [`format_file`].
pub fn format_source(file: &File, source: &str) -> String {
    format_with(file, Breaks::of(source))
}

fn format_with(file: &File, breaks: Breaks) -> String {
    let mut f = Fmt {
        lines: Vec::new(),
        breaks,
    };
    f.header(&file.header);
    let mut prev: Option<&Item> = None;
    for item in &file.items {
        let grouped = matches!(
            (prev, item),
            (Some(Item::Use(_)), Item::Use(_))
                | (Some(Item::Input(_)), Item::Input(_))
                | (Some(Item::Enum(_)), Item::Enum(_))
        );
        if !grouped {
            f.blank();
        }
        f.item(item);
        prev = Some(item);
    }
    comments::render(&f.lines, &file.comments, &comments::node_starts(file))
}

/// One expression on one line, as the formatter writes it: for hints that
/// show the corrected code.
pub fn format_expr(e: &Expr) -> String {
    expr::expr(e)
}

struct Fmt {
    lines: Vec<Line>,
    /// The author's line breaks (kept inside expressions).
    breaks: Breaks,
}

pub(crate) fn width(s: &str) -> usize {
    s.rsplit('\n').next().unwrap_or("").chars().count()
}

/// The column after `prefix` on a line with `indent` (`prefix` may hold line breaks).
fn col_after(indent: usize, prefix: &str) -> usize {
    if prefix.contains('\n') {
        width(prefix)
    } else {
        indent + width(prefix)
    }
}

/// A text literal placed after `prefix` on a line with `indent`.
fn text_after(t: &Text, indent: usize, prefix: &str) -> String {
    expr::long_text(
        &t.value,
        t.long,
        col_after(indent, prefix),
        indent + 2,
        false,
    )
}

/// `head` + `sep` + `tail`, or, when that passes the width, `tail` on the next line at
/// `cont` columns (`sep` starts with the keyword that continues the line: ` url `).
fn head_then(indent: usize, head: &str, sep: &str, tail: &str, cont: usize) -> String {
    let first_line = tail.split('\n').next().unwrap_or("");
    if col_after(indent, head) + width(sep) + width(first_line) <= WIDTH {
        format!("{head}{sep}{tail}")
    } else {
        format!("{head}\n{}{}{tail}", " ".repeat(cont), sep.trim_start())
    }
}

/// `head bron "…" url "…"`; `bron` and `url` go to a line of their own at `indent` + 2
/// when the line would pass the width.
fn source(s: &SourceRef, indent: usize, head: &str) -> String {
    let cont = indent + 2;
    let mut out = if head.is_empty() {
        format!("bron {}", text_after(&s.text, indent, "bron "))
    } else {
        let text = text_after(&s.text, indent, &format!("{head} bron "));
        head_then(indent, head, " bron ", &text, cont)
    };
    if let Some(u) = &s.url {
        let text = text_after(u, indent, &format!("{out} url "));
        out = head_then(indent, &out, " url ", &text, cont);
    }
    out
}

/// ` minimaal a maximaal b` (with the leading space), or nothing.
fn bounds(b: &Option<Bounds>) -> String {
    let Some(b) = b else { return String::new() };
    let mut s = String::new();
    if let Some(min) = &b.min {
        s.push_str(&format!(" minimaal {}", expr::unary(min)));
    }
    if let Some(max) = &b.max {
        s.push_str(&format!(" maximaal {}", expr::unary(max)));
    }
    s
}

fn ty(t: &TypeExpr) -> String {
    match &t.kind {
        TypeKind::Money(None) => "bedrag".into(),
        TypeKind::Money(Some(p)) => format!("bedrag per {}", p.dutch()),
        TypeKind::MoneyPerUnit => "bedrag per eenheid".into(),
        TypeKind::Number => "getal".into(),
        TypeKind::Integer => "geheel getal".into(),
        TypeKind::Percentage => "percentage".into(),
        TypeKind::Bool => "ja/nee".into(),
        TypeKind::Text => "tekst".into(),
        TypeKind::Date => "datum".into(),
        TypeKind::Duration => "duur".into(),
        TypeKind::Named(p) => p.dotted(),
        TypeKind::List(t) => format!("lijst van {}", ty(t)),
        TypeKind::Optional(t) => match t.kind {
            TypeKind::List(_) | TypeKind::Optional(_) => format!("({})?", ty(t)),
            _ => format!("{}?", ty(t)),
        },
    }
}

fn field(f: &Field) -> String {
    format!(
        "{}: {}{}{}",
        f.name.name,
        ty(&f.ty),
        bounds(&f.bounds),
        inline_label(&f.label)
    )
}

/// ` label "tekst"` after a field or keuze value (on its line), or nothing.
fn inline_label(label: &Option<Text>) -> String {
    label
        .as_ref()
        .map(|l| format!(" label {}", expr::string(&l.value, l.long, 0)))
        .unwrap_or_default()
}

fn replaces(r: bool) -> &'static str {
    if r {
        "vervang "
    } else {
        ""
    }
}

/// `A als C` when the condition is the desugared guard of an `eis`, after `head` on a line
/// with `indent`; `als C` goes to the next line when it does not fit.
fn guard_form(indent: usize, head: &str, e: &Expr) -> Option<String> {
    match &e.kind {
        ExprKind::If {
            condition,
            then,
            otherwise,
        } if otherwise.kind == ExprKind::Bool(true) => {
            let then = format!("{head}{}", expr::p(then, 2, true));
            let condition = expr::p(condition, 0, true);
            Some(head_then(indent, &then, " als ", &condition, indent + 4))
        }
        _ => None,
    }
}

impl Fmt {
    fn line(&mut self, indent: usize, text: String, anchor: Option<usize>) {
        self.lines.push(Line {
            indent,
            text,
            anchor,
            keeps_trailing: false,
        });
    }

    fn at(&mut self, indent: usize, text: String, anchor: Span) {
        self.line(indent, text, Some(anchor.start));
    }

    fn blank(&mut self) {
        self.line(0, String::new(), None);
    }

    /// A display text (`label`, `vraag`, `hulp`) on its own line.
    fn attr(&mut self, indent: usize, word: &str, text: &Option<Text>) {
        if let Some(t) = text {
            let prefix = format!("{word} ");
            self.at(
                indent,
                format!("{prefix}{}", text_after(t, indent, &prefix)),
                t.span,
            );
        }
    }

    fn dated_values(&mut self, values: &[DatedValue]) {
        for d in values {
            let mut s = format!("vanaf {}", d.from);
            if let Some(t) = &d.through {
                s.push_str(&format!(" tot en met {t}"));
            }
            s.push_str(&format!(": {}", expr::expr(&d.value)));
            self.at(2, s, d.span);
        }
    }

    fn sources(&mut self, indent: usize, sources: &[SourceRef]) {
        for s in sources {
            let text = source(s, indent, "");
            self.at(indent, text, s.span);
        }
    }

    /// `prefix` + the expression; when it does not fit (or is an `als .. anders als` chain)
    /// its parts go on continuation lines at `cont` columns (operators 2 further).
    /// Whether `e` keeps a line break the author wrote (a sum or `in {…}`
    /// list). A break the layout does not keep (inside a comparison, say)
    /// must not decide the form either, or formatting twice would differ.
    fn keeps_a_written_break(&self, e: &Expr) -> bool {
        self.breaks.within(e) && layout::lay(e, 0, true, usize::MAX, &self.breaks).len() > 1
    }

    fn expr_block(&mut self, indent: usize, prefix: &str, anchor: usize, e: &Expr, cont: usize) {
        let avail = WIDTH.saturating_sub(indent + width(prefix));
        // An `als … anders` after a keyword keeps its `anders` under its own
        // `als`: at `cont` it could read as a clause of the enclosing block
        // (an exception's `dan`, an `eis` at the start of a line).
        let cont = match e.kind {
            ExprKind::If { .. } => cont.max(indent + width(prefix)),
            _ => cont,
        };
        for (i, pc) in layout::lay(e, 0, true, avail, &self.breaks)
            .into_iter()
            .enumerate()
        {
            if i == 0 {
                self.line(indent, format!("{prefix}{}", pc.text), Some(anchor));
            } else {
                self.line(cont + pc.col, pc.text, pc.anchor);
            }
        }
    }

    /// Words after `prefix`, separated by `sep`, wrapped at the width; continuation lines start
    /// with `cont_lead` at `cont` columns.
    fn wrapped(
        &mut self,
        prefix: String,
        anchor: Span,
        words: &[(String, Span)],
        sep: &str,
        cont: usize,
        cont_lead: &str,
    ) {
        let mut text = prefix;
        let mut indent = 0;
        let mut line_anchor = anchor.start;
        let mut first_on_line = true;
        for (word, word_span) in words {
            let piece = if first_on_line {
                word.clone()
            } else {
                format!("{sep}{word}")
            };
            if !first_on_line && indent + width(&text) + width(&piece) > WIDTH {
                if cont_lead.is_empty() {
                    text.push_str(sep.trim_end());
                }
                self.line(indent, std::mem::take(&mut text), Some(line_anchor));
                indent = cont;
                line_anchor = word_span.start;
                text = format!("{cont_lead}{word}");
            } else {
                text.push_str(&piece);
            }
            first_on_line = false;
        }
        self.line(indent, text, Some(line_anchor));
    }

    fn header(&mut self, h: &Header) {
        let name = text_after(&h.name, 0, "regeling ");
        self.at(0, format!("regeling {name}"), h.span);
        self.at(2, format!("id {}", h.id.dotted()), h.id.span);
        if let Some(v) = &h.version {
            self.at(2, format!("versie {}", text_after(v, 2, "versie ")), v.span);
        }
        let mut valid = format!("geldig vanaf {}", h.valid.from);
        if let Some(t) = &h.valid.through {
            valid.push_str(&format!(" tot en met {t}"));
        }
        self.at(2, valid, h.valid.span);
        self.sources(2, &h.sources);
        if let Some(l) = &h.layer_on {
            self.at(2, format!("laag op {}", l.dotted()), l.span);
        }
        if let Some(n) = &h.note {
            self.at(
                2,
                format!("toelichting {}", text_after(n, 2, "toelichting ")),
                n.span,
            );
        }
    }

    fn item(&mut self, item: &Item) {
        let span = item.span();
        match item {
            Item::Use(u) => {
                let mut s = format!("gebruik {}", u.regeling.dotted());
                if let Some(a) = &u.alias {
                    s.push_str(&format!(" als {}", a.name));
                }
                self.at(0, s, span);
            }
            Item::Enum(e) => {
                let prefix = if e.extends {
                    format!("keuze {} uitgebreid met ", e.name.name)
                } else {
                    format!("keuze {}: ", e.name.name)
                };
                let cont = width(&prefix).saturating_sub(2);
                let values: Vec<(String, Span)> = e
                    .values
                    .iter()
                    .enumerate()
                    .map(|(k, v)| {
                        let label = e.labels.get(k).cloned().flatten();
                        (format!("{}{}", v.name, inline_label(&label)), v.span)
                    })
                    .collect();
                self.wrapped(prefix, span, &values, " | ", cont, "| ");
            }
            Item::Record(r) => {
                self.at(0, format!("gegeven {}", r.name.name), span);
                for f in &r.fields {
                    self.at(2, field(f), f.span);
                }
            }
            Item::Input(i) => {
                let head = format!("invoer {}: {}{}", i.name.name, ty(&i.ty), bounds(&i.bounds));
                self.at(0, head, span);
                self.attr(2, "label", &i.label);
                self.attr(2, "vraag", &i.question);
                self.attr(2, "hulp", &i.help);
                self.attr(2, "ongebruikt", &i.unused_reason);
                if let Some(f) = &i.fact {
                    self.at(2, format!("feit {}", f.name), f.span);
                }
            }
            Item::Outputs(o) => {
                let names: Vec<(String, Span)> =
                    o.names.iter().map(|n| (n.name.clone(), n.span)).collect();
                self.wrapped("uitvoer ".into(), span, &names, ", ", 8, "");
                for outcome in &o.outcomes {
                    self.at(2, format!("uitkomst {}", outcome.name.name), outcome.span);
                    for step in &outcome.next_steps {
                        let prefix = format!("vervolg {} ", step.value.name);
                        let text = format!("{prefix}{}", text_after(&step.text, 4, &prefix));
                        self.at(4, text, step.span);
                    }
                }
                for (word, names) in [("ontvangt", &o.receives), ("betaalt", &o.pays)] {
                    if let Some(first) = names.first() {
                        let list: Vec<&str> = names.iter().map(|n| n.name.as_str()).collect();
                        self.at(2, format!("{word} {}", list.join(", ")), first.span);
                    }
                }
            }
            Item::Parameter(p) => {
                let head = format!(
                    "{}parameter {}: {}",
                    replaces(p.replaces),
                    p.name.name,
                    ty(&p.ty)
                );
                match &p.values {
                    ParameterValues::Constant(v) if p.label.is_none() => {
                        self.at(0, format!("{head} = {}", expr::expr(v)), span);
                        self.sources(2, &p.sources);
                    }
                    ParameterValues::Constant(v) => {
                        self.at(0, head, span);
                        self.attr(2, "label", &p.label);
                        self.expr_block(2, "= ", v.span.start, v, 4);
                        self.sources(2, &p.sources);
                    }
                    ParameterValues::Dated(values) => {
                        self.at(0, head, span);
                        self.attr(2, "label", &p.label);
                        self.sources(2, &p.sources);
                        self.dated_values(values);
                        self.attr(2, "einde", &p.end_reason);
                    }
                }
            }
            Item::TopUp(t) => {
                self.at(0, format!("aanvulling {}", t.target.dotted()), span);
                self.sources(2, &t.sources);
                self.dated_values(&t.values);
                self.attr(2, "einde", &t.end_reason);
            }
            Item::Article(a) => {
                let mut s = format!("artikel {}", text_after(&a.number, 0, "artikel "));
                if let Some(t) = &a.title {
                    let prefix = format!("{s} ");
                    s = format!("{prefix}{}", text_after(t, 0, &prefix));
                }
                self.at(0, s, span);
                if let Some(t) = &a.text {
                    self.at(2, expr::long_text(&t.value, t.long, 2, 2, true), t.span);
                }
                for part in &a.parts {
                    let prefix = format!("{} ", part.kind.word());
                    let head = format!("{prefix}{}", text_after(&part.id, 2, &prefix));
                    self.at(2, head, part.span);
                    let t = &part.text;
                    self.at(4, expr::long_text(&t.value, t.long, 4, 4, true), t.span);
                }
            }
            Item::FollowUp(f) => {
                let head = match f.kind {
                    DecisionMark::Besluit => "rechtsmiddelen",
                    DecisionMark::NoBesluit => "zonder besluit",
                };
                self.at(0, head.to_string(), span);
                let t = &f.text;
                self.at(2, expr::long_text(&t.value, t.long, 2, 2, true), t.span);
                self.sources(2, &f.sources);
            }
            Item::Rule(r) => {
                let head = format!(
                    "{}regel {}: {}",
                    replaces(r.replaces),
                    r.name.name,
                    ty(&r.ty)
                );
                if r.sources.is_empty()
                    && !r.overridable
                    && r.label.is_none()
                    && r.decision.is_none()
                {
                    let single = expr::expr(&r.body);
                    let chain = matches!(&r.body.kind, ExprKind::If { otherwise, .. } if matches!(otherwise.kind, ExprKind::If { .. }));
                    if !chain
                        && width(&head) + 3 + width(&single) <= WIDTH
                        && !self.keeps_a_written_break(&r.body)
                    {
                        self.at(0, format!("{head} = {single}"), span);
                    } else {
                        self.at(0, format!("{head} ="), span);
                        self.expr_block(2, "", r.body.span.start, &r.body, 2);
                    }
                } else {
                    self.at(0, head, span);
                    self.attr(2, "label", &r.label);
                    self.sources(2, &r.sources);
                    if r.overridable {
                        let line = format!("afwijkbaar{}", bounds(&r.override_bounds));
                        self.line(2, line, None);
                    }
                    self.decision(2, r.decision);
                    self.expr_block(2, "= ", r.body.span.start, &r.body, 4);
                }
            }
            Item::Exception(x) => {
                let target = match &x.target {
                    ExceptionTarget::Rule(p) => p.dotted(),
                    ExceptionTarget::Exception(t) => expr::string(&t.value, t.long, 0),
                };
                let label = text_after(&x.label, 0, "uitzondering ");
                self.at(0, format!("uitzondering {label} op {target}"), span);
                self.sources(2, &x.sources);
                self.expr_block(2, "als ", x.condition.span.start, &x.condition, 2);
                self.expr_block(2, "dan ", x.value.span.start, &x.value, 2);
            }
            Item::Function(f) => {
                let params = f.params.iter().map(field).collect::<Vec<_>>().join("; ");
                let head = format!(
                    "{}functie {}({params}): {}",
                    replaces(f.replaces),
                    f.name.name,
                    ty(&f.ret)
                );
                if f.sources.is_empty() && f.label.is_none() {
                    self.at(0, format!("{head} ="), span);
                    self.expr_block(2, "", f.body.span.start, &f.body, 2);
                } else {
                    self.at(0, head, span);
                    self.attr(2, "label", &f.label);
                    self.sources(2, &f.sources);
                    self.expr_block(2, "= ", f.body.span.start, &f.body, 4);
                }
            }
            Item::Table(t) => self.table(t),
            Item::Ladder(l) => {
                self.at(
                    0,
                    format!(
                        "{}afweging {}: {}",
                        replaces(l.replaces),
                        l.name.name,
                        ty(&l.ty)
                    ),
                    span,
                );
                self.attr(2, "label", &l.label);
                self.sources(2, &l.sources);
                self.decision(2, l.decision);
                for s in &l.steps {
                    let prefix = format!("stap {} als ", s.name.name);
                    self.expr_block(2, &prefix, s.span.start, &s.condition, 4);
                    self.step_attrs(4, &s.sources, &s.motivation, s.decision);
                }
                let o = &l.otherwise;
                self.at(2, format!("anders {}", o.name.name), o.span);
                self.step_attrs(4, &o.sources, &o.motivation, o.decision);
            }
            Item::StepInsert(s) => {
                let pos = match s.position {
                    StepPosition::Before => "voor",
                    StepPosition::After => "na",
                };
                let head = format!(
                    "stap {} in {} {pos} {}",
                    s.step.name.name, s.ladder.name, s.anchor.name
                );
                let condition = &s.step.condition;
                let prefix = format!("{head} als ");
                let avail = WIDTH.saturating_sub(width(&prefix));
                let first = layout::lay(condition, 0, true, avail, &self.breaks)
                    .into_iter()
                    .next()
                    .map_or(0, |pc| width(&pc.text));
                if first > avail {
                    // A long head leaves too little room: `als` on a line of its own.
                    self.at(0, head, span);
                    self.expr_block(2, "als ", condition.span.start, condition, 4);
                } else {
                    self.expr_block(0, &prefix, span.start, condition, 2);
                }
                self.step_attrs(2, &s.step.sources, &s.step.motivation, s.step.decision);
            }
            Item::Constraint(c) => {
                let mut head = format!("eis {}", text_after(&c.label, 0, "eis "));
                for s in &c.sources {
                    head = source(s, 0, &head);
                }
                let each = c
                    .for_each_row_of
                    .as_ref()
                    .map(|t| format!("voor elke rij van {}: ", t.name));
                let guard = match &each {
                    Some(each) => guard_form(2, each, &c.condition),
                    None => guard_form(0, &format!("{head}: "), &c.condition),
                };
                match (each, guard) {
                    (Some(_), Some(g)) => {
                        self.at(0, head, span);
                        self.at(2, g, c.condition.span);
                    }
                    (Some(each), None) => {
                        self.at(0, head, span);
                        self.expr_block(2, &each, c.condition.span.start, &c.condition, 2);
                    }
                    (None, Some(g)) => self.at(0, g, span),
                    (None, None) => {
                        self.expr_block(0, &format!("{head}: "), span.start, &c.condition, 0)
                    }
                }
            }
            Item::Test(t) => {
                let mut head = format!("test {}", text_after(&t.name, 0, "test "));
                if let Some(l) = &t.like {
                    let like = text_after(l, 0, &format!("{head} zoals "));
                    head = head_then(0, &head, " zoals ", &like, 2);
                }
                self.at(0, head, span);
                if let Some(d) = &t.peildatum {
                    self.at(2, format!("peildatum {d}"), d.span);
                }
                for a in &t.assignments {
                    let prefix = format!("{} = ", a.name.name);
                    self.expr_block(2, &prefix, a.span.start, &a.value, 2 + width(&prefix));
                }
                for o in &t.overrides {
                    let head = format!(
                        "afwijking {} = {} reden ",
                        o.rule.name,
                        expr::expr(&o.value)
                    );
                    let line = format!("{head}{}", text_after(&o.reason, 2, &head));
                    self.at(2, line, o.span);
                }
                for e in &t.expectations {
                    match e {
                        Expectation::Value { name, value, span } => {
                            let prefix = format!("verwacht {} = ", name.name);
                            self.expr_block(2, &prefix, span.start, value, 2 + width(&prefix));
                        }
                        Expectation::Error { contains, span } => self.at(
                            2,
                            format!(
                                "verwacht fout {}",
                                text_after(contains, 2, "verwacht fout ")
                            ),
                            *span,
                        ),
                    }
                }
            }
        }
    }

    fn step_attrs(
        &mut self,
        indent: usize,
        sources: &[SourceRef],
        motivation: &Option<Text>,
        decision: Option<DecisionMark>,
    ) {
        self.sources(indent, sources);
        if let Some(m) = motivation {
            self.at(
                indent,
                format!("motivering {}", text_after(m, indent, "motivering ")),
                m.span,
            );
        }
        self.decision(indent, decision);
    }

    /// `besluit` / `geen besluit` on a line of its own.
    fn decision(&mut self, indent: usize, decision: Option<DecisionMark>) {
        if let Some(d) = decision {
            self.line(indent, d.words().to_string(), None);
        }
    }

    fn table(&mut self, t: &TableDecl) {
        let open = format!("{}tabel {}(", replaces(t.replaces), t.name.name);
        let mut inputs = t.inputs.iter().map(field).collect::<Vec<_>>().join("; ");
        if width(&open) + width(&inputs) + 1 > WIDTH {
            // One input column a line, under the first.
            inputs = inputs.replace("; ", &format!(";\n{}", " ".repeat(width(&open))));
        }
        let outputs = t.outputs.iter().map(field).collect::<Vec<_>>().join(", ");
        let head = format!("{open}{inputs})");
        self.at(0, head_then(0, &head, " -> ", &outputs, 4), t.span);
        self.sources(2, &t.sources);
        let policy = match t.hit_policy {
            HitPolicy::Unique => "uniek",
            HitPolicy::First => "eerste",
            HitPolicy::Sum => "som",
            HitPolicy::All => "alle",
        };
        self.at(2, format!("beslis {policy}"), t.hit_policy_span);
        let rows: Vec<Vec<String>> = t
            .rows
            .iter()
            .map(|r| r.cells.iter().map(cell).collect())
            .collect();
        let columns = t
            .header
            .len()
            .max(rows.iter().map(Vec::len).max().unwrap_or(0));
        let mut widths = vec![1usize; columns];
        for (i, h) in t.header.iter().enumerate() {
            widths[i] = widths[i].max(width(&h.name));
        }
        for r in &rows {
            for (i, c) in r.iter().enumerate() {
                widths[i] = widths[i].max(width(c));
            }
        }
        let render = |cells: Vec<&str>| {
            let mut s = String::from("|");
            for (c, w) in cells.iter().zip(&widths) {
                s.push(' ');
                s.push_str(c);
                s.push_str(&" ".repeat(w.saturating_sub(width(c))));
                s.push_str(" |");
            }
            s
        };
        let header = render(t.header.iter().map(|h| h.name.as_str()).collect());
        let anchor = t.header.first().map(|h| h.span.start);
        self.line(2, header, anchor);
        for (r, cells) in t.rows.iter().zip(&rows) {
            let text = render(cells.iter().map(String::as_str).collect());
            self.at(2, text, r.span);
            if let Some(row) = self.lines.last_mut() {
                row.keeps_trailing = true;
            }
        }
    }
}

fn cell(c: &Cell) -> String {
    match &c.kind {
        CellKind::Any => "-".into(),
        CellKind::Value(e) => expr::expr(e),
        CellKind::Tests(tests) => tests
            .iter()
            .map(|t| match t {
                UnaryTest::Equals(e) => expr::expr(e),
                UnaryTest::Compare(op, e) => format!("{} {}", op.symbol(), expr::p(e, 6, true)),
                UnaryTest::Range {
                    low,
                    low_inclusive,
                    high,
                    high_inclusive,
                } => format!(
                    "{}{}..{}{}",
                    if *low_inclusive { "[" } else { "(" },
                    expr::p(low, 6, true),
                    expr::p(high, 6, true),
                    if *high_inclusive { "]" } else { ")" }
                ),
            })
            .collect::<Vec<_>>()
            .join(", "),
    }
}

#[cfg(test)]
mod tests;
