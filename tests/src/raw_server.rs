//! A deliberately broken HTTP server on 127.0.0.1, for the faults wiremock cannot produce: a
//! connection reset before or in the middle of a response, and a server that never answers.
//! It reads each request whole, records it, then misbehaves as told.
//!
//! It runs on the caller's tokio runtime (wiremock runs on a thread of its own), which is what a
//! test on tokio's paused clock needs: on a current-thread runtime the paused clock jumps to the
//! next timer only when no task is ready and no I/O event is pending, and loopback data is
//! pending as soon as the peer has written it. So the client's timeout cannot fire before the
//! exchange ahead of it has happened, however busy the machine is. With the server on another
//! thread the clock could jump while that thread is still working.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};

/// How the server misbehaves after reading a request.
#[derive(Debug, Clone, Copy)]
pub enum Misbehaviour {
    /// Reset the connection (RST) without a byte of response.
    ResetBeforeResponse,
    /// Send the status line, headers announcing `Content-Length: 900` and a few body bytes,
    /// then reset.
    ResetMidBody,
    /// Answer nothing and keep the connection open until the client closes it. The server
    /// sets no timer of its own, so the client's timeout is the only one that can end the call.
    NeverAnswer,
    /// Not a misbehaviour: answer `200` with this JSON body and close the connection. For tests
    /// on tokio's paused clock, which need a working server on their own runtime.
    AnswerJson(&'static str),
    /// Not a misbehaviour: answer the n-th request with the n-th of these complete HTTP/1.1
    /// responses (head and body; the last one answers every later request), then close.
    AnswerInTurn(&'static [&'static str]),
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
    let turn = {
        let mut recorded = recorded.lock().expect("not poisoned");
        recorded.push(head);
        recorded.len() - 1
    };
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
        Misbehaviour::AnswerJson(body) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(body.as_bytes()).await;
            let _ = stream.shutdown().await;
        }
        Misbehaviour::AnswerInTurn(responses) => {
            let Some(response) = responses.get(turn).or(responses.last()) else { return };
            let _ = stream.write_all(response.as_bytes()).await;
            let _ = stream.shutdown().await;
        }
        Misbehaviour::NeverAnswer => {
            // Anything more the client sends is ignored; end when it hangs up.
            let mut sink = [0u8; 1024];
            while matches!(stream.read(&mut sink).await, Ok(read) if read > 0) {}
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

/// An address on 127.0.0.1 where every connection is refused: the port is bound, so nothing
/// else can take it while this value lives (a port that was merely freed could be reused by a
/// busy machine), but never listened on, so the kernel answers a connection attempt with RST.
pub struct RefusingAddress {
    pub address: String,
    _reserved: TcpSocket,
}

impl RefusingAddress {
    pub fn new() -> RefusingAddress {
        let socket = TcpSocket::new_v4().expect("a TCP socket");
        socket.bind(SocketAddr::from(([127, 0, 0, 1], 0))).expect("a loopback port");
        let port = socket.local_addr().expect("bound").port();
        RefusingAddress { address: format!("http://127.0.0.1:{port}"), _reserved: socket }
    }
}

impl Default for RefusingAddress {
    fn default() -> Self {
        Self::new()
    }
}
