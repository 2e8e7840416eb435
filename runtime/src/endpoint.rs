//! Endpoint resolution: a spec's URL template filled with region and other parameters, or an
//! override (tests, private endpoints, proxies).

use reqwest::Url;

use crate::error::ConfigError;
use crate::protocol::ServiceInfo;

/// Fills `{name}` placeholders of the service's template from `params`, or takes the URL the
/// service lists for the chosen region when that region's host does not follow the template.
pub fn resolve(service: &ServiceInfo, params: &[(String, String)]) -> Result<Url, ConfigError> {
    let region = params.iter().rev().find(|(k, _)| k == "region").map(|(_, v)| v.as_str());
    if let Some(&(_, url)) = service.region_endpoints.iter().find(|(r, _)| Some(*r) == region) {
        return parse(url);
    }
    let template = service.endpoint;
    let mut url = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        url.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err(invalid(template, "unclosed `{` in the endpoint template"));
        };
        let name = &after[..close];
        let value =
            params.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).ok_or_else(|| {
                ConfigError::MissingEndpointParameter {
                    service: service.name,
                    name: name.to_owned(),
                    template,
                }
            })?;
        if !is_host_label(value) {
            return Err(invalid(
                template,
                &format!("`{name}` = {value:?} is not a host name label (letters, digits, `-`, `.`)"),
            ));
        }
        url.push_str(value);
        rest = &after[close + 1..];
    }
    url.push_str(rest);
    parse(&url)
}

/// Parses an endpoint override; it must be an absolute http(s) URL.
pub fn parse(endpoint: &str) -> Result<Url, ConfigError> {
    let url = Url::parse(endpoint).map_err(|e| invalid(endpoint, &e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid(endpoint, "the scheme must be http or https"));
    }
    if url.host_str().is_none() {
        return Err(invalid(endpoint, "no host"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid(endpoint, "an endpoint cannot carry a query or a fragment"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        // The HTTP client would turn user info into an `Authorization: Basic` header sent beside
        // (or instead of) the vendor's signature, and the password would appear in every error
        // that shows the endpoint; so it is refused, and this error shows it masked.
        let mut masked = url.clone();
        let _ = masked.set_username("***");
        let _ = masked.set_password(None);
        return Err(invalid(
            masked.as_str(),
            "an endpoint cannot carry user info (`user:password@`); give credentials to the client builder",
        ));
    }
    Ok(url)
}

/// The `Host` header value reqwest will send for `url`: the port only when it is not the
/// scheme's default, exactly what the server sees and the signature must cover.
pub fn host_header(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}

fn is_host_label(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
}

fn invalid(endpoint: &str, reason: &str) -> ConfigError {
    ConfigError::InvalidEndpoint { endpoint: endpoint.to_owned(), reason: reason.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{AuthKind, Protocol};

    static PDS: ServiceInfo = ServiceInfo {
        name: "alibaba/pds",
        protocol: Protocol::PdsRoa,
        api_version: "v2",
        endpoint: "https://{domain_id}.api.aliyunpds.com",
        region_endpoints: &[],
        auth: &[AuthKind::BearerToken],
        signing_name: None,
    };

    static REPO: ServiceInfo = ServiceInfo {
        name: "huawei/codeartsrepo",
        protocol: Protocol::HuaweiRest,
        api_version: "v4",
        endpoint: "https://codehub-ext.{region}.myhuaweicloud.com",
        region_endpoints: &[("eu-west-101", "https://codeartsrepo-ext.eu-west-101.myhuaweicloud.com")],
        auth: &[AuthKind::HuaweiIamToken],
        signing_name: None,
    };

    fn region(name: &str) -> Vec<(String, String)> {
        vec![("region".into(), name.into())]
    }

    #[test]
    fn a_listed_region_takes_its_own_url_and_others_the_template() {
        let listed = resolve(&REPO, &region("eu-west-101")).unwrap();
        assert_eq!(listed.as_str(), "https://codeartsrepo-ext.eu-west-101.myhuaweicloud.com/");
        let templated = resolve(&REPO, &region("cn-north-4")).unwrap();
        assert_eq!(templated.as_str(), "https://codehub-ext.cn-north-4.myhuaweicloud.com/");
    }

    #[test]
    fn fills_placeholders() {
        let url = resolve(&PDS, &[("domain_id".into(), "bj1234".into())]).unwrap();
        assert_eq!(url.as_str(), "https://bj1234.api.aliyunpds.com/");
        assert_eq!(host_header(&url), "bj1234.api.aliyunpds.com");
    }

    #[test]
    fn names_a_missing_placeholder() {
        let err = resolve(&PDS, &[]).unwrap_err();
        assert!(err.to_string().contains("`domain_id`"), "{err}");
    }

    #[test]
    fn refuses_a_value_that_would_change_the_host() {
        let err = resolve(&PDS, &[("domain_id".into(), "evil.com/x?".into())]).unwrap_err();
        assert!(matches!(err, ConfigError::InvalidEndpoint { .. }), "{err}");
    }

    #[test]
    fn refuses_user_info_and_never_shows_the_password() {
        for endpoint in [
            "https://admin:hunter2@example.com",
            "https://admin@example.com/",
            "https://:hunter2@example.com",
        ] {
            let error = parse(endpoint).expect_err(endpoint).to_string();
            assert!(error.contains("user info"), "{error}");
            assert!(!error.contains("hunter2") && !error.contains("admin"), "{error}");
        }
    }

    #[test]
    fn override_keeps_port_in_host_header() {
        let url = parse("http://127.0.0.1:8080").unwrap();
        assert_eq!(host_header(&url), "127.0.0.1:8080");
        assert!(parse("ftp://x").is_err());
        assert!(parse("http://x/?a=1").is_err());
    }
}
