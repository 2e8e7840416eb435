//! Tencent Cloud WeData `CreateCodeFile` on the wire: API 3.0 JSON over `POST /`, TC3 signing,
//! results and errors inside `{"Response": …}`.

use cloudspec_clients::tencent::wedata::{
    API_VERSION, Client, CommonErrorCode, CreateCodeFileErrorCode, CreateCodeFileRequest,
    CreateCodeFileResponse,
};
use cloudspec_runtime::Error;
use cloudspec_tests::raw_server::{Misbehaviour, RawServer};
use cloudspec_tests::received::{Received, verify_tc3};
use cloudspec_tests::responses::{assert_decode_failures, assert_documented_codes, serve_json};
use cloudspec_tests::{credentials, examples};
use serde_json::{Value, json};
use std::time::Duration;
use wiremock::MockServer;

const REQUEST_ID: &str = "ed93f3cb-f35e-473f-b9f3-0d451b8b79c6";

fn operation() -> &'static cloudspec_codegen::ir::Operation {
    examples::operation("tencent", "wedata", "CreateCodeFile")
}

fn client(server: &MockServer) -> Client {
    client_at(&server.uri())
}

fn client_at(endpoint: &str) -> Client {
    Client::builder()
        .credentials(credentials::tencent())
        .region("ap-guangzhou")
        .allow_insecure_http()
        .endpoint(endpoint)
        .build()
        .expect("client configuration is complete")
}

/// The page's request example, through the typed builder.
fn documented_request() -> (CreateCodeFileRequest, Value) {
    let example =
        examples::with_status(operation(), 200)[0].request.clone().expect("the page has a request example");
    let request: CreateCodeFileRequest =
        serde_json::from_value(example.clone()).expect("the example fits the type");
    (request, example)
}

#[tokio::test]
async fn wire_tencent_create_code_file_sends_the_documented_request_signed() {
    let server = MockServer::start().await;
    serve_json(&server, 200, examples::response_body(operation(), 200)).await;
    let (request, example) = documented_request();

    let output = client(&server).create_code_file(&request).await.expect("the documented success decodes");

    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1);
    let received = Received::from(&requests[0]);
    assert_eq!(received.method, "POST");
    assert_eq!(received.raw_path, "/");
    assert_eq!(received.raw_query, None);
    assert_eq!(received.header("x-tc-action"), "CreateCodeFile");
    assert_eq!(received.header("x-tc-version"), API_VERSION);
    assert_eq!(received.header("x-tc-region"), "ap-guangzhou");
    assert_eq!(received.header("content-type"), "application/json");
    let timestamp: i64 = received.header("x-tc-timestamp").parse().expect("Unix seconds");
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    assert!((now - timestamp).abs() < 300, "X-TC-Timestamp must be within Tencent's five-minute window");
    assert_eq!(received.json(), example, "the body is the documented request, member for member");
    verify_tc3(&received, "wedata");

    // The documented success, unwrapped from `Response`, is the typed output.
    let documented: Value = serde_json::from_slice(&examples::response_body(operation(), 200)).unwrap();
    let expected: CreateCodeFileResponse = serde_json::from_value(documented["Response"].clone()).unwrap();
    assert_eq!(output, expected);
    assert_eq!(output.request_id, "a54aa353-e71f-4507-9c72-80cdbe8dbb78");
    let data = output.data.expect("the example has Data");
    assert_eq!(data.code_file_id.as_deref(), Some("2bfa8813-344f-4858-a2cc-7a07bd10ac1d"));
}

#[tokio::test]
async fn wire_tencent_error_envelope_from_the_docs_is_a_typed_service_error() {
    let server = MockServer::start().await;
    // Verbatim from Tencent's "Responses" page: failures come back with HTTP 200.
    let body = r#"{
        "Response": {
            "Error": {
                "Code": "AuthFailure.SignatureFailure",
                "Message": "The provided credentials could not be validated. Please ensure your signature is correct."
            },
            "RequestId": "ed93f3cb-f35e-473f-b9f3-0d451b8b79c6"
        }
    }"#;
    serve_json(&server, 200, body).await;
    let (request, _) = documented_request();
    let error = client(&server).create_code_file(&request).await.expect_err("Response.Error is a failure");
    let Error::Service(service) = &error else { panic!("expected a service error, got {error:?}") };
    assert_eq!(service.code, CreateCodeFileErrorCode::Common(CommonErrorCode::AuthFailureSignatureFailure));
    assert_eq!(service.status, 200);
    assert_eq!(service.request_id.as_deref(), Some(REQUEST_ID));
    assert!(service.message.starts_with("The provided credentials could not be validated"));
    assert_eq!(error.request_id(), Some(REQUEST_ID));
    let shown = error.to_string();
    assert!(shown.contains("AuthFailure.SignatureFailure") && shown.contains(REQUEST_ID), "{shown}");
}

#[tokio::test]
async fn wire_tencent_every_documented_error_code_is_typed() {
    let server = MockServer::start().await;
    let (request, _) = documented_request();
    let client = client(&server);
    let envelope = |code: &str, _status: Option<u16>| {
        let body = json!({"Response": {"Error": {"Code": code, "Message": "m"}, "RequestId": REQUEST_ID}});
        (200, serde_json::to_vec(&body).unwrap(), None)
    };
    assert_documented_codes(&server, operation(), envelope, REQUEST_ID, || client.create_code_file(&request))
        .await;
}

/// The page lists `FailedOperation`, also one of Tencent's common codes: the operation's own
/// variant wins. A common code the page does not list is `Common(..)`; any other is `Unknown`.
#[tokio::test]
async fn wire_tencent_error_codes_decode_own_first_then_common_then_unknown() {
    let server = MockServer::start().await;
    let (request, _) = documented_request();
    let client = client(&server);
    let cases = [
        ("FailedOperation", CreateCodeFileErrorCode::FailedOperation),
        ("InvalidParameterValue", CreateCodeFileErrorCode::Common(CommonErrorCode::InvalidParameterValue)),
        (
            "AuthFailure.TokenFailure",
            CreateCodeFileErrorCode::Common(CommonErrorCode::AuthFailureTokenFailure),
        ),
        (
            "InvalidParameterValue.New",
            CreateCodeFileErrorCode::Unknown("InvalidParameterValue.New".to_owned()),
        ),
    ];
    for (code, expected) in cases {
        let body = json!({"Response": {"Error": {"Code": code, "Message": "m"}, "RequestId": REQUEST_ID}});
        serve_json(&server, 200, serde_json::to_vec(&body).unwrap()).await;
        let error = client.create_code_file(&request).await.expect_err("Response.Error is a failure");
        let service = error.as_service().expect("a service error");
        assert_eq!(service.code, expected, "{code}");
        assert_eq!(service.code.as_str(), code, "the code reads back verbatim");
        assert_eq!(service.raw_code, code);
    }
}

#[tokio::test]
async fn wire_tencent_unknown_error_code_is_kept_verbatim() {
    let server = MockServer::start().await;
    let body = json!({"Response": {"Error": {"Code": "FailedOperation.NewThing", "Message": "new"}, "RequestId": REQUEST_ID}});
    serve_json(&server, 200, serde_json::to_vec(&body).unwrap()).await;
    let (request, _) = documented_request();
    let error = client(&server).create_code_file(&request).await.expect_err("an error");
    let service = error.as_service().expect("a service error");
    assert_eq!(service.code, CreateCodeFileErrorCode::Unknown("FailedOperation.NewThing".to_owned()));
}

#[tokio::test]
async fn wire_tencent_broken_responses_are_decode_errors() {
    let server = MockServer::start().await;
    let (request, _) = documented_request();
    let client = client(&server);
    assert_decode_failures(&server, 200, || client.create_code_file(&request)).await;
}

#[tokio::test]
async fn wire_tencent_invalid_request_is_refused_before_sending() {
    let server = MockServer::start().await;
    let (mut request, _) = documented_request();
    request.parent_folder_path = "no-leading-slash".to_owned();
    let error = client(&server).create_code_file(&request).await.expect_err("the pattern ^/ is broken");
    let Error::Validation(validation) = &error else { panic!("expected a validation error, got {error:?}") };
    assert!(validation.concerns("ParentFolderPath"), "{validation}");
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing may be sent");
}

/// On tokio's paused clock, with a server on the same runtime: the calls take no time of their
/// own, so the time that passes is exactly the spacing the rate limiter imposed, however busy
/// the machine is.
#[tokio::test(start_paused = true)]
async fn wire_tencent_documented_rate_limit_is_shared_by_clones() {
    let server = RawServer::start(Misbehaviour::AnswerJson(r#"{"Response": {"RequestId": "r"}}"#)).await;
    let (request, _) = documented_request();
    let client = client_at(&server.address);
    let clone = client.clone();
    let started = tokio::time::Instant::now();
    // 21 calls at the documented 20 per second, half through a clone: 20 spacings of 50 ms put
    // the 21st one second after the first, because clones share one schedule.
    for i in 0..21 {
        let which = if i % 2 == 0 { &client } else { &clone };
        which.create_code_file(&request).await.expect("success");
    }
    let limited = started.elapsed();
    assert!(limited >= Duration::from_secs(1), "{limited:?}");
    assert!(limited < Duration::from_millis(1050), "no more than the 20 spacings: {limited:?}");
    let unlimited = client.with_rate_limit(cloudspec_runtime::RateLimit::Off);
    let started = tokio::time::Instant::now();
    for _ in 0..21 {
        unlimited.create_code_file(&request).await.expect("success");
    }
    assert_eq!(started.elapsed(), Duration::ZERO, "switched off, nothing waits");
    assert_eq!(server.requests().len(), 42);
}

/// The SDK model types `CreateTime`/`UpdateTime` as plain strings: a created file whose times
/// come back empty, with fractional seconds or in another layout is still a success, with the
/// raw text kept and the parsed value present only for the documented `yyyy-MM-dd HH:mm:ss`.
/// `VersionId`, in the SDK model but not on the page, is decoded too.
#[tokio::test]
async fn wire_tencent_sdk_shaped_times_and_version_id_decode() {
    let server = MockServer::start().await;
    let body = json!({
        "Response": {
            "Data": {
                "CodeFileId": "2bfa8813-344f-4858-a2cc-7a07bd10ac1d",
                "CreateTime": "",
                "UpdateTime": "2025-09-17 18:51:32.123",
                "VersionId": "8c1a2b3c-0001"
            },
            "RequestId": "a54aa353-e71f-4507-9c72-80cdbe8dbb78"
        }
    });
    serve_json(&server, 200, serde_json::to_vec(&body).unwrap()).await;
    let (request, _) = documented_request();
    let output = client(&server).create_code_file(&request).await.expect("a created file is a success");
    let data = output.data.expect("Data");
    let created = data.create_time.expect("CreateTime is present");
    assert_eq!((created.text(), created.value()), ("", None));
    let updated = data.update_time.expect("UpdateTime is present");
    assert_eq!((updated.text(), updated.value()), ("2025-09-17 18:51:32.123", None));
    assert_eq!(data.version_id.as_deref(), Some("8c1a2b3c-0001"));

    // The documented format still parses.
    let documented: CreateCodeFileResponse =
        serde_json::from_slice::<Value>(&examples::response_body(operation(), 200))
            .map(|v| serde_json::from_value(v["Response"].clone()).unwrap())
            .unwrap();
    let create_time = documented.data.and_then(|d| d.create_time).expect("the example has CreateTime");
    assert_eq!(create_time.value(), Some(&time::macros::datetime!(2025-09-17 18:51:32)));
    assert_eq!(create_time.text(), "2025-09-17 18:51:32");
}
