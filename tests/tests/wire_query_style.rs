//! Lists and maps in query strings and form bodies, in each style, as they arrive on the wire.

use cloudspec_runtime::{
    AuthKind, Call, ClientBuilder, ListStyle, MapStyle, ParamStyle, Protocol, ServiceInfo, Transport,
};
use cloudspec_tests::credentials;
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

static SEARCH: ServiceInfo = ServiceInfo {
    name: "test/search",
    protocol: Protocol::HuaweiRest,
    api_version: "v1",
    endpoint: "https://search.example",
    region_endpoints: &[],
    auth: &[AuthKind::HuaweiIamToken],
    signing_name: None,
};

async fn server_and_client() -> (MockServer, Transport) {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).mount(&server).await;
    let client = ClientBuilder::new(&SEARCH)
        .auth(credentials::huawei_token())
        .allow_insecure_http()
        .endpoint(server.uri())
        .build()
        .unwrap();
    (server, client)
}

/// The raw query string of the one request `call` sends.
async fn query_of(call: Call) -> String {
    let (server, client) = server_and_client().await;
    client.send(call).await.expect("a 200");
    let request = &server.received_requests().await.unwrap()[0];
    request.url.query().unwrap_or_default().to_owned()
}

fn filter_document() -> serde_json::Value {
    json!({
        "Ids": ["i-1", "i 2"],
        "Tags": {"env": "prod"},
        "Limit": 10,
    })
}

const FIELDS: &[&str] = &["Ids", "Tags", "Limit"];

#[tokio::test]
async fn wire_query_style_default_is_indexed_from_one() {
    let mut call = Call::new("List", "GET");
    call.path_literal("/things").query_document(&filter_document(), FIELDS).unwrap();
    assert_eq!(query_of(call).await, "Ids.1=i-1&Ids.2=i%202&Tags.env=prod&Limit=10");
}

#[tokio::test]
async fn wire_query_style_per_protocol_defaults() {
    let cases = [
        (Protocol::AcsRpc, "Ids.1=i-1&Ids.2=i%202&Tags.env=prod&Limit=10"),
        (Protocol::TencentJson, "Ids.0=i-1&Ids.1=i%202&Tags.env=prod&Limit=10"),
        (Protocol::HuaweiRest, "Ids=i-1&Ids=i%202&Tags.env=prod&Limit=10"),
        (Protocol::OciRest, "Ids=i-1&Ids=i%202&Tags.env=prod&Limit=10"),
    ];
    for (protocol, expected) in cases {
        let mut call = Call::new("List", "GET");
        call.path_literal("/things").default_param_style(ParamStyle::for_protocol(protocol));
        call.query_document(&filter_document(), FIELDS).unwrap();
        assert_eq!(query_of(call).await, expected, "{protocol:?}");
    }
}

#[tokio::test]
async fn wire_query_style_per_field_overrides() {
    let mut call = Call::new("List", "GET");
    call.path_literal("/things")
        .default_param_style(ParamStyle::REPEATED)
        .param_style("Ids", ParamStyle::COMMA)
        .param_style("Tags", ParamStyle::JSON);
    call.query_document(&filter_document(), FIELDS).unwrap();
    assert_eq!(query_of(call).await, "Ids=i-1%2Ci%202&Tags=%7B%22env%22%3A%22prod%22%7D&Limit=10");

    let mut call = Call::new("List", "GET");
    call.path_literal("/things").param_style("Ids", ParamStyle::JSON).param_style(
        "Tags",
        ParamStyle { list: ListStyle::Indexed { first: 1 }, map: MapStyle::KeyValue { first: 1 } },
    );
    call.query_document(&filter_document(), FIELDS).unwrap();
    assert_eq!(
        query_of(call).await,
        "Ids=%5B%22i-1%22%2C%22i%202%22%5D&Tags.1.Key=env&Tags.1.Value=prod&Limit=10"
    );
}

#[tokio::test]
async fn wire_query_style_applies_to_form_bodies() {
    let (server, client) = server_and_client().await;
    let mut call = Call::new("Describe", "POST");
    call.path_literal("/")
        .param_style("Ids", ParamStyle { list: ListStyle::Delimited('|'), map: MapStyle::Dotted });
    call.rpc_document(&filter_document(), &["Limit"]).unwrap();
    client.send(call).await.unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    assert_eq!(request.url.query(), Some("Limit=10"));
    assert_eq!(request.headers["content-type"], "application/x-www-form-urlencoded");
    assert_eq!(String::from_utf8_lossy(&request.body), "Ids=i-1%7Ci%202&Tags.env=prod");
}
