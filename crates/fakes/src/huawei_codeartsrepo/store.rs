//! The state of the fake: repositories by id, each with branches, each branch a file tree and
//! the list of its commits. Every change (a file created, updated, renamed or deleted, a
//! directory created) is one commit on its branch, as it is in CodeArts Repo.
//!
//! Paths are Git paths: relative, `/`-separated, no empty, `.` or `..` component. A directory
//! exists when it was created (CreateDir) or when a file lies under it.
//! Ids are computed as Git computes them where that is cheap: a blob id is the SHA-1 of
//! `blob <size>\0<content>`; commit and tree ids are SHA-1s of the fake's own records, so they
//! look like Git's (40 hex digits), differ per change and are the same on every run.

use std::collections::BTreeMap;

use aws_lc_rs::digest;
use base64::Engine;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::envelope::ApiError;

#[derive(Debug, Clone)]
struct Commit {
    id: String,
    message: String,
    parent: Option<String>,
    author_name: String,
    author_email: String,
    date: String,
}

#[derive(Debug, Clone)]
struct File {
    content: Vec<u8>,
    blob_id: String,
    /// The last commit that changed this file.
    last_commit: String,
}

#[derive(Debug, Clone)]
enum Entry {
    File(File),
    Dir,
}

#[derive(Debug, Clone, Default)]
struct Branch {
    entries: BTreeMap<String, Entry>,
    commits: Vec<Commit>,
}

#[derive(Debug, Clone)]
struct Repository {
    default_branch: String,
    branches: BTreeMap<String, Branch>,
}

/// Who made a change (the optional author fields of the write operations).
#[derive(Debug, Clone, Default)]
pub struct Author {
    pub name: Option<String>,
    pub email: Option<String>,
}

/// One ListTrees query.
#[derive(Debug, Clone)]
pub struct TreeQuery {
    pub reference: Option<String>,
    pub path: Option<String>,
    pub recursive: bool,
    pub offset: usize,
    pub limit: usize,
}

/// What RenameFile carries besides the two paths.
#[derive(Debug, Clone)]
pub struct Rename {
    pub branch: String,
    pub start_branch: Option<String>,
    pub message: String,
    pub infer_content: bool,
    pub content: Option<Vec<u8>>,
    pub last_commit_id: Option<String>,
    pub author: Author,
}

/// Every repository of the account.
#[derive(Debug)]
pub struct Store {
    repositories: BTreeMap<i32, Repository>,
    /// A logical clock: each commit is one second after the one before, from the configured
    /// start, so dates are distinct and the same on every run.
    now: OffsetDateTime,
    committer: (String, String),
}

fn sha1_hex(bytes: &[u8]) -> String {
    digest::digest(&digest::SHA1_FOR_LEGACY_USE_ONLY, bytes)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    digest::digest(&digest::SHA256, bytes).as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

/// Git's blob id of `content`.
pub fn blob_id(content: &[u8]) -> String {
    let mut object = format!("blob {}\0", content.len()).into_bytes();
    object.extend_from_slice(content);
    sha1_hex(&object)
}

/// `path` as a Git path, or a refusal naming the parameter.
pub fn normalize(parameter: &str, path: &str) -> Result<String, ApiError> {
    let trimmed = path.trim_matches('/');
    let valid =
        !trimmed.is_empty() && trimmed.split('/').all(|part| !part.is_empty() && part != "." && part != "..");
    if valid {
        Ok(trimmed.to_owned())
    } else {
        Err(ApiError::invalid(format!("'{parameter}': {path:?} is not a valid path.")))
    }
}

fn parent_of(path: &str) -> Option<&str> {
    path.rsplit_once('/').map(|(parent, _)| parent)
}

fn name_of(path: &str) -> &str {
    path.rsplit_once('/').map_or(path, |(_, name)| name)
}

impl Branch {
    fn is_dir(&self, path: &str) -> bool {
        matches!(self.entries.get(path), Some(Entry::Dir))
            || self.entries.keys().any(|key| {
                key.len() > path.len() && key.starts_with(path) && key.as_bytes()[path.len()] == b'/'
            })
    }

    fn file(&self, path: &str) -> Option<&File> {
        match self.entries.get(path) {
            Some(Entry::File(file)) => Some(file),
            _ => None,
        }
    }

    fn head(&self) -> &Commit {
        self.commits.last().expect("every branch starts with a commit")
    }

    /// Refuses a new entry at `path` where something already is, or under a file.
    fn check_free(&self, path: &str) -> Result<(), ApiError> {
        if self.entries.contains_key(path) || self.is_dir(path) {
            return Err(ApiError::invalid(format!("A file or directory named '{path}' already exists.")));
        }
        let mut ancestor = parent_of(path);
        while let Some(dir) = ancestor {
            if self.file(dir).is_some() {
                return Err(ApiError::invalid(format!("'{dir}' is a file, not a directory.")));
            }
            ancestor = parent_of(dir);
        }
        Ok(())
    }
}

impl Store {
    /// Repositories `ids`, each with `branches` (the first is the default), each branch with an
    /// initial commit and an empty tree.
    pub fn new(
        repositories: &[(i32, Vec<String>)],
        start: OffsetDateTime,
        committer: (String, String),
    ) -> Store {
        let mut store = Store { repositories: BTreeMap::new(), now: start, committer };
        for (id, branches) in repositories {
            let mut repository = Repository {
                default_branch: branches.first().cloned().unwrap_or_else(|| "master".to_owned()),
                branches: BTreeMap::new(),
            };
            for name in branches {
                let mut branch = Branch::default();
                let commit = store.new_commit(*id, None, "Initial commit", &Author::default());
                branch.commits.push(commit);
                repository.branches.insert(name.clone(), branch);
            }
            store.repositories.insert(*id, repository);
        }
        store
    }

    fn new_commit(
        &mut self,
        repository: i32,
        parent: Option<&str>,
        message: &str,
        author: &Author,
    ) -> Commit {
        let date = self.now.format(&Rfc3339).unwrap_or_default();
        self.now += time::Duration::seconds(1);
        let id =
            sha1_hex(format!("commit {repository} {} {date} {message}", parent.unwrap_or("-")).as_bytes());
        Commit {
            id,
            message: message.to_owned(),
            parent: parent.map(str::to_owned),
            author_name: author.name.clone().unwrap_or_else(|| self.committer.0.clone()),
            author_email: author.email.clone().unwrap_or_else(|| self.committer.1.clone()),
            date,
        }
    }

    /// Appends a commit to `branch` of `repository`; its id.
    fn commit(&mut self, repository: i32, branch: &str, message: &str, author: &Author) -> String {
        let parent = self.branch(repository, branch).map(|b| b.head().id.clone()).unwrap_or_default();
        let commit = self.new_commit(repository, Some(&parent), message, author);
        let id = commit.id.clone();
        if let Ok(branch) = self.branch_mut(repository, branch) {
            branch.commits.push(commit);
        }
        id
    }

    fn repository(&self, id: i32) -> Result<&Repository, ApiError> {
        self.repositories.get(&id).ok_or_else(|| ApiError::not_found("The repository"))
    }

    fn branch(&self, repository: i32, name: &str) -> Result<&Branch, ApiError> {
        self.repository(repository)?
            .branches
            .get(name)
            .ok_or_else(|| ApiError::not_found(format!("The branch '{name}'")))
    }

    fn branch_mut(&mut self, repository: i32, name: &str) -> Result<&mut Branch, ApiError> {
        let repository =
            self.repositories.get_mut(&repository).ok_or_else(|| ApiError::not_found("The repository"))?;
        repository.branches.get_mut(name).ok_or_else(|| ApiError::not_found(format!("The branch '{name}'")))
    }

    /// The branch a `ref` names (the default branch when none is given).
    fn resolve(&self, repository: i32, reference: Option<&str>) -> Result<(String, &Branch), ApiError> {
        let name = match reference {
            Some(name) => name.to_owned(),
            None => self.repository(repository)?.default_branch.clone(),
        };
        let branch = self.branch(repository, &name)?;
        Ok((name, branch))
    }

    /// How many commits `branch` has (the initial one included); `None` when there is no such
    /// repository or branch.
    pub fn commit_count(&self, repository: i32, branch: &str) -> Option<usize> {
        self.branch(repository, branch).ok().map(|b| b.commits.len())
    }

    /// CreateFile.
    pub fn create_file(
        &mut self,
        repository: i32,
        branch: &str,
        path: &str,
        content: Vec<u8>,
        message: &str,
        author: &Author,
    ) -> Result<Value, ApiError> {
        self.branch(repository, branch)?.check_free(path)?;
        let commit = self.commit(repository, branch, message, author);
        let file = File { blob_id: blob_id(&content), content, last_commit: commit };
        self.branch_mut(repository, branch)?.entries.insert(path.to_owned(), Entry::File(file));
        Ok(json!({ "file_path": path, "branch": branch }))
    }

    /// CreateDir: the new commit's id.
    pub fn create_dir(
        &mut self,
        repository: i32,
        branch: &str,
        path: &str,
        message: &str,
    ) -> Result<String, ApiError> {
        self.branch(repository, branch)?.check_free(path)?;
        let commit = self.commit(repository, branch, message, &Author::default());
        self.branch_mut(repository, branch)?.entries.insert(path.to_owned(), Entry::Dir);
        Ok(commit)
    }

    /// ListTrees: one page of entries under `query.path` (directories first, then files, each by
    /// name) and the number of entries over all pages.
    pub fn list_trees(&self, repository: i32, query: &TreeQuery) -> Result<(Value, usize), ApiError> {
        let (_, branch) = self.resolve(repository, query.reference.as_deref())?;
        let base = match &query.path {
            Some(path) => {
                let path = normalize("path", path)?;
                if !branch.is_dir(&path) {
                    return Err(ApiError::not_found(format!("The directory '{path}'")));
                }
                Some(path)
            }
            None => None,
        };
        let mut paths: Vec<String> = Vec::new();
        for key in branch.entries.keys() {
            // Every directory on the way to an entry is an entry of the tree too.
            let mut prefix = String::new();
            for part in key.split('/') {
                if !prefix.is_empty() {
                    prefix.push('/');
                }
                prefix.push_str(part);
                if !paths.contains(&prefix) {
                    paths.push(prefix.clone());
                }
            }
        }
        let under = |path: &str| match &base {
            None => true,
            Some(base) => {
                path.len() > base.len()
                    && path.starts_with(base.as_str())
                    && path.as_bytes()[base.len()] == b'/'
            }
        };
        let depth_of = |path: &str| path.matches('/').count();
        let base_depth = base.as_deref().map_or(0, |b| depth_of(b) + 1);
        let mut listed: Vec<(bool, String)> = paths
            .into_iter()
            .filter(|path| under(path) && (query.recursive || depth_of(path) == base_depth))
            .map(|path| (branch.file(&path).is_some(), path))
            .collect();
        listed.sort();
        let total = listed.len();
        let page: Vec<Value> = listed
            .into_iter()
            .skip(query.offset)
            .take(query.limit)
            .map(|(is_file, path)| match branch.file(&path) {
                Some(file) if is_file => json!({
                    "id": file.blob_id, "name": name_of(&path), "type": "blob", "path": path, "mode": "100644"
                }),
                _ => json!({
                    "id": sha1_hex(format!("tree {path} {}", branch.head().id).as_bytes()),
                    "name": name_of(&path), "type": "tree", "path": path, "mode": "040000"
                }),
            })
            .collect();
        Ok((Value::Array(page), total))
    }

    fn find_file(
        &self,
        repository: i32,
        reference: Option<&str>,
        path: &str,
    ) -> Result<(String, &Branch, &File), ApiError> {
        let (name, branch) = self.resolve(repository, reference)?;
        let file = branch.file(path).ok_or_else(|| ApiError::not_found(format!("The file '{path}'")))?;
        Ok((name, branch, file))
    }

    /// ShowFile: the file's attributes, its content in base64 and its last commit.
    pub fn show_file(&self, repository: i32, reference: Option<&str>, path: &str) -> Result<Value, ApiError> {
        let (name, branch, file) = self.find_file(repository, reference, path)?;
        let commit =
            branch.commits.iter().find(|c| c.id == file.last_commit).unwrap_or_else(|| branch.head());
        Ok(json!({
            "name": name_of(path),
            "path": path,
            "size": file.content.len(),
            "encoding": "base64",
            "ref": name,
            "blob_id": file.blob_id,
            "file_type": if std::str::from_utf8(&file.content).is_ok() { "text/plain; charset=utf-8" } else { "application/octet-stream" },
            "commit": {
                "id": commit.id,
                "message": commit.message,
                "parent_ids": commit.parent.iter().collect::<Vec<_>>(),
                "authored_date": commit.date,
                "author_name": commit.author_name,
                "author_email": commit.author_email,
                "committed_date": commit.date,
                "committer_name": self.committer.0,
                "committer_email": self.committer.1,
            },
            "content": base64::engine::general_purpose::STANDARD.encode(&file.content),
            "is_limited": false,
            "content_sha256": sha256_hex(&file.content),
            "last_commit_id": file.last_commit,
        }))
    }

    /// ShowFileRaw: the file's bytes.
    pub fn show_file_raw(
        &self,
        repository: i32,
        reference: Option<&str>,
        path: &str,
    ) -> Result<Vec<u8>, ApiError> {
        Ok(self.find_file(repository, reference, path)?.2.content.clone())
    }

    fn check_last_commit(file: &File, last_commit_id: Option<&str>) -> Result<(), ApiError> {
        match last_commit_id {
            Some(id) if id != file.last_commit => Err(ApiError::invalid(format!(
                "'last_commit_id': the file was changed since {id}; its last commit is {}.",
                file.last_commit
            ))),
            _ => Ok(()),
        }
    }

    /// UpdateFile.
    #[allow(clippy::too_many_arguments)] // one argument per documented parameter
    pub fn update_file(
        &mut self,
        repository: i32,
        branch: &str,
        path: &str,
        content: Vec<u8>,
        message: &str,
        last_commit_id: Option<&str>,
        author: &Author,
    ) -> Result<Value, ApiError> {
        let file = self
            .branch(repository, branch)?
            .file(path)
            .ok_or_else(|| ApiError::not_found(format!("The file '{path}'")))?;
        Store::check_last_commit(file, last_commit_id)?;
        let commit = self.commit(repository, branch, message, author);
        let file = File { blob_id: blob_id(&content), content, last_commit: commit };
        self.branch_mut(repository, branch)?.entries.insert(path.to_owned(), Entry::File(file));
        Ok(json!({ "file_path": path, "branch": branch }))
    }

    /// RenameFile: moves `previous` to `path`, keeping its content (`infer_content`) or
    /// replacing it. With `start_branch`, a `branch` that does not exist yet is first created
    /// from it.
    pub fn rename_file(
        &mut self,
        repository: i32,
        previous: &str,
        path: &str,
        rename: Rename,
    ) -> Result<Value, ApiError> {
        if let Some(start) = &rename.start_branch
            && self.branch(repository, &rename.branch).is_err()
        {
            let copy = self.branch(repository, start)?.clone();
            if let Some(repo) = self.repositories.get_mut(&repository) {
                repo.branches.insert(rename.branch.clone(), copy);
            }
        }
        let branch = self.branch(repository, &rename.branch)?;
        let file =
            branch.file(previous).ok_or_else(|| ApiError::not_found(format!("The file '{previous}'")))?;
        Store::check_last_commit(file, rename.last_commit_id.as_deref())?;
        let content = match (rename.content, rename.infer_content) {
            (Some(content), _) => content,
            (None, true) => file.content.clone(),
            (None, false) => {
                return Err(ApiError::invalid("'content' and 'infer_content' cannot both be empty."));
            }
        };
        if previous != path {
            let mut without = branch.clone();
            without.entries.remove(previous);
            without.check_free(path)?;
        }
        let commit = self.commit(repository, &rename.branch, &rename.message, &rename.author);
        let entries = &mut self.branch_mut(repository, &rename.branch)?.entries;
        entries.remove(previous);
        entries.insert(
            path.to_owned(),
            Entry::File(File { blob_id: blob_id(&content), content, last_commit: commit }),
        );
        Ok(json!({ "file_path": path, "branch": rename.branch }))
    }

    /// DeleteFile.
    pub fn delete_file(
        &mut self,
        repository: i32,
        branch: &str,
        path: &str,
        message: &str,
        author: &Author,
    ) -> Result<Value, ApiError> {
        if self.branch(repository, branch)?.file(path).is_none() {
            return Err(ApiError::not_found(format!("The file '{path}'")));
        }
        self.commit(repository, branch, message, author);
        self.branch_mut(repository, branch)?.entries.remove(path);
        Ok(json!({ "status": "success" }))
    }
}
