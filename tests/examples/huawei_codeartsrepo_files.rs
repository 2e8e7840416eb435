//! The whole life of files in a Huawei Cloud CodeArts Repo repository through the generated
//! client: create a directory, create three files in it, list it page by page (two entries a
//! page, through the generated paginator), read each file back byte for byte (ShowFile's base64
//! content and ShowFileRaw's raw bytes), update one, rename one, delete one, and see it gone
//! from the list and reading it a typed not-found (`CH.00402000`).
//!
//! By default it runs against the stateful local fake of `cloudspec-fakes`, signing with AK/SK.
//! With the variables `huawei_real` reads set (`HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK`, or
//! `HUAWEICLOUD_AUTH_TOKEN`; region from `HUAWEICLOUD_SDK_REGION`) it runs against the real
//! service in the repository and branch given as arguments, in a new directory
//! `cloudspec-example-<unix time>`, and deletes the files it created at the end.
//!
//! ```sh
//! cargo run -p cloudspec-tests --example huawei_codeartsrepo_files     # against the fake
//! HUAWEICLOUD_SDK_AK=… HUAWEICLOUD_SDK_SK=… HUAWEICLOUD_SDK_REGION=ap-southeast-3 \
//!   cargo run -p cloudspec-tests --example huawei_codeartsrepo_files -- <repository id> <branch>
//! ```
//! CI runs [`run_against_fake`] through tests/tests/lifecycle_huawei_codeartsrepo.rs.

use base64::Engine;
use cloudspec_clients::huawei::codeartsrepo::{
    Client, CreateDirRequest, CreateFileRequest, DeleteFileRequest, DeleteFileStatus, ListTreesRequest,
    RenameFileRequest, ShowFileErrorCode, ShowFileRawRequest, ShowFileRequest, ShowFileResponse,
    TreeObjectDto, UpdateFileBodyDto, UpdateFileRequest,
};
use cloudspec_fakes::huawei_codeartsrepo::FakeCodeArtsRepo;
use cloudspec_runtime::Error;
use cloudspec_runtime::credentials::HuaweiAkSk;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[allow(dead_code)] // `main` is unused where a test includes this file for `run_against_fake`.
#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let real = (std::env::var_os("HUAWEICLOUD_SDK_AK").is_some()
        && std::env::var_os("HUAWEICLOUD_SDK_SK").is_some())
        || std::env::var_os("HUAWEICLOUD_AUTH_TOKEN").is_some();
    if !real {
        return run_against_fake().await;
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [repository, branch] = args.as_slice() else {
        return Err(
            "usage: huawei_codeartsrepo_files <repository id> <branch> (with real credentials)".into()
        );
    };
    let client = Client::from_env()?;
    let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_secs();
    workflow(&client, repository.parse()?, branch, &format!("cloudspec-example-{stamp}")).await
}

/// The workflow against a fresh local fake (repository 100001, branch master).
pub async fn run_against_fake() -> Result<(), BoxError> {
    let fake = FakeCodeArtsRepo::start().await?;
    let config = fake.config();
    let client = Client::builder()
        .credentials(HuaweiAkSk::new(config.access_key, config.secret_key))
        .allow_insecure_http()
        .endpoint(fake.endpoint())
        .build()?;
    workflow(&client, 100001, "master", "cloudspec-example").await
}

/// Every step of a file's life in `branch` of `repository`, in a new directory `dir`.
pub async fn workflow(client: &Client, repository: i32, branch: &str, dir: &str) -> Result<(), BoxError> {
    let commit = client
        .create_dir(
            &CreateDirRequest::builder()
                .repository_id(repository)
                .file_path(dir)
                .branch_name(branch)
                .commit_message(format!("Create {dir}"))
                .build()?,
        )
        .await?
        .commit_id;
    println!("created {dir}/ in commit {}", commit.as_deref().unwrap_or("(none reported)"));

    let files: [(String, &[u8]); 3] = [
        (format!("{dir}/README.md"), b"# cloudspec\n"),
        (format!("{dir}/data.bin"), &[0, 1, 2, 254, 255, b'\n', 0]),
        (format!("{dir}/notes.txt"), "héllo, 世界\n".as_bytes()),
    ];
    for (path, bytes) in &files {
        // Text files travel as text, the binary one as base64 (the two documented encodings).
        let (content, encoding) = match std::str::from_utf8(bytes) {
            Ok(text) if !bytes.contains(&0) => (text.to_owned(), "text"),
            _ => (base64::engine::general_purpose::STANDARD.encode(bytes), "base64"),
        };
        client
            .create_file(
                &CreateFileRequest::builder()
                    .repository_id(repository)
                    .file_path(path)
                    .branch(branch)
                    .commit_message(format!("Add {path}"))
                    .content(content)
                    .encoding(encoding)
                    .build()?,
            )
            .await?;
        println!("created {path} ({} bytes)", bytes.len());
    }

    let listed = list(client, repository, branch, dir).await?;
    let expected: Vec<&str> = files.iter().map(|(path, _)| path.as_str()).collect();
    if listed != expected {
        return Err(format!("{dir} lists {listed:?}, expected {expected:?}").into());
    }
    println!("{dir} lists {} files, two a page", listed.len());

    for (path, bytes) in &files {
        let shown = show(client, repository, branch, path).await?;
        if decoded_content(&shown)? != *bytes || read_raw(client, repository, branch, path).await? != *bytes {
            return Err(format!("{path} does not read back byte for byte").into());
        }
    }
    println!("read every file back byte for byte (ShowFile and ShowFileRaw)");

    let readme = &files[0].0;
    let last_commit_id = show(client, repository, branch, readme).await?.last_commit_id;
    let mut body = UpdateFileBodyDto::builder()
        .file_path(readme)
        .branch(branch)
        .commit_message("Update README")
        .content("# cloudspec, updated\n")
        .build();
    body.last_commit_id = last_commit_id;
    client
        .update_file(
            &UpdateFileRequest::builder()
                .repository_id(repository)
                .file_path(readme)
                .body(serde_json::to_value(&body)?)
                .build()?,
        )
        .await?;
    if read_raw(client, repository, branch, readme).await? != b"# cloudspec, updated\n" {
        return Err("the updated README does not read back".into());
    }
    println!("updated {readme}");

    let (notes, notes_bytes) = &files[2];
    let renamed = format!("{dir}/renamed.txt");
    client
        .rename_file(
            &RenameFileRequest::builder()
                .repository_id(repository)
                .file_path(&renamed)
                .branch_name(branch)
                .commit_message("Rename notes")
                .previous_path(notes)
                .infer_content(true)
                .build()?,
        )
        .await?;
    if read_raw(client, repository, branch, &renamed).await? != *notes_bytes {
        return Err("the renamed file does not keep its content".into());
    }
    println!("renamed {notes} to {renamed}");

    let data = &files[1].0;
    delete(client, repository, branch, data).await?;
    let listed = list(client, repository, branch, dir).await?;
    let expected = [readme.as_str(), renamed.as_str()];
    if listed != expected {
        return Err(format!("after the delete {dir} lists {listed:?}, expected {expected:?}").into());
    }
    match show(client, repository, branch, data).await {
        Err(Error::Service(e)) if e.code == ShowFileErrorCode::Ch00402000 => {
            println!("deleted {data}; reading it is CH.00402000 ({})", e.message)
        }
        other => return Err(format!("reading deleted {data} gave {other:?}").into()),
    }

    for path in expected {
        delete(client, repository, branch, path).await?;
    }
    println!("cleaned up {dir}");
    Ok(())
}

/// The paths under `dir`, walking every page of ListTrees two entries at a time.
async fn list(client: &Client, repository: i32, branch: &str, dir: &str) -> Result<Vec<String>, BoxError> {
    let request =
        ListTreesRequest::builder().repository_id(repository).ref_(branch).path(dir).limit(2).build()?;
    let entries: Vec<TreeObjectDto> = client.list_trees_pages(&request).items().collect_all().await?;
    let mut paths: Vec<String> = entries.into_iter().filter_map(|entry| entry.path).collect();
    paths.sort();
    Ok(paths)
}

async fn show(
    client: &Client,
    repository: i32,
    branch: &str,
    path: &str,
) -> Result<ShowFileResponse, Error<ShowFileErrorCode>> {
    let request = ShowFileRequest::builder()
        .repository_id(repository)
        .ref_(branch)
        .file_path(path)
        .build()
        .map_err(Error::from)?;
    client.show_file(&request).await
}

/// ShowFile's content as bytes: base64 when its encoding says so, text otherwise.
fn decoded_content(shown: &ShowFileResponse) -> Result<Vec<u8>, BoxError> {
    let content = shown.content.as_deref().ok_or("ShowFile returned no content")?;
    Ok(match shown.encoding.as_deref() {
        Some(encoding) if encoding.eq_ignore_ascii_case("base64") => {
            base64::engine::general_purpose::STANDARD.decode(content)?
        }
        _ => content.as_bytes().to_vec(),
    })
}

async fn read_raw(client: &Client, repository: i32, branch: &str, path: &str) -> Result<Vec<u8>, BoxError> {
    let request =
        ShowFileRawRequest::builder().repository_id(repository).ref_(branch).file_path(path).build()?;
    Ok(client.show_file_raw(&request).await?.content.body.into_bytes().await?.to_vec())
}

/// DeleteFile, whose page documents `204` with the body `{"status": "success"}`.
async fn delete(client: &Client, repository: i32, branch: &str, path: &str) -> Result<(), BoxError> {
    let request = DeleteFileRequest::builder()
        .repository_id(repository)
        .file_path(path)
        .branch(branch)
        .commit_message(format!("Delete {path}"))
        .build()?;
    // A 204 carries no body, so `status` is absent on success; a body saying `fail` is not.
    match client.delete_file(&request).await? {
        output if output.status != Some(DeleteFileStatus::Fail) => Ok(()),
        output => Err(format!("deleting {path} answered {output:?}").into()),
    }
}
