//! OCI request-signature verification (HTTP Signatures draft-cavage-08, version 1, rsa-sha256) as
//! OCI's front door does it: the signing string is rebuilt from the headers and request target
//! that arrived, in the order the `headers` parameter lists them, and the signature is checked
//! with the account's RSA public key. Nothing here signs; the private key is never consulted.

use aws_lc_rs::signature::{RSA_PKCS1_2048_8192_SHA256, UnparsedPublicKey};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use time::OffsetDateTime;
use time::macros::format_description;

use super::envelope::OciError;
use crate::http::Request;

/// The headers OCI requires every signature to cover.
const ALWAYS_SIGNED: [&str; 3] = ["date", "(request-target)", "host"];
/// The headers OCI requires in addition on requests with a body.
const BODY_SIGNED: [&str; 3] = ["content-length", "content-type", "x-content-sha256"];

/// `Date` as HTTP sends it (IMF-fixdate): `Sun, 06 Dec 2026 20:53:52 GMT`.
const HTTP_DATE: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT");

/// What the verifier knows of the one account the fake serves.
pub struct Account<'a> {
    /// `<tenancy OCID>/<user OCID>/<key fingerprint>`.
    pub key_id: &'a str,
    /// The API key's public half, DER `RSAPublicKey`.
    pub public_key: &'a [u8],
    /// The largest accepted distance between `date` and `now`, in seconds (OCI: five minutes);
    /// `None` accepts any date.
    pub max_clock_skew_secs: Option<i64>,
}

/// Checks the request's signature at time `now`.
pub fn verify(request: &Request, account: &Account<'_>, now: OffsetDateTime) -> Result<(), OciError> {
    let authorization = request
        .header("authorization")
        .ok_or_else(|| OciError::not_authenticated("The Authorization header is missing."))?;
    let params = authorization
        .strip_prefix("Signature ")
        .ok_or_else(|| OciError::not_authenticated("The Authorization header is not an HTTP signature."))?;
    if param(params, "version")? != "1" || param(params, "algorithm")? != "rsa-sha256" {
        return Err(OciError::not_authenticated("Only signature version 1 with rsa-sha256 is accepted."));
    }
    if param(params, "keyId")? != account.key_id {
        return Err(OciError::not_authenticated("The keyId is not a key of this tenancy's users."));
    }
    let signed: Vec<&str> = param(params, "headers")?.split(' ').collect();
    let with_body = matches!(request.method.as_str(), "POST" | "PUT" | "PATCH");
    let required = ALWAYS_SIGNED.iter().chain(if with_body { BODY_SIGNED.iter() } else { [].iter() });
    if let Some(missing) = required.into_iter().find(|name| !signed.contains(name)) {
        return Err(OciError::not_authenticated(format!("The signature must cover `{missing}`.")));
    }
    check_date(request, account, now)?;
    if with_body {
        check_body_headers(request)?;
    }
    let signing_string = signing_string(request, &signed)?;
    let signature = STANDARD
        .decode(param(params, "signature")?)
        .map_err(|_| OciError::not_authenticated("The signature is not base64."))?;
    UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, account.public_key)
        .verify(signing_string.as_bytes(), &signature)
        .map_err(|_| {
            OciError::not_authenticated(
                "The required information to complete authentication was not provided or was incorrect.",
            )
        })
}

fn check_date(request: &Request, account: &Account<'_>, now: OffsetDateTime) -> Result<(), OciError> {
    let date = request.header("date").unwrap_or_default();
    let parsed = time::PrimitiveDateTime::parse(date, HTTP_DATE)
        .map_err(|_| OciError::not_authenticated("The date header is not an HTTP date."))?
        .assume_utc();
    if let Some(skew) = account.max_clock_skew_secs
        && (parsed - now).whole_seconds().abs() > skew
    {
        return Err(OciError::not_authenticated(
            "The date header is more than 5 minutes from the server's time.",
        ));
    }
    Ok(())
}

/// `x-content-sha256` and `content-length` must describe the body that arrived.
fn check_body_headers(request: &Request) -> Result<(), OciError> {
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, &request.body);
    if request.header("x-content-sha256") != Some(STANDARD.encode(digest.as_ref()).as_str()) {
        return Err(OciError::not_authenticated("x-content-sha256 is not the SHA-256 of the body."));
    }
    if request.header("content-length") != Some(request.body.len().to_string().as_str()) {
        return Err(OciError::not_authenticated("content-length is not the length of the body."));
    }
    Ok(())
}

/// One `name: value` line per signed name, in the listed order; `(request-target)` is the
/// lower-case method and the path and query exactly as they arrived.
fn signing_string(request: &Request, signed: &[&str]) -> Result<String, OciError> {
    let lines = signed.iter().map(|name| {
        if *name == "(request-target)" {
            let target = if request.raw_query.is_empty() {
                request.path.clone()
            } else {
                format!("{}?{}", request.path, request.raw_query)
            };
            return Ok(format!("(request-target): {} {target}", request.method.to_ascii_lowercase()));
        }
        let values: Vec<&str> =
            request.headers.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect();
        if values.is_empty() {
            return Err(OciError::not_authenticated(format!("The signed header `{name}` did not arrive.")));
        }
        Ok(format!("{name}: {}", values.join(", ")))
    });
    Ok(lines.collect::<Result<Vec<_>, _>>()?.join("\n"))
}

/// The value of `name="..."` among the comma-separated signature parameters.
fn param<'a>(params: &'a str, name: &str) -> Result<&'a str, OciError> {
    params
        .split(',')
        .find_map(|part| part.trim().strip_prefix(name)?.strip_prefix('='))
        .map(|value| value.trim_matches('"'))
        .ok_or_else(|| OciError::not_authenticated(format!("The signature has no {name}.")))
}
