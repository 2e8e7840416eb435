//! Tencent Cloud web identity (TKE OIDC): an OIDC token file exchanged for a CAM role's
//! temporary credentials with STS `AssumeRoleWithWebIdentity`.
//!
//! The call is anonymous (the token is the proof of identity). It follows
//! tencentcloud-sdk-python-common `tencentcloud/common/credential.py` (`OIDCRoleArnCredential`
//! and `DefaultTkeOIDCRoleArnProvider`) and `abstract_client.py`
//! (`_build_req_without_signature`): the variables `TKE_REGION`, `TKE_PROVIDER_ID`,
//! `TKE_WEB_IDENTITY_TOKEN_FILE` and `TKE_ROLE_ARN`; `POST /` on `sts.tencentcloudapi.com` with
//! `X-TC-Action: AssumeRoleWithWebIdentity`, `X-TC-Version: 2018-08-13`, `X-TC-Timestamp`,
//! `X-TC-Region` and the JSON body `ProviderId`, `WebIdentityToken`, `RoleArn`,
//! `RoleSessionName`, `DurationSeconds` (default 7200); the answer's `Response.Credentials`
//! holds `TmpSecretId`, `TmpSecretKey` and `Token`, `Response.ExpiredTime` the expiry (Unix
//! seconds), and a refusal is a `Response.Error` (with HTTP 200).

use std::path::PathBuf;

use time::OffsetDateTime;

use super::env::required;
use super::files::read_credential_file;
use super::metadata::{MetadataService, parse_json};
use super::provider::{Expiring, ProvideCredentials, ProvideFuture};
use super::{CredentialsError, TencentCredentials};

const REGION_VAR: &str = "TKE_REGION";
const PROVIDER_ID_VAR: &str = "TKE_PROVIDER_ID";
const TOKEN_FILE_VAR: &str = "TKE_WEB_IDENTITY_TOKEN_FILE";
const ROLE_ARN_VAR: &str = "TKE_ROLE_ARN";
/// `OIDCRoleArnCredential._endpoint`.
pub const TENCENT_STS_ENDPOINT: &str = "https://sts.tencentcloudapi.com";
/// `OIDCRoleArnCredential`'s default `duration_seconds`.
const DEFAULT_DURATION_SECONDS: u32 = 7200;

/// Temporary credentials of a CAM role, for the identity in an OIDC token file (TKE).
#[derive(Clone)]
pub struct TencentWebIdentity {
    region: String,
    provider_id: String,
    role_arn: String,
    token_file: PathBuf,
    session_name: String,
    duration_seconds: u32,
    sts: MetadataService,
}

impl std::fmt::Debug for TencentWebIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Tencent web identity role {} (provider {}, token file {}) at {}",
            self.role_arn,
            self.provider_id,
            self.token_file.display(),
            self.sts.base().as_str().trim_end_matches('/')
        )
    }
}

impl TencentWebIdentity {
    /// The role `role_arn`, assumed in `region` with the token in `token_file` issued by the
    /// identity provider `provider_id`.
    pub fn new(
        region: impl Into<String>,
        provider_id: impl Into<String>,
        role_arn: impl Into<String>,
        token_file: impl Into<PathBuf>,
    ) -> Self {
        Self {
            region: region.into(),
            provider_id: provider_id.into(),
            role_arn: role_arn.into(),
            token_file: token_file.into(),
            session_name: format!("cloudspec-{}", OffsetDateTime::now_utc().unix_timestamp()),
            duration_seconds: DEFAULT_DURATION_SECONDS,
            sts: MetadataService::builtin(TENCENT_STS_ENDPOINT),
        }
    }

    /// Reads the variables TKE sets; `None` unless all four are set.
    pub fn from_env_with(lookup: impl Fn(&str) -> Option<String>) -> Option<Self> {
        let [region, provider_id, token_file, role_arn] =
            required(&lookup, "TKE OIDC", [REGION_VAR, PROVIDER_ID_VAR, TOKEN_FILE_VAR, ROLE_ARN_VAR])
                .ok()?;
        Some(Self::new(region, provider_id, role_arn, token_file))
    }

    /// The session's name (default `cloudspec-<unix time>`).
    pub fn session_name(mut self, name: impl Into<String>) -> Self {
        self.session_name = name.into();
        self
    }

    /// How long the credentials last, in seconds (default 7200).
    pub fn duration_seconds(mut self, seconds: u32) -> Self {
        self.duration_seconds = seconds;
        self
    }

    /// Asks the STS at `url` instead of Tencent's. For tests against a local fake, and for
    /// nothing else.
    pub fn endpoint_for_tests(mut self, url: &str) -> Result<Self, CredentialsError> {
        self.sts = MetadataService::internet(url, "Tencent STS")?;
        Ok(self)
    }

    async fn fetch(&self) -> Result<Expiring<TencentCredentials>, CredentialsError> {
        let from = format!("{self:?}");
        // Read at each refresh: the projected token is rotated.
        let token = read_credential_file(&self.token_file)?;
        let token = token.trim();
        if token.is_empty() {
            return Err(CredentialsError::invalid(
                format!("web identity token file {}", self.token_file.display()),
                "it is empty",
            ));
        }
        let body = serde_json::json!({
            "ProviderId": self.provider_id,
            "WebIdentityToken": token,
            "RoleArn": self.role_arn,
            "RoleSessionName": self.session_name,
            "DurationSeconds": self.duration_seconds,
        })
        .to_string();
        let timestamp = OffsetDateTime::now_utc().unix_timestamp().to_string();
        let headers = [
            ("X-TC-Action", "AssumeRoleWithWebIdentity"),
            ("X-TC-Version", "2018-08-13"),
            ("X-TC-Timestamp", timestamp.as_str()),
            ("X-TC-Region", self.region.as_str()),
        ];
        let url = self.sts.url(&[""]);
        let answer = self
            .sts
            .exchange_with_body(&from, reqwest::Method::POST, url, &headers, Some(("application/json", body)))
            .await?;
        if answer.status != 200 {
            return Err(CredentialsError::fetch(&from, format!("HTTP {}", answer.status)));
        }
        parse_answer(&from, &answer.text)
    }
}

impl ProvideCredentials<TencentCredentials> for TencentWebIdentity {
    fn provide(&self) -> ProvideFuture<'_, TencentCredentials> {
        Box::pin(self.fetch())
    }
}

#[derive(serde::Deserialize)]
struct Answer {
    #[serde(rename = "Response")]
    response: Response,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Response {
    error: Option<ErrorBody>,
    credentials: Option<Credentials>,
    expired_time: Option<i64>,
}

#[derive(serde::Deserialize)]
struct ErrorBody {
    #[serde(rename = "Code")]
    code: String,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Credentials {
    tmp_secret_id: String,
    tmp_secret_key: String,
    token: String,
}

fn parse_answer(from: &str, text: &str) -> Result<Expiring<TencentCredentials>, CredentialsError> {
    let Answer { response } = parse_json(from, text)?;
    if let Some(ErrorBody { code }) = response.error {
        // The code only (`InvalidParameter.WebIdentityTokenError`): the message may quote input.
        let code: String =
            code.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '_').take(100).collect();
        return Err(CredentialsError::fetch(from, format!("STS refused: {code}")));
    }
    let (Some(credentials), Some(expired_time)) = (response.credentials, response.expired_time) else {
        return Err(CredentialsError::fetch(from, "the answer has no `Credentials` or no `ExpiredTime`"));
    };
    let expires_at = OffsetDateTime::from_unix_timestamp(expired_time)
        .map_err(|_| CredentialsError::fetch(from, "`ExpiredTime` is not a Unix time in range"))?;
    let keys = TencentCredentials::new(credentials.tmp_secret_id, credentials.tmp_secret_key)
        .with_token(credentials.token);
    Ok(Expiring::until(keys, expires_at))
}
