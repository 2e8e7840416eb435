//! Hints for YAML and shape errors: what the author most likely meant.

use super::located::Pos;

/// A hint for a parse error message (serde's wording) found at `pos` in `text`.
pub fn hint_for(message: &str, text: &str, pos: Pos) -> String {
    if let Some((unknown, expected)) = unknown_field(message) {
        return match closest(&unknown, &expected) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("the keys allowed here are: {}", expected.join(", ")),
        };
    }
    if let Some(field) = between(message, "missing field `", "`") {
        return format!("add `{field}:`; it is required here (see specs/README.md)");
    }
    if message.contains("unknown variant") {
        if let (Some(unknown), Some(expected)) =
            (between(message, "unknown variant `", "`"), message.split("expected one of ").nth(1))
        {
            let names: Vec<String> = expected.split(", ").map(|v| v.trim_matches('`').to_owned()).collect();
            if let Some(best) = closest(unknown, &names) {
                return format!("did you mean `{best}`?");
            }
        }
        if let Some(expected) = message.split("expected one of ").nth(1) {
            return format!("use one of {expected}");
        }
        if let Some(expected) = message.split("expected ").nth(1) {
            return format!("use {expected}");
        }
    }
    if message.to_ascii_lowercase().contains("duplicate") {
        return "each key may appear once in a mapping; remove or rename one of them".into();
    }
    let line_text = text.lines().nth(pos.line.saturating_sub(1) as usize).unwrap_or("");
    if line_text.contains('\t') || message.to_ascii_lowercase().contains("tab") {
        return "YAML indentation must use spaces, not tabs".into();
    }
    if message.contains("invalid type") {
        return "check the value's type against specs/README.md (quote strings that look like numbers)"
            .into();
    }
    "check the YAML syntax around this point (indentation, quotes, a missing `:`)".into()
}

/// A YAML or shape error rewritten for spec authors: the message names the key and what it
/// takes, the position is where the fix goes, the label says what is there.
#[derive(Debug, Clone, PartialEq)]
pub struct Explained {
    pub message: String,
    pub pos: Pos,
    pub label: String,
    pub hint: String,
}

/// Explains a parse error `message` (serde-saphyr's wording, without its location) at `pos`.
pub fn explain(message: &str, text: &str, pos: Pos) -> Explained {
    let mut out = Explained {
        message: message.to_owned(),
        pos,
        label: "here".into(),
        hint: hint_for(message, text, pos),
    };
    let Some(at) = Cursor::new(text, pos) else { return out };

    if let Some((unknown, _)) = unknown_field(message) {
        // The hint names the key meant, or lists the allowed ones; the message stays one line.
        out.message = format!("unknown key `{unknown}`");
        out.label = "not a key here".into();
    } else if let Some(value) = between(message, "unknown variant `", "`") {
        out.message = match at.key_before() {
            Some(key) => format!("`{key}` cannot be `{value}`"),
            None => format!("unknown value `{value}`"),
        };
        out.label = match message.split("expected one of ").nth(1) {
            Some(expected) => format!("not one of {expected}"),
            None => "not an allowed value".into(),
        };
    } else if message.contains("merge keys are not allowed") {
        out.message = "YAML merge key `<<`".into();
        out.label = "merge key".into();
        out.hint = "write the keys out: a spec is read top to bottom, so merge keys are refused".into();
    } else if let Some(quote) = message
        .strip_prefix("invalid trailing content after ")
        .and_then(|rest| rest.strip_suffix("-quoted scalar"))
        && let Some(open) = at.opening_quote(if quote == "double" { '"' } else { '\'' })
        && open.cursor.line < at.line
    {
        // A quote left open runs on to the next quote character, lines later, where YAML then
        // stumbles; the mistake is where the string started.
        let line = at.line;
        out.message = format!("a quoted string starts here and runs on to line {line}");
        out.pos = open.pos();
        out.label = "this quote is not closed on its line".into();
        out.hint = "close the quote where the value ends".into();
    } else if message.contains("did not find expected ',' or '}'")
        || message.contains("did not find expected ',' or ']'")
    {
        out.label = "expected `,` or the closing bracket before this".into();
        if let Some(open) = at.unclosed_bracket() {
            out.hint = format!("the `{}` on line {} is not closed before this point", open.1, open.0);
        }
    } else if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        // serde-saphyr adds advice for its own API; the key is what the author needs.
        let key = rest.rsplit_once(", set DuplicateKeyPolicy").map_or(rest, |(key, _)| key);
        out.message = format!("duplicate key `{key}`");
        out.label = "repeated here".into();
        match at.earlier_key(key) {
            Some(first) if first == at.line => {
                out.hint = format!("`{key}` is already set earlier on this line; keep one of them");
            }
            Some(first) => out.hint = format!("`{key}` is already set on line {first}; keep one of them"),
            None => {}
        }
    } else if let Some(field) = between(message, "missing field `", "`") {
        out.message = format!("missing key `{field}`");
        // Reported where the mapping ended (its last key); the key belongs where the mapping starts.
        if let Some(start) = at.mapping_start() {
            out.pos = start.pos();
            out.label = format!("this mapping has no `{field}:`");
        }
    } else if let Some(expected) = expected_type(message) {
        let found = at.node_text();
        out.message = match at.key_before() {
            Some(key) => format!("`{key}` should be {expected}, not {found}"),
            None => format!("expected {expected}, found {found}"),
        };
        out.label = format!("expected {expected}");
        out.hint = match at.key_before() {
            Some(key) => format!("see specs/README.md for what `{key}` takes"),
            None => "see specs/README.md for the shape of this part of the spec".into(),
        };
    } else if message.to_ascii_lowercase().contains("tab") && at.line_text().contains('\t') {
        if let Some(tab) = at.line_text().find('\t') {
            out.message = "a tab in the indentation".into();
            out.pos = at.at_line_byte(tab, 1).pos();
            out.label = "a tab".into();
        }
    } else if message == "recursion limit exceeded" {
        out.message = "the YAML nests too deeply (more than 255 levels of `[` or `{`)".into();
        out.label = "the limit is reached here".into();
        out.hint = "no spec nests like this: look for brackets that are never closed".into();
    } else if message == "mapping values are not allowed in this context" {
        out.label = "a `key:` where a value was".into();
        out.hint = "a `key:` is indented under a plain value: check this line's indentation".into();
    } else if message.contains("unknown anchor") {
        out.label = "no such anchor".into();
        out.hint =
            "write the value out: specs do not use YAML anchors (`&name`) and aliases (`*name`)".into();
    }
    out
}

/// What a shape error says was expected, in the author's words; `None` when it is not about
/// the type of a value.
fn expected_type(message: &str) -> Option<&'static str> {
    Some(match message {
        "expected string scalar" => "a string",
        "expected mapping start" | "expected empty mapping start" => "a mapping of `key: value` pairs",
        "expected sequence start" => "a list",
        "invalid boolean"
        | "invalid boolean (true or false expected)"
        | "invalid boolean (strict mode expects true/false)" => "`true` or `false`",
        "invalid floating point" => "a number",
        "invalid u64" | "invalid u32" | "invalid u16" | "invalid u8" => "a whole number, 0 or more",
        "invalid i64" | "invalid i32" => "a whole number",
        "cannot deserialize null into string; use Option<String>" | "null is not allowed here" => "a value",
        _ => return None,
    })
}

/// A position in a file's text, for finding the YAML around an error without parsing it again.
/// Everything is a heuristic over lines and brackets; a result that does not fit is `None`, and
/// the error keeps serde-saphyr's position.
#[derive(Clone, Copy)]
struct Cursor<'a> {
    text: &'a str,
    /// Byte offset of the position's line start, and of the position.
    line_start: usize,
    offset: usize,
    /// 1-based line number.
    line: u64,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str, pos: Pos) -> Option<Self> {
        let offset = if pos.offset > 0 || pos.line <= 1 {
            pos.offset
        } else {
            // No byte offset: count lines.
            let start: usize =
                text.split_inclusive('\n').take(usize::try_from(pos.line - 1).ok()?).map(str::len).sum();
            start
                + text
                    .get(start..)?
                    .chars()
                    .take(pos.column.saturating_sub(1) as usize)
                    .map(char::len_utf8)
                    .sum::<usize>()
        };
        if offset > text.len() || !text.is_char_boundary(offset) {
            return None;
        }
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        Some(Cursor { text, line_start, offset, line: pos.line.max(1) })
    }

    fn line_text(&self) -> &'a str {
        let rest = &self.text[self.line_start..];
        rest.split('\n').next().unwrap_or("")
    }

    /// The same line, at byte `byte` of it, with `len` bytes labelled.
    fn at_line_byte(&self, byte: usize, len: usize) -> Located<'a> {
        Located { cursor: *self, offset: self.line_start + byte, len }
    }

    /// The previous line, if any.
    fn up(&self) -> Option<Self> {
        if self.line_start == 0 {
            return None;
        }
        let line_start = self.text[..self.line_start - 1].rfind('\n').map_or(0, |i| i + 1);
        Some(Cursor { text: self.text, line_start, offset: line_start, line: self.line.saturating_sub(1) })
    }

    /// The quote that opens the quoted scalar ending just before the position.
    fn opening_quote(&self, quote: char) -> Option<Located<'a>> {
        let before = &self.text[..self.offset];
        let close = before.trim_end().strip_suffix(quote)?;
        let mut search = close;
        loop {
            let i = search.rfind(quote)?;
            // `\"` does not end a double-quoted scalar, and `''` is a quote in a single-quoted one.
            let escaped = match quote {
                '"' => search[..i].ends_with('\\'),
                _ => search[..i].ends_with('\''),
            };
            if !escaped {
                let line_start = search[..i].rfind('\n').map_or(0, |n| n + 1);
                let line = self.line.saturating_sub(self.text[i..self.offset].matches('\n').count() as u64);
                let cursor = Cursor { text: self.text, line_start, offset: i, line };
                return Some(cursor.at_line_byte(i - line_start, 1));
            }
            search = &search[..i.saturating_sub(1)];
        }
    }

    /// The line and character of the last `{` or `[` before the position that is not closed.
    fn unclosed_bracket(&self) -> Option<(u64, char)> {
        let before = &self.text[..self.offset];
        let mut depth = 0usize;
        let mut line = self.line;
        for c in before.chars().rev() {
            match c {
                '\n' => line = line.saturating_sub(1),
                '}' | ']' => depth += 1,
                '{' | '[' if depth == 0 => return Some((line, c)),
                '{' | '[' => depth -= 1,
                _ => {}
            }
        }
        None
    }

    /// The key written just before the position: `minimum` in `{ type: string, minimum: five }`,
    /// or a key ending the line above (`input:` followed by an indented value).
    fn key_before(&self) -> Option<&'a str> {
        let before = &self.text[self.line_start..self.offset];
        let trimmed = before.trim_end();
        if let Some(head) = trimmed.strip_suffix(':') {
            return last_word(head);
        }
        if trimmed.trim_start().is_empty() || trimmed.trim_start() == "-" {
            let above = self.up()?;
            let line = above.line_text().trim_end();
            return last_word(line.strip_suffix(':')?);
        }
        None
    }

    /// How the node at the position reads, for "found ...".
    fn node_text(&self) -> String {
        let rest = self.text[self.offset..].split('\n').next().unwrap_or("");
        match rest.chars().next() {
            Some('[') => "a list".into(),
            Some('{') => "a mapping".into(),
            Some('-') if rest.chars().nth(1).is_none_or(char::is_whitespace) => "a list".into(),
            None => "nothing".into(),
            _ => {
                let end = rest.find([',', '}', ']', '#']).unwrap_or(rest.len());
                let value = rest[..end].trim();
                if value.is_empty() {
                    return "nothing".into();
                }
                let short: String = value.chars().take(40).collect();
                let more = if short.len() < value.len() { "…" } else { "" };
                format!("`{short}{more}`")
            }
        }
    }

    /// The start of the mapping the position is in: the unclosed `{` before it on its line, or
    /// the first key of the block mapping whose keys are indented like the position's.
    fn mapping_start(&self) -> Option<Located<'a>> {
        let before = &self.text[self.line_start..self.offset];
        let mut depth = 0usize;
        for (i, c) in before.char_indices().rev() {
            match c {
                '}' => depth += 1,
                '{' if depth == 0 => return Some(self.at_line_byte(i, 1)),
                '{' => depth -= 1,
                _ => {}
            }
        }
        let trimmed = before.trim_start();
        if trimmed == "- " {
            // The last key is on a list item's `- ` line: it is the item's only key.
            return Some(self.at_line_byte(before.len(), key_length(&self.line_text()[before.len()..])));
        }
        if !trimmed.is_empty() {
            return None;
        }
        let indent = before.len();
        let (mut first, mut first_key) = (*self, indent);
        let mut cursor = *self;
        while let Some(above) = cursor.up() {
            cursor = above;
            let line = above.line_text();
            let content = line.trim_start();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            if content.starts_with("---") || content.starts_with("...") {
                break;
            }
            let line_indent = line.len() - content.len();
            // In `  - title: t`, the key `title` is at the column after the dash.
            let dash = content.strip_prefix('-').filter(|rest| rest.starts_with(' '));
            let key_at = dash.map_or(line_indent, |rest| line.len() - rest.trim_start().len());
            if key_at == indent {
                (first, first_key) = (above, key_at);
                if dash.is_some() {
                    break;
                }
            } else if line_indent < indent {
                break;
            }
        }
        Some(first.at_line_byte(first_key, key_length(&first.line_text()[first_key..])))
    }

    /// The line where `key` was first set in the mapping the position is in: earlier on the same
    /// line (flow style) or on a line above with the same indentation (block style).
    fn earlier_key(&self, key: &str) -> Option<u64> {
        let before = &self.text[self.line_start..self.offset];
        let needle = format!("{key}:");
        if before.contains(&format!(" {needle}")) || before.contains(&format!("{{{needle}")) {
            return Some(self.line);
        }
        let indent = before.len() - before.trim_start().len();
        let mut cursor = *self;
        while let Some(above) = cursor.up() {
            cursor = above;
            let line = above.line_text();
            let content = line.trim_start();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            let line_indent = line.len() - content.len();
            if line_indent < indent {
                return None;
            }
            if line_indent == indent && content.starts_with(&needle) {
                return Some(above.line);
            }
        }
        None
    }
}

/// A byte range of a line found by a `Cursor`.
struct Located<'a> {
    cursor: Cursor<'a>,
    offset: usize,
    len: usize,
}

impl Located<'_> {
    fn pos(&self) -> Pos {
        let column = self.cursor.text[self.cursor.line_start..self.offset].chars().count() as u64 + 1;
        Pos { line: self.cursor.line, column, offset: self.offset, len: self.len }
    }
}

/// The length of the key at the start of `text`, up to its `:`.
fn key_length(text: &str) -> usize {
    text.find(':').unwrap_or(0)
}

/// The key at the end of `text` (`  Name: { type` → no; `    minimum` → `minimum`).
fn last_word(text: &str) -> Option<&str> {
    let word = text.rsplit([' ', '{', ',', '\t']).next()?.trim_matches(['"', '\'']);
    let word = word.strip_prefix("- ").unwrap_or(word);
    (!word.is_empty()).then_some(word)
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = &text[text.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}

/// Parses serde's "unknown field `x`, expected one of `a`, `b`" (or "expected `a`").
fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let unknown = between(message, "unknown field `", "`")?.to_owned();
    let expected_text = message.split("expected").nth(1).unwrap_or("");
    let expected_text = expected_text.trim().trim_start_matches("one of").trim();
    // serde writes the keys in backticks; serde-saphyr writes them bare, comma-separated.
    let expected = if expected_text.contains('`') {
        expected_text.split('`').skip(1).step_by(2).map(str::to_owned).collect()
    } else {
        expected_text.split(", ").map(|k| k.trim().to_owned()).filter(|k| !k.is_empty()).collect()
    };
    Some((unknown, expected))
}

/// The candidate nearest to `word` by edit distance, if it is near enough to be a typo.
pub fn closest<'a>(word: &str, candidates: &'a [String]) -> Option<&'a str> {
    // Typos are in names a person types; the distance table is |word| × |candidate| cells, so
    // long strings (a pasted document as a key) are not compared at all, and candidates whose
    // length alone puts them out of reach are skipped.
    const LONGEST: usize = 64;
    if word.len() > LONGEST {
        return None;
    }
    candidates
        .iter()
        .filter(|c| {
            c.len() <= LONGEST && c.len().abs_diff(word.len()) <= (c.len().max(word.len()) / 3).max(1)
        })
        // Optimal string alignment counts a swap of two neighbours as one edit (`titel` →
        // `title`), the most common typo in hand-written keys.
        .map(|c| (strsim::osa_distance(word, c), c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explain_never_panics_on_odd_text() {
        let messages = [
            "missing field `type`",
            "duplicate mapping key: a, set DuplicateKeyPolicy in Options if acceptable",
            "invalid trailing content after double-quoted scalar",
            "invalid trailing content after single-quoted scalar",
            "while parsing a flow mapping, did not find expected ',' or '}'",
            "expected string scalar",
            "unknown variant `x`, expected one of a, b",
            "tabs disallowed within this context (block indentation)",
        ];
        let texts = [
            "",
            "\"",
            "é\"\n\"",
            "a: 'é''\n'",
            "- - a:\n\tb",
            "{a: [\n}",
            "a:\n  - b: 1\n  c: \"é",
            "\u{85}",
        ];
        for message in messages {
            for text in texts {
                for offset in 0..=text.len() + 1 {
                    for line in [0, 1, 2, 99] {
                        let pos = Pos { line, column: 1, offset, len: 0 };
                        let explained = explain(message, text, pos);
                        assert!(explained.pos.offset <= text.len().max(offset), "{message} {text:?} {pos:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn suggests_the_nearest_key() {
        let message = "unknown field `requird`, expected one of `type`, `required`, `nullable`";
        assert_eq!(hint_for(message, "", Pos::default()), "did you mean `required`?");
        let message = "unknown field `zzzzzz`, expected one of `type`, `required`";
        assert_eq!(hint_for(message, "", Pos::default()), "the keys allowed here are: type, required");
        let message = "unknown field `titel`, expected one of provider, service, title, docs";
        assert_eq!(hint_for(message, "", Pos::default()), "did you mean `title`?");
    }

    /// A swap of neighbours is one edit, so a two-letter swap is near enough; two substitutions
    /// in a short word are not.
    #[test]
    fn a_swap_is_one_edit() {
        let candidates = ["ba".to_owned(), "xy".to_owned()];
        assert_eq!(closest("ab", &candidates), Some("ba"));
        assert_eq!(closest("cd", &candidates), None);
        let long = "a".repeat(65);
        assert_eq!(closest(&long, std::slice::from_ref(&long)), None);
    }
}
