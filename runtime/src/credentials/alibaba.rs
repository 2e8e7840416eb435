//! Alibaba Cloud AccessKeys (ACS3 signing).

use super::env::{non_empty, process_env, required};
use super::{CredentialsError, Secret};

const ACCESS_KEY_ID_VAR: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
const ACCESS_KEY_SECRET_VAR: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
const SECURITY_TOKEN_VAR: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";

/// An AccessKey ID and secret, plus a security token for temporary (STS) credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlibabaCredentials {
    access_key_id: String,
    access_key_secret: Secret,
    security_token: Option<Secret>,
}

impl AlibabaCredentials {
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            access_key_secret: Secret::new(access_key_secret),
            security_token: None,
        }
    }

    /// The same credentials with the security token of STS credentials.
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        self.security_token = Some(Secret::new(token));
        self
    }

    /// Reads `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and the optional
    /// `ALIBABA_CLOUD_SECURITY_TOKEN`, the variables of Alibaba's credentials SDKs.
    pub fn from_env() -> Result<Self, CredentialsError> {
        Self::from_env_with(process_env)
    }

    /// [`Self::from_env`] with the variables read through `lookup`.
    pub fn from_env_with(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, CredentialsError> {
        let [id, secret] =
            required(&lookup, "Alibaba Cloud AccessKey", [ACCESS_KEY_ID_VAR, ACCESS_KEY_SECRET_VAR])?;
        let credentials = Self::new(id, secret);
        Ok(match non_empty(&lookup, SECURITY_TOKEN_VAR) {
            Some(token) => credentials.with_security_token(token),
            None => credentials,
        })
    }

    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    pub fn access_key_secret(&self) -> &Secret {
        &self.access_key_secret
    }

    pub fn security_token(&self) -> Option<&Secret> {
        self.security_token.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::super::env::fake;
    use super::*;

    #[test]
    fn from_env_reads_the_sdk_variables() {
        let lookup = fake::env(&[(ACCESS_KEY_ID_VAR, "id"), (ACCESS_KEY_SECRET_VAR, "secret")]);
        assert_eq!(
            AlibabaCredentials::from_env_with(lookup).ok(),
            Some(AlibabaCredentials::new("id", "secret"))
        );
        let lookup =
            fake::env(&[(ACCESS_KEY_ID_VAR, "id"), (ACCESS_KEY_SECRET_VAR, "s"), (SECURITY_TOKEN_VAR, "t")]);
        let credentials = AlibabaCredentials::from_env_with(lookup).expect("all set");
        assert_eq!(credentials.security_token().map(Secret::expose), Some("t"));
    }

    #[test]
    fn from_env_names_the_missing_variables() {
        let error = AlibabaCredentials::from_env_with(fake::env(&[])).unwrap_err();
        assert!(
            matches!(&error, CredentialsError::Missing { tried, .. }
                if tried == &[ACCESS_KEY_ID_VAR, ACCESS_KEY_SECRET_VAR]),
            "{error:?}"
        );
    }

    #[test]
    fn debug_hides_the_secrets() {
        let credentials =
            AlibabaCredentials::new("LTAIvisible", "hidden-secret").with_security_token("hidden-sts");
        let debug = format!("{credentials:?}");
        assert!(debug.contains("LTAIvisible") && !debug.contains("hidden"), "{debug}");
    }
}
