//! One function per `X-TC-Action`: read the operation's parameters from the JSON body (refusing
//! missing or mistyped ones as WeData does) and apply it to the store.

use serde_json::{Map, Value};

use super::envelope::ApiError;
use super::store::{ListFilter, Store};

/// The actions the fake serves.
pub const ACTIONS: [&str; 9] = [
    "CreateCodeFile",
    "GetCodeFile",
    "UpdateCodeFile",
    "DeleteCodeFile",
    "CreateCodeFolder",
    "GetCodeFolder",
    "UpdateCodeFolder",
    "DeleteCodeFolder",
    "ListCodeFolderContents",
];

/// Applies `action` with the parameters `params` (the request body's object).
pub fn dispatch(action: &str, params: &Map<String, Value>, store: &mut Store) -> Result<Value, ApiError> {
    let p = Params(params);
    let project = p.required_str("ProjectId")?;
    match action {
        "CreateCodeFile" => store.create_code_file(
            project,
            p.required_str("CodeFileName")?,
            p.required_str("ParentFolderPath")?,
            p.optional_object("CodeFileConfig")?.unwrap_or(Value::Null),
            p.optional_str("CodeFileContent")?.map(str::to_owned),
        ),
        "GetCodeFile" => store.get_code_file(
            project,
            p.required_str("CodeFileId")?,
            p.optional_bool("IncludeContent")?.unwrap_or(false),
        ),
        "UpdateCodeFile" => {
            // SubmitAction is accepted (the SDK model has it) but has no documented effect.
            p.optional_bool("SubmitAction")?;
            store.update_code_file(
                project,
                p.required_str("CodeFileId")?,
                p.optional_object("CodeFileConfig")?,
                p.optional_str("CodeFileContent")?.map(str::to_owned),
            )
        }
        "DeleteCodeFile" => store.delete_code_file(project, p.required_str("CodeFileId")?),
        "CreateCodeFolder" => store.create_code_folder(
            project,
            p.required_str("FolderName")?,
            p.required_str("ParentFolderPath")?,
        ),
        "GetCodeFolder" => store.get_code_folder(project, p.required_str("FolderId")?),
        "UpdateCodeFolder" => {
            store.update_code_folder(project, p.required_str("FolderId")?, p.required_str("FolderName")?)
        }
        "DeleteCodeFolder" => store.delete_code_folder(project, p.required_str("FolderId")?),
        "ListCodeFolderContents" => {
            p.optional_bool("OnlyUserSelfScript")?;
            let filter = ListFilter {
                parent: p.optional_str("ParentFolderPath")?.map(str::to_owned),
                keyword: p.optional_str("Keyword")?.filter(|k| !k.is_empty()).map(str::to_owned),
                only_folders: p.optional_bool("OnlyFolderNode")?.unwrap_or(false),
            };
            store.list_code_folder_contents(project, &filter)
        }
        other => Err(ApiError::new("InvalidAction", format!("The action {other} does not exist."))),
    }
}

struct Params<'a>(&'a Map<String, Value>);

fn wrong_type(name: &str, expected: &str) -> ApiError {
    ApiError::new("InvalidParameter", format!("The parameter {name} must be {expected}."))
}

impl<'a> Params<'a> {
    fn present(&self, name: &str) -> Option<&'a Value> {
        self.0.get(name).filter(|v| !v.is_null())
    }

    fn required_str(&self, name: &str) -> Result<&'a str, ApiError> {
        self.optional_str(name)?.ok_or_else(|| {
            ApiError::new(
                "MissingParameter",
                format!("The request is missing a required parameter `{name}`."),
            )
        })
    }

    fn optional_str(&self, name: &str) -> Result<Option<&'a str>, ApiError> {
        self.present(name).map(|v| v.as_str().ok_or_else(|| wrong_type(name, "a string"))).transpose()
    }

    fn optional_bool(&self, name: &str) -> Result<Option<bool>, ApiError> {
        self.present(name).map(|v| v.as_bool().ok_or_else(|| wrong_type(name, "a boolean"))).transpose()
    }

    fn optional_object(&self, name: &str) -> Result<Option<Value>, ApiError> {
        self.present(name)
            .map(|v| if v.is_object() { Ok(v.clone()) } else { Err(wrong_type(name, "an object")) })
            .transpose()
    }
}
