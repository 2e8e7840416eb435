//! What an STS failure becomes: a credentials error that names the provider and says why,
//! without a value that could be secret.

use cloudspec_runtime::Error;
use cloudspec_runtime::credentials::CredentialsError;

/// `error` of the STS call made by `from`, as a [`CredentialsError`].
///
/// A refusal keeps only the vendor's code and request id (its message may quote the request).
/// An answer that does not decode keeps only its status and request id: its body (in the
/// error's snippet) and the decoder's message can hold the temporary secret and token STS just
/// issued, which the runtime cannot know to scrub. Every other error is the runtime's, already
/// scrubbed of the call's own credentials.
pub(crate) fn credentials_error<E>(from: String, error: &Error<E>) -> CredentialsError
where
    E: std::fmt::Display,
{
    let request_id = error.request_id().unwrap_or("none");
    let reason = match (error.as_service(), error) {
        (Some(refusal), _) => {
            format!("STS refused: {} (HTTP {}, request id {request_id})", refusal.raw_code, refusal.status)
        }
        (None, Error::Decode(undecodable)) => format!(
            "the answer (HTTP {}) is not the AssumeRole response the spec describes (request id {request_id})",
            undecodable.status.map_or_else(|| "?".to_owned(), |status| status.to_string())
        ),
        (None, other) => other.to_string(),
    };
    CredentialsError::Fetch { from, reason }
}

/// A credentials error for an answer that lacks what credentials need.
pub(crate) fn incomplete(from: String, what: &str) -> CredentialsError {
    CredentialsError::Fetch { from, reason: format!("the AssumeRole answer has no usable {what}") }
}
