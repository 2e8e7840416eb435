//! `wait_via:` on an operation that may start an asynchronous task (PDS `MoveFile`): the
//! operation it names is of the same service and has a `wait:` block, the output field it names
//! exists and has the type of that block's task field, and the polled operation needs nothing
//! else, so the generated method can write its request from the task alone.

use super::lower::suggest;
use super::{Field, Operation, Ty, WaitVia};
use crate::diagnostic::{Diagnostic, Diagnostics, SourceFile};
use crate::spec::located::Located;
use crate::spec::{ServiceSource, WaitViaSpec};

/// Resolves the `wait_via:` of every operation of the service, once all are lowered.
pub(super) fn lower_service_wait_via(
    diagnostics: &mut Diagnostics,
    source: &ServiceSource,
    operations: &mut [Operation],
) {
    let mut lowered = Vec::new();
    for spec in &source.operations {
        let Some(block) = &spec.spec.wait_via else { continue };
        let file_name = spec.file.name.to_string();
        // A file whose operation was refused (defined twice) has no lowered operation.
        let Some(index) = operations.iter().position(|op| op.source == file_name) else { continue };
        lowered.push((index, lower_wait_via(diagnostics, &spec.file, block, index, operations)));
    }
    for (index, wait_via) in lowered {
        operations[index].wait_via = wait_via;
    }
}

fn lower_wait_via(
    diagnostics: &mut Diagnostics,
    file: &SourceFile,
    block: &Located<WaitViaSpec>,
    index: usize,
    operations: &[Operation],
) -> Option<WaitVia> {
    let mut error = |pos, message: String, label: &str, hint: String| {
        diagnostics.push(Diagnostic::new(file, pos, message).label(label).hint(hint));
    };
    let op = &operations[index];
    if op.wait.is_some() {
        error(
            block.pos,
            format!("`{}` has both `wait:` and `wait_via:`", op.name),
            "second way to wait",
            "`wait:` is for an operation that reports a task's state, `wait_via:` for one that starts a task another operation reports on: keep the one that fits".into(),
        );
        return None;
    }
    let task = op.output.fields.iter().find(|f| f.wire == block.task.value);
    if task.is_none() {
        let outputs: Vec<String> = op.output.fields.iter().map(|f| f.wire.clone()).collect();
        let hint = suggest(
            &block.task.value,
            &outputs,
            "name the output field that identifies the task the operation started",
        );
        error(
            block.task.pos,
            format!("`{}` is not an output field", block.task.value),
            "no such output",
            hint,
        );
    }
    let Some(poll) = operations.iter().find(|other| other.name == block.operation.value) else {
        let names: Vec<String> = operations.iter().map(|o| o.name.clone()).collect();
        let hint = suggest(
            &block.operation.value,
            &names,
            "name an operation of this service that has a `wait:` block",
        );
        error(
            block.operation.pos,
            format!("operation `{}` is not in this service", block.operation.value),
            "unknown operation",
            hint,
        );
        return None;
    };
    let Some(wait) = &poll.wait else {
        error(
            block.operation.pos,
            format!("operation `{}` has no `wait:` block", poll.name),
            "nothing to wait with",
            format!("give `{}` a `wait:` block saying which states mean done and failed", poll.name),
        );
        return None;
    };
    let task = task?;
    if !matches!(task.ty, Ty::String | Ty::NumberOrString | Ty::I32 | Ty::I64) {
        error(
            block.task.pos,
            format!("`{}` cannot name a task: it is not text or an integer", task.wire),
            "not an ID",
            "name the output field that holds the task's ID".into(),
        );
        return None;
    }
    // `wait.task` was checked with the polled operation: a required input field.
    let poll_task = poll.input.fields.iter().find(|f| f.wire == wait.task)?;
    if task.ty != poll_task.ty {
        error(
            block.task.pos,
            format!(
                "`{}` and `{}`'s task field `{}` are of different types",
                task.wire, poll.name, poll_task.wire
            ),
            "type differs",
            "name the output field that holds the same value the polled operation's task field takes".into(),
        );
        return None;
    }
    let others: Vec<&Field> = poll.input.fields.iter().filter(|f| f.wire != poll_task.wire).collect();
    if let Some(needed) = others.iter().find(|f| f.required) {
        error(
            block.operation.pos,
            format!("`{}` also needs the required input `{}`", poll.name, needed.wire),
            "more than the task",
            "`wait_via:` fills only the task field; callers call the polled operation's own `wait_…` method instead".into(),
        );
        return None;
    }
    Some(WaitVia {
        method: format!("wait_{}", op.module),
        task_wire: task.wire.clone(),
        task_field: task.rust.clone(),
        task_optional: task.is_option(),
        task_text: task.ty == Ty::String,
        task_copy: matches!(task.ty, Ty::I32 | Ty::I64),
        poll_name: poll.name.clone(),
        poll_method: poll.module.clone(),
        poll_wait: wait.method.clone(),
        poll_input: poll.input.name.clone(),
        poll_output: poll.output.name.clone(),
        poll_error: poll.error_enum.clone(),
        poll_task_field: poll_task.rust.clone(),
        poll_task_optional: poll_task.is_option(),
        poll_other_fields: others.iter().map(|f| f.rust.clone()).collect(),
        poll_deprecated: poll.input.fields.iter().any(|f| f.deprecated),
    })
}
