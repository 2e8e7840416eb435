//! The parts of every service's client that do not depend on the service, written once as
//! macros: the generated crate carries one line per service for the client, and one line per
//! operation for the `Api` trait and the mock, instead of sixty and fifty.

/// Declares `Client` and `ClientBuilder` for the service described by the `ServiceInfo` static
/// `$service`, with `$doc` as the client's documentation. The generated module adds the
/// service-specific builder methods (one per accepted credential kind, region, endpoint
/// placeholders) and one method per operation.
#[macro_export]
macro_rules! service_client {
    ($service:path, $doc:literal) => {
        #[doc = $doc]
        ///
        /// Cheap to clone: clones share one connection pool.
        #[derive(Debug, Clone)]
        pub struct Client {
            transport: $crate::Transport,
        }

        impl Client {
            /// Starts configuring a client.
            pub fn builder() -> ClientBuilder {
                ClientBuilder($crate::ClientBuilder::new(&$service))
            }

            /// A client with credentials and region from the vendor's usual environment
            /// variables (and config file, where the vendor has one).
            pub fn from_env() -> ::std::result::Result<Self, $crate::ConfigError> {
                ClientBuilder($crate::ClientBuilder::from_env(&$service)?).build()
            }

            /// The configured transport (endpoint, credentials, connection pool).
            pub fn transport(&self) -> &$crate::Transport {
                &self.transport
            }

            /// This client with another retry policy, for one call or a group of calls; it
            /// shares the connection pool and rate-limit schedule.
            pub fn with_retry(&self, policy: $crate::RetryPolicy) -> Self {
                Client { transport: self.transport.with_retry(policy) }
            }

            /// This client with another rate-limit mode, sharing everything else.
            pub fn with_rate_limit(&self, rate_limit: $crate::RateLimit) -> Self {
                Client { transport: self.transport.with_rate_limit(rate_limit) }
            }
        }

        /// Configures a [`Client`].
        #[derive(Debug)]
        pub struct ClientBuilder($crate::ClientBuilder);

        impl ClientBuilder {
            /// Sends requests to this base URL instead of the service's endpoint (tests,
            /// private endpoints, proxies).
            pub fn endpoint(self, url: impl Into<String>) -> Self {
                ClientBuilder(self.0.endpoint(url))
            }

            /// Credentials from `provider` (instance metadata such as
            /// [`TencentCvmRole`]($crate::credentials::TencentCvmRole), or your own), cached and
            /// refreshed before they expire. Its credential type must be one the service accepts.
            pub fn credentials_provider<C: $crate::credentials::SigningCredentials>(
                self,
                provider: impl $crate::credentials::ProvideCredentials<C> + 'static,
            ) -> Self {
                ClientBuilder(self.0.credentials_provider(provider))
            }

            /// Credentials from a shared [`CredentialsCache`]($crate::credentials::CredentialsCache):
            /// clients given clones of one cache share its credentials and its refreshes.
            pub fn credentials_cache<C: $crate::credentials::SigningCredentials>(
                self,
                cache: $crate::credentials::CredentialsCache<C>,
            ) -> Self {
                ClientBuilder(self.0.credentials_cache(cache))
            }

            /// Accepts an `http://` endpoint (tests, local fakes on loopback); without it an
            /// `http://` endpoint is refused, since credentials would travel unencrypted.
            pub fn allow_insecure_http(self) -> Self {
                ClientBuilder(self.0.allow_insecure_http())
            }

            /// Trusts `certificate` as a TLS root besides the system's (a private endpoint's
            /// certificate authority).
            pub fn add_root_certificate(self, certificate: $crate::reqwest::Certificate) -> Self {
                ClientBuilder(self.0.add_root_certificate(certificate))
            }

            /// Shares an existing HTTP client and its connection pool. Build it with
            /// `redirect(reqwest::redirect::Policy::none())`: redirects must not be followed.
            pub fn http_client(self, client: $crate::reqwest::Client) -> Self {
                ClientBuilder(self.0.http_client(client))
            }

            /// Time one attempt may take (default [`DEFAULT_TIMEOUT`]($crate::DEFAULT_TIMEOUT)).
            pub fn timeout(self, timeout: ::std::time::Duration) -> Self {
                ClientBuilder(self.0.timeout(timeout))
            }

            /// The longest silence while a response is awaited or read (default
            /// [`DEFAULT_READ_TIMEOUT`]($crate::DEFAULT_READ_TIMEOUT)).
            pub fn read_timeout(self, timeout: ::std::time::Duration) -> Self {
                ClientBuilder(self.0.read_timeout(timeout))
            }

            /// The largest response body accepted (default
            /// [`DEFAULT_MAX_RESPONSE_BYTES`]($crate::DEFAULT_MAX_RESPONSE_BYTES)).
            pub fn max_response_bytes(self, limit: usize) -> Self {
                ClientBuilder(self.0.max_response_bytes(limit))
            }

            /// When and how often failed attempts are repeated.
            pub fn retry(self, policy: $crate::RetryPolicy) -> Self {
                ClientBuilder(self.0.retry(policy))
            }

            /// Client-side rate limiting (default: each operation's documented limit).
            pub fn rate_limit(self, rate_limit: $crate::RateLimit) -> Self {
                ClientBuilder(self.0.rate_limit(rate_limit))
            }

            /// Connect timeout (default
            /// [`DEFAULT_CONNECT_TIMEOUT`]($crate::DEFAULT_CONNECT_TIMEOUT)).
            pub fn connect_timeout(self, timeout: ::std::time::Duration) -> Self {
                ClientBuilder(self.0.connect_timeout(timeout))
            }

            /// Checks the configuration: credentials of an accepted kind, a complete endpoint.
            pub fn build(self) -> ::std::result::Result<Client, $crate::ConfigError> {
                Ok(Client { transport: self.0.build()? })
            }
        }
    };
}

/// Declares the service-independent part of a service's `MockClient` (cargo feature `mock` of
/// the generated crate): the struct, `new` and `calls`. The generated module adds one typed
/// `on_<operation>` stub setter and one `Api` method per operation.
#[macro_export]
macro_rules! mock_client {
    () => {
        /// A stand-in for [`Client`] in tests (cargo feature `mock`): no network, typed stubs.
        ///
        /// Requests are validated exactly as the real client validates them; a call of an
        /// operation with no stub is a transport error naming it; [`MockClient::calls`] lists
        /// the operations called, in order. Write the code under test against [`Api`], then
        /// stub each operation it calls with its `on_<operation>` method.
        #[cfg(feature = "mock")]
        #[derive(Debug, Clone, Default)]
        pub struct MockClient {
            stubs: ::std::sync::Arc<$crate::mock::Stubs>,
        }

        #[cfg(feature = "mock")]
        impl MockClient {
            /// A mock with no stub yet.
            pub fn new() -> Self {
                Self::default()
            }

            /// The operations called so far (wire names), in order; a request that failed
            /// validation was never a call.
            pub fn calls(&self) -> ::std::vec::Vec<&'static str> {
                self.stubs.calls()
            }
        }
    };
}

/// Declares a service's `Api` trait, implements it for `Client`, and (cargo feature `mock` of the
/// generated crate) declares `MockClient` with one typed stub setter per operation and its own
/// `Api` impl. One line per operation:
///
/// ```text
/// method, stub_setter, "WireName": Request => Response, ErrorCode;
/// ```
///
/// `Client` must already have an inherent `async fn method(&self, &Request)`; the generated
/// operation files provide it.
#[macro_export]
macro_rules! service_api {
    ($($method:ident, $stub:ident, $wire:literal: $input:ident => $output:ident, $error:ident;)*) => {
        /// The operations of this service as a trait, implemented by [`Client`] (and, with the
        /// `mock` cargo feature, by `MockClient`): code written against `impl Api` can be tested
        /// without a network.
        pub trait Api {
            $(
                #[doc = concat!("See [`Client::", stringify!($method), "`].")]
                fn $method(
                    &self,
                    request: &$input,
                ) -> impl ::std::future::Future<
                    Output = ::std::result::Result<$output, $crate::Error<$error>>,
                > + Send;
            )*
        }

        impl Api for Client {
            $(
                fn $method(
                    &self,
                    request: &$input,
                ) -> impl ::std::future::Future<
                    Output = ::std::result::Result<$output, $crate::Error<$error>>,
                > + Send {
                    Client::$method(self, request)
                }
            )*
        }

        $crate::mock_client!();

        #[cfg(feature = "mock")]
        impl MockClient {
            $(
                #[doc = concat!(
                    "Answers `", stringify!($method), "` calls with `handler` (replacing an earlier stub)."
                )]
                pub fn $stub(
                    self,
                    handler: impl Fn(&$input) -> ::std::result::Result<$output, $crate::Error<$error>>
                        + Send
                        + Sync
                        + 'static,
                ) -> Self {
                    self.stubs.set($wire, handler);
                    self
                }
            )*
        }

        #[cfg(feature = "mock")]
        impl Api for MockClient {
            $(
                fn $method(
                    &self,
                    request: &$input,
                ) -> impl ::std::future::Future<
                    Output = ::std::result::Result<$output, $crate::Error<$error>>,
                > + Send {
                    // Validated exactly as the real client validates, so a test cannot pass
                    // with a request the real client would refuse.
                    let answer = match $crate::Validate::validate(request) {
                        Ok(()) => self.stubs.call($wire, request),
                        Err(invalid) => Err(invalid.into()),
                    };
                    ::std::future::ready(answer)
                }
            )*
        }
    };
}
