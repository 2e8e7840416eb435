//! `#[derive(cloudspec_runtime::Deserialize)]` reads every document as serde's own derive does:
//! each struct here is declared twice, once with each derive, and both decode the same inputs
//! to the same value or the same error message.

use time::OffsetDateTime;

/// Declares `ours::$name` and `serdes::$name` with the same fields and attributes.
macro_rules! twins {
    ($(#[$meta:meta])* struct $name:ident { $($body:tt)* }) => {
        mod ours_impl {
            #[allow(unused_imports)]
            use super::*;
            #[derive(Debug, PartialEq, cloudspec_runtime::Deserialize)]
            $(#[$meta])*
            pub struct $name { $($body)* }
        }
        mod serde_impl {
            #[allow(unused_imports)]
            use super::*;
            #[derive(Debug, PartialEq, serde::Deserialize)]
            $(#[$meta])*
            pub struct $name { $($body)* }
        }
    };
}

/// Decodes `json` with both derives, from a slice (borrowed keys) and from a reader (owned
/// keys), and returns the slice outcome after checking all four agree.
fn agree<O, S>(json: &str) -> String
where
    O: serde::de::DeserializeOwned + std::fmt::Debug,
    S: serde::de::DeserializeOwned + std::fmt::Debug,
{
    let show = |outcome: Result<String, serde_json::Error>| match outcome {
        Ok(value) => format!("Ok({value})"),
        Err(error) => format!("Err({error})"),
    };
    let ours = show(serde_json::from_str::<O>(json).map(|v| format!("{v:?}")));
    let theirs = show(serde_json::from_str::<S>(json).map(|v| format!("{v:?}")));
    assert_eq!(ours, theirs, "document: {json}");
    let ours_read = show(serde_json::from_reader::<_, O>(json.as_bytes()).map(|v| format!("{v:?}")));
    let theirs_read = show(serde_json::from_reader::<_, S>(json.as_bytes()).map(|v| format!("{v:?}")));
    assert_eq!(ours_read, theirs_read, "document (reader): {json}");
    ours
}

mod file {
    use super::*;
    twins! {
        struct File {
            #[serde(rename = "FileId")]
            pub file_id: String,
            #[serde(rename = "Size", default, skip_serializing_if = "Option::is_none")]
            pub size: Option<i64>,
            #[serde(rename = "Tags", default, skip_serializing_if = "Option::is_none")]
            pub tags: Option<Vec<String>>,
            #[serde(rename = "Created", default, skip_serializing_if = "Option::is_none", with = "cloudspec_runtime::wire::rfc3339::option")]
            pub created: Option<OffsetDateTime>,
            #[serde(rename = "Content", with = "cloudspec_runtime::wire::nullable")]
            pub content: Option<String>,
            #[serde(skip)]
            pub request_id: Option<String>,
            pub plain: Option<bool>,
        }
    }
    pub use ours_impl::File as Ours;
    pub use serde_impl::File as Theirs;
}

mod tencent {
    twins! {
        #[serde(rename_all = "PascalCase")]
        struct CodeFile {
            pub code_file_id: String,
            pub ip_address: Option<String>,
            #[serde(rename = "type")]
            pub type_: Option<String>,
            pub parent_folder_path: Option<Vec<u32>>,
        }
    }
    pub use ours_impl::CodeFile as Ours;
    pub use serde_impl::CodeFile as Theirs;
}

mod camel {
    twins! {
        #[serde(rename_all = "camelCase")]
        struct Notebook {
            pub display_name: Option<String>,
            pub r#type: Option<String>,
            pub lifecycle_state2: Option<String>,
        }
    }
    pub use ours_impl::Notebook as Ours;
    pub use serde_impl::Notebook as Theirs;
}

mod open {
    twins! {
        struct Open {
            #[serde(rename = "Name")]
            pub name: String,
            #[serde(rename = "Spec", default, skip_serializing_if = "Option::is_none", with = "cloudspec_runtime::wire::json_string::option")]
            pub spec: Option<serde_json::Value>,
            #[serde(flatten)]
            pub extra: serde_json::Map<String, serde_json::Value>,
        }
    }
    pub use ours_impl::Open as Ours;
    pub use serde_impl::Open as Theirs;
}

mod empty {
    twins! {
        struct Empty {}
    }
    pub use ours_impl::Empty as Ours;
    pub use serde_impl::Empty as Theirs;
}

const FILE_DOCUMENTS: &[&str] = &[
    r#"{"FileId":"f1","Content":null}"#,
    r#"{"FileId":"f1","Content":"text","Size":12,"Tags":["a","b"],"Created":"2025-09-10T03:11:27Z","plain":true}"#,
    r#"{"FileId":"f1","Content":"x","Size":null,"Tags":null,"Created":null,"plain":null}"#,
    r#"{"FileId":"f1","Content":"x","Unknown":{"deep":[1,2,{"x":null}]},"request_id":"r-1"}"#,
    r#"{"Content":"x"}"#,
    r#"{"FileId":"f1"}"#,
    r#"{"FileId":"f1","FileId":"f2","Content":"x"}"#,
    r#"{"FileId":"f1","Content":"x","Created":"2025-09-10T03:11:27Z","Created":"2025-09-10T03:11:27Z"}"#,
    r#"{"FileId":7,"Content":"x"}"#,
    r#"{"FileId":"f1","Content":"x","Size":"twelve"}"#,
    r#"{"FileId":"f1","Content":"x","Created":"yesterday"}"#,
    r#"{"F\u0069leId":"escaped key","Content":"x"}"#,
    r#""a string""#,
    r#"null"#,
    r#"{"FileId":"f1","Content":"x""#,
];

#[test]
fn reads_fields_renames_defaults_timestamps_and_errors_like_serde() {
    let outcomes: Vec<String> =
        FILE_DOCUMENTS.iter().map(|json| agree::<file::Ours, file::Theirs>(json)).collect();
    // The comparison is only as good as the inputs: both successes and each kind of error occur.
    assert!(outcomes[1].starts_with("Ok(File { file_id: \"f1\", size: Some(12)"), "{}", outcomes[1]);
    assert!(outcomes[3].contains("request_id: None"), "a skipped field is never read: {}", outcomes[3]);
    assert!(outcomes[4].contains("missing field `FileId`"), "{}", outcomes[4]);
    assert!(
        outcomes[5].contains("missing field `Content`"),
        "a nullable field must be present: {}",
        outcomes[5]
    );
    assert!(outcomes[6].contains("duplicate field `FileId`"), "{}", outcomes[6]);
    assert!(outcomes[7].contains("duplicate field `Created`"), "{}", outcomes[7]);
    assert!(outcomes[10].contains("invalid timestamp"), "{}", outcomes[10]);
    assert!(outcomes[11].contains("escaped key"), "{}", outcomes[11]);
    assert!(outcomes[12].contains("expected struct File"), "{}", outcomes[12]);
}

#[test]
fn rename_all_gives_serde_wire_names() {
    for json in [
        r#"{"CodeFileId":"c","IpAddress":"10.0.0.1","type":"sql","ParentFolderPath":[1,2]}"#,
        r#"{"CodeFileId":"c","Type":"not the wire name"}"#,
        r#"{"code_file_id":"c"}"#,
    ] {
        agree::<tencent::Ours, tencent::Theirs>(json);
    }
    for json in [r#"{"displayName":"n","type":"t","lifecycleState2":"ACTIVE"}"#, r#"{"display_name":"n"}"#] {
        agree::<camel::Ours, camel::Theirs>(json);
    }
}

#[test]
fn an_open_struct_keeps_unlisted_members_in_order() {
    let outcome = agree::<open::Ours, open::Theirs>(
        r#"{"z":1,"Name":"n","a":{"b":[true]},"Spec":"{\"k\":2}","m":null}"#,
    );
    assert!(outcome.contains(r#""z": Number(1), "a": Object"#), "{outcome}");
    agree::<open::Ours, open::Theirs>(r#"{"Name":"n"}"#);
    agree::<open::Ours, open::Theirs>(r#"{"Spec":"{}"}"#);
    agree::<open::Ours, open::Theirs>(r#"{"Name":"n","Spec":"not json"}"#);
}

#[test]
fn an_empty_struct_reads_any_object() {
    agree::<empty::Ours, empty::Theirs>(r#"{}"#);
    agree::<empty::Ours, empty::Theirs>(r#"{"anything":[1,{"x":2}]}"#);
    agree::<empty::Ours, empty::Theirs>(r#"3"#);
}

/// The one documented difference: serde's derive also reads a struct from a JSON array by
/// position; no cloud API answers that way, and the runtime's derive refuses it.
#[test]
fn a_positional_array_is_refused() {
    let error = serde_json::from_str::<file::Ours>(r#"["f1", 12]"#).unwrap_err();
    assert!(error.to_string().contains("invalid type: sequence, expected struct File"), "{error}");
}
