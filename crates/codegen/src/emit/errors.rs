//! Per-operation error-code enums: the vendor's codes as variants, with an `Unknown` fallback.

use proc_macro2::TokenStream;

use super::models::enum_def;
use crate::ir::{Operation, Variant};

pub fn error_enum(op: &Operation) -> TokenStream {
    let mut doc = format!(
        "Error codes {} can return: the page's own, then the service's common codes.",
        super::inert::code_span(&op.name)
    );
    let statuses: Vec<String> = op
        .errors
        .iter()
        .filter(|e| e.code.is_none())
        .map(|e| match &e.doc {
            Some(text) => format!("- HTTP {}: {}", e.status.unwrap_or_default(), super::docs::vendor(text)),
            None => format!("- HTTP {}", e.status.unwrap_or_default()),
        })
        .collect();
    if !statuses.is_empty() {
        doc.push_str("\n\nDocumented error statuses:\n");
        doc.push_str(&statuses.join("\n"));
    }
    let variants: Vec<Variant> = op
        .errors
        .iter()
        .filter_map(|e| {
            let (variant, code) = (e.variant.clone()?, e.code.clone()?);
            let meaning = match (e.status, &e.doc) {
                (Some(status), Some(text)) => Some(format!("HTTP {status}. {text}")),
                (Some(status), None) => Some(format!("HTTP {status}.")),
                (None, text) => text.clone(),
            };
            Some(Variant { name: variant, wire: code, doc: meaning })
        })
        .collect();
    enum_def(&op.error_enum, Some(doc), &variants)
}
