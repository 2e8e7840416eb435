//! Presigned-URL transfers on loopback: the bytes and the URL arrive exactly as given, with no
//! credentials; failures are typed and never show the URL's query, which is the credential.

use cloudspec_runtime::{Error, PresignedClient, UploadBody};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// An S3-style presigned query: the signature, credential and token a leak would expose.
const QUERY: &str = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20261206%2Fus-east-1%2Fs3%2Faws4_request\
                     &X-Amz-Date=20261206T070000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host\
                     &X-Amz-Security-Token=FQoGZXIvYXdzEXAMPLETOKEN%2B%2Fvalue\
                     &X-Amz-Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024";
const SIGNATURE: &str = "fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024";
const TOKEN: &str = "FQoGZXIvYXdzEXAMPLETOKEN+/value";

fn client() -> PresignedClient {
    PresignedClient::builder().allow_insecure_http().build().expect("a client")
}

fn presigned(server: &MockServer, key: &str) -> String {
    format!("{}/bucket/{key}?{QUERY}", server.uri())
}

fn pattern(length: usize) -> Vec<u8> {
    (0..length).map(|i| (i % 251) as u8).collect()
}

/// Headers that would carry a credential of any vendor.
const AUTH_HEADERS: [&str; 5] =
    ["authorization", "x-auth-token", "x-tc-token", "x-acs-security-token", "cookie"];

#[tokio::test]
async fn wire_presigned_put_bytes_sends_the_url_and_body_as_given_without_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("ETag", "\"abc\"")
                .insert_header("x-oss-request-id", "r-1"),
        )
        .mount(&server)
        .await;
    let data = pattern(70_000);
    let put =
        client().put_bytes(&presigned(&server, "a.bin"), data.clone(), Some("image/png")).await.expect("put");
    assert_eq!((put.status, put.request_id.as_deref()), (200, Some("r-1")));
    assert_eq!(put.headers["etag"], "\"abc\"");
    let request = &server.received_requests().await.unwrap()[0];
    assert_eq!(request.url.path(), "/bucket/a.bin");
    assert_eq!(request.url.query(), Some(QUERY), "the signed query arrives byte for byte");
    assert_eq!(request.body, data);
    assert_eq!(request.headers["content-type"], "image/png");
    for name in AUTH_HEADERS {
        assert!(!request.headers.contains_key(name), "{name} was sent");
    }
}

#[tokio::test]
async fn wire_presigned_put_stream_from_a_file_and_get_back() {
    let server = MockServer::start().await;
    let data = pattern(1024 * 1024 + 3);
    Mock::given(method("PUT"))
        .and(path("/bucket/f.bin"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/bucket/f.bin"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(data.clone(), "application/octet-stream"))
        .mount(&server)
        .await;
    let file = tempfile::NamedTempFile::new().unwrap();
    tokio::fs::write(file.path(), &data).await.unwrap();
    let upload = UploadBody::from_file(file.path()).await.unwrap();
    client().put_stream(&presigned(&server, "f.bin"), upload, None).await.expect("put");
    let received = &server.received_requests().await.unwrap()[0];
    assert_eq!(received.body, data);
    assert_eq!(received.headers["content-length"], data.len().to_string().as_str());
    assert!(!received.headers.contains_key("content-type"), "none unless the URL was signed with one");

    let download = client().get(&presigned(&server, "f.bin"), 2 * 1024 * 1024).await.expect("get");
    assert_eq!(download.body.into_bytes().await.unwrap(), data);
    let get = &server.received_requests().await.unwrap()[1];
    for name in AUTH_HEADERS {
        assert!(!get.headers.contains_key(name), "{name} was sent");
    }
}

#[tokio::test]
async fn wire_presigned_failure_is_typed_and_scrubbed_of_the_query() {
    let server = MockServer::start().await;
    // S3 answers a signature mismatch by echoing the signature and the token it was given.
    let echo = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SignatureDoesNotMatch</Code>\
         <Message>The request signature we calculated does not match</Message>\
         <SignatureProvided>{SIGNATURE}</SignatureProvided><Token>{TOKEN}</Token>\
         <RequestId>4442587FB7D0A2F9</RequestId></Error>"
    );
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(403).set_body_raw(echo, "application/xml"))
        .mount(&server)
        .await;
    let error = client().put_bytes(&presigned(&server, "x.bin"), vec![1, 2, 3], None).await.expect_err("403");
    let service = error.as_service().expect("a service error");
    assert_eq!(service.status, 403);
    assert_eq!(service.raw_code, "SignatureDoesNotMatch");
    assert_eq!(service.message, "The request signature we calculated does not match");
    assert_eq!(service.request_id.as_deref(), Some("4442587FB7D0A2F9"));
    let shown = format!("{error} {error:?}");
    for secret in [SIGNATURE, TOKEN, "FQoGZXIvYXdzEXAMPLETOKEN"] {
        assert!(!shown.contains(secret), "{secret} leaked: {shown}");
    }
    assert!(service.body.contains("<SignatureProvided><redacted></SignatureProvided>"), "{}", service.body);
}

#[tokio::test]
async fn wire_presigned_redirects_are_not_followed() {
    let server = MockServer::start().await;
    let elsewhere = format!("{}/other/key?Signature=moved-secret", server.uri());
    Mock::given(path("/bucket/r.bin"))
        .respond_with(ResponseTemplate::new(307).insert_header("Location", elsewhere.as_str()))
        .mount(&server)
        .await;
    let error = client().get(&presigned(&server, "r.bin"), 1024).await.expect_err("a redirect");
    let Error::Redirect(redirect) = &error else { panic!("expected a redirect error, got {error:?}") };
    assert_eq!(redirect.status, 307);
    assert_eq!(redirect.location.as_deref(), Some(format!("{}/other/key", server.uri()).as_str()));
    assert!(!error.to_string().contains("moved-secret"));
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "the target was never asked");
}

#[tokio::test]
async fn wire_presigned_plain_http_needs_permission() {
    let server = MockServer::start().await;
    let strict = PresignedClient::builder().build().unwrap();
    let error =
        strict.put_bytes(&presigned(&server, "h.bin"), vec![1], None).await.expect_err("http refused");
    assert!(matches!(error, Error::Encode(_)), "{error:?}");
    assert!(!error.to_string().contains(SIGNATURE), "{error}");
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn wire_presigned_download_over_its_limit_is_too_large() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(pattern(5_000), "application/octet-stream"))
        .mount(&server)
        .await;
    let error = client().get(&presigned(&server, "big.bin"), 1_000).await.expect_err("over the limit");
    assert!(
        matches!(&error, Error::TooLarge(e) if e.limit == 1_000 && e.announced == Some(5_000)),
        "{error:?}"
    );
}
