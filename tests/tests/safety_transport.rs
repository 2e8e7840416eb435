//! Client-side safety of the transport (issue 20, findings 6, 7, 8 and 10), against real HTTP
//! servers on loopback: redirects are never followed, plain http needs an explicit opt-in,
//! `sensitive` query values stay out of errors and events, dot-segment path parameters are
//! refused before sending, and credentials a server echoes back are scrubbed from errors.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cloudspec_clients::alibaba::dataworks;
use cloudspec_clients::{huawei, oci, tencent};
use cloudspec_runtime::reqwest;
use cloudspec_runtime::{
    AuthKind, Call, ClientBuilder, ConfigError, Error, Protocol, RedirectError, RetryPolicy, ServiceInfo,
};
use cloudspec_tests::credentials;
use cloudspec_tests::events::EventCapture;
use cloudspec_tests::raw_server::{Misbehaviour, RawServer, RefusingAddress};
use cloudspec_tests::responses::serve;
use serde_json::json;
use wiremock::{MockServer, Request, Respond, ResponseTemplate};

const TENCENT_TOKEN: &str = "tencent-session-token-for-safety";
const HUAWEI_STS_TOKEN: &str = "huawei-security-token-for-safety";
const ALIBABA_STS_TOKEN: &str = "alibaba-security-token-for-safety";

/// Clients of every credential kind that sends a token header.
#[derive(Debug, Clone, Copy)]
enum Target {
    /// TC3 signature plus `X-TC-Token`.
    TencentSession,
    /// `X-Auth-Token`.
    HuaweiIam,
    /// APIG signature plus `X-Security-Token`.
    HuaweiAkSkSts,
    /// ACS3 signature plus `x-acs-security-token`.
    AlibabaSts,
}

const TARGETS: [Target; 4] =
    [Target::TencentSession, Target::HuaweiIam, Target::HuaweiAkSkSts, Target::AlibabaSts];

/// What a test needs of a call's failure, whatever the operation's error-code type.
struct Failure {
    display: String,
    debug: String,
    redirect: Option<RedirectError>,
    validation: Option<cloudspec_runtime::ValidationError>,
}

fn failure<T: fmt::Debug, E: fmt::Debug + fmt::Display>(result: Result<T, Error<E>>) -> Failure {
    let error = result.expect_err("the call must fail");
    let mut debug = format!("{error:?}");
    // The whole source chain too: a source can carry what the top-level message dropped.
    let mut source = std::error::Error::source(&error);
    while let Some(inner) = source {
        debug.push_str(&format!(" / {inner} / {inner:?}"));
        source = inner.source();
    }
    Failure {
        display: error.to_string(),
        debug,
        redirect: match &error {
            Error::Redirect(redirect) => Some(redirect.clone()),
            _ => None,
        },
        validation: match &error {
            Error::Validation(validation) => Some(validation.clone()),
            _ => None,
        },
    }
}

fn no_retries() -> RetryPolicy {
    RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
}

async fn call(target: Target, endpoint: &str) -> Failure {
    match target {
        Target::TencentSession => {
            let client = tencent::wedata::Client::builder()
                .credentials(credentials::tencent().with_token(TENCENT_TOKEN))
                .region("ap-guangzhou")
                .allow_insecure_http()
                .endpoint(endpoint)
                .retry(no_retries())
                .build()
                .expect("complete");
            let request = tencent::wedata::CreateCodeFileRequest::builder()
                .project_id("1")
                .code_file_name("a.py")
                .parent_folder_path("/")
                .build()
                .expect("valid");
            failure(client.create_code_file(&request).await)
        }
        Target::HuaweiIam | Target::HuaweiAkSkSts => {
            let builder = huawei::codeartsrepo::Client::builder().allow_insecure_http().endpoint(endpoint);
            let builder = match target {
                Target::HuaweiIam => builder.credentials(credentials::huawei_token()),
                _ => builder.credentials(credentials::huawei_aksk().with_security_token(HUAWEI_STS_TOKEN)),
            };
            let client = builder.retry(no_retries()).build().expect("complete");
            let request = huawei::codeartsrepo::CreateFileRequest::builder()
                .repository_id(1)
                .file_path("a")
                .branch("b")
                .commit_message("m")
                .content("c")
                .build()
                .expect("valid");
            failure(client.create_file(&request).await)
        }
        Target::AlibabaSts => {
            let client = dataworks::Client::builder()
                .credentials(credentials::alibaba().with_security_token(ALIBABA_STS_TOKEN))
                .allow_insecure_http()
                .endpoint(endpoint)
                .retry(no_retries())
                .build()
                .expect("complete");
            let spec: dataworks::FlowSpec =
                serde_json::from_value(json!({"version": "1.1.0", "kind": "Resource", "spec": {}})).unwrap();
            let request = dataworks::CreateResourceRequest::builder()
                .project_id(1)
                .spec(spec)
                .resource_file("oss://bucket/a.py")
                .build()
                .expect("valid");
            failure(client.create_resource(&request).await)
        }
    }
}

#[tokio::test]
async fn safety_redirects_to_another_port_are_errors_and_the_other_server_gets_nothing() {
    for status in [301, 302, 303, 307, 308] {
        for target in TARGETS {
            let elsewhere = MockServer::start().await;
            serve(&elsewhere, ResponseTemplate::new(200).set_body_raw("{}", "application/json")).await;
            let redirecting = MockServer::start().await;
            let location = format!("{}/stolen?keep=secret-query-value", elsewhere.uri());
            serve(&redirecting, ResponseTemplate::new(status).insert_header("Location", location.as_str()))
                .await;

            let failure = call(target, &redirecting.uri()).await;
            let redirect = failure.redirect.unwrap_or_else(|| {
                panic!("{target:?} {status}: expected a redirect error, got {}", failure.debug)
            });
            assert_eq!(redirect.status, status, "{target:?}");
            assert_eq!(
                redirect.location.as_deref(),
                Some(format!("{}/stolen", elsewhere.uri()).as_str()),
                "{target:?}: the location is kept, without its query"
            );
            assert!(!failure.debug.contains("secret-query-value"), "{}", failure.debug);
            assert_eq!(redirecting.received_requests().await.unwrap().len(), 1, "{target:?} {status}");
            let stolen = elsewhere.received_requests().await.unwrap();
            assert!(stolen.is_empty(), "{target:?} {status}: the other server received {stolen:?}");
        }
    }
}

/// The test CA of `tests/fixtures/tls` and the loopback server certificate it signed.
const TEST_CA_PEM: &str = include_str!("../fixtures/tls/ca.pem");
const LOOPBACK_CERT_PEM: &str = include_str!("../fixtures/tls/loopback-cert.pem");
const LOOPBACK_KEY_PEM: &str = include_str!("../fixtures/tls/loopback-key.pem");

/// An HTTPS server on loopback answering every request with `status` and `Location: location`;
/// returns its base URL and the number of requests it read.
async fn https_redirector(status: u16, location: String) -> (String, Arc<Mutex<usize>>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio_rustls::rustls::pki_types::pem::PemObject as _;
    use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};

    let certificate =
        CertificateDer::from_pem_slice(LOOPBACK_CERT_PEM.as_bytes()).expect("fixture certificate");
    let key = PrivateKeyDer::from_pem_slice(LOOPBACK_KEY_PEM.as_bytes()).expect("fixture key");
    let config = tokio_rustls::rustls::ServerConfig::builder_with_provider(Arc::new(
        tokio_rustls::rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("TLS 1.2 and 1.3")
    .with_no_client_auth()
    .with_single_cert(vec![certificate], key)
    .expect("the key matches the certificate");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
    let address = format!("https://{}", listener.local_addr().expect("bound"));
    let requests = Arc::new(Mutex::new(0));
    let counted = Arc::clone(&requests);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let Ok(mut tls) = acceptor.accept(stream).await else { continue };
            // The request head is enough: the answer does not depend on the body.
            let mut head = Vec::new();
            let mut buffer = [0u8; 4096];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                match tls.read(&mut buffer).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => head.extend_from_slice(&buffer[..n]),
                }
            }
            *counted.lock().expect("not poisoned") += 1;
            let answer = format!(
                "HTTP/1.1 {status} Redirect\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            let _ = tls.write_all(answer.as_bytes()).await;
            let _ = tls.shutdown().await;
        }
    });
    (address, requests)
}

#[tokio::test]
async fn safety_an_https_endpoint_redirecting_to_plain_http_is_an_error_and_nothing_goes_out_in_clear() {
    for status in [301, 302, 307, 308] {
        let plain = MockServer::start().await;
        serve(&plain, ResponseTemplate::new(200).set_body_raw("{}", "application/json")).await;
        let (endpoint, requests) = https_redirector(status, format!("{}/downgraded", plain.uri())).await;
        // An https endpoint needs no opt-in; only the test CA must be trusted.
        let client = huawei::codeartsrepo::Client::builder()
            .credentials(credentials::huawei_token())
            .endpoint(endpoint)
            .add_root_certificate(reqwest::Certificate::from_pem(TEST_CA_PEM.as_bytes()).expect("fixture CA"))
            .retry(no_retries())
            .build()
            .expect("complete");
        let request = huawei::codeartsrepo::CreateFileRequest::builder()
            .repository_id(1)
            .file_path("a")
            .branch("b")
            .commit_message("m")
            .content("c")
            .build()
            .expect("valid");
        let failure = failure(client.create_file(&request).await);
        let redirect = failure
            .redirect
            .unwrap_or_else(|| panic!("{status}: expected a redirect error, got {}", failure.debug));
        assert_eq!(redirect.status, status);
        assert_eq!(redirect.location, Some(format!("{}/downgraded", plain.uri())));
        assert_eq!(*requests.lock().unwrap(), 1, "{status}: the https server was asked once");
        let received = plain.received_requests().await.unwrap();
        assert!(received.is_empty(), "{status}: the plain-http server received {received:?}");
    }
}

#[tokio::test]
async fn safety_a_shared_http_client_that_follows_redirects_does_not_get_the_other_hosts_answer() {
    let elsewhere = MockServer::start().await;
    serve(&elsewhere, ResponseTemplate::new(201).set_body_raw("{}", "application/json")).await;
    let redirecting = MockServer::start().await;
    serve(
        &redirecting,
        ResponseTemplate::new(302).insert_header("Location", format!("{}/x?q=1", elsewhere.uri())),
    )
    .await;
    // A client built without `redirect(Policy::none())`, against the builder's advice: it
    // follows the redirect itself, before the transport sees anything.
    let following = reqwest::Client::builder().build().unwrap();
    let client = huawei::codeartsrepo::Client::builder()
        .credentials(credentials::huawei_token())
        .allow_insecure_http()
        .endpoint(redirecting.uri())
        .http_client(following)
        .retry(no_retries())
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
    let failure = failure(client.create_file(&request).await);
    let redirect =
        failure.redirect.unwrap_or_else(|| panic!("expected a redirect error, got {}", failure.debug));
    assert_eq!(redirect.location, Some(format!("{}/x", elsewhere.uri())), "the answer's origin, no query");
}

#[tokio::test]
async fn safety_a_relative_redirect_is_an_error_too() {
    let server = MockServer::start().await;
    serve(&server, ResponseTemplate::new(302).insert_header("Location", "/elsewhere")).await;
    let failure = call(Target::HuaweiIam, &server.uri()).await;
    let redirect = failure.redirect.expect("a redirect error");
    assert_eq!(redirect.location, Some(format!("{}/elsewhere", server.uri())));
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "the redirect was not followed");
    assert!(failure.display.contains("redirect") && failure.display.contains("302"), "{}", failure.display);
}

#[test]
fn safety_an_http_endpoint_needs_the_opt_in() {
    let build = |allow: bool| {
        let builder = huawei::codeartsrepo::Client::builder()
            .credentials(credentials::huawei_token())
            .endpoint("http://127.0.0.1:9");
        if allow { builder.allow_insecure_http() } else { builder }.build()
    };
    let error = build(false).expect_err("plain http is refused without the opt-in");
    assert!(matches!(error, ConfigError::InvalidEndpoint { .. }), "{error:?}");
    assert!(error.to_string().contains("allow_insecure_http"), "the error says how to opt in: {error}");
    assert!(build(true).is_ok(), "with the opt-in, loopback http is accepted");
    // https needs nothing.
    let https = huawei::codeartsrepo::Client::builder()
        .credentials(credentials::huawei_token())
        .endpoint("https://127.0.0.1:9")
        .build();
    assert!(https.is_ok(), "{https:?}");
}

/// A service described by hand, to send a call with a query parameter through the transport
/// exactly as a generated operation would.
static QUERY_SERVICE: ServiceInfo = ServiceInfo {
    name: "safety/query",
    protocol: Protocol::HuaweiRest,
    api_version: "v1",
    endpoint: "https://example.invalid",
    auth: &[AuthKind::HuaweiIamToken],
    signing_name: None,
    region_endpoints: &[],
};

const SENSITIVE_QUERY_VALUE: &str = "SeNsItIvE-presigned-signature-value";

#[tokio::test]
async fn safety_sensitive_query_values_stay_out_of_transport_errors_and_events() {
    let capture = EventCapture::global();

    // A port that is bound but never listens: a connect error.
    let refusing = RefusingAddress::new();
    // A server that never answers: the client's timeout ends the call.
    let stalling = RawServer::start(Misbehaviour::NeverAnswer).await;
    let mut texts = Vec::new();
    for (endpoint, timeout) in [
        (refusing.address.clone(), Duration::from_secs(30)),
        (stalling.address.clone(), Duration::from_millis(300)),
    ] {
        let transport = ClientBuilder::new(&QUERY_SERVICE)
            .auth(credentials::huawei_token())
            .allow_insecure_http()
            .endpoint(endpoint)
            .timeout(timeout)
            .retry(no_retries())
            .build()
            .expect("complete");
        let mut request = Call::new("GetObject", "GET");
        request.path_literal("/objects/a").query("Signature", SENSITIVE_QUERY_VALUE);
        let failure = failure(transport.send(request).await);
        texts.push(format!("{} / {}", failure.display, failure.debug));
    }
    assert!(texts[0].contains("could not connect"), "a connect error: {}", texts[0]);
    assert!(texts[1].contains("timed out"), "a timeout: {}", texts[1]);
    let events = capture.text();
    assert!(events.contains("call failed"), "the failure event was captured: {events}");
    for text in &texts {
        assert!(!text.contains("Signature="), "the query string leaked: {text}");
    }
    for text in texts.iter().chain([&events]) {
        assert!(!text.contains(SENSITIVE_QUERY_VALUE), "a sensitive query value leaked: {text}");
    }
}

#[tokio::test]
async fn safety_dot_segment_path_params_are_refused_naming_the_field_and_nothing_is_sent() {
    let server = MockServer::start().await;
    serve(&server, ResponseTemplate::new(200).set_body_raw("{}", "application/json")).await;
    let client = oci::aidataplatform::Client::builder()
        .credentials(credentials::oci())
        .allow_insecure_http()
        .endpoint(server.uri())
        .build()
        .unwrap();
    let mock =
        oci::aidataplatform::MockClient::new().on_create_content(|_| panic!("the mock must refuse first"));
    for dots in ["..", ".", "%2e%2e", "%2E.", ".%2e", "%252e%252E"] {
        for field in ["aiDataPlatformId", "workspaceKey", "contentPath"] {
            let value = |name: &str| if name == field { dots } else { "ok" };
            // The builder refuses it ...
            let refused = oci::aidataplatform::CreateContentRequest::builder()
                .ai_data_platform_id(value("aiDataPlatformId"))
                .workspace_key(value("workspaceKey"))
                .content_path(value("contentPath"))
                .build()
                .expect_err("a dot segment is refused by the builder");
            assert!(
                refused.concerns(field) && refused.violations().len() == 1,
                "{field} = {dots:?}: {refused}"
            );
            // ... and so do the client and the mock, for a request whose fields were set directly.
            let mut request = oci::aidataplatform::CreateContentRequest::builder()
                .ai_data_platform_id("ok")
                .workspace_key("ok")
                .content_path("ok")
                .build()
                .unwrap();
            match field {
                "aiDataPlatformId" => request.ai_data_platform_id = dots.to_owned(),
                "workspaceKey" => request.workspace_key = dots.to_owned(),
                _ => request.content_path = dots.to_owned(),
            }
            for (who, result) in [
                ("client", client.create_content(&request).await),
                ("mock", oci::aidataplatform::Api::create_content(&mock, &request).await),
            ] {
                let failure = failure(result);
                let validation = failure.validation.unwrap_or_else(|| {
                    panic!("{who}: {field} = {dots:?}: expected a validation error, got {}", failure.debug)
                });
                assert!(validation.concerns(field), "{who}: {field} = {dots:?}: {validation}");
                assert_eq!(validation.violations().len(), 1, "{who}: only {field} is named: {validation}");
                assert!(failure.display.contains(&format!("`{field}`")), "{}", failure.display);
            }
        }
    }
    assert!(mock.calls().is_empty(), "no call reached a stub");
    let received = server.received_requests().await.unwrap();
    assert!(received.is_empty(), "nothing may be sent: {received:?}");
    // Dots inside a longer value are fine (they are not segments).
    let request = oci::aidataplatform::CreateContentRequest::builder()
        .ai_data_platform_id("p")
        .workspace_key("w")
        .content_path("../notebook..ipynb")
        .build()
        .unwrap();
    let _ = client.create_content(&request).await;
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "a value with dots is sent");
}

#[tokio::test]
async fn safety_the_transport_refuses_dot_segment_path_params_of_any_call() {
    // A call assembled directly (no generated `Validate` in front): the transport's own check.
    let server = MockServer::start().await;
    let transport = ClientBuilder::new(&QUERY_SERVICE)
        .auth(credentials::huawei_token())
        .allow_insecure_http()
        .endpoint(server.uri())
        .build()
        .unwrap();
    let mut call = Call::new("GetObject", "GET");
    call.path_literal("/objects/").path_param("objectName", "%2E%2e").path_literal("/meta");
    let failure = failure(transport.send(call).await);
    let validation =
        failure.validation.unwrap_or_else(|| panic!("expected a validation error: {}", failure.debug));
    assert!(validation.concerns("objectName"), "{validation}");
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing was sent");
}

/// Answers 401 with a body echoing every header the request carried, as some gateways do,
/// plus each secret of `echoed` (a server quoting a credential back).
struct EchoCredentials {
    json: bool,
    echoed: Vec<&'static str>,
}

impl Respond for EchoCredentials {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let headers: serde_json::Map<String, serde_json::Value> = request
            .headers
            .iter()
            .map(|(name, value)| (name.to_string(), json!(value.to_str().unwrap_or_default())))
            .collect();
        let quoted = self.echoed.join(" ");
        if self.json {
            let body = json!({
                "error_code": "APIG.0301", "error_msg": format!("Incorrect IAM authentication information: {quoted}"),
                "Code": "InvalidAccessKeyId", "Message": format!("rejected {quoted}"),
                "Response": {"Error": {"Code": "AuthFailure", "Message": format!("rejected {quoted}")}, "RequestId": "r"},
                "request_headers": headers,
            });
            ResponseTemplate::new(401).set_body_raw(serde_json::to_vec(&body).unwrap(), "application/json")
        } else {
            let lines: Vec<String> = request
                .headers
                .iter()
                .map(|(n, v)| format!("{n}: {}", v.to_str().unwrap_or_default()))
                .collect();
            let body = format!("<html>401 {quoted}<pre>{}</pre></html>", lines.join("\n"));
            ResponseTemplate::new(401).set_body_raw(body, "text/html")
        }
    }
}

#[tokio::test]
async fn safety_credentials_echoed_by_a_server_are_scrubbed_from_errors_and_debug_events() {
    let capture = EventCapture::global();
    for json in [true, false] {
        for target in TARGETS {
            let server = MockServer::start().await;
            // The secrets of the credentials this client holds, quoted back by the server.
            let held: Vec<&'static str> = match target {
                Target::TencentSession => vec![credentials::TENCENT_SECRET_KEY, TENCENT_TOKEN],
                Target::HuaweiIam => vec![credentials::HUAWEI_TOKEN],
                Target::HuaweiAkSkSts => vec![credentials::HUAWEI_SK, HUAWEI_STS_TOKEN],
                Target::AlibabaSts => vec![credentials::ALIBABA_ACCESS_KEY_SECRET, ALIBABA_STS_TOKEN],
            };
            let echoed = held.clone();
            server.reset().await;
            wiremock::Mock::given(wiremock::matchers::any())
                .respond_with(EchoCredentials { json, echoed })
                .mount(&server)
                .await;
            let failure = call(target, &server.uri()).await;
            assert!(failure.display.contains("401"), "{target:?}: {}", failure.display);

            // Every credential value that went on the wire, and the signature inside each header.
            let mut secrets: Vec<String> = Vec::new();
            for request in server.received_requests().await.unwrap() {
                for name in [
                    "authorization",
                    "x-auth-token",
                    "x-tc-token",
                    "x-security-token",
                    "x-acs-security-token",
                ] {
                    if let Some(value) = request.headers.get(name).and_then(|v| v.to_str().ok()) {
                        secrets.push(value.to_owned());
                        if let Some((_, signature)) = value.rsplit_once("Signature=") {
                            secrets.push(signature.split([',', ' ']).next().unwrap_or_default().to_owned());
                        }
                    }
                }
            }
            assert!(!secrets.is_empty(), "{target:?}: the request carried credentials");
            secrets.extend(held.iter().map(|secret| secret.to_string()));
            let events = capture.text();
            for secret in &secrets {
                for (what, text) in
                    [("Display", &failure.display), ("Debug", &failure.debug), ("events", &events)]
                {
                    assert!(
                        !text.contains(secret.as_str()),
                        "{target:?} json={json}: {what} holds {secret:?}: {text}"
                    );
                }
            }
            assert!(
                failure.debug.contains("<redacted>"),
                "{target:?}: the echo is visibly scrubbed: {}",
                failure.debug
            );
        }
    }
    let events = capture.text();
    assert!(events.contains("call failed"), "DEBUG events were captured: {events:.3000}");
}

#[tokio::test]
async fn safety_a_success_status_echoing_the_token_does_not_leak_it_through_decode_errors() {
    let token = credentials::HUAWEI_TOKEN;
    let cases = [
        // A proxy's 200 page quoting the request's headers.
        ResponseTemplate::new(201).set_body_raw(format!("<html>X-Auth-Token: {token}</html>"), "text/html"),
        // A JSON string where an object belongs: serde's message quotes the value.
        ResponseTemplate::new(201).set_body_raw(format!("{token:?}"), "application/json"),
    ];
    for template in cases {
        let server = MockServer::start().await;
        serve(&server, template).await;
        let failure = call(Target::HuaweiIam, &server.uri()).await;
        assert!(failure.display.contains("unexpected response"), "a decode error: {}", failure.display);
        for text in [&failure.display, &failure.debug] {
            assert!(!text.contains(token), "the token leaked: {text}");
        }
        assert!(failure.debug.contains("<redacted>"), "{}", failure.debug);
    }
}

/// Lint refuses a request header field the transport sets itself, and the transport refuses a
/// call carrying one: the two lists must be the same, or a header would pass lint and fail
/// every call (or the other way round).
#[test]
fn safety_lint_and_transport_agree_on_the_headers_the_transport_owns() {
    let mut linted: Vec<&str> = cloudspec_codegen::spec::text::TRANSPORT_HEADERS.to_vec();
    let mut owned: Vec<&str> = cloudspec_runtime::RESERVED_HEADERS.to_vec();
    linted.sort_unstable();
    owned.sort_unstable();
    assert_eq!(linted, owned);
}
