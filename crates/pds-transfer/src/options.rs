//! How an upload is made.

use std::fmt;
use std::sync::Arc;

use cloudspec_alibaba_pds::CheckNameMode;

/// Called after each part (upload) or chunk (download) with the bytes done and the total.
pub type Progress = Arc<dyn Fn(u64, u64) + Send + Sync>;

/// Where a file goes and how it is sent.
#[derive(Clone)]
pub struct UploadOptions {
    pub drive_id: String,
    pub parent_file_id: String,
    pub name: String,
    /// Bytes per part (the last may be shorter). Default 8 MiB; PDS allows at most 10,000
    /// parts, so a larger file needs larger parts.
    pub part_size: u64,
    /// Parts sent at once. Default 4. Memory for a reader source is at most part size × this.
    pub parts_in_flight: usize,
    pub check_name_mode: Option<CheckNameMode>,
    pub content_type: Option<String>,
    pub progress: Option<Progress>,
}

/// The default part size: 8 MiB.
pub const DEFAULT_PART_SIZE: u64 = 8 * 1024 * 1024;

impl UploadOptions {
    pub fn new(
        drive_id: impl Into<String>,
        parent_file_id: impl Into<String>,
        name: impl Into<String>,
    ) -> UploadOptions {
        UploadOptions {
            drive_id: drive_id.into(),
            parent_file_id: parent_file_id.into(),
            name: name.into(),
            part_size: DEFAULT_PART_SIZE,
            parts_in_flight: 4,
            check_name_mode: None,
            content_type: None,
            progress: None,
        }
    }

    pub fn part_size(mut self, bytes: u64) -> Self {
        self.part_size = bytes;
        self
    }

    pub fn parts_in_flight(mut self, parts: usize) -> Self {
        self.parts_in_flight = parts;
        self
    }

    pub fn check_name_mode(mut self, mode: CheckNameMode) -> Self {
        self.check_name_mode = Some(mode);
        self
    }

    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    pub fn progress(mut self, progress: impl Fn(u64, u64) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(progress));
        self
    }
}

impl fmt::Debug for UploadOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UploadOptions")
            .field("drive_id", &self.drive_id)
            .field("parent_file_id", &self.parent_file_id)
            .field("name", &self.name)
            .field("part_size", &self.part_size)
            .field("parts_in_flight", &self.parts_in_flight)
            .field("check_name_mode", &self.check_name_mode)
            .field("content_type", &self.content_type)
            .field("progress", &self.progress.as_ref().map(|_| "callback"))
            .finish()
    }
}
