//! Signing one typical request per scheme: what every call pays before it is sent.
//!
//! "Typical" is a create call: a JSON body of about 600 bytes, the protocol's own headers, a
//! host, no query (TC3, APIG, OCI) or a few RPC query parameters (ACS3). The HMAC schemes have a
//! budget of 5 µs per signature (docs/performance.md); OCI's RSA-2048 signature is reported.
//!
//! Run: `cargo bench -p cloudspec-runtime --bench sign`

use std::hint::black_box;

use cloudspec_runtime::credentials::{AlibabaCredentials, HuaweiAkSk, OciCredentials, TencentCredentials};
use cloudspec_runtime::sign::{RequestParts, acs3, apig, oci, tc3};
use criterion::{Criterion, criterion_group, criterion_main};
use time::macros::datetime;

/// A 2048-bit test key (the size OCI requires); the same one the cross-crate tests sign with.
const OCI_TEST_KEY: &str = include_str!("../../tests/fixtures/credentials/oci_test_key_2048.pem");

/// A create request's body: ~600 bytes of JSON, as the seed operations send.
fn body() -> Vec<u8> {
    let document = serde_json::json!({
        "ProjectId": "1470547050521227264",
        "CodeFileName": "testFile-0917-1.ipynb",
        "ParentFolderPath": "/scripts/etl/daily",
        "CodeFileConfig": {
            "Params": "p1",
            "NotebookSessionInfo": { "NotebookSessionId": "dfdfds-3343gdfs-454", "NotebookSessionName": "session1" }
        },
        "CodeFileContent": "import pandas as pd\nframe = pd.read_csv('s3://bucket/input.csv')\nframe.describe()\n",
        "Tags": [ { "Key": "team", "Value": "data-platform" }, { "Key": "env", "Value": "production" } ],
        "Description": "Nightly ETL notebook that loads the raw events, cleans them and writes the daily aggregates."
    });
    serde_json::to_vec(&document).expect("a JSON value serializes")
}

fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect()
}

fn signing(c: &mut Criterion) {
    let body = body();
    let mut group = c.benchmark_group("sign");

    let tc3_headers = headers(&[
        ("Content-Type", "application/json; charset=utf-8"),
        ("X-TC-Action", "CreateCodeFile"),
        ("X-TC-Version", "2025-08-06"),
        ("X-TC-Timestamp", "1758106292"),
        ("X-TC-Region", "ap-guangzhou"),
    ]);
    let tc3_parts = RequestParts {
        method: "POST",
        host: "wedata.intl.tencentcloudapi.com",
        path: "/",
        query: &[],
        headers: &tc3_headers,
        body: &body,
    };
    let tencent =
        TencentCredentials::new("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE");
    group.bench_function("tc3", |b| {
        b.iter(|| tc3::sign(black_box(&tc3_parts), &tencent, "wedata", black_box(1_758_106_292)))
    });

    let acs3_headers = headers(&[
        ("x-acs-action", "CreateResource"),
        ("x-acs-version", "2024-05-18"),
        ("content-type", "application/x-www-form-urlencoded"),
    ]);
    let query = vec![
        ("ProjectId".to_owned(), "123456".to_owned()),
        ("RegionId".to_owned(), "cn-hangzhou".to_owned()),
        ("ClientToken".to_owned(), "3156853299f313e23d1673dc12e1703d".to_owned()),
    ];
    let acs3_parts = RequestParts {
        method: "POST",
        host: "dataworks.cn-hangzhou.aliyuncs.com",
        path: "/",
        query: &query,
        headers: &acs3_headers,
        body: &body,
    };
    let alibaba = AlibabaCredentials::new("YourAccessKeyId", "YourAccessKeySecret");
    let when = datetime!(2025-09-17 10:51:32 UTC);
    group.bench_function("acs3", |b| {
        b.iter(|| acs3::sign(black_box(&acs3_parts), &alibaba, when, "3156853299f313e23d1673dc12e1703d"))
    });

    let apig_headers =
        headers(&[("Content-Type", "application/json;charset=UTF-8"), ("X-Project-Id", "0a5b2c")]);
    let apig_parts = RequestParts {
        method: "POST",
        host: "codehub-ext.cn-north-4.myhuaweicloud.com",
        path: "/v4/repositories/100001/repository/files",
        query: &[],
        headers: &apig_headers,
        body: &body,
    };
    let huawei = HuaweiAkSk::new("QTWAOYTTINDUT2QVKYUC", "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc");
    group.bench_function("apig", |b| b.iter(|| apig::sign(black_box(&apig_parts), &huawei, when)));

    let oci_headers = headers(&[("content-type", "application/json"), ("opc-request-id", "req-123")]);
    let oci_parts = RequestParts {
        method: "POST",
        host: "aidataplatform.us-ashburn-1.oci.oraclecloud.com",
        path: "/20260430/aiDataPlatforms/ocid1.x/workspaces/ws1/notebook/api/contents/dir%2Fnb.ipynb",
        query: &[],
        headers: &oci_headers,
        body: &body,
    };
    let oracle = OciCredentials::from_pem(
        "ocid1.tenancy.oc1..aaaaaaaaba3pv6wkcr4jqae5f15p2b2m2yt2j6rx32uzr4h25vqstifsfdsq",
        "ocid1.user.oc1..aaaaaaaat5nvwcna5j6aqzjcaty5eqbb6qt2jvpkanghtgdaqedqw3rynjq",
        "3e:52:90:c9:1c:ba:0f:29:c1:0e:a1:37:46:5e:a9:ff",
        OCI_TEST_KEY,
    )
    .expect("the test key loads");
    group.bench_function("oci_rsa2048", |b| b.iter(|| oci::sign(black_box(&oci_parts), &oracle, when)));
    group.finish();
}

criterion_group!(benches, signing);
criterion_main!(benches);
