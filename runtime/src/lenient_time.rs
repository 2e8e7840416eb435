//! Timestamps that do not fail a whole response when the vendor sends an unexpected format.
//!
//! A vendor's SDK may type a time as a plain string (Tencent's `CreateTime`), so the service is
//! free to send an empty string, fractional seconds or another layout. A strict timestamp field
//! would turn a successful call into a decode error; a [`LenientTime`] keeps the text in every
//! case and the parsed value when the text is in the documented format.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A timestamp type with a documented text format.
pub trait TimestampText: Sized {
    /// The value, if `text` is in the format.
    fn parse_text(text: &str) -> Option<Self>;
    /// The value in the format.
    fn to_text(&self) -> String;
}

impl TimestampText for time::OffsetDateTime {
    fn parse_text(text: &str) -> Option<Self> {
        time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()
    }

    fn to_text(&self) -> String {
        // Formatting fails only for years outside 0..=9999, which RFC 3339 cannot write; the
        // debug form keeps the value visible rather than dropping it.
        self.format(&time::format_description::well_known::Rfc3339).unwrap_or_else(|_| format!("{self:?}"))
    }
}

impl TimestampText for time::PrimitiveDateTime {
    fn parse_text(text: &str) -> Option<Self> {
        time::PrimitiveDateTime::parse(text, crate::wire::DATETIME).ok()
    }

    fn to_text(&self) -> String {
        self.format(crate::wire::DATETIME).unwrap_or_else(|_| format!("{self:?}"))
    }
}

/// A timestamp as the service sent it: the raw text always, the parsed value when the text is
/// in the documented format. Sent back (and serialized) as the text, unchanged.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct LenientTime<T> {
    text: String,
    value: Option<T>,
}

impl<T: TimestampText> LenientTime<T> {
    /// From a value (the text is its documented format).
    pub fn new(value: T) -> Self {
        LenientTime { text: value.to_text(), value: Some(value) }
    }

    /// From text as the service would send it; parsed if it is in the documented format.
    pub fn from_text(text: impl Into<String>) -> Self {
        let text = text.into();
        let value = T::parse_text(&text);
        LenientTime { text, value }
    }
}

impl<T> LenientTime<T> {
    /// The parsed value, or `None` when the text is not in the documented format.
    pub fn value(&self) -> Option<&T> {
        self.value.as_ref()
    }

    /// The text exactly as it was received (or would be sent).
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl<T: TimestampText> From<T> for LenientTime<T> {
    fn from(value: T) -> Self {
        LenientTime::new(value)
    }
}

impl<T> fmt::Debug for LenientTime<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The text says everything the value does; whether it parsed is the one extra fact.
        let state = if self.value.is_some() { "" } else { " (unparsed)" };
        write!(f, "{:?}{state}", self.text)
    }
}

impl<T> fmt::Display for LenientTime<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl<T> Serialize for LenientTime<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de, T: TimestampText> Deserialize<'de> for LenientTime<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Only a non-string (a number, an object) is still an error: there is no text to keep.
        let text = String::deserialize(d)?;
        Ok(LenientTime::from_text(text))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use time::macros::datetime;

    use super::*;

    type Datetime = LenientTime<time::PrimitiveDateTime>;

    #[test]
    fn documented_text_parses_and_round_trips() {
        let time: Datetime = serde_json::from_value(json!("2025-09-17 18:51:32")).unwrap();
        assert_eq!(time.value(), Some(&datetime!(2025-09-17 18:51:32)));
        assert_eq!(serde_json::to_value(&time).unwrap(), json!("2025-09-17 18:51:32"));
    }

    #[test]
    fn other_text_is_kept_without_a_value() {
        for text in ["", "2025-09-17 18:51:32.123", "2025-09-17T18:51:32+08:00", "yesterday"] {
            let time: Datetime = serde_json::from_value(json!(text)).unwrap();
            assert_eq!(time.value(), None, "{text:?}");
            assert_eq!(time.text(), text);
            assert_eq!(serde_json::to_value(&time).unwrap(), json!(text));
        }
    }

    #[test]
    fn a_non_string_is_still_an_error() {
        assert!(serde_json::from_value::<Datetime>(json!(1758106292)).is_err());
    }

    #[test]
    fn a_value_is_written_in_its_format() {
        let rfc = LenientTime::new(datetime!(2019-08-20 06:51:27.292 UTC));
        assert_eq!(rfc.text(), "2019-08-20T06:51:27.292Z");
        assert_eq!(format!("{:?}", Datetime::from_text("x")), "\"x\" (unparsed)");
    }
}
