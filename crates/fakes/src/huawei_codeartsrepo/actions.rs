//! The routes of the v4 file API: which operation a method and path are, and each operation's
//! parameters read from the query or the JSON body (refusing missing or malformed ones with
//! `CH.010001`), applied to the store.

use base64::Engine;
use serde_json::{Map, Value};

use super::envelope::ApiError;
use super::store::{Author, Rename, Store, TreeQuery, normalize};
use crate::http::{Request, Response};

/// A request routed to an operation of one repository.
pub struct Route {
    pub operation: &'static str,
    pub repository: i32,
}

/// The operation at `method` and `path`, or `None` when the gateway knows no such API.
pub fn route(method: &str, path: &str) -> Option<Route> {
    let rest = path.strip_prefix("/v4/repositories/")?;
    let (id, tail) = rest.split_once('/')?;
    // Any id the path carries is routed; one outside 1..=2147483647 names no repository.
    let repository = id.parse::<i64>().ok()?.try_into().unwrap_or(0);
    let operation = match (method, tail) {
        ("POST", "repository/files") => "CreateFile",
        ("POST", "repository/dir") => "CreateDir",
        ("GET", "repository/trees") => "ListTrees",
        ("GET", "repository/file") => "ShowFile",
        ("GET", "repository/files/raw") => "ShowFileRaw",
        ("PUT", "repository/file") => "UpdateFile",
        ("PUT", "repository/rename-file") => "RenameFile",
        ("DELETE", "repository/file") => "DeleteFile",
        _ => return None,
    };
    Some(Route { operation, repository })
}

/// Applies the routed operation; the answer on success.
pub fn dispatch(route: &Route, request: &Request, store: &mut Store) -> Result<Response, ApiError> {
    let repository = route.repository;
    let query = Query(request);
    match route.operation {
        "CreateFile" => {
            let body = Body::parse(request)?;
            let path = normalize("file_path", body.required_str("file_path")?)?;
            let content = decode_content(body.content()?, body.optional_str("encoding")?)?;
            let created = store.create_file(
                repository,
                body.required_str("branch")?,
                &path,
                content,
                body.required_str("commit_message")?,
                &body.author()?,
            )?;
            Ok(Response::json(201, &created))
        }
        "CreateDir" => {
            let body = Body::parse(request)?;
            let path = normalize("file_path", body.required_str("file_path")?)?;
            let commit = store.create_dir(
                repository,
                body.required_str("branch_name")?,
                &path,
                body.required_str("commit_message")?,
            )?;
            Ok(Response::json(201, &Value::String(commit)))
        }
        "ListTrees" => {
            let tree = TreeQuery {
                reference: query.optional("ref").map(str::to_owned),
                path: query.optional("path").map(str::to_owned),
                recursive: query.bool("recursive")?.unwrap_or(false),
                offset: query.integer("offset", 0, i32::MAX as usize)?.unwrap_or(0),
                limit: query.integer("limit", 1, 100)?.unwrap_or(20),
            };
            let (page, total) = store.list_trees(repository, &tree)?;
            Ok(Response::json(200, &page).with_header("X-Total", total.to_string()))
        }
        "ShowFile" => {
            let path = normalize("file_path", query.required("file_path")?)?;
            Ok(Response::json(200, &store.show_file(repository, query.optional("ref"), &path)?))
        }
        "ShowFileRaw" => {
            let path = normalize("file_path", query.required("file_path")?)?;
            let bytes = store.show_file_raw(repository, query.optional("ref"), &path)?;
            Ok(Response::bytes(200, "application/octet-stream", bytes))
        }
        "UpdateFile" => {
            let path = normalize("file_path", query.required("file_path")?)?;
            let body = Body::parse(request)?;
            // The body names the file again (mandatory there too); it must be the file the
            // query names.
            if normalize("file_path", body.required_str("file_path")?)? != path {
                return Err(ApiError::invalid("'file_path' differs between the query and the body."));
            }
            let content = decode_content(body.content()?, body.optional_str("encoding")?)?;
            let updated = store.update_file(
                repository,
                body.required_str("branch")?,
                &path,
                content,
                body.required_str("commit_message")?,
                body.optional_str("last_commit_id")?,
                &body.author()?,
            )?;
            Ok(Response::json(200, &updated))
        }
        "RenameFile" => {
            let body = Body::parse(request)?;
            let previous = normalize("previous_path", body.required_str("previous_path")?)?;
            let path = normalize("file_path", body.required_str("file_path")?)?;
            let encoding = body.optional_str("encoding")?;
            let rename = Rename {
                branch: body.required_str("branch_name")?.to_owned(),
                start_branch: body.optional_str("start_branch")?.map(str::to_owned),
                message: body.required_str("commit_message")?.to_owned(),
                infer_content: body.optional_bool("infer_content")?.unwrap_or(false),
                content: body.optional_str("content")?.map(|c| decode_content(c, encoding)).transpose()?,
                last_commit_id: body.optional_str("last_commit_id")?.map(str::to_owned),
                author: body.author()?,
            };
            Ok(Response::json(200, &store.rename_file(repository, &previous, &path, rename)?))
        }
        "DeleteFile" => {
            let path = normalize("file_path", query.required("file_path")?)?;
            let author = Author {
                name: query.optional("author_name").map(str::to_owned),
                email: query.optional("author_email").map(str::to_owned),
            };
            let deleted = store.delete_file(
                repository,
                query.required("branch")?,
                &path,
                query.required("commit_message")?,
                &author,
            )?;
            // The page's status and body: 204 with {"status": "success"}.
            Ok(Response::json(204, &deleted))
        }
        other => Err(ApiError::invalid(format!("The operation {other} is not served."))),
    }
}

/// `content` as bytes, per `encoding` (`text`, the default, or `base64`).
fn decode_content(content: &str, encoding: Option<&str>) -> Result<Vec<u8>, ApiError> {
    match encoding {
        None | Some("text") => Ok(content.as_bytes().to_vec()),
        Some(e) if e.eq_ignore_ascii_case("base64") => base64::engine::general_purpose::STANDARD
            .decode(content)
            .map_err(|_| ApiError::invalid("'content' is not valid base64.")),
        Some(other) => Err(ApiError::invalid(format!("'encoding': {other:?} is neither text nor base64."))),
    }
}

struct Query<'a>(&'a Request);

impl<'a> Query<'a> {
    fn optional(&self, name: &str) -> Option<&'a str> {
        self.0.query.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn required(&self, name: &str) -> Result<&'a str, ApiError> {
        self.optional(name).filter(|v| !v.is_empty()).ok_or_else(|| missing(name))
    }

    fn bool(&self, name: &str) -> Result<Option<bool>, ApiError> {
        self.optional(name)
            .map(|v| v.parse().map_err(|_| ApiError::invalid(format!("'{name}' must be true or false."))))
            .transpose()
    }

    fn integer(&self, name: &str, minimum: usize, maximum: usize) -> Result<Option<usize>, ApiError> {
        self.optional(name)
            .map(|v| {
                v.parse::<usize>().ok().filter(|n| (minimum..=maximum).contains(n)).ok_or_else(|| {
                    ApiError::invalid(format!("'{name}' must be an integer from {minimum} to {maximum}."))
                })
            })
            .transpose()
    }
}

fn missing(name: &str) -> ApiError {
    ApiError::invalid(format!("'{name}' is required."))
}

struct Body(Map<String, Value>);

impl Body {
    fn parse(request: &Request) -> Result<Body, ApiError> {
        match serde_json::from_slice(&request.body) {
            Ok(Value::Object(members)) => Ok(Body(members)),
            _ => Err(ApiError::invalid("The request body is not a JSON object.")),
        }
    }

    fn present(&self, name: &str) -> Option<&Value> {
        self.0.get(name).filter(|v| !v.is_null())
    }

    fn optional_str(&self, name: &str) -> Result<Option<&str>, ApiError> {
        self.present(name)
            .map(|v| v.as_str().ok_or_else(|| ApiError::invalid(format!("'{name}' must be a string."))))
            .transpose()
    }

    fn required_str(&self, name: &str) -> Result<&str, ApiError> {
        self.optional_str(name)?.filter(|v| !v.is_empty()).ok_or_else(|| missing(name))
    }

    /// `content`: mandatory, but an empty file is a file.
    fn content(&self) -> Result<&str, ApiError> {
        self.optional_str("content")?.ok_or_else(|| missing("content"))
    }

    fn optional_bool(&self, name: &str) -> Result<Option<bool>, ApiError> {
        self.present(name)
            .map(|v| v.as_bool().ok_or_else(|| ApiError::invalid(format!("'{name}' must be a boolean."))))
            .transpose()
    }

    fn author(&self) -> Result<Author, ApiError> {
        Ok(Author {
            name: self.optional_str("author_name")?.map(str::to_owned),
            email: self.optional_str("author_email")?.map(str::to_owned),
        })
    }
}
