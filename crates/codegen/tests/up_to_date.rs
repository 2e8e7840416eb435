//! Committed outputs are what the current specs and generator produce.

use std::path::{Path, PathBuf};

mod common;
use common::{Manifest, tree};

fn repo() -> PathBuf {
    common::repo_root()
}

/// Every file under `root` but the manifest: the generator's cache, git-ignored, present in
/// `generated/` only where `generate` ran.
fn files_under(root: &Path) -> Vec<(String, Vec<u8>)> {
    tree(root, Manifest::Skip, |path| std::fs::read(path).unwrap()).into_iter().collect()
}

/// Regenerates into a temp dir and compares with `generated/` byte for byte.
#[test]
fn generated_crate_is_up_to_date() {
    let repo = repo();
    let temp = tempfile::tempdir().unwrap();
    cloudspec_codegen::generate(&repo.join("specs"), temp.path()).unwrap_or_else(|e| panic!("{e}"));
    let fresh = files_under(temp.path());
    let committed: Vec<_> = files_under(&repo.join("generated"));
    let fresh_names: Vec<&String> = fresh.iter().map(|(n, _)| n).collect();
    let committed_names: Vec<&String> = committed.iter().map(|(n, _)| n).collect();
    let stale: Vec<&String> = fresh
        .iter()
        .filter(|(name, bytes)| committed.iter().find(|(n, _)| n == name).is_none_or(|(_, b)| b != bytes))
        .map(|(name, _)| name)
        .collect();
    assert!(
        stale.is_empty() && fresh_names == committed_names,
        "generated/ is stale (differs: {stale:?}; expected files {fresh_names:?}, found {committed_names:?}).\n\
         Run `cargo run -- generate` and commit the result."
    );
}

#[test]
fn spec_schema_is_up_to_date() {
    let path = repo().join("specs/schema.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == cloudspec_codegen::spec::schema::json_schema(),
        "specs/schema.json is stale. Run `cargo run -- schema > specs/schema.json` and commit the result."
    );
}
