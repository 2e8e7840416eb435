//! The one error type every generated operation returns.
//!
//! `Error<E>` is generic only in the vendor's error code `E`, which each operation turns into its
//! own enum of documented codes (with an `Unknown` fallback). The transport works with
//! `Error<String>` so that its code is compiled once; the generated method converts at the end
//! with [`Error::typed`].

use std::fmt;

use crate::credentials::CredentialsError;
use crate::interceptor::ReservedHeader;
use crate::validate::ValidationError;

/// What went wrong with a call.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E = String> {
    /// The request broke a documented constraint; nothing was sent.
    Validation(ValidationError),
    /// The request could not be encoded (serialization or signing); nothing was sent.
    Encode(EncodeError),
    /// The service answered with one of its error envelopes (boxed: it is the largest variant,
    /// and every `Result` of every call carries its size).
    Service(Box<ServiceError<E>>),
    /// The request did not complete at the HTTP level (connect, reset, TLS, I/O).
    Transport(TransportError),
    /// A configured timeout expired before the response was complete.
    Timeout(TimeoutError),
    /// A response arrived but was not what the operation documents.
    Decode(DecodeError),
    /// The service answered with a redirect (3xx). Redirects are never followed: following one
    /// would send the credentials, and on 307/308 the body, wherever the answer points.
    Redirect(RedirectError),
    /// No credentials to sign with: the credentials provider failed (an instance metadata
    /// service that does not answer, an answer without credentials) and no cached credentials
    /// were still valid. Nothing was sent.
    Credentials(CredentialsError),
    /// The call failed in a way the retry policy would repeat, but the client's retry budget
    /// (shared by all its calls) is spent: many calls are failing, and retrying them all would
    /// add load to a service already in trouble. `last` is the failure of the final attempt.
    RetryBudgetExhausted { attempts: u32, last: Box<Error<E>> },
    /// A streamed response body (a download) is larger than the call's size limit.
    TooLarge(TooLargeError),
}

impl Error<String> {
    /// Turns the transport's string error code into the operation's typed code.
    pub fn typed<E: for<'a> From<&'a str>>(self) -> Error<E> {
        match self {
            Error::Validation(e) => Error::Validation(e),
            Error::Encode(e) => Error::Encode(e),
            Error::Service(e) => Error::Service(Box::new((*e).typed())),
            Error::Transport(e) => Error::Transport(e),
            Error::Timeout(e) => Error::Timeout(e),
            Error::Decode(e) => Error::Decode(e),
            Error::Redirect(e) => Error::Redirect(e),
            Error::Credentials(e) => Error::Credentials(e),
            Error::RetryBudgetExhausted { attempts, last } => {
                Error::RetryBudgetExhausted { attempts, last: Box::new(last.typed()) }
            }
            Error::TooLarge(e) => Error::TooLarge(e),
        }
    }
}

impl<E> Error<E> {
    /// The vendor's request id, when the failure came from a response that carried one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(e) => e.request_id.as_deref(),
            Error::Decode(e) => e.request_id.as_deref(),
            Error::TooLarge(e) => e.request_id.as_deref(),
            Error::RetryBudgetExhausted { last, .. } => last.request_id(),
            _ => None,
        }
    }

    /// The HTTP status of the response, when one arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Service(e) => Some(e.status),
            Error::Decode(e) => e.status,
            Error::Redirect(e) => Some(e.status),
            Error::TooLarge(e) => Some(e.status),
            Error::RetryBudgetExhausted { last, .. } => last.status(),
            _ => None,
        }
    }

    /// The service error, when the failure is one (also behind
    /// [`Error::RetryBudgetExhausted`]).
    pub fn as_service(&self) -> Option<&ServiceError<E>> {
        match self {
            Error::Service(e) => Some(e),
            Error::RetryBudgetExhausted { last, .. } => last.as_service(),
            _ => None,
        }
    }
}

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Validation(e) => write!(f, "invalid request, nothing was sent: {e}"),
            Error::Encode(e) => write!(f, "{e}"),
            Error::Service(e) => write!(f, "{e}"),
            Error::Transport(e) => write!(f, "{e}"),
            Error::Timeout(e) => write!(f, "{e}"),
            Error::Decode(e) => write!(f, "{e}"),
            Error::Redirect(e) => write!(f, "{e}"),
            Error::Credentials(e) => write!(f, "no credentials to sign the request, nothing was sent: {e}"),
            Error::RetryBudgetExhausted { attempts, last } => write!(
                f,
                "not retried: the client's retry budget is exhausted (too many failing calls) after \
                 {attempts} attempt(s); last failure: {last}"
            ),
            Error::TooLarge(e) => write!(f, "{e}"),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Validation(e) => Some(e),
            Error::Credentials(e) => Some(e),
            Error::Transport(e) => e.source.as_deref().map(|s| s as &(dyn std::error::Error + 'static)),
            Error::RetryBudgetExhausted { last, .. } => last.source(),
            _ => None,
        }
    }
}

impl<E> From<ValidationError> for Error<E> {
    fn from(error: ValidationError) -> Self {
        Error::Validation(error)
    }
}

impl<E> From<DecodeError> for Error<E> {
    fn from(error: DecodeError) -> Self {
        Error::Decode(error)
    }
}

impl<E> From<EncodeError> for Error<E> {
    fn from(error: EncodeError) -> Self {
        Error::Encode(error)
    }
}

/// The vendor's own error envelope, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceError<E = String> {
    /// HTTP status (Tencent answers failures with 200: the envelope decides).
    pub status: u16,
    /// The error code, typed per operation; an unknown code is kept verbatim.
    pub code: E,
    /// The code exactly as the service sent it.
    pub raw_code: String,
    /// The human-readable message (may be empty when the service sent none).
    pub message: String,
    /// The vendor's request id, from the envelope or the response headers.
    pub request_id: Option<String>,
    /// The raw response body, for whatever the envelope carries beyond code and message.
    pub body: String,
}

impl ServiceError<String> {
    fn typed<E: for<'a> From<&'a str>>(self) -> ServiceError<E> {
        ServiceError {
            status: self.status,
            code: E::from(self.raw_code.as_str()),
            raw_code: self.raw_code,
            message: self.message,
            request_id: self.request_id,
            body: self.body,
        }
    }
}

impl<E> fmt::Display for ServiceError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "service error {} (HTTP {})", self.raw_code, self.status)?;
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

/// Why a request could not be put on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EncodeError {
    /// The request value could not be serialized.
    Serialize(String),
    /// The signer refused the request (for example, an unusable key).
    Sign(String),
    /// The request URL could not be built from the endpoint and path.
    Url(String),
    /// A header value holds bytes HTTP forbids (a line break, a control character); the
    /// header's name, never its value, which may be a secret.
    Header(String),
    /// A streamed request body could not be read (a file that cannot be opened, a reader
    /// already consumed by an earlier attempt).
    Body(String),
    /// A streamed request body on a call whose signature scheme (named) hashes the body and has
    /// no unsigned-payload form (ACS3, OCI).
    StreamNotSignable(&'static str),
}

impl EncodeError {
    pub(crate) fn from_sign(error: impl fmt::Display) -> Self {
        EncodeError::Sign(error.to_string())
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EncodeError::Serialize(e) => write!(f, "could not serialize the request, nothing was sent: {e}"),
            EncodeError::Sign(e) => write!(f, "could not sign the request, nothing was sent: {e}"),
            EncodeError::Url(e) => write!(f, "could not build the request URL, nothing was sent: {e}"),
            EncodeError::Body(e) => write!(f, "could not read the request body, nothing was sent: {e}"),
            EncodeError::StreamNotSignable(scheme) => write!(
                f,
                "{scheme} signs a hash of the body, which a streamed body does not have before it is \
                 sent: pass the body as bytes; nothing was sent"
            ),
            EncodeError::Header(name) => {
                write!(
                    f,
                    "header `{name}` has a value HTTP cannot carry (control characters), nothing was sent"
                )
            }
        }
    }
}

/// Which stage of the exchange a transport failure happened in: it decides whether a retry can
/// have duplicated the request (issue "reliability" builds the retry policy on this).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportStage {
    /// The connection could not be made: the server cannot have seen the request.
    Connect,
    /// The request may have reached the server.
    Exchange,
}

/// An HTTP-level failure.
#[derive(Debug)]
pub struct TransportError {
    pub stage: TransportStage,
    pub message: String,
    pub(crate) source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl TransportError {
    pub(crate) fn from_reqwest(error: reqwest::Error) -> Self {
        let stage = if error.is_connect() { TransportStage::Connect } else { TransportStage::Exchange };
        // reqwest's Display includes the URL, whose query can hold a `sensitive` value (a
        // presigned URL, a token): the URL is dropped, here and in the kept source.
        let error = error.without_url();
        TransportError { stage, message: error.to_string(), source: Some(Box::new(error)) }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.stage {
            TransportStage::Connect => write!(f, "could not connect: {}", self.message),
            TransportStage::Exchange => write!(f, "the HTTP exchange failed: {}", self.message),
        }
    }
}

/// A timeout expired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeoutError {
    pub message: String,
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "timed out: {}", self.message)
    }
}

/// A 3xx answer, not followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedirectError {
    /// The HTTP status (301, 302, 303, 307, 308, ...).
    pub status: u16,
    /// Where the server pointed, without its query and fragment (a redirect target can be a
    /// presigned URL whose query is a credential); `None` when the answer had no usable
    /// `Location` header.
    pub location: Option<String>,
}

impl fmt::Display for RedirectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the service answered with a redirect (HTTP {})", self.status)?;
        if let Some(location) = &self.location {
            write!(f, " to {location}")?;
        }
        f.write_str(", which is not followed: check the endpoint")
    }
}

impl std::error::Error for RedirectError {}

/// A streamed response body larger than the call's limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLargeError {
    /// The HTTP status of the response.
    pub status: u16,
    /// The call's limit, in bytes.
    pub limit: u64,
    /// The length the response announced (`Content-Length`), when it did.
    pub announced: Option<u64>,
    /// The vendor's request id from the response headers, when present.
    pub request_id: Option<String>,
}

impl fmt::Display for TooLargeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the response body (HTTP {}) is larger than the {} byte limit", self.status, self.limit)?;
        if let Some(announced) = self.announced {
            write!(f, " (announced {announced} bytes)")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for TooLargeError {}

/// A response that does not match the operation's documented shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// The HTTP status, when a response arrived.
    pub status: Option<u16>,
    /// What did not match.
    pub message: String,
    /// The start of the body, printable, for the bug report.
    pub snippet: String,
    /// The vendor's request id from the response headers, when present.
    pub request_id: Option<String>,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unexpected response")?;
        if let Some(status) = self.status {
            write!(f, " (HTTP {status})")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        write!(f, "; body starts: {:?}", self.snippet)
    }
}

impl std::error::Error for DecodeError {}

/// The first bytes of a body as printable text: enough to recognise an HTML error page or a
/// truncated document, short enough for a log line.
pub fn snippet(body: &[u8]) -> String {
    const LIMIT: usize = 240;
    let text = String::from_utf8_lossy(&body[..body.len().min(LIMIT * 4)]);
    let mut out: String = text.chars().take(LIMIT).collect();
    if text.chars().count() > LIMIT || body.len() > LIMIT * 4 {
        out.push('…');
    }
    out
}

/// Why a client could not be configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// No credentials were given and none were found.
    MissingCredentials { service: &'static str, detail: String },
    /// Credentials of a scheme the service does not accept.
    WrongCredentials { service: &'static str, given: &'static str, accepted: Vec<&'static str> },
    /// The endpoint template has a placeholder nobody filled.
    MissingEndpointParameter { service: &'static str, name: String, template: &'static str },
    /// The endpoint (template result or override) is not a usable URL.
    InvalidEndpoint { endpoint: String, reason: String },
    /// The HTTP client could not be built.
    Http(String),
    /// A vendor configuration file read for a setting (such as the region) exists but cannot be
    /// used.
    ConfigFile(String),
    /// A per-call header names one the transport owns (signing, credentials, the protocol's
    /// operation headers).
    ReservedHeader(ReservedHeader),
    /// A per-call header whose name or value cannot go on the wire (the value is not shown: it
    /// may be a secret).
    InvalidHeader { name: String },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::MissingCredentials { service, detail } => {
                write!(f, "no credentials for {service}: {detail}")
            }
            ConfigError::WrongCredentials { service, given, accepted } => {
                write!(f, "{service} does not accept {given} credentials; it accepts {}", accepted.join(", "))
            }
            ConfigError::MissingEndpointParameter { service, name, template } => write!(
                f,
                "the endpoint of {service} ({template}) needs `{name}`: set it on the client builder, \
                 or override the endpoint"
            ),
            ConfigError::InvalidEndpoint { endpoint, reason } => {
                write!(f, "invalid endpoint {endpoint:?}: {reason}")
            }
            ConfigError::Http(e) => write!(f, "could not build the HTTP client: {e}"),
            ConfigError::ConfigFile(e) => write!(f, "could not read the configuration: {e}"),
            ConfigError::ReservedHeader(e) => write!(f, "{e}"),
            ConfigError::InvalidHeader { name } => {
                write!(f, "header `{name}` cannot be sent: its name or value holds bytes HTTP forbids")
            }
        }
    }
}

impl std::error::Error for ConfigError {}
