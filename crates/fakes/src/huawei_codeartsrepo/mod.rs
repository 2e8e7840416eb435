//! A stateful fake of Huawei Cloud CodeArts Repo's v4 file API: CreateFile, CreateDir,
//! ListTrees, ShowFile, ShowFileRaw, UpdateFile, RenameFile and DeleteFile.
//!
//! It serves one account on 127.0.0.1 and, like the real service behind API Gateway:
//! - accepts both documented credentials: an IAM token in `X-Auth-Token` equal to
//!   [`Config::token`], or AK/SK signing (`SDK-HMAC-SHA256`) verified from the bytes that
//!   arrived with [`Config::access_key`]/[`Config::secret_key`]. A request with neither is
//!   refused with 401 `CH.00000001`; a wrong token, an unknown access key, a signature that does
//!   not verify or an `X-Sdk-Date` too far from the clock with 401 `APIGW.0301`;
//! - keeps repositories by id ([`Config::repositories`]), each with branches, each branch a tree
//!   of files and directories and its commits: every change is one commit, and ShowFile reports
//!   each file's Git blob id and last commit id as the API does;
//! - pages ListTrees with `offset`/`limit` and reports the total in `X-Total`;
//! - answers errors with the service's envelope `{error_code, error_msg}` (gateway errors add
//!   `request_id`) and an `X-Request-Id` header: a missing repository, branch, file or directory
//!   is 404 `CH.00402000`; a path already taken, a stale `last_commit_id` or a missing or
//!   malformed parameter is 400 `CH.010001`; an unknown method and path is 404 `APIGW.0101`;
//!   and, when told to with [`FakeCodeArtsRepo::throttle_next`], 429 `APIGW.0308`.
//!
//! The v4 pages document `CH.00402000` only for a missing repository and no code for a path
//! already taken; using it for files and branches, and `CH.010001` (the service's "Param
//! invalid") for conflicts, is this fake's choice. DeleteFile answers 204 with the body
//! `{"status": "success"}`, as its page documents.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use cloudspec_fakes::huawei_codeartsrepo::FakeCodeArtsRepo;
//! let fake = FakeCodeArtsRepo::start().await?;
//! // Point a client at `fake.endpoint()` (plain http) with the token `fake.config().token`,
//! // or with `fake.config().access_key` and `fake.config().secret_key`; repository 100001 has
//! // the branches master and develop.
//! println!("CodeArts Repo fake at {}", fake.endpoint());
//! # Ok(()) }
//! ```

mod actions;
mod auth;
mod envelope;
mod store;

use std::io;
use std::time::{SystemTime, UNIX_EPOCH};

use time::OffsetDateTime;
use time::macros::datetime;

pub use envelope::ApiError;
pub use store::blob_id;

use crate::http::{Request, Response, Unreadable};
use crate::running::Running;

/// How the fake behaves.
#[derive(Debug, Clone)]
pub struct Config {
    /// The IAM token `X-Auth-Token` must carry.
    pub token: String,
    /// The AK/SK pair requests may be signed with instead.
    pub access_key: String,
    pub secret_key: String,
    /// Repositories by id, each with its branches; the first branch is the default one (what
    /// a call without `ref` reads).
    pub repositories: Vec<(i32, Vec<String>)>,
    /// The largest accepted distance between `X-Sdk-Date` and the machine's clock, in seconds
    /// (API Gateway allows 15 minutes). `None` accepts any date (for clients on a fake clock).
    pub max_clock_skew_secs: Option<i64>,
    /// The date of the first commit; each commit is one second later than the one before.
    pub start_time: OffsetDateTime,
    /// The committer (name, email) of every commit, and the author when a call names none.
    pub committer: (String, String),
}

impl Default for Config {
    fn default() -> Config {
        Config {
            token: "fake-codeartsrepo-iam-token".to_owned(),
            access_key: "FAKECODEARTSREPOAK00".to_owned(),
            secret_key: "fakeCodeArtsRepoSecretKey0000000000000000".to_owned(),
            repositories: vec![(100001, vec!["master".to_owned(), "develop".to_owned()])],
            max_clock_skew_secs: Some(15 * 60),
            start_time: datetime!(2026-01-27 10:00:00 UTC),
            committer: ("fake-committer".to_owned(), "committer@example.com".to_owned()),
        }
    }
}

/// One request the fake answered: its operation (empty when none matched), HTTP status and the
/// error code it answered with, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub operation: String,
    pub status: u16,
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
pub struct FakeCodeArtsRepo {
    running: Running<State>,
}

impl FakeCodeArtsRepo {
    /// Starts a fake with [`Config::default`].
    pub async fn start() -> io::Result<FakeCodeArtsRepo> {
        FakeCodeArtsRepo::start_with(Config::default()).await
    }

    pub async fn start_with(config: Config) -> io::Result<FakeCodeArtsRepo> {
        let store = store::Store::new(&config.repositories, config.start_time, config.committer.clone());
        let state = State { config, store, throttle_remaining: 0, calls: Vec::new(), next_request: 1 };
        Ok(FakeCodeArtsRepo { running: Running::start(state, answer).await? })
    }

    /// The endpoint URL to give a client: `http://127.0.0.1:<port>`.
    pub fn endpoint(&self) -> &str {
        self.running.endpoint()
    }

    /// The configuration the fake runs with (the account's credentials among it).
    pub fn config(&self) -> Config {
        self.running.state().config.clone()
    }

    /// Answers the next `requests` authenticated requests with 429 `APIGW.0308`.
    pub fn throttle_next(&self, requests: usize) {
        self.running.state().throttle_remaining = requests;
    }

    /// Every request answered so far, in order.
    pub fn calls(&self) -> Vec<Call> {
        self.running.state().calls.clone()
    }

    /// How many commits `branch` of `repository` has, the initial one included (`None` when
    /// there is no such branch).
    pub fn commit_count(&self, repository: i32, branch: &str) -> Option<usize> {
        self.running.state().store.commit_count(repository, branch)
    }
}

fn answer(state: &mut State, request: Result<Request, Unreadable>) -> Response {
    let request_id = format!("fa4e0000000040008000{:012x}", state.next_request);
    state.next_request += 1;
    let (operation, outcome) = match request {
        Err(Unreadable::TooLarge) => {
            (String::new(), Err(ApiError::invalid("The request body exceeds the size limit.")))
        }
        Ok(request) => handle(state, &request),
    };
    let response = match outcome {
        Ok(response) => response.with_header("X-Request-Id", request_id.clone()),
        Err(error) => error.into_response(&request_id),
    };
    let error_code = (response.status >= 300)
        .then(|| serde_json::from_slice::<serde_json::Value>(&response.body).ok())
        .flatten()
        .and_then(|body| body["error_code"].as_str().map(str::to_owned));
    state.calls.push(Call { operation, status: response.status, error_code });
    response
}

/// The gateway's checks in its order (the API exists, credentials, throttling), then the
/// operation. The operation's name is returned beside the outcome for [`Call`].
fn handle(state: &mut State, request: &Request) -> (String, Result<Response, ApiError>) {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    let account = auth::Account {
        token: &state.config.token,
        access_key: &state.config.access_key,
        secret_key: &state.config.secret_key,
        max_clock_skew_secs: state.config.max_clock_skew_secs,
    };
    let route = actions::route(&request.method, &request.path);
    let operation = route.as_ref().map(|r| r.operation.to_owned()).unwrap_or_default();
    let Some(route) = route else { return (operation, Err(ApiError::no_such_api())) };
    if let Err(error) = auth::verify(request, &account, now) {
        return (operation, Err(error));
    }
    if state.throttle_remaining > 0 {
        state.throttle_remaining -= 1;
        return (operation, Err(ApiError::throttled()));
    }
    (operation, actions::dispatch(&route, request, &mut state.store))
}
