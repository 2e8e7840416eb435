//! `rename_all`: the wire name serde derives from a field's Rust name.

/// The conventions the generator uses; serde's others are refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RenameAll {
    PascalCase,
    CamelCase,
}

impl RenameAll {
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "PascalCase" => Some(Self::PascalCase),
            "camelCase" => Some(Self::CamelCase),
            _ => None,
        }
    }

    /// serde's rule for a field (a snake_case name): every `_` is dropped and the character after
    /// it upper-cased; PascalCase upper-cases the first character too, camelCase lower-cases it.
    pub fn apply(self, field: &str) -> String {
        let mut out = String::with_capacity(field.len());
        let mut upper_next = true;
        for ch in field.chars() {
            if ch == '_' {
                upper_next = true;
            } else if upper_next {
                out.push(ch.to_ascii_uppercase());
                upper_next = false;
            } else {
                out.push(ch);
            }
        }
        if self == Self::CamelCase
            && let Some(first) = out.get(..1)
        {
            out.replace_range(..1, &first.to_ascii_lowercase());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::RenameAll::{CamelCase, PascalCase};

    #[test]
    fn converts_like_serde() {
        assert_eq!(PascalCase.apply("request_id"), "RequestId");
        assert_eq!(PascalCase.apply("type_"), "Type");
        assert_eq!(PascalCase.apply("ipv6_address2"), "Ipv6Address2");
        assert_eq!(CamelCase.apply("request_id"), "requestId");
        assert_eq!(CamelCase.apply("a"), "a");
        assert_eq!(CamelCase.apply("x_total_count"), "xTotalCount");
    }
}
