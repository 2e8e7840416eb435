//! End to end, through cargo and rustdoc: a service crate generated from a hostile spec (a
//! title that tries to add `build = …` and a dependency to the manifest, vendor text with code
//! fences and indented code, an example that breaks out of a raw string) builds, and its
//! doctests are exactly the generator's own usage example, which passes.
//!
//! The crate is built outside cloudspec's workspace, in the target folder the build-script test
//! uses for its downstream fixture, with the same dependency versions and features, so that
//! the runtime's dependencies compile once per checkout for both tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use cloudspec_codegen::{emit, ir, spec};

fn workspace() -> PathBuf {
    let package = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    package.ancestors().nth(2).expect("the workspace holds crates/codegen").to_path_buf()
}

const SERVICE: &str = r#"provider: acme
service: widgets
title: "Acme \"Widgets\"\nbuild = \"evil.rs\"\n[dependencies]\nevil = { git = \"https://e.com/evil\" }\n#"
docs: https://docs.example.com/widgets
protocol: oci_rest
api_version: "20240101"
endpoint:
  url: https://widgets.{region}.example.com
  doc: |
    Pick a region.

        std::process::exit(1);
auth:
  - scheme: oci_rsa_sha256
"#;

const OPERATION: &str = r##"operation: GetWidget
summary: "Get a widget. ```rust\nstd::process::exit(2);\n```"
doc: |
  The page says:

  ```
  std::process::exit(3);
  ```

  ~~~rust
  std::process::exit(4);
  ~~~

  - A list item:

        std::process::exit(5);

  > ```
  > std::process::exit(6);
  > ```

  <script>alert(1)</script>
docs: https://docs.example.com/widgets/get-widget
http:
  method: POST
  path: /widgets/{widgetId}
idempotent: false
input:
  fields:
    widgetId:
      type: string
      location: path
      required: true
      min_length: 1
      example: "w-1\n\n    std::process::exit(7);\n"
    Spec:
      type: json_string<Settings>
      required: true
      example: '{"mode": "\"# + std::process::exit(8) + r#\""}'
types:
  Settings:
    fields:
      mode: { type: string, doc: "````\nstd::process::exit(9);\n````" }
output:
  fields:
    id: { type: string, required: true }
"##;

fn cargo(dir: &Path, target: &Path, args: &[&str]) -> Output {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    Command::new(cargo)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_TERM_COLOR", "never")
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .expect("cargo runs")
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

#[test]
fn safety_hostile_spec_builds_and_its_only_doctest_is_the_generators() {
    let (tree, diagnostics) = spec::load::load_service_bytes(
        "acme",
        "widgets",
        SERVICE.as_bytes().to_vec(),
        vec![("get_widget.yaml".to_owned(), OPERATION.as_bytes().to_vec())],
    );
    assert!(diagnostics.is_empty(), "{}", diagnostics.render_plain());
    let ir = ir::lower(&tree).unwrap_or_else(|d| panic!("{}", d.render_plain()));
    let service = &ir.services[0];

    // Beside the build-script test's downstream fixture (see the module docs).
    let exe = std::env::current_exe().expect("the test's path");
    let target_root = exe.ancestors().nth(3).map_or_else(|| workspace().join("target"), Path::to_path_buf);
    let target = target_root.join("downstream-fixture");
    let crates = target.join("crates");
    std::fs::create_dir_all(&crates).expect("the target folder");
    let temp = tempfile::Builder::new().prefix("safety-").tempdir_in(&crates).expect("a temporary folder");
    let root = temp.path();
    for file in emit::service_files(service).expect("emits") {
        let path = root.join(&file.path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("the crate's folders");
        std::fs::write(&path, &file.contents).expect("a generated file");
    }
    // The workspace the service crate expects (it takes its dependencies from it), with the
    // downstream fixture's versions and features.
    let runtime = workspace().join("runtime").canonicalize().expect("the runtime's folder");
    let manifest = format!(
        "[workspace]\nmembers = [\"services/{feature}\"]\nresolver = \"3\"\n\n\
         [workspace.dependencies]\ncloudspec-runtime = {{ path = {runtime:?} }}\n\
         serde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n\n\
         [profile.dev]\ndebug = false\n",
        feature = service.feature,
        runtime = runtime.display().to_string(),
    );
    std::fs::write(root.join("Cargo.toml"), manifest).expect("the workspace manifest");
    std::fs::copy(workspace().join("Cargo.lock"), root.join("Cargo.lock")).expect("the lock file");

    let service_manifest =
        std::fs::read_to_string(root.join(format!("services/{}/Cargo.toml", service.feature))).expect("read");
    assert!(!service_manifest.contains("\nbuild ="), "no build script:\n{service_manifest}");
    assert!(!root.join(format!("services/{}/evil.rs", service.feature)).exists());

    let mut listed = cargo(root, &target, &["test", "--offline", "--all-features", "--doc", "--", "--list"]);
    if !listed.status.success() && text(&listed).contains("--offline") {
        // A checkout that has not built the fixture's dependencies may lack some in the local
        // registry cache: fetch them once through the configured registry.
        let fetch = cargo(root, &target, &["fetch"]);
        assert!(fetch.status.success(), "cargo fetch failed:\n{}", text(&fetch));
        listed = cargo(root, &target, &["test", "--offline", "--all-features", "--doc", "--", "--list"]);
    }
    let report = text(&listed);
    assert!(listed.status.success(), "the generated crate builds and its doctests compile:\n{report}");
    let stdout = String::from_utf8_lossy(&listed.stdout);
    let doctests: Vec<&str> = stdout
        .lines()
        .filter(|line| line.ends_with(": test"))
        .map(|line| if line.contains("get_widget::Client::get_widget") { "usage example" } else { line })
        .collect();
    assert_eq!(doctests, ["usage example"], "only the generator's doctest:\n{report}");

    // All features, as in cloudspec's workspace: the usage example of a `json_string` field
    // decodes its example, which needs the `round-trip` half of a request-only type.
    let run = cargo(root, &target, &["test", "--offline", "--all-features", "--doc"]);
    assert!(run.status.success(), "the usage example compiles:\n{}", text(&run));
    let _ = cargo(root, &target, &["clean", "--offline", "-p", &emit::service_crate(service)]);
}
