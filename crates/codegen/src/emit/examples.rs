//! `tests/examples.rs` of the generated crate: every example of every spec goes through the
//! generated types and back, so a type that cannot carry the page's own example fails a test.

use proc_macro2::TokenStream;
use quote::quote;

use super::verbatim;
use crate::ir::{Ir, Operation, Service};
use crate::spec::Protocol;

/// The whole test file; its tests are one text (see `verbatim`): at thousands of examples this
/// file is the largest the generator writes, and it is rendered on one thread.
pub fn examples_test(ir: &Ir) -> TokenStream {
    let tests: String = ir
        .services
        .iter()
        .flat_map(|service| service.operations.iter().flat_map(move |op| op_tests(service, op)))
        .collect();
    let tests = (!tests.is_empty()).then(|| verbatim::item(&tests));
    quote! {
        // rustfmt would reformat prettyplease's output; generated code is never hand-formatted.
        #![cfg_attr(rustfmt, rustfmt::skip)]
        //! Every example of every spec, decoded into the generated types and encoded back.
        #tests
    }
}

fn op_tests<'a>(service: &'a Service, op: &'a Operation) -> impl Iterator<Item = String> + 'a {
    op.examples.iter().enumerate().flat_map(move |(i, example)| {
        let base = format!("{}_{}_{}_example_{}", service.provider_module, service.module, op.module, i + 1);
        let case = |suffix: &str, type_name: &str, json: &serde_json::Value, pointer: &str| {
            RoundTrip {
                feature: &service.feature,
                name: format!("{base}_{suffix}"),
                path: [&service.provider_module, &service.module, type_name],
                json: json.to_string(),
                pointer: pointer.to_owned(),
                title: &example.title,
            }
            .emit()
        };
        let mut tests = Vec::new();
        if let Some(request) = &example.request {
            tests.push(case("request", &op.input.name, request, ""));
        }
        if let Some(response) = &example.response {
            let success = example.status < 300;
            let target = if success { Some(&op.output.name) } else { service.error_shape.as_ref() };
            let pointer = match (service.protocol, success) {
                (Protocol::TencentJson, true) => "/Response",
                (Protocol::TencentJson, false) => "/Response/Error",
                _ => "",
            };
            if let Some(target) = target {
                tests.push(case("response", target, response, pointer));
            }
        }
        tests
    })
}

/// One generated test: decode `json` at `pointer` into the type at `path`, encode, compare.
struct RoundTrip<'a> {
    feature: &'a str,
    name: String,
    path: [&'a str; 3],
    json: String,
    pointer: String,
    title: &'a str,
}

impl RoundTrip<'_> {
    /// The test as source text.
    fn emit(&self) -> String {
        let Self { feature, name, json, pointer, title, .. } = self;
        let [provider, module, ty] = self.path;
        // `{:?}` of a `str` is a valid Rust string literal.
        format!(
            "#[cfg(feature = {feature:?})]\n\
             #[test]\n\
             fn {name}() {{\n    \
                 let json = {json:?};\n    \
                 let result = cloudspec_runtime::testing::round_trip::<cloudspec_clients::{provider}::{module}::{ty}>(json, {pointer:?});\n    \
                 if let Err(problem) = result {{\n        \
                     panic!(\"example {{:?}}: {{problem}}\", {title:?});\n    \
                 }}\n\
             }}\n"
        )
    }
}
