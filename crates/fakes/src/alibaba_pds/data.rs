//! The fake's data host, standing in for the OSS buckets behind PDS's presigned URLs: a `PUT` of
//! a part's raw bytes to an upload URL, a `GET` (whole, or one `Range`) of a file's content from
//! a download URL. Bodies are streamed between the socket and files on disk, a chunk at a time.
//!
//! Refusals are OSS's, as the real URLs point at OSS: 403 with an XML `<Error>` body, code
//! `AccessDenied` and message "Request has expired." for an expired URL, code
//! `SignatureDoesNotMatch` for a forged or altered one, 404 `NoSuchUpload` for an upload that is
//! not (or no longer) there.

use std::io;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use aws_lc_rs::digest;
use tokio::fs;
use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::store::UploadedPart;
use super::urls::Refusal;
use super::{State, unix_now};
use crate::http::{Head, decode_url_query, read_head};
use crate::running::lock;

const CHUNK: usize = 256 * 1024;

/// Serves the data host on `listener` until the task is aborted.
pub async fn serve(listener: TcpListener, state: Arc<Mutex<State>>) {
    while let Ok((stream, _)) = listener.accept().await {
        let state = Arc::clone(&state);
        tokio::spawn(async move {
            let _ = connection(stream, state).await;
        });
    }
}

async fn connection(mut stream: TcpStream, state: Arc<Mutex<State>>) -> io::Result<()> {
    let Some(head) = read_head(&mut stream).await? else { return Ok(()) };
    let id = {
        let mut state = lock(&state);
        state.next_request += 1;
        format!("5C0FFEE0{:016X}", state.next_request)
    };
    let answer = match head.method.as_str() {
        "PUT" => put_part(&mut stream, &head, &state, &id).await?,
        "GET" => return get_content(&mut stream, &head, &state, &id).await,
        _ => Answer::error(
            405,
            "MethodNotAllowed",
            "The specified method is not allowed against this resource.",
        ),
    };
    let Some(answer) = answer_or_drop(answer) else { return Ok(()) };
    write_answer(&mut stream, &answer, &id).await
}

enum Answer {
    Ok {
        etag: String,
    },
    Error {
        status: u16,
        code: &'static str,
        message: &'static str,
    },
    /// Close the connection without an answer (the interrupted-upload hook).
    Drop,
}

impl Answer {
    fn error(status: u16, code: &'static str, message: &'static str) -> Answer {
        Answer::Error { status, code, message }
    }

    fn refused(refusal: Refusal) -> Answer {
        match refusal {
            Refusal::Expired => Answer::error(403, "AccessDenied", "Request has expired."),
            Refusal::Forged => Answer::error(
                403,
                "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided.",
            ),
        }
    }
}

fn answer_or_drop(answer: Answer) -> Option<Answer> {
    match answer {
        Answer::Drop => None,
        other => Some(other),
    }
}

async fn put_part(
    stream: &mut TcpStream,
    head: &Head,
    state: &Arc<Mutex<State>>,
    id: &str,
) -> io::Result<Answer> {
    let length: u64 = head.header("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
    let target = head.path.strip_prefix("/upload/").and_then(|rest| rest.split_once('/'));
    let decided = {
        let mut state = lock(state);
        let verdict = state.signer.verify("PUT", &head.path, &decode_url_query(&head.raw_query), unix_now());
        match (target, verdict) {
            (_, Err(refusal)) => Err(Answer::refused(refusal)),
            (None, Ok(())) => Err(Answer::error(404, "NoSuchKey", "The specified key does not exist.")),
            (Some((upload_id, number)), Ok(())) => {
                let number: u32 = number.parse().unwrap_or(0);
                let known =
                    state.store.uploads.get(upload_id).is_some_and(|u| u.part_numbers.contains(&number));
                if !known {
                    Err(Answer::error(
                        404,
                        "NoSuchUpload",
                        "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
                    ))
                } else if state.expire_once.remove(&number) {
                    Err(Answer::refused(Refusal::Expired))
                } else {
                    let cut = state.interrupt_once.remove(&number);
                    Ok((upload_id.to_owned(), number, state.store.part_path(upload_id, number), cut))
                }
            }
        }
    };
    let (upload_id, number, path, cut) = match decided {
        Ok(go) => go,
        Err(refusal) => {
            // Read what the client sends before answering, so it sees the answer, not a reset.
            drain(stream, &head.rest, length).await?;
            return Ok(refusal);
        }
    };
    // One partial file per request: a client that gave up on a part and sent it again must not
    // share (or have removed) the file the abandoned request is still writing.
    let partial = path.with_extension(format!("{id}.partial"));
    let mut file = fs::File::create(&partial).await?;
    let mut sha1 = digest::Context::new(&digest::SHA1_FOR_LEGACY_USE_ONLY);
    let mut received = 0u64;
    let write = |bytes: &[u8], sha1: &mut digest::Context| {
        sha1.update(bytes);
        bytes.len() as u64
    };
    let first = &head.rest[..head.rest.len().min(length as usize)];
    let first = match cut {
        Some(cut) if (cut as usize) < first.len() => &first[..cut as usize],
        _ => first,
    };
    file.write_all(first).await?;
    received += write(first, &mut sha1);
    let mut buffer = vec![0u8; CHUNK];
    while received < length {
        if cut.is_some_and(|cut| received >= cut) {
            // The interrupted-upload hook: the connection goes away mid-part.
            drop(file);
            let _ = fs::remove_file(&partial).await;
            return Ok(Answer::Drop);
        }
        let want = (length - received).min(CHUNK as u64) as usize;
        let want = match cut {
            Some(cut) => want.min((cut - received) as usize).max(1),
            None => want,
        };
        let read = stream.read(&mut buffer[..want]).await?;
        if read == 0 {
            let _ = fs::remove_file(&partial).await;
            return Ok(Answer::Drop);
        }
        file.write_all(&buffer[..read]).await?;
        received += write(&buffer[..read], &mut sha1);
    }
    file.flush().await?;
    drop(file);
    fs::rename(&partial, &path).await?;
    let etag: String = sha1.finish().as_ref().iter().map(|b| format!("{b:02X}")).collect();
    let etag = format!("\"{etag}\"");
    let mut state = lock(state);
    let Some(upload) = state.store.uploads.get_mut(&upload_id) else {
        return Ok(Answer::error(404, "NoSuchUpload", "The specified upload does not exist."));
    };
    upload.uploaded.insert(number, UploadedPart { path, size: received, etag: etag.clone() });
    state.accepted_part_puts += 1;
    Ok(Answer::Ok { etag })
}

async fn drain(stream: &mut TcpStream, already: &[u8], length: u64) -> io::Result<()> {
    let mut left = length.saturating_sub(already.len() as u64);
    let mut buffer = vec![0u8; CHUNK];
    while left > 0 {
        let read = stream.read(&mut buffer[..left.min(CHUNK as u64) as usize]).await?;
        if read == 0 {
            break;
        }
        left -= read as u64;
    }
    Ok(())
}

async fn get_content(
    stream: &mut TcpStream,
    head: &Head,
    state: &Arc<Mutex<State>>,
    id: &str,
) -> io::Result<()> {
    let looked_up: Result<(PathBuf, u64), Answer> = {
        let state = lock(state);
        match state.signer.verify("GET", &head.path, &decode_url_query(&head.raw_query), unix_now()) {
            Err(refusal) => Err(Answer::refused(refusal)),
            Ok(()) => {
                let target = head.path.strip_prefix("/download/").and_then(|rest| rest.split_once('/'));
                let found = target.and_then(|(file_id, revision)| {
                    state.store.entries.get(file_id).filter(|e| e.revision_id == revision)
                });
                match found.and_then(|e| e.content.clone().map(|c| (c, e.size))) {
                    Some(found) => Ok(found),
                    None => Err(Answer::error(404, "NoSuchKey", "The specified key does not exist.")),
                }
            }
        }
    };
    let (path, size) = match looked_up {
        Ok(found) => found,
        Err(answer) => return write_answer(stream, &answer, id).await,
    };
    let (status, start, end) = match head.header("range").map(|r| parse_range(r, size)) {
        None => (200, 0, size),
        Some(Some((start, end))) => (206, start, end),
        Some(None) => {
            let answer = Answer::error(416, "InvalidRange", "The requested range cannot be satisfied.");
            return write_answer(stream, &answer, id).await;
        }
    };
    let mut head_text = format!(
        "HTTP/1.1 {status} {}\r\ncontent-type: application/octet-stream\r\ncontent-length: {}\r\naccept-ranges: bytes\r\nx-oss-request-id: {id}\r\nconnection: close\r\n",
        if status == 206 { "Partial Content" } else { "OK" },
        end - start
    );
    if status == 206 {
        head_text.push_str(&format!("content-range: bytes {start}-{}/{size}\r\n", end - 1));
    }
    head_text.push_str("\r\n");
    stream.write_all(head_text.as_bytes()).await?;
    let mut file = fs::File::open(&path).await?;
    file.seek(io::SeekFrom::Start(start)).await?;
    let mut left = end - start;
    let mut buffer = vec![0u8; CHUNK];
    while left > 0 {
        let read = file.read(&mut buffer[..left.min(CHUNK as u64) as usize]).await?;
        if read == 0 {
            break;
        }
        stream.write_all(&buffer[..read]).await?;
        left -= read as u64;
    }
    stream.shutdown().await
}

/// `bytes=a-b`, `bytes=a-` or `bytes=-n` as a half-open range within `size`; `None` when it
/// cannot be satisfied.
fn parse_range(header: &str, size: u64) -> Option<(u64, u64)> {
    let spec = header.strip_prefix("bytes=")?;
    let (first, last) = spec.split_once('-')?;
    let (start, end) = match (first.trim(), last.trim()) {
        ("", n) => {
            let n: u64 = n.parse().ok()?;
            (size.saturating_sub(n), size)
        }
        (a, "") => (a.parse().ok()?, size),
        (a, b) => (a.parse().ok()?, b.parse::<u64>().ok()?.saturating_add(1).min(size)),
    };
    (start < end && start < size).then_some((start, end))
}

async fn write_answer(stream: &mut TcpStream, answer: &Answer, id: &str) -> io::Result<()> {
    let (status, reason, extra, body) = match answer {
        Answer::Ok { etag } => (200, "OK", format!("etag: {etag}\r\n"), String::new()),
        Answer::Error { status, code, message } => (
            *status,
            "Error",
            "content-type: application/xml\r\n".to_owned(),
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n  <Code>{code}</Code>\n  <Message>{message}</Message>\n  <RequestId>{id}</RequestId>\n  <HostId>127.0.0.1</HostId>\n</Error>\n"
            ),
        ),
        Answer::Drop => return Ok(()),
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\n{extra}content-length: {}\r\nx-oss-request-id: {id}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body.as_bytes()).await?;
    stream.shutdown().await
}
