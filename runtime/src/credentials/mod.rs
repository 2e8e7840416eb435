//! Credentials for each vendor's auth scheme.
//!
//! Every type can be built from explicit values or from the environment variables (and, for
//! OCI, the config file) that the vendor's own SDKs read. Secrets are held in [`Secret`], so
//! `Debug` output of any credential type is safe to log.
//!
//! Temporary credentials come from a [`ProvideCredentials`] (instance metadata:
//! [`AlibabaEcsRamRole`], [`TencentCvmRole`], [`HuaweiEcsMetadata`]; OIDC web identity:
//! [`AlibabaOidcRole`], [`TencentWebIdentity`]) behind a
//! [`CredentialsCache`], which refreshes them before they expire; fixed credentials are a
//! provider whose credentials never expire.

mod alibaba;
mod alibaba_ecs;
mod alibaba_oidc;
mod bearer;
mod cache;
pub(crate) mod chain;
mod env;
mod error;
mod files;
mod huawei;
mod huawei_ecs;
mod metadata;
mod oci;
mod oci_config;
mod pem;
mod provider;
mod secret;
mod source;
mod tencent;
mod tencent_cvm;
mod tencent_oidc;
#[cfg(test)]
pub(crate) mod test_home;
#[cfg(test)]
pub(crate) mod test_keys;

pub use alibaba::{AlibabaCredentials, AlibabaRamRoleArnProfile};
pub use alibaba_ecs::{ALIBABA_ECS_METADATA_ENDPOINT, AlibabaEcsRamRole};
pub use alibaba_oidc::{ALIBABA_STS_ENDPOINT, AlibabaOidcRole};
pub use bearer::BearerToken;
pub use cache::{CredentialsCache, DEFAULT_REFRESH_AHEAD, RETRY_AFTER_FAILED_REFRESH};
pub use error::CredentialsError;
pub use huawei::{HuaweiAkSk, HuaweiToken};
pub use huawei_ecs::{HUAWEI_ECS_METADATA_ENDPOINT, HuaweiEcsMetadata};
pub use oci::OciCredentials;
pub use provider::{Expiring, ProvideCredentials, ProvideFuture, SigningCredentials};
pub use secret::Secret;
pub(crate) use source::CredentialSource;
pub use tencent::TencentCredentials;
pub use tencent_cvm::{TENCENT_CVM_METADATA_ENDPOINT, TencentCvmRole};
pub use tencent_oidc::{TENCENT_STS_ENDPOINT, TencentWebIdentity};
