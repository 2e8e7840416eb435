//! Client configuration: credentials from the environment, accepted schemes, endpoints, and a
//! `Debug` that never shows a secret.

use std::collections::HashMap;

use cloudspec_clients::{alibaba, huawei, oci, tencent};
use cloudspec_runtime::{ClientBuilder, ConfigError};
use cloudspec_tests::credentials;

fn lookup(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    move |name| map.get(name).cloned()
}

#[test]
fn tencent_from_env_reads_the_sdk_variables() {
    let vars = lookup(&[
        ("TENCENTCLOUD_SECRET_ID", credentials::TENCENT_SECRET_ID),
        ("TENCENTCLOUD_SECRET_KEY", credentials::TENCENT_SECRET_KEY),
        ("TENCENTCLOUD_REGION", "ap-singapore"),
    ]);
    let transport = ClientBuilder::from_env_with(&tencent::wedata::SERVICE, vars).unwrap().build().unwrap();
    assert_eq!(transport.endpoint().as_str(), "https://wedata.intl.tencentcloudapi.com/");
    let shown = format!("{transport:?}");
    assert!(shown.contains("ap-singapore"), "{shown}");
    assert!(!shown.contains(credentials::TENCENT_SECRET_KEY), "Debug shows the secret: {shown}");
}

#[test]
fn missing_credentials_name_every_variable_tried() {
    let error = ClientBuilder::from_env_with(&huawei::codeartsrepo::SERVICE, lookup(&[])).unwrap_err();
    let ConfigError::MissingCredentials { detail, .. } = &error else { panic!("{error:?}") };
    for variable in ["HUAWEICLOUD_AUTH_TOKEN", "HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"] {
        assert!(detail.contains(variable), "{variable} missing from: {detail}");
    }
}

#[test]
fn huawei_prefers_the_token_then_falls_back_to_aksk() {
    let aksk_only = lookup(&[
        ("HUAWEICLOUD_SDK_AK", credentials::HUAWEI_AK),
        ("HUAWEICLOUD_SDK_SK", credentials::HUAWEI_SK),
        ("HUAWEICLOUD_SDK_REGION", "ap-southeast-3"),
    ]);
    let transport =
        ClientBuilder::from_env_with(&huawei::codeartsrepo::SERVICE, aksk_only).unwrap().build().unwrap();
    assert_eq!(transport.endpoint().as_str(), "https://codehub-ext.ap-southeast-3.myhuaweicloud.com/");
    assert!(format!("{transport:?}").contains("HuaweiAkSk"));
}

#[test]
fn pds_from_env_fills_the_domain() {
    let vars = lookup(&[
        ("ALIBABA_CLOUD_PDS_ACCESS_TOKEN", credentials::PDS_ACCESS_TOKEN),
        ("ALIBABA_CLOUD_PDS_DOMAIN_ID", "bj1234"),
    ]);
    let transport = ClientBuilder::from_env_with(&alibaba::pds::SERVICE, vars).unwrap().build().unwrap();
    assert_eq!(transport.endpoint().as_str(), "https://bj1234.api.aliyunpds.com/");
    assert!(!format!("{transport:?}").contains(credentials::PDS_ACCESS_TOKEN));
}

#[test]
fn credentials_of_another_scheme_are_refused() {
    let error = ClientBuilder::new(&oci::aidataplatform::SERVICE)
        .auth(credentials::tencent())
        .region("us-ashburn-1")
        .build()
        .unwrap_err();
    assert!(matches!(error, ConfigError::WrongCredentials { .. }), "{error:?}");
    assert!(error.to_string().contains("OCI rsa-sha256"), "{error}");
}

#[test]
fn a_region_that_is_not_a_host_label_is_refused() {
    let error = alibaba::dataworks::Client::builder()
        .credentials(credentials::alibaba())
        .region("cn-hangzhou.evil.example/")
        .build()
        .unwrap_err();
    assert!(matches!(error, ConfigError::InvalidEndpoint { .. }), "{error:?}");
}

#[test]
fn oci_client_debug_hides_the_key() {
    let client = oci::aidataplatform::Client::builder()
        .credentials(credentials::oci())
        .region("us-ashburn-1")
        .build()
        .unwrap();
    assert_eq!(client.transport().endpoint().as_str(), "https://datalake.us-ashburn-1.oci.oraclecloud.com/");
    let shown = format!("{client:?}");
    assert!(!shown.contains("BEGIN RSA PRIVATE KEY") && !shown.contains("MII"), "{shown}");
}

/// The data-plane host of Oracle's AI Data Platform SDK (NotebookClient's endpoint template
/// `https://datalake.{region}.oci.{secondLevelDomain}`, oraclecloud.com in the commercial realm),
/// not a host guessed by analogy with other OCI services.
#[test]
fn oci_endpoint_is_the_data_plane_sdk_host() {
    assert_eq!(oci::aidataplatform::ENDPOINT, "https://datalake.{region}.oci.oraclecloud.com");
    let client = oci::aidataplatform::Client::builder()
        .credentials(credentials::oci())
        .region("eu-frankfurt-1")
        .build()
        .unwrap();
    assert_eq!(
        client.transport().endpoint().as_str(),
        "https://datalake.eu-frankfurt-1.oci.oraclecloud.com/"
    );
}

/// Every region of the Huawei SDK's CodeArts Repo region table (v4 codeartsrepo_region.py)
/// reaches its host: eu-west-101 is in the codeartsrepo-ext family, not the template's.
#[test]
fn huawei_regions_outside_the_template_reach_the_sdk_hosts() {
    let sdk_table = [
        ("cn-north-4", "https://codehub-ext.cn-north-4.myhuaweicloud.com/"),
        ("ap-southeast-3", "https://codehub-ext.ap-southeast-3.myhuaweicloud.com/"),
        ("la-south-2", "https://codeartsrepo-ext.la-south-2.myhuaweicloud.com/"),
        ("tr-west-1", "https://codeartsrepo-ext.tr-west-1.myhuaweicloud.com/"),
        ("eu-west-101", "https://codeartsrepo-ext.eu-west-101.myhuaweicloud.com/"),
        ("me-east-1", "https://repo.me-east-1.myhuaweicloud.com/"),
        ("af-south-1", "https://repo.af-south-1.myhuaweicloud.com/"),
        ("af-north-1", "https://repo.af-north-1.myhuaweicloud.com/"),
    ];
    for (region, host) in sdk_table {
        let client = huawei::codeartsrepo::Client::builder()
            .credentials(credentials::huawei_token())
            .region(region)
            .build()
            .unwrap();
        assert_eq!(client.transport().endpoint().as_str(), host, "{region}");
    }
    assert!(!huawei::codeartsrepo::REGIONS.contains(&"eu-west-101"));
}
