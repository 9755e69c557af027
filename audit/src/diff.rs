//! Semantic diff of rule versions: compares the AST items of two versions
//! by kind and name, ignoring spans, layout and comments, and reports what
//! changed in meaning — parameters and their dated values, rules,
//! exceptions, table rows, ladder steps, keuze values, inputs, outputs and
//! article references. Layout-only changes are reported apart ("alleen
//! opmaak"). Changed expressions are shown in the canonical layout of the
//! formatter (see [`super::show`]).

use super::show;
use super::words::WordRun;
use grammar::ast::{self, Item};
use serde::Serialize;
use serde_json::Value as Json;
use std::collections::{BTreeMap, HashMap};

/// What kind of definition a change is about (Dutch names in output).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Regeling,
    #[serde(rename = "gebruik")]
    Use,
    #[serde(rename = "keuze")]
    Enum,
    #[serde(rename = "gegeven")]
    Record,
    #[serde(rename = "invoer")]
    Input,
    #[serde(rename = "uitvoer")]
    Output,
    Parameter,
    #[serde(rename = "artikel")]
    Article,
    /// `rechtsmiddelen` or `zonder besluit`.
    #[serde(rename = "tekst_bij_besluit")]
    FollowUp,
    #[serde(rename = "regel")]
    Rule,
    #[serde(rename = "uitzondering")]
    Exception,
    #[serde(rename = "functie")]
    Function,
    #[serde(rename = "tabel")]
    Table,
    #[serde(rename = "afweging")]
    Ladder,
    #[serde(rename = "stap")]
    Step,
    #[serde(rename = "eis")]
    Constraint,
    Test,
}

impl Kind {
    /// The Dutch word, as in the rule files.
    pub fn dutch(self) -> &'static str {
        match self {
            Kind::Regeling => "regeling",
            Kind::Use => "gebruik",
            Kind::Enum => "keuze",
            Kind::Record => "gegeven",
            Kind::Input => "invoer",
            Kind::Output => "uitvoer",
            Kind::Parameter => "parameter",
            Kind::Article => "artikel",
            Kind::FollowUp => "tekst bij besluit",
            Kind::Rule => "regel",
            Kind::Exception => "uitzondering",
            Kind::Function => "functie",
            Kind::Table => "tabel",
            Kind::Ladder => "afweging",
            Kind::Step => "stap",
            Kind::Constraint => "eis",
            Kind::Test => "test",
        }
    }
    /// Heading for a group of changes of this kind.
    pub fn heading(self) -> &'static str {
        match self {
            Kind::Regeling => "Regeling",
            Kind::Use => "Gebruikte regelingen",
            Kind::Enum => "Keuzes",
            Kind::Record => "Gegevens",
            Kind::Input => "Invoer",
            Kind::Output => "Uitvoer",
            Kind::Parameter => "Parameters",
            Kind::Article => "Artikelen",
            Kind::FollowUp => "Teksten bij een besluit",
            Kind::Rule => "Regels",
            Kind::Exception => "Uitzonderingen",
            Kind::Function => "Functies",
            Kind::Table => "Tabellen",
            Kind::Ladder => "Afwegingen",
            Kind::Step => "Toegevoegde stappen (lagen)",
            Kind::Constraint => "Eisen",
            Kind::Test => "Tests",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    #[serde(rename = "toegevoegd")]
    Added,
    #[serde(rename = "verwijderd")]
    Removed,
    #[serde(rename = "gewijzigd")]
    Changed,
}

impl Action {
    pub fn dutch(self) -> &'static str {
        match self {
            Action::Added => "toegevoegd",
            Action::Removed => "verwijderd",
            Action::Changed => "gewijzigd",
        }
    }
    /// One-character marker for text and Markdown output.
    pub fn marker(self) -> &'static str {
        match self {
            Action::Added => "+",
            Action::Removed => "-",
            Action::Changed => "~",
        }
    }
}

/// One aspect of a definition that changed: a dated value, a table row, a
/// ladder step, the condition of an exception, the type, the source, …
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Detail {
    /// What part: `waarde vanaf 2025-01-01`, `rij wassen`, `stap powerful_ageing`, `voorwaarde`.
    pub aspect: String,
    #[serde(rename = "actie")]
    pub action: Action,
    /// Old form in canonical syntax (absent when added).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "oud")]
    pub old: Option<String>,
    /// New form in canonical syntax (absent when removed).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "nieuw")]
    pub new: Option<String>,
    /// For a long one-line text of which most words stayed (an article's
    /// text, a toelichting, a source): old and new as runs of words kept,
    /// removed and added ([`super::words::runs`]), for marking the changed
    /// words; the reports mark them the same way.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "woorden")]
    pub words: Option<Vec<WordRun>>,
}

impl Detail {
    /// A part that only the new version has, in its canonical syntax.
    fn added(aspect: impl Into<String>, new: String) -> Detail {
        Detail {
            aspect: aspect.into(),
            action: Action::Added,
            old: None,
            new: Some(new),
            words: None,
        }
    }

    /// A part that only the old version has, in its canonical syntax.
    fn removed(aspect: impl Into<String>, old: String) -> Detail {
        Detail {
            aspect: aspect.into(),
            action: Action::Removed,
            old: Some(old),
            new: None,
            words: None,
        }
    }
}

/// A definition that was added, removed or changed in meaning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    #[serde(rename = "soort")]
    pub kind: Kind,
    #[serde(rename = "naam")]
    pub name: String,
    /// The `label` people read the definition by (new version, else old);
    /// reports show it beside the stable name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(rename = "actie")]
    pub action: Action,
    /// The article the definition stands under (new version, else old).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "artikel")]
    pub article: Option<String>,
    /// For changed definitions: what changed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<Detail>,
    /// The whole definition in canonical layout, before and after.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "oud")]
    pub old: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "nieuw")]
    pub new: Option<String>,
}

/// Changes that do not change meaning.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Layout {
    /// The file text differs at all.
    #[serde(rename = "tekst_gewijzigd")]
    pub text_changed: bool,
    /// Comments were added, removed or reworded.
    #[serde(rename = "commentaar_gewijzigd")]
    pub comment_changed: bool,
    /// Definitions whose text changed without a change in meaning (`regel x`).
    #[serde(rename = "anders_opgemaakt")]
    pub reformatted: Vec<String>,
}

/// A file (one version) as the diff shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileInfo {
    #[serde(rename = "pad")]
    pub path: String,
    pub regeling: String,
    #[serde(rename = "naam")]
    pub name: String,
    #[serde(rename = "versie")]
    pub version: String,
    #[serde(rename = "geldig_vanaf")]
    pub valid_from: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "tot_en_met")]
    pub through: Option<String>,
    pub hash: String,
}

impl FileInfo {
    /// `2025 (geldig vanaf 2025-01-01 tot en met 2025-12-31)`.
    pub fn describe(&self) -> String {
        match &self.through {
            Some(t) => format!(
                "versie {} (geldig van {} tot en met {})",
                self.version, self.valid_from, t
            ),
            None => format!("versie {} (geldig vanaf {})", self.version, self.valid_from),
        }
    }
}

/// The diff of one pair of versions (or a version that exists on one side only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionDiff {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "oud")]
    pub old: Option<FileInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "nieuw")]
    pub new: Option<FileInfo>,
    #[serde(rename = "wijzigingen")]
    pub changes: Vec<Change>,
    #[serde(rename = "opmaak")]
    pub layout: Layout,
    /// Set when one file is a layer on the other's regeling.
    #[serde(rename = "laag", skip_serializing_if = "Option::is_none")]
    pub layer: Option<LayerRelation>,
}

/// One file of a pair is a layer on the other's regeling. The diff compares
/// what each file says; what the layer does not restate it inherits from
/// its base, so that is neither removed nor added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LayerRelation {
    /// The new file is the layer (else the old one is).
    #[serde(rename = "nieuw_is_laag")]
    pub new_is_layer: bool,
    /// The base regeling's id.
    #[serde(rename = "basis")]
    pub base: String,
    /// Definitions of the base the layer does not restate (`regel x`).
    #[serde(rename = "overgenomen")]
    pub inherited: Vec<String>,
}

impl VersionDiff {
    /// Number of changes per action, tests not counted: (toegevoegd,
    /// verwijderd, gewijzigd).
    pub fn counts(&self) -> (usize, usize, usize) {
        let n = |a| {
            self.changes
                .iter()
                .filter(|c| c.action == a && c.kind != Kind::Test)
                .count()
        };
        (n(Action::Added), n(Action::Removed), n(Action::Changed))
    }
}

/// A whole structural diff: labels of both sides and the version pairs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diff {
    #[serde(rename = "oud")]
    pub old: String,
    #[serde(rename = "nieuw")]
    pub new: String,
    #[serde(rename = "versies")]
    pub versions: Vec<VersionDiff>,
}

impl Diff {
    /// Whether anything changed in meaning.
    pub fn has_changes(&self) -> bool {
        self.versions
            .iter()
            .any(|v| !v.changes.is_empty() || v.old.is_none() || v.new.is_none())
    }
}

/// A source file handed to the diff: path and text (the diff parses it).
#[derive(Debug, Clone)]
pub struct SideFile {
    pub path: String,
    pub text: String,
}

/// A file that does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseProblem {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for ParseProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// The regeling id and version of a source text (the version is the
/// `versie` line, else the start of validity), or `None` if it does not parse.
pub fn header_of(text: &str) -> Option<(String, String)> {
    let ast = grammar::parse(text).ok()?;
    let h = &ast.header;
    let version = h
        .version
        .as_ref()
        .map(|v| v.value.clone())
        .unwrap_or_else(|| show::date(&h.valid.from));
    Some((h.id.dotted(), version))
}

struct Parsed<'a> {
    file: &'a SideFile,
    ast: ast::File,
}

impl Parsed<'_> {
    fn info(&self) -> FileInfo {
        let h = &self.ast.header;
        FileInfo {
            path: self.file.path.clone(),
            regeling: h.id.dotted(),
            name: h.name.value.clone(),
            version: self.version(),
            valid_from: show::date(&h.valid.from),
            through: h.valid.through.as_ref().map(show::date),
            hash: engine::source::content_hash(&self.file.text),
        }
    }
    fn version(&self) -> String {
        match &self.ast.header.version {
            Some(v) => v.value.clone(),
            None => {
                let name = self.file.path.rsplit('/').next().unwrap_or(&self.file.path);
                name.strip_suffix(".regels").unwrap_or(name).to_string()
            }
        }
    }
    fn key(&self) -> (String, String) {
        (self.ast.header.id.dotted(), self.version())
    }
}

fn parse_all(files: &[SideFile]) -> (Vec<Parsed<'_>>, Vec<ParseProblem>) {
    let mut ok = Vec::new();
    let mut bad = Vec::new();
    for f in files {
        match grammar::parse(&f.text) {
            Ok(ast) => ok.push(Parsed { file: f, ast }),
            Err(e) => bad.push(ParseProblem {
                path: f.path.clone(),
                message: e.message.clone(),
            }),
        }
    }
    (ok, bad)
}

/// Diffs two sides. When each side is a single file, the two files are
/// compared directly (two versions of one regeling, or the same version at
/// two revisions). Otherwise files are paired by regeling id and version;
/// a version on one side only is reported as added or removed.
pub fn diff_sides(
    old_label: &str,
    old: &[SideFile],
    new_label: &str,
    new: &[SideFile],
) -> Result<Diff, Vec<ParseProblem>> {
    let (old_p, mut problems) = parse_all(old);
    let (new_p, new_problems) = parse_all(new);
    problems.extend(new_problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut versions = Vec::new();
    if old_p.len() == 1 && new_p.len() == 1 {
        versions.push(diff_files(&old_p[0], &new_p[0]));
    } else {
        let mut old_by_key: BTreeMap<(String, String), &Parsed> = BTreeMap::new();
        for p in &old_p {
            old_by_key.insert(p.key(), p);
        }
        let mut seen = Vec::new();
        let mut new_sorted: Vec<&Parsed> = new_p.iter().collect();
        new_sorted.sort_by_key(|p| {
            (
                p.ast.header.id.dotted(),
                show::date(&p.ast.header.valid.from),
            )
        });
        for n in new_sorted {
            match old_by_key.get(&n.key()) {
                Some(o) => {
                    seen.push(n.key());
                    versions.push(diff_files(o, n));
                }
                None => versions.push(VersionDiff {
                    old: None,
                    new: Some(n.info()),
                    changes: Vec::new(),
                    layout: Layout::default(),
                    layer: None,
                }),
            }
        }
        for (k, o) in old_by_key {
            if !seen.contains(&k) {
                versions.push(VersionDiff {
                    old: Some(o.info()),
                    new: None,
                    changes: Vec::new(),
                    layout: Layout::default(),
                    layer: None,
                });
            }
        }
    }
    Ok(Diff {
        old: old_label.to_string(),
        new: new_label.to_string(),
        versions,
    })
}

// ------------------------------------------------------------ normalisation

/// The span-free, layout-free JSON form of an AST node: spans removed,
/// decimals normalised (`17,50` = `17,5`), long texts with their
/// whitespace collapsed (re-wrapping an article text is layout).
pub fn canonical<T: Serialize>(node: &T) -> Json {
    let v = serde_json::to_value(node).unwrap_or(Json::Null);
    strip(v)
}

fn strip(v: Json) -> Json {
    match v {
        Json::Object(map) => {
            // A `Text` node: {value, span, long}.
            if map.contains_key("long") && map.contains_key("value") && map.len() == 3 {
                let long = map.get("long").and_then(Json::as_bool).unwrap_or(false);
                let value = map.get("value").and_then(Json::as_str).unwrap_or("");
                let value = if long {
                    collapse_ws(value)
                } else {
                    value.to_string()
                };
                return Json::String(value);
            }
            let mut out = serde_json::Map::new();
            for (k, v) in map {
                if k == "span" || k.ends_with("_span") {
                    continue;
                }
                let v = match (k.as_str(), v) {
                    ("Money" | "Percentage", Json::String(s)) => Json::String(norm_decimal(&s)),
                    ("Number" | "Duration", Json::Object(mut inner)) => {
                        for key in ["value", "amount"] {
                            if let Some(Json::String(s)) = inner.get(key) {
                                let n = norm_decimal(s);
                                inner.insert(key.to_string(), Json::String(n));
                            }
                        }
                        strip(Json::Object(inner))
                    }
                    (_, v) => strip(v),
                };
                out.insert(k, v);
            }
            Json::Object(out)
        }
        Json::Array(items) => Json::Array(items.into_iter().map(strip).collect()),
        v => v,
    }
}

fn norm_decimal(s: &str) -> String {
    s.parse::<rust_decimal::Decimal>()
        .map(|d| d.normalize().to_string())
        .unwrap_or_else(|_| s.to_string())
}

fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn same<T: Serialize>(a: &T, b: &T) -> bool {
    canonical(a) == canonical(b)
}

// ------------------------------------------------------------ items

/// An item with its kind, key (name) and the article it stands under.
struct Entry<'a> {
    kind: Kind,
    name: String,
    label: Option<String>,
    item: &'a Item,
    article: Option<String>,
}

fn entries(file: &ast::File) -> Vec<Entry<'_>> {
    let mut out = Vec::new();
    let mut article: Option<String> = None;
    let mut occurrences: HashMap<(Kind, String), usize> = HashMap::new();
    let mut articles_seen: Vec<(String, Json)> = Vec::new();
    for item in &file.items {
        // An article repeated without text (or word for word) only
        // re-opens it for the definitions that follow: context, not a
        // definition of its own.
        if let Item::Article(d) = item {
            let c = canonical(d);
            let reopened = articles_seen
                .iter()
                .any(|(n, seen)| *n == d.number.value && (d.text.is_none() || *seen == c));
            if reopened {
                article = Some(d.number.value.clone());
                continue;
            }
            articles_seen.push((d.number.value.clone(), c));
        }
        let (kind, name) = match item {
            Item::Use(d) => (Kind::Use, d.regeling.dotted()),
            Item::Enum(d) => (Kind::Enum, d.name.name.clone()),
            Item::Record(d) => (Kind::Record, d.name.name.clone()),
            Item::Input(d) => (Kind::Input, d.name.name.clone()),
            Item::Outputs(_) => (Kind::Output, "uitvoer".to_string()),
            Item::Parameter(d) => (Kind::Parameter, d.name.name.clone()),
            Item::Article(d) => {
                article = Some(d.number.value.clone());
                (Kind::Article, d.number.value.clone())
            }
            Item::Rule(d) => (Kind::Rule, d.name.name.clone()),
            Item::Exception(d) => (Kind::Exception, d.label.value.clone()),
            Item::Function(d) => (Kind::Function, d.name.name.clone()),
            Item::Table(d) => (Kind::Table, d.name.name.clone()),
            Item::Ladder(d) => (Kind::Ladder, d.name.name.clone()),
            Item::StepInsert(d) => (
                Kind::Step,
                format!("{} in {}", d.step.name.name, d.ladder.name),
            ),
            Item::Constraint(d) => (Kind::Constraint, d.label.value.clone()),
            Item::Test(d) => (Kind::Test, d.name.value.clone()),
            Item::TopUp(d) => (Kind::Parameter, format!("aanvulling {}", d.target.dotted())),
            Item::FollowUp(d) => (
                Kind::FollowUp,
                match d.kind {
                    ast::DecisionMark::Besluit => "rechtsmiddelen",
                    ast::DecisionMark::NoBesluit => "zonder besluit",
                }
                .to_string(),
            ),
        };
        // Duplicate names (the same article number twice) get `#2`, `#3`.
        let n = occurrences.entry((kind, name.clone())).or_insert(0);
        *n += 1;
        let name = if *n > 1 { format!("{name} #{n}") } else { name };
        let article = match item {
            Item::Article(_)
            | Item::FollowUp(_)
            | Item::Use(_)
            | Item::Enum(_)
            | Item::Record(_)
            | Item::Input(_)
            | Item::Outputs(_)
            | Item::Test(_) => None,
            _ => article.clone(),
        };
        out.push(Entry {
            kind,
            name,
            label: item_label(item).map(|t| t.value.clone()),
            item,
            article,
        });
    }
    out
}

/// The `label` a definition carries, if its kind has one.
fn item_label(item: &Item) -> Option<&ast::Text> {
    match item {
        Item::Input(d) => d.label.as_ref(),
        Item::Rule(d) => d.label.as_ref(),
        Item::Function(d) => d.label.as_ref(),
        Item::Ladder(d) => d.label.as_ref(),
        Item::Parameter(d) => d.label.as_ref(),
        _ => None,
    }
}

fn slice(text: &str, span: ast::Span) -> &str {
    text.get(span.start..span.end).unwrap_or("")
}

fn diff_files(old: &Parsed, new: &Parsed) -> VersionDiff {
    let mut changes = Vec::new();
    let mut layout = Layout {
        text_changed: old.file.text != new.file.text,
        comment_changed: old.ast.comments.iter().map(|c| c.text.trim()).ne(new
            .ast
            .comments
            .iter()
            .map(|c| c.text.trim())),
        reformatted: Vec::new(),
    };

    // The header.
    let header_details = header_details(&old.ast.header, &new.ast.header);
    if !header_details.is_empty() {
        changes.push(Change {
            kind: Kind::Regeling,
            name: new.ast.header.id.dotted(),
            label: None,
            action: Action::Changed,
            article: None,
            details: header_details,
            old: None,
            new: None,
        });
    } else if slice(&old.file.text, old.ast.header.span)
        != slice(&new.file.text, new.ast.header.span)
    {
        layout.reformatted.push("regeling (kop)".to_string());
    }

    let old_entries = entries(&old.ast);
    let new_entries = entries(&new.ast);
    let old_index: HashMap<(Kind, &str), &Entry> = old_entries
        .iter()
        .map(|e| ((e.kind, e.name.as_str()), e))
        .collect();
    let new_keys: std::collections::HashSet<(Kind, &str)> = new_entries
        .iter()
        .map(|e| (e.kind, e.name.as_str()))
        .collect();

    let mut layer = layer_relation(&old.ast.header, &new.ast.header);
    for n in &new_entries {
        match old_index.get(&(n.kind, n.name.as_str())) {
            None if layer.as_mut().is_some_and(|l| l.inherits(true, n)) => {}
            None => changes.push(Change {
                kind: n.kind,
                name: n.name.clone(),
                label: n.label.clone(),
                action: Action::Added,
                article: n.article.clone(),
                details: Vec::new(),
                old: None,
                new: Some(show::item(n.item)),
            }),
            Some(o) => {
                let mut details = item_details(o.item, n.item);
                if o.article != n.article && n.kind != Kind::Article {
                    details.insert(
                        0,
                        Detail {
                            aspect: "artikel".into(),
                            action: Action::Changed,
                            old: Some(o.article.clone().unwrap_or_else(|| "geen".into())),
                            new: Some(n.article.clone().unwrap_or_else(|| "geen".into())),
                            words: None,
                        },
                    );
                }
                if !details.is_empty() {
                    changes.push(Change {
                        kind: n.kind,
                        name: n.name.clone(),
                        label: n.label.clone().or_else(|| o.label.clone()),
                        action: Action::Changed,
                        article: n.article.clone().or_else(|| o.article.clone()),
                        details,
                        old: Some(show::item(o.item)),
                        new: Some(show::item(n.item)),
                    });
                } else if slice(&old.file.text, o.item.span())
                    != slice(&new.file.text, n.item.span())
                {
                    layout
                        .reformatted
                        .push(format!("{} {}", n.kind.dutch(), n.name));
                }
            }
        }
    }
    for o in &old_entries {
        if !new_keys.contains(&(o.kind, o.name.as_str())) {
            if layer.as_mut().is_some_and(|l| l.inherits(false, o)) {
                continue;
            }
            changes.push(Change {
                kind: o.kind,
                name: o.name.clone(),
                label: o.label.clone(),
                action: Action::Removed,
                article: o.article.clone(),
                details: Vec::new(),
                old: Some(show::item(o.item)),
                new: None,
            });
        }
    }
    // Group by kind (stable: new-file order, removed ones after).
    changes.sort_by_key(|c| c.kind);
    for d in changes.iter_mut().flat_map(|c| c.details.iter_mut()) {
        if let (Some(old), Some(new)) = (&d.old, &d.new) {
            d.words = super::words::runs(old, new);
        }
    }
    VersionDiff {
        old: Some(old.info()),
        new: Some(new.info()),
        changes,
        layout,
        layer,
    }
}

impl LayerRelation {
    /// Records `e`, stated only by the file on one side (`in_new`), as
    /// inherited when that file is the base: the layer has it too.
    fn inherits(&mut self, in_new: bool, e: &Entry) -> bool {
        let in_base = in_new != self.new_is_layer;
        // A base's tests are not the layer's; the diff only counts tests.
        if in_base && e.kind != Kind::Test {
            self.inherited.push(match e.kind {
                Kind::Output => "uitvoer".to_string(),
                kind => format!("{} {}", kind.dutch(), e.name),
            });
        }
        in_base
    }
}

/// Whether one of the two files is a layer on the other's regeling.
fn layer_relation(old: &ast::Header, new: &ast::Header) -> Option<LayerRelation> {
    let on = |layer: &ast::Header, base: &ast::Header| {
        layer
            .layer_on
            .as_ref()
            .is_some_and(|b| b.dotted() == base.id.dotted())
    };
    let relation = |new_is_layer: bool, base: &ast::Header| LayerRelation {
        new_is_layer,
        base: base.id.dotted(),
        inherited: Vec::new(),
    };
    if on(new, old) {
        Some(relation(true, old))
    } else if on(old, new) {
        Some(relation(false, new))
    } else {
        None
    }
}

// ------------------------------------------------------------ details

fn changed(details: &mut Vec<Detail>, aspect: &str, old: String, new: String) {
    if old != new {
        details.push(Detail {
            aspect: aspect.to_string(),
            action: Action::Changed,
            old: Some(old),
            new: Some(new),
            words: None,
        });
    }
}

/// Adds a detail when the two nodes differ in meaning, showing them with `render`.
fn changed_node<T: Serialize>(
    details: &mut Vec<Detail>,
    aspect: &str,
    old: &T,
    new: &T,
    render: impl Fn(&T) -> String,
) {
    if !same(old, new) {
        details.push(Detail {
            aspect: aspect.to_string(),
            action: Action::Changed,
            old: Some(render(old)),
            new: Some(render(new)),
            words: None,
        });
    }
}

/// A `label`, `vraag` or `hulp`: it changes what people read, not what is computed.
fn display_text(
    d: &mut Vec<Detail>,
    aspect: &str,
    old: &Option<ast::Text>,
    new: &Option<ast::Text>,
) {
    changed_node(d, aspect, old, new, |t| {
        t.as_ref().map(show::text).unwrap_or_else(|| "geen".into())
    });
}

/// The labelled values of a keuze, `waarde "label"; …`, or `geen`.
fn value_labels(e: &ast::EnumDecl) -> String {
    let labelled: Vec<String> = e
        .values
        .iter()
        .zip(&e.labels)
        .filter_map(|(v, l)| l.as_ref().map(|l| format!("{} {}", v.name, show::text(l))))
        .collect();
    if labelled.is_empty() {
        "geen".into()
    } else {
        labelled.join("; ")
    }
}

fn sources_text(s: &[ast::SourceRef]) -> String {
    if s.is_empty() {
        return "geen".into();
    }
    s.iter().map(show::source).collect::<Vec<_>>().join("; ")
}

fn yes_no(b: bool) -> String {
    if b { "ja" } else { "nee" }.to_string()
}

fn header_details(o: &ast::Header, n: &ast::Header) -> Vec<Detail> {
    let mut d = Vec::new();
    changed_node(&mut d, "naam", &o.name, &n.name, show::text);
    changed(&mut d, "id", o.id.dotted(), n.id.dotted());
    changed(
        &mut d,
        "versie",
        o.version
            .as_ref()
            .map(|v| v.value.clone())
            .unwrap_or_else(|| "(bestandsnaam)".into()),
        n.version
            .as_ref()
            .map(|v| v.value.clone())
            .unwrap_or_else(|| "(bestandsnaam)".into()),
    );
    changed(
        &mut d,
        "geldigheid",
        show::validity(&o.valid),
        show::validity(&n.valid),
    );
    changed_node(&mut d, "bron", &o.sources, &n.sources, |s| sources_text(s));
    changed(
        &mut d,
        "laag op",
        o.layer_on
            .as_ref()
            .map(|p| p.dotted())
            .unwrap_or_else(|| "geen".into()),
        n.layer_on
            .as_ref()
            .map(|p| p.dotted())
            .unwrap_or_else(|| "geen".into()),
    );
    changed_node(&mut d, "toelichting", &o.note, &n.note, |t| {
        t.as_ref().map(show::text).unwrap_or_else(|| "geen".into())
    });
    d
}

fn item_details(o: &Item, n: &Item) -> Vec<Detail> {
    if same(o, n) {
        return Vec::new();
    }
    let mut d = Vec::new();
    match (o, n) {
        (Item::Use(a), Item::Use(b)) => {
            changed(
                &mut d,
                "alias",
                a.alias
                    .as_ref()
                    .map(|i| i.name.clone())
                    .unwrap_or_else(|| "geen".into()),
                b.alias
                    .as_ref()
                    .map(|i| i.name.clone())
                    .unwrap_or_else(|| "geen".into()),
            );
        }
        (Item::Enum(a), Item::Enum(b)) => {
            changed(&mut d, "uitbreiding", yes_no(a.extends), yes_no(b.extends));
            // Only a layer extends a keuze: against its base, the base's
            // values are the extension's too.
            let (mut old, mut new) = (idents(&a.values), idents(&b.values));
            match (a.extends, b.extends) {
                (false, true) => new = [old.clone(), new].concat(),
                (true, false) => old = [new.clone(), old].concat(),
                _ => {}
            }
            names_diff(&mut d, "waarde", &old, &new);
            changed(&mut d, "labels", value_labels(a), value_labels(b));
        }
        (Item::Record(a), Item::Record(b)) => fields_diff(&mut d, "veld", &a.fields, &b.fields),
        (Item::Input(a), Item::Input(b)) => {
            changed_node(&mut d, "type", &a.ty, &b.ty, show::ty);
            changed_node(&mut d, "grenzen", &a.bounds, &b.bounds, show::bounds);
            display_text(&mut d, "label", &a.label, &b.label);
            display_text(&mut d, "vraag", &a.question, &b.question);
            display_text(&mut d, "hulp", &a.help, &b.help);
            changed_node(
                &mut d,
                "ongebruikt",
                &a.unused_reason,
                &b.unused_reason,
                |t| t.as_ref().map(show::text).unwrap_or_else(|| "nee".into()),
            );
            changed_node(&mut d, "feit", &a.fact, &b.fact, |f| {
                f.as_ref()
                    .map_or_else(|| "eigen naam".into(), |f| f.name.clone())
            });
        }
        (Item::Outputs(a), Item::Outputs(b)) => {
            names_diff(&mut d, "uitvoer", &idents(&a.names), &idents(&b.names));
            changed_node(&mut d, "uitkomst", &a.outcomes, &b.outcomes, |o| {
                outcomes_text(o)
            });
            names_diff(
                &mut d,
                "ontvangt",
                &idents(&a.receives),
                &idents(&b.receives),
            );
            names_diff(&mut d, "betaalt", &idents(&a.pays), &idents(&b.pays));
        }
        (Item::Parameter(a), Item::Parameter(b)) => {
            changed(&mut d, "vervangt", yes_no(a.replaces), yes_no(b.replaces));
            changed_node(&mut d, "type", &a.ty, &b.ty, show::ty);
            display_text(&mut d, "label", &a.label, &b.label);
            changed_node(&mut d, "bron", &a.sources, &b.sources, |s| sources_text(s));
            parameter_values_diff(&mut d, &a.values, &b.values);
        }
        (Item::Article(a), Item::Article(b)) => {
            changed_node(&mut d, "titel", &a.title, &b.title, |t| {
                t.as_ref().map(show::text).unwrap_or_else(|| "geen".into())
            });
            changed_node(&mut d, "tekst", &a.text, &b.text, |t| {
                t.as_ref().map(show::text).unwrap_or_else(|| "geen".into())
            });
            changed_node(&mut d, "delen", &a.parts, &b.parts, |p| parts_text(p));
        }
        (Item::FollowUp(a), Item::FollowUp(b)) => {
            changed_node(&mut d, "tekst", &a.text, &b.text, show::text);
            changed_node(&mut d, "bron", &a.sources, &b.sources, |s| sources_text(s));
        }
        (Item::Rule(a), Item::Rule(b)) => {
            changed(&mut d, "vervangt", yes_no(a.replaces), yes_no(b.replaces));
            changed_node(&mut d, "type", &a.ty, &b.ty, show::ty);
            display_text(&mut d, "label", &a.label, &b.label);
            changed_node(&mut d, "bron", &a.sources, &b.sources, |s| sources_text(s));
            changed(
                &mut d,
                "afwijkbaar",
                yes_no(a.overridable),
                yes_no(b.overridable),
            );
            changed(
                &mut d,
                "besluit",
                mark_text(a.decision),
                mark_text(b.decision),
            );
            changed_node(&mut d, "berekening", &a.body, &b.body, show::expr);
        }
        (Item::Exception(a), Item::Exception(b)) => {
            changed(&mut d, "op", target_text(&a.target), target_text(&b.target));
            changed_node(&mut d, "bron", &a.sources, &b.sources, |s| sources_text(s));
            changed_node(&mut d, "voorwaarde", &a.condition, &b.condition, show::expr);
            changed_node(&mut d, "waarde", &a.value, &b.value, show::expr);
        }
        (Item::Function(a), Item::Function(b)) => {
            changed(&mut d, "vervangt", yes_no(a.replaces), yes_no(b.replaces));
            changed(
                &mut d,
                "signatuur",
                show::signature(&a.params, &a.ret),
                show::signature(&b.params, &b.ret),
            );
            display_text(&mut d, "label", &a.label, &b.label);
            changed_node(&mut d, "bron", &a.sources, &b.sources, |s| sources_text(s));
            changed_node(&mut d, "berekening", &a.body, &b.body, show::expr);
        }
        (Item::Table(a), Item::Table(b)) => table_diff(&mut d, a, b),
        (Item::Ladder(a), Item::Ladder(b)) => ladder_diff(&mut d, a, b),
        (Item::StepInsert(a), Item::StepInsert(b)) => {
            changed(
                &mut d,
                "plaats",
                show::step_position(a),
                show::step_position(b),
            );
            step_diff(&mut d, "", &a.step, &b.step);
        }
        (Item::Constraint(a), Item::Constraint(b)) => {
            changed_node(&mut d, "bron", &a.sources, &b.sources, |s| sources_text(s));
            changed(
                &mut d,
                "voor elke rij van",
                a.for_each_row_of
                    .as_ref()
                    .map(|i| i.name.clone())
                    .unwrap_or_else(|| "geen".into()),
                b.for_each_row_of
                    .as_ref()
                    .map(|i| i.name.clone())
                    .unwrap_or_else(|| "geen".into()),
            );
            changed_node(&mut d, "voorwaarde", &a.condition, &b.condition, show::expr);
        }
        (Item::Test(a), Item::Test(b)) => test_diff(&mut d, a, b),
        (Item::TopUp(a), Item::TopUp(b)) => {
            changed_node(&mut d, "bron", &a.sources, &b.sources, |s| sources_text(s));
            parameter_values_diff(
                &mut d,
                &ast::ParameterValues::Dated(a.values.clone()),
                &ast::ParameterValues::Dated(b.values.clone()),
            );
        }
        _ => {}
    }
    if d.is_empty() {
        // Something changed that no aspect above names: show the whole item.
        d.push(Detail {
            aspect: "definitie".into(),
            action: Action::Changed,
            old: Some(show::item(o)),
            new: Some(show::item(n)),
            words: None,
        });
    }
    d
}

fn idents(v: &[ast::Ident]) -> Vec<String> {
    v.iter().map(|i| i.name.clone()).collect()
}

fn target_text(t: &ast::ExceptionTarget) -> String {
    match t {
        ast::ExceptionTarget::Rule(p) => p.dotted(),
        ast::ExceptionTarget::Exception(t) => show::text(t),
    }
}

/// Added and removed names of a list, and a changed order of the common ones.
/// The household overview's outcomes of a `uitvoer`: `route (vervolg
/// maatwerkvoorziening "…")`.
fn outcomes_text(outcomes: &[ast::OutcomeDecl]) -> String {
    let parts: Vec<String> = outcomes
        .iter()
        .map(|o| {
            let steps: Vec<String> = o
                .next_steps
                .iter()
                .map(|s| format!("vervolg {} {}", s.value.name, show::text(&s.text)))
                .collect();
            match steps.is_empty() {
                true => o.name.name.clone(),
                false => format!("{} ({})", o.name.name, steps.join("; ")),
            }
        })
        .collect();
    match parts.is_empty() {
        true => "geen".into(),
        false => parts.join(" | "),
    }
}

fn names_diff(d: &mut Vec<Detail>, what: &str, old: &[String], new: &[String]) {
    for n in new.iter().filter(|n| !old.contains(n)) {
        d.push(Detail::added(what, n.clone()));
    }
    for o in old.iter().filter(|o| !new.contains(o)) {
        d.push(Detail::removed(what, o.clone()));
    }
    let old_common: Vec<&String> = old.iter().filter(|o| new.contains(o)).collect();
    let new_common: Vec<&String> = new.iter().filter(|n| old.contains(n)).collect();
    if old_common != new_common {
        d.push(Detail {
            aspect: "volgorde".into(),
            action: Action::Changed,
            old: Some(old.join(" | ")),
            new: Some(new.join(" | ")),
            words: None,
        });
    }
}

fn fields_diff(d: &mut Vec<Detail>, what: &str, old: &[ast::Field], new: &[ast::Field]) {
    for n in new {
        match old.iter().find(|o| o.name.name == n.name.name) {
            None => d.push(Detail::added(what, show::field(n))),
            Some(o) => {
                let aspect = format!("{what} {}", n.name.name);
                changed_node(d, &aspect, &o.ty, &n.ty, show::ty);
                let aspect = format!("grenzen van {what} {}", n.name.name);
                changed_node(d, &aspect, &o.bounds, &n.bounds, show::bounds);
            }
        }
    }
    for o in old
        .iter()
        .filter(|o| !new.iter().any(|n| n.name.name == o.name.name))
    {
        d.push(Detail::removed(what, show::field(o)));
    }
}

fn parameter_values_diff(
    d: &mut Vec<Detail>,
    old: &ast::ParameterValues,
    new: &ast::ParameterValues,
) {
    use ast::ParameterValues::*;
    match (old, new) {
        (Constant(a), Constant(b)) => changed_node(d, "waarde", a, b, show::expr),
        (Dated(a), Dated(b)) => {
            let key = |v: &ast::DatedValue| show::date(&v.from);
            for n in b {
                match a.iter().find(|o| key(o) == key(n)) {
                    None => d.push(Detail::added(
                        format!("waarde vanaf {}", key(n)),
                        show::dated_value_short(n),
                    )),
                    Some(o) => changed_node(
                        d,
                        &format!("waarde vanaf {}", key(n)),
                        o,
                        n,
                        show::dated_value_short,
                    ),
                }
            }
            for o in a.iter().filter(|o| !b.iter().any(|n| key(n) == key(o))) {
                d.push(Detail::removed(
                    format!("waarde vanaf {}", key(o)),
                    show::dated_value_short(o),
                ));
            }
        }
        (a, b) => changed(
            d,
            "waarden",
            show::parameter_values(a),
            show::parameter_values(b),
        ),
    }
}

fn table_diff(d: &mut Vec<Detail>, a: &ast::TableDecl, b: &ast::TableDecl) {
    changed(d, "vervangt", yes_no(a.replaces), yes_no(b.replaces));
    changed(
        d,
        "kolommen",
        show::table_signature(a),
        show::table_signature(b),
    );
    changed(
        d,
        "beslis",
        show::hit_policy(a.hit_policy).into(),
        show::hit_policy(b.hit_policy).into(),
    );
    changed_node(d, "bron", &a.sources, &b.sources, |s| sources_text(s));

    // Rows are matched by their input cells: a row with the same inputs and
    // other outputs is changed, others are added or removed.
    let n_in_a = a.inputs.len();
    let n_in_b = b.inputs.len();
    let key = |row: &ast::TableRow, n_in: usize| -> Json {
        canonical(&row.cells.iter().take(n_in).collect::<Vec<_>>())
    };
    let mut used = vec![false; a.rows.len()];
    let mut matched_order_old = Vec::new();
    for nr in &b.rows {
        let k = key(nr, n_in_b);
        let found = a
            .rows
            .iter()
            .enumerate()
            .find(|(i, or)| !used[*i] && key(or, n_in_a) == k);
        match found {
            None => d.push(Detail::added(
                format!("rij {}", show::row_inputs(b, nr)),
                show::row(b, nr),
            )),
            Some((i, or)) => {
                used[i] = true;
                matched_order_old.push(i);
                if !same(&or.cells, &nr.cells) {
                    row_change(d, a, or, b, nr);
                }
            }
        }
    }
    for (i, or) in a.rows.iter().enumerate() {
        if !used[i] {
            d.push(Detail::removed(
                format!("rij {}", show::row_inputs(a, or)),
                show::row(a, or),
            ));
        }
    }
    // With `eerste` the order of rows is meaning.
    if b.hit_policy == ast::HitPolicy::First && matched_order_old.windows(2).any(|w| w[0] > w[1]) {
        d.push(Detail {
            aspect: "volgorde van de rijen".into(),
            action: Action::Changed,
            old: None,
            new: None,
            words: None,
        });
    }
}

/// A row with the same inputs and other outputs: one detail per changed
/// output column (`rij huishouden, tarief: € 16,50 → € 17,25`).
fn row_change(
    d: &mut Vec<Detail>,
    a: &ast::TableDecl,
    or: &ast::TableRow,
    b: &ast::TableDecl,
    nr: &ast::TableRow,
) {
    let label = format!("rij {}", show::row_inputs(b, nr));
    let same_columns = a.outputs.len() == b.outputs.len()
        && a.outputs
            .iter()
            .zip(&b.outputs)
            .all(|(x, y)| x.name.name == y.name.name)
        && or.cells.len() == nr.cells.len();
    if !same_columns || b.outputs.len() == 1 {
        d.push(Detail {
            aspect: label,
            action: Action::Changed,
            old: Some(show::row_outputs(a, or)),
            new: Some(show::row_outputs(b, nr)),
            words: None,
        });
        return;
    }
    let n_in = b.inputs.len();
    for (i, col) in b.outputs.iter().enumerate() {
        let (Some(oc), Some(nc)) = (or.cells.get(n_in + i), nr.cells.get(n_in + i)) else {
            continue;
        };
        if !same(oc, nc) {
            d.push(Detail {
                aspect: format!("{label}, {}", col.name.name),
                action: Action::Changed,
                old: Some(show::cell(oc)),
                new: Some(show::cell(nc)),
                words: None,
            });
        }
    }
}

fn ladder_diff(d: &mut Vec<Detail>, a: &ast::LadderDecl, b: &ast::LadderDecl) {
    changed(d, "vervangt", yes_no(a.replaces), yes_no(b.replaces));
    changed_node(d, "type", &a.ty, &b.ty, show::ty);
    display_text(d, "label", &a.label, &b.label);
    changed_node(d, "bron", &a.sources, &b.sources, |s| sources_text(s));
    changed(d, "besluit", mark_text(a.decision), mark_text(b.decision));
    for ns in &b.steps {
        match a.steps.iter().find(|s| s.name.name == ns.name.name) {
            None => d.push(Detail::added("stap", show::step(ns))),
            Some(os) => step_diff(d, &format!("stap {} ", ns.name.name), os, ns),
        }
    }
    for os in a
        .steps
        .iter()
        .filter(|s| !b.steps.iter().any(|n| n.name.name == s.name.name))
    {
        d.push(Detail::removed("stap", show::step(os)));
    }
    let old_names: Vec<String> = a.steps.iter().map(|s| s.name.name.clone()).collect();
    let new_names: Vec<String> = b.steps.iter().map(|s| s.name.name.clone()).collect();
    let old_common: Vec<&String> = old_names.iter().filter(|o| new_names.contains(o)).collect();
    let new_common: Vec<&String> = new_names.iter().filter(|n| old_names.contains(n)).collect();
    if old_common != new_common {
        d.push(Detail {
            aspect: "volgorde van de stappen".into(),
            action: Action::Changed,
            old: Some(old_names.join(", ")),
            new: Some(new_names.join(", ")),
            words: None,
        });
    }
    changed(
        d,
        "anders",
        a.otherwise.name.name.clone(),
        b.otherwise.name.name.clone(),
    );
    changed_node(
        d,
        "anders: bron",
        &a.otherwise.sources,
        &b.otherwise.sources,
        |s| sources_text(s),
    );
    changed_node(
        d,
        "anders: motivering",
        &a.otherwise.motivation,
        &b.otherwise.motivation,
        |t| t.as_ref().map(show::text).unwrap_or_else(|| "geen".into()),
    );
    changed(
        d,
        "anders: besluit",
        mark_text(a.otherwise.decision),
        mark_text(b.otherwise.decision),
    );
}

/// `besluit`, `geen besluit`, or "niet aangegeven" without a mark.
fn mark_text(mark: Option<ast::DecisionMark>) -> String {
    mark.map_or("niet aangegeven", |m| m.words()).to_string()
}

/// `lid "3" """…"""` parts as one text: "lid 3: …; onder a: …".
fn parts_text(parts: &[ast::ArticlePart]) -> String {
    if parts.is_empty() {
        return "geen".into();
    }
    parts
        .iter()
        .map(|p| format!("{} {}: {}", p.kind.word(), p.id.value, show::text(&p.text)))
        .collect::<Vec<_>>()
        .join("; ")
}

fn step_diff(d: &mut Vec<Detail>, prefix: &str, a: &ast::Step, b: &ast::Step) {
    changed_node(
        d,
        &format!("{prefix}voorwaarde"),
        &a.condition,
        &b.condition,
        show::expr,
    );
    changed_node(d, &format!("{prefix}bron"), &a.sources, &b.sources, |s| {
        sources_text(s)
    });
    changed_node(
        d,
        &format!("{prefix}motivering"),
        &a.motivation,
        &b.motivation,
        |t| t.as_ref().map(show::text).unwrap_or_else(|| "geen".into()),
    );
    changed(
        d,
        &format!("{prefix}besluit"),
        mark_text(a.decision),
        mark_text(b.decision),
    );
}

fn test_diff(d: &mut Vec<Detail>, a: &ast::TestDecl, b: &ast::TestDecl) {
    changed(
        d,
        "zoals",
        a.like
            .as_ref()
            .map(show::text)
            .unwrap_or_else(|| "geen".into()),
        b.like
            .as_ref()
            .map(show::text)
            .unwrap_or_else(|| "geen".into()),
    );
    changed(
        d,
        "peildatum",
        a.peildatum
            .as_ref()
            .map(show::date)
            .unwrap_or_else(|| "geen".into()),
        b.peildatum
            .as_ref()
            .map(show::date)
            .unwrap_or_else(|| "geen".into()),
    );
    for nb in &b.assignments {
        match a.assignments.iter().find(|x| x.name.name == nb.name.name) {
            None => d.push(Detail::added(
                format!("invoer {}", nb.name.name),
                show::expr(&nb.value),
            )),
            Some(na) => changed_node(
                d,
                &format!("invoer {}", nb.name.name),
                &na.value,
                &nb.value,
                show::expr,
            ),
        }
    }
    for na in a
        .assignments
        .iter()
        .filter(|x| !b.assignments.iter().any(|y| y.name.name == x.name.name))
    {
        d.push(Detail::removed(
            format!("invoer {}", na.name.name),
            show::expr(&na.value),
        ));
    }
    changed(
        d,
        "verwachtingen",
        show::expectations(&a.expectations),
        show::expectations(&b.expectations),
    );
}
