//! Downloads: GetDownloadUrl, then a streamed `GET` of the presigned URL, chunk by chunk into
//! the destination.

use std::path::Path;

use cloudspec_alibaba_pds::{Client, GetDownloadUrlRequest};
use tokio::io::{AsyncWrite, AsyncWriteExt};

use crate::{Progress, TransferError};

/// Streams file `file_id` of drive `drive_id` into `writer`; the number of bytes written.
pub async fn download_to<W: AsyncWrite + Unpin + ?Sized>(
    client: &Client,
    drive_id: &str,
    file_id: &str,
    writer: &mut W,
    progress: Option<Progress>,
) -> Result<u64, TransferError> {
    let request = GetDownloadUrlRequest::builder()
        .drive_id(drive_id)
        .file_id(file_id)
        .build()
        .map_err(TransferError::api("GetDownloadUrl"))?;
    let answer = client.get_download_url(&request).await.map_err(TransferError::api("GetDownloadUrl"))?;
    let url = answer
        .url
        .ok_or_else(|| TransferError::Protocol("GetDownloadUrl answered without a url".to_owned()))?;
    let expected = answer.size.map(|size| size as u64);
    let presigned = client.presigned_client().map_err(TransferError::api("presigned transfer"))?;
    let mut download = presigned
        .get(url.as_str(), expected.unwrap_or(u64::MAX))
        .await
        .map_err(TransferError::api("download"))?;
    let total = expected.or(download.body.content_length()).unwrap_or(0);
    let mut written = 0u64;
    if let Some(progress) = &progress {
        progress(0, total);
    }
    while let Some(chunk) = download.body.next_chunk().await {
        let chunk = chunk.map_err(TransferError::api("download"))?;
        writer.write_all(&chunk).await?;
        written += chunk.len() as u64;
        if let Some(progress) = &progress {
            progress(written, total);
        }
    }
    writer.flush().await?;
    if expected.is_some_and(|size| size != written) {
        return Err(TransferError::Protocol(format!(
            "the download ended after {written} bytes of the {} announced",
            expected.unwrap_or_default()
        )));
    }
    Ok(written)
}

/// Streams file `file_id` into a new file at `path`. The bytes go to a sibling `.partial` file
/// first, renamed to `path` only once complete, so a failed download never leaves a truncated
/// file under the final name.
pub async fn download_file(
    client: &Client,
    drive_id: &str,
    file_id: &str,
    path: impl AsRef<Path>,
    progress: Option<Progress>,
) -> Result<u64, TransferError> {
    let path = path.as_ref();
    let mut partial_name = path.file_name().unwrap_or_default().to_owned();
    partial_name.push(".partial");
    let partial = path.with_file_name(partial_name);
    let mut file = tokio::io::BufWriter::with_capacity(256 * 1024, tokio::fs::File::create(&partial).await?);
    let written = match download_to(client, drive_id, file_id, &mut file, progress).await {
        Ok(written) => written,
        Err(error) => {
            drop(file);
            let _ = tokio::fs::remove_file(&partial).await;
            return Err(error);
        }
    };
    file.into_inner().sync_all().await?;
    tokio::fs::rename(&partial, path).await?;
    Ok(written)
}
