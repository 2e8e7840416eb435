//! A successful response, and decoding it into an operation's output type.

use std::str::FromStr;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::body::PendingBody;
use crate::envelope::header_request_id;
use crate::error::{DecodeError, snippet};
use crate::protocol::Protocol;
use crate::redact::CallSecrets;
use crate::typed_headers;

/// A response the transport judged successful (2xx and, for Tencent, no `Response.Error`).
#[derive(Debug, Clone)]
pub struct Response {
    pub(crate) protocol: Protocol,
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// The call's credentials, scrubbed from the snippet of a body that does not decode (a
    /// proxy's 200 page can echo the request's headers); the redactor is built from them only
    /// when such an error is.
    pub(crate) secrets: CallSecrets,
    /// The unread body of a download (then `body` is empty).
    pub(crate) streamed: Option<PendingBody>,
}

/// Tencent wraps every result in `{"Response": …}`.
#[derive(serde::Deserialize)]
struct TencentEnvelope<T> {
    #[serde(rename = "Response")]
    response: T,
}

impl Response {
    /// Decodes the body as the operation's output (unwrapping Tencent's envelope).
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {
        if let Some(content_type) = self.headers.get(reqwest::header::CONTENT_TYPE) {
            let essence = content_type.to_str().unwrap_or_default().split(';').next().unwrap_or_default();
            let essence = essence.trim().to_ascii_lowercase();
            if essence != "application/json" && !essence.ends_with("+json") {
                return Err(self.decode_error(format!("expected a JSON body, got content type {essence:?}")));
            }
        }
        // A 204 carries no body, though pages document one for it (Huawei's DeleteFile): it
        // reads as an empty object, so an output whose body fields are all optional decodes,
        // and a required one is named in the decode error. Any other empty answer is broken
        // (a truncated reply) and stays a decode error.
        let body: &[u8] = if self.status == 204 && self.body.is_empty() { b"{}" } else { &self.body };
        let decoded = match self.protocol {
            Protocol::TencentJson => {
                serde_json::from_slice::<TencentEnvelope<T>>(body).map(|envelope| envelope.response)
            }
            _ => serde_json::from_slice::<T>(body),
        };
        decoded.map_err(|e| self.decode_error(format!("the body does not match the documented output ({e})")))
    }

    /// A bare-string body (`type: string`, `location: payload`): a JSON string is decoded; any
    /// other body is taken as its UTF-8 text. Huawei's SDK core does the same (it parses JSON
    /// and falls back to the raw text), so both spellings a service uses are read alike.
    pub fn text_payload(&self) -> Result<String, DecodeError> {
        if let Ok(text) = self.json::<String>() {
            return Ok(text);
        }
        String::from_utf8(self.body.to_vec())
            .map_err(|_| self.decode_error("the body is neither a JSON string nor UTF-8 text".to_owned()))
    }

    /// A response header as text, if present and valid UTF-8.
    pub fn header(&self, name: &str) -> Option<String> {
        typed_headers::text(&self.headers, name)
    }

    /// A response header parsed as `T` (numbers, booleans); absent gives `None`.
    pub fn header_parsed<T: FromStr>(&self, name: &str) -> Result<Option<T>, DecodeError> {
        typed_headers::parsed(&self.headers, name).map_err(|m| self.decode_error(m))
    }

    /// A boolean response header: `true` / `false` in any case; absent gives `None`.
    pub fn header_bool(&self, name: &str) -> Result<Option<bool>, DecodeError> {
        typed_headers::boolean(&self.headers, name).map_err(|m| self.decode_error(m))
    }

    /// A timestamp response header: an HTTP date (`Last-Modified: Wed, 21 Oct 2015 07:28:00
    /// GMT`), RFC 3339, or whole seconds since the Unix epoch; absent gives `None`.
    pub fn header_time(&self, name: &str) -> Result<Option<time::OffsetDateTime>, DecodeError> {
        typed_headers::time(&self.headers, name).map_err(|m| self.decode_error(m))
    }

    /// A timestamp response header written as milliseconds since the Unix epoch; absent gives
    /// `None`.
    pub fn header_epoch_millis(&self, name: &str) -> Result<Option<time::OffsetDateTime>, DecodeError> {
        typed_headers::epoch_millis(&self.headers, name).map_err(|m| self.decode_error(m))
    }

    /// A header the operation documents as always present.
    pub fn required_header<T: FromStr>(&self, name: &str) -> Result<T, DecodeError> {
        typed_headers::required(&self.headers, name).map_err(|m| self.decode_error(m))
    }

    /// The vendor's request id from the headers.
    pub fn request_id(&self) -> Option<String> {
        header_request_id(self.protocol, &self.headers)
    }

    fn decode_error(&self, message: String) -> DecodeError {
        let redactor = self.secrets.redactor();
        DecodeError {
            status: Some(self.status),
            // serde's messages quote the offending value, which can be an echoed credential.
            message: redactor.scrub(&message),
            snippet: snippet(redactor.scrub(&String::from_utf8_lossy(&self.body)).as_bytes()),
            request_id: self
                .request_id()
                .or_else(|| crate::envelope::body_request_id(self.protocol, &self.body))
                .map(|id| redactor.scrub(&id)),
        }
    }
}
