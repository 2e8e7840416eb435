//! Alibaba Cloud ECS RAM role credentials, from the instance metadata service.
//!
//! The exchange follows alibabacloud-credentials (Python) `provider/ecs_ram_role.py`
//! (`EcsRamRoleCredentialsProvider`): a session token from `PUT /latest/api/token` with
//! `X-aliyun-ecs-metadata-token-ttl-seconds`, sent back as `X-aliyun-ecs-metadata-token` with
//! `GET /latest/meta-data/ram/security-credentials/<role>`, whose JSON answer has `Code`
//! (`Success`), `AccessKeyId`, `AccessKeySecret`, `SecurityToken` and `Expiration`
//! (`%Y-%m-%dT%H:%M:%SZ`). Without a role name, the role is first read from
//! `GET /latest/meta-data/ram/security-credentials/`.
//!
//! Unlike the SDK, the token is always required (no fall back to tokenless IMDSv1 requests):
//! an instance that enforces the hardened mode refuses them anyway, and one that does not
//! still issues tokens.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::metadata::{MetadataService, parse_json, require_success};
use super::provider::{Expiring, ProvideCredentials, ProvideFuture};
use super::{AlibabaCredentials, CredentialsError};

/// The ECS metadata service (alibabacloud-credentials: `__metadata_service_host`).
pub const ALIBABA_ECS_METADATA_ENDPOINT: &str = "http://100.100.100.200";
const TOKEN_PATH: [&str; 3] = ["latest", "api", "token"];
const CREDENTIALS_PATH: [&str; 4] = ["latest", "meta-data", "ram", "security-credentials"];
const TOKEN_HEADER: &str = "X-aliyun-ecs-metadata-token";
const TOKEN_TTL_HEADER: &str = "X-aliyun-ecs-metadata-token-ttl-seconds";
/// The SDK's `DEFAULT_METADATA_TOKEN_DURATION` (6 h); a token is used once, right away.
const TOKEN_TTL_SECONDS: &str = "21600";

/// Credentials of the RAM role attached to the ECS instance this runs on.
#[derive(Clone)]
pub struct AlibabaEcsRamRole {
    role_name: Option<String>,
    service: MetadataService,
}

impl std::fmt::Debug for AlibabaEcsRamRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Alibaba ECS RAM role ")?;
        match &self.role_name {
            Some(role) => write!(f, "`{role}`")?,
            None => write!(f, "(discovered)")?,
        }
        write!(f, " at {}", self.service.base().as_str().trim_end_matches('/'))
    }
}

impl AlibabaEcsRamRole {
    /// The credentials of the role `role_name`.
    pub fn new(role_name: impl Into<String>) -> Self {
        Self::at(Some(role_name.into()), ALIBABA_ECS_METADATA_ENDPOINT)
    }

    /// The credentials of whichever role is attached to the instance (one extra request).
    pub fn discover() -> Self {
        Self::at(None, ALIBABA_ECS_METADATA_ENDPOINT)
    }

    fn at(role_name: Option<String>, endpoint: &'static str) -> Self {
        Self { role_name, service: MetadataService::builtin(endpoint) }
    }

    /// Asks the metadata service at `url` instead of the instance's own (`http://100.100.100.200`).
    /// For tests against a local fake, and for nothing else: credentials only come from the
    /// instance's link-local service.
    pub fn endpoint_for_tests(mut self, url: &str) -> Result<Self, CredentialsError> {
        self.service = MetadataService::new(url, "Alibaba ECS metadata")?;
        Ok(self)
    }

    async fn fetch(&self) -> Result<Expiring<AlibabaCredentials>, CredentialsError> {
        let from = format!("{self:?}");
        let token = self
            .service
            .fetch(
                &from,
                reqwest::Method::PUT,
                self.service.url(&TOKEN_PATH),
                &[(TOKEN_TTL_HEADER, TOKEN_TTL_SECONDS)],
            )
            .await?;
        let headers = [(TOKEN_HEADER, token.as_str())];
        let role = match &self.role_name {
            Some(role) => role.clone(),
            None => {
                // The listing is the folder itself, with its trailing slash.
                let mut listing = CREDENTIALS_PATH.to_vec();
                listing.push("");
                let url = self.service.url(&listing);
                let listed = self.service.fetch(&from, reqwest::Method::GET, url, &headers).await?;
                let role = listed.lines().next().unwrap_or_default().trim().to_owned();
                if role.is_empty() {
                    return Err(CredentialsError::fetch(&from, "no RAM role is attached to the instance"));
                }
                role
            }
        };
        let mut path = CREDENTIALS_PATH.to_vec();
        path.push(&role);
        let text = self.service.fetch(&from, reqwest::Method::GET, self.service.url(&path), &headers).await?;
        parse_answer(&from, &text)
    }
}

impl ProvideCredentials<AlibabaCredentials> for AlibabaEcsRamRole {
    fn provide(&self) -> ProvideFuture<'_, AlibabaCredentials> {
        Box::pin(self.fetch())
    }
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Answer {
    code: Option<String>,
    access_key_id: String,
    access_key_secret: String,
    security_token: String,
    expiration: String,
}

fn parse_answer(from: &str, text: &str) -> Result<Expiring<AlibabaCredentials>, CredentialsError> {
    let answer: Answer = parse_json(from, text)?;
    require_success(from, answer.code.as_deref())?;
    let expires_at = OffsetDateTime::parse(&answer.expiration, &Rfc3339).map_err(|_| {
        CredentialsError::fetch(from, "`Expiration` is not a date-time like 2024-01-01T00:00:00Z")
    })?;
    let credentials = AlibabaCredentials::new(answer.access_key_id, answer.access_key_secret)
        .with_security_token(answer.security_token);
    Ok(Expiring::until(credentials, expires_at))
}
