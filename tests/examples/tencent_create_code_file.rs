//! Calls Tencent Cloud WeData `CreateCodeFile` through the generated client, against a local
//! mock server that answers with the documented success response.
//!
//! Run: `cargo run -p cloudspec-tests --example tencent_create_code_file`

use cloudspec_clients::tencent::wedata::{
    Client, CodeFileConfig, CommonErrorCode, CreateCodeFileErrorCode, CreateCodeFileRequest,
    NotebookSessionInfo,
};
use cloudspec_runtime::Error;
use cloudspec_runtime::credentials::TencentCredentials;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/"))
        .and(header("X-TC-Action", "CreateCodeFile"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(DOCUMENTED_RESPONSE, "application/json"))
        .mount(&server)
        .await;

    // Against the real service: `Client::from_env()` (TENCENTCLOUD_SECRET_ID, ..._SECRET_KEY,
    // TENCENTCLOUD_REGION), or the builder without `.allow_insecure_http().endpoint(..)`.
    let client = Client::builder()
        .credentials(TencentCredentials::new(
            "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
            "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
        ))
        .region("ap-guangzhou")
        .allow_insecure_http()
        .endpoint(server.uri())
        .build()?;

    let request = CreateCodeFileRequest::builder()
        .project_id("1470547050521227264")
        .code_file_name("testFile-0917-1.ipynb")
        .parent_folder_path("/")
        .code_file_config(
            CodeFileConfig::builder()
                .params(Some("p1".to_owned()))
                .notebook_session_info(Some(
                    NotebookSessionInfo::builder()
                        .notebook_session_id(Some("dfdfds-3343gdfs-454".to_owned()))
                        .notebook_session_name(Some("session1".to_owned()))
                        .build(),
                ))
                .build(),
        )
        .build()?;

    match client.create_code_file(&request).await {
        Ok(created) => {
            let file = created.data.as_ref().ok_or("the response has no Data")?;
            println!(
                "created {:?} at {:?} (request id {})",
                file.code_file_id, file.path, created.request_id
            );
            println!("{created:#?}");
        }
        Err(Error::Service(e)) if e.code == CreateCodeFileErrorCode::FailedOperation => {
            eprintln!("WeData refused: {} [request id {:?}]", e.message, e.request_id);
        }
        // Codes every WeData operation can return are in `CommonErrorCode`, behind `Common`.
        Err(Error::Service(e))
            if e.code == CreateCodeFileErrorCode::Common(CommonErrorCode::RequestLimitExceeded) =>
        {
            eprintln!("throttled even after the client's retries [request id {:?}]", e.request_id);
        }
        Err(other) => return Err(other.into()),
    }
    Ok(())
}

/// The success example of the WeData `CreateCodeFile` page.
const DOCUMENTED_RESPONSE: &str = r#"{
  "Response": {
    "Data": {
      "AccessScope": "SHARED",
      "CodeFileConfig": {
        "NotebookSessionInfo": { "NotebookSessionId": "dfdfds-3343gdfs-454", "NotebookSessionName": "session1" },
        "Params": "p1"
      },
      "CodeFileContent": "",
      "CodeFileId": "2bfa8813-344f-4858-a2cc-7a07bd10ac1d",
      "CodeFileName": "testFile-0917-1.ipynb",
      "CreateTime": "2025-09-17 18:51:32",
      "OwnerUin": "100028579606",
      "Path": "/testFile-0917-1.ipynb",
      "ProjectId": "1470547050521227264",
      "UpdateTime": "2025-09-17 18:51:32",
      "UpdateUserUin": "100028579606"
    },
    "RequestId": "a54aa353-e71f-4507-9c72-80cdbe8dbb78"
  }
}"#;
