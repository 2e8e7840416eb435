//! The client's method names are unique: every operation's method, and the `<operation>_pages`
//! and `wait_<operation>` methods the generator adds, differ from each other and from the
//! methods every generated `Client` already has. Two equal names would be a generated crate
//! that does not compile, so they are spec errors, located at the operation that came second
//! (operations in file order).

use std::collections::HashMap;

use super::Operation;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::spec::ServiceSource;

/// The inherent methods of every generated `Client` (`templates/rust/service.rs.j2`).
const CLIENT_METHODS: &[&str] = &[
    "builder",
    "from_env",
    "transport",
    "with_retry",
    "with_rate_limit",
    "with_options",
    "presigned_client",
];

/// Reports every client method name that two operations, or an operation and the client, share.
pub(super) fn check_method_names(
    diagnostics: &mut Diagnostics,
    source: &ServiceSource,
    operations: &[Operation],
) {
    // Each method taken: what it is, and whether a block of the spec adds it (the author can
    // drop that block; an operation's own method, or the client's, cannot go).
    let mut taken: HashMap<String, (String, bool)> = CLIENT_METHODS
        .iter()
        .map(|name| (name.to_string(), ("a method every client has".to_owned(), false)))
        .collect();
    for op in operations {
        // A lowered operation comes from exactly one file (a second definition is refused).
        let Some(spec) = source.operations.iter().find(|s| *s.file.name == *op.source) else { continue };
        let mut methods = vec![(op.module.clone(), format!("the method of `{}`", op.name), false)];
        if op.pagination.is_some() {
            methods.push((format!("{}_pages", op.module), format!("the page walk of `{}`", op.name), true));
        }
        if let Some(wait) = &op.wait {
            methods.push((wait.method.clone(), format!("the wait of `{}`", op.name), true));
        }
        if let Some(via) = &op.wait_via {
            methods.push((via.method.clone(), format!("the wait of `{}`", op.name), true));
        }
        for (method, what, added) in methods {
            let Some((first, first_added)) = taken.get(&method) else {
                taken.insert(method, (what, added));
                continue;
            };
            let hint = if added || *first_added {
                "drop the `pagination:`, `wait:` or `wait_via:` block that adds one of the two methods"
            } else {
                "an operation name is the vendor's and cannot change: two that clash need a change to the generator (please report it)"
            };
            diagnostics.push(
                Diagnostic::new(
                    &spec.file,
                    spec.spec.operation.pos,
                    format!("`{}` needs the client method `{method}`, which is already {first}", op.name),
                )
                .label("client method taken")
                .hint(hint),
            );
        }
    }
}
