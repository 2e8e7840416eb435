//! The WeData fake's gateway checks, with requests signed and sent by hand: what a client gets
//! for a signature that does not verify, a stale timestamp, an unknown key, a missing or
//! mistyped parameter, an unknown action or version.

use std::time::{SystemTime, UNIX_EPOCH};

use cloudspec_fakes::tencent_wedata::FakeWeData;
use cloudspec_runtime::sign::tc3;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// How to sign and send one request.
struct Send<'a> {
    action: &'a str,
    version: &'a str,
    /// The body the signature covers.
    signed_body: String,
    /// The body that travels (differs from `signed_body` when a test tampers with it).
    sent_body: String,
    timestamp: i64,
    secret_id: String,
    secret_key: String,
    authorize: bool,
}

fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64
}

impl<'a> Send<'a> {
    fn new(fake: &FakeWeData, action: &'a str, body: Value) -> Send<'a> {
        let config = fake.config();
        Send {
            action,
            version: "2025-08-06",
            signed_body: body.to_string(),
            sent_body: body.to_string(),
            timestamp: now(),
            secret_id: config.secret_id,
            secret_key: config.secret_key,
            authorize: true,
        }
    }

    /// Sends the request; the `Response` object of the answer.
    async fn to(self, fake: &FakeWeData) -> Value {
        let host = fake.endpoint().trim_start_matches("http://").to_owned();
        let mut headers: Vec<(String, String)> = vec![
            ("content-type".into(), "application/json".into()),
            ("host".into(), host.clone()),
            ("x-tc-action".into(), self.action.into()),
            ("x-tc-timestamp".into(), self.timestamp.to_string()),
            ("x-tc-version".into(), self.version.into()),
            ("x-tc-region".into(), "ap-guangzhou".into()),
        ];
        let input = tc3::Tc3Input {
            method: "POST",
            path: "/",
            query: &[],
            headers: &headers,
            body: self.signed_body.as_bytes(),
            service: "wedata",
            timestamp: self.timestamp,
            secret_id: &self.secret_id,
            secret_key: &self.secret_key,
        };
        let steps = tc3::signing_steps(&input, &["content-type", "host", "x-tc-action"]).unwrap();
        if self.authorize {
            headers.push(("authorization".into(), steps.authorization));
        }
        let mut request = String::from("POST / HTTP/1.1\r\n");
        for (name, value) in &headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str(&format!("content-length: {}\r\n\r\n{}", self.sent_body.len(), self.sent_body));
        let mut stream = TcpStream::connect(&host).await.unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).await.unwrap();
        assert!(answer.starts_with("HTTP/1.1 200 "), "Tencent answers failures with 200 too: {answer}");
        let body = answer.split_once("\r\n\r\n").unwrap().1;
        serde_json::from_str::<Value>(body).unwrap()["Response"].clone()
    }
}

fn error_code(response: &Value) -> &str {
    response["Error"]["Code"].as_str().unwrap_or_else(|| panic!("not an error: {response}"))
}

fn folder(name: &str) -> Value {
    json!({ "ProjectId": "1", "FolderName": name, "ParentFolderPath": "/" })
}

#[tokio::test]
async fn a_signed_request_is_served_and_gets_a_request_id() {
    let fake = FakeWeData::start().await.unwrap();
    let response = Send::new(&fake, "CreateCodeFolder", folder("a")).to(&fake).await;
    assert!(response["Data"]["FolderId"].is_string(), "{response}");
    assert!(response["RequestId"].is_string());
}

#[tokio::test]
async fn a_body_other_than_the_signed_one_is_a_signature_failure_and_changes_nothing() {
    let fake = FakeWeData::start().await.unwrap();
    let mut send = Send::new(&fake, "CreateCodeFolder", folder("a"));
    send.sent_body = folder("b").to_string();
    let response = send.to(&fake).await;
    assert_eq!(error_code(&response), "AuthFailure.SignatureFailure");
    assert!(response["RequestId"].is_string());
    let listed = Send::new(&fake, "ListCodeFolderContents", json!({ "ProjectId": "1" })).to(&fake).await;
    assert_eq!(listed["Data"], json!([]));
}

#[tokio::test]
async fn the_gateway_checks_refuse_with_tencent_codes() {
    let fake = FakeWeData::start().await.unwrap();
    let mut stale = Send::new(&fake, "CreateCodeFolder", folder("a"));
    stale.timestamp -= 3600;
    assert_eq!(error_code(&stale.to(&fake).await), "AuthFailure.SignatureExpire");

    let mut stranger = Send::new(&fake, "CreateCodeFolder", folder("a"));
    stranger.secret_id = "AKIDsomeoneElse".into();
    assert_eq!(error_code(&stranger.to(&fake).await), "AuthFailure.SecretIdNotFound");

    let mut unsigned = Send::new(&fake, "CreateCodeFolder", folder("a"));
    unsigned.authorize = false;
    assert_eq!(error_code(&unsigned.to(&fake).await), "AuthFailure.InvalidAuthorization");

    let mut old = Send::new(&fake, "CreateCodeFolder", folder("a"));
    old.version = "2021-08-20";
    assert_eq!(error_code(&old.to(&fake).await), "NoSuchVersion");

    let unknown = Send::new(&fake, "DescribeEverything", json!({ "ProjectId": "1" }));
    assert_eq!(error_code(&unknown.to(&fake).await), "InvalidAction");

    let missing = Send::new(&fake, "CreateCodeFolder", json!({ "ProjectId": "1", "ParentFolderPath": "/" }));
    assert_eq!(error_code(&missing.to(&fake).await), "MissingParameter");

    let mistyped = Send::new(
        &fake,
        "GetCodeFile",
        json!({ "ProjectId": "1", "CodeFileId": "x", "IncludeContent": "yes" }),
    );
    assert_eq!(error_code(&mistyped.to(&fake).await), "InvalidParameter");

    let relative = Send::new(
        &fake,
        "CreateCodeFolder",
        json!({ "ProjectId": "1", "FolderName": "a", "ParentFolderPath": "x/y" }),
    );
    assert_eq!(error_code(&relative.to(&fake).await), "InvalidParameterValue");

    let codes: Vec<Option<String>> = fake.calls().into_iter().map(|c| c.error_code).collect();
    assert_eq!(codes.len(), 8);
    assert!(codes.iter().all(Option::is_some), "every request above was refused: {codes:?}");
}

#[tokio::test]
async fn throttling_answers_request_limit_exceeded_then_serves_again() {
    let fake = FakeWeData::start().await.unwrap();
    fake.throttle_next(2);
    for _ in 0..2 {
        let response = Send::new(&fake, "CreateCodeFolder", folder("a")).to(&fake).await;
        assert_eq!(error_code(&response), "RequestLimitExceeded");
    }
    let response = Send::new(&fake, "CreateCodeFolder", folder("a")).to(&fake).await;
    assert!(response["Data"]["FolderId"].is_string(), "{response}");
}
