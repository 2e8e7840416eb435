//! The service's `Api` trait (implemented by `Client`) and, behind the `mock` cargo feature, a
//! `MockClient` implementing it with typed per-operation stubs: user code written against
//! `impl Api` is tested without a network.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::doc_lines;
use super::rust_types::ident;
use crate::ir::{Operation, Service};

/// `Api`, its impl for `Client`, and `MockClient`.
pub fn service_api(service: &Service) -> TokenStream {
    let signatures: Vec<TokenStream> = service.operations.iter().map(signature).collect();
    let client_impls = service.operations.iter().zip(&signatures).map(|(op, signature)| {
        let method = ident(&op.module);
        quote!(#signature { Client::#method(self, request) })
    });
    let setters = service.operations.iter().map(stub_setter);
    let mock_impls = service.operations.iter().zip(&signatures).map(|(op, signature)| {
        let action = &op.name;
        quote! {
            #signature {
                let answer = match cloudspec_runtime::Validate::validate(request) {
                    Ok(()) => self.stubs.call(#action, request),
                    Err(invalid) => Err(invalid.into()),
                };
                std::future::ready(answer)
            }
        }
    });
    quote! {
        /// The operations of this service as a trait, implemented by [`Client`] (and, with the
        /// `mock` cargo feature, by `MockClient`): code written against `impl Api` can be tested
        /// without a network.
        pub trait Api {
            #(#signatures;)*
        }
        impl Api for Client {
            #(#client_impls)*
        }
        cloudspec_runtime::mock_client!();
        #[cfg(feature = "mock")]
        impl MockClient {
            #(#setters)*
        }
        #[cfg(feature = "mock")]
        impl Api for MockClient {
            #(#mock_impls)*
        }
    }
}

/// `fn op(&self, request: &Req) -> impl Future<Output = Result<Resp, Error<Code>>> + Send`: the
/// future is `Send` so callers can spawn it.
fn signature(op: &Operation) -> TokenStream {
    let method = ident(&op.module);
    let input = ident(&op.input.name);
    let output = ident(&op.output.name);
    let error = ident(&op.error_enum);
    let doc = doc_lines(&[format!("See [`Client::{}`].", op.module)]);
    quote! {
        #doc
        fn #method(
            &self,
            request: &#input,
        ) -> impl std::future::Future<Output = Result<#output, cloudspec_runtime::Error<#error>>> + Send
    }
}

fn stub_setter(op: &Operation) -> TokenStream {
    let setter = format_ident!("on_{}", op.module);
    let input = ident(&op.input.name);
    let output = ident(&op.output.name);
    let error = ident(&op.error_enum);
    let action = &op.name;
    let doc =
        doc_lines(&[format!("Answers `{}` calls with `handler` (replacing an earlier stub).", op.module)]);
    quote! {
        #doc
        pub fn #setter(
            self,
            handler: impl Fn(&#input) -> Result<#output, cloudspec_runtime::Error<#error>> + Send + Sync + 'static,
        ) -> Self {
            self.stubs.set(#action, handler);
            self
        }
    }
}
