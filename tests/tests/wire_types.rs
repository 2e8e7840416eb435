//! The runtime's wire types on a real response: typed headers (integer, boolean, timestamp)
//! with errors naming the header, epoch timestamps, integer and boolean enums with their
//! fallbacks, and lists whose items may be `null`.

use cloudspec_runtime::{AuthKind, Call, ClientBuilder, Protocol, Response, ServiceInfo};
use cloudspec_tests::credentials;
use serde::Deserialize;
use time::macros::datetime;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

static OBJECTS: ServiceInfo = ServiceInfo {
    name: "test/objects",
    protocol: Protocol::OciRest,
    api_version: "20160918",
    endpoint: "https://objects.example",
    region_endpoints: &[],
    auth: &[AuthKind::BearerToken],
    signing_name: None,
};

cloudspec_runtime::wire_int_enum! {
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Tier {
        Standard = 0,
        Archive = 2,
    }
}

cloudspec_runtime::wire_bool_enum! {
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Access {
        Public = true,
        Private = false,
    }
}

#[derive(Debug, Deserialize)]
struct Object {
    #[serde(with = "cloudspec_runtime::wire::epoch_seconds")]
    created: time::OffsetDateTime,
    #[serde(with = "cloudspec_runtime::wire::epoch_millis::option", default)]
    archived: Option<time::OffsetDateTime>,
    tier: Tier,
    access: Access,
    /// Nullable items: `null` entries are kept as `None`, in place.
    labels: Vec<Option<String>>,
}

async fn answer(template: ResponseTemplate) -> Response {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(template).mount(&server).await;
    let client = ClientBuilder::new(&OBJECTS)
        .auth(credentials::pds_token())
        .allow_insecure_http()
        .endpoint(server.uri())
        .build()
        .unwrap();
    let mut call = Call::new("HeadObject", "GET");
    call.path_literal("/o/a");
    client.send(call).await.expect("a 200")
}

#[tokio::test]
async fn wire_types_typed_headers_parse_or_name_the_header() {
    let response = answer(
        ResponseTemplate::new(200)
            .insert_header("x-total-count", "42")
            .insert_header("x-is-truncated", "True")
            .insert_header("last-modified", "Wed, 21 Oct 2015 07:28:00 GMT")
            .insert_header("x-expires", "2026-12-06T07:00:00Z")
            .insert_header("x-created", "1700000000")
            .insert_header("x-broken", "soon"),
    )
    .await;
    assert_eq!(response.header_parsed::<u64>("x-total-count").unwrap(), Some(42));
    assert_eq!(response.header_bool("x-is-truncated").unwrap(), Some(true));
    assert_eq!(response.header_time("last-modified").unwrap(), Some(datetime!(2015-10-21 07:28:00 UTC)));
    assert_eq!(response.header_time("x-expires").unwrap(), Some(datetime!(2026-12-06 07:00:00 UTC)));
    assert_eq!(response.header_time("x-created").unwrap(), Some(datetime!(2023-11-14 22:13:20 UTC)));
    assert_eq!(response.header_time("x-absent").unwrap(), None);
    for error in [
        response.header_time("x-broken").unwrap_err(),
        response.header_bool("x-broken").unwrap_err(),
        response.header_parsed::<u64>("x-broken").unwrap_err(),
        response.required_header::<u64>("x-absent").unwrap_err(),
    ] {
        let text = error.to_string();
        assert!(text.contains("`x-broken`") || text.contains("`x-absent`"), "{text}");
        assert_eq!(error.status, Some(200));
    }
}

#[tokio::test]
async fn wire_types_epoch_times_enums_and_nullable_items_decode() {
    let body = r#"{"created": 1700000000, "archived": 1700000000123, "tier": 7, "access": "false",
                   "labels": ["a", null, "b"]}"#;
    let response = answer(ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
    let object: Object = response.json().expect("decodes");
    assert_eq!(object.created, datetime!(2023-11-14 22:13:20 UTC));
    assert_eq!(object.archived, Some(datetime!(2023-11-14 22:13:20.123 UTC)));
    assert_eq!(object.tier, Tier::Unknown(7), "an undocumented value is kept, not an error");
    assert_eq!(object.access, Access::Private);
    assert_eq!(object.labels, [Some("a".to_owned()), None, Some("b".to_owned())]);
    assert!(!matches!(Tier::from(2), Tier::Unknown(_)));
}

#[tokio::test]
async fn wire_types_wrong_enum_and_time_types_are_decode_errors() {
    let body = r#"{"created": "last week", "tier": 0, "access": true, "labels": []}"#;
    let response = answer(ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
    let error = response.json::<Object>().expect_err("not a timestamp");
    assert!(error.message.contains("epoch seconds"), "{error}");

    let body = r#"{"created": 0, "tier": "standard", "access": true, "labels": []}"#;
    let response = answer(ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
    let error = response.json::<Object>().expect_err("not an integer");
    assert!(error.message.contains("Tier"), "{error}");
}
