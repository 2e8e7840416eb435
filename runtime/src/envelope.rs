//! Each vendor's error envelope, parsed into one [`ServiceError`]. Only failures come here, so
//! this reads the body into a generic JSON value and looks members up by every spelling the
//! vendors are known to use (Alibaba's gateways send `Code` as well as `code`).

use reqwest::header::HeaderMap;
use serde_json::{Map, Value};

use crate::error::{DecodeError, ServiceError, snippet};
use crate::protocol::Protocol;

/// Where a protocol keeps its error code, message and request id.
struct Layout {
    code: &'static [&'static str],
    message: &'static [&'static str],
    request_id: &'static [&'static str],
    request_id_headers: &'static [&'static str],
}

fn layout(protocol: Protocol) -> Layout {
    match protocol {
        // Inside `Response.Error`; the request id is a sibling of `Error`.
        Protocol::TencentJson => Layout {
            code: &["Code"],
            message: &["Message"],
            request_id: &["RequestId"],
            request_id_headers: &[],
        },
        Protocol::OciRest => Layout {
            code: &["code"],
            message: &["message"],
            request_id: &[],
            request_id_headers: &["opc-request-id"],
        },
        // The Huawei Cloud SDKs accept `error_code`/`error_msg`, `errorCode`/`errorMsg` and
        // `code`/`message` (services other than the API gateway use the latter), at the top level
        // or inside one wrapping object.
        Protocol::HuaweiRest => Layout {
            code: &["error_code", "errorCode", "code"],
            message: &["error_msg", "errorMsg", "message"],
            request_id: &["request_id"],
            request_id_headers: &["x-request-id"],
        },
        Protocol::PdsRoa => Layout {
            code: &["Code", "code"],
            message: &["Message", "message"],
            request_id: &["RequestId", "requestId", "request_id"],
            request_id_headers: &["x-ca-request-id"],
        },
        Protocol::AcsRpc => Layout {
            code: &["Code", "code"],
            message: &["Message", "message"],
            request_id: &["RequestId", "requestId"],
            request_id_headers: &["x-acs-request-id"],
        },
    }
}

/// The request id a response carries in its headers, for any protocol.
pub(crate) fn header_request_id(protocol: Protocol, headers: &HeaderMap) -> Option<String> {
    layout(protocol).request_id_headers.iter().find_map(|name| header(headers, name))
}

/// The request id a decodable-as-JSON success body carries where the vendor puts it (Tencent's
/// `Response.RequestId`, Alibaba's `RequestId`), for an answer whose headers have none: a body
/// that does not match the documented output can still name its request.
pub(crate) fn body_request_id(protocol: Protocol, body: &[u8]) -> Option<String> {
    let names = layout(protocol).request_id;
    if names.is_empty() {
        return None;
    }
    let document: Value = serde_json::from_slice(body).ok()?;
    let object = match protocol {
        Protocol::TencentJson => document.get("Response")?.as_object()?,
        _ => document.as_object()?,
    };
    member(object, names)
}

/// Parses a non-success response (or a Tencent `Response.Error`) into a service error, or says
/// why it is not one of the vendor's envelopes.
pub(crate) fn parse_error(
    protocol: Protocol,
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<ServiceError, DecodeError> {
    let layout = layout(protocol);
    let header_id = header_request_id(protocol, headers);
    let text = String::from_utf8_lossy(body).into_owned();
    let decode_error = |message: String| DecodeError {
        status: Some(status),
        message,
        snippet: snippet(body),
        request_id: header_id.clone(),
    };

    // The PDS gateway answers some failures with headers only.
    if protocol == Protocol::PdsRoa
        && let Some(code) = header(headers, "x-ca-error-code")
        && body.iter().all(u8::is_ascii_whitespace)
    {
        return Ok(ServiceError {
            status,
            code: code.clone(),
            raw_code: code,
            message: header(headers, "x-ca-error-message").unwrap_or_default(),
            request_id: header_id,
            body: text,
        });
    }

    let document: Value = serde_json::from_slice(body)
        .map_err(|e| decode_error(format!("the error body is not JSON ({e})")))?;
    let (fields, outer) = match protocol {
        Protocol::TencentJson => {
            let response = document.get("Response").and_then(Value::as_object);
            let error = response.and_then(|r| r.get("Error")).and_then(Value::as_object);
            match (error, response) {
                (Some(error), Some(response)) => (error, Some(response)),
                _ => return Err(decode_error("no `Response.Error` object in the body".to_owned())),
            }
        }
        Protocol::HuaweiRest => match document.as_object() {
            Some(object) => (huawei_error_object(object, layout.code), None),
            None => return Err(decode_error("the error body is not a JSON object".to_owned())),
        },
        _ => match document.as_object() {
            Some(object) => (object, None),
            None => return Err(decode_error("the error body is not a JSON object".to_owned())),
        },
    };
    let Some(code) = member(fields, layout.code) else {
        return Err(decode_error(format!("the error body has no `{}` member", layout.code[0])));
    };
    let message = member(fields, layout.message).unwrap_or_default();
    let request_id = member(outer.unwrap_or(fields), layout.request_id).or(header_id);
    Ok(ServiceError { status, code: code.clone(), raw_code: code, message, request_id, body: text })
}

/// The object holding a Huawei error code: the body itself, or else the first member that is an
/// object with a code (`{"error": {"code": ..., "message": ...}}`), as the Huawei SDKs look one
/// level down.
fn huawei_error_object<'a>(body: &'a Map<String, Value>, code: &[&str]) -> &'a Map<String, Value> {
    if member(body, code).is_some() {
        return body;
    }
    body.values().filter_map(Value::as_object).find(|inner| member(inner, code).is_some()).unwrap_or(body)
}

fn member(object: &Map<String, Value>, names: &[&str]) -> Option<String> {
    names.iter().find_map(|name| match object.get(*name)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}
