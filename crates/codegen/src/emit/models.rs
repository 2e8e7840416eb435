//! Structs and enums: the data types of requests, responses and their nested values.

use std::collections::HashMap;
use std::fmt::Write;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::direction::Direction;
use super::docs::{paragraphs, push_doc_comment, vendor};
use super::inert::code_span;
use super::rust_types::{field_type_text, ident, serde_attrs_text};
use super::validation::validate_impl;
use super::verbatim;
use crate::ir::{Constraints, Field, OPEN_MEMBERS_FIELD, StructDef, TypeDef, TypeKind, Variant};
use crate::spec::{LengthUnit, Location};

/// A named type; `directions` says which serde half each struct needs (absent: both).
pub fn type_def(def: &TypeDef, directions: &HashMap<String, Direction>) -> TokenStream {
    match &def.kind {
        TypeKind::Struct(s) => {
            struct_def(s, &[], directions.get(&def.name).copied().unwrap_or(Direction::Both))
        }
        TypeKind::Enum(variants) => enum_def(&def.name, def.doc.as_deref().map(vendor), variants),
    }
}

/// A serde struct with rustdoc on every field, its `Validate` impl and, when a field is
/// sensitive, a `Debug` that redacts it. The struct itself is written as text (see `verbatim`):
/// it is mostly documentation, which is the dearest part to round-trip through syn.
pub fn struct_def(def: &StructDef, extra_doc: &[String], direction: Direction) -> TokenStream {
    let name = &def.name;
    let mut doc = paragraphs(vec![vendor(def.doc.as_deref().unwrap_or_default())]);
    if !extra_doc.is_empty() {
        if !doc.is_empty() {
            doc.push(String::new());
        }
        doc.extend(extra_doc.iter().cloned());
    }
    if doc.is_empty() {
        doc.push(format!("The `{name}` type."));
    }
    let mut text = String::new();
    push_doc_comment(&mut text, "", &doc);
    let debug = if def.has_sensitive() { "" } else { "Debug, " };
    match direction {
        Direction::Sent => {
            let _ = writeln!(text, "#[derive({debug}Clone, PartialEq, serde::Serialize)]");
            text.push_str("#[cfg_attr(feature = \"round-trip\", derive(serde::Deserialize))]\n");
        }
        Direction::Received => {
            let _ = writeln!(text, "#[derive({debug}Clone, PartialEq, serde::Deserialize)]");
            text.push_str("#[cfg_attr(feature = \"round-trip\", derive(serde::Serialize))]\n");
        }
        Direction::Both => {
            let _ =
                writeln!(text, "#[derive({debug}Clone, PartialEq, serde::Serialize, serde::Deserialize)]");
        }
    }
    if def.fields.is_empty() && !def.open {
        let _ = writeln!(text, "pub struct {name} {{}}");
    } else {
        let _ = writeln!(text, "pub struct {name} {{");
        for field in &def.fields {
            push_doc_comment(&mut text, "    ", &field_doc(field));
            if field.deprecated {
                text.push_str("    #[deprecated]\n");
            }
            let attrs = serde_attrs_text(field);
            if !attrs.is_empty() {
                let _ = writeln!(text, "    {attrs}");
            }
            let _ = writeln!(text, "    pub {}: {},", field.rust, field_type_text(field));
        }
        if def.open {
            push_open_members(&mut text);
        }
        text.push_str("}\n");
    }
    let definition = verbatim::item(&text);
    let debug_impl = if def.has_sensitive() { redacted_debug(def) } else { quote!() };
    let validate = validate_impl(def);
    quote! {
        #definition
        #debug_impl
        #validate
    }
}

/// The map of an open type: every member the spec does not list, kept in both directions.
fn push_open_members(text: &mut String) {
    push_doc_comment(
        text,
        "    ",
        &["Members the spec does not list, kept as they came and sent back as they are. Set a \
             key here to send a member this version of the spec does not know; a key that is also \
             a field above is not allowed (the document would carry it twice)."
            .to_owned()],
    );
    text.push_str("    #[serde(flatten)]\n");
    let _ = writeln!(text, "    pub {OPEN_MEMBERS_FIELD}: serde_json::Map<String, serde_json::Value>,");
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
    let extra = def.open.then(|| {
        let rust = ident(OPEN_MEMBERS_FIELD);
        quote!(.field(#OPEN_MEMBERS_FIELD, &self.#rust))
    });
    // A deprecated field is still shown.
    let allow = def.has_deprecated().then(|| quote!(#[allow(deprecated)]));
    quote! {
        #allow
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#label) #(#fields)* #extra .finish()
            }
        }
    }
}

/// A string enum with an `Unknown` fallback, declared through the runtime's `wire_enum!` (which
/// adds the fallback and the trait impls), as text: one line per variant with its wire value.
/// `doc` is rustdoc already (vendor text went through [`vendor`]).
pub fn enum_def(name: &str, doc: Option<String>, variants: &[Variant]) -> TokenStream {
    let mut text = String::from("cloudspec_runtime::wire_enum! {\n");
    push_doc_comment(&mut text, "    ", &[doc.unwrap_or_else(|| format!("Values of `{name}`."))]);
    text.push_str("    #[derive(Debug, Clone, PartialEq, Eq, Hash)]\n");
    let _ = writeln!(text, "    pub enum {name} {{");
    for v in variants {
        let line = match &v.doc {
            Some(doc) => format!("{}: {}", code_span(&v.wire), vendor(doc)),
            None => code_span(&v.wire),
        };
        push_doc_comment(&mut text, "        ", &[line]);
        let _ = writeln!(text, "        {} = {:?},", v.name, v.wire);
    }
    text.push_str("    }\n}\n");
    verbatim::item(&text)
}

/// The rustdoc of a field: the page's text, then what the spec says about it.
pub fn field_doc(field: &Field) -> Vec<String> {
    let mut facts = Vec::new();
    // A plain optional field says so by its `Option` type; the rest is worth a word.
    let presence = match (field.required, field.nullable) {
        (true, false) => Some("Required."),
        (true, true) => Some("Required; may be `null` (`None`)."),
        (false, true) => Some("Optional; may be `null`."),
        (false, false) => None,
    };
    facts.extend(presence.map(str::to_owned));
    match field.location {
        Location::Header => facts.push(format!("Sent as the {} header.", code_span(&field.wire))),
        Location::Path => {
            facts.push(format!("Part of the path ({}).", code_span(&format!("{{{}}}", field.wire))))
        }
        Location::Query => facts.push(format!("Parameter {}.", code_span(&field.wire))),
        Location::Payload => facts.push("The whole JSON body.".to_owned()),
        Location::Body => {
            if field.rust != field.wire {
                facts.push(format!("Wire name {}.", code_span(&field.wire)));
            }
        }
    }
    facts.extend(constraint_text(&field.constraints));
    if let Some(default) = &field.default {
        facts.push(format!("Default: {}.", value_text(default)));
    }
    if let Some(example) = &field.example {
        facts.push(format!("Example: {}.", value_text(example)));
    }
    if field.sensitive {
        facts.push("Sensitive: redacted in `Debug` output.".to_owned());
    }
    paragraphs(vec![vendor(field.doc.as_deref().unwrap_or_default()), facts.join(" ")])
}

/// A default or example as inline code: a string as it is, anything else as JSON.
fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => code_span(s),
        other => code_span(&other.to_string()),
    }
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
        out.push(format!("Pattern: {}.", code_span(pattern)));
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
