//! A stateful fake of Alibaba Cloud DataWorks' DataStudio file resources (OpenAPI 2024-05-18, RPC
//! style): CreateResource, GetResource, UpdateResource, DeleteResource, MoveResource,
//! RenameResource and ListResources.
//!
//! It serves one account ([`Config::access_key_id`], [`Config::access_key_secret`]) on 127.0.0.1
//! and, like the real service:
//! - verifies each request's ACS3-HMAC-SHA256 signature from the bytes that arrived
//!   (`SignatureDoesNotMatch`), refuses an unknown AccessKey (`InvalidAccessKeyId.NotFound`, 404),
//!   an `x-acs-date` more than 15 minutes off (`InvalidTimeStamp.Expired`) and a replayed
//!   `x-acs-signature-nonce` (`SignatureNonceUsed`);
//! - reads the parameters from the query string and the form body, answers a success with the
//!   operation's JSON and its `RequestId`, and a failure with Alibaba's error body (`RequestId`,
//!   `HostId`, `Code`, `Message`, `Recommend`) and the HTTP status of the code;
//! - keeps the workspaces' resources (id, name, folder, FlowSpec, content, version, owner, times),
//!   pages ListResources by `PageNumber`/`PageSize` with `TotalCount`;
//! - reports a missing parameter as `MissingParameter`, a bad one and a name already used in the
//!   folder as `InvalidParameter`, an unknown resource as `Resource.NotFound` (404), an unknown
//!   action or version as `InvalidAction.NotFound` (404), and, when told to with
//!   [`FakeDataWorks::throttle_next`], answers `Throttling.User` with HTTP 429.
//!
//! The DataWorks pages do not document the codes for a missing resource or a name conflict:
//! `Resource.NotFound` is the spec's assumed code (specs/alibaba/dataworks/service.yaml) and
//! `InvalidParameter` for a conflict is this fake's choice among the common codes. Any workspace
//! id is accepted; a workspace exists from its first resource.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use cloudspec_fakes::alibaba_dataworks::FakeDataWorks;
//! let fake = FakeDataWorks::start().await?;
//! // Point a client at `fake.endpoint()` (plain http) with `fake.config().access_key_id` and
//! // `fake.config().access_key_secret`, any region.
//! println!("DataWorks fake at {}", fake.endpoint());
//! # Ok(()) }
//! ```

mod actions;
mod auth;
mod envelope;
mod store;

use std::collections::HashMap;
use std::io;
use std::time::{SystemTime, UNIX_EPOCH};

pub use envelope::ApiError;
pub use store::StoredResource;

use crate::http::{Request, Response, Unreadable, decode_query};
use crate::running::Running;

/// The API version the fake serves.
pub const API_VERSION: &str = "2024-05-18";

/// How the fake behaves.
#[derive(Debug, Clone)]
pub struct Config {
    /// The one account's AccessKey ID.
    pub access_key_id: String,
    pub access_key_secret: String,
    /// The account id reported as the owner of every resource.
    pub owner: String,
    /// The largest accepted distance between `x-acs-date` and the machine's clock, in seconds;
    /// Alibaba allows 15 minutes. `None` accepts any date (for clients on a fake clock).
    pub max_clock_skew_secs: Option<i64>,
    /// The first create time, UNIX milliseconds; each change advances the fake's clock a second.
    pub start_time_millis: i64,
    /// The `HostId` of error bodies.
    pub host_id: String,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            access_key_id: "LTAI5tFakeDataWorks000000".to_owned(),
            access_key_secret: "fakeDataWorksAccessKeySecret00".to_owned(),
            owner: "1107550004253538".to_owned(),
            max_clock_skew_secs: Some(15 * 60),
            start_time_millis: 1_700_539_206_000,
            host_id: "dataworks.cn-hangzhou.aliyuncs.com".to_owned(),
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
    nonces: auth::Nonces,
    throttle_remaining: usize,
    calls: Vec<Call>,
    next_request: u64,
}

/// A running fake; it stops when dropped.
pub struct FakeDataWorks {
    running: Running<State>,
}

impl FakeDataWorks {
    /// Starts a fake with [`Config::default`].
    pub async fn start() -> io::Result<FakeDataWorks> {
        FakeDataWorks::start_with(Config::default()).await
    }

    pub async fn start_with(config: Config) -> io::Result<FakeDataWorks> {
        let store = store::Store::new(config.owner.clone(), config.start_time_millis);
        let state = State {
            config,
            store,
            nonces: auth::Nonces::default(),
            throttle_remaining: 0,
            calls: Vec::new(),
            next_request: 1,
        };
        Ok(FakeDataWorks { running: Running::start(state, answer).await? })
    }

    /// The endpoint URL to give a client: `http://127.0.0.1:<port>`.
    pub fn endpoint(&self) -> &str {
        self.running.endpoint()
    }

    /// The configuration the fake runs with (its account's keys among it).
    pub fn config(&self) -> Config {
        self.running.state().config.clone()
    }

    /// Answers the next `requests` correctly signed requests with `Throttling.User` (HTTP 429).
    pub fn throttle_next(&self, requests: usize) {
        self.running.state().throttle_remaining = requests;
    }

    /// Every request answered so far, in order.
    pub fn calls(&self) -> Vec<Call> {
        self.running.state().calls.clone()
    }

    /// The resource `id` of workspace `project_id` as the fake holds it, if it exists.
    pub fn resource(&self, project_id: i64, id: &str) -> Option<StoredResource> {
        self.running.state().store.get(project_id, id)
    }
}

fn answer(state: &mut State, request: Result<Request, Unreadable>) -> Response {
    let n = state.next_request;
    state.next_request += 1;
    let request_id = format!("FA4E0000-0000-4000-8000-{n:012X}");
    let (action, outcome) = match request {
        Err(Unreadable::TooLarge) => {
            (String::new(), Err(ApiError::invalid("The request body exceeds the size limit.")))
        }
        Ok(request) => {
            let action = request.header("x-acs-action").unwrap_or_default().to_owned();
            (action.clone(), handle(state, &request, &action))
        }
    };
    state.calls.push(Call { action, error_code: outcome.as_ref().err().map(|e| e.code.to_owned()) });
    match outcome {
        Ok(data) => Response::json(200, &envelope::success(data, &request_id)),
        Err(error) => {
            Response::json(error.status, &envelope::failure(&error, &request_id, &state.config.host_id))
        }
    }
}

/// The checks in the order Alibaba's gateway makes them, then the action itself.
fn handle(
    state: &mut State,
    request: &Request,
    action: &str,
) -> Result<serde_json::Map<String, serde_json::Value>, ApiError> {
    if request.method != "GET" && request.method != "POST" {
        return Err(ApiError::new(
            404,
            "InvalidAction.NotFound",
            "RPC actions are served over GET and POST only.",
        ));
    }
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    let account = auth::Account {
        access_key_id: &state.config.access_key_id,
        access_key_secret: &state.config.access_key_secret,
        max_clock_skew_secs: state.config.max_clock_skew_secs,
    };
    auth::verify(request, &account, &mut state.nonces, now)?;
    if !actions::ACTIONS.contains(&action) || request.header("x-acs-version") != Some(API_VERSION) {
        return Err(ApiError::new(
            404,
            "InvalidAction.NotFound",
            format!(
                "Specified api {action} of version {} is not found.",
                request.header("x-acs-version").unwrap_or("")
            ),
        ));
    }
    if state.throttle_remaining > 0 {
        state.throttle_remaining -= 1;
        return Err(ApiError::new(429, "Throttling.User", "Your request is too frequent. Try again later."));
    }
    let params = parameters(request)?;
    actions::dispatch(action, &params, &mut state.store)
}

/// The query pairs, then the form body's (a later pair wins).
fn parameters(request: &Request) -> Result<HashMap<String, String>, ApiError> {
    let mut params: HashMap<String, String> = request.query.iter().cloned().collect();
    if !request.body.is_empty() {
        let form = request
            .header("content-type")
            .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
        let body = std::str::from_utf8(&request.body).ok().filter(|_| form).ok_or_else(|| {
            ApiError::invalid("RPC parameters travel as an application/x-www-form-urlencoded UTF-8 body.")
        })?;
        params.extend(decode_query(body));
    }
    Ok(params)
}
