//! `wait:` on an operation that reports an asynchronous task's state: every field it names
//! exists with a usable type, every state it lists is a value of the state's type, no state is
//! in two groups, and every value of an enum state is in one of them.

use std::collections::HashMap;

use super::enums::article;
use super::lower::Cx;
use super::{EnumKind, Field, StructDef, Ty, Wait};
use crate::diagnostic::SourceFile;
use crate::spec::located::Located;
use crate::spec::{WaitSpec, WireValue};

/// The resolved wait of an operation whose module is `module`, or `None` after reporting what
/// is wrong with it.
pub(super) fn lower_wait(
    cx: &mut Cx,
    file: &SourceFile,
    wait: &Located<WaitSpec>,
    module: &str,
    input: &StructDef,
    output: &StructDef,
) -> Option<Wait> {
    let task = field_named(cx, file, &wait.task, input, "input");
    if let Some(task) = task
        && !task.required
    {
        cx.error_labelled(
            file,
            wait.task.pos,
            format!("the task field `{}` is optional", task.wire),
            "optional",
            "`task` names the required input field that identifies the task",
        );
    }
    let state = field_named(cx, file, &wait.state, output, "output");
    let kind = state.and_then(|state| state_kind(cx, file, wait, state));
    let message = wait.message.as_ref().and_then(|m| field_named(cx, file, m, output, "output"));
    let error_code = wait.error_code.as_ref().and_then(|c| field_named(cx, file, c, output, "output"));
    for (named, field) in [(&wait.message, message), (&wait.error_code, error_code)] {
        if let (Some(named), Some(field)) = (named, field)
            && !printable(&field.ty)
        {
            cx.error_labelled(
                file,
                named.pos,
                format!("`{}` cannot explain a failure: it is not text or a number", field.wire),
                "not printable",
                "name an output field of type string, an integer, number_or_string or an enum",
            );
        }
    }
    let groups = [("done", &wait.done), ("failed", &wait.failed), ("pending", &wait.pending)];
    let mut grouped: HashMap<String, &str> = HashMap::new();
    let mut texts: [Vec<String>; 3] = Default::default();
    for (i, (group, values)) in groups.iter().enumerate() {
        if values.is_empty() && *group != "pending" {
            cx.error_labelled(
                file,
                values.pos,
                format!("`wait.{group}` lists no state"),
                "empty",
                format!(
                    "list the states the page gives for a task that has {}",
                    if *group == "done" { "succeeded" } else { "failed" }
                ),
            );
        }
        for value in values.iter() {
            let text = value.value.text();
            if let Some((kind, state)) = kind.as_ref().zip(state) {
                check_state_value(cx, file, value, kind, state);
            }
            if let Some(other) = grouped.insert(text.clone(), group) {
                cx.error_labelled(
                    file,
                    value.pos,
                    format!("state `{text}` is in both `wait.{other}` and `wait.{group}`"),
                    "listed twice",
                    "each state means one thing: keep it in one group",
                );
            }
            texts[i].push(text);
        }
    }
    if let Some((StateKind::Enum { key, values, .. }, state)) = kind.as_ref().zip(state) {
        for value in values.iter().filter(|v| !grouped.contains_key(*v)) {
            cx.error_labelled(
                file,
                wait.pos,
                format!(
                    "state `{value}` of `{key}` (field `{}`) is in none of done, failed, pending",
                    state.wire
                ),
                "a state left out",
                format!("add `{value}` to the group the page gives it"),
            );
        }
    }
    let [done, failed, pending] = texts;
    let (task, state) = (task?, state?);
    kind?;
    Some(Wait {
        method: format!("wait_{module}"),
        task: task.wire.clone(),
        state_wire: state.wire.clone(),
        state_field: state.rust.clone(),
        state_optional: state.is_option(),
        done,
        failed,
        pending,
        message: message.map(|f| (f.rust.clone(), f.is_option())),
        error_code: error_code.map(|f| (f.rust.clone(), f.is_option())),
    })
}

/// What the state field holds, and so which values the groups may list.
enum StateKind {
    Text,
    Integer,
    Enum { key: String, kind: EnumKind, values: Vec<String> },
}

fn state_kind(cx: &mut Cx, file: &SourceFile, wait: &Located<WaitSpec>, state: &Field) -> Option<StateKind> {
    let kind = match &state.ty {
        Ty::String | Ty::NumberOrString => StateKind::Text,
        Ty::I32 | Ty::I64 => StateKind::Integer,
        Ty::Named { key, enum_kind: Some(kind), .. } if *kind != EnumKind::Boolean => {
            StateKind::Enum { key: key.clone(), kind: *kind, values: cx.enum_values(key).unwrap_or_default() }
        }
        _ => {
            cx.error_labelled(
                file,
                wait.state.pos,
                format!("the state field `{}` is not a string, an integer or an enum", state.wire),
                "not a state",
                "name the output field whose value says whether the task is running, done or failed",
            );
            return None;
        }
    };
    Some(kind)
}

/// A listed state must be of the state's kind, and one of an enum's values.
fn check_state_value(
    cx: &mut Cx,
    file: &SourceFile,
    value: &Located<WireValue>,
    kind: &StateKind,
    state: &Field,
) {
    let text = value.value.text();
    let (wanted, fits) = match kind {
        StateKind::Text => ("a string", matches!(value.value, WireValue::Text(_))),
        StateKind::Integer => ("an integer", matches!(value.value, WireValue::Integer(_))),
        StateKind::Enum { kind: EnumKind::Integer, .. } => {
            ("an integer", matches!(value.value, WireValue::Integer(_)))
        }
        StateKind::Enum { .. } => ("a string", matches!(value.value, WireValue::Text(_))),
    };
    if !fits {
        cx.error_labelled(
            file,
            value.pos,
            format!(
                "state `{text}` is {} value, but `{}` holds {wanted}",
                article(value.value.kind()),
                state.wire
            ),
            format!("not {wanted}"),
            "write the state as the field carries it: quote text, write integers plain",
        );
        return;
    }
    if let StateKind::Enum { key, values, .. } = kind
        && !values.contains(&text)
    {
        let hint = match crate::spec::hints::closest(&text, values) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!("`{key}` has the values {}", values.join(", ")),
        };
        cx.error_labelled(
            file,
            value.pos,
            format!("state `{text}` is not a value of `{key}`"),
            "not a value",
            hint,
        );
    }
}

/// The field with wire name `name` of `shape` (the input or the output), reported when absent.
fn field_named<'a>(
    cx: &mut Cx,
    file: &SourceFile,
    name: &Located<String>,
    shape: &'a StructDef,
    what: &str,
) -> Option<&'a Field> {
    if let Some(field) = shape.fields.iter().find(|f| f.wire == name.value) {
        return Some(field);
    }
    let names: Vec<String> = shape.fields.iter().map(|f| f.wire.clone()).collect();
    let hint = match crate::spec::hints::closest(&name.value, &names) {
        Some(close) => format!("did you mean `{close}`?"),
        None => format!("name an {what} field by its wire name"),
    };
    cx.error_labelled(
        file,
        name.pos,
        format!("`{}` is not an {what} field", name.value),
        format!("no such {what}"),
        hint,
    );
    None
}

/// Types whose `Display` is the value's text.
fn printable(ty: &Ty) -> bool {
    matches!(ty, Ty::String | Ty::NumberOrString | Ty::I32 | Ty::I64)
        || matches!(ty, Ty::Named { enum_kind: Some(EnumKind::Text | EnumKind::Integer), .. })
}
