//! `cloudspec new <provider>/<service>/<Operation>`: start a spec with every section laid out.
//!
//! The new operation file (and `service.yaml` when the service is new) holds every key a spec
//! needs, with `TODO:` placeholders where only the vendor's page can say what goes there, and the
//! optional sections as comments to uncomment. A placeholder is a value such as
//! `summary: "TODO: one line from the page"`, or a `# TODO:` comment on a line whose value is a
//! safe default that must be checked (`idempotent: false`, `method: POST`).
//!
//! Lint reports every `TODO:` left in a spec file, comments included, each at its line and column
//! (`cloudspec_spec::placeholders`), so a half-filled scaffold can never be generated. The marker is
//! reserved: authors record open questions as `# decision:` comments, never as `TODO:`.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use cloudspec_spec::diagnostic::{Diagnostics, SourceFile};
use cloudspec_spec::names;
use cloudspec_spec::placeholders::placeholders_in;
use cloudspec_spec::{self as spec, OperationSpec, PagingStyle, Protocol, ProviderSpec, ServiceSpec};

/// The protocols by their spec names, for messages and for `--protocol`.
pub const PROTOCOLS: &[&str] = &["tencent_json", "oci_rest", "huawei_rest", "pds_roa", "acs_rpc"];

/// The paging styles by the names `--paging` takes.
pub const PAGING_STYLES: &[&str] = &["page-number", "offset", "token", "marker"];

/// Parses `--paging`: one of [`PAGING_STYLES`] (the spec's names with `-` for `_` also do).
pub fn parse_paging(text: &str) -> Result<PagingStyle, String> {
    serde_json::from_value(serde_json::Value::String(text.replace('-', "_")))
        .map_err(|_| format!("unknown paging style `{text}`; use one of {}", PAGING_STYLES.join(", ")))
}

/// Parses `--protocol`: one of [`PROTOCOLS`].
pub fn parse_protocol(text: &str) -> Result<Protocol, String> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|_| format!("unknown protocol `{text}`; use one of {}", PROTOCOLS.join(", ")))
}

/// What `scaffold` wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaffoldReport {
    /// The new operation file.
    pub operation_file: PathBuf,
    /// The new `service.yaml`, when the service did not exist.
    pub service_file: Option<PathBuf>,
    /// The protocol the operation was laid out for (`None`: the existing service.yaml does not
    /// parse and none was given, so the layout is generic).
    pub protocol: Option<Protocol>,
    /// How many `TODO:` placeholders the new files hold.
    pub placeholders: usize,
}

impl ScaffoldReport {
    /// What to print: the files, then what to do next.
    pub fn render_text(&self, specs: &Path) -> String {
        let mut out = String::new();
        if let Some(service) = &self.service_file {
            out.push_str(&format!("created {} (new service)\n", service.display()));
        }
        out.push_str(&format!("created {}\n", self.operation_file.display()));
        out.push_str(&format!(
            "next: replace the {} `TODO:` placeholders with what the vendor's page says (specs/README.md, \
             section 11), then run `cloudspec lint --specs {}` until it reports no problems\n",
            self.placeholders,
            specs.display()
        ));
        out
    }
}

/// Why nothing was scaffolded. Nothing is written when any of these is returned.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("`{target}` is not <provider>/<service>/<Operation>: {reason}")]
    Target { target: String, reason: String },
    #[error("the specs folder {} does not exist; pass the folder that holds <provider>/<service>/", .0.display())]
    NoSpecs(PathBuf),
    #[error("{} already exists; `cloudspec new` never overwrites a spec (edit it, or delete it first)", .0.display())]
    Exists(PathBuf),
    #[error("operation `{operation}` is already defined in {}", file.display())]
    Duplicate { operation: String, file: PathBuf },
    #[error(
        "service `{service}` does not exist yet: pass its protocol (one of {}) so that service.yaml can be written",
        PROTOCOLS.join(", ")
    )]
    NeedsProtocol { service: String },
    #[error("{} says `protocol: {existing}`, not `{given}`; leave the protocol out, or fix it", file.display())]
    ProtocolMismatch { file: PathBuf, existing: &'static str, given: &'static str },
    #[error("cannot write {}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
}

/// Writes `<specs>/<provider>/<service>/<operation>.yaml` for `target`
/// (`<provider>/<service>/<Operation>`), and `service.yaml` beside it when the service is new
/// (which needs `protocol`). An existing service's protocol comes from its service.yaml; giving a
/// different one is an error. Never overwrites a file.
pub fn scaffold(
    specs: &Path,
    target: &str,
    protocol: Option<Protocol>,
) -> Result<ScaffoldReport, ScaffoldError> {
    scaffold_list(specs, target, protocol, None)
}

/// [`scaffold`], for a list operation when `paging` is given: the spec also holds a
/// `pagination:` block of that style and the request and response fields it names, as
/// placeholders to check against the page.
pub fn scaffold_list(
    specs: &Path,
    target: &str,
    protocol: Option<Protocol>,
    paging: Option<PagingStyle>,
) -> Result<ScaffoldReport, ScaffoldError> {
    let (provider, service, operation) = parse_target(target)?;
    if !specs.is_dir() {
        return Err(ScaffoldError::NoSpecs(specs.to_path_buf()));
    }
    let dir = specs.join(provider).join(service);
    let module = names::module_name(operation);
    let operation_file = dir.join(format!("{module}.yaml"));
    for existing in [operation_file.clone(), dir.join(format!("{module}.yml"))] {
        if existing.exists() {
            return Err(ScaffoldError::Exists(existing));
        }
    }
    if let Some(file) = defined_in(&dir, operation) {
        return Err(ScaffoldError::Duplicate { operation: operation.to_owned(), file });
    }

    let service_path = dir.join("service.yaml");
    let service_exists = service_path.exists();
    let protocol = if service_exists {
        match existing_protocol(&service_path) {
            Some(existing) => match protocol {
                Some(given) if given != existing => {
                    return Err(ScaffoldError::ProtocolMismatch {
                        file: service_path,
                        existing: existing.spec_name(),
                        given: given.spec_name(),
                    });
                }
                _ => Some(existing),
            },
            // A service.yaml that does not parse yet: lint will say why; lay out what was asked.
            None => protocol,
        }
    } else {
        match protocol {
            Some(protocol) => Some(protocol),
            None => return Err(ScaffoldError::NeedsProtocol { service: format!("{provider}/{service}") }),
        }
    };

    let operation_text = operation_template(target, operation, protocol, paging);
    let service_text = match (service_exists, protocol) {
        (false, Some(protocol)) => {
            let shared = shared_by_provider(&specs.join(provider), protocol);
            Some(service_template(target, provider, service, protocol, shared.as_deref()))
        }
        _ => None,
    };
    std::fs::create_dir_all(&dir).map_err(|source| ScaffoldError::Io { path: dir.clone(), source })?;
    let service_file = match &service_text {
        Some(text) => {
            write_new(&service_path, text)?;
            Some(service_path.clone())
        }
        None => None,
    };
    if let Err(error) = write_new(&operation_file, &operation_text) {
        // Leave no half scaffold: the service file was written for this operation only.
        if service_file.is_some() {
            let _ = std::fs::remove_file(&service_path);
        }
        return Err(error);
    }
    let placeholders =
        count_placeholders(&operation_text) + service_text.as_deref().map_or(0, count_placeholders);
    Ok(ScaffoldReport { operation_file, service_file, protocol, placeholders })
}

fn count_placeholders(text: &str) -> usize {
    let file = SourceFile { name: Arc::from(""), path: PathBuf::new(), text: Arc::from(text) };
    let mut diagnostics = Diagnostics::default();
    placeholders_in(&file, &mut diagnostics);
    diagnostics.len()
}

/// Creates `path`, failing if it exists (also when it appeared since it was checked).
fn write_new(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    let io = |source| ScaffoldError::Io { path: path.to_path_buf(), source };
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(path).map_err(|source| {
        if source.kind() == std::io::ErrorKind::AlreadyExists {
            ScaffoldError::Exists(path.to_path_buf())
        } else {
            io(source)
        }
    })?;
    file.write_all(text.as_bytes()).map_err(io)
}

/// `provider/service/Operation`, each part checked the way lint will check it.
fn parse_target(target: &str) -> Result<(&str, &str, &str), ScaffoldError> {
    let fail = |reason: String| ScaffoldError::Target { target: target.to_owned(), reason };
    let parts: Vec<&str> = target.trim().split('/').collect();
    let [provider, service, operation] = parts[..] else {
        return Err(fail(format!(
            "it has {} part{}; write three, e.g. tencent/wedata/CreateCodeFile",
            parts.len(),
            if parts.len() == 1 { "" } else { "s" }
        )));
    };
    check_folder_name("provider", provider).map_err(&fail)?;
    check_folder_name("service", service).map_err(&fail)?;
    check_operation_name(operation).map_err(&fail)?;
    Ok((provider, service, operation))
}

/// Provider and service folders become Rust module names and cargo features as they are.
fn check_folder_name(what: &str, name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err(format!("the {what} is empty"));
    }
    let shaped = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if names::is_keyword(name) {
        return Err(format!("the {what} `{name}` is a Rust keyword, which cannot name a module"));
    }
    if !shaped || names::module_name(name) != name {
        let suggestion = names::module_name(name);
        return Err(format!(
            "the {what} `{name}` is not a lower-case name: use ASCII letters, digits and single `_`, starting \
             with a letter (e.g. `{}`)",
            suggestion.trim_end_matches('_')
        ));
    }
    Ok(())
}

/// The operation name is the vendor's action in PascalCase, as lint requires.
fn check_operation_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("the operation is empty".to_owned());
    }
    let pascal = names::type_name(name);
    if !name.starts_with(|c: char| c.is_ascii_uppercase())
        || !name.chars().all(|c| c.is_ascii_alphanumeric())
        || pascal != name
    {
        return Err(format!(
            "the operation `{name}` is not PascalCase; write the vendor's action name, e.g. `{pascal}`"
        ));
    }
    Ok(())
}

/// The operation file of the service folder that already declares `operation`, if any.
fn defined_in(dir: &Path, operation: &str) -> Option<PathBuf> {
    let entries = std::fs::read_dir(dir).ok()?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    paths.into_iter().find(|path| {
        let yaml = matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"));
        if !yaml || path.file_name().is_some_and(|n| n == "service.yaml") {
            return false;
        }
        let Ok(bytes) = std::fs::read(path) else { return false };
        // Files that do not parse are lint's business; only a readable declaration counts.
        spec::load::parse::<OperationSpec>(Arc::from(""), path, bytes)
            .is_ok_and(|(_, spec)| names::module_name(&spec.operation.value) == names::module_name(operation))
    })
}

/// What `<provider>/provider.yaml` already gives every service of `protocol`, said in a comment
/// for the new service.yaml instead of the error envelope and codes it would otherwise lay out.
/// `None` when the provider has no such file, it does not parse (lint will say why), or it has no
/// section for the protocol.
fn shared_by_provider(provider_dir: &Path, protocol: Protocol) -> Option<String> {
    let path = provider_dir.join(spec::load::PROVIDER_FILE);
    let bytes = std::fs::read(&path).ok()?;
    let (_, provider) = spec::load::parse::<ProviderSpec>(Arc::from(""), &path, bytes).ok()?;
    let section = provider.protocols.get(protocol.spec_name())?;
    let mut shared = Vec::new();
    if let Some(shape) = &section.error_shape {
        shared.push(format!("the error shape `{}`", shape.value));
    }
    if !section.types.is_empty() {
        let types: Vec<&str> = section.types.iter().map(|(key, _)| key.value.as_str()).collect();
        shared.push(format!("the types {}", types.join(", ")));
    }
    if !section.errors.is_empty() {
        shared.push(format!("{} common error codes", section.errors.len()));
    }
    Some(format!(
        "# ../provider.yaml gives every `{}` service of this provider {}. Declare here only what\n\
         # this service adds (specs/README.md, provider files); repeating a shared type, code or\n\
         # error_shape is an error.\n",
        protocol.spec_name(),
        if shared.is_empty() { "nothing yet".to_owned() } else { shared.join("; ") },
    ))
}

fn existing_protocol(path: &Path) -> Option<Protocol> {
    let bytes = std::fs::read(path).ok()?;
    spec::load::parse::<ServiceSpec>(Arc::from(""), path, bytes).ok().map(|(_, spec)| spec.protocol.value)
}

/// What differs per protocol in a new spec.
struct Layout {
    /// `(method line, path line)` of `http:`.
    http: (&'static str, &'static str),
    input_note: &'static str,
    output_note: &'static str,
}

fn layout(protocol: Option<Protocol>) -> Layout {
    const REST_HTTP: (&str, &str) = (
        "POST  # TODO: the page's HTTP method (GET, POST, PUT, PATCH, DELETE or HEAD)",
        "/  # TODO: the page's path template; each {name} is a `location: path` field",
    );
    match protocol {
        Some(Protocol::TencentJson) => Layout {
            http: ("POST", "/"),
            input_note: "# Action, Version and Region are common parameters the protocol sends: not fields.",
            output_note: "# List what is inside \"Response\", e.g.\n    \
                #   RequestId: { type: string, required: true, doc: \"The unique request ID, generated by the server.\" }",
        },
        Some(Protocol::AcsRpc) => Layout {
            http: ("POST  # TODO: the page's HTTP method (GET or POST)", "/"),
            input_note: "# Action and Version are sent by the protocol: not fields. Inputs are query parameters\n    \
                # unless `location:` says otherwise.",
            output_note: "# e.g. RequestId: { type: string, required: true, doc: \"The request ID.\" }",
        },
        Some(Protocol::OciRest) => Layout {
            http: REST_HTTP,
            input_note: "# Path parameters: `location: path, required: true, min_length: 1`; headers (opc-request-id,\n    \
                # opc-retry-token): `location: header`; the JSON body: one `location: payload` field of an object type.",
            output_note: "# The JSON body: one `location: payload` field; response headers (etag, opc-request-id):\n    \
                # `location: header` fields.",
        },
        Some(Protocol::HuaweiRest) => Layout {
            http: REST_HTTP,
            input_note: "# X-Auth-Token is the auth scheme, not a field. Path parameters: `location: path, required: true`.",
            output_note: "# The members of the JSON response body.",
        },
        Some(Protocol::PdsRoa) => Layout {
            http: REST_HTTP,
            input_note: "# The members of the JSON request body (the default location).",
            output_note: "# The members of the JSON response body.",
        },
        None => Layout {
            http: REST_HTTP,
            input_note: "# Give each field the `location:` the page documents, unless it is the protocol's default.",
            output_note: "# The members of the response body; documented response headers are `location: header`.",
        },
    }
}

/// The pagination block and the request and response fields it names, for `--paging`.
struct ListLayout {
    block: &'static str,
    inputs: &'static str,
    outputs: &'static str,
}

fn list_layout(paging: Option<PagingStyle>) -> ListLayout {
    const ITEMS: &str = "\n    Items: { type: \"list<string>\", doc: \"The items of the page.\" }  # TODO: the response's list \
        and its item type (usually a named object type)";
    match paging {
        None => ListLayout { block: "", inputs: "", outputs: "" },
        Some(PagingStyle::PageNumber) => ListLayout {
            block: "# Pages by page number (specs/README.md, \"Pagination\"): the walk sets `page` and `size`\n\
                # on each request and reads the items, and the total when there is one, from the response.\n\
                pagination:\n  style: page_number\n  \
                page: PageNumber  # TODO: the wire name of the page-number parameter\n  \
                size: PageSize  # TODO: the wire name of the page-size parameter\n  \
                items: Items  # TODO: the response's list; a dotted path (PagingInfo.Resources) reaches into objects\n  \
                # total: TotalCount   the number of items over all pages, when the response has it\n",
            inputs: "\n    PageNumber: { type: int32, minimum: 1, doc: \"The page number.\", example: 1 }  # TODO: check \
                against the page\n    \
                PageSize: { type: int32, minimum: 1, default: 10, doc: \"The number of entries per page.\" }  # TODO: \
                the documented default and maximum (the walk sends the default)",
            outputs: ITEMS,
        },
        Some(PagingStyle::Offset) => ListLayout {
            block: "# Pages by offset and limit (specs/README.md, \"Pagination\"): the walk sets `offset` and `size`.\n\
                pagination:\n  style: offset\n  \
                offset: Offset  # TODO: the wire name of the offset parameter\n  \
                size: Limit  # TODO: the wire name of the limit parameter\n  \
                items: Items  # TODO: the response's list; a dotted path reaches into objects\n  \
                # total: Total   the number of items over all pages: a response field or header\n",
            inputs: "\n    Offset: { type: int32, minimum: 0, doc: \"The offset of the first item.\", example: 0 }  # TODO: \
                check against the page\n    \
                Limit: { type: int32, minimum: 1, default: 10, doc: \"The number of items per page.\" }  # TODO: the \
                documented default and maximum (the walk sends the default)",
            outputs: ITEMS,
        },
        Some(PagingStyle::Token) => ListLayout {
            block: "# Pages by next token (specs/README.md, \"Pagination\"): the walk sends each response's `next`\n\
                # as the next request's `cursor`.\n\
                pagination:\n  style: token\n  \
                cursor: NextToken  # TODO: the wire name of the request's token parameter\n  \
                items: Items  # TODO: the response's list; a dotted path reaches into objects\n  \
                next: NextToken  # TODO: the response field holding the next token\n",
            inputs: "\n    NextToken: { type: string, doc: \"The token of the page to return.\" }  # TODO: check against the page",
            outputs: "\n    Items: { type: \"list<string>\", doc: \"The items of the page.\" }  # TODO: the response's list \
                and its item type (usually a named object type)\n    \
                NextToken: { type: string, doc: \"The token of the next page; absent on the last page.\" }  # TODO: \
                check against the page",
        },
        Some(PagingStyle::Marker) => ListLayout {
            block: "# Pages by marker (specs/README.md, \"Pagination\"): the walk sends each response's `next`\n\
                # as the next request's `cursor`.\n\
                pagination:\n  style: marker\n  \
                cursor: Marker  # TODO: the wire name of the request's marker parameter\n  \
                items: Items  # TODO: the response's list; a dotted path reaches into objects\n  \
                next: NextMarker  # TODO: the response field holding the next marker\n",
            inputs: "\n    Marker: { type: string, doc: \"The marker after which the page starts.\" }  # TODO: check against \
                the page",
            outputs: "\n    Items: { type: \"list<string>\", doc: \"The items of the page.\" }  # TODO: the response's list \
                and its item type (usually a named object type)\n    \
                NextMarker: { type: string, doc: \"The marker of the next page; empty on the last page.\" }  # TODO: \
                check against the page",
        },
    }
}

fn operation_template(
    target: &str,
    operation: &str,
    protocol: Option<Protocol>,
    paging: Option<PagingStyle>,
) -> String {
    let ListLayout { block: list_block, inputs: list_inputs, outputs: list_outputs } = list_layout(paging);
    let layout = layout(protocol);
    let (method, path) = layout.http;
    let input_note = layout.input_note;
    let output_note = layout.output_note;
    format!(
        r#"# yaml-language-server: $schema=../../schema.json
# Scaffolded by `cloudspec new {target}`.
# Replace every placeholder marked TODO with what the vendor's page says (specs/README.md,
# section 11). `cloudspec lint` reports each one left; nothing is generated until all are gone.
operation: {operation}
summary: "TODO: one line from the page"
doc: |
  TODO: the page's description, verbatim (or delete `doc`)
docs: "TODO: the URL of the page this spec is written from"
# docs_sha256: the sha256 of the page's saved text; `cloudspec docs-status --pages DIR` prints it.
http:
  method: {method}
  path: {path}
# TODO: decide retries. `true` only if sending the same request twice has the effect of sending it
# once; write the reason in a `# decision (retries):` comment (specs/README.md, section 3).
idempotent: false
{list_block}input:
  fields:
    # One entry per request parameter, keyed by its wire name, in the page's order (section 4):
    #   ProjectId: {{ type: string, required: true, doc: "Project ID.", example: "1470547050521227264" }}
    {input_note}
    # No parameters at all: replace `input:` and its fields with `input: {{}}`.
    "TODO: the first parameter's wire name": {{ type: string, doc: "TODO: its description, verbatim" }}{list_inputs}
output:
  status: 200  # TODO: the documented success status
  fields:
    # One entry per response field, keyed by its wire name, in the page's order.
    {output_note}
    "TODO: the first field's wire name": {{ type: string, doc: "TODO: its description, verbatim" }}{list_outputs}
# Named types (objects and enums) of this operation, unless service.yaml declares them (section 5):
# types:
#   Thing:
#     doc: ...
#     fields:
#       Name: {{ type: string, doc: "..." }}
# The page's error table; codes common to every operation belong in service.yaml (section 6):
# errors:
#   - {{ code: ..., status: 400, doc: "..." }}
# The page's examples, verbatim (section 7):
# examples:
#   - title: ...
#     request: {{ ... }}
#     response: {{ ... }}
"#
    )
}

fn service_template(
    target: &str,
    provider: &str,
    service: &str,
    protocol: Protocol,
    shared: Option<&str>,
) -> String {
    let (endpoint, scheme, signing) = match protocol {
        Protocol::TencentJson => {
            (format!("https://{service}.intl.tencentcloudapi.com"), "tc3_hmac_sha256", Some(service))
        }
        Protocol::OciRest => {
            (format!("https://{service}.{{region}}.oci.oraclecloud.com"), "oci_rsa_sha256", None)
        }
        Protocol::HuaweiRest => {
            (format!("https://{service}.{{region}}.myhuaweicloud.com"), "huawei_iam_token", None)
        }
        Protocol::PdsRoa => ("https://{domain_id}.api.aliyunpds.com".to_owned(), "bearer_token", None),
        Protocol::AcsRpc => (format!("https://{service}.{{region}}.aliyuncs.com"), "acs3_hmac_sha256", None),
    };
    let signing = signing.map_or(String::new(), |name| format!("    signing_name: {name}\n"));
    let protocol = protocol.spec_name();
    let errors = shared.map_or_else(|| ERRORS_SECTION.to_owned(), str::to_owned);
    format!(
        r#"# yaml-language-server: $schema=../../schema.json
# Scaffolded by `cloudspec new {target}`.
# Replace every placeholder marked TODO with what the vendor's documentation says
# (specs/README.md, section 2). `cloudspec lint` reports each one left.
provider: {provider}
service: {service}
title: "TODO: the service's name, e.g. Tencent Cloud WeData"
docs: "TODO: the URL of the vendor's API reference for the service"
# docs_sha256: the sha256 of the reference page's saved text (`cloudspec docs-status` prints it).
protocol: {protocol}
api_version: "TODO: the API version string the protocol sends, e.g. 2025-08-06"
endpoint:
  # TODO: the endpoint URL template from the vendor's endpoint list ({{region}} is filled in).
  url: {endpoint}
  # regions: [ ... ]   the region ids the service is documented in
  # doc: notes on choosing the endpoint
auth:
  # TODO: check the accepted authentication schemes (preferred first) against the vendor's docs.
  - scheme: {scheme}
{signing}{errors}"#
    )
}

/// The error envelope and common codes of a service whose provider shares none.
const ERRORS_SECTION: &str = r#"# The named object type a failed call's body decodes into, declared under `types:` (section 6):
# error_shape: ErrorBody
# Named types shared by the operations of the service (section 5):
# types:
#   ErrorBody:
#     fields:
#       code: { type: string, required: true, doc: "..." }
# Error codes common to every operation (section 6):
# errors:
#   - { code: ..., status: 400, doc: "..." }
"#;
