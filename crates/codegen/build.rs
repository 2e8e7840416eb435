//! Computes the generator's fingerprint: a hash of everything in this crate, besides the specs,
//! that decides the bytes the generator writes. The manifest (`src/manifest.rs`) records it,
//! together with cloudspec-spec's own `SOURCE_FINGERPRINT` (the loader and its checks), so that a
//! generator changed in any way never trusts outputs that an older one wrote.
//!
//! Hashed, in sorted path order: every file under `src/` (the IR, the emitters: a
//! change anywhere may change output, and telling which would be guesswork), every template
//! under `templates/` and its subfolders (`templates/rust/`; `src/emit/render.rs` includes them,
//! and they live inside the crate so that it packages and builds on its own), and the
//! workspace's `Cargo.lock` where there is one, because the version of minijinja shapes every
//! file it renders.
//!
//! FNV-1a (128 bits) rather than SHA-256: a build script cannot use the crate's own
//! dependencies without compiling aws-lc-rs a second time for the host, and the fingerprint
//! only has to tell edits apart, not resist an adversary. cloudspec-spec's `build.rs` holds the
//! same few lines: a packaged crate cannot read its siblings, so each hashes its own folder.

use std::path::{Path, PathBuf};

fn main() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let sources = manifest_dir.join("src");
    let templates = manifest_dir.join("templates");
    // In the workspace, `crates/codegen/../../Cargo.lock`; a packaged crate has none above it.
    let lock = manifest_dir.ancestors().skip(1).map(|dir| dir.join("Cargo.lock")).find(|lock| lock.is_file());
    let workspace = lock.as_deref().and_then(Path::parent).unwrap_or(&manifest_dir).to_path_buf();

    let mut files = Vec::new();
    for dir in [&sources, &templates] {
        collect_files(dir, &mut files);
        println!("cargo:rerun-if-changed={}", dir.display());
    }
    if let Some(lock) = lock {
        println!("cargo:rerun-if-changed={}", lock.display());
        files.push(lock);
    }
    files.sort();

    let mut hash = Fnv128::new();
    for file in &files {
        // The path relative to the workspace, so that two checkouts in different folders agree.
        let shown = file.strip_prefix(&workspace).unwrap_or(file).to_string_lossy().replace('\\', "/");
        let bytes = match std::fs::read(file) {
            Ok(bytes) => bytes,
            Err(error) => panic!("cannot read {} for the generator fingerprint: {error}", file.display()),
        };
        // Lengths first, so that no two different lists of files can run together into the
        // same stream of bytes.
        hash.write(&(shown.len() as u64).to_le_bytes());
        hash.write(shown.as_bytes());
        hash.write(&(bytes.len() as u64).to_le_bytes());
        hash.write(&bytes);
    }
    println!("cargo:rustc-env=CLOUDSPEC_GENERATOR_FINGERPRINT={:032x}", hash.finish());
    println!("cargo:rerun-if-changed=build.rs");
}

/// Every file below `dir`, hidden ones included (an editor's swap file costs a rebuild at worst).
fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

struct Fnv128(u128);

impl Fnv128 {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013b;

    fn new() -> Self {
        Fnv128(Self::OFFSET)
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u128::from(*byte);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
    }

    fn finish(&self) -> u128 {
        self.0
    }
}
