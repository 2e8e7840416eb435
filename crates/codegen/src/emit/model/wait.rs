//! The `wait_<operation>` method of an operation with `wait:` (`templates/rust/operation.rs.j2`):
//! it calls the operation through the runtime's `wait_until` and sorts each state it reads
//! into done, failed or still running. An operation with `wait_via:` gets a `wait_<operation>`
//! that takes its output and waits through the polled operation's method.

use serde::Serialize;

use crate::emit::inert::{Code, Doc, DocLine, Ident, code, doc_lines, ident, lit, rust, rustdoc};
use crate::ir::{Operation, Wait, WaitVia};

#[derive(Serialize)]
pub struct WaitMethod {
    pub doc: Vec<DocLine>,
    pub name: Ident,
    /// The operation's own method, which each poll calls.
    pub operation: Ident,
    pub input: Ident,
    pub output: Ident,
    pub error: Ident,
    /// The state field, and whether it is an `Option`.
    pub state: Ident,
    pub state_optional: bool,
    /// Match patterns of the states' text (`Display`): `"A" | "B"`; the failed one bound to
    /// `failed @ …`, so parenthesized when it has several.
    pub done: Code,
    pub failed: Code,
    /// The failure's explanation and code, as `Option<String>` expressions over `output`.
    pub message: Code,
    pub error_code: Code,
}

pub fn wait_method(op: &Operation, wait: &Wait) -> WaitMethod {
    let texts = |values: &[String]| values.iter().map(|v| code(v)).collect::<Vec<_>>();
    let listed = |values: &[String]| {
        if values.is_empty() { Doc::fixed("none") } else { Doc::joined(&texts(values), ", ") }
    };
    let docs = vec![
        rustdoc!(
            "Calls [`Client::{}`] until the task it names ({}) has finished, or `policy.timeout` has passed.",
            ident(&op.module),
            code(&wait.task)
        ),
        Doc::fixed(""),
        rustdoc!(
            "The first call is immediate, the next ones back off as `policy` says. {} done: {}; failed: {}; still running: {} (as is any state this spec does not list).",
            code(&wait.state_wire),
            listed(&wait.done),
            listed(&wait.failed),
            listed(&wait.pending)
        ),
        Doc::fixed(""),
        Doc::fixed(
            "Returns the last output when the task is done; `WaitError::Failed` with the task's state, code and message when it failed; `WaitError::DeadlineExceeded` with the last output when the deadline passed; `WaitError::Poll` when a call failed (after the client's own retries).",
        ),
    ];
    WaitMethod {
        doc: doc_lines(&docs),
        name: ident(&wait.method),
        operation: ident(&op.module),
        input: ident(&op.input.name),
        output: ident(&op.output.name),
        error: ident(&op.error_enum),
        state: ident(&wait.state_field),
        state_optional: wait.state_optional,
        done: alternatives(&wait.done, false),
        failed: alternatives(&wait.failed, true),
        message: text_of(wait.message.as_ref()),
        error_code: text_of(wait.error_code.as_ref()),
    }
}

/// `"A" | "B"` of the states' text, in parentheses when `bound` to a name and more than one.
fn alternatives(values: &[String], bound: bool) -> Code {
    let mut pattern = Code::fixed("");
    for (i, value) in values.iter().enumerate() {
        pattern = if i == 0 { rust!("{}", lit(value)) } else { rust!("{} | {}", pattern, lit(value)) };
    }
    if bound && values.len() > 1 { rust!("({})", pattern) } else { pattern }
}

/// `Option<String>` of an output field's text: the field's Rust name and whether it is an
/// `Option`; `None` when the spec names no such field.
fn text_of(field: Option<&(String, bool)>) -> Code {
    match field {
        None => Code::fixed("None"),
        Some((name, true)) => rust!("output.{}.as_ref().map(|value| value.to_string())", ident(name)),
        Some((name, false)) => rust!("Some(output.{}.to_string())", ident(name)),
    }
}

/// `wait_<operation>` of an operation with `wait_via:`: the task its output names, waited for
/// through the polled operation's `wait_…` method.
#[derive(Serialize)]
pub struct WaitViaMethod {
    pub doc: Vec<DocLine>,
    pub name: Ident,
    pub output: Ident,
    /// The output field that names the task: an `Option` (absent: nothing started) or not, and
    /// text (empty: nothing started) or not.
    pub task: Ident,
    pub task_optional: bool,
    pub task_text: bool,
    /// Whether the result is an `Option` (`None`: no task was started).
    pub maybe: bool,
    /// The polled operation's request, written from `task`.
    pub request: Code,
    pub poll_wait: Ident,
    pub poll_output: Ident,
    pub poll_error: Ident,
    pub allow_deprecated: bool,
}

pub fn wait_via_method(op: &Operation, via: &WaitVia) -> WaitViaMethod {
    let mut docs = vec![
        rustdoc!(
            "Waits for the task a [`Client::{}`] call started ({} in its output), through [`Client::{}`].",
            ident(&op.module),
            code(&via.task_wire),
            ident(&via.poll_wait)
        ),
        Doc::fixed(""),
        rustdoc!(
            "Each poll calls [`Client::{}`] ({}) with the task; `policy` and the errors are those of [`Client::{}`].",
            ident(&via.poll_method),
            code(&via.poll_name),
            ident(&via.poll_wait)
        ),
    ];
    let maybe = via.task_optional || via.task_text;
    if maybe {
        docs.push(Doc::fixed(""));
        docs.push(rustdoc!(
            "`Ok(None)` when the output names no task ({} {}): nothing was started, so there is nothing to wait for.",
            code(&via.task_wire),
            match (via.task_optional, via.task_text) {
                (true, true) => Doc::fixed("absent or empty"),
                (true, false) => Doc::fixed("absent"),
                _ => Doc::fixed("empty"),
            }
        ));
    }
    let task = match (via.task_copy, via.poll_task_optional) {
        (true, true) => Code::fixed("Some(*task)"),
        (true, false) => Code::fixed("*task"),
        (false, true) => Code::fixed("Some(task.clone())"),
        (false, false) => Code::fixed("task.clone()"),
    };
    let mut fields = vec![rust!("{}: {}", ident(&via.poll_task_field), task)];
    fields.extend(via.poll_other_fields.iter().map(|field| rust!("{}: None", ident(field))));
    WaitViaMethod {
        doc: doc_lines(&docs),
        name: ident(&via.method),
        output: ident(&op.output.name),
        task: ident(&via.task_field),
        task_optional: via.task_optional,
        task_text: via.task_text,
        maybe,
        request: rust!("{} {{ {} }}", ident(&via.poll_input), Code::joined(&fields, ", ")),
        poll_wait: ident(&via.poll_wait),
        poll_output: ident(&via.poll_output),
        poll_error: ident(&via.poll_error),
        allow_deprecated: via.poll_deprecated,
    }
}
