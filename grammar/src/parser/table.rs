//! Decision tables: signature, hit policy, header row and rows (one line each), cells.

use super::{expect_ident, expr, fields, ident, source, span_of, Inner, PResult, ParseError, Rule};
use crate::ast::*;
use pest::iterators::Pair;

pub(crate) fn table(pair: &Pair<'_, Rule>) -> PResult<TableDecl> {
    let span = span_of(pair);
    let input = pair.get_input();
    let mut inner = Inner::of(pair);
    let replaces = inner.take(Rule::replaces).is_some();
    let name = expect_ident(&mut inner)?;
    let inputs = fields(&inner.expect(Rule::table_inputs)?)?;
    let outputs = fields(&inner.expect(Rule::table_outputs)?)?;
    let mut sources = Vec::new();
    let mut hit: Option<(HitPolicy, Span)> = None;
    let mut header: Vec<Ident> = Vec::new();
    let mut rows = Vec::new();
    let mut prev_end = span.start;
    while let Some(p) = inner.next() {
        let pspan = span_of(&p);
        match p.as_rule() {
            Rule::source => sources.push(source(&p)?),
            Rule::hit_policy => {
                let words = p.as_str();
                let policy = if words.ends_with("uniek") {
                    HitPolicy::Unique
                } else if words.ends_with("eerste") {
                    HitPolicy::First
                } else if words.ends_with("som") {
                    HitPolicy::Sum
                } else {
                    HitPolicy::All
                };
                hit = Some((policy, pspan));
            }
            Rule::table_header => {
                must_start_line(input, prev_end, pspan, "de kopregel van een tabel")?;
                for h in p.clone().into_inner() {
                    if h.as_rule() == Rule::ident {
                        header.push(ident(&h)?);
                    }
                }
            }
            Rule::table_row => {
                must_start_line(input, prev_end, pspan, "elke rij van een tabel")?;
                rows.push(row(&p, inputs.len())?);
            }
            _ => {}
        }
        prev_end = pspan.end;
    }
    let Some((hit_policy, hit_policy_span)) = hit else {
        return Err(ParseError::internal("tabel zonder `beslis`", span));
    };
    Ok(TableDecl {
        replaces,
        name,
        inputs,
        outputs,
        sources,
        hit_policy,
        hit_policy_span,
        header,
        rows,
        span,
    })
}

fn must_start_line(input: &str, prev_end: usize, span: Span, what: &str) -> PResult<()> {
    let between = input.get(prev_end..span.start).unwrap_or("\n");
    let text = input.get(span.start..span.end).unwrap_or("");
    if !between.contains('\n') {
        return Err(ParseError::new(
            format!("{what} begint op een nieuwe regel"),
            Span::new(span.start, span.start + 1),
        )
        .help("zet elke rij `| ... |` van een tabel op een eigen regel"));
    }
    if let Some(nl) = text.find('\n') {
        return Err(ParseError::new(
            "een rij van een tabel moet op één regel staan",
            Span::new(span.start, span.start + nl),
        )
        .help("sluit de rij af met `|` aan het eind van de regel"));
    }
    Ok(())
}

/// A row with any number of cells: whether the header and the rows match the signature is
/// the checker's R0404, which can say which columns it expects.
fn row(pair: &Pair<'_, Rule>, n_inputs: usize) -> PResult<TableRow> {
    let span = span_of(pair);
    let cells: Vec<Pair<'_, Rule>> = pair
        .clone()
        .into_inner()
        .filter(|p| p.as_rule() == Rule::cell)
        .collect();
    for c in &cells {
        if c.clone()
            .into_inner()
            .any(|p| p.as_rule() == Rule::cell_empty)
        {
            return Err(empty_cell(span_of(c)));
        }
    }
    let mut out = Vec::with_capacity(cells.len());
    for (i, c) in cells.iter().enumerate() {
        out.push(cell(c, i < n_inputs)?);
    }
    Ok(TableRow { cells: out, span })
}

fn cell(pair: &Pair<'_, Rule>, is_input: bool) -> PResult<Cell> {
    let span = span_of(pair);
    let content = Inner::of(pair).any()?;
    if content.as_rule() == Rule::cell_empty {
        return Err(empty_cell(span));
    }
    if content.as_rule() == Rule::cell_any {
        return Ok(Cell {
            kind: CellKind::Any,
            span,
        });
    }
    let mut tests = Vec::new();
    for t in content.clone().into_inner() {
        if t.as_rule() == Rule::unary_test {
            tests.push(unary_test(&t)?);
        }
    }
    if is_input {
        return Ok(Cell {
            kind: CellKind::Tests(tests),
            span,
        });
    }
    match (tests.len(), tests.pop()) {
        (1, Some(UnaryTest::Equals(e))) => Ok(Cell {
            kind: CellKind::Value(e),
            span,
        }),
        _ => Err(ParseError::new(
            "een uitvoercel bevat één waarde (of `-`), geen vergelijking, bereik of opsomming",
            span,
        )
        .help("vergelijkingen, bereiken als `[18..27)` en opsommingen met `,` horen in de invoerkolommen; staat er een komma in een getal, schrijf het dan zonder spatie: `12,5`")),
    }
}

fn unary_test(pair: &Pair<'_, Rule>) -> PResult<UnaryTest> {
    let t = Inner::of(pair).any()?;
    let mut inner = Inner::of(&t);
    Ok(match t.as_rule() {
        Rule::compare_test => {
            let op = expr::compare_op(&inner.expect(Rule::cmp_op)?)?;
            UnaryTest::Compare(op, expr::expr(&inner.any()?, 0)?)
        }
        Rule::range_test => {
            let open = inner.expect(Rule::range_open)?;
            let low = expr::expr(&inner.any()?, 0)?;
            let high = expr::expr(&inner.any()?, 0)?;
            let close = inner.expect(Rule::range_close)?;
            UnaryTest::Range {
                low,
                low_inclusive: open.as_str() == "[",
                high,
                high_inclusive: close.as_str() == "]",
            }
        }
        _ => UnaryTest::Equals(expr::expr(&t, 0)?),
    })
}

fn empty_cell(span: Span) -> ParseError {
    ParseError::new(
        "deze cel is leeg",
        Span::new(span.start, span.start + 1),
    )
    .help("schrijf `-` in een cel waarvan de waarde er niet toe doet (invoer) of die leeg is (uitvoer)")
}
