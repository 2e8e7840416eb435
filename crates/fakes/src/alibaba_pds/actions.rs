//! The API operations: each reads the JSON body's members, changes the store and answers with
//! the operation's JSON (and status) or a PDS error.

use std::fs;
use std::io::{self, Write};

use serde_json::{Map, Value, json};

use super::envelope::ApiError;
use super::store::{Kind, ROOT, Store, Task, TaskEffect, Upload};
use super::urls::UrlSigner;

/// The API paths the fake serves.
pub const PATHS: [&str; 12] = [
    "/v2/file/create",
    "/v2/file/get_upload_url",
    "/v2/file/list_uploaded_parts",
    "/v2/file/complete",
    "/v2/file/get",
    "/v2/file/list",
    "/v2/file/update",
    "/v2/file/move",
    "/v2/file/copy",
    "/v2/file/delete",
    "/v2/file/get_download_url",
    "/v2/async_task/get",
];

/// What an operation needs besides the store.
pub struct Context<'a> {
    pub signer: &'a UrlSigner,
    /// `http://127.0.0.1:<port>` of the data host.
    pub data_endpoint: &'a str,
    /// Unix seconds now, for URL expiry.
    pub now: i64,
    pub upload_url_ttl_secs: i64,
    /// Polls a folder task answers `Running` before it ends.
    pub task_running_polls: u32,
    /// The next folder task fails (taken by the task).
    pub fail_next_task: &'a mut bool,
    /// Smallest size of every part but the last (OSS's multipart rule: 100 KiB).
    pub min_part_size: u64,
}

type Outcome = Result<(u16, Value), ApiError>;

pub fn dispatch(path: &str, params: &Map<String, Value>, store: &mut Store, cx: &mut Context<'_>) -> Outcome {
    match path {
        "/v2/file/create" => create_file(params, store, cx),
        "/v2/file/get_upload_url" => get_upload_url(params, store, cx),
        "/v2/file/list_uploaded_parts" => list_uploaded_parts(params, store, cx),
        "/v2/file/complete" => complete_file(params, store, cx),
        "/v2/file/get" => get_file(params, store),
        "/v2/file/list" => list_file(params, store),
        "/v2/file/update" => update_file(params, store),
        "/v2/file/move" => move_file(params, store, cx),
        "/v2/file/copy" => copy_file(params, store, cx),
        "/v2/file/delete" => delete_file(params, store, cx),
        "/v2/file/get_download_url" => get_download_url(params, store, cx),
        "/v2/async_task/get" => get_async_task(params, store),
        _ => Err(ApiError::new(404, "NotFound", format!("The API {path} does not exist."))),
    }
}

fn text<'a>(params: &'a Map<String, Value>, name: &str) -> Result<Option<&'a str>, ApiError> {
    match params.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(ApiError::new(
            400,
            "InvalidParameterWrongFormat",
            format!("The input parameter {name} has invalid format."),
        )),
    }
}

fn required<'a>(params: &'a Map<String, Value>, name: &str) -> Result<&'a str, ApiError> {
    match text(params, name)? {
        Some(value) if !value.is_empty() => Ok(value),
        Some(_) => {
            Err(ApiError::new(400, "InvalidParameterEmpty", format!("The input parameter {name} is empty.")))
        }
        None => Err(ApiError::missing(name)),
    }
}

fn integer(params: &Map<String, Value>, name: &str) -> Result<Option<u64>, ApiError> {
    match params.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => value.as_u64().map(Some).ok_or_else(|| ApiError::invalid(name)),
    }
}

fn flag(params: &Map<String, Value>, name: &str) -> Result<Option<bool>, ApiError> {
    match params.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => value.as_bool().map(Some).ok_or_else(|| ApiError::invalid(name)),
    }
}

fn mode(params: &Map<String, Value>) -> Result<&str, ApiError> {
    Ok(text(params, "check_name_mode")?.unwrap_or("ignore"))
}

/// `part_info_list[].part_number`, checked: 1 to 10,000, no repeats.
fn part_numbers(params: &Map<String, Value>) -> Result<Option<Vec<u32>>, ApiError> {
    let Some(list) = params.get("part_info_list") else { return Ok(None) };
    let list = list.as_array().ok_or_else(|| ApiError::invalid("part_info_list"))?;
    let mut numbers = Vec::with_capacity(list.len());
    for part in list {
        let number = part
            .get("part_number")
            .and_then(Value::as_u64)
            .ok_or_else(|| ApiError::missing("part_number"))?;
        if !(1..=10_000).contains(&number) || numbers.contains(&(number as u32)) {
            return Err(ApiError::new(
                400,
                "InvalidParameterOutOfRange",
                "The input parameter part_number is out of range.",
            ));
        }
        numbers.push(number as u32);
    }
    Ok(Some(numbers))
}

fn upload_urls(upload_id: &str, numbers: &[u32], store: &Store, cx: &Context<'_>) -> Vec<Value> {
    let expires = cx.now + cx.upload_url_ttl_secs;
    numbers
        .iter()
        .map(|number| {
            let path = format!("/upload/{upload_id}/{number}");
            let url = cx.signer.sign(cx.data_endpoint, "PUT", &path, expires);
            let mut part = json!({ "part_number": number, "upload_url": url, "internal_upload_url": url });
            if let Some(uploaded) = store.uploads.get(upload_id).and_then(|u| u.uploaded.get(number)) {
                part["part_size"] = json!(uploaded.size);
                part["etag"] = json!(uploaded.etag);
            }
            part
        })
        .collect()
}

fn upload_of<'a>(params: &Map<String, Value>, store: &'a Store) -> Result<(&'a str, &'a Upload), ApiError> {
    let file_id = required(params, "file_id")?;
    let upload_id = required(params, "upload_id")?;
    let (id, upload) =
        store.uploads.get_key_value(upload_id).ok_or_else(|| ApiError::not_found("upload", upload_id))?;
    if upload.file_id != file_id {
        return Err(ApiError::new(
            400,
            "InvalidParameterNotMatch",
            "The input parameter upload_id does not match.",
        ));
    }
    Ok((id.as_str(), upload))
}

fn create_file(params: &Map<String, Value>, store: &mut Store, cx: &mut Context<'_>) -> Outcome {
    store.drive(params)?;
    let name = required(params, "name")?;
    if name.contains('/') || name.len() > 1024 {
        return Err(ApiError::invalid("name"));
    }
    let kind = match required(params, "type")? {
        "file" => Kind::File,
        "folder" => Kind::Folder,
        _ => return Err(ApiError::invalid("type")),
    };
    let parent = required(params, "parent_file_id")?;
    store.folder(parent)?;
    let numbers = part_numbers(params)?.unwrap_or_else(|| vec![1]);
    let size = integer(params, "size")?;
    let content_type = text(params, "content_type")?.unwrap_or("application/octet-stream").to_owned();
    let resolved = store.resolve_name(parent, name, mode(params)?, None)?;
    let name = match resolved {
        Ok(name) => name,
        Err(existing) => {
            // refuse: nothing is created; the answer describes the file already there.
            let entry = store.entry(&existing)?;
            return Ok((
                201,
                json!({
                    "domain_id": store.domain_id, "drive_id": store.drive_id, "parent_file_id": parent,
                    "file_id": entry.file_id, "file_name": entry.name, "type": if entry.kind == Kind::Folder { "folder" } else { "file" },
                    "status": entry.status, "exist": true,
                }),
            ));
        }
    };
    let file_id = store.insert(parent, name.clone(), kind, content_type);
    let mut answer = json!({
        "domain_id": store.domain_id, "drive_id": store.drive_id, "parent_file_id": parent,
        "file_id": file_id, "file_name": name, "type": if kind == Kind::Folder { "folder" } else { "file" },
        "exist": false,
    });
    if kind == Kind::Folder {
        answer["status"] = json!("available");
        return Ok((201, answer));
    }
    let upload_id = store.new_id("u").to_uppercase();
    store.uploads.insert(
        upload_id.clone(),
        Upload {
            file_id: file_id.clone(),
            part_numbers: numbers.clone(),
            uploaded: Default::default(),
            size,
        },
    );
    if let Some(entry) = store.entries.get_mut(&file_id) {
        entry.upload_id = Some(upload_id.clone());
    }
    answer["status"] = json!("uploading");
    answer["upload_id"] = json!(upload_id);
    answer["rapid_upload"] = json!(false);
    answer["part_info_list"] = Value::Array(upload_urls(&upload_id, &numbers, store, cx));
    Ok((201, answer))
}

fn get_upload_url(params: &Map<String, Value>, store: &mut Store, cx: &mut Context<'_>) -> Outcome {
    store.drive(params)?;
    let (upload_id, upload) = upload_of(params, store)?;
    let numbers = part_numbers(params)?.ok_or_else(|| ApiError::missing("part_info_list"))?;
    if let Some(unknown) = numbers.iter().find(|n| !upload.part_numbers.contains(n)) {
        return Err(ApiError::new(
            400,
            "InvalidParameterOutOfRange",
            format!("The input parameter part_number {unknown} is out of range."),
        ));
    }
    let parts = upload_urls(upload_id, &numbers, store, cx);
    Ok((
        200,
        json!({
            "domain_id": store.domain_id, "drive_id": store.drive_id, "file_id": upload.file_id,
            "upload_id": upload_id, "create_at": store.entry(&upload.file_id)?.created_at, "part_info_list": parts,
        }),
    ))
}

fn list_uploaded_parts(params: &Map<String, Value>, store: &mut Store, cx: &mut Context<'_>) -> Outcome {
    let (upload_id, upload) = upload_of(params, store)?;
    let limit = integer(params, "limit")?.unwrap_or(100);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::new(
            400,
            "InvalidParameterOutOfRange",
            "The input parameter limit is out of range.",
        ));
    }
    let after = integer(params, "part_number_marker")?.unwrap_or(0);
    let numbers: Vec<u32> = upload.uploaded.keys().copied().filter(|n| u64::from(*n) > after).collect();
    let page = &numbers[..numbers.len().min(limit as usize)];
    let next = if page.len() < numbers.len() {
        page.last().map(u32::to_string).unwrap_or_default()
    } else {
        String::new()
    };
    let parts = upload_urls(upload_id, page, store, cx);
    Ok((
        200,
        json!({
            "file_id": upload.file_id, "upload_id": upload_id, "parallel_upload": false,
            "uploaded_parts": parts, "next_part_number_marker": next,
        }),
    ))
}

fn complete_file(params: &Map<String, Value>, store: &mut Store, cx: &mut Context<'_>) -> Outcome {
    store.drive(params)?;
    let file_id = required(params, "file_id")?.to_owned();
    if store.entry(&file_id)?.status == "available" {
        // Completing again returns the same file and commits nothing new.
        return Ok((200, store.file_json(store.entry(&file_id)?)));
    }
    let (upload_id, upload) = upload_of(params, store)?;
    let upload_id = upload_id.to_owned();
    let mut numbers = upload.part_numbers.clone();
    numbers.sort_unstable();
    let mut parts = Vec::with_capacity(numbers.len());
    for (i, number) in numbers.iter().enumerate() {
        let part = upload.uploaded.get(number).ok_or_else(|| {
            ApiError::new(
                400,
                "InvalidParameter",
                format!("The input parameter upload_id is not valid: part {number} is not uploaded."),
            )
        })?;
        if i + 1 < numbers.len() && part.size < cx.min_part_size {
            return Err(ApiError::new(
                400,
                "InvalidParameter",
                format!(
                    "The input parameter part_info_list is not valid: part {number} is smaller than {} bytes and is not the last.",
                    cx.min_part_size
                ),
            ));
        }
        parts.push(part.clone());
    }
    let total: u64 = parts.iter().map(|p| p.size).sum();
    if upload.size.is_some_and(|size| size != total) {
        return Err(ApiError::new(
            400,
            "InvalidParameterNotMatch",
            "The input parameter size does not match the uploaded parts.",
        ));
    }
    let content = store.dir().join(format!("{file_id}.{upload_id}.content"));
    assemble(&content, &parts).map_err(|e| {
        ApiError::new(
            500,
            "InternalError",
            format!("The request has been failed due to some unknown error. ({e})"),
        )
    })?;
    store.uploads.remove(&upload_id);
    let revision = store.new_id("r");
    let now = store.now();
    let entry = store.entries.get_mut(&file_id).ok_or_else(|| ApiError::not_found("file", &file_id))?;
    entry.status = "available";
    entry.size = total;
    entry.revision_id = revision;
    entry.updated_at = now;
    entry.upload_id = Some(upload_id);
    if let Some(old) = entry.content.replace(content) {
        let _ = fs::remove_file(old);
    }
    let entry = store.entry(&file_id)?;
    Ok((200, store.file_json(entry)))
}

/// Concatenates the parts, in order, into `target` (disk to disk), then removes the parts.
fn assemble(target: &std::path::Path, parts: &[super::store::UploadedPart]) -> io::Result<()> {
    let mut out = io::BufWriter::new(fs::File::create(target)?);
    for part in parts {
        io::copy(&mut fs::File::open(&part.path)?, &mut out)?;
    }
    out.flush()?;
    for part in parts {
        let _ = fs::remove_file(&part.path);
    }
    Ok(())
}

fn get_file(params: &Map<String, Value>, store: &mut Store) -> Outcome {
    store.drive(params)?;
    let entry = store.entry(required(params, "file_id")?)?;
    Ok((200, store.file_json(entry)))
}

fn list_file(params: &Map<String, Value>, store: &mut Store) -> Outcome {
    store.drive(params)?;
    let parent = required(params, "parent_file_id")?;
    store.folder(parent)?;
    let limit = integer(params, "limit")?.unwrap_or(100);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::new(
            400,
            "InvalidParameterOutOfRange",
            "The input parameter limit is out of range.",
        ));
    }
    let children = store.children(parent);
    let start = match text(params, "marker")? {
        None | Some("") => 0,
        Some(marker) => children
            .iter()
            .position(|c| c.file_id == marker)
            .map(|i| i + 1)
            .ok_or_else(|| ApiError::invalid("marker"))?,
    };
    let page: Vec<_> = children.iter().skip(start).take(limit as usize).collect();
    let next = if start + page.len() < children.len() {
        page.last().map(|e| e.file_id.clone()).unwrap_or_default()
    } else {
        String::new()
    };
    let items: Vec<Value> = page.iter().map(|e| store.file_json(e)).collect();
    Ok((200, json!({ "items": items, "next_marker": next })))
}

fn update_file(params: &Map<String, Value>, store: &mut Store) -> Outcome {
    store.drive(params)?;
    let file_id = required(params, "file_id")?.to_owned();
    let parent = store.entry(&file_id)?.parent_file_id.clone();
    if let Some(name) = text(params, "name")? {
        if name.is_empty() || name.contains('/') || name.len() > 1024 {
            return Err(ApiError::invalid("name"));
        }
        match store.resolve_name(&parent, name, mode(params)?, Some(&file_id))? {
            Ok(name) => store.entries.get_mut(&file_id).expect("looked up").name = name,
            // refuse: nothing changes; the answer is the file that has the name.
            Err(existing) => return Ok((200, store.file_json(store.entry(&existing)?))),
        }
    }
    let description = text(params, "description")?.map(str::to_owned);
    let labels = match params.get("labels") {
        None | Some(Value::Null) => None,
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .map(|v| v.as_str().map(str::to_owned).ok_or_else(|| ApiError::invalid("labels")))
                .collect::<Result<Vec<_>, _>>()?,
        ),
        Some(_) => return Err(ApiError::invalid("labels")),
    };
    let starred = flag(params, "starred")?;
    let hidden = flag(params, "hidden")?;
    let now = store.now();
    let entry = store.entries.get_mut(&file_id).expect("looked up");
    if description.is_some() {
        entry.description = description;
    }
    if let Some(labels) = labels {
        entry.labels = labels;
    }
    if let Some(starred) = starred {
        entry.starred = starred;
    }
    if let Some(hidden) = hidden {
        entry.hidden = hidden;
    }
    entry.updated_at = now;
    Ok((200, store.file_json(store.entry(&file_id)?)))
}

/// Starts a folder task; the effect happens when the task finishes (see get_async_task).
fn start_task(store: &mut Store, cx: &mut Context<'_>, effect: TaskEffect) -> String {
    let task_id = store.new_id("t");
    let created_at = store.now();
    let fails = std::mem::take(cx.fail_next_task);
    store.tasks.insert(
        task_id.clone(),
        Task { effect, running_polls: cx.task_running_polls, fails, finished: None, created_at },
    );
    task_id
}

fn move_file(params: &Map<String, Value>, store: &mut Store, cx: &mut Context<'_>) -> Outcome {
    store.drive(params)?;
    let file_id = required(params, "file_id")?.to_owned();
    let to_parent = required(params, "to_parent_file_id")?.to_owned();
    let entry = store.entry(&file_id)?.clone();
    store.folder(&to_parent)?;
    if store.is_within(&to_parent, &file_id) {
        return Err(ApiError::new(
            400,
            "InvalidParameter",
            "The input parameter to_parent_file_id is not valid: a folder cannot be moved into itself.",
        ));
    }
    let name = match store.resolve_name(&to_parent, &entry.name, mode(params)?, Some(&file_id))? {
        Ok(name) => name,
        Err(existing) => {
            return Ok((
                200,
                json!({ "domain_id": store.domain_id, "drive_id": store.drive_id, "file_id": existing, "async_task_id": "", "exist": true }),
            ));
        }
    };
    let mut answer = json!({ "domain_id": store.domain_id, "drive_id": store.drive_id, "file_id": file_id, "exist": false, "file_name": name });
    if entry.kind == Kind::Folder {
        answer["async_task_id"] = json!(start_task(store, cx, TaskEffect::Move { file_id, to_parent, name }));
        return Ok((202, answer));
    }
    let now = store.now();
    let moved = store.entries.get_mut(&file_id).expect("looked up");
    moved.parent_file_id = to_parent;
    moved.name = name;
    moved.updated_at = now.clone();
    answer["async_task_id"] = json!("");
    answer["revision_id"] = json!(moved.revision_id);
    answer["updated_at"] = json!(now);
    Ok((200, answer))
}

fn copy_file(params: &Map<String, Value>, store: &mut Store, cx: &mut Context<'_>) -> Outcome {
    store.drive(params)?;
    let file_id = required(params, "file_id")?.to_owned();
    let to_parent = required(params, "to_parent_file_id")?.to_owned();
    if let Some(to_drive) = text(params, "to_drive_id")?
        && to_drive != store.drive_id
    {
        return Err(ApiError::not_found("drive", to_drive));
    }
    let entry = store.entry(&file_id)?.clone();
    store.folder(&to_parent)?;
    if store.is_within(&to_parent, &file_id) {
        return Err(ApiError::new(
            400,
            "InvalidParameter",
            "The input parameter to_parent_file_id is not valid: a folder cannot be copied into itself.",
        ));
    }
    let mode = if flag(params, "auto_rename")?.unwrap_or(false) { "auto_rename" } else { "ignore" };
    let name = store.resolve_name(&to_parent, &entry.name, mode, None)?.unwrap_or(entry.name.clone());
    let new_id = store.new_id(if entry.kind == Kind::Folder { "d" } else { "f" });
    let mut answer = json!({ "domain_id": store.domain_id, "drive_id": store.drive_id, "file_id": new_id });
    if entry.kind == Kind::Folder {
        answer["async_task_id"] =
            json!(start_task(store, cx, TaskEffect::Copy { file_id, to_parent, new_id, name }));
        return Ok((202, answer));
    }
    store.copy_tree(&file_id, &to_parent, &new_id, &name).map_err(|e| {
        ApiError::new(
            500,
            "InternalError",
            format!("The request has been failed due to some unknown error. ({e})"),
        )
    })?;
    Ok((201, answer))
}

fn delete_file(params: &Map<String, Value>, store: &mut Store, cx: &mut Context<'_>) -> Outcome {
    store.drive(params)?;
    let file_id = required(params, "file_id")?.to_owned();
    if file_id == ROOT {
        return Err(ApiError::invalid("file_id"));
    }
    let entry = store.entry(&file_id)?.clone();
    let mut answer = json!({ "domain_id": store.domain_id, "drive_id": store.drive_id, "file_id": file_id });
    if entry.kind == Kind::Folder {
        answer["async_task_id"] = json!(start_task(store, cx, TaskEffect::Delete { file_id }));
        return Ok((202, answer));
    }
    store.remove_tree(&file_id);
    Ok((200, answer))
}

fn get_download_url(params: &Map<String, Value>, store: &mut Store, cx: &mut Context<'_>) -> Outcome {
    store.drive(params)?;
    let entry = store.entry(required(params, "file_id")?)?;
    if entry.kind != Kind::File || entry.status != "available" {
        return Err(ApiError::invalid("file_id"));
    }
    let expire_sec = integer(params, "expire_sec")?.unwrap_or(900);
    if !(1..=115_200).contains(&expire_sec) {
        return Err(ApiError::new(
            400,
            "InvalidParameterOutOfRange",
            "The input parameter expire_sec is out of range.",
        ));
    }
    let path = format!("/download/{}/{}", entry.file_id, entry.revision_id);
    let url = cx.signer.sign(cx.data_endpoint, "GET", &path, cx.now + expire_sec as i64);
    Ok((
        200,
        json!({ "url": url, "internal_url": url, "size": entry.size, "expiration": format!("unix:{}", cx.now + expire_sec as i64) }),
    ))
}

fn get_async_task(params: &Map<String, Value>, store: &mut Store) -> Outcome {
    let task_id = required(params, "async_task_id")?.to_owned();
    let task = store.tasks.get_mut(&task_id).ok_or_else(|| ApiError::not_found("async task", &task_id))?;
    let mut answer = json!({ "async_task_id": task_id, "created_at": task.created_at, "total_process": 1 });
    if task.finished.is_none() && task.running_polls > 0 {
        task.running_polls -= 1;
        answer["state"] = json!("Running");
        answer["status"] = json!("Running");
        answer["consumed_process"] = json!(0);
        return Ok((200, answer));
    }
    if task.finished.is_none() {
        let outcome = if task.fails { "Failed" } else { "Succeed" };
        task.finished = Some(outcome);
        if !task.fails {
            let effect = task.effect.clone();
            apply(store, effect)?;
        }
    }
    let task = &store.tasks[&task_id];
    let outcome = task.finished.expect("finished above");
    answer["state"] = json!(outcome);
    answer["status"] = json!(outcome);
    answer["consumed_process"] = json!(1);
    if outcome == "Failed" {
        answer["error_code"] = json!("InternalError");
        answer["error_message"] =
            json!("The request has been failed due to some unknown error. Please try again later.");
        answer["failed_process"] = json!(1);
    }
    Ok((200, answer))
}

fn apply(store: &mut Store, effect: TaskEffect) -> Result<(), ApiError> {
    match effect {
        TaskEffect::Delete { file_id } => store.remove_tree(&file_id),
        TaskEffect::Move { file_id, to_parent, name } => {
            let now = store.now();
            if let Some(entry) = store.entries.get_mut(&file_id) {
                entry.parent_file_id = to_parent;
                entry.name = name;
                entry.updated_at = now;
            }
        }
        TaskEffect::Copy { file_id, to_parent, new_id, name } => {
            store.copy_tree(&file_id, &to_parent, &new_id, &name).map_err(|e| {
                ApiError::new(
                    500,
                    "InternalError",
                    format!("The request has been failed due to some unknown error. ({e})"),
                )
            })?
        }
    }
    Ok(())
}
