//! Keeping a provider's credentials until shortly before they expire, and refreshing them with
//! one request however many calls need them at once.
//!
//! Expiry is tracked on tokio's monotonic clock: the wall-clock expiry a provider reports is
//! turned into an [`Instant`] when the credentials arrive, so a change of the system clock
//! cannot make credentials look fresh, and tests can drive time with tokio's paused clock.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use time::OffsetDateTime;
use tokio::time::Instant;

use super::CredentialsError;
use super::provider::{Expiring, ProvideCredentials};

/// How long before expiry credentials are refreshed by default: Tencent's SDK refreshes CVM
/// role credentials 300 s ahead (`CVMRoleCredential._expired_timeout` in
/// tencentcloud-sdk-python-common's `tencentcloud/common/credential.py`), since a signature
/// made with them may be checked up to five minutes after it was made.
pub const DEFAULT_REFRESH_AHEAD: Duration = Duration::from_secs(5 * 60);

/// After a refresh failed while the cached credentials were still valid, how long the cached
/// ones are used before the provider is asked again: without a pause, every call would wait on
/// a failing (maybe slow) metadata server in turn.
pub const RETRY_AFTER_FAILED_REFRESH: Duration = Duration::from_secs(10);

/// A provider's credentials, cached. Cheap to clone: clones share the cache, so one provider
/// can serve several clients with one refresh.
///
/// - Credentials are refreshed `refresh_ahead` before they expire (default
///   [`DEFAULT_REFRESH_AHEAD`]), but never before half their lifetime has passed, so short-lived
///   credentials are not fetched on every call.
/// - One refresh runs at a time: concurrent calls that need fresh credentials wait for it and
///   use its result (or its error) instead of asking the provider themselves.
/// - A failed refresh is an error only when the cached credentials have expired (or there are
///   none); while they are still valid they keep being used, and the provider is asked again
///   after [`RETRY_AFTER_FAILED_REFRESH`].
pub struct CredentialsCache<C> {
    shared: Arc<Shared<C>>,
}

struct Shared<C> {
    provider: Box<dyn ProvideCredentials<C>>,
    refresh_ahead: Duration,
    state: Mutex<State<C>>,
    /// Held for the duration of a refresh: the single refresh in flight.
    refreshing: tokio::sync::Mutex<()>,
}

struct State<C> {
    cached: Option<Cached<C>>,
    /// How many refreshes have finished (well or not): a caller that finds the count changed
    /// after waiting for the refresh lock knows a refresh ran while it waited.
    finished_refreshes: u64,
    /// Why the latest refresh failed, if it did (what callers that waited for it report).
    last_failure: Option<CredentialsError>,
    /// No refresh before this, after a failed one (the cached credentials are still valid).
    quiet_until: Option<Instant>,
}

struct Cached<C> {
    credentials: C,
    /// `None`: the credentials never expire.
    expires: Option<Instant>,
    refresh_at: Option<Instant>,
}

impl<C> Clone for CredentialsCache<C> {
    fn clone(&self) -> Self {
        Self { shared: Arc::clone(&self.shared) }
    }
}

impl<C> fmt::Debug for CredentialsCache<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsCache")
            .field("provider", &self.shared.provider)
            .field("refresh_ahead", &self.shared.refresh_ahead)
            .finish_non_exhaustive()
    }
}

impl<C: Clone + Send + 'static> CredentialsCache<C> {
    /// A cache in front of `provider`, refreshing [`DEFAULT_REFRESH_AHEAD`] before expiry.
    pub fn new(provider: impl ProvideCredentials<C> + 'static) -> Self {
        Self::with_refresh_ahead(provider, DEFAULT_REFRESH_AHEAD)
    }

    /// A cache in front of `provider`, refreshing `refresh_ahead` before expiry.
    pub fn with_refresh_ahead(
        provider: impl ProvideCredentials<C> + 'static,
        refresh_ahead: Duration,
    ) -> Self {
        Self {
            shared: Arc::new(Shared {
                provider: Box::new(provider),
                refresh_ahead,
                state: Mutex::new(State {
                    cached: None,
                    finished_refreshes: 0,
                    last_failure: None,
                    quiet_until: None,
                }),
                refreshing: tokio::sync::Mutex::new(()),
            }),
        }
    }

    /// How long before expiry the credentials are refreshed.
    pub fn refresh_ahead(&self) -> Duration {
        self.shared.refresh_ahead
    }

    /// Credentials to sign with now: the cached ones while they are fresh, else the result of
    /// one refresh shared by every caller that needs it.
    pub async fn credentials(&self) -> Result<C, CredentialsError> {
        let finished_before_waiting = {
            let state = self.state();
            if let Some(credentials) = state.usable_without_refresh(Instant::now()) {
                return Ok(credentials);
            }
            state.finished_refreshes
        };
        let _single_flight = self.shared.refreshing.lock().await;
        {
            let state = self.state();
            if let Some(credentials) = state.usable_without_refresh(Instant::now()) {
                return Ok(credentials);
            }
            // A refresh ran while this call waited, and failed with nothing valid cached: its
            // error is this call's too (asking again at once would most likely fail again).
            if state.finished_refreshes != finished_before_waiting
                && let Some(error) = &state.last_failure
            {
                return Err(error.shared());
            }
        }
        let fetched = self.shared.provider.provide().await;
        let now = Instant::now();
        let mut state = self.state();
        state.finished_refreshes += 1;
        match fetched {
            Ok(expiring) => {
                let credentials = expiring.credentials().clone();
                state.cached = Some(Cached::new(expiring, now, self.shared.refresh_ahead));
                state.last_failure = None;
                state.quiet_until = None;
                Ok(credentials)
            }
            Err(error) => {
                state.last_failure = Some(error.shared());
                match state.cached.as_ref().filter(|cached| cached.valid_at(now)) {
                    Some(cached) => {
                        tracing::warn!(
                            error = %error,
                            retry_in_s = RETRY_AFTER_FAILED_REFRESH.as_secs(),
                            "credential refresh failed; the cached credentials are still valid and stay in use"
                        );
                        let credentials = cached.credentials.clone();
                        state.quiet_until = Some(now + RETRY_AFTER_FAILED_REFRESH);
                        Ok(credentials)
                    }
                    None => Err(error),
                }
            }
        }
    }

    fn state(&self) -> MutexGuard<'_, State<C>> {
        // The state is consistent after every statement that changes it, so a panic elsewhere
        // while it was held leaves nothing half-done: use it anyway.
        self.shared.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl<C: Clone> State<C> {
    /// The cached credentials when no refresh is due: before the refresh point, or after a
    /// failed refresh, during the quiet period while they are still valid.
    fn usable_without_refresh(&self, now: Instant) -> Option<C> {
        let cached = self.cached.as_ref()?;
        let fresh = cached.refresh_at.is_none_or(|refresh_at| now < refresh_at);
        let resting = self.quiet_until.is_some_and(|quiet_until| now < quiet_until) && cached.valid_at(now);
        (fresh || resting).then(|| cached.credentials.clone())
    }
}

impl<C> Cached<C> {
    fn new(expiring: Expiring<C>, now: Instant, refresh_ahead: Duration) -> Self {
        let lifetime = expiring.expires_at().map(|expires_at| {
            let left = expires_at - OffsetDateTime::now_utc();
            // Already expired (or a skewed clock): zero, so they are refreshed on the next call.
            Duration::try_from(left).unwrap_or(Duration::ZERO)
        });
        let expires = lifetime.map(|lifetime| now + lifetime);
        let refresh_at = lifetime.map(|lifetime| {
            let ahead = refresh_ahead.min(lifetime / 2);
            now + (lifetime - ahead)
        });
        Self { credentials: expiring.into_credentials(), expires, refresh_at }
    }

    fn valid_at(&self, now: Instant) -> bool {
        self.expires.is_none_or(|expires| now < expires)
    }
}
