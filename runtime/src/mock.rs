//! Test doubles for users of generated clients (cargo feature `mock`).
//!
//! Each generated service has a `MockClient` implementing the same `Api` trait as its `Client`.
//! Its typed `on_<operation>` methods store handlers here, keyed by operation; a call validates
//! the request exactly as the real client does, records it, and answers with the handler's
//! result, with no network at all. The store is type-erased once here so the generated code
//! stays a few lines per operation.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::error::{Error, TransportError, TransportStage};
use crate::validate::Validate;

type Handler<I, O, E> = Arc<dyn Fn(&I) -> Result<O, Error<E>> + Send + Sync>;

/// The stubbed operations of one mock client, and the calls it received.
#[derive(Default)]
pub struct Stubs {
    handlers: Mutex<HashMap<&'static str, Arc<dyn Any + Send + Sync>>>,
    calls: Mutex<Vec<&'static str>>,
}

impl std::fmt::Debug for Stubs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut stubbed: Vec<&str> = lock(&self.handlers).keys().copied().collect();
        stubbed.sort_unstable();
        f.debug_struct("Stubs").field("stubbed", &stubbed).field("calls", &*lock(&self.calls)).finish()
    }
}

impl Stubs {
    /// Answers calls of `operation` with `handler` from now on (replacing an earlier one).
    pub fn set<I: 'static, O: 'static, E: 'static>(
        &self,
        operation: &'static str,
        handler: impl Fn(&I) -> Result<O, Error<E>> + Send + Sync + 'static,
    ) {
        let handler: Handler<I, O, E> = Arc::new(handler);
        lock(&self.handlers).insert(operation, Arc::new(handler));
    }

    /// Records a call of `operation` and answers it with its handler. An operation nobody
    /// stubbed gives a transport error naming it (a test double must not invent answers).
    pub fn call<I: 'static, O: 'static, E: 'static>(
        &self,
        operation: &'static str,
        request: &I,
    ) -> Result<O, Error<E>> {
        lock(&self.calls).push(operation);
        let stored = lock(&self.handlers).get(operation).cloned();
        match stored.as_ref().and_then(|any| any.downcast_ref::<Handler<I, O, E>>()) {
            Some(handler) => handler(request),
            None => Err(Error::Transport(TransportError::mock(format!(
                "MockClient has no stub for {operation}: add one with on_…() before calling it"
            )))),
        }
    }

    /// A call of `operation` as `MockClient` makes it: the request validated exactly as the real
    /// client validates it (so a test cannot pass with a request the real client would refuse),
    /// then answered by [`Stubs::call`]. A request that fails validation is not a call.
    pub fn answer<I: Validate + 'static, O: 'static, E: 'static>(
        &self,
        operation: &'static str,
        request: &I,
    ) -> Result<O, Error<E>> {
        request.validate()?;
        self.call(operation, request)
    }

    /// The operations called so far, in order (validation failures are not calls: they never
    /// reach the service).
    pub fn calls(&self) -> Vec<&'static str> {
        lock(&self.calls).clone()
    }
}

/// A poisoned lock only means another test thread panicked; the data is still usable.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl TransportError {
    fn mock(message: String) -> Self {
        TransportError { stage: TransportStage::Connect, message, source: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stubs_answer_by_operation_and_record_calls() {
        let stubs = Stubs::default();
        stubs.set("Double", |n: &i32| Ok::<i32, Error<String>>(n * 2));
        assert_eq!(stubs.call::<i32, i32, String>("Double", &21).unwrap(), 42);
        let missing = stubs.call::<i32, i32, String>("Other", &1).unwrap_err();
        assert!(missing.to_string().contains("no stub for Other"), "{missing}");
        assert_eq!(stubs.calls(), ["Double", "Other"]);
    }
}
