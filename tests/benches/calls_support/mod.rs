//! Shared by the `calls` and `calls_load` benchmarks: the loopback server, the five seed calls
//! (generated and hand-written) and the counters.

pub mod measure;
pub mod seeds;
pub mod server;
