//! Alibaba Cloud RPC answers: a success is the operation's JSON object with its `RequestId`; a
//! failure is the common error body (`RequestId`, `HostId`, `Code`, `Message`, `Recommend`) with
//! the HTTP status Alibaba uses for the code.

use serde_json::{Map, Value, json};

/// A failure as DataWorks reports it: HTTP status, error code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: u16, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status, code, message: message.into() }
    }

    /// `MissingParameter` (400), the gateway's answer to a required parameter left out.
    pub fn missing(name: &str) -> ApiError {
        ApiError::new(
            400,
            "MissingParameter",
            format!(
                "The input parameter \"{name}\" that is mandatory for processing this request is not supplied."
            ),
        )
    }

    /// `InvalidParameter` (400).
    pub fn invalid(message: impl Into<String>) -> ApiError {
        ApiError::new(400, "InvalidParameter", message)
    }
}

/// The operation's members with `RequestId` first, as Alibaba's samples print it.
pub fn success(data: Map<String, Value>, request_id: &str) -> Value {
    let mut body = Map::new();
    body.insert("RequestId".to_owned(), Value::String(request_id.to_owned()));
    body.extend(data);
    Value::Object(body)
}

/// The common error body, with a troubleshooting link as current responses carry.
pub fn failure(error: &ApiError, request_id: &str, host_id: &str) -> Value {
    json!({
        "RequestId": request_id,
        "HostId": host_id,
        "Code": error.code,
        "Message": error.message,
        "Recommend": format!(
            "https://api.alibabacloud.com/troubleshoot?q={}&product=dataworks-public&requestId={request_id}",
            error.code
        ),
    })
}
