//! Spec text is untrusted: whatever a spec says must reach the generated crate as inert data.
//! Hostile strings (quotes, line breaks, Markdown fences, indented code, raw-string breakouts,
//! comment ends, HTML, bidirectional and other control characters, TOML sections) go into every
//! text slot of a spec. Each case is either refused by `lint` with located diagnostics, or
//! generates files where:
//! - the service's `Cargo.toml` parses as TOML and its description decodes to the title;
//! - every Rust file parses, under a one-line `@generated` header naming its spec file;
//! - a Markdown scan of every doc block finds no code block (fenced or indented) but the
//!   generator's own usage example, so rustdoc finds no doctest the generator did not write;
//! - prose decodes back: removing the Markdown escapes (`\` before ASCII punctuation) and the
//!   `<`/`>` of autolinks from a file's docs gives a text holding every line of every prose
//!   input, trimmed and with blank runs collapsed (Markdown collapses them when it renders);
//! - inline code decodes back: the code span after `Example:` holds the example exactly, with
//!   line breaks shown as control pictures (`␊`);
//! - string literals decode back: the usage example's arguments, the examples test's JSON and
//!   the validation pattern are the spec's values.

use cloudspec_codegen::emit::{self, GeneratedFile};
use cloudspec_codegen::{ir, spec};
use proptest::prelude::*;
use serde_json::json;

/// Pieces every hostile string is made of, one class of attack each.
const FRAGMENTS: &[&str] = &[
    "\"",
    "'",
    "\n",
    "\r",
    "\r\n",
    "\n\n",
    "\t",
    "```",
    "~~~",
    "\n```rust\nfn main() { std::process::exit(1) }\n```\n",
    "\n\n    std::process::exit(1);\n",
    "    ",
    "- ",
    "> ",
    "1. ",
    "\"#",
    "\"###",
    "r#\"",
    "*/",
    "/*",
    "//",
    "<script>alert(1)</script>",
    "<!--",
    "&amp;",
    "&#96;",
    "\\",
    "\\u0000",
    "`",
    "``",
    "[x](https://e.com/a)",
    "[y](javascript:alert(1))",
    "https://e.com/a`b<c",
    "|",
    "'''",
    "\"\"\"",
    "[package]",
    "\n[dependencies]\nevil = { git = \"https://e.com/evil\" }\n",
    "\nbuild = \"evil.rs\"\n",
    "#[cfg(test)]",
    "}",
    "{",
    "\u{202E}",
    "\u{2066}",
    "\u{200F}",
    "\u{0}",
    "\u{1b}",
    "\u{7f}",
    "\u{85}",
    "\u{2028}",
    "é",
    "名前",
    "a",
    " b ",
];

fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(FRAGMENTS).prop_map(str::to_owned),
        1 => "\\PC{0,6}",
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..6).prop_map(|pieces| pieces.concat())
}

/// `text` as a YAML double-quoted scalar: control characters escaped, everything else as is
/// (bidirectional controls stay literal, as a pasted page would have them).
fn yaml(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The strings of one case, by slot.
#[derive(Debug, Clone)]
struct Slots(Vec<String>);

const SLOTS: usize = 24;

impl Slots {
    fn get(&self, i: usize) -> &str {
        &self.0[i]
    }
    fn title(&self) -> &str {
        self.get(0)
    }
    fn file_name(&self) -> String {
        // A file name cannot hold `/`; anything else can be tried.
        format!("get_{}.yaml", self.get(8).replace('/', "_"))
    }
    fn json_spec(&self) -> String {
        json!({ "mode": self.get(17) }).to_string()
    }
    /// Slot 21, escaped, made optional: lint checks the examples' `mode` values (other slots)
    /// against the pattern, and an optional group matches any text.
    fn pattern(&self) -> String {
        format!("(?:{})?", regex::escape(self.get(21)))
    }
    fn request_example(&self) -> serde_json::Value {
        json!({ "Name": self.get(22), "Spec": "{}", "Settings": { "mode": self.get(23) } })
    }
    /// (slot, file) of every prose slot that is rendered as rustdoc, and where.
    fn prose(&self) -> Vec<(usize, &'static str)> {
        vec![
            (0, "lib"),
            (2, "lib"),
            (4, "lib"),
            (6, "lib"),
            // A common error code's doc: `CommonErrorCode` lives in the service's root.
            (7, "lib"),
            (9, "op"),
            (10, "op"),
            (11, "op"),
            (12, "op"),
            (14, "op"),
            (19, "op"),
            (20, "op"),
        ]
    }

    fn service_yaml(&self) -> String {
        let s = |i| yaml(self.get(i));
        format!(
            "provider: acme\nservice: widgets\ntitle: {}\ndocs: https://docs.example.com/widgets\n\
             protocol: oci_rest\napi_version: {}\nendpoint:\n  url: https://widgets.{{region}}.example.com\n  doc: {}\n\
             auth:\n  - scheme: oci_rsa_sha256\n    doc: {}\n\
             types:\n  Colour:\n    doc: {}\n    values:\n      - {{ value: {}, doc: {} }}\n      - {{ value: plain }}\n\
             errors:\n  - {{ code: Widget.Gone, status: 410, doc: {} }}\n",
            s(0),
            s(1),
            s(2),
            s(3),
            s(4),
            s(5),
            s(6),
            s(7)
        )
    }

    fn operation_yaml(&self) -> String {
        let s = |i| yaml(self.get(i));
        format!(
            "operation: GetWidget\nsummary: {}\ndoc: {}\ndocs: https://docs.example.com/widgets/get-widget\n\
             http:\n  method: POST\n  path: /widgets/{{widgetId}}\nidempotent: false\n\
             input:\n  doc: {}\n  fields:\n\
             \x20   widgetId: {{ type: string, location: path, required: true, min_length: 1, doc: {}, example: {} }}\n\
             \x20   X-Note: {{ type: string, location: header, doc: {}, example: {} }}\n\
             \x20   Name: {{ type: string, required: true, example: {} }}\n\
             \x20   Spec: {{ type: \"json_string<Settings>\", required: true, example: {} }}\n\
             \x20   Settings: {{ type: Settings, required: true, example: {{ mode: {} }} }}\n\
             \x20   Colour: {{ type: Colour }}\n\
             output:\n  fields:\n    id: {{ type: string, required: true }}\n\
             types:\n  Settings:\n    doc: {}\n    fields:\n      mode: {{ type: string, doc: {}, pattern: {} }}\n\
             examples:\n  - title: {}\n    request: {}\n",
            s(9),
            s(10),
            s(11),
            s(12),
            s(13),
            s(14),
            s(15),
            s(16),
            yaml(&self.json_spec()),
            s(18),
            s(19),
            s(20),
            yaml(&self.pattern()),
            s(22),
            self.request_example(),
        )
    }
}

/// Loads, lints and emits a case: `Err` with the report when lint refuses it.
fn generate(slots: &Slots) -> Result<Vec<GeneratedFile>, String> {
    let (tree, diagnostics) = spec::load::load_service_bytes(
        "acme",
        "widgets",
        slots.service_yaml().into_bytes(),
        vec![(slots.file_name(), slots.operation_yaml().into_bytes())],
    );
    if !diagnostics.is_empty() {
        return Err(diagnostics.render_plain());
    }
    let ir = ir::lower(&tree).map_err(|d| d.render_plain())?;
    Ok(emit::emit(&ir).unwrap_or_else(|e| panic!("emission failed: {e}")))
}

/// Every diagnostic of a refused case is located: `file:line:col: message`, `file` one of the
/// case's two spec files.
fn assert_located(slots: &Slots, report: &str) {
    let shown_name = cloudspec_codegen::emit::inert::comment_text(&slots.file_name());
    let files = ["acme/widgets/service.yaml".to_owned(), format!("acme/widgets/{shown_name}")];
    let summary = |l: &str| l.contains(" found in the specs");
    let firsts: Vec<&str> =
        report.lines().filter(|l| !l.starts_with(' ') && !l.is_empty() && !summary(l)).collect();
    assert!(!firsts.is_empty(), "a refusal reports something:\n{report}");
    for line in firsts {
        let rest = files.iter().find_map(|f| line.strip_prefix(f.as_str())?.strip_prefix(':'));
        let mut parts = rest.map(|r| r.splitn(3, ':')).into_iter().flatten();
        let (l, c) = (parts.next(), parts.next());
        assert!(
            l.is_some_and(|l| l.parse::<u64>().is_ok_and(|n| n >= 1))
                && c.is_some_and(|c| c.parse::<u64>().is_ok_and(|n| n >= 1)),
            "not located: {line:?}\n{report}"
        );
    }
}

fn file<'a>(files: &'a [GeneratedFile], path: &str) -> &'a str {
    &files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("{path} is generated")).contents
}

/// The doc blocks of a Rust file: runs of `///` or `//!` lines (the prefix and the one space
/// after it removed), and the client's doc, which the file passes to a macro as a literal.
fn doc_blocks(source: &str) -> Vec<Vec<String>> {
    let mut blocks: Vec<Vec<String>> = Vec::new();
    let mut previous: Option<&str> = None;
    for line in source.lines() {
        let trimmed = line.trim_start();
        let prefix = ["///", "//!"].into_iter().find(|p| trimmed.starts_with(p));
        if let Some(prefix) = prefix {
            let text = &trimmed[prefix.len()..];
            let text = text.strip_prefix(' ').unwrap_or(text).to_owned();
            if previous == Some(prefix) {
                blocks.last_mut().expect("a block is open").push(text);
            } else {
                blocks.push(vec![text]);
            }
        }
        previous = prefix;
    }
    if let Some(at) = source.find("service_client!(") {
        let rest = source[at + "service_client!(".len()..].trim_start();
        let rest = rest.strip_prefix("SERVICE,").expect("the client macro's first argument").trim_start();
        let doc = leading_literal(rest).expect("the client doc is a literal");
        blocks.push(doc.lines().map(|l| l.strip_prefix(' ').unwrap_or(l).to_owned()).collect());
    }
    blocks
}

/// Code blocks CommonMark would open in a doc block: fence lines, and indented lines after a
/// blank line, looked for also inside block quotes and list items. The generator's own usage
/// example (` ```no_run ` … ` ``` `) is returned as the string "usage example".
fn code_blocks(block: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    let mut in_usage = false;
    let mut after_blank = true;
    for line in block {
        if in_usage {
            if line == "```" {
                in_usage = false;
            }
            continue;
        }
        if line == "```no_run" {
            in_usage = true;
            found.push("usage example".to_owned());
            continue;
        }
        let content = strip_containers(line);
        let indent = content.chars().take_while(|c| *c == ' ' || *c == '\t').collect::<String>();
        let columns: usize = indent.chars().map(|c| if c == '\t' { 4 } else { 1 }).sum();
        let rest = content.trim_start_matches([' ', '\t']);
        // CommonMark: the info string of a backtick fence holds no backtick (a line such as
        // "``a`b``: text" starts with a code span, not a fence).
        let backtick_fence = rest.starts_with("```") && !rest.trim_start_matches('`').contains('`');
        if columns < 4 && (backtick_fence || rest.starts_with("~~~")) {
            found.push(format!("fence: {line:?}"));
        }
        if columns >= 4 && after_blank && !rest.is_empty() {
            found.push(format!("indented: {line:?}"));
        }
        // Raw HTML blocks and inline tags: a `<` followed by a letter, `/` or `!` unescaped.
        if let Some(at) = unescaped_tag(line) {
            found.push(format!("html at {at}: {line:?}"));
        }
        after_blank = line.trim().is_empty();
    }
    assert!(!in_usage, "the usage example is closed: {block:?}");
    found
}

/// A line with its block-quote and list markers removed (with one space after each).
fn strip_containers(line: &str) -> &str {
    let mut rest = line;
    loop {
        let trimmed = rest.trim_start_matches(' ');
        if rest.len() - trimmed.len() > 3 {
            return rest;
        }
        let next = if let Some(after) = trimmed.strip_prefix('>') {
            after.strip_prefix(' ').unwrap_or(after)
        } else if let Some(after) = ["- ", "* ", "+ "].iter().find_map(|m| trimmed.strip_prefix(m)) {
            after
        } else {
            let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
            match trimmed[digits..].strip_prefix(". ").or_else(|| trimmed[digits..].strip_prefix(") ")) {
                Some(after) if digits > 0 => after,
                _ => return rest,
            }
        };
        rest = next;
    }
}

/// The byte offset of a `<` that starts an HTML tag, comment or declaration and is not escaped
/// (nor inside a code span, where Markdown shows it as text); autolinks `<http…>` are links.
fn unescaped_tag(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut i = 0;
    let mut code_fence: Option<usize> = None;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'`' => {
                let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
                code_fence = match code_fence {
                    None => Some(run),
                    Some(open) if open == run => None,
                    other => other,
                };
                i += run;
            }
            b'<' if code_fence.is_none() => {
                let next = bytes.get(i + 1).copied().unwrap_or(b' ');
                let autolink = line[i + 1..].starts_with("http://") || line[i + 1..].starts_with("https://");
                if (next.is_ascii_alphabetic() || next == b'/' || next == b'!' || next == b'?') && !autolink {
                    return Some(i);
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// Prose as rendered, decoded: `\` before ASCII punctuation dropped, autolinks unwrapped.
fn decode_prose(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|(_, n)| n.is_ascii_punctuation()) {
            out.push(chars.next().map(|(_, n)| n).unwrap_or_default());
        } else if c == '<' && (text[i + 1..].starts_with("http://") || text[i + 1..].starts_with("https://"))
        {
            let end = text[i..].find('>').map_or(text.len(), |e| i + e);
            out.push_str(&text[i + 1..end]);
            while chars.peek().is_some_and(|(j, _)| *j <= end) {
                chars.next();
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// What decoding must give back for one line of prose: trimmed (of Unicode white space, as
/// rustdoc lines are), and its runs of blanks made one space.
fn collapsed(line: &str) -> String {
    let words: Vec<&str> =
        line.split([' ', '\t', '\r', '\u{b}', '\u{c}']).filter(|w| !w.is_empty()).collect();
    words.join(" ").trim().to_owned()
}

/// The Rust string literal (plain or raw) at the start of `text`, decoded.
fn leading_literal(text: &str) -> Option<String> {
    let end = if let Some(raw) = text.strip_prefix('r') {
        let hashes = raw.chars().take_while(|c| *c == '#').count();
        let close = format!("\"{}", "#".repeat(hashes));
        1 + hashes + 1 + raw[hashes + 1..].find(&close)? + close.len()
    } else {
        let bytes = text.as_bytes();
        if bytes.first() != Some(&b'"') {
            return None;
        }
        let mut i = 1;
        loop {
            match bytes.get(i)? {
                b'\\' => i += 2,
                b'"' => break i + 1,
                _ => i += 1,
            }
        }
    };
    syn::parse_str::<syn::LitStr>(&text[..end]).ok().map(|lit| lit.value())
}

/// The literal right after `marker` in `text`, decoded.
fn literal_after(text: &str, marker: &str) -> Option<String> {
    let at = text.find(marker)?;
    leading_literal(&text[at + marker.len()..])
}

/// The code span at the start of `text`, decoded: its content with one padding space removed
/// on each side, and control pictures turned back into the characters.
fn leading_code_span(text: &str) -> Option<String> {
    if text.starts_with("(empty)") {
        return Some(String::new());
    }
    let fence = text.chars().take_while(|c| *c == '`').count();
    if fence == 0 {
        return None;
    }
    let rest = &text[fence..];
    let mut search = 0;
    let close = loop {
        let at = search + rest[search..].find(&"`".repeat(fence))?;
        let run = rest[at..].chars().take_while(|c| *c == '`').count();
        if run == fence {
            break at;
        }
        search = at + run;
    };
    let mut content = &rest[..close];
    if content.len() >= 2 && content.starts_with(' ') && content.ends_with(' ') && !content.trim().is_empty()
    {
        content = &content[1..content.len() - 1];
    }
    Some(
        content
            .chars()
            .map(|c| match c as u32 {
                n @ 0x2400..=0x241f => char::from_u32(n - 0x2400).unwrap_or(c),
                0x2421 => '\u{7f}',
                _ => c,
            })
            .collect(),
    )
}

/// Every property of a generated case (see the module docs).
fn check_generated(slots: &Slots, files: &[GeneratedFile]) {
    // The service manifest: valid TOML, the title back in the description, no other keys.
    let manifest = file(files, "services/acme-widgets/Cargo.toml");
    let table: toml::Table = toml::from_str(manifest).unwrap_or_else(|e| panic!("manifest: {e}\n{manifest}"));
    let package = table["package"].as_table().expect("a [package] table");
    let expected = format!("Typed Rust client for {}, generated by cloudspec.", slots.title());
    assert_eq!(package["description"].as_str(), Some(expected.as_str()));
    let keys: Vec<&String> = package.keys().collect();
    assert_eq!(keys, ["description", "edition", "license", "name", "version"], "{manifest}");
    let sections: Vec<&String> = table.keys().collect();
    assert_eq!(sections, ["dependencies", "features", "package"], "{manifest}");
    let facade = file(files, "Cargo.toml");
    toml::from_str::<toml::Table>(facade).unwrap_or_else(|e| panic!("facade manifest: {e}\n{facade}"));

    let mut usage_examples = 0;
    for generated in files.iter().filter(|f| f.path.ends_with(".rs")) {
        let source = &generated.contents;
        syn::parse_file(source)
            .unwrap_or_else(|e| panic!("{} does not parse: {e}\n{source}", generated.path));
        let header = source.lines().next().unwrap_or_default();
        assert!(header.starts_with("// @generated by cloudspec from "), "{header}");
        assert_eq!(source.lines().nth(1), Some(""), "the header is one line: {source}");
        for block in doc_blocks(source) {
            for found in code_blocks(&block) {
                assert_eq!(found, "usage example", "in {}: {block:#?}", generated.path);
                usage_examples += 1;
            }
        }
    }
    assert_eq!(usage_examples, 1, "exactly the generator's one usage example");

    let op_path = "services/acme-widgets/src/get_widget.rs";
    let op = file(files, op_path);
    assert!(
        op.lines().next().unwrap_or_default().contains(&slots.file_name()),
        "the header names the spec file"
    );
    let lib = file(files, "services/acme-widgets/src/lib.rs");
    let decoded = |source: &str| -> String {
        doc_blocks(source).iter().map(|b| decode_prose(&b.join("\n"))).collect::<Vec<_>>().join("\n")
    };
    let (op_docs, lib_docs) = (decoded(op), decoded(lib));
    for (slot, place) in slots.prose() {
        let docs = if place == "op" { &op_docs } else { &lib_docs };
        for line in slots.get(slot).lines() {
            let line = collapsed(line);
            assert!(docs.contains(&line), "slot {slot}: line {line:?} is not in the {place} docs:\n{docs}");
        }
    }

    // The example of `widgetId` as inline code, after the facts the generator writes first.
    let raw_docs: String = doc_blocks(op).iter().map(|b| b.join("\n")).collect::<Vec<_>>().join("\n");
    let facts = "Part of the path (`{widgetId}`). Length: at least 1 characters. Example: ";
    let at = raw_docs.find(facts).expect("the widgetId facts") + facts.len();
    assert_eq!(leading_code_span(&raw_docs[at..]).as_deref(), Some(slots.get(13)), "example code span");

    // String literals: the usage example's arguments, the examples test, the pattern.
    assert_eq!(literal_after(&raw_docs, ".widget_id(").as_deref(), Some(slots.get(13)));
    assert_eq!(literal_after(&raw_docs, ".name(").as_deref(), Some(slots.get(16)));
    assert_eq!(
        literal_after(&raw_docs, ".spec(serde_json::from_str(").as_deref(),
        Some(slots.json_spec().as_str())
    );
    assert_eq!(
        literal_after(op, "report.pattern(path, \"mode\", &self.mode, ").as_deref(),
        Some(slots.pattern().as_str())
    );
    let examples = file(files, "tests/examples.rs");
    let json = literal_after(examples, "let json = ").expect("the request example");
    assert_eq!(serde_json::from_str::<serde_json::Value>(&json).ok(), Some(slots.request_example()));
}

fn run_case(slots: &Slots) {
    match generate(slots) {
        Err(report) => assert_located(slots, &report),
        Ok(files) => check_generated(slots, &files),
    }
}

fn plain_slots() -> Vec<String> {
    (0..SLOTS).map(|i| format!("text {i}")).collect()
}

proptest! {
    // Each case loads, lints, emits ~10 files and parses them: a few ms in debug.
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    /// One hostile string in one slot, the others plain: most cases generate.
    #[test]
    fn safety_hostile_text_in_one_slot_is_refused_or_inert(slot in 0..SLOTS, text in hostile()) {
        let mut slots = plain_slots();
        slots[slot] = text;
        run_case(&Slots(slots));
    }

    /// Hostile strings in every slot at once.
    #[test]
    fn safety_hostile_text_in_every_slot_is_refused_or_inert(texts in proptest::collection::vec(hostile(), SLOTS)) {
        run_case(&Slots(texts));
    }
}

/// A plain spec generates, and the checks hold on it (they are not vacuous).
#[test]
fn safety_plain_text_generates_and_passes_every_check() {
    let slots = Slots(plain_slots());
    let files = generate(&slots).unwrap_or_else(|report| panic!("{report}"));
    check_generated(&slots, &files);
}

/// Every class of attack in every slot at once (but the file name), and alone in two slots
/// (rotating, so that together the fragments visit every slot): refused with a location, or
/// inert. Characters lint refuses are refused wherever they are; the rest generate.
#[test]
fn safety_every_fragment_is_refused_or_inert() {
    const REFUSED: &[&str] = &["\u{202E}", "\u{2066}", "\u{200F}", "\u{0}", "\u{1b}", "\u{7f}", "\u{85}"];
    for (n, fragment) in FRAGMENTS.iter().enumerate() {
        let text = format!("x{fragment}y");
        let mut everywhere = vec![text.clone(); SLOTS];
        everywhere[8] = "plain".to_owned();
        let everywhere = Slots(everywhere);
        match generate(&everywhere) {
            Err(report) => {
                assert!(REFUSED.contains(fragment), "{fragment:?} is refused:\n{report}");
                assert_located(&everywhere, &report);
            }
            Ok(files) => {
                assert!(!REFUSED.contains(fragment), "{fragment:?} generates");
                check_generated(&everywhere, &files);
            }
        }
        for slot in [(2 * n) % SLOTS, (2 * n + 1) % SLOTS] {
            let mut alone = plain_slots();
            alone[slot] = text.clone();
            let alone = Slots(alone);
            match generate(&alone) {
                Err(report) => assert_located(&alone, &report),
                Ok(files) => check_generated(&alone, &files),
            }
        }
    }
}

/// `slots` with `changes` applied to the plain ones.
fn with(changes: &[(usize, &str)]) -> Slots {
    let mut slots = plain_slots();
    for (slot, text) in changes {
        slots[*slot] = (*text).to_owned();
    }
    Slots(slots)
}

fn generated(slots: &Slots) -> Vec<GeneratedFile> {
    generate(slots).unwrap_or_else(|report| panic!("refused:\n{report}"))
}

fn refused(slots: &Slots) -> String {
    match generate(slots) {
        Ok(_) => panic!("generated, but lint must refuse it"),
        Err(report) => {
            assert_located(slots, &report);
            report
        }
    }
}

/// The report of a tree that lint must refuse.
fn lint_report(tree: &spec::SpecTree) -> String {
    match ir::lower(tree) {
        Ok(_) => panic!("lint passed, but must refuse"),
        Err(diagnostics) => diagnostics.render_plain(),
    }
}

/// Finding 1: a title that closes the description string and adds a build script and a git
/// dependency is one TOML string holding the title.
#[test]
fn safety_title_cannot_add_keys_to_the_service_manifest() {
    let title =
        "Evil\"\nbuild = \"evil.rs\"\n[dependencies]\nevil = { git = \"https://e.com/evil\" }\n# '''\"\"\"";
    let slots = with(&[(0, title)]);
    check_generated(&slots, &generated(&slots));
    // A plain quote, which lint let through and the manifest broke on, is shown as written.
    let slots = with(&[(0, "Acme \"Widgets\"")]);
    check_generated(&slots, &generated(&slots));
}

/// Finding 2: fences, indented code (also in a list item), HTML, in docs, summaries and field
/// examples, are prose: the only doctest is the usage example.
#[test]
fn safety_vendor_code_blocks_never_become_doctests() {
    let slots = with(&[
        (9, "Get.\n\n    std::process::exit(1);"),
        (10, "Intro\n\n```rust\nstd::process::exit(2);\n```\n\n    std::process::exit(3);\n\n~~~\nx\n~~~"),
        (12, "- item\n\n      std::process::exit(4);\n\n> ```\n> x\n<script>alert(1)</script>"),
        (13, "w\n\n    std::process::exit(5);"),
        (19, "````\nstd::process::exit(6);\n````"),
    ]);
    check_generated(&slots, &generated(&slots));
}

/// Finding 3: a file or folder name with a line break is refused, and a header shows any name
/// on its one line.
#[test]
fn safety_names_cannot_inject_items_through_headers() {
    let report = refused(&with(&[(8, "x\n#[test] fn evil() {}\n//")]));
    assert!(report.contains("the file name") && report.contains("control character U+000A"), "{report}");

    let slots = Slots(plain_slots());
    let service_yaml = slots.service_yaml().replace("service: widgets", "service: \"wid\\ngets\"");
    let (tree, diagnostics) = spec::load::load_service_bytes(
        "acme",
        "wid\ngets",
        service_yaml.into_bytes(),
        vec![(slots.file_name(), slots.operation_yaml().into_bytes())],
    );
    assert!(diagnostics.is_empty(), "{}", diagnostics.render_plain());
    let report = lint_report(&tree);
    assert!(report.contains("the service folder \"wid\\ngets\""), "{report}");

    // The emitter's own guard, for a name that reached it anyway.
    let (tree, _) = spec::load::load_service_bytes(
        "acme",
        "widgets",
        slots.service_yaml().into_bytes(),
        vec![(slots.file_name(), slots.operation_yaml().into_bytes())],
    );
    let mut ir = ir::lower(&tree).unwrap_or_else(|d| panic!("{}", d.render_plain()));
    ir.services[0].operations[0].source = "acme/widgets/x\n#[test] fn evil() {}\n//.yaml".to_owned();
    let files = emit::service_files(&ir.services[0]).expect("emits");
    let op = file(&files, "services/acme-widgets/src/get_widget.rs");
    let header = op.lines().next().unwrap_or_default();
    assert_eq!(
        header,
        "// @generated by cloudspec from acme/widgets/x\\u{a}#[test] fn evil() {}\\u{a}//.yaml. Do not edit: change the spec and run `cargo run -- generate`."
    );
    let parsed = syn::parse_file(op).expect("parses");
    assert!(!parsed.items.iter().any(|item| matches!(item, syn::Item::Fn(f) if f.sig.ident == "evil")));
}

/// Finding 9: what lint let through although the output did not build.
#[test]
fn safety_lint_refuses_or_renders_what_broke_the_build() {
    // `"#` in a `json_string` example closed the raw string it was pasted into.
    let slots = with(&[(17, "\"# ); std::process::exit(1); (r#\"")]);
    check_generated(&slots, &generated(&slots));
    // A control character in an object example (`json!` cannot read JSON's `\u001b`).
    let report = refused(&with(&[(18, "a\u{1b}b")]));
    assert!(report.contains("control character U+001B in `input.fields.Settings.example.mode`"), "{report}");
    // Bidirectional controls, in prose and in names.
    let report = refused(&with(&[(9, "Get \u{202E}a widget")]));
    assert!(report.contains("U+202E (RIGHT-TO-LEFT OVERRIDE) in `summary`"), "{report}");
    // A placeholder that is one of the builder's methods.
    let slots = Slots(plain_slots());
    let service_yaml = slots.service_yaml().replace("{region}", "{credentials}");
    let (tree, diagnostics) = spec::load::load_service_bytes(
        "acme",
        "widgets",
        service_yaml.into_bytes(),
        vec![(slots.file_name(), slots.operation_yaml().into_bytes())],
    );
    assert!(diagnostics.is_empty(), "{}", diagnostics.render_plain());
    let report = lint_report(&tree);
    assert!(report.contains("service.yaml:8:24: endpoint placeholder `{credentials}` collides"), "{report}");
    // A header name that is not an HTTP token.
    let operation_yaml = slots.operation_yaml().replace("X-Note:", "\"X-Note: evil\":");
    let (tree, _) = spec::load::load_service_bytes(
        "acme",
        "widgets",
        slots.service_yaml().into_bytes(),
        vec![(slots.file_name(), operation_yaml.into_bytes())],
    );
    let report = lint_report(&tree);
    assert!(report.contains("`X-Note: evil` is not an HTTP header name"), "{report}");
}

/// Printable but hostile provider and service folder names (which `provider:`/`service:`
/// repeat) reach headers, docs, literals and manifests only as text: every file parses, the
/// manifests are TOML, and the docs open no code block.
#[test]
fn safety_printable_folder_names_are_inert() {
    let slots = Slots(plain_slots());
    for (provider, service) in
        [("acme\"#", "wid```gets"), ("a`b", "w ~~~ </script> [x](y) \\ |"), ("p'''", "s\"\"\"")]
    {
        let service_yaml = slots
            .service_yaml()
            .replace("provider: acme", &format!("provider: {}", yaml(provider)))
            .replace("service: widgets", &format!("service: {}", yaml(service)));
        let (tree, diagnostics) = spec::load::load_service_bytes(
            provider,
            service,
            service_yaml.into_bytes(),
            vec![(slots.file_name(), slots.operation_yaml().into_bytes())],
        );
        assert!(diagnostics.is_empty(), "{}", diagnostics.render_plain());
        let ir = ir::lower(&tree).unwrap_or_else(|d| panic!("{}", d.render_plain()));
        let files = emit::emit(&ir).expect("emits");
        let mut usage_examples = 0;
        for generated in &files {
            let source = &generated.contents;
            if generated.path.ends_with(".toml") {
                toml::from_str::<toml::Table>(source)
                    .unwrap_or_else(|e| panic!("{}: {e}\n{source}", generated.path));
            }
            if !generated.path.ends_with(".rs") {
                continue;
            }
            syn::parse_file(source)
                .unwrap_or_else(|e| panic!("{} does not parse: {e}\n{source}", generated.path));
            assert_eq!(source.lines().nth(1), Some(""), "the header is one line: {source}");
            for block in doc_blocks(source) {
                for found in code_blocks(&block) {
                    assert_eq!(found, "usage example", "in {}: {block:#?}", generated.path);
                    usage_examples += 1;
                }
            }
        }
        assert_eq!(usage_examples, 1, "{provider}/{service}");
    }
}
