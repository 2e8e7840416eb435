//! Helpers shared by the integration tests (each test binary uses some of them).
#![allow(dead_code)]

pub mod fixture_crate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The repository's `specs/`.
pub fn repo_specs() -> PathBuf {
    repo_root().join("specs")
}

/// Copies the tree at `from` to `to` (created), file by file.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// The repository root: the nearest folder above the test's package that holds the workspace's
/// `Cargo.lock` (the CLI's tests share this file from a package one level deeper).
pub fn repo_root() -> PathBuf {
    let package = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = package.ancestors().find(|dir| dir.join("Cargo.lock").is_file());
    root.unwrap_or(&package).to_path_buf()
}

/// Whether tree listings include the generator's manifest (`.cloudspec-manifest`), which a run
/// rewrites whenever a spec file changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Manifest {
    Keep,
    Skip,
}

/// Every file under `root` by relative (`/`-separated) path, with what `read` takes of it.
pub fn tree<V>(root: &Path, manifest: Manifest, read: impl Fn(&Path) -> V) -> BTreeMap<String, V> {
    fn walk<V>(
        root: &Path,
        dir: &Path,
        manifest: Manifest,
        read: &dyn Fn(&Path) -> V,
        out: &mut BTreeMap<String, V>,
    ) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let is_manifest = path.file_name().is_some_and(|n| n == cloudspec_codegen::manifest::FILE_NAME);
            if manifest == Manifest::Skip && is_manifest {
                continue;
            }
            if path.is_dir() {
                walk(root, &path, manifest, read, out);
            } else {
                let relative = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(relative, read(&path));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, manifest, &read, &mut out);
    out
}

/// A file's modification time.
pub fn mtime(path: &Path) -> SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

/// A file's bytes and modification time.
pub fn bytes_and_mtime(path: &Path) -> (Vec<u8>, SystemTime) {
    (std::fs::read(path).unwrap(), mtime(path))
}

/// The paths whose value differs between two listings, or that one of them lacks, sorted.
pub fn changed<V: PartialEq>(before: &BTreeMap<String, V>, after: &BTreeMap<String, V>) -> Vec<String> {
    let mut paths: Vec<String> = after.keys().chain(before.keys()).cloned().collect();
    paths.sort();
    paths.dedup();
    paths.retain(|path| before.get(path) != after.get(path));
    paths
}

/// Sets the mtime of every file under `root` far into the past, so that any rewrite shows
/// however coarse the file system's clock.
pub fn age(root: &Path, manifest: Manifest) {
    let long_ago = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    for relative in tree(root, manifest, |_| ()).keys() {
        let file = std::fs::File::options().write(true).open(root.join(relative)).unwrap();
        file.set_modified(long_ago).unwrap();
    }
}

/// Replaces the one line of `file` that starts with `key`.
pub fn edit_line(file: &Path, key: &str, line: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert_eq!(
        text.lines().filter(|l| l.starts_with(key)).count(),
        1,
        "one `{key}` line in {}",
        file.display()
    );
    let edited: Vec<&str> = text.lines().map(|l| if l.starts_with(key) { line } else { l }).collect();
    std::fs::write(file, edited.join("\n") + "\n").unwrap();
}
