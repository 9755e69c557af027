//! What a compiled program knows about one name, in Dutch: its kind and
//! type, the article it stands under with that article's text, a
//! parameter's values by date, a keuze's values. Editors show this on
//! hover; it uses the same formatting of types, amounts and dates as the
//! explanations, so a value reads the same everywhere.

use crate::case::format_value;
use crate::explain::validity;
use crate::ir::{Origin, Program};
use chrono::NaiveDate;
use grammar::ast;
use grammar::locals::{Local, LocalKind};
use std::fmt::Write;

/// The description of `name` in `program` (Markdown), or `None` when the
/// program declares no rule, input, parameter, table, function, keuze or
/// gegeven of that name.
pub fn describe(program: &Program, name: &str) -> Option<String> {
    let types = &program.types;
    let (heading, origin, mut body) = if let Some(r) = program.rules.iter().find(|r| r.name == name)
    {
        let heading = format!("regel `{name}`: {}", types.display(&r.ty));
        (heading, Some(&r.origin), texts(&[("label", &r.label)]))
    } else if let Some(i) = program.inputs.iter().find(|i| i.name == name) {
        let heading = format!(
            "invoer `{name}`: {}{}",
            types.display(&i.ty),
            range_text(types, &i.ty, i.range)
        );
        let body = texts(&[
            ("label", &i.label),
            ("vraag", &i.question),
            ("hulp", &i.help),
        ]);
        (heading, Some(&i.origin), body)
    } else if let Some(p) = program.params.iter().find(|p| p.name == name) {
        let heading = format!("parameter `{name}`: {}", types.display(&p.ty));
        let mut body = texts(&[("label", &p.label)]);
        for entry in &p.timeline {
            let value = format_value(types, &p.ty, &entry.value);
            // A constant (`= waarde`) holds from the first date there is.
            if entry.from == NaiveDate::MIN && entry.through.is_none() {
                let _ = writeln!(body, "- {value}");
            } else {
                let _ = writeln!(body, "- {value} {}", validity(entry.from, entry.through));
            }
        }
        (heading, Some(&p.origin), body)
    } else if let Some(t) = program.tables.iter().find(|t| t.name == name) {
        // Column `k` counts inputs first, then outputs (as their labels do).
        let columns = |cols: &[(String, crate::types::Type)], first: usize| {
            cols.iter()
                .enumerate()
                .map(|(k, (n, ty))| {
                    let label = t.column_labels.get(first + k).and_then(Option::as_deref);
                    match label {
                        Some(l) => format!("{n}: {} ({l})", types.display(ty)),
                        None => format!("{n}: {}", types.display(ty)),
                    }
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        let heading = format!(
            "tabel `{name}`({}) -> {}",
            columns(&t.inputs, 0),
            columns(&t.outputs, t.inputs.len())
        );
        (heading, Some(&t.origin), String::new())
    } else if let Some(f) = program.functions.iter().find(|f| f.name == name) {
        let params = f
            .params
            .iter()
            .map(|(n, ty)| format!("{n}: {}", types.display(ty)))
            .collect::<Vec<_>>()
            .join("; ");
        let heading = format!("functie `{name}`({params}): {}", types.display(&f.ret));
        (heading, Some(&f.origin), texts(&[("label", &f.label)]))
    } else if let Some(e) = types.enums.iter().find(|e| e.name == name) {
        let values = e
            .values
            .iter()
            .enumerate()
            .map(|(k, v)| match e.labels.get(k).and_then(Option::as_deref) {
                Some(label) => format!("`{v}` ({label})"),
                None => format!("`{v}`"),
            })
            .collect::<Vec<_>>();
        (
            format!("keuze `{name}`: {}", values.join(" | ")),
            None,
            String::new(),
        )
    } else if let Some(r) = types.records.iter().find(|r| r.name == name) {
        let mut body = String::new();
        for (k, (field, ty)) in r.fields.iter().enumerate() {
            let range = range_text(types, ty, r.field_range(k));
            let _ = write!(body, "- `{field}`: {}{range}", types.display(ty));
            if let Some(label) = r.field_labels.get(k).and_then(Option::as_deref) {
                let _ = write!(body, " ({label})");
            }
            body.push('\n');
        }
        (format!("gegeven `{name}`"), None, body)
    } else {
        return None;
    };
    let mut text = heading;
    if let Some(origin) = origin {
        text.push_str(&origin_text(origin));
    }
    if !body.is_empty() {
        body.insert_str(0, "\n\n");
        text.push_str(body.trim_end());
    }
    Some(text)
}

/// The description of a local name (a function's parameter, the variable
/// of a list expression, a table column in `eis … voor elke rij van`), from
/// the file `text` it is written in (Markdown, like [`describe`]).
pub fn describe_local(file: &ast::File, text: &str, local: &Local) -> String {
    let written = |span: ast::Span| text.get(span.start..span.end).unwrap_or("").trim();
    // A parameter's or column's type as written, and its label as a paragraph.
    let typed = |field: Option<&ast::Field>| {
        let ty = field.map_or(String::new(), |f| format!(": {}", written(f.ty.span)));
        let label = field
            .and_then(|f| f.label.as_ref())
            .map(|l| l.value.clone());
        (ty, paragraph(&texts(&[("label", &label)])))
    };
    let name = &local.name.name;
    match &local.kind {
        LocalKind::Parameter { function, index } => {
            let param = file.items.iter().find_map(|i| match i {
                ast::Item::Function(f) if f.name.name == function.name => f.params.get(*index),
                _ => None,
            });
            let (ty, label) = typed(param);
            format!(
                "parameter `{name}` van functie `{}`{ty}{label}",
                function.name
            )
        }
        LocalKind::Element { list } => {
            format!("`{name}`: elk element van `{}`", written(*list))
        }
        LocalKind::Counter { from, through } => format!(
            "`{name}`: een geheel getal van `{}` tot en met `{}`",
            written(*from),
            written(*through)
        ),
        LocalKind::Column { table } => {
            let column = file.items.iter().find_map(|i| match i {
                ast::Item::Table(t) if t.name.name == table.name => t
                    .inputs
                    .iter()
                    .chain(&t.outputs)
                    .find(|f| f.name.name == *name),
                _ => None,
            });
            let (ty, label) = typed(column);
            format!(
                "kolom `{name}` van tabel `{}`{ty}, in elke rij{label}",
                table.name
            )
        }
    }
}

/// `, ten minste 0` after a type with a range (`minimaal`/`maximaal`), or nothing.
fn range_text(
    types: &crate::types::TypeTable,
    ty: &crate::types::Type,
    range: Option<crate::ir::Range>,
) -> String {
    range.map_or(String::new(), |r| {
        format!(", {}", crate::case::format_range(types, ty, &r))
    })
}

/// `body` as a paragraph after a heading, or nothing when it is empty.
fn paragraph(body: &str) -> String {
    let body = body.trim_end();
    if body.is_empty() {
        String::new()
    } else {
        format!("\n\n{body}")
    }
}

/// The display texts a declaration gives (`label`, `vraag`, `hulp`), one a line.
fn texts(items: &[(&str, &Option<String>)]) -> String {
    let mut body = String::new();
    for (word, text) in items {
        if let Some(text) = text {
            let _ = writeln!(body, "{word}: \u{201c}{text}\u{201d}");
        }
    }
    body
}

/// The citation and the article's title and text, each as a paragraph.
fn origin_text(origin: &Origin) -> String {
    let mut s = String::new();
    let citation = origin.citation();
    if !citation.is_empty() {
        let _ = write!(s, "\n\n{citation}");
        if let Some(title) = origin.article.as_ref().and_then(|a| a.title.as_deref()) {
            let _ = write!(s, " — {title}");
        }
    }
    if let Some(text) = origin.article.as_ref().and_then(|a| a.text.as_deref()) {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let _ = write!(s, "\n\n> {text}");
    }
    s
}

// The tests compile their programs from sources.
#[cfg(all(test, feature = "compile"))]
mod tests {
    use super::*;
    use crate::{Engine, SourceSet};

    const SOURCE: &str = r#"regeling "Voorbeeld"
  id gemeente.voorbeeld
  geldig vanaf 2025-01-01

keuze Kleur: rood | groen label "groen of blauw"

invoer inkomen: bedrag per maand

gegeven Kamer
  bedden: geheel getal minimaal 0 maximaal 4 label "aantal bedden"

invoer indeling: lijst van Kamer
  ongebruikt "alleen voor de hover"

invoer kamers: geheel getal minimaal 0
  label "extra kamers"
  vraag "Hoeveel kamers gebruikt u?"
  hulp "Tel de slaapkamers."
  ongebruikt "alleen voor de hover"

uitvoer recht

parameter grens: bedrag per maand
  vanaf 2025-01-01 tot en met 2025-06-30: € 1.345,45
  vanaf 2025-07-01: € 1.400

parameter vast: geheel getal = 21

parameter premie: bedrag per maand
  label "premie per maand"
  vanaf 2025-01-01: € 10

tabel staffel(k: geheel getal label "aantal kamers") -> uren: geheel getal
  beslis eerste
  | k | uren |
  | - | 3    |

artikel "2 lid 1" "Recht"
  """Recht heeft wie
     weinig verdient."""

regel recht: ja/nee = inkomen < grens
"#;

    fn program() -> std::sync::Arc<Program> {
        let mut sources = SourceSet::new();
        sources.add("voorbeeld/2025.regels", SOURCE);
        let engine = Engine::new(sources);
        assert!(
            engine.diagnostics().is_empty(),
            "{:?}",
            engine.diagnostics()
        );
        let date = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
        engine.program("gemeente.voorbeeld", date).unwrap().clone()
    }

    #[test]
    fn a_rule_with_its_type_article_and_text() {
        let text = describe(&program(), "recht").unwrap();
        assert_eq!(
            text,
            "regel `recht`: ja/nee\n\nart. 2 lid 1 — Recht\n\n> Recht heeft wie weinig verdient."
        );
    }

    #[test]
    fn a_parameter_with_its_values_by_date() {
        let text = describe(&program(), "grens").unwrap();
        assert!(
            text.starts_with("parameter `grens`: bedrag per maand"),
            "{text}"
        );
        assert!(
            text.ends_with(
                "- € 1.345,45 per maand vanaf 1 januari 2025 tot en met 30 juni 2025\n\
                 - € 1.400,00 per maand vanaf 1 juli 2025"
            ),
            "{text}"
        );
    }

    #[test]
    fn local_names_are_described_from_the_file() {
        let text = "regeling \"L\"\n  id l.l\n  geldig vanaf 2025-01-01\n\n\
            regel j: geheel getal? = eerste jr van 2020 tot en met 2025 waarvoor jr > 2021\n\
            functie f(n: geheel getal): geheel getal = n\n";
        let file = grammar::parse(text).unwrap();
        let locals = grammar::locals::locals(&file);
        let said: Vec<String> = locals
            .iter()
            .map(|l| describe_local(&file, text, l))
            .collect();
        assert_eq!(
            said,
            [
                "`jr`: een geheel getal van `2020` tot en met `2025`",
                "parameter `n` van functie `f`: geheel getal"
            ]
        );
    }

    #[test]
    fn a_keuze_with_its_values_and_unknown_names() {
        let p = program();
        assert_eq!(
            describe(&p, "Kleur").unwrap(),
            "keuze `Kleur`: `rood` | `groen` (groen of blauw)"
        );
        assert_eq!(
            describe(&p, "kamers").unwrap(),
            "invoer `kamers`: geheel getal, ten minste 0\n\nlabel: \u{201c}extra kamers\u{201d}\n\
             vraag: \u{201c}Hoeveel kamers gebruikt u?\u{201d}\nhulp: \u{201c}Tel de slaapkamers.\u{201d}"
        );
        assert_eq!(
            describe(&p, "inkomen").unwrap(),
            "invoer `inkomen`: bedrag per maand"
        );
        assert_eq!(
            describe(&p, "Kamer").unwrap(),
            "gegeven `Kamer`\n\n- `bedden`: geheel getal, van 0 tot en met 4 (aantal bedden)"
        );
        assert_eq!(describe(&p, "onbekend"), None);
        let constant = "parameter `vast`: geheel getal\n\n- 21";
        assert_eq!(describe(&p, "vast").unwrap(), constant);
        assert_eq!(
            describe(&p, "premie").unwrap(),
            "parameter `premie`: bedrag per maand\n\nlabel: \u{201c}premie per maand\u{201d}\n\
             - € 10,00 per maand vanaf 1 januari 2025"
        );
        assert_eq!(
            describe(&p, "staffel").unwrap(),
            "tabel `staffel`(k: geheel getal (aantal kamers)) -> uren: geheel getal"
        );
    }
}
