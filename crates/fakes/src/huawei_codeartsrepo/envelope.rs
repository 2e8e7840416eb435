//! CodeArts Repo answers errors with an HTTP error status and `{error_code, error_msg}`; errors
//! raised by API Gateway itself (authentication, throttling, unknown API) add `request_id`.

use serde_json::json;

use crate::http::Response;

/// Who refused the request: the gateway in front of the service, or the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Gateway,
    Service,
}

/// A refusal: HTTP status, the documented code and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
    pub origin: Origin,
}

impl ApiError {
    fn new(status: u16, code: &'static str, message: impl Into<String>, origin: Origin) -> ApiError {
        ApiError { status, code, message: message.into(), origin }
    }

    /// 401 `CH.00000001`: neither a token nor a signature arrived.
    pub fn no_credentials() -> ApiError {
        ApiError::new(401, "CH.00000001", "User authentication info not found.", Origin::Service)
    }

    /// 401 `APIGW.0301`: a token or signature that does not verify.
    pub fn bad_credentials(detail: impl Into<String>) -> ApiError {
        ApiError::new(
            401,
            "APIGW.0301",
            format!("Incorrect IAM authentication information: {}", detail.into()),
            Origin::Gateway,
        )
    }

    /// 404 `APIGW.0101`: no API at this method and path.
    pub fn no_such_api() -> ApiError {
        ApiError::new(
            404,
            "APIGW.0101",
            "The API does not exist or has not been published in an environment.",
            Origin::Gateway,
        )
    }

    /// 429 `APIGW.0308`.
    pub fn throttled() -> ApiError {
        ApiError::new(429, "APIGW.0308", "The throttling threshold has been reached.", Origin::Gateway)
    }

    /// 404 `CH.00402000`: the repository, branch, file or directory does not exist.
    pub fn not_found(what: impl Into<String>) -> ApiError {
        ApiError::new(
            404,
            "CH.00402000",
            format!("{} does not exist. Check and try again.", what.into()),
            Origin::Service,
        )
    }

    /// 400 `CH.010001` (Param invalid): a missing or malformed parameter, a path already taken,
    /// a stale `last_commit_id`.
    pub fn invalid(message: impl Into<String>) -> ApiError {
        ApiError::new(400, "CH.010001", message, Origin::Service)
    }

    /// The answer: the error body, and the request id in `X-Request-Id`.
    pub fn into_response(self, request_id: &str) -> Response {
        let body = match self.origin {
            Origin::Gateway => {
                json!({ "error_code": self.code, "error_msg": self.message, "request_id": request_id })
            }
            Origin::Service => json!({ "error_code": self.code, "error_msg": self.message }),
        };
        Response::json(self.status, &body).with_header("X-Request-Id", request_id)
    }
}
