//! Secrets never leak: every operation is called (successes, service errors, decode errors,
//! validation errors, retries, a server that echoes the request's credentials back) under a
//! TRACE subscriber that captures everything the process logs (`tracing` events and spans, and
//! `log` records bridged into them), and the capture, plus
//! the `Debug` and `Display` of every client, credential, request, response and error involved,
//! is scanned for every secret: the credentials, the signatures and tokens that went on the
//! wire, and the values of fields the specs mark `sensitive`.
//!
//! One test in this binary: the subscriber is global to the process.

use cloudspec_clients::alibaba::{dataworks, pds};
use cloudspec_clients::{huawei, oci, tencent};
use cloudspec_runtime::RetryPolicy;
use cloudspec_tests::credentials;
use cloudspec_tests::events::EventCapture;
use cloudspec_tests::responses::{serve, serve_json};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Values that must appear nowhere, and the texts to scan.
#[derive(Default)]
struct Scan {
    secrets: Vec<String>,
    texts: Vec<(String, String)>,
}

impl Scan {
    fn secret(&mut self, value: impl Into<String>) {
        let value = value.into();
        if value.len() >= 8 {
            self.secrets.push(value);
        }
    }

    fn text(&mut self, what: impl Into<String>, text: impl Into<String>) {
        self.texts.push((what.into(), text.into()));
    }

    /// The authorization material of every request the server received.
    async fn wire_secrets(&mut self, server: &MockServer) {
        for request in server.received_requests().await.unwrap_or_default() {
            for name in
                ["authorization", "x-auth-token", "x-tc-token", "x-acs-security-token", "x-security-token"]
            {
                if let Some(value) = request.headers.get(name).and_then(|v| v.to_str().ok()) {
                    self.secret(value);
                    // The signature alone, too (the last `=`-separated part of the header).
                    if let Some(signature) = value.rsplit(['=', ' ']).next() {
                        self.secret(signature.trim_matches('"'));
                    }
                }
            }
        }
    }
}

const SENSITIVE_RESOURCE_FILE: &str =
    "https://bucket.oss-cn-hangzhou.aliyuncs.com/private.py?Signature=SeNsItIvE-presigned";
const SENSITIVE_UPLOAD_URL: &str = "https://upload.example.invalid/part?sig=SeNsItIvE-upload-url";
const SENSITIVE_STS_TOKEN: &str = "CAIS-SeNsItIvE-sts-token";

#[tokio::test]
async fn secret_scan_of_logs_debug_display_and_errors() {
    let capture = EventCapture::global();

    let mut scan = Scan::default();
    for secret in credentials::SECRETS {
        scan.secret(*secret);
    }
    // The PEM body lines of the private key, one by one.
    for line in credentials::OCI_PRIVATE_KEY_PEM.lines().filter(|l| !l.starts_with("-----")) {
        scan.secret(line);
    }
    for value in [SENSITIVE_RESOURCE_FILE, SENSITIVE_UPLOAD_URL, SENSITIVE_STS_TOKEN] {
        scan.secret(value);
    }

    tencent_calls(&mut scan).await;
    oci_calls(&mut scan).await;
    huawei_calls(&mut scan).await;
    pds_calls(&mut scan).await;
    dataworks_calls(&mut scan).await;
    echoing_server_calls(&mut scan).await;

    let logs = capture.text();
    assert!(logs.contains("cloudspec.call"), "the capture holds the runtime's spans: {logs:.2000}");
    assert!(logs.contains("retrying"), "the capture holds retry events");
    // The bridge from `log` works: the HTTP stack's own records are in the capture too.
    assert!(logs.contains("hyper") && logs.contains("reqwest"), "log records are captured");
    scan.text("TRACE capture", logs);

    // The scan can fail: a planted leak is found.
    let planted = Scan {
        secrets: scan.secrets.clone(),
        texts: vec![("planted".into(), format!("x{}x", scan.secrets[0]))],
    };
    assert_eq!(leaks(&planted).len(), 1);

    let leaks = leaks(&scan);
    assert!(
        leaks.is_empty(),
        "{} leaks over {} secrets and {} texts:\n{}",
        leaks.len(),
        scan.secrets.len(),
        scan.texts.len(),
        leaks.join("\n")
    );
    assert!(scan.secrets.len() > 20 && scan.texts.len() > 20, "the scan covered too little");
}

/// Every (text, secret) pair where the text contains the secret, with some context.
fn leaks(scan: &Scan) -> Vec<String> {
    let mut found = Vec::new();
    for (what, text) in &scan.texts {
        for secret in &scan.secrets {
            if let Some(at) = text.find(secret.as_str()) {
                // `str::floor_char_boundary` would do, but it is newer than the rust-version.
                let start =
                    (0..=at.saturating_sub(80)).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
                let context: String = text[start..].chars().take(200).collect();
                found.push(format!("{what} contains a secret: …{context}…"));
            }
        }
    }
    found
}

async fn tencent_calls(scan: &mut Scan) {
    let server = MockServer::start().await;
    let client = tencent::wedata::Client::builder()
        .credentials(credentials::tencent().with_token("tencent-session-token-SECRET"))
        .region("ap-guangzhou")
        .allow_insecure_http()
        .endpoint(server.uri())
        .build()
        .unwrap();
    scan.secret("tencent-session-token-SECRET");
    scan.text("Tencent client Debug", format!("{client:?}"));
    scan.text("Tencent credentials Debug", format!("{:?}", credentials::tencent()));
    let request = tencent::wedata::CreateCodeFileRequest::builder()
        .project_id("1")
        .code_file_name("a.py")
        .parent_folder_path("/")
        .build()
        .unwrap();
    serve_json(&server, 200, r#"{"Response": {"RequestId": "r1"}}"#).await;
    let ok = client.create_code_file(&request).await;
    scan.text("Tencent success", format!("{ok:?}"));
    let body = json!({"Response": {"Error": {"Code": "AuthFailure.SignatureFailure", "Message": "bad"}, "RequestId": "r2"}});
    serve_json(&server, 200, serde_json::to_vec(&body).unwrap()).await;
    let error = client.create_code_file(&request).await.unwrap_err();
    scan.text("Tencent service error", format!("{error} / {error:?}"));
    scan.wire_secrets(&server).await;
}

async fn oci_calls(scan: &mut Scan) {
    let server = MockServer::start().await;
    let client = oci::aidataplatform::Client::builder()
        .credentials(credentials::oci())
        .allow_insecure_http()
        .endpoint(server.uri())
        .retry(RetryPolicy { base_delay: std::time::Duration::from_millis(1), ..RetryPolicy::default() })
        .build()
        .unwrap();
    scan.text("OCI client Debug", format!("{client:?}"));
    scan.text("OCI credentials Debug", format!("{:?}", credentials::oci()));
    let request = oci::aidataplatform::CreateContentRequest::builder()
        .ai_data_platform_id("p")
        .workspace_key("w")
        .content_path("a.ipynb")
        .build()
        .unwrap();
    // 503 then 500: the token-protected call retries, which logs.
    serve(
        &server,
        ResponseTemplate::new(503)
            .set_body_raw(r#"{"code": "ServiceUnavailable", "message": "m"}"#, "application/json"),
    )
    .await;
    let error = client.create_content(&request).await.unwrap_err();
    scan.text("OCI service error after retries", format!("{error} / {error:?}"));
    serve(&server, ResponseTemplate::new(201).set_body_raw("<html>", "text/html")).await;
    let error = client.create_content(&request).await.unwrap_err();
    scan.text("OCI decode error", format!("{error} / {error:?}"));
    scan.wire_secrets(&server).await;
}

async fn huawei_calls(scan: &mut Scan) {
    for aksk in [false, true] {
        let server = MockServer::start().await;
        let builder = huawei::codeartsrepo::Client::builder().allow_insecure_http().endpoint(server.uri());
        let client = if aksk {
            builder.credentials(credentials::huawei_aksk().with_security_token("huawei-sts-token-SECRET"))
        } else {
            builder.credentials(credentials::huawei_token())
        }
        .build()
        .unwrap();
        scan.secret("huawei-sts-token-SECRET");
        scan.text("Huawei client Debug", format!("{client:?}"));
        let request = huawei::codeartsrepo::CreateFileRequest::builder()
            .repository_id(1)
            .file_path("a")
            .branch("b")
            .commit_message("m")
            .content("c")
            .build()
            .unwrap();
        serve_json(
            &server,
            401,
            r#"{"error_code": "CH.00000001", "error_msg": "User authentication info not found."}"#,
        )
        .await;
        let error = client.create_file(&request).await.unwrap_err();
        scan.text("Huawei service error", format!("{error} / {error:?}"));
        scan.wire_secrets(&server).await;
    }
    scan.text(
        "Huawei credentials Debug",
        format!("{:?} {:?}", credentials::huawei_aksk(), credentials::huawei_token()),
    );
}

async fn pds_calls(scan: &mut Scan) {
    let server = MockServer::start().await;
    let client = pds::Client::builder()
        .credentials(credentials::pds_token())
        .allow_insecure_http()
        .endpoint(server.uri())
        .build()
        .unwrap();
    scan.text("PDS client Debug", format!("{client:?}"));
    let request = pds::CreateFileRequest::builder()
        .drive_id("1")
        .parent_file_id("root")
        .name("a")
        .type_(pds::FileType::File)
        .build()
        .unwrap();
    let body = json!({
        "file_id": "f", "upload_id": "u",
        "part_info_list": [{"part_number": 1, "upload_url": SENSITIVE_UPLOAD_URL,
            "signature_info": {"auth_type": "sts", "sts_token": SENSITIVE_STS_TOKEN}}]
    });
    serve_json(&server, 201, serde_json::to_vec(&body).unwrap()).await;
    let output = client.create_file(&request).await.unwrap();
    assert_eq!(
        output.part_info_list.as_ref().and_then(|p| p[0].upload_url.as_ref()).map(|url| url.as_str()),
        Some(SENSITIVE_UPLOAD_URL),
        "the sensitive value is there for the caller to use"
    );
    scan.text("PDS output Debug", format!("{output:?}"));
    serve(&server, ResponseTemplate::new(504).insert_header("x-ca-error-code", "D504TO")).await;
    let error = client.create_file(&request).await.unwrap_err();
    scan.text("PDS gateway error", format!("{error} / {error:?}"));
    scan.wire_secrets(&server).await;
}

async fn dataworks_calls(scan: &mut Scan) {
    let server = MockServer::start().await;
    let client = dataworks::Client::builder()
        .credentials(credentials::alibaba().with_security_token("alibaba-sts-token-SECRET"))
        .allow_insecure_http()
        .endpoint(server.uri())
        .build()
        .unwrap();
    scan.secret("alibaba-sts-token-SECRET");
    scan.text("DataWorks client Debug", format!("{client:?}"));
    let spec: dataworks::FlowSpec =
        serde_json::from_value(json!({"version": "1.1.0", "kind": "Resource", "spec": {}})).unwrap();
    let request = dataworks::CreateResourceRequest::builder()
        .project_id(1)
        .spec(spec)
        .resource_file(SENSITIVE_RESOURCE_FILE)
        .build()
        .unwrap();
    scan.text("DataWorks request Debug", format!("{request:?}"));
    serve_json(&server, 400, r#"{"RequestId": "r", "Code": "SignatureDoesNotMatch", "Message": "m"}"#).await;
    let error = client.create_resource(&request).await.unwrap_err();
    scan.text("DataWorks service error", format!("{error} / {error:?}"));
    // A validation failure of a request that holds a sensitive value (an extra member of the
    // FlowSpec that repeats a listed field; a missing required field does not compile).
    let mut shadowing: dataworks::FlowSpec =
        serde_json::from_value(json!({"version": "1.1.0", "kind": "Resource", "spec": {}})).unwrap();
    shadowing.extra.insert("kind".into(), json!("Node"));
    let invalid = dataworks::CreateResourceRequest::builder()
        .project_id(1)
        .spec(shadowing)
        .resource_file(SENSITIVE_RESOURCE_FILE)
        .build()
        .unwrap_err();
    scan.text("DataWorks validation error", format!("{invalid} / {invalid:?}"));
    scan.wire_secrets(&server).await;
}

/// A gateway that answers 401 quoting every header of the request (and so its credentials)
/// in the error body, as JSON or as an HTML page.
struct EchoHeaders {
    json: bool,
}

impl Respond for EchoHeaders {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let lines: Vec<String> =
            request.headers.iter().map(|(n, v)| format!("{n}: {}", v.to_str().unwrap_or_default())).collect();
        if self.json {
            let body = json!({"error_code": "APIG.0301", "error_msg": lines.join("; "), "Code": "x", "Message": lines.join("; ")});
            ResponseTemplate::new(401).set_body_raw(serde_json::to_vec(&body).unwrap(), "application/json")
        } else {
            ResponseTemplate::new(401).set_body_raw(format!("<pre>{}</pre>", lines.join("\n")), "text/html")
        }
    }
}

async fn echoing_server_calls(scan: &mut Scan) {
    for json in [true, false] {
        let server = MockServer::start().await;
        Mock::given(any()).respond_with(EchoHeaders { json }).mount(&server).await;
        let huawei = huawei::codeartsrepo::Client::builder()
            .credentials(credentials::huawei_token())
            .allow_insecure_http()
            .endpoint(server.uri())
            .build()
            .unwrap();
        let request = huawei::codeartsrepo::CreateFileRequest::builder()
            .repository_id(1)
            .file_path("a")
            .branch("b")
            .commit_message("m")
            .content("c")
            .build()
            .unwrap();
        let error = huawei.create_file(&request).await.unwrap_err();
        scan.text("Huawei error echoing the request", format!("{error} / {error:?}"));
        let pds = pds::Client::builder()
            .credentials(credentials::pds_token())
            .allow_insecure_http()
            .endpoint(server.uri())
            .build()
            .unwrap();
        let request = pds::CreateFileRequest::builder()
            .drive_id("1")
            .parent_file_id("root")
            .name("a")
            .type_(pds::FileType::File)
            .build()
            .unwrap();
        let error = pds.create_file(&request).await.unwrap_err();
        scan.text("PDS error echoing the request", format!("{error} / {error:?}"));
        scan.wire_secrets(&server).await;
    }
}
