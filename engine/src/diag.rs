//! The project's own diagnostic type: a stable code, a Dutch message, a span
//! and a help text. Rendering (miette for terminals, JSON for the browser)
//! happens at the edges; the checker only collects these.

mod code;

pub use code::{Code, DOCS_PAGE};

use crate::ir::FileId;
use crate::source::{line_col_utf16, SourceSet};
use grammar::ast::Span;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    pub file: FileId,
    pub span: Span,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable code, documented in docs/diagnostiek.md (`R0201`).
    pub code: Code,
    /// Always the code's severity (kept here for the JSON and for sorting).
    pub severity: Severity,
    pub message: String,
    pub file: FileId,
    pub span: Span,
    /// Short text under the underlined source.
    pub label: String,
    pub help: Option<String>,
    pub related: Vec<Related>,
    /// The text that probably belongs where the writer wrote something
    /// unknown ("bedoelde u `maximum`?"), as data for an editor's quick fix.
    pub suggestion: Option<Suggestion>,
}

/// A replacement for the text at `span` (in the diagnostic's file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    pub replacement: String,
    pub span: Span,
}

impl Diagnostic {
    /// A diagnostic with the severity its code has.
    pub fn new(code: Code, file: FileId, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            file,
            span,
            label: String::new(),
            help: None,
            related: Vec::new(),
            suggestion: None,
        }
    }
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    pub fn related(mut self, file: FileId, span: Span, label: impl Into<String>) -> Self {
        self.related.push(Related {
            file,
            span,
            label: label.into(),
        });
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
    /// "bedoelde u `name`?" as the help, and `name` as the replacement of
    /// `span` (the unknown word) for a quick fix: one place for both.
    pub fn did_you_mean(self, span: Span, name: &str) -> Self {
        self.help(format!("bedoelde u `{name}`?"))
            .replace_with(span, name)
    }
    /// `replacement` for the text at `span`, beside a help that says why.
    pub fn replace_with(mut self, span: Span, replacement: impl Into<String>) -> Self {
        self.suggestion = Some(Suggestion {
            replacement: replacement.into(),
            span,
        });
        self
    }
}

/// Sort by file and position and drop exact duplicates (the same file is
/// checked once per combination of versions it takes part in).
pub fn normalize(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| {
        (a.file, a.span.start, a.code, &a.message).cmp(&(b.file, b.span.start, b.code, &b.message))
    });
    diags.dedup();
}

/// A diagnostic with resolved location, for JSON (the browser, `--format json`).
#[derive(Debug, Clone, Serialize)]
pub struct LocatedDiagnostic {
    pub code: Code,
    /// The code's Dutch title (`Onbekende naam`).
    pub title: &'static str,
    /// Where the code is documented (`docs/diagnostiek.md#r0101--onbekende-naam`).
    pub docs: String,
    pub severity: Severity,
    pub message: String,
    #[serde(flatten)]
    pub at: Location,
    pub label: String,
    pub help: Option<String>,
    /// The other places the diagnostic is about (the first definition of
    /// a duplicate, the other exception of a conflict, a row that also
    /// matches), possibly in another file; empty for most.
    pub related: Vec<LocatedRelated>,
    /// The replacement a "bedoelde u …?" offers, where there is one (the
    /// key is left out otherwise, so older readers see what they saw).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<LocatedSuggestion>,
}

/// A diagnostic's suggested replacement, with the place it replaces.
#[derive(Debug, Clone, Serialize)]
pub struct LocatedSuggestion {
    pub replacement: String,
    #[serde(flatten)]
    pub at: Location,
}

/// A related place of a diagnostic, located like the diagnostic itself.
#[derive(Debug, Clone, Serialize)]
pub struct LocatedRelated {
    #[serde(flatten)]
    pub at: Location,
    pub label: String,
}

/// A span as path, and line and column of its start and end (1-based;
/// columns in UTF-16 code units, as editors count them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Location {
    pub fn of(file: FileId, span: Span, sources: &SourceSet) -> Location {
        let (path, text) = sources
            .get(file)
            .map(|f| (f.path.clone(), f.text.as_str()))
            .unwrap_or_default();
        let (line, column) = line_col_utf16(text, span.start);
        let (end_line, end_column) = line_col_utf16(text, span.end);
        Location {
            path,
            line,
            column,
            end_line,
            end_column,
        }
    }
}

pub fn locate(diag: &Diagnostic, sources: &SourceSet) -> LocatedDiagnostic {
    LocatedDiagnostic {
        code: diag.code,
        title: diag.code.title(),
        docs: diag.code.docs(),
        severity: diag.severity,
        message: diag.message.clone(),
        at: Location::of(diag.file, diag.span, sources),
        label: diag.label.clone(),
        help: diag.help.clone(),
        related: diag
            .related
            .iter()
            .map(|r| LocatedRelated {
                at: Location::of(r.file, r.span, sources),
                label: r.label.clone(),
            })
            .collect(),
        suggestion: diag.suggestion.as_ref().map(|s| LocatedSuggestion {
            replacement: s.replacement.clone(),
            at: Location::of(diag.file, s.span, sources),
        }),
    }
}

/// A diagnostic bound to its source, implementing `miette::Diagnostic` so
/// the CLI can render it with the source line and label.
#[derive(Debug)]
pub struct Report {
    diag: Diagnostic,
    source: miette::NamedSource<String>,
    /// Related spans in other files (a layer's base), rendered after it.
    elsewhere: Vec<RelatedReport>,
}

fn named_source(file: FileId, sources: &SourceSet) -> miette::NamedSource<String> {
    let (path, text) = sources
        .get(file)
        .map(|f| (f.path.clone(), f.text.clone()))
        .unwrap_or_default();
    miette::NamedSource::new(path, text)
}

impl Report {
    pub fn new(diag: &Diagnostic, sources: &SourceSet) -> Self {
        let elsewhere = diag
            .related
            .iter()
            .filter(|r| r.file != diag.file)
            .map(|r| RelatedReport {
                label: r.label.clone(),
                span: r.span,
                source: named_source(r.file, sources),
            })
            .collect();
        Report {
            diag: diag.clone(),
            source: named_source(diag.file, sources),
            elsewhere,
        }
    }
}

/// A related location in another file than the diagnostic: shown as a
/// note with that file's source line.
#[derive(Debug)]
struct RelatedReport {
    label: String,
    span: Span,
    source: miette::NamedSource<String>,
}

impl std::fmt::Display for RelatedReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.label)
    }
}

impl std::error::Error for RelatedReport {}

impl miette::Diagnostic for RelatedReport {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let span =
            miette::LabeledSpan::new_primary_with_span(None, (self.span.start, self.span.len()));
        Some(Box::new(std::iter::once(span)))
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.diag.message)
    }
}

impl std::error::Error for Report {}

impl miette::Diagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(self.diag.code))
    }
    fn url<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(self.diag.code.docs()))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.diag
            .help
            .as_ref()
            .map(|h| Box::new(h.as_str()) as Box<dyn std::fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let main = miette::LabeledSpan::new_primary_with_span(
            (!self.diag.label.is_empty()).then(|| self.diag.label.clone()),
            (self.diag.span.start, self.diag.span.len()),
        );
        // Related spans in the same file are shown as secondary labels;
        // those in other files by `related`.
        let related = self
            .diag
            .related
            .iter()
            .filter(|r| r.file == self.diag.file)
            .map(|r| {
                miette::LabeledSpan::new_with_span(
                    Some(r.label.clone()),
                    (r.span.start, r.span.len()),
                )
            });
        Some(Box::new(std::iter::once(main).chain(related)))
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.elsewhere.is_empty() {
            return None;
        }
        Some(Box::new(
            self.elsewhere.iter().map(|r| r as &dyn miette::Diagnostic),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_writes_the_help_and_carries_the_replacement() {
        let d = Diagnostic::new(
            Code::UnknownName,
            0,
            Span::new(4, 7),
            "onbekende naam `max`",
        );
        assert_eq!(d.suggestion, None);
        let d = d.did_you_mean(Span::new(4, 7), "maximum");
        assert_eq!(d.help.as_deref(), Some("bedoelde u `maximum`?"));
        assert_eq!(
            d.suggestion,
            Some(Suggestion {
                replacement: "maximum".into(),
                span: Span::new(4, 7)
            })
        );
    }
}
