//! The rules of bodies that are not a JSON object: bare values and raw bytes as the whole
//! payload, the size bound of a binary response, and presigned-URL fields. Called from
//! `lower.rs`; every problem is reported where it is written.

use super::lower::Cx;
use super::typeexpr::Ty;
use super::{BodyKind, StructDef};
use crate::diagnostic::SourceFile;
use crate::spec::located::Located;
use crate::spec::{FieldSpec, Location, OperationSpec};

/// Field-level rules: `binary` is only ever a whole body; `presigned` marks response strings.
pub(super) fn check_field(
    cx: &mut Cx,
    file: &SourceFile,
    located: &Located<FieldSpec>,
    ty: &Ty,
    location: Location,
    input: bool,
) {
    let field = &located.value;
    if contains_binary(ty) && !(location == Location::Payload && *ty == Ty::Binary) {
        cx.error_labelled(
            file,
            field.ty.pos,
            "`binary` is raw bytes and can only be a whole body",
            "not a whole body",
            "give the field `location: payload` (and no other body field), or use `bytes` for Base64 text \
             inside a JSON document",
        );
    }
    if let Some(presigned) = &field.presigned {
        if input {
            cx.error_labelled(
                file,
                presigned.pos,
                "`presigned` marks a URL the service returns, not one a request sends",
                "on an input field",
                "remove it: a URL sent to the service is a plain `string`",
            );
        } else if *ty != Ty::String {
            cx.error_labelled(
                file,
                presigned.pos,
                format!("`presigned` needs a `string` field, not `{}`", field.ty.value),
                "not a string",
                "a presigned URL is one string; for a list of them, mark the field of the item type",
            );
        }
        // The generated field is a typed URL, not text: the text checks of `Validate` do not
        // apply to it, and the URL is the vendor's to shape (a response is not validated).
        let text_rules = [
            ("min_length", field.min_length.as_ref().map(|c| c.pos)),
            ("max_length", field.max_length.as_ref().map(|c| c.pos)),
            ("pattern", field.pattern.as_ref().map(|c| c.pos)),
        ];
        for (key, pos) in text_rules {
            if let Some(pos) = pos {
                cx.error_labelled(
                    file,
                    pos,
                    format!("`{key}` cannot constrain a `presigned` URL"),
                    "on a presigned URL",
                    "remove it: the field becomes a typed URL whose text the vendor shapes; keep what the page says in `doc`",
                );
            }
        }
    }
}

fn contains_binary(ty: &Ty) -> bool {
    match ty {
        Ty::Binary => true,
        Ty::List(inner) | Ty::Map(inner) | Ty::JsonString(inner) => contains_binary(inner),
        _ => false,
    }
}

/// Operation-level rules; gives the binary response's size bound when the output has one.
pub(super) fn check_bodies(
    cx: &mut Cx,
    file: &SourceFile,
    spec: &OperationSpec,
    input: &StructDef,
    output: &StructDef,
) -> Option<u64> {
    if let Some(bound) = &spec.input.max_body_bytes {
        cx.error_labelled(
            file,
            bound.pos,
            "`max_body_bytes` belongs to the output",
            "on the input",
            "move it under `output:` next to a `binary` payload",
        );
    }
    check_input_payload(cx, file, spec, input);
    let binary = output.body_kind() == BodyKind::Binary;
    if let Some(payload) = output.payload().filter(|f| binary && (!f.required || f.nullable)) {
        let pos = spec.output.fields.key(&payload.wire).map_or(spec.http.pos, |k| k.pos);
        cx.error_labelled(
            file,
            pos,
            format!("the binary response `{}` must be required", payload.wire),
            "optional payload",
            "add `required: true`: a successful answer always has a body, if an empty one",
        );
    }
    match (&spec.output.max_body_bytes, binary) {
        (Some(bound), true) if bound.value == 0 => {
            cx.error_labelled(
                file,
                bound.pos,
                "`max_body_bytes` must be at least 1",
                "zero",
                "write the largest body the operation documents (or a bound callers can live with)",
            );
            None
        }
        (Some(bound), true) => Some(bound.value),
        (None, true) => {
            let payload = output.payload().map(|f| f.wire.as_str()).unwrap_or_default();
            let pos = spec.output.fields.key(payload).map_or(spec.http.pos, |k| k.pos);
            cx.error_labelled(
                file,
                pos,
                format!("the binary response `{payload}` has no size bound"),
                "no `max_body_bytes`",
                "add `max_body_bytes:` to the output, e.g. `max_body_bytes: 1073741824` (1 GiB): the body is \
                 streamed, and the JSON cap does not apply to it",
            );
            None
        }
        (Some(bound), false) => {
            cx.error_labelled(
                file,
                bound.pos,
                "`max_body_bytes` bounds a binary response, but this output has none",
                "no `binary` payload",
                "remove it (JSON outputs are bounded by the client's `max_response_bytes`), or make the \
                 output's payload `type: binary`",
            );
            None
        }
        (None, false) => None,
    }
}

/// A request whose body is not an object: the payload is required, and the query parameters
/// beside it (which the document no longer carries) are sent one by one, so each must be a
/// value with one text form.
fn check_input_payload(cx: &mut Cx, file: &SourceFile, spec: &OperationSpec, input: &StructDef) {
    if input.body_kind() == BodyKind::Document {
        return;
    }
    let Some(payload) = input.payload() else { return };
    if !payload.required || payload.nullable {
        let pos = spec.input.fields.key(&payload.wire).map_or(spec.http.pos, |k| k.pos);
        cx.error_labelled(
            file,
            pos,
            format!("the payload `{}` is the whole body and must be required", payload.wire),
            "optional payload",
            "add `required: true` (and no `nullable`): a request with this body always sends one",
        );
    }
    for field in input.fields.iter().filter(|f| f.location == Location::Query) {
        let sendable = matches!(
            field.ty,
            Ty::String | Ty::Bytes | Ty::I32 | Ty::I64 | Ty::F64 | Ty::Bool | Ty::Named { is_enum: true, .. }
        );
        let problem = if !sendable {
            Some("a query parameter beside a bare or binary payload must be a string, number, bool or enum")
        } else if field.required && !field.ty.has_default() {
            Some("a required enum query parameter cannot sit beside a bare or binary payload")
        } else {
            None
        };
        if let Some(message) = problem {
            let pos = spec.input.fields.key(&field.wire).map_or(spec.http.pos, |k| k.pos);
            cx.error_labelled(
                file,
                pos,
                format!("`{}`: {message}", field.wire),
                "sent on its own",
                "the payload is the whole document, so each query parameter is written out by itself; \
                 make it a scalar (optional, if an enum)",
            );
        }
    }
}
