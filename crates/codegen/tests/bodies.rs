//! Request bodies no vendor operation in `specs/` uses yet, emitted from a small spec tree: a raw
//! (`binary`) upload with a query parameter beside it. The rendered method must send the bytes as
//! they are and the parameter by itself, the builder must take bytes or a stream, and the file
//! must parse as Rust. (Bare JSON request bodies are covered on the wire by Huawei
//! `UpdateProtectedTag`; binary and bare responses by `ShowFileRaw`, `ListTrees`, `CreateDir`.)

use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).expect("a writable temporary folder");
}

#[test]
fn binary_request_body_is_sent_raw_with_its_query_parameters_alone() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let service = dir.path().join("acme/objects");
    std::fs::create_dir_all(&service).unwrap();
    write(
        &service,
        "service.yaml",
        "provider: acme\nservice: objects\ntitle: Acme Objects\ndocs: https://docs.example.com\n\
         protocol: huawei_rest\napi_version: \"v1\"\nendpoint:\n  url: https://objects.{region}.example.com\n\
         auth:\n  - scheme: huawei_iam_token\n",
    );
    write(
        &service,
        "put_object.yaml",
        "operation: PutObject\nsummary: Store an object.\ndocs: https://docs.example.com/put-object\n\
         http: { method: PUT, path: \"/objects/{key}\" }\nidempotent: true\n\
         input:\n  fields:\n\
         \x20   key: { type: string, location: path, required: true, min_length: 1 }\n\
         \x20   version: { type: int64, location: query }\n\
         \x20   storage_class: { type: StorageClass, location: query }\n\
         \x20   content: { type: binary, location: payload, required: true, example: hello }\n\
         output:\n  fields:\n    ETag: { type: string, location: header, rust_name: etag }\n\
         types:\n  StorageClass:\n    values:\n      - { value: STANDARD }\n      - { value: COLD }\n",
    );
    let (_, files) = cloudspec_codegen::render(dir.path()).expect("the tree is valid");
    let file = files.iter().find(|f| f.path.ends_with("put_object.rs")).expect("the operation's file");
    let text = &file.contents;
    for expected in [
        "call.binary_body(&request.content, \"application/octet-stream\");",
        "if let Some(value) = &request.version {\n            call.query(\"version\", value.to_string());",
        "call.query(\"storage_class\", value.as_str());",
        "pub content: cloudspec_runtime::BinaryBody,",
        "pub fn content(self, value: impl Into<cloudspec_runtime::BinaryBody>) -> PutObjectRequestBuilder<Key, cloudspec_runtime::BinaryBody>",
        ".content(String::from(\"hello\"))",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
    assert!(!text.contains("json_body") && !text.contains("query_document"), "no JSON document:\n{text}");
    syn::parse_file(text).unwrap_or_else(|e| panic!("not Rust ({e}):\n{text}"));
}
