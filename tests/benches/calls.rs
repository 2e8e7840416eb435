//! The cost of a call: each seed operation end to end on loopback (validate, serialize, sign,
//! send, receive, decode) through the generated client, beside a hand-written `reqwest` call
//! that sends the same request signed by the same signer (asserted at start from what the
//! server received).
//!
//! Before criterion's wall-time groups, it prints per operation and per side the CPU time of
//! the calling thread (`getrusage(RUSAGE_THREAD)`) and the allocations made on it, averaged
//! over `CALLS_CPU_N` calls (default 2,000) made in alternating rounds. The client runs on a
//! current-thread runtime on the bench thread; the server has a thread of its own, so neither
//! figure includes the server's work.
//!
//! Run: `bash benches/calls.sh` or `cargo bench -p cloudspec-tests --bench calls`

// Each bench binary uses a part of the shared module.
#[allow(dead_code)]
mod calls_support;

use std::time::Duration;

use calls_support::measure::{self, CountingAllocator};
use calls_support::seeds::{self, Seed, SeedCall};
use criterion::{Criterion, criterion_group, criterion_main};

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Alternating rounds, so that drift on a shared machine hits both sides alike.
const ROUNDS: u32 = 10;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime")
}

#[derive(Default)]
struct Tally {
    cpu: Duration,
    allocations: u64,
    calls: u32,
}

impl Tally {
    fn cpu_per_call_us(&self) -> f64 {
        self.cpu.as_secs_f64() * 1e6 / f64::from(self.calls)
    }

    fn allocations_per_call(&self) -> f64 {
        self.allocations as f64 / f64::from(self.calls)
    }
}

async fn measure_round(call: &SeedCall, generated: bool, calls: u32, tally: &mut Tally) {
    let cpu = measure::thread_cpu_time();
    let allocations = measure::allocations_on_this_thread();
    for _ in 0..calls {
        if generated {
            call.generated().await;
        } else {
            call.hand_written().await;
        }
    }
    tally.allocations += measure::allocations_on_this_thread() - allocations;
    tally.cpu += measure::thread_cpu_time() - cpu;
    tally.calls += calls;
}

/// Prints the CPU and allocation table (markdown) for every seed operation.
fn cpu_and_allocations(runtime: &tokio::runtime::Runtime, calls: &[SeedCall]) {
    let total: u32 = std::env::var("CALLS_CPU_N").ok().and_then(|n| n.parse().ok()).unwrap_or(2000);
    let per_round = (total / ROUNDS).max(1);
    println!(
        "\n| operation | generated CPU µs/call | hand-written CPU µs/call | CPU ratio | generated allocs/call | hand-written allocs/call |"
    );
    println!("|---|---|---|---|---|---|");
    for call in calls {
        let (mut generated, mut hand_written) = (Tally::default(), Tally::default());
        runtime.block_on(async {
            for _ in 0..ROUNDS {
                measure_round(call, true, per_round, &mut generated).await;
                measure_round(call, false, per_round, &mut hand_written).await;
            }
        });
        println!(
            "| {} | {:.1} | {:.1} | {:.3} | {:.1} | {:.1} |",
            call.seed.name(),
            generated.cpu_per_call_us(),
            hand_written.cpu_per_call_us(),
            generated.cpu_per_call_us() / hand_written.cpu_per_call_us(),
            generated.allocations_per_call(),
            hand_written.allocations_per_call(),
        );
    }
    println!();
}

/// `CALLS_PROFILE=<seed name>[:hand]`: makes `CALLS_CPU_N` calls of that operation (generated,
/// or hand-written with `:hand`) and exits, for a profiler such as
/// `valgrind --tool=callgrind` to see nothing but calls.
fn profile_only(runtime: &tokio::runtime::Runtime) {
    let Ok(target) = std::env::var("CALLS_PROFILE") else { return };
    let (name, hand) = match target.strip_suffix(":hand") {
        Some(name) => (name.to_owned(), true),
        None => (target.clone(), false),
    };
    let seed = Seed::ALL.into_iter().find(|s| s.name() == name).expect("CALLS_PROFILE names a seed");
    let total: u32 = std::env::var("CALLS_CPU_N").ok().and_then(|n| n.parse().ok()).unwrap_or(2000);
    runtime.block_on(async {
        let call = seeds::prepare(seed);
        let mut tally = Tally::default();
        measure_round(&call, !hand, total, &mut tally).await;
        println!(
            "{name} ({}): {:.1} allocations/call",
            if hand { "hand-written" } else { "generated" },
            tally.allocations_per_call()
        );
    });
    std::process::exit(0);
}

fn calls(c: &mut Criterion) {
    let runtime = runtime();
    profile_only(&runtime);
    let calls: Vec<SeedCall> = runtime.block_on(async {
        let mut calls = Vec::new();
        for seed in Seed::ALL {
            let call = seeds::prepare(seed);
            call.assert_same_wire_request().await;
            calls.push(call);
        }
        calls
    });
    println!("the generated and hand-written requests are the same on the wire for all five operations");
    cpu_and_allocations(&runtime, &calls);

    for call in &calls {
        let mut group = c.benchmark_group(format!("call/{}", call.seed.name()));
        group.bench_function("generated", |b| b.iter(|| runtime.block_on(call.generated())));
        group.bench_function("hand_written", |b| b.iter(|| runtime.block_on(call.hand_written())));
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    targets = calls
}
criterion_main!(benches);
