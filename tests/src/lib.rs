//! Cross-crate suites live in `tests/`; this library is empty.
