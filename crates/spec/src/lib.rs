//! The spec model of cloudspec: what authors write in `specs/<provider>/<service>/*.yaml`, how it
//! is read from disk with every node's position, and the checks that need no knowledge of Rust.
//! Problems are collected as located [`Diagnostic`]s, so an author sees every problem of a run.
//!
//! This is the first stage of the pipeline: YAML → spec model (this crate) → IR → emitted Rust
//! (`cloudspec-codegen`). Nothing here depends on the later stages.

pub mod chars;
pub mod diagnostic;
pub mod docs_hash;
pub mod find;
pub mod hints;
pub mod load;
pub mod located;
pub mod model;
pub mod names;
pub mod paging;
pub mod parallel;
pub mod placeholders;
pub mod schema;
pub mod text;

pub use diagnostic::{Diagnostic, Diagnostics, SourceFile};
pub use load::{
    OperationSource, ServiceSource, SpecTree, load, load_partial, load_partial_without_positions,
};
pub use model::*;
pub use paging::{PaginationSpec, PagingStyle, ParamStyleSpec};

/// A hash of this crate's sources, computed by `build.rs`. Generators that record which
/// generator wrote their output (cloudspec-codegen's manifest) include it, because a change to
/// the loader or its checks may change what is generated.
pub const SOURCE_FINGERPRINT: &str = env!("CLOUDSPEC_SPEC_FINGERPRINT");
