//! Finding spec files and parsing them into the spec model, with located errors.
//!
//! Layout: `<root>/<provider>/<service>/service.yaml` plus one `<operation>.yaml` per operation
//! beside it. Every file is parsed even when an earlier one failed, so one run reports them all.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::de::DeserializeOwned;

use super::located::Pos;
use super::model::{OperationSpec, ServiceSpec};
use crate::diagnostic::{Diagnostic, Diagnostics, SourceFile};

/// Spec files larger than this are refused before parsing: no real operation comes close, and a
/// runaway file must not exhaust memory.
pub const MAX_SPEC_BYTES: usize = 4 * 1024 * 1024;

/// Every service found under a specs root.
#[derive(Debug, Clone)]
pub struct SpecTree {
    pub root: PathBuf,
    pub services: Vec<ServiceSource>,
}

#[derive(Debug, Clone)]
pub struct ServiceSource {
    /// The folder names, which the spec must repeat.
    pub provider_dir: String,
    pub service_dir: String,
    pub file: SourceFile,
    pub spec: ServiceSpec,
    pub operations: Vec<OperationSource>,
}

#[derive(Debug, Clone)]
pub struct OperationSource {
    pub file: SourceFile,
    pub spec: OperationSpec,
}

impl SpecTree {
    /// Every spec file and folder that was read, for `cargo:rerun-if-changed`.
    pub fn inputs(&self) -> Vec<PathBuf> {
        let mut inputs = vec![self.root.clone()];
        for service in &self.services {
            if let Some(dir) = service.file.path.parent() {
                inputs.push(dir.to_path_buf());
            }
            inputs.push(service.file.path.clone());
            inputs.extend(service.operations.iter().map(|op| op.file.path.clone()));
        }
        inputs
    }
}

/// Loads every spec under `root`, or returns every problem found.
pub fn load(root: &Path) -> Result<SpecTree, Diagnostics> {
    let (tree, diagnostics) = load_partial(root);
    if diagnostics.is_empty() { Ok(tree) } else { Err(diagnostics) }
}

/// Loads what can be loaded: the services whose files all parsed, and the problems of the rest.
/// Callers check the partial tree too, so one run reports every problem, not only parse errors.
pub fn load_partial(root: &Path) -> (SpecTree, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let mut services = Vec::new();
    let root_file = pseudo_file(root, root);

    let providers = match sorted_entries(root) {
        Ok(entries) => entries,
        Err(error) => {
            diagnostics.push(
                Diagnostic::new(&root_file, Pos::default(), format!("cannot read the specs folder: {error}"))
                    .hint("pass the folder that holds <provider>/<service>/*.yaml with --specs"),
            );
            return (SpecTree { root: root.to_path_buf(), services }, diagnostics);
        }
    };

    for provider in providers {
        if !provider.is_dir() {
            if is_yaml(&provider) {
                let file = pseudo_file(root, &provider);
                diagnostics.push(
                    Diagnostic::new(
                        &file,
                        Pos::default(),
                        "spec file outside a <provider>/<service>/ folder",
                    )
                    .hint("move it to <provider>/<service>/; every operation belongs to a service"),
                );
            }
            continue;
        }
        let Ok(service_dirs) = sorted_entries(&provider) else { continue };
        for service_dir in service_dirs {
            if !service_dir.is_dir() {
                if is_yaml(&service_dir) {
                    let file = pseudo_file(root, &service_dir);
                    diagnostics.push(
                        Diagnostic::new(
                            &file,
                            Pos::default(),
                            "spec file outside a <provider>/<service>/ folder",
                        )
                        .hint("move it into a service folder beside that service's service.yaml"),
                    );
                }
                continue;
            }
            if let Some(service) = load_service(root, &service_dir, &mut diagnostics) {
                services.push(service);
            }
        }
    }

    if services.is_empty() && diagnostics.is_empty() {
        diagnostics.push(
            Diagnostic::new(&root_file, Pos::default(), "no service found in the specs folder")
                .hint("a service is a folder <provider>/<service>/ holding service.yaml"),
        );
    }
    (SpecTree { root: root.to_path_buf(), services }, diagnostics.sorted())
}

fn load_service(root: &Path, dir: &Path, diagnostics: &mut Diagnostics) -> Option<ServiceSource> {
    let entries = sorted_entries(dir).ok()?;
    let service_path = dir.join("service.yaml");
    let mut operation_files = Vec::new();
    for entry in entries {
        if entry.is_file() && is_yaml(&entry) && entry != service_path {
            operation_files.push(entry);
        }
    }

    let service = if service_path.is_file() {
        read_and_parse::<ServiceSpec>(root, &service_path, diagnostics)
    } else {
        if !operation_files.is_empty() {
            let file = pseudo_file(root, dir);
            diagnostics.push(
                Diagnostic::new(&file, Pos::default(), "service folder without service.yaml").hint(
                    "add service.yaml with provider, service, protocol, api_version, endpoint and auth",
                ),
            );
        }
        None
    };
    let operations: Vec<OperationSource> = operation_files
        .iter()
        .filter_map(|path| {
            read_and_parse::<OperationSpec>(root, path, diagnostics)
                .map(|(file, spec)| OperationSource { file, spec })
        })
        .collect();

    let (file, spec) = service?;
    Some(ServiceSource {
        provider_dir: dir_name(dir.parent()?),
        service_dir: dir_name(dir),
        file,
        spec,
        operations,
    })
}

fn read_and_parse<T: DeserializeOwned>(
    root: &Path,
    path: &Path,
    diagnostics: &mut Diagnostics,
) -> Option<(SourceFile, T)> {
    let name = display_name(root, path);
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            let file = SourceFile { name, path: path.to_path_buf(), text: Arc::from("") };
            diagnostics.push(Diagnostic::new(
                &file,
                Pos::default(),
                format!("cannot read the file: {error}"),
            ));
            return None;
        }
    };
    match parse::<T>(name, path, bytes) {
        Ok(parsed) => Some(parsed),
        Err(diagnostic) => {
            diagnostics.push(*diagnostic);
            None
        }
    }
}

/// Parses one file's bytes. Public so that the fuzz target and property tests reach exactly the
/// code a real run does.
pub fn parse<T: DeserializeOwned>(
    name: Arc<str>,
    path: &Path,
    bytes: Vec<u8>,
) -> Result<(SourceFile, T), Box<Diagnostic>> {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let file = SourceFile { name, path: path.to_path_buf(), text: Arc::from(lossy.as_str()) };
            let prefix = &lossy[..valid.min(lossy.len())];
            let line = prefix.matches('\n').count() as u64 + 1;
            let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
            let pos = Pos { line, column, offset: valid, len: 1 };
            return Err(Box::new(
                Diagnostic::new(&file, pos, "the file is not valid UTF-8")
                    .label("invalid byte sequence starts here")
                    .hint("save the spec as UTF-8; paste non-ASCII text from the docs page as-is"),
            ));
        }
    };
    let file = SourceFile { name, path: path.to_path_buf(), text: Arc::from(text.as_str()) };
    if text.len() > MAX_SPEC_BYTES {
        return Err(Box::new(
            Diagnostic::new(
                &file,
                Pos { line: 1, column: 1, offset: 0, len: 0 },
                format!(
                    "the file is {} bytes, over the {MAX_SPEC_BYTES}-byte limit for one spec",
                    text.len()
                ),
            )
            .hint("split it: one file per operation, shared types in service.yaml"),
        ));
    }
    if text.trim().is_empty()
        || text.lines().all(|line| line.trim().is_empty() || line.trim_start().starts_with('#'))
    {
        return Err(Box::new(
            Diagnostic::new(&file, Pos { line: 1, column: 1, offset: 0, len: 0 }, "the file is empty")
                .label("no YAML document here")
                .hint("write the spec (specs/README.md shows its sections), or delete the file"),
        ));
    }
    match serde_saphyr::from_str_with_options::<T>(&text, options()) {
        Ok(value) => Ok((file, value)),
        Err(error) => Err(Box::new(yaml_diagnostic(&file, &error))),
    }
}

fn options() -> serde_saphyr::Options {
    // YAML merge keys would let one mapping's fields come from elsewhere; specs are written to
    // be read top to bottom, so they are refused.
    serde_saphyr::options! {
        merge_keys: serde_saphyr::MergeKeyPolicy::Error,
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::Error,
    }
}

/// Turns a YAML or shape error into a diagnostic with a hint written for spec authors.
fn yaml_diagnostic(file: &SourceFile, error: &serde_saphyr::Error) -> Diagnostic {
    let location = error.location();
    let (line, column) = location.map_or((1, 1), |l| (l.line().max(1), l.column().max(1)));
    let span = location.map(|l| l.span());
    let pos = Pos {
        line,
        column,
        offset: span.and_then(|s| s.byte_offset()).unwrap_or(0) as usize,
        len: span.and_then(|s| s.byte_len()).unwrap_or(0) as usize,
    };
    let message = first_line(&error.without_snippet().to_string());
    let hint = super::hints::hint_for(&message, &file.text, pos);
    Diagnostic::new(file, pos, message).hint(hint)
}

fn first_line(text: &str) -> String {
    let text = text.trim();
    // serde-saphyr appends " at line X column Y"; the location is reported separately.
    let line = text.lines().next().unwrap_or(text);
    match line.rfind(" at line ") {
        Some(i) => line[..i].to_owned(),
        None => line.to_owned(),
    }
}

fn sorted_entries(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut entries = std::fs::read_dir(dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| !dir_name(path).starts_with('.'))
        .collect::<Vec<_>>();
    entries.sort();
    Ok(entries)
}

fn is_yaml(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
}

fn dir_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn display_name(root: &Path, path: &Path) -> Arc<str> {
    let shown = match path.strip_prefix(root) {
        Ok(relative) if !relative.as_os_str().is_empty() => {
            let root_name = root.file_name().map(|n| n.to_string_lossy().into_owned());
            match root_name {
                Some(root_name) => Path::new(&root_name).join(relative),
                None => relative.to_path_buf(),
            }
        }
        _ => path.to_path_buf(),
    };
    Arc::from(shown.to_string_lossy().replace('\\', "/").as_str())
}

fn pseudo_file(root: &Path, path: &Path) -> SourceFile {
    SourceFile { name: display_name(root, path), path: path.to_path_buf(), text: Arc::from("") }
}
