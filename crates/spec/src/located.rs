//! Values that remember where in which YAML file they were written.

use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_saphyr::Spanned;

/// A position in a spec file: 1-based line and column, and the byte range for snippets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: u64,
    pub column: u64,
    pub offset: usize,
    pub len: usize,
}

impl Pos {
    fn from_spanned<T>(spanned: &Spanned<T>) -> Self {
        let location = spanned.referenced;
        let span = location.span();
        Pos {
            line: location.line(),
            column: location.column(),
            offset: span.byte_offset().unwrap_or(0) as usize,
            len: span.byte_len().unwrap_or(0) as usize,
        }
    }
}

/// A deserialized value and the position of the YAML node it came from.
#[derive(Debug, Clone)]
pub struct Located<T> {
    pub value: T,
    pub pos: Pos,
}

impl<T> std::ops::Deref for Located<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// Whether the values deserialized on this thread record their positions.
///
/// Positions are read by diagnostics alone, and serde-saphyr's located path costs about 5 % of a
/// parse, so a run may load without them first ([`Positions::Skipped`], every `pos` the
/// default) and load again with them only if it has something to report (see
/// `cloudspec_codegen::lint`). What is parsed is the same either way; only `pos` differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Positions {
    #[default]
    Tracked,
    Skipped,
}

thread_local! {
    static POSITIONS: Cell<Positions> = const { Cell::new(Positions::Tracked) };
}

impl Positions {
    /// The mode of the calling thread: what a thread that parses on its behalf must use.
    pub fn current() -> Positions {
        POSITIONS.with(Cell::get)
    }

    /// Runs `work` on this thread with values deserialized in this mode, then restores the
    /// previous one (also when `work` unwinds).
    pub fn during<R>(self, work: impl FnOnce() -> R) -> R {
        struct Restore(Positions);
        impl Drop for Restore {
            fn drop(&mut self) {
                POSITIONS.with(|mode| mode.set(self.0));
            }
        }
        let _restore = Restore(POSITIONS.with(|mode| mode.replace(self)));
        work()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if Positions::current() == Positions::Skipped {
            return Ok(Located { value: T::deserialize(d)?, pos: Pos::default() });
        }
        let spanned = Spanned::<T>::deserialize(d)?;
        let pos = Pos::from_spanned(&spanned);
        Ok(Located { value: spanned.value, pos })
    }
}

/// The schema of a located value is the schema of the value: positions are not written by authors.
impl<T: JsonSchema> JsonSchema for Located<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// A YAML mapping kept in the order it was written, each key with its position. Order matters:
/// generated structs list fields in the order of the vendor's page, and output must be
/// deterministic. Duplicate keys are rejected by the YAML loader before they get here.
#[derive(Debug, Clone)]
pub struct Entries<V>(pub Vec<(Located<String>, V)>);

impl<V> Default for Entries<V> {
    fn default() -> Self {
        Entries(Vec::new())
    }
}

impl<V> Entries<V> {
    pub fn iter(&self) -> impl Iterator<Item = (&Located<String>, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn get(&self, key: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| k.value == key).map(|(_, v)| v)
    }
    /// The key itself, with its position: where a diagnostic about an entry points.
    pub fn key(&self, key: &str) -> Option<&Located<String>> {
        self.0.iter().find(|(k, _)| k.value == key).map(|(k, _)| k)
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Entries<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for EntriesVisitor<V> {
            type Value = Entries<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some((key, value)) = map.next_entry()? {
                    entries.push((key, value));
                }
                Ok(Entries(entries))
            }
        }
        d.deserialize_map(EntriesVisitor(PhantomData))
    }
}

impl<V: JsonSchema> JsonSchema for Entries<V> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Map_of_{}", V::schema_name()).into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "type": "object",
            "additionalProperties": generator.subschema_for::<V>(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn located(yaml: &str) -> Located<String> {
        serde_saphyr::from_str(yaml).unwrap()
    }

    #[test]
    fn positions_are_skipped_only_while_asked_and_the_value_is_the_same() {
        let tracked = located("\n  name");
        assert_eq!((tracked.value.as_str(), tracked.pos.line, tracked.pos.column), ("name", 2, 3));
        let skipped = Positions::Skipped.during(|| located("\n  name"));
        assert_eq!((skipped.value.as_str(), skipped.pos), ("name", Pos::default()));
        assert_eq!(Positions::current(), Positions::Tracked, "the mode is restored afterwards");
    }
}
