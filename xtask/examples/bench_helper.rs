//! The small jobs `benches/run.sh` cannot do portably in shell: write a synthetic spec tree,
//! run a command measuring its wall time and peak memory, edit one spec, and read criterion's
//! results. Not a user-facing tool.
//!
//! ```text
//! bench_helper synth <out> <ops> [seed]        write a synthetic tree (out must be new or empty)
//! bench_helper measure <log> -- <cmd> [args]   run cmd (stdout+stderr to log); print
//!                                              "<wall s> <peak RSS KiB> <CPU s> <exit code>"
//! bench_helper touch-doc <spec.yaml>           change the first field doc of one spec
//! bench_helper criterion <dir> <id>...         print "<id>\t<median ns>" per benchmark id
//! bench_helper composition <crate dir>         generated lines per operation, by kind of item
//! ```

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("synth") => synth(&args[1..]),
        Some("measure") => measure(&args[1..]),
        Some("touch-doc") => touch_doc(&args[1..]),
        Some("criterion") => criterion(&args[1..]),
        Some("composition") => composition(&args[1..]),
        Some("phases") => phases(&args[1..]),
        _ => Err(
            "usage: bench_helper synth|measure|touch-doc|criterion|composition|phases ... (see the source)"
                .to_owned(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("bench_helper: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `phases <specs> <out>`: one full generation into `out` (which should not exist), timed phase
/// by phase in this process: where the wall time of `cloudspec generate` goes.
fn phases(args: &[String]) -> Result<(), String> {
    let [specs, out] = args else { return Err("phases <specs> <out>".into()) };
    let (specs, out) = (Path::new(specs), Path::new(out));
    let start = std::time::Instant::now();
    let mut last = start;
    let mut lap = |phase: &str| {
        let now = std::time::Instant::now();
        println!("{phase:<8} {:>8.1} ms", (now - last).as_secs_f64() * 1e3);
        last = now;
    };
    // The loader `cloudspec generate` runs first (positions are read only to report problems).
    let (tree, diagnostics) = cloudspec_codegen::spec::load_partial_without_positions(specs);
    if !diagnostics.is_empty() {
        return Err(diagnostics.to_string());
    }
    lap("load");
    let ir = cloudspec_codegen::ir::lower(&tree).map_err(|d| d.to_string())?;
    lap("lower");
    let files = cloudspec_codegen::emit::emit(&ir).map_err(|e| e.to_string())?;
    lap("emit");
    let summary = cloudspec_codegen::write::write_files(out, &files).map_err(|e| e.to_string())?;
    lap("write");
    println!(
        "total    {:>8.1} ms ({} files written)",
        start.elapsed().as_secs_f64() * 1e3,
        summary.written.len()
    );
    Ok(())
}

fn synth(args: &[String]) -> Result<(), String> {
    let [out, ops, rest @ ..] = args else { return Err("synth <out> <ops> [seed]".into()) };
    let ops: usize = ops.parse().map_err(|e| format!("ops: {e}"))?;
    let seed = match rest.first() {
        Some(seed) => seed.parse().map_err(|e| format!("seed: {e}"))?,
        None => cloudspec_xtask::synth::DEFAULT_SEED,
    };
    let summary = cloudspec_xtask::synth::synth(Path::new(out), ops, seed).map_err(|e| e.to_string())?;
    println!(
        "synth: {} operations in {} services, {} files, {} bytes -> {out}",
        summary.operations,
        summary.services.len(),
        summary.files,
        summary.bytes
    );
    Ok(())
}

/// Runs a command and reports its wall time and the peak resident set size of the largest
/// process it waited for (cargo's rustc, the generator itself).
fn measure(args: &[String]) -> Result<(), String> {
    let [log, dashes, program, rest @ ..] = args else { return Err("measure <log> -- <cmd> [args]".into()) };
    if dashes != "--" {
        return Err("measure <log> -- <cmd> [args]".into());
    }
    let log_file = std::fs::File::create(log).map_err(|e| format!("{log}: {e}"))?;
    let err_file = log_file.try_clone().map_err(|e| e.to_string())?;
    let started = Instant::now();
    let status = Command::new(program)
        .args(rest)
        .stdin(Stdio::null())
        .stdout(log_file)
        .stderr(err_file)
        .status()
        .map_err(|e| format!("{program}: {e}"))?;
    let wall = started.elapsed().as_secs_f64();
    // This process runs one command, so the children's usage is that command's usage. CPU time
    // (user + system, all processes and threads) is reported beside wall time because it does
    // not grow when other jobs share the machine.
    let (rss, cpu) = match child_usage() {
        Some((kib, cpu)) => (kib.to_string(), format!("{cpu:.4}")),
        None => ("n/a".to_owned(), "n/a".to_owned()),
    };
    println!("{wall:.4} {rss} {cpu} {}", status.code().unwrap_or(-1));
    Ok(())
}

/// `getrusage(RUSAGE_CHILDREN)`: the peak RSS of the largest waited-for process in KiB (Linux
/// reports kilobytes), and the user + system CPU seconds of all of them.
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
fn child_usage() -> Option<(i64, f64)> {
    // struct rusage on 64-bit Linux: two struct timevals (2 × 2 longs), then 14 longs of which
    // ru_maxrss is the first. Declared here to avoid a libc dependency for one call.
    #[repr(C)]
    struct RUsage {
        times: [i64; 4],
        maxrss: i64,
        rest: [i64; 13],
    }
    unsafe extern "C" {
        fn getrusage(who: i32, usage: *mut RUsage) -> i32;
    }
    const RUSAGE_CHILDREN: i32 = -1;
    let mut usage = RUsage { times: [0; 4], maxrss: 0, rest: [0; 13] };
    // SAFETY: `usage` is a valid, writable struct with the kernel's layout on this target.
    let ok = unsafe { getrusage(RUSAGE_CHILDREN, &mut usage) } == 0;
    let [user_s, user_us, system_s, system_us] = usage.times;
    let cpu = (user_s + system_s) as f64 + (user_us + system_us) as f64 / 1e6;
    ok.then_some((usage.maxrss, cpu))
}

#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
fn child_usage() -> Option<(i64, f64)> {
    None
}

/// Rewrites the first field doc of a spec file: a change that only that spec's generated file
/// reflects (no summary, no example, no name).
fn touch_doc(args: &[String]) -> Result<(), String> {
    let [file] = args else { return Err("touch-doc <spec.yaml>".into()) };
    let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    let marker = "doc: \"";
    let fields = text.find("fields:").ok_or_else(|| format!("{file}: no fields"))?;
    let at = text[fields..]
        .find(marker)
        .map(|i| fields + i + marker.len())
        .ok_or_else(|| format!("{file}: no field doc"))?;
    let changed = format!("{}(edited) {}", &text[..at], &text[at..]);
    std::fs::write(file, changed).map_err(|e| format!("{file}: {e}"))
}

/// The median of each benchmark from criterion's `<dir>/<id>/new/estimates.json`.
fn criterion(args: &[String]) -> Result<(), String> {
    let [dir, ids @ ..] = args else { return Err("criterion <dir> <id>...".into()) };
    for id in ids {
        let path: PathBuf = [dir.as_str(), id.as_str(), "new", "estimates.json"].iter().collect();
        let median = std::fs::read_to_string(&path)
            .ok()
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
            .and_then(|json| json.pointer("/median/point_estimate").and_then(serde_json::Value::as_f64));
        match median {
            Some(ns) => println!("{id}\t{ns:.1}"),
            None => println!("{id}\tn/a"),
        }
    }
    Ok(())
}

/// What the generated lines are: each top-level item of an operation file (with its docs and
/// attributes) is classified by its first line; service and provider modules are one kind.
/// `composition <crate dir>`: the generated Rust lines (facade and service crates) by kind of
/// item, per operation, and how many of them are rustdoc.
fn composition(args: &[String]) -> Result<(), String> {
    let [dir] = args else { return Err("composition <crate dir>".into()) };
    let mut files = Vec::new();
    for sub in ["src", "services"] {
        let path = Path::new(dir).join(sub);
        if path.is_dir() {
            collect_rs(&path, &mut files).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    let mut kinds: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    let (mut operations, mut docs) = (0, 0);
    for file in &files {
        let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let operation = name != "mod.rs" && name != "lib.rs";
        operations += usize::from(operation);
        let lines: Vec<&str> = text.lines().collect();
        let (mut pending, mut current) = (0, "module docs");
        for (index, line) in lines.iter().enumerate() {
            docs += usize::from(line.trim_start().starts_with("///") || line.trim_start().starts_with("//!"));
            if line.starts_with("//") && !line.starts_with("///") {
                *kinds.entry("module docs").or_default() += 1;
                continue;
            }
            if line.trim().is_empty() || line.starts_with("///") || line.starts_with("#[") {
                pending += 1;
                continue;
            }
            if !line.starts_with([' ', '}', ')', ']']) {
                // A `wire_enum! {` block is classified by the enum it declares.
                let declared = if line.starts_with("cloudspec_runtime::wire_enum!") {
                    lines[index..]
                        .iter()
                        .find(|l| l.trim_start().starts_with("pub enum"))
                        .map(|l| l.trim_start())
                } else {
                    None
                };
                current = item_kind(operation, declared.unwrap_or(line));
            }
            *kinds.entry(current).or_default() += 1 + pending;
            pending = 0;
        }
    }
    let total: usize = kinds.values().sum();
    let per_op = |n: usize| n as f64 / operations.max(1) as f64;
    println!("{total} lines, {operations} operations, {:.0} lines per operation", per_op(total));
    println!(
        "of which rustdoc: {docs} lines, {:.0} per operation; code: {:.0} per operation",
        per_op(docs),
        per_op(total - docs)
    );
    let mut sorted: Vec<_> = kinds.into_iter().collect();
    sorted.sort_by_key(|(_, lines)| std::cmp::Reverse(*lines));
    for (kind, lines) in sorted {
        println!("{kind:32} {lines:9} {:7.1}/op {:5.1}%", per_op(lines), 100.0 * lines as f64 / total as f64);
    }
    Ok(())
}

fn item_kind(operation: bool, line: &str) -> &'static str {
    let words: Vec<&str> = line.split_whitespace().collect();
    let second = words.get(1).copied().unwrap_or_default();
    let third = words.get(2).copied().unwrap_or_default();
    if !operation {
        "service crate roots and facade"
    } else if line.starts_with("impl Client") {
        "client method"
    } else if line.starts_with("impl cloudspec_runtime::Validate") {
        "Validate impls"
    } else if second.ends_with("RequestBuilder")
        || third.ends_with("RequestBuilder")
        || line.ends_with("Request {") && words[0] == "impl"
    {
        "request builder"
    } else if second == "struct" && third.ends_with("Request") {
        "request struct"
    } else if second == "struct" && third.ends_with("Response") {
        "response struct"
    } else if line.contains("ErrorCode") {
        "error-code enum"
    } else if line.starts_with("use ") {
        "imports"
    } else {
        "own types"
    }
}

fn collect_rs(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect_rs(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}
