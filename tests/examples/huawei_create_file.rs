//! Calls Huawei Cloud CodeArts Repo `CreateFile` through the generated client, against a local
//! mock server answering with the documented success response.
//!
//! Run: `cargo run -p cloudspec-tests --example huawei_create_file`

use cloudspec_clients::huawei::codeartsrepo::{Client, CreateFileRequest};
use cloudspec_runtime::credentials::HuaweiToken;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v4/repositories/2111863/repository/files"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_raw(r#"{"file_path": "docs/README.md", "branch": "master"}"#, "application/json"),
        )
        .mount(&server)
        .await;

    // Against the real service: `Client::from_env()` (HUAWEICLOUD_SDK_AK/SK or
    // HUAWEICLOUD_AUTH_TOKEN, HUAWEICLOUD_SDK_REGION), or `.credentials(HuaweiAkSk::new(..))`.
    let client = Client::builder()
        .credentials(HuaweiToken::new("MIIEXAMPLE-token"))
        .allow_insecure_http()
        .endpoint(server.uri())
        .build()?;

    let request = CreateFileRequest::builder()
        .repository_id(2111863)
        .file_path("docs/README.md")
        .branch("master")
        .commit_message("Add the README")
        .content("# Hello\n")
        .encoding("text")
        .build()?;

    let created = client.create_file(&request).await?;
    println!("created {:?} on {:?}", created.file_path, created.branch);
    Ok(())
}
