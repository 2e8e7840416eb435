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
            out.push(if part.is_empty() { String::new() } else { format!(" {part}") });
        }
    }
    out
}

/// Vendor text as rustdoc: bare URLs become links and square brackets are escaped so that they
/// are not read as intra-doc links.
pub fn vendor(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("http") {
        let (before, from) = rest.split_at(start);
        out.push_str(&escape_brackets(before));
        if from.starts_with("http://") || from.starts_with("https://") {
            let end = from.find(|c: char| c.is_whitespace() || c == ')' || c == '>').unwrap_or(from.len());
            let url = from[..end].trim_end_matches(['.', ',', ';']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &from[url.len()..];
        } else {
            out.push_str("http");
            rest = &from[4..];
        }
    }
    out.push_str(&escape_brackets(rest));
    out
}

fn escape_brackets(text: &str) -> String {
    text.replace('[', "\\[").replace(']', "\\]")
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_become_links_and_brackets_are_escaped() {
        assert_eq!(vendor("see https://x.com/a. [1]"), "see <https://x.com/a>. \\[1\\]");
        assert_eq!(vendor("httpd"), "httpd");
    }
}
