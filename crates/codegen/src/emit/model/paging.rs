//! A paginated operation's `<operation>_pages` method and the `Page` impl of its response
//! (`templates/rust/operation.rs.j2`), and the query/form style of each list or map input.

use serde::Serialize;

use super::types::rust_type;
use crate::emit::inert::{Code, DocLine, Ident, Lit, code, doc_lines, ident, lit, rust, rustdoc};
use crate::ir::paging::{Pagination, RequestField, ResponsePath};
use crate::ir::{Field, Operation, Ty};
use crate::spec::{Location, PagingStyle, ParamStyleSpec, Protocol};

/// `client.<operation>_pages(&request)` and `impl Page for <Operation>Response`.
#[derive(Serialize)]
pub struct Paging {
    pub doc: Vec<DocLine>,
    pub method: Ident,
    /// The one-page method the walk calls.
    pub call: Ident,
    /// The runtime `PageStyle` of the walk, built from the caller's request.
    pub style: Code,
    /// The condition that binds the cursor's values (`if let ... = cursor`).
    pub cursor_pattern: Code,
    /// The request fields set from the cursor, one statement each.
    pub assignments: Vec<Code>,
    pub item: Code,
    /// `&[Item]` of a page, and its items moved out.
    pub items_ref: Code,
    pub items_owned: Code,
    pub next: Option<Code>,
    pub total: Option<Code>,
    pub has_more: Option<Code>,
}

pub fn paging(op: &Operation) -> Option<Paging> {
    let pagination = op.pagination.as_ref()?;
    let method = ident(&format!("{}_pages", op.module));
    let docs = vec![
        rustdoc!("Every page of [`Client::{}`], fetched as the stream is polled.", ident(&op.module)),
        crate::emit::inert::Doc::fixed(""),
        rustdoc!(
            "Pages {}; the walk ends on an empty or last page, when the total is reached, or on a \
             server that repeats itself (see [`cloudspec_runtime::Pages`]). `.items()` streams the \
             items instead, and `.items().collect_all().await?` gathers them all.",
            code(style_words(pagination.style))
        ),
    ];
    let (style, cursor_pattern, assignments) = walk(pagination);
    Some(Paging {
        doc: doc_lines(&docs),
        method,
        call: ident(&op.module),
        style,
        cursor_pattern,
        assignments,
        item: rust_type(&pagination.item),
        items_ref: match always_there(&pagination.items) {
            Some(place) => rust!("&{}", place),
            None => rust!("{}.unwrap_or_default()", borrowed(&pagination.items, true)),
        },
        items_owned: match always_there(&pagination.items) {
            Some(place) => place,
            None => rust!("{}.unwrap_or_default()", owned(&pagination.items)),
        },
        next: pagination.next.as_ref().map(|path| match always_there(path) {
            Some(place) => rust!("Some({}.as_str())", place),
            None => borrowed(path, true),
        }),
        total: pagination.total.as_ref().map(|path| match always_there(path) {
            Some(place) => rust!("u64::try_from({}).ok()", place),
            None => rust!("{}.and_then(|total| u64::try_from(*total).ok())", borrowed(path, false)),
        }),
        has_more: pagination.has_more.as_ref().map(|path| match always_there(path) {
            Some(place) => rust!("Some({})", place),
            None => rust!("{}.copied()", borrowed(path, false)),
        }),
    })
}

fn style_words(style: PagingStyle) -> &'static str {
    match style {
        PagingStyle::PageNumber => "by page number and size",
        PagingStyle::Offset => "by offset and limit",
        PagingStyle::Token => "by next token",
        PagingStyle::Marker => "by marker",
    }
}

/// The `PageStyle` expression, the cursor pattern and the request fields it sets.
fn walk(p: &Pagination) -> (Code, Code, Vec<Code>) {
    let size = |field: &RequestField| {
        let value = if field.optional {
            rust!("request.{}", ident(&field.rust))
        } else {
            rust!("Some(request.{})", ident(&field.rust))
        };
        rust!("cloudspec_runtime::page_size({}, {})", value, p.default_size.unwrap_or(1))
    };
    let set_number = |field: &RequestField, from: &str| {
        let value = rust!("cloudspec_runtime::cursor_value({}, {})?", lit(&field.wire), ident(from));
        assign(field, value)
    };
    match (p.style, &p.page, &p.offset, &p.cursor, &p.size) {
        (PagingStyle::PageNumber, Some(page), _, _, Some(size_field)) => (
            rust!(
                "cloudspec_runtime::PageStyle::PageNumber {{ first: {}, size: {} }}",
                p.first_page,
                size(size_field)
            ),
            Code::fixed("let cloudspec_runtime::Cursor::Page { number, size } = cursor"),
            vec![set_number(page, "number"), set_number(size_field, "size")],
        ),
        (PagingStyle::Offset, _, Some(offset), _, Some(size_field)) => (
            rust!("cloudspec_runtime::PageStyle::Offset {{ limit: {} }}", size(size_field)),
            Code::fixed("let cloudspec_runtime::Cursor::Offset { offset, limit } = cursor"),
            vec![set_number(offset, "offset"), set_number(size_field, "limit")],
        ),
        (style, _, _, Some(cursor), _) => {
            let page_style = if style == PagingStyle::Marker {
                Code::fixed("cloudspec_runtime::PageStyle::Marker")
            } else {
                Code::fixed("cloudspec_runtime::PageStyle::NextToken")
            };
            (
                page_style,
                Code::fixed("let Some(token) = cursor.token()"),
                vec![assign(cursor, Code::fixed("token.to_owned()"))],
            )
        }
        // Lowering refuses a block without the fields of its style.
        _ => (Code::fixed("cloudspec_runtime::PageStyle::NextToken"), Code::fixed("false"), Vec::new()),
    }
}

fn assign(field: &RequestField, value: Code) -> Code {
    if field.optional {
        rust!("request.{} = Some({});", ident(&field.rust), value)
    } else {
        rust!("request.{} = {};", ident(&field.rust), value)
    }
}

/// `self.a.b` when no step of `path` is optional: the place is in every response.
fn always_there(path: &ResponsePath) -> Option<Code> {
    if path.steps.is_empty() || path.steps.iter().any(|step| step.optional) {
        return None;
    }
    Some(path.steps.iter().fold(Code::fixed("self"), |place, step| rust!("{}.{}", place, ident(&step.rust))))
}

/// An `Option<&T>` of the place `path` leads to, from `self`; with `deref`, the last step is
/// dereferenced (`Option<&str>` of a `String`, `Option<&[T]>` of a `Vec<T>`).
fn borrowed(path: &ResponsePath, deref: bool) -> Code {
    let last = path.steps.len().saturating_sub(1);
    let mut expr: Option<Code> = None;
    for (i, step) in path.steps.iter().enumerate() {
        let field = ident(&step.rust);
        let (as_option, as_value) = if deref && i == last {
            (
                Code::fixed("as_deref()"),
                if matches!(path.leaf, Ty::List(_)) { "as_slice()" } else { "as_str()" },
            )
        } else {
            (Code::fixed("as_ref()"), "")
        };
        expr = Some(match (expr, step.optional) {
            (None, true) => rust!("self.{}.{}", field, as_option),
            (None, false) if as_value.is_empty() => rust!("Some(&self.{})", field),
            (None, false) => rust!("Some(self.{}.{})", field, Code::fixed(as_value)),
            (Some(outer), true) => rust!("{}.and_then(|v| v.{}.{})", outer, field, as_option),
            (Some(outer), false) if as_value.is_empty() => rust!("{}.map(|v| &v.{})", outer, field),
            (Some(outer), false) => rust!("{}.map(|v| v.{}.{})", outer, field, Code::fixed(as_value)),
        });
    }
    expr.unwrap_or(Code::fixed("None"))
}

/// An `Option<T>` of the place `path` leads to, moved out of `self`.
fn owned(path: &ResponsePath) -> Code {
    let mut steps = path.steps.iter();
    let Some(first) = steps.next() else { return Code::fixed("None") };
    let mut expr = if first.optional {
        rust!("self.{}", ident(&first.rust))
    } else {
        rust!("Some(self.{})", ident(&first.rust))
    };
    for step in steps {
        expr = if step.optional {
            rust!("{}.and_then(|v| v.{})", expr, ident(&step.rust))
        } else {
            rust!("{}.map(|v| v.{})", expr, ident(&step.rust))
        };
    }
    expr
}

/// `call.param_style(...)` for a list or map input sent as query or form pairs.
#[derive(Serialize)]
pub struct StyledParam {
    pub wire: Lit,
    pub style: Code,
}

/// The style of every list or map input that travels as query or form pairs: the spec's
/// `style:`, or the protocol's default (written out, so the generated code says which).
pub fn styled_params(protocol: Protocol, op: &Operation) -> Vec<StyledParam> {
    op.input
        .fields
        .iter()
        .filter(|field| travels_as_pairs(protocol, field) && is_list_or_map(&field.ty))
        .map(|field| StyledParam { wire: lit(&field.wire), style: style_code(protocol, field.style) })
        .collect()
}

fn travels_as_pairs(protocol: Protocol, field: &Field) -> bool {
    field.location == Location::Query || (protocol == Protocol::AcsRpc && field.location == Location::Body)
}

fn is_list_or_map(ty: &Ty) -> bool {
    matches!(ty, Ty::List(_) | Ty::Map(_) | Ty::Json | Ty::Named { is_enum: false, .. })
}

/// The runtime `ParamStyle` of a field, as `query_style.rs` documents each protocol's default.
fn style_code(protocol: Protocol, style: Option<ParamStyleSpec>) -> Code {
    let first = if protocol == Protocol::TencentJson { 0u32 } else { 1 };
    match style {
        None => match protocol {
            Protocol::AcsRpc | Protocol::PdsRoa => {
                Code::fixed("cloudspec_runtime::ParamStyle::INDEXED_FROM_1")
            }
            Protocol::TencentJson => Code::fixed("cloudspec_runtime::ParamStyle::INDEXED_FROM_0"),
            Protocol::HuaweiRest | Protocol::OciRest => {
                Code::fixed("cloudspec_runtime::ParamStyle::REPEATED")
            }
        },
        Some(ParamStyleSpec::Indexed) if first == 0 => {
            Code::fixed("cloudspec_runtime::ParamStyle::INDEXED_FROM_0")
        }
        Some(ParamStyleSpec::Indexed) => Code::fixed("cloudspec_runtime::ParamStyle::INDEXED_FROM_1"),
        Some(ParamStyleSpec::Repeated) => Code::fixed("cloudspec_runtime::ParamStyle::REPEATED"),
        Some(ParamStyleSpec::Comma) => Code::fixed("cloudspec_runtime::ParamStyle::COMMA"),
        Some(ParamStyleSpec::Json) => Code::fixed("cloudspec_runtime::ParamStyle::JSON"),
        Some(ParamStyleSpec::Space) => Code::fixed(
            "cloudspec_runtime::ParamStyle { list: cloudspec_runtime::ListStyle::Delimited(' '), \
             map: cloudspec_runtime::MapStyle::Dotted }",
        ),
        Some(ParamStyleSpec::Pipe) => Code::fixed(
            "cloudspec_runtime::ParamStyle { list: cloudspec_runtime::ListStyle::Delimited('|'), \
             map: cloudspec_runtime::MapStyle::Dotted }",
        ),
        Some(ParamStyleSpec::KeyValue) => rust!(
            "cloudspec_runtime::ParamStyle {{ list: cloudspec_runtime::ListStyle::Indexed {{ first: {} }}, \
             map: cloudspec_runtime::MapStyle::KeyValue {{ first: {} }} }}",
            u64::from(first),
            u64::from(first)
        ),
    }
}
