//! A stateful fake of Tencent Cloud WeData's code files and folders (API 2025-08-06): the nine
//! operations CreateCodeFile, GetCodeFile, UpdateCodeFile, DeleteCodeFile, CreateCodeFolder,
//! GetCodeFolder, UpdateCodeFolder, DeleteCodeFolder and ListCodeFolderContents.
//!
//! It serves one account ([`Config::secret_id`], [`Config::secret_key`]) on 127.0.0.1 and, like
//! the real service:
//! - verifies each request's TC3-HMAC-SHA256 signature from the bytes that arrived, and refuses
//!   a bad one with `AuthFailure.SignatureFailure` (an unknown SecretId with
//!   `AuthFailure.SecretIdNotFound`, a stale timestamp with `AuthFailure.SignatureExpire`);
//! - answers inside `{"Response": ...}`, failures with HTTP 200 and an `Error` object;
//! - reports a missing file or folder as `ResourceNotFound`, a name already used in the folder
//!   (and deleting a folder that is not empty) as `ResourceInUse`, a missing parameter as
//!   `MissingParameter`, a mistyped one as `InvalidParameter`, a bad name or path as
//!   `InvalidParameterValue`, and, when told to with [`FakeWeData::throttle_next`], answers
//!   `RequestLimitExceeded`.
//!
//! The pages do not say which codes WeData uses for a name conflict or a non-empty folder; those
//! two are this fake's choice among the common API 3.0 codes. `GetCodeFile` returns the content
//! only with `IncludeContent: true`, as its page documents.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use cloudspec_fakes::tencent_wedata::FakeWeData;
//! let fake = FakeWeData::start().await?;
//! // Point a client at `fake.endpoint()` (plain http) with `fake.config().secret_id` and
//! // `fake.config().secret_key`, any region.
//! println!("WeData fake at {}", fake.endpoint());
//! # Ok(()) }
//! ```

mod actions;
mod auth;
mod envelope;
mod store;

use std::io;
use std::time::{SystemTime, UNIX_EPOCH};

use time::PrimitiveDateTime;
use time::macros::datetime;

pub use envelope::ApiError;

use crate::http::{Request, Response, Unreadable};
use crate::running::Running;

/// The API version the fake serves.
pub const API_VERSION: &str = "2025-08-06";

/// How the fake behaves.
#[derive(Debug, Clone)]
pub struct Config {
    /// The one account's SecretId (`AKID...`).
    pub secret_id: String,
    pub secret_key: String,
    /// The uin reported as owner and last operator of everything.
    pub owner_uin: String,
    /// The largest accepted distance between `X-TC-Timestamp` and the machine's clock, in
    /// seconds; Tencent allows five minutes. `None` accepts any timestamp (for clients on a
    /// fake clock).
    pub max_clock_skew_secs: Option<i64>,
    /// The first create time; each change advances the fake's clock one second.
    pub start_time: PrimitiveDateTime,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            secret_id: "AKIDFAKEWEDATA0000000000000000000000".to_owned(),
            secret_key: "fakeWeDataSecretKey0000000000000".to_owned(),
            owner_uin: "100000000001".to_owned(),
            max_clock_skew_secs: Some(300),
            start_time: datetime!(2025-09-17 18:51:32),
        }
    }
}

/// One request the fake answered: its action and the error code it answered with, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub action: String,
    pub error_code: Option<String>,
}

struct State {
    config: Config,
    store: store::Store,
    throttle_remaining: usize,
    calls: Vec<Call>,
    next_request: u64,
}

/// A running fake; it stops when dropped.
pub struct FakeWeData {
    running: Running<State>,
}

impl FakeWeData {
    /// Starts a fake with [`Config::default`].
    pub async fn start() -> io::Result<FakeWeData> {
        FakeWeData::start_with(Config::default()).await
    }

    pub async fn start_with(config: Config) -> io::Result<FakeWeData> {
        let store = store::Store::new(config.owner_uin.clone(), config.start_time);
        let state = State { config, store, throttle_remaining: 0, calls: Vec::new(), next_request: 1 };
        Ok(FakeWeData { running: Running::start(state, answer).await? })
    }

    /// The endpoint URL to give a client: `http://127.0.0.1:<port>`.
    pub fn endpoint(&self) -> &str {
        self.running.endpoint()
    }

    /// The configuration the fake runs with (its account's keys among it).
    pub fn config(&self) -> Config {
        self.running.state().config.clone()
    }

    /// Answers the next `requests` correctly signed requests with `RequestLimitExceeded`.
    pub fn throttle_next(&self, requests: usize) {
        self.running.state().throttle_remaining = requests;
    }

    /// Every request answered so far, in order.
    pub fn calls(&self) -> Vec<Call> {
        self.running.state().calls.clone()
    }
}

fn answer(state: &mut State, request: Result<Request, Unreadable>) -> Response {
    let request_id = format!("fa4e0000-0000-4000-8000-{:012x}", state.next_request);
    state.next_request += 1;
    let (action, outcome) = match request {
        Err(Unreadable::TooLarge) => (
            String::new(),
            Err(ApiError::new("RequestSizeLimitExceeded", "The request size exceeds the upper limit.")),
        ),
        Ok(request) => {
            let action = request.header("x-tc-action").unwrap_or_default().to_owned();
            (action.clone(), handle(state, &request, &action))
        }
    };
    state.calls.push(Call { action, error_code: outcome.as_ref().err().map(|e| e.code.to_owned()) });
    let body = match outcome {
        Ok(data) => envelope::success(data, &request_id),
        Err(error) => envelope::failure(&error, &request_id),
    };
    Response::json(200, &body)
}

/// The checks in the order Tencent's gateway makes them, then the action itself.
fn handle(state: &mut State, request: &Request, action: &str) -> Result<serde_json::Value, ApiError> {
    if request.method != "POST" {
        return Err(ApiError::new(
            "UnsupportedProtocol",
            "Only POST requests with a JSON body are served here.",
        ));
    }
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    let account = auth::Account {
        secret_id: &state.config.secret_id,
        secret_key: &state.config.secret_key,
        max_clock_skew_secs: state.config.max_clock_skew_secs,
    };
    auth::verify(request, &account, now)?;
    if !actions::ACTIONS.contains(&action) {
        return Err(ApiError::new("InvalidAction", format!("The action `{action}` does not exist.")));
    }
    if request.header("x-tc-version") != Some(API_VERSION) {
        return Err(ApiError::new("NoSuchVersion", format!("The API version must be {API_VERSION}.")));
    }
    if request.header("x-tc-region").is_none_or(str::is_empty) {
        return Err(ApiError::new(
            "MissingParameter",
            "The request is missing a required parameter `Region`.",
        ));
    }
    if state.throttle_remaining > 0 {
        state.throttle_remaining -= 1;
        return Err(ApiError::new(
            "RequestLimitExceeded",
            "Your current request times equals to `20` in a second, which exceeds the frequency limit `20` for a second. Please reduce the frequency of calls.",
        ));
    }
    let body: serde_json::Value = serde_json::from_slice(&request.body)
        .map_err(|_| ApiError::new("InvalidParameter", "The request body is not a JSON object."))?;
    let params = body
        .as_object()
        .ok_or_else(|| ApiError::new("InvalidParameter", "The request body is not a JSON object."))?;
    actions::dispatch(action, params, &mut state.store)
}
