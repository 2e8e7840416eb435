//! Tencent Cloud STS `AssumeRole` as a credentials provider.

use std::fmt;

use cloudspec_clients::tencent::sts::{AssumeRoleRequest, Client};
use cloudspec_runtime::credentials::{
    CredentialsError, Expiring, ProvideCredentials, ProvideFuture, TencentCredentials,
};

use crate::refusal::credentials_error;

/// The temporary credentials of a CAM role, assumed with Tencent Cloud STS `AssumeRole`
/// through `client` (which signs the call with the base credentials it was built with).
///
/// The answer's `ExpiredTime` (Unix seconds) is the credentials' expiry; a client given this
/// provider refreshes them [`DEFAULT_REFRESH_AHEAD`](cloudspec_runtime::credentials::DEFAULT_REFRESH_AHEAD)
/// before it.
#[derive(Clone)]
pub struct TencentAssumeRole {
    client: Client,
    role_arn: String,
    session_name: String,
    duration_seconds: Option<i64>,
    policy: Option<String>,
    external_id: Option<String>,
}

impl TencentAssumeRole {
    /// Assumes `role_arn` (`qcs::cam::uin/<uin>:roleName/<name>`) in a session named
    /// `session_name` (2 to 128 of letters, digits and `=,.@_-`; checked when the role is
    /// assumed, before anything is sent).
    pub fn new(client: Client, role_arn: impl Into<String>, session_name: impl Into<String>) -> Self {
        Self {
            client,
            role_arn: role_arn.into(),
            session_name: session_name.into(),
            duration_seconds: None,
            policy: None,
            external_id: None,
        }
    }

    /// How long the credentials last, in seconds (STS's default 7200, at most 43200).
    pub fn duration_seconds(mut self, seconds: i64) -> Self {
        self.duration_seconds = Some(seconds);
        self
    }

    /// A policy narrowing the role's permissions (URL-encoded, as STS requires).
    pub fn policy(mut self, policy: impl Into<String>) -> Self {
        self.policy = Some(policy.into());
        self
    }

    /// The role's external id, when its trust policy requires one.
    pub fn external_id(mut self, external_id: impl Into<String>) -> Self {
        self.external_id = Some(external_id.into());
        self
    }

    fn request(&self) -> Result<AssumeRoleRequest, CredentialsError> {
        let mut builder =
            AssumeRoleRequest::builder().role_arn(&self.role_arn).role_session_name(&self.session_name);
        if let Some(seconds) = self.duration_seconds {
            builder = builder.duration_seconds(seconds);
        }
        if let Some(policy) = &self.policy {
            builder = builder.policy(policy);
        }
        if let Some(external_id) = &self.external_id {
            builder = builder.external_id(external_id);
        }
        builder.build().map_err(|invalid| CredentialsError::Invalid {
            what: format!("{self:?}"),
            reason: invalid.to_string(),
        })
    }

    async fn assume(&self) -> Result<Expiring<TencentCredentials>, CredentialsError> {
        let request = self.request()?;
        let answer = self
            .client
            .assume_role(&request)
            .await
            .map_err(|error| credentials_error(format!("{self:?}"), &error))?;
        let expires_at = answer.expired_time;
        let credentials = answer.credentials;
        let keys = TencentCredentials::new(credentials.tmp_secret_id, credentials.tmp_secret_key)
            .with_token(credentials.token);
        Ok(Expiring::until(keys, expires_at))
    }
}

impl fmt::Debug for TencentAssumeRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Tencent STS AssumeRole {} (session {}) at {}",
            self.role_arn,
            self.session_name,
            self.client.transport().endpoint().as_str().trim_end_matches('/')
        )
    }
}

impl ProvideCredentials<TencentCredentials> for TencentAssumeRole {
    fn provide(&self) -> ProvideFuture<'_, TencentCredentials> {
        Box::pin(self.assume())
    }
}
