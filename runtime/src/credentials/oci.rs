//! Oracle Cloud Infrastructure API keys: tenancy, user, key fingerprint and RSA private key.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use aws_lc_rs::signature::RsaKeyPair;

use super::CredentialsError;
use super::env::{non_empty, process_env};
use super::files::{HOME_VARS, home_dir, read_config, read_credential_file};
use super::oci_config::{DEFAULT_PROFILE, Profile};
use super::pem::rsa_key_from_pem;

const CONFIG_FILE_VAR: &str = "OCI_CONFIG_FILE";
const PROFILE_VAR: &str = "OCI_CLI_PROFILE";
/// The config file's location below the home folder when `OCI_CONFIG_FILE` is unset.
const DEFAULT_CONFIG_PATH: &str = ".oci/config";
/// An OCI API signing key and the identities it signs for. Cloning shares the key.
#[derive(Clone)]
pub struct OciCredentials {
    tenancy: String,
    user: String,
    fingerprint: String,
    key: Arc<RsaKeyPair>,
    region: Option<String>,
}

impl fmt::Debug for OciCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OciCredentials")
            .field("tenancy", &self.tenancy)
            .field("user", &self.user)
            .field("fingerprint", &self.fingerprint)
            .field("key", &crate::Redacted)
            .field("region", &self.region)
            .finish()
    }
}

impl OciCredentials {
    /// Credentials from an already-loaded key.
    pub fn new(
        tenancy: impl Into<String>,
        user: impl Into<String>,
        fingerprint: impl Into<String>,
        key: Arc<RsaKeyPair>,
    ) -> Self {
        Self {
            tenancy: tenancy.into(),
            user: user.into(),
            fingerprint: fingerprint.into(),
            key,
            region: None,
        }
    }

    /// Credentials from a PEM private key, PKCS#1 (`RSA PRIVATE KEY`) or PKCS#8
    /// (`PRIVATE KEY`), unencrypted, 2048 to 8192 bits.
    pub fn from_pem(
        tenancy: impl Into<String>,
        user: impl Into<String>,
        fingerprint: impl Into<String>,
        pem: &str,
    ) -> Result<Self, CredentialsError> {
        let key =
            rsa_key_from_pem(pem).map_err(|reason| CredentialsError::invalid("OCI private key", reason))?;
        Ok(Self::new(tenancy, user, fingerprint, Arc::new(key)))
    }

    /// The same credentials with a default region.
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Reads profile `profile` of the OCI config file at `path`, as the OCI CLI does; `~/` in
    /// the file's `key_file` is the home folder of the process environment.
    pub fn from_config_file(path: &Path, profile: &str) -> Result<Self, CredentialsError> {
        let home = home_dir(&process_env);
        Self::from_config_file_with_home(path, profile, home.as_deref())
    }

    /// [`Self::from_config_file`] with the home folder given (`None`: `~/` cannot be used).
    ///
    /// The profile inherits the keys of `[DEFAULT]` it does not set. `user`, `fingerprint`,
    /// `tenancy` and `key_file` are required, `region` is optional; a relative `key_file` is
    /// relative to the config file's folder. A `pass_phrase` means an encrypted key, which is
    /// refused.
    pub fn from_config_file_with_home(
        path: &Path,
        profile: &str,
        home: Option<&Path>,
    ) -> Result<Self, CredentialsError> {
        let Some(config) = read_config(path, || format!("OCI config file {}", path.display()))? else {
            return Err(CredentialsError::missing("OCI config file", [path.display().to_string()]));
        };
        let section = config.profile(profile).ok_or_else(|| {
            CredentialsError::missing(
                format!("profile [{profile}] in the OCI config file"),
                [path.display().to_string()],
            )
        })?;
        let entries = ProfileEntries { section, path, profile };

        if entries.section.get("pass_phrase").is_some() {
            return Err(CredentialsError::invalid(
                format!("OCI config profile [{profile}]"),
                "encrypted keys are not supported (the profile sets `pass_phrase`); use an unencrypted key file",
            ));
        }
        let user = entries.required("user")?;
        let fingerprint = entries.required("fingerprint")?;
        let tenancy = entries.required("tenancy")?;
        let key_path = resolve_key_path(entries.required("key_file")?, path, home)?;
        let pem = read_credential_file(&key_path)?;
        let key = rsa_key_from_pem(&pem).map_err(|reason| {
            CredentialsError::invalid(format!("OCI private key {}", key_path.display()), reason)
        })?;
        let credentials = Self::new(tenancy, user, fingerprint, Arc::new(key));
        Ok(match entries.section.get("region").filter(|region| !region.is_empty()) {
            Some(region) => credentials.with_region(region),
            None => credentials,
        })
    }

    /// Reads the config file named by `OCI_CONFIG_FILE` (default `$HOME/.oci/config`), profile
    /// `OCI_CLI_PROFILE` (default `DEFAULT`): the OCI CLI's variables.
    pub fn from_env() -> Result<Self, CredentialsError> {
        Self::from_env_with(process_env)
    }

    /// [`Self::from_env`] with the variables (including `HOME`) read through `lookup`.
    pub fn from_env_with(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, CredentialsError> {
        let home = home_dir(&lookup);
        let path = match non_empty(&lookup, CONFIG_FILE_VAR) {
            Some(path) => expand_home(&path, home.as_deref()).ok_or_else(|| {
                CredentialsError::missing(format!("home folder for `~` in {CONFIG_FILE_VAR}"), HOME_VARS)
            })?,
            None => home.as_deref().map(|home| home.join(DEFAULT_CONFIG_PATH)).ok_or_else(|| {
                CredentialsError::missing("OCI config file", [CONFIG_FILE_VAR, HOME_VARS[0], HOME_VARS[1]])
            })?,
        };
        let profile = non_empty(&lookup, PROFILE_VAR).unwrap_or_else(|| DEFAULT_PROFILE.to_owned());
        Self::from_config_file_with_home(&path, &profile, home.as_deref())
    }

    pub fn tenancy(&self) -> &str {
        &self.tenancy
    }

    pub fn user(&self) -> &str {
        &self.user
    }

    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The private key, for the signer.
    pub fn key(&self) -> &RsaKeyPair {
        &self.key
    }

    /// The config file's `region`, if it came from one that sets it.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// `<tenancy>/<user>/<fingerprint>`, the signature's `keyId`.
    pub fn key_id(&self) -> String {
        crate::sign::oci::key_id(&self.tenancy, &self.user, &self.fingerprint)
    }
}

/// A profile's keys together with what a `Missing` error needs to say where they were sought.
struct ProfileEntries<'a> {
    section: Profile<'a>,
    path: &'a Path,
    profile: &'a str,
}

impl ProfileEntries<'_> {
    fn required(&self, key: &str) -> Result<&str, CredentialsError> {
        self.section.get(key).filter(|value| !value.is_empty()).ok_or_else(|| {
            let file = self.path.display();
            let mut tried = vec![format!("{file} [{}]", self.profile)];
            if self.profile != DEFAULT_PROFILE {
                tried.push(format!("{file} [{DEFAULT_PROFILE}]"));
            }
            CredentialsError::missing(format!("`{key}` in OCI config profile [{}]", self.profile), tried)
        })
    }
}

/// `path` with a leading `~` or `~/` replaced by `home`; `None` if it needs a home and has none.
fn expand_home(path: &str, home: Option<&Path>) -> Option<PathBuf> {
    match path.strip_prefix('~') {
        Some("") => home.map(Path::to_owned),
        Some(rest) if rest.starts_with(['/', '\\']) => home.map(|home| home.join(&rest[1..])),
        // `~user/...` is left alone, as the OCI tools leave it to the shell.
        _ => Some(PathBuf::from(path)),
    }
}

/// Where `key_file` points: `~` expanded, and a relative path taken from the config file's
/// folder rather than the working directory, so that a config file means the same key
/// whichever directory the program runs in.
fn resolve_key_path(
    key_file: &str,
    config_path: &Path,
    home: Option<&Path>,
) -> Result<PathBuf, CredentialsError> {
    let expanded = expand_home(key_file, home).ok_or_else(|| {
        CredentialsError::missing(format!("home folder for `~` in key_file {key_file}"), HOME_VARS)
    })?;
    Ok(if expanded.is_relative() {
        config_path.parent().map_or_else(|| expanded.clone(), |folder| folder.join(&expanded))
    } else {
        expanded
    })
}

#[cfg(test)]
mod tests {
    use super::super::env::fake;
    use super::*;
    use crate::credentials::test_keys::{RSA_2048_PKCS1_PEM, RSA_2048_PKCS8_PEM};
    use aws_lc_rs::signature::KeyPair as _;

    use crate::credentials::test_home::TestHome as TempDir;

    const CONFIG: &str = "\
[DEFAULT]
user=ocid1.user.oc1..default
fingerprint=aa:aa
tenancy=ocid1.tenancy.oc1..shared
region=us-ashburn-1
key_file=keys/default.pem

[dev]
user=ocid1.user.oc1..dev
fingerprint=dd:dd
key_file=~/.oci/dev.pem

[absolute]
key_file=ABSOLUTE

[locked]
pass_phrase=secret

[incomplete]
tenancy=
";

    /// A home folder holding `.oci/config` and keys at the three kinds of location.
    fn home_with_config() -> TempDir {
        let home = TempDir::new("oci-config");
        home.write(".oci/keys/default.pem", RSA_2048_PKCS1_PEM);
        home.write(".oci/dev.pem", RSA_2048_PKCS8_PEM);
        let absolute = home.write("elsewhere/abs.pem", RSA_2048_PKCS1_PEM);
        home.write(".oci/config", &CONFIG.replace("ABSOLUTE", &absolute.display().to_string()));
        home
    }

    #[test]
    fn default_profile_with_a_key_relative_to_the_config_folder() {
        let home = home_with_config();
        let creds =
            OciCredentials::from_config_file_with_home(&home.0.join(".oci/config"), "DEFAULT", Some(&home.0))
                .expect("DEFAULT loads");
        assert_eq!(creds.key_id(), "ocid1.tenancy.oc1..shared/ocid1.user.oc1..default/aa:aa");
        assert_eq!(creds.region(), Some("us-ashburn-1"));
    }

    #[test]
    fn named_profile_inherits_and_expands_the_home_folder() {
        let home = home_with_config();
        let creds =
            OciCredentials::from_config_file_with_home(&home.0.join(".oci/config"), "dev", Some(&home.0))
                .expect("dev loads");
        assert_eq!(creds.user(), "ocid1.user.oc1..dev");
        assert_eq!(creds.fingerprint(), "dd:dd");
        assert_eq!(creds.tenancy(), "ocid1.tenancy.oc1..shared", "inherited from DEFAULT");
        assert_eq!(creds.region(), Some("us-ashburn-1"), "inherited from DEFAULT");
        let absolute =
            OciCredentials::from_config_file_with_home(&home.0.join(".oci/config"), "absolute", None)
                .expect("an absolute key_file needs no home");
        assert_eq!(creds.key().public_key().as_ref(), absolute.key().public_key().as_ref());
    }

    #[test]
    fn from_env_uses_the_cli_variables() {
        let home = home_with_config();
        let home_text = home.0.display().to_string();
        let creds = OciCredentials::from_env_with(fake::env(&[("HOME", &home_text), (PROFILE_VAR, "dev")]))
            .expect("dev loads from $HOME/.oci/config");
        assert_eq!(creds.user(), "ocid1.user.oc1..dev");

        let moved =
            home.write("other/config", "[DEFAULT]\nuser=u\nfingerprint=f\ntenancy=t\nkey_file=k.pem\n");
        home.write("other/k.pem", RSA_2048_PKCS8_PEM);
        let moved_text = moved.display().to_string();
        let creds = OciCredentials::from_env_with(fake::env(&[(CONFIG_FILE_VAR, &moved_text)]))
            .expect("OCI_CONFIG_FILE needs no home");
        assert_eq!(creds.key_id(), "t/u/f");
        assert_eq!(creds.region(), None);
    }

    #[test]
    fn missing_things_are_named_with_where_they_were_sought() {
        let home = home_with_config();
        let config = home.0.join(".oci/config");
        let error =
            OciCredentials::from_config_file_with_home(&config, "incomplete", Some(&home.0)).unwrap_err();
        match &error {
            CredentialsError::Missing { what, tried } => {
                assert_eq!(what, "`tenancy` in OCI config profile [incomplete]");
                assert_eq!(tried.len(), 2, "{tried:?}");
                assert!(tried[0].ends_with("config [incomplete]") && tried[1].ends_with("config [DEFAULT]"));
            }
            other => panic!("expected Missing, got {other:?}"),
        }
        let error = OciCredentials::from_config_file_with_home(&config, "prod", Some(&home.0)).unwrap_err();
        assert!(error.to_string().starts_with("no profile [prod] in the OCI config file found"), "{error}");
        let error = OciCredentials::from_env_with(fake::env(&[])).unwrap_err();
        assert!(
            matches!(&error, CredentialsError::Missing { tried, .. } if tried == &["OCI_CONFIG_FILE", "HOME", "USERPROFILE"]),
            "{error:?}"
        );
        let error =
            OciCredentials::from_env_with(fake::env(&[("HOME", "/nonexistent-cloudspec-home")])).unwrap_err();
        assert!(
            matches!(&error, CredentialsError::Missing { tried, .. } if tried[0].ends_with(".oci/config")),
            "{error:?}"
        );
        let error = OciCredentials::from_config_file_with_home(&config, "dev", None).unwrap_err();
        assert!(error.to_string().contains("home folder for `~`"), "{error}");
    }

    #[test]
    fn a_pass_phrase_is_refused() {
        let home = home_with_config();
        let error =
            OciCredentials::from_config_file_with_home(&home.0.join(".oci/config"), "locked", Some(&home.0))
                .unwrap_err();
        assert!(matches!(&error, CredentialsError::Invalid { .. }), "{error:?}");
        assert!(error.to_string().contains("encrypted keys are not supported"), "{error}");
        assert!(!error.to_string().contains("secret"), "the pass phrase must not be shown: {error}");
    }

    #[test]
    fn a_missing_key_file_is_an_io_error_naming_it() {
        let home = TempDir::new("oci-nokey");
        let config = home.write("config", "[DEFAULT]\nuser=u\nfingerprint=f\ntenancy=t\nkey_file=gone.pem\n");
        let error = OciCredentials::from_config_file_with_home(&config, "DEFAULT", None).unwrap_err();
        assert!(
            matches!(&error, CredentialsError::Io { path, .. } if path.ends_with("gone.pem")),
            "{error:?}"
        );
    }

    #[test]
    fn debug_hides_the_key() {
        let creds =
            OciCredentials::from_pem("t", "u", "f", RSA_2048_PKCS1_PEM).expect("loads").with_region("r");
        assert_eq!(
            format!("{creds:?}"),
            r#"OciCredentials { tenancy: "t", user: "u", fingerprint: "f", key: <redacted>, region: Some("r") }"#
        );
    }

    #[test]
    fn from_pem_explains_a_bad_key() {
        let error = OciCredentials::from_pem("t", "u", "f", "garbage").unwrap_err();
        assert!(error.to_string().starts_with("invalid OCI private key: no `-----BEGIN"), "{error}");
    }
}
