//! `Validate` impls: one runtime call per constraint, named by the field's wire name.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::rust_types::ident;
use crate::ir::{Field, StructDef, Ty};
use crate::spec::LengthUnit;

pub fn validate_impl(def: &StructDef) -> TokenStream {
    let name = ident(&def.name);
    let checks: Vec<TokenStream> = def.fields.iter().filter_map(field_checks).collect();
    let (path, report) =
        if checks.is_empty() { (quote!(_path), quote!(_report)) } else { (quote!(path), quote!(report)) };
    // A deprecated field is still validated: it is still sent.
    let allow = def.fields.iter().any(|f| f.deprecated).then(|| quote!(#[allow(deprecated)]));
    quote! {
        #allow
        impl cloudspec_runtime::Validate for #name {
            fn validate_into(&self, #path: &str, #report: &mut cloudspec_runtime::Report) {
                #(#checks)*
            }
        }
    }
}

fn field_checks(field: &Field) -> Option<TokenStream> {
    let checks = value_checks(field, &field.ty, &quote!(value))?;
    let rust = ident(&field.rust);
    Some(if field.is_option() {
        quote!(if let Some(value) = &self.#rust { #checks })
    } else {
        quote!({ let value = &self.#rust; #checks })
    })
}

fn opt_u64(value: Option<u64>) -> TokenStream {
    match value {
        Some(v) => {
            let v = Literal::u64_unsuffixed(v);
            quote!(Some(#v))
        }
        None => quote!(None),
    }
}

fn opt_number(value: Option<f64>, ty: &Ty) -> TokenStream {
    match value {
        None => quote!(None),
        Some(v) => match ty {
            Ty::I32 => {
                let v = Literal::i64_unsuffixed(v.clamp(i32::MIN as f64, i32::MAX as f64) as i64);
                quote!(Some(#v))
            }
            Ty::I64 => {
                let v = Literal::i64_unsuffixed(v as i64);
                quote!(Some(#v))
            }
            _ => {
                let v = Literal::f64_unsuffixed(v);
                quote!(Some(#v))
            }
        },
    }
}

/// Checks of `value` (a reference to a value of `ty`) for `field`'s constraints and nested types.
fn value_checks(field: &Field, ty: &Ty, value: &TokenStream) -> Option<TokenStream> {
    let wire = &field.wire;
    let c = &field.constraints;
    let mut out = TokenStream::new();
    if c.min_length.is_some() || c.max_length.is_some() {
        let (min, max) = (opt_u64(c.min_length), opt_u64(c.max_length));
        let unit = match c.length_unit {
            Some(LengthUnit::Bytes) => quote!(cloudspec_runtime::LengthUnit::Bytes),
            _ => quote!(cloudspec_runtime::LengthUnit::Chars),
        };
        out.extend(quote!(report.length(path, #wire, #value, #min, #max, #unit);));
    }
    if let Some(pattern) = &c.pattern {
        out.extend(quote!(report.pattern(path, #wire, #value, #pattern);));
    }
    if c.minimum.is_some() || c.maximum.is_some() {
        let (min, max) = (opt_number(c.minimum, ty), opt_number(c.maximum, ty));
        out.extend(quote!(report.range(path, #wire, *#value, #min, #max);));
    }
    if let Some(divisor) = c.multiple_of {
        let divisor = Literal::i64_unsuffixed(divisor);
        let widened = if *ty == Ty::I64 { quote!(*#value) } else { quote!(i64::from(*#value)) };
        out.extend(quote!(report.multiple_of(path, #wire, #widened, #divisor);));
    }
    if c.min_items.is_some() || c.max_items.is_some() {
        let (min, max) = (opt_u64(c.min_items), opt_u64(c.max_items));
        out.extend(quote!(report.items(path, #wire, #value.len(), #min, #max);));
    }
    match ty {
        Ty::Named { is_enum: false, .. } => out.extend(quote!(report.nested(path, #wire, #value);)),
        Ty::JsonString(inner) if matches!(**inner, Ty::Named { is_enum: false, .. }) => {
            out.extend(quote!(report.nested(path, #wire, #value);))
        }
        Ty::List(inner) if matches!(**inner, Ty::Named { is_enum: false, .. }) => {
            out.extend(quote!(report.each(path, #wire, #value);))
        }
        Ty::Map(inner) if matches!(**inner, Ty::Named { is_enum: false, .. }) => out.extend(quote! {
            for (key, item) in #value.iter() {
                cloudspec_runtime::Validate::validate_into(item, &cloudspec_runtime::validate::key(path, #wire, key), report);
            }
        }),
        _ => {}
    }
    if out.is_empty() { None } else { Some(out) }
}
