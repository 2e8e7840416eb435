//! Huawei Cloud ECS temporary AK/SK, from the instance metadata service (the instance's
//! cloud service agency).
//!
//! The exchange follows huaweicloudsdkcore `auth/internal.py` (`MetadataAccessor`) on
//! `169.254.169.254`: a session token from `PUT /meta-data/latest/api/token` with
//! `X-Metadata-Token-Ttl-Seconds` (an answer of 404, 405 or 503 means the service issues none,
//! and the next request goes without it), then `GET /openstack/latest/securitykey` with
//! `X-Metadata-Token`, whose JSON answer is `{"credential": {"access", "secret",
//! "securitytoken", "expires_at"}}` (`StsAccessor._process_credential`; `expires_at` as
//! `%Y-%m-%dT%H:%M:%S.%fZ`).

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::metadata::{MetadataService, parse_json};
use super::provider::{Expiring, ProvideCredentials, ProvideFuture};
use super::{CredentialsError, HuaweiAkSk};

/// The ECS metadata service (`MetadataAccessor._METADATA_ENDPOINT`).
pub const HUAWEI_ECS_METADATA_ENDPOINT: &str = "http://169.254.169.254";
const TOKEN_PATH: [&str; 4] = ["meta-data", "latest", "api", "token"];
const SECURITY_KEY_PATH: [&str; 3] = ["openstack", "latest", "securitykey"];
const TOKEN_HEADER: &str = "X-Metadata-Token";
const TOKEN_TTL_HEADER: &str = "X-Metadata-Token-Ttl-Seconds";
/// `MetadataAccessor._DEFAULT_TOKEN_TTL_SECONDS` (6 h).
const TOKEN_TTL_SECONDS: &str = "21600";
/// The token answers after which the SDK goes on without a token.
const NO_TOKEN_STATUSES: [u16; 3] = [404, 405, 503];

/// Temporary AK/SK of the agency attached to the ECS instance this runs on.
#[derive(Clone)]
pub struct HuaweiEcsMetadata {
    service: MetadataService,
}

impl std::fmt::Debug for HuaweiEcsMetadata {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Huawei ECS metadata at {}", self.service.base().as_str().trim_end_matches('/'))
    }
}

impl Default for HuaweiEcsMetadata {
    fn default() -> Self {
        Self::new()
    }
}

impl HuaweiEcsMetadata {
    pub fn new() -> Self {
        Self { service: MetadataService::builtin(HUAWEI_ECS_METADATA_ENDPOINT) }
    }

    /// Asks the metadata service at `url` instead of the instance's own
    /// (`http://169.254.169.254`). For tests against a local fake, and for nothing else.
    pub fn endpoint_for_tests(mut self, url: &str) -> Result<Self, CredentialsError> {
        self.service = MetadataService::new(url, "Huawei ECS metadata")?;
        Ok(self)
    }

    async fn fetch(&self) -> Result<Expiring<HuaweiAkSk>, CredentialsError> {
        let from = format!("{self:?}");
        let token_answer = self
            .service
            .exchange(
                &from,
                reqwest::Method::PUT,
                self.service.url(&TOKEN_PATH),
                &[(TOKEN_TTL_HEADER, TOKEN_TTL_SECONDS)],
            )
            .await?;
        let token = match token_answer.status {
            200 => Some(token_answer.text),
            status if NO_TOKEN_STATUSES.contains(&status) => None,
            status => {
                return Err(CredentialsError::fetch(
                    &from,
                    format!("PUT /meta-data/latest/api/token: HTTP {status}"),
                ));
            }
        };
        let headers: Vec<(&str, &str)> = token.iter().map(|token| (TOKEN_HEADER, token.as_str())).collect();
        let url = self.service.url(&SECURITY_KEY_PATH);
        let text = self.service.fetch(&from, reqwest::Method::GET, url, &headers).await?;
        parse_answer(&from, &text)
    }
}

impl ProvideCredentials<HuaweiAkSk> for HuaweiEcsMetadata {
    fn provide(&self) -> ProvideFuture<'_, HuaweiAkSk> {
        Box::pin(self.fetch())
    }
}

#[derive(serde::Deserialize)]
struct Answer {
    credential: Credential,
}

#[derive(serde::Deserialize)]
struct Credential {
    access: String,
    secret: String,
    securitytoken: String,
    expires_at: String,
}

fn parse_answer(from: &str, text: &str) -> Result<Expiring<HuaweiAkSk>, CredentialsError> {
    let Answer { credential } = parse_json(from, text)?;
    let expires_at = OffsetDateTime::parse(&credential.expires_at, &Rfc3339).map_err(|_| {
        CredentialsError::fetch(from, "`expires_at` is not a date-time like 2024-01-01T00:00:00.000000Z")
    })?;
    let credentials =
        HuaweiAkSk::new(credential.access, credential.secret).with_security_token(credential.securitytoken);
    Ok(Expiring::until(credentials, expires_at))
}
