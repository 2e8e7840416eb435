//! Credentials for each vendor's auth scheme.
//!
//! Every type can be built from explicit values or from the environment variables (and, for
//! OCI, the config file) that the vendor's own SDKs read. Secrets are held in [`Secret`], so
//! `Debug` output of any credential type is safe to log.

mod alibaba;
mod bearer;
mod env;
mod error;
mod files;
mod huawei;
mod oci;
mod oci_config;
mod pem;
mod secret;
mod tencent;
#[cfg(test)]
pub(crate) mod test_home;
#[cfg(test)]
pub(crate) mod test_keys;

pub use alibaba::AlibabaCredentials;
pub use bearer::BearerToken;
pub use error::CredentialsError;
pub use huawei::{HuaweiAkSk, HuaweiToken};
pub use oci::OciCredentials;
pub use secret::Secret;
pub use tencent::TencentCredentials;
