//! Client-side rate limiting from a spec's documented limit (Tencent: 20 requests per second for
//! each API), so a busy client slows down instead of collecting `RequestLimitExceeded` errors.
//!
//! One limiter per client, shared by its clones, with one schedule per operation (the vendors
//! state limits per API). The schedule is a sliding window: at a rate of `r` per second, `n =
//! max(1, floor(r))` calls may start together, and the next call starts once a window of `n / r`
//! seconds (one second for a whole rate) has passed since the call `n` places before it. So at
//! 20 requests per second, 20 concurrent calls start at once and the 21st waits for the first's
//! second to end: the burst the vendor allows is not spaced out, and no window of a second ever
//! holds more than the documented 20 (a token bucket refilled at `r` with room for `r` would let
//! up to `2r - 1` into one second, which a vendor counting per second refuses).
//!
//! Each call reserves its slot under a lock and sleeps until it, so callers are served in the
//! order they arrived.

use std::collections::{HashMap, VecDeque};
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
    schedules: Mutex<HashMap<&'static str, Window>>,
}

/// One operation's schedule: the start times reserved for its last `burst` calls, oldest first.
#[derive(Debug, Default)]
struct Window {
    starts: VecDeque<Instant>,
}

impl Window {
    /// Reserves the earliest start at or after `now` that keeps at most `burst` starts in any
    /// `span`, and returns it.
    fn reserve(&mut self, now: Instant, burst: usize, span: Duration) -> Instant {
        // Starts are reserved in order, so only the last `burst` matter.
        while self.starts.len() > burst {
            self.starts.pop_front();
        }
        let mut start = self.starts.back().map_or(now, |last| (*last).max(now));
        if self.starts.len() == burst
            && let Some(oldest) = self.starts.pop_front()
        {
            start = start.max(oldest + span);
        }
        self.starts.push_back(start);
        start
    }
}

/// The burst `n` and window `n / rate` of a positive, finite rate (see the module comment).
fn burst_and_span(rate: f64) -> (usize, Duration) {
    let burst = rate.floor().clamp(1.0, u16::MAX as f64);
    (burst as usize, Duration::from_secs_f64(burst / rate))
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
        let (burst, span) = burst_and_span(rate);
        let now = Instant::now();
        let slot = {
            let mut schedules = self.schedules.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            schedules.entry(action).or_default().reserve(now, burst, span)
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
    async fn calls_keep_to_the_documented_rate() {
        let limiter = RateLimiter::default();
        let start = Instant::now();
        for _ in 0..41 {
            limiter.acquire(RateLimit::Documented, "CreateCodeFile", Some(20.0)).await;
        }
        // 41 calls at 20/s: 20 at 0 s, 20 at 1 s, the 41st at 2 s.
        assert_eq!(start.elapsed(), Duration::from_secs(2));
    }

    #[tokio::test(start_paused = true)]
    async fn sdk_rate_limit_burst_starts_at_once_and_the_21st_waits_for_the_second() {
        let limiter = std::sync::Arc::new(RateLimiter::default());
        let start = Instant::now();
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..5 {
            let limiter = std::sync::Arc::clone(&limiter);
            tasks.spawn(async move {
                limiter.acquire(RateLimit::Documented, "CreateCodeFile", Some(20.0)).await;
                start.elapsed()
            });
        }
        while let Some(started) = tasks.join_next().await {
            assert_eq!(started.unwrap(), Duration::ZERO, "five concurrent calls at 20/s all start at t=0");
        }
        for _ in 5..20 {
            limiter.acquire(RateLimit::Documented, "CreateCodeFile", Some(20.0)).await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO, "20 calls fit in the first second");
        let waited = limiter.acquire(RateLimit::Documented, "CreateCodeFile", Some(20.0)).await;
        assert_eq!(waited, Duration::from_secs(1), "the 21st waits for the first call's second to end");
        assert_eq!(start.elapsed(), Duration::from_secs(1));
    }

    #[tokio::test(start_paused = true)]
    async fn sdk_rate_limit_no_second_ever_holds_more_than_the_rate() {
        // Calls arriving at uneven times, 3 per second allowed.
        let limiter = RateLimiter::default();
        let start = Instant::now();
        let mut starts = Vec::new();
        for gap_ms in [0, 0, 100, 900, 50, 0, 0, 2000, 10, 10, 10, 10] {
            tokio::time::sleep(Duration::from_millis(gap_ms)).await;
            limiter.acquire(RateLimit::PerSecond(3.0), "A", None).await;
            starts.push(start.elapsed());
        }
        for (i, first) in starts.iter().enumerate() {
            let in_window = starts[i..].iter().filter(|s| **s < *first + Duration::from_secs(1)).count();
            assert!(in_window <= 3, "{in_window} calls in the second from {first:?}: {starts:?}");
        }
        assert_eq!(&starts[..3], &[Duration::ZERO, Duration::ZERO, Duration::from_millis(100)]);
    }

    #[tokio::test(start_paused = true)]
    async fn sdk_rate_limit_fractional_rates_keep_their_average() {
        let limiter = RateLimiter::default();
        let start = Instant::now();
        for _ in 0..3 {
            limiter.acquire(RateLimit::PerSecond(0.5), "A", None).await;
        }
        // One call per two seconds.
        assert_eq!(start.elapsed(), Duration::from_secs(4));
        assert_eq!(burst_and_span(2.5), (2, Duration::from_millis(800)));
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
