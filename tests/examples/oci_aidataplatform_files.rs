//! The whole life of notebook contents in an OCI AI Data Platform workspace through the generated
//! client: make a folder, create an untitled file in it and save it, save two more (a file and a
//! notebook), list the folder, read each back byte for byte, save with a stale etag (412
//! `NoEtagMatch`) and with the current one, rename a file, delete everything and see it gone (a
//! typed `NotAuthorizedOrNotFound`).
//!
//! By default it runs against the stateful local fake of `cloudspec-fakes`. Given an AI Data
//! Platform OCID and a workspace key as arguments, or with the OCI CLI's `OCI_CONFIG_FILE` or
//! `OCI_CLI_PROFILE` set, it runs against the real service with the credentials and region of
//! the OCI config file (as `oci_real` does), creating and then deleting a folder
//! `cloudspec-example-<unix time>` at the workspace's root.
//!
//! ```sh
//! cargo run -p cloudspec-tests --example oci_aidataplatform_files      # against the fake
//! cargo run -p cloudspec-tests --example oci_aidataplatform_files -- <AI Data Platform OCID> <workspace key>
//! ```
//! CI runs [`run_against_fake`] through tests/tests/lifecycle_oci_aidataplatform.rs.

use cloudspec_clients::oci::aidataplatform::{
    Client, CommonErrorCode, Content, ContentFormat, ContentType, CreateContentDetails, CreateContentRequest,
    DeleteContentRequest, GetContentErrorCode, GetContentRequest, GetContentResponse, ModifyContentDetails,
    ModifyContentRequest, UpdateContentDetails, UpdateContentErrorCode, UpdateContentRequest,
};
use cloudspec_fakes::oci_aidataplatform::FakeAiDataPlatform;
use cloudspec_runtime::Error;
use serde_json::{Value, json};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Where the contents live: an AI Data Platform and one of its workspaces.
pub struct Workspace<'a> {
    pub platform: &'a str,
    pub key: &'a str,
}

#[allow(dead_code)] // `main` is unused where a test includes this file for `run_against_fake`.
#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let configured =
        std::env::var_os("OCI_CONFIG_FILE").is_some() || std::env::var_os("OCI_CLI_PROFILE").is_some();
    if args.is_empty() && !configured {
        return run_against_fake().await;
    }
    let [platform, key] = args.as_slice() else {
        return Err(
            "usage: oci_aidataplatform_files <AI Data Platform OCID> <workspace key> (against OCI)".into()
        );
    };
    let client = Client::from_env()?;
    let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_secs();
    workflow(&client, &Workspace { platform, key }, &format!("cloudspec-example-{stamp}")).await
}

/// The workflow against a fresh local fake.
pub async fn run_against_fake() -> Result<(), BoxError> {
    let fake = FakeAiDataPlatform::start().await?;
    let client = Client::builder()
        .credentials(fake.credentials()?)
        .allow_insecure_http()
        .endpoint(fake.endpoint())
        .build()?;
    let workspace = Workspace { platform: "ocid1.aidataplatform.oc1.iad.example", key: "main" };
    workflow(&client, &workspace, "cloudspec-example").await
}

/// Every step of the contents' life in a new root folder `folder`.
pub async fn workflow(client: &Client, at: &Workspace<'_>, folder: &str) -> Result<(), BoxError> {
    // A PUT of a directory model makes the folder.
    save(client, at, folder, None, ContentType::Directory, None, None).await?;
    println!("created folder {folder}");

    // POST makes an untitled file inside the folder (its name is the server's choice) ...
    let request = CreateContentRequest::builder()
        .ai_data_platform_id(at.platform)
        .workspace_key(at.key)
        .content_path(folder)
        .create_content_details(CreateContentDetails::builder().type_(ContentType::File).ext(".py").build())
        .build()?;
    let created = client.create_content(&request).await?;
    let untitled = created.content.path.clone();
    println!("created {untitled} (etag {:?})", created.etag);
    // ... and a PUT guarded by its etag saves its text.
    let hello = "print('hello from cloudspec')\n";
    save(
        client,
        at,
        &untitled,
        created.etag.as_deref(),
        ContentType::File,
        Some(ContentFormat::Text),
        Some(json!(hello)),
    )
    .await?;

    // Two more, saved straight to their paths: a text file and a notebook.
    let query_path = format!("{folder}/query.sql");
    let notebook_path = format!("{folder}/analysis.ipynb");
    let notebook = json!({"cells": [{"cell_type": "code", "source": "1 + 1", "metadata": {}, "outputs": [], "execution_count": null}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5});
    save(
        client,
        at,
        &query_path,
        None,
        ContentType::File,
        Some(ContentFormat::Text),
        Some(json!("SELECT 1;")),
    )
    .await?;
    save(
        client,
        at,
        &notebook_path,
        None,
        ContentType::Notebook,
        Some(ContentFormat::Json),
        Some(notebook.clone()),
    )
    .await?;

    // The folder lists all three (the API answers a directory whole: there are no pages).
    let mut listed: Vec<String> = entries(client, at, folder).await?.into_iter().map(|c| c.path).collect();
    listed.sort();
    let mut expected = vec![notebook_path.clone(), query_path.clone(), untitled.clone()];
    expected.sort();
    if listed != expected {
        return Err(format!("{folder} lists {listed:?}, expected {expected:?}").into());
    }
    println!("{folder} lists {} entries", listed.len());

    // Each reads back exactly as saved.
    for (path, saved) in
        [(&untitled, json!(hello)), (&query_path, json!("SELECT 1;")), (&notebook_path, notebook)]
    {
        let read = get(client, at, path).await?;
        if read.content.content.as_ref() != Some(&saved) {
            return Err(format!("{path} reads back {:?}", read.content.content).into());
        }
    }
    println!("read every file back unchanged");

    // A save with a stale etag is refused; with the current one it goes through.
    let current = get(client, at, &query_path).await?.etag;
    match save(
        client,
        at,
        &query_path,
        Some("\"stale\""),
        ContentType::File,
        Some(ContentFormat::Text),
        Some(json!("SELECT 2;")),
    )
    .await
    {
        Err(Error::Service(e)) if e.code == UpdateContentErrorCode::Common(CommonErrorCode::NoEtagMatch) => {
            println!("a stale etag is NoEtagMatch")
        }
        other => return Err(format!("a save with a stale etag gave {other:?}").into()),
    }
    let saved = save(
        client,
        at,
        &query_path,
        current.as_deref(),
        ContentType::File,
        Some(ContentFormat::Text),
        Some(json!("SELECT 2;")),
    )
    .await?;
    if saved.etag == current {
        return Err("saving did not change the etag".into());
    }
    println!("saved a new version of {query_path} (etag {:?})", saved.etag);

    // Rename the untitled file.
    let renamed = format!("{folder}/hello.py");
    let request = ModifyContentRequest::builder()
        .ai_data_platform_id(at.platform)
        .workspace_key(at.key)
        .content_path(&untitled)
        .modify_content_details(ModifyContentDetails::builder().path(&renamed).build())
        .build()?;
    let moved = client.modify_content(&request).await?;
    println!("renamed {untitled} to {}", moved.content.path);

    // Delete the files (each guarded by its etag) and the folder; they are gone.
    for path in [&renamed, &query_path, &notebook_path] {
        let etag = get(client, at, path).await?.etag;
        let mut request = DeleteContentRequest::builder()
            .ai_data_platform_id(at.platform)
            .workspace_key(at.key)
            .content_path(path);
        if let Some(etag) = etag {
            request = request.if_match(etag);
        }
        client.delete_content(&request.build()?).await?;
        match get(client, at, path).await {
            Err(Error::Service(e))
                if e.code == GetContentErrorCode::Common(CommonErrorCode::NotAuthorizedOrNotFound) =>
            {
                println!("deleted {path}; reading it is NotAuthorizedOrNotFound")
            }
            other => return Err(format!("reading deleted {path} gave {other:?}").into()),
        }
    }
    if !entries(client, at, folder).await?.is_empty() {
        return Err(format!("{folder} still lists entries").into());
    }
    let request = DeleteContentRequest::builder()
        .ai_data_platform_id(at.platform)
        .workspace_key(at.key)
        .content_path(folder);
    client.delete_content(&request.build()?).await?;
    println!("deleted {folder}");
    Ok(())
}

async fn save(
    client: &Client,
    at: &Workspace<'_>,
    path: &str,
    if_match: Option<&str>,
    kind: ContentType,
    format: Option<ContentFormat>,
    content: Option<Value>,
) -> Result<cloudspec_clients::oci::aidataplatform::UpdateContentResponse, Error<UpdateContentErrorCode>> {
    let mut details = UpdateContentDetails::builder().type_(kind);
    if let Some(format) = format {
        details = details.format(Some(format));
    }
    if let Some(content) = content {
        details = details.content(Some(content));
    }
    let mut request = UpdateContentRequest::builder()
        .ai_data_platform_id(at.platform)
        .workspace_key(at.key)
        .content_path(path)
        .update_content_details(details.build());
    if let Some(etag) = if_match {
        request = request.if_match(etag);
    }
    client.update_content(&request.build().map_err(Error::from)?).await
}

async fn get(
    client: &Client,
    at: &Workspace<'_>,
    path: &str,
) -> Result<GetContentResponse, Error<GetContentErrorCode>> {
    let request = GetContentRequest::builder()
        .ai_data_platform_id(at.platform)
        .workspace_key(at.key)
        .content_path(path)
        .build()
        .map_err(Error::from)?;
    client.get_content(&request).await
}

/// A directory's entries: the content-free models in its `content`.
async fn entries(client: &Client, at: &Workspace<'_>, path: &str) -> Result<Vec<Content>, BoxError> {
    let directory = get(client, at, path).await?;
    Ok(serde_json::from_value(directory.content.content.unwrap_or(Value::Array(Vec::new())))?)
}
