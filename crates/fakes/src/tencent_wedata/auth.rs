//! TC3-HMAC-SHA256 verification as Tencent's gateway does it: the canonical request is rebuilt
//! from the bytes that arrived, with the runtime's public signing steps, and the whole
//! `Authorization` value must match the one computed with the account's secret key.

use cloudspec_runtime::sign::tc3;

use super::envelope::ApiError;
use crate::http::Request;

/// The credential-scope service name of WeData.
pub const SERVICE: &str = "wedata";

/// The headers Tencent requires every TC3 signature to cover.
const REQUIRED_SIGNED: [&str; 2] = ["content-type", "host"];

/// What the verifier knows of the one account the fake serves.
pub struct Account<'a> {
    pub secret_id: &'a str,
    pub secret_key: &'a str,
    /// The largest accepted difference between `X-TC-Timestamp` and `now`, in seconds
    /// (Tencent: five minutes); `None` accepts any timestamp.
    pub max_clock_skew_secs: Option<i64>,
}

/// Checks the request's signature; `now` is the server's Unix time in seconds.
pub fn verify(request: &Request, account: &Account<'_>, now: i64) -> Result<(), ApiError> {
    let authorization = request.header("authorization").ok_or_else(|| {
        ApiError::new("AuthFailure.InvalidAuthorization", "The Authorization header is missing.")
    })?;
    let params = authorization.strip_prefix("TC3-HMAC-SHA256 ").ok_or_else(|| {
        ApiError::new(
            "AuthFailure.InvalidAuthorization",
            "The Authorization algorithm is not TC3-HMAC-SHA256.",
        )
    })?;
    let credential = auth_param(params, "Credential")?;
    let secret_id = credential.split('/').next().unwrap_or_default();
    if secret_id != account.secret_id {
        return Err(ApiError::new(
            "AuthFailure.SecretIdNotFound",
            "The SecretId is not found, please ensure that your SecretId is correct.",
        ));
    }
    let timestamp: i64 = request.header("x-tc-timestamp").and_then(|t| t.parse().ok()).ok_or_else(|| {
        ApiError::new("AuthFailure.InvalidAuthorization", "X-TC-Timestamp is missing or not Unix seconds.")
    })?;
    if let Some(skew) = account.max_clock_skew_secs
        && (timestamp - now).abs() > skew
    {
        return Err(ApiError::new(
            "AuthFailure.SignatureExpire",
            "Signature expired. Timestamp and server time cannot differ by more than 5 minutes.",
        ));
    }
    let signed: Vec<&str> = auth_param(params, "SignedHeaders")?.split(';').collect();
    if let Some(missing) = REQUIRED_SIGNED.iter().find(|h| !signed.contains(h)) {
        return Err(ApiError::new(
            "AuthFailure.InvalidAuthorization",
            format!("SignedHeaders must include {missing}."),
        ));
    }
    let input = tc3::Tc3Input {
        method: &request.method,
        path: &request.path,
        query: &request.query,
        headers: &request.headers,
        body: &request.body,
        service: SERVICE,
        timestamp,
        secret_id: account.secret_id,
        secret_key: account.secret_key,
    };
    let expected = tc3::signing_steps(&input, &signed)
        .map_err(|_| ApiError::new("AuthFailure.InvalidAuthorization", "A signed header did not arrive."))?;
    if expected.authorization != authorization {
        return Err(ApiError::new(
            "AuthFailure.SignatureFailure",
            "The provided credentials could not be validated. Please check your signature is correct.",
        ));
    }
    Ok(())
}

/// The value of `name=` in the comma-separated Authorization parameters.
fn auth_param<'a>(params: &'a str, name: &str) -> Result<&'a str, ApiError> {
    params.split(',').find_map(|part| part.trim().strip_prefix(name)?.strip_prefix('=')).ok_or_else(|| {
        ApiError::new("AuthFailure.InvalidAuthorization", format!("The Authorization header has no {name}."))
    })
}
