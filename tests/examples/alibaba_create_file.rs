//! Calls Alibaba Cloud PDS `CreateFile` through the generated client, against a local mock
//! server answering with a trimmed version of the documented success response.
//!
//! Run: `cargo run -p cloudspec-tests --example alibaba_create_file`

use cloudspec_clients::alibaba::pds::{CheckNameMode, Client, CreateFileRequest, FileType};
use cloudspec_runtime::credentials::BearerToken;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/file/create"))
        .respond_with(ResponseTemplate::new(201).set_body_raw(CREATED, "application/json"))
        .mount(&server)
        .await;

    // Against the real service: `.domain_id("<your domain>")` instead of `.allow_insecure_http().endpoint(..)`, or
    // `Client::from_env()` (ALIBABA_CLOUD_PDS_ACCESS_TOKEN, ALIBABA_CLOUD_PDS_DOMAIN_ID).
    let client = Client::builder()
        .credentials(BearerToken::new("example-access-token"))
        .allow_insecure_http()
        .endpoint(server.uri())
        .build()?;

    let request = CreateFileRequest::builder()
        .drive_id("1")
        .parent_file_id("root")
        .name("report.pdf")
        .type_(FileType::File)
        .size(1024)
        .check_name_mode(CheckNameMode::AutoRename)
        .build()?;

    let created = client.create_file(&request).await?;
    println!("file {:?} in drive {:?}, upload id {:?}", created.file_id, created.drive_id, created.upload_id);
    for part in created.part_info_list.iter().flatten() {
        println!("  part {:?}: upload to {:?}", part.part_number, part.upload_url);
    }
    Ok(())
}

const CREATED: &str = r#"{
  "parent_file_id": "root", "upload_id": "uploadid1", "rapid_upload": false, "type": "file",
  "file_id": "fileid1", "domain_id": "bj1", "drive_id": "1", "file_name": "report.pdf",
  "part_info_list": [{"part_number": 1, "part_size": 1024, "upload_url": "https://example.invalid/upload"}]
}"#;
