//! A stateful fake of Oracle Cloud Infrastructure AI Data Platform's notebook contents (API
//! 20260430): CreateContent (POST), GetContent (GET, files and directories), UpdateContent (PUT),
//! ModifyContent (PATCH, rename or move) and DeleteContent (DELETE) on
//! `/20260430/aiDataPlatforms/{id}/workspaces/{key}/notebook/api/contents/{contentPath}`.
//!
//! It serves one API key ([`Config`]) on 127.0.0.1 and, like the real service:
//! - verifies each request's signature (version 1, rsa-sha256) from the bytes that arrived, with
//!   the key's public half: the signed headers (`date`, `(request-target)`, `host`, and for
//!   bodies `content-length`, `content-type`, `x-content-sha256`, which must match the body),
//!   the `keyId` and the date (five minutes of skew); any failure is 401 `NotAuthenticated`;
//! - keeps a tree of directories, files and notebooks per platform and workspace, Jupyter
//!   style: POST makes an untitled item (or a copy) inside a directory, PUT saves a model at its
//!   path (201 new, 200 replaced), PATCH moves an item (a directory with everything under it),
//!   DELETE removes a file or an empty directory, GET reads an item, a directory with its
//!   entries as content-free models;
//! - gives every change a new `etag`, honours `if-match` on PUT, PATCH and DELETE (a stale one
//!   is 412 `NoEtagMatch`), and answers OCI's error body `{"code", "message"}` with an
//!   `opc-request-id` header: 404 `NotAuthorizedOrNotFound` for a missing path, 409
//!   `NotAuthorizedOrResourceAlreadyExists` for a move onto an existing path, 409
//!   `IncorrectState` for a non-empty directory's deletion or a file saved over a directory,
//!   400 `InvalidParameter`/`MissingParameter`/`CannotParseRequest` for bad input, and, when told
//!   to with [`FakeAiDataPlatform::throttle_next`], 429 `TooManyRequests`.
//!
//! Neither the pages nor the SDK page a directory listing, so the fake answers it whole. The
//! codes of a conflict and a precondition failure are OCI's common ones ("API Errors" page); the
//! notebook pages do not list their own.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use cloudspec_fakes::oci_aidataplatform::FakeAiDataPlatform;
//! let fake = FakeAiDataPlatform::start().await?;
//! // Point a client at `fake.endpoint()` (plain http) with `fake.credentials()?`.
//! println!("AI Data Platform fake at {}", fake.endpoint());
//! # Ok(()) }
//! ```

mod actions;
mod auth;
mod envelope;
mod store;

use std::io;

use aws_lc_rs::signature::KeyPair as _;
use cloudspec_runtime::credentials::{CredentialsError, OciCredentials};
use time::OffsetDateTime;
use time::macros::{datetime, format_description};

pub use actions::API_VERSION;
pub use envelope::OciError;

use crate::http::{Request, Response, Unreadable};
use crate::running::Running;

/// A 2048-bit RSA key made for this fake and registered nowhere: the default account's API key.
const ACCOUNT_KEY_PEM: &str = include_str!("account_key.pem");

/// How the fake behaves.
#[derive(Debug, Clone)]
pub struct Config {
    pub tenancy: String,
    pub user: String,
    /// The key's fingerprint as OCI shows it (MD5 of the public key, `aa:bb:...`).
    pub fingerprint: String,
    /// The API key, PEM. The fake keeps only its public half; clients sign with it
    /// ([`FakeAiDataPlatform::credentials`]).
    pub private_key_pem: String,
    /// The largest accepted distance between the `date` header and the machine's clock, in
    /// seconds; OCI allows five minutes. `None` accepts any date (for clients on a fake clock).
    pub max_clock_skew_secs: Option<i64>,
    /// The root directory's time; each change advances the fake's clock one second.
    pub start_time: OffsetDateTime,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            tenancy: "ocid1.tenancy.oc1..aaaaaaaafakeaidataplatformtenancy".to_owned(),
            user: "ocid1.user.oc1..aaaaaaaafakeaidataplatformuser".to_owned(),
            fingerprint: "36:b2:85:81:de:ec:54:a0:c3:9d:ba:d9:92:94:05:41".to_owned(),
            private_key_pem: ACCOUNT_KEY_PEM.to_owned(),
            max_clock_skew_secs: Some(300),
            start_time: datetime!(2026-11-25 09:00:00 UTC),
        }
    }
}

/// One request the fake answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub method: String,
    /// The decoded content path (`""` for the root, or when the path was not a contents path).
    pub content_path: String,
    pub status: u16,
    /// The OCI error code answered, if any.
    pub error_code: Option<String>,
}

struct State {
    config: Config,
    key_id: String,
    public_key: Vec<u8>,
    store: store::Store,
    throttle_remaining: usize,
    calls: Vec<Call>,
    next_request: u64,
}

/// A running fake; it stops when dropped.
pub struct FakeAiDataPlatform {
    running: Running<State>,
}

impl FakeAiDataPlatform {
    /// Starts a fake with [`Config::default`].
    pub async fn start() -> io::Result<FakeAiDataPlatform> {
        FakeAiDataPlatform::start_with(Config::default()).await
    }

    /// Starts a fake; fails if the configured key is not a usable RSA key.
    pub async fn start_with(config: Config) -> io::Result<FakeAiDataPlatform> {
        let credentials = credentials_of(&config)
            .map_err(|error| io::Error::new(io::ErrorKind::InvalidInput, error.to_string()))?;
        let public_key = credentials.key().public_key().as_ref().to_vec();
        let state = State {
            key_id: credentials.key_id(),
            public_key,
            store: store::Store::new(config.start_time),
            config,
            throttle_remaining: 0,
            calls: Vec::new(),
            next_request: 1,
        };
        Ok(FakeAiDataPlatform { running: Running::start(state, answer).await? })
    }

    /// The endpoint URL to give a client: `http://127.0.0.1:<port>`.
    pub fn endpoint(&self) -> &str {
        self.running.endpoint()
    }

    /// The configuration the fake runs with.
    pub fn config(&self) -> Config {
        self.running.state().config.clone()
    }

    /// The account's credentials, for a client to sign with.
    pub fn credentials(&self) -> Result<OciCredentials, CredentialsError> {
        credentials_of(&self.running.state().config)
    }

    /// Answers the next `requests` correctly signed requests with 429 `TooManyRequests`.
    pub fn throttle_next(&self, requests: usize) {
        self.running.state().throttle_remaining = requests;
    }

    /// Every request answered so far, in order.
    pub fn calls(&self) -> Vec<Call> {
        self.running.state().calls.clone()
    }
}

fn credentials_of(config: &Config) -> Result<OciCredentials, CredentialsError> {
    OciCredentials::from_pem(&config.tenancy, &config.user, &config.fingerprint, &config.private_key_pem)
}

/// `Last-Modified` as HTTP writes dates.
fn http_date(time: OffsetDateTime) -> String {
    let format = format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    time.to_offset(time::UtcOffset::UTC).format(&format).unwrap_or_default()
}

/// What a path segment keeps unencoded: RFC 3986's unreserved characters.
const SEGMENT: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// `/api/contents/<path>`, each segment percent-encoded, as the Location of a content.
fn location(path: &str) -> String {
    let segments: Vec<String> =
        path.split('/').map(|s| percent_encoding::utf8_percent_encode(s, SEGMENT).to_string()).collect();
    format!("/api/contents/{}", segments.join("/"))
}

fn answer(state: &mut State, request: Result<Request, Unreadable>) -> Response {
    let request_id = format!("FAKEAIDP{:024X}", state.next_request);
    state.next_request += 1;
    let (method, content_path, outcome) = match request {
        Err(Unreadable::TooLarge) => (
            String::new(),
            String::new(),
            Err(OciError::new(413, "RequestEntityTooLarge", "The request body is too large.")),
        ),
        Ok(request) => {
            let route = actions::route(&request.path);
            let content_path = route.as_ref().map(|r| r.content_path.clone()).unwrap_or_default();
            let outcome = handle(state, &request, route);
            (request.method, content_path, outcome)
        }
    };
    let (status, error_code) = match &outcome {
        Ok(done) => (done.status, None),
        Err(error) => (error.status, Some(error.code.to_owned())),
    };
    state.calls.push(Call { method, content_path, status, error_code });
    match outcome {
        Err(error) => error.response(&request_id),
        Ok(done) => {
            let mut response = match &done.model {
                Some(model) => Response::json(done.status, model),
                None => Response::empty(done.status),
            }
            .with_header("opc-request-id", &request_id);
            if let Some(etag) = done.etag {
                response = response.with_header("etag", etag);
            }
            if let Some(modified) = done.last_modified.filter(|_| done.status == 200 && done.model.is_some())
            {
                response = response.with_header("Last-Modified", http_date(modified));
            }
            response.with_header("Location", location(&done.path))
        }
    }
}

/// The checks in the order OCI's front door makes them (the signature first, then the route and
/// the limits), then the operation.
fn handle(
    state: &mut State,
    request: &Request,
    route: Result<actions::Route, OciError>,
) -> Result<store::Answer, OciError> {
    let account = auth::Account {
        key_id: &state.key_id,
        public_key: &state.public_key,
        max_clock_skew_secs: state.config.max_clock_skew_secs,
    };
    auth::verify(request, &account, OffsetDateTime::now_utc())?;
    let route = route?;
    if state.throttle_remaining > 0 {
        state.throttle_remaining -= 1;
        return Err(OciError::new(
            429,
            "TooManyRequests",
            "You have issued too many requests to the Oracle Cloud Infrastructure APIs in too short of an amount of time.",
        ));
    }
    actions::dispatch(request, &route, &mut state.store)
}
