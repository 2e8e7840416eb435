//! When a failed attempt may be sent again, and how long to wait first.
//!
//! The rule that matters most: a request that may have reached the server is sent again only when
//! that cannot duplicate its effect, because the operation is idempotent or the request carries
//! an idempotency token. Failures that prove the server did not act (the connection was refused,
//! the server answered 429 "too many requests", or its error code is one the vendor's SDK treats
//! as a refusal, see `retry_codes`) may be retried for any operation.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};

use crate::protocol::Protocol;

/// Whether repeating a call can duplicate its effect. Set per operation by the generated code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RetrySafety {
    /// Repeating it may act twice: only retried when the server provably did not act.
    #[default]
    Unsafe,
    /// The spec says the operation is idempotent.
    Idempotent,
    /// The request carries an idempotency token, the same on every attempt.
    TokenProtected,
}

impl RetrySafety {
    fn may_repeat(self) -> bool {
        !matches!(self, RetrySafety::Unsafe)
    }
}

/// How one attempt failed, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// No connection was made: the server never saw the request.
    NotSent,
    /// The server refused the request before acting on it: HTTP 429, or an error code the
    /// vendor's SDK retries as a refusal (Tencent `RequestLimitExceeded` inside an HTTP 200,
    /// Alibaba `Throttling`, OCI 409 `IncorrectState`).
    Throttled,
    /// The request may have been acted on: timeout, reset, 5xx.
    MaybeApplied,
    /// Retrying cannot help (4xx, a response that does not decode, an invalid request).
    Permanent,
}

impl Failure {
    /// Classifies an HTTP status that is not a success.
    pub fn from_status(status: u16) -> Failure {
        match status {
            429 => Failure::Throttled,
            500..=599 => Failure::MaybeApplied,
            _ => Failure::Permanent,
        }
    }
}

/// Retry settings of a client (and of a per-call override).
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 turns retries off.
    pub max_attempts: u32,
    /// The first backoff ceiling; it doubles per attempt ("full jitter": the wait is uniformly
    /// random between zero and the ceiling).
    pub base_delay: Duration,
    /// The largest backoff ceiling.
    pub max_delay: Duration,
    /// The longest `Retry-After` the client honours; a server asking for more gets its error
    /// back instead of a hung call.
    pub max_retry_after: Duration,
    /// Whether retries draw on the client's retry budget (a token bucket shared by every call of
    /// the client: 500 tokens, 5 per retry, 10 per retry after a timeout, 1 back per success).
    /// When it runs dry, failures come back unretried as [`crate::Error::RetryBudgetExhausted`].
    pub use_retry_budget: bool,
}

impl Default for RetryPolicy {
    /// Three attempts, 100 ms doubling up to 5 s, `Retry-After` honoured up to 20 s, within the
    /// client's retry budget.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(20),
            use_retry_budget: true,
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }

    /// The wait before attempt `attempt + 1`, or `None` when the call must stop: the failure is
    /// not safe to repeat, the attempts are used up, or the server asks to wait too long.
    pub fn next_delay(
        &self,
        safety: RetrySafety,
        failure: Failure,
        attempt: u32,
        retry_after: Option<Duration>,
        random: f64,
    ) -> Option<Duration> {
        let allowed = match failure {
            Failure::NotSent | Failure::Throttled => true,
            Failure::MaybeApplied => safety.may_repeat(),
            Failure::Permanent => false,
        };
        if !allowed || attempt >= self.max_attempts {
            return None;
        }
        if let Some(wait) = retry_after {
            return (wait <= self.max_retry_after).then_some(wait);
        }
        let exponent = attempt.saturating_sub(1).min(30);
        let ceiling = self.base_delay.saturating_mul(1 << exponent).min(self.max_delay);
        Some(ceiling.mul_f64(random.clamp(0.0, 1.0)))
    }
}

/// `Retry-After` as delta-seconds or as an HTTP date (RFC 9110, section 10.2.3), the date
/// measured from this machine's clock.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    retry_after_at(headers, SystemTime::now())
}

/// [`retry_after`] with the current time given. A date already past means "now" (zero); the
/// wait is still bounded by [`RetryPolicy::max_retry_after`], so a server (or a local clock)
/// far off cannot stall a call. A value that is neither form is no hint.
pub fn retry_after_at(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The wait a response asks for before the next attempt, in the protocol's own terms. Alibaba's
/// gateway gives `x-acs-retry-after` in milliseconds (the unit its SDKs' `darabonba-openapi`
/// core reads, where only a positive whole number is a hint); it is preferred to a standard
/// `Retry-After` on the same answer. Every other protocol has only `Retry-After`.
pub fn retry_hint(protocol: Protocol, headers: &HeaderMap) -> Option<Duration> {
    let alibaba = matches!(protocol, Protocol::AcsRpc | Protocol::PdsRoa);
    alibaba.then(|| acs_retry_after(headers)).flatten().or_else(|| retry_after(headers))
}

/// `x-acs-retry-after` as a wait: a positive number of milliseconds; zero, negative or
/// unparsable values are no hint.
fn acs_retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get("x-acs-retry-after")?.to_str().ok()?.trim();
    let millis = value.parse::<u64>().ok().filter(|millis| *millis > 0)?;
    Some(Duration::from_millis(millis))
}

/// A uniform random number in `[0, 1)` for jitter.
pub(crate) fn jitter() -> f64 {
    let mut bytes = [0u8; 8];
    if aws_lc_rs::rand::fill(&mut bytes).is_err() {
        return 0.5;
    }
    (u64::from_le_bytes(bytes) >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: RetryPolicy = RetryPolicy {
        max_attempts: 4,
        base_delay: Duration::from_millis(100),
        max_delay: Duration::from_millis(250),
        max_retry_after: Duration::from_secs(2),
        use_retry_budget: true,
    };

    #[test]
    fn a_call_that_may_have_acted_is_repeated_only_when_safe() {
        assert_eq!(POLICY.next_delay(RetrySafety::Unsafe, Failure::MaybeApplied, 1, None, 1.0), None);
        assert!(POLICY.next_delay(RetrySafety::Idempotent, Failure::MaybeApplied, 1, None, 1.0).is_some());
        assert!(
            POLICY.next_delay(RetrySafety::TokenProtected, Failure::MaybeApplied, 1, None, 1.0).is_some()
        );
    }

    #[test]
    fn refused_and_throttled_calls_are_repeated_for_any_operation() {
        for failure in [Failure::NotSent, Failure::Throttled] {
            assert!(POLICY.next_delay(RetrySafety::Unsafe, failure, 1, None, 0.5).is_some(), "{failure:?}");
        }
        assert_eq!(POLICY.next_delay(RetrySafety::Idempotent, Failure::Permanent, 1, None, 0.5), None);
    }

    #[test]
    fn backoff_doubles_up_to_the_ceiling_and_attempts_run_out() {
        let full =
            |attempt| POLICY.next_delay(RetrySafety::Idempotent, Failure::MaybeApplied, attempt, None, 1.0);
        assert_eq!(full(1), Some(Duration::from_millis(100)));
        assert_eq!(full(2), Some(Duration::from_millis(200)));
        assert_eq!(full(3), Some(Duration::from_millis(250)));
        assert_eq!(full(4), None);
        let none = POLICY.next_delay(RetrySafety::Idempotent, Failure::MaybeApplied, 1, None, 0.0);
        assert_eq!(none, Some(Duration::ZERO));
    }

    #[test]
    fn retry_after_is_honoured_up_to_its_limit() {
        let wait = |secs| {
            POLICY.next_delay(
                RetrySafety::Unsafe,
                Failure::Throttled,
                1,
                Some(Duration::from_secs(secs)),
                0.5,
            )
        };
        assert_eq!(wait(1), Some(Duration::from_secs(1)));
        assert_eq!(wait(3), None);
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, "7".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        headers.insert(RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn sdk_retry_after_as_an_http_date_is_the_time_until_it() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap());
        let now = httpdate::parse_http_date("Wed, 21 Oct 2015 07:27:57 GMT").unwrap();
        assert_eq!(retry_after_at(&headers, now), Some(Duration::from_secs(3)));
        // The obsolete forms RFC 9110 still requires recipients to accept.
        headers.insert(RETRY_AFTER, "Wednesday, 21-Oct-15 07:28:00 GMT".parse().unwrap());
        assert_eq!(retry_after_at(&headers, now), Some(Duration::from_secs(3)));
        headers.insert(RETRY_AFTER, "Wed Oct 21 07:28:00 2015".parse().unwrap());
        assert_eq!(retry_after_at(&headers, now), Some(Duration::from_secs(3)));
        // A date in the past: retry now.
        let later = now + Duration::from_secs(60);
        assert_eq!(retry_after_at(&headers, later), Some(Duration::ZERO));
    }

    #[test]
    fn sdk_acs_retry_after_is_milliseconds_for_alibaba_protocols_only() {
        let mut headers = HeaderMap::new();
        headers.insert("x-acs-retry-after", " 1500 ".parse().unwrap());
        assert_eq!(retry_hint(Protocol::AcsRpc, &headers), Some(Duration::from_millis(1500)));
        assert_eq!(retry_hint(Protocol::PdsRoa, &headers), Some(Duration::from_millis(1500)));
        assert_eq!(retry_hint(Protocol::TencentJson, &headers), None, "not a Tencent header");
        headers.insert(RETRY_AFTER, "4".parse().unwrap());
        assert_eq!(retry_hint(Protocol::AcsRpc, &headers), Some(Duration::from_millis(1500)), "preferred");
        assert_eq!(retry_hint(Protocol::HuaweiRest, &headers), Some(Duration::from_secs(4)));
        for no_hint in ["0", "-1", "", "soon"] {
            headers.insert("x-acs-retry-after", no_hint.parse().unwrap());
            assert_eq!(retry_hint(Protocol::AcsRpc, &headers), Some(Duration::from_secs(4)), "{no_hint:?}");
        }
    }

    #[test]
    fn jitter_stays_in_range() {
        for _ in 0..1000 {
            let r = jitter();
            assert!((0.0..1.0).contains(&r), "{r}");
        }
    }
}
