//! Error-code enums: one `CommonErrorCode` per service with the codes every operation shares,
//! and per operation an enum of its page's own codes that reaches the common ones through its
//! `Common` variant. The shared codes are declared once per service instead of once per
//! operation.

use super::items::{self, Enum};
use crate::emit::inert::{Doc, DocLine, Ident, code, doc_lines, ident, prose, rustdoc};
use crate::ir::{EnumKind, ErrorCode, Operation, Service, Variant};

/// Rust name of every service's common error-code enum (a reserved type name).
pub const COMMON_ERROR_ENUM: &str = "CommonErrorCode";

/// The `Common` variant of an operation's error enum: the common enum it holds, and its doc.
#[derive(serde::Serialize)]
pub struct CommonVariant {
    pub doc: Vec<DocLine>,
    pub enumeration: Ident,
}

/// The service's common codes: the provider file's shared ones, then the service's own.
pub fn common_enum(service: &Service) -> Enum {
    let lead = rustdoc!(
        "Error codes every operation of {} can return: the protocol's shared codes, then the \
         service's common ones. Each operation's error enum holds them in its `Common` variant.",
        prose(&service.title)
    );
    error_enum(COMMON_ERROR_ENUM, lead, &service.errors)
}

/// The operation's error enum: the page's own codes, `Common` for the service's, and `Unknown`.
pub fn operation_enum(op: &Operation) -> Enum {
    let lead = rustdoc!(
        "Error codes {} can return: the page's own; the codes common to the service are in \
         [`{}`], reached through the `Common` variant.",
        code(&op.name),
        ident(COMMON_ERROR_ENUM)
    );
    let mut errors = error_enum(&op.error_enum, lead, op.own_errors());
    errors.common = Some(CommonVariant {
        doc: doc_lines(&[rustdoc!(
            "A code common to every operation of the service: [`{}`].",
            ident(COMMON_ERROR_ENUM)
        )]),
        enumeration: ident(COMMON_ERROR_ENUM),
    });
    errors
}

/// An enum of `errors`' codes; status-only entries are listed in its rustdoc.
fn error_enum(name: &str, lead: Doc, errors: &[ErrorCode]) -> Enum {
    let mut docs = vec![lead];
    let statuses: Vec<Doc> = errors
        .iter()
        .filter(|e| e.code.is_none())
        .map(|e| match &e.doc {
            Some(text) => rustdoc!("- HTTP {}: {}", e.status.unwrap_or_default(), prose(text)),
            None => rustdoc!("- HTTP {}", e.status.unwrap_or_default()),
        })
        .collect();
    if !statuses.is_empty() {
        docs.push(Doc::fixed(""));
        docs.push(Doc::fixed("Documented error statuses:"));
        docs.extend(statuses);
    }
    let variants: Vec<Variant> = errors
        .iter()
        .filter_map(|e| {
            let (variant, code) = (e.variant.clone()?, e.code.clone()?);
            let meaning = match (e.status, &e.doc) {
                (Some(status), Some(text)) => Some(format!("HTTP {status}. {text}")),
                (Some(status), None) => Some(format!("HTTP {status}.")),
                (None, text) => text.clone(),
            };
            Some(Variant { name: variant, wire: code, doc: meaning, deprecated: false, kind: EnumKind::Text })
        })
        .collect();
    items::enum_def(name, Some(Doc::joined(&docs, "\n")), &variants)
}
