//! Alibaba Cloud DataWorks `CreateResource` on the wire: RPC style, action and version in
//! `x-acs-*` headers, parameters as a form body, `Spec` as a JSON document inside a string,
//! ACS3-HMAC-SHA256 signing.

use cloudspec_clients::alibaba::dataworks::{
    API_VERSION, Client, CommonErrorCode, CreateResourceErrorCode, CreateResourceRequest,
    CreateResourceResponse, DeleteResourceRequest, DeleteResourceResponse, FlowSpec, GetResourceErrorCode,
    GetResourceRequest, GetResourceResponse, MoveResourceRequest, MoveResourceResponse,
    RenameResourceRequest, RenameResourceResponse, UpdateResourceRequest, UpdateResourceResponse,
};
use cloudspec_runtime::Error;
use cloudspec_tests::received::{Received, verify_acs3};
use cloudspec_tests::responses::{assert_decode_failures, assert_documented_codes, serve, serve_json};
use cloudspec_tests::{credentials, examples};
use serde_json::{Value, json};
use wiremock::{MockServer, ResponseTemplate};

const REQUEST_ID: &str = "6BE56E05-XXXX-XXXX-XXXX-FD90C4FFD581";

fn operation() -> &'static cloudspec_codegen::ir::Operation {
    examples::operation("alibaba", "dataworks", "CreateResource")
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .credentials(credentials::alibaba())
        .region("cn-hangzhou")
        .allow_insecure_http()
        .endpoint(server.uri())
        .build()
        .expect("complete")
}

/// The FlowSpec document the page gives as the `Spec` example.
fn documented_spec() -> Value {
    let op = operation();
    let spec = op.input.fields.iter().find(|f| f.wire == "Spec").expect("Spec is documented");
    let example = spec.example.as_ref().expect("Spec has an example");
    match example {
        Value::String(text) => serde_json::from_str(text).expect("the example is a JSON document"),
        other => other.clone(),
    }
}

fn request() -> CreateResourceRequest {
    let spec: FlowSpec = serde_json::from_value(documented_spec()).expect("the example fits FlowSpec");
    CreateResourceRequest::builder()
        .project_id(123456)
        .spec(spec)
        .resource_file("http://bucketname1.oss-cn-shanghai.aliyuncs.com/example")
        .build()
        .expect("a valid request")
}

#[test]
fn wire_dataworks_endpoint_follows_the_region() {
    let client = Client::builder().credentials(credentials::alibaba()).region("cn-shanghai").build().unwrap();
    assert_eq!(client.transport().endpoint().as_str(), "https://dataworks.cn-shanghai.aliyuncs.com/");
}

/// The SDK's endpoint table sends some public regions to the central host, not the template's.
#[test]
fn wire_dataworks_regions_of_the_central_host_reach_it() {
    for region in ["cn-qingdao", "cn-huhehaote", "ap-south-1", "ap-southeast-2"] {
        let client = Client::builder().credentials(credentials::alibaba()).region(region).build().unwrap();
        assert_eq!(client.transport().endpoint().as_str(), "https://dataworks.aliyuncs.com/", "{region}");
    }
    let client =
        Client::builder().credentials(credentials::alibaba()).region("me-central-1").build().unwrap();
    assert_eq!(client.transport().endpoint().as_str(), "https://dataworks.me-central-1.aliyuncs.com/");
}

#[tokio::test]
async fn wire_dataworks_create_resource_is_an_acs3_signed_rpc_form() {
    let server = MockServer::start().await;
    serve_json(&server, 200, examples::response_body(operation(), 200)).await;

    let output = client(&server).create_resource(&request()).await.expect("200 decodes");

    let received = Received::from(&server.received_requests().await.unwrap()[0]);
    assert_eq!(received.method, "POST");
    assert_eq!(received.raw_path, "/");
    assert_eq!(received.raw_query, None);
    assert_eq!(received.header("x-acs-action"), "CreateResource");
    assert_eq!(received.header("x-acs-version"), API_VERSION);
    assert_eq!(received.header("content-type"), "application/x-www-form-urlencoded");
    let nonce = received.header("x-acs-signature-nonce");
    assert!(nonce.len() >= 16, "a random nonce per request: {nonce}");
    let form = received.form();
    let names: Vec<&str> = form.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["ProjectId", "Spec", "ResourceFile"]);
    assert_eq!(form[0].1, "123456");
    // Spec travels as a string holding the FlowSpec document.
    let spec: Value = serde_json::from_str(&form[1].1).expect("Spec is a JSON document in a string");
    assert_eq!(spec, documented_spec());
    assert_eq!(form[2].1, "http://bucketname1.oss-cn-shanghai.aliyuncs.com/example");
    verify_acs3(&received);

    let documented: CreateResourceResponse =
        serde_json::from_slice(&examples::response_body(operation(), 200)).unwrap();
    assert_eq!(output, documented);
}

#[tokio::test]
async fn wire_dataworks_documented_error_envelope_is_typed() {
    let server = MockServer::start().await;
    // The envelope of Alibaba's "Troubleshooting API request errors" page, with a DataWorks code.
    let body = json!({
        "RequestId": REQUEST_ID,
        "HostId": "dataworks.cn-hangzhou.aliyuncs.com",
        "Code": "SignatureDoesNotMatch",
        "Message": "The specified signature does not match our calculation.",
        "Recommend": "https://api.alibabacloud.com/troubleshoot?q=SignatureDoesNotMatch&product=dataworks-public"
    });
    serve(
        &server,
        ResponseTemplate::new(400).set_body_raw(serde_json::to_vec(&body).unwrap(), "application/json"),
    )
    .await;
    let error = client(&server).create_resource(&request()).await.expect_err("400");
    let Error::Service(service) = &error else { panic!("expected a service error, got {error:?}") };
    assert_eq!(service.code, CreateResourceErrorCode::Common(CommonErrorCode::SignatureDoesNotMatch));
    assert_eq!(service.request_id.as_deref(), Some(REQUEST_ID));
    assert!(service.body.contains("Recommend"), "the raw body keeps the troubleshooting link");
}

#[tokio::test]
async fn wire_dataworks_older_envelope_without_recommend_is_parsed() {
    let server = MockServer::start().await;
    // Verbatim from Image Search "Responses": no Recommend member.
    let body = r#"{"RequestId": "8906582E-6722-409A-A6C4-0E7863B733A5", "HostId": "imagesearch.aliyuncs.com", "Code": "BadRequest", "Message": "The request has invalid parameters."}"#;
    serve(&server, ResponseTemplate::new(400).set_body_raw(body, "application/json")).await;
    let error = client(&server).create_resource(&request()).await.expect_err("400");
    let service = error.as_service().expect("a service error");
    assert_eq!(service.raw_code, "BadRequest");
    assert_eq!(service.request_id.as_deref(), Some("8906582E-6722-409A-A6C4-0E7863B733A5"));
}

#[tokio::test]
async fn wire_dataworks_every_documented_error_code_is_typed() {
    let server = MockServer::start().await;
    let client = client(&server);
    let request = request();
    let envelope = |code: &str, status: Option<u16>| {
        let body = json!({"RequestId": REQUEST_ID, "HostId": "dataworks.aliyuncs.com", "Code": code, "Message": "m"});
        (status.unwrap_or(400), serde_json::to_vec(&body).unwrap(), None)
    };
    assert_documented_codes(&server, operation(), envelope, REQUEST_ID, || client.create_resource(&request))
        .await;
}

#[tokio::test]
async fn wire_dataworks_broken_responses_are_decode_errors() {
    let server = MockServer::start().await;
    let client = client(&server);
    let request = request();
    assert_decode_failures(&server, 200, || client.create_resource(&request)).await;
}

/// `Id` as the SDK has typed it since 8.0 (a string; real ids such as 631478864897630XXXX exceed
/// 2^53) and as the page's sample shows it (a number): both decode, to the same text, so a created
/// resource is never reported as a failed call. A number beyond 2^53 keeps every digit.
#[tokio::test]
async fn wire_dataworks_id_decodes_from_a_string_or_a_number() {
    let bodies = [
        (
            r#"{"RequestId": "A5B97987-66EA-5563-9599-A2752292XXXX", "Id": "6314788648976301234"}"#,
            "6314788648976301234",
        ),
        (
            r#"{"RequestId": "A5B97987-66EA-5563-9599-A2752292XXXX", "Id": 6314788648976301234}"#,
            "6314788648976301234",
        ),
        (r#"{"RequestId": "A5B97987-66EA-5563-9599-A2752292XXXX", "Id": 0}"#, "0"),
    ];
    for (body, id) in bodies {
        let server = MockServer::start().await;
        serve(&server, ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
        let output = client(&server).create_resource(&request()).await.expect("200 decodes");
        assert_eq!(output.id.as_deref(), Some(id), "{body}");
        assert_eq!(output.request_id.as_deref(), Some("A5B97987-66EA-5563-9599-A2752292XXXX"));
    }
}

/// FlowSpec types are open: members the page's example does not show, at every level, reach the
/// wire unchanged, and a caller can add members of its own through `extra`.
#[tokio::test]
async fn wire_dataworks_flowspec_members_beyond_the_page_are_sent() {
    let document = json!({
        "version": "1.1.0",
        "kind": "Resource",
        "metadata": { "owner": "1107550004253538", "uuid": "7014486416716340289" },
        "spec": {
            "fileResources": [{
                "name": "OpenAPITestResource.py",
                "id": "6128718817130431653",
                "script": {
                    "content": "",
                    "path": "XX/OpenAPITest/ResourcesTest/OpenAPITestResource.py",
                    "runtime": { "command": "ODPS_PYTHON", "commandTypeId": 12 },
                    "parameters": []
                },
                "type": "python",
                "file": { "storage": { "type": "oss", "uri": "oss://bucket/x.py" } },
                "datasource": { "name": "odps_first", "type": "odps" }
            }],
            "workflows": []
        }
    });
    let mut spec: FlowSpec = serde_json::from_value(document.clone()).expect("an open FlowSpec decodes");
    assert_eq!(spec.extra.get("metadata"), document.get("metadata"));
    spec.extra.insert("labels".into(), json!({ "team": "data" }));
    let request = CreateResourceRequest::builder().project_id(123456).spec(spec).build().expect("valid");

    let server = MockServer::start().await;
    serve_json(&server, 200, examples::response_body(operation(), 200)).await;
    client(&server).create_resource(&request).await.expect("200 decodes");

    let received = Received::from(&server.received_requests().await.unwrap()[0]);
    let form = received.form();
    let sent = form.iter().find(|(name, _)| name == "Spec").expect("Spec is sent");
    let sent: Value = serde_json::from_str(&sent.1).expect("Spec is a JSON document in a string");
    let mut expected = document;
    expected["labels"] = json!({ "team": "data" });
    assert_eq!(sent, expected, "every member the caller set is on the wire");
}

/// DataWorks answers API-level flow control with `Throttling.Api`, which the page does not list.
#[tokio::test]
async fn wire_dataworks_api_throttling_is_typed() {
    let server = MockServer::start().await;
    let body = json!({"RequestId": REQUEST_ID, "Code": "Throttling.Api", "Message": "Request was denied due to api flow control."});
    serve(
        &server,
        ResponseTemplate::new(400).set_body_raw(serde_json::to_vec(&body).unwrap(), "application/json"),
    )
    .await;
    let error = client(&server).create_resource(&request()).await.expect_err("throttled");
    let Error::Service(service) = &error else { panic!("expected a service error, got {error:?}") };
    assert_eq!(service.code, CreateResourceErrorCode::Common(CommonErrorCode::ThrottlingApi));
}

/// The request that arrived at `server` (the only one), its ACS3 signature verified and its
/// action and version checked.
async fn the_signed_request(server: &MockServer, action: &str) -> Received {
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "one request");
    let received = Received::from(&requests[0]);
    assert_eq!(received.raw_path, "/");
    assert_eq!(received.header("x-acs-action"), action);
    assert_eq!(received.header("x-acs-version"), API_VERSION);
    verify_acs3(&received);
    received
}

/// A form-bodied POST: no query string, every parameter in the body, in the SDK's names.
fn form_of(received: &Received) -> Vec<(String, String)> {
    assert_eq!(received.method, "POST");
    assert_eq!(received.raw_query, None, "RPC POST parameters travel in the body");
    assert_eq!(received.header("content-type"), "application/x-www-form-urlencoded");
    let mut form = received.form();
    form.sort();
    form
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> =
        expected.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect();
    pairs.sort();
    pairs
}

/// GetResource is a GET with everything in the query string (the SDK's `Utils.query`), an empty
/// body, and decodes the page's sample response, its empty `Spec` included.
#[tokio::test]
async fn wire_dataworks_get_resource_is_a_signed_query() {
    let op = examples::operation("alibaba", "dataworks", "GetResource");
    let server = MockServer::start().await;
    serve_json(&server, 200, examples::response_body(op, 200)).await;
    let request =
        GetResourceRequest::builder().project_id(10000).id("860438872620113XXXX").build().expect("valid");

    let output = client(&server).get_resource(&request).await.expect("200 decodes");

    let received = the_signed_request(&server, "GetResource").await;
    assert_eq!(received.method, "GET");
    assert!(received.body.is_empty(), "a GET has no body");
    let mut query = received.query.clone();
    query.sort();
    assert_eq!(query, pairs(&[("Id", "860438872620113XXXX"), ("ProjectId", "10000")]));
    let documented: GetResourceResponse = serde_json::from_slice(&examples::response_body(op, 200)).unwrap();
    assert_eq!(output, documented);
    let resource = output.resource.expect("Resource");
    assert_eq!(resource.id.as_deref(), Some("860438872620113XXXX"));
    assert_eq!(resource.project_id.as_deref(), Some("10000"));
    assert_eq!(resource.create_time, Some(1_700_539_206_000));
    assert_eq!(resource.spec.as_deref(), Some(""));
}

/// An unknown resource is the typed not-found code, with Alibaba's 404.
#[tokio::test]
async fn wire_dataworks_get_resource_not_found_is_typed() {
    let server = MockServer::start().await;
    let body = json!({"RequestId": REQUEST_ID, "HostId": "dataworks.cn-hangzhou.aliyuncs.com", "Code": "Resource.NotFound", "Message": "The specified resource does not exist."});
    serve(
        &server,
        ResponseTemplate::new(404).set_body_raw(serde_json::to_vec(&body).unwrap(), "application/json"),
    )
    .await;
    let request = GetResourceRequest::builder().id("1").build().expect("ProjectId is optional");
    let error = client(&server).get_resource(&request).await.expect_err("404");
    let Error::Service(service) = &error else { panic!("expected a service error, got {error:?}") };
    assert_eq!(service.status, 404);
    assert_eq!(service.code, GetResourceErrorCode::Common(CommonErrorCode::ResourceNotFound));
}

/// UpdateResource sends Id, ProjectId, ResourceFile and Spec (a FlowSpec document in a string) as
/// a signed form, and decodes `Success`.
#[tokio::test]
async fn wire_dataworks_update_resource_is_a_signed_form() {
    let op = examples::operation("alibaba", "dataworks", "UpdateResource");
    let server = MockServer::start().await;
    serve_json(&server, 200, examples::response_body(op, 200)).await;
    let spec: FlowSpec = serde_json::from_value(documented_spec()).expect("the example fits FlowSpec");
    let request = UpdateResourceRequest::builder()
        .project_id(10000)
        .id("543217824470354XXXX")
        .spec(spec)
        .resource_file("http://bucketname1.oss-cn-shanghai.aliyuncs.com/example")
        .build()
        .expect("valid");

    let output = client(&server).update_resource(&request).await.expect("200 decodes");

    let received = the_signed_request(&server, "UpdateResource").await;
    let form = form_of(&received);
    let names: Vec<&str> = form.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Id", "ProjectId", "ResourceFile", "Spec"]);
    assert_eq!(form[0].1, "543217824470354XXXX");
    assert_eq!(form[1].1, "10000");
    assert_eq!(form[2].1, "http://bucketname1.oss-cn-shanghai.aliyuncs.com/example");
    let spec: Value = serde_json::from_str(&form[3].1).expect("Spec is a JSON document in a string");
    assert_eq!(spec, documented_spec());
    let documented: UpdateResourceResponse =
        serde_json::from_slice(&examples::response_body(op, 200)).unwrap();
    assert_eq!(output, documented);
    assert_eq!(output.success, Some(true));
}

#[tokio::test]
async fn wire_dataworks_delete_resource_is_a_signed_form() {
    let op = examples::operation("alibaba", "dataworks", "DeleteResource");
    let server = MockServer::start().await;
    serve_json(&server, 200, examples::response_body(op, 200)).await;
    let request =
        DeleteResourceRequest::builder().project_id(10000).id("860438872620113XXXX").build().expect("valid");

    let output = client(&server).delete_resource(&request).await.expect("200 decodes");

    let received = the_signed_request(&server, "DeleteResource").await;
    assert_eq!(form_of(&received), pairs(&[("Id", "860438872620113XXXX"), ("ProjectId", "10000")]));
    let documented: DeleteResourceResponse =
        serde_json::from_slice(&examples::response_body(op, 200)).unwrap();
    assert_eq!(output, documented);
    assert_eq!(output.success, Some(true));
}

#[tokio::test]
async fn wire_dataworks_move_resource_is_a_signed_form() {
    let op = examples::operation("alibaba", "dataworks", "MoveResource");
    let server = MockServer::start().await;
    serve_json(&server, 200, examples::response_body(op, 200)).await;
    let request = MoveResourceRequest::builder()
        .project_id(10000)
        .id("652567824470354XXXX")
        .path("root/demo")
        .build()
        .expect("valid");

    let output = client(&server).move_resource(&request).await.expect("200 decodes");

    let received = the_signed_request(&server, "MoveResource").await;
    assert_eq!(
        form_of(&received),
        pairs(&[("Id", "652567824470354XXXX"), ("Path", "root/demo"), ("ProjectId", "10000")])
    );
    let documented: MoveResourceResponse = serde_json::from_slice(&examples::response_body(op, 200)).unwrap();
    assert_eq!(output, documented);
    assert_eq!(output.request_id.as_deref(), Some("F332BED4-DD73-5972-A9C2-642BA6CFXXXX"));
}

#[tokio::test]
async fn wire_dataworks_rename_resource_is_a_signed_form() {
    let op = examples::operation("alibaba", "dataworks", "RenameResource");
    let server = MockServer::start().await;
    serve_json(&server, 200, examples::response_body(op, 200)).await;
    let request = RenameResourceRequest::builder()
        .project_id(10000)
        .id("543217824470354XXXX")
        .name("Rename")
        .build()
        .expect("valid");

    let output = client(&server).rename_resource(&request).await.expect("200 decodes");

    let received = the_signed_request(&server, "RenameResource").await;
    assert_eq!(
        form_of(&received),
        pairs(&[("Id", "543217824470354XXXX"), ("Name", "Rename"), ("ProjectId", "10000")])
    );
    let documented: RenameResourceResponse =
        serde_json::from_slice(&examples::response_body(op, 200)).unwrap();
    assert_eq!(output, documented);
    assert_eq!(output.success, Some(true));
}

/// An empty Id, Path or Name is refused before anything is sent (the SDK marks each required).
#[test]
fn wire_dataworks_resource_ids_and_names_must_not_be_empty() {
    assert!(GetResourceRequest::builder().id("").build().is_err());
    assert!(MoveResourceRequest::builder().project_id(1).id("1").path("").build().is_err());
    assert!(RenameResourceRequest::builder().project_id(1).id("1").name("").build().is_err());
    assert!(DeleteResourceRequest::builder().project_id(1).id("").build().is_err());
}
