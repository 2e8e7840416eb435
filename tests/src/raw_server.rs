//! A deliberately broken HTTP server on 127.0.0.1, for the faults wiremock cannot produce: a
//! connection reset before or in the middle of a response, and a server that never answers in
//! time. It reads each request whole, records it, then misbehaves as told.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// How the server misbehaves after reading a request.
#[derive(Debug, Clone, Copy)]
pub enum Misbehaviour {
    /// Reset the connection (RST) without a byte of response.
    ResetBeforeResponse,
    /// Send the status line, headers announcing `Content-Length: 900` and a few body bytes,
    /// then reset.
    ResetMidBody,
    /// Wait this long before answering anything (longer than the client's timeout).
    Stall(Duration),
}

/// A running server; it stops when dropped.
pub struct RawServer {
    pub address: String,
    requests: Arc<Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<()>,
}

impl RawServer {
    pub async fn start(misbehaviour: Misbehaviour) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
        let address = format!("http://{}", listener.local_addr().expect("bound"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let recorded = Arc::clone(&requests);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let recorded = Arc::clone(&recorded);
                tokio::spawn(async move { serve(stream, misbehaviour, recorded).await });
            }
        });
        RawServer { address, requests, task }
    }

    /// The head (request line and headers) of every request read in full, in arrival order.
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().expect("not poisoned").clone()
    }

    /// The value of header `name` in each recorded request.
    pub fn header_values(&self, name: &str) -> Vec<Option<String>> {
        self.requests().iter().map(|head| header_value(head, name)).collect()
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(mut stream: TcpStream, misbehaviour: Misbehaviour, recorded: Arc<Mutex<Vec<String>>>) {
    let Some(head) = read_request(&mut stream).await else { return };
    recorded.lock().expect("not poisoned").push(head);
    match misbehaviour {
        Misbehaviour::ResetBeforeResponse => reset(stream),
        Misbehaviour::ResetMidBody => {
            let head =
                "HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: 900\r\n\r\n";
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(br#"{"content": null, "name": "#).await;
            let _ = stream.flush().await;
            tokio::time::sleep(Duration::from_millis(20)).await;
            reset(stream);
        }
        Misbehaviour::Stall(wait) => {
            tokio::time::sleep(wait).await;
        }
    }
}

/// Closes with SO_LINGER 0, which sends RST instead of FIN.
fn reset(stream: TcpStream) {
    let _ = stream.set_zero_linger();
    drop(stream);
}

/// Reads one request (head and `Content-Length` body); returns the head.
async fn read_request(stream: &mut TcpStream) -> Option<String> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let length: usize = header_value(&head, "content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
    while buffer.len() < head_end + length {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    Some(head)
}

fn header_value(head: &str, name: &str) -> Option<String> {
    head.lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(key, _)| key.trim().eq_ignore_ascii_case(name))
        .map(|(_, value)| value.trim().to_owned())
}
