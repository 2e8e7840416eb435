//! A bound on silence for requests whose body takes a while to send.
//!
//! reqwest's `read_timeout` runs from the moment a request is sent until the head of its answer
//! arrives, whatever the request body is doing: an upload that takes longer than that fails
//! though its bytes flow all along (a 5 GiB part at 100 MiB/s needs 50 s; the default is 30 s).
//! So uploads go through a client without that setting, and [`Progress`] bounds the silence
//! instead: the body marks progress each time the connection takes a chunk, and the exchange
//! fails once `read_timeout` passes with no chunk taken — the server stopped reading — or, after
//! the last chunk, with no answer.
//!
//! Time is tokio's, so tests can pause it.

use std::future::Future;
use std::io;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use futures_util::future::{Either, select};
use tokio::time::Instant;

/// When an upload last made progress, shared by its body and the exchange that watches it.
#[derive(Clone)]
pub(crate) struct Progress {
    start: Instant,
    /// Nanoseconds from `start` to the last progress.
    last: Arc<AtomicU64>,
}

/// No progress for the whole silence bound.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Silent;

impl Progress {
    pub(crate) fn new() -> Self {
        Progress { start: Instant::now(), last: Arc::new(AtomicU64::new(0)) }
    }

    fn mark(&self) {
        let nanos = u64::try_from(self.start.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.last.fetch_max(nanos, Ordering::Relaxed);
    }

    fn since_last(&self) -> Duration {
        let last = Duration::from_nanos(self.last.load(Ordering::Relaxed));
        self.start.elapsed().saturating_sub(last)
    }

    /// `chunks`, marking progress as each is taken and at their end.
    pub(crate) fn track<S>(&self, chunks: S) -> Tracked<S> {
        Tracked { chunks, progress: self.clone() }
    }

    /// Runs `exchange` until it ends, or until `silence` passes without progress.
    pub(crate) async fn watch<F: Future>(&self, silence: Duration, exchange: F) -> Result<F::Output, Silent> {
        self.mark();
        let mut exchange = pin!(exchange);
        loop {
            let quiet = self.since_last();
            if quiet >= silence {
                return Err(Silent);
            }
            let alarm = pin!(tokio::time::sleep(silence - quiet));
            match select(exchange.as_mut(), alarm).await {
                Either::Left((output, _)) => return Ok(output),
                // Progress may have come meanwhile: the loop measures again.
                Either::Right(((), _)) => {}
            }
        }
    }
}

/// A body stream that marks [`Progress`].
pub(crate) struct Tracked<S> {
    chunks: S,
    progress: Progress,
}

impl<S: Stream<Item = io::Result<Bytes>> + Unpin> Stream for Tracked<S> {
    type Item = io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let polled = Pin::new(&mut self.chunks).poll_next(cx);
        if polled.is_ready() {
            self.progress.mark();
        }
        polled
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;

    /// A body whose chunks come `gap` apart.
    fn paced(chunks: usize, gap: Duration) -> impl Stream<Item = io::Result<Bytes>> + Unpin {
        Box::pin(futures_util::stream::iter(0..chunks).then(move |_| async move {
            tokio::time::sleep(gap).await;
            Ok(Bytes::from_static(b"chunk"))
        }))
    }

    #[tokio::test(start_paused = true)]
    async fn an_upload_longer_than_the_bound_passes_while_chunks_flow() {
        let progress = Progress::new();
        let mut body = progress.track(paced(20, Duration::from_millis(100)));
        let started = Instant::now();
        let sent = progress
            .watch(Duration::from_millis(300), async {
                let mut count = 0;
                while body.next().await.is_some() {
                    count += 1;
                }
                count
            })
            .await;
        assert_eq!(sent, Ok(20));
        assert!(started.elapsed() >= Duration::from_secs(2), "the upload outlasted the bound");
    }

    #[tokio::test(start_paused = true)]
    async fn a_stalled_body_fails_after_the_bound() {
        let progress = Progress::new();
        let mut body = progress.track(paced(5, Duration::from_millis(100)));
        let started = Instant::now();
        let result = progress
            .watch(Duration::from_millis(300), async {
                // Two chunks taken, then the connection stops taking any.
                body.next().await;
                body.next().await;
                std::future::pending::<()>().await
            })
            .await;
        assert_eq!(result, Err(Silent));
        assert_eq!(started.elapsed(), Duration::from_millis(500), "200 ms of chunks, then 300 ms of silence");
    }

    #[tokio::test(start_paused = true)]
    async fn after_the_last_chunk_the_answer_must_come_within_the_bound() {
        async fn answered_after(wait: Duration) -> Result<(), Silent> {
            let progress = Progress::new();
            let mut body = progress.track(paced(3, Duration::from_millis(100)));
            progress
                .watch(Duration::from_millis(300), async {
                    while body.next().await.is_some() {}
                    tokio::time::sleep(wait).await;
                })
                .await
        }
        assert_eq!(answered_after(Duration::from_millis(250)).await, Ok(()));
        assert_eq!(answered_after(Duration::from_millis(350)).await, Err(Silent));
    }
}
