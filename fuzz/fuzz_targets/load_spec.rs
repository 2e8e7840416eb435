//! Any bytes as a spec file: loaded and checked like `cloudspec lint` does, and emitted when the
//! checks pass. Nothing may panic, overflow the stack or hang; every diagnostic must point inside
//! its file, carry a label and a hint, and render.
//!
//! The input is one file, placed in a seed service (chosen by the input's length, so that the
//! fuzzer's mutations reach every placement): an operation file of a `tencent_json`, an `oci_rest`
//! or an `acs_rpc` service, or the `service.yaml` of the `tencent_json` service. Files of the
//! seed specs and of the diagnostics corpus are good starting inputs as they are.

#![no_main]

use cloudspec_codegen::Diagnostics;
use cloudspec_codegen::spec::load::load_shared_service_bytes;
use libfuzzer_sys::fuzz_target;

// The providers' shared definitions, as the services have them on disk.
const TENCENT_PROVIDER: &[u8] = include_bytes!("../../specs/tencent/provider.yaml");
const ALIBABA_PROVIDER: &[u8] = include_bytes!("../../specs/alibaba/provider.yaml");
const TENCENT_SERVICE: &[u8] = include_bytes!("../../specs/tencent/wedata/service.yaml");
const TENCENT_OPERATION: &[u8] = include_bytes!("../../specs/tencent/wedata/create_code_file.yaml");
const OCI_SERVICE: &[u8] = include_bytes!("../../specs/oci/aidataplatform/service.yaml");
const RPC_SERVICE: &[u8] = include_bytes!("../../specs/alibaba/dataworks/service.yaml");

fuzz_target!(|data: &[u8]| {
    let file = data.to_vec();
    let operation = |name: &str, bytes: Vec<u8>| vec![(name.to_owned(), bytes)];
    let tencent = || Some(TENCENT_PROVIDER.to_vec());
    let (tree, mut diagnostics) = match data.len() % 4 {
        0 => load_shared_service_bytes(
            "tencent",
            "wedata",
            tencent(),
            TENCENT_SERVICE.to_vec(),
            operation("fuzzed.yaml", file),
        ),
        1 => load_shared_service_bytes(
            "oci",
            "aidataplatform",
            None,
            OCI_SERVICE.to_vec(),
            operation("fuzzed.yaml", file),
        ),
        2 => load_shared_service_bytes(
            "alibaba",
            "dataworks",
            Some(ALIBABA_PROVIDER.to_vec()),
            RPC_SERVICE.to_vec(),
            operation("fuzzed.yaml", file),
        ),
        _ => load_shared_service_bytes(
            "tencent",
            "wedata",
            tencent(),
            file,
            operation("create_code_file.yaml", TENCENT_OPERATION.to_vec()),
        ),
    };
    match cloudspec_codegen::ir::lower(&tree) {
        // What the checks let through must emit without panicking (an error is fine).
        Ok(ir) if diagnostics.is_empty() => {
            let _ = cloudspec_codegen::emit::emit(&ir);
        }
        Ok(_) => {}
        Err(more) => diagnostics.0.extend(more.0),
    }
    check(&diagnostics);
});

/// Panics (a finding) when a diagnostic does not point inside its file or cannot be read.
fn check(diagnostics: &Diagnostics) {
    for d in &diagnostics.0 {
        let text = &*d.file.text;
        assert!(d.pos.offset <= text.len(), "offset past the end: {} {:?}", d.message, d.pos);
        if !text.is_empty() {
            let lines = text.split('\n').count() as u64;
            assert!(
                d.pos.line >= 1 && d.pos.line <= lines,
                "line outside the file: {} {:?}",
                d.message,
                d.pos
            );
            if d.pos.offset > 0 && text.is_char_boundary(d.pos.offset) {
                let line = text[..d.pos.offset].matches('\n').count() as u64 + 1;
                assert_eq!(line, d.pos.line, "the offset is on another line: {} {:?}", d.message, d.pos);
            }
        }
        assert!(!d.label.is_empty() && !d.hint.is_empty(), "no label or hint: {}", d.message);
        let rendered = d.render_plain();
        assert!(rendered.starts_with(&format!("{}: ", d.location())), "{rendered}");
    }
}
