//! Huawei Cloud CodeArts Repo `CreateFile` on the wire: REST with a numeric path id, an IAM
//! `X-Auth-Token` (or AK/SK signing), `{error_code, error_msg}` errors.

use cloudspec_clients::huawei::codeartsrepo::{
    Client, CreateFileErrorCode, CreateFileRequest, CreateFileResponse,
};
use cloudspec_runtime::Error;
use cloudspec_tests::received::{Received, verify_apig};
use cloudspec_tests::responses::{
    assert_decode_failures, assert_documented_codes, assert_error_examples, serve, serve_json,
};
use cloudspec_tests::{credentials, examples};
use serde_json::{Value, json};
use wiremock::{MockServer, ResponseTemplate};

const REQUEST_ID: &str = "c6b3c4a0e5b24f5e9d1c7a2f8e3b6d10";

fn operation() -> &'static cloudspec_codegen::ir::Operation {
    examples::operation("huawei", "codeartsrepo", "CreateFile")
}

fn token_client(server: &MockServer) -> Client {
    Client::builder()
        .credentials(credentials::huawei_token())
        .allow_insecure_http()
        .endpoint(server.uri())
        .build()
        .expect("complete")
}

fn aksk_client(server: &MockServer) -> Client {
    Client::builder()
        .credentials(credentials::huawei_aksk())
        .allow_insecure_http()
        .endpoint(server.uri())
        .build()
        .expect("complete")
}

/// The page's request example (its values are masked with `*` on the page and kept so).
fn documented_request() -> (CreateFileRequest, Value) {
    let example = examples::with_status(operation(), 201)[0].request.clone().expect("a request example");
    let mut request: CreateFileRequest = serde_json::from_value(example.clone()).expect("the example fits");
    request.repository_id = 2_111_863;
    (request, example)
}

#[tokio::test]
async fn wire_huawei_create_file_with_token_sends_the_documented_request() {
    let server = MockServer::start().await;
    serve_json(&server, 201, examples::response_body(operation(), 201)).await;
    let (request, example) = documented_request();

    let output = token_client(&server).create_file(&request).await.expect("201 decodes");

    let received = Received::from(&server.received_requests().await.unwrap()[0]);
    assert_eq!(received.method, "POST");
    assert_eq!(received.raw_path, "/v4/repositories/2111863/repository/files");
    assert_eq!(received.raw_query, None);
    assert_eq!(received.header("x-auth-token"), credentials::HUAWEI_TOKEN);
    assert!(!received.has_header("authorization"), "a token call carries no signature");
    assert_eq!(received.header("content-type"), "application/json");
    assert_eq!(received.json(), example);

    let documented: CreateFileResponse =
        serde_json::from_slice(&examples::response_body(operation(), 201)).unwrap();
    assert_eq!(output, documented);
    assert_eq!(output.branch.as_deref(), Some("master"));
}

#[tokio::test]
async fn wire_huawei_create_file_with_aksk_is_signed() {
    let server = MockServer::start().await;
    serve_json(&server, 201, examples::response_body(operation(), 201)).await;
    let (request, example) = documented_request();
    aksk_client(&server).create_file(&request).await.expect("201 decodes");
    let received = Received::from(&server.received_requests().await.unwrap()[0]);
    assert!(!received.has_header("x-auth-token"));
    let date = received.header("x-sdk-date");
    assert!(date.len() == 16 && date.ends_with('Z'), "X-Sdk-Date is YYYYMMDDTHHMMSSZ: {date}");
    assert_eq!(received.json(), example);
    verify_apig(&received);
}

#[tokio::test]
async fn wire_huawei_error_examples_from_the_page_are_typed() {
    let server = MockServer::start().await;
    let client = token_client(&server);
    let (request, _) = documented_request();
    assert_error_examples(&server, operation(), Some(("X-Request-Id", REQUEST_ID)), || {
        client.create_file(&request)
    })
    .await;
}

#[tokio::test]
async fn wire_huawei_every_documented_error_code_is_typed() {
    let server = MockServer::start().await;
    let client = token_client(&server);
    let (request, _) = documented_request();
    let envelope = |code: &str, status: Option<u16>| {
        let body = json!({"error_code": code, "error_msg": "documented failure"});
        (status.unwrap_or(400), serde_json::to_vec(&body).unwrap(), Some(("X-Request-Id", REQUEST_ID)))
    };
    assert_documented_codes(&server, operation(), envelope, REQUEST_ID, || client.create_file(&request))
        .await;
}

#[tokio::test]
async fn wire_huawei_gateway_error_carries_its_own_request_id() {
    let server = MockServer::start().await;
    // The APIG FAQ's example, completed into valid JSON (the page cuts the message short).
    let body = r#"{
      "error_msg": "Incorrect IAM authentication information: verify aksk signature fail",
      "error_code": "APIG.0301",
      "request_id": "4a2b0c1d9e8f7a6b5c4d3e2f1a0b9c8d"
    }"#;
    serve(&server, ResponseTemplate::new(401).set_body_raw(body, "application/json")).await;
    let (request, _) = documented_request();
    let error = aksk_client(&server).create_file(&request).await.expect_err("401");
    let Error::Service(service) = &error else { panic!("expected a service error, got {error:?}") };
    assert_eq!(service.code, CreateFileErrorCode::Apig0301);
    assert_eq!(service.request_id.as_deref(), Some("4a2b0c1d9e8f7a6b5c4d3e2f1a0b9c8d"));
}

#[tokio::test]
async fn wire_huawei_broken_responses_are_decode_errors() {
    let server = MockServer::start().await;
    let client = token_client(&server);
    let (request, _) = documented_request();
    assert_decode_failures(&server, 201, || client.create_file(&request)).await;
}

#[tokio::test]
async fn wire_huawei_repository_id_out_of_range_is_refused_before_sending() {
    let server = MockServer::start().await;
    let (mut request, _) = documented_request();
    request.repository_id = 0;
    let error = token_client(&server).create_file(&request).await.expect_err("minimum is 1");
    assert!(matches!(&error, Error::Validation(v) if v.concerns("repository_id")), "{error:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// Huawei services other than the API gateway answer `{code, message}`, which the Huawei SDKs
/// read as well as `{error_code, error_msg}` (huaweicloudsdkcore's DefaultExceptionHandler), also
/// one object down. Each shape is a typed service error, not a decode error.
#[tokio::test]
async fn wire_huawei_code_message_error_bodies_are_service_errors() {
    let bodies = [
        json!({"code": "CH.00402000", "message": "The repository does not exist."}),
        json!({"errorCode": "CH.00402000", "errorMsg": "The repository does not exist."}),
        json!({"error": {"code": "CH.00402000", "message": "The repository does not exist."}}),
    ];
    for body in bodies {
        let server = MockServer::start().await;
        let template = ResponseTemplate::new(404)
            .insert_header("X-Request-Id", REQUEST_ID)
            .set_body_raw(serde_json::to_vec(&body).unwrap(), "application/json");
        serve(&server, template).await;
        let (request, _) = documented_request();
        let error = token_client(&server).create_file(&request).await.expect_err("404");
        let Error::Service(service) = &error else {
            panic!("{body}: expected a service error, got {error:?}")
        };
        assert_eq!(service.code, CreateFileErrorCode::Ch00402000, "{body}");
        assert_eq!(service.message, "The repository does not exist.", "{body}");
        assert_eq!(service.request_id.as_deref(), Some(REQUEST_ID), "{body}");
    }
}
