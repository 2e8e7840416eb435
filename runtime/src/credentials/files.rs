//! Reading the vendors' credential files: where home is, and reading a file that may be absent.

use std::path::{Path, PathBuf};

use super::CredentialsError;
use super::env::non_empty;

/// Where the home folder is named: `HOME` on Unix, `USERPROFILE` on Windows.
pub(crate) const HOME_VARS: [&str; 2] = ["HOME", "USERPROFILE"];

/// The home folder, from the variables the lookup sees (so tests can point it at a temp dir).
pub(crate) fn home_dir(lookup: &impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
    HOME_VARS.iter().find_map(|name| non_empty(lookup, name)).map(PathBuf::from)
}

/// The text of `path`, `None` when it does not exist (the next source of the chain is tried);
/// any other failure (permissions, not UTF-8) is an error, because a file that exists but cannot
/// be read is a mistake the user should hear about, not skip silently.
pub(crate) fn read_optional(path: &Path) -> Result<Option<String>, CredentialsError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(CredentialsError::Io { path: path.to_owned(), source }),
    }
}
