//! Structs (with their `Validate` impl), string enums and request builders, as
//! `templates/rust/items.j2` prints them.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;

use super::types::{field_type, rust_type, serde_attrs};
use crate::emit::direction::Direction;
use crate::emit::inert::{
    Code, Doc, DocLine, Ident, Lit, code, code as code_span, doc_lines, ident, lit, paragraphs, prose, rust,
    rustdoc,
};
use crate::ir::{BodyKind, Constraints, EnumKind, Field, StructDef, Ty, TypeDef, TypeKind, Variant};
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
    /// Derives `Debug`; otherwise a field is sensitive and `Debug` is written out to redact it.
    pub debug: bool,
    pub allow_deprecated: bool,
    pub fields: Vec<StructField>,
    /// Keeps members the spec does not list in `extra`.
    pub open: bool,
    /// Wire names of the members the document carries, for the open-members check.
    pub open_wires: Vec<Lit>,
    /// The fields with checks, in order.
    pub checked: Vec<CheckedField>,
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
    /// Checked inside `if let Some(value)`.
    pub optional: bool,
    /// The value by reference, the place it is in, and a copy of it (numbers).
    pub value: Code,
    pub place: Code,
    pub copied: Code,
    pub checks: Vec<Check>,
}

/// One runtime check of a field; `kind` picks the call in `items.j2`.
#[derive(Serialize)]
pub struct Check {
    pub kind: &'static str,
    /// The multiple-of check takes an `i64`: a narrower value is widened.
    pub widen: bool,
    /// `chars` or `bytes` for a length check.
    pub unit: Option<&'static str>,
    pub min: Option<Code>,
    pub max: Option<Code>,
    pub pattern: Option<Lit>,
    pub divisor: Option<i64>,
    /// `each_item`: the checks of every item of a list, and whether an item may be `None`.
    pub items: Vec<Check>,
    pub nullable_items: bool,
}

/// An enum, declared through the runtime's `wire_enum!` (text), `wire_int_enum!` (integers) or
/// `wire_bool_enum!` (booleans, the `true` variant first).
#[derive(Serialize)]
pub struct Enum {
    pub doc: Vec<DocLine>,
    pub name: Ident,
    /// `text`, `int` or `bool`: which macro declares it.
    pub kind: &'static str,
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

/// A request's builder.
#[derive(Serialize)]
pub struct Builder {
    pub target: Ident,
    pub name: Ident,
    pub label: Lit,
    pub debug: bool,
    pub allow_deprecated: bool,
    pub fields: Vec<BuilderField>,
    pub required: Vec<BuilderField>,
    /// The required fields are taken out of their slots in one `let ... else` that fits a line.
    pub required_on_one_line: bool,
}

#[derive(Serialize, Clone)]
pub struct BuilderField {
    pub name: Ident,
    pub wire: Lit,
    /// The slot's type: `Option<T>`, or `Option<Option<T>>` for a nullable field (set to null
    /// is not the same as not set).
    pub slot: Code,
    /// The setter's parameter type, and whether the value is converted `into()` it.
    pub param: Code,
    pub into: bool,
    pub required: bool,
    pub nullable: bool,
    pub deprecated: bool,
}

/// A named type; `directions` says which serde half each struct needs (absent: both).
pub fn type_def(def: &TypeDef, directions: &HashMap<String, Direction>) -> Type {
    match &def.kind {
        TypeKind::Struct(s) => Type {
            strukt: Some(struct_def(s, &[], directions.get(&def.name).copied().unwrap_or(Direction::Both))),
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
    let fields = def
        .fields
        .iter()
        .map(|field| StructField {
            doc: doc_lines(&field_doc(field)),
            name: ident(&field.rust),
            label: lit(&field.rust),
            ty: field_type(field),
            serde: body_serde_attrs(field, kind),
            deprecated: field.deprecated,
            sensitive: field.sensitive,
        })
        .collect();
    let checked = def
        .fields
        .iter()
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
        debug: !def.has_sensitive(),
        allow_deprecated: def.has_deprecated(),
        fields,
        open: def.open,
        open_wires: def.fields.iter().filter(|f| f.in_document()).map(|f| lit(&f.wire)).collect(),
        checked,
    }
}

/// A field's serde arguments in a struct whose body is `kind`. Beside a bare payload (the
/// whole document, the struct `transparent`) every other field travels outside the document;
/// a binary body is no document at all.
fn body_serde_attrs(field: &Field, kind: BodyKind) -> Vec<Code> {
    match kind {
        BodyKind::Document => serde_attrs(field),
        BodyKind::Bare | BodyKind::Text if field.location == Location::Payload => bare_payload_attrs(field),
        BodyKind::Bare | BodyKind::Text | BodyKind::Binary => vec![Code::fixed("skip")],
    }
}

/// Only the wire format of timestamps: a transparent field takes no `default`, `rename` or
/// `skip_serializing_if`, and an `Option` is `null` on the wire.
fn bare_payload_attrs(field: &Field) -> Vec<Code> {
    serde_attrs(field).into_iter().filter(|attr| attr.as_str().starts_with("with = ")).collect()
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

/// A field with checks. An optional field is checked inside `if let Some(value)`; a required
/// one in place.
fn checked_field(field: &Field, checks: Vec<Check>) -> CheckedField {
    let name = ident(&field.rust);
    let optional = field.is_option();
    let (value, place, copied) = if optional {
        (Code::fixed("value"), Code::fixed("value"), Code::fixed("*value"))
    } else {
        (rust!("&self.{}", name), rust!("self.{}", name), rust!("self.{}", name))
    };
    CheckedField { name, wire: lit(&field.wire), optional, value, place, copied, checks }
}

fn check(kind: &'static str) -> Check {
    Check {
        kind,
        widen: false,
        unit: None,
        min: None,
        max: None,
        pattern: None,
        divisor: None,
        items: Vec::new(),
        nullable_items: false,
    }
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
    let (item, nullable) = match &**item {
        Ty::Nullable(inner) => (&**inner, true),
        other => (other, false),
    };
    let mut items = Vec::new();
    value_checks(&field.item_constraints, item, &mut items);
    (!items.is_empty()).then(|| Check { items, nullable_items: nullable, ..check("each_item") })
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
        out.push(Check { widen: *ty != Ty::I64, divisor: Some(divisor), ..check("multiple_of") });
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

/// `Request::builder()`, the builder struct, its setters and `build()`.
pub fn builder(def: &StructDef) -> Builder {
    let target = ident(&def.name);
    let name = ident(&format!("{}Builder", def.name));
    let fields: Vec<BuilderField> = def
        .fields
        .iter()
        .map(|field| {
            let ty = rust_type(&field.ty);
            let slot = if field.nullable { rust!("Option<Option<{}>>", ty) } else { rust!("Option<{}>", ty) };
            let (param, into) = match &field.ty {
                _ if field.nullable => (rust!("Option<{}>", ty), false),
                Ty::String
                | Ty::Bytes
                | Ty::NumberOrString
                | Ty::Binary
                | Ty::Named { is_enum: true, .. } => (rust!("impl Into<{}>", ty), true),
                _ => (ty, false),
            };
            BuilderField {
                name: ident(&field.rust),
                wire: lit(&field.wire),
                slot,
                param,
                into,
                required: field.required,
                nullable: field.nullable,
                deprecated: field.deprecated,
            }
        })
        .collect();
    let required: Vec<BuilderField> = fields.iter().filter(|f| f.required).cloned().collect();
    // `let (Some(a), Some(b)) = (a, b) else {` after eight columns of indentation.
    let names: usize = required.iter().map(|f| f.name.as_str().len()).sum();
    let line = match required.len() {
        0 => 0,
        1 => "let Some() =  else {".len() + 2 * names,
        n => "let () = () else {".len() + 2 * names + "Some()".len() * n + 4 * (n - 1),
    };
    Builder {
        label: lit(name.as_str()),
        target,
        name,
        debug: !def.has_sensitive(),
        allow_deprecated: def.has_deprecated(),
        required_on_one_line: 8 + line <= 100,
        fields,
        required,
    }
}
