//! Alibaba Cloud STS `AssumeRole` as a credentials provider.

use std::fmt;

use cloudspec_clients::alibaba::sts::{AssumeRoleRequest, Client, ClientBuilder};
use cloudspec_runtime::ConfigError;
use cloudspec_runtime::credentials::{
    ALIBABA_STS_ENDPOINT, AlibabaCredentials, AlibabaRamRoleArnProfile, CredentialsError, Expiring,
    ProvideCredentials, ProvideFuture,
};

use crate::refusal::{credentials_error, incomplete};

/// The STS token of a RAM role, assumed with Alibaba Cloud STS `AssumeRole` through `client`
/// (which signs the call with the base credentials it was built with: a RAM user's or role's,
/// never an Alibaba Cloud account's own key, which STS refuses).
///
/// The answer's `Credentials.Expiration` (UTC, RFC 3339) is the token's expiry; a client given
/// this provider refreshes it
/// [`DEFAULT_REFRESH_AHEAD`](cloudspec_runtime::credentials::DEFAULT_REFRESH_AHEAD) before it.
#[derive(Clone)]
pub struct AlibabaAssumeRole {
    client: Client,
    role_arn: String,
    session_name: String,
    duration_seconds: Option<i64>,
    policy: Option<String>,
    external_id: Option<String>,
}

impl AlibabaAssumeRole {
    /// Assumes `role_arn` (`acs:ram::<account_id>:role/<role_name>`) in a session named
    /// `session_name` (2 to 64 of letters, digits and `.@-_`; checked when the role is assumed,
    /// before anything is sent).
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

    /// The role of an `aliyun` CLI profile of mode `RamRoleArn`
    /// ([`AlibabaRamRoleArnProfile::from_cli_config`]): assumed with the profile's AccessKey,
    /// in a session named `ram_session_name`, for `expired_seconds` (STS's default when the
    /// profile has none), with its `external_id`. STS is called where the `aliyun` CLI calls it:
    /// `sts.<sts_region>.aliyuncs.com` when the profile sets `sts_region`, else the central
    /// [`ALIBABA_STS_ENDPOINT`].
    ///
    /// ```no_run
    /// use cloudspec_clients::alibaba::dataworks;
    /// use cloudspec_runtime::credentials::AlibabaRamRoleArnProfile;
    /// use cloudspec_sts::AlibabaAssumeRole;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let profile = AlibabaRamRoleArnProfile::from_cli_config()?.expect("a RamRoleArn profile");
    /// let role = AlibabaAssumeRole::from_cli_profile(&profile)?;
    /// let client = dataworks::Client::builder().credentials_provider(role).region("cn-shanghai").build()?;
    /// # let _ = client;
    /// # Ok(())
    /// # }
    /// ```
    pub fn from_cli_profile(profile: &AlibabaRamRoleArnProfile) -> Result<Self, ConfigError> {
        Self::from_cli_profile_with(profile, |sts| sts)
    }

    /// [`Self::from_cli_profile`], the STS client's builder passed through `configure` (after
    /// the profile's endpoint, before its AccessKey) for settings of the caller's: a proxy's
    /// HTTP client, a timeout, another endpoint.
    pub fn from_cli_profile_with(
        profile: &AlibabaRamRoleArnProfile,
        configure: impl FnOnce(ClientBuilder) -> ClientBuilder,
    ) -> Result<Self, ConfigError> {
        let builder = match profile.sts_region() {
            Some(region) => Client::builder().region(region),
            None => Client::builder().endpoint(ALIBABA_STS_ENDPOINT),
        };
        let client = configure(builder).credentials(profile.source_credentials().clone()).build()?;
        let mut role = Self::new(client, profile.role_arn(), profile.session_name());
        role.duration_seconds = profile.duration_seconds();
        role.external_id = profile.external_id().map(str::to_owned);
        Ok(role)
    }

    /// How long the token lasts, in seconds (STS's default 3600; at least 900, at most the
    /// role's `MaxSessionDuration`).
    pub fn duration_seconds(mut self, seconds: i64) -> Self {
        self.duration_seconds = Some(seconds);
        self
    }

    /// A policy narrowing the role's permissions (a JSON policy document).
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

    async fn assume(&self) -> Result<Expiring<AlibabaCredentials>, CredentialsError> {
        let request = self.request()?;
        let answer = self
            .client
            .assume_role(&request)
            .await
            .map_err(|error| credentials_error(format!("{self:?}"), &error))?;
        let from = || format!("{self:?}");
        let credentials = answer.credentials.ok_or_else(|| incomplete(from(), "`Credentials`"))?;
        let expires_at = credentials
            .expiration
            .as_ref()
            .and_then(|expiration| expiration.value().copied())
            .ok_or_else(|| incomplete(from(), "`Credentials.Expiration` (RFC 3339)"))?;
        let (Some(id), Some(secret), Some(token)) =
            (credentials.access_key_id, credentials.access_key_secret, credentials.security_token)
        else {
            return Err(incomplete(from(), "`AccessKeyId`, `AccessKeySecret` or `SecurityToken`"));
        };
        Ok(Expiring::until(AlibabaCredentials::new(id, secret).with_security_token(token), expires_at))
    }
}

impl fmt::Debug for AlibabaAssumeRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Alibaba STS AssumeRole {} (session {}) at {}",
            self.role_arn,
            self.session_name,
            self.client.transport().endpoint().as_str().trim_end_matches('/')
        )
    }
}

impl ProvideCredentials<AlibabaCredentials> for AlibabaAssumeRole {
    fn provide(&self) -> ProvideFuture<'_, AlibabaCredentials> {
        Box::pin(self.assume())
    }
}
