//! Words policy writers bring from English or from spreadsheets, with the
//! word of this language they meant. Consulted before the generic
//! "bedoelde u …?" of [`crate::suggest::closest`]: `max` is not a typo of
//! `dag`, and `and` is not a typo of `dan`.

/// A word from elsewhere and what this language writes instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Foreign {
    /// The word as written (lower case).
    pub word: &'static str,
    /// The word of this language.
    pub dutch: &'static str,
    /// What `dutch` is, in a few words, for the hint.
    pub what: &'static str,
}

const fn f(word: &'static str, dutch: &'static str, what: &'static str) -> Foreign {
    Foreign { word, dutch, what }
}

/// The table: one place for the parser and the checker.
pub const FOREIGN_WORDS: &[Foreign] = &[
    f("max", "maximum", "de functie"),
    f("min", "minimum", "de functie"),
    f("and", "en", "het woord"),
    f("or", "of", "het woord"),
    f("not", "niet", "het woord"),
    f("if", "als", "het woord"),
    f("then", "dan", "het woord"),
    f("else", "anders", "het woord"),
    f("true", "ja", "de waarde"),
    f("false", "nee", "de waarde"),
    f("procent", "%", "het teken"),
    f("percent", "%", "het teken"),
    f("pct", "%", "het teken"),
];

/// The entry for `word`, compared without regard to case (`MAX`, `If`).
pub fn foreign(word: &str) -> Option<&'static Foreign> {
    FOREIGN_WORDS
        .iter()
        .find(|f| f.word.eq_ignore_ascii_case(word))
}

/// `text` with every word of the table outside quotes replaced by its
/// Dutch word: the corrected form for a hint. A `%` is written against the
/// number before it (`5%`).
pub fn corrected(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_text = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let is_word_char = |c: char| c.is_alphanumeric() || c == '_';
        if !in_text && is_word_char(c) {
            let len = rest.find(|c| !is_word_char(c)).unwrap_or(rest.len());
            let word = &rest[..len];
            match foreign(word) {
                Some(f) if f.dutch == "%" => {
                    out.truncate(out.trim_end().len());
                    out.push('%');
                }
                Some(f) => out.push_str(f.dutch),
                None => out.push_str(word),
            }
            rest = &rest[len..];
            continue;
        }
        if c == '"' {
            in_text = !in_text;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_words_are_found_in_any_case() {
        assert_eq!(foreign("max").map(|f| f.dutch), Some("maximum"));
        assert_eq!(foreign("AND").map(|f| f.dutch), Some("en"));
        assert_eq!(foreign("Procent").map(|f| f.dutch), Some("%"));
        assert_eq!(foreign("maximum"), None);
        assert_eq!(foreign("dag"), None);
    }

    #[test]
    fn every_word_is_lower_case_and_listed_once() {
        for (i, f) in FOREIGN_WORDS.iter().enumerate() {
            assert_eq!(f.word, f.word.to_lowercase());
            assert!(
                FOREIGN_WORDS[..i].iter().all(|g| g.word != f.word),
                "{} twice",
                f.word
            );
        }
    }

    #[test]
    fn the_correction_replaces_whole_words_outside_texts() {
        assert_eq!(corrected("a and b"), "a en b");
        assert_eq!(
            corrected("if a > b then max(a; b) else c"),
            "als a > b dan maximum(a; b) anders c"
        );
        assert_eq!(corrected("a * 5 procent"), "a * 5%");
        assert_eq!(
            corrected("maximale + \"if and\" + android"),
            "maximale + \"if and\" + android",
            "parts of names and words in texts stay"
        );
    }
}
