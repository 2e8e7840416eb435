//! The whole life of WeData code files through the generated client: create a folder, create
//! two files in it, list the tree, read each file back, save a new version, rename the folder,
//! delete the files and the folder, and see them gone (a typed `ResourceNotFound`).
//!
//! By default it runs against the stateful local fake of `cloudspec-fakes`. With
//! `TENCENTCLOUD_SECRET_ID` and `TENCENTCLOUD_SECRET_KEY` set it runs against the real service
//! (region from `TENCENTCLOUD_REGION`, default `ap-guangzhou`) in the project given as the first
//! argument, creating and then deleting a folder `cloudspec-example-<unix time>` at its root.
//!
//! ```sh
//! cargo run -p cloudspec-tests --example tencent_files                 # against the fake
//! TENCENTCLOUD_SECRET_ID=… TENCENTCLOUD_SECRET_KEY=… \
//!   cargo run -p cloudspec-tests --example tencent_files -- <project id>  # against WeData
//! ```
//! CI runs [`run_against_fake`] through tests/tests/lifecycle_tencent_wedata.rs.

use cloudspec_clients::tencent::wedata::{
    Client, CodeFile, CodeFolderNode, CommonErrorCode, CreateCodeFileRequest, CreateCodeFolderRequest,
    DeleteCodeFileRequest, DeleteCodeFolderRequest, GetCodeFileErrorCode, GetCodeFileRequest,
    ListCodeFolderContentsRequest, UpdateCodeFileRequest, UpdateCodeFolderRequest,
};
use cloudspec_fakes::tencent_wedata::FakeWeData;
use cloudspec_runtime::Error;
use cloudspec_runtime::credentials::TencentCredentials;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[allow(dead_code)] // `main` is unused where a test includes this file for `run_against_fake`.
#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let real = std::env::var_os("TENCENTCLOUD_SECRET_ID").is_some()
        && std::env::var_os("TENCENTCLOUD_SECRET_KEY").is_some();
    if !real {
        return run_against_fake().await;
    }
    let project_id =
        std::env::args().nth(1).ok_or("usage: tencent_files <project id> (with real credentials)")?;
    let region = std::env::var("TENCENTCLOUD_REGION").unwrap_or_else(|_| "ap-guangzhou".to_owned());
    let client = Client::builder().credentials(TencentCredentials::from_env()?).region(region).build()?;
    let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_secs();
    workflow(&client, &project_id, &format!("cloudspec-example-{stamp}")).await
}

/// The workflow against a fresh local fake.
pub async fn run_against_fake() -> Result<(), BoxError> {
    let fake = FakeWeData::start().await?;
    let config = fake.config();
    let client = Client::builder()
        .credentials(TencentCredentials::new(config.secret_id, config.secret_key))
        .region("ap-guangzhou")
        .allow_insecure_http()
        .endpoint(fake.endpoint())
        .build()?;
    workflow(&client, "1470547050521227264", "cloudspec-example").await
}

/// Every step of a code file's life in `project_id`, in a new root folder `folder_name`.
pub async fn workflow(client: &Client, project_id: &str, folder_name: &str) -> Result<(), BoxError> {
    let created = client
        .create_code_folder(
            &CreateCodeFolderRequest::builder()
                .project_id(project_id)
                .folder_name(folder_name)
                .parent_folder_path("/")
                .build()?,
        )
        .await?;
    let folder_id = created.data.and_then(|d| d.folder_id).ok_or("CreateCodeFolder returned no FolderId")?;
    let folder_path = format!("/{folder_name}");
    println!("created folder {folder_path} ({folder_id})");

    let sources = [("query.sql", "SELECT 1;"), ("notes.py", "print('hello from cloudspec')")];
    let mut file_ids = Vec::new();
    for (name, content) in sources {
        let request = CreateCodeFileRequest::builder()
            .project_id(project_id)
            .code_file_name(name)
            .parent_folder_path(&folder_path)
            .code_file_content(content)
            .build()?;
        let file = client.create_code_file(&request).await?.data.ok_or("CreateCodeFile returned no Data")?;
        let id = file.code_file_id.ok_or("CreateCodeFile returned no CodeFileId")?;
        println!("created {} ({id})", file.path.as_deref().unwrap_or(name));
        file_ids.push(id);
    }

    let tree = list(client, project_id).await?;
    let folder = tree
        .iter()
        .find(|n| n.id.as_deref() == Some(folder_id.as_str()))
        .ok_or("the folder is not listed")?;
    let children = folder.children.as_deref().unwrap_or_default();
    println!("{folder_path} holds {} entries", children.len());
    if children.len() != sources.len() {
        return Err(
            format!("expected {} files in {folder_path}, listed {}", sources.len(), children.len()).into()
        );
    }

    for ((_, content), id) in sources.iter().zip(&file_ids) {
        let read = get(client, project_id, id).await?.ok_or("GetCodeFile returned no Data")?;
        if read.code_file_content.as_deref() != Some(*content) {
            return Err(format!("{id} reads back {:?}, not {content:?}", read.code_file_content).into());
        }
    }
    println!("read every file back unchanged");

    let saved = client
        .update_code_file(
            &UpdateCodeFileRequest::builder()
                .project_id(project_id)
                .code_file_id(&file_ids[0])
                .code_file_content("SELECT 2;")
                .build()?,
        )
        .await?
        .data
        .ok_or("UpdateCodeFile returned no Data")?;
    println!("saved a new version ({:?}) of {:?}", saved.version_id, saved.path);
    if get(client, project_id, &file_ids[0]).await?.and_then(|f| f.code_file_content).as_deref()
        != Some("SELECT 2;")
    {
        return Err("the new version does not read back".into());
    }

    let renamed = format!("{folder_name}-renamed");
    client
        .update_code_folder(
            &UpdateCodeFolderRequest::builder()
                .project_id(project_id)
                .folder_id(&folder_id)
                .folder_name(&renamed)
                .build()?,
        )
        .await?;
    println!("renamed the folder to /{renamed}; its files are now under it");

    for id in &file_ids {
        client
            .delete_code_file(
                &DeleteCodeFileRequest::builder().project_id(project_id).code_file_id(id).build()?,
            )
            .await?;
        match get(client, project_id, id).await {
            Err(Error::Service(e))
                if e.code == GetCodeFileErrorCode::Common(CommonErrorCode::ResourceNotFound) =>
            {
                println!("deleted {id}; reading it is ResourceNotFound")
            }
            other => return Err(format!("reading deleted {id} gave {other:?}").into()),
        }
    }
    client
        .delete_code_folder(
            &DeleteCodeFolderRequest::builder().project_id(project_id).folder_id(&folder_id).build()?,
        )
        .await?;
    if list(client, project_id).await?.iter().any(|n| n.id.as_deref() == Some(folder_id.as_str())) {
        return Err("the deleted folder is still listed".into());
    }
    println!("deleted the folder; the root no longer lists it");
    Ok(())
}

async fn list(client: &Client, project_id: &str) -> Result<Vec<CodeFolderNode>, BoxError> {
    let request =
        ListCodeFolderContentsRequest::builder().project_id(project_id).parent_folder_path("/").build()?;
    Ok(client.list_code_folder_contents(&request).await?.data.unwrap_or_default())
}

async fn get(
    client: &Client,
    project_id: &str,
    id: &str,
) -> Result<Option<CodeFile>, Error<GetCodeFileErrorCode>> {
    let request = GetCodeFileRequest::builder()
        .project_id(project_id)
        .code_file_id(id)
        .include_content(true)
        .build()
        .map_err(Error::from)?;
    Ok(client.get_code_file(&request).await?.data)
}
