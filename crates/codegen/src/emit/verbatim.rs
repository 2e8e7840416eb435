//! Pre-formatted items inside a token stream.
//!
//! prettyplease flows the body of a macro call like prose, so a table handed to a runtime macro
//! (`wire_enum!`, `service_api!`) would come out as a wall of tokens wrapped at the margin; and
//! the syn + prettyplease round trip of every emitted token was most of the cost of generation.
//! So the regular, per-operation items (structs, builders, `Validate` impls, client methods,
//! enum and `Api` tables, the examples test) are written as text, one statement or entry per
//! line, and prettyplease formats only what is left (module docs, the service clients, the
//! facade). The text waits in this thread's store while the file's token stream carries a
//! numbered marker item in its place; after formatting, each marker is replaced by its text.
//! (Carrying the text inside the marker, as a string literal, cost a quarter of the run in
//! escaping and unescaping it.)
//!
//! The store is per thread because a file's tokens are built and formatted on one thread, one
//! file at a time ([`super::rust_file`] calls [`splice`] right after its tokens are built).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The marker's macro name: nothing else in generated code is called this.
const MARKER: &str = "__cloudspec_verbatim__!(";

/// Numbers markers process-wide, so a text left behind by an emission that failed half-way can
/// never be taken for another's.
static NEXT_ID: AtomicU64 = AtomicU64::new(0);

thread_local! {
    static TEXTS: RefCell<HashMap<u64, String>> = RefCell::new(HashMap::new());
}

/// An item (top level, or inside an `impl` block) whose source is `text` exactly, written for
/// column 0 and ending with a newline; nested, it is indented to the position of the marker.
pub fn item(text: &str) -> TokenStream {
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    TEXTS.with(|texts| texts.borrow_mut().insert(id, text.to_owned()));
    let id = Literal::u64_unsuffixed(id);
    quote!(__cloudspec_verbatim__!(#id);)
}

/// Appends `lines` to `out`, each after `indent` (but for empty ones) and a newline: the
/// statements of a text item's block.
pub fn push_indented(out: &mut String, indent: &str, lines: &[String]) {
    for line in lines {
        if !line.is_empty() {
            out.push_str(indent);
        }
        out.push_str(line);
        out.push('\n');
    }
}

/// Replaces every marker in prettyplease's output with its text, then forgets every text of
/// this thread (those of this file are used; any other was left by a failed emission). A marker
/// is an item, so it starts a line after the indentation of its block.
pub fn splice(formatted: &str) -> Result<String, String> {
    let texts = TEXTS.with(|texts| std::mem::take(&mut *texts.borrow_mut()));
    let mut out = String::with_capacity(formatted.len() + texts.values().map(String::len).sum::<usize>());
    let mut rest = formatted;
    while let Some((line_start, start)) = find_marker(rest) {
        out.push_str(&rest[..line_start]);
        let indent = &rest[line_start..start];
        let after = &rest[start + MARKER.len()..];
        let close = after.find(");").ok_or("a verbatim marker is not closed by `);`")?;
        let id: u64 = after[..close].trim().parse().map_err(|_| "a verbatim marker lost its number")?;
        let text = texts.get(&id).ok_or("a verbatim marker names no text of this file")?;
        for line in text.split_inclusive('\n') {
            if line != "\n" {
                out.push_str(indent);
            }
            out.push_str(line);
        }
        let tail = &after[close + 2..];
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
        assert!(splice("__cloudspec_verbatim__!(7\n").is_err());
        assert!(splice("__cloudspec_verbatim__!(18446744073709551615);\n").is_err(), "no such text");
    }

    #[test]
    fn texts_of_a_failed_emission_are_forgotten_by_the_next_file() {
        let _abandoned = item("struct Abandoned;\n");
        let kept = item("struct Kept;\n");
        assert_eq!(format(quote!(#kept)), "struct Kept;\n");
        TEXTS.with(|texts| assert!(texts.borrow().is_empty()));
    }
}
