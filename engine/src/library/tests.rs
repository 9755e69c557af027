//! Lazy compilation: nothing is compiled before it is used, using one
//! regeling compiles only its own programs, and checking everything gives
//! the same diagnostics whatever was compiled before.

use super::*;
use crate::api::{Engine, Request};
use serde_json::json;

const CLEAN_BODY: &str = "invoer x: geheel getal\nuitvoer n\nregel n: geheel getal = x\n";

/// A source set of `(id, validity, body)` files, each at
/// `rules/<id>/<first year>.regels`.
fn set(files: &[(&str, &str, &str)]) -> SourceSet {
    let mut s = SourceSet::new();
    for (id, valid, body) in files {
        let year = valid.get(..4).unwrap_or(valid);
        s.add(
            format!("rules/{id}/{year}.regels"),
            format!("regeling \"{id}\"\n  id {id}\n  geldig vanaf {valid}\n\n{body}"),
        );
    }
    s
}

/// `proef.a`: two versions with a gap between them (R0902, found while
/// loading); `proef.kapot`: a period mismatch (R0202, found by compiling);
/// `proef.gebruiker`: imports `proef.norm`.
fn sources() -> SourceSet {
    set(&[
        ("proef.a", "2024-01-01 tot en met 2024-06-30", CLEAN_BODY),
        ("proef.a", "2025-01-01", CLEAN_BODY),
        (
            "proef.kapot",
            "2024-01-01",
            "invoer a: bedrag per maand\ninvoer b: bedrag per jaar\nuitvoer totaal\n\
             regel totaal: bedrag per maand = a + b\n",
        ),
        (
            "proef.norm",
            "2024-01-01",
            "keuze Leefvorm: alleen | samen\n\
             tabel norm(l: Leefvorm) -> hoogte: bedrag per maand\n  beslis uniek\n\
             \x20 | l | hoogte |\n  | alleen | € 1.000 |\n  | samen | € 1.500 |\n",
        ),
        (
            "proef.gebruiker",
            "2024-01-01",
            "gebruik proef.norm als n\ninvoer leefvorm: n.Leefvorm\nuitvoer grens\n\
             regel grens: bedrag per maand = 110% * n.norm(leefvorm) afgerond op centen\n",
        ),
    ])
}

fn compiled(library: &Library, id: &str) -> usize {
    library.regeling(id).map_or(0, |r| {
        r.segments
            .iter()
            .filter(|s| s.compiled.get().is_some())
            .count()
    })
}

fn codes(diags: &[Diagnostic]) -> Vec<Code> {
    diags.iter().map(|d| d.code).collect()
}

#[test]
fn nothing_is_compiled_until_it_is_used() {
    let library = Library::build(sources());
    assert_eq!(library.segments().count(), 5);
    assert!(library.segments().all(|s| s.compiled.get().is_none()));
    assert!(!library.is_fully_compiled());
    // Loading finds the gap; the period mismatch needs the compiler.
    assert_eq!(codes(&library.diagnostics_so_far()), [Code::VersionGap]);

    let program = library
        .regeling("proef.a")
        .and_then(|r| r.program_at(NaiveDate::from_ymd_opt(2025, 3, 1)?).ok())
        .expect("proef.a is in force in 2025");
    assert_eq!(program.info.version, "2025");
    assert_eq!(compiled(&library, "proef.a"), 1);
    for other in ["proef.kapot", "proef.norm", "proef.gebruiker"] {
        assert_eq!(compiled(&library, other), 0, "{other}");
    }
}

#[test]
fn an_import_is_compiled_into_the_program_that_uses_it() {
    let engine = Engine::new(sources());
    let outcome = engine
        .evaluate(
            "proef.gebruiker",
            &json!({"peildatum": "2024-05-01", "leefvorm": "samen"}),
            &Request::default(),
        )
        .expect("evaluates");
    assert_eq!(outcome.to_json()["outputs"], json!({"grens": "1650.00"}));
    let library = engine.library();
    assert_eq!(compiled(library, "proef.gebruiker"), 1);
    // The imported regeling's own programs are not needed for that.
    assert_eq!(compiled(library, "proef.norm"), 0);
    assert_eq!(compiled(library, "proef.a"), 0);
}

#[test]
fn checking_everything_gives_the_same_diagnostics_in_any_order() {
    let direct = Library::build(sources());
    let all = direct.diagnostics().to_vec();
    // R0903 (no `uitvoer`) comes from compiling `proef.norm` on its own,
    // which using `proef.gebruiker` alone never does.
    assert_eq!(
        codes(&all),
        [Code::VersionGap, Code::PeriodMismatch, Code::NoOutputs]
    );
    assert!(direct.is_fully_compiled());
    assert_eq!(direct.diagnostics_so_far(), all);
    assert!(direct.has_errors());

    // Use the programs first, last regeling first, then check.
    let used = Library::build(sources());
    for r in used.regelingen.iter().rev() {
        for s in r.segments.iter().rev() {
            let _ = r.program_at(s.from);
        }
    }
    assert!(used.is_fully_compiled());
    assert_eq!(used.diagnostics_so_far(), all);
    assert_eq!(used.diagnostics(), all.as_slice());

    // The faulty regeling cannot be evaluated, and says why.
    let kapot = used.regeling("proef.kapot").expect("loaded");
    let date = NaiveDate::from_ymd_opt(2024, 5, 1).expect("valid date");
    assert_eq!(kapot.program_at(date).err(), Some(Unavailable::Invalid));
}

#[test]
fn two_threads_asking_at_once_share_one_program() {
    let library = Library::build(sources());
    let regeling = library.regeling("proef.gebruiker").expect("loaded");
    let date = NaiveDate::from_ymd_opt(2024, 5, 1).expect("valid date");
    let (a, b) = std::thread::scope(|scope| {
        let first = scope.spawn(|| regeling.program_at(date).cloned());
        let second = scope.spawn(|| regeling.program_at(date).cloned());
        (first.join(), second.join())
    });
    let (Ok(Ok(a)), Ok(Ok(b))) = (a, b) else {
        panic!("both threads get the program");
    };
    assert!(Arc::ptr_eq(&a, &b));
}

#[test]
fn stretches_with_the_same_files_share_one_program_in_force_on_both() {
    // `proef.x` 2024 uses `proef.y`, whose versions change mid-2025; `proef.x`
    // 2025 uses nothing, so its two stretches have the same files.
    let s = set(&[
        (
            "proef.y",
            "2024-01-01 tot en met 2025-06-30",
            "keuze K: p | q\n",
        ),
        ("proef.y", "2025-07-01", "keuze K: p | q\n"),
        (
            "proef.x",
            "2024-01-01 tot en met 2024-12-31",
            "gebruik proef.y als y\ninvoer k: y.K\nuitvoer n\nregel n: geheel getal = 1\n",
        ),
        ("proef.x", "2025-01-01", CLEAN_BODY),
    ]);
    let library = Library::build(s);
    let x = library.regeling("proef.x").expect("loaded");
    let stretches: Vec<_> = x.segments.iter().map(|s| (s.from, s.through)).collect();
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("valid date");
    assert_eq!(
        stretches,
        [
            (d(2024, 1, 1), Some(d(2024, 12, 31))),
            (d(2025, 1, 1), None)
        ]
    );
    let program = x.program_at(d(2025, 9, 1)).expect("in force");
    assert_eq!(program.info.valid_from, d(2025, 1, 1));
    assert_eq!(program.info.valid_through, None);
    assert!(Arc::ptr_eq(
        program,
        x.program_at(d(2025, 2, 1)).expect("in force")
    ));
}

/// The program of regeling `id` on 1 March 2024, or why there is none.
fn in_march(library: &Library, id: &str) -> Result<Arc<Program>, Unavailable> {
    let date = NaiveDate::from_ymd_opt(2024, 3, 1).ok_or(Unavailable::NoVersion)?;
    let r = library.regeling(id).ok_or(Unavailable::NoVersion)?;
    r.program_at(date).cloned()
}

/// The library of `sources()` planned from the heads a bundle's manifest
/// would hold, and the heads.
fn from_manifest(sources: SourceSet) -> Library {
    let heads = Library::build(sources.clone()).heads();
    Library::with_heads(sources, heads)
}

#[test]
fn with_a_manifest_no_file_is_parsed_until_a_program_needs_it() {
    let library = from_manifest(sources());
    assert_eq!(library.parsed_count(), 0);
    // Planned as when parsing everything: same versions and segments.
    let eager = Library::build(sources());
    let plan = |l: &Library| -> Vec<(String, String, usize)> {
        l.regelingen
            .iter()
            .map(|r| (r.id.clone(), r.name.clone(), r.segments.len()))
            .collect()
    };
    assert_eq!(plan(&library), plan(&eager));
    assert_eq!(library.diagnostics_so_far(), eager.diagnostics_so_far());

    // `proef.gebruiker` parses its own file and the one it uses, no other.
    assert!(in_march(&library, "proef.gebruiker").is_ok());
    assert_eq!(library.parsed_count(), 2);

    // Checking everything parses the rest and finds what parsing up front finds.
    assert_eq!(library.diagnostics(), eager.diagnostics());
    assert_eq!(library.parsed_count(), library.sources.len());
}

#[test]
fn without_a_manifest_every_file_is_parsed_at_once() {
    let library = Library::with_heads(sources(), Vec::new());
    assert_eq!(library.parsed_count(), library.sources.len());
    // A partial manifest: the files without a head are parsed at once.
    let mut heads = Library::build(sources()).heads();
    heads[0] = None;
    let partial = Library::with_heads(sources(), heads);
    assert_eq!(partial.parsed_count(), 1);
    assert_eq!(
        partial.diagnostics(),
        Library::build(sources()).diagnostics()
    );
}

#[test]
fn a_head_that_differs_from_the_manifest_is_refused_when_parsed() {
    let s = sources();
    let mut heads = Library::build(s.clone()).heads();
    let norm = s
        .files()
        .position(|(_, f)| f.path.starts_with("rules/proef.norm/"))
        .expect("proef.norm");
    if let Some(h) = heads[norm].as_mut() {
        h.name.value.push_str(" (anders)");
        h.valid.span.start += 1;
    }
    let library = Library::with_heads(s, heads);
    // `proef.gebruiker` needs `proef.norm`'s file: refused, with the reason.
    let reason = in_march(&library, "proef.gebruiker").expect_err("refused");
    let Unavailable::Manifest(message) = reason else {
        panic!("not a manifest error: {reason:?}");
    };
    assert!(message.contains("`proef.norm`"), "{message}");
    assert!(message.contains("naam, geldigheid"), "{message}");
    // A regeling that does not use it still works.
    assert!(in_march(&library, "proef.a").is_ok());
    // Bundled again, each file carries the head it really has.
    let engine = Engine::from_bundle(&crate::bundle::to_json(&library).expect("written"))
        .expect("a bundle with the right heads loads");
    assert!(in_march(engine.library(), "proef.gebruiker").is_ok());
}

#[test]
fn a_syntax_error_found_late_is_reported_by_its_file() {
    let mut s = set(&[("proef.b", "2024-01-01", CLEAN_BODY)]);
    let heads = Library::build(s.clone()).heads();
    // Same head, broken body: as a bundle without hashes could carry.
    let mut broken = SourceSet::new();
    for (_, f) in s.files() {
        broken.add(f.path.clone(), format!("{}regel kapot: = =\n", f.text));
    }
    s = broken;
    let library = Library::with_heads(s, heads);
    assert!(library.diagnostics_so_far().is_empty());
    let reason = in_march(&library, "proef.b").expect_err("does not parse");
    assert_eq!(reason, Unavailable::Invalid);
    assert_eq!(
        codes(&library.diagnostics_so_far()),
        vec![Code::SyntaxError]
    );
}

#[test]
fn a_layer_that_starts_before_its_base_is_reported_once_with_its_stretch() {
    let library = Library::build(set(&[
        ("proef.basis", "2025-01-01", CLEAN_BODY),
        ("proef.gemeente", "2024-01-01", "laag op proef.basis\n"),
    ]));
    let found: Vec<String> = library
        .diagnostics()
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    assert_eq!(
        found,
        ["R0904 de laag begint op 2024-01-01, vóór haar basis: tot en met 2024-12-31 geldt geen versie van `proef.basis`"]
    );
    // A layer that starts with its base (and outlives it) is not reported.
    let library = Library::build(set(&[
        (
            "proef.basis",
            "2024-01-01 tot en met 2024-12-31",
            CLEAN_BODY,
        ),
        ("proef.gemeente", "2024-01-01", "laag op proef.basis\n"),
    ]));
    assert!(
        codes(library.diagnostics()).is_empty(),
        "{:?}",
        library.diagnostics()
    );
}
