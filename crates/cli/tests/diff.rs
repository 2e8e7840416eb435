//! `cloudspec diff`: each kind of spec change, made to a copy of a small base tree
//! (`tests/fixtures/diff/base`), gets exactly the expected classification.

use std::path::{Path, PathBuf};

use cloudspec_cli::diff::{ChangeKind, DiffReport, Level, Severity, compare};

use ChangeKind as K;
use Severity::{Major, Minor, Patch};

#[path = "../../codegen/tests/common/mod.rs"]
mod common;
use common::copy_dir;

fn base() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff/base")
}

/// A copy of the base tree, named `new`, with `edits` applied: each `(file, from, to)` replaces
/// the one occurrence of `from` in `demo/store/<file>`.
fn variant(edits: &[(&str, &str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().join("new");
    copy_dir(&base(), &root);
    for (file, from, to) in edits {
        let path = root.join("demo/store").join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.matches(from).count(), 1, "`{from}` must occur once in {file}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
    (temp, root)
}

fn classify(report: &DiffReport) -> Vec<(Severity, ChangeKind, String)> {
    let mut out: Vec<_> = report.changes().iter().map(|c| (c.severity, c.kind, c.path.clone())).collect();
    out.sort();
    out
}

fn expected(list: &[(Severity, ChangeKind, &str)]) -> Vec<(Severity, ChangeKind, String)> {
    let mut out: Vec<_> = list.iter().map(|(s, k, p)| (*s, *k, (*p).to_owned())).collect();
    out.sort();
    out
}

fn diff(old: &Path, new: &Path) -> DiffReport {
    compare(old, new).unwrap_or_else(|e| panic!("{e}"))
}

struct Case {
    name: &'static str,
    edits: &'static [(&'static str, &'static str, &'static str)],
    /// Base → variant.
    forward: &'static [(Severity, ChangeKind, &'static str)],
    /// Variant → base, when the reverse is worth stating (additions ↔ removals, looser ↔ tighter).
    backward: Option<&'static [(Severity, ChangeKind, &'static str)]>,
}

const OP: &str = "create_item.yaml";
const SVC: &str = "service.yaml";
const GET: &str = "get_item.yaml";

const CASES: &[Case] = &[
    Case {
        name: "comments and key order only",
        edits: &[
            (OP, "idempotent: false\n", "# decision (retries): not idempotent.\nidempotent: false\n"),
            (
                GET,
                "summary: Get an item.\ndocs: https://example.com/store/GetItem\n",
                "docs: https://example.com/store/GetItem\nsummary: Get an item.\n",
            ),
        ],
        forward: &[],
        backward: Some(&[]),
    },
    Case {
        name: "optional request field removed / added",
        edits: &[(OP, "    note: { type: string, doc: \"A note.\" }\n", "")],
        forward: &[(Major, K::FieldRemoved, "demo/store/CreateItem.input.note")],
        backward: Some(&[(Minor, K::FieldAdded, "demo/store/CreateItem.input.note")]),
    },
    Case {
        name: "required request field added / removed",
        edits: &[(
            OP,
            "    count:",
            "    X-Priority: { type: int32, location: header, required: true }\n    count:",
        )],
        forward: &[(Major, K::FieldAdded, "demo/store/CreateItem.input.X-Priority")],
        backward: Some(&[(Major, K::FieldRemoved, "demo/store/CreateItem.input.X-Priority")]),
    },
    Case {
        name: "response field added / removed",
        edits: &[(OP, "    created:", "    etag: { type: string, location: header }\n    created:")],
        forward: &[(Minor, K::FieldAdded, "demo/store/CreateItem.output.etag")],
        backward: Some(&[(Major, K::FieldRemoved, "demo/store/CreateItem.output.etag")]),
    },
    Case {
        name: "field type changed",
        edits: &[(OP, "count: { type: int32,", "count: { type: int64,")],
        forward: &[(Major, K::FieldTypeChanged, "demo/store/CreateItem.input.count")],
        backward: Some(&[(Major, K::FieldTypeChanged, "demo/store/CreateItem.input.count")]),
    },
    Case {
        name: "request field optional → required (Option<T> → T) and back",
        edits: &[(OP, "X-Trace: { type: string,", "X-Trace: { type: string, required: true,")],
        forward: &[(Major, K::FieldOptionalityChanged, "demo/store/CreateItem.input.X-Trace")],
        // The request struct's field changes from `String` to `Option<String>`.
        backward: Some(&[(Major, K::FieldOptionalityChanged, "demo/store/CreateItem.input.X-Trace")]),
    },
    Case {
        name: "request field required+nullable → optional+nullable (Rust type stays Option<T>)",
        edits: &[(
            OP,
            "label: { type: string, required: true, nullable: true,",
            "label: { type: string, nullable: true,",
        )],
        forward: &[(Minor, K::FieldOptionalityChanged, "demo/store/CreateItem.input.label")],
        backward: Some(&[(Major, K::FieldOptionalityChanged, "demo/store/CreateItem.input.label")]),
    },
    Case {
        name: "request field optional → optional+nullable (the setter takes Option<T>)",
        edits: &[(OP, "note: { type: string,", "note: { type: string, nullable: true,")],
        forward: &[(Major, K::FieldOptionalityChanged, "demo/store/CreateItem.input.note")],
        backward: Some(&[(Major, K::FieldOptionalityChanged, "demo/store/CreateItem.input.note")]),
    },
    Case {
        name: "response field required → optional (T → Option<T>)",
        edits: &[(
            OP,
            "    id: { type: string, required: true, doc: \"Item ID.\" }\n    created",
            "    id: { type: string, doc: \"Item ID.\" }\n    created",
        )],
        forward: &[(Major, K::FieldOptionalityChanged, "demo/store/CreateItem.output.id")],
        backward: Some(&[(Major, K::FieldOptionalityChanged, "demo/store/CreateItem.output.id")]),
    },
    Case {
        name: "response field required+nullable → optional+nullable",
        edits: &[(
            OP,
            "revision: { type: int64, required: true, nullable: true,",
            "revision: { type: int64, nullable: true,",
        )],
        forward: &[(Minor, K::FieldOptionalityChanged, "demo/store/CreateItem.output.revision")],
        // A response without the key no longer decodes.
        backward: Some(&[(Major, K::FieldOptionalityChanged, "demo/store/CreateItem.output.revision")]),
    },
    Case {
        name: "optional response field loses nullable (decoded the same)",
        edits: &[(OP, "detail: { type: ItemDetail, nullable: true,", "detail: { type: ItemDetail,")],
        forward: &[(Patch, K::FieldOptionalityChanged, "demo/store/CreateItem.output.detail")],
        backward: Some(&[(Patch, K::FieldOptionalityChanged, "demo/store/CreateItem.output.detail")]),
    },
    Case {
        name: "field location changed",
        edits: &[(
            OP,
            "X-Trace: { type: string, location: header,",
            "X-Trace: { type: string, location: query,",
        )],
        forward: &[(Major, K::FieldLocationChanged, "demo/store/CreateItem.input.X-Trace")],
        backward: None,
    },
    Case {
        name: "Rust field name changed",
        edits: &[(OP, "note: { type: string,", "note: { type: string, rust_name: memo,")],
        forward: &[(Major, K::FieldRenamed, "demo/store/CreateItem.input.note")],
        backward: None,
    },
    Case {
        name: "enum value removed / added",
        edits: &[(SVC, "      - { value: green }\n", "")],
        forward: &[(Major, K::EnumValueRemoved, "demo/store/types/Color.green")],
        backward: Some(&[(Minor, K::EnumValueAdded, "demo/store/types/Color.green")]),
    },
    Case {
        name: "enum becomes an object type (reported once, not per field using it)",
        edits: &[(
            SVC,
            "    values:\n      - { value: red, doc: \"Red.\" }\n      - { value: green }\n",
            "    fields:\n      rgb: { type: string }\n",
        )],
        forward: &[(Major, K::TypeKindChanged, "demo/store/types/Color")],
        backward: None,
    },
    Case {
        name: "type removed / added",
        edits: &[(OP, "types:\n", "types:\n  Extra:\n    fields:\n      a: { type: string }\n")],
        forward: &[(Minor, K::TypeAdded, "demo/store/types/Extra")],
        backward: Some(&[(Major, K::TypeRemoved, "demo/store/types/Extra")]),
    },
    Case {
        name: "operation error code removed / added",
        edits: &[(OP, "  - { code: Item.Exists, status: 409, doc: \"The item exists.\" }\n", "")],
        forward: &[(Major, K::ErrorCodeRemoved, "demo/store/CreateItem.errors.Item.Exists")],
        backward: Some(&[(Minor, K::ErrorCodeAdded, "demo/store/CreateItem.errors.Item.Exists")]),
    },
    Case {
        name: "common error code removed / added (once for the service, not per operation)",
        edits: &[(SVC, "  - { code: Common.Internal, status: 500, doc: \"Internal error.\" }\n", "")],
        forward: &[(Major, K::ErrorCodeRemoved, "demo/store.errors.Common.Internal")],
        backward: Some(&[(Minor, K::ErrorCodeAdded, "demo/store.errors.Common.Internal")]),
    },
    Case {
        name: "an operation lists a common code as its own / stops (it decodes to another variant)",
        edits: &[(
            OP,
            "  - { code: Item.Exists, status: 409, doc: \"The item exists.\" }\n",
            "  - { code: Item.Exists, status: 409, doc: \"The item exists.\" }\n  - { code: Common.Internal, status: 500, doc: \"Internal error.\" }\n",
        )],
        forward: &[(Minor, K::ErrorCodeAdded, "demo/store/CreateItem.errors.Common.Internal")],
        backward: Some(&[(Major, K::ErrorCodeRemoved, "demo/store/CreateItem.errors.Common.Internal")]),
    },
    Case {
        name: "status-only error entry changed",
        edits: &[(
            OP,
            "  - { status: 400, doc: \"Bad request.\" }\n",
            "  - { status: 400, doc: \"Bad request (invalid parameters).\" }\n",
        )],
        forward: &[(Patch, K::DocsChanged, "demo/store/CreateItem.errors")],
        backward: None,
    },
    Case {
        name: "path changed",
        edits: &[(OP, "path: /v1/shops/{shop_id}/items", "path: /v2/shops/{shop_id}/items")],
        forward: &[(Major, K::HttpChanged, "demo/store/CreateItem.http")],
        backward: None,
    },
    Case {
        name: "method changed",
        edits: &[(GET, "method: GET", "method: DELETE")],
        forward: &[(Major, K::HttpChanged, "demo/store/GetItem.http")],
        backward: None,
    },
    Case {
        name: "request constraint tightened / loosened",
        edits: &[(OP, "max_length: 100,", "max_length: 50,")],
        forward: &[(Major, K::ConstraintTightened, "demo/store/CreateItem.input.name")],
        backward: Some(&[(Minor, K::ConstraintLoosened, "demo/store/CreateItem.input.name")]),
    },
    Case {
        name: "request constraint added / removed",
        edits: &[(OP, "note: { type: string,", "note: { type: string, pattern: \"^[a-z]+$\",")],
        forward: &[(Major, K::ConstraintTightened, "demo/store/CreateItem.input.note")],
        backward: Some(&[(Minor, K::ConstraintLoosened, "demo/store/CreateItem.input.note")]),
    },
    Case {
        name: "lower bound raised / lowered",
        edits: &[(OP, "minimum: 1, maximum: 100", "minimum: 5, maximum: 100")],
        forward: &[(Major, K::ConstraintTightened, "demo/store/CreateItem.input.count")],
        backward: Some(&[(Minor, K::ConstraintLoosened, "demo/store/CreateItem.input.count")]),
    },
    Case {
        name: "multiple_of in a request type: 2 → 4 rejects 6; 4 → 2 accepts every multiple of 4",
        edits: &[(OP, "multiple_of: 2,", "multiple_of: 4,")],
        forward: &[(Major, K::ConstraintTightened, "demo/store/types/ItemSpec.size")],
        backward: Some(&[(Minor, K::ConstraintLoosened, "demo/store/types/ItemSpec.size")]),
    },
    Case {
        name: "constraint on a response-only type (not validated)",
        edits: &[(OP, "score: { type: float64, maximum: 5,", "score: { type: float64, maximum: 3,")],
        forward: &[(Patch, K::ConstraintChanged, "demo/store/types/ItemDetail.score")],
        backward: Some(&[(Patch, K::ConstraintChanged, "demo/store/types/ItemDetail.score")]),
    },
    Case {
        name: "request-side object type gains an optional field (its builder gains a setter)",
        edits: &[(OP, "      tags:", "      weight: { type: float64 }\n      tags:")],
        forward: &[(Minor, K::FieldAdded, "demo/store/types/ItemSpec.weight")],
        backward: Some(&[(Major, K::FieldRemoved, "demo/store/types/ItemSpec.weight")]),
    },
    Case {
        name: "request-side object type gains a required field (its builder's build() needs it)",
        edits: &[(OP, "      tags:", "      weight: { type: float64, required: true }\n      tags:")],
        forward: &[(Major, K::FieldAdded, "demo/store/types/ItemSpec.weight")],
        backward: Some(&[(Major, K::FieldRemoved, "demo/store/types/ItemSpec.weight")]),
    },
    Case {
        name: "response-only object type gains a field",
        edits: &[(OP, "      score:", "      rank: { type: int32, required: true }\n      score:")],
        forward: &[(Minor, K::FieldAdded, "demo/store/types/ItemDetail.rank")],
        backward: Some(&[(Major, K::FieldRemoved, "demo/store/types/ItemDetail.rank")]),
    },
    Case {
        name: "docs only: summary, field doc, example value, enum value doc, type doc",
        edits: &[
            (OP, "summary: Create an item.", "summary: Create one item."),
            (OP, "doc: \"A note.\"", "doc: \"A free-form note.\""),
            (OP, "example: \"pen\"", "example: \"pencil\""),
            (SVC, "{ value: red, doc: \"Red.\" }", "{ value: red, doc: \"The colour red.\" }"),
            (SVC, "doc: A failed call's body.", "doc: The body of a failed call."),
        ],
        forward: &[
            (Patch, K::DocsChanged, "demo/store/CreateItem"),
            (Patch, K::DocsChanged, "demo/store/CreateItem.input.name"),
            (Patch, K::DocsChanged, "demo/store/CreateItem.input.note"),
            (Patch, K::DocsChanged, "demo/store/types/Color.red"),
            (Patch, K::DocsChanged, "demo/store/types/ErrorBody"),
        ],
        backward: None,
    },
    Case {
        name: "examples changed",
        edits: &[(
            OP,
            "request: { \"name\": \"pen\", \"label\": null }",
            "request: { \"name\": \"ink\", \"label\": null }",
        )],
        forward: &[(Patch, K::ExamplesChanged, "demo/store/CreateItem.examples")],
        backward: None,
    },
    Case {
        name: "documented success status changed",
        edits: &[(OP, "  status: 201\n  fields:", "  status: 200\n  fields:")],
        forward: &[(Patch, K::SuccessStatusChanged, "demo/store/CreateItem.output.status")],
        backward: None,
    },
    Case {
        name: "retries and rate limit",
        edits: &[(GET, "idempotent: true", "idempotent: false\nrate_limit: { requests_per_second: 5 }")],
        forward: &[
            (Minor, K::RetryChanged, "demo/store/GetItem.idempotent"),
            (Minor, K::RateLimitChanged, "demo/store/GetItem.rate_limit"),
        ],
        backward: None,
    },
    Case {
        name: "sensitive and deprecated",
        edits: &[(OP, "note: { type: string,", "note: { type: string, sensitive: true, deprecated: true,")],
        forward: &[
            (Minor, K::SensitivityChanged, "demo/store/CreateItem.input.note"),
            (Minor, K::DeprecationChanged, "demo/store/CreateItem.input.note"),
        ],
        backward: None,
    },
    Case {
        name: "service: API version, endpoint, protocol",
        edits: &[
            (SVC, "api_version: \"v1\"", "api_version: \"v2\""),
            (SVC, "url: https://store.{region}.example.com", "url: https://shop.{region}.example.com"),
            (SVC, "protocol: huawei_rest", "protocol: oci_rest"),
        ],
        forward: &[
            (Major, K::ApiVersionChanged, "demo/store"),
            (Major, K::EndpointChanged, "demo/store"),
            (Major, K::ProtocolChanged, "demo/store"),
        ],
        backward: None,
    },
    Case {
        name: "region added / removed",
        edits: &[(SVC, "regions: [r1, r2]", "regions: [r1, r2, r3]")],
        forward: &[(Minor, K::RegionAdded, "demo/store.regions.r3")],
        backward: Some(&[(Minor, K::RegionRemoved, "demo/store.regions.r3")]),
    },
    Case {
        name: "auth scheme added / removed",
        edits: &[(
            SVC,
            "  - scheme: huawei_iam_token\n",
            "  - scheme: huawei_iam_token\n  - scheme: huawei_aksk\n",
        )],
        forward: &[(Minor, K::AuthSchemeAdded, "demo/store.auth.huawei_aksk")],
        backward: Some(&[(Major, K::AuthSchemeRemoved, "demo/store.auth.huawei_aksk")]),
    },
    Case {
        name: "type made open / closed",
        edits: &[(OP, "  ItemDetail:\n    fields:", "  ItemDetail:\n    open: true\n    fields:")],
        forward: &[(Major, K::OpennessChanged, "demo/store/types/ItemDetail")],
        backward: Some(&[(Major, K::OpennessChanged, "demo/store/types/ItemDetail")]),
    },
    Case {
        name: "region given its own URL / back to the template",
        edits: &[(
            SVC,
            "  regions: [r1, r2]\n",
            "  regions: [r1, r2]\n  region_urls: { r3: https://store-r3.example.com }\n",
        )],
        forward: &[(Major, K::EndpointChanged, "demo/store.region_urls.r3")],
        backward: Some(&[(Major, K::EndpointChanged, "demo/store.region_urls.r3")]),
    },
    Case {
        name: "error shape removed / added",
        edits: &[(SVC, "error_shape: ErrorBody\n", "")],
        forward: &[(Major, K::ErrorShapeChanged, "demo/store.error_shape")],
        backward: Some(&[(Minor, K::ErrorShapeChanged, "demo/store.error_shape")]),
    },
];

#[test]
fn each_kind_of_change_is_classified_exactly() {
    for case in CASES {
        let (_temp, new) = variant(case.edits);
        let forward = diff(&base(), &new);
        assert_eq!(classify(&forward), expected(case.forward), "{}:\n{}", case.name, forward.render_text());
        if let Some(backward) = case.backward {
            let report = diff(&new, &base());
            assert_eq!(
                classify(&report),
                expected(backward),
                "{} (reversed):\n{}",
                case.name,
                report.render_text()
            );
        }
    }
}

#[test]
fn identical_trees_have_no_changes() {
    let report = diff(&base(), &base());
    assert_eq!(report.level(), Level::None);
    assert!(report.changes().is_empty());
    assert_eq!(report.exit_code(), 0);
    assert_eq!(report.render_text(), "cloudspec diff: no changes to the generated crate\n");

    let real = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../specs");
    assert_eq!(diff(&real, &real).level(), Level::None);
}

#[test]
fn operations_and_services_added_and_removed() {
    // A second service: a copy of the first under another name.
    let (temp, new) = variant(&[]);
    copy_dir(&base().join("demo/store"), &new.join("demo/depot"));
    let service = new.join("demo/depot/service.yaml");
    let text = std::fs::read_to_string(&service).unwrap().replace("service: store", "service: depot");
    std::fs::write(&service, text).unwrap();
    let added = diff(&base(), &new);
    assert_eq!(classify(&added), expected(&[(Minor, K::ServiceAdded, "demo/depot")]));
    assert_eq!(added.level(), Level::Minor);
    assert_eq!(added.exit_code(), 2);
    let removed = diff(&new, &base());
    assert_eq!(classify(&removed), expected(&[(Major, K::ServiceRemoved, "demo/depot")]));
    assert_eq!(removed.exit_code(), 3);
    drop(temp);

    let (_temp, new) = variant(&[]);
    std::fs::remove_file(new.join("demo/store/get_item.yaml")).unwrap();
    let removed = diff(&base(), &new);
    assert_eq!(classify(&removed), expected(&[(Major, K::OperationRemoved, "demo/store/GetItem")]));
    let change = &removed.changes()[0];
    assert_eq!(change.rust.as_deref(), Some("cloudspec_clients::demo::store::Client::get_item"));
    // Something removed points into the old tree.
    assert_eq!((change.file.as_deref(), change.line), (Some("base/demo/store/get_item.yaml"), Some(1)));
    let added = diff(&new, &base());
    assert_eq!(classify(&added), expected(&[(Minor, K::OperationAdded, "demo/store/GetItem")]));
}

#[test]
fn changes_carry_rust_paths_files_lines_and_messages() {
    let (_temp, new) = variant(&[
        (OP, "    note: { type: string, doc: \"A note.\" }\n", ""),
        (OP, "    count:", "    X-Priority: { type: int32, location: header, required: true }\n    count:"),
        (
            OP,
            "id: { type: string, required: true, doc: \"Item ID.\" }\n    created",
            "id: { type: string, doc: \"Item ID.\" }\n    created",
        ),
    ]);
    let report = diff(&base(), &new);
    let find =
        |path: &str| report.changes().iter().find(|c| c.path == path).unwrap_or_else(|| panic!("{path}"));

    let removed = find("demo/store/CreateItem.input.note");
    assert_eq!(removed.rust.as_deref(), Some("cloudspec_clients::demo::store::CreateItemRequest::note"));
    assert_eq!((removed.file.as_deref(), removed.line), (Some("base/demo/store/create_item.yaml"), Some(14)));
    assert_eq!(removed.message, "field `note` removed (Rust field `note`)");

    let added = find("demo/store/CreateItem.input.X-Priority");
    assert_eq!((added.file.as_deref(), added.line), (Some("new/demo/store/create_item.yaml"), Some(15)));
    assert_eq!(
        added.message,
        "new required request field `X-Priority`: `build()` does not compile until callers set `.x_priority(...)`"
    );

    let optional = find("demo/store/CreateItem.output.id");
    assert_eq!(
        optional.message,
        "required → optional: the Rust field changes from `String` to `Option<String>`"
    );
    assert_eq!(optional.rust.as_deref(), Some("cloudspec_clients::demo::store::CreateItemResponse::id"));
}

#[test]
fn report_text_and_json_shape() {
    let (_temp, new) = variant(&[
        (OP, "    note: { type: string, doc: \"A note.\" }\n", ""),
        (OP, "max_length: 100,", "max_length: 200,"),
        (OP, "summary: Create an item.", "summary: Create one item."),
        (SVC, "      - { value: green }\n", "      - { value: green }\n      - { value: blue }\n"),
    ]);
    let report = diff(&base(), &new);
    assert_eq!(report.level(), Level::Major);
    assert_eq!(report.exit_code(), 3);
    insta::assert_snapshot!("diff_text", report.render_text());
    insta::assert_snapshot!("diff_json", report.to_json());

    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["format", "level", "exit_code", "counts", "changes"]);
    let change_keys: Vec<&str> = json["changes"][0].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(change_keys, ["severity", "kind", "path", "rust", "file", "line", "message"]);
}

#[test]
fn levels_map_to_exit_codes() {
    assert_eq!([Level::None, Level::Patch, Level::Minor, Level::Major].map(Level::exit_code), [0, 0, 2, 3]);
    assert_eq!(cloudspec_cli::diff::EXIT_ERROR, 1);
    let (_temp, new) = variant(&[(OP, "summary: Create an item.", "summary: Create one item.")]);
    let patch = diff(&base(), &new);
    assert_eq!((patch.level(), patch.exit_code()), (Level::Patch, 0));
    assert!(
        patch
            .render_text()
            .ends_with("cloudspec diff: 1 change (0 major, 0 minor, 1 patch): a patch release\n")
    );
}

#[test]
fn a_tree_that_does_not_lint_is_an_error_with_its_problems() {
    let (_temp, broken) = variant(&[(OP, "count: { type: int32,", "count: { type: int33,")]);
    let error = compare(&base(), &broken).unwrap_err();
    assert_eq!(error.broken.len(), 1);
    let (side, root, diagnostics) = &error.broken[0];
    assert_eq!((*side, root.as_path()), ("new", broken.as_path()));
    assert!(diagnostics.0[0].message.contains("undefined type `int33`"), "{diagnostics}");
    let text = error.to_string();
    assert!(text.contains("the new spec tree"), "{text}");
    assert!(text.contains("new/demo/store/create_item.yaml:"), "{text}");

    // Both trees broken: both are reported.
    let error = compare(&broken, &broken).unwrap_err();
    let sides: Vec<&str> = error.broken.iter().map(|(side, _, _)| *side).collect();
    assert_eq!(sides, ["old", "new"]);

    let missing = broken.join("no-such-folder");
    let error = compare(&missing, &base()).unwrap_err();
    assert!(error.to_string().contains("cannot read the specs folder"), "{error}");
}

#[test]
fn two_different_patterns_are_treated_as_tightened() {
    let (_a, old) = variant(&[(OP, "note: { type: string,", "note: { type: string, pattern: \"^[a-z]+$\",")]);
    let (_b, new) = variant(&[(OP, "note: { type: string,", "note: { type: string, pattern: \"^a\",")]);
    let report = diff(&old, &new);
    assert_eq!(
        classify(&report),
        expected(&[(Major, K::ConstraintTightened, "demo/store/CreateItem.input.note")])
    );
    assert_eq!(
        report.changes()[0].message,
        "`pattern` `^[a-z]+$` → `^a`: changed: it may reject values accepted before"
    );
}
