//! `cloudspec diff OLD NEW`: what changed between two spec trees, as users of the generated crate
//! feel it, and which semver bump that needs.
//!
//! Both trees are linted and compared at the IR level, keyed by what a caller names: services by
//! `provider/service`, operations by the vendor's name, fields by wire name (their Rust name is
//! compared too), types by Rust name, enum values by wire value, error codes by variant. Comments,
//! the order of keys and which file declares a type do not show up in the generated crate, so they
//! are not changes.
//!
//! # The contract the classification assumes
//!
//! The generated crate is used the way its docs describe: requests are made with their builders;
//! responses and error bodies are read, not constructed; every generated enum (values and error
//! codes) has an `Unknown(String)` fallback because servers add values without notice, so code
//! that matches on one keeps a catch-all arm (the enums are `#[non_exhaustive]`, so the compiler
//! asks for it). Object types used in requests are built with their builders too: every
//! generated struct is `#[non_exhaustive]`, and a builder's `build()` compiles only once every
//! required field is set. Under that contract:
//!
//! - **major** (breaking): code that compiled may stop compiling, or a request or response that
//!   worked may now be rejected or fail to decode, or requests go somewhere else. Removed service,
//!   operation, field, type, enum value, error code, auth scheme; a changed field type, Rust name
//!   or location; a change between `T` and `Option<T>`; optional → required; a new required
//!   request field; a new required field in an object type that requests use; a tightened input
//!   constraint (the builder's `build()` now rejects values it accepted); a changed method, path,
//!   protocol, API version, endpoint, signing name or error shape.
//! - **minor**: new API surface, or a behaviour change that keeps every caller compiling and every
//!   accepted request accepted. New service, operation, optional request field, response field,
//!   type, enum value, error code, region, auth scheme; a loosened input constraint; required →
//!   optional where the Rust type stays `Option<T>`; retries, idempotency token, rate limit,
//!   `sensitive`, `deprecated`, the region list, the preferred auth scheme.
//! - **patch**: documentation and tests only. Summaries, docs, URLs, field docs, defaults and
//!   examples (they are rustdoc), the documented success status (any 2xx is a success), status-only
//!   error entries, constraints on response-only values (responses are not validated), `nullable`
//!   on an optional response or object field (encoded and decoded the same), the spec `examples`
//!   (they only feed generated tests).
//!
//! The generated structs and enums are not `#[non_exhaustive]`, so by Rust's own semver rules a
//! new enum variant or a new struct field is a breaking change for code that matches exhaustively
//! or builds a request struct with a literal; those uses are outside the contract above.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use cloudspec_codegen::ir::{
    self, ErrorCode, Field, Ir, Operation, Service, StructDef, Ty, TypeDef, TypeKind,
};
use cloudspec_spec::diagnostic::{Diagnostics, SourceFile};
use cloudspec_spec::{self as spec, LengthUnit, SpecTree, TimestampFormat};

/// Exit code of `cloudspec diff` when a tree cannot be read or does not lint.
pub const EXIT_ERROR: u8 = 1;

/// The semver bump a set of changes needs. Ordered: `None < Patch < Minor < Major`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Nothing a user of the generated crate can see changed.
    None,
    /// Documentation and tests only.
    Patch,
    /// New API surface or a compatible behaviour change.
    Minor,
    /// Something that compiled or worked may break.
    Major,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::None => "none",
            Level::Patch => "patch",
            Level::Minor => "minor",
            Level::Major => "major",
        }
    }

    /// The exit code of `cloudspec diff` for this level: 0 for none or patch (safe to release
    /// without thinking), 2 for minor, 3 for major. 1 is reserved for errors ([`EXIT_ERROR`]),
    /// so a script can tell "could not compare" from "breaking".
    pub fn exit_code(self) -> u8 {
        match self {
            Level::None | Level::Patch => 0,
            Level::Minor => 2,
            Level::Major => 3,
        }
    }
}

/// How much one change matters; the level of a report is its highest severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Patch,
    Minor,
    Major,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Patch => "patch",
            Severity::Minor => "minor",
            Severity::Major => "major",
        }
    }

    fn level(self) -> Level {
        match self {
            Severity::Patch => Level::Patch,
            Severity::Minor => Level::Minor,
            Severity::Major => Level::Major,
        }
    }
}

/// What kind of change it is. Serialized in snake_case (`field_removed`); the names are stable.
/// A kind does not fix the severity: a new field is minor in a response and major when it is
/// required in a request or an object type that requests use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    ServiceAdded,
    ServiceRemoved,
    ProtocolChanged,
    ApiVersionChanged,
    EndpointChanged,
    RegionAdded,
    RegionRemoved,
    AuthSchemeAdded,
    AuthSchemeRemoved,
    /// Preferred order or signing name of the auth schemes.
    AuthChanged,
    ErrorShapeChanged,
    OperationAdded,
    OperationRemoved,
    /// HTTP method or path template.
    HttpChanged,
    /// `idempotent` or `idempotency_token`: which failures the client retries.
    RetryChanged,
    RateLimitChanged,
    SuccessStatusChanged,
    FieldAdded,
    FieldRemoved,
    /// Same wire name, different Rust name.
    FieldRenamed,
    FieldTypeChanged,
    /// `required` or `nullable`.
    FieldOptionalityChanged,
    FieldLocationChanged,
    /// An input constraint that now rejects values it accepted.
    ConstraintTightened,
    /// An input constraint that now accepts every value it accepted, and more.
    ConstraintLoosened,
    /// A constraint on values the client never validates (responses).
    ConstraintChanged,
    SensitivityChanged,
    DeprecationChanged,
    TypeAdded,
    TypeRemoved,
    /// Object ↔ enum.
    TypeKindChanged,
    /// An object type became `open` (gains the `extra` map) or closed (drops unlisted members).
    OpennessChanged,
    EnumValueAdded,
    EnumValueRemoved,
    ErrorCodeAdded,
    ErrorCodeRemoved,
    /// Summaries, docs, URLs, titles, field docs, defaults and examples of fields, error docs.
    DocsChanged,
    /// The spec's `examples` (generated round-trip tests).
    ExamplesChanged,
}

/// One change. The JSON form has exactly these keys.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub severity: Severity,
    pub kind: ChangeKind,
    /// Where, by spec names: `provider/service`, `provider/service/Operation`,
    /// `provider/service/Operation.input.WireName` (`.output.`, `.errors.Code`, `.http`, ...),
    /// `provider/service/types/TypeName`, `provider/service/types/TypeName.WireName` (a field or an
    /// enum value), `provider/service.errors.Code` (a code common to the service).
    pub path: String,
    /// The Rust item a caller names, when there is one:
    /// `cloudspec_clients::tencent::wedata::CreateCodeFileRequest::project_id`.
    pub rust: Option<String>,
    /// The spec file (as lint shows it, e.g. `specs/tencent/wedata/create_code_file.yaml`): of the
    /// new tree, or of the old tree for something removed.
    pub file: Option<String>,
    pub line: Option<u64>,
    pub message: String,
}

/// Every change between two trees, most severe first, then by path.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DiffReport {
    changes: Vec<Change>,
}

/// Number of changes per severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub major: usize,
    pub minor: usize,
    pub patch: usize,
}

/// The JSON document of `cloudspec diff --json` (documented in specs/README.md).
#[derive(Serialize)]
struct JsonReport<'a> {
    /// Version of this document's shape; bumped only when a key changes meaning or goes away.
    format: u32,
    level: Level,
    exit_code: u8,
    counts: Counts,
    changes: &'a [Change],
}

impl DiffReport {
    fn new(mut changes: Vec<Change>) -> Self {
        // Stable sort: within one path, changes keep the order they were found in.
        changes.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.path.cmp(&b.path)));
        DiffReport { changes }
    }

    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// The semver bump the changes need.
    pub fn level(&self) -> Level {
        self.changes.iter().map(|c| c.severity.level()).max().unwrap_or(Level::None)
    }

    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for change in &self.changes {
            match change.severity {
                Severity::Major => counts.major += 1,
                Severity::Minor => counts.minor += 1,
                Severity::Patch => counts.patch += 1,
            }
        }
        counts
    }

    /// See [`Level::exit_code`].
    pub fn exit_code(&self) -> u8 {
        self.level().exit_code()
    }

    /// One line per change, grouped by severity (major first), then a summary line.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        for (severity, heading) in [
            (Severity::Major, "major (breaking):"),
            (Severity::Minor, "minor (new API or compatible behaviour):"),
            (Severity::Patch, "patch (documentation and tests only):"),
        ] {
            let group: Vec<&Change> = self.changes.iter().filter(|c| c.severity == severity).collect();
            if group.is_empty() {
                continue;
            }
            out.push_str(heading);
            out.push('\n');
            for change in group {
                let _ = write!(out, "  {}: {}", change.path, change.message);
                match (&change.file, change.line) {
                    (Some(file), Some(line)) => {
                        let _ = write!(out, " ({file}:{line})");
                    }
                    (Some(file), None) => {
                        let _ = write!(out, " ({file})");
                    }
                    _ => {}
                }
                out.push('\n');
            }
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    /// `cloudspec diff: 3 changes (1 major, 1 minor, 1 patch): a major version bump`.
    pub fn summary(&self) -> String {
        let counts = self.counts();
        let n = self.changes.len();
        let bump = match self.level() {
            Level::None => return "cloudspec diff: no changes to the generated crate".to_owned(),
            Level::Patch => "a patch release",
            Level::Minor => "a minor version bump",
            Level::Major => "a major version bump",
        };
        format!(
            "cloudspec diff: {n} change{} ({} major, {} minor, {} patch): {bump}",
            if n == 1 { "" } else { "s" },
            counts.major,
            counts.minor,
            counts.patch
        )
    }

    /// The machine-readable report, pretty-printed:
    /// `{"format": 1, "level": "major", "exit_code": 3, "counts": {"major": 1, "minor": 0,
    /// "patch": 2}, "changes": [{"severity", "kind", "path", "rust", "file", "line", "message"}]}`.
    pub fn to_json(&self) -> String {
        let document = JsonReport {
            format: 1,
            level: self.level(),
            exit_code: self.exit_code(),
            counts: self.counts(),
            changes: &self.changes,
        };
        // Plain data with string keys: serialization cannot fail.
        serde_json::to_string_pretty(&document).unwrap_or_default()
    }
}

/// Why two trees could not be compared: one or both do not lint.
#[derive(Debug)]
pub struct DiffError {
    /// Each broken tree: `"old"` or `"new"`, its root, and every problem in it.
    pub broken: Vec<(&'static str, PathBuf, Diagnostics)>,
}

impl std::fmt::Display for DiffError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, (side, root, diagnostics)) in self.broken.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            writeln!(f, "the {side} spec tree {} does not lint:", root.display())?;
            write!(f, "{diagnostics}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DiffError {}

/// Lints both trees and compares them. Exit codes: see [`Level::exit_code`]; a `DiffError` is
/// [`EXIT_ERROR`].
pub fn compare(old: &Path, new: &Path) -> Result<DiffReport, DiffError> {
    let old_tree = lint_tree(old);
    let new_tree = lint_tree(new);
    match (old_tree, new_tree) {
        (Ok((old_tree, old_ir)), Ok((new_tree, new_ir))) => {
            let trees = Trees { old: &old_tree, new: &new_tree };
            Ok(compare_ir(&old_ir, &new_ir, trees))
        }
        (old_result, new_result) => {
            let mut broken = Vec::new();
            if let Err(diagnostics) = old_result {
                broken.push(("old", old.to_path_buf(), diagnostics));
            }
            if let Err(diagnostics) = new_result {
                broken.push(("new", new.to_path_buf(), diagnostics));
            }
            Err(DiffError { broken })
        }
    }
}

/// What `cloudspec_codegen::lint` does, keeping the loaded tree for file and line numbers.
fn lint_tree(root: &Path) -> Result<(SpecTree, Ir), Diagnostics> {
    let (tree, mut diagnostics) = spec::load_partial(root);
    match ir::lower(&tree) {
        Ok(ir) if diagnostics.is_empty() => Ok((tree, ir)),
        Ok(_) => Err(diagnostics),
        Err(more) => {
            diagnostics.0.extend(more.0);
            Err(diagnostics.sorted())
        }
    }
}

/// Compares two lowered trees without positions (every `file`/`line` is `None`).
pub fn compare_lowered(old: &Ir, new: &Ir) -> DiffReport {
    let empty = SpecTree { root: PathBuf::new(), services: Vec::new() };
    compare_ir(old, new, Trees { old: &empty, new: &empty })
}

fn compare_ir(old: &Ir, new: &Ir, trees: Trees) -> DiffReport {
    let key = |s: &Service| (s.provider.clone(), s.name.clone());
    let old_services: BTreeMap<_, &Service> = old.services.iter().map(|s| (key(s), s)).collect();
    let new_services: BTreeMap<_, &Service> = new.services.iter().map(|s| (key(s), s)).collect();
    let mut changes = Vec::new();
    for name in old_services.keys().chain(new_services.keys()).collect::<BTreeSet<_>>() {
        let mut cx = Cx { trees, service: name.clone(), changes: &mut changes, rust_root: String::new() };
        match (old_services.get(name), new_services.get(name)) {
            (Some(old), Some(new)) => {
                cx.rust_root = rust_module(new);
                compare_service(&mut cx, old, new);
            }
            (Some(old), None) => {
                cx.rust_root = rust_module(old);
                let rust = cx.rust_root.clone();
                cx.push(
                    Severity::Major,
                    ChangeKind::ServiceRemoved,
                    cx.service_path(),
                    Some(rust),
                    Site::Service,
                    Tree::Old,
                    format!("service removed (module and cargo feature `{}` are gone)", old.feature),
                );
            }
            (None, Some(new)) => {
                cx.rust_root = rust_module(new);
                let rust = cx.rust_root.clone();
                cx.push(
                    Severity::Minor,
                    ChangeKind::ServiceAdded,
                    cx.service_path(),
                    Some(rust),
                    Site::Service,
                    Tree::New,
                    format!(
                        "service added ({} operation{}, cargo feature `{}`)",
                        new.operations.len(),
                        if new.operations.len() == 1 { "" } else { "s" },
                        new.feature
                    ),
                );
            }
            (None, None) => {}
        }
    }
    DiffReport::new(changes)
}

fn rust_module(service: &Service) -> String {
    format!("cloudspec_clients::{}::{}", service.provider_module, service.module)
}

/// The loaded trees, for file and line numbers.
#[derive(Clone, Copy)]
struct Trees<'a> {
    old: &'a SpecTree,
    new: &'a SpecTree,
}

/// Which tree a change points into: the new one, except for what was removed.
#[derive(Clone, Copy)]
enum Tree {
    Old,
    New,
}

/// The spec node a change is about, to find its file and line.
#[derive(Clone, Copy)]
enum Site<'a> {
    Service,
    ServiceError(&'a str),
    Operation(&'a str),
    Http(&'a str),
    Idempotent(&'a str),
    RateLimit(&'a str),
    SuccessStatus(&'a str),
    OpField { op: &'a str, output: bool, wire: &'a str },
    OpError { op: &'a str, code: &'a str },
    Examples(&'a str),
    Type(&'a str),
    TypeField { ty: &'a str, wire: &'a str },
    EnumValue { ty: &'a str, wire: &'a str },
}

struct Cx<'a, 'c> {
    trees: Trees<'a>,
    /// (provider, service) as written in the specs.
    service: (String, String),
    /// `cloudspec_clients::<provider>::<service>`.
    rust_root: String,
    changes: &'c mut Vec<Change>,
}

impl Cx<'_, '_> {
    fn service_path(&self) -> String {
        format!("{}/{}", self.service.0, self.service.1)
    }

    fn rust(&self, item: &str) -> Option<String> {
        Some(format!("{}::{item}", self.rust_root))
    }

    // Every argument is one field of the change or of how to locate it; a builder would only
    // rename them.
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        severity: Severity,
        kind: ChangeKind,
        path: String,
        rust: Option<String>,
        site: Site,
        tree: Tree,
        message: String,
    ) {
        let tree = match tree {
            Tree::Old => self.trees.old,
            Tree::New => self.trees.new,
        };
        let (file, line) = match locate(tree, &self.service, &site) {
            Some((file, line)) => (Some(file), (line > 0).then_some(line)),
            None => (None, None),
        };
        self.changes.push(Change { severity, kind, path, rust, file, line, message });
    }
}

/// File and line of a spec node. Positions are a convenience: `None` when not found.
fn locate(tree: &SpecTree, service: &(String, String), site: &Site) -> Option<(String, u64)> {
    let source = tree
        .services
        .iter()
        .find(|s| s.spec.provider.value == service.0 && s.spec.service.value == service.1)?;
    let at = |file: &SourceFile, line: u64| Some((file.name.to_string(), line));
    let operation = |name: &str| source.operations.iter().find(|o| o.spec.operation.value == name);
    // Named types are declared in service.yaml or in any operation file of the service.
    let declared_type = |rust: &str| {
        std::iter::once((&source.file, &source.spec.types))
            .chain(source.operations.iter().map(|o| (&o.file, &o.spec.types)))
            .find_map(|(file, types)| {
                types
                    .iter()
                    .find(|(key, _)| ir::names::type_name(&key.value) == rust)
                    .map(|(k, t)| (file, k, t))
            })
    };
    match site {
        Site::Service => at(&source.file, source.spec.service.pos.line),
        Site::ServiceError(code) => {
            let entry = source.spec.errors.iter().find(|e| e.code.as_deref() == Some(*code));
            at(&source.file, entry.map_or(0, |e| e.pos.line))
        }
        Site::Operation(op) => {
            let op = operation(op)?;
            at(&op.file, op.spec.operation.pos.line)
        }
        Site::Http(op) => {
            let op = operation(op)?;
            at(&op.file, op.spec.http.pos.line)
        }
        Site::Idempotent(op) => {
            let op = operation(op)?;
            at(&op.file, op.spec.idempotent.pos.line)
        }
        Site::RateLimit(op) => {
            let op = operation(op)?;
            let line = op
                .spec
                .rate_limit
                .as_ref()
                .map_or(op.spec.idempotent.pos.line, |r| r.requests_per_second.pos.line);
            at(&op.file, line)
        }
        Site::SuccessStatus(op) => {
            let op = operation(op)?;
            let line = op.spec.output.status.as_ref().map_or(op.spec.operation.pos.line, |s| s.pos.line);
            at(&op.file, line)
        }
        Site::OpField { op, output, wire } => {
            let op = operation(op)?;
            let shape = if *output { &op.spec.output } else { &op.spec.input };
            let key = shape.fields.iter().find(|(k, _)| k.value == *wire).map(|(k, _)| k.pos.line);
            at(&op.file, key.unwrap_or(op.spec.operation.pos.line))
        }
        Site::OpError { op, code } => {
            let op = operation(op)?;
            match op.spec.errors.iter().find(|e| e.code.as_deref() == Some(*code)) {
                Some(entry) => at(&op.file, entry.pos.line),
                // A service-wide code merged into the operation's enum.
                None => {
                    let entry = source.spec.errors.iter().find(|e| e.code.as_deref() == Some(*code))?;
                    at(&source.file, entry.pos.line)
                }
            }
        }
        Site::Examples(op) => {
            let op = operation(op)?;
            let line = op.spec.examples.first().map_or(op.spec.operation.pos.line, |e| e.pos.line);
            at(&op.file, line)
        }
        Site::Type(ty) => {
            let (file, key, _) = declared_type(ty)?;
            at(file, key.pos.line)
        }
        Site::TypeField { ty, wire } => {
            let (file, key, spec) = declared_type(ty)?;
            let line = spec
                .fields
                .as_ref()
                .and_then(|fields| fields.iter().find(|(k, _)| k.value == *wire))
                .map_or(key.pos.line, |(k, _)| k.pos.line);
            at(file, line)
        }
        Site::EnumValue { ty, wire } => {
            let (file, key, spec) = declared_type(ty)?;
            let line = spec
                .values
                .as_ref()
                .and_then(|values| values.iter().find(|v| v.value.value.text() == *wire))
                .map_or(key.pos.line, |v| v.pos.line);
            at(file, line)
        }
    }
}

fn compare_service(cx: &mut Cx, old: &Service, new: &Service) {
    let path = cx.service_path();
    if old.protocol != new.protocol {
        cx.push(
            Severity::Major,
            ChangeKind::ProtocolChanged,
            path.clone(),
            cx.rust("SERVICE"),
            Site::Service,
            Tree::New,
            format!(
                "protocol `{}` → `{}`: every request changes shape",
                old.protocol.spec_name(),
                new.protocol.spec_name()
            ),
        );
    }
    if old.api_version != new.api_version {
        cx.push(
            Severity::Major,
            ChangeKind::ApiVersionChanged,
            path.clone(),
            cx.rust("API_VERSION"),
            Site::Service,
            Tree::New,
            format!(
                "API version `{}` → `{}`: every request asks for another version of the API",
                old.api_version, new.api_version
            ),
        );
    }
    if old.endpoint_url != new.endpoint_url {
        cx.push(
            Severity::Major,
            ChangeKind::EndpointChanged,
            path.clone(),
            cx.rust("ENDPOINT"),
            Site::Service,
            Tree::New,
            format!("endpoint `{}` → `{}`: requests go to another URL", old.endpoint_url, new.endpoint_url),
        );
    }
    for (kind, from, to, what) in [
        (ChangeKind::RegionRemoved, &old.regions, &new.regions, "removed from"),
        (ChangeKind::RegionAdded, &new.regions, &old.regions, "added to"),
    ] {
        for region in from.iter().filter(|r| !to.contains(r)) {
            // `REGIONS` is documentation data: the client does not check the region against it.
            cx.push(
                Severity::Minor,
                kind,
                format!("{path}.regions.{region}"),
                cx.rust("REGIONS"),
                Site::Service,
                Tree::New,
                format!("region `{region}` {what} the documented regions (`REGIONS`)"),
            );
        }
    }
    compare_region_urls(cx, old, new, &path);
    compare_auth(cx, old, new);
    match (&old.error_shape, &new.error_shape) {
        (Some(a), Some(b)) if a != b => cx.push(
            Severity::Major,
            ChangeKind::ErrorShapeChanged,
            format!("{path}.error_shape"),
            cx.rust(b),
            Site::Service,
            Tree::New,
            format!("error bodies decode into `{b}` instead of `{a}`"),
        ),
        (Some(a), None) => cx.push(
            Severity::Major,
            ChangeKind::ErrorShapeChanged,
            format!("{path}.error_shape"),
            cx.rust(a),
            Site::Service,
            Tree::New,
            format!("error bodies are no longer decoded into `{a}`"),
        ),
        (None, Some(b)) => cx.push(
            Severity::Minor,
            ChangeKind::ErrorShapeChanged,
            format!("{path}.error_shape"),
            cx.rust(b),
            Site::Service,
            Tree::New,
            format!("error bodies now decode into `{b}`"),
        ),
        _ => {}
    }
    let mut docs = Vec::new();
    if old.title != new.title {
        docs.push("title");
    }
    if old.docs != new.docs {
        docs.push("docs URL");
    }
    if old.endpoint_doc != new.endpoint_doc {
        docs.push("endpoint doc");
    }
    if !docs.is_empty() {
        let rust = Some(cx.rust_root.clone());
        cx.push(
            Severity::Patch,
            ChangeKind::DocsChanged,
            path.clone(),
            rust,
            Site::Service,
            Tree::New,
            format!("{} changed", docs.join(", ")),
        );
    }

    compare_common_errors(cx, old, new);

    let usage = usages(old);
    compare_types(cx, old, new, &usage);

    let old_ops: BTreeMap<&str, &Operation> = old.operations.iter().map(|o| (o.name.as_str(), o)).collect();
    let new_ops: BTreeMap<&str, &Operation> = new.operations.iter().map(|o| (o.name.as_str(), o)).collect();
    for name in old_ops.keys().chain(new_ops.keys()).collect::<BTreeSet<_>>() {
        let op_path = format!("{path}/{name}");
        match (old_ops.get(name), new_ops.get(name)) {
            (Some(old_op), Some(new_op)) => compare_operation(cx, old_op, new_op),
            (Some(old_op), None) => cx.push(
                Severity::Major,
                ChangeKind::OperationRemoved,
                op_path,
                cx.rust(&format!("Client::{}", old_op.module)),
                Site::Operation(name),
                Tree::Old,
                format!("operation removed (`Client::{}` and its types are gone)", old_op.module),
            ),
            (None, Some(new_op)) => cx.push(
                Severity::Minor,
                ChangeKind::OperationAdded,
                op_path,
                cx.rust(&format!("Client::{}", new_op.module)),
                Site::Operation(name),
                Tree::New,
                format!("operation added (`Client::{}`)", new_op.module),
            ),
            (None, None) => {}
        }
    }
}

fn compare_auth(cx: &mut Cx, old: &Service, new: &Service) {
    let path = format!("{}.auth", cx.service_path());
    let scheme = |a: &ir::Auth| a.scheme.spec_name().to_owned();
    let old_schemes: Vec<String> = old.auth.iter().map(scheme).collect();
    let new_schemes: Vec<String> = new.auth.iter().map(scheme).collect();
    for removed in old_schemes.iter().filter(|s| !new_schemes.contains(s)) {
        cx.push(
            Severity::Major,
            ChangeKind::AuthSchemeRemoved,
            format!("{path}.{removed}"),
            cx.rust("ClientBuilder"),
            Site::Service,
            Tree::New,
            format!("auth scheme `{removed}` removed: clients configured with its credentials stop working"),
        );
    }
    for added in new_schemes.iter().filter(|s| !old_schemes.contains(s)) {
        cx.push(
            Severity::Minor,
            ChangeKind::AuthSchemeAdded,
            format!("{path}.{added}"),
            cx.rust("ClientBuilder"),
            Site::Service,
            Tree::New,
            format!("auth scheme `{added}` added"),
        );
    }
    let kept_old: Vec<&String> = old_schemes.iter().filter(|s| new_schemes.contains(s)).collect();
    let kept_new: Vec<&String> = new_schemes.iter().filter(|s| old_schemes.contains(s)).collect();
    if kept_old != kept_new {
        cx.push(
            Severity::Minor,
            ChangeKind::AuthChanged,
            path.clone(),
            cx.rust("SERVICE"),
            Site::Service,
            Tree::New,
            format!("preferred order of auth schemes changed: {kept_old:?} → {kept_new:?}"),
        );
    }
    let signing = |s: &Service| s.auth.iter().find_map(|a| a.signing_name.clone());
    if signing(old) != signing(new) {
        cx.push(
            Severity::Major,
            ChangeKind::AuthChanged,
            path.clone(),
            cx.rust("SERVICE"),
            Site::Service,
            Tree::New,
            format!(
                "signing name {:?} → {:?}: requests are signed for another scope",
                signing(old),
                signing(new)
            ),
        );
    }
    let docs = |s: &Service| s.auth.iter().map(|a| (scheme(a), a.doc.clone())).collect::<BTreeMap<_, _>>();
    let (old_docs, new_docs) = (docs(old), docs(new));
    if old_docs.iter().any(|(k, v)| new_docs.get(k).is_some_and(|n| n != v)) {
        cx.push(
            Severity::Patch,
            ChangeKind::DocsChanged,
            path,
            cx.rust("ClientBuilder"),
            Site::Service,
            Tree::New,
            "auth scheme doc changed".to_owned(),
        );
    }
}

/// Error codes common to the service: the variants of its `CommonErrorCode`, which every
/// operation's error enum reaches through `Common`, so a change here is reported once.
fn compare_common_errors(cx: &mut Cx, old: &Service, new: &Service) {
    let variants = |s: &Service| -> BTreeMap<String, ErrorCode> {
        s.errors.iter().filter_map(|e| Some((e.variant.clone()?, e.clone()))).collect()
    };
    let (old_codes, new_codes) = (variants(old), variants(new));
    let path = cx.service_path();
    for (variant, code) in &old_codes {
        let wire = code.code.as_deref().unwrap_or(variant);
        if let Some(new_code) = new_codes.get(variant) {
            if code.doc != new_code.doc || code.status != new_code.status {
                cx.push(
                    Severity::Patch,
                    ChangeKind::DocsChanged,
                    format!("{path}.errors.{wire}"),
                    cx.rust(&format!("CommonErrorCode::{variant}")),
                    Site::ServiceError(wire),
                    Tree::New,
                    "common error code's doc or status changed".to_owned(),
                );
            }
            continue;
        }
        cx.push(
            Severity::Major,
            ChangeKind::ErrorCodeRemoved,
            format!("{path}.errors.{wire}"),
            cx.rust(&format!("CommonErrorCode::{variant}")),
            Site::ServiceError(wire),
            Tree::Old,
            format!("common error code `{wire}` removed: the variant `CommonErrorCode::{variant}` is gone"),
        );
    }
    for (variant, code) in new_codes.iter().filter(|(v, _)| !old_codes.contains_key(*v)) {
        let wire = code.code.as_deref().unwrap_or(variant);
        cx.push(
            Severity::Minor,
            ChangeKind::ErrorCodeAdded,
            format!("{path}.errors.{wire}"),
            cx.rust(&format!("CommonErrorCode::{variant}")),
            Site::ServiceError(wire),
            Tree::New,
            format!("common error code `{wire}` added (variant `CommonErrorCode::{variant}`)"),
        );
    }
    // Status-only entries are listed in the common enum's rustdoc, nowhere else.
    let statuses = |s: &Service| -> Vec<(Option<u16>, Option<String>)> {
        s.errors.iter().filter(|e| e.variant.is_none()).map(|e| (e.status, e.doc.clone())).collect()
    };
    if statuses(old) != statuses(new) {
        cx.push(
            Severity::Patch,
            ChangeKind::DocsChanged,
            format!("{path}.errors"),
            cx.rust("CommonErrorCode"),
            Site::Service,
            Tree::New,
            "documented error statuses (entries without a code) changed".to_owned(),
        );
    }
}

fn compare_operation(cx: &mut Cx, old: &Operation, new: &Operation) {
    let path = format!("{}/{}", cx.service_path(), new.name);
    let name = new.name.as_str();
    let method = cx.rust(&format!("Client::{}", new.module));
    if old.method != new.method || old.path != new.path {
        cx.push(
            Severity::Major,
            ChangeKind::HttpChanged,
            format!("{path}.http"),
            method.clone(),
            Site::Http(name),
            Tree::New,
            format!("`{} {}` → `{} {}`", old.method, old.path, new.method, new.path),
        );
    }
    if old.idempotent != new.idempotent {
        let effect = if new.idempotent {
            "the client now retries calls that may have reached the server"
        } else {
            "the client no longer retries calls that may have reached the server"
        };
        cx.push(
            Severity::Minor,
            ChangeKind::RetryChanged,
            format!("{path}.idempotent"),
            method.clone(),
            Site::Idempotent(name),
            Tree::New,
            format!("idempotent {} → {}: {effect}", old.idempotent, new.idempotent),
        );
    }
    if old.idempotency_token != new.idempotency_token {
        cx.push(
            Severity::Minor,
            ChangeKind::RetryChanged,
            format!("{path}.idempotency_token"),
            method.clone(),
            Site::Idempotent(name),
            Tree::New,
            format!(
                "idempotency token {:?} → {:?}: which calls the client fills a token into and retries",
                old.idempotency_token, new.idempotency_token
            ),
        );
    }
    if old.rate_limit != new.rate_limit {
        let show = |r: Option<f64>| r.map_or("none".to_owned(), |r| format!("{r}/s"));
        cx.push(
            Severity::Minor,
            ChangeKind::RateLimitChanged,
            format!("{path}.rate_limit"),
            method.clone(),
            Site::RateLimit(name),
            Tree::New,
            format!(
                "rate limit {} → {}: the client spaces calls differently",
                show(old.rate_limit),
                show(new.rate_limit)
            ),
        );
    }
    if old.success_status != new.success_status {
        cx.push(
            Severity::Patch,
            ChangeKind::SuccessStatusChanged,
            format!("{path}.output.status"),
            method.clone(),
            Site::SuccessStatus(name),
            Tree::New,
            format!(
                "documented success status {} → {} (any 2xx is a success; docs only)",
                old.success_status, new.success_status
            ),
        );
    }
    let mut docs = Vec::new();
    for (what, changed) in [
        ("summary", old.summary != new.summary),
        ("doc", old.doc != new.doc),
        ("docs URL", old.docs != new.docs),
        ("input doc", old.input.doc != new.input.doc),
        ("output doc", old.output.doc != new.output.doc),
    ] {
        if changed {
            docs.push(what);
        }
    }
    if !docs.is_empty() {
        cx.push(
            Severity::Patch,
            ChangeKind::DocsChanged,
            path.clone(),
            method.clone(),
            Site::Operation(name),
            Tree::New,
            format!("{} changed", docs.join(", ")),
        );
    }
    let examples = |op: &Operation| {
        op.examples
            .iter()
            .map(|e| (e.title.clone(), e.request.clone(), e.status, e.response.clone()))
            .collect::<Vec<_>>()
    };
    if examples(old) != examples(new) {
        cx.push(
            Severity::Patch,
            ChangeKind::ExamplesChanged,
            format!("{path}.examples"),
            None,
            Site::Examples(name),
            Tree::New,
            if old.examples.len() == new.examples.len() {
                "examples changed".to_owned()
            } else {
                format!("examples changed ({} → {})", old.examples.len(), new.examples.len())
            },
        );
    }

    let request =
        StructScope { holder: Holder::Request, path: format!("{path}.input"), rust: new.input.name.clone() };
    compare_fields(cx, &request, &old.input, &new.input, |wire| Site::OpField {
        op: name,
        output: false,
        wire,
    });
    let response = StructScope {
        holder: Holder::Response,
        path: format!("{path}.output"),
        rust: new.output.name.clone(),
    };
    compare_fields(cx, &response, &old.output, &new.output, |wire| Site::OpField {
        op: name,
        output: true,
        wire,
    });

    compare_op_errors(cx, old, new, &path);
}

/// The operation's own codes, its enum's variants (a common code it lists is one of them: a
/// code moving between its page and the service's list changes which variant it decodes to).
fn compare_op_errors(cx: &mut Cx, old: &Operation, new: &Operation, path: &str) {
    let name = new.name.as_str();
    let codes = |op: &Operation| -> BTreeMap<String, ErrorCode> {
        op.own_errors().iter().filter_map(|e| Some((e.variant.clone()?, e.clone()))).collect()
    };
    let (old_codes, new_codes) = (codes(old), codes(new));
    for (variant, code) in &old_codes {
        let wire = code.code.as_deref().unwrap_or(variant);
        match new_codes.get(variant) {
            Some(now) if now.doc != code.doc || now.status != code.status => cx.push(
                Severity::Patch,
                ChangeKind::DocsChanged,
                format!("{path}.errors.{wire}"),
                cx.rust(&format!("{}::{variant}", new.error_enum)),
                Site::OpError { op: name, code: wire },
                Tree::New,
                "error code's doc or status changed".to_owned(),
            ),
            Some(_) => {}
            None => cx.push(
                Severity::Major,
                ChangeKind::ErrorCodeRemoved,
                format!("{path}.errors.{wire}"),
                cx.rust(&format!("{}::{variant}", old.error_enum)),
                Site::OpError { op: name, code: wire },
                Tree::Old,
                format!("error code `{wire}` removed: the variant `{}::{variant}` is gone", old.error_enum),
            ),
        }
    }
    for (variant, code) in new_codes.iter().filter(|(v, _)| !old_codes.contains_key(*v)) {
        let wire = code.code.as_deref().unwrap_or(variant);
        cx.push(
            Severity::Minor,
            ChangeKind::ErrorCodeAdded,
            format!("{path}.errors.{wire}"),
            cx.rust(&format!("{}::{variant}", new.error_enum)),
            Site::OpError { op: name, code: wire },
            Tree::New,
            format!("error code `{wire}` added (variant `{}::{variant}`)", new.error_enum),
        );
    }
    // Status-only entries are listed in the enum's rustdoc, nowhere else.
    let statuses = |op: &Operation| -> Vec<(Option<u16>, Option<String>)> {
        op.own_errors().iter().filter(|e| e.variant.is_none()).map(|e| (e.status, e.doc.clone())).collect()
    };
    if statuses(old) != statuses(new) {
        cx.push(
            Severity::Patch,
            ChangeKind::DocsChanged,
            format!("{path}.errors"),
            cx.rust(&new.error_enum),
            Site::Operation(name),
            Tree::New,
            "documented error statuses (entries without a code) changed".to_owned(),
        );
    }
}

/// Which side of the wire a struct's values travel, which decides how a change affects callers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Usage {
    /// Reachable from an operation's input: callers build it, `build()` validates it.
    request: bool,
    /// Reachable from an output or the error shape: decoded from responses.
    response: bool,
}

#[derive(Clone, Copy)]
enum Holder {
    /// `<Op>Request`, made with its builder.
    Request,
    /// `<Op>Response`, decoded and read.
    Response,
    /// A named object type; built with its builder when requests use it.
    Object(Usage),
}

impl Holder {
    fn sent(self) -> bool {
        match self {
            Holder::Request => true,
            Holder::Response => false,
            Holder::Object(usage) => usage.request,
        }
    }

    fn received(self) -> bool {
        match self {
            Holder::Request => false,
            Holder::Response => true,
            Holder::Object(usage) => usage.response,
        }
    }
}

struct StructScope {
    holder: Holder,
    /// Spec path of the struct, fields are `<path>.<wire>`.
    path: String,
    /// Rust name of the struct.
    rust: String,
}

/// How each named type of the (old) service is used. Existing callers use the old crate, so the
/// old tree decides; a type no operation references is public all the same and counts as both.
fn usages(service: &Service) -> BTreeMap<String, Usage> {
    let types = all_types(service);
    let mut usage: BTreeMap<String, Usage> = BTreeMap::new();
    fn mark(ty: &Ty, request: bool, types: &BTreeMap<&str, &TypeDef>, usage: &mut BTreeMap<String, Usage>) {
        match ty {
            Ty::List(inner) | Ty::Map(inner) | Ty::JsonString(inner) => mark(inner, request, types, usage),
            Ty::Named { name, .. } => {
                let entry = usage.entry(name.clone()).or_default();
                let seen = if request { entry.request } else { entry.response };
                if seen {
                    return;
                }
                if request {
                    entry.request = true;
                } else {
                    entry.response = true;
                }
                if let Some(TypeDef { kind: TypeKind::Struct(def), .. }) = types.get(name.as_str()) {
                    for field in &def.fields {
                        mark(&field.ty, request, types, usage);
                    }
                }
            }
            _ => {}
        }
    }
    for op in &service.operations {
        for field in &op.input.fields {
            mark(&field.ty, true, &types, &mut usage);
        }
        for field in &op.output.fields {
            mark(&field.ty, false, &types, &mut usage);
        }
    }
    if let Some(shape) = &service.error_shape {
        let ty = Ty::Named { name: shape.clone(), key: shape.clone(), is_enum: false, enum_kind: None };
        mark(&ty, false, &types, &mut usage);
    }
    for name in types.keys() {
        usage.entry((*name).to_owned()).or_insert(Usage { request: true, response: true });
    }
    usage
}

/// Every named type of a service by Rust name: service.yaml's and each operation file's (one
/// namespace, so a type moving between files is not a change).
fn all_types(service: &Service) -> BTreeMap<&str, &TypeDef> {
    service
        .types
        .iter()
        .chain(service.operations.iter().flat_map(|o| o.types.iter()))
        .map(|t| (t.name.as_str(), t))
        .collect()
}

fn compare_types(cx: &mut Cx, old: &Service, new: &Service, usage: &BTreeMap<String, Usage>) {
    let (old_types, new_types) = (all_types(old), all_types(new));
    let base = format!("{}/types", cx.service_path());
    for name in old_types.keys().chain(new_types.keys()).collect::<BTreeSet<_>>() {
        let path = format!("{base}/{name}");
        let rust = cx.rust(name);
        let (old_ty, new_ty) = match (old_types.get(name), new_types.get(name)) {
            (Some(a), Some(b)) => (*a, *b),
            (Some(_), None) => {
                cx.push(
                    Severity::Major,
                    ChangeKind::TypeRemoved,
                    path,
                    rust,
                    Site::Type(name),
                    Tree::Old,
                    format!("type `{name}` removed"),
                );
                continue;
            }
            (None, Some(b)) => {
                let what = if matches!(b.kind, TypeKind::Enum(_)) { "enum" } else { "object type" };
                cx.push(
                    Severity::Minor,
                    ChangeKind::TypeAdded,
                    path,
                    rust,
                    Site::Type(name),
                    Tree::New,
                    format!("{what} `{name}` added"),
                );
                continue;
            }
            (None, None) => continue,
        };
        if old_ty.doc != new_ty.doc {
            cx.push(
                Severity::Patch,
                ChangeKind::DocsChanged,
                path.clone(),
                rust.clone(),
                Site::Type(name),
                Tree::New,
                "type doc changed".to_owned(),
            );
        }
        match (&old_ty.kind, &new_ty.kind) {
            (TypeKind::Struct(a), TypeKind::Struct(b)) => {
                if a.open != b.open {
                    let message = if b.open {
                        format!("`{name}` is now open: unlisted members are kept in its new `extra` map")
                    } else {
                        format!(
                            "`{name}` is no longer open: its `extra` map and every unlisted member are dropped"
                        )
                    };
                    cx.push(
                        Severity::Major,
                        ChangeKind::OpennessChanged,
                        path.clone(),
                        rust.clone(),
                        Site::Type(name),
                        Tree::New,
                        message,
                    );
                }
                let holder = Holder::Object(
                    usage.get(*name).copied().unwrap_or(Usage { request: true, response: true }),
                );
                let scope = StructScope { holder, path, rust: (*name).to_owned() };
                compare_fields(cx, &scope, a, b, |wire| Site::TypeField { ty: name, wire });
            }
            (TypeKind::Enum(a), TypeKind::Enum(b)) => {
                if old_ty.enum_kind() != new_ty.enum_kind() {
                    cx.push(
                        Severity::Major,
                        ChangeKind::TypeKindChanged,
                        path.clone(),
                        rust.clone(),
                        Site::Type(name),
                        Tree::New,
                        format!(
                            "the values of `{name}` changed kind (string, integer or boolean on the wire)"
                        ),
                    );
                }
                for variant in a {
                    match b.iter().find(|v| v.wire == variant.wire) {
                        None => cx.push(
                            Severity::Major,
                            ChangeKind::EnumValueRemoved,
                            format!("{path}.{}", variant.wire),
                            cx.rust(&format!("{name}::{}", variant.name)),
                            Site::EnumValue { ty: name, wire: &variant.wire },
                            Tree::Old,
                            format!(
                                "enum value `{}` removed: the variant `{name}::{}` is gone",
                                variant.wire, variant.name
                            ),
                        ),
                        Some(now) if now.doc != variant.doc => cx.push(
                            Severity::Patch,
                            ChangeKind::DocsChanged,
                            format!("{path}.{}", variant.wire),
                            cx.rust(&format!("{name}::{}", now.name)),
                            Site::EnumValue { ty: name, wire: &variant.wire },
                            Tree::New,
                            "enum value doc changed".to_owned(),
                        ),
                        Some(_) => {}
                    }
                }
                for variant in b.iter().filter(|v| !a.iter().any(|o| o.wire == v.wire)) {
                    cx.push(
                        Severity::Minor,
                        ChangeKind::EnumValueAdded,
                        format!("{path}.{}", variant.wire),
                        cx.rust(&format!("{name}::{}", variant.name)),
                        Site::EnumValue { ty: name, wire: &variant.wire },
                        Tree::New,
                        format!(
                            "enum value `{}` added (variant `{name}::{}`; the old client read it as `Unknown`)",
                            variant.wire, variant.name
                        ),
                    );
                }
            }
            (a, _) => {
                let (from, to) = if matches!(a, TypeKind::Enum(_)) {
                    ("enum", "object type")
                } else {
                    ("object type", "enum")
                };
                cx.push(
                    Severity::Major,
                    ChangeKind::TypeKindChanged,
                    path,
                    rust,
                    Site::Type(name),
                    Tree::New,
                    format!("`{name}` changed from an {from} to an {to}"),
                );
            }
        }
    }
}

/// `endpoint.region_urls`: a region that gains, loses or changes its own URL sends its requests
/// to another host.
fn compare_region_urls(cx: &mut Cx, old: &Service, new: &Service, path: &str) {
    let lookup = |service: &Service, region: &str| {
        service.region_urls.iter().find(|(r, _)| r == region).map(|(_, url)| url.clone())
    };
    let regions: BTreeSet<&String> =
        old.region_urls.iter().chain(&new.region_urls).map(|(region, _)| region).collect();
    for region in regions {
        let message = match (lookup(old, region), lookup(new, region)) {
            (Some(a), Some(b)) if a == b => continue,
            (Some(a), Some(b)) => format!("region `{region}`: endpoint `{a}` → `{b}`"),
            (Some(a), None) => {
                format!("region `{region}` no longer has its own endpoint `{a}`: it now follows the template")
            }
            (None, Some(b)) => {
                format!("region `{region}` now has its own endpoint `{b}` instead of the template's")
            }
            (None, None) => continue,
        };
        cx.push(
            Severity::Major,
            ChangeKind::EndpointChanged,
            format!("{path}.region_urls.{region}"),
            cx.rust("REGION_ENDPOINTS"),
            Site::Service,
            Tree::New,
            format!("{message}: requests for that region go to another URL"),
        );
    }
}

fn compare_fields<'s>(
    cx: &mut Cx,
    scope: &StructScope,
    old: &'s StructDef,
    new: &'s StructDef,
    site: impl Fn(&'s str) -> Site<'s>,
) {
    for field in &old.fields {
        let path = format!("{}.{}", scope.path, field.wire);
        match new.fields.iter().find(|f| f.wire == field.wire) {
            Some(now) => compare_field(cx, scope, &path, field, now, site(&now.wire)),
            None => {
                let rust = cx.rust(&format!("{}::{}", scope.rust, field.rust));
                cx.push(
                    Severity::Major,
                    ChangeKind::FieldRemoved,
                    path,
                    rust,
                    site(&field.wire),
                    Tree::Old,
                    format!("field `{}` removed (Rust field `{}`)", field.wire, field.rust),
                );
            }
        }
    }
    for field in new.fields.iter().filter(|f| !old.fields.iter().any(|o| o.wire == f.wire)) {
        let path = format!("{}.{}", scope.path, field.wire);
        let presence = presence(field);
        let (severity, message) = match scope.holder {
            Holder::Request if field.required => (
                Severity::Major,
                format!(
                    "new required request field `{}`: `build()` does not compile until callers set `.{}(...)`",
                    field.wire, field.rust
                ),
            ),
            Holder::Request => (Severity::Minor, format!("new optional request field `{}`", field.wire)),
            Holder::Response => {
                (Severity::Minor, format!("new response field `{}` ({presence})", field.wire))
            }
            Holder::Object(usage) if usage.request && field.required => (
                Severity::Major,
                format!(
                    "new required field `{}` in `{}`, which requests use: its builder's `build()` does not \
                     compile until callers set `.{}(...)`",
                    field.wire, scope.rust, field.rust
                ),
            ),
            Holder::Object(usage) if usage.request => (
                Severity::Minor,
                format!("new optional field `{}` in `{}`, which requests use", field.wire, scope.rust),
            ),
            Holder::Object(_) => (
                Severity::Minor,
                format!("new field `{}` ({presence}) in `{}`, a response-only type", field.wire, scope.rust),
            ),
        };
        let rust = cx.rust(&format!("{}::{}", scope.rust, field.rust));
        cx.push(severity, ChangeKind::FieldAdded, path, rust, site(&field.wire), Tree::New, message);
    }
}

fn compare_field(cx: &mut Cx, scope: &StructScope, path: &str, old: &Field, new: &Field, site: Site) {
    let rust = cx.rust(&format!("{}::{}", scope.rust, new.rust));
    let mut found: Vec<(Severity, ChangeKind, String)> = Vec::new();
    if old.rust != new.rust {
        found.push((
            Severity::Major,
            ChangeKind::FieldRenamed,
            format!("Rust field `{}` renamed to `{}`", old.rust, new.rust),
        ));
    }
    if !same_ty(&old.ty, &new.ty) {
        found.push((
            Severity::Major,
            ChangeKind::FieldTypeChanged,
            format!("type `{}` → `{}`", type_expr(&old.ty), type_expr(&new.ty)),
        ));
    }
    if old.location != new.location && !matches!(scope.holder, Holder::Object(_)) {
        found.push((
            Severity::Major,
            ChangeKind::FieldLocationChanged,
            format!("location `{}` → `{}`", old.location.spec_name(), new.location.spec_name()),
        ));
    }
    let change = format!("{} → {}", presence(old), presence(new));
    if old.is_option() != new.is_option() {
        let rust_ty = rust_type(&new.ty);
        let (from, to) = if old.is_option() {
            (format!("Option<{rust_ty}>"), rust_ty)
        } else {
            (rust_ty.clone(), format!("Option<{rust_ty}>"))
        };
        found.push((
            Severity::Major,
            ChangeKind::FieldOptionalityChanged,
            format!("{change}: the Rust field changes from `{from}` to `{to}`"),
        ));
    } else if old.required != new.required {
        // Both nullable here (the Rust type is `Option<T>` either way).
        let (severity, effect) = match (new.required, scope.holder.sent(), scope.holder.received()) {
            (true, _, true) => (Severity::Major, "a response without the key no longer decodes"),
            (true, true, _) if matches!(scope.holder, Holder::Request) => {
                (Severity::Major, "`build()` fails unless the setter is called")
            }
            (true, _, _) => (Severity::Minor, "`None` is now sent as `null` instead of being left out"),
            (false, _, _) => (Severity::Minor, "the key may now be left out"),
        };
        found.push((severity, ChangeKind::FieldOptionalityChanged, format!("{change}: {effect}")));
    } else if old.nullable != new.nullable {
        // Both optional here.
        if matches!(scope.holder, Holder::Request) {
            let rust_ty = rust_type(&new.ty);
            let takes = if new.nullable { format!("Option<{rust_ty}>") } else { rust_ty };
            found.push((
                Severity::Major,
                ChangeKind::FieldOptionalityChanged,
                format!("{change}: the builder setter now takes `{takes}`"),
            ));
        } else {
            found.push((
                Severity::Patch,
                ChangeKind::FieldOptionalityChanged,
                format!("{change}: encoded and decoded the same (an optional field reads `null` as `None`)"),
            ));
        }
    }
    for (direction, what) in constraint_changes(&old.constraints, &new.constraints) {
        let (severity, kind, effect) = if !scope.holder.sent() {
            (Severity::Patch, ChangeKind::ConstraintChanged, "docs only: responses are not validated")
        } else {
            match direction {
                Direction::Looser => (
                    Severity::Minor,
                    ChangeKind::ConstraintLoosened,
                    "loosened: every value accepted before still is",
                ),
                Direction::Tighter => (
                    Severity::Major,
                    ChangeKind::ConstraintTightened,
                    "tightened: `build()` now rejects values it accepted",
                ),
                Direction::Unknown => (
                    Severity::Major,
                    ChangeKind::ConstraintTightened,
                    "changed: it may reject values accepted before",
                ),
            }
        };
        found.push((severity, kind, format!("{what}: {effect}")));
    }
    if old.sensitive != new.sensitive {
        let effect = if new.sensitive {
            "now redacted in `Debug` output"
        } else {
            "no longer redacted in `Debug` output"
        };
        found.push((Severity::Minor, ChangeKind::SensitivityChanged, effect.to_owned()));
    }
    if old.deprecated != new.deprecated {
        let effect = if new.deprecated { "now `#[deprecated]`" } else { "no longer `#[deprecated]`" };
        found.push((Severity::Minor, ChangeKind::DeprecationChanged, effect.to_owned()));
    }
    let mut docs = Vec::new();
    for (what, changed) in [
        ("doc", old.doc != new.doc),
        ("example", old.example != new.example),
        ("default", old.default != new.default),
    ] {
        if changed {
            docs.push(what);
        }
    }
    if !docs.is_empty() {
        found.push((Severity::Patch, ChangeKind::DocsChanged, format!("{} changed", docs.join(", "))));
    }
    for (severity, kind, message) in found {
        cx.push(severity, kind, path.to_owned(), rust.clone(), site, Tree::New, message);
    }
}

/// Named types compare by name: a type changing kind is reported once, for the type.
fn same_ty(a: &Ty, b: &Ty) -> bool {
    match (a, b) {
        (Ty::Named { name: x, .. }, Ty::Named { name: y, .. }) => x == y,
        (Ty::List(x), Ty::List(y)) | (Ty::Map(x), Ty::Map(y)) | (Ty::JsonString(x), Ty::JsonString(y)) => {
            same_ty(x, y)
        }
        _ => a == b,
    }
}

/// A type as the spec writes it.
fn type_expr(ty: &Ty) -> String {
    match ty {
        Ty::String => "string".into(),
        Ty::I32 => "int32".into(),
        Ty::I64 => "int64".into(),
        Ty::F64 => "float64".into(),
        Ty::Bool => "bool".into(),
        Ty::Timestamp(TimestampFormat::Rfc3339) => "timestamp".into(),
        Ty::Timestamp(TimestampFormat::Datetime) => "timestamp (format: datetime)".into(),
        Ty::LenientTimestamp(TimestampFormat::Rfc3339) => "timestamp (lenient)".into(),
        Ty::LenientTimestamp(TimestampFormat::Datetime) => "timestamp (format: datetime, lenient)".into(),
        Ty::Timestamp(TimestampFormat::EpochSeconds) => "timestamp (format: epoch_seconds)".into(),
        Ty::Timestamp(TimestampFormat::EpochMillis) => "timestamp (format: epoch_millis)".into(),
        Ty::LenientTimestamp(format) => format!("timestamp ({format:?}, lenient)"),
        Ty::Nullable(inner) => format!("{}?", type_expr(inner)),
        Ty::NumberOrString => "number_or_string".into(),
        Ty::Bytes => "bytes".into(),
        Ty::Binary => "binary".into(),
        Ty::Json => "json".into(),
        Ty::List(inner) => format!("list<{}>", type_expr(inner)),
        Ty::Map(inner) => format!("map<{}>", type_expr(inner)),
        Ty::JsonString(inner) => format!("json_string<{}>", type_expr(inner)),
        Ty::Named { name, .. } => name.clone(),
    }
}

/// The Rust type of a value, for messages (the emitter's spelling, shortened).
fn rust_type(ty: &Ty) -> String {
    match ty {
        Ty::String | Ty::Bytes => "String".into(),
        Ty::Binary => "BinaryBody".into(),
        Ty::NumberOrString => "NumberOrString".into(),
        Ty::I32 => "i32".into(),
        Ty::I64 => "i64".into(),
        Ty::F64 => "f64".into(),
        Ty::Bool => "bool".into(),
        Ty::Timestamp(TimestampFormat::Rfc3339) => "OffsetDateTime".into(),
        Ty::Timestamp(TimestampFormat::Datetime) => "PrimitiveDateTime".into(),
        Ty::LenientTimestamp(TimestampFormat::Rfc3339) => "LenientTime<OffsetDateTime>".into(),
        Ty::LenientTimestamp(TimestampFormat::Datetime) => "LenientTime<PrimitiveDateTime>".into(),
        Ty::Timestamp(_) => "OffsetDateTime".into(),
        Ty::LenientTimestamp(_) => "LenientTime<OffsetDateTime>".into(),
        Ty::Nullable(inner) => format!("Option<{}>", rust_type(inner)),
        Ty::Json => "serde_json::Value".into(),
        Ty::List(inner) => format!("Vec<{}>", rust_type(inner)),
        Ty::Map(inner) => format!("BTreeMap<String, {}>", rust_type(inner)),
        Ty::JsonString(inner) => rust_type(inner),
        Ty::Named { name, .. } => name.clone(),
    }
}

fn presence(field: &Field) -> &'static str {
    match (field.required, field.nullable) {
        (true, false) => "required",
        (true, true) => "required, nullable",
        (false, true) => "optional, nullable",
        (false, false) => "optional",
    }
}

/// An auth scheme as the spec writes it.
/// Whether a constraint change accepts more or fewer values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// Every value accepted before is still accepted.
    Looser,
    /// Some value accepted before is now rejected.
    Tighter,
    /// Cannot tell (two different patterns): treated as tighter.
    Unknown,
}

/// One entry per constraint attribute that changed, with a description of the change.
fn constraint_changes(old: &ir::Constraints, new: &ir::Constraints) -> Vec<(Direction, String)> {
    let mut out = Vec::new();
    let show = |v: Option<String>| v.unwrap_or_else(|| "none".to_owned());
    let mut bound = |name: &str, a: Option<f64>, b: Option<f64>, lower: bool| {
        let direction = match (a, b) {
            (x, y) if x == y => return,
            (None, Some(_)) => Direction::Tighter,
            (Some(_), None) => Direction::Looser,
            (Some(x), Some(y)) => {
                if (y > x) == lower {
                    Direction::Tighter
                } else {
                    Direction::Looser
                }
            }
            (None, None) => return,
        };
        out.push((direction, format!("`{name}` {} → {}", show(a.map(fmt_num)), show(b.map(fmt_num)))));
    };
    // A lower bound of 0 on a length or a count accepts everything, like no bound.
    let zero_is_none = |v: Option<u64>| v.filter(|v| *v > 0).map(|v| v as f64);
    bound("min_length", zero_is_none(old.min_length), zero_is_none(new.min_length), true);
    bound("max_length", old.max_length.map(|v| v as f64), new.max_length.map(|v| v as f64), false);
    bound("minimum", old.minimum, new.minimum, true);
    bound("maximum", old.maximum, new.maximum, false);
    bound("min_items", zero_is_none(old.min_items), zero_is_none(new.min_items), true);
    bound("max_items", old.max_items.map(|v| v as f64), new.max_items.map(|v| v as f64), false);

    let unit = |c: &ir::Constraints| c.length_unit.unwrap_or(LengthUnit::Chars);
    if unit(old) != unit(new) && (new.min_length.is_some() || new.max_length.is_some()) {
        // A string has at least as many UTF-8 bytes as characters: counting bytes makes a maximum
        // stricter and a minimum easier to reach.
        let to_bytes = unit(new) == LengthUnit::Bytes;
        let tighter = if to_bytes { new.max_length.is_some() } else { new.min_length.is_some_and(|m| m > 0) };
        let name = |u: LengthUnit| if u == LengthUnit::Bytes { "bytes" } else { "chars" };
        out.push((
            if tighter { Direction::Tighter } else { Direction::Looser },
            format!("`length_unit` {} → {}", name(unit(old)), name(unit(new))),
        ));
    }
    match (&old.pattern, &new.pattern) {
        (a, b) if a == b => {}
        (None, Some(b)) => out.push((Direction::Tighter, format!("`pattern` none → `{b}`"))),
        (Some(a), None) => out.push((Direction::Looser, format!("`pattern` `{a}` → none"))),
        (Some(a), Some(b)) => out.push((Direction::Unknown, format!("`pattern` `{a}` → `{b}`"))),
        (None, None) => {}
    }
    match (old.multiple_of, new.multiple_of) {
        (a, b) if a == b => {}
        (a, b) => {
            let direction = match (a, b) {
                (_, None) | (_, Some(1)) => Direction::Looser,
                (None, Some(_)) => Direction::Tighter,
                // Every multiple of `x` is a multiple of `y` exactly when `y` divides `x`.
                (Some(x), Some(y)) if y != 0 && x % y == 0 => Direction::Looser,
                (Some(_), Some(_)) => Direction::Tighter,
            };
            out.push((
                direction,
                format!(
                    "`multiple_of` {} → {}",
                    show(a.map(|v| v.to_string())),
                    show(b.map(|v| v.to_string()))
                ),
            ));
        }
    }
    out
}

fn fmt_num(value: f64) -> String {
    format!("{value}")
}
