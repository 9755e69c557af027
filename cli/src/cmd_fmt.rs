//! `regelwerk opmaak`: rewrite rule files in the canonical layout, or with
//! `--controleer` list the files that are not in it.

use crate::args::FmtArgs;
use crate::files;
use crate::render;
use crate::{usage_problem, Exit};
use engine::diag::{Code, Diagnostic};
use engine::SourceSet;
use std::collections::BTreeSet;

pub fn run(a: FmtArgs) -> Exit {
    let mut paths = BTreeSet::new();
    for p in &a.paths {
        if let Err(e) = files::collect(p, "regels", &mut paths) {
            return usage_problem(e);
        }
    }
    if paths.is_empty() {
        return usage_problem(files::no_rule_files(&a.paths));
    }
    let handler = render::handler(render::colour_on_stderr());
    let mut broken = 0usize;
    let mut changed = Vec::new();
    for path in &paths {
        let shown = files::display_path(path);
        let text = match files::read_text(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("fout: {e}");
                broken += 1;
                continue;
            }
        };
        let formatted = match format_text(&text) {
            Ok(f) => f,
            Err(e) => {
                let mut sources = SourceSet::new();
                let id = sources.add(shown.clone(), text);
                let mut d = Diagnostic::new(Code::SyntaxError, id, e.span, e.message.clone())
                    .label("syntaxfout");
                if let Some(h) = &e.help {
                    d = d.help(h.clone());
                }
                eprintln!("{}", render::render(&handler, &d, &sources));
                broken += 1;
                continue;
            }
        };
        if formatted == text {
            continue;
        }
        if !still_parses(&formatted) {
            eprintln!(
                "interne fout: de opmaak van `{shown}` is niet meer leesbaar; het bestand is niet gewijzigd (meld dit aan de ontwikkelaars)"
            );
            broken += 1;
            continue;
        }
        if a.check_only {
            println!("{shown}");
        } else if let Err(e) = std::fs::write(path, &formatted) {
            eprintln!(
                "fout: kan `{shown}` niet schrijven: {}",
                files::dutch_io(&e)
            );
            broken += 1;
            continue;
        }
        changed.push(shown);
    }
    let total = render::quantity(paths.len(), "bestand", "bestanden");
    if a.check_only {
        if !changed.is_empty() {
            eprintln!(
                "{} van {total} niet opgemaakt; voer `regelwerk opmaak` uit",
                render::quantity(changed.len(), "bestand", "bestanden")
            );
        } else if broken == 0 {
            eprintln!("alles is opgemaakt ({total})");
        }
    } else {
        eprintln!(
            "{} opgemaakt ({total} bekeken)",
            render::quantity(changed.len(), "bestand", "bestanden")
        );
    }
    if broken > 0 {
        eprintln!(
            "{} niet te lezen of met syntaxfouten",
            render::quantity(broken, "bestand", "bestanden")
        );
        return Exit::Failure;
    }
    if a.check_only && !changed.is_empty() {
        Exit::Failure
    } else {
        Exit::Ok
    }
}

/// The canonical layout of a source text.
fn format_text(text: &str) -> Result<String, grammar::ParseError> {
    let file = grammar::parse(text)?;
    Ok(grammar::format_source(&file, text))
}

/// A safety net before writing: the formatted text must parse again, so a
/// fault in the formatter can never destroy a rule file.
fn still_parses(formatted: &str) -> bool {
    grammar::parse(formatted).is_ok()
}
