//! Hand-written runtime for the clients that `cloudspec` generates.
//!
//! The generated crate stays small and cheap to compile because everything that is the same for
//! every operation lives here once: request validation, the wire formats of timestamps and
//! JSON-in-a-string fields, and the trait impls of string enums. This crate knows nothing about
//! specs: it is the fixed vocabulary that generated code is written in.

mod binary_body;
mod body;
mod builder;
mod call;
mod call_options;
pub mod credentials;
#[doc(hidden)]
pub mod decode;
mod endpoint;
mod envelope;
mod epoch;
mod error;
mod http_client;
mod interceptor;
mod lenient_time;
#[cfg(feature = "mock")]
pub mod mock;
mod number_or_string;
mod paginate;
mod presigned;
mod presigned_url;
mod protocol;
mod query_style;
mod rate_limit;
mod redact;
mod response;
mod retry;
mod retry_budget;
mod retry_codes;
mod secret_values;
pub mod sign;
pub mod testing;
mod transport;
mod typed_headers;
mod upload_silence;
pub mod validate;
mod validate_value;
mod waiter;
pub mod wire;
mod wire_enum;
#[doc(hidden)]
pub mod wire_int_enum;

pub use binary_body::BinaryBody;
pub use body::{ByteStream, CopyError, Download, UploadBody};
pub use builder::{Required, Unset};
pub use call::{Body, Call, new_idempotency_token};
pub use call_options::CallOptions;
/// serde's `Deserialize` derived for JSON objects with less code than serde's own derive (see
/// the `cloudspec-runtime-derive` crate); generated structs use it.
pub use cloudspec_runtime_derive::Deserialize;
pub use error::{
    ConfigError, DecodeError, EncodeError, Error, RedirectError, ServiceError, TimeoutError, TooLargeError,
    TransportError, TransportStage, snippet,
};
pub use interceptor::{
    Interceptor, OutgoingRequest, RESERVED_HEADERS, ReservedHeader, ResponseInfo, is_reserved_header,
};
pub use lenient_time::{LenientTime, TimestampText};
pub use number_or_string::NumberOrString;
pub use paginate::{Cursor, CursorInt, Items, Page, PageStyle, Pages, StopReason, cursor_value, page_size};
pub use presigned::{PresignedClient, PresignedClientBuilder, PresignedPut};
pub use presigned_url::{PresignedDownloadUrl, PresignedUploadUrl};
pub use protocol::{AuthKind, Protocol, ServiceInfo};
pub use query_style::{ListStyle, MapStyle, ParamStyle};
pub use rate_limit::RateLimit;
pub use response::Response;
pub use retry::{Failure, RetryPolicy, RetrySafety, retry_after, retry_after_at, retry_hint};
pub use retry_budget::{RETRY_BUDGET_CAPACITY, RETRY_COST, SUCCESS_REFUND, TIMEOUT_RETRY_COST};
pub use retry_codes::CodeRetry;
pub use transport::{
    Auth, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_READ_TIMEOUT,
    DEFAULT_TIMEOUT, Transport,
};
pub use validate::{LengthUnit, Report, Rule, Validate, ValidationError, Violation, validated};
pub use waiter::{TaskFailure, TaskState, WaitError, WaitPolicy, wait_until};
pub use wire_enum::WireEnum;
pub use wire_int_enum::WireIntEnum;

/// Re-exported so that generated code names exactly the versions the runtime was built with.
pub use futures_core;
pub use reqwest;
pub use serde;
pub use serde_json;
pub use time;

/// The future an operation of a service's `Api` trait returns: boxed, so that the trait is
/// object-safe (`Box<dyn Api>`, `Arc<dyn Api>`), and `Send`, so that it can be spawned.
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

/// Stands in for a sensitive value in `Debug` output.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted;

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}
