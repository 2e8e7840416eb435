//! Rustdoc from spec text.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = ...]` attributes for rustdoc `lines` (markdown, already escaped where it came from a
/// vendor page): one attribute per line, so prettyplease prints `///` comments.
pub fn doc_lines<S: AsRef<str>>(lines: &[S]) -> TokenStream {
    let mut out = TokenStream::new();
    for text in split_lines(lines) {
        out.extend(quote!(#[doc = #text]));
    }
    out
}

/// The same as inner `#![doc = ...]` attributes, for module docs.
pub fn inner_doc_lines<S: AsRef<str>>(lines: &[S]) -> TokenStream {
    let mut out = TokenStream::new();
    for text in split_lines(lines) {
        out.extend(quote!(#![doc = #text]));
    }
    out
}

/// The same as `///` comment lines appended to `out`, each after `indent`, for items written as
/// text (see `verbatim`). What prettyplease prints for [`doc_lines`], byte for byte.
pub fn push_doc_comment<S: AsRef<str>>(out: &mut String, indent: &str, lines: &[S]) {
    for text in split_lines(lines) {
        out.push_str(indent);
        out.push_str("///");
        out.push_str(&text);
        out.push('\n');
    }
}

fn split_lines<S: AsRef<str>>(lines: &[S]) -> Vec<String> {
    let mut out = Vec::new();
    for line in lines {
        let line = line.as_ref();
        if line.trim().is_empty() {
            out.push(String::new());
            continue;
        }
        for part in line.lines() {
            let part = part.trim_end();
            // A carriage return alone is not allowed in a doc comment, whichever way it is
            // printed (prettyplease turns a doc attribute into a `///` line).
            let part = if part.contains('\r') { part.replace('\r', " ") } else { part.to_owned() };
            out.push(if part.is_empty() { String::new() } else { format!(" {part}") });
        }
    }
    out
}

/// Vendor text as rustdoc: the one rule for prose from a spec (see [`super::inert::doc_text`]).
pub use super::inert::doc_text as vendor;

/// Blank-line-separated paragraphs, skipping empty ones.
pub fn paragraphs(parts: Vec<String>) -> Vec<String> {
    let mut lines = Vec::new();
    for part in parts.into_iter().filter(|p| !p.trim().is_empty()) {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(part.trim().to_owned());
    }
    lines
}
