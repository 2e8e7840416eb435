//! Every constraint kind the five generated services carry, checked at its bounds through the
//! generated builders: the value exactly at a bound is accepted, the value just past it is rejected
//! with a violation that names the field by its wire path and the rule it broke.
//!
//! Groups:
//! - `required_*`: required fields (builders; a missing one is a compile error, see
//!   `tests/src/sdk_builders.rs`) and required keys (decoding);
//! - `constraint_*`: length, pattern, range, item count and multiple-of checks;
//! - `wire_shape_*`: what the requests look like once serialized, enums with unknown values,
//!   required-but-nullable fields.

use cloudspec_clients::alibaba::dataworks;
use cloudspec_clients::alibaba::pds;
use cloudspec_clients::huawei::codeartsrepo as huawei;
use cloudspec_clients::oci::aidataplatform as oci;
use cloudspec_clients::tencent::wedata as tencent;
use cloudspec_runtime::{LengthUnit, Rule, Validate, ValidationError, Violation};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn violation(field: &str, rule: Rule) -> Violation {
    Violation { field: field.to_owned(), rule }
}

/// Asserts that `result` failed with exactly `expected` (in order), and that `concerns` agrees.
#[track_caller]
fn assert_rejected<T: std::fmt::Debug>(result: Result<T, ValidationError>, expected: &[Violation]) {
    let error = match result {
        Ok(value) => panic!("expected {expected:?}, but the value was accepted: {value:?}"),
        Err(error) => error,
    };
    assert_eq!(error.violations(), expected, "{error}");
    for v in expected {
        assert!(error.concerns(&v.field), "`concerns({:?})` is false for {error}", v.field);
    }
}

/// Asserts that `result` failed with exactly one violation, `rule` on `field`.
#[track_caller]
fn assert_rejected_one<T: std::fmt::Debug>(result: Result<T, ValidationError>, field: &str, rule: Rule) {
    assert_rejected(result, &[violation(field, rule)]);
}

/// Asserts that `result` succeeded, printing the violations otherwise.
#[track_caller]
fn assert_accepted<T>(result: Result<T, ValidationError>) -> T {
    match result {
        Ok(value) => value,
        Err(error) => panic!("expected the value to be accepted: {error}"),
    }
}

fn too_long(max: u64, actual: u64, unit: LengthUnit) -> Rule {
    Rule::TooLong { max, actual, unit }
}

fn too_short(min: u64, actual: u64, unit: LengthUnit) -> Rule {
    Rule::TooShort { min, actual, unit }
}

fn below(minimum: &str) -> Rule {
    Rule::BelowMinimum { minimum: minimum.to_owned() }
}

fn above(maximum: &str) -> Rule {
    Rule::AboveMaximum { maximum: maximum.to_owned() }
}

/// A three-byte UTF-8 character (U+65E5), to tell characters from bytes.
const CJK: char = '日';

fn ascii(n: usize) -> String {
    "a".repeat(n)
}

fn cjk(n: usize) -> String {
    CJK.to_string().repeat(n)
}

// Builders with every required field set to a valid value.

fn tencent_request() -> tencent::CreateCodeFileRequestBuilder<String, String, String> {
    tencent::CreateCodeFileRequest::builder()
        .project_id("1470547050521227264")
        .code_file_name("testFile-0917-1.ipynb")
        .parent_folder_path("/")
}

fn oci_request() -> oci::CreateContentRequestBuilder<String, String, String> {
    oci::CreateContentRequest::builder()
        .ai_data_platform_id("ocid1.aidataplatform.oc1..example")
        .workspace_key("workspace-1")
        .content_path("/path/to/Notebook.ipynb")
}

fn huawei_request() -> huawei::CreateFileRequestBuilder<i32, String, String, String, String> {
    huawei::CreateFileRequest::builder()
        .repository_id(100001)
        .file_path("src/main.rs")
        .branch("master")
        .commit_message("add main")
        .content("fn main() {}")
}

fn pds_request() -> pds::CreateFileRequestBuilder<String, pds::FileType, String> {
    pds::CreateFileRequest::builder().name("a.txt").type_(pds::FileType::File).parent_file_id("root")
}

/// A PDS request with one part whose SHA-1 context is `ctx`.
fn pds_with_ctx(ctx: pds::ParallelSha1Ctx) -> Result<pds::CreateFileRequest, ValidationError> {
    pds_request().part_info_list(vec![part(Some(1), Some(ctx))]).build()
}

fn part(part_number: Option<i32>, ctx: Option<pds::ParallelSha1Ctx>) -> pds::PartInfo {
    let mut part = pds::PartInfo::default();
    (part.part_number, part.parallel_sha1_ctx) = (part_number, ctx);
    part
}

fn ctx(h: Option<Vec<i64>>, part_offset: Option<i64>) -> pds::ParallelSha1Ctx {
    let mut ctx = pds::ParallelSha1Ctx::default();
    (ctx.h, ctx.part_offset) = (h, part_offset);
    ctx
}

fn tag(key: impl Into<String>, value: impl Into<String>) -> pds::UserTag {
    pds::UserTag::builder().key(key).value(value).build()
}

/// The FlowSpec example of the DataWorks page, verbatim.
const FLOW_SPEC_EXAMPLE: &str = r#"{ "version": "1.1.0", "kind": "Resource", "spec": { "fileResources": [ { "name": "OpenAPITestResource.py", "script": { "content": "", "path": "XX/OpenAPITest/ResourcesTest/OpenAPITestResource.py", "runtime": { "command": "ODPS_PYTHON" } }, "type": "python", "file": { "storage": {} }, "datasource": { "name": "odps_first", "type": "odps" } } ] } }"#;

fn flow_spec() -> dataworks::FlowSpec {
    serde_json::from_str(FLOW_SPEC_EXAMPLE).expect("the page's FlowSpec example decodes into FlowSpec")
}

fn dataworks_request() -> dataworks::CreateResourceRequestBuilder<i64, dataworks::FlowSpec> {
    dataworks::CreateResourceRequest::builder().project_id(123456).spec(flow_spec())
}

// ---------------------------------------------------------------------------------------------
// required_*: missing required fields
// ---------------------------------------------------------------------------------------------

// A missing required field is a compile error: the `required_*_reports_every_missing_field`
// cases that checked `Rule::Missing` here are compile-fail doctests now, each with a twin that
// compiles (`tests/src/sdk_builders.rs`, run by `cargo test -p cloudspec-tests --doc`).

#[test]
fn required_oci_path_parameters_are_non_empty() {
    let cases = [
        ("aiDataPlatformId", oci_request().ai_data_platform_id("")),
        ("workspaceKey", oci_request().workspace_key("")),
        ("contentPath", oci_request().content_path("")),
    ];
    for (field, builder) in cases {
        match builder.build() {
            Ok(request) => panic!("an empty `{field}` was accepted: {request:?}"),
            Err(error) => assert!(error.concerns(field), "{error}"),
        }
    }
}

#[test]
fn required_fields_set_builds_every_request() {
    let t = assert_accepted(tencent_request().build());
    assert_eq!(t.project_id, "1470547050521227264");
    assert_eq!(t.parent_folder_path, "/");
    assert_eq!(t.code_file_config, None);

    let o = assert_accepted(oci_request().build());
    assert_eq!(o.content_path, "/path/to/Notebook.ipynb");
    assert_eq!((o.opc_retry_token.as_deref(), o.create_content_details.as_ref()), (None, None));

    let h = assert_accepted(huawei_request().build());
    assert_eq!(h.repository_id, 100001);

    let p = assert_accepted(pds_request().build());
    assert_eq!(p.type_, pds::FileType::File);

    let d = assert_accepted(dataworks_request().build());
    assert_eq!(d.project_id, 123456);
    assert_eq!(d.spec, flow_spec());

    // A built request is valid by construction: validating it again finds nothing.
    assert!(t.validate().is_ok() && o.validate().is_ok() && h.validate().is_ok());
    assert!(p.validate().is_ok() && d.validate().is_ok());
}

#[test]
fn required_nested_fields_are_required_when_decoding() {
    // UserTag: key and value are both required.
    let tag: pds::UserTag = serde_json::from_value(json!({"key": "k1", "value": "v1"})).unwrap();
    assert_eq!(tag.validate(), Ok(()));
    let error = serde_json::from_value::<pds::UserTag>(json!({"key": "k1"})).unwrap_err().to_string();
    assert!(error.contains("missing field `value`"), "{error}");

    // FlowSpec: version, kind and spec are required; so is the Spec string of the request.
    let error = serde_json::from_value::<dataworks::FlowSpec>(json!({"version": "1.1.0", "spec": {}}))
        .unwrap_err()
        .to_string();
    assert!(error.contains("missing field `kind`"), "{error}");
    let error = serde_json::from_value::<dataworks::CreateResourceRequest>(json!({"ProjectId": 1}))
        .unwrap_err()
        .to_string();
    assert!(error.contains("missing field `Spec`"), "{error}");
}

fn oci_content_json() -> Value {
    json!({
        "content": {"cells": [], "nbformat": 4},
        "created": "2025-01-02T03:04:05Z",
        "format": "json",
        "last_modified": "2025-01-02T03:04:05.5Z",
        "mimetype": null,
        "name": "Untitled.ipynb",
        "path": "/notebooks/Untitled.ipynb",
        "type": "notebook",
        "writable": true
    })
}

#[test]
fn required_nullable_oci_content_needs_the_key_but_accepts_null() {
    // Present with a value.
    let content: oci::Content = serde_json::from_value(oci_content_json()).unwrap();
    assert_eq!(content.content, Some(json!({"cells": [], "nbformat": 4})));
    assert_eq!(content.format, Some(oci::ContentFormat::Json));
    assert_eq!(content.mimetype, None);

    // Present as null: decodes to None, and null is written back (the key stays on the wire).
    let mut doc = oci_content_json();
    doc["content"] = Value::Null;
    let content: oci::Content = serde_json::from_value(doc.clone()).unwrap();
    assert_eq!(content.content, None);
    assert_eq!(serde_json::to_value(&content).unwrap()["content"], Value::Null);
    assert!(serde_json::to_value(&content).unwrap().as_object().unwrap().contains_key("content"));

    // Missing: an error, for each required-but-nullable key.
    for key in ["content", "format", "mimetype"] {
        let mut doc = oci_content_json();
        doc.as_object_mut().unwrap().remove(key);
        let error = serde_json::from_value::<oci::Content>(doc).unwrap_err().to_string();
        assert!(error.contains(&format!("missing field `{key}`")), "{key}: {error}");
    }

    // The optional, nullable `size` may be missing.
    assert_eq!(serde_json::from_value::<oci::Content>(oci_content_json()).unwrap().size, None);

    // "NULL" is a value of the enum, distinct from a JSON null.
    let mut doc = oci_content_json();
    doc["format"] = json!("NULL");
    let content: oci::Content = serde_json::from_value(doc).unwrap();
    assert_eq!(content.format, Some(oci::ContentFormat::Null));
}

#[test]
fn required_nullable_oci_content_also_holds_in_the_response_body() {
    // The response carries Content as its whole (flattened) body.
    let response: oci::CreateContentResponse = serde_json::from_value(oci_content_json()).unwrap();
    assert_eq!(response.content.name, "Untitled.ipynb");

    let mut doc = oci_content_json();
    doc["content"] = Value::Null;
    let response: oci::CreateContentResponse = serde_json::from_value(doc).unwrap();
    assert_eq!(response.content.content, None);

    let mut doc = oci_content_json();
    doc.as_object_mut().unwrap().remove("content");
    assert!(serde_json::from_value::<oci::CreateContentResponse>(doc).is_err());
}

// ---------------------------------------------------------------------------------------------
// constraint_*: Tencent WeData
// ---------------------------------------------------------------------------------------------

#[test]
fn constraint_tencent_parent_folder_path_must_start_with_slash() {
    for ok in ["/", "/scripts", "/aaa/bbb/ccc", "//", "/ with spaces"] {
        assert_accepted(tencent_request().parent_folder_path(ok).build());
    }
    let mismatch = Rule::PatternMismatch { pattern: "^/" };
    for bad in ["scripts", "", " /scripts", "scripts/", "\\scripts", "\n/scripts"] {
        assert_rejected_one(
            tencent_request().parent_folder_path(bad).build(),
            "ParentFolderPath",
            mismatch.clone(),
        );
    }
}

#[test]
fn constraint_tencent_nested_config_has_no_bounds() {
    // Optional and nullable: the setters take the `Option`.
    let session = tencent::NotebookSessionInfo::builder()
        .notebook_session_id(Some(ascii(10_000)))
        .notebook_session_name(Some(String::new()))
        .build();
    let config = tencent::CodeFileConfig::builder()
        .params(Some("p1".into()))
        .notebook_session_info(Some(session))
        .build();
    assert_eq!(config.validate(), Ok(()));
    assert_accepted(tencent_request().code_file_config(config).code_file_content(cjk(10_000)).build());
}

// ---------------------------------------------------------------------------------------------
// constraint_*: OCI AI Data Platform
// ---------------------------------------------------------------------------------------------

#[test]
fn constraint_oci_retry_token_is_1_to_64_characters() {
    let field = "opc-retry-token";
    // At the bounds, counted in characters: 64 three-byte characters are 192 bytes, still fine.
    for ok in [ascii(1), cjk(1), ascii(64), cjk(64), format!("{}{}", ascii(63), CJK)] {
        let request = assert_accepted(oci_request().opc_retry_token(ok.clone()).build());
        assert_eq!(request.opc_retry_token.as_deref(), Some(ok.as_str()));
    }
    assert_eq!(cjk(64).len(), 192);

    // Just past the bounds.
    assert_rejected_one(oci_request().opc_retry_token("").build(), field, too_short(1, 0, LengthUnit::Chars));
    assert_rejected_one(
        oci_request().opc_retry_token(ascii(65)).build(),
        field,
        too_long(64, 65, LengthUnit::Chars),
    );
    assert_rejected_one(
        oci_request().opc_retry_token(cjk(65)).build(),
        field,
        too_long(64, 65, LengthUnit::Chars),
    );
    // Unset, the optional header is not checked.
    assert_accepted(oci_request().build());
}

#[test]
fn constraint_oci_request_id_allows_letters_digits_underscore_dash() {
    let field = "opc-request-id";
    let mismatch = Rule::PatternMismatch { pattern: "^[A-Za-z0-9_-]+$" };
    for ok in ["a", "Z", "0", "_", "-", "ABCxyz0123456789_-", &ascii(1000)] {
        assert_accepted(oci_request().opc_request_id(ok).build());
    }
    for bad in ["", "req id", "req.id", "req/id", "ré", "abc\n", "\nabc", "a+b", "日"] {
        assert_rejected_one(oci_request().opc_request_id(bad).build(), field, mismatch.clone());
    }
}

#[test]
fn constraint_oci_header_violations_are_reported_together() {
    assert_rejected(
        oci_request().opc_request_id("not valid").opc_retry_token("").build(),
        &[
            violation("opc-request-id", Rule::PatternMismatch { pattern: "^[A-Za-z0-9_-]+$" }),
            violation("opc-retry-token", too_short(1, 0, LengthUnit::Chars)),
        ],
    );
}

#[test]
fn constraint_oci_unconstrained_fields_accept_anything() {
    let details = oci::CreateContentDetails::builder()
        .copy_from("")
        .ext(cjk(5000))
        .type_(oci::ContentType::Directory)
        .build();
    assert_eq!(details.validate(), Ok(()));
    assert_accepted(
        oci_request()
            .datalake_tenant_id("")
            .should_update_recent(true)
            .create_content_details(details)
            .content_path("a/b/c with spaces")
            .build(),
    );
}

// ---------------------------------------------------------------------------------------------
// constraint_*: Huawei CodeArts Repo
// ---------------------------------------------------------------------------------------------

#[test]
fn constraint_huawei_repository_id_is_1_to_2147483647() {
    let field = "repository_id";
    // The spec's maximum, 2147483647, is i32::MAX: the field is an i32, so every documented value
    // fits and no larger value can be constructed (2147483648 does not compile).
    let request = assert_accepted(huawei_request().repository_id(1).build());
    let typed: i32 = request.repository_id;
    assert_eq!(typed, 1);
    assert_eq!(i32::MAX, 2_147_483_647);
    assert_eq!(
        assert_accepted(huawei_request().repository_id(2_147_483_647).build()).repository_id,
        i32::MAX
    );

    for bad in [0, -1, i32::MIN] {
        assert_rejected_one(huawei_request().repository_id(bad).build(), field, below("1"));
    }
}

#[test]
fn constraint_huawei_strings_are_unbounded() {
    assert_accepted(
        huawei_request()
            .file_path("")
            .content(cjk(100_000))
            .name("")
            .author_email("not an email")
            .encoding("whatever")
            .build(),
    );
}

// ---------------------------------------------------------------------------------------------
// constraint_*: Alibaba PDS
// ---------------------------------------------------------------------------------------------

#[test]
fn constraint_pds_name_is_at_most_1024_bytes() {
    let field = "name";
    // 1024 bytes, ASCII or multi-byte.
    let at_bound = ascii(1024);
    assert_eq!(assert_accepted(pds_request().name(at_bound.clone()).build()).name, at_bound);
    let mixed = format!("{}a", cjk(341));
    assert_eq!(mixed.len(), 1024);
    assert_accepted(pds_request().name(mixed).build());
    assert_accepted(pds_request().name("").build());

    // One byte more.
    assert_rejected_one(
        pds_request().name(ascii(1025)).build(),
        field,
        too_long(1024, 1025, LengthUnit::Bytes),
    );
    // 342 three-byte characters: only 342 characters, but 1026 bytes.
    let wide = cjk(342);
    assert_eq!((wide.chars().count(), wide.len()), (342, 1026));
    assert_rejected_one(pds_request().name(wide).build(), field, too_long(1024, 1026, LengthUnit::Bytes));
    // 341 three-byte characters and two ASCII bytes: 1025 bytes.
    assert_rejected_one(
        pds_request().name(format!("{}ab", cjk(341))).build(),
        field,
        too_long(1024, 1025, LengthUnit::Bytes),
    );
}

#[test]
fn constraint_pds_name_cannot_contain_a_slash() {
    let field = "name";
    let mismatch = Rule::PatternMismatch { pattern: "^[^/]*$" };
    for ok in ["a.txt", "a\\b", "日本.txt", "name with spaces", ".hidden", "a\nb"] {
        assert_accepted(pds_request().name(ok).build());
    }
    for bad in ["/", "a/b", "/a", "dir/", "a//b"] {
        assert_rejected_one(pds_request().name(bad).build(), field, mismatch.clone());
    }
    // Too long and with a slash: both rules are reported, length first.
    assert_rejected(
        pds_request().name(format!("/{}", ascii(1024))).build(),
        &[violation(field, too_long(1024, 1025, LengthUnit::Bytes)), violation(field, mismatch)],
    );
}

#[test]
fn constraint_pds_description_is_at_most_1024_characters() {
    let field = "description";
    // 1024 characters of three bytes each: 3072 bytes, still within a limit counted in characters.
    assert_accepted(pds_request().description(cjk(1024)).build());
    assert_accepted(pds_request().description(ascii(1024)).build());
    assert_accepted(pds_request().description("").build());
    assert_rejected_one(
        pds_request().description(ascii(1025)).build(),
        field,
        too_long(1024, 1025, LengthUnit::Chars),
    );
    assert_rejected_one(
        pds_request().description(cjk(1025)).build(),
        field,
        too_long(1024, 1025, LengthUnit::Chars),
    );
}

#[test]
fn constraint_pds_part_info_list_has_at_most_10000_items() {
    let parts = |n: usize| (1..=n).map(|i| part(Some(i32::try_from(i).unwrap()), None)).collect::<Vec<_>>();
    assert_accepted(pds_request().part_info_list(Vec::new()).build());
    let request = assert_accepted(pds_request().part_info_list(parts(10_000)).build());
    assert_eq!(request.part_info_list.map(|l| l.len()), Some(10_000));

    // 10 001 items: the list is too long, and the 10 001st part number is out of range too.
    assert_rejected(
        pds_request().part_info_list(parts(10_001)).build(),
        &[
            violation("part_info_list", Rule::TooManyItems { max: 10_000, actual: 10_001 }),
            violation("part_info_list[10000].part_number", above("10000")),
        ],
    );
    // With in-range part numbers, only the item count is reported.
    let many: Vec<_> = (0..10_001).map(|_| part(Some(1), None)).collect();
    assert_rejected_one(
        pds_request().part_info_list(many).build(),
        "part_info_list",
        Rule::TooManyItems { max: 10_000, actual: 10_001 },
    );
}

#[test]
fn constraint_pds_part_number_is_1_to_10000() {
    for ok in [1, 2, 9_999, 10_000] {
        assert_accepted(pds_request().part_info_list(vec![part(Some(ok), None)]).build());
    }
    assert_accepted(pds_request().part_info_list(vec![part(None, None)]).build());
    assert_rejected_one(
        pds_request().part_info_list(vec![part(Some(0), None)]).build(),
        "part_info_list[0].part_number",
        below("1"),
    );
    assert_rejected_one(
        pds_request().part_info_list(vec![part(Some(-1), None)]).build(),
        "part_info_list[0].part_number",
        below("1"),
    );
    // The index in the path is the item's position.
    assert_rejected_one(
        pds_request().part_info_list(vec![part(Some(1), None), part(Some(10_001), None)]).build(),
        "part_info_list[1].part_number",
        above("10000"),
    );
    assert_rejected_one(
        pds_request().part_info_list(vec![part(Some(i32::MAX), None)]).build(),
        "part_info_list[0].part_number",
        above("10000"),
    );
}

#[test]
fn constraint_pds_part_offset_is_a_non_negative_multiple_of_64() {
    let field = "part_info_list[0].parallel_sha1_ctx.part_offset";
    for ok in [0, 64, 128, 10_240, i64::MAX - 63] {
        assert_accepted(pds_with_ctx(ctx(None, Some(ok))));
    }
    for bad in [65, 1, 63, 127, 129] {
        assert_rejected_one(pds_with_ctx(ctx(None, Some(bad))), field, Rule::NotMultipleOf { divisor: 64 });
    }
    // Below the minimum of 0, although a multiple of 64.
    assert_rejected_one(pds_with_ctx(ctx(None, Some(-64))), field, below("0"));
    // Both rules broken.
    assert_rejected(
        pds_with_ctx(ctx(None, Some(-1))),
        &[violation(field, below("0")), violation(field, Rule::NotMultipleOf { divisor: 64 })],
    );
    assert_rejected(
        pds_with_ctx(ctx(None, Some(i64::MIN + 1))),
        &[violation(field, below("0")), violation(field, Rule::NotMultipleOf { divisor: 64 })],
    );
}

#[test]
fn constraint_pds_sha1_context_h_has_exactly_five_items() {
    let field = "part_info_list[0].parallel_sha1_ctx.h";
    let h = |n: usize| Some(vec![0x6745_2301_i64; n]);
    assert_accepted(pds_with_ctx(ctx(h(5), Some(0))));
    assert_rejected_one(pds_with_ctx(ctx(h(4), Some(0))), field, Rule::TooFewItems { min: 5, actual: 4 });
    assert_rejected_one(pds_with_ctx(ctx(h(6), Some(0))), field, Rule::TooManyItems { max: 5, actual: 6 });
    assert_rejected_one(pds_with_ctx(ctx(h(0), None)), field, Rule::TooFewItems { min: 5, actual: 0 });
    // An absent h is not checked.
    assert_accepted(pds_with_ctx(ctx(None, None)));
}

#[test]
fn constraint_pds_user_tags_are_at_most_1000() {
    let tags = |n: usize| (0..n).map(|i| tag(format!("k{i}"), "v")).collect::<Vec<_>>();
    assert_accepted(pds_request().user_tags(Vec::new()).build());
    assert_accepted(pds_request().user_tags(tags(1000)).build());
    assert_rejected_one(
        pds_request().user_tags(tags(1001)).build(),
        "user_tags",
        Rule::TooManyItems { max: 1000, actual: 1001 },
    );
}

#[test]
fn constraint_pds_user_tag_key_and_value_limits() {
    let one = |t: pds::UserTag| pds_request().user_tags(vec![tag("ok", "ok"), t]).build();
    // Key and value: at most 2000 bytes each.
    assert_accepted(one(tag(ascii(2000), ascii(2000))));
    assert_accepted(one(tag(format!("{}aa", cjk(666)), format!("{}aa", cjk(666)))));
    assert_accepted(one(tag("", "")));
    assert_rejected_one(
        one(tag(ascii(2001), "v")),
        "user_tags[1].key",
        too_long(2000, 2001, LengthUnit::Bytes),
    );
    assert_rejected_one(
        one(tag("k", ascii(2001))),
        "user_tags[1].value",
        too_long(2000, 2001, LengthUnit::Bytes),
    );
    // 667 three-byte characters: 2001 bytes.
    assert_rejected_one(one(tag(cjk(667), "v")), "user_tags[1].key", too_long(2000, 2001, LengthUnit::Bytes));
    assert_rejected_one(
        one(tag("k", cjk(667))),
        "user_tags[1].value",
        too_long(2000, 2001, LengthUnit::Bytes),
    );

    // The key cannot contain '#'; the value can.
    let mismatch = Rule::PatternMismatch { pattern: "^[^#]*$" };
    assert_accepted(one(tag("k/1", "#v#")));
    for bad in ["#", "k#1", "#k", "k#"] {
        assert_rejected_one(one(tag(bad, "v")), "user_tags[1].key", mismatch.clone());
    }
    // Every broken rule of every tag is reported, in order.
    assert_rejected(
        pds_request().user_tags(vec![tag(format!("#{}", ascii(2000)), ascii(2001)), tag("k#", "v")]).build(),
        &[
            violation("user_tags[0].key", too_long(2000, 2001, LengthUnit::Bytes)),
            violation("user_tags[0].key", mismatch.clone()),
            violation("user_tags[0].value", too_long(2000, 2001, LengthUnit::Bytes)),
            violation("user_tags[1].key", mismatch),
        ],
    );
}

#[test]
fn constraint_pds_nested_types_validate_on_their_own() {
    // A nested value validated as a root names fields relative to itself.
    let error = ctx(Some(vec![1; 5]), Some(65)).validate().unwrap_err();
    assert_eq!(error.violations(), &[violation("part_offset", Rule::NotMultipleOf { divisor: 64 })]);

    let error = part(Some(0), Some(ctx(Some(vec![1; 4]), Some(64)))).validate().unwrap_err();
    assert_eq!(
        error.violations(),
        &[
            violation("part_number", below("1")),
            violation("parallel_sha1_ctx.h", Rule::TooFewItems { min: 5, actual: 4 }),
        ]
    );
    assert!(error.concerns("parallel_sha1_ctx.h") && !error.concerns("h"));

    let error = tag("a#b", ascii(2001)).validate().unwrap_err();
    assert_eq!(
        error.violations(),
        &[
            violation("key", Rule::PatternMismatch { pattern: "^[^#]*$" }),
            violation("value", too_long(2000, 2001, LengthUnit::Bytes)),
        ]
    );
    assert_eq!(tag("k", "v").validate(), Ok(()));
    assert_eq!(ctx(Some(vec![0; 5]), Some(0)).validate(), Ok(()));
}

#[test]
fn constraint_pds_every_violation_is_reported_in_field_order() {
    let request = pds_request()
        .name("a/b")
        .part_info_list(vec![
            part(Some(1), Some(ctx(Some(vec![0; 5]), Some(0)))),
            part(Some(2), Some(ctx(Some(vec![0; 5]), Some(65)))),
        ])
        .user_tags(vec![tag("k#", "v")])
        .description(ascii(1025))
        .build();
    assert_rejected(
        request,
        &[
            violation("name", Rule::PatternMismatch { pattern: "^[^/]*$" }),
            violation("part_info_list[1].parallel_sha1_ctx.part_offset", Rule::NotMultipleOf { divisor: 64 }),
            violation("user_tags[0].key", Rule::PatternMismatch { pattern: "^[^#]*$" }),
            violation("description", too_long(1024, 1025, LengthUnit::Chars)),
        ],
    );
}

#[test]
fn constraint_pds_response_types_carry_no_request_bounds() {
    // The response's hash context is a separate type, and responses are not validated: one
    // item of h and an offset no request may send decode as they came.
    let ctx: pds::ParallelHashCtx =
        serde_json::from_value(serde_json::json!({"h": [0], "part_offset": 1})).unwrap();
    assert_eq!((ctx.h, ctx.part_offset), (Some(vec![0]), Some(1)));
}

// ---------------------------------------------------------------------------------------------
// constraint_*: Alibaba DataWorks
// ---------------------------------------------------------------------------------------------

#[test]
fn constraint_dataworks_any_project_id_and_spec_build() {
    for id in [i64::MIN, 0, 1, i64::MAX] {
        assert_accepted(dataworks_request().project_id(id).build());
    }
    let bare = dataworks::FlowSpec::builder()
        .version("")
        .kind("Resource")
        .spec(dataworks::FlowSpecResources::default())
        .build();
    assert_eq!(bare.validate(), Ok(()));
    assert_accepted(dataworks_request().spec(bare).build());
}

/// An open type's `extra` map carries members the spec does not list; one that repeats a listed
/// field's wire name would put the key in the document twice, so it is refused by name.
#[test]
fn constraint_dataworks_extra_members_may_not_shadow_fields() {
    let resources = dataworks::FlowSpecResources::builder()
        .extra([("metadata", serde_json::json!({"owner": "1"}))])
        .build();
    let mut spec = dataworks::FlowSpec::builder().version("1.1.0").kind("Resource").spec(resources).build();
    assert_accepted(dataworks_request().spec(spec.clone()).build());

    spec.extra.insert("kind".into(), serde_json::json!("Node"));
    spec.spec.extra.insert("fileResources".into(), serde_json::json!([]));
    let error = dataworks_request().spec(spec).build().expect_err("shadowing members");
    assert_eq!(
        error.violations(),
        [
            violation("Spec.spec.fileResources", Rule::ShadowsField),
            violation("Spec.kind", Rule::ShadowsField)
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// constraint_*: error messages
// ---------------------------------------------------------------------------------------------

#[test]
fn constraint_error_display_names_the_field_never_the_value() {
    let secret = "S3CR3T-zq9x";
    let checks: Vec<(ValidationError, &str)> = vec![
        (pds_request().name(format!("{secret}/x")).build().unwrap_err(), "`name`"),
        (pds_request().name(format!("{secret}{}", ascii(1100))).build().unwrap_err(), "`name`"),
        (
            pds_request().user_tags(vec![tag(format!("{secret}#"), secret)]).build().unwrap_err(),
            "`user_tags[0].key`",
        ),
        (pds_request().description(format!("{secret}{}", cjk(1100))).build().unwrap_err(), "`description`"),
        (tencent_request().parent_folder_path(secret).build().unwrap_err(), "`ParentFolderPath`"),
        (oci_request().opc_request_id(format!("{secret} !")).build().unwrap_err(), "`opc-request-id`"),
        (
            oci_request().opc_retry_token(format!("{secret}{}", ascii(64))).build().unwrap_err(),
            "`opc-retry-token`",
        ),
        (huawei_request().repository_id(-987_654_321).build().unwrap_err(), "`repository_id`"),
    ];
    for (error, field) in checks {
        let text = error.to_string();
        assert!(text.starts_with("invalid request: "), "{text}");
        assert!(text.contains(field), "{text} should name {field}");
        for leak in [secret, "987654321"] {
            assert!(!text.contains(leak), "{text} leaks the value");
            assert!(!format!("{error:?}").contains(leak), "{error:?} leaks the value");
        }
    }

    // The rule is spelled out with its bound.
    let text = pds_request().name(ascii(1025)).build().unwrap_err().to_string();
    assert_eq!(text, "invalid request: `name` must be at most 1024 bytes long (got 1025)");
    let text = oci_request().opc_retry_token(cjk(65)).build().unwrap_err().to_string();
    assert_eq!(text, "invalid request: `opc-retry-token` must be at most 64 characters long (got 65)");
    let text = huawei_request().repository_id(0).build().unwrap_err().to_string();
    assert_eq!(text, "invalid request: `repository_id` must be at least 1");
    // (A missing required field has no run-time message any more: it does not compile.)
}

#[test]
fn constraint_sensitive_values_stay_out_of_debug_output() {
    let url = "https://bucket.oss.example.com/r.py?Signature=S3CR3T-sig";
    let request = assert_accepted(dataworks_request().resource_file(url).build());
    assert_eq!(request.resource_file.as_deref(), Some(url));
    assert!(!format!("{request:?}").contains("S3CR3T"), "{request:?}");
    assert!(!format!("{:?}", dataworks_request().resource_file(url)).contains("S3CR3T"));

    let mut info = pds::SignatureInfo::default();
    info.auth_type = Some("sts".into());
    info.signature = Some("S3CR3T-sig".into());
    info.sts_token = Some("S3CR3T-token".into());
    assert!(!format!("{info:?}").contains("S3CR3T"), "{info:?}");
}

// ---------------------------------------------------------------------------------------------
// wire_shape_*
// ---------------------------------------------------------------------------------------------

#[test]
fn wire_shape_oci_path_and_header_fields_stay_out_of_the_body() {
    let request = assert_accepted(
        oci_request()
            .datalake_tenant_id("tenant-1")
            .opc_request_id("req-1")
            .opc_retry_token("retry-1")
            .should_update_recent(true)
            .create_content_details(
                oci::CreateContentDetails::builder()
                    .copy_from("/path/to/OtherNotebook.ipynb")
                    .ext(".ipynb")
                    .type_(oci::ContentType::Notebook)
                    .build(),
            )
            .build(),
    );
    // The payload's fields are the body's top level: no `CreateContentDetails` wrapper, no path
    // parameter and no header.
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"copy_from": "/path/to/OtherNotebook.ipynb", "ext": ".ipynb", "type": "notebook"})
    );
    // No payload: an empty body object; unset payload fields are left out.
    assert_eq!(serde_json::to_value(assert_accepted(oci_request().build())).unwrap(), json!({}));
    let request = assert_accepted(
        oci_request()
            .opc_retry_token("retry-1")
            .create_content_details(oci::CreateContentDetails::default())
            .build(),
    );
    assert_eq!(serde_json::to_value(&request).unwrap(), json!({}));
    // And the other way: a body decodes into the payload field.
    let decoded: oci::CreateContentRequest =
        serde_json::from_value(json!({"copy_from": "/a.ipynb", "type": "file"})).unwrap();
    let details = decoded.create_content_details.expect("the body decodes into the payload");
    assert_eq!(details.copy_from.as_deref(), Some("/a.ipynb"));
    assert_eq!(details.type_, Some(oci::ContentType::File));
}

#[test]
fn wire_shape_huawei_repository_id_travels_in_the_path() {
    let request = assert_accepted(huawei_request().author_name("dev").build());
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({
            "file_path": "src/main.rs",
            "branch": "master",
            "commit_message": "add main",
            "author_name": "dev",
            "content": "fn main() {}"
        })
    );
}

#[test]
fn wire_shape_tencent_uses_the_wire_names() {
    let request = assert_accepted(
        tencent_request()
            .code_file_config(
                tencent::CodeFileConfig::builder()
                    .params(Some("p1".into()))
                    .notebook_session_info(Some(
                        tencent::NotebookSessionInfo::builder()
                            .notebook_session_id(Some("dfdfds-3343gdfs-454".into()))
                            .notebook_session_name(Some("session1".into()))
                            .build(),
                    ))
                    .build(),
            )
            .build(),
    );
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({
            "ProjectId": "1470547050521227264",
            "CodeFileName": "testFile-0917-1.ipynb",
            "ParentFolderPath": "/",
            "CodeFileConfig": {
                "Params": "p1",
                "NotebookSessionInfo": {
                    "NotebookSessionId": "dfdfds-3343gdfs-454",
                    "NotebookSessionName": "session1"
                }
            }
        })
    );
}

#[test]
fn wire_shape_pds_sends_only_what_was_set() {
    // Fields with a server-side default (content_type, hidden, check_name_mode) are not sent
    // unless set.
    let request = assert_accepted(pds_request().build());
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"name": "a.txt", "type": "file", "parent_file_id": "root"})
    );
    let request = assert_accepted(
        pds_request()
            .check_name_mode(pds::CheckNameMode::AutoRename)
            .content_hash_name(pds::ContentHashName::Sha1)
            .part_info_list(vec![part(Some(1), Some(ctx(Some(vec![1, 2, 3, 4, 5]), Some(128))))])
            .build(),
    );
    let body = serde_json::to_value(&request).unwrap();
    assert_eq!(body["check_name_mode"], json!("auto_rename"));
    assert_eq!(body["content_hash_name"], json!("sha1"));
    assert_eq!(
        body["part_info_list"],
        json!([{"part_number": 1, "parallel_sha1_ctx": {"h": [1, 2, 3, 4, 5], "part_offset": 128}}])
    );
}

#[test]
fn wire_shape_dataworks_spec_is_a_json_string() {
    let request = assert_accepted(dataworks_request().build());
    let body = serde_json::to_value(&request).unwrap();
    assert_eq!(body["ProjectId"], json!(123456));
    let Value::String(text) = &body["Spec"] else { panic!("`Spec` is not a JSON string: {body}") };
    // The string holds the FlowSpec document...
    let typed: dataworks::FlowSpec = serde_json::from_str(text).unwrap();
    assert_eq!(typed, flow_spec());
    // ...which is the page's example document.
    let parsed: Value = serde_json::from_str(text).unwrap();
    let example: Value = serde_json::from_str(FLOW_SPEC_EXAMPLE).unwrap();
    assert_eq!(parsed, example);
    assert_eq!(parsed["spec"]["fileResources"][0]["script"]["runtime"]["command"], json!("ODPS_PYTHON"));
    // Nothing but the fields that were set.
    assert_eq!(body.as_object().unwrap().keys().collect::<Vec<_>>(), ["ProjectId", "Spec"]);

    // And back: the string decodes into the typed document.
    let decoded: dataworks::CreateResourceRequest = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(decoded, request);
    assert!(cloudspec_runtime::testing::equivalent(&serde_json::to_value(&decoded).unwrap(), &body));

    // The wire carries a string: a bare object, or a string that is not a FlowSpec, is refused.
    let error =
        serde_json::from_value::<dataworks::CreateResourceRequest>(json!({"ProjectId": 1, "Spec": example}))
            .unwrap_err();
    assert!(error.to_string().contains("invalid type"), "{error}");
    let error = serde_json::from_value::<dataworks::CreateResourceRequest>(
        json!({"ProjectId": 1, "Spec": "{\"version\": \"1.1.0\"}"}),
    )
    .unwrap_err();
    assert!(error.to_string().contains("invalid JSON document"), "{error}");
}

#[test]
fn wire_shape_enums_accept_unknown_values() {
    // OCI ContentType.
    let value: oci::ContentType = serde_json::from_value(json!("symlink")).unwrap();
    assert_eq!(value, oci::ContentType::Unknown("symlink".into()));
    assert_eq!(serde_json::to_value(&value).unwrap(), json!("symlink"));
    let known: oci::ContentType = serde_json::from_value(json!("directory")).unwrap();
    assert_eq!(known, oci::ContentType::Directory);
    // Case matters: "Notebook" is not "notebook".
    assert_eq!(oci::ContentType::from("Notebook"), oci::ContentType::Unknown("Notebook".into()));

    // Inside a document, and back to identical JSON.
    let mut doc = oci_content_json();
    doc["type"] = json!("symlink");
    doc["format"] = json!("zstd");
    let content: oci::Content = serde_json::from_value(doc.clone()).unwrap();
    assert_eq!(content.type_, oci::ContentType::Unknown("symlink".into()));
    assert_eq!(content.format, Some(oci::ContentFormat::Unknown("zstd".into())));
    assert_eq!(serde_json::to_value(&content).unwrap(), doc);

    // Tencent AccessScope, PDS enums.
    let scope: tencent::AccessScope = serde_json::from_value(json!("PROTECTED")).unwrap();
    assert_eq!(scope, tencent::AccessScope::Unknown("PROTECTED".into()));
    assert_eq!(serde_json::to_string(&scope).unwrap(), r#""PROTECTED""#);
    let mode: pds::CheckNameMode = serde_json::from_value(json!("overwrite")).unwrap();
    assert_eq!(mode, pds::CheckNameMode::Unknown("overwrite".into()));
    assert_eq!(serde_json::to_value(&mode).unwrap(), json!("overwrite"));

    // A request may carry a value the client does not know yet.
    let request = assert_accepted(pds_request().type_("album").build());
    assert_eq!(request.type_, pds::FileType::Unknown("album".into()));
    assert_eq!(serde_json::to_value(&request).unwrap()["type"], json!("album"));
}
