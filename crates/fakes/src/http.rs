//! A small HTTP/1.1 server on 127.0.0.1 shared by the fakes: it reads each whole request (head and
//! `Content-Length` body), hands it to the fake's handler and writes the answer, one request per
//! connection (`connection: close`). It runs on the caller's tokio runtime, so a test on tokio's
//! paused clock can use it.

use std::io;
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The largest request body read; a larger request gets `too_large` from the handler's fake.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// A request as it arrived.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// The path exactly as sent (percent-encoding included).
    pub path: String,
    /// The query pairs, percent-decoded, in arrival order.
    pub query: Vec<(String, String)>,
    /// The query exactly as sent (after `?`, empty when there is none): what a signature over the
    /// request target covers.
    pub raw_query: String,
    /// Every header, names lower-cased, values trimmed, in arrival order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// The first value of header `name` (lower-case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// An answer.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    /// Headers beside `content-type`, `content-length` and `connection` (`X-Total`,
    /// `X-Request-Id`, ...), written in this order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn json(status: u16, body: &serde_json::Value) -> Response {
        Response::bytes(status, "application/json", body.to_string().into_bytes())
    }

    /// Any body with its content type (raw file bytes, say).
    pub fn bytes(status: u16, content_type: &'static str, body: Vec<u8>) -> Response {
        Response { status, content_type, headers: Vec::new(), body }
    }

    /// An answer without a body (`204 No Content`, say).
    pub fn empty(status: u16) -> Response {
        Response::bytes(status, "application/json", Vec::new())
    }

    /// The same answer with one more header.
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Response {
        self.headers.push((name.to_owned(), value.into()));
        self
    }
}

/// What a request that could not be read in full gets instead of the handler's answer.
pub enum Unreadable {
    /// The body is longer than [`MAX_BODY_BYTES`].
    TooLarge,
}

type Handler = dyn Fn(Result<Request, Unreadable>) -> Response + Send + Sync;

/// A running server; it stops accepting when dropped.
pub struct Server {
    address: String,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    /// Binds a free port on 127.0.0.1 and serves every request with `handler`.
    pub async fn start(
        handler: impl Fn(Result<Request, Unreadable>) -> Response + Send + Sync + 'static,
    ) -> io::Result<Server> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let address = format!("http://{}", listener.local_addr()?);
        let handler: Arc<Handler> = Arc::new(handler);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let handler = Arc::clone(&handler);
                tokio::spawn(async move { serve(stream, &*handler).await });
            }
        });
        Ok(Server { address, task })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn address(&self) -> &str {
        &self.address
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(mut stream: TcpStream, handler: &Handler) {
    let request = match read_request(&mut stream).await {
        Ok(Some(request)) => Ok(request),
        Ok(None) => return,
        Err(unreadable) => Err(unreadable),
    };
    let answer = handler(request);
    let mut head = format!(
        "HTTP/1.1 {} {}\r\ncontent-type: {}\r\n",
        answer.status,
        reason(answer.status),
        answer.content_type
    );
    for (name, value) in &answer.headers {
        // A fake's own header values never hold line breaks; drop any that would split the head.
        if !name.contains(['\r', '\n']) && !value.contains(['\r', '\n']) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str(&format!("content-length: {}\r\nconnection: close\r\n\r\n", answer.body.len()));
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(&answer.body).await;
    let _ = stream.shutdown().await;
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        _ => "Status",
    }
}

/// The largest request head read; a longer one is not HTTP a fake needs to answer.
const MAX_HEAD_BYTES: usize = 64 * 1024;

/// A request's head as it arrived, and the bytes read past it (the start of its body).
pub(crate) struct Head {
    pub method: String,
    /// The path exactly as sent.
    pub path: String,
    /// The query exactly as sent (after `?`, empty when there is none).
    pub raw_query: String,
    /// Every header, names lower-cased, values trimmed, in arrival order.
    pub headers: Vec<(String, String)>,
    pub rest: Vec<u8>,
}

impl Head {
    /// The first value of header `name` (lower-case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Reads a request's head; `Ok(None)` when the peer closed first or sent something that is not
/// HTTP (or a head over 64 KiB).
pub(crate) async fn read_head(stream: &mut TcpStream) -> io::Result<Option<Head>> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        if buffer.len() > MAX_HEAD_BYTES {
            return Ok(None);
        }
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let text = String::from_utf8_lossy(&buffer[..end]).into_owned();
    let mut lines = text.split("\r\n");
    let mut request_line = lines.next().unwrap_or_default().split(' ');
    let (Some(method), Some(target)) = (request_line.next(), request_line.next()) else { return Ok(None) };
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let (path, raw_query) = target.split_once('?').unwrap_or((target, ""));
    Ok(Some(Head {
        method: method.to_owned(),
        path: path.to_owned(),
        raw_query: raw_query.to_owned(),
        headers,
        rest: buffer[end..].to_vec(),
    }))
}

/// Reads one request; `Ok(None)` when the peer closed or sent something that is not HTTP.
async fn read_request(stream: &mut TcpStream) -> Result<Option<Request>, Unreadable> {
    let Ok(Some(head)) = read_head(stream).await else { return Ok(None) };
    let length: usize = head.header("content-length").and_then(|value| value.parse().ok()).unwrap_or(0);
    if length > MAX_BODY_BYTES {
        return Err(Unreadable::TooLarge);
    }
    let mut body = head.rest;
    let mut chunk = [0u8; 8192];
    while body.len() < length {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return Ok(None),
            Ok(read) => body.extend_from_slice(&chunk[..read]),
        }
    }
    body.truncate(length);
    Ok(Some(Request {
        method: head.method,
        path: head.path,
        query: decode_query(&head.raw_query),
        raw_query: head.raw_query,
        headers: head.headers,
        body,
    }))
}

/// Percent-decodes `a=1&b=2` pairs (`+` is a space): a query string, or an
/// `application/x-www-form-urlencoded` body.
pub fn decode_query(query: &str) -> Vec<(String, String)> {
    decode_pairs(query, true)
}

/// Percent-decodes `a=1&b=2` pairs with `+` kept as a `+`, as an object store reads the query of a
/// presigned URL.
pub(crate) fn decode_url_query(query: &str) -> Vec<(String, String)> {
    decode_pairs(query, false)
}

fn decode_pairs(query: &str, plus_is_space: bool) -> Vec<(String, String)> {
    let decode = |s: &str| {
        let spaced = if plus_is_space { s.replace('+', " ") } else { s.to_owned() };
        percent_encoding::percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
    };
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(name), decode(value))
        })
        .collect()
}
