//! Structs (with their `Validate` impl), string enums and request builders, as
//! `templates/rust/items.j2` prints them.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;
use serde_json::Value;

use super::serde_case::{CaseRule, best_rule};
use super::types::{field_type, named_in_document, rust_type, serde_attrs};
use crate::emit::direction::Direction;
use crate::emit::inert::{
    Code, Doc, DocLine, Ident, Lit, code, code as code_span, doc_lines, ident, lit, paragraphs, prose, rust,
    rustdoc,
};
use crate::ir::{BodyKind, Constraints, EnumKind, Field, StructDef, Ty, TypeDef, TypeKind, Variant, names};
use crate::spec::{LengthUnit, Location};

/// A serde struct, its redacting `Debug` when a field is sensitive, and its `Validate` impl.
#[derive(Serialize)]
pub struct Struct {
    pub doc: Vec<DocLine>,
    pub name: Ident,
    /// Its name as a string literal (the `Debug` label).
    pub label: Lit,
    /// `sent`, `received` or `both`: which serde halves it derives unconditionally; `plain`:
    /// none, and no `Clone` or `PartialEq` (a response holding a streamed download).
    pub derive: &'static str,
    /// `#[serde(transparent)]`: the payload field is the whole (bare) document.
    pub transparent: bool,
    /// The `Deserialize` derive: the runtime's, which the compiler checks in a fraction of the
    /// time of serde's, unless the struct needs what only serde's reads (a bare document, or a
    /// payload struct flattened into the body).
    pub deserialize: &'static str,
    /// `#[serde(rename_all = "...")]`: the case convention serde derives the wire names of
    /// most fields with (the others keep a `rename`).
    pub rename_all: Option<&'static str>,
    /// Derives `Debug`; otherwise a field is sensitive and `Debug` is written out to redact it.
    pub debug: bool,
    /// Derives `Default`: no field is required, so "nothing set" is a value.
    pub default: bool,
    pub allow_deprecated: bool,
    pub fields: Vec<StructField>,
    /// Keeps members the spec does not list in `extra`.
    pub open: bool,
    /// Wire names of the members the document carries, for the open-members check.
    pub open_wires: Vec<Lit>,
    /// Implements `Validate`: a struct a request can hold. A received-only struct is never
    /// validated (responses are not: the spec's constraints on them are documentation), so it
    /// carries no checks for the compiler to build.
    pub validated: bool,
    /// The fields with checks, in order.
    pub checked: Vec<CheckedField>,
    /// Its builder, printed after it (a request's comes from the operation's file instead).
    pub builder: Option<Builder>,
    /// `new(required fields)`, for a received-only struct with required fields (see
    /// [`constructed`]).
    pub constructor: Option<Constructor>,
}

/// The most parameters a function may take before clippy's `too_many_arguments` fires (its
/// default `too-many-arguments-threshold`).
const CLIPPY_MAX_ARGUMENTS: usize = 7;

/// `X::new(a, b)`: the required fields as arguments, the optional ones `None`.
#[derive(Serialize)]
pub struct Constructor {
    /// `name: Type` per required field.
    pub params: Vec<Code>,
    /// More parameters than clippy's `too_many_arguments` allows (7, its default), so the
    /// lint is allowed on this `new`, and only on this one.
    pub many_params: bool,
    /// `name` or `name: None` per field (`extra` of an open struct included).
    pub inits: Vec<Code>,
}

#[derive(Serialize)]
pub struct StructField {
    pub doc: Vec<DocLine>,
    pub name: Ident,
    pub label: Lit,
    pub ty: Code,
    /// The arguments of `#[serde(...)]`, none when serde's defaults do.
    pub serde: Vec<Code>,
    pub deprecated: bool,
    pub sensitive: bool,
}

#[derive(Serialize)]
pub struct CheckedField {
    pub name: Ident,
    pub wire: Lit,
    /// The field by reference (`&self.name`), as every check takes it: an unset optional
    /// field is skipped by the runtime.
    pub value: Code,
    pub checks: Vec<Check>,
}

/// One runtime check of a field; `kind` picks the call in `items.j2`.
#[derive(Serialize)]
pub struct Check {
    pub kind: &'static str,
    /// `chars` or `bytes` for a length check.
    pub unit: Option<&'static str>,
    pub min: Option<Code>,
    pub max: Option<Code>,
    pub pattern: Option<Lit>,
    pub divisor: Option<i64>,
    /// `each_item`: the checks of every item of a list (an item that is `None` is skipped).
    pub items: Vec<Check>,
}

/// An enum, declared through the runtime's `wire_enum!` (text), `wire_int_enum!` (integers) or
/// `wire_bool_enum!` (booleans, the `true` variant first).
#[derive(Serialize)]
pub struct Enum {
    pub doc: Vec<DocLine>,
    pub name: Ident,
    /// `text`, `int` or `bool`: which macro declares it.
    pub kind: &'static str,
    /// An error-code enum's `Common` variant, declared before the others.
    pub common: Option<super::error_codes::CommonVariant>,
    pub variants: Vec<EnumVariant>,
}

#[derive(Serialize)]
pub struct EnumVariant {
    pub doc: Vec<DocLine>,
    pub name: Ident,
    /// The wire value as a Rust literal: a string, an integer or a boolean.
    pub wire: Code,
    pub deprecated: bool,
}

/// A named type: exactly one of the two is set.
#[derive(Serialize)]
pub struct Type {
    #[serde(rename = "struct")]
    pub strukt: Option<Struct>,
    #[serde(rename = "enum")]
    pub enumeration: Option<Enum>,
}

/// A struct's builder. A required field is a type parameter of the builder, [`Unset`] until its
/// setter stores the value there, and `build()` exists only once each is set: a missing
/// required field is a compile error (see the runtime's `builder` module for why this shape).
///
/// [`Unset`]: https://docs.rs/cloudspec-runtime
#[derive(Serialize)]
pub struct Builder {
    pub target: Ident,
    pub name: Ident,
    pub label: Lit,
    pub debug: bool,
    pub allow_deprecated: bool,
    /// `build()` checks the value against the spec and returns a `Result` (a request);
    /// otherwise it returns the value, which the request holding it checks.
    pub validated: bool,
    pub doc: Vec<DocLine>,
    /// `<A = cloudspec_runtime::Unset, ...>` on the declaration, `<A, ...>` elsewhere; both
    /// empty without required fields.
    pub declared: Code,
    pub generics: Code,
    pub fields: Vec<BuilderField>,
    /// The `where` bounds of `build()`, one per required field: `A: cloudspec_runtime::Required<T>`.
    pub bounds: Vec<Code>,
    /// Members the spec does not list (an open struct).
    pub open: bool,
}

#[derive(Serialize, Clone)]
pub struct BuilderField {
    pub name: Ident,
    /// The slot's type: the type parameter of a required field, else the field's own type.
    pub slot: Code,
    /// The setter's parameter type.
    pub param: Code,
    /// An optional field's setter stores this in its slot (from `value`).
    pub store: Code,
    pub deprecated: bool,
    /// A required field's setter returns the builder with its parameter replaced...
    pub retyped: Option<Code>,
    /// ...by rebuilding it from these `field: expression` pairs (the new value and every other
    /// slot moved over).
    pub moves: Vec<Code>,
    /// What `build()` puts in the struct's field.
    pub take: Code,
}

/// One field's setter: its parameter type and the value it makes of `value`.
fn setter(field: &Field) -> (Code, Code) {
    let ty = rust_type(&field.ty);
    let stringy = |ty: &Ty| {
        matches!(
            ty,
            Ty::String | Ty::Bytes | Ty::NumberOrString | Ty::Binary | Ty::Named { is_enum: true, .. }
        )
    };
    match &field.ty {
        // Set to null is a value of its own: the setter takes the `Option`.
        _ if field.nullable => (rust!("Option<{}>", ty), Code::fixed("value")),
        ty if stringy(ty) => (rust!("impl Into<{}>", rust_type(ty)), Code::fixed("value.into()")),
        // Items convert `into()` only where that is what callers want (text, enums): for other
        // items it would only cost type inference.
        Ty::List(inner) if stringy(inner) => (
            rust!("impl IntoIterator<Item = impl Into<{}>>", rust_type(inner)),
            Code::fixed("value.into_iter().map(Into::into).collect()"),
        ),
        Ty::List(inner) => (
            rust!("impl IntoIterator<Item = {}>", rust_type(inner)),
            Code::fixed("value.into_iter().collect()"),
        ),
        Ty::Map(inner) if stringy(inner) => (
            rust!("impl IntoIterator<Item = (impl Into<String>, impl Into<{}>)>", rust_type(inner)),
            Code::fixed("value.into_iter().map(|(key, item)| (key.into(), item.into())).collect()"),
        ),
        Ty::Map(inner) => (
            rust!("impl IntoIterator<Item = (impl Into<String>, {})>", rust_type(inner)),
            Code::fixed("value.into_iter().map(|(key, item)| (key.into(), item)).collect()"),
        ),
        _ => (ty, Code::fixed("value")),
    }
}

/// The names the type parameters of a builder must not shadow: every identifier its code
/// writes unqualified (the fields' types, the prelude names the template uses, the builder and
/// its target).
fn names_in_use(def: &StructDef, target: &str, builder: &str) -> BTreeSet<String> {
    let mut taken: BTreeSet<String> = [
        "Self",
        "Option",
        "Some",
        "None",
        "Result",
        "Ok",
        "Err",
        "String",
        "Vec",
        "Into",
        "IntoIterator",
        "Default",
        "Clone",
        "Debug",
    ]
    .iter()
    .map(|name| (*name).to_owned())
    .collect();
    taken.insert(target.to_owned());
    taken.insert(builder.to_owned());
    for field in &def.fields {
        let text = rust_type(&field.ty);
        for word in text.as_str().split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
            if !word.is_empty() {
                taken.insert(word.to_owned());
            }
        }
    }
    taken
}

/// The type parameter of a required field: the field's name in UpperCamelCase (rustc's error
/// for a missing field quotes the bound that holds it), made unique.
fn state_param(field: &Field, taken: &mut BTreeSet<String>) -> String {
    let mut name = names::type_name(&field.rust).trim_end_matches('_').to_owned();
    while taken.contains(&name) || names::is_keyword(&name) {
        name.push_str("Field");
    }
    taken.insert(name.clone());
    name
}

/// `X::builder()`, the builder struct, its setters and `build()`. `validated`: `build()` checks
/// the value and returns a `Result` (requests).
pub fn builder(def: &StructDef, validated: bool) -> Builder {
    let target = ident(&def.name);
    let name = ident(&format!("{}Builder", def.name));
    let mut taken = names_in_use(def, target.as_str(), name.as_str());
    let states: Vec<Option<Ident>> = def
        .fields
        .iter()
        .map(|field| field.required.then(|| ident(&state_param(field, &mut taken))))
        .collect();
    let params: Vec<&Ident> = states.iter().flatten().collect();
    let (declared, generics) = if params.is_empty() {
        (Code::empty(), Code::empty())
    } else {
        let declared: Vec<Code> =
            params.iter().map(|p| rust!("{} = cloudspec_runtime::Unset", **p)).collect();
        let plain: Vec<Code> = params.iter().map(|p| rust!("{}", **p)).collect();
        (rust!("<{}>", Code::joined(&declared, ", ")), rust!("<{}>", Code::joined(&plain, ", ")))
    };
    let mut bounds = Vec::new();
    let mut fields = Vec::new();
    for (index, field) in def.fields.iter().enumerate() {
        let field_name = ident(&field.rust);
        let (param, value) = setter(field);
        let (slot, store, retyped, moves, take) = match &states[index] {
            Some(state) => {
                bounds.push(rust!("{}: cloudspec_runtime::Required<{}>", *state, field_type(field)));
                // The same parameters, this field's replaced by its value's type.
                let args: Vec<Code> = states
                    .iter()
                    .enumerate()
                    .filter_map(|(i, s)| {
                        s.as_ref().map(|s| if i == index { field_type(field) } else { rust!("{}", *s) })
                    })
                    .collect();
                let mut moves: Vec<Code> = def
                    .fields
                    .iter()
                    .map(|other| {
                        let other = ident(&other.rust);
                        if other == field_name {
                            rust!("{}: {}", other, value)
                        } else {
                            rust!("{}: self.{}", other, other)
                        }
                    })
                    .collect();
                if def.open {
                    moves.push(Code::fixed("extra: self.extra"));
                }
                (
                    rust!("{}", *state),
                    Code::empty(),
                    Some(rust!("{}<{}>", name, Code::joined(&args, ", "))),
                    moves,
                    rust!("self.{}.into_value()", field_name),
                )
            }
            None => {
                let store = if field.nullable { value } else { rust!("Some({})", value) };
                (field_type(field), store, None, Vec::new(), rust!("self.{}", field_name))
            }
        };
        fields.push(BuilderField {
            name: field_name,
            slot,
            param,
            store,
            deprecated: field.deprecated,
            retyped,
            moves,
            take,
        });
    }
    let required: Vec<Doc> = def
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| rustdoc!("[`{}`]({}::{})", ident(&f.rust), target, ident(&f.rust)))
        .collect();
    let mut doc = vec![rustdoc!("Builds a [`{}`].", target)];
    if !required.is_empty() {
        doc.push(Doc::fixed(""));
        doc.push(rustdoc!(
            "`build()` exists once every required field is set, which the compiler checks: {}.",
            Doc::joined(&required, ", ")
        ));
    }
    if validated {
        doc.push(Doc::fixed(""));
        doc.push(Doc::fixed(
            "`build()` then checks every constraint of the spec, nested values included; the error names each offending field by its wire name.",
        ));
    } else if def.fields.iter().any(|f| !field_checks(f).is_empty()) {
        doc.push(Doc::fixed(""));
        doc.push(Doc::fixed(
            "The spec's constraints are checked where the value is sent: by the request that holds it.",
        ));
    }
    Builder {
        label: lit(name.as_str()),
        target,
        name,
        debug: !def.has_sensitive(),
        allow_deprecated: def.has_deprecated(),
        validated,
        doc: doc_lines(&doc),
        declared,
        generics,
        fields,
        bounds,
        open: def.open,
    }
}

/// A named type; `directions` says which serde half each struct needs (absent: both).
pub fn type_def(def: &TypeDef, directions: &HashMap<String, Direction>) -> Type {
    match &def.kind {
        TypeKind::Struct(s) => Type {
            strukt: Some(constructed(s, &[], directions.get(&def.name).copied().unwrap_or(Direction::Both))),
            enumeration: None,
        },
        TypeKind::Enum(variants) => Type {
            strukt: None,
            enumeration: Some(enum_def(&def.name, def.doc.as_deref().map(prose), variants)),
        },
    }
}

/// A struct; `extra_doc` follows the spec's own doc.
pub fn struct_def(def: &StructDef, extra_doc: &[Doc], direction: Direction) -> Struct {
    let name = ident(&def.name);
    let mut docs = paragraphs(vec![prose(def.doc.as_deref().unwrap_or_default())]);
    if !extra_doc.is_empty() {
        if !docs.is_empty() {
            docs.push(Doc::fixed(""));
        }
        docs.extend(extra_doc.iter().cloned());
    }
    if docs.is_empty() {
        docs.push(rustdoc!("The `{}` type.", name));
    }
    let kind = def.body_kind();
    let rename_all = match kind {
        BodyKind::Document => document_case_rule(def),
        BodyKind::Bare | BodyKind::Text | BodyKind::Binary => None,
    };
    let fields = def
        .fields
        .iter()
        .map(|field| StructField {
            doc: doc_lines(&field_doc(field)),
            name: ident(&field.rust),
            label: lit(&field.rust),
            ty: field_type(field),
            serde: body_serde_attrs(field, kind, rename_all),
            deprecated: field.deprecated,
            sensitive: field.sensitive,
        })
        .collect();
    let validated = direction != Direction::Received;
    let checked = def
        .fields
        .iter()
        .filter(|_| validated)
        .filter_map(|field| {
            let checks = field_checks(field);
            (!checks.is_empty()).then(|| checked_field(field, checks))
        })
        .collect();
    Struct {
        doc: doc_lines(&docs),
        label: lit(&def.name),
        name,
        derive: match direction {
            Direction::Sent => "sent",
            Direction::Received => "received",
            Direction::Both => "both",
        },
        transparent: matches!(kind, BodyKind::Bare | BodyKind::Text),
        deserialize: if matches!(kind, BodyKind::Document)
            && def.fields.iter().all(|field| field.location != Location::Payload)
        {
            "cloudspec_runtime::Deserialize"
        } else {
            "serde::Deserialize"
        },
        rename_all: rename_all.map(CaseRule::attr),
        debug: !def.has_sensitive(),
        default: def.fields.iter().all(|f| !f.required),
        allow_deprecated: def.has_deprecated(),
        fields,
        open: def.open,
        open_wires: def.fields.iter().filter(|f| f.in_document()).map(|f| lit(&f.wire)).collect(),
        validated,
        checked,
        builder: None,
        constructor: None,
    }
}

/// A field's serde arguments in a struct whose body is `kind`. Beside a bare payload (the
/// whole document, the struct `transparent`) every other field travels outside the document;
/// a binary body is no document at all.
fn body_serde_attrs(field: &Field, kind: BodyKind, rename_all: Option<CaseRule>) -> Vec<Code> {
    match kind {
        BodyKind::Document => serde_attrs(field, rename_all),
        BodyKind::Bare | BodyKind::Text if field.location == Location::Payload => bare_payload_attrs(field),
        BodyKind::Bare | BodyKind::Text | BodyKind::Binary => vec![Code::fixed("skip")],
    }
}

/// Only the wire format of timestamps: a transparent field takes no `default`, `rename` or
/// `skip_serializing_if`, and an `Option` is `null` on the wire.
fn bare_payload_attrs(field: &Field) -> Vec<Code> {
    serde_attrs(field, None).into_iter().filter(|attr| attr.as_str().starts_with("with = ")).collect()
}

/// The `rename_all` convention of a document struct: the one that leaves the fewest
/// attributes over the fields serde names (see [`best_rule`]), if any beats a `rename` each.
fn document_case_rule(def: &StructDef) -> Option<CaseRule> {
    let named: Vec<(Ident, &str)> = def
        .fields
        .iter()
        .filter(|f| named_in_document(f))
        .map(|f| (ident(&f.rust), f.wire.as_str()))
        .collect();
    best_rule(named.iter().map(|(rust, wire)| (rust.as_str(), *wire)))
}

/// A struct other than a request, with a way to make one outside the generated crate, where
/// `#[non_exhaustive]` forbids struct literals. A struct that is sent gets a builder (whose
/// `build()` compiles once the required fields are set). A received-only one (a response or a
/// type only responses hold) is made by tests and mocks: it gets `new(required fields)`, or
/// `Default` when it has none, and the public fields are set on the value; a builder for it
/// would cost compile time for no caller of the client.
pub fn constructed(def: &StructDef, extra_doc: &[Doc], direction: Direction) -> Struct {
    with_constructor(def, struct_def(def, extra_doc, direction), direction)
}

/// [`constructed`] for a struct whose fields the caller has already adjusted (a binary
/// response's payload is a `Download`): `new` takes each required field as the struct holds it.
pub fn with_constructor(def: &StructDef, plain: Struct, direction: Direction) -> Struct {
    if direction != Direction::Received {
        return Struct { builder: Some(builder(def, false)), ..plain };
    }
    if !def.fields.iter().any(|f| f.required) {
        return plain;
    }
    let params: Vec<Code> = plain
        .fields
        .iter()
        .zip(&def.fields)
        .filter(|(_, f)| f.required)
        .map(|(field, f)| rust!("{}: {}", ident(&f.rust), field.ty))
        .collect();
    let mut inits: Vec<Code> = def
        .fields
        .iter()
        .map(|f| if f.required { rust!("{}", ident(&f.rust)) } else { rust!("{}: None", ident(&f.rust)) })
        .collect();
    if def.open {
        inits.push(Code::fixed("extra: serde_json::Map::new()"));
    }
    let many_params = params.len() > CLIPPY_MAX_ARGUMENTS;
    Struct { constructor: Some(Constructor { params, inits, many_params }), ..plain }
}

/// An enum of the variants' kind; `doc` is rustdoc already.
pub fn enum_def(name: &str, doc: Option<Doc>, variants: &[Variant]) -> Enum {
    let name = ident(name);
    let doc = doc.unwrap_or_else(|| rustdoc!("Values of `{}`.", name));
    let kind = variants.first().map_or(EnumKind::Text, |v| v.kind);
    let mut ordered: Vec<&Variant> = variants.iter().collect();
    if kind == EnumKind::Boolean {
        // `wire_bool_enum!` takes the `true` variant first.
        ordered.sort_by_key(|v| v.wire != "true");
    }
    Enum {
        doc: doc_lines(&[doc]),
        name,
        kind: match kind {
            EnumKind::Text => "text",
            EnumKind::Integer => "int",
            EnumKind::Boolean => "bool",
        },
        common: None,
        variants: ordered
            .into_iter()
            .map(|v| {
                let line = match &v.doc {
                    Some(text) => rustdoc!("{}: {}", code_span(&v.wire), prose(text)),
                    None => code_span(&v.wire),
                };
                EnumVariant {
                    doc: doc_lines(&[line]),
                    name: ident(&v.name),
                    wire: wire_literal(v),
                    deprecated: v.deprecated,
                }
            })
            .collect(),
    }
}

/// A variant's wire value as a literal of its kind (lowering checked that it parses as one).
fn wire_literal(variant: &Variant) -> Code {
    match variant.kind {
        EnumKind::Text => rust!("{}", lit(&variant.wire)),
        EnumKind::Integer => rust!("{}", variant.wire.parse::<i64>().unwrap_or_default()),
        EnumKind::Boolean if variant.wire == "true" => Code::fixed("true"),
        EnumKind::Boolean => Code::fixed("false"),
    }
}

/// The rustdoc of a field: the page's text, then what the spec says about it.
pub fn field_doc(field: &Field) -> Vec<Doc> {
    let mut facts: Vec<Doc> = Vec::new();
    // A plain optional field says so by its `Option` type; the rest is worth a word.
    match (field.required, field.nullable) {
        (true, false) => facts.push(Doc::fixed("Required.")),
        (true, true) => facts.push(Doc::fixed("Required; may be `null` (`None`).")),
        (false, true) => facts.push(Doc::fixed("Optional; may be `null`.")),
        (false, false) => {}
    }
    match field.location {
        Location::Header => facts.push(rustdoc!("Sent as the {} header.", code(&field.wire))),
        Location::Path => {
            facts.push(rustdoc!("Part of the path ({}).", code(&format!("{{{}}}", field.wire))))
        }
        Location::Query => facts.push(rustdoc!("Parameter {}.", code(&field.wire))),
        Location::Payload if field.ty == Ty::Binary => facts.push(Doc::fixed("The whole body, raw bytes.")),
        Location::Payload => facts.push(Doc::fixed("The whole JSON body.")),
        Location::Body => {
            if field.rust != field.wire {
                facts.push(rustdoc!("Wire name {}.", code(&field.wire)));
            }
        }
    }
    constraint_docs(&field.constraints, &mut facts);
    if matches!(&field.ty, Ty::List(item) if matches!(**item, Ty::Nullable(_))) {
        facts.push(Doc::fixed("Items may be `null` (`None`)."));
    }
    let mut item_facts = Vec::new();
    constraint_docs(&field.item_constraints, &mut item_facts);
    if !item_facts.is_empty() {
        facts.push(rustdoc!("Each item: {}", Doc::joined(&item_facts, " ")));
    }
    if let Some(default) = &field.default {
        facts.push(rustdoc!("Default: {}.", value_doc(default)));
    }
    if let Some(example) = &field.example {
        facts.push(rustdoc!("Example: {}.", value_doc(example)));
    }
    if field.sensitive {
        facts.push(Doc::fixed("Sensitive: redacted in `Debug` output."));
    }
    paragraphs(vec![prose(field.doc.as_deref().unwrap_or_default()), Doc::joined(&facts, " ")])
}

/// A default or example as inline code: a string as it is, anything else as JSON.
fn value_doc(value: &Value) -> Doc {
    match value {
        Value::String(s) => code(s),
        other => code(&other.to_string()),
    }
}

fn constraint_docs(c: &Constraints, out: &mut Vec<Doc>) {
    let unit = match c.length_unit {
        Some(LengthUnit::Bytes) => Doc::fixed("bytes (UTF-8)"),
        _ => Doc::fixed("characters"),
    };
    match (c.min_length, c.max_length) {
        (Some(min), Some(max)) => out.push(rustdoc!("Length: {} to {} {}.", min, max, unit)),
        (Some(min), None) => out.push(rustdoc!("Length: at least {} {}.", min, unit)),
        (None, Some(max)) => out.push(rustdoc!("Length: at most {} {}.", max, unit)),
        (None, None) => {}
    }
    match (c.minimum, c.maximum) {
        (Some(min), Some(max)) => out.push(rustdoc!("Range: {} to {}.", min, max)),
        (Some(min), None) => out.push(rustdoc!("Minimum: {}.", min)),
        (None, Some(max)) => out.push(rustdoc!("Maximum: {}.", max)),
        (None, None) => {}
    }
    if let Some(pattern) = &c.pattern {
        out.push(rustdoc!("Pattern: {}.", code(pattern)));
    }
    match (c.min_items, c.max_items) {
        (Some(min), Some(max)) => out.push(rustdoc!("Items: {} to {}.", min, max)),
        (Some(min), None) => out.push(rustdoc!("Items: at least {}.", min)),
        (None, Some(max)) => out.push(rustdoc!("Items: at most {}.", max)),
        (None, None) => {}
    }
    if let Some(divisor) = c.multiple_of {
        out.push(rustdoc!("Multiple of {}.", divisor));
    }
}

/// A field with checks, passed to each as it is declared, `Option` or not.
fn checked_field(field: &Field, checks: Vec<Check>) -> CheckedField {
    let name = ident(&field.rust);
    let value = rust!("&self.{}", name);
    CheckedField { name, wire: lit(&field.wire), value, checks }
}

fn check(kind: &'static str) -> Check {
    Check { kind, unit: None, min: None, max: None, pattern: None, divisor: None, items: Vec::new() }
}

/// The checks of a value of `ty` under constraints `c`: length and pattern (text), range
/// (numbers).
fn value_checks(c: &Constraints, ty: &Ty, out: &mut Vec<Check>) {
    if c.min_length.is_some() || c.max_length.is_some() {
        let unit = match c.length_unit {
            Some(LengthUnit::Bytes) => "bytes",
            _ => "chars",
        };
        out.push(Check {
            unit: Some(unit),
            min: Some(opt_u64(c.min_length)),
            max: Some(opt_u64(c.max_length)),
            ..check("length")
        });
    }
    if let Some(pattern) = &c.pattern {
        out.push(Check { pattern: Some(lit(pattern)), ..check("pattern") });
    }
    if c.minimum.is_some() || c.maximum.is_some() {
        out.push(Check {
            min: Some(opt_number(c.minimum, ty)),
            max: Some(opt_number(c.maximum, ty)),
            ..check("range")
        });
    }
}

/// The checks of every item of a list field (`items:`), each naming the item's index.
fn item_checks(field: &Field) -> Option<Check> {
    let Ty::List(item) = &field.ty else { return None };
    let item = match &**item {
        Ty::Nullable(inner) => &**inner,
        other => other,
    };
    let mut items = Vec::new();
    value_checks(&field.item_constraints, item, &mut items);
    (!items.is_empty()).then(|| Check { items, ..check("each_item") })
}

/// The checks of one field: its constraints and the types nested in it.
fn field_checks(field: &Field) -> Vec<Check> {
    let c = &field.constraints;
    let ty = &field.ty;
    let mut out = Vec::new();
    // Text has length and pattern, numbers a range, and only text is a path segment: the checks
    // come in the same order as when the range followed the path segment check.
    value_checks(c, ty, &mut out);
    // A text path parameter must not be `.` or `..`: it would address another resource. Here
    // as well as in the runtime's `Call`, so that `MockClient` refuses it too.
    if field.location == Location::Path && *ty == Ty::String {
        out.push(check("path_segment"));
    }
    if let Some(divisor) = c.multiple_of {
        out.push(Check { divisor: Some(divisor), ..check("multiple_of") });
    }
    if c.min_items.is_some() || c.max_items.is_some() {
        out.push(Check {
            min: Some(opt_u64(c.min_items)),
            max: Some(opt_u64(c.max_items)),
            ..check("items")
        });
    }
    out.extend(item_checks(field));
    let holds_struct = |inner: &Ty| matches!(inner, Ty::Named { is_enum: false, .. });
    match ty {
        Ty::Named { is_enum: false, .. } => out.push(check("nested")),
        Ty::JsonString(inner) if holds_struct(inner) => out.push(check("nested")),
        Ty::List(inner) if holds_struct(inner) => out.push(check("each")),
        Ty::List(inner) if matches!(&**inner, Ty::Nullable(item) if holds_struct(item)) => {
            out.push(check("each_nullable"))
        }
        Ty::Map(inner) if holds_struct(inner) => out.push(check("map_values")),
        _ => {}
    }
    out
}

fn opt_u64(value: Option<u64>) -> Code {
    match value {
        Some(v) => rust!("Some({})", v),
        None => Code::fixed("None"),
    }
}

/// A bound as a literal of the field's type: integers clamped to it, floats with a point.
fn opt_number(value: Option<f64>, ty: &Ty) -> Code {
    let Some(v) = value else { return Code::fixed("None") };
    match ty {
        Ty::I32 => rust!("Some({})", v.clamp(i32::MIN as f64, i32::MAX as f64) as i64),
        Ty::I64 => rust!("Some({})", v as i64),
        // `Display` of a whole float has no point, which would make it an integer literal.
        _ if v.fract() == 0.0 => rust!("Some({}.0)", v),
        _ => rust!("Some({})", v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(rust: &str, ty: Ty, required: bool) -> Field {
        Field {
            wire: rust.to_owned(),
            rust: rust.to_owned(),
            ty,
            required,
            nullable: false,
            default: None,
            doc: None,
            example: None,
            constraints: Constraints::default(),
            location: Location::Body,
            sensitive: false,
            deprecated: false,
            presigned: None,
            style: None,
            item_constraints: Constraints::default(),
        }
    }

    /// A required field's type parameter is its name in UpperCamelCase, unless that would
    /// shadow a type the builder's code names (a field's type, a prelude name, the builder or
    /// its target): rustc would then read the field's type as the parameter.
    #[test]
    fn state_parameters_never_shadow_a_type_the_builder_names() {
        let named = Ty::Named { name: "Spec".into(), key: "Spec".into(), is_enum: false, enum_kind: None };
        let def = StructDef {
            name: "Job".into(),
            doc: None,
            fields: vec![
                field("spec", named, true),
                field("string", Ty::String, true),
                field("job", Ty::I64, true),
                field("self_", Ty::Bool, true),
                field("name", Ty::String, true),
                field("note", Ty::String, false),
            ],
            open: false,
        };
        let b = builder(&def, true);
        assert_eq!(
            b.generics.as_str(),
            "<SpecField, StringField, JobField, SelfField, Name>",
            "{}",
            b.generics.as_str()
        );
        let bounds: Vec<&str> = b.bounds.iter().map(Code::as_str).collect();
        assert_eq!(bounds[0], "SpecField: cloudspec_runtime::Required<Spec>");
        // The optional field keeps an `Option` slot and is not a parameter.
        assert_eq!(b.fields[5].slot.as_str(), "Option<String>");
        assert!(b.fields[5].retyped.is_none());
        // A required setter returns the builder with its own parameter replaced by the value's type.
        let retyped = b.fields[4].retyped.as_ref().map(Code::as_str);
        assert_eq!(retyped, Some("JobBuilder<SpecField, StringField, JobField, SelfField, String>"));
    }

    /// List and map setters take any iterator, converting items `into()` only for text and enums.
    #[test]
    fn collection_setters_take_iterators() {
        let tag = Ty::Named { name: "Tag".into(), key: "Tag".into(), is_enum: false, enum_kind: None };
        let cases = [
            (Ty::List(Box::new(Ty::String)), "impl IntoIterator<Item = impl Into<String>>"),
            (Ty::List(Box::new(tag.clone())), "impl IntoIterator<Item = Tag>"),
            (
                Ty::Map(Box::new(Ty::String)),
                "impl IntoIterator<Item = (impl Into<String>, impl Into<String>)>",
            ),
            (Ty::Map(Box::new(tag)), "impl IntoIterator<Item = (impl Into<String>, Tag)>"),
        ];
        for (ty, expected) in cases {
            let (param, _) = setter(&field("items", ty, false));
            assert_eq!(param.as_str(), expected);
        }
    }
}
