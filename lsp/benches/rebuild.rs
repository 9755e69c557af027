//! What a keystroke costs: the server rebuilds the engine's library and its
//! diagnostics on every change. Timed for the rule library with one of its
//! files changed, and with a generated regeling of 2,000 lines open.
//! `cargo bench -p lsp`.

use criterion::{criterion_group, criterion_main, Criterion};
use lsp::workspace::Workspace;
use lsp_types::{DiagnosticSeverity, Url};
use std::fmt::Write;
use std::path::{Path, PathBuf};

fn rule_files(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
    for entry in std::fs::read_dir(dir).expect("rules/ is readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rule_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "regels") {
            let text = std::fs::read_to_string(&path).expect("a rule file");
            out.push((path, text));
        }
    }
}

/// A valid regeling of about 2,000 lines: articles, parameters, rules
/// that use them and a running sum over all of them.
fn long_regeling() -> String {
    let mut s = String::from(
        "regeling \"Lang\"\n  id bench.lang\n  geldig vanaf 2025-01-01\n\ninvoer inkomen: bedrag per maand\n\nuitvoer som_289\n\nregel som_0: bedrag per maand = € 0\n",
    );
    for i in 1..290 {
        let _ = write!(
            s,
            "\nartikel \"{i}\" \"Onderdeel {i}\"\n\nparameter grens_{i}: bedrag per maand = € {i},50\n\nregel deel_{i}: bedrag per maand =\n  als inkomen < grens_{i} dan grens_{i} - inkomen anders € 0\nregel som_{i}: bedrag per maand = som_{} + deel_{i}\n",
            i - 1
        );
    }
    s
}

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
    let mut files = Vec::new();
    rule_files(&root, &mut files);
    let changed = root
        .join("heemskerk/minimaregelingen/2025.regels")
        .canonicalize()
        .expect("the file exists");
    let text = std::fs::read_to_string(&changed).unwrap();
    let uri = Url::from_file_path(&changed).unwrap();
    let mut ws = Workspace::new(files.clone());
    let error = |d: &lsp_types::Diagnostic| d.severity == Some(DiagnosticSeverity::ERROR);
    let errors = |ws: &mut Workspace| -> Vec<String> {
        let diags = ws.diagnostics().into_iter();
        diags
            .flat_map(|(_, ds)| ds.into_iter().filter(error).map(|d| d.message))
            .collect()
    };
    assert_eq!(
        errors(&mut ws),
        Vec::<String>::new(),
        "rules/ has no errors"
    );

    let mut group = c.benchmark_group("change");
    let mut edit = 0usize;
    group.bench_function("rules/ with one file changed", |b| {
        b.iter(|| {
            edit += 1;
            ws.open(uri.clone(), format!("{text}\n// wijziging {edit}\n"));
            ws.diagnostics()
        })
    });

    let long = long_regeling();
    assert!(
        long.lines().count() >= 2000,
        "{} lines",
        long.lines().count()
    );
    let long_uri = Url::parse("untitled:lang.regels").unwrap();
    ws.open(long_uri.clone(), long.clone());
    assert_eq!(
        errors(&mut ws),
        Vec::<String>::new(),
        "the long regeling is valid"
    );
    group.bench_function("rules/ and a 2,000-line file changed", |b| {
        b.iter(|| {
            edit += 1;
            ws.open(long_uri.clone(), format!("{long}\n// wijziging {edit}\n"));
            ws.diagnostics()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
