//! Alibaba Cloud `ACS3-HMAC-SHA256`, the V3 signature.
//!
//! Canonical request = method, path, canonical query, canonical headers, signed-header list
//! and the hashed payload, joined by `\n`. The string to sign is the algorithm name and the hex
//! SHA-256 of the canonical request; the signature is HMAC-SHA256 under the raw AccessKey
//! secret (V2's `&` suffix is gone). V3 signs every `host`, `content-type` and `x-acs-*` header
//! present, so there is no signed-header list to pass.

use super::RequestParts;
use super::canonical::{SignedHeaderSet, ValueCase, canonical_request};
use super::crypto::{hex_lower, hmac_sha256, sha256_hex};
use super::utc::UtcFields;
use crate::credentials::AlibabaCredentials;

/// The algorithm name, first word of the `Authorization` header and of the string to sign.
pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// What the canonical request's last line is computed from.
#[derive(Debug, Clone, Copy)]
pub enum Payload<'a> {
    /// The exact body bytes; hashed with SHA-256.
    Body(&'a [u8]),
    /// A hex digest used as is. Alibaba's SDK helpers accept one (and its unit test passes one),
    /// so the vectors need it; the transport always hashes the body.
    PrecomputedHash(&'a str),
}

/// Everything ACS3 signs, given explicitly.
#[derive(Debug, Clone, Copy)]
pub struct Acs3Input<'a> {
    /// The method as the caller gives it; passed through unchanged (the SDK helper's unit test
    /// relies on its default `GET`).
    pub method: &'a str,
    /// The path as sent (already percent-encoded); empty means `/`.
    pub path: &'a str,
    /// Decoded query pairs (RPC-style APIs put the operation parameters here).
    pub query: &'a [(String, String)],
    /// All request headers, including `host` and the `x-acs-*` ones when they are to be signed.
    pub headers: &'a [(String, String)],
    pub payload: Payload<'a>,
    pub access_key_id: &'a str,
    pub access_key_secret: &'a str,
}

/// Every intermediate value of an ACS3 signature, named like the vectors' `expected` keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acs3Steps {
    pub hashed_payload: String,
    pub canonical_request: String,
    pub hashed_canonical_request: String,
    pub string_to_sign: String,
    pub signature: String,
    /// The `SignedHeaders` value, e.g. `host;x-acs-action;...`.
    pub signed_headers: String,
    pub authorization: String,
}

/// Whether V3 signs a header of this (lower-case) name.
fn is_signed(name: &str) -> bool {
    name == "host" || name == "content-type" || name.starts_with("x-acs-")
}

/// Signs `input`.
pub fn signing_steps(input: &Acs3Input<'_>) -> Acs3Steps {
    let hashed_payload = match input.payload {
        Payload::Body(body) => sha256_hex(body),
        Payload::PrecomputedHash(hash) => hash.to_owned(),
    };
    let signed = SignedHeaderSet::matching(input.headers, ValueCase::Keep, is_signed);
    let signed_headers = signed.names();
    let path = if input.path.is_empty() { "/" } else { input.path };
    let canonical_request = canonical_request(input.method, path, input.query, &signed, &hashed_payload);
    let hashed_canonical_request = sha256_hex(canonical_request.as_bytes());
    let string_to_sign = format!("{ALGORITHM}\n{hashed_canonical_request}");
    let signature = hex_lower(&hmac_sha256(input.access_key_secret.as_bytes(), string_to_sign.as_bytes()));
    let authorization = format!(
        "{ALGORITHM} Credential={},SignedHeaders={signed_headers},Signature={signature}",
        input.access_key_id
    );
    Acs3Steps {
        hashed_payload,
        canonical_request,
        hashed_canonical_request,
        string_to_sign,
        signature,
        signed_headers,
        authorization,
    }
}

/// The headers to add to an ACS3 request: `x-acs-date`, `x-acs-signature-nonce`,
/// `x-acs-content-sha256`, `x-acs-security-token` (temporary credentials only) and
/// `Authorization`. The caller has already set `x-acs-action`, `x-acs-version` and, when there
/// is a body, `content-type`; it must not set the headers this function adds. `nonce` must be
/// unique per request (Alibaba rejects a replayed nonce within 15 minutes).
pub fn sign(
    parts: &RequestParts<'_>,
    creds: &AlibabaCredentials,
    date: time::OffsetDateTime,
    nonce: &str,
) -> Vec<(String, String)> {
    // Hashed once: the header carries the digest and the canonical request ends with it.
    let content_sha256 = sha256_hex(parts.body);
    let mut added = vec![
        ("x-acs-date".to_owned(), UtcFields::from_datetime(date).iso8601_extended()),
        ("x-acs-signature-nonce".to_owned(), nonce.to_owned()),
        ("x-acs-content-sha256".to_owned(), content_sha256.clone()),
    ];
    if let Some(token) = creds.security_token() {
        added.push(("x-acs-security-token".to_owned(), token.expose().to_owned()));
    }
    let mut headers = parts.headers_with_host();
    headers.extend(added.iter().cloned());
    let steps = signing_steps(&Acs3Input {
        method: parts.method,
        path: parts.path,
        query: parts.query,
        headers: &headers,
        payload: Payload::PrecomputedHash(&content_sha256),
        access_key_id: creds.access_key_id(),
        access_key_secret: creds.access_key_secret().expose(),
    });
    added.push(("Authorization".to_owned(), steps.authorization));
    added
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn header(name: &str, value: &str) -> (String, String) {
        (name.to_owned(), value.to_owned())
    }

    /// The high-level signer reproduces the "fixed parameter values" example of Alibaba's V3
    /// page from the caller's headers, a time and a nonce.
    #[test]
    fn sign_reproduces_the_documented_example() {
        let query = vec![
            ("ImageId".to_owned(), "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd".to_owned()),
            ("RegionId".to_owned(), "cn-shanghai".to_owned()),
        ];
        let headers = vec![header("x-acs-action", "RunInstances"), header("x-acs-version", "2014-05-26")];
        let parts = RequestParts {
            method: "POST",
            host: "ecs.cn-shanghai.aliyuncs.com",
            path: "/",
            query: &query,
            headers: &headers,
            body: b"",
        };
        let creds = AlibabaCredentials::new("YourAccessKeyId", "YourAccessKeySecret");
        let added =
            sign(&parts, &creds, datetime!(2023-10-26 10:22:32 UTC), "3156853299f313e23d1673dc12e1703d");
        assert_eq!(
            added,
            vec![
                header("x-acs-date", "2023-10-26T10:22:32Z"),
                header("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"),
                header(
                    "x-acs-content-sha256",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
                ),
                header(
                    "Authorization",
                    "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;\
                     x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,\
                     Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
                ),
            ]
        );
    }

    #[test]
    fn sign_signs_the_security_token_and_content_type() {
        let headers = vec![header("Content-Type", "application/json"), header("x-acs-action", "A")];
        let parts =
            RequestParts { method: "POST", host: "h", path: "/", query: &[], headers: &headers, body: b"{}" };
        let creds = AlibabaCredentials::new("id", "secret").with_security_token("sts");
        let added = sign(&parts, &creds, datetime!(2024-01-02 03:04:05 UTC), "n");
        assert_eq!(added[3], header("x-acs-security-token", "sts"));
        let authorization = &added[4].1;
        assert!(
            authorization.contains(
                "SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;\
                 x-acs-security-token;x-acs-signature-nonce,"
            ),
            "{authorization}"
        );
    }

    #[test]
    fn an_empty_path_is_the_root() {
        let steps = signing_steps(&Acs3Input {
            method: "GET",
            path: "",
            query: &[],
            headers: &[],
            payload: Payload::Body(b""),
            access_key_id: "id",
            access_key_secret: "secret",
        });
        assert!(steps.canonical_request.starts_with("GET\n/\n\n\n\n"), "{:?}", steps.canonical_request);
    }
}
