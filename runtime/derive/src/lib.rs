//! `#[derive(cloudspec_runtime::Deserialize)]`: serde's `Deserialize` for the named structs that
//! cloudspec generates, read from a map (a JSON object).
//!
//! Why not serde's own derive: a generated client has one struct per response and per nested
//! type, and serde's derive writes, for each, a field enum with three visitors, a sequence
//! visitor and a map visitor: about 300 lines the compiler type-checks and borrow-checks per
//! struct, the largest single cost of `cargo check` on a generated crate. The documents these
//! structs read are JSON objects, so this derive writes the map visitor alone, and the per-member
//! work calls a few generic functions of `cloudspec_runtime::decode` that are checked once.
//!
//! It reads the same `#[serde(...)]` attributes the generator writes, with serde's meaning:
//! `rename`, `rename_all` (PascalCase, camelCase), `default`, `skip`, `with`, and
//! `flatten` on a `serde_json::Map` field that collects the members no field names. Any other
//! attribute, a tuple struct, generics or a `flatten` of another type is a compile error naming
//! it: such a struct derives serde's `Deserialize` instead.

mod case;
mod expand;
mod plan;

use proc_macro::TokenStream;

/// serde's `Deserialize` for a struct with named fields, read from a map; see the crate docs.
#[proc_macro_derive(Deserialize, attributes(serde))]
pub fn derive_deserialize(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    match plan::StructPlan::from_input(&input) {
        Ok(plan) => expand::deserialize_impl(&plan).into(),
        Err(error) => error.to_compile_error().into(),
    }
}
