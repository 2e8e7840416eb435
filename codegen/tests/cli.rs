//! The `cloudspec` binary end to end on real files: generate, check, lint, schema.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::{copy_dir, repo_specs};

fn cloudspec(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cloudspec")).args(args).output().expect("the binary runs")
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

fn mtimes(dir: &Path) -> Vec<(PathBuf, std::time::SystemTime)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(mtimes(&path));
        } else {
            out.push((path.clone(), std::fs::metadata(&path).unwrap().modified().unwrap()));
        }
    }
    out.sort();
    out
}

#[test]
fn generate_then_check_then_noop_then_stale_then_orphan() {
    let temp = tempfile::tempdir().unwrap();
    let specs = temp.path().join("specs");
    let out = temp.path().join("out");
    copy_dir(&repo_specs(), &specs);
    let (specs_arg, out_arg) = (specs.to_str().unwrap(), out.to_str().unwrap());

    let first = cloudspec(&["generate", "--specs", specs_arg, "--out", out_arg]);
    assert!(first.status.success(), "{}", text(&first));
    // Counted, not hard-coded, so that adding an operation to specs/ does not break this test.
    // The manifest is the generator's cache, not a generated file.
    let manifest = out.join(cloudspec_codegen::manifest::FILE_NAME);
    assert!(manifest.is_file(), "a successful run leaves its manifest");
    let n = mtimes(&out).iter().filter(|(path, _)| *path != manifest).count();
    assert!(n >= 18, "the five seed operations give at least 18 files, got {n}");
    assert!(text(&first).contains(&format!("{n} files written, 0 unchanged, 0 removed")), "{}", text(&first));

    let check = cloudspec(&["check", "--specs", specs_arg, "--out", out_arg]);
    assert!(check.status.success(), "{}", text(&check));

    // A no-op run rewrites nothing: same mtimes, and the summary says so.
    let before = mtimes(&out);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = cloudspec(&["generate", "--specs", specs_arg, "--out", out_arg]);
    assert!(text(&again).contains(&format!("0 files written, {n} unchanged, 0 removed")), "{}", text(&again));
    assert_eq!(before, mtimes(&out));

    // A hand edit makes `check` fail and name the file.
    let edited = out.join("services/tencent-wedata/src/create_code_file.rs");
    std::fs::write(&edited, "// edited by hand\n").unwrap();
    let stray = out.join("services/tencent-wedata/src/stray.rs");
    std::fs::write(&stray, "// not produced by any spec\n").unwrap();
    let stale = cloudspec(&["check", "--specs", specs_arg, "--out", out_arg]);
    assert!(!stale.status.success());
    let report = text(&stale);
    assert!(report.contains("changed:  services/tencent-wedata/src/create_code_file.rs"), "{report}");
    assert!(report.contains("orphaned: services/tencent-wedata/src/stray.rs"), "{report}");
    assert!(report.contains("cargo run -- generate"), "{report}");

    // Regenerating repairs the edit and removes the orphan; only that one file is rewritten.
    let repair = cloudspec(&["generate", "--specs", specs_arg, "--out", out_arg]);
    let expected = format!("1 files written, {} unchanged, 1 removed", n - 1);
    assert!(text(&repair).contains(&expected), "{}", text(&repair));
    assert!(!stray.exists());

    // Removing an operation's spec removes its generated file.
    std::fs::remove_file(specs.join("alibaba/pds/create_file.yaml")).unwrap();
    let removed = cloudspec(&["generate", "--specs", specs_arg, "--out", out_arg]);
    assert!(removed.status.success(), "{}", text(&removed));
    assert!(!out.join("services/alibaba-pds/src/create_file.rs").exists());
}

#[test]
fn broken_specs_report_everything_and_touch_nothing() {
    let temp = tempfile::tempdir().unwrap();
    let specs = temp.path().join("specs");
    let out = temp.path().join("out");
    copy_dir(&repo_specs().join("tencent"), &specs.join("tencent"));
    let (specs_arg, out_arg) = (specs.to_str().unwrap(), out.to_str().unwrap());
    assert!(cloudspec(&["generate", "--specs", specs_arg, "--out", out_arg]).status.success());
    let before = mtimes(&out);

    let op = specs.join("tencent/wedata/create_code_file.yaml");
    let original = std::fs::read_to_string(&op).unwrap();
    let broken = original
        .replace(
            "CodeFileContent: { type: string, doc: \"Specifies",
            "CodeFileContent: { type: strng, doc: \"Specifies",
        )
        .replace("pattern: \"^/\"", "pattern: \"^(/\"");
    assert_ne!(broken, original);
    std::fs::write(&op, broken).unwrap();
    let service = specs.join("tencent/wedata/service.yaml");
    let service_text = std::fs::read_to_string(&service).unwrap();
    std::fs::write(&service, service_text.replacen("title:", "titel:", 1)).unwrap();

    let lint = cloudspec(&["lint", "--specs", specs_arg]);
    assert!(!lint.status.success());
    let report = text(&lint);
    assert!(report.contains("specs/tencent/wedata/service.yaml:"), "{report}");
    assert!(report.contains("unknown key `titel`"), "{report}");
    assert!(report.contains("did you mean `title`?"), "{report}");
    // A second service with its own problem is reported in the same run.
    copy_dir(&repo_specs().join("oci"), &specs.join("oci"));
    let oci = specs.join("oci/aidataplatform/create_content.yaml");
    let oci_text = std::fs::read_to_string(&oci).unwrap();
    let oci_broken = oci_text.replacen("    contentPath:", "    contentPathX:", 1).replacen(
        "workspaceKey: { type: string, location: path, required: true, min_length: 1,",
        "workspaceKey: { type: string, location: path, required: true,",
        1,
    );
    std::fs::write(&oci, oci_broken).unwrap();
    let lint = cloudspec(&["lint", "--specs", specs_arg]);
    let report = text(&lint);
    assert!(
        report.contains("path parameter `{contentPath}` has no `location: path` input field"),
        "{report}"
    );
    assert!(report.contains("did you mean `contentPathX`?"), "{report}");
    assert!(report.contains("path field `workspaceKey` may be empty"), "{report}");
    // Once the service file is fixed, its operation's problems are all reported too.
    std::fs::write(&service, service_text).unwrap();
    let lint = cloudspec(&["lint", "--specs", specs_arg]);
    let report = text(&lint);
    assert!(!lint.status.success());
    assert!(report.contains("specs/tencent/wedata/create_code_file.yaml:"), "{report}");
    assert!(report.contains("undefined type `strng`"), "{report}");
    assert!(report.contains("did you mean `string`?"), "{report}");
    assert!(report.contains("is not a valid regular expression"), "{report}");
    assert!(report.contains("5 problems found in the specs"), "{report}");

    let generate = cloudspec(&["generate", "--specs", specs_arg, "--out", out_arg]);
    assert!(!generate.status.success());
    assert!(text(&generate).contains("nothing was generated"));
    assert_eq!(before, mtimes(&out), "a broken spec never touches the output");
}

#[test]
fn schema_command_prints_the_committed_schema() {
    let output = cloudspec(&["schema"]);
    assert!(output.status.success());
    let committed = std::fs::read_to_string(repo_specs().join("schema.json")).unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout), committed);
}

#[test]
fn diff_exit_code_is_the_semver_level() {
    let specs = repo_specs();
    let same = cloudspec(&["diff", specs.to_str().unwrap(), specs.to_str().unwrap()]);
    assert_eq!(same.status.code(), Some(0), "{}", text(&same));

    // Remove an operation from a copy: a major change, exit 3, named in text and JSON.
    let temp = tempfile::tempdir().unwrap();
    let new = temp.path().join("specs");
    copy_dir(&specs, &new);
    std::fs::remove_file(new.join("alibaba/pds/create_file.yaml")).unwrap();
    let removed = cloudspec(&["diff", specs.to_str().unwrap(), new.to_str().unwrap()]);
    assert_eq!(removed.status.code(), Some(3), "{}", text(&removed));
    assert!(text(&removed).contains("CreateFile"), "{}", text(&removed));
    let json = cloudspec(&["diff", "--json", specs.to_str().unwrap(), new.to_str().unwrap()]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).expect("--json prints JSON");
    assert!(report.is_object(), "{report}");
}

#[test]
fn new_scaffolds_a_spec_that_lint_rejects_until_filled() {
    let temp = tempfile::tempdir().unwrap();
    let specs = temp.path().join("specs");
    copy_dir(&repo_specs(), &specs);
    let created = cloudspec(&["new", "tencent/wedata/CreateFolder", "--specs", specs.to_str().unwrap()]);
    assert!(created.status.success(), "{}", text(&created));
    assert!(specs.join("tencent/wedata/create_folder.yaml").is_file());
    let lint = cloudspec(&["lint", "--specs", specs.to_str().unwrap()]);
    assert!(!lint.status.success(), "a fresh scaffold must not pass lint");
    assert!(text(&lint).contains("create_folder.yaml"), "{}", text(&lint));
    let again = cloudspec(&["new", "tencent/wedata/CreateFolder", "--specs", specs.to_str().unwrap()]);
    assert!(!again.status.success(), "never overwrites");
}

#[test]
fn docs_status_reports_the_seed_pages_unchanged() {
    let pages = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/docs");
    let status = cloudspec(&[
        "docs-status",
        "--pages",
        pages.to_str().unwrap(),
        "--specs",
        repo_specs().to_str().unwrap(),
    ]);
    assert_eq!(status.status.code(), Some(0), "{}", text(&status));
    assert!(text(&status).contains("5 unchanged, 0 changed"), "{}", text(&status));
}
