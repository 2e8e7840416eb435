//! The generated `wait_get_async_task` of PDS (`wait:` in specs/alibaba/pds/get_async_task.yaml)
//! against a loopback task server on the test's own runtime, on tokio's paused clock: done
//! after several polls, a failed task as a typed error with the task's code and message, the
//! deadline as a typed timeout error with the last state.

use std::time::Duration;

use cloudspec_clients::alibaba::pds::{
    AsyncTaskState, Client, CommonErrorCode, GetAsyncTaskErrorCode, GetAsyncTaskRequest,
};
use cloudspec_runtime::{Error, TaskFailure, WaitError, WaitPolicy};
use cloudspec_tests::credentials;
use cloudspec_tests::loopback_server::{Answer, LoopbackServer};
use tokio::time::Instant;

/// A task server answering the `index`th request with `states[index]` (the last one forever).
async fn task_server(states: &'static [&'static str]) -> LoopbackServer {
    LoopbackServer::start(move |_, index| Answer::json(200, states[index.min(states.len() - 1)])).await
}

fn client(server: &LoopbackServer) -> Client {
    Client::builder()
        .credentials(credentials::pds_token())
        .allow_insecure_http()
        .endpoint(&server.address)
        .build()
        .expect("complete")
}

fn request() -> GetAsyncTaskRequest {
    GetAsyncTaskRequest::builder()
        .async_task_id("000e89fb-cf8f-11e9-8ab4-b6e980803a3b")
        .build()
        .expect("valid")
}

fn policy(timeout_secs: u64) -> WaitPolicy {
    WaitPolicy {
        initial_delay: Duration::from_secs(1),
        multiplier: 2.0,
        max_delay: Duration::from_secs(8),
        timeout: Duration::from_secs(timeout_secs),
    }
}

#[tokio::test(start_paused = true)]
async fn sdk_wait_generated_done_after_several_polls_returns_the_last_output() {
    let server = task_server(&[
        r#"{"async_task_id": "t", "state": "Running", "consumed_process": 10}"#,
        r#"{"async_task_id": "t", "state": "Running", "consumed_process": 60}"#,
        r#"{"async_task_id": "t", "state": "Succeed", "consumed_process": 100, "url": "https://data.example/zip"}"#,
    ])
    .await;
    let started = Instant::now();
    let output = client(&server).wait_get_async_task(&request(), policy(600)).await.expect("done");
    assert_eq!(output.state, Some(AsyncTaskState::Succeed));
    assert_eq!(output.url.as_deref(), Some("https://data.example/zip"));
    // Three polls: at once, after 1 s, after 2 s more.
    assert_eq!(started.elapsed(), Duration::from_secs(3));
    let received = server.received();
    assert_eq!(received.len(), 3);
    for poll in &received {
        assert_eq!(poll.raw_path, "/v2/async_task/get");
        assert_eq!(poll.json(), serde_json::json!({"async_task_id": "000e89fb-cf8f-11e9-8ab4-b6e980803a3b"}));
    }
}

#[tokio::test(start_paused = true)]
async fn sdk_wait_generated_partial_success_is_done() {
    let server = task_server(&[r#"{"state": "PartialSucceed", "failed_process": 2}"#]).await;
    let output = client(&server).wait_get_async_task(&request(), policy(600)).await.expect("done");
    assert_eq!((output.state, output.failed_process), (Some(AsyncTaskState::PartialSucceed), Some(2)));
}

#[tokio::test(start_paused = true)]
async fn sdk_wait_generated_failed_task_is_a_typed_error_with_code_and_message() {
    let server = task_server(&[
        r#"{"state": "Running"}"#,
        r#"{"state": "Failed", "error_code": "InternalError", "error_message": "The request has been failed due to some unknown error."}"#,
    ])
    .await;
    let error = client(&server).wait_get_async_task(&request(), policy(600)).await.expect_err("failed");
    let WaitError::Failed { error, status } = error else { panic!("{error:?}") };
    assert_eq!(
        error,
        TaskFailure {
            state: "Failed".into(),
            code: Some("InternalError".into()),
            message: Some("The request has been failed due to some unknown error.".into()),
        }
    );
    assert_eq!(status.state, Some(AsyncTaskState::Failed));
    assert_eq!(server.received().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn sdk_wait_generated_deadline_is_a_typed_timeout_with_the_last_state() {
    // A state this spec does not list is waited on like `Running`.
    let server =
        task_server(&[r#"{"state": "Queued"}"#, r#"{"state": "Running", "consumed_process": 40}"#]).await;
    let started = Instant::now();
    let error = client(&server).wait_get_async_task(&request(), policy(20)).await.expect_err("deadline");
    let WaitError::DeadlineExceeded { last, polls, waited } = error else { panic!("{error:?}") };
    assert_eq!((last.state, last.consumed_process), (Some(AsyncTaskState::Running), Some(40)));
    // Polls at 0, 1, 3, 7, 15 and the last at the deadline, 20.
    assert_eq!((polls, waited), (6, Duration::from_secs(20)));
    assert_eq!(started.elapsed(), Duration::from_secs(20));
    assert_eq!(server.received().len(), 6);
}

#[tokio::test(start_paused = true)]
async fn sdk_wait_generated_failing_poll_is_the_operations_typed_error() {
    let server = LoopbackServer::start(|_, _| {
        Answer::json(404, r#"{"code": "NotFound", "message": "The specified async task does not exist."}"#)
    })
    .await;
    let error = client(&server).wait_get_async_task(&request(), policy(600)).await.expect_err("not found");
    let WaitError::Poll(Error::Service(service)) = error else { panic!("{error:?}") };
    assert_eq!(
        (service.status, service.code),
        (404, GetAsyncTaskErrorCode::Common(CommonErrorCode::NotFound))
    );
}
