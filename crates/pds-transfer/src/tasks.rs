//! Waiting for the asynchronous task of a folder move, copy or delete.

use cloudspec_alibaba_pds::{Client, GetAsyncTaskErrorCode, GetAsyncTaskRequest, GetAsyncTaskResponse};
use cloudspec_runtime::{Error, TaskFailure, WaitError, WaitPolicy};

/// Waits for the task MoveFile, CopyFile or DeleteFile answered with: `Ok(None)` at once when
/// there is none (`None` or an empty ID: the change is already made), the task's last status
/// once it succeeded, or [`WaitError::Failed`] with its code and message when it failed.
///
/// (The spec format's `wait:` describes an operation that reports a task's state, so the
/// generated client has `wait_get_async_task`, not `wait_move_file`; this is the glue.)
pub async fn wait_async_task(
    client: &Client,
    async_task_id: Option<&str>,
    policy: WaitPolicy,
) -> Result<
    Option<GetAsyncTaskResponse>,
    WaitError<GetAsyncTaskResponse, Error<GetAsyncTaskErrorCode>, TaskFailure>,
> {
    let Some(task) = async_task_id.filter(|id| !id.is_empty()) else { return Ok(None) };
    let request = GetAsyncTaskRequest::builder()
        .async_task_id(task)
        .build()
        .map_err(|invalid| WaitError::Poll(Error::Validation(invalid)))?;
    client.wait_get_async_task(&request, policy).await.map(Some)
}
