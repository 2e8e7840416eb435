//! Creates a code file in a real Tencent Cloud WeData project. Not run in CI: it needs an
//! account, and it creates something.
//!
//! ```sh
//! export TENCENTCLOUD_SECRET_ID=… TENCENTCLOUD_SECRET_KEY=… TENCENTCLOUD_REGION=ap-guangzhou
//! cargo run -p cloudspec-tests --example tencent_real -- <project id> <file name> [parent folder]
//! ```
//! Credentials may also come from `~/.tencentcloud/credentials` (`[default]` `secret_id`,
//! `secret_key`).

use cloudspec_clients::tencent::wedata::{Client, CreateCodeFileRequest};
use cloudspec_runtime::Error;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [project_id, file_name, rest @ ..] = args.as_slice() else {
        return Err("usage: tencent_real <project id> <file name> [parent folder]".into());
    };
    let parent = rest.first().map_or("/", String::as_str);

    let client = Client::from_env()?;
    let request = CreateCodeFileRequest::builder()
        .project_id(project_id)
        .code_file_name(file_name)
        .parent_folder_path(parent)
        .build()?;
    match client.create_code_file(&request).await {
        Ok(created) => println!("{created:#?}"),
        Err(Error::Service(e)) => {
            eprintln!("WeData error {} ({}): request id {:?}", e.raw_code, e.message, e.request_id)
        }
        Err(other) => return Err(other.into()),
    }
    Ok(())
}
