//! One operation's file (`templates/rust/operation.rs.j2`): its client method, request,
//! builder, response, error codes and own types.

use std::collections::HashMap;

use serde::Serialize;

use super::items::{self, Builder, Enum, Struct, Type};
use super::types::rust_type;
use crate::emit::direction::Direction;
use crate::emit::inert::{
    Code, Comment, Doc, DocLine, Ident, Lit, doc_lines, float, ident, json_tokens, link, lit, paragraphs,
    prose, readable_lit, rust, rustdoc,
};
use crate::ir::{BodyKind, Field, Operation, Service, Ty};
use crate::spec::{ErrorRetry, Location, Protocol, TimestampFormat};

#[derive(Serialize)]
pub struct OperationFile {
    pub source: Comment,
    pub build_script: bool,
    pub doc: Vec<DocLine>,
    pub method: Method,
    /// `wait_<operation>`, when the spec has `wait:`.
    pub wait: Option<super::wait::WaitMethod>,
    /// `wait_<operation>` from the output, when the spec has `wait_via:`.
    pub wait_via: Option<super::wait::WaitViaMethod>,
    pub request: Struct,
    pub builder: Builder,
    pub response: Struct,
    pub errors: Enum,
    pub types: Vec<Type>,
    /// The `<operation>_pages` method and the response's `Page` impl, for a list operation.
    pub paging: Option<super::paging::Paging>,
}

/// The client's async method: validate, lay the request out into a `Call`, send, decode.
#[derive(Serialize)]
pub struct Method {
    pub doc: Vec<DocLine>,
    pub name: Ident,
    pub input: Ident,
    pub output: Ident,
    pub error: Ident,
    pub wire_name: Lit,
    pub http_method: Lit,
    /// Deprecated path and header fields are still sent.
    pub allow_deprecated: bool,
    pub idempotent: bool,
    /// Requests per second, as an `f64` literal's digits.
    pub rate_limit: Option<Code>,
    /// The error codes whose retry class the spec sets (`retry:`), in the order of the
    /// operation's error enum.
    pub retry_codes: Vec<RetryCode>,
    pub path: Vec<PathPiece>,
    pub headers: Vec<RequestHeader>,
    /// How the document goes out: `rpc`, `json_body`, `json`, `query`, `none`, or `payload`
    /// (a bare or binary payload, its query parameters sent one by one).
    pub document: &'static str,
    pub query_keys: Vec<Lit>,
    /// The payload field of a bare or binary request, and whether it is raw bytes.
    pub payload: Option<Ident>,
    pub binary_request: bool,
    /// The query parameters beside a bare or binary payload.
    pub loose_query: Vec<RequestHeader>,
    /// How the output is read: `document` (JSON, headers after), `text` (a bare string) or
    /// `binary` (a streamed download of at most `max_body_bytes`).
    pub response_body: &'static str,
    pub output_payload: Option<Ident>,
    pub output_payload_optional: bool,
    pub max_body_bytes: Option<Code>,
    /// The query/form style of each list or map input, set before the document is added.
    pub param_styles: Vec<super::paging::StyledParam>,
    /// The query or body field carrying the idempotency token: filled in the request's
    /// document, once per call, when the caller leaves it unset.
    pub document_token: Option<Ident>,
    /// The output is decoded from a JSON document, then its header fields are filled in.
    pub output_document: bool,
    pub output_headers: Vec<ResponseHeader>,
    pub example: UsageExample,
}

/// One `Call::retry_code` line: the vendor's code and its class.
#[derive(Serialize)]
pub struct RetryCode {
    pub code: Lit,
    pub retry: Code,
}

fn retry_codes(op: &Operation) -> Vec<RetryCode> {
    op.errors
        .iter()
        .filter_map(|error| {
            let (code, retry) = (error.code.as_deref()?, error.retry?);
            let retry = match retry {
                ErrorRetry::Throttling => "cloudspec_runtime::CodeRetry::Throttling",
                ErrorRetry::Transient => "cloudspec_runtime::CodeRetry::Transient",
                ErrorRetry::Never => "cloudspec_runtime::CodeRetry::Never",
            };
            Some(RetryCode { code: lit(code), retry: Code::fixed(retry) })
        })
        .collect()
}

/// A literal piece of the path template, or a path field.
#[derive(Serialize)]
pub struct PathPiece {
    pub literal: Option<Lit>,
    pub wire: Option<Lit>,
    pub field: Option<Ident>,
    /// Not text: sent through `to_string()`.
    pub display: bool,
}

#[derive(Serialize)]
pub struct RequestHeader {
    pub wire: Lit,
    pub field: Ident,
    /// The idempotency token: the caller's, or one the runtime generates once per call.
    pub token: bool,
    pub optional: bool,
    /// Sent with `as_str()` (text, enums), otherwise with `to_string()`.
    pub text: bool,
}

#[derive(Serialize)]
pub struct ResponseHeader {
    pub wire: Lit,
    pub field: Ident,
    pub ty: Code,
    /// `text` (optional text), `parsed` (optional, parsed), `bool` (optional, any case),
    /// `time` (optional timestamp: HTTP date, RFC 3339 or epoch seconds), `millis` (optional
    /// epoch milliseconds), `required` (required, parsed).
    pub kind: &'static str,
}

/// The usage example in the method's rustdoc, compiled (not run) as a doctest.
#[derive(Serialize)]
pub struct UsageExample {
    /// The path the example imports from.
    pub path: Code,
    pub setters: Vec<ExampleSetter>,
    /// A short chain reads best on one line; a long one gets a line per setter.
    pub on_one_line: bool,
}

#[derive(Serialize)]
pub struct ExampleSetter {
    pub name: Ident,
    pub value: Code,
}

pub fn operation_file(
    service: &Service,
    op: &Operation,
    example_path: Code,
    build_script: bool,
    directions: &HashMap<String, Direction>,
    own_crate: bool,
) -> OperationFile {
    let mut docs = paragraphs(vec![prose(&op.summary), prose(op.doc.as_deref().unwrap_or_default())]);
    docs.push(Doc::fixed(""));
    docs.push(rustdoc!("{} — vendor docs: {}", code_span_of_request(op), link(&op.docs)));
    if let Some(limit) = op.rate_limit {
        docs.push(Doc::fixed(""));
        docs.push(rustdoc!("Rate limit: {} requests per second.", limit));
    }
    let input = ident(&op.input.name);
    let request_doc = vec![
        rustdoc!("Input of {}: {}", crate::emit::inert::code(&op.name), prose(&op.summary)),
        Doc::fixed(""),
        rustdoc!("Build it with [`{}::builder`].", input),
    ];
    let response_doc =
        vec![rustdoc!("Output of {} (HTTP {}).", crate::emit::inert::code(&op.name), op.success_status)];
    // A crate splits the serde halves by direction; a module tree derives both everywhere.
    let (sent, received) =
        if own_crate { (Direction::Sent, Direction::Received) } else { (Direction::Both, Direction::Both) };
    OperationFile {
        source: crate::emit::inert::comment(&op.source),
        build_script,
        doc: doc_lines(&docs),
        method: method(service, op, example_path),
        wait: op.wait.as_ref().map(|wait| super::wait::wait_method(op, wait)),
        wait_via: op.wait_via.as_ref().map(|via| super::wait::wait_via_method(op, via)),
        request: items::struct_def(&op.input, &request_doc, sent),
        builder: items::builder(&op.input, true),
        response: response_struct(op, &response_doc, received),
        errors: super::error_codes::operation_enum(op),
        types: op.types.iter().map(|def| items::type_def(def, directions)).collect(),
        paging: super::paging::paging(op),
    }
}

/// The output struct. A binary output holds the streamed `Download`, which is neither cloned,
/// compared nor (de)serialized: the struct derives only `Debug`.
fn response_struct(op: &Operation, doc: &[Doc], direction: Direction) -> Struct {
    let mut strukt = items::struct_def(&op.output, doc, direction);
    if op.output.body_kind() == BodyKind::Binary {
        strukt.derive = "plain";
        for (field, def) in strukt.fields.iter_mut().zip(&op.output.fields) {
            field.serde.clear();
            if def.location == Location::Payload {
                field.ty = Code::fixed("cloudspec_runtime::Download");
            }
        }
    }
    items::with_constructor(&op.output, strukt, direction)
}

fn code_span_of_request(op: &Operation) -> Doc {
    crate::emit::inert::code(&format!("{} {}", op.method, op.path))
}

fn method(service: &Service, op: &Operation, example_path: Code) -> Method {
    let docs = vec![
        prose(&op.summary),
        Doc::fixed(""),
        rustdoc!("{}; vendor docs: {}.", code_span_of_request(op), link(&op.docs)),
        Doc::fixed(""),
        rustdoc!("Validated before anything is sent; error codes: [`{}`].", ident(&op.error_enum)),
    ];
    let token = op.idempotency_token.as_deref();
    let headers = op
        .input
        .fields
        .iter()
        .filter(|f| f.location == Location::Header)
        .map(|field| RequestHeader {
            wire: lit(&field.wire),
            field: ident(&field.rust),
            token: Some(field.wire.as_str()) == token,
            optional: field.is_option(),
            text: field.ty.is_stringy() || field.ty.is_text_enum(),
        })
        .collect();
    let query_keys: Vec<Lit> =
        op.input.fields.iter().filter(|f| f.location == Location::Query).map(|f| lit(&f.wire)).collect();
    let has_body = op.input.fields.iter().any(|f| matches!(f.location, Location::Body | Location::Payload));
    let request_kind = op.input.body_kind();
    let document = match service.protocol {
        _ if request_kind != BodyKind::Document => "payload",
        Protocol::AcsRpc => "rpc",
        // Tencent's API 3.0 always carries a JSON object, even an empty one.
        Protocol::TencentJson => "json_body",
        _ if has_body && query_keys.is_empty() => "json_body",
        _ if has_body => "json",
        _ if !query_keys.is_empty() => "query",
        _ => "none",
    };
    let output_headers = op
        .output
        .fields
        .iter()
        .filter(|f| f.location == Location::Header)
        .map(|field| ResponseHeader {
            wire: lit(&field.wire),
            field: ident(&field.rust),
            ty: rust_type(&field.ty),
            kind: match (&field.ty, field.is_option()) {
                (_, false) => "required",
                (ty, true) if ty.is_stringy() => "text",
                (Ty::Bool, true) => "bool",
                (Ty::Timestamp(TimestampFormat::EpochMillis), true) => "millis",
                (Ty::Timestamp(_), true) => "time",
                (_, true) => "parsed",
            },
        })
        .collect();
    let loose_query = if request_kind == BodyKind::Document {
        Vec::new()
    } else {
        op.input
            .fields
            .iter()
            .filter(|f| f.location == Location::Query)
            .map(|field| RequestHeader {
                wire: lit(&field.wire),
                field: ident(&field.rust),
                token: false,
                optional: field.is_option(),
                text: matches!(field.ty, Ty::String | Ty::Bytes | Ty::Named { is_enum: true, .. }),
            })
            .collect()
    };
    let output_payload = op.output.payload();
    let response_body = match op.output.body_kind() {
        BodyKind::Binary => "binary",
        BodyKind::Text => "text",
        BodyKind::Bare | BodyKind::Document => "document",
    };
    Method {
        doc: doc_lines(&docs),
        name: ident(&op.module),
        input: ident(&op.input.name),
        output: ident(&op.output.name),
        error: ident(&op.error_enum),
        wire_name: lit(&op.name),
        http_method: lit(&op.method),
        allow_deprecated: op.input.has_deprecated(),
        idempotent: op.idempotent,
        rate_limit: op.rate_limit.map(|limit| rust!("{}", limit)),
        retry_codes: retry_codes(op),
        path: path_pieces(op),
        headers,
        document,
        query_keys,
        payload: op.input.payload().filter(|_| request_kind != BodyKind::Document).map(|f| ident(&f.rust)),
        binary_request: request_kind == BodyKind::Binary,
        loose_query,
        response_body,
        output_payload: output_payload.map(|f| ident(&f.rust)),
        output_payload_optional: output_payload.is_some_and(Field::is_option),
        max_body_bytes: op.max_body_bytes.map(|bound| rust!("{}u64", bound)),
        param_styles: super::paging::styled_params(service.protocol, op),
        document_token: op
            .input
            .fields
            .iter()
            .find(|f| Some(f.wire.as_str()) == token && f.location != Location::Header)
            .map(|f| ident(&f.rust)),
        output_document: op.output.fields.iter().any(|f| f.location != Location::Header),
        output_headers,
        example: usage_example(op, example_path),
    }
}

/// The path template's literals and path fields, in order.
fn path_pieces(op: &Operation) -> Vec<PathPiece> {
    let literal =
        |text: &str| PathPiece { literal: Some(lit(text)), wire: None, field: None, display: false };
    let mut pieces = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(open) = rest.find('{') {
        if open > 0 {
            pieces.push(literal(&rest[..open]));
        }
        let after = &rest[open + 1..];
        let close = after.find('}').unwrap_or(after.len());
        let name = &after[..close];
        if let Some(field) = op.input.fields.iter().find(|f| f.wire == name && f.location == Location::Path) {
            // The wire name goes along so that the runtime's dot-segment check can name it.
            pieces.push(PathPiece {
                literal: None,
                wire: Some(lit(&field.wire)),
                field: Some(ident(&field.rust)),
                display: !field.ty.is_stringy(),
            });
        }
        rest = after.get(close + 1..).unwrap_or_default();
    }
    if !rest.is_empty() {
        pieces.push(literal(rest));
    }
    pieces
}

/// A client from the environment, the request built with every required field set to the
/// spec's example value, the call.
fn usage_example(op: &Operation, path: Code) -> UsageExample {
    let setters: Vec<ExampleSetter> = op
        .input
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| ExampleSetter { name: ident(&f.rust), value: example_value(f, &path) })
        .collect();
    // `let request = X::builder().a(1).build()?;`
    let chain: usize =
        setters.iter().map(|s| 3 + s.name.as_str().chars().count() + s.value.as_str().chars().count()).sum();
    let line =
        "let request = ".len() + op.input.name.len() + "::builder()".len() + chain + ".build()?;".len();
    UsageExample { path, setters, on_one_line: line <= 96 }
}

/// A Rust expression for a required field in a usage example: the spec's example where there
/// is one, a plausible value of the right type otherwise.
fn example_value(field: &Field, path: &Code) -> Code {
    use serde_json::Value;
    let example = field.example.as_ref();
    match &field.ty {
        // A list or map setter takes any `IntoIterator`, so the document is read into the
        // field's type, named.
        Ty::List(_) | Ty::Map(_) if !field.nullable => {
            let ty = example_type(&field.ty, path);
            match example.and_then(json_tokens) {
                Some(tokens) => rust!("serde_json::from_value::<{}>(serde_json::json!({}))?", ty, tokens),
                None => match example {
                    Some(value) => rust!("serde_json::from_str::<{}>({})?", ty, lit(&value.to_string())),
                    None => rust!("<{}>::default()", ty),
                },
            }
        }
        Ty::String | Ty::Bytes | Ty::NumberOrString | Ty::Named { is_enum: true, .. } => {
            let text = match example {
                Some(Value::String(text)) => text.clone(),
                Some(other) => other.to_string(),
                None => "...".to_owned(),
            };
            rust!("{}", lit(&text))
        }
        // Any bytes convert into the body; the example's text is as good as any.
        Ty::Binary => {
            let text = match example {
                Some(Value::String(text)) => text.clone(),
                _ => "...".to_owned(),
            };
            rust!("String::from({})", lit(&text))
        }
        Ty::I32 | Ty::I64 => match example {
            Some(Value::Number(n)) if n.is_i64() => rust!("{}", n.as_i64().unwrap_or(1)),
            _ => rust!("{}", field.constraints.minimum.map_or(1, |m| m.max(1.0) as i64)),
        },
        Ty::F64 => match example {
            Some(Value::Number(n)) => float(n.as_f64().unwrap_or(1.0)),
            _ => Code::fixed("1.0"),
        },
        Ty::Bool => match example {
            Some(Value::Bool(true)) => Code::fixed("true"),
            _ => Code::fixed("false"),
        },
        // A timestamp argument is a `time` value; "now" keeps the example compiling without
        // time's serde feature (the generated types carry their own wire formats).
        Ty::Timestamp(TimestampFormat::Rfc3339) => {
            Code::fixed("cloudspec_runtime::time::OffsetDateTime::now_utc()")
        }
        Ty::Timestamp(TimestampFormat::Datetime) => Code::fixed(
            "{ let now = cloudspec_runtime::time::OffsetDateTime::now_utc(); \
             cloudspec_runtime::time::PrimitiveDateTime::new(now.date(), now.time()) }",
        ),
        // A JSON document inside a string: its example is that string.
        Ty::JsonString(_) => match example {
            Some(Value::String(text)) => rust!("serde_json::from_str({})?", readable_lit(text)),
            Some(other) => json_value(other),
            None => Code::fixed("serde_json::from_str(\"{}\")?"),
        },
        _ => match example {
            Some(value) => json_value(value),
            None => Code::fixed("serde_json::from_value(serde_json::json!({}))?"),
        },
    }
}

/// A type as a usage example names it: named types through the example's import path.
fn example_type(ty: &Ty, path: &Code) -> Code {
    match ty {
        Ty::Named { name, .. } => rust!("{}::{}", *path, ident(name)),
        Ty::List(inner) => rust!("Vec<{}>", example_type(inner, path)),
        Ty::Map(inner) => rust!("std::collections::BTreeMap<String, {}>", example_type(inner, path)),
        Ty::JsonString(inner) => example_type(inner, path),
        other => rust_type(other),
    }
}

/// A JSON example as a Rust expression of the field's type: `json!` over the document where
/// its text is also Rust tokens, else parsed from a string literal holding it.
fn json_value(value: &serde_json::Value) -> Code {
    match json_tokens(value) {
        Some(tokens) => rust!("serde_json::from_value(serde_json::json!({}))?", tokens),
        None => rust!("serde_json::from_str({})?", lit(&value.to_string())),
    }
}
