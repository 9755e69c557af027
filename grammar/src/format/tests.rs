//! Formatter tests: round trip (same AST modulo spans), idempotence, comments, layout details.

use crate::ast::*;
use crate::{format_file, parse};

const FIXTURE: &str = include_str!("../../tests/fixtures/voorbeeld.regels");

/// The file with every span zeroed and comments dropped, for comparison.
fn strip(f: &File) -> File {
    fn zero(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m.iter_mut() {
                    if k == "span" || k == "hit_policy_span" {
                        *x = serde_json::json!({"start": 0, "end": 0});
                    } else {
                        zero(x);
                    }
                }
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(zero),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(f).unwrap();
    zero(&mut v);
    let mut out: File = serde_json::from_value(v).unwrap();
    out.comments.clear();
    out
}

/// Formats, reparses and formats again; checks AST equality and idempotence.
pub(crate) fn round_trip(name: &str, src: &str) -> String {
    let f1 = parse(src).unwrap_or_else(|e| panic!("{name}: {e}"));
    let out1 = format_file(&f1);
    let f2 = parse(&out1).unwrap_or_else(|e| {
        panic!(
            "{name}: formatted output does not parse: {e}\n{}",
            &out1[e.span.start.saturating_sub(200)..(e.span.end + 100).min(out1.len())]
        )
    });
    assert!(
        strip(&f1) == strip(&f2),
        "{name}: AST changed by formatting"
    );
    let texts = |f: &File| {
        let mut t: Vec<String> = f
            .comments
            .iter()
            .map(|c| c.text.trim_end().to_string())
            .collect();
        t.sort();
        t
    };
    assert_eq!(texts(&f1), texts(&f2), "{name}: comments changed");
    let out2 = format_file(&f2);
    if out1 != out2 {
        let line = out1
            .lines()
            .zip(out2.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "{name}: not idempotent at line {}:\n{:?}\n{:?}",
            line + 1,
            out1.lines().nth(line),
            out2.lines().nth(line)
        );
    }
    out1
}

#[test]
fn fixture_round_trips_and_is_idempotent() {
    round_trip("voorbeeld", FIXTURE);
}

#[test]
fn the_rule_library_round_trips() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "regels") {
                let src = std::fs::read_to_string(&p).unwrap();
                round_trip(&p.display().to_string(), &src);
            }
        }
    }
}

/// Header and rows of another width than the signature parse (the checker's R0404); the
/// formatter keeps every cell and column name, aligned over the widest row.
#[test]
fn tables_of_mismatched_width_keep_every_cell() {
    let src = "regeling \"T\"\n  id t\n  geldig vanaf 2024-01-01\n\ntabel t(a: getal) -> b: getal\n  beslis uniek\n  | a | b | extra |\n  | 1 | 2 |\n  | 10 | 20 | 30 | 40 |\n";
    let out = round_trip("ongelijke tabel", src);
    assert!(
        out.contains("| a  | b  | extra |\n")
            && out.contains("| 1  | 2  |\n")
            && out.contains("| 10 | 20 | 30    | 40 |\n"),
        "{out}"
    );
}

/// taal.md §14 allows a comment after a table row: it stays on that row. A comment after
/// other code still moves above its line.
#[test]
fn a_comment_after_a_table_row_stays_on_the_row() {
    let src = "regeling \"T\"\n  id t\n  geldig vanaf 2024-01-01\n\ntabel t(a: getal) -> b: getal // de tabel\n  beslis uniek\n  | a | b |\n  | 1 | 2 | // Stb. 2012, 324\n  | 10 | 20 |\n  | 30 | 40 |   // laatste rij  \n";
    let out = round_trip("commentaar achter een rij", src);
    assert!(
        out.contains("// de tabel\ntabel t(a: getal) -> b: getal\n")
            && out.contains("  | 1  | 2  | // Stb. 2012, 324\n  | 10 | 20 |\n")
            && out.contains("  | 30 | 40 | // laatste rij\n"),
        "{out}"
    );
}
