//! Credential files are read safely (issue 20, finding 11): regular files only, at most 1 MiB,
//! a warning when group or others can read a key or credentials file, and no secret value in
//! any parse error. Real files, FIFOs and devices on the real file system.

use std::path::{Path, PathBuf};
use std::time::Duration;

use cloudspec_runtime::credentials::{
    AlibabaCredentials, CredentialsError, OciCredentials, TencentCredentials,
};
use cloudspec_tests::credentials;
use cloudspec_tests::events::EventCapture;

/// A folder with an OCI config whose `key_file` is `key_file`.
fn oci_config(folder: &Path, key_file: &Path) -> PathBuf {
    let config = folder.join("config");
    let text = format!(
        "[DEFAULT]\nuser={}\nfingerprint={}\ntenancy={}\nregion=us-ashburn-1\nkey_file={}\n",
        credentials::OCI_USER,
        credentials::OCI_FINGERPRINT,
        credentials::OCI_TENANCY,
        key_file.display()
    );
    std::fs::write(&config, text).unwrap();
    config
}

fn read_oci(config: &Path) -> Result<OciCredentials, CredentialsError> {
    OciCredentials::from_config_file_with_home(config, "DEFAULT", None)
}

fn lookup(vars: Vec<(&'static str, String)>) -> impl Fn(&str) -> Option<String> {
    move |name| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone())
}

#[cfg(unix)]
fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn safety_a_key_file_at_dev_zero_is_refused_without_reading_it() {
    let folder = tempfile::tempdir().unwrap();
    let config = oci_config(folder.path(), Path::new("/dev/zero"));
    let error = read_oci(&config).expect_err("a device is not a key file").to_string();
    assert!(error.contains("/dev/zero") && error.contains("not a regular file"), "{error}");
}

#[test]
fn safety_credential_files_over_one_mebibyte_are_refused() {
    let folder = tempfile::tempdir().unwrap();
    // A valid key followed by padding: without a bound it would be read whole and accepted.
    let key = folder.path().join("big.pem");
    let mut padded = credentials::OCI_PRIVATE_KEY_PEM.to_owned();
    padded.push_str(&"\n".repeat(1024 * 1024));
    std::fs::write(&key, &padded).unwrap();
    let error = read_oci(&oci_config(folder.path(), &key)).expect_err("too large").to_string();
    assert!(error.contains("big.pem") && error.contains("larger than 1048576 bytes"), "{error}");

    // The Tencent profile file goes through the same reader.
    let home = folder.path().join("home");
    std::fs::create_dir_all(home.join(".tencentcloud")).unwrap();
    let mut profile = "[default]\nsecret_id = AKIDx\nsecret_key = y\n".to_owned();
    profile.push_str(&"#\n".repeat(600 * 1024));
    std::fs::write(home.join(".tencentcloud/credentials"), profile).unwrap();
    let error =
        TencentCredentials::from_default_chain_with(lookup(vec![("HOME", home.display().to_string())]))
            .expect_err("too large")
            .to_string();
    assert!(error.contains("larger than"), "{error}");

    // Exactly at the bound is still read.
    let mut at_limit = credentials::OCI_PRIVATE_KEY_PEM.to_owned();
    at_limit.push_str(&"\n".repeat(1024 * 1024 - at_limit.len()));
    std::fs::write(&key, &at_limit).unwrap();
    assert!(read_oci(&oci_config(folder.path(), &key)).is_ok());
}

#[test]
fn safety_a_folder_as_credential_file_is_an_error_naming_it() {
    let folder = tempfile::tempdir().unwrap();
    let not_a_file = folder.path().join("creds");
    std::fs::create_dir(&not_a_file).unwrap();
    let error = AlibabaCredentials::from_default_chain_with(lookup(vec![(
        "ALIBABA_CLOUD_CREDENTIALS_FILE",
        not_a_file.display().to_string(),
    )]))
    .expect_err("a folder is not a credentials file")
    .to_string();
    assert!(error.contains("creds") && error.contains("folder"), "{error}");
}

/// Runs `read` on another thread; a read that blocks on the FIFO is released (by opening its
/// write end) and reported, so that the test fails instead of hanging.
#[cfg(unix)]
fn without_hanging<T: Send + 'static>(fifo: &Path, read: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(read());
    });
    // Generous: refusing the FIFO takes microseconds; only a blocked open takes this long.
    match finished.recv_timeout(Duration::from_secs(60)) {
        Ok(value) => value,
        Err(_) => {
            let _ = std::fs::OpenOptions::new().write(true).open(fifo);
            panic!("reading {} blocked: a FIFO was opened", fifo.display());
        }
    }
}

#[cfg(unix)]
#[test]
fn safety_a_fifo_as_credential_file_or_key_is_an_error_not_a_hang() {
    let folder = tempfile::tempdir().unwrap();
    let fifo = folder.path().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
    assert!(made.success());

    let path = fifo.display().to_string();
    let error = without_hanging(&fifo, move || {
        AlibabaCredentials::from_default_chain_with(lookup(vec![("ALIBABA_CLOUD_CREDENTIALS_FILE", path)]))
            .map(|_| ())
            .map_err(|e| e.to_string())
    })
    .expect_err("a FIFO is not a credentials file");
    assert!(error.contains("pipe") && error.contains("not a regular file"), "{error}");

    let config = oci_config(folder.path(), &fifo);
    let error = without_hanging(&fifo, move || read_oci(&config).map(|_| ()).map_err(|e| e.to_string()))
        .expect_err("a FIFO is not a key file");
    assert!(error.contains("pipe") && error.contains("not a regular file"), "{error}");
}

#[cfg(unix)]
#[test]
fn safety_keys_and_credential_files_readable_by_others_are_warned_about() {
    let capture = EventCapture::global();
    let folder = tempfile::tempdir().unwrap();
    let key = folder.path().join("shared-key.pem");
    std::fs::write(&key, credentials::OCI_PRIVATE_KEY_PEM).unwrap();
    let config = oci_config(folder.path(), &key);
    chmod(&config, 0o600);

    chmod(&key, 0o644);
    read_oci(&config).expect("a readable key still works");
    let warnings = capture.lines_naming(&key);
    assert_eq!(warnings.len(), 1, "one warning for the 0644 key: {warnings:?}");
    assert!(warnings[0].contains("WARN") && warnings[0].contains("644"), "{warnings:?}");
    assert!(capture.lines_naming(&config).is_empty(), "the 0600 config is not warned about");

    // A private key: no new warning.
    chmod(&key, 0o600);
    read_oci(&config).unwrap();
    assert_eq!(capture.lines_naming(&key).len(), 1, "no warning for a 0600 key");

    // A group-readable credentials file.
    let alibaba = folder.path().join("alibaba-credentials");
    std::fs::write(&alibaba, "[default]\ntype = access_key\naccess_key_id = LTAIx\naccess_key_secret = s\n")
        .unwrap();
    chmod(&alibaba, 0o640);
    AlibabaCredentials::from_default_chain_with(lookup(vec![(
        "ALIBABA_CLOUD_CREDENTIALS_FILE",
        alibaba.display().to_string(),
    )]))
    .unwrap();
    assert_eq!(capture.lines_naming(&alibaba).len(), 1, "a 0640 credentials file is warned about");
}

#[test]
fn safety_parse_errors_never_quote_a_secret() {
    const NUMERIC_SECRET: &str = "98765432101234";
    let home = tempfile::tempdir().unwrap();
    let home_var = || vec![("HOME", home.path().display().to_string())];

    // The aliyun CLI's JSON config with a number where a string belongs.
    std::fs::create_dir_all(home.path().join(".aliyun")).unwrap();
    std::fs::write(
        home.path().join(".aliyun/config.json"),
        format!(
            r#"{{"current": "default", "profiles": [{{"name": "default", "mode": "AK", "access_key_id": "LTAIx", "access_key_secret": {NUMERIC_SECRET}}}]}}"#
        ),
    )
    .unwrap();
    let error =
        AlibabaCredentials::from_default_chain_with(lookup(home_var())).expect_err("a number").to_string();
    assert!(
        error.contains("config.json") && error.contains("line 1"),
        "the error locates the problem: {error}"
    );
    assert!(!error.contains(NUMERIC_SECRET), "{error}");

    // The INI files: a secret on a line of its own (a broken `key = value`).
    for (file, text) in [
        (".alibabacloud/credentials", format!("[default]\naccess_key_id = LTAIx\n{NUMERIC_SECRET}\n")),
        (".tencentcloud/credentials", format!("[default]\nsecret_id = AKIDx\n{NUMERIC_SECRET}\n")),
        (".oci/config", format!("[DEFAULT]\nuser = u\n{NUMERIC_SECRET}\n")),
    ] {
        let path = home.path().join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
    }
    let errors = [
        AlibabaCredentials::from_default_chain_with(lookup(home_var())).map(|_| ()).unwrap_err(),
        TencentCredentials::from_default_chain_with(lookup(home_var())).map(|_| ()).unwrap_err(),
        OciCredentials::from_env_with(lookup(home_var())).map(|_| ()).unwrap_err(),
    ];
    for error in errors {
        let text = format!("{error} / {error:?}");
        assert!(text.contains("line 3"), "{text}");
        assert!(!text.contains(NUMERIC_SECRET), "{text}");
    }

    // A PEM body that is not base64: the offending byte of the key is not quoted.
    let folder = tempfile::tempdir().unwrap();
    let key = folder.path().join("broken.pem");
    std::fs::write(&key, "-----BEGIN PRIVATE KEY-----\nMIIE$Q\n-----END PRIVATE KEY-----\n").unwrap();
    let error = read_oci(&oci_config(folder.path(), &key)).expect_err("not base64").to_string();
    assert!(error.contains("base64") && !error.contains("symbol 36"), "{error}");
}
