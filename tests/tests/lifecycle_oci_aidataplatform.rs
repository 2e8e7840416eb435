//! The life of OCI AI Data Platform notebook contents, end to end through the generated client,
//! against the stateful fake of `cloudspec-fakes` on 127.0.0.1 (which verifies every rsa-sha256
//! signature with the account's public key and keeps a tree of contents between calls).

use cloudspec_clients::oci::aidataplatform::{
    Client, CommonErrorCode, Content, ContentFormat, ContentType, CreateContentDetails,
    CreateContentErrorCode, CreateContentRequest, DeleteContentErrorCode, DeleteContentRequest,
    GetContentErrorCode, GetContentRequest, GetContentResponse, ModifyContentDetails, ModifyContentErrorCode,
    ModifyContentRequest, RequestedContentFormat, UpdateContentDetails, UpdateContentErrorCode,
    UpdateContentRequest, UpdateContentResponse,
};
use cloudspec_fakes::oci_aidataplatform::{Call, FakeAiDataPlatform};
use cloudspec_runtime::Error;
use cloudspec_runtime::credentials::OciCredentials;
use cloudspec_tests::credentials;
use serde_json::json;

#[path = "../examples/oci_aidataplatform_files.rs"]
mod oci_aidataplatform_files;

const PLATFORM: &str = "ocid1.aidataplatform.oc1.iad.amaaaaaalifecycle";
const WORKSPACE: &str = "ws-main";

fn client_with(fake: &FakeAiDataPlatform, credentials: OciCredentials) -> Client {
    Client::builder()
        .credentials(credentials)
        .allow_insecure_http()
        .endpoint(fake.endpoint())
        .retry(cloudspec_tests::retries::quick())
        .build()
        .expect("a valid client")
}

async fn started() -> (FakeAiDataPlatform, Client) {
    let fake = FakeAiDataPlatform::start().await.expect("the fake starts");
    let client = client_with(&fake, fake.credentials().expect("the fake's key loads"));
    (fake, client)
}

async fn save(
    client: &Client,
    path: &str,
    if_match: Option<&str>,
    details: UpdateContentDetails,
) -> Result<UpdateContentResponse, Error<UpdateContentErrorCode>> {
    let mut request = UpdateContentRequest::builder()
        .ai_data_platform_id(PLATFORM)
        .workspace_key(WORKSPACE)
        .content_path(path)
        .update_content_details(details);
    if let Some(etag) = if_match {
        request = request.if_match(etag);
    }
    client.update_content(&request.build().unwrap()).await
}

fn directory() -> UpdateContentDetails {
    UpdateContentDetails::builder().type_(ContentType::Directory).build()
}

fn text_file(text: &str) -> UpdateContentDetails {
    UpdateContentDetails::builder()
        .type_(ContentType::File)
        .format(Some(ContentFormat::Text))
        .content(Some(json!(text)))
        .build()
}

async fn get(client: &Client, path: &str) -> Result<GetContentResponse, Error<GetContentErrorCode>> {
    let request = GetContentRequest::builder()
        .ai_data_platform_id(PLATFORM)
        .workspace_key(WORKSPACE)
        .content_path(path);
    client.get_content(&request.build().unwrap()).await
}

/// `(path, type)` of a directory's entries, sorted by path.
async fn listing(client: &Client, path: &str) -> Vec<(String, ContentType)> {
    let directory = get(client, path).await.expect("GetContent of a directory");
    assert_eq!(directory.content.type_, ContentType::Directory);
    assert_eq!(directory.content.format, Some(ContentFormat::Json));
    let entries: Vec<Content> =
        serde_json::from_value(directory.content.content.expect("a directory lists its entries")).unwrap();
    let mut listed: Vec<(String, ContentType)> = entries.into_iter().map(|c| (c.path, c.type_)).collect();
    listed.sort_by(|a, b| a.0.cmp(&b.0));
    listed
}

async fn delete(
    client: &Client,
    path: &str,
    if_match: Option<&str>,
) -> Result<(), Error<DeleteContentErrorCode>> {
    let mut request = DeleteContentRequest::builder()
        .ai_data_platform_id(PLATFORM)
        .workspace_key(WORKSPACE)
        .content_path(path);
    if let Some(etag) = if_match {
        request = request.if_match(etag);
    }
    client.delete_content(&request.build().unwrap()).await.map(|_| ())
}

async fn rename(client: &Client, from: &str, to: &str) -> Result<Content, Error<ModifyContentErrorCode>> {
    let request = ModifyContentRequest::builder()
        .ai_data_platform_id(PLATFORM)
        .workspace_key(WORKSPACE)
        .content_path(from)
        .modify_content_details(ModifyContentDetails::builder().path(to).build())
        .build()
        .unwrap();
    Ok(client.modify_content(&request).await?.content)
}

#[tokio::test]
async fn lifecycle_oci_aidataplatform_contents() {
    let (fake, client) = started().await;

    // A folder (a PUT of a directory model), then an untitled notebook created inside it (POST).
    let made = save(&client, "reports", None, directory()).await.expect("a folder is saved");
    assert_eq!((made.content.path.as_str(), made.content.type_.clone()), ("reports", ContentType::Directory));
    let request = CreateContentRequest::builder()
        .ai_data_platform_id(PLATFORM)
        .workspace_key(WORKSPACE)
        .content_path("reports")
        .create_content_details(CreateContentDetails::builder().ext(".ipynb").build())
        .build()
        .unwrap();
    let created = client.create_content(&request).await.expect("CreateContent");
    assert_eq!(created.content.path, "reports/Untitled.ipynb");
    assert_eq!(created.content.type_, ContentType::Notebook);
    assert_eq!(created.location.as_deref(), Some("/api/contents/reports/Untitled.ipynb"));
    let notebook_etag = created.etag.clone().expect("CreateContent answers an etag");

    // Files saved with their content, one with non-ASCII text and one as base64 bytes.
    let files = [("reports/query.sql", "SELECT 1;"), ("reports/naïve notes.md", "ça va ✓\n")];
    for (path, text) in files {
        let saved = save(&client, path, None, text_file(text)).await.expect("a new file is saved");
        assert_eq!(saved.content.path, path);
        assert_eq!(saved.content.size, Some(text.len() as i64));
    }
    let binary = [0u8, 159, 146, 150, 255];
    let base64 = "AJ+Slv8=";
    let details = UpdateContentDetails::builder()
        .type_(ContentType::File)
        .format(Some(ContentFormat::Base64))
        .content(Some(json!(base64)))
        .build();
    save(&client, "reports/blob.bin", None, details).await.expect("a binary file is saved");

    // The folder lists everything at once (neither the page nor the SDK pages a directory).
    assert_eq!(
        listing(&client, "reports").await,
        vec![
            ("reports/Untitled.ipynb".to_owned(), ContentType::Notebook),
            ("reports/blob.bin".to_owned(), ContentType::File),
            ("reports/naïve notes.md".to_owned(), ContentType::File),
            ("reports/query.sql".to_owned(), ContentType::File),
        ]
    );
    assert_eq!(listing(&client, "/").await, vec![("reports".to_owned(), ContentType::Directory)]);

    // Each reads back byte for byte, in the format it was saved in.
    for (path, text) in files {
        let read = get(&client, path).await.unwrap();
        assert_eq!(read.content.content, Some(json!(text)));
        assert_eq!(read.content.format, Some(ContentFormat::Text));
        assert!(read.etag.is_some() && read.last_modified.is_some());
    }
    let blob = get(&client, "reports/blob.bin").await.unwrap();
    assert_eq!(
        (blob.content.format, blob.content.content),
        (Some(ContentFormat::Base64), Some(json!(base64)))
    );
    assert_eq!(blob.content.size, Some(binary.len() as i64));
    let decoded = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, base64).unwrap();
    assert_eq!(decoded, binary, "the base64 file is exactly its bytes");
    let request = GetContentRequest::builder()
        .ai_data_platform_id(PLATFORM)
        .workspace_key(WORKSPACE)
        .content_path("reports/query.sql")
        .format(RequestedContentFormat::Base64)
        .hash(1)
        .build()
        .unwrap();
    let encoded = client.get_content(&request).await.unwrap().content;
    assert_eq!(encoded.content, Some(json!("U0VMRUNUIDE7")));
    assert_eq!(encoded.hash_algorithm.as_deref(), Some("sha256"));
    // sha256("SELECT 1;"), hex.
    assert_eq!(
        encoded.hash.as_deref(),
        Some("17db4fd369edb9244b9f91d9aeed145c3d04ad8ba6e95d06247f07a63527d11a")
    );
    let untitled = get(&client, "reports/Untitled.ipynb").await.unwrap().content;
    assert_eq!(untitled.content.as_ref().and_then(|n| n.get("nbformat")), Some(&json!(4)));

    // Saving the notebook: a stale etag is 412 NoEtagMatch; the current one saves, and moves.
    let cells = json!({"cells": [{"cell_type": "markdown", "metadata": {}, "source": "# Q1"}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5});
    let notebook = UpdateContentDetails::builder()
        .type_(ContentType::Notebook)
        .format(Some(ContentFormat::Json))
        .content(Some(cells.clone()))
        .build();
    match save(&client, "reports/Untitled.ipynb", Some("\"etag-stale\""), notebook.clone()).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.code, UpdateContentErrorCode::Common(CommonErrorCode::NoEtagMatch));
            assert_eq!(e.status, 412);
            assert!(e.request_id.is_some(), "OCI errors carry opc-request-id");
        }
        other => panic!("a stale if-match must be NoEtagMatch, got {other:?}"),
    }
    let saved = save(&client, "reports/Untitled.ipynb", Some(&notebook_etag), notebook).await.unwrap();
    let new_etag = saved.etag.clone().unwrap();
    assert_ne!(new_etag, notebook_etag, "every save changes the etag");
    let read = get(&client, "reports/Untitled.ipynb").await.unwrap();
    assert_eq!(read.content.content, Some(cells));
    assert_eq!(read.etag.as_deref(), Some(new_etag.as_str()));
    assert!(read.content.last_modified > untitled.last_modified);
    assert_eq!(read.content.created, untitled.created);

    // Rename the notebook, then move the whole folder under another one.
    let renamed = rename(&client, "reports/Untitled.ipynb", "reports/q1.ipynb").await.unwrap();
    assert_eq!((renamed.name.as_str(), renamed.path.as_str()), ("q1.ipynb", "reports/q1.ipynb"));
    save(&client, "archive", None, directory()).await.unwrap();
    let moved = rename(&client, "reports", "archive/2026").await.unwrap();
    assert_eq!(moved.path, "archive/2026");
    assert_eq!(
        get(&client, "archive/2026/query.sql").await.unwrap().content.content,
        Some(json!("SELECT 1;")),
        "the folder's files moved with it"
    );

    // Delete the files (each guarded by its current etag): the list no longer shows them, and
    // reading one is a typed not-found.
    for path in [
        "archive/2026/q1.ipynb",
        "archive/2026/query.sql",
        "archive/2026/naïve notes.md",
        "archive/2026/blob.bin",
    ] {
        let etag = get(&client, path).await.unwrap().etag.unwrap();
        delete(&client, path, Some(&etag)).await.expect("DeleteContent");
    }
    assert!(listing(&client, "archive/2026").await.is_empty());
    match get(&client, "archive/2026/query.sql").await {
        Err(Error::Service(e)) => {
            assert_eq!(e.code, GetContentErrorCode::Common(CommonErrorCode::NotAuthorizedOrNotFound));
            assert_eq!(e.status, 404);
        }
        other => panic!("reading a deleted file must be NotAuthorizedOrNotFound, got {other:?}"),
    }
    delete(&client, "archive/2026", None).await.unwrap();
    delete(&client, "archive", None).await.unwrap();
    assert!(listing(&client, "/").await.is_empty());

    // Every request of the client verified: the fake refused none for its signature.
    let refused = fake.calls().into_iter().filter(|c| c.error_code.as_deref() == Some("NotAuthenticated"));
    assert_eq!(refused.count(), 0);
}

#[tokio::test]
async fn lifecycle_oci_aidataplatform_conflicts_use_oci_codes() {
    let (_fake, client) = started().await;
    save(&client, "etl", None, directory()).await.unwrap();
    save(&client, "etl/load.sql", None, text_file("SELECT 1;")).await.unwrap();
    save(&client, "etl/old.sql", None, text_file("SELECT 0;")).await.unwrap();

    // Moving onto a path that exists.
    match rename(&client, "etl/old.sql", "etl/load.sql").await {
        Err(Error::Service(e)) => {
            assert_eq!(
                e.code,
                ModifyContentErrorCode::Common(CommonErrorCode::NotAuthorizedOrResourceAlreadyExists)
            );
            assert_eq!(e.status, 409);
        }
        other => panic!("a move onto an existing path must conflict, got {other:?}"),
    }
    // Deleting a folder that is not empty, and saving a file over a folder.
    match delete(&client, "etl", None).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.code, DeleteContentErrorCode::Common(CommonErrorCode::IncorrectState))
        }
        other => panic!("deleting a non-empty folder must be IncorrectState, got {other:?}"),
    }
    match save(&client, "etl", None, text_file("x")).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.code, UpdateContentErrorCode::Common(CommonErrorCode::IncorrectState))
        }
        other => panic!("a file saved over a folder must be IncorrectState, got {other:?}"),
    }
    // A stale etag on DELETE, a missing source for a move, a missing parent for a save.
    match delete(&client, "etl/load.sql", Some("\"etag-0\"")).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.code, DeleteContentErrorCode::Common(CommonErrorCode::NoEtagMatch))
        }
        other => panic!("a stale etag must be NoEtagMatch, got {other:?}"),
    }
    match rename(&client, "etl/missing.sql", "etl/x.sql").await {
        Err(Error::Service(e)) => {
            assert_eq!(e.code, ModifyContentErrorCode::Common(CommonErrorCode::NotAuthorizedOrNotFound))
        }
        other => panic!("moving a missing path must be NotAuthorizedOrNotFound, got {other:?}"),
    }
    match save(&client, "nowhere/x.sql", None, text_file("x")).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.code, UpdateContentErrorCode::Common(CommonErrorCode::NotAuthorizedOrNotFound))
        }
        other => panic!("saving into a missing folder must be NotAuthorizedOrNotFound, got {other:?}"),
    }
    // POST creates inside a directory, never at a file's path.
    let request = CreateContentRequest::builder()
        .ai_data_platform_id(PLATFORM)
        .workspace_key(WORKSPACE)
        .content_path("etl/load.sql")
        .build()
        .unwrap();
    match client.create_content(&request).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.code, CreateContentErrorCode::Common(CommonErrorCode::InvalidParameter))
        }
        other => panic!("a POST to a file must be InvalidParameter, got {other:?}"),
    }
    // The page's 400 for a type that cannot be satisfied ("bad type").
    let request = GetContentRequest::builder()
        .ai_data_platform_id(PLATFORM)
        .workspace_key(WORKSPACE)
        .content_path("etl")
        .type_(ContentType::File)
        .build()
        .unwrap();
    match client.get_content(&request).await {
        Err(Error::Service(e)) => {
            assert_eq!(
                (e.code, e.status),
                (GetContentErrorCode::Common(CommonErrorCode::InvalidParameter), 400)
            );
            assert!(e.message.starts_with("bad type"), "{}", e.message);
        }
        other => panic!("a folder read as a file must be a 400, got {other:?}"),
    }
    // Workspaces are separate trees.
    let request = GetContentRequest::builder()
        .ai_data_platform_id(PLATFORM)
        .workspace_key("another")
        .content_path("etl")
        .build()
        .unwrap();
    match client.get_content(&request).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.code, GetContentErrorCode::Common(CommonErrorCode::NotAuthorizedOrNotFound))
        }
        other => panic!("another workspace must not see etl, got {other:?}"),
    }
}

#[tokio::test]
async fn lifecycle_oci_aidataplatform_throttled_call_is_retried() {
    let (fake, client) = started().await;
    save(&client, "a.sql", None, text_file("SELECT 1;")).await.unwrap();
    fake.throttle_next(1);
    assert_eq!(get(&client, "a.sql").await.unwrap().content.content, Some(json!("SELECT 1;")));
    let calls = fake.calls();
    let throttled = |status, code: Option<&str>| Call {
        method: "GET".to_owned(),
        content_path: "a.sql".to_owned(),
        status,
        error_code: code.map(str::to_owned),
    };
    assert_eq!(calls[calls.len() - 2..], [throttled(429, Some("TooManyRequests")), throttled(200, None)]);

    // Throttled beyond the retry policy, the caller gets the typed code.
    fake.throttle_next(3);
    match get(&client, "a.sql").await {
        Err(Error::Service(e)) => {
            assert_eq!(
                (e.code, e.status),
                (GetContentErrorCode::Common(CommonErrorCode::TooManyRequests), 429)
            );
        }
        other => panic!("three throttled attempts must surface TooManyRequests, got {other:?}"),
    }
}

#[tokio::test]
async fn lifecycle_oci_aidataplatform_bad_signature_is_refused() {
    let fake = FakeAiDataPlatform::start().await.unwrap();
    let config = fake.config();
    // The account's keyId, signed with another key: the signature does not verify.
    let wrong_key = OciCredentials::from_pem(
        &config.tenancy,
        &config.user,
        &config.fingerprint,
        credentials::OCI_PRIVATE_KEY_PEM,
    )
    .unwrap();
    let wrong = client_with(&fake, wrong_key);
    match save(&wrong, "x", None, directory()).await {
        Err(Error::Service(e)) => {
            assert_eq!(
                (e.code, e.status),
                (UpdateContentErrorCode::Common(CommonErrorCode::NotAuthenticated), 401)
            );
            assert_eq!(e.raw_code, "NotAuthenticated");
        }
        other => panic!("a bad signature must be refused, got {other:?}"),
    }
    // A key the tenancy does not know is refused the same way.
    let stranger = client_with(&fake, credentials::oci());
    match get(&stranger, "/").await {
        Err(Error::Service(e)) => {
            assert_eq!(e.code, GetContentErrorCode::Common(CommonErrorCode::NotAuthenticated))
        }
        other => panic!("an unknown keyId must be refused, got {other:?}"),
    }
    // Refused before any effect: the folder does not exist for the right key either.
    let right = client_with(&fake, fake.credentials().unwrap());
    assert!(listing(&right, "/").await.is_empty());
    assert_eq!(fake.calls()[0].error_code.as_deref(), Some("NotAuthenticated"));
    assert_eq!(fake.calls()[0].method, "PUT");
}

#[tokio::test]
async fn lifecycle_oci_aidataplatform_example_runs_against_the_fake() {
    oci_aidataplatform_files::run_against_fake()
        .await
        .expect("the oci_aidataplatform_files example's workflow succeeds");
}
