//! Which error codes each vendor's own SDK retries, so that a failure is classified by what the
//! server said and not only by its HTTP status (Tencent reports throttling inside an HTTP 200
//! envelope; Alibaba's gateways answer `Throttling` with a 400 as well as a 503).
//!
//! Each table names its source: the vendor SDK package, version and file it was read from. The
//! tables are facts about the vendors' behaviour, transcribed, not code taken from them.

use crate::protocol::Protocol;
use crate::retry::Failure;

/// What a vendor's code says about retrying.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CodeClass {
    /// The server refused the call before acting on it (rate limits, a conflicting state it
    /// reports without changing anything): safe to repeat for any operation.
    Refused,
    /// A server-side failure that may come and go; the call may have been applied, so it is
    /// repeated only when the operation is idempotent or token-protected.
    Transient,
}

/// Tencent Cloud API 3.0 (errors arrive as `Response.Error` in an HTTP 200).
///
/// Source: `tencentcloud-sdk-python-common` 3.1.195, `tencentcloud/common/retry.py`,
/// `StandardRetryer.should_retry` (the three `RequestLimitExceeded` codes; its other two codes,
/// `ClientNetworkError` and `ServerNetworkError`, are the SDK's own names for transport failures,
/// which the transport classifies without a code). `InternalError` is not retried by that
/// retryer, but `tencentcloud/common/abstract_client.py` (`_call_with_region_breaker`) counts it
/// as a server failure: it is classified like a 5xx, retried only for operations safe to repeat.
const TENCENT: &[(&str, CodeClass)] = &[
    ("RequestLimitExceeded", CodeClass::Refused),
    ("RequestLimitExceeded.UinLimitExceeded", CodeClass::Refused),
    ("RequestLimitExceeded.GlobalRegionUinLimitExceeded", CodeClass::Refused),
    ("InternalError", CodeClass::Transient),
];

/// Alibaba Cloud RPC (ACS3) and ROA (PDS) APIs.
///
/// Source: `aliyun-python-sdk-core` 2.16.1, `aliyunsdkcore/data/retry_config.json`
/// (`RetryableThrottlingErrors`: `Throttling`; `RetryableNormalErrors`: `InternalError`,
/// `UnknownError`, `ServiceUnavailable`), applied by `aliyunsdkcore/retry/retry_condition.py`
/// (`RetryOnExceptionCondition`). The newer Tea SDKs (`alibabacloud_tea_openapi` 0.4.6,
/// `darabonba-core` 1.0.9) ship no default code list. Alibaba's gateways also send the
/// sub-codes `Throttling.User` and `Throttling.Api` (and others under `Throttling.`) for the same
/// refusal; [`classify_code`] treats every `Throttling.` code like `Throttling`.
const ALIBABA: &[(&str, CodeClass)] = &[
    ("Throttling", CodeClass::Refused),
    ("InternalError", CodeClass::Transient),
    ("UnknownError", CodeClass::Transient),
    ("ServiceUnavailable", CodeClass::Transient),
];

/// Oracle Cloud Infrastructure. Its SDK retries every 429, every 5xx but 501, and two 409
/// codes whose request the service refused without acting.
///
/// Source: `oci` 2.189.0, `oci/retry/retry_checkers.py`, `RETRYABLE_STATUSES_AND_CODES`
/// (`409: ['IncorrectState', 'LockConflict'], 429: []`) and
/// `TimeoutConnectionAndServiceErrorRetryChecker` (`retry_any_5xx`, except 501).
const OCI: &[(&str, CodeClass)] =
    &[("IncorrectState", CodeClass::Refused), ("LockConflict", CodeClass::Refused)];

/// Huawei Cloud. Its SDK retries by status only: HTTP 429, through urllib3's
/// `status_forcelist`, and no error code.
///
/// Source: `huaweicloudsdkcore` 3.1.219, `huaweicloudsdkcore/http/http_client.py`
/// (`self._retry_status_list = [429]`). The status rules below cover it.
const HUAWEI: &[(&str, CodeClass)] = &[];

fn table(protocol: Protocol) -> &'static [(&'static str, CodeClass)] {
    match protocol {
        Protocol::TencentJson => TENCENT,
        Protocol::AcsRpc | Protocol::PdsRoa => ALIBABA,
        Protocol::OciRest => OCI,
        Protocol::HuaweiRest => HUAWEI,
    }
}

/// How a spec classifies one of its documented error codes for retrying (`retry:` on an error
/// entry), overriding the protocol's default table and the status. Generated code passes it
/// with [`Call::retry_code`](crate::Call::retry_code); the safety rule still applies, since a
/// `Transient` code is repeated only for operations that are idempotent or token-protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeRetry {
    /// The server refused the call before acting on it: retried for any operation.
    Throttling,
    /// The call may have been applied: retried only when that cannot duplicate its effect.
    Transient,
    /// Never retried, whatever the default table or the status say.
    Never,
}

impl CodeRetry {
    fn failure(self) -> Failure {
        match self {
            CodeRetry::Throttling => Failure::Throttled,
            CodeRetry::Transient => Failure::MaybeApplied,
            CodeRetry::Never => Failure::Permanent,
        }
    }
}

fn classify_code(protocol: Protocol, status: u16, code: &str) -> Option<CodeClass> {
    // OCI's two refusal codes count only with the status its SDK pairs them with.
    if protocol == Protocol::OciRest && status != 409 {
        return None;
    }
    if matches!(protocol, Protocol::AcsRpc | Protocol::PdsRoa) && code.starts_with("Throttling.") {
        return Some(CodeClass::Refused);
    }
    table(protocol).iter().find(|(known, _)| *known == code).map(|(_, class)| *class)
}

/// Classifies a failed response: its status, refined by the vendor's error code when the body
/// carried one. A code the vendor's SDK retries wins over the status (a Tencent throttle in a
/// 200, an Alibaba `Throttling` in a 400); any other code leaves the status's class.
///
/// A spec's override for the code (`overrides`, matched by the exact code whatever the status)
/// wins over both.
pub(crate) fn classify(
    protocol: Protocol,
    status: u16,
    code: Option<&str>,
    overrides: &[(&'static str, CodeRetry)],
) -> Failure {
    let overridden = code.and_then(|code| overrides.iter().find(|(known, _)| *known == code));
    if let Some((_, retry)) = overridden {
        return retry.failure();
    }
    match code.and_then(|code| classify_code(protocol, status, code)) {
        Some(CodeClass::Refused) => Failure::Throttled,
        Some(CodeClass::Transient) => Failure::MaybeApplied,
        None => Failure::from_status(status),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sdk_retry_tencent_throttling_in_a_200_is_throttled_and_invalid_parameter_is_permanent() {
        let tencent = |code| classify(Protocol::TencentJson, 200, Some(code), &[]);
        assert_eq!(tencent("RequestLimitExceeded"), Failure::Throttled);
        assert_eq!(tencent("RequestLimitExceeded.UinLimitExceeded"), Failure::Throttled);
        assert_eq!(tencent("InternalError"), Failure::MaybeApplied);
        assert_eq!(tencent("InvalidParameter"), Failure::Permanent);
        assert_eq!(tencent("AuthFailure.SignatureFailure"), Failure::Permanent);
    }

    #[test]
    fn sdk_retry_alibaba_throttling_family_wins_over_a_4xx_status() {
        let alibaba = |status, code| classify(Protocol::AcsRpc, status, Some(code), &[]);
        assert_eq!(alibaba(400, "Throttling"), Failure::Throttled);
        assert_eq!(alibaba(400, "Throttling.User"), Failure::Throttled);
        assert_eq!(classify(Protocol::PdsRoa, 400, Some("Throttling.Api"), &[]), Failure::Throttled);
        assert_eq!(alibaba(503, "ServiceUnavailable"), Failure::MaybeApplied);
        assert_eq!(alibaba(400, "InvalidParameter"), Failure::Permanent);
        // Only the dotted family: a code that merely starts with the word is not a throttle.
        assert_eq!(alibaba(400, "ThrottlingConfigInvalid"), Failure::Permanent);
    }

    #[test]
    fn sdk_retry_oci_conflicts_are_refusals_only_with_409() {
        assert_eq!(classify(Protocol::OciRest, 409, Some("IncorrectState"), &[]), Failure::Throttled);
        assert_eq!(classify(Protocol::OciRest, 409, Some("LockConflict"), &[]), Failure::Throttled);
        assert_eq!(classify(Protocol::OciRest, 409, Some("Conflict"), &[]), Failure::Permanent);
        assert_eq!(classify(Protocol::OciRest, 400, Some("IncorrectState"), &[]), Failure::Permanent);
        assert_eq!(classify(Protocol::OciRest, 429, Some("TooManyRequests"), &[]), Failure::Throttled);
    }

    #[test]
    fn sdk_retry_spec_override_wins_over_the_table_and_the_status() {
        let overrides = [
            ("RequestLimitExceeded", CodeRetry::Never),
            ("RequestLimitExceeded.IPLimitExceeded", CodeRetry::Throttling),
            ("ResourceUnavailable", CodeRetry::Transient),
        ];
        let tencent = |code| classify(Protocol::TencentJson, 200, Some(code), &overrides);
        assert_eq!(tencent("RequestLimitExceeded"), Failure::Permanent);
        assert_eq!(tencent("RequestLimitExceeded.IPLimitExceeded"), Failure::Throttled);
        assert_eq!(tencent("ResourceUnavailable"), Failure::MaybeApplied);
        // Codes the spec does not mention keep the default table.
        assert_eq!(tencent("RequestLimitExceeded.UinLimitExceeded"), Failure::Throttled);
        assert_eq!(tencent("InvalidParameter"), Failure::Permanent);
        // `never` beats a retryable status too.
        let never = [("TooManyRequests", CodeRetry::Never)];
        assert_eq!(classify(Protocol::HuaweiRest, 429, Some("TooManyRequests"), &never), Failure::Permanent);
    }

    #[test]
    fn sdk_retry_without_a_known_code_the_status_decides() {
        assert_eq!(classify(Protocol::HuaweiRest, 429, Some("APIGW.0308"), &[]), Failure::Throttled);
        assert_eq!(classify(Protocol::HuaweiRest, 500, None, &[]), Failure::MaybeApplied);
        assert_eq!(classify(Protocol::HuaweiRest, 400, Some("CH.0001"), &[]), Failure::Permanent);
        assert_eq!(classify(Protocol::TencentJson, 200, None, &[]), Failure::Permanent);
    }
}
