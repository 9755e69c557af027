//! Output lines with source anchors, and the placement of comments above the right line.

use crate::ast::*;

/// One output line. `text` may contain line breaks (inside a long text literal).
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub indent: usize,
    pub text: String,
    /// Source offset of the first node on this line (None for blank lines).
    pub anchor: Option<usize>,
    /// A comment written after this line's code stays after it (a table row: the
    /// language allows it there, and above the row it would read as a note on the table).
    pub keeps_trailing: bool,
}

/// Renders the lines, with each comment on its own line above the line it belongs to:
/// the line holding the first node after it, or, for a comment after code on the same
/// source line, the line holding that code. A comment after a table row stays after it.
pub(crate) fn render(lines: &[Line], comments: &[Comment], starts: &[usize]) -> String {
    let mut before: Vec<Vec<&Comment>> = vec![Vec::new(); lines.len()];
    let mut after: Vec<Option<&Comment>> = vec![None; lines.len()];
    let mut at_end: Vec<&Comment> = Vec::new();
    for c in comments {
        let key = if c.trailing {
            starts.iter().rev().find(|s| **s < c.span.start).copied()
        } else {
            starts.iter().find(|s| **s > c.span.start).copied()
        };
        match key.and_then(|k| target_line(lines, k)) {
            Some(i) if c.trailing && lines[i].keeps_trailing && after[i].is_none() => {
                after[i] = Some(c)
            }
            Some(i) => before[i].push(c),
            None if key.is_none() && !c.trailing => at_end.push(c),
            None => {
                if let Some(first) = before.first_mut() {
                    first.push(c);
                } else {
                    at_end.push(c);
                }
            }
        }
    }
    let mut out = String::new();
    for ((line, cs), trailing) in lines.iter().zip(&before).zip(&after) {
        for c in cs {
            push_comment(&mut out, line.indent, c);
        }
        if !line.text.is_empty() {
            out.push_str(&" ".repeat(line.indent));
            out.push_str(&line.text);
        }
        if let Some(c) = trailing {
            out.push_str(" //");
            out.push_str(c.text.trim_end());
        }
        out.push('\n');
    }
    if !at_end.is_empty() {
        out.push('\n');
        for c in at_end {
            push_comment(&mut out, 0, c);
        }
    }
    out
}

fn push_comment(out: &mut String, indent: usize, c: &Comment) {
    out.push_str(&" ".repeat(indent));
    out.push_str("//");
    out.push_str(c.text.trim_end());
    out.push('\n');
}

/// The line with the largest anchor not after `key` (the first of equals); else the first line.
fn target_line(lines: &[Line], key: usize) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, l) in lines.iter().enumerate() {
        if let Some(a) = l.anchor {
            let better = match best {
                None => true,
                Some((ba, _)) => a > ba,
            };
            if a <= key && better {
                best = Some((a, i));
            }
        }
    }
    best.map(|(_, i)| i)
        .or_else(|| lines.iter().position(|l| l.anchor.is_some()))
}

// ------------------------------------------------------------- node starts

/// The start offset of every node in the file, sorted.
pub(crate) fn node_starts(f: &File) -> Vec<usize> {
    let mut w = Starts(Vec::new());
    w.header(&f.header);
    for item in &f.items {
        w.item(item);
    }
    let mut v = w.0;
    v.sort_unstable();
    v.dedup();
    v
}

struct Starts(Vec<usize>);

impl Starts {
    fn s(&mut self, span: Span) {
        self.0.push(span.start);
    }

    fn path(&mut self, p: &Path) {
        self.s(p.span);
    }

    fn sources(&mut self, ss: &[SourceRef]) {
        for s in ss {
            self.s(s.span);
            self.s(s.text.span);
            if let Some(u) = &s.url {
                self.s(u.span);
            }
        }
    }

    fn header(&mut self, h: &Header) {
        self.s(h.span);
        self.s(h.name.span);
        self.path(&h.id);
        if let Some(v) = &h.version {
            self.s(v.span);
        }
        self.s(h.valid.span);
        self.sources(&h.sources);
        if let Some(l) = &h.layer_on {
            self.path(l);
        }
        if let Some(n) = &h.note {
            self.s(n.span);
        }
    }

    fn ty(&mut self, t: &TypeExpr) {
        self.s(t.span);
    }

    fn field(&mut self, f: &Field) {
        self.s(f.span);
        self.s(f.name.span);
        self.ty(&f.ty);
        self.text(&f.label);
    }

    fn dated_values(&mut self, ds: &[DatedValue]) {
        for d in ds {
            self.s(d.span);
            self.s(d.from.span);
            if let Some(t) = &d.through {
                self.s(t.span);
            }
            self.expr(&d.value);
        }
    }

    fn text(&mut self, t: &Option<Text>) {
        if let Some(t) = t {
            self.s(t.span);
        }
    }

    fn item(&mut self, item: &Item) {
        self.s(item.span());
        match item {
            Item::Use(u) => {
                self.path(&u.regeling);
                if let Some(a) = &u.alias {
                    self.s(a.span);
                }
            }
            Item::Enum(e) => {
                self.s(e.name.span);
                for (k, v) in e.values.iter().enumerate() {
                    self.s(v.span);
                    self.text(e.labels.get(k).unwrap_or(&None));
                }
            }
            Item::Record(r) => {
                self.s(r.name.span);
                for f in &r.fields {
                    self.field(f);
                }
            }
            Item::Input(i) => {
                self.s(i.name.span);
                self.ty(&i.ty);
                for t in [&i.label, &i.question, &i.help, &i.unused_reason] {
                    self.text(t);
                }
                if let Some(f) = &i.fact {
                    self.s(f.span);
                }
            }
            Item::Outputs(o) => {
                for n in &o.names {
                    self.s(n.span);
                }
                for outcome in &o.outcomes {
                    self.s(outcome.span);
                    for step in &outcome.next_steps {
                        self.s(step.span);
                    }
                }
                for n in o.receives.iter().chain(&o.pays) {
                    self.s(n.span);
                }
            }
            Item::Parameter(p) => {
                self.s(p.name.span);
                self.ty(&p.ty);
                self.text(&p.label);
                self.sources(&p.sources);
                match &p.values {
                    ParameterValues::Constant(e) => self.expr(e),
                    ParameterValues::Dated(ds) => {
                        self.dated_values(ds);
                        self.text(&p.end_reason);
                    }
                }
            }
            Item::TopUp(t) => {
                self.s(t.target.span);
                self.sources(&t.sources);
                self.dated_values(&t.values);
                self.text(&t.end_reason);
            }
            Item::Article(a) => {
                self.s(a.number.span);
                if let Some(t) = &a.title {
                    self.s(t.span);
                }
                if let Some(t) = &a.text {
                    self.s(t.span);
                }
                for part in &a.parts {
                    self.s(part.span);
                    self.s(part.id.span);
                    self.s(part.text.span);
                }
            }
            Item::FollowUp(f) => {
                self.s(f.text.span);
                self.sources(&f.sources);
            }
            Item::Rule(r) => {
                self.s(r.name.span);
                self.ty(&r.ty);
                self.text(&r.label);
                self.sources(&r.sources);
                self.expr(&r.body);
            }
            Item::Exception(x) => {
                self.s(x.label.span);
                match &x.target {
                    ExceptionTarget::Rule(p) => self.path(p),
                    ExceptionTarget::Exception(t) => self.s(t.span),
                }
                self.sources(&x.sources);
                self.expr(&x.condition);
                self.expr(&x.value);
            }
            Item::Function(f) => {
                self.s(f.name.span);
                for p in &f.params {
                    self.field(p);
                }
                self.ty(&f.ret);
                self.text(&f.label);
                self.sources(&f.sources);
                self.expr(&f.body);
            }
            Item::Table(t) => {
                self.s(t.name.span);
                for f in t.inputs.iter().chain(&t.outputs) {
                    self.field(f);
                }
                self.sources(&t.sources);
                self.s(t.hit_policy_span);
                for h in &t.header {
                    self.s(h.span);
                }
                for r in &t.rows {
                    self.s(r.span);
                    for c in &r.cells {
                        self.s(c.span);
                        match &c.kind {
                            CellKind::Any => {}
                            CellKind::Value(e) => self.expr(e),
                            CellKind::Tests(ts) => {
                                for t in ts {
                                    match t {
                                        UnaryTest::Equals(e) | UnaryTest::Compare(_, e) => {
                                            self.expr(e)
                                        }
                                        UnaryTest::Range { low, high, .. } => {
                                            self.expr(low);
                                            self.expr(high);
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            Item::Ladder(l) => {
                self.s(l.name.span);
                self.ty(&l.ty);
                self.text(&l.label);
                self.sources(&l.sources);
                for s in &l.steps {
                    self.step(s);
                }
                self.s(l.otherwise.span);
                self.s(l.otherwise.name.span);
                self.sources(&l.otherwise.sources);
                if let Some(m) = &l.otherwise.motivation {
                    self.s(m.span);
                }
            }
            Item::StepInsert(s) => {
                self.step(&s.step);
                self.s(s.ladder.span);
                self.s(s.anchor.span);
            }
            Item::Constraint(c) => {
                self.s(c.label.span);
                self.sources(&c.sources);
                if let Some(t) = &c.for_each_row_of {
                    self.s(t.span);
                }
                self.expr(&c.condition);
            }
            Item::Test(t) => {
                self.s(t.name.span);
                if let Some(l) = &t.like {
                    self.s(l.span);
                }
                if let Some(d) = &t.peildatum {
                    self.s(d.span);
                }
                for a in &t.assignments {
                    self.s(a.span);
                    self.s(a.name.span);
                    self.expr(&a.value);
                }
                for o in &t.overrides {
                    self.s(o.span);
                    self.s(o.rule.span);
                    self.expr(&o.value);
                    self.s(o.reason.span);
                }
                for e in &t.expectations {
                    match e {
                        Expectation::Value { name, value, span } => {
                            self.s(*span);
                            self.s(name.span);
                            self.expr(value);
                        }
                        Expectation::Error { contains, span } => {
                            self.s(*span);
                            self.s(contains.span);
                        }
                    }
                }
            }
        }
    }

    fn step(&mut self, s: &Step) {
        self.s(s.span);
        self.s(s.name.span);
        self.expr(&s.condition);
        self.sources(&s.sources);
        if let Some(m) = &s.motivation {
            self.s(m.span);
        }
    }

    fn expr(&mut self, e: &Expr) {
        self.s(e.span);
        match &e.kind {
            ExprKind::Money(_)
            | ExprKind::Number { .. }
            | ExprKind::Percentage(_)
            | ExprKind::Bool(_)
            | ExprKind::Text(_)
            | ExprKind::Date(_)
            | ExprKind::Duration { .. }
            | ExprKind::Empty
            | ExprKind::Fail(_) => {}
            ExprKind::Name(p) => self.path(p),
            ExprKind::Field(b, f) => {
                self.expr(b);
                self.s(f.span);
            }
            ExprKind::Call { function, args } => {
                self.path(function);
                for a in args {
                    self.expr(a);
                }
            }
            ExprKind::Unary(_, x)
            | ExprKind::Round { expr: x, .. }
            | ExprKind::Convert(x, _)
            | ExprKind::WithPeriod(x, _)
            | ExprKind::Exists { expr: x, .. } => self.expr(x),
            ExprKind::Binary(_, a, b)
            | ExprKind::Over {
                amount: a,
                count: b,
                ..
            } => {
                self.expr(a);
                self.expr(b);
            }
            ExprKind::If {
                condition,
                then,
                otherwise,
            } => {
                self.expr(condition);
                self.expr(then);
                self.expr(otherwise);
            }
            ExprKind::In(x, set) => {
                self.expr(x);
                for v in set {
                    self.expr(v);
                }
            }
            ExprKind::Record(fields) => {
                for (n, v) in fields {
                    self.s(n.span);
                    self.expr(v);
                }
            }
            ExprKind::List(items) => {
                for v in items {
                    self.expr(v);
                }
            }
            ExprKind::Sum {
                value,
                var,
                list,
                filter,
            } => {
                self.expr(value);
                self.s(var.span);
                self.expr(list);
                if let Some(f) = filter {
                    self.expr(f);
                }
            }
            ExprKind::Count { var, list, filter } => {
                self.s(var.span);
                self.expr(list);
                if let Some(f) = filter {
                    self.expr(f);
                }
            }
            ExprKind::Any {
                var,
                list,
                condition,
            }
            | ExprKind::All {
                var,
                list,
                condition,
            }
            | ExprKind::FirstIn {
                var,
                list,
                condition,
            } => {
                self.s(var.span);
                self.expr(list);
                self.expr(condition);
            }
            ExprKind::FirstInRange {
                var,
                from,
                through,
                condition,
            } => {
                self.s(var.span);
                self.expr(from);
                self.expr(through);
                self.expr(condition);
            }
        }
    }
}
