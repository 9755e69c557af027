//! `regelwerk bundel`: pack checked rule sources, with their content hashes
//! and heads (the manifest the browser plans from without parsing), and
//! every compiled program (what the browser's main module evaluates: it has
//! no parser or checker), into one JSON document for the browser (format:
//! `engine::bundle`).

use crate::args::BundleArgs;
use crate::files;
use crate::render;
use crate::{failure, usage_problem, Exit};
use engine::Engine;

pub fn run(a: BundleArgs) -> Exit {
    let roots: Vec<_> = match a.paths.iter().map(|p| files::canonical(p)).collect() {
        Ok(r) => r,
        Err(e) => return usage_problem(e),
    };
    let loaded = match files::load(&roots) {
        Ok(l) => l,
        Err(e) => return usage_problem(e),
    };
    if loaded.sources.is_empty() {
        return usage_problem(files::no_rule_files(&a.paths));
    }
    let engine = Engine::new(loaded.sources);
    // The browser trusts a bundle as it is: every file must pass the check.
    let diags = engine.diagnostics();
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let handler = render::handler(render::colour_on_stderr());
    for d in diags {
        eprintln!("{}", render::render(&handler, d, engine.sources()));
    }
    if errors > 0 {
        return failure(format!(
            "{} in de regels; er is geen regelbundel geschreven",
            render::quantity(errors, "fout", "fouten")
        ));
    }
    let json = match engine::bundle::to_json(engine.library()) {
        Ok(json) => json,
        Err(e) => return failure(e.message),
    };
    let to = a.output.file.as_deref();
    let exit = crate::audit::emit(&json, to);
    if let (Exit::Ok, Some(to)) = (exit, to) {
        eprintln!(
            "{} ({}, {}) gebundeld in `{}` ({} bytes, elk bestand met zijn sha256-hash)",
            render::quantity(engine.sources().len(), "regelbestand", "regelbestanden"),
            render::quantity(engine.regelingen().len(), "regeling", "regelingen"),
            render::quantity(
                engine.library().programs().count(),
                "vertaald programma",
                "vertaalde programma's"
            ),
            files::slash(to),
            json.len()
        );
    }
    exit
}
