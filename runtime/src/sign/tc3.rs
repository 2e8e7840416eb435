//! Tencent Cloud `TC3-HMAC-SHA256`, the API 3.0 "signature v3".
//!
//! Canonical request = method, path, canonical query, canonical headers (names and values
//! lower-cased), signed-header list and hex SHA-256 of the body, joined by `\n`. The string to
//! sign adds the timestamp and the credential scope `<UTC date>/<service>/tc3_request`; the key
//! is derived by chained HMACs over "TC3" + secret key, the date, the service and
//! `tc3_request`.
//!
//! Unsigned payload: a request carrying `X-TC-Content-SHA256: UNSIGNED-PAYLOAD` signs the
//! SHA-256 of the literal string `UNSIGNED-PAYLOAD` in place of the body's hash, so a body can be
//! streamed without being read first. This is the Tencent SDK's `unsignedPayload` profile option:
//! `tencentcloud-sdk-python-common`, `tencentcloud/common/abstract_client.py`,
//! `AbstractClient._build_req_with_tc3_signature` sets the header and
//! `AbstractClient._get_tc3_signature` replaces the payload with `"UNSIGNED-PAYLOAD"` before
//! `hashlib.sha256(payload)` (the literal is hashed, not used as the hash).

use std::fmt;

use super::canonical::{SignedHeaderSet, ValueCase, canonical_request};
use super::crypto::{hex_lower, hmac_sha256, sha256_hex};
use super::utc::UtcFields;
use super::{RequestParts, SignError};
use crate::credentials::TencentCredentials;

/// The algorithm name, first word of the `Authorization` header and of the string to sign.
pub const ALGORITHM: &str = "TC3-HMAC-SHA256";

/// The headers the high-level signer covers, as the current Tencent documentation signs them.
const SIGNED_BY_DEFAULT: [&str; 3] = ["content-type", "host", "x-tc-action"];

/// The header that switches a request to an unsigned payload, and the value that does it (the
/// SDK compares the value exactly, so the case matters).
pub const CONTENT_SHA256_HEADER: &str = "X-TC-Content-SHA256";
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// Everything TC3 signs, given explicitly. The signed-header list is passed beside it.
#[derive(Debug, Clone, Copy)]
pub struct Tc3Input<'a> {
    pub method: &'a str,
    /// The path as sent (already percent-encoded); TC3 APIs use `/`.
    pub path: &'a str,
    /// Decoded query pairs; a POST JSON request has none.
    pub query: &'a [(String, String)],
    /// All request headers, including `Host` when it is to be signed. With
    /// [`CONTENT_SHA256_HEADER`] set to [`UNSIGNED_PAYLOAD`] the body is not hashed.
    pub headers: &'a [(String, String)],
    /// The body bytes; ignored for an unsigned payload.
    pub body: &'a [u8],
    /// The credential-scope service, e.g. `cvm` (the first label of the endpoint host).
    pub service: &'a str,
    /// Unix seconds, the value of `X-TC-Timestamp`.
    pub timestamp: i64,
    pub secret_id: &'a str,
    pub secret_key: &'a str,
}

/// Every intermediate value of a TC3 signature, named like the vectors' `expected` keys.
#[derive(Clone, PartialEq, Eq)]
pub struct Tc3Steps {
    pub hashed_payload: String,
    pub canonical_request: String,
    pub hashed_canonical_request: String,
    pub credential_scope: String,
    pub string_to_sign: String,
    /// The derived keys, hex. Each is a credential for its scope, so `Debug` hides them.
    pub secret_date_hex: String,
    pub secret_service_hex: String,
    pub secret_signing_hex: String,
    pub signature: String,
    /// The `SignedHeaders` value, e.g. `content-type;host;x-tc-action`.
    pub signed_headers: String,
    pub authorization: String,
}

impl fmt::Debug for Tc3Steps {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tc3Steps")
            .field("hashed_payload", &self.hashed_payload)
            .field("canonical_request", &self.canonical_request)
            .field("hashed_canonical_request", &self.hashed_canonical_request)
            .field("credential_scope", &self.credential_scope)
            .field("string_to_sign", &self.string_to_sign)
            .field("secret_date_hex", &crate::Redacted)
            .field("secret_service_hex", &crate::Redacted)
            .field("secret_signing_hex", &crate::Redacted)
            .field("signature", &self.signature)
            .field("signed_headers", &self.signed_headers)
            .field("authorization", &self.authorization)
            .finish()
    }
}

/// Signs `input`, covering exactly the headers named in `signed_headers` (any case; sorted as
/// TC3 requires). Fails if one of them is not among `input.headers`.
pub fn signing_steps(input: &Tc3Input<'_>, signed_headers: &[&str]) -> Result<Tc3Steps, SignError> {
    let signed = SignedHeaderSet::named(input.headers, signed_headers, ValueCase::Lower)?;
    Ok(steps(input, &signed))
}

/// The headers to add to a TC3 request: `Authorization`, and `X-TC-Token` when the credentials
/// are temporary. The caller has already set `Content-Type`, `X-TC-Action`, `X-TC-Version`,
/// `X-TC-Timestamp` (equal to `timestamp`) and `X-TC-Region`; `Content-Type`, `Host` and
/// `X-TC-Action` are signed (those of them present). The body's hash is signed.
pub fn sign(
    parts: &RequestParts<'_>,
    creds: &TencentCredentials,
    service: &str,
    timestamp: i64,
) -> Vec<(String, String)> {
    sign_with(parts, creds, service, timestamp, &[])
}

/// Like [`sign`], for a body that is streamed rather than held: the headers to add start with
/// `X-TC-Content-SHA256: UNSIGNED-PAYLOAD`, and the signature covers the hash of that literal
/// instead of the body (`parts.body` is not read). Like the SDK, the header itself is not among
/// the signed headers: a request stripped of it fails verification, because the server then
/// hashes the body.
pub fn sign_unsigned_payload(
    parts: &RequestParts<'_>,
    creds: &TencentCredentials,
    service: &str,
    timestamp: i64,
) -> Vec<(String, String)> {
    let marker = (CONTENT_SHA256_HEADER.to_owned(), UNSIGNED_PAYLOAD.to_owned());
    let mut added = vec![marker.clone()];
    added.extend(sign_with(parts, creds, service, timestamp, &[marker]));
    added
}

/// Signs `parts` with `extra` headers added to them, returning the auth headers (not `extra`).
fn sign_with(
    parts: &RequestParts<'_>,
    creds: &TencentCredentials,
    service: &str,
    timestamp: i64,
    extra: &[(String, String)],
) -> Vec<(String, String)> {
    let mut headers = parts.headers_with_host();
    headers.extend_from_slice(extra);
    let input = Tc3Input {
        method: parts.method,
        path: parts.path,
        query: parts.query,
        headers: &headers,
        body: parts.body,
        service,
        timestamp,
        secret_id: creds.secret_id(),
        secret_key: creds.secret_key().expose(),
    };
    let signed =
        SignedHeaderSet::matching(&headers, ValueCase::Lower, |name| SIGNED_BY_DEFAULT.contains(&name));
    let steps = steps(&input, &signed);
    let mut added = vec![("Authorization".to_owned(), steps.authorization)];
    if let Some(token) = creds.token() {
        // The session token travels beside the signature; TC3 does not sign it.
        added.push(("X-TC-Token".to_owned(), token.expose().to_owned()));
    }
    added
}

/// The canonical request's last line: the hash of the body, or of the literal
/// `UNSIGNED-PAYLOAD` when the request says so (`AbstractClient._get_tc3_signature`).
fn hashed_payload(input: &Tc3Input<'_>) -> String {
    let unsigned = input
        .headers
        .iter()
        .any(|(name, value)| name.eq_ignore_ascii_case(CONTENT_SHA256_HEADER) && value == UNSIGNED_PAYLOAD);
    if unsigned { sha256_hex(UNSIGNED_PAYLOAD.as_bytes()) } else { sha256_hex(input.body) }
}

fn steps(input: &Tc3Input<'_>, signed: &SignedHeaderSet) -> Tc3Steps {
    let hashed_payload = hashed_payload(input);
    let signed_headers = signed.names();
    let canonical_request = canonical_request(input.method, input.path, input.query, signed, &hashed_payload);
    let hashed_canonical_request = sha256_hex(canonical_request.as_bytes());

    // The scope date is the UTC date of the timestamp, not the caller's local date.
    let date = UtcFields::from_unix(input.timestamp).date();
    let credential_scope = format!("{date}/{}/tc3_request", input.service);
    let string_to_sign =
        format!("{ALGORITHM}\n{}\n{credential_scope}\n{hashed_canonical_request}", input.timestamp);

    let secret_date = hmac_sha256(format!("TC3{}", input.secret_key).as_bytes(), date.as_bytes());
    let secret_service = hmac_sha256(&secret_date, input.service.as_bytes());
    let secret_signing = hmac_sha256(&secret_service, b"tc3_request");
    let signature = hex_lower(&hmac_sha256(&secret_signing, string_to_sign.as_bytes()));

    let authorization = format!(
        "{ALGORITHM} Credential={}/{credential_scope}, SignedHeaders={signed_headers}, Signature={signature}",
        input.secret_id
    );
    Tc3Steps {
        hashed_payload,
        canonical_request,
        hashed_canonical_request,
        credential_scope,
        string_to_sign,
        secret_date_hex: hex_lower(&secret_date),
        secret_service_hex: hex_lower(&secret_service),
        secret_signing_hex: hex_lower(&secret_signing),
        signature,
        signed_headers,
        authorization,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(name: &str, value: &str) -> (String, String) {
        (name.to_owned(), value.to_owned())
    }

    /// The body of Tencent's DescribeInstances example, `\u` escapes kept as ASCII.
    const BODY: &str =
        r#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#;

    fn caller_headers() -> Vec<(String, String)> {
        vec![
            header("Content-Type", "application/json; charset=utf-8"),
            header("X-TC-Action", "DescribeInstances"),
            header("X-TC-Timestamp", "1551113065"),
            header("X-TC-Version", "2017-03-12"),
            header("X-TC-Region", "ap-guangzhou"),
        ]
    }

    fn parts<'a>(headers: &'a [(String, String)]) -> RequestParts<'a> {
        RequestParts {
            method: "POST",
            host: "cvm.tencentcloudapi.com",
            path: "/",
            query: &[],
            headers,
            body: BODY.as_bytes(),
        }
    }

    /// A `POST /` to `cvm` at time 0 with credentials `id`/`key`: what most tests sign.
    fn post_input<'a>(headers: &'a [(String, String)], body: &'a [u8]) -> Tc3Input<'a> {
        Tc3Input {
            method: "POST",
            path: "/",
            query: &[],
            headers,
            body,
            service: "cvm",
            timestamp: 0,
            secret_id: "id",
            secret_key: "key",
        }
    }

    /// The high-level signer reproduces the current documentation's example, whose key is
    /// literally 32 asterisks.
    #[test]
    fn sign_reproduces_the_documented_authorization() {
        let headers = caller_headers();
        let creds = TencentCredentials::new("AKID********************************", "*".repeat(32));
        let added = sign(&parts(&headers), &creds, "cvm", 1_551_113_065);
        assert_eq!(
            added,
            vec![header(
                "Authorization",
                "TC3-HMAC-SHA256 Credential=AKID********************************/2019-02-25/cvm/tc3_request, \
                 SignedHeaders=content-type;host;x-tc-action, \
                 Signature=10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f"
            )]
        );
    }

    #[test]
    fn sign_adds_the_session_token_unsigned() {
        let headers = caller_headers();
        let plain = TencentCredentials::new("id", "key");
        let temporary = TencentCredentials::new("id", "key").with_token("session");
        let without = sign(&parts(&headers), &plain, "cvm", 1_551_113_065);
        let with = sign(&parts(&headers), &temporary, "cvm", 1_551_113_065);
        assert_eq!(with[0], without[0], "the token must not change the signature");
        assert_eq!(with[1], header("X-TC-Token", "session"));
    }

    #[test]
    fn signing_steps_rejects_an_absent_signed_header() {
        let headers = vec![header("Host", "cvm.tencentcloudapi.com")];
        let input = post_input(&headers, b"{}");
        let error = signing_steps(&input, &["content-type", "host"]);
        assert_eq!(error.err(), Some(SignError::MissingHeader { name: "content-type".to_owned() }));
    }

    #[test]
    fn a_query_is_canonicalised_sorted_and_encoded() {
        let headers = vec![header("Host", "cvm.tencentcloudapi.com")];
        let query = vec![("Offset".to_owned(), "0".to_owned()), ("Limit".to_owned(), "a b".to_owned())];
        let input = Tc3Input {
            method: "GET",
            path: "/",
            query: &query,
            headers: &headers,
            body: b"",
            service: "cvm",
            timestamp: 0,
            secret_id: "id",
            secret_key: "key",
        };
        let steps = signing_steps(&input, &["host"]).expect("host is present");
        assert!(steps.canonical_request.starts_with("GET\n/\nLimit=a%20b&Offset=0\nhost:"), "{steps:?}");
        assert_eq!(steps.credential_scope, "1970-01-01/cvm/tc3_request");
    }

    #[test]
    fn debug_hides_the_derived_keys() {
        let headers = vec![header("Host", "h")];
        let input = post_input(&headers, b"");
        let steps = signing_steps(&input, &["host"]).expect("host is present");
        let debug = format!("{steps:?}");
        assert!(!debug.contains(&steps.secret_signing_hex) && debug.contains("<redacted>"), "{debug}");
    }

    /// An unsigned-payload vector produced by the vendor's own code: these inputs run through
    /// `tencentcloud-sdk-python-common` 3.1.195, `AbstractClient._get_tc3_signature` (which signs
    /// `content-type;host` only) give this signature. The body is ignored.
    #[test]
    fn signing_steps_reproduce_the_sdk_unsigned_payload_signature() {
        let headers = vec![
            header("Content-Type", "application/octet-stream"),
            header("Host", "wedata.tencentcloudapi.com"),
            header("X-TC-Content-SHA256", "UNSIGNED-PAYLOAD"),
        ];
        let input = Tc3Input {
            method: "POST",
            path: "/",
            query: &[],
            headers: &headers,
            body: b"\x00\x01binary chunk",
            service: "wedata",
            timestamp: 1_551_113_065,
            secret_id: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
            secret_key: "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
        };
        let steps = signing_steps(&input, &["content-type", "host"]).expect("both headers are present");
        // sha256("UNSIGNED-PAYLOAD"), computed with Python's hashlib.
        assert_eq!(steps.hashed_payload, "438d4109ef0d676b8c2c7ed13cdfcb418e494d53b843d4634ce3b1085f07bb96");
        assert!(steps.canonical_request.ends_with(&format!("\n{}", steps.hashed_payload)), "{steps:?}");
        assert_eq!(steps.signature, "e0a096cb48b89c2dc4c487d214f7be7b5e5be2a0e6c7ffeebc2822ca973647fe");
        let other_body = Tc3Input { body: b"anything else", ..input };
        assert_eq!(signing_steps(&other_body, &["content-type", "host"]).unwrap(), steps);
    }

    /// Only the exact value switches the payload off, as the SDK's `==` does.
    #[test]
    fn another_content_sha256_value_keeps_the_body_hashed() {
        let headers = vec![header("Host", "h"), header("X-TC-Content-SHA256", "unsigned-payload")];
        let input = post_input(&headers, b"{}");
        let steps = signing_steps(&input, &["host"]).expect("host is present");
        assert_eq!(steps.hashed_payload, sha256_hex(b"{}"));
    }

    /// The high-level form sends the marker header and signs what `signing_steps` signs for a
    /// request carrying it, without reading `parts.body`.
    #[test]
    fn sign_unsigned_payload_adds_the_marker_and_signs_the_literal() {
        let mut headers = caller_headers();
        headers[0] = header("Content-Type", "application/octet-stream");
        let creds = TencentCredentials::new("id", "key").with_token("session");
        let streamed = RequestParts { body: b"", ..parts(&headers) };
        let added = sign_unsigned_payload(&streamed, &creds, "cvm", 1_551_113_065);
        assert_eq!(added[0], header("X-TC-Content-SHA256", "UNSIGNED-PAYLOAD"));
        assert_eq!(added[2], header("X-TC-Token", "session"));

        let mut sent = headers.clone();
        sent.push(header("Host", "cvm.tencentcloudapi.com"));
        sent.push(added[0].clone());
        let input = Tc3Input { timestamp: 1_551_113_065, ..post_input(&sent, BODY.as_bytes()) };
        let steps = signing_steps(&input, &["content-type", "host", "x-tc-action"]).unwrap();
        assert_eq!(added[1], header("Authorization", &steps.authorization));
        assert_ne!(added[1], sign(&streamed, &creds, "cvm", 1_551_113_065)[0], "the hashed form differs");
    }
}
