//! CPU burners inside the test process, so that a test can show it holds when every core is
//! busy (the same proof `tests/load.sh` gives from outside, but inside `cargo test`).

use std::num::NonZeroUsize;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

/// Threads that spin until this value is dropped (also when the test panics).
pub struct CpuBurners {
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

impl CpuBurners {
    /// Twice as many spinning threads as the machine has cores: every core stays busy and a
    /// thread of the code under test waits for its turn, as on a loaded machine.
    pub fn twice_the_cores() -> CpuBurners {
        let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
        CpuBurners::start(2 * cores)
    }

    pub fn start(count: usize) -> CpuBurners {
        let stop = Arc::new(AtomicBool::new(false));
        let threads = (0..count)
            .map(|i| {
                let stop = Arc::clone(&stop);
                std::thread::Builder::new()
                    .name(format!("cpu-burner-{i}"))
                    .spawn(move || {
                        while !stop.load(Ordering::Relaxed) {
                            std::hint::spin_loop();
                        }
                    })
                    .expect("a burner thread")
            })
            .collect();
        CpuBurners { stop, threads }
    }
}

impl Drop for CpuBurners {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}
