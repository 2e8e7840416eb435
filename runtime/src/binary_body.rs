//! The value of a binary request payload (`type: binary`, `location: payload`): bytes held in
//! memory, or a stream of known length read from a file or an `AsyncRead` ([`UploadBody`]).
//! Generated request builders take anything that converts into it.

use bytes::Bytes;

use crate::body::UploadBody;
use crate::call::Call;

/// A raw request body: in memory, or streamed from a source of known length.
#[derive(Debug, Clone, PartialEq)]
pub enum BinaryBody {
    /// Bytes held in memory: every signing scheme can hash them, every retry resends them.
    Bytes(Bytes),
    /// Streamed from a file or reader; see [`UploadBody`] for which schemes sign it and when a
    /// call carrying it is retried.
    Stream(UploadBody),
}

impl BinaryBody {
    /// The number of bytes sent.
    pub fn len(&self) -> u64 {
        match self {
            BinaryBody::Bytes(bytes) => bytes.len() as u64,
            BinaryBody::Stream(body) => body.len(),
        }
    }

    /// True for a body of no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// An empty body: what a request decoded from a JSON example (which has no bytes) holds.
impl Default for BinaryBody {
    fn default() -> Self {
        BinaryBody::Bytes(Bytes::new())
    }
}

impl From<Bytes> for BinaryBody {
    fn from(bytes: Bytes) -> Self {
        BinaryBody::Bytes(bytes)
    }
}

impl From<Vec<u8>> for BinaryBody {
    fn from(bytes: Vec<u8>) -> Self {
        BinaryBody::Bytes(Bytes::from(bytes))
    }
}

impl From<&'static [u8]> for BinaryBody {
    fn from(bytes: &'static [u8]) -> Self {
        BinaryBody::Bytes(Bytes::from_static(bytes))
    }
}

impl From<String> for BinaryBody {
    fn from(text: String) -> Self {
        BinaryBody::Bytes(Bytes::from(text))
    }
}

impl From<UploadBody> for BinaryBody {
    fn from(body: UploadBody) -> Self {
        BinaryBody::Stream(body)
    }
}

impl Call {
    /// `body` as the raw body of the call, with `content_type`. Sharing, not copying: bytes are
    /// reference-counted and a stream's source is shared with the request it came from.
    pub fn binary_body(&mut self, body: &BinaryBody, content_type: &str) -> &mut Self {
        match body {
            BinaryBody::Bytes(bytes) => self.bytes_body(bytes.clone(), content_type),
            BinaryBody::Stream(stream) => self.stream_body(stream.clone(), content_type),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::Body;

    #[test]
    fn bytes_and_streams_become_the_matching_call_body() {
        let mut call = Call::new("Put", "PUT");
        call.binary_body(&BinaryBody::from(b"abc".to_vec()), "application/octet-stream");
        assert_eq!(
            call.body,
            Body::Bytes {
                bytes: Bytes::from_static(b"abc"),
                content_type: "application/octet-stream".into()
            }
        );
        let stream = UploadBody::from_reader(&b"xyz"[..], 3);
        call.binary_body(&BinaryBody::from(stream.clone()), "text/plain");
        assert_eq!(call.body, Body::Stream { body: stream, content_type: "text/plain".into() });
        assert_eq!(BinaryBody::default().len(), 0);
    }
}
