//! `<provider>/provider.yaml`: what the services of one provider and protocol share. A service
//! has its protocol's section implicitly; repeating a shared definition is an error; problems in
//! the provider file are located there and reported once, however many services share it.

use std::path::Path;

use cloudspec_codegen::ir::Ir;

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A service without error envelope or codes of its own, plus `extra` (YAML lines) at the end.
fn service(provider: &str, name: &str, protocol: &str, extra: &str) -> String {
    let scheme = match protocol {
        "huawei_rest" => "huawei_iam_token",
        _ => "oci_rsa_sha256",
    };
    format!(
        "provider: {provider}\nservice: {name}\ntitle: Acme {name}\ndocs: https://docs.example.com/{name}\n\
         protocol: {protocol}\napi_version: \"20240101\"\nendpoint:\n  url: https://{name}.{{region}}.example.com\n\
         auth:\n  - scheme: {scheme}\n{extra}"
    )
}

const GET_WIDGET: &str = "operation: GetWidget\nsummary: Get a widget.\ndocs: https://docs.example.com/get\n\
     http: { method: GET, path: /widgets }\nidempotent: true\ninput: {}\n\
     output:\n  fields:\n    id: { type: string, required: true }\n\
     errors:\n  - { code: WidgetGone, status: 410 }\n";

const PROVIDER: &str = "provider: acme\nprotocols:\n  oci_rest:\n    error_shape: ErrorBody\n    types:\n      \
     ErrorBody:\n        fields:\n          code: { type: string, required: true }\n    errors:\n      \
     - { code: NotAuthenticated, status: 401 }\n      - { code: TooManyRequests, status: 429 }\n  \
     huawei_rest:\n    errors:\n      - { code: APIGW.0301, status: 401 }\n";

fn lint(root: &Path) -> Result<Ir, cloudspec_codegen::Diagnostics> {
    cloudspec_codegen::lint(root)
}

fn codes(errors: &[cloudspec_codegen::ir::ErrorCode]) -> Vec<&str> {
    errors.iter().filter_map(|e| e.code.as_deref()).collect()
}

#[test]
fn each_service_has_the_shared_definitions_of_its_own_protocol() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    write(root, "acme/provider.yaml", PROVIDER);
    let own = "errors:\n  - { code: WidgetLocked, status: 409 }\n";
    write(root, "acme/widgets/service.yaml", &service("acme", "widgets", "oci_rest", own));
    write(root, "acme/widgets/get_widget.yaml", GET_WIDGET);
    write(root, "acme/gadgets/service.yaml", &service("acme", "gadgets", "oci_rest", ""));
    write(root, "acme/things/service.yaml", &service("acme", "things", "huawei_rest", ""));
    let ir = lint(root).unwrap_or_else(|e| panic!("{e}"));
    let by_name = |name: &str| ir.services.iter().find(|s| s.name == name).unwrap();

    let widgets = by_name("widgets");
    assert_eq!(widgets.error_shape.as_deref(), Some("ErrorBody"));
    assert_eq!(widgets.types.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["ErrorBody"]);
    assert_eq!(codes(&widgets.errors), ["NotAuthenticated", "TooManyRequests", "WidgetLocked"]);
    // An operation's codes: its own first, then the service's, shared ones included.
    let op = &widgets.operations[0];
    assert_eq!(codes(&op.errors), ["WidgetGone", "NotAuthenticated", "TooManyRequests", "WidgetLocked"]);

    let gadgets = by_name("gadgets");
    assert_eq!(gadgets.error_shape.as_deref(), Some("ErrorBody"));
    assert_eq!(codes(&gadgets.errors), ["NotAuthenticated", "TooManyRequests"]);

    // Another protocol, another section: no envelope, its own shared code.
    let things = by_name("things");
    assert_eq!(things.error_shape, None);
    assert!(things.types.is_empty());
    assert_eq!(codes(&things.errors), ["APIGW.0301"]);
}

#[test]
fn a_service_that_repeats_a_shared_definition_is_told_where_it_is_shared() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    write(root, "acme/provider.yaml", PROVIDER);
    let repeated = "error_shape: ErrorBody\ntypes:\n  ErrorBody:\n    fields:\n      code: { type: string }\n\
                    errors:\n  - { code: TooManyRequests, status: 429 }\n";
    write(root, "acme/widgets/service.yaml", &service("acme", "widgets", "oci_rest", repeated));
    let problems = lint(root).expect_err("a shared definition repeated");
    let found: Vec<(String, String, String)> = problems
        .0
        .iter()
        .map(|d| {
            (
                d.location().rsplit_once(&*root_name(root)).unwrap().1.to_owned(),
                d.message.clone(),
                d.hint.clone(),
            )
        })
        .collect();
    let service_file = "/acme/widgets/service.yaml";
    assert_eq!(found.len(), 3, "{problems}");
    assert_eq!(found[0].0, format!("{service_file}:11:14"), "{problems}");
    assert!(found[0].1.contains("`error_shape` is already given by"), "{problems}");
    assert_eq!(found[1].0, format!("{service_file}:13:3"), "{problems}");
    assert_eq!(found[1].1, "type `ErrorBody` is declared twice");
    assert!(found[1].2.contains("provider.yaml declares it for every `oci_rest` service"), "{problems}");
    assert_eq!(found[2].0, format!("{service_file}:17:5"), "{problems}");
    assert_eq!(found[2].1, "error code `TooManyRequests` is already listed in the provider file");
}

fn root_name(root: &Path) -> String {
    root.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn a_problem_in_the_provider_file_is_located_there_and_reported_once() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    let broken =
        PROVIDER.replace("code: { type: string, required: true }", "code: { type: strnig, required: true }");
    write(root, "acme/provider.yaml", &broken);
    for name in ["widgets", "gadgets"] {
        write(root, &format!("acme/{name}/service.yaml"), &service("acme", name, "oci_rest", ""));
    }
    let problems = lint(root).expect_err("an undefined type in the shared envelope");
    assert_eq!(problems.len(), 1, "once, although two services share it:\n{problems}");
    let problem = &problems.0[0];
    let line = broken.lines().position(|l| l.contains("strnig")).unwrap() + 1;
    let column = broken.lines().nth(line - 1).unwrap().find("strnig").unwrap() + 1;
    assert_eq!(problem.location(), format!("{}/acme/provider.yaml:{line}:{column}", root_name(root)));
    assert!(problem.hint.contains("did you mean `string`?"), "{problems}");
}

#[test]
fn a_provider_file_with_a_typo_in_a_protocol_or_its_folder_is_refused() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    let broken =
        PROVIDER.replace("huawei_rest:", "huawei_rst:").replace("provider: acme", "provider: acme-corp");
    write(root, "acme/provider.yaml", &broken);
    write(root, "acme/widgets/service.yaml", &service("acme", "widgets", "oci_rest", ""));
    let problems = lint(root).expect_err("a typo'd protocol key");
    let messages: Vec<&str> = problems.0.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        ["provider `acme-corp` does not match its folder `acme`", "`huawei_rst` is not a protocol"],
        "{problems}"
    );
    assert!(problems.0[1].hint.contains("did you mean `huawei_rest`?"), "{problems}");
}

#[test]
fn linting_one_operation_file_reads_the_provider_file_above_its_service() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    write(root, "acme/provider.yaml", PROVIDER);
    write(root, "acme/widgets/service.yaml", &service("acme", "widgets", "oci_rest", ""));
    // An error example needs an error shape: here the provider file's.
    let with_error_example = format!(
        "{GET_WIDGET}examples:\n  - title: Throttled\n    status: 429\n    response: {{ code: TooManyRequests }}\n"
    );
    write(root, "acme/widgets/get_widget.yaml", &with_error_example);
    let ir = lint(&root.join("acme/widgets/get_widget.yaml")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ir.services[0].error_shape.as_deref(), Some("ErrorBody"));
    assert_eq!(codes(&ir.services[0].errors), ["NotAuthenticated", "TooManyRequests"]);
}

/// `--specs <provider>/provider.yaml` checks the file with the services that share it (its
/// provider folder), so linting it alone never passes a definition no service could use.
#[test]
fn linting_the_provider_file_alone_checks_it_with_the_services_that_share_it() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    write(root, "acme/provider.yaml", PROVIDER);
    write(root, "acme/widgets/service.yaml", &service("acme", "widgets", "oci_rest", ""));
    write(root, "acme/widgets/get_widget.yaml", GET_WIDGET);
    write(root, "other/gadgets/service.yaml", &service("other", "gadgets", "oci_rest", ""));
    let ir = lint(&root.join("acme/provider.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let services: Vec<String> = ir.services.iter().map(|s| s.qualified_name()).collect();
    assert_eq!(services, ["acme/widgets"], "the provider's services only");

    write(root, "acme/provider.yaml", &PROVIDER.replace("status: 429", "status: 4290"));
    let problems = lint(&root.join("acme/provider.yaml")).expect_err("a status out of range");
    assert_eq!(problems.len(), 1, "{problems}");
    assert!(
        problems.0[0].location().starts_with(&format!("{}/acme/provider.yaml:", root_name(root))),
        "{problems}"
    );
}

/// The real Tencent and Alibaba RPC services keep their envelope and common codes in their
/// provider files, and still have them.
#[test]
fn the_real_services_have_their_providers_shared_definitions() {
    let ir = lint(&common::repo_specs()).unwrap_or_else(|e| panic!("{e}"));
    for (provider, name, shape, first_code) in [
        ("tencent", "wedata", "ErrorResponse", "AuthFailure.InvalidAuthorization"),
        ("tencent", "sts", "ErrorResponse", "AuthFailure.InvalidAuthorization"),
        ("alibaba", "dataworks", "ErrorBody", "MissingParameter"),
        ("alibaba", "sts", "ErrorBody", "MissingParameter"),
    ] {
        let service = ir.services.iter().find(|s| s.provider == provider && s.name == name).unwrap();
        assert_eq!(service.error_shape.as_deref(), Some(shape), "{provider}/{name}");
        assert_eq!(codes(&service.errors).first().copied(), Some(first_code), "{provider}/{name}");
    }
}

mod common;
