//! IR → Rust source. One module per concern; this one lays out the files of the crate.
//!
//! Layout of the generated crates (one per service, and a facade):
//! - `Cargo.toml`, `src/lib.rs`: the facade `cloudspec-clients`: crate docs and, per provider, a
//!   module re-exporting each service crate behind its cargo feature;
//! - `services/<provider>-<service>/Cargo.toml`: the service's own crate
//!   (`cloudspec-<provider>-<service>`);
//! - `services/<provider>-<service>/src/lib.rs`: service constants, client, shared types,
//!   operation re-exports;
//! - `services/<provider>-<service>/src/<operation>.rs`: one operation's request, builder,
//!   response, own types and error codes;
//! - `tests/examples.rs`: every example of every spec, round-tripped through the types.
//!
//! A crate per service is what keeps the generated code cheap to compile: cargo builds the
//! services in parallel, each rustc holds one service in memory rather than all of them, and a
//! change to one spec recompiles one service. Measured on 1,000 synthetic operations in 27
//! services (2 cores): `cargo check` of one crate took 53 s and 3.6 GB, of a crate per service
//! 20 s and 360 MB at most per rustc (and less CPU in all: 37 s against 48 s). One file per
//! operation keeps regeneration incremental (a changed spec rewrites its own file) and compile
//! errors easy to place. [`Layout::Module`] lays the same service and operation files out as a
//! module tree for a downstream build script.

mod builder;
mod client;
mod direction;
mod docs;
mod errors;
mod examples;
pub mod inert;
mod mock;
mod models;
mod rust_types;
pub mod templates;
mod validation;
mod verbatim;

use std::collections::HashMap;
use std::num::NonZeroUsize;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Ir, Operation, Service};
use crate::parallel;
use direction::Direction;
use docs::{paragraphs, vendor};
use inert::{code_span, comment_text, table_cell, url_link};
use rust_types::ident;

/// One generated file: its path relative to the crate root, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// Error from emission: only a template or the generator itself can fail here (the IR is valid).
#[derive(Debug, thiserror::Error)]
pub enum EmitError {
    #[error("emitted code for {file} does not parse ({error}); this is a cloudspec bug")]
    Unparsable { file: String, error: String },
    #[error("template {name} failed: {error}")]
    Template { name: String, error: String },
}

/// What the emitted files are laid out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// The facade crate `cloudspec-clients` (`Cargo.toml`, `src/lib.rs`, `README.md`,
    /// `tests/examples.rs`) with one crate per service under `services/`, each behind a cargo
    /// feature of the facade.
    #[default]
    Crate,
    /// A module tree that a downstream build script writes to `OUT_DIR` and the downstream crate
    /// `include!`s (see [`crate::build_script`]): `mod.rs` at the root, then
    /// `<provider>/mod.rs`, `<provider>/<service>/mod.rs` and one file per operation. No service
    /// is feature-gated, since the features of `cloudspec-clients` do not exist in the crate
    /// that includes the tree: the build script chooses its services instead. For the same
    /// reason every struct derives both serde halves (there is no `round-trip` feature).
    Module,
}

impl Layout {
    /// The folder of a service's Rust files, relative to the output root.
    fn service_dir(self, service: &Service) -> String {
        match self {
            Layout::Crate => format!("services/{}/src", service.feature),
            Layout::Module => format!("{}/{}", service.provider_module, service.module),
        }
    }

    /// The file of a service's root module in [`Layout::service_dir`].
    fn service_root(self) -> &'static str {
        match self {
            Layout::Crate => "lib.rs",
            Layout::Module => "mod.rs",
        }
    }
}

impl Layout {
    /// The serde halves a struct used `wanted`-wise derives here: the crate splits them by
    /// direction (the other half is its `round-trip` feature); a module tree has no features of
    /// its own, so there every struct derives both.
    fn direction(self, wanted: Direction) -> Direction {
        match self {
            Layout::Crate => wanted,
            Layout::Module => Direction::Both,
        }
    }
}

/// The package name of a service's crate: `cloudspec-<provider>-<service>`.
pub fn service_crate(service: &Service) -> String {
    format!("cloudspec-{}", service.feature)
}

/// The name Rust code uses for a service's crate: `cloudspec_<provider>_<service>`.
pub fn service_crate_ident(service: &Service) -> String {
    service_crate(service).replace('-', "_")
}

/// How many threads render the services.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Threads {
    /// One per available core once there are [`PARALLEL_THRESHOLD`] services, else the calling
    /// thread alone.
    #[default]
    Auto,
    /// Exactly this many threads (1: the calling thread alone), however few services there are:
    /// for tests and measurements.
    Exactly(NonZeroUsize),
}

/// Services below this number are rendered on the calling thread. Measured with the seed specs
/// copied across fake services (`measure_parallel_emission` in tests/incremental.rs), two cores
/// shared with other builds: a service takes about 1.5 ms to render in release (6 ms in debug),
/// linearly; with a core free, two threads render 8 to 200 services 1.2 to 1.5 times faster, and
/// no count was measurably slower in parallel. Below 6 services the whole run takes under 8 ms
/// in release, so the most a second thread saves is 2 or 3 ms: not worth threads, least of all in
/// build scripts, which share the machine with cargo's own parallel compilation.
pub const PARALLEL_THRESHOLD: usize = 6;

/// Options of [`emit_with`].
#[derive(Debug, Clone, Copy, Default)]
pub struct EmitOptions {
    pub layout: Layout,
    pub threads: Threads,
}

/// Every file of the generated crate, in a fixed order.
pub fn emit(ir: &Ir) -> Result<Vec<GeneratedFile>, EmitError> {
    emit_with(ir, EmitOptions::default())
}

/// Every file of `options.layout`, sorted by path. The bytes do not depend on the number of
/// threads: each file is rendered from its own spec alone, and the result is sorted.
pub fn emit_with(ir: &Ir, options: EmitOptions) -> Result<Vec<GeneratedFile>, EmitError> {
    let layout = options.layout;
    let threads = match options.threads {
        Threads::Exactly(n) => n.get(),
        Threads::Auto => {
            parallel::threads_for(ir.services.len(), PARALLEL_THRESHOLD, parallel::available_threads())
        }
    };
    // The shared files are one more piece of work, first in line: the crate's examples test is
    // the largest single file, and it reads every service.
    let parts: Vec<Option<&Service>> = std::iter::once(None).chain(ir.services.iter().map(Some)).collect();
    let rendered = parallel::map_in_order(&parts, threads, |part| match part {
        None => shared_files(ir, layout),
        Some(service) => service_files_for(service, layout),
    });
    // In order, so the first error reported is the one a sequential run meets first.
    let mut files = Vec::new();
    for part in rendered {
        files.extend(part?);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The files that are not one service's own: the facade crate (manifest, root, README) and the
/// examples test; the root and provider modules of a module tree.
fn shared_files(ir: &Ir, layout: Layout) -> Result<Vec<GeneratedFile>, EmitError> {
    match layout {
        Layout::Crate => Ok(vec![
            rust_file(layout, "src/lib.rs", "specs/", lib_rs(ir))?,
            templates::cargo_toml(ir)?,
            templates::readme(ir)?,
            rust_file(layout, "tests/examples.rs", "specs/", examples::examples_test(ir))?,
        ]),
        Layout::Module => {
            let mut files = vec![rust_file(layout, "mod.rs", "the specs", module_root_rs(ir))?];
            for (provider, services) in by_provider(ir) {
                let path = format!("{provider}/mod.rs");
                files.push(rust_file(layout, &path, "the specs", provider_rs(&services))?);
            }
            Ok(files)
        }
    }
}

/// The services of each provider, in IR order (which sorts them by provider).
fn by_provider(ir: &Ir) -> Vec<(&str, Vec<&Service>)> {
    let mut providers: Vec<(&str, Vec<&Service>)> = Vec::new();
    for service in &ir.services {
        match providers.last_mut() {
            Some((provider, services)) if *provider == service.provider_module => services.push(service),
            _ => providers.push((&service.provider_module, vec![service])),
        }
    }
    providers
}

/// The files of one service (its module and one per operation) in the crate: the unit that is
/// emitted and snapshotted independently.
pub fn service_files(service: &Service) -> Result<Vec<GeneratedFile>, EmitError> {
    service_files_for(service, Layout::Crate)
}

/// The files of one service in `layout`. They depend on this service alone, which is what lets
/// services be rendered in parallel and a changed spec rewrite only its own service's files.
pub fn service_files_for(service: &Service, layout: Layout) -> Result<Vec<GeneratedFile>, EmitError> {
    let dir = layout.service_dir(service);
    let directions = directions(layout, service);
    let service_file = service_rs(service, layout, &directions);
    let root = format!("{dir}/{}", layout.service_root());
    let mut files = vec![rust_file(layout, &root, &service.source, service_file)?];
    if layout == Layout::Crate {
        files.push(templates::service_cargo_toml(service)?);
    }
    for op in &service.operations {
        let path = format!("{dir}/{}.rs", op.module);
        files.push(rust_file(layout, &path, &op.source, operation_rs(service, op, layout, &directions))?);
    }
    Ok(files)
}

/// Formats tokens once with prettyplease, under a header naming the source spec and saying how
/// the file is regenerated.
fn rust_file(
    layout: Layout,
    path: &str,
    source: &str,
    tokens: TokenStream,
) -> Result<GeneratedFile, EmitError> {
    let file = syn::parse2::<syn::File>(tokens)
        .map_err(|error| EmitError::Unparsable { file: path.to_owned(), error: error.to_string() })?;
    let body = verbatim::splice(&prettyplease::unparse(&file))
        .map_err(|error| EmitError::Unparsable { file: path.to_owned(), error })?;
    let regenerate = match layout {
        Layout::Crate => "change the spec and run `cargo run -- generate`",
        Layout::Module => "change the spec; the build script regenerates it",
    };
    let source = comment_text(source);
    let contents = format!("// @generated by cloudspec from {source}. Do not edit: {regenerate}.\n\n{body}");
    Ok(GeneratedFile { path: path.to_owned(), contents })
}

/// The facade's root: docs with a table of the services, and per provider a module that
/// re-exports each service's crate under the service's name when its feature is on.
fn lib_rs(ir: &Ir) -> TokenStream {
    let modules = by_provider(ir).into_iter().map(|(provider, services)| {
        let features: Vec<&str> = services.iter().map(|s| s.feature.as_str()).collect();
        let condition = match features.as_slice() {
            [one] => quote!(feature = #one),
            many => quote!(any(#(feature = #many),*)),
        };
        let module = ident(provider);
        let doc = inner_doc(&[format!("Services of the {} provider.", code_span(&services[0].provider))]);
        let reexports = services.iter().map(|service| {
            let feature = &service.feature;
            let krate = ident(&service_crate_ident(service));
            let name = ident(&service.module);
            quote! {
                #[cfg(feature = #feature)]
                pub use #krate as #name;
            }
        });
        quote! {
            #[cfg(#condition)]
            pub mod #module {
                #doc
                #(#reexports)*
            }
        }
    });
    let mut lines = vec![
        "Typed clients for cloud APIs, generated by cloudspec from hand-written specs.".to_owned(),
        String::new(),
        "Each service is a crate of its own (`cloudspec-<provider>-<service>`), re-exported here as \
         `<provider>::<service>` when its cargo feature (`<provider>-<service>`) is on; `full` \
         enables all of them. Separate crates compile in parallel, and only the services you use \
         compile at all."
            .to_owned(),
        String::new(),
        "| feature | service | operations |".to_owned(),
        "|---|---|---|".to_owned(),
    ];
    for service in &ir.services {
        let ops: Vec<String> = service.operations.iter().map(|o| format!("`{}`", o.name)).collect();
        lines.push(format!(
            "| `{}` | {} | {} |",
            service.feature,
            table_cell(&service.title),
            ops.join(", ")
        ));
    }
    let doc = inner_doc(&lines);
    quote! {
        // Generated code is formatted by the generator; `cargo fmt --all` must leave it alone.
        #![cfg_attr(rustfmt, rustfmt::skip)]
        #doc
        #(#modules)*
    }
}

fn inner_doc(lines: &[String]) -> TokenStream {
    docs::inner_doc_lines(lines)
}

/// The root of a module tree: one `pub mod` per provider. It is `include!`d, and an included
/// file may hold no inner attribute or `//!` doc (rustc rejects them there), so it has none;
/// each provider module documents itself.
fn module_root_rs(ir: &Ir) -> TokenStream {
    let modules = by_provider(ir).into_iter().map(|(provider, _)| {
        let module = ident(provider);
        quote!(pub mod #module;)
    });
    quote!(#(#modules)*)
}

/// A provider's module in a module tree: one `pub mod` per service.
fn provider_rs(services: &[&Service]) -> TokenStream {
    let provider = services.first().map_or("", |s| s.provider.as_str());
    let doc = inner_doc(&[format!("Services of the {} provider.", code_span(provider))]);
    let modules = services.iter().map(|service| {
        let module = ident(&service.module);
        // The service module documents itself (inner docs); an outer doc here would make rustdoc
        // resolve the module's links from this scope.
        quote!(pub mod #module;)
    });
    quote!(#doc #(#modules)*)
}

/// The path through which the usage examples of a service's docs reach it: its own crate (the
/// doc tests are compiled in it), or for a module tree the path the crate `cloudspec-clients`
/// would give it.
fn example_path(service: &Service, layout: Layout) -> String {
    match layout {
        Layout::Crate => service_crate_ident(service),
        Layout::Module => format!("cloudspec_clients::{}::{}", service.provider_module, service.module),
    }
}

/// Which serde halves the structs of a service derive (see [`Layout::direction`]); a struct
/// missing from the map derives both.
fn directions(layout: Layout, service: &Service) -> HashMap<String, Direction> {
    match layout {
        Layout::Crate => direction::of_service(service),
        Layout::Module => HashMap::new(),
    }
}

fn service_rs(service: &Service, layout: Layout, directions: &HashMap<String, Direction>) -> TokenStream {
    let mut lines = vec![
        format!(
            "{} ({}).",
            vendor(&service.title),
            code_span(&format!("{}/{}", service.provider, service.name))
        ),
        String::new(),
        format!("API reference: {}", url_link(&service.docs)),
        String::new(),
        format!("- Protocol: `{:?}`, API version {}", service.protocol, code_span(&service.api_version)),
        format!("- Endpoint: {}", code_span(&service.endpoint_url)),
    ];
    for auth in &service.auth {
        lines.push(format!("- Authentication: `{:?}`", auth.scheme));
    }
    lines.push(String::new());
    lines.push("| operation | summary |".to_owned());
    lines.push("|---|---|".to_owned());
    for op in &service.operations {
        lines.push(format!("| [`{}`]({}) | {} |", op.name, op.input.name, table_cell(&op.summary)));
    }
    if let Some(doc) = &service.endpoint_doc {
        lines.push(String::new());
        lines.extend(doc.lines().map(vendor));
    }
    let doc = inner_doc(&lines);
    let api_version = &service.api_version;
    let endpoint = &service.endpoint_url;
    let regions = &service.regions;
    let region_url_pairs = service.region_urls.iter().map(|(region, url)| quote!((#region, #url)));
    let types = service.types.iter().map(|def| models::type_def(def, directions));
    let modules = service.operations.iter().map(|op| {
        let module = ident(&op.module);
        // `cargo fmt --all` follows `mod` declarations into their files; this stops it.
        quote! {
            #[rustfmt::skip]
            mod #module;
            pub use #module::*;
        }
    });
    let client = client::service_client(service);
    let api = mock::service_api(service);
    // A service crate is a workspace member, and `cargo fmt --all` would reformat it.
    let skip_rustfmt = (layout == Layout::Crate).then(|| quote!(#![cfg_attr(rustfmt, rustfmt::skip)]));
    quote! {
        #skip_rustfmt
        #doc
        /// The API version every request of this service carries.
        pub const API_VERSION: &str = #api_version;
        /// The endpoint URL template; `{placeholders}` are filled in per client.
        pub const ENDPOINT: &str = #endpoint;
        /// The regions the service is documented in.
        pub const REGIONS: &[&str] = &[#(#regions),*];
        /// Regions whose endpoint does not follow [`ENDPOINT`], with their URL.
        pub const REGION_ENDPOINTS: &[(&str, &str)] = &[#(#region_url_pairs),*];
        #client
        #api
        #(#modules)*
        #(#types)*
    }
}

fn operation_rs(
    service: &Service,
    op: &Operation,
    layout: Layout,
    directions: &HashMap<String, Direction>,
) -> TokenStream {
    let mut lines = paragraphs(vec![vendor(&op.summary), vendor(op.doc.as_deref().unwrap_or_default())]);
    lines.push(String::new());
    let request_line = code_span(&format!("{} {}", op.method, op.path));
    lines.push(format!("{request_line} — vendor docs: {}", url_link(&op.docs)));
    if let Some(limit) = op.rate_limit {
        lines.push(String::new());
        lines.push(format!("Rate limit: {limit} requests per second."));
    }
    let doc = inner_doc(&lines);
    let request_doc = vec![
        format!("Input of `{}`: {}", op.name, vendor(&op.summary)),
        String::new(),
        format!("Build it with [`{}::builder`].", op.input.name),
    ];
    let request = models::struct_def(&op.input, &request_doc, layout.direction(Direction::Sent));
    let builder = builder::builder(&op.input);
    let response_doc = vec![format!("Output of `{}` (HTTP {}).", op.name, op.success_status)];
    let response = models::struct_def(&op.output, &response_doc, layout.direction(Direction::Received));
    let types = op.types.iter().map(|def| models::type_def(def, directions));
    let errors = errors::error_enum(op);
    let method = client::operation_method(service, op, &example_path(service, layout));
    quote! {
        #doc
        #[allow(unused_imports)]
        use super::*;
        #method
        #request
        #builder
        #response
        #errors
        #(#types)*
    }
}
