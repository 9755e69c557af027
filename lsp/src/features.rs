//! The answers to the editor's questions about an open file: hover,
//! definition, references, completion, outline, formatting and quick fixes.
//! Texts come from the engine (`lookup::describe`, the formatter); this
//! module only finds the place and shapes the protocol's answer.

use crate::names::{local, local_references, references, resolve, version_for, word_at};
use crate::position::{offset, range};
use crate::workspace::{Built, FixData};
use engine::ir::FileId;
use engine::names::CompletionKind;
use engine::outline::DeclKind;
use lsp_types::*;

/// Hover: what the name under the cursor is.
pub fn hover(built: &Built, file: FileId, at: Position) -> Option<Hover> {
    let value = engine::names::hover(built, file, offset(built.text(file), at))?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: None,
    })
}

/// The declaration of the name under the cursor; on a regeling's id
/// (`gebruik landelijk.bijstandsnormen`, `laag op …`) the header of its
/// version in force.
pub fn definition(built: &Built, file: FileId, at: Position) -> Option<Location> {
    let cursor = offset(built.text(file), at);
    if let Some(l) = local(built, file, cursor) {
        return built.location(file, l.name.span);
    }
    if let Some(target) = resolve(built, file, cursor) {
        let decl = target.decl(built)?;
        return built.location(target.file, decl.name_span);
    }
    let word = word_at(built.text(file), cursor)?;
    let id: Vec<&str> = word.parts.iter().map(|(p, _)| p.as_str()).collect();
    let version = version_for(built, file, &id.join("."))?;
    let header = &built.asts.get(version as usize)?.as_ref()?.header;
    built.location(version, header.id.span)
}

pub fn find_references(built: &Built, file: FileId, at: Position) -> Vec<Location> {
    let cursor = offset(built.text(file), at);
    if let Some(l) = local(built, file, cursor) {
        return local_references(built, file, &l)
            .into_iter()
            .filter_map(|span| built.location(file, span))
            .collect();
    }
    let Some(target) = resolve(built, file, cursor) else {
        return Vec::new();
    };
    references(built, target)
        .into_iter()
        .filter_map(|(f, span)| built.location(f, span))
        .collect()
}

/// Completion: the engine's ([`engine::names::completions`]) in the
/// protocol's shape.
pub fn completion(built: &Built, file: FileId, at: Position) -> Vec<CompletionItem> {
    let cursor = offset(built.text(file), at);
    engine::names::completions(built, file, cursor)
        .into_iter()
        .map(|c| CompletionItem {
            label: c.label,
            kind: Some(completion_kind(c.kind)),
            detail: c.detail,
            ..Default::default()
        })
        .collect()
}

fn completion_kind(kind: CompletionKind) -> CompletionItemKind {
    match kind {
        CompletionKind::Regeling => CompletionItemKind::MODULE,
        CompletionKind::Keyword => CompletionItemKind::KEYWORD,
        CompletionKind::Declared(d) => match d {
            DeclKind::Regel | DeclKind::Afweging => CompletionItemKind::VARIABLE,
            DeclKind::Invoer => CompletionItemKind::FIELD,
            DeclKind::Parameter => CompletionItemKind::CONSTANT,
            DeclKind::Functie | DeclKind::Tabel => CompletionItemKind::FUNCTION,
            DeclKind::Keuze => CompletionItemKind::ENUM,
            DeclKind::KeuzeWaarde => CompletionItemKind::ENUM_MEMBER,
            DeclKind::Gegeven => CompletionItemKind::STRUCT,
            DeclKind::Veld => CompletionItemKind::FIELD,
            DeclKind::Use => CompletionItemKind::MODULE,
            _ => CompletionItemKind::TEXT,
        },
    }
}

/// The outline: articles holding what stands under them; keuzes,
/// gegevens and afwegingen holding their values, fields and steps.
#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be given
pub fn symbols(built: &Built, file: FileId) -> Vec<DocumentSymbol> {
    let text = built.text(file);
    let decls = built.decls(file);
    let symbol = |i: usize, children: Vec<DocumentSymbol>| {
        let d = &decls[i];
        let kind = match d.kind {
            DeclKind::Artikel => SymbolKind::NAMESPACE,
            DeclKind::Keuze => SymbolKind::ENUM,
            DeclKind::KeuzeWaarde => SymbolKind::ENUM_MEMBER,
            DeclKind::Gegeven => SymbolKind::STRUCT,
            DeclKind::Veld => SymbolKind::FIELD,
            DeclKind::Functie | DeclKind::Tabel => SymbolKind::FUNCTION,
            DeclKind::Parameter => SymbolKind::CONSTANT,
            DeclKind::Test => SymbolKind::EVENT,
            DeclKind::Use => SymbolKind::MODULE,
            _ => SymbolKind::VARIABLE,
        };
        DocumentSymbol {
            name: d.name.clone(),
            detail: Some(d.kind.keyword().to_string()),
            kind,
            tags: None,
            deprecated: None,
            range: range(text, d.span.to(d.name_span)),
            selection_range: range(text, d.name_span),
            children: (!children.is_empty()).then_some(children),
        }
    };
    let children_of = |parent: usize| -> Vec<DocumentSymbol> {
        (0..decls.len())
            .filter(|&j| decls[j].parent == Some(parent))
            .map(|j| symbol(j, Vec::new()))
            .collect()
    };
    let under = |article: Option<usize>| -> Vec<DocumentSymbol> {
        (0..decls.len())
            .filter(|&j| decls[j].parent.is_none() && decls[j].kind != DeclKind::Artikel)
            .filter(|&j| decls[j].article == article)
            .map(|j| symbol(j, children_of(j)))
            .collect()
    };
    let mut out = under(None);
    let articles = (0..decls.len()).filter(|&j| decls[j].kind == DeclKind::Artikel);
    out.extend(articles.map(|j| symbol(j, under(Some(j)))));
    out.sort_by_key(|s| (s.range.start.line, s.range.start.character));
    out
}

/// The whole document in the canonical layout (`regelwerk fmt`), or the
/// syntax error that prevents it.
pub fn format(text: &str) -> Result<Vec<TextEdit>, String> {
    let file = grammar::parse(text).map_err(|e| e.message)?;
    let formatted = grammar::format_source(&file, text);
    if formatted == text {
        return Ok(Vec::new());
    }
    let whole = Range::new(
        Position::new(0, 0),
        crate::position::position(text, text.len()),
    );
    Ok(vec![TextEdit::new(whole, formatted)])
}

/// Quick fixes: each diagnostic in the request that carries a suggested
/// replacement ("bedoelde u `maximum`?") gets an edit putting it in place.
pub fn code_actions(uri: &Url, context: &CodeActionContext) -> Vec<CodeActionOrCommand> {
    context
        .diagnostics
        .iter()
        .filter_map(|d| {
            let fix: FixData = serde_json::from_value(d.data.clone()?).ok()?;
            let edit = TextEdit::new(fix.range, fix.replacement.clone());
            let changes = [(uri.clone(), vec![edit])].into_iter().collect();
            Some(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("vervang door `{}`", fix.replacement),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![d.clone()]),
                edit: Some(WorkspaceEdit::new(changes)),
                is_preferred: Some(true),
                ..Default::default()
            }))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::Workspace;

    const BASE: &str = r#"regeling "Basis"
  id land.basis
  geldig vanaf 2025-01-01

keuze Leefvorm: alleen | samen

uitvoer norm

artikel "1" "Norm"
  """De norm is vast."""

parameter norm_waarde: bedrag per maand = € 1.345,45

// norm_waarde staat hierboven
regel norm: bedrag per maand = norm_waarde
"#;

    const USER: &str = r#"regeling "Gebruiker"
  id gemeente.gebruiker
  geldig vanaf 2025-01-01

gebruik land.basis als basis

gegeven Persoon
  leeftijd: geheel getal

invoer aanvrager: Persoon
invoer vorm: basis.Leefvorm

uitvoer toeslag

regel toeslag: bedrag per maand =
  als vorm = samen en aanvrager.leeftijd > 20 dan basis.norm_waarde anders € 0
"#;

    fn workspace() -> (Workspace, Url, Url) {
        let base = std::env::temp_dir().join("regelwerk-lsp-unit/basis/2025.regels");
        let user = std::env::temp_dir().join("regelwerk-lsp-unit/gebruiker/2025.regels");
        let mut ws = Workspace::new(Vec::new());
        let (b, u) = (
            Url::from_file_path(base).unwrap(),
            Url::from_file_path(user).unwrap(),
        );
        ws.open(b.clone(), BASE.into());
        ws.open(u.clone(), USER.into());
        let errors: Vec<_> = ws.diagnostics().into_iter().flat_map(|(_, d)| d).collect();
        assert!(errors.is_empty(), "{errors:#?}");
        (ws, b, u)
    }

    fn at(text: &str, needle: &str, plus: usize) -> Position {
        crate::position::position(text, text.find(needle).unwrap() + plus)
    }

    #[test]
    fn hover_gives_the_engines_description_also_across_gebruik() {
        let (ws, b, u) = workspace();
        let file = ws.built.file(&u).unwrap();
        let h = hover(&ws.built, file, at(USER, "basis.norm", 7)).unwrap();
        let HoverContents::Markup(m) = h.contents else {
            panic!()
        };
        assert_eq!(
            m.value,
            "parameter `norm_waarde`: bedrag per maand\n\nart. 1 — Norm\n\n> De norm is vast.\n\n\
             - € 1.345,45 per maand"
        );
        let file = ws.built.file(&b).unwrap();
        let h = hover(&ws.built, file, at(BASE, "regel norm", 7)).unwrap();
        let HoverContents::Markup(m) = h.contents else {
            panic!()
        };
        assert_eq!(
            m.value,
            "regel `norm`: bedrag per maand\n\nart. 1 — Norm\n\n> De norm is vast."
        );
    }

    #[test]
    fn a_bare_keuze_value_of_a_used_keuze_is_found_in_its_regeling() {
        let (ws, b, u) = workspace();
        let file = ws.built.file(&u).unwrap();
        let loc = definition(&ws.built, file, at(USER, "= samen", 3)).unwrap();
        assert_eq!(loc.uri, b);
        assert_eq!(loc.range.start, at(BASE, "samen", 0));
        // On the id after `gebruik`: the used regeling's header.
        let loc = definition(&ws.built, file, at(USER, "land.basis", 6)).unwrap();
        assert_eq!(loc.uri, b);
        assert_eq!(loc.range.start, at(BASE, "land.basis", 0));
    }

    #[test]
    fn a_layer_sees_the_names_of_its_base() {
        const LAYER: &str = "regeling \"Laag\"\n  id gemeente.bovenop\n  laag op land.basis\n  geldig vanaf 2025-01-01\n\nregel extra: bedrag per maand = norm_waarde\n";
        let (mut ws, b, _) = workspace();
        let layer =
            Url::from_file_path(std::env::temp_dir().join("regelwerk-lsp-unit/laag/2025.regels"))
                .unwrap();
        ws.open(layer.clone(), LAYER.into());
        let errors: Vec<_> = ws.diagnostics().into_iter().flat_map(|(_, d)| d).collect();
        assert!(errors.is_empty(), "{errors:#?}");
        let file = ws.built.file(&layer).unwrap();
        let loc = definition(&ws.built, file, at(LAYER, "= norm_waarde", 4)).unwrap();
        assert_eq!((loc.uri, loc.range.start), (b, at(BASE, "norm_waarde:", 0)));
        let h = hover(&ws.built, file, at(LAYER, "= norm_waarde", 4)).unwrap();
        let HoverContents::Markup(m) = h.contents else {
            panic!()
        };
        assert!(
            m.value.starts_with("parameter `norm_waarde`"),
            "{}",
            m.value
        );
    }

    #[test]
    fn references_span_files_and_skip_strings() {
        let (ws, b, u) = workspace();
        let file = ws.built.file(&b).unwrap();
        // `norm_waarde`: its declaration, its use in the base and
        // `basis.norm_waarde`; not the same word in a comment.
        let found = find_references(&ws.built, file, at(BASE, "parameter norm", 12));
        let mut places: Vec<(bool, Position)> =
            found.iter().map(|l| (l.uri == u, l.range.start)).collect();
        places.sort_by_key(|(other, p)| (*other, p.line));
        assert_eq!(
            places,
            [
                (false, at(BASE, "parameter norm", 10)),
                (false, at(BASE, "= norm_waarde", 2)),
                (true, at(USER, "basis.norm", 6)),
            ]
        );
    }

    #[test]
    fn completion_of_fields_and_of_a_used_regeling() {
        let (ws, _, u) = workspace();
        let file = ws.built.file(&u).unwrap();
        let labels = |items: Vec<CompletionItem>| -> Vec<String> {
            items.into_iter().map(|i| i.label).collect()
        };
        let fields = labels(completion(
            &ws.built,
            file,
            at(USER, "aanvrager.leeftijd >", 10),
        ));
        assert_eq!(fields, ["leeftijd"]);
        let used = labels(completion(&ws.built, file, at(USER, "basis.norm", 6)));
        assert_eq!(used, ["Leefvorm", "norm_waarde", "norm"]);
        let bare = completion(&ws.built, file, at(USER, "samen en", 0));
        let vorm = bare.iter().find(|i| i.label == "vorm").unwrap();
        assert_eq!(vorm.detail.as_deref(), Some("invoer: basis.Leefvorm"));
        assert!(
            bare.iter().any(|i| i.label == "alleen"),
            "keuze values of used keuzes"
        );
        let keyword = |i: &&CompletionItem| i.kind == Some(CompletionItemKind::KEYWORD);
        let keywords: Vec<&str> = bare
            .iter()
            .filter(keyword)
            .map(|i| i.label.as_str())
            .collect();
        // After `vorm = `: an operand of a comparison, as the grammar says.
        assert!(
            keywords.contains(&"leeg") && keywords.contains(&"ja"),
            "{keywords:?}"
        );
        assert!(!keywords.contains(&"niet"), "not an operand: {keywords:?}");
        assert!(
            !keywords.contains(&"regel"),
            "no item keyword inside an expression"
        );
    }

    const LOCALS: &str = r#"regeling "Lokaal"
  id gemeente.lokaal
  geldig vanaf 2025-01-01

gegeven Kind
  leeftijd: geheel getal

invoer kinderen: lijst van Kind
invoer x: getal

uitvoer jong, totaal

functie dubbel(x: getal label "het getal"): getal = x * 2

regel totaal: getal = dubbel(x) + som van k.leeftijd voor elke k in kinderen

regel jong: geheel getal = aantal k in kinderen waarvoor k.leeftijd < 18

tabel t(a: geheel getal) -> b: geheel getal label "uitkomst"
  beslis uniek
  | a | b |
  | - | 1 |

eis "b positief" voor elke rij van t: b > 0
"#;

    /// Local names (a function's parameter, a list variable, a row's column)
    /// are found where they are bound, and hide a declaration of that name.
    #[test]
    fn local_names_resolve_to_their_binding() {
        let (mut ws, _, _) = workspace();
        let uri =
            Url::from_file_path(std::env::temp_dir().join("regelwerk-lsp-unit/lokaal/2025.regels"))
                .unwrap();
        ws.open(uri.clone(), LOCALS.into());
        ws.diagnostics();
        let file = ws.built.file(&uri).unwrap();
        let hover_text = |pos: Position| -> String {
            match hover(&ws.built, file, pos).map(|h| h.contents) {
                Some(HoverContents::Markup(m)) => m.value,
                other => panic!("{other:?}"),
            }
        };
        let def = |pos: Position| definition(&ws.built, file, pos).unwrap().range.start;
        assert_eq!(
            hover_text(at(LOCALS, "x * 2", 0)),
            "parameter `x` van functie `dubbel`: getal\n\nlabel: \u{201c}het getal\u{201d}"
        );
        assert_eq!(def(at(LOCALS, "x * 2", 0)), at(LOCALS, "x: getal label", 0));
        // Outside the function `x` is the invoer again.
        assert!(
            hover_text(at(LOCALS, "dubbel(x)", 7)).contains("invoer"),
            "{}",
            hover_text(at(LOCALS, "dubbel(x)", 7))
        );
        assert_eq!(def(at(LOCALS, "dubbel(x)", 7)), at(LOCALS, "invoer x", 7));
        // Each `k` is the variable of its own list expression.
        assert_eq!(
            hover_text(at(LOCALS, "k.leeftijd voor", 0)),
            "`k`: elk element van `kinderen`"
        );
        assert_eq!(
            def(at(LOCALS, "k.leeftijd voor", 0)),
            at(LOCALS, "elke k", 5)
        );
        assert_eq!(
            def(at(LOCALS, "k.leeftijd <", 0)),
            at(LOCALS, "aantal k", 7)
        );
        // The row's column inside the eis.
        assert_eq!(
            hover_text(at(LOCALS, "b > 0", 0)),
            "kolom `b` van tabel `t`: geheel getal, in elke rij\n\nlabel: \u{201c}uitkomst\u{201d}"
        );
        // References: the parameter's binding and use only; the invoer's
        // declaration and its use outside the function only.
        let places = |pos: Position| -> Vec<Position> {
            let mut found: Vec<Position> = find_references(&ws.built, file, pos)
                .into_iter()
                .map(|l| l.range.start)
                .collect();
            found.sort_by_key(|p| (p.line, p.character));
            found
        };
        assert_eq!(
            places(at(LOCALS, "x * 2", 0)),
            [at(LOCALS, "x: getal label", 0), at(LOCALS, "x * 2", 0)]
        );
        assert_eq!(
            places(at(LOCALS, "invoer x", 7)),
            [at(LOCALS, "invoer x", 7), at(LOCALS, "dubbel(x)", 7)]
        );
        assert_eq!(
            places(at(LOCALS, "aantal k", 7)),
            [at(LOCALS, "aantal k", 7), at(LOCALS, "k.leeftijd <", 0)]
        );
    }

    /// The quick fix comes from the suggestion the engine carries as data,
    /// also where the help text is not a "bedoelde u" (an English word).
    #[test]
    fn quick_fixes_come_from_the_suggestion_the_diagnostic_carries() {
        let (mut ws, _, u) = workspace();
        let fixes = |ws: &mut Workspace, text: &str| -> Vec<(String, Range)> {
            ws.open(u.clone(), text.into());
            let diagnostics: Vec<_> = ws
                .diagnostics()
                .into_iter()
                .filter(|(uri, _)| *uri == u)
                .flat_map(|(_, d)| d)
                .collect();
            let context = CodeActionContext {
                diagnostics,
                ..Default::default()
            };
            code_actions(&u, &context)
                .into_iter()
                .filter_map(|a| match a {
                    CodeActionOrCommand::CodeAction(a) => a.edit?.changes?.remove(&u),
                    CodeActionOrCommand::Command(_) => None,
                })
                .flatten()
                .map(|e| (e.new_text, e.range))
                .collect()
        };
        let english = USER.replace("samen en aanvrager", "samen and aanvrager");
        let and = english.find("and aanvrager").unwrap();
        let span = Range::new(
            crate::position::position(&english, and),
            crate::position::position(&english, and + 3),
        );
        assert_eq!(fixes(&mut ws, &english), [("en".to_string(), span)]);
        let typo = USER.replace("aanvrager.leeftijd", "aanvrager.leeftjd");
        let field = typo.find("leeftjd").unwrap();
        let span = Range::new(
            crate::position::position(&typo, field),
            crate::position::position(&typo, field + "leeftjd".len()),
        );
        assert_eq!(fixes(&mut ws, &typo), [("leeftijd".to_string(), span)]);
        // Nothing to suggest: no quick fix.
        let unknown = USER.replace("aanvrager.leeftijd", "aanvrager.xyzzyq");
        assert_eq!(fixes(&mut ws, &unknown), []);
    }

    #[test]
    fn the_outline_nests_under_articles_and_keuzes() {
        let (ws, b, _) = workspace();
        let file = ws.built.file(&b).unwrap();
        let outline: Vec<(String, Vec<String>)> = symbols(&ws.built, file)
            .into_iter()
            .map(|s| {
                let children = s.children.unwrap_or_default().into_iter().map(|c| c.name);
                (s.name, children.collect())
            })
            .collect();
        assert_eq!(
            outline,
            [
                (
                    "Leefvorm".to_string(),
                    vec!["alleen".to_string(), "samen".to_string()]
                ),
                (
                    "1".to_string(),
                    vec!["norm_waarde".to_string(), "norm".to_string()]
                ),
            ]
        );
    }
}
