//! What `tracing` events say, captured as text, so that tests can prove what reaches the logs
//! (no secret, no query string) and what does (a warning about a readable key file).

use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use tracing::subscriber::DefaultGuard;

/// The text every event of a subscriber wrote, at every level.
#[derive(Clone, Default)]
pub struct EventCapture(Arc<Mutex<Vec<u8>>>);

impl EventCapture {
    /// The one capture of a test binary, installed as its global subscriber on first use.
    /// Per-thread subscribers race with tracing's per-callsite interest cache when tests of one
    /// binary run in parallel, so tests that run on several threads share this one and look
    /// only for their own events or for what must be absent.
    pub fn global() -> EventCapture {
        static CAPTURE: OnceLock<EventCapture> = OnceLock::new();
        CAPTURE
            .get_or_init(|| {
                let capture = EventCapture::default();
                let writer = capture.clone();
                // `try_init` also routes the `log` records of the HTTP stack into the capture.
                tracing_subscriber::fmt()
                    .with_max_level(tracing::Level::TRACE)
                    .with_ansi(false)
                    .with_writer(move || writer.clone())
                    .try_init()
                    .expect("the only global subscriber of this test binary");
                capture
            })
            .clone()
    }

    /// A capture of the events of the current thread only, until the guard is dropped: for a
    /// test on a current-thread runtime that wants exactly its own events.
    pub fn for_this_thread() -> (EventCapture, DefaultGuard) {
        let capture = EventCapture::default();
        let writer = capture.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        (capture, tracing::subscriber::set_default(subscriber))
    }

    /// Everything captured so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("not poisoned")).into_owned()
    }

    /// The captured lines that name `path`.
    pub fn lines_naming(&self, path: &Path) -> Vec<String> {
        let name = path.display().to_string();
        self.text().lines().filter(|line| line.contains(&name)).map(str::to_owned).collect()
    }
}

impl Write for EventCapture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("not poisoned").extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
