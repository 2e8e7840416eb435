//! Binary bodies that are never held whole in memory: request bodies streamed from a file or an
//! [`AsyncRead`] of known length, and response bodies handed to the caller as a [`ByteStream`]
//! with a per-call size limit (distinct from the JSON cap,
//! [`DEFAULT_MAX_RESPONSE_BYTES`](crate::DEFAULT_MAX_RESPONSE_BYTES)).
//!
//! Replay: a body read from a file is opened again for each attempt, so a streamed upload from
//! a file is retried like any other call. A body from an `AsyncRead` can be read once; a call
//! carrying one is never retried (the first failure is returned), since the bytes the failed
//! attempt consumed are gone.
//!
//! Signing: the HMAC and RSA schemes sign a hash of the body, which a streamed body does not have
//! before it is sent. The token schemes (Huawei IAM token, bearer) sign nothing of the body and
//! take streams as they are. TC3 and Huawei AK/SK take them as an unsigned payload, the way the
//! vendors' SDKs do (`X-TC-Content-SHA256: UNSIGNED-PAYLOAD`, `X-Sdk-Content-Sha256:
//! UNSIGNED-PAYLOAD`; see `sign::tc3` and `sign::apig`): the signature covers the request but
//! not the body's bytes, which TLS alone protects. A bytes body is always hashed. ACS3 and OCI
//! have no unsigned form their official signers use for every operation, so with them a call with
//! a streamed body fails before sending, naming the scheme (pass the body as bytes instead).
//! Under TC3 and Huawei AK/SK an empty stream is signed as the empty body it is, unmarked.
//!
//! Time: for a service call, the client's `timeout` bounds a whole attempt, the streamed body
//! included (raise it, per call with `CallOptions`, for large transfers). Its `read_timeout`
//! bounds silence instead: the attempt fails once that long passes with no chunk of the body
//! taken by the connection, or with no answer after the last one, however long the upload
//! takes while its bytes flow. A presigned `PUT` is bounded the same way (see
//! `PresignedClient`). A client built over the user's own `reqwest::Client` sends streamed
//! bodies with that client's settings.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, Take};
use tokio_util::io::ReaderStream;

use crate::call::Call;
use crate::error::{DecodeError, EncodeError, Error, TooLargeError, TransportError};
use crate::transport::Transport;
use crate::typed_headers;

/// Size of the chunks read from an upload source.
const CHUNK: usize = 64 * 1024;

type Reader = Box<dyn AsyncRead + Send + Unpin>;

/// A request body streamed from a source of known length (sent with `Content-Length`).
#[derive(Clone)]
pub struct UploadBody {
    length: u64,
    source: Source,
}

#[derive(Clone)]
enum Source {
    /// Opened again for every attempt.
    File(Arc<PathBuf>),
    /// Taken by the first attempt.
    Reader(Arc<Mutex<Option<Reader>>>),
}

impl UploadBody {
    /// The whole file at `path`, its length read now; a retry opens the file again.
    pub async fn from_file(path: impl AsRef<Path>) -> io::Result<Self> {
        let path = path.as_ref().to_path_buf();
        let length = tokio::fs::metadata(&path).await?.len();
        Ok(UploadBody { length, source: Source::File(Arc::new(path)) })
    }

    /// Exactly `length` bytes read from `reader`, once. A reader that ends early fails the
    /// call; bytes past `length` are not read.
    pub fn from_reader(reader: impl AsyncRead + Send + Unpin + 'static, length: u64) -> Self {
        UploadBody { length, source: Source::Reader(Arc::new(Mutex::new(Some(Box::new(reader))))) }
    }

    /// The number of bytes sent.
    pub fn len(&self) -> u64 {
        self.length
    }

    /// True for a body of no bytes.
    pub fn is_empty(&self) -> bool {
        self.length == 0
    }

    /// Whether every attempt can send the body again (a file), so the call may be retried.
    pub fn is_replayable(&self) -> bool {
        matches!(self.source, Source::File(_))
    }

    /// The chunks of the body for one attempt.
    pub(crate) async fn open_chunks(&self) -> Result<ExactLength, EncodeError> {
        let reader: Reader = match &self.source {
            Source::File(path) => {
                let file = tokio::fs::File::open(path.as_path())
                    .await
                    .map_err(|e| EncodeError::Body(format!("cannot open {}: {e}", path.display())))?;
                Box::new(file)
            }
            Source::Reader(slot) => slot.lock().map_err(|_| poisoned())?.take().ok_or_else(|| {
                EncodeError::Body("the body was read by an earlier attempt and cannot be sent again".into())
            })?,
        };
        Ok(ExactLength::new(reader, self.length))
    }
}

fn poisoned() -> EncodeError {
    EncodeError::Body("the body source was poisoned by a panic".into())
}

impl fmt::Debug for UploadBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.source {
            Source::File(path) => format!("file {}", path.display()),
            Source::Reader(_) => "reader".to_owned(),
        };
        f.debug_struct("UploadBody").field("length", &self.length).field("source", &source).finish()
    }
}

impl PartialEq for UploadBody {
    /// The same source (not merely equal bytes) and length.
    fn eq(&self, other: &Self) -> bool {
        self.length == other.length
            && match (&self.source, &other.source) {
                (Source::File(a), Source::File(b)) => a == b,
                (Source::Reader(a), Source::Reader(b)) => Arc::ptr_eq(a, b),
                _ => false,
            }
    }
}

/// The chunks of `reader`, exactly `remaining` bytes: an early end is an error (the declared
/// `Content-Length` would be a lie), and nothing past the length is read.
pub(crate) struct ExactLength {
    chunks: ReaderStream<Take<Reader>>,
    remaining: u64,
}

impl ExactLength {
    fn new(reader: Reader, length: u64) -> Self {
        ExactLength { chunks: ReaderStream::with_capacity(reader.take(length), CHUNK), remaining: length }
    }
}

impl Stream for ExactLength {
    type Item = io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        match Pin::new(&mut this.chunks).poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                this.remaining -= chunk.len() as u64;
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(None) if this.remaining > 0 => {
                let message =
                    format!("the body source ended {} bytes before its declared length", this.remaining);
                this.remaining = 0;
                Poll::Ready(Some(Err(io::Error::new(io::ErrorKind::UnexpectedEof, message))))
            }
            other => other,
        }
    }
}

/// A successful response whose body was not read yet: handed from the attempt that received
/// it to [`crate::Transport::download`]. Cloning shares it; the first taker gets the body.
#[derive(Clone)]
pub(crate) struct PendingBody {
    response: Arc<Mutex<Option<reqwest::Response>>>,
    limit: u64,
}

impl PendingBody {
    pub(crate) fn new(response: reqwest::Response, limit: u64) -> Self {
        PendingBody { response: Arc::new(Mutex::new(Some(response))), limit }
    }

    pub(crate) fn take(&self, request_id: Option<String>) -> Option<ByteStream> {
        let response = self.response.lock().ok()?.take()?;
        Some(ByteStream::from_response(response, self.limit, request_id))
    }
}

impl fmt::Debug for PendingBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingBody").field("limit", &self.limit).finish_non_exhaustive()
    }
}

type Chunks = Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>;

/// A response body as it arrives, chunk by chunk, never past its size limit: a body larger
/// than the limit ends the stream with [`Error::TooLarge`].
pub struct ByteStream {
    chunks: Chunks,
    content_length: Option<u64>,
    limit: u64,
    received: u64,
    status: u16,
    request_id: Option<String>,
    done: bool,
}

impl ByteStream {
    /// The body of `response`, limited to `limit` bytes.
    pub(crate) fn from_response(response: reqwest::Response, limit: u64, request_id: Option<String>) -> Self {
        ByteStream {
            status: response.status().as_u16(),
            content_length: response.content_length(),
            chunks: Box::pin(response.bytes_stream()),
            limit,
            received: 0,
            request_id,
            done: false,
        }
    }

    /// A body already in memory, as a stream of one chunk.
    pub(crate) fn buffered(status: u16, body: Bytes, limit: u64, request_id: Option<String>) -> Self {
        let length = body.len() as u64;
        ByteStream {
            status,
            content_length: Some(length),
            chunks: Box::pin(futures_util::stream::iter([Ok(body)])),
            limit,
            received: 0,
            request_id,
            done: false,
        }
    }

    /// The error for a body announced or found larger than the limit.
    pub(crate) fn too_large_error(&self) -> Option<Error> {
        self.content_length.is_some_and(|length| length > self.limit).then(|| self.too_large())
    }

    /// The length the response announced, if it did.
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }

    /// The size limit of this body.
    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// Every remaining byte in one buffer (for bodies known to be small).
    pub async fn into_bytes(mut self) -> Result<Bytes, Error> {
        let mut all = Vec::with_capacity(self.content_length.unwrap_or(0).min(self.limit) as usize);
        while let Some(chunk) = self.next_chunk().await {
            all.extend_from_slice(&chunk?);
        }
        Ok(Bytes::from(all))
    }

    /// Copies the body into `writer` chunk by chunk and flushes it; gives the number of bytes.
    pub async fn copy_to<W: AsyncWrite + Unpin + ?Sized>(mut self, writer: &mut W) -> Result<u64, CopyError> {
        let mut written = 0;
        while let Some(chunk) = self.next_chunk().await {
            let chunk = chunk.map_err(CopyError::Download)?;
            writer.write_all(&chunk).await.map_err(CopyError::Write)?;
            written += chunk.len() as u64;
        }
        writer.flush().await.map_err(CopyError::Write)?;
        Ok(written)
    }

    /// Writes the body to a new file at `path` (replacing one that exists); a failed download
    /// removes the partial file.
    pub async fn write_to_file(self, path: impl AsRef<Path>) -> Result<u64, CopyError> {
        let path = path.as_ref();
        let mut file = tokio::fs::File::create(path).await.map_err(CopyError::Write)?;
        let result = self.copy_to(&mut file).await;
        if result.is_err() {
            drop(file);
            let _ = tokio::fs::remove_file(path).await;
        }
        result
    }

    /// The next chunk, `None` at the end.
    pub async fn next_chunk(&mut self) -> Option<Result<Bytes, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    fn too_large(&self) -> Error {
        Error::TooLarge(TooLargeError {
            status: self.status,
            limit: self.limit,
            announced: self.content_length,
            request_id: self.request_id.clone(),
        })
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.done {
            return Poll::Ready(None);
        }
        let chunk = match self.chunks.as_mut().poll_next(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(None) => {
                self.done = true;
                return Poll::Ready(None);
            }
            Poll::Ready(Some(Err(error))) => {
                self.done = true;
                let error = if error.is_timeout() {
                    Error::Timeout(crate::TimeoutError { message: error.without_url().to_string() })
                } else {
                    Error::Transport(TransportError::from_reqwest(error))
                };
                return Poll::Ready(Some(Err(error)));
            }
            Poll::Ready(Some(Ok(chunk))) => chunk,
        };
        self.received += chunk.len() as u64;
        if self.received > self.limit {
            self.done = true;
            return Poll::Ready(Some(Err(self.too_large())));
        }
        Poll::Ready(Some(Ok(chunk)))
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("status", &self.status)
            .field("content_length", &self.content_length)
            .field("limit", &self.limit)
            .field("received", &self.received)
            .finish_non_exhaustive()
    }
}

/// Why copying a download somewhere failed.
#[derive(Debug)]
pub enum CopyError {
    /// Receiving the body failed (transport, timeout, size limit).
    Download(Error),
    /// Writing it failed.
    Write(io::Error),
}

impl fmt::Display for CopyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CopyError::Download(error) => write!(f, "the download failed: {error}"),
            CopyError::Write(error) => write!(f, "could not write the download: {error}"),
        }
    }
}

impl std::error::Error for CopyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CopyError::Download(error) => Some(error),
            CopyError::Write(error) => Some(error),
        }
    }
}

/// A downloaded response: status, headers and the body as a stream.
#[derive(Debug)]
pub struct Download {
    /// The HTTP status (2xx).
    pub status: u16,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The vendor's request id, when the headers carry one.
    pub request_id: Option<String>,
    /// The body, not read yet.
    pub body: ByteStream,
}

impl Download {
    /// A response header as text, if present and valid UTF-8.
    pub fn header(&self, name: &str) -> Option<String> {
        typed_headers::text(&self.headers, name)
    }

    /// A response header parsed as `T` (numbers, booleans); absent gives `None`.
    pub fn header_parsed<T: std::str::FromStr>(&self, name: &str) -> Result<Option<T>, DecodeError> {
        typed_headers::parsed(&self.headers, name).map_err(|m| self.header_error(m))
    }

    /// A boolean response header: `true` / `false` in any case; absent gives `None`.
    pub fn header_bool(&self, name: &str) -> Result<Option<bool>, DecodeError> {
        typed_headers::boolean(&self.headers, name).map_err(|m| self.header_error(m))
    }

    /// A timestamp response header: an HTTP date, RFC 3339, or whole seconds since the Unix
    /// epoch; absent gives `None`.
    pub fn header_time(&self, name: &str) -> Result<Option<time::OffsetDateTime>, DecodeError> {
        typed_headers::time(&self.headers, name).map_err(|m| self.header_error(m))
    }

    /// A timestamp response header written as milliseconds since the Unix epoch; absent gives
    /// `None`.
    pub fn header_epoch_millis(&self, name: &str) -> Result<Option<time::OffsetDateTime>, DecodeError> {
        typed_headers::epoch_millis(&self.headers, name).map_err(|m| self.header_error(m))
    }

    /// A header the operation documents as always present.
    pub fn required_header<T: std::str::FromStr>(&self, name: &str) -> Result<T, DecodeError> {
        typed_headers::required(&self.headers, name).map_err(|m| self.header_error(m))
    }

    /// The body is not read for a header problem, so the error carries no snippet.
    fn header_error(&self, message: String) -> DecodeError {
        DecodeError {
            status: Some(self.status),
            message,
            snippet: String::new(),
            request_id: self.request_id.clone(),
        }
    }
}

impl Transport {
    /// Sends `call` like [`Transport::send`] and hands over the body of its successful answer
    /// unread, as a stream of at most `max_bytes` (an answer announcing more fails at once with
    /// [`Error::TooLarge`]). Error answers are read and parsed as for any call, and retried
    /// under the same policy; a failure while the body streams ends the stream with the error
    /// and is not retried (the caller already holds part of the body). The client's `timeout`
    /// bounds the whole attempt, body included: raise it for large downloads.
    pub async fn download(&self, mut call: Call, max_bytes: u64) -> Result<Download, Error> {
        call.download_limit = Some(max_bytes);
        let response = self.send(call).await?;
        let request_id = response.request_id();
        let body = match response.streamed.as_ref().and_then(|pending| pending.take(request_id.clone())) {
            Some(body) => body,
            None => {
                ByteStream::buffered(response.status, response.body.clone(), max_bytes, request_id.clone())
            }
        };
        if let Some(error) = body.too_large_error() {
            return Err(error);
        }
        Ok(Download { status: response.status, headers: response.headers, request_id, body })
    }

    /// [`download`](Self::download) for a generated operation, with its typed error code.
    pub async fn download_typed<E: for<'a> From<&'a str>>(
        &self,
        call: Call,
        max_bytes: u64,
    ) -> Result<Download, Error<E>> {
        self.download(call, max_bytes).await.map_err(Error::typed)
    }
}
