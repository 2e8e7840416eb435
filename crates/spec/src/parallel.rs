//! Mapping a slice on a few threads with the results in the slice's order, so that a parallel
//! run produces exactly what a sequential one does (loading files, lowering services, rendering
//! services, hashing outputs).

use std::sync::atomic::{AtomicUsize, Ordering};

/// How many threads the machine offers; 1 when it cannot tell.
pub fn available_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The threads worth starting for `units` of work: `max` from `from` units on, else the calling
/// thread alone (each caller measures its own `from`: below it, starting threads costs more than
/// it saves, and build scripts share the machine with cargo's own jobs).
pub fn threads_for(units: usize, from: usize, max: usize) -> usize {
    if units < from { 1 } else { max }
}

/// `items.iter().map(work).collect()`, on up to `threads` threads (the calling one included).
/// Items are handed out one at a time from a shared counter, so a few large items (a big
/// `service.yaml`) do not leave one thread idle; the results are put back in `items`' order.
pub fn map_in_order<T, R, F>(items: &[T], threads: usize, work: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let threads = threads.min(items.len());
    if threads <= 1 {
        return items.iter().map(work).collect();
    }
    let next = AtomicUsize::new(0);
    // Borrows only, so the closure is `Copy`: each worker and the calling thread get their own.
    let take_items = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(index) else { break };
            done.push((index, work(item)));
        }
        done
    };
    let mut done = std::thread::scope(|scope| {
        let workers: Vec<_> = (1..threads).map(|_| scope.spawn(take_items)).collect();
        let mut done = take_items();
        for worker in workers {
            match worker.join() {
                Ok(part) => done.extend(part),
                // `work` panics only on a bug; it surfaces as it would on one thread.
                Err(payload) => std::panic::resume_unwind(payload),
            }
        }
        done
    });
    done.sort_unstable_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u64> = (0..1000).collect();
        for threads in [1, 2, 3, 8] {
            let squares = map_in_order(&items, threads, |n| n * n);
            assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        }
    }

    #[test]
    fn no_items_no_results() {
        let items: Vec<u8> = Vec::new();
        assert!(map_in_order(&items, 4, |n| *n).is_empty());
    }
}
