//! What a spec writes to describe a list operation's paging (`pagination:`) and how a list or
//! map field travels in a query string or form (`style:`). Kept apart from `model.rs` because
//! both are one concern: walking and filtering lists.

use schemars::JsonSchema;
use serde::Deserialize;

use super::located::Located;

/// `pagination:` of a list operation: which request fields carry the cursor and the page size,
/// and where in the response the items, the next cursor, the total and a "more" flag are.
///
/// Request fields are named by their wire names; response places by a dotted path of wire
/// names through object types (`PagingInfo.Resources`), or a header field of the output.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PaginationSpec {
    /// How the next page is asked for.
    pub style: Located<PagingStyle>,
    /// `page_number`: the request field carrying the page number.
    #[serde(default)]
    pub page: Option<Located<String>>,
    /// `page_number`: the number of the first page (default 1).
    #[serde(default)]
    pub first_page: Option<Located<u64>>,
    /// `offset`: the request field carrying the offset of the first item (from 0).
    #[serde(default)]
    pub offset: Option<Located<String>>,
    /// `token` / `marker`: the request field carrying the token or marker of the page to fetch.
    #[serde(default)]
    pub cursor: Option<Located<String>>,
    /// The request field carrying the page size (the limit of `offset`). Required for
    /// `page_number` and `offset`, where the walk sets it; its `default:` is the size sent when
    /// the caller sets none.
    #[serde(default)]
    pub size: Option<Located<String>>,
    /// The response's list of items (a `list<T>` field).
    pub items: Located<String>,
    /// `token` / `marker`: the response's next token or marker (a `string` field); absent or
    /// empty on the last page.
    #[serde(default)]
    pub next: Option<Located<String>>,
    /// The number of items over all pages (an integer field or an integer response header).
    #[serde(default)]
    pub total: Option<Located<String>>,
    /// The response's "more pages follow" flag (a `bool` field).
    #[serde(default)]
    pub has_more: Option<Located<String>>,
}

/// The paging styles the runtime walks (`cloudspec_runtime::PageStyle`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PagingStyle {
    /// Page number and page size (Alibaba RPC `PageNumber`/`PageSize`).
    PageNumber,
    /// Offset and limit.
    Offset,
    /// An opaque next token returned by each page.
    Token,
    /// A marker (the last key returned) that the next request starts after (PDS `marker`).
    Marker,
}

impl PagingStyle {
    /// The name a spec writes (`style: page_number`).
    pub const fn spec_name(self) -> &'static str {
        match self {
            PagingStyle::PageNumber => "page_number",
            PagingStyle::Offset => "offset",
            PagingStyle::Token => "token",
            PagingStyle::Marker => "marker",
        }
    }
}

/// How a list or map field becomes `name=value` pairs in a query string or form body, when it
/// differs from the protocol's default (see specs/README.md for the table of defaults).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ParamStyleSpec {
    /// `Name.1=a&Name.2=b` (numbered from 0 under `tencent_json`, else from 1); objects dotted.
    Indexed,
    /// `Name=a&Name=b`.
    Repeated,
    /// `Name=a,b` (Alibaba `simple`, OCI `csv`).
    Comma,
    /// `Name=a b` (Alibaba `spaceDelimited`).
    Space,
    /// `Name=a|b` (Alibaba `pipeDelimited`).
    Pipe,
    /// The whole list or object as one JSON string (Alibaba `json`, the `…Shrink` fields).
    Json,
    /// A map as `Name.1.Key=k&Name.1.Value=v` (how Alibaba and Tencent take tags).
    KeyValue,
}

impl ParamStyleSpec {
    /// The name a spec writes (`style: json`).
    pub const fn spec_name(self) -> &'static str {
        match self {
            ParamStyleSpec::Indexed => "indexed",
            ParamStyleSpec::Repeated => "repeated",
            ParamStyleSpec::Comma => "comma",
            ParamStyleSpec::Space => "space",
            ParamStyleSpec::Pipe => "pipe",
            ParamStyleSpec::Json => "json",
            ParamStyleSpec::KeyValue => "key_value",
        }
    }
}
