//! The one way the runtime configures reqwest, for service calls and presigned transfers alike.

use std::time::Duration;

/// A client builder with the runtime's fixed settings: redirects answered with an error, never
/// followed (following would carry the signed headers, and on 307/308 the body, to whatever
/// host it names), the extra trusted roots, and the connect timeout. Callers add the read and
/// total timeouts that suit their requests.
pub(crate) fn builder(
    root_certificates: &[reqwest::Certificate],
    connect_timeout: Duration,
) -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .tls_certs_merge(root_certificates.to_vec())
        .connect_timeout(connect_timeout)
}
