//! The shared harness of the cross-crate suites (`tests/`) and the runnable examples
//! (`examples/`): known test credentials, the specs' documented examples, a mock server per
//! vendor, and independent checks of what that server received (signatures recomputed from the
//! bytes that arrived, not from what the client meant to send).

pub mod credentials;
pub mod events;
pub mod examples;
pub mod load;
pub mod loopback_server;
pub mod raw_server;
pub mod received;
pub mod responses;
