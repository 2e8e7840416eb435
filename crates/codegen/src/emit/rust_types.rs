//! Rust types and serde attributes of fields.

use quote::format_ident;

use crate::ir::{Field, Ty, timestamp_format_name};
use crate::spec::Location;

pub fn ident(name: &str) -> proc_macro2::Ident {
    format_ident!("{}", name)
}

/// The Rust type of a value of `ty` (without the `Option` of optional fields), as source text.
pub fn rust_type_text(ty: &Ty) -> String {
    match ty {
        Ty::String | Ty::Bytes => "String".to_owned(),
        Ty::NumberOrString => "cloudspec_runtime::NumberOrString".to_owned(),
        Ty::I32 => "i32".to_owned(),
        Ty::I64 => "i64".to_owned(),
        Ty::F64 => "f64".to_owned(),
        Ty::Bool => "bool".to_owned(),
        Ty::Timestamp(crate::spec::TimestampFormat::Rfc3339) => {
            "cloudspec_runtime::time::OffsetDateTime".to_owned()
        }
        Ty::Timestamp(crate::spec::TimestampFormat::Datetime) => {
            "cloudspec_runtime::time::PrimitiveDateTime".to_owned()
        }
        Ty::LenientTimestamp(format) => {
            let inner = rust_type_text(&Ty::Timestamp(*format));
            format!("cloudspec_runtime::LenientTime<{inner}>")
        }
        Ty::Json => "serde_json::Value".to_owned(),
        Ty::List(inner) => format!("Vec<{}>", rust_type_text(inner)),
        Ty::Map(inner) => format!("std::collections::BTreeMap<String, {}>", rust_type_text(inner)),
        Ty::JsonString(inner) => rust_type_text(inner),
        Ty::Named { name, .. } => name.clone(),
    }
}

/// The field's declared type as source text: `T`, or `Option<T>` when optional or nullable.
pub fn field_type_text(field: &Field) -> String {
    let ty = rust_type_text(&field.ty);
    if field.is_option() { format!("Option<{ty}>") } else { ty }
}

/// The runtime module that (de)serializes a value of `ty`, where serde's default will not do.
fn with_module(ty: &Ty) -> Option<String> {
    match ty {
        Ty::Timestamp(format) => Some(format!("cloudspec_runtime::wire::{}", timestamp_format_name(*format))),
        Ty::JsonString(_) => Some("cloudspec_runtime::wire::json_string".to_owned()),
        _ => None,
    }
}

/// `#[serde(...)]` for a field of a serde-derived struct, as source text (empty when serde's
/// defaults do).
pub fn serde_attrs_text(field: &Field) -> String {
    let mut parts: Vec<String> = Vec::new();
    if field.rust != field.wire && field.location != Location::Payload {
        parts.push(format!("rename = {:?}", field.wire));
    }
    match field.location {
        // Path and header values travel outside the JSON document; the client moves them.
        Location::Path | Location::Header => return "#[serde(skip)]".to_owned(),
        Location::Payload => parts.push("flatten".to_owned()),
        Location::Body | Location::Query => {}
    }
    let module = with_module(&field.ty);
    match (field.required, field.nullable) {
        (false, _) => {
            parts.push("default, skip_serializing_if = \"Option::is_none\"".to_owned());
            if let Some(module) = module {
                parts.push(format!("with = \"{module}::option\""));
            }
        }
        // Required but nullable: present in every document, possibly as null. Going through a
        // `with` module (and no `default`) is what makes serde reject a missing key.
        (true, true) => {
            let module =
                module.map_or("cloudspec_runtime::wire::nullable".to_owned(), |m| format!("{m}::option"));
            parts.push(format!("with = \"{module}\""));
        }
        (true, false) => {
            if let Some(module) = module {
                parts.push(format!("with = \"{module}\""));
            }
        }
    }
    if parts.is_empty() { String::new() } else { format!("#[serde({})]", parts.join(", ")) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::TimestampFormat;

    /// Every type's text is a Rust type, as the generated code spells it.
    #[test]
    fn type_text_is_a_rust_type() {
        let named = |name: &str| Ty::Named { name: name.into(), key: name.into(), is_enum: false };
        let cases = [
            (Ty::String, "String"),
            (Ty::Bytes, "String"),
            (Ty::I32, "i32"),
            (Ty::I64, "i64"),
            (Ty::F64, "f64"),
            (Ty::Bool, "bool"),
            (Ty::Timestamp(TimestampFormat::Rfc3339), "cloudspec_runtime::time::OffsetDateTime"),
            (Ty::Timestamp(TimestampFormat::Datetime), "cloudspec_runtime::time::PrimitiveDateTime"),
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
            let text = rust_type_text(&ty);
            assert_eq!(text, expected);
            assert!(syn::parse_str::<syn::Type>(&text).is_ok(), "{text}");
        }
    }
}
