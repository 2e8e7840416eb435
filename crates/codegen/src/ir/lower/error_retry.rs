//! `retry:` on an error entry. The client classifies a failure for retrying by the vendor's
//! error code (then by the status); a spec can override the class of one of its codes. An entry
//! without a code has nothing to match: its status keeps the runtime's status rules (429
//! refused, 5xx maybe applied), which encode the safety rule and are not the spec's to change.

use super::{Cx, Located, spec};
use crate::diagnostic::SourceFile;

/// Reports a `retry:` on a status-only entry, where it would have no effect.
pub(super) fn check(cx: &mut Cx, file: &SourceFile, error: &Located<spec::ErrorSpec>) {
    let Some(retry) = &error.retry else { return };
    if error.code.is_some() {
        return;
    }
    let status = error.status.map_or_else(String::new, |status| format!(" (HTTP {status})"));
    cx.error_labelled(
        file,
        retry.pos,
        format!("`retry:` on an error entry without a `code`{status}"),
        "no code to match",
        "the client overrides retries by error code; a status keeps the runtime's rules \
         (429 retried, 5xx only when idempotent or token-protected): add the vendor's `code` or remove `retry:`",
    );
}
