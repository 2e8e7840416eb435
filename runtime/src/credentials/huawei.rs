//! Huawei Cloud credentials: AK/SK pairs (APIG signing) and IAM tokens (`X-Auth-Token`).

use super::env::{non_empty, process_env, required};
use super::{CredentialsError, Secret};

const ACCESS_KEY_VAR: &str = "HUAWEICLOUD_SDK_AK";
const SECRET_KEY_VAR: &str = "HUAWEICLOUD_SDK_SK";
const SECURITY_TOKEN_VAR: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
/// The project of project-scoped AK/SK, as `huaweicloudsdkcore`'s `EnvCredentialProvider` reads it.
const PROJECT_ID_VAR: &str = "HUAWEICLOUD_SDK_PROJECT_ID";
/// Huawei's SDKs define no variable for a ready-made IAM token (they always sign with AK/SK);
/// this name follows their `HUAWEICLOUD_` prefix and is this crate's own convention.
const AUTH_TOKEN_VAR: &str = "HUAWEICLOUD_AUTH_TOKEN";

/// An access key (AK) and secret key (SK), plus a security token for temporary credentials and
/// the project of project-scoped credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HuaweiAkSk {
    access_key: String,
    secret_key: Secret,
    security_token: Option<Secret>,
    project_id: Option<String>,
}

impl HuaweiAkSk {
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Self {
            access_key: access_key.into(),
            secret_key: Secret::new(secret_key),
            security_token: None,
            project_id: None,
        }
    }

    /// The same credentials scoped to a project: every request carries `X-Project-Id`, signed
    /// with the others, as `huaweicloudsdkcore`'s `BasicCredentials(ak, sk, project_id)` sends it
    /// for regional services. Not a secret: it appears in `Debug` output and in paths.
    pub fn with_project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// The same credentials with the security token of temporary AK/SK credentials.
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        self.security_token = Some(Secret::new(token));
        self
    }

    /// Reads `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK` and the optional
    /// `HUAWEICLOUD_SDK_SECURITY_TOKEN` and `HUAWEICLOUD_SDK_PROJECT_ID`, the variables of
    /// Huawei's SDKs.
    pub fn from_env() -> Result<Self, CredentialsError> {
        Self::from_env_with(process_env)
    }

    /// [`Self::from_env`] with the variables read through `lookup`.
    pub fn from_env_with(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, CredentialsError> {
        let [access_key, secret_key] =
            required(&lookup, "Huawei Cloud AK/SK", [ACCESS_KEY_VAR, SECRET_KEY_VAR])?;
        let mut credentials = Self::new(access_key, secret_key);
        if let Some(token) = non_empty(&lookup, SECURITY_TOKEN_VAR) {
            credentials = credentials.with_security_token(token);
        }
        if let Some(project_id) = non_empty(&lookup, PROJECT_ID_VAR) {
            credentials = credentials.with_project_id(project_id);
        }
        Ok(credentials)
    }

    pub fn access_key(&self) -> &str {
        &self.access_key
    }

    pub fn secret_key(&self) -> &Secret {
        &self.secret_key
    }

    pub fn security_token(&self) -> Option<&Secret> {
        self.security_token.as_ref()
    }

    /// The project of project-scoped credentials, sent as `X-Project-Id`.
    pub fn project_id(&self) -> Option<&str> {
        self.project_id.as_deref()
    }
}

/// An IAM token, sent as the `X-Auth-Token` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HuaweiToken(Secret);

impl HuaweiToken {
    pub fn new(token: impl Into<String>) -> Self {
        Self(Secret::new(token))
    }

    /// Reads `HUAWEICLOUD_AUTH_TOKEN`. Huawei defines no standard variable for an IAM token;
    /// this name is this crate's own convention.
    pub fn from_env() -> Result<Self, CredentialsError> {
        Self::from_env_with(process_env)
    }

    /// [`Self::from_env`] with the variable read through `lookup`.
    pub fn from_env_with(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, CredentialsError> {
        let [token] = required(&lookup, "Huawei Cloud IAM token", [AUTH_TOKEN_VAR])?;
        Ok(Self::new(token))
    }

    pub fn token(&self) -> &Secret {
        &self.0
    }

    /// The header that authenticates a request with this token.
    pub fn header(&self) -> (String, String) {
        ("X-Auth-Token".to_owned(), self.0.expose().to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::super::env::fake;
    use super::*;

    #[test]
    fn aksk_from_env_reads_the_sdk_variables() {
        let lookup = fake::env(&[(ACCESS_KEY_VAR, "ak"), (SECRET_KEY_VAR, "sk"), (SECURITY_TOKEN_VAR, "st")]);
        let credentials = HuaweiAkSk::from_env_with(lookup).expect("all set");
        assert_eq!(credentials, HuaweiAkSk::new("ak", "sk").with_security_token("st"));
        assert_eq!(credentials.project_id(), None);
    }

    #[test]
    fn sdk_huawei_project_id_from_env() {
        let lookup = fake::env(&[
            (ACCESS_KEY_VAR, "ak"),
            (SECRET_KEY_VAR, "sk"),
            (PROJECT_ID_VAR, "0123456789abcdef"),
        ]);
        let credentials = HuaweiAkSk::from_env_with(lookup).expect("all set");
        assert_eq!(credentials, HuaweiAkSk::new("ak", "sk").with_project_id("0123456789abcdef"));
    }

    #[test]
    fn missing_variables_are_named() {
        let error = HuaweiAkSk::from_env_with(fake::env(&[(SECRET_KEY_VAR, "sk")])).unwrap_err();
        assert!(
            matches!(&error, CredentialsError::Missing { tried, .. } if tried == &[ACCESS_KEY_VAR]),
            "{error:?}"
        );
        let error = HuaweiToken::from_env_with(fake::env(&[])).unwrap_err();
        assert!(
            matches!(&error, CredentialsError::Missing { tried, .. } if tried == &[AUTH_TOKEN_VAR]),
            "{error:?}"
        );
    }

    #[test]
    fn token_becomes_the_auth_header() {
        let token = HuaweiToken::from_env_with(fake::env(&[(AUTH_TOKEN_VAR, "MIIT")])).expect("set");
        assert_eq!(token.header(), ("X-Auth-Token".to_owned(), "MIIT".to_owned()));
    }

    #[test]
    fn debug_hides_the_secrets() {
        let debug = format!(
            "{:?} {:?}",
            HuaweiAkSk::new("AKvisible", "hidden-sk").with_security_token("hidden-st"),
            HuaweiToken::new("hidden-token")
        );
        assert!(debug.contains("AKvisible") && !debug.contains("hidden"), "{debug}");
    }
}
