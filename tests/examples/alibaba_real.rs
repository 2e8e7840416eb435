//! Calls a real Alibaba Cloud service: PDS `CreateFile` (an empty file in a drive) or DataWorks
//! `CreateResource`. Not run in CI: it needs an account, and it creates something.
//!
//! ```sh
//! # PDS: a user or app access token and the domain
//! export ALIBABA_CLOUD_PDS_ACCESS_TOKEN=… ALIBABA_CLOUD_PDS_DOMAIN_ID=…
//! cargo run -p cloudspec-tests --example alibaba_real -- pds <drive id> <file name>
//! # DataWorks: an AccessKey (or ~/.alibabacloud/credentials, ~/.aliyun/config.json)
//! export ALIBABA_CLOUD_ACCESS_KEY_ID=… ALIBABA_CLOUD_ACCESS_KEY_SECRET=… ALIBABA_CLOUD_REGION_ID=cn-hangzhou
//! cargo run -p cloudspec-tests --example alibaba_real -- dataworks <workspace id> <resource name>
//! ```

use cloudspec_clients::alibaba::{dataworks, pds};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["pds", drive, name] => {
            let client = pds::Client::from_env()?;
            let request = pds::CreateFileRequest::builder()
                .drive_id(*drive)
                .parent_file_id("root")
                .name(*name)
                .type_(pds::FileType::File)
                .size(0)
                .check_name_mode(pds::CheckNameMode::Refuse)
                .build()?;
            println!("{:#?}", client.create_file(&request).await?);
        }
        ["dataworks", project, name] => {
            let client = dataworks::Client::from_env()?;
            let spec: dataworks::FlowSpec = serde_json::from_value(serde_json::json!({
                "version": "1.1.0",
                "kind": "Resource",
                "spec": {"fileResources": [{
                    "name": name,
                    "script": {"content": "", "path": format!("cloudspec/{name}"), "runtime": {"command": "ODPS_PYTHON"}},
                    "type": "python",
                    "file": {"storage": {}},
                    "datasource": {"name": "odps_first", "type": "odps"}
                }]}
            }))?;
            let request = dataworks::CreateResourceRequest::builder()
                .project_id(project.parse()?)
                .spec(spec)
                .build()?;
            println!("{:#?}", client.create_resource(&request).await?);
        }
        _ => {
            return Err(
                "usage: alibaba_real pds <drive id> <file name> | dataworks <workspace id> <resource name>"
                    .into(),
            );
        }
    }
    Ok(())
}
