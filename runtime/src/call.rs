//! One operation call, laid out for HTTP: what generated code fills in, and the only input of
//! the transport's (non-generic) send path.

use bytes::Bytes;
use serde::Serialize;
use serde_json::Value;

use crate::body::UploadBody;
use crate::error::EncodeError;
use crate::query_style::{self, ParamStyle};
use crate::retry::RetrySafety;
use crate::retry_codes::CodeRetry;
use crate::sign::percent_encode_rfc3986;
use crate::validate::{Report, ValidationError};

/// The body of a call.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// No body at all.
    Empty,
    /// A serialized JSON document.
    Json(Vec<u8>),
    /// `application/x-www-form-urlencoded` parameters (Alibaba RPC), encoded at send time.
    Form(Vec<(String, String)>),
    /// Raw bytes of the given content type (a binary upload held in memory; signable by every
    /// scheme).
    Bytes { bytes: Bytes, content_type: String },
    /// A body streamed from a file or reader of known length (see [`crate::UploadBody`] for
    /// which schemes can sign it and when the call is retried).
    Stream { body: UploadBody, content_type: String },
}

/// A call being assembled by a generated operation method.
#[derive(Debug, Clone)]
pub struct Call {
    pub(crate) action: &'static str,
    pub(crate) method: &'static str,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Body,
    pub(crate) retry_safety: RetrySafety,
    pub(crate) rate_limit: Option<f64>,
    /// The spec's own retry class of some of its error codes, over the protocol's defaults.
    pub(crate) retry_codes: Vec<(&'static str, CodeRetry)>,
    /// Every path parameter with its field's wire name, checked before anything is sent.
    path_params: Vec<(String, String)>,
    /// A successful response's body is handed over unread, up to this many bytes (downloads).
    pub(crate) download_limit: Option<u64>,
    /// How lists and maps of query and form fields are written, unless `param_styles` names
    /// the field.
    default_style: ParamStyle,
    param_styles: Vec<(String, ParamStyle)>,
}

impl Call {
    /// A call of operation `action` (the vendor's operation name) with `method`.
    pub fn new(action: &'static str, method: &'static str) -> Self {
        Call {
            action,
            method,
            path: String::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: Body::Empty,
            retry_safety: RetrySafety::Unsafe,
            rate_limit: None,
            retry_codes: Vec::new(),
            path_params: Vec::new(),
            download_limit: None,
            default_style: ParamStyle::INDEXED_FROM_1,
            param_styles: Vec::new(),
        }
    }

    /// The spec marks the operation idempotent: any failure that may be transient is retried.
    pub fn idempotent(&mut self) -> &mut Self {
        self.retry_safety = RetrySafety::Idempotent;
        self
    }

    /// Sends the idempotency token in header `name`: the caller's `token`, or a fresh random one
    /// generated now, once per logical call, so every attempt carries the same value and the
    /// server can recognise a repeat.
    pub fn idempotency_token(&mut self, name: &str, token: Option<&str>) -> &mut Self {
        let token = token.map_or_else(new_idempotency_token, str::to_owned);
        self.retry_safety = RetrySafety::TokenProtected;
        self.header(name, token)
    }

    /// The idempotency token travels in the request's document (a query or body field): the
    /// call becomes safe to retry, and when the caller left the field unset (`token` is
    /// `None`) a fresh token is returned for the generated code to write into the document
    /// before it is serialized, once per logical call.
    pub fn document_idempotency_token(&mut self, token: Option<&str>) -> Option<String> {
        self.retry_safety = RetrySafety::TokenProtected;
        if token.is_some() { None } else { Some(new_idempotency_token()) }
    }

    /// The spec classifies error `code` for retrying (`retry:` on its error entry): it wins over
    /// the protocol's default code table and over the status. A code classified `Transient` is
    /// still repeated only when the call is idempotent or token-protected.
    pub fn retry_code(&mut self, code: &'static str, retry: CodeRetry) -> &mut Self {
        self.retry_codes.push((code, retry));
        self
    }

    /// The operation's documented rate limit, in requests per second.
    pub fn rate_limit(&mut self, requests_per_second: f64) -> &mut Self {
        self.rate_limit = Some(requests_per_second);
        self
    }

    /// How lists and maps of every query and form field are written (default
    /// [`ParamStyle::INDEXED_FROM_1`]; [`ParamStyle::for_protocol`] gives each vendor's). Set
    /// before the document is added.
    pub fn default_param_style(&mut self, style: ParamStyle) -> &mut Self {
        self.default_style = style;
        self
    }

    /// How the lists and maps of query or form field `name` (its wire name) are written,
    /// overriding the default for it. Set before the document is added.
    pub fn param_style(&mut self, name: &str, style: ParamStyle) -> &mut Self {
        self.param_styles.push((name.to_owned(), style));
        self
    }

    fn style_of(&self, name: &str) -> ParamStyle {
        self.param_styles
            .iter()
            .find(|(field, _)| field == name)
            .map_or(self.default_style, |(_, style)| *style)
    }

    /// Appends a literal piece of the path template (already valid in a URL).
    pub fn path_literal(&mut self, literal: &str) -> &mut Self {
        self.path.push_str(literal);
        self
    }

    /// Appends path parameter `name` (its wire name) as one percent-encoded segment: a `/`
    /// inside the value is encoded as `%2F`, so a value never changes the shape of the path
    /// (the OCI SDKs do the same). `.` and `..`, which encoding leaves as they are and which
    /// would address another resource, make the call fail validation naming `name` before
    /// anything is sent (see [`Call::check_path`]).
    pub fn path_param(&mut self, name: &str, value: &str) -> &mut Self {
        self.path.push_str(&percent_encode_rfc3986(value));
        self.path_params.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Refuses path parameters that are dot segments (in any percent-encoding), naming each
    /// such field. The transport calls it before laying the call out.
    pub fn check_path(&self) -> Result<(), ValidationError> {
        let mut report = Report::default();
        for (name, value) in &self.path_params {
            report.path_segment("", name, value);
        }
        report.finish()
    }

    /// Adds a query parameter (encoded when sent).
    pub fn query(&mut self, name: &str, value: impl Into<String>) -> &mut Self {
        self.query.push((name.to_owned(), value.into()));
        self
    }

    /// Adds a request header.
    pub fn header(&mut self, name: &str, value: impl Into<String>) -> &mut Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    /// `bytes` as the body, sent as they are with `content_type`.
    pub fn bytes_body(&mut self, bytes: impl Into<Bytes>, content_type: &str) -> &mut Self {
        self.body = Body::Bytes { bytes: bytes.into(), content_type: content_type.to_owned() };
        self
    }

    /// `body` streamed as the body with `content_type`, without reading it into memory.
    pub fn stream_body(&mut self, body: UploadBody, content_type: &str) -> &mut Self {
        self.body = Body::Stream { body, content_type: content_type.to_owned() };
        self
    }

    /// The whole serialized document as the JSON body.
    pub fn json_body<T: Serialize + ?Sized>(&mut self, document: &T) -> Result<&mut Self, EncodeError> {
        let bytes = serde_json::to_vec(document).map_err(|e| EncodeError::Serialize(e.to_string()))?;
        self.body = Body::Json(bytes);
        Ok(self)
    }

    /// The serialized document split in two: the members named in `query_keys` become query
    /// parameters, the rest the JSON body (REST operations with query parameters).
    pub fn json_document<T: Serialize + ?Sized>(
        &mut self,
        document: &T,
        query_keys: &[&str],
    ) -> Result<&mut Self, EncodeError> {
        let body = self.split_query(document, query_keys)?;
        let bytes = serde_json::to_vec(&body).map_err(|e| EncodeError::Serialize(e.to_string()))?;
        self.body = Body::Json(bytes);
        Ok(self)
    }

    /// Only the members named in `query_keys`, as query parameters (operations without a body).
    pub fn query_document<T: Serialize + ?Sized>(
        &mut self,
        document: &T,
        query_keys: &[&str],
    ) -> Result<&mut Self, EncodeError> {
        self.split_query(document, query_keys)?;
        Ok(self)
    }

    /// Alibaba RPC: the members named in `query_keys` become query parameters, the rest form
    /// parameters in the body; lists and maps are written in each field's style (by default
    /// the RPC way, `Name.1.Key`).
    pub fn rpc_document<T: Serialize + ?Sized>(
        &mut self,
        document: &T,
        query_keys: &[&str],
    ) -> Result<&mut Self, EncodeError> {
        let body = self.split_query(document, query_keys)?;
        let mut form = Vec::new();
        for (name, value) in body {
            query_style::encode(&name, &value, self.style_of(&name), &mut form);
        }
        self.body = if form.is_empty() { Body::Empty } else { Body::Form(form) };
        Ok(self)
    }

    fn split_query<T: Serialize + ?Sized>(
        &mut self,
        document: &T,
        query_keys: &[&str],
    ) -> Result<serde_json::Map<String, Value>, EncodeError> {
        let value = serde_json::to_value(document).map_err(|e| EncodeError::Serialize(e.to_string()))?;
        let Value::Object(members) = value else {
            return Err(EncodeError::Serialize("the request did not serialize to a JSON object".to_owned()));
        };
        let mut body = serde_json::Map::new();
        for (name, value) in members {
            if query_keys.contains(&name.as_str()) {
                let style = self.style_of(&name);
                query_style::encode(&name, &value, style, &mut self.query);
            } else {
                body.insert(name, value);
            }
        }
        Ok(body)
    }
}

/// A fresh idempotency token: 32 random hex digits (a UUID v4 without dashes), within OCI's
/// 64-character limit and made of characters every vendor accepts.
pub fn new_idempotency_token() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign::encode_query;
    use serde_json::json;

    #[test]
    fn path_params_are_single_segments() {
        let mut call = Call::new("Op", "POST");
        call.path_literal("/contents/").path_param("contentPath", "dir/sub dir/naïve.ipynb");
        assert_eq!(call.path, "/contents/dir%2Fsub%20dir%2Fna%C3%AFve.ipynb");
        assert_eq!(call.check_path(), Ok(()));
    }

    #[test]
    fn safety_dot_segment_path_params_fail_naming_the_field() {
        let mut call = Call::new("Op", "GET");
        call.path_literal("/a/").path_param("first", "ok").path_literal("/").path_param("second", "%2e%2E");
        let error = call.check_path().unwrap_err();
        assert!(error.concerns("second") && !error.concerns("first"), "{error}");
        assert!(error.to_string().contains("`second`"), "{error}");
    }

    #[test]
    fn rpc_document_flattens_and_splits() {
        let mut call = Call::new("Op", "POST");
        let doc = json!({"RegionId": "cn-hangzhou", "Tag": [{"Key": "a", "Value": "b"}], "Spec": "{\"x\":1}", "N": 3, "Gone": null});
        call.rpc_document(&doc, &["RegionId"]).unwrap();
        assert_eq!(call.query, vec![("RegionId".to_owned(), "cn-hangzhou".to_owned())]);
        let Body::Form(form) = &call.body else { panic!("form body expected") };
        let names: Vec<&str> = form.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["Tag.1.Key", "Tag.1.Value", "Spec", "N"]);
        assert_eq!(encode_query(form), "Tag.1.Key=a&Tag.1.Value=b&Spec=%7B%22x%22%3A1%7D&N=3");
    }

    #[test]
    fn json_document_moves_query_members_out_of_the_body() {
        let mut call = Call::new("Op", "GET");
        call.json_document(&json!({"limit": 2, "name": "x y"}), &["limit"]).unwrap();
        assert_eq!(call.query, vec![("limit".to_owned(), "2".to_owned())]);
        assert_eq!(call.body, Body::Json(br#"{"name":"x y"}"#.to_vec()));
    }
}
