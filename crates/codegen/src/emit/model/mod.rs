//! The annotated model: what the templates print, built from the IR. Every identifier, type,
//! literal and doc line in it is final text of a type only `inert` makes (see `inert`'s last
//! section), so a value from a spec cannot reach a template without being escaped for its
//! context. The templates in `templates/rust/` only loop, test and print.

pub mod crate_files;
pub mod error_codes;
pub mod items;
pub mod operation;
pub mod paging;
pub mod serde_case;
pub mod service;
pub mod types;
pub mod wait;
