//! The editor extension's TextMate grammar (editors/vscode) against the pest
//! grammar: every keyword token of `grammar/src/regels.pest` must be
//! highlighted, and the TextMate grammar may name no keyword the language
//! does not have. A word added to the language without the editor fails
//! here, instead of showing up as a plain name in the editor unnoticed.

mod common;

use serde_json::Value;
use std::collections::BTreeSet;

fn pest_source() -> String {
    std::fs::read_to_string(common::root().join("grammar/src/regels.pest")).unwrap()
}

fn textmate() -> Value {
    let path = common::root().join("editors/vscode/syntaxes/regels.tmLanguage.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The quoted strings of a one-line pest rule: the words a `kw_` token or
/// `builtin_name` matches.
fn quoted_in_rule(line: &str) -> Vec<&str> {
    let body = line.split_once('{').map_or("", |(_, b)| b);
    body.split('"').skip(1).step_by(2).collect()
}

/// Every word that a `kw_` token (or a `word_` token: a word with a meaning
/// in one place only, such as `rit` after `per`) of the pest grammar matches.
fn pest_keywords(pest: &str) -> BTreeSet<String> {
    pest.lines()
        .filter(|l| l.starts_with("kw_") || l.starts_with("word_"))
        .flat_map(quoted_in_rule)
        .map(str::to_string)
        .collect()
}

/// The words of a pattern written `\b(?:w1|w2|…)\b…`: its first group.
fn words_of_pattern(pattern: &str) -> Vec<String> {
    let start = pattern
        .find("(?:")
        .unwrap_or_else(|| panic!("a keyword pattern is a group of words: {pattern}"))
        + 3;
    let end = start + pattern[start..].find(')').unwrap();
    pattern[start..end].split('|').map(str::to_string).collect()
}

/// The `match` patterns of a repository entry and its `patterns`.
fn matches(entry: &Value) -> Vec<&str> {
    let nested = entry["patterns"].as_array().into_iter().flatten();
    std::iter::once(entry)
        .chain(nested)
        .filter_map(|p| p["match"].as_str())
        .collect()
}

/// Every word of the TextMate grammar's `keywords-*` repository entries.
fn textmate_keywords(grammar: &Value) -> BTreeSet<String> {
    let repository = grammar["repository"].as_object().unwrap();
    let keyword_entries: Vec<&Value> = repository
        .iter()
        .filter(|(name, _)| name.starts_with("keywords-"))
        .map(|(_, entry)| entry)
        .collect();
    assert!(keyword_entries.len() >= 5, "{:?}", repository.keys());
    keyword_entries
        .into_iter()
        .flat_map(matches)
        .flat_map(words_of_pattern)
        .collect()
}

#[test]
fn every_keyword_of_the_language_is_highlighted_by_the_editor_grammar() {
    let pest = pest_source();
    let language = pest_keywords(&pest);
    // The pest file read as expected: its tokens, `euro's` with `euro`.
    for word in ["regeling", "uitzondering", "euro's", "euro", "peildatum"] {
        assert!(language.contains(word), "{word} in {language:?}");
    }
    let editor = textmate_keywords(&textmate());

    let missing: Vec<&String> = language.difference(&editor).collect();
    assert!(
        missing.is_empty(),
        "keywords of grammar/src/regels.pest missing from a keywords-* pattern of \
         editors/vscode/syntaxes/regels.tmLanguage.json: {missing:?}"
    );
    let unknown: Vec<&String> = editor.iter().filter(|w| !language.contains(*w)).collect();
    assert!(
        unknown.is_empty(),
        "the editor grammar highlights words the language does not reserve: {unknown:?}"
    );
}

#[test]
fn the_editor_grammar_knows_the_built_in_functions_of_the_language() {
    let pest = pest_source();
    let line = pest
        .lines()
        .find(|l| l.starts_with("builtin_name"))
        .expect("grammar/src/regels.pest has builtin_name");
    let language: BTreeSet<String> = quoted_in_rule(line)
        .into_iter()
        .filter(|w| w.chars().all(|c| c.is_ascii_lowercase()))
        .map(str::to_string)
        .collect();
    assert!(language.contains("jaar"), "{language:?}");
    let pattern = textmate()["repository"]["builtin-call"]["match"]
        .as_str()
        .unwrap()
        .to_string();
    let editor: BTreeSet<String> = words_of_pattern(&pattern).into_iter().collect();
    assert_eq!(editor, language);
}
