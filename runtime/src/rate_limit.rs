//! Client-side rate limiting from a spec's documented limit (Tencent: 20 requests per second for
//! each API), so a busy client slows down instead of collecting `RequestLimitExceeded` errors.
//!
//! One limiter per client, shared by its clones, with one schedule per operation (the vendors
//! state limits per API). Each call reserves the next free slot and sleeps until it: slots are
//! `1 / rate` apart, so no one-second window ever holds more than `rate` calls, and callers are
//! served in the order they arrived.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// How a client applies the documented limits.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum RateLimit {
    /// Each operation's documented limit (none for operations without one). The default.
    #[default]
    Documented,
    /// This many requests per second for every operation, whatever the spec says.
    PerSecond(f64),
    /// No client-side limit.
    Off,
}

impl RateLimit {
    fn rate_for(self, documented: Option<f64>) -> Option<f64> {
        match self {
            RateLimit::Documented => documented,
            RateLimit::PerSecond(rate) => Some(rate),
            RateLimit::Off => None,
        }
        .filter(|rate| *rate > 0.0 && rate.is_finite())
    }
}

/// The schedules of one client.
#[derive(Debug, Default)]
pub(crate) struct RateLimiter {
    next_free: Mutex<HashMap<&'static str, Instant>>,
}

impl RateLimiter {
    /// Waits for operation `action`'s next slot; returns how long it waited.
    pub(crate) async fn acquire(
        &self,
        mode: RateLimit,
        action: &'static str,
        documented: Option<f64>,
    ) -> Duration {
        let Some(rate) = mode.rate_for(documented) else { return Duration::ZERO };
        let spacing = Duration::from_secs_f64(1.0 / rate);
        let now = Instant::now();
        let slot = {
            let mut schedule = self.next_free.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            let next = schedule.entry(action).or_insert(now);
            let slot = (*next).max(now);
            *next = slot + spacing;
            slot
        };
        let wait = slot - now;
        if !wait.is_zero() {
            tokio::time::sleep_until(slot).await;
        }
        wait
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn calls_are_spaced_by_the_documented_rate() {
        let limiter = RateLimiter::default();
        let start = Instant::now();
        for _ in 0..41 {
            limiter.acquire(RateLimit::Documented, "CreateCodeFile", Some(20.0)).await;
        }
        // 41 calls at 20/s: the 41st goes out 2 s after the first.
        assert_eq!(start.elapsed(), Duration::from_secs(2));
    }

    #[tokio::test(start_paused = true)]
    async fn operations_have_their_own_schedules_and_off_means_off() {
        let limiter = RateLimiter::default();
        let start = Instant::now();
        limiter.acquire(RateLimit::Documented, "A", Some(1.0)).await;
        limiter.acquire(RateLimit::Documented, "B", Some(1.0)).await;
        assert_eq!(start.elapsed(), Duration::ZERO);
        for _ in 0..100 {
            limiter.acquire(RateLimit::Off, "A", Some(1.0)).await;
            limiter.acquire(RateLimit::Documented, "C", None).await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO);
    }
}
