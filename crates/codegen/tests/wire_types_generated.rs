//! The wire shapes no seed operation has (integer and boolean enums, a deprecated value, epoch
//! timestamps, nullable and constrained list items, a body idempotency token, typed response
//! headers, a binary request body), end to end: the fixture service `tests/fixtures/shapes` is lowered and generated,
//! and its crate runs `tests/fixtures/shapes/wire_types.rs` against a loopback server.

mod common;

use std::path::PathBuf;

use cloudspec_codegen::{ir, spec};
use common::fixture_crate::{FixtureCrate, text};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shapes")
}

#[test]
fn wire_types_generated_fixture_service_runs_its_wire_tests() {
    let tree = spec::load(&fixture()).unwrap_or_else(|d| panic!("{}", d.render_plain()));
    let ir = ir::lower(&tree).unwrap_or_else(|d| panic!("{}", d.render_plain()));
    let service = &ir.services[0];
    let generated = FixtureCrate::write(service, "shapes-");
    let tests = generated.service_dir.join("tests");
    std::fs::create_dir_all(&tests).expect("the tests folder");
    std::fs::copy(fixture().join("wire_types.rs"), tests.join("wire_types.rs")).expect("the wire tests");
    // The test drives the client on a tokio runtime: the features the runtime already turns on
    // (rt, net, time, io-util) are all it uses, so no dependency is rebuilt for it.
    let manifest = generated.service_dir.join("Cargo.toml");
    let mut text_of_manifest = std::fs::read_to_string(&manifest).expect("the service manifest");
    text_of_manifest.push_str("\n[dev-dependencies]\ntokio = \"1\"\n");
    std::fs::write(&manifest, text_of_manifest).expect("the service manifest");

    let run = generated.cargo_offline(&["test", "--all-features", "--test", "wire_types"]);
    let report = text(&run);
    assert!(run.status.success(), "the generated crate builds and its wire tests pass:\n{report}");
    // Deprecated variants are used inside the runtime's macros: that must not warn the crate.
    assert!(!report.contains("warning"), "the generated crate compiles without warnings:\n{report}");
    for name in [
        "wire_types_generated_enums_epochs_and_nullable_items_on_the_wire",
        "wire_types_generated_typed_response_headers",
        "wire_types_generated_bad_header_is_a_decode_error_naming_it",
        "wire_types_generated_caller_token_is_sent_as_given",
        "wire_types_generated_token_is_the_same_on_every_attempt",
        "wire_types_generated_item_constraints_name_field_and_index_before_sending",
        "wire_types_generated_wait_on_an_integer_state",
        "wire_types_generated_binary_body_from_bytes_is_sent_as_it_is",
        "wire_types_generated_binary_body_streams_from_a_file",
        "wire_types_generated_binary_request_is_validated_before_any_byte",
        "wire_types_generated_download_reads_its_typed_headers",
    ] {
        assert!(report.contains(&format!("test {name} ... ok")), "{name} ran and passed:\n{report}");
    }
}
