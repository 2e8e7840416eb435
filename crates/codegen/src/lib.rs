//! cloudspec's generator: validated spec model → IR → Rust source for the `cloudspec-clients`
//! crate. The flow has one direction: the spec model (`cloudspec-spec`, re-exported as [`spec`])
//! knows nothing of Rust, `ir` lowers it, and `emit` reads only the `ir`.

pub mod build_script;
pub mod emit;
pub mod export_openapi;
pub mod ir;
pub mod manifest;
pub mod ownership;
pub mod write;

/// The spec model: loading, checks, diagnostics (the `cloudspec-spec` crate), re-exported so that
/// a build script needs this crate alone.
pub use cloudspec_spec as spec;
pub use cloudspec_spec::diagnostic;
use cloudspec_spec::parallel;

use std::path::{Path, PathBuf};

pub use build_script::{BuildError, Builder};
pub use diagnostic::{Diagnostic, Diagnostics};
pub use emit::GeneratedFile;
pub use write::{Staleness, WriteSummary};

/// Why a run produced no code.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The specs are broken; every problem is listed.
    #[error("{0}")]
    Specs(Diagnostics),
    #[error(transparent)]
    Emit(#[from] emit::EmitError),
    #[error("cannot write {path}: {source}")]
    Io { path: String, source: std::io::Error },
    /// `--specs` named one file: fine for `lint`, but writing (or comparing) the output of part of
    /// the tree would remove (or report) every other service's files.
    #[error(
        "--specs {0} is one file; it has no problems, but `generate` and `check` need the whole specs folder"
    )]
    OneFile(String),
}

/// Loads and checks the specs under `specs`, then emits every file of the generated crate.
/// Nothing is written.
pub fn render(specs: &Path) -> Result<(ir::Ir, Vec<GeneratedFile>), Error> {
    let ir = lint(specs).map_err(Error::Specs)?;
    if specs.is_file() {
        return Err(Error::OneFile(specs.display().to_string()));
    }
    let files = emit::emit(&ir)?;
    Ok((ir, files))
}

/// Loads and checks the specs under `specs`: the IR, or every problem of every file.
pub fn lint(specs: &Path) -> Result<ir::Ir, Diagnostics> {
    // Positions are read by diagnostics alone (the IR carries none), and tracking them costs
    // about 5 % of a parse. So the specs are first loaded without them; only a run with something
    // to report loads and checks again, located, and reports exactly what a located run does.
    let (tree, diagnostics) = spec::load_partial_without_positions(specs);
    if diagnostics.is_empty()
        && let Ok(ir) = ir::lower(&tree)
    {
        drop_aside(tree, |tree| tree.services.len());
        return Ok(ir);
    }
    lint_tree(spec::load_partial(specs))
}

/// Drops `value` (a spec tree or an IR of `services(value)` services) on a thread of its own
/// when it is as large as parallel emission's threshold: freeing a large tree of strings is work
/// that nothing waits for (at 10,000 operations, tens of milliseconds between lowering and
/// emission). Where no thread can be started it is dropped here.
pub(crate) fn drop_aside<T: Send + 'static>(value: T, services: impl Fn(&T) -> usize) {
    if services(&value) >= emit::PARALLEL_THRESHOLD {
        // On failure the closure, and `value` with it, is dropped on this thread.
        let _ = std::thread::Builder::new().name("cloudspec-drop".into()).spawn(move || drop(value));
    }
}

/// Checks a loaded tree and adds the lowering's problems to the loader's.
fn lint_tree((tree, mut diagnostics): (spec::SpecTree, Diagnostics)) -> Result<ir::Ir, Diagnostics> {
    match ir::lower(&tree) {
        Ok(ir) if diagnostics.is_empty() => Ok(ir),
        Ok(_) => Err(diagnostics),
        Err(more) => {
            diagnostics.0.extend(more.0);
            Err(diagnostics.sorted())
        }
    }
}

/// How a run of [`generate`] (or of the build script's `Builder`) reached its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// The output folder's manifest was written by this generator, with these options, from
    /// spec files with exactly these bytes, and the folder still holds exactly the files it
    /// lists: nothing was loaded, checked, rendered or written.
    UpToDate,
    /// The specs were loaded, checked and rendered, and the files whose bytes differ written.
    Rendered,
}

/// What [`generate`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generation {
    pub services: usize,
    pub operations: usize,
    pub summary: WriteSummary,
    pub route: Route,
}

/// Regenerates the crate at `out` from `specs`. A broken spec leaves `out` untouched: every file
/// is rendered before the first one is written.
///
/// When nothing changed since the last successful run into `out` (its manifest says so, and
/// the files are still those it lists) this returns at once with [`Route::UpToDate`]; see
/// [`manifest`].
pub fn generate(specs: &Path, out: &Path) -> Result<Generation, Error> {
    // Keyed before anything is loaded: should a spec change while this run renders, the
    // manifest records the older bytes, and the next run sees the change.
    let key = manifest::Key::new(specs, &build_script::watched_paths(specs), CRATE_OPTIONS);
    let io_error = |path: PathBuf, source| Error::Io { path: path.display().to_string(), source };
    let run = manifest::run(out, write::OWNED_DIRS, key, || render(specs), io_error)?;
    Ok(Generation {
        services: run.services.len(),
        operations: run.operations,
        summary: run.summary,
        route: run.route,
    })
}

/// The options part of the manifest key for the crate layout of [`generate`].
const CRATE_OPTIONS: &str = "layout=crate";

/// Compares the crate at `out` with what `specs` produce.
pub fn check(specs: &Path, out: &Path) -> Result<Staleness, Error> {
    let (_, files) = render(specs)?;
    write::staleness(out, &files).map_err(|source| Error::Io { path: out.display().to_string(), source })
}
