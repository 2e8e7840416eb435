//! Development tools of the cloudspec workspace, never published: the synthetic spec trees the
//! benchmarks and the large-tree tests generate from ([`synth`]). The binary (`cargo xtask`)
//! runs them from the command line; `examples/bench_helper.rs` serves `benches/run.sh`.

pub mod synth;
