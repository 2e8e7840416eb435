//! String enums with a fallback: a value the service adds later must never break a client.

/// What every generated string enum (and error-code enum) offers generic code.
pub trait WireEnum {
    /// The value as it appears on the wire.
    fn wire_value(&self) -> &str;
    /// False for `Unknown(_)`: a value this version of the spec does not document.
    fn is_known(&self) -> bool;
}

/// Declares a string enum from its variants and their wire values, adds the fallback variant
/// `Unknown(String)`, and implements `as_str`, `KNOWN`, [`WireEnum`], `Display`, `FromStr`,
/// `From<&str>`, `Serialize` and `Deserialize` for it:
///
/// ```
/// cloudspec_runtime::wire_enum! {
///     /// The kind of a file.
///     #[derive(Debug, Clone, PartialEq, Eq, Hash)]
///     pub enum Kind {
///         /// A regular file.
///         File = "file",
///         Folder = "folder",
///     }
/// }
/// assert_eq!(Kind::from("file"), Kind::File);
/// assert_eq!(Kind::from("album"), Kind::Unknown("album".to_owned()));
/// ```
///
/// Each variant sits on one line with its wire value and docs, and the impls are written once
/// here rather than once per enum.
#[macro_export]
macro_rules! wire_enum {
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
            Unknown(::std::string::String),
        }
        $crate::wire_enum!(@impls $name { $($variant => $wire),* });
    };
    (@impls $name:ident { $($variant:ident => $wire:literal),* }) => {
        // A deprecated value still decodes and encodes: only a caller naming it is warned.
        #[allow(deprecated)]
        impl $name {
            /// Every value the spec documents, in its order.
            pub const KNOWN: &'static [&'static str] = &[$($wire),*];

            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(value) => value,
                }
            }

            /// The variant for a wire value; values the spec does not know become `Unknown`.
            pub fn from_wire(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl $crate::WireEnum for $name {
            fn wire_value(&self) -> &str {
                self.as_str()
            }
            fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from_wire(value))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::from_wire(value)
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str> as $crate::serde::Deserialize>::deserialize(d)?;
                Ok(Self::from_wire(&value))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::wire_enum! {
        #[derive(Debug, Clone, PartialEq, Eq)]
        enum Kind {
            File = "file",
            Folder = "folder",
        }
    }

    crate::wire_enum! {
        #[derive(Debug, Clone, PartialEq, Eq)]
        enum Tier {
            Hot = "hot",
            #[deprecated]
            Cold = "cold",
        }
    }

    #[test]
    #[allow(deprecated)]
    fn deprecated_values_still_decode_and_encode() {
        assert_eq!(Tier::from("cold"), Tier::Cold);
        assert_eq!(Tier::Cold.as_str(), "cold");
        assert_eq!(Tier::KNOWN, &["hot", "cold"]);
    }

    #[test]
    fn known_and_unknown_values_round_trip() {
        assert_eq!("file".parse::<Kind>().unwrap(), Kind::File);
        assert_eq!(Kind::from("album"), Kind::Unknown("album".into()));
        assert_eq!(Kind::Folder.to_string(), "folder");
        let values: Vec<Kind> = serde_json::from_str(r#"["file","album"]"#).unwrap();
        assert_eq!(serde_json::to_string(&values).unwrap(), r#"["file","album"]"#);
        assert_eq!(Kind::KNOWN, &["file", "folder"]);
    }
}
