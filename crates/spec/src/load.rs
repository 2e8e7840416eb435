//! Finding spec files and parsing them into the spec model, with located errors.
//!
//! Layout: `<root>/<provider>/<service>/service.yaml` plus one `<operation>.yaml` per operation
//! beside it, and optionally `<root>/<provider>/provider.yaml` with what the provider's services
//! share. Every file is parsed even when an earlier one failed, so one run reports them all.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::de::DeserializeOwned;

use super::located::{Pos, Positions};
use super::model::{OperationSpec, ProviderSpec, ServiceSpec};
use crate::diagnostic::{Diagnostic, Diagnostics, SourceFile};
use crate::parallel;

/// Spec files larger than this are refused before parsing: no real operation comes close, and a
/// runaway file must not exhaust memory.
pub const MAX_SPEC_BYTES: usize = 4 * 1024 * 1024;

/// The file in a provider folder that holds what the provider's services share.
pub const PROVIDER_FILE: &str = "provider.yaml";

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
    /// The provider folder's `provider.yaml`, when it has one that parses: every service of the
    /// provider shares the one file.
    pub shared: Option<Arc<ProviderSource>>,
}

/// A parsed `<provider>/provider.yaml`.
#[derive(Debug, Clone)]
pub struct ProviderSource {
    /// The folder name, which the file must repeat.
    pub provider_dir: String,
    pub file: SourceFile,
    pub spec: ProviderSpec,
}

#[derive(Debug, Clone)]
pub struct OperationSource {
    pub file: SourceFile,
    pub spec: OperationSpec,
}

/// Loads every spec under `root`, or returns every problem found.
pub fn load(root: &Path) -> Result<SpecTree, Diagnostics> {
    let (tree, diagnostics) = load_partial(root);
    if diagnostics.is_empty() { Ok(tree) } else { Err(diagnostics) }
}

/// Loads what can be loaded: the services whose files all parsed, and the problems of the rest.
/// Callers check the partial tree too, so one run reports every problem, not only parse errors.
///
/// The folders are walked first, then every spec file is parsed (on several threads for a large
/// tree), then the services are put together in the walk's order: the tree and the diagnostics
/// are the same, in the same order, however many threads parsed.
pub fn load_partial(root: &Path) -> (SpecTree, Diagnostics) {
    load_partial_on(root, parallel::available_threads())
}

/// [`load_partial`] without positions: every `pos` in the tree is the default, and so are those
/// of the diagnostics. For a caller that needs positions only when there is a problem to report,
/// and then loads again with [`load_partial`] (which gives the same tree, located): serde-saphyr's
/// located path costs about 5 % of a parse (callgrind, docs/performance.md).
pub fn load_partial_without_positions(root: &Path) -> (SpecTree, Diagnostics) {
    Positions::Skipped.during(|| load_partial(root))
}

/// `load_partial` with parsing on at most `max_threads` threads: the result is the same for any
/// number (the xtask crate's tests compare them on synthetic trees).
pub fn load_partial_on(root: &Path, max_threads: usize) -> (SpecTree, Diagnostics) {
    if root.is_file() {
        return load_one_file(root);
    }
    let mut diagnostics = Diagnostics::default();
    let root_file = pseudo_file(root, root);

    let providers = match sorted_entries(root) {
        Ok(entries) => entries,
        Err(error) => {
            diagnostics.push(
                Diagnostic::new(&root_file, Pos::default(), format!("cannot read the specs folder: {error}"))
                    .label("not readable")
                    .hint("pass the folder that holds <provider>/<service>/*.yaml with --specs"),
            );
            return (SpecTree { root: root.to_path_buf(), services: Vec::new() }, diagnostics);
        }
    };

    let services = load_providers(root, providers, max_threads, &mut diagnostics);
    if services.is_empty() && diagnostics.is_empty() {
        diagnostics.push(
            Diagnostic::new(&root_file, Pos::default(), "no service found in the specs folder")
                .label("no <provider>/<service>/service.yaml in this folder")
                .hint("a service is a folder <provider>/<service>/ holding service.yaml"),
        );
    }
    (SpecTree { root: root.to_path_buf(), services }, diagnostics.sorted())
}

/// The services of the provider folders `providers` (under `root`, which names are shown from).
fn load_providers(
    root: &Path,
    providers: Vec<PathBuf>,
    max_threads: usize,
    diagnostics: &mut Diagnostics,
) -> Vec<ServiceSource> {
    let found = walk(root, providers);
    let parsed = parse_files(root, &files_to_parse(&found), max_threads);
    // Provider files are few (one per provider) and small: parsed here, on this thread.
    let shared = parse_provider_files(root, &found);
    assemble(found, parsed, shared, diagnostics)
}

/// Below this many spec files, parsing stays on the calling thread. A file parses in 0.1–0.2 ms
/// and a thread starts in tens of µs, so two threads win from about 5 files on, but little:
/// measured on 2 cores (synthetic trees), 9 files load in 1.25 ms on one thread and 0.96 ms on
/// two, 33 files in 4.6 and 2.7 ms, 10,000 in 1.17 s and 0.62 s. Below 32 files (this repository's
/// specs are 10) the millisecond saved is not worth a thread in a build script, where cargo
/// runs other jobs on the other cores.
const PARALLEL_FROM_FILES: usize = 32;

/// What the walk of a specs folder found, in the order it found it.
enum Found {
    /// A problem known without parsing: a spec file outside a service folder, a service folder
    /// without `service.yaml`.
    Problem(Diagnostic),
    /// A provider folder's `provider.yaml`.
    Provider(PathBuf),
    Service(ServiceFolder),
}

/// A `<provider>/<service>/` folder and the spec files in it.
struct ServiceFolder {
    dir: PathBuf,
    service_file: Option<PathBuf>,
    operation_files: Vec<PathBuf>,
}

/// One file to parse, and as what.
struct SpecFile<'a> {
    path: &'a Path,
    kind: SpecKind,
}

#[derive(Clone, Copy)]
enum SpecKind {
    Service,
    Operation,
}

/// A parsed file, or the one problem that stopped it.
type Parsed<T> = Result<(SourceFile, T), Box<Diagnostic>>;

/// Both boxed: the specs are hundreds of bytes, and the two differ in size by as much.
enum ParsedFile {
    Service(Box<Parsed<ServiceSpec>>),
    Operation(Box<Parsed<OperationSpec>>),
}

/// Every parsed file, by kind, each list in the order of `files_to_parse`.
#[derive(Default)]
struct ParsedFiles {
    services: Vec<Parsed<ServiceSpec>>,
    operations: Vec<Parsed<OperationSpec>>,
}

/// Lists the service folders under the provider folders, and the stray spec files beside them.
fn walk(root: &Path, providers: Vec<PathBuf>) -> Vec<Found> {
    let mut found = Vec::new();
    for provider in providers {
        if !provider.is_dir() {
            if is_yaml(&provider) {
                found.push(Found::Problem(stray_spec_file(
                    root,
                    &provider,
                    "move it to <provider>/<service>/; every operation belongs to a service",
                )));
            }
            continue;
        }
        let Ok(service_dirs) = sorted_entries(&provider) else { continue };
        let provider_file = provider.join(PROVIDER_FILE);
        if provider_file.is_file() {
            found.push(Found::Provider(provider_file.clone()));
        }
        for service_dir in service_dirs {
            if service_dir == provider_file {
                continue;
            }
            if !service_dir.is_dir() {
                if is_yaml(&service_dir) {
                    found.push(Found::Problem(stray_spec_file(
                        root,
                        &service_dir,
                        "move it into a service folder beside that service's service.yaml; the only \
                         file a provider folder holds is provider.yaml",
                    )));
                }
                continue;
            }
            find_service_folder(root, service_dir, &mut found);
        }
    }
    found
}

fn stray_spec_file(root: &Path, path: &Path, hint: &str) -> Diagnostic {
    let file = file_for_snippet(root, path);
    Diagnostic::new(&file, FIRST_LINE, "spec file outside a <provider>/<service>/ folder")
        .label("not in a service folder")
        .hint(hint)
}

/// Adds the service folder `dir` to `found`, after the problem of a missing `service.yaml`.
fn find_service_folder(root: &Path, dir: PathBuf, found: &mut Vec<Found>) {
    let Ok(entries) = sorted_entries(&dir) else { return };
    let service_path = dir.join("service.yaml");
    let operation_files: Vec<PathBuf> = entries
        .into_iter()
        .filter(|entry| entry.is_file() && is_yaml(entry) && *entry != service_path)
        .collect();
    let service_file = service_path.is_file().then_some(service_path);
    if service_file.is_none()
        && let Some(first) = operation_files.first()
    {
        found.push(Found::Problem(missing_service_file(root, first, operation_files.len() - 1)));
    }
    found.push(Found::Service(ServiceFolder { dir, service_file, operation_files }));
}

/// Reported once per folder, on its first operation file: a folder has no text to show.
fn missing_service_file(root: &Path, first: &Path, other_files: usize) -> Diagnostic {
    let file = file_for_snippet(root, first);
    let others = match other_files {
        0 => String::new(),
        1 => " (and 1 other operation file)".to_owned(),
        n => format!(" (and {n} other operation files)"),
    };
    Diagnostic::new(&file, FIRST_LINE, format!("service folder without service.yaml{others}"))
        .label("no service.yaml beside this operation")
        .hint("add service.yaml with provider, service, protocol, api_version, endpoint and auth")
}

/// Every spec file of the service folders: each `service.yaml`, then its operation files.
fn files_to_parse(found: &[Found]) -> Vec<SpecFile<'_>> {
    let mut files = Vec::new();
    for item in found {
        let Found::Service(folder) = item else { continue };
        if let Some(path) = &folder.service_file {
            files.push(SpecFile { path, kind: SpecKind::Service });
        }
        files.extend(folder.operation_files.iter().map(|path| SpecFile { path, kind: SpecKind::Operation }));
    }
    files
}

/// Reads and parses `files`, on up to `max_threads` threads when there are enough files to pay.
fn parse_files(root: &Path, files: &[SpecFile], max_threads: usize) -> ParsedFiles {
    let threads = parallel::threads_for(files.len(), PARALLEL_FROM_FILES, max_threads);
    let mut parsed = ParsedFiles::default();
    // The workers parse in the calling thread's mode (with or without positions).
    let positions = Positions::current();
    for file in parallel::map_in_order(files, threads, |file| positions.during(|| parse_file(root, file))) {
        match file {
            ParsedFile::Service(service) => parsed.services.push(*service),
            ParsedFile::Operation(operation) => parsed.operations.push(*operation),
        }
    }
    parsed
}

fn parse_file(root: &Path, file: &SpecFile) -> ParsedFile {
    let name = display_name(root, file.path);
    match file.kind {
        SpecKind::Service => ParsedFile::Service(Box::new(read_and_parse_file(name, file.path))),
        SpecKind::Operation => ParsedFile::Operation(Box::new(read_and_parse_file(name, file.path))),
    }
}

/// Each provider file the walk found, parsed, by its provider folder.
fn parse_provider_files(root: &Path, found: &[Found]) -> Vec<(PathBuf, Parsed<ProviderSpec>)> {
    found
        .iter()
        .filter_map(|item| match item {
            Found::Provider(path) => {
                Some((path.clone(), read_and_parse_file(display_name(root, path), path)))
            }
            _ => None,
        })
        .collect()
}

/// Puts each service folder's parsed files together, in the walk's order, and reports the
/// problems in the order a file-by-file run meets them.
fn assemble(
    found: Vec<Found>,
    parsed: ParsedFiles,
    provider_files: Vec<(PathBuf, Parsed<ProviderSpec>)>,
    diagnostics: &mut Diagnostics,
) -> Vec<ServiceSource> {
    let mut service_files = parsed.services.into_iter();
    let mut operation_files = parsed.operations.into_iter();
    let mut provider_files = provider_files.into_iter();
    // The provider file of the provider folder being assembled: the walk lists it before the
    // provider's service folders.
    let mut shared: Option<(PathBuf, Arc<ProviderSource>)> = None;
    let mut services = Vec::new();
    for item in found {
        match item {
            Found::Problem(diagnostic) => diagnostics.push(diagnostic),
            Found::Provider(_) => {
                shared = provider_files.next().and_then(|(path, parsed)| {
                    let (file, spec) = keep_parsed(parsed, diagnostics)?;
                    let dir = path.parent()?.to_path_buf();
                    let source = ProviderSource { provider_dir: dir_name(&dir), file, spec };
                    Some((dir, Arc::new(source)))
                });
            }
            Found::Service(folder) => {
                let service = match folder.service_file {
                    Some(_) => service_files.next().and_then(|parsed| keep_parsed(parsed, diagnostics)),
                    None => None,
                };
                let operations: Vec<OperationSource> = operation_files
                    .by_ref()
                    .take(folder.operation_files.len())
                    .filter_map(|parsed| keep_parsed(parsed, diagnostics))
                    .map(|(file, spec)| OperationSource { file, spec })
                    .collect();
                let provider_shared = shared
                    .as_ref()
                    .filter(|(dir, _)| folder.dir.parent() == Some(dir.as_path()))
                    .map(|(_, source)| source.clone());
                if let Some(service) = service_source(&folder.dir, service, operations, provider_shared) {
                    services.push(service);
                }
            }
        }
    }
    services
}

fn service_source(
    dir: &Path,
    service: Option<(SourceFile, ServiceSpec)>,
    operations: Vec<OperationSource>,
    shared: Option<Arc<ProviderSource>>,
) -> Option<ServiceSource> {
    let (file, spec) = service?;
    Some(ServiceSource {
        provider_dir: dir_name(dir.parent()?),
        service_dir: dir_name(dir),
        file,
        spec,
        operations,
        shared,
    })
}

/// The parsed file, or `None` with its problem added to `diagnostics`.
fn keep_parsed<T>(parsed: Parsed<T>, diagnostics: &mut Diagnostics) -> Option<(SourceFile, T)> {
    match parsed {
        Ok(parsed) => Some(parsed),
        Err(diagnostic) => {
            diagnostics.push(*diagnostic);
            None
        }
    }
}

/// One service given as bytes rather than files: `service.yaml` and `(file name, bytes)` per
/// operation, shown as `<provider>/<service>/<file>`. The same parsing (and, through
/// `ir::lower`, the same checks) as files on disk, without I/O: the entry point of the fuzz
/// target and the property tests, which try far more inputs than a disk round trip allows.
pub fn load_service_bytes(
    provider: &str,
    service: &str,
    service_yaml: Vec<u8>,
    operations: Vec<(String, Vec<u8>)>,
) -> (SpecTree, Diagnostics) {
    load_shared_service_bytes(provider, service, None, service_yaml, operations)
}

/// [`load_service_bytes`] with the bytes of the provider's `provider.yaml` (shown as
/// `<provider>/provider.yaml`), which the service shares as it would on disk.
pub fn load_shared_service_bytes(
    provider: &str,
    service: &str,
    provider_yaml: Option<Vec<u8>>,
    service_yaml: Vec<u8>,
    operations: Vec<(String, Vec<u8>)>,
) -> (SpecTree, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let shared = provider_yaml.and_then(|bytes| {
        let shown = Arc::from(format!("{provider}/{PROVIDER_FILE}").as_str());
        let path = Path::new(provider).join(PROVIDER_FILE);
        let (file, spec) = keep_parsed(parse::<ProviderSpec>(shown, &path, bytes), &mut diagnostics)?;
        Some(Arc::new(ProviderSource { provider_dir: provider.to_owned(), file, spec }))
    });
    let named = |name: &str| {
        (
            Path::new(provider).join(service).join(name),
            Arc::from(format!("{provider}/{service}/{name}").as_str()),
        )
    };
    let (path, shown) = named("service.yaml");
    let parsed_service = match parse::<ServiceSpec>(shown, &path, service_yaml) {
        Ok(parsed) => Some(parsed),
        Err(diagnostic) => {
            diagnostics.push(*diagnostic);
            None
        }
    };
    let mut sources = Vec::new();
    for (name, bytes) in operations {
        let (path, shown) = named(&name);
        match parse::<OperationSpec>(shown, &path, bytes) {
            Ok((file, spec)) => sources.push(OperationSource { file, spec }),
            Err(diagnostic) => diagnostics.push(*diagnostic),
        }
    }
    let services = parsed_service
        .map(|(file, spec)| ServiceSource {
            provider_dir: provider.to_owned(),
            service_dir: service.to_owned(),
            file,
            spec,
            operations: sources,
            shared,
        })
        .into_iter()
        .collect();
    (SpecTree { root: PathBuf::from(provider), services }, diagnostics.sorted())
}

/// `--specs` naming one file checks that file alone: one page's spec while it is written, or one
/// case of the diagnostics corpus. `service.yaml` is a service without operations. Any other
/// file is an operation, checked within the `service.yaml` beside it, whose protocol and types
/// most rules need; without one only its YAML and shape can be checked, and that is reported so
/// that `lint` never passes a file it could not check. Names are shown relative to the file's
/// folder.
fn load_one_file(path: &Path) -> (SpecTree, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let dir = path.parent().unwrap_or(Path::new(""));
    // `provider:`/`service:` are compared with folder names, which a relative path such as
    // `service.yaml` does not spell out.
    let absolute = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let service_path = dir.join("service.yaml");
    let is_service = path.file_name().is_some_and(|name| name == "service.yaml");
    if path.file_name().is_some_and(|name| name == PROVIDER_FILE) {
        // A provider file's definitions are checked with the services that share them: its whole
        // provider folder is loaded, names shown from the folder above.
        let file = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let provider_dir = file.parent().unwrap_or(Path::new("")).to_path_buf();
        let root = provider_dir.parent().unwrap_or(Path::new("")).to_path_buf();
        let services = load_providers(&root, vec![provider_dir], 1, &mut diagnostics);
        return (SpecTree { root: path.to_path_buf(), services }, diagnostics.sorted());
    }

    let operation = if is_service {
        None
    } else {
        read_and_parse_as::<OperationSpec>(shown_file_name(path), path, &mut diagnostics)
            .map(|(file, spec)| OperationSource { file, spec })
    };
    let mut services = Vec::new();
    if service_path.is_file() {
        if let Some((file, spec)) =
            read_and_parse_as::<ServiceSpec>(shown_file_name(&service_path), &service_path, &mut diagnostics)
        {
            // The provider file one folder up, as the service has it in a whole tree.
            let provider_path = dir.join("..").join(PROVIDER_FILE);
            let shared = provider_path
                .is_file()
                .then(|| {
                    let name = Arc::from(format!("../{PROVIDER_FILE}").as_str());
                    read_and_parse_as::<ProviderSpec>(name, &provider_path, &mut diagnostics)
                })
                .flatten()
                .map(|(file, spec)| {
                    let provider_dir = absolute.parent().map(dir_name).unwrap_or_default();
                    Arc::new(ProviderSource { provider_dir, file, spec })
                });
            services.push(ServiceSource {
                provider_dir: absolute.parent().map(dir_name).unwrap_or_default(),
                service_dir: dir_name(&absolute),
                file,
                spec,
                operations: operation.into_iter().collect(),
                shared,
            });
        }
    } else if let Some(operation) = operation {
        diagnostics.push(
            Diagnostic::new(&operation.file, FIRST_LINE, "no service.yaml beside this operation file")
                .label("only its YAML and shape were checked")
                .hint(
                    "put it in <provider>/<service>/ beside its service.yaml, or lint the whole specs folder",
                ),
        );
    }
    (SpecTree { root: path.to_path_buf(), services }, diagnostics.sorted())
}

fn read_and_parse_as<T: DeserializeOwned>(
    name: Arc<str>,
    path: &Path,
    diagnostics: &mut Diagnostics,
) -> Option<(SourceFile, T)> {
    keep_parsed(read_and_parse_file(name, path), diagnostics)
}

fn read_and_parse_file<T: DeserializeOwned>(name: Arc<str>, path: &Path) -> Parsed<T> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            let file = SourceFile { name, path: path.to_path_buf(), text: Arc::from("") };
            return Err(Box::new(
                Diagnostic::new(&file, Pos::default(), format!("cannot read the file: {error}"))
                    .label("not readable")
                    .hint("check that the file exists and is readable"),
            ));
        }
    };
    parse::<T>(name, path, bytes)
}

/// Parses one file's bytes. Public so that the fuzz target and property tests reach exactly the
/// code a real run does.
pub fn parse<T: DeserializeOwned>(
    name: Arc<str>,
    path: &Path,
    bytes: Vec<u8>,
) -> Result<(SourceFile, T), Box<Diagnostic>> {
    let size = bytes.len();
    let text = match String::from_utf8(bytes) {
        Ok(text) => normalize_line_breaks(text),
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(error.as_bytes()).into_owned();
            // The valid prefix reads the same in the lossy text; normalized, it is where the
            // invalid byte starts in the normalized text shown.
            let valid = normalize_line_breaks(lossy[..valid.min(lossy.len())].to_owned()).len();
            let lossy = normalize_line_breaks(lossy);
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
    if size > MAX_SPEC_BYTES {
        return Err(Box::new(
            Diagnostic::new(
                &file,
                Pos { line: 1, column: 1, offset: 0, len: 0 },
                format!("the file is {size} bytes, over the {MAX_SPEC_BYTES}-byte limit for one spec"),
            )
            .label("too large to load")
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

/// YAML ends a line at CR, LF or CR LF. Spec files are read with every line break as LF, so that
/// the parser, miette and the heuristics that find nodes in the text all count the same lines
/// (a lone CR would make the parser's line numbers run ahead of everyone else's), and no line
/// of a snippet carries a stray CR. Line and column numbers are those of the file as written.
fn normalize_line_breaks(text: String) -> String {
    if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text }
}

pub(crate) fn options() -> serde_saphyr::Options {
    // YAML merge keys would let one mapping's fields come from elsewhere; specs are written to
    // be read top to bottom, so they are refused.
    // serde-saphyr's default budgets stay: at most 64 levels of nesting (the stack), 250,000
    // nodes (time and memory: a 4 MiB file of one-character list items would hold two million),
    // and limits on aliases. Real specs are far below all of them.
    // Booleans are YAML 1.2's `true` and `false` only: an enum value's kind is read from its
    // YAML (`value: ON` is the string "ON", not YAML 1.1's boolean).
    serde_saphyr::options! {
        merge_keys: serde_saphyr::MergeKeyPolicy::Error,
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::Error,
        strict_booleans: true,
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
    if let serde_saphyr::Error::Budget { breach, .. } = error.without_snippet() {
        return budget_diagnostic(file, pos, breach);
    }
    let message = first_line(&error.without_snippet().to_string());
    let explained = super::hints::explain(&message, &file.text, pos);
    Diagnostic::new(file, explained.pos, explained.message).label(explained.label).hint(explained.hint)
}

/// serde-saphyr's resource limits protect the loader (and its stack) from runaway input; say
/// which one a file hit in the author's terms rather than as a debug dump.
fn budget_diagnostic(file: &SourceFile, pos: Pos, breach: &serde_saphyr::budget::BudgetBreach) -> Diagnostic {
    use serde_saphyr::budget::BudgetBreach as B;
    let limits = serde_saphyr::Budget::default();
    let (message, hint) = match breach {
        B::Depth { .. } => (
            format!("the YAML nests more than {} levels deep", limits.max_depth),
            "no spec nests like this: look for runaway indentation or brackets that are never closed",
        ),
        B::Nodes { .. } => (
            format!(
                "the file has more than {} YAML nodes (values, keys, lists and mappings)",
                limits.max_nodes
            ),
            "split it: one file per operation, shared types in service.yaml",
        ),
        B::Aliases { .. } | B::Anchors { .. } | B::AliasAnchorRatio { .. } => (
            "the file uses too many YAML anchors or aliases".to_owned(),
            "write values out: specs do not use YAML anchors (`&name`) and aliases (`*name`)",
        ),
        other => (
            format!("the file is too large or complex to load ({other:?})"),
            "split it: one file per operation, shared types in service.yaml",
        ),
    };
    Diagnostic::new(file, pos, message).label("the limit is reached here").hint(hint)
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

/// The entries of `dir` that the loader considers (hidden ones are not), sorted.
pub fn sorted_entries(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
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

/// The start of a file, where problems with the file as a whole are shown.
const FIRST_LINE: Pos = Pos { line: 1, column: 1, offset: 0, len: 0 };

/// A file that is reported on as a whole, with its text (when it can be read and is of a size a
/// spec may have) so that the report can show its first line.
fn file_for_snippet(root: &Path, path: &Path) -> SourceFile {
    let mut file = pseudo_file(root, path);
    let small = std::fs::metadata(path).is_ok_and(|m| m.len() <= MAX_SPEC_BYTES as u64);
    if small && let Ok(bytes) = std::fs::read(path) {
        file.text = Arc::from(String::from_utf8_lossy(&bytes).as_ref());
    }
    file
}

fn shown_file_name(path: &Path) -> Arc<str> {
    Arc::from(dir_name(path).as_str())
}

fn pseudo_file(root: &Path, path: &Path) -> SourceFile {
    SourceFile { name: display_name(root, path), path: path.to_path_buf(), text: Arc::from("") }
}
