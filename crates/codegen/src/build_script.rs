//! Build-script mode: a downstream crate generates clients from its own specs at build time,
//! without depending on `cloudspec-clients`.
//!
//! `build.rs` (with `cloudspec-codegen` as a build-dependency):
//!
//! ```no_run
//! // The body of build.rs's `fn main`. The error's Display is every problem of the specs,
//! // rendered without colour; cargo shows a failing build script's output, so panicking with
//! // it is the whole report.
//! if let Err(error) = cloudspec_codegen::Builder::new().specs("specs").generate() {
//!     panic!("{error}");
//! }
//! ```
//!
//! (`.expect("…")`, `?` in a `main` returning `Result`, and `unwrap` print the same text: the
//! error's `Debug` is its `Display`.)
//!
//! The crate then includes the module tree, at its root or inside a module of its choice:
//!
//! ```ignore
//! pub mod clients {
//!     include!(concat!(env!("OUT_DIR"), "/cloudspec/mod.rs"));
//! }
//! // clients::huawei::codeartsrepo::{Client, CreateFileRequest, ...}
//! ```
//!
//! The generated code names `cloudspec_runtime`, `serde` (derive) and `serde_json`, which the
//! crate must depend on. Every service of the specs is compiled, ungated: the cargo features of
//! `cloudspec-clients` do not exist in the including crate, so a build script that wants fewer
//! services names them with [`Builder::services`]. The gates that remain inside services name
//! features the including crate may declare ([`OPTIONAL_FEATURES`]): with
//! `mock = ["cloudspec-runtime/mock"]` in its `[features]`, each service has its `MockClient`.
//!
//! The tree is laid out as in the crate (`<provider>/mod.rs`, `<provider>/<service>/mod.rs`, one
//! file per operation) under `$OUT_DIR/cloudspec/`, so a compile error points at one
//! operation's file; `include!` makes rustc look for the `mod` files beside the included root.
//! Only files whose bytes change are written, so an unchanged spec leaves every mtime alone
//! (cargo itself recompiles the crate after any rerun of the script, changed files or not).
//! `$OUT_DIR/cloudspec/` belongs to the generator: files in it that the specs do not produce
//! are removed when the generator made them, and a file it did not make, or a symbolic link,
//! fails the build before anything is written (see [`crate::ownership`]). It also holds the generator's manifest (`.cloudspec-manifest`, see
//! [`crate::manifest`]), so that a rerun whose specs, services and generator are unchanged
//! returns without rendering anything.
//!
//! Cargo is told to rerun the script when any spec file or folder changes (a folder's mtime
//! changes when a file is added to or removed from it), and on nothing else.

use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::Route;
use crate::diagnostic::Diagnostics;
use crate::emit::{self, EmitError, EmitOptions, Layout, Threads};
use crate::manifest;
use crate::write::WriteSummary;

/// The folder under the output folder that holds the module tree, and belongs wholly to it.
pub const MODULE_DIR: &str = "cloudspec";

/// The file to `include!`, relative to the output folder.
pub const ROOT_FILE: &str = "cloudspec/mod.rs";

/// Cargo features that generated service code tests with `cfg(feature = …)`: in the including
/// crate these name that crate's own features. Declaring one turns its code on, e.g.
/// `mock = ["cloudspec-runtime/mock"]` for each service's `MockClient`. `generate` declares
/// them to rustc (`rustc-check-cfg`), so that a crate without them gets no `unexpected_cfgs`
/// warning.
pub const OPTIONAL_FEATURES: &[&str] = &["mock"];

/// Configures and runs generation from a build script. See the [module docs](self).
#[derive(Debug, Clone)]
#[must_use]
pub struct Builder {
    specs: PathBuf,
    out_dir: Option<PathBuf>,
    services: Option<Vec<String>>,
    cargo_directives: bool,
}

impl Default for Builder {
    fn default() -> Self {
        Builder::new()
    }
}

impl Builder {
    /// Specs from `specs/` (relative to the working directory, which cargo sets to the package
    /// root for build scripts), output to `$OUT_DIR`, every service, cargo directives printed.
    pub fn new() -> Self {
        Builder { specs: PathBuf::from("specs"), out_dir: None, services: None, cargo_directives: true }
    }

    /// The folder holding `<provider>/<service>/*.yaml`.
    pub fn specs(mut self, specs: impl Into<PathBuf>) -> Self {
        self.specs = specs.into();
        self
    }

    /// Where `cloudspec/mod.rs` and its modules go (default: `$OUT_DIR`, which cargo sets for
    /// build scripts).
    pub fn out_dir(mut self, out_dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(out_dir.into());
        self
    }

    /// Generates only these services, each named `<provider>/<service>` as its folder is
    /// (e.g. `"tencent/wedata"`). Every spec is still checked: one broken file fails the build
    /// whichever services are chosen, as it would fail `cloudspec lint`.
    pub fn services<I, S>(mut self, services: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.services = Some(services.into_iter().map(Into::into).collect());
        self
    }

    /// Whether `generate` prints its cargo directives to stdout (`rerun-if-changed` for the
    /// specs, `rustc-check-cfg` for [`OPTIONAL_FEATURES`]; default: yes). Off for calls outside a
    /// build script, where stdout is the user's.
    pub fn cargo_directives(mut self, print: bool) -> Self {
        self.cargo_directives = print;
        self
    }

    /// Checks the specs, renders the module tree of the chosen services and writes the files
    /// whose bytes changed. A broken spec leaves the output as it was. When the manifest of
    /// the last run shows that nothing changed, returns at once ([`Route::UpToDate`]).
    pub fn generate(&self) -> Result<Generated, BuildError> {
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or(BuildError::NoOutDir)?,
        };
        // Watched before anything can fail: a build that fails on a broken spec must rerun once
        // the spec is fixed (cargo reruns failed scripts anyway; this keeps it true should that
        // change) and must not rerun on unrelated edits meanwhile.
        let inputs = watched_paths(&self.specs);
        if self.cargo_directives {
            print_directives(&inputs)?;
        }
        let root = out_dir.join(MODULE_DIR);
        let owned = [""];
        // The chosen services are part of the key: another choice renders other files.
        let options = format!("layout=module services={:?}", self.services);
        let key = manifest::Key::new(&self.specs, &inputs, options);
        let render = || {
            let mut ir = crate::lint(&self.specs).map_err(BuildError::Specs)?;
            // The module tree is the generator's wholly: rendered from one file, the run would
            // remove every other service's files as orphans.
            if self.specs.is_file() {
                return Err(BuildError::OneFile { path: self.specs.clone() });
            }
            if let Some(chosen) = &self.services {
                select(&mut ir, chosen)?;
            }
            let emit_options = EmitOptions { layout: Layout::Module, threads: Threads::Auto };
            let files = emit::emit_with(&ir, emit_options)?;
            Ok((ir, files))
        };
        let io_error = |path, source| BuildError::Write { path, source };
        let run = manifest::run(&root, &owned, key, render, io_error)?;
        Ok(Generated {
            module: out_dir.join(ROOT_FILE),
            services: run.services,
            operations: run.operations,
            inputs,
            summary: run.summary,
            route: run.route,
        })
    }
}

/// What a build-script run produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// The file to `include!`: `<out_dir>/cloudspec/mod.rs`.
    pub module: PathBuf,
    /// The services generated, as `<provider>/<service>`.
    pub services: Vec<String>,
    pub operations: usize,
    /// Every spec folder and file cargo is told to watch, the specs folder first.
    pub inputs: Vec<PathBuf>,
    /// Files written, left alone and removed, relative to `<out_dir>/cloudspec/`.
    pub summary: WriteSummary,
    /// Whether the manifest showed that nothing had changed, or the specs were rendered.
    pub route: Route,
}

/// Why a build-script run produced no code.
#[derive(thiserror::Error)]
pub enum BuildError {
    /// The specs are broken; the text lists every problem with its file, line and snippet.
    #[error("{0}")]
    Specs(Diagnostics),
    #[error(
        "cloudspec: no output folder: OUT_DIR is not set (cargo sets it when it runs a build \
         script); outside a build script, call .out_dir(..)"
    )]
    NoOutDir,
    #[error("cloudspec: .services(..) names {name:?}, which the specs do not define; they define: {known}")]
    UnknownService { name: String, known: String },
    #[error("cloudspec: .services(..) selects no service; leave it out to generate every service")]
    NoServiceSelected,
    #[error(
        "cloudspec: .specs({path:?}) is one file; it has no problems, but a build script generates \
         from the whole specs folder (pick services with .services(..))"
    )]
    OneFile { path: PathBuf },
    #[error(
        "cloudspec: cargo cannot watch {path:?}: a rerun-if-changed path must be valid UTF-8 \
         without line breaks; rename it"
    )]
    Unwatchable { path: PathBuf },
    #[error("cloudspec: cannot print the cargo directives: {0}")]
    Directives(std::io::Error),
    #[error("cloudspec: {0}")]
    Emit(#[from] EmitError),
    #[error("cloudspec: cannot write the generated module tree to {}: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
}

/// The same text as `Display`: a build script that `unwrap`s, `expect`s or returns the error
/// from `main` prints it with `Debug`, and cargo should show the spec author the rendered
/// diagnostics, not a struct dump.
impl fmt::Debug for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Keeps the services named in `chosen`, in the IR's order; every name must exist.
fn select(ir: &mut crate::ir::Ir, chosen: &[String]) -> Result<(), BuildError> {
    let name = crate::ir::Service::qualified_name;
    let known: Vec<String> = ir.services.iter().map(name).collect();
    if let Some(unknown) = chosen.iter().find(|c| !known.contains(c)) {
        return Err(BuildError::UnknownService { name: unknown.clone(), known: known.join(", ") });
    }
    ir.services.retain(|s| chosen.contains(&name(s)));
    if ir.services.is_empty() {
        return Err(BuildError::NoServiceSelected);
    }
    Ok(())
}

/// The specs folder, each provider and service folder, and each file in them: the levels the
/// loader reads (`<provider>/provider.yaml`, `<provider>/<service>/*.yaml`), whether or not the
/// files parse. A provider file is an input of every service that shares it.
/// Hidden entries are skipped as the loader skips them. A folder that cannot be read is still
/// listed, so cargo watches it; the loader reports why it could not be read.
///
/// The same files key the manifest (`manifest::Key`): what cargo must watch for a rerun is what
/// a rerun's output depends on.
pub(crate) fn watched_paths(specs: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
        out.push(dir.to_path_buf());
        let Ok(entries) = crate::spec::load::sorted_entries(dir) else { return };
        for path in entries {
            if path.is_dir() {
                // Deeper folders are not read by the loader; the depth bound also keeps a
                // symlink loop from recursing forever.
                if depth < 2 {
                    walk(&path, depth + 1, out);
                }
            } else {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(specs, 0, &mut out);
    out
}

/// `cargo:rerun-if-changed` for each input, and the optional features for `unexpected_cfgs`.
/// The one-colon `cargo:` form is read by every cargo (`rustc-check-cfg` from 1.80 on; older
/// ones ignore it).
fn print_directives(inputs: &[PathBuf]) -> Result<(), BuildError> {
    let features: Vec<String> = OPTIONAL_FEATURES.iter().map(|f| format!("{f:?}")).collect();
    let mut lines = format!("cargo:rustc-check-cfg=cfg(feature, values({}))\n", features.join(", "));
    for path in inputs {
        match path.to_str() {
            Some(text) if !text.contains(['\n', '\r']) => {
                lines.push_str("cargo:rerun-if-changed=");
                lines.push_str(text);
                lines.push('\n');
            }
            _ => return Err(BuildError::Unwatchable { path: path.clone() }),
        }
    }
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(lines.as_bytes()).and_then(|()| stdout.flush()).map_err(BuildError::Directives)
}
