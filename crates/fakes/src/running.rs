//! What every fake's handle holds: its loopback server, and the fake's state behind one lock
//! that the server's handler and the handle's methods share.

use std::io;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::http::{Request, Response, Server, Unreadable};

/// A fake's server answering with `answer` over its state; it stops when dropped.
pub(crate) struct Running<S> {
    server: Server,
    state: Arc<Mutex<S>>,
}

impl<S: Send + 'static> Running<S> {
    /// Serves `answer` over `state` on a new server on 127.0.0.1.
    pub(crate) async fn start(
        state: S,
        answer: fn(&mut S, Result<Request, Unreadable>) -> Response,
    ) -> io::Result<Running<S>> {
        Running::serve(Arc::new(Mutex::new(state)), answer).await
    }

    /// As [`start`](Self::start), over a state already shared with another server (the PDS
    /// fake's data host).
    pub(crate) async fn serve(
        state: Arc<Mutex<S>>,
        answer: fn(&mut S, Result<Request, Unreadable>) -> Response,
    ) -> io::Result<Running<S>> {
        let shared = Arc::clone(&state);
        let server = Server::start(move |request| answer(&mut lock(&shared), request)).await?;
        Ok(Running { server, state })
    }

    /// `http://127.0.0.1:<port>`.
    pub(crate) fn endpoint(&self) -> &str {
        self.server.address()
    }

    /// The state, locked.
    pub(crate) fn state(&self) -> MutexGuard<'_, S> {
        lock(&self.state)
    }
}

/// A panic while holding the lock cannot leave a fake's store half-changed in a way that
/// matters to a test double: the fake keeps serving.
pub(crate) fn lock<S>(state: &Mutex<S>) -> MutexGuard<'_, S> {
    state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
