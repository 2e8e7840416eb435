//! One function per `x-acs-action`: read the operation's parameters (query string and form body,
//! all text, as RPC sends them), refuse missing or mistyped ones as DataWorks does, and apply the
//! operation to the store.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::envelope::ApiError;
use super::store::{ListFilter, Store};

/// The actions the fake serves.
pub const ACTIONS: [&str; 7] = [
    "CreateResource",
    "GetResource",
    "UpdateResource",
    "DeleteResource",
    "MoveResource",
    "RenameResource",
    "ListResources",
];

/// ListResources' documented page size: default 10, at most 100.
const DEFAULT_PAGE_SIZE: u32 = 10;
const MAX_PAGE_SIZE: u32 = 100;

/// Applies `action` with `params` (query and form pairs, the body's winning on a repeated name).
pub fn dispatch(
    action: &str,
    params: &HashMap<String, String>,
    store: &mut Store,
) -> Result<Map<String, Value>, ApiError> {
    let p = Params(params);
    match action {
        "CreateResource" => store.create_resource(
            p.required_project()?,
            p.required("Spec")?,
            p.optional("ResourceFile").map(str::to_owned),
        ),
        "GetResource" => store.get_resource(p.optional_project()?, p.required("Id")?),
        "UpdateResource" => store.update_resource(
            p.required_project()?,
            p.required("Id")?,
            p.required("Spec")?,
            p.optional("ResourceFile").map(str::to_owned),
        ),
        "DeleteResource" => store.delete_resource(p.required_project()?, p.required("Id")?),
        "MoveResource" => store.move_resource(p.required_project()?, p.required("Id")?, p.required("Path")?),
        "RenameResource" => {
            store.rename_resource(p.required_project()?, p.required("Id")?, p.required("Name")?)
        }
        "ListResources" => {
            let project = p.required_project()?;
            let page_number = p.optional_u32("PageNumber")?.unwrap_or(1);
            let page_size = p.optional_u32("PageSize")?.unwrap_or(DEFAULT_PAGE_SIZE);
            if page_number == 0 {
                return Err(ApiError::invalid("PageNumber must be 1 or more."));
            }
            if page_size == 0 || page_size > MAX_PAGE_SIZE {
                return Err(ApiError::invalid(format!("PageSize must be between 1 and {MAX_PAGE_SIZE}.")));
            }
            let filter = ListFilter {
                name: p.optional("Name").map(str::to_owned),
                owner: p.optional("Owner").map(str::to_owned),
                type_: p.optional("Type").map(str::to_owned),
            };
            Ok(store.list_resources(project, &filter, page_number, page_size))
        }
        other => {
            Err(ApiError::new(404, "InvalidAction.NotFound", format!("Specified api {other} is not found.")))
        }
    }
}

struct Params<'a>(&'a HashMap<String, String>);

impl<'a> Params<'a> {
    /// A parameter's value; an empty value counts as absent, as Alibaba's gateway treats it.
    fn optional(&self, name: &str) -> Option<&'a str> {
        self.0.get(name).map(String::as_str).filter(|v| !v.is_empty())
    }

    fn required(&self, name: &str) -> Result<&'a str, ApiError> {
        self.optional(name).ok_or_else(|| ApiError::missing(name))
    }

    fn optional_project(&self) -> Result<Option<i64>, ApiError> {
        self.optional("ProjectId")
            .map(|v| {
                v.parse().map_err(|_| ApiError::invalid("ProjectId must be an integer (the workspace ID)."))
            })
            .transpose()
    }

    fn required_project(&self) -> Result<i64, ApiError> {
        self.optional_project()?.ok_or_else(|| ApiError::missing("ProjectId"))
    }

    fn optional_u32(&self, name: &str) -> Result<Option<u32>, ApiError> {
        self.optional(name)
            .map(|v| v.parse().map_err(|_| ApiError::invalid(format!("{name} must be a positive integer."))))
            .transpose()
    }
}
