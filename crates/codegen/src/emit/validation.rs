//! `Validate` impls: one runtime call per constraint, named by the field's wire name.
//!
//! Written as text (see `verbatim`): an impl is a list of one-line checks, and at thousands of
//! operations the syn and prettyplease round trip of these lists was a large part of emission.

use std::fmt::Write;

use proc_macro2::TokenStream;

use super::verbatim;
use crate::ir::{Field, OPEN_MEMBERS_FIELD, StructDef, Ty};
use crate::spec::{LengthUnit, Location};

pub fn validate_impl(def: &StructDef) -> TokenStream {
    let mut checks = String::new();
    for field in &def.fields {
        push_field_checks(&mut checks, field);
    }
    if def.open {
        let wires: Vec<String> =
            def.fields.iter().filter(|f| f.in_document()).map(|f| format!("{:?}", f.wire)).collect();
        let _ = writeln!(
            checks,
            "        report.open_members(path, &self.{OPEN_MEMBERS_FIELD}, &[{}]);",
            wires.join(", ")
        );
    }
    let (path, report) = if checks.is_empty() { ("_path", "_report") } else { ("path", "report") };
    let mut text = String::new();
    // A deprecated field is still validated: it is still sent.
    if def.has_deprecated() {
        text.push_str("#[allow(deprecated)]\n");
    }
    let _ = writeln!(text, "impl cloudspec_runtime::Validate for {} {{", def.name);
    let signature =
        format!("fn validate_into(&self, {path}: &str, {report}: &mut cloudspec_runtime::Report)");
    if checks.is_empty() {
        let _ = writeln!(text, "    {signature} {{}}");
    } else {
        let _ = writeln!(text, "    {signature} {{");
        text.push_str(&checks);
        text.push_str("    }\n");
    }
    text.push_str("}\n");
    verbatim::item(&text)
}

/// The three ways a check needs the value: by reference (`&str`, `&[T]`, nested types), as a
/// place to call methods on, and copied (numbers).
struct Value {
    reference: String,
    place: String,
    copied: String,
}

fn push_field_checks(out: &mut String, field: &Field) {
    let rust = &field.rust;
    if field.is_option() {
        let value = Value { reference: "value".into(), place: "value".into(), copied: "*value".into() };
        let checks = value_checks(field, &field.ty, &value);
        if !checks.is_empty() {
            let _ = writeln!(out, "        if let Some(value) = &self.{rust} {{");
            verbatim::push_indented(out, "            ", &checks);
            out.push_str("        }\n");
        }
    } else {
        // A required field is checked in place: no binding, one line per constraint.
        let value = Value {
            reference: format!("&self.{rust}"),
            place: format!("self.{rust}"),
            copied: format!("self.{rust}"),
        };
        verbatim::push_indented(out, "        ", &value_checks(field, &field.ty, &value));
    }
}

fn opt_u64(value: Option<u64>) -> String {
    value.map_or_else(|| "None".to_owned(), |v| format!("Some({v})"))
}

/// A bound as a literal of the field's type: integers clamped to it, floats with a point.
fn opt_number(value: Option<f64>, ty: &Ty) -> String {
    let Some(v) = value else { return "None".to_owned() };
    let literal = match ty {
        Ty::I32 => (v.clamp(i32::MIN as f64, i32::MAX as f64) as i64).to_string(),
        Ty::I64 => (v as i64).to_string(),
        _ => {
            let mut text = v.to_string();
            if !text.contains(['.', 'e', 'E']) {
                text.push_str(".0");
            }
            text
        }
    };
    format!("Some({literal})")
}

/// Checks of `value` (a value of `ty`) for `field`'s constraints and nested types: one line
/// each, but for the loop over a map's values.
fn value_checks(field: &Field, ty: &Ty, value: &Value) -> Vec<String> {
    let wire = format!("{:?}", field.wire);
    let c = &field.constraints;
    let Value { reference, place, copied } = value;
    let mut out = Vec::new();
    if c.min_length.is_some() || c.max_length.is_some() {
        let (min, max) = (opt_u64(c.min_length), opt_u64(c.max_length));
        let method = match c.length_unit {
            Some(LengthUnit::Bytes) => "bytes",
            _ => "chars",
        };
        out.push(format!("report.{method}(path, {wire}, {reference}, {min}, {max});"));
    }
    if let Some(pattern) = &c.pattern {
        out.push(format!("report.pattern(path, {wire}, {reference}, {pattern:?});"));
    }
    // A text path parameter must not be `.` or `..`: it would address another resource. Here
    // as well as in the runtime's `Call`, so that `MockClient` refuses it too.
    if field.location == Location::Path && *ty == Ty::String {
        out.push(format!("report.path_segment(path, {wire}, {reference});"));
    }
    if c.minimum.is_some() || c.maximum.is_some() {
        let (min, max) = (opt_number(c.minimum, ty), opt_number(c.maximum, ty));
        out.push(format!("report.range(path, {wire}, {copied}, {min}, {max});"));
    }
    if let Some(divisor) = c.multiple_of {
        let widened = if *ty == Ty::I64 { copied.clone() } else { format!("i64::from({copied})") };
        out.push(format!("report.multiple_of(path, {wire}, {widened}, {divisor});"));
    }
    if c.min_items.is_some() || c.max_items.is_some() {
        let (min, max) = (opt_u64(c.min_items), opt_u64(c.max_items));
        out.push(format!("report.items(path, {wire}, {place}.len(), {min}, {max});"));
    }
    let holds_struct = |inner: &Ty| matches!(inner, Ty::Named { is_enum: false, .. });
    match ty {
        Ty::Named { is_enum: false, .. } => out.push(format!("report.nested(path, {wire}, {reference});")),
        Ty::JsonString(inner) if holds_struct(inner) => {
            out.push(format!("report.nested(path, {wire}, {reference});"))
        }
        Ty::List(inner) if holds_struct(inner) => {
            out.push(format!("report.each(path, {wire}, {reference});"))
        }
        Ty::Map(inner) if holds_struct(inner) => {
            out.push(format!("for (key, item) in {place}.iter() {{"));
            out.push(format!(
                "    cloudspec_runtime::Validate::validate_into(item, &cloudspec_runtime::validate::key(path, {wire}, key), report);"
            ));
            out.push("}".to_owned());
        }
        _ => {}
    }
    out
}
