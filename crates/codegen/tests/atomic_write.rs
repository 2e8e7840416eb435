//! A write that fails part-way leaves the output tree as it was. The failures are real ones of
//! the file system, chosen so that they happen even as root, whom permissions do not stop.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use cloudspec_codegen::GeneratedFile;
use cloudspec_codegen::write::write_files;

fn specs() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../specs")
}

/// What is at one path of a tree.
#[derive(Debug, PartialEq, Eq)]
enum Node {
    Dir,
    File { bytes: Vec<u8>, modified: SystemTime },
}

/// Every folder and file under `root` (symlinks are not followed), by relative path.
fn snapshot(root: &Path) -> BTreeMap<String, Node> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Node>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let relative = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                out.insert(relative, Node::Dir);
                walk(root, &path, out);
            } else {
                let node =
                    Node::File { bytes: std::fs::read(&path).unwrap(), modified: meta.modified().unwrap() };
                out.insert(relative, node);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// Sets every file's mtime far into the past, so that any rewrite shows in the mtime however
/// coarse the file system's clock.
fn age(root: &Path) {
    let long_ago = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    for (relative, node) in snapshot(root) {
        if let Node::File { .. } = node {
            let file = std::fs::File::options().write(true).open(root.join(relative)).unwrap();
            file.set_modified(long_ago).unwrap();
        }
    }
}

fn temp_files(tree: &BTreeMap<String, Node>) -> Vec<&String> {
    tree.keys().filter(|path| path.contains("cloudspec-tmp")).collect()
}

/// The real specs generated into `out`; returns what they render to.
fn generated(out: &Path) -> Vec<GeneratedFile> {
    cloudspec_codegen::generate(&specs(), out).unwrap_or_else(|e| panic!("{e}"));
    cloudspec_codegen::render(&specs()).unwrap_or_else(|e| panic!("{e}")).1
}

/// The same files, each with different bytes.
fn changed(files: &[GeneratedFile]) -> Vec<GeneratedFile> {
    files
        .iter()
        .map(|f| GeneratedFile { path: f.path.clone(), contents: format!("{}// changed\n", f.contents) })
        .collect()
}

/// The folder below `src/` whose first file comes last in the write order, with that position:
/// every file before it is staged when the write reaches it.
fn latest_folder(files: &[GeneratedFile]) -> (String, usize) {
    let mut first_seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (index, file) in files.iter().enumerate() {
        if let Some((dir, _)) = file.path.rsplit_once('/')
            && dir.contains('/')
        {
            first_seen.entry(dir).or_insert(index);
        }
    }
    let (dir, index) = first_seen.into_iter().max_by_key(|(_, index)| *index).expect("a folder below src/");
    (dir.to_owned(), index)
}

/// A folder late in the write order replaced by a regular file: creating the temp file inside
/// it fails with ENOTDIR, which no privilege gets around. Every file before it, and a new one in
/// new folders, has been staged by then and must be undone.
#[test]
fn failure_while_staging_leaves_the_tree_as_it_was() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("out");
    let files = generated(&out);

    let mut next = changed(&files);
    // Written first, into folders that do not exist yet: the failed run must remove them again.
    next.insert(0, GeneratedFile { path: "src/zz_new/deeper/fresh.rs".into(), contents: "// new\n".into() });
    let (blocked, position) = latest_folder(&next);
    assert!(position >= 5, "several files are staged before the failure, got {position} in {blocked}");
    std::fs::remove_dir_all(out.join(&blocked)).unwrap();
    std::fs::write(out.join(&blocked), "a file where a folder should be\n").unwrap();
    age(&out);
    let before = snapshot(&out);

    let error = write_files(&out, &next).expect_err("a file in place of a folder fails the write");
    assert_eq!(error.kind(), io::ErrorKind::NotADirectory, "{error}");
    assert!(error.to_string().contains(&blocked), "the error names {blocked}: {error}");
    let after = snapshot(&out);
    assert_eq!(temp_files(&after), Vec::<&String>::new(), "no temp file is left");
    assert!(!out.join("src/zz_new").exists(), "folders the failed run created are gone");
    assert_eq!(after, before, "every file keeps its bytes and mtime, no folder comes or goes");

    // Once the obstacle is gone, the same write goes through in full.
    std::fs::remove_file(out.join(&blocked)).unwrap();
    let summary = write_files(&out, &next).unwrap();
    assert_eq!(summary.written.len(), next.len(), "{summary:?}");
    let after = snapshot(&out);
    assert_eq!(temp_files(&after), Vec::<&String>::new());
    for file in &next {
        assert_eq!(std::fs::read_to_string(out.join(&file.path)).unwrap(), file.contents, "{}", file.path);
    }
}

/// A non-empty folder where the last file of the write order should be: `rename` could not
/// replace it, so staging checks for it and fails before any target is replaced.
#[test]
fn folder_in_place_of_a_file_fails_before_anything_is_replaced() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("out");
    let files = generated(&out);

    let next = changed(&files);
    let last = &next.last().expect("files to write").path;
    std::fs::remove_file(out.join(last)).unwrap();
    std::fs::create_dir(out.join(last)).unwrap();
    std::fs::write(out.join(last).join("keep.txt"), "in the way\n").unwrap();
    age(&out);
    let before = snapshot(&out);

    let error = write_files(&out, &next).expect_err("a folder in place of a file fails the write");
    assert_eq!(error.kind(), io::ErrorKind::IsADirectory, "{error}");
    assert!(error.to_string().contains(last.as_str()), "the error names {last}: {error}");
    let after = snapshot(&out);
    assert_eq!(temp_files(&after), Vec::<&String>::new(), "no temp file is left");
    assert_eq!(after, before, "every file keeps its bytes and mtime");
}

/// Writing the same output twice: the second run writes nothing and changes no mtime.
#[test]
fn noop_run_writes_nothing_and_keeps_every_mtime() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("out");
    let files = generated(&out);
    age(&out);
    let before = snapshot(&out);

    let summary = write_files(&out, &files).unwrap();
    assert!(summary.written.is_empty(), "{summary:?}");
    assert!(summary.removed.is_empty(), "{summary:?}");
    assert_eq!(summary.unchanged, files.len());
    assert_eq!(snapshot(&out), before);
}
