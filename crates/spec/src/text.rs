//! Spec text the generator cannot show inertly, refused by `lint` with a located diagnostic.
//!
//! The emitter makes every string inert for its output context (cloudspec-codegen's escaping
//! layer, `emit::inert`), but some text has no faithful inert form: bidirectional controls
//! reorder how the code around them reads (rustc rejects them in literals and comments), and
//! other control characters are either rejected by rustc in doc comments or invisible to
//! reviewers. Names that reach generated code as more than text are checked too: header names
//! must be HTTP tokens, and endpoint placeholders become builder methods that must not collide
//! with the builder's own.
//!
//! The text rule is generic: each file is read again as plain YAML and every key and string in
//! it is checked, so a slot added to the spec format later is covered without a change here.

use serde_json::Value;

use super::find::{self, Step};
use super::load::ServiceSource;
use super::located::{Located, Pos};
use super::model::{FieldSpec, Location};
use crate::chars::{control_picture, is_bidi_control, is_refused};
use crate::diagnostic::{Diagnostic, Diagnostics, SourceFile};
use crate::names;

/// Every check of this module for one service and its operations.
pub fn check_service(source: &ServiceSource, diagnostics: &mut Diagnostics) {
    check_names(source, diagnostics);
    check_strings(&source.file, diagnostics);
    // The provider file is checked with each of its services; `Diagnostics::sorted` keeps one
    // copy of each problem.
    if let Some(shared) = &source.shared {
        check_strings(&shared.file, diagnostics);
    }
    for op in &source.operations {
        check_strings(&op.file, diagnostics);
        for fields in [&op.spec.input.fields, &op.spec.output.fields] {
            for (key, field) in fields.iter() {
                check_header_name(&op.file, key, field, diagnostics);
            }
        }
        for (key, field) in op.spec.input.fields.iter() {
            check_header_not_transport_owned(&op.file, key, field, diagnostics);
        }
    }
    check_endpoint_placeholders(source, diagnostics);
}

/// A file or folder name is shown in every generated file's header: one with a control or
/// bidirectional character is refused rather than shown escaped, since no author means it.
fn check_names(source: &ServiceSource, diagnostics: &mut Diagnostics) {
    let first_line = Pos { line: 1, column: 1, offset: 0, len: 0 };
    let folders = [("provider folder", &source.provider_dir), ("service folder", &source.service_dir)];
    for (what, name) in folders {
        if let Some(c) = name.chars().find(|&c| bad_in_name(c)) {
            diagnostics.push(name_diagnostic(&source.file, first_line, what, name, c));
        }
    }
    for op in &source.operations {
        let file_name = op.file.name.rsplit('/').next().unwrap_or_default();
        if let Some(c) = file_name.chars().find(|&c| bad_in_name(c)) {
            diagnostics.push(name_diagnostic(&op.file, first_line, "file name", file_name, c));
        }
    }
}

fn bad_in_name(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

fn name_diagnostic(file: &SourceFile, pos: Pos, what: &str, name: &str, c: char) -> Diagnostic {
    Diagnostic::new(file, pos, format!("the {what} {name:?} holds {}", describe(c)))
        .label(format!("{what} with a {}", kind(c)))
        .hint("rename it: names of spec files and folders are written into every generated file's header")
}

/// Every key and string value of the file, wherever it is, read again as plain YAML.
fn check_strings(file: &SourceFile, diagnostics: &mut Diagnostics) {
    if !may_hold_refused(&file.text) {
        return;
    }
    // The typed parse succeeded, so this one does too; if it did not, there is nothing to add.
    let Ok(document) = serde_saphyr::from_str_with_options::<Value>(&file.text, super::load::options())
    else {
        return;
    };
    let root = document_start(&file.text);
    let mut path = Vec::new();
    walk(&document, &mut path, &mut |path, text, is_key| {
        if let Some(c) = text.chars().find(|&c| is_refused(c)) {
            let pos = position(file, root, path, is_key, c);
            let shown = shown_path(path);
            diagnostics.push(
                Diagnostic::new(file, pos, format!("{} in {shown}", describe(c)))
                    .label(format!("{} here", kind(c)))
                    .hint(hint(c)),
            );
        }
    });
}

/// Whether any string of the YAML `text` can hold a refused character: YAML gets one only from
/// the text itself or from an escape of a double-quoted scalar (`\0`, `\a`, `\b`, `\e`, `\f`,
/// `\v`, `\N`, `\x..`, `\u....`, `\U........`). Most files have neither, and a scan is much
/// cheaper than parsing them a second time (measured: parsing every file twice made `lint` of a
/// 2,000-operation tree half again as slow).
///
/// The scan goes byte by byte (every spec is mostly ASCII, which needs no decoding) and decodes
/// a character only where a non-ASCII one starts.
fn may_hold_refused(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Printable ASCII and line feeds (never refused) are skipped in a tight loop first: they
    // are nearly every byte of a spec, and this runs over every file.
    let plain = |b: &u8| matches!(b, b' '..=b'[' | b']'..=b'~' | b'\n');
    bytes.iter().enumerate().filter(|(_, b)| !plain(b)).any(|(i, &b)| match b {
        b'\\' => bytes.get(i + 1).is_some_and(|next| b"0abefvNxuU".contains(next)),
        b' '..=b'~' => false,
        0x80.. => text.is_char_boundary(i) && text[i..].chars().next().is_some_and(is_refused),
        _ => is_refused(char::from(b)),
    })
}

fn walk(value: &Value, path: &mut Vec<Step>, visit: &mut impl FnMut(&[Step], &str, bool)) {
    match value {
        Value::String(text) => visit(path, text, false),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Step::Index(i));
                walk(item, path, visit);
                path.pop();
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                path.push(Step::Key(key.clone()));
                visit(path, key, true);
                walk(item, path, visit);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The offset of the document's root node: its first line that is not blank, a comment or a
/// document marker.
fn document_start(text: &str) -> Pos {
    let mut offset = 0;
    for (i, line) in text.split('\n').enumerate() {
        let trimmed = line.trim_start();
        if !(trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with("---")) {
            let column = line.len() - trimmed.len();
            return Pos { line: i as u64 + 1, column: column as u64 + 1, offset: offset + column, len: 0 };
        }
        offset += line.len() + 1;
    }
    Pos { line: 1, column: 1, offset: 0, len: 0 }
}

/// Where the refused character is: the character itself when the text has it as written (not
/// as an escape such as `"\u202E"`) in the node's text, else the node.
fn position(file: &SourceFile, root: Pos, path: &[Step], is_key: bool, c: char) -> Pos {
    let node = find::locate(&file.text, root, path, !is_key).unwrap_or(root);
    let text = &file.text;
    let written = text.get(node.offset..).and_then(|rest| {
        // Within the node's lines: up to the next line indented no further than the node.
        let end = rest.find("\n").map_or(rest.len(), |first| {
            let indent = node.column as usize - 1;
            rest[first + 1..]
                .split_inclusive('\n')
                .scan(first + 1, |at, line| {
                    let start = *at;
                    *at += line.len();
                    Some((start, line))
                })
                .find(|(_, line)| {
                    let content = line.trim_start_matches(' ');
                    !content.trim().is_empty() && line.len() - content.len() <= indent
                })
                .map_or(rest.len(), |(start, _)| start)
        });
        rest[..end].find(c)
    });
    match written {
        Some(at) => find::pos_at(text, node, node.offset + at, c.len_utf8()),
        None => node,
    }
}

fn shown_path(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&key.chars().map(control_picture).collect::<String>());
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    if out.is_empty() { "the document".to_owned() } else { format!("`{out}`") }
}

fn describe(c: char) -> String {
    let name = match c {
        '\u{202A}' => " (LEFT-TO-RIGHT EMBEDDING)",
        '\u{202B}' => " (RIGHT-TO-LEFT EMBEDDING)",
        '\u{202C}' => " (POP DIRECTIONAL FORMATTING)",
        '\u{202D}' => " (LEFT-TO-RIGHT OVERRIDE)",
        '\u{202E}' => " (RIGHT-TO-LEFT OVERRIDE)",
        '\u{2066}' => " (LEFT-TO-RIGHT ISOLATE)",
        '\u{2067}' => " (RIGHT-TO-LEFT ISOLATE)",
        '\u{2068}' => " (FIRST STRONG ISOLATE)",
        '\u{2069}' => " (POP DIRECTIONAL ISOLATE)",
        '\u{200E}' => " (LEFT-TO-RIGHT MARK)",
        '\u{200F}' => " (RIGHT-TO-LEFT MARK)",
        '\u{061C}' => " (ARABIC LETTER MARK)",
        _ => "",
    };
    format!("{} U+{:04X}{name}", kind(c), c as u32)
}

fn kind(c: char) -> &'static str {
    if is_bidi_control(c) { "bidirectional control character" } else { "control character" }
}

fn hint(c: char) -> &'static str {
    if is_bidi_control(c) {
        "delete it: it changes how the text around it is displayed, so what reviewers read is not \
         what is generated (paste the page's text without direction marks)"
    } else {
        "delete it: spec text may hold tabs and line breaks, but no other control character"
    }
}

/// A header field's name is sent as an HTTP header name: RFC 9110 allows only token characters.
fn check_header_name(
    file: &SourceFile,
    key: &Located<String>,
    field: &Located<FieldSpec>,
    diagnostics: &mut Diagnostics,
) {
    if field.location.as_ref().map(|l| l.value) != Some(Location::Header) {
        return;
    }
    let name = &key.value;
    if name.is_empty() || !name.chars().all(is_tchar) {
        let shown: String = name.chars().map(control_picture).collect();
        diagnostics.push(
            Diagnostic::new(file, key.pos, format!("`{shown}` is not an HTTP header name"))
                .label("not an HTTP token")
                .hint(
                    "a header name is letters, digits and !#$%&'*+-.^_`|~ (RFC 9110 token); copy it from \
                     the page without spaces, colons or quotes",
                ),
        );
    }
}

/// The request headers the runtime's transport sets itself: signing, credentials and each
/// protocol's operation headers. The transport refuses a call that carries one of them
/// (`cloudspec_runtime::RESERVED_HEADERS`; a test keeps the two lists equal), so a request field
/// of that name is refused here, where the spec can still be fixed.
pub const TRANSPORT_HEADERS: &[&str] = &[
    "authorization",
    "host",
    "content-type",
    "content-length",
    "x-tc-action",
    "x-tc-version",
    "x-tc-region",
    "x-tc-timestamp",
    "x-tc-token",
    "x-tc-content-sha256",
    "x-acs-action",
    "x-acs-version",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-content-sha256",
    "x-acs-security-token",
    "x-sdk-date",
    "x-sdk-content-sha256",
    "x-security-token",
    "x-project-id",
    "x-auth-token",
    "date",
    "x-content-sha256",
];

/// A request header field may not be one the transport sets (signing, credentials, the
/// protocol's operation headers): the value a caller gave would change what is signed or whom
/// the request claims to come from.
fn check_header_not_transport_owned(
    file: &SourceFile,
    key: &Located<String>,
    field: &Located<FieldSpec>,
    diagnostics: &mut Diagnostics,
) {
    if field.location.as_ref().map(|l| l.value) != Some(Location::Header) {
        return;
    }
    if TRANSPORT_HEADERS.iter().any(|owned| owned.eq_ignore_ascii_case(&key.value)) {
        diagnostics.push(
            Diagnostic::new(file, key.pos, format!("`{}` is a header the client sets itself", key.value))
                .label("set by the transport")
                .hint(
                    "signing, credentials and the protocol's operation headers are written by the runtime \
                     for every call; remove the field (a page that lists it describes what the SDK sends)",
                ),
        );
    }
}

/// RFC 9110 `tchar`.
pub fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

/// Methods of every service's `ClientBuilder` (those `templates/rust/service.rs.j2` writes for
/// every service, and the credential setters): a placeholder's setter may take none of them.
const BUILDER_METHODS: &[&str] = &[
    "endpoint",
    "credentials_provider",
    "credentials_cache",
    "allow_insecure_http",
    "add_root_certificate",
    "http_client",
    "timeout",
    "read_timeout",
    "connect_timeout",
    "max_response_bytes",
    "retry",
    "rate_limit",
    "interceptor",
    "build",
    "credentials",
    "region",
    "endpoint_param",
    "auth",
];

/// Each `{name}` of the endpoint template becomes a builder method `name` (snake_case); it must
/// be a plain name, and no two placeholders and no builder method may share a method.
fn check_endpoint_placeholders(source: &ServiceSource, diagnostics: &mut Diagnostics) {
    let url = &source.spec.endpoint.url;
    let file = &source.file;
    let mut seen: Vec<(String, String)> = Vec::new();
    let mut rest = url.value.as_str();
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let placeholder = &after[..close];
        rest = &after[close + 1..];
        let pos = placeholder_pos(file, url, placeholder);
        let method = names::field_name(placeholder);
        let plain = placeholder.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && placeholder.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        let problem = if !plain {
            Some((
                format!("endpoint placeholder `{{{}}}` is not a plain name", shown(placeholder)),
                "not a name".to_owned(),
                "placeholders are ASCII letters, digits and `_`, e.g. `{region}` or `{domain_id}`".to_owned(),
            ))
        } else if let Some((other, _)) = seen.iter().find(|(_, m)| *m == method) {
            Some((
                format!(
                    "endpoint placeholders `{{{other}}}` and `{{{placeholder}}}` both become the builder method `{method}`"
                ),
                "same method as an earlier placeholder".to_owned(),
                "use each placeholder once, spelled one way".to_owned(),
            ))
        } else if placeholder != "region" && BUILDER_METHODS.contains(&method.as_str()) {
            Some((
                format!(
                    "endpoint placeholder `{{{placeholder}}}` collides with the client builder's own method `{method}`"
                ),
                "generated method name".to_owned(),
                format!(
                    "rename the placeholder (e.g. `{{{placeholder}_value}}`); the builder already has `{method}`"
                ),
            ))
        } else {
            None
        };
        if let Some((message, label, hint)) = problem {
            diagnostics.push(Diagnostic::new(file, pos, message).label(label).hint(hint));
        }
        seen.push((placeholder.to_owned(), method));
    }
}

fn shown(text: &str) -> String {
    text.chars().map(control_picture).collect()
}

/// The position of `{placeholder}` inside the endpoint's URL scalar, or of the URL.
fn placeholder_pos(file: &SourceFile, url: &Located<String>, placeholder: &str) -> Pos {
    let needle = format!("{{{placeholder}}}");
    let text = &file.text;
    let scalar_end =
        text[url.pos.offset.min(text.len())..].find('\n').map_or(text.len(), |i| url.pos.offset + i);
    match text.get(url.pos.offset..scalar_end).and_then(|s| s.find(&needle)) {
        Some(at) => find::pos_at(text, url.pos, url.pos.offset + at, needle.len()),
        None => url.pos,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The character-by-character reading the byte scan replaced: both must agree.
    fn by_chars(text: &str) -> bool {
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if is_refused(c) || (c == '\\' && chars.peek().is_some_and(|n| "0abefvNxuU".contains(*n))) {
                return true;
            }
        }
        false
    }

    #[test]
    fn byte_scan_agrees_with_the_character_reading() {
        let cases = [
            "plain: text\n",
            "tab:\tand\r\nnewlines\n",
            "bell: \u{7}\n",
            "delete: \u{7f}\n",
            "escape: \"\\x41\"\n",
            "escape at the end: \\",
            "backslash then letter: \\q \\n\n",
            "bidi: a\u{202e}b\n",
            "isolate: \u{2066}x\u{2069}\n",
            "next line: \u{85}\n",
            "accents: éàü 中文 😀\n",
            "c1 control: \u{9b}\n",
            "",
        ];
        for text in cases {
            assert_eq!(may_hold_refused(text), by_chars(text), "{text:?}");
        }
        assert!(may_hold_refused("bidi: a\u{202e}b"));
        assert!(!may_hold_refused("accents: éàü 中文 😀\n"));
    }
}
