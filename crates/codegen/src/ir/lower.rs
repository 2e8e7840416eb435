//! Spec model → IR, checking every rule on the way. Resolution and checking go together: most
//! rules ("this type exists", "these two fields get the same Rust name") can only be decided while
//! resolving. Problems are collected, never returned early, so one run reports them all.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

use serde_json::Value;

use super::names;
use super::typeexpr::{self, Expr, Ty};
use super::*;
use super::{paging, param_style};
use crate::diagnostic::{Diagnostic, Diagnostics, SourceFile};
use crate::parallel;
use crate::spec::located::{Entries, Located, Pos};
use crate::spec::{self, FieldSpec, OperationSpec, ServiceSource, SpecTree, TypeSpec};

mod error_retry;
mod shared;
mod value_rules;

/// Lowers a loaded spec tree, or returns every problem found.
pub fn lower(tree: &SpecTree) -> Result<Ir, Diagnostics> {
    lower_on(tree, parallel::available_threads())
}

/// `lower` with the services lowered on at most `max_threads` threads: the result is the same
/// for any number (the xtask crate's tests compare them on synthetic trees).
pub fn lower_on(tree: &SpecTree, max_threads: usize) -> Result<Ir, Diagnostics> {
    let operations: usize = tree.services.iter().map(|service| service.operations.len()).sum();
    let threads = parallel::threads_for(operations, PARALLEL_FROM_OPERATIONS, max_threads);
    let lowered = parallel::map_in_order(&tree.services, threads, lower_service_alone);

    // The problems in the order of a one-thread run: every service's command checks, then every
    // service's lowering.
    let mut diagnostics = Diagnostics::default();
    let mut lowering_diagnostics = Vec::with_capacity(lowered.len());
    let mut services: Vec<Service> = Vec::with_capacity(lowered.len());
    for service in lowered {
        diagnostics.0.extend(service.command_checks.0);
        lowering_diagnostics.extend(service.diagnostics.0);
        services.push(service.service);
    }
    diagnostics.0.extend(lowering_diagnostics);
    let mut seen_modules: HashMap<(String, String), usize> = HashMap::new();
    for (i, (service, source)) in services.iter().zip(&tree.services).enumerate() {
        let key = (service.provider_module.clone(), service.module.clone());
        if let Some(&first) = seen_modules.get(&key) {
            diagnostics.push(
                Diagnostic::new(
                    &source.file,
                    source.spec.service.pos,
                    format!(
                        "service `{}/{}` maps to the same module as `{}/{}`",
                        service.provider, service.name, services[first].provider, services[first].name
                    ),
                )
                .label("same module")
                .hint("rename one of the folders"),
            );
        } else {
            seen_modules.insert(key, i);
        }
    }
    services.sort_by(|a, b| (&a.provider_module, &a.module).cmp(&(&b.provider_module, &b.module)));
    if diagnostics.is_empty() { Ok(Ir { services }) } else { Err(diagnostics.sorted()) }
}

/// Below this many operations, services are lowered on the calling thread (a service is one
/// unit of work, so one service always is). Lowering costs about 0.05 ms per operation; measured
/// on 2 cores (synthetic trees), 64 operations in 2 services lower in 3.1 ms on one thread and
/// 2.5 ms on two, 128 in 6.4 and 4.1 ms, 10,000 in 0.48 s and 0.25 s. Smaller trees, such as the
/// ones build scripts load, stay on one thread.
const PARALLEL_FROM_OPERATIONS: usize = 64;

/// One service lowered on its own, with its problems: services lower independently, so they can
/// be lowered on several threads; the checks across services come after.
struct LoweredService {
    service: Service,
    /// Problems found by the rules that live with their commands.
    command_checks: Diagnostics,
    diagnostics: Diagnostics,
}

fn lower_service_alone(source: &ServiceSource) -> LoweredService {
    let mut command_checks = Diagnostics::default();
    // Unfilled `cloudspec new` placeholders and malformed `docs_sha256`: the rules of the
    // commands that write them (`cloudspec new`, `cloudspec docs-status`).
    spec::placeholders::check_placeholders(source, &mut command_checks);
    spec::docs_hash::check_recorded_hashes(source, &mut command_checks);
    let mut diagnostics = Diagnostics::default();
    // Text the generator cannot show inertly, and names that become header names or methods.
    spec::text::check_service(source, &mut diagnostics);
    let service = lower_service(source, &mut diagnostics);
    LoweredService { service, command_checks, diagnostics }
}

/// Names a spec type cannot take: items every generated service module defines, and prelude
/// types the generated code names unqualified. A struct called `String` or `Client` would
/// shadow them and the generated crate would not compile.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Api",
    "Client",
    "ClientBuilder",
    "MockClient",
    "AcceptedCredentials",
    "CommonErrorCode",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Default",
];

/// Where a named type was declared, for messages and for resolution.
pub(super) struct Declared<'a> {
    file: &'a SourceFile,
    spec: &'a Located<TypeSpec>,
    is_enum: bool,
    /// The wire kind of an enum's values.
    enum_kind: Option<EnumKind>,
}

impl Declared<'_> {
    /// The type a reference to this declaration (under `key`) resolves to.
    fn named(&self, key: &str) -> Ty {
        Ty::Named {
            name: names::type_name(key),
            key: key.to_owned(),
            is_enum: self.is_enum,
            enum_kind: self.enum_kind,
        }
    }
}

/// Context shared by the checks of one service.
pub(super) struct Cx<'a> {
    protocol: spec::Protocol,
    types: BTreeMap<String, Declared<'a>>,
    pub(super) diagnostics: &'a mut Diagnostics,
    /// The document shape of each object type, built once: an example may hold thousands of
    /// objects of one type.
    shapes: RefCell<HashMap<String, Rc<DocShape>>>,
    /// Compiled `pattern`s, for checking values against them (`None`: does not compile).
    patterns: RefCell<HashMap<String, Option<Rc<regex::Regex>>>>,
}

impl Cx<'_> {
    /// The wire values (as text) of the declared enum `key`, in order; `None` for a struct or
    /// an undeclared name.
    pub(super) fn enum_values(&self, key: &str) -> Option<Vec<String>> {
        let declared = self.types.get(key).filter(|d| d.is_enum)?;
        Some(declared.spec.values.iter().flatten().map(|v| v.value.value.text()).collect())
    }

    /// An error at `pos`; the label says in a few words what is wrong with the node there.
    pub(super) fn error_labelled(
        &mut self,
        file: &SourceFile,
        pos: Pos,
        message: impl Into<String>,
        label: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.diagnostics.push(Diagnostic::new(file, pos, message).label(label).hint(hint));
    }
}

fn lower_service(source: &ServiceSource, diagnostics: &mut Diagnostics) -> Service {
    let spec = &source.spec;
    let file = &source.file;
    for (value, dir, what) in
        [(&spec.provider, &source.provider_dir, "provider"), (&spec.service, &source.service_dir, "service")]
    {
        if value.value != *dir {
            diagnostics.push(
                Diagnostic::new(
                    file,
                    value.pos,
                    format!("{what} `{}` does not match its folder `{dir}`", value.value),
                )
                .label(format!("the folder says `{dir}`"))
                .hint(format!("write `{what}: {dir}` or move the spec")),
            );
        }
    }
    check_endpoint(file, &spec.endpoint.url, diagnostics);
    if spec.auth.is_empty() {
        diagnostics.push(
            Diagnostic::new(file, spec.auth.pos, "no authentication scheme")
                .label("empty")
                .hint("list at least one scheme under `auth:`"),
        );
    }

    // What the provider file shares with services of this protocol, checked in that file.
    let shared = shared::section(source, diagnostics);

    // Collect every named type of the service, from the provider file, service.yaml and each
    // operation file.
    let mut types: BTreeMap<String, Declared> = BTreeMap::new();
    let mut all_types: Vec<(&SourceFile, &Located<String>, &Located<TypeSpec>)> = Vec::new();
    if let Some((shared_file, section)) = shared {
        all_types.extend(section.types.iter().map(|(k, v)| (shared_file, k, v)));
    }
    all_types.extend(spec.types.iter().map(|(k, v)| (file, k, v)));
    for op in &source.operations {
        all_types.extend(op.spec.types.iter().map(|(k, v)| (&op.file, k, v)));
    }
    let mut rust_type_names: HashMap<String, String> = HashMap::new();
    for (type_file, key, ty) in &all_types {
        if let Some(first) = types.get(&key.value) {
            let hint = if shared.is_some_and(|(shared_file, _)| std::ptr::eq(first.file, shared_file)) {
                shared::redeclared_hint(first.file, spec.protocol.value)
            } else {
                format!("it is also declared in {}; type names are unique across a service", first.file.name)
            };
            diagnostics.push(
                Diagnostic::new(type_file, key.pos, format!("type `{}` is declared twice", key.value))
                    .label("second declaration")
                    .hint(hint),
            );
            continue;
        }
        let rust = names::type_name(&key.value);
        if RESERVED_TYPE_NAMES.contains(&rust.as_str()) {
            diagnostics.push(
                Diagnostic::new(
                    type_file,
                    key.pos,
                    format!(
                        "type `{}` would be the Rust type `{rust}`, a name the generated code already uses",
                        key.value
                    ),
                )
                .label("reserved name")
                .hint("rename it after what it holds, e.g. `WidgetOption` or `ErrorBody`"),
            );
        }
        if let Some(other) = rust_type_names.get(&rust) {
            diagnostics.push(
                Diagnostic::new(
                    type_file,
                    key.pos,
                    format!("types `{}` and `{other}` both become the Rust type `{rust}`", key.value),
                )
                .label(format!("same Rust name as `{other}`"))
                .hint("rename one of them"),
            );
        }
        rust_type_names.insert(rust, key.value.clone());
        let is_enum = ty.values.is_some() && ty.fields.is_none();
        let enum_kind = ty.values.as_deref().filter(|_| is_enum).map(super::enums::declared_kind);
        types.insert(key.value.clone(), Declared { file: type_file, spec: ty, is_enum, enum_kind });
    }

    // Every object type gets a builder named `<Type>Builder` beside it.
    for (type_file, key, _) in &all_types {
        let rust = names::type_name(&key.value);
        let Some(built) = rust.strip_suffix("Builder") else { continue };
        let declared = rust_type_names.get(built).and_then(|spec_name| types.get(spec_name));
        if declared.is_some_and(|d| !d.is_enum) {
            diagnostics.push(
                Diagnostic::new(
                    type_file,
                    key.pos,
                    format!(
                        "type `{}` collides with the builder the generator writes for type `{built}`",
                        key.value
                    ),
                )
                .label("generated name")
                .hint(format!("rename one of them: `{built}` gets a `{rust}` of its own")),
            );
        }
    }

    let mut cx = Cx {
        protocol: spec.protocol.value,
        types,
        diagnostics,
        shapes: RefCell::default(),
        patterns: RefCell::default(),
    };

    let mut service_types = Vec::new();
    let mut errors = Vec::new();
    let mut error_shape_spec = spec.error_shape.as_ref().map(|shape| (file, shape));
    if let Some((shared_file, section)) = shared {
        service_types
            .extend(section.types.iter().filter_map(|(key, ty)| lower_type(&mut cx, shared_file, key, ty)));
        errors = lower_errors(&mut cx, shared_file, &section.errors);
        if let Some(shape) = &section.error_shape {
            match &spec.error_shape {
                Some(own) => shared::error_shape_given_twice(&mut cx, file, own, shared_file),
                None => error_shape_spec = Some((shared_file, shape)),
            }
        }
    }
    service_types.extend(spec.types.iter().filter_map(|(key, ty)| lower_type(&mut cx, file, key, ty)));
    let own_errors = shared::without_shared_codes(&mut cx, file, &spec.errors, &errors);
    errors.extend(lower_errors(&mut cx, file, &own_errors));
    let error_shape = error_shape_spec.and_then(|(file, shape)| match cx.types.get(&shape.value) {
        Some(declared) if !declared.is_enum => Some(names::type_name(&shape.value)),
        Some(_) => {
            cx.error_labelled(
                file,
                shape.pos,
                format!("error_shape `{}` is an enum", shape.value),
                "an enum",
                "name an object type with the error body's fields",
            );
            None
        }
        None => {
            let known: Vec<String> = cx.types.keys().cloned().collect();
            let hint = suggest(&shape.value, &known, "declare it under `types:`");
            cx.error_labelled(
                file,
                shape.pos,
                format!("error_shape names the undefined type `{}`", shape.value),
                "not declared",
                hint,
            );
            None
        }
    });

    let mut operations: Vec<Operation> = Vec::new();
    let mut seen_ops: HashMap<String, String> = HashMap::new();
    for op in &source.operations {
        let module = names::module_name(&op.spec.operation.value);
        if let Some(first) = seen_ops.get(&module) {
            cx.error_labelled(
                &op.file,
                op.spec.operation.pos,
                format!("operation `{}` is defined twice in this service", op.spec.operation.value),
                "second definition",
                format!("it is also defined in {first}; remove one of the files"),
            );
            continue;
        }
        seen_ops.insert(module.clone(), op.file.name.to_string());
        operations.push(lower_operation(&mut cx, &op.file, &op.spec, module, &errors, error_shape.is_some()));
    }
    check_recursion(&mut cx);
    paging::lower_service_pagination(cx.diagnostics, source, &service_types, &mut operations);
    super::wait_via::lower_service_wait_via(cx.diagnostics, source, &mut operations);
    super::method_names::check_method_names(cx.diagnostics, source, &operations);

    let provider_module = names::module_name(&spec.provider.value);
    let module = names::module_name(&spec.service.value);
    Service {
        feature: names::feature_name(&spec.provider.value, &spec.service.value),
        provider: spec.provider.value.clone(),
        provider_module,
        name: spec.service.value.clone(),
        module,
        source: file.name.to_string(),
        title: spec.title.clone(),
        docs: spec.docs.clone(),
        protocol: spec.protocol.value,
        api_version: spec.api_version.clone(),
        endpoint_url: spec.endpoint.url.value.clone(),
        regions: spec.endpoint.regions.clone(),
        region_urls: lower_region_urls(&mut cx, file, &spec.endpoint),
        endpoint_doc: spec.endpoint.doc.clone(),
        auth: spec
            .auth
            .iter()
            .map(|a| Auth { scheme: a.scheme, signing_name: a.signing_name.clone(), doc: a.doc.clone() })
            .collect(),
        error_shape,
        types: service_types,
        errors,
        operations,
    }
}

/// "did you mean `…`?" with the candidate closest to `word`, or `otherwise` when none is close.
pub(super) fn suggest(word: &str, candidates: &[String], otherwise: &str) -> String {
    match spec::hints::closest(word, candidates) {
        Some(best) => format!("did you mean `{best}`?"),
        None => otherwise.to_owned(),
    }
}

fn check_endpoint(file: &SourceFile, url: &Located<String>, diagnostics: &mut Diagnostics) {
    let text = &url.value;
    let balanced = text.matches('{').count() == text.matches('}').count();
    if !(text.starts_with("https://") || text.starts_with("http://")) || !balanced {
        diagnostics.push(
            Diagnostic::new(file, url.pos, "the endpoint is not an http(s) URL template")
                .label("not an http(s) URL template")
                .hint("write e.g. `https://service.{region}.example.com`; placeholders are `{name}`"),
        );
    }
}

fn lower_type(
    cx: &mut Cx,
    file: &SourceFile,
    key: &Located<String>,
    ty: &Located<TypeSpec>,
) -> Option<TypeDef> {
    let name = names::type_name(&key.value);
    match (&ty.fields, &ty.values) {
        (Some(fields), None) => {
            let fields = lower_fields(cx, file, fields, FieldRole::Object);
            let open = check_open(cx, file, ty, &fields);
            Some(TypeDef {
                name: name.clone(),
                doc: ty.doc.clone(),
                kind: TypeKind::Struct(StructDef { name, doc: ty.doc.clone(), fields, open }),
            })
        }
        (None, Some(values)) => {
            if let Some(open) = ty.open.as_ref().filter(|o| o.value) {
                cx.error_labelled(
                    file,
                    open.pos,
                    format!("enum `{}` cannot be `open`", key.value),
                    "an enum",
                    "`open` applies to types with `fields`; enums already keep unknown values",
                );
            }
            let variants = super::enums::lower_enum(cx, file, key, values);
            // Values that were all refused have their own errors; this one is for an empty list.
            if values.is_empty() {
                cx.error_labelled(
                    file,
                    ty.pos,
                    format!("enum `{}` has no values", key.value),
                    "no values",
                    "list its values under `values:`",
                );
            }
            Some(TypeDef { name, doc: ty.doc.clone(), kind: TypeKind::Enum(variants) })
        }
        (Some(_), Some(_)) => {
            cx.error_labelled(
                file,
                ty.pos,
                format!("type `{}` has both `fields` and `values`", key.value),
                "both",
                "an object has `fields`, an enum has `values`; keep one",
            );
            None
        }
        (None, None) => {
            cx.error_labelled(
                file,
                ty.pos,
                format!("type `{}` has neither `fields` nor `values`", key.value),
                "neither",
                "an object has `fields`, an enum has `values`",
            );
            None
        }
    }
}

/// Which struct a field list builds: locations are only meaningful on inputs and outputs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FieldRole {
    Input,
    Output,
    Object,
}

fn lower_fields(
    cx: &mut Cx,
    file: &SourceFile,
    fields: &Entries<Located<FieldSpec>>,
    role: FieldRole,
) -> Vec<Field> {
    let mut out: Vec<Field> = Vec::new();
    let mut rust_names: HashMap<String, String> = HashMap::new();
    for (key, field) in fields.iter() {
        let Some(lowered) = lower_field(cx, file, key, field, role) else { continue };
        if let Some(other) = rust_names.get(&lowered.rust) {
            cx.error_labelled(
                file,
                key.pos,
                format!("fields `{}` and `{other}` both become the Rust field `{}`", key.value, lowered.rust),
                format!("same Rust name as `{other}`"),
                format!(
                    "give one of them `rust_name:`, e.g. `rust_name: {}_2`",
                    lowered.rust.trim_end_matches('_')
                ),
            );
            continue;
        }
        rust_names.insert(lowered.rust.clone(), key.value.clone());
        out.push(lowered);
    }
    // A payload is the whole body: every other body field (or second payload) is reported where
    // it is written.
    if let Some(payload) = out.iter().find(|f| f.location == spec::Location::Payload) {
        for other in out.iter().filter(|f| {
            f.wire != payload.wire && matches!(f.location, spec::Location::Body | spec::Location::Payload)
        }) {
            let pos = fields.key(&other.wire).map_or(Pos::default(), |k| k.pos);
            let what =
                if other.location == spec::Location::Payload { "a second payload" } else { "a body field" };
            cx.error_labelled(
                file,
                pos,
                format!(
                    "`{}` is {what}, but `{}` is the whole body (`location: payload`)",
                    other.wire, payload.wire
                ),
                "beside the payload",
                format!("move `{}` into the payload's type, or give it another location", other.wire),
            );
        }
    }
    out
}

/// An object payload is flattened into the request's document, which the client then splits
/// by name into query and body: a query field named like one of the payload's members would take
/// that member out of the body (and the caller's query value would be lost), silently.
fn check_flattened_payload(cx: &mut Cx, file: &SourceFile, spec: &spec::OperationSpec, fields: &[Field]) {
    let Some(payload) = fields.iter().find(|f| f.location == spec::Location::Payload) else { return };
    let Ty::Named { key, is_enum: false, .. } = &payload.ty else { return };
    let Some(members) = cx.types.get(key).and_then(|declared| declared.spec.value.fields.as_ref()) else {
        return;
    };
    let clashes: Vec<(Pos, String)> = fields
        .iter()
        .filter(|f| f.location == spec::Location::Query && members.key(&f.wire).is_some())
        .map(|f| (spec.input.fields.key(&f.wire).map_or(Pos::default(), |k| k.pos), f.wire.clone()))
        .collect();
    for (pos, wire) in clashes {
        cx.error_labelled(
            file,
            pos,
            format!("query field `{wire}` has the name of a member of the payload's type `{key}`"),
            "also a payload member",
            format!(
                "the payload is flattened into one document that is split by name, so `{wire}` cannot be \
                 both; give the payload `type: json` (the body as built) until payloads are sent on their own"
            ),
        );
    }
}

fn lower_field(
    cx: &mut Cx,
    file: &SourceFile,
    key: &Located<String>,
    located: &Located<FieldSpec>,
    role: FieldRole,
) -> Option<Field> {
    let field = &located.value;
    let ty = resolve(cx, file, &field.ty)?;
    let rust = match &field.rust_name {
        Some(name) => {
            let valid = !name.value.is_empty()
                && name.value.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
                && name.value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            let problem = if names::is_keyword(&name.value) {
                Some((
                    format!("`rust_name: {}` is a Rust keyword", name.value),
                    format!("write `{}_`: cloudspec spells keywords with a trailing `_`", name.value),
                ))
            } else if name.value == "_" {
                // `_` passes the character rule but is a pattern, not a name.
                Some((
                    "`rust_name: _` is not a name".to_owned(),
                    "`_` alone is a wildcard in Rust; spell a snake_case name".to_owned(),
                ))
            } else if !valid {
                Some((
                    format!("`{}` is not a usable Rust field name", name.value),
                    "use snake_case: lowercase ASCII letters, digits and `_`, starting with a letter or `_`"
                        .to_owned(),
                ))
            } else {
                None
            };
            if let Some((message, hint)) = problem {
                cx.error_labelled(file, name.pos, message, "not a field name", hint);
                return None;
            }
            name.value.clone()
        }
        None => names::field_name(&key.value),
    };

    // RPC inputs are parameters; everything else (outputs, nested types) is JSON body.
    let default_location = match (cx.protocol, role) {
        (spec::Protocol::AcsRpc, FieldRole::Input) => spec::Location::Query,
        _ => spec::Location::Body,
    };
    // A location the protocol does not support is reported once; the field then counts as
    // being at the default location, so that it causes no second error (such as a `path` field
    // of a protocol without path parameters missing from the path).
    let location = match &field.location {
        Some(loc) if check_location(cx, file, loc, &ty, field.required, role) => loc.value,
        _ => default_location,
    };
    if let Some(lenient) = field.lenient.as_ref().filter(|l| l.value)
        && (!matches!(ty, Ty::Timestamp(_)) || field.format.as_ref().is_some_and(|f| f.is_epoch()))
    {
        cx.error_labelled(
            file,
            lenient.pos,
            "`lenient` applies only to `timestamp` fields written as text",
            "no text to fall back on",
            "remove it: other types, and epoch counts, have no text to fall back on",
        );
    }
    if field.format.is_some() && !matches!(ty, Ty::Timestamp(_)) {
        let pos = field.format.as_ref().map_or(located.pos, |f| f.pos);
        cx.error_labelled(
            file,
            pos,
            "`format` applies only to `timestamp` fields",
            "not a timestamp",
            "remove it, or make the field a timestamp",
        );
    }
    let ty = with_format(ty, field);
    super::body::check_field(cx, file, located, &ty, location, matches!(role, FieldRole::Input));
    let constraints = lower_constraints(cx, file, located, &ty);
    let (ty, item_constraints) = super::items::lower_items(cx, file, located, ty);
    if role == FieldRole::Output {
        super::headers::check_output_header(cx, file, located, &ty, location);
    }
    if location == spec::Location::Path && ty.is_stringy() && constraints.min_length.unwrap_or(0) == 0 {
        // An empty value would drop the segment and silently address another resource.
        cx.error_labelled(
            file,
            key.pos,
            format!("path field `{}` may be empty", key.value),
            "no `min_length`",
            "add `min_length: 1`: an empty path segment changes which URL is called",
        );
    }
    for (what, value) in [("example", &field.example), ("default", &field.default)] {
        if let Some(value) = value {
            let mut problems = Vec::new();
            check_value(cx, value, &ty, true, what, &mut problems);
            value_rules::check_constraints(cx, value, &constraints, what, &mut problems);
            for problem in capped(problems) {
                let pos = problem.locate(&file.text, located.pos);
                let hint = problem
                    .hint
                    .unwrap_or_else(|| "copy the value from the page, or fix the field's type".into());
                cx.diagnostics.push(
                    Diagnostic::new(file, pos, format!("field `{}`: {}", key.value, problem.message))
                        .label(problem.label)
                        .hint(hint),
                );
            }
        }
    }
    let style = field.style.as_ref().and_then(|style| {
        let placement =
            param_style::Placement { protocol: cx.protocol, input: role == FieldRole::Input, location };
        param_style::lower_style(cx.diagnostics, file, style, &ty, &placement)
    });
    Some(Field {
        wire: key.value.clone(),
        rust,
        ty,
        required: field.required,
        nullable: field.nullable,
        default: field.default.clone(),
        doc: field.doc.clone(),
        example: field.example.clone(),
        constraints,
        location,
        sensitive: field.sensitive,
        deprecated: field.deprecated,
        presigned: field.presigned.as_ref().map(|p| p.value),
        style,
        item_constraints,
    })
}

/// A protocol as spec authors write it.
fn check_location(
    cx: &mut Cx,
    file: &SourceFile,
    loc: &Located<spec::Location>,
    ty: &Ty,
    required: bool,
    role: FieldRole,
) -> bool {
    use spec::Location as L;
    use spec::Protocol as P;
    let allowed: &[L] = match role {
        FieldRole::Object => &[L::Body],
        FieldRole::Output => &[L::Body, L::Header, L::Payload],
        FieldRole::Input => match cx.protocol {
            P::TencentJson => &[L::Body, L::Header],
            P::AcsRpc => &[L::Query, L::Body, L::Header],
            P::OciRest | P::HuaweiRest | P::PdsRoa => &[L::Path, L::Query, L::Header, L::Body, L::Payload],
        },
    };
    if !allowed.contains(&loc.value) {
        let place = match role {
            FieldRole::Object => "a field of a named type".to_owned(),
            FieldRole::Output => "an output field".to_owned(),
            FieldRole::Input => format!("an input of the `{}` protocol", cx.protocol.spec_name()),
        };
        let location = loc.value.spec_name();
        cx.error_labelled(
            file,
            loc.pos,
            format!("location `{location}` is not supported for {place}"),
            "not supported here",
            format!("use one of: {}", allowed.iter().map(|l| l.spec_name()).collect::<Vec<_>>().join(", ")),
        );
        return false;
    }
    if matches!(loc.value, L::Path | L::Header) && !ty.is_scalar() {
        cx.error_labelled(
            file,
            loc.pos,
            "a path or header field must have a scalar type",
            "not a scalar",
            "use string, bytes, an integer, float64, bool, or (when optional) a timestamp or an enum",
        );
    }
    if matches!(loc.value, L::Path | L::Header) && required && !ty.has_default() {
        cx.error_labelled(
            file,
            loc.pos,
            "a required path or header field must be a string, bytes, number or bool",
            "required",
            "make it optional, or use a string type",
        );
    }
    if loc.value == L::Path && !required {
        cx.error_labelled(
            file,
            loc.pos,
            "a path field must be required",
            "optional path field",
            "add `required: true`: the path cannot be built without it",
        );
    }
    true
}

fn lower_constraints(cx: &mut Cx, file: &SourceFile, field: &Located<FieldSpec>, ty: &Ty) -> Constraints {
    let f = &field.value;
    let misplaced = |cx: &mut Cx, pos: Pos, name: &str, wanted: &str| {
        cx.error_labelled(
            file,
            pos,
            format!("`{name}` does not apply to a field of type `{}`", f.ty.value),
            format!("not for `{}`", f.ty.value),
            format!("`{name}` applies to {wanted} fields"),
        );
    };
    for (value, name) in [(&f.min_length, "min_length"), (&f.max_length, "max_length")] {
        if let Some(value) = value
            && !ty.is_stringy()
        {
            misplaced(cx, value.pos, name, "string");
        }
    }
    for (value, name) in [(&f.min_items, "min_items"), (&f.max_items, "max_items")] {
        if let Some(value) = value
            && !ty.is_collection()
        {
            misplaced(cx, value.pos, name, "list or map");
        }
    }
    for (value, name) in [(&f.minimum, "minimum"), (&f.maximum, "maximum")] {
        if let Some(value) = value {
            if !ty.is_number() {
                misplaced(cx, value.pos, name, "number");
            } else if !value.value.is_finite() {
                // `.inf` and `.nan` are YAML floats, but no bound can be written in Rust with them.
                cx.error_labelled(
                    file,
                    value.pos,
                    format!("`{name}` must be a finite number, not {}", value.value),
                    "not finite",
                    "write the documented bound, or leave it out if there is none",
                );
            }
        }
    }
    if let Some(value) = &f.multiple_of {
        if !ty.is_integer() {
            misplaced(cx, value.pos, "multiple_of", "integer");
        } else if value.value <= 0 {
            cx.error_labelled(
                file,
                value.pos,
                "`multiple_of` must be positive",
                "not positive",
                "write the documented divisor, e.g. 64",
            );
        }
    }
    if let Some(pattern) = &f.pattern {
        if !ty.is_stringy() {
            misplaced(cx, pattern.pos, "pattern", "string");
        } else {
            check_pattern_compiles(cx, file, pattern);
        }
    }
    type Bound = Option<(f64, Pos)>;
    let pairs: [(Bound, Bound, &str); 3] = [
        (
            f.min_length.as_ref().map(|v| (v.value as f64, v.pos)),
            f.max_length.as_ref().map(|v| (v.value as f64, v.pos)),
            "min_length",
        ),
        (
            f.minimum.as_ref().map(|v| (v.value, v.pos)),
            f.maximum.as_ref().map(|v| (v.value, v.pos)),
            "minimum",
        ),
        (
            f.min_items.as_ref().map(|v| (v.value as f64, v.pos)),
            f.max_items.as_ref().map(|v| (v.value as f64, v.pos)),
            "min_items",
        ),
    ];
    for (min, max, name) in pairs {
        if let (Some((min, pos)), Some((max, _))) = (min, max)
            && min > max
        {
            cx.error_labelled(
                file,
                pos,
                format!("`{name}` ({min}) is greater than its maximum ({max})"),
                "above the maximum",
                "no value could satisfy both bounds; check the page",
            );
        }
    }
    if f.length_unit.is_some() && f.min_length.is_none() && f.max_length.is_none() {
        let steps = [spec::find::Step::Key("length_unit".into())];
        let pos = spec::find::locate(&file.text, field.pos, &steps, false).unwrap_or(field.pos);
        cx.error_labelled(
            file,
            pos,
            "`length_unit` without `min_length` or `max_length`",
            "qualifies no length bound",
            "add the length bound it qualifies, or remove it",
        );
    }
    constraints_of(f)
}

/// A field's constraints as written; `lower_constraints` reports the ones that cannot apply.
fn constraints_of(f: &FieldSpec) -> Constraints {
    Constraints {
        min_length: f.min_length.as_ref().map(|v| v.value),
        max_length: f.max_length.as_ref().map(|v| v.value),
        length_unit: f.length_unit,
        minimum: f.minimum.as_ref().map(|v| v.value),
        maximum: f.maximum.as_ref().map(|v| v.value),
        pattern: f.pattern.as_ref().map(|v| v.value.clone()),
        min_items: f.min_items.as_ref().map(|v| v.value),
        max_items: f.max_items.as_ref().map(|v| v.value),
        multiple_of: f.multiple_of.as_ref().map(|v| v.value),
    }
}

/// A `pattern` (of a field or of its list items) must compile as a Rust `regex`.
pub(super) fn check_pattern_compiles(cx: &mut Cx, file: &SourceFile, pattern: &Located<String>) {
    // Compiled once per service, through the cache the examples' checks use too: the same
    // pattern recurs on many fields, and compiling is most of what checking it costs.
    if value_rules::compiled(cx, &pattern.value).is_some() {
        return;
    }
    // Compiled again only for the message: a spec with a broken pattern.
    if let Err(error) = regex::Regex::new(&pattern.value) {
        let detail = error.to_string().lines().last().unwrap_or("").trim().to_owned();
        cx.error_labelled(
            file,
            pattern.pos,
            format!("`{}` is not a valid regular expression: {detail}", pattern.value),
            "does not compile",
            "patterns use Rust `regex` syntax; escape literal characters with `\\\\`",
        );
    }
}

fn resolve(cx: &mut Cx, file: &SourceFile, text: &Located<String>) -> Option<Ty> {
    let expr = match typeexpr::parse(&text.value) {
        Ok(expr) => expr,
        Err(problem) => {
            cx.error_labelled(
                file,
                text.pos,
                format!("invalid type: {problem}"),
                "not a type",
                format!(
                    "a type is one of {}, list<T>, map<T>, json_string<T> or a declared type name",
                    typeexpr::BUILTINS.join(", ")
                ),
            );
            return None;
        }
    };
    resolve_expr(cx, file, text, &expr)
}

fn resolve_expr(cx: &mut Cx, file: &SourceFile, text: &Located<String>, expr: &Expr) -> Option<Ty> {
    Some(match expr {
        Expr::Builtin(name) => builtin(name),
        Expr::List(inner) => Ty::List(Box::new(resolve_expr(cx, file, text, inner)?)),
        Expr::Map(inner) => Ty::Map(Box::new(resolve_expr(cx, file, text, inner)?)),
        Expr::JsonString(inner) => {
            let inner = resolve_expr(cx, file, text, inner)?;
            if !matches!(inner, Ty::Named { is_enum: false, .. }) {
                cx.error_labelled(
                    file,
                    text.pos,
                    "json_string<T> needs an object type T",
                    "not an object type",
                    "declare the document's type under `types:` and name it",
                );
                return None;
            }
            Ty::JsonString(Box::new(inner))
        }
        Expr::Name(name) => match cx.types.get(name) {
            Some(declared) => declared.named(name),
            None => {
                let mut known: Vec<String> = cx.types.keys().cloned().collect();
                known.extend(typeexpr::BUILTINS.iter().map(|b| b.to_string()));
                let hint = match other_spelling(name) {
                    Some(builtin) => format!("spec types are spelled differently: use {builtin}"),
                    None => {
                        suggest(name, &known, "declare it under `types:` in this file or in service.yaml")
                    }
                };
                cx.error_labelled(file, text.pos, format!("undefined type `{name}`"), "not declared", hint);
                return None;
            }
        },
    })
}

/// The spec spelling of a type that authors often write as in other languages or the page.
fn other_spelling(name: &str) -> Option<&'static str> {
    Some(match name.to_ascii_lowercase().as_str() {
        "int" | "integer" | "long" | "number" => {
            "`int32` or `int64` (or `float64` for a number with a fraction)"
        }
        "float" | "double" | "decimal" => "`float64`",
        "boolean" => "`bool`",
        "str" | "text" => "`string`",
        "date" | "datetime" | "time" => "`timestamp` (with `format: datetime` for `yyyy-MM-dd HH:mm:ss`)",
        "array" | "list" => "`list<T>`",
        "object" | "map" | "dict" => "a declared type name, `map<T>` or `json`",
        "any" => "`json`",
        _ => return None,
    })
}

fn lower_errors(cx: &mut Cx, file: &SourceFile, errors: &[Located<spec::ErrorSpec>]) -> Vec<ErrorCode> {
    let mut out = Vec::new();
    let mut seen = HashMap::new();
    for error in errors {
        if error.code.is_none() && error.status.is_none() {
            cx.error_labelled(
                file,
                error.pos,
                "an error entry needs a `code`, a `status`, or both",
                "neither code nor status",
                "copy the code and status from the page",
            );
            continue;
        }
        if let Some(status) = error.status
            && !(100..=599).contains(&status)
        {
            cx.error_labelled(
                file,
                error.pos,
                format!("{status} is not an HTTP status"),
                "not an HTTP status",
                "use a status between 100 and 599",
            );
        }
        error_retry::check(cx, file, error);
        let variant = error.code.as_deref().map(names::variant_name);
        if let (Some(code), Some(variant)) = (&error.code, &variant)
            && let Some(other) = seen.insert(variant.clone(), code.clone())
        {
            let (message, label) = if other == *code {
                (format!("error code `{code}` is listed twice"), "listed before".to_owned())
            } else {
                (
                    format!("error codes `{code}` and `{other}` both become the variant `{variant}`"),
                    format!("same variant as `{other}`"),
                )
            };
            cx.error_labelled(file, error.pos, message, label, "list each code once");
            continue;
        }
        out.push(ErrorCode {
            variant,
            code: error.code.clone(),
            status: error.status,
            doc: error.doc.clone(),
            retry: error.retry.as_ref().filter(|_| error.code.is_some()).map(|retry| retry.value),
        });
    }
    out
}

fn lower_operation(
    cx: &mut Cx,
    file: &SourceFile,
    spec: &OperationSpec,
    module: String,
    service_errors: &[ErrorCode],
    has_error_shape: bool,
) -> Operation {
    let name = spec.operation.value.clone();
    let type_name = names::type_name(&name);
    if names::is_keyword(&name) {
        // `Self` is PascalCase, but no type or module can be called that.
        cx.error_labelled(
            file,
            spec.operation.pos,
            format!("operation `{name}` is a Rust keyword"),
            "a keyword",
            "it cannot name the generated types and method; check the vendor's spelling of the action",
        );
    } else if type_name == "Common" {
        // Its error enum would be the service's `CommonErrorCode`.
        cx.error_labelled(
            file,
            spec.operation.pos,
            "operation `Common` would name its error enum `CommonErrorCode`, the service's enum of common error codes",
            "reserved name",
            "check the vendor's spelling of the action",
        );
    } else if type_name != name {
        cx.error_labelled(
            file,
            spec.operation.pos,
            format!("operation `{name}` is not PascalCase"),
            "not PascalCase",
            format!("write `{type_name}`, the vendor's spelling of the action"),
        );
    }
    let generated = [
        format!("{type_name}Request"),
        format!("{type_name}Response"),
        format!("{type_name}ErrorCode"),
        format!("{type_name}RequestBuilder"),
        format!("{type_name}ResponseBuilder"),
    ];
    for (key, _) in spec.types.iter() {
        if generated.contains(&names::type_name(&key.value)) {
            cx.error_labelled(
                file,
                key.pos,
                format!("type `{}` collides with a type the generator writes for `{name}`", key.value),
                "generated name",
                "rename the type",
            );
        }
    }
    let types = spec.types.iter().filter_map(|(key, ty)| lower_type(cx, file, key, ty)).collect();

    let method = spec.http.method.value.clone();
    if !["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"].contains(&method.as_str()) {
        cx.error_labelled(
            file,
            spec.http.method.pos,
            format!("`{method}` is not an HTTP method"),
            "not a method",
            "use GET, POST, PUT, PATCH, DELETE or HEAD (upper case)",
        );
    }
    let input_fields = lower_fields(cx, file, &spec.input.fields, FieldRole::Input);
    let output_fields = lower_fields(cx, file, &spec.output.fields, FieldRole::Output);
    if matches!(method.as_str(), "GET" | "HEAD" | "DELETE")
        && let Some(body) =
            input_fields.iter().find(|f| matches!(f.location, spec::Location::Body | spec::Location::Payload))
        && cx.protocol != spec::Protocol::AcsRpc
    {
        let pos = spec.input.fields.key(&body.wire).map_or(spec.http.pos, |k| k.pos);
        cx.error_labelled(
            file,
            pos,
            format!("`{method}` requests have no body, but `{}` is a body field", body.wire),
            "a body field",
            "give it `location: query` (or `header`), or change the method",
        );
    }
    check_path(cx, file, spec, &input_fields);
    check_flattened_payload(cx, file, spec, &input_fields);
    if let Some(status) = &spec.input.status {
        cx.error_labelled(
            file,
            status.pos,
            "`status` belongs to the output",
            "input status",
            "move it under `output:`",
        );
    }
    let success_status = spec.output.status.as_ref().map_or(200, |s| s.value);
    if !(200..300).contains(&success_status) {
        let pos = spec.output.status.as_ref().map_or(Pos::default(), |s| s.pos);
        cx.error_labelled(
            file,
            pos,
            format!("success status {success_status} is not 2xx"),
            "not 2xx",
            "the output's status is the documented success status",
        );
    }
    if let Some(limit) = &spec.rate_limit
        && !(limit.requests_per_second.value > 0.0 && limit.requests_per_second.value.is_finite())
    {
        cx.error_labelled(
            file,
            limit.requests_per_second.pos,
            "the rate limit must be a positive number",
            "not positive",
            "copy the documented requests per second",
        );
    }

    if let Some(token) = &spec.idempotency_token {
        check_idempotency_token(cx, file, token, &input_fields);
    }

    let mut errors = lower_errors(cx, file, &spec.errors);
    let own_error_count = errors.len();
    for common in service_errors {
        let duplicate = errors.iter().any(|e| e.variant.is_some() && e.variant == common.variant);
        if !duplicate {
            errors.push(common.clone());
        }
    }

    let input = StructDef {
        name: format!("{type_name}Request"),
        doc: spec.input.doc.clone(),
        fields: input_fields,
        open: false,
    };
    let output = StructDef {
        name: format!("{type_name}Response"),
        doc: spec.output.doc.clone(),
        fields: output_fields,
        open: false,
    };
    let max_body_bytes = super::body::check_bodies(cx, file, spec, &input, &output);
    let wait = spec
        .wait
        .as_deref()
        .and_then(|wait| super::wait::lower_wait(cx, file, wait, &module, &input, &output));
    let examples = spec
        .examples
        .iter()
        .map(|example| {
            check_example(cx, file, example, &input, &output, has_error_shape);
            Example {
                title: example.title.clone(),
                request: example.request.clone(),
                status: example.status.unwrap_or(success_status),
                response: example.response.clone(),
            }
        })
        .collect();

    Operation {
        name,
        module,
        source: file.name.to_string(),
        summary: spec.summary.clone(),
        doc: spec.doc.clone(),
        docs: spec.docs.clone(),
        method,
        path: spec.http.path.value.clone(),
        rate_limit: spec.rate_limit.as_ref().map(|r| r.requests_per_second.value),
        idempotent: spec.idempotent.value,
        idempotency_token: spec.idempotency_token.as_ref().map(|t| t.value.clone()),
        input,
        output,
        max_body_bytes,
        success_status,
        types,
        error_enum: format!("{type_name}ErrorCode"),
        errors,
        own_error_count,
        examples,
        // Lowered with the service's types, once every file's are known (`lower_service`).
        pagination: None,
        wait,
        // Resolved once every operation of the service is lowered (`lower_service`).
        wait_via: None,
    }
}

/// The token must be an optional string input the client can fill in.
fn check_idempotency_token(cx: &mut Cx, file: &SourceFile, token: &Located<String>, inputs: &[Field]) {
    let Some(field) = inputs.iter().find(|f| f.wire == token.value) else {
        let names: Vec<String> = inputs.iter().map(|f| f.wire.clone()).collect();
        let hint = match crate::spec::hints::closest(&token.value, &names) {
            Some(close) => format!("did you mean `{close}`?"),
            None => "name the input field (wire name) that carries the token".to_owned(),
        };
        cx.error_labelled(
            file,
            token.pos,
            format!("`idempotency_token` names `{}`, which is not an input field", token.value),
            "no such input",
            hint,
        );
        return;
    };
    // A header token is set on the call; a query or body token is written into the request's
    // document before it is serialized (once per call, so every attempt carries it).
    let placed =
        matches!(field.location, spec::Location::Header | spec::Location::Query | spec::Location::Body);
    let usable = field.ty == Ty::String && !field.required && !field.nullable && placed;
    if !usable {
        cx.error_labelled(
            file,
            token.pos,
            format!("`{}` cannot carry an idempotency token", token.value),
            "not an optional string",
            "the token field must be an optional `string` header, query or body field, so the client can fill it",
        );
    }
}

/// The position of `needle` inside the scalar at `pos` (a placeholder inside a path), or `pos`.
fn within(file: &SourceFile, pos: Pos, needle: &str) -> Pos {
    let text = &*file.text;
    let line_end =
        text.get(pos.offset..).and_then(|rest| rest.find('\n')).map_or(text.len(), |i| pos.offset + i);
    match text.get(pos.offset..line_end).and_then(|scalar| scalar.find(needle)) {
        Some(i) => spec::find::pos_at(text, pos, pos.offset + i, needle.len()),
        None => pos,
    }
}

fn check_path(cx: &mut Cx, file: &SourceFile, spec: &OperationSpec, inputs: &[Field]) {
    let path = &spec.http.path;
    if !path.value.starts_with('/') {
        cx.error_labelled(
            file,
            path.pos,
            "the path must start with `/`",
            "no leading `/`",
            "copy the path from the page's request syntax",
        );
    }
    let mut placeholders = Vec::new();
    let mut rest = path.value.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            let pos = within(file, path.pos, &rest[open..]);
            cx.error_labelled(
                file,
                pos,
                "unclosed `{` in the path",
                "not closed",
                "placeholders are written `{name}`",
            );
            return;
        };
        placeholders.push(rest[open + 1..open + close].to_owned());
        rest = &rest[open + close + 1..];
    }
    for placeholder in &placeholders {
        if !inputs.iter().any(|f| f.wire == *placeholder && f.location == spec::Location::Path) {
            let candidates: Vec<String> = inputs.iter().map(|f| f.wire.clone()).collect();
            let hint = suggest(
                placeholder,
                &candidates,
                &format!("add an input field `{placeholder}` with `location: path`"),
            );
            let pos = within(file, path.pos, &format!("{{{placeholder}}}"));
            cx.error_labelled(
                file,
                pos,
                format!("path parameter `{{{placeholder}}}` has no `location: path` input field"),
                "no field",
                hint,
            );
        }
    }
    for field in inputs.iter().filter(|f| f.location == spec::Location::Path) {
        if !placeholders.contains(&field.wire) {
            let pos = spec.input.fields.key(&field.wire).map_or(path.pos, |k| k.pos);
            cx.error_labelled(
                file,
                pos,
                format!("path field `{}` does not appear in the path template", field.wire),
                "not in `http.path`",
                format!("add `{{{}}}` to `http.path`, or change its location", field.wire),
            );
        }
    }
}

fn check_example(
    cx: &mut Cx,
    file: &SourceFile,
    example: &Located<spec::Example>,
    input: &StructDef,
    output: &StructDef,
    has_error_shape: bool,
) {
    let mut problems = Vec::new();
    if let Some(request) = &example.request {
        check_object(cx, request, &DocShape::new(input.fields.clone()), "request", &mut problems);
    }
    let status = example.status.unwrap_or(200);
    if let Some(response) = &example.response {
        if status < 300 {
            let body = match cx.protocol {
                spec::Protocol::TencentJson => match response.get("Response") {
                    Some(inner) => inner,
                    None => {
                        problems.push(Problem::new(
                            "response",
                            "a Tencent response is wrapped in `{\"Response\": ...}`",
                            "no `Response` wrapper",
                        ));
                        response
                    }
                },
                _ => response,
            };
            // Paths name the document as it is written, wrapper included, so that they can be
            // found in the text.
            let at = if std::ptr::eq(body, response) { "response" } else { "response.Response" };
            check_object(cx, body, &DocShape::new(output.fields.clone()), at, &mut problems);
        } else if !has_error_shape && cx.protocol != spec::Protocol::TencentJson {
            problems.push(Problem::new(
                "status",
                "an error example needs `error_shape` in service.yaml to describe it",
                "an error status",
            ));
        }
    }
    for problem in capped(problems) {
        let pos = problem.locate(&file.text, example.pos);
        let hint = problem.hint.unwrap_or_else(|| {
            "examples are copied verbatim from the page; if the page is right, fix the fields".into()
        });
        cx.diagnostics.push(
            Diagnostic::new(
                file,
                pos,
                format!("example `{}` does not match the spec: {}", example.title, problem.message),
            )
            .label(problem.label)
            .hint(hint),
        );
    }
}

/// At most this many problems are listed per example or field value, and checking stops there:
/// a pasted document of the wrong shape would otherwise give one line per node, and the work
/// would grow with document size times type size.
const MAX_VALUE_PROBLEMS: usize = 20;

fn capped(mut problems: Vec<Problem>) -> Vec<Problem> {
    if problems.len() >= MAX_VALUE_PROBLEMS {
        problems.truncate(MAX_VALUE_PROBLEMS);
        if let Some(last) = problems.last_mut() {
            last.message.push_str(" (further problems of this value are not listed)");
        }
    }
    problems
}

/// One way a value does not match its type: where (a path from the document's root, such as
/// `request.parts[1].count`, to find it in the text) and what is wrong.
struct Problem {
    at: String,
    message: String,
    label: String,
    /// Point at the value itself rather than its key.
    value: bool,
    /// What to do, when the caller's general hint does not fit.
    hint: Option<String>,
}

impl Problem {
    fn new(at: impl Into<String>, message: impl Into<String>, label: impl Into<String>) -> Self {
        Problem { at: at.into(), message: message.into(), label: label.into(), value: false, hint: None }
    }

    fn on_value(mut self) -> Self {
        self.value = true;
        self
    }

    fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The problem's node in the text, found from the node at `from` (the example or field);
    /// `from` itself when the node cannot be found.
    fn locate(&self, text: &str, from: Pos) -> Pos {
        spec::find::locate(text, from, &spec::find::steps(&self.at), self.value).unwrap_or(from)
    }
}

/// How a value that has the wrong type reads, for "should be X, not Y".
fn found(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number `{n}`"),
        Value::String(s) => {
            let short: String = s.chars().take(40).collect();
            let more = if short.len() < s.len() { "…" } else { "" };
            format!("the string `\"{short}{more}\"`")
        }
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// What a JSON document must look like: its fields by wire name. Header and path fields are not
/// part of the document; a payload field's type describes the whole document.
struct DocShape {
    payload: Option<Ty>,
    fields: Vec<Field>,
    by_wire: HashMap<String, usize>,
    /// Keys that are not fields are members of an open type, not mistakes.
    open: bool,
}

impl DocShape {
    fn new(fields: Vec<Field>) -> Self {
        let payload = fields.iter().find(|f| f.location == spec::Location::Payload).map(|f| f.ty.clone());
        let fields: Vec<Field> = fields.into_iter().filter(Field::in_document).collect();
        let by_wire = fields.iter().enumerate().map(|(i, f)| (f.wire.clone(), i)).collect();
        DocShape { payload, fields, by_wire, open: false }
    }
}

/// Checks a JSON document against a shape: every key known, every required key present, every
/// value of its field's type.
fn check_object(cx: &Cx, value: &Value, shape: &DocShape, at: &str, problems: &mut Vec<Problem>) {
    if problems.len() >= MAX_VALUE_PROBLEMS {
        return;
    }
    if let Some(payload) = &shape.payload {
        check_value(cx, value, payload, false, at, problems);
        return;
    }
    let Some(object) = value.as_object() else {
        let message = format!("`{at}` should be an object, not {}", found(value));
        problems.push(Problem::new(at, message, "not an object").on_value());
        return;
    };
    let mut known: Option<Vec<String>> = None;
    for (key, item) in object {
        if problems.len() >= MAX_VALUE_PROBLEMS {
            return;
        }
        match shape.by_wire.get(key).map(|&i| &shape.fields[i]) {
            Some(field) => {
                let path = format!("{at}.{key}");
                check_value(cx, item, &field.ty, field.is_option(), &path, problems);
                value_rules::check_constraints(cx, item, &field.constraints, &path, problems);
            }
            None if shape.open => {}
            None => {
                let known =
                    known.get_or_insert_with(|| shape.fields.iter().map(|f| f.wire.clone()).collect());
                let extra = spec::hints::closest(key, known)
                    .map(|b| format!(" (did you mean `{b}`?)"))
                    .unwrap_or_default();
                let path = format!("{at}.{key}");
                problems.push(Problem::new(&path, format!("`{path}` is not a field{extra}"), "not a field"));
            }
        }
    }
    for field in shape.fields.iter().filter(|f| f.required && !object.contains_key(&f.wire)) {
        if problems.len() >= MAX_VALUE_PROBLEMS {
            return;
        }
        let message = format!("required field `{at}.{}` is missing", field.wire);
        problems.push(Problem::new(at, message, format!("no `{}` in this object", field.wire)));
    }
}

fn check_value(cx: &Cx, value: &Value, ty: &Ty, null_ok: bool, at: &str, problems: &mut Vec<Problem>) {
    if problems.len() >= MAX_VALUE_PROBLEMS {
        return;
    }
    if value.is_null() {
        if !null_ok {
            let message = format!("`{at}` is null but the field is neither optional nor nullable");
            problems.push(Problem::new(at, message, "null").on_value());
        }
        return;
    }
    let ok = match ty {
        Ty::String | Ty::Bytes => value.is_string(),
        Ty::I32 => value.as_i64().is_some_and(|v| i32::try_from(v).is_ok()),
        Ty::I64 => value.is_i64() || value.is_u64() && value.as_i64().is_some(),
        Ty::F64 => value.is_number(),
        Ty::Bool => value.is_boolean(),
        Ty::Json => true,
        // A page shows raw bytes as their text.
        Ty::Binary => value.is_string(),
        Ty::Timestamp(format) if format.is_epoch() => value.is_i64(),
        Ty::Timestamp(format) => value.as_str().is_some_and(|text| timestamp_ok(text, *format)),
        Ty::Nullable(inner) => {
            check_value(cx, value, inner, true, at, problems);
            true
        }
        // Any text is accepted on the wire; an example should still show the documented format.
        Ty::LenientTimestamp(format) => value.as_str().is_some_and(|text| timestamp_ok(text, *format)),
        Ty::NumberOrString => value.is_string() || value.is_i64() || value.is_u64(),
        Ty::List(inner) => match value.as_array() {
            Some(items) => {
                let null_ok = matches!(**inner, Ty::Nullable(_));
                for (i, item) in items.iter().enumerate() {
                    check_value(cx, item, inner, null_ok, &format!("{at}[{i}]"), problems);
                }
                true
            }
            None => false,
        },
        Ty::Map(inner) => match value.as_object() {
            Some(entries) => {
                for (key, item) in entries {
                    check_value(cx, item, inner, false, &format!("{at}.{key}"), problems);
                }
                true
            }
            None => false,
        },
        Ty::JsonString(inner) => match value.as_str().map(serde_json::from_str::<Value>) {
            Some(Ok(document)) => {
                check_value(cx, &document, inner, false, at, problems);
                true
            }
            _ => false,
        },
        Ty::Named { key, is_enum, .. } => match cx.types.get(key) {
            Some(declared) if *is_enum => match declared.enum_kind {
                Some(EnumKind::Integer) => value.is_i64(),
                Some(EnumKind::Boolean) => value.is_boolean(),
                _ => value_rules::enum_member(declared, key, value, at, problems),
            },
            Some(declared) => match (&declared.spec.fields, value.is_object()) {
                (Some(fields), true) => {
                    let cached = cx.shapes.borrow().get(key).cloned();
                    let shape = cached.unwrap_or_else(|| {
                        let fields = fields.iter().filter_map(|(k, f)| shallow_field(cx, k, f)).collect();
                        let mut shape = DocShape::new(fields);
                        shape.open = declared.spec.open.as_ref().is_some_and(|o| o.value);
                        let shape = Rc::new(shape);
                        cx.shapes.borrow_mut().insert(key.clone(), shape.clone());
                        shape
                    });
                    check_object(cx, value, &shape, at, problems);
                    true
                }
                _ => false,
            },
            // Undefined types were reported where they were referenced.
            None => true,
        },
    };
    if !ok {
        let message = format!("`{at}` should be {}, not {}", describe(ty), found(value));
        problems.push(Problem::new(at, message, format!("should be {}", describe(ty))).on_value());
    }
}

/// A field of a named type, resolved without reporting (its own declaration reports problems),
/// for checking example documents.
fn shallow_field(cx: &Cx, key: &Located<String>, field: &Located<FieldSpec>) -> Option<Field> {
    let ty = quiet_resolve(cx, &typeexpr::parse(&field.ty.value).ok()?)?;
    let ty = super::items::with_nullable_items(with_format(ty, field), field);
    Some(Field {
        wire: key.value.clone(),
        rust: String::new(),
        ty,
        required: field.required,
        nullable: field.nullable,
        default: None,
        doc: None,
        example: None,
        constraints: constraints_of(field),
        location: spec::Location::Body,
        sensitive: false,
        deprecated: false,
        presigned: None,
        style: None,
        item_constraints: Constraints::default(),
    })
}

fn quiet_resolve(cx: &Cx, expr: &Expr) -> Option<Ty> {
    Some(match expr {
        Expr::Builtin(name) => builtin(name),
        Expr::List(inner) => Ty::List(Box::new(quiet_resolve(cx, inner)?)),
        Expr::Map(inner) => Ty::Map(Box::new(quiet_resolve(cx, inner)?)),
        Expr::JsonString(inner) => Ty::JsonString(Box::new(quiet_resolve(cx, inner)?)),
        Expr::Name(name) => cx.types.get(name)?.named(name),
    })
}

/// The type of a builtin name (one of `typeexpr::BUILTINS`). Timestamps start as RFC 3339; the
/// field's `format` is applied by `with_format`.
fn builtin(name: &str) -> Ty {
    match name {
        "string" => Ty::String,
        "int32" => Ty::I32,
        "int64" => Ty::I64,
        "float64" => Ty::F64,
        "bool" => Ty::Bool,
        "timestamp" => Ty::Timestamp(spec::TimestampFormat::Rfc3339),
        "bytes" => Ty::Bytes,
        "number_or_string" => Ty::NumberOrString,
        "binary" => Ty::Binary,
        _ => Ty::Json,
    }
}

/// A timestamp field's type in the wire format its `format` names (RFC 3339 by default), kept
/// as text when it does not parse if the field is `lenient`.
fn with_format(ty: Ty, field: &FieldSpec) -> Ty {
    match ty {
        Ty::Timestamp(_) => {
            let format = field.format.as_ref().map_or(spec::TimestampFormat::Rfc3339, |f| f.value);
            // A count has no text to fall back on: `lenient` on one is refused where it is read.
            if field.lenient.as_ref().is_some_and(|l| l.value) && !format.is_epoch() {
                Ty::LenientTimestamp(format)
            } else {
                Ty::Timestamp(format)
            }
        }
        other => other,
    }
}

/// `endpoint.region_urls`: each region a host label not also in `regions` (whose hosts follow the
/// template), each URL an absolute http(s) URL without placeholders, query or fragment.
fn lower_region_urls(cx: &mut Cx, file: &SourceFile, endpoint: &spec::Endpoint) -> Vec<(String, String)> {
    let mut lowered = Vec::new();
    for (region, url) in &endpoint.region_urls {
        let problem = if region.is_empty()
            || !region.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        {
            Some(format!("region `{region}` is not a host name label"))
        } else if endpoint.regions.contains(region) {
            Some(format!("region `{region}` is in both `regions` and `region_urls`"))
        } else if !(url.value.starts_with("https://") || url.value.starts_with("http://"))
            || url.value.contains(['{', '}', '?', '#', ' '])
        {
            Some(format!("the URL of region `{region}` is not an absolute http(s) URL without placeholders"))
        } else {
            None
        };
        match problem {
            Some(message) => cx.error_labelled(
                file,
                url.pos,
                message,
                "region_urls entry",
                "list a region in `regions` when the template builds its host, in `region_urls` otherwise",
            ),
            None => lowered.push((region.clone(), url.value.clone())),
        }
    }
    lowered
}

/// Whether a type is `open`; an open type's `extra` map must not collide with a listed field.
fn check_open(cx: &mut Cx, file: &SourceFile, ty: &Located<TypeSpec>, fields: &[Field]) -> bool {
    let Some(open) = ty.open.as_ref().filter(|o| o.value) else { return false };
    if let Some(field) = fields.iter().find(|f| f.rust == OPEN_MEMBERS_FIELD) {
        cx.error_labelled(
            file,
            open.pos,
            format!(
                "field `{}` takes the Rust name `{OPEN_MEMBERS_FIELD}` of the open type's map",
                field.wire
            ),
            "open type",
            format!("give `{}` another `rust_name`", field.wire),
        );
    }
    true
}

fn timestamp_ok(text: &str, format: spec::TimestampFormat) -> bool {
    use time::format_description::well_known::Rfc3339;
    match format {
        spec::TimestampFormat::Rfc3339 => time::OffsetDateTime::parse(text, &Rfc3339).is_ok(),
        spec::TimestampFormat::Datetime => {
            let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
            time::PrimitiveDateTime::parse(text, format).is_ok()
        }
        // Counts are JSON integers, checked before text is looked at.
        spec::TimestampFormat::EpochSeconds | spec::TimestampFormat::EpochMillis => false,
    }
}

fn describe(ty: &Ty) -> String {
    match ty {
        Ty::String | Ty::Bytes => "a string".into(),
        Ty::I32 => "a 32-bit integer".into(),
        Ty::I64 => "a 64-bit integer".into(),
        Ty::F64 => "a number".into(),
        Ty::Bool => "true or false".into(),
        Ty::Json => "any JSON".into(),
        Ty::Binary => "raw bytes (shown as a string)".into(),
        Ty::Timestamp(spec::TimestampFormat::Rfc3339) => "an RFC 3339 timestamp string".into(),
        Ty::Timestamp(spec::TimestampFormat::Datetime) => "a `yyyy-MM-dd HH:mm:ss` string".into(),
        Ty::NumberOrString => "an integer or a string".into(),
        Ty::List(_) => "a list".into(),
        Ty::Map(_) => "an object (map)".into(),
        Ty::JsonString(_) => "a string holding a JSON document".into(),
        Ty::Timestamp(spec::TimestampFormat::EpochSeconds) => "an integer count of epoch seconds".into(),
        Ty::Timestamp(spec::TimestampFormat::EpochMillis) => "an integer count of epoch milliseconds".into(),
        Ty::LenientTimestamp(format) => format!("{} (lenient)", describe(&Ty::Timestamp(*format))),
        Ty::Nullable(inner) => format!("{} or null", describe(inner)),
        Ty::Named { name, enum_kind: Some(kind), .. } => {
            let value = match kind {
                EnumKind::Text => "a string",
                EnumKind::Integer => "an integer",
                EnumKind::Boolean => "true or false",
            };
            format!("{value} (enum `{name}`)")
        }
        Ty::Named { name, .. } => format!("an object (`{name}`)"),
    }
}

/// A struct that contains itself without a list or map in between has infinite size.
fn check_recursion(cx: &mut Cx) {
    // Edges: type → types it holds directly (Option and json_string give no indirection).
    let mut edges: BTreeMap<String, Vec<(String, Pos)>> = BTreeMap::new();
    for (name, declared) in &cx.types {
        let Some(fields) = &declared.spec.fields else { continue };
        let direct = fields
            .iter()
            .filter_map(|(_, field)| {
                let mut expr = typeexpr::parse(&field.ty.value).ok()?;
                while let Expr::JsonString(inner) = expr {
                    expr = *inner;
                }
                match expr {
                    Expr::Name(target) if cx.types.contains_key(&target) => Some((target, field.ty.pos)),
                    _ => None,
                }
            })
            .collect();
        edges.insert(name.clone(), direct);
    }
    let mut reported = BTreeSet::new();
    for start in edges.keys() {
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut visited = BTreeSet::new();
        while let Some((node, trail)) = stack.pop() {
            for (next, pos) in edges.get(&node).into_iter().flatten() {
                if next == start {
                    let mut cycle = trail.clone();
                    cycle.sort();
                    if reported.insert(cycle) {
                        let declared = &cx.types[&node];
                        let path = trail
                            .iter()
                            .chain(std::iter::once(start))
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(" → ");
                        let file = declared.file.clone();
                        cx.error_labelled(
                            &file,
                            *pos,
                            format!("type `{start}` contains itself without indirection ({path})"),
                            format!("`{node}` holds `{start}` directly"),
                            "hold it in a `list<...>` or `map<...>`, or break the cycle",
                        );
                    }
                } else if visited.insert(next.clone()) {
                    let mut trail = trail.clone();
                    trail.push(next.clone());
                    stack.push((next.clone(), trail));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-operation tree whose response example carries a member `Detail` does not list.
    fn tree_with_detail(open: bool) -> SpecTree {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let service = dir.path().join("acme/widgets");
        std::fs::create_dir_all(&service).unwrap();
        std::fs::write(
            service.join("service.yaml"),
            "provider: acme\nservice: widgets\ntitle: Acme\ndocs: https://docs.example.com\n\
             protocol: oci_rest\napi_version: \"20240101\"\nendpoint:\n  url: https://w.{region}.example.com\n\
             auth:\n  - scheme: oci_rsa_sha256\n",
        )
        .unwrap();
        std::fs::write(
            service.join("get_widget.yaml"),
            format!(
                "operation: GetWidget\nsummary: Get.\ndocs: https://docs.example.com/get\n\
                 http: {{ method: GET, path: /widgets }}\nidempotent: true\ninput: {{}}\n\
                 output:\n  fields:\n    detail: {{ type: Detail }}\n\
                 types:\n  Detail:\n    open: {open}\n    fields:\n      name: {{ type: string }}\n\
                 examples:\n  - title: A widget\n    response: {{ detail: {{ name: a, colour: red }} }}\n"
            ),
        )
        .unwrap();
        let (tree, diagnostics) = spec::load_partial(dir.path());
        assert!(diagnostics.is_empty(), "{diagnostics}");
        tree
    }

    #[test]
    fn an_open_type_accepts_unlisted_members_in_examples() {
        let ir = lower_on(&tree_with_detail(true), 1).expect("unlisted members of an open type are fine");
        let detail = &ir.services[0].operations[0].types[0];
        assert!(matches!(&detail.kind, TypeKind::Struct(s) if s.open));
        let problems = lower_on(&tree_with_detail(false), 1).expect_err("a closed type has no `colour`");
        assert!(problems.to_string().contains("`response.detail.colour` is not a field"), "{problems}");
    }
}
