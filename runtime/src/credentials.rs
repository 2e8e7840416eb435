//! Credentials for each vendor's auth scheme.
