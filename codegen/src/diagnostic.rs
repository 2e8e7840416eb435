//! Located problems in spec files, rendered with miette.
//!
//! Every check collects diagnostics instead of returning early, so an author sees every problem
//! of a run at once. Each one names the file, line and column, labels the offending snippet and
//! says how to fix it.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceSpan};

use crate::spec::located::Pos;

/// The text of one spec file, shared by every diagnostic that points into it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as shown to the author (relative to the specs root when possible).
    pub name: Arc<str>,
    pub path: PathBuf,
    pub text: Arc<str>,
}

/// One problem in one spec file.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub file: SourceFile,
    pub pos: Pos,
    pub message: String,
    pub label: String,
    pub hint: String,
}

impl Diagnostic {
    pub fn new(file: &SourceFile, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.clone(),
            pos,
            message: message.into(),
            label: "here".into(),
            hint: String::new(),
        }
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = hint.into();
        self
    }

    /// `file:line:col`.
    pub fn location(&self) -> String {
        format!("{}:{}:{}", self.file.name, self.pos.line.max(1), self.pos.column.max(1))
    }

    /// The byte span of the label: the node's own span when known, else the rest of its line.
    fn span(&self) -> SourceSpan {
        let text = &*self.file.text;
        let mut offset = self.pos.offset.min(text.len());
        if offset == 0 && self.pos.line > 1 {
            offset = line_col_offset(text, self.pos.line, self.pos.column);
        }
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let mut len = self.pos.len;
        if len == 0 || offset + len > text.len() {
            len = text[offset..].find('\n').unwrap_or(text.len() - offset);
        }
        while !text.is_char_boundary(offset + len) {
            len -= 1;
        }
        SourceSpan::new(offset.into(), len)
    }

    /// Renders the diagnostic as plain text (no colour), the form snapshots and logs use.
    pub fn render_plain(&self) -> String {
        self.render(GraphicalTheme::unicode_nocolor())
    }

    pub fn render(&self, theme: GraphicalTheme) -> String {
        let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
        let mut out = String::new();
        let report = Rendered(self);
        if handler.render_report(&mut out, &report).is_err() {
            out = format!("{}: {}\n  hint: {}\n", self.location(), self.message, self.hint);
        }
        format!("{}: {}\n{out}", self.location(), self.message)
    }
}

fn line_col_offset(text: &str, line: u64, column: u64) -> usize {
    let start = text.split_inclusive('\n').take(line.saturating_sub(1) as usize).map(str::len).sum::<usize>();
    let line_text = text[start..].split('\n').next().unwrap_or("");
    let col = line_text
        .char_indices()
        .nth(column.saturating_sub(1) as usize)
        .map(|(i, _)| i)
        .unwrap_or(line_text.len());
    start + col
}

struct Rendered<'a>(&'a Diagnostic);

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for Rendered<'_> {}

impl miette::Diagnostic for Rendered<'_> {
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.0.file.text)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let label = LabeledSpan::new_with_span(Some(self.0.label.clone()), self.0.span());
        Some(Box::new(std::iter::once(label)))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        if self.0.hint.is_empty() { None } else { Some(Box::new(&self.0.hint)) }
    }
}

/// Every diagnostic of a run; `Display` renders them all, then a count.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Sorted by file and position, so the report reads top to bottom and is deterministic.
    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| {
            (&*a.file.name, a.pos.line, a.pos.column, &a.message).cmp(&(
                &*b.file.name,
                b.pos.line,
                b.pos.column,
                &b.message,
            ))
        });
        self
    }

    pub fn render_plain(&self) -> String {
        let mut out = String::new();
        for diagnostic in &self.0 {
            out.push_str(&diagnostic.render_plain());
            out.push('\n');
        }
        out.push_str(&self.summary());
        out
    }

    pub fn summary(&self) -> String {
        let n = self.0.len();
        format!("{n} problem{} found in the specs", if n == 1 { "" } else { "s" })
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render_plain())
    }
}

impl std::error::Error for Diagnostics {}
