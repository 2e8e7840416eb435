//! Bodies that are not a JSON object, through the generated clients on loopback: a bare array
//! with its total in a header (Huawei `ListTrees`), a bare string (`CreateDir`), a streamed binary
//! download and its size bound (`ShowFileRaw`), and PDS presigned URLs used for the part upload
//! and the download with no credentials attached (`GetUploadUrl`, `GetDownloadUrl`,
//! `CompleteFile`).

use cloudspec_clients::alibaba::pds;
use cloudspec_clients::huawei::codeartsrepo::{
    Client, CreateDirErrorCode, CreateDirRequest, ListTreesRequest, RepositoryProtectedTagActionBodyDto,
    ShowFileRawErrorCode, ShowFileRawRequest, UpdateProtectedTagRequest,
};
use cloudspec_runtime::Error;
use cloudspec_tests::credentials;
use cloudspec_tests::raw_server::{Misbehaviour, RawServer};
use cloudspec_tests::received::Received;
use cloudspec_tests::responses::{serve, serve_json};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn huawei(server: &MockServer) -> Client {
    Client::builder()
        .credentials(credentials::huawei_token())
        .allow_insecure_http()
        .endpoint(server.uri())
        .build()
        .expect("complete")
}

fn pds_client(server: &MockServer) -> pds::Client {
    pds::Client::builder()
        .credentials(credentials::pds_token())
        .allow_insecure_http()
        .endpoint(server.uri())
        .build()
        .expect("complete")
}

fn pattern(length: usize) -> Vec<u8> {
    (0..length).map(|i| (i % 251) as u8).collect()
}

/// Headers that would carry a credential of any vendor.
const AUTH_HEADERS: [&str; 5] =
    ["authorization", "x-auth-token", "x-acs-bearer-token", "x-sdk-date", "cookie"];

#[tokio::test]
async fn wire_huawei_list_trees_decodes_a_bare_array_and_the_total_header() {
    let server = MockServer::start().await;
    let body = json!([
        {"id": "3f7a", "name": "README.md", "type": "blob", "path": "README.md", "mode": "100644"},
        {"id": "9c1e", "name": "src", "type": "tree", "path": "src", "mode": "040000"}
    ]);
    serve(
        &server,
        ResponseTemplate::new(200)
            .set_body_raw(body.to_string(), "application/json")
            .insert_header("X-Total", "7"),
    )
    .await;
    let request = ListTreesRequest::builder()
        .repository_id(2_111_863)
        .ref_("master")
        .offset(2)
        .limit(2)
        .build()
        .unwrap();

    let output = huawei(&server).list_trees(&request).await.expect("200 decodes");

    let received = Received::from(&server.received_requests().await.unwrap()[0]);
    assert_eq!(received.method, "GET");
    assert_eq!(received.raw_path, "/v4/repositories/2111863/repository/trees");
    assert_eq!(received.raw_query.as_deref(), Some("ref=master&offset=2&limit=2"));
    assert!(received.body.is_empty(), "a GET carries no body");
    let trees = output.trees.expect("the body is the list");
    assert_eq!(trees.iter().map(|t| t.name.as_deref().unwrap()).collect::<Vec<_>>(), ["README.md", "src"]);
    assert_eq!(trees[1].type_.as_deref(), Some("tree"));
    assert_eq!(output.x_total, Some(7), "X-Total is read as a count");
}

#[tokio::test]
async fn wire_huawei_list_trees_refuses_an_object_where_the_array_is_documented() {
    let server = MockServer::start().await;
    serve_json(&server, 200, br#"{"trees": []}"#.to_vec()).await;
    let request = ListTreesRequest::builder().repository_id(1).build().unwrap();
    let error = huawei(&server).list_trees(&request).await.expect_err("an object is not the array");
    assert!(matches!(error, Error::Decode(ref decode) if decode.status == Some(200)), "{error:?}");
}

#[tokio::test]
async fn wire_huawei_update_protected_tag_sends_a_bare_array_body_beside_its_query() {
    let server = MockServer::start().await;
    serve_json(
        &server,
        200,
        br#"{"id": 12, "name": "v*", "actions": [{"action": "create", "enable": true}]}"#.to_vec(),
    )
    .await;
    let action =
        RepositoryProtectedTagActionBodyDto::builder().enable(true).user_ids([1001]).action("create").build();
    let request = UpdateProtectedTagRequest::builder()
        .repository_id(100_001)
        .tag_name("v* release")
        .actions(vec![action])
        .build()
        .unwrap();

    let output = huawei(&server).update_protected_tag(&request).await.expect("200 decodes");

    let received = Received::from(&server.received_requests().await.unwrap()[0]);
    assert_eq!(
        (received.method.as_str(), received.raw_path.as_str()),
        ("PUT", "/v4/repositories/100001/protected-tag")
    );
    assert_eq!(received.query, [("tag_name".into(), "v* release".into())]);
    assert_eq!(received.header("content-type"), "application/json");
    assert_eq!(received.json(), json!([{"enable": true, "user_ids": [1001], "action": "create"}]));
    assert_eq!((output.id, output.name.as_deref()), (Some(12), Some("v*")));
}

fn create_dir_request() -> CreateDirRequest {
    CreateDirRequest::builder()
        .repository_id(100_001)
        .file_path("docs/guide")
        .branch_name("master")
        .commit_message("Add docs/guide")
        .build()
        .expect("valid")
}

#[tokio::test]
async fn wire_huawei_create_dir_reads_a_bare_string_as_json_or_as_text() {
    let server = MockServer::start().await;
    let client = huawei(&server);
    serve_json(&server, 201, br#""adadadadada213a45ad52dyr545ry""#.to_vec()).await;
    let output = client.create_dir(&create_dir_request()).await.expect("a JSON string decodes");
    assert_eq!(output.commit_id.as_deref(), Some("adadadadada213a45ad52dyr545ry"));
    let received = Received::from(&server.received_requests().await.unwrap()[0]);
    assert_eq!(
        (received.method.as_str(), received.raw_path.as_str()),
        ("POST", "/v4/repositories/100001/repository/dir")
    );
    assert_eq!(received.header("content-type"), "application/json");
    assert_eq!(
        received.json(),
        json!({"file_path": "docs/guide", "branch_name": "master", "commit_message": "Add docs/guide"})
    );

    // Huawei's SDK core falls back to the raw text when the body is not JSON; so does the client.
    serve(&server, ResponseTemplate::new(201).set_body_raw("4f1e2d3c", "text/plain")).await;
    let output = client.create_dir(&create_dir_request()).await.expect("plain text decodes");
    assert_eq!(output.commit_id.as_deref(), Some("4f1e2d3c"));
}

#[tokio::test]
async fn wire_huawei_create_dir_error_is_typed() {
    let server = MockServer::start().await;
    serve_json(&server, 401, br#"{"error_code": "DEV.00000003", "error_msg": "expired"}"#.to_vec()).await;
    let error = huawei(&server).create_dir(&create_dir_request()).await.expect_err("401");
    let Error::Service(service) = error else { panic!("a service error: {error:?}") };
    assert_eq!((service.status, &service.code), (401, &CreateDirErrorCode::Dev00000003));
}

#[tokio::test]
async fn wire_huawei_show_file_raw_streams_the_bytes_and_keeps_them_out_of_memory_until_read() {
    let server = MockServer::start().await;
    let data = pattern(300_000);
    serve(&server, ResponseTemplate::new(200).set_body_raw(data.clone(), "application/octet-stream")).await;
    let request = ShowFileRawRequest::builder()
        .repository_id(7)
        .file_path("src/main rs.bin")
        .ref_("dev")
        .build()
        .unwrap();

    let output = huawei(&server).show_file_raw(&request).await.expect("200");

    assert_eq!(output.content.status, 200);
    assert_eq!(output.content.body.limit(), 1_073_741_824, "the spec's max_body_bytes");
    assert_eq!(output.content.body.content_length(), Some(300_000));
    let bytes = output.content.body.into_bytes().await.expect("the whole body");
    assert_eq!(bytes.as_ref(), data.as_slice());
    let received = Received::from(&server.received_requests().await.unwrap()[0]);
    assert_eq!(received.raw_path, "/v4/repositories/7/repository/files/raw");
    assert_eq!(
        received.query,
        [("file_path".into(), "src/main rs.bin".into()), ("ref".into(), "dev".into())]
    );
}

#[tokio::test]
async fn wire_huawei_show_file_raw_over_its_size_bound_is_too_large() {
    // Announces 2 GiB (the spec bounds the body at 1 GiB) and sends a few bytes: the call fails
    // on the announcement, before reading the body.
    const RESPONSE: &str =
        "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: 2147483648\r\n\r\nabc";
    let server = RawServer::start(Misbehaviour::AnswerInTurn(&[RESPONSE])).await;
    let client = Client::builder()
        .credentials(credentials::huawei_token())
        .allow_insecure_http()
        .endpoint(&server.address)
        .build()
        .unwrap();
    let request = ShowFileRawRequest::builder().repository_id(7).file_path("big.iso").build().unwrap();
    let error = client.show_file_raw(&request).await.expect_err("larger than the bound");
    let Error::TooLarge(too_large) = error else { panic!("TooLarge: {error:?}") };
    assert_eq!((too_large.limit, too_large.announced), (1_073_741_824, Some(2_147_483_648)));
}

#[tokio::test]
async fn wire_huawei_show_file_raw_error_is_typed_and_not_streamed() {
    let server = MockServer::start().await;
    serve_json(&server, 404, br#"{"error_code": "CH.00402000", "error_msg": "no such repository"}"#.to_vec())
        .await;
    let request = ShowFileRawRequest::builder().repository_id(7).file_path("a").build().unwrap();
    let error = huawei(&server).show_file_raw(&request).await.expect_err("404");
    let Error::Service(service) = error else { panic!("a service error: {error:?}") };
    assert_eq!(service.code, ShowFileRawErrorCode::Ch00402000);
}

#[tokio::test]
async fn wire_pds_get_upload_url_then_put_the_part_without_credentials_and_complete() {
    let server = MockServer::start().await;
    let upload_url =
        format!("{}/bucket/part1?Expires=1&OSSAccessKeyId=k&Signature=s3cr3t&partNumber=1", server.uri());
    Mock::given(method("POST"))
        .and(path("/v2/file/get_upload_url"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "domain_id": "bj1", "drive_id": "1", "file_id": "f1", "upload_id": "u1",
            "create_at": "2019-09-11T16:34:36.977Z",
            "part_info_list": [{"part_number": 1, "upload_url": upload_url}]
        })))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/bucket/part1"))
        .respond_with(ResponseTemplate::new(200).insert_header("ETag", "\"e1\""))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2/file/complete"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "drive_id": "1", "file_id": "f1", "name": "a.bin", "type": "file", "size": 70000, "status": "available"
        })))
        .mount(&server)
        .await;
    let client = pds_client(&server);
    let request = pds::GetUploadUrlRequest::builder()
        .drive_id("1")
        .file_id("f1")
        .upload_id("u1")
        .part_info_list([pds::UploadUrlPartInfo::builder().part_number(1).build()])
        .build()
        .unwrap();

    let urls = client.get_upload_url(&request).await.expect("200");
    let part = &urls.part_info_list.as_ref().unwrap()[0];
    let url = part.upload_url.as_ref().expect("a presigned URL");
    assert!(!format!("{url:?}").contains("s3cr3t"), "Debug keeps the signature out");
    let data = pattern(70_000);
    let put = url.put(&client.presigned_client().unwrap(), data.clone(), None).await.expect("the part PUT");
    assert_eq!(put.headers["etag"], "\"e1\"");
    let complete =
        pds::CompleteFileRequest::builder().drive_id("1").file_id("f1").upload_id("u1").build().unwrap();
    let file = client.complete_file(&complete).await.expect("200");
    assert_eq!((file.name.as_deref(), file.size), (Some("a.bin"), Some(70_000)));

    let requests = server.received_requests().await.unwrap();
    let calls: Vec<Received> = requests.iter().map(Received::from).collect();
    assert_eq!(
        calls[0].json(),
        json!({"drive_id": "1", "file_id": "f1", "upload_id": "u1", "part_info_list": [{"part_number": 1}]})
    );
    assert_eq!(calls[0].header("authorization"), format!("Bearer {}", credentials::PDS_ACCESS_TOKEN));
    assert_eq!((calls[1].method.as_str(), calls[1].raw_path.as_str()), ("PUT", "/bucket/part1"));
    assert_eq!(
        calls[1].raw_query.as_deref(),
        Some("Expires=1&OSSAccessKeyId=k&Signature=s3cr3t&partNumber=1")
    );
    assert_eq!(calls[1].body, data);
    for name in AUTH_HEADERS {
        assert!(!calls[1].has_header(name), "the presigned PUT carried {name}");
    }
    assert_eq!(calls[2].json(), json!({"drive_id": "1", "file_id": "f1", "upload_id": "u1"}));
}

#[tokio::test]
async fn wire_pds_get_download_url_then_download_without_credentials() {
    let server = MockServer::start().await;
    let download = format!("{}/bucket/a.bin?Expires=1&Signature=s3cr3t", server.uri());
    Mock::given(method("POST"))
        .and(path("/v2/file/get_download_url"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                json!({"url": download, "size": 5000, "expiration": "2019-08-20T06:51:27.292Z"}),
            ),
        )
        .mount(&server)
        .await;
    let data = pattern(5000);
    Mock::given(method("GET"))
        .and(path("/bucket/a.bin"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(data.clone(), "application/octet-stream"))
        .mount(&server)
        .await;
    let client = pds_client(&server);
    let request =
        pds::GetDownloadUrlRequest::builder().drive_id("1").file_id("f1").expire_sec(900).build().unwrap();

    let output = client.get_download_url(&request).await.expect("200");
    let url = output.url.expect("a URL");
    let presigned = client.presigned_client().unwrap();
    let body = url.download(&presigned, 10_000).await.expect("GET").body.into_bytes().await.unwrap();
    assert_eq!(body.as_ref(), data.as_slice());
    let too_small = url.download(&presigned, 4_999).await.expect_err("over the caller's bound");
    assert!(matches!(too_small, Error::TooLarge(_)), "{too_small:?}");

    let calls: Vec<Received> = server.received_requests().await.unwrap().iter().map(Received::from).collect();
    assert_eq!(calls[0].json(), json!({"drive_id": "1", "file_id": "f1", "expire_sec": 900}));
    assert_eq!(calls[1].method, "GET");
    for name in AUTH_HEADERS {
        assert!(!calls[1].has_header(name), "the presigned GET carried {name}");
    }
}

#[tokio::test]
async fn wire_pds_presigned_client_refuses_plain_http_unless_the_client_allows_it() {
    let server = MockServer::start().await;
    serve_json(&server, 200, br#"{"url": "http://bucket.example/a?Signature=s3cr3t"}"#.to_vec()).await;
    let request = pds::GetDownloadUrlRequest::builder().file_id("f1").build().unwrap();
    let url = pds_client(&server).get_download_url(&request).await.unwrap().url.unwrap();
    // A client for https endpoints hands out a presigned client that refuses http as well.
    let strict = pds::Client::builder()
        .credentials(credentials::pds_token())
        .endpoint("https://bj1.api.aliyunpds.com")
        .build()
        .unwrap();
    let error = url.download(&strict.presigned_client().unwrap(), 10).await.expect_err("http refused");
    assert!(matches!(error, Error::Encode(_)) && !error.to_string().contains("s3cr3t"), "{error}");
}

/// A repository tree of `total` entries served page by page: the entries from the request's
/// `offset`, at most `limit` of them, as a bare array with the total in `X-Total`.
struct TreePages {
    total: usize,
}

impl wiremock::Respond for TreePages {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let param = |name: &str| {
            request.url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.parse::<usize>().unwrap())
        };
        let offset = param("offset").unwrap_or(0);
        let limit = param("limit").unwrap_or(20);
        let entries: Vec<_> = (offset..(offset + limit).min(self.total))
            .map(|i| json!({"id": format!("{i:04}"), "name": format!("file-{i}"), "type": "blob"}))
            .collect();
        ResponseTemplate::new(200)
            .set_body_raw(serde_json::Value::from(entries).to_string(), "application/json")
            .insert_header("X-Total", self.total.to_string())
    }
}

/// Offset paging over a bare-array body whose total is a response header: every entry once, in
/// order, in one line, and no request past the total.
#[tokio::test]
async fn sdk_paginate_generated_huawei_list_trees_walks_offsets_to_the_header_total() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(TreePages { total: 5 }).mount(&server).await;
    let request = ListTreesRequest::builder().repository_id(7).ref_("main").limit(2).build().unwrap();

    let all = huawei(&server).list_trees_pages(&request).items().collect_all().await.expect("every page");

    let names: Vec<_> = all.iter().map(|t| t.name.as_deref().unwrap()).collect();
    assert_eq!(names, ["file-0", "file-1", "file-2", "file-3", "file-4"]);
    let queries: Vec<_> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.query().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        queries,
        ["ref=main&offset=0&limit=2", "ref=main&offset=2&limit=2", "ref=main&offset=4&limit=2"],
        "the offset advances by the entries received and stops at X-Total"
    );
}
