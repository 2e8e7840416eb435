//! IR → files: `model` annotates the IR (every name, type, literal and doc line made final
//! text by `inert`), `render` prints it through the templates in `templates/`; this module lays
//! out the files of the crate.
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

mod direction;
pub mod inert;
mod model;
mod render;

use std::collections::HashMap;
use std::num::NonZeroUsize;

use crate::ir::{Ir, Service};
use crate::parallel;
use direction::Direction;
use inert::{Code, ident, rust};
use model::crate_files;

pub use model::crate_files::{service_crate, service_crate_ident};

/// One generated file: its path relative to the crate root, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// Error from emission: only a template or the generator itself can fail here (the IR is valid).
#[derive(Debug, Clone, thiserror::Error)]
pub enum EmitError {
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
        Layout::Crate => {
            let manifest = crate_files::facade_manifest(ir);
            Ok(vec![
                file("src/lib.rs", "rust/facade.rs.j2", &crate_files::facade(ir))?,
                file("Cargo.toml", "Cargo.toml", &manifest)?,
                file("README.md", "README.md", &manifest)?,
                file("tests/examples.rs", "rust/examples.rs.j2", &crate_files::examples_test(ir))?,
            ])
        }
        Layout::Module => {
            let mut files = vec![file("mod.rs", "rust/module_root.rs.j2", &crate_files::module_root(ir))?];
            for (path, provider) in crate_files::provider_files(ir) {
                files.push(file(&path, "rust/provider.rs.j2", &provider)?);
            }
            Ok(files)
        }
    }
}

/// The file at `path`: `template` rendered over `model`.
fn file(path: &str, template: &str, model: &impl serde::Serialize) -> Result<GeneratedFile, EmitError> {
    Ok(GeneratedFile { path: path.to_owned(), contents: render::render(template, model)? })
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
    let own_crate = layout == Layout::Crate;
    let build_script = layout == Layout::Module;
    let root = format!("{dir}/{}", layout.service_root());
    let service_model = model::service::service_file(service, own_crate, build_script, &directions);
    let mut files = vec![file(&root, "rust/service.rs.j2", &service_model)?];
    if own_crate {
        let path = format!("services/{}/Cargo.toml", service.feature);
        files.push(file(&path, "service-Cargo.toml", &crate_files::service_manifest(service))?);
    }
    for op in &service.operations {
        let path = format!("{dir}/{}.rs", op.module);
        let op_model = model::operation::operation_file(
            service,
            op,
            example_path(service, layout),
            build_script,
            &directions,
            own_crate,
        );
        files.push(file(&path, "rust/operation.rs.j2", &op_model)?);
    }
    Ok(files)
}

/// The path through which the usage examples of a service's docs reach it: its own crate (the
/// doc tests are compiled in it), or for a module tree the path the crate `cloudspec-clients`
/// would give it.
fn example_path(service: &Service, layout: Layout) -> Code {
    match layout {
        Layout::Crate => rust!("{}", ident(&service_crate_ident(service))),
        Layout::Module => {
            rust!("cloudspec_clients::{}::{}", ident(&service.provider_module), ident(&service.module))
        }
    }
}

/// Which serde halves the structs of a service derive: the crate splits them by direction (the
/// other half is its `round-trip` feature); a module tree has no features of its own, so there
/// every struct derives both (a struct missing from the map derives both).
fn directions(layout: Layout, service: &Service) -> HashMap<String, Direction> {
    match layout {
        Layout::Crate => direction::of_service(service),
        Layout::Module => HashMap::new(),
    }
}
