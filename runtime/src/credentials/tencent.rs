//! Tencent Cloud API keys (TC3 signing).

use std::path::PathBuf;

use super::env::{non_empty, process_env, required};
use super::files::{HOME_VARS, home_dir, read_config};
use super::{CredentialsError, Secret};

/// The profile file of Tencent's SDKs and `tccli`, under the home folder, then the system-wide one.
const PROFILE_FILE: &str = ".tencentcloud/credentials";
const SYSTEM_PROFILE_FILE: &str = "/etc/tencentcloud/credentials";
/// The section the SDKs read.
const PROFILE_SECTION: &str = "default";

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

    /// The default chain, in this order: the environment variables of [`Self::from_env`], then
    /// the `[default]` section (`secret_id`, `secret_key`, optional `token`) of
    /// `~/.tencentcloud/credentials`, then of `/etc/tencentcloud/credentials`. The error lists
    /// everything that was tried.
    pub fn from_default_chain() -> Result<Self, CredentialsError> {
        Self::from_default_chain_with(process_env)
    }

    /// [`Self::from_default_chain`] with the variables (`HOME` included) read through `lookup`.
    pub fn from_default_chain_with(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, CredentialsError> {
        let mut tried = vec![format!("{SECRET_ID_VAR} and {SECRET_KEY_VAR}")];
        if let Ok(credentials) = Self::from_env_with(&lookup) {
            return Ok(credentials);
        }
        let mut files: Vec<PathBuf> =
            home_dir(&lookup).map(|home| home.join(PROFILE_FILE)).into_iter().collect();
        if files.is_empty() {
            tried.push(format!("~/{PROFILE_FILE} (neither {} nor {} is set)", HOME_VARS[0], HOME_VARS[1]));
        }
        files.push(PathBuf::from(SYSTEM_PROFILE_FILE));
        for path in files {
            tried.push(format!("[{PROFILE_SECTION}] of {}", path.display()));
            let what = || format!("Tencent profile file {}", path.display());
            let Some(config) = read_config(&path, what)? else { continue };
            let Some(section) = config.profile(PROFILE_SECTION) else { continue };
            let (Some(id), Some(key)) = (section.get("secret_id"), section.get("secret_key")) else {
                return Err(CredentialsError::invalid(
                    format!("Tencent profile file {}", path.display()),
                    format!("[{PROFILE_SECTION}] needs both `secret_id` and `secret_key`"),
                ));
            };
            let credentials = Self::new(id, key);
            return Ok(match section.get("token").filter(|token| !token.is_empty()) {
                Some(token) => credentials.with_token(token),
                None => credentials,
            });
        }
        Err(CredentialsError::missing("Tencent Cloud credentials", tried))
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
    fn chain_falls_back_to_the_profile_file_under_home() {
        let home = crate::credentials::test_home::TestHome::new("tencent-chain");
        home.write(
            ".tencentcloud/credentials",
            "[other]\nsecret_id = no\n\n[default]\nsecret_id = AKIDfile\nsecret_key = file-key\n",
        );
        let lookup = fake::env(&[("HOME", home.path_str())]);
        let credentials = TencentCredentials::from_default_chain_with(lookup).expect("found in the file");
        assert_eq!(credentials, TencentCredentials::new("AKIDfile", "file-key"));
        // The environment wins over the file.
        let lookup = fake::env(&[("HOME", home.path_str()), (SECRET_ID_VAR, "env"), (SECRET_KEY_VAR, "k")]);
        assert_eq!(TencentCredentials::from_default_chain_with(lookup).unwrap().secret_id(), "env");
    }

    #[test]
    fn chain_error_lists_every_source_tried() {
        let home = crate::credentials::test_home::TestHome::new("tencent-empty");
        let lookup = fake::env(&[("HOME", home.path_str())]);
        let error = TencentCredentials::from_default_chain_with(lookup).unwrap_err().to_string();
        assert!(error.contains(SECRET_ID_VAR) && error.contains(".tencentcloud/credentials"), "{error}");
        assert!(error.contains("/etc/tencentcloud/credentials"), "{error}");
    }

    #[test]
    fn a_profile_without_a_key_is_invalid_not_skipped() {
        let home = crate::credentials::test_home::TestHome::new("tencent-half");
        home.write(".tencentcloud/credentials", "[default]\nsecret_id = AKIDonly\n");
        let error =
            TencentCredentials::from_default_chain_with(fake::env(&[("HOME", home.path_str())])).unwrap_err();
        assert!(matches!(error, CredentialsError::Invalid { .. }), "{error:?}");
    }

    #[test]
    fn debug_hides_the_secrets() {
        let debug =
            format!("{:?}", TencentCredentials::new("AKIDvisible", "hidden-key").with_token("hidden-token"));
        assert!(debug.contains("AKIDvisible") && !debug.contains("hidden"), "{debug}");
    }
}
