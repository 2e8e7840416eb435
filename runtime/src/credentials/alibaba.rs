//! Alibaba Cloud AccessKeys (ACS3 signing).

use std::path::{Path, PathBuf};

use super::env::{non_empty, process_env, required};
use super::files::{home_dir, read_config, read_optional};
use super::{CredentialsError, Secret};

/// Alibaba's credentials SDKs: an INI file of profiles, its path overridable, its profile
/// chosen by a variable.
const CREDENTIALS_FILE_VAR: &str = "ALIBABA_CLOUD_CREDENTIALS_FILE";
const CREDENTIALS_FILE: &str = ".alibabacloud/credentials";
const PROFILE_VAR: &str = "ALIBABA_CLOUD_PROFILE";
const DEFAULT_PROFILE: &str = "default";
/// The `aliyun` CLI's JSON configuration.
const CLI_CONFIG_FILE: &str = ".aliyun/config.json";

const ACCESS_KEY_ID_VAR: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
const ACCESS_KEY_SECRET_VAR: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
const SECURITY_TOKEN_VAR: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";
const REGION_VAR: &str = "ALIBABA_CLOUD_REGION_ID";

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

    /// The default chain, in this order: the environment variables of [`Self::from_env`]; the
    /// profile `ALIBABA_CLOUD_PROFILE` (default `default`) of the credentials file
    /// (`ALIBABA_CLOUD_CREDENTIALS_FILE`, default `~/.alibabacloud/credentials`; `type` =
    /// `access_key` or `sts`); the `aliyun` CLI's `~/.aliyun/config.json` (that profile, else its
    /// `current` one; `mode` = `AK` or `StsToken`). The error lists everything tried. A profile
    /// of `type = ecs_ram_role` is refused here, since its credentials come from the instance
    /// metadata service (`Client::from_env()` follows it, with the
    /// [`AlibabaEcsRamRole`](super::AlibabaEcsRamRole) provider); other types (RAM role ARN,
    /// OIDC) are refused with a clear error rather than skipped.
    pub fn from_default_chain() -> Result<Self, CredentialsError> {
        Self::from_default_chain_with(process_env)
    }

    /// [`Self::from_default_chain`] with the variables (`HOME` included) read through `lookup`.
    pub fn from_default_chain_with(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, CredentialsError> {
        match default_chain_source(&lookup)? {
            AlibabaSource::Keys(credentials) => Ok(credentials),
            AlibabaSource::EcsRamRole { profile, .. } => Err(CredentialsError::invalid(
                profile,
                "type `ecs_ram_role` takes its credentials from the instance metadata service: \
                 use `Client::from_env()` or the `AlibabaEcsRamRole` provider",
            )),
        }
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

    /// The region of the default chain, for clients built from the environment:
    /// `ALIBABA_CLOUD_REGION_ID`, else the `region_id` of the `aliyun` CLI profile in
    /// `~/.aliyun/config.json` (the profile `ALIBABA_CLOUD_PROFILE`, else its `current` one),
    /// which is the region every `aliyun` command of that profile calls. `None` when neither is
    /// set. The credentials INI file's `region_id` is not read: Alibaba's credentials SDK
    /// (`alibabacloud_credentials`, `providers.py`) uses it only to choose the STS endpoint of a
    /// RAM-role profile, not as the region of calls. A config file that exists but does not
    /// parse is an error.
    pub fn default_region() -> Result<Option<String>, CredentialsError> {
        Self::default_region_with(process_env)
    }

    /// [`Self::default_region`] with the variables (`HOME` included) read through `lookup`.
    pub fn default_region_with(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<String>, CredentialsError> {
        if let Some(region) = non_empty(&lookup, REGION_VAR) {
            return Ok(Some(region));
        }
        region_from_cli_config_with(&lookup)
    }
}

/// What the environment and files of the default chain point to.
pub(crate) enum AlibabaSource {
    Keys(AlibabaCredentials),
    /// A credentials-file profile of `type = ecs_ram_role` (`profile` names it, for errors),
    /// with its optional `role_name`.
    EcsRamRole {
        profile: String,
        role_name: Option<String>,
    },
}

/// The sources of [`AlibabaCredentials::from_default_chain`], in its order.
pub(crate) fn default_chain_source(
    lookup: &impl Fn(&str) -> Option<String>,
) -> Result<AlibabaSource, CredentialsError> {
    let mut tried = vec![format!("{ACCESS_KEY_ID_VAR} and {ACCESS_KEY_SECRET_VAR}")];
    if let Ok(credentials) = AlibabaCredentials::from_env_with(lookup) {
        return Ok(AlibabaSource::Keys(credentials));
    }
    let home = home_dir(lookup);
    let chosen_profile = non_empty(lookup, PROFILE_VAR);
    let profile = chosen_profile.clone().unwrap_or_else(|| DEFAULT_PROFILE.to_owned());

    let credentials_file = non_empty(lookup, CREDENTIALS_FILE_VAR)
        .map(PathBuf::from)
        .or_else(|| home.as_ref().map(|home| home.join(CREDENTIALS_FILE)));
    if let Some(path) = credentials_file {
        tried.push(format!("[{profile}] of {}", path.display()));
        if let Some(found) = from_credentials_file(&path, &profile)? {
            return Ok(found);
        }
    }
    if let Some(path) = home.as_ref().map(|home| home.join(CLI_CONFIG_FILE)) {
        tried.push(format!(
            "profile {} of {}",
            chosen_profile.as_deref().unwrap_or("`current`"),
            path.display()
        ));
        if let Some(found) = from_cli_config(&path, chosen_profile.as_deref())? {
            return Ok(AlibabaSource::Keys(found));
        }
    }
    Err(CredentialsError::missing("Alibaba Cloud AccessKey", tried))
}

/// The profile of Alibaba's INI credentials file, if the file and the profile exist.
fn from_credentials_file(path: &Path, profile: &str) -> Result<Option<AlibabaSource>, CredentialsError> {
    let what = || format!("Alibaba credentials file {} [{profile}]", path.display());
    let Some(config) = read_config(path, what)? else { return Ok(None) };
    let Some(section) = config.profile(profile) else { return Ok(None) };
    let kind = section.get("type").unwrap_or("access_key");
    if kind == "ecs_ram_role" {
        let role_name = section.get("role_name").filter(|role| !role.is_empty()).map(str::to_owned);
        return Ok(Some(AlibabaSource::EcsRamRole { profile: what(), role_name }));
    }
    if !matches!(kind, "access_key" | "sts") {
        return Err(CredentialsError::invalid(
            what(),
            format!("type `{kind}` is not supported (access_key, sts and ecs_ram_role are)"),
        ));
    }
    let (Some(id), Some(secret)) = (section.get("access_key_id"), section.get("access_key_secret")) else {
        return Err(CredentialsError::invalid(what(), "needs `access_key_id` and `access_key_secret`"));
    };
    let credentials = AlibabaCredentials::new(id, secret);
    Ok(Some(AlibabaSource::Keys(match (kind, section.get("security_token")) {
        ("sts", Some(token)) if !token.is_empty() => credentials.with_security_token(token),
        ("sts", _) => return Err(CredentialsError::invalid(what(), "type `sts` needs `security_token`")),
        _ => credentials,
    })))
}

/// The `region_id` of the `aliyun` CLI profile (see [`AlibabaCredentials::default_region`]).
fn region_from_cli_config_with(
    lookup: &impl Fn(&str) -> Option<String>,
) -> Result<Option<String>, CredentialsError> {
    let Some(path) = home_dir(lookup).map(|home| home.join(CLI_CONFIG_FILE)) else { return Ok(None) };
    let profile = non_empty(lookup, PROFILE_VAR);
    let found = read_cli_profile(&path, profile.as_deref())?;
    Ok(found.map(|(_, profile)| profile.region_id).filter(|region| !region.is_empty()))
}

/// The `aliyun` CLI's config.json: `{"current": "...", "profiles": [{"name", "mode", ...}]}`.
#[derive(serde::Deserialize)]
struct CliConfig {
    #[serde(default)]
    current: Option<String>,
    #[serde(default)]
    profiles: Vec<CliProfile>,
}

#[derive(serde::Deserialize)]
struct CliProfile {
    name: String,
    #[serde(default)]
    mode: String,
    #[serde(default)]
    access_key_id: String,
    #[serde(default)]
    access_key_secret: String,
    #[serde(default)]
    sts_token: String,
    #[serde(default)]
    region_id: String,
    /// `RamRoleArn` mode: the role to assume with the AccessKey above.
    #[serde(default)]
    ram_role_arn: String,
    #[serde(default)]
    ram_session_name: String,
    /// `RamRoleArn` mode: the token's lifetime in seconds; the CLI writes 0 when none was given.
    #[serde(default)]
    expired_seconds: i64,
    /// `RamRoleArn` mode: the region of the STS endpoint (`sts.<region>.aliyuncs.com`); empty
    /// for the central `sts.aliyuncs.com`.
    #[serde(default)]
    sts_region: String,
    #[serde(default)]
    external_id: String,
}

/// The profile `profile` (else the `current` one) of the CLI config at `path`, with its name;
/// `None` when the file or the profile does not exist.
fn read_cli_profile(
    path: &Path,
    profile: Option<&str>,
) -> Result<Option<(String, CliProfile)>, CredentialsError> {
    let Some(text) = read_optional(path)? else { return Ok(None) };
    let config: CliConfig = serde_json::from_str(&text).map_err(|e| {
        CredentialsError::invalid(
            format!("aliyun CLI config {}", path.display()),
            json_error_without_values(&e),
        )
    })?;
    let Some(name) = profile.map(str::to_owned).or(config.current) else { return Ok(None) };
    Ok(config.profiles.into_iter().find(|p| p.name == name).map(|found| (name, found)))
}

/// The credentials of a profile of the `aliyun` CLI's config.json.
fn from_cli_config(
    path: &Path,
    profile: Option<&str>,
) -> Result<Option<AlibabaCredentials>, CredentialsError> {
    let Some((name, found)) = read_cli_profile(path, profile)? else { return Ok(None) };
    let what = || format!("aliyun CLI config {} profile {name}", path.display());
    if found.access_key_id.is_empty() || found.access_key_secret.is_empty() {
        return Err(CredentialsError::invalid(what(), "needs `access_key_id` and `access_key_secret`"));
    }
    let credentials = AlibabaCredentials::new(found.access_key_id, found.access_key_secret);
    match found.mode.as_str() {
        "AK" | "" => Ok(Some(credentials)),
        "StsToken" if !found.sts_token.is_empty() => {
            Ok(Some(credentials.with_security_token(found.sts_token)))
        }
        "RamRoleArn" => Err(CredentialsError::invalid(
            what(),
            "mode `RamRoleArn` assumes a role with STS, which this crate does not call: build the \
             client with `credentials_provider(cloudspec_sts::AlibabaAssumeRole::from_cli_profile(..))` \
             and `AlibabaRamRoleArnProfile::from_cli_config()`",
        )),
        other => Err(CredentialsError::invalid(
            what(),
            format!(
                "mode `{other}` is not supported (AK and StsToken are; RamRoleArn through cloudspec-sts)"
            ),
        )),
    }
}

/// A profile of mode `RamRoleArn` of the `aliyun` CLI's `~/.aliyun/config.json`: a RAM role to
/// assume with Alibaba Cloud STS `AssumeRole`, signed with the profile's own AccessKey (the
/// "source" keys). The runtime reads it; assuming the role is the job of cloudspec-sts
/// (`AlibabaAssumeRole::from_cli_profile`), since the STS client is generated code the runtime
/// cannot depend on.
#[derive(Clone)]
pub struct AlibabaRamRoleArnProfile {
    from: String,
    source: AlibabaCredentials,
    role_arn: String,
    session_name: String,
    duration_seconds: Option<i64>,
    sts_region: Option<String>,
    external_id: Option<String>,
}

impl AlibabaRamRoleArnProfile {
    /// The profile `ALIBABA_CLOUD_PROFILE`, else the `current` one, of `~/.aliyun/config.json`,
    /// when it is of mode `RamRoleArn`. `None` when the file or the profile does not exist or
    /// the profile is of another mode (the default chain reads those). A `RamRoleArn` profile
    /// without its AccessKey, `ram_role_arn` or `ram_session_name` is an error.
    pub fn from_cli_config() -> Result<Option<Self>, CredentialsError> {
        Self::from_cli_config_with(process_env)
    }

    /// [`Self::from_cli_config`] with the variables (`HOME` included) read through `lookup`.
    pub fn from_cli_config_with(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Self>, CredentialsError> {
        let Some(path) = home_dir(&lookup).map(|home| home.join(CLI_CONFIG_FILE)) else { return Ok(None) };
        let profile = non_empty(&lookup, PROFILE_VAR);
        let Some((name, found)) = read_cli_profile(&path, profile.as_deref())? else { return Ok(None) };
        if found.mode != "RamRoleArn" {
            return Ok(None);
        }
        let from = format!("aliyun CLI config {} profile {name}", path.display());
        let missing: Vec<&str> = [
            ("access_key_id", &found.access_key_id),
            ("access_key_secret", &found.access_key_secret),
            ("ram_role_arn", &found.ram_role_arn),
            ("ram_session_name", &found.ram_session_name),
        ]
        .iter()
        .filter(|(_, value)| value.is_empty())
        .map(|(key, _)| *key)
        .collect();
        if !missing.is_empty() {
            let keys = missing.iter().map(|key| format!("`{key}`")).collect::<Vec<_>>().join(", ");
            return Err(CredentialsError::invalid(from, format!("mode `RamRoleArn` needs {keys}")));
        }
        let some = |text: String| Some(text).filter(|text| !text.is_empty());
        Ok(Some(Self {
            from,
            source: AlibabaCredentials::new(found.access_key_id, found.access_key_secret),
            role_arn: found.ram_role_arn,
            session_name: found.ram_session_name,
            // decision: the CLI writes `expired_seconds: 0` when none was given; 0 (or a
            // negative value) sends no DurationSeconds, so STS applies its default (3600).
            duration_seconds: Some(found.expired_seconds).filter(|seconds| *seconds > 0),
            sts_region: some(found.sts_region),
            external_id: some(found.external_id),
        }))
    }

    /// Where the profile was read, for messages.
    pub fn source_description(&self) -> &str {
        &self.from
    }

    /// The AccessKey that signs `AssumeRole`.
    pub fn source_credentials(&self) -> &AlibabaCredentials {
        &self.source
    }

    /// `ram_role_arn`: `acs:ram::<account_id>:role/<role_name>`.
    pub fn role_arn(&self) -> &str {
        &self.role_arn
    }

    /// `ram_session_name`.
    pub fn session_name(&self) -> &str {
        &self.session_name
    }

    /// `expired_seconds`, when the profile sets a positive one.
    pub fn duration_seconds(&self) -> Option<i64> {
        self.duration_seconds
    }

    /// `sts_region`, when set: STS is then called at `sts.<region>.aliyuncs.com`.
    pub fn sts_region(&self) -> Option<&str> {
        self.sts_region.as_deref()
    }

    /// `external_id`, when the role's trust policy requires one.
    pub fn external_id(&self) -> Option<&str> {
        self.external_id.as_deref()
    }
}

impl std::fmt::Debug for AlibabaRamRoleArnProfile {
    /// The profile, the role and the source AccessKey ID; never the secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AlibabaRamRoleArnProfile")
            .field("from", &self.from)
            .field("source", &self.source)
            .field("role_arn", &self.role_arn)
            .field("session_name", &self.session_name)
            .field("duration_seconds", &self.duration_seconds)
            .field("sts_region", &self.sts_region)
            .finish_non_exhaustive()
    }
}

/// Where and what kind of JSON error, never serde's own text: for a value of the wrong type it
/// quotes the value (``invalid type: integer `12345678` ``), which here can be a secret.
fn json_error_without_values(error: &serde_json::Error) -> String {
    let what = match error.classify() {
        serde_json::error::Category::Syntax => "the file is not valid JSON",
        serde_json::error::Category::Eof => "the file ends in the middle of a JSON value",
        serde_json::error::Category::Data => {
            "a value does not have the documented type (keys, secrets and tokens are strings)"
        }
        serde_json::error::Category::Io => "the file could not be read",
    };
    format!("{what} (line {}, column {})", error.line(), error.column())
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

    #[test]
    fn chain_reads_the_credentials_file_profile() {
        let home = crate::credentials::test_home::TestHome::new("alibaba-ini");
        home.write(
            ".alibabacloud/credentials",
            "[default]\nenable = true\ntype = access_key\naccess_key_id = LTAIdefault\naccess_key_secret = s1\n\n[ci]\ntype = sts\naccess_key_id = STS.ci\naccess_key_secret = s2\nsecurity_token = tok\n",
        );
        let found =
            AlibabaCredentials::from_default_chain_with(fake::env(&[("HOME", home.path_str())])).unwrap();
        assert_eq!(found, AlibabaCredentials::new("LTAIdefault", "s1"));
        let lookup = fake::env(&[("HOME", home.path_str()), (PROFILE_VAR, "ci")]);
        let found = AlibabaCredentials::from_default_chain_with(lookup).unwrap();
        assert_eq!(found, AlibabaCredentials::new("STS.ci", "s2").with_security_token("tok"));
    }

    #[test]
    fn chain_reads_the_aliyun_cli_config() {
        let home = crate::credentials::test_home::TestHome::new("alibaba-cli");
        home.write(
            ".aliyun/config.json",
            r#"{"current": "work", "profiles": [
                {"name": "default", "mode": "AK", "access_key_id": "LTAIa", "access_key_secret": "a"},
                {"name": "work", "mode": "StsToken", "access_key_id": "STS.w", "access_key_secret": "w", "sts_token": "t", "region_id": "cn-shanghai"}
            ]}"#,
        );
        let found =
            AlibabaCredentials::from_default_chain_with(fake::env(&[("HOME", home.path_str())])).unwrap();
        assert_eq!(found, AlibabaCredentials::new("STS.w", "w").with_security_token("t"));
        let lookup = fake::env(&[("HOME", home.path_str()), (PROFILE_VAR, "default")]);
        assert_eq!(AlibabaCredentials::from_default_chain_with(lookup).unwrap().access_key_id(), "LTAIa");
    }

    #[test]
    fn sdk_alibaba_region_from_the_cli_profile() {
        let home = crate::credentials::test_home::TestHome::new("alibaba-region");
        home.write(
            ".aliyun/config.json",
            r#"{"current": "work", "profiles": [
                {"name": "default", "mode": "AK", "access_key_id": "a", "access_key_secret": "a", "region_id": "cn-hangzhou"},
                {"name": "work", "mode": "AK", "access_key_id": "w", "access_key_secret": "w", "region_id": "cn-shanghai"},
                {"name": "bare", "mode": "AK", "access_key_id": "b", "access_key_secret": "b"}
            ]}"#,
        );
        let region = |extra: &[(&str, &str)]| {
            let mut vars = vec![("HOME", home.path_str())];
            vars.extend_from_slice(extra);
            region_from_cli_config_with(&fake::env(&vars)).unwrap()
        };
        assert_eq!(region(&[]).as_deref(), Some("cn-shanghai"), "the current profile");
        assert_eq!(region(&[(PROFILE_VAR, "default")]).as_deref(), Some("cn-hangzhou"));
        assert_eq!(region(&[(PROFILE_VAR, "bare")]), None);
        assert_eq!(region(&[(PROFILE_VAR, "absent")]), None);
        let from_variable = AlibabaCredentials::default_region_with(fake::env(&[
            ("HOME", home.path_str()),
            (REGION_VAR, "ap-southeast-1"),
        ]));
        assert_eq!(from_variable.unwrap().as_deref(), Some("ap-southeast-1"), "the variable comes first");

        let empty = crate::credentials::test_home::TestHome::new("alibaba-region-none");
        assert_eq!(region_from_cli_config_with(&fake::env(&[("HOME", empty.path_str())])).unwrap(), None);
        empty.write(".aliyun/config.json", "{not json");
        let error = region_from_cli_config_with(&fake::env(&[("HOME", empty.path_str())])).unwrap_err();
        assert!(error.to_string().contains("config.json"), "{error}");
    }

    #[test]
    fn unsupported_types_are_refused_and_nothing_found_lists_every_source() {
        let home = crate::credentials::test_home::TestHome::new("alibaba-role");
        home.write(".alibabacloud/credentials", "[default]\ntype = ecs_ram_role\nrole_name = r\n");
        let error =
            AlibabaCredentials::from_default_chain_with(fake::env(&[("HOME", home.path_str())])).unwrap_err();
        assert!(error.to_string().contains("ecs_ram_role"), "{error}");
    }

    #[test]
    fn ram_role_arn_profile_is_read_for_cloudspec_sts_and_refused_by_the_fixed_chain() {
        let home = crate::credentials::test_home::TestHome::new("alibaba-ram-role-arn");
        home.write(
            ".aliyun/config.json",
            r#"{"current": "role", "profiles": [
                {"name": "role", "mode": "RamRoleArn", "access_key_id": "LTAIsource", "access_key_secret": "hidden-secret",
                 "ram_role_arn": "acs:ram::1:role/reader", "ram_session_name": "nightly", "expired_seconds": 0,
                 "region_id": "cn-shanghai"},
                {"name": "broken", "mode": "RamRoleArn", "access_key_id": "LTAIsource", "access_key_secret": "src"},
                {"name": "keys", "mode": "AK", "access_key_id": "LTAIak", "access_key_secret": "ak"}
            ]}"#,
        );
        let env = |profile: Option<&'static str>| {
            let home = home.path_str().to_owned();
            move |name: &str| match name {
                "HOME" => Some(home.clone()),
                PROFILE_VAR => profile.map(str::to_owned),
                _ => None,
            }
        };
        let profile = AlibabaRamRoleArnProfile::from_cli_config_with(env(None)).unwrap().expect("RamRoleArn");
        assert_eq!(profile.role_arn(), "acs:ram::1:role/reader");
        assert_eq!(profile.session_name(), "nightly");
        assert_eq!(profile.duration_seconds(), None, "0 means STS's default");
        assert_eq!(profile.source_credentials(), &AlibabaCredentials::new("LTAIsource", "hidden-secret"));
        let debug = format!("{profile:?}");
        assert!(debug.contains("LTAIsource") && !debug.contains("hidden"), "{debug}");

        let error = AlibabaRamRoleArnProfile::from_cli_config_with(env(Some("broken"))).unwrap_err();
        assert!(error.to_string().contains("`ram_role_arn`, `ram_session_name`"), "{error}");
        assert!(AlibabaRamRoleArnProfile::from_cli_config_with(env(Some("keys"))).unwrap().is_none());

        let error = AlibabaCredentials::from_default_chain_with(env(None)).unwrap_err();
        assert!(error.to_string().contains("cloudspec_sts::AlibabaAssumeRole::from_cli_profile"), "{error}");

        let empty = crate::credentials::test_home::TestHome::new("alibaba-empty");
        let error = AlibabaCredentials::from_default_chain_with(fake::env(&[("HOME", empty.path_str())]))
            .unwrap_err();
        let text = error.to_string();
        for source in [ACCESS_KEY_ID_VAR, ".alibabacloud/credentials", ".aliyun/config.json"] {
            assert!(text.contains(source), "{source} missing from: {text}");
        }
    }
}
