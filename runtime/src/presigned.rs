//! Transfers to and from a presigned URL (one that another operation returned, its signature in
//! the query): a `PUT` of raw bytes or of a stream of known length, a `GET` streamed to the
//! caller.
//!
//! The URL is the credential. So: no credentials or authentication headers are ever attached
//! (this client has none), redirects are never followed, `https` is required unless the client
//! allows plain `http`, and the query is kept out of every error and log line (the response
//! body of a failure is scrubbed of every query value: a signature mismatch answer echoes it).
//! The URL goes out as parsed, which leaves a well-formed URL's bytes as they are (the
//! signature covers them).
//! Transfers are not retried: whether a half-done transfer may be repeated is the caller's
//! decision.
//!
//! Silence: a `PUT` takes as long as its body needs; the read timeout bounds the time without
//! progress (see [`crate::upload_silence`]), not the upload.

use std::io;
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use reqwest::Url;
use reqwest::header::HeaderMap;

use crate::body::{ByteStream, Download, UploadBody};
use crate::error::{
    ConfigError, EncodeError, Error, RedirectError, ServiceError, TimeoutError, TransportError, snippet,
};
use crate::redact::Redactor;
use crate::upload_silence::{Progress, Silent};

/// Size of the slices a `PUT` of bytes is handed over in (each one taken is progress).
const SLICE: usize = 64 * 1024;

/// How much of an error answer is read for its code, message and snippet.
const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// Response headers that carry the request id of the storage services presigned URLs point to
/// (S3-compatible, Alibaba OSS, Huawei OBS, Tencent COS, OCI Object Storage).
const REQUEST_ID_HEADERS: [&str; 6] = [
    "x-amz-request-id",
    "x-oss-request-id",
    "x-obs-request-id",
    "x-cos-request-id",
    "opc-request-id",
    "x-request-id",
];

/// Builds a [`PresignedClient`].
#[derive(Debug)]
pub struct PresignedClientBuilder {
    allow_insecure_http: bool,
    connect_timeout: Duration,
    read_timeout: Duration,
    timeout: Option<Duration>,
    root_certificates: Vec<reqwest::Certificate>,
}

impl PresignedClientBuilder {
    /// Accepts `http://` URLs (tests and local fakes): over plain HTTP anyone on the path can
    /// read the URL and replay it until it expires.
    pub fn allow_insecure_http(mut self) -> Self {
        self.allow_insecure_http = true;
        self
    }

    /// Connect timeout (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The longest silence (default 30 s): while the body of a `PUT` is sent with no part of it
    /// taken (the server stopped reading, or the body's source stalled), while an answer is
    /// awaited, or between parts of a downloaded body.
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = timeout;
        self
    }

    /// A bound on a whole transfer, body included (default none: a large transfer takes as long
    /// as it takes, as long as data flows).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Trusts `certificate` as a TLS root besides the system's (private storage endpoints).
    pub fn add_root_certificate(mut self, certificate: reqwest::Certificate) -> Self {
        self.root_certificates.push(certificate);
        self
    }

    /// The client.
    pub fn build(self) -> Result<PresignedClient, ConfigError> {
        let http = |read_timeout: Option<Duration>| {
            let mut http = crate::http_client::builder(&self.root_certificates, self.connect_timeout);
            if let Some(read_timeout) = read_timeout {
                http = http.read_timeout(read_timeout);
            }
            if let Some(timeout) = self.timeout {
                http = http.timeout(timeout);
            }
            http.build().map_err(|e| ConfigError::Http(e.to_string()))
        };
        Ok(PresignedClient {
            http: http(Some(self.read_timeout))?,
            // reqwest's read timeout would bound the whole upload; `Progress` bounds its silence.
            upload_http: http(None)?,
            read_timeout: self.read_timeout,
            allow_insecure_http: self.allow_insecure_http,
        })
    }
}

/// Sends and fetches raw bytes at presigned URLs, with no credentials of its own.
#[derive(Debug, Clone)]
pub struct PresignedClient {
    /// Downloads: reqwest's read timeout bounds the wait for the answer and each body read.
    http: reqwest::Client,
    /// Uploads: no read timeout of reqwest's; `read_timeout` bounds the silence instead.
    upload_http: reqwest::Client,
    read_timeout: Duration,
    allow_insecure_http: bool,
}

impl PresignedClient {
    /// The client without reqwest's read timeout, for bodies whose silence a
    /// [`Progress`](crate::upload_silence) watch bounds instead: a service call's streamed body
    /// goes through it too.
    pub(crate) fn upload_http(&self) -> &reqwest::Client {
        &self.upload_http
    }
}

/// The answer to a successful presigned `PUT`.
#[derive(Debug)]
pub struct PresignedPut {
    /// The HTTP status (2xx).
    pub status: u16,
    /// The response headers (an `ETag`, a version id).
    pub headers: HeaderMap,
    /// The storage service's request id, when the headers carry one.
    pub request_id: Option<String>,
}

impl PresignedClient {
    /// A builder with the defaults: https only, 10 s to connect, 30 s of silence at most.
    pub fn builder() -> PresignedClientBuilder {
        PresignedClientBuilder {
            allow_insecure_http: false,
            connect_timeout: crate::DEFAULT_CONNECT_TIMEOUT,
            read_timeout: crate::DEFAULT_READ_TIMEOUT,
            timeout: None,
            root_certificates: Vec::new(),
        }
    }

    /// `PUT`s `bytes` to `url`. `content_type`, when the URL was signed with one, must be that
    /// one.
    pub async fn put_bytes(
        &self,
        url: &str,
        bytes: impl Into<Bytes>,
        content_type: Option<&str>,
    ) -> Result<PresignedPut, Error> {
        let url = self.check(url)?;
        let bytes = bytes.into();
        let length = bytes.len() as u64;
        self.put_checked(url, slices(bytes), length, content_type).await
    }

    /// `PUT`s `body` to `url`, streamed with its length.
    pub async fn put_stream(
        &self,
        url: &str,
        body: UploadBody,
        content_type: Option<&str>,
    ) -> Result<PresignedPut, Error> {
        let url_checked = self.check(url)?;
        let chunks = body.open_chunks().await.map_err(Error::Encode)?;
        self.put_checked(url_checked, chunks, body.len(), content_type).await
    }

    /// `GET`s `url`, handing over its body unread as a stream of at most `max_bytes` (an answer
    /// announcing more fails at once with [`Error::TooLarge`]).
    pub async fn get(&self, url: &str, max_bytes: u64) -> Result<Download, Error> {
        let url = self.check(url)?;
        let response = self.exchange(self.http.get(url.clone()), &url).await?;
        let headers = response.headers().clone();
        let request_id = request_id(&headers);
        let status = response.status().as_u16();
        let body = ByteStream::from_response(response, max_bytes, request_id.clone());
        if let Some(error) = body.too_large_error() {
            return Err(error);
        }
        Ok(Download { status, headers, request_id, body })
    }

    async fn put_checked(
        &self,
        url: Url,
        chunks: impl Stream<Item = io::Result<Bytes>> + Send + Unpin + 'static,
        length: u64,
        content_type: Option<&str>,
    ) -> Result<PresignedPut, Error> {
        let progress = Progress::new();
        let body = reqwest::Body::wrap_stream(progress.track(chunks));
        let mut request =
            self.upload_http.put(url.clone()).header(reqwest::header::CONTENT_LENGTH, length).body(body);
        if let Some(content_type) = content_type {
            request = request.header(reqwest::header::CONTENT_TYPE, content_type);
        }
        let response = progress.watch(self.read_timeout, self.exchange(request, &url)).await.map_err(
            |Silent| {
                Error::Timeout(TimeoutError {
                    message: format!(
                        "no progress for {:?}: the server took no part of the body, or gave no answer after it",
                        self.read_timeout
                    ),
                })
            },
        )??;
        let headers = response.headers().clone();
        Ok(PresignedPut { status: response.status().as_u16(), request_id: request_id(&headers), headers })
    }

    /// Parses `url` and refuses what this client does not send to: another scheme than https
    /// (or http when allowed), user info (a credential of another kind).
    fn check(&self, url: &str) -> Result<Url, Error> {
        let refuse = |reason: &str| {
            let shown =
                Url::parse(url).map_or_else(|_| "an unparsable URL".to_owned(), |url| without_query(&url));
            Err(Error::Encode(EncodeError::Url(format!("presigned URL {shown}: {reason}"))))
        };
        let Ok(parsed) = Url::parse(url) else { return refuse("not a valid URL") };
        match parsed.scheme() {
            "https" => {}
            "http" if self.allow_insecure_http => {}
            "http" => {
                return refuse(
                    "plain http would expose the URL, whose query is a credential; use https, or \
                     `allow_insecure_http()` on the builder (tests, loopback)",
                );
            }
            _ => return refuse("only https (or http when allowed) is supported"),
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return refuse("user info in the URL is not sent");
        }
        Ok(parsed)
    }

    /// Sends `request` and sorts the answer: a 2xx is returned unread, a 3xx is a redirect
    /// error, anything else a service error built from the (scrubbed) body.
    async fn exchange(
        &self,
        request: reqwest::RequestBuilder,
        url: &Url,
    ) -> Result<reqwest::Response, Error> {
        tracing::debug!(host = url.host_str(), path = url.path(), "presigned transfer");
        let mut response = request.send().await.map_err(|error| {
            if error.is_timeout() && !error.is_connect() {
                Error::Timeout(TimeoutError { message: error.without_url().to_string() })
            } else {
                Error::Transport(TransportError::from_reqwest(error))
            }
        })?;
        let status = response.status().as_u16();
        if (200..300).contains(&status) {
            return Ok(response);
        }
        if (300..400).contains(&status) {
            let location = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|value| value.to_str().ok())
                .and_then(|text| url.join(text).ok())
                .map(|target| without_query(&target));
            return Err(Error::Redirect(RedirectError { status, location }));
        }
        let redactor = Redactor::for_presigned_url(url);
        let mut body = Vec::new();
        while body.len() < ERROR_BODY_LIMIT {
            match response.chunk().await {
                Ok(Some(chunk)) => body.extend_from_slice(&chunk),
                // The status is the error; a body cut short only shortens the snippet.
                Ok(None) | Err(_) => break,
            }
        }
        let text = redactor.scrub(&String::from_utf8_lossy(&body));
        let request_id = request_id(response.headers()).map(|id| redactor.scrub(&id));
        let reason = response.status().canonical_reason().unwrap_or("error");
        let raw_code = element(&text, "Code").unwrap_or_else(|| reason.replace(' ', ""));
        let message = element(&text, "Message").unwrap_or_default();
        let request_id = request_id.or_else(|| element(&text, "RequestId"));
        tracing::debug!(status, code = %raw_code, "presigned transfer failed");
        Err(Error::Service(Box::new(ServiceError {
            status,
            code: raw_code.clone(),
            raw_code,
            message,
            request_id,
            body: snippet(text.as_bytes()),
        })))
    }
}

/// `bytes` as slices that share its buffer.
fn slices(bytes: Bytes) -> impl Stream<Item = io::Result<Bytes>> + Send + Unpin + 'static {
    let count = bytes.len().div_ceil(SLICE);
    futures_util::stream::iter(
        (0..count).map(move |i| Ok(bytes.slice(i * SLICE..bytes.len().min((i + 1) * SLICE)))),
    )
}

/// The text of the first `<name>…</name>` element: the XML error documents of object stores.
fn element(text: &str, name: &str) -> Option<String> {
    let open = format!("<{name}>");
    let start = text.find(&open)? + open.len();
    let end = text[start..].find(&format!("</{name}>"))?;
    Some(text[start..start + end].trim().to_owned())
}

fn request_id(headers: &HeaderMap) -> Option<String> {
    REQUEST_ID_HEADERS
        .iter()
        .find_map(|name| headers.get(*name).and_then(|value| value.to_str().ok()).map(str::to_owned))
}

/// A URL fit for a message: scheme, host, port and path only.
fn without_query(url: &Url) -> String {
    let mut url = url.clone();
    url.set_query(None);
    url.set_fragment(None);
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::pin::Pin;
    use std::task::{Context, Poll};
    use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt, ReadBuf};

    /// A source that gives `chunks` of 1,000 bytes, one every `gap` (real time: the server is
    /// on a real socket).
    struct Trickle {
        chunks: usize,
        gap: Duration,
        sleep: Option<Pin<Box<tokio::time::Sleep>>>,
    }

    impl AsyncRead for Trickle {
        fn poll_read(
            mut self: Pin<&mut Self>,
            cx: &mut Context<'_>,
            buf: &mut ReadBuf<'_>,
        ) -> Poll<io::Result<()>> {
            if self.chunks == 0 {
                return Poll::Ready(Ok(()));
            }
            let gap = self.gap;
            let sleep = self.sleep.get_or_insert_with(|| Box::pin(tokio::time::sleep(gap)));
            std::task::ready!(sleep.as_mut().poll(cx));
            self.sleep = None;
            self.chunks -= 1;
            buf.put_slice(&[7; 1000]);
            Poll::Ready(Ok(()))
        }
    }

    /// A loopback server for one `PUT`: reads the head and `Content-Length` bytes of body, then
    /// answers 200 when `answer` is true (else holds the connection open without a word).
    /// Gives the URL and the number of body bytes it read.
    async fn one_put_server(answer: bool) -> (String, tokio::task::JoinHandle<usize>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/bucket/key?Signature=s", listener.local_addr().unwrap());
        let server = tokio::spawn(async move {
            let (mut stream, _) = listener.accept().await.unwrap();
            let mut received = Vec::new();
            let mut buffer = vec![0; 64 * 1024];
            let (head_end, length) = loop {
                let read = stream.read(&mut buffer).await.unwrap();
                received.extend_from_slice(&buffer[..read]);
                if let Some(end) = received.windows(4).position(|w| w == b"\r\n\r\n") {
                    let head = String::from_utf8_lossy(&received[..end]).to_ascii_lowercase();
                    let length: usize = head
                        .lines()
                        .find_map(|line| line.strip_prefix("content-length:"))
                        .and_then(|v| v.trim().parse().ok())
                        .unwrap();
                    break (end + 4, length);
                }
            };
            while received.len() < head_end + length {
                let read = stream.read(&mut buffer).await.unwrap();
                assert!(read > 0, "the body ended early");
                received.extend_from_slice(&buffer[..read]);
            }
            if answer {
                stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n").await.unwrap();
            } else {
                std::future::pending::<()>().await;
            }
            received.len() - head_end
        });
        (url, server)
    }

    /// A loopback server that answers every `PUT` on a connection 200 and keeps the
    /// connection open; counts the connections it accepted.
    async fn keep_alive_server() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let accepted = std::sync::Arc::new(AtomicUsize::new(0));
        let counter = accepted.clone();
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                counter.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(async move {
                    let mut pending = Vec::new();
                    let mut buffer = vec![0; 64 * 1024];
                    loop {
                        // One request: its head, then `Content-Length` bytes of body.
                        let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") else {
                            let read = stream.read(&mut buffer).await.unwrap_or(0);
                            if read == 0 {
                                return;
                            }
                            pending.extend_from_slice(&buffer[..read]);
                            continue;
                        };
                        let head = String::from_utf8_lossy(&pending[..end]).to_ascii_lowercase();
                        let length: usize = head
                            .lines()
                            .find_map(|line| line.strip_prefix("content-length:"))
                            .and_then(|v| v.trim().parse().ok())
                            .unwrap_or(0);
                        while pending.len() < end + 4 + length {
                            let read = stream.read(&mut buffer).await.unwrap_or(0);
                            if read == 0 {
                                return;
                            }
                            pending.extend_from_slice(&buffer[..read]);
                        }
                        pending.drain(..end + 4 + length);
                        if stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n").await.is_err() {
                            return;
                        }
                    }
                });
            }
        });
        (url, accepted)
    }

    #[tokio::test]
    async fn presigned_clients_handed_out_by_a_transport_share_one_connection_pool() {
        static STORE: crate::ServiceInfo = crate::ServiceInfo {
            name: "test/store",
            protocol: crate::Protocol::PdsRoa,
            api_version: "v1",
            endpoint: "https://store.example",
            region_endpoints: &[],
            auth: &[crate::AuthKind::BearerToken],
            signing_name: None,
        };
        let (base, accepted) = keep_alive_server().await;
        let transport = crate::ClientBuilder::new(&STORE)
            .auth(crate::credentials::BearerToken::new("token"))
            .allow_insecure_http()
            .endpoint(&base)
            .build()
            .unwrap();
        for part in 1..=3 {
            // As a part upload goes: a presigned client asked for each part.
            let client = transport.presigned_client().unwrap();
            let url = format!("{base}/bucket/key?partNumber={part}&Signature=s");
            assert_eq!(client.put_bytes(&url, vec![part as u8; 100_000], None).await.unwrap().status, 200);
        }
        assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 1, "the parts shared a connection");
    }

    fn client_with_read_timeout(read_timeout: Duration) -> PresignedClient {
        PresignedClient::builder().allow_insecure_http().read_timeout(read_timeout).build().unwrap()
    }

    #[tokio::test]
    async fn an_upload_that_outlasts_the_read_timeout_succeeds_while_its_bytes_flow() {
        let (url, server) = one_put_server(true).await;
        // 12 chunks 100 ms apart: 1.2 s of sending against a 500 ms read timeout.
        let body = UploadBody::from_reader(
            Trickle { chunks: 12, gap: Duration::from_millis(100), sleep: None },
            12_000,
        );
        let started = std::time::Instant::now();
        let put = client_with_read_timeout(Duration::from_millis(500)).put_stream(&url, body, None).await;
        assert_eq!(put.expect("uploaded").status, 200);
        assert!(started.elapsed() > Duration::from_millis(500), "the upload outlasted the read timeout");
        assert_eq!(server.await.unwrap(), 12_000);
    }

    #[tokio::test]
    async fn an_answer_that_never_comes_after_the_body_is_a_timeout() {
        let (url, _server) = one_put_server(false).await;
        let put = client_with_read_timeout(Duration::from_millis(200))
            .put_bytes(&url, vec![1u8; 200_000], None)
            .await;
        assert!(matches!(put, Err(Error::Timeout(_))), "{put:?}");
    }

    #[test]
    fn error_elements_are_found_in_object_store_xml() {
        let xml = "<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code><Message> Request has expired </Message>\
                   <RequestId>4442587FB7D0A2F9</RequestId></Error>";
        assert_eq!(element(xml, "Code").as_deref(), Some("AccessDenied"));
        assert_eq!(element(xml, "Message").as_deref(), Some("Request has expired"));
        assert_eq!(element(xml, "RequestId").as_deref(), Some("4442587FB7D0A2F9"));
        assert_eq!(element(xml, "HostId"), None);
    }

    #[test]
    fn safety_refused_urls_are_named_without_their_query() {
        let client = PresignedClient::builder().build().unwrap();
        let error = client.check("http://bucket.example/key?Signature=s3cr3t-sig").unwrap_err();
        let text = error.to_string();
        assert!(text.contains("http://bucket.example/key") && !text.contains("s3cr3t"), "{text}");
        assert!(client.check("ftp://bucket.example/key").is_err());
        assert!(client.check("https://user:pw@bucket.example/key").is_err());
        assert!(client.check("https://bucket.example/key?Signature=x").is_ok());
    }
}
