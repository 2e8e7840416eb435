//! A file's round trip through Alibaba Cloud PDS with the transfer helpers of
//! `cloudspec-pds-transfer`: create a folder, upload a file in parts (progress on stderr),
//! list the folder, download the file (progress on stderr) and compare it with the source, then
//! delete the folder and wait for its deletion task.
//!
//! By default it runs against the stateful local fake of `cloudspec-fakes` with a generated
//! 3 MiB file. PDS has no standard credential variables; with `PDS_ACCESS_TOKEN` (a user or
//! application access token), `PDS_DOMAIN_ID` (the instance, the `{domain_id}` of
//! `https://{domain_id}.api.aliyunpds.com`) and `PDS_DRIVE_ID` set it runs against the real
//! service, in a folder `cloudspec-example-<unix time>` at the drive's root that it deletes at
//! the end; the file to send may be given as the first argument.
//!
//! ```sh
//! cargo run -p cloudspec-tests --example alibaba_pds_files                  # against the fake
//! PDS_ACCESS_TOKEN=… PDS_DOMAIN_ID=… PDS_DRIVE_ID=… \
//!   cargo run -p cloudspec-tests --example alibaba_pds_files -- big.iso    # against PDS
//! ```
//! CI runs [`run_against_fake`] through tests/tests/lifecycle_alibaba_pds.rs.

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cloudspec_clients::alibaba::pds::{
    Client, CreateFileRequest, DeleteFileRequest, FileType, ListFileRequest,
};
use cloudspec_fakes::alibaba_pds::FakePds;
use cloudspec_pds_transfer::{UploadOptions, download_file, upload_file};
use cloudspec_runtime::WaitPolicy;
use cloudspec_runtime::credentials::BearerToken;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[allow(dead_code)] // `main` is unused where a test includes this file for `run_against_fake`.
#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let variables = ["PDS_ACCESS_TOKEN", "PDS_DOMAIN_ID", "PDS_DRIVE_ID"].map(std::env::var);
    let [Ok(token), Ok(domain), Ok(drive)] = variables else {
        eprintln!(
            "PDS_ACCESS_TOKEN, PDS_DOMAIN_ID and PDS_DRIVE_ID are not all set: running against the local fake"
        );
        return run_against_fake().await;
    };
    let client = Client::builder().credentials(BearerToken::new(token)).domain_id(domain).build()?;
    let scratch = tempfile::tempdir()?;
    let source = match std::env::args_os().nth(1) {
        Some(path) => path.into(),
        None => {
            let path = scratch.path().join("cloudspec-example.bin");
            write_sample(&path, 3 * 1024 * 1024)?;
            path
        }
    };
    let seconds = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();
    workflow(
        &client,
        &drive,
        &source,
        scratch.path(),
        &format!("cloudspec-example-{seconds}"),
        WaitPolicy::default(),
    )
    .await
}

/// The workflow against a fake started here, with a generated 3 MiB file.
pub async fn run_against_fake() -> Result<(), BoxError> {
    let fake = FakePds::start().await?;
    let client = Client::builder()
        .credentials(BearerToken::new(fake.config().access_token))
        .allow_insecure_http()
        .endpoint(fake.endpoint())
        .build()?;
    let scratch = tempfile::tempdir()?;
    let source = scratch.path().join("sample.bin");
    write_sample(&source, 3 * 1024 * 1024)?;
    let waits = WaitPolicy {
        initial_delay: Duration::from_millis(10),
        multiplier: 2.0,
        max_delay: Duration::from_millis(200),
        timeout: Duration::from_secs(60),
    };
    workflow(&client, &fake.config().drive_id, &source, scratch.path(), "cloudspec-example", waits).await
}

pub async fn workflow(
    client: &Client,
    drive_id: &str,
    source: &Path,
    scratch: &Path,
    folder_name: &str,
    waits: WaitPolicy,
) -> Result<(), BoxError> {
    let folder = CreateFileRequest::builder()
        .drive_id(drive_id)
        .parent_file_id("root")
        .name(folder_name)
        .type_(FileType::Folder)
        .build()?;
    let folder_id = client.create_file(&folder).await?.file_id.ok_or("CreateFile gave no folder id")?;
    eprintln!("created folder {folder_name} ({folder_id})");

    let name = source.file_name().and_then(|n| n.to_str()).unwrap_or("upload.bin").to_owned();
    let options = UploadOptions::new(drive_id, &folder_id, &name)
        .part_size(1024 * 1024)
        .parts_in_flight(2)
        .progress(|done, total| eprintln!("upload   {}", bar(done, total)));
    let file = upload_file(client, source, &options).await?;
    let file_id = file.file_id.ok_or("CompleteFile gave no file id")?;

    let list = ListFileRequest::builder().drive_id(drive_id).parent_file_id(&folder_id).limit(2).build()?;
    let names: Vec<String> = client
        .list_file_pages(&list)
        .items()
        .collect_all()
        .await?
        .into_iter()
        .filter_map(|f| f.name)
        .collect();
    eprintln!("folder holds {names:?}");

    let copy = scratch.join("downloaded.bin");
    let progress = std::sync::Arc::new(|done, total| eprintln!("download {}", bar(done, total)));
    download_file(client, drive_id, &file_id, &copy, Some(progress)).await?;
    if std::fs::read(&copy)? != std::fs::read(source)? {
        return Err("the downloaded file differs from the source".into());
    }
    eprintln!("downloaded {} bytes, identical to the source", std::fs::metadata(&copy)?.len());

    let deleting = client
        .delete_file(&DeleteFileRequest::builder().drive_id(drive_id).file_id(&folder_id).build()?)
        .await?;
    client.wait_delete_file(&deleting, waits).await?;
    eprintln!("deleted folder {folder_name}");
    Ok(())
}

/// `[#####.....]  52%  1.5 of 3.0 MiB`.
fn bar(done: u64, total: u64) -> String {
    let share = if total == 0 { 1.0 } else { done as f64 / total as f64 };
    let filled = (share * 20.0).round() as usize;
    let mib = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
    format!(
        "[{}{}] {:>3.0}%  {:.1} of {:.1} MiB",
        "#".repeat(filled),
        ".".repeat(20 - filled),
        share * 100.0,
        mib(done),
        mib(total)
    )
}

fn write_sample(path: &Path, length: usize) -> std::io::Result<()> {
    let bytes: Vec<u8> = (0..length).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    std::fs::write(path, bytes)
}
