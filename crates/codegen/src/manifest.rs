//! The record a successful run leaves in its output folder (`.cloudspec-manifest`), which lets
//! the next run learn that it has nothing to do without loading, checking or rendering a spec.
//!
//! A run's output is a function of three things, which together make the manifest's [`Key`]:
//! the generator (its version and a hash of its sources, templates and locked dependencies,
//! computed by `build.rs`), the options (layout, chosen services), and the bytes of the spec
//! files. Beside the key the manifest lists every file the run produced, with size and SHA-256,
//! and the counts the run reports.
//!
//! The manifest is a shortcut to "nothing to do", never a source of output: a run trusts it
//! only when its key equals the key of the current inputs *and* the output folder still holds
//! exactly the files it lists, byte for byte (hashed), with no other file in the folders the
//! generator owns. Anything else — no manifest, a truncated or edited one, a different
//! generator, one changed spec byte, one changed output byte, one stray file — takes the full
//! path, which renders everything and writes the manifest anew once every output is in place.
//! A run that fails leaves the old manifest, whose key names other inputs than the ones that
//! failed, so it cannot vouch for them.
//!
//! The format is line-based text, deterministic (sorted, relative paths only), ending with a
//! checksum of everything before it so that a damaged or hand-edited file reads as no manifest.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io;
use std::path::{Component, Path, PathBuf};

use aws_lc_rs::digest::{SHA256, digest};

use crate::Route;
use crate::emit::GeneratedFile;
use crate::ir::Ir;
use crate::parallel;
use crate::write::WriteSummary;

/// The manifest's name, at the root of the output folder.
pub const FILE_NAME: &str = ".cloudspec-manifest";

/// The first line; bumped whenever the format changes, so that an old file reads as none.
const FORMAT_LINE: &str = "cloudspec-manifest 1";

/// This generator: crate version, the fingerprint `build.rs` computed from this crate's sources
/// and templates, and the spec crate's own (its loader and checks decide what is generated too).
pub fn generator() -> String {
    format!(
        "{} {} {}",
        env!("CARGO_PKG_VERSION"),
        env!("CLOUDSPEC_GENERATOR_FINGERPRINT"),
        cloudspec_spec::SOURCE_FINGERPRINT
    )
}

/// One file by relative path (`/`-separated), size and SHA-256 (lowercase hex).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FileDigest {
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

impl FileDigest {
    fn of(path: String, bytes: &[u8]) -> FileDigest {
        FileDigest { path, size: bytes.len() as u64, sha256: sha256_hex(bytes) }
    }
}

/// Everything a run's output depends on. Two runs with equal keys produce the same files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    generator: String,
    options: String,
    inputs: Vec<FileDigest>,
}

impl Key {
    /// The key of the spec files among `paths` (the files and folders the loader looks at, as
    /// `build_script::watched_paths` lists them; folders are skipped, their files are listed),
    /// named relative to `specs`. `options` names everything besides the specs that changes the
    /// output, e.g. `layout=crate`.
    ///
    /// `None` when a file cannot be read or named in the manifest (a path that is not UTF-8 or
    /// holds a line break): such a run cannot be keyed, so it takes the full path, whose loader
    /// reports the problem if it matters.
    pub fn new(specs: &Path, paths: &[PathBuf], options: impl Into<String>) -> Option<Key> {
        // Read and hashed on every core: at 10,000 operations this is 10,000 files read before
        // anything else can start.
        let threads =
            parallel::threads_for(paths.len(), PARALLEL_FROM_OUTPUTS, parallel::available_threads());
        let digests = parallel::map_in_order(paths, threads, |path| -> Option<Option<FileDigest>> {
            if path.is_dir() {
                return Some(None);
            }
            let relative = path.strip_prefix(specs).ok()?.to_str()?.replace('\\', "/");
            if relative.is_empty() || relative.contains(['\n', '\r']) {
                return None;
            }
            let bytes = std::fs::read(path).ok()?;
            Some(Some(FileDigest::of(relative, &bytes)))
        });
        let mut inputs: Vec<FileDigest> =
            digests.into_iter().collect::<Option<Vec<_>>>()?.into_iter().flatten().collect();
        inputs.sort();
        Some(Key { generator: generator(), options: options.into(), inputs })
    }
}

/// What a successful run produced, under the key of what it was produced from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    pub key: Key,
    /// The services generated, as `<provider>/<service>`, in the generator's order.
    pub services: Vec<String>,
    pub operations: usize,
    /// Every file written (or found unchanged), sorted by path.
    pub outputs: Vec<FileDigest>,
}

impl Manifest {
    pub fn new(key: Key, services: &[String], operations: usize, files: &[GeneratedFile]) -> Manifest {
        // Hashed on every core, as `outputs_intact` hashes them: at 10,000 operations this is
        // 140 MB of text, which one thread hashed while the other idled.
        let threads =
            parallel::threads_for(files.len(), PARALLEL_FROM_OUTPUTS, parallel::available_threads());
        Manifest::of_digests(key, services, operations, output_digests(files, threads))
    }

    /// The manifest of outputs already hashed by [`output_digests`].
    fn of_digests(
        key: Key,
        services: &[String],
        operations: usize,
        mut outputs: Vec<FileDigest>,
    ) -> Manifest {
        outputs.sort();
        Manifest { key, services: services.to_vec(), operations, outputs }
    }

    /// What a run that found everything up to date reports: every output unchanged.
    pub fn unchanged_summary(&self) -> WriteSummary {
        WriteSummary { unchanged: self.outputs.len(), ..WriteSummary::default() }
    }

    /// The file's bytes: one record per line, a path always last on its line (it may hold
    /// spaces), and a checksum of all the lines before it at the end.
    pub fn to_text(&self) -> String {
        // `write!` to a String cannot fail.
        let mut text = String::new();
        let _ = writeln!(text, "{FORMAT_LINE}");
        let _ = writeln!(text, "generator {}", self.key.generator);
        let _ = writeln!(text, "options {}", self.key.options);
        for service in &self.services {
            let _ = writeln!(text, "service {service}");
        }
        let _ = writeln!(text, "operations {}", self.operations);
        for (tag, files) in [("input", &self.key.inputs), ("output", &self.outputs)] {
            for file in files {
                let _ = writeln!(text, "{tag} {} {} {}", file.size, file.sha256, file.path);
            }
        }
        let checksum = sha256_hex(text.as_bytes());
        let _ = writeln!(text, "end {checksum}");
        text
    }

    /// Reads what [`Manifest::to_text`] wrote; `None` for anything else.
    pub fn parse(text: &str) -> Option<Manifest> {
        let body_len = text.rfind("end ")?;
        let (body, end) = text.split_at(body_len);
        if !body.ends_with('\n') || end != format!("end {}\n", sha256_hex(body.as_bytes())) {
            return None;
        }
        let mut lines = body.lines();
        if lines.next()? != FORMAT_LINE {
            return None;
        }
        let generator = lines.next()?.strip_prefix("generator ")?.to_owned();
        let options = lines.next()?.strip_prefix("options ")?.to_owned();
        let mut services = Vec::new();
        let mut operations = None;
        let (mut inputs, mut outputs) = (Vec::new(), Vec::new());
        for line in lines {
            let (tag, rest) = line.split_once(' ')?;
            match tag {
                "service" if operations.is_none() => services.push(rest.to_owned()),
                "operations" if operations.is_none() => operations = Some(rest.parse().ok()?),
                "input" if operations.is_some() && outputs.is_empty() => inputs.push(parse_digest(rest)?),
                "output" if operations.is_some() => outputs.push(parse_digest(rest)?),
                _ => return None,
            }
        }
        Some(Manifest { key: Key { generator, options, inputs }, services, operations: operations?, outputs })
    }

    /// The manifest in `out`, if there is a well-formed one. Every failure reads as "none":
    /// the caller then does the full run, which is always correct.
    pub fn read(out: &Path) -> Option<Manifest> {
        let path = out.join(FILE_NAME);
        // A link (or FIFO, device) in its place is not read: it reads as no manifest, and the
        // full run that follows refuses the folder (`crate::ownership`).
        if !std::fs::symlink_metadata(&path).ok()?.is_file() {
            return None;
        }
        let text = std::fs::read_to_string(path).ok()?;
        Manifest::parse(&text)
    }

    /// Puts the manifest in `out` atomically (staged beside it, then renamed), unless the file
    /// there already holds these bytes.
    pub fn write(&self, out: &Path) -> io::Result<()> {
        let file = GeneratedFile { path: FILE_NAME.to_owned(), contents: self.to_text() };
        if std::fs::read(out.join(FILE_NAME)).is_ok_and(|existing| existing == file.contents.as_bytes()) {
            return Ok(());
        }
        crate::write::replace_file(out, &file)
    }

    /// Removes the manifest from `out`, if any: for a run whose inputs cannot be keyed, after
    /// which the old manifest describes outputs that are no longer there.
    pub fn remove(out: &Path) -> io::Result<()> {
        let path = out.join(FILE_NAME);
        match std::fs::remove_file(&path) {
            Err(error) if error.kind() != io::ErrorKind::NotFound => Err(io::Error::new(
                error.kind(),
                format!("removing the outdated {}: {error}", path.display()),
            )),
            _ => Ok(()),
        }
    }

    /// Whether `out` holds exactly the files listed, each with its size and hash, and no other
    /// file, link or anything else in the generator's part of it (the `owned` folders, see
    /// [`crate::ownership`]).
    pub fn outputs_intact(&self, out: &Path, owned: &[&str]) -> bool {
        let listed: BTreeSet<&str> = self.outputs.iter().map(|o| o.path.as_str()).collect();
        if listed.len() != self.outputs.len() || !listed.iter().all(|path| is_plain_relative(path)) {
            return false;
        }
        let top_level = listed.iter().copied().filter(|path| !path.contains('/')).collect();
        let Ok(survey) = crate::ownership::Survey::of(out, owned, &top_level) else { return false };
        let found = survey.files.iter().map(String::as_str).filter(|path| *path != FILE_NAME);
        if !survey.links.is_empty() || !survey.specials.is_empty() || !found.eq(listed.iter().copied()) {
            return false;
        }
        // Hashing the outputs is most of a no-op run's time: on every core, for a crate's worth.
        let threads =
            parallel::threads_for(self.outputs.len(), PARALLEL_FROM_OUTPUTS, parallel::available_threads());
        parallel::map_in_order(&self.outputs, threads, |output| {
            std::fs::read(out.join(&output.path))
                .is_ok_and(|bytes| bytes.len() as u64 == output.size && sha256_hex(&bytes) == output.sha256)
        })
        .into_iter()
        .all(|intact| intact)
    }
}

/// What [`run`] did.
pub(crate) struct Run {
    /// The services generated, as `<provider>/<service>`.
    pub services: Vec<String>,
    pub operations: usize,
    pub summary: WriteSummary,
    pub route: Route,
}

/// One generation into `root` through its manifest: when `key` is recorded there and the
/// outputs are intact, nothing but those checks; else `render`, write the files (the folders
/// `owned` are the generator's), and record the run. Both the CLI's crate and a build script's
/// module tree go through here; `io_error` names the path of a failed write in the caller's
/// error type.
pub(crate) fn run<E>(
    root: &Path,
    owned: &[&str],
    key: Option<Key>,
    render: impl FnOnce() -> Result<(Ir, Vec<GeneratedFile>), E>,
    io_error: impl Fn(PathBuf, io::Error) -> E,
) -> Result<Run, E> {
    if let Some(key) = &key
        && let Some(recorded) = up_to_date(root, key, owned)
    {
        return Ok(Run {
            summary: recorded.unchanged_summary(),
            services: recorded.services,
            operations: recorded.operations,
            route: Route::UpToDate,
        });
    }
    let (ir, files) = render()?;
    let services: Vec<String> = ir.services.iter().map(|s| s.qualified_name()).collect();
    let operations = ir.operation_count();
    // Nothing below reads the IR: it is freed beside the write rather than after the run.
    crate::drop_aside(ir, |ir| ir.services.len());
    // The write waits for the file system and hashing wants a core: the outputs are hashed for
    // the manifest on another thread while they are written, rather than after.
    let overlap = key.is_some() && files.len() >= PARALLEL_FROM_OUTPUTS;
    let (written, digests) = std::thread::scope(|scope| {
        let hashing = overlap.then(|| scope.spawn(|| output_digests(&files, 1)));
        let written = crate::write::write_files_owning(root, &files, owned);
        // Hashing cannot fail; a panic in it is a bug and surfaces as it would on this thread.
        let digests =
            hashing.map(|thread| thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        (written, digests)
    });
    let summary = written.map_err(|e| io_error(root.to_path_buf(), e))?;
    let recorded = match (key, digests) {
        (Some(key), Some(digests)) => Manifest::of_digests(key, &services, operations, digests).write(root),
        (key, _) => record(root, key, &services, operations, &files),
    };
    recorded.map_err(|e| io_error(root.join(FILE_NAME), e))?;
    Ok(Run { services, operations, summary, route: Route::Rendered })
}

/// The size and hash of every file, on up to `threads` threads.
fn output_digests(files: &[GeneratedFile], threads: usize) -> Vec<FileDigest> {
    parallel::map_in_order(files, threads, |f| FileDigest::of(f.path.clone(), f.contents.as_bytes()))
}

/// Outputs below this number are hashed on the calling thread: a build script's handful of
/// files hash in well under a millisecond, less than starting threads costs.
const PARALLEL_FROM_OUTPUTS: usize = 64;

/// Records a successful run in `out`, once every output is in place: the manifest of `key`, or
/// none when the inputs could not be keyed (an older manifest would describe other outputs).
pub fn record(
    out: &Path,
    key: Option<Key>,
    services: &[String],
    operations: usize,
    files: &[GeneratedFile],
) -> io::Result<()> {
    match key {
        Some(key) => Manifest::new(key, services, operations, files).write(out),
        None => Manifest::remove(out),
    }
}

/// The manifest in `out`, if it was written for `key` and `out` still holds exactly its
/// outputs: then a run with these inputs has nothing to do.
pub fn up_to_date(out: &Path, key: &Key, owned: &[&str]) -> Option<Manifest> {
    let manifest = Manifest::read(out)?;
    (manifest.key == *key && manifest.outputs_intact(out, owned)).then_some(manifest)
}

/// `<size> <sha256> <path>`.
fn parse_digest(text: &str) -> Option<FileDigest> {
    let mut fields = text.splitn(3, ' ');
    let size = fields.next()?.parse().ok()?;
    let sha256 = fields.next()?;
    let path = fields.next()?;
    let is_hex = sha256.len() == 64 && sha256.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    (is_hex && !path.is_empty()).then(|| FileDigest {
        path: path.to_owned(),
        size,
        sha256: sha256.to_owned(),
    })
}

/// A path that stays inside the folder it is joined to: relative, no `..`, no `.`.
fn is_plain_relative(path: &str) -> bool {
    !path.is_empty() && Path::new(path).components().all(|c| matches!(c, Component::Normal(_)))
}

/// Lower-case hex SHA-256 of `bytes` (also the `docs_sha256` of a saved page).
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    let hash = digest(&SHA256, bytes);
    let mut hex = String::with_capacity(64);
    for byte in hash.as_ref() {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Manifest {
        let key = Key {
            generator: generator(),
            options: "layout=crate".to_owned(),
            inputs: vec![FileDigest::of("tencent/wedata/service.yaml".into(), b"a: 1\n")],
        };
        let files = [
            GeneratedFile { path: "src/lib.rs".into(), contents: "// lib\n".into() },
            GeneratedFile { path: "Cargo.toml".into(), contents: "[package]\n".into() },
        ];
        Manifest::new(key, &["tencent/wedata".into()], 3, &files)
    }

    #[test]
    fn text_round_trips() {
        let manifest = sample();
        assert_eq!(Manifest::parse(&manifest.to_text()), Some(manifest));
    }

    #[test]
    fn any_edit_reads_as_no_manifest() {
        let text = sample().to_text();
        for (from, to) in
            [("operations 3", "operations 4"), ("src/lib.rs", "src/lib.r"), ("layout=crate", "x")]
        {
            assert_eq!(Manifest::parse(&text.replacen(from, to, 1)), None, "{from} -> {to}");
        }
        assert_eq!(Manifest::parse(&text[..text.len() - 2]), None, "truncated");
        assert_eq!(Manifest::parse(""), None);
        assert_eq!(Manifest::parse("end \n"), None);
    }

    #[test]
    fn only_plain_relative_paths_are_trusted() {
        assert!(is_plain_relative("src/a/b.rs"));
        for path in ["", "/etc/passwd", "../x", "src/../../x", "./src"] {
            assert!(!is_plain_relative(path), "{path}");
        }
    }
}
