//! Adding an operation the way a user does — `cloudspec new`, fill the file in, generate — passes
//! every check that reads the specs tree. What remains for a real change is a snapshot review.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "../../codegen/tests/common/mod.rs"]
mod common;
use common::{copy_dir, repo_specs};

fn cloudspec(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cloudspec")).args(args).output().expect("the binary runs")
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// The saved vendor pages of the seed operations (the docs-status fixtures).
fn saved_pages() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/docs")
}

/// A small GET operation of Huawei CodeArts Repo, written as an author would from a page: path
/// and query parameters, bounds, a response object, an error and an example. `ref` is a Rust
/// keyword on purpose: authors keep the wire names the page prints.
const SHOW_FILE: &str = r#"# yaml-language-server: $schema=../../schema.json
# Written from the vendor's page on reading a file of a repository (the `docs` URL below).
operation: __OPERATION__
summary: Query a file.
doc: |
  This API is used to query the content and metadata of a file in a repository.
docs: https://example.com/docs/codeartsrepo/show-file
http:
  method: GET
  path: /v4/repositories/{repository_id}/repository/files
# decision (retries): a read changes nothing, so sending it twice is the same as sending it once.
idempotent: true
input:
  fields:
    repository_id: { type: int32, location: path, required: true, minimum: 1, maximum: 2147483647, doc: "Repository ID.", example: 100001 }
    file_path: { type: string, location: query, required: true, min_length: 1, max_length: 1000, doc: "File path in the repository.", example: "src/main.rs" }
    ref: { type: string, location: query, required: true, doc: "Branch name, tag or commit ID.", example: master }
output:
  status: 200
  fields:
    file_name: { type: string, doc: "File name.", example: main.rs }
    file_path: { type: string, doc: "File path.", example: "src/main.rs" }
    size: { type: int64, doc: "File size in bytes.", example: 16 }
    encoding: { type: string, doc: "Encoding of `content`.", example: base64 }
    content: { type: string, doc: "File content.", example: "Zm4gbWFpbigpIHt9" }
errors:
  - { status: 404, code: CH.00402000, doc: "Not Found. The repository does not exist. Check and try again." }
examples:
  - title: Querying a file
    response:
      {
        "file_name": "main.rs",
        "file_path": "src/main.rs",
        "size": 16,
        "encoding": "base64",
        "content": "Zm4gbWFpbigpIHt9"
      }
"#;

/// An operation name `service_dir` does not use yet, whatever operations it has gained.
fn unused_operation(service_dir: &Path) -> String {
    let taken = |name: &str| {
        std::fs::read_dir(service_dir).unwrap().any(|entry| {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
            text.lines().any(|line| line.trim() == format!("operation: {name}"))
        })
    };
    (0..)
        .map(|n| if n == 0 { "ShowFile".to_owned() } else { format!("ShowFile{n}") })
        .find(|name| !taken(name))
        .unwrap()
}

#[test]
fn a_new_operation_passes_every_check_that_reads_the_tree() {
    let temp = tempfile::tempdir().unwrap();
    let (old_specs, specs, out) =
        (temp.path().join("before"), temp.path().join("specs"), temp.path().join("out"));
    copy_dir(&repo_specs(), &old_specs);
    copy_dir(&repo_specs(), &specs);
    let specs_arg = specs.to_str().unwrap();
    let out_arg = out.to_str().unwrap();

    let service_dir = specs.join("huawei/codeartsrepo");
    let operation = unused_operation(&service_dir);
    let new = cloudspec(&["new", &format!("huawei/codeartsrepo/{operation}"), "--specs", specs_arg]);
    assert!(new.status.success(), "{}", text(&new));
    // The scaffold names its file; the author replaces the placeholders with the page's content.
    let scaffolded: Vec<PathBuf> = std::fs::read_dir(&service_dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| std::fs::read_to_string(path).unwrap().contains("TODO:"))
        .collect();
    assert_eq!(scaffolded.len(), 1, "one new file, with placeholders: {scaffolded:?}");
    let unfilled = cloudspec(&["lint", "--specs", specs_arg]);
    assert!(!unfilled.status.success(), "placeholders fail lint:\n{}", text(&unfilled));
    std::fs::write(&scaffolded[0], SHOW_FILE.replace("__OPERATION__", &operation)).unwrap();

    let lint = cloudspec(&["lint", "--specs", specs_arg]);
    assert!(lint.status.success(), "lint:\n{}", text(&lint));

    let generate = cloudspec(&["generate", "--specs", specs_arg, "--out", out_arg]);
    assert!(generate.status.success(), "generate:\n{}", text(&generate));
    let module = scaffolded[0].file_stem().unwrap().to_str().unwrap().to_owned();
    let generated = out.join(format!("services/huawei-codeartsrepo/src/{module}.rs"));
    let source =
        std::fs::read_to_string(&generated).unwrap_or_else(|e| panic!("{}: {e}", generated.display()));
    assert!(source.contains(&format!("pub struct {operation}Request")), "{source}");

    let check = cloudspec(&["check", "--specs", specs_arg, "--out", out_arg]);
    assert!(check.status.success(), "check:\n{}", text(&check));

    // The new spec records no page hash, so docs-status has nothing to revisit.
    let pages = saved_pages();
    let docs = cloudspec(&["docs-status", "--pages", pages.to_str().unwrap(), "--specs", specs_arg]);
    assert!(docs.status.success(), "docs-status:\n{}", text(&docs));
    assert!(text(&docs).contains(&format!("huawei/codeartsrepo/{operation}")), "{}", text(&docs));

    // An added operation is a minor change (exit code 2) and nothing else.
    let diff = cloudspec(&["diff", old_specs.to_str().unwrap(), specs_arg]);
    assert_eq!(diff.status.code(), Some(2), "diff:\n{}", text(&diff));
    assert!(text(&diff).contains(&operation), "{}", text(&diff));

    // The library's view agrees with the binary's: the service gained exactly this operation.
    let before = cloudspec_codegen::lint(&old_specs).unwrap_or_else(|e| panic!("{e}"));
    let after = cloudspec_codegen::lint(&specs).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(after.operation_count(), before.operation_count() + 1);
}
