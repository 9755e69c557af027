//! Layers: merges the files of a chain (base first, layer last) into one
//! list of definitions. A layer adds definitions, replaces base ones with
//! `vervang`, adds exceptions and ladder steps, and extends keuzes. Every
//! item keeps its file, regeling and article, so traces say which layer
//! decided.

use super::Assembly;
use crate::diag::Diagnostic;
use crate::ir::{ArticleRef, FileId};
use grammar::ast::{self, Item};
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
    pub outputs: Option<MergedItem<'a>>,
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
            let merged = |article: &Option<Arc<ArticleRef>>| MergedItem {
                item,
                file: unit.file,
                regeling: unit.regeling.clone(),
                article: article.clone(),
            };
            match item {
                Item::Article(a) => {
                    article = Some(Arc::new(ArticleRef {
                        number: a.number.value.clone(),
                        title: a.title.as_ref().map(|t| t.value.clone()),
                        text: a.text.as_ref().map(|t| t.value.clone()),
                        document: document.clone(),
                    }));
                }
                Item::Use(_) => m.uses.push(merged(&article)),
                Item::Enum(e) if e.extends => m.enum_extensions.push(merged(&article)),
                Item::Enum(ast::EnumDecl { name, .. })
                | Item::Record(ast::RecordDecl { name, .. }) => {
                    if let Some((file, span)) = type_index.get(&name.name) {
                        diags.push(
                            Diagnostic::error(
                                "R0102",
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
                Item::Outputs(_) => m.outputs = Some(merged(&article)),
                Item::Test(_) => {}
                _ => {
                    let Some((name, replaces)) = definition_name(item) else {
                        continue;
                    };
                    match (def_index.get(&name.name), replaces) {
                        (Some(&i), true) => m.definitions[i] = merged(&article),
                        (Some(&i), false) => {
                            let first = &m.definitions[i];
                            let d = Diagnostic::error(
                                "R0102",
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
                            Diagnostic::error(
                                "R0108",
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
