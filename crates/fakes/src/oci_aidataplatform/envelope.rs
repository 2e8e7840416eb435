//! OCI's error answers: the HTTP status, the `{"code", "message"}` body every OCI service sends
//! ("API Errors" page) and the `opc-request-id` header.

use serde_json::json;

use crate::http::Response;

/// A failure as OCI reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OciError {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
}

impl OciError {
    pub fn new(status: u16, code: &'static str, message: impl Into<String>) -> OciError {
        OciError { status, code, message: message.into() }
    }

    /// 401: the signature, key or date did not pass.
    pub fn not_authenticated(message: impl Into<String>) -> OciError {
        OciError::new(401, "NotAuthenticated", message)
    }

    /// 400: a parameter or member has a value the service refuses.
    pub fn invalid(message: impl Into<String>) -> OciError {
        OciError::new(400, "InvalidParameter", message)
    }

    /// 400: a required parameter or member is missing.
    pub fn missing(name: &str) -> OciError {
        OciError::new(400, "MissingParameter", format!("The required parameter `{name}` is missing."))
    }

    /// 404 for a content path that does not exist (OCI does not say whether it is absent or
    /// hidden from the caller).
    pub fn content_not_found(path: &str) -> OciError {
        OciError::new(
            404,
            "NotAuthorizedOrNotFound",
            format!("Content `{path}` was not found, or you are not authorized to access it."),
        )
    }

    /// 412: `if-match` is not the content's current etag.
    pub fn etag_mismatch(path: &str) -> OciError {
        OciError::new(
            412,
            "NoEtagMatch",
            format!("The ETag specified in the request does not match the ETag of `{path}`."),
        )
    }

    /// 409: the request conflicts with what is at the path now.
    pub fn incorrect_state(message: impl Into<String>) -> OciError {
        OciError::new(409, "IncorrectState", message)
    }

    /// 409: the target path is taken.
    pub fn already_exists(path: &str) -> OciError {
        OciError::new(
            409,
            "NotAuthorizedOrResourceAlreadyExists",
            format!("Content `{path}` already exists."),
        )
    }

    /// The answer: status, OCI's error body and the request id.
    pub fn response(&self, request_id: &str) -> Response {
        Response::json(self.status, &json!({ "code": self.code, "message": self.message }))
            .with_header("opc-request-id", request_id)
    }
}
