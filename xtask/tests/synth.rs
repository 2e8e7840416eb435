//! Synthetic spec trees: valid for every size and seed, deterministic, and shaped like the seeds
//! (every protocol, location, constraint and type kind shows up in a tree of a few hundred
//! operations). Compiling a tree's generated crate is part of `benches/run.sh`, not of the tests.

use std::collections::BTreeSet;

use cloudspec_codegen::ir::{EnumKind, Field, Ir, Ty, TypeKind};
use cloudspec_codegen::spec::{Location, PresignedUse, Protocol, TimestampFormat};
use cloudspec_xtask::synth::{SynthError, synth, synth_files};

/// Writes a tree and lints it, panicking with every diagnostic if it does not pass.
fn lint_tree(ops: usize, seed: u64) -> Ir {
    let dir = tempfile::tempdir().expect("temp dir");
    let summary = synth(dir.path(), ops, seed).expect("synth writes");
    assert_eq!(summary.operations, ops);
    let ir = cloudspec_codegen::lint(dir.path())
        .unwrap_or_else(|d| panic!("synth({ops}, {seed}) does not lint:\n{}", d.render_plain()));
    assert_eq!(ir.operation_count(), ops, "synth({ops}, {seed})");
    ir
}

#[test]
fn small_trees_lint_for_every_seed() {
    // Seeds 0..5 start the protocol rotation at each of the five protocols.
    for seed in 0..5 {
        for ops in [1, 2, 6, 7, 19, 20, 21, 51] {
            lint_tree(ops, seed);
        }
    }
}

#[test]
fn a_thousand_operations_lint() {
    lint_tree(1000, 1);
}

#[test]
fn three_hundred_operations_lint_and_emit() {
    for seed in [2, 42, 0xDEAD_BEEF] {
        let dir = tempfile::tempdir().expect("temp dir");
        synth(dir.path(), 300, seed).expect("synth writes");
        // `render` also parses every emitted file with syn.
        let (ir, files) = cloudspec_codegen::render(dir.path())
            .unwrap_or_else(|e| panic!("synth(300, {seed}) does not render: {e}"));
        assert_eq!(ir.operation_count(), 300);
        assert!(files.len() > 300, "one file per operation at least");
    }
}

#[test]
fn services_hold_twenty_to_fifty_operations() {
    for (ops, seed) in [(20, 1), (71, 3), (1000, 1), (10_000, 9)] {
        let (summary, _) = synth_files(ops, seed).expect("synth");
        let sizes: Vec<usize> = summary.services.iter().map(|s| s.operation_files.len()).collect();
        assert_eq!(sizes.iter().sum::<usize>(), ops);
        assert!(sizes.iter().all(|n| (20..=50).contains(n)), "{ops} ops: {sizes:?}");
    }
    let (tiny, _) = synth_files(5, 1).expect("synth");
    assert_eq!(tiny.services.len(), 1);
}

#[test]
fn the_same_size_and_seed_give_the_same_bytes() {
    let (_, a) = synth_files(300, 7).expect("synth");
    let (_, b) = synth_files(300, 7).expect("synth");
    assert_eq!(a, b);
    let (_, other) = synth_files(300, 8).expect("synth");
    assert_ne!(a, other);
    // A bigger tree starts with the same services: service i depends on (seed, i) only.
    let (_, bigger) = synth_files(400, 7).expect("synth");
    assert_eq!(a[..100], bigger[..100]);
}

/// Pins the bytes, so a benchmark tree is the same on every machine (FNV-1a over every path
/// and file). Update the constant when synth changes on purpose; the benchmark results in
/// docs/performance.md were measured on the tree this pins.
#[test]
fn the_bytes_are_pinned() {
    let (summary, files) = synth_files(120, 1).expect("synth");
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in &files {
        for byte in file.path.bytes().chain([0]).chain(file.contents.bytes()).chain([0]) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    assert_eq!((summary.files, hash), (123, PINNED), "synth output changed: {hash:#018x}");
}

const PINNED: u64 = 0x6252_974d_429a_b086;

#[test]
fn writes_only_into_a_new_or_empty_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("keep.txt"), "mine").expect("write");
    assert!(matches!(synth(dir.path(), 10, 1), Err(SynthError::NotEmpty(_))));
    assert_eq!(std::fs::read_to_string(dir.path().join("keep.txt")).expect("read"), "mine");
    let new = dir.path().join("new/tree");
    let summary = synth(&new, 10, 1).expect("a missing folder is created");
    assert_eq!(summary.files, 11);
    assert!(matches!(synth_files(0, 1), Err(SynthError::NoOperations)));
}

/// Every feature of the format that costs generation or compile time appears.
#[test]
fn trees_cover_the_spec_format() {
    let ir = lint_tree(300, 1);
    let protocols: BTreeSet<String> = ir.services.iter().map(|s| format!("{:?}", s.protocol)).collect();
    assert_eq!(protocols.len(), 5, "{protocols:?}");
    assert!(ir.services.iter().any(|s| s.protocol == Protocol::PdsRoa));

    let mut seen = BTreeSet::new();
    let mut note = |what: &str| {
        seen.insert(what.to_owned());
    };
    let mut fields: Vec<&Field> = Vec::new();
    for service in &ir.services {
        let mut structs: Vec<&Vec<Field>> = Vec::new();
        for def in &service.types {
            match &def.kind {
                TypeKind::Struct(s) => structs.push(&s.fields),
                TypeKind::Enum(_) => note("enum"),
            }
        }
        for def in service.types.iter().chain(service.operations.iter().flat_map(|op| &op.types)) {
            if let TypeKind::Enum(variants) = &def.kind {
                match def.enum_kind() {
                    Some(EnumKind::Integer) => note("integer enum"),
                    Some(EnumKind::Boolean) => note("boolean enum"),
                    _ => {}
                }
                if variants.iter().any(|v| v.deprecated) {
                    note("deprecated enum value");
                }
            }
        }
        for op in &service.operations {
            structs.push(&op.input.fields);
            structs.push(&op.output.fields);
            for def in &op.types {
                if let TypeKind::Struct(s) = &def.kind {
                    structs.push(&s.fields);
                }
            }
            if let Some(token) = &op.idempotency_token {
                note("idempotency token");
                let field = op.input.fields.iter().find(|f| &f.wire == token).expect("the token is an input");
                note(&format!("{} idempotency token", field.location.spec_name()));
            }
            if op.wait.is_some() {
                note("wait");
            }
            for (side, fields) in [("request", &op.input.fields), ("response", &op.output.fields)] {
                for field in fields.iter().filter(|f| f.location == Location::Payload) {
                    match &field.ty {
                        Ty::Binary => note(&format!("binary {side}")),
                        Ty::Named { is_enum: false, .. } => {}
                        _ => note(&format!("bare {side} payload")),
                    }
                }
            }
            if op.max_body_bytes.is_some() {
                note("max_body_bytes");
            }
            for field in op.output.fields.iter().filter(|f| f.location == Location::Header) {
                match field.ty {
                    Ty::I32 | Ty::I64 => note("integer response header"),
                    Ty::Bool => note("bool response header"),
                    Ty::Timestamp(_) => note("timestamp response header"),
                    _ => {}
                }
            }
            if op.rate_limit.is_some() {
                note("rate limit");
            }
            if op.examples.iter().any(|e| e.request.is_some()) {
                note("request example");
            }
            if op.examples.iter().any(|e| e.status >= 300) {
                note("error example");
            }
            if op.errors.iter().any(|e| e.code.is_none()) {
                note("status-only error");
            }
            if let Some(pagination) = &op.pagination {
                note(&format!("pagination {}", pagination.style.spec_name()));
            }
        }
        fields.extend(structs.into_iter().flatten());
    }
    for field in fields {
        note(field.location.spec_name());
        let c = &field.constraints;
        for (present, what) in [
            (c.min_length.is_some(), "min_length"),
            (c.max_length.is_some(), "max_length"),
            (c.length_unit.is_some(), "length_unit"),
            (c.minimum.is_some(), "minimum"),
            (c.maximum.is_some(), "maximum"),
            (c.pattern.is_some(), "pattern"),
            (c.min_items.is_some(), "min_items"),
            (c.max_items.is_some(), "max_items"),
            (c.multiple_of.is_some(), "multiple_of"),
            (field.nullable, "nullable"),
            (field.sensitive, "sensitive"),
            (field.deprecated, "deprecated"),
            (field.default.is_some(), "default"),
            (field.example.is_some(), "example"),
            (field.rust == "type_", "keyword field"),
            (field.presigned == Some(PresignedUse::Upload), "presigned upload"),
            (field.presigned == Some(PresignedUse::Download), "presigned download"),
            (matches!(&field.ty, Ty::List(item) if matches!(**item, Ty::Nullable(_))), "nullable items"),
            (field.item_constraints.max_length.is_some(), "item max_length"),
            (field.item_constraints.pattern.is_some(), "item pattern"),
            (field.item_constraints.maximum.is_some(), "item maximum"),
        ] {
            if present {
                note(what);
            }
        }
        let ty = match &field.ty {
            Ty::String => "string",
            Ty::I32 => "int32",
            Ty::I64 => "int64",
            Ty::F64 => "float64",
            Ty::Bool => "bool",
            Ty::Timestamp(TimestampFormat::Rfc3339) => "rfc3339",
            Ty::Timestamp(TimestampFormat::Datetime) => "datetime",
            Ty::Timestamp(TimestampFormat::EpochSeconds) => "epoch_seconds",
            Ty::Timestamp(TimestampFormat::EpochMillis) => "epoch_millis",
            // Not synthesized: the seed specs and the shapes fixture exercise it.
            Ty::LenientTimestamp(_) => "lenient timestamp",
            Ty::Nullable(_) => "nullable item",
            Ty::NumberOrString => "number_or_string",
            Ty::Bytes => "bytes",
            Ty::Binary => "binary",
            Ty::Json => "json",
            Ty::List(_) => "list",
            Ty::Map(_) => "map",
            Ty::JsonString(_) => "json_string",
            Ty::Named { is_enum: true, .. } => "enum field",
            Ty::Named { .. } => "object field",
        };
        note(ty);
    }
    let expected = [
        "path",
        "query",
        "header",
        "body",
        "payload",
        "min_length",
        "max_length",
        "length_unit",
        "minimum",
        "maximum",
        "pattern",
        "min_items",
        "max_items",
        "multiple_of",
        "nullable",
        "sensitive",
        "deprecated",
        "default",
        "example",
        "keyword field",
        "string",
        "int32",
        "int64",
        "float64",
        "bool",
        "rfc3339",
        "datetime",
        "bytes",
        "json",
        "list",
        "map",
        "json_string",
        "enum field",
        "object field",
        "enum",
        "idempotency token",
        "rate limit",
        "request example",
        "error example",
        "status-only error",
        // Token paging is not synthesized: OCI's next page is in a header beside a payload.
        "pagination page_number",
        "pagination offset",
        "pagination marker",
        // The shapes of issue #16 (xtask/src/synth_shapes.rs).
        "epoch_seconds",
        "epoch_millis",
        "number_or_string",
        "binary",
        "integer enum",
        "boolean enum",
        "deprecated enum value",
        "body idempotency token",
        "query idempotency token",
        "header idempotency token",
        "wait",
        "binary request",
        "binary response",
        "max_body_bytes",
        "bare request payload",
        "bare response payload",
        "integer response header",
        "bool response header",
        "timestamp response header",
        "presigned upload",
        "presigned download",
        "nullable items",
        "item max_length",
        "item pattern",
        "item maximum",
    ];
    let missing: Vec<&str> = expected.into_iter().filter(|what| !seen.contains(*what)).collect();
    assert!(missing.is_empty(), "never synthesized: {missing:?}");
}

/// Tencent API 3.0 and Alibaba RPC services leave their error envelope and common codes to
/// `<provider>/provider.yaml`, as the seed tree does; the services still get them.
#[test]
fn provider_files_hold_what_services_share() {
    let (_, files) = synth_files(300, 1).expect("synth");
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert!(paths.ends_with(&["alibaba/provider.yaml", "tencent/provider.yaml"]), "{paths:?}");
    let ir = lint_tree(300, 1);
    for protocol in [Protocol::TencentJson, Protocol::AcsRpc] {
        let service = ir.services.iter().find(|s| s.protocol == protocol).expect("a service of the protocol");
        let own = files
            .iter()
            .find(|f| f.path.ends_with(&format!("/{}/service.yaml", service.name)))
            .expect("its service.yaml");
        assert!(!own.contents.contains("error_shape:"), "{}", own.path);
        assert!(service.error_shape.is_some(), "{protocol:?}: the envelope comes from the provider file");
        assert!(service.errors.len() >= 9, "{protocol:?}: the common codes come from the provider file");
    }
}
