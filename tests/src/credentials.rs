//! Credentials the suites sign with. None is real: they are the vendors' own published example
//! values, or generated for these tests and registered nowhere (the OCI key: see
//! `fixtures/credentials/README.md`), so a capture of a test run gives nothing away.

use cloudspec_runtime::credentials::{
    AlibabaCredentials, BearerToken, HuaweiAkSk, HuaweiToken, OciCredentials, TencentCredentials,
};

pub const TENCENT_SECRET_ID: &str = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
pub const TENCENT_SECRET_KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
pub const ALIBABA_ACCESS_KEY_ID: &str = "YourAccessKeyId";
pub const ALIBABA_ACCESS_KEY_SECRET: &str = "YourAccessKeySecret";
pub const HUAWEI_AK: &str = "QTWAOYTTINDUT2QVKYUC";
pub const HUAWEI_SK: &str = "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc";
pub const HUAWEI_TOKEN: &str = "MIIEXAMPLE-huawei-iam-token-for-tests";
pub const PDS_ACCESS_TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.example-pds-token.signature";
pub const OCI_TENANCY: &str =
    "ocid1.tenancy.oc1..aaaaaaaaba3pv6wkcr4jqae5f15p2b2m2yt2j6rx32uzr4h25vqstifsfdsq";
pub const OCI_USER: &str = "ocid1.user.oc1..aaaaaaaat5nvwcna5j6aqzjcaty5eqbb6qt2jvpkanghtgdaqedqw3rynjq";
/// The MD5 fingerprint of the test key's public half, as OCI computes it.
pub const OCI_FINGERPRINT: &str = "3e:52:90:c9:1c:ba:0f:29:c1:0e:a1:37:46:5e:a9:ff";
/// PKCS#1 PEM of a 2048-bit key generated for these tests (the OCI page's 1024-bit example key
/// is below what aws-lc signs with).
pub const OCI_PRIVATE_KEY_PEM: &str = include_str!("../fixtures/credentials/oci_test_key_2048.pem");

pub fn tencent() -> TencentCredentials {
    TencentCredentials::new(TENCENT_SECRET_ID, TENCENT_SECRET_KEY)
}

pub fn alibaba() -> AlibabaCredentials {
    AlibabaCredentials::new(ALIBABA_ACCESS_KEY_ID, ALIBABA_ACCESS_KEY_SECRET)
}

pub fn huawei_aksk() -> HuaweiAkSk {
    HuaweiAkSk::new(HUAWEI_AK, HUAWEI_SK)
}

pub fn huawei_token() -> HuaweiToken {
    HuaweiToken::new(HUAWEI_TOKEN)
}

pub fn pds_token() -> BearerToken {
    BearerToken::new(PDS_ACCESS_TOKEN)
}

pub fn oci() -> OciCredentials {
    OciCredentials::from_pem(OCI_TENANCY, OCI_USER, OCI_FINGERPRINT, OCI_PRIVATE_KEY_PEM)
        .expect("the OCI documentation's test key parses")
}

/// Every secret value above, for scans that prove none of them leaks into output.
pub const SECRETS: &[&str] = &[
    TENCENT_SECRET_KEY,
    ALIBABA_ACCESS_KEY_SECRET,
    HUAWEI_SK,
    HUAWEI_TOKEN,
    PDS_ACCESS_TOKEN,
    OCI_PRIVATE_KEY_PEM,
];
