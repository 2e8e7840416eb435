//! The whole life of PDS files through the generated client (and the transfer helpers built on
//! it) against the stateful fake of `cloudspec-fakes`: a folder, files uploaded into it, the
//! folder listed two at a time through the generated paginator, each file read back byte for
//! byte, renamed and starred, moved, copied, deleted (a typed `NotFound` afterwards), a folder
//! moved and deleted through its asynchronous task, and the fake's error paths: a bad token is
//! `AccessTokenInvalid`, a throttled call is retried, a failed task is a typed wait failure.

use std::time::Duration;

use cloudspec_clients::alibaba::pds::{
    AsyncTaskState, CheckNameMode, Client, CommonErrorCode, CopyFileRequest, CreateFileRequest,
    DeleteFileRequest, FileType, GetFileErrorCode, GetFileRequest, ListFileErrorCode, ListFileRequest,
    MoveFileRequest, UpdateFileRequest,
};
use cloudspec_fakes::alibaba_pds::{Call, FakePds};
use cloudspec_pds_transfer::{UploadOptions, download_to, upload_reader};
use cloudspec_runtime::credentials::BearerToken;
use cloudspec_runtime::{Error, WaitError, WaitPolicy};

#[path = "../examples/alibaba_pds_files.rs"]
mod alibaba_pds_files;

const DRIVE: &str = "1";

fn client_with(fake: &FakePds, token: &str) -> Client {
    Client::builder()
        .credentials(BearerToken::new(token))
        .allow_insecure_http()
        .endpoint(fake.endpoint())
        .retry(cloudspec_tests::retries::quick())
        .build()
        .expect("a valid client")
}

async fn started() -> (FakePds, Client) {
    let fake = FakePds::start().await.expect("the fake starts");
    let client = client_with(&fake, &fake.config().access_token);
    (fake, client)
}

fn quick_waits() -> WaitPolicy {
    WaitPolicy {
        initial_delay: Duration::from_millis(1),
        multiplier: 2.0,
        max_delay: Duration::from_millis(10),
        timeout: Duration::from_secs(30),
    }
}

async fn create_folder(client: &Client, name: &str, parent: &str) -> String {
    let request = CreateFileRequest::builder()
        .drive_id(DRIVE)
        .parent_file_id(parent)
        .name(name)
        .type_(FileType::Folder)
        .build()
        .unwrap();
    client.create_file(&request).await.expect("the folder is created").file_id.expect("a folder id")
}

async fn upload(client: &Client, parent: &str, name: &str, content: &[u8]) -> String {
    let options = UploadOptions::new(DRIVE, parent, name);
    let file = upload_reader(client, std::io::Cursor::new(content.to_vec()), content.len() as u64, &options)
        .await
        .expect("the upload completes");
    file.file_id.expect("a file id")
}

async fn read(client: &Client, file_id: &str) -> Vec<u8> {
    let mut bytes = Vec::new();
    download_to(client, DRIVE, file_id, &mut bytes, None).await.expect("the download");
    bytes
}

async fn names_in(client: &Client, parent: &str) -> Vec<String> {
    let request = ListFileRequest::builder().drive_id(DRIVE).parent_file_id(parent).limit(2).build().unwrap();
    let items = client.list_file_pages(&request).items().collect_all().await.expect("every page");
    items.into_iter().map(|file| file.name.unwrap_or_default()).collect()
}

async fn get(
    client: &Client,
    file_id: &str,
) -> Result<cloudspec_clients::alibaba::pds::GetFileResponse, Error<GetFileErrorCode>> {
    client.get_file(&GetFileRequest::builder().drive_id(DRIVE).file_id(file_id).build().unwrap()).await
}

#[tokio::test]
async fn lifecycle_alibaba_pds_files_and_folders() {
    let (fake, client) = started().await;
    let docs = create_folder(&client, "docs", "root").await;
    let archive = create_folder(&client, "archive", "root").await;

    let contents: [(&str, &[u8]); 5] = [
        ("a.txt", b"alpha"),
        ("b.txt", b"bravo bravo"),
        ("c.bin", &[0, 1, 2, 255, 254]),
        ("d.md", b"# delta"),
        ("e.txt", b""),
    ];
    let mut ids = Vec::new();
    for (name, content) in contents {
        ids.push(upload(&client, &docs, name, content).await);
    }

    // Five files listed two at a time: three pages through the generated marker paginator.
    assert_eq!(names_in(&client, &docs).await, ["a.txt", "b.txt", "c.bin", "d.md", "e.txt"]);
    let pages = fake.calls().iter().filter(|c| c.path == "/v2/file/list").count();
    assert_eq!(pages, 3, "5 items in pages of 2");

    for ((_, content), id) in contents.iter().zip(&ids) {
        assert_eq!(read(&client, id).await, *content, "file {id} reads back byte for byte");
    }

    // Update: rename, describe and star a file.
    let update = UpdateFileRequest::builder()
        .drive_id(DRIVE)
        .file_id(&ids[0])
        .name("a-renamed.txt")
        .description("the first file")
        .starred(true)
        .build()
        .unwrap();
    let updated = client.update_file(&update).await.expect("the update");
    assert_eq!(updated.name.as_deref(), Some("a-renamed.txt"));
    assert_eq!(updated.starred, Some(true));
    assert_eq!(get(&client, &ids[0]).await.unwrap().description.as_deref(), Some("the first file"));

    // A rename onto a taken name with `refuse` changes nothing and answers the other file.
    let clash = UpdateFileRequest::builder()
        .drive_id(DRIVE)
        .file_id(&ids[0])
        .name("b.txt")
        .check_name_mode(CheckNameMode::Refuse)
        .build()
        .unwrap();
    assert_eq!(client.update_file(&clash).await.unwrap().file_id.as_deref(), Some(ids[1].as_str()));

    // Move a file (at once: an empty async_task_id) and copy one.
    let moved = client
        .move_file(
            &MoveFileRequest::builder()
                .drive_id(DRIVE)
                .file_id(&ids[1])
                .to_parent_file_id(&archive)
                .build()
                .unwrap(),
        )
        .await
        .expect("the move");
    assert_eq!(moved.async_task_id.as_deref(), Some(""));
    assert!(client.wait_move_file(&moved, quick_waits()).await.unwrap().is_none(), "nothing to wait for");
    assert_eq!(names_in(&client, &archive).await, ["b.txt"]);
    let copied = client
        .copy_file(
            &CopyFileRequest::builder()
                .drive_id(DRIVE)
                .file_id(&ids[2])
                .to_parent_file_id(&archive)
                .build()
                .unwrap(),
        )
        .await
        .expect("the copy");
    let copy_id = copied.file_id.expect("the copy's id");
    assert_eq!(read(&client, &copy_id).await, contents[2].1);

    // Delete a file: gone from the list, and reading it is a typed NotFound.
    client
        .delete_file(&DeleteFileRequest::builder().drive_id(DRIVE).file_id(&ids[3]).build().unwrap())
        .await
        .unwrap();
    assert_eq!(names_in(&client, &docs).await, ["a-renamed.txt", "c.bin", "e.txt"]);
    match get(&client, &ids[3]).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.code, GetFileErrorCode::Common(CommonErrorCode::NotFound));
            assert_eq!(e.status, 404);
        }
        other => panic!("a deleted file must be NotFound, got {other:?}"),
    }

    // A folder moves through an asynchronous task, then is deleted through another.
    let folder_move = client
        .move_file(
            &MoveFileRequest::builder()
                .drive_id(DRIVE)
                .file_id(&archive)
                .to_parent_file_id(&docs)
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert!(folder_move.async_task_id.as_deref().is_some_and(|t| !t.is_empty()), "a folder move is a task");
    assert_eq!(
        get(&client, &archive).await.unwrap().parent_file_id.as_deref(),
        Some("root"),
        "not moved yet"
    );
    let done = client.wait_move_file(&folder_move, quick_waits()).await.expect("the task succeeds").unwrap();
    assert_eq!(done.state, Some(AsyncTaskState::Succeed));
    assert_eq!(get(&client, &archive).await.unwrap().parent_file_id.as_deref(), Some(docs.as_str()));

    let deleting = client
        .delete_file(&DeleteFileRequest::builder().drive_id(DRIVE).file_id(&docs).build().unwrap())
        .await
        .unwrap();
    client.wait_delete_file(&deleting, quick_waits()).await.expect("the delete task");
    assert_eq!(names_in(&client, "root").await, Vec::<String>::new());
    for gone in [&docs, &archive, &ids[0], &copy_id] {
        assert!(
            matches!(get(&client, gone).await, Err(Error::Service(e)) if e.code == GetFileErrorCode::Common(CommonErrorCode::NotFound))
        );
    }
}

#[tokio::test]
async fn lifecycle_alibaba_pds_failed_task_is_a_typed_wait_failure() {
    let (fake, client) = started().await;
    let folder = create_folder(&client, "keep", "root").await;
    fake.fail_next_task();
    let deleting = client
        .delete_file(&DeleteFileRequest::builder().drive_id(DRIVE).file_id(&folder).build().unwrap())
        .await
        .unwrap();
    match client.wait_delete_file(&deleting, quick_waits()).await {
        Err(WaitError::Failed { error, .. }) => {
            assert_eq!(error.state, "Failed");
            assert_eq!(error.code.as_deref(), Some("InternalError"));
        }
        other => panic!("a failed task must be WaitError::Failed, got {other:?}"),
    }
    assert!(get(&client, &folder).await.is_ok(), "a failed delete changes nothing");
}

#[tokio::test]
async fn lifecycle_alibaba_pds_throttled_call_is_retried() {
    let (fake, client) = started().await;
    fake.throttle_next(1);
    assert!(names_in(&client, "root").await.is_empty());
    let calls = fake.calls();
    assert_eq!(
        calls[..2],
        [
            Call {
                path: "/v2/file/list".to_owned(),
                status: 429,
                error_code: Some("TooManyRequests".to_owned())
            },
            Call { path: "/v2/file/list".to_owned(), status: 200, error_code: None },
        ]
    );
}

#[tokio::test]
async fn lifecycle_alibaba_pds_bad_token_is_refused() {
    let fake = FakePds::start().await.unwrap();
    let wrong = client_with(&fake, "not-the-token");
    let request = ListFileRequest::builder().drive_id(DRIVE).parent_file_id("root").build().unwrap();
    match wrong.list_file(&request).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.code, ListFileErrorCode::Common(CommonErrorCode::AccessTokenInvalid));
            assert_eq!(e.status, 401);
        }
        other => panic!("a wrong token must be refused, got {other:?}"),
    }
    assert_eq!(fake.calls()[0].error_code.as_deref(), Some("AccessTokenInvalid"));
}

#[tokio::test]
async fn lifecycle_alibaba_pds_example_runs_against_the_fake() {
    alibaba_pds_files::run_against_fake().await.expect("the alibaba_pds_files example's workflow succeeds");
}
