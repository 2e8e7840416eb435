//! Where credentials come from at run time: the provider trait, and the credentials it yields
//! with the time they stop working.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use time::OffsetDateTime;

use super::{
    AlibabaCredentials, BearerToken, CredentialsError, HuaweiAkSk, HuaweiToken, OciCredentials,
    TencentCredentials,
};
use crate::protocol::AuthKind;
use crate::transport::Auth;

/// Credentials and, for temporary ones, the moment they expire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expiring<C> {
    credentials: C,
    expires_at: Option<OffsetDateTime>,
}

impl<C> Expiring<C> {
    /// Credentials that do not expire (long-term keys).
    pub fn never(credentials: C) -> Self {
        Self { credentials, expires_at: None }
    }

    /// Credentials that stop working at `expires_at`.
    pub fn until(credentials: C, expires_at: OffsetDateTime) -> Self {
        Self { credentials, expires_at: Some(expires_at) }
    }

    pub fn credentials(&self) -> &C {
        &self.credentials
    }

    pub fn expires_at(&self) -> Option<OffsetDateTime> {
        self.expires_at
    }

    pub fn into_credentials(self) -> C {
        self.credentials
    }
}

/// What [`ProvideCredentials::provide`] returns: a boxed future, so that the trait can be used
/// as `dyn ProvideCredentials<C>`.
pub type ProvideFuture<'a, C> =
    Pin<Box<dyn Future<Output = Result<Expiring<C>, CredentialsError>> + Send + 'a>>;

/// A source of credentials of type `C` (one of the credential types of this module), asked
/// again whenever the credentials it gave are about to expire. Callers do not call it per
/// request: [`CredentialsCache`](super::CredentialsCache) keeps what it returned and asks
/// again shortly before expiry, one request at a time.
///
/// Its `Debug` output must not contain secrets (it is part of the client's `Debug`).
pub trait ProvideCredentials<C>: fmt::Debug + Send + Sync {
    /// Fresh credentials, or a [`CredentialsError`] saying why there are none.
    fn provide(&self) -> ProvideFuture<'_, C>;
}

mod sealed {
    pub trait Sealed {}
}

/// A credential type the transport can sign with: one of the types of this module.
pub trait SigningCredentials:
    sealed::Sealed + Clone + fmt::Debug + Send + Sync + Into<Auth> + 'static
{
    /// The signing scheme these credentials are for.
    const KIND: AuthKind;
}

/// Fixed credentials are a provider whose credentials never expire.
macro_rules! fixed_credentials {
    ($($ty:ty => $kind:ident),* $(,)?) => {
        $(
            impl sealed::Sealed for $ty {}

            impl SigningCredentials for $ty {
                const KIND: AuthKind = AuthKind::$kind;
            }

            impl ProvideCredentials<$ty> for $ty {
                fn provide(&self) -> ProvideFuture<'_, $ty> {
                    Box::pin(std::future::ready(Ok(Expiring::never(self.clone()))))
                }
            }
        )*
    };
}
fixed_credentials!(
    TencentCredentials => Tc3HmacSha256,
    AlibabaCredentials => Acs3HmacSha256,
    OciCredentials => OciRsaSha256,
    HuaweiToken => HuaweiIamToken,
    HuaweiAkSk => HuaweiAkSk,
    BearerToken => BearerToken,
);
