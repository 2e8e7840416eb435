//! A throwaway home folder for credential tests: a fresh folder under the system temp folder,
//! removed when dropped (tempfile is not a runtime dependency).

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

pub(crate) struct TestHome(pub(crate) PathBuf);

impl TestHome {
    pub(crate) fn new(name: &str) -> Self {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let unique = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("cloudspec-runtime-{name}-{}-{unique}", std::process::id()));
        std::fs::create_dir_all(&path).expect("temp dir can be created");
        Self(path)
    }

    /// Writes `text` at `relative` (folders created); returns the full path.
    pub(crate) fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.0.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("folders can be created");
        }
        std::fs::write(&path, text).expect("file can be written");
        path
    }

    pub(crate) fn path_str(&self) -> &str {
        self.0.to_str().expect("temp paths are UTF-8 here")
    }
}

impl Drop for TestHome {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
