//! Request validation: every constraint a spec states is checked before a byte is sent.
//!
//! Generated code calls the [`Report`] helpers with a field's wire name and its bounds; the checks
//! themselves live here once, so a thousand operations share one copy of them. A report collects
//! every violation of a request rather than stopping at the first, so a caller fixes them all in
//! one go. Messages name the field and the rule, never the value: a value may be a secret.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, OnceLock, RwLock};

use regex::Regex;

/// Implemented by every generated request and nested type.
pub trait Validate {
    /// Checks `self`, found at `path` (wire names joined with `.`, `""` at the root), and records
    /// each broken constraint in `report`.
    fn validate_into(&self, path: &str, report: &mut Report);

    /// Checks `self` as a root value.
    fn validate(&self) -> Result<(), ValidationError> {
        let mut report = Report::default();
        self.validate_into("", &mut report);
        report.finish()
    }
}

/// How a length constraint counts: the vendors say "characters" or "bytes (UTF-8)".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LengthUnit {
    /// Unicode scalar values.
    Chars,
    /// Bytes of the UTF-8 encoding.
    Bytes,
}

impl LengthUnit {
    fn measure(self, value: &str) -> u64 {
        match self {
            LengthUnit::Chars => value.chars().count() as u64,
            LengthUnit::Bytes => value.len() as u64,
        }
    }

    fn noun(self) -> &'static str {
        match self {
            LengthUnit::Chars => "characters",
            LengthUnit::Bytes => "bytes",
        }
    }
}

/// The rule a value broke. Bounds are kept as text so that one type serves every number type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// A required field was not set.
    Missing,
    /// Shorter than `min` (counted in `unit`).
    TooShort { min: u64, actual: u64, unit: LengthUnit },
    /// Longer than `max` (counted in `unit`).
    TooLong { max: u64, actual: u64, unit: LengthUnit },
    /// Smaller than the documented minimum.
    BelowMinimum { minimum: String },
    /// Larger than the documented maximum.
    AboveMaximum { maximum: String },
    /// Does not match the documented pattern.
    PatternMismatch { pattern: &'static str },
    /// Fewer items than allowed.
    TooFewItems { min: u64, actual: u64 },
    /// More items than allowed.
    TooManyItems { max: u64, actual: u64 },
    /// Not a multiple of the documented divisor.
    NotMultipleOf { divisor: i64 },
    /// A path parameter that is `.` or `..` (also percent-encoded): as a path segment it would
    /// address another resource once a server or proxy normalizes the path.
    DotSegment,
    /// A member of an open type's `extra` map has the wire name of one of its fields, so the
    /// document would carry the key twice.
    ShadowsField,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::Missing => f.write_str("is required but was not set"),
            Rule::TooShort { min, actual, unit } => {
                write!(f, "must be at least {min} {} long (got {actual})", unit.noun())
            }
            Rule::TooLong { max, actual, unit } => {
                write!(f, "must be at most {max} {} long (got {actual})", unit.noun())
            }
            Rule::BelowMinimum { minimum } => write!(f, "must be at least {minimum}"),
            Rule::AboveMaximum { maximum } => write!(f, "must be at most {maximum}"),
            Rule::PatternMismatch { pattern } => write!(f, "must match the pattern `{pattern}`"),
            Rule::TooFewItems { min, actual } => {
                write!(f, "must have at least {min} items (got {actual})")
            }
            Rule::TooManyItems { max, actual } => {
                write!(f, "must have at most {max} items (got {actual})")
            }
            Rule::NotMultipleOf { divisor } => write!(f, "must be a multiple of {divisor}"),
            Rule::DotSegment => {
                f.write_str("must not be `.` or `..` (nor their percent-encoded forms): it is a path segment")
            }
            Rule::ShadowsField => {
                f.write_str("is a field of this type; set the field instead of an `extra` member")
            }
        }
    }
}

/// One broken constraint: the field's wire path and the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Wire names from the request root, e.g. `part_info_list[2].part_offset`.
    pub field: String,
    /// What is wrong with it.
    pub rule: Rule,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` {}", self.field, self.rule)
    }
}

/// A request that breaks its spec's constraints; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    violations: Vec<Violation>,
}

impl ValidationError {
    /// Every violation found, in field order.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// Whether the named field (a wire path) broke a rule.
    pub fn concerns(&self, field: &str) -> bool {
        self.violations.iter().any(|v| v.field == field)
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid request: ")?;
        for (i, violation) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// Joins a parent path and a wire name: `("", "a") -> "a"`, `("a", "b") -> "a.b"`.
pub fn join(path: &str, field: &str) -> String {
    if path.is_empty() { field.to_owned() } else { format!("{path}.{field}") }
}

/// A path found under the root (`relative`) as found under `base`. Every path is built with
/// [`join`], which adds the `.` only after a non-empty parent, so this equals building the path
/// from `base` in the first place.
fn rebase(base: &str, relative: &str) -> String {
    if base.is_empty() { relative.to_owned() } else { format!("{base}.{relative}") }
}

/// The path of the `index`th item of the list at `path.field`.
pub fn index(path: &str, field: &str, index: usize) -> String {
    format!("{}[{index}]", join(path, field))
}

/// The name of the `index`th item of list field `field`, relative to its struct
/// (`Tags[3]`): what an item constraint's violation is reported under.
pub fn item(field: &str, index: usize) -> String {
    format!("{field}[{index}]")
}

/// The path of the entry `key` of the map at `path.field`.
pub fn key(path: &str, field: &str, key: &str) -> String {
    format!("{}[{key:?}]", join(path, field))
}

/// Whether `value`, once percent-decoded (repeatedly: a server or proxy may decode twice), is
/// `.` or `..`, the segments that RFC 3986 path normalization removes or uses to climb.
pub fn is_dot_segment(value: &str) -> bool {
    // Decoding can only shorten the text; anything longer than a triply-encoded `..` is not one.
    const LONGEST: usize = "%25252e%25252e".len();
    if value.len() > LONGEST {
        return false;
    }
    let mut text = value.to_owned();
    loop {
        if text == "." || text == ".." {
            return true;
        }
        let decoded = percent_decode(&text);
        if decoded == text {
            return false;
        }
        text = decoded;
    }
}

/// One round of percent-decoding; a `%` not followed by two hex digits stays as it is, and
/// bytes that do not form UTF-8 are kept lossily (they cannot be dots either way).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Collects the violations of one validation run.
#[derive(Debug, Default)]
pub struct Report {
    violations: Vec<Violation>,
}

impl Report {
    fn push(&mut self, path: &str, field: &str, rule: Rule) {
        self.violations.push(Violation { field: join(path, field), rule });
    }

    /// A path parameter must not be a dot segment (see [`is_dot_segment`]).
    pub fn path_segment(&mut self, path: &str, field: &str, value: &str) {
        if is_dot_segment(value) {
            self.push(path, field, Rule::DotSegment);
        }
    }

    /// A required field is absent.
    pub fn missing(&mut self, path: &str, field: &str) {
        self.push(path, field, Rule::Missing);
    }

    /// `min_length` / `max_length`.
    pub fn length(
        &mut self,
        path: &str,
        field: &str,
        value: &str,
        min: Option<u64>,
        max: Option<u64>,
        unit: LengthUnit,
    ) {
        let actual = unit.measure(value);
        if let Some(min) = min.filter(|&min| actual < min) {
            self.push(path, field, Rule::TooShort { min, actual, unit });
        }
        if let Some(max) = max.filter(|&max| actual > max) {
            self.push(path, field, Rule::TooLong { max, actual, unit });
        }
    }

    /// `min_length` / `max_length` in characters (Unicode scalar values).
    pub fn chars(&mut self, path: &str, field: &str, value: &str, min: Option<u64>, max: Option<u64>) {
        self.length(path, field, value, min, max, LengthUnit::Chars);
    }

    /// `min_length` / `max_length` in UTF-8 bytes.
    pub fn bytes(&mut self, path: &str, field: &str, value: &str, min: Option<u64>, max: Option<u64>) {
        self.length(path, field, value, min, max, LengthUnit::Bytes);
    }

    /// `minimum` / `maximum`, both inclusive.
    pub fn range<T: PartialOrd + fmt::Display>(
        &mut self,
        path: &str,
        field: &str,
        value: T,
        minimum: Option<T>,
        maximum: Option<T>,
    ) {
        if let Some(minimum) = minimum.filter(|minimum| value < *minimum) {
            let minimum = minimum.to_string();
            self.push(path, field, Rule::BelowMinimum { minimum });
        }
        if let Some(maximum) = maximum.filter(|maximum| value > *maximum) {
            let maximum = maximum.to_string();
            self.push(path, field, Rule::AboveMaximum { maximum });
        }
    }

    /// `pattern`: the value must contain a match (anchor the pattern to match the whole value).
    pub fn pattern(&mut self, path: &str, field: &str, value: &str, pattern: &'static str) {
        match compiled(pattern) {
            Some(regex) if regex.is_match(value) => {}
            // A pattern that does not compile was rejected by the generator's checks; if one
            // reaches us anyway, failing closed is the only safe answer.
            _ => self.push(path, field, Rule::PatternMismatch { pattern }),
        }
    }

    /// `min_items` / `max_items`.
    pub fn items(&mut self, path: &str, field: &str, len: usize, min: Option<u64>, max: Option<u64>) {
        let actual = len as u64;
        if let Some(min) = min.filter(|&min| actual < min) {
            self.push(path, field, Rule::TooFewItems { min, actual });
        }
        if let Some(max) = max.filter(|&max| actual > max) {
            self.push(path, field, Rule::TooManyItems { max, actual });
        }
    }

    /// `multiple_of`.
    pub fn multiple_of(&mut self, path: &str, field: &str, value: i64, divisor: i64) {
        if divisor != 0 && value % divisor != 0 {
            self.push(path, field, Rule::NotMultipleOf { divisor });
        }
    }

    /// The `extra` members of an open type must not repeat its fields' wire names: each
    /// offending member is reported under its own key.
    pub fn open_members(
        &mut self,
        path: &str,
        members: &serde_json::Map<String, serde_json::Value>,
        fields: &[&str],
    ) {
        for name in members.keys().filter(|name| fields.contains(&name.as_str())) {
            self.push(path, name, Rule::ShadowsField);
        }
    }

    /// Validates a nested value in place.
    pub fn nested<T: Validate + ?Sized>(&mut self, path: &str, field: &str, value: &T) {
        self.validate_at(value, || join(path, field));
    }

    /// Validates each item of a list of nested values.
    pub fn each<T: Validate>(&mut self, path: &str, field: &str, items: &[T]) {
        for (i, item) in items.iter().enumerate() {
            self.validate_at(item, || index(path, field, i));
        }
    }

    /// Validates `value` as a root, then puts `base()` in front of the paths of the violations
    /// it added. A valid value (nearly every one) so costs no path formatting: the path of a
    /// list item or nested value is only written when something under it is wrong.
    fn validate_at<T: Validate + ?Sized>(&mut self, value: &T, base: impl FnOnce() -> String) {
        let before = self.violations.len();
        value.validate_into("", self);
        if self.violations.len() == before {
            return;
        }
        let base = base();
        for violation in &mut self.violations[before..] {
            violation.field = rebase(&base, &violation.field);
        }
    }

    /// Records a missing required field and passes the value through, so a builder can check
    /// every required field before giving up.
    pub fn require<T>(&mut self, path: &str, field: &str, value: Option<T>) -> Option<T> {
        if value.is_none() {
            self.missing(path, field);
        }
        value
    }

    /// The error for what was recorded (used once a required field was found missing).
    pub fn into_error(self) -> ValidationError {
        ValidationError { violations: self.violations }
    }

    /// `Ok` when nothing was recorded.
    pub fn finish(self) -> Result<(), ValidationError> {
        if self.violations.is_empty() { Ok(()) } else { Err(ValidationError { violations: self.violations }) }
    }
}

/// Patterns are compiled once per process and shared: specs repeat the same few patterns over
/// many fields, and compiling a regex costs far more than matching one.
/// Compiled patterns by source text; `None` records a pattern that does not compile.
type PatternCache = RwLock<HashMap<&'static str, Option<Arc<Regex>>>>;

fn compiled(pattern: &'static str) -> Option<Arc<Regex>> {
    static CACHE: OnceLock<PatternCache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache.read().unwrap_or_else(|e| e.into_inner()).get(pattern) {
        return hit.clone();
    }
    let regex = Regex::new(pattern).ok().map(Arc::new);
    cache.write().unwrap_or_else(|e| e.into_inner()).insert(pattern, regex.clone());
    regex
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(f: impl FnOnce(&mut Report)) -> Vec<Rule> {
        let mut report = Report::default();
        f(&mut report);
        report.finish().err().map(|e| e.violations.into_iter().map(|v| v.rule).collect()).unwrap_or_default()
    }

    #[test]
    fn length_counts_chars_or_bytes_and_accepts_the_bounds() {
        let chars = |v: &str| rules(|r| r.length("", "f", v, Some(1), Some(3), LengthUnit::Chars));
        assert!(chars("a").is_empty());
        assert!(chars("äöü").is_empty(), "three chars, six bytes");
        assert_eq!(chars("").len(), 1);
        assert_eq!(chars("abcd").len(), 1);
        let bytes = |v: &str| rules(|r| r.length("", "f", v, None, Some(4), LengthUnit::Bytes));
        assert!(bytes("ää").is_empty(), "four bytes is the bound");
        assert_eq!(bytes("äää"), vec![Rule::TooLong { max: 4, actual: 6, unit: LengthUnit::Bytes }]);
    }

    #[test]
    fn range_is_inclusive() {
        let check = |v: i64| rules(|r| r.range("", "f", v, Some(1), Some(2_147_483_647)));
        assert!(check(1).is_empty());
        assert!(check(2_147_483_647).is_empty());
        assert_eq!(check(0), vec![Rule::BelowMinimum { minimum: "1".into() }]);
        assert_eq!(check(2_147_483_648), vec![Rule::AboveMaximum { maximum: "2147483647".into() }]);
    }

    #[test]
    fn pattern_items_and_multiple_of() {
        assert!(rules(|r| r.pattern("", "f", "/a", "^/")).is_empty());
        assert_eq!(rules(|r| r.pattern("", "f", "a", "^/")), vec![Rule::PatternMismatch { pattern: "^/" }]);
        assert_eq!(rules(|r| r.pattern("", "f", "a", "(")).len(), 1, "a broken pattern fails closed");
        assert!(rules(|r| r.items("", "f", 10_000, None, Some(10_000))).is_empty());
        assert_eq!(rules(|r| r.items("", "f", 10_001, None, Some(10_000))).len(), 1);
        assert_eq!(rules(|r| r.items("", "f", 0, Some(1), None)).len(), 1);
        assert!(rules(|r| r.multiple_of("", "f", 128, 64)).is_empty());
        assert_eq!(rules(|r| r.multiple_of("", "f", 65, 64)), vec![Rule::NotMultipleOf { divisor: 64 }]);
    }

    #[test]
    fn messages_name_the_wire_path_and_never_the_value() {
        let mut report = Report::default();
        report.length("part_info_list[2]", "secret", "hunter2", None, Some(3), LengthUnit::Chars);
        report.missing("", "ProjectId");
        let error = report.finish().unwrap_err();
        let text = error.to_string();
        assert!(
            text.contains("`part_info_list[2].secret` must be at most 3 characters long (got 7)"),
            "{text}"
        );
        assert!(text.contains("`ProjectId` is required"), "{text}");
        assert!(!text.contains("hunter2"));
        assert!(error.concerns("ProjectId"));
    }

    #[test]
    fn safety_dot_segments_are_recognised_in_every_encoding() {
        for dots in [".", "..", "%2e", "%2E", ".%2e", "%2e.", "%2e%2E", "%252e%252e", "%25252E."] {
            assert!(is_dot_segment(dots), "{dots}");
        }
        for fine in ["", "...", "a.", ".a", "..a", "%2", "%2e%2e%2e", "%zz", "a/..", ".. "] {
            assert!(!is_dot_segment(fine), "{fine}");
        }
        assert_eq!(rules(|r| r.path_segment("", "id", "%2E%2E")), vec![Rule::DotSegment]);
        assert_eq!(rules(|r| r.path_segment("", "id", "ok")), vec![]);
    }

    /// A part with a size limit, inside a list, inside a request: the shape of PDS's
    /// `part_info_list`, two levels deep so that both `nested` and `each` prefix paths.
    struct Part(i64);
    impl Validate for Part {
        fn validate_into(&self, path: &str, report: &mut Report) {
            report.range(path, "part_number", self.0, Some(1), Some(10_000));
        }
    }
    struct Upload(Vec<Part>);
    impl Validate for Upload {
        fn validate_into(&self, path: &str, report: &mut Report) {
            report.each(path, "part_info_list", &self.0);
            report.missing(path, "drive_id");
        }
    }
    struct Request(Upload);
    impl Validate for Request {
        fn validate_into(&self, path: &str, report: &mut Report) {
            report.nested(path, "upload", &self.0);
        }
    }

    #[test]
    fn nested_and_list_item_violations_carry_their_full_wire_path() {
        let request = Request(Upload(vec![Part(1), Part(0), Part(5), Part(10_001)]));
        let fields: Vec<String> = request
            .validate()
            .unwrap_err()
            .violations()
            .iter()
            .map(|violation| violation.field.clone())
            .collect();
        assert_eq!(
            fields,
            [
                "upload.part_info_list[1].part_number",
                "upload.part_info_list[3].part_number",
                "upload.drive_id",
            ]
        );
        // Under a non-root parent too, and a valid value adds nothing.
        let mut report = Report::default();
        report.nested("body", "request", &request);
        report.each("body", "parts", &[Part(2)]);
        let error = report.into_error();
        assert_eq!(error.violations()[0].field, "body.request.upload.part_info_list[1].part_number");
        assert_eq!(error.violations().len(), 3);
    }
}
