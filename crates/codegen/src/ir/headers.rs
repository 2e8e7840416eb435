//! Typed response headers: a header is text, and the runtime reads a timestamp from it only as
//! an HTTP date, RFC 3339 or an epoch count (`Response::header_time`,
//! `Response::header_epoch_millis`), never as a zoneless `datetime`.

use super::Ty;
use super::lower::Cx;
use crate::diagnostic::SourceFile;
use crate::spec::located::Located;
use crate::spec::{FieldSpec, Location, TimestampFormat};

/// Reports an output header whose timestamp format a header cannot be read in.
pub(super) fn check_output_header(
    cx: &mut Cx,
    file: &SourceFile,
    field: &Located<FieldSpec>,
    ty: &Ty,
    location: Location,
) {
    if location != Location::Header || *ty != Ty::Timestamp(TimestampFormat::Datetime) {
        return;
    }
    let pos = field.format.as_ref().map_or(field.pos, |f| f.pos);
    cx.error_labelled(
        file,
        pos,
        "a response header cannot be a `datetime` timestamp",
        "not readable from a header",
        "a timestamp header is an HTTP date or RFC 3339 (`format: rfc3339`), or an epoch count (`epoch_seconds`, `epoch_millis`); use `string` for other text",
    );
}
