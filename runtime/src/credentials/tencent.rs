//! Tencent Cloud API keys (TC3 signing).

use super::env::{non_empty, process_env, required};
use super::{CredentialsError, Secret};

const SECRET_ID_VAR: &str = "TENCENTCLOUD_SECRET_ID";
const SECRET_KEY_VAR: &str = "TENCENTCLOUD_SECRET_KEY";
const SESSION_TOKEN_VAR: &str = "TENCENTCLOUD_SESSION_TOKEN";

/// A SecretId/SecretKey pair, plus a session token for temporary (STS) credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TencentCredentials {
    secret_id: String,
    secret_key: Secret,
    token: Option<Secret>,
}

impl TencentCredentials {
    pub fn new(secret_id: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Self { secret_id: secret_id.into(), secret_key: Secret::new(secret_key), token: None }
    }

    /// The same credentials with the session token of temporary credentials.
    pub fn with_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(Secret::new(token));
        self
    }

    /// Reads `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY` and the optional
    /// `TENCENTCLOUD_SESSION_TOKEN`, the variables of Tencent's SDKs and CLI.
    pub fn from_env() -> Result<Self, CredentialsError> {
        Self::from_env_with(process_env)
    }

    /// [`Self::from_env`] with the variables read through `lookup`.
    pub fn from_env_with(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, CredentialsError> {
        let [secret_id, secret_key] =
            required(&lookup, "Tencent Cloud credentials", [SECRET_ID_VAR, SECRET_KEY_VAR])?;
        let credentials = Self::new(secret_id, secret_key);
        Ok(match non_empty(&lookup, SESSION_TOKEN_VAR) {
            Some(token) => credentials.with_token(token),
            None => credentials,
        })
    }

    pub fn secret_id(&self) -> &str {
        &self.secret_id
    }

    pub fn secret_key(&self) -> &Secret {
        &self.secret_key
    }

    pub fn token(&self) -> Option<&Secret> {
        self.token.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::super::env::fake;
    use super::*;

    #[test]
    fn from_env_reads_the_sdk_variables() {
        let lookup = fake::env(&[(SECRET_ID_VAR, "id"), (SECRET_KEY_VAR, "key"), (SESSION_TOKEN_VAR, "tok")]);
        let credentials = TencentCredentials::from_env_with(lookup).expect("all set");
        assert_eq!(credentials, TencentCredentials::new("id", "key").with_token("tok"));
    }

    #[test]
    fn from_env_names_the_missing_variables() {
        let error = TencentCredentials::from_env_with(fake::env(&[(SECRET_ID_VAR, "id")])).unwrap_err();
        assert!(
            matches!(&error, CredentialsError::Missing { tried, .. } if tried == &[SECRET_KEY_VAR]),
            "{error:?}"
        );
        let error = TencentCredentials::from_env_with(fake::env(&[])).unwrap_err();
        assert!(error.to_string().contains("TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY"), "{error}");
    }

    #[test]
    fn debug_hides_the_secrets() {
        let debug =
            format!("{:?}", TencentCredentials::new("AKIDvisible", "hidden-key").with_token("hidden-token"));
        assert!(debug.contains("AKIDvisible") && !debug.contains("hidden"), "{debug}");
    }
}
