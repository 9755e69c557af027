//! Layers: merges the files of a chain (base first, layer last) into one
//! list of definitions. A layer adds definitions, replaces base ones with
//! `vervang`, adds exceptions and ladder steps, and extends keuzes. Every
//! item keeps its file, regeling and article, so traces say which layer
//! decided. A replacement keeps the kind and type of what it replaces:
//! the base's other definitions still use it as they did.

use super::{Assembly, Compiler};
use crate::citation;
use crate::diag::{Code, Diagnostic};
use crate::ir::{ArticlePartRef, ArticleRef, FileId};
use crate::types::Type;
use grammar::ast::{self, Item, Span};
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct MergedItem<'a> {
    pub item: &'a Item,
    pub file: FileId,
    pub regeling: Arc<str>,
    pub article: Option<Arc<ArticleRef>>,
}

/// The merged definitions of a chain, by category, in source order.
#[derive(Debug, Default)]
pub struct Merged<'a> {
    pub uses: Vec<MergedItem<'a>>,
    pub enums: Vec<MergedItem<'a>>,
    pub enum_extensions: Vec<MergedItem<'a>>,
    pub records: Vec<MergedItem<'a>>,
    /// Inputs, parameters, rules, ladders, functions, tables: one namespace.
    pub definitions: Vec<MergedItem<'a>>,
    pub exceptions: Vec<MergedItem<'a>>,
    pub step_inserts: Vec<MergedItem<'a>>,
    pub constraints: Vec<MergedItem<'a>>,
    /// `aanvulling`: values for a used regeling's parameter.
    pub top_ups: Vec<MergedItem<'a>>,
    pub outputs: Option<MergedItem<'a>>,
    /// `rechtsmiddelen` and `zonder besluit` texts, base first.
    pub follow_ups: Vec<MergedItem<'a>>,
    /// Base definitions a layer replaced with `vervang`, each with the index
    /// of its replacement in `definitions`: checked once types are known.
    pub replaced: Vec<(MergedItem<'a>, usize)>,
    /// Replacements of another kind or type (R0207): the base definition
    /// stays in `definitions` in their place.
    pub rejected: Vec<MergedItem<'a>>,
}

/// Name and whether it replaces, for items in the definition namespace.
fn definition_name(item: &Item) -> Option<(&ast::Ident, bool)> {
    match item {
        Item::Input(d) => Some((&d.name, false)),
        Item::Parameter(d) => Some((&d.name, d.replaces)),
        Item::Rule(d) => Some((&d.name, d.replaces)),
        Item::Function(d) => Some((&d.name, d.replaces)),
        Item::Table(d) => Some((&d.name, d.replaces)),
        Item::Ladder(d) => Some((&d.name, d.replaces)),
        _ => None,
    }
}

pub fn merge<'a>(asm: &Assembly<'a>, diags: &mut Vec<Diagnostic>) -> Merged<'a> {
    let mut m = Merged::default();
    let mut def_index: HashMap<String, usize> = HashMap::new();
    let mut type_index: HashMap<String, (FileId, ast::Span)> = HashMap::new();
    for unit in &asm.chain {
        let document = unit
            .ast
            .header
            .sources
            .first()
            .map(|s| s.text.value.clone());
        let mut article: Option<Arc<ArticleRef>> = None;
        for item in &unit.ast.items {
            if let Some(a) = &article {
                check_cited_parts(a, item, unit.file, diags);
            }
            let merged = |article: &Option<Arc<ArticleRef>>| MergedItem {
                item,
                file: unit.file,
                regeling: unit.regeling.clone(),
                article: article.clone(),
            };
            match item {
                Item::Article(a) => {
                    let parts = a
                        .parts
                        .iter()
                        .map(|p| ArticlePartRef {
                            kind: p.kind,
                            id: p.id.value.clone(),
                            text: p.text.value.clone(),
                        })
                        .collect();
                    article = Some(Arc::new(ArticleRef {
                        number: a.number.value.clone(),
                        title: a.title.as_ref().map(|t| t.value.clone()),
                        text: a.text.as_ref().map(|t| t.value.clone()),
                        document: document.clone(),
                        parts,
                    }));
                }
                Item::FollowUp(_) => m.follow_ups.push(merged(&article)),
                Item::Use(_) => m.uses.push(merged(&article)),
                Item::Enum(e) if e.extends => m.enum_extensions.push(merged(&article)),
                Item::Enum(ast::EnumDecl { name, .. })
                | Item::Record(ast::RecordDecl { name, .. }) => {
                    if let Some((file, span)) = type_index.get(&name.name) {
                        diags.push(
                            Diagnostic::new(
                                Code::DuplicateName,
                                unit.file,
                                name.span,
                                format!("het type `{}` is al gedefinieerd", name.name),
                            )
                            .label("dubbele definitie")
                            .related(*file, *span, "eerste definitie"),
                        );
                        continue;
                    }
                    type_index.insert(name.name.clone(), (unit.file, name.span));
                    if matches!(item, Item::Enum(_)) {
                        m.enums.push(merged(&article));
                    } else {
                        m.records.push(merged(&article));
                    }
                }
                Item::Exception(_) => m.exceptions.push(merged(&article)),
                Item::StepInsert(_) => m.step_inserts.push(merged(&article)),
                Item::Constraint(_) => m.constraints.push(merged(&article)),
                Item::TopUp(_) => m.top_ups.push(merged(&article)),
                Item::Outputs(_) => m.outputs = Some(merged(&article)),
                Item::Test(_) => {}
                _ => {
                    let Some((name, replaces)) = definition_name(item) else {
                        continue;
                    };
                    match (def_index.get(&name.name), replaces) {
                        (Some(&i), true) => {
                            let base = std::mem::replace(&mut m.definitions[i], merged(&article));
                            m.replaced.push((base, i));
                        }
                        (Some(&i), false) => {
                            let first = &m.definitions[i];
                            let d = Diagnostic::new(
                                Code::DuplicateName,
                                unit.file,
                                name.span,
                                format!("`{}` is al gedefinieerd", name.name),
                            )
                            .label("dubbele definitie")
                            .related(
                                first.file,
                                first.item.span(),
                                "eerste definitie",
                            );
                            let d = if first.file != unit.file && first.regeling != unit.regeling {
                                d.help("een laag vervangt een definitie van de basis met `vervang`")
                            } else {
                                d
                            };
                            diags.push(d);
                        }
                        (None, true) => diags.push(
                            Diagnostic::new(
                                Code::ReplacementWithoutBase,
                                unit.file,
                                name.span,
                                format!("`vervang`: de basis heeft geen definitie `{}`", name.name),
                            )
                            .label("niets te vervangen")
                            .help("laat `vervang` weg om een nieuwe definitie toe te voegen"),
                        ),
                        (None, false) => {
                            def_index.insert(name.name.clone(), m.definitions.len());
                            m.definitions.push(merged(&article));
                        }
                    }
                }
            }
        }
    }
    m
}

/// R0109: a `bron` that names a part (`lid 2`, `onder b`) of an article
/// written with its parts, where the article has no such part.
fn check_cited_parts(article: &ArticleRef, item: &Item, file: FileId, diags: &mut Vec<Diagnostic>) {
    if article.parts.is_empty() {
        return;
    }
    for source in cited_sources(item) {
        for segment in citation::segments(&source.text.value) {
            let Some(r) = citation::part_ref(segment) else {
                continue;
            };
            if article.part(&r).is_some() {
                continue;
            }
            let known: Vec<String> = article
                .parts
                .iter()
                .map(|p| format!("{} {}", p.kind.word(), p.id))
                .collect();
            diags.push(
                Diagnostic::new(
                    Code::UnknownArticlePart,
                    file,
                    source.span,
                    format!(
                        "artikel {} heeft geen {}",
                        article.number,
                        r.name()
                    ),
                )
                .label("onbekend deel van het artikel")
                .help(format!(
                    "het artikel heeft: {}; noem een van die delen of voeg het deel toe onder het artikel",
                    known.join(", ")
                )),
            );
        }
    }
}

/// Every `bron` of an item, its steps' included.
fn cited_sources(item: &Item) -> Vec<&ast::SourceRef> {
    match item {
        Item::Parameter(d) => d.sources.iter().collect(),
        Item::TopUp(d) => d.sources.iter().collect(),
        Item::Rule(d) => d.sources.iter().collect(),
        Item::Exception(d) => d.sources.iter().collect(),
        Item::Function(d) => d.sources.iter().collect(),
        Item::Table(d) => d.sources.iter().collect(),
        Item::Ladder(d) => d
            .sources
            .iter()
            .chain(d.steps.iter().flat_map(|s| &s.sources))
            .chain(&d.otherwise.sources)
            .collect(),
        Item::StepInsert(d) => d.step.sources.iter().collect(),
        Item::Constraint(d) => d.sources.iter().collect(),
        _ => Vec::new(),
    }
}

/// What the rest of a chain relies on in a definition: its kind, the
/// types of its arguments (functions, tables) and of its results.
#[derive(PartialEq)]
struct Shape {
    kind: Kind,
    /// Argument types of a function or table; `None` for a value.
    inputs: Option<Vec<Type>>,
    /// Result types; named for table columns (`tabel(…).kolom`).
    outputs: Vec<(Option<String>, Type)>,
}

/// The kind of a definition; a rule and an afweging are both rules.
#[derive(PartialEq, Clone, Copy)]
enum Kind {
    Input,
    Parameter,
    Rule,
    Function,
    Table,
}

impl Kind {
    fn dutch(self) -> &'static str {
        match self {
            Kind::Input => "een invoer",
            Kind::Parameter => "een parameter",
            Kind::Rule => "een regel",
            Kind::Function => "een functie",
            Kind::Table => "een tabel",
        }
    }
}

impl Compiler<'_> {
    /// R0207: every `vervang` keeps the kind and type of the base
    /// definition it replaces. One that does not is set aside and the base
    /// definition kept, so that the base's rules are checked against the
    /// type they were written for (no knock-on errors in the base).
    pub(super) fn check_replacements<'m>(&mut self, merged: &mut Merged<'m>) {
        for (base, i) in merged.replaced.clone() {
            let Some(layer) = merged.definitions.get(i).cloned() else {
                continue;
            };
            let (Some(old), Some(new)) = (self.shape(base.item), self.shape(layer.item)) else {
                continue;
            };
            if old == new {
                continue;
            }
            let name = definition_name(layer.item).map_or("", |(n, _)| n.name.as_str());
            let (message, label, base_label) = if old.kind != new.kind {
                (
                    format!(
                        "`vervang`: `{name}` is in de basis {}, hier {}",
                        old.kind.dutch(),
                        new.kind.dutch()
                    ),
                    new.kind.dutch().to_string(),
                    format!("in de basis {}", old.kind.dutch()),
                )
            } else {
                let (was, is) = (self.show_shape(&old), self.show_shape(&new));
                (
                    format!("`vervang`: `{name}` heeft in de basis het type {was}, hier {is}"),
                    is,
                    format!("in de basis: {was}"),
                )
            };
            self.push(
                Diagnostic::new(Code::ReplacementShape, layer.file, shape_span(layer.item), message)
                    .label(label)
                    .related(base.file, shape_span(base.item), base_label)
                    .help("een vervanging heeft dezelfde soort en hetzelfde type als de definitie in de basis: de regels van de basis rekenen ermee"),
            );
            merged.definitions[i] = base;
            merged.rejected.push(layer);
        }
    }

    /// The shape of a definition; `None` when one of its types is unknown
    /// (already reported as R0103 where it is declared).
    fn shape(&mut self, item: &Item) -> Option<Shape> {
        let value = |kind| (kind, None);
        let ((kind, inputs), outputs) = match item {
            Item::Input(d) => (value(Kind::Input), vec![(None, &d.ty)]),
            Item::Parameter(d) => (value(Kind::Parameter), vec![(None, &d.ty)]),
            Item::Rule(ast::RuleDecl { ty, .. }) | Item::Ladder(ast::LadderDecl { ty, .. }) => {
                (value(Kind::Rule), vec![(None, ty)])
            }
            Item::Function(d) => (
                (
                    Kind::Function,
                    Some(d.params.iter().map(|p| &p.ty).collect::<Vec<_>>()),
                ),
                vec![(None, &d.ret)],
            ),
            Item::Table(d) => (
                (Kind::Table, Some(d.inputs.iter().map(|f| &f.ty).collect())),
                d.outputs
                    .iter()
                    .map(|f| (Some(f.name.name.clone()), &f.ty))
                    .collect(),
            ),
            _ => return None,
        };
        let inputs = match inputs {
            Some(types) => Some(
                types
                    .into_iter()
                    .map(|t| self.quiet_type(t))
                    .collect::<Option<Vec<_>>>()?,
            ),
            None => None,
        };
        let outputs = outputs
            .into_iter()
            .map(|(n, t)| Some((n, self.quiet_type(t)?)))
            .collect::<Option<Vec<_>>>()?;
        Some(Shape {
            kind,
            inputs,
            outputs,
        })
    }

    /// A written type, without reporting it when unknown (it is reported
    /// once, where it is declared).
    fn quiet_type(&mut self, t: &ast::TypeExpr) -> Option<Type> {
        let reported = self.diags.len();
        let ty = self.resolve_type(t);
        self.diags.truncate(reported);
        (!ty.contains_never()).then_some(ty)
    }

    /// `bedrag per maand`, or a signature as written: `(datum; getal): datum`
    /// for a function, `(Leefvorm) -> norm: bedrag` for a table.
    fn show_shape(&self, shape: &Shape) -> String {
        let outputs: Vec<String> = shape
            .outputs
            .iter()
            .map(|(name, ty)| match name {
                Some(n) => format!("{n}: {}", self.types.display(ty)),
                None => self.types.display(ty),
            })
            .collect();
        let Some(inputs) = &shape.inputs else {
            return outputs.join(", ");
        };
        let inputs: Vec<String> = inputs.iter().map(|t| self.types.display(t)).collect();
        let arrow = if shape.kind == Kind::Table {
            " ->"
        } else {
            ":"
        };
        format!("({}){arrow} {}", inputs.join("; "), outputs.join(", "))
    }
}

/// Where a mismatch shows: the written type of a value, the name of a
/// function or table.
fn shape_span(item: &Item) -> Span {
    match item {
        Item::Input(ast::InputDecl { ty, .. })
        | Item::Parameter(ast::ParameterDecl { ty, .. })
        | Item::Rule(ast::RuleDecl { ty, .. })
        | Item::Ladder(ast::LadderDecl { ty, .. }) => ty.span,
        _ => definition_name(item).map_or(item.span(), |(n, _)| n.span),
    }
}
