//! Huawei Cloud API Gateway AK/SK signing, `SDK-HMAC-SHA256`.
//!
//! Canonical request = method, path with a trailing `/`, canonical query, canonical headers
//! (values trimmed, not lower-cased), signed-header list and hex SHA-256 of the body, joined by
//! `\n`. The string to sign adds the `X-Sdk-Date` value; the signature is HMAC-SHA256 under the
//! raw secret key, with no derived keys.
//!
//! Unsigned payload: a request carrying `X-Sdk-Content-Sha256` signs that header's value in
//! place of the body's hash; `UNSIGNED-PAYLOAD` lets a body be streamed without being read
//! first. This follows `huaweicloudsdkcore`, `huaweicloudsdkcore/signer/signer.py`:
//! `Signer._process_content_header` sets `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` (for every
//! body that is not JSON or BSON) and `Signer._process_hash_payload` returns the empty body's hash
//! for an empty body, else the header's value as is (the literal, not its hash), else the body's
//! hash. The header, like every header without `_`, is among the signed headers.

use super::canonical::{SignedHeaderSet, ValueCase, canonical_request};
use super::crypto::{hex_lower, hmac_sha256, sha256_hex};
use super::utc::UtcFields;
use super::{RequestParts, SignError};
use crate::credentials::HuaweiAkSk;

/// The algorithm name, first word of the `Authorization` header and of the string to sign.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";

/// The header that carries the signing time, and the string to sign's second line.
const DATE_HEADER: &str = "X-Sdk-Date";

/// The header whose value stands in for the body's hash, and the value that marks a body as not
/// hashed.
pub const CONTENT_SHA256_HEADER: &str = "X-Sdk-Content-Sha256";
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// Everything APIG signs, given explicitly. The signed-header list is passed beside it.
#[derive(Debug, Clone, Copy)]
pub struct ApigInput<'a> {
    pub method: &'a str,
    /// The path as sent (already percent-encoded), with or without a trailing `/`.
    pub path: &'a str,
    /// Decoded query pairs.
    pub query: &'a [(String, String)],
    /// All request headers, including `X-Sdk-Date` (the signing time). A non-empty body with
    /// [`CONTENT_SHA256_HEADER`] among them is not hashed: the header's value is signed instead.
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
    pub access_key: &'a str,
    pub secret_key: &'a str,
}

/// Every intermediate value of an APIG signature, named like the vectors' `expected` keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApigSteps {
    pub hashed_payload: String,
    pub canonical_request: String,
    pub hashed_canonical_request: String,
    pub string_to_sign: String,
    pub signature: String,
    /// The `SignedHeaders` value, e.g. `content-type;host;x-sdk-date`.
    pub signed_headers: String,
    pub authorization: String,
}

/// Signs `input`, covering exactly the headers named in `signed_headers` (any case). The
/// Huawei SDKs disagree on which headers to sign (the Java SDK and the signing guide add
/// `content-type` and `host`, the Go SDK only `x-sdk-date`), and the gateway accepts any set
/// that includes the date, so the choice is the caller's. Fails if a named header, or
/// `X-Sdk-Date`, is not among `input.headers`.
pub fn signing_steps(input: &ApigInput<'_>, signed_headers: &[&str]) -> Result<ApigSteps, SignError> {
    let signed = SignedHeaderSet::named(input.headers, signed_headers, ValueCase::Keep)?;
    let sdk_date = input
        .headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(DATE_HEADER))
        .map(|(_, value)| value.trim())
        .ok_or_else(|| SignError::MissingHeader { name: DATE_HEADER.to_ascii_lowercase() })?;
    Ok(steps(input, &signed, sdk_date, &hashed_payload(input)))
}

/// The canonical request's last line, by `Signer._process_hash_payload`'s rule: an empty body's
/// hash, else the value of [`CONTENT_SHA256_HEADER`] (trimmed, as the SDK trims every header
/// before reading it), else the body's hash.
fn hashed_payload(input: &ApigInput<'_>) -> String {
    if input.body.is_empty() {
        return sha256_hex(b"");
    }
    match input.headers.iter().find(|(name, _)| name.eq_ignore_ascii_case(CONTENT_SHA256_HEADER)) {
        Some((_, value)) => value.trim().to_owned(),
        None => sha256_hex(input.body),
    }
}

/// The headers to add to an APIG request: `X-Sdk-Date`, `X-Security-Token` (temporary
/// credentials only), `X-Project-Id` (project-scoped credentials only) and `Authorization`.
/// Signs `host`, `x-sdk-date`, `content-type` when present and every other header present
/// except those with `_` in their name, which some proxies drop (the Huawei SDKs skip them for
/// that reason). The body's hash is signed, whatever its content type: the Python SDK marks
/// every body that is not JSON as unsigned, but a body held in memory can be hashed, and then the
/// signature covers its bytes too (a body without the marker is verified by its hash, as every
/// JSON body is).
pub fn sign(
    parts: &RequestParts<'_>,
    creds: &HuaweiAkSk,
    date: time::OffsetDateTime,
) -> Vec<(String, String)> {
    sign_with(parts, creds, date, Payload::Hashed)
}

/// Like [`sign`], for a body that is streamed rather than held (`parts.body` is not read): the
/// headers to add include `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD`, which is signed, and the
/// signature covers that literal in place of the body's hash. Only for a streamed body that is
/// not empty: for an empty body the SDK signs the empty body's hash whatever the header says
/// (see [`hashed_payload`]), so an empty stream is signed with [`sign`].
pub fn sign_unsigned_payload(
    parts: &RequestParts<'_>,
    creds: &HuaweiAkSk,
    date: time::OffsetDateTime,
) -> Vec<(String, String)> {
    sign_with(parts, creds, date, Payload::Unsigned)
}

/// What the signature covers in place of the body.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Payload {
    Hashed,
    Unsigned,
}

fn sign_with(
    parts: &RequestParts<'_>,
    creds: &HuaweiAkSk,
    date: time::OffsetDateTime,
    payload: Payload,
) -> Vec<(String, String)> {
    let sdk_date = UtcFields::from_datetime(date).iso8601_basic();
    let mut added = vec![(DATE_HEADER.to_owned(), sdk_date.clone())];
    if payload == Payload::Unsigned {
        added.push((CONTENT_SHA256_HEADER.to_owned(), UNSIGNED_PAYLOAD.to_owned()));
    }
    if let Some(token) = creds.security_token() {
        added.push(("X-Security-Token".to_owned(), token.expose().to_owned()));
    }
    // Added before signing, so the signature covers it (huaweicloudsdkcore's
    // `BasicCredentials.sign_request` does the same).
    if let Some(project_id) = creds.project_id() {
        added.push(("X-Project-Id".to_owned(), project_id.to_owned()));
    }
    let mut headers = parts.headers_with_host();
    headers.extend(added.iter().cloned());
    let input = ApigInput {
        method: parts.method,
        path: parts.path,
        query: parts.query,
        headers: &headers,
        body: parts.body,
        access_key: creds.access_key(),
        secret_key: creds.secret_key().expose(),
    };
    let signed = SignedHeaderSet::matching(&headers, ValueCase::Keep, |name| !name.contains('_'));
    // The streamed body is not in `parts.body`, so the rule of `hashed_payload` (which reads the
    // body it is given) cannot tell that it is not empty: the literal is used directly.
    let payload_line = match payload {
        Payload::Hashed => hashed_payload(&input),
        Payload::Unsigned => UNSIGNED_PAYLOAD.to_owned(),
    };
    let steps = steps(&input, &signed, &sdk_date, &payload_line);
    added.push(("Authorization".to_owned(), steps.authorization));
    added
}

fn steps(input: &ApigInput<'_>, signed: &SignedHeaderSet, sdk_date: &str, hashed_payload: &str) -> ApigSteps {
    let hashed_payload = hashed_payload.to_owned();
    let signed_headers = signed.names();
    // The gateway canonicalises every path with a trailing slash, whether or not it was sent.
    let canonical_uri =
        if input.path.ends_with('/') { input.path.to_owned() } else { format!("{}/", input.path) };
    let canonical_request =
        canonical_request(input.method, &canonical_uri, input.query, signed, &hashed_payload);
    let hashed_canonical_request = sha256_hex(canonical_request.as_bytes());
    let string_to_sign = format!("{ALGORITHM}\n{sdk_date}\n{hashed_canonical_request}");
    let signature = hex_lower(&hmac_sha256(input.secret_key.as_bytes(), string_to_sign.as_bytes()));
    let authorization = format!(
        "{ALGORITHM} Access={}, SignedHeaders={signed_headers}, Signature={signature}",
        input.access_key
    );
    ApigSteps {
        hashed_payload,
        canonical_request,
        hashed_canonical_request,
        string_to_sign,
        signature,
        signed_headers,
        authorization,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn header(name: &str, value: &str) -> (String, String) {
        (name.to_owned(), value.to_owned())
    }

    /// The high-level signer reproduces the signing guide's VPC listing example.
    #[test]
    fn sign_reproduces_the_signing_guide_example() {
        let query = vec![
            ("limit".to_owned(), "2".to_owned()),
            ("marker".to_owned(), "13551d6b-755d-4757-b956-536f674975c0".to_owned()),
        ];
        let headers = vec![header("Content-Type", "application/json")];
        let parts = RequestParts {
            method: "GET",
            host: "service.region.example.com",
            path: "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
            query: &query,
            headers: &headers,
            body: b"",
        };
        let creds = HuaweiAkSk::new("QTWAOYTTINDUT2QVKYUC", "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc");
        let added = sign(&parts, &creds, datetime!(2019-11-15 03:36:55 UTC));
        assert_eq!(
            added,
            vec![
                header("X-Sdk-Date", "20191115T033655Z"),
                header(
                    "Authorization",
                    "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, \
                     Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"
                ),
            ]
        );
    }

    #[test]
    fn sign_skips_underscored_headers_and_signs_the_security_token() {
        let headers = vec![header("TEST_UNDERSCORE", "x"), header("X-Project-Id", " p1 ")];
        let parts =
            RequestParts { method: "GET", host: "h", path: "/p/", query: &[], headers: &headers, body: b"" };
        let creds = HuaweiAkSk::new("ak", "sk").with_security_token("tok");
        let added = sign(&parts, &creds, datetime!(2006-01-02 15:04:05 UTC));
        assert_eq!(added[1], header("X-Security-Token", "tok"));
        assert!(
            added[2].1.contains("SignedHeaders=host;x-project-id;x-sdk-date;x-security-token,"),
            "{}",
            added[2].1
        );
    }

    #[test]
    fn sdk_huawei_project_id_is_sent_and_signed() {
        let parts =
            RequestParts { method: "GET", host: "h", path: "/p/", query: &[], headers: &[], body: b"" };
        let creds = HuaweiAkSk::new("ak", "sk").with_project_id("p1");
        let added = sign(&parts, &creds, datetime!(2006-01-02 15:04:05 UTC));
        assert_eq!(added[1], header("X-Project-Id", "p1"));
        assert!(added[2].1.contains("SignedHeaders=host;x-project-id;x-sdk-date,"), "{}", added[2].1);
        // The signature is the one over exactly those headers.
        let headers =
            vec![header("host", "h"), header("X-Sdk-Date", "20060102T150405Z"), header("X-Project-Id", "p1")];
        let input = ApigInput {
            method: "GET",
            path: "/p/",
            query: &[],
            headers: &headers,
            body: b"",
            access_key: "ak",
            secret_key: "sk",
        };
        let steps = signing_steps(&input, &["host", "x-project-id", "x-sdk-date"]).unwrap();
        assert_eq!(added[2].1, steps.authorization);
    }

    #[test]
    fn signing_steps_needs_the_date_header() {
        let input = ApigInput {
            method: "GET",
            path: "/",
            query: &[],
            headers: &[],
            body: b"",
            access_key: "ak",
            secret_key: "sk",
        };
        let error = signing_steps(&input, &[]).err();
        assert_eq!(error, Some(SignError::MissingHeader { name: "x-sdk-date".to_owned() }));
    }

    /// An unsigned-payload vector produced by the vendor's own code: an `SdkRequest` with these
    /// inputs signed by `huaweicloudsdkcore` 3.1.219's `Signer.sign` (the octet-stream content
    /// type makes `_process_content_header` add the marker) carries this `Authorization`.
    #[test]
    fn signing_steps_reproduce_the_sdk_unsigned_payload_signature() {
        let query = vec![("part".to_owned(), "1".to_owned())];
        let headers = vec![
            header("Content-Type", "application/octet-stream"),
            header("X-Sdk-Date", "20191115T033655Z"),
            header("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD"),
            header("Host", "obs.example.com"),
        ];
        let input = ApigInput {
            method: "PUT",
            path: "/v1/p1/files/a.bin",
            query: &query,
            headers: &headers,
            body: b"\x00\x01binary chunk",
            access_key: "QTWAOYTTINDUT2QVKYUC",
            secret_key: "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
        };
        let signed = ["content-type", "host", "x-sdk-content-sha256", "x-sdk-date"];
        let steps = signing_steps(&input, &signed).expect("every signed header is present");
        const SDK_AUTHORIZATION: &str = "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, \
            SignedHeaders=content-type;host;x-sdk-content-sha256;x-sdk-date, \
            Signature=1024f2f6daaf115cdde62f942bf27e8082d395c24bea89c180b577d5f225a6fd";
        assert_eq!(steps.hashed_payload, "UNSIGNED-PAYLOAD", "the literal, not its hash");
        assert!(steps.canonical_request.ends_with("\nUNSIGNED-PAYLOAD"), "{steps:?}");
        assert_eq!(steps.authorization, SDK_AUTHORIZATION);

        // The high-level form, given the same request with its body streamed (not in `parts`),
        // sends the marker and the same signature.
        let caller = vec![header("Content-Type", "application/octet-stream")];
        let parts = RequestParts {
            method: "PUT",
            host: "obs.example.com",
            path: input.path,
            query: &query,
            headers: &caller,
            body: b"",
        };
        let creds = HuaweiAkSk::new(input.access_key, input.secret_key);
        let added = sign_unsigned_payload(&parts, &creds, datetime!(2019-11-15 03:36:55 UTC));
        assert_eq!(
            added,
            vec![
                header("X-Sdk-Date", "20191115T033655Z"),
                header("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD"),
                header("Authorization", SDK_AUTHORIZATION),
            ]
        );
    }

    /// `_process_hash_payload`: an empty body is hashed whatever the header says; a body
    /// without the header is hashed.
    #[test]
    fn the_content_header_stands_in_only_for_a_body() {
        let with_marker = vec![
            header("X-Sdk-Date", "20191115T033655Z"),
            header("X-Sdk-Content-Sha256", " UNSIGNED-PAYLOAD "),
        ];
        let without = vec![header("X-Sdk-Date", "20191115T033655Z")];
        let steps_for = |headers: &[(String, String)], body: &[u8]| {
            let input = ApigInput {
                method: "PUT",
                path: "/",
                query: &[],
                headers,
                body,
                access_key: "ak",
                secret_key: "sk",
            };
            signing_steps(&input, &["x-sdk-date"]).expect("the date is present")
        };
        assert_eq!(steps_for(&with_marker, b"").hashed_payload, sha256_hex(b""));
        let marked = steps_for(&with_marker, b"data");
        assert_eq!(marked.hashed_payload, "UNSIGNED-PAYLOAD", "trimmed like every header value");
        assert_eq!(steps_for(&without, b"data").hashed_payload, sha256_hex(b"data"));
    }
}
