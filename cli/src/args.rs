//! The command line: every command, argument and option, with Dutch help.

use crate::files::{self, IoProblem};
use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};

/// Help layout with Dutch headings (clap's own headings are English).
const HELP_TEMPLATE: &str = "\
{before-help}{about-with-newline}
Gebruik: {usage}

{all-args}{after-help}";

#[derive(Debug, Parser)]
#[command(
    name = "regelwerk",
    version,
    about = "Regelwerk: controleer, test en pas regelingen in het sociaal domein toe",
    long_about = None,
    help_template = HELP_TEMPLATE,
    override_usage = "regelwerk <OPDRACHT> [OPTIES]",
    subcommand_help_heading = "Opdrachten",
    subcommand_value_name = "OPDRACHT",
    next_help_heading = "Opties",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    arg_required_else_help = true,
    after_help = "Gebruik `regelwerk <OPDRACHT> --help` voor de uitleg bij een opdracht."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true, help = "Toon deze hulp")]
    help: Option<bool>,

    #[arg(short = 'V', long = "version", action = ArgAction::Version, help = "Toon het versienummer")]
    version: Option<bool>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Controleer regelbestanden en toon alle meldingen (fouten en waarschuwingen)
    #[command(
        help_template = HELP_TEMPLATE,
        name = "controleer",
        visible_alias = "check",
        override_usage = "regelwerk controleer [OPTIES] <PAD>...",
        next_help_heading = "Opties"
    )]
    Check(CheckArgs),

    /// Maak regelbestanden op in de vaste opmaak (of controleer dat met --controleer)
    #[command(
        help_template = HELP_TEMPLATE,
        name = "opmaak",
        visible_alias = "fmt",
        override_usage = "regelwerk opmaak [--controleer] <PAD>...",
        next_help_heading = "Opties"
    )]
    Fmt(FmtArgs),

    /// Voer de testblokken van regelbestanden en casusbestanden (JSON) uit
    #[command(
        help_template = HELP_TEMPLATE,
        override_usage = "regelwerk test [OPTIES] <PAD>... [--casussen <MAP_OF_BESTAND>]...",
        next_help_heading = "Opties"
    )]
    Test(TestArgs),

    /// Pas een regeling toe op een casus en toon de uitkomsten
    #[command(
        help_template = HELP_TEMPLATE,
        name = "bereken",
        visible_alias = "eval",
        override_usage = "regelwerk bereken [OPTIES] <REGELING> <CASUS>",
        next_help_heading = "Opties"
    )]
    Eval(EvalArgs),

    /// Pas een regeling toe op een casus en toon de motivering met artikelen
    #[command(
        help_template = HELP_TEMPLATE,
        name = "uitleg",
        visible_alias = "explain",
        override_usage = "regelwerk uitleg [OPTIES] <REGELING> <CASUS>",
        next_help_heading = "Opties"
    )]
    Explain(ExplainArgs),

    /// Toon de regelingen met hun versies en geldigheid
    #[command(
        help_template = HELP_TEMPLATE,
        override_usage = "regelwerk regelingen [OPTIES] [PAD]",
        next_help_heading = "Opties"
    )]
    Regelingen(RegelingenArgs),

    /// Bundel gecontroleerde regelbestanden met hun hash en hun vertaalde programma's in één JSON-bestand voor de browser
    #[command(help_template = HELP_TEMPLATE, name = "bundel",
        visible_alias = "bundle",
        override_usage = "regelwerk bundel <PAD>... [-o <BESTAND>]", next_help_heading = "Opties")]
    Bundle(BundleArgs),

    /// Vergelijk twee versies van regels naar betekenis (met --casussen ook de uitkomsten)
    #[command(help_template = HELP_TEMPLATE, name = "vergelijk",
        visible_alias = "diff",
        override_usage = "regelwerk vergelijk [OPTIES] <OUD> <NIEUW>", next_help_heading = "Opties")]
    Diff(crate::audit::DiffArgs),

    /// Pas een regeling toe op een populatie (JSONL) en tel de uitkomsten
    #[command(help_template = HELP_TEMPLATE, name = "simuleer",
        visible_alias = "simulate",
        override_usage = "regelwerk simuleer [OPTIES] <REGELING> <POPULATIE>", next_help_heading = "Opties")]
    Simulate(crate::audit::SimulateArgs),

    /// Besluit per cliënt: pas een regeling toe op een cliëntenbestand (JSONL met kenmerk), een uitkomstregel per cliënt
    #[command(help_template = HELP_TEMPLATE, override_usage = "regelwerk besluit [OPTIES] <REGELING> <CLIENTEN>", next_help_heading = "Opties")]
    #[command(name = "besluit")]
    Decide(crate::batch::DecideArgs),

    /// Maak een synthetische populatie (JSONL) voor een regeling, reproduceerbaar met een zaad
    #[command(help_template = HELP_TEMPLATE, name = "genereer", override_usage = "regelwerk genereer [OPTIES] <REGELING>", next_help_heading = "Opties")]
    Generate(crate::audit::GenerateArgs),

    /// Toon de tijdlijn van een regeling: versies, gaten, en parameters die te vroeg eindigen
    #[command(help_template = HELP_TEMPLATE, name = "tijdlijn", override_usage = "regelwerk tijdlijn [OPTIES] <REGELING>", next_help_heading = "Opties")]
    Timeline(crate::audit::TimelineArgs),

    /// Pas een regeling toe op een casus en schrijf een bewijs (casus, uitkomst, bronnen met hash)
    #[command(help_template = HELP_TEMPLATE, name = "bewijs", override_usage = "regelwerk bewijs [OPTIES] <REGELING> <CASUS>", next_help_heading = "Opties")]
    Receipt(crate::audit::ReceiptArgs),

    /// Controleer een bewijs: geeft de casus nu nog dezelfde uitkomst, en welke bronnen zijn gewijzigd?
    #[command(help_template = HELP_TEMPLATE, name = "verifieer",
        visible_alias = "verify",
        override_usage = "regelwerk verifieer [OPTIES] <BEWIJS>", next_help_heading = "Opties")]
    Verify(crate::audit::VerifyArgs),

    /// Toon het JSON Schema (draft 2020-12) van een casus voor een regeling: invoer, typen, keuzes, verplichte velden
    #[command(help_template = HELP_TEMPLATE, name = "schema", override_usage = "regelwerk schema [OPTIES] <REGELING>", next_help_heading = "Opties")]
    Schema(crate::cmd_schema::VersionArgs),

    /// Maak een lege casus om in te vullen: elke invoer staat erin, zonder verzonnen waarden
    #[command(help_template = HELP_TEMPLATE, name = "sjabloon", override_usage = "regelwerk sjabloon [OPTIES] <REGELING>", next_help_heading = "Opties")]
    Template(crate::cmd_schema::VersionArgs),

    /// Beslis voor een huishouden: pas alle gekozen regelingen in één keer toe op één huishouden (JSON), met de totalen en wat het huishouden nog moet doen
    #[command(help_template = HELP_TEMPLATE, name = "huishouden", override_usage = "regelwerk huishouden [OPTIES] <GEMEENTE_OF_REGELING>... <HUISHOUDEN>", next_help_heading = "Opties")]
    Household(crate::cmd_household::HouseholdArgs),

    /// Start de taalserver (Language Server Protocol via stdin/stdout) voor editors
    #[command(help_template = HELP_TEMPLATE, override_usage = "regelwerk lsp")]
    Lsp,
}

/// Where the rule library is: shared by every command that loads rules.
#[derive(Debug, Args)]
pub struct LibraryArg {
    /// Map met de hele regelbibliotheek (standaard: de dichtstbijzijnde map `rules` boven het gegeven pad, anders `rules` in de huidige map)
    #[arg(long = "bibliotheek", value_name = "MAP")]
    pub folder: Option<PathBuf>,
}

/// The regeling a command applies, as its folder or its id.
#[derive(Debug, Args)]
pub struct RegelingArg {
    /// Map van de regeling (bijvoorbeeld rules/heemskerk/minimaregelingen) of haar id
    #[arg(
        value_name = "REGELING",
        help_heading = "Argumenten",
        display_order = 1
    )]
    pub regeling: PathBuf,
}

impl RegelingArg {
    /// The library roots to load and the key to find the regeling by. A
    /// folder brings the `rules` folder above it (or `--bibliotheek`); an
    /// id is looked up in `--bibliotheek` or else `./rules`.
    pub fn roots(&self, library: &LibraryArg) -> Result<(Vec<PathBuf>, String), IoProblem> {
        let regeling = &self.regeling;
        let library = library.folder.as_deref();
        if regeling.is_dir() {
            let roots = files::roots_for(std::slice::from_ref(regeling), library)?;
            return Ok((roots, files::display_path(regeling)));
        }
        let lib = library.map_or_else(|| PathBuf::from("rules"), Path::to_path_buf);
        if !lib.is_dir() {
            return Err(IoProblem(format!(
                "`{}` is geen map met een regeling, en er is geen bibliotheek `{}` om de regeling als id in te zoeken",
                files::slash(regeling),
                files::slash(&lib)
            )));
        }
        Ok((vec![files::canonical(&lib)?], files::slash(regeling)))
    }
}

/// A regeling and the one case to apply it to.
#[derive(Debug, Args)]
pub struct CaseArgs {
    #[command(flatten)]
    pub regeling: RegelingArg,

    /// Casus als JSON: een casusobject met `peildatum`, of een casusbestand met een veld `case`
    #[arg(value_name = "CASUS", help_heading = "Argumenten", display_order = 2)]
    pub case_file: PathBuf,
}

/// Where a command writes its report (`-o`), else the screen.
#[derive(Debug, Args)]
pub struct OutputFileArg {
    /// Schrijf naar dit bestand in plaats van naar het scherm
    #[arg(short = 'o', long = "uitvoer", value_name = "BESTAND")]
    pub file: Option<PathBuf>,
}

/// Output form of every command that prints results. `--format` is
/// optional (text when absent) so clap prints no English default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Leesbare tekst
    #[default]
    #[value(alias = "tekst")]
    Text,
    /// JSON
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Regelbestanden of mappen om te controleren
    #[arg(value_name = "PAD", required = true, help_heading = "Argumenten")]
    pub paths: Vec<PathBuf>,

    /// Uitvoervorm: `text` (standaard; meldingen met de regel uit het bestand) of `json` (lijst met code, pad, regel en kolom)
    #[arg(long, value_enum, value_name = "VORM", hide_possible_values = true)]
    pub format: Option<Format>,

    /// Toon na de meldingen de tijdlijn van elke regeling onder de paden: versies, gaten, en parameters die eerder eindigen (in JSON: `tijdlijnen`)
    #[arg(long = "tijdlijn")]
    pub timeline: bool,

    #[command(flatten)]
    pub library: LibraryArg,
}

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Regelbestanden of mappen om op te maken
    #[arg(value_name = "PAD", required = true, help_heading = "Argumenten")]
    pub paths: Vec<PathBuf>,

    /// Herschrijf niets; noem de bestanden die niet zijn opgemaakt (eindcode 1 als er zijn)
    #[arg(long = "controleer", visible_alias = "check")]
    pub check_only: bool,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Regelbestanden of mappen waarvan de testblokken worden uitgevoerd
    #[arg(value_name = "PAD", required = true, help_heading = "Argumenten")]
    pub paths: Vec<PathBuf>,

    /// Casusbestand (JSON) of map met casusbestanden; mag vaker worden gegeven
    #[arg(
        long = "casussen",
        visible_alias = "cases",
        value_name = "MAP_OF_BESTAND"
    )]
    pub cases: Vec<PathBuf>,

    /// Toon elke test, niet alleen de mislukte
    #[arg(short = 'v', long = "uitgebreid")]
    pub verbose: bool,

    #[command(flatten)]
    pub library: LibraryArg,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    #[command(flatten)]
    pub case: CaseArgs,

    /// Uitvoervorm: `text` (standaard; korte lijst van de uitkomsten) of `json` (volledig resultaat met versie en hash)
    #[arg(long, value_enum, value_name = "VORM", hide_possible_values = true)]
    pub format: Option<Format>,

    /// JSON-bestand met afwijkingen: een lijst van {"regel", "waarde", "reden", "door"}
    #[arg(long = "afwijkingen", value_name = "BESTAND")]
    pub overrides: Option<PathBuf>,

    /// Sta ontbrekende invoer toe: toon wat al vaststaat en welke invoer nog nodig is
    #[arg(long = "gedeeltelijk")]
    pub partial: bool,

    /// Leg de afleiding vast (in JSON als `trace`, in tekst als motivering)
    #[arg(long = "afleiding", visible_alias = "trace")]
    pub trace: bool,

    #[command(flatten)]
    pub library: LibraryArg,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    #[command(flatten)]
    pub case: CaseArgs,

    /// Alleen de korte motivering per uitkomst, voor de inwoner (wat besloten is, waarom, in de eigen cijfers, en op welke artikelen)
    #[arg(long = "kort")]
    pub short: bool,

    /// JSON-bestand met afwijkingen: een lijst van {"regel", "waarde", "reden", "door"}
    #[arg(long = "afwijkingen", value_name = "BESTAND")]
    pub overrides: Option<PathBuf>,

    #[command(flatten)]
    pub library: LibraryArg,
}

#[derive(Debug, Args)]
pub struct RegelingenArgs {
    /// Map met regelbestanden (standaard: rules)
    #[arg(value_name = "PAD", help_heading = "Argumenten")]
    pub path: Option<PathBuf>,

    /// Uitvoervorm: `text` (standaard) of `json`
    #[arg(long, value_enum, value_name = "VORM", hide_possible_values = true)]
    pub format: Option<Format>,

    #[command(flatten)]
    pub library: LibraryArg,
}

#[derive(Debug, Args)]
pub struct BundleArgs {
    /// Regelbestanden of mappen om te bundelen; de bundel noemt elk bestand met zijn pad vanaf de huidige map
    #[arg(value_name = "PAD", required = true, help_heading = "Argumenten")]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub output: OutputFileArg,
}
