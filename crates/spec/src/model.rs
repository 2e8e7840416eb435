//! What spec authors write, one struct per YAML mapping. Unknown keys are rejected so that a
//! typo is an error, not a silently ignored line. Nothing here knows about Rust: names are
//! the vendor's wire names, types are spec type expressions.

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;

use super::located::{Entries, Located};

/// `specs/<provider>/<service>/service.yaml`: what every operation of a service shares.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceSpec {
    /// The provider, equal to the first folder name (`tencent`, `oci`, ...).
    pub provider: Located<String>,
    /// The service, equal to the second folder name (`wedata`, ...).
    pub service: Located<String>,
    /// Human-readable name of the service.
    pub title: String,
    /// The vendor's API reference for the service.
    pub docs: String,
    /// sha256 of the text of the `docs` page as it was when the spec was written: 64 lower-case
    /// hex digits, of the text normalised as `cloudspec docs-status` does (see specs/README.md).
    /// `docs-status` flags the spec for review when the saved page no longer hashes to it.
    #[serde(default)]
    #[schemars(regex(pattern = r"^[0-9a-f]{64}$"))]
    pub docs_sha256: Option<Located<String>>,
    /// The wire protocol every operation of the service speaks.
    pub protocol: Located<Protocol>,
    /// The API version string the protocol sends (or puts in paths).
    pub api_version: String,
    /// Where the service is reached.
    pub endpoint: Endpoint,
    /// Accepted authentication schemes, preferred first.
    pub auth: Located<Vec<AuthSpec>>,
    /// The named type that a failed call's body decodes into.
    #[serde(default)]
    pub error_shape: Option<Located<String>>,
    /// Named types shared by the operations of the service.
    #[serde(default)]
    pub types: Entries<Located<TypeSpec>>,
    /// Error codes common to every operation of the service.
    #[serde(default)]
    pub errors: Vec<Located<ErrorSpec>>,
}

/// `specs/<provider>/provider.yaml`: what the services of one provider share, so that a new
/// service holds only its own definitions. Shared definitions are keyed by protocol, because a
/// vendor's error envelope and common codes belong to its protocol (Alibaba's RPC services share
/// one envelope, its PDS service has another). A service uses the section of its own protocol
/// implicitly: its types, error codes and error shape are the section's plus its own.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProviderSpec {
    /// The provider, equal to the folder name (`tencent`, `alibaba`, ...).
    pub provider: Located<String>,
    /// What every service of a protocol shares, keyed by the protocol's name (`acs_rpc`, ...).
    pub protocols: Entries<Located<SharedSpec>>,
}

/// The definitions a provider's services of one protocol share.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SharedSpec {
    /// The named type that a failed call's body decodes into, for every service of the protocol.
    #[serde(default)]
    pub error_shape: Option<Located<String>>,
    /// Named types every service of the protocol has, as if declared in its service.yaml.
    #[serde(default)]
    pub types: Entries<Located<TypeSpec>>,
    /// Error codes common to every operation of every service of the protocol.
    #[serde(default)]
    pub errors: Vec<Located<ErrorSpec>>,
}

/// The wire protocols cloudspec knows. Each implies a default parameter location, an error
/// envelope and a request shape; the runtime implements one module per protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Protocol {
    /// Tencent Cloud API 3.0: `POST /` with a JSON body, action in `X-TC-Action`, result wrapped
    /// in `{"Response": ...}`.
    TencentJson,
    /// Oracle Cloud Infrastructure REST: path parameters, `opc-*` headers, JSON bodies.
    OciRest,
    /// Huawei Cloud REST: path parameters, JSON bodies, `error_code`/`error_msg` errors.
    HuaweiRest,
    /// Alibaba Cloud ROA-style JSON (PDS): JSON body to a resource path.
    PdsRoa,
    /// Alibaba Cloud RPC: `Action`/`Version` and parameters in the query string.
    AcsRpc,
}

/// Where a service is reached.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    /// URL template; `{placeholders}` such as `{region}` are filled in by the client.
    pub url: Located<String>,
    /// Regions the service is documented in.
    #[serde(default)]
    pub regions: Vec<String>,
    /// Regions whose host does not follow `url`, with their full endpoint URL (no
    /// placeholders), as the vendor SDK's region table lists them. A client for such a region
    /// goes to this URL instead of the template's.
    #[serde(default)]
    pub region_urls: std::collections::BTreeMap<String, Located<String>>,
    /// Notes on choosing the endpoint.
    #[serde(default)]
    pub doc: Option<String>,
}

/// One accepted authentication scheme.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuthSpec {
    pub scheme: AuthScheme,
    /// The name the signature scopes to, where the scheme has one (TC3: the service).
    #[serde(default)]
    pub signing_name: Option<String>,
    #[serde(default)]
    pub doc: Option<String>,
}

impl Protocol {
    /// The name a spec writes (`protocol: tencent_json`).
    pub const fn spec_name(self) -> &'static str {
        match self {
            Protocol::TencentJson => "tencent_json",
            Protocol::OciRest => "oci_rest",
            Protocol::HuaweiRest => "huawei_rest",
            Protocol::PdsRoa => "pds_roa",
            Protocol::AcsRpc => "acs_rpc",
        }
    }
}

/// The authentication schemes the runtime implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuthScheme {
    Tc3HmacSha256,
    OciRsaSha256,
    HuaweiIamToken,
    HuaweiAksk,
    BearerToken,
    Acs3HmacSha256,
}

impl AuthScheme {
    /// The name a spec writes (`scheme: tc3_hmac_sha256`).
    pub const fn spec_name(self) -> &'static str {
        match self {
            AuthScheme::Tc3HmacSha256 => "tc3_hmac_sha256",
            AuthScheme::OciRsaSha256 => "oci_rsa_sha256",
            AuthScheme::HuaweiIamToken => "huawei_iam_token",
            AuthScheme::HuaweiAksk => "huawei_aksk",
            AuthScheme::BearerToken => "bearer_token",
            AuthScheme::Acs3HmacSha256 => "acs3_hmac_sha256",
        }
    }
}

/// `specs/<provider>/<service>/<operation>.yaml`: one documented operation.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OperationSpec {
    /// The vendor's operation name, PascalCase.
    pub operation: Located<String>,
    /// One line.
    pub summary: String,
    /// The longer description from the page.
    #[serde(default)]
    pub doc: Option<String>,
    /// The page this spec was written from.
    pub docs: String,
    /// sha256 of the text of the `docs` page this spec was written from: 64 lower-case hex
    /// digits, of the text normalised as `cloudspec docs-status` does (see specs/README.md).
    /// `docs-status` flags the spec for review when the saved page no longer hashes to it.
    #[serde(default)]
    #[schemars(regex(pattern = r"^[0-9a-f]{64}$"))]
    pub docs_sha256: Option<Located<String>>,
    pub http: Located<Http>,
    /// Whether sending the same request twice has the effect of sending it once. Required, so
    /// every author decides (with the reason in a comment): it is what allows a retry after a
    /// failure that may have reached the server.
    pub idempotent: Located<bool>,
    /// Wire name of the input field that carries an idempotency token (OCI `opc-retry-token`).
    /// The client fills it with a fresh token when the caller leaves it unset, sends the same
    /// token on every attempt, and may then retry a non-idempotent operation safely.
    #[serde(default)]
    pub idempotency_token: Option<Located<String>>,
    #[serde(default)]
    pub rate_limit: Option<RateLimit>,
    pub input: Shape,
    pub output: Shape,
    /// Named types used by this operation only (names are unique across the service).
    #[serde(default)]
    pub types: Entries<Located<TypeSpec>>,
    /// The error codes and statuses the page lists.
    #[serde(default)]
    pub errors: Vec<Located<ErrorSpec>>,
    /// The page's examples, verbatim.
    #[serde(default)]
    pub examples: Vec<Located<Example>>,
    /// How a list operation pages (see [`crate::PaginationSpec`]); generates a
    /// `<operation>_pages` method walking every page.
    // Boxed: most operations have none, and the block would double the size of the spec.
    #[serde(default)]
    pub pagination: Option<Box<Located<crate::PaginationSpec>>>,
    /// The operation reads the state of an asynchronous task: the client also gets a
    /// `wait_<operation>` method that calls it until the task is done or has failed.
    // Boxed: few operations have one, and it would double the size of every parsed operation.
    #[serde(default)]
    pub wait: Option<Box<Located<WaitSpec>>>,
    /// The operation may start an asynchronous task that another operation of the service
    /// reports on (PDS `MoveFile` → `GetAsyncTask`): the client also gets a `wait_<operation>`
    /// method that takes this operation's output and waits through that operation's `wait:`.
    #[serde(default)]
    pub wait_via: Option<Box<Located<WaitViaSpec>>>,
}

/// `wait_via:` on an operation that may start an asynchronous task: the operation (of the same
/// service, with a `wait:` block) that reports the task's state, and the output field that names
/// the task. The task's value becomes that operation's `wait.task` input field.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WaitViaSpec {
    /// The vendor's name of the operation to poll (`GetAsyncTask`).
    pub operation: Located<String>,
    /// Wire name of this operation's output field that names the task; when it is optional and
    /// absent, nothing was started and there is nothing to wait for.
    pub task: Located<String>,
}

/// `wait:` on an operation that reports an asynchronous task's state (PDS `GetAsyncTask`):
/// which request field names the task, which response field holds its state, and which values
/// of it mean done, failed or still running.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WaitSpec {
    /// Wire name of the required input field that names the task (documentation and a check:
    /// the wait polls with the caller's request as it is).
    pub task: Located<String>,
    /// Wire name of the output field that holds the task's state: a string, an enum or an
    /// integer.
    pub state: Located<String>,
    /// The states that mean the task finished successfully.
    pub done: Located<Vec<Located<WireValue>>>,
    /// The states that mean the task finished and failed.
    pub failed: Located<Vec<Located<WireValue>>>,
    /// The states that mean the task is still queued or running. Any other value (one the spec
    /// does not know) is also waited on, until the deadline.
    pub pending: Located<Vec<Located<WireValue>>>,
    /// Wire name of the output string field that explains a failure.
    #[serde(default)]
    pub message: Option<Located<String>>,
    /// Wire name of the output field that holds the failure's error code, if the task has one.
    #[serde(default)]
    pub error_code: Option<Located<String>>,
}

/// A scalar wire value as the YAML writes it: text (quoted, or any plain scalar that is not a
/// number or boolean), an integer, or a boolean.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum WireValue {
    Bool(bool),
    Integer(i64),
    Text(String),
}

impl WireValue {
    /// The value as text: what a string enum's wire value is, and how a number or boolean
    /// prints.
    pub fn text(&self) -> String {
        match self {
            WireValue::Bool(b) => b.to_string(),
            WireValue::Integer(i) => i.to_string(),
            WireValue::Text(t) => t.clone(),
        }
    }

    /// `string`, `integer` or `boolean`, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            WireValue::Bool(_) => "boolean",
            WireValue::Integer(_) => "integer",
            WireValue::Text(_) => "string",
        }
    }
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Http {
    /// `GET`, `POST`, `PUT`, `PATCH`, `DELETE` or `HEAD`.
    pub method: Located<String>,
    /// Path template; each `{name}` is the wire name of a `location: path` field.
    pub path: Located<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RateLimit {
    pub requests_per_second: Located<f64>,
}

/// The input or output of an operation.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Shape {
    #[serde(default)]
    pub doc: Option<String>,
    /// Success status of the output (default 200); not used on inputs.
    #[serde(default)]
    pub status: Option<Located<u16>>,
    /// Fields keyed by wire name, in the page's order.
    #[serde(default)]
    pub fields: Entries<Located<FieldSpec>>,
    /// The most bytes a binary response body (`type: binary`, `location: payload`) may have:
    /// required with one, refused without. The body is streamed to the caller, so this bound
    /// replaces the client's JSON cap for the operation; a larger body is a `TooLarge` error.
    #[serde(default)]
    #[schemars(range(min = 1))]
    pub max_body_bytes: Option<Located<u64>>,
}

/// A named type: an object (`fields`) or a string enum (`values`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TypeSpec {
    #[serde(default)]
    pub doc: Option<String>,
    #[serde(default)]
    pub fields: Option<Entries<Located<FieldSpec>>>,
    #[serde(default)]
    pub values: Option<Vec<Located<EnumValueSpec>>>,
    /// An object type that keeps the members it does not list (vendor documents such as
    /// DataWorks FlowSpec carry more keys than a page shows): they are kept on decode, sent back
    /// on encode, and callers can set their own in the generated `extra` map.
    #[serde(default)]
    pub open: Option<Located<bool>>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnumValueSpec {
    /// The value as it is on the wire. Its YAML kind decides the enum's: quoted text (or a
    /// plain word) makes a string enum, integers an integer enum (`value: 2`), `true` and
    /// `false` a boolean enum. Every value of one enum has the same kind.
    pub value: Located<WireValue>,
    /// The Rust variant's name (UpperCamelCase). Required for integer and boolean values,
    /// which have no words to derive one from (`{ value: 2, name: Archived }`); for text values
    /// it overrides the derived name.
    #[serde(default)]
    pub name: Option<Located<String>>,
    #[serde(default)]
    pub doc: Option<String>,
    /// The vendor documents the value as deprecated: its variant is `#[deprecated]` and still
    /// decodes.
    #[serde(default)]
    pub deprecated: bool,
}

/// One field of an input, output or object type, keyed by its wire name.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// A type expression: `string`, `int32`, `int64`, `float64`, `bool`, `timestamp`, `bytes`,
    /// `json`, `number_or_string`, `binary` (raw bytes; only as `location: payload`), `list<T>`,
    /// `map<T>`, `json_string<T>` or the name of a type.
    #[serde(rename = "type")]
    pub ty: Located<String>,
    #[serde(default)]
    pub required: bool,
    /// `null` is a value of the field (distinct from the field being optional).
    #[serde(default)]
    pub nullable: bool,
    /// The documented default.
    #[serde(default)]
    pub default: Option<Value>,
    #[serde(default)]
    pub doc: Option<String>,
    /// The page's example value.
    #[serde(default)]
    pub example: Option<Value>,
    /// Wire format of a `timestamp`.
    #[serde(default)]
    pub format: Option<Located<TimestampFormat>>,
    /// A `timestamp` whose text does not parse in its `format` is kept as text instead of
    /// failing the whole document (the parsed value is then absent, the raw text available).
    #[serde(default)]
    pub lenient: Option<Located<bool>>,
    #[serde(default)]
    pub min_length: Option<Located<u64>>,
    #[serde(default)]
    pub max_length: Option<Located<u64>>,
    /// What a length counts (default `chars`).
    #[serde(default)]
    pub length_unit: Option<LengthUnit>,
    #[serde(default)]
    pub minimum: Option<Located<f64>>,
    #[serde(default)]
    pub maximum: Option<Located<f64>>,
    /// A regular expression (Rust `regex` syntax) the value must contain a match of.
    #[serde(default)]
    pub pattern: Option<Located<String>>,
    #[serde(default)]
    pub min_items: Option<Located<u64>>,
    #[serde(default)]
    pub max_items: Option<Located<u64>>,
    #[serde(default)]
    pub multiple_of: Option<Located<i64>>,
    /// Rules for each item of a `list<T>` field: whether an item may be `null`, and the
    /// constraints every item is checked against.
    #[serde(default)]
    pub items: Option<Located<ItemsSpec>>,
    /// Where the field travels; each protocol has a default.
    #[serde(default)]
    pub location: Option<Located<Location>>,
    /// The string is a presigned URL another request transfers raw bytes with: `upload` (a
    /// `PUT`) or `download` (a `GET`). Only on response fields and named types; the generated
    /// field is a typed URL with the one transfer it was signed for.
    #[serde(default)]
    pub presigned: Option<Located<PresignedUse>>,
    /// Overrides the Rust name (only to fix a collision).
    #[serde(default)]
    pub rust_name: Option<Located<String>>,
    /// Redacted in `Debug` output and logs.
    #[serde(default)]
    pub sensitive: bool,
    #[serde(default)]
    pub deprecated: bool,
    /// How a list or map input travels in a query string or form, when not the protocol's
    /// default way (see [`crate::ParamStyleSpec`]).
    #[serde(default)]
    pub style: Option<Located<crate::ParamStyleSpec>>,
}

/// What a presigned URL was signed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PresignedUse {
    /// A `PUT` of raw bytes.
    Upload,
    /// A `GET` of raw bytes.
    Download,
}

/// `items:` of a `list<T>` field.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemsSpec {
    /// An item may be `null` (kept in place as `None`).
    #[serde(default)]
    pub nullable: bool,
    #[serde(default)]
    pub min_length: Option<Located<u64>>,
    #[serde(default)]
    pub max_length: Option<Located<u64>>,
    /// What an item's length counts (default `chars`).
    #[serde(default)]
    pub length_unit: Option<LengthUnit>,
    #[serde(default)]
    pub minimum: Option<Located<f64>>,
    #[serde(default)]
    pub maximum: Option<Located<f64>>,
    /// A regular expression (Rust `regex` syntax) each item must contain a match of.
    #[serde(default)]
    pub pattern: Option<Located<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TimestampFormat {
    /// RFC 3339, e.g. `2019-08-20T06:51:27.292Z`.
    Rfc3339,
    /// `yyyy-MM-dd HH:mm:ss`, no zone.
    Datetime,
    /// Whole seconds since the Unix epoch, a JSON integer (`1543914376`).
    EpochSeconds,
    /// Milliseconds since the Unix epoch, a JSON integer (`1700000000123`).
    EpochMillis,
}

impl TimestampFormat {
    /// A count since the epoch rather than text.
    pub const fn is_epoch(self) -> bool {
        matches!(self, TimestampFormat::EpochSeconds | TimestampFormat::EpochMillis)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LengthUnit {
    Chars,
    Bytes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Location {
    Path,
    Query,
    Header,
    Body,
    /// The field is the whole body: an object type, a bare list, map, string or number, or
    /// `binary` raw bytes.
    Payload,
}

impl Location {
    /// The name a spec writes (`in: query`).
    pub const fn spec_name(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Body => "body",
            Location::Payload => "payload",
        }
    }
}

/// An error a page documents: a vendor code, a status, or both.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorSpec {
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default)]
    pub doc: Option<String>,
    /// How the client treats this code when retrying, over the protocol's default table and
    /// the status. Only for an entry with a `code`: the client classifies by code.
    #[serde(default)]
    pub retry: Option<Located<ErrorRetry>>,
}

/// `retry:` of an error entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorRetry {
    /// The server refused the call before acting on it (a rate limit): retried for every
    /// operation.
    Throttling,
    /// A failure that may pass, after which the call may have been applied: retried only for
    /// idempotent or token-protected operations.
    Transient,
    /// Never retried.
    Never,
}

/// An example from the page, verbatim.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub title: String,
    /// The request body or parameter document.
    #[serde(default)]
    pub request: Option<Value>,
    /// The response status (default 200).
    #[serde(default)]
    pub status: Option<u16>,
    /// The response body as printed.
    #[serde(default)]
    pub response: Option<Value>,
}
