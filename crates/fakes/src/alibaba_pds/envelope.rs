//! PDS error answers: the HTTP status says the call failed, the JSON body says why, with the
//! field names of the PDS "Error handling" page (`Code`, `Message`, `RequestId`).

use serde_json::json;

use crate::http::Response;

/// A failure as PDS reports it.
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

    /// 400 `InvalidParameterMissing` for a required field that is absent.
    pub fn missing(field: &str) -> ApiError {
        ApiError::new(400, "InvalidParameterMissing", format!("The input parameter {field} is missing."))
    }

    /// 400 `InvalidParameter` for a field whose value cannot be used.
    pub fn invalid(field: &str) -> ApiError {
        ApiError::new(400, "InvalidParameter", format!("The input parameter {field} is not valid."))
    }

    /// 404 `NotFound` for a drive, file or folder that does not exist.
    pub fn not_found(what: &str, id: &str) -> ApiError {
        ApiError::new(404, "NotFound", format!("The resource {what} {id} cannot be found."))
    }

    pub fn into_response(self, request_id: &str) -> Response {
        Response::json(
            self.status,
            &json!({ "Code": self.code, "Message": self.message, "RequestId": request_id }),
        )
    }
}
