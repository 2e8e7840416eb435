//! The fake's state: one drive's files and folders (by `file_id`, each with its
//! `parent_file_id`), the uploads in progress with their parts, and the asynchronous tasks of
//! folder moves, copies and deletes. File contents and uploaded parts live in files under the
//! fake's own temporary folder, never in memory, so a large upload costs disk, not RAM.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

use super::envelope::ApiError;

/// The parent ID of everything at the top of the drive.
pub const ROOT: &str = "root";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File,
    Folder,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::File => "file",
            Kind::Folder => "folder",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub file_id: String,
    pub parent_file_id: String,
    pub name: String,
    pub kind: Kind,
    /// `uploading` until CompleteFile, then `available`.
    pub status: &'static str,
    pub size: u64,
    pub content_type: String,
    /// A new revision ID on every completed upload (PDS's version of a file).
    pub revision_id: String,
    pub upload_id: Option<String>,
    pub description: Option<String>,
    pub labels: Vec<String>,
    pub starred: bool,
    pub hidden: bool,
    pub created_at: String,
    pub updated_at: String,
    /// Order of creation, the list order.
    pub sequence: u64,
    /// The content on disk (files that were completed).
    pub content: Option<PathBuf>,
}

/// One uploaded part: its bytes on disk, its size and its ETag.
#[derive(Debug, Clone)]
pub struct UploadedPart {
    pub path: PathBuf,
    pub size: u64,
    pub etag: String,
}

#[derive(Debug, Clone)]
pub struct Upload {
    pub file_id: String,
    /// The part numbers CreateFile was asked for.
    pub part_numbers: Vec<u32>,
    pub uploaded: BTreeMap<u32, UploadedPart>,
    /// The size CreateFile announced, if any.
    pub size: Option<u64>,
}

/// What a folder task does when it finishes.
#[derive(Debug, Clone)]
pub enum TaskEffect {
    Delete { file_id: String },
    Move { file_id: String, to_parent: String, name: String },
    Copy { file_id: String, to_parent: String, new_id: String, name: String },
}

#[derive(Debug, Clone)]
pub struct Task {
    pub effect: TaskEffect,
    /// Polls still to answer `Running`.
    pub running_polls: u32,
    /// Set when the task was told to fail (the fake's `fail_next_task` hook).
    pub fails: bool,
    /// The final answer, once given.
    pub finished: Option<&'static str>,
    pub created_at: String,
}

pub struct Store {
    pub domain_id: String,
    pub drive_id: String,
    pub entries: HashMap<String, Entry>,
    pub uploads: HashMap<String, Upload>,
    pub tasks: HashMap<String, Task>,
    dir: PathBuf,
    next_id: u64,
    /// The fake's clock: seconds since its start time, advanced one per change.
    tick: u64,
}

impl Store {
    pub fn new(domain_id: String, drive_id: String, dir: PathBuf) -> Store {
        Store {
            domain_id,
            drive_id,
            entries: HashMap::new(),
            uploads: HashMap::new(),
            tasks: HashMap::new(),
            dir,
            next_id: 1,
            tick: 0,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A fresh 40-hex-digit ID (PDS file IDs look like SHA-1 digests) with a kind prefix.
    pub fn new_id(&mut self, prefix: &str) -> String {
        let id = self.next_id;
        self.next_id += 1;
        format!("{prefix}{id:0>width$x}", width = 40 - prefix.len())
    }

    /// The fake's time in PDS's format (`2026-01-01T00:00:05.000Z`), one second later per change.
    pub fn now(&mut self) -> String {
        self.tick += 1;
        let seconds = self.tick;
        format!("2026-01-01T{:02}:{:02}:{:02}.000Z", (seconds / 3600) % 24, (seconds / 60) % 60, seconds % 60)
    }

    /// The `_20060102_150405`-style suffix auto_rename appends, from the fake's clock.
    fn rename_suffix(&mut self) -> String {
        let now = self.now();
        format!("_20260101_{}", now[11..19].replace(':', ""))
    }

    pub fn drive(&self, params: &Map<String, Value>) -> Result<(), ApiError> {
        match params.get("drive_id").and_then(Value::as_str) {
            None => Err(ApiError::missing("drive_id")),
            Some(id) if id == self.drive_id => Ok(()),
            Some(id) => Err(ApiError::not_found("drive", id)),
        }
    }

    pub fn entry(&self, file_id: &str) -> Result<&Entry, ApiError> {
        self.entries.get(file_id).ok_or_else(|| ApiError::not_found("file", file_id))
    }

    /// A folder that exists (or the root).
    pub fn folder(&self, file_id: &str) -> Result<(), ApiError> {
        if file_id == ROOT {
            return Ok(());
        }
        match self.entry(file_id)? {
            entry if entry.kind == Kind::Folder => Ok(()),
            _ => Err(ApiError::new(
                400,
                "InvalidParameter",
                format!("The input parameter parent_file_id {file_id} is not a folder."),
            )),
        }
    }

    /// The available children of `parent`, in list order.
    pub fn children(&self, parent: &str) -> Vec<&Entry> {
        let mut children: Vec<&Entry> =
            self.entries.values().filter(|e| e.parent_file_id == parent && e.status == "available").collect();
        children.sort_by_key(|e| e.sequence);
        children
    }

    /// A sibling in `parent` named `name`, other than `except`.
    pub fn same_name(&self, parent: &str, name: &str, except: Option<&str>) -> Option<&Entry> {
        self.entries.values().find(|e| {
            e.parent_file_id == parent
                && e.name == name
                && e.status == "available"
                && Some(e.file_id.as_str()) != except
        })
    }

    /// Applies check_name_mode to `name` in `parent`: `Ok(name)` to go on (renamed for
    /// auto_rename), `Err(existing id)` when refuse found a clash.
    pub fn resolve_name(
        &mut self,
        parent: &str,
        name: &str,
        mode: &str,
        except: Option<&str>,
    ) -> Result<Result<String, String>, ApiError> {
        let clash = self.same_name(parent, name, except).map(|e| e.file_id.clone());
        match (mode, clash) {
            ("ignore", _) | (_, None) => Ok(Ok(name.to_owned())),
            ("refuse", Some(existing)) => Ok(Err(existing)),
            ("auto_rename", Some(_)) => {
                let (stem, extension) = match name.rsplit_once('.') {
                    Some((stem, extension)) if !stem.is_empty() => (stem.to_owned(), format!(".{extension}")),
                    _ => (name.to_owned(), String::new()),
                };
                Ok(Ok(format!("{stem}{}{extension}", self.rename_suffix())))
            }
            _ => Err(ApiError::invalid("check_name_mode")),
        }
    }

    /// Inserts a new entry and returns its ID.
    pub fn insert(&mut self, parent: &str, name: String, kind: Kind, content_type: String) -> String {
        let file_id = self.new_id(if kind == Kind::Folder { "d" } else { "f" });
        let now = self.now();
        let sequence = self.next_id;
        let status = if kind == Kind::Folder { "available" } else { "uploading" };
        self.entries.insert(
            file_id.clone(),
            Entry {
                file_id: file_id.clone(),
                parent_file_id: parent.to_owned(),
                name,
                kind,
                status,
                size: 0,
                content_type,
                revision_id: String::new(),
                upload_id: None,
                description: None,
                labels: Vec::new(),
                starred: false,
                hidden: false,
                created_at: now.clone(),
                updated_at: now,
                sequence,
                content: None,
            },
        );
        file_id
    }

    /// Whether `candidate` is `ancestor` or inside it.
    pub fn is_within(&self, candidate: &str, ancestor: &str) -> bool {
        let mut current = candidate.to_owned();
        loop {
            if current == ancestor {
                return true;
            }
            match self.entries.get(&current) {
                Some(entry) => current = entry.parent_file_id.clone(),
                None => return false,
            }
        }
    }

    /// Removes `file_id` and everything inside it, with their contents on disk.
    pub fn remove_tree(&mut self, file_id: &str) {
        let inside: Vec<String> =
            self.entries.keys().filter(|id| self.is_within(id, file_id)).cloned().collect();
        for id in inside {
            if let Some(entry) = self.entries.remove(&id) {
                if let Some(path) = entry.content {
                    let _ = fs::remove_file(path);
                }
                if let Some(upload) = entry.upload_id.and_then(|u| self.uploads.remove(&u)) {
                    for part in upload.uploaded.values() {
                        let _ = fs::remove_file(&part.path);
                    }
                }
            }
        }
    }

    /// Copies `file_id` (and, for a folder, everything inside it) into `to_parent` as `name`;
    /// the copy's root gets `new_id`.
    pub fn copy_tree(&mut self, file_id: &str, to_parent: &str, new_id: &str, name: &str) -> io::Result<()> {
        let Some(source) = self.entries.get(file_id).cloned() else { return Ok(()) };
        let now = self.now();
        let content = match &source.content {
            Some(path) => {
                let target = self.dir.join(format!("{new_id}.content"));
                fs::copy(path, &target)?;
                Some(target)
            }
            None => None,
        };
        let sequence = self.next_id;
        self.next_id += 1;
        let copy = Entry {
            file_id: new_id.to_owned(),
            parent_file_id: to_parent.to_owned(),
            name: name.to_owned(),
            created_at: now.clone(),
            updated_at: now,
            sequence,
            content,
            upload_id: None,
            ..source.clone()
        };
        self.entries.insert(new_id.to_owned(), copy);
        if source.kind == Kind::Folder {
            let children: Vec<(String, String)> =
                self.children(file_id).iter().map(|c| (c.file_id.clone(), c.name.clone())).collect();
            for (child, child_name) in children {
                let child_kind = if self.entries[&child].kind == Kind::Folder { "d" } else { "f" };
                let child_new = self.new_id(child_kind);
                self.copy_tree(&child, new_id, &child_new, &child_name)?;
            }
        }
        Ok(())
    }

    /// A part's file on disk.
    pub fn part_path(&self, upload_id: &str, part_number: u32) -> PathBuf {
        self.dir.join(format!("{upload_id}.{part_number}.part"))
    }

    /// PDS's File object for `entry`.
    pub fn file_json(&self, entry: &Entry) -> Value {
        let mut file = json!({
            "domain_id": self.domain_id,
            "drive_id": self.drive_id,
            "file_id": entry.file_id,
            "parent_file_id": entry.parent_file_id,
            "name": entry.name,
            "type": entry.kind.name(),
            "status": entry.status,
            "created_at": entry.created_at,
            "updated_at": entry.updated_at,
            "starred": entry.starred,
            "hidden": entry.hidden,
            "labels": entry.labels,
        });
        if entry.kind == Kind::File {
            file["size"] = json!(entry.size);
            file["content_type"] = json!(entry.content_type);
            file["revision_id"] = json!(entry.revision_id);
            if let Some((_, extension)) = entry.name.rsplit_once('.') {
                file["file_extension"] = json!(extension);
            }
            if let Some(upload_id) = &entry.upload_id {
                file["upload_id"] = json!(upload_id);
            }
        }
        if let Some(description) = &entry.description {
            file["description"] = json!(description);
        }
        file
    }
}
