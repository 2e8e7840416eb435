//! Presigned URLs as typed values: what a response field marked `presigned: upload` or
//! `presigned: download` decodes into. The URL is a credential (its query carries the
//! signature), so `Debug` shows it without the query, and the only things it does are the one
//! transfer it was signed for, through a [`PresignedClient`] (which attaches no credentials).

use std::fmt;

use reqwest::Url;
use serde::{Deserialize, Serialize};

use crate::binary_body::BinaryBody;
use crate::body::Download;
use crate::error::Error;
use crate::presigned::{PresignedClient, PresignedPut};

/// The URL as logs may show it: scheme, host, port and path.
fn shown(url: &str) -> String {
    match Url::parse(url) {
        Ok(mut parsed) => {
            parsed.set_query(None);
            parsed.set_fragment(None);
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
            parsed.to_string()
        }
        Err(_) => "<unparsable URL>".to_owned(),
    }
}

/// A URL another operation returned for uploading raw bytes with a `PUT`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PresignedUploadUrl(String);

/// A URL another operation returned for downloading raw bytes with a `GET`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PresignedDownloadUrl(String);

impl PresignedUploadUrl {
    /// The URL as the service sent it (query and signature included: treat it as a secret).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `PUT`s `body` (bytes, or a stream of known length) to the URL with no credentials.
    /// `content_type`, when the URL was signed with one, must be that one.
    pub async fn put(
        &self,
        client: &PresignedClient,
        body: impl Into<BinaryBody>,
        content_type: Option<&str>,
    ) -> Result<PresignedPut, Error> {
        match body.into() {
            BinaryBody::Bytes(bytes) => client.put_bytes(&self.0, bytes, content_type).await,
            BinaryBody::Stream(stream) => client.put_stream(&self.0, stream, content_type).await,
        }
    }
}

impl PresignedDownloadUrl {
    /// The URL as the service sent it (query and signature included: treat it as a secret).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `GET`s the URL with no credentials, handing over the body unread as a stream of at most
    /// `max_bytes` (an answer announcing more fails at once with [`Error::TooLarge`]).
    pub async fn download(&self, client: &PresignedClient, max_bytes: u64) -> Result<Download, Error> {
        client.get(&self.0, max_bytes).await
    }
}

impl From<String> for PresignedUploadUrl {
    fn from(url: String) -> Self {
        PresignedUploadUrl(url)
    }
}

impl From<String> for PresignedDownloadUrl {
    fn from(url: String) -> Self {
        PresignedDownloadUrl(url)
    }
}

impl fmt::Debug for PresignedUploadUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PresignedUploadUrl({} <query redacted>)", shown(&self.0))
    }
}

impl fmt::Debug for PresignedDownloadUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PresignedDownloadUrl({} <query redacted>)", shown(&self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safety_debug_never_shows_the_signature() {
        let url =
            PresignedUploadUrl::from("https://bucket.example/key?Signature=s3cr3t&Expires=1".to_owned());
        let text = format!("{url:?}");
        assert!(text.contains("https://bucket.example/key") && !text.contains("s3cr3t"), "{text}");
        let url = PresignedDownloadUrl::from("https://u:pw@bucket.example/k?sig=s3cr3t".to_owned());
        let text = format!("{url:?}");
        assert!(!text.contains("s3cr3t") && !text.contains("pw"), "{text}");
        let decoded: PresignedDownloadUrl = serde_json::from_str("\"https://b.example/k?x=1\"").unwrap();
        assert_eq!(decoded.as_str(), "https://b.example/k?x=1");
    }
}
