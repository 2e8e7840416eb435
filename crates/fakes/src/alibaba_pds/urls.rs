//! The presigned URLs of the fake's data host: `<data endpoint><path>?Expires=<unix seconds>&Signature=<hex>`,
//! where the signature is HMAC-SHA256, under a key only the fake knows, of the method, the path
//! and the expiry. Like OSS's presigned URLs, the URL alone is the credential.

use aws_lc_rs::hmac;

/// Signs and checks the data host's URLs.
pub struct UrlSigner {
    key: hmac::Key,
}

/// Why a URL is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No `Expires`/`Signature`, or a signature that does not match (a forged or altered URL).
    Forged,
    /// A genuine URL past its `Expires`.
    Expired,
}

impl UrlSigner {
    pub fn new(secret: &[u8]) -> UrlSigner {
        UrlSigner { key: hmac::Key::new(hmac::HMAC_SHA256, secret) }
    }

    /// The URL for `method` on `path` (which starts with `/`), valid until `expires`.
    pub fn sign(&self, endpoint: &str, method: &str, path: &str, expires: i64) -> String {
        let signature = self.signature(method, path, expires);
        format!("{endpoint}{path}?Expires={expires}&Signature={signature}")
    }

    /// Checks a request's query (`Expires`, `Signature`) for `method` on `path` at `now`.
    pub fn verify(
        &self,
        method: &str,
        path: &str,
        query: &[(String, String)],
        now: i64,
    ) -> Result<(), Refusal> {
        let value = |name: &str| query.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
        let (Some(expires), Some(signature)) = (value("Expires"), value("Signature")) else {
            return Err(Refusal::Forged);
        };
        let Ok(expires) = expires.parse::<i64>() else { return Err(Refusal::Forged) };
        let Some(signature) = from_hex(signature) else { return Err(Refusal::Forged) };
        let message = canonical(method, path, expires);
        hmac::verify(&self.key, message.as_bytes(), &signature).map_err(|_| Refusal::Forged)?;
        if now > expires { Err(Refusal::Expired) } else { Ok(()) }
    }

    fn signature(&self, method: &str, path: &str, expires: i64) -> String {
        let tag = hmac::sign(&self.key, canonical(method, path, expires).as_bytes());
        tag.as_ref().iter().map(|b| format!("{b:02x}")).collect()
    }
}

fn canonical(method: &str, path: &str, expires: i64) -> String {
    format!("{method}\n{path}\n{expires}")
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}
