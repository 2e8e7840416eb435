//! Pre-formatted items inside a token stream.
//!
//! prettyplease flows the body of a macro call like prose, so a table handed to a runtime macro
//! (`wire_enum!`, `service_api!`) would come out as a wall of tokens wrapped at the margin.
//! Such items are written as text instead, one entry per line, and travel through the token
//! stream as a marker item carrying that text in a string literal; after formatting, each
//! marker is replaced by its text. As a bonus the tables skip the syn and prettyplease round
//! trip, which is most of the cost of emission.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The marker's macro name: nothing else in generated code is called this.
const MARKER: &str = "__cloudspec_verbatim__!(";

/// An item (top level, or inside an `impl` block) whose source is `text` exactly, written for
/// column 0 and ending with a newline; nested, it is indented to the position of the marker.
pub fn item(text: &str) -> TokenStream {
    let literal = Literal::string(text);
    quote!(__cloudspec_verbatim__!(#literal);)
}

/// Replaces every marker in prettyplease's output with its text. A marker is an item, so it
/// starts a line after the indentation of its block; the literal may have been moved to a line
/// of its own, hence the scan.
pub fn splice(formatted: &str) -> Result<String, String> {
    let mut out = String::with_capacity(formatted.len());
    let mut rest = formatted;
    while let Some((line_start, start)) = find_marker(rest) {
        out.push_str(&rest[..line_start]);
        let indent = &rest[line_start..start];
        let after = rest[start + MARKER.len()..].trim_start();
        let literal_len = string_literal_len(after).ok_or("a verbatim marker lost its string literal")?;
        let text: syn::LitStr = syn::parse_str(&after[..literal_len]).map_err(|e| e.to_string())?;
        for line in text.value().split_inclusive('\n') {
            if line != "\n" {
                out.push_str(indent);
            }
            out.push_str(line);
        }
        let tail = after[literal_len..].trim_start();
        let tail = tail.strip_prefix(");").ok_or("a verbatim marker is not closed by `);`")?;
        rest = tail.strip_prefix('\n').unwrap_or(tail);
    }
    out.push_str(rest);
    Ok(out)
}

/// The next marker: where its line starts, and where the marker starts after the indentation.
fn find_marker(text: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(found) = text[from..].find(MARKER) {
        let at = from + found;
        let line_start = text[..at].rfind('\n').map_or(0, |newline| newline + 1);
        if text[line_start..at].bytes().all(|b| b == b' ') {
            return Some((line_start, at));
        }
        from = at + MARKER.len();
    }
    None
}

/// The length in bytes of the `"..."` literal that `text` starts with, escapes included.
fn string_literal_len(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes.first() != Some(&b'"') {
        return None;
    }
    let mut index = 1;
    while index < bytes.len() {
        match bytes[index] {
            b'\\' => index += 2,
            b'"' => return Some(index + 1),
            _ => index += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(tokens: TokenStream) -> String {
        let file: syn::File = syn::parse2(tokens).unwrap();
        splice(&prettyplease::unparse(&file)).unwrap()
    }

    #[test]
    fn verbatim_text_replaces_its_marker_in_place() {
        let table = "table!(X {\n    A => \"a \\\"quoted\\\" \\\\ value\",\n    B => \"ünïcode\",\n});\n";
        let marker = item(table);
        let long = item(&format!("{}\n", "// a line longer than prettyplease's margin ".repeat(5)));
        let source = format(quote! {
            struct Before;
            #marker
            struct After;
            #long
        });
        assert_eq!(
            source,
            format!(
                "struct Before;\n{table}struct After;\n{}\n",
                "// a line longer than prettyplease's margin ".repeat(5)
            )
        );
    }

    #[test]
    fn nested_verbatim_text_takes_the_indentation_of_its_block() {
        let setters = item("fn a(self) -> Self { self }\n\nfn b(self) -> Self { self }\n");
        let source = format(quote! {
            impl X {
                fn first(&self) {}
                #setters
            }
        });
        assert_eq!(
            source,
            "impl X {\n    fn first(&self) {}\n    fn a(self) -> Self { self }\n\n    fn b(self) -> Self { self }\n}\n"
        );
    }

    #[test]
    fn a_damaged_marker_is_an_error_not_a_panic() {
        assert!(splice("__cloudspec_verbatim__!(nope);\n").is_err());
        assert!(splice("__cloudspec_verbatim__!(\"text\"\n").is_err());
        assert!(splice("__cloudspec_verbatim__!(\"unterminated\n").is_err());
    }
}
