//! Output ownership (issue 20, findings 4 and 5): `generate` and build scripts write and delete
//! only their own files inside the output folder, never through a symbolic link, and refuse a
//! folder that holds files they did not make, touching nothing. Real files, links and FIFOs in
//! temp folders; the CLI as a user runs it.
#![cfg(unix)]

use std::collections::BTreeMap;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

use cloudspec_codegen::emit::{EmitOptions, Layout, Threads, emit_with};
use cloudspec_codegen::ownership::{GENERATED_MARK, Refusal};
use cloudspec_codegen::{BuildError, Builder, Error, Route};

#[path = "../../codegen/tests/common/mod.rs"]
mod common;
use common::{copy_dir, repo_root, repo_specs};

fn cloudspec(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cloudspec")).args(args).output().expect("the binary runs")
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

fn generate_cli(specs: &Path, out: &Path) -> Output {
    cloudspec(&["generate", "--specs", specs.to_str().unwrap(), "--out", out.to_str().unwrap()])
}

/// What is at one path of a tree, links not followed.
#[derive(Debug, PartialEq, Eq)]
enum Node {
    Dir,
    File { bytes: Vec<u8>, modified: SystemTime },
    Link(PathBuf),
    Other,
}

/// Every entry under `root` by relative path, without following links.
fn snapshot(root: &Path) -> BTreeMap<String, Node> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Node>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let relative = path.strip_prefix(root).unwrap().to_string_lossy().into_owned();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            let node = if meta.file_type().is_symlink() {
                Node::Link(std::fs::read_link(&path).unwrap())
            } else if meta.is_dir() {
                walk(root, &path, out);
                Node::Dir
            } else if meta.is_file() {
                Node::File { bytes: std::fs::read(&path).unwrap(), modified: meta.modified().unwrap() }
            } else {
                Node::Other
            };
            out.insert(relative, node);
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// Sets every plain file's mtime far into the past, so that any rewrite shows.
fn age(root: &Path) {
    let long_ago = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    for (relative, node) in snapshot(root) {
        if let Node::File { .. } = node {
            std::fs::File::options()
                .write(true)
                .open(root.join(relative))
                .unwrap()
                .set_modified(long_ago)
                .unwrap();
        }
    }
}

/// A copy of the real specs in `dir/specs`, generated into `dir/out` by the CLI, aged.
fn generated(dir: &Path) -> (PathBuf, PathBuf) {
    let (specs, out) = (dir.join("specs"), dir.join("out"));
    copy_dir(&repo_specs(), &specs);
    let first = generate_cli(&specs, &out);
    assert!(first.status.success(), "{}", text(&first));
    age(&out);
    (specs, out)
}

/// A folder outside the output folder that must survive: a sentinel file and a fake `.git`.
fn outside(dir: &Path) -> PathBuf {
    let victim = dir.join("victim");
    std::fs::create_dir_all(victim.join(".git/refs")).unwrap();
    std::fs::write(victim.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    std::fs::write(victim.join("sentinel.txt"), "must survive\n").unwrap();
    victim
}

/// A spec edit that makes the next run write a file: a refused run that wrote anything would
/// show it.
fn edit_a_spec(specs: &Path) {
    common::edit_line(
        &specs.join("huawei/codeartsrepo/create_file.yaml"),
        "doc:",
        "doc: Edited by a safety test.",
    );
}

fn refusal(error: &Error) -> &Refusal {
    match error {
        Error::Io { source, .. } => Refusal::of(source).unwrap_or_else(|| panic!("not a refusal: {error}")),
        other => panic!("not a refusal: {other}"),
    }
}

/// Finding 4: a linked folder in an owned folder used to be walked, and everything it pointed
/// at deleted as orphans. Now the run stops before touching anything, naming the link.
#[test]
fn safety_symlinked_folder_under_the_output_is_refused_and_its_target_survives() {
    for place in ["services/linked", "services/tencent-wedata/src/linked", "src/linked"] {
        let temp = tempfile::tempdir().unwrap();
        let (specs, out) = generated(temp.path());
        let victim = outside(temp.path());
        symlink(&victim, out.join(place)).unwrap();
        edit_a_spec(&specs);
        let (before, victim_before) = (snapshot(&out), snapshot(&victim));

        let run = generate_cli(&specs, &out);
        assert!(!run.status.success(), "{place}: refused\n{}", text(&run));
        let report = text(&run);
        assert!(report.contains(&out.join(place).display().to_string()), "{place}: names the link\n{report}");
        assert!(report.contains("symbolic link"), "{report}");
        assert_eq!(snapshot(&victim), victim_before, "{place}: the sentinel and .git survive");
        assert_eq!(snapshot(&out), before, "{place}: nothing in the output folder changed");
    }
}

/// A linked file, both as a stray and in place of an output, and links at the top level or as
/// the output folder itself: refused, the files they point at untouched.
#[test]
fn safety_symlinked_files_and_output_path_components_are_refused() {
    let cases: [(&str, &str); 4] = [
        ("services/tencent-wedata/src/stray.rs", "sentinel.txt"),
        ("services/tencent-wedata/src/create_code_file.rs", "sentinel.txt"),
        ("tests", "."),
        (".cloudspec-manifest", "sentinel.txt"),
    ];
    for (place, target) in cases {
        let temp = tempfile::tempdir().unwrap();
        let (specs, out) = generated(temp.path());
        let victim = outside(temp.path());
        let replaced = out.join(place);
        if replaced.is_dir() {
            std::fs::remove_dir_all(&replaced).unwrap();
        } else if replaced.exists() {
            std::fs::remove_file(&replaced).unwrap();
        }
        symlink(victim.join(target), &replaced).unwrap();
        edit_a_spec(&specs);
        let (before, victim_before) = (snapshot(&out), snapshot(&victim));

        let run = generate_cli(&specs, &out);
        assert!(!run.status.success(), "{place}: refused\n{}", text(&run));
        assert!(
            text(&run).contains(&replaced.display().to_string()),
            "{place}: names the link\n{}",
            text(&run)
        );
        assert_eq!(snapshot(&victim), victim_before, "{place}: the files linked to are untouched");
        assert_eq!(snapshot(&out), before, "{place}: nothing in the output folder changed");
    }

    // The output folder itself a link to a generated folder: refused too.
    let temp = tempfile::tempdir().unwrap();
    let (specs, out) = generated(temp.path());
    let link = temp.path().join("out-link");
    symlink(&out, &link).unwrap();
    edit_a_spec(&specs);
    let before = snapshot(&out);
    let error = cloudspec_codegen::generate(&specs, &link).expect_err("a linked output folder is refused");
    assert!(matches!(refusal(&error), Refusal::Symlink { .. }), "{error}");
    assert!(error.to_string().contains(&link.display().to_string()), "{error}");
    assert_eq!(snapshot(&out), before);
}

/// Finding 5: `--out` on a hand-made crate deleted its `src/` and `tests/` and overwrote its
/// `Cargo.toml`, with exit 0. Now: exit 1, the foreign files named, every byte and mtime kept.
#[test]
fn safety_out_on_an_existing_crate_is_refused_and_nothing_changes() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("my-crate");
    std::fs::create_dir_all(out.join("src")).unwrap();
    std::fs::create_dir_all(out.join("tests")).unwrap();
    std::fs::write(out.join("Cargo.toml"), "[package]\nname = \"mine\"\nversion = \"0.1.0\"\n").unwrap();
    std::fs::write(out.join("src/lib.rs"), "pub fn mine() {}\n").unwrap();
    std::fs::write(out.join("tests/x.rs"), "#[test]\nfn x() {}\n").unwrap();
    age(&out);
    let before = snapshot(&out);

    let run = generate_cli(&repo_specs(), &out);
    assert_eq!(run.status.code(), Some(1), "{}", text(&run));
    let report = text(&run);
    for name in ["Cargo.toml", "src/lib.rs", "tests/x.rs"] {
        assert!(report.contains(name), "names {name}\n{report}");
    }
    assert!(report.contains("choose an empty folder"), "a hint\n{report}");
    assert_eq!(snapshot(&out), before, "every file keeps its bytes and mtime, no file comes or goes");
}

/// A file added by hand to a generated folder used to be deleted as an orphan. Now the run is
/// refused and the file stays; with the generator's header, it is an orphan and is removed.
#[test]
fn safety_hand_added_file_in_an_owned_folder_is_refused_not_deleted() {
    let temp = tempfile::tempdir().unwrap();
    let (specs, out) = generated(temp.path());
    let notes = out.join("services/tencent-wedata/src/notes.rs");
    std::fs::write(&notes, "// my notes about this service\n").unwrap();
    edit_a_spec(&specs);
    let before = snapshot(&out);

    let error = cloudspec_codegen::generate(&specs, &out).expect_err("a foreign file is refused");
    let Refusal::Foreign { files, .. } = refusal(&error) else { panic!("{error}") };
    assert_eq!(files, &["services/tencent-wedata/src/notes.rs"], "{error}");
    assert!(error.to_string().contains("choose an empty folder"), "{error}");
    assert_eq!(snapshot(&out), before, "the notes survive, nothing is written");

    // The same file carrying the generator's header is the generator's: removed as an orphan.
    std::fs::write(&notes, format!("// {GENERATED_MARK} from specs/tencent/wedata/notes.yaml.\n")).unwrap();
    let run = cloudspec_codegen::generate(&specs, &out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run.summary.removed, ["services/tencent-wedata/src/notes.rs"]);
    assert_eq!(run.summary.written, ["services/huawei-codeartsrepo/src/create_file.rs"]);
    assert!(!notes.exists());
}

/// The same rules in build-script mode, whose module tree is the generator's wholly.
#[test]
fn safety_build_script_refuses_foreign_files_and_links_in_its_module_tree() {
    let temp = tempfile::tempdir().unwrap();
    let (specs, out) = (temp.path().join("specs"), temp.path().join("out"));
    copy_dir(&repo_specs(), &specs);
    let builder = || Builder::new().specs(&specs).out_dir(&out).cargo_directives(false);
    builder().generate().unwrap_or_else(|e| panic!("{e}"));
    let tree = out.join("cloudspec");
    edit_a_spec(&specs);

    std::fs::write(tree.join("tencent/mine.rs"), "// hand-written\n").unwrap();
    let before = snapshot(&tree);
    let error = builder().generate().expect_err("a foreign file is refused");
    let BuildError::Write { source, .. } = &error else { panic!("{error}") };
    assert!(matches!(Refusal::of(source), Some(Refusal::Foreign { .. })), "{error}");
    assert!(error.to_string().contains("tencent/mine.rs"), "{error}");
    assert_eq!(snapshot(&tree), before);
    std::fs::remove_file(tree.join("tencent/mine.rs")).unwrap();

    let victim = outside(temp.path());
    symlink(&victim, tree.join("alibaba/linked")).unwrap();
    let (before, victim_before) = (snapshot(&tree), snapshot(&victim));
    let error = builder().generate().expect_err("a link is refused");
    assert!(error.to_string().contains(&tree.join("alibaba/linked").display().to_string()), "{error}");
    assert_eq!(snapshot(&tree), before);
    assert_eq!(snapshot(&victim), victim_before);
}

/// The `Builder` given one spec file would own the whole module tree with one service's files
/// and remove every other service's: refused like `generate --specs FILE`.
#[test]
fn safety_builder_refuses_a_single_spec_file() {
    let temp = tempfile::tempdir().unwrap();
    let (specs, out) = (temp.path().join("specs"), temp.path().join("out"));
    copy_dir(&repo_specs(), &specs);
    let builder = |specs: &Path| Builder::new().specs(specs).out_dir(&out).cargo_directives(false);
    builder(&specs).generate().unwrap_or_else(|e| panic!("{e}"));
    let before = snapshot(&out);

    let one = specs.join("tencent/wedata/create_code_file.yaml");
    let error = builder(&one).generate().expect_err("one file is refused");
    assert!(matches!(error, BuildError::OneFile { .. }), "{error}");
    assert!(error.to_string().contains("create_code_file.yaml"), "{error}");
    assert_eq!(snapshot(&out), before, "no other service's file is removed");
}

/// A folder that is not empty and holds nothing cloudspec made is refused; one holding only a
/// `.git` (a repository of its own for the generated code) is fine, and its `.git` untouched.
#[test]
fn safety_first_run_needs_an_empty_folder() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("out");
    std::fs::create_dir_all(out.join(".git")).unwrap();
    std::fs::write(out.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    std::fs::write(out.join("LICENSE"), "mine\n").unwrap();
    let before = snapshot(&out);
    let error = cloudspec_codegen::generate(&repo_specs(), &out).expect_err("not empty");
    assert!(matches!(refusal(&error), Refusal::NotEmpty { .. }), "{error}");
    assert!(error.to_string().contains("LICENSE") && !error.to_string().contains(".git"), "{error}");
    assert_eq!(snapshot(&out), before);

    std::fs::remove_file(out.join("LICENSE")).unwrap();
    let run = cloudspec_codegen::generate(&repo_specs(), &out).unwrap_or_else(|e| panic!("{e}"));
    assert!(!run.summary.written.is_empty());
    assert_eq!(std::fs::read(out.join(".git/HEAD")).unwrap(), b"ref: refs/heads/main\n");
    // Once the folder is cloudspec's, files of the user's at the top level stay the user's.
    std::fs::write(out.join("NOTES.md"), "mine\n").unwrap();
    let run = cloudspec_codegen::generate(&repo_specs(), &out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run.route, Route::UpToDate, "a top-level file of the user's is no reason to render");
    std::fs::remove_file(out.join(cloudspec_codegen::manifest::FILE_NAME)).unwrap();
    let run = cloudspec_codegen::generate(&repo_specs(), &out).unwrap_or_else(|e| panic!("{e}"));
    assert!(run.summary.written.is_empty() && run.summary.removed.is_empty(), "{:?}", run.summary);
    assert_eq!(std::fs::read(out.join("NOTES.md")).unwrap(), b"mine\n");
}

/// A FIFO (or device, socket) in an owned folder is never opened, which could block forever,
/// nor deleted: it is not the generator's.
#[test]
fn safety_fifo_in_an_owned_folder_is_refused_unopened() {
    let temp = tempfile::tempdir().unwrap();
    let (specs, out) = generated(temp.path());
    let fifo = out.join("services/tencent-wedata/src/pipe");
    let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: `name` is a valid NUL-terminated path that outlives the call.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0, "{}", std::io::Error::last_os_error());
    let before = snapshot(&out);

    let error = cloudspec_codegen::generate(&specs, &out).expect_err("a FIFO is refused");
    assert!(error.to_string().contains("services/tencent-wedata/src/pipe"), "{error}");
    assert_eq!(snapshot(&out), before, "the FIFO stays");
}

/// The normal flows: a deleted spec's file is removed (it is recorded in the manifest), and so
/// are temp files a killed run left, at the top level too, with the folders that empties.
#[test]
fn safety_orphans_the_generator_wrote_are_still_removed() {
    let temp = tempfile::tempdir().unwrap();
    let (specs, out) = generated(temp.path());
    let temps =
        [".Cargo.toml.cloudspec-tmp-4242-0", "services/oci-aidataplatform/src/.lib.rs.cloudspec-tmp-4242-1"];
    for leftover in temps {
        std::fs::write(out.join(leftover), "").unwrap();
    }
    std::fs::remove_dir_all(specs.join("alibaba/pds")).unwrap();

    let run = cloudspec_codegen::generate(&specs, &out).unwrap_or_else(|e| panic!("{e}"));
    for removed in temps
        .iter()
        .copied()
        .chain(["services/alibaba-pds/src/create_file.rs", "services/alibaba-pds/Cargo.toml"])
    {
        assert!(run.summary.removed.iter().any(|r| r == removed), "{removed} removed: {:?}", run.summary);
        assert!(!out.join(removed).exists(), "{removed}");
    }
    assert!(!out.join("services/alibaba-pds").exists(), "the emptied service folder goes too");
}

/// A fresh clone has `generated/` without its (git-ignored) manifest: every file there is
/// recognised as the generator's by its header, so regenerating works, and a file of a spec
/// deleted since is removed.
#[test]
fn safety_committed_output_without_manifest_is_recognised() {
    let temp = tempfile::tempdir().unwrap();
    let (specs, out) = (temp.path().join("specs"), temp.path().join("generated"));
    copy_dir(&repo_specs(), &specs);
    copy_dir(&repo_root().join("generated"), &out);
    let _ = std::fs::remove_file(out.join(cloudspec_codegen::manifest::FILE_NAME));
    std::fs::remove_file(specs.join("oci/aidataplatform/create_content.yaml")).unwrap();

    let run = cloudspec_codegen::generate(&specs, &out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        run.summary.removed,
        ["services/oci-aidataplatform/src/create_content.rs"],
        "{:?}",
        run.summary
    );
}

/// Every kind of file the generator writes, in both layouts, carries the mark on its first line:
/// that is how a run without a manifest knows its own files.
#[test]
fn safety_every_output_carries_the_generated_mark() {
    let ir = cloudspec_codegen::lint(&repo_specs()).unwrap_or_else(|e| panic!("{e}"));
    for layout in [Layout::Crate, Layout::Module] {
        let files = emit_with(&ir, EmitOptions { layout, threads: Threads::Auto }).unwrap();
        for file in files {
            let first_line = file.contents.lines().next().unwrap_or_default();
            assert!(first_line.contains(GENERATED_MARK), "{layout:?} {}: {first_line}", file.path);
        }
    }
}
