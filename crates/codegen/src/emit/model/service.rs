//! A service's root module (`templates/rust/service.rs.j2`): its docs and constants, `SERVICE`,
//! `Client`, `ClientBuilder`, the `Api` trait, `MockClient`, the operation modules and the
//! shared types.

use std::collections::HashMap;

use serde::Serialize;

use super::items::{self, Type};
use crate::emit::direction::Direction;
use crate::emit::inert::{
    Comment, Doc, DocLine, Ident, Lit, cell, code, comment, doc_lines, ident, link, lit, prose, rustdoc,
};
use crate::ir::Service;
use crate::spec::{AuthScheme, Protocol};

#[derive(Serialize)]
pub struct ServiceFile {
    pub source: Comment,
    pub build_script: bool,
    /// The root of the service's own crate (not a module of a tree).
    pub own_crate: bool,
    pub doc: Vec<DocLine>,
    pub api_version: Lit,
    pub endpoint: Lit,
    pub regions: Vec<Lit>,
    pub region_endpoints: Vec<RegionEndpoint>,
    pub name: Lit,
    pub protocol: Ident,
    pub auth_kinds: Vec<Ident>,
    pub signing_name: Option<Lit>,
    pub client_doc: Vec<DocLine>,
    pub auth_setters: Vec<AuthSetter>,
    /// `header` (Tencent's `X-TC-Region`), `host` (an endpoint placeholder) or `none`.
    pub region_setter: &'static str,
    /// Some response carries a presigned URL: the client hands out a `PresignedClient`.
    pub presigned: bool,
    pub endpoint_params: Vec<EndpointParam>,
    pub api: Vec<ApiMethod>,
    pub modules: Vec<Ident>,
    pub types: Vec<Type>,
    /// `CommonErrorCode`: the codes every operation's error enum reaches through `Common`.
    pub common_errors: items::Enum,
}

#[derive(Serialize)]
pub struct RegionEndpoint {
    pub region: Lit,
    pub url: Lit,
}

#[derive(Serialize)]
pub struct AuthSetter {
    pub credentials: Ident,
    pub label: Doc,
}

#[derive(Serialize)]
pub struct EndpointParam {
    pub setter: Ident,
    pub name: Lit,
    /// `{name}` as inline code.
    pub shown: Doc,
}

/// An operation as the `Api` trait and `MockClient` name it.
#[derive(Serialize)]
pub struct ApiMethod {
    pub method: Ident,
    pub wire_name: Lit,
    pub input: Ident,
    pub output: Ident,
    pub error: Ident,
}

pub fn service_file(
    service: &Service,
    own_crate: bool,
    build_script: bool,
    directions: &HashMap<String, Direction>,
) -> ServiceFile {
    let placeholders = endpoint_placeholders(&service.endpoint_url);
    let region_setter = match service.protocol {
        Protocol::TencentJson => "header",
        _ if placeholders.contains(&"region") => "host",
        _ => "none",
    };
    ServiceFile {
        source: comment(&service.source),
        build_script,
        own_crate,
        doc: doc_lines(&service_doc(service)),
        api_version: lit(&service.api_version),
        endpoint: lit(&service.endpoint_url),
        regions: service.regions.iter().map(|r| lit(r)).collect(),
        region_endpoints: service
            .region_urls
            .iter()
            .map(|(region, url)| RegionEndpoint { region: lit(region), url: lit(url) })
            .collect(),
        name: lit(&format!("{}/{}", service.provider, service.name)),
        protocol: ident(protocol_name(service.protocol)),
        auth_kinds: service.auth.iter().map(|a| ident(auth_scheme(a.scheme).kind)).collect(),
        signing_name: service.auth.iter().find_map(|a| a.signing_name.as_deref()).map(lit),
        client_doc: doc_lines(&[rustdoc!(
            "Client of {}: one async method per operation.",
            prose(&service.title)
        )]),
        auth_setters: service
            .auth
            .iter()
            .map(|auth| {
                let scheme = auth_scheme(auth.scheme);
                AuthSetter { credentials: ident(scheme.credentials), label: Doc::fixed(scheme.label) }
            })
            .collect(),
        region_setter,
        presigned: has_presigned_urls(service),
        endpoint_params: placeholders
            .iter()
            .filter(|p| **p != "region")
            .map(|param| EndpointParam {
                setter: ident(&crate::ir::names::field_name(param)),
                name: lit(param),
                shown: code(&format!("{{{param}}}")),
            })
            .collect(),
        api: service
            .operations
            .iter()
            .map(|op| ApiMethod {
                method: ident(&op.module),
                wire_name: lit(&op.name),
                input: ident(&op.input.name),
                output: ident(&op.output.name),
                error: ident(&op.error_enum),
            })
            .collect(),
        modules: service.operations.iter().map(|op| ident(&op.module)).collect(),
        types: service.types.iter().map(|def| items::type_def(def, directions)).collect(),
        common_errors: super::error_codes::common_enum(service),
    }
}

fn service_doc(service: &Service) -> Vec<Doc> {
    let mut docs = vec![
        rustdoc!("{} ({}).", prose(&service.title), code(&format!("{}/{}", service.provider, service.name))),
        Doc::fixed(""),
        rustdoc!("API reference: {}", link(&service.docs)),
        Doc::fixed(""),
        rustdoc!(
            "- Protocol: `{}`, API version {}",
            ident(protocol_name(service.protocol)),
            code(&service.api_version)
        ),
        rustdoc!("- Endpoint: {}", code(&service.endpoint_url)),
    ];
    for auth in &service.auth {
        docs.push(rustdoc!("- Authentication: `{}`", ident(auth_scheme(auth.scheme).kind)));
    }
    docs.push(Doc::fixed(""));
    docs.push(Doc::fixed("| operation | summary |"));
    docs.push(Doc::fixed("|---|---|"));
    for op in &service.operations {
        docs.push(rustdoc!("| [{}]({}) | {} |", code(&op.name), ident(&op.input.name), cell(&op.summary)));
    }
    docs.push(Doc::fixed(""));
    docs.push(Doc::fixed(
        "Errors: each operation's `<Operation>ErrorCode` lists the codes of its page; the codes every \
         operation can return are in [`CommonErrorCode`], its `Common` variant.",
    ));
    if let Some(text) = &service.endpoint_doc {
        docs.push(Doc::fixed(""));
        docs.extend(text.lines().map(prose));
    }
    docs
}

fn protocol_name(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::TencentJson => "TencentJson",
        Protocol::OciRest => "OciRest",
        Protocol::HuaweiRest => "HuaweiRest",
        Protocol::PdsRoa => "PdsRoa",
        Protocol::AcsRpc => "AcsRpc",
    }
}

struct SchemeNames {
    kind: &'static str,
    credentials: &'static str,
    label: &'static str,
}

fn auth_scheme(scheme: AuthScheme) -> SchemeNames {
    let (kind, credentials, label) = match scheme {
        AuthScheme::Tc3HmacSha256 => ("Tc3HmacSha256", "TencentCredentials", "Tencent Cloud TC3-HMAC-SHA256"),
        AuthScheme::OciRsaSha256 => ("OciRsaSha256", "OciCredentials", "OCI API signing key (rsa-sha256)"),
        AuthScheme::HuaweiIamToken => {
            ("HuaweiIamToken", "HuaweiToken", "Huawei Cloud IAM token (`X-Auth-Token`)")
        }
        AuthScheme::HuaweiAksk => ("HuaweiAkSk", "HuaweiAkSk", "Huawei Cloud AK/SK (SDK-HMAC-SHA256)"),
        AuthScheme::BearerToken => ("BearerToken", "BearerToken", "bearer access token"),
        AuthScheme::Acs3HmacSha256 => {
            ("Acs3HmacSha256", "AlibabaCredentials", "Alibaba Cloud ACS3-HMAC-SHA256")
        }
    };
    SchemeNames { kind, credentials, label }
}

/// `{name}` placeholders of an endpoint template, in order.
fn endpoint_placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        names.push(&after[..close]);
        rest = &after[close + 1..];
    }
    names
}

/// Whether a field of an output or of a named type is a presigned URL.
fn has_presigned_urls(service: &Service) -> bool {
    let outputs = service.operations.iter().flat_map(|op| op.output.fields.iter());
    let named =
        service.types.iter().chain(service.operations.iter().flat_map(|op| op.types.iter())).flat_map(
            |def| match &def.kind {
                crate::ir::TypeKind::Struct(s) => s.fields.as_slice(),
                crate::ir::TypeKind::Enum(_) => &[],
            },
        );
    outputs.chain(named).any(|f| f.presigned.is_some())
}
