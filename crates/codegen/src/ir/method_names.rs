//! The client's method names are unique: every operation's method, and the `<operation>_pages`
//! and `wait_<operation>` methods the generator adds, differ from each other and from the
//! methods every generated `Client` already has. Two equal names would be a generated crate
//! that does not compile, so they are spec errors, located at the operation that came second
//! (operations in file order).

use std::borrow::Cow;
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

/// What holds a client method name: the client itself, or an operation, by its own method or
/// by one a block of its spec adds (which the author can drop).
#[derive(Clone, Copy)]
enum Holder<'a> {
    Client,
    Method(&'a str),
    PageWalk(&'a str),
    Wait(&'a str),
}

impl Holder<'_> {
    fn added_by_a_block(self) -> bool {
        matches!(self, Holder::PageWalk(_) | Holder::Wait(_))
    }

    fn describe(self) -> String {
        match self {
            Holder::Client => "a method every client has".to_owned(),
            Holder::Method(op) => format!("the method of `{op}`"),
            Holder::PageWalk(op) => format!("the page walk of `{op}`"),
            Holder::Wait(op) => format!("the wait of `{op}`"),
        }
    }
}

/// Reports every client method name that two operations, or an operation and the client, share.
pub(super) fn check_method_names(
    diagnostics: &mut Diagnostics,
    source: &ServiceSource,
    operations: &[Operation],
) {
    let mut taken: HashMap<Cow<str>, Holder> =
        CLIENT_METHODS.iter().map(|name| (Cow::Borrowed(*name), Holder::Client)).collect();
    for op in operations {
        let mut methods = vec![(Cow::Borrowed(op.module.as_str()), Holder::Method(&op.name))];
        if op.pagination.is_some() {
            methods.push((Cow::Owned(format!("{}_pages", op.module)), Holder::PageWalk(&op.name)));
        }
        if let Some(wait) = &op.wait {
            methods.push((Cow::Borrowed(wait.method.as_str()), Holder::Wait(&op.name)));
        }
        if let Some(via) = &op.wait_via {
            methods.push((Cow::Borrowed(via.method.as_str()), Holder::Wait(&op.name)));
        }
        for (method, holder) in methods {
            let Some(&first) = taken.get(&method) else {
                taken.insert(method, holder);
                continue;
            };
            // A lowered operation comes from exactly one file (a second definition is refused).
            let Some(spec) = source.operations.iter().find(|s| *s.file.name == *op.source) else { continue };
            let hint = if holder.added_by_a_block() || first.added_by_a_block() {
                "drop the `pagination:`, `wait:` or `wait_via:` block that adds one of the two methods"
            } else {
                "an operation name is the vendor's and cannot change: two that clash need a change to the generator (please report it)"
            };
            diagnostics.push(
                Diagnostic::new(
                    &spec.file,
                    spec.spec.operation.pos,
                    format!(
                        "`{}` needs the client method `{method}`, which is already {}",
                        op.name,
                        first.describe()
                    ),
                )
                .label("client method taken")
                .hint(hint),
            );
        }
    }
}
