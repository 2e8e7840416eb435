//! `docs_sha256`, the hash of the vendor page a spec was written from, checked for its form (64
//! lower-case hex digits) by lint; `cloudspec docs-status` compares it with saved pages.

use crate::diagnostic::{Diagnostic, Diagnostics, SourceFile};
use crate::load::ServiceSource;
use crate::located::Located;

/// Checks every `docs_sha256` of a service's files: 64 lower-case hex digits. Run by lint.
pub fn check_recorded_hashes(source: &ServiceSource, diagnostics: &mut Diagnostics) {
    if let Some(hash) = &source.spec.docs_sha256 {
        check_hash(&source.file, hash, diagnostics);
    }
    for op in &source.operations {
        if let Some(hash) = &op.spec.docs_sha256 {
            check_hash(&op.file, hash, diagnostics);
        }
    }
}

fn check_hash(file: &SourceFile, hash: &Located<String>, diagnostics: &mut Diagnostics) {
    let value = hash.value.as_str();
    let problem = if let Some(bad) = value.chars().find(|c| !matches!(c, '0'..='9' | 'a'..='f')) {
        if bad.is_ascii_hexdigit() {
            Some("it has upper-case hex digits".to_owned())
        } else {
            Some(format!("`{}` is not a hex digit", bad.escape_default()))
        }
    } else if value.len() != 64 {
        Some(format!("it has {} digits", value.len()))
    } else {
        None
    };
    if let Some(problem) = problem {
        diagnostics.push(
            Diagnostic::new(
                file,
                hash.pos,
                format!("`docs_sha256` is not a sha256 (64 lower-case hex digits): {problem}"),
            )
            .label("not 64 lower-case hex digits")
            .hint(
                "save the `docs:` page as text and run `cloudspec docs-status --pages DIR`: it prints the \
                     hash to record (specs/README.md, docs tracking)",
            ),
        );
    }
}
