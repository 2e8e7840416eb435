//! Loading and lowering on several threads give exactly what one thread gives, results and
//! problems alike, in the same order: checked on synthetic trees large enough for the loader and
//! the lowering to start threads.

use std::path::{Path, PathBuf};

use cloudspec_codegen::ir::lower_on;
use cloudspec_codegen::spec::load::{load_partial_on, sorted_entries};
use cloudspec_codegen::spec::{self, SpecTree};
use cloudspec_xtask::synth::synth;

/// A synthetic tree of `ops` operations (enough files to parse on several threads), with a
/// problem of each kind the loader reports in a few of its files.
fn broken_tree(ops: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    synth(dir.path(), ops, 7).expect("the synthetic tree is written");
    let services = sorted_entries(dir.path())
        .into_iter()
        .flatten()
        .flat_map(|provider| sorted_entries(&provider).into_iter().flatten())
        // A provider folder holds its services and may hold a `provider.yaml`.
        .filter(|entry| entry.is_dir())
        .collect::<Vec<_>>();
    let operation = |service: &Path, n: usize| {
        sorted_entries(service)
            .expect("a service folder")
            .into_iter()
            .filter(|f| !f.ends_with("service.yaml"))
            .nth(n)
    };
    let write = |path: Option<PathBuf>, bytes: &[u8]| {
        std::fs::write(path.expect("an operation file"), bytes).expect("the file is written")
    };
    write(operation(&services[0], 0), b"operation: [unclosed\n");
    write(operation(&services[0], 3), b"");
    write(operation(&services[1], 1), b"\xff\xfe not UTF-8\n");
    write(operation(&services[1], 2), b"operation: X\nunknown_key: 1\n");
    std::fs::remove_file(services[2].join("service.yaml")).expect("service.yaml is removed");
    std::fs::write(dir.path().join("stray.yaml"), "operation: Stray\n").expect("written");
    dir
}

#[test]
fn parsing_on_several_threads_loads_what_one_thread_loads() {
    let dir = broken_tree(300);
    let (one_tree, one_problems) = load_partial_on(dir.path(), 1);
    assert!(one_tree.services.len() > 3 && one_problems.0.len() >= 6, "{one_problems}");
    for threads in [2, 3, 8] {
        let (tree, problems) = load_partial_on(dir.path(), threads);
        assert_eq!(format!("{tree:?}"), format!("{one_tree:?}"), "{threads} threads");
        assert_eq!(format!("{problems:?}"), format!("{one_problems:?}"), "{threads} threads");
    }
}

/// A synthetic tree of `ops` operations: enough to lower on several threads.
fn synthetic_tree(ops: usize) -> SpecTree {
    let dir = tempfile::tempdir().expect("a temporary folder");
    synth(dir.path(), ops, 11).expect("the synthetic tree is written");
    let (tree, diagnostics) = spec::load_partial(dir.path());
    assert!(diagnostics.is_empty(), "{diagnostics}");
    tree
}

fn assert_same_on_several_threads(tree: &SpecTree) {
    let one = format!("{:?}", lower_on(tree, 1));
    for threads in [2, 3, 8] {
        assert_eq!(format!("{:?}", lower_on(tree, threads)), one, "{threads} threads");
    }
}

#[test]
fn lowering_on_several_threads_gives_what_one_thread_gives() {
    let tree = synthetic_tree(300);
    assert!(lower_on(&tree, 1).is_ok());
    assert_same_on_several_threads(&tree);
}

#[test]
fn several_threads_report_the_problems_of_one_thread_in_its_order() {
    let mut tree = synthetic_tree(300);
    for service in tree.services.iter_mut().step_by(3) {
        service.provider_dir.push_str("-moved");
        let first = service.operations[0].clone();
        service.operations.push(first);
    }
    let problems = lower_on(&tree, 1).expect_err("the tree has problems");
    assert!(problems.0.len() >= 6, "{problems}");
    assert_same_on_several_threads(&tree);
}
