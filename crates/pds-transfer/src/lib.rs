//! Whole files to and from Alibaba Cloud Drive and Photo Service (PDS), on the generated
//! [`cloudspec_alibaba_pds::Client`]: the multipart upload flow (CreateFile with a part list,
//! a `PUT` of each part to its presigned URL, CompleteFile) and the download flow
//! (GetDownloadUrl, a streamed `GET`), written once for every file.
//!
//! - [`upload_file`] / [`upload_reader`]: parts of [`UploadOptions::part_size`], up to
//!   [`UploadOptions::parts_in_flight`] at once, memory bounded by part size × parts in flight
//!   (a file on disk is streamed from its offsets and needs no part buffer at all); an expired
//!   part URL (a 403 from the storage host) is renewed with GetUploadUrl and the part sent once
//!   more; a progress callback sees bytes done of bytes total.
//! - An upload that fails midway returns [`TransferError::Interrupted`] with its
//!   [`UploadSession`]; [`resume_upload_file`] asks ListUploadedParts what arrived and sends only
//!   the missing parts before completing.
//! - [`download_file`] / [`download_to`]: streamed to a path or any `AsyncWrite`, never held
//!   whole in memory.
//!
//! ```no_run
//! # async fn demo(client: cloudspec_alibaba_pds::Client) -> Result<(), cloudspec_pds_transfer::TransferError> {
//! use cloudspec_pds_transfer::{UploadOptions, download_file, upload_file};
//! let options = UploadOptions::new("1", "root", "video.mp4").parts_in_flight(4);
//! let file = upload_file(&client, "video.mp4", &options).await?;
//! download_file(&client, "1", file.file_id.as_deref().unwrap_or_default(), "copy.mp4", None).await?;
//! # Ok(()) }
//! ```

mod download;
mod error;
mod options;
mod parts;
mod upload;

pub use download::{download_file, download_to};
pub use error::TransferError;
pub use options::{Progress, UploadOptions};
pub use parts::UploadSession;
pub use upload::{resume_upload_file, upload_file, upload_reader};
