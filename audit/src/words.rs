//! Word-level comparison of two texts: the longest common subsequence of
//! their whitespace-separated words. A diff detail carries it as `woorden`,
//! computed once when the diff is made; the text and Markdown reports and
//! the browser's version diff all mark the changed words from it.

use serde::Serialize;

/// What happened to a run of words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Op {
    #[serde(rename = "gelijk")]
    Same,
    #[serde(rename = "weg")]
    Del,
    #[serde(rename = "bij")]
    Ins,
}

/// Consecutive words with the same fate, joined by single spaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WordRun {
    #[serde(rename = "soort")]
    pub kind: Op,
    #[serde(rename = "tekst")]
    pub text: String,
}

/// Word-level diff (longest common subsequence) of two texts.
fn word_ops<'a>(old: &'a str, new: &'a str) -> Vec<(Op, &'a str)> {
    let a: Vec<&str> = old.split_whitespace().collect();
    let b: Vec<&str> = new.split_whitespace().collect();
    let (n, m) = (a.len(), b.len());
    // Very long texts: everything removed, everything added.
    if n * m > 4_000_000 {
        let mut out: Vec<(Op, &str)> = a.iter().map(|w| (Op::Del, *w)).collect();
        out.extend(b.iter().map(|w| (Op::Ins, *w)));
        return out;
    }
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            out.push((Op::Same, a[i]));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push((Op::Del, a[i]));
            i += 1;
        } else {
            out.push((Op::Ins, b[j]));
            j += 1;
        }
    }
    out
}

/// Whether a changed detail reads best as a word diff: long one-line texts
/// of which at least half the words stayed (a rewritten text is clearer
/// shown old and new in full).
fn wants_word_diff(old: &str, new: &str) -> bool {
    if old.contains('\n') || new.contains('\n') || old.len() + new.len() <= 160 {
        return false;
    }
    let ops = word_ops(old, new);
    let same = ops.iter().filter(|(op, _)| *op == Op::Same).count();
    let longest = old
        .split_whitespace()
        .count()
        .max(new.split_whitespace().count());
    same * 2 >= longest
}

/// The word diff as runs, when the texts read best that way
/// ([`wants_word_diff`]).
pub fn runs(old: &str, new: &str) -> Option<Vec<WordRun>> {
    if !wants_word_diff(old, new) {
        return None;
    }
    let mut runs: Vec<WordRun> = Vec::new();
    for (op, word) in word_ops(old, new) {
        match runs.last_mut() {
            Some(run) if run.kind == op => {
                run.text.push(' ');
                run.text.push_str(word);
            }
            _ => runs.push(WordRun {
                kind: op,
                text: word.to_string(),
            }),
        }
    }
    Some(runs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_join_words_with_the_same_fate() {
        let old = "De bijdrage is de maximale periodebijdrage, of de kostprijs als die lager is dan de maximale bijdrage voor een voorziening van dit soort per periode";
        let new = "De bijdrage is het abonnementstarief, of de kostprijs als die lager is dan de maximale bijdrage voor een voorziening van dit soort per periode";
        let got = runs(old, new).expect("a word diff");
        let kinds: Vec<(Op, &str)> = got.iter().map(|r| (r.kind, r.text.as_str())).collect();
        assert_eq!(kinds[0], (Op::Same, "De bijdrage is"));
        assert_eq!(kinds[1], (Op::Del, "de maximale periodebijdrage,"));
        assert_eq!(kinds[2], (Op::Ins, "het abonnementstarief,"));
        assert_eq!(kinds[3].0, Op::Same);
        assert_eq!(kinds.len(), 4);
        // The old and the new text come back from the runs.
        let side = |keep: Op| {
            got.iter()
                .filter(|r| r.kind == Op::Same || r.kind == keep)
                .map(|r| r.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(side(Op::Del), old);
        assert_eq!(side(Op::Ins), new);
    }

    #[test]
    fn short_multiline_or_rewritten_texts_get_none() {
        assert!(runs("kort", "ook kort").is_none());
        let long = "woord ".repeat(40);
        assert!(runs(&format!("{long}\nx"), &long).is_none());
        let other = "ander ".repeat(40);
        assert!(
            runs(&long, &other).is_none(),
            "nothing in common: shown in full"
        );
    }
}
