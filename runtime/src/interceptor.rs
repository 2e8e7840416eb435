//! Interceptors: code of the caller's that runs inside every attempt of every call of a client,
//! once before the request is signed and once after a response arrives.
//!
//! What an interceptor can and cannot do follows from where it runs:
//!
//! - Before signing it sees the operation, the method, the URL, the headers laid out so far and
//!   the body, and it may add, replace or remove headers. The signature is computed afterwards,
//!   so a header it adds is signed like any other (where the scheme signs it), and it never sees
//!   a signature, a date or nonce of signing, a session token or any other credential: those are
//!   added after it. For the same reason it may not set them: the headers the transport owns
//!   (see [`is_reserved_header`]) are refused with a [`ReservedHeader`] naming the header.
//! - After the response it sees the status, the headers and the vendor's request id, never the
//!   body, which stays the caller's to decode.
//!
//! Interceptors run in the order they were registered, on every attempt (a retry runs them
//! again, on the headers as laid out, not on what an earlier attempt's interceptors made of
//! them). An interceptor that changes one of the operation's own headers on a retry changes what
//! the server sees: an idempotency token (`opc-retry-token`) must stay the same on every attempt
//! for a retry to be safe, so leave such headers alone or set them the same way each time.

use std::fmt;
use std::sync::Arc;

use reqwest::Url;
use reqwest::header::HeaderMap;

/// Hooks into every attempt of every call of a client; register with
/// [`ClientBuilder::interceptor`](crate::ClientBuilder::interceptor). Both hooks do nothing
/// unless implemented.
pub trait Interceptor: Send + Sync {
    /// Runs before the attempt is signed; may change its headers.
    fn before_signing(&self, request: &mut OutgoingRequest<'_>) {
        let _ = request;
    }

    /// Runs once the status and headers of an attempt's response are known (whatever the
    /// status: an error answer is a response too). Not called when no response arrived
    /// (connection refused, reset, timeout).
    fn after_response(&self, response: &ResponseInfo<'_>) {
        let _ = response;
    }
}

/// The interceptors of one client, in registration order.
#[derive(Clone, Default)]
pub(crate) struct Interceptors(Vec<Arc<dyn Interceptor>>);

impl Interceptors {
    pub(crate) fn push(&mut self, interceptor: Arc<dyn Interceptor>) {
        self.0.push(interceptor);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn before_signing(&self, request: &mut OutgoingRequest<'_>) {
        for interceptor in &self.0 {
            interceptor.before_signing(request);
        }
    }

    pub(crate) fn after_response(&self, response: &ResponseInfo<'_>) {
        for interceptor in &self.0 {
            interceptor.after_response(response);
        }
    }
}

impl fmt::Debug for Interceptors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} interceptor(s)", self.0.len())
    }
}

/// One attempt's request as an interceptor sees it before signing.
pub struct OutgoingRequest<'a> {
    pub(crate) operation: &'static str,
    pub(crate) attempt: u32,
    pub(crate) method: &'static str,
    pub(crate) url: &'a Url,
    pub(crate) headers: &'a mut Vec<(String, String)>,
    pub(crate) body: &'a [u8],
}

impl OutgoingRequest<'_> {
    /// The vendor's name of the operation (`AssumeRole`, `CreateFile`).
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// Which attempt of the call this is, from 1.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The HTTP method.
    pub fn method(&self) -> &'static str {
        self.method
    }

    /// The full URL, query included.
    pub fn url(&self) -> &Url {
        self.url
    }

    /// The body as it will be sent.
    pub fn body(&self) -> &[u8] {
        self.body
    }

    /// The headers laid out so far, in order (no signing or credential header is among them).
    pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers.iter().map(|(name, value)| (name.as_str(), value.as_str()))
    }

    /// The first value of header `name` (compared without regard to case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Sets header `name` to `value`, replacing any value it had. A header the transport owns
    /// is refused. A value HTTP forbids (a line break) fails the call as an encode error naming
    /// the header.
    pub fn set_header(&mut self, name: &str, value: impl Into<String>) -> Result<(), ReservedHeader> {
        refuse_reserved(name)?;
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value.into()));
        Ok(())
    }

    /// Removes every value of header `name`. A header the transport owns is refused.
    pub fn remove_header(&mut self, name: &str) -> Result<(), ReservedHeader> {
        refuse_reserved(name)?;
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        Ok(())
    }
}

impl fmt::Debug for OutgoingRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OutgoingRequest")
            .field("operation", &self.operation)
            .field("attempt", &self.attempt)
            .field("method", &self.method)
            .field("path", &self.url.path())
            .finish_non_exhaustive()
    }
}

/// What an interceptor sees of an attempt's response.
#[derive(Debug)]
pub struct ResponseInfo<'a> {
    pub(crate) operation: &'static str,
    pub(crate) attempt: u32,
    pub(crate) status: u16,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) request_id: Option<&'a str>,
}

impl ResponseInfo<'_> {
    /// The vendor's name of the operation.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// Which attempt of the call answered, from 1.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The HTTP status (Tencent answers its errors with 200).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.headers
    }

    /// The vendor's request id, from the headers or (for an error) the error envelope.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id
    }
}

/// A header only the transport may set: a protocol header that says which operation runs
/// (`X-TC-Action`, `x-acs-version`), a header of signing (`Authorization`, `x-acs-date`) or a
/// credential (`X-TC-Token`, `X-Auth-Token`). Setting one would change what is signed or
/// stand in for the client's credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReservedHeader {
    /// The header's name as it was given.
    pub name: String,
}

impl fmt::Display for ReservedHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "header `{}` is set by the transport (protocol, signing or credentials) and cannot be \
             set or removed by the caller",
            self.name
        )
    }
}

impl std::error::Error for ReservedHeader {}

/// The headers the transport owns across all protocols, lower case: laid out by the protocol,
/// added by a signer, or carrying a credential.
pub const RESERVED_HEADERS: &[&str] = &[
    // Every protocol: the transport computes them, and the signers sign them.
    "authorization",
    "host",
    "content-type",
    "content-length",
    // Tencent TC3.
    "x-tc-action",
    "x-tc-version",
    "x-tc-region",
    "x-tc-timestamp",
    "x-tc-token",
    "x-tc-content-sha256",
    // Alibaba ACS3.
    "x-acs-action",
    "x-acs-version",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-content-sha256",
    "x-acs-security-token",
    // Huawei APIG signing, and the IAM token.
    "x-sdk-date",
    "x-sdk-content-sha256",
    "x-security-token",
    "x-project-id",
    "x-auth-token",
    // OCI request signing.
    "date",
    "x-content-sha256",
];

/// Whether `name` is a header the transport owns (compared without regard to case), which
/// interceptors and per-call options may not set.
pub fn is_reserved_header(name: &str) -> bool {
    RESERVED_HEADERS.iter().any(|reserved| reserved.eq_ignore_ascii_case(name.trim()))
}

pub(crate) fn refuse_reserved(name: &str) -> Result<(), ReservedHeader> {
    if is_reserved_header(name) { Err(ReservedHeader { name: name.to_owned() }) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request<'a>(url: &'a Url, headers: &'a mut Vec<(String, String)>) -> OutgoingRequest<'a> {
        OutgoingRequest { operation: "Op", attempt: 1, method: "POST", url, headers, body: b"{}" }
    }

    #[test]
    fn sdk_interceptor_set_header_replaces_every_value_of_that_name() {
        let url = Url::parse("https://api.example/").unwrap();
        let mut headers =
            vec![("X-Trace".to_owned(), "old".to_owned()), ("x-trace".to_owned(), "older".to_owned())];
        let mut outgoing = request(&url, &mut headers);
        outgoing.set_header("X-Trace", "new").unwrap();
        assert_eq!(outgoing.header("x-TRACE"), Some("new"));
        outgoing.remove_header("x-trace").unwrap();
        assert_eq!(outgoing.header("x-trace"), None);
        assert!(headers.is_empty());
    }

    #[test]
    fn sdk_interceptor_may_not_touch_signing_or_credential_headers() {
        let url = Url::parse("https://api.example/").unwrap();
        let mut headers = vec![("X-TC-Action".to_owned(), "DescribeThings".to_owned())];
        let mut outgoing = request(&url, &mut headers);
        for name in ["Authorization", "X-TC-Action", "x-acs-security-token", "X-Auth-Token", " date "] {
            let refused = outgoing.set_header(name, "x").unwrap_err();
            assert_eq!(refused.name, name);
            assert!(refused.to_string().contains(&format!("`{name}`")), "{refused}");
        }
        assert_eq!(outgoing.remove_header("x-tc-action"), Err(ReservedHeader { name: "x-tc-action".into() }));
        assert_eq!(outgoing.header("X-TC-Action"), Some("DescribeThings"), "left as it was");
        assert!(!is_reserved_header("X-TC-Language") && !is_reserved_header("traceparent"));
    }
}
