//! Putting generated files on disk: only changed bytes are written, each file atomically, and
//! files the specs no longer produce are removed.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::emit::GeneratedFile;

/// Folders of the output crate that belong wholly to the generator: any file in them that the
/// specs did not produce is an orphan.
const OWNED_DIRS: &[&str] = &["src", "tests"];

/// What a write did, file by file.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteSummary {
    pub written: Vec<String>,
    pub unchanged: usize,
    pub removed: Vec<String>,
}

/// Differences between an output folder and what the specs produce.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Staleness {
    pub changed: Vec<String>,
    pub missing: Vec<String>,
    pub orphaned: Vec<String>,
}

impl Staleness {
    pub fn is_fresh(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.orphaned.is_empty()
    }

    /// Every stale path, each with what is wrong with it.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        lines.extend(self.changed.iter().map(|p| format!("changed:  {p}")));
        lines.extend(self.missing.iter().map(|p| format!("missing:  {p}")));
        lines.extend(self.orphaned.iter().map(|p| format!("orphaned: {p}")));
        lines
    }
}

/// Writes `files` under `out`, touching only files whose bytes differ.
pub fn write_files(out: &Path, files: &[GeneratedFile]) -> std::io::Result<WriteSummary> {
    let mut summary = WriteSummary::default();
    for file in files {
        let path = out.join(&file.path);
        if std::fs::read(&path).is_ok_and(|existing| existing == file.contents.as_bytes()) {
            summary.unchanged += 1;
            continue;
        }
        write_atomically(&path, file.contents.as_bytes())?;
        summary.written.push(file.path.clone());
    }
    for orphan in orphans(out, files)? {
        std::fs::remove_file(out.join(&orphan))?;
        summary.removed.push(orphan);
    }
    remove_empty_dirs(out)?;
    Ok(summary)
}

/// Compares `out` with `files` without writing anything.
pub fn staleness(out: &Path, files: &[GeneratedFile]) -> std::io::Result<Staleness> {
    let mut report = Staleness::default();
    for file in files {
        match std::fs::read(out.join(&file.path)) {
            Ok(existing) if existing == file.contents.as_bytes() => {}
            Ok(_) => report.changed.push(file.path.clone()),
            Err(_) => report.missing.push(file.path.clone()),
        }
    }
    report.orphaned = orphans(out, files)?;
    Ok(report)
}

/// A temp file in the same folder, then a rename: readers see the old file or the new one,
/// never half of one.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = dir.join(format!(".{name}.cloudspec-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

fn orphans(out: &Path, files: &[GeneratedFile]) -> std::io::Result<Vec<String>> {
    let expected: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut found = Vec::new();
    for dir in OWNED_DIRS {
        collect_files(out, &out.join(dir), &mut found)?;
    }
    found.retain(|path| !expected.contains(path.as_str()));
    found.sort();
    Ok(found)
}

fn collect_files(root: &Path, dir: &Path, found: &mut Vec<String>) -> std::io::Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(error),
    };
    for entry in entries {
        let path: PathBuf = entry?.path();
        if path.is_dir() {
            collect_files(root, &path, found)?;
        } else if let Ok(relative) = path.strip_prefix(root) {
            found.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(())
}

fn remove_empty_dirs(out: &Path) -> std::io::Result<()> {
    fn prune(dir: &Path) -> std::io::Result<bool> {
        let Ok(entries) = std::fs::read_dir(dir) else { return Ok(false) };
        let mut empty = true;
        for entry in entries {
            let path = entry?.path();
            if !(path.is_dir() && prune(&path)?) {
                empty = false;
            }
        }
        if empty {
            std::fs::remove_dir(dir)?;
        }
        Ok(empty)
    }
    for dir in OWNED_DIRS {
        let path = out.join(dir);
        if path.is_dir() {
            // The owned folders themselves stay, even when empty.
            for entry in std::fs::read_dir(&path)? {
                let child = entry?.path();
                if child.is_dir() {
                    prune(&child)?;
                }
            }
        }
    }
    Ok(())
}
