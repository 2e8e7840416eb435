//! Request signers: pure functions from request parts, credentials and a clock to headers.
//!
//! One module per scheme. Each offers a low-level `signing_steps` that takes every input
//! explicitly (as the vendors' published test vectors give them) and returns every
//! intermediate value, and a high-level `sign` for the transport that derives those inputs from
//! a [`RequestParts`] and returns the headers to add. `sign` goes through `signing_steps`'s
//! machinery, so the vectors test the code that signs real requests. No signer reads the clock
//! or a random source of its own: time (and the ACS3 nonce) come in as arguments.

pub mod acs3;
pub mod apig;
mod canonical;
pub(crate) mod crypto;
mod error;
pub mod oci;
pub mod tc3;
mod utc;

pub use canonical::{encode_query, percent_encode_rfc3986};
pub use error::SignError;

/// A request as it will be sent, before auth headers are added.
#[derive(Debug, Clone, Copy)]
pub struct RequestParts<'a> {
    /// Upper-case method, e.g. `POST`.
    pub method: &'a str,
    /// The `Host` header value: the host, plus `:port` when it is not the scheme's default.
    pub host: &'a str,
    /// Already percent-encoded, exactly as sent on the wire (`/` at least).
    pub path: &'a str,
    /// Decoded (not encoded) name/value pairs, in the order sent.
    pub query: &'a [(String, String)],
    /// Headers already set by the caller (any case), without auth headers.
    pub headers: &'a [(String, String)],
    /// The exact body bytes (empty if none).
    pub body: &'a [u8],
}

impl RequestParts<'_> {
    /// The caller's headers plus `Host`, which the transport derives from the URL but every
    /// scheme signs.
    fn headers_with_host(&self) -> Vec<(String, String)> {
        let mut headers = self.headers.to_vec();
        canonical::with_header_if_absent(&mut headers, "Host", self.host);
        headers
    }
}
