//! Scrubbing the credential values a call used out of text the server sent back.
//!
//! A server can echo a request's `Authorization` or token header in an error body (some
//! gateways do on 401). Error messages, body snippets and the tracing events that format them
//! must not carry those values, so the error path replaces every credential value the client
//! holds, and every authentication header it sent, with `<redacted>`.
//!
//! What counts as a secret: secret keys, session and security tokens, IAM and bearer tokens,
//! whole authentication headers and the signature inside them. Access key ids (Tencent's
//! SecretId, Alibaba's AccessKeyId, Huawei's AK) and OCI's tenancy/user/fingerprint are not
//! redacted: they identify the key without granting anything, vendors quote them in error
//! messages ("AccessKeyId ... not found"), and that is what a user needs to see to fix a
//! misconfiguration.

use std::sync::Arc;

use crate::transport::Auth;

/// What replaces a secret.
const MARK: &str = "<redacted>";

/// Values shorter than this are not looked for: they would erase ordinary words and numbers
/// from every message while protecting nothing (no real key or token is this short).
const MIN_SECRET_LEN: usize = 4;

/// The request headers whose values authenticate a request.
const CREDENTIAL_HEADERS: [&str; 5] =
    ["authorization", "x-auth-token", "x-tc-token", "x-acs-security-token", "x-security-token"];

/// The secret strings of one call, longest first so that a whole header is replaced before the
/// signature inside it.
#[derive(Default)]
pub(crate) struct Redactor {
    secrets: Vec<String>,
}

/// Never the secrets themselves: a `Response` that holds a redactor can be debug-printed.
impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redactor({} values)", self.secrets.len())
    }
}

/// What a redactor for one call is made of, kept instead of the redactor itself: most calls
/// succeed and never build an error, so the secrets are only gathered (and escaped, sorted)
/// when one is. Holds the credentials the call was signed with and only the credential
/// headers it sent, never the rest of the request.
#[derive(Clone)]
pub(crate) struct CallSecrets {
    auth: Arc<Auth>,
    credential_headers: Vec<(String, String)>,
}

/// Never the secrets themselves: a `Response` that holds them can be debug-printed.
impl std::fmt::Debug for CallSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CallSecrets({} credential headers)", self.credential_headers.len())
    }
}

impl CallSecrets {
    /// The credentials `auth` and the credential headers among `laid_out` (the call's own
    /// headers) and `signed` (what the attempt added; taken by value, it is moved, not copied).
    pub(crate) fn new(
        auth: Arc<Auth>,
        laid_out: &[(String, String)],
        mut signed: Vec<(String, String)>,
    ) -> Self {
        signed.retain(|(name, _)| is_credential_header(name));
        signed.extend(laid_out.iter().filter(|(name, _)| is_credential_header(name)).cloned());
        CallSecrets { auth, credential_headers: signed }
    }

    /// The redactor of these secrets, built now.
    pub(crate) fn redactor(&self) -> Redactor {
        Redactor::for_call(&self.auth, &self.credential_headers)
    }
}

fn is_credential_header(name: &str) -> bool {
    CREDENTIAL_HEADERS.iter().any(|known| name.eq_ignore_ascii_case(known))
}

impl Redactor {
    /// The secrets of `auth` and of the credential headers among `sent` (the headers that went
    /// on the wire).
    pub(crate) fn for_call(auth: &Auth, sent: &[(String, String)]) -> Redactor {
        let mut redactor = Redactor::default();
        for secret in auth_secrets(auth) {
            redactor.add(secret);
        }
        for (name, value) in sent {
            if is_credential_header(name) {
                redactor.add_header_value(value);
            }
        }
        redactor.secrets.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        redactor.secrets.dedup();
        redactor
    }

    /// The secrets of a presigned URL: its query as a whole and each of its values, as written
    /// and percent-decoded (the query carries the signature, and often a credential or token).
    pub(crate) fn for_presigned_url(url: &reqwest::Url) -> Redactor {
        let mut redactor = Redactor::default();
        if let Some(query) = url.query() {
            redactor.add(query);
            for pair in query.split('&') {
                let value = pair.split_once('=').map_or("", |(_, value)| value);
                redactor.add(value);
                let decoded = percent_encoding::percent_decode_str(value).decode_utf8_lossy();
                redactor.add(&decoded.replace('+', " "));
                redactor.add(&decoded);
            }
        }
        redactor.secrets.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        redactor.secrets.dedup();
        redactor
    }

    /// `text` with every secret replaced by `<redacted>`.
    pub(crate) fn scrub(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for secret in &self.secrets {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), MARK);
            }
        }
        // Secrets the client never held (an STS answer's keys, a signed URL) by their shape.
        crate::secret_values::mask(&out)
    }

    /// A value as it is, and as it reads inside a JSON string (a server that echoes the
    /// header in a JSON document escapes its quotes and backslashes).
    fn add(&mut self, value: &str) {
        if value.len() < MIN_SECRET_LEN {
            return;
        }
        self.secrets.push(value.to_owned());
        if let Ok(quoted) = serde_json::to_string(value) {
            let escaped = &quoted[1..quoted.len() - 1];
            if escaped != value {
                self.secrets.push(escaped.to_owned());
            }
        }
    }

    /// A credential header: the whole value, the credentials after an auth scheme word
    /// (`Bearer <token>`), and each `Signature=` part (TC3, ACS3, APIG, OCI's `signature="…"`),
    /// so that a server echoing only a piece of the header is scrubbed too.
    fn add_header_value(&mut self, value: &str) {
        self.add(value);
        if let Some((_, credentials)) = value.split_once(' ') {
            self.add(credentials.trim());
        }
        let lower = value.to_ascii_lowercase();
        let mut from = 0;
        while let Some(at) = lower[from..].find("signature=") {
            let start = from + at + "signature=".len();
            let rest = value[start..].trim_start_matches('"');
            let end = rest.find([',', '"', ' ']).unwrap_or(rest.len());
            self.add(&rest[..end]);
            from = start;
        }
    }
}

/// The secret parts of each kind of credentials (never the key ids, see the module docs).
fn auth_secrets(auth: &Auth) -> Vec<&str> {
    let mut secrets = Vec::new();
    match auth {
        Auth::Tencent(credentials) => {
            secrets.push(credentials.secret_key().expose());
            secrets.extend(credentials.token().map(|token| token.expose()));
        }
        Auth::Alibaba(credentials) => {
            secrets.push(credentials.access_key_secret().expose());
            secrets.extend(credentials.security_token().map(|token| token.expose()));
        }
        Auth::HuaweiAkSk(credentials) => {
            secrets.push(credentials.secret_key().expose());
            secrets.extend(credentials.security_token().map(|token| token.expose()));
        }
        Auth::HuaweiToken(token) => secrets.push(token.token().expose()),
        Auth::Bearer(token) => secrets.push(token.token().expose()),
        // The RSA key never exists as text here; its signature is in the sent header.
        Auth::Oci(_) => {}
    }
    secrets
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::{BearerToken, TencentCredentials};

    fn header(name: &str, value: &str) -> (String, String) {
        (name.to_owned(), value.to_owned())
    }

    #[test]
    fn scrubs_keys_tokens_headers_and_signatures() {
        let auth =
            Auth::Tencent(TencentCredentials::new("AKIDvisible", "the-secret-key").with_token("sess-tok"));
        let sent = [
            header(
                "Authorization",
                "TC3-HMAC-SHA256 Credential=AKIDvisible/x, SignedHeaders=a, Signature=abcdef0123",
            ),
            header("X-TC-Token", "sess-tok"),
            header("X-TC-Timestamp", "1700000000"),
        ];
        let redactor = Redactor::for_call(&auth, &sent);
        let echoed = "key the-secret-key token sess-tok sig abcdef0123 id AKIDvisible at 1700000000";
        assert_eq!(
            redactor.scrub(echoed),
            "key <redacted> token <redacted> sig <redacted> id AKIDvisible at 1700000000"
        );
        let whole = format!("echo: {}", sent[0].1);
        assert_eq!(redactor.scrub(&whole), "echo: <redacted>");
    }

    #[test]
    fn scrubs_oci_quoted_signatures_and_json_escaped_headers() {
        let auth = Auth::Bearer(BearerToken::new("bearer-token-1"));
        let oci = r#"Signature version="1",keyId="t/u/f",algorithm="rsa-sha256",signature="c2lnbmF0dXJl+/=""#;
        let redactor = Redactor::for_call(&auth, &[header("authorization", oci)]);
        assert_eq!(redactor.scrub("s=c2lnbmF0dXJl+/= end"), "s=<redacted> end");
        let json = serde_json::to_string(oci).unwrap();
        assert_eq!(redactor.scrub(&format!("{{\"echo\":{json}}}")), "{\"echo\":\"<redacted>\"}");
        assert_eq!(redactor.scrub("Bearer bearer-token-1"), "Bearer <redacted>");
    }

    #[test]
    fn presigned_url_queries_are_scrubbed_whole_and_by_value() {
        let url =
            reqwest::Url::parse("https://b.example/k?X-Amz-Signature=ab%2Bcd12&X-Amz-Credential=AK%2F2024")
                .unwrap();
        let redactor = Redactor::for_presigned_url(&url);
        assert_eq!(redactor.scrub("sig ab+cd12 cred AK/2024"), "sig <redacted> cred <redacted>");
        assert_eq!(redactor.scrub(url.as_str()), "https://b.example/k?<redacted>");
    }

    #[test]
    fn debug_shows_no_secret() {
        let redactor = Redactor::for_call(&Auth::Bearer(BearerToken::new("bearer-token-1")), &[]);
        assert_eq!(format!("{redactor:?}"), "Redactor(1 values)");
    }

    #[test]
    fn short_values_are_not_looked_for() {
        let auth = Auth::Bearer(BearerToken::new("abc"));
        assert_eq!(Redactor::for_call(&auth, &[]).scrub("abc"), "abc");
    }

    #[test]
    fn call_secrets_keep_only_credential_headers_and_redact_like_the_whole_request() {
        let auth = Auth::Tencent(TencentCredentials::new("AKIDvisible", "the-secret-key"));
        let laid_out = [header("X-TC-Action", "DescribeThings"), header("X-Auth-Token", "caller-token")];
        let signed = vec![
            header("X-TC-Timestamp", "1700000000"),
            header("Authorization", "TC3-HMAC-SHA256 Credential=AKIDvisible/x, Signature=abcdef0123"),
        ];
        let all: Vec<_> = laid_out.iter().cloned().chain(signed.iter().cloned()).collect();
        let secrets = CallSecrets::new(std::sync::Arc::new(auth.clone()), &laid_out, signed);
        assert_eq!(format!("{secrets:?}"), "CallSecrets(2 credential headers)");
        let echoed =
            "key the-secret-key token caller-token sig abcdef0123 action DescribeThings at 1700000000";
        let expected = "key <redacted> token <redacted> sig <redacted> action DescribeThings at 1700000000";
        assert_eq!(secrets.redactor().scrub(echoed), expected);
        assert_eq!(Redactor::for_call(&auth, &all).scrub(echoed), expected);
    }
}
