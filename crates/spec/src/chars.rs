//! Character classes of spec text: what `lint` refuses, and how a control character is shown in
//! a message. They live with the spec model because `lint` (`text`) and the diagnostics use them
//! before any code is generated; the generator's escaping layer (`emit::inert` in
//! cloudspec-codegen) uses the same definitions, so what lint lets through is exactly what the
//! escapes are written for.

use std::fmt::Write;

/// `text` for a one-line comment or message (a file name in a diagnostic, the `@generated`
/// header): control and bidirectional characters are written as `\u{..}` escapes, so the line
/// cannot end early or be reordered.
pub fn comment_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || is_bidi_control(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// Characters that reorder how text around them is displayed (the "Trojan Source" set, and the
/// marks rustc does not flag). No output context shows them faithfully, so `lint` refuses them.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Characters `lint` refuses in spec text: bidirectional controls, and control characters but
/// tab, line feed and carriage return (which YAML text legitimately holds).
pub fn is_refused(c: char) -> bool {
    is_bidi_control(c) || (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// A control character's picture (U+2400 block), any other character itself.
pub fn control_picture(c: char) -> char {
    match c as u32 {
        n @ 0..=0x1f => char::from_u32(0x2400 + n).unwrap_or(c),
        0x7f => '\u{2421}',
        _ => c,
    }
}
