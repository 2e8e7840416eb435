//! A value that is a JSON number in one version of an API and a string in another (DataWorks
//! `CreateResource.Id`: a number on the page, a string in the SDK since 8.0).

use std::fmt;
use std::ops::Deref;

use serde::de::Visitor;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Read from a JSON integer or a string and exposed as text ([`as_str`](Self::as_str), `Deref`
/// to `str`). Integers are taken exactly, also beyond 2^53; a number with a fraction or an
/// exponent is refused rather than rounded, since these are identifiers. It is written back in
/// the form it was read in (a number stays a number), and a value built from text is written as a
/// string, as the newer API versions expect.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NumberOrString {
    text: String,
    was_number: bool,
}

impl NumberOrString {
    /// The value as text (the decimal digits of a number).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the wire carried a JSON number.
    pub fn was_number(&self) -> bool {
        self.was_number
    }

    /// The text, owned.
    pub fn into_string(self) -> String {
        self.text
    }
}

impl Deref for NumberOrString {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}

impl From<String> for NumberOrString {
    fn from(text: String) -> Self {
        NumberOrString { text, was_number: false }
    }
}

impl From<&str> for NumberOrString {
    fn from(text: &str) -> Self {
        NumberOrString::from(text.to_owned())
    }
}

/// Text (a header value, a path segment) is taken as it is, as a string.
impl std::str::FromStr for NumberOrString {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(NumberOrString::from(text))
    }
}

impl PartialEq<str> for NumberOrString {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for NumberOrString {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl fmt::Debug for NumberOrString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.text, f)
    }
}

impl fmt::Display for NumberOrString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for NumberOrString {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.was_number {
            if let Ok(n) = self.text.parse::<u64>() {
                return s.serialize_u64(n);
            }
            if let Ok(n) = self.text.parse::<i64>() {
                return s.serialize_i64(n);
            }
        }
        s.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for NumberOrString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Text)
    }
}

struct Text;

impl Text {
    fn number(text: String) -> NumberOrString {
        NumberOrString { text, was_number: true }
    }
}

impl Visitor<'_> for Text {
    type Value = NumberOrString;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer or a string")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<NumberOrString, E> {
        Ok(NumberOrString::from(value))
    }

    fn visit_string<E: serde::de::Error>(self, value: String) -> Result<NumberOrString, E> {
        Ok(NumberOrString::from(value))
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<NumberOrString, E> {
        Ok(Text::number(value.to_string()))
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<NumberOrString, E> {
        Ok(Text::number(value.to_string()))
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<NumberOrString, E> {
        Err(E::custom(format_args!(
            "the number {value} is not an integer that fits 64 bits; its digits cannot be kept exactly"
        )))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn reads_both_forms_and_writes_each_back_as_it_came() {
        // Beyond 2^53: an f64 would round it, the visitor keeps every digit.
        let number: NumberOrString = serde_json::from_str("6314788648976301234").unwrap();
        assert_eq!(number.as_str(), "6314788648976301234");
        assert!(number.was_number());
        assert_eq!(serde_json::to_string(&number).unwrap(), "6314788648976301234");
        let text: NumberOrString = serde_json::from_value(json!("631478864897630XXXX")).unwrap();
        assert_eq!(text, "631478864897630XXXX");
        assert_eq!(serde_json::to_value(&text).unwrap(), json!("631478864897630XXXX"));
        assert_eq!(serde_json::to_value(NumberOrString::from("7")).unwrap(), json!("7"));
        let negative: NumberOrString = serde_json::from_value(json!(-3)).unwrap();
        assert_eq!(serde_json::to_value(&negative).unwrap(), json!(-3));
    }

    #[test]
    fn fractions_exponents_and_other_types_are_refused() {
        for bad in ["1.5", "1e30", "true", "{}", "null"] {
            assert!(serde_json::from_str::<NumberOrString>(bad).is_err(), "{bad}");
        }
    }
}
