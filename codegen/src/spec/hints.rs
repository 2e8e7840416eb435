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
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.as_str())
}

/// Edit distance counting a swap of two neighbours as one edit (`titel` → `title`), the most
/// common typo in hand-written keys.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_key() {
        let message = "unknown field `requird`, expected one of `type`, `required`, `nullable`";
        assert_eq!(hint_for(message, "", Pos::default()), "did you mean `required`?");
        let message = "unknown field `zzzzzz`, expected one of `type`, `required`";
        assert_eq!(hint_for(message, "", Pos::default()), "the keys allowed here are: type, required");
        let message = "unknown field `titel`, expected one of provider, service, title, docs";
        assert_eq!(hint_for(message, "", Pos::default()), "did you mean `title`?");
    }
}
