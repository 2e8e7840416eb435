//! The examples each spec copied from its vendor page, loaded through the generator's own
//! loader so a test exercises exactly what the spec says.

use std::path::PathBuf;
use std::sync::OnceLock;

use cloudspec_codegen::ir::{Example, Ir, Operation};

/// The workspace's `specs/` folder.
pub fn specs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

fn ir() -> &'static Ir {
    static IR: OnceLock<Ir> = OnceLock::new();
    IR.get_or_init(|| match cloudspec_codegen::lint(&specs_dir()) {
        Ok(ir) => ir,
        Err(diagnostics) => panic!("the specs do not load:\n{}", diagnostics.render_plain()),
    })
}

/// The operation `provider/service/Operation`.
pub fn operation(provider: &str, service: &str, name: &str) -> &'static Operation {
    ir().services
        .iter()
        .filter(|s| s.provider == provider && s.name == service)
        .flat_map(|s| &s.operations)
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("no operation {provider}/{service}/{name} in the specs"))
}

/// The operation's examples answered with `status`.
pub fn with_status(op: &'static Operation, status: u16) -> Vec<&'static Example> {
    op.examples.iter().filter(|e| e.status == status).collect()
}

/// The response document of the first example with `status`, as bytes to serve.
pub fn response_body(op: &'static Operation, status: u16) -> Vec<u8> {
    let example = with_status(op, status)
        .into_iter()
        .find(|e| e.response.is_some())
        .unwrap_or_else(|| panic!("{} documents no {status} response example", op.name));
    serde_json::to_vec_pretty(example.response.as_ref().expect("checked above"))
        .expect("JSON value serializes")
}
