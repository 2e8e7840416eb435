//! Rust types and serde attributes of fields.

use super::serde_case::CaseRule;
use crate::emit::inert::{Code, ident, rust};
use crate::ir::{Field, Ty, timestamp_format_name};
use crate::spec::{Location, PresignedUse, TimestampFormat};

/// The Rust type of a value of `ty` (without the `Option` of optional fields).
pub fn rust_type(ty: &Ty) -> Code {
    match ty {
        Ty::String | Ty::Bytes => Code::fixed("String"),
        // A request's raw body; a response's is a `Download` (see `field_type`).
        Ty::Binary => Code::fixed("cloudspec_runtime::BinaryBody"),
        Ty::NumberOrString => Code::fixed("cloudspec_runtime::NumberOrString"),
        Ty::I32 => Code::fixed("i32"),
        Ty::I64 => Code::fixed("i64"),
        Ty::F64 => Code::fixed("f64"),
        Ty::Bool => Code::fixed("bool"),
        Ty::Timestamp(
            TimestampFormat::Rfc3339 | TimestampFormat::EpochSeconds | TimestampFormat::EpochMillis,
        ) => Code::fixed("cloudspec_runtime::time::OffsetDateTime"),
        Ty::Timestamp(TimestampFormat::Datetime) => Code::fixed("cloudspec_runtime::time::PrimitiveDateTime"),
        Ty::LenientTimestamp(format) => {
            rust!("cloudspec_runtime::LenientTime<{}>", rust_type(&Ty::Timestamp(*format)))
        }
        Ty::Json => Code::fixed("serde_json::Value"),
        Ty::List(inner) => rust!("Vec<{}>", rust_type(inner)),
        Ty::Nullable(inner) => rust!("Option<{}>", rust_type(inner)),
        Ty::Map(inner) => rust!("std::collections::BTreeMap<String, {}>", rust_type(inner)),
        Ty::JsonString(inner) => rust_type(inner),
        Ty::Named { name, .. } => rust!("{}", ident(name)),
    }
}

/// The field's declared type: `T`, or `Option<T>` when optional or nullable. A presigned URL
/// is the runtime's typed URL for its one transfer.
pub fn field_type(field: &Field) -> Code {
    let ty = match field.presigned {
        Some(PresignedUse::Upload) => Code::fixed("cloudspec_runtime::PresignedUploadUrl"),
        Some(PresignedUse::Download) => Code::fixed("cloudspec_runtime::PresignedDownloadUrl"),
        None => rust_type(&field.ty),
    };
    if field.is_option() { rust!("Option<{}>", ty) } else { ty }
}

/// The runtime module that (de)serializes a value of `ty`, where serde's default will not do.
fn with_module(ty: &Ty) -> Option<Code> {
    match ty {
        Ty::Timestamp(format) => {
            Some(rust!("cloudspec_runtime::wire::{}", ident(timestamp_format_name(*format))))
        }
        Ty::JsonString(_) => Some(Code::fixed("cloudspec_runtime::wire::json_string")),
        _ => None,
    }
}

/// Whether serde puts the field in the document under a name of its own (so a `rename` or the
/// struct's `rename_all` applies): not when it travels outside it (path, header) or is
/// flattened into it (a payload).
pub fn named_in_document(field: &Field) -> bool {
    matches!(field.location, Location::Body | Location::Query)
}

/// The arguments of `#[serde(...)]` for a field of a serde-derived struct (none when serde's
/// defaults do) whose struct carries `#[serde(rename_all = rule)]`, if any: a `rename` only
/// where serde would not write the wire name itself.
pub fn serde_attrs(field: &Field, rule: Option<CaseRule>) -> Vec<Code> {
    let mut parts = Vec::new();
    let serde_name = match rule {
        Some(rule) => rule.apply(ident(&field.rust).as_str()),
        None => Some(ident(&field.rust).as_str().to_owned()),
    };
    if named_in_document(field) && serde_name.as_deref() != Some(field.wire.as_str()) {
        parts.push(rust!("rename = {}", crate::emit::inert::lit(&field.wire)));
    }
    match field.location {
        // Path and header values travel outside the JSON document; the client moves them.
        Location::Path | Location::Header => return vec![Code::fixed("skip")],
        Location::Payload => parts.push(Code::fixed("flatten")),
        Location::Body | Location::Query => {}
    }
    let module = with_module(&field.ty);
    match (field.required, field.nullable) {
        (false, _) => {
            parts.push(Code::fixed("default, skip_serializing_if = \"Option::is_none\""));
            if let Some(module) = module {
                parts.push(rust!("with = \"{}::option\"", module));
            }
        }
        // Required but nullable: present in every document, possibly as null. Going through a
        // `with` module (and no `default`) is what makes serde reject a missing key.
        (true, true) => match module {
            Some(module) => parts.push(rust!("with = \"{}::option\"", module)),
            None => parts.push(Code::fixed("with = \"cloudspec_runtime::wire::nullable\"")),
        },
        (true, false) => {
            if let Some(module) = module {
                parts.push(rust!("with = \"{}\"", module));
            }
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every type's text is a Rust type, as the generated code spells it.
    #[test]
    fn type_text_is_a_rust_type() {
        let named =
            |name: &str| Ty::Named { name: name.into(), key: name.into(), is_enum: false, enum_kind: None };
        let cases = [
            (Ty::String, "String"),
            (Ty::Bytes, "String"),
            (Ty::I32, "i32"),
            (Ty::I64, "i64"),
            (Ty::F64, "f64"),
            (Ty::Bool, "bool"),
            (Ty::Timestamp(TimestampFormat::Rfc3339), "cloudspec_runtime::time::OffsetDateTime"),
            (Ty::Timestamp(TimestampFormat::Datetime), "cloudspec_runtime::time::PrimitiveDateTime"),
            (Ty::Timestamp(TimestampFormat::EpochMillis), "cloudspec_runtime::time::OffsetDateTime"),
            (Ty::List(Box::new(Ty::Nullable(Box::new(Ty::String)))), "Vec<Option<String>>"),
            (Ty::Json, "serde_json::Value"),
            (
                Ty::List(Box::new(Ty::Map(Box::new(named("Tag"))))),
                "Vec<std::collections::BTreeMap<String, Tag>>",
            ),
            (Ty::JsonString(Box::new(named("FlowSpec"))), "FlowSpec"),
            (Ty::NumberOrString, "cloudspec_runtime::NumberOrString"),
            (
                Ty::LenientTimestamp(TimestampFormat::Datetime),
                "cloudspec_runtime::LenientTime<cloudspec_runtime::time::PrimitiveDateTime>",
            ),
        ];
        for (ty, expected) in cases {
            let text = rust_type(&ty);
            assert_eq!(text.as_str(), expected);
            assert!(syn::parse_str::<syn::Type>(text.as_str()).is_ok(), "{text}");
        }
    }
}
