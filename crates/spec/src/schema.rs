//! The JSON Schema of spec files, derived from the spec model so that it cannot drift from what
//! the loader accepts. Editors use it for completion and checking (`specs/schema.json`).

use schemars::JsonSchema;

use crate::{OperationSpec, ProviderSpec, ServiceSpec};

/// A spec file is a service's `service.yaml`, one operation, or a provider's `provider.yaml`.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum SpecFile {
    // Boxed to keep the (never built) variants of similar size; the schema is the same.
    Service(Box<ServiceSpec>),
    Operation(Box<OperationSpec>),
    Provider(Box<ProviderSpec>),
}

/// The schema as pretty-printed JSON, ending with a newline.
pub fn json_schema() -> String {
    let mut schema = schemars::schema_for!(SpecFile);
    schema.insert("title".into(), "cloudspec spec file".into());
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
