//! `regelwerk huishouden`: decide every chosen regeling for one household
//! case at once (engine::household) and print the overview: per regeling
//! the outcome, route, amounts and short motivering, then the totals and
//! the steps the household must still take. `--format json` prints the
//! same answer as the browser's `decideHousehold`.

use crate::args::{Format, LibraryArg};
use crate::cmd_eval::read_json;
use crate::{failure, files, usage_problem, Exit};
use clap::Args;
use engine::case::format_money;
use engine::household::{self, HouseholdDecision, HouseholdRequest, Status};
use engine::Engine;
use serde_json::Value as Json;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct HouseholdArgs {
    /// De map van een gemeente (alle regelingen daaronder) of de mappen van regelingen, gevolgd door het huishouden als JSON: `peildatum`, `huishouden` met de feiten, en eventueel `regelingen` of `gemeente`
    #[arg(value_name = "PAD", required = true, num_args = 2.., help_heading = "Argumenten")]
    pub paths: Vec<PathBuf>,

    /// Sta ontbrekende feiten toe: toon wat al vaststaat en welke vragen nog open zijn (elke vraag één keer)
    #[arg(long = "gedeeltelijk")]
    pub partial: bool,

    /// Uitvoervorm: `text` (standaard; per regeling de uitkomst, de bedragen en de korte motivering, dan de totalen en wat het huishouden nog moet doen) of `json` (hetzelfde antwoord als `decideHousehold` in de browser, met het volledige resultaat en ontvangstbewijs per regeling)
    #[arg(long, value_enum, value_name = "VORM", hide_possible_values = true)]
    pub format: Option<Format>,

    #[command(flatten)]
    pub library: LibraryArg,
}

pub fn run(a: HouseholdArgs) -> Exit {
    let Some((household_file, folders)) = a.paths.split_last() else {
        return usage_problem(
            "geef de map van een gemeente of regelingen en het huishouden (JSON)",
        );
    };
    if let Some(p) = folders.iter().find(|p| !p.is_dir()) {
        return usage_problem(format!(
            "`{}` is geen map met regelingen",
            files::display_path(p)
        ));
    }
    let roots = match files::roots_for(folders, a.library.folder.as_deref()) {
        Ok(r) => r,
        Err(e) => return usage_problem(e),
    };
    let mut household = match read_json(household_file) {
        Ok(j) => j,
        Err(exit) => return exit,
    };
    let loaded = match files::load(&roots) {
        Ok(l) => l,
        Err(e) => return usage_problem(e),
    };
    let engine = Engine::new(loaded.sources);
    if let Err(exit) = choose_by_folders(&engine, folders, &mut household) {
        return exit;
    }
    let request = HouseholdRequest {
        partial: a.partial,
        ..HouseholdRequest::default()
    };
    let decision = match household::decide(&engine, &household, &request) {
        Ok(d) => d,
        Err(errors) => {
            let mut m = format!(
                "het huishouden bevat {}:",
                crate::render::quantity(errors.len(), "fout", "fouten")
            );
            for e in &errors {
                m.push_str(&format!("\n  {}: {}", e.path, e.message));
            }
            return failure(m);
        }
    };
    match a.format.unwrap_or_default() {
        Format::Json => match serde_json::to_string_pretty(&decision) {
            Ok(s) => println!("{s}"),
            Err(e) => return failure(format!("kan het antwoord niet als JSON schrijven: {e}")),
        },
        Format::Text => print!("{}", text(&decision)),
    }
    if decision.regelingen.iter().any(|r| r.status == Status::Fout) {
        return Exit::Failure;
    }
    Exit::Ok
}

/// The folders choose the regelingen (each regeling whose folder is one of
/// them or lies under one). A choice in the household file must name the
/// same regelingen (its order is kept): two different choices are refused,
/// not merged.
fn choose_by_folders(
    engine: &Engine,
    folders: &[PathBuf],
    household: &mut Json,
) -> Result<(), Exit> {
    let shown: Vec<String> = folders.iter().map(|f| files::display_path(f)).collect();
    let ids: Vec<String> = engine
        .library()
        .regelingen
        .iter()
        .filter(|r| {
            shown
                .iter()
                .any(|f| f == "." || r.folder == *f || r.folder.starts_with(&format!("{f}/")))
        })
        .map(|r| r.id.clone())
        .collect();
    if ids.is_empty() {
        return Err(failure(format!(
            "geen regeling gevonden in {}; bekijk de regelingen met `regelwerk regelingen`",
            shown.join(", ")
        )));
    }
    let Some(object) = household.as_object_mut() else {
        return Ok(()); // the engine refuses it with its path
    };
    let named = match household::selection_of(&Json::Object(object.clone())) {
        Ok(selection) => Some(household::select(engine, &selection)),
        Err(_) if !object.contains_key("regelingen") && !object.contains_key("gemeente") => None,
        Err(_) => return Ok(()), // the engine reports the malformed choice with its path
    };
    match named {
        Some(Ok(mut own)) => {
            let mut chosen = ids.clone();
            own.sort();
            chosen.sort();
            if own != chosen {
                return Err(failure(format!(
                    "het huishouden kiest andere regelingen ({}) dan de mappen ({}); laat `regelingen`/`gemeente` weg of geef dezelfde",
                    own.join(", "),
                    chosen.join(", ")
                )));
            }
        }
        Some(Err(_)) => return Ok(()), // unknown regelingen: the engine says which
        None => {
            object.insert("regelingen".into(), Json::from(ids));
        }
    }
    Ok(())
}

/// The overview as text.
fn text(d: &HouseholdDecision) -> String {
    let mut out = String::new();
    let date = engine::case::parse_iso_date(&d.peildatum)
        .map_or(d.peildatum.clone(), engine::dates::dutch);
    out.push_str(&format!("Huishouden, peildatum {date}\n"));
    for r in &d.regelingen {
        out.push_str(&format!("\n{} ({})\n", r.name, r.regeling));
        match r.status {
            Status::NietVanKracht | Status::Fout => {
                let what = if r.status == Status::Fout {
                    "fout"
                } else {
                    "niet van kracht"
                };
                out.push_str(&format!(
                    "  {what}: {}\n",
                    r.message.as_deref().unwrap_or("")
                ));
                continue;
            }
            Status::Besloten | Status::Gedeeltelijk => {}
        }
        for o in &r.outcomes {
            let route = o.route.as_deref().unwrap_or("nog niet te bepalen");
            out.push_str(&format!("  {}: {route}\n", o.label));
        }
        for (word, amounts) in [("ontvangt", &r.receives), ("betaalt", &r.pays)] {
            for a in amounts {
                out.push_str(&format!("  {word}: {} {}\n", a.label, a.text));
            }
        }
        if !r.missing.is_empty() {
            out.push_str(&format!("  nog nodig: {}\n", r.missing.join(", ")));
        }
        if let Some(m) = &r.motivering {
            out.push_str("  Motivering (kort):\n");
            for line in m.lines() {
                match line.is_empty() {
                    true => out.push('\n'),
                    false => out.push_str(&format!("    {line}\n")),
                }
            }
        }
    }
    out.push_str("\nTotalen\n");
    for (word, t) in [
        ("Ontvangt", &d.totals.receives),
        ("Betaalt", &d.totals.pays),
    ] {
        out.push_str(&format!(
            "  {word}: {} per maand, {} per jaar\n",
            format_money(t.month_value),
            format_money(t.year_value)
        ));
        for l in &t.yearly_only {
            out.push_str(&format!(
                "    alleen in het jaartotaal: {} {} ({}): {}\n",
                l.label, l.text, l.regeling, l.reason
            ));
        }
        for l in &t.not_added {
            out.push_str(&format!(
                "    niet opgeteld: {} {} ({}): {}\n",
                l.label, l.text, l.regeling, l.reason
            ));
        }
    }
    if !d.next_steps.is_empty() {
        out.push_str("\nWat moet het huishouden nog doen\n");
        for s in &d.next_steps {
            out.push_str(&format!("  - {} ({})\n", s.text, s.regeling));
        }
    }
    if !d.questions.is_empty() {
        out.push_str("\nNog te beantwoorden (elke vraag één keer)\n");
        for q in &d.questions {
            out.push_str(&format!(
                "  - {} `{}` ({})\n",
                q.vraag,
                q.fact,
                q.regelingen.join(", ")
            ));
        }
    }
    out
}
