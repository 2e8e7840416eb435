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
/// An error-code enum may start with a `Common(<enum>)` variant that holds the codes shared by
/// every operation of a service, so that each operation lists only its own: a value the enum's
/// own variants do not know is looked up in the common enum, and only a value neither knows
/// becomes `Unknown`. `as_str`, `Display` and serde stay wire-exact for all three, and `KNOWN`
/// lists the enum's own values (the common ones are the common enum's `KNOWN`):
///
/// ```
/// cloudspec_runtime::wire_enum! {
///     #[derive(Debug, Clone, PartialEq, Eq, Hash)]
///     pub enum CommonErrorCode {
///         Throttled = "Throttled",
///     }
/// }
/// cloudspec_runtime::wire_enum! {
///     #[derive(Debug, Clone, PartialEq, Eq, Hash)]
///     pub enum GetFileErrorCode {
///         /// A code every operation of the service can return.
///         Common(CommonErrorCode),
///         NotFound = "NotFound",
///     }
/// }
/// assert_eq!(GetFileErrorCode::from("NotFound"), GetFileErrorCode::NotFound);
/// assert_eq!(GetFileErrorCode::from("Throttled"), GetFileErrorCode::Common(CommonErrorCode::Throttled));
/// assert_eq!(GetFileErrorCode::from("Gone"), GetFileErrorCode::Unknown("Gone".to_owned()));
/// assert_eq!(GetFileErrorCode::Common(CommonErrorCode::Throttled).as_str(), "Throttled");
/// ```
///
/// Each variant sits on one line with its wire value and docs, and the impls are written once
/// here rather than once per enum. (`Common` comes first because a macro pattern cannot tell it
/// apart from an own variant that follows the others.)
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
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(#[$common_meta:meta])*
            Common($common:ident),
            $($(#[$variant_meta:meta])* $variant:ident = $wire:literal,)*
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $(#[$common_meta])*
            Common($common),
            $($(#[$variant_meta])* $variant,)*
            /// A value neither this enum nor the common one knows; kept verbatim.
            Unknown(::std::string::String),
        }
        $crate::wire_enum!(@impls $name { $($variant => $wire),* } common $common);
    };
    (@impls $name:ident { $($variant:ident => $wire:literal),* } $(common $common:ident)?) => {
        // A deprecated value still decodes and encodes: only a caller naming it is warned.
        #[allow(deprecated)]
        impl $name {
            /// Every value the spec documents, in its order (an error-code enum: its own codes).
            pub const KNOWN: &'static [&'static str] = &[$($wire),*];

            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    $(Self::Common(code) => $common::as_str(code),)?
                    Self::Unknown(value) => value,
                }
            }

            /// The variant for a wire value; values the spec does not know become `Unknown`.
            pub fn from_wire(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => $crate::wire_enum!(@fallback other $($common)?),
                }
            }
        }

        impl $crate::WireEnum for $name {
            fn wire_value(&self) -> &str {
                self.as_str()
            }
            fn is_known(&self) -> bool {
                match self {
                    Self::Unknown(_) => false,
                    $(Self::Common(code) => <$common as $crate::WireEnum>::is_known(code),)?
                    #[allow(unreachable_patterns)]
                    _ => true,
                }
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
    // A value the own variants do not know: `Unknown`, or first the common enum's variant.
    (@fallback $value:ident) => {
        Self::Unknown($value.to_owned())
    };
    (@fallback $value:ident $common:ident) => {
        match $common::from_wire($value) {
            $common::Unknown(value) => Self::Unknown(value),
            common => Self::Common(common),
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

    crate::wire_enum! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        enum CommonErrorCode {
            Throttled = "Throttled",
            NotFound = "NotFound",
        }
    }

    crate::wire_enum! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        enum GetFileErrorCode {
            /// Codes every operation can return.
            Common(CommonErrorCode),
            // Also common: the operation's own variant wins.
            NotFound = "NotFound",
            FileLocked = "FileLocked",
        }
    }

    crate::wire_enum! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        enum PingErrorCode {
            Common(CommonErrorCode),
        }
    }

    #[test]
    fn an_error_code_decodes_own_then_common_then_unknown() {
        assert_eq!(GetFileErrorCode::from("FileLocked"), GetFileErrorCode::FileLocked);
        assert_eq!(GetFileErrorCode::from("NotFound"), GetFileErrorCode::NotFound);
        assert_eq!(GetFileErrorCode::from("Throttled"), GetFileErrorCode::Common(CommonErrorCode::Throttled));
        assert_eq!(GetFileErrorCode::from("Gone"), GetFileErrorCode::Unknown("Gone".into()));
        assert_eq!(PingErrorCode::from("NotFound"), PingErrorCode::Common(CommonErrorCode::NotFound));
        assert_eq!(PingErrorCode::from("Gone"), PingErrorCode::Unknown("Gone".into()));
        assert_eq!(GetFileErrorCode::KNOWN, &["NotFound", "FileLocked"]);
        assert!(PingErrorCode::KNOWN.is_empty());
        assert_eq!(CommonErrorCode::KNOWN, &["Throttled", "NotFound"]);
    }

    #[test]
    fn an_error_code_with_common_codes_stays_wire_exact() {
        use crate::WireEnum;
        let codes = [
            GetFileErrorCode::FileLocked,
            GetFileErrorCode::Common(CommonErrorCode::Throttled),
            GetFileErrorCode::Unknown("Gone".into()),
        ];
        let wire: Vec<String> = codes.iter().map(ToString::to_string).collect();
        assert_eq!(wire, ["FileLocked", "Throttled", "Gone"]);
        assert_eq!(
            codes.iter().map(|c| c.wire_value()).collect::<Vec<_>>(),
            ["FileLocked", "Throttled", "Gone"]
        );
        assert_eq!(codes.iter().map(WireEnum::is_known).collect::<Vec<_>>(), [true, true, false]);
        let json = serde_json::to_string(&codes).unwrap();
        assert_eq!(json, r#"["FileLocked","Throttled","Gone"]"#);
        assert_eq!(serde_json::from_str::<Vec<GetFileErrorCode>>(&json).unwrap(), codes);
        assert_eq!("Throttled".parse::<GetFileErrorCode>().unwrap(), codes[1]);
        // Only decoding fills `Common`; one built by hand around an unknown code is not known.
        assert!(!GetFileErrorCode::Common(CommonErrorCode::Unknown("Gone".into())).is_known());
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
