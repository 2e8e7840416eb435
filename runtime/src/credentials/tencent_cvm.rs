//! Tencent Cloud CVM role credentials, from the instance metadata service.
//!
//! The exchange follows tencentcloud-sdk-python-common `tencentcloud/common/credential.py`
//! (`CVMRoleCredential`): `GET /latest/meta-data/cam/security-credentials/<role>` on
//! `metadata.tencentyun.com`, whose JSON answer has `Code` (`Success`), `TmpSecretId`,
//! `TmpSecretKey`, `Token` and `ExpiredTime` (Unix seconds). Without a role name, the role is
//! first read from `GET /latest/meta-data/cam/security-credentials/`.

use time::OffsetDateTime;

use super::metadata::{MetadataService, parse_json, require_success};
use super::provider::{Expiring, ProvideCredentials, ProvideFuture};
use super::{CredentialsError, TencentCredentials};

/// The CVM metadata service (`CVMRoleCredential._metadata_endpoint`).
pub const TENCENT_CVM_METADATA_ENDPOINT: &str = "http://metadata.tencentyun.com";
const CREDENTIALS_PATH: [&str; 4] = ["latest", "meta-data", "cam", "security-credentials"];

/// Credentials of the CAM role attached to the CVM instance this runs on.
#[derive(Clone)]
pub struct TencentCvmRole {
    role_name: Option<String>,
    service: MetadataService,
}

impl std::fmt::Debug for TencentCvmRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Tencent CVM role ")?;
        match &self.role_name {
            Some(role) => write!(f, "`{role}`")?,
            None => write!(f, "(discovered)")?,
        }
        write!(f, " at {}", self.service.base().as_str().trim_end_matches('/'))
    }
}

impl TencentCvmRole {
    /// The credentials of the role `role_name`.
    pub fn new(role_name: impl Into<String>) -> Self {
        Self {
            role_name: Some(role_name.into()),
            service: MetadataService::builtin(TENCENT_CVM_METADATA_ENDPOINT),
        }
    }

    /// The credentials of whichever role is attached to the instance (one extra request), as
    /// the SDK does when no role is named.
    pub fn discover() -> Self {
        Self { role_name: None, service: MetadataService::builtin(TENCENT_CVM_METADATA_ENDPOINT) }
    }

    /// Asks the metadata service at `url` instead of the instance's own
    /// (`http://metadata.tencentyun.com`). For tests against a local fake, and for nothing
    /// else: credentials only come from the instance's own metadata service.
    pub fn endpoint_for_tests(mut self, url: &str) -> Result<Self, CredentialsError> {
        self.service = MetadataService::new(url, "Tencent CVM metadata")?;
        Ok(self)
    }

    async fn fetch(&self) -> Result<Expiring<TencentCredentials>, CredentialsError> {
        let from = format!("{self:?}");
        let role = match &self.role_name {
            Some(role) => role.clone(),
            None => {
                // The listing is the folder itself, with its trailing slash.
                let mut listing = CREDENTIALS_PATH.to_vec();
                listing.push("");
                let url = self.service.url(&listing);
                let listed = self.service.fetch(&from, reqwest::Method::GET, url, &[]).await?;
                let role = listed.lines().next().unwrap_or_default().trim().to_owned();
                if role.is_empty() {
                    return Err(CredentialsError::fetch(&from, "no CAM role is attached to the instance"));
                }
                role
            }
        };
        let mut path = CREDENTIALS_PATH.to_vec();
        path.push(&role);
        let text = self.service.fetch(&from, reqwest::Method::GET, self.service.url(&path), &[]).await?;
        parse_answer(&from, &text)
    }
}

impl ProvideCredentials<TencentCredentials> for TencentCvmRole {
    fn provide(&self) -> ProvideFuture<'_, TencentCredentials> {
        Box::pin(self.fetch())
    }
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Answer {
    code: Option<String>,
    tmp_secret_id: String,
    tmp_secret_key: String,
    token: String,
    expired_time: i64,
}

fn parse_answer(from: &str, text: &str) -> Result<Expiring<TencentCredentials>, CredentialsError> {
    let answer: Answer = parse_json(from, text)?;
    require_success(from, answer.code.as_deref())?;
    let expires_at = OffsetDateTime::from_unix_timestamp(answer.expired_time)
        .map_err(|_| CredentialsError::fetch(from, "`ExpiredTime` is not a Unix time in range"))?;
    let credentials =
        TencentCredentials::new(answer.tmp_secret_id, answer.tmp_secret_key).with_token(answer.token);
    Ok(Expiring::until(credentials, expires_at))
}
