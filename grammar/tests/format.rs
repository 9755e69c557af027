//! The canonical layout: a reviewed snapshot of the formatted fixture, and comment placement.

use grammar::{format_file, parse};

const FIXTURE: &str = include_str!("fixtures/voorbeeld.regels");
const HEADER: &str = "regeling \"T\"\n  id t\n  geldig vanaf 2024-01-01\n";

fn fmt(src: &str) -> String {
    format_file(&parse(src).unwrap())
}

#[test]
fn formatted_fixture() {
    insta::assert_snapshot!("voorbeeld_geformatteerd", fmt(FIXTURE));
}

#[test]
fn comments_go_above_their_line_except_after_a_table_row() {
    let src = format!(
        "{HEADER}// over a\nregel a: getal = 1   // achter a\n\n\n    // over b, rare inspringing\nregel b: getal =\n  a + // in b\n  2\n\
         tabel t(x: getal) -> y: getal\n  beslis uniek\n  | x | y |\n  | 1 | 2 | // rij 1\n  // voor rij 2\n  | - | 3 |\n// slot\n"
    );
    let expected = format!(
        "{HEADER}\n// over a\n// achter a\nregel a: getal = 1\n\n// over b, rare inspringing\n// in b\nregel b: getal = a + 2\n\n\
         tabel t(x: getal) -> y: getal\n  beslis uniek\n  | x | y |\n  | 1 | 2 | // rij 1\n  // voor rij 2\n  | - | 3 |\n\n// slot\n"
    );
    assert_eq!(fmt(&src), expected);
    assert_eq!(fmt(&expected), expected);
}

#[test]
fn layout_details() {
    let src = format!(
        "{HEADER}regel x: bedrag={{a:1}}.a+€1000,5*( 2 - 1 )\nregel y: ja/nee = niet (a = b) en (a of b)\n\
         regel z: bedrag = (€ 150 per jaar) + € 1\nregel w: getal = -(5) + - -5 - (aantal k in l) * 2\n"
    );
    assert_eq!(
        fmt(&src),
        format!(
            "{HEADER}\nregel x: bedrag = {{ a: 1 }}.a + € 1.000,50 * (2 - 1)\n\nregel y: ja/nee = niet a = b en (a of b)\n\n\
             regel z: bedrag = (€ 150 per jaar) + € 1\n\nregel w: getal = -(5) + - -5 - (aantal k in l) * 2\n"
        )
    );
}
