//! `items:` of a list field: items that may be `null`, and the constraints every item is
//! checked against (length, pattern, range), each only where the item type has them.

use super::lower::Cx;
use super::{Constraints, Ty};
use crate::diagnostic::SourceFile;
use crate::spec::FieldSpec;
use crate::spec::located::{Located, Pos};

/// The field's type with nullable items applied, and the constraints of each item.
pub(super) fn lower_items(
    cx: &mut Cx,
    file: &SourceFile,
    field: &Located<FieldSpec>,
    ty: Ty,
) -> (Ty, Constraints) {
    let Some(items) = &field.items else { return (ty, Constraints::default()) };
    let Ty::List(item) = &ty else {
        cx.error_labelled(
            file,
            items.pos,
            format!("`items` applies only to `list<T>` fields, not `{}`", field.ty.value),
            "not a list",
            "remove it, or make the field a list",
        );
        return (ty, Constraints::default());
    };
    let item: &Ty = item;
    let misplaced = |cx: &mut Cx, pos: Pos, name: &str, wanted: &str| {
        cx.error_labelled(
            file,
            pos,
            format!("`items.{name}` does not apply to items of `{}`", field.ty.value),
            "not for these items",
            format!("`items.{name}` applies to lists of {wanted}"),
        );
    };
    for (value, name) in [(&items.min_length, "min_length"), (&items.max_length, "max_length")] {
        if let Some(value) = value
            && !item.is_stringy()
        {
            misplaced(cx, value.pos, name, "strings");
        }
    }
    if let Some(pattern) = &items.pattern {
        if !item.is_stringy() {
            misplaced(cx, pattern.pos, "pattern", "strings");
        } else {
            super::lower::check_pattern_compiles(cx, file, pattern);
        }
    }
    for (value, name) in [(&items.minimum, "minimum"), (&items.maximum, "maximum")] {
        if let Some(value) = value {
            if !item.is_number() {
                misplaced(cx, value.pos, name, "numbers");
            } else if !value.value.is_finite() {
                cx.error_labelled(
                    file,
                    value.pos,
                    format!("`items.{name}` must be a finite number, not {}", value.value),
                    "not finite",
                    "write the documented bound, or leave it out if there is none",
                );
            }
        }
    }
    let bounds = [
        (
            items.min_length.as_ref().map(|v| (v.value as f64, v.pos)),
            items.max_length.as_ref().map(|v| v.value as f64),
            "min_length",
        ),
        (
            items.minimum.as_ref().map(|v| (v.value, v.pos)),
            items.maximum.as_ref().map(|v| v.value),
            "minimum",
        ),
    ];
    for (min, max, name) in bounds {
        if let (Some((min, pos)), Some(max)) = (min, max)
            && min > max
        {
            cx.error_labelled(
                file,
                pos,
                format!("`items.{name}` ({min}) is greater than its maximum ({max})"),
                "above the maximum",
                "no item could satisfy both bounds; check the page",
            );
        }
    }
    let constraints = Constraints {
        min_length: items.min_length.as_ref().map(|v| v.value),
        max_length: items.max_length.as_ref().map(|v| v.value),
        length_unit: items.length_unit,
        minimum: items.minimum.as_ref().map(|v| v.value),
        maximum: items.maximum.as_ref().map(|v| v.value),
        pattern: items.pattern.as_ref().map(|v| v.value.clone()),
        ..Constraints::default()
    };
    (with_nullable_items(ty, field), constraints)
}

/// `list<T>` as `list<T?>` when its items are `nullable`.
pub(super) fn with_nullable_items(ty: Ty, field: &FieldSpec) -> Ty {
    match ty {
        Ty::List(item) if field.items.as_ref().is_some_and(|items| items.nullable) => {
            Ty::List(Box::new(Ty::Nullable(item)))
        }
        other => other,
    }
}
