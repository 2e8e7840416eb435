//! What the runtime needs to know about a service: a static description the generated crate
//! writes once per service. The runtime never reads specs; this is the whole interface.

/// The wire protocol: how a call is laid out on HTTP and how errors come back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// Tencent Cloud API 3.0: `POST /` with a JSON body, the action in `X-TC-Action`, results and
    /// errors wrapped in `{"Response": …}`.
    TencentJson,
    /// Oracle Cloud Infrastructure REST: path parameters, `opc-*` headers, `{code, message}` errors.
    OciRest,
    /// Huawei Cloud REST (API Gateway): `{error_code, error_msg}` errors.
    HuaweiRest,
    /// Alibaba Cloud PDS (ROA style, bearer token): `{Code, Message}` errors in either casing, or
    /// only `x-ca-error-*` headers from the gateway.
    PdsRoa,
    /// Alibaba Cloud RPC: action and version in `x-acs-*` headers, parameters in the query or a
    /// form body, `{Code, Message, RequestId}` errors.
    AcsRpc,
}

/// An authentication scheme a service accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthKind {
    /// Tencent TC3-HMAC-SHA256.
    Tc3HmacSha256,
    /// OCI HTTP signatures, rsa-sha256.
    OciRsaSha256,
    /// Huawei IAM `X-Auth-Token`.
    HuaweiIamToken,
    /// Huawei API Gateway SDK-HMAC-SHA256 (AK/SK).
    HuaweiAkSk,
    /// `Authorization: Bearer <token>`.
    BearerToken,
    /// Alibaba ACS3-HMAC-SHA256.
    Acs3HmacSha256,
}

impl AuthKind {
    pub fn name(self) -> &'static str {
        match self {
            AuthKind::Tc3HmacSha256 => "TC3-HMAC-SHA256",
            AuthKind::OciRsaSha256 => "OCI rsa-sha256",
            AuthKind::HuaweiIamToken => "Huawei X-Auth-Token",
            AuthKind::HuaweiAkSk => "Huawei AK/SK",
            AuthKind::BearerToken => "bearer token",
            AuthKind::Acs3HmacSha256 => "ACS3-HMAC-SHA256",
        }
    }
}

/// One service, as the generated crate describes it to the runtime.
#[derive(Debug)]
pub struct ServiceInfo {
    /// `<provider>/<service>`, for messages.
    pub name: &'static str,
    pub protocol: Protocol,
    pub api_version: &'static str,
    /// URL template with `{placeholders}` (`{region}` and any other the spec names).
    pub endpoint: &'static str,
    /// Regions whose host does not follow `endpoint`, with their full URL (Huawei CodeArts Repo's
    /// la-south-2, eu-west-101, ...): the vendor SDK's region table, where one template is not
    /// enough.
    pub region_endpoints: &'static [(&'static str, &'static str)],
    /// Accepted schemes, in the spec's order (the first is preferred by `from_env`).
    pub auth: &'static [AuthKind],
    /// The credential-scope service name (Tencent `wedata`), where the scheme has one.
    pub signing_name: Option<&'static str>,
}
