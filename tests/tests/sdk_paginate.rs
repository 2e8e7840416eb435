//! The runtime's paginator against stateful list servers on loopback: each paging style walks
//! every item once, and each stop rule ends the walk after the right request, including on
//! servers that cycle, ignore the cursor or fail half-way.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use cloudspec_runtime::{
    AuthKind, Call, Cursor, Error, Page, PageStyle, Pages, Protocol, ServiceInfo, StopReason, Transport,
};
use cloudspec_tests::credentials;
use futures_util::StreamExt;
use serde_json::{Value, json};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

static LISTS: ServiceInfo = ServiceInfo {
    name: "test/lists",
    protocol: Protocol::HuaweiRest,
    api_version: "v1",
    endpoint: "https://lists.example",
    region_endpoints: &[],
    auth: &[AuthKind::HuaweiIamToken],
    signing_name: None,
};

/// The list every server serves from: seven names.
const NAMES: [&str; 7] = ["a", "b", "c", "d", "e", "f", "g"];

/// A page as the tests' list operations return it.
#[derive(Debug)]
struct Listed {
    items: Vec<String>,
    next: Option<String>,
    total: Option<u64>,
    more: Option<bool>,
}

impl Page for Listed {
    type Item = String;
    fn items(&self) -> &[String] {
        &self.items
    }
    fn into_items(self) -> Vec<String> {
        self.items
    }
    fn next_cursor(&self) -> Option<&str> {
        self.next.as_deref()
    }
    fn total(&self) -> Option<u64> {
        self.total
    }
    fn has_more(&self) -> Option<bool> {
        self.more
    }
}

/// A list server on loopback answering every request with `answer(query)`, counting requests.
struct ListServer {
    server: MockServer,
    requests: Arc<AtomicUsize>,
}

impl ListServer {
    async fn start(
        answer: impl Fn(&HashMap<String, String>) -> ResponseTemplate + Send + Sync + 'static,
    ) -> Self {
        let server = MockServer::start().await;
        let requests = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&requests);
        Mock::given(wiremock::matchers::method("GET"))
            .respond_with(move |request: &Request| {
                counted.fetch_add(1, Ordering::SeqCst);
                let query: HashMap<String, String> = request.url.query_pairs().into_owned().collect();
                answer(&query)
            })
            .mount(&server)
            .await;
        ListServer { server, requests }
    }

    fn transport(&self) -> Transport {
        cloudspec_runtime::ClientBuilder::new(&LISTS)
            .auth(credentials::huawei_token())
            .allow_insecure_http()
            .endpoint(self.server.uri())
            .build()
            .expect("a valid client")
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

fn json_answer(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

fn number(query: &HashMap<String, String>, name: &str) -> usize {
    query.get(name).and_then(|v| v.parse().ok()).unwrap_or_else(|| panic!("query parameter {name} missing"))
}

/// An RPC-style page-number list: `{"Items": [...], "TotalCount": n}`, `TotalCount` only when
/// `with_total`.
fn page_number_server(with_total: bool) -> impl Fn(&HashMap<String, String>) -> ResponseTemplate {
    move |query| {
        let (page, size) = (number(query, "PageNumber"), number(query, "PageSize"));
        let items: Vec<&str> = NAMES.iter().copied().skip((page - 1) * size).take(size).collect();
        let mut body = json!({ "Items": items });
        if with_total {
            body["TotalCount"] = json!(NAMES.len());
        }
        json_answer(body)
    }
}

/// Fetches one page: `GET /items` with `query`, decoded by `decode` from the body and headers.
async fn fetch(
    transport: Transport,
    query: Vec<(&'static str, String)>,
    decode: fn(&cloudspec_runtime::Response) -> Listed,
) -> Result<Listed, Error> {
    let mut call = Call::new("ListItems", "GET");
    call.path_literal("/items");
    for (name, value) in query {
        call.query(name, value);
    }
    let response = transport.send(call).await?;
    Ok(decode(&response))
}

fn decode_items_body(response: &cloudspec_runtime::Response) -> Listed {
    let body: Value = response.json().expect("a JSON page");
    Listed {
        items: serde_json::from_value(body["Items"].clone()).expect("an item list"),
        next: body["NextToken"].as_str().map(str::to_owned),
        total: body["TotalCount"].as_u64(),
        more: body["HasMore"].as_bool(),
    }
}

fn page_number_pages(transport: Transport, size: u64) -> Pages<Listed, Error> {
    Pages::new(PageStyle::PageNumber { first: 1, size }, move |cursor| {
        let Cursor::Page { number, size } = cursor else { unreachable!("page-number style") };
        let query = vec![("PageNumber", number.to_string()), ("PageSize", size.to_string())];
        fetch(transport.clone(), query, decode_items_body)
    })
}

fn token_pages(transport: Transport) -> Pages<Listed, Error> {
    Pages::new(PageStyle::NextToken, move |cursor| {
        let query = cursor.token().map(|token| vec![("NextToken", token.to_owned())]).unwrap_or_default();
        fetch(transport.clone(), query, decode_items_body)
    })
}

async fn all_items(pages: Pages<Listed, Error>) -> (Vec<String>, StopReason) {
    let mut items = pages.items();
    let mut names = Vec::new();
    while let Some(item) = items.next().await {
        names.push(item.expect("no error"));
    }
    (names, items.stop_reason().expect("ended"))
}

fn all_names() -> Vec<String> {
    NAMES.iter().map(|n| n.to_string()).collect()
}

#[tokio::test]
async fn sdk_paginate_page_number_stops_on_the_short_page() {
    let server = ListServer::start(page_number_server(false)).await;
    let (items, reason) = all_items(page_number_pages(server.transport(), 3)).await;
    assert_eq!(items, all_names());
    assert_eq!(reason, StopReason::ShortPage);
    assert_eq!(server.requests(), 3, "pages of 3, 3 and 1");
}

#[tokio::test]
async fn sdk_paginate_page_number_stops_when_the_total_is_reached() {
    let server = ListServer::start(page_number_server(true)).await;
    // 7 items in full pages of 7: without the total a second, empty page would be asked for.
    let (items, reason) = all_items(page_number_pages(server.transport(), 7)).await;
    assert_eq!(items, all_names());
    assert_eq!(reason, StopReason::TotalReached);
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn sdk_paginate_page_number_stops_on_an_empty_page() {
    let server = ListServer::start(page_number_server(false)).await;
    // Pages of 7 and no total: the first page is full, the second one empty.
    let mut pages = page_number_pages(server.transport(), 7);
    let sizes: Vec<usize> = (&mut pages).map(|page| page.expect("no error").items.len()).collect().await;
    assert_eq!(sizes, [7, 0]);
    assert_eq!(pages.stop_reason(), Some(StopReason::EmptyPage));
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn sdk_paginate_page_number_server_ignoring_the_cursor_does_not_loop() {
    // Always the first page, full, without a total: only the repetition shows the walk is over.
    let server = ListServer::start(|_| json_answer(json!({ "Items": ["a", "b"] }))).await;
    let (items, reason) = all_items(page_number_pages(server.transport(), 2)).await;
    assert_eq!(items, ["a", "b"], "the repeated page is not yielded again");
    assert_eq!(reason, StopReason::RepeatedPage);
    assert_eq!(server.requests(), 2);
}

/// A REST list with offset and limit whose body is a bare JSON array and whose total is in the
/// `X-Total-Count` header; the server caps the limit at 2.
#[tokio::test]
async fn sdk_paginate_offset_with_a_total_header_and_a_capped_limit() {
    let server = ListServer::start(|query| {
        let (offset, limit) = (number(query, "offset"), number(query, "limit").min(2));
        let items: Vec<&str> = NAMES.iter().copied().skip(offset).take(limit).collect();
        json_answer(json!(items)).insert_header("X-Total-Count", NAMES.len().to_string())
    })
    .await;
    let transport = server.transport();
    let pages = Pages::new(PageStyle::Offset { limit: 5 }, move |cursor| {
        let Cursor::Offset { offset, limit } = cursor else { unreachable!("offset style") };
        let query = vec![("offset", offset.to_string()), ("limit", limit.to_string())];
        fetch(transport.clone(), query, |response| Listed {
            items: response.json().expect("a bare array"),
            next: None,
            total: response.header_parsed("X-Total-Count").expect("a number"),
            more: None,
        })
    });
    let (items, reason) = all_items(pages).await;
    assert_eq!(items, all_names(), "short pages from a capped limit do not end the walk early");
    assert_eq!(reason, StopReason::TotalReached);
    assert_eq!(server.requests(), 4, "2 + 2 + 2 + 1");
}

#[tokio::test]
async fn sdk_paginate_offset_stops_on_the_short_page_without_a_total() {
    let server = ListServer::start(|query| {
        let (offset, limit) = (number(query, "Offset"), number(query, "Limit"));
        json_answer(json!({ "Items": NAMES.iter().skip(offset).take(limit).collect::<Vec<_>>() }))
    })
    .await;
    let transport = server.transport();
    let pages = Pages::new(PageStyle::Offset { limit: 4 }, move |cursor| {
        let Cursor::Offset { offset, limit } = cursor else { unreachable!("offset style") };
        fetch(
            transport.clone(),
            vec![("Offset", offset.to_string()), ("Limit", limit.to_string())],
            decode_items_body,
        )
    });
    let (items, reason) = all_items(pages).await;
    assert_eq!(items, all_names());
    assert_eq!(reason, StopReason::ShortPage);
    assert_eq!(server.requests(), 2);
}

/// Tokens are the index of the next item, as text; the last page has no token.
fn token_server(query: &HashMap<String, String>) -> ResponseTemplate {
    let start: usize = query.get("NextToken").map_or(0, |t| t.parse().expect("a token this server gave"));
    let end = (start + 3).min(NAMES.len());
    let mut body = json!({ "Items": NAMES[start..end] });
    if end < NAMES.len() {
        body["NextToken"] = json!(end.to_string());
    }
    json_answer(body)
}

#[tokio::test]
async fn sdk_paginate_next_token_walks_until_no_token() {
    let server = ListServer::start(token_server).await;
    let (items, reason) = all_items(token_pages(server.transport())).await;
    assert_eq!(items, all_names());
    assert_eq!(reason, StopReason::NoCursor);
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn sdk_paginate_next_token_stops_on_has_more_false_and_on_an_empty_token() {
    let server = ListServer::start(|query| {
        let body = match query.get("NextToken").map(String::as_str) {
            None => json!({ "Items": ["a"], "NextToken": "t1", "HasMore": true }),
            Some("t1") => json!({ "Items": ["b"], "NextToken": "t2", "HasMore": false }),
            Some(other) => panic!("asked for {other} after HasMore was false"),
        };
        json_answer(body)
    })
    .await;
    let (items, reason) = all_items(token_pages(server.transport())).await;
    assert_eq!((items, reason), (vec!["a".to_owned(), "b".to_owned()], StopReason::NoMore));

    let server = ListServer::start(|query| match query.get("NextToken") {
        None => json_answer(json!({ "Items": ["a"], "NextToken": "" })),
        Some(token) => panic!("asked again with token {token:?}"),
    })
    .await;
    let (items, reason) = all_items(token_pages(server.transport())).await;
    assert_eq!((items, reason), (vec!["a".to_owned()], StopReason::NoCursor));
}

#[tokio::test]
async fn sdk_paginate_next_token_repeated_and_cycling_tokens_end_the_walk() {
    // The same token as the one sent: how some APIs say there is nothing more.
    let server = ListServer::start(|query| {
        let body = match query.get("NextToken").map(String::as_str) {
            None => json!({ "Items": ["a"], "NextToken": "t1" }),
            _ => json!({ "Items": ["b"], "NextToken": "t1" }),
        };
        json_answer(body)
    })
    .await;
    let (items, reason) = all_items(token_pages(server.transport())).await;
    assert_eq!((items, reason), (vec!["a".to_owned(), "b".to_owned()], StopReason::SameCursor));
    assert_eq!(server.requests(), 2);

    // t1 → t2 → t1: a cycle, each page different, so only the cursor history shows it.
    let server = ListServer::start(|query| {
        let body = match query.get("NextToken").map(String::as_str) {
            None => json!({ "Items": ["a"], "NextToken": "t1" }),
            Some("t1") => json!({ "Items": ["b"], "NextToken": "t2" }),
            Some(_) => json!({ "Items": ["c"], "NextToken": "t1" }),
        };
        json_answer(body)
    })
    .await;
    let (items, reason) = all_items(token_pages(server.transport())).await;
    assert_eq!(items, ["a", "b", "c"]);
    assert_eq!(reason, StopReason::CursorCycle);
    assert_eq!(server.requests(), 3, "t1 is not asked for twice");
}

/// Marker style: the marker is the last name returned, the response says whether it is
/// truncated and gives `NextMarker`.
#[tokio::test]
async fn sdk_paginate_marker_walks_after_each_marker() {
    let server = ListServer::start(|query| {
        let start =
            query.get("Marker").map_or(0, |marker| NAMES.iter().position(|n| n == marker).unwrap() + 1);
        let page: Vec<&str> = NAMES.iter().copied().skip(start).take(2).collect();
        let truncated = start + page.len() < NAMES.len();
        json_answer(json!({ "Contents": page, "IsTruncated": truncated, "NextMarker": page.last() }))
    })
    .await;
    let transport = server.transport();
    let pages = Pages::new(PageStyle::Marker, move |cursor| {
        let query = cursor.token().map(|marker| vec![("Marker", marker.to_owned())]).unwrap_or_default();
        fetch(transport.clone(), query, |response| {
            let body: Value = response.json().expect("a JSON page");
            Listed {
                items: serde_json::from_value(body["Contents"].clone()).expect("names"),
                next: body["NextMarker"].as_str().map(str::to_owned),
                total: None,
                more: body["IsTruncated"].as_bool(),
            }
        })
    });
    let (items, reason) = all_items(pages).await;
    assert_eq!(items, all_names());
    assert_eq!(reason, StopReason::NoMore);
    assert_eq!(server.requests(), 4);
}

#[tokio::test]
async fn sdk_paginate_an_error_is_yielded_then_ends_the_stream() {
    let server = ListServer::start(|query| match query.get("NextToken") {
        None => json_answer(json!({ "Items": ["a", "b"], "NextToken": "t1" })),
        Some(_) => ResponseTemplate::new(400)
            .set_body_json(json!({ "error_code": "LIST.0001", "error_msg": "the token expired" })),
    })
    .await;
    let mut items = token_pages(server.transport()).items();
    assert_eq!(items.next().await.unwrap().unwrap(), "a");
    assert_eq!(items.next().await.unwrap().unwrap(), "b");
    let error = items.next().await.expect("the error is yielded").expect_err("the second page failed");
    assert!(matches!(&error, Error::Service(service) if service.status == 400), "{error:?}");
    assert!(items.next().await.is_none(), "nothing after the error");
    assert_eq!(items.stop_reason(), Some(StopReason::Error));
    assert_eq!(server.requests(), 2);
}
