//! Compile-time guarantees of the generated builders and types, as doctests (`cargo test -p
//! cloudspec-tests --doc sdk_builders`). Each `compile_fail` case has a twin that compiles, so a
//! case cannot fail for an unrelated reason (a typo, a missing import) without its twin failing
//! too; the error code pins the kind of error.
//!
//! These were run-time tests (`required_*_reports_every_missing_field`, which expected
//! `Rule::Missing` from `build()`); a missing required field no longer gets that far.
//!
//! # A missing required field is a compile error
//!
//! Tencent WeData `CreateCodeFile` needs `ProjectId`, `CodeFileName` and `ParentFolderPath`; with
//! all three set it builds:
//!
//! ```
//! use cloudspec_clients::tencent::wedata::CreateCodeFileRequest;
//! let request = CreateCodeFileRequest::builder()
//!     .code_file_content("print(1)")
//!     .project_id("1")
//!     .code_file_name("a.ipynb")
//!     .parent_folder_path("/")
//!     .build();
//! assert!(request.is_ok());
//! ```
//!
//! Optional fields set do not stand in for required ones (`code_file_name` and
//! `parent_folder_path` are missing), and the rustc error quotes the bound naming the field:
//!
//! ```compile_fail,E0277
//! use cloudspec_clients::tencent::wedata::CreateCodeFileRequest;
//! let request = CreateCodeFileRequest::builder().code_file_content("print(1)").project_id("1").build();
//! ```
//!
//! Nothing set at all:
//!
//! ```compile_fail,E0277
//! let request = cloudspec_clients::tencent::wedata::CreateCodeFileRequest::builder().build();
//! ```
//!
//! OCI `CreateContent`: its three path parameters are required; a header does not replace them.
//!
//! ```
//! use cloudspec_clients::oci::aidataplatform::CreateContentRequest;
//! let request = CreateContentRequest::builder()
//!     .workspace_key("w")
//!     .opc_retry_token("t")
//!     .ai_data_platform_id("p")
//!     .content_path("c")
//!     .build();
//! assert!(request.is_ok());
//! ```
//!
//! ```compile_fail,E0277
//! use cloudspec_clients::oci::aidataplatform::CreateContentRequest;
//! let request = CreateContentRequest::builder().workspace_key("w").opc_retry_token("t").build();
//! ```
//!
//! Huawei CodeArts Repo `CreateFile`: five required fields, three missing here.
//!
//! ```
//! use cloudspec_clients::huawei::codeartsrepo::CreateFileRequest;
//! let request = CreateFileRequest::builder()
//!     .repository_id(1)
//!     .branch("main")
//!     .name("me")
//!     .file_path("src/main.rs")
//!     .commit_message("add main")
//!     .content("fn main() {}")
//!     .build();
//! assert!(request.is_ok());
//! ```
//!
//! ```compile_fail,E0277
//! use cloudspec_clients::huawei::codeartsrepo::CreateFileRequest;
//! let request = CreateFileRequest::builder().repository_id(1).branch("main").name("me").build();
//! ```
//!
//! Alibaba PDS `CreateFile`: `type` is missing.
//!
//! ```
//! use cloudspec_clients::alibaba::pds::{CreateFileRequest, FileType};
//! let request =
//!     CreateFileRequest::builder().name("a.txt").drive_id("1").parent_file_id("root").type_(FileType::File).build();
//! assert!(request.is_ok());
//! ```
//!
//! ```compile_fail,E0277
//! use cloudspec_clients::alibaba::pds::CreateFileRequest;
//! let request = CreateFileRequest::builder().name("a.txt").drive_id("1").parent_file_id("root").build();
//! ```
//!
//! Alibaba DataWorks `CreateResource`: `Spec` is missing (and `ProjectId` in the second case).
//!
//! ```
//! use cloudspec_clients::alibaba::dataworks::{CreateResourceRequest, FlowSpec, FlowSpecResources};
//! let resources = FlowSpecResources::builder().build();
//! let spec = FlowSpec::builder().version("1.1.0").kind("Resource").spec(resources).build();
//! let request = CreateResourceRequest::builder().project_id(1).spec(spec).build();
//! assert!(request.is_ok());
//! ```
//!
//! ```compile_fail,E0277
//! use cloudspec_clients::alibaba::dataworks::CreateResourceRequest;
//! let request = CreateResourceRequest::builder().project_id(1).build();
//! ```
//!
//! ```compile_fail,E0277
//! use cloudspec_clients::alibaba::dataworks::CreateResourceRequest;
//! let request = CreateResourceRequest::builder().resource_file("https://example.com/r.py").build();
//! ```
//!
//! Nested types have typestate builders too: a PDS `UserTag` needs its `key` and its `value`.
//!
//! ```
//! use cloudspec_clients::alibaba::pds::UserTag;
//! let tag: UserTag = UserTag::builder().key("k1").value("v1").build();
//! assert_eq!((tag.key.as_str(), tag.value.as_str()), ("k1", "v1"));
//! ```
//!
//! ```compile_fail,E0277
//! use cloudspec_clients::alibaba::pds::UserTag;
//! let tag = UserTag::builder().key("k1").build();
//! ```
//!
//! # Types may grow without breaking callers
//!
//! Generated structs are `#[non_exhaustive]`: a later spec version may add a field, so they
//! are built through their builders, not struct literals. Responses (and types only responses
//! hold), which tests and mocks make, have `new(required fields)` or `Default`, and their
//! public fields are set on the value:
//!
//! ```
//! use cloudspec_clients::alibaba::pds::CreateFileResponse;
//! use cloudspec_clients::tencent::wedata::CreateCodeFileResponse;
//! let mut response = CreateFileResponse::default();
//! response.file_id = Some("f1".to_owned());
//! assert_eq!(response.file_id.as_deref(), Some("f1"));
//! let created = CreateCodeFileResponse::new("request-1".to_owned());
//! assert_eq!((created.request_id.as_str(), created.data), ("request-1", None));
//! ```
//!
//! ```compile_fail,E0639
//! use cloudspec_clients::alibaba::pds::UserTag;
//! let tag = UserTag { key: "k1".to_owned(), value: "v1".to_owned() };
//! ```
//!
//! Enums, error codes included, are `#[non_exhaustive]`: a later spec version may document
//! another value, so a `match` needs a wildcard arm:
//!
//! ```
//! use cloudspec_clients::alibaba::pds::FileType;
//! fn is_folder(kind: &FileType) -> bool {
//!     match kind {
//!         FileType::Folder => true,
//!         FileType::File | FileType::Unknown(_) => false,
//!         _ => false,
//!     }
//! }
//! assert!(is_folder(&FileType::Folder));
//! ```
//!
//! ```compile_fail,E0004
//! use cloudspec_clients::alibaba::pds::FileType;
//! fn is_folder(kind: &FileType) -> bool {
//!     match kind {
//!         FileType::Folder => true,
//!         FileType::File | FileType::Unknown(_) => false,
//!     }
//! }
//! ```
