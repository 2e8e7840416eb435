//! Responses a mock server serves, and the outcomes every operation must give for broken ones.

use std::future::Future;

use cloudspec_runtime::Error;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Serves `body` as JSON with `status` to every request.
pub async fn serve_json(server: &MockServer, status: u16, body: impl Into<Vec<u8>>) {
    serve(server, ResponseTemplate::new(status).set_body_raw(body.into(), "application/json")).await;
}

/// Serves `template` to every request, replacing whatever was mounted.
pub async fn serve(server: &MockServer, template: ResponseTemplate) {
    server.reset().await;
    Mock::given(any()).respond_with(template).mount(server).await;
}

/// A broken response and what the decode error's snippet must show of it.
struct Broken {
    name: &'static str,
    status: u16,
    template: ResponseTemplate,
    snippet: &'static str,
}

fn broken_responses(success_status: u16) -> Vec<Broken> {
    let html = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
    vec![
        Broken {
            name: "malformed JSON",
            status: success_status,
            template: ResponseTemplate::new(success_status)
                .set_body_raw(r#"{"Response": {"RequestId": "#, "application/json"),
            snippet: r#"{"Response": {"RequestId": "#,
        },
        Broken {
            name: "empty body",
            status: success_status,
            template: ResponseTemplate::new(success_status).set_body_raw("", "application/json"),
            snippet: "",
        },
        Broken {
            name: "HTML error page",
            status: 502,
            template: ResponseTemplate::new(502).set_body_raw(html, "text/html"),
            snippet: "<html><head><title>502 Bad Gateway",
        },
        Broken {
            name: "wrong content type",
            status: success_status,
            template: ResponseTemplate::new(success_status).set_body_raw(r#"{"ok": true}"#, "text/plain"),
            snippet: r#"{"ok": true}"#,
        },
    ]
}

/// Serves each broken response in turn and asserts that `call` gives a decode error with the
/// status and a snippet of the body: never a panic, never a success, never a service error.
pub async fn assert_decode_failures<F, Fut, T, E>(server: &MockServer, success_status: u16, call: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<T, Error<E>>>,
    T: std::fmt::Debug,
    E: std::fmt::Debug,
{
    for broken in broken_responses(success_status) {
        let status = broken.status;
        serve(server, broken.template).await;
        match call().await {
            Err(Error::Decode(error)) => {
                assert_eq!(error.status, Some(status), "{}: status", broken.name);
                assert!(
                    error.snippet.starts_with(broken.snippet),
                    "{}: snippet {:?} should start with {:?}",
                    broken.name,
                    error.snippet,
                    broken.snippet
                );
            }
            other => panic!("{}: expected a decode error, got {other:?}", broken.name),
        }
    }
}

/// Serves, for every error code the operation documents, the vendor's envelope built by
/// `envelope(code, status)` (giving the HTTP status and body), and asserts that `call` returns
/// that code as a known variant of the typed enum, with the status and the request id.
pub async fn assert_documented_codes<F, Fut, T, E>(
    server: &MockServer,
    op: &cloudspec_codegen::ir::Operation,
    envelope: impl Fn(&str, Option<u16>) -> (u16, Vec<u8>, Option<(&'static str, &'static str)>),
    expected_request_id: &str,
    call: F,
) where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<T, Error<E>>>,
    T: std::fmt::Debug,
    E: std::fmt::Debug + cloudspec_runtime::WireEnum,
{
    let codes: Vec<_> = op.errors.iter().filter_map(|e| Some((e.code.as_deref()?, e.status))).collect();
    assert!(!codes.is_empty(), "{} documents no error code", op.name);
    for (code, documented_status) in codes {
        let (status, body, header) = envelope(code, documented_status);
        let mut template = ResponseTemplate::new(status).set_body_raw(body, "application/json");
        if let Some((name, value)) = header {
            template = template.insert_header(name, value);
        }
        serve(server, template).await;
        match call().await {
            Err(Error::Service(error)) => {
                assert_eq!(error.raw_code, code);
                assert!(
                    error.code.is_known(),
                    "{code} should map to a documented variant, got {:?}",
                    error.code
                );
                assert_eq!(error.code.wire_value(), code);
                assert_eq!(error.status, status, "{code}: status");
                assert_eq!(error.request_id.as_deref(), Some(expected_request_id), "{code}: request id");
            }
            other => panic!("{code}: expected a service error, got {other:?}"),
        }
    }
}

/// Serves every error example the operation's page prints (status and body verbatim, plus
/// `header` when given) and asserts each decodes into a known code of the typed enum.
pub async fn assert_error_examples<F, Fut, T, E>(
    server: &MockServer,
    op: &cloudspec_codegen::ir::Operation,
    header: Option<(&'static str, &'static str)>,
    call: F,
) where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<T, Error<E>>>,
    T: std::fmt::Debug,
    E: std::fmt::Debug + cloudspec_runtime::WireEnum,
{
    let examples: Vec<_> = op.examples.iter().filter(|e| e.status >= 400).collect();
    assert!(!examples.is_empty(), "{} prints no error example", op.name);
    for example in examples {
        let body = serde_json::to_vec_pretty(example.response.as_ref().expect("error examples have a body"))
            .unwrap();
        let mut template =
            ResponseTemplate::new(example.status).set_body_raw(body.clone(), "application/json");
        if let Some((name, value)) = header {
            template = template.insert_header(name, value);
        }
        serve(server, template).await;
        match call().await {
            Err(Error::Service(error)) => {
                assert_eq!(error.status, example.status, "{}", example.title);
                assert!(error.code.is_known(), "{}: {:?} should be documented", example.title, error.code);
                assert!(String::from_utf8_lossy(&body).contains(&error.raw_code), "{}", example.title);
                assert!(!error.message.is_empty(), "{}: message", example.title);
            }
            other => panic!("{}: expected a service error, got {other:?}", example.title),
        }
    }
}
