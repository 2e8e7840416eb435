//! Why a request could not be signed.

use std::fmt;

/// A request that cannot be signed as asked. Only the explicit-input signers and OCI can fail:
/// the high-level TC3, ACS3 and APIG signers choose headers that are present by construction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignError {
    /// The signature must cover a header that the request does not carry (for OCI, a request
    /// with a body needs a `content-type`).
    MissingHeader { name: String },
    /// The RSA signing operation itself failed inside aws-lc.
    Rsa,
}

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingHeader { name } => {
                write!(
                    f,
                    "cannot sign the request: the signature must cover the `{name}` header, which is not set"
                )
            }
            Self::Rsa => f.write_str("cannot sign the request: the RSA-SHA256 signing operation failed"),
        }
    }
}

impl std::error::Error for SignError {}
