//! Request builders: one setter per field, and `build()` that checks required fields and every
//! constraint before a request can exist.

use std::fmt::Write;

use proc_macro2::TokenStream;

use super::rust_types::rust_type_text;
use super::verbatim;
use crate::ir::{Field, StructDef, Ty};

/// `Request::builder()`, the builder struct, its setters and `build()`, as text (see `verbatim`):
/// all of it follows from the field list.
pub fn builder(def: &StructDef) -> TokenStream {
    let target = &def.name;
    let name = format!("{target}Builder");
    let mut text = String::new();
    let _ = write!(
        text,
        "impl {target} {{\n    \
             /// Starts a [`{target}`] with no field set.\n    \
             pub fn builder() -> {name} {{\n        \
                 {name}::default()\n    \
             }}\n\
         }}\n"
    );
    let _ = writeln!(text, "/// Builds a [`{target}`]; `build()` checks it against the spec.");
    let debug = if def.has_sensitive() { "" } else { "Debug, " };
    let _ = writeln!(text, "#[derive({debug}Clone, Default)]");
    if def.fields.is_empty() {
        let _ = writeln!(text, "pub struct {name} {{}}");
    } else {
        let _ = writeln!(text, "pub struct {name} {{");
        for field in &def.fields {
            let ty = rust_type_text(&field.ty);
            // A nullable field's slot tells "set to null" from "not set".
            let slot = if field.nullable { format!("Option<Option<{ty}>>") } else { format!("Option<{ty}>") };
            let _ = writeln!(text, "    {}: {slot},", field.rust);
        }
        text.push_str("}\n");
    }
    if def.has_sensitive() {
        // The slots hold the sensitive values too.
        let _ = write!(
            text,
            "impl std::fmt::Debug for {name} {{\n    \
                 fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{\n        \
                     f.debug_struct({name:?}).finish_non_exhaustive()\n    \
                 }}\n\
             }}\n"
        );
    }
    // The builder moves deprecated fields into the request like any other.
    if def.has_deprecated() {
        text.push_str("#[allow(deprecated)]\n");
    }
    let _ = writeln!(text, "impl {name} {{");
    for field in &def.fields {
        push_setter(&mut text, target, field);
    }
    text.push_str(
        "    /// Checks required fields and every constraint of the spec; the error names each\n    \
         /// offending field by its wire name.\n",
    );
    let _ =
        writeln!(text, "    pub fn build(self) -> Result<{target}, cloudspec_runtime::ValidationError> {{");
    push_build_body(&mut text, def);
    text.push_str("    }\n}\n");
    verbatim::item(&text)
}

/// The body of `build()`: take every required field (reporting each missing one), then check
/// the assembled request.
fn push_build_body(out: &mut String, def: &StructDef) {
    const BODY: &str = "        ";
    let required: Vec<&Field> = def.fields.iter().filter(|f| f.required).collect();
    if !required.is_empty() {
        let _ = writeln!(out, "{BODY}let mut report = cloudspec_runtime::Report::default();");
        for field in &required {
            let _ = writeln!(
                out,
                "{BODY}let {0} = report.require(\"\", {1:?}, self.{0});",
                field.rust, field.wire
            );
        }
        // Every missing field is in the report by now, so giving up at the first is complete.
        let names: Vec<&str> = required.iter().map(|f| f.rust.as_str()).collect();
        let somes: Vec<String> = names.iter().map(|n| format!("Some({n})")).collect();
        let together = match names.as_slice() {
            [only] => format!("let Some({only}) = {only} else {{"),
            many => format!("let ({}) = ({}) else {{", somes.join(", "), many.join(", ")),
        };
        if BODY.len() + together.len() <= 100 {
            let _ = writeln!(out, "{BODY}{together}");
            let _ = writeln!(out, "{BODY}    return Err(report.into_error());");
            let _ = writeln!(out, "{BODY}}};");
        } else {
            for name in names {
                let _ = writeln!(
                    out,
                    "{BODY}let Some({name}) = {name} else {{ return Err(report.into_error()) }};"
                );
            }
        }
    }
    if def.fields.is_empty() {
        let _ = writeln!(out, "{BODY}let request = {} {{}};", def.name);
    } else {
        let _ = writeln!(out, "{BODY}let request = {} {{", def.name);
        for field in &def.fields {
            let rust = &field.rust;
            match (field.required, field.nullable) {
                (true, _) => {
                    let _ = writeln!(out, "{BODY}    {rust},");
                }
                // Optional and nullable: unset and set-to-null are both `None` in the request.
                (false, true) => {
                    let _ = writeln!(out, "{BODY}    {rust}: self.{rust}.flatten(),");
                }
                (false, false) => {
                    let _ = writeln!(out, "{BODY}    {rust}: self.{rust},");
                }
            }
        }
        let _ = writeln!(out, "{BODY}}};");
    }
    let _ = writeln!(out, "{BODY}cloudspec_runtime::Validate::validate(&request)?;");
    let _ = writeln!(out, "{BODY}Ok(request)");
}

/// One setter, on two lines: its doc links to the field's rather than repeating it (the
/// builder of a large request would otherwise carry every field's documentation twice), and its
/// body is one statement.
fn push_setter(out: &mut String, target: &str, field: &Field) {
    let rust = &field.rust;
    let _ = writeln!(out, "    /// Sets [`{rust}`]({target}::{rust}).");
    if field.deprecated {
        out.push_str("    #[deprecated]\n");
    }
    let ty = rust_type_text(&field.ty);
    let (param, value) = match &field.ty {
        _ if field.nullable => (format!("Option<{ty}>"), "value"),
        Ty::String | Ty::Bytes | Ty::NumberOrString | Ty::Named { is_enum: true, .. } => {
            (format!("impl Into<{ty}>"), "value.into()")
        }
        _ => (ty, "value"),
    };
    let _ = writeln!(
        out,
        "    pub fn {rust}(mut self, value: {param}) -> Self {{ self.{rust} = Some({value}); self }}"
    );
}
