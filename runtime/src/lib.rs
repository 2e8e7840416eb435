//! Hand-written runtime for the clients that `cloudspec` generates.
//!
//! The generated crate stays small and cheap to compile because everything that is the same for
//! every operation lives here once: request validation, the wire formats of timestamps and
//! JSON-in-a-string fields, and the trait impls of string enums. This crate knows nothing about
//! specs: it is the fixed vocabulary that generated code is written in.

pub mod credentials;
pub mod sign;
pub mod testing;
pub mod validate;
pub mod wire;
mod wire_enum;

pub use validate::{LengthUnit, Report, Rule, Validate, ValidationError, Violation};

/// Re-exported so that generated code names exactly the versions the runtime was built with.
pub use serde;
pub use serde_json;
pub use time;

/// Stands in for a sensitive value in `Debug` output.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted;

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}
