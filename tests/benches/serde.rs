//! Each seed operation's request serialized, validated, and its success response deserialized
//! through the generated types: the per-call CPU cost of the generated code itself (the
//! transport's `json_body` is `serde_json::to_vec`, `Response::json` is `serde_json::from_slice`).
//!
//! The documents are the specs' own examples where the page printed one, and a document of the
//! same shape written here where it did not (OCI prints none; PDS and DataWorks print only a
//! response).
//!
//! Run: `cargo bench -p cloudspec-tests --bench serde`

use std::hint::black_box;

use cloudspec_clients::{alibaba, huawei, oci, tencent};
use cloudspec_runtime::Validate;
use cloudspec_tests::examples::operation;
use criterion::{Criterion, criterion_group, criterion_main};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// The first example request of `provider/service/op`, if the page printed one.
fn example_request(provider: &str, service: &str, op: &str) -> Option<Value> {
    operation(provider, service, op).examples.iter().find_map(|e| e.request.clone())
}

/// The first success response of `provider/service/op`, at `pointer` (`/Response` for Tencent).
fn example_response(provider: &str, service: &str, op: &str, pointer: &str) -> Option<Value> {
    operation(provider, service, op)
        .examples
        .iter()
        .filter(|e| e.status < 300)
        .find_map(|e| e.response.as_ref()?.pointer(pointer).cloned())
}

fn bench<Req, Resp>(c: &mut Criterion, name: &str, request: Value, response: Value)
where
    Req: Serialize + DeserializeOwned + Validate,
    Resp: DeserializeOwned,
{
    let request: Req = serde_json::from_value(request).unwrap_or_else(|e| panic!("{name}: request: {e}"));
    let body = serde_json::to_vec(&response).expect("a JSON value serializes");
    serde_json::from_slice::<Resp>(&body).unwrap_or_else(|e| panic!("{name}: response: {e}"));
    let mut group = c.benchmark_group(format!("serde/{name}"));
    group.bench_function("serialize_request", |b| b.iter(|| serde_json::to_vec(black_box(&request))));
    group.bench_function("validate_request", |b| b.iter(|| black_box(&request).validate()));
    group.bench_function("deserialize_response", |b| {
        b.iter(|| serde_json::from_slice::<Resp>(black_box(&body)))
    });
    group.finish();
}

fn seeds(c: &mut Criterion) {
    bench::<tencent::wedata::CreateCodeFileRequest, tencent::wedata::CreateCodeFileResponse>(
        c,
        "tencent_create_code_file",
        example_request("tencent", "wedata", "CreateCodeFile").expect("the page prints a request"),
        example_response("tencent", "wedata", "CreateCodeFile", "/Response")
            .expect("the page prints a response"),
    );

    // The page prints no example: a copy request and the created notebook.
    bench::<oci::aidataplatform::CreateContentRequest, oci::aidataplatform::CreateContentResponse>(
        c,
        "oci_create_content",
        json!({ "copy_from": "/path/to/OtherNotebook.ipynb", "ext": ".ipynb", "type": "notebook" }),
        json!({
            "content": { "cells": [], "metadata": { "kernelspec": { "name": "python3" } }, "nbformat": 4, "nbformat_minor": 5 },
            "created": "2026-04-30T08:11:27.292Z",
            "description": "Copy of OtherNotebook",
            "format": "json",
            "hash": null,
            "hash_algorithm": null,
            "last_modified": "2026-04-30T08:11:27.292Z",
            "mimetype": null,
            "name": "OtherNotebook-Copy1.ipynb",
            "path": "/path/to/OtherNotebook-Copy1.ipynb",
            "size": 72,
            "type": "notebook",
            "writable": true
        }),
    );

    bench::<huawei::codeartsrepo::CreateFileRequest, huawei::codeartsrepo::CreateFileResponse>(
        c,
        "huawei_create_file",
        example_request("huawei", "codeartsrepo", "CreateFile").expect("the page prints a request"),
        example_response("huawei", "codeartsrepo", "CreateFile", "").expect("the page prints a response"),
    );

    // The page prints only a response: the request is a typical multipart upload start.
    bench::<alibaba::pds::CreateFileRequest, alibaba::pds::CreateFileResponse>(
        c,
        "pds_create_file",
        json!({
            "name": "report.pdf", "type": "file", "parent_file_id": "root", "drive_id": "1", "size": 10485760,
            "content_type": "application/pdf", "check_name_mode": "auto_rename",
            "part_info_list": [ { "part_number": 1 }, { "part_number": 2 } ],
            "user_tags": [ { "key": "team", "value": "finance" } ],
            "local_created_at": "2019-08-20T06:51:27.292Z"
        }),
        example_response("alibaba", "pds", "CreateFile", "").expect("the page prints a response"),
    );

    // The page prints only a response: the request carries the field examples.
    bench::<alibaba::dataworks::CreateResourceRequest, alibaba::dataworks::CreateResourceResponse>(
        c,
        "dataworks_create_resource",
        json!({
            "ProjectId": 123456,
            "Spec": "{ \"version\": \"1.1.0\", \"kind\": \"Resource\", \"spec\": { \"fileResources\": [ { \"name\": \"OpenAPITestResource.py\", \"script\": { \"content\": \"\", \"path\": \"XX/OpenAPITest/ResourcesTest/OpenAPITestResource.py\", \"runtime\": { \"command\": \"ODPS_PYTHON\" } }, \"type\": \"python\", \"file\": { \"storage\": {} }, \"datasource\": { \"name\": \"odps_first\", \"type\": \"odps\" } } ] } }",
            "ResourceFile": "http://bucketname1.oss-cn-shanghai.aliyuncs.com/example"
        }),
        example_response("alibaba", "dataworks", "CreateResource", "").expect("the page prints a response"),
    );
}

criterion_group!(benches, seeds);
criterion_main!(benches);
