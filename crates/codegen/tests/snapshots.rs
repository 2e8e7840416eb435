//! The emitted code of every spec, snapshotted: a change in the generator or a spec shows up as
//! a reviewable diff. With `CI=true`, a new or changed snapshot fails the run.

use std::path::PathBuf;

fn specs_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../specs")
}

#[test]
fn emitted_code_of_every_spec() {
    let tree = cloudspec_codegen::spec::load(&specs_root()).unwrap_or_else(|d| panic!("{d}"));
    let ir = cloudspec_codegen::ir::lower(&tree).unwrap_or_else(|d| panic!("{d}"));
    assert!(ir.operation_count() >= 5, "the five seed operations are all there");
    snapshot_services(&ir);
}

/// The fixture service of the wire shapes no seed operation has (tests/fixtures/shapes, run on
/// the wire by wire_types_generated.rs).
#[test]
fn emitted_code_of_the_shapes_fixture() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shapes");
    let tree = cloudspec_codegen::spec::load(&root).unwrap_or_else(|d| panic!("{d}"));
    let ir = cloudspec_codegen::ir::lower(&tree).unwrap_or_else(|d| panic!("{d}"));
    snapshot_services(&ir);
}

fn snapshot_services(ir: &cloudspec_codegen::ir::Ir) {
    for service in &ir.services {
        for file in cloudspec_codegen::emit::service_files(service).expect("emits") {
            // One snapshot per spec file (the crate root and manifest for service.yaml, one per
            // operation), named `<provider>__<service>__<file>`.
            let file_name = file.path.rsplit('/').next().unwrap_or_default();
            let stem = match file_name {
                "lib.rs" => "mod",
                "Cargo.toml" => "Cargo",
                other => other.trim_end_matches(".rs"),
            };
            let name = format!("{}__{}__{stem}", service.provider_module, service.module);
            insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
                insta::assert_snapshot!(name, file.contents);
            });
        }
    }
}
