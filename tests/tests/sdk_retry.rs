//! Retries decided by the vendor's error code (per protocol), the client's retry budget, and
//! `Retry-After` given as an HTTP date: each against a wiremock server on 127.0.0.1 that
//! answers a scripted sequence and counts what it received.

use std::time::{Duration, SystemTime};

use cloudspec_clients::{alibaba, huawei, oci, tencent};
use cloudspec_runtime::{Error, RETRY_BUDGET_CAPACITY, RETRY_COST, RateLimit, RetryPolicy};
use cloudspec_tests::{credentials, examples};
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Retries without a noticeable wait, so the tests count attempts, not time.
fn quick_retries() -> RetryPolicy {
    RetryPolicy {
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(1),
        ..RetryPolicy::default()
    }
}

/// Serves `first` to the first request and `then` to every later one.
async fn first_then(server: &MockServer, first: ResponseTemplate, then: ResponseTemplate) {
    Mock::given(any()).respond_with(first).up_to_n_times(1).with_priority(1).mount(server).await;
    Mock::given(any()).respond_with(then).with_priority(2).mount(server).await;
}

fn json_response(status: u16, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_string().into_bytes(), "application/json")
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.expect("recording is on").len()
}

mod tencent_wedata {
    use super::*;
    use tencent::wedata::{Client, CreateCodeFileRequest};

    pub fn client(server: &MockServer) -> Client {
        Client::builder()
            .credentials(credentials::tencent())
            .region("ap-guangzhou")
            .allow_insecure_http()
            .endpoint(server.uri())
            .retry(quick_retries())
            .build()
            .expect("complete")
    }

    pub fn request() -> CreateCodeFileRequest {
        let op = examples::operation("tencent", "wedata", "CreateCodeFile");
        let example = examples::with_status(op, 200)[0].request.clone().expect("a request example");
        serde_json::from_value(example).expect("the example fits")
    }

    pub fn success() -> ResponseTemplate {
        let op = examples::operation("tencent", "wedata", "CreateCodeFile");
        ResponseTemplate::new(200).set_body_raw(examples::response_body(op, 200), "application/json")
    }

    /// Tencent's failure envelope, which arrives with HTTP 200.
    pub fn error_in_200(code: &str) -> ResponseTemplate {
        json_response(
            200,
            json!({"Response": {"Error": {"Code": code, "Message": "from the test server"}, "RequestId": "req-1"}}),
        )
    }
}

#[tokio::test]
async fn sdk_retry_tencent_request_limit_exceeded_in_a_200_is_retried() {
    let server = MockServer::start().await;
    first_then(&server, tencent_wedata::error_in_200("RequestLimitExceeded"), tencent_wedata::success())
        .await;

    let output = tencent_wedata::client(&server).create_code_file(&tencent_wedata::request()).await;

    assert!(output.is_ok(), "the throttle is retried and the retry succeeds: {output:?}");
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn sdk_retry_tencent_invalid_parameter_and_internal_error_of_a_create_are_not_retried() {
    for code in ["InvalidParameter", "InternalError"] {
        let server = MockServer::start().await;
        first_then(&server, tencent_wedata::error_in_200(code), tencent_wedata::success()).await;

        let error =
            tencent_wedata::client(&server).create_code_file(&tencent_wedata::request()).await.unwrap_err();

        let service = error.as_service().expect("a service error");
        assert_eq!(service.raw_code, code);
        // InternalError may have been applied: CreateCodeFile is not idempotent and carries no
        // token, so it is not repeated.
        assert_eq!(requests(&server).await, 1, "{code} must not be retried");
    }
}

mod alibaba_dataworks {
    use super::*;
    use alibaba::dataworks::{Client, CreateResourceRequest, FlowSpec};

    pub fn client(server: &MockServer) -> Client {
        Client::builder()
            .credentials(credentials::alibaba())
            .region("cn-hangzhou")
            .allow_insecure_http()
            .endpoint(server.uri())
            .retry(quick_retries())
            .build()
            .expect("complete")
    }

    pub fn request() -> CreateResourceRequest {
        let op = examples::operation("alibaba", "dataworks", "CreateResource");
        let field = op.input.fields.iter().find(|f| f.wire == "Spec").expect("Spec is documented");
        let spec = match field.example.clone().expect("Spec has an example") {
            Value::String(text) => serde_json::from_str(&text).expect("a JSON document"),
            other => other,
        };
        let spec: FlowSpec = serde_json::from_value(spec).expect("the example fits FlowSpec");
        CreateResourceRequest::builder()
            .project_id(123456)
            .spec(spec)
            .resource_file("http://bucketname1.oss-cn-shanghai.aliyuncs.com/example")
            .build()
            .expect("a valid request")
    }

    pub fn success() -> ResponseTemplate {
        json_response(200, json!({"RequestId": "req-ok", "Id": 631478864897630000_i64}))
    }

    pub fn error(status: u16, code: &str) -> ResponseTemplate {
        json_response(
            status,
            json!({"RequestId": "req-err", "Code": code, "Message": "from the test server"}),
        )
    }
}

#[tokio::test]
async fn sdk_retry_alibaba_throttling_codes_are_retried_whatever_the_status() {
    for (status, code) in [(400, "Throttling.User"), (400, "Throttling.Api"), (503, "Throttling")] {
        let server = MockServer::start().await;
        first_then(&server, alibaba_dataworks::error(status, code), alibaba_dataworks::success()).await;

        let output = alibaba_dataworks::client(&server).create_resource(&alibaba_dataworks::request()).await;

        assert!(output.is_ok(), "{status} {code} is retried: {output:?}");
        assert_eq!(requests(&server).await, 2, "{status} {code}");
    }
}

#[tokio::test]
async fn sdk_retry_alibaba_permanent_codes_are_not_retried() {
    let server = MockServer::start().await;
    first_then(&server, alibaba_dataworks::error(400, "InvalidParameter"), alibaba_dataworks::success())
        .await;

    let error =
        alibaba_dataworks::client(&server).create_resource(&alibaba_dataworks::request()).await.unwrap_err();

    assert_eq!(error.as_service().map(|e| e.raw_code.as_str()), Some("InvalidParameter"));
    assert_eq!(requests(&server).await, 1);
}

mod oci_aidataplatform {
    use super::*;
    use oci::aidataplatform::{Client, CreateContentDetails, CreateContentRequest};

    pub fn client(server: &MockServer) -> Client {
        Client::builder()
            .credentials(credentials::oci())
            .allow_insecure_http()
            .endpoint(server.uri())
            .retry(quick_retries())
            .build()
            .expect("complete")
    }

    pub fn request() -> CreateContentRequest {
        CreateContentRequest::builder()
            .ai_data_platform_id("ocid1.aidataplatform.oc1.iad.amaaaaaexample")
            .workspace_key("ws-main")
            .content_path("nb.ipynb")
            .create_content_details(CreateContentDetails::default())
            .build()
            .expect("a valid request")
    }

    pub fn created() -> ResponseTemplate {
        json_response(
            201,
            json!({"content": null, "created": "2026-11-25T09:30:00.123Z", "format": null,
                   "last_modified": "2026-11-25T09:30:00.123Z", "mimetype": null, "name": "nb.ipynb",
                   "path": "nb.ipynb", "size": 72, "type": "notebook", "writable": true}),
        )
    }

    pub fn error(status: u16, code: &str) -> ResponseTemplate {
        json_response(status, json!({"code": code, "message": "from the test server"}))
    }
}

#[tokio::test]
async fn sdk_retry_oci_409_incorrect_state_is_retried_and_other_conflicts_are_not() {
    let server = MockServer::start().await;
    first_then(&server, oci_aidataplatform::error(409, "IncorrectState"), oci_aidataplatform::created())
        .await;
    let output = oci_aidataplatform::client(&server).create_content(&oci_aidataplatform::request()).await;
    assert!(output.is_ok(), "409 IncorrectState is retried: {output:?}");
    assert_eq!(requests(&server).await, 2);

    let server = MockServer::start().await;
    first_then(&server, oci_aidataplatform::error(409, "Conflict"), oci_aidataplatform::created()).await;
    let error =
        oci_aidataplatform::client(&server).create_content(&oci_aidataplatform::request()).await.unwrap_err();
    assert_eq!(error.status(), Some(409));
    assert_eq!(requests(&server).await, 1);
}

mod huawei_codeartsrepo {
    use super::*;
    use huawei::codeartsrepo::{Client, CreateFileRequest};

    pub fn client(server: &MockServer, policy: RetryPolicy) -> Client {
        Client::builder()
            .credentials(credentials::huawei_aksk())
            .allow_insecure_http()
            .endpoint(server.uri())
            .retry(policy)
            .rate_limit(RateLimit::Off)
            .build()
            .expect("complete")
    }

    pub fn request() -> CreateFileRequest {
        let op = examples::operation("huawei", "codeartsrepo", "CreateFile");
        let example = examples::with_status(op, 201)[0].request.clone().expect("a request example");
        let mut request: CreateFileRequest = serde_json::from_value(example).expect("the example fits");
        request.repository_id = 2_111_863;
        request
    }

    pub fn created() -> ResponseTemplate {
        let op = examples::operation("huawei", "codeartsrepo", "CreateFile");
        ResponseTemplate::new(201).set_body_raw(examples::response_body(op, 201), "application/json")
    }

    pub fn error(status: u16, code: &str) -> ResponseTemplate {
        json_response(status, json!({"error_code": code, "error_msg": "from the test server"}))
    }
}

#[tokio::test]
async fn sdk_retry_huawei_429_is_retried_and_a_400_is_not() {
    let server = MockServer::start().await;
    first_then(&server, huawei_codeartsrepo::error(429, "APIGW.0308"), huawei_codeartsrepo::created()).await;
    let client = huawei_codeartsrepo::client(&server, quick_retries());
    assert!(client.create_file(&huawei_codeartsrepo::request()).await.is_ok());
    assert_eq!(requests(&server).await, 2);

    let server = MockServer::start().await;
    first_then(&server, huawei_codeartsrepo::error(400, "CH.0001"), huawei_codeartsrepo::created()).await;
    let client = huawei_codeartsrepo::client(&server, quick_retries());
    assert!(client.create_file(&huawei_codeartsrepo::request()).await.is_err());
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn sdk_retry_a_429_storm_exhausts_the_shared_budget() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(huawei_codeartsrepo::error(429, "APIGW.0308")).mount(&server).await;
    // Attempts are not the limit here: only the budget can stop the retries.
    let policy = RetryPolicy {
        max_attempts: 10_000,
        base_delay: Duration::ZERO,
        max_delay: Duration::ZERO,
        ..RetryPolicy::default()
    };
    let client = huawei_codeartsrepo::client(&server, policy.clone());

    let error = client.create_file(&huawei_codeartsrepo::request()).await.unwrap_err();

    let retries = RETRY_BUDGET_CAPACITY / RETRY_COST;
    assert_eq!(requests(&server).await, retries as usize + 1, "the first attempt and one retry per 5 tokens");
    let Error::RetryBudgetExhausted { attempts, last } = &error else { panic!("{error:?}") };
    assert_eq!(*attempts, retries + 1);
    assert_eq!(last.status(), Some(429));
    assert_eq!(
        error.as_service().map(|e| e.raw_code.as_str()),
        Some("APIGW.0308"),
        "the last failure is kept"
    );
    assert!(error.to_string().contains("retry budget is exhausted"), "{error}");

    // The budget belongs to the client: a clone with its own policy draws on the same, empty one.
    let clone = client.with_retry(policy);
    let error = clone.create_file(&huawei_codeartsrepo::request()).await.unwrap_err();
    assert!(matches!(error, Error::RetryBudgetExhausted { attempts: 1, .. }), "{error:?}");
    assert_eq!(requests(&server).await, retries as usize + 2, "no retry without budget");

    // A policy that opts out of the budget still retries up to its attempts.
    let unbudgeted =
        client.with_retry(RetryPolicy { max_attempts: 3, use_retry_budget: false, ..quick_retries() });
    let error = unbudgeted.create_file(&huawei_codeartsrepo::request()).await.unwrap_err();
    assert!(matches!(error, Error::Service(_)), "{error:?}");
    assert_eq!(requests(&server).await, retries as usize + 5);
}

#[tokio::test]
async fn sdk_retry_after_as_an_http_date_is_honoured() {
    let server = MockServer::start().await;
    // Three seconds ahead, to the second (an HTTP date has no fractions).
    let (date, not_before) = httpdate_in(Duration::from_secs(3));
    let throttled = huawei_codeartsrepo::error(429, "APIGW.0308").insert_header("retry-after", date.as_str());
    first_then(&server, throttled, huawei_codeartsrepo::created()).await;
    let client = huawei_codeartsrepo::client(&server, quick_retries());

    let output = client.create_file(&huawei_codeartsrepo::request()).await;

    assert!(output.is_ok(), "{output:?}");
    assert_eq!(requests(&server).await, 2);
    // The retry may not start before the date the server named. Compared with the date itself,
    // not with a duration measured from before the set-up, so a slow machine cannot fail it.
    let finished = SystemTime::now();
    assert!(finished >= not_before, "the date was not honoured: the call ended before {date}");
}

/// An IMF-fixdate `ahead` of now, as a server would write it, and the instant it names (whole
/// seconds: the fraction is dropped).
fn httpdate_in(ahead: Duration) -> (String, SystemTime) {
    let at = time::OffsetDateTime::from(SystemTime::now() + ahead).to_offset(time::UtcOffset::UTC);
    let at = at.replace_nanosecond(0).expect("zero nanoseconds is valid");
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    (at.format(format).expect("formats"), SystemTime::from(at))
}

/// `RequestLimitExceeded.IPLimitExceeded` is not in Tencent's default table (its SDK's retryer
/// does not list it); `specs/tencent/provider.yaml` marks it `retry: throttling`, so the
/// generated CreateCodeFile, which is neither idempotent nor token-protected, repeats it.
#[tokio::test]
async fn sdk_retry_spec_override_throttling_code_is_retried_for_a_create() {
    let server = MockServer::start().await;
    let ip_limit = "RequestLimitExceeded.IPLimitExceeded";
    first_then(&server, tencent_wedata::error_in_200(ip_limit), tencent_wedata::success()).await;

    let output = tencent_wedata::client(&server).create_code_file(&tencent_wedata::request()).await;

    assert!(output.is_ok(), "the spec's throttling code is retried and the retry succeeds: {output:?}");
    assert_eq!(requests(&server).await, 2);
}

/// The same override, when the server keeps refusing: every attempt of the policy is used, then
/// the typed code comes back.
#[tokio::test]
async fn sdk_retry_spec_override_throttling_code_gives_up_after_the_policy_attempts() {
    let server = MockServer::start().await;
    let ip_limit = "RequestLimitExceeded.IPLimitExceeded";
    Mock::given(any()).respond_with(tencent_wedata::error_in_200(ip_limit)).mount(&server).await;

    let error =
        tencent_wedata::client(&server).create_code_file(&tencent_wedata::request()).await.unwrap_err();

    assert_eq!(error.as_service().expect("a service error").raw_code, ip_limit);
    assert_eq!(requests(&server).await as u32, quick_retries().max_attempts);
}

/// `never` beats the default table: `RequestLimitExceeded` is retried by default (see
/// `sdk_retry_tencent_request_limit_exceeded_in_a_200_is_retried`), not when the call says so.
/// No real spec marks a throttling code `never` (no vendor documents one), so the call is the
/// one the generated CreateCodeFile lays out, with the line `retry: never` would generate, sent
/// through the generated client's transport.
#[tokio::test]
async fn sdk_retry_spec_override_never_stops_a_default_throttling_code() {
    let server = MockServer::start().await;
    first_then(&server, tencent_wedata::error_in_200("RequestLimitExceeded"), tencent_wedata::success())
        .await;
    let client = tencent_wedata::client(&server);
    let mut call = cloudspec_runtime::Call::new("CreateCodeFile", "POST");
    call.retry_code("RequestLimitExceeded", cloudspec_runtime::CodeRetry::Never);
    call.path_literal("/");
    call.json_body(&tencent_wedata::request()).expect("the request serializes");

    let error = client.transport().send_typed::<String>(call).await.unwrap_err();

    assert_eq!(error.as_service().expect("a service error").raw_code, "RequestLimitExceeded");
    assert_eq!(requests(&server).await, 1, "a code the spec marks `never` is not retried");
}

/// `transient` keeps the safety rule: a code the spec marks transient is not repeated for
/// CreateCodeFile, which may have been applied and carries no idempotency token.
#[tokio::test]
async fn sdk_retry_spec_override_transient_code_is_not_repeated_for_an_unsafe_call() {
    let unsafe_call = || {
        let mut call = cloudspec_runtime::Call::new("CreateCodeFile", "POST");
        call.retry_code("ResourceUnavailable", cloudspec_runtime::CodeRetry::Transient);
        call.path_literal("/");
        call.json_body(&tencent_wedata::request()).expect("the request serializes");
        call
    };

    let unavailable_then_success = || async {
        let server = MockServer::start().await;
        first_then(&server, tencent_wedata::error_in_200("ResourceUnavailable"), tencent_wedata::success())
            .await;
        server
    };

    let server = unavailable_then_success().await;
    let sent = tencent_wedata::client(&server).transport().send_typed::<String>(unsafe_call()).await;
    assert_eq!(sent.unwrap_err().as_service().expect("a service error").raw_code, "ResourceUnavailable");
    assert_eq!(requests(&server).await, 1, "not idempotent: not repeated");

    // The same call marked idempotent is repeated.
    let server = unavailable_then_success().await;
    let mut idempotent = unsafe_call();
    idempotent.idempotent();
    let output = tencent_wedata::client(&server).transport().send_typed::<String>(idempotent).await;
    assert!(output.is_ok(), "{output:?}");
    assert_eq!(requests(&server).await, 2);
}
