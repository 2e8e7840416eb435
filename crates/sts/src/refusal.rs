//! What an STS failure becomes: a credentials error that names the provider and says why,
//! without a value that could be secret.

use cloudspec_runtime::Error;
use cloudspec_runtime::credentials::CredentialsError;

/// `error` of the STS call made by `from`, as a [`CredentialsError`]. A refusal keeps only the
/// vendor's code and request id (its message may quote the request); the runtime has already
/// scrubbed the call's credentials from every other error.
pub(crate) fn credentials_error<E>(from: String, error: &Error<E>) -> CredentialsError
where
    E: std::fmt::Display,
{
    let reason = match error.as_service() {
        Some(refusal) => {
            let request_id = refusal.request_id.as_deref().unwrap_or("none");
            format!("STS refused: {} (HTTP {}, request id {request_id})", refusal.raw_code, refusal.status)
        }
        None => error.to_string(),
    };
    CredentialsError::Fetch { from, reason }
}

/// A credentials error for an answer that lacks what credentials need.
pub(crate) fn incomplete(from: String, what: &str) -> CredentialsError {
    CredentialsError::Fetch { from, reason: format!("the AssumeRole answer has no usable {what}") }
}
