//! Rendering of the auditors' results: terminal text (optionally coloured),
//! Markdown for a raadsvoorstel, CSV for spreadsheets. JSON is the serde
//! form of the result types. All wording is Dutch; amounts use Dutch
//! notation in text and Markdown and plain decimals in CSV and JSON.

use super::behaviour::{BehaviourReport, Example, OutputDiff};
use super::coverage::{Status, Timeline};
use super::diff::{Action, Change, Detail, Diff, Kind, VersionDiff};
use super::receipt::{SourceState, Verification};
use super::simulate::{NumSummary, Simulation, Total};
use super::words::{Op, WordRun};
use engine::case::format_money;
use rust_decimal::Decimal;
use std::fmt::Write;

/// Terminal styling: ANSI colours or nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub colour: bool,
}

impl Style {
    pub const PLAIN: Style = Style { colour: false };

    fn paint(self, code: &str, text: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn bold(self, t: &str) -> String {
        self.paint("1", t)
    }
    fn green(self, t: &str) -> String {
        self.paint("32", t)
    }
    fn red(self, t: &str) -> String {
        self.paint("31", t)
    }
    fn yellow(self, t: &str) -> String {
        self.paint("33", t)
    }
    fn dim(self, t: &str) -> String {
        self.paint("2", t)
    }
    fn action(self, a: Action, t: &str) -> String {
        match a {
            Action::Toegevoegd => self.green(t),
            Action::Verwijderd => self.red(t),
            Action::Gewijzigd => self.yellow(t),
        }
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{} {one}", count(n))
    } else {
        format!("{} {many}", count(n))
    }
}

/// `12,5%` of a part in a whole.
fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "0%".into();
    }
    // In u128: `part × 1000` cannot overflow.
    let p = Decimal::from(u128::from(part) * 1000 / u128::from(whole)) / Decimal::from(10);
    format!("{}%", p.normalize().to_string().replace('.', ","))
}

/// Whole number with Dutch thousands separators: `1.000.000`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

fn money(d: Decimal) -> String {
    format_money(d.round_dp(2))
}

fn signed_money(d: Decimal) -> String {
    if d > Decimal::ZERO {
        format!("+{}", money(d))
    } else {
        money(d)
    }
}

/// A total shown by `show` when exact, else the Dutch reason it is not.
fn show_total(t: Total, show: impl Fn(Decimal) -> String) -> String {
    match t.exact() {
        Some(d) => show(d),
        None => t.to_string(),
    }
}

fn indent(text: &str, by: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{by}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn summary_line(v: &VersionDiff) -> String {
    let (a, r, c) = v.counts();
    format!("{} toegevoegd, {} verwijderd, {} gewijzigd", a, r, c)
}

/// The `test` blocks in one line: they document the rules and change no
/// outcome, so the diff only counts them (the JSON output names them).
fn tests_summary(v: &VersionDiff) -> Option<String> {
    let n = |a| {
        v.wijzigingen
            .iter()
            .filter(|c| c.soort == Kind::Test && c.actie == a)
            .count() as u64
    };
    let (a, r, c) = (
        n(Action::Toegevoegd),
        n(Action::Verwijderd),
        n(Action::Gewijzigd),
    );
    if a + r + c == 0 {
        return None;
    }
    Some(format!(
        "{} toegevoegd, {} verwijderd, {} gewijzigd (testgevallen in het regelbestand; zij veranderen geen uitkomst)",
        plural(a, "test", "tests"),
        count(r),
        count(c)
    ))
}

fn validity_short(v: &super::diff::FileInfo) -> String {
    match &v.tot_en_met {
        Some(t) => format!("{} t/m {}", v.geldig_vanaf, t),
        None => format!("vanaf {}", v.geldig_vanaf),
    }
}

fn short_hash(h: &str) -> String {
    let hex = h.strip_prefix("sha256:").unwrap_or(h);
    format!("sha256:{}…", hex.get(..12).unwrap_or(hex))
}

// ------------------------------------------------------------ word diff

/// A detail's word runs ([`super::diff::Detail::woorden`]) as the changed
/// words with a little context: `… bedrag is [-€ 360-] {+€ 375+} per jaar …`;
/// `del` and `ins` mark the runs.
fn word_diff(
    runs: &[WordRun],
    del: &dyn Fn(&str) -> String,
    ins: &dyn Fn(&str) -> String,
) -> String {
    const CONTEXT: usize = 5;
    let ops: Vec<(Op, &str)> = runs
        .iter()
        .flat_map(|r| r.tekst.split_whitespace().map(move |w| (r.soort, w)))
        .collect();
    let changed: Vec<bool> = ops.iter().map(|(op, _)| *op != Op::Same).collect();
    let near = |k: usize| {
        let lo = k.saturating_sub(CONTEXT);
        let hi = (k + CONTEXT + 1).min(ops.len());
        changed[lo..hi].iter().any(|c| *c)
    };
    let mut out = String::new();
    let mut skipped = false;
    let mut k = 0;
    while k < ops.len() {
        let op = ops[k].0;
        if op == Op::Same {
            if near(k) {
                if skipped {
                    out.push_str("… ");
                    skipped = false;
                }
                out.push_str(ops[k].1);
                out.push(' ');
            } else {
                skipped = true;
            }
            k += 1;
            continue;
        }
        if skipped {
            out.push_str("… ");
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
        out.push_str(&if op == Op::Del { del(&run) } else { ins(&run) });
        out.push(' ');
    }
    if skipped {
        out.push('…');
    }
    out.trim_end().to_string()
}

// ------------------------------------------------------------ diff, text

/// The structural diff for a terminal.
pub fn diff_text(d: &Diff, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        style.bold(&format!("Vergelijking van regels: {} → {}", d.oud, d.nieuw))
    );
    if d.versies.is_empty() {
        let _ = writeln!(out, "\nGeen regelbestanden gevonden om te vergelijken.");
    }
    for v in &d.versies {
        out.push('\n');
        match (&v.oud, &v.nieuw) {
            (Some(o), Some(n)) => {
                let _ = writeln!(out, "  oud:   {} — {}", o.pad, o.describe());
                let _ = writeln!(out, "  nieuw: {} — {}", n.pad, n.describe());
            }
            (None, Some(n)) => {
                let _ = writeln!(
                    out,
                    "{}",
                    style.green(&format!("+ nieuwe versie: {} — {}", n.pad, n.describe()))
                );
                continue;
            }
            (Some(o), None) => {
                let _ = writeln!(
                    out,
                    "{}",
                    style.red(&format!("- versie vervallen: {} — {}", o.pad, o.describe()))
                );
                continue;
            }
            (None, None) => continue,
        }
        if v.wijzigingen.is_empty() {
            if v.opmaak.tekst_gewijzigd {
                let _ = writeln!(
                    out,
                    "\n  Geen inhoudelijke wijzigingen (alleen opmaak of commentaar)."
                );
            } else {
                let _ = writeln!(out, "\n  Geen wijzigingen: de bestanden zijn gelijk.");
            }
        }
        let mut current: Option<Kind> = None;
        for c in v.wijzigingen.iter().filter(|c| c.soort != Kind::Test) {
            if current != Some(c.soort) {
                current = Some(c.soort);
                let _ = writeln!(out, "\n{}", style.bold(c.soort.heading()));
            }
            change_text(&mut out, c, style);
        }
        if let Some(t) = tests_summary(v) {
            let _ = writeln!(out, "\n{}\n  {t}", style.bold(Kind::Test.heading()));
        }
        layout_text(&mut out, v);
        if !v.wijzigingen.is_empty() {
            let _ = writeln!(out, "\nSamenvatting: {}.", summary_line(v));
        }
    }
    out
}

fn change_title(c: &Change) -> String {
    let mut t = match c.soort {
        Kind::Uitvoer => "uitvoer".to_string(),
        k => format!("{} {}", k.dutch(), c.naam),
    };
    if let Some(a) = &c.artikel {
        t.push_str(&format!(" (art. {a})"));
    }
    t
}

fn change_text(out: &mut String, c: &Change, style: Style) {
    let head = format!(
        "  {} {} {}",
        c.actie.marker(),
        change_title(c),
        style.dim(&format!("[{}]", c.actie.dutch()))
    );
    let _ = writeln!(out, "{}", style.action(c.actie, &head));
    match c.actie {
        Action::Toegevoegd => {
            if let Some(n) = &c.nieuw {
                let _ = writeln!(out, "{}", style.green(&indent(n, "      + ")));
            }
        }
        Action::Verwijderd => {
            if let Some(o) = &c.oud {
                let _ = writeln!(out, "{}", style.red(&indent(o, "      - ")));
            }
        }
        Action::Gewijzigd => {
            for d in &c.details {
                detail_text(out, d, style);
            }
        }
    }
}

fn detail_text(out: &mut String, d: &Detail, style: Style) {
    let one_line = |s: &Option<String>| {
        s.as_ref()
            .is_none_or(|s| !s.contains('\n') && s.len() <= 70)
    };
    match d.actie {
        Action::Toegevoegd => {
            let n = d.nieuw.as_deref().unwrap_or("");
            if one_line(&d.nieuw) {
                let _ = writeln!(
                    out,
                    "      {}",
                    style.green(&format!("+ {}: {}", d.aspect, n))
                );
            } else {
                let _ = writeln!(out, "      {}", style.green(&format!("+ {}:", d.aspect)));
                let _ = writeln!(out, "{}", style.green(&indent(n, "          + ")));
            }
        }
        Action::Verwijderd => {
            let o = d.oud.as_deref().unwrap_or("");
            if one_line(&d.oud) {
                let _ = writeln!(
                    out,
                    "      {}",
                    style.red(&format!("- {}: {}", d.aspect, o))
                );
            } else {
                let _ = writeln!(out, "      {}", style.red(&format!("- {}:", d.aspect)));
                let _ = writeln!(out, "{}", style.red(&indent(o, "          - ")));
            }
        }
        Action::Gewijzigd => match (&d.oud, &d.nieuw) {
            (Some(o), Some(n))
                if one_line(&d.oud) && one_line(&d.nieuw) && o.len() + n.len() <= 80 =>
            {
                let _ = writeln!(
                    out,
                    "      ~ {}: {} → {}",
                    d.aspect,
                    style.red(o),
                    style.green(n)
                );
            }
            (Some(_), Some(_)) if d.woorden.is_some() => {
                let del = |w: &str| style.red(&format!("[-{w}-]"));
                let ins = |w: &str| style.green(&format!("{{+{w}+}}"));
                let runs = d.woorden.as_deref().unwrap_or_default();
                let _ = writeln!(out, "      ~ {}: {}", d.aspect, word_diff(runs, &del, &ins));
            }
            (Some(o), Some(n)) => {
                let _ = writeln!(out, "      ~ {}:", d.aspect);
                let _ = writeln!(out, "{}", style.red(&indent(o, "          - ")));
                let _ = writeln!(out, "{}", style.green(&indent(n, "          + ")));
            }
            _ => {
                let _ = writeln!(out, "      ~ {}", d.aspect);
            }
        },
    }
}

fn layout_text(out: &mut String, v: &VersionDiff) {
    let mut parts = Vec::new();
    if !v.opmaak.anders_opgemaakt.is_empty() {
        let n = v.opmaak.anders_opgemaakt.len() as u64;
        parts.push(format!(
            "{} anders opgemaakt ({})",
            plural(n, "definitie", "definities"),
            v.opmaak.anders_opgemaakt.join(", ")
        ));
    }
    if v.opmaak.commentaar_gewijzigd {
        parts.push("commentaar gewijzigd".to_string());
    }
    if !parts.is_empty() {
        let _ = writeln!(
            out,
            "\nAlleen opmaak (geen betekenis): {}.",
            parts.join("; ")
        );
    }
}

// ------------------------------------------------------------ diff, Markdown

fn md_code(s: &str) -> String {
    if s.contains('`') {
        format!("`` {s} ``")
    } else {
        format!("`{s}`")
    }
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|")
}

/// The structural diff as Markdown (Dutch), to attach to a raadsvoorstel.
pub fn diff_markdown(d: &Diff, level: usize) -> String {
    let h = |n: usize| "#".repeat(level + n);
    let mut out = String::new();
    for v in &d.versies {
        match (&v.oud, &v.nieuw) {
            (Some(o), Some(n)) => {
                let _ = writeln!(out, "| | oud | nieuw |\n|---|---|---|");
                let _ = writeln!(
                    out,
                    "| regeling | {} | {} |",
                    md_escape(&o.naam),
                    md_escape(&n.naam)
                );
                let _ = writeln!(
                    out,
                    "| bestand | {} | {} |",
                    md_code(&o.pad),
                    md_code(&n.pad)
                );
                let _ = writeln!(out, "| versie | {} | {} |", o.versie, n.versie);
                let _ = writeln!(
                    out,
                    "| geldig | {} | {} |",
                    validity_short(o),
                    validity_short(n)
                );
                let _ = writeln!(
                    out,
                    "| inhoud | {} | {} |",
                    md_code(&short_hash(&o.hash)),
                    md_code(&short_hash(&n.hash))
                );
                out.push('\n');
            }
            (None, Some(n)) => {
                let _ = writeln!(
                    out,
                    "{} Nieuwe versie {} ({})\n",
                    h(1),
                    n.versie,
                    md_code(&n.pad)
                );
                continue;
            }
            (Some(o), None) => {
                let _ = writeln!(
                    out,
                    "{} Vervallen versie {} ({})\n",
                    h(1),
                    o.versie,
                    md_code(&o.pad)
                );
                continue;
            }
            (None, None) => continue,
        }
        if v.wijzigingen.is_empty() {
            let _ = writeln!(out, "Geen inhoudelijke wijzigingen.\n");
        } else {
            let _ = writeln!(out, "**Samenvatting:** {}.\n", summary_line(v));
        }
        let mut current: Option<Kind> = None;
        for c in v.wijzigingen.iter().filter(|c| c.soort != Kind::Test) {
            if current != Some(c.soort) {
                current = Some(c.soort);
                let _ = writeln!(out, "{} {}\n", h(1), c.soort.heading());
            }
            change_markdown(&mut out, c);
        }
        if let Some(t) = tests_summary(v) {
            let _ = writeln!(out, "{} {}\n\n{t}\n", h(1), Kind::Test.heading());
        }
        let mut parts = Vec::new();
        if !v.opmaak.anders_opgemaakt.is_empty() {
            parts.push(format!(
                "{} anders opgemaakt ({})",
                plural(
                    v.opmaak.anders_opgemaakt.len() as u64,
                    "definitie",
                    "definities"
                ),
                v.opmaak.anders_opgemaakt.join(", ")
            ));
        }
        if v.opmaak.commentaar_gewijzigd {
            parts.push("commentaar gewijzigd".into());
        }
        if !parts.is_empty() {
            let _ = writeln!(
                out,
                "_Alleen opmaak, zonder gevolgen voor de uitkomst: {}._\n",
                parts.join("; ")
            );
        }
    }
    out
}

fn change_markdown(out: &mut String, c: &Change) {
    let what = match c.soort {
        Kind::Uitvoer => "uitvoer".to_string(),
        k => format!("{} {}", k.dutch(), md_code(&c.naam)),
    };
    let art = c
        .artikel
        .as_ref()
        .map(|a| format!(" (art. {a})"))
        .unwrap_or_default();
    let verb = match c.actie {
        Action::Toegevoegd => "Toegevoegd",
        Action::Verwijderd => "Vervallen",
        Action::Gewijzigd => "Gewijzigd",
    };
    let _ = writeln!(out, "- **{verb}:** {what}{art}");
    match c.actie {
        Action::Toegevoegd | Action::Verwijderd => {
            let text = if c.actie == Action::Toegevoegd {
                &c.nieuw
            } else {
                &c.oud
            };
            if let Some(t) = text {
                let _ = writeln!(out, "\n  ```\n{}\n  ```\n", indent(t, "  "));
            }
        }
        Action::Gewijzigd => {
            for d in &c.details {
                detail_markdown(out, d);
            }
            out.push('\n');
        }
    }
}

fn detail_markdown(out: &mut String, d: &Detail) {
    let short = |s: &Option<String>| {
        s.as_ref()
            .is_none_or(|s| !s.contains('\n') && s.len() <= 60)
    };
    match d.actie {
        Action::Toegevoegd | Action::Verwijderd => {
            let (label, text) = if d.actie == Action::Toegevoegd {
                ("toegevoegd", &d.nieuw)
            } else {
                ("vervallen", &d.oud)
            };
            let t = text.as_deref().unwrap_or("");
            if short(text) {
                let _ = writeln!(out, "  - {} {label}: {}", d.aspect, md_code(t));
            } else {
                let _ = writeln!(
                    out,
                    "  - {} {label}:\n\n    ```\n{}\n    ```\n",
                    d.aspect,
                    indent(t, "    ")
                );
            }
        }
        Action::Gewijzigd => match (&d.oud, &d.nieuw) {
            (Some(o), Some(n)) if short(&d.oud) && short(&d.nieuw) => {
                let _ = writeln!(out, "  - {}: {} → {}", d.aspect, md_code(o), md_code(n));
            }
            (Some(_), Some(_)) if d.woorden.is_some() => {
                let del = |w: &str| format!("~~{}~~", md_escape(w));
                let ins = |w: &str| format!("**{}**", md_escape(w));
                let _ = writeln!(
                    out,
                    "  - {} (geschrapt ~~zo~~, nieuw **zo**): {}",
                    d.aspect,
                    word_diff(d.woorden.as_deref().unwrap_or_default(), &del, &ins)
                );
            }
            (Some(o), Some(n)) => {
                let _ = writeln!(
                    out,
                    "  - {}:\n\n    ```diff\n{}\n{}\n    ```\n",
                    d.aspect,
                    indent(o, "    - "),
                    indent(n, "    + ")
                );
            }
            _ => {
                let _ = writeln!(out, "  - {} gewijzigd", d.aspect);
            }
        },
    }
}

// ------------------------------------------------------------ behaviour

fn money_cell(t: Option<Total>) -> String {
    t.map(|t| show_total(t, money))
        .unwrap_or_else(|| "—".into())
}

fn signed_cell(t: Option<Total>) -> String {
    t.map(|t| show_total(t, signed_money))
        .unwrap_or_else(|| "—".into())
}

fn period_label(p: &Option<String>) -> String {
    p.as_ref()
        .map(|p| format!("per {p}"))
        .unwrap_or_else(|| "zonder periode".into())
}

/// Wraps text to `width` columns (explanations side by side).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for line in text.lines() {
        let indent_len = line.len() - line.trim_start().len();
        let prefix: String = line.chars().take(indent_len.min(width / 2)).collect();
        let mut current = String::new();
        for word in line.split_whitespace() {
            let candidate_len = current.chars().count() + word.chars().count() + 1;
            if !current.is_empty() && candidate_len > width {
                lines.push(current);
                current = format!("{prefix}  ");
            } else if current.is_empty() {
                current.push_str(&prefix);
            } else {
                current.push(' ');
            }
            // Words longer than the column are cut.
            let mut w = word.to_string();
            while current.chars().count() + w.chars().count() > width && !w.is_empty() {
                let room = width.saturating_sub(current.chars().count()).max(1);
                let head: String = w.chars().take(room).collect();
                let tail: String = w.chars().skip(room).collect();
                current.push_str(&head);
                lines.push(current);
                current = format!("{prefix}  ");
                w = tail;
            }
            current.push_str(&w);
        }
        lines.push(current);
    }
    lines
}

/// Two texts next to each other, each `width` wide, separated by ` │ `.
pub fn side_by_side(
    left_title: &str,
    left: &str,
    right_title: &str,
    right: &str,
    width: usize,
) -> String {
    let l = wrap(left, width);
    let r = wrap(right, width);
    let pad = |s: &str| {
        let n = s.chars().count();
        format!("{s}{}", " ".repeat(width.saturating_sub(n)))
    };
    let mut out = String::new();
    let _ = writeln!(out, "{} │ {}", pad(left_title), right_title);
    let _ = writeln!(out, "{}─┼─{}", "─".repeat(width), "─".repeat(width));
    for i in 0..l.len().max(r.len()) {
        let a = l.get(i).map(String::as_str).unwrap_or("");
        let b = r.get(i).map(String::as_str).unwrap_or("");
        let _ = writeln!(out, "{} │ {}", pad(a), b).map(|_| ());
    }
    // No trailing spaces on lines whose right side is empty.
    out.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// How many transitions of an output are listed: amounts vary case by case,
/// so for money the list stays short (the totals say the rest).
fn shown(o: &OutputDiff) -> usize {
    if o.bedragen.is_some() {
        5
    } else {
        12
    }
}

/// `, 4 geven onder beide versies een fout` (or nothing).
fn both_failed(b: &BehaviourReport) -> String {
    if b.fout_in_beide == 0 {
        String::new()
    } else {
        format!(
            ", {} onder beide versies een fout",
            plural(b.fout_in_beide, "geeft", "geven")
        )
    }
}

fn changed_outputs(b: &BehaviourReport) -> Vec<&OutputDiff> {
    b.uitvoer.iter().filter(|o| o.gewijzigd > 0).collect()
}

/// The behavioural diff for a terminal.
pub fn behaviour_text(b: &BehaviourReport, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        style.bold(&format!(
            "Effect op {}",
            plural(b.gevallen, "geval", "gevallen")
        ))
    );
    let _ = writeln!(
        out,
        "  {} met een andere uitkomst ({}), {} ongewijzigd{}.",
        plural(b.gewijzigd, "geval", "gevallen"),
        percent(b.gewijzigd, b.gevallen),
        count(b.ongewijzigd),
        both_failed(b)
    );
    errors_text(&mut out, "oud", b.errors_old(), &b.fouten_oud);
    errors_text(&mut out, "nieuw", b.errors_new(), &b.fouten_nieuw);
    let changed = changed_outputs(b);
    if !changed.is_empty() {
        let _ = writeln!(out, "\n{}", style.bold("Uitkomsten die veranderen"));
        for o in &changed {
            let _ = writeln!(
                out,
                "  {} ({}): {}",
                o.naam,
                o.ty,
                plural(o.gewijzigd, "geval", "gevallen")
            );
            for t in o.overgangen.iter().take(shown(o)) {
                let _ = writeln!(
                    out,
                    "    {} → {}: {}",
                    t.oud,
                    t.nieuw,
                    plural(t.gevallen, "geval", "gevallen")
                );
            }
            if o.overgangen.len() > shown(o) {
                let rest: u64 = o.overgangen.iter().skip(shown(o)).map(|t| t.gevallen).sum();
                let _ = writeln!(
                    out,
                    "    … {} andere overgangen: {}",
                    o.overgangen.len() - shown(o),
                    plural(rest, "geval", "gevallen")
                );
            }
        }
    }
    let money_outputs: Vec<&OutputDiff> =
        b.uitvoer.iter().filter(|o| o.bedragen.is_some()).collect();
    if !money_outputs.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            style.bold("Bedragen (totaal over alle gevallen)")
        );
        for o in money_outputs {
            let Some(m) = &o.bedragen else { continue };
            let per_year =
                if m.periode_nieuw.as_deref() == Some("jaar") && m.periode_oud == m.periode_nieuw {
                    String::new()
                } else {
                    format!(
                        "; per jaar {} → {} (verschil {})",
                        money_cell(m.per_jaar_oud),
                        money_cell(m.per_jaar_nieuw),
                        signed_cell(m.verschil_per_jaar)
                    )
                };
            let _ = writeln!(
                out,
                "  {}: {} → {} {} (verschil {}){per_year}; {} hoger, {} lager",
                o.naam,
                show_total(m.totaal_oud, money),
                show_total(m.totaal_nieuw, money),
                period_label(&m.periode_nieuw.clone().or(m.periode_oud.clone())),
                signed_cell(m.verschil),
                count(m.hoger),
                count(m.lager)
            );
        }
    }
    for e in &b.voorbeelden {
        example_text(&mut out, e, style);
    }
    out
}

fn errors_text(out: &mut String, side: &str, total: u64, list: &[super::simulate::Count]) {
    if total == 0 {
        return;
    }
    let _ = writeln!(
        out,
        "  Fouten onder {side}: {}",
        plural(total, "geval", "gevallen")
    );
    for c in list.iter().take(5) {
        let _ = writeln!(out, "    {}× {}", count(c.aantal), c.waarde);
    }
}

fn example_text(out: &mut String, e: &Example, style: Style) {
    let _ = writeln!(
        out,
        "\n{}",
        style.bold(&format!("Voorbeeld: geval op regel {}", e.regel))
    );
    for t in &e.overgangen {
        let _ = writeln!(out, "  {t}");
    }
    let _ = writeln!(out, "  casus: {}", e.casus);
    out.push('\n');
    out.push_str(&side_by_side(
        "oud",
        &e.uitleg_oud,
        "nieuw",
        &e.uitleg_nieuw,
        60,
    ));
}

/// The behavioural diff as Markdown.
pub fn behaviour_markdown(b: &BehaviourReport, level: usize) -> String {
    let h = |n: usize| "#".repeat(level + n);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Van de {} gevallen krijgen er **{}** ({}) een andere uitkomst; {} blijven gelijk{}.\n",
        count(b.gevallen),
        count(b.gewijzigd),
        percent(b.gewijzigd, b.gevallen),
        count(b.ongewijzigd),
        both_failed(b)
    );
    for (side, total, list) in [
        ("oude", b.errors_old(), &b.fouten_oud),
        ("nieuwe", b.errors_new(), &b.fouten_nieuw),
    ] {
        if total > 0 {
            let _ = writeln!(
                out,
                "Onder de {side} regels {} {} een fout:\n",
                if total == 1 { "geeft" } else { "geven" },
                plural(total, "geval", "gevallen")
            );
            for c in list.iter().take(5) {
                let _ = writeln!(out, "- {}× {}", count(c.aantal), c.waarde);
            }
            out.push('\n');
        }
    }
    let changed = changed_outputs(b);
    let _ = writeln!(out, "{} Uitkomsten die veranderen\n", h(1));
    if changed.is_empty() {
        let _ = writeln!(out, "Geen enkele uitkomst verandert.\n");
    } else {
        let _ = writeln!(
            out,
            "| uitvoer | oud | nieuw | gevallen |\n|---|---|---|---:|"
        );
        for o in &changed {
            for t in o.overgangen.iter().take(shown(o)) {
                let _ = writeln!(
                    out,
                    "| `{}` | {} | {} | {} |",
                    o.naam,
                    md_escape(&t.oud),
                    md_escape(&t.nieuw),
                    count(t.gevallen)
                );
            }
            if o.overgangen.len() > shown(o) {
                let rest: u64 = o.overgangen.iter().skip(shown(o)).map(|t| t.gevallen).sum();
                let _ = writeln!(
                    out,
                    "| `{}` | … | … ({} andere overgangen) | {} |",
                    o.naam,
                    o.overgangen.len() - shown(o),
                    count(rest)
                );
            }
        }
        out.push('\n');
    }
    let money_outputs: Vec<&OutputDiff> =
        b.uitvoer.iter().filter(|o| o.bedragen.is_some()).collect();
    if !money_outputs.is_empty() {
        let _ = writeln!(out, "{} Bedragen\n", h(1));
        let _ = writeln!(out, "Totaal over alle gevallen; \"per jaar\" rekent om met 12 maanden, 13 perioden van 4 weken of 52 weken.\n");
        let _ = writeln!(
            out,
            "| uitvoer | periode | totaal oud | totaal nieuw | verschil | per jaar oud | per jaar nieuw | verschil per jaar | hoger | lager |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
        );
        for o in money_outputs {
            let Some(m) = &o.bedragen else { continue };
            let period = if m.periode_oud == m.periode_nieuw {
                period_label(&m.periode_nieuw)
            } else {
                format!(
                    "{} → {}",
                    period_label(&m.periode_oud),
                    period_label(&m.periode_nieuw)
                )
            };
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                o.naam,
                period,
                show_total(m.totaal_oud, money),
                show_total(m.totaal_nieuw, money),
                signed_cell(m.verschil),
                money_cell(m.per_jaar_oud),
                money_cell(m.per_jaar_nieuw),
                signed_cell(m.verschil_per_jaar),
                count(m.hoger),
                count(m.lager)
            );
        }
        out.push('\n');
    }
    if !b.voorbeelden.is_empty() {
        let _ = writeln!(out, "{} Voorbeelden\n", h(1));
        for e in &b.voorbeelden {
            let _ = writeln!(out, "{} Geval op regel {}\n", h(2), e.regel);
            for t in &e.overgangen {
                let _ = writeln!(out, "- {}", md_code(t));
            }
            let _ = writeln!(
                out,
                "\nCasus:\n\n```json\n{}\n```\n",
                serde_json::to_string_pretty(&e.casus).unwrap_or_default()
            );
            let _ = writeln!(
                out,
                "Motivering onder de oude en de nieuwe regels:\n\n```\n{}```\n",
                side_by_side("oud", &e.uitleg_oud, "nieuw", &e.uitleg_nieuw, 58)
            );
        }
    }
    out
}

// ------------------------------------------------------------ simulation

/// A simulation for a terminal.
pub fn simulation_text(s: &Simulation, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        style.bold(&format!("Simulatie: {} ({})", s.naam, s.regeling))
    );
    let _ = writeln!(
        out,
        "  {}: {} beoordeeld, {} met een fout.",
        plural(s.gevallen, "geval", "gevallen"),
        count(s.beoordeeld),
        count(s.fouten)
    );
    for v in &s.versies {
        let until = v
            .tot_en_met
            .as_ref()
            .map(|t| format!(" t/m {t}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  versie {} (vanaf {}{until}): {}",
            v.versie,
            v.geldig_vanaf,
            plural(v.gevallen, "geval", "gevallen")
        );
    }
    for c in s.foutmeldingen.iter().take(10) {
        let line = c
            .eerste_regel
            .map(|l| format!(" (eerste op regel {l})"))
            .unwrap_or_default();
        let _ = writeln!(out, "  {}× {}{line}", count(c.aantal), c.waarde);
    }
    for o in &s.uitvoer {
        let _ = writeln!(
            out,
            "\n{} {}",
            style.bold(&o.naam),
            style.dim(&format!("({})", o.ty))
        );
        let total: u64 = o.waarden.iter().map(|c| c.aantal).sum::<u64>() + o.leeg;
        if o.getallen.is_none() {
            for c in &o.waarden {
                let _ = writeln!(
                    out,
                    "  {:<28} {:>10}  {:>6}",
                    c.waarde,
                    count(c.aantal),
                    percent(c.aantal, total)
                );
            }
        }
        if o.leeg > 0 {
            let _ = writeln!(out, "  {:<28} {:>10}", "leeg", count(o.leeg));
        }
        if let Some(n) = &o.getallen {
            let is_money = o.ty.starts_with("bedrag");
            let show = |d: Decimal| {
                if is_money {
                    money(d)
                } else {
                    engine::case::format_decimal(d)
                }
            };
            let opt = |d: Option<Decimal>| d.map(show).unwrap_or_else(|| "—".into());
            let _ = writeln!(
                out,
                "  aantal {}, waarvan nul {}",
                count(n.aantal),
                count(n.nul)
            );
            let per = n
                .periode
                .as_ref()
                .map(|p| format!(" per {p}"))
                .unwrap_or_default();
            let _ = writeln!(out, "{}", total_line("som", &per, n.som, show));
            if let Some(y) = n.som_per_jaar {
                if n.periode.as_deref() != Some("jaar") {
                    let _ = writeln!(out, "{}", total_line("som per jaar", "", y, money));
                }
            }
            let _ = writeln!(
                out,
                "  minimum {}, mediaan {}{}, gemiddelde {}, maximum {}",
                opt(n.minimum),
                opt(n.mediaan),
                approximation(n, show),
                n.gemiddelde
                    .map(|t| show_total(t, show))
                    .unwrap_or_else(|| "—".into()),
                opt(n.maximum)
            );
            if !n.verdeling.is_empty() {
                for v in &n.verdeling {
                    let _ = writeln!(
                        out,
                        "  {:>28} {:>10}  {:>6}",
                        show(v.waarde),
                        count(v.aantal),
                        percent(v.aantal, n.aantal)
                    );
                }
            }
            if n.histogram.len() > 1 {
                let max = n
                    .histogram
                    .iter()
                    .map(|b| b.aantal)
                    .max()
                    .unwrap_or(1)
                    .max(1);
                for b in &n.histogram {
                    let bar =
                        "█".repeat((u128::from(b.aantal) * 30).div_ceil(u128::from(max)) as usize);
                    let _ = writeln!(
                        out,
                        "  {:>14} – {:<14} {:>9} {}",
                        show(b.van),
                        show(b.tot),
                        count(b.aantal),
                        bar
                    );
                }
            }
        }
    }
    out
}

/// `  som € 1.234,00 per maand`, or `  som per maand: te groot …` when the
/// total is not exact.
fn total_line(label: &str, per: &str, t: Total, show: impl Fn(Decimal) -> String) -> String {
    match t.exact() {
        Some(d) => format!("  {label} {}{per}", show(d)),
        None => format!("  {label}{per}: {t}"),
    }
}

/// ` (bij benadering, klassen van € 1,00)` after a median taken from
/// classes of values (many distinct values), else nothing.
fn approximation(n: &NumSummary, show: impl Fn(Decimal) -> String) -> String {
    match (n.mediaan_bij_benadering, n.mediaan_klassebreedte) {
        (true, Some(width)) => format!(" (bij benadering, klassen van {})", show(width)),
        (true, None) => " (bij benadering)".into(),
        _ => String::new(),
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A simulation as CSV: one row per value of a categorical output, one row
/// with the statistics per numeric output. A total that is not exact holds
/// the Dutch reason instead of a number; `mediaan_klassebreedte` is filled
/// when the median is approximate (see [`NumSummary`]).
pub fn simulation_csv(s: &Simulation) -> String {
    let mut out = String::from(
        "regeling,uitvoer,type,waarde,aantal,som,som_per_jaar,minimum,mediaan,gemiddelde,maximum,mediaan_klassebreedte\n",
    );
    fn cell<T: std::fmt::Display>(value: Option<T>) -> String {
        value.map(|v| csv_field(&v.to_string())).unwrap_or_default()
    }
    for o in &s.uitvoer {
        for c in &o.waarden {
            let _ = writeln!(
                out,
                "{},{},{},{},{},,,,,,,",
                csv_field(&s.regeling),
                csv_field(&o.naam),
                csv_field(&o.ty),
                csv_field(&c.waarde),
                c.aantal
            );
        }
        if o.leeg > 0 {
            let _ = writeln!(
                out,
                "{},{},{},leeg,{},,,,,,,",
                csv_field(&s.regeling),
                csv_field(&o.naam),
                csv_field(&o.ty),
                o.leeg
            );
        }
        if let Some(n) = &o.getallen {
            let _ = writeln!(
                out,
                "{},{},{},,{},{},{},{},{},{},{},{}",
                csv_field(&s.regeling),
                csv_field(&o.naam),
                csv_field(&o.ty),
                n.aantal,
                cell(Some(n.som)),
                cell(n.som_per_jaar),
                cell(n.minimum),
                cell(n.mediaan),
                cell(n.gemiddelde),
                cell(n.maximum),
                cell(n.mediaan_klassebreedte)
            );
        }
    }
    if s.fouten > 0 {
        let _ = writeln!(
            out,
            "{},(fouten),,,{},,,,,,,",
            csv_field(&s.regeling),
            s.fouten
        );
    }
    out
}

// ------------------------------------------------------------ timeline

/// The timeline of a regeling for a terminal.
pub fn timeline_text(t: &Timeline, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        style.bold(&format!("Tijdlijn: {} ({})", t.naam, t.regeling))
    );
    let _ = writeln!(out, "\nVersies:");
    for v in &t.versies {
        let until = v
            .tot_en_met
            .map(|d| format!(" tot en met {d}"))
            .unwrap_or_else(|| " (geen einddatum)".into());
        let layer = v
            .laag_op
            .as_ref()
            .map(|l| format!(", laag op {l}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {:<8} geldig vanaf {}{until}{layer}  {}",
            v.versie,
            v.geldig_vanaf,
            style.dim(&v.pad)
        );
    }
    let _ = writeln!(out, "\nPerioden:");
    for p in &t.periodes {
        let until = p
            .tot_en_met
            .map(|d| format!("t/m {d}"))
            .unwrap_or_else(|| "en verder".into());
        let head = format!("  {} {until}: {}", p.van, p.status.dutch());
        let head = match p.status {
            Status::Geldig => style.green(&head),
            _ => style.red(&head),
        };
        let _ = write!(out, "{head}");
        match p.status {
            Status::Geldig => {
                let _ = writeln!(out, " ({})", p.onderdelen.join(", "));
            }
            Status::AfhankelijkheidOntbreekt => {
                let _ = writeln!(
                    out,
                    ": geen versie van `{}`",
                    p.ontbreekt.as_deref().unwrap_or("?")
                );
            }
            _ => out.push('\n'),
        }
        for g in &p.parameters {
            let mut what = Vec::new();
            if let Some(b) = g.begint {
                what.push(format!("begint pas op {b}"));
            }
            if let Some(e) = g.eindigt {
                what.push(format!("eindigt op {e}"));
            }
            let _ = writeln!(
                out,
                "{}",
                style.yellow(&format!(
                    "      parameter {} ({}) {}",
                    g.parameter,
                    g.regeling,
                    what.join(" en ")
                ))
            );
        }
    }
    if !t.meldingen.is_empty() {
        let _ = writeln!(out, "\nMeldingen van de controle:");
        for m in &t.meldingen {
            let _ = writeln!(out, "  {} {}: {}", m.code, m.pad, m.melding);
        }
    }
    let problems = t.problems();
    if problems == 0 {
        let _ = writeln!(
            out,
            "\nGeen gaten, overlappingen of parameters die te vroeg eindigen."
        );
    } else {
        let _ = writeln!(
            out,
            "\n{}",
            plural(problems as u64, "bevinding", "bevindingen")
        );
    }
    out
}

// ------------------------------------------------------------ verification

/// The verification of a receipt for a terminal.
pub fn verification_text(v: &Verification, style: Style) -> String {
    use super::receipt::Verdict;
    let mut out = String::new();
    let verdict = format!("Oordeel: {}", v.oordeel.dutch());
    let verdict = match v.oordeel {
        Verdict::Klopt => style.green(&verdict),
        Verdict::UitkomstGelijkBronnenGewijzigd | Verdict::UitkomstGelijkBronnenOnbekend => {
            style.yellow(&verdict)
        }
        _ => style.red(&verdict),
    };
    let _ = writeln!(out, "Regeling: {}\n{verdict}", v.regeling);
    if let Some(f) = &v.fout {
        let _ = writeln!(out, "  fout: {f}");
    }
    if !v.verschillen.is_empty() {
        let _ = writeln!(out, "\nUitkomsten die nu anders zijn:");
        for d in &v.verschillen {
            let _ = writeln!(
                out,
                "  {}: vastgelegd {} → nu {}",
                d.naam, d.vastgelegd, d.nu
            );
        }
    }
    if !v.bronnen.is_empty() {
        let _ = writeln!(out, "\nBronnen:");
        for b in &v.bronnen {
            let line = format!(
                "  {} {} ({}): {}",
                b.regeling,
                b.versie,
                b.pad,
                b.toestand.dutch()
            );
            let line = match b.toestand {
                SourceState::Ongewijzigd => line,
                _ => style.yellow(&line),
            };
            let _ = writeln!(out, "{line}");
            if b.toestand == SourceState::Gewijzigd {
                let _ = writeln!(
                    out,
                    "      vastgelegd {}, nu {}",
                    b.hash_vastgelegd
                        .as_deref()
                        .map(short_hash)
                        .unwrap_or_default(),
                    b.hash_nu.as_deref().map(short_hash).unwrap_or_default()
                );
            }
        }
    }
    out
}

// ------------------------------------------------------------ impact report

/// The impact report in Markdown: the change in meaning, then (with a
/// population) its effect on the cases. `cases` names the population.
pub fn impact_markdown(
    title: &str,
    diff: &Diff,
    behaviour: Option<&BehaviourReport>,
    cases: Option<&str>,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {title}\n");
    let _ = writeln!(
        out,
        "Vergelijking van {} (oud) met {} (nieuw). Alleen wijzigingen in betekenis staan hieronder; \
         opmaak en commentaar worden apart genoemd.\n",
        md_code(&diff.oud),
        md_code(&diff.nieuw)
    );
    let _ = writeln!(out, "## Wat verandert er in de regels\n");
    out.push_str(&diff_markdown(diff, 2));
    if let Some(b) = behaviour {
        let _ = writeln!(out, "## Wat betekent dat voor de gevallen\n");
        if let Some(c) = cases {
            let _ = writeln!(
                out,
                "Doorgerekend: {} gevallen uit {}, elk onder de oude en onder de nieuwe regels.\n",
                count(b.gevallen),
                md_code(c)
            );
        }
        out.push_str(&behaviour_markdown(b, 2));
    }
    out.trim_end().to_string() + "\n"
}
