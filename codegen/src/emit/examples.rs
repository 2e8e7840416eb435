//! `tests/examples.rs` of the generated crate: every example of every spec goes through the
//! generated types and back, so a type that cannot carry the page's own example fails a test.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Ir, Operation, Service};
use crate::spec::Protocol;

pub fn examples_test(ir: &Ir) -> TokenStream {
    let tests = ir
        .services
        .iter()
        .flat_map(|service| service.operations.iter().flat_map(move |op| op_tests(service, op)));
    quote! {
        // rustfmt would reformat prettyplease's output; generated code is never hand-formatted.
        #![cfg_attr(rustfmt, rustfmt::skip)]
        //! Every example of every spec, decoded into the generated types and encoded back.
        #(#tests)*
    }
}

fn op_tests<'a>(service: &'a Service, op: &'a Operation) -> impl Iterator<Item = TokenStream> + 'a {
    op.examples.iter().enumerate().flat_map(move |(i, example)| {
        let feature = &service.feature;
        let base = format!("{}_{}_{}_example_{}", service.provider_module, service.module, op.module, i + 1);
        let (provider, module) =
            (format_ident!("{}", service.provider_module), format_ident!("{}", service.module));
        let module_path = quote!(cloudspec_clients::#provider::#module);
        let mut tests = Vec::new();
        if let Some(request) = &example.request {
            let name = format_ident!("{}_request", base);
            let input = format_ident!("{}", op.input.name);
            let ty = quote!(#module_path::#input);
            let json = request.to_string();
            let title = &example.title;
            tests.push(quote! {
                #[cfg(feature = #feature)]
                #[test]
                fn #name() {
                    if let Err(problem) = cloudspec_runtime::testing::round_trip::<#ty>(#json, "") {
                        panic!("example {:?}: {problem}", #title);
                    }
                }
            });
        }
        if let Some(response) = &example.response {
            let success = example.status < 300;
            let target = if success { Some(op.output.name.clone()) } else { service.error_shape.clone() };
            let pointer = match (service.protocol, success) {
                (Protocol::TencentJson, true) => "/Response",
                (Protocol::TencentJson, false) => "/Response/Error",
                _ => "",
            };
            if let Some(target) = target {
                let name = format_ident!("{}_response", base);
                let target = format_ident!("{}", target);
                let ty = quote!(#module_path::#target);
                let json = response.to_string();
                let title = &example.title;
                tests.push(quote! {
                    #[cfg(feature = #feature)]
                    #[test]
                    fn #name() {
                        if let Err(problem) = cloudspec_runtime::testing::round_trip::<#ty>(#json, #pointer) {
                            panic!("example {:?}: {problem}", #title);
                        }
                    }
                });
            }
        }
        tests
    })
}
