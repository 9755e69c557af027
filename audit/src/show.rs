//! Showing AST nodes in canonical syntax for diffs. Whole definitions and
//! expressions go through the grammar crate's formatter (wrapped in a
//! minimal file), so the diff shows exactly what `regelwerk fmt` writes;
//! the small pieces around them (dates, types, sources, table cells) are
//! printed here in the same notation.

use grammar::ast::{self, Item};

fn span() -> ast::Span {
    ast::Span::default()
}

fn text_node(s: &str) -> ast::Text {
    ast::Text {
        value: s.to_string(),
        span: span(),
        long: false,
    }
}

fn path(name: &str) -> ast::Path {
    ast::Path {
        parts: vec![ast::Ident {
            name: name.to_string(),
            span: span(),
        }],
        span: span(),
    }
}

/// A file holding only `items`, under a placeholder header.
fn wrapper(items: Vec<Item>) -> ast::File {
    let d = ast::DateLit {
        date: chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default(),
        span: span(),
    };
    ast::File {
        header: ast::Header {
            name: text_node("x"),
            id: path("x"),
            version: None,
            valid: ast::Validity {
                from: d,
                through: None,
                span: span(),
            },
            sources: Vec::new(),
            layer_on: None,
            note: None,
            span: span(),
        },
        items,
        comments: Vec::new(),
        span: span(),
    }
}

/// The formatted text of the items of a wrapper file (the header lines dropped).
fn formatted_items(items: Vec<Item>) -> String {
    let text = grammar::format_file(&wrapper(items));
    let mut lines = text.lines();
    // The header: `regeling "x"` and its indented attribute lines.
    let _ = lines.next();
    let body: Vec<&str> = lines
        .skip_while(|l| l.is_empty() || l.starts_with(' ') || l.starts_with('\t'))
        .collect();
    body.join("\n").trim_end().to_string()
}

/// A whole definition in canonical layout.
pub fn item(item: &Item) -> String {
    formatted_items(vec![item.clone()])
}

/// Removes the common leading whitespace of all lines but the first.
fn dedent_rest(s: &str) -> String {
    let mut lines = s.lines();
    let first = lines.next().unwrap_or("").trim().to_string();
    let rest: Vec<&str> = lines.collect();
    let min = rest
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out = first;
    for l in rest {
        out.push('\n');
        out.push_str(l.get(min..).unwrap_or(l.trim_start()));
    }
    out
}

/// An expression in canonical layout (long ones over several lines).
pub fn expr(e: &ast::Expr) -> String {
    let rule = Item::Rule(ast::RuleDecl {
        replaces: false,
        name: ast::Ident {
            name: "x".into(),
            span: span(),
        },
        ty: ast::TypeExpr {
            kind: ast::TypeKind::Bool,
            span: span(),
        },
        sources: Vec::new(),
        overridable: false,
        override_bounds: None,
        label: None,
        decision: None,
        body: e.clone(),
        span: span(),
    });
    let text = item(&rule);
    // `regel x: ja/nee` then `=` (same line or the next), then the expression.
    let after = text.strip_prefix("regel x: ja/nee").unwrap_or(&text);
    let after = after.trim_start();
    let after = after.strip_prefix('=').unwrap_or(after);
    dedent_rest(after.trim_start())
}

pub fn date(d: &ast::DateLit) -> String {
    d.to_string()
}

/// `geldig vanaf A [tot en met B]`.
pub fn validity(v: &ast::Validity) -> String {
    match &v.through {
        Some(t) => format!("geldig vanaf {} tot en met {}", date(&v.from), date(t)),
        None => format!("geldig vanaf {}", date(&v.from)),
    }
}

/// A text as written: `"…"` (long texts with their whitespace collapsed).
pub fn text(t: &ast::Text) -> String {
    if t.long {
        format!(
            "\"\"\"{}\"\"\"",
            t.value.split_whitespace().collect::<Vec<_>>().join(" ")
        )
    } else {
        format!("\"{}\"", t.value.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// `bron "…" [url "…"]`.
pub fn source(s: &ast::SourceRef) -> String {
    match &s.url {
        Some(u) => format!("bron {} url {}", text(&s.text), text(u)),
        None => format!("bron {}", text(&s.text)),
    }
}

pub fn ty(t: &ast::TypeExpr) -> String {
    use ast::TypeKind::*;
    match &t.kind {
        Money(None) => "bedrag".into(),
        Money(Some(p)) => format!("bedrag per {}", p.dutch()),
        MoneyPerUnit => "bedrag per eenheid".into(),
        Number => "getal".into(),
        Integer => "geheel getal".into(),
        Percentage => "percentage".into(),
        Bool => "ja/nee".into(),
        Text => "tekst".into(),
        Date => "datum".into(),
        Duration => "duur".into(),
        Named(p) => p.dotted(),
        List(inner) => format!("lijst van {}", ty(inner)),
        Optional(inner) => format!("{}?", ty(inner)),
    }
}

/// `naam: type`.
pub fn field(f: &ast::Field) -> String {
    match &f.bounds {
        Some(_) => format!("{}: {} {}", f.name.name, ty(&f.ty), bounds(&f.bounds)),
        None => format!("{}: {}", f.name.name, ty(&f.ty)),
    }
}

/// `minimaal 0 maximaal 100%`, or `geen` without bounds.
pub fn bounds(bounds: &Option<ast::Bounds>) -> String {
    let Some(b) = bounds else {
        return "geen".into();
    };
    let ends = [("minimaal", &b.min), ("maximaal", &b.max)];
    let parts: Vec<String> = ends
        .iter()
        .filter_map(|(word, e)| e.as_ref().map(|e| format!("{word} {}", expr(e))))
        .collect();
    parts.join(" ")
}

/// `(a: T; b: U): R`.
pub fn signature(params: &[ast::Field], ret: &ast::TypeExpr) -> String {
    format!(
        "({}): {}",
        params.iter().map(field).collect::<Vec<_>>().join("; "),
        ty(ret)
    )
}

/// `vanaf D [tot en met E]: waarde`.
pub fn dated_value(v: &ast::DatedValue) -> String {
    match &v.through {
        Some(t) => format!(
            "vanaf {} tot en met {}: {}",
            date(&v.from),
            date(t),
            expr(&v.value)
        ),
        None => format!("vanaf {}: {}", date(&v.from), expr(&v.value)),
    }
}

/// A dated value without its start (the diff names the start already):
/// `€ 21,00` or `€ 21,80 tot en met 2026-12-31`.
pub fn dated_value_short(v: &ast::DatedValue) -> String {
    match &v.through {
        Some(t) => format!("{} tot en met {}", expr(&v.value), date(t)),
        None => expr(&v.value),
    }
}

pub fn parameter_values(v: &ast::ParameterValues) -> String {
    match v {
        ast::ParameterValues::Constant(e) => format!("= {}", expr(e)),
        ast::ParameterValues::Dated(vs) => {
            vs.iter().map(dated_value).collect::<Vec<_>>().join("\n")
        }
    }
}

pub fn hit_policy(h: ast::HitPolicy) -> &'static str {
    match h {
        ast::HitPolicy::Unique => "uniek",
        ast::HitPolicy::First => "eerste",
        ast::HitPolicy::Sum => "som",
        ast::HitPolicy::All => "alle",
    }
}

/// `(hulpvraag: Hulpvraag) -> naam: tekst?, tarief: bedrag?`.
pub fn table_signature(t: &ast::TableDecl) -> String {
    format!(
        "({}) -> {}",
        t.inputs.iter().map(field).collect::<Vec<_>>().join("; "),
        t.outputs.iter().map(field).collect::<Vec<_>>().join(", ")
    )
}

fn unary_test(t: &ast::UnaryTest) -> String {
    match t {
        ast::UnaryTest::Equals(e) => expr(e),
        ast::UnaryTest::Compare(op, e) => format!("{} {}", op.symbol(), expr(e)),
        ast::UnaryTest::Range {
            low,
            low_inclusive,
            high,
            high_inclusive,
        } => format!(
            "{}{}..{}{}",
            if *low_inclusive { "[" } else { "(" },
            expr(low),
            expr(high),
            if *high_inclusive { "]" } else { ")" }
        ),
    }
}

pub fn cell(c: &ast::Cell) -> String {
    match &c.kind {
        ast::CellKind::Any => "-".into(),
        ast::CellKind::Tests(ts) => ts.iter().map(unary_test).collect::<Vec<_>>().join(", "),
        ast::CellKind::Value(e) => expr(e),
    }
}

/// The input cells of a row: `huishouden` or `alleenstaand, [18..27)`.
pub fn row_inputs(t: &ast::TableDecl, r: &ast::TableRow) -> String {
    let cells: Vec<String> = r.cells.iter().take(t.inputs.len()).map(cell).collect();
    if cells.len() == 1 {
        cells.into_iter().next().unwrap_or_default()
    } else {
        cells.join(" | ")
    }
}

/// The output cells of a row, named by their column when there are several:
/// `€ 375` or `naam: "wasservice"; tarief: € 9,50`.
pub fn row_outputs(t: &ast::TableDecl, r: &ast::TableRow) -> String {
    let n_in = t.inputs.len();
    let cells: Vec<String> = r.cells.iter().skip(n_in).map(cell).collect();
    if cells.len() == 1 {
        return cells.into_iter().next().unwrap_or_default();
    }
    cells
        .iter()
        .enumerate()
        .map(|(i, c)| match t.outputs.get(i) {
            Some(f) => format!("{}: {c}", f.name.name),
            None => c.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A whole row: `| huishouden | "schoonmaakondersteuning" | € 17,25 | - |`.
pub fn row(_t: &ast::TableDecl, r: &ast::TableRow) -> String {
    format!(
        "| {} |",
        r.cells.iter().map(cell).collect::<Vec<_>>().join(" | ")
    )
}

/// `stap naam als voorwaarde` (with its bron and motivering).
pub fn step(s: &ast::Step) -> String {
    let condition = expr(&s.condition).replace('\n', "\n    ");
    let mut out = format!("stap {} als {condition}", s.name.name);
    for src in &s.sources {
        out.push_str(&format!("\n  {}", source(src)));
    }
    if let Some(m) = &s.motivation {
        out.push_str(&format!("\n  motivering {}", text(m)));
    }
    out
}

/// `in route voor algemene_voorziening`.
pub fn step_position(s: &ast::StepInsertDecl) -> String {
    let pos = match s.position {
        ast::StepPosition::Before => "voor",
        ast::StepPosition::After => "na",
    };
    format!("in {} {} {}", s.ladder.name, pos, s.anchor.name)
}

/// `verwacht a = x`, one per line.
pub fn expectations(e: &[ast::Expectation]) -> String {
    e.iter()
        .map(|x| match x {
            ast::Expectation::Value { name, value, .. } => {
                format!("verwacht {} = {}", name.name, expr(value))
            }
            ast::Expectation::Error { contains, .. } => format!("verwacht fout {}", text(contains)),
        })
        .collect::<Vec<_>>()
        .join("\n")
}
