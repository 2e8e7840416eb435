//! Integer and boolean enums: the counterparts of [`crate::wire_enum!`] for fields whose wire
//! values are numbers (`Status: 0 | 1 | 2`) or booleans with documented meanings.

/// What every generated integer enum offers generic code.
pub trait WireIntEnum {
    /// The value as it appears on the wire.
    fn wire_int(&self) -> i64;
    /// False for `Unknown(_)`: a value this version of the spec does not document.
    fn is_known(&self) -> bool;
}

/// Declares an integer enum from its variants and their wire values, adds the fallback variant
/// `Unknown(i64)`, and implements `as_i64`, `KNOWN`, [`WireIntEnum`], `Display`, `From<i64>`,
/// `Serialize` (a JSON integer) and `Deserialize` (an integer, or a string of digits, which
/// some services send):
///
/// ```
/// cloudspec_runtime::wire_int_enum! {
///     /// The state of a job.
///     #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
///     pub enum JobState {
///         Queued = 0,
///         /// Running now.
///         Running = 1,
///         Failed = -1,
///     }
/// }
/// assert_eq!(JobState::from(1), JobState::Running);
/// assert_eq!(JobState::from(7), JobState::Unknown(7));
/// assert_eq!(serde_json::to_string(&JobState::Failed).unwrap(), "-1");
/// ```
#[macro_export]
macro_rules! wire_int_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[$variant_meta:meta])* $variant:ident = $wire:literal,)*
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $($(#[$variant_meta])* $variant,)*
            /// A value this version of the client does not know; kept verbatim.
            Unknown(i64),
        }

        // A deprecated value still decodes and encodes: only a caller naming it is warned.
        #[allow(deprecated)]
        impl $name {
            /// Every value the spec documents, in its order.
            pub const KNOWN: &'static [i64] = &[$($wire),*];

            /// The value as it appears on the wire.
            pub fn as_i64(&self) -> i64 {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(value) => *value,
                }
            }

            /// The variant for a wire value; values the spec does not know become `Unknown`.
            pub fn from_wire(value: i64) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::Unknown(other),
                }
            }
        }

        impl $crate::WireIntEnum for $name {
            fn wire_int(&self) -> i64 {
                self.as_i64()
            }
            fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::write!(f, "{}", self.as_i64())
            }
        }

        impl ::std::convert::From<i64> for $name {
            fn from(value: i64) -> Self {
                Self::from_wire(value)
            }
        }

        /// Text (a header value): the integer's digits.
        impl ::std::str::FromStr for $name {
            type Err = ::std::num::ParseIntError;
            fn from_str(text: &str) -> ::std::result::Result<Self, Self::Err> {
                text.trim().parse::<i64>().map(Self::from_wire)
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_i64(self.as_i64())
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                $crate::wire_int_enum::deserialize_int(d, ::std::stringify!($name)).map(Self::from_wire)
            }
        }
    };
}

/// Declares a boolean enum: two variants, one per wire value, serialized as a JSON boolean and
/// read from a boolean or the strings `"true"` / `"false"` (any case). There is no fallback
/// variant: a boolean has no third value.
///
/// ```
/// cloudspec_runtime::wire_bool_enum! {
///     #[derive(Debug, Clone, Copy, PartialEq, Eq)]
///     pub enum Visibility {
///         Public = true,
///         Private = false,
///     }
/// }
/// assert_eq!(serde_json::from_str::<Visibility>("\"FALSE\"").unwrap(), Visibility::Private);
/// assert_eq!(serde_json::to_string(&Visibility::Public).unwrap(), "true");
/// ```
#[macro_export]
macro_rules! wire_bool_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(#[$true_meta:meta])* $when_true:ident = true,
            $(#[$false_meta:meta])* $when_false:ident = false,
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $(#[$true_meta])* $when_true,
            $(#[$false_meta])* $when_false,
        }

        #[allow(deprecated)]
        impl $name {
            /// The value as it appears on the wire.
            pub fn as_bool(&self) -> bool {
                matches!(self, Self::$when_true)
            }

            /// The variant for a wire value.
            pub fn from_wire(value: bool) -> Self {
                if value { Self::$when_true } else { Self::$when_false }
            }
        }

        impl ::std::convert::From<bool> for $name {
            fn from(value: bool) -> Self {
                Self::from_wire(value)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::write!(f, "{}", self.as_bool())
            }
        }

        /// Text (a header value): `true` or `false` in any case.
        impl ::std::str::FromStr for $name {
            type Err = $crate::wire_int_enum::NotABoolean;
            fn from_str(text: &str) -> ::std::result::Result<Self, Self::Err> {
                $crate::wire_int_enum::parse_bool(text).map(Self::from_wire)
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_bool(self.as_bool())
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                $crate::wire_int_enum::deserialize_bool(d, ::std::stringify!($name)).map(Self::from_wire)
            }
        }
    };
}

use std::fmt;

use serde::Deserializer;
use serde::de::{self, Visitor};

/// Text that is neither `true` nor `false`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotABoolean;

impl fmt::Display for NotABoolean {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("expected `true` or `false`")
    }
}

impl std::error::Error for NotABoolean {}

/// `true` or `false` in any case, around blanks.
#[doc(hidden)]
pub fn parse_bool(text: &str) -> Result<bool, NotABoolean> {
    match text.trim() {
        t if t.eq_ignore_ascii_case("true") => Ok(true),
        t if t.eq_ignore_ascii_case("false") => Ok(false),
        _ => Err(NotABoolean),
    }
}

/// An integer, or a string holding one; anything else is an error naming the enum.
#[doc(hidden)]
pub fn deserialize_int<'de, D: Deserializer<'de>>(d: D, name: &'static str) -> Result<i64, D::Error> {
    struct IntVisitor(&'static str);
    impl Visitor<'_> for IntVisitor {
        type Value = i64;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "an integer value of {}", self.0)
        }
        fn visit_i64<E: de::Error>(self, value: i64) -> Result<i64, E> {
            Ok(value)
        }
        fn visit_u64<E: de::Error>(self, value: u64) -> Result<i64, E> {
            i64::try_from(value).map_err(|_| E::custom(format_args!("{value} is too large for {}", self.0)))
        }
        fn visit_str<E: de::Error>(self, text: &str) -> Result<i64, E> {
            text.trim()
                .parse()
                .map_err(|_| E::custom(format_args!("{text:?} is not an integer value of {}", self.0)))
        }
    }
    d.deserialize_any(IntVisitor(name))
}

/// A boolean, or the string `true` / `false` in any case.
#[doc(hidden)]
pub fn deserialize_bool<'de, D: Deserializer<'de>>(d: D, name: &'static str) -> Result<bool, D::Error> {
    struct BoolVisitor(&'static str);
    impl Visitor<'_> for BoolVisitor {
        type Value = bool;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a boolean value of {}", self.0)
        }
        fn visit_bool<E: de::Error>(self, value: bool) -> Result<bool, E> {
            Ok(value)
        }
        fn visit_str<E: de::Error>(self, text: &str) -> Result<bool, E> {
            parse_bool(text)
                .map_err(|_| E::custom(format_args!("{text:?} is not a boolean value of {}", self.0)))
        }
    }
    d.deserialize_any(BoolVisitor(name))
}

#[cfg(test)]
mod tests {
    crate::wire_int_enum! {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        enum Level {
            Low = 0,
            High = 10,
            Off = -1,
        }
    }

    #[test]
    fn known_and_unknown_values_round_trip() {
        let values: Vec<Level> = serde_json::from_str(r#"[0, 10, -1, 42, "10"]"#).unwrap();
        assert_eq!(values, [Level::Low, Level::High, Level::Off, Level::Unknown(42), Level::High]);
        assert_eq!(serde_json::to_string(&values).unwrap(), "[0,10,-1,42,10]");
        assert_eq!(Level::KNOWN, &[0, 10, -1]);
        assert_eq!(Level::High.to_string(), "10");
        assert!(!crate::WireIntEnum::is_known(&Level::Unknown(3)));
    }

    #[test]
    fn non_integers_are_errors_naming_the_enum() {
        for bad in [r#""high""#, "1.5", "true", "18446744073709551615"] {
            let error = serde_json::from_str::<Level>(bad).unwrap_err().to_string();
            assert!(error.contains("Level"), "{bad}: {error}");
        }
    }

    crate::wire_bool_enum! {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        enum Switch {
            On = true,
            Off = false,
        }
    }

    crate::wire_int_enum! {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        enum Mode {
            New = 1,
            #[deprecated]
            Legacy = 0,
        }
    }

    #[test]
    #[allow(deprecated)]
    fn deprecated_values_still_decode_and_header_text_parses() {
        assert_eq!(serde_json::from_str::<Mode>("0").unwrap(), Mode::Legacy);
        assert_eq!(serde_json::to_string(&Mode::Legacy).unwrap(), "0");
        assert_eq!(Mode::KNOWN, &[1, 0]);
        assert_eq!(" 1 ".parse::<Mode>().unwrap(), Mode::New);
        assert!("one".parse::<Mode>().is_err());
        assert_eq!("FALSE".parse::<Switch>().unwrap(), Switch::Off);
        assert_eq!(Switch::On.to_string(), "true");
        assert_eq!("yes".parse::<Switch>().unwrap_err().to_string(), "expected `true` or `false`");
    }

    #[test]
    fn boolean_enums_read_booleans_and_their_text() {
        let values: Vec<Switch> = serde_json::from_str(r#"[true, false, "True", "false"]"#).unwrap();
        assert_eq!(values, [Switch::On, Switch::Off, Switch::On, Switch::Off]);
        assert_eq!(serde_json::to_string(&values).unwrap(), "[true,false,true,false]");
        let error = serde_json::from_str::<Switch>("1").unwrap_err().to_string();
        assert!(error.contains("Switch"), "{error}");
    }
}
