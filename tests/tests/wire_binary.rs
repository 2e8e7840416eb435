//! Binary bodies on loopback through the runtime: uploads as bytes, from a file and from a
//! reader (with their retry rules and the signing rule), and downloads streamed under their own
//! size limit, copied to a file or collected; a streamed upload bounded by silence, not by the
//! read timeout; and a 204 without a body read as an empty document.

use std::time::Duration;

use cloudspec_runtime::{
    Auth, AuthKind, Call, ClientBuilder, CopyError, EncodeError, Error, Protocol, ServiceInfo, Transport,
    UploadBody,
};
use cloudspec_tests::{credentials, received};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{any, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

static FILES: ServiceInfo = ServiceInfo {
    name: "test/files",
    protocol: Protocol::HuaweiRest,
    api_version: "v1",
    endpoint: "https://files.example",
    region_endpoints: &[],
    auth: &[AuthKind::HuaweiIamToken, AuthKind::HuaweiAkSk],
    signing_name: None,
};

static TENCENT_FILES: ServiceInfo = ServiceInfo {
    name: "test/tencent-files",
    protocol: Protocol::TencentJson,
    api_version: "2020-01-01",
    endpoint: "https://files.example",
    region_endpoints: &[],
    auth: &[AuthKind::Tc3HmacSha256],
    signing_name: Some("files"),
};

/// `length` bytes of a pattern that shows any reordering or loss.
fn pattern(length: usize) -> Vec<u8> {
    (0..length).map(|i| (i % 251) as u8).collect()
}

fn transport(server: &MockServer, auth: impl Into<Auth>) -> Transport {
    ClientBuilder::new(&FILES)
        .auth(auth)
        .allow_insecure_http()
        .endpoint(server.uri())
        .retry(cloudspec_tests::retries::quick())
        .build()
        .expect("a valid client")
}

fn put(path: &str) -> Call {
    let mut call = Call::new("PutObject", "PUT");
    call.path_literal(path).idempotent();
    call
}

async fn bodies_received(server: &MockServer) -> Vec<Vec<u8>> {
    server.received_requests().await.unwrap().into_iter().map(|request| request.body).collect()
}

#[tokio::test]
async fn wire_binary_bytes_upload_is_signed_and_sent_verbatim() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let data = pattern(100_000);
    let mut call = put("/objects/a.bin");
    call.bytes_body(data.clone(), "application/octet-stream");
    // AK/SK hashes the body: bytes in memory can be signed.
    transport(&server, credentials::huawei_aksk()).send(call).await.expect("uploaded");
    let request = &server.received_requests().await.unwrap()[0];
    assert_eq!(request.body, data);
    assert_eq!(request.headers["content-type"], "application/octet-stream");
    assert!(request.headers["authorization"].to_str().unwrap().starts_with("SDK-HMAC-SHA256"));
}

#[tokio::test]
async fn wire_binary_file_upload_streams_with_its_length_and_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).mount(&server).await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let data = pattern(3 * 1024 * 1024 + 17);
    let file = tempfile::NamedTempFile::new().unwrap();
    tokio::fs::write(file.path(), &data).await.unwrap();
    let upload = UploadBody::from_file(file.path()).await.unwrap();
    assert_eq!(upload.len(), data.len() as u64);
    assert!(upload.is_replayable());
    let mut call = put("/objects/big.bin");
    call.stream_body(upload, "application/octet-stream");
    transport(&server, credentials::huawei_token()).send(call).await.expect("uploaded on the second attempt");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2, "the file is opened again for the retry");
    for request in &requests {
        assert_eq!(request.body, data, "every attempt sends the whole file");
        assert_eq!(request.headers["content-length"], data.len().to_string().as_str());
        assert!(!request.headers.contains_key("transfer-encoding"), "a known length, not chunked");
    }
}

#[tokio::test]
async fn wire_binary_reader_upload_is_sent_once_and_never_retried() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let data = pattern(200_000);
    let upload = UploadBody::from_reader(std::io::Cursor::new(data.clone()), data.len() as u64);
    assert!(!upload.is_replayable());
    let mut call = put("/objects/once.bin");
    call.stream_body(upload, "application/octet-stream");
    let error = transport(&server, credentials::huawei_token()).send(call).await.expect_err("503");
    assert_eq!(error.status(), Some(503), "the first failure comes back: {error}");
    assert_eq!(bodies_received(&server).await, [data], "one attempt: the reader is spent");
}

#[tokio::test]
async fn wire_binary_reader_upload_stops_at_its_declared_length() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let data = pattern(10_000);
    // A longer source: only the declared 4,000 bytes are read and sent.
    let upload = UploadBody::from_reader(std::io::Cursor::new(data.clone()), 4_000);
    let mut call = put("/objects/part.bin");
    call.stream_body(upload, "application/octet-stream");
    transport(&server, credentials::huawei_token()).send(call).await.expect("uploaded");
    assert_eq!(bodies_received(&server).await, [data[..4_000].to_vec()]);
}

#[tokio::test]
async fn wire_binary_reader_shorter_than_its_length_fails_the_call() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let upload = UploadBody::from_reader(std::io::Cursor::new(pattern(1_000)), 5_000);
    let mut call = put("/objects/short.bin");
    call.stream_body(upload, "application/octet-stream");
    let error = transport(&server, credentials::huawei_token()).send(call).await.expect_err("short body");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
}

static ALIBABA_FILES: ServiceInfo = ServiceInfo {
    name: "test/alibaba-files",
    protocol: Protocol::PdsRoa,
    api_version: "2022-03-01",
    endpoint: "https://files.example",
    region_endpoints: &[],
    auth: &[AuthKind::Acs3HmacSha256],
    signing_name: None,
};

static OCI_FILES: ServiceInfo = ServiceInfo {
    name: "test/oci-files",
    protocol: Protocol::OciRest,
    api_version: "20260430",
    endpoint: "https://files.example",
    region_endpoints: &[],
    auth: &[AuthKind::OciRsaSha256],
    signing_name: None,
};

fn client(service: &'static ServiceInfo, server: &MockServer, auth: impl Into<Auth>) -> Transport {
    ClientBuilder::new(service)
        .auth(auth)
        .allow_insecure_http()
        .endpoint(server.uri())
        .retry(cloudspec_tests::retries::quick())
        .build()
        .expect("a valid client")
}

/// A file and a reader, each streamed under `service` and `auth`: both arrive byte for byte
/// with their declared length and the scheme's unsigned-payload marker `marker`, and each
/// request passes `verify` (an independent check of the signature from the received bytes).
async fn streamed_uploads_verify(
    service: &'static ServiceInfo,
    auth: Auth,
    marker: &str,
    verify: fn(&received::Received),
) {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let client = client(service, &server, auth);
    let from_file = pattern(1024 * 1024 + 3);
    let file = tempfile::NamedTempFile::new().unwrap();
    tokio::fs::write(file.path(), &from_file).await.unwrap();
    let mut call = put("/objects/file.bin");
    call.stream_body(UploadBody::from_file(file.path()).await.unwrap(), "application/octet-stream");
    client.send(call).await.expect("the file upload is signed and accepted");
    let from_reader = pattern(70_000);
    let mut call = put("/objects/reader.bin");
    call.stream_body(
        UploadBody::from_reader(std::io::Cursor::new(from_reader.clone()), from_reader.len() as u64),
        "application/octet-stream",
    );
    client.send(call).await.expect("the reader upload is signed and accepted");

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    for (request, sent) in requests.iter().zip([&from_file, &from_reader]) {
        assert_eq!(&request.body, sent, "the stream arrives byte for byte");
        let received = received::Received::from(request);
        assert_eq!(received.header("content-length"), sent.len().to_string());
        assert!(!received.has_header("transfer-encoding"), "a known length, not chunked");
        assert_eq!(received.header(marker), "UNSIGNED-PAYLOAD");
        verify(&received);
    }
}

#[tokio::test]
async fn wire_binary_streams_under_tc3_as_an_unsigned_payload() {
    fn verify(received: &received::Received) {
        received::verify_tc3(received, "files");
    }
    streamed_uploads_verify(&TENCENT_FILES, credentials::tencent().into(), "x-tc-content-sha256", verify)
        .await;
}

#[tokio::test]
async fn wire_binary_streams_under_huawei_aksk_as_an_unsigned_payload() {
    streamed_uploads_verify(
        &FILES,
        credentials::huawei_aksk().into(),
        "x-sdk-content-sha256",
        received::verify_apig,
    )
    .await;
}

/// The verifiers are not fooled: a streamed request whose marker is stripped on the way fails
/// (a TC3 server then hashes the body, which was not signed; APIG signed the marker itself).
#[tokio::test]
async fn wire_binary_unsigned_payload_without_its_marker_does_not_verify() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    for (service, auth) in [
        (&TENCENT_FILES, Auth::from(credentials::tencent())),
        (&FILES, Auth::from(credentials::huawei_aksk())),
    ] {
        let mut call = put("/objects/x.bin");
        call.stream_body(
            UploadBody::from_reader(std::io::Cursor::new(pattern(500)), 500),
            "application/octet-stream",
        );
        client(service, &server, auth).send(call).await.expect("uploaded");
    }
    let requests = server.received_requests().await.unwrap();
    let strip = |request: &wiremock::Request, marker: &str| {
        let mut received = received::Received::from(request);
        received.headers.retain(|(name, _)| name != marker);
        received
    };
    let tc3 = strip(&requests[0], "x-tc-content-sha256");
    let stripped_tc3 = std::panic::catch_unwind(|| received::verify_tc3(&tc3, "files"));
    assert!(stripped_tc3.is_err(), "TC3 without its marker hashes the body, which was not signed");
    let apig = strip(&requests[1], "x-sdk-content-sha256");
    let stripped_apig = std::panic::catch_unwind(|| received::verify_apig(&apig));
    assert!(stripped_apig.is_err(), "APIG without its (signed) marker does not verify");
}

/// A bytes body keeps being hashed under the schemes that could leave it unsigned.
#[tokio::test]
async fn wire_binary_bytes_bodies_stay_hashed_under_tc3_and_huawei_aksk() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    for (service, auth) in [
        (&TENCENT_FILES, Auth::from(credentials::tencent())),
        (&FILES, Auth::from(credentials::huawei_aksk())),
    ] {
        let mut call = put("/objects/x.bin");
        call.bytes_body(pattern(500), "application/octet-stream");
        client(service, &server, auth).send(call).await.expect("uploaded");
    }
    let requests = server.received_requests().await.unwrap();
    let (tc3, apig) = (received::Received::from(&requests[0]), received::Received::from(&requests[1]));
    assert!(!tc3.has_header("x-tc-content-sha256") && !apig.has_header("x-sdk-content-sha256"));
    received::verify_tc3(&tc3, "files");
    received::verify_apig(&apig);
}

/// An empty stream has a known hash: it is signed like an empty body, without the marker.
#[tokio::test]
async fn wire_binary_empty_stream_is_signed_as_an_empty_body() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let mut call = put("/objects/empty.bin");
    call.stream_body(
        UploadBody::from_reader(std::io::Cursor::new(Vec::new()), 0),
        "application/octet-stream",
    );
    client(&FILES, &server, credentials::huawei_aksk()).send(call).await.expect("uploaded");
    let received = received::Received::from(&server.received_requests().await.unwrap()[0]);
    assert!(received.body.is_empty() && !received.has_header("x-sdk-content-sha256"));
    received::verify_apig(&received);
}

#[tokio::test]
async fn wire_binary_stream_refused_where_the_scheme_hashes_the_body() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let signing: [(&'static ServiceInfo, Auth, &str); 2] = [
        (&ALIBABA_FILES, credentials::alibaba().into(), "ACS3-HMAC-SHA256"),
        (&OCI_FILES, credentials::oci().into(), "OCI rsa-sha256"),
    ];
    for (service, auth, scheme) in signing {
        let mut call = put("/objects/x.bin");
        call.stream_body(
            UploadBody::from_reader(std::io::Cursor::new(vec![1, 2, 3]), 3),
            "application/octet-stream",
        );
        let error = client(service, &server, auth).send(call).await.expect_err("not signable");
        assert!(
            matches!(&error, Error::Encode(EncodeError::StreamNotSignable(name)) if *name == scheme),
            "{error:?}"
        );
        assert!(error.to_string().contains(scheme), "the message names the scheme: {error}");
        assert!(error.to_string().contains("pass the body as bytes"), "{error}");
    }
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing was sent");
}

fn get(path: &str) -> Call {
    let mut call = Call::new("GetObject", "GET");
    call.path_literal(path).idempotent();
    call
}

#[tokio::test]
async fn wire_binary_download_larger_than_the_json_cap_streams_to_a_file() {
    let server = MockServer::start().await;
    let data = pattern(2 * 1024 * 1024 + 5);
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(data.clone(), "application/octet-stream"))
        .mount(&server)
        .await;
    // The JSON cap of this client is 64 KiB; the download has its own limit.
    let client = ClientBuilder::new(&FILES)
        .auth(credentials::huawei_token())
        .allow_insecure_http()
        .endpoint(server.uri())
        .max_response_bytes(64 * 1024)
        .build()
        .unwrap();
    let download = client.download(get("/objects/big.bin"), 8 * 1024 * 1024).await.expect("a download");
    assert_eq!(download.status, 200);
    assert_eq!(download.body.content_length(), Some(data.len() as u64));
    let file = tempfile::NamedTempFile::new().unwrap();
    let written = download.body.write_to_file(file.path()).await.expect("written");
    assert_eq!(written, data.len() as u64);
    assert_eq!(tokio::fs::read(file.path()).await.unwrap(), data);

    let download = client.download(get("/objects/big.bin"), 8 * 1024 * 1024).await.unwrap();
    assert_eq!(download.body.into_bytes().await.unwrap(), data, "or collected in memory");
}

#[tokio::test]
async fn wire_binary_download_announced_over_its_limit_fails_before_reading() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(pattern(10_000), "application/octet-stream")
                .insert_header("x-request-id", "req-42"),
        )
        .mount(&server)
        .await;
    let client = transport(&server, credentials::huawei_token());
    let error = client.download(get("/objects/a.bin"), 4_096).await.expect_err("over the limit");
    let Error::TooLarge(too_large) = &error else { panic!("expected TooLarge, got {error:?}") };
    assert_eq!((too_large.limit, too_large.announced, too_large.status), (4_096, Some(10_000), 200));
    assert_eq!(error.request_id(), Some("req-42"));
}

/// A server that answers every request with a chunked (length-less) body of `length` bytes.
async fn chunked_server(length: usize) -> (String, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") {
                if stream.read(&mut byte).await.unwrap_or(0) == 0 {
                    return;
                }
                head.push(byte[0]);
            }
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n")
                .await;
            for chunk in pattern(length).chunks(4_096) {
                let _ = stream.write_all(format!("{:x}\r\n", chunk.len()).as_bytes()).await;
                let _ = stream.write_all(chunk).await;
                let _ = stream.write_all(b"\r\n").await;
            }
            let _ = stream.write_all(b"0\r\n\r\n").await;
            let _ = stream.shutdown().await;
        }
    });
    (address, task)
}

#[tokio::test]
async fn wire_binary_unannounced_download_over_its_limit_ends_with_too_large() {
    let (address, server) = chunked_server(50_000).await;
    let client = ClientBuilder::new(&FILES)
        .auth(credentials::huawei_token())
        .allow_insecure_http()
        .endpoint(&address)
        .build()
        .unwrap();
    let download = client.download(get("/objects/a.bin"), 20_000).await.expect("the head is fine");
    assert_eq!(download.body.content_length(), None);
    let mut sink = Vec::new();
    let error = download.body.copy_to(&mut sink).await.expect_err("over the limit");
    let CopyError::Download(Error::TooLarge(too_large)) = &error else { panic!("{error:?}") };
    assert_eq!((too_large.limit, too_large.announced), (20_000, None));
    assert!(sink.len() <= 20_000, "nothing past the limit was handed over ({} bytes)", sink.len());

    // Under its limit the same body arrives whole.
    let download = client.download(get("/objects/a.bin"), 50_000).await.unwrap();
    assert_eq!(download.body.into_bytes().await.unwrap(), pattern(50_000));
    server.abort();
}

#[tokio::test]
async fn wire_binary_download_error_answer_is_a_service_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404).set_body_raw(
                r#"{"error_code": "OBS.0404", "error_msg": "no such object"}"#,
                "application/json",
            ),
        )
        .mount(&server)
        .await;
    let error = transport(&server, credentials::huawei_token())
        .download(get("/objects/missing.bin"), 1024)
        .await
        .expect_err("404");
    let service = error.as_service().expect("a service error");
    assert_eq!((service.status, service.raw_code.as_str()), (404, "OBS.0404"));
}

/// A body of `chunks` chunks of 1,000 bytes written `gap` apart, as a slow disk or a slow
/// producer gives them.
fn trickle(chunks: usize, gap: Duration) -> UploadBody {
    let (mut writer, reader) = tokio::io::duplex(4_096);
    tokio::spawn(async move {
        for _ in 0..chunks {
            tokio::time::sleep(gap).await;
            if writer.write_all(&[7u8; 1_000]).await.is_err() {
                return;
            }
        }
    });
    UploadBody::from_reader(reader, chunks as u64 * 1_000)
}

fn transport_with_read_timeout(server: &MockServer, read_timeout: Duration) -> Transport {
    ClientBuilder::new(&FILES)
        .auth(credentials::huawei_token())
        .allow_insecure_http()
        .endpoint(server.uri())
        .retry(cloudspec_tests::retries::quick())
        .read_timeout(read_timeout)
        .build()
        .expect("a valid client")
}

#[tokio::test]
async fn wire_binary_streamed_upload_may_outlast_the_read_timeout_while_its_bytes_flow() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    // 12 chunks 200 ms apart: 2.4 s of sending against a 1 s read timeout, which bounds
    // silence, not the upload (a gap between chunks has 800 ms of slack on a loaded machine).
    let read_timeout = Duration::from_secs(1);
    let transport = transport_with_read_timeout(&server, read_timeout);
    let started = std::time::Instant::now();
    let mut call = put("/big");
    call.stream_body(trickle(12, Duration::from_millis(200)), "application/octet-stream");
    transport.send(call).await.expect("uploaded");
    assert!(started.elapsed() > read_timeout, "the upload outlasted the read timeout");
    assert_eq!(bodies_received(&server).await, vec![vec![7u8; 12_000]]);
}

#[tokio::test]
async fn wire_binary_streamed_upload_with_no_answer_after_its_body_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(60)))
        .mount(&server)
        .await;
    let transport = transport_with_read_timeout(&server, Duration::from_millis(200));
    let mut call = put("/big");
    call.stream_body(trickle(2, Duration::from_millis(10)), "application/octet-stream");
    let error = transport.send(call).await.expect_err("no answer came");
    assert!(
        matches!(&error, Error::Timeout(timeout) if timeout.message.contains("no progress for 200ms")),
        "{error:?}"
    );
}

#[derive(Debug, serde::Deserialize)]
struct Outcome {
    status: Option<String>,
}

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)] // decoded only to see the error
struct Created {
    id: String,
}

#[tokio::test]
async fn wire_binary_no_content_reads_as_an_empty_document_and_an_empty_200_does_not() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let response = transport(&server, credentials::huawei_token()).send(put("/gone")).await.expect("a 204");
    assert_eq!(response.status, 204);
    let outcome: Outcome = response.json().expect("every body field of the output is optional");
    assert_eq!(outcome.status, None);
    // An output with a required body field is a decode error naming it, never a panic.
    let error = response.json::<Created>().expect_err("the field is missing");
    assert!(error.to_string().contains("`id`"), "{error}");
    assert_eq!(error.status, Some(204));
    // A 200 with nothing in it is a broken answer (a truncated reply), not an empty document.
    server.reset().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let response = transport(&server, credentials::huawei_token()).send(put("/gone")).await.expect("a 200");
    let error = response.json::<Outcome>().expect_err("an empty 200 is not a document");
    assert_eq!(error.status, Some(200));
}

/// A header the transport owns never comes from a call (a spec's header field of that name):
/// the unsigned-payload marker would leave a body unhashed, an `Authorization` would claim
/// another identity. The call is refused before a byte is sent.
#[tokio::test]
async fn wire_binary_call_headers_owned_by_the_transport_are_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let transport = transport(&server, credentials::huawei_aksk());
    for name in ["X-Sdk-Content-Sha256", "authorization", "X-Sdk-Date"] {
        let mut call = put("/object");
        call.header(name, "UNSIGNED-PAYLOAD").bytes_body(b"data".to_vec(), "application/octet-stream");
        let error = transport.send(call).await.expect_err("refused");
        assert!(
            matches!(&error, Error::Encode(EncodeError::Header(message)) if message.contains(name)),
            "{name}: {error:?}"
        );
    }
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing was sent");
}
