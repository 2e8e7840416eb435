//! The routes of the notebook contents API: which operation a method and path name, and the
//! parameters each reads from the query, the headers and the JSON body.

use serde_json::{Map, Value};

use super::envelope::OciError;
use super::store::{Answer, Format, Kind, Read, Store, normalize};
use crate::http::Request;

/// The API version every path starts with.
pub const API_VERSION: &str = "20260430";

/// What a contents path names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// `(aiDataPlatformId, workspaceKey)`: each pair has a tree of its own.
    pub workspace: (String, String),
    /// The decoded, normalized content path (`""` is the root).
    pub content_path: String,
}

/// `/20260430/aiDataPlatforms/{id}/workspaces/{key}/notebook/api/contents/{contentPath}`.
/// contentPath is one percent-encoded segment as OCI's SDKs send it (`a%2Fb.py`); a path whose
/// slashes arrive unencoded (`a/b.py`) names the same content.
pub fn route(path: &str) -> Result<Route, OciError> {
    let unknown = || OciError::new(404, "NotFound", format!("There is no operation at `{path}`."));
    let mut segments = path.strip_prefix('/').ok_or_else(unknown)?.splitn(9, '/');
    let mut next = || segments.next().ok_or_else(unknown);
    let (version, platforms, platform, workspaces, key) = (next()?, next()?, next()?, next()?, next()?);
    let (notebook, api, contents, content) = (next()?, next()?, next()?, next()?);
    let fixed = [version, platforms, workspaces, notebook, api, contents];
    if fixed != [API_VERSION, "aiDataPlatforms", "workspaces", "notebook", "api", "contents"]
        || platform.is_empty()
        || key.is_empty()
    {
        return Err(unknown());
    }
    let decode = |text: &str| {
        percent_encoding::percent_decode_str(text)
            .decode_utf8()
            .map(|decoded| decoded.into_owned())
            .map_err(|_| OciError::invalid("A path parameter is not UTF-8 once decoded."))
    };
    Ok(Route { workspace: (decode(platform)?, decode(key)?), content_path: normalize(&decode(content)?)? })
}

/// Applies the request's operation to the store.
pub fn dispatch(request: &Request, route: &Route, store: &mut Store) -> Result<Answer, OciError> {
    let (workspace, path) = (&route.workspace, route.content_path.as_str());
    let if_match = request.header("if-match");
    match request.method.as_str() {
        "GET" => store.get(workspace, path, read_query(request)?),
        "POST" => store.create(workspace, path, &body(request, false)?),
        "PUT" => store.save(workspace, path, if_match, &body(request, true)?),
        "PATCH" => {
            let details = body(request, true)?;
            let new_path = match details.get("path") {
                Some(Value::String(new_path)) => normalize(new_path)?,
                None | Some(Value::Null) => return Err(OciError::missing("path")),
                Some(_) => return Err(OciError::invalid("`path` must be a string.")),
            };
            store.rename(workspace, path, if_match, &new_path)
        }
        "DELETE" => store.delete(workspace, path, if_match),
        other => Err(OciError::new(
            404,
            "NotFound",
            format!("There is no {other} operation on notebook contents."),
        )),
    }
}

/// GetContent's query: `type`, `format`, and the 0/1 flags `content` (default 1) and `hash`
/// (default 0).
fn read_query(request: &Request) -> Result<Read, OciError> {
    let mut read = Read { kind: None, format: None, content: true, hash: false };
    for (name, value) in &request.query {
        match name.as_str() {
            "type" => read.kind = Some(Kind::parse(value)?),
            "format" => read.format = Some(Format::parse(value)?),
            "content" => read.content = flag(name, value)?,
            "hash" => read.hash = flag(name, value)?,
            _ => {}
        }
    }
    Ok(read)
}

fn flag(name: &str, value: &str) -> Result<bool, OciError> {
    match value {
        "0" => Ok(false),
        "1" => Ok(true),
        _ => Err(OciError::invalid(format!("`{name}` must be 0 or 1."))),
    }
}

/// The JSON object of the body; `required` refuses an empty body (PUT and PATCH need their
/// details, POST may come without).
fn body(request: &Request, required: bool) -> Result<Map<String, Value>, OciError> {
    if request.body.is_empty() && !required {
        return Ok(Map::new());
    }
    match serde_json::from_slice(&request.body) {
        Ok(Value::Object(details)) => Ok(details),
        _ => Err(OciError::new(400, "CannotParseRequest", "The request body is not a JSON object.")),
    }
}
