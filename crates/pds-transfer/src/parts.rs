//! The part plan of an upload: how a length splits into numbered parts, and the session that
//! names an upload in progress.

use crate::TransferError;

/// An upload in progress: enough to resume it from the same source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadSession {
    pub drive_id: String,
    pub file_id: String,
    pub upload_id: String,
    pub part_size: u64,
    pub length: u64,
}

impl UploadSession {
    /// The number of parts (at least one: an empty file is one empty part).
    pub fn part_count(&self) -> i32 {
        part_count(self.length, self.part_size)
    }

    /// Byte offset and length of part `number` (from 1).
    pub fn part_range(&self, number: i32) -> (u64, u64) {
        let offset = (number as u64 - 1) * self.part_size;
        (offset, self.part_size.min(self.length - offset))
    }
}

/// PDS's limit on the parts of one file.
pub const MAX_PARTS: u64 = 10_000;

pub(crate) fn part_count(length: u64, part_size: u64) -> i32 {
    length.div_ceil(part_size).max(1) as i32
}

/// Refuses a plan PDS would refuse, before anything is created.
pub(crate) fn check_plan(length: u64, part_size: u64, in_flight: usize) -> Result<(), TransferError> {
    if part_size == 0 || in_flight == 0 {
        return Err(TransferError::Protocol("part_size and parts_in_flight must be at least 1".to_owned()));
    }
    if length.div_ceil(part_size) > MAX_PARTS {
        return Err(TransferError::Protocol(format!(
            "{length} bytes in parts of {part_size} would be more than PDS's {MAX_PARTS} parts; use larger parts"
        )));
    }
    Ok(())
}
