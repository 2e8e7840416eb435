//! The generated `<operation>_pages` methods on loopback: DataWorks `ListResources` and
//! `ListDataSources` (page number and size, total in `PagingInfo.TotalCount`) and PDS `ListFile`
//! (marker). Each walks every page with page size 2 against a fake that pages a fixed list, and
//! stops on every end the runtime knows: total reached, short page, empty page, no next marker,
//! and, on a misbehaving server, a repeated page or marker or a marker cycle. Walking every item
//! is one line: `client.x_pages(&request).items().collect_all().await`.

use std::sync::{Arc, Mutex};

use cloudspec_clients::alibaba::{dataworks, pds};
use cloudspec_runtime::{Error, Page, StopReason};
use cloudspec_tests::credentials;
use cloudspec_tests::received::{Received, verify_acs3};
use futures_util::StreamExt;
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Serves every request with `respond`, recording the requests in order.
async fn fake(respond: impl Fn(&Request) -> ResponseTemplate + Send + Sync + 'static) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(respond).mount(&server).await;
    server
}

async fn received(server: &MockServer) -> Vec<Received> {
    server.received_requests().await.unwrap().iter().map(Received::from).collect()
}

fn query_value(request: &Request, name: &str) -> Option<String> {
    request.url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

fn dataworks_client(server: &MockServer) -> dataworks::Client {
    dataworks::Client::builder()
        .credentials(credentials::alibaba())
        .region("cn-hangzhou")
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

/// `resource-0` ... `resource-{n-1}`.
fn names(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("resource-{i}")).collect()
}

/// A ListResources fake over `all`: the page `PageNumber` of `PageSize` items, with the total
/// when `with_total`.
fn resource_pages(all: Vec<String>, with_total: bool) -> impl Fn(&Request) -> ResponseTemplate {
    move |request| {
        let number: usize = query_value(request, "PageNumber").expect("PageNumber sent").parse().unwrap();
        let size: usize = query_value(request, "PageSize").expect("PageSize sent").parse().unwrap();
        let page: Vec<Value> = all
            .iter()
            .skip((number - 1) * size)
            .take(size)
            .map(|name| json!({"Id": format!("id-{name}"), "Name": name, "ProjectId": 10002}))
            .collect();
        let mut paging = json!({"PageNumber": number, "PageSize": size, "Resources": page});
        if with_total {
            paging["TotalCount"] = json!(all.len());
        }
        ResponseTemplate::new(200).set_body_json(json!({"RequestId": "R", "PagingInfo": paging}))
    }
}

fn list_resources(page_size: Option<i32>) -> dataworks::ListResourcesRequest {
    let builder = dataworks::ListResourcesRequest::builder().project_id(10002).type_("Python");
    match page_size {
        Some(size) => builder.page_size(size).build().unwrap(),
        None => builder.build().unwrap(),
    }
}

fn resource_names(items: &[dataworks::ListedResource]) -> Vec<String> {
    items.iter().map(|r| r.name.clone().unwrap_or_default()).collect()
}

#[tokio::test]
async fn sdk_paginate_generated_page_number_walks_every_page_until_the_total() {
    let server = fake(resource_pages(names(5), true)).await;
    let client = dataworks_client(&server);

    let all = client.list_resources_pages(&list_resources(Some(2))).items().collect_all().await.unwrap();

    assert_eq!(resource_names(&all), names(5));
    let requests = received(&server).await;
    let asked: Vec<(String, String, String)> = requests
        .iter()
        .map(|r| {
            let get = |name: &str| r.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap();
            (get("PageNumber"), get("PageSize"), get("Type"))
        })
        .collect();
    let expected: Vec<(String, String, String)> =
        ["1", "2", "3"].iter().map(|n| (n.to_string(), "2".to_owned(), "Python".to_owned())).collect();
    assert_eq!(asked, expected, "page by page, the caller's filters kept");
    for request in &requests {
        assert_eq!(request.method, "GET");
        assert_eq!(request.header("x-acs-action"), "ListResources");
        verify_acs3(request);
    }
}

#[tokio::test]
async fn sdk_paginate_generated_page_number_reports_why_it_stopped() {
    // With a total: stops when it is reached, without asking for a fourth (empty) page.
    let server = fake(resource_pages(names(6), true)).await;
    let mut pages = dataworks_client(&server).list_resources_pages(&list_resources(Some(2)));
    let mut seen = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.unwrap();
        assert_eq!(page.total(), Some(6));
        seen.extend(resource_names(page.items()));
    }
    assert_eq!(seen, names(6));
    assert_eq!(pages.stop_reason(), Some(StopReason::TotalReached));
    assert_eq!(received(&server).await.len(), 3);

    // Without a total: a short page is the last.
    let server = fake(resource_pages(names(5), false)).await;
    let mut items = dataworks_client(&server).list_resources_pages(&list_resources(Some(2))).items();
    let mut count = 0;
    while let Some(item) = items.next().await {
        item.unwrap();
        count += 1;
    }
    assert_eq!(count, 5);
    assert_eq!(items.stop_reason(), Some(StopReason::ShortPage));
    assert_eq!(received(&server).await.len(), 3);

    // Without a total, a full last page: the next, empty page ends the walk.
    let server = fake(resource_pages(names(4), false)).await;
    let mut items = dataworks_client(&server).list_resources_pages(&list_resources(Some(2))).items();
    let mut count = 0;
    while let Some(item) = items.next().await {
        item.unwrap();
        count += 1;
    }
    assert_eq!(count, 4);
    assert_eq!(items.stop_reason(), Some(StopReason::EmptyPage));
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn sdk_paginate_generated_page_size_defaults_to_the_documented_default() {
    let server = fake(resource_pages(names(3), true)).await;
    let all =
        dataworks_client(&server).list_resources_pages(&list_resources(None)).items().collect_all().await;
    assert_eq!(all.unwrap().len(), 3);
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    assert!(requests[0].query.contains(&("PageSize".to_owned(), "10".to_owned())), "{:?}", requests[0].query);
    assert!(
        requests[0].query.contains(&("PageNumber".to_owned(), "1".to_owned())),
        "{:?}",
        requests[0].query
    );
}

#[tokio::test]
async fn sdk_paginate_generated_a_server_ignoring_the_page_number_is_not_walked_forever() {
    // Always the first page, and a total it never reaches.
    let server = fake(|_: &Request| {
        ResponseTemplate::new(200).set_body_json(json!({
            "RequestId": "R",
            "PagingInfo": {"TotalCount": 100, "Resources": [{"Name": "a"}, {"Name": "b"}]}
        }))
    })
    .await;
    let mut items = dataworks_client(&server).list_resources_pages(&list_resources(Some(2))).items();
    let mut seen = Vec::new();
    while let Some(item) = items.next().await {
        seen.push(item.unwrap().name.unwrap());
    }
    assert_eq!(seen, ["a", "b"], "the repeated page is not yielded again");
    assert_eq!(items.stop_reason(), Some(StopReason::RepeatedPage));
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn sdk_paginate_generated_an_error_ends_the_walk_after_the_pages_before_it() {
    let calls = Arc::new(Mutex::new(0));
    let counter = Arc::clone(&calls);
    let all = names(6);
    let pages = resource_pages(all, true);
    let server = fake(move |request: &Request| {
        let mut calls = counter.lock().unwrap();
        *calls += 1;
        if *calls == 2 {
            let body = json!({"RequestId": "R", "Code": "Forbidden.RAM", "Message": "denied"});
            return ResponseTemplate::new(403).set_body_json(body);
        }
        pages(request)
    })
    .await;
    let mut pages = dataworks_client(&server).list_resources_pages(&list_resources(Some(2)));
    let first = pages.next().await.unwrap().unwrap();
    assert_eq!(resource_names(first.items()), names(2));
    let error = pages.next().await.unwrap().expect_err("the second page fails");
    let Error::Service(service) = &error else { panic!("a service error: {error:?}") };
    assert_eq!(
        service.code,
        dataworks::ListResourcesErrorCode::Common(dataworks::CommonErrorCode::ForbiddenRam)
    );
    assert!(pages.next().await.is_none(), "nothing after an error");
    assert_eq!(pages.stop_reason(), Some(StopReason::Error));
    assert_eq!(*calls.lock().unwrap(), 2);

    // `collect_all` gives the error.
    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({"Code": "Forbidden.RAM"})))
        .mount(&server)
        .await;
    let result =
        dataworks_client(&server).list_resources_pages(&list_resources(Some(2))).items().collect_all().await;
    assert!(matches!(result, Err(Error::Service(_))), "{result:?}");
}

#[tokio::test]
async fn sdk_paginate_generated_page_number_of_another_operation_reaches_nested_items() {
    // ListDataSources: the items are data source groups under PagingInfo.DataSources.
    let groups: Vec<Value> = (0..5)
        .map(|i| json!({"Name": format!("ds-{i}"), "Type": "mysql", "DataSource": [{"Id": i}]}))
        .collect();
    let server = fake(move |request: &Request| {
        let number: usize = query_value(request, "PageNumber").unwrap().parse().unwrap();
        let size: usize = query_value(request, "PageSize").unwrap().parse().unwrap();
        let page: Vec<Value> = groups.iter().skip((number - 1) * size).take(size).cloned().collect();
        ResponseTemplate::new(200).set_body_json(json!({
            "RequestId": "R",
            "PagingInfo": {"TotalCount": 5, "PageNumber": number, "PageSize": size, "DataSources": page}
        }))
    })
    .await;
    let request =
        dataworks::ListDataSourcesRequest::builder().project_id(17820).page_size(2).build().unwrap();
    let all =
        dataworks_client(&server).list_data_sources_pages(&request).items().collect_all().await.unwrap();
    let names: Vec<String> = all.into_iter().map(|g| g.name.unwrap()).collect();
    assert_eq!(names, ["ds-0", "ds-1", "ds-2", "ds-3", "ds-4"]);
    assert_eq!(received(&server).await.len(), 3);
}

/// A ListFile fake over `all` (sorted names): the `limit` entries after `marker`, and the last
/// name as the next marker while more remain.
fn file_pages(all: Vec<String>) -> impl Fn(&Request) -> ResponseTemplate {
    move |request| {
        let body: Value = serde_json::from_slice(&request.body).expect("a JSON body");
        let limit = body["limit"].as_u64().expect("limit sent") as usize;
        let after = body.get("marker").and_then(Value::as_str).unwrap_or("");
        let rest: Vec<&String> = all.iter().filter(|name| name.as_str() > after).collect();
        let page: Vec<&String> = rest.iter().take(limit).copied().collect();
        let next = if rest.len() > limit { page.last().map_or("", |n| n.as_str()) } else { "" };
        let items: Vec<Value> = page
            .iter()
            .map(|name| json!({"name": name, "file_id": format!("id-{name}"), "type": "file"}))
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({"items": items, "next_marker": next}))
    }
}

fn list_file(limit: i64) -> pds::ListFileRequest {
    pds::ListFileRequest::builder().drive_id("1").parent_file_id("root").limit(limit).build().unwrap()
}

#[tokio::test]
async fn sdk_paginate_generated_marker_walks_every_page_until_no_next_marker() {
    let all: Vec<String> = (0..5).map(|i| format!("file-{i}.txt")).collect();
    let server = fake(file_pages(all.clone())).await;
    let mut items = pds_client(&server).list_file_pages(&list_file(2)).items();
    let mut seen = Vec::new();
    while let Some(file) = items.next().await {
        seen.push(file.unwrap().name.unwrap());
    }
    assert_eq!(seen, all);
    assert_eq!(items.stop_reason(), Some(StopReason::NoCursor));

    let requests = received(&server).await;
    let markers: Vec<Value> =
        requests.iter().map(|r| r.json().get("marker").cloned().unwrap_or(Value::Null)).collect();
    assert_eq!(
        markers,
        [Value::Null, json!("file-1.txt"), json!("file-3.txt")],
        "the first page sends no marker"
    );
    for request in &requests {
        assert_eq!(request.raw_path, "/v2/file/list");
        assert_eq!(request.json()["limit"], json!(2));
        assert_eq!(request.json()["parent_file_id"], json!("root"));
        assert_eq!(request.header("authorization"), format!("Bearer {}", credentials::PDS_ACCESS_TOKEN));
    }
}

#[tokio::test]
async fn sdk_paginate_generated_marker_starts_from_the_callers_marker() {
    let all: Vec<String> = (0..5).map(|i| format!("file-{i}.txt")).collect();
    let server = fake(file_pages(all)).await;
    let request = pds::ListFileRequest::builder()
        .drive_id("1")
        .parent_file_id("root")
        .limit(2)
        .marker("file-2.txt")
        .build();
    let files = pds_client(&server).list_file_pages(&request.unwrap()).items().collect_all().await.unwrap();
    let names: Vec<String> = files.into_iter().map(|f| f.name.unwrap()).collect();
    assert_eq!(names, ["file-3.txt", "file-4.txt"]);
    assert_eq!(received(&server).await[0].json()["marker"], json!("file-2.txt"));
}

#[tokio::test]
async fn sdk_paginate_generated_marker_servers_that_repeat_or_cycle_are_not_walked_forever() {
    // The same marker as the one just sent.
    let server = fake(|request: &Request| {
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        let sent = body.get("marker").and_then(Value::as_str).unwrap_or("");
        let name = format!("after-{sent}");
        let next = if sent.is_empty() { "m" } else { sent };
        ResponseTemplate::new(200).set_body_json(json!({"items": [{"name": name}], "next_marker": next}))
    })
    .await;
    let mut items = pds_client(&server).list_file_pages(&list_file(2)).items();
    let mut count = 0;
    while let Some(item) = items.next().await {
        item.unwrap();
        count += 1;
    }
    assert_eq!(count, 2);
    assert_eq!(items.stop_reason(), Some(StopReason::SameCursor));
    assert_eq!(received(&server).await.len(), 2);

    // Markers that go round: a, b, a.
    let server = fake(|request: &Request| {
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        let sent = body.get("marker").and_then(Value::as_str).unwrap_or("");
        let next = if sent == "a" { "b" } else { "a" };
        let name = format!("after-{sent}");
        ResponseTemplate::new(200).set_body_json(json!({"items": [{"name": name}], "next_marker": next}))
    })
    .await;
    let mut pages = pds_client(&server).list_file_pages(&list_file(2));
    let mut count = 0;
    while let Some(page) = pages.next().await {
        page.unwrap();
        count += 1;
    }
    assert_eq!(pages.stop_reason(), Some(StopReason::CursorCycle));
    assert_eq!(count, 3, "first page, after a, after b; then a again is refused");

    // An endless server is capped by the caller.
    let mut served = 0u32;
    let counter = Arc::new(Mutex::new(0u32));
    let count_calls = Arc::clone(&counter);
    let server = fake(move |_: &Request| {
        let mut n = count_calls.lock().unwrap();
        *n += 1;
        ResponseTemplate::new(200)
            .set_body_json(json!({"items": [{"name": format!("f{n}")}], "next_marker": format!("m{n}")}))
    })
    .await;
    let mut pages = pds_client(&server).list_file_pages(&list_file(1)).max_pages(4);
    while let Some(page) = pages.next().await {
        page.unwrap();
        served += 1;
    }
    assert_eq!(served, 4);
    assert_eq!(pages.stop_reason(), Some(StopReason::MaxPages));
    assert_eq!(*counter.lock().unwrap(), 4);
}

#[tokio::test]
async fn sdk_paginate_generated_an_empty_first_page_is_the_end() {
    let server = fake(|_: &Request| {
        ResponseTemplate::new(200).set_body_json(json!({"items": [], "next_marker": "m"}))
    })
    .await;
    let mut pages = pds_client(&server).list_file_pages(&list_file(2));
    let page = pages.next().await.unwrap().unwrap();
    assert!(page.items().is_empty());
    assert!(pages.next().await.is_none());
    assert_eq!(pages.stop_reason(), Some(StopReason::EmptyPage));
}
