//! Docs tracking: `docs_sha256` is checked by lint, and `docs_status` compares it with saved pages.

use std::path::PathBuf;

use cloudspec_cli::docs_status::{self, DocsStatus, DocsStatusError, normalize, page_sha256};

#[path = "../../codegen/tests/common/mod.rs"]
mod common;
use common::copy_dir;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The five seed pages, saved as `<provider>/<service>/<spec file stem>.txt`.
fn seed_pages() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/docs")
}

/// A writable copy of the real specs and of the seed pages.
fn workspace() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let specs = temp.path().join("specs");
    let pages = temp.path().join("pages");
    copy_dir(&repo().join("specs"), &specs);
    copy_dir(&seed_pages(), &pages);
    (temp, specs, pages)
}

fn status_of(report: &docs_status::DocsStatusReport, name: &str) -> DocsStatus {
    report.entries.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("no entry {name}")).status
}

/// The operations whose page is saved under [`seed_pages`] (`<provider>/<service>/<stem>.txt`),
/// found by walking that folder: a spec added without a saved page is not expected here.
fn operations_with_saved_pages(report: &docs_status::DocsStatusReport) -> Vec<String> {
    let saved = |entry: &&docs_status::DocsEntry| seed_pages().join(&entry.page).is_file();
    report.entries.iter().filter(saved).map(|e| e.name.clone()).collect()
}

/// `n unchanged, n changed, ...`: the counts a report's summary line should show.
fn summary(unchanged: usize, changed: usize, missing: usize, no_hash: usize) -> String {
    let pages = if missing == 1 { "page" } else { "pages" };
    format!(": {unchanged} unchanged, {changed} changed, {missing} {pages} missing, {no_hash} without a hash")
}

fn count(report: &docs_status::DocsStatusReport, status: DocsStatus) -> usize {
    report.entries.iter().filter(|e| e.status == status).count()
}

#[test]
fn normalisation_ignores_line_endings_trailing_space_bom_and_outer_blank_lines() {
    let plain = "Create a file.\n\n| a | b |\n";
    let variants = [
        "Create a file.\r\n\r\n| a | b |\r\n".to_owned(),
        "Create a file.\r\r| a | b |\r".to_owned(),
        "\u{feff}Create a file.\n\n| a | b |".to_owned(),
        "\n\n  \nCreate a file.   \n\t\n| a | b |\t \n\n\n".to_owned(),
    ];
    for variant in &variants {
        assert_eq!(normalize(variant), plain, "{variant:?}");
        assert_eq!(page_sha256(variant), page_sha256(plain), "{variant:?}");
    }
    // Words, their order, leading indentation and inner blank lines are the page.
    for different in
        ["Create a folder.\n\n| a | b |\n", "Create a file.\n| a | b |\n", "  Create a file.\n\n| a | b |\n"]
    {
        assert_ne!(page_sha256(different), page_sha256(plain), "{different:?}");
    }
    assert_eq!(normalize(" \r\n\t\n"), "");
    // sha256("abc\n"): the hash is of the normalised text, which ends with one newline.
    assert_eq!(page_sha256("abc"), "edeaaff3f1774ad2888673770c6d64097e391bc362d7d6fb34982ddf0efd18cb");
}

#[test]
fn every_saved_page_matches_its_spec() {
    let report =
        docs_status::docs_status(&repo().join("specs"), &seed_pages()).unwrap_or_else(|e| panic!("{e}"));
    let saved = operations_with_saved_pages(&report);
    assert!(saved.len() >= 5, "the seed pages are found: {saved:?}");
    for name in &saved {
        assert_eq!(status_of(&report, name), DocsStatus::Unchanged, "{}", report.render_text());
    }
    // service.yaml docs are API reference indexes with no saved page: nothing recorded.
    for entry in report.entries.iter().filter(|e| e.spec.ends_with("service.yaml")) {
        assert_eq!(entry.status, DocsStatus::NoHash, "{entry:?}");
    }
    // A spec whose page is not saved here is unrecorded, or records a hash whose page a
    // maintainer keeps elsewhere: missing here, never changed.
    let missing = count(&report, DocsStatus::PageMissing);
    assert_eq!(count(&report, DocsStatus::Changed), 0, "{}", report.render_text());
    assert_eq!(report.exit_code(), if missing == 0 { 0 } else { 2 });
    let text = report.render_text();
    assert!(text.contains("unchanged    tencent/wedata/CreateCodeFile"), "{text}");
    let no_hash = count(&report, DocsStatus::NoHash);
    assert!(text.ends_with(&format!("{}\n", summary(saved.len(), 0, missing, no_hash))), "{text}");
}

#[test]
fn a_page_saved_with_windows_line_endings_is_unchanged() {
    let (_temp, specs, pages) = workspace();
    let page = pages.join("tencent/wedata/create_code_file.txt");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("\u{feff}{}\r\n\r\n", text.replace('\n', "  \r\n"))).unwrap();
    let report = docs_status::docs_status(&specs, &pages).unwrap();
    assert_eq!(status_of(&report, "tencent/wedata/CreateCodeFile"), DocsStatus::Unchanged);
}

#[test]
fn changed_missing_and_unrecorded_pages_are_reported() {
    let (_temp, specs, pages) = workspace();
    let before = docs_status::docs_status(&specs, &pages).unwrap();
    let (unchanged, no_hash) = (count(&before, DocsStatus::Unchanged), count(&before, DocsStatus::NoHash));
    // The vendor edits a page.
    let changed = pages.join("huawei/codeartsrepo/create_file.txt");
    let text = std::fs::read_to_string(&changed).unwrap();
    std::fs::write(&changed, text.replace("This API is used to create a file.", "This API creates a file."))
        .unwrap();
    // A page was not saved.
    std::fs::remove_file(pages.join("alibaba/pds/create_file.txt")).unwrap();
    // A spec without a hash, whose page was saved.
    let spec = specs.join("oci/aidataplatform/create_content.yaml");
    let yaml = std::fs::read_to_string(&spec).unwrap();
    let without: String =
        yaml.lines().filter(|l| !l.starts_with("docs_sha256:")).map(|l| format!("{l}\n")).collect();
    std::fs::write(&spec, without).unwrap();

    let report = docs_status::docs_status(&specs, &pages).unwrap();
    assert_eq!(status_of(&report, "huawei/codeartsrepo/CreateFile"), DocsStatus::Changed);
    assert_eq!(status_of(&report, "alibaba/pds/CreateFile"), DocsStatus::PageMissing);
    assert_eq!(status_of(&report, "oci/aidataplatform/CreateContent"), DocsStatus::NoHash);
    assert_eq!(status_of(&report, "tencent/wedata/CreateCodeFile"), DocsStatus::Unchanged);
    assert_eq!(status_of(&report, "alibaba/dataworks/CreateResource"), DocsStatus::Unchanged);
    assert_eq!(report.exit_code(), 2);

    let entry = report.entries.iter().find(|e| e.name == "huawei/codeartsrepo/CreateFile").unwrap();
    let new_hash = page_sha256(&std::fs::read_to_string(&changed).unwrap());
    assert_eq!(entry.page_sha256.as_deref(), Some(new_hash.as_str()));
    assert_eq!(entry.page, "huawei/codeartsrepo/create_file.txt");
    let oci = report.entries.iter().find(|e| e.name == "oci/aidataplatform/CreateContent").unwrap();
    assert!(oci.page_sha256.is_some(), "a saved page of a spec without a hash is still hashed");

    let text = report.render_text();
    let lines: Vec<&str> = text.lines().collect();
    // Attention first: changed, then missing, then unrecorded, then unchanged.
    assert!(lines[0].starts_with("changed      huawei/codeartsrepo/CreateFile: "), "{text}");
    assert!(lines[0].contains("revisit the spec against https://support.huaweicloud.com/"), "{text}");
    assert!(lines[0].contains(&format!("record `docs_sha256: {new_hash}`")), "{text}");
    assert!(lines[1].starts_with("page missing alibaba/pds/CreateFile: no saved page at "), "{text}");
    assert!(text.contains("records no docs_sha256; the saved page hashes to "), "{text}");
    // Three of the unchanged became changed, missing and unrecorded.
    assert!(text.ends_with(&format!("{}\n", summary(unchanged - 3, 1, 1, no_hash + 1))), "{text}");

    // Only a changed page (no missing one) still needs attention.
    std::fs::copy(
        seed_pages().join("alibaba/pds/create_file.txt"),
        pages.join("alibaba/pds/create_file.txt"),
    )
    .unwrap();
    assert_eq!(docs_status::docs_status(&specs, &pages).unwrap().exit_code(), 2);
    // Pages missing for specs without a hash do not count.
    std::fs::copy(seed_pages().join("huawei/codeartsrepo/create_file.txt"), &changed).unwrap();
    std::fs::remove_file(pages.join("oci/aidataplatform/create_content.txt")).unwrap();
    assert_eq!(docs_status::docs_status(&specs, &pages).unwrap().exit_code(), 0);
}

#[test]
fn json_report_has_documented_keys() {
    let report = docs_status::docs_status(&repo().join("specs"), &seed_pages()).unwrap();
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["format"], 1);
    assert_eq!(json["exit_code"], report.exit_code());
    assert_eq!(json["counts"]["unchanged"], operations_with_saved_pages(&report).len());
    let keys: Vec<&str> = json["counts"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["unchanged", "changed", "page_missing", "no_hash"]);
    let entry = json["specs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "tencent/wedata/CreateCodeFile")
        .unwrap();
    let keys: Vec<&str> = entry.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["name", "spec", "docs", "page", "status", "recorded_sha256", "page_sha256"]);
    assert_eq!(entry["status"], "unchanged");
    assert_eq!(entry["spec"], "specs/tencent/wedata/create_code_file.yaml");
    assert_eq!(entry["page"], "tencent/wedata/create_code_file.txt");
    assert_eq!(entry["docs"], "https://www.tencentcloud.com/document/api/1174/73857");
    assert_eq!(entry["recorded_sha256"], entry["page_sha256"]);
}

#[test]
fn a_malformed_hash_is_a_located_lint_error() {
    for (bad, expected) in [
        ("BA669F2A57C2E0EAAFE919D3A48AF4632FEF38B80526BC656FFEE6874BA3C410", "it has upper-case hex digits"),
        ("ba669f2a57c2e0eaafe919d3a48af4632fef38b80526bc656ffee6874ba3c41", "it has 63 digits"),
        ("sha256:ba669f2a57c2e0eaafe919d3a48af4632fef38b80526bc656ffee6874ba3", "`s` is not a hex digit"),
    ] {
        let (_temp, specs, pages) = workspace();
        let spec = specs.join("tencent/wedata/create_code_file.yaml");
        let yaml = std::fs::read_to_string(&spec).unwrap();
        let line = yaml.lines().position(|l| l.starts_with("docs_sha256:")).unwrap() + 1;
        let yaml: String = yaml
            .lines()
            .map(|l| {
                if l.starts_with("docs_sha256:") {
                    format!("docs_sha256: \"{bad}\"\n")
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        std::fs::write(&spec, yaml).unwrap();

        let diagnostics = cloudspec_codegen::lint(&specs).expect_err("a malformed hash fails lint");
        assert_eq!(diagnostics.len(), 1, "{diagnostics}");
        let diagnostic = &diagnostics.0[0];
        assert_eq!(diagnostic.location(), format!("specs/tencent/wedata/create_code_file.yaml:{line}:14"));
        assert_eq!(
            diagnostic.message,
            format!("`docs_sha256` is not a sha256 (64 lower-case hex digits): {expected}")
        );
        assert!(diagnostic.hint.contains("cloudspec docs-status --pages DIR"), "{}", diagnostic.hint);

        match docs_status::docs_status(&specs, &pages) {
            Err(DocsStatusError::Specs(found)) => assert_eq!(found.0[0].message, diagnostic.message),
            other => panic!("expected the malformed hash to stop docs-status, got {other:?}"),
        }
    }
}

#[test]
fn a_missing_pages_folder_is_an_error() {
    let temp = tempfile::tempdir().unwrap();
    let missing = temp.path().join("no-such-folder");
    let error = docs_status::docs_status(&repo().join("specs"), &missing).unwrap_err();
    assert!(matches!(error, DocsStatusError::Pages { .. }), "{error:?}");
    assert!(error.to_string().contains("no-such-folder"), "{error}");
}

#[test]
fn a_page_that_is_not_utf8_is_an_error_naming_it() {
    let (_temp, specs, pages) = workspace();
    let page = pages.join("alibaba/pds/create_file.txt");
    std::fs::write(&page, b"Create\xff a file").unwrap();
    let error = docs_status::docs_status(&specs, &pages).unwrap_err();
    assert!(matches!(error, DocsStatusError::Page { .. }), "{error:?}");
    assert!(error.to_string().contains("create_file.txt"), "{error}");
    assert!(error.to_string().contains("not UTF-8"), "{error}");
}

/// Provider files (`specs/<provider>/provider.yaml`) are read with their services, but have no
/// docs page of their own: the report lists services and operations only. One that does not
/// parse is a spec problem, reported like any other.
#[test]
fn provider_files_are_read_with_the_specs_but_not_listed() {
    let (_temp, specs, pages) = workspace();
    assert!(specs.join("tencent/provider.yaml").is_file(), "the real specs have provider files");
    let report = docs_status::docs_status(&specs, &pages).unwrap_or_else(|e| panic!("{e}"));
    assert!(!report.entries.is_empty());
    assert!(report.entries.iter().all(|e| !e.spec.ends_with("provider.yaml")), "{:?}", report.entries);

    std::fs::write(specs.join("tencent/provider.yaml"), "provider: [tencent\n").unwrap();
    match docs_status::docs_status(&specs, &pages) {
        Err(DocsStatusError::Specs(problems)) => {
            assert!(problems.to_string().contains("tencent/provider.yaml:"), "{problems}")
        }
        other => panic!("a broken provider file is a spec problem: {other:?}"),
    }
}
