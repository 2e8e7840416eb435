//! The state of the fake: per workspace (`ProjectId`), the DataStudio file resources, each with
//! its FlowSpec document, content, folder, version and times. Every method is one operation's
//! effect and answers with the operation's members (JSON) or a DataWorks error.
//!
//! Paths follow DataStudio's FlowSpec: a resource's `script.path` is its folder and its name
//! (`XX/OpenAPITest/ResourcesTest/math.py`); MoveResource takes the folder alone. Names are
//! unique within a folder of one workspace.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::envelope::ApiError;

/// A file resource as the fake keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredResource {
    pub id: String,
    pub project_id: i64,
    pub name: String,
    /// The folder, without the name; empty at the root.
    pub folder: String,
    /// `script.content`.
    pub content: String,
    /// The last `ResourceFile` (an OSS download link) sent, if any.
    pub resource_file: Option<String>,
    /// 1 when created, one more per UpdateResource, MoveResource or RenameResource.
    pub version: u64,
    pub owner: String,
    /// UNIX milliseconds.
    pub create_time: i64,
    pub modify_time: i64,
    /// The first `fileResources` item as last sent, every member kept.
    file_resource: Value,
    /// The FlowSpec document without its file resource (version, kind, metadata, ...).
    document: Value,
}

impl StoredResource {
    /// The resource's `script.path`: folder and name.
    pub fn path(&self) -> String {
        if self.folder.is_empty() { self.name.clone() } else { format!("{}/{}", self.folder, self.name) }
    }

    fn member(&self, pointer: &str) -> Option<&str> {
        self.file_resource.pointer(pointer).and_then(Value::as_str)
    }

    /// The FlowSpec document GetResource returns: the one sent, with the resource's current id,
    /// name, path and content.
    fn flow_spec(&self) -> Value {
        let mut resource = self.file_resource.clone();
        resource["id"] = json!(self.id);
        resource["name"] = json!(self.name);
        if !resource.get("script").is_some_and(Value::is_object) {
            resource["script"] = json!({});
        }
        resource["script"]["path"] = json!(self.path());
        resource["script"]["content"] = json!(self.content);
        let mut document = self.document.clone();
        document["spec"]["fileResources"] = json!([resource]);
        document
    }

    /// `Type` as ListResources documents it (Python, Jar, Archive, File): the FlowSpec `type`
    /// with an upper-case first letter.
    fn listed_type(&self) -> String {
        let raw = self.member("/type").unwrap_or("File");
        let mut chars = raw.chars();
        chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
    }
}

/// What ListResources filters on.
#[derive(Debug, Default)]
pub struct ListFilter {
    pub name: Option<String>,
    pub owner: Option<String>,
    pub type_: Option<String>,
}

/// Every workspace's file resources.
#[derive(Debug)]
pub struct Store {
    /// Keyed by workspace, then by the id's number (creation order).
    projects: BTreeMap<i64, BTreeMap<u64, StoredResource>>,
    owner: String,
    /// A logical clock in UNIX milliseconds: each change advances it one second, so times are
    /// distinct and the same on every run.
    now_millis: i64,
    next_id: u64,
}

fn not_found(id: &str) -> ApiError {
    ApiError::new(404, "Resource.NotFound", format!("The specified file resource {id} does not exist."))
}

fn name_taken(folder: &str, name: &str) -> ApiError {
    ApiError::invalid(format!("A file resource named {name} already exists in the folder '{folder}'."))
}

/// `a/b/c.py` as (`a/b`, `c.py`).
fn split_path(path: &str) -> (String, String) {
    let path = path.trim_matches('/');
    match path.rsplit_once('/') {
        Some((folder, name)) => (folder.to_owned(), name.to_owned()),
        None => (String::new(), path.to_owned()),
    }
}

fn check_name(name: &str) -> Result<(), ApiError> {
    if name.is_empty() || name.contains('/') {
        return Err(ApiError::invalid("The name of a file resource must be non-empty and contain no '/'."));
    }
    Ok(())
}

/// Merges `patch` into `target`: objects member by member, anything else replaced (the
/// incremental update UpdateResource documents).
fn merge(target: &mut Value, patch: &Value) {
    match (target, patch) {
        (Value::Object(target), Value::Object(patch)) => {
            for (key, value) in patch {
                merge(target.entry(key.clone()).or_insert(Value::Null), value);
            }
        }
        (target, patch) => *target = patch.clone(),
    }
}

/// The Spec parameter: a FlowSpec document of kind Resource with at least one file resource; the
/// first is the one used (the page: "the system creates only the first specified resource").
fn parse_spec(spec: &str) -> Result<(Value, Value), ApiError> {
    let mut document: Value =
        serde_json::from_str(spec).map_err(|_| ApiError::invalid("Spec is not a JSON document."))?;
    if !document.is_object() {
        return Err(ApiError::invalid("Spec must be a FlowSpec object."));
    }
    let resource = document
        .pointer_mut("/spec/fileResources")
        .and_then(Value::as_array_mut)
        .and_then(|items| (!items.is_empty()).then(|| items.swap_remove(0)))
        .filter(Value::is_object)
        .ok_or_else(|| ApiError::invalid("Spec must hold spec.fileResources with one file resource."))?;
    document["spec"]["fileResources"] = json!([]);
    Ok((document, resource))
}

impl Store {
    pub fn new(owner: String, start_millis: i64) -> Store {
        Store { projects: BTreeMap::new(), owner, now_millis: start_millis, next_id: 1 }
    }

    fn tick(&mut self) -> i64 {
        self.now_millis += 1000;
        self.now_millis
    }

    /// A resource of `project` (any workspace when `None`) by its id.
    fn find(&mut self, project: Option<i64>, id: &str) -> Result<&mut StoredResource, ApiError> {
        let key = key_of(id).ok_or_else(|| not_found(id))?;
        self.projects
            .iter_mut()
            .filter(|(p, _)| project.is_none_or(|wanted| **p == wanted))
            .find_map(|(_, resources)| resources.get_mut(&key))
            .ok_or_else(|| not_found(id))
    }

    fn check_free(
        &self,
        project: i64,
        folder: &str,
        name: &str,
        except: Option<&str>,
    ) -> Result<(), ApiError> {
        let taken = self.projects.get(&project).is_some_and(|resources| {
            resources.values().any(|r| r.folder == folder && r.name == name && Some(r.id.as_str()) != except)
        });
        if taken { Err(name_taken(folder, name)) } else { Ok(()) }
    }

    /// A copy of a resource, for tests that look at the state.
    pub fn get(&self, project: i64, id: &str) -> Option<StoredResource> {
        self.projects.get(&project)?.get(&key_of(id)?).cloned()
    }

    pub fn create_resource(
        &mut self,
        project: i64,
        spec: &str,
        resource_file: Option<String>,
    ) -> Result<Map<String, Value>, ApiError> {
        let (document, file_resource) = parse_spec(spec)?;
        let script_path = file_resource.pointer("/script/path").and_then(Value::as_str);
        let given_name = file_resource.get("name").and_then(Value::as_str);
        let (folder, name) = match (script_path, given_name) {
            (Some(path), Some(name)) => {
                let (folder, last) = split_path(path);
                // A path that ends in another name is a folder path.
                if last == name {
                    (folder, last)
                } else {
                    (path.trim_matches('/').to_owned(), name.to_owned())
                }
            }
            (Some(path), None) => split_path(path),
            (None, Some(name)) => (String::new(), name.to_owned()),
            (None, None) => return Err(ApiError::missing("Spec.spec.fileResources[0].name")),
        };
        check_name(&name)?;
        self.check_free(project, &folder, &name, None)?;
        let key = self.next_id;
        self.next_id += 1;
        let now = self.tick();
        let id = (ID_BASE + key).to_string();
        let content =
            file_resource.pointer("/script/content").and_then(Value::as_str).unwrap_or_default().to_owned();
        let resource = StoredResource {
            id: id.clone(),
            project_id: project,
            name,
            folder,
            content,
            resource_file,
            version: 1,
            owner: self.owner.clone(),
            create_time: now,
            modify_time: now,
            file_resource,
            document,
        };
        self.projects.entry(project).or_default().insert(key, resource);
        Ok(members(json!({ "Id": id })))
    }

    pub fn get_resource(&mut self, project: Option<i64>, id: &str) -> Result<Map<String, Value>, ApiError> {
        let resource = self.find(project, id)?;
        Ok(members(json!({
            "Resource": {
                "Id": resource.id,
                "ProjectId": resource.project_id.to_string(),
                "Name": resource.name,
                "Owner": resource.owner,
                "CreateTime": resource.create_time,
                "ModifyTime": resource.modify_time,
                "Spec": resource.flow_spec().to_string(),
            }
        })))
    }

    pub fn update_resource(
        &mut self,
        project: i64,
        id: &str,
        spec: &str,
        resource_file: Option<String>,
    ) -> Result<Map<String, Value>, ApiError> {
        let (document, patch) = parse_spec(spec)?;
        let current = self.find(Some(project), id)?.clone();
        let mut file_resource = current.file_resource.clone();
        merge(&mut file_resource, &patch);
        let mut updated = current;
        if let Some(name) = patch.get("name").and_then(Value::as_str) {
            check_name(name)?;
            updated.name = name.to_owned();
        }
        if let Some(path) = patch.pointer("/script/path").and_then(Value::as_str) {
            let (folder, last) = split_path(path);
            updated.folder = if last == updated.name { folder } else { path.trim_matches('/').to_owned() };
        }
        if let Some(content) = patch.pointer("/script/content").and_then(Value::as_str) {
            updated.content = content.to_owned();
        }
        self.check_free(project, &updated.folder, &updated.name, Some(id))?;
        merge(&mut updated.document, &document);
        updated.file_resource = file_resource;
        if resource_file.is_some() {
            updated.resource_file = resource_file;
        }
        self.save(updated);
        Ok(success())
    }

    pub fn move_resource(
        &mut self,
        project: i64,
        id: &str,
        path: &str,
    ) -> Result<Map<String, Value>, ApiError> {
        let mut moved = self.find(Some(project), id)?.clone();
        moved.folder = path.trim_matches('/').to_owned();
        self.check_free(project, &moved.folder, &moved.name, Some(id))?;
        self.save(moved);
        Ok(success())
    }

    pub fn rename_resource(
        &mut self,
        project: i64,
        id: &str,
        name: &str,
    ) -> Result<Map<String, Value>, ApiError> {
        check_name(name)?;
        let mut renamed = self.find(Some(project), id)?.clone();
        renamed.name = name.to_owned();
        self.check_free(project, &renamed.folder, &renamed.name, Some(id))?;
        self.save(renamed);
        Ok(success())
    }

    pub fn delete_resource(&mut self, project: i64, id: &str) -> Result<Map<String, Value>, ApiError> {
        let removed = key_of(id).and_then(|key| self.projects.get_mut(&project)?.remove(&key));
        removed.map(|_| success()).ok_or_else(|| not_found(id))
    }

    /// One page (numbered from 1) of the workspace's resources matching `filter`, oldest first.
    pub fn list_resources(
        &self,
        project: i64,
        filter: &ListFilter,
        page_number: u32,
        page_size: u32,
    ) -> Map<String, Value> {
        let matching: Vec<&StoredResource> = self
            .projects
            .get(&project)
            .into_iter()
            .flat_map(|resources| resources.values())
            .filter(|r| filter.name.as_deref().is_none_or(|n| r.name.contains(n)))
            .filter(|r| filter.owner.as_deref().is_none_or(|o| r.owner == o))
            .filter(|r| filter.type_.as_deref().is_none_or(|t| r.listed_type().eq_ignore_ascii_case(t)))
            .collect();
        let skip = (page_number as usize - 1).saturating_mul(page_size as usize);
        let page: Vec<Value> =
            matching.iter().skip(skip).take(page_size as usize).map(|r| listed(r)).collect();
        members(json!({
            "PagingInfo": {
                "TotalCount": matching.len(),
                "PageSize": page_size,
                "PageNumber": page_number,
                "Resources": page,
            }
        }))
    }

    fn save(&mut self, mut resource: StoredResource) {
        resource.version += 1;
        resource.modify_time = self.tick();
        if let Some(key) = key_of(&resource.id) {
            self.projects.entry(resource.project_id).or_default().insert(key, resource);
        }
    }
}

/// Ids look like DataWorks' (19 digits, beyond 2^53) and count up from here.
const ID_BASE: u64 = 6_314_788_648_976_300_000;

/// The store's key of an id the fake handed out; `None` for any other text.
fn key_of(id: &str) -> Option<u64> {
    id.parse::<u64>().ok()?.checked_sub(ID_BASE)
}

fn members(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn success() -> Map<String, Value> {
    members(json!({ "Success": true }))
}

/// A resource as ListResources shows it.
fn listed(resource: &StoredResource) -> Value {
    json!({
        "Id": resource.id,
        "Name": resource.name,
        "ProjectId": resource.project_id.to_string(),
        "Owner": resource.owner,
        "CreateTime": resource.create_time,
        "ModifyTime": resource.modify_time,
        "Type": resource.listed_type(),
        "SourceType": if resource.resource_file.is_some() { "Oss" } else { "Local" },
        "SourcePath": resource.resource_file.clone().unwrap_or_default(),
        "TargetType": "Gateway",
        "TargetPath": "",
        "Script": {
            "Id": resource.id,
            "Path": resource.path(),
            "Runtime": { "Command": resource.member("/script/runtime/command").unwrap_or_default() },
        },
        "DataSource": {
            "Name": resource.member("/datasource/name").unwrap_or_default(),
            "Type": resource.member("/datasource/type").unwrap_or_default(),
        },
    })
}
