//! The emitted code of every spec, snapshotted: a change in the generator or a spec shows up as
//! a reviewable diff. With `CI=true`, a new or changed snapshot fails the run.

use std::path::PathBuf;

fn specs_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

#[test]
fn emitted_code_of_every_spec() {
    let tree = cloudspec_codegen::spec::load(&specs_root()).unwrap_or_else(|d| panic!("{d}"));
    let ir = cloudspec_codegen::ir::lower(&tree).unwrap_or_else(|d| panic!("{d}"));
    assert!(ir.operation_count() >= 5, "the five seed operations are all there");
    for service in &ir.services {
        for file in cloudspec_codegen::emit::service_files(service).expect("emits") {
            // One snapshot per spec file: the service module for service.yaml, one per operation.
            let name = file.path.trim_start_matches("src/").trim_end_matches(".rs").replace('/', "__");
            insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
                insta::assert_snapshot!(name, file.contents);
            });
        }
    }
}
