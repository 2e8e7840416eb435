//! The OpenAPI 3.0 form of an exported 3.1 document, for consumers that read 3.0.x only
//! (progenitor, many older generators and consoles).
//!
//! 3.0's schemas are an extended subset of JSON Schema draft 5, so each 3.1 construct the
//! exporter uses is rewritten to its 3.0 equivalent:
//!
//! | 3.1 | 3.0 |
//! |---|---|
//! | `anyOf: [S, {type: null}]` | `S` with `nullable: true` |
//! | `type: [a, b]` (`null` among them) | `type: a` (and `nullable`), or `anyOf` of one schema per type |
//! | `const: v` | `enum: [v]` |
//! | `examples: [v, ...]` | `example: v` |
//! | `exclusiveMinimum: n` / `exclusiveMaximum: n` | `minimum: n, exclusiveMinimum: true` (and the same for maximum) |
//! | `contentEncoding: base64` | `format: byte` |
//! | `contentMediaType`, `contentSchema` | `x-cloudspec-content-media-type`, `x-cloudspec-content-schema` |
//! | `$ref` beside other keywords | `allOf: [{$ref}]` beside them (3.0 ignores a `$ref`'s siblings) |
//!
//! Everything else (the document outside schemas, `x-cloudspec-*` extensions, examples and
//! defaults, which are data) is the same in both versions. Schemas are found where OpenAPI puts
//! them: `schema` members, `components.schemas`, and inside schemas.

use serde_json::{Map, Value, json};

/// The version a 3.0 document declares: the last 3.0 release.
pub const OPENAPI_30_VERSION: &str = "3.0.3";

/// The 3.0 form of the 3.1 `document`.
pub fn downgrade(mut document: Value) -> Value {
    if let Value::Object(map) = &mut document {
        map.insert("openapi".into(), json!(OPENAPI_30_VERSION));
    }
    visit_document(&mut document);
    document
}

/// Walks the parts of the document that are not schemas, rewriting each schema found.
fn visit_document(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match key.as_str() {
                    "schema" => downgrade_schema(child),
                    "schemas" => child
                        .as_object_mut()
                        .into_iter()
                        .flat_map(|m| m.values_mut())
                        .for_each(downgrade_schema),
                    // Literal data and extensions: whatever member names they hold, no schema.
                    "example" | "examples" | "default" | "enum" => {}
                    key if key.starts_with("x-") => {}
                    _ => visit_document(child),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(visit_document),
        _ => {}
    }
}

/// Rewrites one schema and, first, the schemas inside it.
fn downgrade_schema(schema: &mut Value) {
    let Value::Object(map) = schema else { return };
    for key in ["items", "additionalProperties", "not", "contentSchema"] {
        if let Some(child) = map.get_mut(key) {
            downgrade_schema(child);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(children)) = map.get_mut(key) {
            children.iter_mut().for_each(downgrade_schema);
        }
    }
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        properties.values_mut().for_each(downgrade_schema);
    }

    nullable_any_of(map);
    type_list(map);
    if let Some(value) = map.shift_remove("const") {
        map.insert("enum".into(), json!([value]));
    }
    if let Some(examples) = map.shift_remove("examples")
        && let Some(first) = examples.as_array().and_then(|all| all.first())
    {
        map.insert("example".into(), first.clone());
    }
    for (exclusive, inclusive) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if map.get(exclusive).is_some_and(Value::is_number)
            && let Some(bound) = map.shift_remove(exclusive)
        {
            map.insert(inclusive.into(), bound);
            map.insert(exclusive.into(), json!(true));
        }
    }
    if map.get("contentEncoding") == Some(&json!("base64")) && !map.contains_key("format") {
        map.shift_remove("contentEncoding");
        map.insert("format".into(), json!("byte"));
    }
    for (keyword, extension) in [
        ("contentEncoding", "x-cloudspec-content-encoding"),
        ("contentMediaType", "x-cloudspec-content-media-type"),
        ("contentSchema", "x-cloudspec-content-schema"),
    ] {
        if let Some(value) = map.shift_remove(keyword) {
            map.insert(extension.into(), value);
        }
    }
    if map.len() > 1
        && let Some(target) = map.shift_remove("$ref")
    {
        add_all_of(map, json!({ "$ref": target }));
    }
}

/// `anyOf: [S, {type: null}]` becomes `S` with `nullable: true` (3.0 has no `null` type).
fn nullable_any_of(map: &mut Map<String, Value>) {
    let Some(Value::Array(alternatives)) = map.get("anyOf") else { return };
    let is_null =
        |s: &Value| s.as_object().is_some_and(|o| o.len() == 1 && o.get("type") == Some(&json!("null")));
    if !alternatives.iter().any(is_null) {
        return;
    }
    let rest: Vec<Value> = alternatives.iter().filter(|s| !is_null(s)).cloned().collect();
    map.shift_remove("anyOf");
    match <[Value; 1]>::try_from(rest) {
        // The one other alternative's keywords join this schema's; its `$ref`, if any, is
        // wrapped afterwards with the others.
        Ok([Value::Object(only)]) => {
            for (key, value) in only {
                if key == "allOf" {
                    value.as_array().into_iter().flatten().for_each(|part| add_all_of(map, part.clone()));
                } else {
                    map.insert(key, value);
                }
            }
        }
        Ok([other]) => add_all_of(map, other),
        Err(rest) if rest.is_empty() => {}
        Err(rest) => add_all_of(map, json!({ "anyOf": rest })),
    }
    map.insert("nullable".into(), json!(true));
}

/// A list of types: `null` among them becomes `nullable`; one type left is `type`, several are
/// an `anyOf` of one schema per type.
fn type_list(map: &mut Map<String, Value>) {
    let Some(Value::Array(types)) = map.get("type") else { return };
    let (nulls, types): (Vec<&Value>, Vec<&Value>) = types.iter().partition(|t| *t == &json!("null"));
    let nullable = !nulls.is_empty();
    let types: Vec<Value> = types.into_iter().cloned().collect();
    map.shift_remove("type");
    match <[Value; 1]>::try_from(types) {
        Ok([only]) => {
            map.insert("type".into(), only);
        }
        Err(types) if types.is_empty() => {}
        Err(types) => {
            let alternatives: Vec<Value> = types.into_iter().map(|t| json!({ "type": t })).collect();
            if map.contains_key("anyOf") {
                add_all_of(map, json!({ "anyOf": alternatives }));
            } else {
                map.insert("anyOf".into(), Value::Array(alternatives));
            }
        }
    }
    if nullable {
        map.insert("nullable".into(), json!(true));
    }
}

/// Adds `part` to the schema's `allOf`, creating it when missing.
fn add_all_of(map: &mut Map<String, Value>, part: Value) {
    match map.get_mut("allOf") {
        Some(Value::Array(parts)) => parts.push(part),
        _ => {
            map.insert("allOf".into(), json!([part]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema_of(schema: Value) -> Value {
        downgrade(json!({ "openapi": "3.1.0", "components": { "schemas": { "S": schema } } }))["components"]
            ["schemas"]["S"]
            .clone()
    }

    #[test]
    fn the_version_is_declared() {
        assert_eq!(downgrade(json!({ "openapi": "3.1.0" }))["openapi"], json!("3.0.3"));
    }

    #[test]
    fn null_alternatives_become_nullable() {
        assert_eq!(
            schema_of(json!({ "anyOf": [{ "type": "string", "maxLength": 3 }, { "type": "null" }] })),
            json!({ "type": "string", "maxLength": 3, "nullable": true })
        );
        assert_eq!(
            schema_of(json!({ "anyOf": [{ "$ref": "#/components/schemas/T" }, { "type": "null" }] })),
            json!({ "nullable": true, "allOf": [{ "$ref": "#/components/schemas/T" }] })
        );
        assert_eq!(schema_of(json!({ "anyOf": [{}, { "type": "null" }] })), json!({ "nullable": true }));
    }

    #[test]
    fn type_lists_become_one_type_or_alternatives() {
        assert_eq!(
            schema_of(json!({ "type": ["integer", "string"], "x-cloudspec-number-or-string": true })),
            json!({ "x-cloudspec-number-or-string": true, "anyOf": [{ "type": "integer" }, { "type": "string" }] })
        );
        assert_eq!(
            schema_of(json!({ "type": ["string", "null"] })),
            json!({ "type": "string", "nullable": true })
        );
    }

    #[test]
    fn json_schema_keywords_map_to_their_3_0_forms() {
        assert_eq!(
            schema_of(json!({ "type": "string", "const": "A" })),
            json!({ "type": "string", "enum": ["A"] })
        );
        assert_eq!(
            schema_of(json!({ "type": "integer", "examples": [5] })),
            json!({ "type": "integer", "example": 5 })
        );
        assert_eq!(
            schema_of(json!({ "type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1 })),
            json!({ "type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 1, "exclusiveMaximum": true })
        );
        assert_eq!(
            schema_of(json!({ "type": "string", "contentEncoding": "base64" })),
            json!({ "type": "string", "format": "byte" })
        );
        assert_eq!(
            schema_of(json!({
                "type": "string",
                "contentMediaType": "application/json",
                "contentSchema": { "$ref": "#/components/schemas/T", "description": "d" }
            })),
            json!({
                "type": "string",
                "x-cloudspec-content-media-type": "application/json",
                "x-cloudspec-content-schema": { "description": "d", "allOf": [{ "$ref": "#/components/schemas/T" }] }
            })
        );
    }

    #[test]
    fn a_ref_with_siblings_is_wrapped_and_a_bare_ref_is_kept() {
        assert_eq!(
            schema_of(json!({ "$ref": "#/components/schemas/T", "description": "d" })),
            json!({ "description": "d", "allOf": [{ "$ref": "#/components/schemas/T" }] })
        );
        assert_eq!(
            schema_of(json!({ "$ref": "#/components/schemas/T" })),
            json!({ "$ref": "#/components/schemas/T" })
        );
    }

    #[test]
    fn nested_schemas_are_rewritten_and_data_is_left_alone() {
        let document = downgrade(json!({
            "openapi": "3.1.0",
            "paths": { "/a": { "get": {
                "parameters": [{ "name": "p", "in": "query", "schema": { "type": "array", "items": { "const": 1 } } }],
                "responses": { "200": { "description": "ok", "content": { "application/json": {
                    "schema": { "type": "object", "properties": { "m": { "type": "object", "additionalProperties": { "examples": [2] } } } },
                    "example": { "const": "data", "examples": [1] }
                } } } }
            } } }
        }));
        let get = &document["paths"]["/a"]["get"];
        assert_eq!(get["parameters"][0]["schema"]["items"], json!({ "enum": [1] }));
        let media = &get["responses"]["200"]["content"]["application/json"];
        assert_eq!(media["schema"]["properties"]["m"]["additionalProperties"], json!({ "example": 2 }));
        assert_eq!(media["example"], json!({ "const": "data", "examples": [1] }));
    }
}
