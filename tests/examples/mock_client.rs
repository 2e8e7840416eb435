//! Testing your own code without a network: write it against the service's `Api` trait, then
//! give it a `MockClient` (cargo feature `mock` of `cloudspec-clients`) in tests.
//!
//! Run: `cargo run -p cloudspec-tests --example mock_client`

use cloudspec_clients::huawei::codeartsrepo::{
    Api, CreateFileErrorCode, CreateFileRequest, CreateFileResponse, MockClient,
};
use cloudspec_runtime::Error;

/// Code under test: publishes a README, and reports an existing repository problem nicely.
async fn publish_readme(repo: &impl Api, repository_id: i32) -> Result<String, String> {
    let request = CreateFileRequest::builder()
        .repository_id(repository_id)
        .file_path("README.md")
        .branch("master")
        .commit_message("Add README")
        .content("# Hello\n")
        .build()
        .map_err(|e| e.to_string())?;
    match repo.create_file(&request).await {
        Ok(created) => Ok(format!("created {}", created.file_path.unwrap_or_default())),
        Err(Error::Service(e)) if e.code == CreateFileErrorCode::Ch00402000 => {
            Err("no such repository".into())
        }
        Err(other) => Err(other.to_string()),
    }
}

#[tokio::main]
async fn main() {
    let mock = MockClient::new().on_create_file(|request| {
        if request.repository_id == 404 {
            // A typed service error, as the real client would return it.
            let error = cloudspec_runtime::ServiceError {
                status: 404,
                code: CreateFileErrorCode::Ch00402000,
                raw_code: "CH.00402000".into(),
                message: "The repository does not exist. Check and try again.".into(),
                request_id: None,
                body: String::new(),
            };
            return Err(Error::Service(Box::new(error)));
        }
        // Responses are `#[non_exhaustive]`: a mock starts from `default()` (or `new(..)` with the
        // required fields, when there are some) and sets the public fields.
        let mut created = CreateFileResponse::default();
        created.file_path = Some(request.file_path.clone());
        created.branch = Some(request.branch.clone());
        Ok(created)
    });

    assert_eq!(publish_readme(&mock, 7).await, Ok("created README.md".to_owned()));
    assert_eq!(publish_readme(&mock, 404).await, Err("no such repository".to_owned()));
    // The mock validates like the real client: an id below the documented minimum never "reaches" it.
    assert!(publish_readme(&mock, 0).await.unwrap_err().contains("repository_id"));
    println!("calls seen by the mock: {:?}", mock.calls());
}
