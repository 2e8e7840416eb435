//! The state of the fake: per AI Data Platform and workspace, a tree of notebook contents
//! (directories, files, notebooks) addressed by Jupyter-style paths (`reports/q1/query.sql`, no
//! leading slash; the root is the empty path and always exists). Every method is one operation's
//! effect on the tree and answers with the Content model (JSON) or an OCI error.
//!
//! Every change gets a new etag (`"etag-<n>"`, unique over the fake's life) and advances a
//! logical clock one second, so times and etags are the same on every run.

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::envelope::OciError;

/// The three kinds of content (the `type` member).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Directory,
    File,
    Notebook,
}

impl Kind {
    pub fn parse(text: &str) -> Result<Kind, OciError> {
        match text {
            "directory" => Ok(Kind::Directory),
            "file" => Ok(Kind::File),
            "notebook" => Ok(Kind::Notebook),
            other => Err(OciError::invalid(format!(
                "`{other}` is not a content type (file, directory, notebook)."
            ))),
        }
    }

    fn wire(self) -> &'static str {
        match self {
            Kind::Directory => "directory",
            Kind::File => "file",
            Kind::Notebook => "notebook",
        }
    }
}

/// The `format` a GET asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Base64,
    Json,
}

impl Format {
    pub fn parse(text: &str) -> Result<Format, OciError> {
        match text {
            "text" => Ok(Format::Text),
            "base64" => Ok(Format::Base64),
            "json" => Ok(Format::Json),
            other => {
                Err(OciError::invalid(format!("`{other}` is not a content format (text, base64, json).")))
            }
        }
    }
}

/// What a GET asks for beyond the path.
#[derive(Debug, Clone, Copy)]
pub struct Read {
    pub kind: Option<Kind>,
    pub format: Option<Format>,
    pub content: bool,
    pub hash: bool,
}

#[derive(Debug, Clone)]
struct Entry {
    kind: Kind,
    /// A file's bytes, or a notebook's JSON text; empty for a directory.
    bytes: Vec<u8>,
    created: OffsetDateTime,
    modified: OffsetDateTime,
    etag: String,
}

/// A successful answer: the status, the Content model and the headers OCI sends with it.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub model: Option<Value>,
    pub path: String,
    pub etag: Option<String>,
    pub last_modified: Option<OffsetDateTime>,
}

/// Every workspace's tree.
#[derive(Debug)]
pub struct Store {
    workspaces: BTreeMap<(String, String), BTreeMap<String, Entry>>,
    start: OffsetDateTime,
    now: OffsetDateTime,
    next_etag: u64,
}

/// An empty nbformat 4 notebook, what a new untitled notebook holds.
const EMPTY_NOTEBOOK: &str = r#"{"cells":[],"metadata":{},"nbformat":4,"nbformat_minor":5}"#;

/// `a/b/c` → `a/b`; a top-level path's parent is the root, `""`.
fn parent_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(parent, _)| parent)
}

fn name_of(path: &str) -> &str {
    path.rsplit_once('/').map_or(path, |(_, name)| name)
}

fn join(parent: &str, name: &str) -> String {
    if parent.is_empty() { name.to_owned() } else { format!("{parent}/{name}") }
}

/// Leading and trailing slashes do not matter (`/a/b/` is `a/b`); empty segments and `.`/`..`
/// are refused, as a path that could leave the workspace.
pub fn normalize(path: &str) -> Result<String, OciError> {
    let trimmed = path.trim_matches('/');
    if !trimmed.is_empty() && trimmed.split('/').any(|s| s.is_empty() || s == "." || s == "..") {
        return Err(OciError::invalid(format!("`{path}` is not a valid content path.")));
    }
    Ok(trimmed.to_owned())
}

fn rfc3339(time: OffsetDateTime) -> String {
    time.format(&Rfc3339).unwrap_or_default()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Store {
    pub fn new(start: OffsetDateTime) -> Store {
        Store { workspaces: BTreeMap::new(), start, now: start, next_etag: 1 }
    }

    fn tick(&mut self) -> (OffsetDateTime, String) {
        self.now += time::Duration::seconds(1);
        let etag = format!("\"etag-{}\"", self.next_etag);
        self.next_etag += 1;
        (self.now, etag)
    }

    fn tree(&mut self, workspace: &(String, String)) -> &mut BTreeMap<String, Entry> {
        self.workspaces.entry(workspace.clone()).or_default()
    }

    /// The entry at `path`, the root included (a directory as old as the fake).
    fn entry(&mut self, workspace: &(String, String), path: &str) -> Option<Entry> {
        if path.is_empty() {
            let start = self.start;
            return Some(Entry {
                kind: Kind::Directory,
                bytes: Vec::new(),
                created: start,
                modified: start,
                etag: "\"etag-0\"".to_owned(),
            });
        }
        self.tree(workspace).get(path).cloned()
    }

    fn existing(&mut self, workspace: &(String, String), path: &str) -> Result<Entry, OciError> {
        self.entry(workspace, path).ok_or_else(|| OciError::content_not_found(path))
    }

    fn check_if_match(entry: &Entry, path: &str, if_match: Option<&str>) -> Result<(), OciError> {
        match if_match {
            Some(expected) if expected != entry.etag => Err(OciError::etag_mismatch(path)),
            _ => Ok(()),
        }
    }

    /// The directory `path` must exist (the parent of something new).
    fn directory(&mut self, workspace: &(String, String), path: &str) -> Result<(), OciError> {
        match self.existing(workspace, path)?.kind {
            Kind::Directory => Ok(()),
            _ => Err(OciError::incorrect_state(format!("`{path}` is not a directory."))),
        }
    }

    fn children(&mut self, workspace: &(String, String), dir: &str) -> Vec<(String, Entry)> {
        self.tree(workspace)
            .iter()
            .filter(|(path, _)| !path.is_empty() && parent_of(path) == dir)
            .map(|(path, entry)| (path.clone(), entry.clone()))
            .collect()
    }

    /// GetContent.
    pub fn get(&mut self, workspace: &(String, String), path: &str, read: Read) -> Result<Answer, OciError> {
        let entry = self.existing(workspace, path)?;
        let fits = match (read.kind, entry.kind) {
            (None, _) => true,
            (Some(Kind::Directory), kind) => kind == Kind::Directory,
            (Some(_), Kind::Directory) => false,
            // A notebook may be read as a file (its JSON text), not a file as a notebook.
            (Some(Kind::File), _) => true,
            (Some(Kind::Notebook), kind) => kind == Kind::Notebook,
        };
        if !fits {
            return Err(OciError::invalid(format!("bad type: `{path}` is a {}.", entry.kind.wire())));
        }
        let as_kind = read.kind.unwrap_or(entry.kind);
        let mut answer = model(path, &entry);
        if read.content {
            let (content, format, mimetype) = match as_kind {
                Kind::Directory => {
                    let entries = self.children(workspace, path).iter().map(|(p, e)| model(p, e)).collect();
                    (Value::Array(entries), "json", Value::Null)
                }
                Kind::Notebook => {
                    if matches!(read.format, Some(Format::Text | Format::Base64)) {
                        return Err(OciError::invalid("bad format: a notebook is read as json."));
                    }
                    let notebook = serde_json::from_slice(&entry.bytes).unwrap_or(Value::Null);
                    (notebook, "json", Value::Null)
                }
                Kind::File => file_content(path, &entry.bytes, read.format)?,
            };
            answer["content"] = content;
            answer["format"] = json!(format);
            answer["mimetype"] = mimetype;
        }
        if read.hash && entry.kind != Kind::Directory {
            let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, &entry.bytes);
            answer["hash"] = json!(hex(digest.as_ref()));
            answer["hash_algorithm"] = json!("sha256");
        }
        Ok(Answer {
            status: 200,
            model: Some(answer),
            path: path.to_owned(),
            etag: Some(entry.etag),
            last_modified: Some(entry.modified),
        })
    }

    /// CreateContent: a new untitled item in directory `dir`, or a copy of `copy_from` there.
    pub fn create(
        &mut self,
        workspace: &(String, String),
        dir: &str,
        details: &Map<String, Value>,
    ) -> Result<Answer, OciError> {
        let entry = self.existing(workspace, dir)?;
        if entry.kind != Kind::Directory {
            return Err(OciError::invalid(format!(
                "`{dir}` is not a directory: POST creates inside a directory; save a file with PUT."
            )));
        }
        let text = |name: &str| match details.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(OciError::invalid(format!("`{name}` must be a string."))),
        };
        let (kind, bytes, name) = if let Some(source) = text("copy_from")? {
            let source = normalize(&source)?;
            let original = self.existing(workspace, &source)?;
            if original.kind == Kind::Directory {
                return Err(OciError::invalid("Directories cannot be copied."));
            }
            let source_name = name_of(&source);
            let (stem, ext) = source_name
                .rsplit_once('.')
                .map_or((source_name, String::new()), |(s, e)| (s, format!(".{e}")));
            let name = self.free_name(workspace, dir, |n| format!("{stem}-Copy{}{ext}", n + 1));
            (original.kind, original.bytes, name)
        } else {
            let ext = text("ext")?.unwrap_or_default();
            let kind = match text("type")? {
                Some(kind) => Kind::parse(&kind)?,
                None if ext == ".ipynb" => Kind::Notebook,
                None => Kind::File,
            };
            let name = match kind {
                Kind::Directory => self.free_name(workspace, dir, |n| {
                    if n == 0 { "Untitled Folder".to_owned() } else { format!("Untitled Folder {n}") }
                }),
                Kind::Notebook => self.free_name(workspace, dir, |n| {
                    if n == 0 { "Untitled.ipynb".to_owned() } else { format!("Untitled{n}.ipynb") }
                }),
                Kind::File => self.free_name(workspace, dir, |n| {
                    if n == 0 { format!("untitled{ext}") } else { format!("untitled{n}{ext}") }
                }),
            };
            let bytes = if kind == Kind::Notebook { EMPTY_NOTEBOOK.as_bytes().to_vec() } else { Vec::new() };
            (kind, bytes, name)
        };
        let path = join(dir, &name);
        let (now, etag) = self.tick();
        let entry = Entry { kind, bytes, created: now, modified: now, etag: etag.clone() };
        let model = model(&path, &entry);
        self.tree(workspace).insert(path.clone(), entry);
        Ok(Answer { status: 201, model: Some(model), path, etag: Some(etag), last_modified: Some(now) })
    }

    /// The first name `naming(0)`, `naming(1)`, ... not taken in `dir`.
    fn free_name(
        &mut self,
        workspace: &(String, String),
        dir: &str,
        naming: impl Fn(u32) -> String,
    ) -> String {
        let tree = self.tree(workspace);
        (0..).map(&naming).find(|name| !tree.contains_key(&join(dir, name))).unwrap_or_else(|| naming(0))
    }

    /// UpdateContent: saves the model at `path`, creating it (201) or replacing it (200).
    pub fn save(
        &mut self,
        workspace: &(String, String),
        path: &str,
        if_match: Option<&str>,
        details: &Map<String, Value>,
    ) -> Result<Answer, OciError> {
        if path.is_empty() {
            return Err(OciError::invalid("The root directory cannot be saved."));
        }
        let kind = match details.get("type") {
            Some(Value::String(kind)) => Kind::parse(kind)?,
            None | Some(Value::Null) => return Err(OciError::missing("type")),
            Some(_) => return Err(OciError::invalid("`type` must be a string.")),
        };
        let bytes = saved_bytes(kind, details)?;
        let existing = self.entry(workspace, path);
        match &existing {
            Some(entry) => {
                Store::check_if_match(entry, path, if_match)?;
                if (entry.kind == Kind::Directory) != (kind == Kind::Directory) {
                    return Err(OciError::incorrect_state(format!(
                        "`{path}` is a {}; it cannot be saved as a {}.",
                        entry.kind.wire(),
                        kind.wire()
                    )));
                }
            }
            None if if_match.is_some() => return Err(OciError::etag_mismatch(path)),
            None => self.directory(workspace, parent_of(path))?,
        }
        let (now, etag) = self.tick();
        let created = existing.as_ref().map_or(now, |e| e.created);
        let entry = Entry { kind, bytes, created, modified: now, etag: etag.clone() };
        let model = model(path, &entry);
        self.tree(workspace).insert(path.to_owned(), entry);
        let status = if existing.is_some() { 200 } else { 201 };
        Ok(Answer {
            status,
            model: Some(model),
            path: path.to_owned(),
            etag: Some(etag),
            last_modified: Some(now),
        })
    }

    /// ModifyContent: moves `path` (and, for a directory, everything under it) to `new_path`.
    pub fn rename(
        &mut self,
        workspace: &(String, String),
        path: &str,
        if_match: Option<&str>,
        new_path: &str,
    ) -> Result<Answer, OciError> {
        if path.is_empty() || new_path.is_empty() {
            return Err(OciError::invalid(
                "The root directory cannot be renamed, nor anything renamed to it.",
            ));
        }
        let entry = self.existing(workspace, path)?;
        Store::check_if_match(&entry, path, if_match)?;
        if new_path == path {
            return Ok(Answer {
                status: 200,
                model: Some(model(path, &entry)),
                path: path.to_owned(),
                etag: Some(entry.etag),
                last_modified: Some(entry.modified),
            });
        }
        if new_path.starts_with(&format!("{path}/")) {
            return Err(OciError::invalid(format!("`{path}` cannot be moved into itself.")));
        }
        if self.entry(workspace, new_path).is_some() {
            return Err(OciError::already_exists(new_path));
        }
        self.directory(workspace, parent_of(new_path))?;
        let (_, etag) = self.tick();
        let tree = self.tree(workspace);
        let prefix = format!("{path}/");
        let moved: Vec<String> =
            tree.keys().filter(|k| *k == path || k.starts_with(&prefix)).cloned().collect();
        for old in moved {
            if let Some(item) = tree.remove(&old) {
                tree.insert(format!("{new_path}{}", &old[path.len()..]), item);
            }
        }
        let renamed = tree.get_mut(new_path).map(|e| {
            e.etag = etag.clone();
            e.clone()
        });
        let renamed = renamed.ok_or_else(|| OciError::content_not_found(new_path))?;
        Ok(Answer {
            status: 200,
            model: Some(model(new_path, &renamed)),
            path: new_path.to_owned(),
            etag: Some(etag),
            last_modified: Some(renamed.modified),
        })
    }

    /// DeleteContent: removes a file, a notebook or an empty directory.
    pub fn delete(
        &mut self,
        workspace: &(String, String),
        path: &str,
        if_match: Option<&str>,
    ) -> Result<Answer, OciError> {
        if path.is_empty() {
            return Err(OciError::invalid("The root directory cannot be deleted."));
        }
        let entry = self.existing(workspace, path)?;
        Store::check_if_match(&entry, path, if_match)?;
        if entry.kind == Kind::Directory && !self.children(workspace, path).is_empty() {
            return Err(OciError::incorrect_state(format!("Directory `{path}` is not empty.")));
        }
        self.tree(workspace).remove(path);
        self.tick();
        Ok(Answer { status: 204, model: None, path: path.to_owned(), etag: None, last_modified: None })
    }
}

/// The bytes a PUT saves: a file's `content` in its `format`, a notebook's JSON, nothing for a
/// directory.
fn saved_bytes(kind: Kind, details: &Map<String, Value>) -> Result<Vec<u8>, OciError> {
    let format = match details.get("format") {
        None | Some(Value::Null) => None,
        Some(Value::String(format)) => Some(format.as_str()),
        Some(_) => return Err(OciError::invalid("`format` must be a string.")),
    };
    let content = details.get("content").filter(|c| !c.is_null());
    match kind {
        Kind::Directory => Ok(Vec::new()),
        Kind::Notebook => match (content, format) {
            (None, _) => Err(OciError::missing("content")),
            (Some(_), Some(other)) if other != "json" => {
                Err(OciError::invalid("bad format: a notebook is saved as json."))
            }
            (Some(notebook @ Value::Object(_)), _) => Ok(notebook.to_string().into_bytes()),
            (Some(_), _) => Err(OciError::invalid("A notebook's content must be a JSON object.")),
        },
        Kind::File => {
            let text = match content {
                None => return Err(OciError::missing("content")),
                Some(Value::String(text)) => text,
                Some(_) => return Err(OciError::invalid("A file's content must be a string.")),
            };
            match format {
                None => Err(OciError::missing("format")),
                Some("text") => Ok(text.clone().into_bytes()),
                Some("base64") => {
                    STANDARD.decode(text).map_err(|_| OciError::invalid("The content is not base64."))
                }
                Some(other) => Err(OciError::invalid(format!(
                    "bad format: a file is saved as text or base64, not `{other}`."
                ))),
            }
        }
    }
}

/// A file's content in the requested format (text when none is asked for and the bytes are
/// UTF-8), with the format and mimetype reported.
fn file_content(
    path: &str,
    bytes: &[u8],
    format: Option<Format>,
) -> Result<(Value, &'static str, Value), OciError> {
    let text = std::str::from_utf8(bytes).ok();
    match (format, text) {
        (Some(Format::Json), _) => {
            Err(OciError::invalid(format!("bad format: `{path}` is a file, read as text or base64.")))
        }
        (Some(Format::Text), None) => {
            Err(OciError::invalid(format!("bad format: `{path}` is not UTF-8 text.")))
        }
        (Some(Format::Text) | None, Some(text)) => Ok((json!(text), "text", json!("text/plain"))),
        (Some(Format::Base64) | None, _) => {
            Ok((json!(STANDARD.encode(bytes)), "base64", json!("application/octet-stream")))
        }
    }
}

/// The content-free model of an entry (`content`, `format` and `mimetype` null).
fn model(path: &str, entry: &Entry) -> Value {
    let size = match entry.kind {
        Kind::Directory => Value::Null,
        _ => json!(entry.bytes.len()),
    };
    json!({
        "name": name_of(path),
        "path": path,
        "type": entry.kind.wire(),
        "writable": true,
        "created": rfc3339(entry.created),
        "last_modified": rfc3339(entry.modified),
        "size": size,
        "mimetype": null,
        "content": null,
        "format": null,
    })
}
