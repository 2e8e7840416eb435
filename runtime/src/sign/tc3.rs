//! Tencent Cloud `TC3-HMAC-SHA256`, the API 3.0 "signature v3".
//!
//! Canonical request = method, path, canonical query, canonical headers (names and values
//! lower-cased), signed-header list and hex SHA-256 of the body, joined by `\n`. The string to
//! sign adds the timestamp and the credential scope `<UTC date>/<service>/tc3_request`; the key
//! is derived by chained HMACs over "TC3" + secret key, the date, the service and
//! `tc3_request`.

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

/// Everything TC3 signs, given explicitly. The signed-header list is passed beside it.
#[derive(Debug, Clone, Copy)]
pub struct Tc3Input<'a> {
    pub method: &'a str,
    /// The path as sent (already percent-encoded); TC3 APIs use `/`.
    pub path: &'a str,
    /// Decoded query pairs; a POST JSON request has none.
    pub query: &'a [(String, String)],
    /// All request headers, including `Host` when it is to be signed.
    pub headers: &'a [(String, String)],
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
/// `X-TC-Action` are signed (those of them present).
pub fn sign(
    parts: &RequestParts<'_>,
    creds: &TencentCredentials,
    service: &str,
    timestamp: i64,
) -> Vec<(String, String)> {
    let headers = parts.headers_with_host();
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

fn steps(input: &Tc3Input<'_>, signed: &SignedHeaderSet) -> Tc3Steps {
    let hashed_payload = sha256_hex(input.body);
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
        let input = Tc3Input {
            method: "POST",
            path: "/",
            query: &[],
            headers: &headers,
            body: b"{}",
            service: "cvm",
            timestamp: 0,
            secret_id: "id",
            secret_key: "key",
        };
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
        let input = Tc3Input {
            method: "POST",
            path: "/",
            query: &[],
            headers: &headers,
            body: b"",
            service: "cvm",
            timestamp: 0,
            secret_id: "id",
            secret_key: "key",
        };
        let steps = signing_steps(&input, &["host"]).expect("host is present");
        let debug = format!("{steps:?}");
        assert!(!debug.contains(&steps.secret_signing_hex) && debug.contains("<redacted>"), "{debug}");
    }
}
