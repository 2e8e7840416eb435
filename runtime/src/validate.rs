//! Request validation: every constraint a spec states is checked before a byte is sent.
//!
//! Generated code calls the [`Report`] helpers with a field's wire name and its bounds; the checks
//! themselves live here once, so a thousand operations share one copy of them. A report collects
//! every violation of a request rather than stopping at the first, so a caller fixes them all in
//! one go. Messages name the field and the rule, never the value: a value may be a secret.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::{Arc, OnceLock, RwLock};

use regex::Regex;

pub use crate::validate_value::{FieldValue, ItemCount};

/// Implemented by every generated request and nested type.
pub trait Validate {
    /// Checks `self`, found at `path` (wire names joined with `.`, `""` at the root), and records
    /// each broken constraint in `report`. A type whose spec states no constraint keeps this
    /// default, which records nothing.
    fn validate_into(&self, _path: &str, _report: &mut Report) {}

    /// Checks `self` as a root value.
    fn validate(&self) -> Result<(), ValidationError> {
        let mut report = Report::default();
        self.validate_into("", &mut report);
        report.finish()
    }
}

/// `value` once it passed [`Validate::validate`]: what a builder's `build()` returns.
pub fn validated<T: Validate>(value: T) -> Result<T, ValidationError> {
    value.validate()?;
    Ok(value)
}

/// The items of a list field, none when the field is unset: what the generated per-item
/// checks loop over.
pub fn items_of<F, T>(list: &F) -> std::slice::Iter<'_, T>
where
    F: FieldValue<Value = [T]> + ?Sized,
{
    list.present().unwrap_or_default().iter()
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
    pub fn path_segment<F: FieldValue<Value = str> + ?Sized>(&mut self, path: &str, field: &str, value: &F) {
        if value.present().is_some_and(is_dot_segment) {
            self.push(path, field, Rule::DotSegment);
        }
    }

    /// A required field is absent.
    pub fn missing(&mut self, path: &str, field: &str) {
        self.push(path, field, Rule::Missing);
    }

    /// `min_length` / `max_length`.
    pub fn length<F: FieldValue<Value = str> + ?Sized>(
        &mut self,
        path: &str,
        field: &str,
        value: &F,
        min: Option<u64>,
        max: Option<u64>,
        unit: LengthUnit,
    ) {
        let Some(value) = value.present() else { return };
        let actual = unit.measure(value);
        if let Some(min) = min.filter(|&min| actual < min) {
            self.push(path, field, Rule::TooShort { min, actual, unit });
        }
        if let Some(max) = max.filter(|&max| actual > max) {
            self.push(path, field, Rule::TooLong { max, actual, unit });
        }
    }

    /// `min_length` / `max_length` in characters (Unicode scalar values).
    pub fn chars<F: FieldValue<Value = str> + ?Sized>(
        &mut self,
        path: &str,
        field: &str,
        value: &F,
        min: Option<u64>,
        max: Option<u64>,
    ) {
        self.length(path, field, value, min, max, LengthUnit::Chars);
    }

    /// `min_length` / `max_length` in UTF-8 bytes.
    pub fn bytes<F: FieldValue<Value = str> + ?Sized>(
        &mut self,
        path: &str,
        field: &str,
        value: &F,
        min: Option<u64>,
        max: Option<u64>,
    ) {
        self.length(path, field, value, min, max, LengthUnit::Bytes);
    }

    /// `minimum` / `maximum`, both inclusive.
    pub fn range<F>(
        &mut self,
        path: &str,
        field: &str,
        value: &F,
        minimum: Option<F::Value>,
        maximum: Option<F::Value>,
    ) where
        F: FieldValue + ?Sized,
        F::Value: PartialOrd + fmt::Display + Sized,
    {
        let Some(value) = value.present() else { return };
        if let Some(minimum) = minimum.filter(|minimum| value < minimum) {
            let minimum = minimum.to_string();
            self.push(path, field, Rule::BelowMinimum { minimum });
        }
        if let Some(maximum) = maximum.filter(|maximum| value > maximum) {
            let maximum = maximum.to_string();
            self.push(path, field, Rule::AboveMaximum { maximum });
        }
    }

    /// `pattern`: the value must contain a match (anchor the pattern to match the whole value).
    pub fn pattern<F: FieldValue<Value = str> + ?Sized>(
        &mut self,
        path: &str,
        field: &str,
        value: &F,
        pattern: &'static str,
    ) {
        let Some(value) = value.present() else { return };
        match compiled(pattern) {
            Some(regex) if regex.is_match(value) => {}
            // A pattern that does not compile was rejected by the generator's checks; if one
            // reaches us anyway, failing closed is the only safe answer.
            _ => self.push(path, field, Rule::PatternMismatch { pattern }),
        }
    }

    /// `min_items` / `max_items`.
    pub fn items<F>(&mut self, path: &str, field: &str, value: &F, min: Option<u64>, max: Option<u64>)
    where
        F: FieldValue + ?Sized,
        F::Value: ItemCount,
    {
        let Some(value) = value.present() else { return };
        let actual = value.item_count() as u64;
        if let Some(min) = min.filter(|&min| actual < min) {
            self.push(path, field, Rule::TooFewItems { min, actual });
        }
        if let Some(max) = max.filter(|&max| actual > max) {
            self.push(path, field, Rule::TooManyItems { max, actual });
        }
    }

    /// `multiple_of`, for any integer that widens to `i64`.
    pub fn multiple_of<F>(&mut self, path: &str, field: &str, value: &F, divisor: i64)
    where
        F: FieldValue + ?Sized,
        F::Value: Copy + Into<i64>,
    {
        let Some(&value) = value.present() else { return };
        if divisor != 0 && value.into() % divisor != 0 {
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
    pub fn nested<F>(&mut self, path: &str, field: &str, value: &F)
    where
        F: FieldValue + ?Sized,
        F::Value: Validate,
    {
        if let Some(value) = value.present() {
            self.validate_at(value, || join(path, field));
        }
    }

    /// Validates each item of a list of nested values.
    pub fn each<F, T>(&mut self, path: &str, field: &str, items: &F)
    where
        F: FieldValue<Value = [T]> + ?Sized,
        T: Validate,
    {
        for (i, item) in items.present().unwrap_or_default().iter().enumerate() {
            self.validate_at(item, || index(path, field, i));
        }
    }

    /// Validates each item of a list of nested values whose items may be `null`; a null item
    /// has nothing to check.
    pub fn each_nullable<F, T>(&mut self, path: &str, field: &str, items: &F)
    where
        F: FieldValue<Value = [Option<T>]> + ?Sized,
        T: Validate,
    {
        for (i, item) in items.present().unwrap_or_default().iter().enumerate() {
            if let Some(item) = item {
                self.validate_at(item, || index(path, field, i));
            }
        }
    }

    /// Validates each value of a map of nested values, under its key.
    pub fn each_value<F, T>(&mut self, path: &str, field: &str, entries: &F)
    where
        F: FieldValue<Value = BTreeMap<String, T>> + ?Sized,
        T: Validate,
    {
        for (name, value) in entries.present().into_iter().flatten() {
            self.validate_at(value, || key(path, field, name));
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
        let check = |v: i64| rules(|r| r.range("", "f", &v, Some(1), Some(2_147_483_647)));
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
        assert!(rules(|r| r.items("", "f", &vec![0; 10_000], None, Some(10_000))).is_empty());
        assert_eq!(rules(|r| r.items("", "f", &vec![0; 10_001], None, Some(10_000))).len(), 1);
        assert_eq!(rules(|r| r.items("", "f", &Vec::<u8>::new(), Some(1), None)).len(), 1);
        assert!(rules(|r| r.multiple_of("", "f", &128_i64, 64)).is_empty());
        assert_eq!(rules(|r| r.multiple_of("", "f", &65_i32, 64)), vec![Rule::NotMultipleOf { divisor: 64 }]);
    }

    #[test]
    fn every_check_takes_a_field_as_declared_and_skips_an_unset_one() {
        // Set optional fields are checked exactly like required ones...
        let set = rules(|r| {
            r.chars("", "f", &Some(String::from("abcd")), None, Some(3));
            r.bytes("", "f", &Some(String::from("ää")), None, Some(3));
            r.pattern("", "f", &Some(String::from("a")), "^/");
            r.path_segment("", "f", &Some(String::from("..")));
            r.range("", "f", &Some(0_i32), Some(1), None);
            r.multiple_of("", "f", &Some(3_i32), 2);
            r.items("", "f", &Some(vec![1, 2]), None, Some(1));
            r.nested("", "f", &Some(Part(0)));
            r.each("", "f", &Some(vec![Part(0)]));
            r.each_nullable("", "f", &Some(vec![Some(Part(0))]));
            r.each_value("", "f", &Some(BTreeMap::from([(String::from("k"), Part(0))])));
        });
        assert_eq!(set.len(), 11, "{set:?}");
        // ...and unset ones are not checked at all.
        let unset = rules(|r| {
            r.chars("", "f", &None::<String>, Some(1), None);
            r.bytes("", "f", &None::<String>, Some(1), None);
            r.pattern("", "f", &None::<String>, "^/");
            r.path_segment("", "f", &None::<String>);
            r.range("", "f", &None::<i32>, Some(1), None);
            r.multiple_of("", "f", &None::<i64>, 2);
            r.items("", "f", &None::<Vec<u8>>, Some(1), None);
            r.nested("", "f", &None::<Part>);
            r.each("", "f", &None::<Vec<Part>>);
            r.each_nullable("", "f", &None::<Vec<Option<Part>>>);
            r.each_value("", "f", &None::<BTreeMap<String, Part>>);
        });
        assert_eq!(unset, vec![]);
        assert_eq!(items_of(&None::<Vec<u8>>).count(), 0);
        assert_eq!(items_of(&Some(vec![1, 2])).count(), 2);
    }

    #[test]
    fn map_values_are_reported_under_their_key() {
        let mut report = Report::default();
        let parts = BTreeMap::from([(String::from("a"), Part(1)), (String::from("b.c"), Part(0))]);
        report.each_value("body", "parts", &parts);
        let error = report.into_error();
        let fields: Vec<&str> = error.violations().iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, [r#"body.parts["b.c"].part_number"#]);
    }

    #[test]
    fn null_items_are_skipped_and_the_others_named_by_index() {
        let mut report = Report::default();
        report.each_nullable("body", "parts", &vec![None, Some(Part(0)), Some(Part(2)), Some(Part(0))]);
        let error = report.into_error();
        let fields: Vec<&str> = error.violations().iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, ["body.parts[1].part_number", "body.parts[3].part_number"]);
    }

    #[test]
    fn validated_passes_a_valid_value_through_and_refuses_an_invalid_one() {
        assert!(matches!(validated(Part(3)), Ok(Part(3))));
        let error = validated(Part(0)).expect_err("part 0 is below the minimum");
        assert!(error.concerns("part_number"));
    }

    /// A type without constraints keeps the default `validate_into`, which records nothing.
    struct Unconstrained;
    impl Validate for Unconstrained {}

    #[test]
    fn the_default_validate_into_records_nothing() {
        assert!(Unconstrained.validate().is_ok());
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
    #[derive(Debug)]
    struct Part(i64);
    impl Validate for Part {
        fn validate_into(&self, path: &str, report: &mut Report) {
            report.range(path, "part_number", &self.0, Some(1), Some(10_000));
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
