//! Computes this crate's source fingerprint: a hash of every file under `src/`, in sorted path
//! order, exported as `CLOUDSPEC_SPEC_FINGERPRINT` (the crate's `SOURCE_FINGERPRINT`). The
//! generator's manifest records it with its own, so output written by an older loader or older
//! checks is never trusted.
//!
//! Each crate hashes its own folder because a packaged crate cannot read its siblings; the hash
//! (FNV-1a, 128 bits) is the one cloudspec-codegen's `build.rs` uses, written out in both since
//! a build script has no crate to share it through. It only has to tell edits apart, not resist
//! an adversary.

use std::path::{Path, PathBuf};

fn main() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let sources = manifest_dir.join("src");
    let mut files = Vec::new();
    collect_files(&sources, &mut files);
    files.sort();
    println!("cargo:rerun-if-changed={}", sources.display());

    let mut hash = Fnv128::new();
    for file in &files {
        // The path relative to the crate, so that two checkouts in different folders agree.
        let shown = file.strip_prefix(&manifest_dir).unwrap_or(file).to_string_lossy().replace('\\', "/");
        let bytes = match std::fs::read(file) {
            Ok(bytes) => bytes,
            Err(error) => panic!("cannot read {} for the source fingerprint: {error}", file.display()),
        };
        // Lengths first, so that no two different lists of files can run together into the
        // same stream of bytes.
        hash.write(&(shown.len() as u64).to_le_bytes());
        hash.write(shown.as_bytes());
        hash.write(&(bytes.len() as u64).to_le_bytes());
        hash.write(&bytes);
    }
    println!("cargo:rustc-env=CLOUDSPEC_SPEC_FINGERPRINT={:032x}", hash.finish());
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
