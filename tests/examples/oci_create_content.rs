//! Calls OCI AI Data Platform notebook `CreateContent` through the generated client, against a
//! local mock server answering 201 with the documented response headers.
//!
//! Run: `cargo run -p cloudspec-tests --example oci_create_content`

use cloudspec_clients::oci::aidataplatform::{
    Client, ContentType, CreateContentDetails, CreateContentRequest,
};
use cloudspec_runtime::credentials::OciCredentials;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A key generated for cloudspec's tests, registered nowhere.
const TEST_KEY: &str = include_str!("../fixtures/credentials/oci_test_key_2048.pem");

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_raw(CREATED, "application/json")
                .insert_header("Location", "/api/contents/projects/Untitled.ipynb")
                .insert_header("etag", "\"1\"")
                .insert_header("opc-request-id", "EXAMPLE-REQUEST-ID"),
        )
        .mount(&server)
        .await;

    // Against the real service: `Client::from_env()` reads ~/.oci/config (OCI_CONFIG_FILE,
    // OCI_CLI_PROFILE) and its region.
    let credentials = OciCredentials::from_pem(
        "ocid1.tenancy.oc1..exampletenancy",
        "ocid1.user.oc1..exampleuser",
        "3e:52:90:c9:1c:ba:0f:29:c1:0e:a1:37:46:5e:a9:ff",
        TEST_KEY,
    )?;
    let client =
        Client::builder().credentials(credentials).allow_insecure_http().endpoint(server.uri()).build()?;

    let request = CreateContentRequest::builder()
        .ai_data_platform_id("ocid1.aidataplatform.oc1.iad.example")
        .workspace_key("main")
        .content_path("projects/Untitled.ipynb")
        .opc_retry_token("create-untitled-notebook-1")
        .create_content_details(
            CreateContentDetails::builder().ext(".ipynb").type_(ContentType::Notebook).build(),
        )
        .build()?;

    let created = client.create_content(&request).await?;
    println!(
        "created {} ({}) at {:?}, etag {:?}",
        created.content.path, created.content.type_, created.location, created.etag
    );
    println!("{created:#?}");
    Ok(())
}

const CREATED: &str = r#"{
  "content": null, "created": "2026-11-25T09:30:00Z", "format": null, "last_modified": "2026-11-25T09:30:00Z",
  "mimetype": null, "name": "Untitled.ipynb", "path": "projects/Untitled.ipynb", "size": 72, "type": "notebook", "writable": true
}"#;
