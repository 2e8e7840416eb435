//! The `mock` feature: `MockClient` stands in for `Client` behind the service's `Api` trait.

use cloudspec_clients::tencent::wedata::{
    Api, Client, CreateCodeFileRequest, CreateCodeFileResponse, MockClient,
};
use cloudspec_runtime::Error;

fn request() -> CreateCodeFileRequest {
    CreateCodeFileRequest::builder()
        .project_id("1")
        .code_file_name("a.py")
        .parent_folder_path("/")
        .build()
        .unwrap()
}

/// Generic user code: works with the real client and the mock alike, and its future can be
/// spawned (the trait's futures are `Send`).
async fn request_id(api: impl Api + 'static) -> Result<String, String> {
    let task = tokio::spawn(async move { api.create_code_file(&request()).await });
    match task.await.expect("the task ran") {
        Ok(created) => Ok(created.request_id),
        Err(error) => Err(error.to_string()),
    }
}

#[tokio::test]
async fn mock_answers_with_its_stub_and_records_calls() {
    let mock = MockClient::new().on_create_code_file(|request| {
        Ok(CreateCodeFileResponse::new(format!("for-{}", request.project_id)))
    });
    assert_eq!(request_id(mock.clone()).await, Ok("for-1".to_owned()));
    assert_eq!(mock.calls(), ["CreateCodeFile"]);
}

#[tokio::test]
async fn mock_without_a_stub_says_so_and_validates_like_the_client() {
    let mock = MockClient::new();
    let error = mock.create_code_file(&request()).await.unwrap_err();
    assert!(error.to_string().contains("no stub for CreateCodeFile"), "{error}");

    let mut invalid = request();
    invalid.parent_folder_path = "relative".into();
    let error = mock.create_code_file(&invalid).await.unwrap_err();
    assert!(matches!(&error, Error::Validation(v) if v.concerns("ParentFolderPath")), "{error:?}");
    assert_eq!(mock.calls(), ["CreateCodeFile"], "an invalid request is not a call");
}

#[test]
fn the_real_client_implements_the_same_trait() {
    fn takes_api(_: &impl Api) {}
    let client = Client::builder()
        .credentials(cloudspec_tests::credentials::tencent())
        .region("ap-guangzhou")
        .build()
        .unwrap();
    takes_api(&client);
}
