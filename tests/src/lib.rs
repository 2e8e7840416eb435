//! The shared harness of the cross-crate suites (`tests/`) and the runnable examples
//! (`examples/`): known test credentials, the specs' documented examples, a mock server per
//! vendor, and independent checks of what that server received (signatures recomputed from the
//! bytes that arrived, not from what the client meant to send).
//!
//! Every service's builder has one credential setter, `credentials`, which takes exactly the
//! kinds the service's spec accepts. Huawei CodeArts Repo takes an AK/SK or an IAM token:
//!
//! ```
//! use cloudspec_clients::huawei::codeartsrepo::Client;
//! use cloudspec_runtime::credentials::{HuaweiAkSk, HuaweiToken};
//! let _ = Client::builder().credentials(HuaweiAkSk::new("AK", "SK"));
//! let _ = Client::builder().credentials(HuaweiToken::new("token"));
//! ```
//!
//! and another vendor's credentials do not compile (the same call as above but for the type):
//!
//! ```compile_fail,E0277
//! use cloudspec_clients::huawei::codeartsrepo::Client;
//! use cloudspec_runtime::credentials::TencentCredentials;
//! let _ = Client::builder().credentials(TencentCredentials::new("id", "key"));
//! ```

pub mod credentials;
pub mod events;
pub mod examples;
pub mod load;
pub mod loopback_server;
pub mod raw_server;
pub mod received;
pub mod responses;
pub mod retries;
pub mod sdk_builders;
