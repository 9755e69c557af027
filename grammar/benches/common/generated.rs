//! The generated benchmark file, shared by the parser bench (`grammar/benches/parse.rs`)
//! and the engine bench (`engine/benches/engine.rs`, which includes this file by path) so
//! that both time the very same text.

/// A valid rule file of at least `lines` lines: per block a dated
/// parameter, an article with a rule, a unique decision table and a rule
/// that uses both.
pub fn generated_file(lines: usize) -> String {
    let mut blocks = Vec::new();
    let mut outputs = Vec::new();
    let mut count = 0;
    let mut i = 0;
    while count < lines {
        let block = format!(
            "parameter tarief_{i}: bedrag per maand\n\
             \x20 bron \"Benchmarkbesluit, art. {i}\"\n\
             \x20 vanaf 2024-01-01: € {a},50\n\
             \x20 vanaf 2025-01-01: € {b},25\n\
             \n\
             artikel \"{i}\" \"Onderdeel {i}\"\n\
             \x20 \"\"\"Het bedrag voor onderdeel {i} is het tarief plus het inkomen, maal de factor.\"\"\"\n\
             \n\
             \x20 regel bedrag_{i}: bedrag per maand = tarief_{i} + inkomen\n\
             \n\
             \x20 tabel factor_{i}(soort: Soort; jaren: geheel getal) -> factor: geheel getal\n\
             \x20   beslis uniek\n\
             \x20   | soort | jaren    | factor |\n\
             \x20   | a     | < 18     | 1      |\n\
             \x20   | a     | >= 18    | 2      |\n\
             \x20   | b, c  | -        | 3      |\n\
             \x20   | d     | [0..65)  | 4      |\n\
             \x20   | d     | >= 65    | 5      |\n\
             \x20   | d     | < 0      | 6      |\n\
             \n\
             \x20 regel totaal_{i}: bedrag per maand = bedrag_{i} * factor_{i}(soort; jaren)\n\
             \n",
            a = 10 + i % 90,
            b = 11 + i % 90,
        );
        count += block.lines().count();
        blocks.push(block);
        outputs.push(format!("totaal_{i}"));
        i += 1;
    }
    format!(
        "regeling \"Gegenereerde benchmark\"\n\
         \x20 id bench.gegenereerd\n\
         \x20 geldig vanaf 2024-01-01\n\
         \x20 bron \"Benchmarkbesluit\"\n\
         \n\
         keuze Soort: a | b | c | d\n\
         \n\
         invoer inkomen: bedrag per maand\n\
         invoer soort: Soort\n\
         invoer jaren: geheel getal\n\
         \n\
         uitvoer {}\n\
         \n\
         {}",
        outputs.join(", "),
        blocks.concat()
    )
}
