//! Bearer-token authentication as PDS does it: every API call carries
//! `Authorization: Bearer <access token>` (the PDS gateway SDK also sends `x-acs-bearer-token`);
//! a missing, malformed or unknown token is refused with 401 `AccessTokenInvalid` before the
//! request is looked at.

use super::envelope::ApiError;
use crate::http::Request;

/// Checks the request's token against `token`, comparing in constant time.
pub fn verify(request: &Request, token: &str) -> Result<(), ApiError> {
    let presented = request
        .header("authorization")
        .and_then(|value| value.strip_prefix("Bearer "))
        .or_else(|| request.header("x-acs-bearer-token"));
    match presented {
        Some(presented) if constant_time_eq(presented.as_bytes(), token.as_bytes()) => Ok(()),
        Some(_) => {
            Err(ApiError::new(401, "AccessTokenInvalid", "AccessToken is invalid. token expired or invalid"))
        }
        None => Err(ApiError::new(
            401,
            "AccessTokenInvalid",
            "AccessToken is invalid. no access token in the request",
        )),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
