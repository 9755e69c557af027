//! Which declaration a name in the text stands for. A file sees its own
//! declarations, those of the regeling it layers on (`laag op`), and, by
//! alias, those of the regelingen it uses (`gebruik x als y`: `y.naam`);
//! keuze values of imported keuzes are written bare. The version of a
//! base or used regeling is the one in force when the file starts.

use crate::workspace::Built;
use engine::ir::FileId;
use engine::outline::{DeclKind, Declaration};
use grammar::ast::{Item, Span};
use grammar::locals::{local_at, locals, Local};

/// A declaration: the file and its index in that file's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub file: FileId,
    pub index: usize,
}

impl Target {
    pub fn decl<'b>(&self, built: &'b Built) -> Option<&'b Declaration> {
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
pub fn version_for(built: &Built, file: FileId, regeling: &str) -> Option<FileId> {
    let library = &built.library;
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
pub fn layer_chain(built: &Built, file: FileId) -> Vec<FileId> {
    let mut chain = vec![file];
    let mut current = file;
    while let Some(base) = built
        .asts
        .get(current as usize)
        .and_then(|a| a.as_ref())
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
pub fn imports(built: &Built, file: FileId) -> Vec<(String, FileId, Target)> {
    let mut out = Vec::new();
    for f in layer_chain(built, file) {
        let Some(ast) = built.asts.get(f as usize).and_then(|a| a.as_ref()) else {
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
    built: &Built,
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
pub fn resolve(built: &Built, file: FileId, offset: usize) -> Option<Target> {
    let word = word_at(built.text(file), offset)?;
    resolve_word(built, file, &word)
}

fn resolve_word(built: &Built, file: FileId, word: &Word) -> Option<Target> {
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
fn file_locals(built: &Built, file: FileId) -> Vec<Local> {
    built
        .asts
        .get(file as usize)
        .and_then(|a| a.as_ref())
        .map_or_else(Vec::new, |ast| locals(ast))
}

/// The local binding (function parameter, list variable, row column) the
/// name at `offset` stands for; it hides a declaration of the same name.
pub fn local(built: &Built, file: FileId, offset: usize) -> Option<Local> {
    let word = word_at(built.text(file), offset)?;
    // `v.kostprijs`: only the first part can be a local.
    if word.at != 0 {
        return None;
    }
    local_at(&file_locals(built, file), &word.parts[0].0, offset).cloned()
}

/// The binding of `local` and each use of it, all in `file`.
pub fn local_references(built: &Built, file: FileId, local: &Local) -> Vec<Span> {
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
pub fn references(built: &Built, target: Target) -> Vec<(FileId, Span)> {
    let Some(decl) = target.decl(built) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for file in 0..built.uris.len() as FileId {
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
