//! Unfilled placeholders: `cloudspec new` lays out a spec with `TODO:` markers where only the
//! vendor's page can say what goes there, and lint reports every marker left in a spec file,
//! comments included, each at its line and column, so a half-filled scaffold can never be
//! generated. The marker is reserved: authors record open questions as `# decision:` comments.

use crate::diagnostic::{Diagnostic, Diagnostics, SourceFile};
use crate::load::ServiceSource;
use crate::located::Pos;

/// The placeholder marker. Lint refuses it anywhere in a spec file.
pub const MARKER: &str = "TODO:";

/// Reports every `TODO:` marker in a service's files. Run by lint.
pub fn check_placeholders(source: &ServiceSource, diagnostics: &mut Diagnostics) {
    placeholders_in(&source.file, diagnostics);
    if let Some(shared) = &source.shared {
        placeholders_in(&shared.file, diagnostics);
    }
    for op in &source.operations {
        placeholders_in(&op.file, diagnostics);
    }
}

/// Reports every `TODO:` marker in one file, at its line and column.
pub fn placeholders_in(file: &SourceFile, diagnostics: &mut Diagnostics) {
    // One search of the whole text settles nearly every file (no marker), where a search per
    // line pays a searcher's setup for each line.
    if !file.text.contains(MARKER) {
        return;
    }
    let mut line_start = 0;
    for (index, line) in file.text.split_inclusive('\n').enumerate() {
        let mut from = 0;
        while let Some(found) = line[from..].find(MARKER) {
            let at = from + found;
            from = at + MARKER.len();
            // `XTODO:` is some other word; only a marker that starts a word counts.
            if line[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            // What the placeholder asks for: up to the closing quote, or the end of the line.
            let rest = &line[at..];
            let what = rest[..rest.find('"').unwrap_or(rest.len())].trim_end();
            let pos = Pos {
                line: index as u64 + 1,
                column: line[..at].chars().count() as u64 + 1,
                offset: line_start + at,
                len: what.len(),
            };
            diagnostics.push(
                Diagnostic::new(file, pos, format!("unfilled placeholder: {what}"))
                    .label("fill this in")
                    .hint(
                        "replace it with what the vendor's page says and delete the `TODO:` marker \
                         (specs/README.md, section 11); lint refuses `TODO:` anywhere in a spec, \
                         comments included",
                    ),
            );
        }
        line_start += line.len();
    }
}
