//! Structs and enums: the data types of requests, responses and their nested values.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::docs::{doc_lines, paragraphs, vendor};
use super::rust_types::{field_type, ident, serde_attrs};
use super::validation::validate_impl;
use crate::ir::{Constraints, Field, StructDef, TypeDef, TypeKind, Variant};
use crate::spec::{LengthUnit, Location};

pub fn type_def(def: &TypeDef) -> TokenStream {
    match &def.kind {
        TypeKind::Struct(s) => struct_def(s, &[]),
        TypeKind::Enum(variants) => enum_def(&def.name, def.doc.as_deref(), variants),
    }
}

/// A serde struct with rustdoc on every field, its `Validate` impl and, when a field is
/// sensitive, a `Debug` that redacts it.
pub fn struct_def(def: &StructDef, extra_doc: &[String]) -> TokenStream {
    let name = ident(&def.name);
    let mut doc = paragraphs(vec![vendor(def.doc.as_deref().unwrap_or_default())]);
    if !extra_doc.is_empty() {
        if !doc.is_empty() {
            doc.push(String::new());
        }
        doc.extend(extra_doc.iter().cloned());
    }
    if doc.is_empty() {
        doc.push(format!("The `{}` type.", def.name));
    }
    let doc = doc_lines(&doc);
    let fields = def.fields.iter().map(|field| {
        let docs = doc_lines(&field_doc(field));
        let attrs = serde_attrs(field);
        let deprecated = if field.deprecated { quote!(#[deprecated]) } else { quote!() };
        let name = ident(&field.rust);
        let ty = field_type(field);
        quote! { #docs #deprecated #attrs pub #name: #ty, }
    });
    let derive_debug = if def.has_sensitive() { quote!() } else { quote!(Debug,) };
    let debug_impl = if def.has_sensitive() { redacted_debug(def) } else { quote!() };
    let validate = validate_impl(def);
    quote! {
        #doc
        #[derive(#derive_debug Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct #name { #(#fields)* }
        #debug_impl
        #validate
    }
}

fn redacted_debug(def: &StructDef) -> TokenStream {
    let name = ident(&def.name);
    let label = &def.name;
    let fields = def.fields.iter().map(|field| {
        let rust = ident(&field.rust);
        let label = &field.rust;
        if field.sensitive {
            quote!(.field(#label, &cloudspec_runtime::Redacted))
        } else {
            quote!(.field(#label, &self.#rust))
        }
    });
    quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#label) #(#fields)* .finish()
            }
        }
    }
}

/// A string enum with an `Unknown` fallback; the runtime macro writes its trait impls.
pub fn enum_def(name: &str, doc: Option<&str>, variants: &[Variant]) -> TokenStream {
    let ident_name = ident(name);
    let doc = doc_lines(&[doc.map_or_else(|| format!("Values of `{name}`."), vendor)]);
    let declared = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let text = match &v.doc {
            Some(doc) => format!("`{}`: {}", v.wire, vendor(doc)),
            None => format!("`{}`", v.wire),
        };
        let doc = doc_lines(&[text]);
        quote!(#doc #variant,)
    });
    let table = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        quote!(#variant => #wire)
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #ident_name {
            #(#declared)*
            /// A value this version of the client does not know; kept verbatim.
            Unknown(String),
        }
        cloudspec_runtime::wire_enum!(#ident_name { #(#table),* });
    }
}

/// The rustdoc of a field: the page's text, then what the spec says about it.
pub fn field_doc(field: &Field) -> Vec<String> {
    let mut facts = Vec::new();
    let presence = match (field.required, field.nullable) {
        (true, false) => "Required.",
        (true, true) => "Required; may be `null` (`None`).",
        (false, true) => "Optional; may be `null`.",
        (false, false) => "Optional.",
    };
    facts.push(presence.to_owned());
    match field.location {
        Location::Header => facts.push(format!("Sent as the `{}` header.", field.wire)),
        Location::Path => facts.push(format!("Part of the path (`{{{}}}`).", field.wire)),
        Location::Query => facts.push(format!("Parameter `{}`.", field.wire)),
        Location::Payload => facts.push("The whole JSON body.".to_owned()),
        Location::Body => {
            if field.rust != field.wire {
                facts.push(format!("Wire name `{}`.", field.wire));
            }
        }
    }
    facts.extend(constraint_text(&field.constraints));
    if let Some(default) = &field.default {
        facts.push(format!("Default: `{}`.", value_text(default)));
    }
    if let Some(example) = &field.example {
        facts.push(format!("Example: `{}`.", value_text(example)));
    }
    if field.sensitive {
        facts.push("Sensitive: redacted in `Debug` output.".to_owned());
    }
    paragraphs(vec![vendor(field.doc.as_deref().unwrap_or_default()), facts.join(" ")])
}

fn value_text(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    text.replace('`', "'")
}

fn constraint_text(c: &Constraints) -> Vec<String> {
    let unit = match c.length_unit {
        Some(LengthUnit::Bytes) => "bytes (UTF-8)",
        _ => "characters",
    };
    let mut out = Vec::new();
    match (c.min_length, c.max_length) {
        (Some(min), Some(max)) => out.push(format!("Length: {min} to {max} {unit}.")),
        (Some(min), None) => out.push(format!("Length: at least {min} {unit}.")),
        (None, Some(max)) => out.push(format!("Length: at most {max} {unit}.")),
        (None, None) => {}
    }
    match (c.minimum, c.maximum) {
        (Some(min), Some(max)) => out.push(format!("Range: {min} to {max}.")),
        (Some(min), None) => out.push(format!("Minimum: {min}.")),
        (None, Some(max)) => out.push(format!("Maximum: {max}.")),
        (None, None) => {}
    }
    if let Some(pattern) = &c.pattern {
        out.push(format!("Pattern: `{}`.", pattern.replace('`', "'")));
    }
    match (c.min_items, c.max_items) {
        (Some(min), Some(max)) => out.push(format!("Items: {min} to {max}.")),
        (Some(min), None) => out.push(format!("Items: at least {min}.")),
        (None, Some(max)) => out.push(format!("Items: at most {max}.")),
        (None, None) => {}
    }
    if let Some(divisor) = c.multiple_of {
        out.push(format!("Multiple of {divisor}."));
    }
    out
}
