//! Asking a cloud instance's metadata service for something: the HTTP exchange every instance
//! metadata provider shares, with short timeouts, a small body limit and no redirects.
//!
//! Errors name the provider, the path and the status, never the body: a metadata answer holds
//! secrets, and a broken one may hold them in any place.

use std::time::Duration;

use reqwest::Url;

use super::CredentialsError;

/// Metadata services answer on the local link in milliseconds. Alibaba's SDK gives them 1 s to
/// connect and 1 s to read (`EcsRamRoleCredentialsProvider.DEFAULT_CONNECT_TIMEOUT` /
/// `DEFAULT_READ_TIMEOUT`, alibabacloud-credentials `provider/ecs_ram_role.py`); Huawei's 3 s
/// each (`MetadataAccessor._DEFAULT_TIME_OUT`, huaweicloudsdkcore `auth/internal.py`).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
const TIMEOUT: Duration = Duration::from_secs(5);
/// Real answers are a few hundred bytes to a few KiB (a security token is the bulk).
const MAX_BODY_BYTES: usize = 64 * 1024;

/// One metadata service: its base URL. The HTTP client is built for each exchange: a refresh
/// happens a few times an hour, and a client that cannot be built is then an error of that
/// refresh rather than a panic where the provider is created.
///
/// Also used for an STS endpoint ([`Self::internet`]), which differs only in going through the
/// environment's proxy like any other internet request.
#[derive(Clone)]
pub(crate) struct MetadataService {
    base: Url,
    through_proxy: bool,
}

/// An answer: status and text.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) text: String,
}

impl MetadataService {
    /// The vendor's own address, a constant of this crate.
    pub(crate) fn builtin(base: &'static str) -> Self {
        Self {
            base: Url::parse(base).expect("the built-in metadata addresses are valid URLs"),
            through_proxy: false,
        }
    }

    /// A service on the internet (STS): reached through the environment's proxy, if any.
    pub(crate) fn internet(base: &str, what: &str) -> Result<Self, CredentialsError> {
        Ok(Self { through_proxy: true, ..Self::new(base, what)? })
    }

    /// `base` is a test's fake service: `http://host[:port]`.
    pub(crate) fn new(base: &str, what: &str) -> Result<Self, CredentialsError> {
        let base = Url::parse(base)
            .map_err(|e| CredentialsError::invalid(format!("{what} endpoint"), format!("not a URL: {e}")))?;
        if !matches!(base.scheme(), "http" | "https") || base.host_str().is_none() {
            return Err(CredentialsError::invalid(
                format!("{what} endpoint"),
                "it must be an http:// or https:// URL with a host",
            ));
        }
        Ok(Self { base, through_proxy: false })
    }

    pub(crate) fn base(&self) -> &Url {
        &self.base
    }

    /// The URL of `segments` under the base, each segment percent-encoded (a role name is a
    /// single segment whatever characters it holds).
    pub(crate) fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        url
    }

    /// Sends `method` to `url` with `headers`, and reads the answer (at most
    /// [`MAX_BODY_BYTES`]). `from` names the provider in errors.
    pub(crate) async fn exchange(
        &self,
        from: &str,
        method: reqwest::Method,
        url: Url,
        headers: &[(&str, &str)],
    ) -> Result<Answer, CredentialsError> {
        self.exchange_with_body(from, method, url, headers, None).await
    }

    /// [`Self::exchange`] with a body: its content type and text.
    pub(crate) async fn exchange_with_body(
        &self,
        from: &str,
        method: reqwest::Method,
        url: Url,
        headers: &[(&str, &str)],
        body: Option<(&str, String)>,
    ) -> Result<Answer, CredentialsError> {
        let path = url.path().to_owned();
        let fail = |reason: String| CredentialsError::fetch(from, format!("{method} {path}: {reason}"));
        let mut http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(TIMEOUT);
        if !self.through_proxy {
            // A proxy from the environment must not see metadata requests: the answer is a
            // secret and the service only exists on the instance's own link.
            http = http.no_proxy();
        }
        let http = http.build().map_err(|e| fail(format!("no HTTP client: {}", describe(&e))))?;
        let mut request = http.request(method.clone(), url);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some((content_type, body)) = body {
            request = request.header("content-type", content_type).body(body);
        }
        let mut response = request.send().await.map_err(|e| fail(describe(&e)))?;
        let status = response.status().as_u16();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| fail(describe(&e)))? {
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(fail(format!("the answer is larger than {MAX_BODY_BYTES} bytes")));
            }
            body.extend_from_slice(&chunk);
        }
        let text = String::from_utf8(body).map_err(|_| fail("the answer is not UTF-8 text".to_owned()))?;
        Ok(Answer { status, text })
    }

    /// [`Self::exchange`], requiring HTTP 200.
    pub(crate) async fn fetch(
        &self,
        from: &str,
        method: reqwest::Method,
        url: Url,
        headers: &[(&str, &str)],
    ) -> Result<String, CredentialsError> {
        let path = url.path().to_owned();
        let answer = self.exchange(from, method.clone(), url, headers).await?;
        if answer.status != 200 {
            return Err(CredentialsError::fetch(from, format!("{method} {path}: HTTP {}", answer.status)));
        }
        Ok(answer.text)
    }
}

/// What kind of failure, without the URL (reqwest's text would repeat it).
fn describe(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        "timed out".to_owned()
    } else if error.is_connect() {
        "could not connect (is this a cloud instance with the metadata service?)".to_owned()
    } else {
        let mut text = "the exchange failed".to_owned();
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            text.push_str(&format!(": {cause}"));
            source = cause.source();
        }
        text
    }
}

/// Parses a JSON answer into `T`; an error says where and what kind, never serde's text, which
/// for a value of the wrong type quotes the value (a secret, here).
pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(
    from: &str,
    text: &str,
) -> Result<T, CredentialsError> {
    serde_json::from_str(text).map_err(|error| {
        let what = match error.classify() {
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                "the answer is not valid JSON".to_owned()
            }
            // serde's own text for a missing field names only the field: that part is safe.
            _ if error.to_string().starts_with("missing field") => {
                let field = error.to_string();
                let field = field.split('`').nth(1).unwrap_or("?").to_owned();
                format!("the answer has no `{field}`")
            }
            _ => "a value of the answer does not have the documented type".to_owned(),
        };
        CredentialsError::fetch(from, format!("{what} (line {}, column {})", error.line(), error.column()))
    })
}

/// The answer's `Code`, which Alibaba's and Tencent's metadata services set to `Success` when
/// the role's credentials were issued.
pub(crate) fn require_success(from: &str, code: Option<&str>) -> Result<(), CredentialsError> {
    match code {
        Some("Success") => Ok(()),
        // A code is a short status word, not a secret; bounded anyway.
        Some(other) => Err(CredentialsError::fetch(
            from,
            format!("the answer's Code is `{}`, not `Success`", other.chars().take(64).collect::<String>()),
        )),
        None => Err(CredentialsError::fetch(from, "the answer has no `Code`")),
    }
}
