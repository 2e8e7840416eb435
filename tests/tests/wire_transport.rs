//! Transport-level outcomes on loopback: a refused connection, a server slower than the
//! timeout, and the headers every request carries.

use std::time::Duration;

use cloudspec_clients::huawei::codeartsrepo::{Client, CreateFileRequest};
use cloudspec_runtime::{Error, TransportStage};
use cloudspec_tests::credentials;
use cloudspec_tests::raw_server::{Misbehaviour, RawServer, RefusingAddress};
use cloudspec_tests::received::Received;
use cloudspec_tests::responses::serve_json;
use wiremock::MockServer;

fn request() -> CreateFileRequest {
    CreateFileRequest::builder()
        .repository_id(1)
        .file_path("a.txt")
        .branch("master")
        .commit_message("m")
        .content("c")
        .build()
        .expect("valid")
}

#[tokio::test]
async fn wire_transport_refused_connection_is_a_connect_error() {
    let refusing = RefusingAddress::new();
    let client = Client::builder()
        .credentials(credentials::huawei_token())
        .allow_insecure_http()
        .endpoint(&refusing.address)
        .build()
        .unwrap();
    let error = client.create_file(&request()).await.expect_err("nothing listens");
    let Error::Transport(transport) = &error else { panic!("expected a transport error, got {error:?}") };
    assert_eq!(transport.stage, TransportStage::Connect, "the request cannot have reached a server");
    assert!(!error.to_string().contains(credentials::HUAWEI_TOKEN));
}

/// On tokio's paused clock, with a server on the same runtime that never answers: the call
/// ends exactly when its timeout says (in virtual time), after the request arrived, however
/// busy the machine is.
#[tokio::test(start_paused = true)]
async fn wire_transport_slow_server_is_a_timeout() {
    let server = RawServer::start(Misbehaviour::NeverAnswer).await;
    let timeout = Duration::from_millis(200);
    let client = Client::builder()
        .credentials(credentials::huawei_token())
        .allow_insecure_http()
        .endpoint(&server.address)
        .timeout(timeout)
        .build();
    let client = client.unwrap();
    let started = tokio::time::Instant::now();
    let error = client.create_file(&request()).await.expect_err("the server never answers");
    assert!(matches!(error, Error::Timeout(_)), "expected a timeout, got {error:?}");
    assert_eq!(started.elapsed(), timeout, "the timeout, and nothing else, ends the call");
    assert_eq!(server.requests().len(), 1, "sent once: a create is not repeated after a timeout");
}

#[tokio::test]
async fn wire_transport_every_request_names_the_client_and_accepts_json() {
    let server = MockServer::start().await;
    serve_json(&server, 201, r#"{"file_path": "a.txt", "branch": "master"}"#).await;
    let client = Client::builder()
        .credentials(credentials::huawei_token())
        .allow_insecure_http()
        .endpoint(server.uri())
        .build()
        .unwrap();
    client.create_file(&request()).await.unwrap();
    let received = Received::from(&server.received_requests().await.unwrap()[0]);
    assert!(received.header("user-agent").starts_with("cloudspec-runtime/"));
    assert_eq!(received.header("accept"), "application/json");
    assert_eq!(received.header("host"), server.uri().trim_start_matches("http://"));
}

#[tokio::test]
async fn wire_transport_endpoint_path_prefix_is_kept() {
    let server = MockServer::start().await;
    serve_json(&server, 201, r#"{"file_path": "a.txt"}"#).await;
    let client = Client::builder()
        .credentials(credentials::huawei_token())
        .allow_insecure_http()
        .endpoint(format!("{}/gateway/codehub/", server.uri()))
        .build()
        .unwrap();
    client.create_file(&request()).await.unwrap();
    let received = Received::from(&server.received_requests().await.unwrap()[0]);
    assert_eq!(received.raw_path, "/gateway/codehub/v4/repositories/1/repository/files");
}

#[tokio::test]
async fn wire_transport_header_with_a_line_break_is_refused_before_sending() {
    use cloudspec_clients::oci::aidataplatform;
    let server = MockServer::start().await;
    serve_json(&server, 201, "{}").await;
    let client = aidataplatform::Client::builder()
        .credentials(credentials::oci())
        .allow_insecure_http()
        .endpoint(server.uri())
        .build()
        .unwrap();
    let request = aidataplatform::CreateContentRequest::builder()
        .ai_data_platform_id("p")
        .workspace_key("w")
        .content_path("a")
        .opc_retry_token("abc\r\nx-injected: 1")
        .build()
        .expect("no pattern is documented for the token");
    let error = client.create_content(&request).await.expect_err("a header cannot hold a line break");
    let Error::Encode(cloudspec_runtime::EncodeError::Header(name)) = &error else { panic!("{error:?}") };
    assert_eq!(name, "opc-retry-token");
    assert!(!error.to_string().contains("x-injected"), "the value is not shown: {error}");
    assert!(server.received_requests().await.unwrap().is_empty());
}
