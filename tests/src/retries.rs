//! Retry policies for tests that count attempts, not time.

use std::time::Duration;

use cloudspec_runtime::RetryPolicy;

/// The default policy (attempts, what is retried) with waits of a few milliseconds.
pub fn quick() -> RetryPolicy {
    RetryPolicy {
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
        ..RetryPolicy::default()
    }
}
