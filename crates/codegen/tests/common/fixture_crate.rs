//! A service crate generated into a workspace of its own and built with cargo, in the target
//! folder the build-script test uses for its downstream fixture, with the same dependency
//! versions and features, so that the runtime's dependencies compile once per checkout for
//! every test that builds one.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use cloudspec_codegen::emit;
use cloudspec_codegen::ir::Service;

/// A generated service crate on disk; removed (and its build products cleaned) when dropped.
pub struct FixtureCrate {
    _temp: tempfile::TempDir,
    /// The workspace folder, holding `services/<feature>/`.
    pub root: PathBuf,
    /// The service crate's folder.
    pub service_dir: PathBuf,
    target: PathBuf,
    package: String,
}

impl FixtureCrate {
    /// Writes `service`'s crate and the workspace it expects (it takes its dependencies from
    /// it) into a new folder named with `prefix`.
    pub fn write(service: &Service, prefix: &str) -> FixtureCrate {
        let exe = std::env::current_exe().expect("the test's path");
        let target_root =
            exe.ancestors().nth(3).map_or_else(|| super::repo_root().join("target"), Path::to_path_buf);
        let target = target_root.join("downstream-fixture");
        let crates = target.join("crates");
        std::fs::create_dir_all(&crates).expect("the target folder");
        let temp = tempfile::Builder::new().prefix(prefix).tempdir_in(&crates).expect("a temporary folder");
        let root = temp.path().to_path_buf();
        for file in emit::service_files(service).expect("emits") {
            let path = root.join(&file.path);
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("the crate's folders");
            std::fs::write(&path, &file.contents).expect("a generated file");
        }
        let runtime = super::repo_root().join("runtime").canonicalize().expect("the runtime's folder");
        let manifest = format!(
            "[workspace]\nmembers = [\"services/{feature}\"]\nresolver = \"3\"\n\n\
             [workspace.dependencies]\ncloudspec-runtime = {{ path = {runtime:?} }}\n\
             serde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n\n\
             [profile.dev]\ndebug = false\n",
            feature = service.feature,
            runtime = runtime.display().to_string(),
        );
        std::fs::write(root.join("Cargo.toml"), manifest).expect("the workspace manifest");
        std::fs::copy(super::repo_root().join("Cargo.lock"), root.join("Cargo.lock")).expect("the lock file");
        let service_dir = root.join("services").join(&service.feature);
        FixtureCrate { _temp: temp, root, service_dir, target, package: emit::service_crate(service) }
    }

    /// `cargo <args> --offline` in the workspace; a checkout that has not built the fixture's
    /// dependencies may lack some in the local registry cache, so they are fetched once through
    /// the configured registry when the offline run says so.
    pub fn cargo_offline(&self, args: &[&str]) -> Output {
        let mut with_offline = vec![args[0], "--offline"];
        with_offline.extend_from_slice(&args[1..]);
        let output = self.cargo(&with_offline);
        if output.status.success() || !text(&output).contains("--offline") {
            return output;
        }
        let fetch = self.cargo(&["fetch"]);
        assert!(fetch.status.success(), "cargo fetch failed:\n{}", text(&fetch));
        self.cargo(&with_offline)
    }

    fn cargo(&self, args: &[&str]) -> Output {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        Command::new(cargo)
            .args(args)
            .current_dir(&self.root)
            .env("CARGO_TARGET_DIR", &self.target)
            .env("CARGO_TERM_COLOR", "never")
            .env("CARGO_INCREMENTAL", "0")
            .output()
            .expect("cargo runs")
    }
}

impl Drop for FixtureCrate {
    fn drop(&mut self) {
        let _ = self.cargo(&["clean", "--offline", "-p", &self.package]);
    }
}

/// What a command printed, both streams.
pub fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}
