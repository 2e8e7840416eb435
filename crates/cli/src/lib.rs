//! The tools only the `cloudspec` command runs, over the spec model (`cloudspec-spec`) and the IR
//! (`cloudspec-codegen`): comparing two spec trees for semver impact ([`diff`]), checking saved
//! vendor pages against the hashes the specs record ([`docs_status`]), and laying out a new spec
//! to fill in ([`scaffold`]). Build scripts depend on `cloudspec-codegen` alone and never compile
//! these.

pub mod diff;
pub mod docs_status;
pub mod scaffold;
