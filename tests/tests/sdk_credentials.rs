//! Refreshing credentials: the instance metadata providers against local fake metadata services
//! on 127.0.0.1, the cache's refresh ahead of expiry (on tokio's paused clock), one refresh for
//! many concurrent calls, failed refreshes, the default chains, and secrets kept out of `Debug`,
//! errors and logs.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use cloudspec_clients::tencent::wedata;
use cloudspec_runtime::credentials::{
    AlibabaCredentials, AlibabaEcsRamRole, AlibabaOidcRole, CredentialsCache, CredentialsError, Expiring,
    HuaweiAkSk, HuaweiEcsMetadata, ProvideCredentials, ProvideFuture, TencentCredentials, TencentCvmRole,
    TencentWebIdentity,
};
use cloudspec_runtime::{ClientBuilder, ConfigError, Error, RateLimit, RetryPolicy};
use cloudspec_tests::events::EventCapture;
use cloudspec_tests::received::{Received, verify_tc3};
use cloudspec_tests::responses::serve_json;
use cloudspec_tests::{credentials, examples};
use serde_json::json;
use time::OffsetDateTime;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const ALIBABA_ROLE_PATH: &str = "/latest/meta-data/ram/security-credentials/EcsRole";
const TENCENT_ROLE_PATH: &str = "/latest/meta-data/cam/security-credentials/CvmRole";
const HUAWEI_KEY_PATH: &str = "/openstack/latest/securitykey";

/// Secret values the fakes hand out; none may appear in any `Debug`, error or log line.
const TEMP_SECRET: &str = "temporary-secret-value-0001";
const TEMP_TOKEN: &str = "temporary-session-token-0001";

fn in_an_hour() -> OffsetDateTime {
    (OffsetDateTime::now_utc() + time::Duration::hours(1)).replace_nanosecond(0).expect("0 ns is valid")
}

fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339).expect("formats")
}

fn alibaba_answer(expires: OffsetDateTime) -> serde_json::Value {
    json!({
        "AccessKeyId": "STS.ecs-role-id",
        "AccessKeySecret": TEMP_SECRET,
        "Expiration": rfc3339(expires),
        "SecurityToken": TEMP_TOKEN,
        "LastUpdated": "2024-01-01T00:00:00Z",
        "Code": "Success"
    })
}

fn tencent_answer(secret_id: &str, expires: OffsetDateTime) -> serde_json::Value {
    json!({
        "TmpSecretId": secret_id,
        "TmpSecretKey": credentials::TENCENT_SECRET_KEY,
        "ExpiredTime": expires.unix_timestamp(),
        "Expiration": rfc3339(expires),
        "Token": TEMP_TOKEN,
        "Code": "Success"
    })
}

fn paths(requests: &[Request]) -> Vec<String> {
    requests.iter().map(|r| format!("{} {}", r.method, r.url.path())).collect()
}

#[tokio::test]
async fn sdk_alibaba_ecs_ram_role_asks_for_a_session_token_then_the_role_credentials() {
    let metadata = MockServer::start().await;
    let expires = in_an_hour();
    Mock::given(method("PUT"))
        .and(path("/latest/api/token"))
        .and(header("x-aliyun-ecs-metadata-token-ttl-seconds", "21600"))
        .respond_with(ResponseTemplate::new(200).set_body_string("imds-session-token"))
        .mount(&metadata)
        .await;
    Mock::given(method("GET"))
        .and(path(ALIBABA_ROLE_PATH))
        .and(header("x-aliyun-ecs-metadata-token", "imds-session-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(alibaba_answer(expires)))
        .mount(&metadata)
        .await;

    let provider = AlibabaEcsRamRole::new("EcsRole").endpoint_for_tests(&metadata.uri()).unwrap();
    let fetched = provider.provide().await.expect("the fake answers");
    assert_eq!(
        fetched,
        Expiring::until(
            AlibabaCredentials::new("STS.ecs-role-id", TEMP_SECRET).with_security_token(TEMP_TOKEN),
            expires
        )
    );
    let received = metadata.received_requests().await.unwrap();
    assert_eq!(paths(&received), ["PUT /latest/api/token", &format!("GET {ALIBABA_ROLE_PATH}")]);

    // Without a role name, the role attached to the instance is listed first.
    Mock::given(method("GET"))
        .and(path("/latest/meta-data/ram/security-credentials/"))
        .and(header("x-aliyun-ecs-metadata-token", "imds-session-token"))
        .respond_with(ResponseTemplate::new(200).set_body_string("EcsRole"))
        .mount(&metadata)
        .await;
    let discovered = AlibabaEcsRamRole::discover().endpoint_for_tests(&metadata.uri()).unwrap();
    assert_eq!(
        discovered.provide().await.expect("discovered").credentials().access_key_id(),
        "STS.ecs-role-id"
    );
}

#[tokio::test]
async fn sdk_tencent_cvm_role_reads_the_role_credentials() {
    let metadata = MockServer::start().await;
    let expires = in_an_hour();
    Mock::given(method("GET"))
        .and(path(TENCENT_ROLE_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(tencent_answer("AKIDcvm", expires)))
        .mount(&metadata)
        .await;
    Mock::given(method("GET"))
        .and(path("/latest/meta-data/cam/security-credentials/"))
        .respond_with(ResponseTemplate::new(200).set_body_string("CvmRole"))
        .mount(&metadata)
        .await;

    let provider = TencentCvmRole::new("CvmRole").endpoint_for_tests(&metadata.uri()).unwrap();
    let fetched = provider.provide().await.expect("the fake answers");
    let expected = TencentCredentials::new("AKIDcvm", credentials::TENCENT_SECRET_KEY).with_token(TEMP_TOKEN);
    assert_eq!(fetched, Expiring::until(expected.clone(), expires));

    let discovered = TencentCvmRole::discover().endpoint_for_tests(&metadata.uri()).unwrap();
    assert_eq!(discovered.provide().await.expect("discovered").into_credentials(), expected);
    let received = metadata.received_requests().await.unwrap();
    assert_eq!(
        paths(&received),
        [
            format!("GET {TENCENT_ROLE_PATH}"),
            "GET /latest/meta-data/cam/security-credentials/".to_owned(),
            format!("GET {TENCENT_ROLE_PATH}"),
        ]
    );
}

#[tokio::test]
async fn sdk_huawei_ecs_metadata_reads_the_security_key_with_or_without_a_session_token() {
    let answer = json!({"credential": {
        "access": "HWTEMPACCESSKEY",
        "secret": TEMP_SECRET,
        "securitytoken": TEMP_TOKEN,
        "expires_at": "2030-01-02T03:04:05.123456Z"
    }});
    let expires =
        OffsetDateTime::parse("2030-01-02T03:04:05.123456Z", &time::format_description::well_known::Rfc3339)
            .unwrap();
    let expected = Expiring::until(
        HuaweiAkSk::new("HWTEMPACCESSKEY", TEMP_SECRET).with_security_token(TEMP_TOKEN),
        expires,
    );

    // With a session token: sent back on the security key request.
    let metadata = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/meta-data/latest/api/token"))
        .and(header("x-metadata-token-ttl-seconds", "21600"))
        .respond_with(ResponseTemplate::new(200).set_body_string("hw-session"))
        .mount(&metadata)
        .await;
    Mock::given(method("GET"))
        .and(path(HUAWEI_KEY_PATH))
        .and(header("x-metadata-token", "hw-session"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&answer))
        .mount(&metadata)
        .await;
    let provider = HuaweiEcsMetadata::new().endpoint_for_tests(&metadata.uri()).unwrap();
    assert_eq!(provider.provide().await.expect("the fake answers"), expected);

    // A service that issues no token (404): the security key is asked for without one.
    let tokenless = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(404)).mount(&tokenless).await;
    Mock::given(method("GET"))
        .and(path(HUAWEI_KEY_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(&answer))
        .mount(&tokenless)
        .await;
    let provider = HuaweiEcsMetadata::new().endpoint_for_tests(&tokenless.uri()).unwrap();
    assert_eq!(provider.provide().await.expect("the fake answers"), expected);
    let received = tokenless.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    assert!(!received[1].headers.contains_key("x-metadata-token"), "no token was issued, none is sent");

    // Any other failure of the token request is an error, not a silent downgrade.
    let broken = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(500)).mount(&broken).await;
    let provider = HuaweiEcsMetadata::new().endpoint_for_tests(&broken.uri()).unwrap();
    let error = provider.provide().await.expect_err("HTTP 500");
    assert!(
        matches!(&error, CredentialsError::Fetch { reason, .. } if reason.contains("HTTP 500")),
        "{error:?}"
    );
}

#[tokio::test]
async fn sdk_broken_metadata_answers_are_typed_errors_that_quote_no_secret() {
    let metadata = MockServer::start().await;
    let provider = || TencentCvmRole::new("CvmRole").endpoint_for_tests(&metadata.uri()).unwrap();
    let cases: [(ResponseTemplate, &str); 5] = [
        (ResponseTemplate::new(404), "HTTP 404"),
        (
            ResponseTemplate::new(200).set_body_json(json!({"Code": "Failure", "TmpSecretId": "a", "TmpSecretKey": TEMP_SECRET, "Token": TEMP_TOKEN, "ExpiredTime": 1})),
            "`Failure`",
        ),
        (
            ResponseTemplate::new(200).set_body_json(json!({"Code": "Success", "TmpSecretKey": TEMP_SECRET, "Token": TEMP_TOKEN, "ExpiredTime": 1})),
            "no `TmpSecretId`",
        ),
        // A value of the wrong type: serde's own message would quote it.
        (
            ResponseTemplate::new(200).set_body_json(json!({"Code": "Success", "TmpSecretId": "a", "TmpSecretKey": 12345678987654321_u64, "Token": TEMP_TOKEN, "ExpiredTime": 1})),
            "documented type",
        ),
        (ResponseTemplate::new(200).set_body_string(format!("{{\"Token\": \"{TEMP_TOKEN}")), "not valid JSON"),
    ];
    for (answer, expected) in cases {
        metadata.reset().await;
        Mock::given(method("GET")).and(path(TENCENT_ROLE_PATH)).respond_with(answer).mount(&metadata).await;
        let error = provider().provide().await.expect_err("no usable credentials");
        let CredentialsError::Fetch { from, reason } = &error else {
            panic!("expected Fetch, got {error:?}")
        };
        assert!(from.contains("CvmRole") && reason.contains(expected), "{expected}: {error}");
        for shown in [error.to_string(), format!("{error:?}")] {
            for secret in [TEMP_SECRET, TEMP_TOKEN, "12345678987654321"] {
                assert!(!shown.contains(secret), "{secret} in {shown}");
            }
        }
    }

    // Nothing listens here: a connection failure is an error naming the provider.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let error =
        TencentCvmRole::new("CvmRole").endpoint_for_tests(&closed).unwrap().provide().await.unwrap_err();
    assert!(
        matches!(&error, CredentialsError::Fetch { reason, .. } if reason.contains("connect")),
        "{error:?}"
    );
}

/// Answers each request with the next of `answers` (the last one repeated), after `delay`, and
/// counts the requests.
struct Sequence {
    answers: Vec<ResponseTemplate>,
    count: Arc<AtomicUsize>,
    delay: Duration,
}

impl Respond for Sequence {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.count.fetch_add(1, Ordering::SeqCst);
        self.answers[n.min(self.answers.len() - 1)].clone().set_delay(self.delay)
    }
}

async fn tencent_service() -> MockServer {
    let service = MockServer::start().await;
    let operation = examples::operation("tencent", "wedata", "CreateCodeFile");
    serve_json(&service, 200, examples::response_body(operation, 200)).await;
    service
}

fn create_code_file_request() -> wedata::CreateCodeFileRequest {
    let operation = examples::operation("tencent", "wedata", "CreateCodeFile");
    let example = examples::with_status(operation, 200)[0].request.clone().expect("a request example");
    serde_json::from_value(example).expect("the example fits the type")
}

fn wedata_client(service: &MockServer) -> wedata::ClientBuilder {
    wedata::Client::builder()
        .region("ap-guangzhou")
        .allow_insecure_http()
        .endpoint(service.uri())
        .rate_limit(RateLimit::Off)
        .retry(RetryPolicy::none())
}

#[tokio::test]
async fn sdk_one_refresh_under_100_concurrent_calls() {
    let metadata = MockServer::start().await;
    let count = Arc::new(AtomicUsize::new(0));
    // Slow enough that every call arrives while the one refresh is in flight.
    let answer = ResponseTemplate::new(200)
        .set_body_json(tencent_answer(credentials::TENCENT_SECRET_ID, in_an_hour()));
    Mock::given(method("GET"))
        .and(path(TENCENT_ROLE_PATH))
        .respond_with(Sequence {
            answers: vec![answer],
            count: Arc::clone(&count),
            delay: Duration::from_millis(300),
        })
        .mount(&metadata)
        .await;
    let service = tencent_service().await;
    let provider = TencentCvmRole::new("CvmRole").endpoint_for_tests(&metadata.uri()).unwrap();
    let client = wedata_client(&service).credentials_provider(provider).build().unwrap();
    let request = create_code_file_request();

    let calls = (0..100).map(|_| {
        let client = client.clone();
        let request = request.clone();
        tokio::spawn(async move { client.create_code_file(&request).await })
    });
    for call in calls.collect::<Vec<_>>() {
        call.await.expect("no panic").expect("every call is signed with the fetched credentials");
    }

    assert_eq!(count.load(Ordering::SeqCst), 1, "one metadata request for 100 concurrent calls");
    let received = service.received_requests().await.unwrap();
    assert_eq!(received.len(), 100);
    for request in &received {
        let received = Received::from(request);
        assert_eq!(received.header("x-tc-token"), TEMP_TOKEN);
        verify_tc3(&received, "wedata");
    }

    // The cached credentials serve later calls without asking again.
    client.create_code_file(&request).await.expect("cached");
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn sdk_a_failed_refresh_is_shared_by_the_calls_that_waited_for_it_and_nothing_is_sent() {
    let metadata = MockServer::start().await;
    let count = Arc::new(AtomicUsize::new(0));
    Mock::given(method("GET"))
        .and(path(TENCENT_ROLE_PATH))
        .respond_with(Sequence {
            answers: vec![ResponseTemplate::new(500)],
            count: Arc::clone(&count),
            delay: Duration::from_millis(300),
        })
        .mount(&metadata)
        .await;
    let service = tencent_service().await;
    let provider = TencentCvmRole::new("CvmRole").endpoint_for_tests(&metadata.uri()).unwrap();
    let client = wedata_client(&service).credentials_provider(provider).build().unwrap();
    let request = create_code_file_request();

    let calls: Vec<_> = (0..20)
        .map(|_| {
            let client = client.clone();
            let request = request.clone();
            tokio::spawn(async move { client.create_code_file(&request).await })
        })
        .collect();
    for call in calls {
        let error = call.await.expect("no panic").expect_err("no credentials");
        let Error::Credentials(CredentialsError::Fetch { reason, .. }) = &error else {
            panic!("expected a credentials error, got {error:?}")
        };
        assert!(reason.contains("HTTP 500"), "{reason}");
    }
    assert_eq!(count.load(Ordering::SeqCst), 1, "the calls that waited share the one failure");
    assert!(service.received_requests().await.unwrap().is_empty(), "nothing unsigned was sent");
}

/// A provider of the test's own: hands out credentials numbered by fetch, each valid for
/// `lifetime` from the moment it is asked, or fails once `fail_from` fetches have been made.
#[derive(Debug, Clone)]
struct Numbered {
    fetches: Arc<AtomicUsize>,
    lifetime: time::Duration,
    fail_from: usize,
}

impl Numbered {
    fn new(lifetime_minutes: i64, fail_from: usize) -> Self {
        Self { fetches: Arc::default(), lifetime: time::Duration::minutes(lifetime_minutes), fail_from }
    }

    fn fetches(&self) -> usize {
        self.fetches.load(Ordering::SeqCst)
    }
}

impl ProvideCredentials<TencentCredentials> for Numbered {
    fn provide(&self) -> ProvideFuture<'_, TencentCredentials> {
        let n = self.fetches.fetch_add(1, Ordering::SeqCst) + 1;
        let result = if n > self.fail_from {
            Err(CredentialsError::Missing {
                what: "test credentials".into(),
                tried: vec![format!("fetch {n}")],
            })
        } else {
            let credentials = TencentCredentials::new(format!("id-{n}"), TEMP_SECRET);
            Ok(Expiring::until(credentials, OffsetDateTime::now_utc() + self.lifetime))
        };
        Box::pin(std::future::ready(result))
    }
}

async fn secret_id(cache: &CredentialsCache<TencentCredentials>) -> String {
    cache.credentials().await.expect("credentials").secret_id().to_owned()
}

#[tokio::test(start_paused = true)]
async fn sdk_credentials_are_refreshed_before_they_expire() {
    let provider = Numbered::new(20, usize::MAX);
    let cache = CredentialsCache::new(provider.clone());
    assert_eq!(secret_id(&cache).await, "id-1");
    assert_eq!(secret_id(&cache).await, "id-1", "cached");
    // 20-minute credentials, refreshed 5 minutes (the default) before they expire.
    tokio::time::advance(Duration::from_secs(14 * 60 + 50)).await;
    assert_eq!(secret_id(&cache).await, "id-1", "still fresh at 14:50");
    tokio::time::advance(Duration::from_secs(20)).await;
    assert_eq!(secret_id(&cache).await, "id-2", "refreshed at 15:10, five minutes before expiry");
    assert_eq!(provider.fetches(), 2);

    // The margin is configurable.
    let provider = Numbered::new(20, usize::MAX);
    let cache = CredentialsCache::with_refresh_ahead(provider.clone(), Duration::from_secs(8 * 60));
    assert_eq!(secret_id(&cache).await, "id-1");
    tokio::time::advance(Duration::from_secs(12 * 60 + 10)).await;
    assert_eq!(secret_id(&cache).await, "id-2", "refreshed eight minutes before expiry");

    // Credentials shorter-lived than twice the margin are refreshed at half their life, not
    // on every call: 6-minute ones at 3 minutes.
    let provider = Numbered::new(6, usize::MAX);
    let cache = CredentialsCache::new(provider.clone());
    assert_eq!(secret_id(&cache).await, "id-1");
    tokio::time::advance(Duration::from_secs(2 * 60 + 50)).await;
    assert_eq!(secret_id(&cache).await, "id-1", "still fresh at 2:50");
    tokio::time::advance(Duration::from_secs(20)).await;
    assert_eq!(secret_id(&cache).await, "id-2", "refreshed at 3:10");
    assert_eq!(provider.fetches(), 2);

    // Fixed credentials never expire: fetched once, whatever the time.
    let cache = CredentialsCache::new(credentials::tencent());
    assert_eq!(secret_id(&cache).await, credentials::TENCENT_SECRET_ID);
    tokio::time::advance(Duration::from_secs(400 * 24 * 3600)).await;
    assert_eq!(secret_id(&cache).await, credentials::TENCENT_SECRET_ID);
}

#[tokio::test(start_paused = true)]
async fn sdk_a_failed_refresh_keeps_valid_cached_credentials_then_is_a_typed_error() {
    let (capture, _logging) = EventCapture::for_this_thread();

    // Ten-minute credentials; every fetch after the first fails.
    let provider = Numbered::new(10, 1);
    let cache = CredentialsCache::new(provider.clone());
    assert_eq!(secret_id(&cache).await, "id-1");

    tokio::time::advance(Duration::from_secs(6 * 60)).await;
    assert_eq!(
        secret_id(&cache).await,
        "id-1",
        "the refresh failed; the cached credentials are valid for 4 more minutes"
    );
    assert_eq!(provider.fetches(), 2);
    assert_eq!(secret_id(&cache).await, "id-1");
    assert_eq!(provider.fetches(), 2, "no new attempt right after a failure");
    tokio::time::advance(Duration::from_secs(11)).await;
    assert_eq!(secret_id(&cache).await, "id-1");
    assert_eq!(provider.fetches(), 3, "asked again once the pause after a failure is over");

    tokio::time::advance(Duration::from_secs(4 * 60)).await;
    let error = cache.credentials().await.expect_err("the cached credentials have expired");
    assert!(matches!(&error, CredentialsError::Missing { tried, .. } if tried == &["fetch 4"]), "{error:?}");

    let logged = capture.text();
    assert!(logged.contains("credential refresh failed"), "the failure is logged: {logged}");
    assert!(!logged.contains(TEMP_SECRET), "{logged}");
}

#[tokio::test]
async fn sdk_each_call_signs_with_the_credentials_of_the_moment() {
    // The first answer's credentials have already expired (as after a long pause): the next
    // call gets fresh ones, and its signature uses them.
    let metadata = MockServer::start().await;
    let expired = OffsetDateTime::now_utc() - time::Duration::seconds(10);
    let first = ResponseTemplate::new(200).set_body_json(tencent_answer("AKIDfirst", expired));
    let second = ResponseTemplate::new(200).set_body_json(tencent_answer("AKIDsecond", in_an_hour()));
    let count = Arc::new(AtomicUsize::new(0));
    Mock::given(method("GET"))
        .and(path(TENCENT_ROLE_PATH))
        .respond_with(Sequence {
            answers: vec![first, second],
            count: Arc::clone(&count),
            delay: Duration::ZERO,
        })
        .mount(&metadata)
        .await;
    let service = tencent_service().await;
    let cache =
        CredentialsCache::new(TencentCvmRole::new("CvmRole").endpoint_for_tests(&metadata.uri()).unwrap());
    let client = wedata_client(&service).credentials_cache(cache.clone()).build().unwrap();
    let request = create_code_file_request();
    client.create_code_file(&request).await.expect("signed with the first credentials");
    client.create_code_file(&request).await.expect("signed with the second credentials");
    client.create_code_file(&request).await.expect("the second, cached");
    assert_eq!(count.load(Ordering::SeqCst), 2);

    let signed_with: Vec<String> = service
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|request| {
            let authorization = Received::from(request).header("authorization").to_owned();
            authorization.split("Credential=").nth(1).unwrap().split('/').next().unwrap().to_owned()
        })
        .collect();
    assert_eq!(signed_with, ["AKIDfirst", "AKIDsecond", "AKIDsecond"]);

    // The cache is shared: a second client built from a clone uses the same credentials.
    let other = wedata_client(&service).credentials_cache(cache).build().unwrap();
    other.create_code_file(&request).await.expect("shared cache");
    assert_eq!(count.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn sdk_secrets_are_never_in_debug_output_errors_or_logs() {
    let (capture, _logging) = EventCapture::for_this_thread();

    let metadata = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(TENCENT_ROLE_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(tencent_answer("AKIDcvm", in_an_hour())))
        .mount(&metadata)
        .await;
    // A service that echoes the session token and the secret key in its error message.
    let service = MockServer::start().await;
    let echo = format!("token {TEMP_TOKEN} with key {} refused", credentials::TENCENT_SECRET_KEY);
    serve_json(
        &service,
        200,
        json!({"Response": {"Error": {"Code": "AuthFailure.TokenFailure", "Message": echo}, "RequestId": "r-1"}})
            .to_string(),
    )
    .await;
    let provider = TencentCvmRole::new("CvmRole").endpoint_for_tests(&metadata.uri()).unwrap();
    let cache = CredentialsCache::new(provider.clone());
    let client = wedata_client(&service).credentials_cache(cache.clone()).build().unwrap();
    let error = client.create_code_file(&create_code_file_request()).await.expect_err("refused");
    let message = error.as_service().expect("a service error").message.clone();
    assert_eq!(
        message, "token <redacted> with key <redacted> refused",
        "scrubbed with the fetched credentials"
    );
    let fetched = cache.credentials().await.unwrap();

    let logged = capture.text();
    assert!(logged.contains("cloudspec.call"), "the call was logged: {logged}");
    let shown = [
        format!("{provider:?}"),
        format!("{cache:?}"),
        format!("{client:?}"),
        format!("{fetched:?}"),
        format!("{error} {error:?}"),
        logged,
    ];
    for text in &shown {
        for secret in [credentials::TENCENT_SECRET_KEY, TEMP_TOKEN] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
    assert!(format!("{client:?}").contains("Tencent CVM role `CvmRole`"), "{client:?}");
}

fn lookup(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
    move |name| vars.iter().find(|(key, _)| *key == name).map(|(_, value)| (*value).to_owned())
}

/// HOME points at an empty folder, so no real credential file of this machine is read.
const EMPTY_HOME: (&str, &str) = ("HOME", "/nonexistent-cloudspec-test-home");

#[test]
fn sdk_default_chains_take_the_metadata_service_after_the_environment_and_files() {
    use cloudspec_clients::alibaba::dataworks;
    use cloudspec_clients::huawei::codeartsrepo;

    // Tencent: the CVM role when named; the vendor's default address.
    let builder = ClientBuilder::from_env_with(
        &wedata::SERVICE,
        lookup(&[EMPTY_HOME, ("TENCENTCLOUD_CVM_ROLE_NAME", "CvmRole")]),
    )
    .expect("the CVM role is configured");
    let shown = format!("{:?}", builder.build().unwrap());
    assert!(shown.contains("Tencent CVM role `CvmRole` at http://metadata.tencentyun.com"), "{shown}");
    // The environment comes first.
    let builder = ClientBuilder::from_env_with(
        &wedata::SERVICE,
        lookup(&[
            EMPTY_HOME,
            ("TENCENTCLOUD_CVM_ROLE_NAME", "CvmRole"),
            ("TENCENTCLOUD_SECRET_ID", "AKIDenv"),
            ("TENCENTCLOUD_SECRET_KEY", "env-key-value"),
        ]),
    )
    .unwrap();
    assert!(!format!("{:?}", builder.build().unwrap()).contains("CVM"));
    // Nothing configured: the error lists the metadata source too.
    let error = ClientBuilder::from_env_with(&wedata::SERVICE, lookup(&[EMPTY_HOME])).unwrap_err();
    let ConfigError::MissingCredentials { detail, .. } = &error else { panic!("{error:?}") };
    assert!(detail.contains("TENCENTCLOUD_CVM_ROLE_NAME"), "{detail}");

    // Alibaba: ALIBABA_CLOUD_ECS_METADATA names the role; the vendor's default address.
    let builder = ClientBuilder::from_env_with(
        &dataworks::SERVICE,
        lookup(&[
            EMPTY_HOME,
            ("ALIBABA_CLOUD_ECS_METADATA", "EcsRole"),
            ("ALIBABA_CLOUD_REGION_ID", "cn-shanghai"),
        ]),
    )
    .unwrap();
    let shown = format!("{:?}", builder.build().unwrap());
    assert!(shown.contains("Alibaba ECS RAM role `EcsRole` at http://100.100.100.200"), "{shown}");
    // ... unless the metadata service is turned off.
    let error = ClientBuilder::from_env_with(
        &dataworks::SERVICE,
        lookup(&[
            EMPTY_HOME,
            ("ALIBABA_CLOUD_ECS_METADATA", "EcsRole"),
            ("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true"),
        ]),
    )
    .unwrap_err();
    assert!(matches!(error, ConfigError::MissingCredentials { .. }), "{error:?}");

    // Huawei: HUAWEICLOUD_ECS_METADATA=true.
    let builder = ClientBuilder::from_env_with(
        &codeartsrepo::SERVICE,
        lookup(&[("HUAWEICLOUD_ECS_METADATA", "true"), ("HUAWEICLOUD_SDK_REGION", "cn-north-4")]),
    )
    .unwrap();
    let shown = format!("{:?}", builder.build().unwrap());
    assert!(shown.contains("Huawei ECS metadata at http://169.254.169.254"), "{shown}");
    let error =
        ClientBuilder::from_env_with(&codeartsrepo::SERVICE, lookup(&[("HUAWEICLOUD_ECS_METADATA", "yes")]))
            .unwrap_err();
    assert!(error.to_string().contains("HUAWEICLOUD_ECS_METADATA"), "{error}");
}

#[test]
fn sdk_an_ecs_ram_role_profile_in_the_alibaba_credentials_file_is_followed() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join(".alibabacloud")).unwrap();
    std::fs::write(
        home.path().join(".alibabacloud/credentials"),
        "[default]\ntype = ecs_ram_role\nrole_name = ProfileRole\n",
    )
    .unwrap();
    let home_path = home.path().to_str().unwrap().to_owned();
    let builder = ClientBuilder::from_env_with(
        &cloudspec_clients::alibaba::dataworks::SERVICE,
        move |name| match name {
            "HOME" => Some(home_path.clone()),
            "ALIBABA_CLOUD_REGION_ID" => Some("cn-shanghai".to_owned()),
            _ => None,
        },
    )
    .expect("the profile names an ECS RAM role");
    let shown = format!("{:?}", builder.build().unwrap());
    assert!(shown.contains("Alibaba ECS RAM role `ProfileRole`"), "{shown}");
}

#[tokio::test]
async fn sdk_alibaba_rrsa_exchanges_the_oidc_token_anonymously_and_rereads_it() {
    let folder = tempfile::tempdir().unwrap();
    let token_file = folder.path().join("token");
    std::fs::write(&token_file, "eyJ-first-oidc-token\n").unwrap();
    let sts = MockServer::start().await;
    let answer = |expires: OffsetDateTime| {
        ResponseTemplate::new(200).set_body_json(json!({
            "RequestId": "3D57EAD2-8723-1F26-B69C-F8707D8B565D",
            "AssumedRoleUser": {"Arn": "acs:ram::1:role/app/cloudspec", "AssumedRoleId": "3:cloudspec"},
            "Credentials": {
                "SecurityToken": TEMP_TOKEN,
                "Expiration": rfc3339(expires),
                "AccessKeySecret": TEMP_SECRET,
                "AccessKeyId": "STS.rrsa-id"
            }
        }))
    };
    // Already expired, so the second call refreshes (and reads the rotated token).
    let expired = OffsetDateTime::now_utc() - time::Duration::seconds(5);
    Mock::given(method("POST"))
        .and(path("/"))
        .and(wiremock::matchers::query_param("Action", "AssumeRoleWithOIDC"))
        .respond_with(Sequence {
            answers: vec![answer(expired), answer(in_an_hour())],
            count: Arc::default(),
            delay: Duration::ZERO,
        })
        .mount(&sts)
        .await;
    let role = AlibabaOidcRole::new("acs:ram::1:role/app", "acs:ram::1:oidc-provider/ack", &token_file)
        .session_name("cloudspec-test")
        .endpoint_for_tests(&sts.uri())
        .unwrap();
    let cache = CredentialsCache::new(role);
    let first = cache.credentials().await.expect("STS answers");
    assert_eq!(first, AlibabaCredentials::new("STS.rrsa-id", TEMP_SECRET).with_security_token(TEMP_TOKEN));
    std::fs::write(&token_file, "eyJ-rotated-oidc-token").unwrap();
    cache.credentials().await.expect("refreshed");

    let received: Vec<Received> = sts.received_requests().await.unwrap().iter().map(Received::from).collect();
    assert_eq!(received.len(), 2);
    for (request, token) in received.iter().zip(["eyJ-first-oidc-token", "eyJ-rotated-oidc-token"]) {
        let query: Vec<&str> = request.query.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(query, ["Action", "Format", "Version", "Timestamp"], "the token is not in the URL");
        assert!(request.query.contains(&("Version".into(), "2015-04-01".into())));
        let form = request.form();
        for expected in [
            ("RoleArn", "acs:ram::1:role/app"),
            ("OIDCProviderArn", "acs:ram::1:oidc-provider/ack"),
            ("OIDCToken", token),
            ("RoleSessionName", "cloudspec-test"),
            ("DurationSeconds", "3600"),
        ] {
            assert!(form.contains(&(expected.0.into(), expected.1.into())), "{expected:?} not in {form:?}");
        }
        assert!(!request.has_header("authorization"), "AssumeRoleWithOIDC is anonymous");
    }

    // STS refusing the token: a typed error with STS's code, never the token or the message.
    sts.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "Code": "AuthenticationFail.OIDCToken.Invalid",
            "Message": "The token eyJ-rotated-oidc-token is invalid",
            "RequestId": "1"
        })))
        .mount(&sts)
        .await;
    let role = AlibabaOidcRole::new("acs:ram::1:role/app", "acs:ram::1:oidc-provider/ack", &token_file)
        .endpoint_for_tests(&sts.uri())
        .unwrap();
    let error = role.provide().await.expect_err("refused");
    let shown = format!("{error} {error:?}");
    assert!(matches!(error, CredentialsError::Fetch { .. }), "{shown}");
    assert!(shown.contains("HTTP 400, code AuthenticationFail.OIDCToken.Invalid"), "{shown}");
    assert!(!shown.contains("eyJ-rotated"), "{shown}");

    // The chain takes RRSA when its three variables are set.
    let token_path = token_file.to_str().unwrap().to_owned();
    let builder = ClientBuilder::from_env_with(
        &cloudspec_clients::alibaba::dataworks::SERVICE,
        move |name| match name {
            "ALIBABA_CLOUD_ROLE_ARN" => Some("acs:ram::1:role/app".to_owned()),
            "ALIBABA_CLOUD_OIDC_PROVIDER_ARN" => Some("acs:ram::1:oidc-provider/ack".to_owned()),
            "ALIBABA_CLOUD_OIDC_TOKEN_FILE" => Some(token_path.clone()),
            "ALIBABA_CLOUD_REGION_ID" => Some("cn-hangzhou".to_owned()),
            "HOME" => Some(EMPTY_HOME.1.to_owned()),
            _ => None,
        },
    )
    .expect("RRSA is configured");
    let shown = format!("{:?}", builder.build().unwrap());
    assert!(
        shown.contains("Alibaba OIDC role acs:ram::1:role/app") && shown.contains("https://sts.aliyuncs.com"),
        "{shown}"
    );
}

#[tokio::test]
async fn sdk_tencent_web_identity_exchanges_the_tke_token_anonymously() {
    let folder = tempfile::tempdir().unwrap();
    let token_file = folder.path().join("web-identity-token");
    std::fs::write(&token_file, "eyJ-tke-oidc-token\n").unwrap();
    let sts = MockServer::start().await;
    let expires = in_an_hour();
    Mock::given(method("POST"))
        .and(path("/"))
        .and(header("x-tc-action", "AssumeRoleWithWebIdentity"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"Response": {
            "Credentials": {"Token": TEMP_TOKEN, "TmpSecretId": "AKIDweb", "TmpSecretKey": TEMP_SECRET},
            "ExpiredTime": expires.unix_timestamp(),
            "Expiration": rfc3339(expires),
            "RequestId": "4daec797-9cd2-4f09-9e7a-7d4c43b2a74c"
        }})))
        .mount(&sts)
        .await;
    let identity =
        TencentWebIdentity::new("ap-guangzhou", "tke-provider", "qcs::cam::uin/1:roleName/app", &token_file)
            .session_name("cloudspec-test")
            .endpoint_for_tests(&sts.uri())
            .unwrap();
    let fetched = identity.provide().await.expect("STS answers");
    assert_eq!(
        fetched,
        Expiring::until(TencentCredentials::new("AKIDweb", TEMP_SECRET).with_token(TEMP_TOKEN), expires)
    );
    let received = Received::from(&sts.received_requests().await.unwrap()[0]);
    assert_eq!(received.header("x-tc-version"), "2018-08-13");
    assert_eq!(received.header("x-tc-region"), "ap-guangzhou");
    assert!(!received.has_header("authorization"), "AssumeRoleWithWebIdentity is anonymous");
    assert_eq!(
        received.json(),
        json!({
            "ProviderId": "tke-provider",
            "WebIdentityToken": "eyJ-tke-oidc-token",
            "RoleArn": "qcs::cam::uin/1:roleName/app",
            "RoleSessionName": "cloudspec-test",
            "DurationSeconds": 7200
        })
    );

    // A refusal comes as `Response.Error` with HTTP 200: a typed error with the code only.
    sts.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"Response": {
            "Error": {"Code": "InvalidParameter.WebIdentityTokenError", "Message": "bad eyJ-tke-oidc-token"},
            "RequestId": "1"
        }})))
        .mount(&sts)
        .await;
    let error = identity.provide().await.expect_err("refused");
    let shown = format!("{error} {error:?}");
    assert!(
        matches!(error, CredentialsError::Fetch { .. })
            && shown.contains("InvalidParameter.WebIdentityTokenError"),
        "{shown}"
    );
    assert!(!shown.contains("eyJ-tke"), "{shown}");

    // The chain takes it after the environment, the files and the CVM role.
    let token_path = token_file.to_str().unwrap().to_owned();
    let builder = ClientBuilder::from_env_with(&wedata::SERVICE, move |name| match name {
        "TKE_REGION" => Some("ap-guangzhou".to_owned()),
        "TKE_PROVIDER_ID" => Some("tke-provider".to_owned()),
        "TKE_WEB_IDENTITY_TOKEN_FILE" => Some(token_path.clone()),
        "TKE_ROLE_ARN" => Some("qcs::cam::uin/1:roleName/app".to_owned()),
        "HOME" => Some(EMPTY_HOME.1.to_owned()),
        _ => None,
    })
    .expect("TKE OIDC is configured");
    let shown = format!("{:?}", builder.build().unwrap());
    assert!(
        shown.contains("Tencent web identity role qcs::cam::uin/1:roleName/app")
            && shown.contains("https://sts.tencentcloudapi.com"),
        "{shown}"
    );
}
