//! Reading the vendors' credential files: where home is, and reading a file that may be absent.

use std::io::Read as _;
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

/// The largest credential file read: real ones are a few hundred bytes (a 8192-bit PEM key is
/// under 7 KiB), and a bound keeps a path to `/dev/zero` or a huge file from exhausting memory.
pub(crate) const MAX_CREDENTIAL_FILE_BYTES: u64 = 1024 * 1024;

/// The text of `path`, `None` when it does not exist (the next source of the chain is tried);
/// any other failure (permissions, not UTF-8) is an error, because a file that exists but cannot
/// be read is a mistake the user should hear about, not skip silently.
pub(crate) fn read_optional(path: &Path) -> Result<Option<String>, CredentialsError> {
    match read_credential_file(path) {
        Ok(text) => Ok(Some(text)),
        Err(CredentialsError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error),
    }
}

/// The text of the credential file (or private key) at `path`, read safely: it must be a
/// regular file (a FIFO would block forever, a device never end, a folder is a mistake), it is
/// checked before it is opened and again once open, and at most
/// [`MAX_CREDENTIAL_FILE_BYTES`] are read. A file that group or others can access is read, with
/// a `tracing` warning (as the OCI CLI warns), since the secrets in it are not private.
pub(crate) fn read_credential_file(path: &Path) -> Result<String, CredentialsError> {
    let io = |source| CredentialsError::Io { path: path.to_owned(), source };
    let metadata = std::fs::metadata(path).map_err(io)?;
    check_regular(path, &metadata)?;
    let file = std::fs::File::open(path).map_err(io)?;
    // The file checked may have been swapped between the check and the open: check what was opened.
    let metadata = file.metadata().map_err(io)?;
    check_regular(path, &metadata)?;
    warn_if_shared(path, &metadata);
    let mut bytes = Vec::new();
    file.take(MAX_CREDENTIAL_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > MAX_CREDENTIAL_FILE_BYTES {
        return Err(CredentialsError::invalid(
            format!("credential file {}", path.display()),
            format!("it is larger than {MAX_CREDENTIAL_FILE_BYTES} bytes, far more than any credential file"),
        ));
    }
    String::from_utf8(bytes).map_err(|_| {
        CredentialsError::invalid(format!("credential file {}", path.display()), "it is not UTF-8 text")
    })
}

fn check_regular(path: &Path, metadata: &std::fs::Metadata) -> Result<(), CredentialsError> {
    if metadata.is_file() {
        return Ok(());
    }
    let kind = if metadata.is_dir() { "a folder" } else { "not a regular file (a FIFO, socket or device)" };
    Err(CredentialsError::invalid(
        format!("credential file {}", path.display()),
        format!("it is {kind}; only a regular file is read"),
    ))
}

/// Warns when the file's mode grants anything to group or others (`mode & 0o077`).
#[cfg(unix)]
fn warn_if_shared(path: &Path, metadata: &std::fs::Metadata) {
    use std::os::unix::fs::PermissionsExt as _;
    let mode = metadata.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        tracing::warn!(
            file = %path.display(),
            mode = format_args!("{mode:o}"),
            "credential file is accessible by group or others; restrict it with `chmod 600`"
        );
    }
}

#[cfg(not(unix))]
fn warn_if_shared(_path: &Path, _metadata: &std::fs::Metadata) {}

/// The INI file at `path` parsed, `None` when it does not exist (see [`read_optional`]); a file
/// that does not parse is an error naming it as `what()` says.
pub(crate) fn read_config(
    path: &Path,
    what: impl Fn() -> String,
) -> Result<Option<ConfigFile>, CredentialsError> {
    let Some(text) = read_optional(path)? else { return Ok(None) };
    ConfigFile::parse(&text).map(Some).map_err(|reason| CredentialsError::invalid(what(), reason))
}
