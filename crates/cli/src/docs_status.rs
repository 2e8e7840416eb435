//! Docs tracking: has the vendor page a spec was written from changed since?
//!
//! A spec records the page's URL (`docs:`) and may record `docs_sha256:`, the sha256 of the page's
//! text when the spec was written. `cloudspec docs-status --pages DIR` hashes freshly saved copies
//! of the pages and reports, per spec, whether the page is unchanged, changed (revisit the spec),
//! has no hash recorded, or was not saved.
//!
//! # Where the saved pages go
//!
//! `DIR` mirrors the specs tree: the page of `specs/<provider>/<service>/<file>.yaml` is
//! `DIR/<provider>/<service>/<file>.txt` (`service.yaml` → `service.txt`). A team fills it by
//! saving each spec's `docs:` page as text under the spec's own path, which needs no index and no
//! URL mangling, and survives URL changes.
//!
//! # What is hashed
//!
//! The page text, after [`normalize`]: the UTF-8 byte order mark is dropped, CRLF and lone CR
//! become LF, trailing whitespace is trimmed from every line, blank lines at the start and the end
//! are dropped, and the text ends with exactly one `\n` (an all-blank page is empty). So the hash
//! does not depend on the operating system or editor that saved the page, but any change to the
//! words, their order or line breaks inside the text changes it. The hash is the lower-case hex
//! sha256 of the normalised text's UTF-8 bytes ([`page_sha256`]).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use aws_lc_rs::digest::{SHA256, digest};
use cloudspec_spec::diagnostic::{Diagnostics, SourceFile};
use cloudspec_spec::docs_hash::check_recorded_hashes;
use cloudspec_spec::located::Located;
use cloudspec_spec::{self as spec};

/// Exit code of `cloudspec docs-status` when the specs or the pages cannot be read.
pub const EXIT_ERROR: u8 = 1;

/// Extension of a saved page.
pub const PAGE_EXTENSION: &str = "txt";

/// Saved pages larger than this are refused: no documentation page comes close, and a wrong file
/// must not exhaust memory.
pub const MAX_PAGE_BYTES: u64 = 16 * 1024 * 1024;

/// The page text as it is hashed; see the module docs.
pub fn normalize(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.split('\n').map(str::trim_end).collect();
    let Some(first) = lines.iter().position(|line| !line.is_empty()) else {
        return String::new();
    };
    let last = lines.iter().rposition(|line| !line.is_empty()).unwrap_or(first);
    let mut out = lines[first..=last].join("\n");
    out.push('\n');
    out
}

/// The `docs_sha256` of a page's text: lower-case hex sha256 of the normalised text.
pub fn page_sha256(text: &str) -> String {
    let hash = digest(&SHA256, normalize(text).as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in hash.as_ref() {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// What became of the page of one spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocsStatus {
    /// The saved page hashes to the recorded `docs_sha256`: the spec says what the page says.
    Unchanged,
    /// The saved page hashes to something else: revisit the spec against the page, then record
    /// the new hash.
    Changed,
    /// A hash is recorded but no page was saved for the spec: it could not be checked.
    PageMissing,
    /// The spec records no `docs_sha256`.
    NoHash,
}

impl DocsStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DocsStatus::Unchanged => "unchanged",
            DocsStatus::Changed => "changed",
            DocsStatus::PageMissing => "page missing",
            DocsStatus::NoHash => "no hash",
        }
    }

    /// Attention first: the order of the text report.
    fn rank(self) -> u8 {
        match self {
            DocsStatus::Changed => 0,
            DocsStatus::PageMissing => 1,
            DocsStatus::NoHash => 2,
            DocsStatus::Unchanged => 3,
        }
    }
}

/// One spec file and its page. The JSON form has exactly these keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocsEntry {
    /// `provider/service/Operation`, or `provider/service` for a service.yaml.
    pub name: String,
    /// The spec file as lint shows it (`specs/tencent/wedata/create_code_file.yaml`).
    pub spec: String,
    /// The `docs:` URL.
    pub docs: String,
    /// The saved page's path relative to the pages folder (`tencent/wedata/create_code_file.txt`).
    pub page: String,
    pub status: DocsStatus,
    /// `docs_sha256` as recorded in the spec.
    pub recorded_sha256: Option<String>,
    /// The hash of the saved page, when there is one.
    pub page_sha256: Option<String>,
}

/// The status of every spec file, in the specs' order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocsStatusReport {
    /// The pages folder, as given.
    pub pages: PathBuf,
    pub entries: Vec<DocsEntry>,
}

/// How many specs are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DocsCounts {
    pub unchanged: usize,
    pub changed: usize,
    pub page_missing: usize,
    pub no_hash: usize,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    format: u32,
    exit_code: u8,
    counts: DocsCounts,
    specs: &'a [DocsEntry],
}

impl DocsStatusReport {
    pub fn counts(&self) -> DocsCounts {
        let mut counts = DocsCounts::default();
        for entry in &self.entries {
            match entry.status {
                DocsStatus::Unchanged => counts.unchanged += 1,
                DocsStatus::Changed => counts.changed += 1,
                DocsStatus::PageMissing => counts.page_missing += 1,
                DocsStatus::NoHash => counts.no_hash += 1,
            }
        }
        counts
    }

    /// 0 when every recorded hash was checked and matches; 2 when a page changed or a page with a
    /// recorded hash is missing (someone has to look). Specs without a hash do not count: recording
    /// one is optional. Errors are [`EXIT_ERROR`].
    pub fn exit_code(&self) -> u8 {
        let counts = self.counts();
        if counts.changed + counts.page_missing > 0 { 2 } else { 0 }
    }

    /// One line per spec, what needs attention first, then a summary line.
    pub fn render_text(&self) -> String {
        let mut entries: Vec<&DocsEntry> = self.entries.iter().collect();
        entries.sort_by_key(|e| e.status.rank());
        let mut out = String::new();
        for entry in entries {
            let page = self.pages.join(&entry.page);
            let _ = write!(out, "{:<13}{}", entry.status.as_str(), entry.name);
            let detail = match (entry.status, &entry.page_sha256) {
                (DocsStatus::Unchanged, _) => String::new(),
                (DocsStatus::Changed, Some(now)) => format!(
                    ": {} changed since {} was written; revisit the spec against {}, then record \
                     `docs_sha256: {now}`",
                    page.display(),
                    entry.spec,
                    entry.docs
                ),
                (DocsStatus::PageMissing, _) => {
                    format!(": no saved page at {} (save {} there as text)", page.display(), entry.docs)
                }
                (DocsStatus::NoHash, Some(now)) => {
                    format!(": {} records no docs_sha256; the saved page hashes to {now}", entry.spec)
                }
                (DocsStatus::NoHash, None) => format!(": {} records no docs_sha256", entry.spec),
                (DocsStatus::Changed, None) => String::new(),
            };
            out.push_str(&detail);
            out.push('\n');
        }
        let counts = self.counts();
        let n = self.entries.len();
        let _ = writeln!(
            out,
            "cloudspec docs-status: {n} spec{}: {} unchanged, {} changed, {} page{} missing, {} without a hash",
            if n == 1 { "" } else { "s" },
            counts.unchanged,
            counts.changed,
            counts.page_missing,
            if counts.page_missing == 1 { "" } else { "s" },
            counts.no_hash
        );
        out
    }

    /// `{"format": 1, "exit_code": 0, "counts": {"unchanged", "changed", "page_missing",
    /// "no_hash"}, "specs": [{"name", "spec", "docs", "page", "status", "recorded_sha256",
    /// "page_sha256"}]}`; `status` is `unchanged`, `changed`, `page_missing` or `no_hash`.
    pub fn to_json(&self) -> String {
        let document = JsonReport {
            format: 1,
            exit_code: self.exit_code(),
            counts: self.counts(),
            specs: &self.entries,
        };
        // Plain data with string keys: serialization cannot fail.
        serde_json::to_string_pretty(&document).unwrap_or_default()
    }
}

/// Why docs-status could not run.
#[derive(Debug, thiserror::Error)]
pub enum DocsStatusError {
    /// A spec does not parse, or records a malformed hash; every problem is listed.
    #[error("{0}")]
    Specs(Diagnostics),
    #[error("the pages folder {} is not a readable folder: {reason}", path.display())]
    Pages { path: PathBuf, reason: String },
    #[error("cannot use the saved page {}: {reason}", path.display())]
    Page { path: PathBuf, reason: String },
}

/// Compares the `docs_sha256` of every spec under `specs` with the saved pages under `pages`.
/// The specs are parsed, not linted: a docs check must not wait for an unrelated spec fix.
pub fn docs_status(specs: &Path, pages: &Path) -> Result<DocsStatusReport, DocsStatusError> {
    if !pages.is_dir() {
        let reason = match std::fs::metadata(pages) {
            Ok(_) => "it is a file".to_owned(),
            Err(error) => error.to_string(),
        };
        return Err(DocsStatusError::Pages { path: pages.to_path_buf(), reason });
    }
    let tree = spec::load(specs).map_err(DocsStatusError::Specs)?;
    let mut diagnostics = Diagnostics::default();
    for service in &tree.services {
        check_recorded_hashes(service, &mut diagnostics);
    }
    if !diagnostics.is_empty() {
        return Err(DocsStatusError::Specs(diagnostics.sorted()));
    }

    let mut entries = Vec::new();
    for service in &tree.services {
        let base = format!("{}/{}", service.provider_dir, service.service_dir);
        entries.push(entry(
            pages,
            &service.file,
            base.clone(),
            &base,
            &service.spec.docs,
            service.spec.docs_sha256.as_ref(),
        )?);
        for op in &service.operations {
            entries.push(entry(
                pages,
                &op.file,
                format!("{base}/{}", op.spec.operation.value),
                &base,
                &op.spec.docs,
                op.spec.docs_sha256.as_ref(),
            )?);
        }
    }
    Ok(DocsStatusReport { pages: pages.to_path_buf(), entries })
}

fn entry(
    pages: &Path,
    file: &SourceFile,
    name: String,
    base: &str,
    docs: &str,
    recorded: Option<&Located<String>>,
) -> Result<DocsEntry, DocsStatusError> {
    let stem = file.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let page = format!("{base}/{stem}.{PAGE_EXTENSION}");
    let page_sha256 = read_page(&pages.join(&page))?.map(|text| page_sha256(&text));
    let recorded = recorded.map(|hash| hash.value.clone());
    let status = match (&recorded, &page_sha256) {
        (None, _) => DocsStatus::NoHash,
        (Some(_), None) => DocsStatus::PageMissing,
        (Some(want), Some(have)) if want == have => DocsStatus::Unchanged,
        (Some(_), Some(_)) => DocsStatus::Changed,
    };
    Ok(DocsEntry {
        name,
        spec: file.name.to_string(),
        docs: docs.to_owned(),
        page,
        status,
        recorded_sha256: recorded,
        page_sha256,
    })
}

/// The text of a saved page, or `None` when there is none.
fn read_page(path: &Path) -> Result<Option<String>, DocsStatusError> {
    let error = |reason: String| DocsStatusError::Page { path: path.to_path_buf(), reason };
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(error(e.to_string())),
    };
    if !metadata.is_file() {
        return Err(error("it is not a file".to_owned()));
    }
    if metadata.len() > MAX_PAGE_BYTES {
        return Err(error(format!(
            "it is {} bytes, over the {MAX_PAGE_BYTES}-byte limit for a page; save the page's text, not the site",
            metadata.len()
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| error(e.to_string()))?;
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| error("it is not UTF-8 text; save the page's text as UTF-8".to_owned()))
}
