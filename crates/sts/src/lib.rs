//! Temporary credentials from a role, assumed with the vendor's Security Token Service:
//! [`TencentAssumeRole`] (Tencent Cloud STS `AssumeRole`, 2018-08-13) and [`AlibabaAssumeRole`]
//! (Alibaba Cloud STS `AssumeRole`, 2015-04-01).
//!
//! Both implement the runtime's [`ProvideCredentials`](cloudspec_runtime::credentials::ProvideCredentials),
//! so a client of any service takes them with `credentials_provider(..)`: the runtime's
//! [`CredentialsCache`](cloudspec_runtime::credentials::CredentialsCache) keeps the temporary
//! credentials and assumes the role again shortly before they expire, once however many calls
//! need them at that moment.
//!
//! An `aliyun` CLI profile of mode `RamRoleArn` becomes an [`AlibabaAssumeRole`] with
//! [`AlibabaAssumeRole::from_cli_profile`]. The runtime reads the profile
//! ([`AlibabaRamRoleArnProfile`](cloudspec_runtime::credentials::AlibabaRamRoleArnProfile)) and
//! this crate assumes the role: the glue lives here because the STS client is generated code,
//! which depends on the runtime, so the runtime cannot call it.
//!
//! The STS calls are made with the clients `cloudspec` generates from `specs/tencent/sts` and
//! `specs/alibaba/sts`, like any other call: signed with the base credentials the STS client was
//! built with (long-term keys, or another provider such as instance metadata), validated,
//! retried and rate-limited by the runtime.
//!
//! ```no_run
//! use cloudspec_clients::tencent::{sts, wedata};
//! use cloudspec_runtime::credentials::TencentCredentials;
//! use cloudspec_sts::TencentAssumeRole;
//!
//! # fn main() -> Result<(), cloudspec_runtime::ConfigError> {
//! let sts = sts::Client::builder()
//!     .credentials(TencentCredentials::from_env().expect("base keys"))
//!     .region("ap-guangzhou")
//!     .build()?;
//! let role = TencentAssumeRole::new(sts, "qcs::cam::uin/100000000001:roleName/reader", "nightly-report");
//! let wedata = wedata::Client::builder().credentials_provider(role).region("ap-guangzhou").build()?;
//! # let _ = wedata;
//! # Ok(())
//! # }
//! ```

mod alibaba;
mod refusal;
mod tencent;

pub use alibaba::AlibabaAssumeRole;
pub use tencent::TencentAssumeRole;
