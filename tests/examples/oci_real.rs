//! Creates a notebook in a real OCI AI Data Platform workspace. Not run in CI: it needs an
//! account, and it creates something.
//!
//! ```sh
//! # ~/.oci/config as written by `oci setup config` (OCI_CONFIG_FILE, OCI_CLI_PROFILE honoured);
//! # the profile's region selects the endpoint, or set OCI_REGION.
//! cargo run -p cloudspec-tests --example oci_real -- <AI Data Platform OCID> <workspace key> <path>
//! ```

use cloudspec_clients::oci::aidataplatform::{
    Client, ContentType, CreateContentDetails, CreateContentRequest,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [platform, workspace, path] = args.as_slice() else {
        return Err("usage: oci_real <AI Data Platform OCID> <workspace key> <path>".into());
    };
    let client = Client::from_env()?;
    let request = CreateContentRequest::builder()
        .ai_data_platform_id(platform)
        .workspace_key(workspace)
        .content_path(path)
        .create_content_details(
            CreateContentDetails::builder().ext(".ipynb").type_(ContentType::Notebook).build(),
        )
        .build()?;
    // No opc-retry-token given: the client generates one, so a timeout is retried safely.
    let created = client.create_content(&request).await?;
    println!("{created:#?}");
    Ok(())
}
