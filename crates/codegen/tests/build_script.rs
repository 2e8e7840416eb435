//! Build-script mode: the `Builder` on its own, then a real downstream crate
//! (tests/fixtures/downstream) built with cargo, whose build.rs generates its client.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Instant, SystemTime};

use cloudspec_codegen::build_script::{Generated, OPTIONAL_FEATURES};
use cloudspec_codegen::{BuildError, Builder};

mod common;
use common::{Manifest, bytes_and_mtime, changed, edit_line, tree};

fn workspace() -> PathBuf {
    common::repo_root()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap();
        // A developer may have built the fixture in place; its lock file and target folder are
        // not part of it.
        if name == "target" || name == "Cargo.lock" {
            continue;
        }
        if path.is_dir() {
            copy_dir(&path, &to.join(name));
        } else {
            std::fs::copy(&path, to.join(name)).unwrap();
        }
    }
}

/// Every generated file under `root` with its bytes and mtime, by relative path. The manifest
/// is left out: it is the generator's cache, rewritten whenever a spec file changes
/// (tests/manifest.rs).
fn snapshot(root: &Path) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    tree(root, Manifest::Skip, bytes_and_mtime)
}

fn age(root: &Path) {
    common::age(root, Manifest::Skip)
}

/// The real specs copied under `dir`, generated in build-script mode into `dir/out`.
fn generate_copy(dir: &Path) -> (PathBuf, PathBuf, Generated) {
    let (specs, out) = (dir.join("specs"), dir.join("out"));
    copy_dir(&workspace().join("specs"), &specs);
    let generated = builder(&specs, &out).generate().unwrap_or_else(|e| panic!("{e}"));
    (specs, out, generated)
}

fn builder(specs: &Path, out: &Path) -> Builder {
    // The directives are for cargo; in a test, stdout is the harness's.
    Builder::new().specs(specs).out_dir(out).cargo_directives(false)
}

#[test]
fn module_tree_is_ungated_and_lists_every_spec_file_and_folder() {
    let temp = tempfile::tempdir().unwrap();
    let (specs, out, generated) = generate_copy(temp.path());
    assert_eq!(generated.module, out.join("cloudspec/mod.rs"));
    let ir = cloudspec_codegen::lint(&specs).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(generated.services.len(), ir.services.len(), "every service: {:?}", generated.services);

    let tree = snapshot(&out.join("cloudspec"));
    let root = String::from_utf8(tree["mod.rs"].0.clone()).unwrap();
    // Included with `include!`, where rustc rejects inner attributes and `//!` docs.
    assert!(!root.contains("#!") && !root.contains("//!"), "{root}");
    for service in &ir.services {
        assert!(root.contains(&format!("pub mod {};", service.provider_module)), "{root}");
    }
    for path in ["huawei/mod.rs", "huawei/codeartsrepo/mod.rs", "huawei/codeartsrepo/create_file.rs"] {
        assert!(tree.contains_key(path), "{path} in {:?}", tree.keys());
    }
    assert!(!tree.keys().any(|p| p.starts_with("src/") || p.ends_with(".toml") || p.ends_with(".md")));
    for (path, (bytes, _)) in &tree {
        let text = String::from_utf8_lossy(bytes);
        assert!(text.contains("the build script regenerates it"), "{path} says how it is regenerated");
        // The crate's per-service features do not exist in the including crate.
        assert!(!text.contains("feature = \"huawei-"), "{path} is ungated:\n{text}");
    }

    let inputs: Vec<String> = generated
        .inputs
        .iter()
        .map(|p| p.strip_prefix(&specs).unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(inputs[0], "", "the specs folder itself comes first");
    for expected in ["huawei", "huawei/codeartsrepo", "huawei/codeartsrepo/service.yaml", "README.md"] {
        assert!(inputs.iter().any(|i| i == expected), "{expected} in {inputs:?}");
    }
    // The provider files are inputs too: the services that share one change with it.
    for expected in ["alibaba/provider.yaml", "tencent/provider.yaml"] {
        assert!(inputs.iter().any(|i| i == expected), "{expected} in {inputs:?}");
    }
    let provider_files = inputs.iter().filter(|i| i.ends_with("/provider.yaml")).count();
    let yaml_files = inputs.iter().filter(|i| i.ends_with(".yaml")).count() - provider_files;
    let spec_files = ir.services.len() + ir.operation_count();
    assert_eq!(yaml_files, spec_files, "every spec file: {inputs:?}");
}

/// Every `cfg(feature = …)` left in service code names a feature the build script declares to
/// rustc (so that a crate without it gets no `unexpected_cfgs` warning). A new gate in the
/// emitters must be added to `OPTIONAL_FEATURES` and documented for downstream crates.
#[test]
fn every_feature_gate_in_module_code_is_declared() {
    let temp = tempfile::tempdir().unwrap();
    let (_, out, _) = generate_copy(temp.path());
    for (path, (bytes, _)) in snapshot(&out.join("cloudspec")) {
        let text = String::from_utf8(bytes).unwrap();
        for gate in text.split("feature = \"").skip(1) {
            let name = gate.split('"').next().unwrap_or_default();
            assert!(
                OPTIONAL_FEATURES.contains(&name),
                "{path}: feature {name:?} is not in {OPTIONAL_FEATURES:?}"
            );
        }
    }
}

#[test]
fn unchanged_specs_write_nothing_and_a_doc_change_rewrites_one_file() {
    let temp = tempfile::tempdir().unwrap();
    let (specs, out, _) = generate_copy(temp.path());
    age(&out);
    let before = snapshot(&out);

    let again = builder(&specs, &out).generate().unwrap_or_else(|e| panic!("{e}"));
    assert!(again.summary.written.is_empty() && again.summary.removed.is_empty(), "{:?}", again.summary);
    assert_eq!(changed(&before, &snapshot(&out)), Vec::<String>::new());

    edit_line(&specs.join("oci/aidataplatform/create_content.yaml"), "doc:", "doc: Edited by the test.");
    let edited = builder(&specs, &out).generate().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(edited.summary.written, ["oci/aidataplatform/create_content.rs"]);
    assert_eq!(changed(&before, &snapshot(&out)), ["cloudspec/oci/aidataplatform/create_content.rs"]);
}

/// A provider file is an input of every service that shares it: an edit there reruns the
/// generation, which rewrites the files of those services and no other.
#[test]
fn a_provider_file_edit_rewrites_the_services_that_share_it() {
    let temp = tempfile::tempdir().unwrap();
    let (specs, out, _) = generate_copy(temp.path());
    let tree = out.join("cloudspec");
    age(&tree);
    let before = snapshot(&tree);
    edit_line(
        &specs.join("tencent/provider.yaml"),
        "      - { code: NoSuchVersion,",
        "      - { code: NoSuchVersion, doc: \"The API version does not exist (edited by the build-script test).\" }",
    );
    builder(&specs, &out).generate().unwrap_or_else(|e| panic!("{e}"));
    let rewritten = changed(&before, &snapshot(&tree));
    assert!(!rewritten.is_empty(), "the edit reached the generated code");
    for path in &rewritten {
        assert!(path.starts_with("tencent/"), "only the Tencent services that share the file: {rewritten:?}");
    }
    for service in ["tencent/sts/", "tencent/wedata/"] {
        assert!(rewritten.iter().any(|p| p.starts_with(service)), "{service} in {rewritten:?}");
    }
}

#[test]
fn chosen_services_only_and_the_others_removed() {
    let temp = tempfile::tempdir().unwrap();
    let (specs, out, _) = generate_copy(temp.path());

    let chosen =
        builder(&specs, &out).services(["tencent/wedata", "huawei/codeartsrepo"]).generate().unwrap();
    assert_eq!(chosen.services, ["huawei/codeartsrepo", "tencent/wedata"], "in the specs' order");
    let tree = snapshot(&out.join("cloudspec"));
    let mut dirs: Vec<&str> = tree.keys().filter_map(|p| p.split_once('/').map(|(d, _)| d)).collect();
    dirs.dedup();
    assert_eq!(dirs, ["huawei", "tencent"], "the other providers' files are removed: {:?}", tree.keys());
    assert!(chosen.summary.removed.iter().any(|p| p == "alibaba/pds/create_file.rs"), "{:?}", chosen.summary);

    let error = builder(&specs, &out).services(["tencent/wedata", "tencent/nope"]).generate().unwrap_err();
    assert!(matches!(error, BuildError::UnknownService { .. }), "{error}");
    let text = error.to_string();
    assert!(text.contains("\"tencent/nope\"") && text.contains("alibaba/dataworks, alibaba/pds"), "{text}");
    let none = builder(&specs, &out).services(Vec::<String>::new()).generate().unwrap_err();
    assert!(matches!(none, BuildError::NoServiceSelected), "{none}");
}

/// A broken spec: the error's text is the rendered diagnostics without colour, its Debug (what
/// `expect` and `main` print) the same, and the module tree is left as it was.
#[test]
fn broken_spec_reports_rendered_diagnostics_and_writes_nothing() {
    let temp = tempfile::tempdir().unwrap();
    let (specs, out, _) = generate_copy(temp.path());
    age(&out);
    let before = snapshot(&out);

    let huawei = specs.join("huawei/codeartsrepo/create_file.yaml");
    let line = std::fs::read_to_string(&huawei).unwrap().lines().position(|l| l.starts_with("summary:"));
    edit_line(&huawei, "summary:", "summary: [not a string]");
    edit_line(&specs.join("tencent/wedata/create_code_file.yaml"), "operation:", "operation: 42 bad name");
    let error = builder(&specs, &out).generate().unwrap_err();
    let text = error.to_string();
    assert!(matches!(error, BuildError::Specs(_)), "{text}");
    let location = format!("specs/huawei/codeartsrepo/create_file.yaml:{}:", line.unwrap_or_default() + 1);
    assert!(text.contains(&location), "{location} in {text}");
    assert!(text.contains("specs/tencent/wedata/create_code_file.yaml:"), "every broken file: {text}");
    assert!(text.contains("2 problems found in the specs"), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour escapes: {text:?}");
    assert_eq!(format!("{error:?}"), text);
    assert_eq!(changed(&before, &snapshot(&out)), Vec::<String>::new());
}

#[test]
fn without_out_dir_the_error_says_what_to_do() {
    if std::env::var_os("OUT_DIR").is_some() {
        return; // Only meaningful where cargo did not set it, as for this test binary.
    }
    let error =
        Builder::new().specs(workspace().join("specs")).cargo_directives(false).generate().unwrap_err();
    assert!(matches!(error, BuildError::NoOutDir), "{error}");
    assert!(error.to_string().contains(".out_dir("), "{error}");
}

/// One `cargo build` of the downstream copy.
struct Build {
    output: Output,
    seconds: f64,
}

impl Build {
    fn text(&self) -> String {
        format!(
            "{}{}",
            String::from_utf8_lossy(&self.output.stdout),
            String::from_utf8_lossy(&self.output.stderr)
        )
    }

    /// The end of cargo's output, where a failure is explained: `-v` makes the whole of it long.
    fn tail(&self) -> String {
        let text = self.text();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }

    fn succeeded(self) -> Self {
        assert!(self.output.status.success(), "cargo build failed:\n{}", self.tail());
        self
    }
}

/// The downstream fixture copied into its own folder, built by cargo into a target folder that
/// outlives the test, so that its dependencies compile once per checkout.
struct Downstream {
    /// Holds the copy; removed on drop.
    _temp: tempfile::TempDir,
    dir: PathBuf,
    package: String,
    target: PathBuf,
    log: PathBuf,
}

impl Downstream {
    fn new() -> Self {
        // This test's own executable lives in <target>/<profile>/deps/: the fixture's target
        // folder goes beside the workspace's, wherever CARGO_TARGET_DIR put that.
        let exe = std::env::current_exe().unwrap();
        let target_root =
            exe.ancestors().nth(3).map_or_else(|| workspace().join("target"), Path::to_path_buf);
        let target = target_root.join("downstream-fixture");
        let crates = target.join("crates");
        std::fs::create_dir_all(&crates).unwrap();
        let temp = tempfile::Builder::new().prefix("run-").tempdir_in(&crates).unwrap();
        let dir = temp.path().join("downstream");
        copy_dir(&workspace().join("crates/codegen/tests/fixtures/downstream"), &dir);

        // Several test runs may share the target folder (engineers testing one checkout at
        // once). Under one package name they would rebuild it in turn, each time from another
        // copy, and see each other's builds as changes; a name of its own keeps a run's builds
        // its own, while the dependencies, the same in every run, are shared.
        let suffix: String = temp.path().file_name().unwrap().to_string_lossy().to_lowercase();
        let package = format!("downstream-{}", suffix.replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
        let manifest = dir.join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest).unwrap();
        let absolute = format!("\"{}/", workspace().canonicalize().unwrap().display());
        assert_eq!(text.matches("\"../../../../../").count(), 2, "two path dependencies in {text}");
        assert_eq!(text.matches("name = \"downstream\"").count(), 2, "package and lib names in {text}");
        let text = text.replace("\"../../../../../", &absolute).replacen(
            "name = \"downstream\"",
            &format!("name = \"{package}\""),
            1,
        );
        std::fs::write(&manifest, text).unwrap();
        // The workspace's versions, which are in the local registry cache (the build is offline).
        std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
        let log = temp.path().join("build-script-runs.log");
        Downstream { _temp: temp, dir, package, target, log }
    }

    fn cargo(&self, args: &[&str]) -> Build {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let started = Instant::now();
        let output = Command::new(cargo)
            .args(args)
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", &self.target)
            .env("CARGO_TERM_COLOR", "never")
            // Incremental caches would take hundreds of MB for crates built once per run.
            .env("CARGO_INCREMENTAL", "0")
            .env("CLOUDSPEC_FIXTURE_RUN_LOG", &self.log)
            .output()
            .unwrap();
        Build { output, seconds: started.elapsed().as_secs_f64() }
    }

    /// `-v` lists each unit as `Fresh` or `Compiling`, with the reason it is dirty.
    fn build(&self) -> Build {
        self.cargo(&["build", "--offline", "-v"])
    }

    /// Each run of the build script: the module tree it wrote to, and the files it wrote.
    fn runs(&self) -> Vec<(PathBuf, String)> {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        text.lines()
            .map(|line| {
                let (module, written) = line.split_once('\t').unwrap_or((line, ""));
                (PathBuf::from(module), written.to_owned())
            })
            .collect()
    }

    fn executable(&self) -> PathBuf {
        self.target.join("debug").join(format!("{}{}", self.package, std::env::consts::EXE_SUFFIX))
    }
}

impl Drop for Downstream {
    /// Removes this run's own build outputs (the shared dependencies stay); best effort. The
    /// copy itself goes with `_temp`, dropped after this.
    fn drop(&mut self) {
        let _ = self.cargo(&["clean", "--offline", "-p", &self.package]);
    }
}

/// The whole build-script promise, through cargo: the generated client compiles without warnings
/// in a crate of its own and works; an untouched rebuild does not run the script, an edit
/// elsewhere does not either, a spec edit does and rewrites that operation's file only, a new
/// file in a spec folder reruns it without rewriting anything, and a broken spec fails the build
/// with the rendered diagnostics.
#[test]
fn downstream_crate_generates_at_build_time_and_reruns_only_on_spec_changes() {
    let crate_ = Downstream::new();

    let mut first = crate_.build();
    if !first.output.status.success() && first.text().contains("--offline") {
        // A checkout that has built only part of the workspace may lack some of its crates in
        // the local registry cache: fetch them once through the configured registry.
        let fetch = crate_.cargo(&["fetch"]);
        assert!(fetch.output.status.success(), "cargo fetch failed:\n{}", fetch.tail());
        first = crate_.build();
    }
    let first = first.succeeded();
    let text = first.text();
    eprintln!("downstream: first build {:.1} s", first.seconds);
    let runs = crate_.runs();
    assert_eq!(runs.len(), 1, "the build script ran once:\n{}", first.tail());
    let tree = runs[0].0.parent().unwrap().to_path_buf();
    // Cargo sums up each unit's warnings as "warning: `<package>` (lib) generated N warnings".
    let warned = format!("warning: `{}`", crate_.package);
    assert!(!text.contains(&warned), "the generated code compiles without warnings:\n{}", first.tail());
    let run = Command::new(crate_.executable()).output().unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{stdout}{}", String::from_utf8_lossy(&run.stderr));
    assert!(stdout.contains("endpoint: http://127.0.0.1:9/"), "{stdout}");
    assert!(stdout.contains(r#""file_path":"docs/README.md""#), "the generated serde derives: {stdout}");
    assert!(
        stdout.contains("rejected: invalid request: `repository_id`"),
        "the generated validation: {stdout}"
    );
    age(&tree);
    let generated = snapshot(&tree);

    let second = crate_.build().succeeded();
    eprintln!("downstream: untouched rebuild {:.1} s", second.seconds);
    assert_eq!(crate_.runs().len(), 1, "nothing changed, the script does not rerun:\n{}", second.tail());
    assert!(second.text().contains("Fresh downstream"), "{}", second.tail());

    // Package files other than the specs: cargo recompiles the crate but not the script.
    let lib = crate_.dir.join("src/lib.rs");
    let source = std::fs::read_to_string(&lib).unwrap();
    std::fs::write(&lib, format!("{source}// edited by the test\n")).unwrap();
    std::fs::write(crate_.dir.join("NOTES.txt"), "not a spec\n").unwrap();
    let unrelated = crate_.build().succeeded();
    assert_eq!(crate_.runs().len(), 1, "only spec files are watched:\n{}", unrelated.tail());
    assert!(unrelated.text().contains("Compiling downstream"), "{}", unrelated.tail());
    assert_eq!(changed(&generated, &snapshot(&tree)), Vec::<String>::new());

    let spec = crate_.dir.join("specs/huawei/codeartsrepo/create_file.yaml");
    edit_line(&spec, "doc:", "doc: This API creates a file (edited by the build-script test).");
    let edited = crate_.build().succeeded();
    eprintln!("downstream: rebuild after a spec edit {:.1} s", edited.seconds);
    let runs = crate_.runs();
    assert_eq!(runs.len(), 2, "the spec changed, the script reruns:\n{}", edited.tail());
    assert_eq!(runs[1].1, "huawei/codeartsrepo/create_file.rs", "only the operation's file is written");
    assert_eq!(changed(&generated, &snapshot(&tree)), ["huawei/codeartsrepo/create_file.rs"]);
    let op_file = std::fs::read_to_string(tree.join("huawei/codeartsrepo/create_file.rs")).unwrap();
    assert!(op_file.contains("(edited by the build-script test)"), "{op_file}");
    let generated = snapshot(&tree);

    // A new file in a watched folder: the folder's mtime changes, the script reruns, and since
    // the loader ignores the file, nothing is written.
    std::fs::write(crate_.dir.join("specs/huawei/codeartsrepo/NOTES.md"), "notes\n").unwrap();
    let added = crate_.build().succeeded();
    let runs = crate_.runs();
    assert_eq!(runs.len(), 3, "a new file in a spec folder reruns the script:\n{}", added.tail());
    assert_eq!(runs[2].1, "", "and writes nothing");
    assert_eq!(changed(&generated, &snapshot(&tree)), Vec::<String>::new());

    let good = std::fs::read_to_string(&spec).unwrap();
    let line = good.lines().position(|l| l.starts_with("summary:")).unwrap() + 1;
    edit_line(&spec, "summary:", "summary: [not a string]");
    let broken = crate_.build();
    let text = broken.tail();
    assert!(!broken.output.status.success(), "a broken spec fails the build:\n{text}");
    let location = format!("specs/huawei/codeartsrepo/create_file.yaml:{line}:");
    assert!(text.contains(&location), "the diagnostic names {location}:\n{text}");
    assert!(text.contains("1 problem found in the specs"), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour escapes: {text:?}");
    assert_eq!(changed(&generated, &snapshot(&tree)), Vec::<String>::new(), "a failed run writes nothing");

    std::fs::write(&spec, good).unwrap();
    crate_.build().succeeded();
    assert_eq!(
        changed(&generated, &snapshot(&tree)),
        Vec::<String>::new(),
        "fixed: the same files as before"
    );
}
