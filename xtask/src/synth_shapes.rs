//! The shapes beyond plain JSON objects (issue #16), added to a minority of synthetic operations
//! so that trees exercise their checks and generated code without changing what most operations
//! cost: integer, boolean and deprecated enum values, epoch timestamps, `number_or_string`,
//! constrained and nullable list items, typed response headers, body and query idempotency
//! tokens, `wait:` blocks, presigned URLs, and bare, binary and scalar bodies.
//!
//! Each shape is drawn with its own probability, in a fixed order, from the service's generator,
//! so a tree stays a function of `(ops, seed)`. Percentages are per operation of the verbs and
//! protocols a shape applies to; `trees_cover_the_spec_format` checks that each one appears.

use serde_json::Value;

use cloudspec_spec::Protocol;
use cloudspec_spec::names;

use super::{
    Constraints, EnumValue, Field, Kind, Loc, Operation, Pattern, ServiceBuilder, Ty, TypeDef, Verb,
};

/// Adds this operation's share of the new shapes, after its protocol's fields and before its
/// errors and examples (which are drawn from the final fields).
pub(super) fn add_shapes(b: &mut ServiceBuilder, op: &mut Operation, verb: Verb) {
    let rest = matches!(b.protocol, Protocol::OciRest | Protocol::HuaweiRest | Protocol::PdsRoa);
    idempotency_tokens(b, op, verb);
    match verb {
        Verb::Get if rest && b.rng.percent(8) => binary_download(b, op),
        Verb::Get if b.rng.percent(10) => task_wait(b, op),
        Verb::Update if rest && b.rng.percent(8) => binary_upload(op),
        Verb::Action(_) if rest && b.rng.percent(15) => bare_payload(b, op),
        _ => {}
    }
    if matches!(verb, Verb::Create | Verb::Get) && op.max_body_bytes.is_none() && b.rng.percent(8) {
        presigned_url(b, op, verb);
    }
    typed_fields(b, op);
    if rest && b.rng.percent(10) {
        typed_headers(b, op);
    }
}

/// Whether `field` may join the output: a body field cannot stand beside a payload, and no two
/// fields may share a Rust name.
fn fits(fields: &[Field], field: &Field) -> bool {
    let name = names::field_name(&field.wire);
    let payload = fields.iter().any(|f| f.location == Some(Loc::Payload));
    !(payload && field.in_document()) && fields.iter().all(|f| names::field_name(&f.wire) != name)
}

fn push_output(op: &mut Operation, field: Field) {
    if fits(&op.output, &field) {
        op.output.push(field);
    }
}

fn named(value: Value, name: &'static str, deprecated: bool) -> EnumValue {
    EnumValue { value, name, deprecated }
}

/// Tencent's and Alibaba's `ClientToken`: a body (Tencent) or query (Alibaba RPC) parameter the
/// client fills once per call, so a create may be retried.
fn idempotency_tokens(b: &mut ServiceBuilder, op: &mut Operation, verb: Verb) {
    let lower = op.name.to_ascii_lowercase();
    let documented = op.input.iter().position(|f| f.wire == "ClientToken");
    let token = match (b.protocol, documented) {
        (Protocol::AcsRpc, Some(index)) => index,
        (Protocol::TencentJson, None) if verb == Verb::Create && b.rng.percent(30) => {
            let mut token = Field::new(
                "ClientToken".into(),
                Ty::Str,
                "A unique string supplied by the client to ensure that the request is idempotent.".into(),
            );
            token.constraints.max_length = Some(64);
            op.input.push(token);
            op.input.len() - 1
        }
        _ => return,
    };
    op.input[token].comment = None;
    op.idempotency_token = Some("ClientToken".into());
    if !op.idempotent {
        op.decision = format!(
            "not idempotent ({lower} has effects each time), but the page documents ClientToken, which the client fills and reuses on every attempt."
        );
    }
}

/// A `GET` of a file's raw bytes: the response is the body, streamed, with its size bound.
fn binary_download(b: &mut ServiceBuilder, op: &mut Operation) {
    op.output.retain(|f| f.location == Some(Loc::Header));
    op.output.push(
        Field::new("content".into(), Ty::Binary, "The raw bytes of the object.".into())
            .required()
            .at(Loc::Payload),
    );
    op.max_body_bytes = Some(b.rng.pick(&[1 << 20, 64 << 20, 1 << 30]));
}

/// A `PUT` of raw bytes: the body is the new content.
fn binary_upload(op: &mut Operation) {
    let content = Field::new("content".into(), Ty::Binary, "The new content, as raw bytes.".into());
    replace_body(op, content);
}

/// Makes `payload` the whole request body: path and header fields stay, and query fields that
/// are written one by one (scalars, not enums), as a bare or binary body requires.
fn replace_body(op: &mut Operation, payload: Field) {
    op.input.retain(|f| match f.location {
        Some(Loc::Path | Loc::Header) => true,
        Some(Loc::Query) => matches!(f.ty, Ty::Str | Ty::I32 | Ty::I64 | Ty::F64 | Ty::Bool | Ty::Bytes),
        _ => false,
    });
    if op.idempotency_token.as_ref().is_some_and(|t| op.input.iter().all(|f| &f.wire != t)) {
        op.idempotency_token = None;
    }
    op.input_doc = None;
    op.input.push(payload.required().at(Loc::Payload));
}

/// Constraints of a resource ID in a bare list.
fn id_items() -> Option<Box<Constraints>> {
    Some(Box::new(Constraints {
        min_length: Some(1),
        max_length: Some(64),
        pattern: Some(Pattern::Ident),
        ..Constraints::default()
    }))
}

/// An action whose response is a bare JSON value: the affected IDs, a message, a count or a flag.
fn bare_payload(b: &mut ServiceBuilder, op: &mut Operation) {
    op.output.retain(|f| f.location == Some(Loc::Header));
    let (wire, ty, doc) = match b.rng.below(4) {
        0 => ("ids", Ty::List(Box::new(Ty::Str)), "The IDs of the resources the action affected."),
        1 => ("message", Ty::Str, "The result of the action, as text."),
        2 => ("affected", Ty::I64, "How many resources the action affected."),
        _ => ("accepted", Ty::Bool, "Whether the action was accepted."),
    };
    let mut field = Field::new(wire.into(), ty, doc.into()).at(Loc::Payload);
    if wire == "ids" {
        field.constraints.items = id_items();
    }
    op.output.push(field);
    // Half of them also take a bare array: the IDs to act on.
    if b.rng.percent(50) {
        let mut ids = Field::new(
            "ids".into(),
            Ty::List(Box::new(Ty::Str)),
            "The IDs of the resources to act on.".into(),
        );
        ids.constraints.min_items = Some(1);
        ids.constraints.max_items = Some(100);
        ids.constraints.items = id_items();
        replace_body(op, ids);
    }
}

/// A task the client can wait for: the operation answers the task's state (an integer enum with
/// a deprecated value) and a message.
fn task_wait(b: &mut ServiceBuilder, op: &mut Operation) {
    // The task is named by the resource's ID, not by the region or project it lives in.
    let names_task = |f: &&Field| {
        let rust = names::field_name(&f.wire);
        f.required
            && matches!(f.ty, Ty::Str | Ty::I32 | Ty::I64)
            && rust.ends_with("id")
            && !["region", "project"].iter().any(|p| rust.starts_with(p))
    };
    let Some(task) = op.input.iter().find(names_task) else {
        return;
    };
    let task = task.wire.clone();
    let state_name = format!("{}TaskState", op.name);
    let state =
        Field::new(b.w(&["task", "state"]), Ty::Named(state_name.clone()), "The state of the task.".into())
            .required()
            .with_example();
    let message = Field::new(b.w(&["task", "message"]), Ty::Str, "Why the task failed.".into());
    if !fits(&op.output, &state) || !fits(&op.output, &message) {
        return;
    }
    op.types.push(TypeDef {
        name: state_name,
        doc: "The state of an asynchronous task.".into(),
        kind: Kind::Named(vec![
            named(0.into(), "Queued", false),
            named(1.into(), "Running", false),
            named(2.into(), "Succeeded", false),
            named(3.into(), "Failed", false),
            named(4.into(), "Cancelled", true),
        ]),
        comment: None,
    });
    op.wait = Some(format!(
        "wait:\n  task: {task}\n  state: {}\n  done: [2]\n  failed: [3, 4]\n  pending: [0, 1]\n  message: {}\n",
        state.wire, message.wire
    ));
    op.output.push(state);
    op.output.push(message);
}

/// A URL the caller uploads the resource's data to, or downloads it from, without credentials.
fn presigned_url(b: &mut ServiceBuilder, op: &mut Operation, verb: Verb) {
    let (words, kind): (&[&str], _) = if verb == Verb::Create {
        (&["upload", "url"], "upload")
    } else {
        (&["download", "url"], "download")
    };
    let mut url =
        Field::new(b.w(words), Ty::Str, format!("Presigned URL to {kind} the data (valid for 15 minutes)."));
    // No `pattern` (and so no example, which would not look like a URL without one): the
    // generated `Validate` of a constrained presigned field does not compile yet.
    url.sensitive = true;
    url.presigned = Some(kind);
    push_output(op, url);
}

/// Output fields of the new scalar kinds: integer, boolean and deprecated text enums, epoch
/// timestamps, `number_or_string`, and lists with constrained or nullable items.
fn typed_fields(b: &mut ServiceBuilder, op: &mut Operation) {
    if b.rng.percent(6) {
        let name = format!("{}Tier", op.name);
        op.types.push(TypeDef {
            name: name.clone(),
            doc: "The storage tier.".into(),
            kind: Kind::Named(vec![
                named(0.into(), "Standard", false),
                named(1.into(), "Cold", true),
                named(2.into(), "Archive", false),
            ]),
            comment: None,
        });
        push_output(
            op,
            Field::new(b.w(&["storage", "tier"]), Ty::Named(name), "The storage tier.".into()).with_example(),
        );
    }
    if b.rng.percent(4) {
        let name = format!("{}Visibility", op.name);
        op.types.push(TypeDef {
            name: name.clone(),
            doc: "Who can see the resource.".into(),
            kind: Kind::Named(vec![
                named(true.into(), "Public", false),
                named(false.into(), "Private", false),
            ]),
            comment: None,
        });
        push_output(
            op,
            Field::new(b.w(&["is", "public"]), Ty::Named(name), "Who can see the resource.".into()),
        );
    }
    if b.rng.percent(4) {
        let name = format!("{}Channel", op.name);
        let word = |w: &str| Value::String(super::enum_value(b.protocol, w));
        op.types.push(TypeDef {
            name: name.clone(),
            doc: "The release channel.".into(),
            kind: Kind::Named(vec![
                named(word("stable"), "Stable", false),
                named(word("preview"), "Preview", false),
                named(word("legacy"), "Legacy", true),
            ]),
            comment: None,
        });
        push_output(
            op,
            Field::new(b.w(&["channel"]), Ty::Named(name), "The release channel.".into()).with_example(),
        );
    }
    if b.rng.percent(8) {
        let millis = b.rng.percent(40);
        let words: &[&str] = if millis { &["expire", "time", "ms"] } else { &["expired", "time"] };
        push_output(
            op,
            Field::new(b.w(words), Ty::Epoch(millis), "When the resource expires.".into()).with_example(),
        );
    }
    if b.rng.percent(5) {
        push_output(
            op,
            Field::new(
                b.w(&["legacy", "id"]),
                Ty::NumberOrString,
                "The resource's ID (older API versions sent a number).".into(),
            )
            .with_example(),
        );
    }
    if b.rng.percent(6) {
        let mut labels =
            Field::new(b.w(&["labels"]), Ty::List(Box::new(Ty::Str)), "The resource's labels.".into());
        labels.constraints.max_items = Some(10);
        if b.rng.percent(40) {
            labels.constraints.items_nullable = true;
            labels.constraints.items =
                Some(Box::new(Constraints { max_length: Some(32), ..Constraints::default() }));
        } else {
            labels.constraints.items = Some(Box::new(Constraints {
                min_length: Some(1),
                max_length: Some(32),
                pattern: Some(Pattern::Ident),
                ..Constraints::default()
            }));
        }
        push_output(op, labels.with_example());
    }
    if b.rng.percent(4) {
        let mut ports = Field::new(
            b.w(&["ports"]),
            Ty::List(Box::new(Ty::I32)),
            "The ports the resource listens on.".into(),
        );
        ports.constraints.items = Some(Box::new(Constraints {
            minimum: Some(1.0),
            maximum: Some(65535.0),
            ..Constraints::default()
        }));
        push_output(op, ports.with_example());
    }
}

/// Response headers parsed into numbers, flags and times, as REST pages document them.
fn typed_headers(b: &mut ServiceBuilder, op: &mut Operation) {
    let header = |wire: &str, ty: Ty, doc: &str| Field::new(wire.into(), ty, doc.into()).at(Loc::Header);
    push_output(op, header("X-Total-Count", Ty::I64, "The total number of matching resources."));
    if b.rng.percent(50) {
        push_output(op, header("X-Truncated", Ty::Bool, "Whether more results are available."));
    }
    let time = if b.rng.percent(50) {
        header("Last-Modified", Ty::Time(false), "When the resource last changed.")
    } else {
        header("X-Expires-At", Ty::Epoch(true), "When the answer expires, in milliseconds since 1970.")
    };
    push_output(op, time);
}
