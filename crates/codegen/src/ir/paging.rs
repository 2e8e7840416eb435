//! `pagination:` → the IR of a list operation's paging, checking every reference: the request
//! fields the walk sets exist and are integers (page, offset, size) or strings (cursor), and
//! the response places exist and hold what their role needs (a list of items, a string cursor,
//! an integer total, a bool flag). Runs once a service's types are lowered, since a response
//! path may go through types of any file of the service.

use std::collections::HashMap;

use super::{Field, Operation, StructDef, Ty, TypeDef, TypeKind};
use crate::diagnostic::{Diagnostic, Diagnostics, SourceFile};
use crate::spec::located::{Located, Pos};
use crate::spec::{PaginationSpec, PagingStyle, ServiceSource};

/// How a list operation pages, resolved.
#[derive(Debug, Clone)]
pub struct Pagination {
    pub style: PagingStyle,
    /// `page_number`: the number of the first page.
    pub first_page: u64,
    /// The request fields the walk sets: page number, offset, token or marker, page size.
    pub page: Option<RequestField>,
    pub offset: Option<RequestField>,
    pub cursor: Option<RequestField>,
    pub size: Option<RequestField>,
    /// The page size sent when the caller sets none (the size field's `default:`).
    pub default_size: Option<u64>,
    pub items: ResponsePath,
    /// The type of one item.
    pub item: Ty,
    pub next: Option<ResponsePath>,
    pub total: Option<ResponsePath>,
    pub has_more: Option<ResponsePath>,
}

/// A request field the walk sets on each page's request.
#[derive(Debug, Clone)]
pub struct RequestField {
    pub wire: String,
    pub rust: String,
    /// The Rust field is an `Option`.
    pub optional: bool,
    pub ty: Ty,
}

/// A place in the response: the Rust fields to go through, from the response struct, and the
/// type found at the end.
#[derive(Debug, Clone)]
pub struct ResponsePath {
    pub steps: Vec<PathStep>,
    pub leaf: Ty,
}

#[derive(Debug, Clone)]
pub struct PathStep {
    pub rust: String,
    /// The Rust field is an `Option`.
    pub optional: bool,
}

/// What a request field of the block is for, with the types it may have.
#[derive(Clone, Copy)]
enum RequestRole {
    Number,
    Text,
}

/// What a response place of the block is for.
#[derive(Clone, Copy, PartialEq)]
enum ResponseRole {
    Items,
    Next,
    Total,
    HasMore,
}

impl ResponseRole {
    fn key(self) -> &'static str {
        match self {
            ResponseRole::Items => "items",
            ResponseRole::Next => "next",
            ResponseRole::Total => "total",
            ResponseRole::HasMore => "has_more",
        }
    }
}

struct Checker<'a> {
    file: &'a SourceFile,
    diagnostics: &'a mut Diagnostics,
    /// Every object type of the service, by Rust name.
    structs: &'a HashMap<String, &'a StructDef>,
}

impl Checker<'_> {
    fn error(&mut self, pos: Pos, message: String, label: impl Into<String>, hint: String) {
        self.diagnostics.push(Diagnostic::new(self.file, pos, message).label(label).hint(hint));
    }
}

/// Lowers the `pagination:` block of `op`, or reports every problem of it.
pub(super) fn lower_pagination(
    diagnostics: &mut Diagnostics,
    file: &SourceFile,
    block: &Located<PaginationSpec>,
    op: &Operation,
    structs: &HashMap<String, &StructDef>,
) -> Option<Pagination> {
    let style = block.style.value;
    let mut cx = Checker { file, diagnostics, structs };
    let numbered = matches!(style, PagingStyle::PageNumber | PagingStyle::Offset);
    // Which keys each style uses; a key another style uses is a mistake, not a no-op.
    let keys: [(&str, bool, bool, Option<Pos>); 6] = [
        ("page", style == PagingStyle::PageNumber, true, block.page.as_ref().map(|k| k.pos)),
        ("first_page", style == PagingStyle::PageNumber, false, block.first_page.as_ref().map(|k| k.pos)),
        ("offset", style == PagingStyle::Offset, true, block.offset.as_ref().map(|k| k.pos)),
        ("cursor", !numbered, true, block.cursor.as_ref().map(|k| k.pos)),
        ("size", numbered, true, block.size.as_ref().map(|k| k.pos)),
        ("next", !numbered, true, block.next.as_ref().map(|k| k.pos)),
    ];
    let mut complete = true;
    for (key, used, needed, pos) in keys {
        match (used, pos) {
            (false, Some(pos)) => {
                complete = false;
                cx.error(
                    pos,
                    format!("`{key}` is not used by `style: {}`", style.spec_name()),
                    "not used by this style",
                    format!("remove it, or choose the style that pages with it ({})", styles_using(key)),
                );
            }
            (true, None) if needed => {
                complete = false;
                cx.error(
                    block.style.pos,
                    format!("`style: {}` needs `{key}:`", style.spec_name()),
                    format!("no `{key}`"),
                    format!("add `{key}:` to the pagination block: {}", what_key_names(key)),
                );
            }
            _ => {}
        }
    }

    let page = block.page.as_ref().and_then(|k| request_field(&mut cx, op, k, RequestRole::Number));
    let offset = block.offset.as_ref().and_then(|k| request_field(&mut cx, op, k, RequestRole::Number));
    let cursor = block.cursor.as_ref().and_then(|k| request_field(&mut cx, op, k, RequestRole::Text));
    let size_key = block.size.as_ref().filter(|_| numbered);
    let size = size_key.and_then(|k| request_field(&mut cx, op, k, RequestRole::Number));
    let default_size = match (size_key, &size) {
        (Some(key), Some(field)) => {
            let default = op
                .input
                .fields
                .iter()
                .find(|f| f.wire == field.wire)
                .and_then(|f| f.default.as_ref())
                .and_then(|d| d.as_u64())
                .filter(|&d| d > 0);
            if default.is_none() {
                cx.error(
                    key.pos,
                    format!("the page size field `{}` has no positive `default:`", key.value),
                    "no default size",
                    format!(
                        "write the documented default page size on the field (`default: 10`): the walk \
                         sends it when the caller leaves `{}` unset",
                        key.value
                    ),
                );
            }
            default
        }
        _ => None,
    };
    if let Some(first) = &block.first_page
        && first.value > 1
    {
        cx.error(
            first.pos,
            format!("`first_page: {}`: pages are numbered from 0 or 1", first.value),
            "neither 0 nor 1",
            "write the number of the first page as the page documents it (1 for most vendors)".to_owned(),
        );
    }

    let items = response_path(&mut cx, op, &block.items, ResponseRole::Items);
    let next = block.next.as_ref().filter(|_| !numbered);
    let next = next.and_then(|k| response_path(&mut cx, op, k, ResponseRole::Next));
    let total = block.total.as_ref().and_then(|k| response_path(&mut cx, op, k, ResponseRole::Total));
    let has_more = block.has_more.as_ref().and_then(|k| response_path(&mut cx, op, k, ResponseRole::HasMore));

    let items = items?;
    let Ty::List(item) = &items.leaf else { return None };
    let item = (**item).clone();
    let resolved = match style {
        PagingStyle::PageNumber => page.is_some() && size.is_some() && default_size.is_some(),
        PagingStyle::Offset => offset.is_some() && size.is_some() && default_size.is_some(),
        PagingStyle::Token | PagingStyle::Marker => cursor.is_some() && next.is_some(),
    };
    if !(complete && resolved) {
        return None;
    }
    Some(Pagination {
        style,
        first_page: block.first_page.as_ref().map_or(1, |f| f.value),
        page,
        offset,
        cursor,
        size,
        default_size,
        items,
        item,
        next,
        total,
        has_more,
    })
}

fn styles_using(key: &str) -> &'static str {
    match key {
        "page" | "first_page" => "`page_number`",
        "offset" => "`offset`",
        "size" => "`page_number` or `offset`; token and marker requests keep the caller's size",
        _ => "`token` or `marker`",
    }
}

fn what_key_names(key: &str) -> &'static str {
    match key {
        "page" => "the wire name of the request field carrying the page number",
        "offset" => "the wire name of the request field carrying the offset",
        "cursor" => "the wire name of the request field carrying the token or marker",
        "size" => "the wire name of the request field carrying the page size",
        _ => "the response field holding the next token or marker, e.g. `next_marker`",
    }
}

/// The input field `key` names, if it exists and has the type its role needs.
fn request_field(
    cx: &mut Checker,
    op: &Operation,
    key: &Located<String>,
    role: RequestRole,
) -> Option<RequestField> {
    let Some(field) = op.input.fields.iter().find(|f| f.wire == key.value) else {
        let hint = did_you_mean(&key.value, &op.input.fields, "name an input field by its wire name");
        cx.error(key.pos, format!("`{}` is not an input field", key.value), "no such input", hint);
        return None;
    };
    let fits = match role {
        RequestRole::Number => field.ty.is_integer(),
        RequestRole::Text => field.ty == Ty::String,
    };
    if !fits {
        let wanted = match role {
            RequestRole::Number => "an integer (`int32` or `int64`)",
            RequestRole::Text => "a `string`",
        };
        cx.error(
            key.pos,
            format!("input `{}` cannot carry this cursor: it is not {wanted}", key.value),
            "wrong type",
            format!("the walk writes {wanted} into it; name the field that carries it on the page"),
        );
        return None;
    }
    Some(RequestField {
        wire: field.wire.clone(),
        rust: field.rust.clone(),
        optional: field.is_option(),
        ty: field.ty.clone(),
    })
}

/// The output place a dotted path of wire names leads to, if every step exists and the end has
/// the type `role` needs.
fn response_path(
    cx: &mut Checker,
    op: &Operation,
    path: &Located<String>,
    role: ResponseRole,
) -> Option<ResponsePath> {
    let mut fields: &[Field] = &op.output.fields;
    let mut steps = Vec::new();
    let mut leaf: Option<Ty> = None;
    // What the next segment is looked up in, as messages name it.
    let mut through = "the output".to_owned();
    for segment in path.value.split('.') {
        if let Some(ty) = &leaf {
            // Going further than the previous step: it must be an object.
            let Ty::Named { name, is_enum: false, .. } = ty else {
                cx.error(
                    path.pos,
                    format!("`{}` goes through {through}, which is not an object", path.value),
                    "not an object on the way",
                    "a path goes through object fields only; stop at the field that holds the value"
                        .to_owned(),
                );
                return None;
            };
            // Every object type named by a lowered field is among the service's structs.
            let def = cx.structs.get(name)?;
            fields = &def.fields;
        }
        let Some(field) = fields.iter().find(|f| f.wire == segment) else {
            let hint =
                did_you_mean(segment, fields, "write the wire names of the fields on the way, joined by `.`");
            cx.error(
                path.pos,
                format!("`{}`: `{segment}` is not a field of {through}", path.value),
                "no such field",
                hint,
            );
            return None;
        };
        steps.push(PathStep { rust: field.rust.clone(), optional: field.is_option() });
        through = format!("`{}`", field.wire);
        leaf = Some(field.ty.clone());
    }
    let leaf = leaf?;
    let fits = match role {
        ResponseRole::Items => matches!(leaf, Ty::List(_)),
        ResponseRole::Next => leaf == Ty::String,
        ResponseRole::Total => leaf.is_integer(),
        ResponseRole::HasMore => leaf == Ty::Bool,
    };
    if !fits {
        let wanted = match role {
            ResponseRole::Items => "a list (`list<T>`)",
            ResponseRole::Next => "a `string`",
            ResponseRole::Total => "an integer (`int32` or `int64`)",
            ResponseRole::HasMore => "a `bool`",
        };
        cx.error(
            path.pos,
            format!("`{}: {}` is not {wanted}", role.key(), path.value),
            "wrong type",
            format!(
                "`{}` names the response field that holds {}",
                role.key(),
                match role {
                    ResponseRole::Items => "the page's items",
                    ResponseRole::Next => "the next token or marker",
                    ResponseRole::Total => "the number of items over all pages",
                    ResponseRole::HasMore => "the response's own \"more pages follow\" flag",
                }
            ),
        );
        return None;
    }
    Some(ResponsePath { steps, leaf })
}

fn did_you_mean(word: &str, fields: &[Field], otherwise: &str) -> String {
    let names: Vec<String> = fields.iter().map(|f| f.wire.clone()).collect();
    match crate::spec::hints::closest(word, &names) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("{otherwise} (known: {})", list_or_none(&names)),
    }
}

fn list_or_none(names: &[String]) -> String {
    if names.is_empty() {
        "none".to_owned()
    } else {
        names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
    }
}

/// Lowers the `pagination:` block of every operation of a service that has one, once all the
/// service's types are lowered (a response path may go through a type of another file).
pub(super) fn lower_service_pagination(
    diagnostics: &mut Diagnostics,
    source: &ServiceSource,
    service_types: &[TypeDef],
    operations: &mut [Operation],
) {
    let mut lowered = Vec::new();
    {
        let structs: HashMap<String, &StructDef> = service_types
            .iter()
            .chain(operations.iter().flat_map(|op| op.types.iter()))
            .filter_map(|def| match &def.kind {
                TypeKind::Struct(s) => Some((def.name.clone(), s)),
                TypeKind::Enum(_) => None,
            })
            .collect();
        for spec in &source.operations {
            let Some(block) = &spec.spec.pagination else { continue };
            let file_name = spec.file.name.to_string();
            // A file whose operation was refused (defined twice) has no lowered operation.
            let Some(index) = operations.iter().position(|op| op.source == file_name) else { continue };
            lowered.push((
                index,
                lower_pagination(diagnostics, &spec.file, block, &operations[index], &structs),
            ));
        }
    }
    for (index, pagination) in lowered {
        operations[index].pagination = pagination;
    }
}
