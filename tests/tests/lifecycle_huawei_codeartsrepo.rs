//! The life of files in a Huawei Cloud CodeArts Repo repository, end to end through the
//! generated client, against the stateful fake of `cloudspec-fakes` on 127.0.0.1 (which checks
//! every IAM token or AK/SK signature and keeps repositories, branches, trees and commits).

use base64::Engine;
use cloudspec_clients::huawei::codeartsrepo::{
    Client, CommonErrorCode, CreateDirRequest, CreateFileErrorCode, CreateFileRequest, DeleteFileRequest,
    ListTreesErrorCode, ListTreesRequest, RenameFileErrorCode, RenameFileRequest, ShowFileErrorCode,
    ShowFileRawErrorCode, ShowFileRawRequest, ShowFileRequest, ShowFileResponse, UpdateFileBodyDto,
    UpdateFileErrorCode, UpdateFileRequest,
};
use cloudspec_fakes::huawei_codeartsrepo::{FakeCodeArtsRepo, blob_id};
use cloudspec_runtime::Error;
use cloudspec_runtime::credentials::{HuaweiAkSk, HuaweiToken};

#[path = "../examples/huawei_codeartsrepo_files.rs"]
mod huawei_codeartsrepo_files;

const REPOSITORY: i32 = 100001;

fn token_client(fake: &FakeCodeArtsRepo, token: &str) -> Client {
    Client::builder()
        .credentials(HuaweiToken::new(token))
        .allow_insecure_http()
        .endpoint(fake.endpoint())
        .retry(cloudspec_tests::retries::quick())
        .build()
        .expect("a valid client")
}

fn aksk_client(fake: &FakeCodeArtsRepo, secret_key: &str) -> Client {
    Client::builder()
        .credentials(HuaweiAkSk::new(fake.config().access_key, secret_key))
        .allow_insecure_http()
        .endpoint(fake.endpoint())
        .retry(cloudspec_tests::retries::quick())
        .build()
        .expect("a valid client")
}

async fn started() -> (FakeCodeArtsRepo, Client) {
    let fake = FakeCodeArtsRepo::start().await.expect("the fake starts");
    let client = token_client(&fake, &fake.config().token);
    (fake, client)
}

fn create_request(path: &str, content: &str) -> CreateFileRequest {
    CreateFileRequest::builder()
        .repository_id(REPOSITORY)
        .file_path(path)
        .branch("master")
        .commit_message(format!("Add {path}"))
        .content(content)
        .build()
        .unwrap()
}

async fn show(client: &Client, path: &str) -> Result<ShowFileResponse, Error<ShowFileErrorCode>> {
    client
        .show_file(&ShowFileRequest::builder().repository_id(REPOSITORY).file_path(path).build().unwrap())
        .await
}

async fn raw(client: &Client, path: &str) -> Result<Vec<u8>, Error<ShowFileRawErrorCode>> {
    let request = ShowFileRawRequest::builder()
        .repository_id(REPOSITORY)
        .ref_("master")
        .file_path(path)
        .build()
        .unwrap();
    let download = client.show_file_raw(&request).await?;
    Ok(download.content.body.into_bytes().await.expect("the whole body arrives").to_vec())
}

/// Every (type, path) under `dir`, through the generated paginator two entries a page.
async fn listed(client: &Client, dir: &str) -> Vec<(String, String)> {
    let request = ListTreesRequest::builder().repository_id(REPOSITORY).path(dir).limit(2).build().unwrap();
    let entries = client.list_trees_pages(&request).items().collect_all().await.expect("every page");
    entries.into_iter().map(|e| (e.type_.unwrap(), e.path.unwrap())).collect()
}

fn blob(path: &str) -> (String, String) {
    ("blob".to_owned(), path.to_owned())
}

fn update_request(path: &str, content: &str, last_commit_id: Option<String>) -> UpdateFileRequest {
    let mut body = UpdateFileBodyDto::builder()
        .file_path(path)
        .branch("master")
        .commit_message(format!("Update {path}"))
        .content(content)
        .build();
    body.last_commit_id = last_commit_id;
    UpdateFileRequest::builder()
        .repository_id(REPOSITORY)
        .file_path(path)
        .body(serde_json::to_value(&body).unwrap())
        .build()
        .unwrap()
}

#[tokio::test]
async fn lifecycle_huawei_codeartsrepo_files() {
    let (fake, client) = started().await;

    // A directory, then five files in it: a commit each.
    let dir = CreateDirRequest::builder()
        .repository_id(REPOSITORY)
        .file_path("src")
        .branch_name("master")
        .commit_message("Create src")
        .build()
        .unwrap();
    let commit = client.create_dir(&dir).await.expect("CreateDir").commit_id.expect("a commit id");
    assert_eq!(commit.len(), 40, "a Git commit id: {commit}");
    let files = [
        ("src/a.rs", "fn a() {}\n"),
        ("src/b.rs", "fn b() {}\n"),
        ("src/c.rs", "fn c() {}\n"),
        ("src/d.md", "# d\n"),
        ("src/e.txt", ""),
    ];
    for (path, content) in files {
        let created = client.create_file(&create_request(path, content)).await.expect("CreateFile");
        assert_eq!((created.file_path.as_deref(), created.branch.as_deref()), (Some(path), Some("master")));
    }
    assert_eq!(fake.commit_count(REPOSITORY, "master"), Some(1 + 1 + files.len()));

    // Listed over three pages of two through the paginator, which stops at X-Total.
    let before = fake.calls().len();
    assert_eq!(listed(&client, "src").await, files.map(|(path, _)| blob(path)));
    let pages: Vec<_> = fake.calls()[before..].iter().map(|c| (c.operation.clone(), c.status)).collect();
    assert_eq!(pages, vec![("ListTrees".to_owned(), 200); 3]);

    // Each file read back byte for byte, by ShowFile (base64) and by ShowFileRaw.
    for (path, content) in files {
        let shown = show(&client, path).await.expect("ShowFile");
        assert_eq!(shown.encoding.as_deref(), Some("base64"));
        let decoded = base64::engine::general_purpose::STANDARD.decode(shown.content.unwrap()).unwrap();
        assert_eq!(decoded, content.as_bytes(), "{path}");
        assert_eq!(shown.size, Some(content.len() as i64));
        assert_eq!(shown.blob_id.as_deref(), Some(blob_id(content.as_bytes()).as_str()));
        assert_eq!(shown.commit.and_then(|c| c.id), shown.last_commit_id);
        assert_eq!(raw(&client, path).await.expect("ShowFileRaw"), content.as_bytes(), "{path}");
    }

    // Update with the last commit id read: a new commit, new content, new blob id.
    let before = show(&client, "src/a.rs").await.unwrap();
    let updated = client
        .update_file(&update_request("src/a.rs", "fn a() -> u8 { 1 }\n", before.last_commit_id.clone()))
        .await
        .expect("UpdateFile");
    assert_eq!(updated.file_path.as_deref(), Some("src/a.rs"));
    let after = show(&client, "src/a.rs").await.unwrap();
    assert_ne!(after.last_commit_id, before.last_commit_id);
    assert_eq!(raw(&client, "src/a.rs").await.unwrap(), b"fn a() -> u8 { 1 }\n");
    // The same update again carries a stale last_commit_id: refused, nothing changes.
    match client.update_file(&update_request("src/a.rs", "lost\n", before.last_commit_id)).await {
        Err(Error::Service(e)) => assert_eq!(e.code, UpdateFileErrorCode::Common(CommonErrorCode::Ch010001)),
        other => panic!("a stale last_commit_id must be refused, got {other:?}"),
    }
    assert_eq!(raw(&client, "src/a.rs").await.unwrap(), b"fn a() -> u8 { 1 }\n");

    // Rename (a move into a new directory), keeping the content.
    let rename = RenameFileRequest::builder()
        .repository_id(REPOSITORY)
        .file_path("docs/d.md")
        .branch_name("master")
        .commit_message("Move d")
        .previous_path("src/d.md")
        .infer_content(true)
        .build()
        .unwrap();
    let moved = client.rename_file(&rename).await.expect("RenameFile");
    assert_eq!(moved.file_path.as_deref(), Some("docs/d.md"));
    assert_eq!(raw(&client, "docs/d.md").await.unwrap(), b"# d\n");
    assert_eq!(listed(&client, "docs").await, [blob("docs/d.md")]);

    // Delete: the 204 answer, then gone from the list and a typed not-found to read.
    let delete = DeleteFileRequest::builder()
        .repository_id(REPOSITORY)
        .file_path("src/b.rs")
        .branch("master")
        .commit_message("Delete b")
        .build()
        .unwrap();
    // HTTP gives a 204 no body: the documented `{"status": "success"}` never arrives, and the
    // output reads as empty.
    let output = client.delete_file(&delete).await.expect("deleted");
    assert_eq!(output.status, None);
    assert_eq!(fake.calls().last().map(|c| (c.operation.as_str(), c.status)), Some(("DeleteFile", 204)));
    assert_eq!(listed(&client, "src").await, ["src/a.rs", "src/c.rs", "src/e.txt"].map(blob));
    match show(&client, "src/b.rs").await {
        Err(Error::Service(e)) => {
            assert_eq!(e.code, ShowFileErrorCode::Ch00402000);
            assert_eq!(e.status, 404);
            assert!(e.request_id.is_some(), "the X-Request-Id header");
        }
        other => panic!("a deleted file must be CH.00402000, got {other:?}"),
    }
    match raw(&client, "src/b.rs").await {
        Err(Error::Service(e)) => assert_eq!(e.code, ShowFileRawErrorCode::Ch00402000),
        other => panic!("a deleted file must be CH.00402000, got {other:?}"),
    }
    // initial + dir + 5 creates + update + rename + delete; the refused update added none.
    assert_eq!(fake.commit_count(REPOSITORY, "master"), Some(10));
    assert_eq!(fake.commit_count(REPOSITORY, "develop"), Some(1));
}

#[tokio::test]
async fn lifecycle_huawei_codeartsrepo_conflicts_and_missing_things_use_the_documented_codes() {
    let (_fake, client) = started().await;
    client.create_file(&create_request("a.txt", "x")).await.unwrap();
    match client.create_file(&create_request("a.txt", "y")).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.code, CreateFileErrorCode::Common(CommonErrorCode::Ch010001));
            assert_eq!(e.status, 400);
        }
        other => panic!("a second file at the same path must be refused, got {other:?}"),
    }
    let mut wrong_branch = create_request("b.txt", "x");
    wrong_branch.branch = "no-such-branch".to_owned();
    match client.create_file(&wrong_branch).await {
        Err(Error::Service(e)) => assert_eq!(e.code, CreateFileErrorCode::Ch00402000),
        other => panic!("a missing branch must be CH.00402000, got {other:?}"),
    }
    let rename_missing = RenameFileRequest::builder()
        .repository_id(REPOSITORY)
        .file_path("c.txt")
        .branch_name("master")
        .commit_message("m")
        .previous_path("nothing-here.txt")
        .infer_content(true)
        .build()
        .unwrap();
    match client.rename_file(&rename_missing).await {
        Err(Error::Service(e)) => assert_eq!(e.code, RenameFileErrorCode::Ch00402000),
        other => panic!("renaming a missing file must be CH.00402000, got {other:?}"),
    }
    let request = ListTreesRequest::builder().repository_id(7).build().unwrap();
    match client.list_trees(&request).await {
        Err(Error::Service(e)) => assert_eq!(e.code, ListTreesErrorCode::Ch00402000),
        other => panic!("a missing repository must be CH.00402000, got {other:?}"),
    }
}

#[tokio::test]
async fn lifecycle_huawei_codeartsrepo_throttled_calls_are_retried() {
    let (fake, client) = started().await;
    // A 429 is a refusal, so even a commit (not idempotent) is sent again, and made once.
    fake.throttle_next(1);
    client.create_file(&create_request("a.txt", "x")).await.expect("retried after the 429");
    let calls: Vec<_> = fake.calls().iter().map(|c| (c.status, c.error_code.clone())).collect();
    assert_eq!(calls, [(429, Some("APIGW.0308".to_owned())), (201, None)]);
    assert_eq!(fake.commit_count(REPOSITORY, "master"), Some(2), "one commit for the two attempts");

    // Throttled beyond the retry policy, the caller gets the typed gateway code.
    fake.throttle_next(10);
    match show(&client, "a.txt").await {
        Err(Error::Service(e)) => assert_eq!(e.code, ShowFileErrorCode::Common(CommonErrorCode::Apigw0308)),
        other => panic!("a call throttled on every attempt must surface APIGW.0308, got {other:?}"),
    }
}

#[tokio::test]
async fn lifecycle_huawei_codeartsrepo_bad_credentials_are_refused_before_any_effect() {
    let fake = FakeCodeArtsRepo::start().await.unwrap();
    let wrong_key = aksk_client(&fake, "notTheSecretKey00000000000000000000000000");
    match wrong_key.create_file(&create_request("a.txt", "x")).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.code, CreateFileErrorCode::Common(CommonErrorCode::Apigw0301));
            assert_eq!(e.status, 401);
            assert!(e.message.contains("verify aksk signature fail"), "{}", e.message);
        }
        other => panic!("a bad signature must be refused, got {other:?}"),
    }
    let wrong_token = token_client(&fake, "someone-elses-token");
    match show(&wrong_token, "a.txt").await {
        Err(Error::Service(e)) => assert_eq!(e.code, ShowFileErrorCode::Common(CommonErrorCode::Apigw0301)),
        other => panic!("a wrong token must be refused, got {other:?}"),
    }
    assert_eq!(fake.commit_count(REPOSITORY, "master"), Some(1), "nothing was committed");

    // The right AK/SK signs every operation of the lifecycle (the example runs it whole).
    let signed = aksk_client(&fake, &fake.config().secret_key);
    signed.create_file(&create_request("a.txt", "x")).await.expect("a correctly signed commit");
    assert_eq!(raw(&signed, "a.txt").await.unwrap(), b"x");
}

#[tokio::test]
async fn lifecycle_huawei_codeartsrepo_example_runs_against_the_fake() {
    huawei_codeartsrepo_files::run_against_fake()
        .await
        .expect("the huawei_codeartsrepo_files example's workflow succeeds");
}
