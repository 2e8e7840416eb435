//! Waiting for an asynchronous task through the transport, against a loopback task server on
//! the test's own runtime, on tokio's paused clock: the backoff schedule is checked in virtual
//! time and nothing really sleeps.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use cloudspec_runtime::{
    AuthKind, Call, ClientBuilder, Error, Protocol, ServiceInfo, TaskState, Transport, WaitError, WaitPolicy,
    wait_until,
};
use cloudspec_tests::credentials;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::time::Instant;

static TASKS: ServiceInfo = ServiceInfo {
    name: "test/tasks",
    protocol: Protocol::PdsRoa,
    api_version: "2022-03-01",
    endpoint: "https://tasks.example",
    region_endpoints: &[],
    auth: &[AuthKind::BearerToken],
    signing_name: None,
};

/// A task server answering each request with the next of `bodies` (the last one forever),
/// recording the virtual time of each request.
async fn task_server(bodies: &'static [&'static str]) -> (String, Arc<Mutex<Vec<Duration>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let times = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&times);
    let started = Instant::now();
    tokio::spawn(async move {
        let mut served = 0;
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") {
                if stream.read(&mut byte).await.unwrap_or(0) == 0 {
                    break;
                }
                head.push(byte[0]);
            }
            record.lock().unwrap().push(started.elapsed());
            let body = bodies[served.min(bodies.len() - 1)];
            served += 1;
            let answer = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(answer.as_bytes()).await;
            let _ = stream.shutdown().await;
        }
    });
    (address, times)
}

fn client(address: &str) -> Transport {
    ClientBuilder::new(&TASKS)
        .auth(credentials::pds_token())
        .allow_insecure_http()
        .endpoint(address)
        .build()
        .unwrap()
}

/// PDS's `GetAsyncTask`: the state in `status`, the error in `message`.
async fn get_task(client: Transport) -> Result<Value, Error> {
    let mut call = Call::new("GetAsyncTask", "POST");
    call.path_literal("/v2/async_task/get").json_body(&serde_json::json!({"async_task_id": "t-1"}))?;
    Ok(client.send(call).await?.json()?)
}

fn classify(task: &Value) -> TaskState<String> {
    match task["status"].as_str() {
        Some("Succeed") => TaskState::Done,
        Some("Failed") => TaskState::Failed(task["message"].as_str().unwrap_or_default().to_owned()),
        _ => TaskState::Pending,
    }
}

fn policy(timeout: Duration) -> WaitPolicy {
    WaitPolicy {
        initial_delay: Duration::from_secs(2),
        multiplier: 2.0,
        max_delay: Duration::from_secs(10),
        timeout,
    }
}

fn secs(values: &[u64]) -> Vec<Duration> {
    values.iter().map(|s| Duration::from_secs(*s)).collect()
}

#[tokio::test(start_paused = true)]
async fn sdk_wait_polls_with_capped_backoff_until_the_task_succeeds() {
    let states = &[
        r#"{"status": "Running"}"#,
        r#"{"status": "Running"}"#,
        r#"{"status": "Running"}"#,
        r#"{"status": "Running"}"#,
        r#"{"status": "Succeed", "url": "https://x"}"#,
    ];
    let (address, times) = task_server(states).await;
    let client = client(&address);
    let task = wait_until(policy(Duration::from_secs(300)), || get_task(client.clone()), classify)
        .await
        .expect("done");
    assert_eq!(task["url"], "https://x");
    // Waits of 2, 4, 8, then the 10 s cap.
    assert_eq!(*times.lock().unwrap(), secs(&[0, 2, 6, 14, 24]));
}

#[tokio::test(start_paused = true)]
async fn sdk_wait_failed_task_is_a_typed_error_with_its_message() {
    let (address, _) =
        task_server(&[r#"{"status": "Running"}"#, r#"{"status": "Failed", "message": "quota"}"#]).await;
    let client = client(&address);
    let error = wait_until(policy(Duration::from_secs(300)), || get_task(client.clone()), classify)
        .await
        .expect_err("the task failed");
    let WaitError::Failed { error, status } = error else { panic!("{error:?}") };
    assert_eq!((error.as_str(), status["status"].as_str()), ("quota", Some("Failed")));
}

#[tokio::test(start_paused = true)]
async fn sdk_wait_deadline_gives_the_last_status() {
    let (address, times) =
        task_server(&[r#"{"status": "Queued"}"#, r#"{"status": "Running", "progress": 40}"#]).await;
    let client = client(&address);
    let started = Instant::now();
    let error = wait_until(policy(Duration::from_secs(20)), || get_task(client.clone()), classify)
        .await
        .expect_err("still running");
    let WaitError::DeadlineExceeded { last, polls, waited } = error else { panic!("{error:?}") };
    assert_eq!(last["progress"], 40);
    assert_eq!((polls, waited), (5, Duration::from_secs(20)));
    assert_eq!(*times.lock().unwrap(), secs(&[0, 2, 6, 14, 20]), "the last poll at the deadline");
    assert_eq!(started.elapsed(), Duration::from_secs(20));
}
