//! Spec type expressions: `string`, `list<PartInfo>`, `json_string<FlowSpec>`, ...

use crate::spec::TimestampFormat;

/// A resolved field type.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    String,
    I32,
    I64,
    F64,
    Bool,
    Timestamp(TimestampFormat),
    /// A timestamp kept as its text when it does not parse (`lenient: true`).
    LenientTimestamp(TimestampFormat),
    /// A JSON number or string on the wire (the vendor changed the type between versions), held
    /// as its decimal or string text.
    NumberOrString,
    /// Base64 text on the wire, kept as the text.
    Bytes,
    /// Raw bytes: a whole request body sent as it is, or a whole response body streamed to
    /// the caller (only as `location: payload`).
    Binary,
    Json,
    List(Box<Ty>),
    Map(Box<Ty>),
    JsonString(Box<Ty>),
    /// An item of a list that may be `null` (`items: { nullable: true }`).
    Nullable(Box<Ty>),
    /// A named type: its Rust name and the name the spec declared it under. `enum_kind` is the
    /// wire kind of an enum's values (set exactly when `is_enum`).
    Named {
        name: String,
        key: String,
        is_enum: bool,
        enum_kind: Option<super::EnumKind>,
    },
}

impl Ty {
    /// Types whose Rust form implements `Default` (needed for fields serde skips).
    pub fn has_default(&self) -> bool {
        !matches!(
            self,
            Ty::Timestamp(_) | Ty::LenientTimestamp(_) | Ty::Named { .. } | Ty::JsonString(_) | Ty::Binary
        )
    }

    /// An enum whose wire values are text (`wire_enum!`: `as_str`, `FromStr`).
    pub fn is_text_enum(&self) -> bool {
        matches!(self, Ty::Named { enum_kind: Some(super::EnumKind::Text), .. })
    }

    pub fn is_scalar(&self) -> bool {
        matches!(self, Ty::String | Ty::I32 | Ty::I64 | Ty::F64 | Ty::Bool | Ty::Timestamp(_) | Ty::Bytes)
            || matches!(self, Ty::NumberOrString | Ty::Named { is_enum: true, .. })
    }

    pub fn is_stringy(&self) -> bool {
        matches!(self, Ty::String | Ty::Bytes)
    }

    pub fn is_integer(&self) -> bool {
        matches!(self, Ty::I32 | Ty::I64)
    }

    pub fn is_number(&self) -> bool {
        matches!(self, Ty::I32 | Ty::I64 | Ty::F64)
    }

    pub fn is_collection(&self) -> bool {
        matches!(self, Ty::List(_) | Ty::Map(_))
    }
}

/// A parsed but unresolved expression: named references are still spec names.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Builtin(&'static str),
    List(Box<Expr>),
    Map(Box<Expr>),
    JsonString(Box<Expr>),
    Name(String),
}

pub const BUILTINS: &[&str] = &[
    "string",
    "int32",
    "int64",
    "float64",
    "bool",
    "timestamp",
    "bytes",
    "json",
    "number_or_string",
    "binary",
];

/// How deeply `list<`, `map<` and `json_string<` may nest. Real specs use two or three levels;
/// the bound keeps this parser, and every recursive walk over the result (resolution, example
/// checks, emitting), from overflowing the stack on a runaway `list<list<list<...`.
pub const MAX_DEPTH: usize = 32;

/// Parses a type expression, or says what is wrong with it.
pub fn parse(text: &str) -> Result<Expr, String> {
    parse_nested(text, 0)
}

fn parse_nested(text: &str, depth: usize) -> Result<Expr, String> {
    if depth > MAX_DEPTH {
        return Err(format!("the type nests more than {MAX_DEPTH} levels of `<...>`"));
    }
    let text = text.trim();
    if text.is_empty() {
        return Err("the type is empty".into());
    }
    for (prefix, wrap) in [
        ("list<", Expr::List as fn(Box<Expr>) -> Expr),
        ("map<", Expr::Map),
        ("json_string<", Expr::JsonString),
    ] {
        if let Some(rest) = text.strip_prefix(prefix) {
            let inner =
                rest.strip_suffix('>').ok_or_else(|| format!("`{text}` is missing its closing `>`"))?;
            return Ok(wrap(Box::new(parse_nested(inner, depth + 1)?)));
        }
    }
    if let Some(builtin) = BUILTINS.iter().find(|b| **b == text) {
        return Ok(Expr::Builtin(builtin));
    }
    if text.contains(['<', '>', ',', ' ']) {
        return Err(format!("`{text}` is not a type expression"));
    }
    if !text.starts_with(|c: char| c.is_ascii_alphabetic())
        || !text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err(format!("`{text}` is not a valid type name"));
    }
    Ok(Expr::Name(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_expressions() {
        assert_eq!(
            parse("list<map<int64>>").unwrap(),
            Expr::List(Box::new(Expr::Map(Box::new(Expr::Builtin("int64")))))
        );
        assert_eq!(
            parse("json_string<FlowSpec>").unwrap(),
            Expr::JsonString(Box::new(Expr::Name("FlowSpec".into())))
        );
        assert!(parse("list<string").is_err());
        assert!(parse("").is_err());
        assert!(parse("list<a b>").is_err());
        let deep = |n: usize| format!("{}string{}", "list<".repeat(n), ">".repeat(n));
        assert!(parse(&deep(MAX_DEPTH)).is_ok());
        assert!(parse(&deep(MAX_DEPTH + 1)).is_err());
        // Far beyond the bound: an error, not a stack overflow.
        assert!(parse(&deep(1_000_000)).is_err());
    }
}
