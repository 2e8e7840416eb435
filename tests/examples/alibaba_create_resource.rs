//! Calls Alibaba Cloud DataWorks `CreateResource` through the generated client, against a local
//! mock server answering with the documented success response.
//!
//! Run: `cargo run -p cloudspec-tests --example alibaba_create_resource`

use cloudspec_clients::alibaba::dataworks::{
    Client, CreateResourceRequest, FlowSpec, FlowSpecResources, SpecDatasource, SpecFileResource, SpecScript,
    SpecScriptRuntime,
};
use cloudspec_runtime::credentials::AlibabaCredentials;
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header("x-acs-action", "CreateResource"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"RequestId": "6BE56E05-XXXX-XXXX-XXXX-FD90C4FFD581", "Id": 631478864897630000}"#,
            "application/json",
        ))
        .mount(&server)
        .await;

    // Against the real service: `.region("cn-hangzhou")` instead of `.allow_insecure_http().endpoint(..)`, or
    // `Client::from_env()` (ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET, ALIBABA_CLOUD_REGION_ID).
    let client = Client::builder()
        .credentials(AlibabaCredentials::new("YourAccessKeyId", "YourAccessKeySecret"))
        .allow_insecure_http()
        .endpoint(server.uri())
        .build()?;

    // The FlowSpec document travels as the string parameter `Spec`; here it is typed. FlowSpec
    // types are open: `extra` carries members the spec does not list (none here but one).
    // Nested types have builders: unset optional fields stay `None`, and `build()` on FlowSpec
    // compiles only once its required `version`, `kind` and `spec` are set.
    let script = SpecScript::builder()
        .content("")
        .path("XX/OpenAPITest/ResourcesTest/OpenAPITestResource.py")
        .runtime(SpecScriptRuntime::builder().command("ODPS_PYTHON").build())
        .build();
    let resource = SpecFileResource::builder()
        .name("OpenAPITestResource.py")
        .script(script)
        .type_("python")
        .datasource(SpecDatasource::builder().name("odps_first").type_("odps").build())
        .build();
    let spec = FlowSpec::builder()
        .version("1.1.0")
        .kind("Resource")
        .spec(FlowSpecResources::builder().file_resources([resource]).build())
        .extra([("metadata", serde_json::json!({ "owner": "1107550004253538" }))])
        .build();
    let request = CreateResourceRequest::builder()
        .project_id(123456)
        .spec(spec)
        .resource_file("http://bucketname1.oss-cn-shanghai.aliyuncs.com/example")
        .build()?;

    let created = client.create_resource(&request).await?;
    println!("resource {:?} created (request id {:?})", created.id, created.request_id);
    Ok(())
}
