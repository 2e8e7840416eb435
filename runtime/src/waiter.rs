//! Waiting for an asynchronous task (a job, a work request) to finish: polling its status with
//! capped exponential backoff until it is done, has failed, or a deadline passes.

use std::fmt;
use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

/// When to poll and for how long.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WaitPolicy {
    /// The wait before the second poll (the first is immediate).
    pub initial_delay: Duration,
    /// Each wait is the previous one times this (at least 1).
    pub multiplier: f64,
    /// The longest wait between two polls.
    pub max_delay: Duration,
    /// How long to wait in all, from the first poll: no poll starts after it, and a last poll
    /// starts at it. A poll is not cut short by the deadline (the status call has the
    /// transport's own timeout), so a wait can end that long after it.
    pub timeout: Duration,
}

impl Default for WaitPolicy {
    /// 1 s doubling up to 30 s between polls, 10 minutes in all.
    fn default() -> Self {
        WaitPolicy {
            initial_delay: Duration::from_secs(1),
            multiplier: 2.0,
            max_delay: Duration::from_secs(30),
            timeout: Duration::from_secs(600),
        }
    }
}

impl WaitPolicy {
    /// The wait after `delay`.
    fn next_delay(&self, delay: Duration) -> Duration {
        delay.mul_f64(self.multiplier.max(1.0)).min(self.max_delay)
    }
}

/// What one status says about the task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskState<F> {
    /// Finished successfully.
    Done,
    /// Still running (or queued).
    Pending,
    /// Finished with the task's own error.
    Failed(F),
}

/// A task that finished and failed, as its last status reported it: what generated
/// `wait_<operation>` methods put in [`WaitError::Failed`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskFailure {
    /// The state that says it failed, as text (`Failed`, or the digits of an integer state).
    pub state: String,
    /// The task's error code, where the status has one.
    pub code: Option<String>,
    /// The task's error message, where the status has one.
    pub message: Option<String>,
}

impl fmt::Display for TaskFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "state {}", self.state)?;
        if let Some(code) = &self.code {
            write!(f, ", code {code}")?;
        }
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

impl std::error::Error for TaskFailure {}

/// Why a wait did not end with the task done.
#[derive(Debug)]
pub enum WaitError<S, E, F> {
    /// The task finished and failed: its error and its last status.
    Failed { error: F, status: S },
    /// The deadline passed with the task still pending; `last` is the last status received.
    DeadlineExceeded { last: S, polls: u32, waited: Duration },
    /// Asking for the status failed (after the transport's own retries).
    Poll(E),
}

impl<S, E: fmt::Display, F: fmt::Display> fmt::Display for WaitError<S, E, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitError::Failed { error, .. } => write!(f, "the task failed: {error}"),
            WaitError::DeadlineExceeded { polls, waited, .. } => {
                write!(f, "the task was still running after {waited:?} ({polls} status polls)")
            }
            WaitError::Poll(error) => write!(f, "could not get the task's status: {error}"),
        }
    }
}

impl<S: fmt::Debug, E: fmt::Debug + fmt::Display, F: fmt::Debug + fmt::Display> std::error::Error
    for WaitError<S, E, F>
{
}

/// Polls `status` until `classify` says the task is done (its last status is returned) or
/// failed, or `policy.timeout` passes. The first poll is immediate; the waits between polls
/// grow from `initial_delay` by `multiplier` up to `max_delay`, and the last one is cut so
/// that a poll starts at the deadline.
pub async fn wait_until<S, E, F, Fut>(
    policy: WaitPolicy,
    mut status: impl FnMut() -> Fut,
    classify: impl Fn(&S) -> TaskState<F>,
) -> Result<S, WaitError<S, E, F>>
where
    Fut: Future<Output = Result<S, E>>,
{
    let started = Instant::now();
    let deadline = started + policy.timeout;
    let mut delay = policy.initial_delay;
    let mut polls = 0;
    loop {
        let current = status().await.map_err(WaitError::Poll)?;
        polls += 1;
        match classify(&current) {
            TaskState::Done => return Ok(current),
            TaskState::Failed(error) => return Err(WaitError::Failed { error, status: current }),
            TaskState::Pending => {}
        }
        let now = Instant::now();
        if now >= deadline {
            return Err(WaitError::DeadlineExceeded { last: current, polls, waited: now - started });
        }
        let wait = delay.min(deadline - now);
        tracing::debug!(polls, wait_ms = wait.as_millis() as u64, "task pending: polling again");
        tokio::time::sleep(wait).await;
        delay = policy.next_delay(delay);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    type PollTimes = Arc<Mutex<Vec<Duration>>>;

    /// A task whose status calls answer `states` in turn (the last one forever), recording the
    /// (virtual) time of each poll since the start.
    fn task(
        states: &'static [&'static str],
    ) -> (impl FnMut() -> std::future::Ready<Result<&'static str, String>>, PollTimes) {
        let started = Instant::now();
        let times = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&times);
        let mut next = 0;
        let status = move || {
            record.lock().unwrap().push(started.elapsed());
            let state = states[next.min(states.len() - 1)];
            next += 1;
            std::future::ready(Ok(state))
        };
        (status, times)
    }

    fn classify(state: &&str) -> TaskState<String> {
        match *state {
            "done" => TaskState::Done,
            "failed" => TaskState::Failed("disk full".to_owned()),
            _ => TaskState::Pending,
        }
    }

    fn policy(timeout_secs: u64) -> WaitPolicy {
        WaitPolicy {
            initial_delay: Duration::from_secs(1),
            multiplier: 2.0,
            max_delay: Duration::from_secs(5),
            timeout: Duration::from_secs(timeout_secs),
        }
    }

    fn secs(values: &[u64]) -> Vec<Duration> {
        values.iter().map(|s| Duration::from_secs(*s)).collect()
    }

    #[tokio::test(start_paused = true)]
    async fn polls_back_off_exponentially_up_to_the_cap_until_done() {
        let (status, times) = task(&["queued", "running", "running", "running", "running", "done"]);
        let done = wait_until(policy(60), status, classify).await.expect("done");
        assert_eq!(done, "done");
        // Waits of 1, 2, 4, then 5 (the cap), 5.
        assert_eq!(*times.lock().unwrap(), secs(&[0, 1, 3, 7, 12, 17]));
    }

    #[tokio::test(start_paused = true)]
    async fn a_failed_task_gives_its_error_and_status() {
        let (status, times) = task(&["running", "failed"]);
        let error = wait_until(policy(60), status, classify).await.expect_err("failed");
        let WaitError::Failed { error, status } = error else { panic!("{error:?}") };
        assert_eq!((error.as_str(), status), ("disk full", "failed"));
        assert_eq!(times.lock().unwrap().len(), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn the_deadline_ends_the_wait_with_a_last_poll_at_the_deadline() {
        let (status, times) = task(&["queued", "running"]);
        let started = Instant::now();
        let error = wait_until(policy(10), status, classify).await.expect_err("never done");
        let WaitError::DeadlineExceeded { last, polls, waited } = error else { panic!("{error:?}") };
        assert_eq!((last, polls, waited), ("running", 5, Duration::from_secs(10)));
        assert_eq!(*times.lock().unwrap(), secs(&[0, 1, 3, 7, 10]), "the last wait is cut to the deadline");
        assert_eq!(started.elapsed(), Duration::from_secs(10));
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_last_poll_is_awaited_and_its_status_kept() {
        let mut polls = 0;
        let status = move || {
            polls += 1;
            let state = if polls == 1 { "queued" } else { "running" };
            async move {
                tokio::time::sleep(Duration::from_millis(500)).await;
                Ok::<_, String>(state)
            }
        };
        let policy = WaitPolicy { timeout: Duration::from_millis(1_800), ..policy(0) };
        let error = wait_until(policy, status, classify).await.expect_err("deadline");
        let WaitError::DeadlineExceeded { last, polls, waited } = error else { panic!("{error:?}") };
        // Polls run 0–0.5 s and, after a 1 s wait, 1.5–2 s: the second one, started before the
        // deadline, is awaited past it, and its status is the last one.
        assert_eq!((last, polls, waited), ("running", 2, Duration::from_secs(2)));
    }

    #[test]
    fn a_task_failure_shows_its_state_code_and_message() {
        let failure = TaskFailure {
            state: "Failed".into(),
            code: Some("NotFound".into()),
            message: Some("no such file".into()),
        };
        assert_eq!(failure.to_string(), "state Failed, code NotFound: no such file");
        let bare = TaskFailure { state: "3".into(), code: None, message: None };
        assert_eq!(bare.to_string(), "state 3");
    }

    #[tokio::test(start_paused = true)]
    async fn a_failing_status_call_ends_the_wait() {
        let status = || std::future::ready(Err::<&str, _>("HTTP 500".to_owned()));
        let error = wait_until(policy(60), status, classify).await.expect_err("poll error");
        assert!(matches!(&error, WaitError::Poll(message) if message == "HTTP 500"), "{error:?}");
        assert_eq!(error.to_string(), "could not get the task's status: HTTP 500");
    }
}
