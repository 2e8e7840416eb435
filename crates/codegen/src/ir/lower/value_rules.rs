//! What a value written in a spec (a field's `example` or `default`, a member of a request or
//! response example) must satisfy beyond its type: the constraints of its field and the values
//! of its enum. `check_value` checks the type; these rules run beside it, so that an example
//! copied with a typo, or a default outside the documented range, is reported where it is
//! written instead of being shown in the generated docs as if it were valid.

use std::rc::Rc;

use regex::Regex;
use serde_json::Value;

use super::{Constraints, Cx, Declared, Problem, spec};

/// What a problem found here says to do. The value and the constraint come from the same page;
/// one of them is wrong, and the author decides which.
const HINT: &str = "the value breaks the field's own constraint or enum: fix the value (if the page's \
                    example is wrong, keep its text in a `# decision:` comment), or the constraint";

/// Checks `value` against every constraint of its field. Values of another type were reported by
/// `check_value` and are not checked again; `null` has nothing to measure.
pub(super) fn check_constraints(
    cx: &Cx,
    value: &Value,
    c: &Constraints,
    at: &str,
    problems: &mut Vec<Problem>,
) {
    if let Some(text) = value.as_str() {
        check_length(text, c, at, problems);
        if let Some(pattern) = &c.pattern
            && let Some(regex) = compiled(cx, pattern)
            && !regex.is_match(text)
        {
            let message = format!("`{at}` does not match `pattern: {pattern}`");
            problems.push(Problem::new(at, message, "does not match the pattern").on_value().hint(HINT));
        }
    }
    if let Some(number) = value.as_f64() {
        if let Some(minimum) = c.minimum.filter(|&minimum| number < minimum) {
            let message = format!("`{at}` is {value}, below `minimum: {minimum}`");
            problems.push(Problem::new(at, message, "below the minimum").on_value().hint(HINT));
        }
        if let Some(maximum) = c.maximum.filter(|&maximum| number > maximum) {
            let message = format!("`{at}` is {value}, above `maximum: {maximum}`");
            problems.push(Problem::new(at, message, "above the maximum").on_value().hint(HINT));
        }
    }
    if let (Some(number), Some(divisor)) = (value.as_i64(), c.multiple_of)
        && divisor > 0
        && number % divisor != 0
    {
        let message = format!("`{at}` is {number}, not a multiple of {divisor} (`multiple_of`)");
        problems.push(Problem::new(at, message, "not a multiple").on_value().hint(HINT));
    }
    let items = match value {
        Value::Array(items) => Some(items.len() as u64),
        Value::Object(entries) => Some(entries.len() as u64),
        _ => None,
    };
    if let Some(count) = items {
        if let Some(min) = c.min_items.filter(|&min| count < min) {
            let message = format!("`{at}` has {count} item{}, fewer than `min_items: {min}`", plural(count));
            problems.push(Problem::new(at, message, "too few items").on_value().hint(HINT));
        }
        if let Some(max) = c.max_items.filter(|&max| count > max) {
            let message = format!("`{at}` has {count} item{}, more than `max_items: {max}`", plural(count));
            problems.push(Problem::new(at, message, "too many items").on_value().hint(HINT));
        }
    }
}

/// `min_length`/`max_length`, counted as the runtime's validation counts them: Unicode scalar
/// values by default, UTF-8 bytes with `length_unit: bytes`.
fn check_length(text: &str, c: &Constraints, at: &str, problems: &mut Vec<Problem>) {
    if c.min_length.is_none() && c.max_length.is_none() {
        return;
    }
    let (length, unit) = match c.length_unit {
        Some(spec::LengthUnit::Bytes) => (text.len() as u64, "byte"),
        _ => (text.chars().count() as u64, "character"),
    };
    if let Some(min) = c.min_length.filter(|&min| length < min) {
        let message =
            format!("`{at}` is {length} {unit}{} long, shorter than `min_length: {min}`", plural(length));
        problems.push(Problem::new(at, message, "too short").on_value().hint(HINT));
    }
    if let Some(max) = c.max_length.filter(|&max| length > max) {
        let message =
            format!("`{at}` is {length} {unit}{} long, longer than `max_length: {max}`", plural(length));
        problems.push(Problem::new(at, message, "too long").on_value().hint(HINT));
    }
}

fn plural(count: u64) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// The compiled pattern, built once per service; `None` for a pattern that does not compile,
/// which was reported at the pattern. Shared, not cloned: a clone of a `Regex` builds its own
/// search cache on first use, which cost more than the search of a short example value.
pub(super) fn compiled(cx: &Cx, pattern: &str) -> Option<Rc<Regex>> {
    if let Some(hit) = cx.patterns.borrow().get(pattern) {
        return hit.clone();
    }
    let regex = Regex::new(pattern).ok().map(Rc::new);
    cx.patterns.borrow_mut().insert(pattern.to_owned(), regex.clone());
    regex
}

/// Whether `value` has the type of the enum `declared`: a string. A string that is not one of
/// the enum's values is a problem of its own (a typo, a value the page forgot), reported here
/// with the closest value; a value of another type is left to the caller's type message.
pub(super) fn enum_member(
    declared: &Declared,
    name: &str,
    value: &Value,
    at: &str,
    problems: &mut Vec<Problem>,
) -> bool {
    let Some(text) = value.as_str() else { return false };
    let values: Vec<String> = declared.spec.values.iter().flatten().map(|v| v.value.value.text()).collect();
    if !values.iter().any(|v| v == text) {
        let suggestion = spec::hints::closest(text, &values)
            .map(|best| format!(" (did you mean `{best}`?)"))
            .unwrap_or_default();
        let message = format!("`{at}` is `\"{text}\"`, not a value of the enum `{name}`{suggestion}");
        let shown: Vec<&str> = values.iter().take(12).map(String::as_str).collect();
        let more = if values.len() > shown.len() { ", …" } else { "" };
        let hint = format!("the enum's values are {}{more}; copy the value from the page", shown.join(", "));
        problems.push(Problem::new(at, message, "not an enum value").on_value().hint(hint));
    }
    true
}
