//! The diagnostics corpus: every entry of `tests/fixtures/bad-specs/` is a broken spec (one file,
//! or a folder holding a small spec tree) that `cloudspec lint` must reject with located, labelled
//! diagnostics that each carry a hint. The rendered report of each is snapshotted, so a change in
//! wording or position shows up as a reviewable diff. `generate` on a broken spec must leave its
//! output folder exactly as it was.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/bad-specs")
}

/// The cases, found by reading the folder: a new case is picked up without touching this file.
fn cases() -> Vec<String> {
    let mut cases: Vec<String> = std::fs::read_dir(corpus())
        .expect("the corpus folder exists")
        .map(|entry| entry.expect("a readable entry").path())
        .filter(|path| path.is_dir() || path.extension().is_some_and(|e| e == "yaml"))
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    cases
}

/// Runs the real binary from `dir`, so that the paths it prints are the relative ones given.
fn cloudspec(dir: &Path, args: &[&str]) -> Output {
    cloudspec_command(dir, args).output().expect("the binary runs")
}

fn cloudspec_command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cloudspec"));
    command.current_dir(dir).args(args).env_remove("CLICOLOR_FORCE").env("NO_COLOR", "1");
    command
}

/// Runs `command` to the end; returns its output and the CPU time (user + system, all its
/// threads) it used. The time bounds below guard against the linter doing too much work on a
/// huge or deeply nested input, and CPU time measures exactly that: the wall clock also counts
/// the time the process waited for a core, which on a busy machine was five times its work.
#[cfg(target_os = "linux")]
fn run_with_cpu_time(mut command: Command) -> (Output, Duration) {
    use std::io::Read;
    use std::os::unix::process::ExitStatusExt;
    use std::process::{ExitStatus, Stdio};

    #[expect(clippy::zombie_processes, reason = "reaped by wait4 below, which also gives its usage")]
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("the binary runs");
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    // Both pipes drained at once, so that a full one cannot block the child.
    let reading_stdout = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        stdout.read_to_end(&mut bytes).map(|_| bytes)
    });
    let mut err = Vec::new();
    stderr.read_to_end(&mut err).expect("stderr is readable");
    let out = reading_stdout.join().expect("the reader does not panic").expect("stdout is readable");
    let pid = libc::pid_t::try_from(child.id()).expect("a pid fits pid_t");
    let mut status = 0;
    // SAFETY: an all-zero `rusage` is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // wait4(2) reaps this child (not any other) and reports the resources it used. `child` is
    // not waited on again; dropping it does not wait either.
    // SAFETY: both pointers are to live, writable values of the types wait4 expects.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid, "wait4: {}", std::io::Error::last_os_error());
    let seconds = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    let cpu = seconds(usage.ru_utime) + seconds(usage.ru_stime);
    (Output { status: ExitStatus::from_raw(status), stdout: out, stderr: err }, cpu)
}

/// Elsewhere the wall clock stands in: an upper bound on the CPU time of a single process.
#[cfg(not(target_os = "linux"))]
fn run_with_cpu_time(mut command: Command) -> (Output, Duration) {
    let started = std::time::Instant::now();
    let output = command.output().expect("the binary runs");
    (output, started.elapsed())
}

/// One rendered diagnostic: its `file:line:col: message` line and the lines below it.
struct Rendered<'a> {
    location: (&'a str, u64, u64),
    lines: Vec<&'a str>,
}

/// Splits a report into diagnostics and checks the shape every one must have: a location, a
/// label on the snippet, a `help:` hint, and a snippet header that agrees with the location.
fn check_report(case: &str, report: &str) {
    let mut diagnostics: Vec<Rendered> = Vec::new();
    let mut summary = None;
    for line in report.lines() {
        if let Some(rest) = line.strip_prefix("cloudspec: ") {
            summary = Some(rest);
        } else if !line.starts_with(' ') && !line.is_empty() {
            let location = parse_location(line).unwrap_or_else(|| {
                panic!("{case}: a diagnostic starts without file:line:col: {line:?}\n{report}")
            });
            diagnostics.push(Rendered { location, lines: vec![line] });
        } else if let Some(current) = diagnostics.last_mut() {
            current.lines.push(line);
        }
    }
    assert!(!diagnostics.is_empty(), "{case}: no diagnostic\n{report}");
    let n = diagnostics.len();
    let expected =
        format!("{n} problem{} found in the specs; nothing was generated", if n == 1 { "" } else { "s" });
    assert_eq!(summary, Some(expected.as_str()), "{case}: the summary counts every diagnostic\n{report}");

    for diagnostic in &diagnostics {
        let (file, line, column) = diagnostic.location;
        let text = diagnostic.lines.join("\n");
        assert!(!file.starts_with('/') && !file.contains(":\\"), "{case}: absolute path {file}");
        assert!(line >= 1 && column >= 1, "{case}: 1-based position\n{text}");
        assert!(
            diagnostic.lines.iter().any(|l| l.trim_start().starts_with("× ")),
            "{case}: the message is repeated in the report\n{text}"
        );
        // `╰── label` under a one-line label, `╰──── label` under one over several lines.
        let label = diagnostic.lines.iter().find_map(|l| {
            let (_, rest) = l.split_once("╰─")?;
            rest.trim_start_matches('─').strip_prefix(' ').map(str::trim)
        });
        assert!(label.is_some_and(|l| !l.is_empty()), "{case}: a label on the snippet\n{text}");
        let hint = diagnostic.lines.iter().find_map(|l| l.trim_start().strip_prefix("help: "));
        assert!(hint.is_some_and(|h| !h.trim().is_empty()), "{case}: a hint\n{text}");
        // The snippet's `╭─[line:col]` is computed from the label's byte offset; the location line
        // from the position. They must agree, or the label is not where the message says.
        if let Some(header) = diagnostic.lines.iter().find_map(|l| l.split_once("╭─[").map(|(_, h)| h)) {
            let header = header.trim_end_matches(']');
            assert_eq!(
                header,
                format!("{line}:{column}"),
                "{case}: the label is where the location says\n{text}"
            );
        }
    }
}

/// `path:line:col: message` → (path, line, col). The path may itself contain `:` on Windows only.
fn parse_location(line: &str) -> Option<(&str, u64, u64)> {
    let (head, _message) = line.split_once(": ")?;
    let mut parts = head.rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line_no = parts.next()?.parse().ok()?;
    let file = parts.next()?;
    Some((file, line_no, column))
}

fn snapshot(name: &str, report: &str) {
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!(format!("bad_spec__{}", name.replace('.', "_")), report);
    });
}

fn lint_report(dir: &Path, case: &str) -> String {
    lint_report_with_cpu_time(dir, case).0
}

/// [`lint_report`] and the CPU time the linter used.
fn lint_report_with_cpu_time(dir: &Path, case: &str) -> (String, Duration) {
    let (output, cpu) = run_with_cpu_time(cloudspec_command(dir, &["lint", "--specs", case]));
    assert_eq!(output.status.code(), Some(1), "{case}: lint must fail with exit code 1\n{}", text(&output));
    assert!(output.stdout.is_empty(), "{case}: a failed lint prints nothing on stdout");
    (String::from_utf8(output.stderr).expect("the report is UTF-8"), cpu)
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

#[test]
fn every_case_is_rejected_with_located_labelled_hinted_diagnostics() {
    let cases = cases();
    assert!(cases.len() >= 30, "the corpus has at least 30 cases, found {}", cases.len());
    let corpus = corpus();
    let absolute = corpus.canonicalize().unwrap();
    for case in &cases {
        let (report, cpu) = lint_report_with_cpu_time(&corpus, case);
        assert!(cpu < Duration::from_secs(20), "{case}: lint used {cpu:?} of CPU");
        assert!(!report.contains(absolute.to_str().unwrap()), "{case}: no absolute paths\n{report}");
        check_report(case, &report);
        snapshot(case, &report);
    }
}

/// Each case is linted alone: one file diagnosed alone, or one tree. Several problems in several
/// files are all reported in one run.
#[test]
fn multi_problem_cases_report_every_file_in_one_run() {
    let corpus = corpus();
    for (case, at_least_files) in [("many-problems-across-files", 4), ("many-problems-across-services", 2)] {
        let report = lint_report(&corpus, case);
        let files: std::collections::BTreeSet<&str> =
            report.lines().filter_map(parse_location).map(|(file, _, _)| file).collect();
        assert!(files.len() >= at_least_files, "{case}: problems of {files:?}\n{report}");
    }
}

/// Everything under `dir`: relative path → (contents, modification time).
fn tree(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, std::time::SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let meta = std::fs::metadata(&path).unwrap();
                let relative = path.strip_prefix(dir).unwrap().to_path_buf();
                out.insert(relative, (std::fs::read(&path).unwrap(), meta.modified().unwrap()));
            }
        }
    }
    out
}

#[test]
fn a_broken_spec_never_touches_the_output_folder() {
    let corpus = corpus();
    let out = tempfile::tempdir().unwrap();
    // A sentinel, and a file where generated code goes that the broken specs do not produce:
    // a run that wrote anything, or removed "orphans", would change one of them.
    std::fs::write(out.path().join("SENTINEL"), "untouched\n").unwrap();
    std::fs::create_dir_all(out.path().join("src/acme/widgets")).unwrap();
    std::fs::write(out.path().join("src/acme/widgets/get_widget.rs"), "// hand-written\n").unwrap();
    let before = tree(out.path());
    for case in cases() {
        let output =
            cloudspec(&corpus, &["generate", "--specs", &case, "--out", out.path().to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(1), "{case}: generate must fail\n{}", text(&output));
        assert!(text(&output).contains("nothing was generated"), "{case}\n{}", text(&output));
        assert_eq!(before, tree(out.path()), "{case}: the output folder changed");
        let check = cloudspec(&corpus, &["check", "--specs", &case, "--out", out.path().to_str().unwrap()]);
        assert_eq!(check.status.code(), Some(1), "{case}: check must fail\n{}", text(&check));
    }
}

/// Cases too large to commit, written at test time: a file over the size limit, a file just
/// under it, and a runaway type expression. Each gets a clean diagnostic, quickly.
#[test]
fn oversized_and_huge_inputs_get_clean_diagnostics() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path();
    let limit = cloudspec_codegen::spec::load::MAX_SPEC_BYTES;

    // Over the limit: refused before parsing.
    let mut big = String::from("operation: CreateWidget\nsummary: |\n");
    while big.len() <= limit {
        big.push_str("  A line of a runaway summary, repeated until the file is over the limit.\n");
    }
    std::fs::write(dir.join("oversized.yaml"), &big).unwrap();
    let (report, cpu) = lint_report_with_cpu_time(dir, "oversized.yaml");
    assert!(cpu < Duration::from_secs(20), "oversized: {cpu:?} of CPU");
    check_report("oversized", &report);
    snapshot("generated__oversized", &report);

    // Just under the limit: an operation with thousands of fields documented at length (real
    // specs are mostly prose), one of them broken on the last line. Every line is parsed and
    // checked; the one problem is found and located.
    let tree = dir.join("large");
    let service_dir = tree.join("acme/widgets");
    std::fs::create_dir_all(&service_dir).unwrap();
    std::fs::write(
        service_dir.join("service.yaml"),
        "provider: acme\nservice: widgets\ntitle: Acme Widgets\ndocs: https://docs.example.com\nprotocol: oci_rest\napi_version: \"1\"\nendpoint:\n  url: https://widgets.example.com\nauth:\n  - scheme: oci_rsa_sha256\n",
    )
    .unwrap();
    let mut op = String::from(
        "operation: CreateWidget\nsummary: Create a widget.\ndocs: https://docs.example.com/create\nhttp:\n  method: POST\n  path: /widgets\nidempotent: false\ninput:\n  fields:\n",
    );
    let mut n = 0;
    let prose = "The page describes this parameter at length, as vendor pages do. ".repeat(5);
    let field =
        |i: usize| format!("    field{i}: {{ type: string, max_length: 64, doc: \"Field {i}. {prose}\" }}\n");
    while op.len() + field(n).len() + 200 < limit {
        op.push_str(&field(n));
        n += 1;
    }
    op.push_str("    last: { type: strng }\noutput: {}\n");
    assert!(op.len() < limit && op.len() > limit - 1024, "{} bytes", op.len());
    std::fs::write(service_dir.join("create_widget.yaml"), &op).unwrap();
    let (report, cpu) = lint_report_with_cpu_time(dir, "large");
    assert!(cpu < Duration::from_secs(30), "large: {cpu:?} of CPU");
    check_report("large", &report);
    let line = op.lines().count() - 1;
    assert!(report.starts_with(&format!("large/acme/widgets/create_widget.yaml:{line}:")), "{report}");
    assert!(report.contains("undefined type `strng`"), "{report}");

    // A type expression nested a hundred thousand times: an error, not a stack overflow, and a
    // report of a few lines, not of megabytes.
    let runaway = format!("{}string{}", "list<".repeat(100_000), ">".repeat(100_000));
    let deep = op.replace("    last: { type: strng }\n", &format!("    last: {{ type: \"{runaway}\" }}\n"));
    let deep = deep.lines().take(9).chain(deep.lines().rev().take(2).collect::<Vec<_>>().into_iter().rev());
    let deep: String = deep.map(|l| format!("{l}\n")).collect();
    std::fs::write(service_dir.join("create_widget.yaml"), deep).unwrap();
    let (report, cpu) = lint_report_with_cpu_time(dir, "large");
    assert!(cpu < Duration::from_secs(20), "runaway type: {cpu:?} of CPU");
    check_report("runaway type", &report);
    assert!(report.len() < 4096, "a short report: {} bytes", report.len());
    snapshot("generated__runaway-type-expression", &report);
}
