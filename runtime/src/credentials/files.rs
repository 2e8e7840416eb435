//! Reading the vendors' credential files: where home is, and reading a file that may be absent.

use std::path::{Path, PathBuf};

use super::CredentialsError;
use super::env::non_empty;
use super::oci_config::ConfigFile;

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

/// The INI file at `path` parsed, `None` when it does not exist (see [`read_optional`]); a file
/// that does not parse is an error naming it as `what()` says.
pub(crate) fn read_config(
    path: &Path,
    what: impl Fn() -> String,
) -> Result<Option<ConfigFile>, CredentialsError> {
    let Some(text) = read_optional(path)? else { return Ok(None) };
    ConfigFile::parse(&text).map(Some).map_err(|reason| CredentialsError::invalid(what(), reason))
}
