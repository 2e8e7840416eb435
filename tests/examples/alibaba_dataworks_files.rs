//! The whole life of DataWorks file resources through the generated client: create five Python
//! resources in a folder, list them all two at a time through the generated paginator, read each
//! back byte for byte, update one's content, rename it, move it to a sub-folder, delete them all,
//! and see them gone from the list and reading one answer the typed not-found code.
//!
//! By default it runs against the stateful local fake of `cloudspec-fakes`. With
//! `ALIBABA_CLOUD_ACCESS_KEY_ID` and `ALIBABA_CLOUD_ACCESS_KEY_SECRET` set (region from
//! `ALIBABA_CLOUD_REGION_ID`, as `Client::from_env` reads them) it runs against the real service
//! in the workspace given as the first argument, in a new folder `cloudspec-example-<unix time>`,
//! and deletes what it created.
//!
//! ```sh
//! cargo run -p cloudspec-tests --example alibaba_dataworks_files                 # against the fake
//! ALIBABA_CLOUD_ACCESS_KEY_ID=… ALIBABA_CLOUD_ACCESS_KEY_SECRET=… ALIBABA_CLOUD_REGION_ID=cn-hangzhou \
//!   cargo run -p cloudspec-tests --example alibaba_dataworks_files -- <workspace id>  # against DataWorks
//! ```
//! CI runs [`run_against_fake`] through tests/tests/lifecycle_alibaba_dataworks.rs.
//!
//! The not-found code (`Resource.NotFound`) is the spec's assumption (no DataWorks page read
//! documents it); against the real service a different code is reported as such.

use cloudspec_clients::alibaba::dataworks::{
    Client, CommonErrorCode, CreateResourceRequest, DeleteResourceRequest, FlowSpec, GetResourceErrorCode,
    GetResourceRequest, ListResourcesRequest, ListedResource, MoveResourceRequest, RenameResourceRequest,
    UpdateResourceRequest,
};
use cloudspec_fakes::alibaba_dataworks::FakeDataWorks;
use cloudspec_runtime::Error;
use cloudspec_runtime::credentials::AlibabaCredentials;
use serde_json::{Value, json};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The workspace the fake run uses (any id works there).
pub const FAKE_WORKSPACE: i64 = 10000;

#[allow(dead_code)] // `main` is unused where a test includes this file for `run_against_fake`.
#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let real = std::env::var_os("ALIBABA_CLOUD_ACCESS_KEY_ID").is_some()
        && std::env::var_os("ALIBABA_CLOUD_ACCESS_KEY_SECRET").is_some();
    if !real {
        return run_against_fake().await;
    }
    let workspace: i64 = std::env::args()
        .nth(1)
        .ok_or("usage: alibaba_dataworks_files <workspace id> (with real credentials)")?
        .parse()?;
    let client = Client::from_env()?;
    let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_secs();
    workflow(&client, workspace, &format!("cloudspec-example-{stamp}")).await
}

/// A client for `fake`, signing with its account's keys.
pub fn fake_client(fake: &FakeDataWorks) -> Result<Client, BoxError> {
    let config = fake.config();
    Ok(Client::builder()
        .credentials(AlibabaCredentials::new(config.access_key_id, config.access_key_secret))
        .region("cn-hangzhou")
        .allow_insecure_http()
        .endpoint(fake.endpoint())
        .build()?)
}

/// The workflow against a fresh local fake.
pub async fn run_against_fake() -> Result<(), BoxError> {
    let fake = FakeDataWorks::start().await?;
    workflow(&fake_client(&fake)?, FAKE_WORKSPACE, "cloudspec-example").await
}

/// The sources the workflow creates: names and contents (non-ASCII and form-special characters
/// included, so a read-back proves the bytes survived the form body and the JSON string).
pub const SOURCES: [(&str, &str); 5] = [
    ("one.py", "print('one')\n"),
    ("two.py", "# ünïcödé, 中文 & emoji 🚀\nprint(2)\n"),
    ("three.py", "x = 'a=b&c=d+e%20f'\n"),
    ("four.py", ""),
    ("five.py", "def f():\n\treturn \"quoted\\n\"\n"),
];

/// A FlowSpec document for one Python file resource at `folder/name`.
pub fn resource_spec(folder: &str, name: &str, content: &str) -> Result<FlowSpec, serde_json::Error> {
    serde_json::from_value(json!({
        "version": "1.1.0",
        "kind": "Resource",
        "spec": { "fileResources": [{
            "name": name,
            "script": { "content": content, "path": format!("{folder}/{name}"), "runtime": { "command": "ODPS_PYTHON" } },
            "type": "python",
            "file": { "storage": {} },
            "datasource": { "name": "odps_first", "type": "odps" }
        }]}
    }))
}

/// Every step of a file resource's life in `workspace`, in a new folder `folder`.
pub async fn workflow(client: &Client, workspace: i64, folder: &str) -> Result<(), BoxError> {
    let mut ids = Vec::new();
    for (name, content) in SOURCES {
        let request = CreateResourceRequest::builder()
            .project_id(workspace)
            .spec(resource_spec(folder, name, content)?)
            .build()?;
        let id = client.create_resource(&request).await?.id.ok_or("CreateResource returned no Id")?;
        println!("created {folder}/{name} ({id})");
        ids.push(id.to_string());
    }

    let listed = list_folder(client, workspace, folder).await?;
    let mut listed_names: Vec<String> = listed.iter().filter_map(|r| r.name.clone()).collect();
    listed_names.sort();
    let mut expected: Vec<String> = SOURCES.iter().map(|(n, _)| (*n).to_owned()).collect();
    expected.sort();
    if listed_names != expected {
        return Err(format!("{folder} lists {listed_names:?}, expected {expected:?}").into());
    }
    println!("listed {} resources in {folder}, two per page", listed.len());

    for ((name, content), id) in SOURCES.iter().zip(&ids) {
        let read = read_content(client, workspace, id).await?;
        if read.as_deref() != Some(*content) {
            return Err(format!("{name} reads back {read:?}, not {content:?}").into());
        }
    }
    println!("read every resource back byte for byte");

    let first = &ids[0];
    let new_content = "print('one, second version')\n";
    let patch: FlowSpec = serde_json::from_value(json!({
        "version": "1.1.0",
        "kind": "Resource",
        "spec": { "fileResources": [{ "id": first, "script": { "content": new_content } }] }
    }))?;
    let updated = client
        .update_resource(
            &UpdateResourceRequest::builder().project_id(workspace).id(first).spec(patch).build()?,
        )
        .await?;
    if updated.success != Some(true) {
        return Err(format!("UpdateResource answered {updated:?}").into());
    }
    if read_content(client, workspace, first).await?.as_deref() != Some(new_content) {
        return Err("the updated content does not read back".into());
    }
    println!("updated {first}");

    client
        .rename_resource(
            &RenameResourceRequest::builder().project_id(workspace).id(first).name("renamed.py").build()?,
        )
        .await?;
    let moved_to = format!("{folder}/moved");
    client
        .move_resource(
            &MoveResourceRequest::builder().project_id(workspace).id(first).path(&moved_to).build()?,
        )
        .await?;
    let resource = get(client, workspace, first).await?;
    let path = script_path(resource.spec.as_deref())?;
    if resource.name.as_deref() != Some("renamed.py")
        || path.as_deref() != Some(&*format!("{moved_to}/renamed.py"))
    {
        return Err(format!("after rename and move: name {:?}, path {path:?}", resource.name).into());
    }
    println!("renamed and moved {first} to {moved_to}/renamed.py");

    for id in &ids {
        client
            .delete_resource(&DeleteResourceRequest::builder().project_id(workspace).id(id).build()?)
            .await?;
    }
    let left = list_folder(client, workspace, folder).await?;
    if !left.is_empty() {
        return Err(format!("{} deleted resources are still listed", left.len()).into());
    }
    match get(client, workspace, first).await {
        Err(Error::Service(e))
            if e.code == GetResourceErrorCode::Common(CommonErrorCode::ResourceNotFound) =>
        {
            println!("deleted all; reading {first} is {}", e.raw_code)
        }
        other => return Err(format!("reading deleted {first} gave {other:?}").into()),
    }
    Ok(())
}

/// Every resource of `workspace` under `folder`, walked two per page through the paginator.
pub async fn list_folder(
    client: &Client,
    workspace: i64,
    folder: &str,
) -> Result<Vec<ListedResource>, BoxError> {
    let request = ListResourcesRequest::builder().project_id(workspace).page_size(2).build()?;
    let all = client.list_resources_pages(&request).items().collect_all().await?;
    let prefix = format!("{folder}/");
    Ok(all
        .into_iter()
        .filter(|r| r.script.as_ref().and_then(|s| s.path.as_deref()).is_some_and(|p| p.starts_with(&prefix)))
        .collect())
}

pub async fn get(
    client: &Client,
    workspace: i64,
    id: &str,
) -> Result<cloudspec_clients::alibaba::dataworks::GetResourceResource, Error<GetResourceErrorCode>> {
    let request = GetResourceRequest::builder().project_id(workspace).id(id).build().map_err(Error::from)?;
    let response = client.get_resource(&request).await?;
    Ok(response.resource.unwrap_or_default())
}

/// The `script.content` of the resource's FlowSpec, as GetResource returns it.
pub async fn read_content(client: &Client, workspace: i64, id: &str) -> Result<Option<String>, BoxError> {
    let resource = get(client, workspace, id).await?;
    Ok(first_file_resource(resource.spec.as_deref())?
        .and_then(|r| r.pointer("/script/content").and_then(Value::as_str).map(str::to_owned)))
}

fn script_path(spec: Option<&str>) -> Result<Option<String>, BoxError> {
    Ok(first_file_resource(spec)?
        .and_then(|r| r.pointer("/script/path").and_then(Value::as_str).map(str::to_owned)))
}

fn first_file_resource(spec: Option<&str>) -> Result<Option<Value>, BoxError> {
    let Some(spec) = spec.filter(|s| !s.is_empty()) else { return Ok(None) };
    let document: Value = serde_json::from_str(spec)?;
    Ok(document.pointer("/spec/fileResources/0").cloned())
}
