//! The manifest only ever shortens a run that has nothing to do: an unchanged rerun takes the
//! fast path and writes nothing, and any change to the specs, the outputs, the options or the
//! manifest itself takes the full path, which leaves the same files a run without a manifest
//! would. Real files in temp folders throughout.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use cloudspec_codegen::manifest::FILE_NAME;
use cloudspec_codegen::{Builder, Error, Generation, Route};

mod common;
use common::{Manifest, bytes_and_mtime, changed, copy_dir, repo_specs, tree};

/// Every file under `root` (the manifest included) with its bytes and mtime.
fn snapshot(root: &Path) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    tree(root, Manifest::Keep, bytes_and_mtime)
}

fn age(root: &Path) {
    common::age(root, Manifest::Keep)
}

/// A copy of the real specs in `dir/specs`, to be generated into `dir/out`.
fn setup(dir: &Path) -> (PathBuf, PathBuf) {
    let (specs, out) = (dir.join("specs"), dir.join("out"));
    copy_dir(&repo_specs(), &specs);
    (specs, out)
}

fn generate(specs: &Path, out: &Path) -> Generation {
    cloudspec_codegen::generate(specs, out).unwrap_or_else(|e| panic!("{e}"))
}

/// A first run, then the output aged: the state every test starts from.
fn generated(dir: &Path) -> (PathBuf, PathBuf, Generation) {
    let (specs, out) = setup(dir);
    let first = generate(&specs, &out);
    assert_eq!(first.route, Route::Rendered, "no manifest yet");
    age(&out);
    (specs, out, first)
}

/// Replaces the first occurrence of `from` in `file`, which must hold it.
fn replace_in(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{from:?} in {}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

/// The manifest's text with a fresh checksum line, as a generator would seal it: for edits
/// that must fail on their content, not on the checksum.
fn reseal(text: &str) -> String {
    let body = &text[..text.rfind("end ").unwrap()];
    let hash = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, body.as_bytes());
    let hex: String = hash.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    format!("{body}end {hex}\n")
}

const OP_SPEC: &str = "huawei/codeartsrepo/create_file.yaml";
const OP_FILE: &str = "services/huawei-codeartsrepo/src/create_file.rs";

#[test]
fn unchanged_rerun_takes_the_fast_path_and_writes_nothing() {
    let temp = tempfile::tempdir().unwrap();
    let (specs, out, first) = generated(temp.path());
    let before = snapshot(&out);
    assert!(before.contains_key(FILE_NAME), "the manifest is at the root: {:?}", before.keys());

    let again = generate(&specs, &out);
    assert_eq!(again.route, Route::UpToDate, "nothing was loaded or rendered");
    assert!(again.summary.written.is_empty() && again.summary.removed.is_empty(), "{:?}", again.summary);
    assert_eq!(again.summary.unchanged, before.len() - 1, "every generated file, not the manifest");
    assert_eq!((again.services, again.operations), (first.services, first.operations), "the same counts");
    assert_eq!(
        changed(&before, &snapshot(&out)),
        Vec::<String>::new(),
        "no mtime changes, the manifest's neither"
    );
}

#[test]
fn one_changed_spec_byte_rerenders_and_writes_only_its_file() {
    let temp = tempfile::tempdir().unwrap();
    let (specs, out, _) = generated(temp.path());
    let before = snapshot(&out);

    replace_in(&specs.join(OP_SPEC), "doc: ", "doc: X");
    let edited = generate(&specs, &out);
    assert_eq!(edited.route, Route::Rendered);
    assert_eq!(edited.summary.written, [OP_FILE], "{:?}", edited.summary);
    assert_eq!(changed(&before, &snapshot(&out)), [FILE_NAME, OP_FILE], "the manifest records the new bytes");

    assert_eq!(generate(&specs, &out).route, Route::UpToDate, "and vouches for them next time");
}

/// A new file in a spec folder is an input too (the loader would look at it): the full path
/// runs, writes nothing, and the manifest takes the new file in.
#[test]
fn a_new_file_among_the_specs_rerenders_without_writing() {
    let temp = tempfile::tempdir().unwrap();
    let (specs, out, _) = generated(temp.path());
    let before = snapshot(&out);

    std::fs::write(specs.join("huawei/codeartsrepo/NOTES.md"), "notes\n").unwrap();
    let run = generate(&specs, &out);
    assert_eq!(run.route, Route::Rendered);
    assert!(run.summary.written.is_empty(), "{:?}", run.summary);
    assert_eq!(changed(&before, &snapshot(&out)), [FILE_NAME]);
    assert_eq!(generate(&specs, &out).route, Route::UpToDate);
}

#[test]
fn edited_or_deleted_outputs_are_restored() {
    let temp = tempfile::tempdir().unwrap();
    let (specs, out, _) = generated(temp.path());
    let before = snapshot(&out);
    let original = std::fs::read(out.join(OP_FILE)).unwrap();

    // Same size, one byte different: only the hash can tell.
    let mut edited = original.clone();
    let last = edited.len() - 2;
    edited[last] = if edited[last] == b'x' { b'y' } else { b'x' };
    std::fs::write(out.join(OP_FILE), &edited).unwrap();
    let run = generate(&specs, &out);
    assert_eq!(run.route, Route::Rendered);
    assert_eq!(run.summary.written, [OP_FILE]);
    assert_eq!(std::fs::read(out.join(OP_FILE)).unwrap(), original);

    for deleted in [OP_FILE, "Cargo.toml"] {
        std::fs::remove_file(out.join(deleted)).unwrap();
        let run = generate(&specs, &out);
        assert_eq!(run.route, Route::Rendered, "{deleted}");
        assert_eq!(run.summary.written, [deleted]);
        assert_eq!(std::fs::read(out.join(deleted)).unwrap(), before[deleted].0);
    }
    assert_eq!(
        snapshot(&out)[FILE_NAME],
        before[FILE_NAME],
        "the same outputs: the manifest is not rewritten"
    );
    assert_eq!(generate(&specs, &out).route, Route::UpToDate);
}

#[test]
fn a_stray_generated_file_in_an_owned_folder_is_removed_as_an_orphan() {
    let temp = tempfile::tempdir().unwrap();
    let (specs, out, _) = generated(temp.path());

    // Files the generator made (they carry its header) that no spec produces any more. A file
    // without the header is refused, not removed (crates/cli/tests/safety_output.rs).
    for stray in ["services/tencent-wedata/src/stray.rs", "tests/.hidden"] {
        std::fs::write(out.join(stray), "// @generated by cloudspec from specs/gone.yaml.\n").unwrap();
        let run = generate(&specs, &out);
        assert_eq!(run.route, Route::Rendered, "{stray}");
        assert!(run.summary.written.is_empty(), "{:?}", run.summary);
        assert_eq!(run.summary.removed, [stray]);
        assert!(!out.join(stray).exists());
    }
    // Outside the owned folders a file is the user's, and no reason to render.
    std::fs::write(out.join("NOTES.md"), "mine\n").unwrap();
    assert_eq!(generate(&specs, &out).route, Route::UpToDate);
}

/// Whatever is in the manifest's place, the run does the full job and writes a good manifest.
#[test]
fn a_damaged_or_foreign_manifest_takes_the_full_path() {
    let temp = tempfile::tempdir().unwrap();
    let (specs, out, _) = generated(temp.path());
    let manifest = out.join(FILE_NAME);
    let good = std::fs::read_to_string(&manifest).unwrap();
    let generator_line = good.lines().nth(1).unwrap().to_owned();

    let damaged: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("binary", (0..=255u8).cycle().take(5000).collect()),
        ("truncated", good.as_bytes()[..good.len() / 2].to_vec()),
        ("edited without a new checksum", good.replacen("operations ", "operations 1", 1).into_bytes()),
        ("another generator", reseal(&good.replacen(&generator_line, "generator 0.0.0 0", 1)).into_bytes()),
        (
            "other options",
            reseal(&good.replacen("options layout=crate", "options layout=module", 1)).into_bytes(),
        ),
        (
            "an output that is not there",
            reseal(&good.replacen(" src/lib.rs\n", " src/lib2.rs\n", 1)).into_bytes(),
        ),
        (
            "a path leaving the folder",
            reseal(&good.replacen(" src/lib.rs\n", " ../src/lib.rs\n", 1)).into_bytes(),
        ),
    ];
    for (what, bytes) in damaged {
        std::fs::write(&manifest, &bytes).unwrap();
        let run = generate(&specs, &out);
        assert_eq!(run.route, Route::Rendered, "{what}");
        assert!(
            run.summary.written.is_empty() && run.summary.removed.is_empty(),
            "{what}: {:?}",
            run.summary
        );
        assert_eq!(std::fs::read_to_string(&manifest).unwrap(), good, "{what}: rewritten");
        assert_eq!(generate(&specs, &out).route, Route::UpToDate, "{what}");
    }
}

/// A broken spec fails the run and writes nothing, the manifest included; the old manifest does
/// not vouch for the broken bytes. Restoring the old bytes takes the fast path again, but only
/// while the outputs are still the ones it lists.
#[test]
fn a_broken_spec_fails_and_restoring_it_is_a_noop_only_if_the_outputs_match() {
    let temp = tempfile::tempdir().unwrap();
    let (specs, out, _) = generated(temp.path());
    let before = snapshot(&out);
    let spec = specs.join(OP_SPEC);
    let good = std::fs::read(&spec).unwrap();

    replace_in(&spec, "summary: ", "summary: [not a string] ");
    for _ in 0..2 {
        let error = cloudspec_codegen::generate(&specs, &out).unwrap_err();
        assert!(matches!(error, Error::Specs(_)), "{error}");
        assert_eq!(changed(&before, &snapshot(&out)), Vec::<String>::new(), "nothing written");
    }

    std::fs::write(&spec, &good).unwrap();
    let restored = generate(&specs, &out);
    assert_eq!(restored.route, Route::UpToDate, "the outputs are those of these bytes");
    assert_eq!(changed(&before, &snapshot(&out)), Vec::<String>::new());

    replace_in(&spec, "summary: ", "summary: [not a string] ");
    assert!(cloudspec_codegen::generate(&specs, &out).is_err());
    std::fs::write(out.join(OP_FILE), "// edited meanwhile\n").unwrap();
    std::fs::write(&spec, &good).unwrap();
    let repaired = generate(&specs, &out);
    assert_eq!(repaired.route, Route::Rendered, "an output no longer matches");
    assert_eq!(repaired.summary.written, [OP_FILE]);
    assert_eq!(std::fs::read(out.join(OP_FILE)).unwrap(), before[OP_FILE].0);
}

/// Relative paths, sorted lists, no time stamps: the same specs give the same manifest
/// wherever they are generated.
#[test]
fn the_manifest_is_the_same_in_any_folder() {
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let manifests: Vec<String> = [one.path(), two.path()]
        .iter()
        .map(|dir| {
            let (specs, out) = setup(dir);
            generate(&specs, &out);
            let text = std::fs::read_to_string(out.join(FILE_NAME)).unwrap();
            assert!(!text.contains(&dir.display().to_string()), "no absolute path:\n{text}");
            text
        })
        .collect();
    assert_eq!(manifests[0], manifests[1]);
    let text = &manifests[0];
    for expected in [
        "options layout=crate\n",
        "service tencent/wedata\n",
        " huawei/codeartsrepo/service.yaml\n",
        " src/lib.rs\n",
    ] {
        assert!(text.contains(expected), "{expected:?} in\n{text}");
    }
}

/// `check` is the CI's truth: it compares with a fresh render, whatever the manifest says.
#[test]
fn check_ignores_the_manifest() {
    let temp = tempfile::tempdir().unwrap();
    let (specs, out, _) = generated(temp.path());
    std::fs::write(out.join(OP_FILE), "// edited by hand\n").unwrap();
    let staleness = cloudspec_codegen::check(&specs, &out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(staleness.changed, [OP_FILE]);
}

/// The build script's module tree keeps its manifest inside the folder it owns wholly: the
/// manifest is never taken for an orphan, and another choice of services never reuses it.
#[test]
fn builder_reruns_take_the_fast_path_per_choice_of_services() {
    let temp = tempfile::tempdir().unwrap();
    let (specs, out) = setup(temp.path());
    let builder = || Builder::new().specs(&specs).out_dir(&out).cargo_directives(false);
    let generate = |builder: Builder| builder.generate().unwrap_or_else(|e| panic!("{e}"));

    let all = generate(builder());
    assert_eq!(all.route, Route::Rendered);
    let tree = out.join("cloudspec");
    assert!(tree.join(FILE_NAME).is_file());
    let again = generate(builder());
    assert_eq!(again.route, Route::UpToDate);
    assert!(again.summary.removed.is_empty(), "the manifest is no orphan: {:?}", again.summary);
    assert_eq!((again.services.clone(), again.operations), (all.services.clone(), all.operations));

    let one = generate(builder().services(["tencent/wedata"]));
    assert_eq!(one.route, Route::Rendered, "another choice of services");
    assert_eq!(one.services, ["tencent/wedata"]);
    assert!(!one.summary.removed.is_empty());
    assert_eq!(generate(builder().services(["tencent/wedata"])).route, Route::UpToDate);

    let back = generate(builder());
    assert_eq!(back.route, Route::Rendered);
    assert_eq!(back.summary.written.len() + back.summary.unchanged, all.summary.written.len());
    assert_eq!(generate(builder()).route, Route::UpToDate);
}
