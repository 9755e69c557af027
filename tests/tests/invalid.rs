//! Deliberately broken rule files (`tests/invalid/`), found by reading the
//! directory: each `.regels` file, or folder of files for a diagnostic that
//! needs several, is named after the code it must produce and says so in
//! its first line (`// verwacht: R0202`).
//!
//! The check is exact: the codes a fixture produces, errors and warnings
//! alike, are its expected code and nothing else. A knock-on diagnostic the
//! fixture cannot avoid would be allowed by a header line `// ook: R0202`
//! (with the reason on the next line); no fixture needs one. The checker
//! must never panic, and its rendering (source line and label) is
//! snapshot-tested, one snapshot per fixture. Every code of
//! [`engine::diag::Code`] has a fixture.

mod common;

use engine::diag::Code;
use engine::{Engine, SourceSet};
use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// Codes without a fixture, with the reason. Empty: every code can be
/// produced by a file or folder of its own.
const WITHOUT_FIXTURE: &[(Code, &str)] = &[];

fn invalid_dir() -> PathBuf {
    common::root().join("tests/invalid")
}

/// The fixtures: every `.regels` file and every folder in tests/invalid/, sorted.
fn fixtures() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(invalid_dir())
        .expect("tests/invalid exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "regels"))
        .collect();
    found.sort();
    assert!(!found.is_empty(), "no fixtures in tests/invalid");
    found
}

fn parse_code(text: &str) -> Result<Code, String> {
    Code::ALL
        .iter()
        .copied()
        .find(|c| c.as_str() == text)
        .ok_or_else(|| format!("`{text}` is no diagnostic code"))
}

/// What a fixture promises, from the header of each of its files.
#[derive(Debug, Default)]
struct Promise {
    expected: BTreeSet<Code>,
    also: BTreeSet<Code>,
}

impl Promise {
    /// `// verwacht: R0000` as the first line, `// ook: R0000` among the
    /// comment lines that follow it.
    fn read(&mut self, text: &str) -> Result<(), String> {
        let mut lines = text.lines().map(str::trim);
        let first = lines.next().unwrap_or("");
        let code = first
            .strip_prefix("// verwacht:")
            .ok_or("the first line must be `// verwacht: R....`")?;
        self.expected.insert(parse_code(code.trim())?);
        for comment in lines.map_while(|l| l.strip_prefix("//")) {
            if let Some(code) = comment.trim().strip_prefix("ook:") {
                self.also.insert(parse_code(code.trim())?);
            }
        }
        Ok(())
    }

    /// The one code the fixture is about.
    fn code(&self) -> Result<Code, String> {
        match self.expected.iter().collect::<Vec<_>>().as_slice() {
            [code] => Ok(**code),
            codes => Err(format!("its files promise different codes: {codes:?}")),
        }
    }
}

/// The sources of a fixture (a file or a folder of files).
fn sources(path: &Path) -> SourceSet {
    if path.is_dir() {
        return common::sources_in(path);
    }
    let mut s = SourceSet::new();
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    s.add(common::relative(path), text);
    s
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Checks one fixture and snapshots its rendered diagnostics; returns the
/// code it is about.
fn check(path: &Path) -> Result<Code, String> {
    let name = name_of(path);
    let sources = sources(path);
    let mut promise = Promise::default();
    for (_, file) in sources.files() {
        promise
            .read(&file.text)
            .map_err(|e| format!("{}: {e}", file.path))?;
    }
    let code = promise.code()?;
    if !name.starts_with(code.as_str()) {
        return Err(format!("the name should start with its code {code}"));
    }
    let engine = catch_unwind(AssertUnwindSafe(|| Engine::new(sources)))
        .map_err(|_| "the checker panicked".to_string())?;
    let rendered = catch_unwind(AssertUnwindSafe(|| common::render_all(&engine, false)))
        .map_err(|_| "rendering the diagnostics panicked".to_string())?;
    let produced: BTreeSet<Code> = engine.diagnostics().iter().map(|d| d.code).collect();
    let mut allowed = promise.also.clone();
    allowed.insert(code);
    if produced != allowed {
        return Err(format!(
            "expected exactly {allowed:?}, got {produced:?}\n{rendered}"
        ));
    }
    let stem = name.strip_suffix(".regels").unwrap_or(&name).to_string();
    catch_unwind(AssertUnwindSafe(|| {
        insta::with_settings!({
            description => format!("tests/invalid/{name}"),
            omit_expression => true,
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(stem, rendered);
        })
    }))
    .map_err(|_| "the snapshot differs (see the .snap.new file)".to_string())?;
    Ok(code)
}

/// Every fixture produces exactly its code, and every code has a fixture.
#[test]
fn every_fixture_produces_exactly_its_code_and_every_code_has_one() {
    let mut failures = Vec::new();
    let mut covered = BTreeSet::new();
    for path in fixtures() {
        match check(&path) {
            Ok(code) => {
                covered.insert(code);
            }
            Err(e) => failures.push(format!("tests/invalid/{}: {e}", name_of(&path))),
        }
    }
    for code in Code::ALL {
        let exempt = WITHOUT_FIXTURE.iter().find(|(c, _)| c == code);
        match (covered.contains(code), exempt) {
            (false, None) => failures.push(format!("{code} has no fixture in tests/invalid")),
            (true, Some((_, why))) => failures.push(format!(
                "{code} has a fixture now; remove it from WITHOUT_FIXTURE ({why})"
            )),
            _ => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_header_promises_one_code_and_may_allow_knock_ons() {
    let mut p = Promise::default();
    let read =
        p.read("// verwacht: R0207\n// een laag\n// ook: R0202\nregeling \"x\"\n// ook: R0701\n");
    assert_eq!(read, Ok(()));
    assert_eq!(p.code(), Ok(Code::ReplacementShape));
    assert_eq!(
        p.also,
        BTreeSet::from([Code::PeriodMismatch]),
        "only the leading comment counts"
    );
    assert!(Promise::default().read("regeling \"x\"\n").is_err());
    assert!(Promise::default().read("// verwacht: R9999\n").is_err());
}
