//! The client side of every generated service: configuration, and the one non-generic send path
//! that lays a [`Call`] out for its protocol, signs it, sends it and sorts the answer into a
//! [`Response`] or an [`Error`].

use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use bytes::Bytes;
use reqwest::Url;
use time::OffsetDateTime;
use tracing::Instrument;

use crate::body::{PendingBody, UploadBody};
use crate::call::{Body, Call};
use crate::call_options::CallOptions;
use crate::credentials::chain;
use crate::credentials::{
    AlibabaCredentials, BearerToken, CredentialSource, CredentialsCache, HuaweiAkSk, HuaweiToken,
    OciCredentials, ProvideCredentials, SigningCredentials, TencentCredentials,
};
use crate::endpoint;
use crate::envelope::parse_error;
use crate::error::{
    ConfigError, DecodeError, EncodeError, Error, RedirectError, TimeoutError, TransportError,
    TransportStage, snippet,
};
use crate::interceptor::{Interceptor, Interceptors, OutgoingRequest, ResponseInfo, is_reserved_header};
use crate::presigned::PresignedClient;
use crate::protocol::{AuthKind, Protocol, ServiceInfo};
use crate::rate_limit::{RateLimit, RateLimiter};
use crate::redact::CallSecrets;
use crate::response::Response;
use crate::retry::{Failure, RetryPolicy, jitter, retry_hint};
use crate::retry_budget::RetryBudget;
use crate::retry_codes;
use crate::sign::{self, RequestParts};
use crate::upload_silence::{Progress, Silent};

/// How long to wait for a TCP/TLS connection before giving up.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one attempt (sending, waiting, reading the body) may take.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// How long the connection may stay silent while a response is awaited or read.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(30);
/// The largest response body read; a larger one is a decode error, not an out-of-memory.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// Sent with every request, so a vendor's support can tell which client made a call.
const USER_AGENT: &str = concat!("cloudspec-runtime/", env!("CARGO_PKG_VERSION"));

/// Credentials of any supported scheme; a service accepts the kinds its spec lists.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Auth {
    Tencent(TencentCredentials),
    Alibaba(AlibabaCredentials),
    Oci(OciCredentials),
    HuaweiToken(HuaweiToken),
    HuaweiAkSk(HuaweiAkSk),
    Bearer(BearerToken),
}

impl Auth {
    pub(crate) fn kind(&self) -> AuthKind {
        match self {
            Auth::Tencent(_) => AuthKind::Tc3HmacSha256,
            Auth::Alibaba(_) => AuthKind::Acs3HmacSha256,
            Auth::Oci(_) => AuthKind::OciRsaSha256,
            Auth::HuaweiToken(_) => AuthKind::HuaweiIamToken,
            Auth::HuaweiAkSk(_) => AuthKind::HuaweiAkSk,
            Auth::Bearer(_) => AuthKind::BearerToken,
        }
    }
}

macro_rules! auth_from {
    ($($variant:ident($ty:ty)),* $(,)?) => {
        $(impl From<$ty> for Auth {
            fn from(credentials: $ty) -> Self {
                Auth::$variant(credentials)
            }
        })*
    };
}
auth_from!(
    Tencent(TencentCredentials),
    Alibaba(AlibabaCredentials),
    Oci(OciCredentials),
    HuaweiToken(HuaweiToken),
    HuaweiAkSk(HuaweiAkSk),
    Bearer(BearerToken),
);

/// Builds a [`Transport`] for one service. Generated `ClientBuilder`s wrap this one.
#[derive(Debug)]
pub struct ClientBuilder {
    service: &'static ServiceInfo,
    auth: Option<CredentialSource>,
    region: Option<String>,
    endpoint: Option<String>,
    params: Vec<(String, String)>,
    http: Option<reqwest::Client>,
    connect_timeout: Duration,
    read_timeout: Duration,
    timeout: Duration,
    max_response_bytes: usize,
    retry: RetryPolicy,
    rate_limit: RateLimit,
    allow_insecure_http: bool,
    root_certificates: Vec<reqwest::Certificate>,
    interceptors: Interceptors,
}

impl ClientBuilder {
    pub fn new(service: &'static ServiceInfo) -> Self {
        ClientBuilder {
            service,
            auth: None,
            region: None,
            endpoint: None,
            params: Vec::new(),
            http: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            read_timeout: DEFAULT_READ_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            retry: RetryPolicy::default(),
            rate_limit: RateLimit::default(),
            allow_insecure_http: false,
            root_certificates: Vec::new(),
            interceptors: Interceptors::default(),
        }
    }

    /// Credentials; the kind must be one the service accepts (checked by `build`).
    pub fn auth(mut self, auth: impl Into<Auth>) -> Self {
        self.auth = Some(CredentialSource::Fixed(Arc::new(auth.into())));
        self
    }

    /// Credentials from `provider` (instance metadata, or one of your own), cached and
    /// refreshed [`DEFAULT_REFRESH_AHEAD`](crate::credentials::DEFAULT_REFRESH_AHEAD) before
    /// they expire; each attempt is signed with the credentials of the moment.
    pub fn credentials_provider<C: SigningCredentials>(
        self,
        provider: impl ProvideCredentials<C> + 'static,
    ) -> Self {
        self.credentials_cache(CredentialsCache::new(provider))
    }

    /// Credentials from `cache` (its own refresh margin; shared by every client given a clone).
    pub fn credentials_cache<C: SigningCredentials>(mut self, cache: CredentialsCache<C>) -> Self {
        self.auth = Some(CredentialSource::refreshing(cache));
        self
    }

    /// The region: fills `{region}` in the endpoint template and, for Tencent, `X-TC-Region`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Fills another `{name}` placeholder of the endpoint template (PDS `{domain_id}`).
    pub fn endpoint_param(mut self, name: &str, value: impl Into<String>) -> Self {
        self.params.push((name.to_owned(), value.into()));
        self
    }

    /// Sends every request to this base URL instead of the template's (tests, private endpoints).
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// Accepts an `http://` endpoint. Without it `build` refuses one: over plain HTTP the
    /// signatures and tokens of every request can be read and replayed by anyone on the path.
    /// Meant for tests and local fakes on loopback.
    pub fn allow_insecure_http(mut self) -> Self {
        self.allow_insecure_http = true;
        self
    }

    /// Trusts `certificate` as a root for TLS, besides the system's roots: a private endpoint
    /// behind a private certificate authority (and HTTPS test servers). Applies to the HTTP
    /// client this builder creates, not to one given with [`ClientBuilder::http_client`].
    pub fn add_root_certificate(mut self, certificate: reqwest::Certificate) -> Self {
        self.root_certificates.push(certificate);
        self
    }

    /// Shares an existing HTTP client (and its connection pool). Its own timeouts apply in
    /// addition to this builder's total timeout. Build it with
    /// `redirect(reqwest::redirect::Policy::none())`: a client that follows redirects sends the
    /// credentials wherever a redirect points before the transport sees the answer (the
    /// transport still refuses such an answer, as a [`Error::Redirect`]).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Connect timeout for the HTTP client this builder creates (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Read timeout for the HTTP client this builder creates: the longest silence while a
    /// response is awaited or read (default 30 s).
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = timeout;
        self
    }

    /// Time one attempt may take, from sending to the end of the body (default 60 s). A call
    /// with retries takes at most `max_attempts` times this plus the backoff waits.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The largest response body accepted (default 16 MiB).
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// When and how often failed attempts are repeated (default [`RetryPolicy::default`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Client-side rate limiting (default: each operation's documented limit).
    pub fn rate_limit(mut self, rate_limit: RateLimit) -> Self {
        self.rate_limit = rate_limit;
        self
    }

    /// Adds `interceptor` after those already added: its hooks run, in that order, on every
    /// attempt of every call, before signing and after the response (see [`Interceptor`]). It
    /// never sees a credential or a signature: signing happens after it.
    pub fn interceptor(mut self, interceptor: impl Interceptor + 'static) -> Self {
        self.interceptors.push(Arc::new(interceptor));
        self
    }

    /// Credentials and region from the vendor's default chain (environment variables, then the
    /// vendor's config files: `~/.tencentcloud/credentials`, `~/.alibabacloud/credentials` and
    /// `~/.aliyun/config.json`, `~/.oci/config`), trying the service's schemes in the spec's
    /// order. The error lists every source tried.
    ///
    /// Temporary credentials join the chains where the vendors' own chains have them, and are
    /// refreshed before they expire: Alibaba RRSA (`ALIBABA_CLOUD_ROLE_ARN`,
    /// `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`, `ALIBABA_CLOUD_OIDC_TOKEN_FILE`) after the environment,
    /// and the ECS RAM role (`ALIBABA_CLOUD_ECS_METADATA`, or a profile of `type = ecs_ram_role`)
    /// after the files; Tencent's CVM role (`TENCENTCLOUD_CVM_ROLE_NAME`) and TKE OIDC (`TKE_*`)
    /// after the files; Huawei's ECS metadata (`HUAWEICLOUD_ECS_METADATA=true`) after the
    /// environment. Building the client sends nothing: they are asked at the first call.
    ///
    /// Assuming a role with STS is not part of the chains (the role and session are the
    /// caller's choice): the `cloudspec-sts` crate's `TencentAssumeRole` and `AlibabaAssumeRole`
    /// are providers for [`ClientBuilder::credentials_provider`].
    pub fn from_env(service: &'static ServiceInfo) -> Result<Self, ConfigError> {
        Self::from_env_with(service, |name| std::env::var(name).ok())
    }

    /// [`ClientBuilder::from_env`] with the variables looked up by `lookup`.
    pub fn from_env_with(
        service: &'static ServiceInfo,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let mut builder = ClientBuilder::new(service);
        let mut tried = Vec::new();
        for kind in service.auth {
            let found = match kind {
                AuthKind::Tc3HmacSha256 => chain::tencent(&lookup),
                AuthKind::Acs3HmacSha256 => chain::alibaba(&lookup),
                AuthKind::OciRsaSha256 => OciCredentials::from_env_with(&lookup).map(chain::fixed),
                AuthKind::HuaweiIamToken => HuaweiToken::from_env_with(&lookup).map(chain::fixed),
                AuthKind::HuaweiAkSk => chain::huawei_aksk(&lookup),
                AuthKind::BearerToken => BearerToken::from_env_with(&lookup).map(chain::fixed),
            };
            match found {
                Ok(auth) => {
                    builder.auth = Some(auth);
                    break;
                }
                Err(error) => tried.push(format!("{}: {error}", kind.name())),
            }
        }
        if builder.auth.is_none() {
            return Err(ConfigError::MissingCredentials { service: service.name, detail: tried.join("; ") });
        }
        let region_variable = match service.protocol {
            Protocol::TencentJson => "TENCENTCLOUD_REGION",
            Protocol::OciRest => "OCI_REGION",
            Protocol::HuaweiRest => "HUAWEICLOUD_SDK_REGION",
            Protocol::PdsRoa | Protocol::AcsRpc => "ALIBABA_CLOUD_REGION_ID",
        };
        builder.region = lookup(region_variable);
        if builder.region.is_none() {
            let fixed_auth = match &builder.auth {
                Some(CredentialSource::Fixed(auth)) => Some(&**auth),
                _ => None,
            };
            builder.region = match (fixed_auth, service.protocol) {
                (Some(Auth::Oci(credentials)), _) => credentials.region().map(str::to_owned),
                // The `aliyun` CLI profile's region (the variable was read just above). Not for
                // PDS, whose endpoint is named by its domain.
                (_, Protocol::AcsRpc) => AlibabaCredentials::default_region_with(&lookup)
                    .map_err(|error| ConfigError::ConfigFile(error.to_string()))?,
                _ => None,
            };
        }
        if service.protocol == Protocol::PdsRoa
            && let Some(domain) = lookup("ALIBABA_CLOUD_PDS_DOMAIN_ID")
        {
            builder.params.push(("domain_id".to_owned(), domain));
        }
        Ok(builder)
    }

    pub fn build(self) -> Result<Transport, ConfigError> {
        let service = self.service;
        let auth = self.auth.ok_or_else(|| ConfigError::MissingCredentials {
            service: service.name,
            detail: "none were given to the client builder".to_owned(),
        })?;
        if !service.auth.contains(&auth.kind()) {
            return Err(ConfigError::WrongCredentials {
                service: service.name,
                given: auth.kind().name(),
                accepted: service.auth.iter().map(|k| k.name()).collect(),
            });
        }
        let base = match &self.endpoint {
            Some(url) => endpoint::parse(url)?,
            None => {
                let mut params = Vec::new();
                if let Some(region) = &self.region {
                    params.push(("region".to_owned(), region.clone()));
                }
                params.extend(self.params);
                endpoint::resolve(service, &params)?
            }
        };
        if base.scheme() == "http" && !self.allow_insecure_http {
            return Err(ConfigError::InvalidEndpoint {
                endpoint: base.to_string(),
                reason: "plain http would send the credentials unencrypted; use https, or call \
                         `allow_insecure_http()` on the builder (tests, loopback)"
                    .to_owned(),
            });
        }
        let presigned_roots = self.root_certificates.clone();
        let own_http = self.http.is_none();
        let http = match self.http {
            Some(client) => client,
            None => crate::http_client::builder(&self.root_certificates, self.connect_timeout)
                .read_timeout(self.read_timeout)
                .build()
                .map_err(|e| ConfigError::Http(e.to_string()))?,
        };
        Ok(Transport {
            inner: Arc::new(Inner {
                service,
                auth,
                region: self.region,
                base,
                http,
                timeout: self.timeout,
                max_response_bytes: self.max_response_bytes,
                limiter: RateLimiter::default(),
                presigned: PresignedSettings {
                    allow_insecure_http: self.allow_insecure_http,
                    connect_timeout: self.connect_timeout,
                    read_timeout: self.read_timeout,
                    root_certificates: presigned_roots,
                },
                presigned_client: OnceLock::new(),
                own_http,
                budget: RetryBudget::default(),
                interceptors: self.interceptors,
            }),
            retry: self.retry,
            rate_limit: self.rate_limit,
            timeout: None,
            extra_headers: None,
        })
    }
}

/// A configured connection to one service; cheap to clone (clones share the connection pool,
/// the rate-limit schedule and the retry budget).
#[derive(Clone)]
pub struct Transport {
    inner: Arc<Inner>,
    retry: RetryPolicy,
    rate_limit: RateLimit,
    /// A per-call override of the client's attempt timeout.
    timeout: Option<Duration>,
    /// Per-call headers, already checked against the reserved ones.
    extra_headers: Option<Arc<[(String, String)]>>,
}

struct Inner {
    service: &'static ServiceInfo,
    auth: CredentialSource,
    region: Option<String>,
    base: Url,
    http: reqwest::Client,
    timeout: Duration,
    max_response_bytes: usize,
    limiter: RateLimiter,
    /// What a presigned client handed out by this transport inherits.
    presigned: PresignedSettings,
    /// The presigned client once built: handed out again, so the parts of an upload share its
    /// connection pool (and the TLS setup is paid once).
    presigned_client: OnceLock<PresignedClient>,
    /// Whether `http` is the transport's own (not the user's `http_client`): only then does a
    /// streamed body go through the presigned client's upload client, bounded by silence.
    own_http: bool,
    /// Shared by every call and clone, whatever retry policy a call overrides.
    budget: RetryBudget,
    interceptors: Interceptors,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("Transport")
            .field("service", &inner.service.name)
            .field("endpoint", &inner.base.as_str())
            .field("region", &inner.region)
            .field("auth", &inner.auth)
            .field("retry", &self.retry)
            .field("rate_limit", &self.rate_limit)
            .field("timeout", &self.timeout.unwrap_or(inner.timeout))
            .field("interceptors", &inner.interceptors)
            .finish_non_exhaustive()
    }
}

/// The request as it goes on the wire, after protocol layout.
struct Wire {
    method: &'static str,
    /// `method` as reqwest takes it, parsed once for every attempt.
    http_method: reqwest::Method,
    /// `headers` as reqwest takes them: built with the wire form and handed to the first
    /// attempt; a retry (rare) builds them again rather than every call copying them.
    header_map: Option<reqwest::header::HeaderMap>,
    url: Url,
    host: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Bytes,
    /// A streamed body, sent instead of `body` (which is then empty).
    upload: Option<UploadBody>,
    /// A successful answer's body is handed over unread, up to this many bytes.
    download_limit: Option<u64>,
    /// The spec's retry class of some error codes (see [`Call::retry_code`]).
    retry_codes: Vec<(&'static str, crate::retry_codes::CodeRetry)>,
}

/// What one attempt gave, with what the retry decision needs.
struct Attempt {
    outcome: Result<Response, Error>,
    failure: Failure,
    retry_after: Option<Duration>,
    /// The attempt hit its timeout (a retry after it costs more of the budget).
    timed_out: bool,
}

/// The client settings a presigned transfer shares with the service's calls.
struct PresignedSettings {
    allow_insecure_http: bool,
    connect_timeout: Duration,
    read_timeout: Duration,
    root_certificates: Vec<reqwest::Certificate>,
}

impl Transport {
    /// A client for presigned-URL transfers with this client's connection settings (plain
    /// http allowed only when this client allows it, the same timeouts and extra TLS roots)
    /// and none of its credentials: the URL is the credential. Built on the first call; later
    /// calls (and this transport's clones) share it.
    pub fn presigned_client(&self) -> Result<PresignedClient, ConfigError> {
        if let Some(client) = self.inner.presigned_client.get() {
            return Ok(client.clone());
        }
        let built = self.build_presigned_client()?;
        // Two first calls at once may both build; one is kept, and both clients work.
        Ok(self.inner.presigned_client.get_or_init(|| built).clone())
    }

    fn build_presigned_client(&self) -> Result<PresignedClient, ConfigError> {
        let settings = &self.inner.presigned;
        let mut builder = PresignedClient::builder()
            .connect_timeout(settings.connect_timeout)
            .read_timeout(settings.read_timeout);
        if settings.allow_insecure_http {
            builder = builder.allow_insecure_http();
        }
        for certificate in &settings.root_certificates {
            builder = builder.add_root_certificate(certificate.clone());
        }
        builder.build()
    }

    /// The client that sends a call with a streamed body, and the silence bound to watch it
    /// with: the presigned client's upload client (this transport's settings without reqwest's
    /// read timeout), or the user's own `http` client under the user's settings.
    fn upload_client(&self) -> Result<(reqwest::Client, Option<Duration>), ConfigError> {
        if !self.inner.own_http {
            return Ok((self.inner.http.clone(), None));
        }
        let presigned = self.presigned_client()?;
        Ok((presigned.upload_http().clone(), Some(self.inner.presigned.read_timeout)))
    }

    /// The service this transport talks to.
    pub fn service(&self) -> &'static ServiceInfo {
        self.inner.service
    }

    /// The base URL requests go to.
    pub fn endpoint(&self) -> &Url {
        &self.inner.base
    }

    /// A copy of this transport with another retry policy: the same pool, credentials and
    /// rate-limit schedule (how a single call gets its own retry settings).
    pub fn with_retry(&self, policy: RetryPolicy) -> Transport {
        Transport { retry: policy, ..self.clone() }
    }

    /// A copy of this transport with another rate-limit mode, sharing everything else.
    pub fn with_rate_limit(&self, rate_limit: RateLimit) -> Transport {
        Transport { rate_limit, ..self.clone() }
    }

    /// A copy of this transport with `options` applied over its settings: the same pool,
    /// credentials, interceptors, rate-limit schedule and retry budget. Per-call headers join
    /// (and, by name, replace) those of an earlier `with_options`; one the transport owns
    /// (signing, credentials, the protocol's operation headers) or one that cannot go on the
    /// wire is refused, naming it, before anything is sent.
    pub fn with_options(&self, options: CallOptions) -> Result<Transport, ConfigError> {
        options.check_headers()?;
        let mut extra_headers: Vec<(String, String)> =
            self.extra_headers.as_deref().unwrap_or_default().to_vec();
        for (name, value) in options.headers {
            extra_headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
            extra_headers.push((name, value));
        }
        Ok(Transport {
            inner: Arc::clone(&self.inner),
            retry: options.retry.unwrap_or_else(|| self.retry.clone()),
            rate_limit: options.rate_limit.unwrap_or(self.rate_limit),
            timeout: options.timeout.or(self.timeout),
            extra_headers: (!extra_headers.is_empty()).then(|| extra_headers.into()),
        })
    }

    /// [`send`](Self::send) for a generated operation: a service error comes back with the
    /// operation's typed error code. A thin generic shell, so the one real send path stays
    /// non-generic and is compiled once.
    pub async fn send_typed<E: for<'a> From<&'a str>>(&self, call: Call) -> Result<Response, Error<E>> {
        self.send(call).await.map_err(Error::typed)
    }

    /// Lays out, signs and sends `call`, repeating it when the retry policy allows; a 2xx
    /// answer that is not an error envelope is returned for the generated code to decode.
    pub async fn send(&self, mut call: Call) -> Result<Response, Error> {
        let inner = &*self.inner;
        let span = tracing::info_span!(
            "cloudspec.call",
            service = inner.service.name,
            operation = call.action,
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        async move {
            let started = tokio::time::Instant::now();
            call.check_path().map_err(Error::Validation)?;
            // A header the transport owns (signing, credentials, the protocol's operation
            // headers) never comes from a call: a spec's header field of that name would
            // otherwise change what is signed (an unsigned-payload marker) or whom it claims.
            if let Some((name, _)) = call.headers.iter().find(|(name, _)| is_reserved_header(name)) {
                let refused = format!("`{name}` is set by the transport, not by a request field");
                return Err(Error::Encode(EncodeError::Header(refused)));
            }
            if let Some(extra) = &self.extra_headers {
                call.headers.extend(extra.iter().cloned());
            }
            let mut wire = self.lay_out(&mut call).map_err(Error::Encode)?;
            let mut attempt = 1;
            // Budget tokens this call's retries took, given back if it ends in success.
            let mut withdrawn = 0;
            loop {
                let waited = inner.limiter.acquire(self.rate_limit, call.action, call.rate_limit).await;
                if !waited.is_zero() {
                    tracing::debug!(waited_ms = waited.as_millis() as u64, "rate limit: waited for a slot");
                }
                let laid_out = self.intercept(&mut wire, call.action, attempt);
                let result = self.attempt(&mut wire, attempt, call.action).await;
                if let Some(headers) = laid_out {
                    wire.headers = headers;
                }
                let delay = match &result.outcome {
                    Ok(_) => None,
                    // The body left with the failed attempt.
                    Err(_) if wire.upload.as_ref().is_some_and(|upload| !upload.is_replayable()) => None,
                    Err(_) => self.retry.next_delay(
                        call.retry_safety,
                        result.failure,
                        attempt,
                        result.retry_after,
                        jitter(),
                    ),
                };
                let (delay, error) = match (delay, result.outcome) {
                    (Some(delay), Err(error)) if self.retry.use_retry_budget => {
                        let cost = RetryBudget::cost(result.failure, result.timed_out);
                        if !inner.budget.withdraw(cost) {
                            tracing::warn!(attempt, error = %error, "retry budget exhausted: not retrying");
                            let exhausted =
                                Error::RetryBudgetExhausted { attempts: attempt, last: Box::new(error) };
                            return self.finish(attempt, started, Err(exhausted), withdrawn);
                        }
                        withdrawn += cost;
                        (delay, error)
                    }
                    (Some(delay), Err(error)) => (delay, error),
                    (_, outcome) => return self.finish(attempt, started, outcome, withdrawn),
                };
                tracing::info!(attempt, delay_ms = delay.as_millis() as u64, error = %error, "retrying");
                tokio::time::sleep(delay).await;
                attempt += 1;
            }
        }
        .instrument(span)
        .await
    }

    /// Ends a call: records it on the span, gives the budget back its share on success.
    fn finish(
        &self,
        attempts: u32,
        started: tokio::time::Instant,
        outcome: Result<Response, Error>,
        withdrawn: u32,
    ) -> Result<Response, Error> {
        if outcome.is_ok() && self.retry.use_retry_budget {
            self.inner.budget.refund_success(withdrawn);
        }
        let span = tracing::Span::current();
        // Looking up the request id copies it out of the headers: only for a span that keeps it.
        if !span.is_disabled() {
            span.record("attempts", attempts);
            let (status, request_id) = match &outcome {
                Ok(response) => (Some(response.status), response.request_id()),
                Err(error) => (error.status(), error.request_id().map(str::to_owned)),
            };
            if let Some(status) = status {
                span.record("status", status);
            }
            if let Some(id) = &request_id {
                span.record("request_id", id.as_str());
            }
        }
        let elapsed_ms = started.elapsed().as_millis() as u64;
        match &outcome {
            Ok(_) => tracing::debug!(elapsed_ms, "call succeeded"),
            Err(error) => tracing::debug!(elapsed_ms, error = %error, "call failed"),
        }
        outcome
    }

    /// One attempt: a fresh date, nonce and signature, the exchange, and the classification of
    /// its failure.
    async fn attempt(&self, wire: &mut Wire, attempt: u32, operation: &'static str) -> Attempt {
        let inner = &*self.inner;
        let protocol = inner.service.protocol;
        // Asked per attempt: a retry after a long backoff signs with refreshed credentials.
        let auth = match inner.auth.current().await {
            Ok(auth) => auth,
            Err(error) => return Attempt::permanent(Error::Credentials(error)),
        };
        let now = OffsetDateTime::now_utc();
        // What this attempt adds to the laid-out headers: its timestamp and its signature. The
        // timestamp is signed in place after the laid-out headers and split off again right
        // after, rather than every attempt copying all the headers into one list to sign.
        let laid_out = wire.headers.len();
        if protocol == Protocol::TencentJson {
            wire.headers.push(("X-TC-Timestamp".to_owned(), now.unix_timestamp().to_string()));
        }
        let signed = self.sign(wire, &auth, &wire.headers, now);
        let mut fresh = wire.headers.split_off(laid_out);
        // Signatures and tokens go only to the configured endpoint's scheme, host and port.
        if !same_origin(&wire.url, &inner.base) {
            let error = EncodeError::Url("the request URL is not on the configured endpoint".to_owned());
            return Attempt::permanent(Error::Encode(error));
        }
        match signed {
            Ok(signed) => fresh.extend(signed),
            Err(error) => return Attempt::permanent(Error::Encode(error)),
        }
        tracing::trace!(attempt, method = wire.method, path = %wire.path, "sending");
        let header_map = match wire.header_map.take().map_or_else(|| header_map_of(&wire.headers), Ok) {
            Ok(header_map) => header_map,
            Err(error) => return Attempt::permanent(Error::Encode(error)),
        };
        // A streamed body goes through a client without reqwest's read timeout, which would
        // bound the whole upload: the silence of the exchange is bounded instead.
        let upload_http;
        let (http, body, silence) = match &wire.upload {
            None => (&inner.http, reqwest::Body::from(wire.body.clone()), None),
            Some(upload) => {
                let silence = match self.upload_client() {
                    Ok((client, silence)) => {
                        upload_http = client;
                        silence
                    }
                    Err(error) => {
                        let message = error.to_string();
                        let error = TransportError { stage: TransportStage::Connect, message, source: None };
                        return Attempt::permanent(Error::Transport(error));
                    }
                };
                match upload.open_chunks().await {
                    Ok(chunks) => {
                        let progress = Progress::new();
                        let body = reqwest::Body::wrap_stream(progress.track(chunks));
                        (&upload_http, body, silence.map(|bound| (progress, bound)))
                    }
                    Err(error) => return Attempt::permanent(Error::Encode(error)),
                }
            }
        };
        let mut request = http
            .request(wire.http_method.clone(), wire.url.clone())
            .timeout(self.timeout.unwrap_or(inner.timeout))
            .headers(header_map);
        for (name, value) in &fresh {
            request = request.header(name, value);
        }
        let sent = request.body(body).send();
        let sent = match silence {
            None => sent.await,
            Some((progress, bound)) => match progress.watch(bound, sent).await {
                Ok(sent) => sent,
                Err(Silent) => return Attempt::silent_upload(bound),
            },
        };
        let mut response = match sent {
            Ok(response) => response,
            Err(error) => return Attempt::from_reqwest(error),
        };
        let status = response.status().as_u16();
        // Taken, not copied: the body is read without them (its decoding was chosen when the
        // response arrived).
        let headers = std::mem::take(response.headers_mut());
        if let Some(redirect) = redirect_error(&wire.url, response.url(), status, &headers) {
            return Attempt::permanent(Error::Redirect(redirect));
        }
        let retry_after = retry_hint(protocol, &headers);
        // Every error built from a body (a failure, or a success that does not decode) is
        // scrubbed of the call's credentials; a success body itself is the caller's data.
        let secrets = CallSecrets::new(auth, &wire.headers, fresh);
        if let Some(limit) = wire.download_limit
            && (200..300).contains(&status)
        {
            let streamed = Some(PendingBody::new(response, limit));
            let response = Response { protocol, status, headers, body: Bytes::new(), secrets, streamed };
            return self.success(operation, attempt, response);
        }
        let body = match read_body(&mut response, inner.max_response_bytes).await {
            Ok(body) => body,
            Err(BodyError::Http(error)) => return Attempt::from_reqwest(error),
            Err(BodyError::TooLarge(prefix)) => {
                let redactor = secrets.redactor();
                let decode = DecodeError {
                    status: Some(status),
                    message: format!("the body is larger than the {} byte limit", inner.max_response_bytes),
                    snippet: snippet(redactor.scrub(&String::from_utf8_lossy(&prefix)).as_bytes()),
                    request_id: crate::envelope::header_request_id(protocol, &headers)
                        .map(|id| redactor.scrub(&id)),
                };
                self.observe(operation, attempt, status, &headers, decode.request_id.as_deref());
                return Attempt::permanent(Error::Decode(decode));
            }
        };

        let success = (200..300).contains(&status);
        if success && !(protocol == Protocol::TencentJson && tencent_error_present(&body)) {
            let response = Response { protocol, status, headers, body, secrets, streamed: None };
            return self.success(operation, attempt, response);
        }
        // A server may echo the request's credentials in its error; they are scrubbed from the
        // body before it is parsed, so no message, snippet or event built from it holds them.
        let redactor = secrets.redactor();
        let body = match std::str::from_utf8(&body) {
            Ok(text) => Bytes::from(redactor.scrub(text)),
            Err(_) => Bytes::from(redactor.scrub(&String::from_utf8_lossy(&body))),
        };
        let parsed = parse_error(protocol, status, &headers, &body);
        // The vendor's code, when there is one, can say more than the status: a Tencent throttle
        // arrives as HTTP 200.
        let code = parsed.as_ref().ok().map(|service_error| service_error.raw_code.as_str());
        let failure = retry_codes::classify(protocol, status, code, &wire.retry_codes);
        let outcome = match parsed {
            Ok(mut service_error) => {
                service_error.request_id = service_error.request_id.map(|id| redactor.scrub(&id));
                Err(Error::Service(Box::new(service_error)))
            }
            Err(mut decode) => {
                decode.request_id = decode.request_id.map(|id| redactor.scrub(&id));
                Err(Error::Decode(decode))
            }
        };
        if let Err(error) = &outcome {
            self.observe(operation, attempt, status, &headers, error.request_id());
        }
        Attempt { outcome, failure, retry_after, timed_out: false }
    }

    /// Runs the interceptors' `before_signing` hooks on this attempt's headers; returns the
    /// headers as laid out, for the next attempt to start from (`None`: no interceptor, nothing
    /// changed).
    fn intercept(
        &self,
        wire: &mut Wire,
        operation: &'static str,
        attempt: u32,
    ) -> Option<Vec<(String, String)>> {
        let interceptors = &self.inner.interceptors;
        if interceptors.is_empty() {
            return None;
        }
        let laid_out = wire.headers.clone();
        // Rebuilt from the intercepted headers by the attempt.
        wire.header_map = None;
        interceptors.before_signing(&mut OutgoingRequest {
            operation,
            attempt,
            method: wire.method,
            url: &wire.url,
            headers: &mut wire.headers,
            body: &wire.body,
        });
        Some(laid_out)
    }

    /// A successful answer (a decoded body or a download's head), shown to the interceptors'
    /// `after_response` hooks first.
    fn success(&self, operation: &'static str, attempt: u32, response: Response) -> Attempt {
        if !self.inner.interceptors.is_empty() {
            let request_id = response.request_id();
            self.observe(operation, attempt, response.status, &response.headers, request_id.as_deref());
        }
        Attempt { outcome: Ok(response), failure: Failure::Permanent, retry_after: None, timed_out: false }
    }

    /// Runs the interceptors' `after_response` hooks.
    fn observe(
        &self,
        operation: &'static str,
        attempt: u32,
        status: u16,
        headers: &reqwest::header::HeaderMap,
        request_id: Option<&str>,
    ) {
        self.inner.interceptors.after_response(&ResponseInfo {
            operation,
            attempt,
            status,
            headers,
            request_id,
        });
    }

    /// Applies the protocol's fixed headers and body rules and builds the URL. The call's
    /// headers, query and body are moved into the wire form, not copied (a call is laid out
    /// once; its retries reuse the wire form).
    fn lay_out(&self, call: &mut Call) -> Result<Wire, EncodeError> {
        let inner = &*self.inner;
        let service = inner.service;
        let mut headers = std::mem::take(&mut call.headers);
        let mut upload = None;
        let mut body = match std::mem::replace(&mut call.body, Body::Empty) {
            Body::Empty => Vec::new(),
            Body::Json(bytes) => {
                headers.push(("content-type".to_owned(), "application/json".to_owned()));
                bytes
            }
            Body::Form(pairs) => {
                headers.push(("content-type".to_owned(), "application/x-www-form-urlencoded".to_owned()));
                sign::encode_query(&pairs).into_bytes()
            }
            Body::Bytes { bytes, content_type } => {
                headers.push(("content-type".to_owned(), content_type));
                Vec::from(bytes)
            }
            Body::Stream { body, content_type } => {
                let kind = inner.auth.kind();
                if !streams_are_signable(kind) {
                    return Err(EncodeError::StreamNotSignable(kind.name()));
                }
                headers.push(("content-type".to_owned(), content_type));
                headers.push(("content-length".to_owned(), body.len().to_string()));
                upload = Some(body);
                Vec::new()
            }
        };
        match service.protocol {
            Protocol::TencentJson => {
                if body.is_empty() && upload.is_none() {
                    body = b"{}".to_vec();
                    headers.push(("content-type".to_owned(), "application/json".to_owned()));
                }
                headers.push(("X-TC-Action".to_owned(), call.action.to_owned()));
                headers.push(("X-TC-Version".to_owned(), service.api_version.to_owned()));
                // X-TC-Timestamp is added per attempt, with the signing time.
                if let Some(region) = &inner.region {
                    headers.push(("X-TC-Region".to_owned(), region.clone()));
                }
            }
            Protocol::AcsRpc => {
                headers.push(("x-acs-action".to_owned(), call.action.to_owned()));
                headers.push(("x-acs-version".to_owned(), service.api_version.to_owned()));
            }
            Protocol::OciRest | Protocol::HuaweiRest | Protocol::PdsRoa => {}
        }
        headers.push(("accept".to_owned(), "application/json".to_owned()));
        headers.push(("user-agent".to_owned(), USER_AGENT.to_owned()));

        let base_path = inner.base.path().trim_end_matches('/');
        let path = format!("{base_path}{}", call.path);
        let mut url = inner.base.clone();
        url.set_path(&path);
        let query = std::mem::take(&mut call.query);
        if !query.is_empty() {
            url.set_query(Some(&sign::encode_query(&query)));
        }
        let header_map = Some(header_map_of(&headers)?);
        let http_method = reqwest::Method::from_bytes(call.method.as_bytes())
            .map_err(|e| EncodeError::Url(e.to_string()))?;
        let host = endpoint::host_header(&url);
        Ok(Wire {
            method: call.method,
            http_method,
            header_map,
            url,
            host,
            path,
            query,
            headers,
            body: Bytes::from(body),
            upload,
            download_limit: call.download_limit,
            retry_codes: std::mem::take(&mut call.retry_codes),
        })
    }

    fn sign(
        &self,
        wire: &Wire,
        auth: &Auth,
        headers: &[(String, String)],
        now: OffsetDateTime,
    ) -> Result<Vec<(String, String)>, EncodeError> {
        let inner = &*self.inner;
        let parts = RequestParts {
            method: wire.method,
            host: &wire.host,
            path: &wire.path,
            query: &wire.query,
            headers,
            body: &wire.body,
        };
        Ok(match auth {
            Auth::Tencent(credentials) => {
                let service = inner.service.signing_name.unwrap_or_default();
                if streamed_unhashed(wire) {
                    sign::tc3::sign_unsigned_payload(&parts, credentials, service, now.unix_timestamp())
                } else {
                    sign::tc3::sign(&parts, credentials, service, now.unix_timestamp())
                }
            }
            Auth::Alibaba(credentials) => {
                let nonce = uuid::Uuid::new_v4().simple().to_string();
                sign::acs3::sign(&parts, credentials, now, &nonce)
            }
            Auth::Oci(credentials) => {
                sign::oci::sign(&parts, credentials, now).map_err(EncodeError::from_sign)?
            }
            Auth::HuaweiAkSk(credentials) if streamed_unhashed(wire) => {
                sign::apig::sign_unsigned_payload(&parts, credentials, now)
            }
            Auth::HuaweiAkSk(credentials) => sign::apig::sign(&parts, credentials, now),
            Auth::HuaweiToken(token) => vec![token.header()],
            Auth::Bearer(token) => vec![token.header()],
        })
    }
}

/// Whether a call signed with `kind` can carry a streamed body, whose hash is not known before
/// it is sent. The token schemes sign nothing of the body. TC3 and Huawei AK/SK have the
/// vendor's unsigned-payload form (see `sign::tc3` and `sign::apig`). The others cannot:
/// - ACS3: the official signer has no unsigned form; `alibabacloud-tea-openapi`'s
///   `Client.do_request` reads a stream whole (`DaraStream.read_as_bytes`) to hash it into
///   `x-acs-content-sha256`.
/// - OCI: `oci`'s `signer.py` (`AbstractBaseSigner.do_request_sign`, `inject_missing_headers`)
///   signs `x-content-sha256` for every PUT/POST/PATCH, reading a stream whole to hash it. Only
///   operations whose generated client passes `enforce_content_headers=False` (object storage's
///   PutObject and UploadPart) skip the body headers; that is a per-operation fact of the
///   service, which the specs do not carry, so it cannot be applied here.
fn streams_are_signable(kind: AuthKind) -> bool {
    match kind {
        AuthKind::HuaweiIamToken | AuthKind::BearerToken => true,
        AuthKind::Tc3HmacSha256 | AuthKind::HuaweiAkSk => true,
        AuthKind::Acs3HmacSha256 | AuthKind::OciRsaSha256 => false,
    }
}

/// Whether `wire` carries a streamed body with bytes in it, which is signed as an unsigned
/// payload. An empty stream has a known hash (of nothing), and `wire.body` is then that
/// nothing, so it is signed like any body.
fn streamed_unhashed(wire: &Wire) -> bool {
    wire.upload.as_ref().is_some_and(|upload| !upload.is_empty())
}

/// `headers` as reqwest takes them; a name or value that cannot go on the wire is an error.
fn header_map_of(headers: &[(String, String)]) -> Result<reqwest::header::HeaderMap, EncodeError> {
    let mut header_map = reqwest::header::HeaderMap::with_capacity(headers.len());
    for (name, value) in headers {
        let name_and_value = reqwest::header::HeaderName::from_bytes(name.as_bytes())
            .ok()
            .zip(reqwest::header::HeaderValue::from_str(value).ok());
        let Some((header_name, header_value)) = name_and_value else {
            return Err(EncodeError::Header(name.clone()));
        };
        header_map.append(header_name, header_value);
    }
    Ok(header_map)
}

/// Tencent reports failures with HTTP 200 and `Response.Error`: look for it without decoding
/// the rest of the document.
fn tencent_error_present(body: &[u8]) -> bool {
    #[derive(serde::Deserialize)]
    struct Probe {
        #[serde(rename = "Response")]
        response: ProbeInner,
    }
    #[derive(serde::Deserialize)]
    struct ProbeInner {
        #[serde(rename = "Error")]
        error: Option<serde::de::IgnoredAny>,
    }
    serde_json::from_slice::<Probe>(body).is_ok_and(|p| p.response.error.is_some())
}

impl Attempt {
    fn permanent(error: Error) -> Attempt {
        Attempt { outcome: Err(error), failure: Failure::Permanent, retry_after: None, timed_out: false }
    }

    /// A streamed body the server stopped taking, or no answer after its last byte: the
    /// request may have been applied.
    fn silent_upload(bound: Duration) -> Attempt {
        let message = format!(
            "no progress for {bound:?}: the server took no part of the body, or gave no answer after it"
        );
        Attempt {
            outcome: Err(Error::Timeout(TimeoutError { message })),
            failure: Failure::MaybeApplied,
            retry_after: None,
            timed_out: true,
        }
    }

    /// A reqwest failure: a connect error proves the request was never sent; a timeout or a
    /// broken exchange may have reached the server.
    fn from_reqwest(error: reqwest::Error) -> Attempt {
        let failure = if error.is_connect() { Failure::NotSent } else { Failure::MaybeApplied };
        let timed_out = error.is_timeout() && !error.is_connect();
        let outcome = if timed_out {
            // Without the URL, whose query may hold a `sensitive` value.
            Err(Error::Timeout(TimeoutError { message: error.without_url().to_string() }))
        } else {
            Err(Error::Transport(TransportError::from_reqwest(error)))
        };
        Attempt { outcome, failure, retry_after: None, timed_out }
    }
}

/// Whether two URLs share scheme, host and port (the port made explicit, so `https://h` and
/// `https://h:443` are one origin).
fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

/// The redirect error for a 3xx answer, or for the answer of a shared HTTP client that
/// followed a redirect to another origin on its own (`answered_from` differs from `sent_to`).
fn redirect_error(
    sent_to: &Url,
    answered_from: &Url,
    status: u16,
    headers: &reqwest::header::HeaderMap,
) -> Option<RedirectError> {
    if (300..400).contains(&status) {
        let location = headers
            .get(reqwest::header::LOCATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|text| sent_to.join(text).ok())
            .map(|target| without_secrets(&target));
        return Some(RedirectError { status, location });
    }
    if !same_origin(sent_to, answered_from) {
        return Some(RedirectError { status, location: Some(without_secrets(answered_from)) });
    }
    None
}

/// A URL fit for an error message: no user info, query or fragment.
fn without_secrets(url: &Url) -> String {
    let mut url = url.clone();
    url.set_query(None);
    url.set_fragment(None);
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.to_string()
}

enum BodyError {
    Http(reqwest::Error),
    /// The body passed the limit; the bytes read so far, for the snippet.
    TooLarge(Vec<u8>),
}

/// Reads the body chunk by chunk, stopping as soon as it passes `limit`.
async fn read_body(response: &mut reqwest::Response, limit: usize) -> Result<Bytes, BodyError> {
    if response.content_length().is_some_and(|length| length > limit as u64) {
        return Err(BodyError::TooLarge(Vec::new()));
    }
    let mut body = Vec::new();
    let mut next = response.chunk().await.map_err(BodyError::Http)?;
    while let Some(chunk) = next {
        if body.len() + chunk.len() > limit {
            body.extend_from_slice(&chunk[..limit.saturating_sub(body.len()).min(chunk.len())]);
            return Err(BodyError::TooLarge(body));
        }
        next = response.chunk().await.map_err(BodyError::Http)?;
        if body.is_empty() && next.is_none() {
            // The whole body came as this one chunk (most answers do): kept, not copied.
            return Ok(chunk);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Serves one response on loopback whose body goes out in `chunks` (chunked transfer
    /// encoding, each chunk written and flushed on its own) and answers with its URL.
    fn serve_chunked(chunks: &'static [&'static str]) -> String {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let address = listener.local_addr().expect("an address");
        std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().expect("one connection");
            let mut head = Vec::new();
            let mut buffer = [0u8; 1024];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                let read = stream.read(&mut buffer).expect("the request");
                if read == 0 {
                    return;
                }
                head.extend_from_slice(&buffer[..read]);
            }
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n");
            for chunk in chunks {
                let _ = write!(stream, "{:x}\r\n{chunk}\r\n", chunk.len());
                let _ = stream.flush();
                std::thread::sleep(Duration::from_millis(10));
            }
            let _ = stream.write_all(b"0\r\n\r\n");
        });
        format!("http://{address}/")
    }

    async fn read_served(chunks: &'static [&'static str], limit: usize) -> Result<Bytes, Vec<u8>> {
        let client = reqwest::Client::builder().no_proxy().build().expect("a client");
        let mut response = client.get(serve_chunked(chunks)).send().await.expect("a response");
        match read_body(&mut response, limit).await {
            Ok(body) => Ok(body),
            Err(BodyError::TooLarge(prefix)) => Err(prefix),
            Err(BodyError::Http(error)) => panic!("reading the body failed: {error}"),
        }
    }

    #[tokio::test]
    async fn bodies_are_read_whole_in_one_chunk_or_many_and_cut_at_the_limit() {
        assert_eq!(read_served(&["whole"], 100).await, Ok(Bytes::from_static(b"whole")));
        assert_eq!(read_served(&["ab", "cd", "ef"], 100).await, Ok(Bytes::from_static(b"abcdef")));
        assert_eq!(read_served(&["ab", "cd", "ef"], 6).await, Ok(Bytes::from_static(b"abcdef")));
        assert_eq!(read_served(&[], 100).await, Ok(Bytes::new()));
        assert_eq!(read_served(&["ab", "cd", "ef"], 3).await, Err(b"abc".to_vec()));
        assert_eq!(read_served(&["whole"], 2).await, Err(b"wh".to_vec()));
    }

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn safety_origins_compare_scheme_host_and_effective_port() {
        assert!(same_origin(&url("https://h/a?x=1"), &url("https://h:443/b")));
        assert!(!same_origin(&url("https://h/"), &url("http://h/")), "scheme");
        assert!(!same_origin(&url("https://h/"), &url("https://h:8443/")), "port");
        assert!(!same_origin(&url("https://h/"), &url("https://h.evil/")), "host");
    }

    #[test]
    fn safety_redirect_locations_lose_credentials_query_and_fragment() {
        let sent = url("https://api.example/v1/op");
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::LOCATION,
            "http://user:pw@other.example:8080/p?Signature=s#f".parse().unwrap(),
        );
        let error = redirect_error(&sent, &sent, 307, &headers).expect("a 3xx is a redirect");
        assert_eq!(
            error,
            RedirectError { status: 307, location: Some("http://other.example:8080/p".into()) }
        );
        // A 2xx from the endpoint itself is no redirect.
        assert_eq!(redirect_error(&sent, &sent, 200, &headers), None);
    }
}
