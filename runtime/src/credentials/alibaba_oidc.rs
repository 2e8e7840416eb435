//! Alibaba Cloud RRSA: an OIDC token (the file a Kubernetes service account token is projected
//! to) exchanged for a RAM role's temporary credentials with STS `AssumeRoleWithOIDC`.
//!
//! `AssumeRoleWithOIDC` is anonymous: the OIDC token is the proof of identity, and the request
//! carries no signature. The variables, parameters and answer follow alibabacloud-credentials
//! (Python) `provider/oidc.py` (`OIDCRoleArnCredentialsProvider`) and `utils/auth_util.py`:
//! `ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`, `ALIBABA_CLOUD_OIDC_TOKEN_FILE`,
//! the optional `ALIBABA_CLOUD_ROLE_SESSION_NAME` and `ALIBABA_CLOUD_STS_REGION`; `Action`,
//! `Format=JSON`, `Version=2015-04-01`, `Timestamp`, `DurationSeconds` (default 3600), `RoleArn`,
//! `OIDCProviderArn`, `OIDCToken`, `RoleSessionName`; the answer's `Credentials` holds
//! `AccessKeyId`, `AccessKeySecret`, `SecurityToken` and `Expiration` (`%Y-%m-%dT%H:%M:%SZ`).
//! The Python SDK sends every parameter in the query of a GET; here the request is a POST with
//! the role, token and session in a form body, so the token is never part of a URL that a
//! proxy or server might log (RPC-style APIs take their parameters either way).
//!
//! The token file is read again at every refresh: Kubernetes rotates it.

use std::path::PathBuf;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::env::{non_empty, required};
use super::files::read_credential_file;
use super::metadata::{MetadataService, parse_json};
use super::provider::{Expiring, ProvideCredentials, ProvideFuture};
use super::{AlibabaCredentials, CredentialsError};

const ROLE_ARN_VAR: &str = "ALIBABA_CLOUD_ROLE_ARN";
const OIDC_PROVIDER_ARN_VAR: &str = "ALIBABA_CLOUD_OIDC_PROVIDER_ARN";
const OIDC_TOKEN_FILE_VAR: &str = "ALIBABA_CLOUD_OIDC_TOKEN_FILE";
const SESSION_NAME_VAR: &str = "ALIBABA_CLOUD_ROLE_SESSION_NAME";
const STS_REGION_VAR: &str = "ALIBABA_CLOUD_STS_REGION";
/// The global STS endpoint (`OIDCRoleArnCredentialsProvider`'s default `sts.aliyuncs.com`).
pub const ALIBABA_STS_ENDPOINT: &str = "https://sts.aliyuncs.com";
/// `OIDCRoleArnCredentialsProvider.DEFAULT_DURATION_SECONDS`.
const DEFAULT_DURATION_SECONDS: u32 = 3600;
/// STS refuses sessions shorter than 15 minutes (the SDK checks the same bound).
const MIN_DURATION_SECONDS: u32 = 900;
const TIMESTAMP: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");

/// Temporary credentials of a RAM role, for the identity in an OIDC token file (RRSA).
#[derive(Clone)]
pub struct AlibabaOidcRole {
    role_arn: String,
    oidc_provider_arn: String,
    token_file: PathBuf,
    session_name: String,
    duration_seconds: u32,
    sts: MetadataService,
}

impl std::fmt::Debug for AlibabaOidcRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Alibaba OIDC role {} (token file {}) at {}",
            self.role_arn,
            self.token_file.display(),
            self.sts.base().as_str().trim_end_matches('/')
        )
    }
}

impl AlibabaOidcRole {
    /// The role `role_arn`, assumed with the token in `token_file` issued by the identity
    /// provider `oidc_provider_arn`, through the global STS endpoint.
    pub fn new(
        role_arn: impl Into<String>,
        oidc_provider_arn: impl Into<String>,
        token_file: impl Into<PathBuf>,
    ) -> Self {
        Self {
            role_arn: role_arn.into(),
            oidc_provider_arn: oidc_provider_arn.into(),
            token_file: token_file.into(),
            session_name: format!("cloudspec-{}", OffsetDateTime::now_utc().unix_timestamp()),
            duration_seconds: DEFAULT_DURATION_SECONDS,
            sts: MetadataService::builtin(ALIBABA_STS_ENDPOINT),
        }
    }

    /// Reads the variables of Alibaba's SDKs; `None` unless the three required ones are all
    /// set (RRSA is then not configured). The STS endpoint is regional when
    /// `ALIBABA_CLOUD_STS_REGION` is set.
    pub fn from_env_with(lookup: impl Fn(&str) -> Option<String>) -> Result<Option<Self>, CredentialsError> {
        let Ok([role_arn, provider_arn, token_file]) =
            required(&lookup, "RRSA", [ROLE_ARN_VAR, OIDC_PROVIDER_ARN_VAR, OIDC_TOKEN_FILE_VAR])
        else {
            return Ok(None);
        };
        let mut role = Self::new(role_arn, provider_arn, token_file);
        if let Some(name) = non_empty(&lookup, SESSION_NAME_VAR) {
            role.session_name = name;
        }
        if let Some(region) = non_empty(&lookup, STS_REGION_VAR) {
            if !region.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                return Err(CredentialsError::invalid(
                    STS_REGION_VAR,
                    "a region id has only letters, digits and `-`",
                ));
            }
            role.sts =
                MetadataService::internet(&format!("https://sts.{region}.aliyuncs.com"), "Alibaba STS")?;
        }
        Ok(Some(role))
    }

    /// The session's name, as it appears in the role's audit trail (default
    /// `cloudspec-<unix time>`).
    pub fn session_name(mut self, name: impl Into<String>) -> Self {
        self.session_name = name.into();
        self
    }

    /// How long the credentials last, in seconds (default 3600; at least 900).
    pub fn duration_seconds(mut self, seconds: u32) -> Result<Self, CredentialsError> {
        if seconds < MIN_DURATION_SECONDS {
            return Err(CredentialsError::invalid(
                "RRSA session duration",
                format!("{seconds} s is below STS's minimum of {MIN_DURATION_SECONDS} s"),
            ));
        }
        self.duration_seconds = seconds;
        Ok(self)
    }

    /// Asks the STS at `url` instead of Alibaba's. For tests against a local fake, and for
    /// nothing else.
    pub fn endpoint_for_tests(mut self, url: &str) -> Result<Self, CredentialsError> {
        self.sts = MetadataService::internet(url, "Alibaba STS")?;
        Ok(self)
    }

    async fn fetch(&self) -> Result<Expiring<AlibabaCredentials>, CredentialsError> {
        let from = format!("{self:?}");
        // Read at each refresh: the file is rotated by whoever projects it.
        let token = read_credential_file(&self.token_file)?;
        let token = token.trim();
        if token.is_empty() {
            return Err(CredentialsError::invalid(
                format!("OIDC token file {}", self.token_file.display()),
                "it is empty",
            ));
        }
        let timestamp = OffsetDateTime::now_utc()
            .format(TIMESTAMP)
            .map_err(|_| CredentialsError::fetch(&from, "the current time cannot be formatted"))?;
        let mut url = self.sts.url(&[""]);
        url.query_pairs_mut()
            .append_pair("Action", "AssumeRoleWithOIDC")
            .append_pair("Format", "JSON")
            .append_pair("Version", "2015-04-01")
            .append_pair("Timestamp", &timestamp);
        let form = crate::sign::encode_query(&[
            ("RoleArn".to_owned(), self.role_arn.clone()),
            ("OIDCProviderArn".to_owned(), self.oidc_provider_arn.clone()),
            ("OIDCToken".to_owned(), token.to_owned()),
            ("RoleSessionName".to_owned(), self.session_name.clone()),
            ("DurationSeconds".to_owned(), self.duration_seconds.to_string()),
        ]);
        let answer = self
            .sts
            .exchange_with_body(
                &from,
                reqwest::Method::POST,
                url,
                &[],
                Some(("application/x-www-form-urlencoded", form)),
            )
            .await?;
        if answer.status != 200 {
            return Err(CredentialsError::fetch(
                &from,
                format!("HTTP {}{}", answer.status, error_code(&answer.text)),
            ));
        }
        parse_answer(&from, &answer.text)
    }
}

impl ProvideCredentials<AlibabaCredentials> for AlibabaOidcRole {
    fn provide(&self) -> ProvideFuture<'_, AlibabaCredentials> {
        Box::pin(self.fetch())
    }
}

/// `, code X` for an STS error answer's `Code` (a dotted word such as
/// `AuthenticationFail.OIDCToken.Invalid`); the message is left out, since it may quote input.
fn error_code(text: &str) -> String {
    #[derive(serde::Deserialize)]
    struct ErrorAnswer {
        #[serde(rename = "Code")]
        code: String,
    }
    match serde_json::from_str::<ErrorAnswer>(text) {
        Ok(ErrorAnswer { code })
            if code.len() <= 100
                && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_') =>
        {
            format!(", code {code}")
        }
        _ => String::new(),
    }
}

#[derive(serde::Deserialize)]
struct Answer {
    #[serde(rename = "Credentials")]
    credentials: Credentials,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Credentials {
    access_key_id: String,
    access_key_secret: String,
    security_token: String,
    expiration: String,
}

fn parse_answer(from: &str, text: &str) -> Result<Expiring<AlibabaCredentials>, CredentialsError> {
    let Answer { credentials } = parse_json(from, text)?;
    let expires_at = OffsetDateTime::parse(&credentials.expiration, &Rfc3339).map_err(|_| {
        CredentialsError::fetch(from, "`Expiration` is not a date-time like 2024-01-01T00:00:00Z")
    })?;
    let keys = AlibabaCredentials::new(credentials.access_key_id, credentials.access_key_secret)
        .with_security_token(credentials.security_token);
    Ok(Expiring::until(keys, expires_at))
}
