//! What `#[derive(cloudspec_runtime::Deserialize)]` calls: the per-member steps of reading a
//! struct from a map, written once here instead of expanded into every struct.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};

/// A member's key, borrowed from the input when the format allows (JSON without escapes).
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a member name")
            }
            fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(value)))
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value.to_owned())))
            }
            fn visit_string<E: de::Error>(self, value: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value)))
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// Reads the member's value into `slot`; a member that comes twice is an error, as with serde's
/// derive.
pub fn member<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    wire: &'static str,
) -> Result<(), A::Error> {
    member_with(map, slot, wire, std::convert::identity)
}

/// [`member`] for a field read through a `with` module: `W` is the adapter type calling it.
pub fn member_with<'de, A: MapAccess<'de>, W: Deserialize<'de>, T>(
    map: &mut A,
    slot: &mut Option<T>,
    wire: &'static str,
    unwrap: fn(W) -> T,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(wire));
    }
    *slot = Some(unwrap(map.next_value()?));
    Ok(())
}

/// A required member's value, or serde's "missing field" error.
pub fn required<T, E: de::Error>(slot: Option<T>, wire: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(wire))
}

/// Reads past the value of a member no field names.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// The members no field names, for a struct that keeps them (`#[serde(flatten)]` on a map).
#[derive(Default)]
pub struct Rest(serde_json::Map<String, serde_json::Value>);

impl Rest {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn insert<'de, A: MapAccess<'de>>(&mut self, map: &mut A, key: Key<'de>) -> Result<(), A::Error> {
        let value = map.next_value()?;
        self.0.insert(key.into_string(), value);
        Ok(())
    }

    pub fn into_map(self) -> serde_json::Map<String, serde_json::Value> {
        self.0
    }
}
