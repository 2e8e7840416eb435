//! Per-field query styles through generated operations, as they arrive on the wire: DataWorks
//! `ListDataSources` sends `Types` comma-joined (the SDK's `simple` style) and `Tags` as one JSON
//! string (`json`), in an ACS3-signed query; the signature covers the encoded values.

use cloudspec_clients::alibaba::dataworks::{Client, DataSourceEnvType, ListDataSourcesRequest};
use cloudspec_tests::credentials;
use cloudspec_tests::received::{Received, verify_acs3};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn send(request: &ListDataSourcesRequest) -> Received {
    let server = MockServer::start().await;
    let body = json!({"RequestId": "R", "PagingInfo": {"TotalCount": 0, "DataSources": []}});
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(body)).mount(&server).await;
    let client = Client::builder()
        .credentials(credentials::alibaba())
        .region("cn-hangzhou")
        .allow_insecure_http()
        .endpoint(server.uri())
        .build()
        .unwrap();
    client.list_data_sources(request).await.expect("200 decodes");
    Received::from(&server.received_requests().await.unwrap()[0])
}

fn values<'a>(received: &'a Received, name: &str) -> Vec<&'a str> {
    received.query.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
}

#[tokio::test]
async fn wire_query_style_comma_and_json_fields_of_a_generated_rpc_query() {
    let request = ListDataSourcesRequest::builder()
        .project_id(17820)
        .types(vec!["mysql".to_owned(), "hologres".to_owned()])
        .tags(vec!["tag1".to_owned(), "tag 2".to_owned()])
        .env_type(DataSourceEnvType::Prod)
        .build()
        .unwrap();
    let received = send(&request).await;

    assert_eq!(received.method, "GET");
    assert_eq!(values(&received, "Types"), ["mysql,hologres"], "one comma-joined parameter");
    assert_eq!(values(&received, "Tags"), [r#"["tag1","tag 2"]"#], "one JSON string");
    assert_eq!(values(&received, "EnvType"), ["Prod"]);
    assert!(!received.query.iter().any(|(k, _)| k.starts_with("Types.") || k.starts_with("Tags.")));
    let raw = received.raw_query.as_deref().unwrap();
    assert!(raw.contains("Types=mysql%2Chologres"), "{raw}");
    assert!(raw.contains("Tags=%5B%22tag1%22%2C%22tag%202%22%5D"), "{raw}");
    assert_eq!(received.body, b"", "an RPC GET carries everything in the query");
    verify_acs3(&received);
}

#[tokio::test]
async fn wire_query_style_empty_and_single_lists_of_a_generated_rpc_query() {
    // An empty comma-joined list sends nothing; an empty JSON list is `[]`.
    let request = ListDataSourcesRequest::builder()
        .project_id(17820)
        .types(Vec::<String>::new())
        .tags(Vec::<String>::new())
        .build()
        .unwrap();
    let received = send(&request).await;
    assert_eq!(values(&received, "Types"), Vec::<&str>::new());
    assert_eq!(values(&received, "Tags"), ["[]"]);
    verify_acs3(&received);

    let request =
        ListDataSourcesRequest::builder().project_id(17820).types(vec!["mysql".to_owned()]).build().unwrap();
    let received = send(&request).await;
    assert_eq!(values(&received, "Types"), ["mysql"]);
    assert_eq!(values(&received, "Tags"), Vec::<&str>::new(), "unset: not sent");
}
