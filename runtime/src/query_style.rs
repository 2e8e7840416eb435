//! How lists and maps become `name=value` pairs in a query string or a form body.
//!
//! Each vendor SDK has one default and, in some APIs, per-parameter exceptions:
//!
//! | Protocol | Lists | Maps / objects | Where the default comes from |
//! |---|---|---|---|
//! | Alibaba RPC (`AcsRpc`), PDS/ROA query | `Name.1=a&Name.2=b` ([`ListStyle::Indexed`] from 1) | `Name.Key=v` ([`MapStyle::Dotted`]); a list of `{Key, Value}` objects gives `Name.1.Key=k&Name.1.Value=v` | `alibabacloud_openapi_util` (Python, 0.2.4) `Client.query` / `Client.to_form` → `_object_handler`: lists recurse with `index + 1`, dicts and models with `.key` |
//! | Alibaba, per parameter | `style: repeatList` = indexed; `simple` = comma-joined; `spaceDelimited` / `pipeDelimited`; `json` = one JSON string | `json` = one JSON string | same package, `array_to_string_with_specified_style(array, prefix, style)`, called by the generated service clients for the parameters whose API metadata sets `style` (the `…Shrink` request fields) |
//! | Tencent Cloud API 3.0 (GET / form requests) | `Name.0=a&Name.1=b` ([`ListStyle::Indexed`] from **0**) | `Name.Key=v` | `tencentcloud-sdk-python-common` (3.1.x) `AbstractClient._format_params`: `"{prefix}.{idx}"` over `enumerate` (0-based), dicts `"{prefix}.{key}"`. POST requests signed with TC3 carry a JSON body instead |
//! | Huawei Cloud REST (query) | `name=a&name=b` ([`ListStyle::Repeated`]) | — | `huaweicloudsdkcore` (3.1.x) `Client._parse_query_params`: every collection query parameter gets the `multi` format, `http_utils.parameters_to_tuples` then repeats the key |
//! | Huawei Cloud REST (form / post params) | `name=a,b` ([`ListStyle::Delimited`] `','`) unless the parameter says `multi` | — | same function with the operation's own `collection_formats`: anything but `multi` is `','.join` |
//! | OCI REST (query) | per parameter: `multi` = repeated keys (most list filters), `csv` = comma-joined (e.g. `fields`) | `name.key=v` (`definedTagsExists.tag1=true`) | `oci` Python SDK: generated clients call `base_client.generate_collection_format_param(value, 'multi' \| 'csv')`; `BaseClient.process_query_params` dots dict keys |
//!
//! [`ParamStyle::for_protocol`] gives the defaults of the table; a spec overrides them per
//! field with [`crate::Call::param_style`]. Styles apply to a top-level request field; values
//! nested inside an indexed list or a dotted object are flattened the indexed/dotted way.

use serde_json::Value;

use crate::protocol::Protocol;

/// How a list becomes query or form pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListStyle {
    /// `Name.1=a&Name.2=b`, numbered from `first`; items that are objects or lists continue the
    /// name (`Name.1.Key=k`).
    Indexed { first: u32 },
    /// `Name=a&Name=b` (an item that is an object or list is sent as JSON text).
    Repeated,
    /// `Name=a,b` with the given separator (`,`, ` ` or `|`); an empty list sends nothing.
    Delimited(char),
    /// `Name=["a","b"]`: the whole list as one JSON string.
    Json,
}

/// How an object (a map, or a nested structure) becomes query or form pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapStyle {
    /// `Name.key=value` for each member.
    Dotted,
    /// `Name.1.Key=key&Name.1.Value=value`, numbered from `first`: a map sent as a list of
    /// key-value pairs (how Alibaba and Tencent APIs take tags).
    KeyValue { first: u32 },
    /// `Name={"key":"value"}`: the whole object as one JSON string.
    Json,
}

/// The style of one request field: for a list, a map, or both nested.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamStyle {
    /// For a list value.
    pub list: ListStyle,
    /// For an object value (a map or a structure).
    pub map: MapStyle,
}

impl ParamStyle {
    /// Alibaba's flattening: `Name.1`, `Name.Key`. Also the default of [`crate::Call`].
    pub const INDEXED_FROM_1: ParamStyle =
        ParamStyle { list: ListStyle::Indexed { first: 1 }, map: MapStyle::Dotted };
    /// Tencent's flattening: `Name.0`, `Name.Key`.
    pub const INDEXED_FROM_0: ParamStyle =
        ParamStyle { list: ListStyle::Indexed { first: 0 }, map: MapStyle::Dotted };
    /// REST query lists as repeated keys, maps dotted.
    pub const REPEATED: ParamStyle = ParamStyle { list: ListStyle::Repeated, map: MapStyle::Dotted };
    /// Comma-joined lists (Alibaba `simple`, OCI `csv`, Huawei form parameters).
    pub const COMMA: ParamStyle = ParamStyle { list: ListStyle::Delimited(','), map: MapStyle::Dotted };
    /// Lists and maps as one JSON string (Alibaba `json`).
    pub const JSON: ParamStyle = ParamStyle { list: ListStyle::Json, map: MapStyle::Json };

    /// The vendor SDK's default for query parameters of `protocol` (see the module table).
    pub const fn for_protocol(protocol: Protocol) -> ParamStyle {
        match protocol {
            Protocol::AcsRpc | Protocol::PdsRoa => Self::INDEXED_FROM_1,
            Protocol::TencentJson => Self::INDEXED_FROM_0,
            Protocol::HuaweiRest | Protocol::OciRest => Self::REPEATED,
        }
    }
}

/// Appends the pairs of field `name` with `value` in `style` to `out`; `null` sends nothing.
pub(crate) fn encode(name: &str, value: &Value, style: ParamStyle, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::String(_) | Value::Bool(_) | Value::Number(_) => out.push((name.to_owned(), text(value))),
        Value::Array(items) => match style.list {
            ListStyle::Indexed { first } => {
                let nested = ParamStyle { list: style.list, map: MapStyle::Dotted };
                for (index, item) in items.iter().enumerate() {
                    encode(&format!("{name}.{}", index as u64 + u64::from(first)), item, nested, out);
                }
            }
            ListStyle::Repeated => {
                out.extend(
                    items.iter().filter(|item| !item.is_null()).map(|item| (name.to_owned(), text(item))),
                );
            }
            ListStyle::Delimited(separator) => {
                let texts: Vec<String> = items.iter().filter(|item| !item.is_null()).map(text).collect();
                if !texts.is_empty() {
                    out.push((name.to_owned(), texts.join(&separator.to_string())));
                }
            }
            ListStyle::Json => out.push((name.to_owned(), value.to_string())),
        },
        Value::Object(members) => match style.map {
            MapStyle::Dotted => {
                let nested = nested_style(style);
                for (key, member) in members {
                    encode(&format!("{name}.{key}"), member, nested, out);
                }
            }
            MapStyle::KeyValue { first } => {
                let nested = nested_style(style);
                for (index, (key, member)) in members.iter().enumerate() {
                    let prefix = format!("{name}.{}", index as u64 + u64::from(first));
                    out.push((format!("{prefix}.Key"), key.clone()));
                    encode(&format!("{prefix}.Value"), member, nested, out);
                }
            }
            MapStyle::Json => out.push((name.to_owned(), value.to_string())),
        },
    }
}

/// Inside a dotted or key-value object, lists keep their indexing (from the field's first
/// index when it has one) and objects are dotted.
fn nested_style(style: ParamStyle) -> ParamStyle {
    let first = match style.list {
        ListStyle::Indexed { first } => first,
        _ => 1,
    };
    ParamStyle { list: ListStyle::Indexed { first }, map: MapStyle::Dotted }
}

/// A scalar as its text; a list or object (inside a repeated or delimited list) as JSON.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pairs(value: Value, style: ParamStyle) -> Vec<(String, String)> {
        let mut out = Vec::new();
        encode("Name", &value, style, &mut out);
        out
    }

    fn p(name: &str, value: &str) -> (String, String) {
        (name.to_owned(), value.to_owned())
    }

    #[test]
    fn lists_in_every_style() {
        let list = json!(["a", 2, true, null]);
        assert_eq!(
            pairs(list.clone(), ParamStyle::INDEXED_FROM_1),
            [p("Name.1", "a"), p("Name.2", "2"), p("Name.3", "true")]
        );
        assert_eq!(
            pairs(list.clone(), ParamStyle::INDEXED_FROM_0),
            [p("Name.0", "a"), p("Name.1", "2"), p("Name.2", "true")]
        );
        assert_eq!(
            pairs(list.clone(), ParamStyle::REPEATED),
            [p("Name", "a"), p("Name", "2"), p("Name", "true")]
        );
        assert_eq!(pairs(list.clone(), ParamStyle::COMMA), [p("Name", "a,2,true")]);
        assert_eq!(pairs(list, ParamStyle::JSON), [p("Name", r#"["a",2,true,null]"#)]);
        assert_eq!(pairs(json!([]), ParamStyle::COMMA), []);
        assert_eq!(pairs(json!([]), ParamStyle::JSON), [p("Name", "[]")]);
    }

    #[test]
    fn maps_dotted_as_key_value_pairs_or_json() {
        let map = json!({"env": "prod", "team": "a b"});
        assert_eq!(
            pairs(map.clone(), ParamStyle::INDEXED_FROM_1),
            [p("Name.env", "prod"), p("Name.team", "a b")]
        );
        let key_value =
            ParamStyle { list: ListStyle::Indexed { first: 1 }, map: MapStyle::KeyValue { first: 1 } };
        assert_eq!(
            pairs(map.clone(), key_value),
            [
                p("Name.1.Key", "env"),
                p("Name.1.Value", "prod"),
                p("Name.2.Key", "team"),
                p("Name.2.Value", "a b")
            ]
        );
        assert_eq!(pairs(map, ParamStyle::JSON), [p("Name", r#"{"env":"prod","team":"a b"}"#)]);
    }

    #[test]
    fn nested_values_keep_the_fields_indexing() {
        let tags = json!([{"Key": "k", "Values": ["x", "y"]}]);
        assert_eq!(
            pairs(tags.clone(), ParamStyle::INDEXED_FROM_0),
            [p("Name.0.Key", "k"), p("Name.0.Values.0", "x"), p("Name.0.Values.1", "y")]
        );
        assert_eq!(pairs(tags, ParamStyle::REPEATED), [p("Name", r#"{"Key":"k","Values":["x","y"]}"#)]);
    }
}
