//! Rust types and serde attributes of fields.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Field, Ty, timestamp_format_name};
use crate::spec::Location;

pub fn ident(name: &str) -> proc_macro2::Ident {
    format_ident!("{}", name)
}

/// The Rust type of a value of `ty` (without the `Option` of optional fields).
pub fn rust_type(ty: &Ty) -> TokenStream {
    match ty {
        Ty::String | Ty::Bytes => quote!(String),
        Ty::I32 => quote!(i32),
        Ty::I64 => quote!(i64),
        Ty::F64 => quote!(f64),
        Ty::Bool => quote!(bool),
        Ty::Timestamp(crate::spec::TimestampFormat::Rfc3339) => {
            quote!(cloudspec_runtime::time::OffsetDateTime)
        }
        Ty::Timestamp(crate::spec::TimestampFormat::Datetime) => {
            quote!(cloudspec_runtime::time::PrimitiveDateTime)
        }
        Ty::Json => quote!(serde_json::Value),
        Ty::List(inner) => {
            let inner = rust_type(inner);
            quote!(Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = rust_type(inner);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        Ty::JsonString(inner) => rust_type(inner),
        Ty::Named { name, .. } => {
            let name = ident(name);
            quote!(#name)
        }
    }
}

/// The field's declared type: `T`, or `Option<T>` when optional or nullable.
pub fn field_type(field: &Field) -> TokenStream {
    let ty = rust_type(&field.ty);
    if field.is_option() { quote!(Option<#ty>) } else { ty }
}

/// The runtime module that (de)serializes a value of `ty`, where serde's default will not do.
fn with_module(ty: &Ty) -> Option<String> {
    match ty {
        Ty::Timestamp(format) => Some(format!("cloudspec_runtime::wire::{}", timestamp_format_name(*format))),
        Ty::JsonString(_) => Some("cloudspec_runtime::wire::json_string".to_owned()),
        _ => None,
    }
}

/// `#[serde(...)]` for a field of a serde-derived struct.
pub fn serde_attrs(field: &Field) -> TokenStream {
    let mut parts: Vec<TokenStream> = Vec::new();
    if field.rust != field.wire && field.location != Location::Payload {
        let wire = &field.wire;
        parts.push(quote!(rename = #wire));
    }
    match field.location {
        // Path and header values travel outside the JSON document; the client moves them.
        Location::Path | Location::Header => return quote!(#[serde(skip)]),
        Location::Payload => parts.push(quote!(flatten)),
        Location::Body | Location::Query => {}
    }
    let module = with_module(&field.ty);
    match (field.required, field.nullable) {
        (false, _) => {
            parts.push(quote!(default, skip_serializing_if = "Option::is_none"));
            if let Some(module) = module {
                let module = format!("{module}::option");
                parts.push(quote!(with = #module));
            }
        }
        // Required but nullable: present in every document, possibly as null. Going through a
        // `with` module (and no `default`) is what makes serde reject a missing key.
        (true, true) => {
            let module =
                module.map_or("cloudspec_runtime::wire::nullable".to_owned(), |m| format!("{m}::option"));
            parts.push(quote!(with = #module));
        }
        (true, false) => {
            if let Some(module) = module {
                parts.push(quote!(with = #module));
            }
        }
    }
    if parts.is_empty() { quote!() } else { quote!(#[serde(#(#parts),*)]) }
}
