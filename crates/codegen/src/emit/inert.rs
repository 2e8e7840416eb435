//! Spec text made inert, one rule per output context. Spec files are untrusted input (copied
//! from vendor pages, sent by contributors), and what they say must reach the generated crate
//! as data only: never as TOML keys, Rust items, doctests or raw HTML. Every emitter that writes
//! spec text goes through one of these functions.
//!
//! | context | function | guarantee |
//! |---|---|---|
//! | TOML value | [`toml_string`] | a TOML basic string that decodes to the input |
//! | Rust string literal | [`rust_string`] | a literal that decodes to the input |
//! | `//` or `#` comment | [`comment_text`] | one line, controls written as escapes |
//! | rustdoc prose | [`doc_text`] | Markdown that opens no code block and no raw HTML |
//! | rustdoc inline code | [`code_span`] | one code span on one line, holding the input |
//! | Markdown table cell | [`table_cell`] | [`doc_text`] on one line, `|` escaped |
//!
//! Characters no context can show safely (bidirectional controls, other control characters)
//! are refused earlier, by `lint` (`spec::text`); the functions here stay inert even for them.

use std::fmt::Write;

pub use cloudspec_spec::chars::{comment_text, control_picture, is_bidi_control, is_refused};

/// A TOML basic string (with its quotes) holding `text`: `"` and `\` escaped, every control
/// character written as an escape, so the value cannot end early or span lines.
pub fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Rust string literal (with its quotes) holding `text`. `Debug` of a `str` escapes quotes,
/// backslashes, control and non-printable characters, so the result is a valid literal whatever
/// the text; raw strings are never built from spec text.
pub fn rust_string(text: &str) -> String {
    format!("{text:?}")
}

/// A Rust string literal holding `text` that reads well in a doctest: a raw string when the
/// text has quotes and fits on one line, with one more `#` than the longest `"#…` run inside (so
/// the text cannot close it), else [`rust_string`]. Control characters always take the escaped
/// form: a raw string would carry them (a line break among them) into the doc comment.
pub fn readable_rust_string(text: &str) -> String {
    if !text.contains('"') || text.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return rust_string(text);
    }
    let longest = text
        .split('"')
        .skip(1)
        .map(|after| after.chars().take_while(|&c| c == '#').count())
        .max()
        .unwrap_or(0);
    let hashes = "#".repeat(longest + 1);
    format!("r{hashes}\"{text}\"{hashes}")
}

/// Vendor prose as rustdoc Markdown, line by line. It keeps what prose needs (paragraphs, lists,
/// emphasis, `[text](https://…)` links, inline code) and can never start a code block, which
/// rustdoc would compile and run as a doctest, nor raw HTML:
/// - each line is trimmed and its runs of spaces and tabs become one space, so no line is
///   indented (an indented code block needs four columns, also inside a list item or quote);
/// - backticks and tildes in a run of three or more are escaped, so no fence can open;
/// - `<`, `[`, `]`, `\` and an `&` that could start an entity are escaped, so no HTML tag,
///   intra-doc link or entity is read from the text;
/// - `http(s)://` URLs become autolinks; links are kept only when they point to `http(s)://`.
///
/// Decoding: removing each `\` that precedes ASCII punctuation and the `<`/`>` around autolinks
/// gives back the input, trimmed and with its blank runs collapsed, line by line.
pub fn doc_text(text: &str) -> String {
    let lines: Vec<String> = text.split('\n').map(|line| doc_line(&collapse_blanks(line))).collect();
    lines.join("\n")
}

/// One line of prose: trimmed, with every run of blanks made one space.
fn collapse_blanks(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for word in line.split(is_blank).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The characters Markdown counts as indentation or that split words on one line.
fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\u{b}' | '\u{c}')
}

fn doc_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while !rest.is_empty() {
        if let Some((text, target, len)) = markdown_link(rest) {
            out.push('[');
            escape_inline(&mut out, text, None);
            out.push_str("](");
            out.push_str(target);
            out.push(')');
            rest = &rest[len..];
        } else if let Some(url) = url_at(rest) {
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
        } else {
            // Up to the next place a link or URL may start; `[` and `h` start one.
            let first = rest.chars().next().map_or(0, char::len_utf8);
            let next = rest[first..].find(['[', 'h']).map_or(rest.len(), |i| i + first);
            escape_inline(&mut out, &rest[..next], rest[next..].chars().next());
            rest = &rest[next..];
        }
    }
    out
}

/// A `http(s)://` URL at the start of `text`, without trailing sentence punctuation.
fn url_at(text: &str) -> Option<&str> {
    if !(text.starts_with("http://") || text.starts_with("https://")) {
        return None;
    }
    let end = text
        .find(|c: char| {
            c.is_whitespace() || c.is_control() || matches!(c, ')' | '<' | '>' | '"' | '`' | '\\')
        })
        .unwrap_or(text.len());
    let url = text[..end].trim_end_matches(['.', ',', ';', ':']);
    let scheme = if text.starts_with("https") { "https://".len() } else { "http://".len() };
    (url.len() > scheme).then_some(url)
}

/// A Markdown link `[text](target)` at the start of `text` whose target is a plain `http(s)`
/// URL: its text, its target and its byte length.
fn markdown_link(text: &str) -> Option<(&str, &str, usize)> {
    let inner = text.strip_prefix('[')?;
    let close = inner.find(']')?;
    let label = &inner[..close];
    if label.contains('[') {
        return None;
    }
    let after = inner[close + 1..].strip_prefix('(')?;
    let end = after.find(')')?;
    let target = &after[..end];
    let plain_url = url_at(target).is_some_and(|url| url.len() == target.len());
    if !plain_url || target.contains('(') {
        return None;
    }
    Some((label, target, 1 + close + 2 + end + 1))
}

/// Plain text with every character that could open a block, tag, link or entity escaped;
/// `following` is the character after `text`, which decides whether an `&` starts an entity.
fn escape_inline(out: &mut String, text: &str, following: Option<char>) {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '`' | '~' => {
                let run = chars[i..].iter().take_while(|&&d| d == c).count();
                for _ in 0..run {
                    if run >= 3 {
                        out.push('\\');
                    }
                    out.push(c);
                }
                i += run;
                continue;
            }
            '[' | ']' | '<' => out.push('\\'),
            '&' if chars
                .get(i + 1)
                .copied()
                .or(following)
                .is_some_and(|n| n.is_ascii_alphanumeric() || n == '#') =>
            {
                out.push('\\')
            }
            // A backslash could escape what follows it, which may be an escape of ours.
            '\\' => out.push('\\'),
            _ => {}
        }
        out.push(c);
        i += 1;
    }
}

/// `text` as one Markdown code span on one line, shown exactly: the backtick fence is longer
/// than any run of backticks inside, and control characters (line breaks among them) are shown
/// as their Unicode control pictures (`␊` for a line feed), so the span cannot end the line.
/// Empty text, which no code span can hold, is written `(empty)`.
pub fn code_span(text: &str) -> String {
    if text.is_empty() {
        return "(empty)".to_owned();
    }
    let content: String = text.chars().map(control_picture).collect();
    let longest_run = content.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    // CommonMark strips one space at each end when both are there, and a backtick at an end
    // would merge with the fence: a space on each side keeps the content as it is.
    let all_spaces = content.chars().all(|c| c == ' ');
    let pad = content.starts_with('`')
        || content.ends_with('`')
        || (!all_spaces && content.starts_with(' ') && content.ends_with(' '));
    let space = if pad { " " } else { "" };
    format!("{fence}{space}{content}{space}{fence}")
}

/// A URL from a spec as rustdoc: an autolink when it is one plain `http(s)` URL, otherwise the
/// text as prose (which `lint` refuses for a `docs` key, but stays inert here).
pub fn url_link(url: &str) -> String {
    match url_at(url) {
        Some(plain) if plain.len() == url.len() => format!("<{url}>"),
        _ => doc_text(&url.replace(['\n', '\r'], " ")),
    }
}

/// A URL as a Markdown link target (`[text](target)`): itself when it is one plain `http(s)`
/// URL, else empty, since no other text can be a target without breaking out of the link.
pub fn link_target(url: &str) -> String {
    match url_at(url) {
        Some(plain) if plain.len() == url.len() => url.to_owned(),
        _ => String::new(),
    }
}

/// Text for a cell of a Markdown table: [`doc_text`] on one line (line breaks become spaces),
/// with `|` escaped so the cell cannot end early.
pub fn table_cell(text: &str) -> String {
    let one_line = text.replace(['\n', '\r'], " ");
    doc_text(&one_line).replace('|', "\\|")
}

// ---------------------------------------------------------------------------------------------
// Final text for the annotated model. The model that templates print holds only values of the
// types below, and only this module can make them: a value from a spec reaches the model through
// one of the escaping functions above, or it does not compile. Generator text joins them through
// `rustdoc!` and `rust!`, whose arguments must already be final text (or numbers).

macro_rules! final_text {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
    };
}

final_text!(
    /// Rustdoc Markdown: vendor prose through [`doc_text`], code spans, table cells, links, and
    /// generator text joined by `rustdoc!`. It may span lines; [`doc_lines`] cuts it into comment
    /// lines.
    Doc
);
final_text!(
    /// The text of one `///` or `//!` line after the slashes: empty, or a space and the text.
    DocLine
);
final_text!(
    /// A Rust string literal, quotes included ([`rust_string`], [`readable_rust_string`]).
    Lit
);
final_text!(
    /// Text for a one-line `//` or `#` comment ([`comment_text`]).
    Comment
);
final_text!(
    /// A TOML basic string, quotes included ([`toml_string`]).
    Toml
);
final_text!(
    /// A Rust identifier (names the IR derived: ASCII letters, digits and `_`).
    Ident
);
final_text!(
    /// A package or feature name the generator derived (ASCII letters, digits, `-` and `_`): a
    /// bare TOML key, and safe inside any string literal or code span.
    Slug
);
final_text!(
    /// Rust source the generator wrote (a type, a path, an expression) from identifiers,
    /// literals and numbers, through `rust!`; never from spec text.
    Code
);

/// An identifier from a name the IR derived. The IR only derives identifiers (`ir::names`);
/// any other character still becomes `_` here, so an identifier can never carry code.
pub fn ident(name: &str) -> Ident {
    if name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') && !name.is_empty() {
        return Ident(name.to_owned());
    }
    let cleaned: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    Ident(if cleaned.is_empty() { "_".to_owned() } else { cleaned })
}

/// A package or feature name the generator derived; any other character becomes `-`.
pub fn slug(name: &str) -> Slug {
    Slug(name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' }).collect())
}

/// Vendor prose as rustdoc ([`doc_text`]).
pub fn prose(text: &str) -> Doc {
    Doc(doc_text(text))
}

/// Inline code in rustdoc ([`code_span`]).
pub fn code(text: &str) -> Doc {
    Doc(code_span(text))
}

/// A Markdown table cell ([`table_cell`]).
pub fn cell(text: &str) -> Doc {
    Doc(table_cell(text))
}

/// A URL as rustdoc ([`url_link`]).
pub fn link(url: &str) -> Doc {
    Doc(url_link(url))
}

/// A URL as a Markdown link target ([`link_target`]); empty when it is not a plain URL.
pub fn target(url: &str) -> Doc {
    Doc(link_target(url))
}

/// A Rust string literal ([`rust_string`]).
pub fn lit(text: &str) -> Lit {
    Lit(rust_string(text))
}

/// A Rust string literal that reads well in a doctest ([`readable_rust_string`]).
pub fn readable_lit(text: &str) -> Lit {
    Lit(readable_rust_string(text))
}

/// A float as a Rust literal (`1.0`, `2.5`, `1e300`): `Debug` always writes a point or an
/// exponent.
pub fn float(value: f64) -> Code {
    Code(format!("{value:?}"))
}

/// A JSON document as the tokens of `serde_json::json!`, when its text is also valid Rust: a
/// JSON string escape Rust lacks (`\u0000`, `\b`, `\f`) would not compile, and gives `None`.
/// serde_json prints every string escaped, so the text holds no unbalanced delimiter.
pub fn json_tokens(value: &serde_json::Value) -> Option<Code> {
    let json = value.to_string();
    let foreign_escape = json.contains("\\u") || json.contains("\\b") || json.contains("\\f");
    (!foreign_escape).then_some(Code(json))
}

/// Comment text ([`comment_text`]).
pub fn comment(text: &str) -> Comment {
    Comment(comment_text(text))
}

/// A TOML basic string ([`toml_string`]).
pub fn toml(text: &str) -> Toml {
    Toml(toml_string(text))
}

impl Doc {
    /// Whether the text holds nothing but blanks.
    pub fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }

    /// Generator text with no value in it.
    pub fn fixed(text: &'static str) -> Doc {
        Doc(text.to_owned())
    }

    /// `parts` with `separator` between them.
    pub fn joined(parts: &[Doc], separator: &'static str) -> Doc {
        let texts: Vec<&str> = parts.iter().map(Doc::as_str).collect();
        Doc(texts.join(separator))
    }

    /// Only for `rustdoc!`, whose arguments are final text or numbers.
    #[doc(hidden)]
    pub fn composed(text: std::fmt::Arguments<'_>) -> Doc {
        Doc(text.to_string())
    }

    /// `self` with its outer blanks trimmed (a paragraph of [`paragraphs`]).
    fn trimmed(&self) -> Doc {
        Doc(self.0.trim().to_owned())
    }
}

impl Code {
    /// Generator text with no value in it.
    pub fn fixed(text: &'static str) -> Code {
        Code(text.to_owned())
    }

    /// No text (an optional piece left out).
    pub fn empty() -> Code {
        Code(String::new())
    }

    /// `parts` with `separator` between them.
    pub fn joined(parts: &[Code], separator: &'static str) -> Code {
        let texts: Vec<&str> = parts.iter().map(Code::as_str).collect();
        Code(texts.join(separator))
    }

    /// Only for `rust!`, whose arguments are final text or numbers.
    #[doc(hidden)]
    pub fn composed(text: std::fmt::Arguments<'_>) -> Code {
        Code(text.to_string())
    }
}

/// What `rustdoc!` accepts as an argument: text already final for rustdoc, and numbers.
pub trait DocPart {
    fn doc_part(&self) -> &dyn std::fmt::Display;
}

/// What `rust!` accepts as an argument: Rust source already final, and numbers.
pub trait CodePart {
    fn code_part(&self) -> &dyn std::fmt::Display;
}

/// Wraps an argument of `rustdoc!` / `rust!` so that only the types above are accepted.
#[doc(hidden)]
pub struct DocArg<'a, T: DocPart + ?Sized>(pub &'a T);
#[doc(hidden)]
pub struct CodeArg<'a, T: CodePart + ?Sized>(pub &'a T);

impl<T: DocPart + ?Sized> std::fmt::Display for DocArg<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.doc_part().fmt(f)
    }
}

impl<T: CodePart + ?Sized> std::fmt::Display for CodeArg<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.code_part().fmt(f)
    }
}

impl std::fmt::Display for Doc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::fmt::Display for Ident {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::fmt::Display for Slug {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::fmt::Display for Lit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl DocPart for Doc {
    fn doc_part(&self) -> &dyn std::fmt::Display {
        self
    }
}
/// An identifier reads the same in prose (it holds no Markdown character but `_`, which needs
/// a word around it to emphasize anything).
impl DocPart for Ident {
    fn doc_part(&self) -> &dyn std::fmt::Display {
        self
    }
}
impl DocPart for Slug {
    fn doc_part(&self) -> &dyn std::fmt::Display {
        self
    }
}
impl CodePart for Code {
    fn code_part(&self) -> &dyn std::fmt::Display {
        self
    }
}
impl CodePart for Ident {
    fn code_part(&self) -> &dyn std::fmt::Display {
        self
    }
}
impl CodePart for Lit {
    fn code_part(&self) -> &dyn std::fmt::Display {
        self
    }
}
macro_rules! numbers_are_final {
    ($($t:ty),*) => {$(
        impl DocPart for $t {
            fn doc_part(&self) -> &dyn std::fmt::Display {
                self
            }
        }
        impl CodePart for $t {
            fn code_part(&self) -> &dyn std::fmt::Display {
                self
            }
        }
    )*};
}
numbers_are_final!(u16, u32, u64, usize, i64, f64);

/// Rustdoc from a format string (generator text) and final-text arguments.
macro_rules! rustdoc {
    ($fmt:literal $(, $arg:expr)* $(,)?) => {
        $crate::emit::inert::Doc::composed(format_args!($fmt $(, $crate::emit::inert::DocArg(&$arg))*))
    };
}
pub(crate) use rustdoc;

/// Rust source from a format string (generator text) and final-text arguments.
macro_rules! rust {
    ($fmt:literal $(, $arg:expr)* $(,)?) => {
        $crate::emit::inert::Code::composed(format_args!($fmt $(, $crate::emit::inert::CodeArg(&$arg))*))
    };
}
pub(crate) use rust;

/// Blank-line-separated paragraphs, skipping blank ones.
pub fn paragraphs(parts: Vec<Doc>) -> Vec<Doc> {
    let mut lines = Vec::new();
    for part in parts.into_iter().filter(|p| !p.is_blank()) {
        if !lines.is_empty() {
            lines.push(Doc(String::new()));
        }
        lines.push(part.trimmed());
    }
    lines
}

/// The comment lines of rustdoc `docs`: each line of each text, trailing blanks trimmed, a
/// blank line empty. A carriage return alone cannot be in a doc comment (it ends it for some
/// readers), so it becomes a space.
pub fn doc_lines(docs: &[Doc]) -> Vec<DocLine> {
    let mut out = Vec::new();
    for doc in docs {
        let text = doc.as_str();
        if text.trim().is_empty() {
            out.push(DocLine(String::new()));
            continue;
        }
        for part in text.lines() {
            let part = part.trim_end();
            let part = if part.contains('\r') { part.replace('\r', " ") } else { part.to_owned() };
            out.push(DocLine(if part.is_empty() { String::new() } else { format!(" {part}") }));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_keeps_links_and_escapes_what_opens_blocks() {
        assert_eq!(doc_text("see https://x.com/a. [1]"), "see <https://x.com/a>. \\[1\\]");
        assert_eq!(doc_text("see [FlowSpec](https://x.com/a) now"), "see [FlowSpec](https://x.com/a) now");
        assert_eq!(doc_text("a [b] (c)"), "a \\[b\\] (c)");
        assert_eq!(doc_text("httpd"), "httpd");
        assert_eq!(doc_text("```rust\nx\n```"), "\\`\\`\\`rust\nx\n\\`\\`\\`");
        assert_eq!(doc_text("    fn main() {}"), "fn main() {}");
        assert_eq!(doc_text("- a\n\n      b"), "- a\n\nb");
        assert_eq!(doc_text("<script>&amp; \\<"), "\\<script>\\&amp; \\\\\\<");
        assert_eq!(doc_text("\\d é[x]"), "\\\\d é\\[x\\]");
        assert_eq!(doc_text("[x](javascript:alert)"), "\\[x\\](javascript:alert)");
        assert_eq!(doc_text("`code` and ``two``"), "`code` and ``two``");
    }

    #[test]
    fn code_spans_hold_any_text_on_one_line() {
        assert_eq!(code_span("a"), "`a`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`a"), "`` `a ``");
        assert_eq!(code_span("a\n\n    b"), "`a␊␊    b`");
        assert_eq!(code_span(""), "(empty)");
    }

    #[test]
    fn toml_strings_escape_quotes_and_controls() {
        assert_eq!(toml_string("a\"b\\c\nd\u{0}"), "\"a\\\"b\\\\c\\nd\\u0000\"");
    }

    #[test]
    fn raw_strings_count_their_hashes() {
        assert_eq!(readable_rust_string("{\"a\": 1}"), "r#\"{\"a\": 1}\"#");
        assert_eq!(readable_rust_string("\"#\"##"), "r###\"\"#\"##\"###");
        assert_eq!(readable_rust_string("a\n\"#"), "\"a\\n\\\"#\"");
    }

    #[test]
    fn comments_stay_on_one_line() {
        assert_eq!(comment_text("a\nfn x() {}\u{202e}"), "a\\u{a}fn x() {}\\u{202e}");
    }
}
