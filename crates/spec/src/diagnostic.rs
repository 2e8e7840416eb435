//! Located problems in spec files, rendered with miette.
//!
//! Every check collects diagnostics instead of returning early, so an author sees every problem
//! of a run at once. Each one names the file, line and column, labels the offending snippet and
//! says how to fix it.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode,
    SourceSpan, SpanContents,
};

use crate::located::Pos;

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
            message: clip(message.into(), MAX_MESSAGE_CHARS),
            label: "here".into(),
            hint: String::new(),
        }
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = clip(label.into(), MAX_MESSAGE_CHARS);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = clip(hint.into(), MAX_MESSAGE_CHARS);
        self
    }

    /// `file:line:col`, on one line: a file name's control characters are shown as escapes
    /// (lint refuses such names, and its report must not be split or recoloured by them).
    pub fn location(&self) -> String {
        let name = crate::chars::comment_text(&self.file.name);
        format!("{name}:{}:{}", self.pos.line.max(1), self.pos.column.max(1))
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
        let report = Rendered { diagnostic: self, snippet: self.snippet() };
        if handler.render_report(&mut out, &report).is_err() {
            out = format!("{}: {}\n  hint: {}\n", self.location(), self.message, self.hint);
        }
        format!("{}: {}\n{out}", self.location(), self.message)
    }
}

/// Messages quote what the author wrote (a key, a type, a pattern); a runaway value must not make
/// a message of megabytes.
const MAX_MESSAGE_CHARS: usize = 600;

fn clip(text: String, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
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

/// Lines longer than this many characters are cropped around the label in snippets: a minified
/// or machine-written line (10,000 `[`) must not print megabytes.
const LONG_LINE: usize = 300;
/// What is kept of a cropped line, and how much of it comes before the label.
const CROPPED_WIDTH: usize = 200;
const CROPPED_LEAD: usize = 60;
/// A label over more lines than this (a whole example) is shown on its first line only.
const MAX_LABEL_LINES: usize = 8;
/// Up to this size, snippet line numbers are counted from the label's offset, an independent
/// check of the position; beyond it the position's own line is trusted, so that a file with
/// thousands of problems does not rescan megabytes per problem.
const COUNT_LINES_UP_TO: usize = 256 * 1024;

/// The few lines a snippet shows, cut out of the file. miette scans its source from the start
/// for every label; handing it only these lines keeps rendering cheap in a 4 MiB file.
struct Snippet {
    text: String,
    /// 0-based line number of the first line of `text` in the file.
    first_line: usize,
    /// The label, in `text`'s offsets.
    label: SourceSpan,
    /// 0-based column, in characters, of the label's start in the file.
    column: usize,
}

impl Diagnostic {
    fn snippet(&self) -> Snippet {
        let text = &*self.file.text;
        if text.is_empty() {
            // An empty file (or a folder) has no line to label: show one empty line 1, so that
            // the label still says what is wrong there.
            return Snippet {
                text: " ".into(),
                first_line: 0,
                label: SourceSpan::new(0.into(), 0),
                column: 0,
            };
        }
        let span = self.span();
        let start = span.offset();
        let mut end = start + span.len();
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        if text[start..end].matches('\n').count() >= MAX_LABEL_LINES {
            end = line_end;
        }
        let last_line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
        // One line of context either side, as miette shows.
        let window_start =
            if line_start == 0 { 0 } else { text[..line_start - 1].rfind('\n').map_or(0, |i| i + 1) };
        let window_end = match text.get(last_line_end + 1..) {
            Some(rest) => rest.find('\n').map_or(text.len(), |i| last_line_end + 1 + i),
            None => text.len(),
        };
        let first_line = if text.len() <= COUNT_LINES_UP_TO {
            text[..window_start].matches('\n').count()
        } else {
            let line = usize::try_from(self.pos.line.max(1) - 1).unwrap_or(usize::MAX);
            line.saturating_sub(usize::from(window_start < line_start))
        };
        let column = text[line_start..start].chars().count();
        let window = &text[window_start..window_end];
        let crop = window.split('\n').any(|line| line.len() > LONG_LINE && line.chars().count() > LONG_LINE);
        if !crop {
            let label = SourceSpan::new((start - window_start).into(), end - start);
            return Snippet { text: window.to_owned(), first_line, label, column };
        }

        // Long lines are cut at the same columns, around the label; short context lines stay whole.
        let from = column.saturating_sub(CROPPED_LEAD);
        let end = end.min(line_end);
        let mut out = String::new();
        let mut label = SourceSpan::new(0.into(), 0);
        let mut line_offset = window_start;
        for (i, line) in window.split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
            }
            let long = line.len() > LONG_LINE && line.chars().count() > LONG_LINE;
            let from = if long { from } else { 0 };
            let b0 = line.char_indices().nth(from).map_or(line.len(), |(b, _)| b);
            let width = if long { CROPPED_WIDTH } else { usize::MAX };
            let b1 = line[b0..].char_indices().nth(width).map_or(line.len(), |(b, _)| b0 + b);
            if b0 > 0 {
                out.push('…');
            }
            let base = out.len();
            out.push_str(&line[b0..b1]);
            if b1 < line.len() {
                out.push('…');
            }
            if line_offset == line_start {
                let map = |offset: usize| base + (offset - line_offset).clamp(b0, b1) - b0;
                label = SourceSpan::new(map(start).into(), map(end) - map(start));
            }
            line_offset += line.len() + 1;
        }
        Snippet { text: out, first_line, label, column }
    }
}

impl SourceCode for Snippet {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.as_str().read_span(span, context_lines_before, context_lines_after)?;
        // The header's `[line:col]` is read from the label alone: give the file's column, not the
        // column within a cropped line.
        let column =
            if *span == self.label && context_lines_before == 0 { self.column } else { inner.column() };
        Ok(Box::new(MietteSpanContents::new(
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            column,
            inner.line_count(),
        )))
    }
}

struct Rendered<'a> {
    diagnostic: &'a Diagnostic,
    snippet: Snippet,
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Rendered<'_> {}

impl miette::Diagnostic for Rendered<'_> {
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.snippet)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let label = LabeledSpan::new_with_span(Some(self.diagnostic.label.clone()), self.snippet.label);
        Some(Box::new(std::iter::once(label)))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let hint = &self.diagnostic.hint;
        if hint.is_empty() { None } else { Some(Box::new(hint)) }
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
    /// A problem found more than once (one in a provider file is found with each service that
    /// shares the file) is listed once.
    pub fn sorted(mut self) -> Self {
        fn key(d: &Diagnostic) -> (&str, u64, u64, &str, &str, &str) {
            (&d.file.name, d.pos.line, d.pos.column, &d.message, &d.label, &d.hint)
        }
        self.0.sort_by(|a, b| key(a).cmp(&key(b)));
        self.0.dedup_by(|a, b| {
            a.file.name == b.file.name
                && a.pos == b.pos
                && a.message == b.message
                && a.label == b.label
                && a.hint == b.hint
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
