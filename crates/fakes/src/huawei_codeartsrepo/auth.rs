//! The two ways a CodeArts Repo call proves who sends it, checked as API Gateway does:
//! - an IAM token in `X-Auth-Token`, which must be the account's token;
//! - AK/SK signing, `Authorization: SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...`:
//!   the canonical request is rebuilt from the bytes that arrived with the runtime's public
//!   signing steps, and the whole `Authorization` value must match the one computed with the
//!   account's secret key.

use cloudspec_runtime::sign::apig;
use time::PrimitiveDateTime;
use time::macros::format_description;

use super::envelope::ApiError;
use crate::http::Request;

/// What the verifier knows of the one account the fake serves.
pub struct Account<'a> {
    pub token: &'a str,
    pub access_key: &'a str,
    pub secret_key: &'a str,
    /// The largest accepted difference between `X-Sdk-Date` and `now`, in seconds; `None`
    /// accepts any date.
    pub max_clock_skew_secs: Option<i64>,
}

/// Checks the request's credentials; `now` is the server's Unix time in seconds.
pub fn verify(request: &Request, account: &Account<'_>, now: i64) -> Result<(), ApiError> {
    if let Some(token) = request.header("x-auth-token") {
        return if token == account.token {
            Ok(())
        } else {
            Err(ApiError::bad_credentials("the token is invalid or expired"))
        };
    }
    let Some(authorization) = request.header("authorization") else {
        return Err(ApiError::no_credentials());
    };
    let params = authorization
        .strip_prefix(apig::ALGORITHM)
        .and_then(|rest| rest.strip_prefix(' '))
        .ok_or_else(|| ApiError::bad_credentials("the Authorization algorithm is not SDK-HMAC-SHA256"))?;
    if auth_param(params, "Access")? != account.access_key {
        return Err(ApiError::bad_credentials("the access key is not found"));
    }
    let signed: Vec<&str> = auth_param(params, "SignedHeaders")?.split(';').collect();
    if !signed.contains(&"x-sdk-date") {
        return Err(ApiError::bad_credentials("SignedHeaders must include x-sdk-date"));
    }
    let date = request
        .header("x-sdk-date")
        .and_then(parse_sdk_date)
        .ok_or_else(|| ApiError::bad_credentials("X-Sdk-Date is missing or not YYYYMMDDTHHMMSSZ"))?;
    if let Some(skew) = account.max_clock_skew_secs
        && (date - now).abs() > skew
    {
        return Err(ApiError::bad_credentials("the request time differs too much from the server's"));
    }
    let input = apig::ApigInput {
        method: &request.method,
        path: &request.path,
        query: &request.query,
        headers: &request.headers,
        body: &request.body,
        access_key: account.access_key,
        secret_key: account.secret_key,
    };
    let expected = apig::signing_steps(&input, &signed)
        .map_err(|_| ApiError::bad_credentials("a signed header did not arrive"))?;
    if expected.authorization != authorization {
        return Err(ApiError::bad_credentials("verify aksk signature fail"));
    }
    Ok(())
}

/// `X-Sdk-Date` (`20261206T210000Z`) as Unix seconds.
fn parse_sdk_date(text: &str) -> Option<i64> {
    let format = format_description!("[year][month][day]T[hour][minute][second]Z");
    PrimitiveDateTime::parse(text, format).ok().map(|t| t.assume_utc().unix_timestamp())
}

/// The value of `name=` in the comma-separated Authorization parameters.
fn auth_param<'a>(params: &'a str, name: &str) -> Result<&'a str, ApiError> {
    params
        .split(',')
        .find_map(|part| part.trim().strip_prefix(name)?.strip_prefix('='))
        .ok_or_else(|| ApiError::bad_credentials(format!("the Authorization header has no {name}")))
}
