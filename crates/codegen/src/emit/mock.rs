//! The service's `Api` trait (implemented by `Client`) and, behind the `mock` cargo feature, a
//! `MockClient` implementing it with typed per-operation stubs: user code written against
//! `impl Api` is tested without a network. All of it is the runtime's `service_api!` macro; the
//! service contributes one line per operation.

use std::fmt::Write;

use proc_macro2::TokenStream;

use super::verbatim;
use crate::ir::Service;

/// `cloudspec_runtime::service_api! { method, on_method, "Wire": Request => Response, Codes; ... }`
pub fn service_api(service: &Service) -> TokenStream {
    let mut text = String::from("cloudspec_runtime::service_api! {\n");
    for op in &service.operations {
        // Module names and type names are Rust identifiers already (the IR checks them).
        let _ = writeln!(
            text,
            "    {method}, on_{method}, {wire:?}: {input} => {output}, {error};",
            method = op.module,
            wire = op.name,
            input = op.input.name,
            output = op.output.name,
            error = op.error_enum,
        );
    }
    text.push_str("}\n");
    verbatim::item(&text)
}
