//! Finding YAML nodes in a spec's text without parsing it again.
//!
//! The model keeps the positions of the nodes it declares (`Located`), but not of what is inside
//! an example document or of plain attribute values. Diagnostics about those are pointed at the
//! right node by reading the text around a known position: flow collections (`{...}`, `[...]`)
//! by bracket depth, block collections by indentation. Everything here is a heuristic that never
//! fails loudly: when a node cannot be found, callers keep the position they had.

use super::located::Pos;

/// One step of a path into a document: a mapping key or a list index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// Splits a path as example checks write it (`request.parts[1].count`) into steps.
pub fn steps(path: &str) -> Vec<Step> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Step::Key(key.to_owned()));
        }
        while let Some(inner) = rest.strip_prefix('[') {
            let Some(close) = inner.find(']') else { break };
            match inner[..close].parse() {
                Ok(index) => out.push(Step::Index(index)),
                Err(_) => break,
            }
            rest = &inner[close + 1..];
        }
    }
    out
}

/// The position of the node reached by following `path` from the node that starts at
/// `from.offset`, or of the deepest node of the path that could be found; `None` when not even
/// the first step is found. The last step shows its key, or with `value` its value when that is a
/// scalar (a collection is shown by its key, which is shorter).
pub fn locate(text: &str, from: Pos, path: &[Step], value: bool) -> Option<Pos> {
    let mut node = Span::node(text, from.offset)?;
    let mut found = None;
    for (i, step) in path.iter().enumerate() {
        let (shown, next) = match step {
            Step::Key(key) => match node.key(text, key) {
                Some((key_span, Some(value_span))) => {
                    let last = i + 1 == path.len();
                    let scalar =
                        !matches!(text.as_bytes()[value_span.start], b'{' | b'[' | b'-' | b'|' | b'>');
                    let shown = if last && value && scalar { value_span.scalar(text) } else { key_span };
                    (shown, Some(value_span))
                }
                Some((key_span, None)) => (key_span, None),
                None => break,
            },
            Step::Index(index) => match node.item(text, *index) {
                Some(item) => {
                    (if item.is_collection(text) { item.first(text) } else { item.scalar(text) }, Some(item))
                }
                None => break,
            },
        };
        found = Some(shown);
        match next {
            Some(next) => node = next,
            None => break,
        }
    }
    found.map(|span| pos_at(text, from, span.start, span.len()))
}

/// The position of `offset` (and `len` bytes from it), counting lines from a known position
/// before it rather than from the start of the file.
pub fn pos_at(text: &str, from: Pos, offset: usize, len: usize) -> Pos {
    let (base_offset, base_line) =
        if from.line >= 1 && from.offset <= offset && text.is_char_boundary(from.offset.min(text.len())) {
            let from_offset = from.offset.min(text.len());
            (text[..from_offset].rfind('\n').map_or(0, |i| i + 1), from.line)
        } else {
            (0, 1)
        };
    let Some(between) = text.get(base_offset..offset) else { return from };
    let line = base_line + between.matches('\n').count() as u64;
    let line_start = between.rfind('\n').map_or(base_offset, |i| base_offset + i + 1);
    let column = text[line_start..offset].chars().count() as u64 + 1;
    Pos { line, column, offset, len }
}

/// A byte range of the text holding one YAML node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: usize,
    end: usize,
}

impl Span {
    fn len(self) -> usize {
        self.end - self.start
    }

    /// The node starting at `start`: a flow collection to its closing bracket, anything else
    /// over the lines indented at least as far as it.
    fn node(text: &str, start: usize) -> Option<Span> {
        if start >= text.len() || !text.is_char_boundary(start) {
            return None;
        }
        let end = match text.as_bytes()[start] {
            b'{' | b'[' => flow_end(text, start),
            _ => block_end(text, start),
        };
        Some(Span { start, end })
    }

    fn is_collection(self, text: &str) -> bool {
        matches!(text.as_bytes()[self.start], b'{' | b'[') || self.looks_like_block_mapping(text)
    }

    fn looks_like_block_mapping(self, text: &str) -> bool {
        let line = text[self.start..].split('\n').next().unwrap_or("");
        line.contains(": ") || line.trim_end().ends_with(':')
    }

    /// Just the first character, to point at a collection without underlining all of it.
    fn first(self, text: &str) -> Span {
        let len = text[self.start..].chars().next().map_or(0, char::len_utf8);
        Span { start: self.start, end: self.start + len }
    }

    /// A scalar starting here: quoted to its closing quote, plain to the end of its value.
    fn scalar(self, text: &str) -> Span {
        let bytes = text.as_bytes();
        let end = if matches!(bytes[self.start], b'"' | b'\'') {
            quoted_end(bytes, self.start)
        } else {
            let rest = &text[self.start..self.end.max(self.start)];
            let end = rest.find([',', '}', ']', '\n']).unwrap_or(rest.len());
            let end = rest[..end].find(" #").unwrap_or(end);
            self.start + rest[..end].trim_end().len()
        };
        Span { start: self.start, end: end.max(self.start) }
    }

    /// The key `key` of this mapping and the span of its value (`None` if the value is empty).
    fn key(self, text: &str, key: &str) -> Option<(Span, Option<Span>)> {
        let flow = text.as_bytes()[self.start] == b'{';
        let indent = indent_of(text, self.start);
        let mut found = None;
        scan(text, self, |offset, depth| {
            if !text.is_char_boundary(offset) {
                return false;
            }
            // Keys of this mapping: at depth 1 inside `{...}`, or at its indentation in a block.
            let candidate = if flow {
                depth == 1
            } else {
                depth == 0 && (offset == self.start || at_line_start(text, offset, indent))
            };
            if candidate && let Some(key_span) = key_at(text, offset, key) {
                found = Some(key_span);
                return true;
            }
            false
        });
        let key_span = found?;
        Some((key_span, value_after(text, key_span.end, self.end)))
    }

    /// The `index`th item of this list.
    fn item(self, text: &str, index: usize) -> Option<Span> {
        let bytes = text.as_bytes();
        if bytes[self.start] == b'[' {
            let (mut current, mut looking, mut found) = (0, true, None);
            scan(text, self, |offset, depth| {
                if offset == self.start || depth == 0 {
                    return false;
                }
                let b = bytes[offset];
                if depth == 1 && b == b',' {
                    current += 1;
                    looking = true;
                } else if looking && !b.is_ascii_whitespace() && !(depth == 1 && b == b']') {
                    looking = false;
                    if current == index {
                        found = Some(offset);
                        return true;
                    }
                }
                false
            });
            return Span::node(text, found?);
        }
        // A block list: `- ` items at this node's indentation.
        let indent = indent_of(text, self.start);
        let mut seen = 0;
        let mut offset = line_start(text, self.start);
        while offset < self.end.min(text.len()) {
            let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
            let line = &text[offset..line_end];
            let content = line.trim_start();
            if line.len() - content.len() == indent && (content.starts_with("- ") || content == "-") {
                if seen == index {
                    let after_dash = &content[1..];
                    let item = offset + indent + 1 + (after_dash.len() - after_dash.trim_start().len());
                    return Span::node(text, item.min(line_end));
                }
                seen += 1;
            }
            offset = line_end + 1;
        }
        None
    }
}

/// Walks `span` calling `visit(offset, depth)` on every byte outside quoted scalars (and on each
/// opening quote), until it returns `true`. `depth` is the flow depth around the byte: a bracket
/// gets the depth outside it.
fn scan(text: &str, span: Span, mut visit: impl FnMut(usize, usize) -> bool) {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = span.start;
    while i < span.end.min(bytes.len()) {
        let b = bytes[i];
        match b {
            b'"' | b'\'' if starts_scalar(bytes, i) => {
                if visit(i, depth) {
                    return;
                }
                i = quoted_end(bytes, i);
                continue;
            }
            b'#' if i == 0 || bytes[i - 1].is_ascii_whitespace() => {
                // A comment runs to the end of the line.
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                continue;
            }
            b'{' | b'[' => {
                if visit(i, depth) {
                    return;
                }
                depth += 1;
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if visit(i, depth) {
                    return;
                }
            }
            _ => {
                if visit(i, depth) {
                    return;
                }
            }
        }
        i += 1;
    }
}

/// A quote starts a quoted scalar only where a scalar can start.
fn starts_scalar(bytes: &[u8], i: usize) -> bool {
    i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'{' | b'[' | b',' | b':' | b'-')
}

/// The offset just past the quoted scalar starting at `i`.
fn quoted_end(bytes: &[u8], i: usize) -> usize {
    let quote = bytes[i];
    let mut j = i + 1;
    while j < bytes.len() {
        match bytes[j] {
            b'\\' if quote == b'"' => j += 2,
            b if b == quote => {
                // `''` is an escaped quote in single-quoted scalars.
                if quote == b'\'' && bytes.get(j + 1) == Some(&b'\'') {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            _ => j += 1,
        }
    }
    bytes.len()
}

fn flow_end(text: &str, start: usize) -> usize {
    let mut end = text.len();
    scan(text, Span { start, end: text.len() }, |offset, depth| {
        let b = text.as_bytes()[offset];
        if depth == 0 && (b == b'}' || b == b']') {
            end = offset + 1;
            return true;
        }
        false
    });
    end
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// The column (in bytes) of `offset` within its line: the indentation of a node starting there.
fn indent_of(text: &str, offset: usize) -> usize {
    offset - line_start(text, offset)
}

/// Whether `offset` is the first node of its line at indentation `indent` (after `- ` markers).
fn at_line_start(text: &str, offset: usize, indent: usize) -> bool {
    let start = line_start(text, offset);
    let before = &text[start..offset];
    before.len() == indent && before.trim_start_matches([' ', '-']).is_empty()
}

fn block_end(text: &str, start: usize) -> usize {
    let indent = indent_of(text, start);
    let starts_with_dash =
        text[line_start(text, start)..start].trim_start().starts_with('-') || text[start..].starts_with("- ");
    let mut end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut next = end + 1;
    while next < text.len() {
        let line_end = text[next..].find('\n').map_or(text.len(), |i| next + i);
        let line = &text[next..line_end];
        let content = line.trim_start();
        if !content.is_empty() && !content.starts_with('#') {
            let line_indent = line.len() - content.len();
            // A `- ` at the same indentation is the next item of a list this node is part of,
            // unless the node is that list.
            let next_item =
                line_indent == indent && content.starts_with('-') && !text[start..].starts_with('-');
            if line_indent < indent || (next_item && starts_with_dash) {
                break;
            }
            end = line_end;
        }
        next = line_end + 1;
    }
    end
}

/// The key `key` written at `offset` (plain, or quoted as JSON writes it), followed by `:`.
fn key_at(text: &str, offset: usize, key: &str) -> Option<Span> {
    let rest = text.get(offset..)?;
    let after = if let Some(quoted) = rest.strip_prefix('"').and_then(|r| r.strip_prefix(key)) {
        quoted.strip_prefix('"')?
    } else if let Some(quoted) = rest.strip_prefix('\'').and_then(|r| r.strip_prefix(key)) {
        quoted.strip_prefix('\'')?
    } else {
        let plain = rest.strip_prefix(key)?;
        if offset > 0 && !matches!(text.as_bytes()[offset - 1], b' ' | b'\t' | b'\n' | b'{' | b',' | b'-') {
            return None;
        }
        plain
    };
    let len = rest.len() - after.len();
    after
        .trim_start_matches([' ', '\t'])
        .starts_with(':')
        .then_some(Span { start: offset, end: offset + len })
}

/// The value after a key ending at `key_end`: on the same line, or the block on the lines below.
fn value_after(text: &str, key_end: usize, limit: usize) -> Option<Span> {
    let limit = limit.min(text.len());
    let colon = text.get(key_end..limit)?.find(':')?;
    let mut offset = key_end + colon + 1;
    loop {
        let rest = text.get(offset..limit)?;
        let trimmed = rest.trim_start_matches([' ', '\t']);
        offset += rest.len() - trimmed.len();
        match trimmed.as_bytes().first() {
            None | Some(b',' | b'}' | b']') => return None,
            Some(b'\n') => offset += 1,
            Some(b'#') => offset += trimmed.find('\n').unwrap_or(trimmed.len()),
            Some(_) => return Span::node(text, offset),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, path: &str) -> Option<(u64, u64)> {
        locate(text, Pos { line: 1, column: 1, offset: 0, len: 0 }, &steps(path), false)
            .map(|p| (p.line, p.column))
    }

    #[test]
    fn finds_keys_and_items_in_flow_and_block_documents() {
        let text = "title: t\nrequest:\n  {\n    \"a\": {\"count\": 1},\n    \"count\": 2,\n    \"parts\": [ {\"sku\": 1}, {\"sku\": 2} ]\n  }\n";
        assert_eq!(at(text, "request"), Some((2, 1)));
        // The top-level `count`, not the nested one before it.
        assert_eq!(at(text, "request.count"), Some((5, 5)));
        assert_eq!(at(text, "request.parts[1].sku"), Some((6, 29)));
        assert_eq!(at(text, "request.parts[1]"), Some((6, 28)));
        // Missing steps stop at the deepest node found.
        assert_eq!(at(text, "request.nothing"), Some((2, 1)));

        let block = "title: t\nrequest:\n  name: x\n  parts:\n    - sku: a\n    - sku: b\n      count: 2\nresponse: {}\n";
        assert_eq!(at(block, "request.name"), Some((3, 3)));
        assert_eq!(at(block, "request.parts[1].count"), Some((7, 7)));
        assert_eq!(at(block, "response"), Some((8, 1)));
    }

    #[test]
    fn splits_paths() {
        assert_eq!(
            steps("request.parts[1].count"),
            vec![
                Step::Key("request".into()),
                Step::Key("parts".into()),
                Step::Index(1),
                Step::Key("count".into())
            ]
        );
        assert_eq!(steps("m[0][2]"), vec![Step::Key("m".into()), Step::Index(0), Step::Index(2)]);
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in ["", "{", "[", "\"", "a: [1, {b: ']", "- - -", "é: {é: [é]}", "a:\n\t- b"] {
            for path in ["a", "a[0]", "a.b", "é.é[0]", "[3]"] {
                for offset in 0..=text.len() + 1 {
                    let _ = locate(text, Pos { line: 1, column: 1, offset, len: 0 }, &steps(path), true);
                }
            }
        }
    }
}
