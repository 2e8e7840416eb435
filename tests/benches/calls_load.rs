//! 10,000 calls with 256 in flight against one loopback server: requests per second, peak RSS,
//! and whether open connections or memory grow across the run.
//!
//! The calls are made by 256 tasks on a current-thread runtime (the server has a thread of its
//! own), each taking the next call number until 10,000 have been made, so 256 are in flight
//! from start to end. When the 2,500th, 5,000th, 7,500th and 10,000th call completes, the
//! run samples the connections the server has accepted and has open, the process's open file
//! descriptors and its resident set. It fails (exit status 1) when connections were accepted
//! after the first quarter, or the resident set grew by more than 10% from the first quarter
//! to the end. The run is made through the generated client, then by the hand-written call.
//!
//! Environment: `CALLS_LOAD_OP` (default `tencent_create_code_file`, any seed name of the
//! `calls` bench), `CALLS_LOAD_N` (default 10000), `CALLS_LOAD_IN_FLIGHT` (default 256).
//!
//! Run: `bash benches/calls.sh` or `cargo bench -p cloudspec-tests --bench calls_load`

// Each bench binary uses a part of the shared module.
#[allow(dead_code)]
mod calls_support;

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Instant;

use calls_support::measure::{self, CountingAllocator};
use calls_support::seeds::{self, Seed, SeedCall};

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

#[derive(Debug, Clone, Copy)]
struct Sample {
    completed: usize,
    accepted: usize,
    open_connections: usize,
    open_fds: usize,
    rss_kib: u64,
}

struct Run {
    seconds: f64,
    samples: Vec<Sample>,
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

async fn run(call: Rc<SeedCall>, generated: bool, total: usize, in_flight: usize) -> Run {
    let next = Rc::new(Cell::new(0usize));
    let completed = Rc::new(Cell::new(0usize));
    let samples = Rc::new(RefCell::new(Vec::new()));
    let checkpoints: Vec<usize> = (1..=4).map(|quarter| total * quarter / 4).collect();
    let started = Instant::now();
    let tasks = tokio::task::LocalSet::new();
    for _ in 0..in_flight {
        let (call, next, completed, samples, checkpoints) = (
            Rc::clone(&call),
            Rc::clone(&next),
            Rc::clone(&completed),
            Rc::clone(&samples),
            checkpoints.clone(),
        );
        tasks.spawn_local(async move {
            while next.get() < total {
                next.set(next.get() + 1);
                if generated {
                    call.generated().await;
                } else {
                    call.hand_written().await;
                }
                completed.set(completed.get() + 1);
                if checkpoints.contains(&completed.get()) {
                    samples.borrow_mut().push(Sample {
                        completed: completed.get(),
                        accepted: call.server.accepted(),
                        open_connections: call.server.open(),
                        open_fds: measure::open_fds(),
                        rss_kib: measure::current_rss_kib(),
                    });
                }
            }
        });
    }
    tasks.await;
    let seconds = started.elapsed().as_secs_f64();
    let samples = samples.borrow().clone();
    Run { seconds, samples }
}

/// Prints the run and returns whether connections and memory held steady.
fn report(side: &str, run: &Run, total: usize, cpu_seconds: f64) -> bool {
    println!(
        "\n{side}: {total} calls in {:.2} s = {:.0} calls/s (process CPU {:.2} s, {:.1} µs/call)",
        run.seconds,
        total as f64 / run.seconds,
        cpu_seconds,
        cpu_seconds * 1e6 / total as f64
    );
    println!("| completed | server accepted | server open | process fds | RSS MiB |");
    println!("|---|---|---|---|---|");
    for s in &run.samples {
        println!(
            "| {} | {} | {} | {} | {:.1} |",
            s.completed,
            s.accepted,
            s.open_connections,
            s.open_fds,
            s.rss_kib as f64 / 1024.0
        );
    }
    let (Some(first), Some(last)) = (run.samples.first(), run.samples.last()) else {
        println!("no samples");
        return false;
    };
    let connections_steady = last.accepted == first.accepted && last.open_fds <= first.open_fds;
    let memory_steady = last.rss_kib as f64 <= first.rss_kib as f64 * 1.10;
    println!(
        "connections: {} (accepted {} → {}, fds {} → {}); memory: {} (RSS {:.1} → {:.1} MiB)",
        if connections_steady { "no growth" } else { "GREW" },
        first.accepted,
        last.accepted,
        first.open_fds,
        last.open_fds,
        if memory_steady { "no growth beyond 10%" } else { "GREW more than 10%" },
        first.rss_kib as f64 / 1024.0,
        last.rss_kib as f64 / 1024.0,
    );
    connections_steady && memory_steady
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` would pass test-harness flags.
    if std::env::args().any(|arg| arg == "--list") {
        return;
    }
    let op_name = std::env::var("CALLS_LOAD_OP").unwrap_or_else(|_| "tencent_create_code_file".to_owned());
    let seed = Seed::ALL.into_iter().find(|seed| seed.name() == op_name).unwrap_or_else(|| {
        eprintln!("unknown CALLS_LOAD_OP {op_name:?}");
        std::process::exit(2);
    });
    let total = env_number("CALLS_LOAD_N", 10_000);
    let in_flight = env_number("CALLS_LOAD_IN_FLIGHT", 256);
    println!("{op_name}: {total} calls, {in_flight} in flight, client on a current-thread runtime");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let mut steady = true;
    for generated in [true, false] {
        let side = if generated { "generated client" } else { "hand-written reqwest" };
        let call = Rc::new(runtime.block_on(async { seeds::prepare(seed) }));
        runtime.block_on(call.assert_same_wire_request());
        let cpu = measure::process_cpu_time();
        let result = runtime.block_on(run(Rc::clone(&call), generated, total, in_flight));
        let cpu_seconds = (measure::process_cpu_time() - cpu).as_secs_f64();
        steady &= report(side, &result, total, cpu_seconds);
    }
    println!("\npeak RSS of the process (both runs): {:.1} MiB", measure::peak_rss_kib() as f64 / 1024.0);
    if !steady {
        std::process::exit(1);
    }
}
