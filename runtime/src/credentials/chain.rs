//! The default chains of `Client::from_env()`: the environment and files first, then the
//! instance metadata service of the vendor.
//!
//! The vendors' chains try the metadata service last, after the environment and their files:
//! Alibaba (alibabacloud-credentials `provider/default.py`, `DefaultCredentialsProvider`:
//! environment, OIDC (RRSA, when its three variables are set), CLI profile, credentials file,
//! then `EcsRamRoleCredentialsProvider` unless
//! `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`), Tencent (tencentcloud-sdk-python-common
//! `tencentcloud/common/credential.py`, `DefaultCredentialProvider`: environment, profile file,
//! `CVMRoleCredential`, TKE OIDC) and Huawei (huaweicloudsdkcore `auth/provider.py`,
//! `CredentialProviderChain`: OIDC, environment, profile file, `MetadataCredentialProvider`).
//!
//! They find out whether they run on an instance by asking its metadata service. This chain
//! is synchronous (it configures a client, it sends nothing), so it takes the metadata service
//! only when told to: Alibaba's own `ALIBABA_CLOUD_ECS_METADATA` (the role name) or a profile of
//! `type = ecs_ram_role`; for Tencent and Huawei, whose SDKs have no such setting, this crate's
//! own `TENCENTCLOUD_CVM_ROLE_NAME` (the role name) and `HUAWEICLOUD_ECS_METADATA=true`. The
//! credentials are then fetched at the first call, and refreshed before they expire.

use super::alibaba::{AlibabaSource, default_chain_source};
use super::env::non_empty;
use super::{
    AlibabaCredentials, AlibabaEcsRamRole, AlibabaOidcRole, CredentialSource, CredentialsCache,
    CredentialsError, HuaweiAkSk, HuaweiEcsMetadata, TencentCredentials, TencentCvmRole, TencentWebIdentity,
};
use crate::transport::Auth;

/// Alibaba's variable naming the ECS RAM role (`au.environment_ecs_metadata`).
const ALIBABA_ECS_ROLE_VAR: &str = "ALIBABA_CLOUD_ECS_METADATA";
/// Alibaba's variable turning the metadata service off (`au.environment_ecs_metadata_disabled`).
const ALIBABA_ECS_DISABLED_VAR: &str = "ALIBABA_CLOUD_ECS_METADATA_DISABLED";
/// This crate's own: Tencent's SDKs find the CVM role without being told.
const TENCENT_CVM_ROLE_VAR: &str = "TENCENTCLOUD_CVM_ROLE_NAME";
/// This crate's own: Huawei's SDKs ask the metadata service without being told.
const HUAWEI_ECS_METADATA_VAR: &str = "HUAWEICLOUD_ECS_METADATA";

/// Credentials that are given once.
pub(crate) fn fixed(credentials: impl Into<Auth>) -> CredentialSource {
    CredentialSource::Fixed(std::sync::Arc::new(credentials.into()))
}

/// Environment, RRSA, credentials file, `aliyun` CLI config, then the ECS RAM role.
pub(crate) fn alibaba(
    lookup: &impl Fn(&str) -> Option<String>,
) -> Result<CredentialSource, CredentialsError> {
    let disabled =
        non_empty(lookup, ALIBABA_ECS_DISABLED_VAR).is_some_and(|value| value.eq_ignore_ascii_case("true"));
    // RRSA comes right after the environment's keys, before the files.
    if AlibabaCredentials::from_env_with(lookup).is_err()
        && let Some(role) = AlibabaOidcRole::from_env_with(lookup)?
    {
        return Ok(CredentialSource::refreshing(CredentialsCache::new(role)));
    }
    match default_chain_source(lookup) {
        Ok(AlibabaSource::Keys(credentials)) => Ok(fixed(credentials)),
        Ok(AlibabaSource::EcsRamRole { profile, role_name }) => {
            if disabled {
                return Err(CredentialsError::invalid(
                    profile,
                    format!(
                        "type `ecs_ram_role` needs the metadata service, which {ALIBABA_ECS_DISABLED_VAR} turns off"
                    ),
                ));
            }
            let provider = role_name.map_or_else(AlibabaEcsRamRole::discover, AlibabaEcsRamRole::new);
            Ok(CredentialSource::refreshing(CredentialsCache::new(provider)))
        }
        Err(CredentialsError::Missing { what, mut tried }) => match non_empty(lookup, ALIBABA_ECS_ROLE_VAR) {
            Some(role) if !disabled => {
                Ok(CredentialSource::refreshing(CredentialsCache::new(AlibabaEcsRamRole::new(role))))
            }
            _ => {
                // Where the vendor's chain tries it: right after the environment.
                let rrsa = "RRSA (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE)";
                tried.insert(1.min(tried.len()), rrsa.to_owned());
                tried.push(format!("ECS RAM role ({ALIBABA_ECS_ROLE_VAR})"));
                Err(CredentialsError::Missing { what, tried })
            }
        },
        Err(other) => Err(other),
    }
}

/// Environment, profile files, the CVM role, then TKE OIDC (web identity).
pub(crate) fn tencent(
    lookup: &impl Fn(&str) -> Option<String>,
) -> Result<CredentialSource, CredentialsError> {
    match TencentCredentials::from_default_chain_with(lookup) {
        Ok(credentials) => Ok(fixed(credentials)),
        Err(CredentialsError::Missing { what, mut tried }) => {
            if let Some(role) = non_empty(lookup, TENCENT_CVM_ROLE_VAR) {
                return Ok(CredentialSource::refreshing(CredentialsCache::new(TencentCvmRole::new(role))));
            }
            if let Some(identity) = TencentWebIdentity::from_env_with(lookup) {
                return Ok(CredentialSource::refreshing(CredentialsCache::new(identity)));
            }
            tried.push(format!("CVM role ({TENCENT_CVM_ROLE_VAR})"));
            tried.push(
                "TKE OIDC (TKE_REGION, TKE_PROVIDER_ID, TKE_WEB_IDENTITY_TOKEN_FILE, TKE_ROLE_ARN)"
                    .to_owned(),
            );
            Err(CredentialsError::Missing { what, tried })
        }
        Err(other) => Err(other),
    }
}

/// Environment, then the ECS metadata service.
pub(crate) fn huawei_aksk(
    lookup: &impl Fn(&str) -> Option<String>,
) -> Result<CredentialSource, CredentialsError> {
    match HuaweiAkSk::from_env_with(lookup) {
        Ok(credentials) => Ok(fixed(credentials)),
        Err(CredentialsError::Missing { what, mut tried }) => {
            match non_empty(lookup, HUAWEI_ECS_METADATA_VAR) {
                Some(value) if value.eq_ignore_ascii_case("true") => {
                    Ok(CredentialSource::refreshing(CredentialsCache::new(HuaweiEcsMetadata::new())))
                }
                Some(_) => Err(CredentialsError::invalid(
                    HUAWEI_ECS_METADATA_VAR,
                    "the only value it takes is `true` (ask the instance metadata service)",
                )),
                None => {
                    tried.push(format!("ECS metadata ({HUAWEI_ECS_METADATA_VAR}=true)"));
                    Err(CredentialsError::Missing { what, tried })
                }
            }
        }
        Err(other) => Err(other),
    }
}
