//! Putting generated files on disk: only changed bytes are written, all of them staged before
//! any is put in place, and files the specs no longer produce are removed. What the output
//! folder may hold, and which of its files a run may replace or remove, is decided first, by
//! [`crate::ownership`]: a run that is refused writes and deletes nothing.
//!
//! Durability: a staged file that will replace an existing one is flushed to disk before the
//! rename, so a crash can never swap good bytes for an empty file. A file that is new (nothing
//! to lose) is not flushed: after a crash it may be empty or missing, and the next run puts it
//! right, since it compares every file's bytes (the manifest's fast path checks each output's
//! hash too). Flushing new files cost a whole-file-system `syncfs` per run, which on a busy disk
//! took longer than rendering 10,000 operations.

use std::collections::{BTreeSet, HashSet};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::emit::GeneratedFile;
use crate::ownership::{self, Survey, TEMP_MARK};
use crate::parallel;

/// Folders of the output crate that belong wholly to the generator: every file in them must be
/// one it made (see [`crate::ownership`]), and those the specs no longer produce are orphans.
pub(crate) const OWNED_DIRS: &[&str] = &["src", "services", "tests"];

/// Numbers temp files process-wide, so that two writes running at once in one process (tests do)
/// never pick the same name.
static NEXT_TEMP: AtomicU64 = AtomicU64::new(0);

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

/// Writes `files` under `out`, touching only files whose bytes differ, then removes orphans.
///
/// First the folder is surveyed without following links, and the run refused (see
/// [`crate::ownership`]) when it holds a link, a file cloudspec did not make, or something in
/// the way of an output. Then every changed file is staged as a temp file beside its target;
/// only when all of them are on disk (and those that replace a file flushed, see the module
/// docs) is any target replaced. A refusal or a failure while staging (a full disk, ...)
/// therefore leaves `out` exactly as it was.
pub fn write_files(out: &Path, files: &[GeneratedFile]) -> io::Result<WriteSummary> {
    write_files_owning(out, files, OWNED_DIRS)
}

/// [`write_files`] for another layout: `owned` lists the folders under `out` that belong wholly
/// to the generator (`""` owns `out` itself, as a build script's module tree does).
pub fn write_files_owning(out: &Path, files: &[GeneratedFile], owned: &[&str]) -> io::Result<WriteSummary> {
    let expected = expected_paths(files);
    let survey = Survey::of(out, owned, &top_level(&expected))?;
    survey.refuse_links()?;
    survey.refuse_obstacles(files.iter().map(|f| f.path.as_str()))?;
    let mut summary = WriteSummary::default();
    let mut changed = Vec::new();
    let mut same = BTreeSet::new();
    for (file, found) in files.iter().zip(on_disk(out, files, &survey)) {
        if found == OnDisk::Same {
            summary.unchanged += 1;
            same.insert(file.path.as_str());
        } else {
            changed.push(file);
        }
    }
    // Decided before staging: a foreign file then fails the run while nothing has changed, and
    // this run's own temp files cannot be taken for orphans.
    let orphans = survey.orphans(out, &expected, |path| same.contains(path))?;
    summary.written = Staging::stage(out, &changed)?.commit()?;
    for orphan in orphans {
        ownership::refuse_linked_parents(out, &orphan)?;
        std::fs::remove_file(out.join(&orphan)).map_err(at(format!("removing orphan {orphan}")))?;
        summary.removed.push(orphan);
    }
    remove_emptied_dirs(out, &summary.removed, owned);
    Ok(summary)
}

fn expected_paths(files: &[GeneratedFile]) -> BTreeSet<&str> {
    files.iter().map(|f| f.path.as_str()).collect()
}

/// The outputs written at the top of the output folder, which the generator owns beside its
/// folders.
fn top_level<'a>(expected: &BTreeSet<&'a str>) -> BTreeSet<&'a str> {
    expected.iter().copied().filter(|path| !path.contains('/')).collect()
}

/// Compares `out` with `files` without writing anything. Links and anything else a run would
/// refuse to touch count as orphaned.
pub fn staleness(out: &Path, files: &[GeneratedFile]) -> std::io::Result<Staleness> {
    let expected = expected_paths(files);
    let survey = Survey::of(out, OWNED_DIRS, &top_level(&expected))?;
    let mut report = Staleness::default();
    for (file, found) in files.iter().zip(on_disk(out, files, &survey)) {
        match found {
            OnDisk::Same => {}
            OnDisk::Different => report.changed.push(file.path.clone()),
            OnDisk::Unreadable => report.missing.push(file.path.clone()),
        }
    }
    let unexpected =
        survey.files.iter().filter(|p| !expected.contains(p.as_str()) && *p != crate::manifest::FILE_NAME);
    let links = survey
        .links
        .iter()
        .map(|link| link.strip_prefix(out).unwrap_or(link).to_string_lossy().replace('\\', "/"));
    report.orphaned = unexpected.cloned().chain(links).chain(survey.specials.iter().cloned()).collect();
    report.orphaned.sort();
    Ok(report)
}

/// How a generated file compares with what is on disk under its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OnDisk {
    Same,
    Different,
    /// Missing, or not a readable file.
    Unreadable,
}

/// Every file of `files` compared with `out`, in `files`' order: the one comparison `generate`
/// and `check` both make, spread over the cores for a large crate. Only plain files the survey
/// found are read: a link, FIFO or device is never opened.
fn on_disk(out: &Path, files: &[GeneratedFile], survey: &Survey) -> Vec<OnDisk> {
    let threads = parallel::threads_for(files.len(), PARALLEL_FROM_FILES, parallel::available_threads());
    parallel::map_in_order(files, threads, |file| {
        if !survey.has_file(&file.path) {
            return OnDisk::Unreadable;
        }
        match std::fs::read(out.join(&file.path)) {
            Ok(existing) if existing == file.contents.as_bytes() => OnDisk::Same,
            Ok(_) => OnDisk::Different,
            Err(_) => OnDisk::Unreadable,
        }
    })
}

/// Files below this number are compared on the calling thread (a build script's handful).
const PARALLEL_FROM_FILES: usize = 64;

/// An IO error with the path it concerns, so that the user learns which file or folder failed
/// (`std::io::Error` alone names none).
#[derive(Debug, thiserror::Error)]
#[error("{what}: {source}")]
struct PathError {
    what: String,
    #[source]
    source: io::Error,
}

/// Wraps an IO error in a `PathError`, keeping its kind so that callers can still match on it.
fn at(what: String) -> impl FnOnce(io::Error) -> io::Error {
    move |source| io::Error::new(source.kind(), PathError { what, source })
}

/// A changed file whose new bytes are on disk under a temp name beside `target`.
#[derive(Debug)]
struct Staged {
    name: String,
    temp: PathBuf,
    target: PathBuf,
    /// Whether the rename replaces a file: only then must the new bytes be on disk first.
    replaces: bool,
}

/// The first phase of a write: new bytes in temp files (flushed where they will replace a file)
/// once `stage` returns, nothing replaced yet.
#[derive(Debug, Default)]
struct Staging {
    files: Vec<Staged>,
    /// Folders this run created, parents before children, so that undoing the run removes them.
    created_dirs: Vec<PathBuf>,
    /// Folders already known to exist (created or seen): a service's files share one, so this
    /// saves a walk up the tree per file.
    known_dirs: HashSet<PathBuf>,
}

impl Staging {
    /// Stages every file, or none: on error everything staged so far is removed again.
    ///
    /// The staged bytes that replace a file are made durable before `stage` returns, so before
    /// any rename: a crash after the commit must not leave an empty or partly written file where
    /// a good one was (file systems may put a rename on disk before the data of the file
    /// renamed). One durability step covers a large batch rather than one `fsync` per file,
    /// each of which waits for the file system's journal, ≈ 3 ms apiece when other processes
    /// write to the disk.
    ///
    /// The folders are made first, on this thread; the files are then staged on every core for a
    /// large batch (each is a few system calls that wait on the file system, 10,000 of them for a
    /// full generation at 10,000 operations).
    fn stage(out: &Path, files: &[&GeneratedFile]) -> io::Result<Staging> {
        // Handed out a folder at a time: two threads creating files in one folder wait on its
        // lock in the kernel (measured: a third more system time than one thread).
        let folders: Vec<&[&GeneratedFile]> =
            files.chunk_by(|a, b| Path::new(&a.path).parent() == Path::new(&b.path).parent()).collect();
        let mut staging = Staging::default();
        for folder in &folders {
            let first = folder[0];
            if let Err(error) = staging.create_dirs(out, &Staging::dir_of(out, first), &first.path) {
                staging.discard(0);
                return Err(error);
            }
        }
        let threads = parallel::threads_for(files.len(), PARALLEL_FROM_FILES, parallel::available_threads());
        let staged = parallel::map_in_order(&folders, threads, |folder| {
            folder.iter().map(|file| stage_file(out, file)).collect::<Vec<_>>()
        });
        let mut first_error = None;
        for result in staged.into_iter().flatten() {
            // A temp file that was created is recorded even when writing it failed, so that
            // `discard` removes it.
            let (staged, error) = match result {
                Ok(staged) => (Some(staged), None),
                Err((staged, error)) => (staged, Some(error)),
            };
            staging.files.extend(staged);
            if first_error.is_none() {
                first_error = error;
            }
        }
        if let Some(error) = first_error {
            staging.discard(0);
            return Err(error);
        }
        if let Err(error) = staging.make_durable() {
            staging.discard(0);
            return Err(error);
        }
        Ok(staging)
    }

    /// Flushes to disk every staged file that replaces an existing one (see the module docs). A
    /// handful of files are fsynced one by one, which is cheaper than flushing a whole file
    /// system that a build may be filling with dirty pages; a larger batch is flushed in one
    /// step (see [`sync_batch`]).
    fn make_durable(&self) -> io::Result<()> {
        let replacing: Vec<&Staged> = self.files.iter().filter(|staged| staged.replaces).collect();
        if replacing.len() <= FSYNC_EACH_UP_TO {
            return replacing.into_iter().try_for_each(sync_staged_file);
        }
        sync_batch(&replacing)
    }

    /// The folder `file` is written in.
    fn dir_of(out: &Path, file: &GeneratedFile) -> PathBuf {
        let target = out.join(&file.path);
        target.parent().unwrap_or(Path::new(".")).to_path_buf()
    }

    /// Creates `dir` and its missing parents one by one, remembering each, where
    /// `create_dir_all` would not tell which ones it made. Then checks again that no folder
    /// between `out` and `file` (relative to `out`) is a link: the survey saw none, but one may
    /// have appeared since, and the temp file must not be created through it.
    fn create_dirs(&mut self, out: &Path, dir: &Path, file: &str) -> io::Result<()> {
        if self.known_dirs.contains(dir) {
            return Ok(());
        }
        self.create_missing_dirs(dir)?;
        ownership::refuse_linked_parents(out, file)?;
        self.known_dirs.insert(dir.to_path_buf());
        Ok(())
    }

    fn create_missing_dirs(&mut self, dir: &Path) -> io::Result<()> {
        let mut missing = Vec::new();
        let mut cursor = Some(dir);
        while let Some(current) = cursor.filter(|d| !d.as_os_str().is_empty()) {
            match std::fs::metadata(current) {
                // Something exists. If it is not a folder, creating the temp file in it fails
                // and the error names the file.
                Ok(_) => break,
                Err(error) if error.kind() == io::ErrorKind::NotFound => {
                    missing.push(current);
                    cursor = current.parent();
                }
                Err(error) => return Err(at(format!("creating folder {}", current.display()))(error)),
            }
        }
        for current in missing.into_iter().rev() {
            match std::fs::create_dir(current) {
                Ok(()) => self.created_dirs.push(current.to_path_buf()),
                // Made by someone else meanwhile: usable, but not ours to remove on failure.
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists && current.is_dir() => {}
                Err(error) => return Err(at(format!("creating folder {}", current.display()))(error)),
            }
        }
        Ok(())
    }

    /// Removes the temp files from `from` on and the folders this run created that are empty
    /// again. Best effort: this runs on the way out with an error, which matters more than a
    /// second one; a temp file that survives is an orphan that the next run removes.
    fn discard(&self, from: usize) {
        for staged in &self.files[from..] {
            let _ = std::fs::remove_file(&staged.temp);
        }
        for dir in self.created_dirs.iter().rev() {
            // `remove_dir` only removes empty folders: ones that got committed files stay.
            let _ = std::fs::remove_dir(dir);
        }
    }

    /// The second phase: every temp file renamed over its target. Returns the names written.
    ///
    /// POSIX makes a single rename atomic but has no way to replace several files as one step,
    /// so a run cannot be all-or-nothing across files: if a rename fails here, the files before
    /// it are new and the rest old. Staging first shrinks that window to the renames alone.
    /// They move no file data, and each stays in one folder and one file system, so they
    /// cannot fail for lack of space for the bytes (the likeliest failure, caught while staging)
    /// nor with EXDEV; a folder in the way is ruled out while staging too. What remains is the
    /// tree being changed under us, the disk itself failing, or the rare folder that must grow
    /// to hold a new name.
    fn commit(self) -> io::Result<Vec<String>> {
        for (done, staged) in self.files.iter().enumerate() {
            if let Err(error) = std::fs::rename(&staged.temp, &staged.target) {
                // This file's temp is still there too: the rename did not happen.
                self.discard(done);
                let what = format!(
                    "replacing {} at {} ({done} of {} changed files were already replaced, the \
                     others are unchanged)",
                    staged.name,
                    staged.target.display(),
                    self.files.len()
                );
                return Err(at(what)(error));
            }
        }
        self.sync_dirs();
        Ok(self.files.into_iter().map(|staged| staged.name).collect())
    }

    /// Makes the renames over existing files durable: they live in the folders, which have to
    /// be fsynced apart from the files. Best effort, since every file is already complete and in
    /// place; a crash before this at worst brings back some old files, each whole. New files
    /// are left to the next run, like their data (see the module docs).
    fn sync_dirs(&self) {
        #[cfg(unix)]
        {
            let dirs: BTreeSet<&Path> = self
                .files
                .iter()
                .filter(|staged| staged.replaces)
                .filter_map(|staged| staged.target.parent())
                .collect();
            // As for the files: a few folders one by one, many in one flush of the file system.
            #[cfg(target_os = "linux")]
            if dirs.len() > FSYNC_EACH_UP_TO {
                let _ = sync_file_systems(dirs.into_iter());
                return;
            }
            for dir in dirs {
                if let Ok(handle) = std::fs::File::open(dir) {
                    let _ = handle.sync_all();
                }
            }
        }
    }
}

/// Stages one file in its folder (which exists): its bytes in a new temp file beside the
/// target. On error, the temp file if one was created, for the caller to remove.
fn stage_file(out: &Path, file: &GeneratedFile) -> Result<Staged, (Option<Staged>, io::Error)> {
    let target = out.join(&file.path);
    let dir = target.parent().unwrap_or(Path::new("."));
    // `rename` cannot replace a folder. Caught here, this would-be failure of the commit
    // phase becomes one of staging, which changes nothing.
    let existing = std::fs::symlink_metadata(&target).ok();
    if existing.as_ref().is_some_and(|meta| meta.is_dir()) {
        let error = io::Error::new(io::ErrorKind::IsADirectory, "a folder is in the way");
        return Err((None, at(format!("staging {} at {}", file.path, target.display()))(error)));
    }
    let replaces = existing.is_some();
    let base = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let (temp, mut handle) = loop {
        let n = NEXT_TEMP.fetch_add(1, Ordering::Relaxed);
        let temp = dir.join(format!(".{base}.{TEMP_MARK}-{}-{n}", std::process::id()));
        // `create_new`: a file that happens to have this name (left by a killed run whose
        // pid was ours) is never truncated; we move on to the next number instead.
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(handle) => break (temp, handle),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(error) => {
                return Err((None, at(format!("staging {} at {}", file.path, temp.display()))(error)));
            }
        }
    };
    let staged = Staged { name: file.path.clone(), temp, target, replaces };
    // Not synced here: `stage` makes the whole batch durable in one step afterwards.
    match handle.write_all(file.contents.as_bytes()) {
        Ok(()) => Ok(staged),
        Err(error) => {
            let what = format!("staging {} at {}", file.path, staged.temp.display());
            Err((Some(staged), at(what)(error)))
        }
    }
}

/// Batches of up to this many files are fsynced file by file (see `Staging::make_durable`).
const FSYNC_EACH_UP_TO: usize = 4;

fn sync_staged_file(staged: &Staged) -> io::Result<()> {
    // Opened for writing: some systems (Windows) refuse to flush a read-only handle.
    std::fs::OpenOptions::new()
        .write(true)
        .open(&staged.temp)
        .and_then(|handle| handle.sync_all())
        .map_err(at(format!("flushing {} at {}", staged.name, staged.temp.display())))
}

/// Makes a batch of staged files durable on Linux: one `syncfs(2)` per file system they are on
/// (normally one), which writes back every dirty page of that file system and (Linux 5.8 on)
/// reports a write-back error of any file on it, in one wait for the journal.
#[cfg(target_os = "linux")]
fn sync_batch(files: &[&Staged]) -> io::Result<()> {
    let dirs: BTreeSet<&Path> = files.iter().filter_map(|staged| staged.temp.parent()).collect();
    sync_file_systems(dirs.into_iter())
}

/// One `syncfs(2)` for each file system that holds one of `dirs`.
#[cfg(target_os = "linux")]
fn sync_file_systems<'a>(dirs: impl Iterator<Item = &'a Path>) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::MetadataExt;

    let mut synced = BTreeSet::new();
    for dir in dirs {
        let what = || format!("flushing the file system of {}", dir.display());
        let device = std::fs::metadata(dir).map_err(at(what()))?.dev();
        if !synced.insert(device) {
            continue;
        }
        let handle = std::fs::File::open(dir).map_err(at(what()))?;
        // SAFETY: `syncfs` only reads the descriptor, which `handle` keeps open for the call.
        if unsafe { libc::syncfs(handle.as_raw_fd()) } != 0 {
            return Err(at(what())(io::Error::last_os_error()));
        }
    }
    Ok(())
}

/// Elsewhere there is no `syncfs`: the files are fsynced from a few threads at once, so that
/// their waits for the disk overlap (they are I/O, not CPU: more threads than cores is fine).
#[cfg(not(target_os = "linux"))]
fn sync_batch(files: &[&Staged]) -> io::Result<()> {
    // Waits for the disk, not CPU work: more threads than cores is fine.
    const THREADS: usize = 4;
    parallel::map_in_order(files, THREADS, |staged| sync_staged_file(staged)).into_iter().collect()
}

/// Puts one file under `out` atomically, staged and renamed like every generated file, whether
/// or not its bytes changed; removes no orphan. For the manifest, written after the outputs.
pub(crate) fn replace_file(out: &Path, file: &GeneratedFile) -> io::Result<()> {
    Staging::stage(out, &[file])?.commit().map(drop)
}

/// Removes the folders that removing `removed` left empty, deepest first, up to (not
/// including) the folders in `owned`. Best effort: the files are gone, which is what the run
/// promised; a folder that stays (not empty, or in use) is harmless.
fn remove_emptied_dirs(out: &Path, removed: &[String], owned: &[&str]) {
    let mut emptied = BTreeSet::new();
    for path in removed {
        let mut dir = path.as_str();
        while let Some((parent, _)) = dir.rsplit_once('/') {
            if owned.contains(&parent) {
                break;
            }
            emptied.insert(parent);
            dir = parent;
        }
    }
    // Longer paths first: children before their parents.
    let mut emptied: Vec<&str> = emptied.into_iter().collect();
    emptied.sort_by_key(|dir| std::cmp::Reverse(dir.len()));
    for dir in emptied {
        // `remove_dir` removes only empty folders, and never follows a link.
        let _ = std::fs::remove_dir(out.join(dir));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A rename is atomic only within one file system, so the temp file must sit beside its
    /// target; and a discarded staging takes the folders it created with it.
    #[test]
    fn staged_temp_file_sits_beside_its_target() {
        let out = tempfile::tempdir().unwrap();
        let file = GeneratedFile { path: "src/provider/service/op.rs".into(), contents: "// new\n".into() };
        let staging = Staging::stage(out.path(), &[&file]).unwrap();
        let [staged] = staging.files.as_slice() else { panic!("one file staged: {staging:?}") };
        assert_eq!(staged.target, out.path().join("src/provider/service/op.rs"));
        assert_eq!(staged.temp.parent(), staged.target.parent());
        let temp_name = staged.temp.file_name().unwrap().to_string_lossy();
        assert!(temp_name.starts_with(".op.rs.cloudspec-tmp-"), "{temp_name}");
        assert_eq!(std::fs::read(&staged.temp).unwrap(), b"// new\n");
        assert!(!staged.target.exists(), "staging must not touch the target");

        staging.discard(0);
        assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0, "src/ and below were ours to remove");
    }

    /// A batch large enough to be staged on several threads: a failure in the middle of it
    /// still fails the whole staging, names its file, and leaves no temp file behind.
    #[test]
    fn a_failure_in_a_parallel_staging_leaves_no_temp_file() {
        let out = tempfile::tempdir().unwrap();
        let files: Vec<GeneratedFile> = (0..2 * PARALLEL_FROM_FILES)
            .map(|i| GeneratedFile {
                path: format!("src/s{}/op{i}.rs", i % 3),
                contents: format!("// {i}\n"),
            })
            .collect();
        let blocked = &files[PARALLEL_FROM_FILES].path;
        std::fs::create_dir_all(out.path().join(blocked).join("keep")).unwrap();
        let batch: Vec<&GeneratedFile> = files.iter().collect();

        let error = Staging::stage(out.path(), &batch).expect_err("a folder in the way fails the batch");
        assert_eq!(error.kind(), io::ErrorKind::IsADirectory, "{error}");
        assert!(error.to_string().contains(blocked.as_str()), "{error}");
        assert_eq!(plain_files_under(out.path()), Vec::<PathBuf>::new(), "every temp file is removed");
    }

    fn plain_files_under(dir: &Path) -> Vec<PathBuf> {
        let mut found = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                found.extend(plain_files_under(&path));
            } else {
                found.push(path);
            }
        }
        found
    }

    /// A folder swapped for a link after the survey: staging checks again before it creates a
    /// temp file, so nothing is written through the link.
    #[cfg(unix)]
    #[test]
    fn safety_staging_refuses_a_folder_swapped_for_a_link() {
        let out = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(out.path().join("src")).unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), out.path().join("src/provider")).unwrap();
        let file = GeneratedFile { path: "src/provider/op.rs".into(), contents: "// new\n".into() };

        let error = Staging::stage(out.path(), &[&file]).expect_err("a linked folder is refused");
        assert!(ownership::Refusal::of(&error).is_some(), "{error}");
        assert!(error.to_string().contains("src/provider"), "{error}");
        assert_eq!(
            std::fs::read_dir(elsewhere.path()).unwrap().count(),
            0,
            "nothing written through the link"
        );
    }
}
