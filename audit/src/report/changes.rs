//! The structural diff ([`crate::diff`]): what changed in meaning between
//! two versions, grouped per kind of definition. The text form is for a
//! terminal, the Markdown form for a raadsvoorstel; they share their
//! phrases (below), which the browser's version view takes too.

use super::doc::{code, styled, text, Block, Column, Content, Document, Inline, Style};
use super::notation::{aside, quantity, short_hash, thousands};
use super::text::indent;
use crate::diff::{Action, Change, Detail, Diff, FileInfo, Kind, VersionDiff};
use crate::words::{Op, WordRun};

// ------------------------------------------------------------ phrases

/// A comparison that found no rule files on either side.
pub const NO_FILES: &str = "Geen regelbestanden gevonden om te vergelijken.";

/// A version on one side only: `nieuwe versie: pad — versie 2026 (…)` or
/// `versie vervallen: …`, with the style of that fact; nothing for a pair.
pub fn lone_version(v: &VersionDiff) -> Option<(Style, String)> {
    match (&v.old, &v.new) {
        (None, Some(n)) => Some((
            Style::Added,
            format!("nieuwe versie: {} — {}", n.path, n.describe()),
        )),
        (Some(o), None) => Some((
            Style::Removed,
            format!("versie vervallen: {} — {}", o.path, o.describe()),
        )),
        _ => None,
    }
}

/// `Van versie 2025 (…) naar versie 2026 (…).`, the versions strong.
pub fn pair_heading(old: &FileInfo, new: &FileInfo) -> Content {
    vec![
        text("Van "),
        styled(Style::Strong, old.describe()),
        text(" naar "),
        styled(Style::Strong, new.describe()),
        text("."),
    ]
}

/// `Samenvatting: 1 toegevoegd, 0 verwijderd, 8 gewijzigd.`
pub fn summary_sentence(v: &VersionDiff) -> String {
    format!("Samenvatting: {}.", counts_phrase(v))
}

/// `1 toegevoegd, 0 verwijderd, 8 gewijzigd`.
pub fn counts_phrase(v: &VersionDiff) -> String {
    let (a, r, c) = v.counts();
    format!("{a} toegevoegd, {r} verwijderd, {c} gewijzigd")
}

/// Why a version pair lists no changes, or nothing when it does.
pub fn no_changes_phrase(v: &VersionDiff) -> Option<&'static str> {
    if !v.changes.is_empty() {
        None
    } else if v.layout.text_changed {
        Some("Geen inhoudelijke wijzigingen (alleen opmaak of commentaar).")
    } else {
        Some("Geen wijzigingen: de bestanden zijn gelijk.")
    }
}

/// When one file is a layer on the other's regeling: that the diff
/// compares what each file says, and what the layer takes over from its
/// base without saying it (neither removed nor added).
pub fn layer_sentences(v: &VersionDiff) -> Option<(String, String)> {
    let l = v.layer.as_ref()?;
    let (which, absent) = if l.new_is_layer {
        ("nieuwe", "verwijderd")
    } else {
        ("oude", "toegevoegd")
    };
    let about = format!(
        "Het {which} bestand is een laag op {}. Deze vergelijking vergelijkt wat elk \
         bestand zelf zegt, niet de regeling die de laag met haar basis vormt: wat \
         alleen de basis noemt, geldt ongewijzigd ook in de laag en staat hieronder \
         niet als {absent}.",
        l.base
    );
    let inherited = if l.inherited.is_empty() {
        "De laag neemt niets ongewijzigd over uit de basis.".to_string()
    } else {
        format!(
            "Ongewijzigd overgenomen uit de basis ({}): {}.",
            thousands(l.inherited.len() as u64),
            l.inherited.join(", ")
        )
    };
    Some((about, inherited))
}

/// The `test` blocks in one line: they document the rules and change no
/// outcome, so the diff only counts them (the JSON output names them).
pub fn tests_phrase(v: &VersionDiff) -> Option<String> {
    let n = |a| {
        v.changes
            .iter()
            .filter(|c| c.kind == Kind::Test && c.action == a)
            .count() as u64
    };
    let (a, r, c) = (n(Action::Added), n(Action::Removed), n(Action::Changed));
    if a + r + c == 0 {
        return None;
    }
    Some(format!(
        "{} toegevoegd, {} verwijderd, {} gewijzigd (testgevallen in het regelbestand; zij veranderen geen uitkomst)",
        quantity(a, "test", "tests"),
        thousands(r),
        thousands(c)
    ))
}

/// What changed in layout only: `2 definities anders opgemaakt (a, b);
/// commentaar gewijzigd`, or nothing.
pub fn layout_phrase(v: &VersionDiff) -> Option<String> {
    let mut parts = Vec::new();
    if !v.layout.reformatted.is_empty() {
        let n = v.layout.reformatted.len() as u64;
        parts.push(format!(
            "{} anders opgemaakt ({})",
            quantity(n, "definitie", "definities"),
            v.layout.reformatted.join(", ")
        ));
    }
    if v.layout.comment_changed {
        parts.push("commentaar gewijzigd".to_string());
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// `Alleen opmaak (geen betekenis): … .` for a terminal and the browser.
pub fn layout_sentence(v: &VersionDiff) -> Option<String> {
    layout_phrase(v).map(|p| format!("Alleen opmaak (geen betekenis): {p}."))
}

/// `regel bijdrage`; the output section is `uitvoer`.
pub fn change_name(c: &Change) -> String {
    match c.kind {
        Kind::Output => "uitvoer".to_string(),
        k => format!("{} {}", k.dutch(), c.name),
    }
}

/// `art. 5`, the article a change is under.
pub fn article(c: &Change) -> Option<String> {
    c.article.as_ref().map(|a| format!("art. {a}"))
}

/// What follows the name in brackets: the label people read it by and the
/// article, `toekenning individuele inkomenstoeslag; art. 3`.
fn label_and_article(c: &Change) -> Option<String> {
    aside(c.label.as_deref(), article(c).as_deref())
}

/// `regel bijdrage (eigen bijdrage; art. 5)`.
fn change_title(c: &Change) -> String {
    match label_and_article(c) {
        Some(a) => format!("{} ({a})", change_name(c)),
        None => change_name(c),
    }
}

fn validity_short(v: &FileInfo) -> String {
    match &v.through {
        Some(t) => format!("{} t/m {}", v.valid_from, t),
        None => format!("vanaf {}", v.valid_from),
    }
}

/// A detail's word runs ([`Detail::woorden`]) as the changed words with a
/// little context: `… bedrag is [-€ 360-] {+€ 375+} per jaar …`; `mark`
/// makes a removed or an added run.
fn word_diff(runs: &[WordRun], mark: &dyn Fn(Op, String) -> Inline) -> Content {
    const CONTEXT: usize = 5;
    let ops: Vec<(Op, &str)> = runs
        .iter()
        .flat_map(|r| r.text.split_whitespace().map(move |w| (r.kind, w)))
        .collect();
    let changed: Vec<bool> = ops.iter().map(|(op, _)| *op != Op::Same).collect();
    let near = |k: usize| {
        let lo = k.saturating_sub(CONTEXT);
        let hi = (k + CONTEXT + 1).min(ops.len());
        changed[lo..hi].iter().any(|c| *c)
    };
    let mut out: Content = Vec::new();
    let mut plain = String::new();
    let mut skipped = false;
    let mut k = 0;
    while k < ops.len() {
        let op = ops[k].0;
        if op == Op::Same {
            if near(k) {
                if skipped {
                    plain.push_str("… ");
                    skipped = false;
                }
                plain.push_str(ops[k].1);
                plain.push(' ');
            } else {
                skipped = true;
            }
            k += 1;
            continue;
        }
        if skipped {
            plain.push_str("… ");
            skipped = false;
        }
        let start = k;
        while k < ops.len() && ops[k].0 == op {
            k += 1;
        }
        let run = ops[start..k]
            .iter()
            .map(|(_, w)| *w)
            .collect::<Vec<_>>()
            .join(" ");
        if !plain.is_empty() {
            out.push(text(std::mem::take(&mut plain)));
        }
        out.push(mark(op, run));
        plain.push(' ');
    }
    if skipped {
        plain.push('…');
    }
    let plain = plain.trim_end();
    if !plain.is_empty() {
        out.push(text(plain));
    }
    out
}

fn action_style(a: Action) -> Style {
    match a {
        Action::Added => Style::Added,
        Action::Removed => Style::Removed,
        Action::Changed => Style::Changed,
    }
}

/// The changes of a version pair without the tests, with the kind that
/// starts a new group.
fn grouped(v: &VersionDiff) -> impl Iterator<Item = (Option<Kind>, &Change)> {
    let mut current: Option<Kind> = None;
    v.changes
        .iter()
        .filter(|c| c.kind != Kind::Test)
        .map(move |c| {
            let starts = (current != Some(c.kind)).then_some(c.kind);
            current = Some(c.kind);
            (starts, c)
        })
}

// ------------------------------------------------------------ text

/// The structural diff as a document for a terminal.
pub fn text_document(d: &Diff) -> Document {
    let mut doc = Document::new();
    doc.heading(
        1,
        vec![text(format!(
            "Vergelijking van regels: {} → {}",
            d.old, d.new
        ))],
    );
    if d.versions.is_empty() {
        doc.blank();
        doc.text(NO_FILES);
    }
    for v in &d.versions {
        doc.blank();
        if let Some((style, phrase)) = lone_version(v) {
            let marker = if style == Style::Added { "+" } else { "-" };
            doc.line(vec![styled(style, format!("{marker} {phrase}"))]);
            continue;
        }
        let (Some(o), Some(n)) = (&v.old, &v.new) else {
            continue;
        };
        doc.text(format!("  oud:   {} — {}", o.path, o.describe()));
        doc.text(format!("  nieuw: {} — {}", n.path, n.describe()));
        if let Some((about, inherited)) = layer_sentences(v) {
            doc.blank();
            doc.text(format!("  {about}"));
            doc.text(format!("  {inherited}"));
        }
        if let Some(none) = no_changes_phrase(v) {
            doc.blank();
            doc.text(format!("  {none}"));
        }
        for (starts, c) in grouped(v) {
            if let Some(kind) = starts {
                doc.blank();
                doc.heading(2, vec![text(kind.heading())]);
            }
            change_text(&mut doc, c);
        }
        if let Some(t) = tests_phrase(v) {
            doc.blank();
            doc.heading(2, vec![text(Kind::Test.heading())]);
            doc.text(format!("  {t}"));
        }
        if let Some(layout) = layout_sentence(v) {
            doc.blank();
            doc.text(layout);
        }
        if !v.changes.is_empty() {
            doc.blank();
            doc.text(summary_sentence(v));
        }
    }
    doc
}

fn change_text(doc: &mut Document, c: &Change) {
    doc.line(vec![Inline::Styled(
        action_style(c.action),
        vec![
            text(format!("  {} {} ", c.action.marker(), change_title(c))),
            styled(Style::Muted, format!("[{}]", c.action.dutch())),
        ],
    )]);
    match c.action {
        Action::Added => {
            if let Some(n) = &c.new {
                doc.line(vec![styled(Style::Added, indent(n, "      + "))]);
            }
        }
        Action::Removed => {
            if let Some(o) = &c.old {
                doc.line(vec![styled(Style::Removed, indent(o, "      - "))]);
            }
        }
        Action::Changed => {
            for d in &c.details {
                detail_text(doc, d);
            }
        }
    }
}

/// Whether a value (or its absence) fits on one line of `width` bytes.
fn fits(value: &Option<String>, width: usize) -> bool {
    value
        .as_ref()
        .is_none_or(|s| !s.contains('\n') && s.len() <= width)
}

fn detail_text(doc: &mut Document, d: &Detail) {
    let one_line = |s: &Option<String>| fits(s, 70);
    match d.action {
        Action::Added | Action::Removed => {
            let (style, sign, value) = if d.action == Action::Added {
                (Style::Added, "+", &d.new)
            } else {
                (Style::Removed, "-", &d.old)
            };
            let shown = value.as_deref().unwrap_or("");
            if one_line(value) {
                doc.line(vec![
                    text("      "),
                    styled(style, format!("{sign} {}: {shown}", d.aspect)),
                ]);
            } else {
                doc.line(vec![
                    text("      "),
                    styled(style, format!("{sign} {}:", d.aspect)),
                ]);
                doc.line(vec![styled(
                    style,
                    indent(shown, &format!("          {sign} ")),
                )]);
            }
        }
        Action::Changed => match (&d.old, &d.new) {
            (Some(o), Some(n))
                if one_line(&d.old) && one_line(&d.new) && o.len() + n.len() <= 80 =>
            {
                doc.line(vec![
                    text(format!("      ~ {}: ", d.aspect)),
                    styled(Style::Removed, o),
                    text(" → "),
                    styled(Style::Added, n),
                ]);
            }
            (Some(_), Some(_)) if d.words.is_some() => {
                let runs = d.words.as_deref().unwrap_or_default();
                let mark = |op: Op, run: String| match op {
                    Op::Del => styled(Style::Removed, format!("[-{run}-]")),
                    _ => styled(Style::Added, format!("{{+{run}+}}")),
                };
                let mut line = vec![text(format!("      ~ {}: ", d.aspect))];
                line.extend(word_diff(runs, &mark));
                doc.line(line);
            }
            (Some(o), Some(n)) => {
                doc.text(format!("      ~ {}:", d.aspect));
                doc.line(vec![styled(Style::Removed, indent(o, "          - "))]);
                doc.line(vec![styled(Style::Added, indent(n, "          + "))]);
            }
            _ => doc.text(format!("      ~ {}", d.aspect)),
        },
    }
}

// ------------------------------------------------------------ Markdown

/// The structural diff as a Markdown document (Dutch), to attach to a
/// raadsvoorstel; its headings start at `level + 1`.
pub fn markdown_document(d: &Diff, level: usize) -> Document {
    let mut doc = Document::new();
    for v in &d.versions {
        let lone = match (&v.old, &v.new) {
            (Some(o), Some(n)) => {
                doc.push(versions_table(o, n));
                doc.blank();
                if let Some((about, inherited)) = layer_sentences(v) {
                    doc.text(about);
                    doc.blank();
                    doc.text(inherited);
                    doc.blank();
                }
                None
            }
            (None, Some(n)) => Some(("Nieuwe", n)),
            (Some(o), None) => Some(("Vervallen", o)),
            (None, None) => continue,
        };
        if let Some((which, file)) = lone {
            doc.heading(
                level + 1,
                vec![
                    text(format!("{which} versie {} (", file.version)),
                    code(&file.path),
                    text(")"),
                ],
            );
            doc.blank();
            continue;
        }
        if v.changes.is_empty() {
            doc.text("Geen inhoudelijke wijzigingen.");
        } else {
            doc.line(vec![
                styled(Style::Strong, "Samenvatting:"),
                text(format!(" {}.", counts_phrase(v))),
            ]);
        }
        doc.blank();
        for (starts, c) in grouped(v) {
            if let Some(kind) = starts {
                doc.heading(level + 1, vec![text(kind.heading())]);
                doc.blank();
            }
            change_markdown(&mut doc, c);
        }
        if let Some(t) = tests_phrase(v) {
            doc.heading(level + 1, vec![text(Kind::Test.heading())]);
            doc.blank();
            doc.text(t);
            doc.blank();
        }
        if let Some(p) = layout_phrase(v) {
            doc.line(vec![styled(
                Style::Emphasis,
                format!("Alleen opmaak, zonder gevolgen voor de uitkomst: {p}."),
            )]);
            doc.blank();
        }
    }
    doc
}

/// Old and new file side by side: regeling, file, version, validity, hash.
fn versions_table(o: &FileInfo, n: &FileInfo) -> Block {
    let row = |label: &str, old: Inline, new: Inline| vec![vec![text(label)], vec![old], vec![new]];
    Block::Table {
        columns: vec![Column::left(""), Column::left("oud"), Column::left("nieuw")],
        rows: vec![
            row("regeling", text(&o.name), text(&n.name)),
            row("bestand", code(&o.path), code(&n.path)),
            row("versie", text(&o.version), text(&n.version)),
            row("geldig", text(validity_short(o)), text(validity_short(n))),
            row(
                "inhoud",
                code(short_hash(&o.hash)),
                code(short_hash(&n.hash)),
            ),
        ],
    }
}

fn change_markdown(doc: &mut Document, c: &Change) {
    let verb = match c.action {
        Action::Added => "Toegevoegd:",
        Action::Removed => "Vervallen:",
        Action::Changed => "Gewijzigd:",
    };
    let mut item = vec![styled(Style::Strong, verb), text(" ")];
    match c.kind {
        Kind::Output => item.push(text("uitvoer")),
        k => item.extend([text(format!("{} ", k.dutch())), code(&c.name)]),
    }
    if let Some(a) = label_and_article(c) {
        item.push(text(format!(" ({a})")));
    }
    doc.item(0, item);
    match c.action {
        Action::Added | Action::Removed => {
            let body = if c.action == Action::Added {
                &c.new
            } else {
                &c.old
            };
            if let Some(t) = body {
                doc.blank();
                doc.code(2, "", t);
                doc.blank();
            }
        }
        Action::Changed => {
            for d in &c.details {
                detail_markdown(doc, d);
            }
            doc.blank();
        }
    }
}

fn detail_markdown(doc: &mut Document, d: &Detail) {
    let short = |s: &Option<String>| fits(s, 60);
    match d.action {
        Action::Added | Action::Removed => {
            let (label, value) = if d.action == Action::Added {
                ("toegevoegd", &d.new)
            } else {
                ("vervallen", &d.old)
            };
            let shown = value.as_deref().unwrap_or("");
            if short(value) {
                doc.item(
                    1,
                    vec![text(format!("{} {label}: ", d.aspect)), code(shown)],
                );
            } else {
                doc.item(1, vec![text(format!("{} {label}:", d.aspect))]);
                doc.blank();
                doc.code(4, "", shown);
                doc.blank();
            }
        }
        Action::Changed => match (&d.old, &d.new) {
            (Some(o), Some(n)) if short(&d.old) && short(&d.new) => {
                doc.item(
                    1,
                    vec![
                        text(format!("{}: ", d.aspect)),
                        code(o),
                        text(" → "),
                        code(n),
                    ],
                );
            }
            (Some(_), Some(_)) if d.words.is_some() => {
                let runs = d.words.as_deref().unwrap_or_default();
                let mark = |op: Op, run: String| match op {
                    Op::Del => styled(Style::Removed, run),
                    _ => styled(Style::Added, run),
                };
                let mut item = vec![
                    text(format!("{} (geschrapt ", d.aspect)),
                    styled(Style::Removed, "zo"),
                    text(", nieuw "),
                    styled(Style::Added, "zo"),
                    text("): "),
                ];
                item.extend(word_diff(runs, &mark));
                doc.item(1, item);
            }
            (Some(o), Some(n)) => {
                doc.item(1, vec![text(format!("{}:", d.aspect))]);
                doc.blank();
                doc.code(
                    4,
                    "diff",
                    format!("{}\n{}", indent(o, "- "), indent(n, "+ ")),
                );
                doc.blank();
            }
            _ => doc.item(1, vec![text(format!("{} gewijzigd", d.aspect))]),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures;
    use super::super::{markdown, text as render_text};
    use super::*;
    use crate::diff::{diff_sides, SideFile};

    /// The diff of two versions of the regeling, 2025 and 2026.
    fn diff_between(old: String, new: String) -> Diff {
        let side = |path: &str, text: String| {
            vec![SideFile {
                path: path.into(),
                text,
            }]
        };
        diff_sides(
            "oud",
            &side("proef/2025.regels", old),
            "nieuw",
            &side("proef/2026.regels", new),
        )
        .expect("both parse")
    }

    fn diff() -> Diff {
        diff_between(fixtures::old(), fixtures::new())
    }

    #[test]
    fn text_names_both_files_groups_changes_and_sums_up() {
        let text = render_text::plain(&text_document(&diff()));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "Vergelijking van regels: oud → nieuw");
        assert!(lines.contains(&"  oud:   proef/2025.regels — versie 2025 (geldig van 2025-01-01 tot en met 2025-12-31)"), "{text}");
        assert!(
            lines.contains(&"  nieuw: proef/2026.regels — versie 2026 (geldig vanaf 2026-01-01)"),
            "{text}"
        );
        assert!(lines.contains(&"Regels"), "a group heading: {text}");
        assert!(
            lines.contains(&"  ~ regel uitbetaling [gewijzigd]"),
            "{text}"
        );
        assert!(
            lines
                .last()
                .is_some_and(|l| l.starts_with("Samenvatting: 0 toegevoegd, 0 verwijderd, ")),
            "{text}"
        );
    }

    #[test]
    fn a_heading_shows_the_label_beside_the_name() {
        let d = diff_between(
            fixtures::labelled("2025-01-01", "inkomen"),
            fixtures::labelled("2026-01-01", "€ 0"),
        );
        let md = markdown::render(&markdown_document(&d, 1));
        assert!(
            md.contains("- **Gewijzigd:** regel `uitbetaling` (uitbetaling per maand)\n"),
            "{md}"
        );
        let text = render_text::plain(&text_document(&d));
        assert!(
            text.contains("  ~ regel uitbetaling (uitbetaling per maand) [gewijzigd]\n"),
            "{text}"
        );
    }

    #[test]
    fn markdown_has_the_versions_table_and_a_list_per_kind() {
        let md = markdown::render(&markdown_document(&diff(), 1));
        assert!(md.starts_with("| | oud | nieuw |\n|---|---|---|\n| regeling | Uitbetalingsproef | Uitbetalingsproef |\n| bestand | `proef/2025.regels` | `proef/2026.regels` |\n"), "{md}");
        assert!(
            md.contains("| geldig | 2025-01-01 t/m 2025-12-31 | vanaf 2026-01-01 |\n"),
            "{md}"
        );
        assert!(
            md.contains("\n## Regels\n\n- **Gewijzigd:** regel `uitbetaling`\n"),
            "{md}"
        );
    }

    #[test]
    fn word_diff_keeps_five_words_of_context() {
        let run = |kind, text: &str| WordRun {
            kind,
            text: text.into(),
        };
        let runs = [
            run(Op::Same, "a b c d e f g h"),
            run(Op::Del, "x"),
            run(Op::Ins, "y z"),
            run(Op::Same, "i"),
        ];
        let mark = |op: Op, w: String| match op {
            Op::Del => styled(Style::Removed, w),
            _ => styled(Style::Added, w),
        };
        let mut doc = Document::new();
        doc.line(word_diff(&runs, &mark));
        assert_eq!(markdown::render(&doc), "… d e f g h ~~x~~ **y z** i\n");
    }

    #[test]
    fn phrases_count_tests_apart() {
        let d = diff();
        let v = &d.versions[0];
        assert_eq!(no_changes_phrase(v), None);
        assert_eq!(tests_phrase(v), None, "the fixture has no tests");
        let (a, r, c) = v.counts();
        assert_eq!(
            counts_phrase(v),
            format!("{a} toegevoegd, {r} verwijderd, {c} gewijzigd")
        );
    }
}
