//! Interceptors and per-call options on the runtime's `Transport`, against servers on
//! 127.0.0.1: what an interceptor adds is on the wire and signed, interceptors run in order on
//! every attempt and never see credentials, per-call options change one call and not the
//! client, and headers the transport owns are refused by name.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use cloudspec_clients::{alibaba, tencent};
use cloudspec_runtime::{
    Call, CallOptions, ClientBuilder, ConfigError, Error, Interceptor, OutgoingRequest, RateLimit,
    ReservedHeader, ResponseInfo, RetryPolicy, Transport,
};
use cloudspec_tests::credentials;
use cloudspec_tests::raw_server::{Misbehaviour, RawServer};
use cloudspec_tests::received::{Received, verify_acs3, verify_tc3};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const TENCENT_OK: &str = r#"{"Response": {"RequestId": "req-ok"}}"#;

fn tencent_transport(endpoint: &str, interceptors: Vec<Arc<dyn Interceptor>>) -> Transport {
    let mut builder = ClientBuilder::new(&tencent::wedata::SERVICE)
        .auth(credentials::tencent())
        .region("ap-guangzhou")
        .allow_insecure_http()
        .endpoint(endpoint);
    for interceptor in interceptors {
        builder = builder.interceptor(Shared(interceptor));
    }
    builder.build().expect("complete configuration")
}

/// Lets a test keep a handle on an interceptor it registered.
struct Shared(Arc<dyn Interceptor>);

impl Interceptor for Shared {
    fn before_signing(&self, request: &mut OutgoingRequest<'_>) {
        self.0.before_signing(request);
    }
    fn after_response(&self, response: &ResponseInfo<'_>) {
        self.0.after_response(response);
    }
}

/// A Tencent call of a made-up operation; `idempotent` so a 503 is retried.
fn tencent_call() -> Call {
    let mut call = Call::new("DescribeThings", "POST");
    call.path_literal("/").json_body(&serde_json::json!({"Limit": 1})).unwrap().idempotent();
    call
}

/// Appends its name to `X-Order` and records what it saw in `log`.
struct Recorder {
    name: &'static str,
    log: Arc<Mutex<Vec<String>>>,
}

impl Interceptor for Recorder {
    fn before_signing(&self, request: &mut OutgoingRequest<'_>) {
        let order = match request.header("X-Order") {
            Some(before) => format!("{before},{}", self.name),
            None => self.name.to_owned(),
        };
        request.set_header("X-Order", order).expect("not a reserved header");
        let names: Vec<String> = request.headers().map(|(name, _)| name.to_ascii_lowercase()).collect();
        for secret_bearing in ["authorization", "x-tc-timestamp", "x-tc-token"] {
            assert!(!names.iter().any(|n| n == secret_bearing), "{secret_bearing} seen before signing");
        }
        self.log.lock().unwrap().push(format!(
            "{} before {} #{}",
            self.name,
            request.operation(),
            request.attempt()
        ));
    }

    fn after_response(&self, response: &ResponseInfo<'_>) {
        self.log.lock().unwrap().push(format!(
            "{} after {} #{} {} {}",
            self.name,
            response.operation(),
            response.attempt(),
            response.status(),
            response.request_id().unwrap_or("-")
        ));
    }
}

#[tokio::test]
async fn sdk_interceptor_header_seen_on_the_wire() {
    struct AddTrace;
    impl Interceptor for AddTrace {
        fn before_signing(&self, request: &mut OutgoingRequest<'_>) {
            assert_eq!(request.operation(), "DescribeThings");
            assert_eq!(request.method(), "POST");
            assert_eq!(request.body(), br#"{"Limit":1}"#);
            request
                .set_header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .unwrap();
        }
    }
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(TENCENT_OK, "application/json"))
        .mount(&server)
        .await;
    let transport = tencent_transport(&server.uri(), vec![Arc::new(AddTrace)]);

    transport.send(tencent_call()).await.expect("success");

    let requests = server.received_requests().await.unwrap();
    let received = Received::from(&requests[0]);
    assert_eq!(received.header("traceparent"), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    assert_eq!(received.header("x-tc-action"), "DescribeThings");
    verify_tc3(&received, "wedata");
}

/// Two interceptors, a 503 then a success: each attempt runs both hooks in registration order,
/// the second sees what the first set, and the retry starts from the headers as laid out, not
/// from what the first attempt's interceptors made of them.
#[tokio::test]
async fn sdk_interceptors_run_in_order_on_every_attempt() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503).insert_header("x-tc-requestid", "unused").set_body_raw(
            r#"{"Response": {"Error": {"Code": "InternalError", "Message": "busy"}, "RequestId": "req-503"}}"#,
            "application/json",
        ))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(TENCENT_OK, "application/json"))
        .mount(&server)
        .await;
    let log = Arc::new(Mutex::new(Vec::new()));
    let first = Arc::new(Recorder { name: "a", log: Arc::clone(&log) });
    let second = Arc::new(Recorder { name: "b", log: Arc::clone(&log) });
    let transport = tencent_transport(&server.uri(), vec![first, second])
        .with_options(
            CallOptions::new().retry(RetryPolicy { base_delay: Duration::ZERO, ..RetryPolicy::default() }),
        )
        .unwrap();

    transport.send(tencent_call()).await.expect("the retry succeeds");

    assert_eq!(
        *log.lock().unwrap(),
        [
            "a before DescribeThings #1",
            "b before DescribeThings #1",
            "a after DescribeThings #1 503 req-503",
            "b after DescribeThings #1 503 req-503",
            "a before DescribeThings #2",
            "b before DescribeThings #2",
            "a after DescribeThings #2 200 -",
            "b after DescribeThings #2 200 -",
        ]
    );
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        let received = Received::from(request);
        assert_eq!(received.header("x-order"), "a,b", "each attempt starts from the laid-out headers");
        verify_tc3(&received, "wedata");
    }
}

/// The response hook sees status, headers and the vendor's request id (here from the
/// Tencent envelope of an error given with HTTP 200).
#[tokio::test]
async fn sdk_interceptor_after_response_sees_status_headers_and_request_id() {
    #[derive(Debug, PartialEq)]
    struct Observed {
        status: u16,
        server: Option<String>,
        request_id: Option<String>,
    }
    #[derive(Default)]
    struct Seen(Mutex<Vec<Observed>>);
    impl Interceptor for Seen {
        fn after_response(&self, response: &ResponseInfo<'_>) {
            let server = response.headers().get("server").map(|v| v.to_str().unwrap().to_owned());
            let request_id = response.request_id().map(str::to_owned);
            self.0.lock().unwrap().push(Observed { status: response.status(), server, request_id });
        }
    }
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).insert_header("server", "fake-tencent").set_body_raw(
            r#"{"Response": {"Error": {"Code": "ResourceNotFound", "Message": "no"}, "RequestId": "req-404"}}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let seen = Arc::new(Seen::default());
    let transport = tencent_transport(&server.uri(), vec![seen.clone()]);

    let error = transport.send(tencent_call()).await.expect_err("an error envelope");

    assert_eq!(error.request_id(), Some("req-404"));
    let expected = Observed {
        status: 200,
        server: Some("fake-tencent".to_owned()),
        request_id: Some("req-404".to_owned()),
    };
    assert_eq!(*seen.0.lock().unwrap(), [expected]);
}

/// No response, no response hook: a refused connection runs `before_signing` on each attempt
/// and `after_response` never.
#[tokio::test]
async fn sdk_interceptor_after_response_is_not_called_without_a_response() {
    let refusing = cloudspec_tests::raw_server::RefusingAddress::new();
    let log = Arc::new(Mutex::new(Vec::new()));
    let recorder = Arc::new(Recorder { name: "a", log: Arc::clone(&log) });
    let transport = tencent_transport(&refusing.address, vec![recorder])
        .with_options(CallOptions::new().retry(RetryPolicy {
            base_delay: Duration::ZERO,
            use_retry_budget: false,
            ..RetryPolicy::default()
        }))
        .unwrap();

    let error = transport.send(tencent_call()).await.expect_err("nothing listens");

    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(
        *log.lock().unwrap(),
        ["a before DescribeThings #1", "a before DescribeThings #2", "a before DescribeThings #3"]
    );
}

/// An interceptor that tries to set a signing header is refused; the request still goes out
/// signed by the transport alone.
#[tokio::test]
async fn sdk_interceptor_cannot_set_the_authorization_header() {
    #[derive(Default)]
    struct Forger(Mutex<Vec<ReservedHeader>>);
    impl Interceptor for Forger {
        fn before_signing(&self, request: &mut OutgoingRequest<'_>) {
            for name in ["Authorization", "X-TC-Timestamp", "X-TC-Action"] {
                if let Err(refused) = request.set_header(name, "forged") {
                    self.0.lock().unwrap().push(refused);
                }
            }
        }
    }
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(TENCENT_OK, "application/json"))
        .mount(&server)
        .await;
    let forger = Arc::new(Forger::default());
    let transport = tencent_transport(&server.uri(), vec![forger.clone()]);

    transport.send(tencent_call()).await.expect("success");

    let refused: Vec<String> = forger.0.lock().unwrap().iter().map(|r| r.name.clone()).collect();
    assert_eq!(refused, ["Authorization", "X-TC-Timestamp", "X-TC-Action"]);
    let received = Received::from(&server.received_requests().await.unwrap()[0]);
    assert!(!received.header("authorization").contains("forged"));
    assert_eq!(received.header("x-tc-action"), "DescribeThings");
    verify_tc3(&received, "wedata");
}

/// A per-call header goes out with the calls made through the options' transport only, and is
/// signed: ACS3 signs every `x-acs-*` header, and the server's check passes.
#[tokio::test]
async fn sdk_call_options_header_is_sent_signed_and_only_for_that_call() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"RequestId": "r"}"#, "application/json"))
        .mount(&server)
        .await;
    let transport = ClientBuilder::new(&alibaba::dataworks::SERVICE)
        .auth(credentials::alibaba())
        .region("cn-hangzhou")
        .allow_insecure_http()
        .endpoint(server.uri())
        .build()
        .unwrap();
    let rpc_call = || {
        let mut call = Call::new("ListProjects", "POST");
        call.path_literal("/");
        call
    };
    let with_header = transport
        .with_options(
            CallOptions::new().header("x-acs-caller-note", "first").header("X-Acs-Caller-Note", "kept"),
        )
        .unwrap();

    with_header.send(rpc_call()).await.expect("success");
    transport.send(rpc_call()).await.expect("success");

    let requests = server.received_requests().await.unwrap();
    let (optioned, plain) = (Received::from(&requests[0]), Received::from(&requests[1]));
    assert_eq!(optioned.header("x-acs-caller-note"), "kept", "the later value of one name wins");
    assert!(optioned.header("authorization").contains("x-acs-caller-note"), "signed");
    verify_acs3(&optioned);
    assert!(!plain.has_header("x-acs-caller-note"), "the client itself is unchanged");
    verify_acs3(&plain);
}

#[test]
fn sdk_call_options_refuse_signed_and_auth_headers_by_name() {
    let transport = tencent_transport("http://127.0.0.1:9", Vec::new());
    for name in ["Authorization", "X-TC-Timestamp", "x-tc-token", "X-TC-Action", "x-acs-date", "X-Auth-Token"]
    {
        let error = transport
            .with_options(CallOptions::new().header("X-TC-Language", "en-US").header(name, "x"))
            .expect_err("a header the transport owns");
        assert_eq!(error, ConfigError::ReservedHeader(ReservedHeader { name: name.to_owned() }));
        assert!(error.to_string().contains(&format!("`{name}`")), "{error}");
    }
    let error = transport.with_options(CallOptions::new().header("X-Note", "line\nbreak")).unwrap_err();
    assert_eq!(error, ConfigError::InvalidHeader { name: "X-Note".to_owned() });
    assert!(!error.to_string().contains("break"), "the value is not shown: {error}");
}

/// On tokio's paused clock, with a server on the test's runtime that never answers: the
/// per-call timeout, not the client's minute, ends the call.
#[tokio::test(start_paused = true)]
async fn sdk_call_options_timeout_ends_one_call() {
    let server = RawServer::start(Misbehaviour::NeverAnswer).await;
    let transport = tencent_transport(&server.address, Vec::new());
    let hurried = transport
        .with_options(CallOptions::new().timeout(Duration::from_millis(300)).retry(RetryPolicy::none()))
        .unwrap();
    let started = tokio::time::Instant::now();
    let error = hurried.send(tencent_call()).await.expect_err("nobody answers");
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert_eq!(started.elapsed(), Duration::from_millis(300));
}

/// Retry policy and rate limit per call: `RetryPolicy::none()` sends a failing call once where
/// the client would send it three times; a rate of one per second spaces two calls by a second.
#[tokio::test(start_paused = true)]
async fn sdk_call_options_retry_and_rate_limit_apply_per_call() {
    const BUSY: &str = "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n\
        content-length: 2\r\nconnection: close\r\n\r\n{}";
    let server = RawServer::start(Misbehaviour::AnswerInTurn(&[BUSY])).await;
    let transport = tencent_transport(&server.address, Vec::new())
        .with_options(
            CallOptions::new().retry(RetryPolicy { use_retry_budget: false, ..RetryPolicy::default() }),
        )
        .unwrap();
    transport.send(tencent_call()).await.expect_err("always busy");
    assert_eq!(server.requests().len(), 3, "the client's policy: three attempts");
    let once = transport.with_options(CallOptions::new().retry(RetryPolicy::none())).unwrap();
    once.send(tencent_call()).await.expect_err("always busy");
    assert_eq!(server.requests().len(), 4, "one attempt with the per-call policy");

    let slow = once.with_options(CallOptions::new().rate_limit(RateLimit::PerSecond(1.0))).unwrap();
    let started = tokio::time::Instant::now();
    slow.send(tencent_call()).await.expect_err("busy");
    slow.send(tencent_call()).await.expect_err("busy");
    assert_eq!(started.elapsed(), Duration::from_secs(1));
}

/// Alibaba's `x-acs-retry-after` is milliseconds: on tokio's paused clock the retry comes
/// exactly that long after the throttled answer.
#[tokio::test(start_paused = true)]
async fn sdk_acs_retry_after_milliseconds_are_waited_before_the_retry() {
    const THROTTLED: &str = "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\n\
        x-acs-retry-after: 1500\r\ncontent-length: 71\r\nconnection: close\r\n\r\n\
        {\"Code\":\"Throttling.User\",\"Message\":\"flow control\",\"RequestId\":\"req-1\"}";
    const OK: &str = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 21\r\n\
        connection: close\r\n\r\n{\"RequestId\":\"req-2\"}";
    let server = RawServer::start(Misbehaviour::AnswerInTurn(&[THROTTLED, OK])).await;
    let transport = ClientBuilder::new(&alibaba::dataworks::SERVICE)
        .auth(credentials::alibaba())
        .region("cn-hangzhou")
        .allow_insecure_http()
        .endpoint(&server.address)
        .build()
        .unwrap();
    let mut call = Call::new("ListProjects", "POST");
    call.path_literal("/");
    let started = tokio::time::Instant::now();
    transport.send(call).await.expect("the retry succeeds");
    assert_eq!(server.requests().len(), 2);
    assert_eq!(started.elapsed(), Duration::from_millis(1500));
}

/// The generated client forwards both: an interceptor given to its builder and a header given
/// to `with_options` reach the wire, signed, on a real `create_code_file` call; the client the
/// options were applied to is a copy, so the original sends no such header.
#[tokio::test]
async fn sdk_generated_client_takes_interceptors_and_call_options() {
    struct AddTrace;
    impl Interceptor for AddTrace {
        fn before_signing(&self, request: &mut OutgoingRequest<'_>) {
            request
                .set_header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .unwrap();
        }
    }
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(TENCENT_OK, "application/json"))
        .mount(&server)
        .await;
    let client = tencent::wedata::Client::builder()
        .credentials(credentials::tencent())
        .region("ap-guangzhou")
        .allow_insecure_http()
        .endpoint(server.uri())
        .interceptor(AddTrace)
        .build()
        .expect("complete configuration");
    let request = tencent::wedata::CreateCodeFileRequest::builder()
        .project_id("1470547050521227264")
        .code_file_name("a.py")
        .parent_folder_path("/")
        .build()
        .expect("a complete request");

    let tagged = client.with_options(CallOptions::new().header("X-Tenant", "blue")).expect("not reserved");
    tagged.create_code_file(&request).await.expect("first call");
    client.create_code_file(&request).await.expect("second call");

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    let (first, second) = (Received::from(&requests[0]), Received::from(&requests[1]));
    for received in [&first, &second] {
        assert_eq!(received.header("traceparent"), "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        assert_eq!(received.header("x-tc-action"), "CreateCodeFile");
        verify_tc3(received, "wedata");
    }
    assert_eq!(first.header("x-tenant"), "blue");
    assert!(!requests[1].headers.contains_key("x-tenant"), "options leaked into the original client");
    let refused = client.with_options(CallOptions::new().header("Authorization", "Bearer stolen"));
    assert!(matches!(refused, Err(ConfigError::ReservedHeader { .. })), "{refused:?}");
}

/// A streamed download is a response like any other: the response hook sees it once its head
/// arrives, before the caller reads the body.
#[tokio::test]
async fn sdk_interceptor_after_response_sees_a_streamed_download() {
    #[derive(Default)]
    struct Seen(Mutex<Vec<(String, u16, Option<String>)>>);
    impl Interceptor for Seen {
        fn after_response(&self, response: &ResponseInfo<'_>) {
            let request_id = response.request_id().map(str::to_owned);
            self.0.lock().unwrap().push((response.operation().to_owned(), response.status(), request_id));
        }
    }
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Request-Id", "req-download")
                .set_body_raw(vec![9u8; 10_000], "application/octet-stream"),
        )
        .mount(&server)
        .await;
    let seen = Arc::new(Seen::default());
    let transport = ClientBuilder::new(&cloudspec_clients::huawei::codeartsrepo::SERVICE)
        .auth(credentials::huawei_token())
        .allow_insecure_http()
        .endpoint(server.uri())
        .interceptor(Shared(seen.clone()))
        .build()
        .expect("complete configuration");
    let mut call = Call::new("ShowFileRaw", "GET");
    call.path_literal("/raw").idempotent();

    let download = transport.download(call, 1 << 20).await.expect("a download");

    assert_eq!(*seen.0.lock().unwrap(), [("ShowFileRaw".to_owned(), 200, Some("req-download".to_owned()))]);
    assert_eq!(download.body.into_bytes().await.unwrap().len(), 10_000);
}
