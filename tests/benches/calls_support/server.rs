//! A minimal keep-alive HTTP/1.1 server on 127.0.0.1 that answers every request with one canned
//! response, on a thread (and tokio runtime) of its own so that its CPU time and allocations
//! stay out of what the benchmarks measure on the caller's thread.
//!
//! Unlike `cloudspec_tests::raw_server`, which closes each connection after one answer, it keeps
//! connections open: a client's pool is then what decides how many connections exist, and the
//! server counts them (accepted in total, open now) for the load run's leak check.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use cloudspec_tests::received::Received;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

/// The one response a server gives.
pub struct Canned {
    pub status: u16,
    /// Headers besides `content-type` and `content-length`.
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Canned {
    fn to_bytes(&self) -> Vec<u8> {
        let reason = match self.status {
            200 => "OK",
            201 => "Created",
            _ => "Status",
        };
        let mut head = format!(
            "HTTP/1.1 {} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n",
            self.status,
            self.body.len()
        );
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(&self.body);
        bytes
    }
}

#[derive(Default)]
struct Counters {
    accepted: AtomicUsize,
    open: AtomicUsize,
    /// Requests kept whole while recording is on (the wire comparison); `None` when off.
    recorded: Mutex<Option<Vec<Vec<u8>>>>,
}

/// A running server; it stops when dropped.
pub struct LoopbackServer {
    pub address: String,
    pub host: String,
    counters: Arc<Counters>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl LoopbackServer {
    pub fn start(canned: &Canned) -> LoopbackServer {
        let response: Arc<[u8]> = canned.to_bytes().into();
        let counters = Arc::new(Counters::default());
        let (stop, stopped) = oneshot::channel();
        let (bound, address) = std::sync::mpsc::channel();
        let shared = Arc::clone(&counters);
        let thread = std::thread::spawn(move || {
            let runtime =
                tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
            runtime.block_on(async move {
                let listener = TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
                bound.send(listener.local_addr().expect("bound")).expect("the caller waits");
                let accept = async {
                    while let Ok((stream, _)) = listener.accept().await {
                        let _ = stream.set_nodelay(true);
                        shared.accepted.fetch_add(1, Ordering::SeqCst);
                        shared.open.fetch_add(1, Ordering::SeqCst);
                        let shared = Arc::clone(&shared);
                        let response = Arc::clone(&response);
                        tokio::spawn(async move {
                            serve(stream, &response, &shared).await;
                            shared.open.fetch_sub(1, Ordering::SeqCst);
                        });
                    }
                };
                tokio::select! {
                    _ = accept => {}
                    _ = stopped => {}
                }
            });
        });
        let address = address.recv().expect("the server thread binds");
        LoopbackServer {
            address: format!("http://{address}"),
            host: address.to_string(),
            counters,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// Connections accepted since the start.
    pub fn accepted(&self) -> usize {
        self.counters.accepted.load(Ordering::SeqCst)
    }

    /// Connections open now (accepted and not yet closed by the client).
    pub fn open(&self) -> usize {
        self.counters.open.load(Ordering::SeqCst)
    }

    /// Starts keeping every request whole.
    pub fn record(&self) {
        *self.counters.recorded.lock().expect("not poisoned") = Some(Vec::new());
    }

    /// The requests kept since [`record`](Self::record), parsed; recording stops.
    pub fn take_recorded(&self) -> Vec<Received> {
        let raw = self.counters.recorded.lock().expect("not poisoned").take().unwrap_or_default();
        raw.iter().map(|bytes| parse(bytes)).collect()
    }
}

impl Drop for LoopbackServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Answers each request of one connection until the client closes it.
async fn serve(mut stream: TcpStream, response: &[u8], counters: &Counters) {
    let mut buffer = Vec::with_capacity(8192);
    let mut chunk = vec![0u8; 16 * 1024];
    loop {
        while let Some(length) = complete_request(&buffer) {
            if let Some(recorded) = counters.recorded.lock().expect("not poisoned").as_mut() {
                recorded.push(buffer[..length].to_vec());
            }
            buffer.drain(..length);
            if stream.write_all(response).await.is_err() {
                return;
            }
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(read) => buffer.extend_from_slice(&chunk[..read]),
        }
    }
}

/// The length of the first whole request in `buffer` (head and `content-length` body), if it
/// has arrived.
fn complete_request(buffer: &[u8]) -> Option<usize> {
    let head_end = buffer.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = std::str::from_utf8(&buffer[..head_end]).ok()?;
    let length: usize = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .unwrap_or(0);
    (buffer.len() >= head_end + length).then_some(head_end + length)
}

/// A whole request as the harness's checks take it. The five seed calls send no query, which
/// the comparison asserts, so the decoded query is left empty.
fn parse(bytes: &[u8]) -> Received {
    let head_end = bytes.windows(4).position(|w| w == b"\r\n\r\n").expect("a whole request") + 4;
    let head = String::from_utf8_lossy(&bytes[..head_end]);
    let mut lines = head.split("\r\n");
    let request_line = lines.next().expect("a request line");
    let mut parts = request_line.split(' ');
    let method = parts.next().expect("a method").to_owned();
    let target = parts.next().expect("a target");
    let (raw_path, raw_query) = match target.split_once('?') {
        Some((path, query)) => (path.to_owned(), Some(query.to_owned())),
        None => (target.to_owned(), None),
    };
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    Received { method, raw_path, raw_query, query: Vec::new(), headers, body: bytes[head_end..].to_vec() }
}
