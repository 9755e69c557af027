//! `regelwerk test`: run the `test` blocks of the rule files under the
//! given paths and the case files given with `--casussen`.

use crate::args::TestArgs;
use crate::files;
use crate::render;
use crate::{usage_problem, Exit};
use engine::test_runner::{run_case_file, run_test_blocks, TestResult};
use engine::Engine;
use std::collections::BTreeSet;
use std::path::PathBuf;

pub fn run(a: TestArgs) -> Exit {
    let (loaded, ids) = match files::load_rule_files(&a.paths, a.library.folder.as_deref()) {
        Ok(l) => l,
        Err(e) => return usage_problem(e),
    };
    let mut case_files: BTreeSet<PathBuf> = BTreeSet::new();
    for c in &a.cases {
        if let Err(e) = files::collect(c, "json", &mut case_files) {
            return usage_problem(e);
        }
    }

    let engine = Engine::new(loaded.sources);
    let errors: Vec<_> = engine
        .diagnostics()
        .iter()
        .filter(|d| d.is_error())
        .collect();
    if !errors.is_empty() {
        let handler = render::handler(render::colour_on_stderr());
        for d in &errors {
            eprintln!("{}", render::render(&handler, d, engine.sources()));
        }
        eprintln!(
            "fout: de bibliotheek bevat {}; regelingen met fouten kunnen niet worden getest",
            render::quantity(errors.len(), "fout", "fouten")
        );
    }

    let mut results = run_test_blocks(&engine, Some(&ids));
    for path in &case_files {
        results.push(run_case(&engine, path));
    }

    let failed = results.iter().filter(|r| !r.passed()).count();
    let passed = results.len() - failed;
    for r in &results {
        if r.passed() {
            if a.verbose {
                println!("ok   {}  {}", r.location, r.name);
            }
        } else {
            println!("FOUT {}  {}", r.location, r.name);
            for f in &r.failures {
                for (i, line) in f.lines().enumerate() {
                    let bullet = if i == 0 { "- " } else { "  " };
                    println!("       {bullet}{line}");
                }
            }
        }
    }
    println!("{passed} passed, {failed} failed");
    if failed > 0 || !errors.is_empty() {
        Exit::Failure
    } else {
        Exit::Ok
    }
}

/// Runs one case file; a file that cannot be read or is not JSON fails.
fn run_case(engine: &Engine, path: &std::path::Path) -> TestResult {
    let location = files::display_path(path);
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let failures = match files::read_text(path) {
        Err(e) => vec![e.to_string()],
        Ok(text) => match files::parse_json(&text) {
            Err(e) => vec![format!("geen geldige JSON: {e}")],
            Ok(json) => run_case_file(engine, &json),
        },
    };
    TestResult {
        name,
        location,
        failures,
    }
}
