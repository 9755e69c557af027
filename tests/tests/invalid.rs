//! Deliberately broken rule files (`tests/invalid/`): each file (or folder,
//! for diagnostics that need several files) names the diagnostic it must
//! produce in its first line (`// verwacht: R0202`). The checker must report
//! exactly that code, never panic, and render it with the source line and
//! label; the rendering is snapshot-tested.

mod common;

use engine::{Engine, SourceSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

fn invalid_dir() -> PathBuf {
    common::root().join("tests/invalid")
}

/// The expected code from the `// verwacht: R0000` first line.
fn expected_code(text: &str) -> Option<String> {
    let first = text.lines().next()?.trim();
    let code = first
        .strip_prefix("//")?
        .trim()
        .strip_prefix("verwacht:")?
        .trim();
    Some(code.to_string())
}

/// Loads one case (a file or a folder of files) into its own engine and
/// returns the expected code and the engine.
fn load(name: &str) -> (String, Engine) {
    let path = invalid_dir().join(name);
    let sources = if path.is_dir() {
        common::sources_in(&path)
    } else {
        let mut s = SourceSet::new();
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {name}: {e}"));
        s.add(common::relative(&path), text);
        s
    };
    let code = sources
        .files()
        .find_map(|(_, f)| expected_code(&f.text))
        .unwrap_or_else(|| panic!("{name}: first line must be `// verwacht: R....`"));
    let engine = catch_unwind(AssertUnwindSafe(|| Engine::new(sources)))
        .unwrap_or_else(|_| panic!("{name}: the checker panicked"));
    (code, engine)
}

/// Codes the engine cannot produce yet, with the reason (reported to the
/// engine's owners). For these the test asserts that the gap is still
/// there, so it fails, and this list must be emptied, the moment the
/// engine reports them.
const KNOWN_GAPS: &[(&str, &str)] = &[];

/// Checks one case and snapshots its rendered diagnostics under its code.
fn check(name: &str) {
    let (code, engine) = load(name);
    let codes: Vec<&str> = engine.diagnostics().iter().map(|d| d.code).collect();
    if let Some((_, why)) = KNOWN_GAPS.iter().find(|(c, _)| *c == code) {
        assert!(
            !codes.contains(&code.as_str()),
            "{name}: {code} is reported now; remove it from KNOWN_GAPS ({why})"
        );
    } else {
        assert!(
            codes.contains(&code.as_str()),
            "{name}: expected a diagnostic {code}, got {codes:?}\n{}",
            common::render_all(&engine, false)
        );
    }
    let rendered = catch_unwind(AssertUnwindSafe(|| common::render_all(&engine, false)))
        .unwrap_or_else(|_| panic!("{name}: rendering the diagnostics panicked"));
    insta::with_settings!({
        description => format!("tests/invalid/{name}"),
        omit_expression => true,
        prepend_module_to_snapshot => false,
    }, {
        insta::assert_snapshot!(code, rendered);
    });
}

macro_rules! invalid {
    ($($test:ident => $file:literal,)*) => {
        $(
            #[test]
            fn $test() {
                check($file);
            }
        )*

        /// Every file in tests/invalid/ is listed above (none forgotten).
        #[test]
        fn every_invalid_file_is_tested() {
            let listed = [$($file),*];
            let mut missing = Vec::new();
            for entry in std::fs::read_dir(invalid_dir()).expect("tests/invalid exists").flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let relevant = entry.path().is_dir() || Path::new(&name).extension().is_some_and(|e| e == "regels");
                if relevant && !listed.contains(&name.as_str()) {
                    missing.push(name);
                }
            }
            assert!(missing.is_empty(), "not listed in tests/invalid.rs: {missing:?}");
        }
    };
}

invalid! {
    r0001_syntax_error => "R0001-syntaxfout.regels",
    r0101_unknown_name => "R0101-onbekende-naam.regels",
    r0102_duplicate => "R0102-dubbele-definitie.regels",
    r0103_unknown_type => "R0103-onbekend-type.regels",
    r0104_ambiguous_enum_value => "R0104-dubbelzinnige-keuzewaarde.regels",
    r0105_unknown_field => "R0105-onbekend-veld.regels",
    r0107_unknown_import => "R0107-onbekende-regeling.regels",
    r0108_replace_without_base => "R0108-vervang-zonder-basis",
    r0201_type_error => "R0201-typefout.regels",
    r0202_period_mismatch => "R0202-perioden-mengen.regels",
    r0203_missing_rounding => "R0203-afronding-ontbreekt.regels",
    r0204_optional_without_check => "R0204-optioneel-zonder-controle.regels",
    r0205_argument_count => "R0205-aantal-argumenten.regels",
    r0206_input_in_function => "R0206-invoer-in-functie.regels",
    r0207_replacement_type => "R0207-vervang-ander-type",
    r0301_unreachable_exception => "R0301-uitzondering-nooit.regels",
    r0302_exception_conflict => "R0302-conflicterende-uitzonderingen.regels",
    r0303_unreachable_step => "R0303-onbereikbare-stap.regels",
    r0304_step_not_in_keuze => "R0304-stap-geen-keuzewaarde.regels",
    r0401_table_gap => "R0401-gat-in-tabel.regels",
    r0402_table_overlap => "R0402-overlap-in-tabel.regels",
    r0403_unreachable_row => "R0403-onbereikbare-rij.regels",
    r0404_table_header => "R0404-kop-klopt-niet.regels",
    r0405_table_too_large => "R0405-tabel-te-groot.regels",
    r0501_parameter_gap => "R0501-gat-in-parameter.regels",
    r0502_parameter_overlap => "R0502-overlap-in-parameter.regels",
    r0503_parameter_ends_early => "R0503-parameter-eindigt-eerder.regels",
    r0601_cycle => "R0601-kringverwijzing.regels",
    r0701_unused_input => "R0701-ongebruikte-invoer.regels",
    r0801_constraint_violated => "R0801-eis-niet-voldaan.regels",
    r0901_overlapping_versions => "R0901-overlappende-versies",
    r0902_version_gap => "R0902-gat-tussen-versies",
    r0903_no_outputs => "R0903-geen-uitvoer.regels",
}
