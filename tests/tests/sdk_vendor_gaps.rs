//! Vendor gaps: Huawei project-scoped AK/SK (`X-Project-Id`, sent and signed) and the Alibaba
//! region taken from the `aliyun` CLI's config file.

use std::collections::HashMap;

use cloudspec_clients::{alibaba, huawei};
use cloudspec_runtime::{ClientBuilder, ConfigError};
use cloudspec_tests::received::{Received, verify_apig};
use cloudspec_tests::responses::serve;
use cloudspec_tests::{credentials, examples};
use wiremock::{MockServer, ResponseTemplate};

const PROJECT_ID: &str = "05041fffa40025702f6dc009cc6f8f33";

fn lookup(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
    let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    move |name| map.get(name).cloned()
}

#[tokio::test]
async fn sdk_huawei_project_id_is_on_the_wire_and_signed() {
    let server = MockServer::start().await;
    let op = examples::operation("huawei", "codeartsrepo", "CreateFile");
    serve(
        &server,
        ResponseTemplate::new(201).set_body_raw(examples::response_body(op, 201), "application/json"),
    )
    .await;
    let client = huawei::codeartsrepo::Client::builder()
        .credentials(credentials::huawei_aksk().with_project_id(PROJECT_ID))
        .allow_insecure_http()
        .endpoint(server.uri())
        .build()
        .expect("complete");
    let example = examples::with_status(op, 201)[0].request.clone().expect("a request example");
    let mut request: huawei::codeartsrepo::CreateFileRequest =
        serde_json::from_value(example).expect("the example fits");
    request.repository_id = 2_111_863;

    client.create_file(&request).await.expect("201 decodes");

    let received = Received::from(&server.received_requests().await.unwrap()[0]);
    assert_eq!(received.header("x-project-id"), PROJECT_ID);
    let authorization = received.header("authorization");
    let signed = authorization
        .split("SignedHeaders=")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .expect("an APIG authorization");
    assert!(signed.split(';').any(|name| name == "x-project-id"), "not signed: {signed}");
    // The signature, recomputed from the bytes that arrived, covers the header.
    verify_apig(&received);
}

#[test]
fn sdk_huawei_project_id_from_the_sdk_variable() {
    let vars = lookup(&[
        ("HUAWEICLOUD_SDK_AK", credentials::HUAWEI_AK),
        ("HUAWEICLOUD_SDK_SK", credentials::HUAWEI_SK),
        ("HUAWEICLOUD_SDK_PROJECT_ID", PROJECT_ID),
        ("HUAWEICLOUD_SDK_REGION", "ap-southeast-3"),
    ]);
    let transport =
        ClientBuilder::from_env_with(&huawei::codeartsrepo::SERVICE, vars).unwrap().build().unwrap();
    assert!(format!("{transport:?}").contains(PROJECT_ID), "{transport:?}");
}

/// A home folder holding the `aliyun` CLI's config.json.
fn home_with_cli_config(text: &str) -> tempfile::TempDir {
    let home = tempfile::tempdir().expect("a temp dir");
    std::fs::create_dir_all(home.path().join(".aliyun")).unwrap();
    std::fs::write(home.path().join(".aliyun/config.json"), text).unwrap();
    home
}

const CLI_CONFIG: &str = r#"{"current": "work", "profiles": [
    {"name": "work", "mode": "AK", "access_key_id": "LTAIwork", "access_key_secret": "w", "region_id": "cn-shanghai"},
    {"name": "eu", "mode": "AK", "access_key_id": "LTAIeu", "access_key_secret": "e", "region_id": "eu-central-1"}
]}"#;

#[test]
fn sdk_alibaba_region_comes_from_the_cli_profile() {
    let home = home_with_cli_config(CLI_CONFIG);
    let home_path = home.path().to_str().expect("UTF-8");

    // Credentials and region from the same (current) profile.
    let transport =
        ClientBuilder::from_env_with(&alibaba::dataworks::SERVICE, lookup(&[("HOME", home_path)]))
            .expect("credentials from the profile")
            .build()
            .expect("the region fills the endpoint");
    assert_eq!(transport.endpoint().as_str(), "https://dataworks.cn-shanghai.aliyuncs.com/");

    // Credentials from the variables, region from the chosen profile.
    let vars = lookup(&[
        ("HOME", home_path),
        ("ALIBABA_CLOUD_PROFILE", "eu"),
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", credentials::ALIBABA_ACCESS_KEY_ID),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", credentials::ALIBABA_ACCESS_KEY_SECRET),
    ]);
    let transport =
        ClientBuilder::from_env_with(&alibaba::dataworks::SERVICE, vars).unwrap().build().unwrap();
    assert_eq!(transport.endpoint().as_str(), "https://dataworks.eu-central-1.aliyuncs.com/");

    // The variable wins over the file.
    let vars = lookup(&[("HOME", home_path), ("ALIBABA_CLOUD_REGION_ID", "ap-southeast-1")]);
    let transport =
        ClientBuilder::from_env_with(&alibaba::dataworks::SERVICE, vars).unwrap().build().unwrap();
    assert_eq!(transport.endpoint().as_str(), "https://dataworks.ap-southeast-1.aliyuncs.com/");
}

#[test]
fn sdk_alibaba_broken_cli_config_is_a_clear_error() {
    let home = home_with_cli_config("{\"current\": ");
    let vars = lookup(&[
        ("HOME", home.path().to_str().expect("UTF-8")),
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", credentials::ALIBABA_ACCESS_KEY_ID),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", credentials::ALIBABA_ACCESS_KEY_SECRET),
    ]);
    let error = ClientBuilder::from_env_with(&alibaba::dataworks::SERVICE, vars).unwrap_err();
    assert!(matches!(error, ConfigError::ConfigFile(_)), "{error:?}");
    assert!(error.to_string().contains(".aliyun/config.json"), "{error}");
}
