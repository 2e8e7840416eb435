//! Regeneration is incremental (an unchanged spec rewrites nothing, a changed one only the files
//! it renders to) and parallel rendering is deterministic (the same bytes on any thread count).

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use cloudspec_codegen::emit::{EmitOptions, Layout, Threads, emit_with};

mod common;
use common::{Manifest, changed as touched, copy_dir, edit_line, mtime, tree};

fn specs() -> PathBuf {
    common::repo_specs()
}

/// Every generated file under `root` with its mtime, by relative path. The manifest is left
/// out: it is the generator's cache, rewritten whenever a spec changes (tests/manifest.rs).
fn mtimes(root: &Path) -> BTreeMap<String, SystemTime> {
    tree(root, Manifest::Skip, mtime)
}

fn age(root: &Path) {
    common::age(root, Manifest::Skip)
}

/// The real specs copied to `dir/specs` and generated into `dir/out`, every output file aged.
fn generated_copy(dir: &Path) -> (PathBuf, PathBuf) {
    let (specs_copy, out) = (dir.join("specs"), dir.join("out"));
    copy_dir(&specs(), &specs_copy);
    cloudspec_codegen::generate(&specs_copy, &out).unwrap_or_else(|e| panic!("{e}"));
    age(&out);
    (specs_copy, out)
}

#[test]
fn noop_generate_rewrites_no_file() {
    let temp = tempfile::tempdir().unwrap();
    let (specs_copy, out) = generated_copy(temp.path());
    let before = mtimes(&out);

    let summary = cloudspec_codegen::generate(&specs_copy, &out).unwrap_or_else(|e| panic!("{e}")).summary;
    assert!(summary.written.is_empty() && summary.removed.is_empty(), "{summary:?}");
    assert_eq!(summary.unchanged, before.len());
    assert_eq!(touched(&before, &mtimes(&out)), Vec::<String>::new(), "no mtime changes");
}

/// An operation's `doc` reaches its own file alone: the crate's tables list names and
/// summaries, never the doc text.
#[test]
fn changed_operation_doc_rewrites_only_that_operation_file() {
    let temp = tempfile::tempdir().unwrap();
    let (specs_copy, out) = generated_copy(temp.path());
    let before = mtimes(&out);

    edit_line(
        &specs_copy.join("huawei/codeartsrepo/create_file.yaml"),
        "doc:",
        "doc: This API is used to create a file (edited by the incremental test).",
    );
    let summary = cloudspec_codegen::generate(&specs_copy, &out).unwrap_or_else(|e| panic!("{e}")).summary;
    let op_file = "services/huawei-codeartsrepo/src/create_file.rs".to_owned();
    assert_eq!(summary.written, vec![op_file.clone()], "{summary:?}");
    assert_eq!(touched(&before, &mtimes(&out)), vec![op_file.clone()]);
    let text = std::fs::read_to_string(out.join(&op_file)).unwrap();
    assert!(text.contains("(edited by the incremental test)"), "{text}");
}

/// A summary is also a row of its service's operation table, so the service module is rewritten
/// with the operation's file, and nothing else is.
#[test]
fn changed_operation_summary_rewrites_that_operation_and_its_service_module() {
    let temp = tempfile::tempdir().unwrap();
    let (specs_copy, out) = generated_copy(temp.path());
    let before = mtimes(&out);

    edit_line(
        &specs_copy.join("tencent/wedata/create_code_file.yaml"),
        "summary:",
        "summary: Create a code file (edited).",
    );
    let summary = cloudspec_codegen::generate(&specs_copy, &out).unwrap_or_else(|e| panic!("{e}")).summary;
    let expected = vec![
        "services/tencent-wedata/src/create_code_file.rs".to_owned(),
        "services/tencent-wedata/src/lib.rs".to_owned(),
    ];
    assert_eq!(summary.written, expected, "{summary:?}");
    assert_eq!(touched(&before, &mtimes(&out)), expected);
}

/// The seed specs copied `copies` times over as fake services `<service>2`, `<service>3`, …
/// beside the real ones: enough independent services for the parallel path to matter.
fn multiplied_specs(dir: &Path, copies: usize) -> PathBuf {
    let root = dir.join("specs");
    copy_dir(&specs(), &root);
    for provider in std::fs::read_dir(specs()).unwrap() {
        let provider = provider.unwrap().path();
        if !provider.is_dir() {
            continue;
        }
        for service in std::fs::read_dir(&provider).unwrap() {
            let service = service.unwrap().path();
            // A provider folder's provider.yaml is not a service; the copies share it.
            if !service.is_dir() {
                continue;
            }
            let name = service.file_name().unwrap().to_string_lossy().into_owned();
            for n in 2..=copies {
                let target = root.join(provider.file_name().unwrap()).join(format!("{name}{n}"));
                copy_dir(&service, &target);
                edit_line(&target.join("service.yaml"), "service:", &format!("service: {name}{n}"));
            }
        }
    }
    root
}

fn threads(n: usize) -> Threads {
    Threads::Exactly(NonZeroUsize::new(n).unwrap())
}

/// The same bytes in the same order from one thread, a few, and more threads than services, in
/// both layouts; on the real specs and on enough services to pass the automatic threshold.
#[test]
fn parallel_and_sequential_emission_are_byte_identical() {
    let temp = tempfile::tempdir().unwrap();
    let many = multiplied_specs(temp.path(), 4);
    let services = cloudspec_codegen::lint(&many).map(|ir| ir.services.len()).unwrap_or_default();
    assert!(
        services >= cloudspec_codegen::emit::PARALLEL_THRESHOLD,
        "`Auto` goes parallel on {services} services"
    );
    for root in [specs(), many] {
        let ir = cloudspec_codegen::lint(&root).unwrap_or_else(|e| panic!("{e}"));
        for layout in [Layout::Crate, Layout::Module] {
            let sequential = emit_with(&ir, EmitOptions { layout, threads: threads(1) }).unwrap();
            assert!(sequential.windows(2).all(|w| w[0].path < w[1].path), "sorted, no duplicate path");
            for options in [
                EmitOptions { layout, threads: threads(3) },
                EmitOptions { layout, threads: threads(ir.services.len() + 5) },
                EmitOptions { layout, threads: Threads::Auto },
            ] {
                let parallel = emit_with(&ir, options).unwrap();
                assert!(parallel == sequential, "{options:?} differs from one thread on {}", root.display());
            }
        }
    }
}

/// Not a test: times `emit_with` on one thread and on every core for growing numbers of
/// services, to choose `PARALLEL_THRESHOLD`. Run with
/// `cargo test --release -p cloudspec-codegen --test incremental -- --ignored --nocapture`.
#[test]
#[ignore = "measurement; prints timings"]
fn measure_parallel_emission() {
    let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    println!("{cores} cores");
    let temp = tempfile::tempdir().unwrap();
    let all_services =
        cloudspec_codegen::lint(&multiplied_specs(temp.path(), 40)).unwrap_or_else(|e| panic!("{e}"));
    for count in [1, 2, 3, 4, 6, 8, 12, 20, 50, 100, 200] {
        let mut ir = all_services.clone();
        ir.services.truncate(count);
        for layout in [Layout::Crate, Layout::Module] {
            // Alternated, and the best of each kept: the runs least disturbed by whatever else
            // the machine does, with both kinds sampled over the same stretch of time.
            let (mut one, mut all) = (Duration::MAX, Duration::MAX);
            for _ in 0..30 {
                for (threads, best) in [(threads(1), &mut one), (threads(cores), &mut all)] {
                    let started = Instant::now();
                    emit_with(&ir, EmitOptions { layout, threads }).unwrap();
                    *best = (*best).min(started.elapsed());
                }
            }
            println!(
                "{:>4} services, {layout:?}: 1 thread {:>8.2?}, {cores} threads {:>8.2?} ({:.2}x)",
                ir.services.len(),
                one,
                all,
                one.as_secs_f64() / all.as_secs_f64()
            );
        }
    }
}
