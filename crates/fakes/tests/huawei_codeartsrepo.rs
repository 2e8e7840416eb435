//! The CodeArts Repo fake's gateway checks and state, with requests signed and sent by hand:
//! what a client gets for a missing, wrong or stale credential, an unknown API, a throttled
//! call, a path already taken, a missing branch or file, and how ListTrees pages.

use cloudspec_fakes::huawei_codeartsrepo::{Config, FakeCodeArtsRepo, blob_id};
use cloudspec_runtime::sign::apig;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::macros::format_description;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// How one request is authenticated.
enum Auth {
    None,
    Token(String),
    /// AK/SK signing at `date` with these keys; the signature covers `signed_body`.
    Signed {
        access_key: String,
        secret_key: String,
        date: OffsetDateTime,
        signed_body: Option<String>,
    },
}

struct Send {
    method: &'static str,
    path: String,
    query: Vec<(String, String)>,
    body: String,
    auth: Auth,
}

/// An answer as it arrived.
#[derive(Debug)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|_| panic!("not JSON: {:?}", String::from_utf8_lossy(&self.body)))
    }

    fn error_code(&self) -> String {
        self.json()["error_code"].as_str().unwrap_or_else(|| panic!("not an error: {self:?}")).to_owned()
    }
}

fn encode(text: &str) -> String {
    cloudspec_runtime::sign::percent_encode_rfc3986(text)
}

impl Send {
    fn new(method: &'static str, operation_path: &str, fake: &FakeCodeArtsRepo) -> Send {
        Send {
            method,
            path: format!("/v4/repositories/100001/{operation_path}"),
            query: Vec::new(),
            body: String::new(),
            auth: Auth::Token(fake.config().token),
        }
    }

    fn query(mut self, name: &str, value: &str) -> Send {
        self.query.push((name.to_owned(), value.to_owned()));
        self
    }

    fn body(mut self, body: Value) -> Send {
        self.body = body.to_string();
        self
    }

    fn signed(mut self, fake: &FakeCodeArtsRepo) -> Send {
        let config = fake.config();
        self.auth = Auth::Signed {
            access_key: config.access_key,
            secret_key: config.secret_key,
            date: OffsetDateTime::now_utc(),
            signed_body: None,
        };
        self
    }

    async fn to(self, fake: &FakeCodeArtsRepo) -> Answer {
        let host = fake.endpoint().trim_start_matches("http://").to_owned();
        let mut headers: Vec<(String, String)> =
            vec![("content-type".into(), "application/json".into()), ("host".into(), host.clone())];
        match &self.auth {
            Auth::None => {}
            Auth::Token(token) => headers.push(("x-auth-token".into(), token.clone())),
            Auth::Signed { access_key, secret_key, date, signed_body } => {
                let format = format_description!("[year][month][day]T[hour][minute][second]Z");
                headers.push(("x-sdk-date".into(), date.format(format).unwrap()));
                let body = signed_body.as_deref().unwrap_or(&self.body);
                let input = apig::ApigInput {
                    method: self.method,
                    path: &self.path,
                    query: &self.query,
                    headers: &headers,
                    body: body.as_bytes(),
                    access_key,
                    secret_key,
                };
                let steps = apig::signing_steps(&input, &["content-type", "host", "x-sdk-date"]).unwrap();
                headers.push(("authorization".into(), steps.authorization));
            }
        }
        let query: Vec<String> =
            self.query.iter().map(|(n, v)| format!("{}={}", encode(n), encode(v))).collect();
        let target =
            if query.is_empty() { self.path.clone() } else { format!("{}?{}", self.path, query.join("&")) };
        let mut request = format!("{} {target} HTTP/1.1\r\n", self.method);
        for (name, value) in &headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str(&format!("content-length: {}\r\n\r\n{}", self.body.len(), self.body));
        let mut stream = TcpStream::connect(&host).await.unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await.unwrap();
        let end = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete head") + 4;
        let head = String::from_utf8(raw[..end].to_vec()).unwrap();
        let mut lines = head.split("\r\n");
        let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        Answer { status, headers, body: raw[end..].to_vec() }
    }
}

fn create_file(fake: &FakeCodeArtsRepo, path: &str, content: &str) -> Send {
    Send::new("POST", "repository/files", fake).body(json!({
        "file_path": path, "branch": "master", "commit_message": format!("Add {path}"), "content": content
    }))
}

#[tokio::test]
async fn a_request_without_credentials_is_refused_with_the_pages_401_code() {
    let fake = FakeCodeArtsRepo::start().await.unwrap();
    let mut send = Send::new("GET", "repository/trees", &fake);
    send.auth = Auth::None;
    let answer = send.to(&fake).await;
    assert_eq!(answer.status, 401);
    assert_eq!(answer.error_code(), "CH.00000001");
    assert!(answer.header("x-request-id").is_some());
}

#[tokio::test]
async fn a_wrong_token_is_the_gateways_apigw_0301_with_its_request_id() {
    let fake = FakeCodeArtsRepo::start().await.unwrap();
    let mut send = Send::new("GET", "repository/trees", &fake);
    send.auth = Auth::Token("someone-elses-token".into());
    let answer = send.to(&fake).await;
    assert_eq!(answer.status, 401);
    assert_eq!(answer.error_code(), "APIGW.0301");
    assert_eq!(answer.json()["request_id"].as_str(), answer.header("x-request-id"));
}

#[tokio::test]
async fn an_aksk_signed_request_is_served() {
    let fake = FakeCodeArtsRepo::start().await.unwrap();
    let answer = create_file(&fake, "a.txt", "hello").signed(&fake).to(&fake).await;
    assert_eq!(answer.status, 201, "{answer:?}");
    assert_eq!(answer.json(), json!({"file_path": "a.txt", "branch": "master"}));
}

#[tokio::test]
async fn a_body_other_than_the_signed_one_fails_verification_and_changes_nothing() {
    let fake = FakeCodeArtsRepo::start().await.unwrap();
    let mut send = create_file(&fake, "a.txt", "hello").signed(&fake);
    if let Auth::Signed { signed_body, .. } = &mut send.auth {
        *signed_body = Some(json!({"file_path": "other.txt"}).to_string());
    }
    let answer = send.to(&fake).await;
    assert_eq!(answer.status, 401);
    assert_eq!(answer.error_code(), "APIGW.0301");
    assert!(answer.json()["error_msg"].as_str().unwrap().contains("verify aksk signature fail"));
    assert_eq!(fake.commit_count(100001, "master"), Some(1), "nothing was committed");
}

#[tokio::test]
async fn an_unknown_access_key_and_a_stale_date_are_refused() {
    let fake = FakeCodeArtsRepo::start().await.unwrap();
    let mut unknown = Send::new("GET", "repository/trees", &fake).signed(&fake);
    if let Auth::Signed { access_key, .. } = &mut unknown.auth {
        *access_key = "SOMEONEELSE".into();
    }
    assert_eq!(unknown.to(&fake).await.error_code(), "APIGW.0301");

    let mut stale = Send::new("GET", "repository/trees", &fake).signed(&fake);
    if let Auth::Signed { date, .. } = &mut stale.auth {
        *date -= time::Duration::hours(1);
    }
    let answer = stale.to(&fake).await;
    assert_eq!((answer.status, answer.error_code().as_str()), (401, "APIGW.0301"));
}

#[tokio::test]
async fn any_date_is_accepted_when_the_skew_check_is_off() {
    let fake = FakeCodeArtsRepo::start_with(Config { max_clock_skew_secs: None, ..Config::default() })
        .await
        .unwrap();
    let mut old = Send::new("GET", "repository/trees", &fake).signed(&fake);
    if let Auth::Signed { date, .. } = &mut old.auth {
        *date -= time::Duration::days(400);
    }
    assert_eq!(old.to(&fake).await.status, 200);
}

#[tokio::test]
async fn an_unknown_api_is_apigw_0101() {
    let fake = FakeCodeArtsRepo::start().await.unwrap();
    let answer = Send::new("PATCH", "repository/file", &fake).to(&fake).await;
    assert_eq!((answer.status, answer.error_code().as_str()), (404, "APIGW.0101"));
}

#[tokio::test]
async fn throttled_calls_are_429_apigw_0308_and_then_served() {
    let fake = FakeCodeArtsRepo::start().await.unwrap();
    fake.throttle_next(2);
    for _ in 0..2 {
        let answer = Send::new("GET", "repository/trees", &fake).to(&fake).await;
        assert_eq!((answer.status, answer.error_code().as_str()), (429, "APIGW.0308"));
    }
    assert_eq!(Send::new("GET", "repository/trees", &fake).to(&fake).await.status, 200);
    let statuses: Vec<u16> = fake.calls().iter().map(|c| c.status).collect();
    assert_eq!(statuses, [429, 429, 200]);
}

#[tokio::test]
async fn a_path_already_taken_is_ch_010001_and_a_missing_branch_or_repository_is_ch_00402000() {
    let fake = FakeCodeArtsRepo::start().await.unwrap();
    assert_eq!(create_file(&fake, "docs/a.md", "x").to(&fake).await.status, 201);
    let again = create_file(&fake, "docs/a.md", "y").to(&fake).await;
    assert_eq!((again.status, again.error_code().as_str()), (400, "CH.010001"));
    let under_a_file = create_file(&fake, "docs/a.md/b.md", "y").to(&fake).await;
    assert_eq!(under_a_file.error_code(), "CH.010001");
    let dir = Send::new("POST", "repository/dir", &fake)
        .body(json!({"file_path": "docs", "branch_name": "master", "commit_message": "again"}))
        .to(&fake)
        .await;
    assert_eq!(dir.error_code(), "CH.010001", "docs exists: a file lies under it");

    let mut other_branch = create_file(&fake, "b.md", "x");
    other_branch.body =
        json!({"file_path": "b.md", "branch": "nope", "commit_message": "m", "content": "x"}).to_string();
    let answer = other_branch.to(&fake).await;
    assert_eq!((answer.status, answer.error_code().as_str()), (404, "CH.00402000"));

    let mut other_repository = Send::new("GET", "repository/trees", &fake);
    other_repository.path = "/v4/repositories/7/repository/trees".into();
    assert_eq!(other_repository.to(&fake).await.error_code(), "CH.00402000");
}

#[tokio::test]
async fn missing_and_malformed_parameters_are_ch_010001() {
    let fake = FakeCodeArtsRepo::start().await.unwrap();
    let no_branch = Send::new("POST", "repository/files", &fake)
        .body(json!({"file_path": "a", "commit_message": "m", "content": "x"}))
        .to(&fake)
        .await;
    assert_eq!(no_branch.error_code(), "CH.010001");
    let bad_limit = Send::new("GET", "repository/trees", &fake).query("limit", "101").to(&fake).await;
    assert_eq!(bad_limit.error_code(), "CH.010001");
    let bad_path = create_file(&fake, "../escape", "x").to(&fake).await;
    assert_eq!(bad_path.error_code(), "CH.010001");
    let bad_base64 = Send::new("POST", "repository/files", &fake)
        .body(json!({"file_path": "a", "branch": "master", "commit_message": "m", "content": "!!", "encoding": "base64"}))
        .to(&fake)
        .await;
    assert_eq!(bad_base64.error_code(), "CH.010001");
}

#[tokio::test]
async fn list_trees_pages_with_offset_and_limit_and_reports_the_total_in_x_total() {
    let fake = FakeCodeArtsRepo::start().await.unwrap();
    for name in ["c.txt", "a.txt", "b.txt", "sub/d.txt"] {
        assert_eq!(create_file(&fake, name, name).to(&fake).await.status, 201);
    }
    let mut seen = Vec::new();
    for offset in [0, 2, 4] {
        let answer = Send::new("GET", "repository/trees", &fake)
            .query("offset", &offset.to_string())
            .query("limit", "2")
            .to(&fake)
            .await;
        assert_eq!(answer.header("x-total"), Some("4"));
        for entry in answer.json().as_array().unwrap() {
            seen.push((
                entry["type"].as_str().unwrap().to_owned(),
                entry["path"].as_str().unwrap().to_owned(),
            ));
        }
    }
    // Directories first, then files, each by name.
    let expected = [("tree", "sub"), ("blob", "a.txt"), ("blob", "b.txt"), ("blob", "c.txt")];
    assert_eq!(seen, expected.map(|(t, p)| (t.to_owned(), p.to_owned())));

    let under = Send::new("GET", "repository/trees", &fake).query("path", "sub").to(&fake).await;
    let entries = under.json();
    assert_eq!(entries[0]["path"], "sub/d.txt");
    assert_eq!(entries[0]["id"], blob_id(b"sub/d.txt"), "a blob's id is Git's");
    let recursive = Send::new("GET", "repository/trees", &fake).query("recursive", "true").to(&fake).await;
    assert_eq!(recursive.header("x-total"), Some("5"));
}

#[tokio::test]
async fn each_change_is_one_commit_and_show_file_reports_it() {
    let fake = FakeCodeArtsRepo::start().await.unwrap();
    create_file(&fake, "a.txt", "one").to(&fake).await;
    let shown = Send::new("GET", "repository/file", &fake).query("file_path", "a.txt").to(&fake).await.json();
    let first_commit = shown["last_commit_id"].as_str().unwrap().to_owned();
    assert_eq!(shown["commit"]["id"], first_commit);
    assert_eq!(shown["content"], "b25l");
    assert_eq!(shown["blob_id"], blob_id(b"one"));

    let update = |last: &str| {
        Send::new("PUT", "repository/file", &fake).query("file_path", "a.txt").body(json!({
            "file_path": "a.txt", "branch": "master", "commit_message": "two", "content": "two", "last_commit_id": last
        }))
    };
    assert_eq!(update(&first_commit).to(&fake).await.status, 200);
    let stale = update(&first_commit).to(&fake).await;
    assert_eq!((stale.status, stale.error_code().as_str()), (400, "CH.010001"), "the file changed since");
    assert_eq!(fake.commit_count(100001, "master"), Some(3), "initial, create, update");
    assert_eq!(fake.commit_count(100001, "develop"), Some(1), "another branch is untouched");
}

#[tokio::test]
async fn delete_file_answers_204_with_the_documented_body() {
    let fake = FakeCodeArtsRepo::start().await.unwrap();
    create_file(&fake, "a.txt", "x").to(&fake).await;
    let delete = || {
        Send::new("DELETE", "repository/file", &fake)
            .query("file_path", "a.txt")
            .query("branch", "master")
            .query("commit_message", "remove")
    };
    let answer = delete().to(&fake).await;
    assert_eq!(answer.status, 204);
    assert_eq!(answer.json(), json!({"status": "success"}));
    let again = delete().to(&fake).await;
    assert_eq!((again.status, again.error_code().as_str()), (404, "CH.00402000"));
    let raw = Send::new("GET", "repository/files/raw", &fake).query("file_path", "a.txt").to(&fake).await;
    assert_eq!(raw.status, 404);
}
