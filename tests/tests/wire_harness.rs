//! The wire suites' signature checks must be able to fail: each verifier accepts a request the
//! client signed, and rejects the same request with one byte of it changed.

use std::panic::{AssertUnwindSafe, catch_unwind};

use cloudspec_tests::credentials;
use cloudspec_tests::received::{Received, verify_acs3, verify_apig, verify_oci, verify_tc3};
use cloudspec_tests::responses::serve_json;
use wiremock::MockServer;

/// Changes one part of a received request.
type Tamper = fn(&mut Received);

/// Runs `verify` on the received request as it arrived (must pass) and after each tampering
/// (must fail).
fn assert_verifier_detects_tampering(received: &Received, verify: impl Fn(&Received)) {
    verify(received);
    let tamperings: [(&str, Tamper); 3] = [
        ("body byte", |r| r.body.push(b' ')),
        ("path", |r| r.raw_path.push('x')),
        ("host", |r| {
            let host = r.headers.iter_mut().find(|(n, _)| n == "host").expect("host arrived");
            host.1.push('1');
        }),
    ];
    for (what, tamper) in tamperings {
        let mut changed = received.clone();
        tamper(&mut changed);
        let outcome = catch_unwind(AssertUnwindSafe(|| verify(&changed)));
        assert!(outcome.is_err(), "a changed {what} still verified");
    }
}

async fn last_request(server: &MockServer) -> Received {
    let requests = server.received_requests().await.expect("recording is on");
    Received::from(requests.last().expect("one request arrived"))
}

#[tokio::test]
async fn wire_harness_tc3_verifier_rejects_tampering() {
    use cloudspec_clients::tencent::wedata::{Client, CreateCodeFileRequest};
    let server = MockServer::start().await;
    serve_json(&server, 200, r#"{"Response": {"RequestId": "r"}}"#).await;
    let client = Client::builder()
        .credentials(credentials::tencent())
        .region("ap-guangzhou")
        .allow_insecure_http()
        .endpoint(server.uri())
        .build()
        .unwrap();
    let request = CreateCodeFileRequest::builder()
        .project_id("1")
        .code_file_name("a.py")
        .parent_folder_path("/")
        .build()
        .unwrap();
    client.create_code_file(&request).await.unwrap();
    assert_verifier_detects_tampering(&last_request(&server).await, |r| verify_tc3(r, "wedata"));
}

#[tokio::test]
async fn wire_harness_acs3_verifier_rejects_tampering() {
    use cloudspec_clients::alibaba::dataworks::{Client, CreateResourceRequest, FlowSpec};
    let server = MockServer::start().await;
    serve_json(&server, 200, r#"{"RequestId": "r", "Id": 1}"#).await;
    let client = Client::builder()
        .credentials(credentials::alibaba())
        .allow_insecure_http()
        .endpoint(server.uri())
        .build()
        .unwrap();
    let spec: FlowSpec =
        serde_json::from_value(serde_json::json!({"version": "1.1.0", "kind": "Resource", "spec": {}}))
            .unwrap();
    let request = CreateResourceRequest::builder().project_id(1).spec(spec).build().unwrap();
    client.create_resource(&request).await.unwrap();
    assert_verifier_detects_tampering(&last_request(&server).await, verify_acs3);
}

#[tokio::test]
async fn wire_harness_apig_verifier_rejects_tampering() {
    use cloudspec_clients::huawei::codeartsrepo::{Client, CreateFileRequest};
    let server = MockServer::start().await;
    serve_json(&server, 201, r#"{"file_path": "a", "branch": "master"}"#).await;
    let client = Client::builder()
        .credentials(credentials::huawei_aksk())
        .allow_insecure_http()
        .endpoint(server.uri())
        .build()
        .unwrap();
    let request = CreateFileRequest::builder()
        .repository_id(7)
        .file_path("a")
        .branch("master")
        .commit_message("m")
        .content("c")
        .build()
        .unwrap();
    client.create_file(&request).await.unwrap();
    assert_verifier_detects_tampering(&last_request(&server).await, verify_apig);
}

#[tokio::test]
async fn wire_harness_oci_verifier_rejects_tampering() {
    use cloudspec_clients::oci::aidataplatform::{Client, CreateContentRequest};
    let server = MockServer::start().await;
    let body = r#"{"content": null, "created": "2026-01-01T00:00:00Z", "format": null, "last_modified": "2026-01-01T00:00:00Z",
        "mimetype": null, "name": "a", "path": "a", "type": "file", "writable": true}"#;
    serve_json(&server, 201, body).await;
    let client = Client::builder()
        .credentials(credentials::oci())
        .allow_insecure_http()
        .endpoint(server.uri())
        .build()
        .unwrap();
    let request = CreateContentRequest::builder()
        .ai_data_platform_id("p")
        .workspace_key("w")
        .content_path("a")
        .build()
        .unwrap();
    client.create_content(&request).await.unwrap();
    assert_verifier_detects_tampering(&last_request(&server).await, verify_oci);
}
