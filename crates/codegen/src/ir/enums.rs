//! Enum types: the wire kind of their values (text, integer or boolean, one kind per enum, as
//! the YAML writes the first value), their variant names, and deprecated values.

use std::collections::{BTreeSet, HashMap};

use super::lower::Cx;
use super::{EnumKind, Variant, names};
use crate::diagnostic::SourceFile;
use crate::spec::located::Located;
use crate::spec::{EnumValueSpec, WireValue};

/// The kind of an enum's values; an enum without values counts as text.
pub(super) fn kind_of(variants: &[Variant]) -> EnumKind {
    variants.first().map_or(EnumKind::Text, |v| v.kind)
}

/// The kind a declared enum's values have, decided by its first value.
pub(super) fn declared_kind(values: &[Located<EnumValueSpec>]) -> EnumKind {
    values.first().map_or(EnumKind::Text, |v| kind_of_value(&v.value.value))
}

fn kind_of_value(value: &WireValue) -> EnumKind {
    match value {
        WireValue::Text(_) => EnumKind::Text,
        WireValue::Integer(_) => EnumKind::Integer,
        WireValue::Bool(_) => EnumKind::Boolean,
    }
}

/// What an enum's values are called in messages.
pub(super) fn kind_name(kind: EnumKind) -> &'static str {
    match kind {
        EnumKind::Text => "string",
        EnumKind::Integer => "integer",
        EnumKind::Boolean => "boolean",
    }
}

/// The variants of enum `key`, every value checked: one kind throughout, listed once, a
/// usable variant name (given by `name:` for numbers and booleans), both booleans.
pub(super) fn lower_enum(
    cx: &mut Cx,
    file: &SourceFile,
    key: &Located<String>,
    values: &[Located<EnumValueSpec>],
) -> Vec<Variant> {
    let kind = declared_kind(values);
    let mut variants: Vec<Variant> = Vec::new();
    let mut wires = BTreeSet::new();
    let mut rust_names: HashMap<String, String> = HashMap::new();
    for value in values {
        let wire_value = &value.value.value;
        let wire = wire_value.text();
        if kind_of_value(wire_value) != kind {
            let first = values.first().map(|v| v.value.value.text()).unwrap_or_default();
            cx.error_labelled(
                file,
                value.value.value.pos,
                format!(
                    "enum `{}` mixes kinds: `{wire}` is {} value, but its first value `{first}` is {}",
                    key.value,
                    article(wire_value.kind()),
                    article(kind_name(kind)),
                ),
                format!("{} value", wire_value.kind()),
                "quote values that are text on the wire (`value: \"1\"`); write integers and booleans plain",
            );
            continue;
        }
        if !wires.insert(wire.clone()) {
            cx.error_labelled(
                file,
                value.pos,
                format!("enum value `{wire}` is listed twice"),
                "repeated",
                "remove the repeated value",
            );
            continue;
        }
        let Some(variant) = variant_name(cx, file, value, kind) else { continue };
        if let Some(other) = rust_names.get(&variant) {
            cx.error_labelled(
                file,
                value.pos,
                format!("enum values `{wire}` and `{other}` both become the variant `{variant}`"),
                format!("same variant as `{other}`"),
                "give one of them another `name:`",
            );
            continue;
        }
        rust_names.insert(variant.clone(), wire.clone());
        variants.push(Variant {
            name: variant,
            wire,
            doc: value.value.doc.clone(),
            deprecated: value.value.deprecated,
            kind,
        });
    }
    if kind == EnumKind::Boolean && !variants.is_empty() && variants.len() != 2 {
        cx.error_labelled(
            file,
            key.pos,
            format!("boolean enum `{}` must list both `true` and `false`", key.value),
            "one boolean value",
            "a boolean enum names both values; use `bool` if only one has a meaning",
        );
    }
    variants
}

/// `name:` when given (checked), else a name derived from text; numbers and booleans need one.
fn variant_name(
    cx: &mut Cx,
    file: &SourceFile,
    value: &Located<EnumValueSpec>,
    kind: EnumKind,
) -> Option<String> {
    let wire = value.value.value.text();
    let Some(name) = &value.value.name else {
        if kind != EnumKind::Text {
            cx.error_labelled(
                file,
                value.value.value.pos,
                format!("{} enum value `{wire}` has no `name:`", kind_name(kind)),
                "no variant name",
                format!(
                    "name the variant after the page's meaning, e.g. `{{ value: {wire}, name: Archived }}`"
                ),
            );
            return None;
        }
        return Some(names::variant_name(&wire));
    };
    let usable = names::type_name(&name.value) == name.value && name.value != "Unknown";
    if !usable || names::is_keyword(&name.value) {
        cx.error_labelled(
            file,
            name.pos,
            format!("`{}` is not a usable variant name", name.value),
            "not UpperCamelCase",
            format!(
                "write UpperCamelCase ASCII letters and digits, such as `{}`; `Unknown` is the fallback variant",
                names::variant_name(&name.value)
            ),
        );
        return None;
    }
    Some(name.value.clone())
}

/// `a string`, `an integer`.
pub(super) fn article(kind: &str) -> String {
    if kind.starts_with(['a', 'e', 'i', 'o', 'u']) { format!("an {kind}") } else { format!("a {kind}") }
}
