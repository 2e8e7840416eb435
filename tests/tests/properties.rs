//! Property tests of request validation, driven by the specs ("Reliability", item 7): every
//! constraint a spec states is enforced before sending, and the error names the field by its wire
//! path but never quotes its value.
//!
//! No bound is copied by hand. The IR (`cloudspec_codegen::lint`) is walked from each operation's
//! input through nested named types, list and map items and JSON-in-a-string documents, and every
//! constrained field found becomes a [`Target`]. For each of its constraints, proptest generates
//! values at the bound, strictly inside it and just outside it (and a few far outside), puts the
//! value at the field's place in a valid request document, decodes the document into the
//! operation's generated request type and validates it. The verdict expected is computed by a
//! small reference model of the constraint ([`Target::expected_rules`]), not read from the
//! generated code, so a bound that the generator drops, gets wrong by one or counts in the wrong
//! unit shows up as a disagreement.
//!
//! The hand-written parts are the table from operation to Rust type ([`SEEDS`], which names
//! generated types and so cannot be derived; an operation without a row is still checked for
//! lost constraints, and is listed on stderr), the starting
//! document of operations whose spec prints no request example, and one generator per pattern
//! *shape* ([`Shape`]); a pattern of any other shape fails the tests until a generator is added.
//!
//! Groups (all named `constraint_property_*`):
//! - `..._specs_*`: every constraint of the specs is found (counted against the YAML text), the
//!   starting documents are valid;
//! - `..._lengths_*`, `..._patterns_*`, `..._ranges_*`, `..._item_counts_*`, `..._multiples_*`:
//!   one property per constraint kind, over every field that has it;
//! - `..._broken_fields_*`: several fields broken at once are all reported, and nothing else;
//! - `..._huawei_client_*`: end to end, an out-of-range path parameter never reaches the server.

use std::cell::Cell;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::ops::RangeInclusive;
use std::path::Path;
use std::sync::OnceLock;

use cloudspec_clients::alibaba::{dataworks, pds};
use cloudspec_clients::huawei::codeartsrepo as huawei;
use cloudspec_clients::oci::aidataplatform as oci;
use cloudspec_clients::tencent::wedata as tencent;
use cloudspec_codegen::ir::{Constraints, EnumKind, Field, Ir, Operation, Service, StructDef, Ty, TypeKind};
use cloudspec_codegen::spec::{LengthUnit as SpecLengthUnit, Location, TimestampFormat};
use cloudspec_runtime::{LengthUnit, Report, Rule, Validate, ValidationError, Violation};
use cloudspec_tests::{credentials, examples};
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::strategy::Union;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// The table: one entry per seed operation, from the spec's operation to its Rust request type
// ---------------------------------------------------------------------------------------------

/// Decodes a request document into the operation's Rust request type and validates it. The outer
/// `Err` is a document the type cannot even hold (e.g. 2^31 for an `int32` field): the type itself
/// rejects that value, before validation.
type Check = fn(&Value) -> Result<Result<(), ValidationError>, serde_json::Error>;

/// A request document is `{"body": <the JSON body or parameter document>, "params": {<wire name
/// of a path or header field>: <value>}}`: path and header fields are `#[serde(skip)]` in the
/// request structs, so the checks set them through the structs' public fields after decoding.
struct Seed {
    provider: &'static str,
    service: &'static str,
    operation: &'static str,
    check: Check,
    /// The body when the spec prints no request example (the example is used where there is one).
    fallback_body: Option<fn(&Operation) -> Value>,
    /// Valid values of the required path and header fields (optional ones are left unset).
    params: fn() -> Value,
}

fn body<T: DeserializeOwned>(doc: &Value) -> Result<T, serde_json::Error> {
    T::deserialize(&doc["body"])
}

/// A path or header value by wire name; an absent one decodes as `null` (`None` when optional).
fn param<T: DeserializeOwned>(doc: &Value, wire: &str) -> Result<T, serde_json::Error> {
    T::deserialize(doc["params"].get(wire).unwrap_or(&Value::Null))
}

static SEEDS: [Seed; 5] = [
    Seed {
        provider: "tencent",
        service: "wedata",
        operation: "CreateCodeFile",
        check: |doc| Ok(body::<tencent::CreateCodeFileRequest>(doc)?.validate()),
        fallback_body: None,
        params: || json!({}),
    },
    Seed {
        provider: "oci",
        service: "aidataplatform",
        operation: "CreateContent",
        check: |doc| {
            let mut request: oci::CreateContentRequest = body(doc)?;
            request.ai_data_platform_id = param(doc, "aiDataPlatformId")?;
            request.workspace_key = param(doc, "workspaceKey")?;
            request.content_path = param(doc, "contentPath")?;
            request.datalake_tenant_id = param(doc, "datalake-tenant-id")?;
            request.opc_request_id = param(doc, "opc-request-id")?;
            request.opc_retry_token = param(doc, "opc-retry-token")?;
            request.should_update_recent = param(doc, "should-update-recent")?;
            Ok(request.validate())
        },
        // The payload and all its members are optional: an empty body is the minimal request.
        fallback_body: Some(|_| json!({})),
        params: || {
            json!({
                "aiDataPlatformId": "ocid1.aidataplatform.oc1..example",
                "workspaceKey": "workspace-1",
                "contentPath": "/path/to/Notebook.ipynb"
            })
        },
    },
    Seed {
        provider: "huawei",
        service: "codeartsrepo",
        operation: "CreateFile",
        check: |doc| {
            let mut request: huawei::CreateFileRequest = body(doc)?;
            request.repository_id = param(doc, "repository_id")?;
            Ok(request.validate())
        },
        fallback_body: None,
        params: || json!({"repository_id": 100001}),
    },
    Seed {
        provider: "alibaba",
        service: "pds",
        operation: "CreateFile",
        check: |doc| Ok(body::<pds::CreateFileRequest>(doc)?.validate()),
        fallback_body: Some(|_| json!({"name": "a.txt", "type": "file", "parent_file_id": "root"})),
        params: || json!({}),
    },
    Seed {
        provider: "alibaba",
        service: "dataworks",
        operation: "CreateResource",
        check: |doc| Ok(body::<dataworks::CreateResourceRequest>(doc)?.validate()),
        // The Spec field's own example is the page's FlowSpec document; it is read from the spec
        // rather than copied here.
        fallback_body: Some(|op| {
            let spec = op.input.fields.iter().find(|f| f.wire == "Spec").and_then(|f| f.example.clone());
            json!({"ProjectId": 123456, "Spec": spec.expect("the Spec field has an example")})
        }),
        params: || json!({}),
    },
];

// ---------------------------------------------------------------------------------------------
// The IR, the operations and their valid starting documents
// ---------------------------------------------------------------------------------------------

fn ir() -> &'static Ir {
    static IR: OnceLock<Ir> = OnceLock::new();
    IR.get_or_init(|| match cloudspec_codegen::lint(&examples::specs_dir()) {
        Ok(ir) => ir,
        Err(diagnostics) => panic!("the specs do not load:\n{}", diagnostics.render_plain()),
    })
}

/// Where a type name is looked up: the operation's own types, then the service's.
#[derive(Clone, Copy)]
struct Scope {
    service: &'static Service,
    op: &'static Operation,
}

impl Scope {
    fn of(seed: &Seed) -> Scope {
        let service = ir()
            .services
            .iter()
            .find(|s| s.provider == seed.provider && s.name == seed.service)
            .unwrap_or_else(|| panic!("no service {}/{} in the specs", seed.provider, seed.service));
        let op = service.operations.iter().find(|o| o.name == seed.operation).unwrap_or_else(|| {
            panic!("no operation {} in {}/{}", seed.operation, seed.provider, seed.service)
        });
        Scope { service, op }
    }

    fn label(&self) -> String {
        format!("{}/{} {}", self.service.provider, self.service.name, self.op.name)
    }

    fn lookup(&self, name: &str) -> &'static TypeKind {
        self.op
            .types
            .iter()
            .chain(&self.service.types)
            .find(|t| t.name == name)
            .map(|t| &t.kind)
            .unwrap_or_else(|| panic!("{}: type {name} is not declared", self.label()))
    }

    /// A minimal valid JSON value of `ty` under `c`: what is put where a document needs a value
    /// that the spec requires (a required field of a nested object, the items before the one a
    /// case writes to). Generated from the IR so that a new required field needs no edit here.
    fn minimal(&self, ty: &Ty, c: &Constraints) -> Value {
        match ty {
            Ty::String | Ty::Bytes => Value::String(minimal_string(c)),
            Ty::I32 | Ty::I64 => {
                let (lo, hi) = int_window(ty, c);
                let mut v = 0i128.clamp(lo, hi);
                if let Some(d) = c.multiple_of.map(i128::from) {
                    v = v.div_euclid(d) * d + if v.rem_euclid(d) == 0 { 0 } else { d };
                    if v > hi {
                        v -= d;
                    }
                }
                int_json(v).expect("in the type's range")
            }
            Ty::F64 => json!(0f64.clamp(c.minimum.unwrap_or(f64::MIN), c.maximum.unwrap_or(f64::MAX))),
            Ty::Bool => json!(false),
            Ty::Timestamp(TimestampFormat::Rfc3339) => json!("2025-01-02T03:04:05Z"),
            Ty::Timestamp(TimestampFormat::Datetime) => json!("2025-01-02 03:04:05"),
            // Any text is a lenient timestamp; the documented format is the plainest one.
            Ty::LenientTimestamp(TimestampFormat::Rfc3339) => json!("2025-01-02T03:04:05Z"),
            Ty::LenientTimestamp(TimestampFormat::Datetime) => json!("2025-01-02 03:04:05"),
            // An epoch count is an integer; lint refuses `lenient` on one.
            Ty::Timestamp(TimestampFormat::EpochSeconds)
            | Ty::LenientTimestamp(TimestampFormat::EpochSeconds) => {
                json!(1_735_787_045)
            }
            Ty::Timestamp(TimestampFormat::EpochMillis)
            | Ty::LenientTimestamp(TimestampFormat::EpochMillis) => {
                json!(1_735_787_045_000_i64)
            }
            Ty::Nullable(_) => Value::Null,
            Ty::NumberOrString => json!("1"),
            // Raw bytes are never in a JSON document; an empty text stands for no bytes.
            Ty::Binary => json!(""),
            Ty::Json => json!({}),
            Ty::List(item) => {
                let n = c.min_items.unwrap_or(0);
                Value::Array((0..n).map(|_| self.minimal(item, &Constraints::default())).collect())
            }
            Ty::Map(item) => {
                let n = c.min_items.unwrap_or(0);
                let entries = (0..n).map(|i| (format!("k{i}"), self.minimal(item, &Constraints::default())));
                Value::Object(entries.collect())
            }
            Ty::JsonString(inner) => {
                Value::String(serde_json::to_string(&self.minimal(inner, &Constraints::default())).unwrap())
            }
            Ty::Named { name, .. } => match self.lookup(name) {
                // The first value, as JSON of the enum's kind.
                TypeKind::Enum(variants) => match variants[0].kind {
                    EnumKind::Text => json!(variants[0].wire),
                    EnumKind::Integer => json!(variants[0].wire.parse::<i64>().expect("an integer value")),
                    EnumKind::Boolean => json!(variants[0].wire == "true"),
                },
                TypeKind::Struct(def) => self.minimal_object(def),
            },
        }
    }

    fn minimal_object(&self, def: &StructDef) -> Value {
        let required = def.fields.iter().filter(|f| f.required);
        Value::Object(required.map(|f| (f.wire.clone(), self.minimal(&f.ty, &f.constraints))).collect())
    }
}

/// A string satisfying the length bounds and the pattern (when its shape is known).
fn minimal_string(c: &Constraints) -> String {
    let shape = c.pattern.as_deref().map(Shape::parse_or_panic);
    let (prefix, fill, nonempty) = match &shape {
        Some(Shape::Prefix(p)) => (p.clone(), 'a', false),
        Some(shape @ Shape::Class { nonempty, .. }) => {
            let fill = *shape.allowed().ascii.first().expect("the class allows an ASCII character");
            (String::new(), fill, *nonempty)
        }
        None => (String::new(), 'a', false),
    };
    let unit = unit_of(c);
    let want = c.min_length.unwrap_or(0).max(u64::from(nonempty));
    let have = measure(&prefix, unit);
    let fill_len = usize::try_from(want.saturating_sub(have)).unwrap();
    prefix + &fill.to_string().repeat(fill_len)
}

/// The starting document of a seed: the spec's request example, else the hand-written body, with
/// the valid path and header values.
fn base_document(i: usize) -> &'static Value {
    static DOCS: OnceLock<Vec<Value>> = OnceLock::new();
    &DOCS.get_or_init(|| {
        SEEDS
            .iter()
            .map(|seed| {
                let scope = Scope::of(seed);
                let example = scope.op.examples.iter().find_map(|e| e.request.clone());
                let body = example.or_else(|| seed.fallback_body.map(|f| f(scope.op))).unwrap_or_else(|| {
                    panic!("{}: no request example in the spec, and no fallback body", scope.label())
                });
                json!({"body": body, "params": (seed.params)()})
            })
            .collect()
    })[i]
}

// ---------------------------------------------------------------------------------------------
// Targets: the constrained fields reachable from an operation's input
// ---------------------------------------------------------------------------------------------

/// One step from the document root to a field.
#[derive(Clone, Debug)]
enum Step {
    /// The body document.
    Body,
    /// The path and header parameters.
    Params,
    /// Member `field.wire` of an object.
    Member(&'static Field),
    /// The item at the case's index of a list of `Ty`.
    Item(&'static Ty),
    /// The entry [`ENTRY`] of a map of `Ty`.
    Entry(&'static Ty),
    /// The JSON document held in a string (`json_string<T>`).
    Parsed,
}

/// One segment of the field's wire path as the runtime names it (`a.b[2].c`, `m["key"]`).
#[derive(Clone, Debug)]
enum Seg {
    Name(&'static str),
    Item,
    Entry,
}

/// The key under which a case writes into a map.
const ENTRY: &str = "entry";

/// Items are written at index 0, 1 or 2 (the items before it are minimal valid values), so the
/// index in the reported path is checked too.
const MAX_INDEX: usize = 2;

#[derive(Clone)]
struct Target {
    seed: usize,
    scope: Scope,
    field: &'static Field,
    steps: Vec<Step>,
    path: Vec<Seg>,
    /// The field's pattern, kept for the program's lifetime as [`Report::pattern`] needs.
    pattern: Option<&'static str>,
    shape: Option<Shape>,
    /// The largest item index every list on the way allows (`max_items - 1`).
    max_index: usize,
}

fn targets() -> &'static [Target] {
    static TARGETS: OnceLock<Vec<Target>> = OnceLock::new();
    TARGETS.get_or_init(|| {
        let mut out = Vec::new();
        for (seed, entry) in SEEDS.iter().enumerate() {
            let scope = Scope::of(entry);
            for field in &scope.op.input.fields {
                let (steps, path) = match field.location {
                    Location::Path | Location::Header => {
                        (vec![Step::Params, Step::Member(field)], vec![Seg::Name(&field.wire)])
                    }
                    // The payload is the whole body; the runtime still names it in paths.
                    Location::Payload => (vec![Step::Body], vec![Seg::Name(&field.wire)]),
                    Location::Body | Location::Query => {
                        (vec![Step::Body, Step::Member(field)], vec![Seg::Name(&field.wire)])
                    }
                };
                visit_field(seed, scope, field, steps, path, &mut Vec::new(), &mut out);
            }
        }
        out
    })
}

fn visit_field(
    seed: usize,
    scope: Scope,
    field: &'static Field,
    steps: Vec<Step>,
    path: Vec<Seg>,
    stack: &mut Vec<&'static str>,
    out: &mut Vec<Target>,
) {
    if !field.constraints.is_empty() {
        let pattern: Option<&'static str> = field.constraints.pattern.clone().map(|p| &*Box::leak(p.into()));
        let shape = pattern.map(Shape::parse_or_panic);
        let max_index = max_index(&steps);
        out.push(Target {
            seed,
            scope,
            field,
            steps: steps.clone(),
            path: path.clone(),
            pattern,
            shape,
            max_index,
        });
    }
    if !field.item_constraints.is_empty()
        && let Ty::List(item) = &field.ty
    {
        // The items' constraints make a target of their own: a field standing for "an item of
        // this list", at the list's place plus the item's index.
        let item: &'static Ty = match &**item {
            Ty::Nullable(inner) => inner,
            other => other,
        };
        let item_field: &'static Field = Box::leak(Box::new(Field {
            ty: item.clone(),
            required: true,
            nullable: false,
            constraints: field.item_constraints.clone(),
            item_constraints: Constraints::default(),
            ..field.clone()
        }));
        let (mut item_steps, mut item_path) = (steps.clone(), path.clone());
        item_steps.push(Step::Item(item));
        item_path.push(Seg::Item);
        visit_field(seed, scope, item_field, item_steps, item_path, stack, out);
    }
    descend(seed, scope, &field.ty, steps, path, stack, out);
}

fn descend(
    seed: usize,
    scope: Scope,
    ty: &'static Ty,
    steps: Vec<Step>,
    path: Vec<Seg>,
    stack: &mut Vec<&'static str>,
    out: &mut Vec<Target>,
) {
    let with = |mut steps: Vec<Step>, step: Step, mut path: Vec<Seg>, seg: Option<Seg>| {
        steps.push(step);
        path.extend(seg);
        (steps, path)
    };
    match ty {
        Ty::Named { name, .. } => {
            let TypeKind::Struct(def) = scope.lookup(name) else { return };
            // A recursive type is walked once: its constraints are the same at every depth.
            if stack.contains(&name.as_str()) {
                return;
            }
            stack.push(name);
            for child in &def.fields {
                let (steps, path) =
                    with(steps.clone(), Step::Member(child), path.clone(), Some(Seg::Name(&child.wire)));
                visit_field(seed, scope, child, steps, path, stack, out);
            }
            stack.pop();
        }
        Ty::List(item) => {
            let (steps, path) = with(steps, Step::Item(item), path, Some(Seg::Item));
            descend(seed, scope, item, steps, path, stack, out);
        }
        Ty::Map(item) => {
            let (steps, path) = with(steps, Step::Entry(item), path, Some(Seg::Entry));
            descend(seed, scope, item, steps, path, stack, out);
        }
        Ty::JsonString(inner) => {
            let (steps, path) = with(steps, Step::Parsed, path, None);
            descend(seed, scope, inner, steps, path, stack, out);
        }
        _ => {}
    }
}

fn max_index(steps: &[Step]) -> usize {
    let mut max = MAX_INDEX;
    for pair in steps.windows(2) {
        if let [Step::Member(list), Step::Item(_)] = pair
            && let Some(n) = list.constraints.max_items
        {
            max = max.min(usize::try_from(n.max(1) - 1).unwrap());
        }
    }
    max
}

impl Target {
    fn label(&self) -> String {
        format!("{} `{}`", self.scope.label(), self.render(0))
    }

    /// The wire path with items at `index`.
    fn render(&self, index: usize) -> String {
        let mut out = String::new();
        for seg in &self.path {
            match seg {
                Seg::Name(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(name);
                }
                Seg::Item => write!(out, "[{index}]").unwrap(),
                Seg::Entry => write!(out, "[{ENTRY:?}]").unwrap(),
            }
        }
        out
    }

    fn unit(&self) -> LengthUnit {
        unit_of(&self.field.constraints)
    }

    /// The starting document with `value` at this field.
    fn document_with(&self, value: Value, index: usize) -> Value {
        let mut doc = base_document(self.seed).clone();
        place(self.scope, &mut doc, &self.steps, value, index);
        doc
    }

    /// What the runtime must report for `value` at this field, in the order the generated code
    /// checks (length then pattern, range then multiple, item count); `None` when the field's Rust
    /// type cannot hold the value at all.
    fn expected_rules(&self, value: &Value) -> Option<Vec<Rule>> {
        let c = &self.field.constraints;
        let mut rules = Vec::new();
        match &self.field.ty {
            Ty::String | Ty::Bytes => {
                let s = value.as_str().expect("a string value for a string field");
                let unit = self.unit();
                let actual = measure(s, unit);
                if let Some(min) = c.min_length.filter(|&min| actual < min) {
                    rules.push(Rule::TooShort { min, actual, unit });
                }
                if let Some(max) = c.max_length.filter(|&max| actual > max) {
                    rules.push(Rule::TooLong { max, actual, unit });
                }
                if let Some(pattern) = self.pattern.filter(|p| !regex_matches(p, s)) {
                    rules.push(Rule::PatternMismatch { pattern });
                }
                if self.field.location == Location::Path && self.field.ty == Ty::String && dot_segment(s) {
                    rules.push(Rule::DotSegment);
                }
            }
            ty @ (Ty::I32 | Ty::I64) => {
                let v = value.as_i64().map(i128::from).or_else(|| value.as_u64().map(i128::from))?;
                let (lo, hi) = type_range(ty);
                if v < lo || v > hi {
                    return None;
                }
                if let Some(min) = c.minimum.map(int_bound).filter(|&min| v < min) {
                    rules.push(Rule::BelowMinimum { minimum: min.to_string() });
                }
                if let Some(max) = c.maximum.map(int_bound).filter(|&max| v > max) {
                    rules.push(Rule::AboveMaximum { maximum: max.to_string() });
                }
                if let Some(divisor) = c.multiple_of.filter(|&d| v % i128::from(d) != 0) {
                    rules.push(Rule::NotMultipleOf { divisor });
                }
            }
            Ty::F64 => {
                let v = value.as_f64().expect("a number");
                if let Some(min) = c.minimum.filter(|&min| v < min) {
                    rules.push(Rule::BelowMinimum { minimum: min.to_string() });
                }
                if let Some(max) = c.maximum.filter(|&max| v > max) {
                    rules.push(Rule::AboveMaximum { maximum: max.to_string() });
                }
            }
            Ty::List(_) | Ty::Map(_) => {
                let actual = match value {
                    Value::Array(items) => items.len(),
                    Value::Object(entries) => entries.len(),
                    other => panic!("a collection value expected, got {other}"),
                } as u64;
                if let Some(min) = c.min_items.filter(|&min| actual < min) {
                    rules.push(Rule::TooFewItems { min, actual });
                }
                if let Some(max) = c.max_items.filter(|&max| actual > max) {
                    rules.push(Rule::TooManyItems { max, actual });
                }
            }
            _ => {}
        }
        Some(rules)
    }
}

/// Writes `value` at the end of `steps`, creating what is missing on the way with minimal valid
/// values (so the document stays valid everywhere else).
fn place(scope: Scope, node: &mut Value, steps: &[Step], value: Value, index: usize) {
    let Some((step, rest)) = steps.split_first() else {
        *node = value;
        return;
    };
    if node.is_null() && !matches!(step, Step::Parsed | Step::Item(_)) {
        *node = json!({});
    }
    match step {
        Step::Body => place(scope, &mut node["body"], rest, value, index),
        Step::Params => place(scope, &mut node["params"], rest, value, index),
        Step::Member(field) => {
            let object = node.as_object_mut().expect("an object on the way to the field");
            let child = object
                .entry(field.wire.clone())
                .or_insert_with(|| scope.minimal(&field.ty, &field.constraints));
            place(scope, child, rest, value, index);
        }
        Step::Item(ty) => {
            if node.is_null() {
                *node = json!([]);
            }
            let items = node.as_array_mut().expect("a list on the way to the field");
            while items.len() <= index {
                items.push(scope.minimal(ty, &Constraints::default()));
            }
            place(scope, &mut items[index], rest, value, index);
        }
        Step::Entry(ty) => {
            let object = node.as_object_mut().expect("a map on the way to the field");
            let child = object.entry(ENTRY).or_insert_with(|| scope.minimal(ty, &Constraints::default()));
            place(scope, child, rest, value, index);
        }
        Step::Parsed => {
            let mut inner: Value = serde_json::from_str(node.as_str().expect("a JSON string")).unwrap();
            place(scope, &mut inner, rest, value, index);
            *node = Value::String(serde_json::to_string(&inner).unwrap());
        }
    }
}

/// The value at the end of `steps` (after [`place`]), if any.
fn read_opt(node: &Value, steps: &[Step], index: usize) -> Option<Value> {
    let Some((step, rest)) = steps.split_first() else {
        return (!node.is_null()).then(|| node.clone());
    };
    match step {
        Step::Body => read_opt(node.get("body")?, rest, index),
        Step::Params => read_opt(node.get("params")?, rest, index),
        Step::Member(field) => read_opt(node.get(field.wire.as_str())?, rest, index),
        Step::Item(_) => read_opt(node.get(index)?, rest, index),
        Step::Entry(_) => read_opt(node.get(ENTRY)?, rest, index),
        Step::Parsed => read_opt(&serde_json::from_str(node.as_str()?).ok()?, rest, index),
    }
}

// ---------------------------------------------------------------------------------------------
// The reference model's small pieces
// ---------------------------------------------------------------------------------------------

fn unit_of(c: &Constraints) -> LengthUnit {
    match c.length_unit {
        Some(SpecLengthUnit::Bytes) => LengthUnit::Bytes,
        Some(SpecLengthUnit::Chars) | None => LengthUnit::Chars,
    }
}

fn measure(s: &str, unit: LengthUnit) -> u64 {
    match unit {
        LengthUnit::Chars => s.chars().count() as u64,
        LengthUnit::Bytes => s.len() as u64,
    }
}

/// The `regex` crate's verdict on `value`. The test crate has no direct dependency on `regex`, so
/// it is reached through the runtime's pattern check used on its own (not through a generated
/// request), which compiles the pattern with `regex::Regex` and calls `is_match`.
fn regex_matches(pattern: &'static str, value: &str) -> bool {
    let mut report = Report::default();
    report.pattern("", "value", value, pattern);
    report.finish().is_ok()
}

fn type_range(ty: &Ty) -> (i128, i128) {
    match ty {
        Ty::I32 => (i32::MIN.into(), i32::MAX.into()),
        Ty::I64 => (i64::MIN.into(), i64::MAX.into()),
        other => panic!("not an integer type: {other:?}"),
    }
}

/// An integer bound of the IR (kept as `f64` there). Beyond 2^53 an `f64` no longer holds every
/// integer, so such a bound could have been rounded on the way from the YAML: refuse to guess.
fn int_bound(bound: f64) -> i128 {
    assert!(bound.fract() == 0.0, "integer bound {bound} is not an integer");
    assert!(bound.abs() <= 2f64.powi(53), "integer bound {bound} is not exact in the IR's f64");
    bound as i128
}

/// The values a field may take: its documented bounds, else its type's.
fn int_window(ty: &Ty, c: &Constraints) -> (i128, i128) {
    let (lo, hi) = type_range(ty);
    (c.minimum.map_or(lo, int_bound), c.maximum.map_or(hi, int_bound))
}

/// A JSON number, when JSON (i64 or u64) can carry it.
fn int_json(v: i128) -> Option<Value> {
    i64::try_from(v).map(Value::from).ok().or_else(|| u64::try_from(v).map(Value::from).ok())
}

// ---------------------------------------------------------------------------------------------
// Pattern shapes: a generator of matching and non-matching strings per shape
// ---------------------------------------------------------------------------------------------

/// The pattern shapes the seed specs use. A generic regex generator is not needed: each shape
/// gets a generator and an independent matcher, and every value is also checked with the `regex`
/// crate ([`regex_matches`]).
#[derive(Clone, Debug)]
enum Shape {
    /// `^literal`: the value starts with the literal (Tencent `^/`).
    Prefix(String),
    /// `^[set]*$` / `^[set]+$`, `set` possibly negated: every character is in the set (PDS
    /// `^[^/]*$`, `^[^#]*$`, OCI `^[A-Za-z0-9_-]+$`).
    Class { negated: bool, ranges: Vec<(char, char)>, nonempty: bool },
}

/// ASCII characters values are made of: letters, digits, the punctuation the seed patterns care
/// about, space, backslash and a newline (`$` must not match before a trailing newline).
const ASCII: &[char] = &['a', 'z', 'A', 'Z', '0', '9', '_', '-', '.', '/', '#', ' ', '\\', '~', '\n'];
/// Two-, three- and four-byte UTF-8 characters, so that characters and bytes count differently.
const WIDE: &[char] = &['é', 'ß', 'Ж', '€', '日', '本', '😀', '𝄞'];

#[derive(Clone, Debug)]
struct Alphabet {
    ascii: Vec<char>,
    wide: Vec<char>,
}

impl Alphabet {
    fn all() -> Alphabet {
        Alphabet { ascii: ASCII.to_vec(), wide: WIDE.to_vec() }
    }

    fn filter(&self, keep: impl Fn(char) -> bool) -> Alphabet {
        Alphabet {
            ascii: self.ascii.iter().copied().filter(|&c| keep(c)).collect(),
            wide: self.wide.iter().copied().filter(|&c| keep(c)).collect(),
        }
    }

    /// Half ASCII, half multi-byte when both are available.
    fn chars(&self) -> BoxedStrategy<char> {
        match (self.ascii.is_empty(), self.wide.is_empty()) {
            (false, false) => prop_oneof![select(self.ascii.clone()), select(self.wide.clone())].boxed(),
            (false, true) => select(self.ascii.clone()).boxed(),
            (true, false) => select(self.wide.clone()).boxed(),
            (true, true) => panic!("an empty alphabet"),
        }
    }
}

impl Shape {
    fn parse_or_panic(pattern: &str) -> Shape {
        Shape::parse(pattern).unwrap_or_else(|| {
            panic!(
                "pattern {pattern:?}: no generator for this shape; teach `Shape::parse` (and its \
                 generators) the new shape"
            )
        })
    }

    fn parse(pattern: &str) -> Option<Shape> {
        let rest = pattern.strip_prefix('^')?;
        let Some(class) = rest.strip_prefix('[') else {
            return literal(rest).filter(|p| !p.is_empty()).map(Shape::Prefix);
        };
        let (inner, nonempty) = match class.strip_suffix("]*$") {
            Some(inner) => (inner, false),
            None => (class.strip_suffix("]+$")?, true),
        };
        let (negated, inner) = match inner.strip_prefix('^') {
            Some(inner) => (true, inner),
            None => (false, inner),
        };
        // Unescape first; an escaped `-` is a literal, not a range.
        let mut tokens = Vec::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => tokens.push((chars.next().filter(char::is_ascii_punctuation)?, true)),
                '[' | ']' => return None,
                c => tokens.push((c, false)),
            }
        }
        let mut ranges = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            if i + 2 < tokens.len() && tokens[i + 1] == ('-', false) {
                ranges.push((tokens[i].0, tokens[i + 2].0));
                i += 3;
            } else {
                ranges.push((tokens[i].0, tokens[i].0));
                i += 1;
            }
        }
        (!ranges.is_empty()).then_some(Shape::Class { negated, ranges, nonempty })
    }

    fn in_set(&self, c: char) -> bool {
        match self {
            Shape::Prefix(_) => true,
            Shape::Class { negated, ranges, .. } => ranges.iter().any(|&(a, b)| a <= c && c <= b) != *negated,
        }
    }

    /// The independent matcher, to cross-check the `regex` crate on every generated value.
    fn matches(&self, s: &str) -> bool {
        match self {
            Shape::Prefix(p) => s.starts_with(p.as_str()),
            Shape::Class { nonempty, .. } => {
                !(*nonempty && s.is_empty()) && s.chars().all(|c| self.in_set(c))
            }
        }
    }

    /// Characters a matching value may contain after its prefix.
    fn allowed(&self) -> Alphabet {
        Alphabet::all().filter(|c| self.in_set(c))
    }

    fn prefix(&self) -> &str {
        match self {
            Shape::Prefix(p) => p,
            Shape::Class { .. } => "",
        }
    }
}

/// The literal a regex spells, when it has no metacharacter (`\` escapes punctuation).
fn literal(regex: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = regex.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push(chars.next().filter(char::is_ascii_punctuation)?),
            '.' | '^' | '$' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|' => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

/// Strings of exactly `len` units: `prefix`, then characters of `alphabet`. `None` when no such
/// string exists (the prefix alone is longer, or bytes cannot be filled without an ASCII char).
///
/// The body repeats a random motif of up to 32 characters: a bound of a few thousand units then
/// costs one short random draw per case instead of thousands (debug builds, two cores).
fn exact(prefix: &str, alphabet: &Alphabet, unit: LengthUnit, len: u64) -> Option<BoxedStrategy<String>> {
    let body = usize::try_from(len.checked_sub(measure(prefix, unit))?).unwrap();
    let prefix = prefix.to_owned();
    if body == 0 {
        return Some(Just(prefix).boxed());
    }
    // Bytes: characters are taken while they fit; ASCII pads the last few bytes.
    let pad = match unit {
        LengthUnit::Chars => None,
        LengthUnit::Bytes => Some(*alphabet.ascii.first()?),
    };
    let motif = proptest::collection::vec(alphabet.chars(), 1..=body.min(32));
    Some(
        (motif, any::<Index>())
            .prop_map(move |(motif, start)| {
                let mut out = prefix.clone();
                let mut left = body;
                let mut chars = motif.iter().cycle().skip(start.index(motif.len()));
                while left > 0 {
                    let c = *chars.next().expect("a cycle");
                    match pad {
                        None => {
                            out.push(c);
                            left -= 1;
                        }
                        Some(_) if c.len_utf8() <= left => {
                            out.push(c);
                            left -= c.len_utf8();
                        }
                        Some(pad) => {
                            out.extend(std::iter::repeat_n(pad, left));
                            left = 0;
                        }
                    }
                }
                out
            })
            .boxed(),
    )
}

/// Strings whose length in units is in `lens`.
fn strings(
    prefix: &str,
    alphabet: &Alphabet,
    unit: LengthUnit,
    lens: RangeInclusive<u64>,
) -> Option<BoxedStrategy<String>> {
    let lo = (*lens.start()).max(measure(prefix, unit));
    let hi = *lens.end();
    if lo > hi {
        return None;
    }
    // Every length in the window is feasible once the first one is.
    let _feasible = exact(prefix, alphabet, unit, lo)?;
    let (prefix, alphabet) = (prefix.to_owned(), alphabet.clone());
    Some((lo..=hi).prop_flat_map(move |n| exact(&prefix, &alphabet, unit, n).unwrap()).boxed())
}

// ---------------------------------------------------------------------------------------------
// Value classes per constraint kind
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Length,
    Pattern,
    Range,
    Items,
    MultipleOf,
}

impl Kind {
    fn applies(self, c: &Constraints) -> bool {
        match self {
            Kind::Length => c.min_length.is_some() || c.max_length.is_some(),
            Kind::Pattern => c.pattern.is_some(),
            Kind::Range => c.minimum.is_some() || c.maximum.is_some(),
            Kind::Items => c.min_items.is_some() || c.max_items.is_some(),
            Kind::MultipleOf => c.multiple_of.is_some(),
        }
    }
}

/// What a class of values must get from validation.
#[derive(Clone, Copy, Debug)]
enum Expect {
    Accept,
    /// A violation of this rule on the field (other rules of the same field may join it).
    Reject(fn(&Rule) -> bool),
}

fn too_short(r: &Rule) -> bool {
    matches!(r, Rule::TooShort { .. })
}
fn too_long(r: &Rule) -> bool {
    matches!(r, Rule::TooLong { .. })
}
fn mismatch(r: &Rule) -> bool {
    matches!(r, Rule::PatternMismatch { .. })
}
fn below(r: &Rule) -> bool {
    matches!(r, Rule::BelowMinimum { .. })
}
fn above(r: &Rule) -> bool {
    matches!(r, Rule::AboveMaximum { .. })
}
fn too_few(r: &Rule) -> bool {
    matches!(r, Rule::TooFewItems { .. })
}
fn too_many(r: &Rule) -> bool {
    matches!(r, Rule::TooManyItems { .. })
}
fn not_multiple(r: &Rule) -> bool {
    matches!(r, Rule::NotMultipleOf { .. })
}

struct Class {
    name: String,
    expect: Expect,
    values: BoxedStrategy<Value>,
}

impl Class {
    fn accepts(&self) -> bool {
        matches!(self.expect, Expect::Accept)
    }
}

/// The classes of one kind for a target, and the names of those no value can be built for.
fn classes(t: &Target, kind: Kind) -> (Vec<Class>, Vec<String>) {
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    let mut add = |name: String, expect: Expect, values: Option<BoxedStrategy<Value>>| match values {
        Some(values) => out.push(Class { name, expect, values }),
        None => skipped.push(name),
    };
    // A text path parameter that is `.` or `..` is refused whatever else holds: accept classes
    // leave those values out (the model expects the refusal for any that a reject class makes).
    let path_text = t.field.location == Location::Path && t.field.ty == Ty::String;
    let mut add = |name: String, expect: Expect, values: Option<BoxedStrategy<Value>>| {
        let values = match expect {
            Expect::Accept if path_text => values.map(|values| {
                values.prop_filter("not a dot segment", |v| !v.as_str().is_some_and(dot_segment)).boxed()
            }),
            _ => values,
        };
        add(name, expect, values)
    };
    let c = &t.field.constraints;
    match kind {
        Kind::Length => length_classes(t, &mut add),
        Kind::Pattern => pattern_classes(t, &mut add),
        Kind::Range => match &t.field.ty {
            ty @ (Ty::I32 | Ty::I64) => int_range_classes(ty, c, &mut add),
            Ty::F64 => float_range_classes(c, &mut add),
            other => panic!("{}: a range on {other:?}", t.label()),
        },
        Kind::Items => item_classes(t, &mut add),
        Kind::MultipleOf => multiple_classes(&t.field.ty, c, &mut add),
    }
    (out, skipped)
}

type Add<'a> = dyn FnMut(String, Expect, Option<BoxedStrategy<Value>>) + 'a;

/// The model of a path segment that RFC 3986 normalization treats as a dot segment: `.` or
/// `..` after percent-decoding, repeated as long as the text changes (a proxy may decode twice).
fn dot_segment(s: &str) -> bool {
    let mut text = s.as_bytes().to_vec();
    loop {
        if text == b"." || text == b".." {
            return true;
        }
        let mut decoded = Vec::new();
        let mut rest = text.as_slice();
        while let Some((&first, tail)) = rest.split_first() {
            let hex = tail
                .get(..2)
                .and_then(|h| std::str::from_utf8(h).ok())
                .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
            match (first, hex) {
                (b'%', Some(h)) => {
                    decoded.push(u8::from_str_radix(h, 16).expect("two hex digits"));
                    rest = &tail[2..];
                }
                _ => {
                    decoded.push(first);
                    rest = tail;
                }
            }
        }
        if decoded == text {
            return false;
        }
        text = decoded;
    }
}

fn string_values(s: Option<BoxedStrategy<String>>) -> Option<BoxedStrategy<Value>> {
    s.map(|s| s.prop_map(Value::String).boxed())
}

/// At `min_length` and `max_length`, strictly between, one unit outside each, and well above.
/// Values satisfy the field's pattern, so a length rule is the only one that can break.
fn length_classes(t: &Target, add: &mut Add<'_>) {
    let c = &t.field.constraints;
    let unit = t.unit();
    let (prefix, alphabet, nonempty) = match &t.shape {
        Some(shape @ Shape::Class { nonempty, .. }) => (String::new(), shape.allowed(), *nonempty),
        Some(shape @ Shape::Prefix(_)) => (shape.prefix().to_owned(), shape.allowed(), false),
        None => (String::new(), Alphabet::all(), false),
    };
    let values = |lens: RangeInclusive<u64>| string_values(strings(&prefix, &alphabet, unit, lens));
    // An accepted value must also match a `+` class, which the empty string does not.
    let floor = u64::from(nonempty);
    if let Some(min) = c.min_length {
        add(format!("at min_length {min}"), Expect::Accept, values(min.max(floor)..=min));
        if min > 0 {
            add(format!("min_length {min} - 1"), Expect::Reject(too_short), values(min - 1..=min - 1));
        }
    }
    if let Some(max) = c.max_length {
        add(format!("at max_length {max}"), Expect::Accept, values(max.max(floor)..=max));
        add(format!("max_length {max} + 1"), Expect::Reject(too_long), values(max + 1..=max + 1));
        add(format!("well above max_length {max}"), Expect::Reject(too_long), values(max + 2..=max + 64));
    }
    let lo = c.min_length.map_or(0, |m| m + 1).max(floor);
    let hi = c.max_length.map_or(lo + 64, |m| m.saturating_sub(1));
    add(format!("strictly inside {lo}..={hi}"), Expect::Accept, values(lo..=hi));
}

/// Values that match the pattern (any allowed length) and values that do not: one character
/// outside the class at any position, a string not starting with the prefix, the prefix one
/// character late, and the empty string where the pattern refuses it.
fn pattern_classes(t: &Target, add: &mut Add<'_>) {
    let c = &t.field.constraints;
    let shape = t.shape.clone().expect("a pattern has a shape");
    let unit = t.unit();
    let lo = c.min_length.unwrap_or(0);
    let hi = c.max_length.unwrap_or(lo + 40);
    let floor = u64::from(matches!(shape, Shape::Class { nonempty: true, .. }));
    let matching = string_values(strings(shape.prefix(), &shape.allowed(), unit, lo.max(floor)..=hi));
    add("matching".into(), Expect::Accept, matching);
    match &shape {
        Shape::Class { .. } => {
            let disallowed = Alphabet::all().filter(|c| !shape.in_set(c));
            let bad: Vec<char> = disallowed.ascii.iter().chain(&disallowed.wide).copied().collect();
            // Room for the wrong character (up to 4 bytes) inside the length bounds.
            let body_hi = hi.saturating_sub(if unit == LengthUnit::Bytes { 4 } else { 1 });
            let body = strings("", &shape.allowed(), unit, lo.saturating_sub(1).min(body_hi)..=body_hi);
            let values = match (bad.is_empty(), body) {
                (false, Some(body)) => Some(
                    (body, select(bad), any::<Index>())
                        .prop_map(|(body, bad, at)| {
                            let mut chars: Vec<char> = body.chars().collect();
                            chars.insert(at.index(chars.len() + 1), bad);
                            Value::String(chars.into_iter().collect())
                        })
                        .boxed(),
                ),
                _ => None,
            };
            add("one character outside the class".into(), Expect::Reject(mismatch), values);
        }
        Shape::Prefix(p) => {
            let p = p.clone();
            let any_start = strings("", &Alphabet::all(), unit, lo..=hi).map(|s| {
                let p = p.clone();
                s.prop_filter("starts with the prefix", move |s| !s.starts_with(&p)).boxed()
            });
            add(format!("not starting with {p:?}"), Expect::Reject(mismatch), string_values(any_start));
            // A character other than the prefix's first, then the prefix: `^` anchors at the start.
            let firsts: Vec<char> = ASCII.iter().copied().filter(|&c| !p.starts_with(c)).collect();
            let late = strings(&p, &Alphabet::all(), unit, lo..=hi.saturating_sub(1)).map(|s| {
                (select(firsts), s).prop_map(|(first, rest)| Value::String(format!("{first}{rest}"))).boxed()
            });
            add(format!("{p:?} one character late"), Expect::Reject(mismatch), late);
        }
    }
    if lo == 0 && !shape.matches("") {
        add("the empty string".into(), Expect::Reject(mismatch), Some(Just(json!("")).boxed()));
    }
}

fn int_values(values: impl Strategy<Value = i128> + 'static) -> BoxedStrategy<Value> {
    values.prop_map(|v| int_json(v).expect("a JSON number")).boxed()
}

/// Integers at `minimum` and `maximum`, strictly between, one outside each, and anywhere further
/// out. Values outside the Rust type (`maximum + 1` of an `int32` whose maximum is `i32::MAX`) are
/// kept: the request type must refuse to hold them. Accepted values respect `multiple_of`.
fn int_range_classes(ty: &Ty, c: &Constraints, add: &mut Add<'_>) {
    let (lo, hi) = int_window(ty, c);
    let (type_lo, type_hi) = type_range(ty);
    let d = c.multiple_of.map_or(1, i128::from);
    // The multiples of d in [a, b], as k * d for k in [ka, kb].
    let multiples = |a: i128, b: i128| {
        let (ka, kb) = (a.div_euclid(d) + i128::from(a.rem_euclid(d) != 0), b.div_euclid(d));
        (ka <= kb).then(|| int_values((ka..=kb).prop_map(move |k| k * d)))
    };
    let json_fits = |v: i128| int_json(v).is_some();
    if let Some(min) = c.minimum.map(int_bound) {
        add(format!("at minimum {min}"), Expect::Accept, (min % d == 0).then(|| int_values(Just(min))));
        let just = min - 1;
        add(
            format!("minimum {min} - 1"),
            Expect::Reject(below),
            json_fits(just).then(|| int_values(Just(just))),
        );
        let far = type_lo..=just;
        add(
            format!("anywhere below minimum {min}"),
            Expect::Reject(below),
            (type_lo <= just).then(|| int_values(far)),
        );
    }
    if let Some(max) = c.maximum.map(int_bound) {
        add(format!("at maximum {max}"), Expect::Accept, (max % d == 0).then(|| int_values(Just(max))));
        let just = max + 1;
        add(
            format!("maximum {max} + 1"),
            Expect::Reject(above),
            json_fits(just).then(|| int_values(Just(just))),
        );
        let far = just..=type_hi;
        add(
            format!("anywhere above maximum {max}"),
            Expect::Reject(above),
            (just <= type_hi).then(|| int_values(far)),
        );
    }
    let (a, b) =
        (if c.minimum.is_some() { lo + 1 } else { lo }, if c.maximum.is_some() { hi - 1 } else { hi });
    add(format!("strictly inside {a}..={b}"), Expect::Accept, multiples(a, b));
}

/// The same for `float64`: the next representable number outside each bound.
fn float_range_classes(c: &Constraints, add: &mut Add<'_>) {
    let step = |v: f64, up: bool| {
        let bits = v.to_bits();
        let next = if (v >= 0.0) == up { bits + 1 } else { bits - 1 };
        if v == 0.0 { if up { f64::from_bits(1) } else { -f64::from_bits(1) } } else { f64::from_bits(next) }
    };
    let float = |v: f64| Some(Just(json!(v)).boxed());
    let (lo, hi) = (c.minimum.unwrap_or(-1e300), c.maximum.unwrap_or(1e300));
    if let Some(min) = c.minimum {
        add(format!("at minimum {min}"), Expect::Accept, float(min));
        add(format!("just below minimum {min}"), Expect::Reject(below), float(step(min, false)));
    }
    if let Some(max) = c.maximum {
        add(format!("at maximum {max}"), Expect::Accept, float(max));
        add(format!("just above maximum {max}"), Expect::Reject(above), float(step(max, true)));
    }
    let inside =
        (0.0..1.0f64).prop_map(move |f| json!(step(lo, true) + f * (step(hi, false) - step(lo, true))));
    add("strictly inside".into(), Expect::Accept, (lo < hi).then(|| inside.boxed()));
}

/// Lists (or maps) of `min_items` and `max_items` items, strictly between, and one outside each.
fn item_classes(t: &Target, add: &mut Add<'_>) {
    let c = &t.field.constraints;
    let scope = t.scope;
    let collection = |n: RangeInclusive<u64>| -> Option<BoxedStrategy<Value>> {
        (n.start() <= n.end()).then(|| {
            let n = usize::try_from(*n.start()).unwrap()..=usize::try_from(*n.end()).unwrap();
            match &t.field.ty {
                // Items that are the same minimal value every time are cloned, not drawn one by one
                // (lists of 10 001 parts).
                Ty::List(item) => match item_values(scope, item, &t.field.item_constraints) {
                    Ok(values) => proptest::collection::vec(values, n).prop_map(Value::Array).boxed(),
                    Err(fixed) => n.prop_map(move |n| Value::Array(vec![fixed.clone(); n])).boxed(),
                },
                Ty::Map(item) => {
                    let item = scope.minimal(item, &Constraints::default());
                    n.prop_map(move |n| {
                        Value::Object((0..n).map(|i| (format!("k{i}"), item.clone())).collect())
                    })
                    .boxed()
                }
                other => panic!("item counts on {other:?}"),
            }
        })
    };
    if let Some(min) = c.min_items {
        add(format!("at min_items {min}"), Expect::Accept, collection(min..=min));
        if min > 0 {
            add(format!("min_items {min} - 1"), Expect::Reject(too_few), collection(min - 1..=min - 1));
        }
    }
    if let Some(max) = c.max_items {
        add(format!("at max_items {max}"), Expect::Accept, collection(max..=max));
        add(format!("max_items {max} + 1"), Expect::Reject(too_many), collection(max + 1..=max + 1));
    }
    let lo = c.min_items.map_or(0, |m| m + 1);
    let hi = c.max_items.map_or(lo + 16, |m| m.saturating_sub(1));
    add(format!("strictly inside {lo}..={hi}"), Expect::Accept, collection(lo..=hi));
}

/// Items of a list: random where the item is a number or a string without item constraints,
/// else (`Err`) one minimal valid value (item constraints are the subject of their own targets).
fn item_values(scope: Scope, item: &Ty, constraints: &Constraints) -> Result<BoxedStrategy<Value>, Value> {
    if !constraints.is_empty() {
        return Err(scope.minimal(item, constraints));
    }
    match item {
        Ty::I64 => Ok(any::<i64>().prop_map(Value::from).boxed()),
        Ty::I32 => Ok(any::<i32>().prop_map(Value::from).boxed()),
        Ty::String => Ok(proptest::collection::vec(Alphabet::all().chars(), 0..8)
            .prop_map(|chars| Value::String(chars.into_iter().collect()))
            .boxed()),
        other => Err(scope.minimal(other, &Constraints::default())),
    }
}

/// Multiples of the divisor inside the field's range, and the numbers 1 and `d - 1` past a
/// multiple (and anything between) that stay inside the range.
fn multiple_classes(ty: &Ty, c: &Constraints, add: &mut Add<'_>) {
    let d = i128::from(c.multiple_of.expect("multiple_of"));
    let (lo, hi) = int_window(ty, c);
    let (ka, kb) = (lo.div_euclid(d) + i128::from(lo.rem_euclid(d) != 0), hi.div_euclid(d));
    add(
        format!("a multiple of {d}"),
        Expect::Accept,
        (ka <= kb).then(|| int_values((ka..=kb).prop_map(move |k| k * d))),
    );
    // k * d + r stays inside [lo, hi] for k < kb (and r < d).
    let off = prop_oneof![Just(1), Just(d - 1), 1..d];
    let values = (ka < kb && d > 1).then(|| int_values((ka..kb, off).prop_map(move |(k, r)| k * d + r)));
    add(format!("not a multiple of {d}"), Expect::Reject(not_multiple), values);
}

// ---------------------------------------------------------------------------------------------
// Running a class and checking one case
// ---------------------------------------------------------------------------------------------

fn config() -> Config {
    // No regression files: this suite must not write into the source tree.
    Config { cases: 64, failure_persistence: None, ..Config::default() }
}

/// What a run of one class saw.
#[derive(Default)]
struct Seen {
    cases: usize,
    /// String values whose length in characters and in bytes differ.
    wide: usize,
    /// Values the Rust type itself refused to hold.
    type_refused: usize,
}

fn run_class(t: &Target, class: &Class) -> Seen {
    let mut runner = TestRunner::new(config());
    let (cases, wide, refused) = (Cell::new(0), Cell::new(0), Cell::new(0));
    let strategy = (class.values.clone(), 0..=t.max_index);
    let result = runner.run(&strategy, |(value, index)| {
        cases.set(cases.get() + 1);
        if value.as_str().is_some_and(|s| s.len() != s.chars().count()) {
            wide.set(wide.get() + 1);
        }
        if !check_case(t, &value, index, class.expect)? {
            refused.set(refused.get() + 1);
        }
        Ok(())
    });
    if let Err(error) = result {
        panic!("{}, {}: {error}", t.label(), class.name);
    }
    Seen { cases: cases.get(), wide: wide.get(), type_refused: refused.get() }
}

/// Puts `value` at the target in the starting document, decodes and validates it, and compares
/// with the reference model. `Ok(false)` when the Rust type refused the value (as it must).
fn check_case(t: &Target, value: &Value, index: usize, expect: Expect) -> Result<bool, TestCaseError> {
    if let (Some(shape), Some(pattern), Some(s)) = (&t.shape, t.pattern, value.as_str()) {
        prop_assert_eq!(
            shape.matches(s),
            regex_matches(pattern, s),
            "shape matcher and regex disagree on {:?}",
            s
        );
    }
    let doc = t.document_with(value.clone(), index);
    let held = read_opt(&doc, &t.steps, index).expect("the value was just written");
    let model = t.expected_rules(&held);
    match (expect, &model) {
        (Expect::Accept, Some(rules)) => {
            prop_assert!(
                rules.is_empty(),
                "the generator made an invalid value for an accept case: {:?}",
                rules
            )
        }
        (Expect::Accept, None) => {
            return Err(TestCaseError::fail("the generator made a value the type cannot hold"));
        }
        (Expect::Reject(intended), Some(rules)) => {
            prop_assert!(rules.iter().any(intended), "the generator missed the bound: {:?}", rules)
        }
        (Expect::Reject(_), None) => {}
    }
    let seed = &SEEDS[t.seed];
    let outcome = (seed.check)(&doc);
    let Some(rules) = model else {
        prop_assert!(outcome.is_err(), "the Rust type held a value outside its range: {}", value);
        return Ok(false);
    };
    let verdict = outcome.map_err(|e| TestCaseError::fail(format!("the document does not decode: {e}")))?;
    let path = t.render(index);
    let expected: Vec<Violation> =
        rules.into_iter().map(|rule| Violation { field: path.clone(), rule }).collect();
    check_verdict(verdict, &expected, &[value])?;
    Ok(true)
}

/// The verdict is exactly `expected`; an error names each field by its wire path and quotes none
/// of `values`.
fn check_verdict(
    verdict: Result<(), ValidationError>,
    expected: &[Violation],
    values: &[&Value],
) -> Result<(), TestCaseError> {
    let error = match verdict {
        Ok(()) if expected.is_empty() => return Ok(()),
        Ok(()) => return Err(TestCaseError::fail(format!("accepted, but expected {expected:?}"))),
        Err(error) => error,
    };
    prop_assert!(!expected.is_empty(), "rejected a valid request: {}", error);
    let mut actual = error.violations().to_vec();
    let mut wanted = expected.to_vec();
    let key = |v: &Violation| (v.field.clone(), format!("{:?}", v.rule));
    actual.sort_by_key(key);
    wanted.sort_by_key(key);
    prop_assert_eq!(&actual, &wanted);
    // One field at a time: the order the generated code reports in is the model's order.
    if expected.iter().all(|v| v.field == expected[0].field) {
        prop_assert_eq!(error.violations(), expected);
    }
    let text = error.to_string();
    for v in expected {
        prop_assert!(error.concerns(&v.field), "concerns({:?}) is false for {}", v.field, text);
        prop_assert!(text.contains(&format!("`{}`", v.field)), "{} does not name `{}`", text, v.field);
    }
    // The message is made of the paths and the rules only; so it cannot hold the value...
    let built: Vec<String> = error.violations().iter().map(ToString::to_string).collect();
    prop_assert_eq!(&text, &format!("invalid request: {}", built.join("; ")));
    // ...and a value long enough not to occur in it by chance is checked for directly.
    let debug = format!("{error:?}");
    for value in values {
        let shown = match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        if shown.chars().count() >= 6 {
            prop_assert!(
                !text.contains(&shown) && !debug.contains(&shown),
                "the error quotes the value: {}",
                text
            );
        }
    }
    Ok(())
}

/// Runs every class of `kind` on every target that has it; returns what was seen per target.
fn run_kind(kind: Kind) -> Vec<(&'static Target, Seen, usize, usize)> {
    let found: Vec<&Target> = targets().iter().filter(|t| kind.applies(&t.field.constraints)).collect();
    assert!(!found.is_empty(), "no spec has a {kind:?} constraint: this property would check nothing");
    let mut report = Vec::new();
    for t in found {
        let (classes, skipped) = classes(t, kind);
        for name in &skipped {
            eprintln!("{}: {kind:?}: no value can be built for `{name}`", t.label());
        }
        let accepts = classes.iter().filter(|c| c.accepts()).count();
        let rejects = classes.len() - accepts;
        let mut seen = Seen::default();
        for class in &classes {
            let run = run_class(t, class);
            assert!(run.cases > 0, "{}: {} ran no case", t.label(), class.name);
            seen.cases += run.cases;
            seen.wide += run.wide;
            seen.type_refused += run.type_refused;
        }
        report.push((t, seen, accepts, rejects));
    }
    report
}

// ---------------------------------------------------------------------------------------------
// constraint_property_specs_*: the walk finds every constraint, the starting points are valid
// ---------------------------------------------------------------------------------------------

const CONSTRAINT_KEYS: [&str; 8] =
    ["min_length", "max_length", "minimum", "maximum", "pattern", "min_items", "max_items", "multiple_of"];

/// A field's constraints and those of its list items (`items:`).
fn field_constraint_count(f: &Field) -> usize {
    constraint_count(&f.constraints) + constraint_count(&f.item_constraints)
}

fn constraint_count(c: &Constraints) -> usize {
    [
        c.min_length.is_some(),
        c.max_length.is_some(),
        c.minimum.is_some(),
        c.maximum.is_some(),
        c.pattern.is_some(),
        c.min_items.is_some(),
        c.max_items.is_some(),
        c.multiple_of.is_some(),
    ]
    .into_iter()
    .filter(|&b| b)
    .count()
}

/// Constraint keys written in a spec file, counted in the YAML text (outside comments and quoted
/// strings): a count that does not go through the loader, to catch a constraint the IR drops.
fn yaml_constraint_keys(text: &str) -> usize {
    let mut count = 0;
    for line in text.lines() {
        let mut quote = None;
        let mut boundary = true;
        let chars: Vec<char> = line.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if boundary => quote = Some(c),
                (None, '#') if boundary => break,
                (None, _) if boundary => {
                    let rest: String = chars[i..].iter().collect();
                    count += CONSTRAINT_KEYS.iter().filter(|k| rest.starts_with(&format!("{k}:"))).count();
                }
                (None, _) => {}
            }
            boundary = matches!(c, ' ' | '{' | ',');
        }
    }
    count
}

fn workspace_file(source: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(source);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Constraint keys on the fields of structs that only responses use (not reachable from the
/// input), which no request can break.
fn response_only_constraints(scope: Scope) -> usize {
    let reachable: BTreeSet<&str> = {
        let mut names = BTreeSet::new();
        let mut todo: Vec<&Ty> = scope.op.input.fields.iter().map(|f| &f.ty).collect();
        while let Some(ty) = todo.pop() {
            match ty {
                Ty::List(inner) | Ty::Map(inner) | Ty::JsonString(inner) => todo.push(inner),
                Ty::Named { name, .. } => {
                    if names.insert(name.as_str())
                        && let TypeKind::Struct(def) = scope.lookup(name)
                    {
                        todo.extend(def.fields.iter().map(|f| &f.ty));
                    }
                }
                _ => {}
            }
        }
        names
    };
    let unreachable_types =
        scope.op.types.iter().chain(&scope.service.types).filter(|t| !reachable.contains(t.name.as_str()));
    let in_types: usize = unreachable_types
        .filter_map(|t| match &t.kind {
            TypeKind::Struct(def) => Some(def.fields.iter().map(field_constraint_count).sum::<usize>()),
            TypeKind::Enum(_) => None,
        })
        .sum();
    in_types + scope.op.output.fields.iter().map(field_constraint_count).sum::<usize>()
}

/// Every constraint key of every service's YAML files is held by the IR: derived from the specs
/// tree, so an operation added to it is covered without a row in [`SEEDS`].
#[test]
fn constraint_property_specs_the_ir_keeps_every_constraint_of_the_tree() {
    let fields = |fields: &[Field]| fields.iter().map(field_constraint_count).sum::<usize>();
    let types = |types: &[cloudspec_codegen::ir::TypeDef]| {
        types
            .iter()
            .map(|t| match &t.kind {
                TypeKind::Struct(def) => fields(&def.fields),
                TypeKind::Enum(_) => 0,
            })
            .sum::<usize>()
    };
    for service in &ir().services {
        let in_text = yaml_constraint_keys(&workspace_file(&service.source))
            + service
                .operations
                .iter()
                .map(|op| yaml_constraint_keys(&workspace_file(&op.source)))
                .sum::<usize>();
        let in_ir = types(&service.types)
            + service
                .operations
                .iter()
                .map(|op| fields(&op.input.fields) + fields(&op.output.fields) + types(&op.types))
                .sum::<usize>();
        assert_eq!(
            in_ir, in_text,
            "{}/{}: the IR holds {in_ir} of the {in_text} constraints in its YAML",
            service.provider, service.name
        );
    }
}

#[test]
fn constraint_property_specs_every_constraint_is_found() {
    // Operations without a row are covered by the test above, not by the properties.
    let unseeded: Vec<String> = ir()
        .services
        .iter()
        .flat_map(|s| s.operations.iter().map(move |op| (s, op)))
        .filter(|(s, op)| {
            !SEEDS.iter().any(|seed| {
                seed.provider == s.provider && seed.service == s.name && seed.operation == op.name
            })
        })
        .map(|(s, op)| format!("{}/{} {}", s.provider, s.name, op.name))
        .collect();
    if !unseeded.is_empty() {
        eprintln!("operations without a row in SEEDS (no property tests): {}", unseeded.join(", "));
    }
    let mut summary = Vec::new();
    for (i, seed) in SEEDS.iter().enumerate() {
        let scope = Scope::of(seed);
        let found: Vec<&Target> = targets().iter().filter(|t| t.seed == i).collect();
        let checked: usize = found.iter().map(|t| constraint_count(&t.field.constraints)).sum();
        let in_text = yaml_constraint_keys(&workspace_file(&scope.op.source))
            + yaml_constraint_keys(&workspace_file(&scope.service.source));
        let response_only = response_only_constraints(scope);
        // Every constraint written in the spec is either reached from the input (and exercised
        // by the properties below) or sits on a response-only type.
        assert_eq!(
            checked + response_only,
            in_text,
            "{}: the YAML states {in_text} constraints; the walk reached {checked} and {response_only} \
             are on response-only types",
            scope.label()
        );
        if in_text > response_only {
            assert!(!found.is_empty(), "{}: constrained fields exist but none was found", scope.label());
        }
        let paths: Vec<String> = found.iter().map(|t| t.render(0)).collect();
        summary.push(format!(
            "{}: {} fields, {checked} constraints: {}",
            scope.label(),
            found.len(),
            paths.join(", ")
        ));
    }
    eprintln!("constrained input fields per operation:\n  {}", summary.join("\n  "));
    // The seed specs do have constraints: an empty walk would make every property vacuous.
    assert!(targets().len() >= SEEDS.len(), "only {} constrained fields found", targets().len());
}

#[test]
fn constraint_property_specs_starting_documents_are_valid() {
    for (i, seed) in SEEDS.iter().enumerate() {
        let scope = Scope::of(seed);
        match (seed.check)(base_document(i)) {
            Ok(Ok(())) => {}
            Ok(Err(error)) => panic!("{}: the starting document is invalid: {error}", scope.label()),
            Err(error) => panic!("{}: the starting document does not decode: {error}", scope.label()),
        }
    }
    // Cases fill what a document lacks on the way to a field (required members, the items before
    // the one written) with minimal values made from the IR: those must be valid too.
    for t in targets() {
        for index in 0..=t.max_index {
            let minimal = t.scope.minimal(&t.field.ty, &t.field.constraints);
            let verdict = (SEEDS[t.seed].check)(&t.document_with(minimal, index)).expect("decodes");
            assert_eq!(verdict, Ok(()), "{}: the minimal values on the way are invalid", t.label());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// constraint_property_*: one property per constraint kind
// ---------------------------------------------------------------------------------------------

fn print_report(kind: Kind, report: &[(&Target, Seen, usize, usize)]) {
    for (t, seen, accepts, rejects) in report {
        eprintln!(
            "{kind:?} {}: {accepts} accepted and {rejects} rejected classes, {} cases ({} multi-byte, {} refused by \
             the Rust type)",
            t.label(),
            seen.cases,
            seen.wide,
            seen.type_refused
        );
    }
}

#[test]
fn constraint_property_lengths_at_inside_and_outside_bounds() {
    let report = run_kind(Kind::Length);
    print_report(Kind::Length, &report);
    let mut units = BTreeSet::new();
    for (t, seen, accepts, rejects) in &report {
        assert!(*accepts >= 2 && *rejects >= 1, "{}: too few classes", t.label());
        units.insert(format!("{:?}", t.unit()));
        // Characters and bytes only differ on multi-byte values: those must have been tried
        // wherever the field allows them.
        let wide_allowed = t.shape.as_ref().is_none_or(|s| !s.allowed().wide.is_empty());
        if wide_allowed {
            assert!(seen.wide > 0, "{}: no multi-byte value was tried", t.label());
        }
    }
    assert_eq!(units.len(), 2, "both length units are exercised: {units:?}");
}

#[test]
fn constraint_property_patterns_match_and_mismatch() {
    let report = run_kind(Kind::Pattern);
    print_report(Kind::Pattern, &report);
    for (t, _, accepts, rejects) in &report {
        assert!(*accepts >= 1 && *rejects >= 1, "{}: too few classes", t.label());
    }
}

#[test]
fn constraint_property_ranges_at_inside_and_outside_bounds() {
    let report = run_kind(Kind::Range);
    print_report(Kind::Range, &report);
    for (t, _, accepts, rejects) in &report {
        assert!(*accepts >= 2 && *rejects >= 1, "{}: too few classes", t.label());
    }
}

#[test]
fn constraint_property_item_counts_at_inside_and_outside_bounds() {
    let report = run_kind(Kind::Items);
    print_report(Kind::Items, &report);
    for (t, _, accepts, rejects) in &report {
        assert!(*accepts >= 1 && *rejects >= 1, "{}: too few classes", t.label());
    }
}

#[test]
fn constraint_property_multiples_and_non_multiples() {
    let report = run_kind(Kind::MultipleOf);
    print_report(Kind::MultipleOf, &report);
    for (t, _, accepts, rejects) in &report {
        assert!(*accepts == 1 && *rejects == 1, "{}: too few classes", t.label());
    }
}

// ---------------------------------------------------------------------------------------------
// constraint_property_broken_fields_*: several broken fields at once
// ---------------------------------------------------------------------------------------------

/// Values that break a target and that its Rust type can hold, over all constraint kinds.
fn breaking_values(t: &Target) -> Option<BoxedStrategy<Value>> {
    let kinds = [Kind::Length, Kind::Pattern, Kind::Range, Kind::Items, Kind::MultipleOf];
    let mut options = Vec::new();
    let mut sampler = TestRunner::deterministic();
    for kind in kinds.into_iter().filter(|k| k.applies(&t.field.constraints)) {
        let (classes, _) = classes(t, kind);
        for class in classes.into_iter().filter(|c| !c.accepts()) {
            // A class holds values of one side of the type's range only: a value the type
            // refuses stops decoding before validation, so such classes are left out here.
            let sample = class.values.new_tree(&mut sampler).expect("a value").current();
            if t.expected_rules(&sample).is_some() {
                options.push(class.values);
            }
        }
    }
    (!options.is_empty()).then(|| Union::new(options).boxed())
}

#[test]
fn constraint_property_broken_fields_are_all_reported_and_nothing_else() {
    for (i, seed) in SEEDS.iter().enumerate() {
        let scope = Scope::of(seed);
        // Outer fields first: writing a list replaces the items that nested targets write into.
        let mut found: Vec<(&Target, BoxedStrategy<Value>)> =
            targets().iter().filter(|t| t.seed == i).filter_map(|t| Some((t, breaking_values(t)?))).collect();
        found.sort_by_key(|(t, _)| t.steps.len());
        if found.is_empty() {
            continue;
        }
        let each: Vec<_> =
            found.iter().map(|(_, values)| proptest::option::weighted(0.5, values.clone())).collect();
        let found: Vec<&Target> = found.into_iter().map(|(t, _)| t).collect();
        let strategy = (each, 0..=MAX_INDEX)
            .prop_filter("at least one field broken", |(values, _)| values.iter().any(Option::is_some));
        let mut runner = TestRunner::new(config());
        let result = runner.run(&strategy, |(values, index)| {
            let mut doc = base_document(i).clone();
            for (t, value) in found.iter().zip(&values) {
                if let Some(value) = value {
                    place(scope, &mut doc, &t.steps, value.clone(), index.min(t.max_index));
                }
            }
            // What each target holds now (a later write may have padded an earlier list).
            let mut expected = Vec::new();
            for t in &found {
                let index = index.min(t.max_index);
                let Some(held) = read_opt(&doc, &t.steps, index) else { continue };
                let rules = t.expected_rules(&held).expect("breaking values fit their types");
                let path = t.render(index);
                expected.extend(rules.into_iter().map(|rule| Violation { field: path.clone(), rule }));
            }
            prop_assert!(!expected.is_empty(), "nothing was broken");
            let verdict =
                (seed.check)(&doc).map_err(|e| TestCaseError::fail(format!("does not decode: {e}")))?;
            let broken: Vec<&Value> = values.iter().flatten().collect();
            check_verdict(verdict, &expected, &broken)
        });
        if let Err(error) = result {
            panic!("{}: {error}", scope.label());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// constraint_property_huawei_client_*: end to end, through the real client
// ---------------------------------------------------------------------------------------------

#[test]
fn constraint_property_huawei_client_sends_no_out_of_range_repository_id() {
    let scope = Scope::of(&SEEDS[2]);
    let field = scope.op.input.fields.iter().find(|f| f.wire == "repository_id").expect("repository_id");
    assert_eq!(field.location, Location::Path);
    let min = int_bound(field.constraints.minimum.expect("a documented minimum"));
    let max = int_bound(field.constraints.maximum.expect("a documented maximum"));

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(wiremock::MockServer::start());
    assert!(server.uri().starts_with("http://127.0.0.1:"), "{}", server.uri());
    // A request that did arrive would be answered as a success, so only `received_requests`
    // tells it apart.
    let created = examples::response_body(scope.op, 201);
    runtime.block_on(
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(wiremock::ResponseTemplate::new(201).set_body_raw(created, "application/json"))
            .mount(&server),
    );
    let client = huawei::Client::builder()
        .credentials(credentials::huawei_token())
        .allow_insecure_http()
        .endpoint(server.uri())
        .build()
        .expect("complete");
    let example = base_document(2)["body"].clone();
    let request_with = |id: i32| {
        let mut request: huawei::CreateFileRequest = serde_json::from_value(example.clone()).unwrap();
        request.repository_id = id;
        request
    };

    // Just below the minimum and anywhere down to i32::MIN; above the maximum only where an i32
    // can go (the documented maximum is i32::MAX: no request can carry more).
    let below = i32::try_from(min - 1).ok().map(|just| prop_oneof![Just(just), i32::MIN..=just].boxed());
    let above = i32::try_from(max + 1).ok().map(|just| prop_oneof![Just(just), just..=i32::MAX].boxed());
    let outside = Union::new(below.into_iter().chain(above));
    let attempts = Cell::new(0);
    let mut runner = TestRunner::new(config());
    let result = runner.run(&outside, |id| {
        attempts.set(attempts.get() + 1);
        let outcome = runtime.block_on(client.create_file(&request_with(id)));
        let Err(cloudspec_runtime::Error::Validation(error)) = outcome else {
            return Err(TestCaseError::fail(format!(
                "repository_id {id}: expected a validation error, got {outcome:?}"
            )));
        };
        let rule = if i128::from(id) < min {
            Rule::BelowMinimum { minimum: min.to_string() }
        } else {
            Rule::AboveMaximum { maximum: max.to_string() }
        };
        prop_assert_eq!(error.violations(), &[Violation { field: "repository_id".into(), rule }][..]);
        let text = error.to_string();
        prop_assert!(text.contains("`repository_id`"), "{}", text);
        if id.to_string().len() >= 6 {
            prop_assert!(!text.contains(&id.to_string()), "{} quotes the value", text);
        }
        Ok(())
    });
    if let Err(error) = result {
        panic!("{error}");
    }
    assert!(attempts.get() >= 64);
    let received = runtime.block_on(server.received_requests()).expect("recording is on");
    assert!(received.is_empty(), "{} out-of-range requests reached the server", received.len());

    // The same client and server do carry the bounds themselves: the check above is not passing
    // because nothing could be sent.
    for id in [min, max] {
        let id = i32::try_from(id).unwrap();
        runtime.block_on(client.create_file(&request_with(id))).expect("a valid request is sent");
    }
    let received = runtime.block_on(server.received_requests()).unwrap();
    let paths: Vec<&str> = received.iter().map(|r| r.url.path()).collect();
    assert_eq!(
        paths,
        [
            format!("/v4/repositories/{min}/repository/files"),
            format!("/v4/repositories/{max}/repository/files")
        ]
    );
}
