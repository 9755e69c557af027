//! Parser tests: every construct of syntax.md, precedence, literals, and the parser's own checks.

use super::parse;
use crate::ast::*;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::str::FromStr;

const FIXTURE: &str = include_str!("../../tests/fixtures/voorbeeld.regels");
const HEADER: &str = "regeling \"T\"\n  id t\n  geldig vanaf 2024-01-01\n\n";

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn file(body: &str) -> File {
    let src = format!("{HEADER}{body}");
    match parse(&src) {
        Ok(f) => f,
        Err(e) => panic!("{e} at {:?}: {:?}", e.span, &src[e.span.start..]),
    }
}

fn err(body: &str) -> super::ParseError {
    parse(&format!("{HEADER}{body}")).expect_err("expected a parse error")
}

/// The body expression of the single rule in `body`.
fn rule_body(src: &str) -> Expr {
    let f = file(&format!("regel x: getal = {src}\n"));
    match f.items.into_iter().next() {
        Some(Item::Rule(r)) => r.body,
        other => panic!("{other:?}"),
    }
}

/// A compact rendering of an expression tree, for precedence assertions.
fn sexp(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Money(v) => format!("€{v}"),
        ExprKind::Number { value, .. } => value.to_string(),
        ExprKind::Percentage(v) => format!("{v}%"),
        ExprKind::Bool(b) => b.to_string(),
        ExprKind::Text(t) => format!("{t:?}"),
        ExprKind::Date(d) => d.to_string(),
        ExprKind::Duration { amount, unit } => format!("{amount}{unit:?}"),
        ExprKind::Empty => "leeg".into(),
        ExprKind::Name(p) => p.dotted(),
        ExprKind::Field(b, f) => format!("(. {} {})", sexp(b), f.name),
        ExprKind::Call { function, args } => format!(
            "({} {})",
            function.dotted(),
            args.iter().map(sexp).collect::<Vec<_>>().join(" ")
        ),
        ExprKind::Unary(op, x) => format!("({op:?} {})", sexp(x)),
        ExprKind::Binary(op, a, b) => format!("({op:?} {} {})", sexp(a), sexp(b)),
        ExprKind::If {
            condition,
            then,
            otherwise,
        } => format!(
            "(if {} {} {})",
            sexp(condition),
            sexp(then),
            sexp(otherwise)
        ),
        ExprKind::In(x, set) => format!(
            "(in {} {})",
            sexp(x),
            set.iter().map(sexp).collect::<Vec<_>>().join(" ")
        ),
        ExprKind::Exists { expr, negated } => format!(
            "(exists{} {})",
            if *negated { "-not" } else { "" },
            sexp(expr)
        ),
        ExprKind::Round { expr, mode, target } => {
            format!("(round {mode:?} {target:?} {})", sexp(expr))
        }
        ExprKind::Convert(x, p) => format!("(convert {p:?} {})", sexp(x)),
        ExprKind::WithPeriod(x, p) => format!("(per {p:?} {})", sexp(x)),
        ExprKind::Over {
            amount,
            count,
            unit,
            spread,
        } => format!(
            "({} {unit:?} {} {})",
            if *spread { "spread" } else { "over" },
            sexp(count),
            sexp(amount)
        ),
        ExprKind::Record(fs) => format!(
            "{{{}}}",
            fs.iter()
                .map(|(n, v)| format!("{}: {}", n.name, sexp(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        ExprKind::List(xs) => format!("[{}]", xs.iter().map(sexp).collect::<Vec<_>>().join(" ")),
        ExprKind::Sum {
            value,
            var,
            list,
            filter,
        } => format!(
            "(sum {} {} {} {})",
            sexp(value),
            var.name,
            sexp(list),
            filter.as_ref().map(|f| sexp(f)).unwrap_or_default()
        ),
        ExprKind::Count { var, list, filter } => format!(
            "(count {} {} {})",
            var.name,
            sexp(list),
            filter.as_ref().map(|f| sexp(f)).unwrap_or_default()
        ),
        ExprKind::Any {
            var,
            list,
            condition,
        } => format!("(any {} {} {})", var.name, sexp(list), sexp(condition)),
        ExprKind::All {
            var,
            list,
            condition,
        } => format!("(all {} {} {})", var.name, sexp(list), sexp(condition)),
        ExprKind::FirstIn {
            var,
            list,
            condition,
        } => format!("(first {} {} {})", var.name, sexp(list), sexp(condition)),
        ExprKind::FirstInRange {
            var,
            from,
            through,
            condition,
        } => format!(
            "(first-range {} {} {} {})",
            var.name,
            sexp(from),
            sexp(through),
            sexp(condition)
        ),
        ExprKind::Fail(t) => format!("(fail {t:?})"),
    }
}

fn s(src: &str) -> String {
    sexp(&rule_body(src))
}

#[test]
fn fixture_parses_with_every_item_kind() {
    let f = parse(FIXTURE).unwrap();
    let h = &f.header;
    assert_eq!(h.name.value, "Minimaregelingen en Wmo Voorbeeldstad");
    assert_eq!(h.id.dotted(), "voorbeeldstad.minima_wmo");
    assert_eq!(h.version.as_ref().unwrap().value, "2026");
    assert_eq!(
        h.valid.from.date,
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
    );
    assert_eq!(h.valid.through.unwrap().date.day(), 31);
    assert_eq!(h.sources.len(), 2);
    assert!(h.sources[0].url.is_some() && h.sources[1].url.is_none());
    assert_eq!(
        h.layer_on.as_ref().unwrap().dotted(),
        "landelijk.wmo_eigen_bijdrage"
    );
    assert_eq!(
        h.note.as_ref().unwrap().value,
        "Illustratief voorbeeld: de bedragen zijn voorbeeldwaarden.\nHet bestand gebruikt elke vorm uit de syntax.\n  (Ook een ingesprongen regel.)"
    );

    let kinds: std::collections::BTreeSet<&str> = f
        .items
        .iter()
        .map(|i| match i {
            Item::Use(_) => "use",
            Item::Enum(_) => "enum",
            Item::Record(_) => "record",
            Item::Input(_) => "input",
            Item::Outputs(_) => "outputs",
            Item::Parameter(_) => "parameter",
            Item::TopUp(_) => "top-up",
            Item::Article(_) => "article",
            Item::FollowUp(_) => "follow-up",
            Item::Rule(_) => "rule",
            Item::Exception(_) => "exception",
            Item::Function(_) => "function",
            Item::Table(_) => "table",
            Item::Ladder(_) => "ladder",
            Item::StepInsert(_) => "step",
            Item::Constraint(_) => "constraint",
            Item::Test(_) => "test",
        })
        .collect();
    assert_eq!(kinds.len(), 15, "{kinds:?}");
    assert_eq!(f.comments.len(), 6);
    assert_eq!(
        f.comments[0].text,
        " Voorbeeldbestand voor de parser- en formattertests: elk onderdeel van de"
    );
    assert!(f.comments.iter().any(|c| c.text == " maatwerk"));
    assert!(f.comments.iter().any(|c| c.text == " één kind van 10"));
}

#[test]
fn every_span_lies_inside_the_file() {
    let f = parse(FIXTURE).unwrap();
    for item in &f.items {
        let s = item.span();
        assert!(s.start < s.end && s.end <= FIXTURE.len(), "{item:?}");
        assert!(FIXTURE.is_char_boundary(s.start) && FIXTURE.is_char_boundary(s.end));
    }
    // Spot checks: spans point at the text they came from.
    let Item::Rule(r) = f
        .items
        .iter()
        .find(|i| matches!(i, Item::Rule(r) if r.name.name == "inkomensnorm"))
        .unwrap()
    else {
        unreachable!()
    };
    assert_eq!(&FIXTURE[r.name.span.start..r.name.span.end], "inkomensnorm");
    assert_eq!(
        &FIXTURE[r.body.span.start..r.body.span.end],
        "inkomensnorm_percentage * bijstand.norm(leefvorm; peildatum) afgerond op centen"
    );
    assert_eq!(&FIXTURE[r.ty.span.start..r.ty.span.end], "bedrag per maand");
}

#[test]
fn uses_enums_records_inputs_outputs() {
    let f = file(
        "gebruik landelijk.bijstandsnormen als bijstand\ngebruik landelijk.aow_leeftijd\n\
         keuze Leefvorm: alleenstaand | gehuwd\nkeuze Reden uitgebreid met a | b\n\
         gegeven Persoon\n  geboortedatum: datum\n  inkomen: bedrag per 4 weken?\n\
         invoer p: Persoon?\ninvoer l: lijst van aow.Persoon\ninvoer x: geheel getal?\n  ongebruikt \"voor lagen\"\n\
         uitvoer a, b, c\n",
    );
    let [Item::Use(u1), Item::Use(u2), Item::Enum(e1), Item::Enum(e2), Item::Record(r), Item::Input(i1), Item::Input(i2), Item::Input(i3), Item::Outputs(o)] =
        f.items.as_slice()
    else {
        panic!("{:?}", f.items)
    };
    assert_eq!(u1.alias.as_ref().unwrap().name, "bijstand");
    assert!(u2.alias.is_none());
    assert!(!e1.extends && e1.values.len() == 2);
    assert!(e2.extends && e2.values[1].name == "b");
    assert_eq!(r.fields[1].ty.kind, {
        let TypeKind::Optional(inner) = &r.fields[1].ty.kind else {
            panic!()
        };
        assert_eq!(inner.kind, TypeKind::Money(Some(Period::FourWeeks)));
        r.fields[1].ty.kind.clone()
    });
    assert!(
        matches!(&i1.ty.kind, TypeKind::Optional(t) if matches!(&t.kind, TypeKind::Named(p) if p.dotted() == "Persoon"))
    );
    assert!(
        matches!(&i2.ty.kind, TypeKind::List(t) if matches!(&t.kind, TypeKind::Named(p) if p.dotted() == "aow.Persoon"))
    );
    assert_eq!(i3.unused_reason.as_ref().unwrap().value, "voor lagen");
    assert_eq!(
        o.names.iter().map(|n| n.name.as_str()).collect::<Vec<_>>(),
        ["a", "b", "c"]
    );
}

#[test]
fn all_types() {
    let f = file(
        "invoer a: bedrag\ninvoer b: bedrag per maand\ninvoer c: bedrag per jaar\ninvoer d: bedrag per week\n\
         invoer e: bedrag per kwartaal\ninvoer f: bedrag per uur\ninvoer g: getal\ninvoer h: geheel getal\n\
         invoer i: percentage\ninvoer j: ja/nee\ninvoer k: tekst\ninvoer l: datum\ninvoer m: duur\n\
         invoer n: lijst van lijst van getal?\ninvoer o: (lijst van getal)?\n",
    );
    let kinds: Vec<TypeKind> = f
        .items
        .iter()
        .map(|i| match i {
            Item::Input(i) => i.ty.kind.clone(),
            _ => panic!(),
        })
        .collect();
    use TypeKind::*;
    assert_eq!(kinds[0], Money(None));
    assert_eq!(kinds[1], Money(Some(Period::Month)));
    assert_eq!(kinds[2], Money(Some(Period::Year)));
    assert_eq!(kinds[3], Money(Some(Period::Week)));
    assert_eq!(kinds[4], Money(Some(Period::Quarter)));
    assert_eq!(kinds[5], Money(Some(Period::Hour)));
    assert_eq!(
        kinds[6..13],
        [Number, Integer, Percentage, Bool, Text, Date, Duration]
    );
    // `?` binds to the innermost type; parentheses make the list optional.
    assert!(
        matches!(&kinds[13], List(l) if matches!(&l.kind, List(m) if matches!(&m.kind, Optional(_))))
    );
    assert!(matches!(&kinds[14], Optional(l) if matches!(&l.kind, List(_))));
}

#[test]
fn parameters_constant_and_dated() {
    let f = file(
        "parameter p: bedrag per maand\n  bron \"b\"\n  vanaf 2020-01-01: € 19,00\n  vanaf 2026-01-01 tot en met 2026-12-31: € 21,80\n\
         parameter q: bedrag = € 7.500\n  bron \"c\"\nvervang parameter r: duur = 67 jaar + 3 maanden\n",
    );
    let Item::Parameter(p) = &f.items[0] else {
        panic!()
    };
    let ParameterValues::Dated(v) = &p.values else {
        panic!()
    };
    assert_eq!(v.len(), 2);
    assert!(v[0].through.is_none());
    assert_eq!(v[1].through.unwrap().date.month(), 12);
    assert_eq!(v[1].value.kind, ExprKind::Money(dec("21.80")));
    assert_eq!(p.sources.len(), 1);
    let Item::Parameter(q) = &f.items[1] else {
        panic!()
    };
    assert_eq!(
        q.values,
        ParameterValues::Constant(Expr {
            kind: ExprKind::Money(dec("7500")),
            span: match &q.values {
                ParameterValues::Constant(e) => e.span,
                _ => panic!(),
            }
        })
    );
    assert_eq!(q.sources[0].text.value, "c");
    let Item::Parameter(r) = &f.items[2] else {
        panic!()
    };
    assert!(r.replaces && !q.replaces);
}

#[test]
fn articles_rules_exceptions_functions() {
    let f = file(
        "artikel \"3.8 lid 1\" \"Hoogte\"\n  \"\"\"De bijdrage.\"\"\"\nartikel \"1\"\nartikel \"2\" \"\"\"Tekst.\"\"\"\n\
         regel r: bedrag per maand\n  bron \"x\"\n  afwijkbaar\n  = € 1\n\
         uitzondering \"u\" op r\n  bron \"y\"\n  als ja\n  dan € 0\n\
         uitzondering \"v\" op \"u\"\n  als nee dan € 2\n\
         functie f(a: datum; b: geheel getal?): datum? =\n  a\n\
         vervang functie g(): getal bron \"z\" = 1\n",
    );
    let Item::Article(a) = &f.items[0] else {
        panic!()
    };
    assert_eq!(
        (
            a.number.value.as_str(),
            a.title.as_ref().unwrap().value.as_str()
        ),
        ("3.8 lid 1", "Hoogte")
    );
    assert!(a.text.as_ref().unwrap().long);
    let Item::Article(b) = &f.items[1] else {
        panic!()
    };
    assert!(b.title.is_none() && b.text.is_none());
    let Item::Article(c) = &f.items[2] else {
        panic!()
    };
    assert!(c.title.is_none() && c.text.as_ref().unwrap().value == "Tekst.");
    let Item::Rule(r) = &f.items[3] else { panic!() };
    assert!(r.overridable && r.sources.len() == 1 && !r.replaces);
    let Item::Exception(u) = &f.items[4] else {
        panic!()
    };
    assert!(matches!(&u.target, ExceptionTarget::Rule(p) if p.dotted() == "r"));
    assert_eq!(u.sources[0].text.value, "y");
    let Item::Exception(v) = &f.items[5] else {
        panic!()
    };
    assert!(matches!(&v.target, ExceptionTarget::Exception(t) if t.value == "u"));
    let Item::Function(fun) = &f.items[6] else {
        panic!()
    };
    assert_eq!(fun.params.len(), 2);
    assert!(matches!(fun.ret.kind, TypeKind::Optional(_)));
    let Item::Function(g) = &f.items[7] else {
        panic!()
    };
    assert!(g.replaces && g.params.is_empty() && g.sources.len() == 1);
}

#[test]
fn tables_with_every_cell_form() {
    let f = parse(FIXTURE).unwrap();
    let tables: Vec<&TableDecl> = f
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    let policies: Vec<HitPolicy> = tables.iter().map(|t| t.hit_policy).collect();
    assert_eq!(
        policies,
        [
            HitPolicy::Unique,
            HitPolicy::First,
            HitPolicy::Sum,
            HitPolicy::All,
            HitPolicy::Unique
        ]
    );
    assert!(tables[4].replaces);
    let av = tables[0];
    assert_eq!(av.outputs.len(), 3);
    assert_eq!(av.header.len(), 4);
    assert_eq!(av.rows.len(), 4);
    assert_eq!(av.rows[0].cells[3].kind, CellKind::Any);
    assert!(matches!(&av.rows[3].cells[0].kind, CellKind::Tests(t) if t.len() == 2));
    assert!(
        matches!(&av.rows[1].cells[1].kind, CellKind::Value(e) if e.kind == ExprKind::Text("wasservice".into()))
    );
    let aow = tables[1];
    let tests: Vec<&UnaryTest> = aow
        .rows
        .iter()
        .filter_map(|r| match &r.cells[0].kind {
            CellKind::Tests(t) => Some(&t[0]),
            _ => None,
        })
        .collect();
    assert!(matches!(tests[0], UnaryTest::Compare(CompareOp::Le, _)));
    assert!(matches!(
        tests[1],
        UnaryTest::Range {
            low_inclusive: true,
            high_inclusive: true,
            ..
        }
    ));
    assert!(matches!(
        tests[2],
        UnaryTest::Range {
            low_inclusive: false,
            high_inclusive: false,
            ..
        }
    ));
    assert!(matches!(
        tests[3],
        UnaryTest::Range {
            low_inclusive: true,
            high_inclusive: false,
            ..
        }
    ));
    assert!(matches!(
        tests[4],
        UnaryTest::Range {
            low_inclusive: false,
            high_inclusive: true,
            ..
        }
    ));
    assert!(matches!(tests[5], UnaryTest::Compare(CompareOp::Gt, _)));
    assert_eq!(aow.rows[6].cells[0].kind, CellKind::Any);
    let toeslag = tables[2];
    assert_eq!(toeslag.inputs.len(), 2);
    assert!(
        matches!(&toeslag.rows[1].cells[0].kind, CellKind::Tests(t) if matches!(t[0], UnaryTest::Compare(CompareOp::Ne, _)))
    );
    assert!(
        matches!(&toeslag.rows[2].cells[1].kind, CellKind::Tests(t) if matches!(t[0], UnaryTest::Compare(CompareOp::Eq, _)))
    );
    assert!(
        matches!(&toeslag.rows[1].cells[2].kind, CellKind::Value(e) if matches!(e.kind, ExprKind::WithPeriod(_, Period::Year)))
    );
    // Cell spans cover the cell text only.
    let c = &av.rows[1].cells[2];
    assert_eq!(&FIXTURE[c.span.start..c.span.end], "€ 9,50");
}

#[test]
fn ladders_step_inserts_constraints_tests() {
    let f = parse(FIXTURE).unwrap();
    let Some(Item::Ladder(l)) = f
        .items
        .iter()
        .find(|i| matches!(i, Item::Ladder(l) if l.name.name == "route"))
    else {
        panic!()
    };
    assert_eq!(l.steps.len(), 3);
    assert_eq!(l.steps[1].sources.len(), 1);
    assert!(l.steps[0].motivation.is_some() && l.steps[2].motivation.is_none());
    assert_eq!(l.otherwise.name.name, "maatwerkvoorziening");
    assert!(l
        .otherwise
        .motivation
        .as_ref()
        .unwrap()
        .value
        .contains("{hulpvraag}"));
    let inserts: Vec<&StepInsertDecl> = f
        .items
        .iter()
        .filter_map(|i| match i {
            Item::StepInsert(s) => Some(s),
            _ => None,
        })
        .collect();
    assert_eq!(inserts[0].position, StepPosition::Before);
    assert_eq!(inserts[0].anchor.name, "geen_voorziening");
    assert_eq!(inserts[0].ladder.name, "bijdrage_reden");
    assert_eq!(inserts[1].position, StepPosition::After);
    let constraints: Vec<&ConstraintDecl> = f
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Constraint(c) => Some(c),
            _ => None,
        })
        .collect();
    assert_eq!(
        constraints[0].for_each_row_of.as_ref().unwrap().name,
        "algemene_voorziening"
    );
    assert_eq!(
        sexp(&constraints[0].condition),
        "(if (exists kostprijs) (Compare(Le) tarief kostprijs) true)"
    );
    assert!(constraints[1].for_each_row_of.is_none() && constraints[1].sources.is_empty());
    let tests: Vec<&TestDecl> = f
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Test(t) => Some(t),
            _ => None,
        })
        .collect();
    assert_eq!(tests[0].peildatum.unwrap().date.month(), 3);
    assert_eq!(tests[0].assignments.len(), 14);
    assert_eq!(tests[0].expectations.len(), 2);
    assert_eq!(
        tests[1].like.as_ref().unwrap().value,
        "alleenstaande met een kind"
    );
    assert!(tests[1].peildatum.is_none());
    assert!(
        matches!(&tests[2].expectations[0], Expectation::Error { contains, .. } if contains.value == "nog niet vastgesteld")
    );
}

#[test]
fn over_needs_a_unit() {
    let e = parse(&format!("{HEADER}regel x: bedrag = m over n\n")).expect_err("no unit");
    assert_eq!(e.message, "na `over` volgt een aantal met een eenheid");
}

#[test]
fn precedence() {
    assert_eq!(s("1 + 2 * 3"), "(Add 1 (Mul 2 3))");
    assert_eq!(s("1 - 2 - 3"), "(Sub (Sub 1 2) 3)");
    assert_eq!(s("a of b en c"), "(Or a (And b c))");
    assert_eq!(s("niet a = b en c"), "(And (Not (Compare(Eq) a b)) c)");
    assert_eq!(
        s("110% * x afgerond op centen"),
        "(round HalfAwayFromZero Cents (Mul 1.10% x))"
    );
    assert_eq!(
        s("a + b afgerond op centen = c"),
        "(Compare(Eq) (round HalfAwayFromZero Cents (Add a b)) c)"
    );
    assert_eq!(
        s("a omgerekend naar per jaar naar beneden afgerond op hele euro's"),
        "(round Down WholeEuros (convert Year a))"
    );
    assert_eq!(s("x per maand"), "(per Month x)");
    // `over`: a written duration becomes count and unit; a unit after an
    // expression counts it; it chains with the other suffixes.
    assert_eq!(s("m over 12 maanden"), "(over Months 12 m)");
    assert_eq!(s("m over 1 jaar"), "(over Years 1 m)");
    assert_eq!(s("a + b over n maanden"), "(over Months n (Add a b))");
    assert_eq!(s("m over (n + 1) weken"), "(over Weeks (Add n 1) m)");
    assert!(parse(&format!("{HEADER}regel x: bedrag = m over n + 1 maanden\n")).is_err());
    assert_eq!(
        s("t verdeeld over 12 maanden afgerond op centen"),
        "(round HalfAwayFromZero Cents (spread Months 12 t))"
    );
    assert_eq!(
        s("j omgerekend naar per maand over 6 maanden"),
        "(over Months 6 (convert Month j))"
    );
    // `over` is not reserved.
    assert_eq!(s("over + 1"), "(Add over 1)");
    assert_eq!(s("-a.b"), "(Neg a.b)");
    assert_eq!(s("-5 * 2"), "(Mul -5 2)");
    assert_eq!(s("-(5)"), "(Neg 5)");
    assert_eq!(s("- -5"), "(Neg -5)");
    assert_eq!(s("€ -23 + -€ 1,50"), "(Add €-23 €-1.50)");
    assert_eq!(s("-12,5%"), "-0.125%");
    assert_eq!(s("f(a; b).c.d"), "(. (. (f a b) c) d)");
    assert_eq!(s("(a).b"), "a.b");
    assert_eq!(
        s("als a dan 1 anders als b dan 2 anders 3"),
        "(if a 1 (if b 2 3))"
    );
    assert_eq!(
        s("x in {a, b} en y bestaat niet"),
        "(And (in x a b) (exists-not y))"
    );
    assert_eq!(s("67 jaar + 3 maanden"), "(Add 67Years 3Months)");
    assert_eq!(
        s("jaar(d) + maand(d) + dag(d)"),
        "(Add (Add (jaar d) (maand d)) (dag d))"
    );
    assert_eq!(s("datum(2026; 1; 1)"), "(datum 2026 1 1)");
    assert_eq!(s("aow.aow_datum(x)"), "(aow.aow_datum x)");
    assert_eq!(
        s("som van v.k voor elke v in l waarvoor v.s <> r"),
        "(sum v.k v l (Compare(Ne) v.s r))"
    );
    assert_eq!(
        s("aantal k in l waarvoor k.a < 18"),
        "(count k l (Compare(Lt) k.a 18))"
    );
    assert_eq!(s("er is een k in l waarvoor k.a"), "(any k l k.a)");
    assert_eq!(s("voor alle v in l geldt v.a"), "(all v l v.a)");
    assert_eq!(s("eerste v in l waarvoor v.a"), "(first v l v.a)");
    assert_eq!(
        s("eerste j van jaar(g) + 65 tot en met 2031 waarvoor j = 1"),
        "(first-range j (Add (jaar g) 65) 2031 (Compare(Eq) j 1))"
    );
    assert_eq!(s("fout \"nee\""), "(fail \"nee\")");
    assert_eq!(s("{ a: 1, b: [1, 2,5] }"), "{a: 1, b: [1 2.5]}");
    assert_eq!(
        s("x naar boven afgerond op hele getallen"),
        "(round Up WholeNumbers x)"
    );
    assert_eq!(
        s("x afgerond op 3 decimalen"),
        "(round HalfAwayFromZero Decimals(3) x)"
    );
    assert_eq!(
        s("x afgerond op hele euro"),
        "(round HalfAwayFromZero WholeEuros x)"
    );
}

#[test]
fn dutch_literals() {
    let lit = |src: &str| rule_body(src).kind;
    assert_eq!(lit("€ 1.401,50"), ExprKind::Money(dec("1401.50")));
    assert_eq!(lit("€ 0"), ExprKind::Money(dec("0")));
    assert_eq!(lit("€ 17,6"), ExprKind::Money(dec("17.6")));
    assert_eq!(lit("€1.000.000"), ExprKind::Money(dec("1000000")));
    assert_eq!(
        lit("12,5"),
        ExprKind::Number {
            value: dec("12.5"),
            is_integer: false
        }
    );
    assert_eq!(
        lit("1.000"),
        ExprKind::Number {
            value: dec("1000"),
            is_integer: true
        }
    );
    assert_eq!(
        lit("-23"),
        ExprKind::Number {
            value: dec("-23"),
            is_integer: true
        }
    );
    assert_eq!(lit("110%"), ExprKind::Percentage(dec("1.10")));
    assert_eq!(lit("12,5%"), ExprKind::Percentage(dec("0.125")));
    assert_eq!(lit("ja"), ExprKind::Bool(true));
    assert_eq!(lit("nee"), ExprKind::Bool(false));
    assert_eq!(lit("leeg"), ExprKind::Empty);
    assert_eq!(
        lit("\"a \\\"b\\\" \\\\\""),
        ExprKind::Text("a \"b\" \\".into())
    );
    assert_eq!(
        lit("\"\"\"een\n     twee\"\"\""),
        ExprKind::Text("een\ntwee".into())
    );
    assert!(matches!(
        lit("2024-02-29"),
        ExprKind::Date(DateLit { date, .. }) if date == NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
    ));
    for (src, unit) in [
        ("1 jaar", DurationUnit::Years),
        ("3 maanden", DurationUnit::Months),
        ("1 maand", DurationUnit::Months),
        ("52 weken", DurationUnit::Weeks),
        ("1 week", DurationUnit::Weeks),
        ("10 dagen", DurationUnit::Days),
        ("1 dag", DurationUnit::Days),
    ] {
        assert!(
            matches!(lit(src), ExprKind::Duration { unit: u, .. } if u == unit),
            "{src}"
        );
    }
}

#[test]
fn keywords_are_reserved_but_builtins_are_calls() {
    assert!(parse(&format!("{HEADER}regel dan: getal = 1\n")).is_err());
    assert!(parse(&format!("{HEADER}regel jaar: getal = 1\n")).is_err());
    // Names that merely start with a keyword are fine.
    let f = file("regel datum_aow: datum = jaartal + enkel + ofwel + peildatum\n");
    assert_eq!(f.items.len(), 1);
}

#[test]
fn whitespace_is_insignificant_outside_tables() {
    let a = file("regel x: getal = als a dan 1 anders 2\n");
    let b = file("regel x:\n\tgetal\n=\n   als a\n dan 1\nanders    2");
    let strip = |f: &File| match &f.items[0] {
        Item::Rule(r) => sexp(&r.body),
        _ => panic!(),
    };
    assert_eq!(strip(&a), strip(&b));
    // Windows line endings and a byte-order mark.
    let crlf = format!("\u{FEFF}{HEADER}regel x: getal = 1\n// c\n").replace('\n', "\r\n");
    let f = parse(&crlf).unwrap();
    assert_eq!(f.comments[0].text, " c");
}

// ------------------------------------------------------------ parser checks

#[test]
fn invalid_dates_are_errors() {
    let e = err("regel x: datum = 2025-02-30\n");
    assert_eq!(
        e.message,
        "`2025-02-30` is geen geldige datum: februari 2025 heeft 28 dagen"
    );
    assert_eq!(e.span.len(), 10);
    assert!(err("regel x: datum = 2025-13-01\n")
        .message
        .contains("geen maand 13"));
    assert!(err("regel x: datum = 2025-1-01\n")
        .help
        .unwrap()
        .contains("JJJJ-MM-DD"));
    assert!(parse(&format!("{HEADER}regel x: datum = 2024-02-29\n")).is_ok());
}

/// Every place a date is written refuses a day the calendar does not have,
/// at parse time: the AST never holds an impossible date.
#[test]
fn impossible_dates_are_syntax_errors_everywhere() {
    let header = parse("regeling \"T\"\n  id t\n  geldig vanaf 2025-02-31\n").unwrap_err();
    assert_eq!(
        header.message,
        "`2025-02-31` is geen geldige datum: februari 2025 heeft 28 dagen"
    );
    let through =
        parse("regeling \"T\"\n  id t\n  geldig vanaf 2025-01-01 tot en met 2025-04-31\n")
            .unwrap_err();
    assert!(
        through.message.contains("april 2025 heeft 30 dagen"),
        "{}",
        through.message
    );
    let param = err("parameter p: bedrag\n  vanaf 2023-02-29: € 1\n");
    assert!(
        param.message.contains("februari 2023 heeft 28 dagen"),
        "{}",
        param.message
    );
    let peildatum = err("test \"t\"\n  peildatum 2025-06-31\n  verwacht x = 1\n");
    assert!(
        peildatum.message.contains("juni 2025 heeft 30 dagen"),
        "{}",
        peildatum.message
    );
    assert!(err("regel x: datum = 2025-01-00\n")
        .message
        .contains("januari 2025 heeft 31 dagen"));
}

/// A date read back from JSON (a bundle's manifest) is checked the same way:
/// a manifest with an impossible date is refused, not turned into some date.
#[test]
fn date_literals_round_trip_through_json_and_refuse_impossible_days() {
    let d = DateLit {
        date: NaiveDate::from_ymd_opt(2024, 2, 29).unwrap(),
        span: Span::new(3, 13),
    };
    let json = serde_json::to_string(&d).unwrap();
    assert_eq!(
        json,
        r#"{"year":2024,"month":2,"day":29,"span":{"start":3,"end":13}}"#
    );
    assert_eq!(serde_json::from_str::<DateLit>(&json).unwrap(), d);
    let bad = r#"{"year":2025,"month":2,"day":29,"span":{"start":0,"end":0}}"#;
    let e = serde_json::from_str::<DateLit>(bad).unwrap_err();
    assert!(
        e.to_string()
            .contains("`2025-02-29` is geen bestaande datum"),
        "{e}"
    );
}

#[test]
fn money_with_more_than_two_decimals_is_an_error() {
    let e = err("regel x: bedrag = € 1,505\n");
    assert!(
        e.message.contains("meer dan twee decimalen"),
        "{}",
        e.message
    );
}

#[test]
fn thousands_groups_must_have_three_digits() {
    let e = err("regel x: getal = 1.00\n");
    assert!(
        e.message.contains("`1.00` is geen geldig getal"),
        "{}",
        e.message
    );
    assert_eq!(
        e.help.as_deref(),
        Some("decimalen schrijft u met een komma: `1,00`; duizendtallen met een punt: `1.000`")
    );
    assert!(err("regel x: bedrag = € 12.34.567\n")
        .message
        .contains("geen geldig getal"));
}

#[test]
fn table_headers_and_rows_of_any_width_parse() {
    // Whether they match the signature is the checker's R0404, not a syntax error.
    let t = "tabel t(a: getal) -> b: getal\n  beslis uniek\n  | a | b |\n";
    let table = |src: &str| match parse(&format!("{HEADER}{src}")) {
        Ok(f) => match f.items.into_iter().next() {
            Some(Item::Table(t)) => t,
            other => panic!("geen tabel: {other:?}"),
        },
        Err(e) => panic!("{src}: {e}"),
    };
    let widths = |t: &TableDecl| -> Vec<usize> { t.rows.iter().map(|r| r.cells.len()).collect() };
    assert_eq!(widths(&table(&format!("{t}  | 1 | 2 |\n"))), vec![2]);
    assert_eq!(
        widths(&table(&format!("{t}  | 1 | 2 | 3 |\n  | 1 |\n"))),
        vec![3, 1]
    );
    let narrow = table("tabel t(a: getal) -> b: getal, c: getal\n  beslis uniek\n  | a | b |\n");
    let names: Vec<&str> = narrow.header.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, vec!["a", "b"]);
    let renamed = table("tabel t(a: getal) -> b: getal\n  beslis uniek\n  | a | c |\n");
    assert_eq!(renamed.header[1].name, "c");
}

#[test]
fn table_rows_are_still_checked_cell_by_cell() {
    let t = "tabel t(a: getal) -> b: getal\n  beslis uniek\n  | a | b |\n";
    let e = err(&format!("{t}  | 1 | 2 | | 3 | 4 |\n"));
    assert_eq!(e.message, "deze cel is leeg");
    let e = err(&format!("{t}  | 1 | 2 |  | 3 | 4 |\n"));
    assert_eq!(e.message, "deze cel is leeg");
    let e = err(&format!("{t}  | 1 | 2, 3 |\n"));
    assert!(e.message.contains("uitvoercel"), "{}", e.message);
    let e = err(&format!("{t}  | 1\n  | 2 |\n"));
    assert_eq!(e.message, "een rij van een tabel moet op één regel staan");
    let e = err(&format!("{t}  | 1 | regel x |\n"));
    assert!(e.message.starts_with("verwacht"), "{}", e.message);
}

#[test]
fn header_needs_id_and_validity() {
    let e = parse("regeling \"x\"\n  geldig vanaf 2024-01-01\n").unwrap_err();
    assert!(e.message.contains("`id`"));
    let e = parse("regeling \"x\"\n  id a\n").unwrap_err();
    assert!(e.message.contains("geldig vanaf"));
    let e = parse("regeling \"x\"\n  id a\n  id b\n  geldig vanaf 2024-01-01\n").unwrap_err();
    assert!(e.message.contains("twee keer"));
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!("regel x: getal = {}1{}\n", "(".repeat(500), ")".repeat(500));
    assert!(err(&deep).message.contains("genest"));
    let nots = format!("regel x: ja/nee = {}ja\n", "niet ".repeat(5000));
    assert!(err(&nots).message.contains("genest"));
    let sum = format!("regel x: getal = 1{}\n", " + 1".repeat(5000));
    assert!(err(&sum).message.contains("genest"));
    let chain = format!(
        "regel x: getal = {}1\n",
        "als ja dan 1 anders ".repeat(2000)
    );
    assert!(parse(&format!("{HEADER}{chain}")).is_err());
}

#[test]
fn the_rule_library_parses() {
    // The real rule files of the project (they live outside this crate).
    for (path, src) in crate::test_support::rule_library() {
        if let Err(e) = parse(&src) {
            panic!(
                "{path}: {e} at {:?}",
                &src[e.span.start..(e.span.start + 40).min(src.len())]
            );
        }
    }
}

#[test]
fn bounds_after_the_type_of_an_input_and_after_afwijkbaar() {
    let f = file(
        "invoer kamers: geheel getal minimaal 0\n\
         invoer inkomen: bedrag per maand minimaal € 0 ongebruikt \"later\"\n\
         invoer pct: percentage minimaal 0 % maximaal 100 %\n\
         invoer saldo: bedrag maximaal € -1\n\
         invoer minimaal: getal\n\
         regel verlaging: percentage afwijkbaar minimaal 5 % maximaal 100 % = 20 %\n",
    );
    let bounds: Vec<(Option<ExprKind>, Option<ExprKind>)> = f
        .items
        .iter()
        .map(|item| {
            let b = match item {
                Item::Input(i) => i.bounds.clone(),
                Item::Rule(r) => r.override_bounds.clone(),
                _ => panic!("{item:?}"),
            };
            let b = b.unwrap_or(Bounds {
                min: None,
                max: None,
                span: Span::new(0, 0),
            });
            (b.min.map(|e| e.kind), b.max.map(|e| e.kind))
        })
        .collect();
    let int = |v: &str| ExprKind::Number {
        value: dec(v),
        is_integer: true,
    };
    assert_eq!(
        bounds,
        vec![
            (Some(int("0")), None),
            (Some(ExprKind::Money(dec("0"))), None),
            (
                Some(ExprKind::Percentage(dec("0"))),
                Some(ExprKind::Percentage(dec("1")))
            ),
            (None, Some(ExprKind::Money(dec("-1")))),
            (None, None),
            (
                Some(ExprKind::Percentage(dec("0.05"))),
                Some(ExprKind::Percentage(dec("1")))
            ),
        ]
    );
    let Item::Input(i) = &f.items[1] else {
        panic!()
    };
    assert_eq!(i.unused_reason.as_ref().unwrap().value, "later");
    let Item::Rule(r) = &f.items[5] else { panic!() };
    assert!(r.overridable);
}

#[test]
fn a_gegeven_field_can_state_bounds_before_its_label_and_only_a_gegeven_field() {
    let f = file(
        "gegeven Voorziening\n  stuks: geheel getal minimaal 0 label \"aantal keer\"\n  \
         bijdrage: bedrag minimaal € 0 maximaal € 100\n  minimaal: getal\n  soort: tekst\n",
    );
    let Item::Record(r) = &f.items[0] else {
        panic!("{:?}", f.items[0])
    };
    let kinds: Vec<_> = r
        .fields
        .iter()
        .map(|field| {
            let b = field.bounds.clone();
            b.map(|b| (b.min.map(|e| e.kind), b.max.map(|e| e.kind)))
        })
        .collect();
    let int0 = ExprKind::Number {
        value: dec("0"),
        is_integer: true,
    };
    assert_eq!(
        kinds,
        vec![
            Some((Some(int0), None)),
            Some((
                Some(ExprKind::Money(dec("0"))),
                Some(ExprKind::Money(dec("100")))
            )),
            None,
            None,
        ]
    );
    assert_eq!(r.fields[0].label.as_ref().unwrap().value, "aantal keer");
    assert_eq!(r.fields[2].name.name, "minimaal");
    // A function parameter or table column has no range: the grammar has no place for one.
    err("functie f(x: getal minimaal 0): getal = x\n");
    err("tabel t(x: getal minimaal 0) -> y: getal\n  beslis uniek\n  | x | y |\n  | - | 1 |\n");
}

#[test]
fn a_parameter_can_carry_a_label_before_its_values() {
    let f = file(
        "parameter p: bedrag per maand\n  label \"premie per maand\"\n  bron \"b\"\n  vanaf 2025-01-01: € 1\n\
         parameter q: getal label \"factor\" = 2\n",
    );
    let labels: Vec<_> = f
        .items
        .iter()
        .map(|item| match item {
            Item::Parameter(p) => p.label.as_ref().map(|l| l.value.clone()),
            _ => panic!("{item:?}"),
        })
        .collect();
    assert_eq!(
        labels,
        [Some("premie per maand".to_string()), Some("factor".into())]
    );
    let e = err("parameter p: getal label \"a\" label \"b\" = 1\n");
    assert!(e.message.contains("label"), "{e:?}");
}

#[test]
fn bounds_are_written_after_the_type_only() {
    // `minimaal` before the type, or a bound without a value, is a syntax error.
    err("invoer x: minimaal 0 getal\n");
    err("invoer x: getal minimaal\n");
    err("invoer x: getal maximaal 5 minimaal 0\n");
}

#[test]
fn a_test_carries_overrides_with_a_reason() {
    let f = file(
        "test \"afwijking\"\n  peildatum 2024-05-01\n  afwijking = 3\n  \
         afwijking uren_per_jaar = -5 reden \"maatwerk\"\n  verwacht fout \"buiten\"\n",
    );
    let Item::Test(t) = &f.items[0] else { panic!() };
    // A name `afwijking` is still an input of the test.
    assert_eq!(t.assignments.len(), 1);
    assert_eq!(t.assignments[0].name.name, "afwijking");
    assert_eq!(t.overrides.len(), 1);
    let o = &t.overrides[0];
    assert_eq!(o.rule.name, "uren_per_jaar");
    assert_eq!(o.reason.value, "maatwerk");
    assert!(matches!(o.value.kind, ExprKind::Number { value, .. } if value == dec("-5")));
    // The reason is required.
    err("test \"t\"\n  afwijking x = 1\n");
}

#[test]
fn labels_questions_and_help_texts() {
    let f = file(
        "keuze Leefvorm: alleenstaande label \"alleenstaand\" | gehuwd\n\
         gegeven Persoon\n  geboortedatum: datum label \"geboortedatum\"\n  label: tekst\n\
         invoer kamers: geheel getal\n  label \"extra kamers\"\n  vraag \"Hoeveel kamers?\"\n  hulp \"Tel alle kamers.\"\n\
         regel financiele_middelen: ja/nee label \"financiële middelen\" bron \"art. 1\" = ja\n\
         functie f(a: datum label \"geboortedatum\"): datum label \"dag\" = a\n\
         afweging w: tekst label \"weging\"\n  anders x\n",
    );
    let [Item::Enum(e), Item::Record(r), Item::Input(i), Item::Rule(rule), Item::Function(func), Item::Ladder(l)] =
        f.items.as_slice()
    else {
        panic!("{:?}", f.items)
    };
    let text = |t: &Option<Text>| t.as_ref().map(|t| t.value.clone());
    assert_eq!(
        e.labels.iter().map(text).collect::<Vec<_>>(),
        [Some("alleenstaand".into()), None]
    );
    assert_eq!(text(&r.fields[0].label).as_deref(), Some("geboortedatum"));
    // A field named `label` is still a field.
    assert_eq!(
        (r.fields[1].name.name.as_str(), &r.fields[1].label),
        ("label", &None)
    );
    assert_eq!(text(&i.label).as_deref(), Some("extra kamers"));
    assert_eq!(text(&i.question).as_deref(), Some("Hoeveel kamers?"));
    assert_eq!(text(&i.help).as_deref(), Some("Tel alle kamers."));
    assert_eq!(text(&rule.label).as_deref(), Some("financiële middelen"));
    assert_eq!(rule.sources.len(), 1);
    assert_eq!(text(&func.label).as_deref(), Some("dag"));
    assert_eq!(
        text(&func.params[0].label).as_deref(),
        Some("geboortedatum")
    );
    assert_eq!(text(&l.label).as_deref(), Some("weging"));
}

#[test]
fn a_label_twice_or_empty_is_refused() {
    let twice = err("invoer x: tekst\n  vraag \"a?\"\n  vraag \"b?\"\n");
    assert!(
        twice.message.contains("`vraag` staat hier al eens"),
        "{}",
        twice.message
    );
    let empty = err("regel x: ja/nee label \" \" = ja\n");
    assert!(
        empty.message.contains("mag niet leeg zijn"),
        "{}",
        empty.message
    );
}

#[test]
fn an_intended_end_follows_the_last_dated_value() {
    let f = file(
        "parameter p: bedrag\n  vanaf 2024-01-01 tot en met 2025-12-31: € 1\n  einde \"later bekend\"\n  bron \"b\"\n",
    );
    let Item::Parameter(p) = &f.items[0] else {
        panic!()
    };
    assert_eq!(p.end_reason.as_ref().unwrap().value, "later bekend");
    assert_eq!(p.sources.len(), 1);
    // Only after a written end: an open last value has nothing to acknowledge.
    let e = err("parameter p: bedrag\n  vanaf 2024-01-01: € 1\n  einde \"x\"\n");
    assert!(
        e.message
            .contains("`einde` hoort bij een laatste waarde met `tot en met`"),
        "{e}"
    );
    // `einde` is contextual: still a name elsewhere.
    let f = file("parameter einde: bedrag = € 1\n");
    assert!(matches!(&f.items[0], Item::Parameter(p) if p.name.name == "einde"));
}

#[test]
fn a_top_up_names_a_used_parameter_with_sources_and_dated_values() {
    let f = file(
        "aanvulling normen.norm\n  bron \"b\"\n  vanaf 2026-01-01 tot en met 2026-06-30: € 1\n  vanaf 2026-07-01: € 2\n",
    );
    let Item::TopUp(t) = &f.items[0] else {
        panic!("{:?}", f.items[0])
    };
    assert_eq!(t.target.dotted(), "normen.norm");
    assert_eq!(t.sources[0].text.value, "b");
    assert_eq!(t.values.len(), 2);
    assert_eq!(t.end_reason, None);
    // At least one dated value; a constant is not a top-up.
    err("aanvulling normen.norm = € 1\n");
    err("aanvulling normen.norm\n  bron \"b\"\n");
    // `aanvulling` is contextual: still a name elsewhere.
    let f = file("parameter aanvulling: bedrag = € 1\n");
    assert!(matches!(&f.items[0], Item::Parameter(p) if p.name.name == "aanvulling"));
}

#[test]
fn a_top_up_can_acknowledge_its_end_like_a_parameter() {
    let f = file(
        "aanvulling normen.norm\n  vanaf 2026-01-01 tot en met 2026-06-30: € 1\n  einde \"tweede helft volgt\"\n  bron \"b\"\n",
    );
    let Item::TopUp(t) = &f.items[0] else {
        panic!("{:?}", f.items[0])
    };
    assert_eq!(t.end_reason.as_ref().unwrap().value, "tweede helft volgt");
    assert_eq!(t.sources[0].text.value, "b");
    // As for a parameter: only a written-down end can be intended.
    let e = err("aanvulling normen.norm\n  vanaf 2026-01-01: € 1\n  einde \"r\"\n");
    assert!(
        e.message
            .contains("`einde` hoort bij een laatste waarde met `tot en met`"),
        "{e:?}"
    );
}
