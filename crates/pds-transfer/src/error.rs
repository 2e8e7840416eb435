//! What can go wrong in a transfer.

use std::fmt;
use std::io;

use crate::parts::UploadSession;

/// A failed transfer.
#[derive(Debug)]
pub enum TransferError {
    /// Reading the source or writing the destination failed.
    Io(io::Error),
    /// A PDS operation failed (its typed error, boxed, is the source).
    Api { operation: &'static str, source: Box<dyn std::error::Error + Send + Sync> },
    /// The upload stopped after it began: some parts may be stored. Pass the session to
    /// [`crate::resume_upload_file`] to send only what is missing.
    Interrupted { session: UploadSession, part_number: i32, source: Box<dyn std::error::Error + Send + Sync> },
    /// The service answered something the transfer cannot go on with (no upload ID, a part
    /// without a URL, a download of another size than announced).
    Protocol(String),
}

impl TransferError {
    pub(crate) fn api<E: std::error::Error + Send + Sync + 'static>(
        operation: &'static str,
    ) -> impl FnOnce(E) -> TransferError {
        move |error| TransferError::Api { operation, source: Box::new(error) }
    }

    /// The session to resume, when the upload was interrupted.
    pub fn session(&self) -> Option<&UploadSession> {
        match self {
            TransferError::Interrupted { session, .. } => Some(session),
            _ => None,
        }
    }
}

impl fmt::Display for TransferError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransferError::Io(error) => write!(f, "file transfer I/O failed: {error}"),
            TransferError::Api { operation, source } => write!(f, "PDS {operation} failed: {source}"),
            TransferError::Interrupted { session, part_number, source } => write!(
                f,
                "the upload of file {} stopped at part {part_number} (resume it with its session): {source}",
                session.file_id
            ),
            TransferError::Protocol(message) => write!(f, "unexpected PDS answer: {message}"),
        }
    }
}

impl std::error::Error for TransferError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TransferError::Io(error) => Some(error),
            TransferError::Api { source, .. } | TransferError::Interrupted { source, .. } => {
                Some(source.as_ref())
            }
            TransferError::Protocol(_) => None,
        }
    }
}

impl From<io::Error> for TransferError {
    fn from(error: io::Error) -> TransferError {
        TransferError::Io(error)
    }
}
