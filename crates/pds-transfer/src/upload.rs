//! Uploads: CreateFile with the part list, the parts to their presigned URLs (a bounded number
//! at once), CompleteFile; and the resumption of an upload that stopped.

use std::collections::{BTreeSet, HashMap};
use std::io::SeekFrom;
use std::path::{Path, PathBuf};

use bytes::{Bytes, BytesMut};
use cloudspec_alibaba_pds::{
    Client, CompleteFileRequest, CompleteFileResponse, CreateFileRequest, FileType, GetUploadUrlRequest,
    ListUploadedPartsRequest, PartInfo, UploadPartInfo, UploadUrlPartInfo,
};
use cloudspec_runtime::{PresignedClient, UploadBody};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncSeekExt};
use tokio::task::JoinSet;

use crate::parts::{UploadSession, check_plan, part_count};
use crate::{Progress, TransferError, UploadOptions};

/// Uploads the file at `path` as `options.name` in `options.parent_file_id`; each part is
/// streamed from its offset in the file (no part is buffered).
pub async fn upload_file(
    client: &Client,
    path: impl AsRef<Path>,
    options: &UploadOptions,
) -> Result<CompleteFileResponse, TransferError> {
    let path = path.as_ref().to_owned();
    let length = tokio::fs::metadata(&path).await?.len();
    let (session, urls) = create(client, options, length).await?;
    let parts = (1..=session.part_count()).map(|n| (n, urls.get(&n).cloned())).collect();
    let mut source = Source::File(path);
    send_parts(client, &session, &mut source, parts, options, 0).await?;
    complete(client, &session).await
}

/// Uploads `length` bytes read from `reader`; at most `options.parts_in_flight` parts are held
/// in memory at once. A reader cannot be read again, so an interrupted reader upload is resumed
/// from a file with [`resume_upload_file`] (or started over).
pub async fn upload_reader(
    client: &Client,
    reader: impl AsyncRead + Send + Unpin + 'static,
    length: u64,
    options: &UploadOptions,
) -> Result<CompleteFileResponse, TransferError> {
    let (session, urls) = create(client, options, length).await?;
    let parts = (1..=session.part_count()).map(|n| (n, urls.get(&n).cloned())).collect();
    let mut source = Source::Reader(Box::new(reader));
    send_parts(client, &session, &mut source, parts, options, 0).await?;
    complete(client, &session).await
}

/// Finishes the upload `session` from the same file: ListUploadedParts says which parts are
/// stored (with the expected size), GetUploadUrl gives URLs for the others, only those are
/// sent, then CompleteFile. `options` gives the parallelism and the progress callback.
pub async fn resume_upload_file(
    client: &Client,
    path: impl AsRef<Path>,
    session: &UploadSession,
    options: &UploadOptions,
) -> Result<CompleteFileResponse, TransferError> {
    let path = path.as_ref().to_owned();
    let length = tokio::fs::metadata(&path).await?.len();
    if length != session.length {
        return Err(TransferError::Protocol(format!(
            "the file has {length} bytes but the upload was started with {}",
            session.length
        )));
    }
    let stored = uploaded_parts(client, session).await?;
    let missing: Vec<i32> = (1..=session.part_count())
        .filter(|n| stored.get(n).is_none_or(|size| *size != session.part_range(*n).1))
        .collect();
    let done: u64 =
        (1..=session.part_count()).filter(|n| !missing.contains(n)).map(|n| session.part_range(n).1).sum();
    let parts = if missing.is_empty() {
        Vec::new()
    } else {
        let urls = fresh_urls(client, session, &missing).await?;
        missing.iter().map(|n| (*n, urls.get(n).cloned())).collect()
    };
    let mut source = Source::File(path);
    send_parts(client, session, &mut source, parts, options, done).await?;
    complete(client, session).await
}

/// The stored parts of `session`: part number → size, every page of ListUploadedParts.
async fn uploaded_parts(
    client: &Client,
    session: &UploadSession,
) -> Result<HashMap<i32, u64>, TransferError> {
    let mut stored = HashMap::new();
    let mut marker: Option<i64> = None;
    let mut seen = BTreeSet::new();
    loop {
        let mut request = ListUploadedPartsRequest::builder()
            .drive_id(session.drive_id.clone())
            .file_id(session.file_id.clone())
            .upload_id(session.upload_id.clone());
        if let Some(marker) = marker {
            request = request.part_number_marker(marker);
        }
        let request = request.build().map_err(TransferError::api("ListUploadedParts"))?;
        let page =
            client.list_uploaded_parts(&request).await.map_err(TransferError::api("ListUploadedParts"))?;
        for part in page.uploaded_parts.unwrap_or_default() {
            if let (Some(number), Some(size)) = (part.part_number, part.part_size) {
                stored.insert(number, size as u64);
            }
        }
        // The marker is text in the response and an integer in the request (see the spec).
        match page.next_part_number_marker.as_deref().map(str::trim) {
            None | Some("") => return Ok(stored),
            Some(next) => {
                let next: i64 = next.parse().map_err(|_| {
                    TransferError::Protocol(format!("next_part_number_marker {next:?} is not a part number"))
                })?;
                if !seen.insert(next) {
                    return Ok(stored);
                }
                marker = Some(next);
            }
        }
    }
}

async fn create(
    client: &Client,
    options: &UploadOptions,
    length: u64,
) -> Result<(UploadSession, HashMap<i32, String>), TransferError> {
    check_plan(length, options.part_size, options.parts_in_flight)?;
    let count = part_count(length, options.part_size);
    let parts: Vec<PartInfo> = (1..=count).map(|n| PartInfo::builder().part_number(n).build()).collect();
    let mut request = CreateFileRequest::builder()
        .drive_id(options.drive_id.clone())
        .parent_file_id(options.parent_file_id.clone())
        .name(options.name.clone())
        .type_(FileType::File)
        .size(length as i64)
        .part_info_list(parts);
    if let Some(mode) = &options.check_name_mode {
        request = request.check_name_mode(mode.clone());
    }
    if let Some(content_type) = &options.content_type {
        request = request.content_type(content_type.clone());
    }
    let request = request.build().map_err(TransferError::api("CreateFile"))?;
    let created = client.create_file(&request).await.map_err(TransferError::api("CreateFile"))?;
    if created.exist == Some(true) {
        return Err(TransferError::Protocol(format!(
            "a file named {:?} already exists ({}); nothing was uploaded",
            options.name,
            created.file_id.as_deref().unwrap_or("?")
        )));
    }
    let (Some(file_id), Some(upload_id)) = (created.file_id, created.upload_id) else {
        return Err(TransferError::Protocol("CreateFile answered without a file_id or upload_id".to_owned()));
    };
    let session = UploadSession {
        drive_id: options.drive_id.clone(),
        file_id,
        upload_id,
        part_size: options.part_size,
        length,
    };
    Ok((session, urls_by_part(created.part_info_list.unwrap_or_default())))
}

fn urls_by_part(parts: Vec<UploadPartInfo>) -> HashMap<i32, String> {
    parts
        .into_iter()
        .filter_map(|part| Some((part.part_number?, part.upload_url?.as_str().to_owned())))
        .collect()
}

/// New upload URLs for `numbers` (GetUploadUrl).
async fn fresh_urls(
    client: &Client,
    session: &UploadSession,
    numbers: &[i32],
) -> Result<HashMap<i32, String>, TransferError> {
    let parts: Vec<UploadUrlPartInfo> =
        numbers.iter().map(|n| UploadUrlPartInfo::builder().part_number(*n).build()).collect();
    let request = GetUploadUrlRequest::builder()
        .drive_id(session.drive_id.clone())
        .file_id(session.file_id.clone())
        .upload_id(session.upload_id.clone())
        .part_info_list(parts)
        .build()
        .map_err(TransferError::api("GetUploadUrl"))?;
    let answer = client.get_upload_url(&request).await.map_err(TransferError::api("GetUploadUrl"))?;
    Ok(urls_by_part(answer.part_info_list.unwrap_or_default()))
}

async fn complete(client: &Client, session: &UploadSession) -> Result<CompleteFileResponse, TransferError> {
    let request = CompleteFileRequest::builder()
        .drive_id(session.drive_id.clone())
        .file_id(session.file_id.clone())
        .upload_id(session.upload_id.clone())
        .build()
        .map_err(TransferError::api("CompleteFile"))?;
    client.complete_file(&request).await.map_err(TransferError::api("CompleteFile"))
}

/// Where the parts' bytes come from.
enum Source {
    /// Each part is streamed from its offset.
    File(PathBuf),
    /// Parts are read in order, each into one buffer.
    Reader(Box<dyn AsyncRead + Send + Unpin>),
}

/// One part's bytes, ready to send (and to send again after a URL refresh).
#[derive(Clone)]
enum PartBody {
    FileRange { path: PathBuf, offset: u64, length: u64 },
    Bytes(Bytes),
}

impl PartBody {
    fn len(&self) -> u64 {
        match self {
            PartBody::FileRange { length, .. } => *length,
            PartBody::Bytes(bytes) => bytes.len() as u64,
        }
    }
}

impl Source {
    async fn part(&mut self, session: &UploadSession, number: i32) -> Result<PartBody, TransferError> {
        let (offset, length) = session.part_range(number);
        match self {
            Source::File(path) => Ok(PartBody::FileRange { path: path.clone(), offset, length }),
            Source::Reader(reader) => {
                let mut buffer = BytesMut::with_capacity(length as usize);
                while (buffer.len() as u64) < length {
                    if reader.read_buf(&mut buffer).await? == 0 {
                        return Err(TransferError::Io(std::io::Error::new(
                            std::io::ErrorKind::UnexpectedEof,
                            format!(
                                "the reader ended at byte {} of {}",
                                offset + buffer.len() as u64,
                                session.length
                            ),
                        )));
                    }
                }
                Ok(PartBody::Bytes(buffer.freeze()))
            }
        }
    }
}

/// Sends `parts` (number, URL if known) with at most `parts_in_flight` at once. A part whose
/// URL has expired (403) gets a new one from GetUploadUrl and is sent once more.
async fn send_parts(
    client: &Client,
    session: &UploadSession,
    source: &mut Source,
    parts: Vec<(i32, Option<String>)>,
    options: &UploadOptions,
    already_done: u64,
) -> Result<(), TransferError> {
    let presigned = client.presigned_client().map_err(TransferError::api("presigned transfer"))?;
    let mut running = JoinSet::new();
    let mut done = already_done;
    let report = |done: u64| report(&options.progress, done, session.length);
    report(done);
    for (number, url) in parts {
        // A part is read only once fewer than `parts_in_flight` are running, which bounds the
        // parts held in memory; and a part is started only after the outcome of the one whose
        // place it takes is known, so no part is sent after another has failed.
        while running.len() >= options.parts_in_flight
            && let Some(finished) = running.join_next().await
        {
            done += finished_part(finished, session, &mut running).await?;
            report(done);
        }
        let body = source.part(session, number).await?;
        let (client, presigned, session) = (client.clone(), presigned.clone(), session.clone());
        running.spawn(
            async move { (number, send_part(&client, &presigned, &session, number, url, body).await) },
        );
    }
    while let Some(finished) = running.join_next().await {
        done += finished_part(finished, session, &mut running).await?;
        report(done);
    }
    Ok(())
}

type PartOutcome = (i32, Result<u64, Box<dyn std::error::Error + Send + Sync>>);

/// The bytes of a part that was sent, or the interruption (the other parts are stopped).
async fn finished_part(
    finished: Result<PartOutcome, tokio::task::JoinError>,
    session: &UploadSession,
    running: &mut JoinSet<PartOutcome>,
) -> Result<u64, TransferError> {
    let (part_number, error) = match finished {
        Ok((_, Ok(bytes))) => return Ok(bytes),
        Ok((number, Err(error))) => (number, error),
        Err(join) => (0, Box::new(join) as Box<dyn std::error::Error + Send + Sync>),
    };
    running.shutdown().await;
    Err(TransferError::Interrupted { session: session.clone(), part_number, source: error })
}

async fn send_part(
    client: &Client,
    presigned: &PresignedClient,
    session: &UploadSession,
    number: i32,
    url: Option<String>,
    body: PartBody,
) -> Result<u64, Box<dyn std::error::Error + Send + Sync>> {
    let url = match url {
        Some(url) => url,
        None => refreshed(client, session, number).await?,
    };
    match put(presigned, &url, &body).await {
        Err(cloudspec_runtime::Error::Service(refused)) if refused.status == 403 => {
            // An expired (or otherwise refused) URL: ask for a new one and try once more.
            let url = refreshed(client, session, number).await?;
            put(presigned, &url, &body).await?;
        }
        other => {
            other?;
        }
    }
    Ok(body.len())
}

async fn refreshed(
    client: &Client,
    session: &UploadSession,
    number: i32,
) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    let urls = fresh_urls(client, session, &[number]).await?;
    urls.get(&number).cloned().ok_or_else(|| format!("GetUploadUrl gave no URL for part {number}").into())
}

async fn put(
    presigned: &PresignedClient,
    url: &str,
    body: &PartBody,
) -> Result<(), cloudspec_runtime::Error> {
    match body {
        PartBody::Bytes(bytes) => presigned.put_bytes(url, bytes.clone(), None).await.map(drop),
        PartBody::FileRange { path, offset, length } => {
            let mut file = tokio::fs::File::open(path).await.map_err(|e| {
                cloudspec_runtime::Error::Encode(cloudspec_runtime::EncodeError::Body(e.to_string()))
            })?;
            file.seek(SeekFrom::Start(*offset)).await.map_err(|e| {
                cloudspec_runtime::Error::Encode(cloudspec_runtime::EncodeError::Body(e.to_string()))
            })?;
            let body = UploadBody::from_reader(file.take(*length), *length);
            presigned.put_stream(url, body, None).await.map(drop)
        }
    }
}

fn report(progress: &Option<Progress>, done: u64, total: u64) {
    if let Some(progress) = progress {
        progress(done, total);
    }
}
