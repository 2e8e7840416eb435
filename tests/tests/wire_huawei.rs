//! Huawei Cloud CodeArts Repo `CreateFile` on the wire: REST with a numeric path id, an IAM
//! `X-Auth-Token` (or AK/SK signing), `{error_code, error_msg}` errors.

use cloudspec_clients::huawei::codeartsrepo::{
    Client, CommonErrorCode, CreateFileErrorCode, CreateFileRequest, CreateFileResponse,
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
    assert_eq!(service.code, CreateFileErrorCode::Common(CommonErrorCode::Apig0301));
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

// ---- The file lifecycle operations (issue 17): ShowFile, UpdateFile, RenameFile, DeleteFile. ----

mod file_operations {
    use super::*;
    use cloudspec_clients::huawei::codeartsrepo::{
        DeleteFileRequest, DeleteFileStatus, RenameFileEncoding, RenameFileRequest, RenameFileResponse,
        ShowFileErrorCode, ShowFileRequest, ShowFileResponse, UpdateFileBodyDto, UpdateFileRequest,
    };

    fn op(name: &str) -> &'static cloudspec_codegen::ir::Operation {
        examples::operation("huawei", "codeartsrepo", name)
    }

    #[tokio::test]
    async fn wire_huawei_show_file_sends_both_query_parameters_and_decodes_every_field() {
        let server = MockServer::start().await;
        let body = examples::response_body(op("ShowFile"), 200);
        let template = ResponseTemplate::new(200)
            .insert_header("X-Total", "1")
            .set_body_raw(body.clone(), "application/json");
        serve(&server, template).await;
        let request = ShowFileRequest::builder()
            .repository_id(2_111_863)
            .file_path("docs/a b.md")
            .ref_("master")
            .build()
            .unwrap();

        let output = token_client(&server).show_file(&request).await.expect("200 decodes");

        let received = Received::from(&server.received_requests().await.unwrap()[0]);
        assert_eq!(received.method, "GET");
        assert_eq!(received.raw_path, "/v4/repositories/2111863/repository/file");
        assert_eq!(
            received.query,
            [("ref".to_owned(), "master".to_owned()), ("file_path".to_owned(), "docs/a b.md".to_owned())]
        );
        assert!(received.body.is_empty(), "a GET carries no body");
        let mut documented: ShowFileResponse = serde_json::from_slice(&body).unwrap();
        documented.x_total = Some("1".to_owned());
        assert_eq!(output, documented);
        assert_eq!(output.size, Some(8));
        assert_eq!(output.commit.as_ref().and_then(|c| c.parent_ids.as_ref()).map(Vec::len), Some(1));
    }

    #[tokio::test]
    async fn wire_huawei_show_file_missing_file_is_the_typed_not_found_code() {
        let server = MockServer::start().await;
        let body = json!({"error_code": "CH.00402000", "error_msg": "The file does not exist."});
        serve(
            &server,
            ResponseTemplate::new(404)
                .insert_header("X-Request-Id", REQUEST_ID)
                .set_body_raw(serde_json::to_vec(&body).unwrap(), "application/json"),
        )
        .await;
        let request = ShowFileRequest::builder().repository_id(1).file_path("gone.md").build().unwrap();
        let error = token_client(&server).show_file(&request).await.expect_err("404");
        let Error::Service(service) = &error else { panic!("expected a service error, got {error:?}") };
        assert_eq!(service.code, ShowFileErrorCode::Ch00402000);
        assert_eq!(service.status, 404);
        assert_eq!(service.request_id.as_deref(), Some(REQUEST_ID));
    }

    #[tokio::test]
    async fn wire_huawei_show_file_path_longer_than_documented_is_refused_before_sending() {
        let server = MockServer::start().await;
        let request = ShowFileRequest::builder().repository_id(1).file_path("a".repeat(10_001)).build();
        let error = request.expect_err("file_path is at most 10000 characters");
        assert!(error.concerns("file_path"), "{error:?}");
        assert!(server.received_requests().await.unwrap().is_empty());
    }

    /// UpdateFile: `file_path` in the query and again in the body (the SDK's UpdateFileBodyDto,
    /// built typed and sent as the json payload), signed with AK/SK over both.
    #[tokio::test]
    async fn wire_huawei_update_file_sends_the_query_and_the_documented_body() {
        let server = MockServer::start().await;
        serve_json(&server, 200, examples::response_body(op("UpdateFile"), 200)).await;
        let example = op("UpdateFile").examples[0].request.clone().expect("the page's request");
        let dto: UpdateFileBodyDto =
            serde_json::from_value(example.clone()).expect("the page's body is a DTO");
        let request = UpdateFileRequest::builder()
            .repository_id(12_344)
            .file_path("a/b/c")
            .body(serde_json::to_value(&dto).unwrap())
            .build()
            .unwrap();

        let output = aksk_client(&server).update_file(&request).await.expect("200 decodes");

        let received = Received::from(&server.received_requests().await.unwrap()[0]);
        assert_eq!(received.method, "PUT");
        assert_eq!(received.raw_path, "/v4/repositories/12344/repository/file");
        assert_eq!(received.raw_query.as_deref(), Some("file_path=a%2Fb%2Fc"));
        assert_eq!(received.json(), example);
        verify_apig(&received);
        assert_eq!(output.file_path.as_deref(), Some("a/b/c"));
        assert_eq!(output.branch.as_deref(), Some("master"));
    }

    #[tokio::test]
    async fn wire_huawei_update_file_dto_checks_its_required_members() {
        // The typed body refuses what the page marks mandatory before anything is built.
        let missing: Result<UpdateFileBodyDto, _> =
            serde_json::from_value(json!({"branch": "master", "content": "x", "commit_message": "m"}));
        assert!(missing.is_err(), "file_path is mandatory in the body");
    }

    #[tokio::test]
    async fn wire_huawei_rename_file_sends_every_body_field() {
        let server = MockServer::start().await;
        let documented = examples::response_body(op("RenameFile"), 200);
        serve_json(&server, 200, documented.clone()).await;
        let request = RenameFileRequest::builder()
            .repository_id(100_001)
            .file_path("docs/guide.md")
            .branch_name("master")
            .commit_message("Rename guide")
            .previous_path("guide.md")
            .start_branch("develop")
            .author_email("dev@example.com")
            .author_name("dev")
            .infer_content(false)
            .content("IyBHdWlkZQo=")
            .encoding(RenameFileEncoding::Base64)
            .last_commit_id("8d3c7a0f")
            .build()
            .unwrap();

        let output = token_client(&server).rename_file(&request).await.expect("200 decodes");

        let received = Received::from(&server.received_requests().await.unwrap()[0]);
        assert_eq!(received.method, "PUT");
        assert_eq!(received.raw_path, "/v4/repositories/100001/repository/rename-file");
        assert_eq!(received.raw_query, None);
        assert_eq!(
            received.json(),
            json!({
                "file_path": "docs/guide.md", "branch_name": "master", "commit_message": "Rename guide",
                "start_branch": "develop", "author_email": "dev@example.com", "author_name": "dev",
                "previous_path": "guide.md", "infer_content": false, "content": "IyBHdWlkZQo=",
                "encoding": "base64", "last_commit_id": "8d3c7a0f"
            })
        );
        assert_eq!(output, serde_json::from_slice::<RenameFileResponse>(&documented).unwrap());
    }

    fn delete_request() -> DeleteFileRequest {
        // The page's example: ?file_path=2112016471&branch=master&commit_message=123.
        DeleteFileRequest::builder()
            .repository_id(2_112_015_538)
            .file_path("2112016471")
            .branch("master")
            .commit_message("123")
            .build()
            .unwrap()
    }

    #[tokio::test]
    async fn wire_huawei_delete_file_sends_its_parameters_in_the_query_and_no_body() {
        let server = MockServer::start().await;
        serve_json(&server, 204, examples::response_body(op("DeleteFile"), 204)).await;
        let mut request = delete_request();
        request.author_name = Some("dev".to_owned());
        request.author_email = Some("dev@example.com".to_owned());

        // The outcome is the subject of the next test; this one is about the request.
        let _ = aksk_client(&server).delete_file(&request).await;

        let received = Received::from(&server.received_requests().await.unwrap()[0]);
        assert_eq!(received.method, "DELETE");
        assert_eq!(received.raw_path, "/v4/repositories/2112015538/repository/file");
        assert_eq!(
            received.query,
            [
                ("file_path", "2112016471"),
                ("author_name", "dev"),
                ("branch", "master"),
                ("commit_message", "123"),
                ("author_email", "dev@example.com"),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
        );
        assert!(received.body.is_empty(), "a DELETE carries no body");
        verify_apig(&received);
    }

    /// The page documents `204` with the body `{"status": "success"}`. HTTP/1.1 gives a 204 no
    /// body, so the client receives none: the runtime reads it as an empty document, and the
    /// output (every field optional) decodes with `status` absent.
    #[tokio::test]
    async fn wire_huawei_delete_file_204_decodes_to_its_documented_output() {
        let server = MockServer::start().await;
        serve_json(&server, 204, examples::response_body(op("DeleteFile"), 204)).await;
        let output = token_client(&server).delete_file(&delete_request()).await.expect("204 decodes");
        assert_eq!(output.status, None, "{output:?}");
    }

    #[tokio::test]
    async fn wire_huawei_delete_file_status_enum_keeps_unknown_values() {
        let decoded: cloudspec_clients::huawei::codeartsrepo::DeleteFileResponse =
            serde_json::from_value(json!({"status": "fail"})).unwrap();
        assert_eq!(decoded.status, Some(DeleteFileStatus::Fail));
        let unknown: cloudspec_clients::huawei::codeartsrepo::DeleteFileResponse =
            serde_json::from_value(json!({"status": "partial"})).unwrap();
        assert_eq!(unknown.status, Some(DeleteFileStatus::Unknown("partial".to_owned())));
    }
}
