//! Commits a file to a real Huawei Cloud CodeArts Repo repository. Not run in CI: it needs an
//! account, and it creates a commit.
//!
//! ```sh
//! export HUAWEICLOUD_SDK_AK=… HUAWEICLOUD_SDK_SK=… HUAWEICLOUD_SDK_REGION=ap-southeast-3
//! # or HUAWEICLOUD_AUTH_TOKEN=<IAM token> instead of the AK/SK pair
//! cargo run -p cloudspec-tests --example huawei_real -- <repository id> <branch> <file path>
//! ```

use cloudspec_clients::huawei::codeartsrepo::{Client, CreateFileRequest};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [repository, branch, path] = args.as_slice() else {
        return Err("usage: huawei_real <repository id> <branch> <file path>".into());
    };
    let client = Client::from_env()?;
    let request = CreateFileRequest::builder()
        .repository_id(repository.parse()?)
        .branch(branch)
        .file_path(path)
        .commit_message("Add a file with cloudspec")
        .content("Created by the cloudspec huawei_real example.\n")
        .encoding("text")
        .build()?;
    let created = client.create_file(&request).await?;
    println!("{created:#?}");
    Ok(())
}
