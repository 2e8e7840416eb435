//! The life of Tencent WeData code files and folders, end to end through the generated client,
//! against the stateful fake of `cloudspec-fakes` on 127.0.0.1 (which verifies every TC3
//! signature and keeps state between calls).

use cloudspec_clients::tencent::wedata::{
    Client, CodeFileConfig, CodeFolderNode, CodeFolderNodeType, CommonErrorCode, CreateCodeFileErrorCode,
    CreateCodeFileRequest, CreateCodeFolderErrorCode, CreateCodeFolderRequest, DeleteCodeFileRequest,
    DeleteCodeFolderErrorCode, DeleteCodeFolderRequest, GetCodeFileErrorCode, GetCodeFileRequest,
    GetCodeFolderErrorCode, GetCodeFolderRequest, ListCodeFolderContentsRequest, UpdateCodeFileRequest,
    UpdateCodeFolderRequest,
};
use cloudspec_fakes::tencent_wedata::{Call, FakeWeData};
use cloudspec_runtime::Error;
use cloudspec_runtime::credentials::TencentCredentials;

#[path = "../examples/tencent_files.rs"]
mod tencent_files;

const PROJECT: &str = "1470547050521227264";

fn client_for(fake: &FakeWeData, secret_key: &str) -> Client {
    Client::builder()
        .credentials(TencentCredentials::new(fake.config().secret_id, secret_key))
        .region("ap-guangzhou")
        .allow_insecure_http()
        .endpoint(fake.endpoint())
        .retry(cloudspec_tests::retries::quick())
        .build()
        .expect("a valid client")
}

async fn started() -> (FakeWeData, Client) {
    let fake = FakeWeData::start().await.expect("the fake starts");
    let client = client_for(&fake, &fake.config().secret_key);
    (fake, client)
}

async fn create_folder(client: &Client, name: &str, parent: &str) -> String {
    let request = CreateCodeFolderRequest::builder()
        .project_id(PROJECT)
        .folder_name(name)
        .parent_folder_path(parent)
        .build()
        .unwrap();
    client.create_code_folder(&request).await.expect("CreateCodeFolder").data.unwrap().folder_id.unwrap()
}

async fn create_file(client: &Client, name: &str, parent: &str, content: &str) -> String {
    let request = CreateCodeFileRequest::builder()
        .project_id(PROJECT)
        .code_file_name(name)
        .parent_folder_path(parent)
        .code_file_content(content)
        .build()
        .unwrap();
    client.create_code_file(&request).await.expect("CreateCodeFile").data.unwrap().code_file_id.unwrap()
}

async fn read(
    client: &Client,
    id: &str,
) -> Result<cloudspec_clients::tencent::wedata::CodeFile, Error<GetCodeFileErrorCode>> {
    let request = GetCodeFileRequest::builder()
        .project_id(PROJECT)
        .code_file_id(id)
        .include_content(true)
        .build()
        .unwrap();
    Ok(client.get_code_file(&request).await?.data.expect("GetCodeFile has Data"))
}

async fn tree(client: &Client, parent: &str) -> Vec<CodeFolderNode> {
    let request = ListCodeFolderContentsRequest::builder()
        .project_id(PROJECT)
        .parent_folder_path(parent)
        .build()
        .unwrap();
    client.list_code_folder_contents(&request).await.expect("ListCodeFolderContents").data.unwrap_or_default()
}

/// `(path, type)` of every node of the tree, depth first.
fn flatten(nodes: &[CodeFolderNode]) -> Vec<(String, CodeFolderNodeType)> {
    nodes
        .iter()
        .flat_map(|n| {
            let mut all = vec![(n.path.clone().unwrap(), n.type_.clone().unwrap())];
            all.extend(flatten(n.children.as_deref().unwrap_or_default()));
            all
        })
        .collect()
}

#[tokio::test]
async fn lifecycle_tencent_wedata_files_and_folders() {
    let (fake, client) = started().await;

    // A folder with a sub-folder, and files in both.
    let folder = create_folder(&client, "reports", "/").await;
    let sub = create_folder(&client, "daily", "/reports").await;
    let query = create_file(&client, "query.sql", "/reports", "SELECT 1;").await;
    let notebook = create_file(&client, "notebook.ipynb", "/reports/daily", "{\"cells\": []}").await;

    // The list is the whole tree: folders first, then files, each by name.
    assert_eq!(
        flatten(&tree(&client, "/").await),
        vec![
            ("/reports".to_owned(), CodeFolderNodeType::Folder),
            ("/reports/daily".to_owned(), CodeFolderNodeType::Folder),
            ("/reports/daily/notebook.ipynb".to_owned(), CodeFolderNodeType::Script),
            ("/reports/query.sql".to_owned(), CodeFolderNodeType::Script),
        ]
    );

    // Each file reads back byte for byte, with its place and its first version.
    let first = read(&client, &query).await.unwrap();
    assert_eq!(first.code_file_content.as_deref(), Some("SELECT 1;"));
    assert_eq!(first.path.as_deref(), Some("/reports/query.sql"));
    assert_eq!(first.parent_folder_path.as_deref(), Some("/reports"));
    assert_eq!(read(&client, &notebook).await.unwrap().code_file_content.as_deref(), Some("{\"cells\": []}"));
    // Without IncludeContent the page says only the configuration comes back.
    let request = GetCodeFileRequest::builder().project_id(PROJECT).code_file_id(&query).build().unwrap();
    let bare = client.get_code_file(&request).await.unwrap().data.unwrap();
    assert_eq!(bare.code_file_content, None);

    // Saving a new version changes the content, the configuration, the version and the update time.
    let config = CodeFileConfig::builder().params(Some("{\"day\":\"2025-09-18\"}".to_owned())).build();
    let request = UpdateCodeFileRequest::builder()
        .project_id(PROJECT)
        .code_file_id(&query)
        .code_file_content("SELECT 2;")
        .code_file_config(config.clone())
        .build()
        .unwrap();
    let saved = client.update_code_file(&request).await.unwrap().data.unwrap();
    assert_ne!(saved.version_id, first.version_id);
    let second = read(&client, &query).await.unwrap();
    assert_eq!(second.code_file_content.as_deref(), Some("SELECT 2;"));
    assert_eq!(second.code_file_config, Some(config));
    assert_eq!(second.create_time, first.create_time);
    assert!(
        second.update_time.as_ref().unwrap().value().unwrap()
            > first.update_time.as_ref().unwrap().value().unwrap(),
        "the update time moves forward"
    );

    // WeData renames folders (UpdateCodeFolder); everything under one moves with it.
    let request = UpdateCodeFolderRequest::builder()
        .project_id(PROJECT)
        .folder_id(&folder)
        .folder_name("archive")
        .build()
        .unwrap();
    assert_eq!(client.update_code_folder(&request).await.unwrap().data.unwrap().status, Some(true));
    assert_eq!(
        read(&client, &notebook).await.unwrap().path.as_deref(),
        Some("/archive/daily/notebook.ipynb")
    );
    let request = GetCodeFolderRequest::builder().project_id(PROJECT).folder_id(&sub).build().unwrap();
    assert_eq!(
        client.get_code_folder(&request).await.unwrap().data.unwrap().path.as_deref(),
        Some("/archive/daily")
    );

    // Delete the files: the list no longer shows them, and reading one is a typed not-found.
    for id in [&query, &notebook] {
        let request = DeleteCodeFileRequest::builder().project_id(PROJECT).code_file_id(id).build().unwrap();
        let deleted = client.delete_code_file(&request).await.unwrap().data.unwrap();
        assert_eq!((deleted.status, deleted.code_file_id.as_deref()), (Some(true), Some(id.as_str())));
    }
    assert_eq!(
        flatten(&tree(&client, "/").await),
        vec![
            ("/archive".to_owned(), CodeFolderNodeType::Folder),
            ("/archive/daily".to_owned(), CodeFolderNodeType::Folder)
        ]
    );
    match read(&client, &query).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.code, GetCodeFileErrorCode::Common(CommonErrorCode::ResourceNotFound));
            assert_eq!(e.status, 200, "Tencent reports failures inside an HTTP 200");
            assert!(e.request_id.is_some());
        }
        other => panic!("reading a deleted file must be ResourceNotFound, got {other:?}"),
    }

    // A folder that still holds one refuses deletion; emptied, it goes, and stays gone.
    let delete_folder =
        |id: &str| DeleteCodeFolderRequest::builder().project_id(PROJECT).folder_id(id).build().unwrap();
    match client.delete_code_folder(&delete_folder(&folder)).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.code, DeleteCodeFolderErrorCode::Common(CommonErrorCode::ResourceInUse))
        }
        other => panic!("deleting a folder that is not empty must fail, got {other:?}"),
    }
    client.delete_code_folder(&delete_folder(&sub)).await.unwrap();
    client.delete_code_folder(&delete_folder(&folder)).await.unwrap();
    assert!(tree(&client, "/").await.is_empty());
    let request = GetCodeFolderRequest::builder().project_id(PROJECT).folder_id(&folder).build().unwrap();
    match client.get_code_folder(&request).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.code, GetCodeFolderErrorCode::Common(CommonErrorCode::ResourceNotFound))
        }
        other => panic!("a deleted folder must be ResourceNotFound, got {other:?}"),
    }
    // Every request of the client verified: the fake refused none for its signature.
    let refused = fake
        .calls()
        .into_iter()
        .filter(|c| c.error_code.as_deref().is_some_and(|code| code.starts_with("AuthFailure")));
    assert_eq!(refused.count(), 0);
}

#[tokio::test]
async fn lifecycle_tencent_wedata_conflicts_and_bad_parameters_use_tencent_codes() {
    let (_fake, client) = started().await;
    create_folder(&client, "etl", "/").await;
    create_file(&client, "load.sql", "/etl", "").await;

    let again = CreateCodeFolderRequest::builder()
        .project_id(PROJECT)
        .folder_name("etl")
        .parent_folder_path("/")
        .build()
        .unwrap();
    match client.create_code_folder(&again).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.code, CreateCodeFolderErrorCode::Common(CommonErrorCode::ResourceInUse))
        }
        other => panic!("a second folder of the same name must conflict, got {other:?}"),
    }
    let same_name = CreateCodeFileRequest::builder()
        .project_id(PROJECT)
        .code_file_name("load.sql")
        .parent_folder_path("/etl")
        .build()
        .unwrap();
    match client.create_code_file(&same_name).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.code, CreateCodeFileErrorCode::Common(CommonErrorCode::ResourceInUse))
        }
        other => panic!("a second file of the same name must conflict, got {other:?}"),
    }
    let nowhere = CreateCodeFileRequest::builder()
        .project_id(PROJECT)
        .code_file_name("x.sql")
        .parent_folder_path("/missing")
        .build()
        .unwrap();
    match client.create_code_file(&nowhere).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.code, CreateCodeFileErrorCode::Common(CommonErrorCode::ResourceNotFound))
        }
        other => panic!("a file in a missing folder must be ResourceNotFound, got {other:?}"),
    }
    let bad_name = CreateCodeFileRequest::builder()
        .project_id(PROJECT)
        .code_file_name("a/b.sql")
        .parent_folder_path("/etl")
        .build()
        .unwrap();
    match client.create_code_file(&bad_name).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.code, CreateCodeFileErrorCode::Common(CommonErrorCode::InvalidParameterValue))
        }
        other => panic!("a name with a slash must be InvalidParameterValue, got {other:?}"),
    }
    // Keyword and folder-only filters of the tree.
    let request = ListCodeFolderContentsRequest::builder()
        .project_id(PROJECT)
        .parent_folder_path("/")
        .only_folder_node(true)
        .build()
        .unwrap();
    let folders = client.list_code_folder_contents(&request).await.unwrap().data.unwrap();
    assert_eq!(flatten(&folders), vec![("/etl".to_owned(), CodeFolderNodeType::Folder)]);
    let request =
        ListCodeFolderContentsRequest::builder().project_id(PROJECT).keyword("load").build().unwrap();
    let found = client.list_code_folder_contents(&request).await.unwrap().data.unwrap();
    assert_eq!(
        flatten(&found),
        vec![
            ("/etl".to_owned(), CodeFolderNodeType::Folder),
            ("/etl/load.sql".to_owned(), CodeFolderNodeType::Script)
        ]
    );
}

#[tokio::test]
async fn lifecycle_tencent_wedata_throttled_call_is_retried() {
    let (fake, client) = started().await;
    let id = create_file(&client, "a.sql", "/", "SELECT 1;").await;
    fake.throttle_next(1);
    assert_eq!(read(&client, &id).await.unwrap().code_file_content.as_deref(), Some("SELECT 1;"));
    let calls = fake.calls();
    assert_eq!(
        calls[calls.len() - 2..],
        [
            Call { action: "GetCodeFile".to_owned(), error_code: Some("RequestLimitExceeded".to_owned()) },
            Call { action: "GetCodeFile".to_owned(), error_code: None },
        ]
    );

    // Throttled beyond the retry policy, the caller gets the typed code.
    fake.throttle_next(3);
    match read(&client, &id).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.code, GetCodeFileErrorCode::Common(CommonErrorCode::RequestLimitExceeded))
        }
        other => panic!("three throttled attempts must surface RequestLimitExceeded, got {other:?}"),
    }
}

#[tokio::test]
async fn lifecycle_tencent_wedata_bad_signature_is_refused() {
    let fake = FakeWeData::start().await.unwrap();
    let wrong = client_for(&fake, "notTheSecretKey0000000000000000000");
    let request = CreateCodeFolderRequest::builder()
        .project_id(PROJECT)
        .folder_name("x")
        .parent_folder_path("/")
        .build()
        .unwrap();
    match wrong.create_code_folder(&request).await {
        Err(Error::Service(e)) => {
            assert_eq!(
                e.code,
                CreateCodeFolderErrorCode::Common(CommonErrorCode::AuthFailureSignatureFailure)
            );
            assert_eq!(e.raw_code, "AuthFailure.SignatureFailure");
        }
        other => panic!("a bad signature must be refused, got {other:?}"),
    }
    // Refused before any effect: the folder does not exist for the right key either.
    let right = client_for(&fake, &fake.config().secret_key);
    assert!(tree(&right, "/").await.is_empty());
    assert_eq!(
        fake.calls()[0],
        Call {
            action: "CreateCodeFolder".to_owned(),
            error_code: Some("AuthFailure.SignatureFailure".to_owned())
        }
    );
}

#[tokio::test]
async fn lifecycle_tencent_wedata_example_runs_against_the_fake() {
    tencent_files::run_against_fake().await.expect("the tencent_files example's workflow succeeds");
}
