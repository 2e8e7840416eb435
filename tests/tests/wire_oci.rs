//! OCI AI Data Platform notebook contents (`CreateContent`, `GetContent`, `UpdateContent`,
//! `ModifyContent`, `DeleteContent`) on the wire: REST with path parameters, `opc-*`
//! headers, an rsa-sha256 HTTP signature, the 201 response's headers as typed output.

use cloudspec_clients::oci::aidataplatform::{
    Client, CommonErrorCode, Content, ContentFormat, ContentType, CreateContentDetails,
    CreateContentErrorCode, CreateContentRequest, DeleteContentErrorCode, DeleteContentRequest,
    GetContentRequest, ModifyContentDetails, ModifyContentRequest, RequestedContentFormat,
    UpdateContentDetails, UpdateContentRequest,
};
use cloudspec_runtime::Error;
use cloudspec_tests::received::{Received, verify_oci};
use cloudspec_tests::responses::{assert_decode_failures, assert_documented_codes, serve, serve_json};
use cloudspec_tests::{credentials, examples};
use serde_json::json;
use wiremock::{MockServer, ResponseTemplate};

const PLATFORM: &str = "ocid1.aidataplatform.oc1.iad.amaaaaaexample";
const REQUEST_ID: &str = "3B8E9F2D4C1A4B7E8D6F5A3C2B1E0D9F/7A6B5C4D3E2F1A0B";

fn operation() -> &'static cloudspec_codegen::ir::Operation {
    examples::operation("oci", "aidataplatform", "CreateContent")
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .credentials(credentials::oci())
        .allow_insecure_http()
        .endpoint(server.uri())
        .build()
        .expect("complete configuration")
}

fn request(content_path: &str) -> CreateContentRequest {
    CreateContentRequest::builder()
        .ai_data_platform_id(PLATFORM)
        .workspace_key("ws-main")
        .content_path(content_path)
        .datalake_tenant_id("tenant-42")
        .opc_request_id("client-req-1")
        .opc_retry_token("retry-token-0001")
        .should_update_recent(true)
        .create_content_details(
            CreateContentDetails::builder()
                .copy_from("/path/to/OtherNotebook.ipynb")
                .ext(".ipynb")
                .type_(ContentType::Notebook)
                .build(),
        )
        .build()
        .expect("a valid request")
}

/// The page prints the 201 schema but no example body, so this one is written from the schema
/// (root schema `Content`), with every required member.
fn created_body() -> serde_json::Value {
    json!({
        "content": null,
        "created": "2026-11-25T09:30:00.123Z",
        "format": null,
        "last_modified": "2026-11-25T09:30:00.123Z",
        "mimetype": null,
        "name": "naïve.ipynb",
        "path": "dir/sub dir/naïve.ipynb",
        "size": 72,
        "type": "notebook",
        "writable": true
    })
}

#[tokio::test]
async fn wire_oci_create_content_sends_encoded_path_headers_and_signature() {
    let server = MockServer::start().await;
    serve(
        &server,
        ResponseTemplate::new(201)
            .set_body_raw(serde_json::to_vec(&created_body()).unwrap(), "application/json")
            .insert_header("Location", "/api/contents/dir/sub%20dir/na%C3%AFve.ipynb")
            .insert_header("etag", "W/\"etag-1\"")
            .insert_header("opc-request-id", REQUEST_ID)
            .insert_header("opc-work-request-id", "ocid1.workrequest.oc1..wr1"),
    )
    .await;

    // Nested folders, a space and non-ASCII: one segment, every reserved byte encoded.
    let output =
        client(&server).create_content(&request("dir/sub dir/naïve.ipynb")).await.expect("201 decodes");

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let received = Received::from(&requests[0]);
    assert_eq!(received.method, "POST");
    assert_eq!(
        received.raw_path,
        format!(
            "/20260430/aiDataPlatforms/{PLATFORM}/workspaces/ws-main/notebook/api/contents/dir%2Fsub%20dir%2Fna%C3%AFve.ipynb"
        )
    );
    assert_eq!(received.raw_query, None);
    assert_eq!(received.header("datalake-tenant-id"), "tenant-42");
    assert_eq!(received.header("opc-request-id"), "client-req-1");
    assert_eq!(received.header("opc-retry-token"), "retry-token-0001");
    assert_eq!(received.header("should-update-recent"), "true");
    assert_eq!(received.header("content-type"), "application/json");
    // The payload is the whole body: CreateContentDetails, not wrapped in a member.
    assert_eq!(
        received.json(),
        json!({"copy_from": "/path/to/OtherNotebook.ipynb", "ext": ".ipynb", "type": "notebook"})
    );
    verify_oci(&received);

    assert_eq!(output.location.as_deref(), Some("/api/contents/dir/sub%20dir/na%C3%AFve.ipynb"));
    assert_eq!(output.etag.as_deref(), Some("W/\"etag-1\""));
    assert_eq!(output.opc_request_id.as_deref(), Some(REQUEST_ID));
    assert_eq!(output.opc_work_request_id.as_deref(), Some("ocid1.workrequest.oc1..wr1"));
    assert_eq!(output.content.name, "naïve.ipynb");
    assert_eq!(output.content.type_, ContentType::Notebook);
    assert_eq!(output.content.size, Some(72));
    assert!(output.content.writable);
}

#[tokio::test]
async fn wire_oci_plain_names_stay_readable_in_the_path() {
    let server = MockServer::start().await;
    serve_json(&server, 201, serde_json::to_vec(&created_body()).unwrap()).await;
    client(&server).create_content(&request("Untitled-1.ipynb")).await.expect("201 decodes");
    let received = Received::from(&server.received_requests().await.unwrap()[0]);
    assert!(received.raw_path.ends_with("/notebook/api/contents/Untitled-1.ipynb"), "{}", received.raw_path);
    verify_oci(&received);
}

#[tokio::test]
async fn wire_oci_error_body_and_request_id_header_give_a_typed_error() {
    let server = MockServer::start().await;
    serve(
        &server,
        ResponseTemplate::new(401)
            .set_body_raw(
                r#"{"code": "NotAuthenticated", "message": "The required information to complete authentication was not provided or was incorrect."}"#,
                "application/json",
            )
            .insert_header("opc-request-id", REQUEST_ID),
    )
    .await;
    let error = client(&server).create_content(&request("a.ipynb")).await.expect_err("401");
    let Error::Service(service) = &error else { panic!("expected a service error, got {error:?}") };
    assert_eq!(service.code, CreateContentErrorCode::Common(CommonErrorCode::NotAuthenticated));
    assert_eq!(service.status, 401);
    assert_eq!(service.request_id.as_deref(), Some(REQUEST_ID));
    assert!(service.message.starts_with("The required information"));
}

#[tokio::test]
async fn wire_oci_every_documented_error_code_is_typed() {
    let server = MockServer::start().await;
    let client = client(&server);
    let request = request("a.ipynb");
    let envelope = |code: &str, status: Option<u16>| {
        let body = json!({"code": code, "message": "documented failure"});
        (status.unwrap_or(400), serde_json::to_vec(&body).unwrap(), Some(("opc-request-id", REQUEST_ID)))
    };
    assert_documented_codes(&server, operation(), envelope, REQUEST_ID, || client.create_content(&request))
        .await;
}

#[tokio::test]
async fn wire_oci_broken_responses_are_decode_errors() {
    let server = MockServer::start().await;
    let client = client(&server);
    let request = request("a.ipynb");
    assert_decode_failures(&server, 201, || client.create_content(&request)).await;
}

#[tokio::test]
async fn wire_oci_empty_path_parameter_is_refused_before_sending() {
    let server = MockServer::start().await;
    let mut request = request("a.ipynb");
    request.content_path.clear();
    let error = client(&server).create_content(&request).await.expect_err("an empty segment");
    assert!(matches!(&error, Error::Validation(v) if v.concerns("contentPath")), "{error:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// The SDK refuses a CreateContent call without CreateContentDetails and so always sends a JSON
/// body; the page leaves the body optional. A request with no details set still carries the
/// body the SDK would send for empty details: `{}` as JSON.
#[tokio::test]
async fn wire_oci_unset_details_are_sent_as_the_empty_body_the_sdk_requires() {
    let server = MockServer::start().await;
    serve_json(&server, 201, serde_json::to_vec(&created_body()).unwrap()).await;
    let request = CreateContentRequest::builder()
        .ai_data_platform_id(PLATFORM)
        .workspace_key("ws-main")
        .content_path("Untitled-1.ipynb")
        .build()
        .expect("a valid request");
    assert!(request.create_content_details.is_none());
    client(&server).create_content(&request).await.expect("201 decodes");
    let received = Received::from(&server.received_requests().await.unwrap()[0]);
    assert_eq!(received.header("content-type"), "application/json");
    assert_eq!(received.json(), json!({}));
    verify_oci(&received);
}

/// A file's model as the notebook API answers a GET with content, written from the root schema
/// Content (the pages print no example body).
fn file_body() -> serde_json::Value {
    json!({
        "content": "print('hello')\n",
        "created": "2026-11-25T09:30:00Z",
        "format": "text",
        "hash": "4c2a1b",
        "hash_algorithm": "sha256",
        "last_modified": "2026-11-25T10:00:00Z",
        "mimetype": "text/x-python",
        "name": "hello.py",
        "path": "dir/hello.py",
        "size": 15,
        "type": "file",
        "writable": true
    })
}

fn received_one(requests: &[wiremock::Request]) -> Received {
    assert_eq!(requests.len(), 1);
    Received::from(&requests[0])
}

#[tokio::test]
async fn wire_oci_get_content_sends_the_query_and_decodes_headers_and_model() {
    let server = MockServer::start().await;
    serve(
        &server,
        ResponseTemplate::new(200)
            .set_body_raw(serde_json::to_vec(&file_body()).unwrap(), "application/json")
            .insert_header("etag", "\"e-7\"")
            .insert_header("opc-request-id", REQUEST_ID)
            .insert_header("Last-Modified", "Wed, 25 Nov 2026 10:00:00 GMT"),
    )
    .await;
    let request = GetContentRequest::builder()
        .ai_data_platform_id(PLATFORM)
        .workspace_key("ws-main")
        .content_path("dir/hello.py")
        .type_(ContentType::File)
        .format(RequestedContentFormat::Text)
        .content(1)
        .hash(1)
        .opc_request_id("client-req-2")
        .should_update_recent(false)
        .build()
        .expect("a valid request");
    let output = client(&server).get_content(&request).await.expect("200 decodes");

    let received = received_one(&server.received_requests().await.unwrap());
    assert_eq!(received.method, "GET");
    assert_eq!(
        received.raw_path,
        format!(
            "/20260430/aiDataPlatforms/{PLATFORM}/workspaces/ws-main/notebook/api/contents/dir%2Fhello.py"
        )
    );
    let mut query: Vec<&str> = received.raw_query.as_deref().unwrap().split('&').collect();
    query.sort_unstable();
    assert_eq!(query, ["content=1", "format=text", "hash=1", "type=file"]);
    assert_eq!(received.header("opc-request-id"), "client-req-2");
    assert_eq!(received.header("should-update-recent"), "false");
    assert!(received.body.is_empty(), "a GET carries no body");
    verify_oci(&received);

    assert_eq!(output.etag.as_deref(), Some("\"e-7\""));
    assert_eq!(output.opc_request_id.as_deref(), Some(REQUEST_ID));
    assert_eq!(output.last_modified.map(|t| t.unix_timestamp()), Some(1_795_600_800));
    assert_eq!(output.content.content, Some(json!("print('hello')\n")));
    assert_eq!(output.content.format, Some(ContentFormat::Text));
    assert_eq!(output.content.hash_algorithm.as_deref(), Some("sha256"));
    assert_eq!(output.content.type_, ContentType::File);
}

/// One operation for both shapes (as in the SDK): a directory's model carries its entries,
/// content-free models, in `content`.
#[tokio::test]
async fn wire_oci_get_content_of_a_directory_lists_its_entries_in_content() {
    let server = MockServer::start().await;
    let mut entry = file_body();
    entry["content"] = json!(null);
    entry["format"] = json!(null);
    let directory = json!({
        "content": [entry],
        "created": "2026-11-25T09:00:00Z",
        "format": "json",
        "last_modified": "2026-11-25T10:00:00Z",
        "mimetype": null,
        "name": "dir",
        "path": "dir",
        "size": null,
        "type": "directory",
        "writable": true
    });
    serve_json(&server, 200, serde_json::to_vec(&directory).unwrap()).await;
    let request = GetContentRequest::builder()
        .ai_data_platform_id(PLATFORM)
        .workspace_key("ws-main")
        .content_path("dir")
        .build()
        .expect("a valid request");
    let output = client(&server).get_content(&request).await.expect("200 decodes");
    let received = received_one(&server.received_requests().await.unwrap());
    assert_eq!(received.raw_query, None, "no query parameter set, none sent");
    verify_oci(&received);
    assert_eq!(output.content.type_, ContentType::Directory);
    let entries: Vec<Content> =
        serde_json::from_value(output.content.content.clone().unwrap()).expect("entries are Content models");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].path, "dir/hello.py");
    assert_eq!(entries[0].content, None);
}

#[tokio::test]
async fn wire_oci_get_content_query_flags_outside_0_and_1_are_refused() {
    let server = MockServer::start().await;
    let built = GetContentRequest::builder()
        .ai_data_platform_id(PLATFORM)
        .workspace_key("ws-main")
        .content_path("a.py")
        .hash(2)
        .build();
    assert!(matches!(&built, Err(v) if v.concerns("hash")), "{built:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn wire_oci_update_content_puts_the_model_with_if_match() {
    let server = MockServer::start().await;
    let mut saved = file_body();
    saved["content"] = json!(null);
    saved["format"] = json!(null);
    serve(
        &server,
        ResponseTemplate::new(200)
            .set_body_raw(serde_json::to_vec(&saved).unwrap(), "application/json")
            .insert_header("Location", "/api/contents/dir/hello.py")
            .insert_header("etag", "\"e-8\"")
            .insert_header("opc-request-id", REQUEST_ID)
            .insert_header("opc-work-request-id", "ocid1.workrequest.oc1..wr2"),
    )
    .await;
    let request = UpdateContentRequest::builder()
        .ai_data_platform_id(PLATFORM)
        .workspace_key("ws-main")
        .content_path("dir/hello.py")
        .if_match("\"e-7\"")
        .should_update_recent(true)
        .update_content_details(
            UpdateContentDetails::builder()
                .type_(ContentType::File)
                .format(Some(ContentFormat::Text))
                .content(Some(json!("print('bye')\n")))
                .build(),
        )
        .build()
        .expect("a valid request");
    let output = client(&server).update_content(&request).await.expect("200 decodes");

    let received = received_one(&server.received_requests().await.unwrap());
    assert_eq!(received.method, "PUT");
    assert!(received.raw_path.ends_with("/notebook/api/contents/dir%2Fhello.py"), "{}", received.raw_path);
    assert_eq!(received.header("if-match"), "\"e-7\"");
    assert_eq!(received.header("should-update-recent"), "true");
    assert_eq!(received.json(), json!({"type": "file", "format": "text", "content": "print('bye')\n"}));
    verify_oci(&received);

    assert_eq!(output.etag.as_deref(), Some("\"e-8\""));
    assert_eq!(output.location.as_deref(), Some("/api/contents/dir/hello.py"));
    assert_eq!(output.opc_work_request_id.as_deref(), Some("ocid1.workrequest.oc1..wr2"));
    assert_eq!(output.content.name, "hello.py");
}

#[tokio::test]
async fn wire_oci_modify_content_patches_the_new_path() {
    let server = MockServer::start().await;
    let mut renamed = file_body();
    renamed["content"] = json!(null);
    renamed["format"] = json!(null);
    renamed["name"] = json!("bye.py");
    renamed["path"] = json!("archive/bye.py");
    serve(
        &server,
        ResponseTemplate::new(200)
            .set_body_raw(serde_json::to_vec(&renamed).unwrap(), "application/json")
            .insert_header("Location", "/api/contents/archive/bye.py")
            .insert_header("etag", "\"e-9\""),
    )
    .await;
    let request = ModifyContentRequest::builder()
        .ai_data_platform_id(PLATFORM)
        .workspace_key("ws-main")
        .content_path("dir/hello.py")
        .if_match("\"e-8\"")
        .modify_content_details(ModifyContentDetails::builder().path("archive/bye.py").build())
        .build()
        .expect("a valid request");
    let output = client(&server).modify_content(&request).await.expect("200 decodes");

    let received = received_one(&server.received_requests().await.unwrap());
    assert_eq!(received.method, "PATCH");
    assert!(received.raw_path.ends_with("/notebook/api/contents/dir%2Fhello.py"), "{}", received.raw_path);
    assert_eq!(received.header("if-match"), "\"e-8\"");
    assert_eq!(received.json(), json!({"path": "archive/bye.py"}));
    verify_oci(&received);
    assert_eq!(output.content.path, "archive/bye.py");
    assert_eq!(output.location.as_deref(), Some("/api/contents/archive/bye.py"));
    assert_eq!(output.etag.as_deref(), Some("\"e-9\""));
}

#[tokio::test]
async fn wire_oci_delete_content_sends_no_body_and_reads_the_204_headers() {
    let server = MockServer::start().await;
    serve(
        &server,
        ResponseTemplate::new(204)
            .insert_header("Location", "/api/contents/dir/hello.py")
            .insert_header("opc-request-id", REQUEST_ID)
            .insert_header("opc-work-request-id", "ocid1.workrequest.oc1..wr3"),
    )
    .await;
    let request = DeleteContentRequest::builder()
        .ai_data_platform_id(PLATFORM)
        .workspace_key("ws-main")
        .content_path("dir/hello.py")
        .if_match("\"e-9\"")
        .opc_request_id("client-req-3")
        .build()
        .expect("a valid request");
    let output = client(&server).delete_content(&request).await.expect("204 decodes");

    let received = received_one(&server.received_requests().await.unwrap());
    assert_eq!(received.method, "DELETE");
    assert!(received.raw_path.ends_with("/notebook/api/contents/dir%2Fhello.py"), "{}", received.raw_path);
    assert_eq!(received.header("if-match"), "\"e-9\"");
    assert_eq!(received.header("opc-request-id"), "client-req-3");
    assert!(received.body.is_empty());
    verify_oci(&received);
    assert_eq!(output.location.as_deref(), Some("/api/contents/dir/hello.py"));
    assert_eq!(output.opc_request_id.as_deref(), Some(REQUEST_ID));
    assert_eq!(output.opc_work_request_id.as_deref(), Some("ocid1.workrequest.oc1..wr3"));
}

/// 412 with OCI's NoEtagMatch is the typed code of every if-match operation.
#[tokio::test]
async fn wire_oci_etag_mismatch_is_a_typed_no_etag_match() {
    let server = MockServer::start().await;
    serve(
        &server,
        ResponseTemplate::new(412)
            .set_body_raw(
                r#"{"code": "NoEtagMatch", "message": "The ETag specified in the request does not match the ETag for the resource."}"#,
                "application/json",
            )
            .insert_header("opc-request-id", REQUEST_ID),
    )
    .await;
    let request = DeleteContentRequest::builder()
        .ai_data_platform_id(PLATFORM)
        .workspace_key("ws-main")
        .content_path("a.py")
        .if_match("\"stale\"")
        .build()
        .unwrap();
    match client(&server).delete_content(&request).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.code, DeleteContentErrorCode::Common(CommonErrorCode::NoEtagMatch));
            assert_eq!(e.status, 412);
            assert_eq!(e.request_id.as_deref(), Some(REQUEST_ID));
        }
        other => panic!("a 412 must be NoEtagMatch, got {other:?}"),
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "a 412 is not retried");
}
