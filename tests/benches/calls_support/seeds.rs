//! The five seed operations, each callable two ways against its own loopback server: through
//! the generated client, and as a hand-written `reqwest` call that lays out the same request
//! and signs it with the runtime's public signers (`cloudspec_runtime::sign`).
//!
//! Both ways serialize the request and decode the response with the same serde types (the
//! generated ones): serde's cost is measured on its own by the `serde` bench, and what this
//! comparison isolates is everything else a generated call adds around it — validation, the
//! `Call` layout, the retry and rate-limit machinery, tracing, the credential redactor and the
//! origin and content-type checks. The generated clients run with `RateLimit::Off`: Tencent
//! documents 20 calls per second for `CreateCodeFile`, which would otherwise be the figure.

use cloudspec_clients::{alibaba, huawei, oci, tencent};
use cloudspec_runtime::sign::{self, RequestParts};
use cloudspec_runtime::{RateLimit, reqwest};
use cloudspec_tests::credentials;
use cloudspec_tests::examples::{operation, response_body};
use cloudspec_tests::received::{self, Received};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::json;
use time::OffsetDateTime;

use super::server::{Canned, LoopbackServer};

/// The user agent the runtime sends (same workspace version as this crate).
const USER_AGENT: &str = concat!("cloudspec-runtime/", env!("CARGO_PKG_VERSION"));

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seed {
    TencentCreateCodeFile,
    OciCreateContent,
    HuaweiCreateFile,
    PdsCreateFile,
    DataWorksCreateResource,
}

impl Seed {
    pub const ALL: [Seed; 5] = [
        Seed::TencentCreateCodeFile,
        Seed::OciCreateContent,
        Seed::HuaweiCreateFile,
        Seed::PdsCreateFile,
        Seed::DataWorksCreateResource,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Seed::TencentCreateCodeFile => "tencent_create_code_file",
            Seed::OciCreateContent => "oci_create_content",
            Seed::HuaweiCreateFile => "huawei_create_file",
            Seed::PdsCreateFile => "pds_create_file",
            Seed::DataWorksCreateResource => "dataworks_create_resource",
        }
    }

    /// The documented success response (OCI prints none: one written from its schema).
    pub fn canned(self) -> Canned {
        let documented = |provider, service, op, status| Canned {
            status,
            headers: Vec::new(),
            body: response_body(operation(provider, service, op), status),
        };
        match self {
            Seed::TencentCreateCodeFile => documented("tencent", "wedata", "CreateCodeFile", 200),
            Seed::HuaweiCreateFile => documented("huawei", "codeartsrepo", "CreateFile", 201),
            Seed::PdsCreateFile => documented("alibaba", "pds", "CreateFile", 201),
            Seed::DataWorksCreateResource => documented("alibaba", "dataworks", "CreateResource", 200),
            Seed::OciCreateContent => Canned {
                status: 201,
                headers: vec![
                    ("location", "/dir/OtherNotebook-Copy1.ipynb".to_owned()),
                    ("etag", "\"e-1\"".to_owned()),
                    ("opc-request-id", "server-req-1".to_owned()),
                ],
                body: serde_json::to_vec(&json!({
                    "content": null, "created": "2026-04-30T08:11:27.292Z", "format": null,
                    "last_modified": "2026-04-30T08:11:27.292Z", "mimetype": null,
                    "name": "OtherNotebook-Copy1.ipynb", "path": "dir/OtherNotebook-Copy1.ipynb",
                    "size": 72, "type": "notebook", "writable": true
                }))
                .expect("a JSON value serializes"),
            },
        }
    }
}

/// One seed operation's two clients, its request and its server.
pub struct SeedCall {
    pub seed: Seed,
    pub server: LoopbackServer,
    http: reqwest::Client,
    tencent: (tencent::wedata::Client, tencent::wedata::CreateCodeFileRequest),
    oci: (oci::aidataplatform::Client, oci::aidataplatform::CreateContentRequest),
    huawei: (huawei::codeartsrepo::Client, huawei::codeartsrepo::CreateFileRequest),
    pds: (alibaba::pds::Client, alibaba::pds::CreateFileRequest),
    dataworks: (alibaba::dataworks::Client, alibaba::dataworks::CreateResourceRequest),
    tencent_credentials: cloudspec_runtime::credentials::TencentCredentials,
    alibaba_credentials: cloudspec_runtime::credentials::AlibabaCredentials,
    huawei_credentials: cloudspec_runtime::credentials::HuaweiAkSk,
    oci_credentials: cloudspec_runtime::credentials::OciCredentials,
    pds_token: cloudspec_runtime::credentials::BearerToken,
}

/// Builds everything; must run inside a tokio runtime (reqwest clients are built here).
pub fn prepare(seed: Seed) -> SeedCall {
    let server = LoopbackServer::start(&seed.canned());
    let endpoint = server.address.clone();
    SeedCall {
        seed,
        http: reqwest::Client::builder().build().expect("a reqwest client"),
        tencent: (
            tencent::wedata::Client::builder()
                .credentials(credentials::tencent())
                .region("ap-guangzhou")
                .allow_insecure_http()
                .endpoint(endpoint.clone())
                .rate_limit(RateLimit::Off)
                .build()
                .expect("complete"),
            tencent_request(),
        ),
        oci: (
            oci::aidataplatform::Client::builder()
                .credentials(credentials::oci())
                .allow_insecure_http()
                .endpoint(endpoint.clone())
                .rate_limit(RateLimit::Off)
                .build()
                .expect("complete"),
            oci_request(),
        ),
        huawei: (
            huawei::codeartsrepo::Client::builder()
                .credentials(credentials::huawei_aksk())
                .allow_insecure_http()
                .endpoint(endpoint.clone())
                .rate_limit(RateLimit::Off)
                .build()
                .expect("complete"),
            huawei_request(),
        ),
        pds: (
            alibaba::pds::Client::builder()
                .credentials(credentials::pds_token())
                .allow_insecure_http()
                .endpoint(endpoint.clone())
                .rate_limit(RateLimit::Off)
                .build()
                .expect("complete"),
            pds_request(),
        ),
        dataworks: (
            alibaba::dataworks::Client::builder()
                .credentials(credentials::alibaba())
                .region("cn-hangzhou")
                .allow_insecure_http()
                .endpoint(endpoint)
                .rate_limit(RateLimit::Off)
                .build()
                .expect("complete"),
            dataworks_request(),
        ),
        server,
        tencent_credentials: credentials::tencent(),
        alibaba_credentials: credentials::alibaba(),
        huawei_credentials: credentials::huawei_aksk(),
        oci_credentials: credentials::oci(),
        pds_token: credentials::pds_token(),
    }
}

fn tencent_request() -> tencent::wedata::CreateCodeFileRequest {
    use tencent::wedata::{CodeFileConfig, CreateCodeFileRequest, NotebookSessionInfo};
    CreateCodeFileRequest::builder()
        .project_id("1470547050521227264")
        .code_file_name("testFile-0917-1.ipynb")
        .parent_folder_path("/")
        .code_file_config(
            CodeFileConfig::builder()
                .params(Some("p1".to_owned()))
                .notebook_session_info(Some(
                    NotebookSessionInfo::builder()
                        .notebook_session_id(Some("dfdfds-3343gdfs-454".to_owned()))
                        .notebook_session_name(Some("session1".to_owned()))
                        .build(),
                ))
                .build(),
        )
        .build()
        .expect("a valid request")
}

fn oci_request() -> oci::aidataplatform::CreateContentRequest {
    use oci::aidataplatform::{ContentType, CreateContentDetails, CreateContentRequest};
    CreateContentRequest::builder()
        .ai_data_platform_id("ocid1.aidataplatform.oc1.iad.example")
        .workspace_key("ws-main")
        .content_path("dir/OtherNotebook.ipynb")
        .opc_request_id("client-req-1")
        .opc_retry_token("retry-token-0001")
        .create_content_details(
            CreateContentDetails::builder()
                .copy_from("/path/to/OtherNotebook.ipynb")
                .ext(".ipynb")
                .type_(ContentType::Notebook)
                .build(),
        )
        .build()
        .expect("a valid request")
}

fn huawei_request() -> huawei::codeartsrepo::CreateFileRequest {
    let example = operation("huawei", "codeartsrepo", "CreateFile")
        .examples
        .iter()
        .find_map(|e| e.request.clone())
        .expect("the page prints a request");
    let mut request: huawei::codeartsrepo::CreateFileRequest =
        serde_json::from_value(example).expect("the example fits");
    request.repository_id = 2_111_863;
    request
}

fn pds_request() -> alibaba::pds::CreateFileRequest {
    serde_json::from_value(json!({
        "name": "report.pdf", "type": "file", "parent_file_id": "root", "drive_id": "1", "size": 10485760,
        "content_type": "application/pdf", "check_name_mode": "auto_rename",
        "part_info_list": [ { "part_number": 1 }, { "part_number": 2 } ],
        "user_tags": [ { "key": "team", "value": "finance" } ],
        "local_created_at": "2019-08-20T06:51:27.292Z"
    }))
    .expect("the document fits")
}

fn dataworks_request() -> alibaba::dataworks::CreateResourceRequest {
    let op = operation("alibaba", "dataworks", "CreateResource");
    let spec = op.input.fields.iter().find(|f| f.wire == "Spec").expect("Spec is documented");
    let spec = match spec.example.as_ref().expect("Spec has an example") {
        serde_json::Value::String(text) => serde_json::from_str(text).expect("the example is JSON"),
        other => other.clone(),
    };
    alibaba::dataworks::CreateResourceRequest::builder()
        .project_id(123456)
        .spec(serde_json::from_value(spec).expect("the example fits FlowSpec"))
        .resource_file("http://bucketname1.oss-cn-shanghai.aliyuncs.com/example")
        .build()
        .expect("a valid request")
}

impl SeedCall {
    /// One call through the generated client. Panics on an error: a benchmark of failures
    /// would measure nothing useful.
    pub async fn generated(&self) {
        let name = self.seed.name();
        match self.seed {
            Seed::TencentCreateCodeFile => {
                let output = self.tencent.0.create_code_file(&self.tencent.1).await;
                std::hint::black_box(output.unwrap_or_else(|e| panic!("{name}: {e}")));
            }
            Seed::OciCreateContent => {
                let output = self.oci.0.create_content(&self.oci.1).await;
                std::hint::black_box(output.unwrap_or_else(|e| panic!("{name}: {e}")));
            }
            Seed::HuaweiCreateFile => {
                let output = self.huawei.0.create_file(&self.huawei.1).await;
                std::hint::black_box(output.unwrap_or_else(|e| panic!("{name}: {e}")));
            }
            Seed::PdsCreateFile => {
                let output = self.pds.0.create_file(&self.pds.1).await;
                std::hint::black_box(output.unwrap_or_else(|e| panic!("{name}: {e}")));
            }
            Seed::DataWorksCreateResource => {
                let output = self.dataworks.0.create_resource(&self.dataworks.1).await;
                std::hint::black_box(output.unwrap_or_else(|e| panic!("{name}: {e}")));
            }
        }
    }

    /// The same call written by hand: the request laid out as the vendor documents it, signed
    /// with the runtime's signer, sent with `reqwest`, the body decoded with serde.
    pub async fn hand_written(&self) {
        match self.seed {
            Seed::TencentCreateCodeFile => {
                #[derive(Deserialize)]
                struct Envelope<T> {
                    #[serde(rename = "Response")]
                    response: T,
                }
                let body = serde_json::to_vec(&self.tencent.1).expect("serializes");
                let timestamp = OffsetDateTime::now_utc().unix_timestamp();
                let headers = owned(&[
                    ("content-type", "application/json"),
                    ("X-TC-Action", "CreateCodeFile"),
                    ("X-TC-Version", "2025-08-06"),
                    ("X-TC-Region", "ap-guangzhou"),
                    ("accept", "application/json"),
                    ("user-agent", USER_AGENT),
                    ("X-TC-Timestamp", &timestamp.to_string()),
                ]);
                let parts = self.parts("/", &headers, &body);
                let signed = sign::tc3::sign(&parts, &self.tencent_credentials, "wedata", timestamp);
                let (_, bytes) = self.send("/", headers, signed, body).await;
                let output: Envelope<tencent::wedata::CreateCodeFileResponse> = decode(&bytes);
                std::hint::black_box(output.response);
            }
            Seed::OciCreateContent => {
                let request = &self.oci.1;
                let path = format!(
                    "/20260430/aiDataPlatforms/{}/workspaces/{}/notebook/api/contents/{}",
                    sign::percent_encode_rfc3986(&request.ai_data_platform_id),
                    sign::percent_encode_rfc3986(&request.workspace_key),
                    sign::percent_encode_rfc3986(&request.content_path),
                );
                let body = serde_json::to_vec(request).expect("serializes");
                let headers = owned(&[
                    ("opc-request-id", request.opc_request_id.as_deref().expect("set")),
                    ("opc-retry-token", request.opc_retry_token.as_deref().expect("set")),
                    ("content-type", "application/json"),
                    ("accept", "application/json"),
                    ("user-agent", USER_AGENT),
                ]);
                let parts = self.parts(&path, &headers, &body);
                let signed = sign::oci::sign(&parts, &self.oci_credentials, OffsetDateTime::now_utc())
                    .expect("content-type is set");
                let (response_headers, bytes) = self.send(&path, headers, signed, body).await;
                let mut output: oci::aidataplatform::CreateContentResponse = decode(&bytes);
                let header =
                    |name: &str| response_headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
                output.location = header("location");
                output.etag = header("etag");
                output.opc_request_id = header("opc-request-id");
                output.opc_work_request_id = header("opc-work-request-id");
                std::hint::black_box(output);
            }
            Seed::HuaweiCreateFile => {
                let path = format!("/v4/repositories/{}/repository/files", self.huawei.1.repository_id);
                let body = serde_json::to_vec(&self.huawei.1).expect("serializes");
                let headers = owned(&[
                    ("content-type", "application/json"),
                    ("accept", "application/json"),
                    ("user-agent", USER_AGENT),
                ]);
                let parts = self.parts(&path, &headers, &body);
                let signed = sign::apig::sign(&parts, &self.huawei_credentials, OffsetDateTime::now_utc());
                let (_, bytes) = self.send(&path, headers, signed, body).await;
                std::hint::black_box(decode::<huawei::codeartsrepo::CreateFileResponse>(&bytes));
            }
            Seed::PdsCreateFile => {
                let body = serde_json::to_vec(&self.pds.1).expect("serializes");
                let headers = owned(&[
                    ("content-type", "application/json"),
                    ("accept", "application/json"),
                    ("user-agent", USER_AGENT),
                ]);
                let signed = vec![self.pds_token.header()];
                let (_, bytes) = self.send("/v2/file/create", headers, signed, body).await;
                std::hint::black_box(decode::<alibaba::pds::CreateFileResponse>(&bytes));
            }
            Seed::DataWorksCreateResource => {
                let request = &self.dataworks.1;
                let form = vec![
                    ("ProjectId".to_owned(), request.project_id.to_string()),
                    ("Spec".to_owned(), serde_json::to_string(&request.spec).expect("serializes")),
                    ("ResourceFile".to_owned(), request.resource_file.clone().expect("set")),
                ];
                let body = sign::encode_query(&form).into_bytes();
                let headers = owned(&[
                    ("content-type", "application/x-www-form-urlencoded"),
                    ("x-acs-action", "CreateResource"),
                    ("x-acs-version", "2024-05-18"),
                    ("accept", "application/json"),
                    ("user-agent", USER_AGENT),
                ]);
                let parts = self.parts("/", &headers, &body);
                let nonce = cloudspec_runtime::new_idempotency_token();
                let signed =
                    sign::acs3::sign(&parts, &self.alibaba_credentials, OffsetDateTime::now_utc(), &nonce);
                let (_, bytes) = self.send("/", headers, signed, body).await;
                std::hint::black_box(decode::<alibaba::dataworks::CreateResourceResponse>(&bytes));
            }
        }
    }

    fn parts<'a>(
        &'a self,
        path: &'a str,
        headers: &'a [(String, String)],
        body: &'a [u8],
    ) -> RequestParts<'a> {
        RequestParts { method: "POST", host: &self.server.host, path, query: &[], headers, body }
    }

    async fn send(
        &self,
        path: &str,
        headers: Vec<(String, String)>,
        signed: Vec<(String, String)>,
        body: Vec<u8>,
    ) -> (reqwest::header::HeaderMap, bytes::Bytes) {
        let mut request = self.http.post(format!("{}{path}", self.server.address));
        for (name, value) in headers.iter().chain(&signed) {
            request = request.header(name, value);
        }
        let response = request.body(body).send().await.expect("the loopback server answers");
        assert!(response.status().is_success(), "{}: status {}", self.seed.name(), response.status());
        let headers = response.headers().clone();
        (headers, response.bytes().await.expect("a whole body"))
    }

    /// Makes one call each way with the server recording, and asserts that the two requests
    /// are the same on the wire: method, path, query, body and every header, except those that
    /// carry the signing time or a nonce (and so the signature), whose presence is compared
    /// and whose signatures are verified independently from the received bytes.
    pub async fn assert_same_wire_request(&self) {
        self.server.record();
        self.generated().await;
        self.hand_written().await;
        let recorded = self.server.take_recorded();
        let [generated, hand_written] = recorded.as_slice() else {
            panic!("{}: expected two requests, the server received {}", self.seed.name(), recorded.len())
        };
        let name = self.seed.name();
        assert_eq!(generated.method, hand_written.method, "{name}: method");
        assert_eq!(generated.raw_path, hand_written.raw_path, "{name}: path");
        assert_eq!(generated.raw_query, None, "{name}: the seed calls send no query");
        assert_eq!(hand_written.raw_query, None, "{name}: query");
        assert_eq!(generated.body, hand_written.body, "{name}: body");
        const PER_CALL: [&str; 6] =
            ["authorization", "x-tc-timestamp", "date", "x-acs-date", "x-acs-signature-nonce", "x-sdk-date"];
        let comparable = |received: &Received| {
            let mut headers: Vec<(String, String)> = received
                .headers
                .iter()
                .map(|(n, v)| {
                    let value =
                        if PER_CALL.contains(&n.as_str()) { "<per call>".to_owned() } else { v.clone() };
                    (n.clone(), value)
                })
                .collect();
            headers.sort();
            headers
        };
        assert_eq!(comparable(generated), comparable(hand_written), "{name}: headers");
        for request in [generated, hand_written] {
            match self.seed {
                Seed::TencentCreateCodeFile => received::verify_tc3(request, "wedata"),
                Seed::OciCreateContent => received::verify_oci(request),
                Seed::HuaweiCreateFile => received::verify_apig(request),
                Seed::DataWorksCreateResource => received::verify_acs3(request),
                Seed::PdsCreateFile => assert_eq!(
                    request.header("authorization"),
                    format!("Bearer {}", credentials::PDS_ACCESS_TOKEN),
                    "{name}: bearer token"
                ),
            }
        }
    }
}

fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect()
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> T {
    serde_json::from_slice(bytes).expect("the canned response decodes")
}
