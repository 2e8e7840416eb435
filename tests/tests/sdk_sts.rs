//! The STS assume-role credential providers (`cloudspec-sts`) against fake STS servers on
//! 127.0.0.1 that check every `AssumeRole` is signed with the base test keys (the signature
//! recomputed from the bytes that arrived) and issue numbered temporary credentials. Each
//! service call made with the role's credentials is then verified with the temporary secret it
//! must have been signed with, and must carry the session token.
//!
//! Tests that move time run on tokio's paused clock, with the servers on the test's runtime.
//! They sleep rather than `advance` the clock, so every timer due before the wake-up fires in
//! order, as it would over that much real time.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Duration;

use cloudspec_clients::alibaba::{dataworks, sts as alibaba_sts};
use cloudspec_clients::tencent::{sts as tencent_sts, wedata};
use cloudspec_runtime::credentials::{AlibabaRamRoleArnProfile, CredentialsError};
use cloudspec_runtime::{Call, ClientBuilder, Error, RateLimit, Transport};
use cloudspec_sts::{AlibabaAssumeRole, TencentAssumeRole};
use cloudspec_tests::credentials;
use cloudspec_tests::loopback_server::{Answer, LoopbackServer};
use cloudspec_tests::received::{Received, verify_acs3, verify_acs3_with, verify_tc3, verify_tc3_with};
use serde_json::json;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

const TENCENT_ROLE: &str = "qcs::cam::uin/100000000001:roleName/reader";
const ALIBABA_ROLE: &str = "acs:ram::123456789012****:role/reader";
const LIFETIME: Duration = Duration::from_secs(3600);
/// Before the runtime's refresh point (55 minutes into an hour's credentials), with a margin
/// for the whole seconds of the vendors' expiry fields.
const STILL_FRESH: Duration = Duration::from_secs(3290);
/// Past the refresh point.
const DUE_FOR_REFRESH: Duration = Duration::from_secs(3310);

/// The `n`-th temporary credentials a fake STS issues (from 1): id, secret, token.
fn issued(n: usize) -> (String, String, String) {
    (format!("TMPID{n}"), format!("tmp-secret-{n}"), format!("session-token-{n}"))
}

/// The number of the issued credentials a service request was signed with.
fn issue_number(received: &Received) -> usize {
    let authorization = received.header("authorization");
    let id = authorization
        .split(['=', ',', ' ', '/'])
        .find(|part| part.starts_with("TMPID"))
        .unwrap_or_else(|| panic!("not signed with issued credentials: {authorization}"));
    id.trim_start_matches("TMPID").parse().expect("numbered")
}

/// Whether `check` (a signature verifier, which panics on a mismatch) passes.
fn passes(check: impl FnOnce()) -> bool {
    catch_unwind(AssertUnwindSafe(check)).is_ok()
}

/// A fake Tencent STS: an `AssumeRole` signed with the base keys gets the next credentials,
/// lasting an hour; anything else gets `AuthFailure.SignatureFailure`.
async fn fake_tencent_sts() -> LoopbackServer {
    LoopbackServer::start(|request, index| {
        let genuine = passes(|| {
            verify_tc3(request, "sts");
            assert_eq!(request.header("x-tc-action"), "AssumeRole");
            assert_eq!(request.header("x-tc-version"), "2018-08-13");
        });
        if !genuine {
            let refusal = r#"{"Response": {"Error": {"Code": "AuthFailure.SignatureFailure", "Message": "bad"}, "RequestId": "sts-refused"}}"#;
            return Answer::json(200, refusal);
        }
        let (id, secret, token) = issued(index + 1);
        let expires = OffsetDateTime::now_utc() + LIFETIME;
        let body = json!({"Response": {
            "Credentials": {"TmpSecretId": id, "TmpSecretKey": secret, "Token": token},
            "ExpiredTime": expires.unix_timestamp(),
            "Expiration": expires.replace_nanosecond(0).unwrap().format(&Rfc3339).unwrap(),
            "RequestId": format!("sts-{index}"),
        }});
        Answer::json(200, body.to_string())
    })
    .await
}

/// A fake Alibaba STS: an `AssumeRole` signed with the base keys gets the next STS token,
/// lasting an hour; anything else gets `SignatureDoesNotMatch`.
async fn fake_alibaba_sts() -> LoopbackServer {
    LoopbackServer::start(|request, index| {
        let genuine = passes(|| {
            verify_acs3(request);
            assert_eq!(request.header("x-acs-action"), "AssumeRole");
            assert_eq!(request.header("x-acs-version"), "2015-04-01");
        });
        if !genuine {
            let refusal = r#"{"Code": "SignatureDoesNotMatch", "Message": "bad", "RequestId": "sts-refused"}"#;
            return Answer::json(400, refusal);
        }
        let (id, secret, token) = issued(index + 1);
        let expires = (OffsetDateTime::now_utc() + LIFETIME).replace_nanosecond(0).unwrap();
        let body = json!({
            "Credentials": {
                "AccessKeyId": id,
                "AccessKeySecret": secret,
                "SecurityToken": token,
                "Expiration": expires.format(&Rfc3339).unwrap(),
            },
            "AssumedRoleUser": {"Arn": format!("{ALIBABA_ROLE}/nightly"), "AssumedRoleId": "3445843393649:nightly"},
            "RequestId": format!("sts-{index}"),
        });
        Answer::json(200, body.to_string())
    })
    .await
}

fn tencent_role(sts: &LoopbackServer, session_name: &str) -> TencentAssumeRole {
    let client = tencent_sts::Client::builder()
        .credentials(credentials::tencent())
        .region("ap-guangzhou")
        .allow_insecure_http()
        .endpoint(&sts.address)
        .build()
        .expect("complete configuration");
    TencentAssumeRole::new(client, TENCENT_ROLE, session_name).duration_seconds(3600)
}

fn wedata_client(service: &LoopbackServer, role: TencentAssumeRole) -> wedata::Client {
    wedata::Client::builder()
        .credentials_provider(role)
        .region("ap-guangzhou")
        .allow_insecure_http()
        .endpoint(&service.address)
        .rate_limit(RateLimit::Off)
        .build()
        .expect("complete configuration")
}

fn create_code_file() -> wedata::CreateCodeFileRequest {
    wedata::CreateCodeFileRequest::builder()
        .project_id("1470547050521227264")
        .code_file_name("report.ipynb")
        .parent_folder_path("/")
        .build()
        .expect("valid")
}

async fn fake_wedata() -> LoopbackServer {
    LoopbackServer::start(|_, index| {
        Answer::json(200, format!(r#"{{"Response": {{"RequestId": "svc-{index}"}}}}"#))
    })
    .await
}

/// Checks every service request was signed with the issued credentials it names and carried
/// their token; returns the issue number of each, in arrival order.
fn verify_tencent_service_calls(service: &LoopbackServer) -> Vec<usize> {
    service
        .received()
        .iter()
        .map(|request| {
            let n = issue_number(request);
            let (id, secret, token) = issued(n);
            verify_tc3_with(request, "wedata", &id, &secret);
            assert_eq!(request.header("x-tc-token"), token);
            n
        })
        .collect()
}

#[tokio::test]
async fn sdk_sts_tencent_assume_role_signs_with_base_keys_and_calls_with_the_role() {
    let (sts, service) = (fake_tencent_sts().await, fake_wedata().await);
    let client = wedata_client(&service, tencent_role(&sts, "nightly-report"));

    client.create_code_file(&create_code_file()).await.expect("signed with the role's credentials");

    let assumed = sts.received();
    assert_eq!(assumed.len(), 1);
    verify_tc3(&assumed[0], "sts");
    assert_eq!(assumed[0].header("x-tc-region"), "ap-guangzhou");
    assert_eq!(
        assumed[0].json(),
        json!({"RoleArn": TENCENT_ROLE, "RoleSessionName": "nightly-report", "DurationSeconds": 3600})
    );
    assert_eq!(verify_tencent_service_calls(&service), [1]);
}

#[tokio::test(start_paused = true)]
async fn sdk_sts_tencent_credentials_are_refreshed_before_they_expire() {
    let (sts, service) = (fake_tencent_sts().await, fake_wedata().await);
    let client = wedata_client(&service, tencent_role(&sts, "nightly-report"));

    client.create_code_file(&create_code_file()).await.expect("first call");
    tokio::time::sleep(STILL_FRESH).await;
    client.create_code_file(&create_code_file()).await.expect("still fresh");
    assert_eq!(sts.received().len(), 1, "fresh credentials are reused");
    tokio::time::sleep(DUE_FOR_REFRESH - STILL_FRESH).await;
    client.create_code_file(&create_code_file()).await.expect("refreshed");

    assert_eq!(sts.received().len(), 2, "assumed again five minutes before expiry");
    assert_eq!(verify_tencent_service_calls(&service), [1, 1, 2]);
}

/// 100 calls at once need credentials: one `AssumeRole`, shared by all; an hour later, 100 more
/// at once share one refresh.
#[tokio::test(start_paused = true)]
async fn sdk_sts_one_refresh_under_100_concurrent_calls() {
    let (sts, service) = (fake_tencent_sts().await, fake_wedata().await);
    let client = wedata_client(&service, tencent_role(&sts, "nightly-report"));
    let burst = || {
        let mut calls = tokio::task::JoinSet::new();
        for _ in 0..100 {
            let client = client.clone();
            calls.spawn(async move { client.create_code_file(&create_code_file()).await.map(|_| ()) });
        }
        calls.join_all()
    };

    for outcome in burst().await {
        outcome.expect("every call succeeds");
    }
    assert_eq!(sts.received().len(), 1, "one AssumeRole for 100 concurrent calls");
    tokio::time::sleep(DUE_FOR_REFRESH).await;
    for outcome in burst().await {
        outcome.expect("every call succeeds");
    }

    assert_eq!(sts.received().len(), 2, "one refresh for the next 100");
    let numbers = verify_tencent_service_calls(&service);
    assert_eq!(numbers.len(), 200);
    assert!(numbers[..100].iter().all(|n| *n == 1) && numbers[100..].iter().all(|n| *n == 2), "{numbers:?}");
}

/// STS refuses (here: a base key it cannot verify): the service call fails with a credentials
/// error naming the provider and STS's code, and nothing reaches the service.
#[tokio::test]
async fn sdk_sts_refusal_is_a_credentials_error_with_the_code_and_nothing_is_sent() {
    let (sts, service) = (fake_tencent_sts().await, fake_wedata().await);
    let forged = tencent_sts::Client::builder()
        .credentials(cloudspec_runtime::credentials::TencentCredentials::new(
            credentials::TENCENT_SECRET_ID,
            "not-the-secret",
        ))
        .region("ap-guangzhou")
        .allow_insecure_http()
        .endpoint(&sts.address)
        .build()
        .unwrap();
    let client = wedata_client(&service, TencentAssumeRole::new(forged, TENCENT_ROLE, "nightly-report"));

    let error = client.create_code_file(&create_code_file()).await.expect_err("STS refuses");

    let Error::Credentials(CredentialsError::Fetch { from, reason }) = &error else {
        panic!("expected a credentials error, got {error:?}")
    };
    assert!(from.contains(TENCENT_ROLE), "{from}");
    assert!(reason.contains("AuthFailure.SignatureFailure") && reason.contains("sts-refused"), "{reason}");
    assert!(!error.to_string().contains("not-the-secret"), "{error}");
    assert_eq!(sts.received().len(), 1);
    assert!(service.received().is_empty());
}

/// An answer that issues credentials but does not decode (no `ExpiredTime`) is a credentials
/// error that holds neither the issued secret nor the token: they are in the body, which the
/// runtime cannot know to scrub.
#[tokio::test]
async fn sdk_sts_undecodable_answer_does_not_leak_the_issued_secret() {
    let sts = LoopbackServer::start(|_, _| {
        Answer::json(
            200,
            r#"{"Response": {"Credentials": {"TmpSecretId": "TMPID1", "TmpSecretKey": "issued-secret", "Token": "issued-token"}, "RequestId": "sts-0"}}"#,
        )
    })
    .await;
    let service = fake_wedata().await;
    let client = wedata_client(&service, tencent_role(&sts, "nightly-report"));

    let error = client.create_code_file(&create_code_file()).await.expect_err("no ExpiredTime");

    let text = format!("{error} {error:?}");
    assert!(matches!(error, Error::Credentials(CredentialsError::Fetch { .. })), "{text}");
    assert!(text.contains("is not the AssumeRole response"), "{text}");
    assert!(!text.contains("issued-secret") && !text.contains("issued-token"), "{text}");
    assert!(service.received().is_empty());
}

/// The generated request builder checks the spec's constraints: a session name below STS's
/// two characters is refused, naming the field, before STS is asked.
#[tokio::test]
async fn sdk_sts_invalid_session_name_is_refused_before_sending() {
    let (sts, service) = (fake_tencent_sts().await, fake_wedata().await);
    let client = wedata_client(&service, tencent_role(&sts, "x"));

    let error = client.create_code_file(&create_code_file()).await.expect_err("invalid session name");

    let Error::Credentials(CredentialsError::Invalid { reason, .. }) = &error else {
        panic!("expected an invalid-credentials error, got {error:?}")
    };
    assert!(reason.contains("RoleSessionName"), "{reason}");
    assert!(sts.received().is_empty() && service.received().is_empty());
}

fn dataworks_transport(service: &LoopbackServer, role: AlibabaAssumeRole) -> Transport {
    ClientBuilder::new(&dataworks::SERVICE)
        .credentials_provider(role)
        .region("cn-hangzhou")
        .allow_insecure_http()
        .endpoint(&service.address)
        .build()
        .expect("complete configuration")
}

fn list_projects() -> Call {
    let mut call = Call::new("ListProjects", "POST");
    call.path_literal("/");
    call
}

/// Alibaba: the base keys sign `AssumeRole` (its parameters in the query, as the SDK sends
/// them), the STS token signs the service calls and travels in `x-acs-security-token`, and it is
/// assumed again before its `Expiration`.
#[tokio::test(start_paused = true)]
async fn sdk_sts_alibaba_assume_role_signs_calls_and_refreshes_before_expiry() {
    let sts = fake_alibaba_sts().await;
    let service =
        LoopbackServer::start(|_, index| Answer::json(200, format!(r#"{{"RequestId": "svc-{index}"}}"#)))
            .await;
    let sts_client = alibaba_sts::Client::builder()
        .credentials(credentials::alibaba())
        .region("cn-hangzhou")
        .allow_insecure_http()
        .endpoint(&sts.address)
        .build()
        .unwrap();
    let role = AlibabaAssumeRole::new(sts_client, ALIBABA_ROLE, "nightly").duration_seconds(3600);
    let transport = dataworks_transport(&service, role);

    transport.send(list_projects()).await.expect("first call");
    tokio::time::sleep(STILL_FRESH).await;
    transport.send(list_projects()).await.expect("still fresh");
    tokio::time::sleep(DUE_FOR_REFRESH - STILL_FRESH).await;
    transport.send(list_projects()).await.expect("refreshed");

    let assumed = sts.received();
    assert_eq!(assumed.len(), 2, "assumed once, then again before expiry");
    for request in &assumed {
        verify_acs3(request);
        let query: Vec<(&str, &str)> = request.query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            query,
            [("DurationSeconds", "3600"), ("RoleArn", ALIBABA_ROLE), ("RoleSessionName", "nightly")]
        );
    }
    let numbers: Vec<usize> = service
        .received()
        .iter()
        .map(|request| {
            let n = issue_number(request);
            let (id, secret, token) = issued(n);
            verify_acs3_with(request, &id, &secret);
            assert_eq!(request.header("x-acs-security-token"), token);
            n
        })
        .collect();
    assert_eq!(numbers, [1, 1, 2]);
}

/// An `aliyun` CLI config holding one profile of mode `RamRoleArn` whose source AccessKey is the
/// test keys, in a fresh home folder; returns the folder and the lookup that points `HOME` at it.
fn cli_home_with_ram_role_profile(
    expired_seconds: i64,
) -> (tempfile::TempDir, impl Fn(&str) -> Option<String>) {
    let home = tempfile::tempdir().expect("a temporary folder");
    std::fs::create_dir(home.path().join(".aliyun")).expect("creatable");
    let config = json!({
        "current": "role",
        "profiles": [{
            "name": "role",
            "mode": "RamRoleArn",
            "access_key_id": credentials::ALIBABA_ACCESS_KEY_ID,
            "access_key_secret": credentials::ALIBABA_ACCESS_KEY_SECRET,
            "ram_role_arn": ALIBABA_ROLE,
            "ram_session_name": "nightly",
            "expired_seconds": expired_seconds,
            "region_id": "cn-hangzhou",
        }],
    });
    std::fs::write(home.path().join(".aliyun/config.json"), config.to_string()).expect("writable");
    let path = home.path().to_string_lossy().into_owned();
    (home, move |name: &str| (name == "HOME").then(|| path.clone()))
}

/// A `RamRoleArn` profile of the `aliyun` CLI config: its source AccessKey signs `AssumeRole`
/// (signature recomputed by the fake STS), the role's token signs the service calls, and the
/// role is assumed again before the token's `Expiration`.
#[tokio::test(start_paused = true)]
async fn sdk_sts_ram_role_arn_profile_assumes_the_role_and_refreshes() {
    let sts = fake_alibaba_sts().await;
    let service =
        LoopbackServer::start(|_, index| Answer::json(200, format!(r#"{{"RequestId": "svc-{index}"}}"#)))
            .await;
    let (_home, lookup) = cli_home_with_ram_role_profile(3600);
    let profile =
        AlibabaRamRoleArnProfile::from_cli_config_with(lookup).unwrap().expect("a RamRoleArn profile");
    let role = AlibabaAssumeRole::from_cli_profile_with(&profile, |sts_client| {
        sts_client.allow_insecure_http().endpoint(&sts.address)
    })
    .expect("a complete STS client");
    let transport = dataworks_transport(&service, role);

    transport.send(list_projects()).await.expect("first call");
    tokio::time::sleep(STILL_FRESH).await;
    transport.send(list_projects()).await.expect("still fresh");
    tokio::time::sleep(DUE_FOR_REFRESH - STILL_FRESH).await;
    transport.send(list_projects()).await.expect("refreshed");

    let assumed = sts.received();
    assert_eq!(assumed.len(), 2, "assumed once, then again before expiry");
    for request in &assumed {
        verify_acs3(request);
        let query: Vec<(&str, &str)> = request.query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            query,
            [("DurationSeconds", "3600"), ("RoleArn", ALIBABA_ROLE), ("RoleSessionName", "nightly")]
        );
    }
    let numbers: Vec<usize> = service
        .received()
        .iter()
        .map(|request| {
            let n = issue_number(request);
            let (id, secret, token) = issued(n);
            verify_acs3_with(request, &id, &secret);
            assert_eq!(request.header("x-acs-security-token"), token);
            n
        })
        .collect();
    assert_eq!(numbers, [1, 1, 2]);
}

/// The CLI writes `expired_seconds: 0` when no lifetime was given: no `DurationSeconds` is sent,
/// so STS applies its default.
#[tokio::test]
async fn sdk_sts_ram_role_arn_profile_without_a_lifetime_sends_no_duration() {
    let sts = fake_alibaba_sts().await;
    let service =
        LoopbackServer::start(|_, index| Answer::json(200, format!(r#"{{"RequestId": "svc-{index}"}}"#)))
            .await;
    let (_home, lookup) = cli_home_with_ram_role_profile(0);
    let profile =
        AlibabaRamRoleArnProfile::from_cli_config_with(lookup).unwrap().expect("a RamRoleArn profile");
    let role = AlibabaAssumeRole::from_cli_profile_with(&profile, |sts_client| {
        sts_client.allow_insecure_http().endpoint(&sts.address)
    })
    .expect("a complete STS client");

    dataworks_transport(&service, role).send(list_projects()).await.expect("a call with the role");

    let assumed = sts.received();
    assert_eq!(assumed.len(), 1);
    verify_acs3(&assumed[0]);
    let keys: Vec<&str> = assumed[0].query.iter().map(|(key, _)| key.as_str()).collect();
    assert_eq!(keys, ["RoleArn", "RoleSessionName"]);
}
