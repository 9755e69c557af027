//! How a `bron` line cites a part of the article it stands under: a
//! segment (between `;`) that reads `lid 1`, `onder a` or `lid 3 (titel)`.
//! One reading for the checker (an unknown part is R0109) and for both
//! explanations (they cite and quote that part).

use crate::ir::{ArticlePartRef, ArticleRef, Origin};
use grammar::ast::PartKind;

/// A part of an article named in a `bron` segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartRef<'s> {
    pub kind: PartKind,
    pub id: &'s str,
    /// What the author wrote after the part, e.g. `(Powerful Ageing eerst)`.
    pub note: Option<&'s str>,
}

impl PartRef<'_> {
    /// `lid 3` / `onder a`, as cited.
    pub fn name(&self) -> String {
        format!("{} {}", self.kind.word(), self.id)
    }
}

/// The `;`-separated segments of a `bron` line, trimmed, none empty; a `;`
/// inside parentheses belongs to its segment.
pub fn segments(source: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (i, c) in source.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ';' if depth == 0 => {
                out.push(&source[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&source[start..]);
    out.into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// The declared parts of its article that `origin`'s `bron` lines cite.
pub fn cited_parts(origin: &Origin) -> Vec<&ArticlePartRef> {
    let Some(article) = origin.article.as_deref() else {
        return Vec::new();
    };
    origin
        .sources
        .iter()
        .flat_map(|s| segments(s))
        .filter_map(|seg| part_ref(seg).and_then(|r| article.part(&r)))
        .collect()
}

/// The part a segment names: `lid 1`, `onder a`, `lid 3 (titel)`; `None`
/// for any other text (`onder c, g en h` is a citation of its own).
pub fn part_ref(segment: &str) -> Option<PartRef<'_>> {
    let (word, rest) = segment.split_once(' ')?;
    let kind = match word {
        "lid" => PartKind::Lid,
        "onder" => PartKind::Onder,
        _ => return None,
    };
    let rest = rest.trim_start();
    let (id, note) = match rest.split_once(' ') {
        Some((id, note)) => (id, Some(note.trim())),
        None => (rest, None),
    };
    let simple = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric());
    let note_ok = note.is_none_or(|n| n.starts_with('(') && n.ends_with(')'));
    (simple && note_ok).then_some(PartRef { kind, id, note })
}

impl ArticleRef {
    /// The declared part `r` names, if the article has it.
    pub fn part(&self, r: &PartRef) -> Option<&ArticlePartRef> {
        self.parts.iter().find(|p| p.kind == r.kind && p.id == r.id)
    }

    /// The text to quote for `part`: an `onder` item after the text that
    /// introduces it ("De norm bedraagt …: a. …"), a `lid` by itself
    /// ("Lid 3: …").
    pub fn part_quote(&self, part: &ArticlePartRef) -> String {
        match (part.kind, &self.text) {
            (PartKind::Onder, Some(lead)) => format!("{lead} {}. {}", part.id, part.text),
            (PartKind::Onder, None) => format!("{}. {}", part.id, part.text),
            (PartKind::Lid, _) => format!("Lid {}: {}", part.id, part.text),
        }
    }

    /// The whole article as quoted when no part is named: its text, then
    /// every part ("a. …", "Lid 2: …").
    pub fn whole_quote(&self) -> Option<String> {
        let mut pieces: Vec<String> = self.text.iter().cloned().collect();
        for p in &self.parts {
            pieces.push(match p.kind {
                PartKind::Onder => format!("{}. {}", p.id, p.text),
                PartKind::Lid => format!("Lid {}: {}", p.id, p.text),
            });
        }
        (!pieces.is_empty()).then(|| pieces.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_segment_names_a_part_only_in_the_plain_form() {
        let r = part_ref("lid 3 (Powerful Ageing eerst)").expect("a part");
        assert_eq!(
            (r.kind, r.id, r.note),
            (PartKind::Lid, "3", Some("(Powerful Ageing eerst)"))
        );
        assert_eq!(
            part_ref("onder a").map(|r| r.name()),
            Some("onder a".into())
        );
        assert_eq!(part_ref("onder c, g en h"), None);
        assert_eq!(part_ref("lid 2 en 3: de leeftijd"), None);
        assert_eq!(part_ref("Wmo 2015 art. 2.3.5 lid 3"), None);
        assert_eq!(
            segments("onder a; normbedragen SZW ;"),
            ["onder a", "normbedragen SZW"]
        );
        assert_eq!(
            segments("art. 36 lid 1 (laag inkomen; 36 maanden); maatregel 8.2"),
            ["art. 36 lid 1 (laag inkomen; 36 maanden)", "maatregel 8.2"]
        );
    }

    #[test]
    fn an_onder_part_is_quoted_after_its_lead_a_lid_alone() {
        let article = ArticleRef {
            number: "21".into(),
            title: None,
            text: Some("De norm bedraagt:".into()),
            document: None,
            parts: vec![
                ArticlePartRef {
                    kind: PartKind::Onder,
                    id: "a".into(),
                    text: "voor een alleenstaande;".into(),
                },
                ArticlePartRef {
                    kind: PartKind::Lid,
                    id: "2".into(),
                    text: "Tweede lid.".into(),
                },
            ],
        };
        assert_eq!(
            article.part_quote(&article.parts[0]),
            "De norm bedraagt: a. voor een alleenstaande;"
        );
        assert_eq!(article.part_quote(&article.parts[1]), "Lid 2: Tweede lid.");
        assert_eq!(
            article.whole_quote().as_deref(),
            Some("De norm bedraagt: a. voor een alleenstaande; Lid 2: Tweede lid.")
        );
        let missing = part_ref("onder b").expect("a part");
        assert!(article.part(&missing).is_none());
    }
}
