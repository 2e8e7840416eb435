//! Rust names from wire names: snake_case fields and modules, UpperCamelCase types and variants.
//! Keywords get a trailing underscore (`type` → `type_`), which reads better at call sites than
//! a raw identifier (`.type_("file")` rather than `.r#type("file")`).

use heck::{ToSnakeCase, ToUpperCamelCase};

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized",
    "virtual", "yield", "try",
];

pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Keeps only ASCII letters and digits, mapping the rest to word breaks. Non-ASCII letters are
/// dropped too: some (`²`, `٣`) are alphanumeric but cannot be (or start) an identifier, and a
/// name that is not one would make the emitter's `format_ident!` panic.
fn words(wire: &str) -> String {
    wire.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

fn fix(name: String, prefix: &str) -> String {
    let name = if name.is_empty() { prefix.to_owned() } else { name };
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) { format!("{prefix}{name}") } else { name };
    if is_keyword(&name) { format!("{name}_") } else { name }
}

/// `ProjectId` → `project_id`, `opc-request-id` → `opc_request_id`, `type` → `type_`.
pub fn field_name(wire: &str) -> String {
    fix(words(wire).to_snake_case(), "field_")
}

/// Module and method names: `CreateCodeFile` → `create_code_file`.
pub fn module_name(wire: &str) -> String {
    fix(words(wire).to_snake_case(), "m_")
}

/// Type names: `code_file` → `CodeFile`.
pub fn type_name(wire: &str) -> String {
    fix(words(wire).to_upper_camel_case(), "T")
}

/// Enum variants: `auto_rename` → `AutoRename`, `NULL` → `Null`, `CH.00000001` → `Ch00000001`.
/// `Unknown` is the fallback variant's name, so a value spelled that way is renamed.
pub fn variant_name(wire: &str) -> String {
    let name = fix(words(wire).to_upper_camel_case(), "V");
    if name == "Unknown" { "UnknownValue".to_owned() } else { name }
}

/// Cargo feature of a service: `tencent-wedata`.
pub fn feature_name(provider: &str, service: &str) -> String {
    format!("{}-{}", module_name(provider).replace('_', "-"), module_name(service).replace('_', "-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(field_name("ProjectId"), "project_id");
        assert_eq!(field_name("opc-request-id"), "opc_request_id");
        assert_eq!(field_name("type"), "type_");
        assert_eq!(field_name("Location"), "location");
        assert_eq!(field_name("h"), "h");
        assert_eq!(module_name("CreateCodeFile"), "create_code_file");
        assert_eq!(type_name("CodeFile"), "CodeFile");
        assert_eq!(variant_name("NULL"), "Null");
        assert_eq!(variant_name("auto_rename"), "AutoRename");
        assert_eq!(variant_name("CH.00000001"), "Ch00000001");
        assert_eq!(variant_name("AuthFailure.SignatureFailure"), "AuthFailureSignatureFailure");
        assert_eq!(variant_name("unknown"), "UnknownValue");
        assert_eq!(variant_name("404"), "V404");
        assert_eq!(feature_name("tencent", "wedata"), "tencent-wedata");
        // Every derived name is an identifier, whatever the wire name.
        assert_eq!(field_name("a²"), "a");
        assert_eq!(field_name("名称"), "field_");
        assert_eq!(field_name("٣x"), "x");
        assert_eq!(type_name("Self"), "Self_");
    }
}
