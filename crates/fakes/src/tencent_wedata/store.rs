//! The state of the fake: per project, the code folders and code files, with their contents,
//! configurations, versions and times. Every method is one WeData operation's effect and answers
//! with the operation's `Data` (JSON) or a WeData error.
//!
//! Paths follow WeData: `/` is the root, a node's path is its parent's path and its name
//! (`/aaa/bbb/ccc.ipynb`). Names are unique among the files and folders of one parent.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use time::PrimitiveDateTime;
use time::macros::format_description;

use super::envelope::ApiError;

/// WeData's time format, `yyyy-MM-dd HH:mm:ss` (no zone).
const TIME_FORMAT: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");

/// The `AccessScope` of everything the fake creates (the service's default for new scripts).
const ACCESS_SCOPE: &str = "SHARED";

#[derive(Debug, Clone)]
struct Folder {
    name: String,
    parent: String,
}

#[derive(Debug, Clone)]
struct File {
    name: String,
    parent: String,
    content: String,
    config: Value,
    /// 1 at creation, one more per UpdateCodeFile.
    version: u64,
    created: PrimitiveDateTime,
    updated: PrimitiveDateTime,
}

#[derive(Debug, Default)]
struct Project {
    folders: BTreeMap<String, Folder>,
    files: BTreeMap<String, File>,
}

/// Every project's folders and files.
#[derive(Debug)]
pub struct Store {
    projects: BTreeMap<String, Project>,
    owner_uin: String,
    /// A logical clock: it starts at the configured time and each change advances it one second,
    /// so create and update times are distinct and the same on every run.
    now: PrimitiveDateTime,
    next_id: u64,
}

fn child_path(parent: &str, name: &str) -> String {
    if parent == "/" { format!("/{name}") } else { format!("{parent}/{name}") }
}

fn not_found(what: &str, id: &str) -> ApiError {
    ApiError::new("ResourceNotFound", format!("The {what} {id} does not exist."))
}

fn check_name(name: &str, field: &str) -> Result<(), ApiError> {
    if name.is_empty() || name.contains('/') {
        return Err(ApiError::new(
            "InvalidParameterValue",
            format!("{field} must be a non-empty name without '/'."),
        ));
    }
    Ok(())
}

fn check_path(path: &str, field: &str) -> Result<(), ApiError> {
    if !path.starts_with('/') || (path.len() > 1 && path.ends_with('/')) {
        return Err(ApiError::new(
            "InvalidParameterValue",
            format!("{field} must start with a slash, such as /aaa/bbb."),
        ));
    }
    Ok(())
}

impl Project {
    fn folder_path(&self, id: &str) -> Option<String> {
        self.folders.get(id).map(|f| child_path(&f.parent, &f.name))
    }

    fn folder_exists(&self, path: &str) -> bool {
        path == "/" || self.folders.values().any(|f| child_path(&f.parent, &f.name) == path)
    }

    fn name_taken(&self, parent: &str, name: &str) -> bool {
        self.folders.values().any(|f| f.parent == parent && f.name == name)
            || self.files.values().any(|f| f.parent == parent && f.name == name)
    }
}

impl Store {
    pub fn new(owner_uin: String, start: PrimitiveDateTime) -> Store {
        Store { projects: BTreeMap::new(), owner_uin, now: start, next_id: 1 }
    }

    fn tick(&mut self) -> PrimitiveDateTime {
        self.now += time::Duration::SECOND;
        self.now
    }

    fn new_id(&mut self) -> String {
        let n = self.next_id;
        self.next_id += 1;
        format!("00000000-0000-4000-8000-{n:012x}")
    }

    fn format(time: PrimitiveDateTime) -> String {
        time.format(TIME_FORMAT).unwrap_or_default()
    }

    fn project(&self, project_id: &str) -> Option<&Project> {
        self.projects.get(project_id)
    }

    fn file_json(&self, project_id: &str, id: &str, file: &File, include_content: bool) -> Value {
        let mut data = json!({
            "CodeFileId": id,
            "CodeFileName": file.name,
            "OwnerUin": self.owner_uin,
            "CodeFileConfig": file.config,
            "UpdateUserUin": self.owner_uin,
            "ProjectId": project_id,
            "UpdateTime": Self::format(file.updated),
            "CreateTime": Self::format(file.created),
            "AccessScope": ACCESS_SCOPE,
            "Path": child_path(&file.parent, &file.name),
            "ParentFolderPath": file.parent,
            "VersionId": file.version.to_string(),
        });
        if include_content {
            data["CodeFileContent"] = Value::String(file.content.clone());
        }
        data
    }

    pub fn create_code_file(
        &mut self,
        project_id: &str,
        name: &str,
        parent: &str,
        config: Value,
        content: Option<String>,
    ) -> Result<Value, ApiError> {
        check_name(name, "CodeFileName")?;
        check_path(parent, "ParentFolderPath")?;
        let project = self.projects.entry(project_id.to_owned()).or_default();
        if !project.folder_exists(parent) {
            return Err(ApiError::new(
                "ResourceNotFound",
                format!("The parent folder {parent} does not exist."),
            ));
        }
        if project.name_taken(parent, name) {
            return Err(ApiError::new(
                "ResourceInUse",
                format!("{} already exists.", child_path(parent, name)),
            ));
        }
        let (id, now) = (self.new_id(), self.tick());
        let file = File {
            name: name.to_owned(),
            parent: parent.to_owned(),
            content: content.unwrap_or_default(),
            config,
            version: 1,
            created: now,
            updated: now,
        };
        let data = self.file_json(project_id, &id, &file, true);
        self.projects.entry(project_id.to_owned()).or_default().files.insert(id, file);
        Ok(data)
    }

    pub fn get_code_file(
        &self,
        project_id: &str,
        id: &str,
        include_content: bool,
    ) -> Result<Value, ApiError> {
        let file = self
            .project(project_id)
            .and_then(|p| p.files.get(id))
            .ok_or_else(|| not_found("code file", id))?;
        Ok(self.file_json(project_id, id, file, include_content))
    }

    pub fn update_code_file(
        &mut self,
        project_id: &str,
        id: &str,
        config: Option<Value>,
        content: Option<String>,
    ) -> Result<Value, ApiError> {
        let now = self.tick();
        let file = self
            .projects
            .get_mut(project_id)
            .and_then(|p| p.files.get_mut(id))
            .ok_or_else(|| not_found("code file", id))?;
        if let Some(config) = config {
            file.config = config;
        }
        if let Some(content) = content {
            file.content = content;
        }
        file.version += 1;
        file.updated = now;
        let file = file.clone();
        Ok(self.file_json(project_id, id, &file, true))
    }

    pub fn delete_code_file(&mut self, project_id: &str, id: &str) -> Result<Value, ApiError> {
        self.projects
            .get_mut(project_id)
            .and_then(|p| p.files.remove(id))
            .ok_or_else(|| not_found("code file", id))?;
        self.tick();
        Ok(json!({ "Status": true, "CodeFileId": id }))
    }

    pub fn create_code_folder(
        &mut self,
        project_id: &str,
        name: &str,
        parent: &str,
    ) -> Result<Value, ApiError> {
        check_name(name, "FolderName")?;
        check_path(parent, "ParentFolderPath")?;
        let project = self.projects.entry(project_id.to_owned()).or_default();
        if !project.folder_exists(parent) {
            return Err(ApiError::new(
                "ResourceNotFound",
                format!("The parent folder {parent} does not exist."),
            ));
        }
        if project.name_taken(parent, name) {
            return Err(ApiError::new(
                "ResourceInUse",
                format!("{} already exists.", child_path(parent, name)),
            ));
        }
        let id = self.new_id();
        self.tick();
        let folder = Folder { name: name.to_owned(), parent: parent.to_owned() };
        self.projects.entry(project_id.to_owned()).or_default().folders.insert(id.clone(), folder);
        Ok(json!({ "FolderId": id }))
    }

    pub fn get_code_folder(&self, project_id: &str, id: &str) -> Result<Value, ApiError> {
        let project = self.project(project_id).ok_or_else(|| not_found("folder", id))?;
        let folder = project.folders.get(id).ok_or_else(|| not_found("folder", id))?;
        // As in the page's example: GetCodeFolder does not expand the folder's children.
        Ok(self.folder_node(id, folder, Value::Null))
    }

    pub fn update_code_folder(&mut self, project_id: &str, id: &str, name: &str) -> Result<Value, ApiError> {
        check_name(name, "FolderName")?;
        let project = self.projects.get_mut(project_id).ok_or_else(|| not_found("folder", id))?;
        let folder = project.folders.get(id).cloned().ok_or_else(|| not_found("folder", id))?;
        if folder.name != name && project.name_taken(&folder.parent, name) {
            return Err(ApiError::new(
                "ResourceInUse",
                format!("{} already exists.", child_path(&folder.parent, name)),
            ));
        }
        let old = child_path(&folder.parent, &folder.name);
        let new = child_path(&folder.parent, name);
        let moved = |parent: &mut String| {
            if *parent == old {
                *parent = new.clone();
            } else if let Some(rest) = parent.strip_prefix(&format!("{old}/")) {
                *parent = format!("{new}/{rest}");
            }
        };
        project.folders.values_mut().for_each(|f| moved(&mut f.parent));
        project.files.values_mut().for_each(|f| moved(&mut f.parent));
        if let Some(folder) = project.folders.get_mut(id) {
            folder.name = name.to_owned();
        }
        self.tick();
        Ok(json!({ "Status": true, "FolderId": id }))
    }

    pub fn delete_code_folder(&mut self, project_id: &str, id: &str) -> Result<Value, ApiError> {
        let project = self.projects.get_mut(project_id).ok_or_else(|| not_found("folder", id))?;
        let path = project.folder_path(id).ok_or_else(|| not_found("folder", id))?;
        // The fake refuses to delete a folder that still holds files or folders; the pages do not
        // say what WeData does then, and refusing never loses a user's scripts.
        if project.folders.values().any(|f| f.parent == path)
            || project.files.values().any(|f| f.parent == path)
        {
            return Err(ApiError::new("ResourceInUse", format!("The folder {path} is not empty.")));
        }
        project.folders.remove(id);
        self.tick();
        Ok(json!({ "Status": true, "FolderId": id }))
    }

    /// The tree under `parent` (default `/`): folders first, then files, each by name; every
    /// folder carries its own sub-tree in `Children`.
    pub fn list_code_folder_contents(
        &self,
        project_id: &str,
        filter: &ListFilter,
    ) -> Result<Value, ApiError> {
        let parent = filter.parent.as_deref().unwrap_or("/");
        check_path(parent, "ParentFolderPath")?;
        let empty = Project::default();
        let project = self.project(project_id).unwrap_or(&empty);
        if !project.folder_exists(parent) {
            return Err(ApiError::new("ResourceNotFound", format!("The folder {parent} does not exist.")));
        }
        Ok(Value::Array(self.children(project, parent, filter)))
    }

    fn children(&self, project: &Project, parent: &str, filter: &ListFilter) -> Vec<Value> {
        let mut nodes = Vec::new();
        let mut folders: Vec<_> = project.folders.iter().filter(|(_, f)| f.parent == parent).collect();
        folders.sort_by(|a, b| a.1.name.cmp(&b.1.name));
        for (id, folder) in folders {
            let children = self.children(project, &child_path(parent, &folder.name), filter);
            if filter.matches(&folder.name) || !children.is_empty() {
                nodes.push(self.folder_node(id, folder, Value::Array(children)));
            }
        }
        if !filter.only_folders {
            let mut files: Vec<_> = project.files.iter().filter(|(_, f)| f.parent == parent).collect();
            files.sort_by(|a, b| a.1.name.cmp(&b.1.name));
            // OnlyUserSelfScript keeps the caller's own scripts: the fake serves one account,
            // which owns every script, so it removes none.
            nodes.extend(
                files
                    .into_iter()
                    .filter(|(_, f)| filter.matches(&f.name))
                    .map(|(id, f)| self.file_node(id, f)),
            );
        }
        nodes
    }

    fn folder_node(&self, id: &str, folder: &Folder, children: Value) -> Value {
        json!({
            "Id": id,
            "Title": folder.name,
            "Type": "folder",
            "IsLeaf": false,
            "Params": null,
            "AccessScope": ACCESS_SCOPE,
            "Path": child_path(&folder.parent, &folder.name),
            "OwnerUin": self.owner_uin,
            "CreateUserUin": self.owner_uin,
            "NodePermission": null,
            "Children": children,
            "ParentFolderPath": folder.parent,
        })
    }

    fn file_node(&self, id: &str, file: &File) -> Value {
        json!({
            "Id": id,
            "Title": file.name,
            "Type": "script",
            "IsLeaf": true,
            "Params": null,
            "AccessScope": ACCESS_SCOPE,
            "Path": child_path(&file.parent, &file.name),
            "OwnerUin": self.owner_uin,
            "CreateUserUin": self.owner_uin,
            "NodePermission": null,
            "Children": null,
            "ParentFolderPath": file.parent,
        })
    }
}

/// The filters of ListCodeFolderContents.
#[derive(Debug, Default)]
pub struct ListFilter {
    pub parent: Option<String>,
    pub keyword: Option<String>,
    pub only_folders: bool,
}

impl ListFilter {
    fn matches(&self, name: &str) -> bool {
        self.keyword.as_deref().is_none_or(|k| name.contains(k))
    }
}
