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

/// Vendor text as rustdoc: markdown links `[text](url)` are kept, bare URLs become links, and
/// other square brackets are escaped so that they are not read as intra-doc links.
pub fn vendor(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(link) = markdown_link(rest) {
            out.push_str(&rest[..link]);
            rest = &rest[link..];
        } else if rest.starts_with("http://") || rest.starts_with("https://") {
            let end =
                rest.find(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | '"')).unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
        } else {
            let c = rest.chars().next().unwrap_or_default();
            if c == '[' || c == ']' {
                out.push('\\');
            }
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The byte length of a markdown link `[text](target)` at the start of `text`, if there is one.
fn markdown_link(text: &str) -> Option<usize> {
    let inner = text.strip_prefix('[')?;
    let close = inner.find(']')?;
    if inner[..close].contains('[') {
        return None;
    }
    let target = inner[close + 1..].strip_prefix('(')?;
    let end = target.find(')')?;
    if target[..end].contains(char::is_whitespace) || end == 0 {
        return None;
    }
    Some(1 + close + 2 + end + 1)
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
        assert_eq!(vendor("see [FlowSpec](https://x.com/a) now"), "see [FlowSpec](https://x.com/a) now");
        assert_eq!(vendor("a [b] (c)"), "a \\[b\\] (c)");
        assert_eq!(vendor("httpd"), "httpd");
    }
}
