//! The new wire types in the seed specs, through the generated clients: constraints on list
//! items (PDS `ParallelSha1Ctx.h`, each item an unsigned 32-bit value) checked before any byte
//! is sent, and an epoch-seconds timestamp (Tencent STS `ExpiredTime`) decoded and encoded as
//! the count. The shapes no seed operation has yet are run on the wire by
//! crates/codegen/tests/wire_types_generated.rs.

use cloudspec_clients::alibaba::pds::{Client, CreateFileRequest, FileType, ParallelSha1Ctx, PartInfo};
use cloudspec_clients::tencent::sts::AssumeRoleResponse;
use cloudspec_runtime::{Error, Rule};
use cloudspec_tests::credentials;
use wiremock::MockServer;

fn part(h: Vec<i64>) -> PartInfo {
    PartInfo::builder()
        .part_number(1)
        .parallel_sha1_ctx(ParallelSha1Ctx::builder().h(h).part_offset(0).build())
        .build()
}

fn request(parts: Vec<PartInfo>) -> CreateFileRequest {
    let mut request = CreateFileRequest::builder()
        .drive_id("1")
        .parent_file_id("root")
        .name("a.txt")
        .type_(FileType::File)
        .build()
        .expect("valid");
    request.part_info_list = Some(parts);
    request
}

#[tokio::test]
async fn wire_types_generated_list_item_bounds_name_field_and_index_and_send_nothing() {
    let server = MockServer::start().await;
    let client = Client::builder()
        .credentials(credentials::pds_token())
        .allow_insecure_http()
        .endpoint(server.uri())
        .build()
        .expect("complete");
    let parts = vec![part(vec![1, 2, 3, 4, 5]), part(vec![0, 4_294_967_295, -1, 4_294_967_296, 7])];

    let error = client.create_file(&request(parts)).await.expect_err("items out of range");

    let Error::Validation(validation) = error else { panic!("{error:?}") };
    let found: Vec<(&str, &Rule)> =
        validation.violations().iter().map(|v| (v.field.as_str(), &v.rule)).collect();
    assert_eq!(
        found.iter().map(|(field, _)| *field).collect::<Vec<_>>(),
        ["part_info_list[1].parallel_sha1_ctx.h[2]", "part_info_list[1].parallel_sha1_ctx.h[3]"],
        "{validation}"
    );
    assert!(
        matches!(found[0].1, Rule::BelowMinimum { .. }) && matches!(found[1].1, Rule::AboveMaximum { .. })
    );
    assert!(server.received_requests().await.unwrap().is_empty(), "no byte was sent");
}

#[test]
fn wire_types_generated_epoch_seconds_decode_and_encode_as_the_count() {
    let answer = serde_json::json!({
        "Credentials": { "Token": "t", "TmpSecretId": "id", "TmpSecretKey": "key" },
        "ExpiredTime": 1543914376,
        "Expiration": "2018-12-04T09:06:16Z",
        "RequestId": "4daec797-9cd2-4f09-9e7a-7d4c43b2a74c"
    });
    let output: AssumeRoleResponse = serde_json::from_value(answer.clone()).expect("decodes");
    assert_eq!(output.expired_time, time::macros::datetime!(2018-12-04 09:06:16 UTC));
    assert_eq!(serde_json::to_value(&output).expect("encodes")["ExpiredTime"], 1543914376);
    // Some services quote their numbers: a quoted count is read too.
    let mut quoted = answer;
    quoted["ExpiredTime"] = "1543914376".into();
    let output: AssumeRoleResponse = serde_json::from_value(quoted).expect("a quoted count decodes");
    assert_eq!(output.expired_time.unix_timestamp(), 1543914376);
}
