//! Secrets a service sends back in a response body, masked in the text of errors.
//!
//! The call's own credentials are scrubbed by value (`redact`), but a body can hold secrets the
//! client never had: the temporary keys of an STS answer, a presigned URL's signature, a
//! password the service generated. When such a body does not decode, its snippet goes into a
//! `DecodeError` that is logged and shown. So error text is also scrubbed by shape: the value
//! of every JSON member whose name says it is a secret, and the query of every URL that carries
//! a signature or a token.

use std::sync::LazyLock;

use regex::{Captures, Regex};

/// A JSON member with a string value: `"name": "value"` (escapes kept inside the value).
static MEMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#""([A-Za-z0-9_.\-]{1,64})"(\s*:\s*)"((?:[^"\\]|\\.)*)""#).expect("a valid pattern")
});

/// An http(s) URL with a query, up to the first character that cannot be in one unescaped.
static URL_WITH_QUERY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(https?://[^\s"'<>?]+)\?([^\s"'<>]*)"#).expect("a valid pattern"));

/// Words that make a member's name a secret's.
const SECRET_WORDS: [&str; 7] =
    ["secret", "password", "passwd", "token", "credential", "signature", "privatekey"];

/// Endings that, in a name with one of the above, mean the value is about a secret, not the
/// secret itself (`TokenType` a kind, `SecretId` an identifier, `PasswordExpiry` a date).
const NOT_SECRET_ENDINGS: [&str; 11] =
    ["type", "id", "ids", "count", "name", "status", "expiry", "expiration", "expires", "time", "at"];

/// Words that make a name a page cursor's (`NextToken`, `page_token`), never a secret.
const CURSOR_WORDS: [&str; 3] = ["next", "page", "marker"];

/// Query parameter names that carry a signature or a credential.
const SIGNED_QUERY_WORDS: [&str; 6] = ["signature", "token", "credential", "security", "x-oss-", "x-amz-"];

/// What replaces a masked value.
const MARK: &str = "<redacted>";

/// `text` with the values of secret-named JSON members and the queries of signed URLs masked.
pub(crate) fn mask(text: &str) -> String {
    let members = MEMBER.replace_all(text, |caps: &Captures<'_>| {
        if names_a_secret(&caps[1]) {
            format!("\"{}\"{}\"{MARK}\"", &caps[1], &caps[2])
        } else {
            caps[0].to_owned()
        }
    });
    URL_WITH_QUERY
        .replace_all(&members, |caps: &Captures<'_>| {
            let query = caps[2].to_ascii_lowercase();
            if SIGNED_QUERY_WORDS.iter().any(|word| query.contains(word)) {
                format!("{}?{MARK}", &caps[1])
            } else {
                caps[0].to_owned()
            }
        })
        .into_owned()
}

fn names_a_secret(name: &str) -> bool {
    let folded: String =
        name.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
    SECRET_WORDS.iter().any(|word| folded.contains(word))
        && !NOT_SECRET_ENDINGS.iter().any(|ending| folded.ends_with(ending))
        && !CURSOR_WORDS.iter().any(|word| folded.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_keys_of_an_sts_answer_are_masked() {
        let body = r#"{"Credentials": {"AccessKeyId": "STS.NUx", "AccessKeySecret": "9dZk\"q", "SecurityToken": "CAIS+long", "Expiration": "2026-12-06T10:00:00Z"}, "TmpSecretKey": "k3y", "tmp_secret_key":"x", "id_token": "eyJ"}"#;
        let masked = mask(body);
        for secret in ["9dZk", "CAIS", "k3y", "eyJ"] {
            assert!(!masked.contains(secret), "{secret} in {masked}");
        }
        assert!(masked.contains(r#""AccessKeySecret": "<redacted>""#), "{masked}");
        assert!(masked.contains(r#""tmp_secret_key":"<redacted>""#), "{masked}");
        assert!(masked.contains(r#""AccessKeyId": "STS.NUx""#), "an identifier stays: {masked}");
        assert!(masked.contains("2026-12-06T10:00:00Z"), "{masked}");
    }

    #[test]
    fn cursors_kinds_and_identifiers_named_like_secrets_stay() {
        let body = r#"{"NextToken": "abc", "next_marker": "m", "TokenType": "Bearer", "SecretId": "AKID1", "password_expiry": "never"}"#;
        assert_eq!(mask(body), body);
    }

    #[test]
    fn signed_url_queries_are_masked_and_plain_ones_kept() {
        let body = r#"{"url": "https://bucket.oss.example.com/part?x-oss-signature=abc&x-oss-expires=1", "doc": "https://docs.example.com/page?lang=en"}"#;
        let masked = mask(body);
        assert!(masked.contains(r#""https://bucket.oss.example.com/part?<redacted>""#), "{masked}");
        assert!(masked.contains("https://docs.example.com/page?lang=en"), "{masked}");
    }

    #[test]
    fn text_without_json_or_urls_is_unchanged() {
        let text = "invalid type: string \"abc\", expected u64 at line 1 column 30";
        assert_eq!(mask(text), text);
    }
}
