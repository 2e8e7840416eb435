//! Synthetic spec trees for benchmarks: `ops` operations shaped like the five seed specs, spread
//! over services of 20–50 operations and over all five protocols.
//!
//! Performance is measured on trees of 100 to 10,000 operations, far more than the hand-written
//! specs hold, so the trees are made here. What matters for a benchmark is that they cost what
//! real specs cost: every protocol with its auth schemes and endpoint template, path, query,
//! header and payload fields where the protocol allows them, nested named types, enums, every
//! kind of constraint, lists, maps, timestamps in both formats, JSON-in-a-string documents,
//! common and per-operation error codes, and examples that match the schema (and round-trip
//! through the generated types). Every tree passes `lint`, and its generated crate compiles.
//!
//! The output depends only on `(ops, seed)`: a small PRNG of our own (splitmix64), no hash-map
//! iteration, no clock, and a hand-written YAML/JSON printer, so the bytes are the same on every
//! machine and a benchmark result can be reproduced anywhere.

#[path = "synth_paging.rs"]
mod synth_paging;
#[path = "synth_provider.rs"]
mod synth_provider;
#[path = "synth_shapes.rs"]
mod synth_shapes;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use cloudspec_spec::Protocol;
use cloudspec_spec::names;

/// The seed the benchmarks use when none is given.
pub const DEFAULT_SEED: u64 = 1;

/// What [`synth`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthSummary {
    pub operations: usize,
    pub services: Vec<SynthService>,
    /// Files written (service.yaml files included).
    pub files: usize,
    /// Bytes written in all files.
    pub bytes: usize,
}

/// One synthesized service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthService {
    pub provider: String,
    pub service: String,
    pub protocol: Protocol,
    /// Operation files relative to the tree root, e.g. `tencent/compute0/create_cluster.yaml`.
    pub operation_files: Vec<String>,
}

/// One file of a synthesized tree: its path relative to the tree root, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthFile {
    pub path: String,
    pub contents: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    #[error("a spec tree needs at least one operation")]
    NoOperations,
    /// Refused so that a typo in `--out` can never mix a synthetic tree into real specs.
    #[error("{} exists and is not empty; synth writes only into a new or empty folder", .0.display())]
    NotEmpty(PathBuf),
    #[error("cannot write {}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
}

/// Writes a spec tree of `ops` operations under `out` (which must be missing or empty).
pub fn synth(out: &Path, ops: usize, seed: u64) -> Result<SynthSummary, SynthError> {
    let (summary, files) = synth_files(ops, seed)?;
    let io_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| SynthError::Io { path, source }
    };
    match std::fs::read_dir(out) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(SynthError::NotEmpty(out.to_path_buf()));
            }
        }
        Err(error) if error.kind() == io::ErrorKind::NotFound => {}
        Err(error) => return Err(io_error(out)(error)),
    }
    for file in &files {
        let path = out.join(&file.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io_error(dir))?;
        }
        std::fs::write(&path, &file.contents).map_err(io_error(&path))?;
    }
    Ok(summary)
}

/// The files [`synth`] writes, in memory.
pub fn synth_files(ops: usize, seed: u64) -> Result<(SynthSummary, Vec<SynthFile>), SynthError> {
    if ops == 0 {
        return Err(SynthError::NoOperations);
    }
    let mut files = Vec::new();
    let mut services = Vec::new();
    // The protocol rotation starts at a seed-dependent place, so that one-service trees of
    // different seeds cover every protocol.
    let first_protocol = (seed % PROFILES.len() as u64) as usize;
    for (index, size) in service_sizes(ops, seed).into_iter().enumerate() {
        let profile = &PROFILES[(first_protocol + index) % PROFILES.len()];
        // Each service draws from its own stream: service i is the same in every tree that has it.
        let rng = Rng::new(seed ^ (index as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03));
        let service = ServiceBuilder::new(profile, index, seed, rng).build(size);
        let dir = format!("{}/{}", profile.provider, service.name);
        files.push(SynthFile { path: format!("{dir}/service.yaml"), contents: service.service_yaml });
        let mut operation_files = Vec::new();
        for (file_name, contents) in service.operations {
            let path = format!("{dir}/{file_name}");
            operation_files.push(path.clone());
            files.push(SynthFile { path, contents });
        }
        services.push(SynthService {
            provider: profile.provider.to_owned(),
            service: service.name,
            protocol: profile.protocol,
            operation_files,
        });
    }
    // After every service, so that service i's files stay the same in every tree that has it.
    files.extend(synth_provider::provider_files(&services, seed));
    let summary = SynthSummary {
        operations: ops,
        files: files.len(),
        bytes: files.iter().map(|f| f.contents.len()).sum(),
        services,
    };
    Ok((summary, files))
}

/// Operations per service: 20–50 each (one smaller service only when `ops` < 20).
fn service_sizes(ops: usize, seed: u64) -> Vec<usize> {
    let mut rng = Rng::new(seed.wrapping_add(0x5EED));
    let mut sizes = Vec::new();
    let mut left = ops;
    while left > 0 {
        let size = if left <= 50 { left } else { rng.between(20, 50.min(left - 20)) };
        sizes.push(size);
        left -= size;
    }
    sizes
}

// ---------------------------------------------------------------------------------------------
// Randomness

/// splitmix64: tiny, fast, good enough for picking shapes, and identical everywhere.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0), by multiply-shift rather than `%` to avoid modulo bias.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn percent(&mut self, p: usize) -> bool {
        self.below(100) < p
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// Between `lo` and `hi` distinct items, in a random order.
    fn sample_between<T: Copy>(&mut self, items: &[T], lo: usize, hi: usize) -> Vec<T> {
        let k = self.between(lo, hi);
        self.sample(items, k)
    }

    /// `k` distinct items in a random order.
    fn sample<T: Copy>(&mut self, items: &[T], k: usize) -> Vec<T> {
        let mut pool = items.to_vec();
        let k = k.min(pool.len());
        for i in 0..k {
            let j = i + self.below(pool.len() - i);
            pool.swap(i, j);
        }
        pool.truncate(k);
        pool
    }
}

// ---------------------------------------------------------------------------------------------
// Protocol profiles: what the seed service.yaml of each protocol looks like.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    /// `InstanceId` (Tencent, Alibaba RPC).
    Pascal,
    /// `instanceId` (OCI).
    Camel,
    /// `instance_id` (Huawei, PDS).
    Snake,
}

struct Profile {
    protocol: Protocol,
    yaml: &'static str,
    provider: &'static str,
    vendor: &'static str,
    style: Style,
}

const PROFILES: [Profile; 5] = [
    Profile {
        protocol: Protocol::TencentJson,
        yaml: "tencent_json",
        provider: "tencent",
        vendor: "Tencent Cloud",
        style: Style::Pascal,
    },
    Profile {
        protocol: Protocol::OciRest,
        yaml: "oci_rest",
        provider: "oci",
        vendor: "Oracle Cloud Infrastructure",
        style: Style::Camel,
    },
    Profile {
        protocol: Protocol::HuaweiRest,
        yaml: "huawei_rest",
        provider: "huawei",
        vendor: "Huawei Cloud",
        style: Style::Snake,
    },
    Profile {
        protocol: Protocol::PdsRoa,
        yaml: "pds_roa",
        provider: "alibaba",
        vendor: "Alibaba Cloud",
        style: Style::Snake,
    },
    Profile {
        protocol: Protocol::AcsRpc,
        yaml: "acs_rpc",
        provider: "alibaba",
        vendor: "Alibaba Cloud",
        style: Style::Pascal,
    },
];

const SERVICE_WORDS: &[&str] = &[
    "compute",
    "storage",
    "network",
    "database",
    "analytics",
    "queue",
    "cache",
    "search",
    "monitor",
    "identity",
    "registry",
    "pipeline",
    "workflow",
    "gateway",
    "notebook",
    "catalog",
    "stream",
    "backup",
    "dns",
    "kms",
    "lakehouse",
    "scheduler",
    "mesh",
    "vault",
];

/// Resource nouns; none equals a shared type name (`Tag`, `Filter`, `Error...`).
const NOUNS: &[&str] = &[
    "Cluster",
    "Instance",
    "Volume",
    "Snapshot",
    "Bucket",
    "Queue",
    "Topic",
    "Subscription",
    "Database",
    "Table",
    "Index",
    "Job",
    "Task",
    "Pipeline",
    "Workflow",
    "Node",
    "Pool",
    "Endpoint",
    "Gateway",
    "Route",
    "Certificate",
    "Key",
    "Secret",
    "Policy",
    "Role",
    "User",
    "Group",
    "Project",
    "Workspace",
    "Notebook",
    "Dataset",
    "Model",
    "Alarm",
    "Dashboard",
    "Backup",
    "Image",
    "Template",
    "Namespace",
    "Repository",
    "Branch",
    "Release",
    "Domain",
    "Record",
    "Listener",
    "Rule",
];

const ACTIONS: &[&str] = &["Start", "Stop", "Restart", "Resize", "Enable", "Disable", "Attach", "Detach"];

const STATES: &[&str] =
    &["creating", "running", "stopped", "deleting", "failed", "updating", "available", "suspended"];

const WORDS: &[&str] = &[
    "alpha", "bravo", "delta", "echo", "kilo", "lima", "nova", "orion", "pixel", "quartz", "sierra", "tango",
    "vega", "zulu",
];

/// A noun's plural as the vendors write it in operation names (`ListPolicies`, `ListGateways`).
fn plural(noun: &str) -> String {
    let consonant_y =
        noun.len() > 1 && noun.ends_with('y') && !noun[..noun.len() - 1].ends_with(['a', 'e', 'o', 'u']);
    if let Some(stem) = noun.strip_suffix('y').filter(|_| consonant_y) {
        format!("{stem}ies")
    } else if noun.ends_with('s') || noun.ends_with('x') || noun.ends_with("ch") || noun.ends_with("sh") {
        format!("{noun}es")
    } else {
        format!("{noun}s")
    }
}

/// A wire name in the protocol's style from lower-case words.
fn wire(style: Style, words: &[&str]) -> String {
    let mut out = String::new();
    for (i, word) in words.iter().enumerate() {
        match style {
            Style::Snake => {
                if i > 0 {
                    out.push('_');
                }
                out.push_str(word);
            }
            Style::Camel if i == 0 => out.push_str(word),
            Style::Camel | Style::Pascal => {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    out.push(first.to_ascii_uppercase());
                    out.push_str(chars.as_str());
                }
            }
        }
    }
    out
}

/// An enum value in the vendor's spelling: `RUNNING`, `Running` or `running`.
fn enum_value(protocol: Protocol, word: &str) -> String {
    match protocol {
        Protocol::TencentJson | Protocol::OciRest => word.to_ascii_uppercase(),
        Protocol::AcsRpc => wire(Style::Pascal, &[word]),
        Protocol::HuaweiRest | Protocol::PdsRoa => word.to_owned(),
    }
}

// ---------------------------------------------------------------------------------------------
// The spec model synth builds, then prints.

#[derive(Debug, Clone, PartialEq)]
enum Ty {
    Str,
    I32,
    I64,
    F64,
    Bool,
    /// `true`: `format: datetime` (Tencent's zone-less form).
    Time(bool),
    Bytes,
    Json,
    /// `true`: `format: epoch_millis`; `false`: `epoch_seconds`.
    Epoch(bool),
    NumberOrString,
    /// Raw bytes, the whole body.
    Binary,
    List(Box<Ty>),
    Map(Box<Ty>),
    JsonString(String),
    Named(String),
}

impl Ty {
    fn expr(&self) -> String {
        match self {
            Ty::Str => "string".into(),
            Ty::I32 => "int32".into(),
            Ty::I64 => "int64".into(),
            Ty::F64 => "float64".into(),
            Ty::Bool => "bool".into(),
            Ty::Time(_) | Ty::Epoch(_) => "timestamp".into(),
            Ty::Bytes => "bytes".into(),
            Ty::Json => "json".into(),
            Ty::NumberOrString => "number_or_string".into(),
            Ty::Binary => "binary".into(),
            Ty::List(inner) => format!("list<{}>", inner.expr()),
            Ty::Map(inner) => format!("map<{}>", inner.expr()),
            Ty::JsonString(name) => format!("json_string<{name}>"),
            Ty::Named(name) => name.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Loc {
    Path,
    Query,
    Header,
    Body,
    Payload,
}

/// Regular expressions spec authors write, each with a value that matches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pattern {
    Ident,
    NoSlash,
    LeadingSlash,
    Prefixed(&'static str),
    Email,
    Url,
    NoHash,
    Token,
    Version,
}

impl Pattern {
    fn regex(self) -> String {
        match self {
            Pattern::Ident => "^[A-Za-z][A-Za-z0-9_.-]*$".into(),
            Pattern::NoSlash => "^[^/]*$".into(),
            Pattern::LeadingSlash => "^/".into(),
            Pattern::Prefixed(prefix) => format!("^{prefix}-[a-z0-9]{{8}}$"),
            Pattern::Email => r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$".into(),
            Pattern::Url => "^https?://".into(),
            Pattern::NoHash => "^[^#]*$".into(),
            Pattern::Token => "^[A-Za-z0-9_-]+$".into(),
            Pattern::Version => r"^[0-9]+\.[0-9]+\.[0-9]+$".into(),
        }
    }

    fn sample(self, rng: &mut Rng) -> String {
        let word = rng.pick(WORDS);
        let n = rng.below(1000);
        match self {
            Pattern::Ident => format!("{word}-{n}"),
            Pattern::NoSlash => format!("{word}-{n}.txt"),
            Pattern::LeadingSlash => format!("/data/{word}/{n}"),
            Pattern::Prefixed(prefix) => format!("{prefix}-{}", alnum(rng, 8)),
            Pattern::Email => format!("{word}{n}@example.com"),
            Pattern::Url => format!("https://{word}.example.com/hook/{n}"),
            Pattern::NoHash => format!("{word}{n}"),
            Pattern::Token => format!("{word}_{}", alnum(rng, 12)),
            Pattern::Version => format!("{}.{}.{}", n % 5, n % 17, n % 31),
        }
    }
}

fn alnum(rng: &mut Rng, len: usize) -> String {
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    (0..len).map(|_| char::from(CHARS[rng.below(CHARS.len())])).collect()
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Constraints {
    min_length: Option<u64>,
    max_length: Option<u64>,
    /// `Some(true)`: `length_unit: bytes`; `Some(false)`: `chars`.
    bytes_unit: Option<bool>,
    minimum: Option<f64>,
    maximum: Option<f64>,
    pattern: Option<Pattern>,
    min_items: Option<u64>,
    max_items: Option<u64>,
    multiple_of: Option<i64>,
    /// `items:` of a list: each item's constraints.
    items: Option<Box<Constraints>>,
    /// `items: { nullable: true }`.
    items_nullable: bool,
}

#[derive(Debug, Clone)]
struct Field {
    wire: String,
    ty: Ty,
    required: bool,
    nullable: bool,
    location: Option<Loc>,
    default: Option<Value>,
    doc: String,
    /// Whether the field carries an `example:` (its value is drawn when printing).
    example: bool,
    constraints: Constraints,
    sensitive: bool,
    deprecated: bool,
    /// `presigned: upload` or `download`.
    presigned: Option<&'static str>,
    /// A `# ...` line above the field, as the seeds record their decisions.
    comment: Option<String>,
}

impl Field {
    fn new(wire: String, ty: Ty, doc: String) -> Self {
        Field {
            wire,
            ty,
            required: false,
            nullable: false,
            location: None,
            default: None,
            doc,
            example: false,
            constraints: Constraints::default(),
            sensitive: false,
            deprecated: false,
            presigned: None,
            comment: None,
        }
    }

    fn required(mut self) -> Self {
        self.required = true;
        self
    }

    fn at(mut self, location: Loc) -> Self {
        self.location = Some(location);
        self
    }

    fn with_example(mut self) -> Self {
        self.example = true;
        self
    }

    /// Whether serde carries the field in the request or response document.
    fn in_document(&self) -> bool {
        !matches!(self.location, Some(Loc::Path | Loc::Header))
    }
}

#[derive(Debug, Clone)]
enum Kind {
    Object(Vec<Field>),
    Enum(Vec<(String, Option<String>)>),
    /// An enum written with `name:` on every value (integer, boolean, or text values with a
    /// deprecated one).
    Named(Vec<EnumValue>),
}

#[derive(Debug, Clone)]
struct EnumValue {
    value: Value,
    name: &'static str,
    deprecated: bool,
}

#[derive(Debug, Clone)]
struct TypeDef {
    name: String,
    doc: String,
    kind: Kind,
    comment: Option<String>,
}

#[derive(Debug, Clone)]
struct ErrorEntry {
    status: Option<u16>,
    code: Option<String>,
    doc: String,
}

#[derive(Debug, Clone)]
struct Example {
    title: String,
    request: Option<Value>,
    status: u16,
    response: Option<Value>,
}

/// A service's common error code as the seeds list it: status, code, meaning.
type CommonError = (Option<u16>, &'static str, &'static str);

/// Every named type of a service by name, for drawing example values.
type Registry = BTreeMap<String, Kind>;

/// Field lists that never hold two fields with the same Rust name (the catalogue and the fixed
/// fields of an operation can both produce `ImageId`, say).
#[derive(Default)]
struct Fields {
    list: Vec<Field>,
    rust_names: BTreeSet<String>,
}

impl Fields {
    fn push(&mut self, field: Field) -> bool {
        if self.rust_names.insert(names::field_name(&field.wire)) {
            self.list.push(field);
            true
        } else {
            false
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The field catalogue: the ordinary fields of cloud APIs, each with the constraints its pages
// usually state.

#[derive(Debug, Clone, Copy)]
enum Gen {
    Name,
    Description,
    Text,
    Id(&'static str),
    Count,
    Size,
    Port,
    Offset,
    Percent,
    Flag,
    Time,
    Labels,
    Ids,
    Numbers,
    Blob,
    Document,
    Email,
    Url,
    Path,
    Secret,
    Priority,
    Version,
}

const CATALOGUE: &[(&[&str], Gen)] = &[
    (&["display", "name"], Gen::Name),
    (&["alias"], Gen::Name),
    (&["description"], Gen::Description),
    (&["remark"], Gen::Description),
    (&["owner"], Gen::Text),
    (&["creator"], Gen::Text),
    (&["zone"], Gen::Text),
    (&["vpc", "id"], Gen::Id("vpc")),
    (&["subnet", "id"], Gen::Id("subnet")),
    (&["image", "id"], Gen::Id("img")),
    (&["key", "pair", "id"], Gen::Id("kp")),
    (&["instance", "count"], Gen::Count),
    (&["replica", "count"], Gen::Count),
    (&["max", "retries"], Gen::Count),
    (&["disk", "size"], Gen::Size),
    (&["capacity", "bytes"], Gen::Size),
    (&["port"], Gen::Port),
    (&["listen", "port"], Gen::Port),
    (&["part", "offset"], Gen::Offset),
    (&["block", "offset"], Gen::Offset),
    (&["cpu", "ratio"], Gen::Percent),
    (&["weight"], Gen::Percent),
    (&["enabled"], Gen::Flag),
    (&["dry", "run"], Gen::Flag),
    (&["auto", "renew"], Gen::Flag),
    (&["expire", "time"], Gen::Time),
    (&["start", "time"], Gen::Time),
    (&["labels"], Gen::Labels),
    (&["annotations"], Gen::Labels),
    (&["security", "group", "ids"], Gen::Ids),
    (&["member", "ids"], Gen::Ids),
    (&["checksums"], Gen::Numbers),
    (&["shard", "sizes"], Gen::Numbers),
    (&["content"], Gen::Blob),
    (&["user", "data"], Gen::Blob),
    (&["extra", "config"], Gen::Document),
    (&["properties"], Gen::Document),
    (&["notify", "email"], Gen::Email),
    (&["callback", "url"], Gen::Url),
    (&["mount", "path"], Gen::Path),
    (&["admin", "password"], Gen::Secret),
    (&["priority"], Gen::Priority),
    (&["engine", "version"], Gen::Version),
];

/// Extra sentences of the kind vendor pages add to field descriptions.
const DOC_TAILS: &[&str] = &[
    "",
    "",
    " This parameter takes effect only when the resource is running.",
    " If you do not specify this parameter, the default value is used.",
    " For more information, see https://example.com/docs/limits.",
    " Note: This field may return null, indicating that no valid values can be obtained.",
    " [optional] Set by the server if omitted.",
    " The value is case-sensitive.",
];

fn catalogue_field(rng: &mut Rng, protocol: Protocol, style: Style, words: &[&str], generator: Gen) -> Field {
    let name = wire(style, words);
    let what = words.join(" ");
    let tail = rng.pick(DOC_TAILS);
    let mut c = Constraints::default();
    let mut default = None;
    let (ty, doc) = match generator {
        Gen::Name => {
            c.min_length = Some(1);
            c.max_length = Some(rng.pick(&[64, 128, 255]));
            c.pattern = Some(Pattern::Ident);
            (
                Ty::Str,
                format!(
                    "The {what}. It must start with a letter and can contain letters, digits, periods (.), underscores (_) and hyphens (-)."
                ),
            )
        }
        Gen::Description => {
            c.max_length = Some(rng.pick(&[256, 1024, 2048]));
            c.bytes_unit = Some(rng.percent(50));
            (Ty::Str, format!("The {what}. By default, this parameter is left empty.{tail}"))
        }
        Gen::Text => (Ty::Str, format!("The {what}.{tail}")),
        Gen::Id(prefix) => {
            c.pattern = Some(Pattern::Prefixed(prefix));
            (
                Ty::Str,
                format!("The ID of the {}, e.g. {prefix}-2bfa8813.", words[..words.len() - 1].join(" ")),
            )
        }
        Gen::Count => {
            c.minimum = Some(0.0);
            c.maximum = Some(rng.pick(&[100.0, 1000.0, 10000.0]));
            if rng.percent(30) {
                default = Some(Value::from(1));
            }
            (Ty::I32, format!("The {what}. Value range: {}~{}.", 0, c.maximum.unwrap_or_default()))
        }
        Gen::Size => {
            c.minimum = Some(0.0);
            if rng.percent(50) {
                c.maximum = Some(1_099_511_627_776.0);
            }
            (Ty::I64, format!("The {what}. Unit: bytes.{tail}"))
        }
        Gen::Port => {
            c.minimum = Some(1.0);
            c.maximum = Some(65535.0);
            (Ty::I32, format!("The {what}. Value range: 1~65535."))
        }
        Gen::Offset => {
            c.minimum = Some(0.0);
            c.multiple_of = Some(rng.pick(&[64, 512, 4096]));
            let unit = c.multiple_of.unwrap_or(1);
            (Ty::I64, format!("The {what}. Unit: bytes. The value must be a multiple of {unit}."))
        }
        Gen::Percent => {
            c.minimum = Some(0.0);
            c.maximum = Some(100.0);
            (Ty::F64, format!("The {what}, in percent (0 ≤ value ≤ 100)."))
        }
        Gen::Flag => {
            if rng.percent(50) {
                default = Some(Value::Bool(false));
            }
            (Ty::Bool, format!("Specifies whether {what} applies. Default value: false."))
        }
        Gen::Time => {
            let datetime = protocol == Protocol::TencentJson;
            let format = if datetime { "yyyy-MM-dd HH:mm:ss" } else { "yyyy-MM-ddTHH:mm:ssZ" };
            (Ty::Time(datetime), format!("The {what}, in the {format} format."))
        }
        Gen::Labels => {
            c.max_items = Some(rng.pick(&[20, 50]));
            (
                Ty::Map(Box::new(Ty::Str)),
                format!(
                    "The {what}, as key-value pairs. You can specify up to {} pairs.",
                    c.max_items.unwrap_or_default()
                ),
            )
        }
        Gen::Ids => {
            c.min_items = Some(1);
            c.max_items = Some(rng.pick(&[20, 100]));
            (
                Ty::List(Box::new(Ty::Str)),
                format!("The {what}. You can specify up to {} IDs.", c.max_items.unwrap_or_default()),
            )
        }
        Gen::Numbers => {
            if rng.percent(50) {
                c.min_items = Some(5);
                c.max_items = Some(5);
            }
            (Ty::List(Box::new(Ty::I64)), format!("The {what}. Each item is an unsigned 32-bit value."))
        }
        Gen::Blob => {
            c.max_length = Some(rng.pick(&[4096, 65536]));
            c.bytes_unit = Some(true);
            (Ty::Bytes, format!("The {what}, Base64-encoded.{tail}"))
        }
        Gen::Document => {
            (Ty::Json, format!("The {what}, as a JSON object. The fields depend on the engine."))
        }
        Gen::Email => {
            c.pattern = Some(Pattern::Email);
            (Ty::Str, format!("The {what} address."))
        }
        Gen::Url => {
            c.max_length = Some(2048);
            c.pattern = Some(Pattern::Url);
            (Ty::Str, format!("The {what}. It must start with http:// or https://."))
        }
        Gen::Path => {
            c.max_length = Some(1024);
            c.pattern = Some(Pattern::LeadingSlash);
            (Ty::Str, format!("The {what}. The path must start with a slash (/)."))
        }
        Gen::Secret => {
            c.min_length = Some(8);
            c.max_length = Some(64);
            (Ty::Str, format!("The {what}. It must be 8 to 64 characters long."))
        }
        Gen::Priority => {
            c.minimum = Some(0.0);
            c.maximum = Some(100.0);
            c.multiple_of = Some(10);
            (Ty::I32, format!("The {what}. A multiple of 10 from 0 to 100; a larger value is served first."))
        }
        Gen::Version => {
            c.pattern = Some(Pattern::Version);
            (Ty::Str, format!("The {what}, e.g. 8.0.32."))
        }
    };
    let mut field = Field::new(name, ty, doc);
    field.constraints = c;
    field.default = default;
    field.sensitive = matches!(generator, Gen::Secret) || words == ["user", "data"];
    field.deprecated = rng.percent(3);
    field.example = !matches!(field.ty, Ty::Json | Ty::Map(_)) && rng.percent(50);
    if field.constraints.pattern.is_some() && rng.percent(20) {
        field.comment = Some(format!("\"{}\" on the page -> pattern", field.doc.trim_end_matches('.')));
    }
    field
}

// ---------------------------------------------------------------------------------------------
// Building one service.

/// The verbs of a resource's operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verb {
    Create,
    Get,
    List,
    Update,
    Delete,
    Action(&'static str),
}

struct Operation {
    name: String,
    summary: String,
    doc: String,
    docs: String,
    method: &'static str,
    path: String,
    idempotent: bool,
    decision: String,
    idempotency_token: Option<String>,
    rate_limit: Option<u32>,
    input_doc: Option<String>,
    input: Vec<Field>,
    status: u16,
    output: Vec<Field>,
    types: Vec<TypeDef>,
    errors: Vec<ErrorEntry>,
    examples: Vec<Example>,
    /// `output.max_body_bytes` of a binary response.
    max_body_bytes: Option<u64>,
    /// The `wait:` block, printed as is.
    wait: Option<String>,
}

struct BuiltService {
    name: String,
    service_yaml: String,
    /// (file name, contents), in operation order.
    operations: Vec<(String, String)>,
}

struct ServiceBuilder {
    profile: &'static Profile,
    protocol: Protocol,
    style: Style,
    index: usize,
    seed: u64,
    name: String,
    api_version: String,
    rng: Rng,
    /// OCI: resources live under a parent path segment with its own key, in some services.
    oci_parent: Option<(&'static str, &'static str)>,
    /// Alibaba RPC: whether operations take a `RegionId` parameter.
    acs_region: bool,
    service_types: Vec<TypeDef>,
    registry: Registry,
    error_shape: String,
    errors: Vec<ErrorEntry>,
    /// How many of `service_types` (the first ones) are the error envelope.
    envelope_types: usize,
    /// Every common error code of the protocol (`errors` keeps a part of them).
    common_errors: Vec<ErrorEntry>,
    /// The fields of each resource's object type, keyed by noun (PDS responses are flat).
    resources: BTreeMap<&'static str, Vec<Field>>,
}

impl ServiceBuilder {
    fn new(profile: &'static Profile, index: usize, seed: u64, mut rng: Rng) -> Self {
        let word = SERVICE_WORDS[index % SERVICE_WORDS.len()];
        let api_version = match profile.protocol {
            Protocol::TencentJson | Protocol::AcsRpc => {
                format!("20{}-{:02}-{:02}", 18 + rng.below(8), 1 + rng.below(12), 1 + rng.below(28))
            }
            Protocol::OciRest => {
                format!("20{}{:02}{:02}", 18 + rng.below(8), 1 + rng.below(12), 1 + rng.below(28))
            }
            Protocol::HuaweiRest => format!("v{}", 1 + rng.below(5)),
            Protocol::PdsRoa => "v2".to_owned(),
        };
        let oci_parent = (profile.protocol == Protocol::OciRest && rng.percent(40)).then(|| {
            rng.pick(&[
                ("workspaces", "workspaceKey"),
                ("projects", "projectId"),
                ("compartments", "compartmentKey"),
            ])
        });
        let acs_region = rng.percent(50);
        ServiceBuilder {
            profile,
            protocol: profile.protocol,
            style: profile.style,
            index,
            seed,
            name: format!("{word}{index}"),
            api_version,
            rng,
            oci_parent,
            acs_region,
            service_types: Vec::new(),
            registry: Registry::new(),
            error_shape: String::new(),
            errors: Vec::new(),
            envelope_types: 0,
            common_errors: Vec::new(),
            resources: BTreeMap::new(),
        }
    }

    fn w(&self, words: &[&str]) -> String {
        wire(self.style, words)
    }

    fn add_service_type(&mut self, def: TypeDef) {
        self.registry.insert(def.name.clone(), def.kind.clone());
        self.service_types.push(def);
    }

    fn build(mut self, size: usize) -> BuiltService {
        self.shared_types();
        let nouns = self.rng.sample(NOUNS, size.div_ceil(6));
        for noun in &nouns {
            self.resource_types(noun);
        }
        let mut operations = Vec::new();
        'nouns: for noun in &nouns {
            let action = self.rng.pick(ACTIONS);
            for verb in
                [Verb::Create, Verb::Get, Verb::List, Verb::Update, Verb::Delete, Verb::Action(action)]
            {
                if operations.len() == size {
                    break 'nouns;
                }
                let op = self.operation(noun, verb);
                let file = format!("{}.yaml", names::module_name(&op.name));
                let number = operations.len() + 1;
                operations.push((file, self.operation_yaml(&op, number)));
            }
        }
        let service_yaml = self.service_yaml();
        BuiltService { name: self.name, service_yaml, operations }
    }

    /// The error body type, the common error codes and the `Tag` (and Tencent `Filter`) types.
    fn shared_types(&mut self) {
        let s = |text: &str| text.to_owned();
        let (shape, errors): (Vec<TypeDef>, Vec<CommonError>) = match self.protocol {
            Protocol::TencentJson => {
                let info = TypeDef {
                    name: s("ErrorInfo"),
                    doc: s("Error code and message of a failed call."),
                    kind: Kind::Object(vec![
                        Field::new(s("Code"), Ty::Str, s("Error code, e.g. AuthFailure.SignatureFailure."))
                            .required()
                            .with_example(),
                        Field::new(
                            s("Message"),
                            Ty::Str,
                            s("Human-readable error message (wording varies; do not match on it)."),
                        )
                        .required(),
                    ]),
                    comment: None,
                };
                let response = TypeDef {
                    name: s("ErrorResponse"),
                    doc: s("Contents of \"Response\" when an API call failed."),
                    kind: Kind::Object(vec![
                        Field::new(
                            s("Error"),
                            Ty::Named(s("ErrorInfo")),
                            s("Error information. Its presence means that the API call failed."),
                        )
                        .required(),
                        Field::new(
                            s("RequestId"),
                            Ty::Str,
                            s("The unique request ID, generated by the server."),
                        )
                        .required()
                        .with_example(),
                    ]),
                    comment: Some(s("decision: error_shape describes the object INSIDE \"Response\".")),
                };
                self.error_shape = s("ErrorResponse");
                (
                    vec![response, info],
                    vec![
                        (
                            None,
                            "AuthFailure.InvalidAuthorization",
                            "The 'Authorization' header in the request is invalid.",
                        ),
                        (None, "AuthFailure.SignatureExpire", "Signature expired."),
                        (None, "AuthFailure.SignatureFailure", "Invalid signature."),
                        (None, "AuthFailure.UnauthorizedOperation", "The request is not authorized (CAM)."),
                        (None, "FailedOperation", "Operation failed."),
                        (None, "InternalError", "Internal error."),
                        (None, "InvalidAction", "The API does not exist."),
                        (None, "InvalidParameter", "Incorrect parameter."),
                        (None, "InvalidParameterValue", "Invalid parameter value."),
                        (None, "LimitExceeded", "Quota limit exceeded."),
                        (None, "MissingParameter", "A parameter is missing."),
                        (None, "RequestLimitExceeded", "The number of requests exceeds the frequency limit."),
                        (None, "ResourceInUse", "Resource is in use."),
                        (None, "ResourceNotFound", "The resource does not exist."),
                        (None, "UnauthorizedOperation", "Unauthorized operation."),
                        (None, "UnsupportedOperation", "Unsupported operation."),
                    ],
                )
            }
            Protocol::OciRest => (
                vec![TypeDef {
                    name: s("ErrorBody"),
                    doc: s("Error information."),
                    kind: Kind::Object(vec![
                        Field::new(
                            s("code"),
                            Ty::Str,
                            s("A short error code that defines the error, meant for programmatic parsing."),
                        )
                        .required()
                        .with_example(),
                        Field::new(s("message"), Ty::Str, s("A human-readable error message.")).required(),
                    ]),
                    comment: Some(s(
                        "decision: named ErrorBody so that it cannot collide with the runtime's Error<E>.",
                    )),
                }],
                vec![
                    (Some(400), "CannotParseRequest", "The request is incorrectly formatted."),
                    (Some(400), "InvalidParameter", "A parameter is invalid or incorrectly formatted."),
                    (Some(400), "LimitExceeded", "Fulfilling this request exceeds the Oracle-defined limit."),
                    (Some(400), "MissingParameter", "A required parameter is missing."),
                    (
                        Some(401),
                        "NotAuthenticated",
                        "The required authentication information was not provided or was incorrect.",
                    ),
                    (
                        Some(404),
                        "NotAuthorizedOrNotFound",
                        "A resource specified via the URI was not found, or you do not have authorization to access it.",
                    ),
                    (
                        Some(409),
                        "IncorrectState",
                        "The requested state for the resource conflicts with its current state.",
                    ),
                    (
                        Some(412),
                        "NoEtagMatch",
                        "The ETag specified in the request does not match the ETag for the resource.",
                    ),
                    (Some(429), "TooManyRequests", "Too many requests in too short an amount of time."),
                    (Some(500), "InternalServerError", "An internal server error occurred."),
                ],
            ),
            Protocol::HuaweiRest => (
                vec![TypeDef {
                    name: s("ErrorBody"),
                    doc: s("Error response body."),
                    kind: Kind::Object(vec![
                        Field::new(s("error_code"), Ty::Str, s("Definition Error code.")).with_example(),
                        Field::new(s("error_msg"), Ty::Str, s("Definition Error message.")),
                        Field::new(s("request_id"), Ty::Str, s("Request ID (added by API Gateway errors).")),
                    ]),
                    comment: None,
                }],
                vec![
                    (Some(401), "APIGW.0301", "Incorrect IAM authentication information."),
                    (
                        Some(404),
                        "APIGW.0101",
                        "The API does not exist or has not been published in an environment.",
                    ),
                    (Some(429), "APIGW.0308", "The throttling threshold has been reached."),
                    (Some(400), "SVC.00000400", "Invalid request parameter."),
                    (Some(500), "SVC.00000500", "Internal service error."),
                ],
            ),
            Protocol::PdsRoa => (
                vec![TypeDef {
                    name: s("ErrorBody"),
                    doc: s("Error response body."),
                    kind: Kind::Object(vec![
                        Field::new(s("code"), Ty::Str, s("The error code that indicates the error type."))
                            .with_example(),
                        Field::new(
                            s("message"),
                            Ty::Str,
                            s("The error message that indicates the cause and solution of the error."),
                        ),
                        Field::new(s("request_id"), Ty::Str, s("The unique ID of the request.")),
                    ]),
                    comment: None,
                }],
                vec![
                    (Some(400), "InvalidParameter", "The input parameter {parameter_name} is not valid."),
                    (
                        Some(400),
                        "InvalidParameterMissing",
                        "The input parameter {parameter_name} is missing.",
                    ),
                    (
                        Some(400),
                        "InvalidParameterOutOfRange",
                        "The input parameter {parameter_name} is out of range.",
                    ),
                    (Some(403), "ForbiddenNoPermission", "No Permission to access resource {resource_name}."),
                    (Some(500), "InternalError", "The request has been failed due to some unknown error."),
                    (
                        Some(503),
                        "ServiceUnavailable",
                        "The request has failed due to a temporary failure of the server.",
                    ),
                ],
            ),
            Protocol::AcsRpc => (
                vec![TypeDef {
                    name: s("ErrorBody"),
                    doc: s("Error response body of Alibaba Cloud RPC APIs."),
                    kind: Kind::Object(vec![
                        Field::new(s("RequestId"), Ty::Str, s("The request ID.")).with_example(),
                        Field::new(s("HostId"), Ty::Str, s("The endpoint host that handled the request.")),
                        Field::new(s("Code"), Ty::Str, s("The error code.")).with_example(),
                        Field::new(s("Message"), Ty::Str, s("The error message.")),
                        Field::new(s("Recommend"), Ty::Str, s("A troubleshooting URL.")),
                    ]),
                    comment: None,
                }],
                vec![
                    (Some(400), "MissingParameter", "A required parameter is missing."),
                    (Some(400), "InvalidParameter", "A parameter is invalid."),
                    (
                        Some(400),
                        "SignatureDoesNotMatch",
                        "The specified signature does not match our calculation.",
                    ),
                    (Some(400), "SignatureNonceUsed", "The request signature nonce has been used."),
                    (
                        Some(403),
                        "Forbidden.RAM",
                        "The user is not authorized to operate on the specified resource.",
                    ),
                    (Some(404), "InvalidAction.NotFound", "The specified API does not exist."),
                    (None, "Throttling", "The request was denied due to request throttling."),
                    (
                        Some(500),
                        "InternalError",
                        "The request processing has failed due to some unknown error.",
                    ),
                    (
                        Some(503),
                        "ServiceUnavailable",
                        "The request has failed due to a temporary failure of the server.",
                    ),
                ],
            ),
        };
        if self.error_shape.is_empty() {
            self.error_shape = s("ErrorBody");
        }
        self.envelope_types = shape.len();
        for def in shape {
            self.add_service_type(def);
        }
        self.common_errors = errors
            .iter()
            .map(|(status, code, doc)| ErrorEntry {
                status: *status,
                code: Some((*code).to_owned()),
                doc: (*doc).to_owned(),
            })
            .collect();
        // Real services list between a handful and a few dozen common codes.
        let keep = self.rng.between(errors.len() / 2, errors.len());
        self.errors = self.common_errors[..keep].to_vec();

        let mut key =
            Field::new(self.w(&["key"]), Ty::Str, s("The tag key. It cannot contain number signs (#)."))
                .required()
                .with_example();
        key.constraints = Constraints {
            min_length: Some(1),
            max_length: Some(128),
            pattern: Some(Pattern::NoHash),
            ..Constraints::default()
        };
        let mut value = Field::new(self.w(&["value"]), Ty::Str, s("The tag value.")).with_example();
        value.constraints =
            Constraints { max_length: Some(256), bytes_unit: Some(true), ..Constraints::default() };
        self.add_service_type(TypeDef {
            name: s("Tag"),
            doc: s("A key-value tag."),
            kind: Kind::Object(vec![key, value]),
            comment: None,
        });
        if self.protocol == Protocol::TencentJson {
            let name = Field::new(s("Name"), Ty::Str, s("The filter name.")).required().with_example();
            let mut values =
                Field::new(s("Values"), Ty::List(Box::new(Ty::Str)), s("The filter values.")).required();
            values.constraints.max_items = Some(10);
            self.add_service_type(TypeDef {
                name: s("Filter"),
                doc: s("A key-value filter; values of one filter are ORed, filters are ANDed."),
                kind: Kind::Object(vec![name, values]),
                comment: None,
            });
        }
    }

    /// `<Noun>`, `<Noun>State` and `<Noun>Spec`, shared by the noun's operations.
    fn resource_types(&mut self, noun: &'static str) {
        let lower = noun.to_ascii_lowercase();
        let tencent = self.protocol == Protocol::TencentJson;
        let states = self.rng.sample_between(STATES, 3, 6);
        let state = format!("{noun}State");
        let values = states
            .iter()
            .map(|s| {
                (enum_value(self.protocol, s), self.rng.percent(60).then(|| format!("The {lower} is {s}.")))
            })
            .collect();
        self.add_service_type(TypeDef {
            name: state.clone(),
            doc: format!("The lifecycle state of a {lower}."),
            kind: Kind::Enum(values),
            comment: None,
        });

        let spec = format!("{noun}Spec");
        let mut spec_fields = Fields::default();
        for (words, generator) in self.rng.sample_between(CATALOGUE, 2, 4) {
            let field = catalogue_field(&mut self.rng, self.protocol, self.style, words, generator);
            spec_fields.push(field);
        }
        let recursive = self.rng.percent(25);
        if recursive {
            let mut children = Field::new(
                self.w(&["children"]),
                Ty::List(Box::new(Ty::Named(spec.clone()))),
                format!("Nested {lower} specifications (a tree)."),
            );
            children.comment = Some("A spec may hold child specs; the list breaks the cycle.".to_owned());
            spec_fields.push(children);
        }
        self.add_service_type(TypeDef {
            name: spec.clone(),
            doc: format!("The specification of a {lower}."),
            kind: Kind::Object(spec_fields.list),
            comment: None,
        });

        let mut fields = Fields::default();
        let mut id = Field::new(self.w(&[&lower, "id"]), Ty::Str, format!("The ID of the {lower}."))
            .required()
            .with_example();
        id.constraints.pattern = Some(Pattern::Prefixed(prefix_of(noun)));
        fields.push(id);
        let mut name = Field::new(self.w(&["name"]), Ty::Str, format!("The name of the {lower}."))
            .required()
            .with_example();
        name.constraints =
            Constraints { min_length: Some(1), max_length: Some(64), ..Constraints::default() };
        fields.push(name);
        fields.push(
            Field::new(self.w(&["state"]), Ty::Named(state), format!("The state of the {lower}."))
                .required()
                .with_example(),
        );
        fields.push(
            Field::new(
                self.w(&["created", "time"]),
                Ty::Time(tencent),
                format!("The time when the {lower} was created."),
            )
            .required()
            .with_example(),
        );
        for (words, generator) in self.rng.sample_between(CATALOGUE, 2, 5) {
            let field = catalogue_field(&mut self.rng, self.protocol, self.style, words, generator);
            fields.push(field);
        }
        fields.push(Field::new(
            self.w(&["spec"]),
            Ty::Named(spec),
            format!("The specification of the {lower}."),
        ));
        let mut tags = Field::new(
            self.w(&["tags"]),
            Ty::List(Box::new(Ty::Named("Tag".into()))),
            "The tags bound to the resource.".into(),
        );
        tags.constraints.max_items = Some(50);
        fields.push(tags);
        let mut list = fields.list;
        // Tencent documents every field of its data structures as "may return null".
        if tencent {
            for field in list.iter_mut().skip(1) {
                field.required = false;
                field.nullable = true;
            }
        }
        for field in &mut list {
            // The catalogue's input-side notes (defaults) do not describe a response.
            field.default = None;
        }
        self.resources.insert(noun, list.clone());
        self.add_service_type(TypeDef {
            name: noun.to_owned(),
            doc: format!("A {lower} of the {} service.", self.name),
            kind: Kind::Object(list),
            comment: tencent.then(|| {
                "decision: every field but the ID may return null, as Tencent's data-structure docs say."
                    .to_owned()
            }),
        });
    }

    /// Up to `k` catalogue fields for an input or an own type, some of them required.
    fn catalogue(&mut self, fields: &mut Fields, (lo, hi): (usize, usize), required_percent: usize) {
        for (words, generator) in self.rng.sample_between(CATALOGUE, lo, hi) {
            let mut field = catalogue_field(&mut self.rng, self.protocol, self.style, words, generator);
            field.required = !field.deprecated && self.rng.percent(required_percent);
            if field.required {
                field.default = None;
            }
            fields.push(field);
        }
    }

    fn id_field(&self, noun: &str) -> Field {
        let lower = noun.to_ascii_lowercase();
        let mut id = Field::new(self.w(&[&lower, "id"]), Ty::Str, format!("The ID of the {lower}."))
            .required()
            .with_example();
        id.constraints.min_length = Some(1);
        id.constraints.max_length = Some(64);
        id
    }

    fn operation(&mut self, noun: &'static str, verb: Verb) -> Operation {
        let lower = noun.to_ascii_lowercase();
        let nouns = plural(noun);
        let name = match (verb, self.protocol) {
            (Verb::Create, _) => format!("Create{noun}"),
            (Verb::Get, Protocol::TencentJson) => format!("Describe{noun}"),
            (Verb::Get, Protocol::HuaweiRest) => format!("Show{noun}"),
            (Verb::Get, _) => format!("Get{noun}"),
            (Verb::List, Protocol::TencentJson) => format!("Describe{nouns}"),
            (Verb::List, _) => format!("List{nouns}"),
            (Verb::Update, Protocol::TencentJson) => format!("Modify{noun}"),
            (Verb::Update, _) => format!("Update{noun}"),
            (Verb::Delete, _) => format!("Delete{noun}"),
            (Verb::Action(action), _) => format!("{action}{noun}"),
        };
        let (summary, idempotent, decision) = match verb {
            Verb::Create => (
                format!("Create a {lower}."),
                false,
                format!("not idempotent: each call creates a {lower}, and the page documents no idempotency token that could make a repeated call harmless."),
            ),
            Verb::Get => (format!("Query the details of a {lower}."), true, "idempotent: a read.".to_owned()),
            Verb::List => (format!("List {}.", plural(&lower)), true, "idempotent: a read.".to_owned()),
            Verb::Update => (
                format!("Modify the attributes of a {lower}."),
                true,
                "idempotent: the call sets the given attributes to the given values; repeating it changes nothing more.".to_owned(),
            ),
            Verb::Delete => (
                format!("Delete a {lower}."),
                true,
                format!("idempotent: deleting a deleted {lower} leaves it deleted (the second call may report not-found)."),
            ),
            Verb::Action(action) => {
                let idempotent = matches!(action, "Start" | "Stop" | "Enable" | "Disable");
                let decision = if idempotent {
                    format!("idempotent: the {lower} ends in the same state however often it is asked.")
                } else {
                    format!("not idempotent: each call triggers another {} of the {lower}.", action.to_ascii_lowercase())
                };
                (format!("{action} a {lower}."), idempotent, decision)
            }
        };
        let module = names::module_name(&name);
        let mut op = Operation {
            doc: format!(
                "This API is used to {} {}.\nA maximum of {} requests can be initiated per second for this API.",
                summary.split_whitespace().next().unwrap_or("call").to_ascii_lowercase(),
                summary.split_once(' ').map_or("", |(_, rest)| rest.trim_end_matches('.')),
                self.rng.pick(&[10, 20, 50, 100]),
            ),
            summary,
            docs: format!(
                "https://docs.example.invalid/{}/{}/api/{}",
                self.profile.provider,
                self.name,
                module.replace('_', "-")
            ),
            method: "POST",
            path: "/".to_owned(),
            idempotent,
            decision,
            idempotency_token: None,
            rate_limit: None,
            input_doc: None,
            input: Vec::new(),
            status: 200,
            output: Vec::new(),
            types: Vec::new(),
            errors: Vec::new(),
            examples: Vec::new(),
            max_body_bytes: None,
            wait: None,
            name,
        };
        match self.protocol {
            Protocol::TencentJson => self.tencent(&mut op, noun, verb),
            Protocol::AcsRpc => self.acs(&mut op, noun, verb),
            Protocol::OciRest => self.oci(&mut op, noun, verb),
            Protocol::HuaweiRest => self.huawei(&mut op, noun, verb),
            Protocol::PdsRoa => self.pds(&mut op, noun, verb),
        }
        synth_shapes::add_shapes(self, &mut op, verb);
        self.op_errors(&mut op, noun, verb);
        for def in &op.types {
            self.registry.insert(def.name.clone(), def.kind.clone());
        }
        self.examples(&mut op, verb);
        op
    }

    /// An own enum of the operation (`<Op>Mode`), used by one of its fields.
    fn mode_enum(&mut self, op: &mut Operation, suffix: &str, words: &[&str]) -> String {
        let name = format!("{}{suffix}", op.name);
        let values = words
            .iter()
            .map(|w| (enum_value(self.protocol, w), self.rng.percent(50).then(|| format!("Use {w} mode."))))
            .collect();
        op.types.push(TypeDef {
            name: name.clone(),
            doc: format!("How `{}` proceeds.", op.name),
            kind: Kind::Enum(values),
            comment: None,
        });
        name
    }

    /// An own object type of the operation with a few catalogue fields and an enum.
    fn options_type(&mut self, op: &mut Operation, suffix: &str) -> String {
        let name = format!("{}{suffix}", op.name);
        let mode = self.mode_enum(op, "Mode", &["graceful", "force", "auto"]);
        let mut fields = Fields::default();
        let mut mode_field =
            Field::new(self.w(&["mode"]), Ty::Named(mode), "The mode. Default value: GRACEFUL.".into())
                .with_example();
        mode_field.default = Some(Value::String(enum_value(self.protocol, "graceful")));
        fields.push(mode_field);
        // `type` is a keyword in Rust: exercises the `type_` renaming, as PDS's `type` does.
        if self.rng.percent(30) {
            fields
                .push(Field::new("type".into(), Ty::Str, "The type of the operation.".into()).with_example());
        }
        self.catalogue(&mut fields, (1, 3), 20);
        op.types.push(TypeDef {
            name: name.clone(),
            doc: format!("Options of `{}`.", op.name),
            kind: Kind::Object(fields.list),
            comment: None,
        });
        name
    }

    fn tencent(&mut self, op: &mut Operation, noun: &'static str, verb: Verb) {
        let lower = noun.to_ascii_lowercase();
        if self.rng.percent(50) {
            op.rate_limit = Some(20);
        }
        let mut input = Fields::default();
        let mut output = Fields::default();
        match verb {
            Verb::Create => {
                let mut name = Field::new("Name".into(), Ty::Str, format!("The name of the {lower}."))
                    .required()
                    .with_example();
                name.constraints = Constraints {
                    min_length: Some(1),
                    max_length: Some(60),
                    pattern: Some(Pattern::Ident),
                    ..Constraints::default()
                };
                input.push(name);
                self.catalogue(&mut input, (2, 5), 30);
                if self.rng.percent(40) {
                    let mode = self.mode_enum(op, "Mode", &["sync", "async"]);
                    input.push(
                        Field::new("Mode".into(), Ty::Named(mode), "The processing mode.".into())
                            .with_example(),
                    );
                }
                input.push(Field::new(
                    "Spec".into(),
                    Ty::Named(format!("{noun}Spec")),
                    format!("The specification of the {lower}."),
                ));
                let mut tags = Field::new(
                    "Tags".into(),
                    Ty::List(Box::new(Ty::Named("Tag".into()))),
                    "The tags to bind.".into(),
                );
                tags.constraints.max_items = Some(50);
                input.push(tags);
                output.push(
                    Field::new(format!("{noun}Id"), Ty::Str, format!("The ID of the new {lower}."))
                        .required()
                        .with_example(),
                );
            }
            Verb::Get => {
                input.push(self.id_field(noun));
                let mut data = Field::new(noun.into(), Ty::Named(noun.into()), format!("The {lower}."));
                data.nullable = true;
                data.comment = Some(format!(
                    "decision: {noun} is optional and nullable: the page does not say it is always present."
                ));
                output.push(data);
            }
            Verb::List => {
                let mut ids = Field::new(
                    format!("{noun}Ids"),
                    Ty::List(Box::new(Ty::Str)),
                    format!("The IDs of the {} to query.", plural(&lower)),
                );
                ids.constraints.max_items = Some(100);
                input.push(ids);
                let mut filters = Field::new(
                    "Filters".into(),
                    Ty::List(Box::new(Ty::Named("Filter".into()))),
                    "Filter conditions.".into(),
                );
                filters.constraints.max_items = Some(10);
                input.push(filters);
                input.push(offset_field("Offset"));
                input.push(limit_field("Limit", 100, 20));
                output.push(
                    Field::new(
                        "TotalCount".into(),
                        Ty::I64,
                        "The total number of matching resources.".into(),
                    )
                    .required()
                    .with_example(),
                );
                output.push(
                    Field::new(
                        format!("{noun}Set"),
                        Ty::List(Box::new(Ty::Named(noun.into()))),
                        format!("The {}.", plural(&lower)),
                    )
                    .required(),
                );
            }
            Verb::Update => {
                input.push(self.id_field(noun));
                let mut name = Field::new("Name".into(), Ty::Str, format!("The new name of the {lower}."))
                    .with_example();
                name.constraints =
                    Constraints { min_length: Some(1), max_length: Some(60), ..Constraints::default() };
                input.push(name);
                self.catalogue(&mut input, (1, 3), 0);
            }
            Verb::Delete => {
                input.push(self.id_field(noun));
                let mut force = Field::new(
                    "Force".into(),
                    Ty::Bool,
                    "Whether to delete the resource even if it is in use.".into(),
                );
                force.default = Some(Value::Bool(false));
                input.push(force);
            }
            Verb::Action(_) => {
                let mut ids = Field::new(
                    format!("{noun}Ids"),
                    Ty::List(Box::new(Ty::Str)),
                    format!("The IDs of the {}.", plural(&lower)),
                )
                .required();
                ids.constraints =
                    Constraints { min_items: Some(1), max_items: Some(100), ..Constraints::default() };
                input.push(ids);
                let options = self.options_type(op, "Options");
                input.push(Field::new("Options".into(), Ty::Named(options), "Options of the action.".into()));
                output.push(
                    Field::new("TaskId".into(), Ty::Str, "The ID of the asynchronous task.".into())
                        .with_example(),
                );
            }
        }
        output.push(
            Field::new("RequestId".into(), Ty::Str, "The unique request ID, generated by the server, will be returned for every request. RequestId is required for locating a problem.".into())
                .required()
                .with_example(),
        );
        op.input = input.list;
        op.output = output.list;
    }

    fn acs(&mut self, op: &mut Operation, noun: &'static str, verb: Verb) {
        let lower = noun.to_ascii_lowercase();
        if matches!(verb, Verb::Get | Verb::List) && self.rng.percent(50) {
            op.method = "GET";
        }
        if self.rng.percent(30) {
            op.rate_limit = Some(self.rng.pick(&[10, 50, 100]));
        }
        let mut input = Fields::default();
        let mut output = Fields::default();
        if self.acs_region {
            input.push(
                Field::new(
                    "RegionId".into(),
                    Ty::Str,
                    "The region ID. For more information, see DescribeRegions.".into(),
                )
                .required()
                .with_example(),
            );
        }
        match verb {
            Verb::Create => {
                let mut name =
                    Field::new(format!("{noun}Name"), Ty::Str, format!("The name of the {lower}."))
                        .required()
                        .with_example();
                name.constraints = Constraints {
                    min_length: Some(2),
                    max_length: Some(128),
                    pattern: Some(Pattern::Ident),
                    ..Constraints::default()
                };
                input.push(name);
                self.catalogue(&mut input, (2, 5), 30);
                let mut tags = Field::new(
                    "Tag".into(),
                    Ty::List(Box::new(Ty::Named("Tag".into()))),
                    "The tags. You can specify up to 20 tags.".into(),
                );
                tags.constraints.max_items = Some(20);
                input.push(tags);
                let mut token = Field::new(
                    "ClientToken".into(),
                    Ty::Str,
                    "A client token used to ensure the idempotence of the request.".into(),
                );
                token.constraints.max_length = Some(64);
                token.comment = Some("decision: ClientToken is a query parameter, which the format cannot fill in as an idempotency token; documented only.".into());
                input.push(token);
                if self.rng.percent(60) {
                    let document = self.document_type(op);
                    let mut spec = Field::new(
                        "Spec".into(),
                        Ty::JsonString(document),
                        "The specification of the resource, as a JSON document.".into(),
                    )
                    .at(Loc::Body);
                    spec.required = self.rng.percent(50);
                    spec.example = true;
                    spec.comment = Some("decision (location): Spec is a whole JSON document, too long for a query string: a body parameter.".into());
                    input.push(spec);
                }
                output.push(
                    Field::new(format!("{noun}Id"), Ty::Str, format!("The ID of the {lower}."))
                        .with_example(),
                );
            }
            Verb::Get => {
                input.push(self.id_field(noun));
                output.push(Field::new(
                    noun.into(),
                    Ty::Named(noun.into()),
                    format!("The details of the {lower}."),
                ));
            }
            Verb::List => {
                let mut number = Field::new(
                    "PageNumber".into(),
                    Ty::I32,
                    "The page number. Pages start from page 1.".into(),
                )
                .with_example();
                number.constraints.minimum = Some(1.0);
                number.default = Some(Value::from(1));
                input.push(number);
                input.push(limit_field("PageSize", 100, 10));
                input.push(Field::new(
                    "NextToken".into(),
                    Ty::Str,
                    "The token to retrieve the next page of results.".into(),
                ));
                let mut ids = Field::new(
                    format!("{noun}Ids"),
                    Ty::List(Box::new(Ty::Str)),
                    format!("The {lower} IDs."),
                )
                .at(if self.rng.percent(50) { Loc::Body } else { Loc::Query });
                ids.constraints.max_items = Some(50);
                if op.method == "GET" {
                    ids.location = Some(Loc::Query);
                }
                input.push(ids);
                output.push(
                    Field::new("TotalCount".into(), Ty::I32, "The total number of entries returned.".into())
                        .with_example(),
                );
                output
                    .push(Field::new("PageNumber".into(), Ty::I32, "The page number.".into()).with_example());
                output.push(
                    Field::new("PageSize".into(), Ty::I32, "The number of entries per page.".into())
                        .with_example(),
                );
                output.push(Field::new("NextToken".into(), Ty::Str, "The token for the next page.".into()));
                output.push(Field::new(
                    plural(noun),
                    Ty::List(Box::new(Ty::Named(noun.into()))),
                    format!("The {}.", plural(&lower)),
                ));
            }
            Verb::Update => {
                input.push(self.id_field(noun));
                self.catalogue(&mut input, (1, 4), 0);
                output.push(
                    Field::new(
                        "Success".into(),
                        Ty::Bool,
                        "Indicates whether the request was successful.".into(),
                    )
                    .with_example(),
                );
            }
            Verb::Delete => {
                input.push(self.id_field(noun));
                output.push(
                    Field::new(
                        "Success".into(),
                        Ty::Bool,
                        "Indicates whether the request was successful.".into(),
                    )
                    .with_example(),
                );
            }
            Verb::Action(_) => {
                input.push(self.id_field(noun));
                let options = self.options_type(op, "Options");
                input.push(Field::new(
                    "Options".into(),
                    Ty::Named(options),
                    "Options of the action, flattened as Options.Key parameters.".into(),
                ));
                output.push(
                    Field::new("TaskId".into(), Ty::Str, "The ID of the asynchronous task.".into())
                        .with_example(),
                );
            }
        }
        output.push(
            Field::new(
                "RequestId".into(),
                Ty::Str,
                "The request ID, which is used to locate logs and troubleshoot issues.".into(),
            )
            .with_example(),
        );
        op.input = input.list;
        op.output = output.list;
    }

    /// An object carried as a JSON string (DataWorks `Spec`), with a nested item type.
    fn document_type(&mut self, op: &mut Operation) -> String {
        let name = format!("{}Document", op.name);
        let item = format!("{}DocumentItem", op.name);
        let mut item_fields = Fields::default();
        item_fields.push(Field::new("name".into(), Ty::Str, "Name of the item.".into()).with_example());
        item_fields.push(Field::new("type".into(), Ty::Str, "Type of the item.".into()).with_example());
        item_fields.push(Field::new(
            "settings".into(),
            Ty::Map(Box::new(Ty::Str)),
            "Settings of the item.".into(),
        ));
        op.types.push(TypeDef {
            name: item.clone(),
            doc: "An item of the document.".into(),
            kind: Kind::Object(item_fields.list),
            comment: None,
        });
        let mut version =
            Field::new("version".into(), Ty::Str, "Document version.".into()).required().with_example();
        version.constraints.pattern = Some(Pattern::Version);
        let fields = vec![
            version,
            Field::new("kind".into(), Ty::Str, "Kind of the document.".into()).required().with_example(),
            Field::new("items".into(), Ty::List(Box::new(Ty::Named(item))), "The items.".into()),
        ];
        op.types.push(TypeDef {
            name: name.clone(),
            doc: "A specification document, sent as a JSON string.".into(),
            kind: Kind::Object(fields),
            comment: Some("decision: typed as far as the page's example shows it.".into()),
        });
        name
    }

    fn oci(&mut self, op: &mut Operation, noun: &'static str, verb: Verb) {
        let lower = noun.to_ascii_lowercase();
        let mut base = format!("/{}", self.api_version);
        let mut input = Fields::default();
        let mut output = Fields::default();
        if let Some((segment, key)) = self.oci_parent {
            base.push_str(&format!("/{segment}/{{{key}}}"));
            let mut parent =
                Field::new(key.into(), Ty::Str, format!("The key of the parent resource ({segment})."))
                    .required()
                    .at(Loc::Path);
            parent.constraints.min_length = Some(1);
            parent.comment = Some(
                "decision: path parameters get min_length 1: an empty value would address another resource."
                    .into(),
            );
            input.push(parent);
        }
        let collection = format!("{base}/{}", plural(&lower));
        let id_key = format!("{lower}Id");
        let item = format!("{collection}/{{{id_key}}}");
        let mut id = Field::new(
            id_key.clone(),
            Ty::Str,
            format!("The [OCID](/iaas/Content/General/Concepts/identifiers.htm) of the {lower}."),
        )
        .required()
        .at(Loc::Path);
        id.constraints.min_length = Some(1);
        let mut request_id = Field::new("opc-request-id".into(), Ty::Str, "Unique Oracle-assigned identifier for the request. The only valid characters for request IDs are letters, numbers, underscore, and dash.".into()).at(Loc::Header);
        request_id.constraints.pattern = Some(Pattern::Token);
        let mut if_match = Field::new("if-match".into(), Ty::Str, "For optimistic concurrency control: the resource is changed only if the etag you provide matches its current etag.".into()).at(Loc::Header);
        if_match.constraints.min_length = Some(1);
        let retry_token = || {
            let mut token = Field::new("opc-retry-token".into(), Ty::Str, "A token that uniquely identifies a request so it can be retried in case of a timeout or server error without risk of running that same action again.".into()).at(Loc::Header);
            token.constraints =
                Constraints { min_length: Some(1), max_length: Some(64), ..Constraints::default() };
            token
        };
        let etag =
            Field::new("etag".into(), Ty::Str, "For optimistic concurrency control. See `if-match`.".into())
                .at(Loc::Header);
        let response_id =
            Field::new("opc-request-id".into(), Ty::Str, "Unique Oracle-assigned ID for the request.".into())
                .at(Loc::Header);
        let work_request = Field::new(
            "opc-work-request-id".into(),
            Ty::Str,
            "The OCID of the asynchronous work request.".into(),
        )
        .at(Loc::Header);
        let payload =
            |name: &str, doc: String| Field::new(name.into(), Ty::Named(name.into()), doc).at(Loc::Payload);
        match verb {
            Verb::Create | Verb::Update => {
                let create = verb == Verb::Create;
                let details = format!("{}{noun}Details", if create { "Create" } else { "Update" });
                let mut fields = Fields::default();
                if create {
                    let mut compartment =
                        Field::new("compartmentId".into(), Ty::Str, "The OCID of the compartment.".into())
                            .required()
                            .with_example();
                    compartment.constraints =
                        Constraints { min_length: Some(1), max_length: Some(255), ..Constraints::default() };
                    fields.push(compartment);
                }
                let mut name = Field::new(
                    "displayName".into(),
                    Ty::Str,
                    format!("A user-friendly name for the {lower}. Does not have to be unique."),
                )
                .with_example();
                name.required = create;
                name.constraints =
                    Constraints { min_length: Some(1), max_length: Some(255), ..Constraints::default() };
                fields.push(name);
                self.catalogue(&mut fields, (2, 5), if create { 30 } else { 0 });
                fields.push(Field::new(
                    "spec".into(),
                    Ty::Named(format!("{noun}Spec")),
                    format!("The specification of the {lower}."),
                ));
                fields.push(Field::new(
                    "freeformTags".into(),
                    Ty::Map(Box::new(Ty::Str)),
                    "Simple key-value pair tags. Example: {\"Department\": \"Finance\"}".into(),
                ));
                fields.push(Field::new(
                    "definedTags".into(),
                    Ty::Map(Box::new(Ty::Json)),
                    "Defined tags for this resource, keyed by namespace.".into(),
                ));
                op.types.push(TypeDef {
                    name: details.clone(),
                    doc: format!(
                        "The information to {} a {lower}.",
                        if create { "create" } else { "update" }
                    ),
                    kind: Kind::Object(fields.list),
                    comment: None,
                });
                if create {
                    op.path = collection;
                    input.push(retry_token());
                    op.idempotency_token = Some("opc-retry-token".into());
                    op.decision = format!(
                        "not idempotent (each POST creates a {lower}), but the page documents opc-retry-token, which the client fills and reuses on every attempt."
                    );
                } else {
                    op.method = "PUT";
                    op.path = item;
                    input.push(id);
                    input.push(if_match);
                }
                input.push(request_id);
                let mut body = payload(&details, format!("Details for the {lower}."));
                body.required = true;
                input.push(body);
                op.status = if create && self.rng.percent(50) { 201 } else { 200 };
                output.push(etag);
                output.push(response_id);
                if create {
                    output.push(work_request);
                }
                output.push(payload(noun, format!("The {lower}.")).required());
            }
            Verb::Get => {
                op.method = "GET";
                op.path = item;
                input.push(id);
                input.push(request_id);
                output.push(etag);
                output.push(response_id);
                output.push(payload(noun, format!("The {lower}.")).required());
            }
            Verb::List => {
                op.method = "GET";
                op.path = collection;
                let mut compartment = Field::new(
                    "compartmentId".into(),
                    Ty::Str,
                    "The OCID of the compartment in which to list resources.".into(),
                )
                .required()
                .at(Loc::Query)
                .with_example();
                compartment.constraints.min_length = Some(1);
                input.push(compartment);
                input.push(limit_field("limit", 1000, 100).at(Loc::Query));
                input.push(
                    Field::new(
                        "page".into(),
                        Ty::Str,
                        "The value of the opc-next-page response header from the previous call.".into(),
                    )
                    .at(Loc::Query),
                );
                let order = self.mode_enum(op, "SortOrder", &["asc", "desc"]);
                input.push(
                    Field::new(
                        "sortOrder".into(),
                        Ty::Named(order),
                        "The sort order to use, either ascending (ASC) or descending (DESC).".into(),
                    )
                    .at(Loc::Query),
                );
                input.push(
                    Field::new(
                        "lifecycleState".into(),
                        Ty::Named(format!("{noun}State")),
                        "A filter to return only resources in the given lifecycle state.".into(),
                    )
                    .at(Loc::Query),
                );
                input.push(request_id);
                let collection_type = format!("{noun}Collection");
                op.types.push(TypeDef {
                    name: collection_type.clone(),
                    doc: format!("Results of a {lower} search."),
                    kind: Kind::Object(vec![
                        Field::new(
                            "items".into(),
                            Ty::List(Box::new(Ty::Named(noun.into()))),
                            format!("List of {}.", plural(&lower)),
                        )
                        .required(),
                    ]),
                    comment: None,
                });
                output.push(
                    Field::new(
                        "opc-next-page".into(),
                        Ty::Str,
                        "For list pagination. When this header appears, there are more items to get.".into(),
                    )
                    .at(Loc::Header),
                );
                output.push(response_id);
                output.push(payload(&collection_type, format!("A page of {}.", plural(&lower))).required());
            }
            Verb::Delete => {
                op.method = "DELETE";
                op.path = item;
                input.push(id);
                input.push(if_match);
                input.push(request_id);
                op.status = if self.rng.percent(50) { 202 } else { 204 };
                output.push(response_id);
                output.push(work_request);
            }
            Verb::Action(action) => {
                op.path = format!("{item}/actions/{}", action.to_ascii_lowercase());
                input.push(id);
                input.push(retry_token());
                op.idempotency_token = Some("opc-retry-token".into());
                input.push(request_id);
                let options = self.options_type(op, "Details");
                input.push(payload(
                    &options,
                    format!("Details of the {} action.", action.to_ascii_lowercase()),
                ));
                op.status = 202;
                output.push(response_id);
                output.push(work_request);
            }
        }
        op.input = input.list;
        op.output = output.list;
    }

    fn huawei(&mut self, op: &mut Operation, noun: &'static str, verb: Verb) {
        let lower = noun.to_ascii_lowercase();
        let collection = format!("/{}/{{project_id}}/{}", self.api_version, plural(&lower));
        let item = format!("{collection}/{{{lower}_id}}");
        let mut input = Fields::default();
        let mut output = Fields::default();
        let mut project = Field::new(
            "project_id".into(),
            Ty::Str,
            "Project ID. For details about how to obtain it, see Obtaining a Project ID.".into(),
        )
        .required()
        .at(Loc::Path)
        .with_example();
        project.constraints =
            Constraints { min_length: Some(1), max_length: Some(64), ..Constraints::default() };
        input.push(project);
        let mut id = Field::new(format!("{lower}_id"), Ty::Str, format!("The ID of the {lower}."))
            .required()
            .at(Loc::Path)
            .with_example();
        id.constraints = Constraints { min_length: Some(1), max_length: Some(64), ..Constraints::default() };
        if self.rng.percent(30) {
            let mut language = Field::new(
                "X-Language".into(),
                Ty::Str,
                "Request language type. Default value: en-us.".into(),
            )
            .at(Loc::Header);
            language.default = Some(Value::String("en-us".into()));
            input.push(language);
        }
        match verb {
            Verb::Create => {
                op.path = collection;
                let mut name = Field::new(
                    "name".into(),
                    Ty::Str,
                    format!("The {lower} name. Value range: 1 to 64 characters."),
                )
                .required()
                .with_example();
                name.constraints = Constraints {
                    min_length: Some(1),
                    max_length: Some(64),
                    pattern: Some(Pattern::Ident),
                    ..Constraints::default()
                };
                input.push(name);
                self.catalogue(&mut input, (2, 5), 30);
                input.push(Field::new(
                    "spec".into(),
                    Ty::Named(format!("{noun}Spec")),
                    format!("The specification of the {lower}."),
                ));
                let mut tags = Field::new(
                    "tags".into(),
                    Ty::List(Box::new(Ty::Named("Tag".into()))),
                    "The tag list.".into(),
                );
                tags.constraints.max_items = Some(20);
                input.push(tags);
                op.status = self.rng.pick(&[200, 201, 202]);
                output.push(Field::new(
                    lower.clone(),
                    Ty::Named(noun.into()),
                    format!("The created {lower}."),
                ));
                output.push(
                    Field::new("job_id".into(), Ty::Str, "The ID of the asynchronous job.".into())
                        .with_example(),
                );
            }
            Verb::Get => {
                op.method = "GET";
                op.path = item;
                input.push(id);
                output.push(Field::new(lower.clone(), Ty::Named(noun.into()), format!("The {lower}.")));
            }
            Verb::List => {
                op.method = "GET";
                op.path = collection;
                input.push(limit_field("limit", 1000, 100).at(Loc::Query));
                input.push(offset_field("offset").at(Loc::Query));
                let mut name =
                    Field::new("name".into(), Ty::Str, format!("Filter by {lower} name (fuzzy match)."))
                        .at(Loc::Query);
                name.constraints.max_length = Some(64);
                input.push(name);
                input.push(
                    Field::new("status".into(), Ty::Named(format!("{noun}State")), "Filter by state.".into())
                        .at(Loc::Query),
                );
                output.push(Field::new(
                    plural(&lower),
                    Ty::List(Box::new(Ty::Named(noun.into()))),
                    format!("The {}.", plural(&lower)),
                ));
                output.push(
                    Field::new("total_count".into(), Ty::I32, "Total number of records.".into())
                        .with_example(),
                );
            }
            Verb::Update => {
                op.method = "PUT";
                op.path = item;
                input.push(id);
                let mut name =
                    Field::new("name".into(), Ty::Str, format!("The new {lower} name.")).with_example();
                name.constraints =
                    Constraints { min_length: Some(1), max_length: Some(64), ..Constraints::default() };
                input.push(name);
                self.catalogue(&mut input, (1, 3), 0);
                output.push(Field::new(
                    lower.clone(),
                    Ty::Named(noun.into()),
                    format!("The updated {lower}."),
                ));
            }
            Verb::Delete => {
                op.method = "DELETE";
                op.path = item;
                input.push(id);
                op.status = 204;
            }
            Verb::Action(_) => {
                op.path = format!("{item}/action");
                input.push(id);
                let options = self.options_type(op, "Options");
                input.push(
                    Field::new("options".into(), Ty::Named(options), "Options of the action.".into())
                        .required(),
                );
                op.status = 202;
                output.push(
                    Field::new("job_id".into(), Ty::Str, "The ID of the asynchronous job.".into())
                        .with_example(),
                );
            }
        }
        if op.status != 204 && self.rng.percent(30) {
            output.push(Field::new("X-Request-Id".into(), Ty::Str, "Request ID.".into()).at(Loc::Header));
        }
        op.input = input.list;
        op.output = output.list;
    }

    fn pds(&mut self, op: &mut Operation, noun: &'static str, verb: Verb) {
        let lower = noun.to_ascii_lowercase();
        let action = match verb {
            Verb::Create => "create".to_owned(),
            Verb::Get => "get".to_owned(),
            Verb::List => "list".to_owned(),
            Verb::Update => "update".to_owned(),
            Verb::Delete => "delete".to_owned(),
            Verb::Action(action) => action.to_ascii_lowercase(),
        };
        op.path = format!("/{}/{lower}/{action}", self.api_version);
        op.input_doc = Some("The request parameters.".into());
        let mut input = Fields::default();
        let mut output = Fields::default();
        let mut drive = Field::new("drive_id".into(), Ty::Str, "The drive ID.".into()).with_example();
        drive.constraints.pattern = Some(Pattern::Token);
        let resource = self.resources.get(noun).cloned().unwrap_or_default();
        match verb {
            Verb::Create => {
                let mut name = Field::new("name".into(), Ty::Str, "The name. The name can be up to 1,024 bytes in length based on the UTF-8 encoding rule and cannot contain forward slash (/).".into()).required().with_example();
                name.constraints = Constraints {
                    max_length: Some(1024),
                    bytes_unit: Some(true),
                    pattern: Some(Pattern::NoSlash),
                    ..Constraints::default()
                };
                name.comment = Some("\"up to 1,024 bytes in length based on the UTF-8 encoding rule\" -> max_length 1024 in bytes; \"cannot contain forward slash (/)\" -> ^[^/]*$.".into());
                input.push(name);
                input.push(
                    Field::new(
                        "parent_id".into(),
                        Ty::Str,
                        "The ID of the parent. Set this parameter to root for the top level.".into(),
                    )
                    .required()
                    .with_example(),
                );
                input.push(drive);
                self.catalogue(&mut input, (2, 5), 30);
                if self.rng.percent(50) {
                    let mode = self.mode_enum(op, "CheckNameMode", &["ignore", "auto_rename", "refuse"]);
                    let mut check = Field::new("check_name_mode".into(), Ty::Named(mode), "The processing method that is used if the name is already taken. Default value: ignore.".into()).with_example();
                    check.default = Some(Value::String("ignore".into()));
                    input.push(check);
                }
                let mut tags = Field::new(
                    "user_tags".into(),
                    Ty::List(Box::new(Ty::Named("Tag".into()))),
                    "The custom tags. You can specify up to 1,000 tags.".into(),
                );
                tags.constraints.max_items = Some(1000);
                input.push(tags);
                op.status = 201;
                for field in resource.into_iter().take(6) {
                    output.push(field);
                }
                output.push(Field::new("domain_id".into(), Ty::Str, "The domain ID.".into()).with_example());
            }
            Verb::Get | Verb::Update => {
                input.push(self.id_field(noun));
                input.push(drive);
                if verb == Verb::Update {
                    self.catalogue(&mut input, (1, 4), 0);
                }
                for mut field in resource {
                    field.required = false;
                    output.push(field);
                }
            }
            Verb::List => {
                input.push(drive);
                input.push(limit_field("limit", 100, 50));
                input.push(Field::new(
                    "marker".into(),
                    Ty::Str,
                    "The pagination token returned by the previous call.".into(),
                ));
                let order = self.mode_enum(op, "OrderBy", &["name", "created_at", "updated_at"]);
                input.push(Field::new(
                    "order_by".into(),
                    Ty::Named(order),
                    "The field by which to sort the results.".into(),
                ));
                output.push(
                    Field::new(
                        "items".into(),
                        Ty::List(Box::new(Ty::Named(noun.into()))),
                        format!("The {}.", plural(&lower)),
                    )
                    .required(),
                );
                output.push(
                    Field::new(
                        "next_marker".into(),
                        Ty::Str,
                        "The pagination token for the next page; empty when there is none.".into(),
                    )
                    .with_example(),
                );
            }
            Verb::Delete => {
                input.push(self.id_field(noun));
                input.push(drive);
                if self.rng.percent(50) {
                    op.status = 204;
                } else {
                    op.status = 202;
                    output.push(
                        Field::new(
                            "async_task_id".into(),
                            Ty::Str,
                            "The ID of the asynchronous task.".into(),
                        )
                        .with_example(),
                    );
                }
            }
            Verb::Action(_) => {
                input.push(self.id_field(noun));
                let options = self.options_type(op, "Options");
                input.push(Field::new("options".into(), Ty::Named(options), "Options of the action.".into()));
                output.push(
                    Field::new("async_task_id".into(), Ty::Str, "The ID of the asynchronous task.".into())
                        .with_example(),
                );
            }
        }
        op.input = input.list;
        op.output = output.list;
    }

    /// The page's own error codes: not-found, conflict, quota.
    fn op_errors(&mut self, op: &mut Operation, noun: &str, verb: Verb) {
        let lower = noun.to_ascii_lowercase();
        let tencent = self.protocol == Protocol::TencentJson;
        let status = |s: u16| (!tencent).then_some(s);
        let code = |tencent_code: String, other: String| Some(if tencent { tencent_code } else { other });
        let mut errors = Vec::new();
        if verb != Verb::Create || self.rng.percent(30) {
            errors.push(ErrorEntry {
                status: status(404),
                code: code(format!("ResourceNotFound.{noun}"), format!("{noun}NotFound")),
                doc: format!("The {lower} does not exist."),
            });
        }
        if matches!(verb, Verb::Create | Verb::Update) && self.rng.percent(60) {
            errors.push(ErrorEntry {
                status: status(409),
                code: code(format!("ResourceInUse.{noun}Name"), format!("{noun}AlreadyExists")),
                doc: format!("A {lower} with the same name already exists."),
            });
        }
        if matches!(verb, Verb::Action(_) | Verb::Delete) && self.rng.percent(60) {
            errors.push(ErrorEntry {
                status: status(409),
                code: code(format!("FailedOperation.{noun}Busy"), format!("Invalid{noun}State")),
                doc: format!("The current state of the {lower} does not allow this operation."),
            });
        }
        if verb == Verb::Create && self.rng.percent(40) {
            errors.push(ErrorEntry {
                status: status(400),
                code: code(format!("LimitExceeded.{noun}Quota"), format!("{noun}QuotaExceeded")),
                doc: format!("The {lower} quota of the account is used up."),
            });
        }
        // OCI pages list bare statuses beside the codes.
        if self.protocol == Protocol::OciRest && self.rng.percent(50) {
            errors.push(ErrorEntry {
                status: Some(400),
                code: None,
                doc: "Bad Request (invalid query parameters, malformed headers, and so on).".into(),
            });
            errors.push(ErrorEntry { status: Some(429), code: None, doc: "Too Many Requests.".into() });
        }
        op.errors = errors;
    }

    /// The page's example: a request and a success response that match the fields, and for
    /// some protocols an error response shaped like `error_shape`.
    fn examples(&mut self, op: &mut Operation, verb: Verb) {
        let lower = op.name.to_ascii_lowercase();
        let request = request_document(&mut self.rng, &self.registry, &op.input);
        let response = response_document(&mut self.rng, &self.registry, &op.output).map(|body| {
            if self.protocol == Protocol::TencentJson {
                let mut wrapper = Map::new();
                wrapper.insert("Response".into(), body);
                Value::Object(wrapper)
            } else {
                body
            }
        });
        let title = match verb {
            Verb::Create => "Creating a resource".to_owned(),
            Verb::Get => "Querying a resource".to_owned(),
            Verb::List => "Listing resources".to_owned(),
            Verb::Update => "Modifying a resource".to_owned(),
            Verb::Delete => "Deleting a resource".to_owned(),
            Verb::Action(action) => format!("Calling {action} ({lower})"),
        };
        if request.is_some() || response.is_some() {
            op.examples.push(Example { title, request, status: op.status, response });
        }
        // Tencent reports errors in HTTP 200 bodies; the seeds keep those out of `examples:`.
        if self.protocol != Protocol::TencentJson && self.rng.percent(30) {
            let status = op.errors.iter().find_map(|e| e.status.filter(|s| *s >= 400)).unwrap_or(400);
            let body = object_value(&mut self.rng, &self.registry, &self.error_shape, 0, true);
            op.examples.push(Example {
                title: format!("Error {status}"),
                request: None,
                status,
                response: Some(body),
            });
        }
    }

    // -----------------------------------------------------------------------------------------
    // Printing

    fn service_yaml(&mut self) -> String {
        let p = self.profile;
        let mut out = String::new();
        let title_word = wire(Style::Pascal, &[SERVICE_WORDS[self.index % SERVICE_WORDS.len()]]);
        let _ = writeln!(
            out,
            "# {} {title_word} {}, API version {} (synthetic).",
            p.vendor, self.index, self.api_version
        );
        let _ = writeln!(
            out,
            "# Written by `cloudspec synth` (seed {}) in the shape of the seed specs; no vendor page.",
            self.seed
        );
        match self.protocol {
            Protocol::TencentJson => out.push_str(
                "#\n# Common parameters that the tencent_json protocol handles itself; they are NOT input fields:\n#   Action, Version, Region, Timestamp, Authorization, Token, Language.\n",
            ),
            Protocol::AcsRpc => out.push_str(
                "#\n# Common parameters handled by the acs_rpc protocol itself; they are NOT input fields:\n#   Action, Version and the ACS3 signing headers.\n",
            ),
            _ => {}
        }
        let _ = writeln!(out, "provider: {}", p.provider);
        let _ = writeln!(out, "service: {}", self.name);
        let _ = writeln!(out, "title: {} Synthetic {title_word} {}", p.vendor, self.index);
        let _ = writeln!(out, "docs: https://docs.example.invalid/{}/{}/api", p.provider, self.name);
        let _ = writeln!(out, "protocol: {}", p.yaml);
        let _ = writeln!(out, "api_version: \"{}\"", self.api_version);
        out.push_str("endpoint:\n");
        let (url, regions, doc): (String, &[&str], &str) = match self.protocol {
            Protocol::TencentJson => (
                format!("https://{}.intl.tencentcloudapi.com", self.name),
                &[
                    "ap-guangzhou",
                    "ap-shanghai",
                    "ap-beijing",
                    "ap-singapore",
                    "na-siliconvalley",
                    "eu-frankfurt",
                ],
                "The region is sent in the X-TC-Region header, not in the host name.",
            ),
            Protocol::OciRest => (
                format!("https://{}.{{region}}.oci.oraclecloud.com", self.name),
                &[],
                "Regional endpoint; {region} is an OCI region identifier such as us-ashburn-1.",
            ),
            Protocol::HuaweiRest => (
                format!("https://{}.{{region}}.myhuaweicloud.com", self.name),
                &["ap-southeast-3", "cn-north-4", "cn-east-3", "cn-south-1", "la-north-2"],
                "Endpoint {service}.{region}.myhuaweicloud.com; see Regions and Endpoints.",
            ),
            Protocol::PdsRoa => (
                "https://{domain_id}.api.aliyunpds.com".to_owned(),
                &[],
                "https://{domain_id}.api.aliyunpds.com is the endpoint of the PDS domain (instance) {domain_id}.",
            ),
            Protocol::AcsRpc => (
                format!("https://{}.{{region}}.aliyuncs.com", self.name),
                &["cn-hangzhou", "cn-shanghai", "cn-beijing", "ap-southeast-1", "eu-central-1", "us-west-1"],
                "Select the endpoint of the region in which the resource resides.",
            ),
        };
        let _ = writeln!(out, "  url: {url}");
        if regions.is_empty() {
            out.push_str("  regions: []\n");
        } else {
            out.push_str("  regions:\n");
            let keep = self.rng.between(1, regions.len());
            for region in &regions[..keep] {
                let _ = writeln!(out, "    - {region}");
            }
        }
        let _ = writeln!(out, "  doc: >-\n    {doc}");
        out.push_str("auth:\n");
        let schemes: Vec<(&str, Option<&str>, &str)> = match self.protocol {
            Protocol::TencentJson => vec![(
                "tc3_hmac_sha256",
                Some(self.name.as_str()),
                "TencentCloud API 3.0 signature v3 (TC3-HMAC-SHA256).",
            )],
            Protocol::OciRest => vec![(
                "oci_rsa_sha256",
                None,
                "OCI HTTP request signature version 1 (draft-cavage-http-signatures-08, rsa-sha256).",
            )],
            Protocol::HuaweiRest => vec![
                ("huawei_iam_token", None, "X-Auth-Token header: user token obtained from IAM."),
                ("huawei_aksk", None, "API Gateway AK/SK request signing (SDK-HMAC-SHA256)."),
            ],
            Protocol::PdsRoa => vec![(
                "bearer_token",
                None,
                "Access token of a PDS user or application, sent as \"Authorization: Bearer <access token>\".",
            )],
            Protocol::AcsRpc => {
                vec![("acs3_hmac_sha256", None, "Alibaba Cloud V3 request signature (ACS3-HMAC-SHA256).")]
            }
        };
        for (scheme, signing_name, doc) in schemes {
            let _ = writeln!(out, "  - scheme: {scheme}");
            if let Some(name) = signing_name {
                let _ = writeln!(out, "    signing_name: {name}");
            }
            let _ = writeln!(out, "    doc: {}", quote(doc));
        }
        // A provider file holds the envelope and the common codes of some protocols.
        let shared = synth_provider::shared_by_provider(self.protocol);
        if shared {
            let _ = writeln!(out, "# The error envelope and the common error codes are in ../provider.yaml.");
        } else {
            let _ = writeln!(out, "error_shape: {}", self.error_shape);
        }
        out.push_str("types:\n");
        let types = std::mem::take(&mut self.service_types);
        let own = if shared { self.envelope_types } else { 0 };
        for def in &types[own..] {
            self.type_yaml(&mut out, def);
        }
        self.service_types = types;
        if !shared && !self.errors.is_empty() {
            out.push_str("errors:\n");
            for error in &self.errors {
                error_yaml(&mut out, error);
            }
        }
        out
    }

    fn operation_yaml(&mut self, op: &Operation, number: usize) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# Synthetic operation {number} of {}/{} (cloudspec synth).",
            self.profile.provider, self.name
        );
        let _ = writeln!(out, "operation: {}", op.name);
        let _ = writeln!(out, "summary: {}", op.summary);
        out.push_str("doc: |\n");
        for line in op.doc.lines() {
            let _ = writeln!(out, "  {line}");
        }
        let _ = writeln!(out, "docs: {}", op.docs);
        let _ = writeln!(out, "http:\n  method: {}\n  path: {}", op.method, op.path);
        let _ = writeln!(out, "# decision (retries): {}", op.decision);
        let _ = writeln!(out, "idempotent: {}", op.idempotent);
        out.push_str(&synth_paging::pagination_yaml(op).unwrap_or_default());
        if let Some(token) = &op.idempotency_token {
            let _ = writeln!(out, "idempotency_token: {token}");
        }
        if let Some(limit) = op.rate_limit {
            let _ = writeln!(out, "rate_limit: {{ requests_per_second: {limit} }}");
        }
        if op.input.is_empty() && op.input_doc.is_none() {
            out.push_str("input: {}\n");
        } else {
            out.push_str("input:\n");
            if let Some(doc) = &op.input_doc {
                let _ = writeln!(out, "  doc: {}", quote(doc));
            }
            self.fields_yaml(&mut out, &op.input, "  ");
        }
        out.push_str("output:\n");
        let _ = writeln!(out, "  status: {}", op.status);
        if let Some(limit) = op.max_body_bytes {
            let _ = writeln!(out, "  max_body_bytes: {limit}");
        }
        self.fields_yaml(&mut out, &op.output, "  ");
        if !op.types.is_empty() {
            out.push_str("types:\n");
            for def in &op.types {
                self.type_yaml(&mut out, def);
            }
        }
        if !op.errors.is_empty() {
            out.push_str("errors:\n");
            for error in &op.errors {
                error_yaml(&mut out, error);
            }
        }
        out.push_str(op.wait.as_deref().unwrap_or_default());
        if !op.examples.is_empty() {
            out.push_str("examples:\n");
            for example in &op.examples {
                let _ = writeln!(out, "  - title: {}", quote(&example.title));
                if let Some(request) = &example.request {
                    out.push_str("    request:\n");
                    pretty(&mut out, request, 6);
                }
                let _ = writeln!(out, "    status: {}", example.status);
                if let Some(response) = &example.response {
                    out.push_str("    response:\n");
                    pretty(&mut out, response, 6);
                }
            }
        }
        out
    }

    fn type_yaml(&mut self, out: &mut String, def: &TypeDef) {
        if let Some(comment) = &def.comment {
            let _ = writeln!(out, "  # {comment}");
        }
        let _ = writeln!(out, "  {}:\n    doc: {}", def.name, quote(&def.doc));
        match &def.kind {
            Kind::Object(fields) => self.fields_yaml(out, fields, "    "),
            Kind::Enum(values) => {
                out.push_str("    values:\n");
                for (value, doc) in values {
                    match doc {
                        Some(doc) => {
                            let _ =
                                writeln!(out, "      - {{ value: {}, doc: {} }}", quote(value), quote(doc));
                        }
                        None => {
                            let _ = writeln!(out, "      - {{ value: {} }}", quote(value));
                        }
                    }
                }
            }
            Kind::Named(values) => {
                out.push_str("    values:\n");
                for v in values {
                    let deprecated = if v.deprecated { ", deprecated: true" } else { "" };
                    let _ = writeln!(
                        out,
                        "      - {{ value: {}, name: {}{deprecated} }}",
                        flow(&v.value),
                        v.name
                    );
                }
            }
        }
    }

    /// `fields:` with one flow mapping per field, or a block mapping for long ones, as the
    /// seeds write them.
    fn fields_yaml(&mut self, out: &mut String, fields: &[Field], indent: &str) {
        if fields.is_empty() {
            return;
        }
        let _ = writeln!(out, "{indent}fields:");
        for field in fields {
            let mut attrs: Vec<(&str, String)> = vec![("type", type_text(&field.ty))];
            if field.required {
                attrs.push(("required", "true".into()));
            }
            if field.nullable {
                attrs.push(("nullable", "true".into()));
            }
            if let Some(location) = field.location {
                let text = match location {
                    Loc::Path => "path",
                    Loc::Query => "query",
                    Loc::Header => "header",
                    Loc::Body => "body",
                    Loc::Payload => "payload",
                };
                attrs.push(("location", text.into()));
            }
            if let Ty::Time(datetime) = field.ty
                && (datetime || self.rng.percent(50))
            {
                attrs.push(("format", if datetime { "datetime" } else { "rfc3339" }.into()));
            }
            if let Ty::Epoch(millis) = field.ty {
                attrs.push(("format", if millis { "epoch_millis" } else { "epoch_seconds" }.into()));
            }
            if let Some(default) = &field.default {
                attrs.push(("default", flow(default)));
            }
            let c = &field.constraints;
            for (key, value) in [("min_length", c.min_length), ("max_length", c.max_length)] {
                if let Some(value) = value {
                    attrs.push((key, value.to_string()));
                }
            }
            if let Some(bytes) = c.bytes_unit {
                attrs.push(("length_unit", if bytes { "bytes" } else { "chars" }.into()));
            }
            for (key, value) in [("minimum", c.minimum), ("maximum", c.maximum)] {
                if let Some(value) = value {
                    attrs.push((key, number_text(value)));
                }
            }
            if let Some(pattern) = c.pattern {
                attrs.push(("pattern", quote(&pattern.regex())));
            }
            for (key, value) in [("min_items", c.min_items), ("max_items", c.max_items)] {
                if let Some(value) = value {
                    attrs.push((key, value.to_string()));
                }
            }
            if let Some(divisor) = c.multiple_of {
                attrs.push(("multiple_of", divisor.to_string()));
            }
            if let Some(items) = items_text(c) {
                attrs.push(("items", items));
            }
            if let Some(presigned) = field.presigned {
                attrs.push(("presigned", presigned.into()));
            }
            if field.sensitive {
                attrs.push(("sensitive", "true".into()));
            }
            if field.deprecated {
                attrs.push(("deprecated", "true".into()));
            }
            attrs.push(("doc", quote(&field.doc)));
            if field.example {
                let value = value(&mut self.rng, &self.registry, &field.ty, c, 1);
                attrs.push(("example", flow(&value)));
            }
            let inner = format!("{indent}  ");
            if let Some(comment) = &field.comment {
                let _ = writeln!(out, "{inner}# {comment}");
            }
            let key = &field.wire;
            let one_line: Vec<String> = attrs.iter().map(|(k, v)| format!("{k}: {v}")).collect();
            let line = format!("{inner}{key}: {{ {} }}", one_line.join(", "));
            if line.len() <= 200 {
                let _ = writeln!(out, "{line}");
            } else {
                let _ = writeln!(out, "{inner}{key}:");
                for (k, v) in &attrs {
                    let _ = writeln!(out, "{inner}  {k}: {v}");
                }
            }
        }
    }
}

/// Resource ID prefixes: `cls-`, `ins-`, ... (Tencent style).
fn prefix_of(noun: &str) -> &'static str {
    const PREFIXES: &[&str] = &["cls", "ins", "vol", "snap", "bkt", "que", "res", "obj"];
    let sum: usize = noun.bytes().map(usize::from).sum();
    PREFIXES[sum % PREFIXES.len()]
}

fn limit_field(name: &str, max: u32, default: u32) -> Field {
    let mut limit = Field::new(
        name.into(),
        Ty::I32,
        format!("The number of results per page. Value range: 1~{max}. Default value: {default}."),
    )
    .with_example();
    limit.constraints.minimum = Some(1.0);
    limit.constraints.maximum = Some(f64::from(max));
    limit.default = Some(Value::from(default));
    limit
}

fn offset_field(name: &str) -> Field {
    let mut offset = Field::new(name.into(), Ty::I32, "The offset. Default value: 0.".into()).with_example();
    offset.constraints.minimum = Some(0.0);
    offset.default = Some(Value::from(0));
    offset
}

fn error_yaml(out: &mut String, error: &ErrorEntry) {
    let mut parts = Vec::new();
    if let Some(status) = error.status {
        parts.push(format!("status: {status}"));
    }
    if let Some(code) = &error.code {
        parts.push(format!("code: {code}"));
    }
    parts.push(format!("doc: {}", quote(&error.doc)));
    let _ = writeln!(out, "  - {{ {} }}", parts.join(", "));
}

/// `{ nullable: true, min_length: 1, ... }` of a list's items, or `None` without `items:`.
fn items_text(c: &Constraints) -> Option<String> {
    let items = c.items.as_deref();
    if items.is_none() && !c.items_nullable {
        return None;
    }
    let mut parts = Vec::new();
    if c.items_nullable {
        parts.push("nullable: true".to_owned());
    }
    if let Some(i) = items {
        for (key, value) in [("min_length", i.min_length), ("max_length", i.max_length)] {
            if let Some(value) = value {
                parts.push(format!("{key}: {value}"));
            }
        }
        if let Some(pattern) = i.pattern {
            parts.push(format!("pattern: {}", quote(&pattern.regex())));
        }
        for (key, value) in [("minimum", i.minimum), ("maximum", i.maximum)] {
            if let Some(value) = value {
                parts.push(format!("{key}: {}", number_text(value)));
            }
        }
    }
    Some(format!("{{ {} }}", parts.join(", ")))
}

fn type_text(ty: &Ty) -> String {
    let text = ty.expr();
    if text.contains('<') { quote(&text) } else { text }
}

/// Integers without a fraction (`1`, not `1.0`), as the seeds write bounds.
fn number_text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 { format!("{}", value as i64) } else { format!("{value}") }
}

// ---------------------------------------------------------------------------------------------
// Example values

/// The request document of an example: body and query fields (not path or header), or the
/// payload object. `None` when nothing travels in the document.
fn request_document(rng: &mut Rng, registry: &Registry, fields: &[Field]) -> Option<Value> {
    document(rng, registry, fields)
}

fn response_document(rng: &mut Rng, registry: &Registry, fields: &[Field]) -> Option<Value> {
    document(rng, registry, fields)
}

fn document(rng: &mut Rng, registry: &Registry, fields: &[Field]) -> Option<Value> {
    if let Some(payload) = fields.iter().find(|f| f.location == Some(Loc::Payload)) {
        // Raw bytes have no JSON example.
        return (payload.ty != Ty::Binary)
            .then(|| value(rng, registry, &payload.ty, &payload.constraints, 0));
    }
    let fields: Vec<&Field> = fields.iter().filter(|f| f.in_document()).collect();
    if fields.is_empty() {
        return None;
    }
    let mut object = Map::new();
    for field in fields {
        if field.required || rng.percent(70) {
            object.insert(field.wire.clone(), value(rng, registry, &field.ty, &field.constraints, 0));
        }
    }
    Some(Value::Object(object))
}

/// How deep examples go into nested types; deeper optional fields are left out, so a recursive
/// type's example stays finite.
const MAX_DEPTH: usize = 3;

/// A value of `ty` that satisfies `c`. Optional fields never get `null`: an optional field does
/// not send `None` back, so `null` would break the generated round-trip test.
fn value(rng: &mut Rng, registry: &Registry, ty: &Ty, c: &Constraints, depth: usize) -> Value {
    match ty {
        Ty::Str => Value::String(string_value(rng, c)),
        Ty::Bytes => {
            let text = ["c3ludGhldGlj", "aGVsbG8gd29ybGQ=", "Y2xvdWRzcGVj"][rng.below(3)];
            Value::String(text.to_owned())
        }
        Ty::I32 | Ty::I64 => Value::from(int_value(rng, ty, c)),
        Ty::F64 => {
            let lo = c.minimum.unwrap_or(0.0);
            let hi = c.maximum.unwrap_or(lo + 1000.0);
            let steps = ((hi - lo) * 4.0) as usize;
            let v = lo + rng.below(steps.max(1)) as f64 / 4.0;
            serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
        }
        Ty::Bool => Value::Bool(rng.percent(50)),
        Ty::Time(datetime) => {
            let (day, hour, minute) = (1 + rng.below(28), rng.below(24), rng.below(60));
            Value::String(if *datetime {
                format!("2025-09-{day:02} {hour:02}:{minute:02}:32")
            } else {
                format!("2025-09-{day:02}T{hour:02}:{minute:02}:27Z")
            })
        }
        Ty::Json => {
            let mut object = Map::new();
            object.insert(rng.pick(WORDS).to_owned(), Value::String(rng.pick(WORDS).to_owned()));
            object.insert("count".into(), Value::from(rng.below(10)));
            Value::Object(object)
        }
        Ty::Epoch(millis) => {
            let seconds = 1_700_000_000 + rng.below(10_000_000) as i64;
            Value::from(if *millis { seconds * 1000 + rng.below(1000) as i64 } else { seconds })
        }
        // Ids that outgrew 2^53: digits, as the newer SDKs send them.
        Ty::NumberOrString => Value::String(format!("63147886489763{:05}", rng.below(100_000))),
        // Never in a document (`document` leaves a binary payload out).
        Ty::Binary => Value::Null,
        Ty::List(inner) => {
            let n = item_count(rng, c, depth);
            let items = c.items.as_deref().cloned().unwrap_or_default();
            Value::Array((0..n).map(|_| value(rng, registry, inner, &items, depth + 1)).collect())
        }
        Ty::Map(inner) => {
            let n = item_count(rng, c, depth);
            let mut object = Map::new();
            for i in 0..n {
                object.insert(
                    format!("{}{i}", rng.pick(WORDS)),
                    value(rng, registry, inner, &Constraints::default(), depth + 1),
                );
            }
            Value::Object(object)
        }
        Ty::JsonString(name) => {
            let document = object_value(rng, registry, name, depth + 1, false);
            Value::String(serde_json::to_string(&document).unwrap_or_default())
        }
        Ty::Named(name) => match registry.get(name) {
            Some(Kind::Enum(values)) => Value::String(values[rng.below(values.len())].0.clone()),
            Some(Kind::Named(values)) => values[rng.below(values.len())].value.clone(),
            _ => object_value(rng, registry, name, depth + 1, false),
        },
    }
}

/// An object of the named type: every required field, and optional ones while not too deep
/// (`all`: every field, as error bodies print them).
fn object_value(rng: &mut Rng, registry: &Registry, name: &str, depth: usize, all: bool) -> Value {
    let mut object = Map::new();
    if let Some(Kind::Object(fields)) = registry.get(name) {
        for field in fields {
            if field.required || all || (depth < MAX_DEPTH && rng.percent(60)) {
                object.insert(field.wire.clone(), value(rng, registry, &field.ty, &field.constraints, depth));
            }
        }
    }
    Value::Object(object)
}

fn item_count(rng: &mut Rng, c: &Constraints, depth: usize) -> usize {
    let min = c.min_items.unwrap_or(0) as usize;
    let max = c.max_items.map_or(3, |m| (m as usize).min(3)).max(min);
    if depth >= MAX_DEPTH { min } else { rng.between(min.max(1).min(max), max) }
}

fn string_value(rng: &mut Rng, c: &Constraints) -> String {
    let mut text = match c.pattern {
        Some(pattern) => pattern.sample(rng),
        None => format!("{}-{}", rng.pick(WORDS), rng.below(100_000)),
    };
    let min = c.min_length.unwrap_or(0) as usize;
    while text.len() < min {
        text.push('x');
    }
    if let Some(max) = c.max_length {
        text.truncate(max as usize);
    }
    text
}

fn int_value(rng: &mut Rng, ty: &Ty, c: &Constraints) -> i64 {
    let lo = c.minimum.map_or(0, |v| v as i64);
    let default_hi = if *ty == Ty::I32 { 10_000 } else { 10_000_000 };
    let hi = c.maximum.map_or(lo + default_hi, |v| v as i64).min(lo + default_hi);
    match c.multiple_of {
        Some(m) if m > 0 => {
            let first = lo.div_euclid(m) + i64::from(lo.rem_euclid(m) != 0);
            let last = hi.div_euclid(m);
            let span = usize::try_from(last - first).unwrap_or(0);
            (first + rng.below(span + 1) as i64) * m
        }
        _ => lo + rng.below(usize::try_from(hi - lo).unwrap_or(0) + 1) as i64,
    }
}

// ---------------------------------------------------------------------------------------------
// YAML/JSON text

/// A YAML double-quoted scalar (the JSON escapes are valid YAML escapes).
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A JSON value on one line with `: ` and `, ` separators (valid YAML flow syntax).
fn flow(value: &Value) -> String {
    match value {
        Value::String(text) => quote(text),
        Value::Array(items) => format!("[{}]", items.iter().map(flow).collect::<Vec<_>>().join(", ")),
        Value::Object(members) => {
            let members: Vec<String> =
                members.iter().map(|(k, v)| format!("{}: {}", quote(k), flow(v))).collect();
            format!("{{{}}}", members.join(", "))
        }
        other => other.to_string(),
    }
}

/// Pretty JSON at `indent` spaces, as the seeds paste the pages' examples.
fn pretty(out: &mut String, value: &Value, indent: usize) {
    out.push_str(&" ".repeat(indent));
    pretty_inner(out, value, indent);
    out.push('\n');
}

fn pretty_inner(out: &mut String, value: &Value, indent: usize) {
    let pad = |n: usize| " ".repeat(n);
    match value {
        Value::Object(members) if !members.is_empty() => {
            out.push_str("{\n");
            for (i, (key, item)) in members.iter().enumerate() {
                let _ = write!(out, "{}{}: ", pad(indent + 2), quote(key));
                pretty_inner(out, item, indent + 2);
                out.push_str(if i + 1 < members.len() { ",\n" } else { "\n" });
            }
            let _ = write!(out, "{}}}", pad(indent));
        }
        Value::Array(items) if !items.is_empty() => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                out.push_str(&pad(indent + 2));
                pretty_inner(out, item, indent + 2);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            let _ = write!(out, "{}]", pad(indent));
        }
        other => out.push_str(&flow(other)),
    }
}
