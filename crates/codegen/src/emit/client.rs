//! The service `Client`, its builder, and one async method per operation.
//!
//! Everything protocol-specific happens in the runtime's single send path; a generated method
//! only validates, lays the request's fields out (path, headers, document) and decodes the
//! output, so each operation costs a few lines and no generic code of its own.

use std::fmt::Write;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_lines, push_doc_comment, vendor};
use super::inert::{code_span, readable_rust_string, rust_string, url_link};
use super::rust_types::{ident, rust_type_text};
use super::verbatim;
use crate::ir::{Field, Operation, Service, Ty};
use crate::spec::{AuthScheme, Location, Protocol};

/// `SERVICE`, `Client` and `ClientBuilder` of a service module.
pub fn service_client(service: &Service) -> TokenStream {
    let name = format!("{}/{}", service.provider, service.name);
    let protocol = ident(match service.protocol {
        Protocol::TencentJson => "TencentJson",
        Protocol::OciRest => "OciRest",
        Protocol::HuaweiRest => "HuaweiRest",
        Protocol::PdsRoa => "PdsRoa",
        Protocol::AcsRpc => "AcsRpc",
    });
    let auth_kinds = service.auth.iter().map(|auth| {
        let kind = ident(auth_scheme(auth.scheme).kind);
        quote!(cloudspec_runtime::AuthKind::#kind)
    });
    let signing_name = match service.auth.iter().find_map(|a| a.signing_name.as_deref()) {
        Some(name) => quote!(Some(#name)),
        None => quote!(None),
    };
    let title = vendor(&service.title);
    let client_doc = format!(" Client of {title}: one async method per operation.");
    let setters = service.auth.iter().map(|auth| {
        let scheme = auth_scheme(auth.scheme);
        let method = ident(scheme.setter);
        let ty = ident(scheme.credentials);
        let doc = doc_lines(&[format!("Authenticate with {} credentials.", scheme.label)]);
        quote! {
            #doc
            pub fn #method(self, credentials: cloudspec_runtime::credentials::#ty) -> Self {
                ClientBuilder(self.0.auth(credentials))
            }
        }
    });
    let placeholders = endpoint_placeholders(&service.endpoint_url);
    let region_setter =
        (placeholders.contains(&"region") || service.protocol == Protocol::TencentJson).then(|| {
            let doc = doc_lines(&[match service.protocol {
                Protocol::TencentJson => "The region, sent as `X-TC-Region` (see [`REGIONS`]).".to_owned(),
                _ => "The region, which selects the endpoint host (see [`REGIONS`]).".to_owned(),
            }]);
            quote! {
                #doc
                pub fn region(self, region: impl Into<String>) -> Self {
                    ClientBuilder(self.0.region(region))
                }
            }
        });
    let param_setters = placeholders.iter().filter(|p| **p != "region").map(|param| {
        let method = ident(&crate::ir::names::field_name(param));
        let doc = doc_lines(&[format!(
            "Fills {} in the endpoint [`ENDPOINT`].",
            code_span(&format!("{{{param}}}"))
        )]);
        quote! {
            #doc
            pub fn #method(self, value: impl Into<String>) -> Self {
                ClientBuilder(self.0.endpoint_param(#param, value))
            }
        }
    });
    quote! {
        /// How the runtime reaches this service.
        pub static SERVICE: cloudspec_runtime::ServiceInfo = cloudspec_runtime::ServiceInfo {
            name: #name,
            protocol: cloudspec_runtime::Protocol::#protocol,
            api_version: API_VERSION,
            endpoint: ENDPOINT,
            region_endpoints: REGION_ENDPOINTS,
            auth: &[#(#auth_kinds),*],
            signing_name: #signing_name,
        };
        cloudspec_runtime::service_client!(SERVICE, #client_doc);
        impl ClientBuilder {
            #(#setters)*
            #region_setter
            #(#param_setters)*
        }
    }
}

/// The `impl Client` block holding the operation's method, as text (see `verbatim`): its
/// statements follow from the spec line by line, and its rustdoc (with the usage example) was
/// the dearest part of a file to round-trip through syn.
pub fn operation_method(service: &Service, op: &Operation, example_path: &str) -> TokenStream {
    const BODY: &str = "        ";
    let mut doc = vec![
        vendor(&op.summary),
        String::new(),
        format!("{}; vendor docs: {}.", code_span(&format!("{} {}", op.method, op.path)), url_link(&op.docs)),
        String::new(),
        format!("Validated before anything is sent; error codes: [`{}`].", op.error_enum),
        String::new(),
    ];
    doc.extend(usage_example(op, example_path));
    let mut text = String::new();
    // Deprecated path and header fields are still sent.
    if op.input.has_deprecated() {
        text.push_str("#[allow(deprecated)]\n");
    }
    text.push_str("impl Client {\n");
    push_doc_comment(&mut text, "    ", &doc);
    let _ = write!(
        text,
        "    pub async fn {method}(\n        \
                 &self,\n        \
                 request: &{input},\n    \
             ) -> Result<{output}, cloudspec_runtime::Error<{error}>> {{\n",
        method = op.module,
        input = op.input.name,
        output = op.output.name,
        error = op.error_enum,
    );
    let mut body = vec![
        "cloudspec_runtime::Validate::validate(request)?;".to_owned(),
        format!("let mut call = cloudspec_runtime::Call::new({:?}, {:?});", op.name, op.method),
    ];
    if op.idempotent {
        body.push("call.idempotent();".to_owned());
    }
    if let Some(limit) = op.rate_limit {
        body.push(format!("call.rate_limit({limit}f64);"));
    }
    body.extend(path_pieces(op));
    let token = op.idempotency_token.as_deref();
    for field in op.input.fields.iter().filter(|f| f.location == Location::Header) {
        body.extend(if Some(field.wire.as_str()) == token {
            token_header(field)
        } else {
            request_header(field)
        });
    }
    body.extend(document(service, op));
    body.push("let response = self.transport.send_typed(call).await?;".to_owned());
    body.extend(decode_output(op));
    verbatim::push_indented(&mut text, BODY, &body);
    text.push_str("    }\n}\n");
    verbatim::item(&text)
}

/// A usage example for the operation's rustdoc, compiled (not run) as a doctest: a client from
/// the environment, the request built with every required field set to the spec's example
/// value, the call.
fn usage_example(op: &Operation, module: &str) -> Vec<String> {
    let mut lines = vec![
        "# Example".to_owned(),
        String::new(),
        "```no_run".to_owned(),
        "# async fn example() -> Result<(), Box<dyn std::error::Error>> {".to_owned(),
        format!("use {module}::{{Client, {}}};", op.input.name),
        "let client = Client::from_env()?;".to_owned(),
    ];
    let setters: Vec<String> = op
        .input
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| format!(".{}({})", f.rust, example_value(f)))
        .collect();
    let one_line = format!("let request = {}::builder(){}.build()?;", op.input.name, setters.concat());
    // A short chain reads best on one line; a long one gets a line per setter.
    if one_line.chars().count() <= 96 {
        lines.push(one_line);
    } else {
        lines.push(format!("let request = {}::builder()", op.input.name));
        lines.extend(setters.iter().map(|setter| format!("    {setter}")));
        lines.push("    .build()?;".to_owned());
    }
    lines.extend([
        format!("let output = client.{}(&request).await?;", op.module),
        "# Ok(())".to_owned(),
        "# }".to_owned(),
        "```".to_owned(),
    ]);
    lines
}

/// A Rust expression for a required field in a usage example: the spec's example where there
/// is one, a plausible value of the right type otherwise.
fn example_value(field: &Field) -> String {
    let example = field.example.as_ref();
    match &field.ty {
        Ty::String | Ty::Bytes | Ty::NumberOrString | Ty::Named { is_enum: true, .. } => {
            let text = match example {
                Some(serde_json::Value::String(text)) => text.clone(),
                Some(other) => other.to_string(),
                None => "...".to_owned(),
            };
            rust_string(&text)
        }
        Ty::I32 | Ty::I64 => match example {
            Some(serde_json::Value::Number(n)) if n.is_i64() => n.to_string(),
            _ => field.constraints.minimum.map_or(1, |m| m.max(1.0) as i64).to_string(),
        },
        Ty::F64 => match example {
            Some(serde_json::Value::Number(n)) => format!("{:?}", n.as_f64().unwrap_or(1.0)),
            _ => "1.0".to_owned(),
        },
        Ty::Bool => match example {
            Some(serde_json::Value::Bool(b)) => b.to_string(),
            _ => "false".to_owned(),
        },
        // A timestamp argument is a `time` value; "now" keeps the example compiling without
        // time's serde feature (the generated types carry their own wire formats).
        Ty::Timestamp(crate::spec::TimestampFormat::Rfc3339) => {
            "cloudspec_runtime::time::OffsetDateTime::now_utc()".to_owned()
        }
        Ty::Timestamp(crate::spec::TimestampFormat::Datetime) => {
            "{ let now = cloudspec_runtime::time::OffsetDateTime::now_utc(); \
             cloudspec_runtime::time::PrimitiveDateTime::new(now.date(), now.time()) }"
                .to_owned()
        }
        // A JSON document inside a string: its example is that string.
        Ty::JsonString(_) => match example {
            Some(serde_json::Value::String(text)) => {
                format!("serde_json::from_str({})?", readable_rust_string(text))
            }
            Some(other) => json_value(other),
            None => "serde_json::from_str(\"{}\")?".to_owned(),
        },
        _ => match example {
            Some(value) => json_value(value),
            None => "serde_json::from_value(serde_json::json!({}))?".to_owned(),
        },
    }
}

/// A JSON example as a Rust expression of the field's type. `json!` reads JSON text as Rust
/// tokens, and a JSON string escape Rust lacks (`\u0000`, `\b`, `\f`) would not compile in it:
/// such a document is parsed from an escaped string literal instead.
fn json_value(value: &serde_json::Value) -> String {
    let json = value.to_string();
    if json.contains("\\u") || json.contains("\\b") || json.contains("\\f") {
        format!("serde_json::from_str({})?", rust_string(&json))
    } else {
        format!("serde_json::from_value(serde_json::json!({json}))?")
    }
}

/// Statements building the path from the template's literals and path fields.
fn path_pieces(op: &Operation) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(open) = rest.find('{') {
        let literal = &rest[..open];
        if !literal.is_empty() {
            pieces.push(format!("call.path_literal({literal:?});"));
        }
        let after = &rest[open + 1..];
        let close = after.find('}').unwrap_or(after.len());
        let name = &after[..close];
        if let Some(field) = op.input.fields.iter().find(|f| f.wire == name && f.location == Location::Path) {
            let value = &field.rust;
            // The wire name goes along so that the runtime's dot-segment check can name it.
            let wire = &field.wire;
            if field.ty.is_stringy() {
                pieces.push(format!("call.path_param({wire:?}, &request.{value});"));
            } else {
                pieces.push(format!("call.path_param({wire:?}, &request.{value}.to_string());"));
            }
        }
        rest = after.get(close + 1..).unwrap_or_default();
    }
    if !rest.is_empty() {
        pieces.push(format!("call.path_literal({rest:?});"));
    }
    pieces
}

fn request_header(field: &Field) -> Vec<String> {
    let name = format!("{:?}", field.wire);
    let value = &field.rust;
    let text = header_text(&field.ty);
    if field.is_option() {
        vec![
            format!("if let Some(value) = &request.{value} {{"),
            format!("    call.header({name}, {text});"),
            "}".to_owned(),
        ]
    } else {
        vec![format!("let value = &request.{value};"), format!("call.header({name}, {text});")]
    }
}

/// The idempotency token header: the caller's value, or one the runtime generates once for
/// the whole call, retries included.
fn token_header(field: &Field) -> Vec<String> {
    vec![format!("call.idempotency_token({:?}, request.{}.as_deref());", field.wire, field.rust)]
}

/// A header `value` as text: strings as they are, enums by wire value, the rest by `Display`.
fn header_text(ty: &Ty) -> &'static str {
    match ty {
        Ty::String | Ty::Bytes | Ty::Named { is_enum: true, .. } => "value.as_str()",
        _ => "value.to_string()",
    }
}

/// The statement that puts the request's document (body and query members) into the call.
fn document(service: &Service, op: &Operation) -> Option<String> {
    let query_keys: Vec<String> = op
        .input
        .fields
        .iter()
        .filter(|f| f.location == Location::Query)
        .map(|f| format!("{:?}", f.wire))
        .collect();
    let keys = query_keys.join(", ");
    let has_body = op.input.fields.iter().any(|f| matches!(f.location, Location::Body | Location::Payload));
    match service.protocol {
        Protocol::AcsRpc => Some(format!("call.rpc_document(request, &[{keys}])?;")),
        // Tencent's API 3.0 always carries a JSON object, even an empty one.
        Protocol::TencentJson => Some("call.json_body(request)?;".to_owned()),
        _ if has_body && query_keys.is_empty() => Some("call.json_body(request)?;".to_owned()),
        _ if has_body => Some(format!("call.json_document(request, &[{keys}])?;")),
        _ if !query_keys.is_empty() => Some(format!("call.query_document(request, &[{keys}])?;")),
        _ => None,
    }
}

/// Statements turning the response into the output struct: the JSON document, then the
/// documented response headers.
fn decode_output(op: &Operation) -> Vec<String> {
    let output = &op.output.name;
    let header_fields: Vec<&Field> =
        op.output.fields.iter().filter(|f| f.location == Location::Header).collect();
    let has_document = op.output.fields.iter().any(|f| f.location != Location::Header);
    let header_value = |field: &Field| {
        let name = format!("{:?}", field.wire);
        let ty = rust_type_text(&field.ty);
        match (field.ty.is_stringy(), field.is_option()) {
            (true, true) => format!("response.header({name})"),
            (false, true) => format!("response.header_parsed::<{ty}>({name})?"),
            (_, false) => format!("response.required_header::<{ty}>({name})?"),
        }
    };
    if has_document {
        if header_fields.is_empty() {
            return vec![format!("Ok(response.json::<{output}>()?)")];
        }
        let mut lines = vec![format!("let mut output = response.json::<{output}>()?;")];
        lines.extend(header_fields.iter().map(|f| format!("output.{} = {};", f.rust, header_value(f))));
        lines.push("Ok(output)".to_owned());
        lines
    } else if header_fields.is_empty() {
        // Nothing to read (a 204 with no documented headers): the status was the answer.
        vec!["let _ = response;".to_owned(), format!("Ok({output} {{}})")]
    } else {
        let mut lines = vec![format!("Ok({output} {{")];
        lines.extend(header_fields.iter().map(|f| format!("    {}: {},", f.rust, header_value(f))));
        lines.push("})".to_owned());
        lines
    }
}

struct SchemeNames {
    kind: &'static str,
    setter: &'static str,
    credentials: &'static str,
    label: &'static str,
}

fn auth_scheme(scheme: AuthScheme) -> SchemeNames {
    let (kind, setter, credentials, label) = match scheme {
        AuthScheme::Tc3HmacSha256 => {
            ("Tc3HmacSha256", "credentials", "TencentCredentials", "Tencent Cloud TC3-HMAC-SHA256")
        }
        AuthScheme::OciRsaSha256 => {
            ("OciRsaSha256", "credentials", "OciCredentials", "OCI API signing key (rsa-sha256)")
        }
        AuthScheme::HuaweiIamToken => {
            ("HuaweiIamToken", "auth_token", "HuaweiToken", "Huawei Cloud IAM token (`X-Auth-Token`)")
        }
        AuthScheme::HuaweiAksk => {
            ("HuaweiAkSk", "aksk", "HuaweiAkSk", "Huawei Cloud AK/SK (SDK-HMAC-SHA256)")
        }
        AuthScheme::BearerToken => ("BearerToken", "access_token", "BearerToken", "bearer access token"),
        AuthScheme::Acs3HmacSha256 => {
            ("Acs3HmacSha256", "credentials", "AlibabaCredentials", "Alibaba Cloud ACS3-HMAC-SHA256")
        }
    };
    SchemeNames { kind, setter, credentials, label }
}

/// `{name}` placeholders of an endpoint template, in order.
fn endpoint_placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        names.push(&after[..close]);
        rest = &after[close + 1..];
    }
    names
}
