//! The resolved model emitters read: Rust identifiers chosen, type references resolved, every
//! parameter's location decided. Building it checks every rule a spec author can break.

mod body;
mod enums;
mod headers;
mod items;
mod lower;
mod method_names;
pub mod paging;
mod param_style;
pub use cloudspec_spec::names;
pub mod typeexpr;
mod wait;
mod wait_via;

pub use lower::{lower, lower_on};
pub use paging::Pagination;
pub use typeexpr::Ty;

use serde_json::Value;

use crate::spec::{
    AuthScheme, ErrorRetry, LengthUnit, Location, ParamStyleSpec, PresignedUse, Protocol, TimestampFormat,
};

#[derive(Debug, Clone)]
pub struct Ir {
    pub services: Vec<Service>,
}

impl Ir {
    pub fn operation_count(&self) -> usize {
        self.services.iter().map(|s| s.operations.len()).sum()
    }
}

impl Service {
    /// `<provider>/<service>`, as build scripts choose services and the manifest lists them.
    pub fn qualified_name(&self) -> String {
        format!("{}/{}", self.provider, self.name)
    }
}

#[derive(Debug, Clone)]
pub struct Service {
    /// Provider as written (`tencent`) and its module name.
    pub provider: String,
    pub provider_module: String,
    /// Service as written (`wedata`) and its module name.
    pub name: String,
    pub module: String,
    /// Cargo feature that compiles this service: `<provider>-<service>`.
    pub feature: String,
    /// Spec file path as shown in headers, e.g. `specs/tencent/wedata/service.yaml`.
    pub source: String,
    pub title: String,
    pub docs: String,
    pub protocol: Protocol,
    pub api_version: String,
    pub endpoint_url: String,
    pub regions: Vec<String>,
    /// Regions with their own endpoint URL (`endpoint.region_urls`), sorted by region.
    pub region_urls: Vec<(String, String)>,
    pub endpoint_doc: Option<String>,
    pub auth: Vec<Auth>,
    /// Rust name of the type an error body decodes into.
    pub error_shape: Option<String>,
    pub types: Vec<TypeDef>,
    pub errors: Vec<ErrorCode>,
    pub operations: Vec<Operation>,
}

#[derive(Debug, Clone)]
pub struct Auth {
    pub scheme: AuthScheme,
    pub signing_name: Option<String>,
    pub doc: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Operation {
    /// The vendor's name (`CreateCodeFile`), also the action name of action-style protocols.
    pub name: String,
    /// Module (and file) name and client method name: `create_code_file`.
    pub module: String,
    pub source: String,
    pub summary: String,
    pub doc: Option<String>,
    pub docs: String,
    pub method: String,
    pub path: String,
    pub rate_limit: Option<f64>,
    pub idempotent: bool,
    /// Wire name of the input field carrying the idempotency token.
    pub idempotency_token: Option<String>,
    pub input: StructDef,
    pub output: StructDef,
    /// The most bytes of a binary response body (`output.max_body_bytes`), set exactly when the
    /// output's payload is `binary`.
    pub max_body_bytes: Option<u64>,
    pub success_status: u16,
    /// Types declared by this operation's file.
    pub types: Vec<TypeDef>,
    /// Rust name of the error-code enum: `CreateCodeFileErrorCode`.
    pub error_enum: String,
    /// This operation's documented errors followed by the service's common ones.
    pub errors: Vec<ErrorCode>,
    /// How many of `errors`, from the front, are the page's own: the enum's variants. The rest
    /// are the service's common codes, which the enum reaches through `Common(CommonErrorCode)`.
    pub own_error_count: usize,
    pub examples: Vec<Example>,
    /// How the operation pages (`pagination:`), for its `<operation>_pages` method.
    pub pagination: Option<Pagination>,
    /// The operation reports an asynchronous task's state (`wait:`).
    pub wait: Option<Wait>,
    /// The operation may start a task that another operation reports on (`wait_via:`).
    pub wait_via: Option<WaitVia>,
}

/// How to wait for the task an operation starts, through the `wait:` of the operation that
/// reports on it: resolved from `wait_via:`, every reference checked.
#[derive(Debug, Clone)]
pub struct WaitVia {
    /// The client method: `wait_<operation module>`.
    pub method: String,
    /// This operation's output field that names the task: wire name, Rust name, whether it is
    /// an `Option`, and whether it is text. Absent or empty text: nothing was started.
    pub task_wire: String,
    pub task_field: String,
    pub task_optional: bool,
    pub task_text: bool,
    /// Whether the task is an integer (copied, not cloned).
    pub task_copy: bool,
    /// The operation polled: its vendor name, its client method and its `wait_…` method.
    pub poll_name: String,
    pub poll_method: String,
    pub poll_wait: String,
    /// Rust names of its input, output and error-code types.
    pub poll_input: String,
    pub poll_output: String,
    pub poll_error: String,
    /// Its input's fields (Rust names, in order): the one that takes the task, and the others,
    /// which are all optional and left unset.
    pub poll_task_field: String,
    pub poll_task_optional: bool,
    pub poll_other_fields: Vec<String>,
    /// Whether one of its input fields is deprecated (the request is written out field by field).
    pub poll_deprecated: bool,
}

/// How to wait for the task an operation reports on: resolved from `wait:`, every reference
/// checked.
impl Operation {
    /// The page's own error entries (an entry also common to the service included).
    pub fn own_errors(&self) -> &[ErrorCode] {
        &self.errors[..self.own_error_count]
    }
}

#[derive(Debug, Clone)]
pub struct Wait {
    /// The client method: `wait_<operation module>`.
    pub method: String,
    /// The input field naming the task (wire name).
    pub task: String,
    /// The output field holding the state: its wire and Rust names, and whether it is an
    /// `Option`.
    pub state_wire: String,
    pub state_field: String,
    pub state_optional: bool,
    /// The states, as the state's text (`Display`) prints them.
    pub done: Vec<String>,
    pub failed: Vec<String>,
    pub pending: Vec<String>,
    /// Output string fields explaining a failure: Rust name and whether it is an `Option`.
    pub message: Option<(String, bool)>,
    pub error_code: Option<(String, bool)>,
}

#[derive(Debug, Clone)]
pub struct StructDef {
    pub name: String,
    pub doc: Option<String>,
    pub fields: Vec<Field>,
    /// Members the spec does not list are kept in an `extra` map (`open: true`).
    pub open: bool,
}

impl StructDef {
    pub fn has_sensitive(&self) -> bool {
        self.fields.iter().any(|f| f.sensitive)
    }

    /// Code that reads every field (validation, the builder, `Debug`) must allow these.
    pub fn has_deprecated(&self) -> bool {
        self.fields.iter().any(|f| f.deprecated)
    }

    /// The field that is the whole body (`location: payload`), if one is.
    pub fn payload(&self) -> Option<&Field> {
        self.fields.iter().find(|f| f.location == Location::Payload)
    }

    /// How the body is laid out: the fields' document, or one payload of another kind.
    pub fn body_kind(&self) -> BodyKind {
        match self.payload().map(|f| &f.ty) {
            None | Some(Ty::Named { is_enum: false, .. }) => BodyKind::Document,
            Some(Ty::Binary) => BodyKind::Binary,
            Some(Ty::String) => BodyKind::Text,
            Some(_) => BodyKind::Bare,
        }
    }
}

/// The shape of a request or response body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// A JSON object: the body fields, or an object-typed payload flattened into the struct.
    Document,
    /// A bare JSON value (list, map, number, bool, enum, ...): the payload field is the whole
    /// document, so the struct is `transparent` and every other field travels outside it.
    Bare,
    /// A bare string: as `Bare` on the request; a response reads a JSON string or, failing that,
    /// the body's text.
    Text,
    /// Raw bytes: a `BinaryBody` sent as it is, or a `Download` streamed to the caller.
    Binary,
}

#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: String,
    pub doc: Option<String>,
    pub kind: TypeKind,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(StructDef),
    Enum(Vec<Variant>),
}

impl TypeDef {
    /// The wire kind of an enum's values (a struct has none).
    pub fn enum_kind(&self) -> Option<EnumKind> {
        match &self.kind {
            TypeKind::Struct(_) => None,
            TypeKind::Enum(variants) => Some(enums::kind_of(variants)),
        }
    }
}

/// The wire kind of an enum's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumKind {
    /// JSON strings (`wire_enum!`).
    Text,
    /// JSON integers (`wire_int_enum!`).
    Integer,
    /// JSON booleans (`wire_bool_enum!`): exactly the values `true` and `false`.
    Boolean,
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub name: String,
    /// The wire value as text: the string, or the digits of an integer, or `true` / `false`.
    pub wire: String,
    pub doc: Option<String>,
    /// Marked `deprecated: true`: a `#[deprecated]` variant that still decodes.
    pub deprecated: bool,
    /// The kind of the wire value (the same for every variant of an enum).
    pub kind: EnumKind,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub wire: String,
    pub rust: String,
    pub ty: Ty,
    pub required: bool,
    pub nullable: bool,
    pub default: Option<Value>,
    pub doc: Option<String>,
    pub example: Option<Value>,
    pub constraints: Constraints,
    pub location: Location,
    pub sensitive: bool,
    pub deprecated: bool,
    /// A string that is a presigned URL for this transfer.
    pub presigned: Option<PresignedUse>,
    /// The spec's `style:` for a list or map sent as query or form pairs (`None`: the
    /// protocol's default).
    pub style: Option<ParamStyleSpec>,
    /// Constraints each item of a list field is checked against (`items:`).
    pub item_constraints: Constraints,
}

impl Field {
    /// Whether the Rust field is an `Option` (optional, or required but nullable).
    pub fn is_option(&self) -> bool {
        !self.required || self.nullable
    }

    /// Whether serde carries the field in the JSON document (body or RPC parameters).
    pub fn in_document(&self) -> bool {
        matches!(self.location, Location::Body | Location::Query | Location::Payload)
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub length_unit: Option<LengthUnit>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub pattern: Option<String>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub multiple_of: Option<i64>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

#[derive(Debug, Clone)]
pub struct ErrorCode {
    /// Variant name; `None` for a status-only entry (documented, not a code).
    pub variant: Option<String>,
    pub code: Option<String>,
    pub status: Option<u16>,
    pub doc: Option<String>,
    /// The spec's retry class of the code (`retry:`), over the protocol's defaults.
    pub retry: Option<ErrorRetry>,
}

#[derive(Debug, Clone)]
pub struct Example {
    pub title: String,
    pub request: Option<Value>,
    pub status: u16,
    pub response: Option<Value>,
}

/// The Rust field of an open type that holds the members its spec does not list.
pub const OPEN_MEMBERS_FIELD: &str = "extra";

/// The Rust type of timestamps in each wire format.
pub fn timestamp_format_name(format: TimestampFormat) -> &'static str {
    match format {
        TimestampFormat::Rfc3339 => "rfc3339",
        TimestampFormat::Datetime => "datetime",
        TimestampFormat::EpochSeconds => "epoch_seconds",
        TimestampFormat::EpochMillis => "epoch_millis",
    }
}
