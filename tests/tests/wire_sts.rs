//! Tencent STS and Alibaba STS `AssumeRole` on the wire, and the decisions of their specs that
//! change what the client sends or accepts (specs/README.md section 16): the generated clients
//! against a wiremock server on 127.0.0.1 that recomputes the signatures.

use cloudspec_clients::alibaba::sts as alibaba;
use cloudspec_clients::tencent::sts as tencent;
use cloudspec_runtime::{DecodeError, Error, RetryPolicy};
use cloudspec_tests::credentials;
use cloudspec_tests::received::{Received, verify_acs3, verify_tc3};
use cloudspec_tests::responses::serve_json;
use serde_json::json;
use std::time::Duration;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn tencent_client(server: &MockServer) -> tencent::Client {
    tencent::Client::builder()
        .credentials(credentials::tencent())
        .region("ap-guangzhou")
        .allow_insecure_http()
        .endpoint(server.uri())
        .retry(RetryPolicy { base_delay: Duration::ZERO, ..RetryPolicy::default() })
        .build()
        .expect("complete configuration")
}

fn alibaba_client(server: &MockServer) -> alibaba::Client {
    alibaba::Client::builder()
        .credentials(credentials::alibaba())
        .region("cn-hangzhou")
        .allow_insecure_http()
        .endpoint(server.uri())
        .build()
        .expect("complete configuration")
}

/// The SDK model's MFA fields (not on the page) are sent in the JSON body, signed; the one-time
/// code stays out of `Debug`.
#[tokio::test]
async fn wire_sts_tencent_assume_role_sends_the_sdk_mfa_fields_signed() {
    let server = MockServer::start().await;
    let answer = r#"{"Response": {"Credentials": {"Token": "t", "TmpSecretId": "AKIDtmp", "TmpSecretKey": "k"},
        "ExpiredTime": 1543914376, "Expiration": "2018-12-04T09:06:16Z", "RequestId": "r"}}"#;
    serve_json(&server, 200, answer).await;
    let request = tencent::AssumeRoleRequest::builder()
        .role_arn("qcs::cam::uin/10001:roleName/readOnlyRole")
        .role_session_name("cts")
        .serial_number("qcs::cam:uin/10001::mfa/softToken")
        .token_code("482724")
        .build()
        .expect("valid");
    assert!(!format!("{request:?}").contains("482724"), "the MFA code is redacted: {request:?}");

    let output = tencent_client(&server).assume_role(&request).await.expect("the documented answer decodes");

    // `ExpiredTime` is `format: epoch_seconds`: the count decodes as the instant it names.
    assert_eq!(output.expired_time, time::macros::datetime!(2018-12-04 09:06:16 UTC));
    assert!(!format!("{output:?}").contains("\"k\""), "the temporary secret is redacted");
    let received = Received::from(&server.received_requests().await.unwrap()[0]);
    verify_tc3(&received, "sts");
    assert_eq!(received.header("x-tc-action"), "AssumeRole");
    assert_eq!(received.header("x-tc-version"), "2018-08-13");
    assert_eq!(
        received.json(),
        json!({"RoleArn": "qcs::cam::uin/10001:roleName/readOnlyRole", "RoleSessionName": "cts",
               "SerialNumber": "qcs::cam:uin/10001::mfa/softToken", "TokenCode": "482724"})
    );
}

/// `Expiration` is `lenient` (the SDK types it as a plain string): another layout still decodes,
/// with the text kept and no parsed value; `ExpiredTime` carries the instant.
#[tokio::test]
async fn wire_sts_tencent_expiration_in_another_layout_still_decodes() {
    let server = MockServer::start().await;
    let answer = r#"{"Response": {"Credentials": {"Token": "t", "TmpSecretId": "AKIDtmp", "TmpSecretKey": "k"},
        "ExpiredTime": 1543914376, "Expiration": "2018-12-04 09:06:16", "RequestId": "r"}}"#;
    serve_json(&server, 200, answer).await;
    let request = tencent::AssumeRoleRequest::builder()
        .role_arn("qcs::cam::uin/1:roleName/r")
        .role_session_name("cts")
        .build();

    let output = tencent_client(&server).assume_role(&request.unwrap()).await.expect("decodes");

    assert_eq!((output.expiration.text(), output.expiration.value()), ("2018-12-04 09:06:16", None));
}

/// The spec marks AssumeRole idempotent (a repeat only issues other credentials): a 503, which
/// may have reached STS, is retried.
#[tokio::test]
async fn wire_sts_tencent_assume_role_is_retried_after_a_503() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503).set_body_raw("busy", "text/plain"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let answer = r#"{"Response": {"Credentials": {"Token": "t", "TmpSecretId": "AKIDtmp", "TmpSecretKey": "k"},
        "ExpiredTime": 1543914376, "Expiration": "2018-12-04T09:06:16Z", "RequestId": "r"}}"#;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(answer, "application/json"))
        .mount(&server)
        .await;
    let request = tencent::AssumeRoleRequest::builder()
        .role_arn("qcs::cam::uin/1:roleName/r")
        .role_session_name("cts")
        .build();

    tencent_client(&server).assume_role(&request.unwrap()).await.expect("the retry succeeds");

    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

/// Every parameter travels in the query, as the SDK sends it; the body is empty and the
/// signature verifies. The page's sample answer decodes, and so does the SDK-only
/// `SourceIdentity`.
#[tokio::test]
async fn wire_sts_alibaba_assume_role_sends_the_query_the_sdk_sends() {
    let server = MockServer::start().await;
    let answer = json!({
        "Credentials": {"AccessKeyId": "STS.L4aBSCSJVMuKg5U1****", "AccessKeySecret": "wyLTSmsy****",
                        "Expiration": "2015-04-09T11:52:19Z", "SecurityToken": "********"},
        "AssumedRoleUser": {"Arn": "acs:ram::123456789012****:role/adminrole/alice", "AssumedRoleId": "34458433936495****:alice"},
        "RequestId": "6894B13B-6D71-4EF5-88FA-F32781734A7F",
        "SourceIdentity": "alice@example"
    });
    serve_json(&server, 200, answer.to_string()).await;
    let request = alibaba::AssumeRoleRequest::builder()
        .role_arn("acs:ram::123456789012****:role/adminrole")
        .role_session_name("alice")
        .duration_seconds(3600)
        .build()
        .expect("valid");

    let output = alibaba_client(&server).assume_role(&request).await.expect("the sample decodes");

    assert_eq!(output.source_identity.as_deref(), Some("alice@example"));
    let expiration = output.credentials.and_then(|c| c.expiration).expect("Expiration");
    assert_eq!(expiration.value().map(|t| t.unix_timestamp()), Some(1428580339));
    let received = Received::from(&server.received_requests().await.unwrap()[0]);
    verify_acs3(&received);
    assert_eq!(received.header("x-acs-action"), "AssumeRole");
    assert_eq!(received.header("x-acs-version"), "2015-04-01");
    let query: Vec<(&str, &str)> = received.query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        query,
        [
            ("DurationSeconds", "3600"),
            ("RoleArn", "acs:ram::123456789012****:role/adminrole"),
            ("RoleSessionName", "alice")
        ]
    );
    assert!(received.body.is_empty());
}

/// The SDK's limits win over the older page's: a 64-character session name and a 2,048-character
/// policy are accepted, one more character of either is refused naming the field; a duration
/// under 900 s is refused.
#[test]
fn wire_sts_alibaba_constraints_follow_the_sdk() {
    let build = |session: &str, policy: &str, seconds: i64| {
        alibaba::AssumeRoleRequest::builder()
            .role_arn("acs:ram::1:role/r")
            .role_session_name(session)
            .policy(policy)
            .duration_seconds(seconds)
            .build()
    };
    let (session, policy) = ("s".repeat(64), "p".repeat(2048));
    assert!(build(&session, &policy, 900).is_ok());
    let too_long_session = build(&format!("{session}s"), &policy, 900).unwrap_err();
    assert!(too_long_session.concerns("RoleSessionName"), "{too_long_session}");
    let too_long_policy = build(&session, &format!("{policy}p"), 900).unwrap_err();
    assert!(too_long_policy.concerns("Policy"), "{too_long_policy}");
    let too_short = build(&session, &policy, 899).unwrap_err();
    assert!(too_short.concerns("DurationSeconds"), "{too_short}");
}

/// The decode error `error` must be, with none of `secrets` in its message, debug form or
/// snippet.
fn decode_error_hiding<'a, E: std::fmt::Debug + std::fmt::Display>(
    error: &'a Error<E>,
    secrets: &[&str],
) -> &'a DecodeError {
    let Error::Decode(decode) = error else { panic!("expected a decode error, got {error:?}") };
    let shown = format!("{error} {error:?} {}", decode.snippet);
    for secret in secrets {
        assert!(!shown.contains(secret), "{secret} shown in {shown}");
    }
    decode
}

/// An STS answer that does not decode still holds working temporary keys: the decode error's
/// message and snippet, which get logged and shown, carry neither the secret nor the token
/// (the client never held them, so they are masked by the names of their members).
#[tokio::test]
async fn wire_sts_alibaba_undecodable_answer_never_shows_the_temporary_keys() {
    let server = MockServer::start().await;
    let answer = r#"{"Credentials": {"AccessKeyId": "STS.NUgYrLnoC37mZZ", "AccessKeySecret": "7KQ2xh8AsecretB9Y", "Expiration": ["2015-04-09T11:52:19Z"], "SecurityToken": "CAISsessiontoken42"}, "RequestId": "6894B13B-6D71"}"#;
    serve_json(&server, 200, answer).await;
    let request = alibaba::AssumeRoleRequest::builder()
        .role_arn("acs:ram::123456789012:role/adminrole")
        .role_session_name("alice")
        .build()
        .expect("valid");

    let error = alibaba_client(&server).assume_role(&request).await.expect_err("Expiration is not a list");

    let decode = decode_error_hiding(&error, &["7KQ2xh8AsecretB9Y", "CAISsessiontoken42"]);
    assert!(
        decode.snippet.contains("STS.NUgYrLnoC37mZZ"),
        "the key id stays, to be recognised: {}",
        decode.snippet
    );
    assert_eq!(decode.request_id.as_deref(), Some("6894B13B-6D71"));
}

/// The same for Tencent, whose request id is only in the body (`Response.RequestId`): the
/// decode error names it, and the temporary key and token are masked.
#[tokio::test]
async fn wire_sts_tencent_undecodable_answer_names_its_request_and_hides_the_keys() {
    let server = MockServer::start().await;
    let answer = r#"{"Response": {"Credentials": {"Token": "tokenvalue-9f8e7d", "TmpSecretId": "AKIDtmp", "TmpSecretKey": "tmpkey-1a2b3c4d"},
        "ExpiredTime": "not a number", "Expiration": "2018-12-04T09:06:16Z", "RequestId": "req-tencent-7"}}"#;
    serve_json(&server, 200, answer).await;
    let request = tencent::AssumeRoleRequest::builder()
        .role_arn("qcs::cam::uin/10001:roleName/readOnlyRole")
        .role_session_name("cts")
        .build()
        .expect("valid");

    let error = tencent_client(&server).assume_role(&request).await.expect_err("ExpiredTime is text");

    let decode = decode_error_hiding(&error, &["tokenvalue-9f8e7d", "tmpkey-1a2b3c4d"]);
    assert_eq!(decode.request_id.as_deref(), Some("req-tencent-7"));
}
