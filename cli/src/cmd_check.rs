//! `regelwerk controleer`: load the library around the given paths and show the
//! diagnostics of the files under those paths; with `--tijdlijn` also the
//! timeline of each regeling there (as `regelwerk tijdlijn` shows it).

use crate::args::{CheckArgs, Format};
use crate::files;
use crate::render;
use crate::{usage_problem, Exit};
use audit::coverage::{self, Timeline};
use audit::report;
use engine::diag::{locate, Diagnostic};
use engine::ir::FileId;
use engine::Engine;

pub fn run(a: CheckArgs) -> Exit {
    let (loaded, ids) = match files::load_rule_files(&a.paths, a.library.folder.as_deref()) {
        Ok(l) => l,
        Err(e) => return usage_problem(e),
    };
    let engine = Engine::new(loaded.sources);
    let diags: Vec<&Diagnostic> = engine
        .diagnostics()
        .iter()
        .filter(|d| ids.contains(&d.file))
        .collect();
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let timelines = if a.timeline {
        timelines_of(&engine, &ids)
    } else {
        Vec::new()
    };

    match a.format.unwrap_or_default() {
        Format::Json => {
            let located: Vec<_> = diags.iter().map(|d| locate(d, engine.sources())).collect();
            // Without `--tijdlijn` the list alone, as before.
            let json = if a.timeline {
                serde_json::to_string_pretty(
                    &serde_json::json!({ "meldingen": located, "tijdlijnen": timelines }),
                )
            } else {
                serde_json::to_string_pretty(&located)
            };
            match json {
                Ok(s) => println!("{s}"),
                Err(e) => {
                    return crate::failure(format!("kan de meldingen niet als JSON schrijven: {e}"))
                }
            }
        }
        Format::Text => {
            let handler = render::handler(render::colour_on_stderr());
            for d in &diags {
                eprintln!("{}", render::render(&handler, d, engine.sources()));
            }
            eprintln!(
                "{}, {} in {}",
                render::quantity(errors, "fout", "fouten"),
                render::quantity(warnings, "waarschuwing", "waarschuwingen"),
                render::quantity(ids.len(), "bestand", "bestanden")
            );
            let paint = crate::audit::paint_for_stdout(false);
            for t in &timelines {
                println!("\n{}", report::timeline_text(t, paint).trim_end());
            }
        }
    }
    if errors > 0 {
        Exit::Failure
    } else {
        Exit::Ok
    }
}

/// The timelines of the regelingen with a version among `files`.
fn timelines_of(engine: &Engine, files: &[FileId]) -> Vec<Timeline> {
    let library = engine.library();
    library
        .regelingen
        .iter()
        .filter(|r| r.versions.iter().any(|v| files.contains(&v.file)))
        .map(|r| coverage::timeline(library, r))
        .collect()
}
