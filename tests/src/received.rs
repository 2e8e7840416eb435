//! Checks of a request as the mock server received it.
//!
//! A signature is verified the way the vendor's server does it: from the bytes that arrived
//! (raw path, query, headers, body) and the known test secret, never from what the client
//! computed. For the HMAC schemes the canonical form is rebuilt with the runtime's
//! `signing_steps`, the code the vendor vectors pin down; the check is that the received request,
//! re-canonicalised, reproduces the received `Authorization`. For OCI the signing string is
//! rebuilt here from the `headers="…"` list, as the OCI server does, and the RSA signature is
//! verified with the public key: no client code is involved.

use aws_lc_rs::signature::{RSA_PKCS1_2048_8192_SHA256, UnparsedPublicKey};
use base64::Engine;
use cloudspec_runtime::sign::{acs3, apig, tc3};
use wiremock::Request;

use crate::credentials;

/// A received request in the shapes the signers take.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    /// The path exactly as it arrived, percent-encoding included.
    pub raw_path: String,
    /// The query string exactly as it arrived (`None` when there was none).
    pub raw_query: Option<String>,
    /// The query, decoded.
    pub query: Vec<(String, String)>,
    /// Every header, lower-case names, in arrival order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn from(request: &Request) -> Self {
        Received {
            method: request.method.as_str().to_owned(),
            raw_path: request.url.path().to_owned(),
            raw_query: request.url.query().map(str::to_owned),
            query: request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect(),
            headers: request
                .headers
                .iter()
                .map(|(name, value)| {
                    (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned())
                })
                .collect(),
            body: request.body.clone(),
        }
    }

    /// The single value of header `name`; panics when it is missing or repeated.
    pub fn header(&self, name: &str) -> &str {
        let values: Vec<&str> = self
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect();
        match values.as_slice() {
            [one] => one,
            [] => panic!("header `{name}` was not sent; headers: {:?}", self.header_names()),
            many => panic!("header `{name}` was sent {} times", many.len()),
        }
    }

    pub fn has_header(&self, name: &str) -> bool {
        self.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
    }

    pub fn header_names(&self) -> Vec<&str> {
        self.headers.iter().map(|(n, _)| n.as_str()).collect()
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("the body is not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// The body as decoded `application/x-www-form-urlencoded` pairs.
    pub fn form(&self) -> Vec<(String, String)> {
        let text = std::str::from_utf8(&self.body).expect("a form body is ASCII");
        wiremock::http::Url::parse(&format!("http://x/?{text}"))
            .expect("form parses as a query")
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }
}

/// A parameter of an Authorization value: `SCHEME k1=v1, k2=v2` (TC3, APIG, ACS3) or
/// `Signature k1="v1",k2="v2"` (OCI); quotes are removed.
fn auth_param<'a>(authorization: &'a str, name: &str) -> &'a str {
    let params = authorization.split_once(' ').map_or(authorization, |(_, rest)| rest);
    params
        .split(',')
        .filter_map(|part| part.trim().strip_prefix(name)?.strip_prefix('='))
        .next()
        .map(|v| v.trim_matches('"'))
        .unwrap_or_else(|| panic!("no `{name}` in Authorization {authorization:?}"))
}

/// Verifies a TC3-HMAC-SHA256 request signed with [`credentials::tencent`] for `service`.
pub fn verify_tc3(received: &Received, service: &str) {
    verify_tc3_with(received, service, credentials::TENCENT_SECRET_ID, credentials::TENCENT_SECRET_KEY);
}

/// Verifies a TC3-HMAC-SHA256 request signed for `service` with the key pair `secret_id`,
/// `secret_key` (temporary credentials a fake STS issued).
pub fn verify_tc3_with(received: &Received, service: &str, secret_id: &str, secret_key: &str) {
    let authorization = received.header("authorization");
    let timestamp: i64 = received.header("x-tc-timestamp").parse().expect("X-TC-Timestamp is Unix seconds");
    let signed: Vec<&str> = auth_param(authorization, "SignedHeaders").split(';').collect();
    for required in ["content-type", "host", "x-tc-action"] {
        assert!(signed.contains(&required), "TC3 must sign {required}; signed {signed:?}");
    }
    let input = tc3::Tc3Input {
        method: &received.method,
        path: &received.raw_path,
        query: &received.query,
        headers: &received.headers,
        body: &received.body,
        service,
        timestamp,
        secret_id,
        secret_key,
    };
    let steps = tc3::signing_steps(&input, &signed).expect("every signed header arrived");
    // What the server hashes, decided here from the received bytes rather than by the signer:
    // with `X-TC-Content-SHA256: UNSIGNED-PAYLOAD` the literal string, else the body.
    let unsigned = received.has_header("x-tc-content-sha256");
    if unsigned {
        assert_eq!(received.header("x-tc-content-sha256"), "UNSIGNED-PAYLOAD", "the only value TC3 defines");
    }
    let hashed: &[u8] = if unsigned { b"UNSIGNED-PAYLOAD" } else { &received.body };
    assert_eq!(steps.hashed_payload, sha256_hex(hashed), "TC3 payload line (unsigned payload: {unsigned})");
    assert!(steps.canonical_request.ends_with(&format!("\n{}", steps.hashed_payload)));
    assert_eq!(
        authorization, steps.authorization,
        "TC3 signature does not verify; canonical request:\n{}",
        steps.canonical_request
    );
}

/// Verifies an ACS3-HMAC-SHA256 request signed with [`credentials::alibaba`].
pub fn verify_acs3(received: &Received) {
    verify_acs3_with(received, credentials::ALIBABA_ACCESS_KEY_ID, credentials::ALIBABA_ACCESS_KEY_SECRET);
}

/// Verifies an ACS3-HMAC-SHA256 request signed with the key pair `access_key_id`,
/// `access_key_secret` (temporary credentials a fake STS issued).
pub fn verify_acs3_with(received: &Received, access_key_id: &str, access_key_secret: &str) {
    let authorization = received.header("authorization");
    let input = acs3::Acs3Input {
        method: &received.method,
        path: &received.raw_path,
        query: &received.query,
        headers: &received.headers,
        payload: acs3::Payload::Body(&received.body),
        access_key_id,
        access_key_secret,
    };
    let steps = acs3::signing_steps(&input);
    assert_eq!(
        received.header("x-acs-content-sha256"),
        steps.hashed_payload,
        "x-acs-content-sha256 is not the hash of the body that arrived"
    );
    for required in ["host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce"] {
        assert!(steps.signed_headers.split(';').any(|h| h == required), "ACS3 must sign {required}");
    }
    assert_eq!(
        authorization, steps.authorization,
        "ACS3 signature does not verify; canonical request:\n{}",
        steps.canonical_request
    );
}

/// Verifies a Huawei SDK-HMAC-SHA256 request signed with [`credentials::huawei_aksk`].
pub fn verify_apig(received: &Received) {
    let authorization = received.header("authorization");
    let signed: Vec<&str> = auth_param(authorization, "SignedHeaders").split(';').collect();
    for required in ["host", "x-sdk-date"] {
        assert!(signed.contains(&required), "APIG must sign {required}; signed {signed:?}");
    }
    let input = apig::ApigInput {
        method: &received.method,
        path: &received.raw_path,
        query: &received.query,
        headers: &received.headers,
        body: &received.body,
        access_key: credentials::HUAWEI_AK,
        secret_key: credentials::HUAWEI_SK,
    };
    let steps = apig::signing_steps(&input, &signed).expect("every signed header arrived");
    // What the gateway signs in place of the body, decided here from the received bytes: a
    // body that arrived with `X-Sdk-Content-Sha256` (which must then be signed) is covered by
    // that header's value; any other body by its hash.
    let unsigned = !received.body.is_empty() && received.has_header("x-sdk-content-sha256");
    let expected_payload = if unsigned {
        assert_eq!(received.header("x-sdk-content-sha256"), "UNSIGNED-PAYLOAD");
        assert!(signed.contains(&"x-sdk-content-sha256"), "the unsigned-payload marker must be signed");
        "UNSIGNED-PAYLOAD".to_owned()
    } else {
        sha256_hex(&received.body)
    };
    assert_eq!(steps.hashed_payload, expected_payload, "APIG payload line (unsigned payload: {unsigned})");
    assert!(steps.canonical_request.ends_with(&format!("\n{expected_payload}")));
    assert_eq!(
        authorization, steps.authorization,
        "APIG signature does not verify; canonical request:\n{}",
        steps.canonical_request
    );
}

/// Verifies an OCI rsa-sha256 signature as the OCI server does, with the test key's public half.
pub fn verify_oci(received: &Received) {
    let authorization = received.header("authorization");
    assert!(authorization.starts_with("Signature "), "not an OCI signature: {authorization}");
    assert_eq!(auth_param(authorization, "version"), "1");
    assert_eq!(auth_param(authorization, "algorithm"), "rsa-sha256");
    let key_id = auth_param(authorization, "keyId");
    assert_eq!(
        key_id,
        format!("{}/{}/{}", credentials::OCI_TENANCY, credentials::OCI_USER, credentials::OCI_FINGERPRINT)
    );
    let names: Vec<&str> = auth_param(authorization, "headers").split(' ').collect();
    let mut required = vec!["date", "(request-target)", "host"];
    if matches!(received.method.as_str(), "POST" | "PUT" | "PATCH") {
        required.extend(["content-length", "content-type", "x-content-sha256"]);
        let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, &received.body);
        let expected = base64::engine::general_purpose::STANDARD.encode(digest.as_ref());
        assert_eq!(
            received.header("x-content-sha256"),
            expected,
            "x-content-sha256 is not the hash of the body"
        );
        assert_eq!(received.header("content-length"), received.body.len().to_string());
    }
    assert_eq!(names, required, "OCI signs these headers in this order");
    let target = match &received.raw_query {
        Some(query) => format!("{} {}?{query}", received.method.to_ascii_lowercase(), received.raw_path),
        None => format!("{} {}", received.method.to_ascii_lowercase(), received.raw_path),
    };
    let signing_string = names
        .iter()
        .map(|name| match *name {
            "(request-target)" => format!("(request-target): {target}"),
            other => format!("{other}: {}", received.header(other)),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let signature = base64::engine::general_purpose::STANDARD
        .decode(auth_param(authorization, "signature"))
        .expect("the signature is base64");
    let public_key = oci_public_key();
    UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, public_key)
        .verify(signing_string.as_bytes(), &signature)
        .unwrap_or_else(|_| panic!("OCI signature does not verify over:\n{signing_string}"));
}

/// Lower-case hex SHA-256, computed here with aws-lc rather than by the runtime's signers.
fn sha256_hex(bytes: &[u8]) -> String {
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, bytes);
    digest.as_ref().iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The DER `RSAPublicKey` of the OCI test key.
fn oci_public_key() -> Vec<u8> {
    use aws_lc_rs::signature::KeyPair;
    let body: String = credentials::OCI_PRIVATE_KEY_PEM.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64::engine::general_purpose::STANDARD.decode(body).expect("PEM body is base64");
    let pair = aws_lc_rs::signature::RsaKeyPair::from_der(&der).expect("PKCS#1 key parses");
    pair.public_key().as_ref().to_vec()
}
