//! What a file declares, where: every named item of a syntax tree with the
//! span of its name, the span of the whole item and the article it stands
//! under. Editors build their outline, their go-to-definition and their
//! completion lists from this; the checker keeps its own tables (slots),
//! which know nothing of positions in the text.

use grammar::ast::{self, Item, Span};

/// The kind of a declaration, named by the keyword that introduces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeclKind {
    Use,
    Keuze,
    KeuzeWaarde,
    Gegeven,
    Veld,
    Invoer,
    Parameter,
    Artikel,
    Regel,
    Functie,
    Tabel,
    Afweging,
    Stap,
    Test,
}

impl DeclKind {
    /// The keyword of the declaration (`regel`, `keuze`), for listings.
    pub fn keyword(self) -> &'static str {
        match self {
            DeclKind::Use => "gebruik",
            DeclKind::Keuze => "keuze",
            DeclKind::KeuzeWaarde => "keuzewaarde",
            DeclKind::Gegeven => "gegeven",
            DeclKind::Veld => "veld",
            DeclKind::Invoer => "invoer",
            DeclKind::Parameter => "parameter",
            DeclKind::Artikel => "artikel",
            DeclKind::Regel => "regel",
            DeclKind::Functie => "functie",
            DeclKind::Tabel => "tabel",
            DeclKind::Afweging => "afweging",
            DeclKind::Stap => "stap",
            DeclKind::Test => "test",
        }
    }
}

/// One declared name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    pub kind: DeclKind,
    /// The name as written (an article's number, a test's name, the alias
    /// or last part of a `gebruik`).
    pub name: String,
    /// The name in the text.
    pub name_span: Span,
    /// The whole item.
    pub span: Span,
    /// The type as written (`bedrag per maand`), when the item has one.
    pub ty: Option<Span>,
    /// The declaration this one belongs to: the keuze of a value, the
    /// gegeven of a field, the afweging of a step (index in the list).
    pub parent: Option<usize>,
    /// The article it stands under (index in the list).
    pub article: Option<usize>,
}

/// Every declaration of a file, in source order.
pub fn declarations(file: &ast::File) -> Vec<Declaration> {
    let mut out = Vec::new();
    let mut article = None;
    for item in &file.items {
        let span = item.span();
        let mut add = |kind, name: &str, name_span, ty: Option<Span>| {
            out.push(Declaration {
                kind,
                name: name.to_string(),
                name_span,
                span,
                ty,
                parent: None,
                article,
            });
            out.len() - 1
        };
        match item {
            Item::Use(u) => {
                if let Some(n) = u.alias.as_ref().or(u.regeling.parts.last()) {
                    add(DeclKind::Use, &n.name, n.span, None);
                }
            }
            Item::Enum(e) => {
                let parent = add(DeclKind::Keuze, &e.name.name, e.name.span, None);
                for v in &e.values {
                    out.push(child(
                        DeclKind::KeuzeWaarde,
                        v,
                        v.span,
                        None,
                        parent,
                        article,
                    ));
                }
            }
            Item::Record(r) => {
                let parent = add(DeclKind::Gegeven, &r.name.name, r.name.span, None);
                for f in &r.fields {
                    let ty = Some(f.ty.span);
                    out.push(child(DeclKind::Veld, &f.name, f.span, ty, parent, article));
                }
            }
            Item::Input(i) => {
                add(DeclKind::Invoer, &i.name.name, i.name.span, Some(i.ty.span));
            }
            Item::Parameter(p) => {
                add(
                    DeclKind::Parameter,
                    &p.name.name,
                    p.name.span,
                    Some(p.ty.span),
                );
            }
            Item::Article(a) => {
                out.push(Declaration {
                    kind: DeclKind::Artikel,
                    name: a.number.value.clone(),
                    name_span: a.number.span,
                    span,
                    ty: None,
                    parent: None,
                    article: None,
                });
                article = Some(out.len() - 1);
            }
            Item::Rule(r) => {
                add(DeclKind::Regel, &r.name.name, r.name.span, Some(r.ty.span));
            }
            Item::Function(f) => {
                add(
                    DeclKind::Functie,
                    &f.name.name,
                    f.name.span,
                    Some(f.ret.span),
                );
            }
            Item::Table(t) => {
                add(DeclKind::Tabel, &t.name.name, t.name.span, None);
            }
            Item::Ladder(l) => {
                let parent = add(
                    DeclKind::Afweging,
                    &l.name.name,
                    l.name.span,
                    Some(l.ty.span),
                );
                for s in &l.steps {
                    out.push(child(
                        DeclKind::Stap,
                        &s.name,
                        s.span,
                        None,
                        parent,
                        article,
                    ));
                }
                let o = &l.otherwise;
                out.push(child(
                    DeclKind::Stap,
                    &o.name,
                    o.span,
                    None,
                    parent,
                    article,
                ));
            }
            Item::Test(t) => {
                add(DeclKind::Test, &t.name.value, t.name.span, None);
            }
            Item::Outputs(_)
            | Item::FollowUp(_)
            | Item::Exception(_)
            | Item::StepInsert(_)
            | Item::Constraint(_)
            | Item::TopUp(_) => {}
        }
    }
    out
}

fn child(
    kind: DeclKind,
    name: &ast::Ident,
    span: Span,
    ty: Option<Span>,
    parent: usize,
    article: Option<usize>,
) -> Declaration {
    Declaration {
        kind,
        name: name.name.clone(),
        name_span: name.span,
        span,
        ty,
        parent: Some(parent),
        article,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = r#"regeling "Voorbeeld"
  id gemeente.voorbeeld
  geldig vanaf 2025-01-01

gebruik landelijk.bijstandsnormen als bijstand

keuze Kleur: rood | groen

gegeven Persoon
  leeftijd: geheel getal

invoer aanvrager: Persoon

artikel "1" "Eerste"

regel oud: ja/nee = aanvrager.leeftijd > 65
"#;

    fn names(decls: &[Declaration]) -> Vec<(&'static str, &str)> {
        decls
            .iter()
            .map(|d| (d.kind.keyword(), d.name.as_str()))
            .collect()
    }

    #[test]
    fn every_named_item_with_its_parts() {
        let file = grammar::parse(SOURCE).expect("parses");
        let decls = declarations(&file);
        assert_eq!(
            names(&decls),
            vec![
                ("gebruik", "bijstand"),
                ("keuze", "Kleur"),
                ("keuzewaarde", "rood"),
                ("keuzewaarde", "groen"),
                ("gegeven", "Persoon"),
                ("veld", "leeftijd"),
                ("invoer", "aanvrager"),
                ("artikel", "1"),
                ("regel", "oud"),
            ]
        );
        let value = &decls[3];
        assert_eq!(decls[value.parent.unwrap()].name, "Kleur");
        assert_eq!(&SOURCE[value.name_span.start..value.name_span.end], "groen");
    }

    #[test]
    fn a_rule_knows_its_article_and_its_type() {
        let file = grammar::parse(SOURCE).expect("parses");
        let decls = declarations(&file);
        let rule = decls.iter().find(|d| d.name == "oud").unwrap();
        assert_eq!(decls[rule.article.unwrap()].name, "1");
        let ty = rule.ty.unwrap();
        assert_eq!(&SOURCE[ty.start..ty.end], "ja/nee");
        let article = decls.iter().find(|d| d.kind == DeclKind::Artikel).unwrap();
        assert_eq!(
            article.article, None,
            "an article does not stand under itself"
        );
    }
}
