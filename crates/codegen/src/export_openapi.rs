//! `cloudspec export openapi`: one OpenAPI 3.1 document per service, built from the IR, or its
//! OpenAPI 3.0 form ([`openapi30`]) for consumers that read 3.0 only.
//!
//! Everything OpenAPI can say is said in its own terms: paths, parameters and where they go,
//! JSON Schema types with their constraints, enums, defaults and examples, request and response
//! bodies, response headers, documented error statuses with the service's error body, and the
//! token schemes (`http` bearer, an `apiKey` header). What it cannot say travels in `x-cloudspec-*`
//! extensions (documented in specs/README.md): request signing, the action headers of RPC
//! protocols, Alibaba's RPC form flattening, Tencent's envelope and in-body errors, json-in-string
//! fields (also given as `contentMediaType`/`contentSchema`), byte-counted lengths, non-RFC 3339
//! timestamps, rate limits, idempotency and sensitive fields. The IR has no pagination, so none
//! is exported.
//!
//! A pure function of the IR: the same specs give the same bytes (members are inserted in the
//! IR's order, and serde_json keeps insertion order in this workspace).

use serde_json::{Map, Value, json};

pub mod openapi30;

use crate::ir::{EnumKind, Field, Ir, Operation, Service, StructDef, Ty, TypeDef, TypeKind};
use crate::spec::{AuthScheme, LengthUnit, Location, Protocol, TimestampFormat};

/// The OpenAPI version the documents declare.
pub const OPENAPI_VERSION: &str = "3.1.0";

/// Which OpenAPI version to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OpenApiVersion {
    /// OpenAPI 3.0.3: the 3.1 document with its JSON Schema 2020-12 constructs rewritten.
    V3_0,
    /// OpenAPI 3.1.0, the exporter's own form.
    #[default]
    V3_1,
}

impl OpenApiVersion {
    /// The version string the documents declare in `openapi`.
    pub fn declared(self) -> &'static str {
        match self {
            OpenApiVersion::V3_0 => openapi30::OPENAPI_30_VERSION,
            OpenApiVersion::V3_1 => OPENAPI_VERSION,
        }
    }

    /// Parses `3.0` or `3.1` (the command line's spelling).
    pub fn parse(text: &str) -> Result<Self, String> {
        match text {
            "3.0" => Ok(OpenApiVersion::V3_0),
            "3.1" => Ok(OpenApiVersion::V3_1),
            other => Err(format!("unknown OpenAPI version {other:?}: expected 3.0 or 3.1")),
        }
    }
}

/// One exported document: the service it describes and the document.
#[derive(Debug, Clone)]
pub struct ExportedService {
    /// `<provider>/<service>`.
    pub qualified_name: String,
    /// The file name `export` writes: `<provider>-<service>.openapi.json`.
    pub file_name: String,
    pub document: Value,
}

/// The OpenAPI 3.1 documents of every service of `ir`, in the IR's order.
pub fn export(ir: &Ir) -> Vec<ExportedService> {
    export_as(ir, OpenApiVersion::V3_1)
}

/// The documents of every service of `ir` in the OpenAPI `version`, in the IR's order.
pub fn export_as(ir: &Ir, version: OpenApiVersion) -> Vec<ExportedService> {
    ir.services
        .iter()
        .map(|service| {
            let document = service_document(service);
            ExportedService {
                qualified_name: service.qualified_name(),
                file_name: format!("{}-{}.openapi.json", service.provider, service.name),
                document: match version {
                    OpenApiVersion::V3_0 => openapi30::downgrade(document),
                    OpenApiVersion::V3_1 => document,
                },
            }
        })
        .collect()
}

/// Writes every service's document in the OpenAPI `version`, pretty-printed, into `out`
/// (created if missing); returns how many were written.
pub fn write_documents(ir: &Ir, out: &std::path::Path, version: OpenApiVersion) -> std::io::Result<usize> {
    std::fs::create_dir_all(out)?;
    let documents = export_as(ir, version);
    for exported in &documents {
        let mut text = serde_json::to_string_pretty(&exported.document).map_err(std::io::Error::other)?;
        text.push('\n');
        std::fs::write(out.join(&exported.file_name), text)?;
    }
    Ok(documents.len())
}

/// The OpenAPI document of one service.
pub fn service_document(service: &Service) -> Value {
    let mut info = Map::new();
    info.insert("title".into(), json!(service.title));
    info.insert("version".into(), json!(service.api_version));
    if !service.docs.is_empty() {
        info.insert("description".into(), json!(format!("Vendor documentation: {}", service.docs)));
    }
    info.insert("x-cloudspec-provider".into(), json!(service.provider));
    info.insert("x-cloudspec-service".into(), json!(service.name));
    info.insert("x-cloudspec-protocol".into(), json!(service.protocol.spec_name()));

    let mut document = Map::new();
    document.insert("openapi".into(), json!(OPENAPI_VERSION));
    document.insert("info".into(), Value::Object(info));
    document.insert("servers".into(), json!([server(service)]));
    document.insert("paths".into(), Value::Object(paths(service)));
    document.insert("components".into(), components(service));
    if !service.auth.is_empty() {
        let alternatives: Vec<Value> =
            service.auth.iter().map(|auth| json!({ auth.scheme.spec_name(): [] })).collect();
        document.insert("security".into(), Value::Array(alternatives));
    }
    Value::Object(document)
}

/// The endpoint, with each `{name}` in it as a server variable (`region` lists the regions).
fn server(service: &Service) -> Value {
    let mut variables = Map::new();
    for name in template_names(&service.endpoint_url) {
        let variable = if name == "region" && !service.regions.is_empty() {
            json!({ "default": service.regions[0], "enum": service.regions })
        } else {
            json!({ "default": name, "description": format!("The `{name}` endpoint parameter of the client.") })
        };
        variables.insert(name, variable);
    }
    let mut server = Map::new();
    server.insert("url".into(), json!(service.endpoint_url));
    if let Some(doc) = &service.endpoint_doc {
        server.insert("description".into(), json!(doc));
    }
    if !variables.is_empty() {
        server.insert("variables".into(), Value::Object(variables));
    }
    Value::Object(server)
}

/// The `{name}` placeholders of a template, in order, each once.
fn template_names(template: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        let name = rest[open + 1..open + close].to_owned();
        if !names.contains(&name) {
            names.push(name);
        }
        rest = &rest[open + close + 1..];
    }
    names
}

/// Whether every operation shares one URL and is told apart by an action header.
fn is_action_style(protocol: Protocol) -> bool {
    matches!(protocol, Protocol::TencentJson | Protocol::AcsRpc)
}

/// The path item key of `op`. Action-style operations share one URL, which OpenAPI allows only
/// once per method, so the key carries the action as a fragment: `/#CreateCodeFile`. A fragment
/// is never sent (RFC 3986, section 3.5), so a client that follows the document still sends
/// `POST /`; the action itself is the required constant header parameter beside it.
fn path_key(protocol: Protocol, op: &Operation) -> String {
    if is_action_style(protocol) { format!("{}#{}", op.path, op.name) } else { op.path.clone() }
}

fn paths(service: &Service) -> Map<String, Value> {
    let mut paths = Map::new();
    for op in &service.operations {
        let key = path_key(service.protocol, op);
        let item = paths.entry(key).or_insert_with(|| json!({}));
        if let Value::Object(item) = item {
            item.insert(op.method.to_ascii_lowercase(), operation(service, op));
        }
    }
    paths
}

fn operation(service: &Service, op: &Operation) -> Value {
    let mut out = Map::new();
    out.insert("operationId".into(), json!(op.name));
    out.insert("summary".into(), json!(op.summary));
    if let Some(doc) = &op.doc {
        out.insert("description".into(), json!(doc));
    }
    if !op.docs.is_empty() {
        out.insert("externalDocs".into(), json!({ "url": op.docs }));
    }
    let parameters = parameters(service, op);
    if !parameters.is_empty() {
        out.insert("parameters".into(), Value::Array(parameters));
    }
    if let Some(body) = request_body(service, op) {
        out.insert("requestBody".into(), body);
    }
    out.insert("responses".into(), responses(service, op));
    if op.idempotent {
        out.insert("x-cloudspec-idempotent".into(), json!(true));
    }
    if let Some(token) = &op.idempotency_token {
        out.insert("x-cloudspec-idempotency-token".into(), json!(token));
    }
    if let Some(rate) = op.rate_limit {
        out.insert("x-cloudspec-rate-limit".into(), json!({ "requests_per_second": rate }));
    }
    let codes: Vec<Value> = op
        .errors
        .iter()
        .filter_map(|error| {
            let code = error.code.as_ref()?;
            let mut entry = Map::new();
            entry.insert("code".into(), json!(code));
            if let Some(status) = error.status {
                entry.insert("status".into(), json!(status));
            }
            if let Some(doc) = &error.doc {
                entry.insert("description".into(), json!(doc));
            }
            Some(Value::Object(entry))
        })
        .collect();
    if !codes.is_empty() {
        out.insert("x-cloudspec-error-codes".into(), Value::Array(codes));
    }
    Value::Object(out)
}

fn parameters(service: &Service, op: &Operation) -> Vec<Value> {
    let mut parameters = Vec::new();
    let constant = |name: &str, value: &str| json!({ "name": name, "in": "header", "required": true, "schema": { "type": "string", "const": value } });
    match service.protocol {
        Protocol::TencentJson => {
            parameters.push(constant("X-TC-Action", &op.name));
            parameters.push(constant("X-TC-Version", &service.api_version));
            // Sent when the client is given a region; the service's regions when it lists them.
            let mut region = json!({ "type": "string" });
            if !service.regions.is_empty() {
                region["enum"] = json!(service.regions);
            }
            parameters
                .push(json!({ "name": "X-TC-Region", "in": "header", "required": false, "schema": region }));
        }
        Protocol::AcsRpc => {
            parameters.push(constant("x-acs-action", &op.name));
            parameters.push(constant("x-acs-version", &service.api_version));
        }
        Protocol::OciRest | Protocol::HuaweiRest | Protocol::PdsRoa => {}
    }
    for field in &op.input.fields {
        let location = match field.location {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Body | Location::Payload => continue,
        };
        let mut parameter = Map::new();
        parameter.insert("name".into(), json!(field.wire));
        parameter.insert("in".into(), json!(location));
        if let Some(doc) = &field.doc {
            parameter.insert("description".into(), json!(doc));
        }
        // A path parameter is always required in OpenAPI, as it is in the spec.
        parameter.insert("required".into(), json!(field.required || field.location == Location::Path));
        if field.deprecated {
            parameter.insert("deprecated".into(), json!(true));
        }
        parameter.insert("schema".into(), field_schema(field));
        if service.protocol == Protocol::AcsRpc && !field.ty.is_scalar() {
            parameter.insert("x-cloudspec-rpc-flattened".into(), json!(true));
        }
        parameters.push(Value::Object(parameter));
    }
    parameters
}

/// The members of `fields` carried in the JSON document, as an object schema (payload fields,
/// whose members are the document's own, are joined with `allOf`).
fn document_schema(fields: &[&Field]) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut payloads = Vec::new();
    for field in fields {
        if field.location == Location::Payload {
            payloads.push(field_schema(field));
            continue;
        }
        properties.insert(field.wire.clone(), field_schema(field));
        if field.required {
            required.push(json!(field.wire));
        }
    }
    let mut object = Map::new();
    object.insert("type".into(), json!("object"));
    object.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        object.insert("required".into(), Value::Array(required));
    }
    if payloads.is_empty() {
        Value::Object(object)
    } else {
        let mut parts = vec![Value::Object(object)];
        parts.extend(payloads);
        json!({ "allOf": parts })
    }
}

fn request_body(service: &Service, op: &Operation) -> Option<Value> {
    let fields: Vec<&Field> =
        op.input.fields.iter().filter(|f| matches!(f.location, Location::Body | Location::Payload)).collect();
    // Tencent always sends a JSON object, `{}` at least.
    if fields.is_empty() && service.protocol != Protocol::TencentJson {
        return None;
    }
    let schema = document_schema(&fields);
    let required = fields.iter().any(|f| f.required) || service.protocol == Protocol::TencentJson;
    let mut media = Map::new();
    media.insert("schema".into(), schema);
    if let Some(example) = op.examples.iter().find_map(|e| e.request.clone()) {
        media.insert("example".into(), example);
    }
    let content = if service.protocol == Protocol::AcsRpc {
        media.insert(
            "x-cloudspec-rpc-flattening".into(),
            json!("nested values are sent as form parameters: list items `Name.1`, `Name.2`, object members `Name.Key`"),
        );
        json!({ "application/x-www-form-urlencoded": media })
    } else {
        json!({ "application/json": media })
    };
    Some(json!({ "required": required, "content": content }))
}

fn responses(service: &Service, op: &Operation) -> Value {
    let mut responses = Map::new();
    let body_fields: Vec<&Field> =
        op.output.fields.iter().filter(|f| f.location != Location::Header).collect();
    let mut success = Map::new();
    success.insert(
        "description".into(),
        json!(op.output.doc.clone().unwrap_or_else(|| format!("{} succeeded.", op.name))),
    );
    let headers: Map<String, Value> = op
        .output
        .fields
        .iter()
        .filter(|f| f.location == Location::Header)
        .map(|f| {
            let mut header = Map::new();
            if let Some(doc) = &f.doc {
                header.insert("description".into(), json!(doc));
            }
            header.insert("required".into(), json!(f.required));
            header.insert("schema".into(), field_schema(f));
            (f.wire.clone(), Value::Object(header))
        })
        .collect();
    if !headers.is_empty() {
        success.insert("headers".into(), Value::Object(headers));
    }
    let mut schema = document_schema(&body_fields);
    if service.protocol == Protocol::TencentJson {
        schema = json!({ "type": "object", "required": ["Response"], "properties": { "Response": schema } });
        success.insert(
            "x-cloudspec-error-envelope".into(),
            json!("Tencent answers failures with this status too: `Response.Error` holds `Code` and `Message`, and `Response.RequestId` the request id"),
        );
    }
    let mut media = Map::new();
    media.insert("schema".into(), schema);
    if let Some(example) =
        op.examples.iter().find(|e| e.status == op.success_status).and_then(|e| e.response.clone())
    {
        media.insert("example".into(), example);
    }
    success.insert("content".into(), json!({ "application/json": media }));
    responses.insert(op.success_status.to_string(), Value::Object(success));

    // One response per documented error status, each listing its codes; the service's error
    // body is their schema when the spec names one.
    let mut statuses: Vec<u16> = op.errors.iter().filter_map(|e| e.status).filter(|s| *s >= 400).collect();
    statuses.sort_unstable();
    statuses.dedup();
    for status in statuses {
        let codes: Vec<&str> =
            op.errors.iter().filter(|e| e.status == Some(status)).filter_map(|e| e.code.as_deref()).collect();
        let description = if codes.is_empty() {
            format!("HTTP {status}.")
        } else {
            format!("HTTP {status}: {}.", codes.join(", "))
        };
        let mut error = Map::new();
        error.insert("description".into(), json!(description));
        if let Some(shape) = &service.error_shape {
            error.insert("content".into(), json!({ "application/json": { "schema": reference(shape) } }));
        }
        responses.insert(status.to_string(), Value::Object(error));
    }
    Value::Object(responses)
}

fn components(service: &Service) -> Value {
    let mut schemas = Map::new();
    let all_types = service.types.iter().chain(service.operations.iter().flat_map(|op| op.types.iter()));
    for ty in all_types {
        schemas.insert(ty.name.clone(), type_schema(ty));
    }
    let mut security = Map::new();
    for auth in &service.auth {
        security.insert(
            auth.scheme.spec_name().to_owned(),
            security_scheme(auth.scheme, auth.signing_name.as_deref(), auth.doc.as_deref()),
        );
    }
    json!({ "schemas": schemas, "securitySchemes": security })
}

/// Token schemes are OpenAPI's own; a signature computed over the request is not, so those
/// schemes are the `Authorization` header they end in, with the signing named in an extension.
fn security_scheme(scheme: AuthScheme, signing_name: Option<&str>, doc: Option<&str>) -> Value {
    let mut out = match scheme {
        AuthScheme::BearerToken => json!({ "type": "http", "scheme": "bearer" }),
        AuthScheme::HuaweiIamToken => json!({ "type": "apiKey", "in": "header", "name": "X-Auth-Token" }),
        AuthScheme::Tc3HmacSha256
        | AuthScheme::OciRsaSha256
        | AuthScheme::HuaweiAksk
        | AuthScheme::Acs3HmacSha256 => {
            let mut signing = Map::new();
            signing.insert("scheme".into(), json!(scheme.spec_name()));
            if let Some(name) = signing_name {
                signing.insert("signing_name".into(), json!(name));
            }
            json!({ "type": "apiKey", "in": "header", "name": "Authorization", "x-cloudspec-signing": signing })
        }
    };
    if let (Some(doc), Value::Object(map)) = (doc, &mut out) {
        map.insert("description".into(), json!(doc));
    }
    out
}

fn type_schema(ty: &TypeDef) -> Value {
    let mut schema = match &ty.kind {
        TypeKind::Struct(def) => struct_schema(def),
        TypeKind::Enum(variants) => {
            // Each value as the JSON it is on the wire: a string, an integer or a boolean.
            let (kind, values): (&str, Vec<Value>) = match ty.enum_kind() {
                Some(EnumKind::Integer) => (
                    "integer",
                    variants.iter().map(|v| json!(v.wire.parse::<i64>().unwrap_or_default())).collect(),
                ),
                Some(EnumKind::Boolean) => {
                    ("boolean", variants.iter().map(|v| json!(v.wire == "true")).collect())
                }
                _ => ("string", variants.iter().map(|v| json!(v.wire)).collect()),
            };
            let mut schema = Map::new();
            schema.insert("type".into(), json!(kind));
            schema.insert("enum".into(), json!(values));
            let deprecated: Vec<&str> =
                variants.iter().filter(|v| v.deprecated).map(|v| v.wire.as_str()).collect();
            if !deprecated.is_empty() {
                schema.insert("x-cloudspec-deprecated-values".into(), json!(deprecated));
            }
            let documented: Map<String, Value> =
                variants.iter().filter_map(|v| Some((v.wire.clone(), json!(v.doc.as_ref()?)))).collect();
            if !documented.is_empty() {
                schema.insert("x-cloudspec-enum-descriptions".into(), Value::Object(documented));
            }
            Value::Object(schema)
        }
    };
    if let (Some(doc), Value::Object(map)) = (&ty.doc, &mut schema) {
        map.insert("description".into(), json!(doc));
    }
    schema
}

fn struct_schema(def: &StructDef) -> Value {
    let fields: Vec<&Field> = def.fields.iter().collect();
    let mut schema = document_schema(&fields);
    // An open type keeps members it does not list; OpenAPI's default already allows them, the
    // extension says that the generated type round-trips them.
    if def.open
        && let Value::Object(map) = &mut schema
    {
        map.insert("additionalProperties".into(), json!(true));
        map.insert("x-cloudspec-open".into(), json!(true));
    }
    schema
}

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// The schema of a type expression.
fn ty_schema(ty: &Ty) -> Value {
    match ty {
        Ty::String => json!({ "type": "string" }),
        Ty::I32 => json!({ "type": "integer", "format": "int32" }),
        Ty::I64 => json!({ "type": "integer", "format": "int64" }),
        Ty::F64 => json!({ "type": "number", "format": "double" }),
        Ty::Bool => json!({ "type": "boolean" }),
        Ty::Timestamp(TimestampFormat::Rfc3339) => json!({ "type": "string", "format": "date-time" }),
        Ty::Timestamp(TimestampFormat::EpochSeconds) => {
            json!({ "type": "integer", "format": "int64", "x-cloudspec-timestamp": "epoch_seconds" })
        }
        Ty::Timestamp(TimestampFormat::EpochMillis) => {
            json!({ "type": "integer", "format": "int64", "x-cloudspec-timestamp": "epoch_millis" })
        }
        Ty::Nullable(inner) => json!({ "anyOf": [ty_schema(inner), { "type": "null" }] }),
        Ty::Timestamp(TimestampFormat::Datetime) => json!({
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$",
            "x-cloudspec-timestamp": "datetime"
        }),
        // Lenient: any text decodes (the raw text is kept), so no format or pattern is promised.
        Ty::LenientTimestamp(format) => json!({
            "type": "string",
            "x-cloudspec-timestamp": crate::ir::timestamp_format_name(*format),
            "x-cloudspec-lenient": true
        }),
        Ty::NumberOrString => json!({
            "type": ["integer", "string"],
            "x-cloudspec-number-or-string": true
        }),
        Ty::Bytes => json!({ "type": "string", "contentEncoding": "base64" }),
        Ty::Binary => json!({ "type": "string", "format": "binary" }),
        Ty::Json => json!({}),
        Ty::List(item) => json!({ "type": "array", "items": ty_schema(item) }),
        Ty::Map(value) => json!({ "type": "object", "additionalProperties": ty_schema(value) }),
        Ty::JsonString(inner) => json!({
            "type": "string",
            "contentMediaType": "application/json",
            "contentSchema": ty_schema(inner),
            "x-cloudspec-json-string": true
        }),
        Ty::Named { name, .. } => reference(name),
    }
}

/// A field's schema: its type, constraints, default, example and flags; `null` allowed when
/// the field is nullable.
fn field_schema(field: &Field) -> Value {
    let mut schema = match ty_schema(&field.ty) {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    let c = &field.constraints;
    let mut put = |name: &str, value: Option<Value>| {
        if let Some(value) = value {
            schema.insert(name.to_owned(), value);
        }
    };
    put("minLength", c.min_length.map(|v| json!(v)));
    put("maxLength", c.max_length.map(|v| json!(v)));
    if c.length_unit == Some(LengthUnit::Bytes) && (c.min_length.is_some() || c.max_length.is_some()) {
        // JSON Schema counts characters; the spec counts UTF-8 bytes.
        put("x-cloudspec-length-unit", Some(json!("bytes")));
    }
    put("minimum", c.minimum.map(number));
    put("maximum", c.maximum.map(number));
    put("pattern", c.pattern.as_ref().map(|v| json!(v)));
    put("minItems", c.min_items.map(|v| json!(v)));
    put("maxItems", c.max_items.map(|v| json!(v)));
    put("multipleOf", c.multiple_of.map(|v| json!(v)));
    put("default", field.default.clone());
    put("examples", field.example.as_ref().map(|v| json!([v])));
    if field.deprecated {
        put("deprecated", Some(json!(true)));
    }
    if field.sensitive {
        put("x-cloudspec-sensitive", Some(json!(true)));
    }
    if let Some(doc) = &field.doc {
        schema.insert("description".into(), json!(doc));
    }
    if field.nullable {
        json!({ "anyOf": [Value::Object(schema), { "type": "null" }] })
    } else {
        Value::Object(schema)
    }
}

/// A bound as a JSON number: integral bounds without a fraction (`1`, not `1.0`).
fn number(value: f64) -> Value {
    if value.fract() == 0.0 && value.abs() < 9.0e15 { json!(value as i64) } else { json!(value) }
}
