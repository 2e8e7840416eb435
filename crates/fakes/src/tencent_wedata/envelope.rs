//! Tencent Cloud API 3.0 answers: everything inside `{"Response": {...}}`, with HTTP 200 for
//! failures too (the `Error` object, not the status, says the call failed).

use serde_json::{Value, json};

/// A failure as WeData reports it: a common API 3.0 error code and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { code, message: message.into() }
    }
}

/// `{"Response": {"Data": data, "RequestId": id}}`.
pub fn success(data: Value, request_id: &str) -> Value {
    json!({ "Response": { "Data": data, "RequestId": request_id } })
}

/// `{"Response": {"Error": {"Code", "Message"}, "RequestId": id}}`.
pub fn failure(error: &ApiError, request_id: &str) -> Value {
    json!({
        "Response": {
            "Error": { "Code": error.code, "Message": error.message },
            "RequestId": request_id
        }
    })
}
