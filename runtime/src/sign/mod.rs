//! Request signers: pure functions from request parts, credentials and a clock to headers.
