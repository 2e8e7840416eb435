//! The life of DataWorks file resources, end to end through the generated client, against the
//! stateful fake of `cloudspec-fakes` on 127.0.0.1 (which verifies every ACS3 signature, refuses
//! replayed nonces and keeps state between calls).

use cloudspec_clients::alibaba::dataworks::{
    Client, CommonErrorCode, CreateResourceErrorCode, CreateResourceRequest, DeleteResourceErrorCode,
    DeleteResourceRequest, FlowSpec, GetResourceErrorCode, GetResourceRequest, ListResourcesRequest,
    MoveResourceRequest, RenameResourceErrorCode, RenameResourceRequest, UpdateResourceRequest,
};
use cloudspec_fakes::alibaba_dataworks::{Call, FakeDataWorks};
use cloudspec_runtime::Error;
use cloudspec_runtime::credentials::AlibabaCredentials;
use serde_json::{Value, json};

#[path = "../examples/alibaba_dataworks_files.rs"]
mod alibaba_dataworks_files;

use alibaba_dataworks_files::{SOURCES, read_content, resource_spec};

const WORKSPACE: i64 = 10000;
const FOLDER: &str = "XX/OpenAPITest/ResourcesTest";

fn client_for(fake: &FakeDataWorks, secret: &str) -> Client {
    Client::builder()
        .credentials(AlibabaCredentials::new(fake.config().access_key_id, secret))
        .region("cn-hangzhou")
        .allow_insecure_http()
        .endpoint(fake.endpoint())
        .retry(cloudspec_tests::retries::quick())
        .build()
        .expect("a valid client")
}

async fn started() -> (FakeDataWorks, Client) {
    let fake = FakeDataWorks::start().await.expect("the fake starts");
    let client = client_for(&fake, &fake.config().access_key_secret);
    (fake, client)
}

async fn create(client: &Client, folder: &str, name: &str, content: &str) -> String {
    let request = CreateResourceRequest::builder()
        .project_id(WORKSPACE)
        .spec(resource_spec(folder, name, content).unwrap())
        .build()
        .unwrap();
    client.create_resource(&request).await.expect("created").id.expect("an Id").to_string()
}

fn list_request(page_size: i32) -> ListResourcesRequest {
    ListResourcesRequest::builder().project_id(WORKSPACE).page_size(page_size).build().unwrap()
}

fn list_calls(fake: &FakeDataWorks) -> usize {
    fake.calls().iter().filter(|c| c.action == "ListResources").count()
}

/// The FlowSpec GetResource returns for `id`.
async fn spec_of(client: &Client, id: &str) -> Value {
    let request = GetResourceRequest::builder().project_id(WORKSPACE).id(id).build().unwrap();
    let resource = client.get_resource(&request).await.expect("found").resource.expect("Resource");
    serde_json::from_str(resource.spec.as_deref().expect("Spec")).expect("Spec is a FlowSpec document")
}

#[tokio::test]
async fn lifecycle_alibaba_dataworks_file_resources() {
    let (fake, client) = started().await;

    // Create five resources in a folder, one elsewhere.
    let mut ids = Vec::new();
    for (name, content) in SOURCES {
        ids.push(create(&client, FOLDER, name, content).await);
    }
    let outside = create(&client, "XX/Other", "other.py", "print('other')").await;

    // List all pages with page size 2 through the generated paginator: 6 resources, 3 pages.
    let all = client.list_resources_pages(&list_request(2)).items().collect_all().await.expect("every page");
    let listed: Vec<String> = all.iter().map(|r| r.id.clone().expect("Id").to_string()).collect();
    let mut expected = ids.clone();
    expected.push(outside.clone());
    assert_eq!(listed, expected, "every resource once, in creation order");
    assert_eq!(list_calls(&fake), 3, "6 resources at 2 per page are 3 pages");
    let first = &all[0];
    assert_eq!(first.name.as_deref(), Some("one.py"));
    assert_eq!(first.type_.as_deref(), Some("Python"));
    assert_eq!(first.project_id.as_deref(), Some("10000"));
    let script = first.script.as_ref().expect("Script");
    assert_eq!(script.path.as_deref(), Some(&*format!("{FOLDER}/one.py")));
    assert_eq!(script.runtime.as_ref().and_then(|r| r.command.as_deref()), Some("ODPS_PYTHON"));
    assert_eq!(first.data_source.as_ref().and_then(|d| d.name.as_deref()), Some("odps_first"));

    // One page by hand: TotalCount counts everything, the page holds two.
    let page = client
        .list_resources(
            &ListResourcesRequest::builder()
                .project_id(WORKSPACE)
                .page_number(3)
                .page_size(2)
                .build()
                .unwrap(),
        )
        .await
        .unwrap()
        .paging_info
        .expect("PagingInfo");
    assert_eq!((page.total_count, page.page_number, page.page_size), (Some(6), Some(3), Some(2)));
    assert_eq!(page.resources.unwrap_or_default().len(), 2);

    // Read each back, byte for byte.
    for ((_, content), id) in SOURCES.iter().zip(&ids) {
        assert_eq!(read_content(&client, WORKSPACE, id).await.unwrap().as_deref(), Some(*content), "{id}");
    }
    let before = fake.resource(WORKSPACE, &ids[0]).expect("stored");
    assert_eq!(before.version, 1);

    // Update: an incremental FlowSpec replaces the content and keeps everything else.
    let patch: FlowSpec = serde_json::from_value(json!({
        "version": "1.1.0", "kind": "Resource",
        "spec": { "fileResources": [{ "script": { "content": "print('v2')\n" } }] }
    }))
    .unwrap();
    let updated = client
        .update_resource(
            &UpdateResourceRequest::builder().project_id(WORKSPACE).id(&ids[0]).spec(patch).build().unwrap(),
        )
        .await
        .expect("updated");
    assert_eq!(updated.success, Some(true));
    let spec = spec_of(&client, &ids[0]).await;
    assert_eq!(spec["spec"]["fileResources"][0]["script"]["content"], "print('v2')\n");
    assert_eq!(spec["spec"]["fileResources"][0]["script"]["runtime"]["command"], "ODPS_PYTHON", "kept");
    assert_eq!(spec["spec"]["fileResources"][0]["datasource"]["name"], "odps_first", "kept");
    let after = fake.resource(WORKSPACE, &ids[0]).expect("stored");
    assert_eq!(after.version, 2);
    assert!(after.modify_time > before.modify_time);

    // Rename, then move to another folder.
    client
        .rename_resource(
            &RenameResourceRequest::builder()
                .project_id(WORKSPACE)
                .id(&ids[0])
                .name("renamed.py")
                .build()
                .unwrap(),
        )
        .await
        .expect("renamed");
    client
        .move_resource(
            &MoveResourceRequest::builder()
                .project_id(WORKSPACE)
                .id(&ids[0])
                .path("XX/Moved")
                .build()
                .unwrap(),
        )
        .await
        .expect("moved");
    let request = GetResourceRequest::builder().project_id(WORKSPACE).id(&ids[0]).build().unwrap();
    let resource = client.get_resource(&request).await.unwrap().resource.unwrap();
    assert_eq!(resource.name.as_deref(), Some("renamed.py"));
    let spec: Value = serde_json::from_str(resource.spec.as_deref().unwrap()).unwrap();
    assert_eq!(spec["spec"]["fileResources"][0]["script"]["path"], "XX/Moved/renamed.py");
    assert_eq!(
        spec["spec"]["fileResources"][0]["script"]["content"], "print('v2')\n",
        "content moves with it"
    );

    // Delete: gone from the list, and reading it is the typed not-found code.
    client
        .delete_resource(&DeleteResourceRequest::builder().project_id(WORKSPACE).id(&ids[0]).build().unwrap())
        .await
        .expect("deleted");
    let all = client.list_resources_pages(&list_request(2)).items().collect_all().await.unwrap();
    assert_eq!(all.len(), 5);
    assert!(
        all.iter().all(|r| r.id.as_deref() != Some(ids[0].as_str())),
        "the deleted resource is not listed"
    );
    match client.get_resource(&request).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.code, GetResourceErrorCode::Common(CommonErrorCode::ResourceNotFound));
            assert_eq!(e.status, 404);
            assert!(e.request_id.is_some(), "the error body carries a RequestId");
        }
        other => panic!("reading a deleted resource must be Resource.NotFound, got {other:?}"),
    }
    // Deleting it again is the same typed code.
    match client
        .delete_resource(&DeleteResourceRequest::builder().project_id(WORKSPACE).id(&ids[0]).build().unwrap())
        .await
    {
        Err(Error::Service(e)) => {
            assert_eq!(e.code, DeleteResourceErrorCode::Common(CommonErrorCode::ResourceNotFound))
        }
        other => panic!("deleting twice must be Resource.NotFound, got {other:?}"),
    }
}

#[tokio::test]
async fn lifecycle_alibaba_dataworks_name_conflicts_and_bad_parameters_are_refused() {
    let (_fake, client) = started().await;
    let a = create(&client, FOLDER, "a.py", "a").await;
    create(&client, FOLDER, "b.py", "b").await;

    // The same name in the same folder: refused, nothing created.
    let request = CreateResourceRequest::builder()
        .project_id(WORKSPACE)
        .spec(resource_spec(FOLDER, "a.py", "again").unwrap())
        .build()
        .unwrap();
    match client.create_resource(&request).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.code, CreateResourceErrorCode::Common(CommonErrorCode::InvalidParameter))
        }
        other => panic!("a duplicate name must be refused, got {other:?}"),
    }
    // Renaming onto a name the folder holds: refused, the resource keeps its name.
    let rename = RenameResourceRequest::builder().project_id(WORKSPACE).id(&a).name("b.py").build().unwrap();
    match client.rename_resource(&rename).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.code, RenameResourceErrorCode::Common(CommonErrorCode::InvalidParameter));
            assert_eq!(e.status, 400);
        }
        other => panic!("renaming onto a taken name must be refused, got {other:?}"),
    }
    assert_eq!(read_content(&client, WORKSPACE, &a).await.unwrap().as_deref(), Some("a"));
    let all = client.list_resources_pages(&list_request(100)).items().collect_all().await.unwrap();
    let names: Vec<_> = all.iter().filter_map(|r| r.name.as_deref()).collect();
    assert_eq!(names, ["a.py", "b.py"]);

    // An id the fake never handed out is not found, whatever its form.
    for id in ["6314788648976399999", "not-a-number", "1"] {
        let request = GetResourceRequest::builder().project_id(WORKSPACE).id(id).build().unwrap();
        match client.get_resource(&request).await {
            Err(Error::Service(e)) => {
                assert_eq!(e.code, GetResourceErrorCode::Common(CommonErrorCode::ResourceNotFound), "{id}")
            }
            other => panic!("{id}: expected Resource.NotFound, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn lifecycle_alibaba_dataworks_throttled_call_is_retried() {
    let (fake, client) = started().await;
    let id = create(&client, FOLDER, "a.py", "print(1)").await;
    fake.throttle_next(1);
    assert_eq!(read_content(&client, WORKSPACE, &id).await.unwrap().as_deref(), Some("print(1)"));
    let calls = fake.calls();
    assert_eq!(
        calls[calls.len() - 2..],
        [
            Call { action: "GetResource".to_owned(), error_code: Some("Throttling.User".to_owned()) },
            Call { action: "GetResource".to_owned(), error_code: None },
        ]
    );

    // Throttled beyond the retry policy, the caller gets the typed code and Alibaba's 429.
    fake.throttle_next(3);
    let request = GetResourceRequest::builder().project_id(WORKSPACE).id(&id).build().unwrap();
    match client.get_resource(&request).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.code, GetResourceErrorCode::Common(CommonErrorCode::ThrottlingUser));
            assert_eq!(e.status, 429);
        }
        other => panic!("three throttled attempts must surface Throttling.User, got {other:?}"),
    }
}

#[tokio::test]
async fn lifecycle_alibaba_dataworks_bad_signature_is_refused() {
    let fake = FakeDataWorks::start().await.unwrap();
    let wrong = client_for(&fake, "notTheAccessKeySecret000000000");
    let request = CreateResourceRequest::builder()
        .project_id(WORKSPACE)
        .spec(resource_spec(FOLDER, "x.py", "").unwrap())
        .build()
        .unwrap();
    match wrong.create_resource(&request).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.code, CreateResourceErrorCode::Common(CommonErrorCode::SignatureDoesNotMatch));
            assert_eq!(e.raw_code, "SignatureDoesNotMatch");
            assert_eq!(e.status, 400);
        }
        other => panic!("a bad signature must be refused, got {other:?}"),
    }
    // Refused before any effect: nothing is listed for the right key either.
    let right = client_for(&fake, &fake.config().access_key_secret);
    assert!(right.list_resources_pages(&list_request(10)).items().collect_all().await.unwrap().is_empty());
    assert_eq!(
        fake.calls()[0],
        Call { action: "CreateResource".to_owned(), error_code: Some("SignatureDoesNotMatch".to_owned()) }
    );
}

#[tokio::test]
async fn lifecycle_alibaba_dataworks_example_runs_against_the_fake() {
    alibaba_dataworks_files::run_against_fake()
        .await
        .expect("the alibaba_dataworks_files example's workflow succeeds");
}
