//! Wire formats that plain serde derives cannot express, as `#[serde(with = ...)]` modules.
//!
//! Generated code names one of these modules per field instead of carrying its own
//! (de)serialization code, so each format is written, tested and compiled once.

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field that is required but may be `null` (OCI `Content.content`): the key must be present,
/// `null` is a value. Serde treats a plain `Option` field as optional; routing it through
/// `deserialize_with` makes a missing key an error while `null` still reads as `None`.
pub mod nullable {
    use super::*;

    pub fn serialize<T: Serialize, S: Serializer>(value: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
        value.serialize(s)
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
        Option::<T>::deserialize(d)
    }
}

pub use crate::epoch::{epoch_millis, epoch_seconds};

/// Generates the plain and `Option` variants of a text-formatted timestamp module.
macro_rules! timestamp_format {
    ($(#[$doc:meta])* $name:ident, $ty:ty, $format:expr, $parse:path) => {
        $(#[$doc])*
        pub mod $name {
            use super::*;

            pub fn serialize<S: Serializer>(value: &$ty, s: S) -> Result<S::Ok, S::Error> {
                let text = value.format($format).map_err(serde::ser::Error::custom)?;
                s.serialize_str(&text)
            }

            pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<$ty, D::Error> {
                let text = std::borrow::Cow::<str>::deserialize(d)?;
                $parse(&text, $format).map_err(|e| {
                    D::Error::custom(format_args!("invalid timestamp {text:?}: {e}"))
                })
            }

            /// The same format for an `Option` field (absent or `null` is `None`).
            pub mod option {
                use super::*;

                pub fn serialize<S: Serializer>(value: &Option<$ty>, s: S) -> Result<S::Ok, S::Error> {
                    match value {
                        Some(value) => super::serialize(value, s),
                        None => s.serialize_none(),
                    }
                }

                pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<$ty>, D::Error> {
                    #[derive(Deserialize)]
                    struct Wrapped(#[serde(deserialize_with = "super::deserialize")] $ty);
                    Ok(Option::<Wrapped>::deserialize(d)?.map(|Wrapped(value)| value))
                }
            }
        }
    };
}

timestamp_format!(
    /// RFC 3339 (`2019-08-20T06:51:27.292Z`), as an [`time::OffsetDateTime`].
    rfc3339,
    time::OffsetDateTime,
    &time::format_description::well_known::Rfc3339,
    time::OffsetDateTime::parse
);

timestamp_format!(
    /// `yyyy-MM-dd HH:mm:ss` with no zone (Tencent Cloud), as a [`time::PrimitiveDateTime`]. The
    /// zone is whatever the service documents; the wire carries none, so neither does the type.
    datetime,
    time::PrimitiveDateTime,
    DATETIME,
    time::PrimitiveDateTime::parse
);

pub(crate) const DATETIME: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");

/// A JSON document carried inside a string field (DataWorks `Spec`): the Rust field holds the
/// typed document, the wire holds its compact JSON text.
pub mod json_string {
    use super::*;

    pub fn serialize<T: Serialize, S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
        let text = serde_json::to_string(value).map_err(serde::ser::Error::custom)?;
        s.serialize_str(&text)
    }

    pub fn deserialize<'de, T: DeserializeOwned, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(d)?;
        serde_json::from_str(&text)
            .map_err(|e| D::Error::custom(format_args!("invalid JSON document in string: {e}")))
    }

    /// The same for an `Option` field.
    pub mod option {
        use super::*;

        pub fn serialize<T: Serialize, S: Serializer>(value: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
            match value {
                Some(value) => super::serialize(value, s),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, T: DeserializeOwned, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<T>, D::Error> {
            match Option::<std::borrow::Cow<'de, str>>::deserialize(d)? {
                Some(text) => serde_json::from_str(&text)
                    .map(Some)
                    .map_err(|e| D::Error::custom(format_args!("invalid JSON document in string: {e}"))),
                None => Ok(None),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};
    use serde_json::json;

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct Doc {
        #[serde(with = "super::nullable")]
        content: Option<String>,
        #[serde(with = "super::rfc3339")]
        created: time::OffsetDateTime,
        #[serde(with = "super::datetime::option", default, skip_serializing_if = "Option::is_none")]
        local: Option<time::PrimitiveDateTime>,
        #[serde(with = "super::json_string")]
        spec: serde_json::Value,
    }

    #[test]
    fn formats_round_trip_byte_for_byte() {
        let wire = json!({
            "content": null,
            "created": "2019-08-20T06:51:27.292Z",
            "local": "2025-09-17 18:51:32",
            "spec": "{\"version\":\"1.1.0\"}"
        });
        let doc: Doc = serde_json::from_value(wire.clone()).unwrap();
        assert_eq!(doc.content, None);
        assert_eq!(serde_json::to_value(&doc).unwrap(), wire);
    }

    #[test]
    fn required_nullable_rejects_a_missing_key() {
        let wire = json!({ "created": "2019-08-20T06:51:27Z", "spec": "{}" });
        let error = serde_json::from_value::<Doc>(wire).unwrap_err().to_string();
        assert!(error.contains("missing field `content`"), "{error}");
    }

    #[test]
    fn bad_timestamps_and_documents_are_errors() {
        let wire = json!({ "content": "x", "created": "yesterday", "spec": "{}" });
        assert!(serde_json::from_value::<Doc>(wire).unwrap_err().to_string().contains("invalid timestamp"));
        let wire = json!({ "content": "x", "created": "2019-08-20T06:51:27Z", "spec": "{" });
        assert!(
            serde_json::from_value::<Doc>(wire).unwrap_err().to_string().contains("invalid JSON document")
        );
    }
}
