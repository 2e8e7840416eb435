//! The offset and token paging styles, which no vendor spec of the repository uses yet, rendered
//! from a small spec tree: the generated `_pages` method sets the right request fields from the
//! cursor, and the `Page` impl reads a total from a response header, a "more" flag, and a next
//! token through a nested object. Every file parses as Rust.

use std::path::Path;

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const SERVICE: &str = "provider: acme
service: widgets
title: Acme Widgets
docs: https://docs.example.com/widgets
protocol: oci_rest
api_version: \"20240101\"
endpoint:
  url: https://widgets.{region}.example.com
auth:
  - scheme: oci_rsa_sha256
";

const OFFSET: &str = "operation: ListWidgets
summary: List widgets.
docs: https://docs.example.com/widgets/list
http:
  method: GET
  path: /widgets
idempotent: true
pagination:
  style: offset
  offset: offset
  size: limit
  items: items
  total: X-Total
  has_more: more
input:
  fields:
    offset: { type: int64, location: query, minimum: 0 }
    limit: { type: int32, location: query, required: true, default: 20 }
output:
  fields:
    items: { type: \"list<Widget>\", required: true }
    more: { type: bool }
    X-Total: { type: int64, location: header }
types:
  Widget:
    fields:
      id: { type: string }
";

const TOKEN: &str = "operation: ListGadgets
summary: List gadgets.
docs: https://docs.example.com/widgets/gadgets
http:
  method: GET
  path: /gadgets
idempotent: true
pagination:
  style: token
  cursor: page
  items: data.gadgets
  next: data.next
input:
  fields:
    page: { type: string, location: query }
output:
  fields:
    data: { type: GadgetPage, required: true }
types:
  GadgetPage:
    fields:
      gadgets: { type: \"list<string>\" }
      next: { type: string, required: true }
";

fn rendered() -> Vec<cloudspec_codegen::GeneratedFile> {
    let temp = tempfile::tempdir().unwrap();
    let specs = temp.path().join("specs");
    write(&specs, "acme/widgets/service.yaml", SERVICE);
    write(&specs, "acme/widgets/list_widgets.yaml", OFFSET);
    write(&specs, "acme/widgets/list_gadgets.yaml", TOKEN);
    let (_, files) = cloudspec_codegen::render(&specs).unwrap_or_else(|e| panic!("{e}"));
    for file in files.iter().filter(|f| f.path.ends_with(".rs")) {
        syn::parse_file(&file.contents).unwrap_or_else(|e| panic!("{}: {e}", file.path));
    }
    files
}

fn contents<'a>(files: &'a [cloudspec_codegen::GeneratedFile], name: &str) -> &'a str {
    &files.iter().find(|f| f.path.ends_with(name)).unwrap_or_else(|| panic!("{name}")).contents
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn offset_paging_sets_offset_and_limit_and_reads_a_header_total_and_a_more_flag() {
    let files = rendered();
    let text = squeeze(contents(&files, "list_widgets.rs"));
    for expected in [
        "pub fn list_widgets_pages( &self, request: &ListWidgetsRequest, ) -> cloudspec_runtime::Pages<ListWidgetsResponse, cloudspec_runtime::Error<ListWidgetsErrorCode>>",
        // A required limit is always set: the caller's, or the documented default.
        "cloudspec_runtime::PageStyle::Offset { limit: cloudspec_runtime::page_size(Some(request.limit), 20) }",
        "if let cloudspec_runtime::Cursor::Offset { offset, limit } = cursor {",
        "request.offset = Some(cloudspec_runtime::cursor_value(\"offset\", offset)?);",
        "request.limit = cloudspec_runtime::cursor_value(\"limit\", limit)?;",
        "client.list_widgets(&request).await",
        "impl cloudspec_runtime::Page for ListWidgetsResponse { type Item = Widget;",
        // A required list is there on every page.
        "fn items(&self) -> &[Self::Item] { &self.items }",
        "fn into_items(self) -> Vec<Self::Item> { self.items }",
        "fn total(&self) -> Option<u64> { self.x_total.as_ref().and_then(|total| u64::try_from(*total).ok()) }",
        "fn has_more(&self) -> Option<bool> { self.more.as_ref().copied() }",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in\n{text}");
    }
    assert!(!text.contains("fn next_cursor"), "offsets have no next cursor");
}

#[test]
fn token_paging_sets_the_token_and_reads_the_next_one_through_an_object() {
    let files = rendered();
    let text = squeeze(contents(&files, "list_gadgets.rs"));
    for expected in [
        "let style = cloudspec_runtime::PageStyle::NextToken;",
        "if let Some(token) = cursor.token() { request.page = Some(token.to_owned()); }",
        "type Item = String;",
        "fn items(&self) -> &[Self::Item] { Some(&self.data).and_then(|v| v.gadgets.as_deref()).unwrap_or_default() }",
        "fn into_items(self) -> Vec<Self::Item> { Some(self.data).and_then(|v| v.gadgets).unwrap_or_default() }",
        "fn next_cursor(&self) -> Option<&str> { Some(self.data.next.as_str()) }",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in\n{text}");
    }
    assert!(!text.contains("fn total"), "no total declared");
}
