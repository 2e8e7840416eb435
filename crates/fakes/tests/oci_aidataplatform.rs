//! The AI Data Platform fake's front-door checks, with requests signed and sent by hand: what a
//! client gets for a signature that does not verify, a body that is not the signed one, a stale
//! date, a signature that leaves a required header out, an unknown key or path, a body that is
//! not JSON; and the headers of its answers.

use cloudspec_fakes::oci_aidataplatform::FakeAiDataPlatform;
use cloudspec_runtime::sign::oci;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::macros::format_description;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const CONTENTS: &str =
    "/20260430/aiDataPlatforms/ocid1.aidataplatform.oc1..p/workspaces/w/notebook/api/contents/";

/// How to sign and send one request.
struct Send {
    method: &'static str,
    /// Path and query exactly as sent.
    target: String,
    signed_body: String,
    sent_body: String,
    date: OffsetDateTime,
    /// The headers the signature covers; `None` for the ones OCI requires.
    signed: Option<Vec<&'static str>>,
    key_id_user: Option<String>,
    authorize: bool,
}

/// The answer: status, headers (names lower-case) and JSON body (`null` when empty).
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Value,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or_else(|| panic!("not an OCI error: {}", self.body))
    }
}

impl Send {
    fn new(method: &'static str, content_path: &str, body: Option<Value>) -> Send {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        Send {
            method,
            target: format!("{CONTENTS}{content_path}"),
            signed_body: body.clone(),
            sent_body: body,
            date: OffsetDateTime::now_utc(),
            signed: None,
            key_id_user: None,
            authorize: true,
        }
    }

    async fn to(self, fake: &FakeAiDataPlatform) -> Answer {
        let host = fake.endpoint().trim_start_matches("http://").to_owned();
        let date = self
            .date
            .format(format_description!(
                "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
            ))
            .unwrap();
        let with_body = self.method != "GET" && self.method != "DELETE";
        let mut headers = vec![("date".to_owned(), date)];
        if with_body {
            headers.push(("content-type".to_owned(), "application/json".to_owned()));
        }
        let credentials = fake.credentials().unwrap();
        let config = fake.config();
        let input = oci::OciInput {
            method: self.method,
            request_target: &self.target,
            host: &host,
            headers: &headers,
            body: self.signed_body.as_bytes(),
            tenancy: &config.tenancy,
            user: self.key_id_user.as_deref().unwrap_or(&config.user),
            fingerprint: &config.fingerprint,
        };
        let required: Vec<&str> = if with_body {
            vec!["date", "(request-target)", "host", "content-length", "content-type", "x-content-sha256"]
        } else {
            vec!["date", "(request-target)", "host"]
        };
        let steps =
            oci::signing_steps(&input, self.signed.as_ref().unwrap_or(&required), credentials.key()).unwrap();
        let mut request = format!("{} {} HTTP/1.1\r\nhost: {host}\r\n", self.method, self.target);
        for (name, value) in &headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        if let Some(digest) = steps.x_content_sha256 {
            request.push_str(&format!("x-content-sha256: {digest}\r\n"));
        }
        if self.authorize {
            request.push_str(&format!("authorization: {}\r\n", steps.authorization));
        }
        request.push_str(&format!("content-length: {}\r\n\r\n{}", self.sent_body.len(), self.sent_body));
        let mut stream = TcpStream::connect(&host).await.unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).await.unwrap();
        let (head, body) = answer.split_once("\r\n\r\n").unwrap();
        let mut lines = head.split("\r\n");
        let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        let body = if body.is_empty() { Value::Null } else { serde_json::from_str(body).unwrap() };
        Answer { status, headers, body }
    }
}

fn directory() -> Option<Value> {
    Some(json!({ "type": "directory" }))
}

#[tokio::test]
async fn a_signed_request_is_served_with_etag_location_and_request_id() {
    let fake = FakeAiDataPlatform::start().await.unwrap();
    let made = Send::new("PUT", "notes", directory()).to(&fake).await;
    assert_eq!(made.status, 201, "{}", made.body);
    assert_eq!(made.body["path"], "notes");
    assert_eq!(made.body["type"], "directory");
    assert_eq!(made.header("location"), Some("/api/contents/notes"));
    assert!(made.header("etag").is_some_and(|e| e.starts_with('"')));
    assert!(made.header("opc-request-id").is_some());

    let file = json!({ "type": "file", "format": "text", "content": "hi" });
    let saved = Send::new("PUT", "notes%2Fa.txt", Some(file)).to(&fake).await;
    assert_eq!(saved.status, 201);
    // Slashes may also arrive unencoded: the same content.
    let read = Send::new("GET", "notes/a.txt?content=1", None).to(&fake).await;
    assert_eq!((read.status, read.body["content"].clone()), (200, json!("hi")));
    assert_eq!(read.header("etag"), saved.header("etag"));
    assert!(read.header("last-modified").is_some_and(|d| d.ends_with(" GMT")));

    let gone = Send::new("DELETE", "notes%2Fa.txt", None).to(&fake).await;
    assert_eq!((gone.status, gone.body.clone()), (204, Value::Null));
    assert_eq!(gone.header("location"), Some("/api/contents/notes/a.txt"));
}

#[tokio::test]
async fn a_body_other_than_the_signed_one_is_refused_and_changes_nothing() {
    let fake = FakeAiDataPlatform::start().await.unwrap();
    let mut send = Send::new("PUT", "a", directory());
    send.sent_body = json!({ "type": "file", "format": "text", "content": "x" }).to_string();
    let refused = send.to(&fake).await;
    assert_eq!((refused.status, refused.code()), (401, "NotAuthenticated"));
    assert!(refused.header("opc-request-id").is_some());
    let root = Send::new("GET", "%2F", None).to(&fake).await;
    assert_eq!(root.body["content"], json!([]));
}

#[tokio::test]
async fn the_front_door_checks_refuse_with_oci_codes() {
    let fake = FakeAiDataPlatform::start().await.unwrap();

    let mut stale = Send::new("GET", "%2F", None);
    stale.date -= time::Duration::hours(1);
    assert_eq!(stale.to(&fake).await.code(), "NotAuthenticated");

    let mut stranger = Send::new("GET", "%2F", None);
    stranger.key_id_user = Some("ocid1.user.oc1..someoneelse".to_owned());
    assert_eq!(stranger.to(&fake).await.code(), "NotAuthenticated");

    let mut unsigned = Send::new("GET", "%2F", None);
    unsigned.authorize = false;
    assert_eq!(unsigned.to(&fake).await.code(), "NotAuthenticated");

    // A PUT whose signature leaves the body headers out.
    let mut partial = Send::new("PUT", "a", directory());
    partial.signed = Some(vec!["date", "(request-target)", "host"]);
    assert_eq!(partial.to(&fake).await.code(), "NotAuthenticated");

    let mut elsewhere = Send::new("GET", "", None);
    elsewhere.target = "/20260430/aiDataPlatforms/p/workspaces/w/notebook/api/sessions".to_owned();
    let unknown = elsewhere.to(&fake).await;
    assert_eq!((unknown.status, unknown.code()), (404, "NotFound"));

    let mut garbled = Send::new("PUT", "a", None);
    garbled.signed_body = "{not json".to_owned();
    garbled.sent_body = "{not json".to_owned();
    let garbled = garbled.to(&fake).await;
    assert_eq!((garbled.status, garbled.code()), (400, "CannotParseRequest"));

    let bad_flag = Send::new("GET", "%2F?hash=2", None).to(&fake).await;
    assert_eq!((bad_flag.status, bad_flag.code()), (400, "InvalidParameter"));

    let escape = Send::new("GET", "a%2F..%2F..%2Fetc", None).to(&fake).await;
    assert_eq!((escape.status, escape.code()), (400, "InvalidParameter"));

    let calls = fake.calls();
    assert_eq!(calls.len(), 8);
    assert!(calls.iter().all(|c| c.error_code.is_some()), "every request above was refused: {calls:?}");
}

#[tokio::test]
async fn throttling_answers_too_many_requests_then_serves_again() {
    let fake = FakeAiDataPlatform::start().await.unwrap();
    fake.throttle_next(2);
    for _ in 0..2 {
        let answer = Send::new("PUT", "a", directory()).to(&fake).await;
        assert_eq!((answer.status, answer.code()), (429, "TooManyRequests"));
    }
    assert_eq!(Send::new("PUT", "a", directory()).to(&fake).await.status, 201);
}

#[tokio::test]
async fn create_names_untitled_items_and_copies_like_jupyter() {
    let fake = FakeAiDataPlatform::start().await.unwrap();
    let folder = Send::new("POST", "%2F", Some(json!({ "type": "directory" }))).to(&fake).await;
    assert_eq!((folder.status, folder.body["path"].clone()), (201, json!("Untitled Folder")));
    let again = Send::new("POST", "%2F", Some(json!({ "type": "directory" }))).to(&fake).await;
    assert_eq!(again.body["path"], "Untitled Folder 1");
    // No body at all: an untitled file.
    let file = Send::new("POST", "Untitled%20Folder", None).to(&fake).await;
    assert_eq!(file.body["path"], "Untitled Folder/untitled");
    let notebook = Send::new("POST", "%2F", Some(json!({ "ext": ".ipynb" }))).to(&fake).await;
    assert_eq!(
        (notebook.body["path"].clone(), notebook.body["type"].clone()),
        (json!("Untitled.ipynb"), json!("notebook"))
    );
    let copy = Send::new("POST", "Untitled%20Folder", Some(json!({ "copy_from": "/Untitled.ipynb" })))
        .to(&fake)
        .await;
    assert_eq!(copy.body["path"], "Untitled Folder/Untitled-Copy1.ipynb");
    let read = Send::new("GET", "Untitled%20Folder%2FUntitled-Copy1.ipynb", None).to(&fake).await;
    assert_eq!(read.body["content"]["nbformat"], 4);
    assert_eq!(read.body["format"], "json");
}
