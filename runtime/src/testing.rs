//! Support for the tests the generator writes beside generated code.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Decodes `json` (at `pointer`, e.g. `/Response`) into `T`, encodes it again and checks that
/// nothing was lost or changed. Strings that hold JSON documents (json_string fields) compare by
/// their parsed documents, since re-encoding a document need not reproduce its whitespace.
pub fn round_trip<T: DeserializeOwned + Serialize>(json: &str, pointer: &str) -> Result<T, String> {
    let document: Value = serde_json::from_str(json).map_err(|e| format!("the example is not JSON: {e}"))?;
    let original =
        document.pointer(pointer).ok_or_else(|| format!("the example has nothing at `{pointer}`"))?.clone();
    let typed: T = serde_json::from_value(original.clone()).map_err(|e| format!("decoding failed: {e}"))?;
    let encoded = serde_json::to_value(&typed).map_err(|e| format!("encoding failed: {e}"))?;
    if equivalent(&original, &encoded) {
        Ok(typed)
    } else {
        Err(format!("the round trip changed the document:\n  before: {original}\n  after:  {encoded}"))
    }
}

/// JSON equality where a string holding a JSON object or array equals another such string with
/// the same document.
pub fn equivalent(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => {
            // A member that is `null` says what an absent member says: a nullable field decodes
            // both to `None`, which encodes as absent (vendors' examples show `"Children": null`).
            let present =
                |o: &'_ serde_json::Map<String, Value>| o.iter().filter(|(_, v)| !v.is_null()).count();
            present(a) == present(b)
                && a.iter()
                    .filter(|(_, v)| !v.is_null())
                    .all(|(k, v)| b.get(k).is_some_and(|w| equivalent(v, w)))
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(v, w)| equivalent(v, w))
        }
        (Value::String(a), Value::String(b)) if a != b => match (parse_document(a), parse_document(b)) {
            (Some(a), Some(b)) => equivalent(&a, &b),
            _ => false,
        },
        (Value::Number(a), Value::Number(b)) => a == b || a.as_f64() == b.as_f64(),
        _ => a == b,
    }
}

fn parse_document(text: &str) -> Option<Value> {
    let trimmed = text.trim_start();
    if !(trimmed.starts_with('{') || trimmed.starts_with('[')) {
        return None;
    }
    serde_json::from_str(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn embedded_documents_compare_by_content() {
        assert!(equivalent(&json!({"a": "{ \"x\": 1 }"}), &json!({"a": "{\"x\":1}"})));
        assert!(!equivalent(&json!({"a": "{\"x\":1}"}), &json!({"a": "{\"x\":2}"})));
        assert!(!equivalent(&json!({"a": 1}), &json!({"a": 1, "b": 2})));
        assert!(!equivalent(&json!("x"), &json!("y")));
    }

    #[test]
    fn null_members_equal_absent_ones() {
        assert!(equivalent(&json!({"a": 1, "b": null}), &json!({"a": 1})));
        assert!(equivalent(&json!({"a": 1}), &json!({"a": 1, "b": null})));
        assert!(!equivalent(&json!({"a": 1, "b": null}), &json!({"a": 1, "b": 2})));
        assert!(!equivalent(&json!({"a": null}), &json!({"b": 1})));
    }

    #[test]
    fn round_trip_reports_lost_fields() {
        #[derive(serde::Serialize, serde::Deserialize)]
        struct Only {
            a: i32,
        }
        assert!(round_trip::<Only>(r#"{"a": 1}"#, "").is_ok());
        let error = round_trip::<Only>(r#"{"a": 1, "b": 2}"#, "").err().unwrap();
        assert!(error.contains("changed the document"), "{error}");
        assert!(round_trip::<Only>(r#"{"R": {"a": 1}}"#, "/R").is_ok());
    }
}
