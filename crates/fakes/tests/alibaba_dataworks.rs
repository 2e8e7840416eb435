//! The DataWorks fake's gateway checks, with requests signed and sent by hand: what a client
//! gets for a signature that does not verify, a changed body, a stale date, a replayed nonce, an
//! unknown key, a missing or mistyped parameter, an unknown action or version, and how
//! ListResources pages.

use cloudspec_fakes::alibaba_dataworks::FakeDataWorks;
use cloudspec_runtime::credentials::AlibabaCredentials;
use cloudspec_runtime::sign::{RequestParts, acs3};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Value, json};
use time::OffsetDateTime;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// How to sign and send one request.
struct Send {
    method: &'static str,
    action: String,
    version: String,
    /// Query pairs (GET) or form pairs (POST).
    params: Vec<(String, String)>,
    /// When set, the body that travels instead of the signed one.
    sent_body: Option<String>,
    date: OffsetDateTime,
    nonce: String,
    access_key_id: String,
    access_key_secret: String,
}

fn encode(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(n, v)| {
            format!(
                "{}={}",
                utf8_percent_encode(n, NON_ALPHANUMERIC),
                utf8_percent_encode(v, NON_ALPHANUMERIC)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

static NEXT_NONCE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl Send {
    fn new(fake: &FakeDataWorks, method: &'static str, action: &str, params: &[(&str, &str)]) -> Send {
        let config = fake.config();
        Send {
            method,
            action: action.to_owned(),
            version: "2024-05-18".to_owned(),
            params: params.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect(),
            sent_body: None,
            date: OffsetDateTime::now_utc(),
            nonce: format!("nonce-{}", NEXT_NONCE.fetch_add(1, std::sync::atomic::Ordering::Relaxed)),
            access_key_id: config.access_key_id,
            access_key_secret: config.access_key_secret,
        }
    }

    fn post(fake: &FakeDataWorks, action: &str, params: &[(&str, &str)]) -> Send {
        Send::new(fake, "POST", action, params)
    }

    fn get(fake: &FakeDataWorks, action: &str, params: &[(&str, &str)]) -> Send {
        Send::new(fake, "GET", action, params)
    }

    /// Sends the request; the HTTP status and the JSON body of the answer.
    async fn to(&self, fake: &FakeDataWorks) -> (u16, Value) {
        let host = fake.endpoint().trim_start_matches("http://").to_owned();
        let get = self.method == "GET";
        let query: Vec<(String, String)> = if get { self.params.clone() } else { Vec::new() };
        let body = if get { String::new() } else { encode(&self.params) };
        let mut headers = vec![
            ("x-acs-action".to_owned(), self.action.clone()),
            ("x-acs-version".to_owned(), self.version.clone()),
        ];
        if !get {
            headers.push(("content-type".to_owned(), "application/x-www-form-urlencoded".to_owned()));
        }
        let parts = RequestParts {
            method: self.method,
            host: &host,
            path: "/",
            query: &query,
            headers: &headers,
            body: body.as_bytes(),
        };
        let creds = AlibabaCredentials::new(self.access_key_id.clone(), self.access_key_secret.clone());
        headers.extend(acs3::sign(&parts, &creds, self.date, &self.nonce));
        let sent = self.sent_body.clone().unwrap_or(body);
        let target = if query.is_empty() { "/".to_owned() } else { format!("/?{}", encode(&query)) };
        let mut request = format!("{} {target} HTTP/1.1\r\nhost: {host}\r\n", self.method);
        for (name, value) in &headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str(&format!("content-length: {}\r\n\r\n{sent}", sent.len()));
        let mut stream = TcpStream::connect(&host).await.unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).await.unwrap();
        let status: u16 = answer[9..12].parse().unwrap();
        let body = answer.split_once("\r\n\r\n").unwrap().1;
        (status, serde_json::from_str(body).unwrap())
    }
}

fn spec(folder: &str, name: &str, content: &str) -> String {
    json!({
        "version": "1.1.0", "kind": "Resource",
        "spec": { "fileResources": [{ "name": name, "type": "python",
            "script": { "path": format!("{folder}/{name}"), "content": content, "runtime": { "command": "ODPS_PYTHON" } } }] }
    })
    .to_string()
}

/// The code of an error answer, checking the rest of Alibaba's error body.
fn error_code(answer: &(u16, Value)) -> (u16, &str) {
    let (status, body) = answer;
    for member in ["RequestId", "HostId", "Message", "Recommend"] {
        assert!(body[member].is_string(), "{member} missing in {body}");
    }
    (*status, body["Code"].as_str().unwrap_or_else(|| panic!("not an error: {body}")))
}

async fn create(fake: &FakeDataWorks, name: &str) -> String {
    let spec = spec("dir", name, "c");
    let (status, body) =
        Send::post(fake, "CreateResource", &[("ProjectId", "7"), ("Spec", &spec)]).to(fake).await;
    assert_eq!(status, 200, "{body}");
    body["Id"].as_str().expect("Id is a string").to_owned()
}

#[tokio::test]
async fn a_signed_request_is_served_with_a_request_id() {
    let fake = FakeDataWorks::start().await.unwrap();
    let id = create(&fake, "a.py").await;
    let (status, body) = Send::get(&fake, "GetResource", &[("ProjectId", "7"), ("Id", &id)]).to(&fake).await;
    assert_eq!(status, 200);
    assert!(body["RequestId"].is_string());
    assert_eq!(body["Resource"]["Name"], "a.py");
    assert_eq!(body["Resource"]["ProjectId"], "7");
    let spec: Value = serde_json::from_str(body["Resource"]["Spec"].as_str().unwrap()).unwrap();
    assert_eq!(spec["spec"]["fileResources"][0]["id"], id.as_str());
    assert_eq!(spec["spec"]["fileResources"][0]["script"]["path"], "dir/a.py");
}

#[tokio::test]
async fn another_body_than_the_signed_one_does_not_match_and_changes_nothing() {
    let fake = FakeDataWorks::start().await.unwrap();
    let mut send =
        Send::post(&fake, "CreateResource", &[("ProjectId", "7"), ("Spec", &spec("d", "a.py", ""))]);
    send.sent_body =
        Some(encode(&[("ProjectId".into(), "7".into()), ("Spec".into(), spec("d", "b.py", ""))]));
    assert_eq!(error_code(&send.to(&fake).await), (400, "SignatureDoesNotMatch"));
    let (_, list) = Send::get(&fake, "ListResources", &[("ProjectId", "7")]).to(&fake).await;
    assert_eq!(list["PagingInfo"]["TotalCount"], 0);
}

#[tokio::test]
async fn a_wrong_secret_an_unknown_key_and_a_missing_signature_are_refused() {
    let fake = FakeDataWorks::start().await.unwrap();
    let mut wrong = Send::get(&fake, "ListResources", &[("ProjectId", "7")]);
    wrong.access_key_secret = "another".into();
    assert_eq!(error_code(&wrong.to(&fake).await), (400, "SignatureDoesNotMatch"));
    let mut unknown = Send::get(&fake, "ListResources", &[("ProjectId", "7")]);
    unknown.access_key_id = "LTAIunknown".into();
    assert_eq!(error_code(&unknown.to(&fake).await), (404, "InvalidAccessKeyId.NotFound"));
}

#[tokio::test]
async fn a_stale_date_is_expired() {
    let fake = FakeDataWorks::start().await.unwrap();
    let mut send = Send::get(&fake, "ListResources", &[("ProjectId", "7")]);
    send.date -= time::Duration::minutes(16);
    assert_eq!(error_code(&send.to(&fake).await), (400, "InvalidTimeStamp.Expired"));
    // Within the 15 minutes Alibaba allows, it is served.
    let mut send = Send::get(&fake, "ListResources", &[("ProjectId", "7")]);
    send.date -= time::Duration::minutes(10);
    assert_eq!(send.to(&fake).await.0, 200);
}

#[tokio::test]
async fn a_replayed_nonce_is_refused() {
    let fake = FakeDataWorks::start().await.unwrap();
    let send = Send::post(&fake, "CreateResource", &[("ProjectId", "7"), ("Spec", &spec("d", "a.py", ""))]);
    assert_eq!(send.to(&fake).await.0, 200);
    assert_eq!(error_code(&send.to(&fake).await), (400, "SignatureNonceUsed"));
    let (_, list) = Send::get(&fake, "ListResources", &[("ProjectId", "7")]).to(&fake).await;
    assert_eq!(list["PagingInfo"]["TotalCount"], 1, "the replay created nothing");
}

#[tokio::test]
async fn missing_and_mistyped_parameters_and_unknown_actions_use_alibaba_codes() {
    let fake = FakeDataWorks::start().await.unwrap();
    let answer = Send::post(&fake, "CreateResource", &[("ProjectId", "7")]).to(&fake).await;
    assert_eq!(error_code(&answer), (400, "MissingParameter"));
    assert!(answer.1["Message"].as_str().unwrap().contains("Spec"));
    let answer = Send::get(&fake, "ListResources", &[("ProjectId", "seven")]).to(&fake).await;
    assert_eq!(error_code(&answer), (400, "InvalidParameter"));
    let answer =
        Send::post(&fake, "CreateResource", &[("ProjectId", "7"), ("Spec", "not json")]).to(&fake).await;
    assert_eq!(error_code(&answer), (400, "InvalidParameter"));
    let answer =
        Send::get(&fake, "ListResources", &[("ProjectId", "7"), ("PageSize", "101")]).to(&fake).await;
    assert_eq!(error_code(&answer), (400, "InvalidParameter"));
    let answer = Send::get(&fake, "ListNodes", &[("ProjectId", "7")]).to(&fake).await;
    assert_eq!(error_code(&answer), (404, "InvalidAction.NotFound"));
    let mut old = Send::get(&fake, "ListResources", &[("ProjectId", "7")]);
    old.version = "2020-05-18".into();
    assert_eq!(error_code(&old.to(&fake).await), (404, "InvalidAction.NotFound"));
}

#[tokio::test]
async fn list_resources_pages_by_number_and_size_and_filters() {
    let fake = FakeDataWorks::start().await.unwrap();
    for name in ["a.py", "b.py", "c.py", "d.py", "e.py"] {
        create(&fake, name).await;
    }
    let page = |number: &'static str| {
        let fake = &fake;
        async move {
            let (status, body) = Send::get(
                fake,
                "ListResources",
                &[("ProjectId", "7"), ("PageSize", "2"), ("PageNumber", number)],
            )
            .to(fake)
            .await;
            assert_eq!(status, 200);
            let names: Vec<String> = body["PagingInfo"]["Resources"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["Name"].as_str().unwrap().to_owned())
                .collect();
            (body["PagingInfo"]["TotalCount"].as_u64(), names)
        }
    };
    assert_eq!(page("1").await, (Some(5), vec!["a.py".to_owned(), "b.py".to_owned()]));
    assert_eq!(page("3").await, (Some(5), vec!["e.py".to_owned()]));
    assert_eq!(page("4").await, (Some(5), vec![]));
    // Name is a fuzzy filter; another workspace is empty.
    let (_, body) = Send::get(&fake, "ListResources", &[("ProjectId", "7"), ("Name", "c.")]).to(&fake).await;
    assert_eq!(body["PagingInfo"]["TotalCount"], 1);
    let (_, body) = Send::get(&fake, "ListResources", &[("ProjectId", "8")]).to(&fake).await;
    assert_eq!(body["PagingInfo"]["TotalCount"], 0);
}

#[tokio::test]
async fn throttling_answers_429_throttling_user_until_the_hook_is_spent() {
    let fake = FakeDataWorks::start().await.unwrap();
    fake.throttle_next(1);
    let answer = Send::get(&fake, "ListResources", &[("ProjectId", "7")]).to(&fake).await;
    assert_eq!(error_code(&answer), (429, "Throttling.User"));
    assert_eq!(Send::get(&fake, "ListResources", &[("ProjectId", "7")]).to(&fake).await.0, 200);
}

#[tokio::test]
async fn a_resource_in_another_workspace_is_not_found_there() {
    let fake = FakeDataWorks::start().await.unwrap();
    let id = create(&fake, "a.py").await;
    let answer = Send::post(&fake, "DeleteResource", &[("ProjectId", "8"), ("Id", &id)]).to(&fake).await;
    assert_eq!(error_code(&answer), (404, "Resource.NotFound"));
    assert!(fake.resource(7, &id).is_some(), "still there in its own workspace");
}
