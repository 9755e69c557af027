//! Which declaration a name in the text stands for, what it is (hover) and
//! which names and keywords fit where the cursor is (completion): the
//! answers an editor asks for, shared by the language server and the
//! browser's werkbank so both say the same.
//!
//! A file sees its own declarations, those of the regeling it layers on
//! (`laag op`), and, by alias, those of the regelingen it uses
//! (`gebruik x als y`: `y.naam`); keuze values of imported keuzes are
//! written bare. The version of a base or used regeling is the one in
//! force when the file starts.

use crate::ir::{FileId, Program};
use crate::library::Library;
use crate::outline::{declarations, DeclKind, Declaration};
use grammar::ast::{self, Item, Span};
use grammar::locals::{local_at, locals, Local};
use std::sync::Arc;

/// One build of a library as an editor sees it: per file its syntax tree,
/// its declarations and the program that describes its names.
pub trait Index {
    fn library(&self) -> &Library;
    /// The file's syntax tree (`None`: a syntax error).
    fn ast(&self, file: FileId) -> Option<&ast::File>;
    /// The file's declarations ([`crate::outline::declarations`]).
    fn decls(&self, file: FileId) -> &[Declaration];
    /// The compiled program of the file's own regeling, when there is one
    /// (an editor may keep an earlier one while the file has errors).
    fn program(&self, file: FileId) -> Option<&Program>;

    fn text(&self, file: FileId) -> &str {
        self.library()
            .sources
            .get(file)
            .map_or("", |f| f.text.as_str())
    }
}

/// Each file's syntax tree (`None`: a syntax error) and declarations, by
/// file id: what an [`Index`] keeps of a library build.
pub type Parsed = (Vec<Option<Arc<ast::File>>>, Vec<Vec<Declaration>>);

/// The syntax trees and declarations of every file of `library`.
pub fn parsed(library: &Library) -> Parsed {
    let asts: Vec<Option<Arc<ast::File>>> = library.asts().map(|a| a.cloned()).collect();
    let decls = asts
        .iter()
        .map(|a| a.as_deref().map(declarations).unwrap_or_default())
        .collect();
    (asts, decls)
}

/// The newest compiled program that `file` is part of as its regeling's
/// own version (not as a base or used regeling): what describes the names
/// the file declares. Compiles the regeling's programs when needed.
pub fn program_of(library: &Library, file: FileId) -> Option<&Arc<Program>> {
    let regeling = library
        .regelingen
        .iter()
        .find(|r| r.versions.iter().any(|v| v.file == file))?;
    regeling
        .segments
        .iter()
        .filter_map(|s| s.program().ok())
        .find(|p| p.info.parts.iter().any(|part| part.file == file))
}

/// A declaration: the file and its index in that file's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub file: FileId,
    pub index: usize,
}

impl Target {
    pub fn decl<'b>(&self, built: &'b impl Index) -> Option<&'b Declaration> {
        built.decls(self.file).get(self.index)
    }
}

/// The dotted name under a byte offset: its parts with their spans, and
/// which part the offset is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub parts: Vec<(String, Span)>,
    pub at: usize,
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The dotted name around `offset` (which may sit just after it, as while
/// typing), or `None` when there is no name there.
pub fn word_at(text: &str, offset: usize) -> Option<Word> {
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return None;
    }
    let is_part = |c: char| is_name_char(c) || c == '.';
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_part(c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = text[offset..]
        .char_indices()
        .find(|&(_, c)| !is_part(c))
        .map_or(text.len(), |(i, _)| offset + i);
    if start == end {
        return None;
    }
    let mut parts = Vec::new();
    let mut at = 0;
    let mut part_start = start;
    for piece in text[start..end].split('.') {
        let span = Span::new(part_start, part_start + piece.len());
        if span.start <= offset && offset <= span.end {
            at = parts.len();
        }
        parts.push((piece.to_string(), span));
        part_start = span.end + 1;
    }
    Some(Word { parts, at })
}

/// The file of `regeling` in force when `file` starts (else its last).
pub fn version_for(built: &impl Index, file: FileId, regeling: &str) -> Option<FileId> {
    let library = built.library();
    let start = library
        .regelingen
        .iter()
        .flat_map(|r| &r.versions)
        .find(|v| v.file == file)
        .map(|v| v.valid_from);
    let versions = &library.regeling(regeling)?.versions;
    let in_force = start.and_then(|d| {
        versions
            .iter()
            .find(|v| v.valid_from <= d && v.valid_through.is_none_or(|t| d <= t))
    });
    in_force.or(versions.last()).map(|v| v.file)
}

/// The file itself and the files of the regelingen it layers on, nearest first.
pub fn layer_chain(built: &impl Index, file: FileId) -> Vec<FileId> {
    let mut chain = vec![file];
    let mut current = file;
    while let Some(base) = built
        .ast(current)
        .and_then(|a| a.header.layer_on.as_ref())
        .and_then(|p| version_for(built, file, &p.dotted()))
    {
        if chain.contains(&base) {
            break;
        }
        chain.push(base);
        current = base;
    }
    chain
}

/// The regelingen a file uses, by alias (or last part of the id), with
/// the `gebruik` declaration: from the file and its bases.
pub fn imports(built: &impl Index, file: FileId) -> Vec<(String, FileId, Target)> {
    let mut out = Vec::new();
    for f in layer_chain(built, file) {
        let Some(ast) = built.ast(f) else {
            continue;
        };
        let uses = ast.items.iter().filter_map(|i| match i {
            Item::Use(u) => Some(u),
            _ => None,
        });
        for u in uses {
            let index = built
                .decls(f)
                .iter()
                .position(|d| d.kind == DeclKind::Use && d.span == u.span);
            let (Some(index), Some(used)) = (index, version_for(built, file, &u.regeling.dotted()))
            else {
                continue;
            };
            let alias = built.decls(f)[index].name.clone();
            out.push((alias, used, Target { file: f, index }));
        }
    }
    out
}

/// Whether a declaration is found by its bare name (not a field or step).
fn top_level(d: &Declaration) -> bool {
    !matches!(
        d.kind,
        DeclKind::Veld | DeclKind::Stap | DeclKind::Artikel | DeclKind::Test
    )
}

/// The first declaration of `name` in `files` that `want` accepts.
fn find(
    built: &impl Index,
    files: &[FileId],
    name: &str,
    want: impl Fn(&Declaration) -> bool,
) -> Option<Target> {
    files.iter().find_map(|&file| {
        built
            .decls(file)
            .iter()
            .position(|d| d.name == name && want(d))
            .map(|index| Target { file, index })
    })
}

/// The declaration the name at `offset` in `file` stands for.
pub fn resolve(built: &impl Index, file: FileId, offset: usize) -> Option<Target> {
    let word = word_at(built.text(file), offset)?;
    resolve_word(built, file, &word)
}

fn resolve_word(built: &impl Index, file: FileId, word: &Word) -> Option<Target> {
    let own = layer_chain(built, file);
    let imports = imports(built, file);
    let first = &word.parts[0].0;
    let name = &word.parts[word.at].0;
    let imported = imports.iter().find(|(alias, _, _)| alias == first);
    if let (Some((_, used, decl)), true) = (imported, word.parts.len() > 1) {
        if word.at == 0 {
            return Some(*decl);
        }
        let theirs = layer_chain(built, *used);
        if word.at == 1 {
            return find(built, &theirs, name, top_level);
        }
        return find(built, &theirs, name, |d| d.kind == DeclKind::Veld);
    }
    let mut everywhere = own.clone();
    for (_, used, _) in &imports {
        everywhere.extend(layer_chain(built, *used));
    }
    if word.at == 0 {
        // Own names first; then imported keuze values, which are written bare.
        find(built, &own, name, top_level)
            .or_else(|| {
                find(built, &everywhere, name, |d| {
                    d.kind == DeclKind::KeuzeWaarde
                })
            })
            .or_else(|| find(built, &own, name, |d| d.kind == DeclKind::Stap))
            .or_else(|| find(built, &everywhere, name, |d| d.kind == DeclKind::Veld))
    } else {
        find(built, &everywhere, name, |d| d.kind == DeclKind::Veld)
    }
}

/// The local bindings of `file` (none while it does not parse).
fn file_locals(built: &impl Index, file: FileId) -> Vec<Local> {
    built.ast(file).map_or_else(Vec::new, locals)
}

/// The local binding (function parameter, list variable, row column) the
/// name at `offset` stands for; it hides a declaration of the same name.
pub fn local(built: &impl Index, file: FileId, offset: usize) -> Option<Local> {
    let word = word_at(built.text(file), offset)?;
    // `v.kostprijs`: only the first part can be a local.
    if word.at != 0 {
        return None;
    }
    local_at(&file_locals(built, file), &word.parts[0].0, offset).cloned()
}

/// The binding of `local` and each use of it, all in `file`.
pub fn local_references(built: &impl Index, file: FileId, local: &Local) -> Vec<Span> {
    let text = built.text(file);
    let all = file_locals(built, file);
    let name = &local.name.name;
    let mut out = vec![local.name.span];
    for scope in &local.scope {
        let Some(part) = text.get(scope.start..scope.end) else {
            continue;
        };
        for found in name_tokens(part, name) {
            let span = Span::new(scope.start + found.start, scope.start + found.end);
            let first_part = word_at(text, span.start).is_some_and(|w| w.at == 0);
            let same = local_at(&all, name, span.start).map(|l| l.name.span);
            if first_part && same == Some(local.name.span) && !out.contains(&span) {
                out.push(span);
            }
        }
    }
    out
}

/// Every place that names `target`: its declaration and each use that
/// resolves to it, in every file (names inside strings and comments, and
/// local names that hide it, do not count).
pub fn references(built: &impl Index, target: Target) -> Vec<(FileId, Span)> {
    let Some(decl) = target.decl(built) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for file in 0..built.library().sources.len() as FileId {
        let text = built.text(file);
        let tokens = name_tokens(text, &decl.name);
        let hiding = if tokens.is_empty() {
            Vec::new()
        } else {
            file_locals(built, file)
        };
        for span in tokens {
            let Some(word) = word_at(text, span.start) else {
                continue;
            };
            if word.at == 0 && local_at(&hiding, &decl.name, span.start).is_some() {
                continue;
            }
            let on_decl = file == target.file && span == decl.name_span;
            if on_decl || resolve_word(built, file, &word) == Some(target) {
                out.push((file, span));
            }
        }
    }
    out
}

/// The places `name` occurs as a whole name outside strings and comments.
fn name_tokens(text: &str, name: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if text[i..].starts_with("//") {
            i = text[i..].find('\n').map_or(text.len(), |n| i + n);
        } else if text[i..].starts_with("\"\"\"") {
            i = text[i + 3..]
                .find("\"\"\"")
                .map_or(text.len(), |n| i + 3 + n + 3);
        } else if bytes[i] == b'"' {
            i = text[i + 1..]
                .find(['"', '\n'])
                .map_or(text.len(), |n| i + 1 + n + 1);
        } else if text[i..].starts_with(name)
            && !text[..i].chars().next_back().is_some_and(is_name_char)
            && !text[i + name.len()..]
                .chars()
                .next()
                .is_some_and(is_name_char)
        {
            out.push(Span::new(i, i + name.len()));
            i += name.len();
        } else {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out
}

/// What the name at `offset` in `file` is (Markdown): the engine's
/// description from the program its file is compiled into
/// ([`crate::lookup::describe`]); the declaration's first line as written
/// when there is none (the file has errors) or the engine does not
/// describe that kind.
pub fn hover(built: &impl Index, file: FileId, offset: usize) -> Option<String> {
    match local(built, file, offset) {
        Some(l) => Some(crate::lookup::describe_local(
            built.ast(file)?,
            built.text(file),
            &l,
        )),
        None => describe(built, resolve(built, file, offset)?),
    }
}

/// The description of a declaration, as [`hover`] gives it.
pub fn describe(built: &impl Index, target: Target) -> Option<String> {
    let decls = built.decls(target.file);
    let decl = decls.get(target.index)?;
    // A keuze value, field or step is shown with what it belongs to.
    let subject = match decl.parent {
        Some(p) if decl.kind != DeclKind::Stap => decls.get(p)?,
        _ => decl,
    };
    built
        .program(target.file)
        .and_then(|p| crate::lookup::describe(p, &subject.name))
        .or_else(|| {
            let span = subject.span;
            let written = built.text(target.file).get(span.start..span.end)?;
            let first = written.lines().next().unwrap_or_default();
            Some(format!("```\n{first}\n```"))
        })
}

/// What a completion offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    /// A declared name of this kind.
    Declared(DeclKind),
    /// A regeling's id (after `gebruik`).
    Regeling,
    /// A keyword the grammar accepts there.
    Keyword,
}

/// One completion: the text to insert, what it is, and a detail line (a
/// name's kind and type as written, a regeling's name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    pub kind: CompletionKind,
    pub detail: Option<String>,
}

/// The completions at `cursor` (a byte offset) in `file`: after `gebruik`
/// the regelingen's ids; after `qualifier.` the names of a used regeling
/// or the fields of a gegeven; elsewhere the names in scope, the keuze
/// values of used regelingen, and the keywords the grammar accepts there.
pub fn completions(built: &impl Index, file: FileId, cursor: usize) -> Vec<Completion> {
    let text = built.text(file);
    let cursor = cursor.min(text.len());
    if !text.is_char_boundary(cursor) {
        return Vec::new();
    }
    let line_start = text[..cursor].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..cursor];
    // After `gebruik`: the ids of the regelingen.
    if let Some(rest) = line.trim_start().strip_prefix("gebruik ") {
        if !rest.contains(' ') {
            return built
                .library()
                .regelingen
                .iter()
                .map(|r| Completion {
                    label: r.id.clone(),
                    kind: CompletionKind::Regeling,
                    detail: Some(r.name.clone()),
                })
                .collect();
        }
    }
    let word = word_at(text, cursor);
    let qualified = word.as_ref().filter(|w| w.at > 0);
    if let Some(w) = qualified {
        return members(built, file, &w.parts[w.at - 1].0, w.at - 1 == 0);
    }
    let mut items = Vec::new();
    let own = layer_chain(built, file);
    for &f in &own {
        for d in built.decls(f) {
            if !matches!(
                d.kind,
                DeclKind::Veld | DeclKind::Stap | DeclKind::Artikel | DeclKind::Test
            ) {
                items.push(declared(built, f, d));
            }
        }
    }
    for (_, used, _) in imports(built, file) {
        for &f in &layer_chain(built, used) {
            let values = built
                .decls(f)
                .iter()
                .filter(|d| d.kind == DeclKind::KeuzeWaarde);
            items.extend(values.map(|d| declared(built, f, d)));
        }
    }
    // The keywords the grammar accepts where the word being typed starts.
    let word_start = word.as_ref().map_or(cursor, |w| w.parts[0].1.start);
    let keywords = grammar::keywords_after(&text[..word_start]);
    items.extend(keywords.iter().map(|k| Completion {
        label: k.to_string(),
        kind: CompletionKind::Keyword,
        detail: None,
    }));
    items
}

/// What may follow `qualifier.`: the names of a used regeling (by alias),
/// or the fields of a gegeven (of an input, field or rule of that type).
fn members(built: &impl Index, file: FileId, qualifier: &str, first: bool) -> Vec<Completion> {
    if first {
        if let Some((_, used, _)) = imports(built, file)
            .into_iter()
            .find(|(a, _, _)| a == qualifier)
        {
            let chain = layer_chain(built, used);
            return chain
                .iter()
                .flat_map(|&f| built.decls(f).iter().map(move |d| (f, d)))
                .filter(|(_, d)| {
                    d.parent.is_none()
                        && !matches!(d.kind, DeclKind::Artikel | DeclKind::Test | DeclKind::Use)
                })
                .map(|(f, d)| declared(built, f, d))
                .collect();
        }
    }
    let own = layer_chain(built, file);
    let mut scope = own.clone();
    for (_, used, _) in imports(built, file) {
        scope.extend(layer_chain(built, used));
    }
    // The gegeven named by the qualifier's type, when it has one.
    let record = scope.iter().find_map(|&f| {
        let d = built
            .decls(f)
            .iter()
            .find(|d| d.name == qualifier && d.ty.is_some())?;
        let ty = d.ty?;
        let written = built.text(f).get(ty.start..ty.end)?;
        let name = written
            .trim_end_matches('?')
            .rsplit(['.', ' '])
            .next()?
            .to_string();
        Some(name)
    });
    let fields = scope.iter().flat_map(|&f| {
        let decls = built.decls(f);
        decls.iter().filter_map(move |d| {
            let parent = decls.get(d.parent?)?;
            (d.kind == DeclKind::Veld).then_some((f, d, parent))
        })
    });
    fields
        .filter(|(_, _, parent)| record.as_deref().is_none_or(|r| parent.name == r))
        .map(|(f, d, _)| declared(built, f, d))
        .collect()
}

/// A completion for a declaration, with its kind and type as written as detail.
fn declared(built: &impl Index, file: FileId, d: &Declaration) -> Completion {
    let ty =
        d.ty.and_then(|t| built.text(file).get(t.start..t.end))
            .map(|t| format!("{}: {t}", d.kind.keyword()));
    Completion {
        label: d.name.clone(),
        kind: CompletionKind::Declared(d.kind),
        detail: ty.or_else(|| Some(d.kind.keyword().to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dotted_name_under_the_cursor() {
        let text = "x = bijstand.normtabel(a)";
        let at = text.find("norm").unwrap() + 2;
        let w = word_at(text, at).unwrap();
        let names: Vec<&str> = w.parts.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["bijstand", "normtabel"]);
        assert_eq!(w.at, 1);
        assert_eq!(
            word_at(text, text.find('(').unwrap() + 1).unwrap().parts[0].0,
            "a"
        );
        assert_eq!(word_at(text, 2), None, "on `=` between spaces");
        // Just after a name while typing it.
        assert_eq!(word_at("ab", 2).unwrap().parts[0].0, "ab");
    }

    #[test]
    fn names_in_strings_and_comments_do_not_count() {
        let text = "a = b // b\n\"b\" \"\"\"b\nb\"\"\" bb b";
        let found = name_tokens(text, "b");
        let starts: Vec<usize> = found.iter().map(|s| s.start).collect();
        assert_eq!(starts, [4, text.len() - 1]);
    }
}
