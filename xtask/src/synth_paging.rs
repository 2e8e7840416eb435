//! The `pagination:` block of a synthetic list operation, so that synthetic trees exercise the
//! paging checks and the generated `_pages` methods: chosen from the fields the protocol's list
//! shape already has (page number and size, offset and limit, or marker), with the response's
//! top-level list as the items and its total when there is one.

use std::fmt::Write as _;

use super::{Field, Operation, Ty};

/// The block for `op`, or `None` when it is no list of a shape the block can describe.
pub(super) fn pagination_yaml(op: &Operation) -> Option<String> {
    let input =
        |wire: &str| op.input.iter().find(|f| f.wire == wire && f.location != Some(super::Loc::Header));
    let output = |wire: &str| op.output.iter().find(|f| f.wire == wire);
    let items = op.output.iter().find(|f| matches!(f.ty, Ty::List(_)) && f.location.is_none())?;
    let total = ["TotalCount", "total_count"].into_iter().find_map(output).filter(|f| is_integer(f));
    let mut block = String::from("pagination:\n");
    if let (Some(page), Some(size)) = (input("PageNumber"), input("PageSize")) {
        let _ = writeln!(block, "  style: page_number\n  page: {}\n  size: {}", page.wire, size.wire);
    } else if let (Some(offset), Some(limit)) =
        (input("Offset").or_else(|| input("offset")), input("Limit").or_else(|| input("limit")))
    {
        let _ = writeln!(block, "  style: offset\n  offset: {}\n  size: {}", offset.wire, limit.wire);
    } else if let (Some(marker), Some(next)) = (input("marker"), output("next_marker")) {
        let _ = writeln!(block, "  style: marker\n  cursor: {}\n  next: {}", marker.wire, next.wire);
    } else {
        return None;
    }
    let _ = writeln!(block, "  items: {}", items.wire);
    if let Some(total) = total {
        let _ = writeln!(block, "  total: {}", total.wire);
    }
    Some(block)
}

fn is_integer(field: &Field) -> bool {
    matches!(field.ty, Ty::I32 | Ty::I64)
}
