//! `regelwerk regelingen`: list the regelingen with their versions.

use crate::args::{Format, RegelingenArgs};
use crate::files;
use crate::{failure, usage_problem, Exit};
use engine::Engine;
use std::path::PathBuf;

pub fn run(a: RegelingenArgs) -> Exit {
    let path = a.path.clone().unwrap_or_else(|| {
        let rules = PathBuf::from("rules");
        if rules.is_dir() {
            rules
        } else {
            PathBuf::from(".")
        }
    });
    let (loaded, _) =
        match files::load_library(std::slice::from_ref(&path), a.library.folder.as_deref()) {
            Ok(l) => l,
            Err(e) => return usage_problem(e),
        };
    if loaded.sources.is_empty() {
        return usage_problem(format!(
            "geen .regels-bestanden gevonden in `{}`",
            files::slash(&path)
        ));
    }
    let engine = Engine::new(loaded.sources);
    let list = engine.regelingen();
    match a.format.unwrap_or_default() {
        Format::Json => match serde_json::to_string_pretty(&list) {
            Ok(s) => println!("{s}"),
            Err(e) => return failure(format!("kan de lijst niet als JSON schrijven: {e}")),
        },
        Format::Text => {
            for r in &list {
                println!("{}  {}", r.id, r.name);
                println!("    map: {}", r.folder);
                for v in &r.versions {
                    let until = match v.valid_through {
                        Some(t) => format!(" tot en met {t}"),
                        None => String::new(),
                    };
                    let layer = match &v.layer_on {
                        Some(base) => format!(", laag op {base}"),
                        None => String::new(),
                    };
                    println!(
                        "    versie {}: geldig vanaf {}{until}{layer}  ({})",
                        v.version, v.valid_from, v.path
                    );
                }
            }
            println!(
                "{} in {}",
                crate::render::quantity(list.len(), "regeling", "regelingen"),
                crate::render::quantity(engine.sources().len(), "bestand", "bestanden")
            );
        }
    }
    let errors = engine.diagnostics().iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        eprintln!(
            "let op: de bibliotheek bevat {}; bestanden die niet te lezen zijn ontbreken in de lijst (zie `regelwerk controleer`)",
            crate::render::quantity(errors, "fout", "fouten")
        );
    }
    Exit::Ok
}
