//! A field's `style:` (how a list or map travels in a query string or form), checked against
//! where the field travels and what it holds.

use super::Ty;
use crate::diagnostic::{Diagnostic, Diagnostics, SourceFile};
use crate::spec::located::Located;
use crate::spec::{Location, ParamStyleSpec, Protocol};

/// Where a field with a `style:` is, as the check needs it.
pub(super) struct Placement {
    pub protocol: Protocol,
    /// An operation's input (not an output or a field of a named type).
    pub input: bool,
    pub location: Location,
}

/// Whether a field at `placement` is written as `name=value` pairs: a query parameter, or an
/// Alibaba RPC form parameter (the RPC body is a form).
pub(super) fn travels_as_pairs(placement: &Placement) -> bool {
    placement.input
        && (placement.location == Location::Query
            || (placement.protocol == Protocol::AcsRpc && placement.location == Location::Body))
}

/// The field's style, or `None` (with a diagnostic) when `style:` cannot apply to it.
pub(super) fn lower_style(
    diagnostics: &mut Diagnostics,
    file: &SourceFile,
    style: &Located<ParamStyleSpec>,
    ty: &Ty,
    placement: &Placement,
) -> Option<ParamStyleSpec> {
    let mut error = |message: String, label: &str, hint: &str| {
        diagnostics.push(Diagnostic::new(file, style.pos, message).label(label).hint(hint));
    };
    let name = style.value.spec_name();
    if !travels_as_pairs(placement) {
        error(
            format!("`style: {name}` applies only to query parameters and form fields"),
            "not a query or form field",
            "remove it: JSON bodies, headers and paths carry lists and maps in one way only",
        );
        return None;
    }
    let (is_list, scalar_items, is_object) = match ty {
        Ty::List(inner) => (true, inner.is_scalar(), false),
        Ty::Map(_) | Ty::Named { is_enum: false, .. } => (false, false, true),
        Ty::Json => (true, false, true),
        _ => (false, false, false),
    };
    if !is_list && !is_object {
        error(
            format!("`style: {name}` on a field that is neither a list nor a map"),
            "not a list or map",
            "remove it: a single value is sent as `name=value` in every style",
        );
        return None;
    }
    match style.value {
        ParamStyleSpec::Repeated | ParamStyleSpec::Comma | ParamStyleSpec::Space | ParamStyleSpec::Pipe
            if !is_list =>
        {
            error(
                format!("`style: {name}` joins or repeats list items, but this field is a map or object"),
                "not a list",
                "use `json`, `indexed` or `key_value` for a map",
            );
            None
        }
        ParamStyleSpec::Comma | ParamStyleSpec::Space | ParamStyleSpec::Pipe if !scalar_items => {
            error(
                format!("`style: {name}` joins items as text, but the items are lists or objects"),
                "items not scalars",
                "use `json` (one JSON string) or `indexed` for lists of objects",
            );
            None
        }
        ParamStyleSpec::KeyValue if !is_object => {
            error(
                "`style: key_value` writes a map's entries as `Name.N.Key`/`Name.N.Value`, but this field is a list"
                    .to_owned(),
                "not a map",
                "use `indexed`, `repeated`, a delimited style or `json` for a list",
            );
            None
        }
        other => Some(other),
    }
}
