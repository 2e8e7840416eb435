//! The spec model: what authors write, and how it is read from disk.

pub mod find;
pub mod hints;
pub mod load;
pub mod located;
pub mod model;
pub mod text;

pub use load::{OperationSource, ServiceSource, SpecTree, load, load_partial};
pub use model::*;
