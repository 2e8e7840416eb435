//! ACS3-HMAC-SHA256 verification as Alibaba's gateway does it: the canonical request is rebuilt
//! from the bytes that arrived with the runtime's public signing steps, and the whole
//! `Authorization` value must match the one computed with the account's AccessKey secret. The
//! date must be within the allowed skew and each `x-acs-signature-nonce` is accepted once.

use std::collections::HashMap;

use cloudspec_runtime::sign::acs3;
use time::PrimitiveDateTime;
use time::macros::format_description;

use super::envelope::ApiError;
use crate::http::Request;

/// How long a nonce stays remembered (Alibaba refuses a replay within 15 minutes).
pub const NONCE_WINDOW_SECS: i64 = 15 * 60;

/// The headers every V3 signature must cover.
const REQUIRED_SIGNED: [&str; 5] =
    ["host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce"];

/// What the verifier knows of the one account the fake serves.
pub struct Account<'a> {
    pub access_key_id: &'a str,
    pub access_key_secret: &'a str,
    /// The largest accepted difference between `x-acs-date` and `now`, in seconds; `None`
    /// accepts any date (for clients on a fake clock).
    pub max_clock_skew_secs: Option<i64>,
}

/// The nonces seen, with the server time each arrived at.
#[derive(Debug, Default)]
pub struct Nonces(HashMap<String, i64>);

impl Nonces {
    /// Records `nonce` at `now`; false when it was already used within the window.
    fn first_use(&mut self, nonce: &str, now: i64) -> bool {
        self.0.retain(|_, seen| now - *seen < NONCE_WINDOW_SECS);
        if self.0.contains_key(nonce) {
            return false;
        }
        self.0.insert(nonce.to_owned(), now);
        true
    }
}

fn incomplete(message: impl Into<String>) -> ApiError {
    ApiError::new(400, "IncompleteSignature", message)
}

/// Checks the request's signature; `now` is the server's Unix time in seconds.
pub fn verify(
    request: &Request,
    account: &Account<'_>,
    nonces: &mut Nonces,
    now: i64,
) -> Result<(), ApiError> {
    let authorization =
        request.header("authorization").ok_or_else(|| incomplete("The Authorization header is missing."))?;
    let params = authorization
        .strip_prefix(acs3::ALGORITHM)
        .and_then(|rest| rest.strip_prefix(' '))
        .ok_or_else(|| incomplete("The signature algorithm is not ACS3-HMAC-SHA256."))?;
    let access_key_id = auth_param(params, "Credential")?;
    if access_key_id != account.access_key_id {
        return Err(ApiError::new(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found."));
    }
    let date = request.header("x-acs-date").ok_or_else(|| incomplete("The x-acs-date header is missing."))?;
    let date = parse_date(date).ok_or_else(|| {
        ApiError::new(
            400,
            "InvalidTimeStamp.Format",
            "x-acs-date must be ISO 8601 UTC, such as 2024-01-02T03:04:05Z.",
        )
    })?;
    if let Some(skew) = account.max_clock_skew_secs
        && (date - now).abs() > skew
    {
        return Err(ApiError::new(
            400,
            "InvalidTimeStamp.Expired",
            "Specified time stamp or date value is expired.",
        ));
    }
    let nonce = request
        .header("x-acs-signature-nonce")
        .filter(|n| !n.is_empty())
        .ok_or_else(|| incomplete("The x-acs-signature-nonce header is missing."))?
        .to_owned();
    let signed = auth_param(params, "SignedHeaders")?;
    if let Some(missing) = REQUIRED_SIGNED.iter().find(|h| !signed.split(';').any(|s| s == **h)) {
        return Err(incomplete(format!("SignedHeaders must include {missing}.")));
    }
    let steps = acs3::signing_steps(&acs3::Acs3Input {
        method: &request.method,
        path: &request.path,
        query: &request.query,
        headers: &request.headers,
        payload: acs3::Payload::Body(&request.body),
        access_key_id: account.access_key_id,
        access_key_secret: account.access_key_secret,
    });
    // The header states the body's hash; one that does not match the body that arrived means the
    // body was changed after signing.
    if request.header("x-acs-content-sha256") != Some(steps.hashed_payload.as_str())
        || steps.authorization != authorization
    {
        return Err(ApiError::new(
            400,
            "SignatureDoesNotMatch",
            "The request signature does not conform to Aliyun standards.",
        ));
    }
    if !nonces.first_use(&nonce, now) {
        return Err(ApiError::new(400, "SignatureNonceUsed", "Specified signature nonce was used already."));
    }
    Ok(())
}

/// `2024-01-02T03:04:05Z` as Unix seconds.
fn parse_date(text: &str) -> Option<i64> {
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    PrimitiveDateTime::parse(text, format).ok().map(|t| t.assume_utc().unix_timestamp())
}

/// The value of `name=` in the comma-separated Authorization parameters.
fn auth_param<'a>(params: &'a str, name: &str) -> Result<&'a str, ApiError> {
    params
        .split(',')
        .find_map(|part| part.trim().strip_prefix(name)?.strip_prefix('='))
        .ok_or_else(|| incomplete(format!("The Authorization header has no {name}.")))
}
