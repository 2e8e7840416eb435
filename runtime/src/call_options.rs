//! Per-call options: what one call (or a group of calls) changes of its client's settings,
//! gathered in one value and applied with [`Transport::with_options`](crate::Transport::with_options).

use std::time::Duration;

use crate::error::ConfigError;
use crate::interceptor::refuse_reserved;
use crate::rate_limit::RateLimit;
use crate::retry::RetryPolicy;

/// Settings that override the client's for the calls made through the transport (or client)
/// they are applied to. Everything left unset keeps the client's value.
///
/// ```
/// use std::time::Duration;
/// use cloudspec_runtime::{CallOptions, RetryPolicy};
///
/// let options = CallOptions::new()
///     .timeout(Duration::from_secs(5))
///     .header("X-TC-Language", "en-US")
///     .retry(RetryPolicy::none());
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CallOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) rate_limit: Option<RateLimit>,
}

impl CallOptions {
    /// No override: the client's settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// The time one attempt may take, instead of the client's
    /// [`timeout`](crate::ClientBuilder::timeout).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sends header `name` with every attempt, besides the operation's own headers (a second
    /// `header` of the same name replaces the first). It is laid out before signing, so it is
    /// signed where the scheme signs it. A header the transport owns (signing, credentials,
    /// the protocol's operation headers: see [`is_reserved_header`](crate::is_reserved_header))
    /// makes [`with_options`](crate::Transport::with_options) fail naming it.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        self.headers.push((name, value.into()));
        self
    }

    /// The retry policy, instead of the client's.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The rate-limit mode, instead of the client's. The schedule itself stays the client's:
    /// calls with and without options share it.
    pub fn rate_limit(mut self, rate_limit: RateLimit) -> Self {
        self.rate_limit = Some(rate_limit);
        self
    }

    /// Refuses a header the transport owns, or one that cannot go on the wire; names it.
    pub(crate) fn check_headers(&self) -> Result<(), ConfigError> {
        for (name, value) in &self.headers {
            refuse_reserved(name).map_err(ConfigError::ReservedHeader)?;
            let valid = reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_ok()
                && reqwest::header::HeaderValue::from_str(value).is_ok();
            if !valid {
                return Err(ConfigError::InvalidHeader { name: name.clone() });
            }
        }
        Ok(())
    }
}
