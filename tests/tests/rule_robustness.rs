//! Robustness of the checker on real rule files. Each file of the rule
//! library is mutated line by line (a line removed, doubled, or swapped
//! with the next one, at spread-out places), and the whole library is
//! checked again, diagnostics rendered as the CLI shows them. What parses
//! after such a change is often a file the checker has never seen: a rule
//! without its article, a table row twice, a parameter value out of order.
//! Never a panic; a mutation that is still a valid library must also pass
//! the rule files' own `test` blocks or fail them with a message.

mod common;

use engine::{Engine, SourceSet};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Places per file where each kind of mutation is made.
const PLACES: usize = 16;

/// The mutated texts of a file: for spread-out lines, the line removed,
/// doubled, and swapped with the next one.
fn mutations(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let n = lines.len();
    let mut out = Vec::new();
    for k in 0..PLACES {
        let i = (k * n + n / 2) / PLACES;
        if i >= n {
            continue;
        }
        let mut removed = lines.clone();
        removed.remove(i);
        out.push(removed.join("\n"));
        let mut doubled = lines.clone();
        doubled.insert(i, lines[i]);
        out.push(doubled.join("\n"));
        if i + 1 < n {
            let mut swapped = lines.clone();
            swapped.swap(i, i + 1);
            out.push(swapped.join("\n"));
        }
    }
    out
}

/// How the mutated libraries fared.
#[derive(Debug, Default)]
struct Tally {
    checked: usize,
    with_errors: usize,
    still_valid: usize,
    problems: Vec<String>,
}

/// Checks the library with file `path` replaced by `mutated`.
fn check(files: &[(String, String)], path: &str, mutated: &str, tally: &mut Tally) {
    tally.checked += 1;
    let mut sources = SourceSet::new();
    let mut mutated_id = None;
    for (p, t) in files {
        if p == path {
            mutated_id = Some(sources.add(p.clone(), mutated.to_string()));
        } else {
            sources.add(p.clone(), t.clone());
        }
    }
    let only: Vec<_> = mutated_id.into_iter().collect();
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let engine = Engine::new(sources);
        let rendered = common::render_all(&engine, false);
        let errors = engine.diagnostics().iter().any(|d| d.is_error());
        let tests = (!errors).then(|| engine::test_runner::run_test_blocks(&engine, Some(&only)));
        (errors, rendered, tests)
    }));
    match outcome {
        Err(_) => tally
            .problems
            .push(format!("{path}: paniek bij\n{mutated:.400}")),
        Ok((true, rendered, _)) => {
            tally.with_errors += 1;
            if rendered.trim().is_empty() {
                tally
                    .problems
                    .push(format!("{path}: fouten zonder weergave"));
            }
        }
        Ok((false, _, tests)) => {
            tally.still_valid += 1;
            let failed_silently = tests
                .into_iter()
                .flatten()
                .flat_map(|t| t.failures)
                .any(|message| message.trim().is_empty());
            if failed_silently {
                tally
                    .problems
                    .push(format!("{path}: een test faalt zonder melding"));
            }
        }
    }
}

#[test]
fn mutated_rule_files_are_checked_without_panic() {
    let library = common::sources_in(&common::root().join("rules"));
    let files: Vec<(String, String)> = library
        .files()
        .map(|(_, f)| (f.path.clone(), f.text.clone()))
        .collect();
    let jobs: Vec<(&str, String)> = files
        .iter()
        .flat_map(|(path, text)| mutations(text).into_iter().map(move |m| (path.as_str(), m)))
        .collect();
    // Two threads: the suite's machine has two cores.
    let (first, second) = jobs.split_at(jobs.len() / 2);
    let run = |part: &[(&str, String)]| {
        let mut tally = Tally::default();
        for (path, mutated) in part {
            check(&files, path, mutated, &mut tally);
        }
        tally
    };
    let (a, b) = std::thread::scope(|s| {
        let other = s.spawn(|| run(first));
        let mine = run(second);
        (
            other.join().expect("the checking thread ran to the end"),
            mine,
        )
    });
    let checked = a.checked + b.checked;
    assert!(checked > 500, "only {checked} mutations checked");
    assert!(
        a.with_errors + b.with_errors > 0 && a.still_valid + b.still_valid > 0,
        "{a:?} {b:?}"
    );
    let problems: Vec<String> = a.problems.into_iter().chain(b.problems).collect();
    assert!(
        problems.is_empty(),
        "{} of {checked} mutated libraries went wrong:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
