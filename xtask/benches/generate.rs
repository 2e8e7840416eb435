//! Where generation time goes, phase by phase, on a synthetic tree of 300 operations (nine
//! services, so parallel emission engages as it would on a real tree).
//!
//! - `load`: find and parse every YAML file;
//! - `lower`: resolve and check the specs (the rest of `lint`);
//! - `emit`: render every file (as `generate` does, on all cores);
//! - `emit_sequential`: the same on one thread, service by service: CPU time per operation;
//! - `staleness`: compare the rendered files with an up-to-date output folder (the no-op
//!   regeneration's disk work);
//! - `render`: load + lower + emit, the whole in-process cost of a run.
//!
//! The end-to-end numbers (the CLI, wall time, peak memory, 100 to 10,000 operations) come from
//! `benches/run.sh`. Run: `cargo bench -p cloudspec-xtask --bench generate`

use std::hint::black_box;

use cloudspec_codegen::{emit, ir, render, spec, write};
use cloudspec_xtask::synth;
use criterion::{Criterion, criterion_group, criterion_main};

/// Operations in the benchmark tree.
const OPS: usize = 300;

fn phases(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let specs = dir.path().join("specs");
    let out = dir.path().join("generated");
    synth::synth(&specs, OPS, synth::DEFAULT_SEED).expect("synth writes the tree");
    let (tree, diagnostics) = spec::load_partial(&specs);
    assert!(diagnostics.is_empty(), "the synthetic tree loads");
    let ir = ir::lower(&tree).expect("the synthetic tree lowers");
    let files = emit::emit(&ir).expect("the synthetic tree emits");
    write::write_files(&out, &files).expect("the output folder is written");

    let mut group = c.benchmark_group(format!("generate_{OPS}"));
    group.sample_size(10);
    group.bench_function("load", |b| b.iter(|| spec::load_partial(black_box(&specs))));
    group.bench_function("lower", |b| b.iter(|| ir::lower(black_box(&tree))));
    group.bench_function("emit", |b| b.iter(|| emit::emit(black_box(&ir))));
    group.bench_function("emit_sequential", |b| {
        b.iter(|| {
            for service in &ir.services {
                black_box(emit::service_files(black_box(service)).expect("emits"));
            }
        })
    });
    group.bench_function("staleness", |b| b.iter(|| write::staleness(black_box(&out), black_box(&files))));
    group.bench_function("render", |b| b.iter(|| render(black_box(&specs))));
    group.finish();
}

criterion_group!(benches, phases);
criterion_main!(benches);
