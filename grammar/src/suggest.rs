//! "Bedoelde u …?": the one rule for when a known name is offered for a
//! misspelt one. The parser uses it for keywords, the checker for names,
//! types, fields and steps, the case decoder for the keys of a case.

/// The candidate closest to `word`, when it is close enough to be what the
/// writer meant; `None` when nothing is. Distance is Damerau–Levenshtein
/// (a swapped pair of letters is one typo); ties go to the alphabetically
/// first candidate, so the suggestion never depends on the candidates' order.
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|&(distance, c)| distance > 0 && distance <= max_distance(c))
        .min()
        .map(|(_, c)| c)
}

/// Two typos, or a quarter of a longer candidate; never as many as the
/// candidate has letters (any two-letter word is two edits from `en`).
fn max_distance(candidate: &str) -> usize {
    let len = candidate.chars().count();
    (len / 4).max(2).min(len.saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn a_typo_gets_the_closest_candidate() {
        let names = ["inkomen", "vermogen", "leefvorm"];
        assert_eq!(closest("inkomn", names), Some("inkomen"));
        assert_eq!(
            closest("leefvrom", names),
            Some("leefvorm"),
            "a swap is one typo"
        );
        assert_eq!(
            closest("vermogen", names),
            None,
            "an exact name is not a suggestion"
        );
        assert_eq!(closest("woonlasten", names), None);
    }

    #[test]
    fn long_candidates_allow_more_typos_short_ones_fewer() {
        // A quarter of 18 letters: 4 typos, not 5.
        assert_eq!(
            closest("maandinkmn_ntoo", ["maandinkomen_netto"]),
            Some("maandinkomen_netto")
        );
        assert_eq!(closest("mandinkmn_ntoo", ["maandinkomen_netto"]), None);
        // `en` has two letters: one typo at most, so `of` is not `en`.
        assert_eq!(closest("of", ["en"]), None);
        assert_eq!(closest("e", ["en"]), Some("en"));
    }

    #[test]
    fn ties_go_to_the_alphabetically_first() {
        assert_eq!(closest("bat", ["cat", "bad"]), Some("bad"));
        assert_eq!(closest("bat", ["bad", "cat"]), Some("bad"));
    }
}
