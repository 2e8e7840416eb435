//! A service's `Api` trait is object-safe: `Box<dyn Api>` and `Arc<dyn Api>` hold the real
//! client (here against a local fake of the service on loopback) and the `MockClient` alike,
//! and user code written against `dyn Api` cannot tell them apart.

use std::sync::Arc;

use cloudspec_clients::tencent::wedata::{
    Api, Client, CreateCodeFileErrorCode, CreateCodeFileRequest, CreateCodeFileResponse, MockClient,
};
use cloudspec_runtime::Error;
use cloudspec_tests::credentials;
use cloudspec_tests::responses::serve_json;
use wiremock::MockServer;

fn request(project: &str) -> CreateCodeFileRequest {
    CreateCodeFileRequest::builder()
        .project_id(project)
        .code_file_name("a.py")
        .parent_folder_path("/")
        .build()
        .expect("a complete request")
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .credentials(credentials::tencent())
        .region("ap-guangzhou")
        .allow_insecure_http()
        .endpoint(server.uri())
        .build()
        .expect("client configuration is complete")
}

/// A fake WeData that answers every call with `request_id`.
async fn server_answering(request_id: &str) -> MockServer {
    let server = MockServer::start().await;
    let body = serde_json::json!({ "Response": { "RequestId": request_id } });
    serve_json(&server, 200, body.to_string()).await;
    server
}

fn mock_answering(request_id: &'static str) -> MockClient {
    MockClient::new().on_create_code_file(move |request| {
        Ok(CreateCodeFileResponse::new(format!("{request_id}-{}", request.project_id)))
    })
}

/// User code that only knows the trait object.
async fn request_id(api: &dyn Api, project: &str) -> Result<String, Error<CreateCodeFileErrorCode>> {
    api.create_code_file(&request(project)).await.map(|created| created.request_id)
}

#[tokio::test]
async fn boxed_apis_answer_through_the_mock_and_over_the_wire() {
    let server = server_answering("from-server").await;
    let apis: Vec<(&str, Box<dyn Api>)> =
        vec![("mock", Box::new(mock_answering("from-mock"))), ("client", Box::new(client(&server)))];
    let mut answers = Vec::new();
    for (name, api) in &apis {
        answers.push((*name, request_id(api.as_ref(), "7").await.expect("the call succeeds")));
    }
    assert_eq!(answers, [("mock", "from-mock-7".to_owned()), ("client", "from-server".to_owned())]);
    let sent = server.received_requests().await.expect("recording is on");
    assert_eq!(sent.len(), 1, "only the real client reached the server");
    let body: serde_json::Value = serde_json::from_slice(&sent[0].body).expect("a JSON body");
    assert_eq!(body["ProjectId"], "7");
}

#[tokio::test]
async fn shared_apis_are_used_from_spawned_tasks() {
    let server = server_answering("shared").await;
    let mock = mock_answering("stub");
    let apis: [Arc<dyn Api>; 2] = [Arc::new(mock.clone()), Arc::new(client(&server))];
    for api in apis {
        let tasks: Vec<_> = (0..3)
            .map(|i| {
                let api = Arc::clone(&api);
                tokio::spawn(async move { request_id(api.as_ref(), &i.to_string()).await })
            })
            .collect();
        for task in tasks {
            let answer = task.await.expect("the task ran").expect("the call succeeds");
            assert!(answer == "shared" || answer.starts_with("stub-"), "{answer}");
        }
    }
    assert_eq!(mock.calls(), ["CreateCodeFile"; 3], "the mock's clones share its record");
    assert_eq!(server.received_requests().await.expect("recording is on").len(), 3);
}

#[tokio::test]
async fn a_trait_object_validates_before_anything_is_sent() {
    let server = server_answering("never").await;
    let apis: [Box<dyn Api>; 2] = [Box::new(mock_answering("never")), Box::new(client(&server))];
    let mut invalid = request("1");
    invalid.parent_folder_path = "relative".into();
    for api in &apis {
        let error = api.create_code_file(&invalid).await.expect_err("the request is invalid");
        assert!(matches!(&error, Error::Validation(v) if v.concerns("ParentFolderPath")), "{error:?}");
    }
    assert!(server.received_requests().await.expect("recording is on").is_empty());
}
