//! Request builders: one setter per field, and `build()` that checks required fields and every
//! constraint before a request can exist.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::doc_lines;
use super::models::field_doc;
use super::rust_types::{ident, rust_type};
use crate::ir::{Field, StructDef, Ty};

pub fn builder(def: &StructDef) -> TokenStream {
    let target = ident(&def.name);
    let name = format_ident!("{}Builder", def.name);
    let target_doc = format!(" Starts a [`{}`] with no field set.", def.name);
    let builder_doc = format!(" Builds a [`{}`]; `build()` checks it against the spec.", def.name);

    let slots = def.fields.iter().map(|field| {
        let rust = ident(&field.rust);
        let ty = slot_type(field);
        quote!(#rust: Option<#ty>,)
    });
    let setters = def.fields.iter().map(setter);

    let required: Vec<&Field> = def.fields.iter().filter(|f| f.required).collect();
    let assemble_fields = def.fields.iter().map(|field| {
        let rust = ident(&field.rust);
        match (field.required, field.nullable) {
            (true, _) => quote!(#rust,),
            // Optional and nullable: unset and set-to-null are both `None` in the request.
            (false, true) => quote!(#rust: self.#rust.flatten(),),
            (false, false) => quote!(#rust: self.#rust,),
        }
    });
    let body = if required.is_empty() {
        quote! {
            let request = #target { #(#assemble_fields)* };
            cloudspec_runtime::Validate::validate(&request)?;
            Ok(request)
        }
    } else {
        let takes = required.iter().map(|field| {
            let rust = ident(&field.rust);
            let wire = &field.wire;
            quote!(let #rust = report.require("", #wire, self.#rust);)
        });
        let names: Vec<_> = required.iter().map(|f| ident(&f.rust)).collect();
        let unpack = if names.len() == 1 {
            let only = &names[0];
            quote!(let Some(#only) = #only else { return Err(report.into_error()); };)
        } else {
            quote!(let (#(Some(#names)),*) = (#(#names),*) else { return Err(report.into_error()); };)
        };
        quote! {
            let mut report = cloudspec_runtime::Report::default();
            #(#takes)*
            #unpack
            let request = #target { #(#assemble_fields)* };
            cloudspec_runtime::Validate::validate(&request)?;
            Ok(request)
        }
    };
    let derive_debug = if def.has_sensitive() { quote!() } else { quote!(Debug,) };
    // The builder moves deprecated fields into the request like any other.
    let allow = def.fields.iter().any(|f| f.deprecated).then(|| quote!(#[allow(deprecated)]));
    let debug_impl = if def.has_sensitive() {
        let label = name.to_string();
        quote! {
            impl std::fmt::Debug for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.debug_struct(#label).finish_non_exhaustive()
                }
            }
        }
    } else {
        quote!()
    };
    quote! {
        impl #target {
            #[doc = #target_doc]
            pub fn builder() -> #name {
                #name::default()
            }
        }

        #[doc = #builder_doc]
        #[derive(#derive_debug Clone, Default)]
        pub struct #name { #(#slots)* }
        #debug_impl

        #allow
        impl #name {
            #(#setters)*

            /// Checks required fields and every constraint of the spec; the error names each
            /// offending field by its wire name.
            pub fn build(self) -> Result<#target, cloudspec_runtime::ValidationError> {
                #body
            }
        }
    }
}

/// What the builder holds for a field: the value, or `Option` of it for nullable fields.
fn slot_type(field: &Field) -> TokenStream {
    let ty = rust_type(&field.ty);
    if field.nullable { quote!(Option<#ty>) } else { ty }
}

fn setter(field: &Field) -> TokenStream {
    let rust = ident(&field.rust);
    let docs = doc_lines(&field_doc(field));
    let deprecated = if field.deprecated { quote!(#[deprecated]) } else { quote!() };
    if field.nullable {
        let ty = rust_type(&field.ty);
        return quote! {
            #docs #deprecated
            pub fn #rust(mut self, value: Option<#ty>) -> Self {
                self.#rust = Some(value);
                self
            }
        };
    }
    let (param, convert) = match &field.ty {
        Ty::String | Ty::Bytes => (quote!(impl Into<String>), quote!(value.into())),
        Ty::Named { is_enum: true, name, .. } => {
            let name = ident(name);
            (quote!(impl Into<#name>), quote!(value.into()))
        }
        other => (rust_type(other), quote!(value)),
    };
    quote! {
        #docs #deprecated
        pub fn #rust(mut self, value: #param) -> Self {
            self.#rust = Some(#convert);
            self
        }
    }
}
