//! What the derive needs of a struct: its name and, per field, the wire name and how a missing
//! or present member becomes the field's value. All `#[serde(...)]` reading happens here.

use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, GenericArgument, Ident, LitStr, Path, PathArguments, Type};

use crate::case::RenameAll;

pub struct StructPlan {
    pub name: Ident,
    pub fields: Vec<FieldPlan>,
}

pub struct FieldPlan {
    pub ident: Ident,
    pub ty: Type,
    pub source: Source,
}

pub enum Source {
    /// A member of the object.
    Member {
        wire: String,
        /// `with = "module"`: read through `module::deserialize`.
        with: Option<Path>,
        /// What a missing member gives.
        missing: Missing,
    },
    /// `#[serde(skip)]`: never read, `Default::default()`.
    Skipped,
    /// `#[serde(flatten)]` on a `serde_json::Map`: every member no field names.
    Rest,
}

pub enum Missing {
    /// `Default::default()`: `#[serde(default)]`, or `None` of an `Option` field read as is.
    Default,
    /// A "missing field" error.
    Error,
}

impl StructPlan {
    pub fn from_input(input: &DeriveInput) -> syn::Result<Self> {
        if !input.generics.params.is_empty() {
            return Err(syn::Error::new(
                input.generics.span(),
                "cloudspec_runtime::Deserialize: generic structs are not supported; derive serde::Deserialize",
            ));
        }
        let Data::Struct(data) = &input.data else {
            return Err(syn::Error::new(
                input.ident.span(),
                "cloudspec_runtime::Deserialize: only structs are supported",
            ));
        };
        let Fields::Named(named) = &data.fields else {
            if matches!(data.fields, Fields::Unit) {
                return Ok(Self { name: input.ident.clone(), fields: Vec::new() });
            }
            return Err(syn::Error::new(
                input.ident.span(),
                "cloudspec_runtime::Deserialize: only structs with named fields are supported",
            ));
        };
        let rename_all = container_rename_all(input)?;
        let mut fields = Vec::with_capacity(named.named.len());
        let mut errors: Option<syn::Error> = None;
        for field in &named.named {
            match field_plan(field, rename_all) {
                Ok(plan) => fields.push(plan),
                Err(error) => match &mut errors {
                    Some(all) => all.combine(error),
                    None => errors = Some(error),
                },
            }
        }
        if let Some(errors) = errors {
            return Err(errors);
        }
        if fields.iter().filter(|field| matches!(field.source, Source::Rest)).count() > 1 {
            return Err(syn::Error::new(
                input.ident.span(),
                "cloudspec_runtime::Deserialize: at most one `flatten` field",
            ));
        }
        Ok(Self { name: input.ident.clone(), fields })
    }
}

fn container_rename_all(input: &DeriveInput) -> syn::Result<Option<RenameAll>> {
    let mut rename_all = None;
    for attr in input.attrs.iter().filter(|attr| attr.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename_all") {
                let value: LitStr = meta.value()?.parse()?;
                rename_all = Some(RenameAll::parse(&value.value()).ok_or_else(|| {
                    meta.error("cloudspec_runtime::Deserialize: `rename_all` takes \"PascalCase\" or \"camelCase\"")
                })?);
                Ok(())
            } else {
                Err(meta.error("cloudspec_runtime::Deserialize: unsupported container attribute; derive serde::Deserialize"))
            }
        })?;
    }
    Ok(rename_all)
}

fn field_plan(field: &syn::Field, rename_all: Option<RenameAll>) -> syn::Result<FieldPlan> {
    let Some(ident) = field.ident.clone() else {
        return Err(syn::Error::new(field.span(), "cloudspec_runtime::Deserialize: a field without a name"));
    };
    let mut rename = None;
    let mut default = false;
    let mut skip = false;
    let mut flatten = false;
    let mut with = None;
    for attr in field.attrs.iter().filter(|attr| attr.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            let path = &meta.path;
            if path.is_ident("rename") {
                rename = Some(meta.value()?.parse::<LitStr>()?.value());
            } else if path.is_ident("default") {
                default = true;
            } else if path.is_ident("skip") {
                skip = true;
            } else if path.is_ident("flatten") {
                flatten = true;
            } else if path.is_ident("with") {
                with = Some(meta.value()?.parse::<LitStr>()?.parse::<Path>()?);
            } else if path.is_ident("skip_serializing_if") {
                // Serialization only.
                meta.value()?.parse::<LitStr>()?;
            } else {
                return Err(meta.error(
                    "cloudspec_runtime::Deserialize: unsupported field attribute; derive serde::Deserialize",
                ));
            }
            Ok(())
        })?;
    }
    let source = if skip {
        Source::Skipped
    } else if flatten {
        if !is_json_map(&field.ty) {
            return Err(syn::Error::new(
                field.ty.span(),
                "cloudspec_runtime::Deserialize: `flatten` is supported on a `serde_json::Map` only; derive serde::Deserialize",
            ));
        }
        Source::Rest
    } else {
        let name = ident.to_string();
        let name = name.strip_prefix("r#").unwrap_or(&name).to_owned();
        let wire = match (rename, rename_all) {
            (Some(wire), _) => wire,
            (None, Some(rule)) => rule.apply(&name),
            (None, None) => name,
        };
        // serde reads a missing `Option` as `None` unless a `with` module reads it.
        let missing = if default || (with.is_none() && is_option(&field.ty)) {
            Missing::Default
        } else {
            Missing::Error
        };
        Source::Member { wire, with, missing }
    };
    Ok(FieldPlan { ident, ty: field.ty.clone(), source })
}

fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
    match ty {
        Type::Path(path) if path.qself.is_none() => path.path.segments.last(),
        _ => None,
    }
}

fn is_option(ty: &Type) -> bool {
    last_segment(ty).is_some_and(|segment| {
        segment.ident == "Option"
            && matches!(&segment.arguments, PathArguments::AngleBracketed(args) if args.args.len() == 1 && matches!(args.args[0], GenericArgument::Type(_)))
    })
}

fn is_json_map(ty: &Type) -> bool {
    last_segment(ty).is_some_and(|segment| segment.ident == "Map")
}
