//! `cloudspec export openapi`: the documents of the seed specs and of a synthetic tree hold
//! the structural rules of OpenAPI 3.1 that matter to a consumer (every `$ref` resolves, every
//! path template has its required path parameters and nothing else, parameters are unique,
//! operation ids are unique, security requirements name declared schemes, `required` names
//! declared properties, only `x-` keys beyond the standard ones), the seed specs' constructs
//! come out exactly, and the output is deterministic. Their OpenAPI 3.0 form
//! (`--openapi-version 3.0`) holds the same rules and 3.0's schema dialect: only 3.0's schema
//! keywords, one type name per `type`, no `null` type, boolean exclusive bounds, no `$ref`
//! beside other keywords. Full validation against the OpenAPI schemas is done by
//! `crates/codegen/tests/openapi_validate.sh` (Python's openapi-spec-validator), which CI does not run.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use cloudspec_codegen::export_openapi::{self, ExportedService, OpenApiVersion};
use serde_json::{Value, json};

fn specs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../specs")
}

/// How many services the specs tree holds (its `<provider>/<service>/service.yaml` files): one
/// document each, whatever services are added later.
fn service_files_in_specs() -> usize {
    let dirs = |path: &std::path::Path| -> Vec<PathBuf> {
        let entries = std::fs::read_dir(path).expect("specs folder is readable");
        entries.map(|entry| entry.expect("readable entry").path()).filter(|path| path.is_dir()).collect()
    };
    dirs(&specs_dir())
        .iter()
        .flat_map(|provider| dirs(provider))
        .filter(|service| service.join("service.yaml").is_file())
        .count()
}

fn export_seeds() -> Vec<ExportedService> {
    export_seeds_as(OpenApiVersion::V3_1)
}

fn export_seeds_as(version: OpenApiVersion) -> Vec<ExportedService> {
    let ir = cloudspec_codegen::lint(&specs_dir()).unwrap_or_else(|d| panic!("{}", d.render_plain()));
    export_openapi::export_as(&ir, version)
}

fn seed(name: &str) -> Value {
    seed_as(name, OpenApiVersion::V3_1)
}

fn seed_as(name: &str, version: OpenApiVersion) -> Value {
    export_seeds_as(version)
        .into_iter()
        .find(|s| s.qualified_name == name)
        .unwrap_or_else(|| panic!("no document for {name}"))
        .document
}

const OPERATION_KEYS: &[&str] = &[
    "tags",
    "summary",
    "description",
    "externalDocs",
    "operationId",
    "parameters",
    "requestBody",
    "responses",
    "callbacks",
    "deprecated",
    "security",
    "servers",
];
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const JSON_TYPES: &[&str] = &["string", "integer", "number", "boolean", "array", "object", "null"];
/// The fixed fields of OpenAPI 3.0's Schema Object; anything else must be an `x-` extension.
const SCHEMA_30_KEYS: &[&str] = &[
    "$ref",
    "title",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "required",
    "enum",
    "type",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "items",
    "properties",
    "additionalProperties",
    "description",
    "format",
    "default",
    "nullable",
    "discriminator",
    "readOnly",
    "writeOnly",
    "xml",
    "externalDocs",
    "example",
    "deprecated",
];

/// Every rule of OpenAPI 3.1 broken by `document`, empty when it holds them all.
fn problems(document: &Value) -> Vec<String> {
    problems_as(document, OpenApiVersion::V3_1)
}

/// Every rule of OpenAPI `version` broken by `document`, empty when it holds them all.
fn problems_as(document: &Value, version: OpenApiVersion) -> Vec<String> {
    let mut problems = Vec::new();
    if document["openapi"] != json!(version.declared()) {
        problems.push(format!("openapi is {}", document["openapi"]));
    }
    for key in ["title", "version"] {
        if !document["info"][key].is_string() {
            problems.push(format!("info.{key} is not a string"));
        }
    }
    let schemes: BTreeSet<&str> = document["components"]["securitySchemes"]
        .as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default();
    for requirement in document["security"].as_array().into_iter().flatten() {
        for name in requirement.as_object().into_iter().flat_map(|m| m.keys()) {
            if !schemes.contains(name.as_str()) {
                problems.push(format!("security names the undeclared scheme {name}"));
            }
        }
    }
    let mut operation_ids = BTreeSet::new();
    let Some(paths) = document["paths"].as_object() else {
        problems.push("paths is not an object".into());
        return problems;
    };
    for (key, item) in paths {
        if !key.starts_with('/') {
            problems.push(format!("path {key} does not start with /"));
        }
        let template: BTreeSet<String> = template_names(key.split('#').next().unwrap_or_default());
        for (method, operation) in item.as_object().into_iter().flatten() {
            let at = format!("{method} {key}");
            if !METHODS.contains(&method.as_str()) {
                problems.push(format!("{at}: not an HTTP method"));
                continue;
            }
            for name in operation.as_object().into_iter().flat_map(|m| m.keys()) {
                if !OPERATION_KEYS.contains(&name.as_str()) && !name.starts_with("x-") {
                    problems.push(format!("{at}: unknown key {name}"));
                }
            }
            match operation["operationId"].as_str() {
                Some(id) if !operation_ids.insert(id.to_owned()) => {
                    problems.push(format!("{at}: operationId {id} is not unique"))
                }
                Some(_) => {}
                None => problems.push(format!("{at}: no operationId")),
            }
            let mut seen = BTreeSet::new();
            let mut in_path = BTreeSet::new();
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                let (Some(name), Some(location)) = (parameter["name"].as_str(), parameter["in"].as_str())
                else {
                    problems.push(format!("{at}: a parameter without name or in"));
                    continue;
                };
                if !["path", "query", "header", "cookie"].contains(&location) {
                    problems.push(format!("{at}: parameter {name} is in {location}"));
                }
                if !seen.insert((name.to_ascii_lowercase(), location)) {
                    problems.push(format!("{at}: parameter {name} in {location} twice"));
                }
                if parameter.get("schema").is_none() {
                    problems.push(format!("{at}: parameter {name} has no schema"));
                }
                if location == "path" {
                    in_path.insert(name.to_owned());
                    if parameter["required"] != json!(true) {
                        problems.push(format!("{at}: path parameter {name} is not required"));
                    }
                }
            }
            if in_path != template {
                problems.push(format!(
                    "{at}: path parameters {in_path:?} differ from the template's {template:?}"
                ));
            }
            match operation["responses"].as_object() {
                Some(responses) if !responses.is_empty() => {
                    for (status, response) in responses {
                        let valid_status = status == "default"
                            || (status.len() == 3 && status.chars().all(|c| c.is_ascii_digit()));
                        if !valid_status {
                            problems.push(format!("{at}: response key {status}"));
                        }
                        if !response["description"].is_string() {
                            problems.push(format!("{at}: response {status} has no description"));
                        }
                    }
                }
                _ => problems.push(format!("{at}: no responses")),
            }
        }
    }
    let mut schemas = Vec::new();
    collect_schemas(document, &mut schemas);
    for schema in schemas {
        check_schema(document, schema, &mut problems);
        if version == OpenApiVersion::V3_0 {
            check_schema_30(schema, &mut problems);
        }
    }
    problems
}

fn template_names(path: &str) -> BTreeSet<String> {
    path.split('{').skip(1).filter_map(|rest| rest.split_once('}')).map(|(name, _)| name.to_owned()).collect()
}

/// Every object that sits where a schema goes (parameter, media type and header `schema`,
/// component schemas), recursively through `properties`, `items`, `additionalProperties`,
/// `allOf`/`anyOf`/`oneOf` and `contentSchema`; examples and defaults are data, not schemas.
fn collect_schemas<'a>(value: &'a Value, out: &mut Vec<&'a Value>) {
    if let Some(map) = value.as_object() {
        for (key, child) in map {
            match key.as_str() {
                "schema" | "items" | "additionalProperties" | "contentSchema" => walk_schema(child, out),
                // Literal data, whatever member names it has.
                "example" | "examples" | "default" | "const" | "enum" => {}
                "schemas" => {
                    child.as_object().into_iter().flat_map(|m| m.values()).for_each(|s| walk_schema(s, out))
                }
                _ => collect_schemas(child, out),
            }
        }
    } else if let Some(items) = value.as_array() {
        items.iter().for_each(|item| collect_schemas(item, out));
    }
}

fn walk_schema<'a>(schema: &'a Value, out: &mut Vec<&'a Value>) {
    if !schema.is_object() {
        out.push(schema);
        return;
    }
    out.push(schema);
    for key in ["items", "additionalProperties", "contentSchema"] {
        if let Some(child) = schema.get(key).filter(|c| c.is_object()) {
            walk_schema(child, out);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        schema[key].as_array().into_iter().flatten().for_each(|child| walk_schema(child, out));
    }
    schema["properties"]
        .as_object()
        .into_iter()
        .flat_map(|m| m.values())
        .for_each(|child| walk_schema(child, out));
}

fn check_schema(document: &Value, schema: &Value, problems: &mut Vec<String>) {
    let Some(map) = schema.as_object() else {
        problems.push(format!("a schema is not an object: {schema}"));
        return;
    };
    if let Some(target) = map.get("$ref") {
        let resolved = target
            .as_str()
            .and_then(|t| t.strip_prefix("#/components/schemas/"))
            .is_some_and(|name| document["components"]["schemas"].get(name).is_some());
        if !resolved {
            problems.push(format!("$ref {target} does not resolve"));
        }
    }
    // JSON Schema 2020-12 (OpenAPI 3.1) allows one type name or a non-empty array of them.
    let is_type_name = |t: &Value| t.as_str().is_some_and(|t| JSON_TYPES.contains(&t));
    if let Some(ty) = map.get("type")
        && !(is_type_name(ty)
            || ty.as_array().is_some_and(|all| !all.is_empty() && all.iter().all(is_type_name)))
    {
        problems.push(format!("type {ty} is not a JSON Schema type"));
    }
    if let Some(required) = map.get("required") {
        let properties = map.get("properties").and_then(Value::as_object);
        for name in required.as_array().into_iter().flatten() {
            if !properties.is_some_and(|p| name.as_str().is_some_and(|n| p.contains_key(n))) {
                problems.push(format!("required {name} is not a property"));
            }
        }
    }
    if let Some(values) = map.get("enum")
        && values.as_array().is_none_or(|v| v.is_empty())
    {
        problems.push("an enum is empty".into());
    }
    for key in ["minLength", "maxLength", "minItems", "maxItems"] {
        if map.get(key).is_some_and(|v| !v.is_u64()) {
            problems.push(format!("{key} is not a non-negative integer"));
        }
    }
    if map.get("multipleOf").is_some_and(|v| !v.as_f64().is_some_and(|m| m > 0.0)) {
        problems.push("multipleOf is not positive".into());
    }
}

/// The rules of 3.0's schema dialect (an extended subset of JSON Schema draft 5).
fn check_schema_30(schema: &Value, problems: &mut Vec<String>) {
    let Some(map) = schema.as_object() else { return };
    for key in map.keys() {
        if !SCHEMA_30_KEYS.contains(&key.as_str()) && !key.starts_with("x-") {
            problems.push(format!("{key} is not an OpenAPI 3.0 schema keyword"));
        }
    }
    if let Some(ty) = map.get("type")
        && (!ty.is_string() || ty == "null")
    {
        problems.push(format!("type {ty} is not an OpenAPI 3.0 type"));
    }
    for key in ["exclusiveMinimum", "exclusiveMaximum", "nullable", "deprecated"] {
        if map.get(key).is_some_and(|v| !v.is_boolean()) {
            problems.push(format!("{key} is not a boolean"));
        }
    }
    if map.contains_key("$ref") && map.len() > 1 {
        problems.push("a $ref has sibling keywords, which OpenAPI 3.0 ignores".into());
    }
}

fn assert_valid(exported: &ExportedService) {
    assert_valid_as(exported, OpenApiVersion::V3_1);
}

fn assert_valid_as(exported: &ExportedService, version: OpenApiVersion) {
    let problems = problems_as(&exported.document, version);
    assert!(problems.is_empty(), "{}:\n{}", exported.qualified_name, problems.join("\n"));
}

#[test]
fn every_seed_service_exports_a_valid_document() {
    let exported = export_seeds();
    assert_eq!(exported.len(), service_files_in_specs());
    exported.iter().for_each(assert_valid);
}

#[test]
fn a_synthetic_tree_exports_valid_documents_with_every_operation() {
    let dir = tempfile::tempdir().expect("temp dir");
    cloudspec_xtask::synth::synth(dir.path(), 300, 7).expect("synth writes");
    let ir = cloudspec_codegen::lint(dir.path()).unwrap_or_else(|d| panic!("{}", d.render_plain()));
    let exported = export_openapi::export(&ir);
    assert_eq!(exported.len(), ir.services.len());
    exported.iter().for_each(assert_valid);
    let exported_operations: usize = exported
        .iter()
        .flat_map(|s| s.document["paths"].as_object().unwrap().values())
        .map(|item| item.as_object().unwrap().len())
        .sum();
    assert_eq!(exported_operations, ir.operation_count());
}

#[test]
fn the_checker_finds_broken_documents() {
    let mut document = seed("huawei/codeartsrepo");
    assert!(problems(&document).is_empty());
    let operation = document["paths"]["/v4/repositories/{repository_id}/repository/files"]["post"]
        .as_object_mut()
        .unwrap();
    operation.insert("parameters".into(), json!([]));
    operation.insert("bogus".into(), json!(1));
    document["components"]["schemas"]["Dangling"] = json!({ "$ref": "#/components/schemas/Nowhere" });
    let found = problems(&document).join("\n");
    assert!(found.contains("differ from the template"), "{found}");
    assert!(found.contains("unknown key bogus"), "{found}");
    assert!(found.contains("does not resolve"), "{found}");
}

#[test]
fn export_is_deterministic() {
    let render =
        || export_seeds().iter().map(|s| serde_json::to_string(&s.document).unwrap()).collect::<Vec<_>>();
    assert_eq!(render(), render());
}

#[test]
fn the_cli_writes_one_document_per_service() {
    let out = tempfile::tempdir().expect("temp dir");
    let specs = specs_dir();
    let output = Command::new(env!("CARGO_BIN_EXE_cloudspec"))
        .args(["export", "openapi", "--specs"])
        .arg(&specs)
        .arg("--out")
        .arg(out.path())
        .output()
        .expect("the binary runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    for exported in export_seeds() {
        let text =
            std::fs::read_to_string(out.path().join(&exported.file_name)).expect("the file was written");
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), exported.document);
    }
    let bad = Command::new(env!("CARGO_BIN_EXE_cloudspec"))
        .args(["export", "swagger", "--out"])
        .arg(out.path())
        .output()
        .expect("the binary runs");
    assert!(!bad.status.success(), "an unknown format is refused");
}

#[test]
fn the_seed_constructs_are_exported_exactly() {
    // Tencent: an action on the shared URL, its constant headers, a pattern, the rate limit,
    // the envelope and the signing scheme.
    let tencent = seed("tencent/wedata");
    let create = &tencent["paths"]["/#CreateCodeFile"]["post"];
    assert_eq!(
        create["parameters"][0],
        json!({ "name": "X-TC-Action", "in": "header", "required": true, "schema": { "type": "string", "const": "CreateCodeFile" } })
    );
    assert_eq!(create["parameters"][2]["name"], json!("X-TC-Region"));
    let request = &create["requestBody"]["content"]["application/json"]["schema"];
    assert_eq!(request["properties"]["ParentFolderPath"]["pattern"], json!("^/"));
    assert_eq!(request["required"], json!(["ProjectId", "CodeFileName", "ParentFolderPath"]));
    assert_eq!(create["x-cloudspec-rate-limit"], json!({ "requests_per_second": 20.0 }));
    let success = &create["responses"]["200"]["content"]["application/json"]["schema"];
    assert_eq!(success["required"], json!(["Response"]));
    assert_eq!(tencent["security"], json!([{ "tc3_hmac_sha256": [] }]));
    assert_eq!(
        tencent["components"]["securitySchemes"]["tc3_hmac_sha256"]["x-cloudspec-signing"],
        json!({ "scheme": "tc3_hmac_sha256", "signing_name": "wedata" })
    );

    // Huawei: a path parameter with its integer range; both schemes, the token one native.
    let huawei = seed("huawei/codeartsrepo");
    let parameter =
        &huawei["paths"]["/v4/repositories/{repository_id}/repository/files"]["post"]["parameters"][0];
    assert_eq!(parameter["in"], json!("path"));
    assert_eq!(parameter["schema"]["format"], json!("int32"));
    assert_eq!(
        (&parameter["schema"]["minimum"], &parameter["schema"]["maximum"]),
        (&json!(1), &json!(2147483647))
    );
    let token = &huawei["components"]["securitySchemes"]["huawei_iam_token"];
    assert_eq!(
        (&token["type"], &token["in"], &token["name"]),
        (&json!("apiKey"), &json!("header"), &json!("X-Auth-Token"))
    );
    assert!(huawei["components"]["securitySchemes"]["huawei_aksk"]["x-cloudspec-signing"].is_object());

    // DataWorks: an RPC form body with a json-in-string member.
    let dataworks = seed("alibaba/dataworks");
    let body = &dataworks["paths"]["/#CreateResource"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"];
    let spec = &body["schema"]["properties"]["Spec"];
    assert_eq!(spec["contentMediaType"], json!("application/json"));
    assert_eq!(spec["contentSchema"], json!({ "$ref": "#/components/schemas/FlowSpec" }));
    assert_eq!(spec["x-cloudspec-json-string"], json!(true));

    // PDS: a bearer token is OpenAPI's own scheme.
    let pds = seed("alibaba/pds");
    let bearer = &pds["components"]["securitySchemes"]["bearer_token"];
    assert_eq!((&bearer["type"], &bearer["scheme"]), (&json!("http"), &json!("bearer")));

    // OCI: header parameters, the 201 with its response headers, an enum, error statuses.
    let oci = seed("oci/aidataplatform");
    let create = oci["paths"].as_object().unwrap().values().next().unwrap()["post"].clone();
    let headers: Vec<&str> = create["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["in"] == json!("header"))
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(headers.contains(&"opc-retry-token"), "{headers:?}");
    assert!(create["responses"]["201"]["headers"].get("etag").is_some());
    assert_eq!(oci["components"]["schemas"]["ContentType"]["enum"], json!(["notebook", "file", "directory"]));
    assert!(create["responses"].as_object().unwrap().keys().any(|status| status.starts_with('4')));
}

#[test]
fn every_seed_service_exports_a_valid_openapi_30_document() {
    let exported = export_seeds_as(OpenApiVersion::V3_0);
    assert_eq!(exported.len(), service_files_in_specs());
    exported.iter().for_each(|s| assert_valid_as(s, OpenApiVersion::V3_0));
}

#[test]
fn a_synthetic_tree_exports_valid_openapi_30_documents_with_every_operation() {
    let dir = tempfile::tempdir().expect("temp dir");
    cloudspec_xtask::synth::synth(dir.path(), 200, 3).expect("synth writes");
    let ir = cloudspec_codegen::lint(dir.path()).unwrap_or_else(|d| panic!("{}", d.render_plain()));
    let exported = export_openapi::export_as(&ir, OpenApiVersion::V3_0);
    assert_eq!(exported.len(), ir.services.len());
    exported.iter().for_each(|s| assert_valid_as(s, OpenApiVersion::V3_0));
    let exported_operations: usize = exported
        .iter()
        .flat_map(|s| s.document["paths"].as_object().unwrap().values())
        .map(|item| item.as_object().unwrap().len())
        .sum();
    assert_eq!(exported_operations, ir.operation_count());
}

#[test]
fn the_30_checker_finds_31_constructs() {
    // A 3.1 document that merely claims to be 3.0 breaks 3.0's schema dialect in each way the
    // exporter's 3.1 output can.
    let mut document = seed("tencent/wedata");
    document["openapi"] = json!("3.0.3");
    let found = problems_as(&document, OpenApiVersion::V3_0).join("\n");
    for expected in [
        "const is not an OpenAPI 3.0 schema keyword",
        "examples is not an OpenAPI 3.0 schema keyword",
        "type \"null\" is not an OpenAPI 3.0 type",
        "a $ref has sibling keywords",
    ] {
        assert!(found.contains(expected), "{expected} not found in:\n{found}");
    }
    let mut dataworks = seed("alibaba/dataworks");
    dataworks["openapi"] = json!("3.0.3");
    let found = problems_as(&dataworks, OpenApiVersion::V3_0).join("\n");
    assert!(found.contains("type [\"integer\",\"string\"] is not an OpenAPI 3.0 type"), "{found}");
    assert!(found.contains("contentMediaType is not an OpenAPI 3.0 schema keyword"), "{found}");
    assert!(
        problems_as(&seed("tencent/wedata"), OpenApiVersion::V3_0)
            .iter()
            .any(|p| p.starts_with("openapi is")),
        "the declared version is checked"
    );
}

#[test]
fn the_seed_constructs_take_their_30_forms() {
    let tencent = seed_as("tencent/wedata", OpenApiVersion::V3_0);
    let create = &tencent["paths"]["/#CreateCodeFile"]["post"];
    // `const` is a one-value enum.
    assert_eq!(create["parameters"][0]["schema"], json!({ "type": "string", "enum": ["CreateCodeFile"] }));
    // A nullable reference: `nullable` beside the reference, which `allOf` keeps in force.
    let data = &create["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["Response"]
        ["properties"]["Data"];
    assert_eq!(
        data,
        &json!({ "description": "Result", "allOf": [{ "$ref": "#/components/schemas/CodeFile" }], "nullable": true })
    );

    // `examples: [v]` is `example: v`; the bounds and the rest of the schema are unchanged.
    let huawei = seed_as("huawei/codeartsrepo", OpenApiVersion::V3_0);
    let schema = &huawei["paths"]["/v4/repositories/{repository_id}/repository/files"]["post"]["parameters"]
        [0]["schema"];
    assert_eq!(schema["example"], json!(100001));
    assert!(schema.get("examples").is_none());
    assert_eq!((&schema["minimum"], &schema["maximum"]), (&json!(1), &json!(2147483647)));

    // A number-or-string value is one of two types; a json-in-string field keeps its content
    // schema in extensions.
    let dataworks = seed_as("alibaba/dataworks", OpenApiVersion::V3_0);
    let operation = &dataworks["paths"]["/#CreateResource"]["post"];
    let id = &operation["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["Id"];
    assert_eq!(id["anyOf"], json!([{ "type": "integer" }, { "type": "string" }]));
    assert!(id.get("type").is_none());
    let spec = &operation["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]["properties"]
        ["Spec"];
    assert_eq!(spec["type"], json!("string"));
    assert_eq!(spec["x-cloudspec-content-media-type"], json!("application/json"));
    assert_eq!(spec["x-cloudspec-content-schema"], json!({ "$ref": "#/components/schemas/FlowSpec" }));

    // Outside schemas the document is the 3.1 one.
    let tencent_31 = seed("tencent/wedata");
    for key in ["info", "servers", "security"] {
        assert_eq!(tencent[key], tencent_31[key], "{key}");
    }
    assert_eq!(tencent["components"]["securitySchemes"], tencent_31["components"]["securitySchemes"]);
}

#[test]
fn the_cli_writes_openapi_30_documents_on_request() {
    let out = tempfile::tempdir().expect("temp dir");
    let output = Command::new(env!("CARGO_BIN_EXE_cloudspec"))
        .args(["export", "openapi", "--openapi-version", "3.0", "--specs"])
        .arg(specs_dir())
        .arg("--out")
        .arg(out.path())
        .output()
        .expect("the binary runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let first = export_seeds_as(OpenApiVersion::V3_0);
    for exported in &first {
        let text =
            std::fs::read_to_string(out.path().join(&exported.file_name)).expect("the file was written");
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), exported.document);
    }
    let render = |all: &[ExportedService]| {
        all.iter().map(|s| serde_json::to_string(&s.document).unwrap()).collect::<Vec<_>>()
    };
    assert_eq!(
        render(&first),
        render(&export_seeds_as(OpenApiVersion::V3_0)),
        "the 3.0 form is deterministic"
    );

    let bad = Command::new(env!("CARGO_BIN_EXE_cloudspec"))
        .args(["export", "openapi", "--openapi-version", "2.0", "--out"])
        .arg(out.path())
        .output()
        .expect("the binary runs");
    assert!(!bad.status.success(), "an unknown version is refused");
    assert!(String::from_utf8_lossy(&bad.stderr).contains("expected 3.0 or 3.1"));
}
