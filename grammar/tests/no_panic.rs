//! Robustness: the parser (and the formatter on what parses) never panics, whatever the input.

use grammar::{format_file, format_source, parse};

const FIXTURE: &str = include_str!("fixtures/voorbeeld.regels");

fn check(src: &str) {
    check_with(src, parse);
}

fn check_with(src: &str, parse_fn: fn(&str) -> Result<grammar::ast::File, grammar::ParseError>) {
    if let Ok(file) = parse_fn(src) {
        // Without the source, and keeping the line breaks written in it.
        for out in [format_file(&file), format_source(&file, src)] {
            assert!(
                parse(&out).is_ok(),
                "formatted output does not parse:\n{out}"
            );
        }
    }
}

/// Runs `check` over the inputs on two threads (the suite's machine has two cores).
fn check_all(inputs: Vec<String>) {
    let mid = inputs.len() / 2;
    let (a, b) = inputs.split_at(mid);
    std::thread::scope(|s| {
        let h = s.spawn(|| a.iter().for_each(|x| check(x)));
        b.iter().for_each(|x| check(x));
        h.join().unwrap();
    });
}

/// Every prefix ending on a char boundary. Parsing them all with the detailed error pass
/// takes minutes in a debug build, so all go through the parser with pest's first error
/// report and every 64th also through the full `parse` (message building included).
#[test]
fn every_prefix_of_the_fixture() {
    let ends: Vec<usize> = FIXTURE
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(FIXTURE.len()))
        .collect();
    let (a, b) = ends.split_at(ends.len() / 2);
    let run = |ends: &[usize]| {
        for (n, &i) in ends.iter().enumerate() {
            let prefix = &FIXTURE[..i];
            check_with(prefix, grammar::parse_without_error_details);
            if n % 64 == 0 {
                let _ = parse(prefix);
            }
        }
    };
    std::thread::scope(|s| {
        let h = s.spawn(|| run(a));
        run(b);
        h.join().unwrap();
    });
}

#[test]
fn byte_level_mutations_of_the_fixture() {
    let boundaries: Vec<usize> = FIXTURE.char_indices().map(|(i, _)| i).collect();
    let mut inputs = Vec::new();
    // Deterministic spread of positions: every 97th character.
    for &i in boundaries.iter().step_by(131) {
        let next = FIXTURE[i..].chars().next().map_or(i, |c| i + c.len_utf8());
        for repl in ["|", "\"", "(", "€", "\n", ""] {
            inputs.push(format!("{}{}{}", &FIXTURE[..i], repl, &FIXTURE[next..]));
        }
    }
    assert!(inputs.len() > 300);
    check_all(inputs);
}

#[test]
fn hostile_inputs() {
    let header = "regeling \"x\"\n  id x\n  geldig vanaf 2024-01-01\n";
    let cases = [
        String::new(),
        "\u{FEFF}".into(),
        "\"".into(),
        "\"\"\"".into(),
        "regeling".into(),
        format!("{header}regel x: getal = {}", "(".repeat(10_000)),
        format!("{header}regel x: getal = {}", "- ".repeat(10_000)),
        format!("{header}regel x: ja/nee = {}ja", "niet ".repeat(10_000)),
        format!("{header}regel x: getal = 1{}", " * 2".repeat(10_000)),
        format!(
            "{header}regel x: getal = {}1",
            "als ja dan 1 anders ".repeat(3_000)
        ),
        format!("{header}regel x: getal = 99999999999999999999999999999999999999"),
        format!("{header}regel x: getal = 1,99999999999999999999999999999999999999"),
        format!("{header}regel x: percentage = 79228162514264337593543950335%"),
        format!("{header}regel x: datum = 9999-99-99"),
        format!("{header}regel x: getal = 1 afgerond op 99999999999 decimalen"),
        format!("{header}tabel t(a: getal) -> b: getal\n  beslis uniek\n  | a |\n  | | |"),
        format!("{header}regel x: tekst = \"\\"),
        format!("{header}regel x: tekst = \"é\\é\""),
        format!("{header}// é\u{0}\u{7f}\n"),
    ];
    for c in &cases {
        check(c);
    }
}
