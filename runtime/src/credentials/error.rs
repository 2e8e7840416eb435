//! Why credentials could not be loaded.

use std::fmt;
use std::path::PathBuf;

/// Credentials that could not be found or used. No variant ever holds a secret value, so the
/// error can be logged as is.
#[derive(Debug)]
pub enum CredentialsError {
    /// Nothing was found: `what` names the missing item, `tried` lists where it was looked for
    /// (environment variable names, files, config profiles) in the order tried.
    Missing { what: String, tried: Vec<String> },
    /// Something was found but cannot be used: `what` names it, `reason` says why.
    Invalid { what: String, reason: String },
    /// A file could not be read.
    Io { path: PathBuf, source: std::io::Error },
    /// A credential service (instance metadata, STS) was asked and gave no usable credentials:
    /// `from` names the provider, `reason` says what went wrong (a status, a missing field,
    /// never a value from the answer).
    Fetch { from: String, reason: String },
}

impl CredentialsError {
    pub(crate) fn missing(
        what: impl Into<String>,
        tried: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        Self::Missing { what: what.into(), tried: tried.into_iter().map(Into::into).collect() }
    }

    pub(crate) fn fetch(from: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::Fetch { from: from.into(), reason: reason.into() }
    }

    /// The same error for another caller (a refresh's error goes to every call that waited
    /// for it): an exact copy, except that an I/O error's cause, which cannot be cloned, is
    /// kept as text.
    pub(crate) fn shared(&self) -> Self {
        match self {
            Self::Missing { what, tried } => Self::Missing { what: what.clone(), tried: tried.clone() },
            Self::Invalid { what, reason } => Self::Invalid { what: what.clone(), reason: reason.clone() },
            Self::Fetch { from, reason } => Self::Fetch { from: from.clone(), reason: reason.clone() },
            Self::Io { path, source } => Self::Io {
                path: path.clone(),
                source: std::io::Error::new(source.kind(), source.to_string()),
            },
        }
    }

    pub(crate) fn invalid(what: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::Invalid { what: what.into(), reason: reason.into() }
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing { what, tried } => write!(f, "no {what} found (tried: {})", tried.join(", ")),
            Self::Invalid { what, reason } => write!(f, "invalid {what}: {reason}"),
            Self::Io { path, source } => write!(f, "cannot read {}: {source}", path.display()),
            Self::Fetch { from, reason } => write!(f, "cannot get credentials from {from}: {reason}"),
        }
    }
}

impl std::error::Error for CredentialsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io { source, .. } => Some(source),
            Self::Missing { .. } | Self::Invalid { .. } | Self::Fetch { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_lists_what_was_tried() {
        let error = CredentialsError::missing("Tencent Cloud credentials", ["A", "B"]);
        assert_eq!(error.to_string(), "no Tencent Cloud credentials found (tried: A, B)");
    }
}
