//! Oracle Cloud Infrastructure request signatures: HTTP Signatures (draft-cavage-08) version 1
//! with `rsa-sha256`.
//!
//! The signing string is one `name: value` line per signed header, in the order they are
//! listed, joined by `\n`; the pseudo-header `(request-target)` is the lower-case method and the
//! path and query exactly as sent. It is signed with RSASSA-PKCS1-v1_5 over SHA-256 (no
//! canonical request, no hex digest in between) and the signature travels base64-encoded.

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{RSA_PKCS1_SHA256, RsaKeyPair};

use super::canonical::encode_query;
use super::crypto::{base64_standard, sha256};
use super::utc::UtcFields;
use super::{RequestParts, SignError};
use crate::credentials::OciCredentials;

/// The algorithm name written into the `Authorization` header.
pub const ALGORITHM: &str = "rsa-sha256";

/// Signed on every request, in this order.
const ALWAYS_SIGNED: [&str; 3] = ["date", "(request-target)", "host"];
/// Signed in addition on requests with a body, in this order.
const BODY_SIGNED: [&str; 3] = ["content-length", "content-type", "x-content-sha256"];

/// Produces RSASSA-PKCS1-v1_5 SHA-256 signatures.
///
/// The transport signs with an aws-lc [`RsaKeyPair`]. The trait exists because aws-lc refuses
/// RSA keys under 2048 bits, as OCI itself does for API keys, while the vendor's published
/// examples use a 1024-bit key: a test can supply another implementation and still run the
/// examples through [`signing_steps`].
pub trait SigningKey {
    /// The signature of `message` (the key's modulus length in bytes).
    fn sign_pkcs1_sha256(&self, message: &[u8]) -> Result<Vec<u8>, SignError>;
}

impl SigningKey for RsaKeyPair {
    fn sign_pkcs1_sha256(&self, message: &[u8]) -> Result<Vec<u8>, SignError> {
        // PKCS#1 v1.5 padding is deterministic; aws-lc ignores the random source, but the API
        // asks for one.
        let rng = SystemRandom::new();
        let mut signature = vec![0; self.public_modulus_len()];
        self.sign(&RSA_PKCS1_SHA256, &rng, message, &mut signature).map_err(|_| SignError::Rsa)?;
        Ok(signature)
    }
}

/// Everything OCI signs, given explicitly. The signed-header list is passed beside it.
#[derive(Debug, Clone, Copy)]
pub struct OciInput<'a> {
    pub method: &'a str,
    /// The path and, after `?`, the query, exactly as sent (already percent-encoded).
    pub request_target: &'a str,
    /// The `Host` header value.
    pub host: &'a str,
    /// The request headers other than `host`, `content-length` and `x-content-sha256`, which are
    /// derived (the latter two from the body).
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
    pub tenancy: &'a str,
    pub user: &'a str,
    /// The key's fingerprint as registered with the user (`aa:bb:...`).
    pub fingerprint: &'a str,
}

/// Every intermediate value of an OCI signature, named like the vectors' `expected` keys.
/// OCI has no canonical request or hashed canonical request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OciSteps {
    /// OCI's "signing string".
    pub string_to_sign: String,
    /// Base64 of the RSA signature.
    pub signature: String,
    /// `<tenancy>/<user>/<fingerprint>`.
    pub key_id: String,
    /// Base64 SHA-256 of the body, when `x-content-sha256` is signed.
    pub x_content_sha256: Option<String>,
    /// The body length, when `content-length` is signed.
    pub content_length: Option<String>,
    /// The `headers="..."` value: the signed names, space-separated, in signing order.
    pub signed_headers: String,
    pub authorization: String,
}

/// The `keyId` of an API-key signature.
pub fn key_id(tenancy: &str, user: &str, fingerprint: &str) -> String {
    format!("{tenancy}/{user}/{fingerprint}")
}

/// Signs `input`, covering `signed_headers` in the given order (OCI writes the same order into
/// the `Authorization` header, and the server rebuilds the signing string from it). Besides
/// ordinary headers, the list may name `(request-target)`, `host`, and `content-length` and
/// `x-content-sha256`, which are computed from the body. Fails if another named header is not
/// among `input.headers`, or if the key cannot sign.
pub fn signing_steps(
    input: &OciInput<'_>,
    signed_headers: &[&str],
    key: &dyn SigningKey,
) -> Result<OciSteps, SignError> {
    let mut lines = Vec::with_capacity(signed_headers.len());
    let mut names = Vec::with_capacity(signed_headers.len());
    let mut x_content_sha256 = None;
    let mut content_length = None;
    for name in signed_headers {
        let name = name.to_ascii_lowercase();
        let value = match name.as_str() {
            "(request-target)" => format!("{} {}", input.method.to_ascii_lowercase(), input.request_target),
            "host" => input.host.to_owned(),
            "x-content-sha256" => x_content_sha256.insert(base64_standard(&sha256(input.body))).clone(),
            "content-length" => content_length.insert(input.body.len().to_string()).clone(),
            other => header_value(input.headers, other)
                .ok_or_else(|| SignError::MissingHeader { name: name.clone() })?,
        };
        lines.push(format!("{name}: {value}"));
        names.push(name);
    }
    let string_to_sign = lines.join("\n");
    let signature = base64_standard(&key.sign_pkcs1_sha256(string_to_sign.as_bytes())?);
    let key_id = key_id(input.tenancy, input.user, input.fingerprint);
    let signed_headers = names.join(" ");
    let authorization = format!(
        "Signature version=\"1\",headers=\"{signed_headers}\",keyId=\"{key_id}\",algorithm=\"{ALGORITHM}\",signature=\"{signature}\""
    );
    Ok(OciSteps {
        string_to_sign,
        signature,
        key_id,
        x_content_sha256,
        content_length,
        signed_headers,
        authorization,
    })
}

/// The value of header `name` (lower-case): the trimmed values of every header of that name,
/// joined by `, ` as draft-cavage prescribes for repeated headers.
fn header_value(headers: &[(String, String)], name: &str) -> Option<String> {
    let values: Vec<&str> = headers
        .iter()
        .filter(|(existing, _)| existing.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.trim())
        .collect();
    (!values.is_empty()).then(|| values.join(", "))
}

/// The path and query as the transport sends them.
fn request_target(parts: &RequestParts<'_>) -> String {
    if parts.query.is_empty() {
        parts.path.to_owned()
    } else {
        format!("{}?{}", parts.path, encode_query(parts.query))
    }
}

/// Whether OCI signs the body of a request with this method.
fn has_signed_body(method: &str) -> bool {
    ["POST", "PUT", "PATCH"].iter().any(|m| m.eq_ignore_ascii_case(method))
}

/// The headers to add to an OCI request: `date`, then for POST, PUT and PATCH
/// `x-content-sha256` and `content-length`, then `authorization`. Signs `date`,
/// `(request-target)`, `host` and, for those methods, `content-length`, `content-type` and
/// `x-content-sha256`. The caller must not set `date` itself, and must set `content-type` on a
/// request with a body ([`SignError::MissingHeader`] otherwise). The query is assumed to be
/// sent as [`encode_query`] writes it.
pub fn sign(
    parts: &RequestParts<'_>,
    creds: &OciCredentials,
    date: time::OffsetDateTime,
) -> Result<Vec<(String, String)>, SignError> {
    let date = UtcFields::from_datetime(date).imf_fixdate();
    let mut headers = parts.headers.to_vec();
    headers.push(("date".to_owned(), date.clone()));
    let mut signed_headers = ALWAYS_SIGNED.to_vec();
    let with_body = has_signed_body(parts.method);
    if with_body {
        signed_headers.extend(BODY_SIGNED);
    }
    let request_target = request_target(parts);
    let input = OciInput {
        method: parts.method,
        request_target: &request_target,
        host: parts.host,
        headers: &headers,
        body: parts.body,
        tenancy: creds.tenancy(),
        user: creds.user(),
        fingerprint: creds.fingerprint(),
    };
    let steps = signing_steps(&input, &signed_headers, creds.key())?;
    let mut added = vec![("date".to_owned(), date)];
    if let (Some(digest), Some(length)) = (steps.x_content_sha256, steps.content_length) {
        added.push(("x-content-sha256".to_owned(), digest));
        added.push(("content-length".to_owned(), length));
    }
    added.push(("authorization".to_owned(), steps.authorization));
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::test_keys::RSA_2048_PKCS1_PEM;
    use aws_lc_rs::signature::{KeyPair as _, RSA_PKCS1_2048_8192_SHA256, UnparsedPublicKey};
    use time::macros::datetime;

    fn header(name: &str, value: &str) -> (String, String) {
        (name.to_owned(), value.to_owned())
    }

    fn creds() -> OciCredentials {
        OciCredentials::from_pem("ocid1.tenancy.oc1..t", "ocid1.user.oc1..u", "aa:bb", RSA_2048_PKCS1_PEM)
            .expect("the test key loads")
    }

    fn verify(creds: &OciCredentials, signing_string: &str, authorization: &str) {
        let signature = authorization
            .rsplit_once("signature=\"")
            .and_then(|(_, rest)| rest.strip_suffix('"'))
            .expect("authorization ends with the signature");
        let signature =
            base64::Engine::decode(&base64::engine::general_purpose::STANDARD, signature).expect("base64");
        let public_key =
            UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, creds.key().public_key().as_ref());
        public_key.verify(signing_string.as_bytes(), &signature).expect("the signature verifies");
    }

    #[test]
    fn sign_get_covers_date_target_and_host() {
        let creds = creds();
        let query = vec![("availabilityDomain".to_owned(), "Pjwf: PHX-AD-1".to_owned())];
        let parts = RequestParts {
            method: "GET",
            host: "iaas.us-phoenix-1.oraclecloud.com",
            path: "/20160918/instances",
            query: &query,
            headers: &[],
            body: b"",
        };
        let added = sign(&parts, &creds, datetime!(2014-01-05 21:31:40 UTC)).expect("signs");
        assert_eq!(added.len(), 2);
        assert_eq!(added[0], header("date", "Sun, 05 Jan 2014 21:31:40 GMT"));
        let authorization = &added[1].1;
        assert!(
            authorization.starts_with(
                "Signature version=\"1\",headers=\"date (request-target) host\",\
                 keyId=\"ocid1.tenancy.oc1..t/ocid1.user.oc1..u/aa:bb\",algorithm=\"rsa-sha256\",signature=\""
            ),
            "{authorization}"
        );
        verify(
            &creds,
            "date: Sun, 05 Jan 2014 21:31:40 GMT\n\
             (request-target): get /20160918/instances?availabilityDomain=Pjwf%3A%20PHX-AD-1\n\
             host: iaas.us-phoenix-1.oraclecloud.com",
            authorization,
        );
    }

    #[test]
    fn sign_post_adds_and_covers_the_body_headers() {
        let creds = creds();
        let headers = vec![header("Content-Type", "application/json")];
        let parts = RequestParts {
            method: "POST",
            host: "h.example",
            path: "/x",
            query: &[],
            headers: &headers,
            body: b"",
        };
        let added = sign(&parts, &creds, datetime!(2014-01-05 21:31:40 UTC)).expect("signs");
        assert_eq!(added[1], header("x-content-sha256", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="));
        assert_eq!(added[2], header("content-length", "0"));
        verify(
            &creds,
            "date: Sun, 05 Jan 2014 21:31:40 GMT\n(request-target): post /x\nhost: h.example\n\
             content-length: 0\ncontent-type: application/json\n\
             x-content-sha256: 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
            &added[3].1,
        );
    }

    #[test]
    fn a_body_method_without_content_type_is_an_error() {
        let parts =
            RequestParts { method: "PUT", host: "h", path: "/", query: &[], headers: &[], body: b"{}" };
        let error = sign(&parts, &creds(), datetime!(2014-01-05 21:31:40 UTC)).err();
        assert_eq!(error, Some(SignError::MissingHeader { name: "content-type".to_owned() }));
    }
}
