//! No input makes the loader or the checks panic: arbitrary bytes, and the seed specs mutated
//! the way hands and tools break files (flipped bytes, lost or doubled lines, truncation, swapped
//! tokens, stray YAML syntax). Each input goes through the in-memory entry point the fuzz target
//! uses and through `lint` on a spec tree on disk; both must agree, and every diagnostic must
//! point inside its file and render. Bounded: a few hundred cases, seconds in a debug build. The
//! fuzz target (`fuzz/`) runs the same property for as long as you let it.

use std::path::{Path, PathBuf};

use cloudspec_codegen::Diagnostics;
use cloudspec_codegen::spec::load::load_shared_service_bytes;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestCaseError;

/// One seed service: its `service.yaml` and operation files, as bytes.
#[derive(Debug, Clone)]
struct Seed {
    provider: String,
    service: String,
    /// The provider's `provider.yaml`, when it has one (not mutated: shared by the seed).
    provider_yaml: Option<Vec<u8>>,
    service_yaml: Vec<u8>,
    operations: Vec<(String, Vec<u8>)>,
}

fn seeds() -> Vec<Seed> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../specs");
    let mut seeds = Vec::new();
    for provider in sorted(&root).into_iter().filter(|p| p.is_dir()) {
        for service in sorted(&provider).into_iter().filter(|p| p.is_dir()) {
            let name = |p: &Path| p.file_name().unwrap().to_string_lossy().into_owned();
            let operations = sorted(&service)
                .into_iter()
                .filter(|p| p.extension().is_some_and(|e| e == "yaml") && name(p) != "service.yaml")
                .map(|p| (name(&p), std::fs::read(&p).unwrap()))
                .collect();
            seeds.push(Seed {
                provider: name(&provider),
                service: name(&service),
                provider_yaml: std::fs::read(provider.join("provider.yaml")).ok(),
                service_yaml: std::fs::read(service.join("service.yaml")).unwrap(),
                operations,
            });
        }
    }
    assert!(seeds.len() >= 5, "the five seed services");
    seeds
}

fn sorted(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    entries
}

/// Loads and checks a service from bytes, and emits its code when it has no problem: the
/// emitter must not panic on anything the checks let through either.
fn lint_in_memory(seed: &Seed) -> Diagnostics {
    let (tree, mut diagnostics) = load_shared_service_bytes(
        &seed.provider,
        &seed.service,
        seed.provider_yaml.clone(),
        seed.service_yaml.clone(),
        seed.operations.clone(),
    );
    match cloudspec_codegen::ir::lower(&tree) {
        Ok(ir) if diagnostics.is_empty() => {
            let _ = cloudspec_codegen::emit::emit(&ir);
        }
        Ok(_) => {}
        Err(more) => diagnostics.0.extend(more.0),
    }
    diagnostics.sorted()
}

/// The same service written to `root/<provider>/<service>/` and linted from disk.
fn lint_on_disk(root: &Path, seed: &Seed) -> Diagnostics {
    let _ = std::fs::remove_dir_all(root);
    let dir = root.join(&seed.provider).join(&seed.service);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("service.yaml"), &seed.service_yaml).unwrap();
    if let Some(bytes) = &seed.provider_yaml {
        std::fs::write(root.join(&seed.provider).join("provider.yaml"), bytes).unwrap();
    }
    for (name, bytes) in &seed.operations {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    match cloudspec_codegen::lint(root) {
        Ok(_) => Diagnostics::default(),
        Err(diagnostics) => diagnostics,
    }
}

/// Every diagnostic points inside its file (its line is the line of its byte offset), has a
/// label and a hint, and renders starting with its `file:line:col`.
fn check_diagnostics(diagnostics: &Diagnostics) -> Result<(), TestCaseError> {
    for d in &diagnostics.0 {
        let text = &*d.file.text;
        let context = || format!("{}: {} ({:?})", d.location(), d.message, d.pos);
        prop_assert!(d.pos.offset <= text.len(), "offset past the end: {}", context());
        if !text.is_empty() {
            let lines = text.split('\n').count() as u64;
            prop_assert!(d.pos.line >= 1 && d.pos.line <= lines, "line outside the file: {}", context());
            prop_assert!(d.pos.column >= 1, "column 0: {}", context());
            if d.pos.offset > 0 && text.is_char_boundary(d.pos.offset) {
                let line_of_offset = text[..d.pos.offset].matches('\n').count() as u64 + 1;
                prop_assert_eq!(line_of_offset, d.pos.line, "the offset is on another line: {}", context());
            }
        }
        prop_assert!(!d.label.is_empty() && !d.hint.is_empty(), "label and hint: {}", context());
        let rendered = d.render_plain();
        prop_assert!(rendered.starts_with(&format!("{}: ", d.location())), "{rendered}");
    }
    Ok(())
}

/// Where and what, without file names (which differ between memory and disk).
fn positions(diagnostics: &Diagnostics) -> Vec<(u64, u64, String)> {
    diagnostics.0.iter().map(|d| (d.pos.line, d.pos.column, d.label.clone())).collect()
}

fn check(seed: &Seed, root: &Path) -> Result<(), TestCaseError> {
    let in_memory = lint_in_memory(seed);
    check_diagnostics(&in_memory)?;
    let on_disk = lint_on_disk(root, seed);
    check_diagnostics(&on_disk)?;
    prop_assert_eq!(positions(&in_memory), positions(&on_disk), "memory and disk agree");
    Ok(())
}

/// Ways a spec file gets broken.
#[derive(Debug, Clone)]
enum Mutation {
    FlipBit(Index, u8),
    SetByte(Index, u8),
    DeleteLine(Index),
    DuplicateLine(Index),
    Truncate(Index),
    SwapTokens(Index, Index),
    Insert(Index, &'static str),
}

/// YAML syntax and spec words that make interesting breakage when dropped in anywhere.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ":",
    ": ",
    "- ",
    ",",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "\u{85}",
    "\u{2028}",
    "  ",
    "\"",
    "'",
    "#",
    "&a ",
    "*a",
    "<<: ",
    "---\n",
    "...",
    "!!binary ",
    "!!str ",
    "~",
    "null",
    "? ",
    "|",
    ">",
    "%YAML 1.2\n",
    "\u{feff}",
    "\u{0}",
    "é",
    "list<",
    "map<",
    "json_string<",
    ">",
    "type: ",
    "required: true",
    "location: path",
    "location: payload",
    "{x}",
    "1e999",
    ".nan",
    "-1",
    "99999999999999999999",
    "example: ",
    "rust_name: type",
    "values: []",
    "fields: {}",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), 0u8..8).prop_map(|(i, bit)| Mutation::FlipBit(i, bit)),
        (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::SetByte(i, b)),
        any::<Index>().prop_map(Mutation::DeleteLine),
        any::<Index>().prop_map(Mutation::DuplicateLine),
        any::<Index>().prop_map(Mutation::Truncate),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapTokens(a, b)),
        (any::<Index>(), proptest::sample::select(TOKENS)).prop_map(|(i, t)| Mutation::Insert(i, t)),
    ]
}

fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let len = bytes.len();
    match mutation {
        Mutation::FlipBit(i, bit) if len > 0 => bytes[i.index(len)] ^= 1 << bit,
        Mutation::SetByte(i, b) if len > 0 => bytes[i.index(len)] = *b,
        Mutation::Truncate(i) if len > 0 => bytes.truncate(i.index(len)),
        Mutation::DeleteLine(i) | Mutation::DuplicateLine(i) => {
            let mut lines: Vec<Vec<u8>> =
                bytes.split_inclusive(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
            if lines.is_empty() {
                return;
            }
            let at = i.index(lines.len());
            if matches!(mutation, Mutation::DeleteLine(_)) {
                lines.remove(at);
            } else {
                lines.insert(at, lines[at].clone());
            }
            *bytes = lines.concat();
        }
        Mutation::SwapTokens(a, b) => {
            let mut tokens: Vec<Vec<u8>> =
                bytes.split_inclusive(|b| *b == b' ').map(<[u8]>::to_vec).collect();
            if tokens.len() > 1 {
                let (a, b) = (a.index(tokens.len()), b.index(tokens.len()));
                tokens.swap(a, b);
                *bytes = tokens.concat();
            }
        }
        Mutation::Insert(i, token) => {
            let at = i.index(len + 1);
            bytes.splice(at..at, token.bytes());
        }
        _ => {}
    }
}

fn config(cases: u32) -> ProptestConfig {
    // `PROPTEST_CASES=20000` runs a longer search by hand. No regression files: a failure prints
    // its minimal input, which goes into a test by hand.
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(cases);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config(100))]

    /// Any bytes as an operation file (and, in turn, as a service file) of a seed service.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..1024), seed in any::<Index>(), as_service in any::<bool>()) {
        let seeds = seeds();
        let mut seed = seeds[seed.index(seeds.len())].clone();
        if as_service {
            seed.service_yaml = bytes;
        } else {
            seed.operations.push(("fuzzed.yaml".into(), bytes));
        }
        let temp = tempfile::tempdir().unwrap();
        check(&seed, &temp.path().join("specs"))?;
    }
}

proptest! {
    #![proptest_config(config(200))]

    /// A seed spec broken a few times over.
    #[test]
    fn mutated_seed_specs_never_panic(
        seed in any::<Index>(),
        file in any::<Index>(),
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let seeds = seeds();
        let mut seed = seeds[seed.index(seeds.len())].clone();
        // Which file: the service or one of its operations.
        let which = file.index(seed.operations.len() + 1);
        let bytes = match which {
            0 => &mut seed.service_yaml,
            n => &mut seed.operations[n - 1].1,
        };
        for mutation in &mutations {
            apply(bytes, mutation);
        }
        let temp = tempfile::tempdir().unwrap();
        check(&seed, &temp.path().join("specs"))?;
    }
}

/// The seeds themselves pass: the property is not vacuous (mutations start from good specs).
#[test]
fn the_seeds_lint_clean_in_memory_and_on_disk() {
    let temp = tempfile::tempdir().unwrap();
    for seed in seeds() {
        let in_memory = lint_in_memory(&seed);
        assert!(in_memory.is_empty(), "{}/{}:\n{in_memory}", seed.provider, seed.service);
        let on_disk = lint_on_disk(&temp.path().join("specs"), &seed);
        assert!(on_disk.is_empty(), "{}/{}:\n{on_disk}", seed.provider, seed.service);
    }
}
