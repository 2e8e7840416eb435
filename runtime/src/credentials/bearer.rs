//! OAuth-style bearer tokens (Alibaba PDS access tokens).

use super::env::{process_env, required};
use super::{CredentialsError, Secret};

/// Alibaba documents no environment variable for a PDS access token (its SDKs take the token
/// as a parameter); this name follows the `ALIBABA_CLOUD_` prefix and is this crate's own.
const PDS_ACCESS_TOKEN_VAR: &str = "ALIBABA_CLOUD_PDS_ACCESS_TOKEN";

/// An access token, sent as `Authorization: Bearer <token>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BearerToken(Secret);

impl BearerToken {
    pub fn new(token: impl Into<String>) -> Self {
        Self(Secret::new(token))
    }

    /// Reads `ALIBABA_CLOUD_PDS_ACCESS_TOKEN`. Alibaba defines no standard variable for a PDS
    /// access token; this name is this crate's own convention.
    pub fn from_env() -> Result<Self, CredentialsError> {
        Self::from_env_with(process_env)
    }

    /// [`Self::from_env`] with the variable read through `lookup`.
    pub fn from_env_with(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, CredentialsError> {
        let [token] = required(&lookup, "PDS access token", [PDS_ACCESS_TOKEN_VAR])?;
        Ok(Self::new(token))
    }

    pub fn token(&self) -> &Secret {
        &self.0
    }

    /// The header that authenticates a request with this token.
    pub fn header(&self) -> (String, String) {
        ("Authorization".to_owned(), format!("Bearer {}", self.0.expose()))
    }
}

#[cfg(test)]
mod tests {
    use super::super::env::fake;
    use super::*;

    #[test]
    fn from_env_and_header() {
        let token = BearerToken::from_env_with(fake::env(&[(PDS_ACCESS_TOKEN_VAR, "eyJ")])).expect("set");
        assert_eq!(token.header(), ("Authorization".to_owned(), "Bearer eyJ".to_owned()));
        assert_eq!(format!("{token:?}"), "BearerToken(<redacted>)");
        let error = BearerToken::from_env_with(fake::env(&[])).unwrap_err();
        assert!(error.to_string().contains(PDS_ACCESS_TOKEN_VAR), "{error}");
    }
}
