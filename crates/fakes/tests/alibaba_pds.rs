//! The PDS fake with requests written by hand: its token check, its error envelope, a multipart
//! upload through its data host (ETags, expired and forged URLs, an interrupted part, the
//! completion checks), ranged downloads, marker paging and folder tasks.

use cloudspec_fakes::alibaba_pds::{Config, FakePds};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

struct Answer {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One HTTP/1.1 exchange with `url` (`http://host:port/path?query`); `None` when the connection
/// closed without an answer.
async fn exchange(method: &str, url: &str, headers: &[(&str, &str)], body: &[u8]) -> Option<Answer> {
    let rest = url.strip_prefix("http://").unwrap();
    let (host, target) =
        rest.split_once('/').map(|(h, t)| (h, format!("/{t}"))).unwrap_or((rest, "/".into()));
    let mut stream = TcpStream::connect(host).await.unwrap();
    let mut request =
        format!("{method} {target} HTTP/1.1\r\nhost: {host}\r\ncontent-length: {}\r\n", body.len());
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).await.ok()?;
    let _ = stream.write_all(body).await;
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw).await;
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = String::from_utf8_lossy(&raw[..end]).to_lowercase();
    let status = head.split(' ').nth(1)?.parse().ok()?;
    Some(Answer { status, head, body: raw[end..].to_vec() })
}

async fn api(fake: &FakePds, path: &str, body: Value) -> Answer {
    let token = format!("Bearer {}", fake.config().access_token);
    let headers = [("authorization", token.as_str()), ("content-type", "application/json")];
    exchange("POST", &format!("{}{path}", fake.endpoint()), &headers, body.to_string().as_bytes())
        .await
        .unwrap()
}

async fn put(url: &str, bytes: &[u8]) -> Option<Answer> {
    exchange("PUT", url, &[], bytes).await
}

/// A file created with `parts` parts; its (file_id, upload_id, upload URLs).
async fn start_upload(
    fake: &FakePds,
    name: &str,
    parts: u32,
    size: Option<u64>,
) -> (String, String, Vec<String>) {
    let list: Vec<Value> = (1..=parts).map(|n| json!({"part_number": n})).collect();
    let mut body = json!({"drive_id": "1", "parent_file_id": "root", "name": name, "type": "file", "part_info_list": list});
    if let Some(size) = size {
        body["size"] = json!(size);
    }
    let created = api(fake, "/v2/file/create", body).await;
    assert_eq!(created.status, 201, "{}", created.text());
    let created = created.json();
    let urls = created["part_info_list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["upload_url"].as_str().unwrap().to_owned())
        .collect();
    (created["file_id"].as_str().unwrap().to_owned(), created["upload_id"].as_str().unwrap().to_owned(), urls)
}

#[tokio::test]
async fn a_missing_or_wrong_token_is_access_token_invalid() {
    let fake = FakePds::start().await.unwrap();
    let url = format!("{}/v2/file/get", fake.endpoint());
    for headers in [vec![], vec![("authorization", "Bearer not-the-token")]] {
        let answer = exchange("POST", &url, &headers, br#"{"drive_id":"1","file_id":"x"}"#).await.unwrap();
        assert_eq!(answer.status, 401);
        let body = answer.json();
        assert_eq!(body["Code"], "AccessTokenInvalid");
        assert!(body["RequestId"].as_str().is_some_and(|id| !id.is_empty()));
    }
}

#[tokio::test]
async fn errors_use_the_pds_envelope() {
    let fake = FakePds::start().await.unwrap();
    let missing = api(&fake, "/v2/file/get", json!({"drive_id": "1", "file_id": "nope"})).await;
    assert_eq!((missing.status, missing.json()["Code"].clone()), (404, json!("NotFound")));
    let no_name =
        api(&fake, "/v2/file/create", json!({"drive_id": "1", "parent_file_id": "root", "type": "file"}))
            .await;
    assert_eq!((no_name.status, no_name.json()["Code"].clone()), (400, json!("InvalidParameterMissing")));
    let other_drive = api(&fake, "/v2/file/list", json!({"drive_id": "2", "parent_file_id": "root"})).await;
    assert_eq!(other_drive.status, 404);
    fake.throttle_next(1);
    let throttled = api(&fake, "/v2/file/list", json!({"drive_id": "1", "parent_file_id": "root"})).await;
    assert_eq!((throttled.status, throttled.json()["Code"].clone()), (429, json!("TooManyRequests")));
    let after = api(&fake, "/v2/file/list", json!({"drive_id": "1", "parent_file_id": "root"})).await;
    assert_eq!(after.status, 200);
}

#[tokio::test]
async fn a_multipart_upload_round_trips_through_the_data_host() {
    let fake = FakePds::start_with(Config { min_part_size: 4, ..Config::default() }).await.unwrap();
    let (file_id, upload_id, urls) = start_upload(&fake, "a.bin", 2, Some(10)).await;
    assert!(urls[0].starts_with(&fake.data_endpoint()));

    // Forged: the signature of part 1 on part 2's path.
    let forged = urls[1].replace(urls[1].split('?').nth(1).unwrap(), urls[0].split('?').nth(1).unwrap());
    let refused = put(&forged, b"xxxx").await.unwrap();
    assert_eq!(refused.status, 403);
    assert!(refused.text().contains("<Code>SignatureDoesNotMatch</Code>"), "{}", refused.text());

    // Expired once, by the hook; then accepted.
    fake.expire_part_url_once(1);
    let expired = put(&urls[0], b"012345").await.unwrap();
    assert_eq!(expired.status, 403);
    assert!(
        expired.text().contains("<Code>AccessDenied</Code>")
            && expired.text().contains("Request has expired.")
    );
    let stored = put(&urls[0], b"012345").await.unwrap();
    assert_eq!(stored.status, 200);
    assert!(stored.head.contains("etag: \""), "{}", stored.head);

    // Interrupted: the connection closes after 2 bytes and nothing is kept.
    fake.interrupt_part_once(2, 2);
    assert!(put(&urls[1], b"6789").await.is_none_or(|a| a.status != 200));
    let listed = api(
        &fake,
        "/v2/file/list_uploaded_parts",
        json!({"drive_id": "1", "file_id": file_id, "upload_id": upload_id}),
    )
    .await
    .json();
    assert_eq!(listed["uploaded_parts"].as_array().unwrap().len(), 1);
    assert_eq!(listed["uploaded_parts"][0]["part_number"], 1);

    let early =
        api(&fake, "/v2/file/complete", json!({"drive_id": "1", "file_id": file_id, "upload_id": upload_id}))
            .await;
    assert_eq!((early.status, early.json()["Code"].clone()), (400, json!("InvalidParameter")));

    assert_eq!(put(&urls[1], b"6789").await.unwrap().status, 200);
    let done =
        api(&fake, "/v2/file/complete", json!({"drive_id": "1", "file_id": file_id, "upload_id": upload_id}))
            .await;
    assert_eq!(done.status, 200, "{}", done.text());
    let done = done.json();
    assert_eq!((done["size"].clone(), done["status"].clone()), (json!(10), json!("available")));
    assert!(done["revision_id"].as_str().is_some_and(|r| !r.is_empty()));

    let url =
        api(&fake, "/v2/file/get_download_url", json!({"drive_id": "1", "file_id": file_id})).await.json();
    let url = url["url"].as_str().unwrap();
    let whole = exchange("GET", url, &[], b"").await.unwrap();
    assert_eq!((whole.status, whole.body.as_slice()), (200, &b"0123456789"[..]));
    let ranged = exchange("GET", url, &[("range", "bytes=3-5")], b"").await.unwrap();
    assert_eq!((ranged.status, ranged.body.as_slice()), (206, &b"345"[..]));
    assert!(ranged.head.contains("content-range: bytes 3-5/10"));
}

#[tokio::test]
async fn completion_checks_part_sizes_and_the_announced_size() {
    let fake = FakePds::start_with(Config { min_part_size: 4, ..Config::default() }).await.unwrap();
    let (file_id, upload_id, urls) = start_upload(&fake, "small.bin", 2, None).await;
    put(&urls[0], b"ab").await.unwrap();
    put(&urls[1], b"cd").await.unwrap();
    let small =
        api(&fake, "/v2/file/complete", json!({"drive_id": "1", "file_id": file_id, "upload_id": upload_id}))
            .await;
    assert_eq!(small.status, 400, "a first part under the minimum is refused");

    let (file_id, upload_id, urls) = start_upload(&fake, "sized.bin", 1, Some(5)).await;
    put(&urls[0], b"abc").await.unwrap();
    let mismatch =
        api(&fake, "/v2/file/complete", json!({"drive_id": "1", "file_id": file_id, "upload_id": upload_id}))
            .await;
    assert_eq!((mismatch.status, mismatch.json()["Code"].clone()), (400, json!("InvalidParameterNotMatch")));
}

#[tokio::test]
async fn list_pages_by_marker_and_names_follow_check_name_mode() {
    let fake = FakePds::start().await.unwrap();
    for name in ["a", "b", "c"] {
        let made = api(
            &fake,
            "/v2/file/create",
            json!({"drive_id": "1", "parent_file_id": "root", "name": name, "type": "folder"}),
        )
        .await;
        assert_eq!(made.status, 201);
    }
    let refused = api(&fake, "/v2/file/create", json!({"drive_id": "1", "parent_file_id": "root", "name": "a", "type": "folder", "check_name_mode": "refuse"})).await.json();
    assert_eq!(refused["exist"], true);
    let renamed = api(&fake, "/v2/file/create", json!({"drive_id": "1", "parent_file_id": "root", "name": "a", "type": "folder", "check_name_mode": "auto_rename"})).await.json();
    assert!(renamed["file_name"].as_str().unwrap().starts_with("a_"), "{renamed}");

    let mut names = Vec::new();
    let mut marker = String::new();
    loop {
        let page = api(
            &fake,
            "/v2/file/list",
            json!({"drive_id": "1", "parent_file_id": "root", "limit": 2, "marker": marker}),
        )
        .await
        .json();
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 2);
        names.extend(items.iter().map(|i| i["name"].as_str().unwrap().to_owned()));
        marker = page["next_marker"].as_str().unwrap().to_owned();
        if marker.is_empty() {
            break;
        }
    }
    assert_eq!(names.len(), 4);
    assert_eq!(&names[..3], ["a", "b", "c"]);
}

#[tokio::test]
async fn folder_tasks_run_then_succeed_or_fail() {
    let fake = FakePds::start().await.unwrap();
    let folder = api(
        &fake,
        "/v2/file/create",
        json!({"drive_id": "1", "parent_file_id": "root", "name": "f", "type": "folder"}),
    )
    .await
    .json();
    let folder_id = folder["file_id"].as_str().unwrap();

    fake.fail_next_task();
    let failing = api(&fake, "/v2/file/delete", json!({"drive_id": "1", "file_id": folder_id})).await.json();
    let task = failing["async_task_id"].as_str().unwrap();
    let poll = |task: String| {
        let fake = &fake;
        async move { api(fake, "/v2/async_task/get", json!({"async_task_id": task})).await.json() }
    };
    assert_eq!(poll(task.to_owned()).await["state"], "Running");
    let failed = poll(task.to_owned()).await;
    assert_eq!(
        (failed["state"].clone(), failed["error_code"].clone()),
        (json!("Failed"), json!("InternalError"))
    );
    assert_eq!(api(&fake, "/v2/file/get", json!({"drive_id": "1", "file_id": folder_id})).await.status, 200);

    let deleting = api(&fake, "/v2/file/delete", json!({"drive_id": "1", "file_id": folder_id})).await.json();
    let task = deleting["async_task_id"].as_str().unwrap().to_owned();
    assert_eq!(poll(task.clone()).await["state"], "Running");
    assert_eq!(poll(task).await["state"], "Succeed");
    assert_eq!(api(&fake, "/v2/file/get", json!({"drive_id": "1", "file_id": folder_id})).await.status, 404);
}
