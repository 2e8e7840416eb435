//! `cloudspec new`: the scaffold is laid out for its protocol, lint reports every placeholder at its
//! place, and once the placeholders are filled in, the spec lints.

use std::path::{Path, PathBuf};

use cloudspec_cli::scaffold::{self, ScaffoldError, parse_protocol};
use cloudspec_codegen::spec::Protocol;

#[path = "../../codegen/tests/common/mod.rs"]
mod common;
use common::{copy_dir, repo_specs};

const PROTOCOLS: [Protocol; 5] =
    [Protocol::TencentJson, Protocol::OciRest, Protocol::HuaweiRest, Protocol::PdsRoa, Protocol::AcsRpc];

/// An empty specs folder.
fn empty_specs() -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let specs = temp.path().join("specs");
    std::fs::create_dir(&specs).unwrap();
    (temp, specs)
}

/// A specs folder holding a copy of the real Tencent WeData service.
fn tencent_specs() -> (tempfile::TempDir, PathBuf) {
    let (temp, specs) = empty_specs();
    copy_dir(&repo_specs().join("tencent"), &specs.join("tencent"));
    (temp, specs)
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// What an author would write in place of each placeholder (the test's stand-in for the page).
fn fill(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if !line.contains("TODO:") {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let filled = if trimmed.starts_with('#') {
            // A question answered: the comment goes.
            continue;
        } else if let Some(comment) = line.find("  # TODO:") {
            // A default that was checked against the page: keep the value, drop the marker.
            line[..comment].to_owned()
        } else if trimmed.starts_with("summary:") {
            "summary: Describe a thing.".to_owned()
        } else if trimmed.starts_with("docs:") {
            "docs: https://example.com/docs/describe-thing".to_owned()
        } else if trimmed.starts_with("title:") {
            "title: Example Cloud Things".to_owned()
        } else if trimmed.starts_with("api_version:") {
            "api_version: \"2024-01-01\"".to_owned()
        } else if trimmed.starts_with("TODO: the page's description") {
            format!("{indent}Returns a thing.")
        } else if trimmed.starts_with("\"TODO: the first parameter's wire name\"") {
            format!("{indent}ThingId: {{ type: string, required: true, doc: \"The thing's ID.\" }}")
        } else if trimmed.starts_with("\"TODO: the first field's wire name\"") {
            format!("{indent}RequestId: {{ type: string, required: true, doc: \"The request ID.\" }}")
        } else {
            panic!("a placeholder the test does not know how to fill: {line}")
        };
        out.push_str(&filled);
        out.push('\n');
    }
    out
}

fn fill_file(path: &Path) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, fill(&text)).unwrap();
}

/// Every diagnostic is an unfilled placeholder, at a `TODO:` of the file it names; returns them
/// as `file:line:col`.
fn assert_only_placeholders(specs: &Path, diagnostics: &cloudspec_codegen::Diagnostics) -> Vec<String> {
    let mut found = Vec::new();
    for diagnostic in &diagnostics.0 {
        assert!(
            diagnostic.message.starts_with("unfilled placeholder: TODO: "),
            "{}",
            diagnostic.render_plain()
        );
        assert!(diagnostic.hint.contains("delete the `TODO:` marker"), "{}", diagnostic.hint);
        let text = std::fs::read_to_string(&diagnostic.file.path).unwrap();
        let line = text.lines().nth(diagnostic.pos.line as usize - 1).unwrap();
        let at: String = line.chars().skip(diagnostic.pos.column as usize - 1).collect();
        assert!(at.starts_with("TODO:"), "{} points at {at:?}", diagnostic.location());
        assert!(diagnostic.file.path.starts_with(specs));
        found.push(diagnostic.location());
    }
    found
}

/// Every `file:line:col` of a `TODO:` in the new files, computed independently of the linter.
fn markers(root_name: &str, specs: &Path, files: &[&Path]) -> Vec<String> {
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file).unwrap();
        let shown = file.strip_prefix(specs).unwrap().to_string_lossy().replace('\\', "/");
        for (i, line) in text.lines().enumerate() {
            for (at, _) in line.match_indices("TODO:") {
                let column = line[..at].chars().count() + 1;
                out.push(format!("{root_name}/{shown}:{}:{column}", i + 1));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_new_service_and_operation_fail_lint_at_each_placeholder_and_pass_once_filled() {
    for protocol in PROTOCOLS {
        let (_temp, specs) = empty_specs();
        let report = scaffold::scaffold(&specs, "acme/things/DescribeThing", Some(protocol))
            .unwrap_or_else(|e| panic!("{protocol:?}: {e}"));
        let op_file = specs.join("acme/things/describe_thing.yaml");
        let service_file = specs.join("acme/things/service.yaml");
        assert_eq!(report.operation_file, op_file);
        assert_eq!(report.service_file.as_deref(), Some(service_file.as_path()));
        assert_eq!(report.protocol, Some(protocol));
        assert_eq!(files_under(&specs), vec![op_file.clone(), service_file.clone()]);
        let op_text = std::fs::read_to_string(&op_file).unwrap();
        assert!(op_text.starts_with("# yaml-language-server: $schema=../../schema.json\n"), "{op_text}");
        assert!(op_text.contains("\noperation: DescribeThing\n"), "{op_text}");
        let service_text = std::fs::read_to_string(&service_file).unwrap();
        let protocol_line = format!("\nprotocol: {}\n", protocol.spec_name());
        assert!(service_text.contains(&protocol_line), "{service_text}");

        let diagnostics = cloudspec_codegen::lint(&specs).expect_err("a fresh scaffold must not lint");
        let mut found = assert_only_placeholders(&specs, &diagnostics);
        found.sort();
        assert_eq!(found, markers("specs", &specs, &[&op_file, &service_file]), "{protocol:?}");
        assert_eq!(found.len(), report.placeholders, "{protocol:?}");
        let text = report.render_text(&specs);
        assert!(text.contains(&format!("created {} (new service)", service_file.display())), "{text}");
        assert!(
            text.contains(&format!("replace the {} `TODO:` placeholders", report.placeholders)),
            "{text}"
        );

        // Half filled: the operation is done, the service is not. Still no generation.
        fill_file(&op_file);
        let diagnostics = cloudspec_codegen::lint(&specs).expect_err("the service still has placeholders");
        for location in assert_only_placeholders(&specs, &diagnostics) {
            assert!(location.starts_with("specs/acme/things/service.yaml:"), "{location}");
        }
        assert!(
            cloudspec_codegen::render(&specs).is_err(),
            "nothing is generated from a half-filled scaffold"
        );

        fill_file(&service_file);
        let ir = cloudspec_codegen::lint(&specs).unwrap_or_else(|e| panic!("{protocol:?}: {e}"));
        let op = &ir.services[0].operations[0];
        assert_eq!((op.name.as_str(), op.module.as_str()), ("DescribeThing", "describe_thing"));
        assert_eq!(op.input.fields[0].wire, "ThingId");
        assert_eq!(ir.services[0].protocol, protocol);
        cloudspec_codegen::render(&specs).unwrap_or_else(|e| panic!("{protocol:?}: {e}"));
    }
}

#[test]
fn a_new_operation_of_an_existing_service_takes_its_protocol() {
    let (_temp, specs) = tencent_specs();
    let operations_of = |ir: &cloudspec_codegen::ir::Ir| -> Vec<String> {
        let wedata = ir.services.iter().find(|s| s.name == "wedata").expect("the WeData service");
        wedata.operations.iter().map(|o| o.name.clone()).collect()
    };
    let before = operations_of(&cloudspec_codegen::lint(&specs).unwrap_or_else(|e| panic!("{e}")));
    // A name the service does not have yet, whatever operations it has gained since.
    let name = (0..)
        .map(|n| if n == 0 { "DescribeCodeFile".to_owned() } else { format!("DescribeCodeFile{n}") })
        .find(|name| !before.contains(name))
        .unwrap();
    let report = scaffold::scaffold(&specs, &format!("tencent/wedata/{name}"), None).unwrap();
    let op_file = report.operation_file.clone();
    assert_eq!(op_file.parent(), Some(specs.join("tencent/wedata").as_path()));
    assert_eq!(report.service_file, None);
    assert_eq!(report.protocol, Some(Protocol::TencentJson));
    let text = std::fs::read_to_string(&op_file).unwrap();
    // Tencent's API 3.0 is always `POST /`: no placeholder there.
    assert!(text.contains("http:\n  method: POST\n  path: /\n"), "{text}");
    assert!(text.contains("Action, Version and Region are common parameters"), "{text}");

    let diagnostics = cloudspec_codegen::lint(&specs).expect_err("placeholders");
    let mut found = assert_only_placeholders(&specs, &diagnostics);
    found.sort();
    assert_eq!(found, markers("specs", &specs, &[&op_file]));

    fill_file(&op_file);
    let ir = cloudspec_codegen::lint(&specs).unwrap_or_else(|e| panic!("{e}"));
    let mut expected = before;
    expected.push(name);
    expected.sort();
    let mut after = operations_of(&ir);
    after.sort();
    assert_eq!(after, expected, "the service gained exactly the new operation");
}

#[test]
fn an_existing_file_is_never_overwritten() {
    let (_temp, specs) = tencent_specs();
    let existing = specs.join("tencent/wedata/create_code_file.yaml");
    let before = std::fs::read(&existing).unwrap();
    let error = scaffold::scaffold(&specs, "tencent/wedata/CreateCodeFile", None).unwrap_err();
    assert!(matches!(&error, ScaffoldError::Exists(path) if *path == existing), "{error:?}");
    assert!(error.to_string().contains("never overwrites"), "{error}");
    assert_eq!(std::fs::read(&existing).unwrap(), before);

    // A second `new` of the same operation is refused the same way.
    scaffold::scaffold(&specs, "tencent/wedata/DescribeThing", None).unwrap();
    let scaffolded = specs.join("tencent/wedata/describe_thing.yaml");
    std::fs::write(&scaffolded, "# work in progress\n").unwrap();
    let error = scaffold::scaffold(&specs, "tencent/wedata/DescribeThing", None).unwrap_err();
    assert!(matches!(error, ScaffoldError::Exists(_)), "{error:?}");
    assert_eq!(std::fs::read_to_string(&scaffolded).unwrap(), "# work in progress\n");

    // The `.yml` spelling of the same file counts too.
    std::fs::write(specs.join("tencent/wedata/list_things.yml"), "# elsewhere\n").unwrap();
    let error = scaffold::scaffold(&specs, "tencent/wedata/ListThings", None).unwrap_err();
    assert!(matches!(&error, ScaffoldError::Exists(path) if path.ends_with("list_things.yml")), "{error:?}");
}

#[test]
fn an_operation_declared_in_another_file_is_refused() {
    let (_temp, specs) = tencent_specs();
    let dir = specs.join("tencent/wedata");
    std::fs::rename(dir.join("create_code_file.yaml"), dir.join("code_file.yaml")).unwrap();
    let error = scaffold::scaffold(&specs, "tencent/wedata/CreateCodeFile", None).unwrap_err();
    match &error {
        ScaffoldError::Duplicate { operation, file } => {
            assert_eq!(operation, "CreateCodeFile");
            assert_eq!(*file, dir.join("code_file.yaml"));
        }
        other => panic!("expected Duplicate, got {other:?}"),
    }
    assert!(!dir.join("create_code_file.yaml").exists());
}

#[test]
fn malformed_targets_are_refused_with_the_reason() {
    let cases = [
        ("tencent/wedata", "it has 2 parts; write three, e.g. tencent/wedata/CreateCodeFile"),
        ("tencent/wedata/Create/File", "it has 4 parts"),
        ("Tencent/wedata/DescribeThing", "the provider `Tencent` is not a lower-case name"),
        ("tencent/we-data/DescribeThing", "the service `we-data` is not a lower-case name"),
        ("tencent/we-data/DescribeThing", "(e.g. `we_data`)"),
        ("tencent/wedata__x/DescribeThing", "(e.g. `wedata_x`)"),
        ("tencent/9wedata/DescribeThing", "starting with a letter"),
        ("tencent//DescribeThing", "the service is empty"),
        ("tencent/type/DescribeThing", "the service `type` is a Rust keyword"),
        (
            "tencent/wedata/describeThing",
            "the operation `describeThing` is not PascalCase; write the vendor's action name, e.g. `DescribeThing`",
        ),
        ("tencent/wedata/Describe_Thing", "e.g. `DescribeThing`"),
        ("tencent/wedata/DESCRIBE", "e.g. `Describe`"),
        ("tencent/wedata/", "the operation is empty"),
    ];
    for (target, reason) in cases {
        let (_temp, specs) = empty_specs();
        let error = scaffold::scaffold(&specs, target, Some(Protocol::TencentJson)).unwrap_err();
        assert!(matches!(error, ScaffoldError::Target { .. }), "{target}: {error:?}");
        let message = error.to_string();
        assert!(
            message.starts_with(&format!("`{target}` is not <provider>/<service>/<Operation>: ")),
            "{message}"
        );
        assert!(message.contains(reason), "{target}: {message}");
        assert!(files_under(&specs).is_empty(), "{target}: nothing may be written");
    }
}

#[test]
fn a_new_service_needs_a_protocol_and_an_existing_one_keeps_its_own() {
    let (_temp, specs) = tencent_specs();
    let error = scaffold::scaffold(&specs, "acme/things/DescribeThing", None).unwrap_err();
    assert!(matches!(error, ScaffoldError::NeedsProtocol { .. }), "{error:?}");
    assert!(error.to_string().contains("tencent_json, oci_rest, huawei_rest, pds_roa, acs_rpc"), "{error}");
    assert!(!specs.join("acme").exists());

    let error =
        scaffold::scaffold(&specs, "tencent/wedata/DescribeThing", Some(Protocol::OciRest)).unwrap_err();
    assert!(matches!(error, ScaffoldError::ProtocolMismatch { .. }), "{error:?}");
    assert!(error.to_string().contains("says `protocol: tencent_json`, not `oci_rest`"), "{error}");
    assert!(!specs.join("tencent/wedata/describe_thing.yaml").exists());

    // Repeating the service's own protocol is fine.
    scaffold::scaffold(&specs, "tencent/wedata/DescribeThing", Some(Protocol::TencentJson)).unwrap();
}

#[test]
fn a_missing_specs_folder_is_refused() {
    let temp = tempfile::tempdir().unwrap();
    let error =
        scaffold::scaffold(&temp.path().join("nope"), "acme/things/DescribeThing", Some(Protocol::OciRest))
            .unwrap_err();
    assert!(matches!(error, ScaffoldError::NoSpecs(_)), "{error:?}");
    assert!(!temp.path().join("nope").exists());
}

#[test]
fn protocols_parse_by_their_spec_names() {
    for protocol in PROTOCOLS {
        assert_eq!(parse_protocol(protocol.spec_name()), Ok(protocol));
    }
    let error = parse_protocol("rest").unwrap_err();
    assert_eq!(
        error,
        "unknown protocol `rest`; use one of tencent_json, oci_rest, huawei_rest, pds_roa, acs_rpc"
    );
}

#[test]
fn a_marker_anywhere_in_a_spec_fails_lint_but_other_words_do_not() {
    let (_temp, specs) = tencent_specs();
    let spec = specs.join("tencent/wedata/create_code_file.yaml");
    let text = std::fs::read_to_string(&spec).unwrap();
    let text = text.replacen(
        "idempotent: false\n",
        "idempotent: false  # TODO: ask the vendor\n# The word TODO alone, XTODO: and todo: are not markers.\n",
        1,
    );
    std::fs::write(&spec, &text).unwrap();
    let line = text.lines().position(|l| l.contains("# TODO: ask")).unwrap() + 1;
    let diagnostics = cloudspec_codegen::lint(&specs).expect_err("a marker fails lint");
    assert_eq!(diagnostics.len(), 1, "{diagnostics}");
    assert_eq!(diagnostics.0[0].location(), format!("specs/tencent/wedata/create_code_file.yaml:{line}:22"));
    assert_eq!(diagnostics.0[0].message, "unfilled placeholder: TODO: ask the vendor");
}

/// A new service of a provider that has a provider file gets the provider's error envelope and
/// common codes from it: its service.yaml says so instead of laying out its own, and once filled
/// in, the service lints with the shared error shape and codes.
#[test]
fn a_new_service_of_a_provider_with_a_provider_file_does_not_copy_the_shared_definitions() {
    let (_temp, specs) = tencent_specs();
    assert!(specs.join("tencent/provider.yaml").is_file(), "the real Tencent specs share a provider file");
    let report = scaffold::scaffold(&specs, "tencent/things/DescribeThing", Some(Protocol::TencentJson))
        .unwrap_or_else(|e| panic!("{e}"));
    let service_file = report.service_file.expect("a new service");
    let service_text = std::fs::read_to_string(&service_file).unwrap();
    assert!(
        service_text.contains(
            "# ../provider.yaml gives every `tencent_json` service of this provider the error shape \
             `ErrorResponse`; the types ErrorResponse, ErrorInfo; 37 common error codes."
        ),
        "{service_text}"
    );
    assert!(!service_text.contains("error_shape: ErrorBody"), "no envelope laid out: {service_text}");
    assert!(!service_text.contains("\n# errors:\n"), "no common codes laid out: {service_text}");

    fill_file(&service_file);
    fill_file(&report.operation_file);
    let ir = cloudspec_codegen::lint(&specs).unwrap_or_else(|e| panic!("{e}"));
    let things = ir.services.iter().find(|s| s.name == "things").expect("the new service");
    assert_eq!(things.error_shape.as_deref(), Some("ErrorResponse"));
    assert_eq!(things.errors.len(), 37, "the provider's common codes");
    assert!(things.types.iter().any(|t| t.name == "ErrorInfo"));

    // Another protocol than the provider file's sections: the usual layout.
    let other = scaffold::scaffold(&specs, "tencent/widgets/GetWidget", Some(Protocol::OciRest)).unwrap();
    let text = std::fs::read_to_string(other.service_file.unwrap()).unwrap();
    assert!(text.contains("# error_shape: ErrorBody"), "{text}");
}

/// `cloudspec new --paging <style>`: the list operation's pagination block and the fields it
/// names are placeholders like the rest; filled in, the spec lints and generates a paged method.
#[test]
fn a_new_list_operation_has_its_pagination_block_for_each_style() {
    use cloudspec_codegen::spec::PagingStyle;
    let styles = [
        ("page-number", PagingStyle::PageNumber),
        ("offset", PagingStyle::Offset),
        ("token", PagingStyle::Token),
        ("marker", PagingStyle::Marker),
    ];
    assert!(scaffold::parse_paging("pages").unwrap_err().contains("page-number, offset, token, marker"));
    for protocol in [Protocol::AcsRpc, Protocol::PdsRoa, Protocol::TencentJson] {
        for (name, style) in styles {
            assert_eq!(scaffold::parse_paging(name), Ok(style));
            let (_temp, specs) = empty_specs();
            let report =
                scaffold::scaffold_list(&specs, "acme/things/ListThings", Some(protocol), Some(style))
                    .unwrap_or_else(|e| panic!("{protocol:?} {name}: {e}"));
            let text = std::fs::read_to_string(&report.operation_file).unwrap();
            assert!(text.contains(&format!("pagination:\n  style: {}\n", style.spec_name())), "{text}");

            let diagnostics = cloudspec_codegen::lint(&specs).expect_err("a fresh scaffold must not lint");
            let mut found = assert_only_placeholders(&specs, &diagnostics);
            found.sort();
            let files = [report.operation_file.as_path(), report.service_file.as_deref().unwrap()];
            assert_eq!(found, markers("specs", &specs, &files), "{protocol:?} {name}");

            fill_file(&report.operation_file);
            fill_file(report.service_file.as_deref().unwrap());
            let ir = cloudspec_codegen::lint(&specs).unwrap_or_else(|e| panic!("{protocol:?} {name}: {e}"));
            let op = &ir.services[0].operations[0];
            let pagination =
                op.pagination.as_ref().unwrap_or_else(|| panic!("{protocol:?} {name}: no pagination"));
            assert_eq!(pagination.style, style);
            let (_, files) =
                cloudspec_codegen::render(&specs).unwrap_or_else(|e| panic!("{protocol:?} {name}: {e}"));
            let file =
                files.iter().find(|f| f.path.ends_with("list_things.rs")).expect("the operation's file");
            assert!(file.contents.contains("pub fn list_things_pages("), "{protocol:?} {name}");
            assert!(
                file.contents.contains("impl cloudspec_runtime::Page for ListThingsResponse"),
                "{protocol:?} {name}"
            );
        }
    }
    // Without `--paging`: no block.
    let (_temp, specs) = empty_specs();
    let report = scaffold::scaffold(&specs, "acme/things/ListThings", Some(Protocol::AcsRpc)).unwrap();
    assert!(!std::fs::read_to_string(report.operation_file).unwrap().contains("pagination:"));
}
