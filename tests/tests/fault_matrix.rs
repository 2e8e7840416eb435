//! The fault matrix: every failure a network or a server can produce, against a retry-safe
//! operation (OCI `CreateContent`, protected by `opc-retry-token`) and a non-idempotent one
//! (Huawei `CreateFile`), on servers on 127.0.0.1 that the test controls. For each cell it
//! asserts the typed outcome, how many requests the server received (never more than one for
//! the non-idempotent create unless the server provably did not act), that every attempt of the
//! token-protected call carried the same token, and a bounded time. It prints the matrix.
//!
//! It must hold on a busy machine, so no cell races the clock: where a timeout is the fault
//! under test, the cell runs on tokio's paused clock against a server on the same runtime (the
//! clock moves only when no task is ready and no I/O event is pending, so the timeout fires
//! after the request arrived, however slow the machine); everywhere else the client's timeout is far beyond any loopback
//! exchange, so a timeout cannot stand in for the fault. `safety_…` runs the matrix again with
//! every core kept busy.
//!
//! Run it alone with `cargo test --workspace fault -- --nocapture` to see the table.

use std::fmt;
use std::ops::RangeInclusive;
use std::time::Duration;

use cloudspec_clients::{huawei, oci};
use cloudspec_runtime::{Error, RetryPolicy, TransportStage};
use cloudspec_tests::credentials;
use cloudspec_tests::load::CpuBurners;
use cloudspec_tests::raw_server::{Misbehaviour, RawServer, RefusingAddress};
use tokio::runtime::Runtime;
use tokio::task::JoinSet;
use tokio::time::Instant;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Per-attempt timeout where the timeout is the fault under test. Those cells run on tokio's
/// paused clock, so this is virtual time and the cells take exactly as long as it says.
const SHORT_TIMEOUT: Duration = Duration::from_millis(400);
/// Per-attempt timeout of every other cell (the clients' default): far beyond a loopback
/// exchange even when every core is busy, so that none of those cells can end in a timeout.
/// Measured with twice as many spinning threads as cores: the slowest cell, three attempts
/// included, took about 7 s, most of it waiting for the other cells' clients to be built.
const GENEROUS_TIMEOUT: Duration = Duration::from_secs(60);
/// Catches a hang only (a client whose timeouts do not work): longer than three attempts at
/// `GENEROUS_TIMEOUT` and their backoff.
const HANG_GUARD: Duration = Duration::from_secs(300);
/// Response body limit of the clients under test.
const BODY_LIMIT: usize = 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operation {
    /// OCI CreateContent: not idempotent, but every attempt carries one opc-retry-token.
    TokenProtected,
    /// Huawei CreateFile: not idempotent, no token.
    NonIdempotent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    ConnectionRefused,
    ResetBeforeResponse,
    ResetMidBody,
    NeverAnswers,
    TooManyRequestsThenSuccess,
    UnavailableTwiceThenSuccess,
    InternalErrorForever,
    TruncatedJson,
    HtmlBody,
    BodyOverLimit,
    WrongContentType,
}

const FAULTS: [Fault; 11] = [
    Fault::ConnectionRefused,
    Fault::ResetBeforeResponse,
    Fault::ResetMidBody,
    Fault::NeverAnswers,
    Fault::TooManyRequestsThenSuccess,
    Fault::UnavailableTwiceThenSuccess,
    Fault::InternalErrorForever,
    Fault::TruncatedJson,
    Fault::HtmlBody,
    Fault::BodyOverLimit,
    Fault::WrongContentType,
];

/// The typed outcome of a call, reduced to what the matrix compares.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Success,
    Service(u16),
    Decode(Option<u16>),
    Timeout,
    Transport(TransportStage),
    Other(String),
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Success => f.write_str("success"),
            Outcome::Service(status) => write!(f, "service error {status}"),
            Outcome::Decode(Some(status)) => write!(f, "decode error ({status})"),
            Outcome::Decode(None) => f.write_str("decode error"),
            Outcome::Timeout => f.write_str("timeout"),
            Outcome::Transport(TransportStage::Connect) => f.write_str("transport (connect)"),
            Outcome::Transport(TransportStage::Exchange) => f.write_str("transport (exchange)"),
            Outcome::Other(what) => write!(f, "other: {what}"),
        }
    }
}

impl Fault {
    /// A cell whose subject is time runs on tokio's paused clock; the others on the real one.
    fn on_paused_clock(self) -> bool {
        self == Fault::NeverAnswers
    }

    /// The per-attempt timeout of the clients in this fault's cells.
    fn client_timeout(self) -> Duration {
        if self.on_paused_clock() { SHORT_TIMEOUT } else { GENEROUS_TIMEOUT }
    }
}

fn outcome<T, E: fmt::Debug>(result: Result<T, Error<E>>) -> Outcome {
    match result {
        Ok(_) => Outcome::Success,
        Err(Error::Service(e)) => Outcome::Service(e.status),
        Err(Error::Decode(e)) => Outcome::Decode(e.status),
        Err(Error::Timeout(_)) => Outcome::Timeout,
        Err(Error::Transport(e)) => Outcome::Transport(e.stage),
        Err(other) => Outcome::Other(format!("{other:?}")),
    }
}

/// What a cell must give: the outcome, the number of requests the server may see and, for a
/// cell on the paused clock, the span of (virtual) time the call may take.
struct Expected {
    outcome: Outcome,
    requests: usize,
    time: Option<RangeInclusive<Duration>>,
}

fn expected(fault: Fault, op: Operation) -> Expected {
    use Operation::*;
    let safe = op == TokenProtected;
    // Three attempts (the default policy) where a repeat is safe, one where it is not.
    let attempts_if_safe = if safe { 3 } else { 1 };
    let (outcome, requests) = match fault {
        // Never sent: retried for both, but no server ever sees a request.
        Fault::ConnectionRefused => (Outcome::Transport(TransportStage::Connect), 0),
        Fault::ResetBeforeResponse | Fault::ResetMidBody => {
            (Outcome::Transport(TransportStage::Exchange), attempts_if_safe)
        }
        Fault::NeverAnswers => (Outcome::Timeout, attempts_if_safe),
        // 429 means the server did not act: repeated for both, after Retry-After.
        Fault::TooManyRequestsThenSuccess => (Outcome::Success, 2),
        Fault::UnavailableTwiceThenSuccess if safe => (Outcome::Success, 3),
        Fault::UnavailableTwiceThenSuccess => (Outcome::Service(503), 1),
        Fault::InternalErrorForever => (Outcome::Service(500), attempts_if_safe),
        Fault::TruncatedJson | Fault::WrongContentType => (Outcome::Decode(Some(success_status(op))), 1),
        Fault::HtmlBody => (Outcome::Decode(Some(502)), attempts_if_safe),
        Fault::BodyOverLimit => (Outcome::Decode(Some(success_status(op))), 1),
    };
    let time = fault.on_paused_clock().then(|| {
        // Each attempt waits out its timeout; full jitter keeps the wait before retry n at or
        // below base_delay × 2^(n-1).
        let attempts = attempts_if_safe as u32;
        let timeouts = fault.client_timeout() * attempts;
        let most_backoff = (0..attempts - 1).map(|n| policy().base_delay * 2u32.pow(n)).sum::<Duration>();
        timeouts..=timeouts + most_backoff
    });
    Expected { outcome, requests, time }
}

fn success_status(_op: Operation) -> u16 {
    201
}

fn success_body(op: Operation) -> &'static str {
    match op {
        Operation::TokenProtected => {
            r#"{"content": null, "created": "2026-11-25T09:30:00Z", "format": null, "last_modified": "2026-11-25T09:30:00Z", "mimetype": null, "name": "a.ipynb", "path": "a.ipynb", "type": "notebook", "writable": true}"#
        }
        Operation::NonIdempotent => r#"{"file_path": "a.txt", "branch": "master"}"#,
    }
}

fn error_body(op: Operation, code: &str) -> String {
    match op {
        Operation::TokenProtected => format!(r#"{{"code": "{code}", "message": "fault injected"}}"#),
        Operation::NonIdempotent => format!(r#"{{"error_code": "{code}", "error_msg": "fault injected"}}"#),
    }
}

fn policy() -> RetryPolicy {
    RetryPolicy { base_delay: Duration::from_millis(50), ..RetryPolicy::default() }
}

/// Calls the operation against `endpoint` with the given per-attempt timeout and the test
/// clients' body limit and policy.
async fn call(op: Operation, endpoint: &str, timeout: Duration) -> Outcome {
    match op {
        Operation::TokenProtected => {
            let client = oci::aidataplatform::Client::builder()
                .credentials(credentials::oci())
                .allow_insecure_http()
                .endpoint(endpoint)
                .timeout(timeout)
                .max_response_bytes(BODY_LIMIT)
                .retry(policy())
                .build()
                .expect("complete");
            let request = oci::aidataplatform::CreateContentRequest::builder()
                .ai_data_platform_id("p")
                .workspace_key("w")
                .content_path("a.ipynb")
                .build()
                .expect("valid");
            outcome(client.create_content(&request).await)
        }
        Operation::NonIdempotent => {
            let client = huawei::codeartsrepo::Client::builder()
                .credentials(credentials::huawei_token())
                .allow_insecure_http()
                .endpoint(endpoint)
                .timeout(timeout)
                .max_response_bytes(BODY_LIMIT)
                .retry(policy())
                .build()
                .expect("complete");
            let request = huawei::codeartsrepo::CreateFileRequest::builder()
                .repository_id(1)
                .file_path("a.txt")
                .branch("master")
                .commit_message("m")
                .content("c")
                .build()
                .expect("valid");
            outcome(client.create_file(&request).await)
        }
    }
}

/// One cell: the outcome, the requests the server saw, the retry tokens they carried, the time.
struct Cell {
    fault: Fault,
    op: Operation,
    outcome: Outcome,
    requests: usize,
    tokens: Vec<Option<String>>,
    elapsed: Duration,
}

/// Runs one cell, or reports it as hung after `HANG_GUARD` (on the cell's own clock).
async fn run_cell(fault: Fault, op: Operation) -> Cell {
    let started = Instant::now();
    match tokio::time::timeout(HANG_GUARD, observe(fault, op)).await {
        Ok((outcome, requests, tokens)) => {
            Cell { fault, op, outcome, requests, tokens, elapsed: started.elapsed() }
        }
        Err(_) => Cell {
            fault,
            op,
            outcome: Outcome::Other(format!("no outcome after {HANG_GUARD:?}")),
            requests: 0,
            tokens: Vec::new(),
            elapsed: started.elapsed(),
        },
    }
}

/// Sets up the fault, makes the call, and returns the outcome with what the server received.
async fn observe(fault: Fault, op: Operation) -> (Outcome, usize, Vec<Option<String>>) {
    let timeout = fault.client_timeout();
    match fault {
        Fault::ConnectionRefused => {
            let refusing = RefusingAddress::new();
            (call(op, &refusing.address, timeout).await, 0, Vec::new())
        }
        Fault::ResetBeforeResponse | Fault::ResetMidBody | Fault::NeverAnswers => {
            let misbehaviour = match fault {
                Fault::ResetBeforeResponse => Misbehaviour::ResetBeforeResponse,
                Fault::ResetMidBody => Misbehaviour::ResetMidBody,
                _ => Misbehaviour::NeverAnswer,
            };
            let server = RawServer::start(misbehaviour).await;
            let outcome = call(op, &server.address, timeout).await;
            (outcome, server.requests().len(), server.header_values("opc-retry-token"))
        }
        _ => {
            let server = MockServer::start().await;
            mount(&server, fault, op).await;
            let outcome = call(op, &server.uri(), timeout).await;
            let received = server.received_requests().await.expect("recording is on");
            let tokens = received
                .iter()
                .map(|r| r.headers.get("opc-retry-token").and_then(|v| v.to_str().ok()).map(str::to_owned))
                .collect();
            (outcome, received.len(), tokens)
        }
    }
}

async fn mount(server: &MockServer, fault: Fault, op: Operation) {
    let json =
        |status: u16, body: String| ResponseTemplate::new(status).set_body_raw(body, "application/json");
    let success = json(success_status(op), success_body(op).to_owned());
    let (first, times, then): (ResponseTemplate, u64, Option<ResponseTemplate>) = match fault {
        Fault::TooManyRequestsThenSuccess => {
            (json(429, error_body(op, "TooManyRequests")).insert_header("Retry-After", "1"), 1, Some(success))
        }
        Fault::UnavailableTwiceThenSuccess => {
            (json(503, error_body(op, "ServiceUnavailable")), 2, Some(success))
        }
        Fault::InternalErrorForever => (json(500, error_body(op, "InternalServerError")), u64::MAX, None),
        Fault::TruncatedJson => {
            let body = success_body(op);
            (json(success_status(op), body[..body.len() / 2].to_owned()), u64::MAX, None)
        }
        Fault::HtmlBody => (
            ResponseTemplate::new(502)
                .set_body_raw("<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html"),
            u64::MAX,
            None,
        ),
        Fault::BodyOverLimit => {
            let padding = "x".repeat(BODY_LIMIT * 4);
            let body = success_body(op).replacen('{', &format!(r#"{{"padding": "{padding}", "#), 1);
            (json(success_status(op), body), u64::MAX, None)
        }
        Fault::WrongContentType => (
            ResponseTemplate::new(success_status(op)).set_body_raw(success_body(op), "text/plain"),
            u64::MAX,
            None,
        ),
        _ => unreachable!("{fault:?} is served by the raw server"),
    };
    Mock::given(any()).respond_with(first).up_to_n_times(times).with_priority(1).mount(server).await;
    if let Some(then) = then {
        Mock::given(any()).respond_with(then).with_priority(2).mount(server).await;
    }
}

/// Every cell: those whose subject is time on a paused clock (current-thread runtime, as tokio
/// requires, with the raw server on it), the others concurrently on a real-time runtime.
fn run_matrix() -> Vec<Cell> {
    let all = FAULTS
        .iter()
        .flat_map(|&fault| [(fault, Operation::TokenProtected), (fault, Operation::NonIdempotent)]);
    let (timed, untimed): (Vec<_>, Vec<_>) = all.partition(|(fault, _)| fault.on_paused_clock());
    let real_time = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build();
    let mut cells = run_cells(&real_time.expect("a runtime"), untimed);
    let paused = tokio::runtime::Builder::new_current_thread().enable_all().start_paused(true).build();
    cells.extend(run_cells(&paused.expect("a runtime"), timed));
    cells.sort_by_key(|c| (FAULTS.iter().position(|f| *f == c.fault), c.op == Operation::NonIdempotent));
    cells
}

fn run_cells(runtime: &Runtime, cells: Vec<(Fault, Operation)>) -> Vec<Cell> {
    runtime.block_on(async {
        let mut running = JoinSet::new();
        for (fault, op) in cells {
            running.spawn(run_cell(fault, op));
        }
        let mut done = Vec::new();
        while let Some(cell) = running.join_next().await {
            done.push(cell.expect("a cell panicked"));
        }
        done
    })
}

/// The printed table and every way the cells differ from what they must give.
fn check(cells: &[Cell]) -> (String, Vec<String>) {
    let mut table = String::from(
        "| fault | operation | outcome | requests seen | expected | time |\n|---|---|---|---|---|---|\n",
    );
    let mut problems = Vec::new();
    for cell in cells {
        let want = expected(cell.fault, cell.op);
        let clock = if cell.fault.on_paused_clock() { " (paused clock)" } else { "" };
        table.push_str(&format!(
            "| {:?} | {:?} | {} | {} | {} / {} | {} ms{clock} |\n",
            cell.fault,
            cell.op,
            cell.outcome,
            cell.requests,
            want.outcome,
            want.requests,
            cell.elapsed.as_millis()
        ));
        let cell_name = format!("{:?} × {:?}", cell.fault, cell.op);
        if cell.outcome != want.outcome {
            problems.push(format!("{cell_name}: outcome {} (expected {})", cell.outcome, want.outcome));
        }
        if cell.requests != want.requests {
            problems.push(format!("{cell_name}: {} requests (expected {})", cell.requests, want.requests));
        }
        if cell.op == Operation::NonIdempotent
            && cell.requests > 1
            && cell.fault != Fault::TooManyRequestsThenSuccess
        {
            problems.push(format!("{cell_name}: a non-idempotent create was sent {} times", cell.requests));
        }
        if cell.op == Operation::TokenProtected {
            let first = cell.tokens.first().cloned().flatten();
            if cell.requests > 0 && (first.is_none() || cell.tokens.iter().any(|t| *t != first)) {
                problems.push(format!("{cell_name}: retry tokens differ or are missing: {:?}", cell.tokens));
            }
        }
        if let Some(span) = &want.time
            && !span.contains(&cell.elapsed)
        {
            problems.push(format!("{cell_name}: took {:?} (expected {:?})", cell.elapsed, span));
        }
    }
    (table, problems)
}

/// Runs the matrix, prints it, saves it as `file` in cargo's test temp folder, and fails on any
/// problem.
fn run_and_report(file: &str) {
    let (table, problems) = check(&run_matrix());
    println!("{table}");
    let _ = std::fs::write(std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(file), &table);
    assert!(problems.is_empty(), "fault matrix:\n{table}\nproblems:\n{}", problems.join("\n"));
}

#[test]
fn fault_matrix_outcomes_request_counts_and_time_bounds() {
    run_and_report("fault-matrix.md");
}

/// The same matrix with twice as many spinning threads as cores beside it: every outcome and
/// request count must be the same as on an idle machine.
#[test]
fn safety_fault_matrix_holds_with_every_core_busy() {
    let _burners = CpuBurners::twice_the_cores();
    run_and_report("fault-matrix-busy.md");
}
