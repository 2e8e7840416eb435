//! A stateful fake of Alibaba Cloud Drive and Photo Service (PDS, API 2022-03-01): one domain
//! with one drive, its files and folders, multipart uploads and folder tasks. It serves the
//! operations CreateFile, GetUploadUrl, ListUploadedParts, CompleteFile, GetFile, ListFile,
//! UpdateFile, MoveFile, CopyFile, DeleteFile, GetDownloadUrl and GetAsyncTask (`POST /v2/...`
//! with a JSON body) on one port, and the presigned upload and download URLs it hands out on a
//! second one (its "data host", see below).
//!
//! Like the real service it:
//! - refuses a request without the right `Authorization: Bearer <token>` ([`Config::access_token`])
//!   with 401 `AccessTokenInvalid`;
//! - answers errors with an HTTP status and `{"Code", "Message", "RequestId"}`: 404 `NotFound` for
//!   a drive, file, folder, upload or task that does not exist, 400 `InvalidParameter*` for a bad
//!   or missing parameter, an incomplete upload (a part missing, a part but the last smaller than
//!   [`Config::min_part_size`]) or a size that does not match the parts, and 429
//!   `TooManyRequests` when told to with [`FakePds::throttle_next`];
//! - applies `check_name_mode` (ignore, auto_rename with a `_YYYYMMDD_hhmmss` suffix, refuse,
//!   which answers with the existing file and `exist: true`);
//! - pages ListFile by marker and ListUploadedParts by part number;
//! - hands out part upload URLs (CreateFile, GetUploadUrl, ListUploadedParts) and download URLs
//!   (GetDownloadUrl) that its data host serves: a `PUT` of a part's bytes answers with the
//!   part's `ETag`; a `GET` streams the content, one `Range` at a time if asked. A URL carries
//!   `Expires` and an HMAC `Signature` in its query; an expired one is refused with OSS's 403
//!   `AccessDenied` ("Request has expired."), a forged one with 403 `SignatureDoesNotMatch`, in
//!   OSS's XML error body (the real URLs point at OSS);
//! - gives a file a new `revision_id` on each completed upload;
//! - moves, copies and deletes a folder asynchronously: the answer carries an `async_task_id`
//!   whose GetAsyncTask state is `Running` for [`Config::task_running_polls`] polls, then
//!   `Succeed` (the change is made then) or `Failed` after [`FakePds::fail_next_task`]. Files
//!   are moved, copied and deleted at once (an empty `async_task_id`).
//!
//! Fault hooks: [`FakePds::throttle_next`], [`FakePds::expire_part_url_once`] (the next `PUT` of a
//! part answers 403 expired once), [`FakePds::interrupt_part_once`] (the connection of the next
//! `PUT` of a part is closed after some bytes), [`FakePds::fail_next_task`].
//!
//! Contents and parts are kept in files under a temporary folder of the fake's own (removed when
//! it is dropped), never in memory.
//!
//! Where the fake chooses: PDS documents no throttling code, so 429 `TooManyRequests` is this
//! fake's; its IDs and times are its own formats.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use cloudspec_fakes::alibaba_pds::FakePds;
//! let fake = FakePds::start().await?;
//! // Point a client at `fake.endpoint()` (plain http) with the bearer token
//! // `fake.config().access_token`, and use drive `fake.config().drive_id`.
//! println!("PDS fake at {}", fake.endpoint());
//! # Ok(()) }
//! ```

mod actions;
mod auth;
mod data;
mod envelope;
mod store;
mod urls;

use std::collections::HashMap;
use std::collections::HashSet;
use std::io;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use tokio::net::TcpListener;

pub use envelope::ApiError;

use crate::http::{Request, Response, Unreadable};
use crate::running::Running;

/// How the fake behaves.
#[derive(Debug, Clone)]
pub struct Config {
    /// The one access token accepted.
    pub access_token: String,
    pub domain_id: String,
    /// The one drive.
    pub drive_id: String,
    /// How long an upload URL is valid; PDS's are valid for 15 minutes.
    pub upload_url_ttl_secs: i64,
    /// Polls a folder task answers `Running` before it ends.
    pub task_running_polls: u32,
    /// Smallest size of a part that is not the last (OSS multipart: 100 KiB).
    pub min_part_size: u64,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            access_token: "fake-pds-access-token-0000000000000000".to_owned(),
            domain_id: "bj1".to_owned(),
            drive_id: "1".to_owned(),
            upload_url_ttl_secs: 900,
            task_running_polls: 1,
            min_part_size: 100 * 1024,
        }
    }
}

/// One API request the fake answered: its path, status and error code if any. (Data host
/// transfers are not recorded.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub path: String,
    pub status: u16,
    pub error_code: Option<String>,
}

struct State {
    config: Config,
    store: store::Store,
    signer: urls::UrlSigner,
    data_endpoint: String,
    throttle_remaining: usize,
    fail_next_task: bool,
    /// Part numbers whose next `PUT` is refused as expired.
    expire_once: HashSet<u32>,
    /// Part numbers whose next `PUT` loses its connection after this many bytes.
    interrupt_once: HashMap<u32, u64>,
    calls: Vec<Call>,
    next_request: u64,
    /// Part `PUT`s the data host accepted and stored.
    accepted_part_puts: usize,
}

/// A running fake; it stops, and removes its files, when dropped.
pub struct FakePds {
    data_task: tokio::task::JoinHandle<()>,
    running: Running<State>,
    // Dropped last: the contents on disk.
    _dir: tempfile::TempDir,
}

impl FakePds {
    /// Starts a fake with [`Config::default`].
    pub async fn start() -> io::Result<FakePds> {
        FakePds::start_with(Config::default()).await
    }

    pub async fn start_with(config: Config) -> io::Result<FakePds> {
        let dir = tempfile::Builder::new().prefix("cloudspec-fake-pds-").tempdir()?;
        let data_listener = TcpListener::bind("127.0.0.1:0").await?;
        let data_endpoint = format!("http://{}", data_listener.local_addr()?);
        let mut secret = [0u8; 32];
        aws_lc_rs::rand::fill(&mut secret).map_err(|_| io::Error::other("no randomness for the URL key"))?;
        let store =
            store::Store::new(config.domain_id.clone(), config.drive_id.clone(), dir.path().to_owned());
        let state = Arc::new(Mutex::new(State {
            config,
            store,
            signer: urls::UrlSigner::new(&secret),
            data_endpoint,
            throttle_remaining: 0,
            fail_next_task: false,
            expire_once: HashSet::new(),
            interrupt_once: HashMap::new(),
            calls: Vec::new(),
            next_request: 0,
            accepted_part_puts: 0,
        }));
        let data_task = tokio::spawn(data::serve(data_listener, Arc::clone(&state)));
        let running = Running::serve(state, answer).await?;
        Ok(FakePds { data_task, running, _dir: dir })
    }

    /// The API endpoint to give a client: `http://127.0.0.1:<port>`.
    pub fn endpoint(&self) -> &str {
        self.running.endpoint()
    }

    /// The data host the presigned URLs point at: `http://127.0.0.1:<port>`.
    pub fn data_endpoint(&self) -> String {
        self.running.state().data_endpoint.clone()
    }

    /// The configuration the fake runs with (its token and drive among it).
    pub fn config(&self) -> Config {
        self.running.state().config.clone()
    }

    /// Answers the next `requests` authenticated API requests with 429 `TooManyRequests`.
    pub fn throttle_next(&self, requests: usize) {
        self.running.state().throttle_remaining = requests;
    }

    /// The next `PUT` of part `part_number` (of any upload) is refused once with 403
    /// `AccessDenied` "Request has expired.", as if its URL had expired.
    pub fn expire_part_url_once(&self, part_number: u32) {
        self.running.state().expire_once.insert(part_number);
    }

    /// The next `PUT` of part `part_number` loses its connection after `after_bytes` bytes of
    /// the body arrived; nothing of it is kept.
    pub fn interrupt_part_once(&self, part_number: u32, after_bytes: u64) {
        self.running.state().interrupt_once.insert(part_number, after_bytes);
    }

    /// The next folder task ends `Failed` (with `InternalError`) and changes nothing.
    pub fn fail_next_task(&self) {
        self.running.state().fail_next_task = true;
    }

    /// Every API request answered so far, in order.
    pub fn calls(&self) -> Vec<Call> {
        self.running.state().calls.clone()
    }

    /// How many part `PUT`s the data host accepted and stored so far (a refused, expired or
    /// interrupted one is not counted): what a resumed upload sent again shows here.
    pub fn accepted_part_puts(&self) -> usize {
        self.running.state().accepted_part_puts
    }

    /// The number of uploaded parts the fake holds for `upload_id` (0 once completed).
    pub fn uploaded_parts(&self, upload_id: &str) -> usize {
        self.running.state().store.uploads.get(upload_id).map_or(0, |u| u.uploaded.len())
    }
}

impl Drop for FakePds {
    fn drop(&mut self) {
        self.data_task.abort();
    }
}

fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

fn answer(state: &mut State, request: Result<Request, Unreadable>) -> Response {
    state.next_request += 1;
    let request_id = format!("772328B2-E5F4-453C-9C23-{:012X}", state.next_request);
    let (path, outcome) = match request {
        Err(Unreadable::TooLarge) => {
            (String::new(), Err(ApiError::new(413, "InvalidParameter", "The request body is too large.")))
        }
        Ok(request) => {
            let path = request.path.clone();
            (path.clone(), handle(state, &request, &path))
        }
    };
    let (status, error_code) = match &outcome {
        Ok((status, _)) => (*status, None),
        Err(error) => (error.status, Some(error.code.to_owned())),
    };
    state.calls.push(Call { path, status, error_code });
    match outcome {
        Ok((status, body)) => Response::json(status, &body),
        Err(error) => error.into_response(&request_id),
    }
}

/// The checks in the order a gateway makes them, then the operation itself.
fn handle(state: &mut State, request: &Request, path: &str) -> Result<(u16, serde_json::Value), ApiError> {
    auth::verify(request, &state.config.access_token)?;
    if request.method != "POST" || !actions::PATHS.contains(&path) {
        return Err(ApiError::new(
            404,
            "NotFound",
            format!("The API {} {path} does not exist.", request.method),
        ));
    }
    if state.throttle_remaining > 0 {
        state.throttle_remaining -= 1;
        return Err(ApiError::new(429, "TooManyRequests", "Too many requests; retry later."));
    }
    let body: serde_json::Value = serde_json::from_slice(&request.body).map_err(|_| {
        ApiError::new(400, "InvalidRequestJSONFormat", "The input parameter body is invalid JSON format.")
    })?;
    let params = body.as_object().ok_or_else(|| {
        ApiError::new(400, "InvalidRequestJSONFormat", "The input parameter body is invalid JSON format.")
    })?;
    let mut fail_next_task = state.fail_next_task;
    let mut cx = actions::Context {
        signer: &state.signer,
        data_endpoint: &state.data_endpoint,
        now: unix_now(),
        upload_url_ttl_secs: state.config.upload_url_ttl_secs,
        task_running_polls: state.config.task_running_polls,
        fail_next_task: &mut fail_next_task,
        min_part_size: state.config.min_part_size,
    };
    let outcome = actions::dispatch(path, params, &mut state.store, &mut cx);
    state.fail_next_task = fail_next_task;
    outcome
}
