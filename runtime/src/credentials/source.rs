//! What the transport signs with: fixed credentials, or a cache in front of a provider, both
//! seen as one type so that each attempt asks for the credentials of the moment.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use super::CredentialsError;
use super::cache::CredentialsCache;
use super::provider::SigningCredentials;
use crate::protocol::AuthKind;
use crate::transport::Auth;

/// A cache of any credential type, yielding the transport's [`Auth`].
pub(crate) trait RefreshingAuth: fmt::Debug + Send + Sync {
    fn kind(&self) -> AuthKind;
    fn current(&self) -> Pin<Box<dyn Future<Output = Result<Auth, CredentialsError>> + Send + '_>>;
}

impl<C: SigningCredentials> RefreshingAuth for CredentialsCache<C> {
    fn kind(&self) -> AuthKind {
        C::KIND
    }

    fn current(&self) -> Pin<Box<dyn Future<Output = Result<Auth, CredentialsError>> + Send + '_>> {
        Box::pin(async move { self.credentials().await.map(Into::into) })
    }
}

/// The credentials a transport is configured with.
#[derive(Clone)]
pub(crate) enum CredentialSource {
    /// Given once, used for every request.
    /// Shared: a response keeps the credentials its call used, to scrub them from an error
    /// built later (see `redact::CallSecrets`), without copying them per call.
    Fixed(Arc<Auth>),
    /// Asked for at each attempt, refreshed before expiry.
    Refreshing(Arc<dyn RefreshingAuth>),
}

impl fmt::Debug for CredentialSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Fixed(auth) => fmt::Debug::fmt(auth, f),
            Self::Refreshing(cache) => fmt::Debug::fmt(cache, f),
        }
    }
}

impl CredentialSource {
    pub(crate) fn refreshing<C: SigningCredentials>(cache: CredentialsCache<C>) -> Self {
        Self::Refreshing(Arc::new(cache))
    }

    pub(crate) fn kind(&self) -> AuthKind {
        match self {
            Self::Fixed(auth) => auth.kind(),
            Self::Refreshing(cache) => cache.kind(),
        }
    }

    /// The credentials to sign the next attempt with.
    pub(crate) async fn current(&self) -> Result<Arc<Auth>, CredentialsError> {
        match self {
            Self::Fixed(auth) => Ok(Arc::clone(auth)),
            Self::Refreshing(cache) => cache.current().await.map(Arc::new),
        }
    }
}
