//! A small working HTTP server on 127.0.0.1 that runs on the caller's tokio runtime and hands
//! every whole request (head and body) to a function of the test, which answers it: a local
//! fake of a vendor service (an STS that checks signatures and issues credentials).
//!
//! Like [`RawServer`](crate::raw_server::RawServer), and unlike wiremock, it lives on the test's
//! runtime, so a test on tokio's paused clock can use it: the clock jumps only when no task is
//! ready and no loopback data is pending, so no client timer fires while the server works.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::received::Received;

/// An answer: status and JSON body.
pub struct Answer {
    pub status: u16,
    pub body: String,
}

impl Answer {
    pub fn json(status: u16, body: impl Into<String>) -> Answer {
        Answer { status, body: body.into() }
    }
}

type Handler = dyn Fn(&Received, usize) -> Answer + Send + Sync;

/// A running server; it stops when dropped.
pub struct LoopbackServer {
    pub address: String,
    received: Arc<Mutex<Vec<Received>>>,
    task: tokio::task::JoinHandle<()>,
}

impl LoopbackServer {
    /// Serves every request with `handler`, which gets the request and its index (from 0, in
    /// arrival order).
    pub async fn start(
        handler: impl Fn(&Received, usize) -> Answer + Send + Sync + 'static,
    ) -> LoopbackServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
        let address = format!("http://{}", listener.local_addr().expect("bound"));
        let received = Arc::new(Mutex::new(Vec::new()));
        let recorded = Arc::clone(&received);
        let handler: Arc<Handler> = Arc::new(handler);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let recorded = Arc::clone(&recorded);
                let handler = Arc::clone(&handler);
                tokio::spawn(async move { serve(stream, &*handler, recorded).await });
            }
        });
        LoopbackServer { address, received, task }
    }

    /// Every request read in full, in arrival order.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().expect("not poisoned").clone()
    }
}

impl Drop for LoopbackServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Answers one request, then closes the connection (`connection: close`), so every request
/// of a client arrives on a connection of its own.
async fn serve(mut stream: TcpStream, handler: &Handler, recorded: Arc<Mutex<Vec<Received>>>) {
    let Some(request) = read_request(&mut stream).await else { return };
    let index = {
        let mut recorded = recorded.lock().expect("not poisoned");
        recorded.push(request.clone());
        recorded.len() - 1
    };
    let answer = handler(&request, index);
    let head = format!(
        "HTTP/1.1 {} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        answer.status,
        answer.body.len()
    );
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(answer.body.as_bytes()).await;
    let _ = stream.shutdown().await;
}

/// Reads one request (head and `Content-Length` body).
async fn read_request(stream: &mut TcpStream) -> Option<Received> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let (method, target) = (request_line.next()?.to_owned(), request_line.next()?.to_owned());
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .and_then(|(_, value)| value.parse().ok())
        .unwrap_or(0);
    while buffer.len() < head_end + length {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    let body = buffer[head_end..head_end + length].to_vec();
    let url = wiremock::http::Url::parse(&format!("http://loopback{target}")).ok()?;
    Some(Received {
        method,
        raw_path: url.path().to_owned(),
        raw_query: url.query().map(str::to_owned),
        query: url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect(),
        headers,
        body,
    })
}
