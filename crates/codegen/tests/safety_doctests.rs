//! End to end, through cargo and rustdoc: a service crate generated from a hostile spec (a
//! title that tries to add `build = …` and a dependency to the manifest, vendor text with code
//! fences and indented code, an example that breaks out of a raw string) builds, and its
//! doctests are exactly the generator's own usage example, which passes.
//!
//! The crate is built outside cloudspec's workspace, in the target folder the build-script test
//! uses for its downstream fixture, with the same dependency versions and features, so that
//! the runtime's dependencies compile once per checkout for both tests.

mod common;

use cloudspec_codegen::{ir, spec};
use common::fixture_crate::{FixtureCrate, text};

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
    let generated = FixtureCrate::write(service, "safety-");
    let root = generated.root.as_path();

    let service_manifest =
        std::fs::read_to_string(root.join(format!("services/{}/Cargo.toml", service.feature))).expect("read");
    assert!(!service_manifest.contains("\nbuild ="), "no build script:\n{service_manifest}");
    assert!(!root.join(format!("services/{}/evil.rs", service.feature)).exists());

    let listed = generated.cargo_offline(&["test", "--all-features", "--doc", "--", "--list"]);
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
    let run = generated.cargo_offline(&["test", "--all-features", "--doc"]);
    assert!(run.status.success(), "the usage example compiles:\n{}", text(&run));
}
